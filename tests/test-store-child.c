/* test-store-child — a helper process for the store tests (not a test itself).
 *
 *   test-store-child work DIR FIRST_N SEED
 *     Opens the store in DIR, prints "READY", then forever: enqueues numbered applications
 *     (FIRST_N, FIRST_N+1, …) and moves them through the outbox states, printing each step so
 *     the parent (test-store-kill9) knows what was acknowledged when it SIGKILLs us:
 *       E <id> <n>         enqueue of application n returned TRUE
 *       L?                 lease_next called          L <id> <state>   it returned
 *       T <id> <state>     a transition to <state> called
 *       C <id> <state>     it returned TRUE
 *       P?                 retention purge called     P                it returned TRUE
 *
 *   test-store-child populate DIR COUNT
 *     Enqueues COUNT numbered applications, acknowledges the first and quarantines the second
 *     (for the kioskctl tests), prints "<id> <reference>" per application and exits.
 */
#include "sewa-store.h"
#include "store-test-util.h"

#include <stdio.h>
#include <stdlib.h>

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

static G_NORETURN void
die (const char *what, GError *error)
{
  fprintf (stderr, "test-store-child: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
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

static int
work (const char *dir, guint n, guint32 seed)
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
  return 0;
}

static int
populate (const char *dir, guint count)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStore) store = sewa_store_open (dir, NULL, TRUE, &error);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (store == NULL)
    die ("open", error);
  for (guint i = 0; i < count; i++)
    {
      char *id = NULL;

      if (!test_enqueue_numbered (store, i + 1, &id, &error))
        die ("enqueue", error);
      g_ptr_array_add (ids, id);
    }
  if (count >= 1)
    {
      g_autoptr (SewaApplication) app = NULL;

      if (!sewa_store_lease_next (store, now_s () + 1, 30, &app, &error) || app == NULL ||
          !sewa_store_mark_submitted (store, app->id, "PB/2026/000123", now_s (), &error) ||
          !sewa_store_mark_acknowledged (store, app->id, &error))
        die ("acknowledge", error);
    }
  if (count >= 2 && !sewa_store_quarantine (store, g_ptr_array_index (ids, 1),
                                            "portal conflict (409)", &error))
    die ("quarantine", error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (SewaApplication) app = sewa_store_get (store, g_ptr_array_index (ids, i), FALSE,
                                                        &error);
      if (app == NULL)
        die ("get", error);
      say ("%s %s", app->id, app->reference);
    }
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "work"))
    return work (argv[2], (guint) atoi (argv[3]), (guint32) strtoul (argv[4], NULL, 10));
  if (argc == 4 && g_str_equal (argv[1], "populate"))
    return populate (argv[2], (guint) atoi (argv[3]));
  fprintf (stderr, "usage: test-store-child work DIR FIRST_N SEED | populate DIR COUNT\n");
  return 2;
}
