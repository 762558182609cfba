/* sewa-doc-type.h — names of the document type codes a catalog's requirements accept.
 *
 * A requirement lists the types that satisfy it (any_of: ADHAR, VOTID, …, see
 * docs/catalog-schema.md). When several are accepted the citizen is asked which one they
 * brought, so the application files the page under the right type; the names are shown in the
 * citizen's language, like district names (sewa-district.h).
 */
#pragma once

#include <glib.h>
#include "sewa-lang.h"

G_BEGIN_DECLS

/* The name of CODE in LANG, or NULL for a code this kiosk does not know (the caller then shows
 * the code itself rather than nothing). */
const char *sewa_doc_type_name (const char *code, SewaLang lang);

G_END_DECLS
