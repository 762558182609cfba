/* test-store-powerloss.c — power cuts at every I/O step of a store workload, and a full disk.
 *
 * The workload (open + migrate, enqueue with pages, lease, submit, acknowledge, retry,
 * quarantine, retention purge, upload offsets, close + checkpoint) runs on the crash VFS
 * (sewa-crashvfs.h) from three starting points: an empty state directory, a schema-1 database
 * that must be migrated, and a busy schema-2 database. A first run counts its mutating I/O
 * calls; then the workload is repeated with a power cut at each of those calls (alternately
 * dropping every unsynced write, or a random subset of them). After each cut the database is
 * reopened with the real VFS and must pass: integrity_check and foreign keys; the store opens
 * with its key; sewa_store_check finds nothing; every application whose enqueue returned TRUE is
 * there with its exact form and hash-verified pages; every state change that returned TRUE is
 * kept; at most one application (the enqueue in flight) is there that was not acknowledged, and
 * it is complete. Then the store must accept a new application.
 *
 * SEWA_POWERLOSS_POINTS caps the crash points per starting point (default: all of them with
 * slow_tests, otherwise 110 each, 330 in all). Warnings from the crashed store (failed close,
 * failed vacuum) are expected, so only criticals are fatal here.
 */
#include "sewa-crashvfs.h"
#include "sewa-store.h"
#include "sewa-store-private.h"
#include "store-test-util.h"

#include <stdlib.h>
#include <unistd.h>

#define MAX_PAGES 4

typedef enum { PURGE_NO, PURGE_MAYBE, PURGE_YES } PurgeState;

typedef struct
{
  char *id;
  char *reference; /* printed on the citizen's receipt: never issued again */
  guint form_n;
  guint n_pages;
  guint page_seed[MAX_PAGES];
  gsize page_len[MAX_PAGES];
  SewaAppState confirmed; /* the last state a call returned TRUE for */
  SewaAppState inflight;  /* the state a call was trying to reach when the power went */
  PurgeState purge;
} Expected;

typedef struct
{
  GPtrArray *apps; /* Expected* */
  gboolean lease_inflight;
  guint next_form_n;
} Journal;

static void
expected_free (gpointer data)
{
  Expected *e = data;

  g_free (e->id);
  g_free (e->reference);
  g_free (e);
}

static Journal *
journal_new (void)
{
  Journal *j = g_new0 (Journal, 1);

  j->apps = g_ptr_array_new_with_free_func (expected_free);
  j->next_form_n = 1;
  return j;
}

static void
journal_free (Journal *j)
{
  g_ptr_array_unref (j->apps);
  g_free (j);
}

static Journal *
journal_copy (const Journal *src)
{
  Journal *j = journal_new ();

  for (guint i = 0; i < src->apps->len; i++)
    {
      Expected *e = g_memdup2 (g_ptr_array_index (src->apps, i), sizeof (Expected));

      e->id = g_strdup (e->id);
      e->reference = g_strdup (e->reference);
      g_ptr_array_add (j->apps, e);
    }
  j->next_form_n = src->next_form_n;
  return j;
}

static Expected *
journal_find (Journal *j, const char *id)
{
  for (guint i = 0; i < j->apps->len; i++)
    {
      Expected *e = g_ptr_array_index (j->apps, i);

      if (g_str_equal (e->id, id))
        return e;
    }
  return NULL;
}

/* Enqueues an application with n_pages pages; page 0 may reuse another page's bytes (dedup). */
static gboolean
enqueue (SewaStore *store, Journal *j, guint n_pages, guint shared_seed)
{
  SewaNewApplication app = test_application ();
  SewaNewPage pages[MAX_PAGES];
  g_autoptr (GPtrArray) bufs = g_ptr_array_new_with_free_func (g_free);
  Expected e = { 0 };
  g_autofree char *form = NULL;
  g_autoptr (GError) error = NULL;
  char *id = NULL;
  char *reference = NULL;

  e.form_n = j->next_form_n++;
  e.n_pages = n_pages;
  form = g_strdup_printf ("{\"applicant_name\":\"%s\",\"n\":%u}", TEST_NAME, e.form_n);
  app.form_json = form;
  for (guint i = 0; i < n_pages; i++)
    {
      e.page_seed[i] = (i == 0 && shared_seed != 0) ? shared_seed : e.form_n * 10 + i;
      e.page_len[i] = 1500 + 1700 * ((e.page_seed[i] + i) % 4);
      g_ptr_array_add (bufs, test_page_bytes (e.page_seed[i], e.page_len[i]));
      pages[i] = (SewaNewPage) { "doc", "X", "image/jpeg", g_ptr_array_index (bufs, i),
                                 e.page_len[i] };
    }
  if (!sewa_store_enqueue (store, &app, pages, n_pages, &id, &reference, &error))
    return FALSE;
  e.id = id;
  e.reference = reference;
  e.confirmed = e.inflight = SEWA_APP_QUEUED;
  g_ptr_array_add (j->apps, g_memdup2 (&e, sizeof e));
  return TRUE;
}

static Expected *
lease (SewaStore *store, Journal *j, gint64 now)
{
  g_autoptr (SewaAppRecord) app = NULL;
  Expected *e;

  j->lease_inflight = TRUE;
  if (!sewa_store_lease_next (store, now, 60, &app, NULL) || app == NULL)
    return NULL;
  j->lease_inflight = FALSE;
  e = journal_find (j, app->id);
  g_assert_nonnull (e);
  e->confirmed = e->inflight = app->state;
  return e;
}

typedef gboolean (*MarkFunc) (SewaStore *store, Expected *e, gint64 now);

static gboolean
step (SewaStore *store, Expected *e, SewaAppState to, gboolean ok)
{
  if (ok)
    e->confirmed = to;
  return ok;
}

static gboolean
submit_and_ack (SewaStore *store, Expected *e, gint64 now)
{
  g_autofree char *arn = g_strdup_printf ("ARN-%u", e->form_n);

  e->inflight = SEWA_APP_SUBMITTED;
  if (!step (store, e, SEWA_APP_SUBMITTED,
             sewa_store_mark_submitted (store, e->id, arn, now, NULL)))
    return FALSE;
  e->inflight = SEWA_APP_ACKNOWLEDGED;
  return step (store, e, SEWA_APP_ACKNOWLEDGED, sewa_store_mark_acknowledged (store, e->id, NULL));
}

static gboolean
purge (SewaStore *store, Journal *j, gint64 now)
{
  gboolean ok;

  for (guint i = 0; i < j->apps->len; i++)
    {
      Expected *e = g_ptr_array_index (j->apps, i);

      if (e->confirmed == SEWA_APP_ACKNOWLEDGED && e->purge == PURGE_NO && e->n_pages > 0)
        e->purge = PURGE_MAYBE;
    }
  ok = sewa_store_purge_documents (store, now + 40 * 86400, 30, NULL, NULL);
  for (guint i = 0; ok && i < j->apps->len; i++)
    {
      Expected *e = g_ptr_array_index (j->apps, i);

      if (e->purge == PURGE_MAYBE)
        e->purge = PURGE_YES;
    }
  return ok;
}

/* The workload; stops at the first failure (after a power cut every call fails). */
static void
workload (const char *dir, Journal *j, const char *vfs)
{
  SewaStoreOptions opts = { .state_dir = dir, .create_key = TRUE, .vfs_name = vfs };
  g_autoptr (SewaStore) store = sewa_store_open_full (&opts, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC + 1;
  Expected *x, *y, *z;
  guint first_new;

  if (store == NULL)
    return;
  first_new = j->apps->len;
  if (!enqueue (store, j, 2, 0) || !enqueue (store, j, 0, 0) || !enqueue (store, j, 3, 0))
    return;
  /* Shares its first page with the first application of this run. */
  if (!enqueue (store, j, 1, ((Expected *) g_ptr_array_index (j->apps, first_new))->page_seed[0]))
    return;

  x = lease (store, j, now);
  if (x == NULL || !submit_and_ack (store, x, now))
    return;
  y = lease (store, j, now);
  if (y == NULL)
    return;
  y->inflight = SEWA_APP_QUEUED;
  if (!step (store, y, SEWA_APP_QUEUED, sewa_store_mark_retry (store, y->id, now + 3600, "timeout", NULL)))
    return;
  z = lease (store, j, now);
  if (z == NULL)
    return;
  z->inflight = SEWA_APP_QUARANTINED;
  if (!step (store, z, SEWA_APP_QUARANTINED, sewa_store_quarantine (store, z->id, "conflict", NULL)))
    return;
  if (!purge (store, j, now))
    return;
  if (!enqueue (store, j, 1, 0))
    return;
  if (!sewa_store_set_page_upload (store, ((Expected *) g_ptr_array_index (j->apps, first_new))->id,
                                   1, "upload-1", 1000, NULL))
    return;
  sewa_store_close (store);
}

static void
copy_dir (const char *from, const char *to)
{
  g_autoptr (GDir) d = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (src, &data, &len, NULL));
      g_assert_true (g_file_set_contents_full (dst, data, (gssize) len,
                                               G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
    }
}

static void
assert_sqlite_ok (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "queue.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gboolean
state_ok (const Expected *e, const Journal *j, SewaAppState actual)
{
  if (actual == e->confirmed || actual == e->inflight)
    return TRUE;
  /* A lease in flight may have taken any due application. */
  return j->lease_inflight && e->confirmed == SEWA_APP_QUEUED && actual == SEWA_APP_UPLOADING;
}

static void
verify (const char *dir, const Journal *j)
{
  SewaStoreOptions opts = { .state_dir = dir, .create_key = TRUE };
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStore) store = NULL;
  g_autoptr (GPtrArray) all = NULL;
  guint unknown = 0;

  assert_sqlite_ok (dir);
  store = sewa_store_open_full (&opts, &error);
  g_assert_no_error (error);
  test_assert_healthy (store);

  for (guint i = 0; i < j->apps->len; i++)
    {
      const Expected *e = g_ptr_array_index (j->apps, i);
      g_autoptr (SewaAppRecord) app = sewa_store_get (store, e->id, TRUE, &error);
      g_autofree char *n = g_strdup_printf ("\"n\":%u}", e->form_n);
      gboolean purged;

      g_assert_no_error (error);
      g_assert_nonnull (strstr (app->form_json, n));
      g_assert_cmpuint (app->n_pages, ==, e->n_pages);
      g_assert_cmpuint (app->pages->len, ==, e->n_pages);
      if (!state_ok (e, j, app->state))
        g_error ("application %u: state %s, expected %s or %s", e->form_n,
                 sewa_app_state_to_string (app->state), sewa_app_state_to_string (e->confirmed),
                 sewa_app_state_to_string (e->inflight));
      purged = app->pages_purged_at != 0;
      if (e->purge == PURGE_YES)
        g_assert_true (purged);
      if (e->purge == PURGE_NO)
        g_assert_false (purged);
      for (guint p = 0; p < app->pages->len; p++)
        {
          SewaAppPage *page = g_ptr_array_index (app->pages, p);
          g_autofree guint8 *want = test_page_bytes (e->page_seed[p], e->page_len[p]);
          g_autoptr (GBytes) got = NULL;

          g_assert_cmpint (page->purged, ==, purged);
          g_assert_cmpint (page->size, ==, (gint64) e->page_len[p]);
          if (purged)
            continue;
          got = sewa_store_read_page (store, page->sha256, &error);
          g_assert_no_error (error);
          g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), want,
                           e->page_len[p]);
        }
    }

  /* Nothing else, except possibly the one enqueue that was in flight (complete, as checked). */
  all = sewa_store_list (store, -1, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    if (journal_find ((Journal *) j, ((SewaAppRecord *) g_ptr_array_index (all, i))->id) == NULL)
      unknown++;
  g_assert_cmpuint (unknown, <=, 1);

  /* And it still works (the store opened: it is not behind its reference mark), without handing
   * out a reference an acknowledged enqueue returned, nor the one in flight (its mark may have
   * been written before the power went: that number is skipped). */
  {
    SewaNewApplication app = test_application ();
    g_autofree char *reference = NULL;

    g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, NULL, &reference, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < j->apps->len; i++)
      g_assert_cmpstr (((const Expected *) g_ptr_array_index (j->apps, i))->reference, !=,
                       reference);
  }
}

typedef struct
{
  const char *name;
  char *template_dir;
  Journal *journal;
} Start;

static void
make_starts (Start starts[3])
{
  g_autoptr (GError) error = NULL;

  starts[0] = (Start) { "empty", test_state_dir (), journal_new () };

  /* A schema-1 database with two applications. */
  starts[1] = (Start) { "schema-1", test_state_dir (), journal_new () };
  {
    SewaStoreOptions opts = { .state_dir = starts[1].template_dir, .create_key = TRUE,
                              .max_schema_version = 1 };
    g_autoptr (SewaStore) store = sewa_store_open_full (&opts, &error);

    g_assert_no_error (error);
    starts[1].journal->next_form_n = 1000;
    g_assert_true (enqueue (store, starts[1].journal, 2, 0));
    g_assert_true (enqueue (store, starts[1].journal, 1, 0));
  }

  /* A busy schema-2 database: one acknowledged (its pages go at the purge), one queued. */
  starts[2] = (Start) { "busy", test_state_dir (), journal_new () };
  {
    g_autoptr (SewaStore) store = test_open (starts[2].template_dir);
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    Expected *e;

    starts[2].journal->next_form_n = 2000;
    g_assert_true (enqueue (store, starts[2].journal, 2, 0));
    g_assert_true (enqueue (store, starts[2].journal, 3, 0));
    e = lease (store, starts[2].journal, now);
    g_assert_true (submit_and_ack (store, e, now));
  }
}

static guint
points_per_start (void)
{
  const char *env = g_getenv ("SEWA_POWERLOSS_POINTS");

  if (env != NULL)
    return (guint) atoi (env);
  return g_test_slow () ? G_MAXUINT : 110;
}

static void
test_power_loss (void)
{
  Start starts[3];
  guint total_crashes = 0;
  guint cap = points_per_start ();

  sewa_crashvfs_register ();
  make_starts (starts);

  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    {
      guint64 ops;
      guint crashes = 0;
      guint n_points;

      /* Count the workload's mutating calls. */
      {
        g_autofree char *dir = test_state_dir ();
        Journal *j = journal_copy (starts[s].journal);

        copy_dir (starts[s].template_dir, dir);
        sewa_crashvfs_arm (0, SEWA_CRASHVFS_DISCARD_ALL, 0);
        workload (dir, j, SEWA_CRASHVFS_NAME);
        ops = sewa_crashvfs_op_count ();
        g_assert_cmpuint (j->apps->len, ==, starts[s].journal->apps->len + 5);
        verify (dir, j);
        journal_free (j);
        test_rm_rf (dir);
      }
      g_assert_cmpuint (ops, >, 20);

      n_points = (guint) MIN ((guint64) cap, ops);
      for (guint k = 0; k < n_points; k++)
        {
          /* Spread the points over the whole workload when capped. */
          guint64 at = 1 + (guint64) k * ops / n_points;
          SewaCrashMode mode = k % 2 == 0 ? SEWA_CRASHVFS_DISCARD_ALL : SEWA_CRASHVFS_RANDOM_SUBSET;
          g_autofree char *dir = test_state_dir ();
          Journal *j = journal_copy (starts[s].journal);

          copy_dir (starts[s].template_dir, dir);
          sewa_crashvfs_arm (at, mode, g_test_rand_int ());
          workload (dir, j, SEWA_CRASHVFS_NAME);
          if (sewa_crashvfs_crashed ())
            crashes++;
          sewa_crashvfs_arm (0, SEWA_CRASHVFS_DISCARD_ALL, 0);
          verify (dir, j);
          journal_free (j);
          test_rm_rf (dir);
        }
      g_test_message ("start '%s': %" G_GUINT64_FORMAT " mutating I/O calls, %u power cuts",
                      starts[s].name, ops, crashes);
      total_crashes += crashes;
      journal_free (starts[s].journal);
      test_rm_rf (starts[s].template_dir);
      g_free (starts[s].template_dir);
    }
  g_test_message ("power cuts survived: %u", total_crashes);
  if (cap >= 100)
    g_assert_cmpuint (total_crashes, >=, 300);
}

static void
test_disk_full (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStoreOptions opts = { .state_dir = dir, .create_key = TRUE, .vfs_name = SEWA_CRASHVFS_NAME };
  g_autoptr (GError) error = NULL;
  SewaStore *store;
  Journal *j = journal_new ();
  SewaNewApplication app = test_application ();
  gsize big = 300 * 1024;
  g_autofree guint8 *b0 = test_page_bytes (4242, big);
  SewaNewPage pages[] = { { "d", NULL, "image/jpeg", b0, big }, { "d", NULL, "image/jpeg", b0, big } };
  g_autofree char *id = NULL;
  g_autofree char *db_path = g_build_filename (dir, "queue.db", NULL);
  g_autofree char *wal_path = g_build_filename (dir, "queue.db-wal", NULL);
  GStatBuf db_st, wal_st;

  sewa_crashvfs_register ();
  sewa_crashvfs_arm (0, SEWA_CRASHVFS_DISCARD_ALL, 0);
  store = sewa_store_open_full (&opts, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_true (enqueue (store, j, 2, 0));

  /* The disk fills up: only 64 KB more fit. A 300 KB page does not. */
  g_assert_cmpint (g_stat (db_path, &db_st), ==, 0);
  g_assert_cmpint (g_stat (wal_path, &wal_st), ==, 0);
  sewa_crashvfs_set_quota (db_st.st_size + wal_st.st_size + 64 * 1024);
  pages[1].data = test_page_bytes (4243, big);
  g_assert_false (sewa_store_enqueue (store, &app, pages, 2, &id, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_nonnull (strstr (error->message, "not saved"));
  g_assert_null (id);
  g_clear_error (&error);
  /* Small things (an audit line) may still fit; the store stays usable. */
  g_assert_true (sewa_store_get_counts (store, &(SewaQueueCounts) { 0 }, &error));
  g_assert_no_error (error);

  /* Space is freed: the next enqueue works, and everything before is intact. */
  sewa_crashvfs_set_quota (-1);
  g_assert_true (sewa_store_enqueue (store, &app, pages, 2, &id, NULL, &error));
  g_assert_no_error (error);
  g_free ((gpointer) pages[1].data);
  g_assert_finalize_object (store);
  verify (dir, j);
  journal_free (j);
  test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  /* The crash VFS decides what is durable, so real fsyncs only slow this test down: keep its
   * files on tmpfs when there is one. */
  if (g_getenv ("SEWA_TEST_KEEP_TMPDIR") == NULL && g_access ("/dev/shm", W_OK) == 0)
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
  g_test_init (&argc, &argv, NULL);
  /* A store whose disk vanished logs warnings as it closes; those are expected here. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_test_add_func ("/store/powerloss/every-io-call", test_power_loss);
  g_test_add_func ("/store/faults/disk-full-enospc", test_disk_full);
  return g_test_run ();
}
