/* sewa-doc-check.h — the outcome of checking one scanned document at the kiosk (pre-scrutiny).
 *
 * While the citizen goes on with the journey, each photographed document is read by OCR on one
 * worker thread (drivers/sewa-ocr.h), its type is guessed from keywords and layout, and the
 * applicant's name (and number/date where the type has one) is compared with the form. The
 * result is one SewaDocCheck per document slot of the catalog. The pre-scrutiny report
 * (kiosk/sewa-prescrutiny.h) collects them with the completeness and eligibility checks.
 *
 * No OCR text of the document itself is kept here: only scores, flags and versions, so the
 * record can travel with the application and be shown on the review screen.
 */
#pragma once

#include <json-glib/json-glib.h>
#include "sewa-lang.h"

G_BEGIN_DECLS

typedef enum
{
  SEWA_DOC_CHECK_PENDING = 0,  /* queued or running; the review screen may have to wait */
  SEWA_DOC_CHECK_PASSED,       /* type as expected; the name (if checked) matches */
  SEWA_DOC_CHECK_FLAGGED,      /* something for the citizen to check; never blocks submission */
  SEWA_DOC_CHECK_UNREADABLE,   /* OCR found too little text: suggest scanning again */
  SEWA_DOC_CHECK_SKIPPED,      /* not checked: a vault document (the portal verified it), or no OCR */
} SewaDocCheckOutcome;

/* Why a check was flagged. Several may apply; flags is a bit set of these. */
typedef enum
{
  SEWA_DOC_FLAG_NONE          = 0,
  SEWA_DOC_FLAG_WRONG_TYPE    = 1 << 0,  /* looks like classified_type, not expected_type */
  SEWA_DOC_FLAG_NAME_MISMATCH = 1 << 1,  /* no name on the page close to the applicant's */
  SEWA_DOC_FLAG_NUMBER_MISMATCH = 1 << 2, /* a number/date on the page differs from the form's */
} SewaDocCheckFlags;

typedef struct
{
  char *doc_id;            /* the catalog document slot (DOCUMENT.id) */
  char *expected_type;     /* the type code the citizen said they brought (e.g. "BIRCR") */
  char *classified_type;   /* the classifier's best guess, or NULL when nothing scored */
  double type_score;       /* 0..1, the classifier's confidence in classified_type */
  gboolean name_checked;   /* FALSE when the type carries no name or no name was given */
  double name_score;       /* 0..1, best fuzzy match of the applicant's name on the page */
  SewaDocCheckOutcome outcome;
  SewaDocCheckFlags flags;
  double ocr_confidence;   /* tesseract's mean word confidence, 0..100 */
  gint64 ocr_ms;           /* wall time the OCR of this document took */
  char *engine;            /* e.g. "tesseract 5.3.0; pan 4.1.0, hin 4.1.0, eng 4.1.0" */
  /* TRUE when a number or date from the form (the catalog's "number_fields") was looked for
   * on the page; SEWA_DOC_FLAG_NUMBER_MISMATCH says it was not found. */
  gboolean number_checked;
} SewaDocCheck;

SewaDocCheck *sewa_doc_check_new (const char *doc_id, const char *expected_type);
SewaDocCheck *sewa_doc_check_copy (const SewaDocCheck *check);
void          sewa_doc_check_free (SewaDocCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaDocCheck, sewa_doc_check_free)

const char   *sewa_doc_check_outcome_to_string (SewaDocCheckOutcome outcome);

/* The check as the report's JSON object (docs/portal-api.md, "prescrutiny"):
 * {"document": ID, "expected_type", "classified_type"|null, "type_score", "name_checked",
 *  "name_score", "outcome", "flags": [...], "ocr_confidence", "ocr_ms", "engine", "number_checked"}. */
JsonNode     *sewa_doc_check_to_json (const SewaDocCheck *check);

/* One plain sentence for the review screen in @lang, e.g. "Your name on the Aadhaar card
 * matches" or "The income certificate could not be read — scan it again?". @doc_label is the
 * catalog's label of the slot in @lang. Newly allocated. */
char         *sewa_doc_check_describe (const SewaDocCheck *check, const char *doc_label, SewaLang lang);

G_END_DECLS
