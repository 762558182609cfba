/* sewa-qr-dedup.h — report each code once while it is held in front of the camera.
 *
 * The camera decodes the same code in frame after frame. A read is new when its payload has
 * not been seen within the window; every repeat pushes the window on, so a code held still
 * for a minute is reported once, and shown again after it has been away for a whole window.
 *
 * Only a SHA-256 of each payload is kept, never the payload (it may be an Aadhaar QR), and
 * only for the few most recent codes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SewaQrDedup SewaQrDedup;

#define SEWA_QR_DEDUP_DEFAULT_WINDOW_MS 3000

SewaQrDedup *sewa_qr_dedup_new (guint window_ms) G_GNUC_WARN_UNUSED_RESULT;
void         sewa_qr_dedup_free (SewaQrDedup *self);

/* TRUE when (data, len) seen at now_us (monotonic microseconds) is a new read to act on. */
gboolean     sewa_qr_dedup_check (SewaQrDedup *self, const guint8 *data, gsize len, gint64 now_us);

/* Forgets everything (end of a citizen session). */
void         sewa_qr_dedup_reset (SewaQrDedup *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaQrDedup, sewa_qr_dedup_free)

G_END_DECLS
