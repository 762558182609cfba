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
 *
 *   test-store-child wal DIR KEEP EXTRA
 *     Enqueues KEEP applications and closes the store (its WAL folded into queue.db), then
 *     enqueues EXTRA more and exits without closing, so that they are only in queue.db-wal (as
 *     after a power cut); prints "<id> <reference>" per application.
 *
 *   test-store-child audit DIR COUNT
 *     Appends COUNT audit entries ("test.entry", detail "n=<i>"), by operators "asha" and
 *     "bilal" in turn (every third by the kiosk itself), and exits (for the audit tests).
 */
#include "store-test-child.h"

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
      g_autoptr (SewaAppRecord) app = NULL;

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
      g_autoptr (SewaAppRecord) app = sewa_store_get (store, g_ptr_array_index (ids, i), FALSE,
                                                        &error);
      if (app == NULL)
        die ("get", error);
      say ("%s %s", app->id, app->reference);
    }
  return 0;
}

static int
wal (const char *dir, guint keep, guint extra)
{
  g_autoptr (GError) error = NULL;
  SewaStore *store = sewa_store_open (dir, NULL, TRUE, &error);

  for (guint round = 0; round < 2; round++)
    {
      if (store == NULL)
        die ("open", error);
      for (guint i = 0; i < (round == 0 ? keep : extra); i++)
        {
          g_autofree char *id = NULL;
          g_autofree char *reference = NULL;
          SewaNewApplication app = test_application ();

          if (!sewa_store_enqueue (store, &app, NULL, 0, &id, &reference, &error))
            die ("enqueue", error);
          say ("%s %s", id, reference);
        }
      if (round == 0)
        {
          g_object_unref (store);
          store = sewa_store_open (dir, NULL, FALSE, &error);
        }
    }
  /* No close: the last applications stay in the WAL only. */
  _exit (0);
}

static int
audit (const char *dir, guint count)
{
  static const char *const actors[] = { "asha", "bilal", "" };
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStore) store = sewa_store_open (dir, NULL, TRUE, &error);

  if (store == NULL)
    die ("open", error);
  for (guint i = 1; i <= count; i++)
    {
      g_autofree char *detail = g_strdup_printf ("n=%u", i);

      if (!sewa_store_audit_as (store, actors[i % G_N_ELEMENTS (actors)], "test.entry", detail,
                                &error))
        die ("audit", error);
    }
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "work"))
    store_child_work (argv[2], (guint) atoi (argv[3]), (guint32) strtoul (argv[4], NULL, 10));
  if (argc == 4 && g_str_equal (argv[1], "populate"))
    return populate (argv[2], (guint) atoi (argv[3]));
  if (argc == 5 && g_str_equal (argv[1], "wal"))
    return wal (argv[2], (guint) atoi (argv[3]), (guint) atoi (argv[4]));
  if (argc == 4 && g_str_equal (argv[1], "audit"))
    return audit (argv[2], (guint) atoi (argv[3]));
  fprintf (stderr, "usage: test-store-child work DIR FIRST_N SEED | populate DIR COUNT | "
                   "wal DIR KEEP EXTRA | audit DIR COUNT\n");
  return 2;
}
