/* sewa-validate.h — the validation engine: per field a SewaFieldError code, per page a verdict.
 *
 * Pure functions of the form definition, the values and "today". Today is injectable so tests
 * (and a kiosk whose clock is being corrected) do not depend on the wall clock: pass NULL for
 * the local date.
 */
#pragma once

#include <glib.h>
#include "sewa-catalog.h"
#include "sewa-field-error.h"
#include "sewa-form.h"

G_BEGIN_DECLS

typedef struct
{
  const SewaFormField       *field;  /* borrowed from the form */
  SewaFieldError             code;
  const SewaEligibilityRule *rule;   /* for SEWA_FIELD_ERROR_NOT_ELIGIBLE, else NULL */
} SewaFieldIssue;

/* One value of one field; VALUE NULL or "" means empty. Does not look at show-if. */
SewaFieldError sewa_validate_field (const SewaFormField *field, const char *value,
                                    const GDate *today);

/* Validates the visible fields of one section (one page). Returns TRUE when the page may be
 * left (no issue other than warnings). When OUT_ISSUES is not NULL it receives a new GArray of
 * SewaFieldIssue, in field order, warnings included. */
gboolean       sewa_validate_section (const SewaForm *form, guint section_index,
                                      const SewaFormValues *values, const GDate *today,
                                      GArray **out_issues);
/* Every section. */
gboolean       sewa_validate_form (const SewaForm *form, const SewaFormValues *values,
                                   const GDate *today, GArray **out_issues);
/* The service's eligibility rules against the values (rules whose field is empty or hidden
 * are skipped: the form validation reports those). Issues have code NOT_ELIGIBLE and RULE. */
gboolean       sewa_validate_eligibility (SewaService *service, const SewaFormValues *values,
                                          const GDate *today, GArray **out_issues);

/* Helpers the UI may want while the citizen types. */
gboolean       sewa_parse_date (const char *text, GDate *out_date); /* strict DD-MM-YYYY */
gboolean       sewa_is_punjab_pincode (const char *pincode);
/* Whole years between DOB and TODAY. */
int            sewa_age_years (const GDate *dob, const GDate *today);

G_END_DECLS
