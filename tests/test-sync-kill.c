/* kill -9 during sync: `kioskctl sync --once` is killed at random moments while it drains the
 * queue into portal-sim, again and again; then one run finishes the job. The portal must hold
 * every application exactly once with every page hash-verified, and resumable uploads must
 * bound the bytes sent twice: total bytes the portal read <= page bytes + one chunk per kill
 * (one application in flight at a time, so one kill interrupts at most one chunk). */
#include "sync-test-util.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#define CHUNK 16384

/* Plain fork/exec and waitpid: the test needs "has it exited yet?" without a main loop. */
static GPid
spawn_sync (const char *kioskctl, const char *dir)
{
  g_autoptr (GError) error = NULL;
  const char *argv[] = { kioskctl, "--state-dir", dir, "sync", "--once", "--parallel", "1",
                         "--chunk", G_STRINGIFY (CHUNK), "--retry-base-ms", "20",
                         "--retry-cap-ms", "200", "--timeout", "300", NULL };
  GPid pid = 0;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                  | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

static void
test_kill_during_sync (void)
{
  gboolean slow = g_getenv ("SEWA_SLOW_TESTS") != NULL;
  guint n_apps = slow ? 300 : 40;
  guint want_kills = slow ? 120 : 25;
  g_autofree char *dir = test_state_dir ();
  g_autofree char *kioskctl = NULL;
  g_autoptr (SewaStore) store = test_store_new (dir);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261130);
  g_autoptr (GError) error = NULL;
  TestSim *sim = test_sim_start (NULL);
  guint64 page_bytes = 0, received;
  guint kills = 0, finished_early = 0;

  test_build_path ("kioskctl/kioskctl", &kioskctl);
  /* Enrol through the command line, as a technician would. */
  {
    g_autofree char *token = test_sim_token (sim);
    g_autofree char *out = NULL;
    const char *argv_enrol[] = { kioskctl, "--state-dir", dir, "enrol", "--portal", sim->url,
                                 "--token", token, "--centre", SIM_CENTRE, "--kiosk",
                                 G_STRINGIFY (SIM_KIOSK), NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv_enrol, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &out, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_str_has_prefix (out, "enrolled\tdevice=dev_"));
  }
  for (guint i = 0; i < n_apps; i++)
    g_free (test_enqueue (store, i, 1 + i % 3, 40000 + 977 * (i % 13), 0, NULL));
  /* 60 ms on every request, so one run drains only an application or two before its kill,
   * however fast the machine: the kills must land while the queue drains. */
  {
    g_autoptr (JsonObject) r = test_sim_admin (sim, "PUT", "/admin/faults",
                                               "{\"rate\": 1.0, \"kinds\": [\"latency\"], "
                                               "\"latency_ms\": 60, \"seed\": 1}");
  }

  while (kills < want_kills)
    {
      GPid pid = spawn_sync (kioskctl, dir);
      /* A random moment, unless it exits by itself first (the queue drained). */
      gint64 deadline = g_get_monotonic_time () + g_rand_int_range (rand, 150, 700) * 1000;
      int status = 0;
      pid_t got = 0;

      while (got == 0 && g_get_monotonic_time () < deadline)
        {
          g_usleep (2000);
          got = waitpid (pid, &status, WNOHANG);
        }
      if (got == pid)
        {
          finished_early++;
          break;
        }
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      kills++;
    }

  /* The kills landed while draining: some but not all applications got through. */
  {
    g_autoptr (GPtrArray) done = sewa_store_list (store, SEWA_APP_SUBMITTED, FALSE, &error);

    g_assert_no_error (error);
    printf ("# %u of %u applications submitted when the kills stopped\n", done->len, n_apps);
    g_assert_cmpuint (done->len, >, 0);
    g_assert_cmpuint (done->len, <, n_apps);
  }

  /* One run to the end, at full speed. */
  {
    g_autoptr (JsonObject) r = test_sim_admin (sim, "PUT", "/admin/faults", "{\"rate\": 0}");
    GPid pid = spawn_sync (kioskctl, dir);
    int status = 0;

    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  }

  g_assert_cmpuint (test_check_exactly_once (sim, store, &page_bytes, 0), ==, n_apps);
  {
    g_autofree char *out = NULL;
    const char *argv_status[] = { kioskctl, "--state-dir", dir, "sync", "status", NULL };
    g_autofree char *want = g_strdup_printf ("pending=%u ", n_apps);
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv_status, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &out, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "enrolled=yes"));
    g_assert_nonnull (strstr (out, "paused=no"));
    g_assert_nonnull (strstr (out, want)); /* submitted, awaiting the portal's decision */
  }
  received = (guint64) test_sim_count (sim, "upload_bytes_received");
  {
    guint n_pages = 0;

    for (guint i = 0; i < n_apps; i++)
      n_pages += 1 + i % 3;
    /* Uploads beyond the pages are ones created just before a kill and never used (no bytes). */
    printf ("# %u pages, %" G_GINT64_FORMAT " uploads created on the portal\n", n_pages,
            test_sim_count (sim, "uploads"));
  }
  printf ("# kill -9: %u kills, %u applications, page bytes %" G_GUINT64_FORMAT
          ", bytes the portal read %" G_GUINT64_FORMAT " (re-sent %" G_GUINT64_FORMAT
          "), bound page bytes + %u x %u = %" G_GUINT64_FORMAT "\n",
          kills, n_apps, page_bytes, received, received - page_bytes, kills, CHUNK,
          page_bytes + (guint64) kills * CHUNK);
  g_assert_cmpuint (received, >=, page_bytes);
  g_assert_cmpuint (received, <=, page_bytes + (guint64) kills * CHUNK);
  /* The run must really have been interrupted, not have finished before the first kill. */
  g_assert_cmpuint (kills, ==, want_kills);
  g_assert_cmpuint (finished_early, ==, 0);

  test_sim_stop (sim);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
}

/* A catalog refresh killed while the new catalog trickles in leaves the old one intact. */
static void
test_kill_during_catalog_refresh (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autofree char *kioskctl = NULL;
  g_autoptr (SewaStore) store = test_store_new (dir);
  g_autoptr (GBytes) old = g_bytes_new_static ("{\"services\":[]}", strlen ("{\"services\":[]}"));
  g_autoptr (GError) error = NULL;
  TestSim *sim = test_sim_start (NULL);
  const char *argv_cat[] = { NULL, "--state-dir", dir, "sync", "catalog", NULL };

  test_build_path ("kioskctl/kioskctl", &kioskctl);
  argv_cat[0] = kioskctl;
  test_enrol (sim, store, dir);
  g_assert_true (sewa_store_catalog_put (store, "\"old\"", old, &error));
  test_sim_set_faults (sim, 1.0, "slow", 5, 1);

  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *etag = NULL;
      g_autoptr (GBytes) cached = NULL;
      GPid pid = 0;
      int status = 0;

      g_assert_true (g_spawn_async (NULL, (char **) argv_cat, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                      | G_SPAWN_STDERR_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_usleep ((300 + 200 * round) * 1000);
      g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0); /* still receiving */
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (sewa_store_catalog_get (store, &etag, &cached, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (etag, ==, "\"old\"");
      g_assert_true (g_bytes_equal (cached, old));
    }

  /* Without the trickle the refresh completes and swaps the new catalog in. */
  test_sim_set_faults (sim, 0.0, "slow", 5, 1);
  {
    g_autofree char *etag = NULL;
    g_autoptr (GBytes) cached = NULL;
    GPid pid = 0;
    int status = 0;

    g_assert_true (g_spawn_async (NULL, (char **) argv_cat, NULL,
                                  G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                    | G_SPAWN_STDERR_TO_DEV_NULL,
                                  NULL, NULL, &pid, &error));
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    g_assert_true (sewa_store_catalog_get (store, &etag, &cached, &error));
    g_assert_cmpstr (etag, !=, "\"old\"");
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (cached, NULL),
                                    (gssize) g_bytes_get_size (cached), "pb-test-sync"));
  }

  test_sim_stop (sim);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
}


/* `kioskctl sync --daemon`: the headless engine keeps a kiosk's queue moving on its own. It finds
 * work enqueued by another process on its timer, sends heartbeats, rides out the portal going
 * away and coming back, and on SIGTERM releases its leases and lock and exits 0 with a summary. */
static gboolean
daemon_wait (TestSim *sim, const char *counter, gint64 want, gint64 timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (test_sim_count (sim, counter) >= want)
        return TRUE;
      g_usleep (50000);
    }
  return FALSE;
}

static void
test_daemon (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autofree char *db = g_build_filename (dir, "portal.db", NULL);
  g_autofree char *out_path = g_build_filename (dir, "daemon.out", NULL);
  g_autofree char *kioskctl = NULL;
  g_autofree char *out = NULL;
  g_autoptr (SewaStore) store = test_store_new (dir);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) daemon_proc = NULL;
  g_autoptr (GError) error = NULL;
  guint port = test_free_port ();
  TestSim *sim = test_sim_on_port (port, db);

  test_build_path ("kioskctl/kioskctl", &kioskctl);
  test_enrol (sim, store, dir);
  {
    const char *argv[] = { kioskctl, "--state-dir", dir, "sync", "--daemon", "--timer", "1",
                           "--heartbeat", "1", "--retry-base-ms", "200", "--retry-cap-ms",
                           "1000", "--no-jitter", NULL };

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
    g_subprocess_launcher_set_child_setup (launcher, test_sim_child_setup, NULL, NULL);
    daemon_proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
    g_assert_no_error (error);
  }

  /* Applications enqueued by this process (as the kiosk UI would) reach the portal. */
  for (guint i = 0; i < 5; i++)
    g_free (test_enqueue (store, i, i % 2, 20000, 0, NULL));
  g_assert_true (daemon_wait (sim, "applications", 5, 30));
  g_assert_true (daemon_wait (sim, "heartbeats", 1, 30));

  /* The portal goes away; two more applications wait; the portal comes back and gets them. */
  test_sim_stop (sim);
  for (guint i = 5; i < 7; i++)
    g_free (test_enqueue (store, i, 1, 20000, 0, NULL));
  g_usleep (2500 * 1000); /* the daemon finds them and the portal unreachable */
  sim = test_sim_on_port (port, db);
  g_assert_true (daemon_wait (sim, "applications", 7, 30));

  g_subprocess_send_signal (daemon_proc, SIGTERM);
  g_assert_true (g_subprocess_wait (daemon_proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (daemon_proc));
  g_assert_cmpint (g_subprocess_get_exit_status (daemon_proc), ==, 0);
  g_assert_true (g_file_get_contents (out_path, &out, NULL, &error));
  g_assert_nonnull (strstr (out, "state=stopped"));
  g_assert_nonnull (strstr (out, "pending=7 ")); /* submitted, awaiting the portal's decision */
  g_assert_nonnull (strstr (out, "submitted=7 "));
  g_assert_cmpuint (test_check_exactly_once (sim, store, NULL, 0), ==, 7);

  /* It let go of the store: another engine can take it at once. */
  {
    const char *argv[] = { kioskctl, "--state-dir", dir, "sync", "--once", "--timeout", "30",
                           NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  test_sim_stop (sim);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  g_test_add_func ("/sync-kill/kill-during-sync", test_kill_during_sync);
  g_test_add_func ("/sync-kill/kill-during-catalog-refresh", test_kill_during_catalog_refresh);
  g_test_add_func ("/sync-kill/daemon", test_daemon);
  {
    int rc = g_test_run ();

    curl_global_cleanup ();
    return rc;
  }
}
