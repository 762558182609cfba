/* sewa-qr-decoder.c — see sewa-qr-decoder.h. */
#define G_LOG_DOMAIN "sewa-qr"

#include "sewa-qr-decoder.h"
#include "sewa-qr-decoder-private.h"

#include "sewa-aadhaar.h"
#include "sewa-qr-payload.h"
#include "sewa-qr-zxing.h"
#include "sewa-receipt-qr.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>
#include <zbar.h>

G_DEFINE_QUARK (sewa-qr-decoder-error-quark, sewa_qr_decoder_error)

/* Images larger than this are refused: a camera frame is 1280×720, a photo of a card from a
 * phone may be 4000×3000; anything bigger is not a QR scan. */
#define MAX_PIXELS (8192u * 8192u)

/* The steps. Each makes one image from the frame and scans it once, with one engine. */
typedef enum
{
  RUNG_PLAIN,  /* the frame as it is */
  RUNG_HALF,   /* 2× area-averaged reduction: averages noise and JPEG blocks away, ¼ the pixels */
  RUNG_OTSU,   /* tiled adaptive (Otsu) threshold: low contrast, uneven light, noise */
  RUNG_SMOOTH, /* 3×3 box filter at full size: noise on codes too fine to halve */
  RUNG_NORM,   /* local contrast normalisation: shadows and glare */
  RUNG_INVERT, /* light modules on dark (phone screens in dark mode, some prints) */
  RUNG_ROT45,  /* the frame turned by 45°: ZBar's finder search works on rows and columns */
  RUNG_UP2,    /* 2× linear enlargement: modules under ~2 px (distant codes) */
  RUNG_ZXING,  /* zxing-cpp on the frame: perspective, blur, glare; locates what it cannot read */
  RUNG_RECT,   /* ZBar on the code zxing-cpp located but could not read, rectified square */
  RUNG_ZXING_HALF, /* zxing-cpp on the 2× reduction: noise and blur averaged away */
  RUNG_ZXING_INVERT, /* zxing-cpp on the inverted frame (zxing-cpp 1.4 reads dark-on-light only) */
  N_RUNGS
} Rung;

static const char *const rung_names[N_RUNGS] = {
  "plain", "half", "otsu", "smooth", "norm", "invert", "rot45", "up2",
  "zxing", "rect", "zxing-half", "zxing-invert",
};

static gboolean
rung_is_zxing (Rung rung)
{
  return rung == RUNG_ZXING || rung == RUNG_ZXING_HALF || rung == RUNG_ZXING_INVERT;
}

/* Measured on generated degraded 1280×720 frames (tests/qr-frames.c, seed 1; bench/qr reports
 * the rate on another seed). ZBar's ladder: "half" alone decodes most frames at a quarter of
 * the cost of a plain scan, the Otsu threshold recovers low contrast, noise and most combined
 * damage, and the plain scan catches fine codes the reduction blurred away. zxing-cpp reads
 * most of what ZBar misses on tilted, blurred and glared frames, and locates codes it cannot
 * decode; "rect" hands those to ZBar squared up. Which engine goes first depends on the frame
 * (choose_ladder()); the rest of each ladder runs only while the budget lasts. */
static const Rung zbar_first_ladder[] = {
  RUNG_HALF, RUNG_OTSU, RUNG_ZXING, RUNG_RECT, RUNG_ZXING_INVERT, RUNG_PLAIN, RUNG_ZXING_HALF,
  RUNG_SMOOTH, RUNG_NORM, RUNG_INVERT, RUNG_ROT45,
};
static const Rung zxing_first_ladder[] = {
  RUNG_ZXING, RUNG_RECT, RUNG_HALF, RUNG_ZXING_INVERT, RUNG_OTSU, RUNG_ZXING_HALF, RUNG_PLAIN,
  RUNG_SMOOTH, RUNG_NORM, RUNG_INVERT, RUNG_ROT45,
};

struct _SewaQrDecoder
{
  GObject parent_instance;

  zbar_image_scanner_t *scanner;
  guint budget_ms;
  /* A fixed ladder set by sewa_qr_decoder_set_ladder() (bench, tests); n_ladder 0 means the
   * ladder is chosen per frame from its conditions. */
  Rung ladder[N_RUNGS];
  guint n_ladder;
  SewaQrReadHook read_hook; /* tests: simulates an engine's misread */
  gpointer read_hook_data;
};

G_DEFINE_FINAL_TYPE (SewaQrDecoder, sewa_qr_decoder, G_TYPE_OBJECT)

static void
sewa_qr_decoder_finalize (GObject *object)
{
  SewaQrDecoder *self = SEWA_QR_DECODER (object);

  g_clear_pointer (&self->scanner, zbar_image_scanner_destroy);
  G_OBJECT_CLASS (sewa_qr_decoder_parent_class)->finalize (object);
}

static void
sewa_qr_decoder_class_init (SewaQrDecoderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sewa_qr_decoder_finalize;
}

static void
sewa_qr_decoder_init (SewaQrDecoder *self)
{
  self->scanner = zbar_image_scanner_create ();
  /* Everything off, then QR only: other symbologies cost time and give false reads. */
  zbar_image_scanner_set_config (self->scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (self->scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* Keep the bytes as they are in the symbol (no guessed charset conversion). */
  zbar_image_scanner_set_config (self->scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
  self->budget_ms = SEWA_QR_DECODER_DEFAULT_BUDGET_MS;
  self->n_ladder = 0;

  /* Leptonica reports failures on stderr; we report them as GErrors instead. */
  setMsgSeverity (L_SEVERITY_NONE);
}

SewaQrDecoder *
sewa_qr_decoder_new (void)
{
  return g_object_new (SEWA_TYPE_QR_DECODER, NULL);
}

void
sewa_qr_decoder_set_time_budget (SewaQrDecoder *self, guint budget_ms)
{
  g_return_if_fail (SEWA_IS_QR_DECODER (self));
  self->budget_ms = budget_ms;
}

guint
sewa_qr_decoder_get_time_budget (SewaQrDecoder *self)
{
  g_return_val_if_fail (SEWA_IS_QR_DECODER (self), 0);
  return self->budget_ms;
}

guint
sewa_qr_decoder_get_n_rungs (void)
{
  return N_RUNGS;
}

const char *
sewa_qr_decoder_get_rung_name (guint rung)
{
  g_return_val_if_fail (rung < N_RUNGS, NULL);
  return rung_names[rung];
}

gboolean
sewa_qr_decoder_set_ladder (SewaQrDecoder *self, const char *spec)
{
  g_auto (GStrv) names = NULL;
  Rung ladder[N_RUNGS];
  guint n = 0;

  g_return_val_if_fail (SEWA_IS_QR_DECODER (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  names = g_strsplit (spec, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint r;

      for (r = 0; r < N_RUNGS; r++)
        if (g_str_equal (names[i], rung_names[r]))
          break;
      if (r == N_RUNGS || n == N_RUNGS)
        return FALSE;
      ladder[n++] = (Rung) r;
    }
  if (n == 0)
    return FALSE;
  memcpy (self->ladder, ladder, n * sizeof ladder[0]);
  self->n_ladder = n;
  return TRUE;
}

void
sewa_qr_decoder_set_read_hook (SewaQrDecoder *self, SewaQrReadHook hook, gpointer user_data)
{
  g_return_if_fail (SEWA_IS_QR_DECODER (self));
  self->read_hook = hook;
  self->read_hook_data = user_data;
}

void
sewa_qr_decoder_reset_ladder (SewaQrDecoder *self)
{
  g_return_if_fail (SEWA_IS_QR_DECODER (self));
  self->n_ladder = 0;
}

static void
wipe_free (gpointer data)
{
  GByteArray *array = data;

  explicit_bzero (array->data, array->len);
  g_byte_array_unref (array);
}

static GBytes *
bytes_new_wiped (const char *data, gsize len)
{
  GByteArray *array = g_byte_array_sized_new ((guint) len);

  g_byte_array_append (array, (const guint8 *) data, (guint) len);
  return g_bytes_new_with_free_func (array->data, array->len, wipe_free, array);
}

/* One code read by one engine, with where it is in the frame (for the cross-check). */
typedef struct
{
  GBytes *payload;
  SewaQrEngine engine;
  double cx, cy;      /* centre in frame pixels; NAN when the step cannot map it back */
  double radius;      /* half the larger side of the symbol's bounding box */
  gboolean confirmed; /* the other engine read the same bytes at the same place */
  gboolean rejected;  /* the other engine read other bytes there, or the payload's check failed */
} Read;

static void
read_clear (gpointer data)
{
  Read *r = data;

  g_clear_pointer (&r->payload, g_bytes_unref);
}

/* What one decode call knows about its frame. */
typedef struct
{
  SewaQrDecoder *self;
  const guint8 *pixels;
  guint width, height;
  gsize stride;
  PIX *base;            /* the frame as a Leptonica image, made on first need */
  GArray *reads;        /* Read */
  SewaQrEngine ran;     /* engines that have scanned the frame */
  GArray *located;      /* double[8] quads zxing-cpp located but could not decode */
} Frame;

static gboolean
same_place (const Read *a, const Read *b)
{
  double d;

  /* A step that cannot map its coordinates back counts as anywhere: a disagreement is then
   * assumed rather than missed. */
  if (isnan (a->cx) || isnan (b->cx))
    return TRUE;
  d = hypot (a->cx - b->cx, a->cy - b->cy);
  return d < MAX (a->radius, b->radius);
}

/* Adds a read unless the same engine already read the same bytes at the same place. Returns
 * TRUE when it was new. */
static gboolean
frame_add_read (Frame *f, const guint8 *data, gsize len, SewaQrEngine engine, double cx, double cy,
                double radius)
{
  Read r = { NULL, engine, cx, cy, radius, FALSE, FALSE };
  g_autoptr (GByteArray) hooked = NULL;

  if (f->self->read_hook != NULL)
    {
      hooked = g_byte_array_new ();
      g_byte_array_append (hooked, data, (guint) len);
      f->self->read_hook (engine, hooked, f->self->read_hook_data);
      data = hooked->data;
      len = hooked->len;
    }
  for (guint i = 0; i < f->reads->len; i++)
    {
      const Read *o = &g_array_index (f->reads, Read, i);

      if (o->engine == engine && same_place (o, &r) && g_bytes_get_size (o->payload) == len &&
          memcmp (g_bytes_get_data (o->payload, NULL), data, len) == 0)
        return FALSE;
    }
  r.payload = bytes_new_wiped ((const char *) data, len);
  g_array_append_val (f->reads, r);
  return TRUE;
}

/* Maps a point of a step's image back to the frame. */
static void
map_to_frame (Rung rung, double x, double y, double *fx, double *fy)
{
  double scale = rung == RUNG_HALF || rung == RUNG_ZXING_HALF ? 2.0 : rung == RUNG_UP2 ? 0.5 : 1.0;

  if (rung == RUNG_ROT45 || rung == RUNG_RECT)
    {
      *fx = NAN;
      *fy = NAN;
      return;
    }
  *fx = x * scale;
  *fy = y * scale;
}

static void
quad_centre (const double q[8], double *cx, double *cy, double *radius)
{
  double minx = q[0], maxx = q[0], miny = q[1], maxy = q[1];

  for (guint i = 1; i < 4; i++)
    {
      minx = MIN (minx, q[2 * i]);
      maxx = MAX (maxx, q[2 * i]);
      miny = MIN (miny, q[2 * i + 1]);
      maxy = MAX (maxy, q[2 * i + 1]);
    }
  *cx = (minx + maxx) / 2;
  *cy = (miny + maxy) / 2;
  *radius = MAX (maxx - minx, maxy - miny) / 2;
}

/* Scans a tightly packed 8-bit buffer with ZBar; adds its reads to the frame. centre/radius,
 * when not NULL, is where the image came from in the frame (the rectified step). */
static guint
scan_y800 (SewaQrDecoder *self, Frame *f, Rung rung, const guint8 *data, guint width,
           guint height, const double *located)
{
  zbar_image_t *image = zbar_image_create ();
  guint n_new = 0;

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, data, (unsigned long) width * height, NULL);

  if (zbar_scan_image (self->scanner, image) > 0)
    {
      for (const zbar_symbol_t *sym = zbar_image_first_symbol (image); sym != NULL;
           sym = zbar_symbol_next (sym))
        {
          const char *sdata = zbar_symbol_get_data (sym);
          gsize slen = zbar_symbol_get_data_length (sym);
          guint n_loc = zbar_symbol_get_loc_size (sym);
          double q[8] = { 0 }, cx = NAN, cy = NAN, radius = 0;

          if (zbar_symbol_get_type (sym) != ZBAR_QRCODE || sdata == NULL || slen == 0)
            continue;
          if (located != NULL)
            quad_centre (located, &cx, &cy, &radius);
          else if (n_loc >= 4)
            {
              for (guint i = 0; i < 4; i++)
                map_to_frame (rung, zbar_symbol_get_loc_x (sym, i), zbar_symbol_get_loc_y (sym, i),
                              &q[2 * i], &q[2 * i + 1]);
              quad_centre (q, &cx, &cy, &radius);
            }
          if (frame_add_read (f, (const guint8 *) sdata, slen, SEWA_QR_ENGINE_ZBAR, cx, cy, radius))
            n_new++;
        }
    }
  /* ZBar keeps a copy of the decoded symbols in the image; drop them with it. */
  zbar_image_destroy (image);
  return n_new;
}

/* Leptonica keeps 8-bit pixels in 32-bit words, most significant byte first; on a
 * little-endian host a byte swap of the words gives plain rows that memcpy can move. */
static guint8 *
pix_to_packed (PIX *pix)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix);
  PIX *bytes = pixEndianByteSwapNew (pix);
  const guint8 *data = (const guint8 *) pixGetData (bytes);
  gsize row = (gsize) pixGetWpl (bytes) * 4;
  guint8 *buf = g_malloc ((gsize) w * (gsize) h);

  g_assert (pixGetDepth (pix) == 8);
  for (int y = 0; y < h; y++)
    memcpy (buf + (gsize) y * (gsize) w, data + (gsize) y * row, (gsize) w);
  pixDestroy (&bytes);
  return buf;
}

static guint
scan_pix (SewaQrDecoder *self, Frame *f, Rung rung, PIX *pix, const double *located)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix);
  guint8 *buf = pix_to_packed (pix);
  guint n = scan_y800 (self, f, rung, buf, (guint) w, (guint) h, located);

  explicit_bzero (buf, (gsize) w * (gsize) h);
  g_free (buf);
  return n;
}

typedef struct
{
  Frame *frame;
  Rung rung;
  guint n_new;
} ZxingScan;

static void
zxing_symbol (const guint8 *data, gsize len, const double corners[8], gpointer user_data)
{
  ZxingScan *scan = user_data;
  double q[8], cx, cy, radius;

  for (guint i = 0; i < 4; i++)
    map_to_frame (scan->rung, corners[2 * i], corners[2 * i + 1], &q[2 * i], &q[2 * i + 1]);
  if (data == NULL)
    {
      /* Located, not decoded: a job for the rectifying step. A located quad smaller than a
       * version 1 code at 1 px a module is noise. */
      quad_centre (q, &cx, &cy, &radius);
      if (radius >= 10)
        g_array_append_vals (scan->frame->located, q, 1);
      return;
    }
  quad_centre (q, &cx, &cy, &radius);
  if (frame_add_read (scan->frame, data, len, SEWA_QR_ENGINE_ZXING, cx, cy, radius))
    scan->n_new++;
}

/* zxing-cpp as ZXingReader runs it (harder search, 90° turns, reductions), and asked for what
 * it located without decoding. */
#define ZXING_FLAGS (SEWA_QR_ZXING_TRY_HARDER | SEWA_QR_ZXING_TRY_ROTATE | \
                     SEWA_QR_ZXING_TRY_DOWNSCALE | SEWA_QR_ZXING_WITH_ERRORS)

static guint
scan_zxing (Frame *f, Rung rung, const guint8 *data, guint width, guint height, gsize stride)
{
  ZxingScan scan = { f, rung, 0 };

  sewa_qr_zxing_read (data, width, height, stride, ZXING_FLAGS, zxing_symbol, &scan);
  return scan.n_new;
}

static PIX *
pix_from_grey (const guint8 *pixels, guint width, guint height, gsize stride)
{
  PIX *pix = pixCreate ((l_int32) width, (l_int32) height, 8);
  guint8 *data = (guint8 *) pixGetData (pix);
  gsize row = (gsize) pixGetWpl (pix) * 4;

  for (guint y = 0; y < height; y++)
    memcpy (data + (gsize) y * row, pixels + (gsize) y * stride, width);
  pixEndianByteSwap (pix);
  return pix;
}

static PIX *
binary_to_grey (PIX *bin)
{
  PIX *grey;

  if (bin == NULL)
    return NULL;
  grey = pixConvert1To8 (NULL, bin, 255, 0);
  pixDestroy (&bin);
  return grey;
}

/* Makes the image a ZBar step scans. */
static PIX *
make_rung_image (Rung rung, PIX *base)
{
  PIX *bin = NULL;

  switch (rung)
    {
    case RUNG_PLAIN:
      return pixClone (base);
    case RUNG_HALF:
    case RUNG_ZXING_HALF:
      return pixScaleAreaMap2 (base);
    case RUNG_OTSU:
      /* 64 px tiles hold several modules of any code we meet, so each tile's threshold
       * follows the light, not the code. */
      if (pixOtsuAdaptiveThreshold (base, 64, 64, 0, 0, 0.1f, NULL, &bin) != 0)
        return NULL;
      return binary_to_grey (bin);
    case RUNG_SMOOTH:
      return pixBlockconvGray (base, NULL, 1, 1);
    case RUNG_NORM:
      return pixContrastNorm (NULL, base, 32, 32, 24, 2, 2);
    case RUNG_INVERT:
    case RUNG_ZXING_INVERT:
      return pixInvert (NULL, base);
    case RUNG_ROT45:
      return pixRotate (base, (float) (G_PI / 4), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
    case RUNG_UP2:
      return pixScaleGray2xLI (base);
    case RUNG_ZXING:
    case RUNG_RECT:
    case N_RUNGS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* Squares up the code zxing-cpp located: its four corners are mapped to a square with a
 * quiet zone around it, at about the code's own size, so ZBar (which wants rows and columns
 * of modules) meets it as if it were held straight. The margin is taken from the frame, not
 * painted: the real quiet zone is there. */
static PIX *
rectify (PIX *base, const double q[8])
{
  double side = 0, margin;
  int out_side;
  PTA *ptas, *ptad;
  PIX *warped, *crop;
  BOX *box;

  for (guint i = 0; i < 4; i++)
    {
      guint j = (i + 1) % 4;
      side = MAX (side, hypot (q[2 * j] - q[2 * i], q[2 * j + 1] - q[2 * i + 1]));
    }
  /* pixProjectivePtaGray() keeps the frame's size: the square must fit in it. */
  side = MIN (side, MIN (pixGetWidth (base), pixGetHeight (base)) * 0.8);
  margin = side * 0.1;
  out_side = (int) ceil (side + 2 * margin);
  ptas = ptaCreate (4);
  ptad = ptaCreate (4);
  for (guint i = 0; i < 4; i++)
    ptaAddPt (ptas, (float) q[2 * i], (float) q[2 * i + 1]);
  ptaAddPt (ptad, (float) margin, (float) margin);
  ptaAddPt (ptad, (float) (margin + side), (float) margin);
  ptaAddPt (ptad, (float) (margin + side), (float) (margin + side));
  ptaAddPt (ptad, (float) margin, (float) (margin + side));
  warped = pixProjectivePtaGray (base, ptad, ptas, 255);
  ptaDestroy (&ptas);
  ptaDestroy (&ptad);
  if (warped == NULL)
    return NULL;
  box = boxCreate (0, 0, out_side, out_side);
  crop = pixClipRectangle (warped, box, NULL);
  boxDestroy (&box);
  pixDestroy (&warped);
  return crop;
}

static guint
run_rung (SewaQrDecoder *self, Frame *f, Rung rung)
{
  PIX *img;
  guint n = 0;

  if (rung == RUNG_ZXING)
    {
      f->ran |= SEWA_QR_ENGINE_ZXING;
      return scan_zxing (f, rung, f->pixels, f->width, f->height, f->stride);
    }
  f->ran |= rung_is_zxing (rung) ? SEWA_QR_ENGINE_ZXING : SEWA_QR_ENGINE_ZBAR;
  /* The plain scan reads the caller's buffer in place when it is tightly packed. */
  if (rung == RUNG_PLAIN && f->stride == f->width)
    return scan_y800 (self, f, rung, f->pixels, f->width, f->height, NULL);
  if (f->base == NULL)
    f->base = pix_from_grey (f->pixels, f->width, f->height, f->stride);
  if (rung == RUNG_RECT)
    {
      for (guint i = 0; i < f->located->len; i++)
        {
          const double *q = &g_array_index (f->located, double, 8 * i);

          img = rectify (f->base, q);
          if (img != NULL)
            n += scan_pix (self, f, rung, img, q);
          pixDestroy (&img);
        }
      return n;
    }
  img = make_rung_image (rung, f->base);
  if (img == NULL)
    return 0;
  if (rung_is_zxing (rung))
    {
      guint8 *buf = pix_to_packed (img);
      gsize len = (gsize) pixGetWidth (img) * (gsize) pixGetHeight (img);

      n = scan_zxing (f, rung, buf, (guint) pixGetWidth (img), (guint) pixGetHeight (img),
                      (gsize) pixGetWidth (img));
      explicit_bzero (buf, len);
      g_free (buf);
    }
  else
    n = scan_pix (self, f, rung, img, NULL);
  pixDestroy (&img);
  return n;
}

/* The payload's own integrity check, where its kind has one: PASSED, FAILED, or NONE when the
 * kind carries no check (a provisioning token, a URL of someone else's). */
typedef enum
{
  CHECK_NONE,
  CHECK_PASSED,
  CHECK_FAILED,
} PayloadCheck;

static PayloadCheck
payload_check (GBytes *payload)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (payload, &len);

  if (len >= SEWA_QR_PAYLOAD_MIN_SECURE_DIGITS && sewa_aadhaar_payload_is_secure (data, len))
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaAadhaarData) aadhaar = sewa_aadhaar_parse_secure (data, len, NULL, &error);

      /* Only the compressed stream's own checksum (zlib's Adler-32 or gzip's CRC-32) is a
       * check on the reading; the fields and the signature are the payload classifier's
       * business, and without a key every stream that inflates stops at NO_CERT or FIELDS. */
      if (g_error_matches (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_NOT_NUMERIC) ||
          g_error_matches (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_TOO_LARGE) ||
          g_error_matches (error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_DECOMPRESS))
        return CHECK_FAILED;
      return CHECK_PASSED;
    }
  if (len < 1024 && (g_bytes_get_size (payload) > 8) &&
      (memcmp (data, "https://", 8) == 0 || memcmp (data, "http://", 7) == 0) &&
      memmem (data, len, "ref=", 4) != NULL)
    {
      g_autoptr (SewaReceiptQr) receipt = sewa_receipt_qr_parse ((const char *) data, len);

      return receipt != NULL ? CHECK_PASSED : CHECK_FAILED;
    }
  return CHECK_NONE;
}

static SewaQrEngine
other_engine (SewaQrEngine engine)
{
  return engine == SEWA_QR_ENGINE_ZBAR ? SEWA_QR_ENGINE_ZXING : SEWA_QR_ENGINE_ZBAR;
}

/* Cross-checks every read against the other engine's reads at the same place: equal bytes
 * confirm each other, different bytes reject both. */
static void
cross_check (Frame *f)
{
  for (guint i = 0; i < f->reads->len; i++)
    for (guint j = i + 1; j < f->reads->len; j++)
      {
        Read *a = &g_array_index (f->reads, Read, i);
        Read *b = &g_array_index (f->reads, Read, j);

        if (a->engine == b->engine || !same_place (a, b))
          continue;
        if (g_bytes_equal (a->payload, b->payload))
          a->confirmed = b->confirmed = TRUE;
        else
          a->rejected = b->rejected = TRUE;
      }
}

/* What the frame's conditions are, measured on every 4th pixel of every 4th row (1/16 of the
 * frame: ~0.2 ms). Contrast is the largest grey-level spread (max − min) of any 64×64 tile:
 * a code, however small in the frame, fills some tile with its ink and paper, while the frame
 * as a whole is mostly background. Sharpness is the mean absolute difference between
 * horizontal neighbours over that contrast (blur and motion lower it). Glare is the fraction
 * of pixels at 250 or more. */
#define TILE 64

static void
measure (const guint8 *pixels, guint width, guint height, gsize stride, double *contrast,
         double *sharpness, double *glare)
{
  guint n_tx = (width + TILE - 1) / TILE, n_ty = (height + TILE - 1) / TILE;
  g_autofree guint8 *tmin = g_malloc ((gsize) n_tx * n_ty);
  g_autofree guint8 *tmax = g_malloc0 ((gsize) n_tx * n_ty);
  guint64 n = 0, sat = 0, diff = 0;
  guint spread = 0;

  memset (tmin, 255, (gsize) n_tx * n_ty);
  for (guint y = 0; y < height; y += 4)
    {
      const guint8 *row = pixels + (gsize) y * stride;
      guint8 *rmin = tmin + (gsize) (y / TILE) * n_tx, *rmax = tmax + (gsize) (y / TILE) * n_tx;

      for (guint x = 0; x + 1 < width; x += 4)
        {
          guint8 v = row[x];

          rmin[x / TILE] = MIN (rmin[x / TILE], v);
          rmax[x / TILE] = MAX (rmax[x / TILE], v);
          n++;
          sat += v >= 250;
          diff += (guint64) ABS ((int) row[x + 1] - (int) v);
        }
    }
  for (gsize t = 0; t < (gsize) n_tx * n_ty; t++)
    if (tmax[t] > tmin[t])
      spread = MAX (spread, (guint) (tmax[t] - tmin[t]));
  *contrast = spread;
  *sharpness = n > 0 && spread > 0 ? (double) diff / (double) n / spread : 0;
  *glare = n > 0 ? (double) sat / (double) n : 0;
}

/* Chosen on seed 1 of tests/qr-frames.c (bench/qr --features): the low-contrast frames' codes
 * spread over 40–75 grey levels, every other class's over 95 or more. */
#define CONTRAST_LOW 85
/* A glare spot saturates well over 1 % of the frame. */
#define GLARE_STRONG 0.01

static SewaQrEngine
choose_first (double contrast, double glare)
{
  /* zxing-cpp reads most frames, tilted, blurred and glared ones included, in a tenth of the
   * time ZBar's ladder spends on a frame it cannot read; but its local-average binarizer loses
   * codes of low contrast, which ZBar's first steps (reduction, Otsu threshold) read. */
  if (contrast < CONTRAST_LOW && glare < GLARE_STRONG)
    return SEWA_QR_ENGINE_ZBAR;
  return SEWA_QR_ENGINE_ZXING;
}

GPtrArray *
sewa_qr_decoder_decode (SewaQrDecoder *self, const guint8 *pixels, guint width, guint height,
                        gsize stride, SewaQrDecodeStats *stats)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 start = g_get_monotonic_time ();
  gint64 budget_us;
  SewaQrDecodeStats local = { .winning_rung = -1 };
  Frame f = { 0 };
  const Rung *ladder;
  guint n_ladder;
  gboolean done = FALSE;

  g_return_val_if_fail (SEWA_IS_QR_DECODER (self), found);
  g_return_val_if_fail (pixels != NULL, found);
  g_return_val_if_fail (width > 0 && height > 0 && stride >= width, found);
  g_return_val_if_fail ((guint64) width * height <= MAX_PIXELS, found);

  f.self = self;
  f.pixels = pixels;
  f.width = width;
  f.height = height;
  f.stride = stride;
  f.reads = g_array_new (FALSE, TRUE, sizeof (Read));
  g_array_set_clear_func (f.reads, read_clear);
  f.located = g_array_new (FALSE, FALSE, 8 * sizeof (double));

  measure (pixels, width, height, stride, &local.contrast, &local.sharpness, &local.glare);
  local.first_engine = choose_first (local.contrast, local.glare);
  if (self->n_ladder > 0)
    {
      ladder = self->ladder;
      n_ladder = self->n_ladder;
    }
  else if (local.first_engine == SEWA_QR_ENGINE_ZXING)
    {
      ladder = zxing_first_ladder;
      n_ladder = G_N_ELEMENTS (zxing_first_ladder);
    }
  else
    {
      ladder = zbar_first_ladder;
      n_ladder = G_N_ELEMENTS (zbar_first_ladder);
    }

  budget_us = (gint64) self->budget_ms * 1000;
  for (guint i = 0; i < n_ladder && !done; i++)
    {
      Rung rung = ladder[i];

      if (rung == RUNG_RECT && f.located->len == 0)
        continue;
      if (i > 0 && g_get_monotonic_time () - start >= budget_us)
        {
          local.over_budget = TRUE;
          break;
        }
      local.rungs_tried++;
      if (run_rung (self, &f, rung) == 0)
        continue;

      /* Something new was read. A read the payload's own check does not vouch for is
       * confirmed by the other engine's first step when that engine has not scanned the
       * frame yet and the budget allows: when both read, they must agree. */
      cross_check (&f);
      done = TRUE;
      for (guint k = 0; k < f.reads->len; k++)
        {
          Read *r = &g_array_index (f.reads, Read, k);
          SewaQrEngine other = other_engine (r->engine);

          if (r->rejected || r->confirmed || (f.ran & other) != 0 ||
              payload_check (r->payload) == CHECK_PASSED)
            continue;
          if (g_get_monotonic_time () - start >= budget_us)
            {
              local.over_budget = TRUE;
              break;
            }
          local.rungs_tried++;
          run_rung (self, &f, other == SEWA_QR_ENGINE_ZXING ? RUNG_ZXING : RUNG_HALF);
          cross_check (&f);
        }
      /* A read that failed its payload's check and is still unconfirmed may be a misread or a
       * code that is itself wrong (a misprinted receipt): the rest of the ladder, while the
       * budget lasts, gives the other engine the chance to confirm it. */
      for (guint k = 0; k < f.reads->len; k++)
        {
          Read *r = &g_array_index (f.reads, Read, k);

          if (!r->rejected && !r->confirmed && payload_check (r->payload) == CHECK_FAILED)
            done = FALSE;
        }
      if (done)
        local.winning_rung = (gint) rung;
    }
  /* Reads whose payload check failed and that nothing confirmed are dropped too. */
  for (guint k = 0; k < f.reads->len; k++)
    {
      Read *r = &g_array_index (f.reads, Read, k);

      if (!r->rejected && !r->confirmed && payload_check (r->payload) == CHECK_FAILED)
        r->rejected = TRUE;
    }
  for (guint k = 0; k < f.reads->len; k++)
    {
      Read *r = &g_array_index (f.reads, Read, k);
      gboolean dup = FALSE;

      if (r->rejected)
        {
          local.rejected++;
          continue;
        }
      local.engines |= r->engine;
      for (guint i = 0; i < found->len && !dup; i++)
        dup = g_bytes_equal (g_ptr_array_index (found, i), r->payload);
      if (!dup)
        g_ptr_array_add (found, g_bytes_ref (r->payload));
    }
  if (found->len == 0)
    local.winning_rung = -1;

  pixDestroy (&f.base);
  g_array_unref (f.reads);
  g_array_unref (f.located);
  local.elapsed_us = g_get_monotonic_time () - start;
  if (stats != NULL)
    *stats = local;
  return found;
}

static GPtrArray *decode_pix (SewaQrDecoder *self, PIX *pix, const char *what,
                              SewaQrDecodeStats *stats, GError **error);

GPtrArray *
sewa_qr_decoder_decode_file (SewaQrDecoder *self, const char *path, SewaQrDecodeStats *stats,
                             GError **error)
{
  PIX *pix;

  g_return_val_if_fail (SEWA_IS_QR_DECODER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pix = pixRead (path);
  return decode_pix (self, pix, path, stats, error);
}

GPtrArray *
sewa_qr_decoder_decode_image (SewaQrDecoder *self, const guint8 *bytes, gsize len,
                              SewaQrDecodeStats *stats, GError **error)
{
  g_return_val_if_fail (SEWA_IS_QR_DECODER (self), NULL);
  g_return_val_if_fail (bytes != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode_pix (self, len > 0 ? pixReadMem (bytes, len) : NULL, "the photo", stats, error);
}

/* Takes @pix (NULL: the image could not be read); @what names it in errors. */
static GPtrArray *
decode_pix (SewaQrDecoder *self, PIX *pix, const char *what, SewaQrDecodeStats *stats,
            GError **error)
{
  PIX *grey;
  GPtrArray *found;
  guint8 *buf;
  gsize row;
  int w, h;

  if (pix == NULL)
    {
      g_set_error (error, SEWA_QR_DECODER_ERROR, SEWA_QR_DECODER_ERROR_IMAGE,
                   "%s: not a readable image", what);
      return NULL;
    }
  /* Colour, palette, 1/2/4/16 bpp: everything becomes 8-bit luminance. */
  grey = pixConvertTo8 (pix, FALSE);
  pixDestroy (&pix);
  if (grey == NULL || (guint64) pixGetWidth (grey) * (guint64) pixGetHeight (grey) > MAX_PIXELS)
    {
      pixDestroy (&grey);
      g_set_error (error, SEWA_QR_DECODER_ERROR, SEWA_QR_DECODER_ERROR_IMAGE,
                   "%s: unsupported image", what);
      return NULL;
    }
  w = pixGetWidth (grey);
  h = pixGetHeight (grey);
  pixEndianByteSwap (grey);
  row = (gsize) pixGetWpl (grey) * 4;
  buf = g_malloc ((gsize) w * (gsize) h);
  for (int y = 0; y < h; y++)
    memcpy (buf + (gsize) y * (gsize) w, (const guint8 *) pixGetData (grey) + (gsize) y * row, (gsize) w);
  pixDestroy (&grey);

  found = sewa_qr_decoder_decode (self, buf, (guint) w, (guint) h, (gsize) w, stats);
  explicit_bzero (buf, (gsize) w * (gsize) h);
  g_free (buf);
  return found;
}
