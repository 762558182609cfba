/* bench-pages — a 12-megapixel stand photo to an upload-ready page, against ImageMagick.
 *
 * Ours: sewa_page_process (find page, perspective, orientation, lighting, greyscale, 200 dpi
 * A4, JPEG), file in to file out. Baseline, in the same run on the same photo: ImageMagick
 * `convert IN -resize 2339x2339 -colorspace Gray -quality 75 OUT` — only a resize to the same
 * long side, greyscale and JPEG, no page finding at all. Medians over the runs.
 *
 *   bench-pages [--quick] [--runs N]
 * --quick: one run each (the test suite runs this so the benchmark cannot rot). */
#include "sewa-page.h"
#include "sewa-test-photo.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

static int
dbl_cmp (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof (double), dbl_cmp);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static gsize
file_size (const char *path)
{
  GStatBuf st;
  return g_stat (path, &st) == 0 ? (gsize) st.st_size : 0;
}

int
main (int argc, char **argv)
{
  int runs = 5, w = 4000, h = 3000;
  gboolean quick = FALSE;
  SewaTestPhotoSpec spec;
  g_autoptr (GBytes) photo = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sewa-bench-pages-XXXXXX", NULL);
  g_autofree char *in = g_build_filename (dir, "photo.jpg", NULL);
  g_autofree char *ours = g_build_filename (dir, "ours.jpg", NULL);
  g_autofree char *theirs = g_build_filename (dir, "magick.jpg", NULL);
  g_autofree double *t_ours = NULL;
  g_autofree double *t_magick = NULL;
  const char *magick_argv[] = { "convert", in, "-resize", "2339x2339", "-colorspace", "Gray",
                                "-quality", "75", theirs, NULL };
  SewaPageVerdict verdict = SEWA_PAGE_NOT_FOUND;
  int out_w = 0, out_h = 0, failures = 0;
  double mo, mm;
  gsize so, sm;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        quick = TRUE, runs = 1;
      else if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        {
          runs = atoi (argv[++i]);
          runs = MAX (runs, 1);
        }
      else
        {
          fprintf (stderr, "usage: bench-pages [--quick] [--runs N]\n");
          return 2;
        }
    }
  t_ours = g_new (double, runs);
  t_magick = g_new (double, runs);

  sewa_test_photo_spec_init (&spec, w, h);
  spec.light_min = 0.75;
  photo = sewa_test_photo_render (&spec);
  if (!g_file_set_contents (in, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo), NULL))
    return 3;
  printf ("pages: photo %dx%d (%.1f MP), %zu KB JPEG, %d run(s) each%s\n", w, h,
          w * h / 1e6, g_bytes_get_size (photo) / 1024, runs, quick ? " (quick)" : "");

  for (int r = 0; r < runs; r++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaPageResult) res = NULL;
      g_autofree char *data = NULL;
      gsize len = 0;
      gint64 t0 = g_get_monotonic_time ();
      int status = 0;

      /* Ours, file to file like the baseline. */
      if (!g_file_get_contents (in, &data, &len, NULL) ||
          !sewa_page_process ((const guint8 *) data, len, SEWA_PAGE_MODE_GREY, &res, &error) ||
          res->jpeg == NULL ||
          !g_file_set_contents (ours, g_bytes_get_data (res->jpeg, NULL),
                                g_bytes_get_size (res->jpeg), NULL))
        {
          fprintf (stderr, "bench-pages: processing failed: %s\n",
                   error != NULL ? error->message : "no page");
          return 1;
        }
      t_ours[r] = (g_get_monotonic_time () - t0) / 1000.0;
      verdict = res->verdict;
      out_w = res->width, out_h = res->height;

      t0 = g_get_monotonic_time ();
      if (!g_spawn_sync (NULL, (char **) magick_argv, NULL,
                         G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                         NULL, &status, NULL) ||
          !g_spawn_check_wait_status (status, NULL))
        {
          fprintf (stderr, "bench-pages: ImageMagick convert failed\n");
          failures++;
          t_magick[r] = 0;
          continue;
        }
      t_magick[r] = (g_get_monotonic_time () - t0) / 1000.0;
    }

  mo = median (t_ours, runs);
  mm = median (t_magick, runs);
  so = file_size (ours);
  sm = file_size (theirs);
  printf ("sewa_page_process (grey): %8.1f ms  %4zu KB  %dx%d  verdict %s (page found, "
          "perspective, orientation, lighting)\n",
          mo, so / 1024, out_w, out_h, sewa_page_verdict_name (verdict));
  printf ("ImageMagick convert:      %8.1f ms  %4zu KB  (-resize 2339x2339 -colorspace Gray "
          "-quality 75, %s threads)\n",
          mm, sm / 1024, g_getenv ("MAGICK_THREAD_LIMIT") ? g_getenv ("MAGICK_THREAD_LIMIT") : "default");
  if (mo > 0 && so > 0 && failures == 0)
    printf ("ratio: %.2fx faster, size %.2fx of ImageMagick's (target: >= 2x faster, <= 1x "
            "size)\n",
            mm / mo, (double) so / sm);
  g_unlink (in);
  g_unlink (ours);
  g_unlink (theirs);
  g_rmdir (dir);
  if (failures > 0 || verdict != SEWA_PAGE_OK || so > SEWA_PAGE_MAX_BYTES)
    return 1;
  return 0;
}
