#include "sim-auth.h"
#include "sim-util.h"

#include <sodium.h>
#include <string.h>

char *
sewa_sim_auth_string_to_sign (const char *method, const char *target, const char *timestamp,
                              const char *nonce, const void *body, gsize body_len)
{
  g_autofree char *body_hash = sewa_sim_sha256_hex (body != NULL ? body : "", body != NULL ? body_len : 0);

  return g_strjoin ("\n", method, target, timestamp, nonce, body_hash, NULL);
}

char *
sewa_sim_auth_sign (const char *secret, const char *string_to_sign)
{
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret),
                                    string_to_sign, -1);
}

gboolean
sewa_sim_auth_signature_equal (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  if (la != lb)
    return FALSE;
  return sodium_memcmp (a, b, la) == 0;
}

struct _SewaSimNonceCache {
  GMutex lock;
  GHashTable *seen;   /* "device\nnonce" -> gint64 time (boxed) */
  gint64 last_sweep;
};

SewaSimNonceCache *
sewa_sim_nonce_cache_new (void)
{
  SewaSimNonceCache *c = g_new0 (SewaSimNonceCache, 1);

  g_mutex_init (&c->lock);
  c->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return c;
}

void
sewa_sim_nonce_cache_free (SewaSimNonceCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->seen);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

static gboolean
expired (gpointer key, gpointer value, gpointer user_data)
{
  gint64 now = *(gint64 *) user_data;

  /* Twice the window: a nonce stays refused as long as any timestamp it could carry is accepted. */
  return *(gint64 *) value < now - 2 * SEWA_SIM_AUTH_WINDOW;
}

gboolean
sewa_sim_nonce_cache_check_and_add (SewaSimNonceCache *cache, const char *device, const char *nonce, gint64 now)
{
  g_autofree char *key = g_strconcat (device, "\n", nonce, NULL);
  gboolean fresh;

  g_mutex_lock (&cache->lock);
  if (now - cache->last_sweep > 10)
    {
      g_hash_table_foreach_remove (cache->seen, expired, &now);
      cache->last_sweep = now;
    }
  fresh = !g_hash_table_contains (cache->seen, key);
  if (fresh)
    g_hash_table_insert (cache->seen, g_steal_pointer (&key), g_memdup2 (&now, sizeof now));
  g_mutex_unlock (&cache->lock);
  return fresh;
}
