/* portal-sim: the reference portal the kiosk syncs with in tests and the demo.
 * Usage and behaviour: docs/portal-api.md §9. */
#define G_LOG_DOMAIN "portal-sim"

#include "sim-server.h"

#include <glib-unix.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
quiet_log (const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer user_data)
{
}

int
main (int argc, char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *bind = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *tls_ca = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *fault_kinds = NULL;
  g_autofree char *cert_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *ready = NULL;
  gint port = -1, tls_port = -1, status_step = 3600, latency_ms = 200, retry_after = 1;
  gint64 seed = 1, date_skew = 0;
  gdouble fault_rate = 0;
  gboolean admin = FALSE, quiet = FALSE;
  guint kinds = SEWA_SIM_FAULT_ALL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- reference citizen portal for sewa-kiosk tests");
  g_autoptr (SewaSimCatalog) catalog = NULL;
  g_autoptr (SewaSimFaults) faults = NULL;
  g_autoptr (SewaSimPortal) portal = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  SewaSimServer *http = NULL, *https = NULL;
  SewaSimPortalOptions opts = { 0 };
  GOptionEntry entries[] = {
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_path, "Catalog JSON to serve (required)", "FILE" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "HTTP port (0 = a free one; omit for no HTTP unless no TLS)", "N" },
    { "tls-port", 0, 0, G_OPTION_ARG_INT, &tls_port, "HTTPS port (0 = a free one)", "N" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Server certificate chain (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "Server private key (PEM)", "FILE" },
    { "tls-ca", 0, 0, G_OPTION_ARG_FILENAME, &tls_ca, "CA certificate the kiosk pins (for the provisioning QR)", "FILE" },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind, "IPv4 address to bind (default 127.0.0.1)", "ADDR" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "SQLite database (default :memory:)", "FILE" },
    { "admin", 0, 0, G_OPTION_ARG_NONE, &admin, "Enable the test-only /admin endpoints", NULL },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file, "Write the READY line here too", "FILE" },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url, "Portal URL put in provisioning QRs", "URL" },
    { "status-step", 0, 0, G_OPTION_ARG_INT, &status_step, "Simulated seconds per status step (default 3600)", "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Fault injection seed (default 1)", "N" },
    { "fault-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fault_rate, "Fraction of requests faulted, 0..1 (default 0)", "R" },
    { "fault-kinds", 0, 0, G_OPTION_ARG_STRING, &fault_kinds, "5xx,429,reset,latency,commit-504,slow (default all)", "LIST" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Added latency for the latency fault (default 200)", "MS" },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &retry_after, "Retry-After seconds for the 429 fault (default 1)", "S" },
    { "date-skew", 0, 0, G_OPTION_ARG_INT64, &date_skew, "Test only: every Date header this many seconds off (e.g. -420)", "S" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Log warnings only", NULL },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "portal-sim: %s\n", error->message);
      return 2;
    }
  if (catalog_path == NULL || (tls_port >= 0) != (tls_cert != NULL && tls_key != NULL)
      || fault_rate < 0 || fault_rate > 1 || seed < 0 || latency_ms < 0 || retry_after < 0 || date_skew < -86400 * 365 || date_skew > 86400 * 365 || port > 65535 || tls_port > 65535
      || (fault_kinds != NULL && !sewa_sim_faults_parse_kinds (fault_kinds, &kinds)))
    {
      fprintf (stderr, "portal-sim: need --catalog; --tls-port needs --tls-cert and --tls-key; "
                       "--fault-rate 0..1; --fault-kinds from 5xx,429,reset,latency,commit-504,slow\n");
      return 2;
    }
  if (port < 0 && tls_port < 0)
    port = 0;
  if (quiet)
    g_log_set_handler ("portal-sim", G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG, quiet_log, NULL);
  if (sodium_init () < 0)
    {
      fprintf (stderr, "portal-sim: libsodium failed to initialise\n");
      return 1;
    }

  catalog = sewa_sim_catalog_load (catalog_path, &error);
  if (catalog == NULL)
    {
      fprintf (stderr, "portal-sim: catalog %s: %s\n", catalog_path, error->message);
      return 1;
    }
  faults = sewa_sim_faults_new ((guint64) seed, fault_rate, kinds, (guint) latency_ms, (guint) retry_after);
  opts.db_path = db_path != NULL ? db_path : ":memory:";
  opts.admin = admin;
  opts.status_step = status_step;
  opts.public_url = public_url;
  opts.tls_ca_path = tls_ca;
  opts.tls_cert_path = tls_cert;
  opts.date_skew = date_skew;
  portal = sewa_sim_portal_new (&opts, catalog, faults, &error);
  if (portal == NULL)
    {
      fprintf (stderr, "portal-sim: %s\n", error->message);
      return 1;
    }

  if (port >= 0)
    {
      http = sewa_sim_server_start (portal, bind, (guint) port, NULL, NULL, &error);
      if (http == NULL)
        {
          fprintf (stderr, "portal-sim: %s\n", error->message);
          return 1;
        }
    }
  if (tls_port >= 0)
    {
      if (!g_file_get_contents (tls_cert, &cert_pem, NULL, &error) || !g_file_get_contents (tls_key, &key_pem, NULL, &error))
        {
          fprintf (stderr, "portal-sim: %s\n", error->message);
          sewa_sim_server_stop (http);
          return 1;
        }
      https = sewa_sim_server_start (portal, bind, (guint) tls_port, cert_pem, key_pem, &error);
      if (https == NULL)
        {
          fprintf (stderr, "portal-sim: %s\n", error->message);
          sewa_sim_server_stop (http);
          return 1;
        }
    }
  sewa_sim_portal_set_ports (portal, http != NULL ? sewa_sim_server_get_port (http) : 0,
                             https != NULL ? sewa_sim_server_get_port (https) : 0);

  ready = g_strdup_printf ("READY http=%u https=%u\n", http != NULL ? sewa_sim_server_get_port (http) : 0,
                           https != NULL ? sewa_sim_server_get_port (https) : 0);
  if (port_file != NULL && !g_file_set_contents (port_file, ready, -1, &error))
    g_warning ("cannot write %s: %s", port_file, error->message);
  fputs (ready, stdout);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  sewa_sim_server_stop (https);
  sewa_sim_server_stop (http);
  return 0;
}
