/* The technician's QR test hands the camera's bytes to the QR decoder as an encoded image: a
 * broken or hostile image must be refused or read, never crash. */
#include "sewa-qr-decoder.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static SewaQrDecoder *decoder;
  GPtrArray *found;
  GError *error = NULL;

  /* Bound the work per input: a fuzzer-made header can claim a huge image. */
  if (size > 64 * 1024)
    return 0;
  if (decoder == NULL)
    decoder = sewa_qr_decoder_new ();
  found = sewa_qr_decoder_decode_image (decoder, data, size, NULL, &error);
  if (found != NULL)
    g_ptr_array_unref (found);
  else
    g_clear_error (&error);
  return 0;
}
