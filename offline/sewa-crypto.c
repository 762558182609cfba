#define G_LOG_DOMAIN "sewa-store"

#include "sewa-crypto.h"
#include "sewa-store.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_MAGIC "SEWAKEY1"
#define KEY_MAGIC_LEN 8
#define KEY_FILE_LEN (KEY_MAGIC_LEN + SEWA_KEY_BYTES)
#define KDF_CONTEXT "sewakios" /* crypto_kdf contexts are exactly 8 bytes */

enum
{
  SUBKEY_AEAD = 1,
  SUBKEY_PAGE_ADDRESS = 2,
  SUBKEY_CHECK = 3,
};

/* The master key is not kept: only the derived sub-keys, in sodium_malloc'd memory (guard pages,
 * locked where the system allows, wiped on free). */
struct _SewaKey
{
  guint8 *aead;    /* crypto_aead_xchacha20poly1305_ietf_KEYBYTES */
  guint8 *address; /* crypto_auth_hmacsha256_KEYBYTES */
  guint8 *check;   /* crypto_generichash_KEYBYTES */
};

G_STATIC_ASSERT (crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
                     crypto_aead_xchacha20poly1305_ietf_ABYTES == SEWA_SEAL_OVERHEAD);

gboolean
sewa_crypto_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_IO,
                   "libsodium could not be initialised");
      return FALSE;
    }
  return TRUE;
}

SewaKey *
sewa_key_new_from_bytes (const guint8 *master, gsize len)
{
  SewaKey *key;

  g_return_val_if_fail (master != NULL, NULL);
  g_return_val_if_fail (len == SEWA_KEY_BYTES, NULL);
  G_STATIC_ASSERT (crypto_kdf_KEYBYTES == SEWA_KEY_BYTES);

  if (sodium_init () < 0)
    return NULL;
  key = g_new0 (SewaKey, 1);
  key->aead = sodium_malloc (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  key->address = sodium_malloc (crypto_auth_hmacsha256_KEYBYTES);
  key->check = sodium_malloc (crypto_generichash_KEYBYTES);
  g_assert (key->aead != NULL && key->address != NULL && key->check != NULL);
  crypto_kdf_derive_from_key (key->aead, crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
                              SUBKEY_AEAD, KDF_CONTEXT, master);
  crypto_kdf_derive_from_key (key->address, crypto_auth_hmacsha256_KEYBYTES,
                              SUBKEY_PAGE_ADDRESS, KDF_CONTEXT, master);
  crypto_kdf_derive_from_key (key->check, crypto_generichash_KEYBYTES, SUBKEY_CHECK,
                              KDF_CONTEXT, master);
  return key;
}

void
sewa_key_free (SewaKey *key)
{
  if (key == NULL)
    return;
  sodium_free (key->aead);
  sodium_free (key->address);
  sodium_free (key->check);
  g_free (key);
}

SewaKey *
sewa_key_parse (const guint8 *data, gsize len, GError **error)
{
  if (len != KEY_FILE_LEN || memcmp (data, KEY_MAGIC, KEY_MAGIC_LEN) != 0)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_INVALID,
                   "not a sewa-kiosk key file (expected %d bytes starting with %s, got %"
                   G_GSIZE_FORMAT " bytes)", KEY_FILE_LEN, KEY_MAGIC, len);
      return NULL;
    }
  return sewa_key_new_from_bytes (data + KEY_MAGIC_LEN, SEWA_KEY_BYTES);
}

SewaKey *
sewa_key_load (const char *path, GError **error)
{
  guint8 buf[KEY_FILE_LEN + 1];
  struct stat st;
  ssize_t n;
  SewaKey *key;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SEWA_STORE_ERROR,
                   saved == ENOENT ? SEWA_STORE_ERROR_KEY_MISSING : SEWA_STORE_ERROR_KEY_INVALID,
                   "key file %s: %s", path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_INVALID,
                   "key file %s is not a regular file", path);
      close (fd);
      return NULL;
    }
  /* Refuse a key anyone else can read: a copied key decrypts every queued application. */
  if ((st.st_mode & 077) != 0)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_INVALID,
                   "key file %s has mode %04o; it must be readable by its owner only "
                   "(chmod 600 %s)", path, (unsigned) (st.st_mode & 07777), path);
      close (fd);
      return NULL;
    }
  n = read (fd, buf, sizeof buf);
  close (fd);
  if (n < 0)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_INVALID, "key file %s: %s",
                   path, g_strerror (errno));
      return NULL;
    }
  key = sewa_key_parse (buf, (gsize) n, error);
  sodium_memzero (buf, sizeof buf);
  if (key == NULL)
    g_prefix_error (error, "key file %s: ", path);
  return key;
}

static gboolean
write_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static gboolean
fsync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

gboolean
sewa_file_replace_durable (const char *path, const guint8 *data, gsize len, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  int fd;
  int saved;

  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  tmp = g_strdup_printf ("%s.new.%d", path, (int) getpid ());
  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    goto io_error;
  if (fchmod (fd, 0600) != 0 || !write_all (fd, data, len) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      unlink (tmp);
      errno = saved;
      goto io_error;
    }
  if (close (fd) != 0 || rename (tmp, path) != 0)
    {
      saved = errno;
      unlink (tmp);
      errno = saved;
      goto io_error;
    }
  /* Without this the rename itself may not survive a power cut. */
  if (!fsync_dir (dir))
    goto io_error;
  return TRUE;

io_error:
  saved = errno;
  g_set_error (error, SEWA_STORE_ERROR,
               saved == ENOSPC || saved == EDQUOT ? SEWA_STORE_ERROR_NO_SPACE : SEWA_STORE_ERROR_IO,
               "cannot write %s: %s", path,
               saved == ENOSPC || saved == EDQUOT ? "the disk is full" : g_strerror (saved));
  return FALSE;
}

SewaKey *
sewa_key_create (const char *path, GError **error)
{
  return sewa_key_create_full (path, NULL, NULL, NULL, error);
}

SewaKey *
sewa_key_create_full (const char *path, SewaKeyBeforeInstallFunc before_install,
                      gpointer user_data, gboolean *out_created, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  guint8 buf[KEY_FILE_LEN];
  SewaKey *key = NULL;
  int fd;
  int saved;

  g_return_val_if_fail (path != NULL, NULL);
  if (out_created != NULL)
    *out_created = FALSE;
  if (!sewa_crypto_init (error))
    return NULL;

  dir = g_path_get_dirname (path);
  tmp = g_strdup_printf ("%s.new.%d", path, (int) getpid ());
  memcpy (buf, KEY_MAGIC, KEY_MAGIC_LEN);
  randombytes_buf (buf + KEY_MAGIC_LEN, SEWA_KEY_BYTES);

  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    goto io_error;
  /* The umask cannot widen 0600, but an inherited file could have been wider. */
  if (fchmod (fd, 0600) != 0 || !write_all (fd, buf, sizeof buf) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      unlink (tmp);
      errno = saved;
      goto io_error;
    }
  close (fd);
  if (before_install != NULL)
    {
      g_autoptr (SewaKey) fresh = sewa_key_new_from_bytes (buf + KEY_MAGIC_LEN, SEWA_KEY_BYTES);

      if (!before_install (fresh, user_data, error))
        {
          unlink (tmp);
          goto out;
        }
    }
  /* link() fails with EEXIST where rename() would silently replace: a key that exists is never
   * overwritten. */
  if (link (tmp, path) != 0)
    {
      saved = errno;
      unlink (tmp);
      if (saved == EEXIST)
        {
          /* Another process created it first (it links only a complete, synced file):
           * use that one, never replace it. */
          key = sewa_key_load (path, error);
          goto out;
        }
      errno = saved;
      goto io_error;
    }
  unlink (tmp);
  if (!fsync_dir (dir))
    goto io_error;
  key = sewa_key_new_from_bytes (buf + KEY_MAGIC_LEN, SEWA_KEY_BYTES);
  if (out_created != NULL)
    *out_created = TRUE;
  goto out;

io_error:
  saved = errno;
  g_set_error (error, SEWA_STORE_ERROR,
               saved == ENOSPC || saved == EDQUOT ? SEWA_STORE_ERROR_NO_SPACE : SEWA_STORE_ERROR_IO,
               "cannot create key file %s: %s", path, g_strerror (saved));
out:
  sodium_memzero (buf, sizeof buf);
  return key;
}

void
sewa_key_check_value (const SewaKey *key, guint8 out[SEWA_KEY_CHECK_BYTES])
{
  static const char label[] = "sewa-kiosk key check v1";

  g_return_if_fail (key != NULL);
  crypto_generichash (out, SEWA_KEY_CHECK_BYTES, (const guint8 *) label, sizeof label - 1,
                      key->check, crypto_generichash_KEYBYTES);
}

void
sewa_key_page_address (const SewaKey *key, const guint8 sha256[32],
                       guint8 out[SEWA_PAGE_ADDRESS_BYTES])
{
  g_return_if_fail (key != NULL);
  G_STATIC_ASSERT (crypto_auth_hmacsha256_BYTES == SEWA_PAGE_ADDRESS_BYTES);
  crypto_auth_hmacsha256 (out, sha256, 32, key->address);
}

GBytes *
sewa_key_seal (const SewaKey *key, const guint8 *plain, gsize len, const guint8 *ad, gsize ad_len)
{
  const gsize npub = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  guint8 *out;
  unsigned long long clen = 0;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (plain != NULL || len == 0, NULL);

  out = g_malloc (len + SEWA_SEAL_OVERHEAD);
  randombytes_buf (out, npub);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + npub, &clen, plain, len, ad, ad_len, NULL,
                                              out, key->aead);
  g_assert (clen == len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  return g_bytes_new_take (out, len + SEWA_SEAL_OVERHEAD);
}

guint8 *
sewa_key_open (const SewaKey *key, const guint8 *sealed, gsize sealed_len, const guint8 *ad,
               gsize ad_len, gsize *out_len, GError **error)
{
  const gsize npub = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  unsigned long long plen = 0;
  guint8 *out;

  g_return_val_if_fail (key != NULL, NULL);

  if (sealed == NULL || sealed_len < SEWA_SEAL_OVERHEAD)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "sealed value is truncated (%" G_GSIZE_FORMAT " bytes)", sealed_len);
      return NULL;
    }
  out = g_malloc (sealed_len - SEWA_SEAL_OVERHEAD + 1);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (out, &plen, NULL, sealed + npub,
                                                  sealed_len - npub, ad, ad_len, sealed,
                                                  key->aead) != 0)
    {
      g_free (out);
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "sealed value fails authentication (altered on disk, or not this row's)");
      return NULL;
    }
  out[plen] = '\0';
  if (out_len != NULL)
    *out_len = (gsize) plen;
  return out;
}

void
sewa_crypto_sha256 (const guint8 *data, gsize len, guint8 out[32])
{
  crypto_hash_sha256 (out, data, len);
}

char *
sewa_crypto_hex (const guint8 *data, gsize len)
{
  char *out = g_malloc (len * 2 + 1);

  sodium_bin2hex (out, len * 2 + 1, data, len);
  return out;
}

gboolean
sewa_crypto_unhex (const char *hex, guint8 *out, gsize out_len)
{
  size_t bin_len = 0;
  const char *end = NULL;

  if (hex == NULL || strlen (hex) != out_len * 2)
    return FALSE;
  if (sodium_hex2bin (out, out_len, hex, out_len * 2, NULL, &bin_len, &end) != 0)
    return FALSE;
  return bin_len == out_len && end != NULL && *end == '\0';
}

char *
sewa_crypto_uuid (void)
{
  guint8 b[16];

  randombytes_buf (b, sizeof b);
  b[6] = (guint8) ((b[6] & 0x0f) | 0x40); /* version 4 */
  b[8] = (guint8) ((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
                          b[11], b[12], b[13], b[14], b[15]);
}
