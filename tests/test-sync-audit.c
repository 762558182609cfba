/* The audit log from the kiosk to portal-sim (docs/portal-api.md §8): every entry arrives once,
 * in order, with its chain links, through injected faults (lost answers, 5xx, resets, a commit
 * answered 504); portal-sim checks each link and hash, so a chain rewritten on the kiosk after
 * part of it was sent (which `kioskctl audit verify` cannot see: every hash fits) is refused, the
 * kiosk raises an alert and keeps its mark where the portal's copy ends. */
#include "sync-test-util.h"
#include "sewa-store-private.h"

typedef struct
{
  char *dir;
  SewaStore *store;
  TestSim *sim;
  GPtrArray *alerts; /* "code: message" */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_state_dir ();
  f->store = test_store_new (f->dir);
  f->sim = test_sim_start (NULL);
  f->alerts = g_ptr_array_new_with_free_func (g_free);
  test_enrol (f->sim, f->store, f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_sim_stop (f->sim);
  g_assert_finalize_object (f->store);
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->alerts);
}

static void
on_alert (SewaSync *sync, const char *code, const char *message, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->alerts, g_strdup_printf ("%s: %s", code, message));
}

static const char *
alert_with (Fixture *f, const char *prefix)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < f->alerts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (f->alerts, i), prefix))
      return g_ptr_array_index (f->alerts, i);
  return NULL;
}

static SewaSync *
audit_sync (Fixture *f)
{
  SewaSyncOptions o = { 0 };
  SewaSync *sync;

  o.state_dir = f->dir;
  o.retry = (SewaBackoffPolicy) { .base_ms = 20, .cap_ms = 200, .jitter = TRUE };
  o.offline = o.retry;
  o.heartbeat_seconds = G_MAXUINT;
  o.catalog_seconds = G_MAXUINT;
  o.audit_seconds = 3600;
  sync = sewa_sync_new (f->store, &o);
  g_signal_connect (sync, "alert", G_CALLBACK (on_alert), f);
  return sync;
}

static void
write_entries (Fixture *f, guint n)
{
  static const char *const actors[] = { "asha", "bilal", "" };
  g_autoptr (GError) error = NULL;

  g_assert_true (sewa_store_batch_begin (f->store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *detail = g_strdup_printf ("{\"n\":%u}", i);

      g_assert_true (sewa_store_audit_as (f->store, actors[i % 3], "test.entry", detail, &error));
    }
  g_assert_true (sewa_store_batch_commit (f->store, TRUE, &error));
  g_assert_no_error (error);
}

static gint64
last_id (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = sewa_store_audit_list (f->store, 0, 0, &error);

  g_assert_no_error (error);
  return all->len > 0 ? ((SewaAuditEntry *) g_ptr_array_index (all, all->len - 1))->id : 0;
}

static gint64
sent_mark (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  gint64 sent = -1;

  g_assert_true (sewa_store_audit_sent_get (f->store, &sent, &error));
  g_assert_no_error (error);
  return sent;
}

/* 1,200 entries: three batches (at most 500 each), through faults on a third of the requests. */
static void
test_in_order_under_faults (Fixture *f, gconstpointer data)
{
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  gint64 total;

  write_entries (f, 1200);
  total = last_id (f);
  g_assert_cmpint (total, >=, 1200);
  test_sim_set_faults (f->sim, 0.3, "5xx,429,reset,commit-504", 7, 1);

  sync = audit_sync (f);
  g_assert_true (sewa_sync_run_once (sync, 120, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sent_mark (f), ==, total);
  g_assert_cmpint (test_sim_count (f->sim, "audit_entries"), ==, total);
  g_assert_cmpint (test_sim_count (f->sim, "faults_injected"), >, 0);
  g_assert_null (alert_with (f, "audit-refused"));

  /* More entries later: only they go (the portal holds the rest already). */
  test_sim_set_faults (f->sim, 0, "5xx", 7, 1);
  write_entries (f, 3);
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sent_mark (f), ==, total + 3);
  g_assert_cmpint (test_sim_count (f->sim, "audit_entries"), ==, total + 3);
}

/* An attacker rewrites entry 3 and recomputes every hash after it (the chain is consistent
 * again, kioskctl audit verify would pass), then the kiosk writes on. The portal, which holds
 * entries up to the mark, refuses the next batch: the new entry does not link to its copy. */
static void
test_rewritten_chain_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autofree char *genesis = NULL;
  g_autofree char *prev = NULL;
  sqlite3 *db = sewa_store_get_sqlite (f->store);
  SewaAuditTamper result = SEWA_AUDIT_EDITED;
  const char *alert;
  gint64 sent;

  write_entries (f, 6);
  sync = audit_sync (f);
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  sent = sent_mark (f);
  g_assert_cmpint (sent, ==, last_id (f));

  g_assert_true (sewa_store_audit_anchor (f->store, &genesis, NULL, &error));
  all = sewa_store_audit_list (f->store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_log_append_only_u", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  prev = g_strdup (genesis);
  for (guint i = 0; i < all->len; i++)
    {
      SewaAuditEntry *e = g_ptr_array_index (all, i);
      const char *detail = i == 2 ? "{\"n\":\"rewritten\"}" : e->detail;
      g_autofree char *hash = sewa_audit_hash (prev, e->at, e->actor, e->event, detail);
      char *sql = sqlite3_mprintf ("UPDATE audit_log SET detail = %Q, prev_hash = %Q, "
                                              "hash = %Q WHERE id = %lld; UPDATE store_meta SET "
                                              "value = %Q WHERE name = 'audit_head'",
                                              detail, prev, hash, (long long) e->id, hash);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_free (sql);
      g_free (prev);
      prev = g_steal_pointer (&hash);
    }
  g_assert_true (sewa_store_audit_verify (f->store, &result, NULL, NULL, NULL, &error));
  g_assert_cmpint (result, ==, SEWA_AUDIT_INTACT);

  write_entries (f, 1);
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  alert = alert_with (f, "audit-refused");
  g_assert_nonnull (alert);
  g_assert_nonnull (strstr (alert, "audit_chain_broken"));
  g_test_message ("%s", alert);
  /* The mark stays where the portal's copy ends; the portal kept nothing of the batch. */
  g_assert_cmpint (sent_mark (f), ==, sent);
  g_assert_cmpint (test_sim_count (f->sim, "audit_entries"), ==, sent);
}

/* Waits (up to @timeout_s) until the portal holds @n audit entries; whether it does. */
static gboolean
portal_holds (Fixture *f, gint64 n, guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (test_sim_count (f->sim, "audit_entries") != n)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (50 * 1000);
    }
  return TRUE;
}

/* The running engine sends the log every hour (audit_seconds); asked to (a day close: the kiosk
 * may be switched off straight after), it sends the new entries at once. Entries written without
 * asking wait for the hour, and go with the next entries asked for. */
static void
test_sent_soon_when_asked (Fixture *f, gconstpointer data)
{
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  gint64 first, later;

  write_entries (f, 5);
  first = last_id (f);
  sync = audit_sync (f);
  g_assert_true (sewa_sync_start (sync, &error));
  g_assert_no_error (error);
  /* The engine's first turn sends what is there. */
  g_assert_true (portal_holds (f, first, 60));

  write_entries (f, 2);
  later = last_id (f);
  sewa_sync_wake (sync);
  /* A wake alone does not send the log before its hour. */
  g_assert_false (portal_holds (f, later, 3));
  g_assert_cmpint (test_sim_count (f->sim, "audit_entries"), ==, first);

  sewa_sync_send_audit_soon (sync);
  g_assert_true (portal_holds (f, later, 60));
  sewa_sync_stop (sync);
  g_assert_cmpint (sent_mark (f), ==, later);
  g_assert_null (alert_with (f, "audit-refused"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sync-audit/in-order-under-faults", Fixture, NULL, fixture_set_up,
              test_in_order_under_faults, fixture_tear_down);
  g_test_add ("/sync-audit/sent-soon-when-asked", Fixture, NULL, fixture_set_up,
              test_sent_soon_when_asked, fixture_tear_down);
  g_test_add ("/sync-audit/rewritten-chain-refused", Fixture, NULL, fixture_set_up,
              test_rewritten_chain_refused, fixture_tear_down);
  return g_test_run ();
}
