/* The identify step through the real screen, against portal-sim's OTP (docs/portal-api.md §4):
 * a wrong code says how many tries are left, an expired code (portal-sim's clock moved past its
 * life) offers a new one, the new one verifies, the form follows; the session then holds the
 * portal's token, and the idle reset wipes it (checked through the session API, via the test
 * probe, which reports whether a token is held, never the token). */
#include "sewa-journey.h"

#define MOBILE "9876512345"

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

/* Submit looks ready: the primary action without the held-back look of an incomplete
 * application (a tap on an incomplete one is answered with what is missing). */
static gboolean
submit_ready (JsonObject *state)
{
  JsonObject *w = sewa_fingers_find (state, "#submit_button");
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
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_state (j->f);
  g_assert_true (submit_ready (state));
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
  /* The ID proof is still needed: Submit looks incomplete until it is scanned. */
  g_assert_false (submit_ready (state));
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sewa_lang_from_code (SEWA_JOURNEY_LANG, &lang));
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/identity/otp", test_otp);
  g_test_add_func ("/ui/identity/vault", test_vault);
  g_test_add_func ("/ui/identity/consent-no", test_consent_no);
  g_test_add_func ("/ui/identity/second-application", test_second_application);
  return g_test_run ();
}
