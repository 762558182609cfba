/* sewa-field-error.h — why a form value is not acceptable, as a code the UI can act on.
 *
 * kiosk/ never chooses the words: sewa_field_error_msgid() gives an English msgid marked with
 * N_() (so xgettext collects it from kiosk/sewa-validate.c) and ui/ shows
 * gettext (msgid) in the citizen's language. Codes are stable; add new ones at the end.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SEWA_FIELD_OK = 0,
  SEWA_FIELD_ERROR_REQUIRED,
  SEWA_FIELD_ERROR_TOO_SHORT,
  SEWA_FIELD_ERROR_TOO_LONG,
  SEWA_FIELD_ERROR_BAD_CHARACTERS,      /* control characters, or not UTF-8 */
  SEWA_FIELD_ERROR_NAME_CHARACTERS,     /* a name with digits or symbols */
  SEWA_FIELD_ERROR_DATE_FORMAT,         /* not DD-MM-YYYY */
  SEWA_FIELD_ERROR_DATE_INVALID,        /* e.g. 31-02-2020 */
  SEWA_FIELD_ERROR_DATE_IN_FUTURE,
  SEWA_FIELD_ERROR_DATE_TOO_EARLY,
  SEWA_FIELD_ERROR_DATE_TOO_LATE,
  SEWA_FIELD_ERROR_MOBILE_LENGTH,       /* not 10 digits */
  SEWA_FIELD_ERROR_MOBILE_PREFIX,       /* does not start with 6, 7, 8 or 9 */
  SEWA_FIELD_ERROR_AADHAAR_LENGTH,      /* not 12 digits */
  SEWA_FIELD_ERROR_AADHAAR_FIRST_DIGIT, /* starts with 0 or 1: never issued */
  SEWA_FIELD_ERROR_AADHAAR_CHECKSUM,    /* Verhoeff check digit wrong: a typing mistake */
  SEWA_FIELD_ERROR_AADHAAR_NOT_MASKED,  /* set without sewa_form_values_set_aadhaar() */
  SEWA_FIELD_ERROR_PINCODE_FORMAT,      /* not 6 digits, or starts with 0 */
  SEWA_FIELD_WARNING_PINCODE_OUTSIDE_PUNJAB, /* a warning: the page may still be left */
  SEWA_FIELD_ERROR_EMAIL_FORMAT,
  SEWA_FIELD_ERROR_NUMBER_FORMAT,
  SEWA_FIELD_ERROR_NUMBER_TOO_SMALL,
  SEWA_FIELD_ERROR_NUMBER_TOO_LARGE,
  SEWA_FIELD_ERROR_OPTION_UNKNOWN,      /* select value not among the options */
  SEWA_FIELD_ERROR_DISTRICT_UNKNOWN,
  SEWA_FIELD_ERROR_YESNO_INVALID,
  SEWA_FIELD_ERROR_CONSENT_REQUIRED,
  SEWA_FIELD_ERROR_NOT_ELIGIBLE,        /* an eligibility rule failed; the rule has a message */
  SEWA_N_FIELD_ERRORS
} SewaFieldError;

/* The English msgid for CODE, wrapped in N_() in the source: translate with gettext(). */
const char *sewa_field_error_msgid (SewaFieldError code);
/* A stable ASCII name ("required", "aadhaar-checksum", …) for logs, tests and kioskctl. */
const char *sewa_field_error_nick (SewaFieldError code);
/* TRUE for codes that inform but do not block leaving the page. */
gboolean    sewa_field_error_is_warning (SewaFieldError code);

G_END_DECLS
