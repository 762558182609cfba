/* sewa-catalog-private.h — strict JSON helpers shared by the catalog and form parsers. */
#pragma once

#include <json-glib/json-glib.h>
#include "sewa-catalog.h"

G_BEGIN_DECLS

/* Limits that keep a hostile catalog from costing the kiosk memory or time. */
#define SEWA_CATALOG_MAX_ID_LEN 64
#define SEWA_CATALOG_MAX_TEXT_LEN 4096
#define SEWA_FORM_MAX_SECTIONS 32
#define SEWA_FORM_MAX_FIELDS 256
#define SEWA_FORM_MAX_OPTIONS 128

gboolean sewa_json_check_keys (JsonObject *obj, const char *const *allowed, const char *what,
                               GError **error);
gboolean sewa_json_get_id (JsonObject *obj, const char *key, char **out, const char *what,
                           GError **error);
gboolean sewa_json_get_text (JsonObject *obj, const char *key, gboolean required,
                             SewaText *out, const char *what, GError **error);
gboolean sewa_json_get_bool (JsonObject *obj, const char *key, gboolean *out, const char *what,
                             GError **error);
gboolean sewa_json_get_int (JsonObject *obj, const char *key, gint64 lo, gint64 hi,
                            gint64 *out, const char *what, GError **error);
gboolean sewa_json_get_string (JsonObject *obj, const char *key, char **out, const char *what,
                               GError **error);
gboolean sewa_id_is_valid (const char *id);
void     sewa_text_clear (SewaText *text);

SewaShowIf *sewa_show_if_parse (JsonNode *node, const char *what, GError **error);
void        sewa_show_if_free (SewaShowIf *show_if);
gboolean    sewa_show_if_matches (const SewaShowIf *show_if, const char *value);

G_END_DECLS
