/* store-test-child.h — the workload of the SIGKILL test's child process: shared by
 * test-store-child (the command-line helper) and test-store-kill9 (which forks it). See
 * test-store-child.c for the line protocol it prints. */
#pragma once

#include "sewa-store.h"
#include "store-test-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void
say (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* One write per line, flushed at once: a line the parent reads is a step that completed. */
static void
say (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

/* _exit, not exit: in a forked child, atexit handlers (and the leak checker) belong to the
 * parent. */
static G_NORETURN void
die (const char *what, GError *error)
{
  fprintf (stderr, "test-store-child: %s: %s\n", what, error != NULL ? error->message : "failed");
  fflush (stderr);
  _exit (1);
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
transition (SewaStore *store, const char *id, SewaAppState to, GRand *rand)
{
  g_autoptr (GError) error = NULL;
  const char *name = sewa_app_state_to_string (to);
  gboolean ok = FALSE;

  say ("T %s %s", id, name);
  switch (to)
    {
    case SEWA_APP_SUBMITTED:
      ok = sewa_store_mark_submitted (store, id, "ARN-X", now_s (), &error);
      break;
    case SEWA_APP_ACKNOWLEDGED:
      ok = sewa_store_mark_acknowledged (store, id, &error);
      break;
    case SEWA_APP_QUEUED:
      if (g_rand_boolean (rand))
        ok = sewa_store_mark_retry (store, id, now_s () + 100000, "timeout", &error);
      else
        ok = sewa_store_release_lease (store, id, &error);
      break;
    case SEWA_APP_QUARANTINED:
      ok = sewa_store_quarantine (store, id, "conflict", &error);
      break;
    case SEWA_APP_UPLOADING:
    case SEWA_APP_REJECTED:
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    die ("transition", error);
  say ("C %s %s", id, name);
}

static G_NORETURN void
store_child_work (const char *dir, guint n, guint32 seed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStore) store = sewa_store_open (dir, NULL, TRUE, &error);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  if (store == NULL)
    die ("open", error);
  say ("READY");
  for (guint iter = 0;; iter++, n++)
    {
      g_autofree char *id = NULL;
      g_autoptr (SewaApplication) app = NULL;
      guint r;

      if (!test_enqueue_numbered (store, n, &id, &error))
        die ("enqueue", error);
      say ("E %s %u", id, n);

      say ("L?");
      if (!sewa_store_lease_next (store, now_s (), 30, &app, &error))
        die ("lease", error);
      if (app == NULL)
        {
          say ("L -");
          continue;
        }
      say ("L %s %s", app->id, sewa_app_state_to_string (app->state));
      r = (guint) g_rand_int_range (rand, 0, 10);
      if (app->state == SEWA_APP_SUBMITTED || r < 6)
        {
          if (app->state != SEWA_APP_SUBMITTED)
            transition (store, app->id, SEWA_APP_SUBMITTED, rand);
          transition (store, app->id, SEWA_APP_ACKNOWLEDGED, rand);
        }
      else if (r < 9)
        transition (store, app->id, SEWA_APP_QUEUED, rand);
      else
        transition (store, app->id, SEWA_APP_QUARANTINED, rand);

      if (iter % 4 == 3)
        {
          say ("P?");
          if (!sewa_store_purge_documents (store, now_s () + 1, 0, NULL, &error))
            die ("purge", error);
          say ("P");
        }
    }
}

