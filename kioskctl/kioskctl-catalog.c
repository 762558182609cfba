/* kioskctl catalog — check a catalog file, search it with the kiosk's own search. */
#include "sewa-build-config.h"
#include "kioskctl.h"
#include "sewa-catalog.h"
#include "sewa-search.h"

#include <stdio.h>

static const char *
default_catalog_path (void)
{
  return SEWA_SOURCE_DATADIR "/catalog/catalog.json";
}

static int
catalog_check (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaCatalog) catalog = sewa_catalog_new_from_file (path, &error);
  GPtrArray *problems;
  GListModel *services;

  if (catalog == NULL)
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return error->code == SEWA_CATALOG_ERROR_IO ? SEWA_CTL_CANNOT_RUN : SEWA_CTL_NOT_OK;
    }
  services = sewa_catalog_get_services (catalog);
  problems = sewa_catalog_get_problems (catalog);
  printf ("catalog %s\nversion %s\nsha256 %s\n", path, sewa_catalog_get_version (catalog),
          sewa_catalog_get_hash (catalog));
  printf ("departments %u\nservices %u shown, %u hidden\n",
          g_list_model_get_n_items (sewa_catalog_get_departments (catalog)),
          g_list_model_get_n_items (services), problems->len);
  for (guint i = 0; i < problems->len; i++)
    {
      const SewaCatalogProblem *p = g_ptr_array_index (problems, i);
      printf ("hidden\t%s\t%s\n", p->service_id, p->reason);
    }
  return problems->len == 0 ? SEWA_CTL_OK : SEWA_CTL_NOT_OK;
}

static int
catalog_search (const char *path, const char *query, SewaLang lang, guint limit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaCatalog) catalog = sewa_catalog_new_from_file (path, &error);
  g_autoptr (SewaSearch) search = NULL;
  g_autoptr (GPtrArray) hits = NULL;

  if (catalog == NULL)
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  search = sewa_search_new (catalog, &error);
  if (search == NULL)
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  hits = sewa_search_query (search, query, lang, limit);
  for (guint i = 0; i < hits->len; i++)
    {
      const SewaSearchHit *hit = g_ptr_array_index (hits, i);
      printf ("%u\t%s\t%s\t%s\n", i + 1, sewa_service_get_id (hit->service),
              sewa_search_match_nick (hit->match),
              sewa_text_get (sewa_service_get_name (hit->service), lang));
    }
  return hits->len > 0 ? SEWA_CTL_OK : SEWA_CTL_NOT_OK;
}

static int
usage (void)
{
  fprintf (stderr,
           "usage: kioskctl catalog check [FILE]\n"
           "       kioskctl catalog search QUERY [--lang pa|hi|en] [--limit N] [--file FILE]\n");
  return SEWA_CTL_USAGE;
}

int
sewa_ctl_catalog (SewaCtlContext *ctx, int argc, char **argv)
{
  const char *path = default_catalog_path ();

  if (argc < 2)
    return usage ();
  if (g_str_equal (argv[1], "check"))
    {
      if (argc > 3)
        return usage ();
      return catalog_check (argc == 3 ? argv[2] : path);
    }
  if (g_str_equal (argv[1], "search"))
    {
      const char *query = NULL;
      SewaLang lang = SEWA_LANG_EN;
      guint64 limit = 10;

      for (int i = 2; i < argc; i++)
        {
          if (g_str_equal (argv[i], "--lang") && i + 1 < argc)
            {
              if (!sewa_lang_from_code (argv[++i], &lang))
                return usage ();
            }
          else if (g_str_equal (argv[i], "--limit") && i + 1 < argc)
            {
              if (!g_ascii_string_to_unsigned (argv[++i], 10, 0, 1000, &limit, NULL))
                return usage ();
            }
          else if (g_str_equal (argv[i], "--file") && i + 1 < argc)
            path = argv[++i];
          else if (query == NULL)
            query = argv[i];
          else
            return usage ();
        }
      if (query == NULL)
        return usage ();
      return catalog_search (path, query, lang, (guint) limit);
    }
  return usage ();
}
