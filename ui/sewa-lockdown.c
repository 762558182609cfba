/* sewa-lockdown.c — close refused, escape keys and context menus swallowed, cursor hidden on
 * touch. See sewa-lockdown.h. */
#include "sewa-lockdown.h"

#include <string.h>

#define SEWA_LOCKDOWN_KEY "sewa-lockdown"

typedef struct
{
  gboolean technician;
  gboolean cursor_hidden;
} SewaLockdown;

static SewaLockdown *
lockdown_of (GtkWindow *window)
{
  return g_object_get_data (G_OBJECT (window), SEWA_LOCKDOWN_KEY);
}

static gboolean
on_close_request (GtkWindow *window, gpointer user_data)
{
  SewaLockdown *ld = user_data;

  if (ld->technician)
    return FALSE;
  g_message ("a request to close the kiosk window was refused (not in technician mode)");
  return TRUE;
}

/* Keys that can leave or look behind the kiosk: anything chorded with Ctrl, Alt or Super, and
 * the keys that are shortcuts on their own. Plain characters, Return, Tab, BackSpace, Escape
 * and the arrows still reach the screens (a USB keyboard or a wedge scanner types with them). */
static gboolean
is_escape_key (guint keyval, GdkModifierType state)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_HYPER_MASK | GDK_META_MASK))
    return TRUE;
  if (keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F35)
    return TRUE;
  switch (keyval)
    {
    case GDK_KEY_Super_L:
    case GDK_KEY_Super_R:
    case GDK_KEY_Meta_L:
    case GDK_KEY_Meta_R:
    case GDK_KEY_Hyper_L:
    case GDK_KEY_Hyper_R:
    case GDK_KEY_Menu:
    case GDK_KEY_Print:
    case GDK_KEY_Sys_Req:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
                gpointer user_data)
{
  SewaLockdown *ld = user_data;

  return !ld->technician && is_escape_key (keyval, state);
}

/* Only the primary button presses anything: a secondary click would open a text field's
 * context menu, a middle click would paste the PRIMARY selection (another citizen's text). */
static void
on_click_pressed (GtkGestureClick *click, int n_press, double x, double y, gpointer user_data)
{
  GtkGesture *gesture = GTK_GESTURE (click);
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (click));

  if (button == GDK_BUTTON_PRIMARY)
    gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_DENIED);
  else
    gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Touch hides the pointer (a citizen should not see an arrow where they tapped); a mouse
 * moving shows it again for the technician. */
static gboolean
on_event (GtkEventControllerLegacy *legacy, GdkEvent *event, gpointer user_data)
{
  SewaLockdown *ld = user_data;
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (legacy));
  GdkDevice *device = gdk_event_get_device (event);
  GdkEventType type = gdk_event_get_event_type (event);
  gboolean touch;

  if (device == NULL)
    return FALSE;
  switch (type)
    {
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
      break;
    case GDK_DELETE:
    case GDK_ENTER_NOTIFY:
    case GDK_LEAVE_NOTIFY:
    case GDK_FOCUS_CHANGE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_BUTTON_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_CANCEL:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_BUTTON_RELEASE:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
    case GDK_PAD_GROUP_MODE:
    case GDK_PROXIMITY_IN:
    case GDK_PROXIMITY_OUT:
    case GDK_GRAB_BROKEN:
    case GDK_DRAG_ENTER:
    case GDK_DRAG_LEAVE:
    case GDK_DRAG_MOTION:
    case GDK_DROP_START:
    case GDK_EVENT_LAST:
    default:
      return FALSE;
    }
  touch = gdk_device_get_source (device) == GDK_SOURCE_TOUCHSCREEN
          || type == GDK_TOUCH_BEGIN || type == GDK_TOUCH_UPDATE || type == GDK_TOUCH_END;
  /* Pointer events emulated from a touch carry the touch screen as their device. */
  if (touch && !ld->cursor_hidden)
    {
      gtk_widget_set_cursor_from_name (window, "none");
      ld->cursor_hidden = TRUE;
    }
  else if (!touch && ld->cursor_hidden)
    {
      gtk_widget_set_cursor (window, NULL);
      ld->cursor_hidden = FALSE;
    }
  return FALSE;
}

void
sewa_lockdown_attach (GtkWindow *window)
{
  SewaLockdown *ld;
  GtkEventController *keys;
  GtkGesture *click;
  GtkEventController *legacy;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (lockdown_of (window) == NULL);

  ld = g_new0 (SewaLockdown, 1);
  g_object_set_data_full (G_OBJECT (window), SEWA_LOCKDOWN_KEY, ld, g_free);
  g_signal_connect (window, "close-request", G_CALLBACK (on_close_request), ld);

  /* Capture phase on the window: before any screen, text field or GTK's own bindings
   * (the inspector's Ctrl+Shift+I/D are bindings of GtkWindow, run in the bubble phase). */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "sewa-lockdown-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), ld);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (click), "sewa-lockdown-click");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), ld);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (click));

  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_name (legacy, "sewa-lockdown-cursor");
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_event), ld);
  gtk_widget_add_controller (GTK_WIDGET (window), legacy);

  gtk_window_set_interactive_debugging (FALSE);
}

void
sewa_lockdown_set_technician (GtkWindow *window, gboolean technician)
{
  SewaLockdown *ld;

  g_return_if_fail (GTK_IS_WINDOW (window));
  ld = lockdown_of (window);
  g_return_if_fail (ld != NULL);
  ld->technician = technician;
  g_message ("technician mode %s", technician ? "on" : "off");
}

gboolean
sewa_lockdown_get_technician (GtkWindow *window)
{
  SewaLockdown *ld;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  ld = lockdown_of (window);
  return ld != NULL && ld->technician;
}

void
sewa_lockdown_sanitize_environment (void)
{
  const char *debug = g_getenv ("GTK_DEBUG");
  g_auto (GStrv) flags = NULL;
  g_autoptr (GStrvBuilder) kept = NULL;
  g_auto (GStrv) rest = NULL;
  g_autofree char *joined = NULL;

  if (debug == NULL)
    return;
  /* GTK splits the list at any of these separators. */
  flags = g_strsplit_set (debug, ",:; ", -1);
  kept = g_strv_builder_new ();
  for (guint i = 0; flags[i] != NULL; i++)
    if (flags[i][0] != '\0' && g_ascii_strcasecmp (flags[i], "interactive") != 0
        && g_ascii_strcasecmp (flags[i], "all") != 0)
      g_strv_builder_add (kept, flags[i]);
  rest = g_strv_builder_end (kept);
  joined = g_strjoinv (",", rest);
  if (g_strcmp0 (joined, debug) == 0)
    return;
  if (joined[0] == '\0')
    g_unsetenv ("GTK_DEBUG");
  else
    g_setenv ("GTK_DEBUG", joined, TRUE);
}
