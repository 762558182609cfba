/* Camera frames are outside input too: a broken or hostile JPEG must be refused, not crash. */
#include "sewa-page.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  SewaPageResult *result = NULL;
  GError *error = NULL;

  /* Bound the work per input: a fuzzer-made JPEG header can claim a huge image. */
  if (size > 64 * 1024)
    return 0;
  if (sewa_page_check_frame (data, size, &result, &error))
    sewa_page_result_free (result);
  else
    g_clear_error (&error);
  return 0;
}
