/* sewa-start-page.c — choose between applying, checking a status, or asking for help.
 * Built per session, so its template is translated into the citizen's language. */
#include "sewa-start-page.h"
#include "sewa-a11y.h"

struct _SewaStartPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *heading;
  GtkLabel *notice;
};

G_DEFINE_FINAL_TYPE (SewaStartPage, sewa_start_page, ADW_TYPE_BIN)

static void
sewa_start_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_START_PAGE);
  G_OBJECT_CLASS (sewa_start_page_parent_class)->dispose (object);
}

static void
sewa_start_page_class_init (SewaStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_start_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/start/sewa-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaStartPage, heading);
  gtk_widget_class_bind_template_child (widget_class, SewaStartPage, notice);
}

static void
sewa_start_page_init (SewaStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sewa_a11y_name_buttons (GTK_WIDGET (self));
}

GtkWidget *
sewa_start_page_new (void)
{
  return g_object_new (SEWA_TYPE_START_PAGE, NULL);
}

GtkLabel *
sewa_start_page_get_heading (SewaStartPage *self)
{
  g_return_val_if_fail (SEWA_IS_START_PAGE (self), NULL);
  return self->heading;
}

void
sewa_start_page_show_notice (SewaStartPage *self, const char *text)
{
  g_return_if_fail (SEWA_IS_START_PAGE (self));
  gtk_label_set_label (self->notice, text);
  gtk_widget_set_visible (GTK_WIDGET (self->notice), text != NULL);
}

const char *
sewa_start_page_get_notice (SewaStartPage *self)
{
  g_return_val_if_fail (SEWA_IS_START_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->notice)) ? gtk_label_get_label (self->notice) : NULL;
}
