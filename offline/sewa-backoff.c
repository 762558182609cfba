/* sewa-backoff.c — see sewa-backoff.h. */
#include "sewa-backoff.h"

guint32
sewa_backoff_random_default (gpointer user_data)
{
  return g_random_int ();
}

gint64
sewa_backoff_ceiling_ms (const SewaBackoffPolicy *policy, guint attempt)
{
  gint64 ceiling;

  g_return_val_if_fail (policy != NULL, 0);

  ceiling = MAX (policy->base_ms, 0);
  if (attempt < 1)
    attempt = 1;
  /* Doubling stops at the cap, so the loop is at most ~63 steps and never overflows. */
  for (guint i = 1; i < attempt && ceiling < policy->cap_ms; i++)
    ceiling = ceiling > G_MAXINT64 / 2 ? G_MAXINT64 : ceiling * 2;
  return MIN (ceiling, MAX (policy->cap_ms, 0));
}

gint64
sewa_backoff_delay_ms (const SewaBackoffPolicy *policy, guint attempt,
                       SewaRandomFunc random_func, gpointer random_data)
{
  gint64 ceiling;
  guint64 r;

  g_return_val_if_fail (policy != NULL, 0);

  ceiling = sewa_backoff_ceiling_ms (policy, attempt);
  if (!policy->jitter || ceiling == 0)
    return ceiling;
  if (random_func == NULL)
    random_func = sewa_backoff_random_default;
  /* 64 random bits scaled (not reduced modulo) into [0, ceiling]: monotonic in the random
   * value, so the extremes of the source map to exactly 0 and the ceiling. */
  r = ((guint64) random_func (random_data) << 32) | random_func (random_data);
  return (gint64) (((unsigned __int128) r * ((unsigned __int128) ceiling + 1)) >> 64);
}

gint64
sewa_backoff_next_ms (const SewaBackoffPolicy *policy, guint attempt, gint64 retry_after_ms,
                      SewaRandomFunc random_func, gpointer random_data)
{
  gint64 delay = sewa_backoff_delay_ms (policy, attempt, random_func, random_data);

  if (retry_after_ms > 0)
    delay = retry_after_ms + delay;
  return delay;
}
