/* bench/audit-verify — `kioskctl audit verify` on a full day: 2,000 audit entries (a busy
 * kiosk's day: about 200 applications, each enqueued, sent, decided, plus operator actions).
 *
 * Figure: the time of sewa_store_audit_verify() (read every entry, recompute every SHA-256, check
 * every link), median of several runs, next to a baseline measured in the same run against the
 * same database: reading the same entries without checking them (sewa_store_audit_list()). The
 * ratio is what the chain check costs on top of reading the log. Target: a day verifies in under
 * a second.
 *
 * usage: audit-verify [--quick] [--entries N]
 *   --quick  200 entries, 3 runs (the test suite runs this so the bench cannot rot)
 */
#include "sewa-store.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
rm_rf (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  static const char *const actors[] = { "asha", "bilal", "" };
  static const char *const events[] = { "enqueued", "state", "operator.login", "payment.cash" };
  gboolean quick = FALSE;
  guint n_entries = 2000;
  guint runs = 9;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr (SewaStore) store = NULL;
  g_autofree double *verify_s = NULL;
  g_autofree double *list_s = NULL;
  double verify_med, list_med;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        quick = TRUE;
      else if (g_str_equal (argv[i], "--entries") && i + 1 < argc)
        n_entries = (guint) strtoul (argv[++i], NULL, 10);
      else
        {
          fprintf (stderr, "usage: audit-verify [--quick] [--entries N]\n");
          return 2;
        }
    }
  if (quick)
    {
      n_entries = 200;
      runs = 3;
    }

  dir = g_dir_make_tmp ("sewa-bench-audit-XXXXXX", &error);
  g_assert_no_error (error);
  store = sewa_store_open (dir, NULL, TRUE, &error);
  g_assert_no_error (error);
  /* One batch: the figure is about checking the log, not about writing it. */
  g_assert_true (sewa_store_batch_begin (store, &error));
  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *detail = g_strdup_printf ("{\"app\":\"%08x-0000-4000-8000-%012u\","
                                                 "\"to\":\"submitted\"}", i, i);

      if (!sewa_store_audit_as (store, actors[i % G_N_ELEMENTS (actors)],
                                events[i % G_N_ELEMENTS (events)], detail, &error))
        break;
    }
  g_assert_no_error (error);
  g_assert_true (sewa_store_batch_commit (store, TRUE, &error));

  verify_s = g_new0 (double, runs);
  list_s = g_new0 (double, runs);
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr (GPtrArray) entries = NULL;
      SewaAuditTamper result = SEWA_AUDIT_EDITED;
      guint n = 0;
      double t0 = now_s ();

      entries = sewa_store_audit_list (store, 0, 0, &error);
      g_assert_no_error (error);
      list_s[r] = now_s () - t0;
      t0 = now_s ();
      g_assert_true (sewa_store_audit_verify (store, &result, &n, NULL, NULL, &error));
      verify_s[r] = now_s () - t0;
      g_assert_no_error (error);
      g_assert_cmpint (result, ==, SEWA_AUDIT_INTACT);
      g_assert_cmpuint (n, ==, n_entries);
      g_assert_cmpuint (entries->len, ==, n_entries);
    }
  qsort (verify_s, runs, sizeof (double), cmp_double);
  qsort (list_s, runs, sizeof (double), cmp_double);
  verify_med = verify_s[runs / 2];
  list_med = list_s[runs / 2];

  printf ("audit verify, %u entries: %.1f ms (median of %u; fastest %.1f ms, slowest %.1f ms)\n",
          n_entries, verify_med * 1000, runs, verify_s[0] * 1000, verify_s[runs - 1] * 1000);
  printf ("baseline, reading the same entries unchecked: %.1f ms; ratio verify/read %.2f\n",
          list_med * 1000, list_med > 0 ? verify_med / list_med : 0);
  printf ("target: under 1000 ms for a day of 2,000 entries: %s\n",
          quick ? "(quick run, not measured)" : verify_med < 1.0 ? "met" : "NOT MET");

  g_clear_object (&store);
  rm_rf (dir);
  return !quick && verify_med >= 1.0 ? 1 : 0;
}
