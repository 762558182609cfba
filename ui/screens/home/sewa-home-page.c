/* sewa-home-page.c — the screen a citizen walks up to.
 *
 * Its text is deliberately not translated: each language greets in its own script, so a
 * citizen who reads only one of them finds it, and each button names its language in that
 * language. The buttons activate win.choose-language with the language code.
 */
#include "sewa-home-page.h"

struct _SewaHomePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *welcome_pa;
  GtkLabel *welcome_hi;
  GtkLabel *welcome_en;
  GtkButton *button_pa;
  GtkButton *button_hi;
  GtkButton *button_en;
};

G_DEFINE_FINAL_TYPE (SewaHomePage, sewa_home_page, ADW_TYPE_BIN)

static void
sewa_home_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_HOME_PAGE);
  G_OBJECT_CLASS (sewa_home_page_parent_class)->dispose (object);
}

static void
sewa_home_page_class_init (SewaHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_home_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/home/sewa-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, welcome_pa);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, welcome_hi);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, welcome_en);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, button_pa);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, button_hi);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, button_en);
  gtk_widget_class_set_css_name (widget_class, "homepage");
}

static void
sewa_home_page_init (SewaHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sewa_home_page_new (void)
{
  return g_object_new (SEWA_TYPE_HOME_PAGE, NULL);
}

GtkLabel *
sewa_home_page_get_welcome_label (SewaHomePage *self, const char *lang_code)
{
  g_return_val_if_fail (SEWA_IS_HOME_PAGE (self), NULL);
  if (g_str_equal (lang_code, "pa"))
    return self->welcome_pa;
  if (g_str_equal (lang_code, "hi"))
    return self->welcome_hi;
  return self->welcome_en;
}

GtkButton *
sewa_home_page_get_language_button (SewaHomePage *self, const char *lang_code)
{
  g_return_val_if_fail (SEWA_IS_HOME_PAGE (self), NULL);
  if (g_str_equal (lang_code, "pa"))
    return self->button_pa;
  if (g_str_equal (lang_code, "hi"))
    return self->button_hi;
  return self->button_en;
}
