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
void             sewa_ui_test_wait_frames (GtkWidget *widget, guint n);
char       *sewa_ui_test_screenshot (GtkWidget *widget, const char *name);
guint       sewa_ui_test_assert_text_fits (GtkWidget *root);
GtkWidget  *sewa_ui_test_find_label (GtkWidget *root, const char *text);

G_END_DECLS
