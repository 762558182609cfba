#include "sewa-receipt-qr.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (SewaReceiptQr) qr = sewa_receipt_qr_parse ((const char *) data, size);

  if (qr != NULL)
    g_assert_nonnull (qr->reference);
  return 0;
}
