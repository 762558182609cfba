/* OCR text of a photographed page is outside input: the type classifier and the name and
 * number matchers take any bytes, stay bounded, and keep their scores in range. The first line
 * of the input is used as the applicant's name, the rest as the page. */
#include "sewa-doc-classify.h"
#include "sewa-name-match.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *all = g_strndup ((const char *) data, size);
  const char *nl = strchr (all, '\n');
  g_autofree char *name = g_strndup (all, nl != NULL ? (gsize) (nl - all) : strlen (all));
  const char *text = nl != NULL ? nl + 1 : "";
  SewaDocClassification c;
  g_autofree char *key = sewa_name_key (name);
  double score;

  sewa_doc_classify (text, "BIRCR", &c);
  g_assert_cmpfloat (c.confidence, >=, 0.0);
  g_assert_cmpfloat (c.confidence, <=, 1.0);
  g_assert_true (c.best_type == NULL || c.best_raw >= c.second_raw);
  (void) sewa_doc_classify_is_wrong_type (&c, "BIRCR");
  score = sewa_name_match_score (name, text);
  g_assert_cmpfloat (score, >=, 0.0);
  g_assert_cmpfloat (score, <=, 1.0);
  g_assert_nonnull (key);
  (void) sewa_name_match_number (name, text);
  return 0;
}
