/* aadhaar-gen.h — test Aadhaar QR payloads, signed with the test suite's own RSA key.
 *
 * Builds Secure QR V1/V2 payloads exactly as shared/reference/aadhaar-secure-qr.md lays them
 * out (fields, JPEG 2000 photo, V1 e-mail/mobile hashes, RSA-2048/SHA-256 signature, gzip or
 * zlib, decimal), plus old XML QRs. Keys and the self-signed certificate are made at test
 * time with libcrypto: no key is ever committed.
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>

G_BEGIN_DECLS

/* What follows the photo. */
typedef enum
{
  SEWA_TEST_HASHES_USUAL,        /* V1: the hashes the indicator announces; V2: none */
  SEWA_TEST_HASHES_NONE,         /* none, whatever the indicator says */
  SEWA_TEST_HASHES_AS_INDICATED, /* the announced hashes, V2 included (as another public
                                  * implementation's test data has them) */
} SewaTestHashes;

/* How the photo's codestream is written. */
typedef struct
{
  guint tile_parts;    /* 0 or 1: one tile-part; more split the body into that many */
  gboolean psot_zero;  /* the last tile-part's Psot is 0 ("runs to the end marker") */
  gboolean comment;    /* a COM segment in the main header whose bytes include FF D9 */
} SewaTestJ2k;

typedef struct
{
  guint version;           /* 1 or 2; 3 writes a "V3" marker the parser must refuse */
  guint indicator;         /* e-mail/mobile indicator 0–3 */
  const char *reference;   /* 21 digits: last 4 of the number + YYYYMMDDHHMMSSmmm */
  const char *name, *dob, *gender, *care_of, *district, *landmark, *house, *location;
  const char *pincode, *post_office, *state, *street, *sub_district, *vtc;
  const char *mobile_last4; /* V2 */
  const char *email;        /* hashed when indicator has bit 0 (and hashes are written) */
  const char *mobile;       /* hashed when indicator has bit 1 (and hashes are written) */
  gsize photo_body_len;     /* bytes of codestream body between the headers and EOC */
  SewaTestHashes hashes;
  SewaTestJ2k photo;
} SewaTestAadhaar;

/* A complete, plausible card: V1 with both hashes, or V2. */
void        sewa_test_aadhaar_init (SewaTestAadhaar *a, guint version);

/* A hand-made JPEG 2000 codestream (SOC, SIZ, COD, QCD, SOT, SOD, body with 0xFF bytes, EOC). */
GByteArray *sewa_test_j2k_new (gsize body_len, guint32 seed);
/* The same, written as opts say (NULL: as above). */
GByteArray *sewa_test_j2k_new_full (gsize body_len, guint32 seed, const SewaTestJ2k *opts);

/* The inflated bytes: fields, photo, hashes; signed with key when key is not NULL (else the
 * last 256 bytes are zero). */
GByteArray *sewa_test_aadhaar_inflated (const SewaTestAadhaar *a, EVP_PKEY *key);

/* Appends the RSA-2048/SHA-256 signature of data to it. */
void        sewa_test_aadhaar_sign (GByteArray *data, EVP_PKEY *key);

/* gzip (or zlib) + big-endian → decimal text. */
char       *sewa_test_aadhaar_encode (const guint8 *data, gsize len, gboolean zlib);

/* The iterated contact hash (what the card stores) for a number ending in last_digit. */
void        sewa_test_aadhaar_contact_hash (const char *contact, guint last_digit, guint8 out[32]);

/* Old XML QR text for a 12-digit number. */
char       *sewa_test_aadhaar_xml (const char *uid);

/* Appends the Verhoeff check digit to 11 digits. */
char       *sewa_test_verhoeff_complete (const char *eleven);

EVP_PKEY   *sewa_test_rsa_key_new (void);
char       *sewa_test_self_signed_cert_pem (EVP_PKEY *key);
char       *sewa_test_private_key_pem (EVP_PKEY *key);
EVP_PKEY   *sewa_test_private_key_from_pem (const char *pem);

G_END_DECLS
