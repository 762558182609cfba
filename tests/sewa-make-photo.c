/* sewa-make-photo — write one synthetic document photo (see sewa-test-photo.h).
 * Used to make data/sample-photos/ and by anyone who wants a known-truth photo:
 *   sewa-make-photo OUT.jpg WIDTH HEIGHT [--turn N] [--blur SIGMA] [--gain G] [--glare]
 *                   [--light MIN] [--seed N] [--quality Q] [--colour]
 * Prints the true corner positions (TL TR BR BL of the page) on stdout. */
#include "sewa-test-photo.h"

#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  SewaTestPhotoSpec spec;
  g_autoptr (GBytes) jpeg = NULL;
  g_autoptr (GError) error = NULL;

  if (argc < 4)
    {
      fprintf (stderr, "usage: sewa-make-photo OUT.jpg WIDTH HEIGHT [options]\n");
      return 2;
    }
  sewa_test_photo_spec_init (&spec, atoi (argv[2]), atoi (argv[3]));
  for (int i = 4; i < argc; i++)
    {
      const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "0";
      if (g_str_equal (a, "--turn"))
        sewa_test_photo_spec_turn (&spec, atoi (v)), i++;
      else if (g_str_equal (a, "--blur"))
        spec.blur_sigma = g_ascii_strtod (v, NULL), i++;
      else if (g_str_equal (a, "--gain"))
        spec.gain = g_ascii_strtod (v, NULL), i++;
      else if (g_str_equal (a, "--light"))
        spec.light_min = g_ascii_strtod (v, NULL), i++;
      else if (g_str_equal (a, "--seed"))
        spec.seed = (guint32) atoi (v), i++;
      else if (g_str_equal (a, "--quality"))
        spec.quality = atoi (v), i++;
      else if (g_str_equal (a, "--glare"))
        spec.glare_radius = 0.12, spec.glare_u = 0.6, spec.glare_v = 0.4;
      else if (g_str_equal (a, "--colour"))
        spec.coloured = TRUE;
      else
        {
          fprintf (stderr, "sewa-make-photo: unknown option %s\n", a);
          return 2;
        }
    }
  jpeg = sewa_test_photo_render (&spec);
  if (!g_file_set_contents (argv[1], g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                            &error))
    {
      fprintf (stderr, "sewa-make-photo: %s\n", error->message);
      return 3;
    }
  for (int i = 0; i < 4; i++)
    printf ("%.2f %.2f%s", spec.corners[i][0], spec.corners[i][1], i < 3 ? " " : "\n");
  return 0;
}
