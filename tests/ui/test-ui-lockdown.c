/* Lockdown with real input (issue #19 §4): on every screen a citizen reaches cheaply (home,
 * start, browse with a search typed, service, a form with a name typed, the status lookup),
 * the keys and clicks that leave or look behind an ordinary GTK application are pressed
 * through the X server: Alt+F4, Ctrl+Q, Ctrl+W, Super, the inspector's Ctrl+Shift+I/D,
 * Shift+F10 and Menu, Ctrl+V, the emoji chooser's Ctrl+., a window manager's close request,
 * right and middle clicks on the focused field and the screen, a long press, and a wedge
 * scanner's burst of control characters. After each screen's round the kiosk is still
 * running, on the same screen, with the same text in its fields and no other surface (context
 * menu, emoji chooser, inspector) open. The kiosk is also started with GTK_DEBUG=interactive:
 * no inspector may open with it.
 *
 * One kiosk for the whole walk (a start under ASan costs seconds). */
#include "sewa-journey.h"

#include <string.h>

/* What must not change: the screen, the surfaces, and what the text fields hold. */
static char *
snapshot (JsonObject *state)
{
  JsonArray *natives = json_object_get_array_member (state, "natives");
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  GString *s = g_string_new (sewa_fingers_screen (state));

  g_string_append (s, "\nsurfaces:");
  for (guint i = 0; i < json_array_get_length (natives); i++)
    g_string_append_printf (s, " %s", json_object_get_string_member (json_array_get_object_element (natives, i), "type"));
  g_string_append (s, "\nfields:");
  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);

      if (g_strcmp0 (json_object_get_string_member (w, "type"), "GtkText") == 0)
        g_string_append_printf (s, " [%s]", json_object_get_string_member_with_default (w, "text", ""));
    }
  return g_string_free (s, FALSE);
}

static gboolean
no_popover (JsonObject *state, gpointer unused)
{
  return FALSE;
}

/* The whole round on the screen as it is; @field (a selector, or NULL) is the focused text
 * field to right-click and long-press. */
static void
assault (SewaJourney *j, const char *label, const char *field)
{
  g_autoptr (JsonObject) before_state = sewa_fingers_state (j->f);
  g_autofree char *before = snapshot (before_state);
  g_autoptr (JsonObject) after_state = NULL;
  g_autofree char *after = NULL;
  g_autofree char *shot_label = g_strconcat ("lockdown-", label, NULL);
  JsonObject *target;

  /* GTK_DEBUG=interactive (set for the kiosk below) would have opened it with the window. */
  if (strstr (before, "Inspector") != NULL)
    g_error ("%s: GTK's inspector is open: %s", label, before);
  sewa_fingers_chord (j->f, "Alt_L", "F4", NULL);
  sewa_fingers_chord (j->f, "Control_L", "q", NULL);
  sewa_fingers_chord (j->f, "Control_L", "w", NULL);
  sewa_fingers_chord (j->f, "Super_L", NULL);
  sewa_fingers_chord (j->f, "Control_L", "Shift_L", "i", NULL);
  sewa_fingers_chord (j->f, "Control_L", "Shift_L", "d", NULL);
  sewa_fingers_chord (j->f, "Shift_L", "F10", NULL);
  sewa_fingers_chord (j->f, "Menu", NULL);
  sewa_fingers_chord (j->f, "Control_L", "v", NULL);
  sewa_fingers_chord (j->f, "Control_L", "period", NULL);
  sewa_fingers_chord (j->f, "Control_L", "a", NULL);
  sewa_fingers_request_close (j->f);

  /* A wedge scanner's burst: control characters as a USB keyboard types them (Ctrl+J line
   * feed, Ctrl+M carriage return, Ctrl+] group separator, Ctrl+D, Ctrl+H, Ctrl+[ escape). */
  sewa_fingers_chord (j->f, "Control_L", "j", NULL);
  sewa_fingers_chord (j->f, "Control_L", "m", NULL);
  sewa_fingers_chord (j->f, "Control_L", "bracketright", NULL);
  sewa_fingers_chord (j->f, "Control_L", "d", NULL);
  sewa_fingers_chord (j->f, "Control_L", "h", NULL);
  sewa_fingers_chord (j->f, "Control_L", "bracketleft", NULL);

  /* Secondary and middle clicks on the field (a GtkText's context menu, the PRIMARY paste)
   * and on the middle of the screen, then a long press on the field. */
  after_state = sewa_fingers_state (j->f);
  target = field != NULL ? sewa_fingers_find (after_state, field) : NULL;
  if (target == NULL)
    target = json_array_get_object_element (json_object_get_array_member (after_state, "widgets"), 0);
  sewa_fingers_click_widget (j->f, target, 3);
  sewa_fingers_click_widget (j->f, target, 2);
  g_clear_pointer (&after_state, json_object_unref);
  if (field != NULL)
    sewa_fingers_hold (j->f, field, no_popover, NULL, 1200);

  g_assert_true (sewa_fingers_alive (j->f));
  after_state = sewa_fingers_state (j->f);
  after = snapshot (after_state);
  if (g_strcmp0 (before, after) != 0)
    {
      g_autofree char *shot = sewa_fingers_screenshot (j->f, shot_label);

      g_error ("%s: the kiosk changed under shortcuts and clicks (screenshot %s)\nbefore: %s\nafter:  %s",
               label, shot, before, after);
    }
}

static void
test_lockdown (void)
{
  SewaJourney *j = NULL;
  g_autofree char *apply = NULL;
  g_autoptr (JsonObject) shown = NULL;

  /* The kiosk inherits this: GTK would open its inspector with the window. */
  g_setenv ("GTK_DEBUG", "interactive", TRUE);
  j = sewa_journey_start ("lockdown", FALSE, NULL);
  g_unsetenv ("GTK_DEBUG");
  j->lang = SEWA_LANG_EN;
  apply = g_strconcat ("=", sewa_journey_tr (SEWA_LANG_EN, "Apply for a service"), NULL);

  sewa_fingers_wait_screen (j->f, "home");
  assault (j, "home", NULL);

  sewa_fingers_tap (j->f, "=English");
  sewa_fingers_wait_screen (j->f, "start");
  assault (j, "start", NULL);

  sewa_fingers_tap (j->f, apply);
  sewa_fingers_wait_screen (j->f, "browse");
  sewa_fingers_tap (j->f, "#search_entry");
  sewa_fingers_type_osk (j->f, "birth");
  shown = sewa_fingers_wait_for (j->f, "@GtkLabel .service-name ~Birth", 20);
  assault (j, "browse", "#search_entry");

  sewa_fingers_tap (j->f, "@GtkLabel .service-name ~Birth");
  sewa_fingers_wait_screen (j->f, "service");
  assault (j, "service", NULL);

  sewa_fingers_tap (j->f, "#apply_button");
  sewa_fingers_wait_screen (j->f, "form");
  sewa_fingers_tap (j->f, "@GtkText");
  sewa_fingers_type_osk (j->f, "Gur");
  assault (j, "form", "@GtkText");

  g_assert_true (sewa_fingers_alive (j->f));
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/lockdown/real-input", test_lockdown);
  return g_test_run ();
}
