#include "sewa-review-page.h"
#include "sewa-service-page.h"
#include "sewa-doc-type.h"
#include "sewa-district.h"
#include "sewa-vault-doc.h"
#include "sewa-prescrutiny.h"
#include "sewa-a11y.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SewaReviewPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkBox *rows;
  GtkLabel *fee;
  GtkButton *submit_button;
  GtkLabel *error;
  GtkWidget *checking;
  GtkLabel *checking_label;
  GtkProgressBar *checking_progress;

  GtkWidget *prescrutiny;  /* the checks' box above the answers, or NULL */
};

G_DEFINE_FINAL_TYPE (SewaReviewPage, sewa_review_page, ADW_TYPE_BIN)

/* The answer as the citizen saw it when they gave it: the option's name rather than its code,
 * the district's name in their language, and the Aadhaar number only as its last four digits
 * (the draft holds no more than that). */
static char *
shown_value (const SewaFormField *field, const char *value, SewaLang lang)
{
  switch (field->type)
    {
    case SEWA_FIELD_TYPE_AADHAAR:
      return strlen (value) == 12 ? g_strdup_printf ("•••• •••• %s", value + 8) : g_strdup ("");
    case SEWA_FIELD_TYPE_DISTRICT:
      {
        const SewaDistrict *d = sewa_district_lookup (value);

        return g_strdup (d != NULL ? sewa_district_name (d, lang) : value);
      }
    case SEWA_FIELD_TYPE_SELECT:
      for (guint i = 0; field->options != NULL && i < field->options->len; i++)
        {
          const SewaFormOption *o = g_ptr_array_index (field->options, i);

          if (g_strcmp0 (o->value, value) == 0)
            return g_strdup (sewa_text_get (&o->label, lang));
        }
      return g_strdup (value);
    case SEWA_FIELD_TYPE_YESNO:
      return g_strdup (g_strcmp0 (value, "yes") == 0 ? _("Yes") : _("No"));
    case SEWA_FIELD_TYPE_CONSENT:
      return g_strdup (g_strcmp0 (value, "yes") == 0 ? _("Agreed") : _("Not agreed"));
    case SEWA_FIELD_TYPE_TEXT:
    case SEWA_FIELD_TYPE_NAME:
    case SEWA_FIELD_TYPE_DATE:
    case SEWA_FIELD_TYPE_MOBILE:
    case SEWA_FIELD_TYPE_PINCODE:
    case SEWA_FIELD_TYPE_EMAIL:
    case SEWA_FIELD_TYPE_NUMBER:
    case SEWA_N_FIELD_TYPES:
    default:
      return g_strdup (value);
    }
}

/* One line of the review: what (label), the value as given, and "Change" acting on TARGET.
 * Each Change button carries the class "change-<id>" so a test finds the one for a field or
 * document (the probe's selectors read classes, not widget names). */
static GtkWidget *
review_row (const char *label_text, const char *value_text, gboolean value_ok,
            const char *action, const char *target, const char *name_prefix)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (label_text);
  GtkWidget *value = gtk_label_new (value_text);
  GtkWidget *change = gtk_button_new_with_label (_("Change"));
  g_autofree char *name = g_strconcat (name_prefix, target, NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "field-label");
  gtk_widget_add_css_class (value, value_ok ? "review-value" : "doc-missing");
  gtk_widget_set_name (value, "review-value");
  gtk_box_append (GTK_BOX (text), label);
  gtk_box_append (GTK_BOX (text), value);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (change), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (change), "s", target);
  gtk_widget_add_css_class (change, name);
  gtk_widget_set_valign (change, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (change, "nav-button");
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), change);
  gtk_widget_add_css_class (row, "document-row");
  return row;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "section-title");
  return label;
}

static void
add_answers (SewaReviewPage *self, const SewaForm *form, const SewaFormValues *values, SewaLang lang)
{
  for (guint s = 0; form != NULL && s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);
      g_autoptr (GPtrArray) fields = sewa_form_section_visible_fields (form, s, values);

      if (fields->len == 0)
        continue;
      gtk_box_append (self->rows, heading (sewa_text_get (&sec->title, lang)));
      for (guint f = 0; f < fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (fields, f);
          const char *value = sewa_form_values_get (values, field->id);
          g_autofree char *shown = value != NULL && *value != '\0'
                                       ? shown_value (field, value, lang) : NULL;

          gtk_box_append (self->rows,
                          review_row (sewa_text_get (&field->label, lang),
                                      shown != NULL ? shown : _("Not given"), shown != NULL,
                                      "win.change-answer", field->id, "change-"));
        }
    }
}

static void
add_documents (SewaReviewPage *self, SewaService *service, GHashTable *documents,
               GHashTable *on_file, SewaLang lang)
{
  GPtrArray *reqs = sewa_service_get_documents (service);

  if (reqs == NULL || reqs->len == 0)
    return;
  gtk_box_append (self->rows, heading (_("Your documents")));
  for (guint i = 0; i < reqs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (reqs, i);
      GPtrArray *pages = documents != NULL ? g_hash_table_lookup (documents, req->id) : NULL;
      const SewaVaultDoc *vault = on_file != NULL ? g_hash_table_lookup (on_file, req->id) : NULL;
      g_autofree char *status = NULL;
      gboolean given = TRUE;

      if (pages != NULL && pages->len > 0)
        status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page scanned",
                                               "%u pages scanned", pages->len), pages->len);
      else if (vault != NULL)
        {
          const char *type = sewa_doc_type_name (vault->type, lang);

          /* TRANSLATORS: %s is the document's type (Aadhaar card…), %s the date it was given */
          status = g_strdup_printf (_("Already on file: %s (%s)"), type != NULL ? type : vault->type,
                                    vault->added_on);
        }
      else
        {
          status = g_strdup (req->required ? _("Needed") : _("Optional"));
          given = !req->required;
        }
      gtk_box_append (self->rows,
                      review_row (sewa_text_get (&req->label, lang), status, given,
                                  "win.scan-document", req->id, "change-doc-"));
    }
}

static void
sewa_review_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_REVIEW_PAGE);
  G_OBJECT_CLASS (sewa_review_page_parent_class)->dispose (object);
}

static void
sewa_review_page_class_init (SewaReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_review_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/review/sewa-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaReviewPage, rows);
  gtk_widget_class_bind_template_child (widget_class, SewaReviewPage, fee);
  gtk_widget_class_bind_template_child (widget_class, SewaReviewPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, SewaReviewPage, error);
  gtk_widget_class_bind_template_child (widget_class, SewaReviewPage, checking);
  gtk_widget_class_bind_template_child (widget_class, SewaReviewPage, checking_label);
  gtk_widget_class_bind_template_child (widget_class, SewaReviewPage, checking_progress);
}

static void
sewa_review_page_init (SewaReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sewa_review_page_new (SewaService *service, const SewaFormValues *values, GHashTable *documents,
                      GHashTable *on_file, SewaLang lang, gboolean upi_here)
{
  SewaReviewPage *self = g_object_new (SEWA_TYPE_REVIEW_PAGE, NULL);
  g_autofree char *fee = sewa_service_page_fee_text (service, upi_here);

  add_answers (self, sewa_service_get_form (service), values, lang);
  add_documents (self, service, documents, on_file, lang);
  gtk_label_set_label (self->fee, fee);
  return GTK_WIDGET (self);
}

void
sewa_review_page_show_error (SewaReviewPage *self, const char *text)
{
  g_return_if_fail (SEWA_IS_REVIEW_PAGE (self));
  gtk_label_set_label (self->error, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error), text != NULL);
}

const char *
sewa_review_page_get_error (SewaReviewPage *self)
{
  g_return_val_if_fail (SEWA_IS_REVIEW_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error)) ? gtk_label_get_label (self->error) : NULL;
}

/* The same rule as the documents screen's Review: an application that is not complete (a
 * document taken away after the review was drawn) is never shown with a ready Submit, and the
 * button still answers a tap with what is missing rather than ignoring the finger. */
void
sewa_review_page_set_ready (SewaReviewPage *self, gboolean ready)
{
  g_return_if_fail (SEWA_IS_REVIEW_PAGE (self));
  if (ready)
    gtk_widget_remove_css_class (GTK_WIDGET (self->submit_button), "incomplete");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->submit_button), "incomplete");
}

/* The checks sit first, before the answers, so a citizen who seems ineligible reads why before
 * they scroll past it; each line carries "prescrutiny-ok" or "prescrutiny-attention" so a test
 * (and the style sheet) can tell them apart. */
void
sewa_review_page_set_prescrutiny (SewaReviewPage *self, GPtrArray *lines)
{
  GtkWidget *box;

  g_return_if_fail (SEWA_IS_REVIEW_PAGE (self));
  /* Called again when document checks still running at the review's opening answer: the new
   * lines replace the old ones in place. */
  if (self->prescrutiny != NULL)
    {
      gtk_box_remove (self->rows, self->prescrutiny);
      self->prescrutiny = NULL;
    }
  if (lines == NULL || lines->len == 0)
    return;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (box, "prescrutiny");
  gtk_box_append (GTK_BOX (box), heading (_("Checks before you submit")));
  for (guint i = 0; i < lines->len; i++)
    {
      const SewaPrescrutinyLine *line = g_ptr_array_index (lines, i);
      GtkWidget *label = gtk_label_new (line->text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, line->ok ? "prescrutiny-ok" : "prescrutiny-attention");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_box_prepend (self->rows, box);
  self->prescrutiny = box;
}

void
sewa_review_page_set_checking (SewaReviewPage *self, const char *text, double fraction)
{
  g_return_if_fail (SEWA_IS_REVIEW_PAGE (self));
  gtk_progress_bar_set_fraction (self->checking_progress, CLAMP (fraction, 0.0, 1.0));
  if (text == NULL)
    {
      gtk_widget_set_visible (self->checking, FALSE);
      return;
    }
  /* Announced once, when the wait begins: the bar moving is not news for a screen reader. */
  if (!gtk_widget_get_visible (self->checking))
    {
      gtk_widget_set_visible (self->checking, TRUE);
      sewa_a11y_announce (GTK_WIDGET (self->checking_label), text);
    }
  else
    gtk_label_set_label (self->checking_label, text);
}

const char *
sewa_review_page_get_checking (SewaReviewPage *self)
{
  g_return_val_if_fail (SEWA_IS_REVIEW_PAGE (self), NULL);
  return gtk_widget_get_visible (self->checking) ? gtk_label_get_label (self->checking_label) : NULL;
}
