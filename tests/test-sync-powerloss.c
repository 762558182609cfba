/* test-sync-powerloss.c — power cuts while the sync engine drains the outbox.
 *
 * The engine group-commits its progress (sewa-store.h, batches): most batches are committed
 * without an fsync, made durable every 100 ms, when the engine goes idle, and before any request
 * that depends on them (the chunks of a freshly created upload). This test holds it to the
 * guarantee that makes that safe: a power cut at any I/O call of the store while the engine runs
 * (through the crash VFS, sewa-crashvfs.h, alternately dropping every unsynced write or a random
 * subset of them) leaves a store that passes sewa_store_check, and a second engine run on it ends
 * with the portal holding every application exactly once, every page hash-verified, and the
 * page bytes the portal read bounded by the page bytes plus one chunk per application in flight
 * at the cut (uploads resume: an upload is never lost and restarted from zero).
 *
 * Each crash point runs against a fresh portal-sim and a fresh store. SEWA_SYNC_POWERLOSS_POINTS
 * sets the number of crash points (default 24; 120 with slow tests).
 */
#include "sewa-crashvfs.h"
#include "sync-test-util.h"

#include <stdio.h>
#include <stdlib.h>

#define N_APPS 10
#define CHUNK 16384
#define PARALLEL 3

typedef struct
{
  TestSim *sim;
  char *dir;
  guint64 page_bytes;
} Setup;

/* A fresh portal, an enrolled store with N_APPS applications (some metadata-only, some with one
 * or two pages of a few chunks), closed again. */
static void
setup (Setup *s)
{
  g_autoptr (SewaStore) store = NULL;

  s->sim = test_sim_start (NULL);
  s->dir = test_state_dir ();
  s->page_bytes = 0;
  store = test_store_new (s->dir);
  test_enrol (s->sim, store, s->dir);
  for (guint i = 0; i < N_APPS; i++)
    {
      guint n_pages = i % 3;
      gsize size = 30000 + 1531 * i;

      g_free (test_enqueue (store, i, n_pages, size, 0, NULL));
      s->page_bytes += n_pages * size;
    }
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
teardown (Setup *s)
{
  test_sim_stop (s->sim);
  test_rm_rf (s->dir);
  g_free (s->dir);
}

/* Runs the engine until the queue is drained; FALSE with @error when it stopped (the cut). */
static gboolean
drain (SewaStore *store, const char *dir, GError **error)
{
  SewaSyncOptions o = { 0 };
  g_autoptr (SewaSync) sync = NULL;

  o.state_dir = dir;
  o.parallelism = PARALLEL;
  o.chunk_bytes = CHUNK;
  o.heartbeat_seconds = G_MAXUINT;
  o.catalog_seconds = G_MAXUINT;
  sync = sewa_sync_new (store, &o);
  return sewa_sync_run_once (sync, 120, error);
}

/* One run on the crash VFS, cut at mutating call @at (0 = never). Returns the calls counted. */
static guint64
run_cut (Setup *s, guint64 at, SewaCrashMode mode, gboolean *out_crashed)
{
  g_autoptr (SewaStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;
  guint64 ops;

  /* Armed before the open: the opening itself is part of what a cut can hit. */
  sewa_crashvfs_arm (at, mode, g_test_rand_int ());
  store = test_store_open_vfs (s->dir, SEWA_CRASHVFS_NAME);
  ok = drain (store, s->dir, &error);
  ops = sewa_crashvfs_op_count ();
  *out_crashed = sewa_crashvfs_crashed ();
  if (*out_crashed)
    {
      /* The engine must notice and stop with a store error, not carry on sending. */
      g_assert_false (ok);
      g_assert_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_STORE);
    }
  else
    g_assert_no_error (error);
  g_clear_object (&store);
  sewa_crashvfs_arm (0, SEWA_CRASHVFS_DISCARD_ALL, 0);
  return ops;
}

/* After the cut: the store is sound, and a second engine finishes the job exactly once. */
static void
check_after (Setup *s, guint64 at)
{
  g_autoptr (SewaStore) store = test_store_open_vfs (s->dir, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStoreCheckReport) report = NULL;
  guint64 page_bytes = 0, received;

  report = sewa_store_check (store, SEWA_STORE_CHECK_ALL, &error);
  g_assert_no_error (error);
  if (report->problems->len > 0)
    g_error ("cut at %" G_GUINT64_FORMAT ": %s", at, (char *) report->problems->pdata[0]);
  if (!drain (store, s->dir, &error))
    g_error ("cut at %" G_GUINT64_FORMAT ": the second run failed: %s", at, error->message);
  g_assert_cmpuint (test_check_exactly_once (s->sim, store, &page_bytes, 0), ==, N_APPS);
  g_assert_cmpuint (page_bytes, ==, s->page_bytes);
  received = (guint64) test_sim_count (s->sim, "upload_bytes_received");
  g_assert_cmpuint (received, >=, page_bytes);
  if (received > page_bytes + (guint64) PARALLEL * CHUNK)
    g_error ("cut at %" G_GUINT64_FORMAT ": the portal read %" G_GUINT64_FORMAT
             " bytes for %" G_GUINT64_FORMAT " page bytes (bound: + %u chunks)",
             at, received, page_bytes, PARALLEL);
}

static void
test_power_cut_while_syncing (void)
{
  const char *env = g_getenv ("SEWA_SYNC_POWERLOSS_POINTS");
  guint points = env ? (guint) atoi (env) : g_test_slow () ? 120 : 24;
  guint64 total;
  guint crashed_runs = 0, clean_runs = 0;
  Setup s;

  /* How many mutating I/O calls one whole drain makes (it varies a little with the timing). */
  setup (&s);
  {
    gboolean crashed = FALSE;

    total = run_cut (&s, 0, SEWA_CRASHVFS_DISCARD_ALL, &crashed);
    g_assert_false (crashed);
    check_after (&s, 0);
  }
  teardown (&s);
  g_assert_cmpuint (total, >, 20);

  for (guint i = 0; i < points; i++)
    {
      /* Spread over the whole drain, early points included. */
      guint64 at = 1 + (total * i) / points;
      SewaCrashMode mode = i % 2 ? SEWA_CRASHVFS_RANDOM_SUBSET : SEWA_CRASHVFS_DISCARD_ALL;
      gboolean crashed = FALSE;

      setup (&s);
      run_cut (&s, at, mode, &crashed);
      if (crashed)
        crashed_runs++;
      else
        clean_runs++;
      check_after (&s, at);
      teardown (&s);
    }
  printf ("# %u power cuts during the drain (%" G_GUINT64_FORMAT " I/O calls in a whole drain), "
          "%u runs finished before their cut point\n", crashed_runs, total, clean_runs);
  /* Nearly every point must really have cut the engine mid-drain. */
  g_assert_cmpuint (crashed_runs, >=, points * 3 / 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The crashed store warns (failed close, failed checkpoint); only criticals are fatal. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  sewa_crashvfs_register ();
  g_test_add_func ("/sync/powerloss/every-stage-of-a-drain", test_power_cut_while_syncing);
  return g_test_run ();
}
