/* The two-engine QR decoder on generated degraded frames (tests/qr-frames.c): the ladder
 * measured against a single plain ZBar scan, frames only one engine reads, an engine's misread
 * rejected by the cross-check, and frames without a code reading nothing. */
#include "qr-frames.h"
#include "sewa-qr-decoder-private.h"

#include <glib/gstdio.h>
#include <qrencode.h>
#include <string.h>
#include <unistd.h>

#define SUITE_FRAMES 40
#define SUITE_SEED 3 /* the ladder was tuned on seed 1: this is held-out data */

static gboolean
found_payload (GPtrArray *found, const void *want, gsize want_len)
{
  for (guint i = 0; i < found->len; i++)
    {
      gsize len = 0;
      const void *data = g_bytes_get_data (g_ptr_array_index (found, i), &len);
      if (len == want_len && memcmp (data, want, len) == 0)
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
decode_frame (SewaQrDecoder *dec, const SewaTestFrame *frame, SewaQrDecodeStats *stats)
{
  guint w = 0, h = 0;
  g_autofree guint8 *grey = sewa_test_frame_to_grey (frame, &w, &h);

  return sewa_qr_decoder_decode (dec, grey, w, h, w, stats);
}

static void
test_decode_rate (void)
{
  g_autoptr (SewaQrDecoder) ladder = sewa_qr_decoder_new ();
  g_autoptr (SewaQrDecoder) plain = sewa_qr_decoder_new ();
  guint ok_ladder = 0, ok_plain = 0;
  gint64 t_ladder = 0, t_plain = 0;

  g_assert_true (sewa_qr_decoder_set_ladder (plain, "plain"));
  /* This measures what the ladder recovers, not how fast (bench/qr does that): a generous
   * budget keeps a loaded CI machine under ASan from cutting the ladder short. */
  sewa_qr_decoder_set_time_budget (ladder, 5000);
  for (guint i = 0; i < SUITE_FRAMES; i++)
    {
      g_autoptr (SewaTestFrame) frame = sewa_test_frame_make (i, SUITE_SEED);
      SewaQrDecodeStats sl = { 0 }, sp = { 0 };
      g_autoptr (GPtrArray) a = decode_frame (ladder, frame, &sl);
      g_autoptr (GPtrArray) b = decode_frame (plain, frame, &sp);
      gsize plen = strlen (frame->payload);

      /* Never a wrong payload, whatever was or was not found. */
      g_assert_cmpuint (a->len, <=, 1);
      g_assert_cmpuint (b->len, <=, 1);
      if (a->len == 1)
        g_assert_true (found_payload (a, frame->payload, plen));
      if (b->len == 1)
        g_assert_true (found_payload (b, frame->payload, plen));
      ok_ladder += a->len;
      ok_plain += b->len;
      t_ladder += sl.elapsed_us;
      t_plain += sp.elapsed_us;
      g_test_message ("frame %2u %-12s v%-2d ladder %s (rung %d, %u tried, %.1f ms)  plain %s",
                      i, frame->category, frame->qr_version, a->len ? "ok" : "--", sl.winning_rung,
                      sl.rungs_tried, sl.elapsed_us / 1000.0, b->len ? "ok" : "--");
    }
  g_test_message ("decode rate: ladder %u/%u (%.1f ms/frame), plain ZBar %u/%u (%.1f ms/frame)",
                  ok_ladder, SUITE_FRAMES, t_ladder / 1000.0 / SUITE_FRAMES, ok_plain, SUITE_FRAMES,
                  t_plain / 1000.0 / SUITE_FRAMES);
  /* bench/qr measures the full set; here, on 40 frames, the ladder must clearly beat one
   * plain ZBar scan and decode the large majority. */
  g_assert_cmpuint (ok_ladder, >=, SUITE_FRAMES * 85 / 100);
  g_assert_cmpuint (ok_ladder, >=, ok_plain + SUITE_FRAMES / 10);
}

/* Frames of tests/qr-frames.c (seed 1) chosen for what each engine does with them. */
#define ENGINE_SEED 1
#define FRAME_TILTED 40       /* tilt-10-35: ZBar's ladder reads nothing, zxing-cpp reads it */
#define FRAME_LOW_CONTRAST 4  /* low-contrast: zxing-cpp reads nothing, ZBar's ladder reads it */
#define FRAME_MILD_TOKEN 45   /* mild, a KIOSK-… token (no payload check): both engines read it */
#define FRAME_MILD_SECURE 30  /* mild, an Aadhaar-shaped zlib stream in decimal: both read it */

static GPtrArray *
decode_with (const char *ladder, const SewaTestFrame *frame, SewaQrDecodeStats *stats)
{
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();

  /* Generous: under ASan on a loaded machine the budget must not decide these cases. */
  sewa_qr_decoder_set_time_budget (dec, 10000);
  if (ladder != NULL)
    g_assert_true (sewa_qr_decoder_set_ladder (dec, ladder));
  return decode_frame (dec, frame, stats);
}

static void
check_one_engine (guint index, const char *reads, const char *fails, SewaQrEngine engine)
{
  g_autoptr (SewaTestFrame) frame = sewa_test_frame_make (index, ENGINE_SEED);
  SewaQrDecodeStats stats = { 0 };
  g_autoptr (GPtrArray) by_reader = decode_with (reads, frame, NULL);
  g_autoptr (GPtrArray) by_failer = decode_with (fails, frame, NULL);
  g_autoptr (GPtrArray) both = decode_with (NULL, frame, &stats);
  gsize plen = strlen (frame->payload);

  g_assert_cmpuint (by_reader->len, ==, 1);
  g_assert_true (found_payload (by_reader, frame->payload, plen));
  g_assert_cmpuint (by_failer->len, ==, 0);
  /* The decoder as the kiosk runs it reads the code, and says which engine did. */
  g_assert_cmpuint (both->len, ==, 1);
  g_assert_true (found_payload (both, frame->payload, plen));
  g_assert_cmpint (stats.engines, ==, engine);
  g_assert_cmpuint (stats.rejected, ==, 0);
}

static void
test_only_zxing_reads (void)
{
  check_one_engine (FRAME_TILTED, SEWA_QR_DECODER_ZXING_LADDER, SEWA_QR_DECODER_ZBAR_LADDER,
                    SEWA_QR_ENGINE_ZXING);
}

static void
test_only_zbar_reads (void)
{
  check_one_engine (FRAME_LOW_CONTRAST, SEWA_QR_DECODER_ZBAR_LADDER, SEWA_QR_DECODER_ZXING_LADDER,
                    SEWA_QR_ENGINE_ZBAR);
}

/* Makes the given engine misread: the last byte of everything it reads changes (a digit
 * stays a digit, so an Aadhaar-shaped payload still looks like one). */
static void
misread (SewaQrEngine engine, GByteArray *payload, gpointer user_data)
{
  SewaQrEngine *which = user_data;

  if (engine == *which && payload->len > 0)
    payload->data[payload->len - 1] = payload->data[payload->len - 1] == '1' ? '2' : '1';
}

static void
check_misread_rejected (guint index, SewaQrEngine liar)
{
  g_autoptr (SewaTestFrame) frame = sewa_test_frame_make (index, ENGINE_SEED);
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();
  SewaQrDecodeStats stats = { 0 };
  g_autoptr (GPtrArray) honest = NULL;
  g_autoptr (GPtrArray) found = NULL;

  sewa_qr_decoder_set_time_budget (dec, 10000);
  honest = decode_frame (dec, frame, &stats);
  /* Both engines read this frame and agree. */
  g_assert_cmpuint (honest->len, ==, 1);
  g_assert_true (found_payload (honest, frame->payload, strlen (frame->payload)));
  g_assert_cmpuint (stats.rejected, ==, 0);

  sewa_qr_decoder_set_read_hook (dec, misread, &liar);
  found = decode_frame (dec, frame, &stats);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpuint (stats.rejected, >=, 1);
}

static void
test_disagreement_rejected (void)
{
  g_autoptr (SewaTestFrame) frame = sewa_test_frame_make (FRAME_MILD_TOKEN, ENGINE_SEED);
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();
  SewaQrDecodeStats stats = { 0 };
  g_autoptr (GPtrArray) found = NULL;

  /* A payload with no check of its own: the engines' agreement is all there is. */
  g_assert_true (g_str_has_prefix (frame->payload, "KIOSK-"));
  sewa_qr_decoder_set_time_budget (dec, 10000);
  found = decode_frame (dec, frame, &stats);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (stats.engines, ==, SEWA_QR_ENGINE_ZBAR | SEWA_QR_ENGINE_ZXING);

  check_misread_rejected (FRAME_MILD_TOKEN, SEWA_QR_ENGINE_ZXING);
  check_misread_rejected (FRAME_MILD_TOKEN, SEWA_QR_ENGINE_ZBAR);
}

static void
test_payload_check_rejects (void)
{
  g_autoptr (SewaTestFrame) frame = sewa_test_frame_make (FRAME_MILD_SECURE, ENGINE_SEED);
  SewaQrEngine liar = SEWA_QR_ENGINE_ZXING;
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();
  SewaQrDecodeStats stats = { 0 };
  g_autoptr (GPtrArray) found = NULL;

  /* zxing-cpp alone, misreading a digit of an Aadhaar-shaped payload: no other engine to ask,
   * and the compressed stream no longer inflates, so the read is dropped. */
  g_assert_true (g_ascii_isdigit (frame->payload[0]));
  sewa_qr_decoder_set_time_budget (dec, 10000);
  g_assert_true (sewa_qr_decoder_set_ladder (dec, SEWA_QR_DECODER_ZXING_LADDER));
  sewa_qr_decoder_set_read_hook (dec, misread, &liar);
  found = decode_frame (dec, frame, &stats);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpuint (stats.rejected, >=, 1);

  /* Both engines, zxing-cpp (the first here) misreading: its read fails the check, ZBar is
   * asked and reads otherwise, and neither is returned. */
  check_misread_rejected (FRAME_MILD_SECURE, SEWA_QR_ENGINE_ZXING);
}

static void
test_no_code_reads_nothing (void)
{
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();

  sewa_qr_decoder_set_time_budget (dec, 10000);
  /* One frame of each degradation class, with everything but the code: clutter, glare,
   * blur, noise, JPEG, inverted card. */
  for (guint i = 0; i < sewa_test_frame_n_categories (); i++)
    {
      g_autoptr (SewaTestFrame) frame = sewa_test_frame_make_empty (i, SUITE_SEED);
      SewaQrDecodeStats stats = { 0 };
      g_autoptr (GPtrArray) found = decode_frame (dec, frame, &stats);

      g_assert_cmpuint (found->len, ==, 0);
      g_assert_cmpuint (stats.rejected, ==, 0);
      g_assert_cmpint (stats.winning_rung, ==, -1);
    }
}

static PIX *
render_code (const guint8 *data, gsize len, int module_px)
{
  QRcode *code = QRcode_encodeData ((int) len, data, 0, QR_ECLEVEL_M);
  int size = (code->width + 8) * module_px;
  PIX *pix = pixCreate (size + 200, size + 100, 8);

  pixSetAllArbitrary (pix, 230);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)
        {
          BOX *box = boxCreate (100 + (x + 4) * module_px, 50 + (y + 4) * module_px, module_px, module_px);
          pixSetInRectArbitrary (pix, box, 20);
          boxDestroy (&box);
        }
  QRcode_free (code);
  return pix;
}

static GPtrArray *
decode_pix (SewaQrDecoder *dec, PIX *pix, gsize stride_pad, SewaQrDecodeStats *stats)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix);
  gsize stride = (gsize) w + stride_pad;
  g_autofree guint8 *buf = g_malloc0 (stride * (gsize) h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      buf[(gsize) y * stride + (gsize) x] = (guint8) GET_DATA_BYTE (pixGetData (pix) + y * pixGetWpl (pix), x);
  return sewa_qr_decoder_decode (dec, buf, (guint) w, (guint) h, stride, stats);
}

static void
test_binary_payload_and_stride (void)
{
  static const guint8 payload[] = { 0x00, 0xFF, 0x10, 0x80, 'S', 'e', 'w', 'a', 0x00, 0xC3, 0x28, 0x7F };
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();
  PIX *pix = render_code (payload, sizeof payload, 6);

  for (gsize pad = 0; pad <= 37; pad += 37)
    {
      g_autoptr (GPtrArray) found = decode_pix (dec, pix, pad, NULL);
      /* The exact bytes, NULs and invalid UTF-8 included. */
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_true (found_payload (found, payload, sizeof payload));
    }
  pixDestroy (&pix);
}

static void
test_inverted (void)
{
  const char *text = "https://connect.punjab.gov.in/track?ref=PB-LDH01-03-261130-0042-X";
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();
  g_autoptr (SewaQrDecoder) plain = sewa_qr_decoder_new ();
  PIX *pix = render_code ((const guint8 *) text, strlen (text), 5);
  SewaQrDecodeStats stats = { 0 };
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) not_found = NULL;

  pixInvert (pix, pix);
  g_assert_true (sewa_qr_decoder_set_ladder (plain, "plain,half,otsu"));
  not_found = decode_pix (plain, pix, 0, NULL);
  g_assert_cmpuint (not_found->len, ==, 0);

  sewa_qr_decoder_set_time_budget (dec, 2000);
  found = decode_pix (dec, pix, 0, &stats);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (found_payload (found, text, strlen (text)));
  g_assert_cmpstr (sewa_qr_decoder_get_rung_name ((guint) stats.winning_rung), !=, NULL);
  pixDestroy (&pix);
}

static void
test_empty_frame_and_budget (void)
{
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();
  g_autofree guint8 *grey = g_malloc (1280 * 720);
  SewaQrDecodeStats stats = { 0 };
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) found0 = NULL;

  for (gsize i = 0; i < 1280 * 720; i++)
    grey[i] = (guint8) ((i * 2654435761u) >> 24);
  found = sewa_qr_decoder_decode (dec, grey, 1280, 720, 1280, &stats);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpint (stats.winning_rung, ==, -1);
  g_assert_cmpuint (stats.rungs_tried, >=, 1);

  sewa_qr_decoder_set_time_budget (dec, 0);
  g_assert_cmpuint (sewa_qr_decoder_get_time_budget (dec), ==, 0);
  found0 = sewa_qr_decoder_decode (dec, grey, 1280, 720, 1280, &stats);
  g_assert_cmpuint (stats.rungs_tried, ==, 1);
  g_assert_true (stats.over_budget);

  g_assert_false (sewa_qr_decoder_set_ladder (dec, "plain,nonsense"));
  g_assert_false (sewa_qr_decoder_set_ladder (dec, ""));
}

static void
test_decode_file (void)
{
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();
  g_autoptr (SewaTestFrame) frame = sewa_test_frame_make (0, SUITE_SEED);
  g_autofree char *dir = g_dir_make_tmp ("qr-decoder-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "frame.png", NULL);
  g_autofree char *txt = g_build_filename (dir, "frame.txt", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) none = NULL;

  g_assert_cmpint (pixWrite (png, frame->pix, IFF_PNG), ==, 0);
  found = sewa_qr_decoder_decode_file (dec, png, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (found_payload (found, frame->payload, strlen (frame->payload)));

  g_assert_true (g_file_set_contents (txt, "not an image", -1, NULL));
  none = sewa_qr_decoder_decode_file (dec, txt, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, SEWA_QR_DECODER_ERROR, SEWA_QR_DECODER_ERROR_IMAGE);
  g_clear_error (&error);
  none = sewa_qr_decoder_decode_file (dec, "/nonexistent.png", NULL, &error);
  g_assert_error (error, SEWA_QR_DECODER_ERROR, SEWA_QR_DECODER_ERROR_IMAGE);

  g_unlink (png);
  g_unlink (txt);
  g_rmdir (dir);
}

/* The same frame as an encoded image in memory (as a camera hands it over). */
static void
test_decode_image (void)
{
  g_autoptr (SewaQrDecoder) dec = sewa_qr_decoder_new ();
  g_autoptr (SewaTestFrame) frame = sewa_test_frame_make (0, SUITE_SEED);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) none = NULL;
  l_uint8 *png = NULL;
  size_t len = 0;

  g_assert_cmpint (pixWriteMem (&png, &len, frame->pix, IFF_PNG), ==, 0);
  found = sewa_qr_decoder_decode_image (dec, png, len, NULL, &error);
  lept_free (png);
  g_assert_no_error (error);
  g_assert_true (found_payload (found, frame->payload, strlen (frame->payload)));

  none = sewa_qr_decoder_decode_image (dec, (const guint8 *) "not an image", 12, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, SEWA_QR_DECODER_ERROR, SEWA_QR_DECODER_ERROR_IMAGE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/qr-decoder/decode-rate", test_decode_rate);
  g_test_add_func ("/qr-decoder/binary-payload-and-stride", test_binary_payload_and_stride);
  g_test_add_func ("/qr-decoder/inverted", test_inverted);
  g_test_add_func ("/qr-decoder/empty-frame-and-budget", test_empty_frame_and_budget);
  g_test_add_func ("/qr-decoder/decode-file", test_decode_file);
  g_test_add_func ("/qr-decoder/decode-image", test_decode_image);
  g_test_add_func ("/qr-decoder/only-zxing-reads", test_only_zxing_reads);
  g_test_add_func ("/qr-decoder/only-zbar-reads", test_only_zbar_reads);
  g_test_add_func ("/qr-decoder/disagreement-rejected", test_disagreement_rejected);
  g_test_add_func ("/qr-decoder/payload-check-rejects", test_payload_check_rejects);
  g_test_add_func ("/qr-decoder/no-code-reads-nothing", test_no_code_reads_nothing);
  return g_test_run ();
}
