/* sewa-watchdog.c — READY=1 after the first frame, WATCHDOG=1 from the main loop. */
#include "sewa-watchdog.h"

#include <glib-unix.h>
#include <signal.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

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
 * passes its environment to the kiosk, its child, so the parent's pid counts as ours too. */
static guint64
watchdog_interval_usec (void)
{
  uint64_t usec = 0;
  guint64 pid = 0;
  guint64 parsed = 0;

  if (sd_watchdog_enabled (0, &usec) > 0)
    return usec;
  if (parse_positive (g_getenv ("WATCHDOG_PID"), &pid) && pid == (guint64) getppid ()
      && parse_positive (g_getenv ("WATCHDOG_USEC"), &parsed))
    return parsed;
  return 0;
}

static gboolean
on_ping (gpointer user_data)
{
  sd_notify (0, "WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

static void
on_first_frame (SewaWindow *window, gpointer user_data)
{
  SewaWatchdog *wd = user_data;

  sd_notify (0, "READY=1\nSTATUS=Showing the home screen");
  g_clear_signal_handler (&wd->first_frame_handler, window);
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

  if (g_getenv ("NOTIFY_SOCKET") == NULL)
    return;
  wd = g_new0 (SewaWatchdog, 1);
  wd->first_frame_handler = g_signal_connect (window, "first-frame",
                                              G_CALLBACK (on_first_frame), wd);
  usec = watchdog_interval_usec ();
  if (usec > 0)
    {
      /* Half the interval, so one late tick of a busy loop is not yet a restart. */
      guint ms = (guint) MAX (MIN (usec / 2000, G_MAXUINT), 1);

      wd->ping_source = g_timeout_add (ms, on_ping, NULL);
      g_source_set_name_by_id (wd->ping_source, "[sewa] watchdog ping");
      sd_notify (0, "WATCHDOG=1");
    }
  if (g_strcmp0 (g_getenv ("SEWA_TEST_HOOKS"), "1") == 0)
    wd->hang_source = g_unix_signal_add (SIGUSR2, on_test_hang, NULL);
  /* The timer lives as long as the window: closing it ends the kiosk. */
  g_object_set_data_full (G_OBJECT (window), "sewa-watchdog", wd, sewa_watchdog_free);
}
