/* sewa-ui-test.h — shared helpers for GTK tests under Xvfb (see scripts/with-display). */
#pragma once

#include <gtk/gtk.h>
#include "sewa-application.h"
#include "sewa-window.h"

G_BEGIN_DECLS

typedef void (*SewaUiTestAddFunc) (void);

void             sewa_ui_test_init (int *argc, char ***argv);
int              sewa_ui_test_run (SewaUiTestAddFunc add_tests);
SewaApplication *sewa_ui_test_app (void);
SewaWindow      *sewa_ui_test_window (void);
void             sewa_ui_test_set_teardown (void (*teardown) (void));
void             sewa_ui_test_set_config (const char *key_file_text);
const char      *sewa_ui_test_get_home (void);
void             sewa_ui_test_wait_frames (GtkWidget *widget, guint n);
char       *sewa_ui_test_screenshot (GtkWidget *widget, const char *name);
guint       sewa_ui_test_assert_text_fits (GtkWidget *root);
GtkWidget  *sewa_ui_test_find_label (GtkWidget *root, const char *text);
void        sewa_ui_test_tap (GtkWidget *widget);
void        sewa_ui_test_assert_on_screen (GtkWidget *widget, const char *what);

/* CUPS's own ippeveprinter (tests/printer-peer.py): start returns its ipp:// URI. */
char            *sewa_ui_test_printer_start (void) G_GNUC_WARN_UNUSED_RESULT;
char            *sewa_ui_test_printer_command (const char *cmd) G_GNUC_WARN_UNUSED_RESULT;
char            *sewa_ui_test_printer_job_text (const char *needle) G_GNUC_WARN_UNUSED_RESULT;
void             sewa_ui_test_printer_stop (void);
void             sewa_ui_test_wait_until (gboolean (*cond) (gpointer), gpointer data,
                                          const char *what, guint timeout_s);

G_END_DECLS
