/* Aadhaar Secure QR: the decimal text path (digits → bytes → bounded inflate → fields →
 * photo → signature) and the inflated-bytes path, on every input. */
#include "aadhaar-fuzz-cert.h"
#include "sewa-aadhaar.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static SewaAadhaarKey *key;

static void
check (SewaAadhaarData *d)
{
  if (d == NULL)
    return;
  /* Only verified Secure QRs come out, with a well-formed masked number and photo. */
  g_assert_true (d->verified);
  g_assert_cmpuint (strlen (d->last4), ==, 4);
  g_assert_nonnull (d->name);
  g_assert_nonnull (d->pincode);
  g_assert_true (d->has_photo && d->photo_len >= 8);
  (void) sewa_aadhaar_check_mobile (d, "9876543210");
  (void) sewa_aadhaar_check_email (d, "someone@example.in");
  sewa_aadhaar_data_free (d);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (key == NULL)
    key = sewa_aadhaar_key_new_from_data ((const guint8 *) aadhaar_fuzz_cert_pem,
                                          strlen (aadhaar_fuzz_cert_pem), NULL);
  g_assert_nonnull (key);

  check (sewa_aadhaar_parse_secure (data, size, key, NULL));
  check (sewa_aadhaar_parse_inflated (data, size, key, NULL));
  /* Without a certificate nothing is ever accepted. */
  {
    g_autoptr (GError) error = NULL;
    SewaAadhaarData *d = sewa_aadhaar_parse_inflated (data, size, NULL, &error);
    g_assert_null (d);
    g_assert_nonnull (error);
  }
  return 0;
}
