/* sewa-prescrutiny.c — completeness, eligibility and document checks as one report. */
#include "sewa-prescrutiny.h"

#include <glib/gi18n-lib.h>
#include "sewa-catalog-private.h"
#include "sewa-validate.h"

typedef enum
{
  RULE_PASSED,
  RULE_FAILED,
  RULE_SKIPPED,   /* the field is empty or hidden, or the rule's "when" does not match */
} RuleOutcome;

typedef struct
{
  const SewaEligibilityRule *rule;  /* borrowed from the service */
  guint                      index; /* position in the catalog's rules */
  RuleOutcome                outcome;
} RuleResult;

typedef struct
{
  char     *doc_id;
  char     *type;
  gboolean  allowed;
} DocType;

struct _SewaPrescrutiny
{
  SewaService *service;             /* owned reference */
  char        *catalog_version;
  gboolean     identity_verified;
  GPtrArray   *missing_fields;      /* const SewaFormField*, borrowed from the service */
  GPtrArray   *missing_documents;   /* const SewaDocumentRequirement*, borrowed */
  GArray      *doc_types;           /* DocType, in catalog order */
  GArray      *rules;               /* RuleResult, in catalog order */
  GPtrArray   *checks;              /* SewaDocCheck*, owned copies */
};

static void
doc_type_clear (gpointer data)
{
  DocType *d = data;

  g_free (d->doc_id);
  g_free (d->type);
}

static RuleOutcome
rule_outcome (const SewaEligibilityRule *rule, const SewaForm *form, const SewaFormValues *values,
              GArray *failed)
{
  const SewaFormField *field = sewa_form_lookup_field (form, rule->field);
  const char *value = sewa_form_values_get (values, rule->field);

  for (guint i = 0; failed != NULL && i < failed->len; i++)
    if (g_array_index (failed, SewaFieldIssue, i).rule == rule)
      return RULE_FAILED;
  /* The same skip conditions as sewa_validate_eligibility(), so "passed" means it was tested. */
  if (field == NULL || value == NULL || !sewa_form_field_is_visible (form, field, values))
    return RULE_SKIPPED;
  if (rule->when != NULL &&
      !sewa_show_if_matches (rule->when, sewa_form_values_get (values, rule->when->field)))
    return RULE_SKIPPED;
  return RULE_PASSED;
}

SewaPrescrutiny *
sewa_prescrutiny_new (SewaService *service, const SewaFormValues *values, GHashTable *documents,
                      GPtrArray *checks, gboolean identity_verified, const char *catalog_version,
                      const GDate *today)
{
  SewaPrescrutiny *self;
  const SewaForm *form;
  const SewaEligibility *eligibility;
  GPtrArray *reqs;
  g_autoptr (GArray) failed = NULL;

  g_return_val_if_fail (SEWA_IS_SERVICE (service), NULL);
  g_return_val_if_fail (values != NULL, NULL);

  self = g_new0 (SewaPrescrutiny, 1);
  self->service = g_object_ref (service);
  self->catalog_version = g_strdup (catalog_version);
  self->identity_verified = identity_verified;
  self->missing_fields = g_ptr_array_new ();
  self->missing_documents = g_ptr_array_new ();
  self->doc_types = g_array_new (FALSE, TRUE, sizeof (DocType));
  g_array_set_clear_func (self->doc_types, doc_type_clear);
  self->rules = g_array_new (FALSE, TRUE, sizeof (RuleResult));
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_doc_check_free);

  /* Completeness of the form: a required field that is shown must have a value. The format of
   * each value was checked page by page; only presence matters to the report. */
  form = sewa_service_get_form (service);
  for (guint s = 0; s < form->sections->len; s++)
    {
      g_autoptr (GPtrArray) visible = sewa_form_section_visible_fields (form, s, values);

      for (guint i = 0; i < visible->len; i++)
        {
          const SewaFormField *field = g_ptr_array_index (visible, i);
          const char *value = sewa_form_values_get (values, field->id);

          if (field->required && (value == NULL || *value == '\0'))
            g_ptr_array_add (self->missing_fields, (gpointer) field);
        }
    }

  /* Documents: each required slot filled, each filled slot with one of its any_of types. */
  reqs = sewa_service_get_documents (service);
  for (guint i = 0; reqs != NULL && i < reqs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (reqs, i);
      const char *type = NULL;
      gboolean present = documents != NULL &&
                         g_hash_table_lookup_extended (documents, req->id, NULL, (gpointer *) &type);

      if (!present)
        {
          if (req->required)
            g_ptr_array_add (self->missing_documents, (gpointer) req);
          continue;
        }
      {
        DocType d = {
          .doc_id = g_strdup (req->id),
          .type = g_strdup (type != NULL ? type : ""),
          .allowed = type != NULL && g_strv_contains ((const char *const *) req->any_of, type),
        };

        g_array_append_val (self->doc_types, d);
      }
    }

  eligibility = sewa_service_get_eligibility (service);
  sewa_validate_eligibility (service, values, today, &failed);
  for (guint i = 0; eligibility->rules != NULL && i < eligibility->rules->len; i++)
    {
      const SewaEligibilityRule *rule = g_ptr_array_index (eligibility->rules, i);
      RuleResult r = { rule, i, rule_outcome (rule, form, values, failed) };

      g_array_append_val (self->rules, r);
    }

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    g_ptr_array_add (self->checks, sewa_doc_check_copy (g_ptr_array_index (checks, i)));
  return self;
}

void
sewa_prescrutiny_free (SewaPrescrutiny *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->service);
  g_free (self->catalog_version);
  g_ptr_array_unref (self->missing_fields);
  g_ptr_array_unref (self->missing_documents);
  g_array_unref (self->doc_types);
  g_array_unref (self->rules);
  g_ptr_array_unref (self->checks);
  g_free (self);
}

gboolean
sewa_prescrutiny_is_complete (const SewaPrescrutiny *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (self->missing_fields->len > 0 || self->missing_documents->len > 0)
    return FALSE;
  for (guint i = 0; i < self->doc_types->len; i++)
    if (!g_array_index (self->doc_types, DocType, i).allowed)
      return FALSE;
  return TRUE;
}

gboolean
sewa_prescrutiny_is_eligible (const SewaPrescrutiny *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  for (guint i = 0; i < self->rules->len; i++)
    if (g_array_index (self->rules, RuleResult, i).outcome == RULE_FAILED)
      return FALSE;
  return TRUE;
}

static gboolean
check_passed (const SewaDocCheck *check)
{
  return check->outcome == SEWA_DOC_CHECK_PASSED || check->outcome == SEWA_DOC_CHECK_SKIPPED;
}

gboolean
sewa_prescrutiny_all_passed (const SewaPrescrutiny *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (!sewa_prescrutiny_is_complete (self) || !sewa_prescrutiny_is_eligible (self))
    return FALSE;
  for (guint i = 0; i < self->checks->len; i++)
    if (!check_passed (g_ptr_array_index (self->checks, i)))
      return FALSE;
  return TRUE;
}

char *
sewa_prescrutiny_explain_ineligible (const SewaPrescrutiny *self, SewaLang lang)
{
  g_autoptr (GString) s = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->rules->len; i++)
    {
      const RuleResult *r = &g_array_index (self->rules, RuleResult, i);

      if (r->outcome != RULE_FAILED)
        continue;
      if (s == NULL)
        s = g_string_new (NULL);
      else
        g_string_append_c (s, '\n');
      g_string_append (s, sewa_text_get (&r->rule->message, lang));
    }
  if (s == NULL)
    return NULL;
  g_string_append_c (s, '\n');
  g_string_append (s, _("You may still apply. An officer will look at your application and decide."));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_line (GPtrArray *lines, gboolean ok, char *text)
{
  SewaPrescrutinyLine *line = g_new0 (SewaPrescrutinyLine, 1);

  line->ok = ok;
  line->text = text;
  g_ptr_array_add (lines, line);
}

static void
line_free (gpointer data)
{
  SewaPrescrutinyLine *line = data;

  g_free (line->text);
  g_free (line);
}

static const SewaDocumentRequirement *
lookup_requirement (SewaService *service, const char *doc_id)
{
  GPtrArray *reqs = sewa_service_get_documents (service);

  for (guint i = 0; reqs != NULL && i < reqs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (reqs, i);

      if (g_strcmp0 (req->id, doc_id) == 0)
        return req;
    }
  return NULL;
}

GPtrArray *
sewa_prescrutiny_describe (const SewaPrescrutiny *self, SewaLang lang)
{
  GPtrArray *lines;

  g_return_val_if_fail (self != NULL, NULL);
  lines = g_ptr_array_new_with_free_func (line_free);

  for (guint i = 0; i < self->missing_fields->len; i++)
    {
      const SewaFormField *field = g_ptr_array_index (self->missing_fields, i);

      add_line (lines, FALSE, g_strdup_printf (_("“%s” is not filled in."),
                                               sewa_text_get (&field->label, lang)));
    }
  for (guint i = 0; i < self->missing_documents->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (self->missing_documents, i);

      add_line (lines, FALSE, g_strdup_printf (_("%s is missing."), sewa_text_get (&req->label, lang)));
    }
  for (guint i = 0; i < self->doc_types->len; i++)
    {
      const DocType *d = &g_array_index (self->doc_types, DocType, i);
      const SewaDocumentRequirement *req = lookup_requirement (self->service, d->doc_id);

      if (!d->allowed && req != NULL)
        add_line (lines, FALSE, g_strdup_printf (_("The document given for %s is not one of the kinds it accepts."),
                                                 sewa_text_get (&req->label, lang)));
    }
  if (sewa_prescrutiny_is_complete (self))
    add_line (lines, TRUE, g_strdup (_("Every required detail and document is there.")));

  for (guint i = 0; i < self->rules->len; i++)
    {
      const RuleResult *r = &g_array_index (self->rules, RuleResult, i);

      if (r->outcome == RULE_FAILED)
        add_line (lines, FALSE, g_strdup_printf (_("%s You may still apply; an officer will decide."),
                                                 sewa_text_get (&r->rule->message, lang)));
    }
  if (self->rules->len > 0 && sewa_prescrutiny_is_eligible (self))
    add_line (lines, TRUE, g_strdup (_("You seem to meet the conditions of this service.")));

  for (guint i = 0; i < self->checks->len; i++)
    {
      const SewaDocCheck *check = g_ptr_array_index (self->checks, i);
      const SewaDocumentRequirement *req = lookup_requirement (self->service, check->doc_id);

      /* A document whose check is still running or was skipped has nothing to say yet. */
      if (req == NULL || check->outcome == SEWA_DOC_CHECK_PENDING || check->outcome == SEWA_DOC_CHECK_SKIPPED)
        continue;
      add_line (lines, check->outcome == SEWA_DOC_CHECK_PASSED,
                sewa_doc_check_describe (check, sewa_text_get (&req->label, lang), lang));
    }
  return lines;
}

static const char *
rule_test (const SewaEligibilityRule *rule)
{
  if (rule->allowed != NULL)
    return "in";
  if (rule->min_age >= 0 || rule->max_age >= 0)
    return "age";
  return "range";
}

static const char *
rule_outcome_to_string (RuleOutcome outcome)
{
  switch (outcome)
    {
    case RULE_PASSED: return "passed";
    case RULE_FAILED: return "failed";
    case RULE_SKIPPED: return "skipped";
    default: g_return_val_if_reached ("skipped");
    }
}

JsonNode *
sewa_prescrutiny_to_json (const SewaPrescrutiny *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, SEWA_PRESCRUTINY_VERSION);
  json_builder_set_member_name (b, "checks_ran");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "completeness");
  json_builder_add_string_value (b, "eligibility");
  if (self->checks->len > 0)
    json_builder_add_string_value (b, "documents");
  json_builder_end_array (b);
  json_builder_set_member_name (b, "all_passed");
  json_builder_add_boolean_value (b, sewa_prescrutiny_all_passed (self));
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, sewa_prescrutiny_is_complete (self));
  json_builder_set_member_name (b, "eligible");
  json_builder_add_boolean_value (b, sewa_prescrutiny_is_eligible (self));
  json_builder_set_member_name (b, "identity_verified");
  json_builder_add_boolean_value (b, self->identity_verified);

  json_builder_set_member_name (b, "missing_fields");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->missing_fields->len; i++)
    json_builder_add_string_value (b, ((const SewaFormField *) g_ptr_array_index (self->missing_fields, i))->id);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "missing_documents");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->missing_documents->len; i++)
    json_builder_add_string_value (b, ((const SewaDocumentRequirement *) g_ptr_array_index (self->missing_documents, i))->id);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "document_types");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->doc_types->len; i++)
    {
      const DocType *d = &g_array_index (self->doc_types, DocType, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "document");
      json_builder_add_string_value (b, d->doc_id);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, d->type);
      json_builder_set_member_name (b, "allowed");
      json_builder_add_boolean_value (b, d->allowed);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "eligibility");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->rules->len; i++)
    {
      const RuleResult *r = &g_array_index (self->rules, RuleResult, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, r->rule->field);
      json_builder_set_member_name (b, "rule");
      json_builder_add_int_value (b, r->index);
      json_builder_set_member_name (b, "test");
      json_builder_add_string_value (b, rule_test (r->rule));
      json_builder_set_member_name (b, "outcome");
      json_builder_add_string_value (b, rule_outcome_to_string (r->outcome));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "document_checks");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->checks->len; i++)
    json_builder_add_value (b, sewa_doc_check_to_json (g_ptr_array_index (self->checks, i)));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "data_versions");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "catalog");
  if (self->catalog_version != NULL)
    json_builder_add_string_value (b, self->catalog_version);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "service");
  json_builder_add_string_value (b, sewa_service_get_version (self->service));
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
