/* sewa-doc-check.c — one document's pre-scrutiny outcome: lifecycle, JSON and plain words. */
#include "sewa-doc-check.h"

#include <glib/gi18n-lib.h>

SewaDocCheck *
sewa_doc_check_new (const char *doc_id, const char *expected_type)
{
  SewaDocCheck *check = g_new0 (SewaDocCheck, 1);

  g_return_val_if_fail (doc_id != NULL, NULL);
  check->doc_id = g_strdup (doc_id);
  check->expected_type = g_strdup (expected_type);
  check->outcome = SEWA_DOC_CHECK_PENDING;
  return check;
}

SewaDocCheck *
sewa_doc_check_copy (const SewaDocCheck *check)
{
  SewaDocCheck *copy;

  g_return_val_if_fail (check != NULL, NULL);
  copy = g_memdup2 (check, sizeof *check);
  copy->doc_id = g_strdup (check->doc_id);
  copy->expected_type = g_strdup (check->expected_type);
  copy->classified_type = g_strdup (check->classified_type);
  copy->engine = g_strdup (check->engine);
  return copy;
}

void
sewa_doc_check_free (SewaDocCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->doc_id);
  g_free (check->expected_type);
  g_free (check->classified_type);
  g_free (check->engine);
  g_free (check);
}

const char *
sewa_doc_check_outcome_to_string (SewaDocCheckOutcome outcome)
{
  switch (outcome)
    {
    case SEWA_DOC_CHECK_PENDING: return "pending";
    case SEWA_DOC_CHECK_PASSED: return "passed";
    case SEWA_DOC_CHECK_FLAGGED: return "flagged";
    case SEWA_DOC_CHECK_UNREADABLE: return "unreadable";
    case SEWA_DOC_CHECK_SKIPPED: return "skipped";
    default: g_return_val_if_reached ("pending");
    }
}

JsonNode *
sewa_doc_check_to_json (const SewaDocCheck *check)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (check != NULL, NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, check->doc_id);
  json_builder_set_member_name (b, "expected_type");
  if (check->expected_type != NULL)
    json_builder_add_string_value (b, check->expected_type);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "classified_type");
  if (check->classified_type != NULL)
    json_builder_add_string_value (b, check->classified_type);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "type_score");
  json_builder_add_double_value (b, check->type_score);
  json_builder_set_member_name (b, "name_checked");
  json_builder_add_boolean_value (b, check->name_checked);
  json_builder_set_member_name (b, "name_score");
  json_builder_add_double_value (b, check->name_score);
  json_builder_set_member_name (b, "outcome");
  json_builder_add_string_value (b, sewa_doc_check_outcome_to_string (check->outcome));
  json_builder_set_member_name (b, "flags");
  json_builder_begin_array (b);
  if (check->flags & SEWA_DOC_FLAG_WRONG_TYPE)
    json_builder_add_string_value (b, "wrong_type");
  if (check->flags & SEWA_DOC_FLAG_NAME_MISMATCH)
    json_builder_add_string_value (b, "name_mismatch");
  if (check->flags & SEWA_DOC_FLAG_NUMBER_MISMATCH)
    json_builder_add_string_value (b, "number_mismatch");
  json_builder_end_array (b);
  json_builder_set_member_name (b, "ocr_confidence");
  json_builder_add_double_value (b, check->ocr_confidence);
  json_builder_set_member_name (b, "ocr_ms");
  json_builder_add_int_value (b, check->ocr_ms);
  json_builder_set_member_name (b, "engine");
  if (check->engine != NULL)
    json_builder_add_string_value (b, check->engine);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "number_checked");
  json_builder_add_boolean_value (b, check->number_checked);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
sewa_doc_check_describe (const SewaDocCheck *check, const char *doc_label, SewaLang lang)
{
  g_return_val_if_fail (check != NULL && doc_label != NULL, NULL);
  /* The UI applies the citizen's language globally (sewa_lang_apply); @lang is kept for the
   * callers that describe in a language other than the screen's, which then apply it first. */
  (void) lang;
  switch (check->outcome)
    {
    case SEWA_DOC_CHECK_PENDING:
      return g_strdup_printf (_("%s is still being checked."), doc_label);
    case SEWA_DOC_CHECK_SKIPPED:
      return g_strdup_printf (_("%s: no check needed."), doc_label);
    case SEWA_DOC_CHECK_UNREADABLE:
      return g_strdup_printf (_("%s could not be read. Scan it again?"), doc_label);
    case SEWA_DOC_CHECK_FLAGGED:
      if (check->flags & SEWA_DOC_FLAG_WRONG_TYPE)
        return g_strdup_printf (_("%s does not look like the document chosen. Please check it."), doc_label);
      if (check->flags & SEWA_DOC_FLAG_NAME_MISMATCH)
        return g_strdup_printf (_("The name on %s does not match the form. Please check it."), doc_label);
      return g_strdup_printf (_("A number on %s does not match the form. Please check it."), doc_label);
    case SEWA_DOC_CHECK_PASSED:
    default:
      if (check->name_checked && check->number_checked)
        return g_strdup_printf (_("Your name and number on %s match the form."), doc_label);
      if (check->number_checked)
        return g_strdup_printf (_("The number on %s matches the form."), doc_label);
      if (check->name_checked)
        return g_strdup_printf (_("Your name on %s matches."), doc_label);
      return g_strdup_printf (_("%s looks right."), doc_label);
    }
}
