/* Aadhaar Secure QR: the decimal text path (digits → bytes → bounded inflate → fields →
 * photo → signature) and the inflated-bytes path, on every input. The photo's end is walked
 * from its JPEG 2000 markers and the bytes after it must be one of two layouts; seeds cover
 * both layouts in V1 and V2, several tile-parts, Psot 0 and a COM segment reading FF D9. */
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
  /* The photo is a whole codestream: SOC SIZ … EOC. */
  g_assert_cmpmem (d->photo, 4, "\xFF\x4F\xFF\x51", 4);
  g_assert_cmpmem (d->photo + d->photo_len - 2, 2, "\xFF\xD9", 2);
  /* Hashes only where the indicator announces them, and both or none of the announced. */
  g_assert_cmpuint (d->email_mobile_indicator, <=, 3);
  g_assert_true (!d->has_email_hash || (d->email_mobile_indicator & 1));
  g_assert_true (!d->has_mobile_hash || (d->email_mobile_indicator & 2));
  if (d->has_email_hash || d->has_mobile_hash)
    g_assert_true (d->has_email_hash == ((d->email_mobile_indicator & 1) != 0) &&
                   d->has_mobile_hash == ((d->email_mobile_indicator & 2) != 0));
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
