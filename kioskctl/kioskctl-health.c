/* kioskctl health — is this kiosk fit to take applications, in one screen for a technician
 * or a monitoring script:
 *
 *   kioskctl health [--min-free-mb N] [--max-pending-age S] [--no-devices]
 *
 * Defaults: 512 MiB free on the state directory's file system, pending applications younger
 * than 24 h; --no-devices skips the printer (CUPS, a few seconds at most) and the camera.
 *
 * One line per check: name, "ok" / "degraded" / "info", and what was found. The last line is
 * the verdict. Exit 0 when nothing is degraded, 1 when something is, 3 when the queue cannot
 * be opened at all (its hint says what to do), like every kioskctl command.
 *
 * It reads only what the store already records: queue counts and ages, enrolment, and the
 * pause the sync engine persists when the portal refuses this device. The time of the last
 * successful exchange with the portal and the engine's other alerts live only in the running
 * kiosk's memory; the nearest recorded fact, when the portal last accepted an application,
 * is shown instead.
 */
#include "sewa-build-config.h"
#include "kioskctl.h"
#include "sewa-camera.h"
#include "sewa-enrol.h"
#include "sewa-printer.h"
#include "sewa-sync.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

#define DEFAULT_MIN_FREE_MB 512
#define DEFAULT_MAX_PENDING_AGE_S (24 * 3600)
#define PRINTER_TIMEOUT_MS 3000

typedef struct
{
  guint checks;
  guint degraded;
} Verdict;

static void
report (Verdict *v, const char *name, const char *status, const char *detail)
{
  printf ("%-10s %-9s %s\n", name, status, detail);
  if (g_str_equal (status, "info"))
    return;
  v->checks++;
  if (g_str_equal (status, "degraded"))
    v->degraded++;
}

static char *
format_duration (gint64 s)
{
  if (s < 120)
    return g_strdup_printf ("%" G_GINT64_FORMAT " s", s);
  if (s < 2 * 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT " min", s / 60);
  if (s < 2 * 86400)
    return g_strdup_printf ("%" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT " min", s / 3600,
                            (s % 3600) / 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h", s / 86400,
                          (s % 86400) / 3600);
}

static char *
format_time (gint64 unix_s)
{
  g_autoptr (GDateTime) t = NULL;

  if (unix_s <= 0)
    return g_strdup ("never");
  t = g_date_time_new_from_unix_local (unix_s);
  return t != NULL ? g_date_time_format (t, "%Y-%m-%d %H:%M:%S %Z") : g_strdup ("?");
}

static void
check_uptime (Verdict *v)
{
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *duration = NULL;
  double up = 0;

  if (!g_file_get_contents ("/proc/uptime", &text, NULL, NULL))
    {
      report (v, "uptime", "info", "unknown (no /proc/uptime)");
      return;
    }
  up = g_ascii_strtod (text, NULL);
  duration = format_duration ((gint64) up);
  detail = g_strdup_printf ("system up %s", duration);
  report (v, "uptime", "info", detail);
}

static void
check_disk (Verdict *v, const char *state_dir, guint64 min_free_mb)
{
  struct statvfs st;
  g_autofree char *detail = NULL;
  guint64 free_mb, total_mb;

  if (statvfs (state_dir, &st) != 0)
    {
      detail = g_strdup_printf ("cannot examine %s: %s", state_dir, g_strerror (errno));
      report (v, "disk", "degraded", detail);
      return;
    }
  /* f_bavail: what an unprivileged writer (the kiosk's own user) can still use. */
  free_mb = (guint64) st.f_bavail * st.f_frsize / (1024 * 1024);
  total_mb = (guint64) st.f_blocks * st.f_frsize / (1024 * 1024);
  detail = g_strdup_printf ("%" G_GUINT64_FORMAT " MiB free of %" G_GUINT64_FORMAT
                            " MiB on %s (needs %" G_GUINT64_FORMAT " MiB)",
                            free_mb, total_mb, state_dir, min_free_mb);
  report (v, "disk", free_mb < min_free_mb ? "degraded" : "ok", detail);
}

/* The newest submitted_at: the last time the portal accepted one of this kiosk's
 * applications. Reads no citizen data. */
static gint64
last_accepted_at (SewaStore *store)
{
  g_autoptr (GPtrArray) apps = sewa_store_list (store, -1, FALSE, NULL);
  gint64 last = 0;

  for (guint i = 0; apps != NULL && i < apps->len; i++)
    {
      const SewaAppRecord *app = g_ptr_array_index (apps, i);

      last = MAX (last, app->submitted_at);
    }
  return last;
}

static void
check_store (Verdict *v, SewaStore *store, guint64 max_pending_age_s)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *device = NULL;
  g_autofree char *paused = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *queue = NULL;
  g_autofree char *age = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *sync = NULL;
  SewaQueueCounts c;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 oldest_age;
  gboolean is_paused;

  if (!sewa_store_get_counts (store, &c, &error))
    {
      g_autofree char *detail = g_strdup_printf ("cannot count the queue: %s", error->message);

      report (v, "queue", "degraded", detail);
      return;
    }
  oldest_age = c.oldest_pending_created_at > 0 ? MAX (now - c.oldest_pending_created_at, 0) : 0;
  age = format_duration (oldest_age);
  /* unsent= is what a purge would lose: applications the portal has never accepted. */
  queue = g_strdup_printf ("unsent=%u quarantined=%u awaiting-status=%u rejected=%u "
                           "acknowledged=%u oldest-pending=%s",
                           c.unsent, c.quarantined, c.pending - c.unsent, c.rejected,
                           c.acknowledged, c.pending > 0 ? age : "none");
  /* Quarantined applications wait for an operator; an old pending one means the queue is not
   * draining (no network, a refused device, a portal fault). */
  report (v, "queue",
          c.quarantined > 0 || (c.pending > 0 && (guint64) oldest_age >= max_pending_age_s)
            ? "degraded" : "ok",
          queue);

  device = sewa_store_setting_get (store, SEWA_SETTING_DEVICE_ID, NULL);
  paused = sewa_store_setting_get (store, SEWA_SETTING_PAUSED_DEVICE, NULL);
  reason = sewa_store_setting_get (store, SEWA_SETTING_PAUSE_REASON, NULL);
  if (device == NULL)
    report (v, "enrolment", "degraded",
            "not enrolled: applications are kept but not sent (kioskctl enrol)");
  else
    {
      g_autofree char *detail = g_strdup_printf ("device %s", device);

      report (v, "enrolment", "ok", detail);
    }

  accepted = format_time (last_accepted_at (store));
  sync = g_strdup_printf ("portal last accepted an application: %s", accepted);
  report (v, "sync", "info", sync);

  /* The one fatal alert the engine records: the portal refused this device, and the whole
   * queue waits for a new enrolment. */
  is_paused = device != NULL && paused != NULL && g_str_equal (device, paused);
  if (is_paused)
    {
      g_autofree char *detail = g_strdup_printf ("sync paused: %s",
                                                 reason != NULL ? reason : "device refused");

      report (v, "alert", "degraded", detail);
    }
  else
    report (v, "alert", "ok", "the queue is not paused");
  {
    g_autofree char *code = NULL;
    g_autofree char *detail = NULL;
    g_autofree char *when = NULL;
    gint64 at = 0;

    /* The same record the heartbeat reports as last_fatal_alert. */
    if (sewa_sync_get_last_fatal_alert (store, &code, &at))
      {
        when = format_time (at);
        detail = g_strdup_printf ("last fatal alert: %s at %s", code, when);
      }
    report (v, "last-alert", "info", detail != NULL ? detail : "no fatal alert recorded");
  }
}

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} Wait;

static void
on_printer_state (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static void
check_printer (Verdict *v, SewaConfig *config)
{
  g_autoptr (SewaPrinter) printer = sewa_printer_new (config);
  g_autoptr (SewaPrinterStatus) status = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *detail = NULL;
  Wait w = { loop, NULL };
  const char *dest;

  sewa_printer_set_timeouts (printer, PRINTER_TIMEOUT_MS, PRINTER_TIMEOUT_MS);
  sewa_printer_query_state_async (printer, NULL, on_printer_state, &w);
  g_main_loop_run (loop);
  status = sewa_printer_query_state_finish (printer, w.result, &error);
  g_clear_object (&w.result);
  dest = config->printer_dest != NULL ? config->printer_dest : "(default)";
  if (status == NULL)
    {
      detail = g_strdup_printf ("%s: %s", dest, error->message);
      report (v, "printer", "degraded", detail);
      return;
    }
  if (status->n_alerts > 0)
    {
      g_autoptr (GString) alerts = g_string_new (NULL);
      gboolean fatal = FALSE;

      for (guint i = 0; i < status->n_alerts; i++)
        {
          g_string_append_printf (alerts, "%s%s", i > 0 ? ", " : "",
                                  sewa_printer_alert_to_string (status->alerts[i]));
          if (status->alerts[i] != SEWA_PRINTER_ALERT_MEDIA_LOW
              && status->alerts[i] != SEWA_PRINTER_ALERT_MARKER_LOW)
            fatal = TRUE;
        }
      detail = g_strdup_printf ("%s: %s", status->destination, alerts->str);
      report (v, "printer", fatal ? "degraded" : "ok", detail);
      return;
    }
  detail = g_strdup_printf ("%s: %s", status->destination,
                            status->accepting_jobs ? "ready" : "not accepting jobs");
  report (v, "printer", status->accepting_jobs ? "ok" : "degraded", detail);
}

static void
check_camera (Verdict *v, SewaConfig *config)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *detail = NULL;

  /* A folder of photos (the demo's Directory Browse camera) is never autodetected. */
  if (config->camera_port != NULL && g_str_has_prefix (config->camera_port, "disk:"))
    {
      gboolean ok = g_file_test (config->camera_port + strlen ("disk:"), G_FILE_TEST_IS_DIR);

      detail = g_strdup_printf ("%s %s", config->camera_port, ok ? "present" : "missing");
      report (v, "camera", ok ? "ok" : "degraded", detail);
      return;
    }
  found = sewa_camera_detect (&error);
  if (found == NULL)
    {
      detail = g_strdup_printf ("cannot detect cameras: %s", error->message);
      report (v, "camera", "degraded", detail);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    {
      const SewaCameraInfo *info = g_ptr_array_index (found, i);

      if ((config->camera_port == NULL || g_str_equal (config->camera_port, info->port))
          && (config->camera_model == NULL || g_str_equal (config->camera_model, info->model)))
        {
          detail = g_strdup_printf ("%s on %s", info->model, info->port);
          report (v, "camera", "ok", detail);
          return;
        }
    }
  if (found->len == 0)
    detail = g_strdup ("no camera detected");
  else
    detail = g_strdup_printf ("the configured camera is not among the %u detected", found->len);
  report (v, "camera", "degraded", detail);
}

static gboolean
parse_uint (const char *text, guint64 max, guint64 *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

int
sewa_ctl_health (SewaCtlContext *ctx, int argc, char **argv)
{
  g_autoptr (SewaStore) store = NULL;
  g_autofree char *key = sewa_ctl_take_key_option (&argc, argv);
  g_autofree char *verdict = NULL;
  guint64 min_free_mb = DEFAULT_MIN_FREE_MB;
  guint64 max_age = DEFAULT_MAX_PENDING_AGE_S;
  gboolean devices = TRUE;
  int store_status = SEWA_CTL_OK;
  Verdict v = { 0 };

  for (int i = 1; i < argc; i++)
    {
      const char *val = i + 1 < argc ? argv[i + 1] : NULL;

      if (g_str_equal (argv[i], "--min-free-mb") && parse_uint (val, G_MAXUINT32, &min_free_mb))
        i++;
      else if (g_str_equal (argv[i], "--max-pending-age")
               && parse_uint (val, G_MAXUINT32, &max_age))
        i++;
      else if (g_str_equal (argv[i], "--no-devices"))
        devices = FALSE;
      else
        {
          fprintf (stderr, "usage: kioskctl health [--key FILE] [--min-free-mb N] "
                           "[--max-pending-age SECONDS] [--no-devices]\n");
          return SEWA_CTL_USAGE;
        }
    }

  report (&v, "version", "info", SEWA_VERSION);
  check_uptime (&v);
  check_disk (&v, ctx->state_dir, min_free_mb);
  store = sewa_ctl_open_store (ctx, key, TRUE, FALSE, &store_status);
  if (store != NULL)
    check_store (&v, store, max_age);
  else
    report (&v, "queue", "degraded", "cannot open the queue: see the message and hint on standard error");
  if (devices)
    {
      check_printer (&v, ctx->config);
      check_camera (&v, ctx->config);
    }
  verdict = g_strdup_printf ("%u of %u checks degraded", v.degraded, v.checks);
  printf ("%-10s %-9s %s\n", "health", v.degraded > 0 ? "degraded" : "ok", verdict);
  if (store == NULL)
    return SEWA_CTL_CANNOT_RUN;
  return v.degraded > 0 ? SEWA_CTL_NOT_OK : SEWA_CTL_OK;
}
