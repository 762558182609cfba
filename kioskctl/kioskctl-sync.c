/* kioskctl sync / enrol — the sync engine and enrolment from a shell.
 *
 *   kioskctl enrol --portal URL --token T [--ca-sha256 HEX] --centre C --kiosk N
 *   kioskctl sync --once [--timeout S] [tuning…]    drain the queue, exit 0 when nothing is left
 *   kioskctl sync --daemon [tuning…]                 run until SIGTERM/SIGINT
 *   kioskctl sync status                             queue counts, pause state, enrolment
 *   kioskctl sync catalog                            refresh the cached catalog now
 *
 * Tuning (mostly for tests and benchmarks): --parallel N, --chunk BYTES, --lease S,
 * --retry-base-ms MS, --retry-cap-ms MS, --no-jitter, --heartbeat S, --catalog-interval S.
 */
#include "sewa-build-config.h"
#include "kioskctl.h"
#include "sewa-provisioning.h"
#include "sewa-enrol.h"
#include "sewa-sync.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

static SewaStore *
open_store (SewaCtlContext *ctx, gboolean create_key, GError **error)
{
  SewaStoreOptions options = { 0 };

  options.state_dir = ctx->state_dir;
  options.create_key = create_key;
  options.centre_code = ctx->config->centre_code;
  options.kiosk_number = ctx->config->kiosk_number;
  return sewa_store_open_full (&options, error);
}

static gboolean
parse_uint (const char *text, guint64 max, guint64 *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

int
sewa_ctl_enrol (SewaCtlContext *ctx, int argc, char **argv)
{
  g_autoptr (SewaStore) store = NULL;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (GError) error = NULL;
  SewaEnrolParams params = { 0 };
  guint64 kiosk = ctx->config->kiosk_number;
  g_autoptr (SewaProvisioning) prov = NULL;

  params.centre = ctx->config->centre_code;
  params.portal_url = ctx->config->portal_url;
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *val = i + 1 < argc ? argv[i + 1] : NULL;

      if (g_str_has_prefix (arg, "SEWAPROV1:") && prov == NULL)
        {
          /* The technician's provisioning QR, as `kioskctl qr decode` printed it. */
          prov = sewa_provisioning_parse ((const guint8 *) arg, strlen (arg), &error);
          if (prov == NULL || sewa_provisioning_is_expired (prov, g_get_real_time () / G_USEC_PER_SEC, &error))
            {
              fprintf (stderr, "kioskctl enrol: provisioning code refused: %s\n", error->message);
              return SEWA_CTL_NOT_OK;
            }
          params.portal_url = prov->portal;
          params.token = prov->token;
          params.ca_sha256 = prov->ca_sha256;
          params.centre = prov->centre;
          kiosk = prov->kiosk;
        }
      else if (g_str_equal (arg, "--portal") && val != NULL)
        params.portal_url = val, i++;
      else if (g_str_equal (arg, "--token") && val != NULL)
        params.token = val, i++;
      else if (g_str_equal (arg, "--ca-sha256") && val != NULL)
        params.ca_sha256 = val, i++;
      else if (g_str_equal (arg, "--centre") && val != NULL)
        params.centre = val, i++;
      else if (g_str_equal (arg, "--kiosk") && parse_uint (val, 99, &kiosk))
        i++;
      else
        {
          fprintf (stderr, "usage: kioskctl enrol SEWAPROV1:… | --portal URL --token T "
                           "[--ca-sha256 HEX] [--centre C] [--kiosk N]\n");
          return SEWA_CTL_USAGE;
        }
    }
  if (params.portal_url == NULL || params.token == NULL)
    {
      fprintf (stderr, "kioskctl enrol: --portal and --token are required\n");
      return SEWA_CTL_USAGE;
    }
  params.kiosk = (guint) kiosk;

  store = open_store (ctx, TRUE, &error);
  if (store == NULL)
    {
      fprintf (stderr, "kioskctl enrol: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  client = sewa_enrol (store, ctx->state_dir, NULL, &params, &error);
  if (client == NULL)
    {
      fprintf (stderr, "kioskctl enrol: %s\n", error->message);
      return SEWA_CTL_NOT_OK;
    }
  printf ("enrolled\tdevice=%s\tportal=%s\n", client->device_id, client->base_url);
  return SEWA_CTL_OK;
}

static void
print_status (const SewaSyncStatus *st)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  printf ("state=%s online=%s pending=%u quarantined=%u rejected=%u acknowledged=%u "
          "oldest_pending_age_s=%" G_GINT64_FORMAT " last_success=%" G_GINT64_FORMAT
          " requests=%" G_GUINT64_FORMAT " upload_bytes=%" G_GUINT64_FORMAT
          " submitted=%" G_GUINT64_FORMAT " connections=%" G_GUINT64_FORMAT " http=%u.%u\n",
          sewa_sync_state_to_string (st->state), st->online ? "yes" : "no", st->pending,
          st->quarantined, st->rejected, st->acknowledged,
          sewa_sync_status_oldest_pending_age (st, now), st->last_success_at, st->requests,
          st->upload_bytes, st->submitted, st->connections, st->http_version / 10,
          st->http_version % 10);
}

static int
sync_status (SewaCtlContext *ctx)
{
  g_autoptr (SewaStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *device = NULL;
  g_autofree char *paused = NULL;
  g_autofree char *reason = NULL;
  SewaQueueCounts counts;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  store = open_store (ctx, FALSE, &error);
  if (store == NULL || !sewa_store_get_counts (store, &counts, &error))
    {
      fprintf (stderr, "kioskctl sync status: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  device = sewa_store_setting_get (store, SEWA_SETTING_DEVICE_ID, NULL);
  paused = sewa_store_setting_get (store, SEWA_SETTING_PAUSED_DEVICE, NULL);
  reason = sewa_store_setting_get (store, SEWA_SETTING_PAUSE_REASON, NULL);
  printf ("enrolled=%s device=%s paused=%s pending=%u quarantined=%u rejected=%u "
          "acknowledged=%u oldest_pending_age_s=%" G_GINT64_FORMAT "\n",
          device ? "yes" : "no", device ? device : "-",
          device && paused && g_str_equal (device, paused) ? "yes" : "no", counts.pending,
          counts.quarantined, counts.rejected, counts.acknowledged,
          counts.oldest_pending_created_at ? now - counts.oldest_pending_created_at : 0);
  if (device && paused && g_str_equal (device, paused) && reason != NULL)
    printf ("pause_reason=%s\n", reason);
  return SEWA_CTL_OK;
}

static void
on_alert (SewaSync *sync, const char *code, const char *message, gpointer user_data)
{
  fprintf (stderr, "alert %s: %s\n", code, message);
}

static void
on_status (SewaSync *sync, SewaSyncStatus *status, gpointer user_data)
{
  gboolean *verbose = user_data;

  if (*verbose)
    print_status (status);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
sewa_ctl_sync (SewaCtlContext *ctx, int argc, char **argv)
{
  g_autoptr (SewaStore) store = NULL;
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaSyncStatus) status = NULL;
  SewaSyncOptions options = { 0 };
  gboolean once = FALSE, daemon = FALSE, catalog = FALSE, verbose = FALSE, no_jitter = FALSE;
  guint64 timeout = 0, v, base_ms = 0, cap_ms = 0;
  int rc = SEWA_CTL_OK;

  if (argc >= 2 && g_str_equal (argv[1], "status"))
    return sync_status (ctx);

  options.state_dir = ctx->state_dir;
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *val = i + 1 < argc ? argv[i + 1] : NULL;

      if (g_str_equal (arg, "--once"))
        once = TRUE;
      else if (g_str_equal (arg, "--daemon"))
        daemon = TRUE;
      else if (g_str_equal (arg, "catalog") && i == 1)
        catalog = TRUE;
      else if (g_str_equal (arg, "--verbose"))
        verbose = TRUE;
      else if (g_str_equal (arg, "--no-jitter"))
        no_jitter = TRUE;
      else if (g_str_equal (arg, "--timeout") && parse_uint (val, G_MAXUINT, &timeout))
        i++;
      else if (g_str_equal (arg, "--parallel") && parse_uint (val, 256, &v) && v > 0)
        options.parallelism = (guint) v, i++;
      else if (g_str_equal (arg, "--chunk") && parse_uint (val, 1024 * 1024, &v) && v > 0)
        options.chunk_bytes = (guint) v, i++;
      else if (g_str_equal (arg, "--lease") && parse_uint (val, 86400, &v) && v > 0)
        options.lease_seconds = (guint) v, i++;
      else if (g_str_equal (arg, "--retry-base-ms") && parse_uint (val, 86400000, &base_ms)
               && base_ms > 0)
        i++;
      else if (g_str_equal (arg, "--retry-cap-ms") && parse_uint (val, 86400000, &cap_ms)
               && cap_ms > 0)
        i++;
      else if (g_str_equal (arg, "--heartbeat") && parse_uint (val, G_MAXUINT, &v) && v > 0)
        options.heartbeat_seconds = (guint) v, i++;
      else if (g_str_equal (arg, "--catalog-interval") && parse_uint (val, G_MAXUINT, &v) && v > 0)
        options.catalog_seconds = (guint) v, i++;
      else if (g_str_equal (arg, "--timer") && parse_uint (val, 86400, &v) && v > 0)
        options.timer_seconds = (guint) v, i++;
      else
        {
          fprintf (stderr, "usage: kioskctl sync --once [--timeout S] | --daemon | status | "
                           "catalog  [--parallel N] [--chunk BYTES] [--lease S] "
                           "[--retry-base-ms MS] [--retry-cap-ms MS] [--no-jitter] "
                           "[--heartbeat S] [--catalog-interval S] [--timer S] [--verbose]\n");
          return SEWA_CTL_USAGE;
        }
    }
  /* One policy for per-application retries and for probing an unreachable portal; a bound
   * not given keeps its default. */
  if (base_ms != 0 || cap_ms != 0 || no_jitter)
    {
      options.retry.base_ms = base_ms ? (gint64) base_ms : 2000;
      options.retry.cap_ms = cap_ms ? (gint64) cap_ms : MAX (options.retry.base_ms, 600000);
      options.retry.jitter = !no_jitter;
      options.offline = options.retry;
    }
  if ((int) once + (int) daemon + (int) catalog != 1)
    {
      fprintf (stderr, "kioskctl sync: give exactly one of --once, --daemon, status, catalog\n");
      return SEWA_CTL_USAGE;
    }

  store = open_store (ctx, FALSE, &error);
  if (store == NULL)
    {
      fprintf (stderr, "kioskctl sync: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  if (once)
    {
      /* A one-shot drain does not need the periodic work; the daemon does it. */
      if (options.heartbeat_seconds == 0)
        options.heartbeat_seconds = G_MAXUINT;
      if (options.catalog_seconds == 0)
        options.catalog_seconds = G_MAXUINT;
    }
  options.watch_network = daemon;
  sync = sewa_sync_new (store, &options);
  g_signal_connect (sync, "alert", G_CALLBACK (on_alert), NULL);
  g_signal_connect (sync, "status-changed", G_CALLBACK (on_status), &verbose);

  if (catalog)
    {
      gboolean changed = FALSE;

      if (!sewa_sync_refresh_catalog (sync, &changed, &error))
        {
          fprintf (stderr, "kioskctl sync catalog: %s\n", error->message);
          return SEWA_CTL_NOT_OK;
        }
      printf ("catalog %s\n", changed ? "updated" : "unchanged");
      return SEWA_CTL_OK;
    }

  if (once)
    {
      if (!sewa_sync_run_once (sync, (guint) timeout, &error))
        {
          fprintf (stderr, "kioskctl sync: %s\n", error->message);
          rc = g_error_matches (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_LOCKED)
                   || g_error_matches (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_NOT_ENROLLED)
                 ? SEWA_CTL_CANNOT_RUN
                 : SEWA_CTL_NOT_OK;
        }
    }
  else
    {
      g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      guint term, intr;

      if (!sewa_sync_start (sync, &error))
        {
          fprintf (stderr, "kioskctl sync: %s\n", error->message);
          return SEWA_CTL_CANNOT_RUN;
        }
      term = g_unix_signal_add (SIGTERM, on_quit_signal, loop);
      intr = g_unix_signal_add (SIGINT, on_quit_signal, loop);
      g_main_loop_run (loop);
      g_source_remove (term);
      g_source_remove (intr);
      sewa_sync_stop (sync);
    }
  /* Deliver the last status and alerts posted by the engine before printing the summary. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  status = sewa_sync_get_status (sync);
  print_status (status);
  return rc;
}
