/* sewa-qr-zxing.cpp — see sewa-qr-zxing.h. The only C++ in the project. */
#include "sewa-qr-zxing.h"

#include <ReadBarcode.h>

#include <cstring>

guint
sewa_qr_zxing_read (const guint8 *pixels, guint width, guint height, gsize stride,
                    SewaQrZxingFlags flags, SewaQrZxingFunc func, gpointer user_data)
{
  guint n = 0;

  g_return_val_if_fail (pixels != nullptr && func != nullptr, 0);
  g_return_val_if_fail (width > 0 && height > 0 && stride >= width, 0);
  g_return_val_if_fail (width <= G_MAXINT / 2 && height <= G_MAXINT / 2 && stride <= G_MAXINT, 0);

  /* An exception must not unwind into C frames; zxing-cpp can throw std::bad_alloc and, on
   * malformed internal states, std::out_of_range. Either means "no symbol" here. */
  try
    {
      ZXing::ImageView view (pixels, (int) width, (int) height, ZXing::ImageFormat::Lum, (int) stride);
      ZXing::DecodeHints hints;

      hints.setFormats (ZXing::BarcodeFormat::QRCode);
      hints.setTryHarder ((flags & SEWA_QR_ZXING_TRY_HARDER) != 0);
      hints.setTryRotate ((flags & SEWA_QR_ZXING_TRY_ROTATE) != 0);
      hints.setTryDownscale ((flags & SEWA_QR_ZXING_TRY_DOWNSCALE) != 0);
      hints.setBinarizer ((flags & SEWA_QR_ZXING_GLOBAL_BINARIZER) != 0 ? ZXing::Binarizer::GlobalHistogram
                                                                         : ZXing::Binarizer::LocalAverage);
      hints.setReturnErrors ((flags & SEWA_QR_ZXING_WITH_ERRORS) != 0);

      ZXing::Results results = ZXing::ReadBarcodes (view, hints);
      for (auto &result : results)
        {
          const ZXing::Position &pos = result.position ();
          double corners[8];
          bool decoded = result.isValid ();
          const ZXing::ByteArray &bytes = result.bytes ();

          for (int i = 0; i < 4; i++)
            {
              corners[2 * i] = pos[i].x;
              corners[2 * i + 1] = pos[i].y;
            }
          if (decoded && !bytes.empty ())
            func (bytes.data (), bytes.size (), corners, user_data);
          else if (!decoded)
            func (nullptr, 0, corners, user_data);
          else
            continue;
          n++;
          /* The payload may carry an Aadhaar number: wipe zxing-cpp's copy before it is
           * freed. The Result is ours (not const), only its accessor is. */
          if (!bytes.empty ())
            explicit_bzero (const_cast<uint8_t *> (bytes.data ()), bytes.size ());
        }
    }
  catch (...)
    {
      return 0;
    }
  return n;
}
