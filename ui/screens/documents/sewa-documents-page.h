/* sewa-documents-page.h — the documents a service needs, what has been scanned for each, the
 * fee, and "Review" (the review screen, where the application is submitted) once every
 * required document is there. */
#pragma once

#include <adwaita.h>
#include "sewa-catalog.h"

G_BEGIN_DECLS

#define SEWA_TYPE_DOCUMENTS_PAGE (sewa_documents_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaDocumentsPage, sewa_documents_page, SEWA, DOCUMENTS_PAGE, AdwBin)

#include "sewa-vault-doc.h"

/* @documents: document id → GPtrArray of GBytes pages (borrowed, read only). @on_file:
 * document id → SewaVaultDoc (borrowed) the citizen allowed to be used from their vault, or
 * NULL; such a document counts as given unless pages were scanned for it (a newer copy).
 * @upi_here: the centre takes UPI, so a UPI fee is offered as UPI. */
GtkWidget *sewa_documents_page_new (SewaService *service, GHashTable *documents,
                                    GHashTable *on_file, SewaLang lang, gboolean upi_here);
gboolean   sewa_documents_page_can_submit (SewaDocumentsPage *self);
/* Review's look: ready (the primary action) or still incomplete (dimmed, still tappable). */
void       sewa_documents_page_set_ready (SewaDocumentsPage *self, gboolean ready);
void       sewa_documents_page_show_error (SewaDocumentsPage *self, const char *text);
const char *sewa_documents_page_get_error (SewaDocumentsPage *self);

G_END_DECLS
