/* The identify step through the real screen, against portal-sim's OTP (docs/portal-api.md §4):
 * a wrong code says how many tries are left, an expired code (portal-sim's clock moved past its
 * life) offers a new one, the new one verifies, the form follows; the session then holds the
 * portal's token, and the idle reset wipes it (checked through the session API, via the test
 * probe, which reports whether a token is held, never the token). The Aadhaar QR way: a Secure
 * QR signed with the test's own key (the kiosk trusts its certificate) read by the camera
 * fills the form, and says whether the mobile typed on the step is the card's. A service that
 * needs a verified mobile says so on the step, before the form. */
#include "sewa-build-config.h"
#include "sewa-journey.h"
#include "aadhaar-gen.h"
#include "sewa-catalog.h"
#include "sewa-district.h"

#include <glib/gstdio.h>

#define MOBILE "9876512345"
/* The mobile whose hash the test card carries (aadhaar-gen.c), and one it does not. */
#define CARD_MOBILE "9876543210"
#define OTHER_MOBILE "9876512345"

/* Per language (SEWA_JOURNEY_LANG, set by meson): a query that finds the birth certificate. */
static const char *const queries[SEWA_N_LANGS] = {
  [SEWA_LANG_PA] = "ਜਨਮ", [SEWA_LANG_HI] = "जन्म", [SEWA_LANG_EN] = "janam",
};
static SewaLang lang;

/* A screenshot to look at (screenshots/journey/identity-otp-<lang>/<label>-<lang>.png). */
static void
shot (SewaJourney *j, const char *label)
{
  g_autofree char *full = g_strdup_printf ("%s-%s", label, sewa_lang_code (lang));
  g_autofree char *path = sewa_fingers_screenshot (j->f, full);

  g_test_message ("screenshot %s", path);
}

static JsonObject *
session_of (JsonObject *state)
{
  g_assert_true (json_object_has_member (state, "session"));
  return json_object_get_object_member (state, "session");
}

static void
assert_unverified (JsonObject *state)
{
  JsonObject *s = session_of (state);

  g_assert_cmpstr (json_object_get_string_member (s, "identity_method"), ==, "none");
  g_assert_false (json_object_get_boolean_member (s, "has_citizen_token"));
}

static gboolean
widget_sensitive (JsonObject *state, const char *selector)
{
  JsonObject *w = sewa_fingers_find (state, selector);

  return w != NULL && json_object_get_boolean_member (w, "sensitive");
}

/* The documents screen's primary action (Review) looks ready: without the held-back look of an
 * incomplete application (a tap on an incomplete one is answered with what is missing). */
static gboolean
review_ready (JsonObject *state)
{
  JsonObject *w = sewa_fingers_find (state, "#review_button");
  JsonArray *classes = w != NULL ? json_object_get_array_member (w, "classes") : NULL;

  if (w == NULL || !json_object_get_boolean_member (w, "sensitive"))
    return FALSE;
  for (guint i = 0; classes != NULL && i < json_array_get_length (classes); i++)
    if (g_strcmp0 (json_array_get_string_element (classes, i), "incomplete") == 0)
      return FALSE;
  return TRUE;
}

/* The code step is ready for a (new) code: no message under it, Verify usable. */
static gboolean
code_step_ready (JsonObject *state, gpointer unused)
{
  return sewa_fingers_find (state, "#message_label") == NULL && widget_sensitive (state, "#verify_button");
}

static gboolean
expired_shown (JsonObject *state, gpointer unused)
{
  return sewa_fingers_find (state, "#message_label") != NULL && widget_sensitive (state, "#resend_button")
         && !widget_sensitive (state, "#verify_button");
}

static gboolean
back_home (JsonObject *state, gpointer unused)
{
  return g_strcmp0 (sewa_fingers_screen (state), "home") == 0;
}

static void
test_otp (void)
{
  g_autofree char *name = g_strdup_printf ("identity-otp-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_start (name, TRUE, "[kiosk]\nidle-timeout=30\nidle-warning=0\n");
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *code2 = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) clock = NULL;
  JsonObject *s;

  sewa_journey_to_apply (j, lang, "birth-certificate", queries[lang]);
  sewa_fingers_wait_screen (j->f, "identify");
  sewa_journey_check (j, "identify");
  shot (j, "identify");
  /* The birth certificate does not need a verified mobile: the step does not claim it does. */
  state = sewa_fingers_state (j->f);
  g_assert_null (sewa_fingers_find (state, "#requires_label"));
  g_clear_pointer (&state, json_object_unref);
  sewa_journey_request_code (j, MOBILE);
  state = sewa_fingers_wait (j->f, code_step_ready, NULL, "the code step", 30);
  sewa_journey_check (j, "otp");
  shot (j, "otp");
  /* A new code only after the countdown. */
  g_assert_false (widget_sensitive (state, "#resend_button"));
  g_clear_pointer (&state, json_object_unref);

  /* A wrong code: the portal's count of tries left is on screen; nothing is verified. */
  code = sewa_journey_portal_code (j, MOBILE);
  wrong = g_strdup (code);
  wrong[5] = wrong[5] == '9' ? '0' : (char) (wrong[5] + 1);
  sewa_journey_enter_code (j, wrong);
  state = sewa_fingers_wait_for (j->f, "#message_label ~4", 30);
  sewa_journey_check (j, "otp-wrong");
  shot (j, "otp-wrong");
  assert_unverified (state);
  g_clear_pointer (&state, json_object_unref);

  /* The code's five minutes pass (on the portal's clock): the right code is now too late, and a
   * new one may be asked for at once. */
  clock = sewa_journey_portal_admin (j, "POST", "/admin/clock", "{\"advance\":301}");
  sewa_journey_enter_code (j, code);
  state = sewa_fingers_wait (j->f, expired_shown, NULL, "the code marked expired", 30);
  sewa_journey_check (j, "otp-expired");
  shot (j, "otp-expired");
  assert_unverified (state);
  g_clear_pointer (&state, json_object_unref);

  sewa_fingers_tap (j->f, "#resend_button");
  state = sewa_fingers_wait (j->f, code_step_ready, NULL, "the code step with a new code", 30);
  g_clear_pointer (&state, json_object_unref);
  code2 = sewa_journey_portal_code (j, MOBILE);
  sewa_journey_enter_code (j, code2);
  sewa_fingers_wait_screen (j->f, "form");
  state = sewa_fingers_state (j->f);
  sewa_journey_check (j, "form-verified");
  s = session_of (state);
  g_assert_cmpstr (json_object_get_string_member (s, "identity_method"), ==, "otp");
  g_assert_true (json_object_get_boolean_member (s, "has_citizen_token"));
  g_clear_pointer (&state, json_object_unref);

  /* The citizen walks away: the idle reset takes the token with everything else. */
  state = sewa_fingers_wait (j->f, back_home, NULL, "the idle reset", 60);
  s = session_of (state);
  g_assert_false (json_object_get_boolean_member (s, "active"));
  assert_unverified (state);
  g_assert_cmpint (json_object_get_int_member (s, "vault_documents"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (s, "vault_consent"), ==, 0);
  g_assert_false (json_object_get_boolean_member (s, "has_prefill"));
  sewa_journey_free (j);
}

static gboolean
portal_holds_one (JsonObject *state, gpointer data)
{
  return sewa_journey_portal_count (data) == 1;
}

/* A returning citizen (portal-sim holds three of the income certificate's four documents in
 * their vault, as earlier applications would have left them): after the OTP the kiosk asks
 * for consent, shows those three as already on file, and only the fourth is photographed. At
 * the portal the application names the three by vault_id, and the only bytes uploaded are the
 * fourth's. */
static void
test_vault (void)
{
  g_autofree char *name = g_strdup_printf ("identity-vault-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_new (name, TRUE);
  static const char *const seeded[][2] = {
    { "address_proof", "VOTID" }, { "self_declaration", "SLFDC" }, { "income_proof", "INCER" },
  };
  static const char *const queries_income[SEWA_N_LANGS] = {
    [SEWA_LANG_PA] = "ਆਮਦਨ", [SEWA_LANG_HI] = "आय", [SEWA_LANG_EN] = "income",
  };
  g_autoptr (GHashTable) vault_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *code = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) app = NULL;
  g_autoptr (JsonObject) counts = NULL;
  JsonArray *docs;
  guint by_vault = 0, by_upload = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (seeded); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"mobile\":\"%s\",\"type\":\"%s\"}", MOBILE, seeded[i][1]);
      g_autoptr (JsonObject) v = sewa_journey_portal_admin (j, "POST", "/admin/vault", body);

      g_hash_table_add (vault_ids, g_strdup (json_object_get_string_member (v, "vault_id")));
    }
  sewa_journey_launch (j, NULL);
  j->mobile = MOBILE;
  sewa_journey_to_apply (j, lang, "income-certificate", queries_income[lang]);
  sewa_fingers_wait_screen (j->f, "identify");
  sewa_journey_request_code (j, MOBILE);
  code = sewa_journey_portal_code (j, MOBILE);
  sewa_journey_enter_code (j, code);
  sewa_journey_fill_form (j);
  sewa_fingers_wait_screen (j->f, "consent");
  state = sewa_fingers_state (j->f);
  g_assert_cmpint (json_object_get_int_member (session_of (state), "vault_documents"), ==, 3);
  shot (j, "consent");
  /* Lockdown holds on the consent question too (issue #19). */
  sewa_journey_lockdown_round (j, "consent", NULL);
  sewa_fingers_tap (j->f, "#yes_button");
  sewa_fingers_wait_screen (j->f, "documents");
  shot (j, "vault-on-file");
  /* Only the document the vault does not hold is photographed. */
  sewa_journey_capture_document (j, "verification_report");
  reference = sewa_journey_submit (j);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);

  path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  app = sewa_journey_portal_admin (j, "GET", path, NULL);
  docs = json_object_get_array_member (json_object_get_object_member (app, "body"), "documents");
  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *d = json_array_get_object_element (docs, i);

      if (json_object_has_member (d, "vault_id"))
        {
          g_assert_true (g_hash_table_contains (vault_ids, json_object_get_string_member (d, "vault_id")));
          by_vault++;
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (d, "doc_id"), ==, "verification_report");
          by_upload++;
        }
    }
  g_assert_cmpuint (by_vault, ==, 3);
  g_assert_cmpuint (by_upload, >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (app, "body"), "consent"), "vault_documents"), ==, "given");
  /* No bytes of the documents on file were sent again: the portal's only uploads are the
   * scanned document's pages. */
  counts = sewa_journey_portal_admin (j, "GET", "/admin/counts", NULL);
  g_assert_cmpint (json_object_get_int_member (counts, "uploads"), ==, by_upload);
  sewa_journey_free (j);
}

static gboolean
portal_holds_two (JsonObject *state, gpointer data)
{
  return sewa_journey_portal_count (data) == 2;
}

static JsonObject *
portal_form_of (SewaJourney *j, const char *reference)
{
  g_autofree char *path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  JsonObject *app = sewa_journey_portal_admin (j, "GET", path, NULL);

  return app;
}

/* The same citizen applies twice in one run: the first application's scanned document goes
 * into their vault at the portal and its details into their profile. The second, after the OTP,
 * asks first whether what is on file may be used, showing those details; after "yes" the form
 * starts with them, each marked "from your earlier application", and the citizen goes on without
 * retyping them; no document is scanned and no byte uploaded again, and the portal's second
 * application carries the first one's details. A third visit, stopped at the question with
 * "Start over", leaves no token and no details in memory. */
static void
test_second_application (void)
{
  g_autofree char *name = g_strdup_printf ("identity-second-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_start (name, TRUE, NULL);
  static const char *const carried[] = {
    "applicant_name", "applicant_father", "applicant_dob", "street", "village_town", "district", "pincode",
  };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *code = NULL;
  g_autofree char *code3 = NULL;
  g_autofree char *father_shown = NULL;
  g_autofree char *finish = g_strconcat ("=", sewa_journey_tr (lang, "Finish"), NULL);
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) counts = NULL;
  g_autoptr (JsonObject) counts2 = NULL;
  g_autoptr (JsonObject) app = NULL;
  g_autoptr (JsonObject) app1 = NULL;
  JsonObject *form1, *form2;
  JsonArray *docs;

  j->mobile = MOBILE;
  first = sewa_journey_apply (j, lang, "birth-certificate", queries[lang]);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the first application at the portal", 90);
  counts = sewa_journey_portal_admin (j, "GET", "/admin/counts", NULL);
  g_assert_cmpint (json_object_get_int_member (counts, "vault_documents"), >=, 1);
  app1 = portal_form_of (j, first);
  form1 = json_object_get_object_member (json_object_get_object_member (app1, "body"), "form");

  /* Back again: verified, then asked about what is on file, the details shown with their values. */
  sewa_journey_to_apply (j, lang, "birth-certificate", queries[lang]);
  sewa_fingers_wait_screen (j->f, "identify");
  sewa_journey_request_code (j, MOBILE);
  code = sewa_journey_portal_code (j, MOBILE);
  sewa_journey_enter_code (j, code);
  sewa_fingers_wait_screen (j->f, "consent");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_state (j->f);
  sewa_journey_check (j, "consent-details");
  shot (j, "consent-details");
  g_assert_true (json_object_get_boolean_member (session_of (state), "has_prefill"));
  father_shown = g_strconcat ("~", json_object_get_string_member (form1, "applicant_father"), NULL);
  g_assert_nonnull (sewa_fingers_find (state, father_shown));
  sewa_fingers_tap (j->f, "#yes_button");

  /* The form starts filled, each such field marked; the citizen checks and goes on. */
  sewa_fingers_wait_screen (j->f, "form");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_state (j->f);
  sewa_journey_check (j, "form-prefilled");
  shot (j, "form-prefilled");
  g_assert_nonnull (sewa_fingers_find (state, ".earlier-applicant_name"));
  g_assert_nonnull (sewa_fingers_find (state, ".earlier-applicant_father"));
  g_assert_nonnull (sewa_fingers_find (state, ".earlier-applicant_dob"));
  sewa_journey_fill_form (j);
  sewa_fingers_wait_screen (j->f, "documents");
  /* The ID proof is on file: Review is on at once. */
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_state (j->f);
  g_assert_true (review_ready (state));
  shot (j, "second-on-file");
  second = sewa_journey_submit (j);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, portal_holds_two, j, "the second application at the portal", 90);

  app = portal_form_of (j, second);
  docs = json_object_get_array_member (json_object_get_object_member (app, "body"), "documents");
  g_assert_cmpuint (json_array_get_length (docs), >=, 1);
  for (guint i = 0; i < json_array_get_length (docs); i++)
    g_assert_true (json_object_has_member (json_array_get_object_element (docs, i), "vault_id"));
  counts2 = sewa_journey_portal_admin (j, "GET", "/admin/counts", NULL);
  g_assert_cmpint (json_object_get_int_member (counts2, "uploads"), ==, json_object_get_int_member (counts, "uploads"));
  g_assert_cmpint (json_object_get_int_member (counts2, "upload_bytes_received"), ==,
                   json_object_get_int_member (counts, "upload_bytes_received"));
  /* The details the citizen confirmed are the first application's, as the portal received them. */
  form2 = json_object_get_object_member (json_object_get_object_member (app, "body"), "form");
  for (gsize i = 0; i < G_N_ELEMENTS (carried); i++)
    g_assert_cmpstr (json_object_get_string_member (form2, carried[i]), ==,
                     json_object_get_string_member (form1, carried[i]));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (app, "body"), "consent"), "vault_documents"), ==, "given");

  /* A third visit stops at the question: Start over takes the token and the details with it. */
  sewa_fingers_tap (j->f, finish);
  sewa_fingers_wait_screen (j->f, "home");
  sewa_journey_to_apply (j, lang, "birth-certificate", queries[lang]);
  sewa_fingers_wait_screen (j->f, "identify");
  sewa_journey_request_code (j, MOBILE);
  code3 = sewa_journey_portal_code (j, MOBILE);
  sewa_journey_enter_code (j, code3);
  sewa_fingers_wait_screen (j->f, "consent");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_state (j->f);
  g_assert_true (json_object_get_boolean_member (session_of (state), "has_prefill"));
  sewa_fingers_tap (j->f, "#start_over_button");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, back_home, NULL, "the start over", 30);
  assert_unverified (state);
  g_assert_false (json_object_get_boolean_member (session_of (state), "has_prefill"));
  g_assert_cmpint (json_object_get_int_member (session_of (state), "vault_documents"), ==, 0);
  sewa_journey_free (j);
}

/* "No" to the consent question: nothing from the vault is shown as given; the citizen scans. */
static void
test_consent_no (void)
{
  g_autofree char *name = g_strdup_printf ("identity-consent-no-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_new (name, TRUE);
  g_autoptr (JsonObject) seeded = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *code = NULL;

  seeded = sewa_journey_portal_admin (j, "POST", "/admin/vault", "{\"mobile\":\"" MOBILE "\",\"type\":\"ADHAR\"}");
  sewa_journey_launch (j, NULL);
  sewa_journey_to_apply (j, lang, "birth-certificate", queries[lang]);
  sewa_fingers_wait_screen (j->f, "identify");
  sewa_journey_request_code (j, MOBILE);
  code = sewa_journey_portal_code (j, MOBILE);
  sewa_journey_enter_code (j, code);
  sewa_journey_fill_form (j);
  sewa_fingers_wait_screen (j->f, "consent");
  sewa_fingers_tap (j->f, "#no_button");
  sewa_fingers_wait_screen (j->f, "documents");
  state = sewa_fingers_state (j->f);
  shot (j, "consent-refused");
  g_assert_cmpint (json_object_get_int_member (session_of (state), "vault_consent"), ==, 2);
  /* The ID proof is still needed: Review looks incomplete until it is scanned. */
  g_assert_false (review_ready (state));
  sewa_journey_free (j);
}

/* ---- the Aadhaar QR way ------------------------------------------------------------------ */

static SewaCatalog *id_catalog;

/* A form field's label in the test's language, from the seed catalog the kiosk runs. */
static const char *
field_label (const char *service_id, const char *field_id)
{
  const SewaForm *form;

  if (id_catalog == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog",
                                                "catalog.json", NULL);

      id_catalog = sewa_catalog_new_from_file (path, &error);
      g_assert_no_error (error);
    }
  form = sewa_service_get_form (sewa_catalog_lookup_service (id_catalog, service_id));
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);

      for (guint i = 0; i < sec->fields->len; i++)
        {
          const SewaFormField *field = g_ptr_array_index (sec->fields, i);

          if (g_str_equal (field->id, field_id))
            return sewa_text_get (&field->label, lang);
        }
    }
  g_error ("no field %s in %s", field_id, service_id);
  return NULL;
}

/* What the field next to @label shows: its own text (an entry), or a label inside it (the
 * chosen item of a drop-down). */
static gboolean
field_shows (JsonObject *state, const char *label, const char *expected)
{
  g_autofree char *selector = g_strconcat ("field=", label, NULL);
  JsonObject *field = sewa_fingers_find (state, selector);
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  gint64 index;

  if (field == NULL)
    return FALSE;
  if (g_strcmp0 (json_object_get_string_member_with_default (field, "text", NULL), expected) == 0)
    return TRUE;
  index = json_object_get_int_member (field, "i");
  for (guint k = 0; k < json_array_get_length (widgets); k++)
    {
      JsonObject *w = json_array_get_object_element (widgets, k);

      if (g_strcmp0 (json_object_get_string_member_with_default (w, "text", NULL), expected) != 0)
        continue;
      for (gint64 p = json_object_get_int_member (w, "parent"); p >= 0 && p < json_array_get_length (widgets);
           p = json_object_get_int_member (json_array_get_object_element (widgets, (guint) p), "parent"))
        if (p == index)
          return TRUE;
    }
  return FALSE;
}

static void
assert_field (JsonObject *state, const char *service_id, const char *field_id, const char *expected)
{
  if (!field_shows (state, field_label (service_id, field_id), expected))
    g_error ("the form's %s does not show \"%s\" after the Aadhaar QR was read", field_id, expected);
}

/* The card's details on the form's first page, the number typed on the step in the mobile
 * field, and of the Aadhaar number only its last four digits. */
static void
assert_applicant_filled (JsonObject *state, const char *service_id, const char *mobile)
{
  static const char *const female[SEWA_N_LANGS] = {
    [SEWA_LANG_PA] = "ਇਸਤਰੀ", [SEWA_LANG_HI] = "महिला", [SEWA_LANG_EN] = "Female",
  };

  assert_field (state, service_id, "applicant_name", "Gurpreet Kaur");
  assert_field (state, service_id, "applicant_dob", "15-08-1990");
  assert_field (state, service_id, "applicant_gender", female[lang]);
  assert_field (state, service_id, "mobile", mobile);
  assert_field (state, service_id, "aadhaar", "•••• •••• 1234");
}

typedef struct
{
  const char *service_id;
  gboolean checked;
} AddressCheck;

/* The address page, as it opens (before the journey types anything there). */
static void
check_address_section (SewaJourney *j, JsonObject *state, gpointer data)
{
  AddressCheck *check = data;
  const char *service_id = check->service_id;

  if (!field_shows (state, field_label (service_id, "pincode"), "141002"))
    {
      /* Not the address page; nothing on the others came from the card but what the first
       * page showed. */
      g_assert_false (field_shows (state, field_label (service_id, "street"), "Street 4"));
      return;
    }
  assert_field (state, service_id, "house", "H No 12");
  assert_field (state, service_id, "street", "Street 4");
  assert_field (state, service_id, "village_town", "Ludhiana");
  assert_field (state, service_id, "district", sewa_district_name (sewa_district_lookup ("Ludhiana"), lang));
  check->checked = TRUE;
}

/* The test's own UIDAI: a key pair made now, its certificate written for the kiosk to trust,
 * and a V2 Secure QR carrying the mobile's hash (as another implementation's test data has
 * them), signed with it; the decimal text of the code. */
static char *
make_secure_qr (const char *cert_path)
{
  EVP_PKEY *key = sewa_test_rsa_key_new ();
  g_autofree char *cert = sewa_test_self_signed_cert_pem (key);
  g_autoptr (GByteArray) signed_bytes = NULL;
  SewaTestAadhaar a;

  g_assert_true (g_file_set_contents (cert_path, cert, -1, NULL));
  sewa_test_aadhaar_init (&a, 2);
  a.indicator = 2;
  a.mobile = CARD_MOBILE;
  a.hashes = SEWA_TEST_HASHES_AS_INDICATED;
  /* A small photo keeps the code at a size a phone screen or card really shows. */
  a.photo_body_len = 200;
  signed_bytes = sewa_test_aadhaar_inflated (&a, key);
  EVP_PKEY_free (key);
  return sewa_test_aadhaar_encode (signed_bytes->data, signed_bytes->len, FALSE);
}

static gboolean
identify_shown (JsonObject *state, gpointer unused)
{
  return g_strcmp0 (sewa_fingers_screen (state), "identify") == 0
         && sewa_fingers_find (state, "#aadhaar_button") != NULL;
}

/* The form, with the notice about the card (its mobile sentence included) on it. */
static gboolean
form_with_notice (JsonObject *state, gpointer data)
{
  const char *sentence = data;
  JsonObject *notice = sewa_fingers_find (state, "#notice");

  return g_strcmp0 (sewa_fingers_screen (state), "form") == 0 && notice != NULL
         && strstr (json_object_get_string_member_with_default (notice, "text", ""), sentence) != NULL;
}

/* On the identify step: the mobile typed on its keypad, the keypad put away, "Fill from
 * Aadhaar QR", the scan screen, Scan; returns the form as it shows the card's details. With
 * @try_back, the scan screen's Back is tried first: the step again, the number still there. */
static JsonObject *
aadhaar_round (SewaJourney *j, const char *mobile, gboolean matches, gboolean try_back, const char *label)
{
  const char *sentence = sewa_journey_tr (lang, matches ? "Your mobile number is the one registered with this Aadhaar."
                                                        : "Your mobile number is not the one registered with this Aadhaar.");
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *scan_label = g_strconcat (label, "-scan", NULL);
  JsonObject *form;

  sewa_fingers_wait_screen (j->f, "identify");
  sewa_fingers_tap (j->f, "#mobile_entry");
  sewa_fingers_type_osk (j->f, mobile);
  sewa_fingers_tap (j->f, ".osk-special =⌄");
  state = sewa_fingers_wait (j->f, identify_shown, NULL, "the Aadhaar way on the identify step", 20);
  sewa_journey_check (j, "identify-aadhaar");
  shot (j, "identify-aadhaar");
  g_clear_pointer (&state, json_object_unref);

  sewa_fingers_tap (j->f, "#aadhaar_button");
  sewa_fingers_wait_screen (j->f, "scan");
  sewa_journey_check (j, "aadhaar-scan");
  shot (j, scan_label);
  if (try_back)
    {
      JsonObject *entry;

      sewa_fingers_tap (j->f, "#alt_button");
      state = sewa_fingers_wait (j->f, identify_shown, NULL, "the identify step again", 20);
      entry = sewa_fingers_find (state, "#mobile_entry");
      g_assert_nonnull (entry);
      g_assert_cmpstr (json_object_get_string_member_with_default (entry, "text", ""), ==, mobile);
      g_clear_pointer (&state, json_object_unref);
      sewa_fingers_tap (j->f, "#aadhaar_button");
      sewa_fingers_wait_screen (j->f, "scan");
    }
  sewa_fingers_tap (j->f, "#scan_button");
  state = sewa_fingers_wait (j->f, form_with_notice, (gpointer) sentence, "the form filled from the card", 60);
  sewa_journey_check (j, label);
  shot (j, label);
  /* Nine fields came from the card (name, date of birth, gender, Aadhaar, house, street,
   * village or town, district, PIN code); the number typed on the step is not counted as the
   * card's. */
  {
    g_autofree char *filled = NULL;

    sewa_lang_apply (lang);
    filled = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u field was filled from your Aadhaar. Please check it.",
                                           "%u fields were filled from your Aadhaar. Please check them.", 9), 9);
    g_unsetenv ("LANGUAGE");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (sewa_fingers_find (state, "#notice"), "text"), filled));
  }
  g_assert_cmpstr (json_object_get_string_member (session_of (state), "identity_method"), ==, "aadhaar-qr-verified");
  g_assert_false (json_object_get_boolean_member (session_of (state), "has_citizen_token"));
  form = g_steal_pointer (&state);
  return form;
}

/* The Aadhaar QR way, twice: a number that is not the card's (trying the scan screen's Back on
 * the way), start over, then the card's own number; each time the form shows the card's
 * details and says whether the number is the card's. With @submit only the card's own number,
 * and the application goes on to the portal (the card's address checked on the form's address
 * page on the way), where it is recorded as identified by a verified Aadhaar QR. */
static void
run_aadhaar (gboolean submit)
{
  g_autofree char *name = g_strdup_printf ("identity-aadhaar%s-%s", submit ? "-submit" : "", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_new (name, TRUE);
  static const char *const queries_fard[SEWA_N_LANGS] = {
    [SEWA_LANG_PA] = "fard", [SEWA_LANG_HI] = "फर्द", [SEWA_LANG_EN] = "fard",
  };
  /* The service only matters where the form is sent: the Fard copy asks for one document. */
  const char *service = submit ? "fard-copy" : "birth-certificate";
  const char *query = submit ? queries_fard[lang] : queries[lang];
  g_autofree char *cert = g_build_filename (j->home, "uidai.pem", NULL);
  g_autofree char *qr = make_secure_qr (cert);
  g_autofree char *doc = g_build_filename (j->photos, "IMG_0001.JPG", NULL);
  g_autofree char *extra = g_strdup_printf ("[aadhaar]\nuidai-certificate=%s\n", cert);
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) home = NULL;

  /* The camera hands out its folder's photos in name order, one per capture, round and round:
   * the card for each scan, then (to send it) the document photo. */
  sewa_journey_put_code_photo (j, "AADHAAR_0001.JPG", qr);
  if (!submit)
    g_assert_cmpint (g_unlink (doc), ==, 0);
  sewa_journey_launch (j, extra);

  /* The number that is not the card's (the test that goes to the portal leaves it to the
   * others, to stay short). */
  if (!submit)
    {
      sewa_journey_to_apply (j, lang, service, query);
      state = aadhaar_round (j, OTHER_MOBILE, FALSE, TRUE, "aadhaar-no-match");
      assert_applicant_filled (state, service, OTHER_MOBILE);
      g_clear_pointer (&state, json_object_unref);
      sewa_fingers_tap (j->f, "#start_over_button");
      home = sewa_fingers_wait (j->f, back_home, NULL, "home after starting over", 30);
      assert_unverified (home);
    }

  sewa_journey_to_apply (j, lang, service, query);
  state = aadhaar_round (j, CARD_MOBILE, TRUE, FALSE, "aadhaar-match");
  assert_applicant_filled (state, service, CARD_MOBILE);
  if (submit)
    {
      AddressCheck address = { service, FALSE };
      g_autofree char *reference = NULL;
      g_autofree char *path = NULL;
      g_autoptr (JsonObject) app = NULL;
      g_autoptr (JsonObject) held = NULL;

      /* The rest of the form is typed; what the card filled stays as it is. */
      j->keep_filled = TRUE;
      j->on_section = check_address_section;
      j->on_section_data = &address;
      sewa_journey_fill_form (j);
      g_assert_true (address.checked);
      sewa_fingers_wait_screen (j->f, "documents");
      sewa_journey_capture_documents (j, NULL);
      reference = sewa_journey_submit (j);
      held = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
      path = g_strconcat ("/admin/applications?reference=", reference, NULL);
      app = sewa_journey_portal_admin (j, "GET", path, NULL);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (app, "identity"), "method"), ==,
                       "aadhaar-qr-verified");
      g_assert_false (json_object_get_boolean_member (json_object_get_object_member (app, "identity"), "citizen_verified"));
    }
  sewa_journey_free (j);
}

static void
test_aadhaar (void)
{
  run_aadhaar (FALSE);
}

static void
test_aadhaar_submit (void)
{
  run_aadhaar (TRUE);
}

/* The police clearance certificate needs a mobile verified by OTP (the seed catalog's
 * eligibility): the identify step says so before the form, in the citizen's language, and
 * offers the code, which verifies. */
static void
test_requires_mobile (void)
{
  g_autofree char *name = g_strdup_printf ("identity-requires-mobile-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_start (name, TRUE, NULL);
  static const char *const queries_police[SEWA_N_LANGS] = {
    [SEWA_LANG_PA] = "ਪੁਲਿਸ", [SEWA_LANG_HI] = "पुलिस", [SEWA_LANG_EN] = "police",
  };
  g_autofree char *says = g_strconcat ("#requires_label =", sewa_journey_tr (lang,
                                         "This service needs a mobile number verified with a code sent to it. Without it the application will be rejected."), NULL);
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *code = NULL;
  JsonObject *s;

  sewa_journey_to_apply (j, lang, "police-clearance", queries_police[lang]);
  sewa_fingers_wait_screen (j->f, "identify");
  state = sewa_fingers_wait_for (j->f, says, 20);
  g_assert_true (widget_sensitive (state, "#send_button"));
  sewa_journey_check (j, "identify-requires-mobile");
  shot (j, "identify-requires-mobile");
  g_clear_pointer (&state, json_object_unref);

  sewa_journey_request_code (j, MOBILE);
  code = sewa_journey_portal_code (j, MOBILE);
  sewa_journey_enter_code (j, code);
  sewa_fingers_wait_screen (j->f, "form");
  state = sewa_fingers_state (j->f);
  s = session_of (state);
  g_assert_cmpstr (json_object_get_string_member (s, "identity_method"), ==, "otp");
  g_assert_true (json_object_get_boolean_member (s, "has_citizen_token"));
  sewa_journey_free (j);
}

/* The portal is down when the citizen reaches the identify step (the kiosk started without
 * reaching it): the step says plainly, in their language, that the number cannot be verified
 * now, offers no code, and lets them go on. The portal comes back while they fill the form;
 * the application reaches it recorded as identified by nothing. */
static void
test_offline (void)
{
  g_autofree char *name = g_strdup_printf ("identity-offline-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_new (name, TRUE);
  static const char *const queries_fard[SEWA_N_LANGS] = {
    [SEWA_LANG_PA] = "fard", [SEWA_LANG_HI] = "फर्द", [SEWA_LANG_EN] = "fard",
  };
  g_autofree char *says = g_strconcat ("#offline_label =", sewa_journey_tr (lang,
                                         "The portal cannot be reached right now, so your mobile number cannot be verified. You can still apply."), NULL);
  g_autofree char *reference = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) held = NULL;
  g_autoptr (JsonObject) app = NULL;

  sewa_journey_portal_stop (j);
  sewa_journey_launch (j, NULL);
  sewa_journey_to_apply (j, lang, "fard-copy", queries_fard[lang]);
  sewa_fingers_wait_screen (j->f, "identify");
  state = sewa_fingers_wait_for (j->f, says, 20);
  g_assert_null (sewa_fingers_find (state, "#mobile_entry"));
  g_assert_null (sewa_fingers_find (state, "#send_button"));
  sewa_journey_check (j, "identify-offline");
  shot (j, "identify-offline");
  g_clear_pointer (&state, json_object_unref);

  sewa_journey_portal_start (j);
  sewa_fingers_tap (j->f, "#skip_button");
  sewa_journey_fill_form (j);
  state = sewa_fingers_state (j->f);
  assert_unverified (state);
  sewa_journey_capture_documents (j, NULL);
  reference = sewa_journey_submit (j);
  /* The kiosk probes the returned portal on its offline backoff, then sends. */
  held = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 150);
  path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  app = sewa_journey_portal_admin (j, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (app, "identity"), "method"), ==, "none");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (app, "identity"), "citizen_verified"));
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (sewa_lang_from_code (SEWA_JOURNEY_LANG, &lang));
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/identity/otp", test_otp);
  g_test_add_func ("/ui/identity/vault", test_vault);
  g_test_add_func ("/ui/identity/consent-no", test_consent_no);
  g_test_add_func ("/ui/identity/second-application", test_second_application);
  g_test_add_func ("/ui/identity/aadhaar", test_aadhaar);
  g_test_add_func ("/ui/identity/aadhaar-submit", test_aadhaar_submit);
  g_test_add_func ("/ui/identity/requires-mobile", test_requires_mobile);
  g_test_add_func ("/ui/identity/offline", test_offline);
  status = g_test_run ();
  g_clear_object (&id_catalog);
  return status;
}
