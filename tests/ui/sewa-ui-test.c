#include "sewa-ui-test.h"
#include "sewa-lang.h"
#include "sewa-screenshot.h"
#include "sewa-printer-peer.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static char *test_home;

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

static void
remove_test_home (void)
{
  if (test_home != NULL)
    remove_tree (test_home);
  g_clear_pointer (&test_home, g_free);
}

const char *
sewa_ui_test_get_home (void)
{
  return test_home;
}

void
sewa_ui_test_init (int *argc, char ***argv)
{
  /* Each test run gets its own state (queue database, key) before GLib reads the
   * environment, so tests never touch a real kiosk's data or each other's. */
  test_home = g_dir_make_tmp ("sewa-ui-test-XXXXXX", NULL);
  g_assert_nonnull (test_home);
  g_setenv ("XDG_DATA_HOME", test_home, TRUE);
  atexit (remove_test_home);
  g_test_init (argc, argv, NULL);
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  gtk_init ();
}

static void
on_first_frame (SewaWindow *w, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

typedef struct
{
  SewaUiTestAddFunc add_tests;
  int status;
} RunContext;

static SewaApplication *the_app;
static void (*the_teardown) (void);

void
sewa_ui_test_set_teardown (void (*teardown) (void))
{
  the_teardown = teardown;
}
static SewaWindow *the_window;

SewaApplication *
sewa_ui_test_app (void)
{
  return the_app;
}

SewaWindow *
sewa_ui_test_window (void)
{
  return the_window;
}

/* Runs after the application's own activate handler made and presented the kiosk window,
 * exactly as in production; the tests then drive that window. */
static void
on_activate_after (GApplication *app, gpointer user_data)
{
  RunContext *ctx = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gboolean drawn = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GObject *weak_window;

  g_assert_true (SEWA_IS_WINDOW (window));
  /* Screenshots must show the settled screen, not a crossfade between two. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  the_window = SEWA_WINDOW (window);
  g_signal_connect (window, "first-frame", G_CALLBACK (on_first_frame), &drawn);
  while (!(drawn && gtk_window_is_fullscreen (window) &&
           gtk_widget_get_width (GTK_WIDGET (window)) >= 1280))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  ctx->add_tests ();
  ctx->status = g_test_run ();
  if (the_teardown != NULL)
    the_teardown ();

  weak_window = G_OBJECT (window);
  g_object_add_weak_pointer (weak_window, (gpointer *) &weak_window);
  gtk_window_destroy (window);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (weak_window != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  the_window = NULL;
}

static char *config_path;

/* The voice speaks for real (espeak-ng) into ALSA's "null" device: the test machine has no
 * speaker, and the sound is checked by tests/test-voice.c and test-ui-voice.c. A test's own
 * [kiosk] lines come later and win (GKeyFile merges a repeated group). */
#define VOICE_CONFIG "[kiosk]\nvoice-device=null\n"

void
sewa_ui_test_set_config (const char *key_file_text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strconcat (VOICE_CONFIG, key_file_text, NULL);

  g_free (config_path);
  config_path = g_build_filename (test_home, "kiosk.conf", NULL);
  g_assert_true (g_file_set_contents (config_path, text, -1, &error));
}

int
sewa_ui_test_run (SewaUiTestAddFunc add_tests)
{
  RunContext ctx = { add_tests, 1 };
  char *argv[] = { (char *) "sewa-kiosk", (char *) "--config", NULL, NULL };

  if (config_path == NULL)
    sewa_ui_test_set_config ("");
  argv[2] = config_path;
  the_app = sewa_application_new ();
  g_signal_connect_after (the_app, "activate", G_CALLBACK (on_activate_after), &ctx);
  g_assert_cmpint (g_application_run (G_APPLICATION (the_app), 3, argv), ==, 0);
  g_clear_pointer (&config_path, g_free);
  g_assert_finalize_object (g_steal_pointer (&the_app));
  return ctx.status;
}

static void
after_paint (GdkFrameClock *clock, gpointer user_data)
{
  guint *count = user_data;
  (*count)++;
}

/* Waits until @n frames have been painted, so layout and rendering reflect every change. */
void
sewa_ui_test_wait_frames (GtkWidget *widget, guint n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint count = 0;
  gulong id;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &count);
  while (count < n)
    {
      gtk_widget_queue_draw (widget);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, id);
}

char *
sewa_ui_test_screenshot (GtkWidget *widget, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  sewa_ui_test_wait_frames (widget, 1);
  sewa_screenshot_widget_to_png (widget, path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
  return path;
}

/* Every visible label must fit its allocation: its minimum width no wider than it was given,
 * and its height for that width no taller. Returns how many labels were checked. */
guint
sewa_ui_test_assert_text_fits (GtkWidget *root)
{
  guint checked = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), "") != 0)
    {
      int w = gtk_widget_get_width (root), h = gtk_widget_get_height (root);
      int min_w = 0, min_h = 0;

      gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      gtk_widget_measure (root, GTK_ORIENTATION_VERTICAL, w, &min_h, NULL, NULL, NULL);
      if (min_w > w || min_h > h)
        g_error ("label \"%s\" clipped: needs %dx%d, has %dx%d",
                 gtk_label_get_text (GTK_LABEL (root)), min_w, min_h, w, h);
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (root))));
      checked++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    checked += sewa_ui_test_assert_text_fits (c);
  return checked;
}

GtkWidget *
sewa_ui_test_find_label (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = sewa_ui_test_find_label (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- CUPS's ippeveprinter (sewa-printer-peer.c), in this test's home ---------------------- */

char *
sewa_ui_test_printer_start (void)
{
  g_autofree char *work = g_build_filename (test_home, "printer", NULL);

  return sewa_printer_peer_start (work);
}

char *
sewa_ui_test_printer_command (const char *cmd)
{
  return sewa_printer_peer_command (cmd);
}

char *
sewa_ui_test_printer_job_text (const char *needle)
{
  return sewa_printer_peer_job_text (needle);
}

void
sewa_ui_test_printer_stop (void)
{
  sewa_printer_peer_stop ();
}

static gboolean
wake_loop (gpointer unused)
{
  return G_SOURCE_CONTINUE;
}

void
sewa_ui_test_wait_until (gboolean (*cond) (gpointer), gpointer data, const char *what, guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  /* The loop also wakes on its own, so the deadline holds when nothing else happens (a wait
   * once sat two minutes past its 30 s on a pad no timer was going to change). */
  guint wake = g_timeout_add (100, wake_loop, NULL);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

/* A real tap: the X server's own pointer (XTEST, through xdotool) pressed and released at the
 * centre of WIDGET, so the event goes through every controller on the way exactly as a finger's
 * would. Returns once the server has the events; the caller waits for their effect. */
void
sewa_ui_test_tap (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_rect_t bounds;
  double sx = 0, sy = 0;
  g_autofree char *xid = NULL, *x = NULL, *y = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &bounds));
  gtk_native_get_surface_transform (native, &sx, &sy);
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  x = g_strdup_printf ("%d", (int) (sx + bounds.origin.x + bounds.size.width / 2));
  y = g_strdup_printf ("%d", (int) (sy + bounds.origin.y + bounds.size.height / 2));
  {
    const char *argv[] = { "xdotool", "mousemove", "--sync", "--window", xid, x, y,
                           "click", "1", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* WIDGET is shown and lies wholly on the monitor: a button half below the screen's edge
 * cannot be tapped. The kiosk window is fullscreen, so window coordinates are the screen's. */
void
sewa_ui_test_assert_on_screen (GtkWidget *widget, const char *what)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);
  GdkRectangle screen;
  graphene_rect_t b;

  gdk_monitor_get_geometry (monitor, &screen);
  if (!gtk_widget_get_mapped (widget))
    g_error ("%s is not shown", what);
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &b));
  if (b.origin.x < 0 || b.origin.y < 0 || b.origin.x + b.size.width > screen.width + 0.5 ||
      b.origin.y + b.size.height > screen.height + 0.5)
    g_error ("%s is off the %dx%d screen: %.0f,%.0f %.0fx%.0f", what, screen.width, screen.height,
             b.origin.x, b.origin.y, b.size.width, b.size.height);
}
