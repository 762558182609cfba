/* sewa-reset-page.c — see sewa-reset-page.h. */
#include "sewa-reset-page.h"

struct _SewaResetPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *heading;
  GtkLabel *message;
  GtkButton *reset_confirm_button;
};

G_DEFINE_FINAL_TYPE (SewaResetPage, sewa_reset_page, ADW_TYPE_BIN)

static void
sewa_reset_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_RESET_PAGE);
  G_OBJECT_CLASS (sewa_reset_page_parent_class)->dispose (object);
}

static void
sewa_reset_page_class_init (SewaResetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_reset_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/reset/sewa-reset-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaResetPage, heading);
  gtk_widget_class_bind_template_child (widget_class, SewaResetPage, message);
  gtk_widget_class_bind_template_child (widget_class, SewaResetPage, reset_confirm_button);
}

static void
sewa_reset_page_init (SewaResetPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sewa_reset_page_new (const char *heading, const char *message, const char *confirm_label)
{
  SewaResetPage *self = g_object_new (SEWA_TYPE_RESET_PAGE, NULL);

  gtk_label_set_label (self->heading, heading);
  gtk_label_set_label (self->message, message);
  gtk_button_set_label (self->reset_confirm_button, confirm_label);
  return GTK_WIDGET (self);
}

const char *
sewa_reset_page_get_message (SewaResetPage *self)
{
  g_return_val_if_fail (SEWA_IS_RESET_PAGE (self), NULL);
  return gtk_label_get_label (self->message);
}
