/* Request signing (docs/portal-api.md §2): the string to sign, HMAC-SHA256, and the nonce
 * cache that turns away replays within the window. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_SIM_AUTH_WINDOW 300

/* METHOD "\n" TARGET "\n" TIMESTAMP "\n" NONCE "\n" hex(SHA-256(body)). */
char *sewa_sim_auth_string_to_sign (const char *method, const char *target, const char *timestamp,
                                    const char *nonce, const void *body, gsize body_len) G_GNUC_WARN_UNUSED_RESULT;

/* Lowercase hex HMAC-SHA256 keyed with the UTF-8 bytes of @secret. */
char *sewa_sim_auth_sign (const char *secret, const char *string_to_sign) G_GNUC_WARN_UNUSED_RESULT;

/* Constant-time comparison of two hex signatures. */
gboolean sewa_sim_auth_signature_equal (const char *a, const char *b);

typedef struct _SewaSimNonceCache SewaSimNonceCache;

SewaSimNonceCache *sewa_sim_nonce_cache_new (void);
void sewa_sim_nonce_cache_free (SewaSimNonceCache *cache);
/* Records (device, nonce) seen at @now; FALSE when it was already seen within the window.
 * Thread-safe. Entries older than the window are dropped as the cache is used. */
gboolean sewa_sim_nonce_cache_check_and_add (SewaSimNonceCache *cache, const char *device,
                                             const char *nonce, gint64 now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaSimNonceCache, sewa_sim_nonce_cache_free)

G_END_DECLS
