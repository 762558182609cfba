#include "sewa-documents-page.h"
#include "sewa-service-page.h"
#include "sewa-doc-type.h"

#include <glib/gi18n.h>

struct _SewaDocumentsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkBox *rows;
  GtkLabel *fee;
  GtkButton *review_button;
  GtkLabel *error;

  gboolean complete;
};

G_DEFINE_FINAL_TYPE (SewaDocumentsPage, sewa_documents_page, ADW_TYPE_BIN)

static GtkWidget *
document_row (const SewaDocumentRequirement *req, GPtrArray *pages, const SewaVaultDoc *vault,
              SewaLang lang)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (sewa_text_get (&req->label, lang));
  GtkWidget *status;
  gboolean scanned = pages != NULL && pages->len > 0;
  GtkWidget *scan = gtk_button_new_with_label (scanned ? _("Scan again")
                                               : vault != NULL ? _("Scan a newer copy") : _("Scan"));
  g_autofree char *status_text = NULL;

  if (scanned)
    status_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page scanned",
                                                "%u pages scanned", pages->len), pages->len);
  else if (vault != NULL)
    {
      const char *type = sewa_doc_type_name (vault->type, lang);

      /* TRANSLATORS: %s is the document's type (Aadhaar card…), %s the date it was given */
      status_text = g_strdup_printf (_("Already on file: %s (%s)"), type != NULL ? type : vault->type,
                                     vault->added_on);
    }
  else
    status_text = g_strdup (req->required ? _("Needed") : _("Optional"));
  status = gtk_label_new (status_text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_add_css_class (label, "field-label");
  gtk_widget_add_css_class (status, scanned || vault != NULL ? "doc-done" : "doc-missing");
  gtk_widget_set_name (status, "doc-status");
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_box_append (GTK_BOX (text), label);
  gtk_box_append (GTK_BOX (text), status);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (scan), "win.scan-document");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (scan), "s", req->id);
  gtk_widget_add_css_class (scan, "nav-button");
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), scan);
  gtk_widget_add_css_class (row, "document-row");
  return row;
}

static void
sewa_documents_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_DOCUMENTS_PAGE);
  G_OBJECT_CLASS (sewa_documents_page_parent_class)->dispose (object);
}

static void
sewa_documents_page_class_init (SewaDocumentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_documents_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/documents/sewa-documents-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaDocumentsPage, rows);
  gtk_widget_class_bind_template_child (widget_class, SewaDocumentsPage, fee);
  gtk_widget_class_bind_template_child (widget_class, SewaDocumentsPage, review_button);
  gtk_widget_class_bind_template_child (widget_class, SewaDocumentsPage, error);
}

static void
sewa_documents_page_init (SewaDocumentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sewa_documents_page_new (SewaService *service, GHashTable *documents, GHashTable *on_file,
                         SewaLang lang, gboolean upi_here)
{
  SewaDocumentsPage *self = g_object_new (SEWA_TYPE_DOCUMENTS_PAGE, NULL);
  GPtrArray *reqs = sewa_service_get_documents (service);
  g_autofree char *fee = sewa_service_page_fee_text (service, upi_here);

  self->complete = TRUE;
  for (guint i = 0; reqs != NULL && i < reqs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (reqs, i);
      GPtrArray *pages = documents != NULL ? g_hash_table_lookup (documents, req->id) : NULL;
      const SewaVaultDoc *vault = on_file != NULL ? g_hash_table_lookup (on_file, req->id) : NULL;

      gtk_box_append (self->rows, document_row (req, pages, vault, lang));
      if (req->required && (pages == NULL || pages->len == 0) && vault == NULL)
        self->complete = FALSE;
    }
  gtk_label_set_label (self->fee, fee);
  sewa_documents_page_set_ready (self, self->complete);
  return GTK_WIDGET (self);
}

/* Review looks ready only when the application is complete, but it is never dead: a tap on an
 * incomplete application says what is missing (win.review refuses and names it), where a greyed
 * button that ignores a finger would leave a first-time user with nothing to go on. */
void
sewa_documents_page_set_ready (SewaDocumentsPage *self, gboolean ready)
{
  g_return_if_fail (SEWA_IS_DOCUMENTS_PAGE (self));
  if (ready)
    gtk_widget_remove_css_class (GTK_WIDGET (self->review_button), "incomplete");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->review_button), "incomplete");
}

gboolean
sewa_documents_page_can_submit (SewaDocumentsPage *self)
{
  g_return_val_if_fail (SEWA_IS_DOCUMENTS_PAGE (self), FALSE);
  return self->complete;
}

void
sewa_documents_page_show_error (SewaDocumentsPage *self, const char *text)
{
  g_return_if_fail (SEWA_IS_DOCUMENTS_PAGE (self));
  gtk_label_set_label (self->error, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error), text != NULL);
}

const char *
sewa_documents_page_get_error (SewaDocumentsPage *self)
{
  g_return_val_if_fail (SEWA_IS_DOCUMENTS_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error)) ? gtk_label_get_label (self->error) : NULL;
}
