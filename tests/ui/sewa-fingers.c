/* sewa-fingers.c — the kiosk as a child process, its test probe, and XTest input.
 *
 * Every step waits on what the probe reports the screen shows, never on a fixed delay. The
 * pointer goes through the X server, so a tap hits whatever is really drawn at that pixel:
 * a widget under the screen edge, under the on-screen keyboard or behind another cannot be
 * pressed, just as for a citizen.
 */
#include "sewa-fingers.h"

#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>

struct _SewaFingers
{
  char *home;
  char *config_path;
  char *name;
  char *data_home;
  GSubprocess *kiosk;
  GSocketConnection *probe;
  GDataInputStream *probe_in;
  Display *dpy;
  int screen_w, screen_h;
  guint shots;
  gboolean check_a11y;  /* sewa_fingers_check_layout also checks what a screen reader finds */
  guint a11y_named;     /* interactive widgets found named by those checks */
  guint64 releases_sent; /* button releases sent to the kiosk (sync_kiosk) */
  guint64 scrolls_sent;  /* wheel steps sent */
  gint64 last_field_tap_us; /* pace_field_tap */
};

#define SEWA_DOUBLE_TAP_US (450 * 1000)

#define POLL_US (15 * 1000)

static void
die_with_parent (gpointer unused)
{
  /* The kiosk must not outlive a test that aborts (it holds the X display and the test's
   * stderr, and meson would wait for it). */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

const char *
sewa_fingers_get_home (SewaFingers *f)
{
  return f->home;
}

const char *
sewa_fingers_get_config_path (SewaFingers *f)
{
  return f->config_path;
}

gboolean
sewa_fingers_alive (SewaFingers *f)
{
  /* g_subprocess_get_if_exited is only valid after a wait: ask without blocking. */
  return f->kiosk != NULL && g_subprocess_get_identifier (f->kiosk) != NULL;
}

static void
check_alive (SewaFingers *f)
{
  g_autoptr (GError) error = NULL;

  if (!sewa_fingers_alive (f))
    g_error ("the kiosk process exited (status %d): see its log above",
             f->kiosk != NULL ? g_subprocess_get_status (f->kiosk) : -1);
}

/* ---- the probe --------------------------------------------------------------------------- */

static JsonObject *probe_request_full (SewaFingers *f, const char *request, gboolean fatal);

static JsonObject *
probe_request (SewaFingers *f, const char *request)
{
  return probe_request_full (f, request, TRUE);
}

/* With @fatal FALSE an answer carrying "error" is returned to the caller instead of failing
 * the test. */
static JsonObject *
probe_request_full (SewaFingers *f, const char *request, gboolean fatal)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strconcat (request, "\n", NULL);
  g_autofree char *reply = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (f->probe));
  JsonObject *obj;

  if (!g_output_stream_write_all (out, line, strlen (line), NULL, NULL, &error))
    {
      check_alive (f);
      g_error ("probe: %s", error->message);
    }
  reply = g_data_input_stream_read_line_utf8 (f->probe_in, NULL, NULL, &error);
  if (reply == NULL)
    {
      check_alive (f);
      g_error ("probe closed: %s", error != NULL ? error->message : "end of stream");
    }
  if (!json_parser_load_from_data (parser, reply, -1, &error))
    g_error ("probe answer is not JSON: %s", error->message);
  obj = json_node_get_object (json_parser_get_root (parser));
  if (fatal && json_object_has_member (obj, "error"))
    g_error ("probe: %s", json_object_get_string_member (obj, "error"));
  return json_object_ref (obj);
}

static int x_errors;

static int
on_x_error (Display *dpy, XErrorEvent *event)
{
  /* A window the kiosk has created but the server has not seen yet, or one just destroyed
   * (a closing popover): that surface's position is unknown for this state. */
  x_errors++;
  return 0;
}

/* Adds screen coordinates to every widget: each native surface's origin comes from the X
 * server, not from the kiosk. */
static void
annotate (SewaFingers *f, JsonObject *state)
{
  JsonArray *natives = json_object_get_array_member (state, "natives");
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  guint n = json_array_get_length (natives);
  g_autofree int *ox = g_new0 (int, n + 1);
  g_autofree int *oy = g_new0 (int, n + 1);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *native = json_array_get_object_element (natives, i);
      Window child;

      if (json_object_has_member (native, "xid"))
        {
          x_errors = 0;
          XTranslateCoordinates (f->dpy, (Window) json_object_get_int_member (native, "xid"),
                                 DefaultRootWindow (f->dpy), 0, 0, &ox[i], &oy[i], &child);
          XSync (f->dpy, False);
          json_object_set_boolean_member (native, "placed", x_errors == 0);
        }
      json_object_set_int_member (native, "sx", ox[i]);
      json_object_set_int_member (native, "sy", oy[i]);
    }
  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);
      guint nat = (guint) json_object_get_int_member (w, "native");

      json_object_set_int_member (w, "sx", json_object_get_int_member (w, "x") + ox[nat]);
      json_object_set_int_member (w, "sy", json_object_get_int_member (w, "y") + oy[nat]);
      json_object_set_int_member (w, "svx", json_object_get_int_member (w, "vx") + ox[nat]);
      json_object_set_int_member (w, "svy", json_object_get_int_member (w, "vy") + oy[nat]);
    }
  {
    JsonObject *osk = json_object_get_object_member (state, "osk");

    if (json_object_get_boolean_member (osk, "visible"))
      {
        guint nat = (guint) json_object_get_int_member (osk, "native");
        json_object_set_int_member (osk, "sx", json_object_get_int_member (osk, "x") + ox[nat]);
        json_object_set_int_member (osk, "sy", json_object_get_int_member (osk, "y") + oy[nat]);
      }
  }
}

JsonObject *
sewa_fingers_state (SewaFingers *f)
{
  gint64 t0 = g_get_monotonic_time ();
  JsonObject *state = probe_request (f, "{\"cmd\":\"state\"}");

  if (g_getenv ("SEWA_FINGERS_TRACE") != NULL)
    g_printerr ("fingers: state of \"%s\", %u widgets, in %" G_GINT64_FORMAT " ms (probe %"
                G_GINT64_FORMAT " ms)\n", sewa_fingers_screen (state),
                json_array_get_length (json_object_get_array_member (state, "widgets")),
                (g_get_monotonic_time () - t0) / 1000,
                json_object_get_int_member_with_default (state, "took_us", 0) / 1000);
  annotate (f, state);
  return state;
}

GArray *
sewa_fingers_frames_since (SewaFingers *f, gint64 since)
{
  g_autofree char *req = g_strdup_printf ("{\"cmd\":\"frames\",\"since\":%" G_GINT64_FORMAT "}", since);
  g_autoptr (JsonObject) answer = probe_request (f, req);
  JsonArray *painted = json_object_get_array_member (answer, "painted");
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (painted); i++)
    {
      gint64 t = json_array_get_int_element (painted, i);
      g_array_append_val (times, t);
    }
  return times;
}

char *
sewa_fingers_screenshot (SewaFingers *f, const char *label)
{
  g_autofree char *dir = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "screenshots", "journey",
                                           f->name, NULL);
  g_autofree char *file = g_strdup_printf ("%02u-%s.png", f->shots++, label);
  char *path = g_build_filename (dir, file, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *req = NULL;
  g_autoptr (JsonObject) answer = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cmd");
  json_builder_add_string_value (b, "screenshot");
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, path);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  req = json_to_string (root, FALSE);
  /* GTK draws a screenshot from the window's last frame, which any change since (a camera
   * preview's next frame, every 300 ms) discards until the next one: then try again after
   * that frame. */
  for (guint attempt = 0;; attempt++)
    {
      g_clear_pointer (&answer, json_object_unref);
      answer = probe_request_full (f, req, FALSE);
      if (!json_object_has_member (answer, "error") ||
          g_strcmp0 (json_object_get_string_member (answer, "error"), "widget drew nothing") != 0 ||
          attempt == 20)
        break;
      g_test_message ("screenshot: the window changed since its last frame; again after the next");
      g_clear_pointer (&answer, json_object_unref);
      answer = probe_request (f, "{\"cmd\":\"sync\"}");
    }
  if (json_object_has_member (answer, "error"))
    g_error ("probe: %s", json_object_get_string_member (answer, "error"));
  g_test_message ("screenshot: %s", path);
  return path;
}

/* ---- selectors --------------------------------------------------------------------------- */

static gboolean
has_class (JsonObject *w, const char *cls)
{
  JsonArray *classes = json_object_get_array_member (w, "classes");

  for (guint i = 0; i < json_array_get_length (classes); i++)
    if (g_strcmp0 (json_array_get_string_element (classes, i), cls) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
matches (JsonObject *w, const char *selector)
{
  const char *p = selector;

  while (*p != '\0')
    {
      const char *end;
      g_autofree char *term = NULL;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      if (*p == '=' || *p == '~')
        {
          const char *text = json_object_get_string_member_with_default (w, "text", NULL);

          if (text == NULL)
            return FALSE;
          return *p == '=' ? g_str_equal (text, p + 1) : strstr (text, p + 1) != NULL;
        }
      end = strchr (p, ' ');
      term = end != NULL ? g_strndup (p + 1, (gsize) (end - p - 1)) : g_strdup (p + 1);
      if (*p == '#' && g_strcmp0 (json_object_get_string_member_with_default (w, "id", NULL), term) != 0)
        return FALSE;
      if (*p == '.' && !has_class (w, term))
        return FALSE;
      if (*p == '@' && g_strcmp0 (json_object_get_string_member (w, "type"), term) != 0)
        return FALSE;
      if (*p != '#' && *p != '.' && *p != '@')
        g_error ("bad selector term in \"%s\"", selector);
      p = end != NULL ? end : p + strlen (p);
    }
  return TRUE;
}


/* The first interactive widget after the label reading @label or "@label *" (a form row is
 * its label, perhaps a help line, then its input; a document row its label, then Scan). */
static JsonObject *
find_field (JsonObject *state, const char *label)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  g_autofree char *starred = g_strconcat (label, " *", NULL);
  gboolean seen = FALSE;

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);
      const char *text = json_object_get_string_member_with_default (w, "text", NULL);

      if (!seen)
        seen = g_str_equal (json_object_get_string_member (w, "type"), "GtkLabel") &&
               (g_strcmp0 (text, label) == 0 || g_strcmp0 (text, starred) == 0);
      else if (json_object_get_boolean_member (w, "interactive"))
        return w;
    }
  return NULL;
}

JsonObject *
sewa_fingers_find (JsonObject *state, const char *selector)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");

  if (g_str_has_prefix (selector, "field="))
    return find_field (state, selector + strlen ("field="));

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);
      if (matches (w, selector))
        return w;
    }
  return NULL;
}

static JsonObject *
widget_at (JsonObject *state, gint64 index)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");

  if (index < 0 || index >= json_array_get_length (widgets))
    return NULL;
  return json_array_get_object_element (widgets, (guint) index);
}

JsonObject *
sewa_fingers_tap_target (JsonObject *state, JsonObject *widget)
{
  for (JsonObject *w = widget; w != NULL; w = widget_at (state, json_object_get_int_member (w, "parent")))
    if (json_object_get_boolean_member (w, "interactive"))
      return w;
  return widget;
}

const char *
sewa_fingers_screen (JsonObject *state)
{
  return json_object_get_string_member_with_default (state, "screen", "");
}

/* ---- waiting ----------------------------------------------------------------------------- */

JsonObject *
sewa_fingers_wait (SewaFingers *f, SewaFingersPredicate pred, gpointer data, const char *what,
                   guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr (JsonObject) state = sewa_fingers_state (f);

      /* The probe answers after a frame's layout, so what it reports is where things are. */
      if (!json_object_get_boolean_member (state, "transition") && pred (state, data))
        return g_steal_pointer (&state);
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *shot = sewa_fingers_screenshot (f, "timeout");
          g_error ("timed out after %u s waiting for %s (screen \"%s\", see %s)", timeout_s, what,
                   sewa_fingers_screen (state), shot);
        }
      g_usleep (POLL_US);
    }
}

static gboolean
screen_is (JsonObject *state, gpointer name)
{
  return g_strcmp0 (sewa_fingers_screen (state), name) == 0;
}

void
sewa_fingers_wait_screen (SewaFingers *f, const char *screen)
{
  g_autofree char *what = g_strdup_printf ("screen \"%s\"", screen);
  g_autoptr (JsonObject) state = sewa_fingers_wait (f, screen_is, (gpointer) screen, what, 30);
}

static gboolean
selector_found (JsonObject *state, gpointer selector)
{
  return sewa_fingers_find (state, selector) != NULL;
}

JsonObject *
sewa_fingers_wait_for (SewaFingers *f, const char *selector, guint timeout_s)
{
  g_autofree char *what = g_strdup_printf ("\"%s\" on the screen", selector);

  return sewa_fingers_wait (f, selector_found, (gpointer) selector, what, timeout_s);
}

/* The kiosk has handled every input sent so far (the probe answers after a frame cycle). */
/* Returns once the kiosk has handled every button release and wheel step this test sent (and
 * a frame cycle has passed, enough for keys: they do not depend on where the pointer is). A frame
 * cycle alone is not enough: GDK holds events that arrive while a frame is drawn until the
 * next one, and taps queued faster than the kiosk handles them all land where the pointer
 * ended (a digit typed as another, a keypad tap lost). */
static void
sync_kiosk (SewaFingers *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr (JsonObject) answer = probe_request (f, "{\"cmd\":\"sync\"}");
      guint64 releases = (guint64) json_object_get_int_member (answer, "releases");
      guint64 scrolls = (guint64) json_object_get_int_member (answer, "scrolls");

      if (releases >= f->releases_sent && scrolls >= f->scrolls_sent)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("the kiosk handled %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                 " releases and %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                 " wheel steps in 20 s", releases, f->releases_sent, scrolls, f->scrolls_sent);
    }
}

/* ---- XTest ------------------------------------------------------------------------------- */

static void
press_at (SewaFingers *f, int x, int y, gboolean down)
{
  /* SEWA_FINGERS_TRACE=1 lists every press, to follow a journey in the log. */
  if (down && g_getenv ("SEWA_FINGERS_TRACE") != NULL)
    g_printerr ("fingers: press at %d,%d\n", x, y);
  XTestFakeMotionEvent (f->dpy, DefaultScreen (f->dpy), x, y, CurrentTime);
  XTestFakeButtonEvent (f->dpy, 1, down, CurrentTime);
  XSync (f->dpy, False);
  if (!down)
    f->releases_sent++;
}

void
sewa_fingers_chord (SewaFingers *f, const char *first_keysym, ...)
{
  g_autoptr (GArray) codes = g_array_new (FALSE, FALSE, sizeof (KeyCode));
  va_list ap;

  va_start (ap, first_keysym);
  for (const char *name = first_keysym; name != NULL; name = va_arg (ap, const char *))
    {
      KeySym sym = XStringToKeysym (name);
      KeyCode code = sym != NoSymbol ? XKeysymToKeycode (f->dpy, sym) : 0;

      if (code == 0)
        g_error ("no key for keysym \"%s\" on this X server", name);
      g_array_append_val (codes, code);
    }
  va_end (ap);
  for (guint i = 0; i < codes->len; i++)
    XTestFakeKeyEvent (f->dpy, g_array_index (codes, KeyCode, i), True, CurrentTime);
  for (guint i = codes->len; i > 0; i--)
    XTestFakeKeyEvent (f->dpy, g_array_index (codes, KeyCode, i - 1), False, CurrentTime);
  XSync (f->dpy, False);
  sync_kiosk (f);
}

void
sewa_fingers_request_close (SewaFingers *f)
{
  g_autoptr (JsonObject) state = sewa_fingers_state (f);
  JsonObject *main_native = json_array_get_object_element (json_object_get_array_member (state, "natives"), 0);
  Window win = (Window) json_object_get_int_member (main_native, "xid");
  XEvent ev = { 0 };

  ev.xclient.type = ClientMessage;
  ev.xclient.window = win;
  ev.xclient.message_type = XInternAtom (f->dpy, "WM_PROTOCOLS", False);
  ev.xclient.format = 32;
  ev.xclient.data.l[0] = (long) XInternAtom (f->dpy, "WM_DELETE_WINDOW", False);
  ev.xclient.data.l[1] = CurrentTime;
  XSendEvent (f->dpy, win, False, NoEventMask, &ev);
  XSync (f->dpy, False);
  /* No sync with the kiosk here: a kiosk that honours the request is gone. */
}

void
sewa_fingers_move (SewaFingers *f, int x, int y)
{
  XTestFakeMotionEvent (f->dpy, DefaultScreen (f->dpy), x, y, CurrentTime);
  XSync (f->dpy, False);
}

static void
centre_of (JsonObject *w, int *x, int *y)
{
  *x = (int) (json_object_get_int_member (w, "svx") + json_object_get_int_member (w, "vw") / 2);
  *y = (int) (json_object_get_int_member (w, "svy") + json_object_get_int_member (w, "vh") / 2);
}

static gboolean
fully_visible (JsonObject *w)
{
  return json_object_get_int_member (w, "vw") == json_object_get_int_member (w, "w") &&
         json_object_get_int_member (w, "vh") == json_object_get_int_member (w, "h");
}

static JsonObject *
scroller_of (JsonObject *state, JsonObject *w)
{
  for (JsonObject *a = widget_at (state, json_object_get_int_member (w, "parent")); a != NULL;
       a = widget_at (state, json_object_get_int_member (a, "parent")))
    if (g_str_equal (json_object_get_string_member (a, "type"), "GtkScrolledWindow"))
      return a;
  return NULL;
}

/* As visible as its scrolled window lets it be: all of it, or as much as the viewport shows. */
static gboolean
visible_enough (JsonObject *w, JsonObject *scroller)
{
  gint64 vh = json_object_get_int_member (w, "vh");

  return fully_visible (w) ||
         (json_object_get_int_member (w, "vw") > 0 && scroller != NULL &&
          vh >= MIN (json_object_get_int_member (w, "h"), json_object_get_int_member (scroller, "vh")));
}

void
sewa_fingers_scroll_to (SewaFingers *f, const char *selector)
{
  for (guint step = 0; step < 60; step++)
    {
      g_autoptr (JsonObject) state = sewa_fingers_wait_for (f, selector, 20);
      g_autoptr (JsonObject) now = NULL;
      JsonObject *w = sewa_fingers_tap_target (state, sewa_fingers_find (state, selector));
      JsonObject *scroller = scroller_of (state, w);
      JsonObject *nw;
      gint64 before = json_object_get_int_member (w, "sy");
      unsigned int button;
      int x, y;

      if (scroller == NULL || visible_enough (w, scroller))
        return;
      centre_of (scroller, &x, &y);
      sewa_fingers_move (f, x, y);
      /* Wheel up (4) when the widget is above the visible part, down (5) otherwise. */
      button = before < json_object_get_int_member (scroller, "svy") ? 4 : 5;
      XTestFakeButtonEvent (f->dpy, button, True, CurrentTime);
      XTestFakeButtonEvent (f->dpy, button, False, CurrentTime);
      XSync (f->dpy, False);
      /* GDK turns a wheel button's press into one scroll event and drops its release. */
      f->scrolls_sent++;
      sync_kiosk (f);
      now = sewa_fingers_state (f);
      nw = sewa_fingers_find (now, selector);
      /* The end of the list: it will not come further into view. */
      if (nw != NULL && json_object_get_int_member (sewa_fingers_tap_target (now, nw), "sy") == before)
        return;
    }
  g_error ("could not scroll \"%s\" into view", selector);
}

/* A finger meant for a widget under a full-screen question lands on the question. */
static void
refuse_covered (JsonObject *w, const char *what)
{
  const char *cover = json_object_get_string_member_with_default (w, "covered_by", NULL);

  if (cover != NULL)
    g_error ("\"%s\" is covered by %s: a tap there would land on it", what, cover);
}

/* Two presses on one text field within GTK's double-click time (400 ms, at the same point of
 * the field, even if it moved between) are a double tap, whatever was tapped between: the
 * field selects the word, and the next key replaces it. A finger coming back to a field it
 * tapped a moment ago is slower than that, and so is this one. */
static void
pace_field_tap (SewaFingers *f, JsonObject *w)
{
  const char *type = json_object_get_string_member_with_default (w, "type", "");
  gint64 since;

  if (!g_str_equal (type, "GtkText") && !g_str_equal (type, "GtkEntry") &&
      !g_str_equal (type, "GtkSearchEntry") && !g_str_equal (type, "GtkPasswordEntry"))
    return;
  since = g_get_monotonic_time () - f->last_field_tap_us;
  if (f->last_field_tap_us != 0 && since < SEWA_DOUBLE_TAP_US)
    g_usleep ((gulong) (SEWA_DOUBLE_TAP_US - since));
  f->last_field_tap_us = g_get_monotonic_time ();
}

void
sewa_fingers_tap (SewaFingers *f, const char *selector)
{
  g_autoptr (JsonObject) state = sewa_fingers_wait_for (f, selector, 30);
  JsonObject *w = sewa_fingers_tap_target (state, sewa_fingers_find (state, selector));
  int x, y;

  if (!fully_visible (w) && scroller_of (state, w) != NULL)
    {
      g_clear_pointer (&state, json_object_unref);
      sewa_fingers_scroll_to (f, selector);
      state = sewa_fingers_wait_for (f, selector, 30);
      w = sewa_fingers_tap_target (state, sewa_fingers_find (state, selector));
    }
  if (json_object_get_int_member (w, "vw") <= 0 || json_object_get_int_member (w, "vh") <= 0)
    g_error ("\"%s\" is not visible on screen \"%s\": nothing to tap", selector,
             sewa_fingers_screen (state));
  refuse_covered (w, selector);
  pace_field_tap (f, w);
  centre_of (w, &x, &y);
  press_at (f, x, y, TRUE);
  press_at (f, x, y, FALSE);
  sync_kiosk (f);
}

void
sewa_fingers_hold (SewaFingers *f, const char *selector, SewaFingersPredicate pred, gpointer data,
                   guint max_ms)
{
  g_autoptr (JsonObject) state = sewa_fingers_wait_for (f, selector, 30);
  JsonObject *w = sewa_fingers_tap_target (state, sewa_fingers_find (state, selector));
  gint64 until = g_get_monotonic_time () + (gint64) max_ms * 1000;
  int x, y;

  centre_of (w, &x, &y);
  press_at (f, x, y, TRUE);
  while (g_get_monotonic_time () < until)
    {
      g_autoptr (JsonObject) now = sewa_fingers_state (f);

      if (pred (now, data))
        break;
      g_usleep (POLL_US);
    }
  press_at (f, x, y, FALSE);
  sync_kiosk (f);
}

void
sewa_fingers_key (SewaFingers *f, const char *keysym_name)
{
  KeySym sym = XStringToKeysym (keysym_name);
  KeyCode code = sym != NoSymbol ? XKeysymToKeycode (f->dpy, sym) : 0;

  if (code == 0)
    g_error ("no key for keysym \"%s\" on this X server", keysym_name);
  XTestFakeKeyEvent (f->dpy, code, True, CurrentTime);
  XTestFakeKeyEvent (f->dpy, code, False, CurrentTime);
  XSync (f->dpy, False);
  sync_kiosk (f);
}

/* ---- the on-screen keyboard -------------------------------------------------------------- */

static JsonObject *
focused_editable (JsonObject *state)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);

      if (json_object_get_boolean_member (w, "focus") &&
          g_str_equal (json_object_get_string_member (w, "type"), "GtkText"))
        return w;
    }
  return NULL;
}

static gboolean
ready_to_type (JsonObject *state, gpointer unused)
{
  JsonObject *field = focused_editable (state);

  return json_object_get_boolean_member (json_object_get_object_member (state, "osk"), "visible") &&
         field != NULL && !json_object_get_boolean_member_with_default (field, "selection", FALSE);
}

static JsonObject *
osk_key (JsonObject *state, const char *types)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (w, "types", NULL), types) == 0 &&
          has_class (w, "osk-key"))
        return w;
    }
  return NULL;
}

static gboolean
is_layout_switch (JsonObject *w)
{
  static const char *const names[] = { "ਅ", "अ", "ABC", "123", NULL };
  const char *text = json_object_get_string_member_with_default (w, "text", NULL);

  return has_class (w, "osk-special") && text != NULL && g_strv_contains (names, text);
}

static JsonObject *
osk_special (JsonObject *state, const char *label)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);

      if (!has_class (w, "osk-special"))
        continue;
      if (label == NULL ? is_layout_switch (w)
                        : g_strcmp0 (json_object_get_string_member_with_default (w, "text", NULL), label) == 0)
        return w;
    }
  return NULL;
}

void
sewa_fingers_click_widget (SewaFingers *f, JsonObject *w, guint button)
{
  int x, y;

  centre_of (w, &x, &y);
  XTestFakeMotionEvent (f->dpy, DefaultScreen (f->dpy), x, y, CurrentTime);
  XTestFakeButtonEvent (f->dpy, button, True, CurrentTime);
  XTestFakeButtonEvent (f->dpy, button, False, CurrentTime);
  XSync (f->dpy, False);
  if (button >= 4 && button <= 7)
    f->scrolls_sent++;
  else
    f->releases_sent++;
  sync_kiosk (f);
}

void
sewa_fingers_tap_widget (SewaFingers *f, JsonObject *w)
{
  int x, y;

  refuse_covered (w, json_object_get_string_member_with_default (w, "text", "a widget"));
  pace_field_tap (f, w);
  centre_of (w, &x, &y);
  press_at (f, x, y, TRUE);
  press_at (f, x, y, FALSE);
  /* Taps queued faster than the kiosk handles them would all land where the pointer ended. */
  sync_kiosk (f);
}

typedef struct
{
  gboolean latched;
  char *layout;
} OskLevel;

static void
osk_level (JsonObject *state, OskLevel *out)
{
  JsonObject *shift = osk_special (state, "⇧");

  out->latched = shift != NULL && has_class (shift, "osk-latched");
  g_free (out->layout);
  out->layout = g_strdup (json_object_get_string_member_with_default (
    json_object_get_object_member (state, "osk"), "layout", ""));
}

/* The keyboard shows another level: shift latched or released, or another layout. */
static gboolean
osk_level_changed (JsonObject *state, gpointer data)
{
  OskLevel *before = data;
  OskLevel now = { FALSE, NULL };
  gboolean changed;

  osk_level (state, &now);
  changed = now.latched != before->latched || g_strcmp0 (now.layout, before->layout) != 0;
  g_free (now.layout);
  return changed;
}

typedef struct
{
  glong min_chars;
} LengthWait;

static gboolean
field_long_enough (JsonObject *state, gpointer data)
{
  JsonObject *field = focused_editable (state);

  if (g_getenv ("SEWA_FINGERS_TRACE") != NULL)
    g_printerr ("fingers: field reads \"%s\"\n",
                field != NULL ? json_object_get_string_member_with_default (field, "text", "") : "(none)");
  return field != NULL &&
         g_utf8_strlen (json_object_get_string_member_with_default (field, "text", ""), -1) >=
             ((LengthWait *) data)->min_chars;
}

/* Keys whose places are known are tapped without reading the whole screen in between (typing
 * a letter does not move the keys); after each tap the kiosk is synced, since taps queued
 * faster than it handles them would all land where the pointer ended. The screen is read again
 * when a key is not on the current level (shift, layout switch). */
void
sewa_fingers_type_osk (SewaFingers *f, const char *text)
{
  g_autofree char *ready = g_strdup_printf ("the keyboard open on a focused field with nothing "
                                            "selected, to type \"%s\"", text);
  /* A finger types once it sees the keyboard up and the caret in the field it tapped; a text
   * selected there would be replaced by the first key. */
  g_autoptr (JsonObject) state = sewa_fingers_wait (f, ready_to_type, NULL, ready, 10);
  JsonObject *field = focused_editable (state);
  LengthWait lw;
  guint attempts = 0;

  /* The field may show more than was typed (a date gets its dashes), never less. */
  lw.min_chars = g_utf8_strlen (json_object_get_string_member_with_default (field, "text", ""), -1) +
                 g_utf8_strlen (text, -1);

  for (const char *p = text; *p != '\0';)
    {
      char ch[8] = { 0 };
      JsonObject *key, *other;
      OskLevel level = { FALSE, NULL };

      g_unichar_to_utf8 (g_utf8_get_char (p), ch);
      key = osk_key (state, ch);
      if (key != NULL)
        {
          /* A shifted key drops the shift level again: read the keys anew after it. */
          osk_level (state, &level);
          sewa_fingers_tap_widget (f, sewa_fingers_tap_target (state, key));
          p = g_utf8_next_char (p);
          attempts = 0;
          if (level.latched)
            {
              JsonObject *next = sewa_fingers_wait (f, osk_level_changed, &level, "the keyboard to unshift", 20);
              json_object_unref (state);
              state = next;
            }
          g_free (level.layout);
          continue;
        }
      /* Not on this level: shift once, then the next layouts (script, Latin, digits). */
      if (++attempts > 6)
        g_error ("no key on the on-screen keyboard types \"%s\"", ch);
      other = attempts % 2 == 1 ? osk_special (state, "⇧") : NULL;
      if (other == NULL || has_class (other, "osk-latched"))
        other = osk_special (state, NULL);
      if (other == NULL)
        g_error ("no key types \"%s\" and the keyboard has no layout key", ch);
      osk_level (state, &level);
      sewa_fingers_tap_widget (f, other);
      {
        JsonObject *next = sewa_fingers_wait (f, osk_level_changed, &level, "the keyboard to change", 20);
        json_object_unref (state);
        state = next;
      }
      g_free (level.layout);
    }
  {
    g_autofree char *what = g_strdup_printf ("\"%s\" typed into the field", text);
    g_autoptr (JsonObject) done = sewa_fingers_wait (f, field_long_enough, &lw, what, 30);
  }
}

/* ---- layout invariants ------------------------------------------------------------------- */

typedef struct
{
  gint64 x, y, w, h;
} Rect;

static Rect
rect_of (JsonObject *w, gboolean visible_part)
{
  Rect r;

  r.x = json_object_get_int_member (w, visible_part ? "svx" : "sx");
  r.y = json_object_get_int_member (w, visible_part ? "svy" : "sy");
  r.w = json_object_get_int_member (w, visible_part ? "vw" : "w");
  r.h = json_object_get_int_member (w, visible_part ? "vh" : "h");
  return r;
}

static gboolean
rects_overlap (Rect a, Rect b)
{
  /* One pixel of shared border is rounding, not an overlap. */
  gint64 w = MIN (a.x + a.w, b.x + b.w) - MAX (a.x, b.x);
  gint64 h = MIN (a.y + a.h, b.y + b.h) - MAX (a.y, b.y);

  return w > 1 && h > 1;
}

static char *
describe (JsonObject *w, Rect r)
{
  const char *id = json_object_get_string_member_with_default (w, "id", NULL);
  const char *text = json_object_get_string_member_with_default (w, "text", NULL);

  return g_strdup_printf ("%s%s%s%s%s%s at %" G_GINT64_FORMAT ",%" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                          "x%" G_GINT64_FORMAT,
                          json_object_get_string_member (w, "type"), id ? " #" : "", id ? id : "",
                          text ? " \"" : "", text ? text : "", text ? "\"" : "", r.x, r.y, r.w, r.h);
}

static gboolean
outermost_interactive (JsonObject *state, JsonObject *w)
{
  if (!json_object_get_boolean_member (w, "interactive"))
    return FALSE;
  for (JsonObject *a = widget_at (state, json_object_get_int_member (w, "parent")); a != NULL;
       a = widget_at (state, json_object_get_int_member (a, "parent")))
    if (json_object_get_boolean_member (a, "interactive"))
      return FALSE;
  return TRUE;
}

static void
violation (GString *out, guint *n, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static void
violation (GString *out, guint *n, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  g_string_append (out, "\n  - ");
  g_string_append_vprintf (out, fmt, ap);
  va_end (ap);
  (*n)++;
}

/* The invariants, on every interactive widget that is not inside another (a button's label is
 * part of the button):
 *  1. inside the screen: the whole widget, or for a widget in a scrolled window the part the
 *     viewport shows (the rest can be scrolled to; the scrolled window itself must be on
 *     screen); nothing cut off by a parent that hides its overflow;
 *  2. touch targets at least 48x48 px, the screen's primary action (css class
 *     "suggested-action") at least 64 px high;
 *  3. no two of them overlap (within one surface: a popover or dialog lies above the window,
 *     a full-screen question above the screen it covers);
 *  4. with the on-screen keyboard open, the focused field and the primary action are wholly
 *     visible and not under the keyboard. */
static gboolean
is_primary (JsonObject *w)
{
  return has_class (w, "suggested-action");
}

/* The keyboard under a full-screen question (its keys covered) is not what the citizen types
 * on: the question is the screen until it is answered. */
static gboolean
osk_covered (JsonObject *state)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);

      if (json_object_has_member (w, "types") && json_object_has_member (w, "covered_by"))
        return TRUE;
    }
  return FALSE;
}

static void
check_state (SewaFingers *f, JsonObject *state, GString *out, guint *n)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  JsonObject *osk = json_object_get_object_member (state, "osk");
  g_autoptr (GPtrArray) targets = g_ptr_array_new ();
  Rect screen = { 0, 0, f->screen_w, f->screen_h };

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);
      gboolean in_scroller = json_object_get_boolean_member (w, "in_scroller");
      Rect full = rect_of (w, FALSE), vis = rect_of (w, TRUE);
      g_autofree char *what = NULL;

      if (g_str_equal (json_object_get_string_member (w, "type"), "GtkScrolledWindow") &&
          (full.x < 0 || full.y < 0 || full.x + full.w > screen.w || full.y + full.h > screen.h))
        {
          what = describe (w, full);
          violation (out, n, "scrolled window %s reaches outside the %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT
                     " screen: what it scrolls to there cannot be seen", what, screen.w, screen.h);
          continue;
        }
      if (!outermost_interactive (state, w) || full.w == 0 || full.h == 0)
        continue;
      g_ptr_array_add (targets, w);
      what = describe (w, full);
      if (in_scroller && (vis.w == 0 || vis.h == 0))
        continue; /* scrolled out of view: reachable by scrolling */
      {
        Rect r = in_scroller ? vis : full;

        if (r.x < 0 || r.y < 0 || r.x + r.w > screen.w || r.y + r.h > screen.h)
          violation (out, n, "%s is not wholly inside the %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT " screen",
                     what, screen.w, screen.h);
        else if (!in_scroller && (vis.w != full.w || vis.h != full.h))
          violation (out, n, "%s is cut off by its parent (visible %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT ")",
                     what, vis.w, vis.h);
      }
      if (full.w < 48 || full.h < 48)
        violation (out, n, "%s is smaller than a 48x48 px touch target", what);
      if (is_primary (w) && full.h < 64)
        violation (out, n, "primary action %s is lower than 64 px", what);
    }

  for (guint i = 0; i < targets->len; i++)
    for (guint j = i + 1; j < targets->len; j++)
      {
        JsonObject *a = targets->pdata[i], *b = targets->pdata[j];
        Rect ra = rect_of (a, TRUE), rb = rect_of (b, TRUE);

        if (json_object_get_int_member (a, "native") != json_object_get_int_member (b, "native"))
          continue;
        /* A full-screen question lies over the screen like a dialog over its window: what is
         * beneath cannot be pressed, so it overlaps nothing a finger meets. */
        if (json_object_has_member (a, "covered_by") || json_object_has_member (b, "covered_by"))
          continue;
        if (rects_overlap (ra, rb))
          {
            g_autofree char *da = describe (a, ra);
            g_autofree char *db = describe (b, rb);
            violation (out, n, "%s overlaps %s", da, db);
          }
      }

  if (json_object_get_boolean_member (osk, "visible") && !osk_covered (state))
    {
      Rect ko = { json_object_get_int_member (osk, "sx"), json_object_get_int_member (osk, "sy"),
                  json_object_get_int_member (osk, "w"), json_object_get_int_member (osk, "h") };
      JsonObject *field = focused_editable (state);

      if (ko.y + ko.h > screen.h || ko.x < 0 || ko.x + ko.w > screen.w)
        violation (out, n, "the on-screen keyboard at %" G_GINT64_FORMAT ",%" G_GINT64_FORMAT " %"
                   G_GINT64_FORMAT "x%" G_GINT64_FORMAT " is not wholly on the screen",
                   ko.x, ko.y, ko.w, ko.h);
      for (guint i = 0; i < targets->len + 1; i++)
        {
          JsonObject *w = i < targets->len ? targets->pdata[i] : NULL;
          const char *role = "primary action";
          Rect full;
          g_autofree char *what = NULL;

          if (w == NULL)
            {
              if (field == NULL)
                continue;
              w = field;
              for (JsonObject *a = field; a != NULL; a = widget_at (state, json_object_get_int_member (a, "parent")))
                if (json_object_get_boolean_member (a, "interactive"))
                  w = a;
              role = "focused field";
            }
          else if (!is_primary (w))
            continue;
          full = rect_of (w, FALSE);
          what = describe (w, full);
          if (rects_overlap (full, ko))
            violation (out, n, "with the keyboard open, the %s %s is under the keyboard", role, what);
          else if (!fully_visible (w))
            violation (out, n, "with the keyboard open, the %s %s is not wholly visible "
                       "(visible %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT ")", role, what,
                       json_object_get_int_member (w, "vw"), json_object_get_int_member (w, "vh"));
          else if (full.y + full.h > screen.h)
            violation (out, n, "with the keyboard open, the %s %s is below the screen", role, what);
        }
    }
}

static JsonObject *
a11y_of (JsonObject *w)
{
  return json_object_has_member (w, "a11y") ? json_object_get_object_member (w, "a11y") : NULL;
}

static const char *
a11y_string (JsonObject *w, const char *member)
{
  JsonObject *a = a11y_of (w);

  return a != NULL && json_object_has_member (a, member) ? json_object_get_string_member (a, member) : NULL;
}

/* What a screen reader finds on the screen as shown (see sewa_fingers_set_check_a11y). */
static void
check_a11y_state (SewaFingers *f, JsonObject *state, GString *out, guint *n)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);
      Rect full = rect_of (w, FALSE), vis = rect_of (w, TRUE);
      gboolean shown = full.w > 0 && full.h > 0 && (vis.w > 0 || json_object_get_boolean_member (w, "in_scroller"));
      g_autofree char *what = NULL;

      if (!shown)
        continue;
      if (outermost_interactive (state, w) && !json_object_has_member (w, "covered_by"))
        {
          const char *name = a11y_string (w, "name");

          if (name == NULL || *name == '\0')
            {
              what = describe (w, full);
              violation (out, n, "%s has no accessible name", what);
            }
          else
            f->a11y_named++;
        }
      if (has_class (w, "field-input") && a11y_string (w, "labelled_by") == NULL)
        {
          g_clear_pointer (&what, g_free);
          what = describe (w, full);
          violation (out, n, "form field %s is not labelled by its caption", what);
        }
      if (g_str_equal (json_object_get_string_member (w, "type"), "GtkLabel") &&
          (has_class (w, "field-error") || has_class (w, "field-warning")))
        {
          const char *text = json_object_has_member (w, "text") ? json_object_get_string_member (w, "text") : "";
          gboolean tied = FALSE;
          JsonObject *a = a11y_of (w);

          for (guint j = 0; j < json_array_get_length (widgets) && !tied; j++)
            tied = g_strcmp0 (a11y_string (json_array_get_object_element (widgets, j), "described_by"), text) == 0;
          g_clear_pointer (&what, g_free);
          what = describe (w, full);
          if (!tied)
            violation (out, n, "error line %s is not tied to its field (no field is described by it)", what);
          if (a == NULL || !json_object_has_member (a, "alert"))
            violation (out, n, "error line %s is not announced (not an alert)", what);
        }
    }
}

void
sewa_fingers_set_check_a11y (SewaFingers *f, gboolean check)
{
  f->check_a11y = check;
}

guint
sewa_fingers_get_a11y_named (SewaFingers *f)
{
  return f->a11y_named;
}

static gboolean
settled (JsonObject *state, gpointer unused)
{
  return TRUE;
}

/* The invariants, on every interactive widget that is not inside another (a button's label is
 * part of the button):
 *  1. inside the screen: the whole widget, or for a widget in a scrolled window the part the
 *     viewport shows (the rest can be scrolled to; the scrolled window itself must be on
 *     screen); nothing cut off by a parent that hides its overflow;
 *  2. touch targets at least 48x48 px, the screen's primary action (css class
 *     "suggested-action") at least 64 px high;
 *  3. no two of them overlap (within one surface: a popover or dialog lies above the window,
 *     a full-screen question above the screen it covers);
 *  4. with the on-screen keyboard open, the focused field and the primary action are wholly
 *     visible and not under the keyboard. */
guint
sewa_fingers_check_layout (SewaFingers *f, const char *label)
{
  g_autoptr (JsonObject) state = sewa_fingers_wait (f, settled, NULL, "a settled screen", 20);
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = 0;

  check_state (f, state, out, &n);
  if (f->check_a11y)
    check_a11y_state (f, state, out, &n);
  if (n == 0)
    {
      /* Every checked state is also the journey's record of that step, for a person to look at. */
      g_autofree char *shot = sewa_fingers_screenshot (f, label);
    }
  else
    {
      g_autofree char *shot_label = g_strdup_printf ("layout-%s", label);
      g_autofree char *shot = sewa_fingers_screenshot (f, shot_label);

      if (g_strcmp0 (g_getenv ("SEWA_LAYOUT_SOFT"), "1") == 0)
        {
          g_test_message ("layout of screen \"%s\" (%s): %u problem(s), screenshot %s:%s",
                          sewa_fingers_screen (state), label, n, shot, out->str);
          return n;
        }
      g_error ("layout of screen \"%s\" (%s): %u problem(s), screenshot %s:%s",
               sewa_fingers_screen (state), label, n, shot, out->str);
    }
  return 0;
}

/* ---- kioskctl ---------------------------------------------------------------------------- */

char *
sewa_fingers_kioskctl (SewaFingers *f, int *status, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) envp = NULL;
  char *out = NULL;
  va_list ap;
  int wait_status = 0;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "kioskctl", "kioskctl", NULL));
  g_ptr_array_add (argv, g_strdup ("--config"));
  g_ptr_array_add (argv, g_strdup (f->config_path));
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", f->data_home, TRUE);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &wait_status, &error))
    g_error ("kioskctl: %s", error->message);
  if (status != NULL)
    *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

/* ---- start and stop ---------------------------------------------------------------------- */

static gboolean
window_ready (JsonObject *state, gpointer data)
{
  SewaFingers *f = data;
  JsonArray *natives = json_object_get_array_member (state, "natives");
  JsonObject *main_native;

  if (json_array_get_length (natives) == 0 || json_object_get_int_member (state, "frames") < 1)
    return FALSE;
  main_native = json_array_get_object_element (natives, 0);
  return json_object_get_boolean_member_with_default (main_native, "placed", FALSE) &&
         json_object_get_int_member (main_native, "width") == f->screen_w &&
         json_object_get_int_member (main_native, "height") == f->screen_h;
}

SewaFingers *
sewa_fingers_start (const SewaFingersOptions *options)
{
  SewaFingers *f = g_new0 (SewaFingers, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSocketClient) client = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *sock = NULL, *kiosk = NULL, *config = NULL, *xdg_config = NULL;
  g_autofree char *settings_dir = NULL, *settings = NULL;
  g_auto (GStrv) parts = NULL;
  gint64 deadline;
  JsonObject *main_native;

  f->home = g_dir_make_tmp ("sewa-fingers-XXXXXX", &error);
  g_assert_no_error (error);
  f->name = g_strdup (options->name != NULL ? options->name : "kiosk");
  /* The same journey on another screen size (scripts/with-display's SEWA_SCREEN) keeps its
   * screenshots apart: guard-back-1366x768/. */
  if (g_getenv ("SEWA_SCREEN") != NULL && !g_str_equal (g_getenv ("SEWA_SCREEN"), "1280x800"))
    {
      g_autofree char *plain = f->name;

      f->name = g_strdup_printf ("%s-%s", plain, g_getenv ("SEWA_SCREEN"));
    }
  f->dpy = XOpenDisplay (NULL);
  if (f->dpy == NULL)
    g_error ("cannot open the X display (run under scripts/with-display)");
  XSetErrorHandler (on_x_error);
  f->screen_w = DisplayWidth (f->dpy, DefaultScreen (f->dpy));
  f->screen_h = DisplayHeight (f->dpy, DefaultScreen (f->dpy));

  /* "@HOME@" in the configuration stands for this kiosk's own directory. */
  parts = g_strsplit (options->config != NULL ? options->config : "", "@HOME@", -1);
  config = g_strconcat ("[kiosk]\nvoice-device=null\n", NULL);
  {
    g_autofree char *joined = g_strjoinv (f->home, parts);
    g_autofree char *all = g_strconcat (config, joined, NULL);

    f->config_path = g_build_filename (f->home, "kiosk.conf", NULL);
    g_assert_true (g_file_set_contents (f->config_path, all, -1, &error));
  }

  xdg_config = g_build_filename (f->home, "xdg-config", NULL);
  settings_dir = g_build_filename (xdg_config, "gtk-4.0", NULL);
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  settings = g_build_filename (settings_dir, "settings.ini", NULL);
  /* Screens must be checked settled, not mid-crossfade; the bench keeps the animations. A
   * blinking caret would paint frames nobody asked for (the bench counts frames). */
  g_assert_true (g_file_set_contents (settings, options->animations
                                                    ? "[Settings]\ngtk-cursor-blink=false\n"
                                                    : "[Settings]\ngtk-cursor-blink=false\n"
                                                      "gtk-enable-animations=false\n",
                                      -1, &error));

  /* This run's screenshots only. */
  {
    g_autofree char *shots = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "screenshots", "journey",
                                               f->name, NULL);
    remove_tree (shots);
  }
  sock = g_build_filename (f->home, "probe.sock", NULL);
  kiosk = options->kiosk_exe != NULL ? g_strdup (options->kiosk_exe)
                                     : g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "ui", "sewa-kiosk", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "SEWA_TEST_PROBE", sock, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", xdg_config, TRUE);
  f->data_home = options->data_home != NULL ? g_strdup (options->data_home)
                                             : g_build_filename (f->home, "xdg-data", NULL);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->data_home, TRUE);
  /* The kiosk logs warnings by design (a printer that fails); criticals are bugs. */
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  {
    g_autoptr (GPtrArray) args = g_ptr_array_new ();

    g_ptr_array_add (args, kiosk);
    g_ptr_array_add (args, (gpointer) "--config");
    g_ptr_array_add (args, f->config_path);
    for (guint i = 0; options->kiosk_args != NULL && options->kiosk_args[i] != NULL; i++)
      g_ptr_array_add (args, (gpointer) options->kiosk_args[i]);
    g_ptr_array_add (args, NULL);
    f->kiosk = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  }
  g_assert_no_error (error);

  client = g_socket_client_new ();
  address = g_unix_socket_address_new (sock);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (f->probe == NULL)
    {
      g_autoptr (GError) connect_error = NULL;

      check_alive (f);
      if (g_file_test (sock, G_FILE_TEST_EXISTS))
        f->probe = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &connect_error);
      if (f->probe == NULL)
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("the kiosk's test probe did not come up on %s", sock);
          g_usleep (POLL_US);
        }
    }
  f->probe_in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (f->probe)));

  /* Fullscreen, mapped, painted: then confirm through the X server that it covers the screen
   * from its top-left corner rather than assuming so. */
  state = sewa_fingers_wait (f, window_ready, f, "the kiosk window to fill the screen", 60);
  main_native = json_array_get_object_element (json_object_get_array_member (state, "natives"), 0);
  if (json_object_get_int_member (main_native, "sx") != 0 ||
      json_object_get_int_member (main_native, "sy") != 0)
    g_error ("the kiosk window is at %" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ", not at the screen's origin",
             json_object_get_int_member (main_native, "sx"), json_object_get_int_member (main_native, "sy"));
  return f;
}

void
sewa_fingers_stop (SewaFingers *f)
{
  if (f == NULL)
    return;
  g_clear_object (&f->probe_in);
  if (f->probe != NULL)
    g_io_stream_close (G_IO_STREAM (f->probe), NULL, NULL);
  g_clear_object (&f->probe);
  if (f->kiosk != NULL && sewa_fingers_alive (f))
    {
      g_subprocess_send_signal (f->kiosk, SIGTERM);
      g_subprocess_wait (f->kiosk, NULL, NULL);
    }
  g_clear_object (&f->kiosk);
  if (f->dpy != NULL)
    XCloseDisplay (f->dpy);
  remove_tree (f->home);
  g_free (f->home);
  g_free (f->config_path);
  g_free (f->name);
  g_free (f->data_home);
  g_free (f);
}
