/* test-sync-hostile.c — the sync engine and enrolment against a hostile or broken portal.
 *
 * The peer is a small libmicrohttpd server in this process on 127.0.0.1 that answers every
 * application PUT (and enrolment) with whatever the case sets: empty 2xx bodies, 200,000 nested
 * arrays, ARNs with control characters, path characters or the wrong type, absurd Retry-After
 * values, one ARN for two applications. Each case checks the engine survives (under ASan), that
 * no application is wrongly taken as submitted, that it backs off instead of spinning, and that
 * the alert or quarantine the case calls for happens. Enrolment idempotency runs against
 * portal-sim (sync-test-util.h).
 */
#include "sync-test-util.h"
#include "sewa-provisioning.h"

#include <microhttpd.h>
#include <sqlite3.h>

#define DEVICE "dev_0123456789abcdef"
#define SECRET "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

typedef struct
{
  struct MHD_Daemon *daemon;
  guint port;
  char *url;
  GMutex lock;
  /* What to answer (guarded by lock). */
  guint status;
  char *body;           /* NULL = empty */
  gsize body_len;
  char *retry_after;    /* NULL = none */
  gboolean arn_per_put; /* each PUT gets an ARN of its own (the body is ignored) */
  /* What was asked. */
  guint puts;
  GPtrArray *paths;     /* every request target, raw (not percent-decoded) */
} Peer;

/* Keep the request target exactly as sent, so a test sees whether the engine escaped it. */
static size_t
no_unescape (void *cls, struct MHD_Connection *c, char *s)
{
  return strlen (s);
}

static enum MHD_Result
peer_answer (void *cls, struct MHD_Connection *conn, const char *url, const char *method,
             const char *version, const char *upload_data, size_t *upload_size, void **state)
{
  Peer *peer = cls;
  struct MHD_Response *resp;
  g_autofree char *text = NULL;
  gsize len = 0;
  guint status;
  enum MHD_Result ret;

  if (*state == NULL)
    {
      *state = peer;
      return MHD_YES;
    }
  if (*upload_size > 0)
    {
      *upload_size = 0;
      return MHD_YES;
    }
  g_mutex_lock (&peer->lock);
  g_ptr_array_add (peer->paths, g_strdup (url));
  if (g_str_has_prefix (url, "/v1/status/"))
    {
      status = 200;
      text = g_strdup ("{\"status\":\"under_scrutiny\"}");
      len = strlen (text);
    }
  else
    {
      if (g_str_equal (method, "PUT"))
        peer->puts++;
      status = peer->status;
      if (peer->arn_per_put)
        {
          text = g_strdup_printf ("{\"arn\":\"PB-REVENU-2026-%07u\",\"status\":\"received\"}",
                                  peer->puts);
          len = strlen (text);
        }
      else if (peer->body != NULL)
        {
          text = g_memdup2 (peer->body, peer->body_len + 1);
          len = peer->body_len;
        }
    }
  resp = MHD_create_response_from_buffer (len, text != NULL ? text : (char *) "",
                                          MHD_RESPMEM_MUST_COPY);
  if (peer->retry_after != NULL)
    MHD_add_response_header (resp, "Retry-After", peer->retry_after);
  g_mutex_unlock (&peer->lock);
  MHD_add_response_header (resp, "Content-Type", "application/json");
  ret = MHD_queue_response (conn, status, resp);
  MHD_destroy_response (resp);
  return ret;
}

static Peer *
peer_start (void)
{
  Peer *peer = g_new0 (Peer, 1);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  const union MHD_DaemonInfo *info;

  g_mutex_init (&peer->lock);
  peer->paths = g_ptr_array_new_with_free_func (g_free);
  peer->daemon = MHD_start_daemon (MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL,
                                   NULL, peer_answer, peer, MHD_OPTION_SOCK_ADDR, &addr,
                                   MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
                                   MHD_OPTION_END);
  g_assert_nonnull (peer->daemon);
  info = MHD_get_daemon_info (peer->daemon, MHD_DAEMON_INFO_BIND_PORT);
  peer->port = info->port;
  peer->url = g_strdup_printf ("http://127.0.0.1:%u", peer->port);
  return peer;
}

static void
peer_set (Peer *peer, guint status, const char *body, gssize len, const char *retry_after)
{
  g_mutex_lock (&peer->lock);
  peer->status = status;
  g_free (peer->body);
  peer->body_len = body == NULL ? 0 : len >= 0 ? (gsize) len : strlen (body);
  peer->body = body != NULL ? g_malloc0 (peer->body_len + 1) : NULL;
  if (body != NULL)
    memcpy (peer->body, body, peer->body_len);
  g_free (peer->retry_after);
  peer->retry_after = g_strdup (retry_after);
  peer->arn_per_put = FALSE;
  g_mutex_unlock (&peer->lock);
}

static void
peer_stop (Peer *peer)
{
  MHD_stop_daemon (peer->daemon);
  g_ptr_array_unref (peer->paths);
  g_free (peer->body);
  g_free (peer->retry_after);
  g_free (peer->url);
  g_mutex_clear (&peer->lock);
  g_free (peer);
}

/* --- fixture: a store, an engine against the peer, the alerts it raised ---------------------- */

typedef struct
{
  char *dir;
  Peer *peer;
  SewaStore *store;
  GPtrArray *alerts; /* codes */
  gint64 clock_offset_us; /* the engine's clock runs this far ahead of the real one */
  guint run_seconds;      /* how long check_contract_fault lets the engine run */
} Fixture;

static gint64
fixture_clock (gpointer data)
{
  Fixture *f = data;

  return g_get_real_time () + f->clock_offset_us;
}

static void
on_alert (SewaSync *sync, const char *code, const char *message, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->alerts, g_strdup (code));
}

static gboolean
has_alert (Fixture *f, const char *code)
{
  for (guint i = 0; i < f->alerts->len; i++)
    if (g_str_equal (f->alerts->pdata[i], code))
      return TRUE;
  return FALSE;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("sewa-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  f->peer = peer_start ();
  f->store = test_store_new (f->dir);
  f->alerts = g_ptr_array_new_with_free_func (g_free);
  f->run_seconds = 3;
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->store);
  peer_stop (f->peer);
  g_ptr_array_unref (f->alerts);
  test_rm_rf (f->dir);
  g_free (f->dir);
}

/* Runs the engine for at most @seconds against the peer (1 s retries, no jitter), then delivers
 * its signals. Returns the run's error code, or -1 when it finished. */
static int
run_engine (Fixture *f, const char *url, guint seconds)
{
  g_autoptr (SewaPortalClient) client = sewa_portal_client_new (url ? url : f->peer->url, NULL,
                                                                DEVICE, SECRET);
  g_autoptr (GError) error = NULL;
  SewaSyncOptions options = { 0 };
  SewaSync *sync;
  int code = -1;

  options.state_dir = f->dir;
  options.client = client;
  options.heartbeat_seconds = G_MAXUINT;
  options.catalog_seconds = G_MAXUINT;
  options.retry = (SewaBackoffPolicy) { .base_ms = 1000, .cap_ms = 1000, .jitter = FALSE };
  options.poll = (SewaBackoffPolicy) { .base_ms = 1000, .cap_ms = 1000, .jitter = FALSE };
  options.alert_after_attempts = 2;
  options.clock = fixture_clock;
  options.clock_data = f;
  sync = sewa_sync_new (f->store, &options);
  g_signal_connect (sync, "alert", G_CALLBACK (on_alert), f);
  if (!sewa_sync_run_once (sync, seconds, &error))
    code = error->code;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (sync);
  return code;
}

static SewaAppRecord *
get_app (Fixture *f, const char *id)
{
  g_autoptr (GError) error = NULL;
  SewaAppRecord *app = sewa_store_get (f->store, id, FALSE, &error);

  g_assert_no_error (error);
  return app;
}

/* The engine survives @body as the answer to a PUT: the application is not submitted, it is
 * retried with backoff (1 s here: never more PUTs than seconds elapsed, plus the first), and the
 * operator hears of the contract breach, then (after two failures) that the application is
 * stuck. The engine runs in windows of a few seconds until all of that has been seen, so a
 * loaded machine that answers late makes the test slower, never wrong. */
static void
check_contract_fault (Fixture *f, guint status, const char *body, gssize len)
{
  static guint seed;
  g_autofree char *id = test_enqueue (f->store, ++seed, 0, 0, 0, NULL);
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_s;
  gboolean seen = FALSE;

  peer_set (f->peer, status, body, len, NULL);
  for (guint window = 0; window < 10 && !seen; window++)
    {
      g_autoptr (SewaAppRecord) app = NULL;

      g_assert_cmpint (run_engine (f, NULL, f->run_seconds), ==, SEWA_SYNC_ERROR_TIMEOUT);
      app = get_app (f, id);
      /* Whatever the portal said, nothing of it was taken as an acknowledgement. */
      g_assert_null (app->arn);
      g_assert_cmpint (app->state, !=, SEWA_APP_SUBMITTED);
      seen = app->last_error != NULL && strstr (app->last_error, "portal_contract") != NULL
             && has_alert (f, "portal-contract")
             && (f->run_seconds < 3 || has_alert (f, "application-stuck"));
    }
  elapsed_s = (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_assert_true (seen);
  g_assert_cmpuint (f->peer->puts, >=, 1);
  g_assert_cmpuint (f->peer->puts, <=, (guint) elapsed_s + 2);
  /* Out of the way of the next case. */
  g_assert_true (sewa_store_quarantine (f->store, id, "test case done", &error));
  g_assert_no_error (error);
}

static void
test_empty_body (Fixture *f, gconstpointer data)
{
  check_contract_fault (f, 201, NULL, 0);
}

static void
test_deep_nesting (Fixture *f, gconstpointer data)
{
  g_autofree char *deep = g_malloc (200000 + 1);

  memset (deep, '[', 200000);
  deep[200000] = '\0';
  check_contract_fault (f, 200, deep, 200000);
}

static void
test_bad_arns (Fixture *f, gconstpointer data)
{
  g_autofree char *big = NULL;
  g_autofree char *big_body = NULL;
  const char *bodies[] = {
    "{\"arn\":\"PB-\\u0007\\r\\nX\"}",         /* control characters */
    "{\"arn\":\"../devices/heartbeat?x=\"}",  /* path characters */
    "{\"arn\":12345}", "{\"arn\":null}", "{\"arn\":{\"x\":1}}", "{\"arn\":[\"PB-1\"]}",
    "[\"PB-REVENU-2026-0000001\"]",          /* an array */
    "not json",
    "{\"arn\":\"PB-\xff\xfe-1\"}",            /* not UTF-8 */
    "{\"arn\":\"PB-REVENU-2026-0000001\",\"arn\":\"PB-OTHER-2026-1\"}", /* repeated member */
    NULL,                                    /* 10 KB, below */
  };

  /* Three seconds each: a PUT and its backed-off retries, a handful at most. */
  f->run_seconds = 3;
  big = g_strnfill (10 * 1024, 'A');
  big_body = g_strdup_printf ("{\"arn\":\"%s\"}", big);
  bodies[G_N_ELEMENTS (bodies) - 1] = big_body;
  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_test_message ("reply %" G_GSIZE_FORMAT ": %.40s", i, bodies[i]);
      f->peer->puts = 0;
      g_ptr_array_set_size (f->alerts, 0);
      check_contract_fault (f, 201, bodies[i], -1);
      for (guint k = 0; k < f->peer->paths->len; k++)
        g_assert_true (g_str_has_prefix (f->peer->paths->pdata[k], "/v1/applications/"));
    }
}

static void
test_same_arn_twice (Fixture *f, gconstpointer data)
{
  g_autofree char *a = test_enqueue (f->store, 1, 0, 0, 0, NULL);
  g_autofree char *b = test_enqueue (f->store, 2, 0, 0, 0, NULL);
  g_autoptr (SewaAppRecord) ra = NULL;
  g_autoptr (SewaAppRecord) rb = NULL;

  peer_set (f->peer, 201, "{\"arn\":\"PB-REVENU-2026-0000001\",\"status\":\"received\"}", -1,
            NULL);
  run_engine (f, NULL, 3);
  ra = get_app (f, a);
  rb = get_app (f, b);
  /* Exactly one of them holds the ARN; the other is not submitted. */
  g_assert_true ((ra->arn != NULL) != (rb->arn != NULL));
  g_assert_true (has_alert (f, "portal-contract"));
}

static void
test_arn_escaped_in_path (Fixture *f, gconstpointer data)
{
  g_autofree char *id = test_enqueue (f->store, 1, 0, 0, 0, NULL);
  g_autoptr (SewaAppRecord) app = NULL;
  gboolean polled = FALSE;

  /* '/' is allowed in an ARN by the contract, but must not add a path segment. */
  peer_set (f->peer, 201, "{\"arn\":\"PB/REVENU-2026-0000001\",\"status\":\"received\"}", -1, NULL);
  run_engine (f, NULL, 3);
  app = get_app (f, id);
  g_assert_cmpstr (app->arn, ==, "PB/REVENU-2026-0000001");
  /* Its first status poll falls due a second later: move the engine's clock past it. */
  f->clock_offset_us = 5 * G_USEC_PER_SEC;
  run_engine (f, NULL, 3);
  for (guint k = 0; k < f->peer->paths->len; k++)
    {
      const char *path = f->peer->paths->pdata[k];

      g_assert_false (g_str_has_prefix (path, "/v1/status/PB/"));
      if (g_str_equal (path, "/v1/status/PB%2FREVENU-2026-0000001"))
        polled = TRUE;
    }
  g_assert_true (polled);
}

static void
check_retry_after (Fixture *f, const char *value)
{
  g_autofree char *id = test_enqueue (f->store, 1, 0, 0, 0, NULL);
  g_autoptr (SewaAppRecord) app = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  peer_set (f->peer, 503, "{\"code\":\"unavailable\",\"message\":\"busy\"}", -1, value);
  run_engine (f, NULL, 2);
  app = get_app (f, id);
  g_assert_cmpuint (f->peer->puts, ==, 1);
  g_assert_cmpint (app->next_attempt_at, >=, now + 3600 - 5);
  g_assert_cmpint (app->next_attempt_at, <=, now + 3600 + 5);
  g_assert_true (has_alert (f, "portal-retry-after"));
}

static void
test_retry_after_huge (Fixture *f, gconstpointer data)
{
  check_retry_after (f, "2147483647");
}

static void
test_retry_after_2099 (Fixture *f, gconstpointer data)
{
  check_retry_after (f, "Thu, 01 Jan 2099 00:00:00 GMT");
}

/* Flips a bit in the middle of the sealed record of @id inside the database file, the way a
 * damaged disk would. The store must be closed (its log checkpointed into the file). */
static void
corrupt_record (Fixture *f, const char *id)
{
  g_autofree char *db_path = g_build_filename (f->dir, "queue.db", NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT payload FROM applications WHERE idem_key = '%s'",
                                          id);
  g_autofree char *data = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GBytes) sealed = NULL;
  gsize size = 0, len;
  guint8 *hit;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sealed = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  len = MIN (g_bytes_get_size (sealed), 40);
  g_assert_cmpuint (len, >=, 16);
  g_assert_true (g_file_get_contents (db_path, &data, &size, NULL));
  hit = memmem (data, size, (const guint8 *) g_bytes_get_data (sealed, NULL) + 20, len - 20);
  g_assert_nonnull (hit);
  hit[0] ^= 0x01;
  g_assert_true (g_file_set_contents (db_path, data, (gssize) size, NULL));
}

static void
test_unreadable_record (Fixture *f, gconstpointer data)
{
  g_autofree char *bad = test_enqueue (f->store, 1, 0, 0, 0, NULL);
  g_autofree char *good = test_enqueue (f->store, 2, 0, 0, 0, NULL);
  g_autoptr (SewaAppRecord) rbad = NULL;
  g_autoptr (SewaAppRecord) rgood = NULL;

  g_assert_finalize_object (f->store);
  corrupt_record (f, bad);
  f->store = test_store_new (f->dir);
  peer_set (f->peer, 201, NULL, 0, NULL);
  f->peer->arn_per_put = TRUE;
  run_engine (f, NULL, 3);
  rbad = get_app (f, bad);
  rgood = get_app (f, good);
  g_assert_cmpint (rbad->state, ==, SEWA_APP_QUARANTINED);
  g_assert_nonnull (strstr (rbad->last_error, "record_unreadable"));
  g_assert_cmpint (rgood->state, ==, SEWA_APP_SUBMITTED);
  g_assert_true (has_alert (f, "application-unreadable"));
  g_assert_false (has_alert (f, "store"));
}

/* Plain http to an address outside loopback is refused before any connection: 192.0.2.1 is
 * TEST-NET-1 (never routed), and the refusal must come at once, not after a connect timeout. */
static void
test_http_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *id = test_enqueue (f->store, 1, 0, 0, 0, NULL);
  g_autoptr (SewaAppRecord) app = NULL;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (GError) error = NULL;
  SewaEnrolParams params = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (run_engine (f, "http://192.0.2.1:9", 30), ==, SEWA_SYNC_ERROR_INSECURE);
  params.portal_url = "http://192.0.2.1:9";
  params.token = "AAAAAAAAAAAAAAAAAAAAAAAA";
  params.centre = SIM_CENTRE;
  params.kiosk = SIM_KIOSK;
  client = sewa_enrol (f->store, f->dir, NULL, &params, &error);
  g_assert_null (client);
  g_assert_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_INSECURE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  app = get_app (f, id);
  g_assert_cmpint (app->state, ==, SEWA_APP_QUEUED);
  g_assert_cmpuint (app->attempt_count, ==, 0);
  /* Loopback stays allowed (tests and the demo). */
  g_assert_true (sewa_provisioning_check_portal_url ("http://127.0.0.1:8480", NULL));
  g_assert_true (sewa_provisioning_check_portal_url ("http://[::1]:8480", NULL));
}

static void
test_enrol_reply_checked (Fixture *f, gconstpointer data)
{
  const char *replies[] = {
    "{\"device_id\":\"dev_0123456789abcdef\\r\\nX-Evil: 1\",\"secret\":\"" SECRET "\","
    "\"centre\":\"" SIM_CENTRE "\",\"kiosk\":3}",
    "{\"device_id\":\"dev_\\u001b[31m0123456789a\",\"secret\":\"" SECRET "\","
    "\"centre\":\"" SIM_CENTRE "\",\"kiosk\":3}",
    "{\"device_id\":\"" DEVICE "\",\"secret\":\"short\",\"centre\":\"" SIM_CENTRE "\",\"kiosk\":3}",
    "{\"device_id\":\"" DEVICE "\",\"secret\":\"" SECRET "\",\"centre\":\"OTHER\",\"kiosk\":3}",
    "{\"device_id\":42,\"secret\":\"" SECRET "\",\"centre\":\"" SIM_CENTRE "\",\"kiosk\":3}",
    "",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr (SewaPortalClient) client = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) unset = NULL;
      g_autofree char *stored = NULL;
      SewaEnrolParams params = { 0 };

      peer_set (f->peer, 201, replies[i], -1, NULL);
      params.portal_url = f->peer->url;
      params.token = "AAAAAAAAAAAAAAAAAAAAAAAA";
      params.centre = SIM_CENTRE;
      params.kiosk = SIM_KIOSK;
      client = sewa_enrol (f->store, f->dir, NULL, &params, &error);
      g_assert_null (client);
      g_assert_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL);
      stored = sewa_store_setting_get (f->store, SEWA_SETTING_DEVICE_ID, &unset);
      g_assert_null (stored);
    }
}

/* A lost answer (a 504 from a proxy after the portal enrolled us) must not burn the token:
 * enrolling again with the same token from the same kiosk gets the same device back; another
 * kiosk with that token is still refused. */
static void
test_enrol_idempotent (void)
{
  TestSim *sim = test_sim_start (NULL);
  g_autofree char *token = test_sim_token (sim);
  g_autofree char *dir = g_dir_make_tmp ("sewa-hostile-XXXXXX", NULL);
  g_autofree char *other_dir = g_dir_make_tmp ("sewa-hostile-XXXXXX", NULL);
  SewaStore *store = test_store_new (dir);
  SewaStore *other = test_store_new (other_dir);
  g_autoptr (SewaPortalClient) first = NULL;
  g_autoptr (SewaPortalClient) again = NULL;
  g_autoptr (SewaPortalClient) stranger = NULL;
  g_autoptr (GError) error = NULL;
  SewaEnrolParams params = { 0 };

  params.portal_url = sim->url;
  params.token = token;
  params.centre = SIM_CENTRE;
  params.kiosk = SIM_KIOSK;
  first = sewa_enrol (store, dir, NULL, &params, &error);
  g_assert_no_error (error);
  again = sewa_enrol (store, dir, NULL, &params, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->device_id, ==, first->device_id);
  g_assert_cmpstr (again->secret, ==, first->secret);
  stranger = sewa_enrol (other, other_dir, NULL, &params, &error);
  g_assert_null (stranger);
  g_assert_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "enrol_token_invalid"));

  g_assert_finalize_object (store);
  g_assert_finalize_object (other);
  test_rm_rf (dir);
  test_rm_rf (other_dir);
  test_sim_stop (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
#define ADD(path, fn) g_test_add ("/sync-hostile/" path, Fixture, NULL, fixture_setup, fn, \
                                  fixture_teardown)
  ADD ("empty-2xx", test_empty_body);
  ADD ("deep-nesting", test_deep_nesting);
  ADD ("bad-arns", test_bad_arns);
  ADD ("same-arn-twice", test_same_arn_twice);
  ADD ("arn-escaped-in-path", test_arn_escaped_in_path);
  ADD ("retry-after-huge", test_retry_after_huge);
  ADD ("retry-after-2099", test_retry_after_2099);
  ADD ("unreadable-record", test_unreadable_record);
  ADD ("http-refused", test_http_refused);
  ADD ("enrol-reply-checked", test_enrol_reply_checked);
#undef ADD
  g_test_add_func ("/sync-hostile/enrol-idempotent", test_enrol_idempotent);
  return g_test_run ();
}
