#include "sewa-test-photo.h"

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <glib/gstdio.h>
#include <string.h>

static const char page_text[] =
  "Government of Punjab\n"
  "Application for Residence Certificate\n"
  "The applicant states that the family has lived at the address given below for more "
  "than ten years. Proof of residence is attached with this form, together with a copy of "
  "the ration card and the latest electricity bill.\n"
  "Name of applicant: Harpreet Kaur\n"
  "Father's name: Gurdev Singh\n"
  "Address: House 42, Model Town, Ludhiana 141002\n"
  "Purpose: admission to a government college. The certificate is requested within the "
  "time limit notified under the Right to Service Act. All information given here is true "
  "to the best of my knowledge and belief, and nothing has been concealed.\n"
  "Signature of applicant and date of application: 14 March 2026";

static const char card_text[] =
  "GOVERNMENT OF INDIA\n"
  "Harpreet Kaur\n"
  "DOB: 14/03/1990\n"
  "Female\n"
  "XXXX XXXX 9012";

const char *
sewa_test_photo_text (void)
{
  return page_text;
}

const char *
sewa_test_photo_text_for (SewaTestDocKind kind)
{
  switch (kind)
    {
    case SEWA_TEST_DOC_PAGE:
      return page_text;
    case SEWA_TEST_DOC_CARD:
      return card_text;
    case SEWA_TEST_DOC_PHOTO:
    case SEWA_TEST_DOC_BLANK:
    default:
      return "";
    }
}

void
sewa_test_photo_spec_place (SewaTestPhotoSpec *spec, double px_per_mm, double w_mm,
                            double h_mm, double angle_deg)
{
  double cx = spec->width / 2.0, cy = spec->height / 2.0, a = angle_deg * G_PI / 180;
  double pw = w_mm * px_per_mm, ph = h_mm * px_per_mm;
  double base[4][2] = { { -pw / 2, -ph / 2 }, { pw / 2, -ph / 2 }, { pw / 2, ph / 2 },
                        { -pw / 2, ph / 2 } };

  for (int i = 0; i < 4; i++)
    {
      /* The top edge 2 % narrower: the camera looks down at a slight angle. */
      double x = base[i][0] * (i < 2 ? 0.98 : 1.0), y = base[i][1];
      spec->corners[i][0] = cx + x * cos (a) - y * sin (a);
      spec->corners[i][1] = cy + x * sin (a) + y * cos (a);
    }
  spec->aspect = h_mm / w_mm;
  /* At least 1.5 rendered pixels per photo pixel, so the photo is not softer than the lens. */
  spec->page_width = MAX ((int) (pw * 1.5), 64);
  switch (spec->kind)
    {
    case SEWA_TEST_DOC_CARD:
      spec->font_px = spec->page_width / 30.0; /* about 2.9 mm em on a card: 8-point type */
      break;
    case SEWA_TEST_DOC_PAGE:
    case SEWA_TEST_DOC_PHOTO:
    case SEWA_TEST_DOC_BLANK:
    default:
      spec->font_px = spec->page_width / 46.0;
      break;
    }
}

void
sewa_test_photo_spec_init (SewaTestPhotoSpec *spec, int width, int height)
{
  double pw, ph, cx = width / 2.0, cy = height / 2.0, a = 4.0 * G_PI / 180;
  double base[4][2];

  memset (spec, 0, sizeof *spec);
  spec->width = width;
  spec->height = height;
  /* An A4 page filling about 80 % of the shorter dimension that fits. */
  ph = MIN (height * 0.82, width * 0.82 * G_SQRT2);
  pw = ph / G_SQRT2;
  base[0][0] = -pw / 2, base[0][1] = -ph / 2;
  base[1][0] = pw / 2, base[1][1] = -ph / 2;
  base[2][0] = pw / 2, base[2][1] = ph / 2;
  base[3][0] = -pw / 2, base[3][1] = ph / 2;
  for (int i = 0; i < 4; i++)
    {
      /* A small rotation plus a keystone: the top edge is a little narrower, as when the
       * camera looks down at a slight angle. */
      double x = base[i][0] * (i < 2 ? 0.95 : 1.0), y = base[i][1];
      spec->corners[i][0] = cx + x * cos (a) - y * sin (a);
      spec->corners[i][1] = cy + x * sin (a) + y * cos (a);
    }
  spec->page_width = (int) (pw * 1.1);
  spec->light_min = 1.0;
  spec->gain = 1.0;
  spec->noise = 2.0;
  spec->seed = 1;
  spec->quality = 92;
}

void
sewa_test_photo_spec_turn (SewaTestPhotoSpec *spec, int quarter_turns)
{
  double c[4][2];
  double cx = spec->width / 2.0, cy = spec->height / 2.0;
  int t = ((quarter_turns % 4) + 4) % 4;

  memcpy (c, spec->corners, sizeof c);
  for (int i = 0; i < 4; i++)
    {
      double x = c[i][0] - cx, y = c[i][1] - cy;
      for (int k = 0; k < t; k++)
        {
          double nx = -y, ny = x;
          x = nx, y = ny;
        }
      /* Keep the landing spot inside the photo when turning a tall page sideways. */
      if (t % 2 == 1)
        {
          double s = MIN ((double) spec->width / spec->height, 1.0);
          x *= s, y *= s;
        }
      spec->corners[i][0] = cx + x;
      spec->corners[i][1] = cy + y;
    }
}

/* Unit square to quad and its inverse (photo -> page). */
static void
square_to_quad (const double q[4][2], double m[9])
{
  double dx1 = q[1][0] - q[2][0], dx2 = q[3][0] - q[2][0];
  double dy1 = q[1][1] - q[2][1], dy2 = q[3][1] - q[2][1];
  double sx = q[0][0] - q[1][0] + q[2][0] - q[3][0];
  double sy = q[0][1] - q[1][1] + q[2][1] - q[3][1];
  double den = dx1 * dy2 - dx2 * dy1;
  double g = (sx * dy2 - dx2 * sy) / den, h = (dx1 * sy - sx * dy1) / den;

  m[0] = q[1][0] - q[0][0] + g * q[1][0];
  m[1] = q[3][0] - q[0][0] + h * q[3][0];
  m[2] = q[0][0];
  m[3] = q[1][1] - q[0][1] + g * q[1][1];
  m[4] = q[3][1] - q[0][1] + h * q[3][1];
  m[5] = q[0][1];
  m[6] = g;
  m[7] = h;
  m[8] = 1;
}

static void
invert3 (const double m[9], double r[9])
{
  double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
               m[2] * (m[3] * m[7] - m[4] * m[6]);

  r[0] = (m[4] * m[8] - m[5] * m[7]) / det;
  r[1] = (m[2] * m[7] - m[1] * m[8]) / det;
  r[2] = (m[1] * m[5] - m[2] * m[4]) / det;
  r[3] = (m[5] * m[6] - m[3] * m[8]) / det;
  r[4] = (m[0] * m[8] - m[2] * m[6]) / det;
  r[5] = (m[2] * m[3] - m[0] * m[5]) / det;
  r[6] = (m[3] * m[7] - m[4] * m[6]) / det;
  r[7] = (m[1] * m[6] - m[0] * m[7]) / det;
  r[8] = (m[0] * m[4] - m[1] * m[3]) / det;
}

static void
render_photo (cairo_t *cr, int pw, int ph)
{
  /* Light background, shoulders in a dark coat to the bottom edge, a face, dark hair. */
  cairo_set_source_rgb (cr, 0.80, 0.86, 0.92);
  cairo_paint (cr);
  cairo_save (cr);
  cairo_translate (cr, pw * 0.5, ph * 1.02);
  cairo_scale (cr, pw * 0.46, ph * 0.26);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source_rgb (cr, 0.15, 0.17, 0.25);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_translate (cr, pw * 0.5, ph * 0.40);
  cairo_scale (cr, pw * 0.24, ph * 0.25);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source_rgb (cr, 0.72, 0.55, 0.42);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_translate (cr, pw * 0.5, ph * 0.24);
  cairo_scale (cr, pw * 0.25, ph * 0.11);
  cairo_arc (cr, 0, 0, 1, G_PI, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source_rgb (cr, 0.08, 0.07, 0.07);
  cairo_fill (cr);
  for (int e = -1; e <= 1; e += 2)
    {
      cairo_arc (cr, pw * (0.5 + 0.09 * e), ph * 0.38, pw * 0.025, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.1, 0.08, 0.08);
      cairo_fill (cr);
    }
  cairo_move_to (cr, pw * 0.42, ph * 0.52);
  cairo_line_to (cr, pw * 0.58, ph * 0.52);
  cairo_set_line_width (cr, ph * 0.012);
  cairo_set_source_rgb (cr, 0.45, 0.25, 0.22);
  cairo_stroke (cr);
}

static cairo_surface_t *
render_page (const SewaTestPhotoSpec *spec, int pw, int ph)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *cr = cairo_create (s);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (
    spec->kind == SEWA_TEST_DOC_CARD ? "Noto Sans Bold" : "Noto Serif");
  double font_px = spec->font_px > 0 ? spec->font_px : pw / 46.0;
  double margin = pw * 0.09, paper = spec->paper > 0 ? spec->paper : 0.93;
  const char *text = spec->text != NULL ? spec->text : sewa_test_photo_text_for (spec->kind);

  /* Paper is a little warm: the blue channel a few percent below the red. */
  cairo_set_source_rgb (cr, paper, paper * 0.99, paper * 0.97);
  cairo_paint (cr);
  if (spec->kind == SEWA_TEST_DOC_PHOTO)
    {
      render_photo (cr, pw, ph);
      text = "";
    }
  else if (spec->kind == SEWA_TEST_DOC_CARD)
    {
      /* A saffron band across the top, a photo box on the left, text to its right. */
      cairo_set_source_rgb (cr, 0.95, 0.6, 0.25);
      cairo_rectangle (cr, 0, 0, pw, ph * 0.1);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.55, 0.55, 0.6);
      cairo_rectangle (cr, pw * 0.05, ph * 0.2, pw * 0.24, ph * 0.6);
      cairo_fill (cr);
      margin = pw * 0.05;
      pango_layout_set_width (layout, (int) (pw * 0.62 * PANGO_SCALE));
    }
  if (spec->kind != SEWA_TEST_DOC_CARD)
    pango_layout_set_width (layout, (int) ((pw - 2 * margin) * PANGO_SCALE));
  pango_font_description_set_absolute_size (desc, font_px * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_spacing (layout, (int) (font_px * 0.5 * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgb (cr, 0.08, 0.08, 0.1);
  if (spec->kind == SEWA_TEST_DOC_CARD)
    cairo_move_to (cr, pw * 0.34, ph * 0.18);
  else
    cairo_move_to (cr, margin, margin);
  pango_cairo_show_layout (cr, layout);
  if (spec->coloured)
    {
      cairo_set_source_rgba (cr, 0.1, 0.2, 0.75, 0.8);
      cairo_set_line_width (cr, font_px * 0.3);
      cairo_arc (cr, pw * 0.75, ph * 0.85, pw * 0.08, 0, 2 * G_PI);
      cairo_stroke (cr);
    }
  pango_font_description_free (desc);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* Smooth value noise: random values on a coarse grid, interpolated. */
static double
value_noise (const float *grid, int gw, int gh, double x, double y, double cell)
{
  double gx = x / cell, gy = y / cell;
  int x0 = CLAMP ((int) gx, 0, gw - 2), y0 = CLAMP ((int) gy, 0, gh - 2);
  double fx = CLAMP (gx - x0, 0, 1), fy = CLAMP (gy - y0, 0, 1);

  fx = fx * fx * (3 - 2 * fx);
  fy = fy * fy * (3 - 2 * fy);
  return (grid[y0 * gw + x0] * (1 - fx) + grid[y0 * gw + x0 + 1] * fx) * (1 - fy) +
         (grid[(y0 + 1) * gw + x0] * (1 - fx) + grid[(y0 + 1) * gw + x0 + 1] * fx) * fy;
}

static void
page_sample (const guint8 *pd, int stride, int pw, int ph, double u, double v, double rgb[3])
{
  double x = CLAMP (u * pw - 0.5, 0, pw - 1.001), y = CLAMP (v * ph - 0.5, 0, ph - 1.001);
  int x0 = (int) x, y0 = (int) y;
  double fx = x - x0, fy = y - y0;

  for (int c = 0; c < 3; c++)
    {
      /* Cairo RGB24 is native-endian 0x00RRGGBB. */
      int shift = 16 - 8 * c;
      const guint32 *r0 = (const guint32 *) (pd + (gsize) y0 * stride);
      const guint32 *r1 = (const guint32 *) (pd + (gsize) (y0 + 1) * stride);
      double a = ((r0[x0] >> shift) & 0xff) * (1 - fx) + ((r0[x0 + 1] >> shift) & 0xff) * fx;
      double b = ((r1[x0] >> shift) & 0xff) * (1 - fx) + ((r1[x0 + 1] >> shift) & 0xff) * fx;
      rgb[c] = a * (1 - fy) + b * fy;
    }
}

static void
gaussian_blur (guint8 *img, int w, int h, double sigma)
{
  int r = (int) ceil (3 * sigma);
  g_autofree float *k = g_new (float, 2 * r + 1);
  g_autofree guint8 *tmp = g_malloc ((gsize) w * h * 3);
  float ksum = 0;

  for (int i = -r; i <= r; i++)
    ksum += k[i + r] = (float) exp (-(i * i) / (2 * sigma * sigma));
  for (int i = 0; i <= 2 * r; i++)
    k[i] /= ksum;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        {
          float s = 0;
          for (int i = -r; i <= r; i++)
            s += k[i + r] * img[((gsize) y * w + CLAMP (x + i, 0, w - 1)) * 3 + c];
          tmp[((gsize) y * w + x) * 3 + c] = (guint8) (s + 0.5f);
        }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        {
          float s = 0;
          for (int i = -r; i <= r; i++)
            s += k[i + r] * tmp[((gsize) CLAMP (y + i, 0, h - 1) * w + x) * 3 + c];
          img[((gsize) y * w + x) * 3 + c] = (guint8) (s + 0.5f);
        }
}

/* Three passes of a box filter of width n have the variance of a Gaussian of sigma when
 * 3 (n^2 - 1) / 12 = sigma^2; each pass costs the same whatever the width (running sums), so
 * sigma = 15 on a 12 MP photo takes a second rather than a minute. */
static void
box_blur3 (guint8 *img, int w, int h, double sigma)
{
  int n = (int) (sqrt (4 * sigma * sigma + 1) + 0.5) | 1, r = n / 2;
  int len = MAX (w, h);
  g_autofree guint32 *line = g_new (guint32, len + 2 * r + 1);

  for (int pass = 0; pass < 6; pass++)
    {
      gboolean horiz = pass % 2 == 0;
      int outer = horiz ? h : w, inner = horiz ? w : h;
      gsize step = horiz ? 3 : (gsize) w * 3;

      for (int o = 0; o < outer; o++)
        for (int c = 0; c < 3; c++)
          {
            guint8 *p = img + (horiz ? (gsize) o * w * 3 : (gsize) o * 3) + c;
            guint32 acc = 0;

            /* Edges extend by repeating the last pixel, as the Gaussian above does. */
            for (int i = -r; i < inner + r; i++)
              line[i + r] = p[(gsize) CLAMP (i, 0, inner - 1) * step];
            for (int i = 0; i < n; i++)
              acc += line[i];
            for (int i = 0; i < inner; i++)
              {
                p[(gsize) i * step] = (guint8) ((acc + n / 2) / n);
                if (i + n < inner + 2 * r)
                  acc += line[i + n] - line[i];
              }
          }
    }
}

GBytes *
sewa_test_photo_render (const SewaTestPhotoSpec *spec)
{
  int w = spec->width, h = spec->height;
  int pw = spec->page_width, ph = (int) (pw * (spec->aspect > 0 ? spec->aspect : G_SQRT2) + 0.5);
  g_autofree guint8 *img = g_malloc ((gsize) w * h * 3);
  cairo_surface_t *page = NULL;
  const guint8 *pd = NULL;
  int stride = 0, gw = w / 96 + 3, gh = h / 12 + 3, gw2 = w / 200 + 3, gh2 = h / 200 + 3;
  g_autofree float *grid = g_new (float, gw * gh);
  g_autofree float *grid2 = g_new (float, gw2 * gh2);
  GRand *rand = g_rand_new_with_seed (spec->seed);
  double m[9] = { 0 }, inv[9] = { 0 };
  double diag = hypot (w, h);
  PIX *pix;
  l_uint8 *jpeg = NULL;
  size_t jpeg_len = 0;
  GBytes *out;

  for (int i = 0; i < gw * gh; i++)
    grid[i] = (float) g_rand_double (rand);
  for (int i = 0; i < gw2 * gh2; i++)
    grid2[i] = (float) g_rand_double (rand);
  if (!spec->no_page)
    {
      page = render_page (spec, pw, ph);
      pd = cairo_image_surface_get_data (page);
      stride = cairo_image_surface_get_stride (page);
      square_to_quad (spec->corners, m);
      invert3 (m, inv);
    }

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double rgb[3], light, cover = 0, prgb[3] = { 0, 0, 0 };
        /* A stand of dark wood: stretched grain plus blotches. */
        double grain = value_noise (grid, gw, gh, x * 0.25, y * 2.0, 24.0);
        double blot = value_noise (grid2, gw2, gh2, x, y, 200.0);
        double v = 55 + 45 * grain + 30 * blot;

        rgb[0] = v * 1.15, rgb[1] = v * 0.9, rgb[2] = v * 0.7;
        if (page != NULL)
          {
            /* Single samples well inside or outside the page, 4x4 near its edge, so the
             * edge is anti-aliased as a lens would render it. */
            double W0 = inv[6] * x + inv[7] * y + inv[8];
            double u0 = (inv[0] * x + inv[1] * y + inv[2]) / W0;
            double v0 = (inv[3] * x + inv[4] * y + inv[5]) / W0;
            double e = 0.004;
            if (u0 > e && u0 < 1 - e && v0 > e && v0 < 1 - e)
              {
                page_sample (pd, stride, pw, ph, u0, v0, prgb);
                cover = 1;
              }
            else if (u0 > -e && u0 < 1 + e && v0 > -e && v0 < 1 + e)
              {
                int in = 0;
                for (int sy = 0; sy < 4; sy++)
                  for (int sx = 0; sx < 4; sx++)
                    {
                      double X = x + (sx + 0.5) / 4 - 0.5, Y = y + (sy + 0.5) / 4 - 0.5;
                      double W = inv[6] * X + inv[7] * Y + inv[8];
                      double u = (inv[0] * X + inv[1] * Y + inv[2]) / W;
                      double vv = (inv[3] * X + inv[4] * Y + inv[5]) / W;
                      double smp[3];
                      if (u < 0 || u > 1 || vv < 0 || vv > 1)
                        continue;
                      page_sample (pd, stride, pw, ph, u, vv, smp);
                      in++;
                      for (int c = 0; c < 3; c++)
                        prgb[c] += smp[c];
                    }
                cover = in / 16.0;
                for (int c = 0; c < 3 && in > 0; c++)
                  prgb[c] /= in;
              }
            for (int c = 0; c < 3; c++)
              rgb[c] = rgb[c] * (1 - cover) + prgb[c] * cover;
          }

        /* The lamp is at the top-left; light falls off linearly to light_min. */
        light = 1.0 - (1.0 - spec->light_min) * hypot (x, y) / diag;
        for (int c = 0; c < 3; c++)
          rgb[c] = rgb[c] * light * spec->gain;

        if (page != NULL && spec->glare_radius > 0)
          {
            double gxp, gyp, W;
            double gu = spec->glare_u, gv = spec->glare_v;
            W = m[6] * gu + m[7] * gv + m[8];
            gxp = (m[0] * gu + m[1] * gv + m[2]) / W;
            gyp = (m[3] * gu + m[4] * gv + m[5]) / W;
            {
              double r = spec->glare_radius * hypot (spec->corners[1][0] - spec->corners[0][0],
                                                     spec->corners[1][1] - spec->corners[0][1]);
              double d2 = ((x - gxp) * (x - gxp) + (y - gyp) * (y - gyp)) / (r * r);
              double add = 400 * exp (-d2 * 1.5);
              for (int c = 0; c < 3; c++)
                rgb[c] += add;
            }
          }
        for (int c = 0; c < 3; c++)
          img[((gsize) y * w + x) * 3 + c] = (guint8) CLAMP (rgb[c] + 0.5, 0, 255);
      }

  if (spec->blur_sigma > 0 && spec->blur_sigma < 2.5)
    gaussian_blur (img, w, h, spec->blur_sigma);
  else if (spec->blur_sigma > 0)
    box_blur3 (img, w, h, spec->blur_sigma);

  pix = pixCreate (w, h, 32);
  for (int y = 0; y < h; y++)
    {
      l_uint32 *line = pixGetData (pix) + (gsize) y * pixGetWpl (pix);
      for (int x = 0; x < w; x++)
        {
          int c3[3];
          for (int c = 0; c < 3; c++)
            {
              double nz = spec->noise > 0 ? g_rand_double_range (rand, -1.7, 1.7) * spec->noise : 0;
              c3[c] = CLAMP ((int) (img[((gsize) y * w + x) * 3 + c] + nz + 0.5), 0, 255);
            }
          composeRGBPixel (c3[0], c3[1], c3[2], line + x);
        }
    }
  pixWriteMemJpeg (&jpeg, &jpeg_len, pix, spec->quality > 0 ? spec->quality : 92, 0);
  pixDestroy (&pix);
  out = g_bytes_new (jpeg, jpeg_len);
  lept_free (jpeg);
  if (page != NULL)
    cairo_surface_destroy (page);
  g_rand_free (rand);
  return out;
}

static char *
collapse_ws (const char *s)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = s; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

double
sewa_test_char_accuracy (const char *expected, const char *got)
{
  g_autofree char *a = collapse_ws (expected);
  g_autofree char *b = collapse_ws (got);
  gsize n = strlen (a), m = strlen (b);
  g_autofree guint *prev = g_new (guint, m + 1);
  g_autofree guint *cur = g_new (guint, m + 1);

  if (n == 0)
    return m == 0 ? 1.0 : 0.0;
  for (gsize j = 0; j <= m; j++)
    prev[j] = j;
  for (gsize i = 1; i <= n; i++)
    {
      cur[0] = i;
      for (gsize j = 1; j <= m; j++)
        {
          guint sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
          cur[j] = MIN (sub, MIN (prev[j] + 1, cur[j - 1] + 1));
        }
      memcpy (prev, cur, (m + 1) * sizeof (guint));
    }
  return 1.0 - (double) prev[m] / n;
}

char *
sewa_test_ocr (GBytes *jpeg, const char *lang)
{
  g_autofree char *dir = g_dir_make_tmp ("sewa-ocr-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) env = g_get_environ ();
  const char *argv[] = { "tesseract", NULL, "stdout", "-l", lang, NULL };
  int status = 0;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "page.jpg", NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), NULL))
    return NULL;
  argv[1] = path;
  env = g_environ_setenv (env, "OMP_THREAD_LIMIT", "1", TRUE);
  /* tesseract is not built with our sanitizers; keep ASan's preload options out of it. */
  env = g_environ_unsetenv (env, "LD_PRELOAD");
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    g_clear_pointer (&out, g_free);
  g_unlink (path);
  g_rmdir (dir);
  return g_steal_pointer (&out);
}
