/* test-store-kill9.c — SIGKILL a process that is enqueueing and changing states, many times.
 *
 * Each round forks a child running the workload of store-test-child.h on the same state
 * directory, waits until it has opened the store and reported 0–4 further steps (or, one round
 * in six, not even that, to hit recovery and opening), lets it run for a random 0–15 ms more
 * and kills it with SIGKILL. The child prints every step that returned; the parent then checks:
 * integrity_check ok; the store opens; sewa_store_check finds nothing; every application whose
 * enqueue returned is present with its exact form and hash-verified pages; every state change
 * that returned is kept (or the one in flight happened); retention that returned took the
 * pages; and at most one application appeared that the child never reported (the enqueue in
 * flight), complete. The state directory is renewed every 20 rounds so checking stays fast.
 * SEWA_KILL9_ROUNDS overrides the number of rounds (200; 1000 with slow_tests).
 */
#include "sewa-store.h"
#include "sewa-store-private.h"
#include "store-test-child.h"
#include "store-test-util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef enum { PURGE_NO, PURGE_MAYBE, PURGE_YES } PurgeState;

typedef struct
{
  guint n;
  SewaAppState confirmed;
  SewaAppState inflight;
  PurgeState purge;
} Known;

typedef struct
{
  GHashTable *apps; /* id -> Known* */
  gboolean lease_inflight;
  guint next_n;
} Model;

static Known *
model_get (Model *m, const char *id)
{
  Known *k = g_hash_table_lookup (m->apps, id);

  g_assert_nonnull (k);
  return k;
}

static void
apply_line (Model *m, const char *line)
{
  g_auto (GStrv) f = g_strsplit (line, " ", -1);
  guint nf = g_strv_length (f);
  SewaAppState st;

  if (nf == 0)
    return;
  /* "READY", and log lines GLib's test framework prints to stdout in the forked child. */
  if (g_str_equal (f[0], "READY") || f[0][0] == '#')
    return;
  if (g_str_equal (f[0], "E") && nf == 3)
    {
      Known *k = g_new0 (Known, 1);

      k->n = (guint) atoi (f[2]);
      k->confirmed = k->inflight = SEWA_APP_QUEUED;
      g_hash_table_insert (m->apps, g_strdup (f[1]), k);
      m->next_n = MAX (m->next_n, k->n + 1);
    }
  else if (g_str_equal (f[0], "L?"))
    m->lease_inflight = TRUE;
  else if (g_str_equal (f[0], "L") && nf >= 2)
    {
      m->lease_inflight = FALSE;
      if (nf == 3)
        {
          Known *k = model_get (m, f[1]);

          g_assert_true (sewa_app_state_from_string (f[2], &st));
          k->confirmed = k->inflight = st;
        }
    }
  else if ((g_str_equal (f[0], "T") || g_str_equal (f[0], "C")) && nf == 3)
    {
      Known *k = model_get (m, f[1]);

      g_assert_true (sewa_app_state_from_string (f[2], &st));
      k->inflight = st;
      if (g_str_equal (f[0], "C"))
        k->confirmed = st;
    }
  else if (g_str_equal (f[0], "P?") || g_str_equal (f[0], "P"))
    {
      GHashTableIter it;
      gpointer value;

      g_hash_table_iter_init (&it, m->apps);
      while (g_hash_table_iter_next (&it, NULL, &value))
        {
          Known *k = value;

          if (k->confirmed == SEWA_APP_ACKNOWLEDGED && k->purge != PURGE_YES &&
              test_numbered_n_pages (k->n) > 0)
            k->purge = g_str_equal (f[0], "P") ? PURGE_YES : PURGE_MAYBE;
        }
    }
  else
    g_error ("unexpected line from the child: %s", line);
}

/* Reads what is available (or blocks up to timeout_ms for more); FALSE at EOF. */
static gboolean
read_some (int fd, GString *buf, int timeout_ms)
{
  struct pollfd pfd = { fd, POLLIN, 0 };
  char chunk[4096];
  ssize_t n;

  if (poll (&pfd, 1, timeout_ms) <= 0)
    return TRUE;
  n = read (fd, chunk, sizeof chunk);
  if (n < 0 && errno == EINTR)
    return TRUE;
  if (n <= 0)
    return FALSE;
  g_string_append_len (buf, chunk, n);
  return TRUE;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    if (*text == '\n')
      n++;
  return n;
}

static guint
adopt_and_reconcile (Model *m, SewaStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = sewa_store_list (store, -1, TRUE, &error);
  guint unknown = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SewaApplication *app = g_ptr_array_index (all, i);
      Known *k = g_hash_table_lookup (m->apps, app->id);

      if (k == NULL)
        {
          /* Committed, but killed before it could say so: fine, once, and complete. */
          const char *n = strstr (app->form_json, "\"n\":");

          g_assert_nonnull (n);
          k = g_new0 (Known, 1);
          k->n = (guint) atoi (n + 4);
          test_assert_numbered (store, app->id, k->n);
          g_hash_table_insert (m->apps, g_strdup (app->id), k);
          m->next_n = MAX (m->next_n, k->n + 1);
          unknown++;
        }
      k->confirmed = k->inflight = app->state;
      k->purge = app->pages_purged_at != 0 ? PURGE_YES : PURGE_NO;
    }
  m->lease_inflight = FALSE;
  return unknown;
}

static void
verify (const char *dir, Model *m)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStore) store = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *db = g_build_filename (dir, "queue.db", NULL);
  GHashTableIter it;
  gpointer key, value;

  if (g_file_test (db, G_FILE_TEST_EXISTS))
    {
      problems = sewa_store_check_file (db, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);
    }
  store = sewa_store_open (dir, NULL, TRUE, &error);
  g_assert_no_error (error);
  test_assert_healthy (store);

  g_hash_table_iter_init (&it, m->apps);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      Known *k = value;
      g_autoptr (SewaApplication) app = sewa_store_get (store, key, FALSE, &error);
      gboolean ok;

      g_assert_no_error (error);
      test_assert_numbered (store, key, k->n);
      ok = app->state == k->confirmed || app->state == k->inflight ||
           (m->lease_inflight && k->confirmed == SEWA_APP_QUEUED &&
            app->state == SEWA_APP_UPLOADING);
      if (!ok)
        g_error ("application %u: %s, expected %s or %s", k->n,
                 sewa_app_state_to_string (app->state), sewa_app_state_to_string (k->confirmed),
                 sewa_app_state_to_string (k->inflight));
      if (k->purge == PURGE_YES)
        g_assert_cmpint (app->pages_purged_at, !=, 0);
      else if (k->purge == PURGE_NO)
        g_assert_cmpint (app->pages_purged_at, ==, 0);
    }
  g_assert_cmpuint (adopt_and_reconcile (m, store), <=, 1);
}

static guint
rounds (void)
{
  const char *env = g_getenv ("SEWA_KILL9_ROUNDS");

  if (env != NULL)
    return (guint) atoi (env);
  return g_test_slow () ? 1000 : 200;
}

static void
test_kill9 (void)
{
  g_autofree char *dir = NULL;
  Model m = { 0 };
  guint n_rounds = rounds ();
  guint kills = 0, lines_total = 0, enqueues_seen = 0;

  for (guint round = 0; round < n_rounds; round++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GString) out = g_string_new (NULL);
      guint32 seed = g_test_rand_int ();
      int fds[2];
      g_auto (GStrv) lines = NULL;
      gboolean wait_ready = g_test_rand_int_range (0, 6) != 0;
      pid_t pid;
      int out_fd, status;

      if (round % 20 == 0)
        {
          if (dir != NULL)
            {
              test_rm_rf (dir);
              g_clear_pointer (&dir, g_free);
            }
          g_clear_pointer (&m.apps, g_hash_table_unref);
          m.apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          m.next_n = 1;
          dir = test_state_dir ();
        }
      /* fork without exec: the child is a separate process with its own SQLite connection,
       * which is all SIGKILL needs, and it skips the exec and sanitizer start-up that would
       * otherwise dominate the run time. The parent holds no store open at this point. */
      g_assert_cmpint (pipe (fds), ==, 0);
      fflush (NULL);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          dup2 (fds[1], STDOUT_FILENO);
          close (fds[1]);
          store_child_work (dir, m.next_n, seed);
        }
      close (fds[1]);
      out_fd = fds[0];
      if (wait_ready)
        {
          /* Let the child get some steps done first (a condition, so a loaded machine still
           * gives every round real work), then kill it at a random moment after that. */
          guint steps = (guint) g_test_rand_int_range (1, 6);
          gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

          while (count_lines (out->str) < steps)
            {
              g_assert_cmpint (g_get_monotonic_time (), <, deadline);
              g_assert_true (read_some (out_fd, out, 1000));
            }
        }
      /* The kill moment is the random variable here, not a wait for anything. Rounds that do
       * not wait kill early, while the store opens, recovers or migrates. */
      g_usleep ((gulong) g_test_rand_int_range (0, wait_ready ? 15000 : 5000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
        g_error ("the child exited by itself (status %d) instead of being killed", status);
      kills++;
      while (read_some (out_fd, out, 1000))
        ;
      close (out_fd);

      /* Only whole lines are steps that completed. */
      lines = g_strsplit (out->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
        {
          apply_line (&m, lines[i]);
          lines_total++;
          if (lines[i][0] == 'E')
            enqueues_seen++;
        }
      verify (dir, &m);
    }
  if (dir != NULL)
    test_rm_rf (dir);
  g_clear_pointer (&m.apps, g_hash_table_unref);
  g_test_message ("SIGKILLs survived: %u (steps reported %u, enqueues acknowledged %u)", kills,
                  lines_total, enqueues_seen);
  g_assert_cmpuint (kills, ==, n_rounds);
  /* The test is only meaningful if the child got real work done between kills. */
  g_assert_cmpuint (enqueues_seen, >, n_rounds / 5);
}

int
main (int argc, char **argv)
{
  /* SIGKILL loses nothing that reached the page cache, so tmpfs is as good as a disk here
   * and much faster. */
  if (g_access ("/dev/shm", W_OK) == 0)
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/kill9/random-moments", test_kill9);
  return g_test_run ();
}
