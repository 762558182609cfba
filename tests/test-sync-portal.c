/* The sync engine against portal-sim (a child process on loopback, real HTTP and HTTPS):
 * exactly once under injected faults, conflict and poison applications, a revoked device, a
 * wrong CA, Retry-After with an injected clock, and the threaded engine with its signals. */
#include "sync-test-util.h"
#include "sewa-provisioning.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static gboolean slow;

/* Every structured log record the process writes while `capturing` (any thread), then passed on
 * to GLib's default writer. */
static GMutex log_lock;
static gboolean capturing;
static GPtrArray *captured; /* "CODE_FILE|MESSAGE" */

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  g_mutex_lock (&log_lock);
  if (capturing)
    {
      const char *message = NULL, *file = NULL;

      for (gsize i = 0; i < n_fields; i++)
        {
          if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
            message = fields[i].value;
          else if (g_str_equal (fields[i].key, "CODE_FILE") && fields[i].length < 0)
            file = fields[i].value;
        }
      g_ptr_array_add (captured, g_strdup_printf ("%s|%s", file ? file : "", message ? message : ""));
    }
  g_mutex_unlock (&log_lock);
  return g_log_writer_default (level, fields, n_fields, data);
}

typedef struct
{
  char *dir;
  SewaStore *store;
  TestSim *sim;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const char *const *extra = data;

  f->dir = test_state_dir ();
  f->store = test_store_new (f->dir);
  f->sim = test_sim_start (extra);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_sim_stop (f->sim);
  g_assert_finalize_object (f->store);
  test_rm_rf (f->dir);
  g_free (f->dir);
}

static SewaSyncOptions
fast_options (Fixture *f)
{
  SewaSyncOptions o = { 0 };

  o.state_dir = f->dir;
  o.parallelism = 8;
  o.chunk_bytes = 16 * 1024;
  o.retry = (SewaBackoffPolicy) { .base_ms = 20, .cap_ms = 400, .jitter = TRUE };
  o.offline = o.retry;
  o.heartbeat_seconds = G_MAXUINT;
  o.catalog_seconds = G_MAXUINT;
  return o;
}

typedef struct
{
  GPtrArray *codes;
  GPtrArray *messages;
} Alerts;

static GThread *test_main_thread;

static void
on_alert (SewaSync *sync, const char *code, const char *message, gpointer user_data)
{
  Alerts *a = user_data;

  /* Signals reach the thread that owns the engine's context, never the engine's thread. */
  g_assert_true (g_thread_self () == test_main_thread);

  g_ptr_array_add (a->codes, g_strdup (code));
  g_ptr_array_add (a->messages, g_strdup (message));
}

static gboolean
alerts_have (Alerts *a, const char *code)
{
  /* The engine posts its signals to this thread's context: deliver what is pending. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < a->codes->len; i++)
    if (g_str_equal (g_ptr_array_index (a->codes, i), code))
      return TRUE;
  return FALSE;
}

static void
alerts_init (Alerts *a)
{
  a->codes = g_ptr_array_new_with_free_func (g_free);
  a->messages = g_ptr_array_new_with_free_func (g_free);
}

static void
alerts_clear (Alerts *a)
{
  g_ptr_array_unref (a->codes);
  g_ptr_array_unref (a->messages);
}

static guint
count_state (SewaStore *store, SewaAppState state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) apps = sewa_store_list (store, state, FALSE, &error);

  g_assert_no_error (error);
  return apps->len;
}

/* The sim's clock moves four status steps ahead, and the engine's clock past its poll delay, so
 * the next run polls every submitted application to a final state. */
static gint64 clock_offset_us;

static gint64
offset_clock (gpointer data)
{
  return g_get_real_time () + clock_offset_us;
}

static void
test_exactly_once_under_faults (Fixture *f, gconstpointer data)
{
  guint n = slow ? 1000 : 150;
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaSyncStatus) st = NULL;
  g_autoptr (JsonObject) clock = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (1234);
  guint64 page_bytes = 0;
  gint64 started = g_get_monotonic_time ();
  gint64 faults, requests;

  test_enrol (f->sim, f->store, f->dir);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = test_enqueue (f->store, i, 1 + g_rand_int_range (rand, 0, 3),
                                          (gsize) g_rand_int_range (rand, 2000, 40000), 0, NULL);
    }
  test_sim_set_faults (f->sim, 0.3, "5xx,429,reset,latency,commit-504", 99, 1);
  g_mutex_lock (&log_lock);
  capturing = TRUE;
  g_mutex_unlock (&log_lock);

  clock_offset_us = 0;
  o.clock = offset_clock;
  o.poll = (SewaBackoffPolicy) { .base_ms = 60000, .cap_ms = 60000, .jitter = FALSE };
  sync = sewa_sync_new (f->store, &o);
  g_assert_true (sewa_sync_run_once (sync, 600, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_state (f->store, SEWA_APP_SUBMITTED), ==, n);
  g_assert_cmpuint (count_state (f->store, SEWA_APP_QUARANTINED), ==, 0);

  /* Let the portal decide, and the kiosk poll (still through faults). */
  clock = test_sim_admin (f->sim, "POST", "/admin/clock", "{\"advance\": 20000}");
  clock_offset_us = 120 * G_USEC_PER_SEC;
  g_assert_true (sewa_sync_run_once (sync, 600, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_state (f->store, SEWA_APP_ACKNOWLEDGED), ==, n);

  g_assert_cmpuint (test_check_exactly_once (f->sim, f->store, &page_bytes, 0), ==, n);
  faults = test_sim_count (f->sim, "faults_injected");
  requests = test_sim_count (f->sim, "requests");
  g_assert_cmpint (faults, >, requests / 5);
  st = sewa_sync_get_status (sync);
  g_assert_cmpuint (st->pending, ==, 0);
  g_assert_cmpuint (st->acknowledged, ==, n);
  /* The engine logged (through structured logging, from the offline library's sources) what it
   * went through, and no citizen data: not the form, not the mobile number. */
  {
    guint from_offline = 0;

    g_mutex_lock (&log_lock);
    capturing = FALSE;
    for (guint i = 0; i < captured->len; i++)
      {
        const char *record = captured->pdata[i];

        if (strstr (record, "offline/sewa-") != NULL)
          from_offline++;
        if (strstr (record, "9876543210") || strstr (record, "applicant_name")
            || strstr (record, "Kot") || strstr (record, "Test "))
          g_error ("citizen data in a log record: %s", record);
      }
    g_mutex_unlock (&log_lock);
    printf ("# %u log records, %u of them from the sync engine (structured, with CODE_FILE), none with citizen data\n",
            captured->len, from_offline);
    g_assert_cmpuint (from_offline, >, 0);
  }
  printf ("# exactly-once: %u applications, %" G_GUINT64_FORMAT " page bytes, %" G_GINT64_FORMAT
          " requests, %" G_GINT64_FORMAT " faults injected (%.0f %%), portal holds %" G_GINT64_FORMAT
          " applications, %" G_GINT64_FORMAT " PUTs, %" G_GINT64_FORMAT " replays, %.1f s\n",
          n, page_bytes, requests, faults, 100.0 * (double) faults / (double) requests,
          test_sim_count (f->sim, "applications"), test_sim_count (f->sim, "puts"),
          test_sim_count (f->sim, "replays"),
          (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC);
}

/* A signed PUT of a different body under an application's key, as if another kiosk (or a bug)
 * had used the key first. */
static void
put_conflicting_body (Fixture *f, const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaPortalClient) client = sewa_enrol_load_client (f->store, f->dir, NULL, &error);
  g_autofree char *target = g_strdup_printf ("/v1/applications/%s", key);
  static const char body[] = "{\"catalog_version\":\"sync-test-1\",\"documents\":[],"
                             "\"form\":{\"x\":1},\"provisional_reference\":\"PB-OTHER-1\","
                             "\"service_id\":\"pb-test-sync\",\"submitted_at\":\"2026-11-30T08:00:00Z\"}";
  g_autoptr (GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr (SewaPortalCall) call = NULL;

  g_assert_no_error (error);
  call = sewa_portal_call_new (client, "PUT", target, "application/json", bytes, TRUE,
                               g_get_real_time () / G_USEC_PER_SEC);
  sewa_portal_call_perform (call, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpuint (sewa_portal_call_get_status (call), ==, 201);
}

static void
test_conflict_and_poison (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) poison = NULL;
  g_autoptr (SewaAppRecord) conflict = NULL;
  g_autofree char *poison_id = NULL;
  g_autofree char *conflict_id = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  test_enrol (f->sim, f->store, f->dir);
  /* Oldest first in line: a service the portal does not know. */
  poison_id = test_enqueue (f->store, 1, 1, 5000, now - 600, "pb-no-such-service");
  conflict_id = test_enqueue (f->store, 2, 2, 5000, now - 300, NULL);
  for (guint i = 0; i < 10; i++)
    g_free (test_enqueue (f->store, 10 + i, 1 + i % 3, 3000, now, NULL));
  put_conflicting_body (f, conflict_id);

  /* One application at a time, so a blocking poison would stop everything. */
  o.parallelism = 1;
  sync = sewa_sync_new (f->store, &o);
  g_assert_true (sewa_sync_run_once (sync, 120, &error));
  g_assert_no_error (error);

  poison = sewa_store_get (f->store, poison_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poison->state, ==, SEWA_APP_QUARANTINED);
  g_assert_nonnull (strstr (poison->last_error, "unknown_service"));
  g_assert_cmpuint (poison->attempt_count, ==, 1);
  conflict = sewa_store_get (f->store, conflict_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (conflict->state, ==, SEWA_APP_QUARANTINED);
  g_assert_nonnull (strstr (conflict->last_error, "idempotency_conflict"));
  g_assert_cmpuint (count_state (f->store, SEWA_APP_SUBMITTED), ==, 10);
  /* The portal kept the first body under the conflicting key, and nothing for the poison. */
  g_assert_cmpint (test_sim_count (f->sim, "applications"), ==, 11);
  g_assert_cmpint (test_sim_count (f->sim, "conflicts"), ==, 1);
  g_assert_cmpuint (test_check_exactly_once (f->sim, f->store, NULL, 1), ==, 10);
}

static void
test_revoked_device_pauses (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaSyncStatus) st = NULL;
  g_autofree char *device = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) revoked = NULL;
  Alerts alerts;

  alerts_init (&alerts);
  test_enrol (f->sim, f->store, f->dir);
  for (guint i = 0; i < 12; i++)
    g_free (test_enqueue (f->store, i, 1 + i % 3, 4000, 0, NULL));
  device = sewa_store_setting_get (f->store, SEWA_SETTING_DEVICE_ID, &error);
  g_assert_no_error (error);
  path = g_strdup_printf ("/admin/devices/%s/revoke", device);
  revoked = test_sim_admin (f->sim, "POST", path, "{}");

  sync = sewa_sync_new (f->store, &o);
  g_signal_connect (sync, "alert", G_CALLBACK (on_alert), &alerts);
  g_assert_false (sewa_sync_run_once (sync, 60, &error));
  g_assert_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_PAUSED);
  g_assert_nonnull (strstr (error->message, "device_revoked"));
  g_clear_error (&error);
  g_assert_true (alerts_have (&alerts, "device-refused"));
  st = sewa_sync_get_status (sync);
  g_assert_cmpint (st->state, ==, SEWA_SYNC_STATE_PAUSED);
  g_assert_cmpuint (st->pending, ==, 12);
  g_clear_pointer (&st, sewa_sync_status_unref);
  /* Nothing lost, nothing quarantined, and the portal got nothing past the refusal. */
  g_assert_cmpuint (count_state (f->store, SEWA_APP_QUEUED), ==, 12);
  g_assert_cmpint (test_sim_count (f->sim, "applications"), ==, 0);

  /* A restart stays paused without asking the portal again. */
  {
    gint64 before = test_sim_count (f->sim, "requests");

    g_assert_false (sewa_sync_run_once (sync, 60, &error));
    g_assert_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_PAUSED);
    g_clear_error (&error);
    g_assert_cmpint (test_sim_count (f->sim, "requests"), ==, before); /* admin calls do not count */
  }

  /* Re-enrolment (a new device) resumes the queue. */
  test_enrol (f->sim, f->store, f->dir);
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_state (f->store, SEWA_APP_SUBMITTED), ==, 12);
  g_assert_cmpuint (test_check_exactly_once (f->sim, f->store, NULL, 0), ==, 12);
  alerts_clear (&alerts);
}

static guint32
rng_zero (gpointer data)
{
  return 0;
}

static guint32
rng_max (gpointer data)
{
  return G_MAXUINT32;
}

/* With an injected clock (100 s ahead of the wall) and the random source at both extremes, the
 * due time after a 429 is exactly Retry-After (+ nothing, or + the full jitter window). */
static void
test_retry_after_injected_clock (Fixture *f, gconstpointer data)
{
  SewaRandomFunc rngs[] = { rng_zero, rng_max };

  test_enrol (f->sim, f->store, f->dir);
  test_sim_set_faults (f->sim, 1.0, "429", 1, 7);
  for (gsize k = 0; k < G_N_ELEMENTS (rngs); k++)
    {
      SewaSyncOptions o = fast_options (f);
      g_autoptr (SewaSync) sync = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAppRecord) app = NULL;
      g_autofree char *id = NULL;
      gint64 before, after;

      clock_offset_us = 100 * G_USEC_PER_SEC;
      o.clock = offset_clock;
      o.random = rngs[k];
      o.retry = (SewaBackoffPolicy) { .base_ms = 3000, .cap_ms = 60000, .jitter = TRUE };
      id = test_enqueue (f->store, 100 + (guint) k, 0, 0, 0, NULL);
      sync = sewa_sync_new (f->store, &o);
      before = offset_clock (NULL) / G_USEC_PER_SEC;
      g_assert_false (sewa_sync_run_once (sync, 2, &error));
      g_assert_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_TIMEOUT);
      after = offset_clock (NULL) / G_USEC_PER_SEC;
      app = sewa_store_get (f->store, id, FALSE, &error);
      g_assert_nonnull (app);
      g_assert_cmpuint (app->attempt_count, ==, 1);
      g_assert_nonnull (strstr (app->last_error, "rate_limited"));
      if (k == 0)
        {
          g_assert_cmpint (app->next_attempt_at, >=, before + 7);
          g_assert_cmpint (app->next_attempt_at, <=, after + 7);
        }
      else
        {
          g_assert_cmpint (app->next_attempt_at, >=, before + 7 + 3);
          g_assert_cmpint (app->next_attempt_at, <=, after + 7 + 3);
        }
      /* Let this one through so the next round starts with an empty queue. */
      g_assert_true (sewa_store_quarantine (f->store, id, "test", &error));
    }
}

/* --- TLS --------------------------------------------------------------------------------------- */

static void
run_openssl (const char *dir, const char *cmd)
{
  g_autofree char *full = g_strdup_printf ("cd '%s' && %s 2>/dev/null", dir, cmd);
  const char *argv[] = { "/bin/sh", "-c", full, NULL };
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static char *
file_sha256_of_pem (const char *path)
{
  g_autofree char *pem = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &pem, &len, NULL));
  return sewa_portal_pem_sha256 (pem, len);
}

typedef struct
{
  char *pki;
  char *chain;
  char *key;
} Pki;

static void
make_pki (Pki *pki)
{
  pki->pki = g_dir_make_tmp ("sewa-pki-XXXXXX", NULL);
  run_openssl (pki->pki,
               "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
               "-subj /CN=SewaTestCA -keyout ca.key -out ca.pem "
               "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign");
  run_openssl (pki->pki,
               "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
               "-subj /CN=WrongCA -keyout wrong.key -out wrong.pem "
               "-addext basicConstraints=critical,CA:TRUE");
  run_openssl (pki->pki,
               "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 "
               "-keyout server.key -out server.csr && "
               "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\n' > ext && "
               "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
               "-extfile ext -out server.pem && cat server.pem ca.pem > chain.pem");
  /* Signed by the right CA, for another host: the kiosk must say the name is wrong. */
  run_openssl (pki->pki,
               "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=other.invalid "
               "-keyout other.key -out other.csr && "
               "printf 'subjectAltName=DNS:other.invalid\\nbasicConstraints=CA:FALSE\\n' > ext2 && "
               "openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
               "-extfile ext2 -out other.pem && cat other.pem ca.pem > other-chain.pem");
  pki->chain = g_build_filename (pki->pki, "chain.pem", NULL);
  pki->key = g_build_filename (pki->pki, "server.key", NULL);
}

static void
free_pki (Pki *pki)
{
  test_rm_rf (pki->pki);
  g_free (pki->pki);
  g_free (pki->chain);
  g_free (pki->key);
}

static void
test_tls_pinning (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autoptr (SewaStore) store = test_store_new (dir);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ca_hash = NULL;
  g_autofree char *wrong_hash = NULL;
  g_autofree char *wrong_pem = NULL;
  g_autofree char *token = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *ca_path = NULL;
  SewaEnrolParams params = { 0 };
  SewaSyncOptions o = { 0 };
  TestSim *sim;
  Pki pki;
  Alerts alerts;

  make_pki (&pki);
  {
    const char *extra[] = { "--tls-port", "0", "--tls-cert", pki.chain, "--tls-key", pki.key, NULL };

    sim = test_sim_start (extra);
  }
  g_assert_nonnull (sim->https_url);
  ca_path = g_build_filename (pki.pki, "ca.pem", NULL);
  ca_hash = file_sha256_of_pem (ca_path);
  wrong_pem = g_build_filename (pki.pki, "wrong.pem", NULL);
  wrong_hash = file_sha256_of_pem (wrong_pem);

  /* Served a chain without --tls-ca, the sim's provisioning QR pins the chain's CA, not the
   * server's own (leaf) certificate, which changes at every renewal. */
  {
    g_autofree char *body = g_strdup_printf ("{\"centre\": \"%s\", \"kiosk\": %d}", SIM_CENTRE,
                                             SIM_KIOSK);
    g_autoptr (JsonObject) minted = test_sim_admin (sim, "POST", "/admin/enrolment-tokens", body);
    const char *qr = json_object_get_string_member (minted, "provisioning_qr");
    g_autoptr (SewaProvisioning) prov = sewa_provisioning_parse ((const guint8 *) qr, strlen (qr),
                                                                 &error);
    g_autofree char *leaf_path = g_build_filename (pki.pki, "server.pem", NULL);
    g_autofree char *leaf_hash = file_sha256_of_pem (leaf_path);

    g_assert_no_error (error);
    g_assert_cmpstr (prov->ca_sha256, ==, ca_hash);
    g_assert_cmpstr (prov->ca_sha256, !=, leaf_hash);
  }

  /* Enrolment with a CA hash the portal's chain does not contain is refused, clearly, and
   * sends nothing. */
  token = test_sim_token (sim);
  params.portal_url = sim->https_url;
  params.token = token;
  params.centre = SIM_CENTRE;
  params.kiosk = SIM_KIOSK;
  params.ca_sha256 = wrong_hash;
  client = sewa_enrol (store, dir, NULL, &params, &error);
  g_assert_null (client);
  g_assert_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_CA_MISMATCH);
  g_assert_nonnull (strstr (error->message, "does not contain the CA"));
  g_clear_error (&error);
  g_assert_cmpint (test_sim_count (sim, "devices"), ==, 0);

  /* The right CA, but the portal's certificate names another host: refused, and the message
   * says it is the name, not the CA. */
  {
    g_autofree char *other_chain = g_build_filename (pki.pki, "other-chain.pem", NULL);
    g_autofree char *other_key = g_build_filename (pki.pki, "other.key", NULL);
    g_autofree char *other_token = NULL;
    const char *extra[] = { "--tls-port", "0", "--tls-cert", other_chain, "--tls-key", other_key,
                            NULL };
    TestSim *other = test_sim_start (extra);
    SewaEnrolParams p2 = params;
    g_autofree char *other_dir = test_state_dir ();
    g_autoptr (SewaStore) other_store = test_store_new (other_dir);
    g_autoptr (SewaPortalClient) refused = NULL;

    other_token = test_sim_token (other);
    p2.portal_url = other->https_url;
    p2.token = other_token;
    p2.ca_sha256 = ca_hash;
    refused = sewa_enrol (other_store, other_dir, NULL, &p2, &error);
    g_assert_null (refused);
    g_assert_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_TLS_HOSTNAME);
    g_assert_null (strstr (error->message, "not signed by the pinned CA"));
    g_clear_error (&error);
    g_assert_cmpint (test_sim_count (other, "devices"), ==, 0);
    test_sim_stop (other);
    g_clear_object (&other_store);
    test_rm_rf (other_dir);
  }

  /* The right CA: enrolment and sync over verified TLS. */
  params.ca_sha256 = ca_hash;
  client = sewa_enrol (store, dir, NULL, &params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client->ca_file);
  pinned = file_sha256_of_pem (client->ca_file);
  g_assert_cmpstr (pinned, ==, ca_hash);
  for (guint i = 0; i < 3; i++)
    g_free (test_enqueue (store, i, 1, 20000, 0, NULL));
  o.state_dir = dir;
  o.heartbeat_seconds = G_MAXUINT;
  o.catalog_seconds = G_MAXUINT;
  sync = sewa_sync_new (store, &o);
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_state (store, SEWA_APP_SUBMITTED), ==, 3);
  /* portal-sim speaks HTTP/1.1 over TLS: connections are kept and reused, not one a request. */
  {
    g_autoptr (SewaSyncStatus) st = sewa_sync_get_status (sync);

    g_assert_cmpuint (st->http_version, ==, 11);
    g_assert_cmpuint (st->requests, >=, 9);
    g_assert_cmpuint (st->connections, >=, 1);
    g_assert_cmpuint (st->connections, <=, 4);
  }

  /* The pinned CA replaced by another one: the engine refuses the portal and says why. */
  {
    g_autofree char *other = NULL;

    g_assert_true (g_file_get_contents (wrong_pem, &other, NULL, NULL));
    g_assert_true (g_file_set_contents (client->ca_file, other, -1, NULL));
  }
  g_free (test_enqueue (store, 99, 1, 1000, 0, NULL));
  alerts_init (&alerts);
  g_signal_connect (sync, "alert", G_CALLBACK (on_alert), &alerts);
  g_assert_false (sewa_sync_run_once (sync, 60, &error));
  g_assert_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "pinned CA"));
  g_clear_error (&error);
  g_assert_true (alerts_have (&alerts, "tls-untrusted"));
  g_assert_cmpint (test_sim_count (sim, "applications"), ==, 3);
  g_assert_cmpint (test_sim_count (sim, "uploads"), ==, 3);
  alerts_clear (&alerts);

  g_clear_object (&sync);
  test_sim_stop (sim);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
  free_pki (&pki);
}

/* --- the threaded engine ------------------------------------------------------------------------ */

typedef struct
{
  GMainLoop *loop;
  guint want_acknowledged;
  guint changes;
  SewaSyncState last_state;
} Watch;

static void
on_status (SewaSync *sync, SewaSyncStatus *st, gpointer user_data)
{
  Watch *w = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  w->changes++;
  w->last_state = st->state;
  if (st->acknowledged >= w->want_acknowledged && st->pending == 0)
    g_main_loop_quit (w->loop);
}

/* The holder line in sync.lock is read as outside input: only "pid=N since=T" of a running
 * process names a holder; garbage or a dead process's line says nobody, never a wrong pid. */
static void
test_lock_holder (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autofree char *lock_path = g_build_filename (f->dir, "sync.lock", NULL);
  const char *lines[] = { "", "pid=abc since=1\n", "pid=12 since=1 extra\n", "pid=-4 since=9\n",
                          NULL /* a dead process's line */, NULL /* this process's line */ };
  int fd;
  pid_t dead;

  test_enrol (f->sim, f->store, f->dir);
  dead = fork ();
  g_assert_cmpint (dead, >=, 0);
  if (dead == 0)
    _exit (0);
  g_assert_cmpint (waitpid (dead, NULL, 0), ==, dead);

  /* The test holds the lock itself, as another engine would, and writes what that engine
   * might have left. */
  fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr (SewaSync) second = sewa_sync_new (f->store, &o);
      g_autoptr (GError) error = NULL;
      g_autofree char *line = NULL;
      gboolean named = i == G_N_ELEMENTS (lines) - 1;

      if (i == G_N_ELEMENTS (lines) - 2)
        line = g_strdup_printf ("pid=%d since=1765108800\n", (int) dead);
      else if (named)
        line = g_strdup_printf ("pid=%d since=1765108800\n", (int) getpid ());
      else
        line = g_strdup (lines[i]);
      g_assert_cmpint (ftruncate (fd, 0), ==, 0);
      g_assert_cmpint (pwrite (fd, line, strlen (line), 0), ==, (ssize_t) strlen (line));

      g_assert_false (sewa_sync_start (second, &error));
      g_assert_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_LOCKED);
      if (named)
        {
          g_autofree char *want = g_strdup_printf ("(pid %d, since 2025-12-07 12:00:00 UTC)",
                                                   (int) getpid ());

          g_assert_nonnull (strstr (error->message, want));
        }
      else
        g_assert_nonnull (strstr (error->message, "has not said which process it is"));
    }
  /* Released, the same stale line does not stop an engine, which then names itself. */
  close (fd);
  {
    g_autoptr (SewaSync) sync = sewa_sync_new (f->store, &o);
    g_autoptr (GError) error = NULL;
    g_autofree char *holder = NULL;
    g_autofree char *want = g_strdup_printf ("pid=%d since=", (int) getpid ());

    g_assert_true (sewa_sync_start (sync, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (lock_path, &holder, NULL, NULL));
    g_assert_true (g_str_has_prefix (holder, want));
    sewa_sync_stop (sync);
  }
}

static gboolean
on_timeout (gpointer data)
{
  g_error ("the engine did not drain the queue in time");
  return G_SOURCE_REMOVE;
}

typedef struct
{
  TestSim *sim;
  const char *path;
  JsonObject *heartbeat; /* the stored heartbeat once it has everything the test waits for */
  GMainLoop *loop;
} HeartbeatWait;

static gboolean
heartbeat_poll (gpointer data)
{
  HeartbeatWait *w = data;
  g_autoptr (JsonObject) device = test_sim_admin (w->sim, "GET", w->path, NULL);
  JsonNode *hb = json_object_get_member (device, "heartbeat");

  /* The first heartbeat goes out before any answer (no last successful sync yet): wait for one
   * at least a second later. */
  if (hb != NULL && JSON_NODE_HOLDS_OBJECT (hb)
      && json_object_get_int_member_with_default (json_node_get_object (hb), "uptime_s", 0) >= 1)
    {
      w->heartbeat = json_object_ref (json_node_get_object (hb));
      g_main_loop_quit (w->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* The heartbeat reports what issue #19 asks for (disk free, queue depth and the oldest's age,
 * version, uptime, last successful sync, last fatal alert), and portal-sim stores it: checked
 * through its admin endpoint. The fatal alert is a real one (the device revoked, then
 * re-enrolled), remembered across engines. */
static void
test_heartbeat_fields (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *device = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) revoked = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  HeartbeatWait w = { .sim = f->sim, .loop = loop };
  gint64 started = g_get_real_time () / G_USEC_PER_SEC;
  gint64 at;
  JsonObject *alert;
  guint timeout;

  test_enrol (f->sim, f->store, f->dir);
  device = sewa_store_setting_get (f->store, SEWA_SETTING_DEVICE_ID, &error);
  path = g_strdup_printf ("/admin/devices/%s/revoke", device);
  revoked = test_sim_admin (f->sim, "POST", path, "{}");
  g_free (test_enqueue (f->store, 1, 0, 0, started - 3600, NULL));
  sync = sewa_sync_new (f->store, &o);
  g_assert_false (sewa_sync_run_once (sync, 60, &error));
  g_assert_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_PAUSED);
  g_clear_error (&error);
  g_clear_object (&sync);

  test_enrol (f->sim, f->store, f->dir);
  g_free (device);
  device = sewa_store_setting_get (f->store, SEWA_SETTING_DEVICE_ID, &error);
  g_assert_no_error (error);
  for (guint i = 2; i <= 3; i++)
    g_free (test_enqueue (f->store, i, 0, 0, started - 60, NULL));
  /* Status polls every 10 min (the default): submitted applications stay pending. */
  o.heartbeat_seconds = 1;
  o.timer_seconds = 1;
  o.version = "9.8.7-test";
  sync = sewa_sync_new (f->store, &o);
  g_assert_true (sewa_sync_start (sync, &error));
  g_assert_no_error (error);

  g_free (path);
  path = g_strdup_printf ("/admin/devices/%s", device);
  w.path = path;
  g_timeout_add (100, heartbeat_poll, &w);
  timeout = g_timeout_add_seconds (60, on_timeout, NULL);
  g_main_loop_run (loop);
  g_source_remove (timeout);
  sewa_sync_stop (sync);

  g_assert_cmpstr (json_object_get_string_member (w.heartbeat, "version"), ==, "9.8.7-test");
  g_assert_cmpint (json_object_get_int_member (w.heartbeat, "queue_depth"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (w.heartbeat, "oldest_queued_age_s"), >=, 3600);
  g_assert_cmpint (json_object_get_int_member (w.heartbeat, "oldest_queued_age_s"), <, 3600 + 120);
  g_assert_true (json_object_has_member (w.heartbeat, "oldest_queued_at"));
  g_assert_cmpint (json_object_get_int_member (w.heartbeat, "disk_free_mb"), >, 0);
  g_assert_cmpint (json_object_get_int_member (w.heartbeat, "uptime_s"), >=, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (w.heartbeat, "last_sync_at"), "20"));
  alert = json_object_get_object_member (w.heartbeat, "last_fatal_alert");
  g_assert_nonnull (alert);
  g_assert_cmpstr (json_object_get_string_member (alert, "code"), ==, "device-refused");
  {
    g_autoptr (GDateTime) when = g_date_time_new_from_iso8601 (json_object_get_string_member (alert, "at"), NULL);

    g_assert_nonnull (when);
    at = g_date_time_to_unix (when);
    g_assert_cmpint (at, >=, started - 5);
    g_assert_cmpint (at, <=, g_get_real_time () / G_USEC_PER_SEC + 5);
  }
  json_object_unref (w.heartbeat);
}

static void
test_threaded_engine (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (SewaSync) second = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaSyncStatus) st = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watch w = { .loop = loop, .want_acknowledged = 20 };
  guint timeout;

  test_enrol (f->sim, f->store, f->dir);
  /* Decisions after 1 s of portal time; the kiosk polls every ~0.5 s. */
  o.poll = (SewaBackoffPolicy) { .base_ms = 1000, .cap_ms = 1000, .jitter = FALSE };
  o.heartbeat_seconds = 1;
  o.catalog_seconds = 3600;
  o.timer_seconds = 1;
  sync = sewa_sync_new (f->store, &o);
  g_signal_connect (sync, "status-changed", G_CALLBACK (on_status), &w);
  g_assert_true (sewa_sync_start (sync, &error));
  g_assert_no_error (error);

  /* A second engine on the same store is refused, and told who holds the lock: this process,
   * since a moment ago (a technician's second `kioskctl sync` prints this message). */
  second = sewa_sync_new (f->store, &o);
  g_assert_false (sewa_sync_start (second, &error));
  g_assert_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_LOCKED);
  {
    g_autofree char *pid = g_strdup_printf ("(pid %d, since ", (int) getpid ());
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *year = g_date_time_format (now, " %Y-");

    g_assert_nonnull (strstr (error->message, pid));
    g_assert_nonnull (strstr (error->message, year));
    g_assert_nonnull (strstr (error->message, " UTC)"));
  }
  g_clear_error (&error);

  for (guint i = 0; i < 20; i++)
    {
      g_free (test_enqueue (f->store, i, i % 3, 3000, 0, NULL));
      sewa_sync_wake (sync);
    }
  timeout = g_timeout_add_seconds (60, on_timeout, NULL);
  g_main_loop_run (loop);
  g_source_remove (timeout);
  sewa_sync_stop (sync);
  /* A stopped engine no longer names itself as the holder. */
  {
    g_autofree char *lock_path = g_build_filename (f->dir, "sync.lock", NULL);
    g_autofree char *holder = NULL;

    g_assert_true (g_file_get_contents (lock_path, &holder, NULL, NULL));
    g_assert_cmpstr (holder, ==, "");
  }

  st = sewa_sync_get_status (sync);
  g_assert_cmpuint (st->acknowledged, ==, 20);
  g_assert_cmpuint (st->pending, ==, 0);
  g_assert_true (st->online);
  g_assert_cmpint (st->last_success_at, >, 0);
  g_assert_cmpint (st->state, ==, SEWA_SYNC_STATE_STOPPED);
  g_assert_cmpuint (w.changes, >, 1);
  /* The catalog was fetched once, and the heartbeat ran. */
  {
    g_autofree char *etag = NULL;
    g_autoptr (GBytes) cat = NULL;

    g_assert_true (sewa_store_catalog_get (f->store, &etag, &cat, &error));
    g_assert_nonnull (cat);
    g_assert_true (g_str_has_prefix (etag, "\""));
  }
  g_assert_cmpint (test_sim_count (f->sim, "heartbeats"), >=, 1);
  g_assert_cmpuint (test_check_exactly_once (f->sim, f->store, NULL, 0), ==, 20);
  g_assert_finalize_object (g_steal_pointer (&second));
  g_assert_finalize_object (g_steal_pointer (&sync));
}


/* --- catalog and vault ------------------------------------------------------------------------ */

static void
test_catalog_etag (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cached = NULL;
  g_autoptr (GBytes) old = g_bytes_new_static ("{\"services\":[]}", strlen ("{\"services\":[]}"));
  g_autofree char *etag = NULL;
  gboolean changed = FALSE;

  test_enrol (f->sim, f->store, f->dir);
  g_assert_true (sewa_store_catalog_put (f->store, "\"old\"", old, &error));
  sync = sewa_sync_new (f->store, &o);

  /* Every answer broken (resets, 5xx): the refresh fails and the old catalog stays. */
  test_sim_set_faults (f->sim, 1.0, "5xx,reset", 3, 1);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_false (sewa_sync_refresh_catalog (sync, &changed, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  g_assert_true (sewa_store_catalog_get (f->store, &etag, &cached, &error));
  g_assert_cmpstr (etag, ==, "\"old\"");
  g_assert_true (g_bytes_equal (cached, old));
  g_clear_pointer (&etag, g_free);
  g_clear_pointer (&cached, g_bytes_unref);

  /* Healthy: the new catalog is swapped in, and then the ETag makes it a 304. */
  test_sim_set_faults (f->sim, 0.0, "5xx", 3, 1);
  g_assert_true (sewa_sync_refresh_catalog (sync, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_true (sewa_store_catalog_get (f->store, &etag, &cached, &error));
  g_assert_true (g_str_has_prefix (etag, "\""));
  g_assert_cmpuint (strlen (etag), ==, 66);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (cached, NULL), (gssize) g_bytes_get_size (cached),
                                  "pb-test-sync"));
  g_assert_true (sewa_sync_refresh_catalog (sync, &changed, &error));
  g_assert_no_error (error);
  g_assert_false (changed);
}

typedef struct
{
  GMainLoop *loop;
  JsonArray *docs;
  GError *error;
} VaultWait;

static void
on_vault (GObject *source, GAsyncResult *result, gpointer user_data)
{
  VaultWait *w = user_data;

  w->docs = sewa_sync_fetch_vault_finish (SEWA_SYNC (source), result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
test_vault (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (JsonObject) otp = NULL;
  g_autoptr (JsonObject) code = NULL;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (SewaPortalCall) call = NULL;
  g_autoptr (SewaPortalCall) verify = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) verified = NULL;
  g_autofree char *body = NULL;
  g_autoptr (GBytes) bytes = NULL;
  VaultWait w = { .loop = loop };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  test_enrol (f->sim, f->store, f->dir);
  client = sewa_enrol_load_client (f->store, f->dir, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_static ("{\"mobile\":\"9876500001\"}", strlen ("{\"mobile\":\"9876500001\"}"));
  call = sewa_portal_call_new (client, "POST", "/v1/citizens/otp", "application/json", bytes,
                               TRUE, now);
  sewa_portal_call_perform (call, now);
  g_assert_cmpuint (sewa_portal_call_get_status (call), ==, 202);
  otp = sewa_portal_call_get_json (call, &error);
  g_assert_no_error (error);
  code = test_sim_admin (f->sim, "GET", "/admin/otps?mobile=9876500001", NULL);
  body = g_strdup_printf ("{\"code\":\"%s\",\"otp_id\":\"%s\"}",
                          json_object_get_string_member (code, "code"),
                          json_object_get_string_member (otp, "otp_id"));
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = g_bytes_new (body, strlen (body));
  verify = sewa_portal_call_new (client, "POST", "/v1/citizens/otp/verify", "application/json",
                                 bytes, TRUE, now);
  sewa_portal_call_perform (verify, now);
  g_assert_cmpuint (sewa_portal_call_get_status (verify), ==, 200);
  verified = sewa_portal_call_get_json (verify, &error);
  g_assert_no_error (error);

  sync = sewa_sync_new (f->store, &o);
  sewa_sync_fetch_vault_async (sync, json_object_get_string_member (verified,
                                                                    "verified_mobile_token"),
                               NULL, on_vault, &w);
  g_main_loop_run (loop);
  g_assert_no_error (w.error);
  g_assert_nonnull (w.docs);
  g_assert_cmpuint (json_array_get_length (w.docs), ==, 0);
  g_clear_pointer (&w.docs, json_array_unref);

  /* An unknown token is the portal's 422, as an error. */
  sewa_sync_fetch_vault_async (sync, "not-a-real-token", NULL, on_vault, &w);
  g_main_loop_run (loop);
  g_assert_null (w.docs);
  g_assert_error (w.error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_HTTP);
  g_assert_nonnull (strstr (w.error->message, "citizen_token_invalid"));
  g_clear_error (&w.error);
}


/* Queues one application of the instant service pb-rev-copy identified by a verified Aadhaar
 * QR, with @report as its pre-scrutiny report. */
static char *
enqueue_instant (SewaStore *store, const char *report)
{
  g_autoptr (GError) error = NULL;
  SewaNewApplication app = { 0 };
  char *id = NULL;

  app.service_id = "pb-rev-copy";
  app.catalog_version = SIM_CATALOG_VERSION;
  app.catalog_hash = "0000000000000000000000000000000000000000000000000000000000000000";
  app.form_json = "{\"applicant_name\":\"Test\"}";
  app.identity_method = SEWA_IDENTITY_METHOD_AADHAAR_QR_VERIFIED;
  app.fee_state = SEWA_FEE_NONE;
  app.prescrutiny_json = report;
  if (!sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error))
    g_error ("enqueue: %s", error->message);
  return id;
}

/* Instant decisions (#17) reach the kiosk when the application is sent: queued while the kiosk
 * was offline, approved in the PUT's answer when its report found nothing (acknowledged, with
 * the portal's delivery note kept), or sent to scrutiny with the reason when the citizen seemed
 * ineligible (still waiting for the portal's decision). */
static void
test_instant_decision (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ok_id = NULL;
  g_autofree char *flagged_id = NULL;
  g_autoptr (SewaAppRecord) ok = NULL;
  g_autoptr (SewaAppRecord) flagged = NULL;

  ok_id = enqueue_instant (f->store, "{\"version\":1,\"checks_ran\":[\"completeness\",\"eligibility\"],"
                                     "\"all_passed\":true,\"complete\":true,\"eligible\":true,"
                                     "\"identity_verified\":true,\"document_checks\":[]}");
  flagged_id = enqueue_instant (f->store, "{\"version\":1,\"checks_ran\":[\"completeness\",\"eligibility\"],"
                                          "\"all_passed\":false,\"complete\":true,\"eligible\":false,"
                                          "\"identity_verified\":true,\"document_checks\":[]}");
  /* Queued offline: no decision yet. */
  ok = sewa_store_get (f->store, ok_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (ok->instant_outcome);
  g_clear_pointer (&ok, sewa_app_record_free);

  test_enrol (f->sim, f->store, f->dir);
  sync = sewa_sync_new (f->store, &o);
  g_assert_true (sewa_sync_run_once (sync, 120, &error));
  g_assert_no_error (error);

  ok = sewa_store_get (f->store, ok_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ok->state, ==, SEWA_APP_ACKNOWLEDGED);
  g_assert_cmpstr (ok->instant_outcome, ==, "approved");
  g_assert_true (g_str_has_prefix (ok->instant_note, "ISSUED:"));
  flagged = sewa_store_get (f->store, flagged_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (flagged->state, ==, SEWA_APP_SUBMITTED);
  g_assert_cmpstr (flagged->instant_outcome, ==, "needs_scrutiny");
  g_assert_true (g_str_has_prefix (flagged->instant_note, "NOT_ELIGIBLE:"));
}

/* A portal that accepts the connection and then never answers (a hung server, a black-holed
 * link): every request ends at the low-speed limit instead of hanging, counts as a failed attempt
 * (not "offline": the link is up), backs off, and nothing is lost; the same queue drains once a
 * portal answers again. */
static void
test_hung_portal_times_out (Fixture *f, gconstpointer data)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int hung = socket (AF_INET, SOCK_STREAM, 0);
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (SewaSyncStatus) st = NULL;
  g_autoptr (GError) error = NULL;
  gint64 started;
  double took;

  /* Listening, never accepting: the kernel completes the handshake and takes the request. */
  g_assert_cmpint (bind (hung, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (hung, (struct sockaddr *) &addr, &len), ==, 0);
  g_assert_cmpint (listen (hung, 64), ==, 0);

  test_enrol (f->sim, f->store, f->dir);
  for (guint i = 0; i < 5; i++)
    g_free (test_enqueue (f->store, i, 1, 8000, 0, NULL));
  client = sewa_enrol_load_client (f->store, f->dir, NULL, &error);
  g_assert_no_error (error);
  g_free (client->base_url);
  client->base_url = g_strdup_printf ("http://127.0.0.1:%u", ntohs (addr.sin_port));
  client->low_speed_time_s = 1;
  client->low_speed_bytes = 64;
  o.client = client;
  o.parallelism = 4;
  sync = sewa_sync_new (f->store, &o);
  started = g_get_monotonic_time ();
  g_assert_false (sewa_sync_run_once (sync, 8, &error));
  took = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  g_assert_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_TIMEOUT);
  g_clear_error (&error);
  st = sewa_sync_get_status (sync);
  printf ("# hung portal: %" G_GUINT64_FORMAT " requests (cut at the low-speed limit) in %.1f s; "
          "last error: %s\n", st->requests, took, st->last_error ? st->last_error : "(none)");
  /* The first four requests were cut (here after about 3 s: libcurl measures the speed in whole
   * seconds), not left hanging: the fifth application and the retries got their turn within the
   * 8 s; and run-once kept its deadline although requests were still in flight. */
  g_assert_cmpuint (st->requests, >=, 5);
  g_assert_cmpfloat (took, <, 9.5);
  g_assert_nonnull (st->last_error);
  g_assert_nonnull (strstr (st->last_error, "timeout"));
  g_assert_cmpint (st->state, !=, SEWA_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (st->unsent, ==, 5);
  g_assert_cmpuint (count_state (f->store, SEWA_APP_SUBMITTED), ==, 0);
  g_assert_cmpuint (count_state (f->store, SEWA_APP_QUARANTINED), ==, 0);
  g_clear_object (&sync);
  close (hung);

  /* The real portal: the same queue goes through, exactly once. */
  o.client = NULL;
  sync = sewa_sync_new (f->store, &o);
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (test_check_exactly_once (f->sim, f->store, NULL, 0), ==, 5);
}

/* --- HTTP/2 and network changes ----------------------------------------------------------------- */

static void
wait_for_port (guint port)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port),
                                  .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
      int fd = socket (AF_INET, SOCK_STREAM, 0);
      int rc = connect (fd, (struct sockaddr *) &addr, sizeof addr);

      close (fd);
      if (rc == 0)
        return;
      g_usleep (20000);
    }
  g_error ("nothing listens on port %u", port);
}

/* The portal behind nghttpx (a real HTTP/2 reverse proxy, TLS with ALPN) offers HTTP/2: the engine
 * takes it and multiplexes every request of the drain over one connection. */
static void
test_http2_through_proxy (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autoptr (SewaStore) store = test_store_new (dir);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (SewaSyncStatus) st = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proxy = NULL;
  g_autofree char *ca_path = NULL, *ca_hash = NULL, *token = NULL, *url = NULL;
  g_autofree char *log_path = NULL, *log = NULL, *frontend = NULL, *backend = NULL;
  g_autofree char *log_format = NULL;
  g_auto (GStrv) lines = NULL;
  SewaEnrolParams params = { 0 };
  SewaSyncOptions o = { 0 };
  guint port = test_free_port (), h2_lines = 0, n_lines = 0;
  TestSim *sim = test_sim_start (NULL);
  Pki pki;

  if (!g_file_test ("/usr/sbin/nghttpx", G_FILE_TEST_IS_EXECUTABLE))
    g_error ("nghttpx (Debian package nghttp2-proxy) is missing: run scripts/install-deps");
  make_pki (&pki);
  ca_path = g_build_filename (pki.pki, "ca.pem", NULL);
  ca_hash = file_sha256_of_pem (ca_path);
  log_path = g_build_filename (pki.pki, "access.log", NULL);
  frontend = g_strdup_printf ("--frontend=127.0.0.1,%u", port);
  backend = g_strdup_printf ("--backend=127.0.0.1,%u", sim->http_port);
  log_format = g_strdup ("--accesslog-format=$alpn $method $path $status");
  {
    g_autofree char *accesslog = g_strdup_printf ("--accesslog-file=%s", log_path);
    const char *argv[] = { "/usr/sbin/nghttpx", frontend, backend, "--workers=1",
                           "--conf=/dev/null", "--no-ocsp", accesslog, log_format,
                           "--errorlog-file=/dev/null", pki.key, pki.chain, NULL };

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
    g_subprocess_launcher_set_child_setup (launcher, test_sim_child_setup, NULL, NULL);
    proxy = g_subprocess_launcher_spawnv (launcher, argv, &error);
    g_assert_no_error (error);
  }
  wait_for_port (port);

  url = g_strdup_printf ("https://127.0.0.1:%u", port);
  token = test_sim_token (sim);
  params.portal_url = url;
  params.token = token;
  params.centre = SIM_CENTRE;
  params.kiosk = SIM_KIOSK;
  params.ca_sha256 = ca_hash;
  client = sewa_enrol (store, dir, NULL, &params, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 12; i++)
    g_free (test_enqueue (store, i, i % 3, 40000 + 313 * i, 0, NULL));
  o.state_dir = dir;
  o.parallelism = 6;
  o.chunk_bytes = 16 * 1024;
  o.heartbeat_seconds = G_MAXUINT;
  o.catalog_seconds = G_MAXUINT;
  sync = sewa_sync_new (store, &o);
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (test_check_exactly_once (sim, store, NULL, 0), ==, 12);

  st = sewa_sync_get_status (sync);
  g_assert_cmpuint (st->http_version, ==, 20);
  g_assert_cmpuint (st->requests, >, 30);
  /* One connection for all of them: HTTP/2 streams, not a connection per request. */
  g_assert_cmpuint (st->connections, ==, 1);

  /* nghttpx logs each request with the protocol it negotiated; all of the engine's were h2. */
  g_subprocess_send_signal (proxy, SIGQUIT); /* graceful: flushes the access log */
  g_subprocess_wait (proxy, NULL, NULL);
  g_assert_true (g_file_get_contents (log_path, &log, NULL, &error));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      n_lines++;
      if (g_str_has_prefix (lines[i], "h2 "))
        h2_lines++;
    }
  printf ("# http/2 through nghttpx: %" G_GUINT64_FORMAT " engine requests on %" G_GUINT64_FORMAT
          " connection(s); proxy logged %u requests, %u of them h2\n", st->requests,
          st->connections, n_lines, h2_lines);
  g_assert_cmpuint (n_lines, >=, st->requests);
  g_assert_cmpuint (h2_lines, ==, n_lines);

  g_clear_object (&sync);
  test_sim_stop (sim);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
  free_pki (&pki);
}

/* A GNetworkMonitor the test controls: it only emits network-changed when told to. */
typedef struct
{
  GObject parent_instance;
} TestMonitor;
typedef GObjectClass TestMonitorClass;

static void test_monitor_iface_init (GNetworkMonitorInterface *iface);
GType test_monitor_get_type (void);
static gboolean
test_monitor_initable_init (GInitable *initable, GCancellable *cancellable, GError **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init;
}

G_DEFINE_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_monitor_initable_iface_init)
                         G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_iface_init))

enum { PROP_0, PROP_AVAILABLE, PROP_METERED, PROP_CONNECTIVITY };

static void
test_monitor_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_AVAILABLE: g_value_set_boolean (value, TRUE); break;
    case PROP_METERED: g_value_set_boolean (value, FALSE); break;
    case PROP_CONNECTIVITY: g_value_set_enum (value, G_NETWORK_CONNECTIVITY_FULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static gboolean
test_monitor_can_reach (GNetworkMonitor *monitor, GSocketConnectable *connectable,
                        GCancellable *cancellable, GError **error)
{
  return TRUE;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_monitor_can_reach;
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  klass->get_property = test_monitor_get_property;
  g_object_class_override_property (klass, PROP_AVAILABLE, "network-available");
  g_object_class_override_property (klass, PROP_METERED, "network-metered");
  g_object_class_override_property (klass, PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
}

static void
wait_status (SewaSync *sync, gint64 timeout_us, gboolean (*done) (const SewaSyncStatus *st))
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (SewaSyncStatus) st = sewa_sync_get_status (sync);

      if (done (st))
        return;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_error ("the engine did not get there in time");
}

static gboolean
is_offline (const SewaSyncStatus *st)
{
  return st->state == SEWA_SYNC_STATE_OFFLINE;
}

static gboolean
is_drained (const SewaSyncStatus *st)
{
  return st->unsent == 0 && st->state != SEWA_SYNC_STATE_OFFLINE;
}

/* While the portal is unreachable the engine probes on a long backoff; a network change from
 * GNetworkMonitor makes it probe at once, and the queue drains without waiting it out. */
static void
test_network_change_wakes (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autofree char *db = g_build_filename (dir, "portal.db", NULL);
  g_autoptr (SewaStore) store = test_store_new (dir);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GNetworkMonitor) monitor = g_object_new (test_monitor_get_type (), NULL);
  guint port = test_free_port ();
  SewaSyncOptions o = { 0 };
  TestSim *sim = test_sim_on_port (port, db);
  gint64 changed_at;

  test_enrol (sim, store, dir);
  o.state_dir = dir;
  o.heartbeat_seconds = G_MAXUINT;
  o.catalog_seconds = G_MAXUINT;
  o.timer_seconds = 600;
  /* Probing an unreachable portal: a fixed 10 minutes, so only a wake-up can end it early. */
  o.offline = (SewaBackoffPolicy) { .base_ms = 600000, .cap_ms = 600000, .jitter = FALSE };
  o.retry = o.offline;
  o.watch_network = TRUE;
  o.network_monitor = monitor;
  sync = sewa_sync_new (store, &o);
  g_assert_true (sewa_sync_start (sync, &error));
  g_assert_no_error (error);

  /* The link goes: the engine finds the portal unreachable and goes offline. */
  test_sim_stop (sim);
  g_free (test_enqueue (store, 1, 1, 5000, 0, NULL));
  sewa_sync_wake (sync);
  wait_status (sync, 20 * G_USEC_PER_SEC, is_offline);

  /* The portal is back, but nobody said so: the engine keeps waiting out its backoff. */
  sim = test_sim_on_port (port, db);
  g_usleep (1500 * 1000);
  {
    g_autoptr (SewaSyncStatus) st = sewa_sync_get_status (sync);

    g_assert_cmpint (st->state, ==, SEWA_SYNC_STATE_OFFLINE);
    g_assert_cmpuint (st->unsent, ==, 1);
    g_assert_cmpint (test_sim_count (sim, "applications"), ==, 0);
  }

  /* The network changes: the engine probes now and drains. */
  changed_at = g_get_monotonic_time ();
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  wait_status (sync, 20 * G_USEC_PER_SEC, is_drained);
  printf ("# network-changed -> drained in %.0f ms (offline backoff 600 s)\n",
          (double) (g_get_monotonic_time () - changed_at) / 1000.0);
  g_assert_cmpint (test_sim_count (sim, "applications"), ==, 1);

  sewa_sync_stop (sync);
  g_assert_finalize_object (g_steal_pointer (&sync));
  test_sim_stop (sim);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
}

static const char *const status_step_1[] = { "--status-step", "1", NULL };

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_main_thread = g_thread_self ();
  slow = g_getenv ("SEWA_SLOW_TESTS") != NULL;
  captured = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  g_test_add ("/sync-portal/exactly-once-under-faults", Fixture, NULL, fixture_set_up,
              test_exactly_once_under_faults, fixture_tear_down);
  g_test_add ("/sync-portal/conflict-and-poison", Fixture, NULL, fixture_set_up,
              test_conflict_and_poison, fixture_tear_down);
  g_test_add ("/sync-portal/revoked-device-pauses", Fixture, NULL, fixture_set_up,
              test_revoked_device_pauses, fixture_tear_down);
  g_test_add ("/sync-portal/retry-after-injected-clock", Fixture, NULL, fixture_set_up,
              test_retry_after_injected_clock, fixture_tear_down);
  g_test_add_func ("/sync-portal/tls-pinning", test_tls_pinning);
  g_test_add ("/sync-portal/hung-portal-times-out", Fixture, NULL, fixture_set_up,
              test_hung_portal_times_out, fixture_tear_down);
  g_test_add_func ("/sync-portal/http2-through-proxy", test_http2_through_proxy);
  g_test_add_func ("/sync-portal/network-change-wakes", test_network_change_wakes);
  g_test_add ("/sync-portal/catalog-etag", Fixture, NULL, fixture_set_up, test_catalog_etag,
              fixture_tear_down);
  g_test_add ("/sync-portal/vault", Fixture, NULL, fixture_set_up, test_vault, fixture_tear_down);
  g_test_add ("/sync-portal/instant-decision", Fixture, NULL, fixture_set_up, test_instant_decision,
              fixture_tear_down);
  g_test_add ("/sync-portal/heartbeat-fields", Fixture, NULL, fixture_set_up, test_heartbeat_fields,
              fixture_tear_down);
  g_test_add ("/sync-portal/lock-holder", Fixture, NULL, fixture_set_up, test_lock_holder,
              fixture_tear_down);
  g_test_add ("/sync-portal/threaded-engine", Fixture, status_step_1, fixture_set_up,
              test_threaded_engine, fixture_tear_down);
  {
    int rc = g_test_run ();

    curl_global_cleanup ();
    return rc;
  }
}
