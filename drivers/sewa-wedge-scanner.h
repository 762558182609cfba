/* sewa-wedge-scanner.h — USB barcode scanners that type as a keyboard ("keyboard wedge").
 *
 * Such a scanner types the code's text and presses Enter, all within a few milliseconds per
 * key; a person never types eight or more keys that evenly fast and then Enter. The UI hands
 * every key press to sewa_wedge_scanner_feed() with its timestamp. Printable keys are held
 * back while a burst may be forming:
 *
 *   - a burst of at least min-length characters, each within max-gap of the previous one,
 *     ended by Enter within max-gap, is a scan: "scanned" is emitted with the text;
 *   - anything else was typing: the held keys are handed back, in order, through "typed"
 *     (as soon as the burst breaks, or when nothing follows within max-gap), and the UI
 *     replays them into the focused widget.
 *
 * GLib only: key codes are X11 keysyms (the same numbers as GDK_KEY_*), the character is the
 * key's Unicode value (gdk_keyval_to_unicode), 0 for keys without one.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SEWA_WEDGE_KEY_RETURN   0xff0d /* GDK_KEY_Return */
#define SEWA_WEDGE_KEY_KP_ENTER 0xff8d /* GDK_KEY_KP_Enter */

#define SEWA_WEDGE_DEFAULT_MAX_GAP_MS  40
#define SEWA_WEDGE_DEFAULT_MIN_LENGTH  8
/* The longest text accepted as one scan: an Aadhaar Secure QR holds up to ~7,100 digits. */
#define SEWA_WEDGE_MAX_LENGTH          8192

#define SEWA_TYPE_WEDGE_SCANNER (sewa_wedge_scanner_get_type ())
G_DECLARE_FINAL_TYPE (SewaWedgeScanner, sewa_wedge_scanner, SEWA, WEDGE_SCANNER, GObject)

SewaWedgeScanner *sewa_wedge_scanner_new (void) G_GNUC_WARN_UNUSED_RESULT;

void     sewa_wedge_scanner_set_timing (SewaWedgeScanner *self, guint max_gap_ms, guint min_length);

/* When TRUE (the default) held keys are handed back by a timeout on the thread-default main
 * context once max-gap has passed without another key. Tests that drive time themselves turn
 * it off and call sewa_wedge_scanner_flush(). */
void     sewa_wedge_scanner_set_auto_flush (SewaWedgeScanner *self, gboolean auto_flush);

/* Feeds one key press. TRUE: the key is held (the UI stops it); it comes back through
 * "typed" or as part of "scanned". FALSE: the UI handles the key as usual. time_us is the
 * event time in microseconds on any clock that only moves forward (GDK event time × 1000). */
gboolean sewa_wedge_scanner_feed (SewaWedgeScanner *self, guint keyval, gunichar ch, gint64 time_us);

/* Hands back every held key through "typed" now. */
void     sewa_wedge_scanner_flush (SewaWedgeScanner *self);

/* Signals:
 *   "scanned" (GBytes *text)              — the scanned text, UTF-8, without the Enter
 *   "typed"   (guint keyval, guint ch)    — a held key that turned out to be typing
 */

G_END_DECLS
