/* sewa-doctype-page.h — "Which document is it?": one large tile per accepted document type,
 * for a requirement that several types satisfy (an ID proof: Aadhaar, voter card, passport…).
 * A tile activates win.choose-doc-type with (requirement id, type code). */
#pragma once

#include <adwaita.h>
#include "sewa-catalog.h"

G_BEGIN_DECLS

#define SEWA_TYPE_DOCTYPE_PAGE (sewa_doctype_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaDoctypePage, sewa_doctype_page, SEWA, DOCTYPE_PAGE, AdwBin)

GtkWidget *sewa_doctype_page_new (const SewaDocumentRequirement *req, SewaLang lang);
/* The tile for CODE, or NULL. */
GtkWidget *sewa_doctype_page_get_tile (SewaDoctypePage *self, const char *code);

G_END_DECLS
