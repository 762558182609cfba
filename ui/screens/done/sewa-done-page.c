#include "sewa-done-page.h"
#include "sewa-a11y.h"
#include "sewa-qr-image.h"

#include <glib/gi18n.h>

struct _SewaDonePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *reference;
  GtkPicture *qr;
  GtkLabel *due;
  GtkWidget *fee_box;
  GtkPicture *fee_qr;
  GtkLabel *fee;
  GtkLabel *print_status;
  GtkLabel *decision;
  GtkLabel *decision_reason;

  char *fee_uri;
  char *fee_spoken;
  char *numbers_spoken;
};

G_DEFINE_FINAL_TYPE (SewaDonePage, sewa_done_page, ADW_TYPE_BIN)

static void
sewa_done_page_dispose (GObject *object)
{
  g_clear_pointer (&SEWA_DONE_PAGE (object)->fee_uri, g_free);
  g_clear_pointer (&SEWA_DONE_PAGE (object)->fee_spoken, g_free);
  g_clear_pointer (&SEWA_DONE_PAGE (object)->numbers_spoken, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_DONE_PAGE);
  G_OBJECT_CLASS (sewa_done_page_parent_class)->dispose (object);
}

static void
sewa_done_page_class_init (SewaDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_done_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/done/sewa-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, reference);
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, qr);
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, due);
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, fee_box);
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, fee_qr);
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, fee);
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, print_status);
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, decision);
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, decision_reason);
}

static void
sewa_done_page_init (SewaDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sewa_done_page_new (const char *reference, const char *qr_payload, const char *due_text)
{
  SewaDonePage *self = g_object_new (SEWA_TYPE_DONE_PAGE, NULL);

  gtk_label_set_label (self->reference, reference);
  if (qr_payload != NULL)
    {
      g_autoptr (GdkTexture) t = sewa_qr_texture_new (qr_payload, 6);
      gtk_picture_set_paintable (self->qr, GDK_PAINTABLE (t));
    }
  gtk_label_set_label (self->due, due_text != NULL ? due_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->due), due_text != NULL);
  sewa_done_page_set_print_status (self, _("Printing your receipt…"), FALSE);
  return GTK_WIDGET (self);
}

void
sewa_done_page_set_print_status (SewaDonePage *self, const char *text, gboolean problem)
{
  g_return_if_fail (SEWA_IS_DONE_PAGE (self));
  /* The printer's state is announced as it changes ("out of paper" must reach a citizen who
   * cannot see the screen); the label is an alert (role set in the template). */
  if (g_strcmp0 (gtk_label_get_label (self->print_status), text) != 0 ||
      !gtk_widget_get_visible (GTK_WIDGET (self->print_status)))
    sewa_a11y_announce (GTK_WIDGET (self->print_status), text);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->print_status), "field-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->print_status), "field-error");
}

const char *
sewa_done_page_get_print_status (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), NULL);
  return gtk_label_get_label (self->print_status);
}

const char *
sewa_done_page_get_reference (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), NULL);
  return gtk_label_get_label (self->reference);
}

void
sewa_done_page_set_fee (SewaDonePage *self, const char *text, const char *upi_uri)
{
  g_return_if_fail (SEWA_IS_DONE_PAGE (self));

  g_free (self->fee_uri);
  self->fee_uri = g_strdup (upi_uri);
  gtk_label_set_label (self->fee, text != NULL ? text : "");
  gtk_widget_set_visible (self->fee_box, text != NULL);
  if (upi_uri != NULL)
    {
      g_autoptr (GdkTexture) t = sewa_qr_texture_new (upi_uri, 4);
      gtk_picture_set_paintable (self->fee_qr, GDK_PAINTABLE (t));
    }
  else
    gtk_picture_set_paintable (self->fee_qr, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->fee_qr), upi_uri != NULL);
}

void
sewa_done_page_set_fee_spoken (SewaDonePage *self, const char *words)
{
  g_return_if_fail (SEWA_IS_DONE_PAGE (self));
  g_free (self->fee_spoken);
  self->fee_spoken = g_strdup (words);
}

const char *
sewa_done_page_get_fee_spoken (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), NULL);
  return self->fee_spoken;
}

const char *
sewa_done_page_get_fee_text (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), NULL);
  return gtk_widget_get_visible (self->fee_box) ? gtk_label_get_label (self->fee) : NULL;
}

const char *
sewa_done_page_get_fee_uri (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), NULL);
  return self->fee_uri;
}

GdkPaintable *
sewa_done_page_get_fee_qr (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), NULL);
  return gtk_picture_get_paintable (self->fee_qr);
}

gboolean
sewa_done_page_has_qr (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), FALSE);
  return gtk_picture_get_paintable (self->qr) != NULL;
}

void
sewa_done_page_set_decision (SewaDonePage *self, const char *text)
{
  g_return_if_fail (SEWA_IS_DONE_PAGE (self));
  gtk_label_set_label (self->decision, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->decision), text != NULL);
}

const char *
sewa_done_page_get_decision (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->decision)) ? gtk_label_get_label (self->decision) : NULL;
}

void
sewa_done_page_set_numbers_spoken (SewaDonePage *self, const char *words)
{
  g_return_if_fail (SEWA_IS_DONE_PAGE (self));
  g_free (self->numbers_spoken);
  self->numbers_spoken = g_strdup (words);
}

const char *
sewa_done_page_get_numbers_spoken (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), NULL);
  return self->numbers_spoken;
}

void
sewa_done_page_set_decision_reason (SewaDonePage *self, const char *text)
{
  g_return_if_fail (SEWA_IS_DONE_PAGE (self));
  gtk_label_set_label (self->decision_reason, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->decision_reason), text != NULL);
}
