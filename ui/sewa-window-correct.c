/* sewa-window-correct.c — "Correct" on operator mode's Counter tab (#18 item 4): an application
 * already sent is never edited; the operator opens its form again, prefilled with the answers
 * kept with it, as an application they fill in for the citizen, and what they submit is a new
 * application whose `corrects` names the old one (the store's link, sent to the portal with
 * it, docs/portal-api.md §6). An application not sent yet cannot be corrected: it is still the
 * kiosk's to cancel, and the portal would not know what the link names.
 *
 * The command is op.counter-correct in operator mode's action group; the handler checks that
 * operator mode is open and an application is found, and the worker reads the application
 * again, so what decides is the store, not the button. The Aadhaar number (kept as its last four
 * digits) and the consents are asked again: neither can be carried over.
 */
#include "sewa-window-private.h"
#include "screens/operator/sewa-operator-page.h"

#include <glib/gi18n.h>

typedef struct
{
  SewaStore *store;
  char *reference;

  /* Results. */
  char *id;
  char *found_reference;
  char *service_id;
  char *form_json;
  char *citizen_lang;
  gboolean sent;
} CorrectJob;

static void
correct_job_free (CorrectJob *job)
{
  g_clear_object (&job->store);
  g_free (job->reference);
  g_free (job->id);
  g_free (job->found_reference);
  g_free (job->service_id);
  g_free (job->form_json);
  g_free (job->citizen_lang);
  g_free (job);
}

static void
correct_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CorrectJob *job = data;
  GError *error = NULL;
  g_autoptr (SewaAppRecord) app = sewa_store_get (job->store, job->reference, TRUE, &error);

  if (app == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->id = g_strdup (app->id);
  job->found_reference = g_strdup (app->reference);
  job->service_id = g_strdup (app->service_id);
  job->form_json = g_strdup (app->form_json);
  job->citizen_lang = g_strdup (app->citizen_lang);
  /* Sent: the portal gave it an ARN (the store refuses a correction of anything else). */
  job->sent = app->arn != NULL;
  g_task_return_boolean (task, TRUE);
}

/* The kept answers the form may show again: strings of fields the form has, except the
 * Aadhaar number (only its last four digits were kept) and the consents (given anew). */
static SewaFormValues *
kept_values (SewaService *service, const char *form_json)
{
  const SewaForm *form = sewa_service_get_form (service);
  g_autoptr (JsonParser) parser = json_parser_new ();
  SewaFormValues *values = sewa_form_values_new ();
  JsonObject *obj;

  if (form_json == NULL || !json_parser_load_from_data (parser, form_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return values;
  obj = json_node_get_object (json_parser_get_root (parser));
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);

      for (guint f = 0; f < sec->fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (sec->fields, f);
          JsonNode *node = json_object_get_member (obj, field->id);

          if (field->type == SEWA_FIELD_TYPE_AADHAAR || field->type == SEWA_FIELD_TYPE_CONSENT ||
              node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          sewa_form_values_set (values, field->id, json_node_get_string (node));
        }
    }
  return values;
}

static void
correct_refuse (SewaWindow *self, const char *text)
{
  GtkWidget *w = gtk_stack_get_child_by_name (self->stack, "operator");

  if (w != NULL)
    sewa_operator_page_set_counter_result (SEWA_OPERATOR_PAGE (w), text, TRUE);
}

static void
correct_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  CorrectJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service;
  g_autoptr (SewaFormValues) values = NULL;
  SewaLang lang = SEWA_LANG_PA;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("correction of %s not begun: %s", job->reference, error->message);
      correct_refuse (self, _("That did not work. Call the technician."));
      return;
    }
  /* Operator mode may have ended while the application was read. */
  if (!sewa_window_operator_is_open (self))
    return;
  if (!job->sent)
    {
      /* TRANSLATORS: %s is an application reference */
      g_autofree char *text = g_strdup_printf (_("%s has not been sent to the portal yet, so it "
                                                 "cannot be corrected. Cancel it and apply again."),
                                               job->found_reference);

      correct_refuse (self, text);
      return;
    }
  service = catalog != NULL ? sewa_catalog_lookup_service (catalog, job->service_id) : NULL;
  if (service == NULL)
    {
      correct_refuse (self, _("This service is no longer offered, so the application cannot be "
                              "corrected here."));
      return;
    }
  values = kept_values (service, job->form_json);
  /* The correction's receipt is the citizen's: in the language they applied in. */
  if (job->citizen_lang == NULL || !sewa_lang_from_code (job->citizen_lang, &lang))
    lang = self->op_lang;
  sewa_window_operator_begin_correction (self, lang, job->found_reference);
  sewa_session_set_corrects (self->session, job->id);
  sewa_window_catalog_open_form_with (self, job->service_id, values);
}

static void
counter_correct_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaStore *store = sewa_application_get_store (self->app);
  g_autoptr (GTask) task = NULL;
  CorrectJob *job;

  if (!sewa_window_operator_is_open (self) || store == NULL)
    return;
  if (self->counter_reference == NULL)
    {
      correct_refuse (self, _("Find the application first."));
      return;
    }
  sewa_window_operator_touch (self);
  job = g_new0 (CorrectJob, 1);
  job->store = g_object_ref (store);
  job->reference = g_strdup (self->counter_reference);
  task = g_task_new (NULL, self->op_cancellable, correct_loaded, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) correct_job_free);
  g_task_run_in_thread (task, correct_thread);
}

static const GActionEntry correct_entries[] = {
  { .name = "counter-correct", .activate = counter_correct_action },
};

void
sewa_window_correct_add_actions (SewaWindow *self, GActionMap *map)
{
  g_action_map_add_action_entries (map, correct_entries, G_N_ELEMENTS (correct_entries), self);
}
