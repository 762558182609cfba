/* sewa-lockdown.h — what keeps a citizen inside the kiosk.
 *
 * Attached once to the kiosk window: close requests are refused (the window manager's Alt+F4,
 * a compositor's close) unless a technician unlocked the kiosk; keys with Ctrl, Alt or Super,
 * the Super, Menu and function keys never reach a screen (no Ctrl+Q, Ctrl+W, Ctrl+V of someone
 * else's clipboard, Ctrl+Shift+I/D inspector, Shift+F10 or Menu context menu, emoji chooser);
 * secondary and middle clicks are swallowed (no context menu, no paste of the PRIMARY
 * selection); GTK's interactive debugging is off; and the pointer is hidden while the last
 * input came from a touch screen, shown again when a mouse moves.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     sewa_lockdown_attach (GtkWindow *window);
/* Technician mode lets close requests and shortcuts through (for a console and the log). */
void     sewa_lockdown_set_technician (GtkWindow *window, gboolean technician);
gboolean sewa_lockdown_get_technician (GtkWindow *window);
/* Called first thing in main(): GTK_DEBUG=interactive would open the inspector with the
 * window, so the flag is dropped from the environment before GTK reads it. */
void     sewa_lockdown_sanitize_environment (void);

G_END_DECLS
