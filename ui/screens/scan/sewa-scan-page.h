/* sewa-scan-page.h — read a QR code held up to the kiosk camera.
 *
 * The camera view (live preview frames when the camera has live view, else the last still
 * taken here) with a square frame guide, one plain instruction, a "Scan" button that takes a
 * still, and a message area. Frames are decoded off the main loop by a worker that owns the
 * page's SewaQrDecoder: one frame in flight at a time, the newest waiting frame replacing
 * older ones, so a slow decode never builds a backlog. Each code is acted on once while it is
 * held in view (SewaQrDedup).
 *
 * A purpose says which codes the screen is for. A code that fits is announced with
 * "accepted"; anything else gets a plain message in the citizen's language and the page keeps
 * scanning. Keyboard-wedge scans reach the same path through sewa_scan_page_handle_payload().
 */
#pragma once

#include <adwaita.h>
#include "sewa-camera.h"
#include "sewa-qr-payload.h"

G_BEGIN_DECLS

typedef enum
{
  SEWA_SCAN_PURPOSE_IDENTITY,     /* Aadhaar Secure QR (verified) or old XML QR (unverified) */
  SEWA_SCAN_PURPOSE_STATUS,       /* the QR on a kiosk receipt */
  SEWA_SCAN_PURPOSE_PROVISIONING, /* the technician's enrolment code */
} SewaScanPurpose;

/* Live-preview frames get a smaller decode budget than stills: the next frame comes soon. */
#define SEWA_SCAN_PREVIEW_BUDGET_MS 60

#define SEWA_TYPE_SCAN_PAGE (sewa_scan_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaScanPage, sewa_scan_page, SEWA, SCAN_PAGE, AdwBin)

/* uidai_key is borrowed and must outlive the page (NULL: Secure QRs cannot be verified). */
GtkWidget      *sewa_scan_page_new (SewaCamera *camera, SewaScanPurpose purpose,
                                    const SewaAadhaarKey *uidai_key, GCancellable *cancellable);
SewaScanPurpose sewa_scan_page_get_purpose (SewaScanPage *self);

/* The secondary button (e.g. "Back to the form", "Type the reference number"). */
void            sewa_scan_page_set_alternative (SewaScanPage *self, const char *label,
                                                const char *action_name);

/* Classifies a payload from any source against the purpose: shows why it does not fit, or
 * emits "accepted" (SewaQrPayload *, borrowed for the emission; a handler may steal and free
 * its members). TRUE when accepted. */
gboolean        sewa_scan_page_handle_payload (SewaScanPage *self, const guint8 *data, gsize len);

/* What to tell the citizen about a classified code that does not fit PURPOSE, translated;
 * NULL when it fits. Shared with screens that take wedge scans without a scan page. */
const char     *sewa_scan_rejection_message (SewaScanPurpose purpose, const SewaQrPayload *payload);

/* For tests and the operator. */
const char     *sewa_scan_page_get_message (SewaScanPage *self);
void            sewa_scan_page_show_message (SewaScanPage *self, const char *text, gboolean problem);
gboolean        sewa_scan_page_is_busy (SewaScanPage *self);
guint           sewa_scan_page_get_n_decoded (SewaScanPage *self);

G_END_DECLS
