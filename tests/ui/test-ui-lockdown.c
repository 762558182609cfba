/* Lockdown with real input (issue #19 §4): on every screen a citizen reaches (home, start,
 * browse with a search typed, service, a form with a name typed; then, with a second kiosk in
 * parallel, the documents list, the camera's capture screen and the done screen with the
 * reference),
 * the keys and clicks that leave or look behind an ordinary GTK application are pressed
 * through the X server: Alt+F4, Ctrl+Q, Ctrl+W, Super, the inspector's Ctrl+Shift+I/D,
 * Shift+F10 and Menu, Ctrl+V, the emoji chooser's Ctrl+., a window manager's close request,
 * right and middle clicks on the focused field and the screen, a long press, and a wedge
 * scanner's burst of control characters. After each screen's round the kiosk is still
 * running, on the same screen, with the same text in its fields and no other surface (context
 * menu, emoji chooser, inspector) open. The kiosk is also started with GTK_DEBUG=interactive:
 * no inspector may open with it.
 *
 * One kiosk per walk (a start under ASan costs seconds); meson runs the two walks in parallel. */
#include "sewa-journey.h"

#include <string.h>

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
  sewa_journey_lockdown_round (j, "home", NULL);

  sewa_fingers_tap (j->f, "=English");
  sewa_fingers_wait_screen (j->f, "start");
  sewa_journey_lockdown_round (j, "start", NULL);

  sewa_fingers_tap (j->f, apply);
  sewa_fingers_wait_screen (j->f, "browse");
  sewa_fingers_tap (j->f, "#search_entry");
  sewa_fingers_type_osk (j->f, "birth");
  shown = sewa_fingers_wait_for (j->f, "@GtkLabel .service-name ~Birth", 20);
  sewa_journey_lockdown_round (j, "browse", "#search_entry");

  sewa_fingers_tap (j->f, "@GtkLabel .service-name ~Birth");
  sewa_fingers_wait_screen (j->f, "service");
  sewa_journey_lockdown_round (j, "service", NULL);

  sewa_fingers_tap (j->f, "#apply_button");
  sewa_fingers_wait_screen (j->f, "form");
  sewa_fingers_tap (j->f, "@GtkText");
  sewa_fingers_type_osk (j->f, "Gur");
  sewa_journey_lockdown_round (j, "form", "@GtkText");

  g_assert_true (sewa_fingers_alive (j->f));
  sewa_journey_free (j);
}

/* The documents list and the camera's capture screen, opened directly (`--screen
 * documents:ID`: no form to fill, which would take minutes under ASan); the done screen's round
 * runs at the end of an English journey (tests/ui/test-ui-journey.c), which fills one anyway. */
static void
test_lockdown_documents (void)
{
  const char *args[] = { "--screen", "documents:birth-certificate", "--lang", "en", NULL };
  SewaJourney *j = sewa_journey_new ("lockdown-documents", FALSE);

  j->kiosk_args = args;
  j->lang = SEWA_LANG_EN;
  g_setenv ("GTK_DEBUG", "interactive", TRUE);
  sewa_journey_launch (j, NULL);
  g_unsetenv ("GTK_DEBUG");
  sewa_fingers_wait_screen (j->f, "documents");
  sewa_journey_lockdown_round (j, "documents", NULL);

  /* The discharge slip has one type: its tap opens the camera at once. */
  sewa_fingers_tap (j->f, "field=Hospital discharge slip");
  sewa_fingers_wait_screen (j->f, "capture");
  sewa_journey_lockdown_round (j, "capture", NULL);

  g_assert_true (sewa_fingers_alive (j->f));
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/lockdown/real-input", test_lockdown);
  g_test_add_func ("/ui/lockdown/documents-capture-done", test_lockdown_documents);
  return g_test_run ();
}
