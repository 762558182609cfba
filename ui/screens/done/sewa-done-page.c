#include "sewa-done-page.h"
#include "sewa-qr-image.h"

#include <glib/gi18n.h>

struct _SewaDonePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *reference;
  GtkPicture *qr;
  GtkLabel *due;
  GtkLabel *print_status;
};

G_DEFINE_FINAL_TYPE (SewaDonePage, sewa_done_page, ADW_TYPE_BIN)

static void
sewa_done_page_dispose (GObject *object)
{
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
  gtk_widget_class_bind_template_child (widget_class, SewaDonePage, print_status);
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
  gtk_label_set_label (self->print_status, text);
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

gboolean
sewa_done_page_has_qr (SewaDonePage *self)
{
  g_return_val_if_fail (SEWA_IS_DONE_PAGE (self), FALSE);
  return gtk_picture_get_paintable (self->qr) != NULL;
}
