/* bench/sync — the sync engine against portal-sim on loopback, each figure next to a baseline
 * measured in the same run against the same server.
 *
 *   sync-bench drain [N]   N metadata-only applications: engine applications/s vs
 *                          `curl --parallel` sending the same signed PUTs (other keys)
 *   sync-bench pages [N]   N applications with 3 x 300 KB pages: engine MB/s vs curl doing the
 *                          same create-upload, PATCH and PUT requests in three parallel phases
 *   sync-bench fleet [N]   N engines (threads, each its own store) against one portal-sim that
 *                          comes back after an outage: peak request rate with and without jitter
 *   --quick                small sizes (the test suite runs this so the bench cannot rot)
 *
 * Parallelism is the same for both sides (--parallel, default 16). The engine's time includes
 * its store work (each application is leased and marked submitted; the engine group-commits what
 * one turn of its loop did, one fsync per turn); curl's does not: that is the honest comparison
 * for "is the engine the bottleneck".
 */
#include "sync-test-util.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

static guint parallel = 16;

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

typedef struct
{
  char *dir;
  SewaStore *store;
} Kiosk;

/* Each kiosk its own centre code, so provisional references never collide across kiosks (the
 * portal's duplicate check would flag them). */
static void
kiosk_open (Kiosk *k, guint number)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *centre = g_strdup_printf ("B%04u", number);
  SewaStoreOptions options = { 0 };

  k->dir = test_state_dir ();
  options.state_dir = k->dir;
  options.create_key = TRUE;
  options.centre_code = centre;
  options.kiosk_number = 1;
  k->store = sewa_store_open_full (&options, &error);
  g_assert_no_error (error);
}

static void
kiosk_close (Kiosk *k)
{
  g_clear_object (&k->store);
  test_rm_rf (k->dir);
  g_free (k->dir);
}

/* The provisional reference counter allows 9,999 a day: spread big queues over past days. */
static gint64
created_at_for (guint i)
{
  return g_get_real_time () / G_USEC_PER_SEC - 86400 * (gint64) (i / 5000) - 60;
}

static void
fill_from (Kiosk *k, guint first, guint n, guint n_pages, gsize page_size, guint seed0)
{
  for (guint i = first; i < first + n; i++)
    g_free (test_enqueue (k->store, seed0 + i, n_pages, page_size, created_at_for (i), NULL));
}

static void
fill (Kiosk *k, guint n, guint n_pages, gsize page_size, guint seed0)
{
  fill_from (k, 0, n, n_pages, page_size, seed0);
}

static SewaPortalClient *
client_for (Kiosk *k)
{
  g_autoptr (GError) error = NULL;
  SewaPortalClient *client = sewa_enrol_load_client (k->store, k->dir, NULL, &error);

  g_assert_no_error (error);
  return client;
}

/* One curl config entry: a signed request whose body is in @body_file (or none). */
static void
curl_entry (GString *cfg, SewaPortalClient *client, const char *method, const char *target,
            const char *content_type, GBytes *body, const char *body_file, const char *out_file,
            const char *extra_header)
{
  gint64 ts = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, ts);
  g_autofree char *nonce = sewa_portal_new_nonce ();
  gsize len = body ? g_bytes_get_size (body) : 0;
  g_autofree char *sig = sewa_portal_sign (client->secret, method, target, timestamp, nonce,
                                           body ? g_bytes_get_data (body, NULL) : NULL, len);

  /* "next" separates entries; one after the last would start an empty (failing) one. */
  if (cfg->len > 0)
    g_string_append (cfg, "next\n");
  g_string_append_printf (cfg, "url = \"%s%s\"\nrequest = \"%s\"\n", client->base_url, target,
                          method);
  g_string_append_printf (cfg, "header = \"X-Sewa-Device: %s\"\nheader = \"X-Sewa-Timestamp: %s\"\n"
                               "header = \"X-Sewa-Nonce: %s\"\nheader = \"X-Sewa-Signature: %s\"\n"
                               "header = \"Expect:\"\n",
                          client->device_id, timestamp, nonce, sig);
  if (content_type != NULL)
    g_string_append_printf (cfg, "header = \"Content-Type: %s\"\n", content_type);
  if (extra_header != NULL)
    g_string_append_printf (cfg, "header = \"%s\"\n", extra_header);
  if (body_file != NULL)
    g_string_append_printf (cfg, "data-binary = \"@%s\"\n", body_file);
  g_string_append_printf (cfg, "output = \"%s\"\nwrite-out = \"%%{http_code}\\n\"\n",
                          out_file ? out_file : "/dev/null");
}

/* The PUT of @app as curl sends it: the engine's canonical body, saved to @dir/@name. */
static void
put_entry (GString *cfg, SewaPortalClient *client, SewaAppRecord *app, const char *dir,
           const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = sewa_sync_application_body (app, &error);
  g_autofree char *file = g_build_filename (dir, name, NULL);
  g_autofree char *target = g_strdup_printf ("/v1/applications/%s", app->id);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (body, NULL),
                                      (gssize) g_bytes_get_size (body), NULL));
  curl_entry (cfg, client, "PUT", target, "application/json", body, file, NULL, NULL);
}

/* Runs curl on @cfg; returns the wall time and checks every status is 2xx. */
static double
run_curl (const char *dir, const char *name, GString *cfg, guint expected)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *par = g_strdup_printf ("%u", parallel);
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "curl", "--silent", "--no-progress-meter", "--show-error", "--parallel", "--parallel-max", par,
                         "-K", path, NULL };
  int status = 0;
  guint ok = 0;
  double t0, t1;

  g_assert_true (g_file_set_contents (path, cfg->str, (gssize) cfg->len, &error));
  t0 = now_s ();
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  t1 = now_s ();
  g_assert_no_error (error);
  for (char *line = out; line != NULL && *line; )
    {
      char *nl = strchr (line, '\n');

      if (line[0] == '2')
        ok++;
      line = nl ? nl + 1 : NULL;
    }
  if (ok != expected)
    g_error ("curl %s: %u of %u requests succeeded", name, ok, expected);
  return t1 - t0;
}

static double
run_engine (Kiosk *k, guint chunk)
{
  SewaSyncOptions o = { 0 };
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  double t0, t1;

  o.state_dir = k->dir;
  o.parallelism = parallel;
  o.chunk_bytes = chunk;
  o.heartbeat_seconds = G_MAXUINT;
  o.catalog_seconds = G_MAXUINT;
  sync = sewa_sync_new (k->store, &o);
  t0 = now_s ();
  if (!sewa_sync_run_once (sync, 3600, &error))
    g_error ("engine: %s", error->message);
  t1 = now_s ();
  return t1 - t0;
}

/* The two sides take turns in rounds (ABBA: engine first in rounds 0, 3, 4, 7, 8, curl first in
 * the others), so neither always meets the fuller portal database or the busier moment of a
 * noisy machine; the headline is the median of the rounds' ratios (a burst of load on this
 * shared machine lands in one round, not in the figure), next to the ratio of the totals. */
static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
bench_drain (guint n)
{
  TestSim *sim = test_sim_start (NULL);
  Kiosk engine_kiosk, curl_kiosk;
  g_autoptr (GPtrArray) apps = NULL;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = test_state_dir ();
  guint rounds = n >= 5000 ? 10 : n >= 2000 ? 4 : 2;
  double t_engine = 0, t_curl = 0, ratios[10], median;

  kiosk_open (&engine_kiosk, 1);
  kiosk_open (&curl_kiosk, 2);
  test_enrol (sim, engine_kiosk.store, engine_kiosk.dir);
  test_enrol (sim, curl_kiosk.store, curl_kiosk.dir);
  fill (&curl_kiosk, n, 0, 0, 1000000);

  /* curl's requests: the same canonical bodies the engine sends, for the other store's keys. */
  client = client_for (&curl_kiosk);
  apps = sewa_store_list (curl_kiosk.store, -1, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, n);
  for (guint r = 0; r < rounds; r++)
    {
      guint first = n * r / rounds, last = n * (r + 1) / rounds;
      g_autoptr (GString) cfg = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("drain-%u.curl", r);
      double te, tc;

      for (guint i = first; i < last; i++)
        {
          g_autofree char *file = g_strdup_printf ("body-%u.json", i);

          put_entry (cfg, client, g_ptr_array_index (apps, i), tmp, file);
        }
      fill_from (&engine_kiosk, first, last - first, 0, 0, 0);
      if (r % 4 == 0 || r % 4 == 3)
        {
          te = run_engine (&engine_kiosk, 0);
          tc = run_curl (tmp, name, cfg, last - first);
        }
      else
        {
          tc = run_curl (tmp, name, cfg, last - first);
          te = run_engine (&engine_kiosk, 0);
        }
      t_engine += te;
      t_curl += tc;
      ratios[r] = tc / te;
    }
  qsort (ratios, rounds, sizeof ratios[0], compare_double);
  median = rounds % 2 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
  g_assert_cmpuint (test_check_exactly_once (sim, engine_kiosk.store, NULL, n), ==, n);

  printf ("drain %u metadata-only applications, parallel %u, loopback http, %u alternating rounds\n",
          n, parallel, rounds);
  printf ("  engine       %8.0f applications/s  (%.2f s, incl. its store work: lease and mark "
          "submitted, group-committed)\n", n / t_engine, t_engine);
  printf ("  curl baseline%8.0f applications/s  (%.2f s, curl --parallel, same signed PUTs)\n",
          n / t_curl, t_curl);
  printf ("  rounds' ratios: min %.2fx, max %.2fx; ratio of the totals %.2fx\n", ratios[0],
          ratios[rounds - 1], t_curl / t_engine);
  printf ("  ratio engine/curl = %.2fx (median of %u rounds)\n", median, rounds);

  kiosk_close (&engine_kiosk);
  kiosk_close (&curl_kiosk);
  test_sim_stop (sim);
  test_rm_rf (tmp);
  return 0;
}

static int
bench_pages (guint n)
{
  const gsize page_size = 300 * 1024;
  TestSim *sim = test_sim_start (NULL);
  Kiosk engine_kiosk, curl_kiosk;
  g_autoptr (GString) creates = g_string_new (NULL);
  g_autoptr (GString) patches = g_string_new (NULL);
  g_autoptr (GString) puts = g_string_new (NULL);
  g_autoptr (GPtrArray) apps = NULL;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = test_state_dir ();
  double t_engine, t_curl = 0, mb;
  guint64 page_bytes = 0;

  kiosk_open (&engine_kiosk, 1);
  kiosk_open (&curl_kiosk, 2);
  test_enrol (sim, engine_kiosk.store, engine_kiosk.dir);
  test_enrol (sim, curl_kiosk.store, curl_kiosk.dir);
  fill (&engine_kiosk, n, 3, page_size, 0);
  fill (&curl_kiosk, n, 3, page_size, 1000000);

  t_engine = run_engine (&engine_kiosk, 1024 * 1024);
  g_assert_cmpuint (test_check_exactly_once (sim, engine_kiosk.store, &page_bytes, 0), ==, n);

  /* curl, phase 1: create the uploads (their ids are needed by phase 2). */
  client = client_for (&curl_kiosk);
  apps = sewa_store_list (curl_kiosk.store, -1, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < apps->len; i++)
    {
      SewaAppRecord *app = g_ptr_array_index (apps, i);

      for (guint p = 0; p < app->pages->len; p++)
        {
          SewaAppPage *page = g_ptr_array_index (app->pages, p);
          g_autofree char *json = g_strdup_printf ("{\"content_type\":\"image/jpeg\",\"sha256\":\"%s\",\"size\":%" G_GINT64_FORMAT "}",
                                                   page->sha256, page->size);
          g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));
          g_autofree char *file = g_strdup_printf ("%s/create-%u-%u.json", tmp, i, p);
          g_autofree char *out = g_strdup_printf ("%s/created-%u-%u.json", tmp, i, p);

          g_assert_true (g_file_set_contents (file, json, -1, NULL));
          curl_entry (creates, client, "POST", "/v1/uploads", "application/json", body, file, out,
                      NULL);
        }
    }
  t_curl += run_curl (tmp, "create.curl", creates, n * 3);

  /* Phase 2: the page bytes, one PATCH each. */
  for (guint i = 0; i < apps->len; i++)
    {
      SewaAppRecord *app = g_ptr_array_index (apps, i);

      for (guint p = 0; p < app->pages->len; p++)
        {
          SewaAppPage *page = g_ptr_array_index (app->pages, p);
          g_autofree char *out = g_strdup_printf ("%s/created-%u-%u.json", tmp, i, p);
          g_autofree char *file = g_strdup_printf ("%s/page-%u-%u.bin", tmp, i, p);
          g_autofree char *created = NULL;
          g_autofree char *target = NULL;
          g_autoptr (JsonParser) parser = json_parser_new ();
          g_autoptr (GBytes) bytes = sewa_store_read_page (curl_kiosk.store, page->sha256, &error);
          const char *upload_id;

          g_assert_no_error (error);
          g_assert_true (g_file_get_contents (out, &created, NULL, NULL));
          g_assert_true (json_parser_load_from_data (parser, created, -1, NULL));
          upload_id = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                     "upload_id");
          g_assert_true (sewa_store_set_page_upload (curl_kiosk.store, app->id, p, upload_id,
                                                     page->size, &error));
          g_free (page->upload_id);
          page->upload_id = g_strdup (upload_id);
          g_assert_true (g_file_set_contents (file, g_bytes_get_data (bytes, NULL),
                                              (gssize) g_bytes_get_size (bytes), NULL));
          target = g_strdup_printf ("/v1/uploads/%s", upload_id);
          curl_entry (patches, client, "PATCH", target, "application/offset+octet-stream", bytes,
                      file, NULL, "Upload-Offset: 0");
        }
    }
  t_curl += run_curl (tmp, "patch.curl", patches, n * 3);

  /* Phase 3: the applications. */
  for (guint i = 0; i < apps->len; i++)
    {
      g_autofree char *file = g_strdup_printf ("app-%u.json", i);

      put_entry (puts, client, g_ptr_array_index (apps, i), tmp, file);
    }
  t_curl += run_curl (tmp, "put.curl", puts, n);
  g_assert_cmpint (test_sim_count (sim, "applications"), ==, 2 * n);

  mb = (double) page_bytes / 1e6;
  printf ("upload %u applications x 3 x 300 KB pages (%.1f MB), parallel %u, loopback http\n", n,
          mb, parallel);
  printf ("  engine       %8.1f MB/s  (%.2f s: create + PATCH + PUT per application, resumable)\n",
          mb / t_engine, t_engine);
  printf ("  curl baseline%8.1f MB/s  (%.2f s: the same requests in three curl --parallel phases)\n",
          mb / t_curl, t_curl);
  printf ("  ratio engine/curl = %.2fx\n", t_curl / t_engine);

  kiosk_close (&engine_kiosk);
  kiosk_close (&curl_kiosk);
  test_sim_stop (sim);
  test_rm_rf (tmp);
  return 0;
}

/* --- fleet ------------------------------------------------------------------------------------ */

static guint
free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

typedef struct
{
  double t;
  gint64 requests;
} Sample;

typedef struct
{
  TestSim *sim;
  GArray *samples; /* of Sample */
  gint stop;
} Sampler;

/* Samples the portal's request counter every 50 ms on its own thread, with timestamps, so the
 * rate is right however slow the main thread's bookkeeping is. */
static gpointer
sampler_thread (gpointer data)
{
  Sampler *s = data;

  while (!g_atomic_int_get (&s->stop))
    {
      Sample one;

      one.t = now_s ();
      one.requests = test_sim_count (s->sim, "requests");
      g_array_append_val (s->samples, one);
      g_usleep (50 * 1000);
    }
  return NULL;
}

/* Requests between times a and b, from the samples (linear between samples). */
static double
requests_at (GArray *samples, double t)
{
  for (guint i = 1; i < samples->len; i++)
    {
      Sample *p = &g_array_index (samples, Sample, i - 1);
      Sample *q = &g_array_index (samples, Sample, i);

      if (t <= q->t)
        return p->requests + (q->requests - p->requests) * MAX (t - p->t, 0) / MAX (q->t - p->t, 1e-9);
    }
  return (double) g_array_index (samples, Sample, samples->len - 1).requests;
}

typedef struct
{
  char *per_second;  /* requests in each second after the portal came back */
  double peak_100ms;
  double peak_1s;
  double drain_s;
  gint64 requests;
} FleetResult;

static void
fleet_run (guint n_engines, guint apps_each, gboolean jitter, FleetResult *res)
{
  g_autofree char *simdir = test_state_dir ();
  g_autofree char *db = g_build_filename (simdir, "sim.db", NULL);
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  /* test_sim_start passes --port 0 first; this later --port wins in GOption, so the portal
   * comes back on the port the fleet was enrolled with. */
  const char *extra[] = { "--db", db, "--port", port, NULL };
  g_autoptr (GPtrArray) kiosks = g_ptr_array_new ();
  g_autoptr (GPtrArray) engines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  Sampler sampler = { 0 };
  GThread *sampler_t;
  TestSim *sim;
  double t_back, t_done = 0;
  gint64 outage_us = 8 * G_USEC_PER_SEC;

  /* Enrol the fleet and fill the queues while the portal is up. */
  sim = test_sim_start (extra);
  for (guint i = 0; i < n_engines; i++)
    {
      Kiosk *k = g_new0 (Kiosk, 1);

      kiosk_open (k, 100 + i);
      test_enrol (sim, k->store, k->dir);
      fill (k, apps_each, 0, 0, i * 1000);
      g_ptr_array_add (kiosks, k);
    }
  test_sim_stop (sim);

  /* The outage: every engine starts, finds the portal unreachable and backs off. */
  for (guint i = 0; i < n_engines; i++)
    {
      Kiosk *k = g_ptr_array_index (kiosks, i);
      SewaSyncOptions o = { 0 };
      g_autoptr (GError) error = NULL;
      SewaSync *sync;

      o.state_dir = k->dir;
      o.parallelism = 4;
      o.retry = (SewaBackoffPolicy) { .base_ms = 500, .cap_ms = 8000, .jitter = jitter };
      o.offline = o.retry;
      o.heartbeat_seconds = G_MAXUINT;
      o.catalog_seconds = G_MAXUINT;
      o.timer_seconds = 1;
      sync = sewa_sync_new (k->store, &o);
      if (!sewa_sync_start (sync, &error))
        g_error ("start: %s", error->message);
      g_ptr_array_add (engines, sync);
    }
  g_usleep (outage_us);

  /* The portal comes back on the same port with the same database. */
  sim = test_sim_start (extra);
  t_back = now_s ();
  sampler.sim = sim;
  sampler.samples = samples;
  sampler_t = g_thread_new ("sampler", sampler_thread, &sampler);
  for (;;)
    {
      guint remaining = 0;

      for (guint i = 0; i < n_engines; i++)
        {
          g_autoptr (SewaSyncStatus) st = sewa_sync_get_status (g_ptr_array_index (engines, i));

          if (st->submitted < apps_each)
            remaining++;
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (remaining == 0)
        {
          t_done = now_s ();
          break;
        }
      if (now_s () - t_back > 300)
        g_error ("fleet did not drain in 300 s");
      g_usleep (200 * 1000);
    }
  g_atomic_int_set (&sampler.stop, 1);
  g_thread_join (sampler_t);
  for (guint i = 0; i < n_engines; i++)
    sewa_sync_stop (g_ptr_array_index (engines, i));

  /* Every application exactly once. */
  {
    g_autoptr (JsonObject) dups = test_sim_admin (sim, "GET", "/admin/duplicates", NULL);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dups, "duplicates")),
                      ==, 0);
    g_assert_cmpint (test_sim_count (sim, "applications"), ==, (gint64) n_engines * apps_each);
  }

  res->peak_100ms = 0;
  res->peak_1s = 0;
  for (double t = t_back; t + 0.1 <= t_done + 0.5; t += 0.05)
    res->peak_100ms = MAX (res->peak_100ms,
                           (requests_at (samples, t + 0.1) - requests_at (samples, t)) * 10);
  for (double t = t_back; t + 1 <= t_done + 1; t += 0.1)
    res->peak_1s = MAX (res->peak_1s, requests_at (samples, t + 1) - requests_at (samples, t));
  {
    GString *per = g_string_new (NULL);

    for (double t = t_back; t < t_done; t += 1)
      g_string_append_printf (per, "%s%.0f", per->len ? " " : "",
                              requests_at (samples, t + 1) - requests_at (samples, t));
    res->per_second = g_string_free (per, FALSE);
  }
  res->drain_s = t_done - t_back;
  res->requests = g_array_index (samples, Sample, samples->len - 1).requests;

  g_ptr_array_set_size (engines, 0);
  for (guint i = 0; i < n_engines; i++)
    {
      Kiosk *k = g_ptr_array_index (kiosks, i);

      kiosk_close (k);
      g_free (k);
    }
  test_sim_stop (sim);
  test_rm_rf (simdir);
}

static int
bench_fleet (guint n)
{
  FleetResult with, without;
  guint apps_each = 5;

  fleet_run (n, apps_each, TRUE, &with);
  fleet_run (n, apps_each, FALSE, &without);
  printf ("fleet: %u engines x %u applications, portal back after an 8 s outage "
          "(backoff 0.5 s .. 8 s)\n", n, apps_each);
  printf ("  full jitter  peak %6.0f req/s (100 ms windows), %6.0f req/s (1 s windows), "
          "drained in %.1f s, %" G_GINT64_FORMAT " requests\n",
          with.peak_100ms, with.peak_1s, with.drain_s, with.requests);
  printf ("  no jitter    peak %6.0f req/s (100 ms windows), %6.0f req/s (1 s windows), "
          "drained in %.1f s, %" G_GINT64_FORMAT " requests\n",
          without.peak_100ms, without.peak_1s, without.drain_s, without.requests);
  printf ("  requests per second after the portal came back: jitter [%s], no jitter [%s]\n",
          with.per_second, without.per_second);
  g_free (with.per_second);
  g_free (without.per_second);
  printf ("  peak ratio jitter/no-jitter = %.2f (100 ms), %.2f (1 s); no duplicates in either run\n",
          with.peak_100ms / MAX (without.peak_100ms, 1), with.peak_1s / MAX (without.peak_1s, 1));
  return 0;
}

int
main (int argc, char **argv)
{
  gboolean quick = FALSE;
  const char *mode = NULL;
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        quick = TRUE;
      else if (g_str_equal (argv[i], "--parallel") && i + 1 < argc)
        parallel = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (mode == NULL)
        mode = argv[i];
      else
        n = (guint) g_ascii_strtoull (argv[i], NULL, 10);
    }
  if (mode == NULL || parallel == 0)
    {
      fprintf (stderr, "usage: sync-bench drain|pages|fleet [N] [--parallel P] [--quick]\n");
      return 2;
    }
  curl_global_init (CURL_GLOBAL_DEFAULT);
  if (g_str_equal (mode, "drain"))
    return bench_drain (n ? n : quick ? 200 : 10000);
  if (g_str_equal (mode, "pages"))
    return bench_pages (n ? n : quick ? 10 : 200);
  if (g_str_equal (mode, "fleet"))
    return bench_fleet (n ? n : quick ? 10 : 200);
  fprintf (stderr, "sync-bench: unknown mode %s\n", mode);
  return 2;
}
