/* kioskctl prescrutiny — the kiosk's document checks (OCR, type, name, number) from a shell.
 *
 * The pages of ONE document are read with the same engine and rules as the kiosk's background
 * checks (drivers/sewa-ocr.h). Without --type the document is read first and its classified
 * type is taken as the one brought when the service accepts it; otherwise the check expects
 * the first type the service's document slot accepts and so flags the page as another type.
 */
#include "sewa-build-config.h"
#include "kioskctl.h"
#include "sewa-catalog.h"
#include "sewa-doc-classify.h"
#include "sewa-ocr.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

static void
usage (void)
{
  fprintf (stderr, "usage: kioskctl prescrutiny PAGE.jpg… --service ID --name NAME [--type CODE]\n"
                   "         [--document SLOT] [--number N] [--catalog FILE] [--json]\n");
}

/* The service's slot that accepts @code, or NULL. */
static const SewaDocumentRequirement *
slot_accepting (SewaService *service, const char *code)
{
  GPtrArray *docs = sewa_service_get_documents (service);

  for (guint i = 0; i < docs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (docs, i);

      if (code != NULL && g_strv_contains ((const char *const *) req->any_of, code))
        return req;
    }
  return NULL;
}

static const SewaDocumentRequirement *
slot_by_id (SewaService *service, const char *id)
{
  GPtrArray *docs = sewa_service_get_documents (service);

  for (guint i = 0; i < docs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (docs, i);

      if (id == NULL || g_str_equal (req->id, id))
        return req;
    }
  return NULL;
}

static void
print_plain (const SewaDocCheck *c)
{
  printf ("document\t%s\n", c->doc_id);
  printf ("expected_type\t%s\n", c->expected_type != NULL ? c->expected_type : "");
  printf ("classified_type\t%s\n", c->classified_type != NULL ? c->classified_type : "");
  printf ("type_score\t%.2f\n", c->type_score);
  printf ("name_checked\t%s\n", c->name_checked ? "yes" : "no");
  printf ("name_score\t%.2f\n", c->name_score);
  printf ("outcome\t%s\n", sewa_doc_check_outcome_to_string (c->outcome));
  printf ("flags\t%s%s%s\n", c->flags & SEWA_DOC_FLAG_WRONG_TYPE ? "wrong_type " : "",
          c->flags & SEWA_DOC_FLAG_NAME_MISMATCH ? "name_mismatch " : "",
          c->flags & SEWA_DOC_FLAG_NUMBER_MISMATCH ? "number_mismatch" : "");
  printf ("ocr_confidence\t%.0f\n", c->ocr_confidence);
  printf ("ocr_ms\t%" G_GINT64_FORMAT "\n", c->ocr_ms);
  printf ("engine\t%s\n", c->engine != NULL ? c->engine : "");
}

int
sewa_ctl_prescrutiny (SewaCtlContext *ctx, int argc, char **argv)
{
  const char *service_id = NULL, *name = NULL, *type = NULL, *slot_id = NULL, *number = NULL;
  const char *catalog_path = SEWA_SOURCE_DATADIR "/catalog/catalog.json";
  gboolean json = FALSE;
  g_autoptr (GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaCatalog) catalog = NULL;
  g_autoptr (SewaOcrEngine) engine = NULL;
  g_autoptr (SewaOcrRequest) request = NULL;
  g_autoptr (SewaDocCheck) check = NULL;
  g_autofree char *text = NULL;
  const SewaDocumentRequirement *slot;
  SewaService *service;
  SewaDocTypeTraits traits;
  double confidence = 0.0;
  gint64 start;

  (void) ctx;
  for (int i = 1; i < argc; i++)
    {
      const char **target = NULL;

      if (g_str_equal (argv[i], "--json"))
        {
          json = TRUE;
          continue;
        }
      if (g_str_equal (argv[i], "--service"))
        target = &service_id;
      else if (g_str_equal (argv[i], "--name"))
        target = &name;
      else if (g_str_equal (argv[i], "--type"))
        target = &type;
      else if (g_str_equal (argv[i], "--document"))
        target = &slot_id;
      else if (g_str_equal (argv[i], "--number"))
        target = &number;
      else if (g_str_equal (argv[i], "--catalog"))
        target = &catalog_path;
      if (target != NULL)
        {
          if (i + 1 >= argc)
            {
              usage ();
              return SEWA_CTL_USAGE;
            }
          *target = argv[++i];
          continue;
        }
      if (g_str_has_prefix (argv[i], "--"))
        {
          usage ();
          return SEWA_CTL_USAGE;
        }
      {
        g_autofree char *data = NULL;
        gsize len = 0;

        if (!g_file_get_contents (argv[i], &data, &len, &error))
          {
            fprintf (stderr, "kioskctl: %s\n", error->message);
            return SEWA_CTL_CANNOT_RUN;
          }
        g_ptr_array_add (pages, g_bytes_new_take (g_steal_pointer (&data), len));
      }
    }
  if (pages->len == 0 || service_id == NULL || name == NULL)
    {
      usage ();
      return SEWA_CTL_USAGE;
    }

  catalog = sewa_catalog_new_from_file (catalog_path, &error);
  if (catalog == NULL)
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  service = sewa_catalog_lookup_service (catalog, service_id);
  if (service == NULL)
    {
      fprintf (stderr, "kioskctl: no service %s in %s\n", service_id, catalog_path);
      return SEWA_CTL_USAGE;
    }
  if (type != NULL && slot_accepting (service, type) == NULL)
    {
      fprintf (stderr, "kioskctl: service %s takes no document of type %s\n", service_id, type);
      return SEWA_CTL_USAGE;
    }
  slot = slot_id != NULL ? slot_by_id (service, slot_id) : (type != NULL ? slot_accepting (service, type) : slot_by_id (service, NULL));
  if (slot == NULL)
    {
      fprintf (stderr, "kioskctl: service %s has no document %s\n", service_id, slot_id != NULL ? slot_id : "at all");
      return SEWA_CTL_USAGE;
    }

  engine = sewa_ocr_engine_new (&error);
  if (engine == NULL)
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  start = g_get_monotonic_time ();
  sewa_doc_classify_traits (type, &traits);
  if (type != NULL && !traits.has_text)
    text = NULL;
  else if (!sewa_ocr_engine_read_pages (engine, pages, traits.psm, NULL, &text, &confidence, &error))
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  if (type == NULL)
    {
      SewaDocClassification c;
      const SewaDocumentRequirement *found;

      sewa_doc_classify (text, NULL, &c);
      found = slot_accepting (service, c.best_type);
      if (found != NULL && (slot_id == NULL || found == slot))
        {
          type = c.best_type;
          slot = found;
        }
      else
        type = slot->any_of[0];
    }
  request = sewa_ocr_request_new (slot->id, type, pages, name, number);
  check = sewa_doc_check_new (slot->id, type);
  check->engine = g_strdup (sewa_ocr_engine_describe (engine));
  sewa_ocr_judge (check, request, text, confidence);
  check->ocr_ms = (g_get_monotonic_time () - start) / 1000;

  if (json)
    {
      g_autoptr (JsonNode) node = sewa_doc_check_to_json (check);
      g_autofree char *out = json_to_string (node, TRUE);

      printf ("%s\n", out);
    }
  else
    print_plain (check);
  return check->outcome == SEWA_DOC_CHECK_PASSED || check->outcome == SEWA_DOC_CHECK_SKIPPED ? SEWA_CTL_OK
                                                                                           : SEWA_CTL_NOT_OK;
}
