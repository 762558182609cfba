/* The pointer's cursor on the kiosk, read back from the X server with XFixes
 * (XFixesGetCursorImage: the image the server shows at the pointer now). The kiosk hides the
 * cursor when the last input came from a touch screen and shows it again on a mouse event
 * (ui/sewa-lockdown.c).
 *
 * What this can prove under Xvfb: after a pointer event through XTest the kiosk's cursor is a
 * visible image (some pixel not transparent), and the check tells a blank cursor from a visible
 * one (with the kiosk's hiding forced on for every event, this test fails). What it cannot:
 * that a touch hides the cursor, since XTest has no touch device and Xvfb no other input, so no
 * event here ever comes from a touch screen. The display's window manager is started with its
 * cursor on (SEWA_WM_CURSOR=yes, tests/ui/meson.build): by default scripts/with-display's
 * matchbox hides the cursor for the whole display, whatever the kiosk sets. */
#include "sewa-journey.h"

#include <X11/Xlib.h>
#include <X11/extensions/Xfixes.h>

/* TRUE when the server's cursor image has at least one pixel that is not fully transparent. */
static gboolean
cursor_visible (Display *dpy)
{
  XFixesCursorImage *image = XFixesGetCursorImage (dpy);
  gboolean visible = FALSE;

  g_assert_nonnull (image);
  for (gsize i = 0; i < (gsize) image->width * image->height && !visible; i++)
    /* ARGB in an unsigned long per pixel; alpha is the top byte of the low 32 bits. */
    visible = ((image->pixels[i] >> 24) & 0xff) != 0;
  XFree (image);
  return visible;
}

static void
test_pointer_shows_cursor (void)
{
  SewaJourney *j = sewa_journey_start ("cursor", FALSE, NULL);
  Display *dpy = XOpenDisplay (NULL);
  int event_base = 0, error_base = 0;
  gint64 deadline;
  gboolean visible = FALSE;

  g_assert_nonnull (dpy);
  if (!XFixesQueryExtension (dpy, &event_base, &error_base))
    {
      XCloseDisplay (dpy);
      sewa_journey_free (j);
      g_test_skip ("the X server has no XFixes extension: the cursor cannot be read back");
      return;
    }
  sewa_fingers_wait_screen (j->f, "home");
  /* A mouse movement over the kiosk (XTest's pointer is a mouse, not a touch screen). */
  sewa_fingers_move (j->f, DisplayWidth (dpy, DefaultScreen (dpy)) / 2,
                     DisplayHeight (dpy, DefaultScreen (dpy)) / 2);
  sewa_fingers_move (j->f, DisplayWidth (dpy, DefaultScreen (dpy)) / 2 + 7,
                     DisplayHeight (dpy, DefaultScreen (dpy)) / 2 + 5);
  /* The kiosk sets its cursor when it handles the event: wait for what the server shows. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!(visible = cursor_visible (dpy)) && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_true (visible);
  /* Still the kiosk, still home: the cursor check changed nothing on screen. */
  g_assert_true (sewa_fingers_alive (j->f));
  XCloseDisplay (dpy);
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/cursor/pointer-shows-cursor", test_pointer_shows_cursor);
  return g_test_run ();
}
