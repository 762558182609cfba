/* The home (attract) screen and language switching, in the real GTK UI under Xvfb. */
#include "sewa-ui-test.h"
#include "sewa-screenshot.h"
#include "screens/home/sewa-home-page.h"
#include "screens/start/sewa-start-page.h"

#include <pango/pangocairo.h>

#define app (sewa_ui_test_app ())
#define window (sewa_ui_test_window ())

static SewaHomePage *
home_page (void)
{
  return SEWA_HOME_PAGE (sewa_window_get_screen_widget (window, "home"));
}

static void
test_fullscreen_and_touch_targets (void)
{
  const char *langs[] = { "pa", "hi", "en" };

  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 1280);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, 800);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "home");
  /* No "start over" on the attract screen. */
  g_assert_false (gtk_widget_is_visible (sewa_window_get_start_over_button (window)));

  for (gsize i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      GtkWidget *b = GTK_WIDGET (sewa_home_page_get_language_button (home_page (), langs[i]));

      g_assert_true (gtk_widget_is_visible (b));
      g_assert_true (gtk_widget_is_sensitive (b));
      /* Large touch targets: at least 96 px high and 200 px wide. */
      g_assert_cmpint (gtk_widget_get_height (b), >=, 96);
      g_assert_cmpint (gtk_widget_get_width (b), >=, 200);
    }
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (window)), >=, 7);
}

typedef struct
{
  const char *code;
  const char *start_over;   /* expected translation of "Start over" */
  gunichar script_base;     /* first code point of the script's Unicode block */
} LangCase;

static const LangCase lang_cases[] = {
  { "pa", "ਮੁੜ ਸ਼ੁਰੂ ਕਰੋ", 0x0A00 },
  { "hi", "फिर से शुरू करें", 0x0900 },
  { "en", "Start over", 'A' & ~0x7F },
};

static void
test_language_switch (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (lang_cases); i++)
    {
      const LangCase *c = &lang_cases[i];
      GtkWidget *button = GTK_WIDGET (sewa_home_page_get_language_button (home_page (), c->code));
      GtkWidget *start_over, *start;
      const char *heading;
      g_autofree char *shot_name = g_strdup_printf ("start-%s", c->code);
      g_autofree char *shot = NULL;
      SewaSession *session = sewa_application_get_session (app);

      /* A real click: the button's own "clicked" path activates win.choose-language. */
      g_signal_emit_by_name (button, "clicked");
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);

      g_assert_cmpstr (sewa_window_get_screen (window), ==, "start");
      g_assert_true (sewa_session_is_active (session));
      start_over = sewa_window_get_start_over_button (window);
      g_assert_true (gtk_widget_is_visible (start_over));
      g_assert_cmpint (gtk_widget_get_height (start_over), >=, 64);
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start_over)), ==, c->start_over);
      /* The connection line is in the citizen's language too (this kiosk is not enrolled). */
      if (c->script_base != 0)
        g_assert_cmpuint (g_utf8_get_char (sewa_window_get_sync_text (window)) & ~0x7F, ==, c->script_base);
      else
        g_assert_cmpstr (sewa_window_get_sync_text (window), ==, "Offline: applications are kept safely");

      start = sewa_window_get_screen_widget (window, "start");
      heading = gtk_label_get_text (sewa_start_page_get_heading (SEWA_START_PAGE (start)));
      if (c->script_base != 0)
        g_assert_cmpuint (g_utf8_get_char (heading) & ~0x7F, ==, c->script_base);
      else
        g_assert_cmpstr (heading, ==, "How can we help you today?");
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (start), >=, 4);

      /* Asking for help answers on the screen itself (and its message must fit). */
      g_assert_null (sewa_start_page_get_notice (SEWA_START_PAGE (start)));
      g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "citizen asked for operator help");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.call-operator", NULL));
      g_test_assert_expected_messages ();
      g_assert_nonnull (sewa_start_page_get_notice (SEWA_START_PAGE (start)));
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (start), >=, 5);

      shot = sewa_ui_test_screenshot (GTK_WIDGET (window), shot_name);

      /* Start over: back home, session ended, its screens destroyed. */
      sewa_session_set_value (session, "applicant.name", "Test Citizen");
      g_signal_emit_by_name (start_over, "clicked");
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
      g_assert_cmpstr (sewa_window_get_screen (window), ==, "home");
      g_assert_false (sewa_session_is_active (session));
      g_assert_cmpuint (sewa_session_count_values (session), ==, 0);
      g_assert_null (sewa_window_get_screen_widget (window, "start"));
    }
}

/* ---- shaping ------------------------------------------------------------------------------ */

#define GRID_W 240
#define GRID_H 48

typedef struct
{
  guint8 cells[GRID_H][GRID_W];
  int ink_pixels;
} InkGrid;

/* Crops an ARGB32 (premultiplied, native-endian) buffer to its ink and resamples the ink
 * mask onto a fixed grid, so renderings at slightly different positions can be compared. */
static void
ink_grid_from_argb (const guint8 *data, int w, int h, int stride, InkGrid *grid)
{
  int x0 = w, y0 = h, x1 = -1, y1 = -1;

  memset (grid, 0, sizeof *grid);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + x * 4);
        if ((px >> 24) > 96)
          {
            x0 = MIN (x0, x), y0 = MIN (y0, y), x1 = MAX (x1, x), y1 = MAX (y1, y);
            grid->ink_pixels++;
          }
      }
  if (x1 < 0)
    return;
  for (int gy = 0; gy < GRID_H; gy++)
    for (int gx = 0; gx < GRID_W; gx++)
      {
        int sx = x0 + (int) ((gx + 0.5) * (x1 - x0 + 1) / GRID_W);
        int sy = y0 + (int) ((gy + 0.5) * (y1 - y0 + 1) / GRID_H);
        guint32 px = *(const guint32 *) (data + sy * stride + sx * 4);
        grid->cells[gy][gx] = (px >> 24) > 96;
      }
}

static double
ink_iou (const InkGrid *a, const InkGrid *b)
{
  int inter = 0, uni = 0;

  for (int y = 0; y < GRID_H; y++)
    for (int x = 0; x < GRID_W; x++)
      {
        inter += a->cells[y][x] && b->cells[y][x];
        uni += a->cells[y][x] || b->cells[y][x];
      }
  return uni > 0 ? (double) inter / uni : 0.0;
}

static void
grid_from_texture (GdkTexture *texture, InkGrid *grid)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint8 *buf = g_malloc ((gsize) w * h * 4);

  gdk_texture_download (texture, buf, (gsize) w * 4);
  ink_grid_from_argb (buf, w, h, w * 4, grid);
}

/* Renders @layout with Pango's own cairo renderer: the shaped reference. */
static void
grid_from_layout (PangoLayout *layout, int w, int h, InkGrid *grid)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);

  cairo_set_source_rgb (cr, 0, 0, 0);
  pango_cairo_show_layout (cr, layout);
  cairo_surface_flush (s);
  ink_grid_from_argb (cairo_image_surface_get_data (s), w, h, cairo_image_surface_get_stride (s), grid);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* Renders the same text one code point at a time, side by side: what the string would look
 * like if nothing shaped it (vowel signs not reordered or attached, no conjuncts). */
static void
grid_unshaped (PangoLayout *layout, const char *text, InkGrid *grid)
{
  int w = 4000, h = 400;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);
  double x = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autoptr (PangoLayout) one = pango_layout_copy (layout);
      char ch[8] = { 0 };
      int lw = 0;

      g_unichar_to_utf8 (g_utf8_get_char (p), ch);
      pango_layout_set_width (one, -1);
      pango_layout_set_text (one, ch, -1);
      cairo_move_to (cr, x, 0);
      pango_cairo_show_layout (cr, one);
      pango_layout_get_pixel_size (one, &lw, NULL);
      x += lw;
    }
  cairo_surface_flush (s);
  ink_grid_from_argb (cairo_image_surface_get_data (s), w, h, cairo_image_surface_get_stride (s), grid);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

static void
assert_glyphs_real (GtkLabel *label, const char *family_word)
{
  PangoLayoutIter *iter = pango_layout_get_iter (gtk_label_get_layout (label));
  guint runs = 0, glyphs = 0, script_runs = 0;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      g_autoptr (PangoFontDescription) desc = NULL;
      const char *family;

      if (run == NULL)
        continue;
      runs++;
      desc = pango_font_describe (run->item->analysis.font);
      family = pango_font_description_get_family (desc);
      if (strstr (family, family_word) != NULL)
        script_runs++;
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          /* An unknown-glyph flag is a box ("tofu"): the font could not draw the character. */
          g_assert_cmpuint (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG, ==, 0);
          glyphs++;
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);

  g_assert_cmpuint (runs, >, 0);
  g_assert_cmpuint (glyphs, >, 0);
  g_assert_cmpuint (script_runs, >, 0);
}

static void
check_label_shaped (GtkLabel *label, const char *family_word)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) tex = sewa_screenshot_widget_to_texture (GTK_WIDGET (label), &error);
  g_autoptr (PangoLayout) shaped = NULL;
  InkGrid *shown = g_new0 (InkGrid, 1), *ref = g_new0 (InkGrid, 1), *raw = g_new0 (InkGrid, 1);
  int ox = 0, oy = 0;
  double iou_ref, iou_raw;

  g_assert_no_error (error);
  assert_glyphs_real (label, family_word);

  grid_from_texture (tex, shown);
  g_assert_cmpint (shown->ink_pixels, >, 200);

  shaped = pango_layout_copy (gtk_label_get_layout (label));
  gtk_label_get_layout_offsets (label, &ox, &oy);
  {
    int w = gdk_texture_get_width (tex), h = gdk_texture_get_height (tex);
    grid_from_layout (shaped, w + 64, h + 64, ref);
  }
  grid_unshaped (shaped, gtk_label_get_text (label), raw);

  iou_ref = ink_iou (shown, ref);
  iou_raw = ink_iou (shown, raw);
  g_test_message ("%s: IoU with Pango's shaped rendering %.3f, with unshaped code points %.3f",
                  family_word, iou_ref, iou_raw);
  g_assert_cmpfloat (iou_ref, >=, 0.80);
  g_assert_cmpfloat (iou_raw, <=, iou_ref - 0.15);

  g_free (shown);
  g_free (ref);
  g_free (raw);
}

static void
test_scripts_shaped (void)
{
  g_autofree char *shot = NULL;

  sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
  check_label_shaped (sewa_home_page_get_welcome_label (home_page (), "pa"), "Gurmukhi");
  check_label_shaped (sewa_home_page_get_welcome_label (home_page (), "hi"), "Devanagari");
  check_label_shaped (GTK_LABEL (gtk_button_get_child (
                          GTK_BUTTON (sewa_home_page_get_language_button (home_page (), "pa")))),
                      "Gurmukhi");
  check_label_shaped (GTK_LABEL (gtk_button_get_child (
                          GTK_BUTTON (sewa_home_page_get_language_button (home_page (), "hi")))),
                      "Devanagari");
  shot = sewa_ui_test_screenshot (GTK_WIDGET (window), "home");
}

/* Every GTK process of the suite runs without the machine's GL stack (scripts/with-display):
 * a Mesa driver loaded by GDK's GL probe leaves leaks that LeakSanitizer reports as an unknown
 * module once the driver is unloaded, so the suite's result would depend on the machine. */
static void
test_no_gl_driver_loaded (void)
{
  g_autofree char *maps = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  const char *const gl_modules[] = { "/dri/", "libEGL_mesa", "libGLX_mesa", "libgallium",
                                     "libGL.so", "libEGL.so", "libGLX.so" };

  sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (gl_modules); j++)
      if (strstr (lines[i], gl_modules[j]) != NULL)
        g_error ("a GL library is mapped into the kiosk under test: %s", lines[i]);
}

static void
add_tests (void)
{
  g_test_add_func ("/ui/home/fullscreen-and-touch-targets", test_fullscreen_and_touch_targets);
  g_test_add_func ("/ui/home/scripts-shaped", test_scripts_shaped);
  g_test_add_func ("/ui/home/language-switch", test_language_switch);
  g_test_add_func ("/ui/home/no-gl-driver-loaded", test_no_gl_driver_loaded);
}

int
main (int argc, char **argv)
{
  sewa_ui_test_init (&argc, &argv);
  return sewa_ui_test_run (add_tests);
}
