/* Unit tests of the retry delays: exact bounds with an injected random source. */
#include "sewa-backoff.h"

static guint32
rng_zero (gpointer data)
{
  return 0;
}

static guint32
rng_max (gpointer data)
{
  return G_MAXUINT32;
}

static guint32
rng_seq (gpointer data)
{
  GRand *rand = data;

  return g_rand_int (rand);
}

static void
test_ceiling (void)
{
  SewaBackoffPolicy p = { .base_ms = 100, .cap_ms = 5000, .jitter = TRUE };

  g_assert_cmpint (sewa_backoff_ceiling_ms (&p, 0), ==, 100);
  g_assert_cmpint (sewa_backoff_ceiling_ms (&p, 1), ==, 100);
  g_assert_cmpint (sewa_backoff_ceiling_ms (&p, 2), ==, 200);
  g_assert_cmpint (sewa_backoff_ceiling_ms (&p, 3), ==, 400);
  g_assert_cmpint (sewa_backoff_ceiling_ms (&p, 6), ==, 3200);
  g_assert_cmpint (sewa_backoff_ceiling_ms (&p, 7), ==, 5000);
  /* Large attempt counts stay at the cap and never overflow. */
  g_assert_cmpint (sewa_backoff_ceiling_ms (&p, 1000), ==, 5000);
  g_assert_cmpint (sewa_backoff_ceiling_ms (&p, G_MAXUINT), ==, 5000);
  p.cap_ms = G_MAXINT64;
  g_assert_cmpint (sewa_backoff_ceiling_ms (&p, 200), ==, G_MAXINT64);
}

static void
test_full_jitter_bounds (void)
{
  SewaBackoffPolicy p = { .base_ms = 250, .cap_ms = 60000, .jitter = TRUE };
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);

  /* The extremes of the random source hit the extremes of the window exactly. */
  for (guint attempt = 1; attempt < 20; attempt++)
    {
      gint64 ceiling = sewa_backoff_ceiling_ms (&p, attempt);

      g_assert_cmpint (sewa_backoff_delay_ms (&p, attempt, rng_zero, NULL), ==, 0);
      g_assert_cmpint (sewa_backoff_delay_ms (&p, attempt, rng_max, NULL), ==, ceiling);
    }
  /* Many draws: always inside [0, ceiling], and spread over it (not stuck at one end). */
  for (guint attempt = 1; attempt < 12; attempt++)
    {
      gint64 ceiling = sewa_backoff_ceiling_ms (&p, attempt);
      gint64 lo = G_MAXINT64, hi = 0;

      for (guint i = 0; i < 2000; i++)
        {
          gint64 d = sewa_backoff_delay_ms (&p, attempt, rng_seq, rand);

          g_assert_cmpint (d, >=, 0);
          g_assert_cmpint (d, <=, ceiling);
          lo = MIN (lo, d);
          hi = MAX (hi, d);
        }
      g_assert_cmpint (lo, <, ceiling / 10 + 1);
      g_assert_cmpint (hi, >, ceiling - ceiling / 10 - 1);
    }
}

static void
test_no_jitter (void)
{
  SewaBackoffPolicy p = { .base_ms = 1000, .cap_ms = 8000, .jitter = FALSE };

  g_assert_cmpint (sewa_backoff_delay_ms (&p, 1, rng_zero, NULL), ==, 1000);
  g_assert_cmpint (sewa_backoff_delay_ms (&p, 3, rng_zero, NULL), ==, 4000);
  g_assert_cmpint (sewa_backoff_delay_ms (&p, 9, rng_max, NULL), ==, 8000);
}

static void
test_retry_after_is_a_floor (void)
{
  SewaBackoffPolicy p = { .base_ms = 500, .cap_ms = 4000, .jitter = TRUE };
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  g_assert_cmpint (sewa_backoff_next_ms (&p, 1, 3000, rng_zero, NULL), ==, 3000);
  g_assert_cmpint (sewa_backoff_next_ms (&p, 1, 3000, rng_max, NULL), ==, 3500);
  g_assert_cmpint (sewa_backoff_next_ms (&p, 1, -1, rng_zero, NULL), ==, 0);
  for (guint i = 0; i < 1000; i++)
    {
      guint attempt = 1 + i % 10;
      gint64 d = sewa_backoff_next_ms (&p, attempt, 2000, rng_seq, rand);

      g_assert_cmpint (d, >=, 2000);
      g_assert_cmpint (d, <=, 2000 + sewa_backoff_ceiling_ms (&p, attempt));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backoff/ceiling", test_ceiling);
  g_test_add_func ("/backoff/full-jitter-bounds", test_full_jitter_bounds);
  g_test_add_func ("/backoff/no-jitter", test_no_jitter);
  g_test_add_func ("/backoff/retry-after-floor", test_retry_after_is_a_floor);
  return g_test_run ();
}
