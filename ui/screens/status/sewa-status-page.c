/* sewa-status-page.c — one application's state, and a field to type another reference. */
#include "sewa-status-page.h"
#include "sewa-a11y.h"
#include "sewa-osk.h"
#include "sewa-reference.h"

#include <glib/gi18n.h>

struct _SewaStatusPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkGrid *result_grid;
  GtkLabel *reference;
  GtkLabel *service;
  GtkLabel *state;
  GtkLabel *arn_key;
  GtkLabel *arn;
  GtkLabel *reason_key;
  GtkLabel *reason;
  GtkLabel *message;
  GtkEntry *entry;
  GtkLabel *entry_label;
  GtkButton *check_button;
  SewaOsk *osk;

  /* Owned references */
  gboolean looking_up;
};

G_DEFINE_FINAL_TYPE (SewaStatusPage, sewa_status_page, ADW_TYPE_BIN)

const char *
sewa_status_state_text (SewaAppState state)
{
  switch (state)
    {
    case SEWA_APP_QUEUED:
      return _("Received at this kiosk, waiting to be sent");
    case SEWA_APP_UPLOADING:
      return _("Being sent to the department");
    case SEWA_APP_SUBMITTED:
      return _("Sent to the department");
    case SEWA_APP_ACKNOWLEDGED:
      return _("Accepted by the department");
    case SEWA_APP_REJECTED:
      return _("Rejected by the department");
    case SEWA_APP_QUARANTINED:
      return _("Needs help from the operator");
    default:
      g_return_val_if_reached ("");
    }
}

static void
set_row (GtkLabel *key, GtkLabel *value, const char *text)
{
  gboolean shown = text != NULL && *text != '\0';

  gtk_label_set_label (value, shown ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (key), shown);
  gtk_widget_set_visible (GTK_WIDGET (value), shown);
}

void
sewa_status_page_show_record (SewaStatusPage *self, const SewaAppRecord *record,
                              const char *service_name, const char *arn_hint)
{
  g_return_if_fail (SEWA_IS_STATUS_PAGE (self));
  g_return_if_fail (record != NULL);

  gtk_label_set_label (self->reference, record->reference);
  gtk_label_set_label (self->service, service_name != NULL ? service_name : record->service_id);
  /* A service the portal decides at once (#17) says what it decided when the kiosk sent it. */
  if (g_strcmp0 (record->instant_outcome, "approved") == 0)
    gtk_label_set_label (self->state, _("Approved"));
  else if (g_strcmp0 (record->instant_outcome, "needs_scrutiny") == 0 && record->state == SEWA_APP_SUBMITTED)
    gtk_label_set_label (self->state, _("Sent to the department: an officer will check it before deciding"));
  else
    gtk_label_set_label (self->state, sewa_status_state_text (record->state));
  /* The store is the authority; a receipt printed after the ARN came may also carry it. */
  set_row (self->arn_key, self->arn, record->arn != NULL ? record->arn : arn_hint);
  /* The portal's reason is for the citizen; a quarantined row's last error is a transport
   * detail for the operator and is not shown. */
  set_row (self->reason_key, self->reason,
           record->state == SEWA_APP_REJECTED ? record->last_error : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->result_grid), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  /* An answer ends the typing: the keyboard makes room for it. */
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
}

void
sewa_status_page_show_message (SewaStatusPage *self, const char *text)
{
  g_return_if_fail (SEWA_IS_STATUS_PAGE (self));
  gtk_label_set_label (self->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->result_grid), FALSE);
}

void
sewa_status_page_start_typing (SewaStatusPage *self)
{
  g_return_if_fail (SEWA_IS_STATUS_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  sewa_osk_set_target (self->osk, GTK_EDITABLE (self->entry));
  gtk_widget_set_visible (GTK_WIDGET (self->osk), TRUE);
}

static void
check_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SewaStatusPage *self = SEWA_STATUS_PAGE (widget);
  g_autofree char *normal = sewa_reference_normalize (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  if (self->looking_up)
    return;
  if (*normal == '\0')
    return;
  if (!sewa_reference_is_valid (normal))
    {
      sewa_status_page_show_message (
          self, _("This reference number is not correct. Please check it against your receipt and type it again."));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->entry), normal);
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  gtk_widget_activate_action (widget, "win.status-lookup", "s", normal);
}

static void
on_entry_activate (GtkEntry *entry, SewaStatusPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "status.check", NULL);
}

static void
sewa_status_page_dispose (GObject *object)
{
  SewaStatusPage *self = SEWA_STATUS_PAGE (object);

  if (self->osk != NULL)
    sewa_osk_set_target (self->osk, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEWA_TYPE_STATUS_PAGE);
  G_OBJECT_CLASS (sewa_status_page_parent_class)->dispose (object);
}

static void
sewa_status_page_class_init (SewaStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_status_page_dispose;
  g_type_ensure (SEWA_TYPE_OSK);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/status/sewa-status-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, result_grid);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, reference);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, service);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, state);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, arn_key);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, arn);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, reason_key);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, reason);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, message);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, entry);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, entry_label);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, SewaStatusPage, osk);
  gtk_widget_class_install_action (widget_class, "status.check", NULL, check_action);
}

static void
sewa_status_page_init (SewaStatusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sewa_a11y_set_labelled_by (GTK_WIDGET (self->entry), GTK_WIDGET (self->entry_label));
  g_signal_connect (self->entry, "activate", G_CALLBACK (on_entry_activate), self);
}

GtkWidget *
sewa_status_page_new (void)
{
  SewaStatusPage *self = g_object_new (SEWA_TYPE_STATUS_PAGE, NULL);

  /* References are Latin letters, digits and dashes whatever the citizen's script. */
  sewa_osk_set_letter_layout (self->osk, SEWA_OSK_LAYOUT_LATIN);
  sewa_osk_attach (self->osk, GTK_EDITABLE (self->entry));
  sewa_osk_set_target (self->osk, GTK_EDITABLE (self->entry));
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  return GTK_WIDGET (self);
}

const char *
sewa_status_page_get_reference (SewaStatusPage *self)
{
  g_return_val_if_fail (SEWA_IS_STATUS_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->result_grid)) ? gtk_label_get_label (self->reference) : NULL;
}

const char *
sewa_status_page_get_state_text (SewaStatusPage *self)
{
  g_return_val_if_fail (SEWA_IS_STATUS_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->result_grid)) ? gtk_label_get_label (self->state) : NULL;
}

const char *
sewa_status_page_get_arn (SewaStatusPage *self)
{
  g_return_val_if_fail (SEWA_IS_STATUS_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->arn)) ? gtk_label_get_label (self->arn) : NULL;
}

const char *
sewa_status_page_get_message (SewaStatusPage *self)
{
  g_return_val_if_fail (SEWA_IS_STATUS_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message)) ? gtk_label_get_label (self->message) : NULL;
}

GtkEditable *
sewa_status_page_get_entry (SewaStatusPage *self)
{
  g_return_val_if_fail (SEWA_IS_STATUS_PAGE (self), NULL);
  return GTK_EDITABLE (self->entry);
}

gboolean
sewa_status_page_is_looking_up (SewaStatusPage *self)
{
  g_return_val_if_fail (SEWA_IS_STATUS_PAGE (self), FALSE);
  return self->looking_up;
}

void
sewa_status_page_set_looking_up (SewaStatusPage *self, gboolean looking_up)
{
  g_return_if_fail (SEWA_IS_STATUS_PAGE (self));
  self->looking_up = looking_up;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "status.check", !looking_up);
}
