/* sewa-test-docs.h — generated document pages of every catalog type, with known text, in
 * Punjabi, Hindi and English, photographed on the stand and put through the page pipeline's
 * real path (sewa-page.h), for the OCR checks' tests and bench/prescrutiny.
 */
#pragma once

#include <glib.h>
#include "sewa-lang.h"

G_BEGIN_DECLS

/* A person whose name is printed on the generated documents, in each script. */
typedef struct
{
  const char *pa, *hi, *en;
} SewaTestPerson;

const SewaTestPerson *sewa_test_docs_people (guint *n);

/* The text printed on a document of @code in @lang for @holder (in @lang's script), with
 * @number (may be NULL). Newly allocated. */
char   *sewa_test_docs_text (const char *code, SewaLang lang, const SewaTestPerson *holder, const char *number);

/* The processed page JPEG (as the kiosk keeps it) of that document photographed on the stand
 * with seed @seed; @blur > 0 blurs the photo by that sigma (an unreadable page). NULL when the
 * pipeline found no page (the caller's test then fails). */
GBytes *sewa_test_docs_page (const char *code, SewaLang lang, const SewaTestPerson *holder, const char *number,
                             guint32 seed, double blur);

G_END_DECLS
