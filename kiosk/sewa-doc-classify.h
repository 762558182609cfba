/* sewa-doc-classify.h — which document type a page's OCR text most likely is.
 *
 * Every type code of the seed catalog (docs/catalog-schema.md) has keyword phrases in Punjabi,
 * Hindi and English: its name (sewa-doc-type.h), its issuing authority and the labels printed
 * on it. Phrases are matched on the transliteration skeleton (sewa-translit.h), so a Hindi
 * page read partly as Gurmukhi still meets its words, and one misread letter in a long word is
 * forgiven. Simple layout cues add to the score: the number formats printed on cards (PAN,
 * Aadhaar, EPIC, passport, driving licence, IFSC).
 *
 * The result says "this looks like a ration card" with a confidence; it never blocks the
 * citizen. Pure GLib; OCR text is outside input (bounded work, invalid UTF-8 scores nothing).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *best_type;   /* static type code, or NULL when no type scored enough */
  double best_raw;         /* the best type's summed phrase weights */
  double second_raw;       /* the runner-up's */
  double confidence;       /* 0..1: how clearly best_type wins (margin and strength) */
  double expected_raw;     /* the expected type's own raw score (0 without one) */
} SewaDocClassification;

/* Scores @text against every known type. @expected_type may be NULL. */
void     sewa_doc_classify (const char *text, const char *expected_type, SewaDocClassification *out);

/* Should the citizen be told the page looks like another type than @expected_type? Only when
 * the classifier is confident and the expected type scored well under the winner, so a page
 * that is simply hard to read is not called the wrong document. */
gboolean sewa_doc_classify_is_wrong_type (const SewaDocClassification *c, const char *expected_type);

/* What the checks need to know of a type. */
typedef struct
{
  int psm;                 /* tesseract page segmentation mode for it */
  gboolean has_text;       /* FALSE for a photograph: nothing to read */
  gboolean has_name;       /* the holder's / applicant's name is printed on it */
} SewaDocTypeTraits;

/* Traits of @code; a code the classifier does not know gets those of a text page. */
void     sewa_doc_classify_traits (const char *code, SewaDocTypeTraits *out);

/* The type codes the classifier knows, NULL-terminated (static). */
const char *const *sewa_doc_classify_types (void);

G_END_DECLS
