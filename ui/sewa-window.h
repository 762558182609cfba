/* sewa-window.h — the one full-screen kiosk window: a stack of screens and "start over". */
#pragma once

#include <adwaita.h>
#include "sewa-application.h"
#include "sewa-form.h"
#include "sewa-provisioning.h"
#include "sewa-wedge-scanner.h"

G_BEGIN_DECLS

#define SEWA_TYPE_WINDOW (sewa_window_get_type ())
G_DECLARE_FINAL_TYPE (SewaWindow, sewa_window, SEWA, WINDOW, AdwApplicationWindow)

SewaWindow *sewa_window_new (SewaApplication *app);
gboolean    sewa_window_show_screen (SewaWindow *self, const char *name, SewaLang lang);
const char *sewa_window_get_screen (SewaWindow *self);
GtkWidget  *sewa_window_get_screen_widget (SewaWindow *self, const char *name);
GtkWidget  *sewa_window_get_start_over_button (SewaWindow *self);
SewaFormValues *sewa_window_get_draft (SewaWindow *self);
/* Whether a full-screen question is up: "discard" (leaving a form with answers) or "idle"
 * ("Are you still there?"); and the idle warning's countdown as shown. */
gboolean        sewa_window_is_asking (SewaWindow *self, const char *which);
const char     *sewa_window_get_idle_countdown (SewaWindow *self);
const char *sewa_window_get_last_reference (SewaWindow *self);
GHashTable *sewa_window_get_documents (SewaWindow *self);
const char *sewa_window_get_sync_text (SewaWindow *self);
void        sewa_window_enrol (SewaWindow *self, const SewaProvisioning *prov);
/* One key press from a physical keyboard (or a USB scanner that types), as the window's key
 * controller hands it on; TRUE when the key was taken (held as part of a possible scan). */
gboolean    sewa_window_feed_key (SewaWindow *self, guint keyval, gunichar ch, gint64 time_us);
SewaWedgeScanner *sewa_window_get_wedge_scanner (SewaWindow *self);

/* Operator mode (sewa-window-operator.c): state for tests and diagnostics. */
gboolean      sewa_window_operator_is_open (SewaWindow *self);
guint         sewa_window_operator_get_lock_remaining (SewaWindow *self); /* seconds */
void          sewa_window_operator_end_lock_for_test (SewaWindow *self); /* as if it ran out */
void          sewa_window_operator_set_lock_clock_for_test (SewaWindow *self,
                                                            gint64 (*clock) (gpointer data),
                                                            gpointer data);
guint         sewa_window_operator_get_queue_loads (SewaWindow *self);
guint         sewa_window_operator_get_prints_done (SewaWindow *self);
const GError *sewa_window_operator_get_last_print_error (SewaWindow *self);

/* The words the voice says on @screen, in the current language (NULL: it says nothing there). */
const char *sewa_window_voice_prompt (const char *screen);

G_END_DECLS
