/* Corrections through the sync engine to portal-sim (issue #18): a correction is a new
 * application whose `corrects` names an application already sent; the engine sends the link and
 * the portal records it next to the original's ARN, the original untouched. A correction naming
 * an application the portal never received is refused (422 correction_unknown) and quarantined,
 * never retried for ever. */
#include "sync-test-util.h"

typedef struct
{
  char *dir;
  SewaStore *store;
  TestSim *sim;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_state_dir ();
  f->store = test_store_new (f->dir);
  f->sim = test_sim_start (NULL);
  test_enrol (f->sim, f->store, f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_sim_stop (f->sim);
  g_assert_finalize_object (f->store);
  test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
run_once (Fixture *f)
{
  SewaSyncOptions o = { 0 };
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;

  o.state_dir = f->dir;
  o.retry = (SewaBackoffPolicy) { .base_ms = 20, .cap_ms = 200, .jitter = TRUE };
  o.offline = o.retry;
  o.heartbeat_seconds = G_MAXUINT;
  o.catalog_seconds = G_MAXUINT;
  sync = sewa_sync_new (f->store, &o);
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
}

/* A copy of application @id's record as a new application correcting it. */
static char *
enqueue_correction (Fixture *f, const char *corrects)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *reference = NULL;
  SewaNewApplication app = { 0 };
  char *id = NULL;

  app.service_id = SIM_SERVICE;
  app.catalog_version = "2026.11.1";
  app.catalog_hash = "0a4f3c8e5d2b7a9c1f3e5d7b9a1c3e5f7d9b1a3c5e7f9d1b3a5c7e9f1d3b5a7c";
  app.form_json = "{\"applicant_name\":\"Test corrected\",\"village\":\"Kot\"}";
  app.fee_state = SEWA_FEE_NONE;
  app.corrects = corrects;
  g_assert_true (sewa_store_enqueue (f->store, &app, NULL, 0, &id, &reference, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_correction_linked (Fixture *f, gconstpointer data)
{
  g_autofree char *original = test_enqueue (f->store, 1, 0, 0, 0, NULL);
  g_autofree char *correction = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) orig = NULL;
  g_autoptr (SewaAppRecord) corr = NULL;
  g_autoptr (JsonObject) got = NULL;
  JsonObject *link;

  run_once (f);
  orig = sewa_store_get (f->store, original, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (orig->arn);

  correction = enqueue_correction (f, original);
  run_once (f);
  corr = sewa_store_get (f->store, correction, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (corr->arn);
  g_assert_cmpstr (corr->arn, !=, orig->arn);
  g_assert_cmpstr (corr->corrects, ==, original);

  path = g_strdup_printf ("/admin/applications?key=%s", correction);
  got = test_sim_admin (f->sim, "GET", path, NULL);
  link = json_object_get_object_member (got, "corrects");
  g_assert_nonnull (link);
  g_assert_cmpstr (json_object_get_string_member (link, "key"), ==, original);
  g_assert_cmpstr (json_object_get_string_member (link, "arn"), ==, orig->arn);
  g_assert_cmpint (test_sim_count (f->sim, "applications"), ==, 2);
}

/* The original never reached this portal (here: it went to another portal, which gave it an
 * ARN, so this one has never heard of its key): the correction is refused for good and
 * quarantined. */
static void
test_correction_unknown (Fixture *f, gconstpointer data)
{
  g_autofree char *original = test_enqueue (f->store, 2, 0, 0, 0, NULL);
  g_autofree char *correction = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) corr = NULL;
  g_autoptr (SewaAppRecord) leased = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (sewa_store_lease_next (f->store, now, 60, &leased, &error));
  g_assert_cmpstr (leased->id, ==, original);
  g_assert_true (sewa_store_mark_submitted (f->store, original, "PB-OTHER-PORTAL-1", now, &error));
  g_assert_no_error (error);
  correction = enqueue_correction (f, original);
  run_once (f);
  corr = sewa_store_get (f->store, correction, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (corr->state, ==, SEWA_APP_QUARANTINED);
  g_assert_nonnull (strstr (corr->last_error, "correction_unknown"));
  g_assert_cmpint (test_sim_count (f->sim, "applications"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sync-correction/linked", Fixture, NULL, fixture_set_up, test_correction_linked,
              fixture_tear_down);
  g_test_add ("/sync-correction/unknown", Fixture, NULL, fixture_set_up, test_correction_unknown,
              fixture_tear_down);
  return g_test_run ();
}
