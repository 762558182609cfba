/* sewa-search.h — finding a service by what a citizen types, in any of the three scripts.
 *
 * An in-memory SQLite FTS5 index (trigram tokenizer) over the transliteration skeletons
 * (sewa-translit.h) of every service's name, department and description in pa, hi and en,
 * plus a word table for queries too short for trigrams (prefix scan). Ranking, best first:
 * exact name, a word of the name starting with the query, a word of the department, a word of
 * the description, the query inside a word anywhere, then typo-tolerant matches (one or two
 * edits on the skeleton). Within a tier: whole-word matches, earlier words, shorter names and
 * the citizen's language come first.
 *
 * Built once per catalog; queries are synchronous and take well under 5 ms on the 848-service
 * catalog (bench/search), fast enough to run on every keystroke on the main loop.
 */
#pragma once

#include <glib.h>
#include "sewa-catalog.h"

G_BEGIN_DECLS

#define SEWA_SEARCH_ERROR (sewa_search_error_quark ())
GQuark sewa_search_error_quark (void);

typedef enum
{
  SEWA_SEARCH_ERROR_SQLITE,    /* SQLite failed or lacks FTS5 trigram support */
} SewaSearchError;

typedef enum
{
  SEWA_SEARCH_MATCH_EXACT_NAME = 0, /* the whole name */
  SEWA_SEARCH_MATCH_NAME_PREFIX,    /* every query word starts a word of the name */
  SEWA_SEARCH_MATCH_DEPARTMENT,     /* … or of the department's name */
  SEWA_SEARCH_MATCH_DESCRIPTION,    /* … or of the description */
  SEWA_SEARCH_MATCH_SUBSTRING,      /* a query word inside a word */
  SEWA_SEARCH_MATCH_FUZZY,          /* within one or two edits */
} SewaSearchMatch;

typedef struct
{
  SewaService    *service;     /* a reference */
  SewaSearchMatch match;
  SewaLang        matched_lang; /* the language whose text matched */
} SewaSearchHit;

typedef struct _SewaSearch SewaSearch;

SewaSearch *sewa_search_new (SewaCatalog *catalog, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void        sewa_search_free (SewaSearch *search);
/* At most LIMIT hits (0 = no limit), best first, one per service. An empty or
 * whitespace-only query gives an empty array. Free with g_ptr_array_unref(). */
GPtrArray  *sewa_search_query (SewaSearch *search, const char *query, SewaLang lang,
                               guint limit) G_GNUC_WARN_UNUSED_RESULT;
const char *sewa_search_match_nick (SewaSearchMatch match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaSearch, sewa_search_free)

G_END_DECLS
