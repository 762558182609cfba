#include "sim-catalog.h"
#include "sim-request.h"
#include "sim-util.h"

#include <json-glib/json-glib.h>
#include <string.h>

static void
doc_free (gpointer p)
{
  SewaSimCatalogDoc *d = p;

  g_free (d->id);
  g_strfreev (d->any_of);
  g_free (d);
}

static void
service_free (gpointer p)
{
  SewaSimService *s = p;

  g_free (s->id);
  g_free (s->dept_code);
  g_ptr_array_unref (s->documents);
  g_free (s);
}

void
sewa_sim_catalog_free (SewaSimCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_bytes_unref (catalog->bytes);
  g_free (catalog->etag);
  g_free (catalog->version);
  g_hash_table_unref (catalog->services);
  g_free (catalog);
}

/* A boolean member, FALSE when absent or not a boolean (never a json-glib warning). */
static gboolean
member_bool (JsonObject *obj, const char *name)
{
  JsonNode *n = obj != NULL ? json_object_get_member (obj, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN && json_node_get_boolean (n);
}

static char *
dept_code (const char *dept)
{
  GString *s = g_string_new (NULL);

  for (const char *c = dept; c != NULL && *c != '\0' && s->len < 6; c++)
    if (g_ascii_isalnum (*c))
      g_string_append_c (s, g_ascii_toupper (*c));
  if (s->len == 0)
    g_string_append (s, "GEN");
  return g_string_free (s, FALSE);
}

SewaSimCatalog *
sewa_sim_catalog_new_from_bytes (GBytes *bytes, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (SewaSimCatalog) cat = g_new0 (SewaSimCatalog, 1);
  g_autofree char *hash = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;
  JsonObject *top;
  JsonArray *services;
  const char *version;

  cat->bytes = g_bytes_ref (bytes);
  cat->services = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, service_free);
  hash = sewa_sim_sha256_hex (data, len);
  cat->etag = g_strdup_printf ("\"%s\"", hash);
  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  root = json_parser_get_root (parser);
  top = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  version = sewa_sim_member_string (top, "version");
  services = sewa_sim_member_array (top, "services");
  if (version == NULL || services == NULL)
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_BAD_REQUEST, "catalog needs \"version\" and \"services\"");
      return NULL;
    }
  cat->version = g_strdup (version);
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonNode *n = json_array_get_element (services, i);
      JsonObject *so = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonArray *docs = sewa_sim_member_array (so, "documents");
      JsonObject *elig = sewa_sim_member_object (so, "eligibility");
      const char *id = sewa_sim_member_string (so, "id");
      SewaSimService *svc;
      gint64 days = 0;

      if (id == NULL || !sewa_sim_member_int (so, "time_limit_days", &days) || days < 1 || days > 3650)
        {
          g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_BAD_REQUEST, "catalog service %u needs \"id\" and \"time_limit_days\"", i);
          return NULL;
        }
      svc = g_new0 (SewaSimService, 1);
      svc->id = g_strdup (id);
      svc->dept_code = dept_code (sewa_sim_member_string (so, "department"));
      svc->time_limit_days = (int) days;
      svc->documents = g_ptr_array_new_with_free_func (doc_free);
      svc->instant_decision = member_bool (so, "instant_decision");
      svc->requires_verified_mobile = member_bool (elig, "requires_verified_mobile");
      for (guint j = 0; docs != NULL && j < json_array_get_length (docs); j++)
        {
          JsonNode *dn = json_array_get_element (docs, j);
          JsonObject *dobj = JSON_NODE_HOLDS_OBJECT (dn) ? json_node_get_object (dn) : NULL;
          JsonArray *any = sewa_sim_member_array (dobj, "any_of");
          const char *did = sewa_sim_member_string (dobj, "id");
          SewaSimCatalogDoc *doc;
          GPtrArray *types;

          if (did == NULL || any == NULL)
            continue;
          doc = g_new0 (SewaSimCatalogDoc, 1);
          doc->id = g_strdup (did);
          types = g_ptr_array_new ();
          for (guint k = 0; k < json_array_get_length (any); k++)
            {
              JsonNode *t = json_array_get_element (any, k);
              if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
                g_ptr_array_add (types, g_strdup (json_node_get_string (t)));
            }
          g_ptr_array_add (types, NULL);
          doc->any_of = (GStrv) g_ptr_array_free (types, FALSE);
          doc->required = member_bool (dobj, "required");
          g_ptr_array_add (svc->documents, doc);
        }
      g_hash_table_replace (cat->services, svc->id, svc);
    }
  return g_steal_pointer (&cat);
}

SewaSimCatalog *
sewa_sim_catalog_load (const char *path, GError **error)
{
  char *data = NULL;
  gsize len = 0;
  g_autoptr (GBytes) bytes = NULL;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  bytes = g_bytes_new_take (data, len);
  return sewa_sim_catalog_new_from_bytes (bytes, error);
}

const SewaSimService *
sewa_sim_catalog_service (const SewaSimCatalog *catalog, const char *id)
{
  return g_hash_table_lookup (catalog->services, id);
}

const SewaSimCatalogDoc *
sewa_sim_service_document (const SewaSimService *service, const char *doc_id)
{
  for (guint i = 0; i < service->documents->len; i++)
    {
      const SewaSimCatalogDoc *d = g_ptr_array_index (service->documents, i);
      if (strcmp (d->id, doc_id) == 0)
        return d;
    }
  return NULL;
}
