/* sewa-validate.c — field rules, page verdicts, eligibility, and the error code table. */
#define G_LOG_DOMAIN "sewa-validate"

#include "sewa-validate.h"
#include "sewa-catalog-private.h"
#include "sewa-district.h"
#include "sewa-verhoeff.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* One row per code: the msgid for ui/ and a stable nick. Keeping both in one table keeps them
 * in step with the enum (a missing row is caught by test-validate). */
static const struct
{
  const char *msgid;
  const char *nick;
} error_table[SEWA_N_FIELD_ERRORS] = {
  [SEWA_FIELD_OK] = { NULL, "ok" },
  [SEWA_FIELD_ERROR_REQUIRED] = { N_("This is required."), "required" },
  [SEWA_FIELD_ERROR_TOO_SHORT] = { N_("This is too short."), "too-short" },
  [SEWA_FIELD_ERROR_TOO_LONG] = { N_("This is too long."), "too-long" },
  [SEWA_FIELD_ERROR_BAD_CHARACTERS] = { N_("This contains characters that are not allowed."), "bad-characters" },
  [SEWA_FIELD_ERROR_NAME_CHARACTERS] = { N_("A name can have only letters, spaces, dots and hyphens."), "name-characters" },
  [SEWA_FIELD_ERROR_DATE_FORMAT] = { N_("Enter the date as day-month-year, for example 05-08-1975."), "date-format" },
  [SEWA_FIELD_ERROR_DATE_INVALID] = { N_("This date does not exist."), "date-invalid" },
  [SEWA_FIELD_ERROR_DATE_IN_FUTURE] = { N_("This date cannot be in the future."), "date-in-future" },
  [SEWA_FIELD_ERROR_DATE_TOO_EARLY] = { N_("This date is too early."), "date-too-early" },
  [SEWA_FIELD_ERROR_DATE_TOO_LATE] = { N_("This date is too late."), "date-too-late" },
  [SEWA_FIELD_ERROR_MOBILE_LENGTH] = { N_("A mobile number has 10 digits."), "mobile-length" },
  [SEWA_FIELD_ERROR_MOBILE_PREFIX] = { N_("A mobile number starts with 6, 7, 8 or 9."), "mobile-prefix" },
  [SEWA_FIELD_ERROR_AADHAAR_LENGTH] = { N_("An Aadhaar number has 12 digits."), "aadhaar-length" },
  [SEWA_FIELD_ERROR_AADHAAR_FIRST_DIGIT] = { N_("An Aadhaar number does not start with 0 or 1."), "aadhaar-first-digit" },
  [SEWA_FIELD_ERROR_AADHAAR_CHECKSUM] = { N_("This Aadhaar number is not correct. Please check each digit."), "aadhaar-checksum" },
  [SEWA_FIELD_ERROR_AADHAAR_NOT_MASKED] = { N_("Please enter the Aadhaar number again."), "aadhaar-not-masked" },
  [SEWA_FIELD_ERROR_PINCODE_FORMAT] = { N_("A PIN code has 6 digits."), "pincode-format" },
  [SEWA_FIELD_WARNING_PINCODE_OUTSIDE_PUNJAB] = { N_("This PIN code is outside Punjab. Please check it."), "pincode-outside-punjab" },
  [SEWA_FIELD_ERROR_EMAIL_FORMAT] = { N_("This is not a valid email address."), "email-format" },
  [SEWA_FIELD_ERROR_NUMBER_FORMAT] = { N_("Enter digits only."), "number-format" },
  [SEWA_FIELD_ERROR_NUMBER_TOO_SMALL] = { N_("This number is too small."), "number-too-small" },
  [SEWA_FIELD_ERROR_NUMBER_TOO_LARGE] = { N_("This number is too large."), "number-too-large" },
  [SEWA_FIELD_ERROR_OPTION_UNKNOWN] = { N_("Please choose one of the options."), "option-unknown" },
  [SEWA_FIELD_ERROR_DISTRICT_UNKNOWN] = { N_("Please choose a district of Punjab."), "district-unknown" },
  [SEWA_FIELD_ERROR_YESNO_INVALID] = { N_("Please choose Yes or No."), "yesno-invalid" },
  [SEWA_FIELD_ERROR_CONSENT_REQUIRED] = { N_("Please tick the box to agree before continuing."), "consent-required" },
  [SEWA_FIELD_ERROR_NOT_ELIGIBLE] = { N_("You are not eligible for this service."), "not-eligible" },
};

const char *
sewa_field_error_msgid (SewaFieldError code)
{
  g_return_val_if_fail (code < SEWA_N_FIELD_ERRORS, "");
  return error_table[code].msgid != NULL ? error_table[code].msgid : "";
}

const char *
sewa_field_error_nick (SewaFieldError code)
{
  g_return_val_if_fail (code < SEWA_N_FIELD_ERRORS, "unknown");
  return error_table[code].nick;
}

gboolean
sewa_field_error_is_warning (SewaFieldError code)
{
  return code == SEWA_FIELD_WARNING_PINCODE_OUTSIDE_PUNJAB;
}

/* ---- helpers ----------------------------------------------------------------------------- */

typedef enum
{
  DATE_OK,
  DATE_BAD_FORMAT,
  DATE_NO_SUCH_DAY,
} DateParse;

static DateParse
parse_date (const char *text, GDate *out)
{
  guint d, m, y;

  if (text == NULL || strlen (text) != 10 || text[2] != '-' || text[5] != '-')
    return DATE_BAD_FORMAT;
  for (int i = 0; i < 10; i++)
    if (i != 2 && i != 5 && !g_ascii_isdigit (text[i]))
      return DATE_BAD_FORMAT;
  d = (guint) (text[0] - '0') * 10 + (guint) (text[1] - '0');
  m = (guint) (text[3] - '0') * 10 + (guint) (text[4] - '0');
  y = (guint) (text[6] - '0') * 1000 + (guint) (text[7] - '0') * 100 +
      (guint) (text[8] - '0') * 10 + (guint) (text[9] - '0');
  /* Nobody alive or any record the portal keeps predates 1850. */
  if (y < 1850 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return DATE_NO_SUCH_DAY;
  if (out != NULL)
    {
      g_date_clear (out, 1);
      g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
    }
  return DATE_OK;
}

gboolean
sewa_parse_date (const char *text, GDate *out_date)
{
  return parse_date (text, out_date) == DATE_OK;
}

static void
get_today (const GDate *today, GDate *out)
{
  if (today != NULL && g_date_valid (today))
    *out = *today;
  else
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_date_clear (out, 1);
      g_date_set_dmy (out, (GDateDay) g_date_time_get_day_of_month (now),
                      (GDateMonth) g_date_time_get_month (now),
                      (GDateYear) g_date_time_get_year (now));
    }
}

int
sewa_age_years (const GDate *dob, const GDate *today)
{
  int age;

  g_return_val_if_fail (dob != NULL && g_date_valid (dob), 0);
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);

  age = (int) g_date_get_year (today) - (int) g_date_get_year (dob);
  if (g_date_get_month (today) < g_date_get_month (dob) ||
      (g_date_get_month (today) == g_date_get_month (dob) &&
       g_date_get_day (today) < g_date_get_day (dob)))
    age--;
  return age;
}

static gboolean
all_ascii_digits (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

gboolean
sewa_is_punjab_pincode (const char *pincode)
{
  if (pincode == NULL || strlen (pincode) != 6 || !all_ascii_digits (pincode, 6))
    return FALSE;
  /* Punjab circle: 14xxxx and 15xxxx; Mohali (SAS Nagar) shares Chandigarh's 160xxx. */
  return g_str_has_prefix (pincode, "14") || g_str_has_prefix (pincode, "15") ||
         g_str_has_prefix (pincode, "160");
}

static SewaFieldError
check_text (const SewaFormField *field, const char *value, gboolean is_name)
{
  glong n;
  gboolean has_letter = FALSE;

  if (!g_utf8_validate (value, -1, NULL))
    return SEWA_FIELD_ERROR_BAD_CHARACTERS;
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0xFEFF)
        return SEWA_FIELD_ERROR_BAD_CHARACTERS;
      if (!is_name)
        continue;
      /* Gurmukhi and Devanagari vowel signs are marks, not letters; ZWJ/ZWNJ shape conjuncts. */
      if (g_unichar_isalpha (c))
        has_letter = TRUE;
      else if (!(g_unichar_ismark (c) || c == ' ' || c == '.' || c == '-' || c == '\'' ||
                 c == 0x200C || c == 0x200D))
        return SEWA_FIELD_ERROR_NAME_CHARACTERS;
    }
  if (is_name && !has_letter)
    return SEWA_FIELD_ERROR_NAME_CHARACTERS;
  n = g_utf8_strlen (value, -1);
  if (field->min_length > 0 && n < (glong) field->min_length)
    return SEWA_FIELD_ERROR_TOO_SHORT;
  if (field->max_length > 0 && n > (glong) field->max_length)
    return SEWA_FIELD_ERROR_TOO_LONG;
  return SEWA_FIELD_OK;
}

static SewaFieldError
check_date (const SewaFormField *field, const char *value, const GDate *today_in)
{
  GDate date, today;

  switch (parse_date (value, &date))
    {
    case DATE_BAD_FORMAT:
      return SEWA_FIELD_ERROR_DATE_FORMAT;
    case DATE_NO_SUCH_DAY:
      return SEWA_FIELD_ERROR_DATE_INVALID;
    case DATE_OK:
    default:
      break;
    }
  if (field->not_future)
    {
      get_today (today_in, &today);
      if (g_date_compare (&date, &today) > 0)
        return SEWA_FIELD_ERROR_DATE_IN_FUTURE;
    }
  if (field->min_julian != 0 && g_date_get_julian (&date) < field->min_julian)
    return SEWA_FIELD_ERROR_DATE_TOO_EARLY;
  if (field->max_julian != 0 && g_date_get_julian (&date) > field->max_julian)
    return SEWA_FIELD_ERROR_DATE_TOO_LATE;
  return SEWA_FIELD_OK;
}

static SewaFieldError
check_aadhaar (const char *value)
{
  char digits[13];
  gsize n = 0;
  gboolean ok;

  if (strlen (value) == 12 && g_str_has_prefix (value, "XXXXXXXX") && all_ascii_digits (value + 8, 4))
    return SEWA_FIELD_OK;
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isdigit (*p) || n >= 12)
        return SEWA_FIELD_ERROR_AADHAAR_LENGTH;
      digits[n++] = *p;
    }
  if (n != 12)
    return SEWA_FIELD_ERROR_AADHAAR_LENGTH;
  if (digits[0] == '0' || digits[0] == '1')
    return SEWA_FIELD_ERROR_AADHAAR_FIRST_DIGIT;
  ok = sewa_verhoeff_validate (digits, 12);
  explicit_bzero (digits, sizeof digits);
  /* A correct but unmasked number must not be accepted: it would be stored whole. */
  return ok ? SEWA_FIELD_ERROR_AADHAAR_NOT_MASKED : SEWA_FIELD_ERROR_AADHAAR_CHECKSUM;
}

static gboolean
email_label_ok (const char *start, gsize len)
{
  if (len == 0 || len > 63 || start[0] == '-' || start[len - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (start[i]) && start[i] != '-')
      return FALSE;
  return TRUE;
}

/* Deliberately simple: what a citizen types at a kiosk, not every address RFC 5322 allows. */
static gboolean
email_ok (const char *value)
{
  const char *at = strchr (value, '@');
  const char *domain, *label;
  gsize local_len;
  guint n_labels = 0;
  const char *last_label = NULL;

  if (at == NULL || strchr (at + 1, '@') != NULL || strlen (value) > 254)
    return FALSE;
  local_len = (gsize) (at - value);
  if (local_len == 0 || local_len > 64 || value[0] == '.' || at[-1] == '.')
    return FALSE;
  for (const char *p = value; p < at; p++)
    if (!(g_ascii_isalnum (*p) || strchr (".!#$%&'*+/=?^_`{|}~-", *p) != NULL) ||
        (p[0] == '.' && p[1] == '.'))
      return FALSE;
  domain = at + 1;
  label = domain;
  for (const char *p = domain;; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (!email_label_ok (label, (gsize) (p - label)))
            return FALSE;
          n_labels++;
          last_label = label;
          if (*p == '\0')
            break;
          label = p + 1;
        }
    }
  if (n_labels < 2)
    return FALSE;
  /* A top-level domain is letters only and at least two of them. */
  if (strlen (last_label) < 2)
    return FALSE;
  for (const char *p = last_label; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  return TRUE;
}

static gboolean
parse_integer (const char *value, gint64 *out)
{
  const char *digits = value[0] == '-' ? value + 1 : value;
  gsize len = strlen (digits);

  if (len == 0 || len > 15 || !all_ascii_digits (digits, len))
    return FALSE;
  *out = g_ascii_strtoll (value, NULL, 10);
  return TRUE;
}

SewaFieldError
sewa_validate_field (const SewaFormField *field, const char *value, const GDate *today)
{
  gint64 number;
  gsize len;

  g_return_val_if_fail (field != NULL, SEWA_FIELD_ERROR_REQUIRED);

  if (value == NULL || *value == '\0')
    {
      if (!field->required)
        return SEWA_FIELD_OK;
      return field->type == SEWA_FIELD_TYPE_CONSENT ? SEWA_FIELD_ERROR_CONSENT_REQUIRED
                                                     : SEWA_FIELD_ERROR_REQUIRED;
    }
  len = strlen (value);

  switch (field->type)
    {
    case SEWA_FIELD_TYPE_TEXT:
      return check_text (field, value, FALSE);
    case SEWA_FIELD_TYPE_NAME:
      return check_text (field, value, TRUE);
    case SEWA_FIELD_TYPE_DATE:
      return check_date (field, value, today);
    case SEWA_FIELD_TYPE_MOBILE:
      if (len != 10 || !all_ascii_digits (value, len))
        return SEWA_FIELD_ERROR_MOBILE_LENGTH;
      if (value[0] < '6')
        return SEWA_FIELD_ERROR_MOBILE_PREFIX;
      return SEWA_FIELD_OK;
    case SEWA_FIELD_TYPE_AADHAAR:
      return check_aadhaar (value);
    case SEWA_FIELD_TYPE_PINCODE:
      if (len != 6 || !all_ascii_digits (value, len) || value[0] == '0')
        return SEWA_FIELD_ERROR_PINCODE_FORMAT;
      return sewa_is_punjab_pincode (value) ? SEWA_FIELD_OK : SEWA_FIELD_WARNING_PINCODE_OUTSIDE_PUNJAB;
    case SEWA_FIELD_TYPE_EMAIL:
      return email_ok (value) ? SEWA_FIELD_OK : SEWA_FIELD_ERROR_EMAIL_FORMAT;
    case SEWA_FIELD_TYPE_NUMBER:
      if (!parse_integer (value, &number))
        return SEWA_FIELD_ERROR_NUMBER_FORMAT;
      if (field->has_min && number < field->min)
        return SEWA_FIELD_ERROR_NUMBER_TOO_SMALL;
      if (field->has_max && number > field->max)
        return SEWA_FIELD_ERROR_NUMBER_TOO_LARGE;
      return SEWA_FIELD_OK;
    case SEWA_FIELD_TYPE_SELECT:
      return sewa_form_field_lookup_option (field, value) != NULL ? SEWA_FIELD_OK
                                                                  : SEWA_FIELD_ERROR_OPTION_UNKNOWN;
    case SEWA_FIELD_TYPE_DISTRICT:
      {
        const SewaDistrict *district = sewa_district_lookup (value);
        /* Only the code is a stored value; names are for prefill conversion. */
        return district != NULL && g_str_equal (district->code, value) ? SEWA_FIELD_OK
                                                                       : SEWA_FIELD_ERROR_DISTRICT_UNKNOWN;
      }
    case SEWA_FIELD_TYPE_YESNO:
      return g_str_equal (value, "yes") || g_str_equal (value, "no") ? SEWA_FIELD_OK
                                                                      : SEWA_FIELD_ERROR_YESNO_INVALID;
    case SEWA_FIELD_TYPE_CONSENT:
      return g_str_equal (value, "yes") ? SEWA_FIELD_OK : SEWA_FIELD_ERROR_CONSENT_REQUIRED;
    case SEWA_N_FIELD_TYPES:
    default:
      g_return_val_if_reached (SEWA_FIELD_ERROR_BAD_CHARACTERS);
    }
}

static gboolean
validate_fields (const SewaForm *form, const SewaFormSection *section,
                 const SewaFormValues *values, const GDate *today, GArray *issues)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < section->fields->len; i++)
    {
      const SewaFormField *field = g_ptr_array_index (section->fields, i);
      SewaFieldError code;

      if (!sewa_form_field_is_visible (form, field, values))
        continue;
      code = sewa_validate_field (field, sewa_form_values_get (values, field->id), today);
      if (code == SEWA_FIELD_OK)
        continue;
      if (!sewa_field_error_is_warning (code))
        ok = FALSE;
      if (issues != NULL)
        {
          SewaFieldIssue issue = { field, code, NULL };
          g_array_append_val (issues, issue);
        }
    }
  return ok;
}

gboolean
sewa_validate_section (const SewaForm *form, guint section_index, const SewaFormValues *values,
                       const GDate *today, GArray **out_issues)
{
  g_autoptr (GArray) issues = NULL;
  gboolean ok;

  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);
  g_return_val_if_fail (section_index < form->sections->len, FALSE);

  if (out_issues != NULL)
    issues = g_array_new (FALSE, FALSE, sizeof (SewaFieldIssue));
  ok = validate_fields (form, g_ptr_array_index (form->sections, section_index), values, today,
                        issues);
  if (out_issues != NULL)
    *out_issues = g_steal_pointer (&issues);
  return ok;
}

gboolean
sewa_validate_form (const SewaForm *form, const SewaFormValues *values, const GDate *today,
                    GArray **out_issues)
{
  g_autoptr (GArray) issues = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  if (out_issues != NULL)
    issues = g_array_new (FALSE, FALSE, sizeof (SewaFieldIssue));
  for (guint s = 0; s < form->sections->len; s++)
    if (!validate_fields (form, g_ptr_array_index (form->sections, s), values, today, issues))
      ok = FALSE;
  if (out_issues != NULL)
    *out_issues = g_steal_pointer (&issues);
  return ok;
}

static gboolean
rule_holds (const SewaEligibilityRule *rule, const SewaFormField *field, const char *value,
            const GDate *today)
{
  if (rule->allowed != NULL)
    return g_strv_contains ((const char *const *) rule->allowed, value);
  if (field->type == SEWA_FIELD_TYPE_DATE)
    {
      GDate dob, now;
      int age;

      if (!sewa_parse_date (value, &dob))
        return TRUE; /* the field rule reports the format */
      get_today (today, &now);
      age = sewa_age_years (&dob, &now);
      if (rule->min_age >= 0 && age < rule->min_age)
        return FALSE;
      if (rule->max_age >= 0 && age > rule->max_age)
        return FALSE;
      return TRUE;
    }
  if (field->type == SEWA_FIELD_TYPE_NUMBER)
    {
      gint64 n;

      if (!parse_integer (value, &n))
        return TRUE;
      if (rule->has_min && n < rule->min)
        return FALSE;
      if (rule->has_max && n > rule->max)
        return FALSE;
    }
  return TRUE;
}

gboolean
sewa_validate_eligibility (SewaService *service, const SewaFormValues *values,
                           const GDate *today, GArray **out_issues)
{
  const SewaEligibility *eligibility;
  const SewaForm *form;
  g_autoptr (GArray) issues = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (SEWA_IS_SERVICE (service), FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  eligibility = sewa_service_get_eligibility (service);
  form = sewa_service_get_form (service);
  if (out_issues != NULL)
    issues = g_array_new (FALSE, FALSE, sizeof (SewaFieldIssue));
  for (guint i = 0; eligibility->rules != NULL && i < eligibility->rules->len; i++)
    {
      const SewaEligibilityRule *rule = g_ptr_array_index (eligibility->rules, i);
      const SewaFormField *field = sewa_form_lookup_field (form, rule->field);
      const char *value = sewa_form_values_get (values, rule->field);

      if (field == NULL || value == NULL || !sewa_form_field_is_visible (form, field, values))
        continue;
      if (rule->when != NULL &&
          !sewa_show_if_matches (rule->when, sewa_form_values_get (values, rule->when->field)))
        continue;
      if (rule_holds (rule, field, value, today))
        continue;
      ok = FALSE;
      if (issues != NULL)
        {
          SewaFieldIssue issue = { field, SEWA_FIELD_ERROR_NOT_ELIGIBLE, rule };
          g_array_append_val (issues, issue);
        }
    }
  if (out_issues != NULL)
    *out_issues = g_steal_pointer (&issues);
  return ok;
}
