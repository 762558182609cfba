/* sewa-crypto.h — the kiosk's key file and the sealing of citizen data at rest (libsodium).
 *
 * Key file: exactly 40 bytes, "SEWAKEY1" followed by 32 random bytes, mode 0600. It is created
 * once, at first start or at provisioning, with O_EXCL semantics (a new key never replaces an
 * existing one: that would orphan every queued application; if another process wins the race,
 * its key is loaded), written to a temporary file,
 * fsync'd, linked into place and the directory fsync'd, so a power cut leaves either no key file
 * or a whole one.
 *
 * Sub-keys are derived from the master key with crypto_kdf (BLAKE2b), one per purpose, so the
 * AEAD key, the page-address key and the key-check value are independent:
 *   - seal/open: XChaCha20-Poly1305-IETF, random 24-byte nonce per seal, stored as
 *     nonce || ciphertext || tag; the associated data binds a sealed value to its row (a
 *     ciphertext copied to another row fails to open).
 *   - page address: HMAC-SHA-256 over the page's SHA-256, so pages are content-addressed and
 *     deduplicated without putting a plain hash of a citizen's document in the database (a plain
 *     SHA-256 of a well-known document would reveal who attached it).
 *   - key check: a keyed BLAKE2b of a constant, stored in the database, so opening a queue with
 *     the wrong key is a clear error instead of undecryptable rows.
 *
 * Errors are reported in SEWA_STORE_ERROR (sewa-store.h).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_KEY_BYTES 32
#define SEWA_KEY_CHECK_BYTES 32
#define SEWA_PAGE_ADDRESS_BYTES 32
#define SEWA_SEAL_OVERHEAD 40 /* 24-byte nonce + 16-byte tag */

typedef struct _SewaKey SewaKey;

gboolean sewa_crypto_init (GError **error);

SewaKey *sewa_key_load (const char *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;
SewaKey *sewa_key_create (const char *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Called with the new key once its file is written and synced but before it is linked into
 * place: whatever must exist before the key does is written here. FALSE (with @error) abandons
 * the new key. */
typedef gboolean (*SewaKeyBeforeInstallFunc) (const SewaKey *key, gpointer user_data,
                                              GError **error);
/* sewa_key_create() with a hook; *out_created FALSE when another process created the key first
 * (its key is returned, and the hook's work was for nothing). */
SewaKey *sewa_key_create_full (const char *path, SewaKeyBeforeInstallFunc before_install,
                               gpointer user_data, gboolean *out_created,
                               GError **error) G_GNUC_WARN_UNUSED_RESULT;
SewaKey *sewa_key_new_from_bytes (const guint8 *key, gsize len) G_GNUC_WARN_UNUSED_RESULT;
SewaKey *sewa_key_parse (const guint8 *data, gsize len, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void     sewa_key_free (SewaKey *key);

void sewa_key_check_value (const SewaKey *key, guint8 out[SEWA_KEY_CHECK_BYTES]);
void sewa_key_page_address (const SewaKey *key, const guint8 sha256[32],
                            guint8 out[SEWA_PAGE_ADDRESS_BYTES]);

/* Returns nonce || ciphertext || tag (len + SEWA_SEAL_OVERHEAD bytes). */
GBytes *sewa_key_seal (const SewaKey *key, const guint8 *plain, gsize len,
                       const guint8 *ad, gsize ad_len) G_GNUC_WARN_UNUSED_RESULT;
/* Returns the plaintext, or NULL with SEWA_STORE_ERROR_CORRUPT if the value was altered, was
 * sealed for another row, or under another key. The result is NUL-terminated one byte past
 * *out_len, so text can be used directly. */
guint8 *sewa_key_open (const SewaKey *key, const guint8 *sealed, gsize sealed_len,
                       const guint8 *ad, gsize ad_len, gsize *out_len,
                       GError **error) G_GNUC_WARN_UNUSED_RESULT;

void sewa_crypto_sha256 (const guint8 *data, gsize len, guint8 out[32]);
char *sewa_crypto_hex (const guint8 *data, gsize len) G_GNUC_WARN_UNUSED_RESULT;
gboolean sewa_crypto_unhex (const char *hex, guint8 *out, gsize out_len);
/* Replaces @path with @data durably, mode 0600: a temporary file next to it is written and
 * fsync'd, renamed over @path and the directory fsync'd, so a power cut leaves either the old
 * contents or the new ones, and once it returns TRUE the new ones survive. NO_SPACE when the disk
 * is full, IO otherwise (SEWA_STORE_ERROR). */
gboolean sewa_file_replace_durable (const char *path, const guint8 *data, gsize len,
                                    GError **error);
/* A random (version 4) UUID from libsodium's CSPRNG, lowercase, 36 characters. */
char *sewa_crypto_uuid (void) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaKey, sewa_key_free)

G_END_DECLS
