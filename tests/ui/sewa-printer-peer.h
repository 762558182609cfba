/* sewa-printer-peer.h — CUPS's own ippeveprinter as the receipt printer of a test, through
 * tests/printer-peer.py. GLib only, so tests that run the kiosk as a child process use it too. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Starts the peer in @work_dir (created by the script) and returns its ipp:// URI. */
char  *sewa_printer_peer_start (const char *work_dir) G_GNUC_WARN_UNUSED_RESULT;
/* One line command to the script (e.g. "kill-printer"); returns its one-line answer. */
char  *sewa_printer_peer_command (const char *cmd) G_GNUC_WARN_UNUSED_RESULT;
/* The text of the first printed job (pdftotext) containing @needle, or NULL. */
char  *sewa_printer_peer_job_text (const char *needle) G_GNUC_WARN_UNUSED_RESULT;
/* How many jobs (PDFs) the printer has kept. */
guint  sewa_printer_peer_job_count (void);
void   sewa_printer_peer_stop (void);

G_END_DECLS
