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

#define DETECT_MIN_SIDE 360   /* the small copy's long side is at least this */
#define DARK_LEVEL 80.0       /* paper darker than this is too dark to read reliably */
#define BRIGHT_CLIP_FRAC 0.5  /* half the page burnt out: too bright */
#define GLARE_MIN_FRAC 0.002  /* a burnt-out blob covering 0.2 % of the page: glare */
/* Blur is judged as the width of an edge on the document in millimetres (0.8 / sharpness
 * output pixels): wider than this and 9-point text loses its strokes. Chosen on the seed-A
 * photos of bench-pages --classes; see the test /page/stand-classes. */
#define BLUR_MAX_MM 0.20
/* Less edge gradient per square millimetre than this and sharpness is not measurable. */
#define MIN_EDGE_PER_MM2 3.0
/* RMS band-pass detail (grey levels) at the scale of letters (0.5–4 mm) at or above this is
 * writing. Below it a page is blank only if it also has less than COARSE_STRUCTURE_MIN at the
 * scale of lines (2–12 mm): writing blurred past its letters keeps its lines. Chosen on the
 * seed-A photos of bench-pages --classes: blank pages 0.51 / 0.30 on every size, the most
 * blurred page (A5, sigma 15) 1.89 / 3.38; the coarse limit sits a factor of 3 from both. */
#define STRUCTURE_MIN 2.0
#define COARSE_STRUCTURE_MIN 1.0
/* A measured size within this relative error of a known one is that size. A5 is A4 / sqrt 2,
 * so anything under 17 % keeps them apart; perspective and detection stay within 5 %. */
#define SIZE_TOLERANCE 0.12
/* The largest document the output is made for (A3's long side); anything longer is refused
 * as the wrong size rather than written as a huge image. */
#define MAX_OTHER_MM 420.0

#include "sewa-page-private.h"

static void
detect_clear (SewaPageDetect *d)
{
  g_clear_pointer (&d->grey, g_free);
  g_clear_pointer (&d->mask, g_free);
}

static const SewaPageSizeInfo size_info[SEWA_PAGE_N_SIZES] = {
  [SEWA_PAGE_SIZE_A4] = { "a4", 210.0, 297.0, 200, 100 },
  [SEWA_PAGE_SIZE_A5] = { "a5", 148.0, 210.0, 200, 100 },
  [SEWA_PAGE_SIZE_ID1] = { "id1", 53.98, 85.60, 300, 150 },
  [SEWA_PAGE_SIZE_PHOTO] = { "photo", 35.0, 45.0, 300, 150 },
  [SEWA_PAGE_SIZE_OTHER] = { "other", 0, 0, 200, 100 },
};

const SewaPageSizeInfo *
sewa_page_size_get_info (SewaPageSize size)
{
  g_return_val_if_fail ((guint) size < SEWA_PAGE_N_SIZES, NULL);
  return &size_info[size];
}

gboolean
sewa_page_size_from_name (const char *name, SewaPageSize *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  for (guint i = 0; name != NULL && i < SEWA_PAGE_N_SIZES; i++)
    if (g_str_equal (name, size_info[i].name))
      {
        *out = (SewaPageSize) i;
        return TRUE;
      }
  return FALSE;
}

guint
sewa_page_size_sides (SewaPageSize size)
{
  return size == SEWA_PAGE_SIZE_ID1 ? 2 : 1;
}

double
sewa_page_default_px_per_mm (int photo_width, int photo_height)
{
  return MAX (1, MIN (photo_width, photo_height)) / SEWA_PAGE_DEFAULT_VIEW_MM;
}

void
sewa_page_options_init (SewaPageOptions *options)
{
  g_return_if_fail (options != NULL);
  options->mode = SEWA_PAGE_MODE_GREY;
  options->sizes = SEWA_PAGE_SIZES_ANY;
  options->px_per_mm = 0;
  options->needs_text = TRUE;
}

gboolean
sewa_page_photo_size_parse (const char *text, int *width, int *height)
{
  g_auto (GStrv) parts = NULL;
  guint64 v[2];

  g_return_val_if_fail (width != NULL && height != NULL, FALSE);
  if (text == NULL || strlen (text) > 11)
    return FALSE;
  parts = g_strsplit (text, "x", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;
  for (int i = 0; i < 2; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, 16, 20000, &v[i], NULL) ||
        !g_ascii_isdigit (parts[i][0]))
      return FALSE;
  *width = (int) v[0];
  *height = (int) v[1];
  return TRUE;
}

gboolean
sewa_page_expected_outline (SewaPageSize size, double px_per_mm, int photo_width,
                            int photo_height, double corners[4][2])
{
  const SewaPageSizeInfo *info;
  double lw, sw, ow, oh;

  g_return_val_if_fail ((guint) size < SEWA_PAGE_N_SIZES, FALSE);
  g_return_val_if_fail (photo_width > 0 && photo_height > 0, FALSE);
  info = &size_info[size];
  if (info->long_mm <= 0)
    return FALSE;
  if (px_per_mm <= 0)
    px_per_mm = sewa_page_default_px_per_mm (photo_width, photo_height);
  lw = info->long_mm * px_per_mm;
  sw = info->short_mm * px_per_mm;
  ow = photo_width >= photo_height ? lw : sw;
  oh = photo_width >= photo_height ? sw : lw;
  if (ow > photo_width || oh > photo_height)
    return FALSE;
  corners[0][0] = (photo_width - ow) / 2, corners[0][1] = (photo_height - oh) / 2;
  corners[1][0] = (photo_width + ow) / 2, corners[1][1] = (photo_height - oh) / 2;
  corners[2][0] = (photo_width + ow) / 2, corners[2][1] = (photo_height + oh) / 2;
  corners[3][0] = (photo_width - ow) / 2, corners[3][1] = (photo_height + oh) / 2;
  return TRUE;
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
      return N_("The camera cannot read a document this small: ask the operator for help");
    case SEWA_PAGE_TOO_DARK:
      return N_("Too dark: turn on the light or move out of the shadow");
    case SEWA_PAGE_TOO_BRIGHT:
      return N_("Too bright: move the paper away from direct light");
    case SEWA_PAGE_GLARE:
      return N_("Glare on the page: tilt the paper or move it away from the lamp");
    case SEWA_PAGE_BLURRED:
      return N_("Hold still");
    case SEWA_PAGE_WRONG_SIZE:
      return N_("This is not the document asked for: check the document and place it on the stand");
    case SEWA_PAGE_BLANK:
      return N_("Nothing written on this side: turn the paper over");
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
    case SEWA_PAGE_WRONG_SIZE:
      return "wrong-size";
    case SEWA_PAGE_BLANK:
      return "blank";
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

/* Half the area of the smallest document there is (a passport photograph): a blob smaller
 * than that cannot be one. Not only the sizes asked for, so that a card where a certificate is
 * asked for is told "wrong document" rather than "no paper". */
static guint
smallest_blob (double px_per_mm, int reduction)
{
  const SewaPageSizeInfo *photo = &size_info[SEWA_PAGE_SIZE_PHOTO];
  double s = px_per_mm / reduction;

  return (guint) (0.5 * photo->short_mm * photo->long_mm * s * s);
}

static gboolean
run_detection (const guint8 *jpeg, gsize len, const SewaPageOptions *opts, SewaPageDetect *d,
               int *photo_w, int *photo_h, double *px_per_mm, GError **error)
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
  *px_per_mm = opts->px_per_mm > 0 ? opts->px_per_mm : sewa_page_default_px_per_mm (w, h);
  d->min_blob = smallest_blob (*px_per_mm, d->reduction);
  sewa_page_detect (d);
  return TRUE;
}

static void
side_lengths (const double c[4][2], double *across, double *down)
{
  *across = (hypot (c[1][0] - c[0][0], c[1][1] - c[0][1]) +
             hypot (c[2][0] - c[3][0], c[2][1] - c[3][1])) / 2;
  *down = (hypot (c[3][0] - c[0][0], c[3][1] - c[0][1]) +
           hypot (c[2][0] - c[1][0], c[2][1] - c[1][1])) / 2;
}

/* Mean brightness step across side @s of @c (photo pixels) on the small copy: inside the
 * outline minus outside, 1.5 to 4 small-copy pixels from the side, over its middle 70 %. */
static double
side_contrast (const SewaPageDetect *d, const double c[4][2], int s)
{
  SewaPageGrey g = { d->grey, (gsize) d->w, d->w, d->h };
  double ax = from_photo (c[s][0], d->reduction), ay = from_photo (c[s][1], d->reduction);
  double bx = from_photo (c[(s + 1) % 4][0], d->reduction);
  double by = from_photo (c[(s + 1) % 4][1], d->reduction);
  double mx = 0, my = 0, len = hypot (bx - ax, by - ay), nx, ny, sum = 0;
  int n = 0;

  if (len < 1)
    return 0;
  for (int i = 0; i < 4; i++)
    mx += from_photo (c[i][0], d->reduction) / 4, my += from_photo (c[i][1], d->reduction) / 4;
  nx = (by - ay) / len, ny = -(bx - ax) / len;
  /* The normal points out of the document. */
  if ((ax - mx) * nx + (ay - my) * ny < 0)
    nx = -nx, ny = -ny;
  for (int k = 0; k < 24; k++)
    {
      double t = 0.15 + 0.7 * k / 23.0, px = ax + (bx - ax) * t, py = ay + (by - ay) * t;
      for (double o = 1.5; o <= 4.0; o += 0.5, n++)
        sum += sewa_page_sample (&g, px - o * nx, py - o * ny) -
               sewa_page_sample (&g, px + o * nx, py + o * ny);
    }
  return sum / n;
}

/* Move side @weak of @c (from corner weak to weak+1) out along the two long sides, so that
 * they are @target photo pixels long; FALSE, with @c untouched, if that leaves the photo. */
static gboolean
extend_side (double c[4][2], int weak, double target, int photo_w, int photo_h)
{
  double nc[4][2];
  int from[2] = { (weak + 3) % 4, (weak + 2) % 4 }, to[2] = { weak, (weak + 1) % 4 };

  memcpy (nc, c, sizeof nc);
  for (int i = 0; i < 2; i++)
    {
      double dx = c[to[i]][0] - c[from[i]][0], dy = c[to[i]][1] - c[from[i]][1];
      double len = hypot (dx, dy);

      if (len < 1)
        return FALSE;
      nc[to[i]][0] = c[from[i]][0] + dx * target / len;
      nc[to[i]][1] = c[from[i]][1] + dy * target / len;
      if (nc[to[i]][0] < 0 || nc[to[i]][1] < 0 || nc[to[i]][0] > photo_w - 1 ||
          nc[to[i]][1] > photo_h - 1)
        return FALSE;
    }
  memcpy (c, nc, sizeof nc);
  return TRUE;
}

/* A passport photograph's bottom edge is often not there to find: the sitter's dark clothes
 * reach it and meet the dark stand with no step in brightness, so the outline found ends at
 * the shoulders and the photo measures short (about 41 of its 45 mm) and, blurred, shorter
 * still. When photographs are asked for, an outline about a photograph's width and 70-98 % of
 * its height whose one short side has under 60 % of the other's contrast is completed: that
 * side moves out along the long sides to the photograph's height, if the photo holds it. A
 * short slip of paper has four clear sides and is left as it is. Returns the side moved, or
 * -1. */
static int
complete_photo (const SewaPageDetect *d, const SewaPageOptions *opts, double px_per_mm,
                int photo_w, int photo_h, double c[4][2])
{
  const SewaPageSizeInfo *info = &size_info[SEWA_PAGE_SIZE_PHOTO];
  double across, down, short_mm, long_mm, ca, cb;
  int weak;

  if (!(opts->sizes & SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_PHOTO)))
    return -1;
  side_lengths (c, &across, &down);
  short_mm = MIN (across, down) / px_per_mm;
  long_mm = MAX (across, down) / px_per_mm;
  if (fabs (short_mm / info->short_mm - 1) >= SIZE_TOLERANCE || long_mm < 0.70 * info->long_mm ||
      long_mm > 0.98 * info->long_mm)
    return -1;
  /* The short sides are 0 (TL-TR) and 2 (BR-BL) when the photo lies upright in the frame,
   * 1 and 3 when it lies sideways. */
  weak = across < down ? 0 : 1;
  ca = side_contrast (d, c, weak);
  cb = side_contrast (d, c, weak + 2);
  if (MIN (ca, cb) > 0.6 * MAX (ca, cb) || MAX (ca, cb) <= 0)
    return -1;
  if (cb < ca)
    weak += 2;
  return extend_side (c, weak, info->long_mm * px_per_mm, photo_w, photo_h) ? weak : -1;
}

/* Which size the document found is, from its outline in millimetres at the stand's scale,
 * and whether it is one asked for and has the pixels its output resolution needs. */
static SewaPageVerdict
classify (SewaPageResult *r, const SewaPageOptions *opts, double px_per_mm)
{
  double across, down, long_mm, short_mm, best = G_MAXDOUBLE;
  SewaPageSize size = SEWA_PAGE_SIZE_OTHER;

  side_lengths (r->corners, &across, &down);
  r->metrics.width_mm = across / px_per_mm;
  r->metrics.height_mm = down / px_per_mm;
  long_mm = MAX (r->metrics.width_mm, r->metrics.height_mm);
  short_mm = MIN (r->metrics.width_mm, r->metrics.height_mm);
  for (guint i = 0; i < SEWA_PAGE_SIZE_OTHER; i++)
    {
      double e = MAX (fabs (long_mm / size_info[i].long_mm - 1),
                      fabs (short_mm / size_info[i].short_mm - 1));
      if (e < SIZE_TOLERANCE && e < best)
        best = e, size = (SewaPageSize) i;
    }
  r->size = size;
  r->dpi = size_info[size].dpi;
  /* The document's own pixels per inch: for a known size measured against its true size,
   * so a wrong scale in the configuration cannot make a card look sharper than it is. */
  r->metrics.source_dpi = size == SEWA_PAGE_SIZE_OTHER
                              ? px_per_mm * 25.4
                              : MAX (across, down) / size_info[size].long_mm * 25.4;
  if (!(opts->sizes & SEWA_PAGE_SIZE_FLAG (size)) ||
      (size == SEWA_PAGE_SIZE_OTHER && long_mm > MAX_OTHER_MM))
    return SEWA_PAGE_WRONG_SIZE;
  if (r->metrics.source_dpi < size_info[size].min_source_dpi)
    return SEWA_PAGE_TOO_SMALL;
  return SEWA_PAGE_OK;
}

/* The checks that need only the small copy, in verdict order. */
static SewaPageVerdict
frame_verdict (const SewaPageDetect *d, SewaPageVerdict size_verdict)
{
  if (d->frame_p95 < DARK_LEVEL * 0.75)
    return SEWA_PAGE_TOO_DARK;
  if (!d->found)
    return SEWA_PAGE_NOT_FOUND;
  /* A few pixels of a corner touching the edge are tolerated. */
  if (d->border_pixels > 3)
    return SEWA_PAGE_CUT_OFF;
  if (size_verdict != SEWA_PAGE_OK)
    return size_verdict;
  if (d->paper_level < DARK_LEVEL)
    return SEWA_PAGE_TOO_DARK;
  if (d->clipped_frac > BRIGHT_CLIP_FRAC)
    return SEWA_PAGE_TOO_BRIGHT;
  if (d->glare_frac > GLARE_MIN_FRAC)
    return SEWA_PAGE_GLARE;
  return SEWA_PAGE_OK;
}

/* @judge_resolution: FALSE for a live preview frame, which has far fewer pixels than the
 * photo the page will be made from. */
static SewaPageResult *
result_from_detection (const SewaPageDetect *d, const SewaPageOptions *opts, double px_per_mm,
                       int photo_w, int photo_h, gboolean judge_resolution, int *completed)
{
  SewaPageResult *r = g_new0 (SewaPageResult, 1);
  SewaPageVerdict size_verdict = SEWA_PAGE_OK;

  *completed = -1;
  r->corners_found = d->found;
  r->size = SEWA_PAGE_SIZE_OTHER;
  r->dpi = size_info[SEWA_PAGE_SIZE_OTHER].dpi;
  for (int i = 0; i < 4 && d->found; i++)
    {
      r->corners[i][0] = to_photo (d->quad[i].x, d->reduction);
      r->corners[i][1] = to_photo (d->quad[i].y, d->reduction);
    }
  if (d->found)
    {
      *completed = complete_photo (d, opts, px_per_mm, photo_w, photo_h, r->corners);
      size_verdict = classify (r, opts, px_per_mm);
    }
  if (!judge_resolution && size_verdict == SEWA_PAGE_TOO_SMALL)
    size_verdict = SEWA_PAGE_OK;
  r->verdict = frame_verdict (d, size_verdict);
  r->metrics.paper_level = d->paper_level;
  r->metrics.clipped_frac = d->clipped_frac;
  r->metrics.glare_frac = d->glare_frac;
  r->metrics.page_frac = d->page_frac;
  return r;
}

gboolean
sewa_page_check_frame_with_options (const guint8 *jpeg, gsize len,
                                    const SewaPageOptions *options, SewaPageResult **out,
                                    GError **error)
{
  SewaPageDetect d = { 0 };
  int pw, ph, completed;
  double px_per_mm;

  g_return_val_if_fail (jpeg != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  if (!run_detection (jpeg, len, options, &d, &pw, &ph, &px_per_mm, error))
    {
      detect_clear (&d);
      return FALSE;
    }
  *out = result_from_detection (&d, options, px_per_mm, pw, ph, FALSE, &completed);
  (*out)->photo_width = pw;
  (*out)->photo_height = ph;
  detect_clear (&d);
  return TRUE;
}

gboolean
sewa_page_check_frame (const guint8 *jpeg, gsize len, SewaPageResult **out, GError **error)
{
  SewaPageOptions options;

  sewa_page_options_init (&options);
  return sewa_page_check_frame_with_options (jpeg, len, &options, out, error);
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
measure_sharpness (PIX *page, double min_edge_sum, SewaPageMetrics *mt)
{
  /* Sensor noise has a large Laplacian of its own: on a 12 MP stand photo, where the page is
   * hardly reduced, it made a page blurred by 4 px look sharp. A 3 x 3 box first takes it down
   * threefold; edges keep their width. */
  PIX *grey = pixBlockconv (page, 1, 1);
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
          if (gm < 4)
            continue;
          sum_l += abs (lap);
          sum_g += gm;
          edges++;
        }
    }
  mt->laplacian_var = n > 0 ? lsum2 / n - (lsum / n) * (lsum / n) : 0;
  mt->edge_pixels = edges;
  mt->sharpness = sum_g >= min_edge_sum ? sum_l / sum_g : -1;
  pixDestroy (&grey);
}

/* How much the page varies between @lo_mm and @hi_mm, as the RMS of the difference of two box
 * blurs of those radii, away from the page's edges. At the scale of letters and lines
 * (0.5–4 mm) bare paper, its shading and the sensor's noise leave almost nothing, a page
 * with writing a lot; at the scale of lines and paragraphs (2–12 mm) writing blurred past
 * its letters still leaves its lines, while paper's shading (tens of centimetres) does not. */
static double
measure_band (PIX *grey, int dpi, double lo_mm, double hi_mm)
{
  int r1 = MAX (1, (int) (lo_mm * dpi / 25.4 + 0.5)), r2 = MAX (r1 + 1, (int) (hi_mm * dpi / 25.4 + 0.5));
  int w = pixGetWidth (grey), h = pixGetHeight (grey);
  int mx = MAX (w / 25, r2), my = MAX (h / 25, r2);
  PIX *fine, *coarse;
  double sum2 = 0;
  guint64 n = 0;

  /* A document too small for the band has no border-free middle to measure. */
  if (w <= 2 * mx || h <= 2 * my)
    return 0;
  fine = pixBlockconv (grey, r1, r1);
  coarse = pixBlockconv (grey, r2, r2);
  if (fine == NULL || coarse == NULL)
    {
      pixDestroy (&fine);
      pixDestroy (&coarse);
      return 0;
    }
  for (int y = my; y < h - my; y++)
    {
      l_uint32 *a = pixGetData (fine) + (gsize) y * pixGetWpl (fine);
      l_uint32 *b = pixGetData (coarse) + (gsize) y * pixGetWpl (coarse);
      for (int x = mx; x < w - mx; x++)
        {
          double dv = (double) GET_DATA_BYTE (a, x) - GET_DATA_BYTE (b, x);
          sum2 += dv * dv;
          n++;
        }
    }
  pixDestroy (&fine);
  pixDestroy (&coarse);
  return n > 0 ? sqrt (sum2 / n) : 0;
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

/* Quarter turns clockwise that make the text upright. A card carries a few dozen letters,
 * below Leptonica's default minimum count; it is landscape (ID-1 cards are printed across), so
 * only up or down is left to decide, on what letters there are. */
static int
orient_page (PIX *grey_norm, SewaPageSize size, double *conf)
{
  PIX *bin;
  l_float32 upconf = 0, leftconf = 0;
  l_int32 orient = L_TEXT_ORIENT_UNKNOWN;
  int turns = 0;

  bin = pixThresholdToBinary (grey_norm, 140);
  if (bin == NULL)
    return 0;
  if (size == SEWA_PAGE_SIZE_ID1)
    {
      int base = pixGetHeight (bin) > pixGetWidth (bin) ? 1 : 0;
      PIX *across = base != 0 ? pixRotateOrth (bin, base) : pixClone (bin);

      if (pixUpDownDetect (across, &upconf, 8, 0, 0) != 0)
        upconf = 0;
      pixDestroy (&across);
      pixDestroy (&bin);
      *conf = fabs (upconf);
      return upconf < -2.0 ? base + 2 : base;
    }
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
encode_jpeg (PIX *pix, int quality, int dpi)
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
  cinfo.X_density = (UINT16) dpi;
  cinfo.Y_density = (UINT16) dpi;
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
encode (PIX *pix, int dpi, int *quality_used)
{
  int quality = pixGetDepth (pix) == 8 ? 75 : 70;

  for (;;)
    {
      GBytes *bytes = encode_jpeg (pix, quality, dpi);

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

/* The output in pixels: the document's physical size at its resolution, lying as it lies in
 * the photo (the upright rotation comes later). */
static void
output_size (const SewaPageResult *r, int *ow, int *oh)
{
  const SewaPageSizeInfo *info = &size_info[r->size];
  gboolean across = r->metrics.width_mm >= r->metrics.height_mm;
  double long_mm = info->long_mm, short_mm = info->short_mm;

  if (r->size == SEWA_PAGE_SIZE_OTHER)
    {
      long_mm = MAX (r->metrics.width_mm, r->metrics.height_mm);
      short_mm = MIN (r->metrics.width_mm, r->metrics.height_mm);
    }
  long_mm = CLAMP (long_mm, 10.0, MAX_OTHER_MM);
  short_mm = CLAMP (short_mm, 10.0, MAX_OTHER_MM);
  *ow = (int) ((across ? long_mm : short_mm) * r->dpi / 25.4 + 0.5);
  *oh = (int) ((across ? short_mm : long_mm) * r->dpi / 25.4 + 0.5);
}

gboolean
sewa_page_process (const guint8 *jpeg, gsize len, SewaPageMode mode, SewaPageResult **out,
                   GError **error)
{
  SewaPageOptions options;

  sewa_page_options_init (&options);
  options.mode = mode;
  options.needs_text = mode == SEWA_PAGE_MODE_GREY;
  return sewa_page_process_with_options (jpeg, len, &options, out, error);
}

gboolean
sewa_page_process_with_options (const guint8 *jpeg, gsize len, const SewaPageOptions *options,
                                SewaPageResult **out, GError **error)
{
  SewaPageMode mode;
  double px_per_mm, area_mm2, sharp_min;
  SewaPageDetect d = { 0 };
  g_autoptr (SewaPageResult) r = NULL;
  PIX *full = NULL, *colour = NULL, *warped = NULL, *grey_page = NULL, *even = NULL;
  PIX *upright = NULL;
  SewaPagePoint q[4];
  int pw, ph, ow, oh, rf, completed;
  double long_src;
  gboolean ok = FALSE;

  g_return_val_if_fail (jpeg != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  mode = options->mode;
  if (!run_detection (jpeg, len, options, &d, &pw, &ph, &px_per_mm, error))
    goto out;
  r = result_from_detection (&d, options, px_per_mm, pw, ph, TRUE, &completed);
  r->photo_width = pw;
  r->photo_height = ph;
  /* A document of the wrong size is not worth the rest of the work; one too small for its
   * resolution still gets its page made, so that a technician can see why. */
  if (!d.found || r->verdict == SEWA_PAGE_NOT_FOUND || r->verdict == SEWA_PAGE_CUT_OFF ||
      r->verdict == SEWA_PAGE_WRONG_SIZE)
    {
      ok = TRUE;
      goto out;
    }

  for (int i = 0; i < 4; i++)
    q[i] = (SewaPagePoint) { r->corners[i][0], r->corners[i][1] };
  output_size (r, &ow, &oh);
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
        r->corners[i][0] = to_photo (fq[i].x, rf);
        r->corners[i][1] = to_photo (fq[i].y, rf);
      }
    /* The completed side has no edge to refine onto: measure it again from the refined
     * opposite side, so the photograph is its true height and not stretched. */
    if (completed >= 0 &&
        extend_side (r->corners, completed, size_info[SEWA_PAGE_SIZE_PHOTO].long_mm * px_per_mm,
                     pw, ph))
      for (int i = 0; i < 4; i++)
        fq[i] = (SewaPagePoint) { from_photo (r->corners[i][0], rf),
                                  from_photo (r->corners[i][1], rf) };
    for (int i = 0; i < 4; i++)
      q[i] = (SewaPagePoint) { r->corners[i][0], r->corners[i][1] };
    grey_page = warp_grey (&g, fq, ow, oh);
    if (mode == SEWA_PAGE_MODE_COLOUR)
      {
        colour = decode (jpeg, len, rf, FALSE);
        if (colour != NULL && pixGetDepth (colour) == 32)
          warped = warp_colour (colour, fq, ow, oh);
      }
  }
  pixDestroy (&full);

  /* Judged in millimetres on the document, so that the same blur is refused on a card at
   * 300 dpi as on a page at 200 dpi. A page whose sharpness cannot be measured is never
   * accepted: it is either blank or blurred past having edges. */
  area_mm2 = (double) ow * oh * (25.4 / r->dpi) * (25.4 / r->dpi);
  measure_sharpness (grey_page, MIN_EDGE_PER_MM2 * area_mm2 * r->dpi / SEWA_PAGE_DPI,
                     &r->metrics);
  r->metrics.structure = measure_band (grey_page, r->dpi, 0.5, 4.0);
  /* Only needed to tell blank from blurred, where the letters' detail is gone. */
  r->metrics.coarse_structure = r->metrics.structure < STRUCTURE_MIN
                                    ? measure_band (grey_page, r->dpi, 2.0, 12.0) : -1;
  sharp_min = 0.8 * 25.4 / (r->dpi * BLUR_MAX_MM);
  if (r->verdict == SEWA_PAGE_OK)
    {
      gboolean marks = r->metrics.structure >= STRUCTURE_MIN ||
                       r->metrics.coarse_structure >= COARSE_STRUCTURE_MIN;

      if (options->needs_text && !marks)
        r->verdict = SEWA_PAGE_BLANK;
      else if (r->metrics.sharpness < sharp_min)
        r->verdict = SEWA_PAGE_BLURRED;
    }

  even = even_lighting (grey_page, d.paper_level);
  r->metrics.rotation = orient_page (even, r->size, &r->metrics.orient_conf);
  if (warped != NULL)
    {
      pixDestroy (&even);
      even = even_lighting (warped, d.paper_level);
    }
  upright = r->metrics.rotation != 0 ? pixRotateOrth (even, r->metrics.rotation)
                                     : pixClone (even);
  r->jpeg = encode (upright, r->dpi, &r->metrics.quality);
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
  SewaPageOptions options;
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

  if (sewa_page_process_with_options (bytes, len, &pd->options, &r, &error))
    g_task_return_pointer (task, r, (GDestroyNotify) sewa_page_result_free);
  else
    g_task_return_error (task, error);
}

void
sewa_page_process_with_options_async (GBytes *jpeg, const SewaPageOptions *options,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  ProcessData *pd;

  g_return_if_fail (jpeg != NULL);
  g_return_if_fail (options != NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sewa_page_process_async);
  pd = g_new0 (ProcessData, 1);
  pd->jpeg = g_bytes_ref (jpeg);
  pd->options = *options;
  g_task_set_task_data (task, pd, (GDestroyNotify) process_data_free);
  g_task_run_in_thread (task, process_thread);
}

void
sewa_page_process_async (GBytes *jpeg, SewaPageMode mode, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  SewaPageOptions options;

  sewa_page_options_init (&options);
  options.mode = mode;
  options.needs_text = mode == SEWA_PAGE_MODE_GREY;
  sewa_page_process_with_options_async (jpeg, &options, cancellable, callback, user_data);
}

SewaPageResult *
sewa_page_process_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
