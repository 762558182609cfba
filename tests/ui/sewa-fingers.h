/* sewa-fingers.h — real input for UI tests: the kiosk runs as its own process, the test reads
 * its screen through the test probe (ui/sewa-test-probe.c) and presses it through the X server
 * (XTest), exactly where a citizen's finger would land.
 *
 * Selectors pick a widget from the probe's list; terms are separated by spaces and all must
 * hold: "#id" (buildable id), ".class" (css class), "@Type" (GType name), "=text" (exact text;
 * must be the last term, it takes the rest of the string, spaces included), "~text" (text
 * contains; last term too). "field=Label" is the first interactive widget next to the label
 * reading "Label" or "Label *" (a form field, a document's Scan button). A tap lands on the nearest interactive ancestor-or-self of the
 * first match, in the centre of what is visible of it.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _SewaFingers SewaFingers;

typedef struct
{
  const char *config;       /* key-file text for the kiosk (--config), or NULL */
  const char *name;         /* names the screenshot folder: screenshots/journey/<name>/ */
  gboolean animations;      /* keep GTK's animations (the bench); tests turn them off */
  const char *kiosk_exe;    /* NULL: $SEWA_BUILD_ROOT/ui/sewa-kiosk */
  const char *data_home;    /* XDG_DATA_HOME of the kiosk and kioskctl (the store key); NULL:
                             * a folder of its own */
  const char *const *kiosk_args; /* more arguments for the kiosk (NULL-terminated), e.g.
                                  * "--screen" "documents:ID" "--lang" "en"; or NULL */
} SewaFingersOptions;

SewaFingers *sewa_fingers_start (const SewaFingersOptions *options);
/* Stops the kiosk (SIGTERM) and frees everything. */
void         sewa_fingers_stop (SewaFingers *f);
const char  *sewa_fingers_get_home (SewaFingers *f);  /* a temp dir for this kiosk's files */
const char  *sewa_fingers_get_config_path (SewaFingers *f);

/* The screen now (probe "state" answer) with every widget's rectangle also in screen
 * coordinates: "sx","sy" (full bounds) and "svx","svy" (visible part; "vw","vh" sizes). */
JsonObject  *sewa_fingers_state (SewaFingers *f) G_GNUC_WARN_UNUSED_RESULT;
/* The painted-frame times (monotonic µs) after @since, from the probe. */
GArray      *sewa_fingers_frames_since (SewaFingers *f, gint64 since) G_GNUC_WARN_UNUSED_RESULT;

typedef gboolean (*SewaFingersPredicate) (JsonObject *state, gpointer data);
/* Polls the probe until @pred holds on a settled screen (no page transition running); returns
 * that state. Fails the test naming @what (with a screenshot) after @timeout_s. */
JsonObject  *sewa_fingers_wait (SewaFingers *f, SewaFingersPredicate pred, gpointer data,
                                const char *what, guint timeout_s) G_GNUC_WARN_UNUSED_RESULT;
void         sewa_fingers_wait_screen (SewaFingers *f, const char *screen);
JsonObject  *sewa_fingers_wait_for (SewaFingers *f, const char *selector, guint timeout_s) G_GNUC_WARN_UNUSED_RESULT;
/* Whether @selector matches a widget in @state; the match (borrowed from @state) or NULL. */
JsonObject  *sewa_fingers_find (JsonObject *state, const char *selector);
JsonObject  *sewa_fingers_tap_target (JsonObject *state, JsonObject *widget);
const char  *sewa_fingers_screen (JsonObject *state);

/* Pointer moved, pressed and released through XTest at the centre of the widget. */
void         sewa_fingers_tap (SewaFingers *f, const char *selector);
/* The same, on a widget of a state already read (e.g. a row of an open popover). */
void         sewa_fingers_tap_widget (SewaFingers *f, JsonObject *widget);
/* Pressed and held until @pred holds (or @max_ms passed), then released. */
void         sewa_fingers_hold (SewaFingers *f, const char *selector, SewaFingersPredicate pred,
                                gpointer data, guint max_ms);
/* Types @text by tapping the on-screen keyboard's keys (found by the text each key types),
 * switching layout or shift as needed; waits for each key to land in the focused field. */
void         sewa_fingers_type_osk (SewaFingers *f, const char *text);
/* A physical key (X keysym name such as "Return", "BackSpace", "a") through XTest. */
void         sewa_fingers_key (SewaFingers *f, const char *keysym_name);
/* A chord through XTest: each keysym pressed in order ("Control_L", "Shift_L", "i"), then
 * released in reverse; NULL-terminated. */
void         sewa_fingers_chord (SewaFingers *f, const char *first_keysym, ...) G_GNUC_NULL_TERMINATED;
/* Pressed and released with mouse @button (1 primary, 2 middle, 3 secondary) at the centre of
 * the visible part of @widget (from a state already read). */
void         sewa_fingers_click_widget (SewaFingers *f, JsonObject *widget, guint button);
/* What a window manager does for Alt+F4 or a close button: WM_DELETE_WINDOW to the kiosk's
 * main window (ICCCM), through the X server. Returns without waiting for the kiosk (which is
 * gone if it honours the request). */
void         sewa_fingers_request_close (SewaFingers *f);
/* Moves the pointer without pressing (a touch elsewhere is a tap; this is just a wiggle). */
void         sewa_fingers_move (SewaFingers *f, int x, int y);
/* Scrolls the scrolled window holding @selector until the widget is fully visible. */
void         sewa_fingers_scroll_to (SewaFingers *f, const char *selector);

/* Saves a screenshot (through the probe) as screenshots/journey/<name>/<label>.png. */
char        *sewa_fingers_screenshot (SewaFingers *f, const char *label) G_GNUC_WARN_UNUSED_RESULT;

/* The layout invariants (see sewa-fingers.c) on the screen as it is now, saved as the step's
 * screenshot (<NN>-<label>.png); a failure names the screen, the widget and its rectangle, and
 * saves the screenshot as <NN>-layout-<label>.png. With SEWA_LAYOUT_SOFT=1 in the
 * environment violations are only reported (to see what else a journey finds). Returns the
 * number of violations (0 unless soft). */
guint        sewa_fingers_check_layout (SewaFingers *f, const char *label);

/* From now on sewa_fingers_check_layout also checks what a screen reader finds on the screen:
 * every interactive widget shown has an accessible name GTK confirms, every form field (css
 * class "field-input") is labelled by its caption, and every error line shown (a label with
 * class "field-error" or "field-warning") is an alert and describes its field. */
void         sewa_fingers_set_check_a11y (SewaFingers *f, gboolean check);
/* How many interactive widgets those checks found named, over all screens checked. */
guint        sewa_fingers_get_a11y_named (SewaFingers *f);

/* Runs kioskctl with this kiosk's configuration; returns its stdout, *status its exit code. */
char        *sewa_fingers_kioskctl (SewaFingers *f, int *status, const char *first_arg, ...)
             G_GNUC_NULL_TERMINATED G_GNUC_WARN_UNUSED_RESULT;

/* Whether the kiosk process is still running. */
gboolean     sewa_fingers_alive (SewaFingers *f);

G_END_DECLS
