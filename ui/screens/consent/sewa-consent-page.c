/* sewa-consent-page.c — the vault consent question, built per application and language. */
#include "sewa-build-config.h"
#include "sewa-consent-page.h"
#include "sewa-doc-type.h"

#include <glib/gi18n.h>

struct _SewaConsentPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *purpose_label;
  GtkBox *documents_box;
};

G_DEFINE_FINAL_TYPE (SewaConsentPage, sewa_consent_page, ADW_TYPE_BIN)

static void
sewa_consent_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_CONSENT_PAGE);
  G_OBJECT_CLASS (sewa_consent_page_parent_class)->dispose (object);
}

static void
sewa_consent_page_class_init (SewaConsentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_consent_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/consent/sewa-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaConsentPage, purpose_label);
  gtk_widget_class_bind_template_child (widget_class, SewaConsentPage, documents_box);
}

static void
sewa_consent_page_init (SewaConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
add_line (SewaConsentPage *self, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "field-label");
  gtk_box_append (self->documents_box, label);
}

GtkWidget *
sewa_consent_page_new (SewaService *service, GPtrArray *on_file, const char *const *details,
                       const char *details_arn, SewaLang lang)
{
  SewaConsentPage *self = g_object_new (SEWA_TYPE_CONSENT_PAGE, NULL);
  g_autofree char *purpose = NULL;

  /* TRANSLATORS: %s is the name of the service being applied for */
  purpose = g_strdup_printf (_("The portal keeps the documents and details you gave with earlier applications. May we use what is on file for your application for “%s”?"),
                             sewa_text_get (sewa_service_get_name (service), lang));
  gtk_label_set_label (self->purpose_label, purpose);
  for (guint i = 0; on_file != NULL && i < on_file->len; i++)
    {
      const SewaVaultDoc *doc = g_ptr_array_index (on_file, i);
      const char *type = sewa_doc_type_name (doc->type, lang);
      /* TRANSLATORS: a document on file: its type (Aadhaar card…) and the date it was given */
      g_autofree char *line = g_strdup_printf (_("• %s, given on %s"), type != NULL ? type : doc->type,
                                               doc->added_on);

      add_line (self, line);
    }
  if (details != NULL && details[0] != NULL)
    {
      /* TRANSLATORS: %s is the reference number (ARN) of the citizen's earlier application */
      g_autofree char *heading = g_strdup_printf (_("Your details from application %s:"), details_arn);

      add_line (self, heading);
      for (guint i = 0; details[i] != NULL; i++)
        add_line (self, details[i]);
    }
  return GTK_WIDGET (self);
}
