/* sewa-pin-lockout.h — how long the operator PIN waits after wrong guesses: one policy for the
 * kiosk's PIN pad (ui/) and `kioskctl operator check-pin`, and the small state file in which
 * kioskctl keeps the count between runs.
 *
 * A 4-digit PIN has 10,000 values. The first two wrong PINs cost nothing (typing slips), the
 * third and fourth 2 s and 4 s, the fifth locks for 30 s, and every further one doubles the lock
 * up to 15 minutes, so guessing through the pad or the command takes weeks instead of minutes.
 * A right PIN resets the count.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_PIN_FAILURES_BEFORE_DELAY 3
#define SEWA_PIN_FAILURES_BEFORE_LOCKOUT 5
#define SEWA_PIN_LOCKOUT_SECONDS 30          /* the first lockout (the fifth wrong PIN) */
#define SEWA_PIN_LOCKOUT_MAX_SECONDS (15 * 60)

/* Seconds to wait after the @failures-th consecutive wrong PIN (0: none). */
guint sewa_pin_lockout_delay (guint failures);

/* The persistent state: consecutive failures and the Unix time until which no PIN is checked.
 * A missing file is a clean state. A file that does not hold valid state is an error (a clear
 * message; the caller refuses to check PINs rather than forget the count). */
gboolean sewa_pin_lockout_load (const char *path, guint *out_failures, gint64 *out_locked_until,
                                GError **error);
/* The file's contents, validated against the rules above (@now: Unix time); separate so it can
 * be fuzzed. */
gboolean sewa_pin_lockout_parse (const char *data, gsize len, gint64 now, guint *out_failures,
                                 gint64 *out_locked_until);
/* Written 0600, atomically. */
gboolean sewa_pin_lockout_save (const char *path, guint failures, gint64 locked_until,
                                GError **error);

G_END_DECLS
