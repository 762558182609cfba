/* sewa-backoff.h — retry delays: exponential backoff with full jitter, capped.
 *
 * Pure functions of (policy, attempt, random source), so tests inject the random source and check
 * the bounds exactly. Full jitter ("AWS Architecture Blog: Exponential Backoff and Jitter") picks
 * the delay uniformly in [0, min(cap, base * 2^attempt)]: a fleet of kiosks coming back after an
 * outage spreads its retries over the whole window instead of retrying in lock step.
 *
 * A Retry-After from the portal is a floor: the delay is Retry-After plus the jittered delay, so
 * it is never earlier than the portal asked and a fleet told "1 s" does not return in one burst.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 base_ms; /* ceiling of the first retry's delay (attempt 1) */
  gint64 cap_ms;  /* the ceiling never grows past this */
  gboolean jitter; /* FALSE only for the fleet benchmark's no-jitter comparison */
} SewaBackoffPolicy;

/* Returns 32 uniformly distributed random bits. */
typedef guint32 (*SewaRandomFunc) (gpointer user_data);

/* The built-in random source (libsodium's CSPRNG is not needed here: GLib's is enough to spread
 * retries, and it is thread-safe). */
guint32 sewa_backoff_random_default (gpointer user_data);

/* min(cap, base * 2^(attempt-1)) for attempt >= 1; attempt 0 is treated as 1. Never overflows. */
gint64 sewa_backoff_ceiling_ms (const SewaBackoffPolicy *policy, guint attempt);

/* A delay in [0, ceiling] (uniform), or exactly the ceiling when jitter is off. */
gint64 sewa_backoff_delay_ms (const SewaBackoffPolicy *policy, guint attempt,
                              SewaRandomFunc random_func, gpointer random_data);

/* The delay after a failure: retry_after_ms (< 0 = the portal gave none) plus the jittered delay,
 * so it is always >= retry_after_ms and <= retry_after_ms + ceiling. */
gint64 sewa_backoff_next_ms (const SewaBackoffPolicy *policy, guint attempt, gint64 retry_after_ms,
                             SewaRandomFunc random_func, gpointer random_data);

G_END_DECLS
