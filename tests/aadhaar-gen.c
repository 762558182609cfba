/* aadhaar-gen.c — see aadhaar-gen.h. */
#include "aadhaar-gen.h"

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string.h>
#include <zlib.h>

void
sewa_test_aadhaar_init (SewaTestAadhaar *a, guint version)
{
  memset (a, 0, sizeof *a);
  a->version = version;
  a->indicator = version == 1 ? 3 : 2;
  a->reference = "123420240101123045123";
  a->name = "Gurpreet Kaur";
  a->dob = "15-08-1990";
  a->gender = "F";
  a->care_of = "W/O Harjit Singh";
  a->district = "Ludhiana";
  a->landmark = "Near Gurdwara Sahib";
  a->house = "H No 12";
  a->location = "Model Town";
  a->pincode = "141002";
  a->post_office = "Model Town";
  a->state = "Punjab";
  a->street = "Street 4";
  a->sub_district = "Ludhiana West";
  a->vtc = "Ludhiana";
  a->mobile_last4 = version == 2 ? "3210" : NULL;
  a->email = "gurpreet@example.in";
  a->mobile = "9876543210";
  a->photo_body_len = 900;
}

static void
append_str (GByteArray *b, const char *s)
{
  g_byte_array_append (b, (const guint8 *) s, (guint) strlen (s));
}

static void
append_u16 (GByteArray *b, guint v)
{
  guint8 x[2] = { (guint8) (v >> 8), (guint8) v };
  g_byte_array_append (b, x, 2);
}

static void
append_u32 (GByteArray *b, guint32 v)
{
  guint8 x[4] = { (guint8) (v >> 24), (guint8) (v >> 16), (guint8) (v >> 8), (guint8) v };
  g_byte_array_append (b, x, 4);
}

GByteArray *
sewa_test_j2k_new (gsize body_len, guint32 seed)
{
  return sewa_test_j2k_new_full (body_len, seed, NULL);
}

GByteArray *
sewa_test_j2k_new_full (gsize body_len, guint32 seed, const SewaTestJ2k *opts)
{
  GByteArray *b = g_byte_array_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  static const guint8 soc_siz[] = { 0xFF, 0x4F, 0xFF, 0x51 };
  guint parts = opts != NULL && opts->tile_parts > 1 ? opts->tile_parts : 1;
  gsize done = 0;

  g_byte_array_append (b, soc_siz, 4);
  /* SIZ: 60×80 px, one 8-bit component, one tile. */
  append_u16 (b, 41);
  append_u16 (b, 0);
  append_u32 (b, 60);
  append_u32 (b, 80);
  append_u32 (b, 0);
  append_u32 (b, 0);
  append_u32 (b, 60);
  append_u32 (b, 80);
  append_u32 (b, 0);
  append_u32 (b, 0);
  append_u16 (b, 1);
  g_byte_array_append (b, (const guint8[]) { 7, 1, 1 }, 3);
  /* COD, QCD. */
  g_byte_array_append (b, (const guint8[]) { 0xFF, 0x52, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x04, 0x04, 0x00, 0x00 }, 14);
  g_byte_array_append (b, (const guint8[]) { 0xFF, 0x5C, 0x00, 0x04, 0x40, 0x48 }, 6);
  if (opts != NULL && opts->comment)
    /* COM, binary (Rcom 0): a segment's bytes are anything, an end marker included, which is
     * why a reader must step over segments by their lengths. */
    g_byte_array_append (b, (const guint8[]) { 0xFF, 0x64, 0x00, 0x08, 0x00, 0x00, 0xFF, 0xD9, 0xFF, 0xD9 }, 10);
  /* Each tile-part: SOT + SOD, then a body that, like real packet data, has 0xFF bytes but
   * never a marker (0xFF is followed by a byte below 0x90). */
  for (guint part = 0; part < parts; part++)
    {
      gsize len = part + 1 < parts ? body_len / parts : body_len - done;
      gboolean open = opts != NULL && opts->psot_zero && part + 1 == parts;

      g_byte_array_append (b, (const guint8[]) { 0xFF, 0x90, 0x00, 0x0A, 0x00, 0x00 }, 6);
      append_u32 (b, open ? 0 : (guint32) (14 + len));
      g_byte_array_append (b, (const guint8[]) { (guint8) part, (guint8) parts, 0xFF, 0x93 }, 4);
      for (gsize i = 0; i < len; i++)
        {
          guint8 v = (guint8) g_rand_int_range (rand, 0, 256);

          if (i > 0 && b->data[b->len - 1] == 0xFF && v >= 0x90)
            v = (guint8) (v & 0x7F);
          if (i == len - 1 && v == 0xFF)
            v = 0x00;
          g_byte_array_append (b, &v, 1);
        }
      done += len;
    }
  g_byte_array_append (b, (const guint8[]) { 0xFF, 0xD9 }, 2);
  return b;
}

void
sewa_test_aadhaar_contact_hash (const char *contact, guint last_digit, guint8 out[32])
{
  guint n = MAX (last_digit, 1);
  gsize len = 32;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *) contact, -1);
  for (guint i = 1; i < n; i++)
    {
      /* g_checksum_get_string is the lowercase hex digest. */
      char *hex = g_strdup (g_checksum_get_string (sum));
      g_checksum_reset (sum);
      g_checksum_update (sum, (const guchar *) hex, -1);
      g_free (hex);
    }
  g_checksum_get_digest (sum, out, &len);
}

GByteArray *
sewa_test_aadhaar_inflated (const SewaTestAadhaar *a, EVP_PKEY *key)
{
  GByteArray *b = g_byte_array_new ();
  const char *fields[] = { a->reference, a->name, a->dob, a->gender, a->care_of, a->district,
                           a->landmark, a->house, a->location, a->pincode, a->post_office,
                           a->state, a->street, a->sub_district, a->vtc };
  const guint8 ff = 0xFF;
  g_autoptr (GByteArray) photo = sewa_test_j2k_new_full (a->photo_body_len, 42, &a->photo);
  gboolean hashes = a->hashes == SEWA_TEST_HASHES_AS_INDICATED ||
                    (a->hashes == SEWA_TEST_HASHES_USUAL && a->version == 1);
  g_autofree char *indicator = g_strdup_printf ("%u", a->indicator);
  guint last_digit = (guint) (a->reference[3] - '0');

  if (a->version >= 2)
    {
      g_autofree char *marker = g_strdup_printf ("V%u", a->version);
      append_str (b, marker);
      g_byte_array_append (b, &ff, 1);
    }
  append_str (b, indicator);
  g_byte_array_append (b, &ff, 1);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      append_str (b, fields[i]);
      g_byte_array_append (b, &ff, 1);
    }
  if (a->version >= 2)
    {
      append_str (b, a->mobile_last4 != NULL ? a->mobile_last4 : "");
      g_byte_array_append (b, &ff, 1);
    }
  g_byte_array_append (b, photo->data, photo->len);
  if (hashes)
    {
      guint8 h[32];

      if (a->indicator & 1)
        {
          sewa_test_aadhaar_contact_hash (a->email, last_digit, h);
          g_byte_array_append (b, h, 32);
        }
      if (a->indicator & 2)
        {
          sewa_test_aadhaar_contact_hash (a->mobile, last_digit, h);
          g_byte_array_append (b, h, 32);
        }
    }
  if (key != NULL)
    sewa_test_aadhaar_sign (b, key);
  else
    {
      guint8 zero[256] = { 0 };
      g_byte_array_append (b, zero, sizeof zero);
    }
  return b;
}

void
sewa_test_aadhaar_sign (GByteArray *data, EVP_PKEY *key)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  guint8 sig[512];
  size_t sig_len = sizeof sig;

  g_assert_nonnull (ctx);
  g_assert_cmpint (EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, key), ==, 1);
  g_assert_cmpint (EVP_DigestSign (ctx, sig, &sig_len, data->data, data->len), ==, 1);
  EVP_MD_CTX_free (ctx);
  g_byte_array_append (data, sig, (guint) sig_len);
}

char *
sewa_test_aadhaar_encode (const guint8 *data, gsize len, gboolean zlib)
{
  z_stream zs = { 0 };
  gsize cap = compressBound ((uLong) len) + 64;
  g_autofree guint8 *out = g_malloc (cap);
  BIGNUM *bn;
  char *dec, *result;

  g_assert_cmpint (deflateInit2 (&zs, 9, Z_DEFLATED, zlib ? 15 : 15 + 16, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
  zs.next_in = (Bytef *) data;
  zs.avail_in = (uInt) len;
  zs.next_out = out;
  zs.avail_out = (uInt) cap;
  g_assert_cmpint (deflate (&zs, Z_FINISH), ==, Z_STREAM_END);
  bn = BN_bin2bn (out, (int) zs.total_out, NULL);
  deflateEnd (&zs);
  dec = BN_bn2dec (bn);
  result = g_strdup (dec);
  OPENSSL_free (dec);
  BN_free (bn);
  return result;
}

char *
sewa_test_verhoeff_complete (const char *eleven)
{
  /* Try each check digit; the one whose full number checks is the Verhoeff digit. */
  static const guint8 d[10][10] = {
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
    { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 }, { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
    { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
    { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
    { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 }, { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
  };
  static const guint8 p[8][10] = {
    { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
    { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 }, { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
    { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
    { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
  };

  g_assert_cmpuint (strlen (eleven), ==, 11);
  for (char check = '0'; check <= '9'; check++)
    {
      g_autofree char *full = g_strdup_printf ("%s%c", eleven, check);
      guint c = 0;

      for (gsize i = 0; i < 12; i++)
        c = d[c][p[i % 8][full[11 - i] - '0']];
      if (c == 0)
        return g_steal_pointer (&full);
    }
  g_assert_not_reached ();
  return NULL;
}

char *
sewa_test_aadhaar_xml (const char *uid)
{
  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<PrintLetterBarcodeData uid=\"%s\" name=\"Harjit Singh\" gender=\"M\" yob=\"1985\" "
                          "co=\"S/O Kartar Singh\" house=\"12\" street=\"Mall Road\" lm=\"Near Bus Stand\" "
                          "loc=\"Civil Lines\" vtc=\"Amritsar\" po=\"Amritsar GPO\" dist=\"Amritsar\" "
                          "subdist=\"Amritsar-I\" state=\"Punjab\" pc=\"143001\" dob=\"02/03/1985\"/>",
                          uid);
}

EVP_PKEY *
sewa_test_rsa_key_new (void)
{
  EVP_PKEY *key = EVP_RSA_gen (2048);

  g_assert_nonnull (key);
  return key;
}

static char *
bio_to_string (BIO *bio)
{
  char *data = NULL;
  long len = BIO_get_mem_data (bio, &data);
  char *s = g_strndup (data, (gsize) len);

  BIO_free (bio);
  return s;
}

char *
sewa_test_self_signed_cert_pem (EVP_PKEY *key)
{
  X509 *cert = X509_new ();
  X509_NAME *name;
  BIO *bio = BIO_new (BIO_s_mem ());

  X509_set_version (cert, 2);
  ASN1_INTEGER_set (X509_get_serialNumber (cert), 1);
  X509_gmtime_adj (X509_getm_notBefore (cert), 0);
  X509_gmtime_adj (X509_getm_notAfter (cert), 365L * 24 * 3600);
  X509_set_pubkey (cert, key);
  name = X509_get_subject_name (cert);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC, (const unsigned char *) "sewa-kiosk test UIDAI", -1, -1, 0);
  X509_set_issuer_name (cert, name);
  g_assert_cmpint (X509_sign (cert, key, EVP_sha256 ()), >, 0);
  PEM_write_bio_X509 (bio, cert);
  X509_free (cert);
  return bio_to_string (bio);
}

char *
sewa_test_private_key_pem (EVP_PKEY *key)
{
  BIO *bio = BIO_new (BIO_s_mem ());

  PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL);
  return bio_to_string (bio);
}

EVP_PKEY *
sewa_test_private_key_from_pem (const char *pem)
{
  BIO *bio = BIO_new_mem_buf (pem, -1);
  EVP_PKEY *key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);

  BIO_free (bio);
  return key;
}
