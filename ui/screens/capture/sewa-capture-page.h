/* sewa-capture-page.h — photograph a document on the kiosk's stand, page by page.
 *
 * Live preview (or the last frame) with a frame guide, a large "Take photo" button, the
 * processed page shown for confirmation with a plain instruction when it must be retaken,
 * and the pages kept so far with "remove". A card is photographed on both sides: two pages. All camera calls and page processing run off the
 * main loop and are cancelled when the citizen's session ends.
 */
#pragma once

#include <adwaita.h>
#include "sewa-camera.h"
#include "sewa-page.h"
#include "sewa-store.h"

G_BEGIN_DECLS

#define SEWA_TYPE_CAPTURE_PAGE (sewa_capture_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaCapturePage, sewa_capture_page, SEWA, CAPTURE_PAGE, AdwBin)

GtkWidget  *sewa_capture_page_new (SewaCamera *camera, const char *document_id,
                                   const char *document_label, const SewaPageOptions *options,
                                   GCancellable *cancellable);
/* Where the camera's full photo size is kept between runs, so the frame guide is drawn at the
 * stand's scale before this run's first photo; read now if this run has not taken one. */
void        sewa_capture_page_set_store (SewaCapturePage *self, SewaStore *store);
const char *sewa_capture_page_get_document_id (SewaCapturePage *self);
guint       sewa_capture_page_get_n_pages (SewaCapturePage *self);
GBytes     *sewa_capture_page_get_page (SewaCapturePage *self, guint index);
const char *sewa_capture_page_get_state (SewaCapturePage *self);
const char *sewa_capture_page_get_message (SewaCapturePage *self);
SewaPageVerdict sewa_capture_page_get_last_verdict (SewaCapturePage *self);

G_END_DECLS
