/* bench-review-wait — the citizen's added wait on the review screen (#17), from real journeys.
 *
 *   bench-review-wait [--quick] [--journeys N] [--think S]    (run under scripts/with-display)
 *
 * One kiosk (its own process on Xvfb, offline) takes N applications one after another through
 * the real-input harness (tests/ui/sewa-journey.h): a residence certificate with two generated
 * documents photographed on the stand (an electricity bill and a self-declaration, A5 pages
 * with text, so the OCR worker reads both), then Review, then Submit. On each review the
 * figures come from what the kiosk itself recorded (sewa_window_doc_checks_review_wait_ms(),
 * read through the test probe on the done screen): the budget the checks had (from the last
 * document kept to the Submit tap), the part of it they used (how long they ran after the
 * last document) and the wait Submit added (Submit waits, bounded, for checks still running;
 * 0 when they were done first).
 *
 * The harness taps Review as soon as the last document is kept, far faster than a citizen, who
 * looks at the documents list first: --think S stays S seconds on the documents screen before
 * tapping Review, the citizen's own time (a simulated citizen, not a synchronisation).
 * Reported: p50/p95/max of the wait, the budget had and used. Target: 0 ms at p95.
 * --quick (the suite): 2 journeys, to prove the bench works; figures from a release build.
 */
#include "sewa-journey.h"

#include <stdio.h>
#include <stdlib.h>

static int
dbl_cmp (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

static double
pct (GArray *v, double p)
{
  if (v->len == 0)
    return 0;
  qsort (v->data, v->len, sizeof (double), dbl_cmp);
  return g_array_index (v, double, MIN (v->len - 1, (guint) (p * (v->len - 1) + 0.5)));
}

static JsonObject *
prescrutiny_of (JsonObject *state)
{
  JsonObject *p = json_object_get_object_member (state, "prescrutiny");

  if (p == NULL)
    g_error ("the probe reports no \"prescrutiny\": a kiosk without the test probe's timings?");
  return p;
}

/* The review is showing and no document check is running. */
static gboolean
checks_answered (JsonObject *state, gpointer data)
{
  return g_strcmp0 (sewa_fingers_screen (state), "done") == 0
         && json_object_get_int_member (prescrutiny_of (state), "pending") == 0;
}

int
main (int argc, char **argv)
{
  gboolean quick = FALSE;
  guint journeys = 20;
  double think_s = 0;
  SewaLang lang = SEWA_LANG_EN;
  g_autofree char *finish = NULL;
  g_autoptr (GArray) waits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) budgets = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) used = g_array_new (FALSE, FALSE, sizeof (double));
  SewaJourney *j;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        quick = TRUE;
      else if (g_str_equal (argv[i], "--journeys") && i + 1 < argc)
        journeys = (guint) strtoul (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--think") && i + 1 < argc)
        think_s = g_ascii_strtod (argv[++i], NULL);
      else
        {
          g_printerr ("usage: bench-review-wait [--quick] [--journeys N] [--think S]\n");
          return 2;
        }
    }
  if (quick)
    journeys = 2;
  if (journeys == 0 || think_s < 0 || think_s > 600)
    {
      g_printerr ("bench-review-wait: --journeys must be at least 1 and --think 0-600 s\n");
      return 2;
    }
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  finish = g_strconcat ("=", sewa_journey_tr (lang, "Finish"), NULL);

  j = sewa_journey_new ("review-wait", FALSE);
  /* The camera hands out its photos in name order, round and round: the bill, then the
   * declaration, for every application. */
  sewa_journey_put_document_photo (j, "ELBIL", SEWA_LANG_EN, 0, "IMG_0001.JPG");
  sewa_journey_put_document_photo (j, "SLFDC", SEWA_LANG_EN, 0, "IMG_0002.JPG");
  /* The generated photos' scale on the stand; the idle reset kept out of the way of a loaded
   * machine's slow checks (as in test-ui-prescrutiny's document check). */
  sewa_journey_launch (j, "[camera]\nstand-scale=8.287\n[kiosk]\nidle-timeout=900\n");
  j->quick = TRUE;
  j->short_answers = TRUE;

  printf ("bench-review-wait: %u journeys, one kiosk, think %.1f s before Review\n", journeys, think_s);
  printf ("%8s %10s %10s %10s\n", "journey", "budget ms", "used ms", "wait ms");
  for (guint k = 0; k < journeys; k++)
    {
      g_autoptr (JsonObject) state = NULL;
      g_autofree char *reference = NULL;
      JsonObject *p;
      double wait, budget, busy, u;

      sewa_journey_to_documents (j, lang, "residence-certificate", "residence");
      sewa_journey_capture_documents (j, NULL);
      if (think_s > 0)
        g_usleep ((gulong) (think_s * G_USEC_PER_SEC));
      sewa_journey_to_review (j);
      /* Submit waits for checks still running (bounded) and records that wait: read it on
       * the done screen, before Finish ends the session. */
      reference = sewa_journey_submit (j);
      g_assert_nonnull (reference);
      state = sewa_fingers_wait (j->f, checks_answered, NULL, "the document checks answered", 600);
      p = prescrutiny_of (state);
      wait = (double) json_object_get_int_member (p, "review_wait_ms");
      budget = (double) json_object_get_int_member (p, "review_budget_ms");
      busy = (double) json_object_get_int_member (p, "busy_ms");
      if (busy < 0)
        g_error ("journey %u: no document check ran (document-checks off?)", k);
      u = MIN (budget, busy);
      printf ("%8u %10.0f %10.0f %10.0f\n", k, budget, u, wait);
      fflush (stdout);
      g_array_append_val (waits, wait);
      g_array_append_val (budgets, budget);
      g_array_append_val (used, u);

      sewa_fingers_tap (j->f, finish);
      sewa_fingers_wait_screen (j->f, "home");
    }
  sewa_journey_free (j);

  printf ("\nadded wait at Submit over %u journeys: p50 %.0f ms, p95 %.0f ms, max %.0f ms (target 0 ms at p95)\n",
          waits->len, pct (waits, 0.5), pct (waits, 0.95), pct (waits, 1.0));
  printf ("budget had (last document kept -> Submit): p50 %.0f ms, p95 %.0f ms\n", pct (budgets, 0.5),
          pct (budgets, 0.95));
  printf ("budget used by the checks: p50 %.0f ms, p95 %.0f ms\n", pct (used, 0.5), pct (used, 0.95));
  /* A debug or sanitizer build measures the instrumentation: the quick run only proves the
   * bench works. */
  return 0;
}
