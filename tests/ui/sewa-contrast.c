/* sewa-contrast.c — see sewa-contrast.h. */
#include "sewa-contrast.h"

#include <cairo.h>
#include <math.h>

/* Below this share of a text's differing pixels the farthest colours are anti-aliasing
 * noise or a stray pixel of a neighbour: the text's colour is the one the top 5 % reach, but
 * never more than the top 24 pixels (the stem of a one-digit field's "1"), or a wider frame
 * of another colour (a field's focus ring) would outnumber a short text's glyphs. */
#define SEWA_CONTRAST_INK_QUANTILE 0.05
#define SEWA_CONTRAST_INK_MAX_RANK 24

static double
channel (guint c)
{
  double s = c / 255.0;

  return s <= 0.04045 ? s / 12.92 : pow ((s + 0.055) / 1.055, 2.4);
}

static double
luminance (guint32 rgb)
{
  return 0.2126 * channel ((rgb >> 16) & 0xff) + 0.7152 * channel ((rgb >> 8) & 0xff) +
         0.0722 * channel (rgb & 0xff);
}

double
sewa_contrast_ratio (guint32 a, guint32 b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

typedef struct
{
  guint32 rgb;
  double ratio;
} Ink;

static int
by_ratio_descending (gconstpointer a, gconstpointer b)
{
  double ra = ((const Ink *) a)->ratio, rb = ((const Ink *) b)->ratio;

  return ra < rb ? 1 : ra > rb ? -1 : 0;
}

/* Background: the commonest colour in the rectangle. Text: the colour near the top of the
 * pixels that differ from it, by contrast with it. FALSE when the rectangle is empty. */
static gboolean
sample (cairo_surface_t *image, int x0, int y0, int w, int h, guint32 *bg, guint32 *fg)
{
  int iw = cairo_image_surface_get_width (image), ih = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autoptr (GArray) inks = g_array_new (FALSE, FALSE, sizeof (Ink));
  guint best = 0;
  int x1 = MIN (x0 + w, iw), y1 = MIN (y0 + h, ih);

  x0 = MAX (x0, 0);
  y0 = MAX (y0, 0);
  if (x1 <= x0 || y1 <= y0)
    return FALSE;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 rgb = ((const guint32 *) (data + (gsize) y * stride))[x] & 0xffffff;
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (rgb + 1))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (rgb + 1), GUINT_TO_POINTER (n));
        if (n > best)
          {
            best = n;
            *bg = rgb;
          }
      }
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        Ink ink;

        ink.rgb = ((const guint32 *) (data + (gsize) y * stride))[x] & 0xffffff;
        ink.ratio = sewa_contrast_ratio (ink.rgb, *bg);
        if (ink.ratio > 1.05)
          g_array_append_val (inks, ink);
      }
  if (inks->len == 0)
    {
      *fg = *bg; /* nothing drawn but the background: a text that cannot be seen at all */
      return TRUE;
    }
  g_array_sort (inks, by_ratio_descending);
  *fg = g_array_index (inks, Ink, MIN ((guint) (inks->len * SEWA_CONTRAST_INK_QUANTILE),
                                      SEWA_CONTRAST_INK_MAX_RANK)).rgb;
  return TRUE;
}

static gboolean
has_visible_text (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

gint64
sewa_contrast_main_native (JsonObject *state)
{
  JsonArray *natives = json_object_get_array_member (state, "natives");

  for (guint i = 0; natives != NULL && i < json_array_get_length (natives); i++)
    {
      JsonObject *n = json_array_get_object_element (natives, i);

      if (json_object_get_boolean_member_with_default (n, "main", FALSE))
        return i;
    }
  return 0;
}

static char *
describe (JsonObject *w)
{
  GString *s = g_string_new (json_object_get_string_member (w, "type"));
  JsonArray *classes = json_object_get_array_member (w, "classes");

  if (json_object_has_member (w, "id"))
    g_string_append_printf (s, "#%s", json_object_get_string_member (w, "id"));
  for (guint i = 0; classes != NULL && i < json_array_get_length (classes); i++)
    g_string_append_printf (s, ".%s", json_array_get_string_element (classes, i));
  return g_string_free (s, FALSE);
}

guint
sewa_contrast_check (JsonObject *state, const char *png_path, double normal_min, double large_min,
                     GString *out, guint *checked)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (png_path);
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  gint64 main = sewa_contrast_main_native (state);
  guint failures = 0;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (image);
  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);
      const char *text = json_object_get_string_member_with_default (w, "text", NULL);
      double px = json_object_get_double_member_with_default (w, "font_px", 0);
      gboolean bold = json_object_get_boolean_member_with_default (w, "bold", FALSE);
      gboolean large = px >= 24 || (bold && px >= 18.66);
      double need = large ? large_min : normal_min, ratio;
      guint32 bg = 0, fg = 0;

      if (!has_visible_text (text) ||
          !json_object_get_boolean_member_with_default (w, "sensitive", FALSE) ||
          json_object_get_int_member_with_default (w, "native", -1) != main ||
          json_object_has_member (w, "covered_by") ||
          json_object_get_int_member_with_default (w, "vw", 0) < 4 ||
          json_object_get_int_member_with_default (w, "vh", 0) < 4)
        continue;
      /* A text partly scrolled out of sight shows only part of its glyphs, or none (a field's
       * top edge under the keyboard): it is measured on the screen that scrolls it in. */
      if (json_object_get_int_member (w, "vw") + 1 < json_object_get_int_member (w, "w") ||
          json_object_get_int_member (w, "vh") + 1 < json_object_get_int_member (w, "h"))
        continue;
      if (!sample (image, json_object_get_int_member (w, "vx"), json_object_get_int_member (w, "vy"),
                   json_object_get_int_member (w, "vw"), json_object_get_int_member (w, "vh"), &bg, &fg))
        continue;
      if (checked != NULL)
        (*checked)++;
      ratio = sewa_contrast_ratio (fg, bg);
      if (ratio + 1e-9 < need)
        {
          g_autofree char *what = describe (w);
          g_autofree char *shown = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 40));

          g_string_append_printf (out, "\n  %s \"%s\" (%.1f px%s): text #%06x on #%06x is %.2f:1, needs %.1f:1",
                                  what, shown, px, bold ? " bold" : "", fg, bg, ratio, need);
          failures++;
        }
    }
  cairo_surface_destroy (image);
  return failures;
}
