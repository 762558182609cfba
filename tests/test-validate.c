/* Field rules, Verhoeff, show-if, page verdicts, eligibility, prefill and the error table. */
#include "sewa-catalog.h"
#include "sewa-district.h"
#include "sewa-validate.h"
#include "sewa-verhoeff.h"

#include <string.h>

static GDate today;

static SewaFormField *
field_new (SewaFieldType type, gboolean required)
{
  SewaFormField *f = g_new0 (SewaFormField, 1);

  f->id = g_strdup ("f");
  f->type = type;
  f->required = required;
  return f;
}

static void
field_free (SewaFormField *f)
{
  g_free (f->id);
  g_free (f);
}

static SewaFieldError
check (SewaFieldType type, gboolean required, const char *value)
{
  SewaFormField *f = field_new (type, required);
  SewaFieldError e;

  if (type == SEWA_FIELD_TYPE_NAME)
    f->min_length = 2, f->max_length = 100;
  if (type == SEWA_FIELD_TYPE_TEXT)
    f->max_length = 10;
  e = sewa_validate_field (f, value, &today);
  field_free (f);
  return e;
}

/* Published vectors ("236" → 3, "12345" → 1, UIDAI's sample number) and the two properties
 * Verhoeff guarantees: every single-digit error and every adjacent transposition is caught. */
static void
test_verhoeff (void)
{
  const char *valid[] = { "2363", "123451", "499118665246", "234123412346" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (sewa_verhoeff_validate (valid[i], strlen (valid[i])));
  g_assert_false (sewa_verhoeff_validate ("2364", 4));
  g_assert_cmpint (sewa_verhoeff_check_digit ("236", 3), ==, 3);
  g_assert_cmpint (sewa_verhoeff_check_digit ("12345", 5), ==, 1);
  g_assert_cmpint (sewa_verhoeff_check_digit ("12a", 3), ==, -1);
  g_assert_false (sewa_verhoeff_validate ("", 0));
  g_assert_false (sewa_verhoeff_validate ("49911866524x", 12));

  for (int i = 0; i < 12; i++)
    {
      char buf[13];

      for (char d = '0'; d <= '9'; d++)
        {
          memcpy (buf, "499118665246", 13);
          if (buf[i] == d)
            continue;
          buf[i] = d;
          g_assert_false (sewa_verhoeff_validate (buf, 12));
        }
      if (i < 11)
        {
          memcpy (buf, "499118665246", 13);
          if (buf[i] == buf[i + 1])
            continue;
          buf[i] = "499118665246"[i + 1];
          buf[i + 1] = "499118665246"[i];
          g_assert_false (sewa_verhoeff_validate (buf, 12));
        }
    }
}

static void
test_aadhaar (void)
{
  g_autoptr (SewaFormValues) v = sewa_form_values_new ();

  g_assert_cmpint (sewa_form_values_set_aadhaar (v, "a", "4991 1866 5246"), ==, SEWA_FIELD_OK);
  g_assert_cmpstr (sewa_form_values_get (v, "a"), ==, "XXXXXXXX5246");
  g_assert_cmpint (check (SEWA_FIELD_TYPE_AADHAAR, TRUE, sewa_form_values_get (v, "a")), ==, SEWA_FIELD_OK);
  /* A wrong number removes the earlier value rather than keeping a stale one. */
  g_assert_cmpint (sewa_form_values_set_aadhaar (v, "a", "499118665247"), ==, SEWA_FIELD_ERROR_AADHAAR_CHECKSUM);
  g_assert_null (sewa_form_values_get (v, "a"));
  g_assert_cmpint (sewa_form_values_set_aadhaar (v, "a", "49911866524"), ==, SEWA_FIELD_ERROR_AADHAAR_LENGTH);
  g_assert_cmpint (sewa_form_values_set_aadhaar (v, "a", "4991186652461"), ==, SEWA_FIELD_ERROR_AADHAAR_LENGTH);
  g_assert_cmpint (sewa_form_values_set_aadhaar (v, "a", "12345678901x"), ==, SEWA_FIELD_ERROR_AADHAAR_LENGTH);
  /* 1 + a correct Verhoeff digit: right checksum, but no Aadhaar starts with 0 or 1. */
  {
    char n[13] = "12341234123";
    n[11] = (char) ('0' + sewa_verhoeff_check_digit (n, 11));
    n[12] = '\0';
    g_assert_cmpint (sewa_form_values_set_aadhaar (v, "a", n), ==, SEWA_FIELD_ERROR_AADHAAR_FIRST_DIGIT);
  }
  /* The full number set the generic way is refused by validation. */
  g_assert_cmpint (check (SEWA_FIELD_TYPE_AADHAAR, TRUE, "499118665246"), ==, SEWA_FIELD_ERROR_AADHAAR_NOT_MASKED);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_AADHAAR, TRUE, "499118665247"), ==, SEWA_FIELD_ERROR_AADHAAR_CHECKSUM);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_AADHAAR, TRUE, NULL), ==, SEWA_FIELD_ERROR_REQUIRED);
}

static void
test_mobile (void)
{
  g_assert_cmpint (check (SEWA_FIELD_TYPE_MOBILE, TRUE, "9876543210"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_MOBILE, TRUE, "6000000000"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_MOBILE, TRUE, "5876543210"), ==, SEWA_FIELD_ERROR_MOBILE_PREFIX);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_MOBILE, TRUE, "0987654321"), ==, SEWA_FIELD_ERROR_MOBILE_PREFIX);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_MOBILE, TRUE, "987654321"), ==, SEWA_FIELD_ERROR_MOBILE_LENGTH);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_MOBILE, TRUE, "98765432100"), ==, SEWA_FIELD_ERROR_MOBILE_LENGTH);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_MOBILE, TRUE, "98765 43210"), ==, SEWA_FIELD_ERROR_MOBILE_LENGTH);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_MOBILE, TRUE, ""), ==, SEWA_FIELD_ERROR_REQUIRED);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_MOBILE, FALSE, ""), ==, SEWA_FIELD_OK);
}

static void
test_dates (void)
{
  SewaFormField *f = field_new (SEWA_FIELD_TYPE_DATE, TRUE);
  GDate d;

  g_assert_cmpint (sewa_validate_field (f, "15-06-2024", &today), ==, SEWA_FIELD_OK);
  g_assert_cmpint (sewa_validate_field (f, "29-02-2024", &today), ==, SEWA_FIELD_OK);
  g_assert_cmpint (sewa_validate_field (f, "29-02-2023", &today), ==, SEWA_FIELD_ERROR_DATE_INVALID);
  g_assert_cmpint (sewa_validate_field (f, "31-04-2020", &today), ==, SEWA_FIELD_ERROR_DATE_INVALID);
  g_assert_cmpint (sewa_validate_field (f, "00-01-2020", &today), ==, SEWA_FIELD_ERROR_DATE_INVALID);
  g_assert_cmpint (sewa_validate_field (f, "1-6-2024", &today), ==, SEWA_FIELD_ERROR_DATE_FORMAT);
  g_assert_cmpint (sewa_validate_field (f, "2024-06-15", &today), ==, SEWA_FIELD_ERROR_DATE_FORMAT);
  g_assert_cmpint (sewa_validate_field (f, "15/06/2024", &today), ==, SEWA_FIELD_ERROR_DATE_FORMAT);
  /* Not in the future, relative to the injected today (10-01-2025). */
  g_assert_cmpint (sewa_validate_field (f, "11-01-2025", &today), ==, SEWA_FIELD_OK);
  f->not_future = TRUE;
  g_assert_cmpint (sewa_validate_field (f, "10-01-2025", &today), ==, SEWA_FIELD_OK);
  g_assert_cmpint (sewa_validate_field (f, "11-01-2025", &today), ==, SEWA_FIELD_ERROR_DATE_IN_FUTURE);
  g_assert_true (sewa_parse_date ("01-01-2000", &d));
  f->min_julian = g_date_get_julian (&d);
  g_assert_true (sewa_parse_date ("31-12-2020", &d));
  f->max_julian = g_date_get_julian (&d);
  g_assert_cmpint (sewa_validate_field (f, "31-12-1999", &today), ==, SEWA_FIELD_ERROR_DATE_TOO_EARLY);
  g_assert_cmpint (sewa_validate_field (f, "01-01-2000", &today), ==, SEWA_FIELD_OK);
  g_assert_cmpint (sewa_validate_field (f, "01-01-2021", &today), ==, SEWA_FIELD_ERROR_DATE_TOO_LATE);

  {
    GDate dob, t;
    sewa_parse_date ("11-01-1967", &dob);
    sewa_parse_date ("10-01-2025", &t);
    g_assert_cmpint (sewa_age_years (&dob, &t), ==, 57);
    sewa_parse_date ("10-01-1967", &dob);
    g_assert_cmpint (sewa_age_years (&dob, &t), ==, 58);
  }
  field_free (f);
}

static void
test_pincode (void)
{
  g_assert_cmpint (check (SEWA_FIELD_TYPE_PINCODE, TRUE, "141001"), ==, SEWA_FIELD_OK);   /* Ludhiana */
  g_assert_cmpint (check (SEWA_FIELD_TYPE_PINCODE, TRUE, "151001"), ==, SEWA_FIELD_OK);   /* Bathinda */
  g_assert_cmpint (check (SEWA_FIELD_TYPE_PINCODE, TRUE, "160062"), ==, SEWA_FIELD_OK);   /* Mohali */
  /* Outside Punjab is a warning, not a block. */
  g_assert_cmpint (check (SEWA_FIELD_TYPE_PINCODE, TRUE, "110001"), ==, SEWA_FIELD_WARNING_PINCODE_OUTSIDE_PUNJAB);
  g_assert_true (sewa_field_error_is_warning (SEWA_FIELD_WARNING_PINCODE_OUTSIDE_PUNJAB));
  g_assert_cmpint (check (SEWA_FIELD_TYPE_PINCODE, TRUE, "011001"), ==, SEWA_FIELD_ERROR_PINCODE_FORMAT);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_PINCODE, TRUE, "14100"), ==, SEWA_FIELD_ERROR_PINCODE_FORMAT);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_PINCODE, TRUE, "14100a"), ==, SEWA_FIELD_ERROR_PINCODE_FORMAT);
}

static void
test_other_types (void)
{
  SewaFormField *f;

  g_assert_cmpint (check (SEWA_FIELD_TYPE_EMAIL, TRUE, "jaspreet.kaur@example.in"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_EMAIL, TRUE, "a@b"), ==, SEWA_FIELD_ERROR_EMAIL_FORMAT);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_EMAIL, TRUE, "a@@b.in"), ==, SEWA_FIELD_ERROR_EMAIL_FORMAT);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_EMAIL, TRUE, "a b@c.in"), ==, SEWA_FIELD_ERROR_EMAIL_FORMAT);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_EMAIL, TRUE, "a..b@c.in"), ==, SEWA_FIELD_ERROR_EMAIL_FORMAT);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_EMAIL, TRUE, "ab@c.1"), ==, SEWA_FIELD_ERROR_EMAIL_FORMAT);

  g_assert_cmpint (check (SEWA_FIELD_TYPE_NAME, TRUE, "Jaspreet Kaur"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_NAME, TRUE, "ਜਸਪ੍ਰੀਤ ਕੌਰ"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_NAME, TRUE, "राम कुमार"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_NAME, TRUE, "D'Souza-Gill Jr."), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_NAME, TRUE, "R2D2"), ==, SEWA_FIELD_ERROR_NAME_CHARACTERS);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_NAME, TRUE, "..."), ==, SEWA_FIELD_ERROR_NAME_CHARACTERS);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_NAME, TRUE, "A"), ==, SEWA_FIELD_ERROR_TOO_SHORT);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_TEXT, TRUE, "ਪਿੰਡ ਮਾਣਕੀ"), ==, SEWA_FIELD_OK); /* 10 characters */
  g_assert_cmpint (check (SEWA_FIELD_TYPE_TEXT, TRUE, "ਪਿੰਡ ਮਾਣਕੀਆ"), ==, SEWA_FIELD_ERROR_TOO_LONG);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_TEXT, TRUE, "a\tb"), ==, SEWA_FIELD_ERROR_BAD_CHARACTERS);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_TEXT, TRUE, "\xff\xfe"), ==, SEWA_FIELD_ERROR_BAD_CHARACTERS);

  f = field_new (SEWA_FIELD_TYPE_NUMBER, TRUE);
  f->has_min = f->has_max = TRUE;
  f->min = 1;
  f->max = 10;
  g_assert_cmpint (sewa_validate_field (f, "10", &today), ==, SEWA_FIELD_OK);
  g_assert_cmpint (sewa_validate_field (f, "11", &today), ==, SEWA_FIELD_ERROR_NUMBER_TOO_LARGE);
  g_assert_cmpint (sewa_validate_field (f, "0", &today), ==, SEWA_FIELD_ERROR_NUMBER_TOO_SMALL);
  g_assert_cmpint (sewa_validate_field (f, "-3", &today), ==, SEWA_FIELD_ERROR_NUMBER_TOO_SMALL);
  g_assert_cmpint (sewa_validate_field (f, "1.5", &today), ==, SEWA_FIELD_ERROR_NUMBER_FORMAT);
  g_assert_cmpint (sewa_validate_field (f, "+3", &today), ==, SEWA_FIELD_ERROR_NUMBER_FORMAT);
  g_assert_cmpint (sewa_validate_field (f, "-", &today), ==, SEWA_FIELD_ERROR_NUMBER_FORMAT);
  g_assert_cmpint (sewa_validate_field (f, "9999999999999999", &today), ==, SEWA_FIELD_ERROR_NUMBER_FORMAT);
  field_free (f);

  g_assert_cmpint (check (SEWA_FIELD_TYPE_DISTRICT, TRUE, "sas-nagar"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_DISTRICT, TRUE, "Mohali"), ==, SEWA_FIELD_ERROR_DISTRICT_UNKNOWN);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_DISTRICT, TRUE, "karnal"), ==, SEWA_FIELD_ERROR_DISTRICT_UNKNOWN);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_YESNO, TRUE, "yes"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_YESNO, TRUE, "no"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_YESNO, TRUE, "maybe"), ==, SEWA_FIELD_ERROR_YESNO_INVALID);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_CONSENT, TRUE, NULL), ==, SEWA_FIELD_ERROR_CONSENT_REQUIRED);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_CONSENT, TRUE, "yes"), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_CONSENT, FALSE, NULL), ==, SEWA_FIELD_OK);
  g_assert_cmpint (check (SEWA_FIELD_TYPE_CONSENT, FALSE, "no"), ==, SEWA_FIELD_ERROR_CONSENT_REQUIRED);
}

static void
test_districts (void)
{
  guint n = 0;
  const SewaDistrict *all = sewa_districts (&n);

  g_assert_cmpuint (n, ==, 23);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (sewa_district_lookup (all[i].code) == &all[i]);
      g_assert_true (sewa_district_lookup (all[i].en) == &all[i]);
      g_assert_cmpuint (g_utf8_get_char (all[i].pa) >> 7, ==, 0x0A00 >> 7);
      g_assert_cmpuint (g_utf8_get_char (all[i].hi) >> 7, ==, 0x0900 >> 7);
    }
  g_assert_cmpstr (sewa_district_lookup ("MOHALI")->code, ==, "sas-nagar");
  g_assert_cmpstr (sewa_district_lookup ("S.A.S. Nagar")->code, ==, "sas-nagar");
  g_assert_cmpstr (sewa_district_lookup ("Nawanshahr")->code, ==, "sbs-nagar");
  g_assert_null (sewa_district_lookup ("Karnal"));

  /* A centre's district from its code; codes of no Punjab district give none. */
  g_assert_cmpstr (sewa_district_for_centre ("LDH01")->code, ==, "ludhiana");
  g_assert_cmpstr (sewa_district_for_centre ("ASR02")->code, ==, "amritsar");
  g_assert_cmpstr (sewa_district_for_centre ("SAS3")->code, ==, "sas-nagar");
  g_assert_null (sewa_district_for_centre ("XYZ01"));
  g_assert_null (sewa_district_for_centre ("LD"));
  g_assert_null (sewa_district_for_centre (NULL));
}

static void
test_error_table (void)
{
  g_autoptr (GHashTable) nicks = g_hash_table_new (g_str_hash, g_str_equal);

  /* Every code has a msgid and a unique nick, so the UI never shows a blank. */
  for (guint c = 1; c < SEWA_N_FIELD_ERRORS; c++)
    {
      g_assert_cmpstr (sewa_field_error_msgid (c), !=, "");
      g_assert_nonnull (sewa_field_error_nick (c));
      g_assert_true (g_hash_table_add (nicks, (gpointer) sewa_field_error_nick (c)));
    }
  g_assert_cmpstr (sewa_field_error_msgid (SEWA_FIELD_ERROR_MOBILE_PREFIX), ==,
                   "A mobile number starts with 6, 7, 8 or 9.");
}

/* ---- through a real service of the seed catalog ------------------------------------------ */

static SewaCatalog *
load_seed (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog", "catalog.json", NULL);
  g_autoptr (GError) error = NULL;
  SewaCatalog *catalog = sewa_catalog_new_from_file (path, &error);

  g_assert_no_error (error);
  return catalog;
}

static gboolean
has_issue (GArray *issues, const char *field_id, SewaFieldError code)
{
  for (guint i = 0; i < issues->len; i++)
    {
      const SewaFieldIssue *issue = &g_array_index (issues, SewaFieldIssue, i);
      if (g_str_equal (issue->field->id, field_id) && issue->code == code)
        return TRUE;
    }
  return FALSE;
}

static void
test_show_if_and_pages (void)
{
  g_autoptr (SewaCatalog) catalog = load_seed ();
  SewaService *svc = sewa_catalog_lookup_service (catalog, "income-certificate");
  const SewaForm *form = sewa_service_get_form (svc);
  const SewaFormField *other = sewa_form_lookup_field (form, "income_source_other");
  g_autoptr (SewaFormValues) v = sewa_form_values_new ();
  g_autoptr (GArray) issues = NULL;
  g_autoptr (GPtrArray) visible = NULL;
  guint details = 1;

  g_assert_nonnull (other);
  g_assert_false (sewa_form_field_is_visible (form, other, v));
  sewa_form_values_set (v, "income_source", "other");
  g_assert_true (sewa_form_field_is_visible (form, other, v));
  visible = sewa_form_section_visible_fields (form, details, v);
  g_assert_true (g_ptr_array_find (visible, other, NULL));

  /* The details page: missing income and an unknown family size. */
  sewa_form_values_set (v, "family_members", "0");
  g_assert_false (sewa_validate_section (form, details, v, &today, &issues));
  g_assert_true (has_issue (issues, "annual_income", SEWA_FIELD_ERROR_REQUIRED));
  g_assert_true (has_issue (issues, "income_source_other", SEWA_FIELD_ERROR_REQUIRED));
  g_assert_true (has_issue (issues, "family_members", SEWA_FIELD_ERROR_NUMBER_TOO_SMALL));
  g_clear_pointer (&issues, g_array_unref);

  /* Hidden fields are not validated, and are pruned before submission. */
  sewa_form_values_set (v, "income_source", "salary");
  sewa_form_values_set (v, "income_source_other", "leftover");
  sewa_form_values_set (v, "annual_income", "120000");
  sewa_form_values_set (v, "family_members", "4");
  sewa_form_values_set (v, "purpose", "Scholarship");
  g_assert_true (sewa_validate_section (form, details, v, &today, &issues));
  g_assert_cmpuint (issues->len, ==, 0);
  sewa_form_values_prune_hidden (form, v);
  g_assert_null (sewa_form_values_get (v, "income_source_other"));
  g_assert_cmpstr (sewa_form_values_get (v, "purpose"), ==, "Scholarship");

  /* Address page: a Delhi PIN code warns but lets the citizen go on. */
  g_clear_pointer (&issues, g_array_unref);
  sewa_form_values_set (v, "street", "Model Town");
  sewa_form_values_set (v, "village_town", "Ludhiana");
  sewa_form_values_set (v, "district", "ludhiana");
  sewa_form_values_set (v, "pincode", "110001");
  g_assert_true (sewa_validate_section (form, 2, v, &today, &issues));
  g_assert_true (has_issue (issues, "pincode", SEWA_FIELD_WARNING_PINCODE_OUTSIDE_PUNJAB));
}

static void
test_eligibility (void)
{
  g_autoptr (SewaCatalog) catalog = load_seed ();
  SewaService *svc = sewa_catalog_lookup_service (catalog, "old-age-pension");
  g_autoptr (SewaFormValues) v = sewa_form_values_new ();
  g_autoptr (GArray) issues = NULL;

  /* Today is 10-01-2025: a woman born 10-01-1967 is 58, a man born then is not 65. */
  sewa_form_values_set (v, "applicant_gender", "F");
  sewa_form_values_set (v, "applicant_dob", "10-01-1967");
  sewa_form_values_set (v, "annual_income", "60000");
  g_assert_true (sewa_validate_eligibility (svc, v, &today, NULL));
  sewa_form_values_set (v, "applicant_dob", "11-01-1967");
  g_assert_false (sewa_validate_eligibility (svc, v, &today, &issues));
  g_assert_cmpuint (issues->len, ==, 1);
  g_assert_cmpint (g_array_index (issues, SewaFieldIssue, 0).code, ==, SEWA_FIELD_ERROR_NOT_ELIGIBLE);
  g_assert_cmpstr (g_array_index (issues, SewaFieldIssue, 0).rule->message.en, ==, "Women must be at least 58 years old.");
  g_clear_pointer (&issues, g_array_unref);
  sewa_form_values_set (v, "applicant_gender", "M");
  sewa_form_values_set (v, "applicant_dob", "11-01-1960"); /* 64 */
  sewa_form_values_set (v, "annual_income", "60001");
  g_assert_false (sewa_validate_eligibility (svc, v, &today, &issues));
  g_assert_cmpuint (issues->len, ==, 2);
  g_assert_true (has_issue (issues, "applicant_dob", SEWA_FIELD_ERROR_NOT_ELIGIBLE));
  g_assert_true (has_issue (issues, "annual_income", SEWA_FIELD_ERROR_NOT_ELIGIBLE));
}

static void
test_prefill (void)
{
  g_autoptr (SewaCatalog) catalog = load_seed ();
  SewaService *svc = sewa_catalog_lookup_service (catalog, "residence-certificate");
  const SewaForm *form = sewa_service_get_form (svc);
  g_autoptr (SewaFormValues) v = sewa_form_values_new ();
  g_autoptr (SewaFormValues) again = sewa_form_values_new ();
  g_autoptr (SewaIdentity) id = sewa_identity_new (SEWA_IDENTITY_SOURCE_AADHAAR_QR);
  g_autoptr (SewaIdentity) back = NULL;

  sewa_identity_set (id, "name", "Gurpreet Singh");
  sewa_identity_set (id, "dob", "05-08-1975");
  sewa_identity_set (id, "gender", "M");
  sewa_identity_set (id, "aadhaar_last4", "5246");
  sewa_identity_set (id, "address.district", "Mohali");
  sewa_identity_set (id, "address.pincode", "160062");
  sewa_identity_set (id, "address.vtc", "Kharar");
  sewa_identity_set (id, "mobile", "12345"); /* not a mobile number: must not be filled */
  g_assert_false (sewa_identity_set (id, "aadhaar", "499118665246"));

  sewa_form_values_set (v, "applicant_name", "Gurpreet Singh Gill"); /* typed: kept */
  g_assert_cmpuint (sewa_form_prefill (form, v, id), ==, 6);
  g_assert_cmpstr (sewa_form_values_get (v, "applicant_name"), ==, "Gurpreet Singh Gill");
  g_assert_cmpstr (sewa_form_values_get (v, "applicant_dob"), ==, "05-08-1975");
  g_assert_cmpstr (sewa_form_values_get (v, "applicant_gender"), ==, "M");
  g_assert_cmpstr (sewa_form_values_get (v, "aadhaar"), ==, "XXXXXXXX5246");
  g_assert_cmpstr (sewa_form_values_get (v, "district"), ==, "sas-nagar");
  g_assert_cmpstr (sewa_form_values_get (v, "pincode"), ==, "160062");
  g_assert_null (sewa_form_values_get (v, "mobile"));

  /* An earlier application goes back into an identity and prefills another form. */
  back = sewa_form_extract_identity (form, v);
  g_assert_cmpint (back->source, ==, SEWA_IDENTITY_SOURCE_EARLIER_APPLICATION);
  g_assert_cmpstr (back->aadhaar_last4, ==, "5246");
  g_assert_cmpstr (back->district, ==, "SAS Nagar (Mohali)");
  g_assert_cmpuint (sewa_form_prefill (sewa_service_get_form (sewa_catalog_lookup_service (catalog, "income-certificate")),
                                       again, back), ==, 7);
  g_assert_cmpstr (sewa_form_values_get (again, "district"), ==, "sas-nagar");

  {
    g_autoptr (JsonNode) json = sewa_form_values_to_json (form, v);
    g_autofree char *text = json_to_string (json, FALSE);
    g_assert_nonnull (strstr (text, "\"aadhaar\":\"XXXXXXXX5246\""));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 10, G_DATE_JANUARY, 2025);
  g_test_add_func ("/validate/verhoeff", test_verhoeff);
  g_test_add_func ("/validate/aadhaar", test_aadhaar);
  g_test_add_func ("/validate/mobile", test_mobile);
  g_test_add_func ("/validate/dates", test_dates);
  g_test_add_func ("/validate/pincode", test_pincode);
  g_test_add_func ("/validate/other-types", test_other_types);
  g_test_add_func ("/validate/districts", test_districts);
  g_test_add_func ("/validate/error-table", test_error_table);
  g_test_add_func ("/validate/show-if-and-pages", test_show_if_and_pages);
  g_test_add_func ("/validate/eligibility", test_eligibility);
  g_test_add_func ("/validate/prefill", test_prefill);
  return g_test_run ();
}
