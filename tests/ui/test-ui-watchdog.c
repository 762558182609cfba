/* The kiosk's systemd notifications without systemd: the real sewa-kiosk binary is started
 * with NOTIFY_SOCKET pointing at a datagram socket this test reads, as systemd would for
 * sewa-kiosk.service (Type=notify, WatchdogSec=). READY=1 must come after the first frame,
 * WATCHDOG=1 at half the interval, and the pings must stop while the main loop is blocked
 * (the SEWA_TEST_HOOKS SIGUSR2 hook), which is what lets systemd restart a hung UI. No child of
 * the kiosk inherits NOTIFY_SOCKET (a session bus GLib autolaunches could otherwise say READY=1
 * for it under NotifyAccess=all). */
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "store-test-util.h"

#define WATCHDOG_USEC 1000000 /* WatchdogSec=1 */
#define HANG_MS 3000

static const char *kiosk_path;

typedef struct
{
  char *dir;
  GSocket *socket;
  GSubprocess *kiosk;
} Fixture;

typedef enum
{
  NO_WATCHDOG,
  WATCHDOG_FOR_KIOSK,  /* WATCHDOG_USEC only: systemd started the kiosk itself */
  WATCHDOG_FOR_PARENT, /* WATCHDOG_PID is the parent's, as when cage is the main process */
} WatchdogEnv;

static void
fixture_start (Fixture *f, WatchdogEnv env)
{
  g_autofree char *parent_pid = g_strdup_printf ("%d", (int) getpid ());
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *child_env = NULL;

  f->dir = g_dir_make_tmp ("sewa-watchdog-XXXXXX", &error);
  g_assert_no_error (error);
  socket_path = g_build_filename (f->dir, "notify", NULL);
  config_path = g_build_filename (f->dir, "kiosk.conf", NULL);
  state_dir = g_build_filename (f->dir, "state", NULL);
  g_file_set_contents (config_path, "[kiosk]\nvoice=false\n", -1, &error);
  g_assert_no_error (error);

  f->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, 0, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (socket_path);
  g_socket_bind (f->socket, address, FALSE, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", socket_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "SEWA_TEST_HOOKS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "SEWA_TEST_HANG_MS", G_STRINGIFY (HANG_MS), TRUE);
  child_env = g_build_filename (f->dir, "child-env", NULL);
  g_subprocess_launcher_setenv (launcher, "SEWA_TEST_CHILD_ENV", child_env, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "WATCHDOG_PID");
  g_subprocess_launcher_unsetenv (launcher, "WATCHDOG_USEC");
  if (env != NO_WATCHDOG)
    g_subprocess_launcher_setenv (launcher, "WATCHDOG_USEC", G_STRINGIFY (WATCHDOG_USEC), TRUE);
  if (env == WATCHDOG_FOR_PARENT)
    g_subprocess_launcher_setenv (launcher, "WATCHDOG_PID", parent_pid, TRUE);
  f->kiosk = g_subprocess_launcher_spawn (launcher, &error, kiosk_path, "--config", config_path,
                                          "--state-dir", state_dir, NULL);
  g_assert_no_error (error);
}

static void
fixture_stop (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (f->kiosk, SIGTERM);
  g_subprocess_wait (f->kiosk, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->kiosk);
  g_clear_object (&f->socket);
  test_rm_rf (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* The next notification, or NULL when none arrives within timeout_ms. */
static char *
next_message (Fixture *f, gint64 timeout_ms)
{
  g_autoptr (GError) error = NULL;
  char buf[512];
  gssize n;

  g_socket_set_timeout (f->socket, 0);
  if (!g_socket_condition_timed_wait (f->socket, G_IO_IN, timeout_ms * 1000, NULL, &error))
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      return NULL;
    }
  n = g_socket_receive (f->socket, buf, sizeof buf - 1, NULL, &error);
  g_assert_no_error (error);
  buf[n] = '\0';
  return g_strdup (buf);
}

static gboolean
is_ping (const char *msg)
{
  return msg != NULL && strstr (msg, "WATCHDOG=1") != NULL;
}

/* Waits for READY=1; the first frame can take several seconds under ASan. */
static void
wait_ready (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *msg = next_message (f, 1000);

      if (msg != NULL && strstr (msg, "READY=1") != NULL)
        return;
    }
  g_assert_not_reached ();
}

static void
assert_regular_pings (Fixture *f)
{
  gint64 last = g_get_monotonic_time ();

  /* Five pings in a row, each within the watchdog interval of the one before. */
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *msg = next_message (f, WATCHDOG_USEC / 1000);
      gint64 now = g_get_monotonic_time ();

      g_assert_true (is_ping (msg));
      g_assert_cmpint (now - last, <, WATCHDOG_USEC);
      last = now;
    }
}


/* What a child the kiosk started after its first frame saw in its environment (the test hook
 * runs env(1) as GLib runs dbus-launch): the kiosk's HOME, and neither systemd's notification
 * address nor its watchdog variables, so no child can say READY=1 or WATCHDOG=1 for it. */
static void
assert_child_sees_no_notify_socket (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "child-env", NULL);
  g_autofree char *home = g_strdup_printf ("\nHOME=%s\n", f->dir);
  g_autofree char *env = NULL;
  g_autofree char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* The hook writes the file in one go (g_file_set_contents renames it into place). */
  while (!g_file_get_contents (path, &env, NULL, NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
  text = g_strconcat ("\n", env, NULL);
  g_assert_nonnull (strstr (text, home));
  g_assert_null (strstr (text, "\nNOTIFY_SOCKET="));
  g_assert_null (strstr (text, "\nWATCHDOG_USEC="));
  g_assert_null (strstr (text, "\nWATCHDOG_PID="));
}

/* In sewa-kiosk.service the main process is cage and the kiosk its child: systemd's
 * WATCHDOG_PID names cage, and the kiosk must still ping. */
static void
test_pings_as_cage_child (void)
{
  Fixture f = { 0 };

  fixture_start (&f, WATCHDOG_FOR_PARENT);
  wait_ready (&f);
  assert_regular_pings (&f);
  assert_child_sees_no_notify_socket (&f);
  fixture_stop (&f);
}

/* One kiosk (each start costs seconds under ASan): READY=1, regular pings, then silence while
 * its main loop is blocked, then pings again. */
static void
test_ready_pings_and_blocked_loop (void)
{
  Fixture f = { 0 };
  gboolean silent = FALSE;
  gint64 hang_at;

  fixture_start (&f, WATCHDOG_FOR_KIOSK);
  wait_ready (&f);
  assert_regular_pings (&f);
  assert_child_sees_no_notify_socket (&f);
  g_subprocess_send_signal (f.kiosk, SIGUSR2);
  hang_at = g_get_monotonic_time ();
  /* A ping already on its way may still arrive; after that a whole WatchdogSec must pass
   * without one, and that silence must begin within one interval of the hang. */
  while (g_get_monotonic_time () - hang_at < 2 * WATCHDOG_USEC)
    {
      g_autofree char *msg = next_message (&f, WATCHDOG_USEC / 1000);

      if (msg == NULL)
        {
          silent = TRUE;
          break;
        }
    }
  g_assert_true (silent);
  /* The pings come from the main loop itself: once it runs again, so do they. */
  {
    g_autofree char *msg = next_message (&f, HANG_MS + 2000);

    g_assert_true (is_ping (msg));
  }
  fixture_stop (&f);
}

/* Without WATCHDOG_USEC systemd expects no pings from the kiosk, and it sends none. */
static void
test_no_watchdog_no_pings (gconstpointer data)
{
  Fixture f = { 0 };
  g_autofree char *msg = NULL;

  fixture_start (&f, GPOINTER_TO_INT (data));
  wait_ready (&f);
  msg = next_message (&f, 2 * WATCHDOG_USEC / 1000);
  g_assert_null (msg);
  fixture_stop (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: %s PATH/TO/sewa-kiosk\n", argv[0]);
      return 2;
    }
  kiosk_path = argv[1];
  g_test_add_func ("/watchdog/ready-pings-and-blocked-loop", test_ready_pings_and_blocked_loop);
  g_test_add_func ("/watchdog/pings-as-cage-child", test_pings_as_cage_child);
  g_test_add_data_func ("/watchdog/no-watchdog-no-pings", GINT_TO_POINTER (NO_WATCHDOG),
                        test_no_watchdog_no_pings);
  return g_test_run ();
}
