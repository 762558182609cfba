/* Aadhaar QR parsers against payloads made and signed here with a test key pair. */
#include "aadhaar-gen.h"
#include "sewa-aadhaar.h"

#include <glib/gstdio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <string.h>
#include <unistd.h>

static EVP_PKEY *test_key;   /* signs the test QRs */
static EVP_PKEY *other_key;  /* "wrong key" */
static SewaAadhaarKey *uidai; /* test_key's certificate, as the kiosk loads it */
static SewaAadhaarKey *wrong; /* other_key's certificate */

static SewaAadhaarKey *
key_from_cert_of (EVP_PKEY *key)
{
  g_autofree char *pem = sewa_test_self_signed_cert_pem (key);
  g_autoptr (GError) error = NULL;
  SewaAadhaarKey *k = sewa_aadhaar_key_new_from_data ((const guint8 *) pem, strlen (pem), &error);

  g_assert_no_error (error);
  g_assert_nonnull (k);
  return k;
}

static char *
secure_payload (const SewaTestAadhaar *a, gboolean zlib)
{
  g_autoptr (GByteArray) inflated = sewa_test_aadhaar_inflated (a, test_key);
  return sewa_test_aadhaar_encode (inflated->data, inflated->len, zlib);
}

static SewaAadhaarData *
parse_str (const char *payload, const SewaAadhaarKey *key, GError **error)
{
  return sewa_aadhaar_parse_secure ((const guint8 *) payload, strlen (payload), key, error);
}

static void
assert_rejected_inflated (const GByteArray *b, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) data = sewa_aadhaar_parse_inflated (b->data, b->len, uidai, &error);

  g_assert_null (data);
  g_assert_error (error, SEWA_AADHAAR_ERROR, code);
}

static void
test_v1 (void)
{
  SewaTestAadhaar a;
  g_autofree char *payload = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) data = NULL;
  g_autofree char *masked = NULL;

  sewa_test_aadhaar_init (&a, 1);
  payload = secure_payload (&a, FALSE);
  g_assert_cmpuint (strlen (payload), >, 2000);
  g_assert_true (sewa_aadhaar_payload_is_secure ((const guint8 *) payload, strlen (payload)));

  data = parse_str (payload, uidai, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_true (data->verified);
  g_assert_cmpint (data->format, ==, SEWA_AADHAAR_FORMAT_SECURE_V1);
  g_assert_cmpstr (data->last4, ==, "1234");
  g_assert_cmpstr (data->name, ==, "Gurpreet Kaur");
  g_assert_cmpstr (data->dob, ==, "15-08-1990");
  g_assert_cmpuint (data->year_of_birth, ==, 1990);
  g_assert_cmpint (data->gender, ==, 'F');
  g_assert_cmpstr (data->care_of, ==, "W/O Harjit Singh");
  g_assert_cmpstr (data->house, ==, "H No 12");
  g_assert_cmpstr (data->street, ==, "Street 4");
  g_assert_cmpstr (data->landmark, ==, "Near Gurdwara Sahib");
  g_assert_cmpstr (data->location, ==, "Model Town");
  g_assert_cmpstr (data->vtc, ==, "Ludhiana");
  g_assert_cmpstr (data->post_office, ==, "Model Town");
  g_assert_cmpstr (data->sub_district, ==, "Ludhiana West");
  g_assert_cmpstr (data->district, ==, "Ludhiana");
  g_assert_cmpstr (data->state, ==, "Punjab");
  g_assert_cmpstr (data->pincode, ==, "141002");
  g_assert_cmpuint (data->email_mobile_indicator, ==, 3);
  g_assert_true (data->has_email_hash);
  g_assert_true (data->has_mobile_hash);
  g_assert_null (data->mobile_last4);
  g_assert_true (data->has_photo);
  g_assert_cmpuint (data->photo_len, >, 900);
  g_assert_cmpmem (data->photo, 4, "\xFF\x4F\xFF\x51", 4);
  g_assert_cmpmem (data->photo + data->photo_len - 2, 2, "\xFF\xD9", 2);

  masked = sewa_aadhaar_masked_number (data);
  g_assert_cmpstr (masked, ==, "XXXX XXXX 1234");
}

static void
test_v1_zlib_and_latin1 (void)
{
  SewaTestAadhaar a;
  g_autofree char *payload = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) data = NULL;

  sewa_test_aadhaar_init (&a, 1);
  /* ISO-8859-1 "é" (0xE9) comes out as UTF-8; surrounding spaces are trimmed. */
  a.name = "  Ren\xE9 Singh ";
  a.indicator = 0;
  payload = secure_payload (&a, TRUE);
  data = parse_str (payload, uidai, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data->name, ==, "Ren\xC3\xA9 Singh");
  g_assert_false (data->has_email_hash);
  g_assert_false (data->has_mobile_hash);
  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "9876543210"), ==, SEWA_AADHAAR_MATCH_NO_DATA);
  g_assert_cmpint (sewa_aadhaar_check_email (data, "gurpreet@example.in"), ==, SEWA_AADHAAR_MATCH_NO_DATA);
}

static void
test_v2 (void)
{
  SewaTestAadhaar a;
  g_autofree char *payload = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) data = NULL;

  sewa_test_aadhaar_init (&a, 2);
  a.gender = "T";
  payload = secure_payload (&a, FALSE);
  data = parse_str (payload, uidai, &error);
  g_assert_no_error (error);
  g_assert_true (data->verified);
  g_assert_cmpint (data->format, ==, SEWA_AADHAAR_FORMAT_SECURE_V2);
  g_assert_cmpint (data->gender, ==, 'T');
  g_assert_cmpstr (data->mobile_last4, ==, "3210");
  g_assert_false (data->has_mobile_hash);
  g_assert_true (data->has_photo);
  g_assert_cmpmem (data->photo + data->photo_len - 2, 2, "\xFF\xD9", 2);
  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "98765 43210"), ==, SEWA_AADHAAR_MATCH_YES);
  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "9876543211"), ==, SEWA_AADHAAR_MATCH_NO);
  g_assert_cmpint (sewa_aadhaar_check_email (data, "gurpreet@example.in"), ==, SEWA_AADHAAR_MATCH_NO_DATA);
}

static void
check_hashes_for_reference (const char *reference)
{
  SewaTestAadhaar a;
  g_autofree char *payload = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) data = NULL;

  sewa_test_aadhaar_init (&a, 1);
  a.reference = reference;
  payload = secure_payload (&a, FALSE);
  data = parse_str (payload, uidai, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "9876543210"), ==, SEWA_AADHAAR_MATCH_YES);
  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "+91 98765-43210"), ==, SEWA_AADHAAR_MATCH_YES);
  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "09876543210"), ==, SEWA_AADHAAR_MATCH_YES);
  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "9876543201"), ==, SEWA_AADHAAR_MATCH_NO);
  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "98765"), ==, SEWA_AADHAAR_MATCH_NO);
  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "abc"), ==, SEWA_AADHAAR_MATCH_NO);
  g_assert_cmpint (sewa_aadhaar_check_email (data, "gurpreet@example.in"), ==, SEWA_AADHAAR_MATCH_YES);
  g_assert_cmpint (sewa_aadhaar_check_email (data, " Gurpreet@Example.in "), ==, SEWA_AADHAAR_MATCH_YES);
  g_assert_cmpint (sewa_aadhaar_check_email (data, "harjit@example.in"), ==, SEWA_AADHAAR_MATCH_NO);
}

static void
test_contact_hashes (void)
{
  guint8 once[32], nine[32], plain[32];
  gsize len = 32;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  /* The number of rounds follows the last digit: 0 and 1 both mean one plain SHA-256. */
  g_checksum_update (sum, (const guchar *) "9876543210", -1);
  g_checksum_get_digest (sum, plain, &len);
  sewa_test_aadhaar_contact_hash ("9876543210", 0, once);
  g_assert_cmpmem (once, 32, plain, 32);
  sewa_test_aadhaar_contact_hash ("9876543210", 9, nine);
  g_assert_true (memcmp (nine, plain, 32) != 0);

  check_hashes_for_reference ("123020240101123045123"); /* last digit 0 */
  check_hashes_for_reference ("123120240101123045123"); /* 1 */
  check_hashes_for_reference ("123420240101123045123"); /* 4 */
  check_hashes_for_reference ("123920240101123045123"); /* 9 */
}

static void
test_indicator_layouts (void)
{
  for (guint ind = 0; ind <= 3; ind++)
    {
      SewaTestAadhaar a;
      g_autofree char *payload = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) data = NULL;

      sewa_test_aadhaar_init (&a, 1);
      a.indicator = ind;
      payload = secure_payload (&a, FALSE);
      data = parse_str (payload, uidai, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sewa_aadhaar_check_email (data, a.email), ==,
                       ind & 1 ? SEWA_AADHAAR_MATCH_YES : SEWA_AADHAAR_MATCH_NO_DATA);
      g_assert_cmpint (sewa_aadhaar_check_mobile (data, a.mobile), ==,
                       ind & 2 ? SEWA_AADHAAR_MATCH_YES : SEWA_AADHAAR_MATCH_NO_DATA);
      /* The photo ends exactly where the hashes begin. */
      g_assert_cmpmem (data->photo + data->photo_len - 2, 2, "\xFF\xD9", 2);
    }
}

static void
test_tampered (void)
{
  SewaTestAadhaar a;
  g_autoptr (GByteArray) b = NULL;
  g_autofree char *payload = NULL;
  guint8 *name;

  sewa_test_aadhaar_init (&a, 1);
  b = sewa_test_aadhaar_inflated (&a, test_key);
  /* One letter of the name changed after signing: still well-formed, signature fails. */
  name = memmem (b->data, b->len, "Gurpreet", 8);
  g_assert_nonnull (name);
  name[0] = 'H';
  assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_SIGNATURE);

  /* The same through the full decimal path. */
  payload = sewa_test_aadhaar_encode (b->data, b->len, FALSE);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaAadhaarData) data = parse_str (payload, uidai, &error);
    g_assert_null (data);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_SIGNATURE);
  }

  /* A flipped bit in the signature itself. */
  name[0] = 'G';
  b->data[b->len - 10] ^= 0x01;
  assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_SIGNATURE);
}

static void
test_tampered_digits (void)
{
  SewaTestAadhaar a;
  g_autofree char *payload = NULL;
  gsize len;

  sewa_test_aadhaar_init (&a, 2);
  payload = secure_payload (&a, FALSE);
  len = strlen (payload);
  /* Any changed digit ruins the compressed stream or the signature: never data. */
  for (gsize pos = 0; pos < len; pos += len / 97 + 1)
    {
      g_autofree char *copy = g_strdup (payload);
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) data = NULL;

      copy[pos] = copy[pos] == '9' ? '0' : (char) (copy[pos] + 1);
      data = parse_str (copy, uidai, &error);
      g_assert_null (data);
      g_assert_nonnull (error);
      g_assert_true (error->domain == SEWA_AADHAAR_ERROR);
    }
}

static void
test_wrong_key_and_no_key (void)
{
  SewaTestAadhaar a;
  g_autofree char *payload = NULL;

  sewa_test_aadhaar_init (&a, 1);
  payload = secure_payload (&a, FALSE);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaAadhaarData) data = parse_str (payload, wrong, &error);
    g_assert_null (data);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_SIGNATURE);
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaAadhaarData) data = parse_str (payload, NULL, &error);
    g_assert_null (data);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_NO_CERT);
  }
}

static void
test_truncated (void)
{
  SewaTestAadhaar a;
  g_autofree char *payload = NULL;
  g_autoptr (GByteArray) b = NULL;
  gsize len;

  sewa_test_aadhaar_init (&a, 1);
  payload = secure_payload (&a, FALSE);
  len = strlen (payload);
  for (gsize cut = 1; cut < len; cut += len / 50 + 1)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) data =
        sewa_aadhaar_parse_secure ((const guint8 *) payload, cut, uidai, &error);
      g_assert_null (data);
      g_assert_nonnull (error);
    }

  b = sewa_test_aadhaar_inflated (&a, test_key);
  for (gsize cut = 0; cut < b->len; cut += 37)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) data = sewa_aadhaar_parse_inflated (b->data, cut, uidai, &error);
      g_assert_null (data);
      g_assert_nonnull (error);
    }
}

static void
test_oversized (void)
{
  g_autofree guint8 *zeros = g_malloc0 (SEWA_AADHAAR_MAX_INFLATED + 1);
  g_autofree char *bomb = sewa_test_aadhaar_encode (zeros, SEWA_AADHAAR_MAX_INFLATED + 1, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) data = NULL;
  g_autofree char *too_long = g_strnfill (SEWA_AADHAAR_MAX_DIGITS + 1, '7');

  /* A few hundred digits that inflate past the cap. */
  g_assert_cmpuint (strlen (bomb), <, 1000);
  data = parse_str (bomb, uidai, &error);
  g_assert_null (data);
  g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_TOO_LARGE);
  g_clear_error (&error);

  data = parse_str (too_long, uidai, &error);
  g_assert_null (data);
  g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_TOO_LARGE);
}

static void
test_not_numeric_and_garbage (void)
{
  static const char *const bad[] = { "", "12a4", "-123", " 123", "0", "000000" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) data = parse_str (bad[i], uidai, &error);
      g_assert_null (data);
      g_assert_nonnull (error);
    }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaAadhaarData) data = parse_str ("12a4", uidai, &error);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_NOT_NUMERIC);
  }
  {
    /* Digits that are not a compressed stream. */
    g_autofree char *digits = g_strnfill (3000, '5');
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaAadhaarData) data = parse_str (digits, uidai, &error);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_DECOMPRESS);
  }
}

static void
test_trailing_data (void)
{
  SewaTestAadhaar a;
  g_autoptr (GByteArray) b = NULL;
  g_autofree char *payload = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) data = NULL;
  BIGNUM *bn;
  char *dec;
  g_autofree guint8 *bytes = NULL;
  int n;

  /* A valid stream with one extra byte after it. */
  sewa_test_aadhaar_init (&a, 1);
  payload = secure_payload (&a, FALSE);
  bn = NULL;
  BN_dec2bn (&bn, payload);
  n = BN_num_bytes (bn);
  bytes = g_malloc ((gsize) n + 1);
  BN_bn2bin (bn, bytes);
  bytes[n] = 0x42;
  BN_bin2bn (bytes, n + 1, bn);
  dec = BN_bn2dec (bn);
  data = parse_str (dec, uidai, &error);
  OPENSSL_free (dec);
  BN_free (bn);
  g_assert_null (data);
  g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_DECOMPRESS);
}

static void
test_extra_delimiters (void)
{
  SewaTestAadhaar a;

  /* An extra 0xFF inside a field shifts every later field: rejected although signed. */
  sewa_test_aadhaar_init (&a, 1);
  a.name = "Gurpreet\xFFKaur";
  {
    g_autoptr (GByteArray) b = sewa_test_aadhaar_inflated (&a, test_key);
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaAadhaarData) data = sewa_aadhaar_parse_inflated (b->data, b->len, uidai, &error);
    g_assert_null (data);
    g_assert_true (g_error_matches (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_FIELDS) ||
                   g_error_matches (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_PHOTO));
  }
  /* An extra field after the last one: the photo would start with it. */
  sewa_test_aadhaar_init (&a, 1);
  a.vtc = "Ludhiana\xFF" "extra";
  {
    g_autoptr (GByteArray) b = sewa_test_aadhaar_inflated (&a, test_key);
    assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_PHOTO);
  }
  /* V2 with an empty extra field before the photo. */
  sewa_test_aadhaar_init (&a, 2);
  a.mobile_last4 = "3210\xFF";
  {
    g_autoptr (GByteArray) b = sewa_test_aadhaar_inflated (&a, test_key);
    assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_PHOTO);
  }
  /* One delimiter fewer (two fields run together). */
  sewa_test_aadhaar_init (&a, 1);
  {
    g_autoptr (GByteArray) b = sewa_test_aadhaar_inflated (&a, NULL);
    guint8 *ff = memchr (b->data + 2, 0xFF, b->len - 2);
    g_assert_nonnull (ff);
    *ff = 'x';
    g_byte_array_set_size (b, b->len - 256);
    sewa_test_aadhaar_sign (b, test_key);
    assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_FIELDS);
  }
}

static void
test_bad_fields (void)
{
  struct
  {
    const char *dob, *gender, *pincode, *reference, *name;
    guint indicator;
  } cases[] = {
    { "31-02-1990", "F", "141002", "123420240101123045123", "A", 3 },
    { "1990-08-15", "F", "141002", "123420240101123045123", "A", 3 },
    { "15-08-1990", "X", "141002", "123420240101123045123", "A", 3 },
    { "15-08-1990", "FEMALE", "141002", "123420240101123045123", "A", 3 },
    { "15-08-1990", "F", "14100", "123420240101123045123", "A", 3 },
    { "15-08-1990", "F", "041002", "123420240101123045123", "A", 3 },
    { "15-08-1990", "F", "141002", "12342024010112304512", "A", 3 },
    { "15-08-1990", "F", "141002", "1234202401011230451x3", "A", 3 },
    { "15-08-1990", "F", "141002", "123420240101123045123", "", 3 },
    { "15-08-1990", "F", "141002", "123420240101123045123", "Bad\x01" "Name", 3 },
    { "15-08-1990", "F", "141002", "123420240101123045123", "A", 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SewaTestAadhaar a;
      g_autoptr (GByteArray) b = NULL;

      sewa_test_aadhaar_init (&a, 1);
      a.dob = cases[i].dob;
      a.gender = cases[i].gender;
      a.pincode = cases[i].pincode;
      a.reference = cases[i].reference;
      a.name = cases[i].name;
      a.indicator = cases[i].indicator;
      b = sewa_test_aadhaar_inflated (&a, test_key);
      assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_FIELDS);
    }
}

static void
test_photo (void)
{
  SewaTestAadhaar a;
  g_autoptr (GByteArray) b = NULL;
  guint8 *soc;

  sewa_test_aadhaar_init (&a, 2);
  b = sewa_test_aadhaar_inflated (&a, NULL);
  /* No EOC where the photo must end. */
  b->data[b->len - 256 - 1] = 0x00;
  g_byte_array_set_size (b, b->len - 256);
  sewa_test_aadhaar_sign (b, test_key);
  assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_PHOTO);

  /* A JPEG instead of a JPEG 2000 codestream. */
  g_byte_array_unref (b);
  b = sewa_test_aadhaar_inflated (&a, NULL);
  soc = memmem (b->data, b->len, "\xFF\x4F\xFF\x51", 4);
  g_assert_nonnull (soc);
  soc[1] = 0xD8;
  g_byte_array_set_size (b, b->len - 256);
  sewa_test_aadhaar_sign (b, test_key);
  assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_PHOTO);

  /* Fields but no photo at all. */
  sewa_test_aadhaar_init (&a, 1);
  a.indicator = 0;
  a.photo_body_len = 0;
  g_byte_array_unref (b);
  b = sewa_test_aadhaar_inflated (&a, NULL);
  soc = memmem (b->data, b->len, "\xFF\x4F\xFF\x51", 4);
  g_byte_array_set_size (b, (guint) (soc - b->data));
  sewa_test_aadhaar_sign (b, test_key);
  assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_PHOTO);
}

static void
test_unsupported_version (void)
{
  SewaTestAadhaar a;
  g_autoptr (GByteArray) b = NULL;

  sewa_test_aadhaar_init (&a, 3);
  b = sewa_test_aadhaar_inflated (&a, test_key);
  assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_UNSUPPORTED_VERSION);
}

static void
test_keys (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pem = sewa_test_self_signed_cert_pem (test_key);
  BIO *bio = BIO_new_mem_buf (pem, -1);
  X509 *cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  unsigned char *der = NULL;
  int der_len = i2d_X509 (cert, &der);
  g_autoptr (SewaAadhaarKey) from_der = NULL;
  g_autoptr (SewaAadhaarKey) bad = NULL;
  g_autofree char *path = NULL;
  g_autoptr (SewaAadhaarKey) from_file = NULL;
  EVP_PKEY *small = EVP_RSA_gen (1024);
  g_autofree char *small_pem = sewa_test_self_signed_cert_pem (small);
  SewaTestAadhaar a;
  g_autofree char *payload = NULL;

  X509_free (cert);
  BIO_free (bio);

  /* DER works as well as PEM, and verifies. */
  from_der = sewa_aadhaar_key_new_from_data (der, (gsize) der_len, &error);
  OPENSSL_free (der);
  g_assert_no_error (error);
  sewa_test_aadhaar_init (&a, 2);
  payload = secure_payload (&a, FALSE);
  {
    g_autoptr (SewaAadhaarData) data = parse_str (payload, from_der, &error);
    g_assert_no_error (error);
    g_assert_true (data->verified);
  }

  bad = sewa_aadhaar_key_new_from_data ((const guint8 *) "not a certificate", 17, &error);
  g_assert_null (bad);
  g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT);
  g_clear_error (&error);

  /* RSA-1024 cannot have made a 256-byte signature: refused up front. */
  bad = sewa_aadhaar_key_new_from_data ((const guint8 *) small_pem, strlen (small_pem), &error);
  EVP_PKEY_free (small);
  g_assert_null (bad);
  g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT);
  g_clear_error (&error);

  bad = sewa_aadhaar_key_new_from_file ("/nonexistent/uidai.pem", &error);
  g_assert_null (bad);
  g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT);
  g_clear_error (&error);

  {
    int fd = g_file_open_tmp ("uidai-XXXXXX.pem", &path, &error);
    g_assert_no_error (error);
    close (fd);
    g_assert_true (g_file_set_contents (path, pem, -1, &error));
    from_file = sewa_aadhaar_key_new_from_file (path, &error);
    g_assert_no_error (error);
    g_assert_nonnull (from_file);
    g_unlink (path);
  }
}

/* Every layout real codes come in: V1 and V2, each with and without the hashes after the
 * photo, for every indicator, and photos written the ways encoders write them (a COM segment
 * whose bytes read FF D9, several tile-parts, a last tile-part with Psot 0). The photo must
 * come out as exactly the codestream that was put in, and the hashes where they are. */
static void
test_layouts (void)
{
  static const SewaTestJ2k photos[] = {
    { 0 },
    { .comment = TRUE },
    { .tile_parts = 3 },
    { .psot_zero = TRUE },
    { .tile_parts = 3, .psot_zero = TRUE, .comment = TRUE },
  };

  for (guint version = 1; version <= 2; version++)
    for (guint with_hashes = 0; with_hashes <= 1; with_hashes++)
      for (guint ind = 0; ind <= 3; ind++)
        for (guint p = 0; p < G_N_ELEMENTS (photos); p++)
          {
            SewaTestAadhaar a;
            g_autofree char *payload = NULL;
            g_autoptr (GError) error = NULL;
            g_autoptr (SewaAadhaarData) data = NULL;
            g_autoptr (GByteArray) photo = NULL;
            gboolean hashed = with_hashes && ind != 0;

            sewa_test_aadhaar_init (&a, version);
            a.indicator = ind;
            a.hashes = with_hashes ? SEWA_TEST_HASHES_AS_INDICATED : SEWA_TEST_HASHES_NONE;
            a.photo = photos[p];
            photo = sewa_test_j2k_new_full (a.photo_body_len, 42, &a.photo);
            payload = secure_payload (&a, FALSE);
            data = parse_str (payload, uidai, &error);
            if (error != NULL)
              g_test_message ("V%u, hashes %u, indicator %u, photo %u", version, with_hashes, ind, p);
            g_assert_no_error (error);
            g_assert_true (data->verified);
            g_assert_cmpint (data->format, ==, version == 1 ? SEWA_AADHAAR_FORMAT_SECURE_V1 : SEWA_AADHAAR_FORMAT_SECURE_V2);
            g_assert_cmpmem (data->photo, data->photo_len, photo->data, photo->len);
            g_assert_cmpint (data->has_email_hash, ==, hashed && (ind & 1));
            g_assert_cmpint (data->has_mobile_hash, ==, hashed && (ind & 2));
            g_assert_cmpint (sewa_aadhaar_check_email (data, a.email), ==,
                             hashed && (ind & 1) ? SEWA_AADHAAR_MATCH_YES : SEWA_AADHAAR_MATCH_NO_DATA);
            g_assert_cmpint (sewa_aadhaar_check_email (data, "someone@example.in"), ==,
                             hashed && (ind & 1) ? SEWA_AADHAAR_MATCH_NO : SEWA_AADHAAR_MATCH_NO_DATA);
          }
}

/* The identify step's mobile match on V2 codes: with the mobile hash after the photo the
 * whole number is compared (so another number with the same last four digits is refused);
 * without it, only the last four digits can be. */
static void
test_v2_mobile_match (void)
{
  for (guint with_hashes = 0; with_hashes <= 1; with_hashes++)
    {
      SewaTestAadhaar a;
      g_autofree char *payload = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) data = NULL;

      sewa_test_aadhaar_init (&a, 2);
      a.indicator = 3;
      a.hashes = with_hashes ? SEWA_TEST_HASHES_AS_INDICATED : SEWA_TEST_HASHES_NONE;
      payload = secure_payload (&a, TRUE);
      data = parse_str (payload, uidai, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (data->mobile_last4, ==, "3210");
      g_assert_cmpint (data->has_mobile_hash, ==, with_hashes);
      g_assert_cmpint (sewa_aadhaar_check_mobile (data, "9876543210"), ==, SEWA_AADHAAR_MATCH_YES);
      g_assert_cmpint (sewa_aadhaar_check_mobile (data, "+91 98765 43210"), ==, SEWA_AADHAAR_MATCH_YES);
      g_assert_cmpint (sewa_aadhaar_check_mobile (data, "9000003210"), ==,
                       with_hashes ? SEWA_AADHAAR_MATCH_NO : SEWA_AADHAAR_MATCH_YES);
      g_assert_cmpint (sewa_aadhaar_check_mobile (data, "9876543211"), ==, SEWA_AADHAAR_MATCH_NO);
    }
}

/* A last tile-part with Psot 0 runs to the end marker, which only the layout places. If the
 * hash bytes happen to end in FF D9 too, both layouts fit: the version's usual one is taken
 * (V1 with hashes, V2 without), and the code is still read, not refused. */
static void
test_psot0_ambiguous (void)
{
  for (guint version = 1; version <= 2; version++)
    {
      SewaTestAadhaar a;
      g_autoptr (GByteArray) b = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) data = NULL;
      g_autoptr (GByteArray) photo = NULL;

      sewa_test_aadhaar_init (&a, version);
      a.indicator = 2;
      a.hashes = SEWA_TEST_HASHES_AS_INDICATED;
      a.photo.psot_zero = TRUE;
      photo = sewa_test_j2k_new_full (a.photo_body_len, 42, &a.photo);
      b = sewa_test_aadhaar_inflated (&a, NULL);
      g_byte_array_set_size (b, b->len - 256);
      b->data[b->len - 2] = 0xFF;
      b->data[b->len - 1] = 0xD9;
      sewa_test_aadhaar_sign (b, test_key);
      data = sewa_aadhaar_parse_inflated (b->data, b->len, uidai, &error);
      g_assert_no_error (error);
      g_assert_true (data->verified);
      if (version == 1)
        {
          g_assert_true (data->has_mobile_hash);
          g_assert_cmpmem (data->photo, data->photo_len, photo->data, photo->len);
        }
      else
        {
          g_assert_false (data->has_mobile_hash);
          g_assert_cmpuint (data->photo_len, ==, photo->len + 32);
        }
    }
}

/* Signed fields and photo followed by n_bytes of the given value, then the signature. */
static GByteArray *
signed_with_trailer (guint version, guint indicator, SewaTestHashes hashes, gsize extra, EVP_PKEY *key)
{
  SewaTestAadhaar a;
  GByteArray *b;

  sewa_test_aadhaar_init (&a, version);
  a.indicator = indicator;
  a.hashes = hashes;
  b = sewa_test_aadhaar_inflated (&a, NULL);
  g_byte_array_set_size (b, b->len - 256);
  for (gsize i = 0; i < extra; i++)
    g_byte_array_append (b, (const guint8[]) { (guint8) (0xD9 - i) }, 1);
  sewa_test_aadhaar_sign (b, key);
  return b;
}

/* Bytes after the photo that fit neither layout are a layout error, never a forged signature:
 * the code is signed, and saying "forged" of a genuine card would be false. */
static void
test_layout_mismatch (void)
{
  struct
  {
    guint version, indicator;
    SewaTestHashes hashes;
    gsize extra;
  } cases[] = {
    { 1, 3, SEWA_TEST_HASHES_AS_INDICATED, 1 },  /* one byte too many after both hashes */
    { 2, 3, SEWA_TEST_HASHES_AS_INDICATED, 32 }, /* three hashes' worth for two */
    { 1, 0, SEWA_TEST_HASHES_NONE, 32 },         /* a hash that the indicator does not announce */
    { 2, 2, SEWA_TEST_HASHES_NONE, 31 },         /* a hash one byte short */
    { 2, 0, SEWA_TEST_HASHES_NONE, 2 },          /* two bytes that read FF D9-ish */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GByteArray) b = signed_with_trailer (cases[i].version, cases[i].indicator, cases[i].hashes,
                                                      cases[i].extra, test_key);
      g_autoptr (GByteArray) other = signed_with_trailer (cases[i].version, cases[i].indicator, cases[i].hashes,
                                                          cases[i].extra, other_key);

      assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_LAYOUT);
      /* The layout is judged before the signature, whoever signed. */
      assert_rejected_inflated (other, SEWA_AADHAAR_ERROR_LAYOUT);
    }

  /* One hash where the indicator announces two: 32 bytes is neither 0 nor 64. */
  {
    SewaTestAadhaar a;
    g_autoptr (GByteArray) b = NULL;

    sewa_test_aadhaar_init (&a, 1);
    a.indicator = 1;
    b = sewa_test_aadhaar_inflated (&a, NULL);
    g_assert_cmpint (b->data[0], ==, '1');
    b->data[0] = '3';
    g_byte_array_set_size (b, b->len - 256);
    sewa_test_aadhaar_sign (b, test_key);
    assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_LAYOUT);
  }
}

/* A codestream whose own lengths do not hold together is not a photo. */
static void
test_photo_lengths (void)
{
  SewaTestAadhaar a;
  g_autoptr (GByteArray) clean = NULL;
  guint8 *sot;
  gsize sot_off;

  sewa_test_aadhaar_init (&a, 2);
  clean = sewa_test_aadhaar_inflated (&a, NULL);
  g_byte_array_set_size (clean, clean->len - 256);
  sot = memmem (clean->data, clean->len, "\xFF\x90\x00\x0A", 4);
  g_assert_nonnull (sot);
  sot_off = (gsize) (sot - clean->data);

  /* Psot one byte short, one byte long, past the end, and too small to hold SOT + SOD. */
  {
    const gint delta[] = { -1, 1, 100000 };

    for (guint i = 0; i < G_N_ELEMENTS (delta); i++)
      {
        g_autoptr (GByteArray) b = g_byte_array_new ();
        guint32 psot;

        g_byte_array_append (b, clean->data, clean->len);
        psot = ((guint32) b->data[sot_off + 6] << 24) | ((guint32) b->data[sot_off + 7] << 16) |
               ((guint32) b->data[sot_off + 8] << 8) | b->data[sot_off + 9];
        psot = (guint32) ((gint64) psot + delta[i]);
        b->data[sot_off + 6] = (guint8) (psot >> 24);
        b->data[sot_off + 7] = (guint8) (psot >> 16);
        b->data[sot_off + 8] = (guint8) (psot >> 8);
        b->data[sot_off + 9] = (guint8) psot;
        sewa_test_aadhaar_sign (b, test_key);
        assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_PHOTO);
      }
  }
  {
    g_autoptr (GByteArray) b = g_byte_array_new ();

    g_byte_array_append (b, clean->data, clean->len);
    memcpy (b->data + sot_off + 6, "\x00\x00\x00\x0D", 4);
    sewa_test_aadhaar_sign (b, test_key);
    assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_PHOTO);
  }
  /* A main-header segment length that runs past the end of the data. */
  {
    g_autoptr (GByteArray) b = g_byte_array_new ();
    guint8 *cod;

    g_byte_array_append (b, clean->data, clean->len);
    cod = memmem (b->data, b->len, "\xFF\x52\x00\x0C", 4);
    g_assert_nonnull (cod);
    cod[2] = 0xFF;
    cod[3] = 0xFF;
    sewa_test_aadhaar_sign (b, test_key);
    assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_PHOTO);
  }
  /* No SOD in the tile-part header. */
  {
    g_autoptr (GByteArray) b = g_byte_array_new ();

    g_byte_array_append (b, clean->data, clean->len);
    g_assert_cmpint (b->data[sot_off + 13], ==, 0x93);
    b->data[sot_off + 13] = 0x92;
    sewa_test_aadhaar_sign (b, test_key);
    assert_rejected_inflated (b, SEWA_AADHAAR_ERROR_PHOTO);
  }
}

static char *
write_temp (const char *dir, const char *name, const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* UIDAI's certificates as a list: a code verifies when any listed one verifies it. */
static void
test_key_list (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("uidai-XXXXXX", &error);
  EVP_PKEY *third = sewa_test_rsa_key_new ();
  g_autofree char *right_pem = sewa_test_self_signed_cert_pem (test_key);
  g_autofree char *wrong_pem = sewa_test_self_signed_cert_pem (other_key);
  g_autofree char *third_pem = sewa_test_self_signed_cert_pem (third);
  g_autofree char *right_path = write_temp (dir, "2021.pem", right_pem);
  g_autofree char *wrong_path = write_temp (dir, "2017.pem", wrong_pem);
  g_autofree char *other = write_temp (dir, "2019.pem", third_pem);
  g_autofree char *garbage = write_temp (dir, "garbage.pem", "not a certificate");
  g_autofree char *empty = write_temp (dir, "empty.pem", "");
  g_autofree char *missing = g_build_filename (dir, "missing.pem", NULL);
  SewaTestAadhaar a;
  g_autofree char *payload = NULL;

  EVP_PKEY_free (third);
  g_assert_no_error (error);
  sewa_test_aadhaar_init (&a, 2);
  payload = secure_payload (&a, FALSE);

  /* Only the second of the list verifies. */
  {
    const char *paths[] = { wrong_path, right_path, NULL };
    g_autoptr (SewaAadhaarKey) key = sewa_aadhaar_key_new_from_files (paths, &error);
    g_autoptr (SewaAadhaarData) data = NULL;

    g_assert_no_error (error);
    data = parse_str (payload, key, &error);
    g_assert_no_error (error);
    g_assert_true (data->verified);
  }
  /* None of them does. */
  {
    const char *paths[] = { wrong_path, other, NULL };
    g_autoptr (SewaAadhaarKey) key = sewa_aadhaar_key_new_from_files (paths, &error);
    g_autoptr (SewaAadhaarData) data = NULL;

    g_assert_no_error (error);
    data = parse_str (payload, key, &error);
    g_assert_null (data);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_SIGNATURE);
    g_clear_error (&error);
  }
  /* Several certificates in one PEM file count as listed. */
  {
    g_autofree char *both = g_strconcat (wrong_pem, right_pem, NULL);
    g_autofree char *bundle = write_temp (dir, "bundle.pem", both);
    const char *paths[] = { bundle, NULL };
    g_autoptr (SewaAadhaarKey) key = sewa_aadhaar_key_new_from_files (paths, &error);
    g_autoptr (SewaAadhaarKey) from_data = sewa_aadhaar_key_new_from_data ((const guint8 *) both, strlen (both), &error);
    g_autoptr (SewaAadhaarData) data = NULL;
    g_autoptr (SewaAadhaarData) data2 = NULL;

    g_assert_no_error (error);
    data = parse_str (payload, key, &error);
    g_assert_no_error (error);
    g_assert_true (data->verified);
    data2 = parse_str (payload, from_data, &error);
    g_assert_no_error (error);
    g_assert_true (data2->verified);
    g_unlink (bundle);
  }
  /* A bundle with one certificate that is not RSA-2048 is refused whole. */
  {
    EVP_PKEY *small = EVP_RSA_gen (1024);
    g_autofree char *small_pem = sewa_test_self_signed_cert_pem (small);
    g_autofree char *both = g_strconcat (right_pem, small_pem, NULL);
    g_autoptr (SewaAadhaarKey) key = sewa_aadhaar_key_new_from_data ((const guint8 *) both, strlen (both), &error);

    EVP_PKEY_free (small);
    g_assert_null (key);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT);
    g_clear_error (&error);
  }
  /* One unreadable, empty, non-certificate or non-file entry spoils the list, and is named. */
  {
    const char *bad[] = { missing, garbage, empty, dir };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        const char *paths[] = { right_path, bad[i], NULL };
        g_autoptr (SewaAadhaarKey) key = sewa_aadhaar_key_new_from_files (paths, &error);

        g_assert_null (key);
        g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT);
        g_assert_nonnull (strstr (error->message, bad[i]));
        g_clear_error (&error);
      }
  }
  /* A list is a handful of certificates, not an unbounded one. */
  {
    const char *many[18];
    g_autoptr (SewaAadhaarKey) key = NULL;

    for (guint i = 0; i < 17; i++)
      many[i] = right_path;
    many[17] = NULL;
    key = sewa_aadhaar_key_new_from_files (many, &error);
    g_assert_null (key);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT);
    g_clear_error (&error);
    many[16] = NULL;
    key = sewa_aadhaar_key_new_from_files (many, &error);
    g_assert_no_error (error);
    g_assert_nonnull (key);
  }
  {
    const char *none[] = { NULL };
    g_autoptr (SewaAadhaarKey) key = sewa_aadhaar_key_new_from_files (none, &error);

    g_assert_null (key);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT);
    g_clear_error (&error);
  }

  g_unlink (right_path);
  g_unlink (wrong_path);
  g_unlink (other);
  g_unlink (garbage);
  g_unlink (empty);
  g_rmdir (dir);
}

static void
test_xml (void)
{
  g_autofree char *uid = sewa_test_verhoeff_complete ("98765432109");
  g_autofree char *xml = sewa_test_aadhaar_xml (uid);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) data = NULL;

  g_assert_true (sewa_aadhaar_payload_is_xml ((const guint8 *) xml, strlen (xml)));
  g_assert_false (sewa_aadhaar_payload_is_secure ((const guint8 *) xml, strlen (xml)));
  data = sewa_aadhaar_parse_xml ((const guint8 *) xml, strlen (xml), &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_false (data->verified);
  g_assert_cmpint (data->format, ==, SEWA_AADHAAR_FORMAT_XML);
  g_assert_cmpstr (data->last4, ==, uid + 8);
  g_assert_cmpstr (data->name, ==, "Harjit Singh");
  g_assert_cmpint (data->gender, ==, 'M');
  g_assert_cmpstr (data->dob, ==, "02-03-1985");
  g_assert_cmpuint (data->year_of_birth, ==, 1985);
  g_assert_cmpstr (data->care_of, ==, "S/O Kartar Singh");
  g_assert_cmpstr (data->vtc, ==, "Amritsar");
  g_assert_cmpstr (data->pincode, ==, "143001");
  g_assert_false (data->has_photo);
  g_assert_cmpint (sewa_aadhaar_check_mobile (data, "9876543210"), ==, SEWA_AADHAAR_MATCH_NO_DATA);
}

static void
test_xml_variants (void)
{
  g_autofree char *uid = sewa_test_verhoeff_complete ("23456789012");
  g_autofree char *good_yob_only = g_strdup_printf ("<PrintLetterBarcodeData uid=\"%s\" name=\"A &amp; B\" gender=\"FEMALE\" yob=\"1970\"/>", uid);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) data = NULL;

  data = sewa_aadhaar_parse_xml ((const guint8 *) good_yob_only, strlen (good_yob_only), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data->name, ==, "A & B");
  g_assert_cmpint (data->gender, ==, 'F');
  g_assert_null (data->dob);
  g_assert_cmpuint (data->year_of_birth, ==, 1970);
  g_assert_cmpstr (data->house, ==, "");
}

static void
test_xml_rejected (void)
{
  g_autofree char *uid = sewa_test_verhoeff_complete ("23456789012");
  const char *tmpl[] = {
    "<PrintLetterBarcodeData uid=\"@\" gender=\"M\" yob=\"1970\"/>",                         /* no name */
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" yob=\"1970\"/>",                           /* no gender */
    "<PrintLetterBarcodeData name=\"A\" gender=\"M\" yob=\"1970\" co=\"@\"/>",              /* no uid */
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\"/>",                           /* no yob/dob */
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"Q\" yob=\"1970\"/>",              /* gender */
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\" x=\"1\"/>",      /* unknown attr */
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\"><a/></PrintLetterBarcodeData>",
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\">text</PrintLetterBarcodeData>",
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\"/><PrintLetterBarcodeData/>",
    "<!DOCTYPE x [<!ENTITY e \"x\">]><PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\"/>",
    "<!-- c --><PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\"/>",
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\" dob=\"02/03/1971\"/>", /* yob≠dob */
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" dob=\"30/02/1971\"/>",
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" dob=\"o\"/>",                 /* found by libFuzzer */
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\" pc=\"12\"/>",
    "<PrintLetterBarcodeData uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\"",                  /* unclosed */
    "<Other uid=\"@\" name=\"A\" gender=\"M\" yob=\"1970\"/><!-- PrintLetterBarcodeData -->",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tmpl); i++)
    {
      g_auto (GStrv) parts = g_strsplit (tmpl[i], "@", -1);
      g_autofree char *xml = g_strjoinv (uid, parts);
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) data = sewa_aadhaar_parse_xml ((const guint8 *) xml, strlen (xml), &error);

      g_assert_null (data);
      g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_XML);
    }

  /* A short number, a number starting with 1: malformed. */
  {
    const char *uids[] = { "23456789", "123456789012" };
    for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
      {
        g_autofree char *xml = sewa_test_aadhaar_xml (uids[i]);
        g_autoptr (GError) error = NULL;
        g_autoptr (SewaAadhaarData) data = sewa_aadhaar_parse_xml ((const guint8 *) xml, strlen (xml), &error);
        g_assert_null (data);
        g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_XML);
      }
  }
}

/* A well-formed number whose Verhoeff check digit is wrong has its own error, not "malformed":
 * each wrong last digit, and a transposition of two digits (what Verhoeff is for). */
static void
test_xml_number_check (void)
{
  g_autofree char *uid = sewa_test_verhoeff_complete ("98765432109");

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *bad = g_strdup (uid);
      g_autofree char *xml = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) data = NULL;

      bad[11] = (char) ('0' + i);
      if (bad[11] == uid[11])
        continue;
      xml = sewa_test_aadhaar_xml (bad);
      data = sewa_aadhaar_parse_xml ((const guint8 *) xml, strlen (xml), &error);
      g_assert_null (data);
      g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_NUMBER_CHECK);
      g_assert_cmpstr (error->message, ==, "The Aadhaar number on this card does not check out");
      /* The message never carries the number. */
      g_assert_null (strstr (error->message, bad + 8));
    }
  {
    g_autofree char *swapped = g_strdup (uid);
    g_autofree char *xml = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaAadhaarData) data = NULL;

    swapped[0] = uid[1];
    swapped[1] = uid[0];
    xml = sewa_test_aadhaar_xml (swapped);
    data = sewa_aadhaar_parse_xml ((const guint8 *) xml, strlen (xml), &error);
    g_assert_null (data);
    g_assert_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_NUMBER_CHECK);
  }
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  test_key = sewa_test_rsa_key_new ();
  other_key = sewa_test_rsa_key_new ();
  uidai = key_from_cert_of (test_key);
  wrong = key_from_cert_of (other_key);

  g_test_add_func ("/aadhaar/secure/v1", test_v1);
  g_test_add_func ("/aadhaar/secure/v1-zlib-latin1", test_v1_zlib_and_latin1);
  g_test_add_func ("/aadhaar/secure/v2", test_v2);
  g_test_add_func ("/aadhaar/secure/contact-hashes", test_contact_hashes);
  g_test_add_func ("/aadhaar/secure/indicator-layouts", test_indicator_layouts);
  g_test_add_func ("/aadhaar/secure/tampered", test_tampered);
  g_test_add_func ("/aadhaar/secure/tampered-digits", test_tampered_digits);
  g_test_add_func ("/aadhaar/secure/wrong-key-and-no-key", test_wrong_key_and_no_key);
  g_test_add_func ("/aadhaar/secure/truncated", test_truncated);
  g_test_add_func ("/aadhaar/secure/oversized", test_oversized);
  g_test_add_func ("/aadhaar/secure/not-numeric", test_not_numeric_and_garbage);
  g_test_add_func ("/aadhaar/secure/trailing-data", test_trailing_data);
  g_test_add_func ("/aadhaar/secure/extra-delimiters", test_extra_delimiters);
  g_test_add_func ("/aadhaar/secure/bad-fields", test_bad_fields);
  g_test_add_func ("/aadhaar/secure/photo", test_photo);
  g_test_add_func ("/aadhaar/secure/unsupported-version", test_unsupported_version);
  g_test_add_func ("/aadhaar/secure/layouts", test_layouts);
  g_test_add_func ("/aadhaar/secure/v2-mobile-match", test_v2_mobile_match);
  g_test_add_func ("/aadhaar/secure/layout-mismatch", test_layout_mismatch);
  g_test_add_func ("/aadhaar/secure/psot0-ambiguous", test_psot0_ambiguous);
  g_test_add_func ("/aadhaar/secure/photo-lengths", test_photo_lengths);
  g_test_add_func ("/aadhaar/keys", test_keys);
  g_test_add_func ("/aadhaar/key-list", test_key_list);
  g_test_add_func ("/aadhaar/xml/parse", test_xml);
  g_test_add_func ("/aadhaar/xml/variants", test_xml_variants);
  g_test_add_func ("/aadhaar/xml/rejected", test_xml_rejected);
  g_test_add_func ("/aadhaar/xml/number-check", test_xml_number_check);

  ret = g_test_run ();

  sewa_aadhaar_key_free (uidai);
  sewa_aadhaar_key_free (wrong);
  EVP_PKEY_free (test_key);
  EVP_PKEY_free (other_key);
  return ret;
}
