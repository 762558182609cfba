/* qr-frames.c — see qr-frames.h.
 *
 * A frame is made in the order a camera makes it: the code is printed on a card (with some
 * text-like clutter around it), the card is seen in perspective, lit unevenly, blurred by the
 * optics, gets sensor noise and finally JPEG compression. Each category pushes one of these
 * steps hard and keeps the others mild, so the decode rate per category says what helps.
 */
#include "qr-frames.h"

#include "aadhaar-gen.h"
#include "sewa-receipt-qr.h"
#include "sewa-reference.h"

#include <math.h>
#include <qrencode.h>
#include <string.h>

enum
{
  CAT_MILD,
  CAT_BLUR,
  CAT_ROTATION,
  CAT_PERSPECTIVE,
  CAT_LOW_CONTRAST,
  CAT_NOISE,
  CAT_JPEG,
  CAT_DENSE,
  CAT_LIGHTING,
  CAT_COMBINED,
  CAT_TILT,
  CAT_GLARE,
  CAT_MOTION,
  CAT_DENSE2800,
  CAT_INVERTED,
  N_CATEGORIES
};

static const char *const category_names[N_CATEGORIES] = {
  "mild", "blur", "rotation", "perspective", "low-contrast",
  "noise", "jpeg", "dense", "lighting", "combined",
  "tilt-10-35", "glare", "motion-blur", "dense-2800", "inverted",
};

typedef struct
{
  double angle_deg;     /* in-plane rotation */
  double tilt;          /* corner displacement as a fraction of the code side */
  double module_px;     /* target module size in the frame */
  double blur_sigma;    /* Gaussian blur, pixels */
  double noise_sigma;   /* Gaussian sensor noise, grey levels */
  int jpeg_quality;     /* 0 = no JPEG step */
  int dark, light;      /* ink and paper grey levels before lighting */
  double light_min;     /* darkest point of the illumination field (1 = flat) */
  gboolean glare;       /* a bright spot somewhere on the frame */
  gboolean glare_on_code; /* …large, saturating, and over part of the code */
  double tilt_deg;      /* card plane turned away from the camera (true 3-D perspective) */
  double motion_px;     /* length of a straight motion-blur streak, pixels */
  gboolean inverted;    /* light modules on a dark ground (a phone screen in dark mode) */
} Degradation;

guint
sewa_test_frame_n_categories (void)
{
  return N_CATEGORIES;
}

const char *
sewa_test_frame_category_name (guint category)
{
  g_return_val_if_fail (category < N_CATEGORIES, NULL);
  return category_names[category];
}

static double
uniform (GRand *rand, double lo, double hi)
{
  return g_rand_double_range (rand, lo, hi);
}

static double
gaussian (GRand *rand)
{
  /* Box–Muller; one value per call is plenty for 1280×720. */
  double u1 = g_rand_double_range (rand, 1e-12, 1.0);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static char *
random_token (GRand *rand, guint n)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  char *s = g_malloc (n + 1);

  for (guint i = 0; i < n; i++)
    s[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
  s[n] = '\0';
  return s;
}

/* An Aadhaar Secure QR-shaped payload of about n_digits digits: the decimal form of a zlib
 * stream, as on a real card, so the decoder's own check of such payloads (they must inflate)
 * holds for them. The compressed bytes are random, so the stream is about as long as they are
 * and a decimal digit carries log10(256)/3 ≈ 0.415 bytes. */
static char *
secure_qr_digits (GRand *rand, guint n_digits)
{
  gsize len = (gsize) (n_digits * 0.4152) - 11;
  g_autofree guint8 *bytes = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  return sewa_test_aadhaar_encode (bytes, len, TRUE);
}

/* Payloads shaped like the ones the kiosk meets: receipt URLs, provisioning codes, Aadhaar
 * Secure QR decimal strings (long), and the odd short text. */
static char *
make_payload (GRand *rand, guint category, guint index)
{
  if (category == CAT_DENSE)
    return secure_qr_digits (rand, (guint) g_rand_int_range (rand, 2200, 3200));
  if (category == CAT_DENSE2800)
    return secure_qr_digits (rand, (guint) g_rand_int_range (rand, 2600, 2900));

  switch (index % 4)
    {
    case 0:
      {
        /* A real receipt code: the reference carries a valid check character. */
        SewaReferenceParts parts = { .kiosk = (guint) g_rand_int_range (rand, 0, 99), .year = 2026,
                                     .month = 11, .day = (guint) g_rand_int_range (rand, 1, 30),
                                     .seq = (guint) g_rand_int_range (rand, 0, 9999) };
        g_autofree char *ref = NULL;

        g_snprintf (parts.centre, sizeof parts.centre, "LDH%02d", g_rand_int_range (rand, 1, 99));
        ref = sewa_reference_format (&parts);
        return sewa_receipt_qr_build ("https://connect.punjab.gov.in/track", ref, NULL);
      }
    case 1:
      {
        g_autofree char *tok = random_token (rand, 180);
        return g_strdup_printf ("SEWAPROV1:%s:%08x", tok, g_rand_int (rand));
      }
    case 2:
      return secure_qr_digits (rand, (guint) g_rand_int_range (rand, 900, 1500));
    default:
      {
        g_autofree char *tok = random_token (rand, 24);
        return g_strdup_printf ("KIOSK-%s", tok);
      }
    }
}

static Degradation
pick_degradation (GRand *rand, guint category)
{
  Degradation d = {
    .angle_deg = uniform (rand, -6, 6),
    .tilt = uniform (rand, 0, 0.03),
    .module_px = uniform (rand, 4.5, 8.0),
    .blur_sigma = uniform (rand, 0.4, 0.8),
    .noise_sigma = uniform (rand, 2, 5),
    .jpeg_quality = 0,
    .dark = g_rand_int_range (rand, 20, 50),
    .light = g_rand_int_range (rand, 200, 235),
    .light_min = uniform (rand, 0.85, 1.0),
    .glare = FALSE,
  };

  switch (category)
    {
    case CAT_MILD:
      break;
    case CAT_BLUR:
      d.blur_sigma = uniform (rand, 1.2, 2.6);
      break;
    case CAT_ROTATION:
      d.angle_deg = uniform (rand, 0, 360);
      break;
    case CAT_PERSPECTIVE:
      d.tilt = uniform (rand, 0.08, 0.22);
      d.angle_deg = uniform (rand, -20, 20);
      break;
    case CAT_LOW_CONTRAST:
      d.dark = g_rand_int_range (rand, 100, 140);
      d.light = d.dark + g_rand_int_range (rand, 22, 55);
      d.light_min = uniform (rand, 0.6, 0.9);
      break;
    case CAT_NOISE:
      d.noise_sigma = uniform (rand, 14, 32);
      break;
    case CAT_JPEG:
      d.jpeg_quality = g_rand_int_range (rand, 6, 20);
      d.blur_sigma = uniform (rand, 0.6, 1.0);
      break;
    case CAT_DENSE:
      d.module_px = uniform (rand, 3.6, 5.0);
      d.blur_sigma = uniform (rand, 0.6, 1.1);
      d.noise_sigma = uniform (rand, 3, 8);
      d.jpeg_quality = g_rand_int_range (rand, 50, 85);
      break;
    case CAT_LIGHTING:
      d.light_min = uniform (rand, 0.25, 0.45);
      d.glare = TRUE;
      break;
    case CAT_TILT:
      d.tilt = 0;
      d.tilt_deg = uniform (rand, 10, 35);
      d.angle_deg = uniform (rand, -20, 20);
      break;
    case CAT_GLARE:
      d.glare = TRUE;
      d.glare_on_code = TRUE;
      break;
    case CAT_MOTION:
      d.motion_px = uniform (rand, 5, 13);
      break;
    case CAT_DENSE2800:
      d.module_px = uniform (rand, 3.4, 4.6);
      d.blur_sigma = uniform (rand, 0.6, 1.0);
      d.noise_sigma = uniform (rand, 3, 8);
      d.jpeg_quality = g_rand_int_range (rand, 50, 85);
      break;
    case CAT_INVERTED:
      d.angle_deg = uniform (rand, 0, 360);
      d.inverted = TRUE;
      break;
    case CAT_COMBINED:
      d.angle_deg = uniform (rand, 0, 360);
      d.tilt = uniform (rand, 0.04, 0.10);
      d.blur_sigma = uniform (rand, 0.9, 1.5);
      d.noise_sigma = uniform (rand, 6, 12);
      d.jpeg_quality = g_rand_int_range (rand, 25, 45);
      d.dark = g_rand_int_range (rand, 50, 80);
      d.light = d.dark + g_rand_int_range (rand, 60, 110);
      d.light_min = uniform (rand, 0.6, 0.85);
      break;
    default:
      g_assert_not_reached ();
    }
  return d;
}

/* Renders the code (with its 4-module quiet zone) at an integer scale on a white canvas of
 * frame size, with text-like clutter around it, and returns the code's corners. */
static PIX *
render_card (GRand *rand, const QRcode *code, gboolean draw_code, double *side)
{
  int modules = code->width + 8;
  int scale = MIN (12, (SEWA_TEST_FRAME_HEIGHT - 8) / modules);
  int ox, oy;
  PIX *pix;

  g_assert (scale >= 4);
  pix = pixCreate (SEWA_TEST_FRAME_WIDTH, SEWA_TEST_FRAME_HEIGHT, 8);
  pixSetAllArbitrary (pix, 255);
  *side = (double) (modules * scale);
  ox = 4;
  oy = 4;

  /* Clutter: short dark bars like printed words, only right of the code so they never touch
   * its quiet zone. */
  for (int i = 0; i < 60; i++)
    {
      int x = ox + (int) *side + 20 + g_rand_int_range (rand, 0, MAX (1, SEWA_TEST_FRAME_WIDTH - ox - (int) *side - 140));
      int y = g_rand_int_range (rand, 0, SEWA_TEST_FRAME_HEIGHT - 12);
      BOX *box = boxCreate (x, y, g_rand_int_range (rand, 10, 110), g_rand_int_range (rand, 4, 10));

      pixSetInRectArbitrary (pix, box, (l_uint32) g_rand_int_range (rand, 0, 90));
      boxDestroy (&box);
    }

  for (int my = 0; draw_code && my < code->width; my++)
    for (int mx = 0; mx < code->width; mx++)
      if (code->data[my * code->width + mx] & 1)
        {
          BOX *box = boxCreate (ox + (mx + 4) * scale, oy + (my + 4) * scale, scale, scale);
          pixSetInRectArbitrary (pix, box, 0);
          boxDestroy (&box);
        }
  return pix;
}

/* Maps the card so the code lands as a (possibly rotated and tilted) quadrilateral with the
 * wanted module size somewhere in the frame. */
static PIX *
place_in_frame (GRand *rand, PIX *card, double side, int modules, const Degradation *d,
                double centre[2])
{
  static const double unit[4][2] = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };
  double target = modules * d->module_px;
  double a = d->angle_deg * G_PI / 180.0;
  double q[4][2];
  double minx = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, miny = G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
  double cx, cy, shrink = 1.0;
  int edge = g_rand_int_range (rand, 0, 4);
  double tilt_axis = uniform (rand, 0, G_PI);
  PTA *ptas = ptaCreate (4);
  PTA *ptad = ptaCreate (4);
  PIX *out;

  for (int i = 0; i < 4; i++)
    {
      double x = unit[i][0] * target / 2, y = unit[i][1] * target / 2;

      /* Perspective: the corners of one edge come closer together (that edge is further
       * from the camera), plus a little jitter on every corner. */
      if (i == edge || i == (edge + 1) % 4)
        {
          x *= 1.0 - d->tilt;
          y *= 1.0 - d->tilt;
        }
      x += uniform (rand, -1, 1) * d->tilt * target / 6;
      y += uniform (rand, -1, 1) * d->tilt * target / 6;
      if (d->tilt_deg > 0)
        {
          /* The card turned by tilt_deg about an axis in its plane (at tilt_axis), seen by a
           * pinhole camera whose focal length is the frame width (a webcam's ~65° field of
           * view) from the distance where the code has its wanted size. */
          double t = d->tilt_deg * G_PI / 180.0, f = SEWA_TEST_FRAME_WIDTH;
          double ax = cos (tilt_axis), ay = sin (tilt_axis);
          double along = x * ax + y * ay, across = -x * ay + y * ax;
          double z = across * sin (t);

          across *= cos (t);
          x = (along * ax - across * ay) * f / (f + z);
          y = (along * ay + across * ax) * f / (f + z);
        }
      q[i][0] = x * cos (a) - y * sin (a);
      q[i][1] = x * sin (a) + y * cos (a);
      minx = MIN (minx, q[i][0]);
      maxx = MAX (maxx, q[i][0]);
      miny = MIN (miny, q[i][1]);
      maxy = MAX (maxy, q[i][1]);
    }
  /* Whatever the angle, the whole code stays inside the frame (a camera frame that cuts the
   * code is not a decode failure worth measuring). */
  shrink = MIN (1.0, MIN ((SEWA_TEST_FRAME_WIDTH - 16) / (maxx - minx), (SEWA_TEST_FRAME_HEIGHT - 16) / (maxy - miny)));
  cx = uniform (rand, 8 - minx * shrink, SEWA_TEST_FRAME_WIDTH - 8 - maxx * shrink);
  cy = uniform (rand, 8 - miny * shrink, SEWA_TEST_FRAME_HEIGHT - 8 - maxy * shrink);

  for (int i = 0; i < 4; i++)
    {
      ptaAddPt (ptas, (float) (4 + (unit[i][0] + 1) / 2 * side), (float) (4 + (unit[i][1] + 1) / 2 * side));
      ptaAddPt (ptad, (float) (cx + q[i][0] * shrink), (float) (cy + q[i][1] * shrink));
    }
  centre[0] = cx;
  centre[1] = cy;
  out = pixProjectivePtaGray (card, ptad, ptas, 255);
  ptaDestroy (&ptas);
  ptaDestroy (&ptad);
  return out;
}

/* Ink and paper levels, uneven illumination and an optional glare spot, in one pass. */
static void
apply_lighting (GRand *rand, PIX *pix, const Degradation *d, const double centre[2], double code_px)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix), wpl = pixGetWpl (pix);
  l_uint32 *data = pixGetData (pix);
  double gx = uniform (rand, -1, 1), gy = uniform (rand, -1, 1);
  double norm = sqrt (gx * gx + gy * gy) + 1e-9;
  double spot_x = uniform (rand, 0, w), spot_y = uniform (rand, 0, h);
  double spot_r = uniform (rand, 80, 220), spot_gain = uniform (rand, 60, 140);

  if (d->glare_on_code)
    {
      /* A reflection of a ceiling lamp on a laminated card: large, saturated, centred within a
       * quarter of the code's side from the code's centre. */
      spot_x = centre[0] + uniform (rand, -0.25, 0.25) * code_px;
      spot_y = centre[1] + uniform (rand, -0.25, 0.25) * code_px;
      spot_r = uniform (rand, 0.10, 0.22) * code_px;
      spot_gain = uniform (rand, 160, 260);
    }
  gx /= norm;
  gy /= norm;
  for (int y = 0; y < h; y++)
    {
      l_uint32 *line = data + y * wpl;

      for (int x = 0; x < w; x++)
        {
          double v = GET_DATA_BYTE (line, x) / 255.0;
          /* Position along the gradient direction, 0 at one corner and 1 at the other. */
          double t = ((x - w / 2.0) * gx + (y - h / 2.0) * gy) / (0.5 * (w * fabs (gx) + h * fabs (gy))) * 0.5 + 0.5;
          double lum = d->light_min + (1.0 - d->light_min) * CLAMP (t, 0.0, 1.0);
          double out = (d->dark + (d->light - d->dark) * v) * lum;

          if (d->glare)
            {
              double dx = x - spot_x, dy = y - spot_y;
              out += spot_gain * exp (-(dx * dx + dy * dy) / (2 * spot_r * spot_r));
            }
          SET_DATA_BYTE (line, x, (l_uint32) CLAMP (out + 0.5, 0, 255));
        }
    }
}

static PIX *
apply_blur (PIX *pix, double sigma)
{
  L_KERNEL *kx = NULL, *ky = NULL;
  int half = (int) ceil (3 * sigma);
  PIX *out;

  makeGaussianKernelSep (half, half, (float) sigma, 1.0, &kx, &ky);
  out = pixConvolveSep (pix, kx, ky, 8, 1);
  kernelDestroy (&kx);
  kernelDestroy (&ky);
  return out;
}

/* A straight streak of length px at a random angle: the citizen's hand moving during the
 * exposure. */
static PIX *
apply_motion (GRand *rand, PIX *pix, double px)
{
  int size = (int) ceil (px) | 1, half = size / 2;
  double a = uniform (rand, 0, G_PI), dx = cos (a), dy = sin (a);
  L_KERNEL *k = kernelCreate (size, size);
  PIX *out;

  kernelSetOrigin (k, half, half);
  for (int s = 0; s < 4 * size; s++)
    {
      double t = (s / (4.0 * size - 1) - 0.5) * px;
      int x = half + (int) lround (t * dx), y = half + (int) lround (t * dy);
      float v = 0;

      kernelGetElement (k, y, x, &v);
      kernelSetElement (k, y, x, v + 1);
    }
  out = pixConvolve (pix, k, 8, 1);
  kernelDestroy (&k);
  return out;
}

static void
apply_noise (GRand *rand, PIX *pix, double sigma)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix), wpl = pixGetWpl (pix);
  l_uint32 *data = pixGetData (pix);

  for (int y = 0; y < h; y++)
    {
      l_uint32 *line = data + y * wpl;

      for (int x = 0; x < w; x++)
        {
          double v = GET_DATA_BYTE (line, x) + sigma * gaussian (rand);
          SET_DATA_BYTE (line, x, (l_uint32) CLAMP (v + 0.5, 0, 255));
        }
    }
}

static PIX *
apply_jpeg (PIX *pix, int quality)
{
  l_uint8 *data = NULL;
  size_t size = 0;
  PIX *out;

  if (pixWriteMemJpeg (&data, &size, pix, quality, 0) != 0)
    g_error ("JPEG encoding failed");
  out = pixReadMemJpeg (data, size, 0, 1, NULL, 0);
  lept_free (data);
  g_assert (out != NULL);
  return out;
}

static SewaTestFrame *
make_frame (guint index, guint32 seed, gboolean with_code)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed * 7919u + index);
  guint category = index % N_CATEGORIES;
  SewaTestFrame *frame = g_new0 (SewaTestFrame, 1);
  Degradation d;
  QRcode *code;
  PIX *card, *pix, *tmp;
  double side = 0, centre[2] = { 0, 0 };

  frame->category = category_names[category];
  frame->payload = make_payload (rand, category, index / N_CATEGORIES);
  d = pick_degradation (rand, category);

  code = QRcode_encodeString (frame->payload, 0, category == CAT_DENSE ? QR_ECLEVEL_L : QR_ECLEVEL_M,
                              QR_MODE_8, 1);
  g_assert (code != NULL);
  frame->qr_version = code->version;

  card = render_card (rand, code, with_code, &side);
  if (d.inverted)
    pixRasterop (card, 4, 4, (int) side, (int) side, PIX_NOT (PIX_DST), NULL, 0, 0);
  pix = place_in_frame (rand, card, side, code->width + 8, &d, centre);
  pixDestroy (&card);

  apply_lighting (rand, pix, &d, centre, code->width * d.module_px);
  QRcode_free (code);
  if (d.blur_sigma > 0.3)
    {
      tmp = apply_blur (pix, d.blur_sigma);
      pixDestroy (&pix);
      pix = tmp;
    }
  if (d.motion_px > 0)
    {
      tmp = apply_motion (rand, pix, d.motion_px);
      pixDestroy (&pix);
      pix = tmp;
    }
  apply_noise (rand, pix, d.noise_sigma);
  if (d.jpeg_quality > 0)
    {
      tmp = apply_jpeg (pix, d.jpeg_quality);
      pixDestroy (&pix);
      pix = tmp;
    }
  frame->pix = pix;
  if (!with_code)
    {
      g_free (frame->payload);
      frame->payload = g_strdup ("");
    }
  return frame;
}

SewaTestFrame *
sewa_test_frame_make (guint index, guint32 seed)
{
  return make_frame (index, seed, TRUE);
}

SewaTestFrame *
sewa_test_frame_make_empty (guint index, guint32 seed)
{
  return make_frame (index, seed, FALSE);
}

void
sewa_test_frame_free (SewaTestFrame *frame)
{
  if (frame == NULL)
    return;
  pixDestroy (&frame->pix);
  g_free (frame->payload);
  g_free (frame);
}

guint8 *
sewa_test_frame_to_grey (const SewaTestFrame *frame, guint *width, guint *height)
{
  int w = pixGetWidth (frame->pix), h = pixGetHeight (frame->pix), wpl = pixGetWpl (frame->pix);
  l_uint32 *data = pixGetData (frame->pix);
  guint8 *out = g_malloc ((gsize) w * (gsize) h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      out[(gsize) y * (gsize) w + (gsize) x] = (guint8) GET_DATA_BYTE (data + y * wpl, x);
  *width = (guint) w;
  *height = (guint) h;
  return out;
}
