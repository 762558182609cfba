/* Page clean-up on synthetic photos whose truth is known: corner positions, text, faults. */
#include "sewa-page.h"
#include "sewa-page-pdf.h"
#include "sewa-test-photo.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>

/* Suite size: about 3 MP, a portrait photo as the stand camera takes it. */
#define PW 1536
#define PH 2048

static SewaPageResult *
process (const SewaTestPhotoSpec *spec, SewaPageMode mode, GBytes **photo_out)
{
  g_autoptr (GBytes) photo = sewa_test_photo_render (spec);
  g_autoptr (GError) error = NULL;
  SewaPageResult *r = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (photo, &len);

  g_assert_true (sewa_page_process (data, len, mode, &r, &error));
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_test_message ("verdict %s paper %.0f clipped %.4f glare %.4f frac %.2f sharp %.3f "
                  "lapvar %.0f edges %u rot %d conf %.1f q %d size %zu",
                  sewa_page_verdict_name (r->verdict), r->metrics.paper_level,
                  r->metrics.clipped_frac, r->metrics.glare_frac, r->metrics.page_frac,
                  r->metrics.sharpness, r->metrics.laplacian_var, r->metrics.edge_pixels,
                  r->metrics.rotation, r->metrics.orient_conf, r->metrics.quality,
                  r->jpeg != NULL ? g_bytes_get_size (r->jpeg) : 0);
  /* SEWA_TEST_DUMP=DIR keeps every photo and page for looking at. */
  if (g_getenv ("SEWA_TEST_DUMP") != NULL)
    {
      static int n;
      g_autofree char *in = g_strdup_printf ("%s/photo-%02d.jpg", g_getenv ("SEWA_TEST_DUMP"), n);
      g_autofree char *outp = g_strdup_printf ("%s/page-%02d.jpg", g_getenv ("SEWA_TEST_DUMP"), n++);
      g_file_set_contents (in, (const char *) data, len, NULL);
      if (r->jpeg != NULL)
        g_file_set_contents (outp, g_bytes_get_data (r->jpeg, NULL), g_bytes_get_size (r->jpeg), NULL);
    }
  if (photo_out != NULL)
    *photo_out = g_steal_pointer (&photo);
  return r;
}

/* Largest distance from a true corner to the nearest found one. */
static double
corner_error (const SewaTestPhotoSpec *spec, const SewaPageResult *r)
{
  double worst = 0;

  for (int i = 0; i < 4; i++)
    {
      double best = G_MAXDOUBLE;
      for (int j = 0; j < 4; j++)
        best = MIN (best, hypot (spec->corners[i][0] - r->corners[j][0],
                                 spec->corners[i][1] - r->corners[j][1]));
      worst = MAX (worst, best);
    }
  return worst;
}

static void
check_legible (GBytes *jpeg, double min_accuracy)
{
  g_autofree char *text = sewa_test_ocr (jpeg, "eng");
  double acc;

  g_assert_nonnull (text);
  acc = sewa_test_char_accuracy (sewa_test_photo_text (), text);
  g_test_message ("tesseract character accuracy %.2f %%", acc * 100);
  if (acc < min_accuracy)
    g_test_message ("read back:\n%s", text);
  g_assert_cmpfloat (acc, >=, min_accuracy);
}

static void
check_output (const SewaPageResult *r)
{
  g_autoptr (GError) error = NULL;
  l_int32 w = 0, h = 0, spp = 0;
  gsize len;
  const guint8 *data;

  g_assert_nonnull (r->jpeg);
  data = g_bytes_get_data (r->jpeg, &len);
  g_assert_cmpuint (len, <=, SEWA_PAGE_MAX_BYTES);
  g_assert_cmpint (readHeaderMemJpeg (data, len, &w, &h, &spp, NULL, NULL), ==, 0);
  g_assert_cmpint (w, ==, r->width);
  g_assert_cmpint (h, ==, r->height);
  /* About 200 dpi A4, upright. */
  g_assert_cmpint (w, ==, 1654);
  g_assert_cmpint (h, ==, 2339);
}

static void
test_sharp_page (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;
  double err;

  sewa_test_photo_spec_init (&spec, PW, PH);
  spec.light_min = 0.7; /* uneven lamp */
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_OK);
  g_assert_true (r->corners_found);
  err = corner_error (&spec, r);
  g_test_message ("corner error %.2f px", err);
  g_assert_cmpfloat (err, <, 3.0);
  g_assert_cmpint (r->metrics.rotation, ==, 0);
  check_output (r);
  check_legible (r->jpeg, 0.95);
}

static void
test_strong_perspective (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;
  double err;

  sewa_test_photo_spec_init (&spec, PW, PH);
  /* Camera well off-axis: the far edge is much narrower, and the page sits off-centre. */
  spec.corners[0][0] = 380, spec.corners[0][1] = 300;
  spec.corners[1][0] = 1210, spec.corners[1][1] = 250;
  spec.corners[2][0] = 1420, spec.corners[2][1] = 1900;
  spec.corners[3][0] = 130, spec.corners[3][1] = 1820;
  spec.seed = 7;
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_OK);
  err = corner_error (&spec, r);
  g_test_message ("corner error %.2f px", err);
  g_assert_cmpfloat (err, <, 3.0);
  check_output (r);
  check_legible (r->jpeg, 0.95);
}

static void
test_upside_down (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;

  sewa_test_photo_spec_init (&spec, PW, PH);
  sewa_test_photo_spec_turn (&spec, 2);
  spec.seed = 3;
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_OK);
  g_assert_cmpfloat (corner_error (&spec, r), <, 3.0);
  g_assert_cmpint (r->metrics.rotation, ==, 2);
  check_output (r);
  check_legible (r->jpeg, 0.95);
}

static void
test_sideways (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;

  for (int turn = 1; turn <= 3; turn += 2)
    {
      sewa_test_photo_spec_init (&spec, PW, PH);
      sewa_test_photo_spec_turn (&spec, turn);
      spec.seed = 4 + turn;
      r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
      g_assert_cmpint (r->verdict, ==, SEWA_PAGE_OK);
      g_assert_cmpfloat (corner_error (&spec, r), <, 3.0);
      /* Turned 90° clockwise on the stand needs 270° clockwise to be upright. */
      g_assert_cmpint (r->metrics.rotation, ==, 4 - turn);
      check_output (r);
      check_legible (r->jpeg, 0.92);
      g_clear_pointer (&r, sewa_page_result_free);
    }
}

static void
test_blurred (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;

  sewa_test_photo_spec_init (&spec, PW, PH);
  spec.blur_sigma = 3.0;
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_true (r->corners_found);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_BLURRED);
  g_assert_cmpstr (sewa_page_verdict_instruction (r->verdict), ==, "Hold still");
  /* Slight softness that stays legible is accepted. */
  g_clear_pointer (&r, sewa_page_result_free);
  spec.blur_sigma = 0.8;
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_OK);
}

static void
test_dark (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;

  sewa_test_photo_spec_init (&spec, PW, PH);
  spec.gain = 0.28;
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_TOO_DARK);
  g_assert_true (g_str_has_prefix (sewa_page_verdict_instruction (r->verdict), "Too dark"));
}

static void
test_bright (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;

  sewa_test_photo_spec_init (&spec, PW, PH);
  spec.gain = 1.8;
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_TOO_BRIGHT);
}

static void
test_glare (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;

  sewa_test_photo_spec_init (&spec, PW, PH);
  spec.glare_radius = 0.12;
  spec.glare_u = 0.6, spec.glare_v = 0.4;
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_true (r->corners_found);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_GLARE);
}

static void
test_cut_off (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;

  sewa_test_photo_spec_init (&spec, PW, PH);
  for (int i = 0; i < 4; i++)
    spec.corners[i][0] += 420; /* slid off the right edge */
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_CUT_OFF);
  g_assert_null (r->jpeg);
}

static void
test_too_small (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;

  sewa_test_photo_spec_init (&spec, PW, PH);
  for (int i = 0; i < 4; i++)
    for (int k = 0; k < 2; k++)
      {
        double c = k == 0 ? PW / 2.0 : PH / 2.0;
        spec.corners[i][k] = c + (spec.corners[i][k] - c) * 0.38;
      }
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_true (r->corners_found);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_TOO_SMALL);
}

static void
test_not_found (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) r = NULL;

  sewa_test_photo_spec_init (&spec, PW, PH);
  spec.no_page = TRUE;
  r = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_NOT_FOUND);
  g_assert_false (r->corners_found);
  g_assert_null (r->jpeg);
  g_assert_cmpstr (sewa_page_verdict_instruction (r->verdict), ==,
                   "Move the paper into the frame");
}

static void
test_colour_and_pdf (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (SewaPageResult) colour = NULL;
  g_autoptr (SewaPageResult) grey = NULL;
  g_autoptr (GPtrArray) pages = g_ptr_array_new ();
  g_autoptr (GBytes) pdf = NULL;
  g_autoptr (GError) error = NULL;
  l_int32 w, h, spp = 0;
  gsize len, pdf_len;
  const guint8 *data;

  sewa_test_photo_spec_init (&spec, PW, PH);
  spec.coloured = TRUE;
  colour = process (&spec, SEWA_PAGE_MODE_COLOUR, NULL);
  g_assert_cmpint (colour->verdict, ==, SEWA_PAGE_OK);
  check_output (colour);
  data = g_bytes_get_data (colour->jpeg, &len);
  g_assert_cmpint (readHeaderMemJpeg (data, len, &w, &h, &spp, NULL, NULL), ==, 0);
  g_assert_cmpint (spp, ==, 3);
  grey = process (&spec, SEWA_PAGE_MODE_GREY, NULL);
  data = g_bytes_get_data (grey->jpeg, &len);
  g_assert_cmpint (readHeaderMemJpeg (data, len, &w, &h, &spp, NULL, NULL), ==, 0);
  g_assert_cmpint (spp, ==, 1);

  g_ptr_array_add (pages, grey->jpeg);
  g_ptr_array_add (pages, colour->jpeg);
  pdf = sewa_page_pdf_assemble (pages, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (pdf, &pdf_len);
  g_assert_true (pdf_len > 5 && memcmp (data, "%PDF-", 5) == 0);
  /* The JPEGs are embedded byte for byte, not re-encoded. */
  for (guint i = 0; i < pages->len; i++)
    {
      gsize jl;
      const guint8 *jd = g_bytes_get_data (g_ptr_array_index (pages, i), &jl);
      g_assert_nonnull (memmem (data, pdf_len, jd, jl));
    }
  g_test_message ("pdf %zu bytes for %zu + %zu bytes of JPEG", pdf_len,
                  g_bytes_get_size (grey->jpeg), g_bytes_get_size (colour->jpeg));
  g_assert_cmpuint (pdf_len, <, g_bytes_get_size (grey->jpeg) +
                                    g_bytes_get_size (colour->jpeg) + 8192);
  /* Two pages. */
  g_assert_nonnull (memmem (data, pdf_len, "/Count 2", 8));

  g_ptr_array_set_size (pages, 0);
  g_ptr_array_add (pages, g_bytes_new_static ("nope", 4));
  g_clear_pointer (&pdf, g_bytes_unref);
  pdf = sewa_page_pdf_assemble (pages, &error);
  g_bytes_unref (g_ptr_array_index (pages, 0));
  g_assert_error (error, SEWA_PAGE_PDF_ERROR, SEWA_PAGE_PDF_ERROR_BAD_PAGE);
  g_assert_null (pdf);
}

/* A live-view sized frame (640x480 class): outline and exposure only. */
static void
test_preview_frame (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (GBytes) photo = NULL;
  g_autoptr (SewaPageResult) r = NULL;
  g_autoptr (GError) error = NULL;

  sewa_test_photo_spec_init (&spec, 360, 480);
  spec.quality = 80;
  photo = sewa_test_photo_render (&spec);
  g_assert_true (sewa_page_check_frame (g_bytes_get_data (photo, NULL),
                                        g_bytes_get_size (photo), &r, &error));
  g_assert_no_error (error);
  g_test_message ("frame: verdict %s paper %.0f clipped %.4f frac %.2f",
                  sewa_page_verdict_name (r->verdict), r->metrics.paper_level,
                  r->metrics.clipped_frac, r->metrics.page_frac);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_OK);
  g_assert_null (r->jpeg);
  g_assert_cmpfloat (corner_error (&spec, r), <, 4.0);
}

static void
async_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The UI's entry point: off the main loop, result back in it. */
static void
test_async (void)
{
  SewaTestPhotoSpec spec;
  g_autoptr (GBytes) photo = NULL;
  g_autoptr (SewaPageResult) r = NULL;
  g_autoptr (GError) error = NULL;
  GAsyncResult *result = NULL;

  sewa_test_photo_spec_init (&spec, 768, 1024);
  photo = sewa_test_photo_render (&spec);
  sewa_page_process_async (photo, SEWA_PAGE_MODE_GREY, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  r = sewa_page_process_finish (result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpint (r->verdict, ==, SEWA_PAGE_OK);
  g_assert_nonnull (r->jpeg);
}

static void
test_garbage (void)
{
  static const guint8 junk[] = { 0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8 };
  g_autoptr (GError) error = NULL;
  SewaPageResult *r = NULL;

  g_assert_false (sewa_page_process (junk, sizeof junk, SEWA_PAGE_MODE_GREY, &r, &error));
  g_assert_error (error, SEWA_PAGE_ERROR, SEWA_PAGE_ERROR_DECODE);
  g_assert_null (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/page/sharp", test_sharp_page);
  g_test_add_func ("/page/perspective", test_strong_perspective);
  g_test_add_func ("/page/upside-down", test_upside_down);
  g_test_add_func ("/page/sideways", test_sideways);
  g_test_add_func ("/page/blurred", test_blurred);
  g_test_add_func ("/page/dark", test_dark);
  g_test_add_func ("/page/bright", test_bright);
  g_test_add_func ("/page/glare", test_glare);
  g_test_add_func ("/page/cut-off", test_cut_off);
  g_test_add_func ("/page/too-small", test_too_small);
  g_test_add_func ("/page/not-found", test_not_found);
  g_test_add_func ("/page/colour-and-pdf", test_colour_and_pdf);
  g_test_add_func ("/page/preview-frame", test_preview_frame);
  g_test_add_func ("/page/async", test_async);
  g_test_add_func ("/page/garbage", test_garbage);
  return g_test_run ();
}
