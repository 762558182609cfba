/* sewa-prescrutiny.h — the pre-scrutiny report of one application (#17).
 *
 * Before submitting, the kiosk checks what a scrutiny officer would check first: every required
 * field and document is there, each document is one of the types its catalog slot accepts ("any
 * one of"), the service's eligibility rules hold (age from the date of birth, income ceilings,
 * residence, category), and each scanned document's OCR check (kiosk/sewa-doc-check.h). Nothing
 * here blocks submission: a citizen who seems ineligible is told why, in plain words, and may
 * still apply. The report travels with the application ("prescrutiny", docs/portal-api.md §6),
 * and the portal may decide an instant service at once when it says all checks passed.
 *
 * The report holds ids, codes, scores and versions only; never a form value or OCR text.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include "sewa-catalog.h"
#include "sewa-doc-check.h"
#include "sewa-form.h"
#include "sewa-lang.h"

G_BEGIN_DECLS

/* The version of the record's layout; the portal reads "version" first. */
#define SEWA_PRESCRUTINY_VERSION 1

typedef struct _SewaPrescrutiny SewaPrescrutiny;

/* One line of the report in plain words, for the review screen. */
typedef struct
{
  char     *text;   /* in the language applied with sewa_lang_apply() */
  gboolean  ok;     /* TRUE: a check passed; FALSE: something for the citizen to look at */
} SewaPrescrutinyLine;

/* Builds the report.
 * @documents: catalog document slot id → the type code chosen for it (a DigiLocker-style
 *   code, or "" when none was chosen), one entry per slot the citizen filled; NULL = none.
 * @checks: SewaDocCheck* for scanned documents (borrowed, copied), or NULL when no check ran.
 * @identity_verified: the citizen's identity was verified at this visit (OTP, or an Aadhaar
 *   Secure QR whose signature was checked).
 * @catalog_version: the catalog the kiosk used, recorded as the data version.
 * @today: NULL for the local date (injectable for tests, as in sewa-validate.h). */
SewaPrescrutiny *sewa_prescrutiny_new (SewaService *service, const SewaFormValues *values,
                                       GHashTable *documents, GPtrArray *checks,
                                       gboolean identity_verified, const char *catalog_version,
                                       const GDate *today) G_GNUC_WARN_UNUSED_RESULT;
void             sewa_prescrutiny_free (SewaPrescrutiny *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaPrescrutiny, sewa_prescrutiny_free)

/* Every required field and document present, and every document of an allowed type. */
gboolean         sewa_prescrutiny_is_complete (const SewaPrescrutiny *self);
/* Every eligibility rule that applies holds. */
gboolean         sewa_prescrutiny_is_eligible (const SewaPrescrutiny *self);
/* Complete, eligible, and no document check pending, flagged or unreadable. */
gboolean         sewa_prescrutiny_all_passed (const SewaPrescrutiny *self);

/* The plain explanation of why the citizen seems ineligible, one paragraph per failed rule
 * (the catalog's message in @lang followed by a sentence saying they may still apply), or NULL
 * when they seem eligible. Newly allocated. */
char            *sewa_prescrutiny_explain_ineligible (const SewaPrescrutiny *self, SewaLang lang)
  G_GNUC_WARN_UNUSED_RESULT;

/* The report in plain words: SewaPrescrutinyLine*, new array owning its lines. @lang picks
 * catalog text (labels, rule messages); gettext text follows sewa_lang_apply(). */
GPtrArray       *sewa_prescrutiny_describe (const SewaPrescrutiny *self, SewaLang lang)
  G_GNUC_WARN_UNUSED_RESULT;

/* The record sent to the portal (docs/portal-api.md, "prescrutiny"):
 * {"version": 1, "checks_ran": ["completeness", "eligibility", "documents"?],
 *  "all_passed", "complete", "eligible", "identity_verified",
 *  "missing_fields": [ID…], "missing_documents": [ID…],
 *  "document_types": [{"document", "type", "allowed"}…],
 *  "eligibility": [{"field", "rule", "test", "passed"}…],
 *  "document_checks": [sewa_doc_check_to_json()…],
 *  "data_versions": {"catalog", "service"}} */
JsonNode        *sewa_prescrutiny_to_json (const SewaPrescrutiny *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
