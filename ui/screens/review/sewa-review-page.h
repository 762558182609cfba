/* sewa-review-page.h — "Check your application": every answer as the citizen gave it (Aadhaar
 * masked), every document (pages scanned, or already on file), each with "Change", then the
 * fee and Submit. Change activates win.change-answer (field id) or win.scan-document
 * (document id); Submit activates win.submit, which checks the application itself. */
#pragma once

#include <adwaita.h>
#include "sewa-catalog.h"
#include "sewa-form.h"

G_BEGIN_DECLS

#define SEWA_TYPE_REVIEW_PAGE (sewa_review_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaReviewPage, sewa_review_page, SEWA, REVIEW_PAGE, AdwBin)

/* @values: the citizen's answers (borrowed, read only). @documents and @on_file as for
 * sewa_documents_page_new(). */
GtkWidget  *sewa_review_page_new (SewaService *service, const SewaFormValues *values,
                                  GHashTable *documents, GHashTable *on_file, SewaLang lang,
                                  gboolean upi_here);
void        sewa_review_page_show_error (SewaReviewPage *self, const char *text);
const char *sewa_review_page_get_error (SewaReviewPage *self);
/* Submit's look: ready (the primary action) or incomplete (dimmed, still tappable: win.submit
 * answers with what is missing). */
void        sewa_review_page_set_ready (SewaReviewPage *self, gboolean ready);
/* The pre-scrutiny report in plain words (SewaPrescrutinyLine*, kiosk/sewa-prescrutiny.h), shown
 * above the answers; a line that needs the citizen's attention is marked, none blocks Submit. */
void        sewa_review_page_set_prescrutiny (SewaReviewPage *self, GPtrArray *lines);
/* Submit is waiting for document checks still running: @text says so above Submit, with a
 * progress bar at @fraction (0 to 1); NULL hides both. */
void        sewa_review_page_set_checking (SewaReviewPage *self, const char *text, double fraction);
/* The text shown while Submit waits, or NULL. */
const char *sewa_review_page_get_checking (SewaReviewPage *self);

G_END_DECLS
