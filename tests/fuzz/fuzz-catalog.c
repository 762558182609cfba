/* The catalog parser on hostile bytes: whatever it accepts must be internally consistent,
 * and its forms must validate without crashing. (Search over a parsed catalog is covered by
 * test-search; building an SQLite index per input would cut the fuzzer's speed tenfold.) */
#include "sewa-catalog.h"
#include "sewa-validate.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
quiet_log (const gchar *log_domain, GLogLevelFlags log_level, const gchar *message, gpointer user_data)
{
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (SewaCatalog) catalog = NULL;
  GListModel *services;

  /* Hidden services are reported with g_message; millions of them would only slow the run. */
  g_log_set_handler ("sewa-catalog", G_LOG_LEVEL_MESSAGE, quiet_log, NULL);

  catalog = sewa_catalog_new_from_bytes (bytes, NULL);
  if (catalog == NULL)
    return 0;
  services = sewa_catalog_get_services (catalog);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr (SewaService) service = g_list_model_get_item (services, i);
      const SewaForm *form = sewa_service_get_form (service);
      g_autoptr (SewaFormValues) values = sewa_form_values_new ();

      g_assert_true (sewa_catalog_lookup_service (catalog, sewa_service_get_id (service)) == service);
      g_assert_nonnull (sewa_catalog_lookup_department (catalog, sewa_service_get_department_id (service)));
      g_assert_cmpuint (form->sections->len, >, 0);
      /* A number the document check compares comes from a field of this form that can hold
       * one (the catalog's "number_fields"), for one of the document's own types. */
      for (guint d = 0; sewa_service_get_documents (service) != NULL && d < sewa_service_get_documents (service)->len; d++)
        {
          const SewaDocumentRequirement *req = g_ptr_array_index (sewa_service_get_documents (service), d);

          for (guint t = 0; req->any_of[t] != NULL; t++)
            {
              const char *field_id = sewa_document_requirement_get_number_field (req, req->any_of[t]);
              const SewaFormField *field = field_id != NULL ? sewa_form_lookup_field (form, field_id) : NULL;

              g_assert_true (field_id == NULL || field != NULL);
              g_assert_true (field == NULL || field->type == SEWA_FIELD_TYPE_AADHAAR || field->type == SEWA_FIELD_TYPE_DATE
                             || field->type == SEWA_FIELD_TYPE_NUMBER || field->type == SEWA_FIELD_TYPE_TEXT);
            }
        }
      /* Exercise show-if chains and validation of every field with an empty and a junk value. */
      for (guint s = 0; s < form->sections->len; s++)
        {
          g_autoptr (GPtrArray) visible = sewa_form_section_visible_fields (form, s, values);
          (void) sewa_validate_section (form, s, values, NULL, NULL);
          for (guint f = 0; f < visible->len; f++)
            sewa_form_values_set (values, ((SewaFormField *) g_ptr_array_index (visible, f))->id, "yes");
        }
      (void) sewa_validate_form (form, values, NULL, NULL);
      (void) sewa_validate_eligibility (service, values, NULL, NULL);
    }
  return 0;
}
