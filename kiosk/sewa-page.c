/* sewa-page.c — page outline, perspective, orientation, lighting, quality verdict.
 *
 * The pipeline, and why it is shaped this way:
 *  1. Decode a small greyscale copy (JPEG DCT scaling: a 12 MP photo costs a few ms at 1/8)
 *     and find the page there: Otsu threshold, largest bright blob, holes filled, convex hull,
 *     the four hull points that span it, then a line fit per side. Exposure and framing
 *     checks run on this copy too, so a bad photo is rejected before the expensive work.
 *  2. Decode at the smallest scale that still holds the 200 dpi output, refine each side to
 *     sub-pixel precision along the gradient, and warp the quad straight to the output size
 *     (Leptonica's projective transforms produce an image the size of the input, which for a
 *     12 MP photo is most of the time budget; our warp only computes the output pixels).
 *  3. Blur is judged on the warped page, in output pixels, because legibility is a property
 *     of the page at 200 dpi, not of the camera's pixels.
 *  4. Leptonica evens the lighting (background normalisation), finds the text orientation,
 *     rotates, and writes the JPEG.
 */
#define G_LOG_DOMAIN "sewa-page"

#include "sewa-page.h"

#include <glib/gi18n-lib.h>
#include <leptonica/allheaders.h>
#include <jpeglib.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (sewa-page-error-quark, sewa_page_error)

/* 200 dpi A4. */
#define A4_LONG 2339
#define A4_SHORT 1654
#define DETECT_MIN_SIDE 360   /* the small copy's long side is at least this */
#define MIN_PAGE_FRAC 0.20    /* smaller than this in the frame: "bring it closer" */
#define DARK_LEVEL 80.0       /* paper darker than this is too dark to read reliably */
#define BRIGHT_CLIP_FRAC 0.5  /* half the page burnt out: too bright */
#define GLARE_MIN_FRAC 0.002  /* a burnt-out blob covering 0.2 % of the page: glare */
#define SHARPNESS_MIN 0.28    /* about 1 / edge width in output pixels; see test-page.c */
#define MIN_EDGE_SUM 2.0e5    /* less gradient than this: blank page, blur not judged */

#include "sewa-page-private.h"

static void
detect_clear (SewaPageDetect *d)
{
  g_clear_pointer (&d->grey, g_free);
  g_clear_pointer (&d->mask, g_free);
}

void
sewa_page_result_free (SewaPageResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->jpeg, g_bytes_unref);
  g_free (result);
}

const char *
sewa_page_verdict_instruction (SewaPageVerdict verdict)
{
  switch (verdict)
    {
    case SEWA_PAGE_OK:
      return N_("Page captured");
    case SEWA_PAGE_NOT_FOUND:
      return N_("Move the paper into the frame");
    case SEWA_PAGE_CUT_OFF:
      return N_("Move the whole page inside the frame");
    case SEWA_PAGE_TOO_SMALL:
      return N_("Bring the paper closer to the camera");
    case SEWA_PAGE_TOO_DARK:
      return N_("Too dark: turn on the light or move out of the shadow");
    case SEWA_PAGE_TOO_BRIGHT:
      return N_("Too bright: move the paper away from direct light");
    case SEWA_PAGE_GLARE:
      return N_("Glare on the page: tilt the paper or move it away from the lamp");
    case SEWA_PAGE_BLURRED:
      return N_("Hold still");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sewa_page_verdict_name (SewaPageVerdict verdict)
{
  switch (verdict)
    {
    case SEWA_PAGE_OK:
      return "ok";
    case SEWA_PAGE_NOT_FOUND:
      return "not-found";
    case SEWA_PAGE_CUT_OFF:
      return "cut-off";
    case SEWA_PAGE_TOO_SMALL:
      return "too-small";
    case SEWA_PAGE_TOO_DARK:
      return "too-dark";
    case SEWA_PAGE_TOO_BRIGHT:
      return "too-bright";
    case SEWA_PAGE_GLARE:
      return "glare";
    case SEWA_PAGE_BLURRED:
      return "blurred";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
quiet_leptonica (void)
{
  static gsize once = 0;

  /* Leptonica prints warnings to stderr by default; we report through GError instead. */
  if (g_once_init_enter (&once))
    {
      setMsgSeverity (L_SEVERITY_NONE);
      g_once_init_leave (&once, 1);
    }
}

/* ---- small helpers over Leptonica images --------------------------------------------- */

/* An 8 bpp Pix as a tightly packed byte array in reading order. */
static guint8 *
pix8_to_bytes (PIX *pix, int *w, int *h)
{
  int pw = pixGetWidth (pix), ph = pixGetHeight (pix), wpl = pixGetWpl (pix);
  l_uint32 *data = pixGetData (pix);
  guint8 *out = g_malloc ((gsize) pw * ph);

  for (int y = 0; y < ph; y++)
    {
      l_uint32 *line = data + (gsize) y * wpl;
      for (int x = 0; x < pw; x++)
        out[(gsize) y * pw + x] = GET_DATA_BYTE (line, x);
    }
  *w = pw;
  *h = ph;
  return out;
}

static PIX *
decode (const guint8 *jpeg, gsize len, int reduction, gboolean grey)
{
  l_int32 nwarn = 0;

  return pixReadMemJpeg (jpeg, len, 0, reduction, &nwarn, grey ? L_JPEG_READ_LUMINANCE : 0);
}

/* Where a reduced pixel's centre lies in full-size photo coordinates. */
static double
to_photo (double v, int reduction)
{
  return v * reduction + (reduction - 1) / 2.0;
}

static double
from_photo (double v, int reduction)
{
  return (v - (reduction - 1) / 2.0) / reduction;
}

static gboolean
run_detection (const guint8 *jpeg, gsize len, SewaPageDetect *d, int *photo_w, int *photo_h,
               GError **error)
{
  l_int32 w = 0, h = 0, spp = 0;
  PIX *small;

  quiet_leptonica ();
  /* Check the JPEG signature first: libjpeg complains on stderr about anything else. */
  if (len < 4 || jpeg[0] != 0xff || jpeg[1] != 0xd8 || readHeaderMemJpeg (jpeg, len, &w, &h, &spp, NULL, NULL) != 0 || w < 16 ||
      h < 16)
    {
      g_set_error_literal (error, SEWA_PAGE_ERROR, SEWA_PAGE_ERROR_DECODE,
                           "Not a readable JPEG photo");
      return FALSE;
    }
  d->reduction = 8;
  while (d->reduction > 1 && MAX (w, h) / d->reduction < DETECT_MIN_SIDE)
    d->reduction /= 2;
  small = decode (jpeg, len, d->reduction, TRUE);
  if (small == NULL)
    {
      g_set_error_literal (error, SEWA_PAGE_ERROR, SEWA_PAGE_ERROR_DECODE,
                           "Could not decode the photo");
      return FALSE;
    }
  d->grey = pix8_to_bytes (small, &d->w, &d->h);
  pixDestroy (&small);
  *photo_w = w;
  *photo_h = h;
  sewa_page_detect (d);
  return TRUE;
}

/* The checks that need only the small copy, in verdict order. */
static SewaPageVerdict
frame_verdict (const SewaPageDetect *d)
{
  if (d->frame_p95 < DARK_LEVEL * 0.75)
    return SEWA_PAGE_TOO_DARK;
  if (!d->found)
    return SEWA_PAGE_NOT_FOUND;
  /* A few pixels of a corner touching the edge are tolerated. */
  if (d->border_pixels > 3)
    return SEWA_PAGE_CUT_OFF;
  if (d->page_frac < MIN_PAGE_FRAC)
    return SEWA_PAGE_TOO_SMALL;
  if (d->paper_level < DARK_LEVEL)
    return SEWA_PAGE_TOO_DARK;
  if (d->clipped_frac > BRIGHT_CLIP_FRAC)
    return SEWA_PAGE_TOO_BRIGHT;
  if (d->glare_frac > GLARE_MIN_FRAC)
    return SEWA_PAGE_GLARE;
  return SEWA_PAGE_OK;
}

static SewaPageResult *
result_from_detection (const SewaPageDetect *d)
{
  SewaPageResult *r = g_new0 (SewaPageResult, 1);

  r->verdict = frame_verdict (d);
  r->corners_found = d->found;
  for (int i = 0; i < 4 && d->found; i++)
    {
      r->corners[i][0] = to_photo (d->quad[i].x, d->reduction);
      r->corners[i][1] = to_photo (d->quad[i].y, d->reduction);
    }
  r->metrics.paper_level = d->paper_level;
  r->metrics.clipped_frac = d->clipped_frac;
  r->metrics.glare_frac = d->glare_frac;
  r->metrics.page_frac = d->page_frac;
  return r;
}

gboolean
sewa_page_check_frame (const guint8 *jpeg, gsize len, SewaPageResult **out, GError **error)
{
  SewaPageDetect d = { 0 };
  int pw, ph;

  g_return_val_if_fail (jpeg != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  if (!run_detection (jpeg, len, &d, &pw, &ph, error))
    {
      detect_clear (&d);
      return FALSE;
    }
  *out = result_from_detection (&d);
  detect_clear (&d);
  return TRUE;
}

/* ---- step 2: the warp ------------------------------------------------------------------ */

/* The projective map from the unit square to @q (Heckbert's square-to-quad). */
static void
square_to_quad (const SewaPagePoint q[4], double m[9])
{
  double dx1 = q[1].x - q[2].x, dx2 = q[3].x - q[2].x;
  double dy1 = q[1].y - q[2].y, dy2 = q[3].y - q[2].y;
  double sx = q[0].x - q[1].x + q[2].x - q[3].x;
  double sy = q[0].y - q[1].y + q[2].y - q[3].y;
  double g = 0, h = 0, den = dx1 * dy2 - dx2 * dy1;

  if (fabs (sx) > 1e-9 || fabs (sy) > 1e-9)
    {
      g = (sx * dy2 - dx2 * sy) / den;
      h = (dx1 * sy - sx * dy1) / den;
    }
  m[0] = q[1].x - q[0].x + g * q[1].x;
  m[1] = q[3].x - q[0].x + h * q[3].x;
  m[2] = q[0].x;
  m[3] = q[1].y - q[0].y + g * q[1].y;
  m[4] = q[3].y - q[0].y + h * q[3].y;
  m[5] = q[0].y;
  m[6] = g;
  m[7] = h;
  m[8] = 1;
}

/* Warp quad @q of @src (8 bpp) to an ow x oh greyscale Pix. */
static PIX *
warp_grey (const SewaPageGrey *src, const SewaPagePoint q[4], int ow, int oh)
{
  PIX *out = pixCreate (ow, oh, 8);
  l_uint32 *data = pixGetData (out);
  int wpl = pixGetWpl (out);
  double m[9];

  square_to_quad (q, m);
  for (int y = 0; y < oh; y++)
    {
      double v = (y + 0.5) / oh;
      double X = m[1] * v + m[2], Y = m[4] * v + m[5], W = m[7] * v + m[8];
      l_uint32 *line = data + (gsize) y * wpl;
      for (int x = 0; x < ow; x++)
        {
          double u = (x + 0.5) / ow;
          double iw = 1.0 / (m[6] * u + W);
          double val = sewa_page_sample (src, (m[0] * u + X) * iw, (m[3] * u + Y) * iw);
          SET_DATA_BYTE (line, x, (l_uint8) (val + 0.5));
        }
    }
  return out;
}

/* The same for a 32 bpp colour Pix, channel by channel. */
static PIX *
warp_colour (PIX *src, const SewaPagePoint q[4], int ow, int oh)
{
  PIX *out = pixCreate (ow, oh, 32);
  l_uint32 *sdata = pixGetData (src), *ddata = pixGetData (out);
  int swpl = pixGetWpl (src), dwpl = pixGetWpl (out);
  int sw = pixGetWidth (src), sh = pixGetHeight (src);
  double m[9];

  square_to_quad (q, m);
  for (int y = 0; y < oh; y++)
    {
      double v = (y + 0.5) / oh;
      l_uint32 *line = ddata + (gsize) y * dwpl;
      for (int x = 0; x < ow; x++)
        {
          double u = (x + 0.5) / ow;
          double iw = 1.0 / (m[6] * u + m[7] * v + m[8]);
          double sx = CLAMP ((m[0] * u + m[1] * v + m[2]) * iw, 0, sw - 1.001);
          double sy = CLAMP ((m[3] * u + m[4] * v + m[5]) * iw, 0, sh - 1.001);
          int x0 = (int) sx, y0 = (int) sy;
          double fx = sx - x0, fy = sy - y0;
          const l_uint32 *p = sdata + (gsize) y0 * swpl + x0;
          l_uint32 px = 0;
          for (int shift = 8; shift <= 24; shift += 8)
            {
              double a = ((p[0] >> shift) & 0xff) * (1 - fx) + ((p[1] >> shift) & 0xff) * fx;
              double b = ((p[swpl] >> shift) & 0xff) * (1 - fx) +
                         ((p[swpl + 1] >> shift) & 0xff) * fx;
              px |= (l_uint32) (a * (1 - fy) + b * fy + 0.5) << shift;
            }
          line[x] = px;
        }
    }
  return out;
}

/* ---- step 3: blur ------------------------------------------------------------------- */

/* For an edge blurred by a Gaussian of width sigma, the integral of |gradient| across it is
 * the contrast C and the integral of |Laplacian| is about 0.8 C / sigma, so their ratio is
 * about 0.8 / sigma whatever the contrast and however much text there is. Pixels in flat
 * areas (noise) are left out so that they do not dilute or inflate it. */
static void
measure_sharpness (PIX *grey, SewaPageMetrics *mt)
{
  int w = pixGetWidth (grey), h = pixGetHeight (grey), wpl = pixGetWpl (grey);
  l_uint32 *data = pixGetData (grey);
  int mx = w / 25, my = h / 25;
  double sum_l = 0, sum_g = 0, lsum = 0, lsum2 = 0;
  guint64 n = 0;
  guint edges = 0;

  for (int y = my + 1; y < h - my - 1; y++)
    {
      l_uint32 *up = data + (gsize) (y - 1) * wpl, *line = data + (gsize) y * wpl,
               *down = data + (gsize) (y + 1) * wpl;
      for (int x = mx + 1; x < w - mx - 1; x++)
        {
          int c = GET_DATA_BYTE (line, x);
          int l = GET_DATA_BYTE (line, x - 1), r = GET_DATA_BYTE (line, x + 1);
          int u = GET_DATA_BYTE (up, x), dn = GET_DATA_BYTE (down, x);
          int lap = l + r + u + dn - 4 * c;
          double gx = (r - l) * 0.5, gy = (dn - u) * 0.5;
          double gm = sqrt (gx * gx + gy * gy);

          lsum += lap;
          lsum2 += (double) lap * lap;
          n++;
          if (gm < 6 && abs (lap) < 12)
            continue;
          sum_l += abs (lap);
          sum_g += gm;
          edges++;
        }
    }
  mt->laplacian_var = n > 0 ? lsum2 / n - (lsum / n) * (lsum / n) : 0;
  mt->edge_pixels = edges;
  mt->sharpness = sum_g >= MIN_EDGE_SUM ? sum_l / sum_g : -1;
}

/* ---- step 4: lighting, orientation, encoding ---------------------------------------- */

static PIX *
even_lighting (PIX *pix, double paper_level)
{
  PIX *norm, *out;
  int thresh = CLAMP ((int) (paper_level * 0.55), 40, 140);

  /* Leptonica estimates the paper (pixels brighter than thresh) in tiles, smooths that map
   * and divides it out, so shadows and the lamp's falloff disappear. */
  norm = pixBackgroundNorm (pix, NULL, NULL, 10, 15, thresh, 40, 230, 2, 1);
  if (norm == NULL)
    norm = pixClone (pix);
  /* Then paper to pure white and ink to near black: cleaner to read and far smaller as
   * JPEG, since flat white costs almost nothing. */
  out = pixGammaTRC (NULL, norm, 1.0, 40, 215);
  pixDestroy (&norm);
  return out;
}

static int
orient_page (PIX *grey_norm, double *conf)
{
  PIX *bin;
  l_float32 upconf = 0, leftconf = 0;
  l_int32 orient = L_TEXT_ORIENT_UNKNOWN;
  int turns = 0;

  bin = pixThresholdToBinary (grey_norm, 140);
  if (bin == NULL)
    return 0;
  if (pixOrientDetect (bin, &upconf, &leftconf, 0, 0) == 0)
    makeOrientDecision (upconf, leftconf, 0, 0, &orient, 0);
  pixDestroy (&bin);
  switch (orient)
    {
    case L_TEXT_ORIENT_LEFT:
      turns = 1;
      break;
    case L_TEXT_ORIENT_DOWN:
      turns = 2;
      break;
    case L_TEXT_ORIENT_RIGHT:
      turns = 3;
      break;
    case L_TEXT_ORIENT_UP:
    case L_TEXT_ORIENT_UNKNOWN:
    default:
      turns = 0;
      break;
    }
  *conf = MAX (fabs (upconf), fabs (leftconf));
  return turns;
}

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf jump;
} JpegError;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  longjmp (((JpegError *) cinfo->err)->jump, 1);
}

static void
jpeg_quiet_cb (j_common_ptr cinfo)
{
}

/* libjpeg-turbo directly rather than Leptonica's writer, for one setting Leptonica does not
 * expose: optimised Huffman tables, about 12 % smaller at the same quality for nearly no
 * time. That is what keeps pages under the size budget at a legible quality. */
static GBytes *
encode_jpeg (PIX *pix, int quality)
{
  struct jpeg_compress_struct cinfo;
  JpegError jerr;
  unsigned char *mem = NULL;
  unsigned long mem_len = 0;
  int w = pixGetWidth (pix), h = pixGetHeight (pix), wpl = pixGetWpl (pix);
  gboolean grey = pixGetDepth (pix) == 8;
  l_uint32 *data = pixGetData (pix);
  guint8 *row = g_malloc ((gsize) w * 3);
  GBytes *out;

  cinfo.err = jpeg_std_error (&jerr.pub);
  jerr.pub.error_exit = jpeg_error_exit_cb;
  jerr.pub.output_message = jpeg_quiet_cb;
  if (setjmp (jerr.jump) != 0)
    {
      jpeg_destroy_compress (&cinfo);
      free (mem);
      g_free (row);
      return NULL;
    }
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &mem, &mem_len);
  cinfo.image_width = (JDIMENSION) w;
  cinfo.image_height = (JDIMENSION) h;
  cinfo.input_components = grey ? 1 : 3;
  cinfo.in_color_space = grey ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, quality, TRUE);
  cinfo.optimize_coding = TRUE;
  cinfo.density_unit = 1; /* dots per inch */
  cinfo.X_density = SEWA_PAGE_DPI;
  cinfo.Y_density = SEWA_PAGE_DPI;
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      const l_uint32 *line = data + (gsize) cinfo.next_scanline * wpl;
      JSAMPROW rows[1] = { row };

      if (grey)
        for (int x = 0; x < w; x++)
          row[x] = GET_DATA_BYTE (line, x);
      else
        for (int x = 0; x < w; x++)
          {
            row[3 * x] = (line[x] >> L_RED_SHIFT) & 0xff;
            row[3 * x + 1] = (line[x] >> L_GREEN_SHIFT) & 0xff;
            row[3 * x + 2] = (line[x] >> L_BLUE_SHIFT) & 0xff;
          }
      jpeg_write_scanlines (&cinfo, rows, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  out = g_bytes_new (mem, mem_len);
  free (mem);
  g_free (row);
  return out;
}

static GBytes *
encode (PIX *pix, int *quality_used)
{
  int quality = pixGetDepth (pix) == 8 ? 75 : 70;

  for (;;)
    {
      GBytes *bytes = encode_jpeg (pix, quality);

      if (bytes == NULL)
        return NULL;
      /* Shrink the budget in steps; text stays legible well below quality 50. */
      if (g_bytes_get_size (bytes) <= SEWA_PAGE_MAX_BYTES || quality <= 35)
        {
          *quality_used = quality;
          return bytes;
        }
      g_bytes_unref (bytes);
      quality -= 10;
    }
}

static void
output_size (const SewaPagePoint q[4], int *ow, int *oh)
{
  double top = hypot (q[1].x - q[0].x, q[1].y - q[0].y);
  double bottom = hypot (q[2].x - q[3].x, q[2].y - q[3].y);
  double left = hypot (q[3].x - q[0].x, q[3].y - q[0].y);
  double right = hypot (q[2].x - q[1].x, q[2].y - q[1].y);
  double pw = (top + bottom) / 2, ph = (left + right) / 2;
  double aspect = MAX (pw, ph) / MAX (1.0, MIN (pw, ph));
  int shortside;

  /* Perspective makes the measured aspect approximate; anything near A4 is A4. */
  if (fabs (aspect - G_SQRT2) < 0.1)
    shortside = A4_SHORT;
  else
    shortside = (int) (A4_LONG / CLAMP (aspect, 1.0, 3.0) + 0.5);
  *ow = pw >= ph ? A4_LONG : shortside;
  *oh = pw >= ph ? shortside : A4_LONG;
}

gboolean
sewa_page_process (const guint8 *jpeg, gsize len, SewaPageMode mode, SewaPageResult **out,
                   GError **error)
{
  SewaPageDetect d = { 0 };
  g_autoptr (SewaPageResult) r = NULL;
  PIX *full = NULL, *colour = NULL, *warped = NULL, *grey_page = NULL, *even = NULL;
  PIX *upright = NULL;
  SewaPagePoint q[4];
  int pw, ph, ow, oh, rf;
  double long_src;
  gboolean ok = FALSE;

  g_return_val_if_fail (jpeg != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  if (!run_detection (jpeg, len, &d, &pw, &ph, error))
    goto out;
  r = result_from_detection (&d);
  if (!d.found || r->verdict == SEWA_PAGE_NOT_FOUND || r->verdict == SEWA_PAGE_CUT_OFF)
    {
      ok = TRUE;
      goto out;
    }

  for (int i = 0; i < 4; i++)
    q[i] = (SewaPagePoint) { r->corners[i][0], r->corners[i][1] };
  output_size (q, &ow, &oh);
  long_src = MAX (MAX (hypot (q[1].x - q[0].x, q[1].y - q[0].y),
                       hypot (q[2].x - q[3].x, q[2].y - q[3].y)),
                  MAX (hypot (q[3].x - q[0].x, q[3].y - q[0].y),
                       hypot (q[2].x - q[1].x, q[2].y - q[1].y)));
  /* Decode no larger than needed: each halving is a quarter of the decode time, and the
   * bilinear warp stays alias-free while it shrinks by less than two. */
  rf = 1;
  while (rf < 8 && long_src / (rf * 2) >= MAX (ow, oh))
    rf *= 2;

  full = decode (jpeg, len, rf, TRUE);
  if (full == NULL)
    {
      g_set_error_literal (error, SEWA_PAGE_ERROR, SEWA_PAGE_ERROR_DECODE,
                           "Could not decode the photo");
      goto out;
    }
  pixEndianByteSwap (full); /* bytes in reading order for our own loops */
  {
    SewaPageGrey g = { (const guint8 *) pixGetData (full), (gsize) pixGetWpl (full) * 4,
               pixGetWidth (full), pixGetHeight (full) };
    SewaPagePoint fq[4];

    for (int i = 0; i < 4; i++)
      fq[i] = (SewaPagePoint) { from_photo (q[i].x, rf), from_photo (q[i].y, rf) };
    sewa_page_refine_quad (&g, fq, 1.5 * d.reduction / rf + 3);
    for (int i = 0; i < 4; i++)
      {
        q[i] = (SewaPagePoint) { to_photo (fq[i].x, rf), to_photo (fq[i].y, rf) };
        r->corners[i][0] = q[i].x;
        r->corners[i][1] = q[i].y;
      }
    grey_page = warp_grey (&g, fq, ow, oh);
    if (mode == SEWA_PAGE_MODE_COLOUR)
      {
        colour = decode (jpeg, len, rf, FALSE);
        if (colour != NULL && pixGetDepth (colour) == 32)
          warped = warp_colour (colour, fq, ow, oh);
      }
  }
  pixDestroy (&full);

  measure_sharpness (grey_page, &r->metrics);
  if (r->verdict == SEWA_PAGE_OK && r->metrics.sharpness >= 0 &&
      r->metrics.sharpness < SHARPNESS_MIN)
    r->verdict = SEWA_PAGE_BLURRED;

  even = even_lighting (grey_page, d.paper_level);
  r->metrics.rotation = orient_page (even, &r->metrics.orient_conf);
  if (warped != NULL)
    {
      pixDestroy (&even);
      even = even_lighting (warped, d.paper_level);
    }
  upright = r->metrics.rotation != 0 ? pixRotateOrth (even, r->metrics.rotation)
                                     : pixClone (even);
  r->jpeg = encode (upright, &r->metrics.quality);
  if (r->jpeg == NULL)
    {
      g_set_error_literal (error, SEWA_PAGE_ERROR, SEWA_PAGE_ERROR_ENCODE,
                           "Could not encode the page");
      goto out;
    }
  r->width = pixGetWidth (upright);
  r->height = pixGetHeight (upright);
  ok = TRUE;

out:
  pixDestroy (&full);
  pixDestroy (&colour);
  pixDestroy (&warped);
  pixDestroy (&grey_page);
  pixDestroy (&even);
  pixDestroy (&upright);
  detect_clear (&d);
  if (ok)
    *out = g_steal_pointer (&r);
  return ok;
}

typedef struct
{
  GBytes *jpeg;
  SewaPageMode mode;
} ProcessData;

static void
process_data_free (ProcessData *pd)
{
  g_bytes_unref (pd->jpeg);
  g_free (pd);
}

static void
process_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ProcessData *pd = data;
  SewaPageResult *r = NULL;
  GError *error = NULL;
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (pd->jpeg, &len);

  if (sewa_page_process (bytes, len, pd->mode, &r, &error))
    g_task_return_pointer (task, r, (GDestroyNotify) sewa_page_result_free);
  else
    g_task_return_error (task, error);
}

void
sewa_page_process_async (GBytes *jpeg, SewaPageMode mode, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  ProcessData *pd;

  g_return_if_fail (jpeg != NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sewa_page_process_async);
  pd = g_new0 (ProcessData, 1);
  pd->jpeg = g_bytes_ref (jpeg);
  pd->mode = mode;
  g_task_set_task_data (task, pd, (GDestroyNotify) process_data_free);
  g_task_run_in_thread (task, process_thread);
}

SewaPageResult *
sewa_page_process_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
