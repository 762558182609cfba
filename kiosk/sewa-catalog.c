/* sewa-catalog.c — strict, per-service parsing of the portal's catalog JSON. */
#define G_LOG_DOMAIN "sewa-catalog"

#include "sewa-catalog.h"
#include "sewa-catalog-private.h"
#include "sewa-json.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include <string.h>

G_DEFINE_QUARK (sewa-catalog-error-quark, sewa_catalog_error)

#define MAX_DOCUMENTS 32
#define MAX_RULES 32
/* More document types than DigiLocker issues; a catalog with more is not one we know. */
#define MAX_DOCUMENT_TYPES 512

/* ---- strict JSON helpers (sewa-catalog-private.h) ------------------------------------------ */

gboolean
sewa_json_check_keys (JsonObject *obj, const char *const *allowed, const char *what,
                      GError **error)
{
  g_autoptr (GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        /* The key is catalog text, not citizen data; cut it so a hostile one cannot flood
         * the log. */
        g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                     "%s: unknown key \"%.40s\"", what, (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

gboolean
sewa_id_is_valid (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len == 0 || len > SEWA_CATALOG_MAX_ID_LEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '_' && id[i] != '-' && id[i] != '.')
      return FALSE;
  return TRUE;
}

gboolean
sewa_json_get_string (JsonObject *obj, const char *key, char **out, const char *what,
                      GError **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  const char *s;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: \"%s\" must be a string", what, key);
      return FALSE;
    }
  s = json_node_get_string (node);
  if (strlen (s) > SEWA_CATALOG_MAX_TEXT_LEN || !g_utf8_validate (s, -1, NULL))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: \"%s\" is too long or not UTF-8", what, key);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (s);
  return TRUE;
}

gboolean
sewa_json_get_id (JsonObject *obj, const char *key, char **out, const char *what,
                  GError **error)
{
  g_autofree char *id = NULL;

  if (!sewa_json_get_string (obj, key, &id, what, error))
    return FALSE;
  if (!sewa_id_is_valid (id))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: \"%s\" is not a valid id", what, key);
      return FALSE;
    }
  g_free (*out);
  *out = g_steal_pointer (&id);
  return TRUE;
}

void
sewa_text_clear (SewaText *text)
{
  g_clear_pointer (&text->pa, g_free);
  g_clear_pointer (&text->hi, g_free);
  g_clear_pointer (&text->en, g_free);
}

gboolean
sewa_json_get_text (JsonObject *obj, const char *key, gboolean required, SewaText *out,
                    const char *what, GError **error)
{
  static const char *const lang_keys[] = { "pa", "hi", "en", NULL };
  g_autofree char *twhat = g_strdup_printf ("%s \"%s\"", what, key);
  JsonNode *node = json_object_get_member (obj, key);
  JsonObject *tobj;

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "%s: missing", twhat);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: must be an object {pa, hi, en}", twhat);
      return FALSE;
    }
  tobj = json_node_get_object (node);
  if (!sewa_json_check_keys (tobj, lang_keys, twhat, error))
    return FALSE;
  /* Every text in all three languages: a citizen must never meet a blank or another script. */
  if (!sewa_json_get_string (tobj, "pa", &out->pa, twhat, error) ||
      !sewa_json_get_string (tobj, "hi", &out->hi, twhat, error) ||
      !sewa_json_get_string (tobj, "en", &out->en, twhat, error))
    return FALSE;
  if (*out->pa == '\0' || *out->hi == '\0' || *out->en == '\0')
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: a language is empty", twhat);
      return FALSE;
    }
  return TRUE;
}

gboolean
sewa_json_get_bool (JsonObject *obj, const char *key, gboolean *out, const char *what,
                    GError **error)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: \"%s\" must be true or false", what, key);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
sewa_json_get_int (JsonObject *obj, const char *key, gint64 lo, gint64 hi, gint64 *out,
                   const char *what, GError **error)
{
  JsonNode *node = json_object_get_member (obj, key);
  gint64 v;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: \"%s\" must be an integer", what, key);
      return FALSE;
    }
  v = json_node_get_int (node);
  if (v < lo || v > hi)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: \"%s\" out of range", what, key);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

void
sewa_show_if_free (SewaShowIf *show_if)
{
  if (show_if == NULL)
    return;
  g_free (show_if->field);
  g_strfreev (show_if->values);
  g_free (show_if);
}

SewaShowIf *
sewa_show_if_parse (JsonNode *node, const char *what, GError **error)
{
  static const char *const keys[] = { "field", "equals", "in", NULL };
  g_autofree char *swhat = g_strdup_printf ("%s show_if", what);
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  SewaShowIf *show_if;
  JsonObject *obj;
  gboolean has_equals, has_in;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "%s: not an object", swhat);
      return NULL;
    }
  obj = json_node_get_object (node);
  if (!sewa_json_check_keys (obj, keys, swhat, error))
    return NULL;
  has_equals = json_object_has_member (obj, "equals");
  has_in = json_object_has_member (obj, "in");
  if (has_equals == has_in)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: needs exactly one of \"equals\" and \"in\"", swhat);
      return NULL;
    }
  if (has_equals)
    {
      char *v = NULL;
      if (!sewa_json_get_string (obj, "equals", &v, swhat, error))
        return NULL;
      g_ptr_array_add (values, v);
    }
  else
    {
      JsonNode *in = json_object_get_member (obj, "in");
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (in) || json_array_get_length (json_node_get_array (in)) == 0 ||
          json_array_get_length (json_node_get_array (in)) > SEWA_FORM_MAX_OPTIONS)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: \"in\" must be a non-empty array of strings", swhat);
          return NULL;
        }
      array = json_node_get_array (in);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                           "%s: \"in\" must be a non-empty array of strings", swhat);
              return NULL;
            }
          g_ptr_array_add (values, g_strdup (json_node_get_string (e)));
        }
    }
  g_ptr_array_add (values, NULL);

  show_if = g_new0 (SewaShowIf, 1);
  show_if->values = (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
  if (!sewa_json_get_id (obj, "field", &show_if->field, swhat, error))
    {
      sewa_show_if_free (show_if);
      return NULL;
    }
  return show_if;
}

gboolean
sewa_show_if_matches (const SewaShowIf *show_if, const char *value)
{
  if (value == NULL)
    return FALSE;
  return g_strv_contains ((const char *const *) show_if->values, value);
}

/* ---- SewaDepartment ---------------------------------------------------------------------- */

struct _SewaDepartment
{
  GObject parent_instance;

  char *id;
  SewaText name;
  char *icon;
  guint n_services;
};

G_DEFINE_FINAL_TYPE (SewaDepartment, sewa_department, G_TYPE_OBJECT)

static void
sewa_department_finalize (GObject *object)
{
  SewaDepartment *self = SEWA_DEPARTMENT (object);

  g_free (self->id);
  sewa_text_clear (&self->name);
  g_free (self->icon);
  G_OBJECT_CLASS (sewa_department_parent_class)->finalize (object);
}

static void
sewa_department_class_init (SewaDepartmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sewa_department_finalize;
}

static void
sewa_department_init (SewaDepartment *self)
{
}

const char *
sewa_department_get_id (SewaDepartment *self)
{
  g_return_val_if_fail (SEWA_IS_DEPARTMENT (self), NULL);
  return self->id;
}

const SewaText *
sewa_department_get_name (SewaDepartment *self)
{
  g_return_val_if_fail (SEWA_IS_DEPARTMENT (self), NULL);
  return &self->name;
}

const char *
sewa_department_get_icon (SewaDepartment *self)
{
  g_return_val_if_fail (SEWA_IS_DEPARTMENT (self), NULL);
  return self->icon;
}

guint
sewa_department_get_n_services (SewaDepartment *self)
{
  g_return_val_if_fail (SEWA_IS_DEPARTMENT (self), 0);
  return self->n_services;
}

/* ---- SewaService ------------------------------------------------------------------------- */

struct _SewaService
{
  GObject parent_instance;

  char *id;
  char *department_id;
  SewaText name;
  SewaText description;
  gint64 fee_paise;
  SewaPayment payment;
  int time_limit_days;
  gboolean instant_decision;
  GPtrArray *documents;
  SewaEligibility eligibility;
  SewaForm *form;
  char *version;
  char *content_hash;
  gboolean sample_data;
};

G_DEFINE_FINAL_TYPE (SewaService, sewa_service, G_TYPE_OBJECT)

static void
document_free (SewaDocumentRequirement *doc)
{
  g_free (doc->id);
  sewa_text_clear (&doc->label);
  /* number_fields runs parallel to any_of, with NULL holes: freed by any_of's length. */
  if (doc->number_fields != NULL && doc->any_of != NULL)
    for (guint i = 0; doc->any_of[i] != NULL; i++)
      g_free (doc->number_fields[i]);
  g_free (doc->number_fields);
  g_strfreev (doc->any_of);
  g_free (doc->sizes);
  g_free (doc);
}

static void
rule_free (SewaEligibilityRule *rule)
{
  g_free (rule->field);
  g_strfreev (rule->allowed);
  sewa_show_if_free (rule->when);
  sewa_text_clear (&rule->message);
  g_free (rule);
}

static void
sewa_service_finalize (GObject *object)
{
  SewaService *self = SEWA_SERVICE (object);

  g_free (self->id);
  g_free (self->department_id);
  sewa_text_clear (&self->name);
  sewa_text_clear (&self->description);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  sewa_text_clear (&self->eligibility.notes);
  g_clear_pointer (&self->eligibility.rules, g_ptr_array_unref);
  g_clear_pointer (&self->form, sewa_form_free);
  g_free (self->version);
  g_free (self->content_hash);
  G_OBJECT_CLASS (sewa_service_parent_class)->finalize (object);
}

static void
sewa_service_class_init (SewaServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sewa_service_finalize;
}

static void
sewa_service_init (SewaService *self)
{
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) document_free);
  self->eligibility.rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->time_limit_days = -1;
}

#define SERVICE_GETTER(type, name, expr, fallback) \
  type sewa_service_get_##name (SewaService *self) \
  { \
    g_return_val_if_fail (SEWA_IS_SERVICE (self), fallback); \
    return expr; \
  }

SERVICE_GETTER (const char *, id, self->id, NULL)
SERVICE_GETTER (const char *, department_id, self->department_id, NULL)
SERVICE_GETTER (const SewaText *, name, &self->name, NULL)
SERVICE_GETTER (const SewaText *, description, &self->description, NULL)
SERVICE_GETTER (gint64, fee_paise, self->fee_paise, 0)
SERVICE_GETTER (SewaPayment, payment, self->payment, SEWA_PAYMENT_NONE)
SERVICE_GETTER (int, time_limit_days, self->time_limit_days, -1)
SERVICE_GETTER (gboolean, instant_decision, self->instant_decision, FALSE)
SERVICE_GETTER (GPtrArray *, documents, self->documents, NULL)
SERVICE_GETTER (const SewaEligibility *, eligibility, &self->eligibility, NULL)
SERVICE_GETTER (const SewaForm *, form, self->form, NULL)
SERVICE_GETTER (const char *, version, self->version, NULL)
SERVICE_GETTER (const char *, content_hash, self->content_hash, NULL)
SERVICE_GETTER (gboolean, sample_data, self->sample_data, FALSE)

/* ---- service parsing --------------------------------------------------------------------- */

static gboolean
parse_fee (JsonObject *obj, SewaService *self, GError **error)
{
  static const char *const keys[] = { "amount_paise", "payment", NULL };
  JsonNode *node = json_object_get_member (obj, "fee");
  g_autofree char *payment = NULL;
  JsonObject *fee;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "\"fee\" must be an object");
      return FALSE;
    }
  fee = json_node_get_object (node);
  if (!sewa_json_check_keys (fee, keys, "fee", error))
    return FALSE;
  if (!json_object_has_member (fee, "amount_paise"))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "fee: \"amount_paise\" missing");
      return FALSE;
    }
  if (!sewa_json_get_int (fee, "amount_paise", 0, G_GINT64_CONSTANT (10000000000), &self->fee_paise, "fee", error) ||
      !sewa_json_get_string (fee, "payment", &payment, "fee", error))
    return FALSE;
  if (g_str_equal (payment, "upi"))
    self->payment = SEWA_PAYMENT_UPI;
  else if (g_str_equal (payment, "cash"))
    self->payment = SEWA_PAYMENT_CASH;
  else if (g_str_equal (payment, "none"))
    self->payment = SEWA_PAYMENT_NONE;
  else
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "fee: unknown payment \"%.16s\"", payment);
      return FALSE;
    }
  if ((self->fee_paise == 0) != (self->payment == SEWA_PAYMENT_NONE))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "fee: payment \"none\" exactly when amount_paise is 0");
      return FALSE;
    }
  return TRUE;
}

static gboolean
doc_code_is_valid (const char *code)
{
  gsize len = strlen (code);

  if (len < 2 || len > 16)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (code[i]) && !g_ascii_isdigit (code[i]) && code[i] != '_')
      return FALSE;
  return TRUE;
}

/* The sizes of document type CODE: any size when the catalog describes no types (a portal
 * older than "document_types"); otherwise the type must be described, and validly, because
 * a requirement whose sizes are unknown would let the kiosk accept the wrong document. */
static gboolean
document_type_sizes (GHashTable *doc_types, const char *code, const char *what, guint *out,
                     GError **error)
{
  gpointer value = NULL;

  if (doc_types == NULL)
    {
      *out = SEWA_PAGE_SIZES_ANY;
      return TRUE;
    }
  if (!g_hash_table_lookup_extended (doc_types, code, NULL, &value))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: document type %s is not in \"document_types\"", what, code);
      return FALSE;
    }
  if (GPOINTER_TO_UINT (value) == 0)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: document type %s has an invalid \"document_types\" entry", what, code);
      return FALSE;
    }
  *out = GPOINTER_TO_UINT (value);
  return TRUE;
}

/* "number_fields": {CODE: FIELD_ID, …}: for a type of the document's any_of, the form field
 * whose value the page must carry. Only a field that holds a number or a date (aadhaar, date,
 * number, text) can be compared with what is printed on a page. */
static gboolean
parse_number_fields (JsonObject *d, SewaDocumentRequirement *doc, const SewaForm *form, const char *what,
                     GError **error)
{
  JsonNode *node = json_object_get_member (d, "number_fields");
  g_autoptr (GList) members = NULL;
  JsonObject *map;
  guint n_codes;

  if (node == NULL)
    return TRUE;
  map = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  n_codes = g_strv_length (doc->any_of);
  if (map == NULL || json_object_get_size (map) == 0 || json_object_get_size (map) > n_codes)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: \"number_fields\" must be an object of 1–%u document type codes", what, n_codes);
      return FALSE;
    }
  doc->number_fields = g_new0 (char *, n_codes + 1);
  members = json_object_get_members (map);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *code = l->data;
      JsonNode *value = json_object_get_member (map, code);
      const SewaFormField *field;
      const char *field_id;
      guint k;

      for (k = 0; k < n_codes; k++)
        if (g_str_equal (doc->any_of[k], code))
          break;
      if (k == n_codes)
        {
          /* The code is outside input: only a valid one is put in the message. */
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: number_fields names %s, which is not one of its \"any_of\"", what,
                       doc_code_is_valid (code) ? code : "a code");
          return FALSE;
        }
      field_id = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
                   ? json_node_get_string (value) : NULL;
      field = field_id != NULL ? sewa_form_lookup_field (form, field_id) : NULL;
      if (field == NULL)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: number_fields.%s is not a field of the form", what, code);
          return FALSE;
        }
      switch (field->type)
        {
        case SEWA_FIELD_TYPE_AADHAAR:
        case SEWA_FIELD_TYPE_DATE:
        case SEWA_FIELD_TYPE_NUMBER:
        case SEWA_FIELD_TYPE_TEXT:
          break;
        case SEWA_FIELD_TYPE_NAME:
        case SEWA_FIELD_TYPE_MOBILE:
        case SEWA_FIELD_TYPE_PINCODE:
        case SEWA_FIELD_TYPE_EMAIL:
        case SEWA_FIELD_TYPE_SELECT:
        case SEWA_FIELD_TYPE_DISTRICT:
        case SEWA_FIELD_TYPE_YESNO:
        case SEWA_FIELD_TYPE_CONSENT:
        case SEWA_N_FIELD_TYPES:
        default:
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: number_fields.%s is a %s field (aadhaar, date, number or text needed)", what, code,
                       sewa_field_type_to_string (field->type));
          return FALSE;
        }
      doc->number_fields[k] = g_strdup (field->id);
    }
  return TRUE;
}

static gboolean
parse_documents (JsonObject *obj, SewaService *self, GHashTable *doc_types, GError **error)
{
  static const char *const keys[] = { "id", "label", "any_of", "required", "number_fields", NULL };
  JsonNode *node = json_object_get_member (obj, "documents");
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > MAX_DOCUMENTS)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "\"documents\" must be an array of at most %d", MAX_DOCUMENTS);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *dnode = json_array_get_element (array, i);
      g_autofree char *what = g_strdup_printf ("documents[%u]", i);
      g_autoptr (GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
      SewaDocumentRequirement *doc;
      JsonObject *d;
      JsonNode *any;

      if (!JSON_NODE_HOLDS_OBJECT (dnode))
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "%s: not an object", what);
          return FALSE;
        }
      d = json_node_get_object (dnode);
      if (!sewa_json_check_keys (d, keys, what, error))
        return FALSE;
      doc = g_new0 (SewaDocumentRequirement, 1);
      g_ptr_array_add (self->documents, doc);
      if (!sewa_json_get_id (d, "id", &doc->id, what, error) ||
          !sewa_json_get_text (d, "label", TRUE, &doc->label, what, error) ||
          !sewa_json_get_bool (d, "required", &doc->required, what, error))
        return FALSE;
      if (!g_hash_table_add (seen, doc->id))
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "%s: duplicate id", what);
          return FALSE;
        }
      any = json_object_get_member (d, "any_of");
      if (any == NULL || !JSON_NODE_HOLDS_ARRAY (any) ||
          json_array_get_length (json_node_get_array (any)) == 0 ||
          json_array_get_length (json_node_get_array (any)) > 16)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: \"any_of\" must be 1–16 document type codes", what);
          return FALSE;
        }
      for (guint k = 0; k < json_array_get_length (json_node_get_array (any)); k++)
        {
          JsonNode *c = json_array_get_element (json_node_get_array (any), k);
          if (!JSON_NODE_HOLDS_VALUE (c) || json_node_get_value_type (c) != G_TYPE_STRING ||
              !doc_code_is_valid (json_node_get_string (c)))
            {
              g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                           "%s: any_of[%u] is not a document type code (A–Z, 0–9)", what, k);
              return FALSE;
            }
          g_ptr_array_add (codes, g_strdup (json_node_get_string (c)));
        }
      doc->sizes = g_new0 (guint, codes->len);
      for (guint k = 0; k < codes->len; k++)
        if (!document_type_sizes (doc_types, g_ptr_array_index (codes, k), what, &doc->sizes[k], error))
          return FALSE;
      g_ptr_array_add (codes, NULL);
      doc->any_of = (char **) g_ptr_array_free (g_steal_pointer (&codes), FALSE);
      if (!parse_number_fields (d, doc, self->form, what, error))
        return FALSE;
    }
  return TRUE;
}

guint
sewa_document_requirement_get_sizes (const SewaDocumentRequirement *req, const char *code)
{
  g_return_val_if_fail (req != NULL, 0);
  for (guint i = 0; code != NULL && req->any_of != NULL && req->any_of[i] != NULL; i++)
    if (g_str_equal (req->any_of[i], code))
      return req->sizes != NULL ? req->sizes[i] : SEWA_PAGE_SIZES_ANY;
  return 0;
}

const char *
sewa_document_requirement_get_number_field (const SewaDocumentRequirement *req, const char *code)
{
  g_return_val_if_fail (req != NULL, NULL);
  for (guint i = 0; code != NULL && req->number_fields != NULL && req->any_of[i] != NULL; i++)
    if (g_str_equal (req->any_of[i], code))
      return req->number_fields[i];
  return NULL;
}

static gboolean
parse_rule (JsonNode *node, SewaService *self, guint index, GError **error)
{
  static const char *const keys[] = { "field", "min_age", "max_age", "min", "max", "equals",
                                      "in", "when", "message", NULL };
  g_autofree char *what = g_strdup_printf ("eligibility rule %u", index);
  const SewaFormField *field;
  SewaEligibilityRule *rule;
  JsonObject *obj;
  gint64 v;
  gboolean ages, range, allowed;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "%s: not an object", what);
      return FALSE;
    }
  obj = json_node_get_object (node);
  if (!sewa_json_check_keys (obj, keys, what, error))
    return FALSE;
  rule = g_new0 (SewaEligibilityRule, 1);
  rule->min_age = rule->max_age = -1;
  g_ptr_array_add (self->eligibility.rules, rule);

  if (!sewa_json_get_id (obj, "field", &rule->field, what, error) ||
      !sewa_json_get_text (obj, "message", TRUE, &rule->message, what, error))
    return FALSE;
  field = sewa_form_lookup_field (self->form, rule->field);
  if (field == NULL)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: field \"%s\" is not in the form", what, rule->field);
      return FALSE;
    }
  ages = json_object_has_member (obj, "min_age") || json_object_has_member (obj, "max_age");
  range = json_object_has_member (obj, "min") || json_object_has_member (obj, "max");
  allowed = json_object_has_member (obj, "equals") || json_object_has_member (obj, "in");
  if ((int) ages + (int) range + (int) allowed != 1)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: needs exactly one kind of test (age, range or values)", what);
      return FALSE;
    }
  if (ages)
    {
      if (field->type != SEWA_FIELD_TYPE_DATE)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: an age test needs a date field", what);
          return FALSE;
        }
      v = -1;
      if (!sewa_json_get_int (obj, "min_age", 0, 150, &v, what, error))
        return FALSE;
      rule->min_age = (int) v;
      v = -1;
      if (!sewa_json_get_int (obj, "max_age", 0, 150, &v, what, error))
        return FALSE;
      rule->max_age = (int) v;
    }
  else if (range)
    {
      if (field->type != SEWA_FIELD_TYPE_NUMBER)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: a range test needs a number field", what);
          return FALSE;
        }
      rule->has_min = json_object_has_member (obj, "min");
      rule->has_max = json_object_has_member (obj, "max");
      if (!sewa_json_get_int (obj, "min", G_MININT64, G_MAXINT64, &rule->min, what, error) ||
          !sewa_json_get_int (obj, "max", G_MININT64, G_MAXINT64, &rule->max, what, error))
        return FALSE;
    }
  else
    {
      /* "equals"/"in" share show_if's syntax, so parse them through it. */
      g_autoptr (JsonNode) copy = json_node_new (JSON_NODE_OBJECT);
      g_autoptr (JsonObject) tmp = json_object_new ();
      SewaShowIf *values;

      json_object_set_string_member (tmp, "field", rule->field);
      if (json_object_has_member (obj, "equals"))
        json_object_set_member (tmp, "equals", json_node_copy (json_object_get_member (obj, "equals")));
      if (json_object_has_member (obj, "in"))
        json_object_set_member (tmp, "in", json_node_copy (json_object_get_member (obj, "in")));
      json_node_set_object (copy, tmp);
      values = sewa_show_if_parse (copy, what, error);
      if (values == NULL)
        return FALSE;
      rule->allowed = g_steal_pointer (&values->values);
      sewa_show_if_free (values);
    }
  if (json_object_has_member (obj, "when"))
    {
      rule->when = sewa_show_if_parse (json_object_get_member (obj, "when"), what, error);
      if (rule->when == NULL)
        return FALSE;
      if (sewa_form_lookup_field (self->form, rule->when->field) == NULL)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: \"when\" refers to \"%s\", which is not in the form", what,
                       rule->when->field);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_eligibility (JsonObject *obj, SewaService *self, GError **error)
{
  static const char *const keys[] = { "notes", "rules", "requires_verified_mobile", NULL };
  JsonNode *node = json_object_get_member (obj, "eligibility");
  JsonObject *e;
  JsonNode *rules;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "\"eligibility\" must be an object");
      return FALSE;
    }
  e = json_node_get_object (node);
  if (!sewa_json_check_keys (e, keys, "eligibility", error) ||
      !sewa_json_get_text (e, "notes", FALSE, &self->eligibility.notes, "eligibility", error) ||
      !sewa_json_get_bool (e, "requires_verified_mobile", &self->eligibility.requires_verified_mobile,
                           "eligibility", error))
    return FALSE;
  rules = json_object_get_member (e, "rules");
  if (rules == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (rules) || json_array_get_length (json_node_get_array (rules)) > MAX_RULES)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "eligibility: \"rules\" must be an array of at most %d", MAX_RULES);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rules)); i++)
    if (!parse_rule (json_array_get_element (json_node_get_array (rules), i), self, i, error))
      return FALSE;
  return TRUE;
}

static char *
sha256_hex (const void *data, gsize len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

static SewaService *
parse_service (JsonNode *node, GHashTable *departments, GHashTable *doc_types, GError **error)
{
  static const char *const keys[] = {
    "id", "department", "name", "description", "fee", "time_limit_days", "instant_decision",
    "documents", "eligibility", "form", "sample_data", "version", NULL
  };
  g_autoptr (SewaService) self = NULL;
  g_autoptr (GList) members = NULL;
  g_autofree char *compact = NULL;
  JsonObject *obj;
  JsonNode *version;
  gint64 limit = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "not an object");
      return NULL;
    }
  obj = json_node_get_object (node);
  self = g_object_new (SEWA_TYPE_SERVICE, NULL);

  /* The id first, so that every later reason can be reported against it. */
  if (!sewa_json_get_id (obj, "id", &self->id, "service", error))
    return NULL;

  /* Keys starting with "x-" are extensions the portal may add without a schema bump. */
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (keys, l->data) && !g_str_has_prefix (l->data, "x-"))
      {
        g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                     "unknown key \"%.40s\"", (const char *) l->data);
        return NULL;
      }

  if (!sewa_json_get_id (obj, "department", &self->department_id, "service", error) ||
      !sewa_json_get_text (obj, "name", TRUE, &self->name, "service", error) ||
      !sewa_json_get_text (obj, "description", TRUE, &self->description, "service", error) ||
      !parse_fee (obj, self, error))
    return NULL;
  if (!g_hash_table_contains (departments, self->department_id))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "unknown department \"%s\"", self->department_id);
      return NULL;
    }
  if (!json_object_has_member (obj, "time_limit_days"))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "\"time_limit_days\" missing");
      return NULL;
    }
  if (!sewa_json_get_int (obj, "time_limit_days", 0, 3650, &limit, "service", error) ||
      !sewa_json_get_bool (obj, "instant_decision", &self->instant_decision, "service", error) ||
      !sewa_json_get_bool (obj, "sample_data", &self->sample_data, "service", error))
    return NULL;
  self->time_limit_days = (int) limit;

  version = json_object_get_member (obj, "version");
  if (version == NULL)
    self->version = g_strdup ("1");
  else if (JSON_NODE_HOLDS_VALUE (version) && json_node_get_value_type (version) == G_TYPE_INT64)
    self->version = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (version));
  else if (!sewa_json_get_id (obj, "version", &self->version, "service", error))
    return NULL;

  if (!json_object_has_member (obj, "form"))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "\"form\" missing");
      return NULL;
    }
  self->form = sewa_form_new_from_json (json_object_get_member (obj, "form"), error);
  if (self->form == NULL)
    return NULL;
  if (!parse_documents (obj, self, doc_types, error) || !parse_eligibility (obj, self, error))
    return NULL;

  compact = json_to_string (node, FALSE);
  self->content_hash = sha256_hex (compact, strlen (compact));
  return g_steal_pointer (&self);
}

/* ---- SewaCatalog ------------------------------------------------------------------------- */

struct _SewaCatalog
{
  GObject parent_instance;

  char *version;
  char *hash;
  GListStore *departments;
  GListStore *services;
  GHashTable *departments_by_id;  /* borrowed id → SewaDepartment* (owned by the store) */
  GHashTable *services_by_id;
  /* code → GUINT_TO_POINTER (size flags); 0 marks a type whose entry is invalid. NULL when
   * the catalog describes no document types. */
  GHashTable *doc_types;
  GPtrArray *problems;
};

G_DEFINE_FINAL_TYPE (SewaCatalog, sewa_catalog, G_TYPE_OBJECT)

static void
problem_free (SewaCatalogProblem *problem)
{
  g_free (problem->service_id);
  g_free (problem->reason);
  g_free (problem);
}

static void
sewa_catalog_finalize (GObject *object)
{
  SewaCatalog *self = SEWA_CATALOG (object);

  g_free (self->version);
  g_free (self->hash);
  g_clear_pointer (&self->departments_by_id, g_hash_table_unref);
  g_clear_pointer (&self->services_by_id, g_hash_table_unref);
  g_clear_pointer (&self->doc_types, g_hash_table_unref);
  g_clear_object (&self->departments);
  g_clear_object (&self->services);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  G_OBJECT_CLASS (sewa_catalog_parent_class)->finalize (object);
}

static void
sewa_catalog_class_init (SewaCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sewa_catalog_finalize;
}

static void
sewa_catalog_init (SewaCatalog *self)
{
  self->departments = g_list_store_new (SEWA_TYPE_DEPARTMENT);
  self->services = g_list_store_new (SEWA_TYPE_SERVICE);
  self->departments_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->services_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
}

static void
add_problem (SewaCatalog *self, const char *id, const char *reason)
{
  SewaCatalogProblem *problem = g_new0 (SewaCatalogProblem, 1);

  problem->service_id = g_strdup (id);
  problem->reason = g_strdup (reason);
  g_ptr_array_add (self->problems, problem);
  g_message ("catalog: hiding %s: %s", id, reason);
}

static gboolean
parse_departments (SewaCatalog *self, JsonArray *array)
{
  static const char *const keys[] = { "id", "name", "icon", NULL };

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr (SewaDepartment) dept = g_object_new (SEWA_TYPE_DEPARTMENT, NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *label = g_strdup_printf ("departments[%u]", i);
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          add_problem (self, label, "not an object");
          continue;
        }
      obj = json_node_get_object (node);
      if (!sewa_json_check_keys (obj, keys, "department", &error) ||
          !sewa_json_get_id (obj, "id", &dept->id, "department", &error) ||
          !sewa_json_get_text (obj, "name", TRUE, &dept->name, "department", &error) ||
          (json_object_has_member (obj, "icon") &&
           !sewa_json_get_string (obj, "icon", &dept->icon, "department", &error)))
        {
          add_problem (self, dept->id != NULL ? dept->id : label, error->message);
          continue;
        }
      if (g_hash_table_contains (self->departments_by_id, dept->id))
        {
          add_problem (self, dept->id, "duplicate department id");
          continue;
        }
      g_hash_table_insert (self->departments_by_id, dept->id, dept);
      g_list_store_append (self->departments, dept);
    }
  return TRUE;
}

/* "document_types": [{"code": CODE, "sizes": ["a4", ...]}, ...]. An entry with a defect is
 * listed as a problem and its code kept with no sizes, so that every service naming it is
 * hidden with a reason instead of accepting documents of any size. */
static void
parse_document_types (SewaCatalog *self, JsonArray *array)
{
  static const char *const keys[] = { "code", "sizes", NULL };

  self->doc_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *label = g_strdup_printf ("document_types[%u]", i);
      g_autoptr (GError) error = NULL;
      g_autofree char *code = NULL;
      JsonNode *sizes_node;
      JsonArray *sizes;
      guint flags = 0;
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          add_problem (self, label, "not an object");
          continue;
        }
      obj = json_node_get_object (node);
      if (!sewa_json_check_keys (obj, keys, label, &error) ||
          !sewa_json_get_string (obj, "code", &code, label, &error))
        {
          add_problem (self, label, error->message);
          continue;
        }
      if (!doc_code_is_valid (code))
        {
          add_problem (self, label, "\"code\" is not a document type code (A–Z, 0–9)");
          continue;
        }
      if (g_hash_table_contains (self->doc_types, code))
        {
          add_problem (self, code, "duplicate document type (the first one is kept)");
          continue;
        }
      sizes_node = json_object_get_member (obj, "sizes");
      sizes = sizes_node != NULL && JSON_NODE_HOLDS_ARRAY (sizes_node) ? json_node_get_array (sizes_node) : NULL;
      if (sizes == NULL || json_array_get_length (sizes) == 0 ||
          json_array_get_length (sizes) > SEWA_PAGE_N_SIZES)
        {
          g_autofree char *reason = g_strdup_printf ("document type %s: \"sizes\" must be 1–%d of "
                                                     "a4, a5, id1, photo, other", code, SEWA_PAGE_N_SIZES);
          add_problem (self, code, reason);
          g_hash_table_insert (self->doc_types, g_steal_pointer (&code), GUINT_TO_POINTER (0));
          continue;
        }
      for (guint k = 0; k < json_array_get_length (sizes); k++)
        {
          JsonNode *s = json_array_get_element (sizes, k);
          gboolean is_string = JSON_NODE_HOLDS_VALUE (s) && json_node_get_value_type (s) == G_TYPE_STRING;
          SewaPageSize size;

          if (!is_string || !sewa_page_size_from_name (json_node_get_string (s), &size))
            {
              /* The size is catalog text, not citizen data; cut so a hostile one cannot flood
               * the log. */
              g_autofree char *reason =
                  is_string ? g_strdup_printf ("document type %s: unknown size \"%.16s\" (sizes are "
                                               "a4, a5, id1, photo, other)", code, json_node_get_string (s))
                            : g_strdup_printf ("document type %s: sizes[%u] is not a string", code, k);
              add_problem (self, code, reason);
              flags = 0;
              break;
            }
          flags |= SEWA_PAGE_SIZE_FLAG (size);
        }
      g_hash_table_insert (self->doc_types, g_steal_pointer (&code), GUINT_TO_POINTER (flags));
    }
}

SewaCatalog *
sewa_catalog_new_from_bytes (GBytes *bytes, GError **error)
{
  g_autoptr (SewaCatalog) self = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *data;
  gsize len = 0;
  JsonNode *root;
  JsonObject *top;
  JsonNode *node;
  JsonArray *services;
  gint64 schema = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len > SEWA_CATALOG_MAX_BYTES)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_TOO_LARGE,
                   "catalog is %" G_GSIZE_FORMAT " bytes, more than the %d MB a catalog may be",
                   len, SEWA_CATALOG_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (len == 0 || !sewa_json_depth_ok (data, len, SEWA_JSON_MAX_DEPTH))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_NOT_JSON,
                   "catalog is empty or nested too deeply");
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_NOT_JSON,
                   "catalog is not JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_SCHEMA, "catalog is not an object");
      return NULL;
    }
  top = json_node_get_object (root);
  if (!sewa_json_get_int (top, "schema", 1, 1, &schema, "catalog", NULL) || schema != 1)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_SCHEMA,
                   "catalog: \"schema\" must be 1");
      return NULL;
    }

  self = g_object_new (SEWA_TYPE_CATALOG, NULL);
  self->hash = sha256_hex (data, len);
  if (!sewa_json_get_string (top, "version", &self->version, "catalog", &local_error))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_SCHEMA, "%s", local_error->message);
      return NULL;
    }

  node = json_object_get_member (top, "departments");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_SCHEMA,
                   "catalog: \"departments\" must be an array");
      return NULL;
    }
  parse_departments (self, json_node_get_array (node));

  node = json_object_get_member (top, "document_types");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > MAX_DOCUMENT_TYPES)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_SCHEMA,
                       "catalog: \"document_types\" must be an array of at most %d", MAX_DOCUMENT_TYPES);
          return NULL;
        }
      parse_document_types (self, json_node_get_array (node));
    }

  node = json_object_get_member (top, "services");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_SCHEMA,
                   "catalog: \"services\" must be an array");
      return NULL;
    }
  services = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonNode *snode = json_array_get_element (services, i);
      g_autoptr (GError) service_error = NULL;
      g_autoptr (SewaService) service = parse_service (snode, self->departments_by_id, self->doc_types, &service_error);
      g_autofree char *label = NULL;

      if (service == NULL)
        {
          JsonObject *sobj = JSON_NODE_HOLDS_OBJECT (snode) ? json_node_get_object (snode) : NULL;
          JsonNode *id_node = sobj != NULL ? json_object_get_member (sobj, "id") : NULL;
          const char *id = NULL;

          if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node) &&
              json_node_get_value_type (id_node) == G_TYPE_STRING)
            id = json_node_get_string (id_node);

          label = sewa_id_is_valid (id) ? g_strdup (id) : g_strdup_printf ("services[%u]", i);
          add_problem (self, label, service_error->message);
          continue;
        }
      if (g_hash_table_contains (self->services_by_id, service->id))
        {
          add_problem (self, service->id, "duplicate service id (the first one is kept)");
          continue;
        }
      g_hash_table_insert (self->services_by_id, service->id, service);
      g_list_store_append (self->services, service);
      SEWA_DEPARTMENT (g_hash_table_lookup (self->departments_by_id, service->department_id))->n_services++;
    }
  return g_steal_pointer (&self);
}

SewaCatalog *
sewa_catalog_new_from_file (const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  char *data = NULL;
  gsize len = 0;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  /* Refused before it is read: a huge file must not cost its size in memory first. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > SEWA_CATALOG_MAX_BYTES)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_TOO_LARGE,
                   "%s is %" G_GINT64_FORMAT " bytes, more than the %d MB a catalog may be",
                   path, (gint64) st.st_size, SEWA_CATALOG_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (data, len);
  return sewa_catalog_new_from_bytes (bytes, error);
}

const char *
sewa_catalog_get_version (SewaCatalog *self)
{
  g_return_val_if_fail (SEWA_IS_CATALOG (self), NULL);
  return self->version;
}

const char *
sewa_catalog_get_hash (SewaCatalog *self)
{
  g_return_val_if_fail (SEWA_IS_CATALOG (self), NULL);
  return self->hash;
}

GListModel *
sewa_catalog_get_departments (SewaCatalog *self)
{
  g_return_val_if_fail (SEWA_IS_CATALOG (self), NULL);
  return G_LIST_MODEL (self->departments);
}

GListModel *
sewa_catalog_get_services (SewaCatalog *self)
{
  g_return_val_if_fail (SEWA_IS_CATALOG (self), NULL);
  return G_LIST_MODEL (self->services);
}

GListModel *
sewa_catalog_list_services (SewaCatalog *self, const char *department_id)
{
  GListStore *store = g_list_store_new (SEWA_TYPE_SERVICE);
  guint n;

  g_return_val_if_fail (SEWA_IS_CATALOG (self), G_LIST_MODEL (store));
  g_return_val_if_fail (department_id != NULL, G_LIST_MODEL (store));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SewaService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);
      if (g_str_equal (service->department_id, department_id))
        g_list_store_append (store, service);
    }
  return G_LIST_MODEL (store);
}

SewaService *
sewa_catalog_lookup_service (SewaCatalog *self, const char *service_id)
{
  g_return_val_if_fail (SEWA_IS_CATALOG (self), NULL);
  if (service_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->services_by_id, service_id);
}

SewaDepartment *
sewa_catalog_lookup_department (SewaCatalog *self, const char *department_id)
{
  g_return_val_if_fail (SEWA_IS_CATALOG (self), NULL);
  if (department_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->departments_by_id, department_id);
}

GPtrArray *
sewa_catalog_get_problems (SewaCatalog *self)
{
  g_return_val_if_fail (SEWA_IS_CATALOG (self), NULL);
  return self->problems;
}
