/* kioskctl page — run the kiosk's page clean-up on a photo file and show the verdict, so a
 * technician (or anyone) can check the camera set-up on real photos. */
#include "kioskctl.h"
#include "sewa-page-pdf.h"
#include "sewa-page.h"

#include <stdio.h>

static int
usage (void)
{
  fprintf (stderr, "usage: kioskctl page process [--colour] [--size a4|a5|id1|photo|other]…\n"
                   "                             [--px-per-mm N] [--no-text] IN.jpg [OUT.jpg]\n"
                   "       kioskctl page pdf OUT.pdf PAGE.jpg…\n");
  return SEWA_CTL_USAGE;
}

static int
cmd_process (int argc, char **argv)
{
  SewaPageOptions opts;
  const char *in = NULL, *out = NULL;
  guint sizes = 0;
  g_autofree char *data = NULL;
  g_autoptr (SewaPageResult) r = NULL;
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  gint64 start;

  sewa_page_options_init (&opts);
  for (int i = 2; i < argc; i++)
    {
      SewaPageSize size;

      if (g_str_equal (argv[i], "--colour") || g_str_equal (argv[i], "--color"))
        opts.mode = SEWA_PAGE_MODE_COLOUR;
      else if (g_str_equal (argv[i], "--no-text"))
        opts.needs_text = FALSE;
      else if (g_str_equal (argv[i], "--size") && i + 1 < argc)
        {
          if (!sewa_page_size_from_name (argv[++i], &size))
            return usage ();
          sizes |= SEWA_PAGE_SIZE_FLAG (size);
        }
      else if (g_str_equal (argv[i], "--px-per-mm") && i + 1 < argc)
        {
          opts.px_per_mm = g_ascii_strtod (argv[++i], NULL);
          if (!(opts.px_per_mm > 0 && opts.px_per_mm < 1000))
            return usage ();
        }
      else if (in == NULL)
        in = argv[i];
      else if (out == NULL)
        out = argv[i];
      else
        return usage ();
    }
  if (in == NULL)
    return usage ();
  if (sizes != 0)
    opts.sizes = sizes;
  /* A colour photograph need not carry text; a grey page must, as in the kiosk. */
  if (opts.mode == SEWA_PAGE_MODE_COLOUR && sizes == 0)
    opts.needs_text = FALSE;
  if (!g_file_get_contents (in, &data, &len, &error))
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  start = g_get_monotonic_time ();
  if (!sewa_page_process_with_options ((const guint8 *) data, len, &opts, &r, &error))
    {
      fprintf (stderr, "kioskctl: %s: %s\n", in, error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  printf ("verdict\t%s\n", sewa_page_verdict_name (r->verdict));
  printf ("instruction\t%s\n", sewa_page_verdict_instruction (r->verdict));
  if (r->corners_found)
    printf ("corners\t%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\n", r->corners[0][0],
            r->corners[0][1], r->corners[1][0], r->corners[1][1], r->corners[2][0],
            r->corners[2][1], r->corners[3][0], r->corners[3][1]);
  printf ("paper_level\t%.0f\nclipped\t%.4f\nglare\t%.4f\npage_fraction\t%.3f\n",
          r->metrics.paper_level, r->metrics.clipped_frac, r->metrics.glare_frac,
          r->metrics.page_frac);
  printf ("sharpness\t%.3f\nlaplacian_variance\t%.1f\nrotation\t%d\n", r->metrics.sharpness,
          r->metrics.laplacian_var, r->metrics.rotation * 90);
  printf ("structure\t%.2f\n", r->metrics.structure);
  if (r->corners_found)
    printf ("size\t%s\t%.0fx%.0f mm\tsource %.0f dpi\tout %d dpi\n",
            sewa_page_size_get_info (r->size)->name, r->metrics.width_mm, r->metrics.height_mm,
            r->metrics.source_dpi, r->dpi);
  printf ("time_ms\t%.1f\n", (g_get_monotonic_time () - start) / 1000.0);
  if (r->jpeg != NULL)
    {
      printf ("output\t%dx%d\t%zu bytes\tquality %d\n", r->width, r->height,
              g_bytes_get_size (r->jpeg), r->metrics.quality);
      if (out != NULL &&
          !g_file_set_contents (out, g_bytes_get_data (r->jpeg, NULL),
                                g_bytes_get_size (r->jpeg), &error))
        {
          fprintf (stderr, "kioskctl: %s\n", error->message);
          return SEWA_CTL_CANNOT_RUN;
        }
    }
  return r->verdict == SEWA_PAGE_OK ? SEWA_CTL_OK : SEWA_CTL_NOT_OK;
}

static int
cmd_pdf (int argc, char **argv)
{
  g_autoptr (GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (GBytes) pdf = NULL;
  g_autoptr (GError) error = NULL;

  if (argc < 4)
    return usage ();
  for (int i = 3; i < argc; i++)
    {
      char *data = NULL;
      gsize len = 0;
      if (!g_file_get_contents (argv[i], &data, &len, &error))
        {
          fprintf (stderr, "kioskctl: %s\n", error->message);
          return SEWA_CTL_CANNOT_RUN;
        }
      g_ptr_array_add (pages, g_bytes_new_take (data, len));
    }
  pdf = sewa_page_pdf_assemble (pages, &error);
  if (pdf == NULL || !g_file_set_contents (argv[2], g_bytes_get_data (pdf, NULL),
                                           g_bytes_get_size (pdf), &error))
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  printf ("%s\t%u pages\t%zu bytes\n", argv[2], pages->len, g_bytes_get_size (pdf));
  return SEWA_CTL_OK;
}

int
sewa_ctl_page (SewaCtlContext *ctx, int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "process"))
    return cmd_process (argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "pdf"))
    return cmd_pdf (argc, argv);
  return usage ();
}
