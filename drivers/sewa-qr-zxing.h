/* sewa-qr-zxing.h — the C face of zxing-cpp, the decoder's second QR engine.
 *
 * zxing-cpp is a C++ library; this header is all the rest of the project sees of it. The
 * shim (sewa-qr-zxing.cpp) is kept minimal on purpose: it turns a greyscale frame into
 * zxing-cpp's ImageView, runs its reader with the options asked for and hands each symbol
 * found back through a callback, with the payload bytes and the four corners zxing-cpp's
 * detector located. All policy (which engine first, cross-checks, rectification for ZBar)
 * stays in C, in sewa-qr-decoder.c.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SEWA_QR_ZXING_TRY_HARDER = 1 << 0,   /* denser finder-pattern search (zxing-cpp's default) */
  SEWA_QR_ZXING_TRY_ROTATE = 1 << 1,   /* also scan the image turned by 90° */
  SEWA_QR_ZXING_TRY_DOWNSCALE = 1 << 2, /* also scan reduced copies (large, blurred codes) */
  SEWA_QR_ZXING_GLOBAL_BINARIZER = 1 << 3, /* one histogram threshold instead of the local one */
  SEWA_QR_ZXING_WITH_ERRORS = 1 << 4,  /* also report symbols located but not decoded */
} SewaQrZxingFlags;

/* Called once per symbol. data is NULL (and len 0) for a symbol that was located but could not
 * be decoded (only with SEWA_QR_ZXING_WITH_ERRORS). corners are x,y pairs in frame pixels in
 * the symbol's own order: top-left, top-right, bottom-right, bottom-left. data is only valid
 * during the call and is wiped after it returns. */
typedef void (*SewaQrZxingFunc) (const guint8 *data, gsize len, const double corners[8],
                                 gpointer user_data);

/* Reads the QR codes in an 8-bit greyscale frame (row y at pixels + y * stride). Returns the
 * number of symbols reported; 0 also when zxing-cpp failed internally (it never throws out of
 * this function). */
guint sewa_qr_zxing_read (const guint8 *pixels, guint width, guint height, gsize stride,
                          SewaQrZxingFlags flags, SewaQrZxingFunc func, gpointer user_data);

G_END_DECLS
