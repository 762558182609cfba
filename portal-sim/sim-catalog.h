/* The catalog the simulator serves byte for byte, and the few members it reads itself. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *id;
  GStrv any_of;
  gboolean required;
} SewaSimCatalogDoc;

typedef struct {
  char *id;
  char *dept_code;          /* upper-case letters/digits of the department id, ≤ 6 */
  int time_limit_days;
  gboolean instant_decision;
  gboolean requires_verified_mobile;
  GPtrArray *documents;     /* of SewaSimCatalogDoc */
} SewaSimService;

typedef struct {
  GBytes *bytes;
  char *etag;               /* "\"<hex sha256>\"" */
  char *version;
  GHashTable *services;     /* id -> SewaSimService */
} SewaSimCatalog;

SewaSimCatalog *sewa_sim_catalog_load (const char *path, GError **error);
SewaSimCatalog *sewa_sim_catalog_new_from_bytes (GBytes *bytes, GError **error);
void sewa_sim_catalog_free (SewaSimCatalog *catalog);
const SewaSimService *sewa_sim_catalog_service (const SewaSimCatalog *catalog, const char *id);
const SewaSimCatalogDoc *sewa_sim_service_document (const SewaSimService *service, const char *doc_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaSimCatalog, sewa_sim_catalog_free)

G_END_DECLS
