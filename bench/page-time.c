/* page-time — the page pipeline's time per photo, for comparing two revisions of it
 * (bench/bench-pages-vs builds this once against each and runs them in turn).
 *
 *   page-time --render DIR     writes a4.jpg a5.jpg id1.jpg: 4000 x 3000 stand photos at the
 *                              default scale (paper at 86 % grey, shading, noise), seed 1
 *   page-time PHOTO…           processes each photo three times with sewa_page_process (grey,
 *                              the revision's default options) and prints
 *                              "name median-ms verdict"
 *
 * Only sewa_page_process () is used: it has the same signature in every revision. */
#include "sewa-page.h"
#include "sewa-test-photo.h"

#include <stdio.h>
#include <stdlib.h>

static int
dbl_cmp (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

static int
render (const char *dir)
{
  static const struct
  {
    const char *name;
    SewaTestDocKind kind;
    double w_mm, h_mm, angle;
  } docs[] = {
    { "a4", SEWA_TEST_DOC_PAGE, 210, 297, 93 },
    { "a5", SEWA_TEST_DOC_PAGE, 148, 210, 3 },
    { "id1", SEWA_TEST_DOC_CARD, 85.6, 54, 2 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      SewaTestPhotoSpec spec;
      g_autoptr (GBytes) jpeg = NULL;
      g_autofree char *name = g_strconcat (docs[i].name, ".jpg", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (GError) error = NULL;

      sewa_test_photo_spec_init (&spec, 4000, 3000);
      spec.kind = docs[i].kind;
      spec.paper = 0.86;
      spec.noise = 3.0;
      spec.light_min = 0.8;
      spec.seed = 1;
      sewa_test_photo_spec_place (&spec, 3000 / 362.0, docs[i].w_mm, docs[i].h_mm, docs[i].angle);
      jpeg = sewa_test_photo_render (&spec);
      if (!g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), (gssize) g_bytes_get_size (jpeg), &error))
        {
          fprintf (stderr, "page-time: %s\n", error->message);
          return 1;
        }
    }
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--render"))
    return render (argv[2]);
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *data = NULL;
      g_autofree char *base = g_path_get_basename (argv[i]);
      gsize len = 0;
      double ms[3];
      const char *verdict = "";

      if (!g_file_get_contents (argv[i], &data, &len, NULL))
        return 1;
      for (int k = 0; k < 3; k++)
        {
          g_autoptr (SewaPageResult) r = NULL;
          g_autoptr (GError) error = NULL;
          gint64 t0 = g_get_monotonic_time ();

          if (!sewa_page_process ((const guint8 *) data, len, SEWA_PAGE_MODE_GREY, &r, &error))
            {
              fprintf (stderr, "page-time: %s\n", error->message);
              return 1;
            }
          ms[k] = (g_get_monotonic_time () - t0) / 1000.0;
          verdict = sewa_page_verdict_name (r->verdict);
        }
      qsort (ms, 3, sizeof (double), dbl_cmp);
      printf ("%s %.1f %s\n", base, ms[1], verdict);
    }
  return 0;
}
