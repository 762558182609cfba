/* sync-test-util.h — a portal-sim child process on loopback, its admin API, and stores full of
 * applications, for the sync engine's integration tests and bench/sync. */
#pragma once

#include <arpa/inet.h>
#include <curl/curl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sewa-enrol.h"
#include "sewa-portal-client.h"
#include "sewa-store.h"
#include "sewa-sync.h"
#include "store-test-util.h"

#define SIM_CENTRE "LDH01"
#define SIM_KIOSK 3
#define SIM_SERVICE "pb-test-sync"
#define SIM_CATALOG_VERSION "sync-test-1"

typedef struct
{
  GSubprocess *proc;
  guint http_port;
  guint https_port;
  char *url;        /* http://127.0.0.1:<port> (admin and plain requests) */
  char *https_url;  /* https://127.0.0.1:<port>, or NULL */
} TestSim;

static inline const char *
test_build_path (const char *rel, char **out)
{
  const char *root = g_getenv ("SEWA_BUILD_ROOT");

  *out = g_build_filename (root ? root : ".", rel, NULL);
  return *out;
}

static inline const char *
test_source_path (const char *rel, char **out)
{
  const char *root = g_getenv ("SEWA_SOURCE_ROOT");

  *out = g_build_filename (root ? root : "..", rel, NULL);
  return *out;
}

static void
test_sim_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts portal-sim with @catalog_file (NULL: the sync test catalog), --admin and @extra
 * (NULL-terminated), and waits for its READY line (so the ports are known without racing). */
static inline TestSim *
test_sim_start_catalog (const char *catalog_file, const char *const *extra)
{
  g_autofree char *exe = NULL;
  g_autofree char *catalog = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) in = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;
  TestSim *sim = g_new0 (TestSim, 1);
  guint http = 0, https = 0;

  test_build_path ("portal-sim/portal-sim", &exe);
  if (catalog_file != NULL)
    catalog = g_strdup (catalog_file);
  else
    test_source_path ("tests/data/sync-catalog.json", &catalog);
  g_ptr_array_add (argv, exe);
  g_ptr_array_add (argv, (char *) "--catalog");
  g_ptr_array_add (argv, catalog);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  g_ptr_array_add (argv, (char *) "--bind");
  g_ptr_array_add (argv, (char *) "127.0.0.1");
  g_ptr_array_add (argv, (char *) "--admin");
  g_ptr_array_add (argv, (char *) "--quiet");
  for (gsize i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* A test that aborts must not leave its portal behind. */
  g_subprocess_launcher_set_child_setup (launcher, test_sim_child_setup, NULL, NULL);
  sim->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->proc));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "READY http=%u https=%u", &http, &https), ==, 2);
  sim->http_port = http;
  sim->https_port = https;
  sim->url = g_strdup_printf ("http://127.0.0.1:%u", http);
  if (https != 0)
    sim->https_url = g_strdup_printf ("https://127.0.0.1:%u", https);
  return sim;
}

static inline TestSim *
test_sim_start (const char *const *extra)
{
  return test_sim_start_catalog (NULL, extra);
}

/* A loopback TCP port nothing listens on right now. */
static inline guint
test_free_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

/* portal-sim on a fixed port and database, so it can be stopped and started again as the same
 * portal (the link going down and coming back). */
static inline TestSim *
test_sim_on_port (guint port, const char *db)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *extra[] = { "--port", port_text, "--db", db, NULL };

  return test_sim_start (extra);
}

static inline void
test_sim_stop (TestSim *sim)
{
  g_autoptr (GError) error = NULL;

  if (sim == NULL)
    return;
  g_subprocess_send_signal (sim->proc, SIGTERM);
  g_subprocess_wait (sim->proc, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (sim->proc);
  g_free (sim->url);
  g_free (sim->https_url);
  g_free (sim);
}

static size_t
test_sim_collect (char *data, size_t size, size_t nmemb, void *user_data)
{
  g_byte_array_append (user_data, (const guint8 *) data, (guint) (size * nmemb));
  return size * nmemb;
}

/* An admin request (unsigned, plain http); returns the parsed JSON object of a 2xx answer. */
static inline JsonObject *
test_sim_admin (TestSim *sim, const char *method, const char *path, const char *json_body)
{
  g_autofree char *url = g_strconcat (sim->url, path, NULL);
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  struct curl_slist *headers = NULL;
  CURL *easy = curl_easy_init ();
  long status = 0;
  CURLcode rc;

  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, test_sim_collect);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, buf);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  if (json_body != NULL)
    {
      headers = curl_slist_append (headers, "Content-Type: application/json");
      curl_easy_setopt (easy, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, json_body);
    }
  rc = curl_easy_perform (easy);
  g_assert_cmpint (rc, ==, CURLE_OK);
  curl_easy_getinfo (easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (easy);
  curl_slist_free_all (headers);
  if (status < 200 || status >= 300)
    g_error ("admin %s %s: HTTP %ld: %.*s", method, path, status, (int) buf->len,
             (const char *) buf->data);
  json_parser_load_from_data (parser, (const char *) buf->data, (gssize) buf->len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static inline gint64
test_sim_count (TestSim *sim, const char *name)
{
  g_autoptr (JsonObject) counts = test_sim_admin (sim, "GET", "/admin/counts", NULL);

  return json_object_get_int_member (counts, name);
}

static inline void
test_sim_set_faults (TestSim *sim, double rate, const char *kinds, guint64 seed,
                     guint retry_after)
{
  g_autofree char *body = NULL;
  g_autoptr (JsonObject) reply = NULL;
  char rate_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_auto (GStrv) names = g_strsplit (kinds, ",", -1);
  g_autofree char *list = NULL;

  /* "a,b" -> "\"a\",\"b\"": the admin API takes the kinds as a JSON array. */
  list = g_strjoinv ("\",\"", names);
  g_ascii_dtostr (rate_text, sizeof rate_text, rate);
  body = g_strdup_printf ("{\"rate\": %s, \"kinds\": [\"%s\"], \"seed\": %" G_GUINT64_FORMAT
                          ", \"latency_ms\": 20, \"retry_after\": %u}",
                          rate_text, list, seed, retry_after);
  reply = test_sim_admin (sim, "PUT", "/admin/faults", body);
}

static inline char *
test_sim_token (TestSim *sim)
{
  g_autoptr (JsonObject) reply = NULL;
  g_autofree char *body = g_strdup_printf ("{\"centre\": \"%s\", \"kiosk\": %d}", SIM_CENTRE,
                                           SIM_KIOSK);

  reply = test_sim_admin (sim, "POST", "/admin/enrolment-tokens", body);
  return g_strdup (json_object_get_string_member (reply, "token"));
}

/* Enrols the store's kiosk with the sim over plain http. */
static inline void
test_enrol (TestSim *sim, SewaStore *store, const char *state_dir)
{
  g_autofree char *token = test_sim_token (sim);
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (GError) error = NULL;
  SewaEnrolParams params = { 0 };

  params.portal_url = sim->url;
  params.token = token;
  params.centre = SIM_CENTRE;
  params.kiosk = SIM_KIOSK;
  client = sewa_enrol (store, state_dir, NULL, &params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
}

/* The kiosk's store in @state_dir through SQLite VFS @vfs (NULL = the real one). */
static inline SewaStore *
test_store_open_vfs (const char *state_dir, const char *vfs)
{
  g_autoptr (GError) error = NULL;
  SewaStoreOptions options = { 0 };
  SewaStore *store;

  options.state_dir = state_dir;
  options.create_key = TRUE;
  options.vfs_name = vfs;
  options.centre_code = SIM_CENTRE;
  options.kiosk_number = SIM_KIOSK;
  store = sewa_store_open_full (&options, &error);
  g_assert_no_error (error);
  return store;
}

static inline SewaStore *
test_store_new (const char *state_dir)
{
  return test_store_open_vfs (state_dir, NULL);
}

/* Enqueues one application of the sync test service with @n_pages pages of @page_size bytes
 * (0 pages = metadata only). @seed makes the page bytes distinct. Returns the id. */
static inline char *
test_enqueue (SewaStore *store, guint seed, guint n_pages, gsize page_size, gint64 created_at,
              const char *service_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *form = g_strdup_printf ("{\"applicant_name\":\"Test %u\",\"village\":\"Kot\"}",
                                           seed);
  g_autofree char *reference = NULL;
  SewaNewApplication app = { 0 };
  SewaNewPage pages[3];
  guint8 *bytes[3] = { NULL, NULL, NULL };
  static const char *const doc_ids[] = { "doc_1", "doc_2", "doc_3" };
  char *id = NULL;

  g_assert_cmpuint (n_pages, <=, 3);
  app.service_id = service_id ? service_id : SIM_SERVICE;
  app.catalog_version = SIM_CATALOG_VERSION;
  app.catalog_hash = "0000000000000000000000000000000000000000000000000000000000000000";
  app.form_json = form;
  app.citizen_ref = "9876543210";
  app.fee_state = SEWA_FEE_NONE;
  app.created_at = created_at;
  for (guint i = 0; i < n_pages; i++)
    {
      bytes[i] = test_page_bytes (seed * 4 + i, page_size);
      pages[i].document_id = doc_ids[i];
      pages[i].doc_type = "PAGE";
      pages[i].mime_type = "image/jpeg";
      pages[i].data = bytes[i];
      pages[i].len = page_size;
    }
  if (!sewa_store_enqueue (store, &app, n_pages ? pages : NULL, n_pages, &id, &reference, &error))
    g_error ("enqueue: %s", error->message);
  for (guint i = 0; i < n_pages; i++)
    g_free (bytes[i]);
  return id;
}

/* Checks the exactly-once guarantee for every application in @store against the sim: each one
 * has an ARN, the portal holds it exactly once under its key with that ARN, and every page's
 * upload is complete (the portal verified its SHA-256). Returns how many were checked. */
static inline guint
test_check_exactly_once (TestSim *sim, SewaStore *store, guint64 *out_page_bytes,
                         guint others_on_portal)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) apps = sewa_store_list (store, -1, FALSE, &error);
  g_autoptr (GHashTable) arns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonObject) dups = NULL;
  guint64 page_bytes = 0;
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < apps->len; i++)
    {
      SewaAppRecord *app = g_ptr_array_index (apps, i);
      g_autofree char *path = NULL;
      g_autoptr (JsonObject) stored = NULL;

      if (app->state == SEWA_APP_QUARANTINED)
        continue;
      g_assert_nonnull (app->arn);
      g_assert_false (g_hash_table_contains (arns, app->arn));
      g_hash_table_add (arns, g_strdup (app->arn));
      path = g_strdup_printf ("/admin/applications?key=%s", app->id);
      stored = test_sim_admin (sim, "GET", path, NULL);
      g_assert_cmpstr (json_object_get_string_member (stored, "arn"), ==, app->arn);
      for (guint p = 0; p < app->pages->len; p++)
        {
          SewaAppPage *page = g_ptr_array_index (app->pages, p);
          g_autofree char *upath = g_strdup_printf ("/admin/uploads/%s", page->upload_id);
          g_autoptr (JsonObject) up = NULL;

          g_assert_nonnull (page->upload_id);
          up = test_sim_admin (sim, "GET", upath, NULL);
          g_assert_true (json_object_get_boolean_member (up, "complete"));
          g_assert_cmpint (json_object_get_int_member (up, "size"), ==, page->size);
          page_bytes += (guint64) page->size;
        }
      n++;
    }
  dups = test_sim_admin (sim, "GET", "/admin/duplicates", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dups, "duplicates")), ==,
                    0);
  g_assert_cmpint (test_sim_count (sim, "applications"), ==, n + others_on_portal);
  if (out_page_bytes != NULL)
    *out_page_bytes = page_bytes;
  return n;
}
