/* sewa-form.c — form definitions (strict parsing), values, show-if and prefill. */
#define G_LOG_DOMAIN "sewa-form"

#include "sewa-form.h"
#include "sewa-catalog-private.h"
#include "sewa-district.h"
#include "sewa-validate.h"
#include "sewa-verhoeff.h"

#include <string.h>

static const char *const field_type_names[SEWA_N_FIELD_TYPES] = {
  [SEWA_FIELD_TYPE_TEXT] = "text",
  [SEWA_FIELD_TYPE_NAME] = "name",
  [SEWA_FIELD_TYPE_DATE] = "date",
  [SEWA_FIELD_TYPE_MOBILE] = "mobile",
  [SEWA_FIELD_TYPE_AADHAAR] = "aadhaar",
  [SEWA_FIELD_TYPE_PINCODE] = "pincode",
  [SEWA_FIELD_TYPE_EMAIL] = "email",
  [SEWA_FIELD_TYPE_NUMBER] = "number",
  [SEWA_FIELD_TYPE_SELECT] = "select",
  [SEWA_FIELD_TYPE_DISTRICT] = "district",
  [SEWA_FIELD_TYPE_YESNO] = "yesno",
  [SEWA_FIELD_TYPE_CONSENT] = "consent",
};

gboolean
sewa_field_type_from_string (const char *name, SewaFieldType *out_type)
{
  for (guint i = 0; name != NULL && i < SEWA_N_FIELD_TYPES; i++)
    if (g_str_equal (name, field_type_names[i]))
      {
        if (out_type != NULL)
          *out_type = (SewaFieldType) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sewa_field_type_to_string (SewaFieldType type)
{
  g_return_val_if_fail (type < SEWA_N_FIELD_TYPES, "text");
  return field_type_names[type];
}

const char *
sewa_text_get (const SewaText *text, SewaLang lang)
{
  if (text == NULL)
    return "";
  return sewa_lang_pick (lang, text->pa, text->hi, text->en);
}

/* ---- parsing --------------------------------------------------------------------------- */

static void
option_free (SewaFormOption *option)
{
  g_free (option->value);
  sewa_text_clear (&option->label);
  g_free (option);
}

static void
field_free (SewaFormField *field)
{
  g_free (field->id);
  sewa_text_clear (&field->label);
  sewa_text_clear (&field->help);
  g_clear_pointer (&field->options, g_ptr_array_unref);
  g_clear_pointer (&field->show_if, sewa_show_if_free);
  g_free (field->prefill);
  g_free (field);
}

static void
section_free (SewaFormSection *section)
{
  g_free (section->id);
  sewa_text_clear (&section->title);
  g_clear_pointer (&section->fields, g_ptr_array_unref);
  g_free (section);
}

void
sewa_form_free (SewaForm *form)
{
  if (form == NULL)
    return;
  g_clear_pointer (&form->fields_by_id, g_hash_table_unref);
  g_clear_pointer (&form->sections, g_ptr_array_unref);
  g_free (form);
}

/* Which optional keys each type accepts; anything else is a schema error, because a key the
 * kiosk ignores is a rule the portal meant and the kiosk would not enforce. */
static gboolean
type_allows (SewaFieldType type, const char *key)
{
  switch (type)
    {
    case SEWA_FIELD_TYPE_TEXT:
    case SEWA_FIELD_TYPE_NAME:
      return g_str_equal (key, "min_length") || g_str_equal (key, "max_length");
    case SEWA_FIELD_TYPE_DATE:
      return g_str_equal (key, "min") || g_str_equal (key, "max") || g_str_equal (key, "not_future");
    case SEWA_FIELD_TYPE_NUMBER:
      return g_str_equal (key, "min") || g_str_equal (key, "max");
    case SEWA_FIELD_TYPE_SELECT:
      return g_str_equal (key, "options");
    case SEWA_FIELD_TYPE_MOBILE:
    case SEWA_FIELD_TYPE_AADHAAR:
    case SEWA_FIELD_TYPE_PINCODE:
    case SEWA_FIELD_TYPE_EMAIL:
    case SEWA_FIELD_TYPE_DISTRICT:
    case SEWA_FIELD_TYPE_YESNO:
    case SEWA_FIELD_TYPE_CONSENT:
    case SEWA_N_FIELD_TYPES:
    default:
      return FALSE;
    }
}

static gboolean
parse_date_bound (JsonObject *obj, const char *key, guint32 *out, const char *what,
                  GError **error)
{
  g_autofree char *text = NULL;
  GDate date;

  if (!json_object_has_member (obj, key))
    return TRUE;
  if (!sewa_json_get_string (obj, key, &text, what, error))
    return FALSE;
  if (!sewa_parse_date (text, &date))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: \"%s\" is not a DD-MM-YYYY date", what, key);
      return FALSE;
    }
  *out = g_date_get_julian (&date);
  return TRUE;
}

static GPtrArray *
parse_options (JsonObject *obj, const char *what, GError **error)
{
  static const char *const option_keys[] = { "value", "label", NULL };
  JsonNode *node = json_object_get_member (obj, "options");
  g_autoptr (GPtrArray) options = g_ptr_array_new_with_free_func ((GDestroyNotify) option_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: select needs an \"options\" array", what);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 || json_array_get_length (array) > SEWA_FORM_MAX_OPTIONS)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: select needs 1–%d options", what, SEWA_FORM_MAX_OPTIONS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *onode = json_array_get_element (array, i);
      g_autofree char *owhat = g_strdup_printf ("%s option %u", what, i);
      SewaFormOption *option;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (onode))
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: not an object", owhat);
          return NULL;
        }
      o = json_node_get_object (onode);
      if (!sewa_json_check_keys (o, option_keys, owhat, error))
        return NULL;
      option = g_new0 (SewaFormOption, 1);
      g_ptr_array_add (options, option);
      if (!sewa_json_get_id (o, "value", &option->value, owhat, error) ||
          !sewa_json_get_text (o, "label", TRUE, &option->label, owhat, error))
        return NULL;
      if (!g_hash_table_add (seen, option->value))
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: duplicate value \"%s\"", owhat, option->value);
          return NULL;
        }
    }
  return g_steal_pointer (&options);
}

static SewaFormField *
parse_field (JsonNode *node, SewaForm *form, const char *section_what, guint index,
             GError **error)
{
  static const char *const field_keys[] = {
    "id", "type", "label", "help", "required", "min_length", "max_length", "min", "max",
    "not_future", "options", "show_if", "prefill", NULL
  };
  static const char *const common_keys[] = { "id", "type", "label", "help", "required",
                                             "show_if", "prefill", NULL };
  g_autoptr (GList) members = NULL;
  g_autofree char *what = NULL;
  g_autofree char *type_name = NULL;
  SewaFormField *field;
  JsonObject *obj;
  gint64 n;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s field %u: not an object", section_what, index);
      return NULL;
    }
  obj = json_node_get_object (node);
  what = g_strdup_printf ("%s field %u", section_what, index);
  if (!sewa_json_check_keys (obj, field_keys, what, error))
    return NULL;

  field = g_new0 (SewaFormField, 1);
  if (!sewa_json_get_id (obj, "id", &field->id, what, error))
    goto fail;
  g_free (what);
  what = g_strdup_printf ("%s field \"%s\"", section_what, field->id);

  if (!sewa_json_get_string (obj, "type", &type_name, what, error))
    goto fail;
  if (!sewa_field_type_from_string (type_name, &field->type))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: unknown field type \"%.32s\"", what, type_name);
      goto fail;
    }

  /* Keys that exist but do not belong to this type. */
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (g_strv_contains (common_keys, l->data) || type_allows (field->type, l->data))
        continue;
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "%s: key \"%s\" does not apply to type %s", what, (const char *) l->data,
                   type_name);
      goto fail;
    }

  if (!sewa_json_get_text (obj, "label", TRUE, &field->label, what, error) ||
      !sewa_json_get_text (obj, "help", FALSE, &field->help, what, error) ||
      !sewa_json_get_bool (obj, "required", &field->required, what, error))
    goto fail;

  switch (field->type)
    {
    case SEWA_FIELD_TYPE_TEXT:
    case SEWA_FIELD_TYPE_NAME:
      n = field->type == SEWA_FIELD_TYPE_NAME ? 2 : 0;
      if (!sewa_json_get_int (obj, "min_length", 0, 1000, &n, what, error))
        goto fail;
      field->min_length = (guint) n;
      n = field->type == SEWA_FIELD_TYPE_NAME ? 100 : 200;
      if (!sewa_json_get_int (obj, "max_length", 1, 1000, &n, what, error))
        goto fail;
      field->max_length = (guint) n;
      if (field->min_length > field->max_length)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: min_length above max_length", what);
          goto fail;
        }
      break;
    case SEWA_FIELD_TYPE_NUMBER:
      field->has_min = json_object_has_member (obj, "min");
      field->has_max = json_object_has_member (obj, "max");
      if (!sewa_json_get_int (obj, "min", -G_GINT64_CONSTANT (999999999999999),
                              G_GINT64_CONSTANT (999999999999999), &field->min, what, error) ||
          !sewa_json_get_int (obj, "max", -G_GINT64_CONSTANT (999999999999999),
                              G_GINT64_CONSTANT (999999999999999), &field->max, what, error))
        goto fail;
      if (field->has_min && field->has_max && field->min > field->max)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: min above max", what);
          goto fail;
        }
      break;
    case SEWA_FIELD_TYPE_DATE:
      if (!parse_date_bound (obj, "min", &field->min_julian, what, error) ||
          !parse_date_bound (obj, "max", &field->max_julian, what, error) ||
          !sewa_json_get_bool (obj, "not_future", &field->not_future, what, error))
        goto fail;
      if (field->min_julian != 0 && field->max_julian != 0 && field->min_julian > field->max_julian)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: min after max", what);
          goto fail;
        }
      break;
    case SEWA_FIELD_TYPE_SELECT:
      field->options = parse_options (obj, what, error);
      if (field->options == NULL)
        goto fail;
      break;
    case SEWA_FIELD_TYPE_MOBILE:
    case SEWA_FIELD_TYPE_AADHAAR:
    case SEWA_FIELD_TYPE_PINCODE:
    case SEWA_FIELD_TYPE_EMAIL:
    case SEWA_FIELD_TYPE_DISTRICT:
    case SEWA_FIELD_TYPE_YESNO:
    case SEWA_FIELD_TYPE_CONSENT:
    case SEWA_N_FIELD_TYPES:
    default:
      break;
    }

  if (json_object_has_member (obj, "prefill"))
    {
      if (!sewa_json_get_string (obj, "prefill", &field->prefill, what, error))
        goto fail;
      if (!sewa_identity_key_is_valid (field->prefill))
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: unknown prefill key \"%.40s\"", what, field->prefill);
          goto fail;
        }
    }

  if (json_object_has_member (obj, "show_if"))
    {
      const SewaFormField *target;

      field->show_if = sewa_show_if_parse (json_object_get_member (obj, "show_if"), what, error);
      if (field->show_if == NULL)
        goto fail;
      /* Only fields defined earlier: that rules out cycles and keeps pages readable. */
      target = g_hash_table_lookup (form->fields_by_id, field->show_if->field);
      if (target == NULL)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: show_if refers to \"%s\", which is not an earlier field", what,
                       field->show_if->field);
          goto fail;
        }
    }
  return field;

fail:
  field_free (field);
  return NULL;
}

SewaForm *
sewa_form_new_from_json (JsonNode *node, GError **error)
{
  static const char *const form_keys[] = { "sections", NULL };
  static const char *const section_keys[] = { "id", "title", "fields", NULL };
  g_autoptr (SewaForm) form = NULL;
  g_autoptr (GHashTable) section_ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *obj;
  JsonNode *sections_node;
  JsonArray *sections;
  guint n_fields = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "form: not an object");
      return NULL;
    }
  obj = json_node_get_object (node);
  if (!sewa_json_check_keys (obj, form_keys, "form", error))
    return NULL;
  sections_node = json_object_get_member (obj, "sections");
  if (sections_node == NULL || !JSON_NODE_HOLDS_ARRAY (sections_node))
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "form: \"sections\" must be an array");
      return NULL;
    }
  sections = json_node_get_array (sections_node);
  if (json_array_get_length (sections) == 0 || json_array_get_length (sections) > SEWA_FORM_MAX_SECTIONS)
    {
      g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                   "form: needs 1–%d sections", SEWA_FORM_MAX_SECTIONS);
      return NULL;
    }

  form = g_new0 (SewaForm, 1);
  form->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  form->fields_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint s = 0; s < json_array_get_length (sections); s++)
    {
      JsonNode *snode = json_array_get_element (sections, s);
      g_autofree char *what = g_strdup_printf ("form section %u", s);
      SewaFormSection *section;
      JsonObject *sobj;
      JsonNode *fields_node;
      JsonArray *fields;

      if (!JSON_NODE_HOLDS_OBJECT (snode))
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "%s: not an object", what);
          return NULL;
        }
      sobj = json_node_get_object (snode);
      if (!sewa_json_check_keys (sobj, section_keys, what, error))
        return NULL;
      section = g_new0 (SewaFormSection, 1);
      section->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
      g_ptr_array_add (form->sections, section);
      if (!sewa_json_get_id (sobj, "id", &section->id, what, error))
        return NULL;
      g_free (what);
      what = g_strdup_printf ("form section \"%s\"", section->id);
      if (!g_hash_table_add (section_ids, section->id))
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID, "%s: duplicate id", what);
          return NULL;
        }
      if (!sewa_json_get_text (sobj, "title", TRUE, &section->title, what, error))
        return NULL;
      fields_node = json_object_get_member (sobj, "fields");
      if (fields_node == NULL || !JSON_NODE_HOLDS_ARRAY (fields_node) ||
          json_array_get_length (json_node_get_array (fields_node)) == 0)
        {
          g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                       "%s: \"fields\" must be a non-empty array", what);
          return NULL;
        }
      fields = json_node_get_array (fields_node);
      for (guint f = 0; f < json_array_get_length (fields); f++)
        {
          SewaFormField *field;

          if (++n_fields > SEWA_FORM_MAX_FIELDS)
            {
              g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                           "form: more than %d fields", SEWA_FORM_MAX_FIELDS);
              return NULL;
            }
          field = parse_field (json_array_get_element (fields, f), form, what, f, error);
          if (field == NULL)
            return NULL;
          g_ptr_array_add (section->fields, field);
          if (!g_hash_table_insert (form->fields_by_id, field->id, field))
            {
              g_set_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_INVALID,
                           "%s: duplicate field id \"%s\"", what, field->id);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&form);
}

const SewaFormField *
sewa_form_lookup_field (const SewaForm *form, const char *field_id)
{
  g_return_val_if_fail (form != NULL, NULL);
  if (field_id == NULL)
    return NULL;
  return g_hash_table_lookup (form->fields_by_id, field_id);
}

const SewaFormOption *
sewa_form_field_lookup_option (const SewaFormField *field, const char *value)
{
  g_return_val_if_fail (field != NULL, NULL);
  if (field->options == NULL || value == NULL)
    return NULL;
  for (guint i = 0; i < field->options->len; i++)
    {
      const SewaFormOption *option = g_ptr_array_index (field->options, i);
      if (g_str_equal (option->value, value))
        return option;
    }
  return NULL;
}

guint
sewa_form_n_fields (const SewaForm *form)
{
  g_return_val_if_fail (form != NULL, 0);
  return g_hash_table_size (form->fields_by_id);
}

/* ---- values ---------------------------------------------------------------------------- */

struct _SewaFormValues
{
  GHashTable *map; /* field id → value, both owned */
};

static void
wipe_free (gpointer data)
{
  char *s = data;

  if (s != NULL)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

SewaFormValues *
sewa_form_values_new (void)
{
  SewaFormValues *values = g_new0 (SewaFormValues, 1);

  values->map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  return values;
}

void
sewa_form_values_free (SewaFormValues *values)
{
  if (values == NULL)
    return;
  g_hash_table_unref (values->map);
  g_free (values);
}

void
sewa_form_values_set (SewaFormValues *values, const char *field_id, const char *value)
{
  g_return_if_fail (values != NULL);
  g_return_if_fail (field_id != NULL);

  if (value == NULL || *value == '\0')
    g_hash_table_remove (values->map, field_id);
  else
    g_hash_table_insert (values->map, g_strdup (field_id), g_strdup (value));
}

const char *
sewa_form_values_get (const SewaFormValues *values, const char *field_id)
{
  g_return_val_if_fail (values != NULL, NULL);
  if (field_id == NULL)
    return NULL;
  return g_hash_table_lookup (values->map, field_id);
}

guint
sewa_form_values_size (const SewaFormValues *values)
{
  g_return_val_if_fail (values != NULL, 0);
  return g_hash_table_size (values->map);
}

void
sewa_form_values_clear (SewaFormValues *values)
{
  g_return_if_fail (values != NULL);
  g_hash_table_remove_all (values->map);
}

static gint
compare_ids (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
sewa_form_values_get_ids (const SewaFormValues *values)
{
  g_autofree gpointer *keys = NULL;
  guint n = 0;
  char **ids;

  g_return_val_if_fail (values != NULL, NULL);
  keys = g_hash_table_get_keys_as_array (values->map, &n);
  ids = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    ids[i] = g_strdup (keys[i]);
  g_qsort_with_data (ids, (gint) n, sizeof (char *), compare_ids, NULL);
  return ids;
}

SewaFieldError
sewa_form_values_set_aadhaar (SewaFormValues *values, const char *field_id, const char *digits)
{
  char clean[13];
  char masked[13];
  gsize n = 0;
  SewaFieldError code = SEWA_FIELD_OK;

  g_return_val_if_fail (values != NULL, SEWA_FIELD_ERROR_REQUIRED);
  g_return_val_if_fail (field_id != NULL, SEWA_FIELD_ERROR_REQUIRED);

  g_hash_table_remove (values->map, field_id);
  if (digits == NULL || *digits == '\0')
    return SEWA_FIELD_ERROR_REQUIRED;

  /* Spaces and hyphens as printed on the card ("1234 5678 9012") are allowed. */
  for (const char *p = digits; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (*p < '0' || *p > '9' || n >= 12)
        {
          code = SEWA_FIELD_ERROR_AADHAAR_LENGTH;
          break;
        }
      clean[n++] = *p;
    }
  if (code == SEWA_FIELD_OK && n != 12)
    code = SEWA_FIELD_ERROR_AADHAAR_LENGTH;
  if (code == SEWA_FIELD_OK && (clean[0] == '0' || clean[0] == '1'))
    code = SEWA_FIELD_ERROR_AADHAAR_FIRST_DIGIT;
  if (code == SEWA_FIELD_OK && !sewa_verhoeff_validate (clean, 12))
    code = SEWA_FIELD_ERROR_AADHAAR_CHECKSUM;
  if (code == SEWA_FIELD_OK)
    {
      memcpy (masked, "XXXXXXXX", 8);
      memcpy (masked + 8, clean + 8, 4);
      masked[12] = '\0';
      g_hash_table_insert (values->map, g_strdup (field_id), g_strdup (masked));
    }
  explicit_bzero (clean, sizeof clean);
  return code;
}

/* ---- show-if --------------------------------------------------------------------------- */

gboolean
sewa_form_field_is_visible (const SewaForm *form, const SewaFormField *field,
                            const SewaFormValues *values)
{
  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  /* The parser only lets show-if point at earlier fields, so this chain ends. */
  while (field->show_if != NULL)
    {
      const SewaFormField *target = sewa_form_lookup_field (form, field->show_if->field);

      if (target == NULL)
        return FALSE;
      if (!sewa_show_if_matches (field->show_if, sewa_form_values_get (values, target->id)))
        return FALSE;
      field = target;
    }
  return TRUE;
}

GPtrArray *
sewa_form_section_visible_fields (const SewaForm *form, guint section_index,
                                  const SewaFormValues *values)
{
  GPtrArray *out = g_ptr_array_new ();
  const SewaFormSection *section;

  g_return_val_if_fail (form != NULL, out);
  g_return_val_if_fail (values != NULL, out);
  g_return_val_if_fail (section_index < form->sections->len, out);

  section = g_ptr_array_index (form->sections, section_index);
  for (guint i = 0; i < section->fields->len; i++)
    {
      SewaFormField *field = g_ptr_array_index (section->fields, i);
      if (sewa_form_field_is_visible (form, field, values))
        g_ptr_array_add (out, field);
    }
  return out;
}

void
sewa_form_values_prune_hidden (const SewaForm *form, SewaFormValues *values)
{
  g_autoptr (GPtrArray) hidden = g_ptr_array_new ();

  g_return_if_fail (form != NULL);
  g_return_if_fail (values != NULL);

  /* Decide every field against the values as they are, then remove: removing as we go would
   * let the order of the loop change what counts as hidden. */
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *section = g_ptr_array_index (form->sections, s);
      for (guint i = 0; i < section->fields->len; i++)
        {
          SewaFormField *field = g_ptr_array_index (section->fields, i);
          if (!sewa_form_field_is_visible (form, field, values))
            g_ptr_array_add (hidden, field->id);
        }
    }
  for (guint i = 0; i < hidden->len; i++)
    g_hash_table_remove (values->map, g_ptr_array_index (hidden, i));
  /* Values for ids the form does not have are dropped as well. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, values->map);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (sewa_form_lookup_field (form, key) == NULL)
        g_hash_table_iter_remove (&iter);
  }
}

/* ---- prefill --------------------------------------------------------------------------- */

/* The value IDENTITY gives for FIELD, converted to the field's stored format, or NULL. */
static char *
prefill_value (const SewaFormField *field, const SewaIdentity *identity)
{
  const char *raw = sewa_identity_get (identity, field->prefill);

  if (raw == NULL || *raw == '\0')
    return NULL;
  switch (field->type)
    {
    case SEWA_FIELD_TYPE_DISTRICT:
      {
        const SewaDistrict *district = sewa_district_lookup (raw);
        return district != NULL ? g_strdup (district->code) : NULL;
      }
    case SEWA_FIELD_TYPE_AADHAAR:
      if (strlen (raw) == 4 && g_ascii_isdigit (raw[0]) && g_ascii_isdigit (raw[1]) &&
          g_ascii_isdigit (raw[2]) && g_ascii_isdigit (raw[3]))
        return g_strconcat ("XXXXXXXX", raw, NULL);
      return NULL;
    case SEWA_FIELD_TYPE_SELECT:
      /* Aadhaar genders are M/F/T; a catalog may use those values or lowercase words. */
      if (sewa_form_field_lookup_option (field, raw) != NULL)
        return g_strdup (raw);
      {
        g_autofree char *lower = g_ascii_strdown (raw, -1);
        if (sewa_form_field_lookup_option (field, lower) != NULL)
          return g_steal_pointer (&lower);
      }
      return NULL;
    case SEWA_FIELD_TYPE_TEXT:
    case SEWA_FIELD_TYPE_NAME:
    case SEWA_FIELD_TYPE_DATE:
    case SEWA_FIELD_TYPE_MOBILE:
    case SEWA_FIELD_TYPE_PINCODE:
    case SEWA_FIELD_TYPE_EMAIL:
    case SEWA_FIELD_TYPE_NUMBER:
    case SEWA_FIELD_TYPE_YESNO:
    case SEWA_FIELD_TYPE_CONSENT:
    case SEWA_N_FIELD_TYPES:
    default:
      return g_strdup (raw);
    }
}

guint
sewa_form_prefill (const SewaForm *form, SewaFormValues *values, const SewaIdentity *identity)
{
  guint filled = 0;

  g_return_val_if_fail (form != NULL, 0);
  g_return_val_if_fail (values != NULL, 0);
  g_return_val_if_fail (identity != NULL, 0);

  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *section = g_ptr_array_index (form->sections, s);
      for (guint i = 0; i < section->fields->len; i++)
        {
          const SewaFormField *field = g_ptr_array_index (section->fields, i);
          g_autofree char *value = NULL;
          SewaFieldError code;

          if (field->prefill == NULL || field->type == SEWA_FIELD_TYPE_CONSENT ||
              sewa_form_values_get (values, field->id) != NULL)
            continue;
          value = prefill_value (field, identity);
          if (value == NULL)
            continue;
          /* A prefilled value the citizen would then be told is wrong helps nobody; a
           * warning (pincode outside Punjab) is still fine. */
          code = sewa_validate_field (field, value, NULL);
          if (code != SEWA_FIELD_OK && !sewa_field_error_is_warning (code))
            {
              explicit_bzero (value, strlen (value));
              continue;
            }
          g_hash_table_insert (values->map, g_strdup (field->id), g_steal_pointer (&value));
          filled++;
        }
    }
  return filled;
}

SewaIdentity *
sewa_form_extract_identity (const SewaForm *form, const SewaFormValues *values)
{
  SewaIdentity *identity = sewa_identity_new (SEWA_IDENTITY_SOURCE_EARLIER_APPLICATION);

  g_return_val_if_fail (form != NULL, identity);
  g_return_val_if_fail (values != NULL, identity);

  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *section = g_ptr_array_index (form->sections, s);
      for (guint i = 0; i < section->fields->len; i++)
        {
          const SewaFormField *field = g_ptr_array_index (section->fields, i);
          const char *value = sewa_form_values_get (values, field->id);

          if (field->prefill == NULL || value == NULL)
            continue;
          if (field->type == SEWA_FIELD_TYPE_AADHAAR)
            {
              if (strlen (value) == 12)
                sewa_identity_set (identity, field->prefill, value + 8);
            }
          else if (field->type == SEWA_FIELD_TYPE_DISTRICT)
            {
              const SewaDistrict *district = sewa_district_lookup (value);
              if (district != NULL)
                sewa_identity_set (identity, field->prefill, district->en);
            }
          else
            sewa_identity_set (identity, field->prefill, value);
        }
    }
  return identity;
}

JsonNode *
sewa_form_values_to_json (const SewaForm *form, const SewaFormValues *values)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  json_builder_begin_object (builder);
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *section = g_ptr_array_index (form->sections, s);
      for (guint i = 0; i < section->fields->len; i++)
        {
          const SewaFormField *field = g_ptr_array_index (section->fields, i);
          const char *value = sewa_form_values_get (values, field->id);

          if (value == NULL || !sewa_form_field_is_visible (form, field, values))
            continue;
          json_builder_set_member_name (builder, field->id);
          json_builder_add_string_value (builder, value);
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
