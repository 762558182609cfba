/* sewa-make-doc — write a generated, photographed and processed document page (test input).
 *
 * usage: sewa-make-doc CODE pa|hi|en PERSON SEED OUT.jpg [BLUR [NUMBER]]
 * PERSON indexes sewa_test_docs_people(); NUMBER is printed on the page (a card's number);
 * the page is what the kiosk keeps after capture. */
#include "sewa-test-docs.h"

#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  g_autoptr (GBytes) page = NULL;
  g_autoptr (GError) error = NULL;
  const SewaTestPerson *people;
  guint n;
  SewaLang lang;

  if (argc < 6 || !sewa_lang_from_code (argv[2], &lang))
    {
      fprintf (stderr, "usage: sewa-make-doc CODE pa|hi|en PERSON SEED OUT.jpg [BLUR [NUMBER]]\n");
      return 2;
    }
  people = sewa_test_docs_people (&n);
  page = sewa_test_docs_page (argv[1], lang, &people[strtoul (argv[3], NULL, 10) % n], argc > 7 ? argv[7] : NULL,
                              (guint32) strtoul (argv[4], NULL, 10), argc > 6 ? g_ascii_strtod (argv[6], NULL) : 0.0);
  if (page == NULL)
    {
      fprintf (stderr, "sewa-make-doc: the page pipeline found no page\n");
      return 1;
    }
  if (!g_file_set_contents (argv[5], g_bytes_get_data (page, NULL), (gssize) g_bytes_get_size (page), &error))
    {
      fprintf (stderr, "sewa-make-doc: %s\n", error->message);
      return 1;
    }
  return 0;
}
