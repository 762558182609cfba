/* sewa-log-ring.h — the kiosk's recent log lines, for the technician's diagnostics tab.
 *
 * Installed as GLib's structured log writer: every message still goes to the journal (GLib's
 * default writer) and the last lines are also kept in memory. Logs never carry citizen data
 * by rule; as a second guard any run of five or more digits (a mobile or Aadhaar number that
 * slipped in) is masked before a line is kept.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  sewa_log_ring_install (void);
/* The kept lines, oldest first, one per line; "" when none. */
char *sewa_log_ring_dump (void) G_GNUC_WARN_UNUSED_RESULT;
/* The masking rule on its own (for tests). */
char *sewa_log_ring_mask (const char *line) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
