/* The classifier every scanned code goes through, and its masked description. */
#include "aadhaar-fuzz-cert.h"
#include "sewa-qr-payload.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static SewaAadhaarKey *key;

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (SewaQrPayload) p = NULL;
  g_autofree char *text = NULL;

  if (key == NULL)
    key = sewa_aadhaar_key_new_from_data ((const guint8 *) aadhaar_fuzz_cert_pem,
                                          strlen (aadhaar_fuzz_cert_pem), NULL);
  p = sewa_qr_payload_classify (data, size, key, 1800000000);
  g_assert_nonnull (p);
  /* Either data or a reason; unrecognised always has its reason. */
  g_assert_true ((p->error == NULL) == (p->aadhaar != NULL || p->receipt != NULL || p->provisioning != NULL));
  if (p->kind == SEWA_QR_PAYLOAD_UNRECOGNISED)
    g_assert_error (p->error, SEWA_QR_PAYLOAD_ERROR, SEWA_QR_PAYLOAD_ERROR_UNRECOGNISED);
  text = sewa_qr_payload_describe (p);
  g_assert_true (g_str_has_prefix (text, "kind: "));
  return 0;
}
