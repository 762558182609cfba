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
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sewa_lang_from_code (SEWA_JOURNEY_LANG, &lang));
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/identity/otp", test_otp);
  return g_test_run ();
}
