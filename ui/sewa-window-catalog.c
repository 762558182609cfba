/* sewa-window-catalog.c — find a service and fill its form: browse, search, detail, form. */
#include "sewa-build-config.h"
#include "sewa-window-private.h"
#include "screens/browse/sewa-browse-page.h"
#include "screens/service/sewa-service-page.h"
#include "screens/form/sewa-form-page.h"
#include "sewa-district.h"

#include <glib/gi18n.h>

static void
browse_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaSearch *search = sewa_application_get_search (self->app);

  if (catalog == NULL || search == NULL)
    {
      /* The technician's log says why; the citizen is sent to the counter. */
      sewa_window_show_start_notice (self, _("Services cannot be shown right now. Please ask at the counter."));
      return;
    }
  if (gtk_stack_get_child_by_name (self->stack, "browse") == NULL)
    gtk_stack_add_named (self->stack,
                         sewa_browse_page_new (catalog, search, sewa_session_get_language (self->session)),
                         "browse");
  gtk_stack_set_visible_child_name (self->stack, "browse");
  sewa_window_update_chrome (self);
}

static void
open_service_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service;

  if (catalog == NULL)
    return;
  service = sewa_catalog_lookup_service (catalog, g_variant_get_string (param, NULL));
  if (service == NULL)
    return;
  sewa_window_replace_screen (self, "service",
                  sewa_service_page_new (service, sewa_session_get_language (self->session),
                                         sewa_application_get_config (self->app)->upi_vpa != NULL));
}

/* Most citizens live in the district of the centre they walk into: its district fields start
 * there (the citizen can change them). What was prefilled is remembered, so leaving an
 * untouched form does not ask about discarding answers nobody gave. */
static void
prefill_district (SewaWindow *self, SewaService *service)
{
  SewaConfig *config = sewa_application_get_config (self->app);
  const SewaDistrict *home = sewa_district_for_centre (config->centre_code);
  const SewaForm *form = sewa_service_get_form (service);

  g_clear_pointer (&self->draft_prefill, g_hash_table_unref);
  self->draft_prefill = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (home == NULL)
    return;
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);

      for (guint f = 0; f < sec->fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (sec->fields, f);

          if (field->type != SEWA_FIELD_TYPE_DISTRICT)
            continue;
          sewa_form_values_set (self->draft, field->id, home->code);
          g_hash_table_replace (self->draft_prefill, g_strdup (field->id), g_strdup (home->code));
        }
    }
}

gboolean
sewa_window_catalog_draft_touched (SewaWindow *self)
{
  g_auto (GStrv) ids = NULL;

  if (self->draft == NULL)
    return FALSE;
  ids = sewa_form_values_get_ids (self->draft);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *given = self->draft_prefill != NULL ? g_hash_table_lookup (self->draft_prefill, ids[i]) : NULL;

      if (g_strcmp0 (given, sewa_form_values_get (self->draft, ids[i])) != 0)
        return TRUE;
    }
  return FALSE;
}

/* Removes the kiosk's own guesses the citizen has not changed, so a better source (the Aadhaar
 * QR) may fill those fields; restore_guesses puts back the ones still empty after it. */
void
sewa_window_catalog_lift_guesses (SewaWindow *self)
{
  GHashTableIter iter;
  gpointer id, value;

  if (self->draft == NULL || self->draft_prefill == NULL)
    return;
  g_hash_table_iter_init (&iter, self->draft_prefill);
  while (g_hash_table_iter_next (&iter, &id, &value))
    if (g_strcmp0 (sewa_form_values_get (self->draft, id), value) == 0)
      sewa_form_values_set (self->draft, id, NULL);
}

void
sewa_window_catalog_restore_guesses (SewaWindow *self)
{
  GHashTableIter iter;
  gpointer id, value;

  if (self->draft == NULL || self->draft_prefill == NULL)
    return;
  g_hash_table_iter_init (&iter, self->draft_prefill);
  while (g_hash_table_iter_next (&iter, &id, &value))
    if (sewa_form_values_get (self->draft, id) == NULL)
      sewa_form_values_set (self->draft, id, value);
}

/* Opens the form of SERVICE_ID on a fresh draft; FALSE if there is no such service. */
gboolean
sewa_window_catalog_open_form (SewaWindow *self, const char *service_id)
{
  return sewa_window_catalog_open_form_with (self, service_id, NULL);
}

/* The same, the draft starting from @values (a correction: the answers kept with the
 * application it corrects). They are the citizen's own answers, not the kiosk's guesses, so
 * they are not put among the guesses an Aadhaar QR may replace. */
gboolean
sewa_window_catalog_open_form_with (SewaWindow *self, const char *service_id,
                                    const SewaFormValues *values)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service;
  GtkWidget *old;

  if (catalog == NULL)
    return FALSE;
  service = sewa_catalog_lookup_service (catalog, service_id);
  if (service == NULL)
    return FALSE;
  /* A new service starts from a fresh draft; the old form goes first since it borrows it. */
  old = gtk_stack_get_child_by_name (self->stack, "form");
  if (old != NULL)
    gtk_stack_remove (self->stack, old);
  g_clear_pointer (&self->draft, sewa_form_values_free);
  self->draft = sewa_form_values_new ();
  g_free (self->service_id);
  self->service_id = g_strdup (sewa_service_get_id (service));
  prefill_district (self, service);
  if (values != NULL)
    {
      g_auto (GStrv) ids = sewa_form_values_get_ids (values);

      for (guint i = 0; ids[i] != NULL; i++)
        {
          sewa_form_values_set (self->draft, ids[i], sewa_form_values_get (values, ids[i]));
        }
    }
  sewa_window_replace_screen (self, "form",
                  sewa_form_page_new (service, self->draft, sewa_session_get_language (self->session)));
  return TRUE;
}

/* "Apply" on a service: who is applying first (when the kiosk can ask the portal), then the
 * form. */
static void
start_form_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service;

  if (catalog == NULL)
    return;
  service = sewa_catalog_lookup_service (catalog, g_variant_get_string (param, NULL));
  if (service == NULL)
    return;
  if (sewa_window_identity_wanted (self))
    sewa_window_identity_begin (self, service);
  else
    sewa_window_catalog_open_form (self, sewa_service_get_id (service));
}

void
sewa_window_catalog_clear (SewaWindow *self)
{
  g_clear_pointer (&self->draft, sewa_form_values_free);
  g_clear_pointer (&self->draft_prefill, g_hash_table_unref);
  g_clear_pointer (&self->service_id, g_free);
}

void
sewa_window_catalog_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.apply", NULL, browse_action);
  gtk_widget_class_install_action (widget_class, "win.browse", NULL, browse_action);
  gtk_widget_class_install_action (widget_class, "win.open-service", "s", open_service_action);
  gtk_widget_class_install_action (widget_class, "win.start-form", "s", start_form_action);
}
