/* sewa-qr-dedup.c — see sewa-qr-dedup.h. */
#include "sewa-qr-dedup.h"

#include <string.h>

/* More distinct codes than this within one window do not happen at a kiosk; when they do, the
 * oldest is forgotten and may be reported again, which is harmless. */
#define N_SLOTS 16
#define DIGEST_LEN 32

typedef struct
{
  guint8 digest[DIGEST_LEN];
  gint64 last_seen_us;
  gboolean used;
} Slot;

struct _SewaQrDedup
{
  gint64 window_us;
  Slot slots[N_SLOTS];
};

SewaQrDedup *
sewa_qr_dedup_new (guint window_ms)
{
  SewaQrDedup *self = g_new0 (SewaQrDedup, 1);

  self->window_us = (gint64) window_ms * 1000;
  return self;
}

void
sewa_qr_dedup_free (SewaQrDedup *self)
{
  if (self == NULL)
    return;
  explicit_bzero (self, sizeof *self);
  g_free (self);
}

void
sewa_qr_dedup_reset (SewaQrDedup *self)
{
  g_return_if_fail (self != NULL);
  explicit_bzero (self->slots, sizeof self->slots);
}

static void
digest_of (const guint8 *data, gsize len, guint8 digest[DIGEST_LEN])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize dlen = DIGEST_LEN;

  g_checksum_update (sum, data, (gssize) len);
  g_checksum_get_digest (sum, digest, &dlen);
  g_assert (dlen == DIGEST_LEN);
}

gboolean
sewa_qr_dedup_check (SewaQrDedup *self, const guint8 *data, gsize len, gint64 now_us)
{
  guint8 digest[DIGEST_LEN];
  Slot *oldest = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  digest_of (data, len, digest);
  for (guint i = 0; i < N_SLOTS; i++)
    {
      Slot *slot = &self->slots[i];

      if (slot->used && memcmp (slot->digest, digest, DIGEST_LEN) == 0)
        {
          /* Seen before: a repeat while within the window (which slides with each repeat).
           * A clock that went backwards counts as a repeat rather than a new read. */
          gboolean repeat = now_us - slot->last_seen_us < self->window_us;

          slot->last_seen_us = now_us;
          explicit_bzero (digest, sizeof digest);
          return !repeat;
        }
      if (!slot->used)
        {
          if (oldest == NULL || oldest->used)
            oldest = slot;
        }
      else if (oldest == NULL || (oldest->used && slot->last_seen_us < oldest->last_seen_us))
        oldest = slot;
    }
  memcpy (oldest->digest, digest, DIGEST_LEN);
  oldest->last_seen_us = now_us;
  oldest->used = TRUE;
  explicit_bzero (digest, sizeof digest);
  return TRUE;
}
