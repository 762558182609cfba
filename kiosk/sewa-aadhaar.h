/* sewa-aadhaar.h — the QR code on an Aadhaar card or e-Aadhaar, read strictly.
 *
 * Secure QR (V1 and V2, see shared/reference/aadhaar-secure-qr.md): a decimal string →
 * big-endian bytes → gzip/zlib, inflated to at most 64 KiB → 0xFF-separated ISO-8859-1 fields
 * → JPEG 2000 photo → e-mail/mobile hashes (V1, and V2 as some implementations write it)
 * → RSA-2048 / SHA-256 signature, checked against UIDAI's certificates (files named by the
 * configuration, [aadhaar] uidai-certificate, a list: UIDAI has rotated its signing key and
 * older cards stay valid). Only a verified Secure QR yields data: a bad or uncheckable
 * signature is an error, so nothing is auto-filled from it.
 *
 * Old XML QR (pre-2018 cards): parsed with GMarkup, the number masked at once, and the
 * result marked unverified (it carries no signature).
 *
 * Whatever the format, only the last four digits of the Aadhaar number are kept. Every
 * buffer that held citizen data is wiped when freed. Nothing here logs.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_AADHAAR_ERROR (sewa_aadhaar_error_quark ())
GQuark sewa_aadhaar_error_quark (void);

typedef enum
{
  SEWA_AADHAAR_ERROR_NOT_NUMERIC,         /* Secure QR text with something other than digits */
  SEWA_AADHAAR_ERROR_TOO_LARGE,           /* too many digits, or inflates past the cap */
  SEWA_AADHAAR_ERROR_DECOMPRESS,          /* not a complete gzip/zlib stream */
  SEWA_AADHAAR_ERROR_FIELDS,              /* wrong number or form of fields */
  SEWA_AADHAAR_ERROR_PHOTO,               /* no well-formed JPEG 2000 photo where it must be */
  SEWA_AADHAAR_ERROR_SIGNATURE,           /* the signature does not verify: data not used */
  SEWA_AADHAAR_ERROR_UNSUPPORTED_VERSION, /* a version marker we do not know (V3…) */
  SEWA_AADHAAR_ERROR_NO_CERT,             /* no UIDAI certificate configured: cannot verify */
  SEWA_AADHAAR_ERROR_CERT,                /* the configured certificate is unreadable or not RSA-2048 */
  SEWA_AADHAAR_ERROR_XML,                 /* old XML QR that is malformed or incomplete */
  SEWA_AADHAAR_ERROR_LAYOUT,              /* what follows the photo is neither nothing nor the
                                           * hashes the indicator announces */
  SEWA_AADHAAR_ERROR_NUMBER_CHECK,        /* the Aadhaar number fails its Verhoeff check digit */
} SewaAadhaarError;

typedef enum
{
  SEWA_AADHAAR_FORMAT_SECURE_V1,
  SEWA_AADHAAR_FORMAT_SECURE_V2,
  SEWA_AADHAAR_FORMAT_XML,
} SewaAadhaarFormat;

/* Largest accepted Secure QR text (QR version 40 holds 7,089 digits) and inflated size. */
#define SEWA_AADHAAR_MAX_DIGITS 8000
#define SEWA_AADHAAR_MAX_INFLATED (64 * 1024)

typedef struct
{
  SewaAadhaarFormat format;
  gboolean verified;      /* TRUE only for a Secure QR whose signature verified */

  char last4[5];          /* last four digits of the Aadhaar number; never more */
  char *name;
  char *dob;              /* DD-MM-YYYY, or NULL when the XML QR has only the year */
  guint year_of_birth;
  char gender;            /* 'M', 'F' or 'T' */
  char *care_of;          /* "S/O …", "C/O …"; may be empty */

  /* Address parts as printed on the card; any may be empty strings, none NULL. */
  char *house;
  char *street;
  char *landmark;
  char *location;
  char *vtc;              /* village / town / city */
  char *post_office;
  char *sub_district;
  char *district;
  char *state;
  char *pincode;          /* 6 digits (empty only for an XML QR without one) */

  /* Secure QR only. */
  guint email_mobile_indicator; /* 0 none, 1 email, 2 mobile, 3 both */
  char *mobile_last4;           /* V2: last 4 digits of the registered mobile, or NULL */
  /* Hashes after the photo: V1 as the indicator says, V2 when the code carries them; a code
   * may also carry none although the indicator announces them. */
  gboolean has_email_hash, has_mobile_hash;
  guint8 email_hash[32];
  guint8 mobile_hash[32];

  /* The photo: a JPEG 2000 codestream, kept in memory only, wiped with the data. */
  gboolean has_photo;
  guint8 *photo;
  gsize photo_len;
} SewaAadhaarData;

/* UIDAI's public keys, taken from their X.509 certificates (PEM or DER). A Secure QR verifies
 * when any one of them verifies its signature. */
typedef struct _SewaAadhaarKey SewaAadhaarKey;

/* Every file must be a readable certificate with an RSA-2048 key (DER, or PEM holding one or
 * more certificates), else SEWA_AADHAAR_ERROR_CERT naming the file (a path is configuration,
 * not citizen data). An empty list is an error. */
SewaAadhaarKey *sewa_aadhaar_key_new_from_files (const char *const *paths, GError **error) G_GNUC_WARN_UNUSED_RESULT;
SewaAadhaarKey *sewa_aadhaar_key_new_from_file (const char *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;
SewaAadhaarKey *sewa_aadhaar_key_new_from_data (const guint8 *data, gsize len, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void            sewa_aadhaar_key_free (SewaAadhaarKey *key);

/* TRUE when the payload would be read as an Aadhaar QR at all: all digits (Secure QR), or
 * an XML document whose root is PrintLetterBarcodeData. */
gboolean sewa_aadhaar_payload_is_secure (const guint8 *payload, gsize len);
gboolean sewa_aadhaar_payload_is_xml (const guint8 *payload, gsize len);

/* Secure QR from its decimal text. key NULL → SEWA_AADHAAR_ERROR_NO_CERT (after the
 * structural checks, so a malformed code still says what is wrong with it). */
SewaAadhaarData *sewa_aadhaar_parse_secure (const guint8 *payload, gsize len, const SewaAadhaarKey *key,
                                            GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Secure QR from its already inflated bytes (fields, photo, hashes, signature). */
SewaAadhaarData *sewa_aadhaar_parse_inflated (const guint8 *bytes, gsize len, const SewaAadhaarKey *key,
                                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Old XML QR: parsed, masked, verified = FALSE. */
SewaAadhaarData *sewa_aadhaar_parse_xml (const guint8 *payload, gsize len, GError **error) G_GNUC_WARN_UNUSED_RESULT;

void sewa_aadhaar_data_free (SewaAadhaarData *data);

typedef enum
{
  SEWA_AADHAAR_MATCH_NO_DATA,  /* the QR carries nothing to compare with */
  SEWA_AADHAAR_MATCH_YES,
  SEWA_AADHAAR_MATCH_NO,
} SewaAadhaarMatch;

/* Is this the mobile number / e-mail address registered with the Aadhaar? Where the code
 * carries the iterated SHA-256 hash (V1, V2 with hashes) that is compared; otherwise V2
 * compares the mobile's last four digits. The mobile may be
 * typed with spaces, dashes or a +91 / 0 prefix. */
SewaAadhaarMatch sewa_aadhaar_check_mobile (const SewaAadhaarData *data, const char *mobile);
SewaAadhaarMatch sewa_aadhaar_check_email (const SewaAadhaarData *data, const char *email);

/* "XXXX XXXX 1234", for display. */
char *sewa_aadhaar_masked_number (const SewaAadhaarData *data) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaAadhaarData, sewa_aadhaar_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaAadhaarKey, sewa_aadhaar_key_free)

G_END_DECLS
