/* sewa-qr-decoder.h — QR codes out of greyscale camera frames or image files, with two
 * engines: ZBar and zxing-cpp.
 *
 * The engines fail on different frames: zxing-cpp's detector copes with perspective, blur and
 * glare, ZBar with its preprocessing ladder (Leptonica: reduction, smoothing, local contrast
 * normalisation, adaptive thresholds, inversion, rotation) with inverted codes, noise and low
 * contrast. The frame's measured conditions (contrast, glare) choose which engine runs first;
 * the other runs when the first fails, and where zxing-cpp located a code it could not decode,
 * ZBar scans that code rectified from zxing-cpp's corner points. Steps run until a code is found
 * or the per-frame time budget is spent. Only QR codes are enabled.
 *
 * Reads are cross-checked so that an engine's misread is never returned: when both engines
 * read a code at the same place they must agree, else neither is returned. A code one engine
 * read is checked with the payload's own integrity check where it has one (an Aadhaar Secure
 * QR's compressed stream must inflate, a receipt reference's check character must hold); when
 * it has none, or the check fails, the other engine's first step scans the frame too (budget
 * permitting) to confirm it. A read that fails its payload's check and is not confirmed is
 * dropped.
 *
 * Payloads are returned as bytes, never converted to text: a QR code may hold binary data,
 * and the Aadhaar parsers want the exact bytes. The payload buffers are wiped when freed
 * because they may carry an Aadhaar number.
 *
 * A decoder is not thread-safe: use one per thread (the scan screen runs its own in a worker
 * thread and posts results back to the main loop).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SEWA_QR_DECODER_ERROR (sewa_qr_decoder_error_quark ())
GQuark sewa_qr_decoder_error_quark (void);

typedef enum
{
  SEWA_QR_DECODER_ERROR_IMAGE, /* the image file cannot be read or is not an image */
} SewaQrDecoderError;

/* What one decode call did; for diagnostics and the benchmark. */
typedef enum
{
  SEWA_QR_ENGINE_NONE = 0,
  SEWA_QR_ENGINE_ZBAR = 1 << 0,
  SEWA_QR_ENGINE_ZXING = 1 << 1,
} SewaQrEngine;

typedef struct
{
  guint rungs_tried;     /* scans made, including the plain one */
  gint winning_rung;     /* the step that found a code (sewa_qr_decoder_get_rung_name()), -1 none */
  gint64 elapsed_us;     /* wall time of the call */
  gboolean over_budget;  /* stopped because the time budget was spent */
  SewaQrEngine first_engine; /* the engine the frame's conditions favoured */
  SewaQrEngine engines;  /* the engines whose reads were returned (both: they agreed) */
  guint rejected;        /* reads dropped: engines disagreed, or a failed payload check */
  double contrast;       /* measured: 5th–95th percentile grey-level spread */
  double sharpness;      /* measured: mean edge strength over contrast (blur lowers it) */
  double glare;          /* measured: fraction of saturated pixels */
} SewaQrDecodeStats;

#define SEWA_QR_DECODER_DEFAULT_BUDGET_MS 120

#define SEWA_TYPE_QR_DECODER (sewa_qr_decoder_get_type ())
G_DECLARE_FINAL_TYPE (SewaQrDecoder, sewa_qr_decoder, SEWA, QR_DECODER, GObject)

SewaQrDecoder *sewa_qr_decoder_new (void) G_GNUC_WARN_UNUSED_RESULT;

/* Time after which no further preprocessing step is started (a step that has started runs to
 * its end). 0 means the plain scan only. */
void  sewa_qr_decoder_set_time_budget (SewaQrDecoder *self, guint budget_ms);
guint sewa_qr_decoder_get_time_budget (SewaQrDecoder *self);

/* Decodes one 8-bit greyscale frame: row y starts at pixels + y * stride. Returns the distinct
 * payloads found (GBytes, possibly empty array; never NULL). */
GPtrArray *sewa_qr_decoder_decode (SewaQrDecoder *self, const guint8 *pixels, guint width,
                                   guint height, gsize stride,
                                   SewaQrDecodeStats *stats) G_GNUC_WARN_UNUSED_RESULT;

/* Reads an image file (PNG, JPEG, PNM, TIFF… whatever Leptonica reads), converts it to grey
 * and decodes it exactly as a frame. NULL and an error when the file is not a readable image. */
GPtrArray *sewa_qr_decoder_decode_file (SewaQrDecoder *self, const char *path,
                                        SewaQrDecodeStats *stats,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The same from an encoded image in memory (a camera's JPEG): what a technician's QR test
 * photographs. */
GPtrArray *sewa_qr_decoder_decode_image (SewaQrDecoder *self, const guint8 *bytes, gsize len,
                                         SewaQrDecodeStats *stats,
                                         GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The names of the steps, for diagnostics ("plain", "half", "zxing", "rect", …). */
guint       sewa_qr_decoder_get_n_rungs (void);
const char *sewa_qr_decoder_get_rung_name (guint rung);

G_END_DECLS
