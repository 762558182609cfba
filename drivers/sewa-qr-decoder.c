/* sewa-qr-decoder.c — see sewa-qr-decoder.h. */
#define G_LOG_DOMAIN "sewa-qr"

#include "sewa-qr-decoder.h"
#include "sewa-qr-decoder-private.h"

#include <leptonica/allheaders.h>
#include <string.h>
#include <zbar.h>

G_DEFINE_QUARK (sewa-qr-decoder-error-quark, sewa_qr_decoder_error)

/* Images larger than this are refused: a camera frame is 1280×720, a photo of a card from a
 * phone may be 4000×3000; anything bigger is not a QR scan. */
#define MAX_PIXELS (8192u * 8192u)

/* The preprocessing steps. Each makes one image from the frame and scans it once. */
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
  N_RUNGS
} Rung;

static const char *const rung_names[N_RUNGS] = {
  "plain", "half", "otsu", "smooth", "norm", "invert", "rot45", "up2",
};

/* Measured on generated degraded 1280×720 frames (tests/qr-frames.c, seed 1; bench/qr reports
 * the rate on another seed): "half" alone decodes most frames at a quarter of the cost of a
 * plain scan, the Otsu threshold recovers low contrast, noise and most combined damage, and
 * the plain scan catches fine codes the reduction blurred away. The rest rarely wins and
 * runs only while the budget lasts. */
static const Rung default_ladder[] = {
  RUNG_HALF, RUNG_OTSU, RUNG_PLAIN, RUNG_SMOOTH, RUNG_NORM, RUNG_INVERT, RUNG_ROT45,
};

struct _SewaQrDecoder
{
  GObject parent_instance;

  zbar_image_scanner_t *scanner;
  guint budget_ms;
  Rung ladder[N_RUNGS];
  guint n_ladder;
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
  memcpy (self->ladder, default_ladder, sizeof default_ladder);
  self->n_ladder = G_N_ELEMENTS (default_ladder);

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

static gboolean
contains_payload (GPtrArray *found, const char *data, gsize len)
{
  for (guint i = 0; i < found->len; i++)
    {
      gsize flen = 0;
      const void *fdata = g_bytes_get_data (g_ptr_array_index (found, i), &flen);

      if (flen == len && memcmp (fdata, data, len) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Scans a tightly packed 8-bit buffer; appends new payloads to found. */
static guint
scan_y800 (SewaQrDecoder *self, const guint8 *data, guint width, guint height, GPtrArray *found)
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

          if (zbar_symbol_get_type (sym) != ZBAR_QRCODE || sdata == NULL || slen == 0)
            continue;
          if (contains_payload (found, sdata, slen))
            continue;
          g_ptr_array_add (found, bytes_new_wiped (sdata, slen));
          n_new++;
        }
    }
  /* ZBar keeps a copy of the decoded symbols in the image; drop them with it. */
  zbar_image_destroy (image);
  return n_new;
}

/* Leptonica keeps 8-bit pixels in 32-bit words, most significant byte first; on a
 * little-endian host a byte swap of the words gives plain rows that memcpy can move. */
static guint
scan_pix (SewaQrDecoder *self, PIX *pix, GPtrArray *found)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix);
  PIX *bytes = pixEndianByteSwapNew (pix);
  const guint8 *data = (const guint8 *) pixGetData (bytes);
  gsize row = (gsize) pixGetWpl (bytes) * 4;
  g_autofree guint8 *buf = g_malloc ((gsize) w * (gsize) h);
  guint n;

  g_assert (pixGetDepth (pix) == 8);
  for (int y = 0; y < h; y++)
    memcpy (buf + (gsize) y * (gsize) w, data + (gsize) y * row, (gsize) w);
  pixDestroy (&bytes);
  n = scan_y800 (self, buf, (guint) w, (guint) h, found);
  explicit_bzero (buf, (gsize) w * (gsize) h);
  return n;
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

/* Makes the image a rung scans. */
static PIX *
make_rung_image (Rung rung, PIX *base)
{
  PIX *bin = NULL;

  switch (rung)
    {
    case RUNG_PLAIN:
      return pixClone (base);
    case RUNG_HALF:
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
      return pixInvert (NULL, base);
    case RUNG_ROT45:
      return pixRotate (base, (float) (G_PI / 4), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
    case RUNG_UP2:
      return pixScaleGray2xLI (base);
    case N_RUNGS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

GPtrArray *
sewa_qr_decoder_decode (SewaQrDecoder *self, const guint8 *pixels, guint width, guint height,
                        gsize stride, SewaQrDecodeStats *stats)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 start = g_get_monotonic_time ();
  gint64 budget_us;
  SewaQrDecodeStats local = { .winning_rung = -1 };
  PIX *base = NULL;

  g_return_val_if_fail (SEWA_IS_QR_DECODER (self), found);
  g_return_val_if_fail (pixels != NULL, found);
  g_return_val_if_fail (width > 0 && height > 0 && stride >= width, found);
  g_return_val_if_fail ((guint64) width * height <= MAX_PIXELS, found);

  budget_us = (gint64) self->budget_ms * 1000;
  for (guint i = 0; i < self->n_ladder; i++)
    {
      Rung rung = self->ladder[i];
      PIX *img;

      if (i > 0 && g_get_monotonic_time () - start >= budget_us)
        {
          local.over_budget = TRUE;
          break;
        }
      local.rungs_tried++;

      /* The plain scan reads the caller's buffer in place when it is tightly packed. */
      if (rung == RUNG_PLAIN && stride == width)
        {
          if (scan_y800 (self, pixels, width, height, found) > 0)
            {
              local.winning_rung = (gint) rung;
              break;
            }
          continue;
        }
      if (base == NULL)
        base = pix_from_grey (pixels, width, height, stride);
      img = make_rung_image (rung, base);
      if (img == NULL)
        continue;
      if (scan_pix (self, img, found) > 0)
        local.winning_rung = (gint) rung;
      pixDestroy (&img);
      if (local.winning_rung >= 0)
        break;
    }

  pixDestroy (&base);
  local.elapsed_us = g_get_monotonic_time () - start;
  if (stats != NULL)
    *stats = local;
  return found;
}

GPtrArray *
sewa_qr_decoder_decode_file (SewaQrDecoder *self, const char *path, SewaQrDecodeStats *stats,
                             GError **error)
{
  PIX *pix, *grey;
  GPtrArray *found;
  guint8 *buf;
  gsize row;
  int w, h;

  g_return_val_if_fail (SEWA_IS_QR_DECODER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pix = pixRead (path);
  if (pix == NULL)
    {
      g_set_error (error, SEWA_QR_DECODER_ERROR, SEWA_QR_DECODER_ERROR_IMAGE,
                   "%s: not a readable image", path);
      return NULL;
    }
  /* Colour, palette, 1/2/4/16 bpp: everything becomes 8-bit luminance. */
  grey = pixConvertTo8 (pix, FALSE);
  pixDestroy (&pix);
  if (grey == NULL || (guint64) pixGetWidth (grey) * (guint64) pixGetHeight (grey) > MAX_PIXELS)
    {
      pixDestroy (&grey);
      g_set_error (error, SEWA_QR_DECODER_ERROR, SEWA_QR_DECODER_ERROR_IMAGE,
                   "%s: unsupported image", path);
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
