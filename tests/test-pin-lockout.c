/* test-pin-lockout — the operator PIN's wrong-guess policy (shared by the kiosk's PIN pad and
 * kioskctl) and its state file. */
#include "sewa-pin-lockout.h"

#include <glib/gstdio.h>

static void
test_policy (void)
{
  static const guint want[] = { 0, 0, 0, 2, 4, 30, 60, 120, 240, 480, 900, 900 };

  for (guint n = 0; n < G_N_ELEMENTS (want); n++)
    g_assert_cmpuint (sewa_pin_lockout_delay (n), ==, want[n]);
  /* It never wraps around, however many wrong PINs. */
  g_assert_cmpuint (sewa_pin_lockout_delay (40), ==, SEWA_PIN_LOCKOUT_MAX_SECONDS);
  g_assert_cmpuint (sewa_pin_lockout_delay (G_MAXUINT), ==, SEWA_PIN_LOCKOUT_MAX_SECONDS);
}

static void
test_state_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sewa-pin-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "operator-pin.lockout", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GStatBuf st;
  guint failures = 99;
  gint64 until = 99;

  g_assert_no_error (error);
  /* No file: a clean state. */
  g_assert_true (sewa_pin_lockout_load (path, &failures, &until, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (failures, ==, 0);
  g_assert_cmpint (until, ==, 0);

  g_assert_true (sewa_pin_lockout_save (path, 6, now + 60, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (sewa_pin_lockout_load (path, &failures, &until, &error));
  g_assert_cmpuint (failures, ==, 6);
  g_assert_cmpint (until, ==, now + 60);

  /* Damaged or edited state is refused, never read as "no failures". */
  g_assert_true (g_file_set_contents (path, "[lockout]\nfailures=-3\nlocked-until=0\n", -1, NULL));
  g_assert_false (sewa_pin_lockout_load (path, &failures, &until, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "[lockout]\nfailures=2\nlocked-until=9999999999999\n",
                                      -1, NULL));
  g_assert_false (sewa_pin_lockout_load (path, &failures, &until, &error));
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "failures=2\n", -1, NULL));
  g_assert_false (sewa_pin_lockout_load (path, &failures, &until, &error));
  g_clear_error (&error);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pin-lockout/policy", test_policy);
  g_test_add_func ("/pin-lockout/state-file", test_state_file);
  return g_test_run ();
}
