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
  g_assert_finalize_object (g_steal_pointer (&s));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/start-over-wipes", test_start_over_wipes);
  g_test_add_func ("/session/idle-reset", test_idle_reset);
  return g_test_run ();
}
