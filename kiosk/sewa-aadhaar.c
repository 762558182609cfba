/* sewa-aadhaar.c — see sewa-aadhaar.h and shared/reference/aadhaar-secure-qr.md. */
#define G_LOG_DOMAIN "sewa-aadhaar"

#include "sewa-aadhaar.h"
#include "sewa-verhoeff.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

G_DEFINE_QUARK (sewa-aadhaar-error-quark, sewa_aadhaar_error)

#define SIGNATURE_LEN 256 /* RSA-2048 */
#define HASH_LEN 32
#define MAX_FIELD 256     /* longest text field accepted, bytes */
#define MAX_XML 4096
#define MAX_CERT (64 * 1024)
#define DELIMITER 0xFF

/* --- helpers -------------------------------------------------------------------------- */

static void
wipe_str (char *s)
{
  if (s != NULL)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

void
sewa_aadhaar_data_free (SewaAadhaarData *data)
{
  if (data == NULL)
    return;
  wipe_str (data->name);
  wipe_str (data->dob);
  wipe_str (data->care_of);
  wipe_str (data->house);
  wipe_str (data->street);
  wipe_str (data->landmark);
  wipe_str (data->location);
  wipe_str (data->vtc);
  wipe_str (data->post_office);
  wipe_str (data->sub_district);
  wipe_str (data->district);
  wipe_str (data->state);
  wipe_str (data->pincode);
  wipe_str (data->mobile_last4);
  if (data->photo != NULL)
    {
      explicit_bzero (data->photo, data->photo_len);
      g_free (data->photo);
    }
  explicit_bzero (data, sizeof *data);
  g_free (data);
}

static char *
strdup_trimmed (const char *s)
{
  gsize len;

  while (g_ascii_isspace (*s))
    s++;
  len = strlen (s);
  while (len > 0 && g_ascii_isspace (s[len - 1]))
    len--;
  return g_strndup (s, len);
}

static gboolean
all_digits (const guint8 *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9')
      return FALSE;
  return TRUE;
}

static gboolean
str_all_digits (const char *s, gsize want_len)
{
  return s != NULL && strlen (s) == want_len && all_digits ((const guint8 *) s, want_len);
}

static gboolean
valid_pincode (const char *s)
{
  return str_all_digits (s, 6) && s[0] != '0';
}

/* DD-MM-YYYY (or DD/MM/YYYY when sep is '/') naming a real day; normalised to DD-MM-YYYY. */
static char *
parse_date (const char *s, char sep, guint *year)
{
  guint dd, mm, yyyy;

  if (s == NULL || strlen (s) != 10 || s[2] != sep || s[5] != sep)
    return NULL;
  if (!all_digits ((const guint8 *) s, 2) || !all_digits ((const guint8 *) s + 3, 2) ||
      !all_digits ((const guint8 *) s + 6, 4))
    return NULL;
  dd = (guint) ((s[0] - '0') * 10 + (s[1] - '0'));
  mm = (guint) ((s[3] - '0') * 10 + (s[4] - '0'));
  yyyy = (guint) g_ascii_strtoull (s + 6, NULL, 10);
  if (yyyy < 1880 || yyyy > 2200 || !g_date_valid_dmy ((GDateDay) dd, (GDateMonth) mm, (GDateYear) yyyy))
    return NULL;
  *year = yyyy;
  return g_strdup_printf ("%02u-%02u-%04u", dd, mm, yyyy);
}

static gboolean
parse_gender (const char *s, char *gender)
{
  if (s == NULL)
    return FALSE;
  if (g_strcmp0 (s, "M") == 0 || g_ascii_strcasecmp (s, "MALE") == 0)
    *gender = 'M';
  else if (g_strcmp0 (s, "F") == 0 || g_ascii_strcasecmp (s, "FEMALE") == 0)
    *gender = 'F';
  else if (g_strcmp0 (s, "T") == 0 || g_ascii_strcasecmp (s, "TRANSGENDER") == 0)
    *gender = 'T';
  else
    return FALSE;
  return TRUE;
}

gboolean
sewa_aadhaar_payload_is_secure (const guint8 *payload, gsize len)
{
  return payload != NULL && len > 0 && all_digits (payload, len);
}

gboolean
sewa_aadhaar_payload_is_xml (const guint8 *payload, gsize len)
{
  static const char root[] = "PrintLetterBarcodeData";
  gsize i = 0;

  if (payload == NULL)
    return FALSE;
  /* A UTF-8 byte order mark and leading white space are tolerated by the parser too. */
  if (len >= 3 && memcmp (payload, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (payload[i]))
    i++;
  return i < len && payload[i] == '<' && memmem (payload + i, len - i, root, sizeof root - 1) != NULL;
}

/* --- the certificates ------------------------------------------------------------------ */

/* UIDAI has signed with a few keys over the years (certificates from 2017, 2019 and 2021);
 * a handful is all a deployment lists. */
#define MAX_CERTS 16

struct _SewaAadhaarKey
{
  EVP_PKEY *pkeys[MAX_CERTS];
  guint n_pkeys;
};

static EVP_PKEY *
usable_pkey (X509 *cert)
{
  EVP_PKEY *pkey = X509_get_pubkey (cert);

  if (pkey == NULL || EVP_PKEY_get_base_id (pkey) != EVP_PKEY_RSA || EVP_PKEY_get_bits (pkey) != 2048)
    {
      EVP_PKEY_free (pkey);
      return NULL;
    }
  return pkey;
}

/* Adds the keys of the certificates in data to key: one DER certificate, or one or more PEM
 * certificates (a bundle, as some deployers keep UIDAI's certificates in one file). Every one
 * must hold an RSA-2048 key; FALSE, with key unchanged, otherwise. */
static gboolean
add_certificates (SewaAadhaarKey *key, const guint8 *data, gsize len)
{
  EVP_PKEY *found[MAX_CERTS];
  guint n = 0;
  gboolean ok = TRUE;

  if (len == 0 || len > MAX_CERT)
    return FALSE;
  {
    BIO *bio = BIO_new_mem_buf (data, (int) len);

    while (ok)
      {
        X509 *cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
        EVP_PKEY *pkey;

        if (cert == NULL)
          break;
        pkey = key->n_pkeys + n < MAX_CERTS ? usable_pkey (cert) : NULL;
        X509_free (cert);
        if (pkey == NULL)
          ok = FALSE;
        else
          found[n++] = pkey;
      }
    BIO_free (bio);
  }
  if (ok && n == 0 && key->n_pkeys < MAX_CERTS)
    {
      const unsigned char *p = data;
      X509 *cert = d2i_X509 (NULL, &p, (long) len);

      if (cert != NULL)
        {
          found[0] = usable_pkey (cert);
          if (found[0] != NULL)
            n = 1;
        }
      X509_free (cert);
    }
  ERR_clear_error ();
  if (!ok || n == 0)
    {
      for (guint i = 0; i < n; i++)
        EVP_PKEY_free (found[i]);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    key->pkeys[key->n_pkeys++] = found[i];
  return TRUE;
}

SewaAadhaarKey *
sewa_aadhaar_key_new_from_data (const guint8 *data, gsize len, GError **error)
{
  g_autoptr (SewaAadhaarKey) key = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = g_new0 (SewaAadhaarKey, 1);
  if (!add_certificates (key, data, len))
    {
      g_set_error_literal (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT,
                           "The UIDAI certificate is not an X.509 certificate with an RSA-2048 key");
      return NULL;
    }
  return g_steal_pointer (&key);
}

/* Reads a certificate file of at most MAX_CERT bytes. Only a regular file is read, so a path
 * to a device or a pipe in the configuration cannot make the kiosk read forever. */
static guint8 *
read_cert_file (const char *path, gsize *len, GError **error)
{
  g_autofree guint8 *buf = NULL;
  struct stat st;
  gsize got = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT,
                   "Cannot read the UIDAI certificate %s: %s", path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT,
                   "The UIDAI certificate %s is not a regular file", path);
      return NULL;
    }
  /* One byte more than allowed tells an oversized file from one of exactly MAX_CERT bytes. */
  buf = g_malloc (MAX_CERT + 1);
  while (got <= MAX_CERT)
    {
      gssize n = read (fd, buf + got, MAX_CERT + 1 - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT,
                       "Cannot read the UIDAI certificate %s: %s", path, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      got += (gsize) n;
    }
  close (fd);
  if (got == 0 || got > MAX_CERT)
    {
      g_set_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT,
                   "The UIDAI certificate %s is %s", path, got == 0 ? "empty" : "too large to be a certificate");
      return NULL;
    }
  *len = got;
  return g_steal_pointer (&buf);
}

SewaAadhaarKey *
sewa_aadhaar_key_new_from_files (const char *const *paths, GError **error)
{
  g_autoptr (SewaAadhaarKey) key = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (paths == NULL || paths[0] == NULL)
    {
      g_set_error_literal (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT,
                           "No UIDAI certificate file is named");
      return NULL;
    }
  key = g_new0 (SewaAadhaarKey, 1);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree guint8 *contents = NULL;
      gsize len = 0;

      contents = read_cert_file (paths[i], &len, error);
      if (contents == NULL)
        return NULL;
      if (!add_certificates (key, contents, len))
        {
          g_set_error (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_CERT,
                       "The UIDAI certificate %s is not X.509 certificates with RSA-2048 keys "
                       "(%d at most in all)", paths[i], MAX_CERTS);
          return NULL;
        }
    }
  return g_steal_pointer (&key);
}

SewaAadhaarKey *
sewa_aadhaar_key_new_from_file (const char *path, GError **error)
{
  const char *paths[] = { path, NULL };

  g_return_val_if_fail (path != NULL, NULL);
  return sewa_aadhaar_key_new_from_files (paths, error);
}

void
sewa_aadhaar_key_free (SewaAadhaarKey *key)
{
  if (key == NULL)
    return;
  for (guint i = 0; i < key->n_pkeys; i++)
    EVP_PKEY_free (key->pkeys[i]);
  g_free (key);
}

static gboolean
signature_valid_with (EVP_PKEY *pkey, const guint8 *signed_data, gsize signed_len, const guint8 *signature)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  gboolean ok;

  /* RSA keys default to PKCS#1 v1.5 padding, which is what UIDAI signs with. */
  ok = ctx != NULL &&
       EVP_DigestVerifyInit (ctx, NULL, EVP_sha256 (), NULL, pkey) == 1 &&
       EVP_DigestVerify (ctx, signature, SIGNATURE_LEN, signed_data, signed_len) == 1;
  EVP_MD_CTX_free (ctx);
  ERR_clear_error ();
  return ok;
}

/* A card keeps the QR signed with the key of the day it was printed, so any listed
 * certificate may be the one. */
static gboolean
signature_valid (const SewaAadhaarKey *key, const guint8 *signed_data, gsize signed_len,
                 const guint8 *signature)
{
  for (guint i = 0; i < key->n_pkeys; i++)
    if (signature_valid_with (key->pkeys[i], signed_data, signed_len, signature))
      return TRUE;
  return FALSE;
}

/* --- Secure QR -------------------------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize len;
  gsize pos;
} Cursor;

/* The next 0xFF-terminated field as UTF-8 (from ISO-8859-1), or NULL when there is no
 * terminator or the field is too long or holds control characters. */
static char *
next_field (Cursor *c)
{
  const guint8 *start = c->data + c->pos;
  const guint8 *end = memchr (start, DELIMITER, c->len - c->pos);
  GString *out;
  gsize flen;

  if (end == NULL)
    return NULL;
  flen = (gsize) (end - start);
  if (flen > MAX_FIELD)
    return NULL;
  /* Surrounding spaces are dropped before copying, so no untrimmed copy is left behind. */
  while (flen > 0 && start[0] == ' ')
    start++, flen--;
  while (flen > 0 && start[flen - 1] == ' ')
    flen--;
  out = g_string_sized_new (flen * 2 + 1);
  for (gsize i = 0; i < flen; i++)
    {
      guint8 b = start[i];

      if (b < 0x20 || (b >= 0x7F && b < 0xA0))
        {
          explicit_bzero (out->str, out->allocated_len);
          g_string_free (out, TRUE);
          return NULL;
        }
      /* ISO-8859-1 bytes are the first 256 Unicode code points. */
      g_string_append_unichar (out, b);
    }
  c->pos = (gsize) (end - c->data) + 1;
  return g_string_free (out, FALSE);
}

enum
{
  F_INDICATOR,
  F_REFERENCE,
  F_NAME,
  F_DOB,
  F_GENDER,
  F_CARE_OF,
  F_DISTRICT,
  F_LANDMARK,
  F_HOUSE,
  F_LOCATION,
  F_PINCODE,
  F_POST_OFFICE,
  F_STATE,
  F_STREET,
  F_SUB_DISTRICT,
  F_VTC,
  N_V1_FIELDS
};

static gboolean
fail (GError **error, SewaAadhaarError code, const char *message)
{
  g_set_error_literal (error, SEWA_AADHAAR_ERROR, code, message);
  return FALSE;
}

/* Fills data from the signed part; returns the offset where the photo starts. */
static gboolean
parse_fields (Cursor *c, SewaAadhaarData *data, GError **error)
{
  char *f[N_V1_FIELDS] = { NULL };
  char *first;
  gboolean ok = FALSE;
  guint year = 0;

  first = next_field (c);
  if (first == NULL)
    return fail (error, SEWA_AADHAAR_ERROR_FIELDS, "The Aadhaar QR has no fields");

  if (g_str_equal (first, "V2"))
    {
      data->format = SEWA_AADHAAR_FORMAT_SECURE_V2;
      wipe_str (first);
      first = next_field (c);
      if (first == NULL)
        return fail (error, SEWA_AADHAAR_ERROR_FIELDS, "The Aadhaar QR has too few fields");
    }
  else if (first[0] == 'V')
    {
      wipe_str (first);
      return fail (error, SEWA_AADHAAR_ERROR_UNSUPPORTED_VERSION,
                   "This Aadhaar QR version is not supported");
    }
  else
    data->format = SEWA_AADHAAR_FORMAT_SECURE_V1;

  f[F_INDICATOR] = first;
  for (guint i = 1; i < N_V1_FIELDS; i++)
    {
      f[i] = next_field (c);
      if (f[i] == NULL)
        {
          fail (error, SEWA_AADHAAR_ERROR_FIELDS, "The Aadhaar QR has too few or malformed fields");
          goto out;
        }
    }
  if (data->format == SEWA_AADHAAR_FORMAT_SECURE_V2)
    {
      data->mobile_last4 = next_field (c);
      if (data->mobile_last4 == NULL ||
          (data->mobile_last4[0] != '\0' && !str_all_digits (data->mobile_last4, 4)))
        {
          fail (error, SEWA_AADHAAR_ERROR_FIELDS, "The Aadhaar QR's mobile digits are malformed");
          goto out;
        }
    }

  if (strlen (f[F_INDICATOR]) != 1 || f[F_INDICATOR][0] < '0' || f[F_INDICATOR][0] > '3')
    {
      fail (error, SEWA_AADHAAR_ERROR_FIELDS, "The Aadhaar QR's e-mail/mobile indicator is malformed");
      goto out;
    }
  data->email_mobile_indicator = (guint) (f[F_INDICATOR][0] - '0');

  /* Reference id: last four digits of the number, then YYYYMMDDHHMMSSmmm. */
  if (!str_all_digits (f[F_REFERENCE], 21))
    {
      fail (error, SEWA_AADHAAR_ERROR_FIELDS, "The Aadhaar QR's reference id is malformed");
      goto out;
    }
  memcpy (data->last4, f[F_REFERENCE], 4);
  data->last4[4] = '\0';

  data->dob = parse_date (f[F_DOB], '-', &year);
  data->year_of_birth = year;
  if (f[F_NAME][0] == '\0' || data->dob == NULL || !parse_gender (f[F_GENDER], &data->gender) ||
      strlen (f[F_GENDER]) != 1 || !valid_pincode (f[F_PINCODE]))
    {
      fail (error, SEWA_AADHAAR_ERROR_FIELDS, "The Aadhaar QR's name, date of birth, gender or PIN code is malformed");
      goto out;
    }

  data->name = g_steal_pointer (&f[F_NAME]);
  data->care_of = g_steal_pointer (&f[F_CARE_OF]);
  data->district = g_steal_pointer (&f[F_DISTRICT]);
  data->landmark = g_steal_pointer (&f[F_LANDMARK]);
  data->house = g_steal_pointer (&f[F_HOUSE]);
  data->location = g_steal_pointer (&f[F_LOCATION]);
  data->pincode = g_steal_pointer (&f[F_PINCODE]);
  data->post_office = g_steal_pointer (&f[F_POST_OFFICE]);
  data->state = g_steal_pointer (&f[F_STATE]);
  data->street = g_steal_pointer (&f[F_STREET]);
  data->sub_district = g_steal_pointer (&f[F_SUB_DISTRICT]);
  data->vtc = g_steal_pointer (&f[F_VTC]);
  ok = TRUE;

out:
  for (guint i = 0; i < N_V1_FIELDS; i++)
    wipe_str (f[i]);
  return ok;
}

/* --- the photo's JPEG 2000 codestream ------------------------------------------------------ */

#define J2K_SOC 0xFF4F
#define J2K_SIZ 0xFF51
#define J2K_SOT 0xFF90
#define J2K_SOD 0xFF93
#define J2K_EOC 0xFFD9
#define J2K_SOT_LEN 12 /* the SOT marker segment: marker, Lsot = 10, Isot, Psot, TPsot, TNsot */

static guint
get_u16 (const guint8 *b)
{
  return ((guint) b[0] << 8) | b[1];
}

static guint32
get_u32 (const guint8 *b)
{
  return ((guint32) b[0] << 24) | ((guint32) b[1] << 16) | ((guint32) b[2] << 8) | b[3];
}

static gboolean
ends_with_eoc (const guint8 *b, gsize end)
{
  return end >= 2 && get_u16 (b + end - 2) == J2K_EOC;
}

/* Steps over the marker segments of a header from *pos until the marker STOP (not consumed),
 * never past limit. Only 0xFF30–0xFF3F have no length (ISO/IEC 15444-1 A.1.3); SOC, SOD, EOC
 * and SOT cannot appear inside a header, and any of them here means the stream is broken. */
static gboolean
j2k_skip_segments (const guint8 *b, gsize *pos, gsize limit, guint stop)
{
  while (*pos + 2 <= limit)
    {
      guint marker = get_u16 (b + *pos);
      guint seg_len;

      if (marker == stop)
        return TRUE;
      if (marker < 0xFF30 || marker == J2K_SOC || marker == J2K_SOT || marker == J2K_SOD || marker == J2K_EOC)
        return FALSE;
      if (marker <= 0xFF3F)
        {
          *pos += 2;
          continue;
        }
      if (*pos + 4 > limit)
        return FALSE;
      seg_len = get_u16 (b + *pos + 2);
      if (seg_len < 2 || seg_len > limit - *pos - 2)
        return FALSE;
      *pos += 2 + seg_len;
    }
  return FALSE;
}

/* Where the codestream that starts at b[start] ends (just past its EOC), or 0 when it is not a
 * well-formed codestream within b[start, limit). The end is walked from the stream's own
 * lengths: the main header's marker segments, then each tile-part by its Psot, so neither the
 * 0xFF bytes of the photo nor hash bytes that happen to read FF D9 can mislead it. A last
 * tile-part with Psot = 0 runs to the EOC, which only the layout after the photo can place: then
 * *open_ended is set and the return value is the least end the stream can have. */
static gsize
j2k_end (const guint8 *b, gsize start, gsize limit, gboolean *open_ended)
{
  gsize pos = start;

  *open_ended = FALSE;
  if (limit < start + 4 || get_u16 (b + start) != J2K_SOC || get_u16 (b + start + 2) != J2K_SIZ)
    return 0;
  pos += 2;
  if (!j2k_skip_segments (b, &pos, limit, J2K_SOT))
    return 0;

  /* Each tile-part: SOT, its header up to SOD, its data; then another SOT or the EOC. */
  for (;;)
    {
      gsize tile_start = pos, tile_end, header_pos;
      guint32 psot;

      if (pos + J2K_SOT_LEN > limit || get_u16 (b + pos) != J2K_SOT || get_u16 (b + pos + 2) != 10)
        return 0;
      psot = get_u32 (b + pos + 6);
      header_pos = pos + J2K_SOT_LEN;
      if (psot == 0)
        {
          /* The SOD must still be there; the data after it runs to the end marker. */
          if (!j2k_skip_segments (b, &header_pos, limit, J2K_SOD))
            return 0;
          *open_ended = TRUE;
          return header_pos + 2 + 2;
        }
      if (psot < J2K_SOT_LEN + 2 || psot > limit - tile_start)
        return 0;
      tile_end = tile_start + psot;
      if (!j2k_skip_segments (b, &header_pos, tile_end, J2K_SOD))
        return 0;
      pos = tile_end;
      if (pos + 2 > limit)
        return 0;
      if (get_u16 (b + pos) == J2K_EOC)
        return pos + 2;
    }
}

SewaAadhaarData *
sewa_aadhaar_parse_inflated (const guint8 *bytes, gsize len, const SewaAadhaarKey *key, GError **error)
{
  g_autoptr (SewaAadhaarData) data = NULL;
  Cursor c = { 0 };
  gsize signed_len, photo_end, n_hashes;
  gboolean open_ended = FALSE;

  g_return_val_if_fail (bytes != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len <= SIGNATURE_LEN)
    {
      fail (error, SEWA_AADHAAR_ERROR_FIELDS, "The Aadhaar QR is too short");
      return NULL;
    }
  signed_len = len - SIGNATURE_LEN;
  c.data = bytes;
  c.len = signed_len;

  data = g_new0 (SewaAadhaarData, 1);
  if (!parse_fields (&c, data, error))
    return NULL;

  /* The photo runs from the last text field's delimiter to its own end marker; it holds 0xFF
   * bytes itself, so its end comes from its codestream, never from a delimiter. What follows
   * it is either nothing or the hashes the indicator announces, whatever the version: V1 as
   * UIDAI documents it, V2 both ways as implementations write it. */
  n_hashes = (data->email_mobile_indicator & 1) + ((data->email_mobile_indicator >> 1) & 1);
  photo_end = j2k_end (bytes, c.pos, signed_len, &open_ended);
  if (photo_end == 0)
    {
      fail (error, SEWA_AADHAAR_ERROR_PHOTO, "The Aadhaar QR's photo is not a JPEG 2000 codestream");
      return NULL;
    }
  if (open_ended)
    {
      /* The last tile-part runs to the end marker (Psot = 0), so the layouts are what can say
       * where that is: the end marker must sit right before the hashes or the signature. When
       * both fit (the hashes end in FF D9 by chance), the version's usual layout is taken. */
      gboolean bare = signed_len >= photo_end && ends_with_eoc (bytes, signed_len);
      gboolean hashed = n_hashes > 0 && signed_len >= photo_end + n_hashes * HASH_LEN &&
                        ends_with_eoc (bytes, signed_len - n_hashes * HASH_LEN);

      if (bare && hashed)
        hashed = data->format == SEWA_AADHAAR_FORMAT_SECURE_V1;
      else if (!bare && !hashed)
        {
          fail (error, SEWA_AADHAAR_ERROR_PHOTO, "The Aadhaar QR's photo has no end marker where it must end");
          return NULL;
        }
      photo_end = signed_len - (hashed ? n_hashes * HASH_LEN : 0);
    }
  else if (signed_len - photo_end != 0 && signed_len - photo_end != n_hashes * HASH_LEN)
    {
      fail (error, SEWA_AADHAAR_ERROR_LAYOUT,
            "The Aadhaar QR's bytes after the photo are neither absent nor the announced e-mail/mobile hashes");
      return NULL;
    }
  data->photo_len = photo_end - c.pos;
  data->photo = g_memdup2 (bytes + c.pos, data->photo_len);
  data->has_photo = TRUE;

  if (photo_end < signed_len)
    {
      if (data->email_mobile_indicator & 1)
        {
          memcpy (data->email_hash, bytes + photo_end, HASH_LEN);
          data->has_email_hash = TRUE;
        }
      if (data->email_mobile_indicator & 2)
        {
          memcpy (data->mobile_hash, bytes + signed_len - HASH_LEN, HASH_LEN);
          data->has_mobile_hash = TRUE;
        }
    }

  if (key == NULL)
    {
      fail (error, SEWA_AADHAAR_ERROR_NO_CERT,
            "No UIDAI certificate is configured, so the Aadhaar QR cannot be verified");
      return NULL;
    }
  if (!signature_valid (key, bytes, signed_len, bytes + signed_len))
    {
      fail (error, SEWA_AADHAAR_ERROR_SIGNATURE, "The Aadhaar QR's signature is not valid");
      return NULL;
    }
  data->verified = TRUE;
  return g_steal_pointer (&data);
}

/* Decimal text → big-endian bytes (leading zero bytes vanish, as in every decoder). */
static guint8 *
decimal_to_bytes (const guint8 *payload, gsize len, gsize *out_len)
{
  char *text = g_malloc (len + 1);
  BIGNUM *bn = NULL;
  guint8 *out = NULL;
  int n;

  memcpy (text, payload, len);
  text[len] = '\0';
  n = BN_dec2bn (&bn, text);
  explicit_bzero (text, len);
  g_free (text);
  if (n != (int) len || bn == NULL || BN_is_zero (bn))
    {
      BN_clear_free (bn);
      return NULL;
    }
  *out_len = (gsize) BN_num_bytes (bn);
  out = g_malloc (*out_len);
  BN_bn2bin (bn, out);
  BN_clear_free (bn);
  return out;
}

/* Inflates gzip or zlib into at most SEWA_AADHAAR_MAX_INFLATED bytes; the stream must end
 * exactly at the end of the input. */
static guint8 *
inflate_bounded (const guint8 *in, gsize in_len, gsize *out_len, GError **error)
{
  z_stream zs = { 0 };
  guint8 *out = g_malloc (SEWA_AADHAAR_MAX_INFLATED);
  int ret;

  if (inflateInit2 (&zs, 15 + 32) != Z_OK)
    {
      g_free (out);
      fail (error, SEWA_AADHAAR_ERROR_DECOMPRESS, "Cannot start decompression");
      return NULL;
    }
  zs.next_in = (Bytef *) in;
  zs.avail_in = (uInt) in_len;
  zs.next_out = out;
  zs.avail_out = SEWA_AADHAAR_MAX_INFLATED;
  ret = inflate (&zs, Z_FINISH);
  *out_len = SEWA_AADHAAR_MAX_INFLATED - zs.avail_out;
  inflateEnd (&zs);

  if (ret == Z_STREAM_END && zs.avail_in == 0)
    return out;

  explicit_bzero (out, *out_len);
  g_free (out);
  if (ret != Z_STREAM_END && zs.avail_out == 0)
    fail (error, SEWA_AADHAAR_ERROR_TOO_LARGE, "The Aadhaar QR decompresses to too much data");
  else
    fail (error, SEWA_AADHAAR_ERROR_DECOMPRESS, "The Aadhaar QR's data is not a complete compressed stream");
  return NULL;
}

SewaAadhaarData *
sewa_aadhaar_parse_secure (const guint8 *payload, gsize len, const SewaAadhaarKey *key, GError **error)
{
  guint8 *compressed, *inflated;
  gsize clen = 0, ilen = 0;
  SewaAadhaarData *data;

  g_return_val_if_fail (payload != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len == 0 || !all_digits (payload, len))
    {
      fail (error, SEWA_AADHAAR_ERROR_NOT_NUMERIC, "An Aadhaar Secure QR holds digits only");
      return NULL;
    }
  if (len > SEWA_AADHAAR_MAX_DIGITS)
    {
      fail (error, SEWA_AADHAAR_ERROR_TOO_LARGE, "The Aadhaar QR is too long");
      return NULL;
    }
  compressed = decimal_to_bytes (payload, len, &clen);
  if (compressed == NULL)
    {
      fail (error, SEWA_AADHAAR_ERROR_DECOMPRESS, "The Aadhaar QR's number is empty");
      return NULL;
    }
  inflated = inflate_bounded (compressed, clen, &ilen, error);
  explicit_bzero (compressed, clen);
  g_free (compressed);
  if (inflated == NULL)
    return NULL;

  data = sewa_aadhaar_parse_inflated (inflated, ilen, key, error);
  explicit_bzero (inflated, ilen);
  g_free (inflated);
  return data;
}

/* --- old XML QR ---------------------------------------------------------------------------- */

static const char *const xml_attributes[] = {
  "uid", "name", "gender", "yob", "co", "house", "street", "lm", "loc", "vtc", "po",
  "dist", "subdist", "state", "pc", "dob",
};

typedef struct
{
  guint n_roots;
  char *values[G_N_ELEMENTS (xml_attributes)];
} XmlState;

static void
xml_start (GMarkupParseContext *ctx, const char *element, const char **names, const char **values,
           gpointer user_data, GError **error)
{
  XmlState *st = user_data;

  if (g_markup_parse_context_get_element_stack (ctx)->next != NULL || st->n_roots > 0 ||
      !g_str_equal (element, "PrintLetterBarcodeData"))
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT, "unexpected element");
      return;
    }
  st->n_roots++;
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint a;

      for (a = 0; a < G_N_ELEMENTS (xml_attributes); a++)
        if (g_str_equal (names[i], xml_attributes[a]))
          break;
      if (a == G_N_ELEMENTS (xml_attributes) || st->values[a] != NULL || strlen (values[i]) > MAX_FIELD)
        {
          g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ATTRIBUTE,
                               "unexpected, repeated or overlong attribute");
          return;
        }
      st->values[a] = strdup_trimmed (values[i]);
    }
}

static void
xml_text (GMarkupParseContext *ctx, const char *text, gsize len, gpointer user_data, GError **error)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      {
        g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "unexpected text");
        return;
      }
}

static void
xml_passthrough (GMarkupParseContext *ctx, const char *text, gsize len, gpointer user_data, GError **error)
{
  XmlState *st = user_data;

  /* Only the XML declaration, before the element. No DOCTYPE (so no entities), no comments. */
  if (st->n_roots > 0 || len < 6 || memcmp (text, "<?xml ", 6) != 0)
    g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "unexpected markup");
}

static const char *
xml_value (XmlState *st, const char *name)
{
  for (guint a = 0; a < G_N_ELEMENTS (xml_attributes); a++)
    if (g_str_equal (xml_attributes[a], name))
      return st->values[a];
  g_assert_not_reached ();
  return NULL;
}

static char *
xml_take (XmlState *st, const char *name)
{
  for (guint a = 0; a < G_N_ELEMENTS (xml_attributes); a++)
    if (g_str_equal (xml_attributes[a], name))
      return st->values[a] != NULL ? g_steal_pointer (&st->values[a]) : g_strdup ("");
  g_assert_not_reached ();
  return NULL;
}

SewaAadhaarData *
sewa_aadhaar_parse_xml (const guint8 *payload, gsize len, GError **error)
{
  static const GMarkupParser parser = { xml_start, NULL, xml_text, xml_passthrough, NULL };
  g_autoptr (SewaAadhaarData) data = NULL;
  GMarkupParseContext *ctx;
  XmlState st = { 0 };
  const char *uid, *yob, *dob, *pc;
  gboolean ok, number_fails = FALSE;
  guint dob_year = 0;

  g_return_val_if_fail (payload != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len == 0 || len > MAX_XML || memchr (payload, '\0', len) != NULL ||
      !g_utf8_validate ((const char *) payload, (gssize) len, NULL))
    {
      fail (error, SEWA_AADHAAR_ERROR_XML, "The Aadhaar QR is not a readable XML document");
      return NULL;
    }
  if (len >= 3 && memcmp (payload, "\xEF\xBB\xBF", 3) == 0)
    {
      payload += 3;
      len -= 3;
    }

  ctx = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &st, NULL);
  ok = g_markup_parse_context_parse (ctx, (const char *) payload, (gssize) len, NULL) &&
       g_markup_parse_context_end_parse (ctx, NULL) && st.n_roots == 1;
  g_markup_parse_context_free (ctx);

  data = g_new0 (SewaAadhaarData, 1);
  data->format = SEWA_AADHAAR_FORMAT_XML;
  data->verified = FALSE;

  uid = xml_value (&st, "uid");
  yob = xml_value (&st, "yob");
  dob = xml_value (&st, "dob");
  pc = xml_value (&st, "pc");
  if (ok && str_all_digits (uid, 12) && uid[0] >= '2' && !sewa_verhoeff_validate (uid, 12))
    {
      /* A well-formed number whose check digit is wrong: a misprinted or altered card, which
       * the citizen is told in so many words rather than "unreadable". */
      number_fails = TRUE;
      ok = FALSE;
    }
  if (ok)
    {
      ok = str_all_digits (uid, 12) && uid[0] >= '2' &&
           xml_value (&st, "name") != NULL && xml_value (&st, "name")[0] != '\0' &&
           parse_gender (xml_value (&st, "gender"), &data->gender) &&
           (yob != NULL || dob != NULL) && (pc == NULL || pc[0] == '\0' || valid_pincode (pc));
    }
  if (ok && dob != NULL && dob[0] != '\0')
    {
      data->dob = parse_date (dob, strlen (dob) > 2 && dob[2] == '/' ? '/' : '-', &dob_year);
      ok = data->dob != NULL;
    }
  if (ok && yob != NULL)
    {
      ok = str_all_digits (yob, 4) && g_ascii_strtoull (yob, NULL, 10) >= 1880 &&
           (dob_year == 0 || dob_year == g_ascii_strtoull (yob, NULL, 10));
      data->year_of_birth = (guint) g_ascii_strtoull (yob, NULL, 10);
    }
  else if (ok)
    {
      data->year_of_birth = dob_year;
      ok = dob_year != 0;
    }

  if (ok)
    {
      /* Mask at once: from here on only the last four digits exist in our memory. */
      memcpy (data->last4, uid + 8, 4);
      data->last4[4] = '\0';
      data->name = xml_take (&st, "name");
      data->care_of = xml_take (&st, "co");
      data->house = xml_take (&st, "house");
      data->street = xml_take (&st, "street");
      data->landmark = xml_take (&st, "lm");
      data->location = xml_take (&st, "loc");
      data->vtc = xml_take (&st, "vtc");
      data->post_office = xml_take (&st, "po");
      data->district = xml_take (&st, "dist");
      data->sub_district = xml_take (&st, "subdist");
      data->state = xml_take (&st, "state");
      data->pincode = xml_take (&st, "pc");
    }
  for (guint a = 0; a < G_N_ELEMENTS (xml_attributes); a++)
    wipe_str (st.values[a]);

  if (number_fails)
    {
      fail (error, SEWA_AADHAAR_ERROR_NUMBER_CHECK, "The Aadhaar number on this card does not check out");
      return NULL;
    }
  if (!ok)
    {
      fail (error, SEWA_AADHAAR_ERROR_XML, "The Aadhaar QR's XML is malformed or incomplete");
      return NULL;
    }
  return g_steal_pointer (&data);
}

/* --- mobile / e-mail ----------------------------------------------------------------------- */

/* SHA-256 of the contact, then of the previous digest's lowercase hex, n times in all, where
 * n is the Aadhaar number's last digit (0 and 1 both mean once). */
static gboolean
hash_matches (const SewaAadhaarData *data, const char *contact, const guint8 expected[HASH_LEN])
{
  guint n = (guint) (data->last4[3] - '0');
  guint8 digest[HASH_LEN];
  gsize dlen = HASH_LEN;
  gboolean match;

  if (n < 1)
    n = 1;
  {
    g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    g_checksum_update (sum, (const guchar *) contact, (gssize) strlen (contact));
    g_checksum_get_digest (sum, digest, &dlen);
  }
  for (guint i = 1; i < n; i++)
    {
      g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      char hex[HASH_LEN * 2 + 1];

      for (guint b = 0; b < HASH_LEN; b++)
        {
          hex[2 * b] = "0123456789abcdef"[digest[b] >> 4];
          hex[2 * b + 1] = "0123456789abcdef"[digest[b] & 15];
        }
      hex[HASH_LEN * 2] = '\0';
      g_checksum_update (sum, (const guchar *) hex, HASH_LEN * 2);
      dlen = HASH_LEN;
      g_checksum_get_digest (sum, digest, &dlen);
      explicit_bzero (hex, sizeof hex);
    }
  match = CRYPTO_memcmp (digest, expected, HASH_LEN) == 0;
  explicit_bzero (digest, sizeof digest);
  return match;
}

/* 10 digits from what a person types: spaces, dashes, +91, 91 or 0 in front. */
static gboolean
normalise_mobile (const char *mobile, char out[11])
{
  char digits[32];
  gsize n = 0;
  const char *p = mobile;

  if (g_str_has_prefix (p, "+91"))
    p += 3;
  for (; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isdigit (*p) || n >= sizeof digits - 1)
        return FALSE;
      digits[n++] = *p;
    }
  digits[n] = '\0';
  if (n == 12 && g_str_has_prefix (digits, "91"))
    memmove (digits, digits + 2, 11), n = 10;
  else if (n == 11 && digits[0] == '0')
    memmove (digits, digits + 1, 11), n = 10;
  if (n != 10)
    return FALSE;
  memcpy (out, digits, 11);
  explicit_bzero (digits, sizeof digits);
  return TRUE;
}

SewaAadhaarMatch
sewa_aadhaar_check_mobile (const SewaAadhaarData *data, const char *mobile)
{
  char digits[11];
  SewaAadhaarMatch result;

  g_return_val_if_fail (data != NULL, SEWA_AADHAAR_MATCH_NO_DATA);
  g_return_val_if_fail (mobile != NULL, SEWA_AADHAAR_MATCH_NO_DATA);

  if (data->has_mobile_hash)
    {
      if (!normalise_mobile (mobile, digits))
        return SEWA_AADHAAR_MATCH_NO;
      result = hash_matches (data, digits, data->mobile_hash) ? SEWA_AADHAAR_MATCH_YES : SEWA_AADHAAR_MATCH_NO;
    }
  else if (data->mobile_last4 != NULL && data->mobile_last4[0] != '\0')
    {
      if (!normalise_mobile (mobile, digits))
        return SEWA_AADHAAR_MATCH_NO;
      result = memcmp (digits + 6, data->mobile_last4, 4) == 0 ? SEWA_AADHAAR_MATCH_YES : SEWA_AADHAAR_MATCH_NO;
    }
  else
    return SEWA_AADHAAR_MATCH_NO_DATA;
  explicit_bzero (digits, sizeof digits);
  return result;
}

SewaAadhaarMatch
sewa_aadhaar_check_email (const SewaAadhaarData *data, const char *email)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *lower = NULL;
  gboolean match;

  g_return_val_if_fail (data != NULL, SEWA_AADHAAR_MATCH_NO_DATA);
  g_return_val_if_fail (email != NULL, SEWA_AADHAAR_MATCH_NO_DATA);

  if (!data->has_email_hash)
    return SEWA_AADHAAR_MATCH_NO_DATA;
  trimmed = strdup_trimmed (email);
  lower = g_ascii_strdown (trimmed, -1);
  /* As registered, or as typed with different capitals. */
  match = hash_matches (data, trimmed, data->email_hash) || hash_matches (data, lower, data->email_hash);
  explicit_bzero (trimmed, strlen (trimmed));
  explicit_bzero (lower, strlen (lower));
  return match ? SEWA_AADHAAR_MATCH_YES : SEWA_AADHAAR_MATCH_NO;
}

char *
sewa_aadhaar_masked_number (const SewaAadhaarData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return g_strdup_printf ("XXXX XXXX %s", data->last4);
}
