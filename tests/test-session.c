#include "sewa-session.h"

static void
on_ended (SewaSession *s, int reason, gpointer user_data)
{
  int *out = user_data;
  *out = reason;
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
test_start_over_wipes (void)
{
  g_autoptr (SewaSession) s = sewa_session_new (60);
  int reason = -1;
  GCancellable *c;

  g_signal_connect (s, "ended", G_CALLBACK (on_ended), &reason);
  g_assert_false (sewa_session_is_active (s));
  sewa_session_set_value (s, "name", "ignored before begin");
  g_assert_cmpuint (sewa_session_count_values (s), ==, 0);

  sewa_session_begin (s, SEWA_LANG_HI);
  g_assert_true (sewa_session_is_active (s));
  g_assert_cmpint (sewa_session_get_language (s), ==, SEWA_LANG_HI);
  sewa_session_set_value (s, "name", "Gurpreet Kaur");
  sewa_session_set_value (s, "mobile", "9876543210");
  g_assert_cmpstr (sewa_session_get_value (s, "name"), ==, "Gurpreet Kaur");
  c = g_object_ref (sewa_session_get_cancellable (s));
  g_assert_false (g_cancellable_is_cancelled (c));

  sewa_session_end (s, SEWA_SESSION_END_START_OVER);
  g_assert_cmpint (reason, ==, SEWA_SESSION_END_START_OVER);
  g_assert_false (sewa_session_is_active (s));
  g_assert_cmpuint (sewa_session_count_values (s), ==, 0);
  g_assert_null (sewa_session_get_value (s, "name"));
  g_assert_true (g_cancellable_is_cancelled (c));
  g_object_unref (c);

  /* A new session gets a fresh, uncancelled cancellable. */
  sewa_session_begin (s, SEWA_LANG_PA);
  g_assert_false (g_cancellable_is_cancelled (sewa_session_get_cancellable (s)));
  g_assert_finalize_object (g_steal_pointer (&s));
}

static void
test_idle_reset (void)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (SewaSession) s = sewa_session_new (1);
  int reason = -1;

  g_signal_connect (s, "ended", G_CALLBACK (on_ended), &reason);
  sewa_session_begin (s, SEWA_LANG_EN);
  sewa_session_set_value (s, "name", "Harjit Singh");
  sewa_session_set_verified_mobile (s, "tok_identity_test_0123456789", "3210");
  g_assert_cmpint (sewa_session_get_identity_method (s), ==, SEWA_IDENTITY_METHOD_OTP);
  {
    GPtrArray *vault = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_vault_doc_free);

    g_ptr_array_add (vault, sewa_vault_doc_new ("vd_0123456789abcdef", "BIRTH", "2026-11-30", "PB-REVENU-2026-0000001"));
    sewa_session_set_vault (s, vault);
    sewa_session_set_vault_consent (s, SEWA_VAULT_CONSENT_GIVEN);
    g_assert_cmpuint (sewa_session_get_vault (s)->len, ==, 1);
  }
  {
    SewaIdentity *details = sewa_identity_new (SEWA_IDENTITY_SOURCE_EARLIER_APPLICATION);

    sewa_identity_set (details, "father_name", "Gurdev Singh");
    sewa_session_set_prefill (s, details, "PB-REVENU-2026-0000001");
    g_assert_cmpstr (sewa_session_get_prefill (s)->father_name, ==, "Gurdev Singh");
  }
  /* Touching keeps it alive past one timeout period... */
  for (int i = 0; i < 3; i++)
    {
      g_timeout_add (600, quit_loop, loop);
      g_main_loop_run (loop);
      g_assert_true (sewa_session_is_active (s));
      sewa_session_touch (s);
    }
  /* ...then silence ends it, wiping the values. */
  g_timeout_add (2200, quit_loop, loop);
  g_main_loop_run (loop);
  g_assert_false (sewa_session_is_active (s));
  g_assert_cmpint (reason, ==, SEWA_SESSION_END_IDLE);
  g_assert_cmpuint (sewa_session_count_values (s), ==, 0);
  /* The portal's token goes with the draft: the next citizen must not open this one's vault. */
  g_assert_null (sewa_session_get_citizen_token (s));
  g_assert_null (sewa_session_get_mobile_last4 (s));
  g_assert_cmpint (sewa_session_get_identity_method (s), ==, SEWA_IDENTITY_METHOD_NONE);
  g_assert_null (sewa_session_get_vault (s));
  g_assert_cmpint (sewa_session_get_vault_consent (s), ==, SEWA_VAULT_CONSENT_UNASKED);
  /* So do the details from their earlier applications. */
  g_assert_null (sewa_session_get_prefill (s));
  g_assert_null (sewa_session_get_prefill_arn (s));
  g_assert_finalize_object (g_steal_pointer (&s));
}

/* Choosing another way to identify (or none) drops a token an earlier OTP gave. */
static void
test_identity_method (void)
{
  g_autoptr (SewaSession) s = sewa_session_new (60);
  SewaIdentityMethod m = SEWA_IDENTITY_METHOD_OTP;

  sewa_session_begin (s, SEWA_LANG_PA);
  g_assert_cmpint (sewa_session_get_identity_method (s), ==, SEWA_IDENTITY_METHOD_NONE);
  sewa_session_set_verified_mobile (s, "tok_identity_test_0123456789", "3210");
  g_assert_cmpstr (sewa_session_get_citizen_token (s), ==, "tok_identity_test_0123456789");
  g_assert_cmpstr (sewa_session_get_mobile_last4 (s), ==, "3210");
  sewa_session_set_prefill (s, sewa_identity_new (SEWA_IDENTITY_SOURCE_EARLIER_APPLICATION), "PB-REVENU-2026-0000001");
  g_assert_nonnull (sewa_session_get_prefill (s));
  sewa_session_set_identity_method (s, SEWA_IDENTITY_METHOD_NONE);
  g_assert_null (sewa_session_get_citizen_token (s));
  g_assert_null (sewa_session_get_prefill (s));
  g_assert_cmpint (sewa_session_get_identity_method (s), ==, SEWA_IDENTITY_METHOD_NONE);

  g_assert_cmpstr (sewa_identity_method_to_string (SEWA_IDENTITY_METHOD_AADHAAR_QR_UNVERIFIED), ==,
                   "aadhaar-qr-unverified");
  g_assert_true (sewa_identity_method_from_string ("aadhaar-qr-verified", &m));
  g_assert_cmpint (m, ==, SEWA_IDENTITY_METHOD_AADHAAR_QR_VERIFIED);
  g_assert_false (sewa_identity_method_from_string ("OTP", &m));
  g_assert_false (sewa_identity_method_from_string (NULL, &m));
  sewa_session_end (s, SEWA_SESSION_END_START_OVER);
  g_assert_finalize_object (g_steal_pointer (&s));
}

typedef struct
{
  GMainLoop *loop;
  guint warnings, resumed, seconds;
  int ended;
  gint64 warned_at;
} WarningSeen;

static void
on_warning (SewaSession *s, guint seconds, WarningSeen *seen)
{
  seen->warnings++;
  seen->seconds = seconds;
  seen->warned_at = g_get_monotonic_time ();
  g_main_loop_quit (seen->loop);
}

static void
on_resumed (SewaSession *s, WarningSeen *seen)
{
  seen->resumed++;
}

static void
on_warning_ended (SewaSession *s, int reason, WarningSeen *seen)
{
  seen->ended = reason;
  g_main_loop_quit (seen->loop);
}

/* Before the idle reset the session warns (once, with the seconds left); a touch then keeps it
 * and says so; left alone after the warning it ends as before, the warning's length later. */
static void
test_idle_warning (void)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (SewaSession) s = sewa_session_new (3);
  WarningSeen seen = { .loop = loop, .ended = -1 };
  gint64 began;

  g_signal_connect (s, "idle-warning", G_CALLBACK (on_warning), &seen);
  g_signal_connect (s, "idle-resumed", G_CALLBACK (on_resumed), &seen);
  g_signal_connect (s, "ended", G_CALLBACK (on_warning_ended), &seen);
  sewa_session_set_idle_warning (s, 2);
  began = g_get_monotonic_time ();
  sewa_session_begin (s, SEWA_LANG_PA);
  g_assert_false (sewa_session_is_warning (s));
  g_main_loop_run (loop);
  g_assert_cmpuint (seen.warnings, ==, 1);
  g_assert_cmpuint (seen.seconds, ==, 2);
  /* Second timers are grouped by GLib, so only the order is exact, not the instant. */
  g_assert_cmpint (seen.warned_at, >, began);
  g_assert_true (sewa_session_is_warning (s));
  g_assert_true (sewa_session_is_active (s));
  g_assert_cmpuint (sewa_session_get_seconds_left (s), <=, 2);
  g_assert_cmpuint (sewa_session_get_seconds_left (s), >=, 1);

  sewa_session_touch (s);
  g_assert_cmpuint (seen.resumed, ==, 1);
  g_assert_false (sewa_session_is_warning (s));
  g_assert_cmpuint (sewa_session_get_seconds_left (s), ==, 3);

  /* Warned again after another quiet second, then reset at the end of the countdown. */
  g_main_loop_run (loop);
  g_assert_cmpuint (seen.warnings, ==, 2);
  g_assert_cmpint (seen.ended, ==, -1);
  g_main_loop_run (loop);
  g_assert_cmpint (seen.ended, ==, SEWA_SESSION_END_IDLE);
  g_assert_false (sewa_session_is_warning (s));
  g_assert_cmpuint (seen.resumed, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&s));
}

/* The operator assisting (#18) stays through the citizen's identity steps and goes with the
 * session. */
static void
test_assisted_by (void)
{
  g_autoptr (SewaSession) s = sewa_session_new (60);

  sewa_session_begin (s, SEWA_LANG_EN);
  g_assert_null (sewa_session_get_assisted_by (s));
  sewa_session_set_assisted_by (s, "asha");
  sewa_session_set_verified_mobile (s, "tok_identity_test_0123456789", "3210");
  sewa_session_set_identity_method (s, SEWA_IDENTITY_METHOD_NONE);
  g_assert_cmpstr (sewa_session_get_assisted_by (s), ==, "asha");
  sewa_session_end (s, SEWA_SESSION_END_COMPLETED);
  g_assert_null (sewa_session_get_assisted_by (s));
}

static void
on_began_count (SewaSession *s, guint *n)
{
  (*n)++;
}

static void
on_ended_count (SewaSession *s, int reason, guint *n)
{
  (*n)++;
}

/* A language switch mid-journey (#20 item 4) is not a new session: the operator assisting
 * (#18), the values entered and the verified mobile all stay; only the language changes. */
static void
test_language_switch_keeps_assisted_by (void)
{
  g_autoptr (SewaSession) s = sewa_session_new (60);
  guint began = 0, ended = 0;

  sewa_session_begin (s, SEWA_LANG_PA);
  sewa_session_set_assisted_by (s, "asha");
  sewa_session_set_value (s, "applicant_name", "ਗੁਰਪ੍ਰੀਤ");
  sewa_session_set_verified_mobile (s, "tok_identity_test_0123456789", "3210");
  g_signal_connect (s, "began", G_CALLBACK (on_began_count), &began);
  g_signal_connect (s, "ended", G_CALLBACK (on_ended_count), &ended);
  sewa_session_set_language (s, SEWA_LANG_HI);
  sewa_session_set_language (s, SEWA_LANG_EN);
  g_assert_cmpint (sewa_session_get_language (s), ==, SEWA_LANG_EN);
  g_assert_true (sewa_session_is_active (s));
  g_assert_cmpuint (began, ==, 0);
  g_assert_cmpuint (ended, ==, 0);
  g_assert_cmpstr (sewa_session_get_assisted_by (s), ==, "asha");
  g_assert_cmpstr (sewa_session_get_value (s, "applicant_name"), ==, "ਗੁਰਪ੍ਰੀਤ");
  sewa_session_end (s, SEWA_SESSION_END_COMPLETED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/start-over-wipes", test_start_over_wipes);
  g_test_add_func ("/session/idle-reset", test_idle_reset);
  g_test_add_func ("/session/identity-method", test_identity_method);
  g_test_add_func ("/session/assisted-by", test_assisted_by);
  g_test_add_func ("/session/language-switch-keeps-assisted-by", test_language_switch_keeps_assisted_by);
  g_test_add_func ("/session/idle-warning", test_idle_warning);
  return g_test_run ();
}
