/* sewa-watchdog.c — READY=1 after the first frame, WATCHDOG=1 from the main loop. */
#include "sewa-watchdog.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

/* Taken from the environment at start (sewa_watchdog_take_environment). */
static GSocket *notify_socket;
static GSocketAddress *notify_address;
static guint64 watchdog_usec;

typedef struct
{
  guint ping_source;
  guint hang_source;
  gulong first_frame_handler;
} SewaWatchdog;

static void
sewa_watchdog_free (gpointer data)
{
  SewaWatchdog *wd = data;

  g_clear_handle_id (&wd->ping_source, g_source_remove);
  g_clear_handle_id (&wd->hang_source, g_source_remove);
  g_free (wd);
}

static gboolean
parse_positive (const char *text, guint64 *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, out, NULL);
}

/* The interval systemd expects pings within, 0 when it expects none. systemd addresses
 * WATCHDOG_USEC to its main process (WATCHDOG_PID); in sewa-kiosk.service that is cage, which
 * passes its environment to the kiosk, its child, so the parent's pid counts as ours too.
 * Unsets both, so no child of the kiosk believes it is being watched. */
static guint64
take_watchdog_interval (void)
{
  uint64_t usec = 0;
  guint64 pid = 0;
  guint64 parsed = 0;
  guint64 result = 0;

  if (sd_watchdog_enabled (0, &usec) > 0)
    result = usec;
  else if (parse_positive (g_getenv ("WATCHDOG_PID"), &pid) && pid == (guint64) getppid ()
           && parse_positive (g_getenv ("WATCHDOG_USEC"), &parsed))
    result = parsed;
  g_unsetenv ("WATCHDOG_USEC");
  g_unsetenv ("WATCHDOG_PID");
  return result;
}

/* One notification: the sd_notify(3) datagram, sent to the address taken at start. libsystemd's
 * sd_notify() reads NOTIFY_SOCKET from the environment at every call, and the environment is
 * exactly where the address must not stay. */
static void
notify (const char *state)
{
  g_autoptr (GError) error = NULL;

  if (notify_socket == NULL)
    return;
  if (g_socket_send_to (notify_socket, notify_address, state, strlen (state), NULL, &error) < 0)
    g_debug ("systemd notification not sent: %s", error->message);
}

void
sewa_watchdog_take_environment (void)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  g_autoptr (GError) error = NULL;

  watchdog_usec = take_watchdog_interval ();
  if (path == NULL)
    return;
  /* "@name" is a socket in the abstract namespace (sd_notify(3)); anything else a path. */
  if (path[0] == '@' && path[1] != '\0')
    notify_address = g_unix_socket_address_new_with_type (path + 1, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  else if (path[0] == '/')
    notify_address = g_unix_socket_address_new (path);
  else
    g_warning ("NOTIFY_SOCKET is neither a path nor an abstract socket; systemd will not hear from the kiosk");
  if (notify_address != NULL)
    {
      notify_socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, 0, &error);
      if (notify_socket == NULL)
        {
          g_warning ("cannot open a socket for systemd notifications: %s", error->message);
          g_clear_object (&notify_address);
        }
    }
  g_unsetenv ("NOTIFY_SOCKET");
}

static gboolean
on_ping (gpointer user_data)
{
  notify ("WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

/* Test-only: SEWA_TEST_HOOKS=1 with SEWA_TEST_CHILD_ENV=FILE makes the kiosk run env(1) once it
 * is up, the way GLib runs dbus-launch to autolaunch a session bus, and write what that child
 * saw to FILE: the test checks that no child inherits NOTIFY_SOCKET. */
static void
test_dump_child_environment (const char *file)
{
  const char *argv[] = { "env", NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL, &error)
      || !g_file_set_contents (file, out, -1, &error))
    g_warning ("test hook: cannot record a child's environment: %s", error->message);
}

static void
on_first_frame (SewaWindow *window, gpointer user_data)
{
  SewaWatchdog *wd = user_data;

  notify ("READY=1\nSTATUS=Showing the home screen");
  g_clear_signal_handler (&wd->first_frame_handler, window);
  if (g_strcmp0 (g_getenv ("SEWA_TEST_HOOKS"), "1") == 0 && g_getenv ("SEWA_TEST_CHILD_ENV") != NULL)
    test_dump_child_environment (g_getenv ("SEWA_TEST_CHILD_ENV"));
}

/* Test-only: SEWA_TEST_HOOKS=1 makes SIGUSR2 block the main loop for SEWA_TEST_HANG_MS
 * (default 5000) so a test can see the pings stop, as they would when the UI hangs. */
static gboolean
on_test_hang (gpointer user_data)
{
  guint64 ms = 5000;

  if (!parse_positive (g_getenv ("SEWA_TEST_HANG_MS"), &ms) || ms > 600000)
    ms = 5000;
  g_message ("test hook: blocking the main loop for %" G_GUINT64_FORMAT " ms", ms);
  g_usleep ((gulong) (ms * 1000));
  return G_SOURCE_CONTINUE;
}

void
sewa_watchdog_attach (SewaWindow *window)
{
  SewaWatchdog *wd;
  guint64 usec;

  g_return_if_fail (SEWA_IS_WINDOW (window));

  if (notify_socket == NULL)
    return;
  wd = g_new0 (SewaWatchdog, 1);
  wd->first_frame_handler = g_signal_connect (window, "first-frame",
                                              G_CALLBACK (on_first_frame), wd);
  usec = watchdog_usec;
  if (usec > 0)
    {
      /* Half the interval, so one late tick of a busy loop is not yet a restart. */
      guint ms = (guint) MAX (MIN (usec / 2000, G_MAXUINT), 1);

      wd->ping_source = g_timeout_add (ms, on_ping, NULL);
      g_source_set_name_by_id (wd->ping_source, "[sewa] watchdog ping");
      notify ("WATCHDOG=1");
    }
  if (g_strcmp0 (g_getenv ("SEWA_TEST_HOOKS"), "1") == 0)
    wd->hang_source = g_unix_signal_add (SIGUSR2, on_test_hang, NULL);
  /* The timer lives as long as the window: closing it ends the kiosk. */
  g_object_set_data_full (G_OBJECT (window), "sewa-watchdog", wd, sewa_watchdog_free);
}
