#include "sewa-service-page.h"

#include <glib/gi18n.h>

struct _SewaServicePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *name;
  GtkLabel *name_en;
  GtkLabel *description;
  GtkBox *documents;
  GtkLabel *fee;
  GtkLabel *days;
  GtkLabel *notes;
  GtkButton *apply_button;

  /* Owned references */
  SewaService *service;
};

G_DEFINE_FINAL_TYPE (SewaServicePage, sewa_service_page, ADW_TYPE_BIN)

/* The fee in words a citizen can act on: how much, and where it is paid. */
char *
sewa_service_page_fee_text (SewaService *service, gboolean upi_here)
{
  gint64 paise = sewa_service_get_fee_paise (service);
  g_autofree char *amount = NULL;

  if (paise <= 0 || sewa_service_get_payment (service) == SEWA_PAYMENT_NONE)
    return g_strdup (_("No fee"));
  amount = paise % 100 == 0 ? g_strdup_printf ("₹%" G_GINT64_FORMAT, paise / 100)
                            : g_strdup_printf ("₹%" G_GINT64_FORMAT ".%02d", paise / 100, (int) (paise % 100));
  /* "By UPI" only where this centre can take it (a UPI address in [payments]): the same
   * answer the done screen, the spoken fee and the receipt give. */
  if (sewa_service_get_payment (service) == SEWA_PAYMENT_UPI && upi_here)
    /* TRANSLATORS: %s is an amount like ₹75 */
    return g_strdup_printf (_("Fee %s, paid here by UPI"), amount);
  /* TRANSLATORS: %s is an amount like ₹75 */
  return g_strdup_printf (_("Fee %s, paid in cash at the counter"), amount);
}

static void
add_document (SewaServicePage *self, const SewaDocumentRequirement *req, SewaLang lang)
{
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (req->required)
    text = g_strdup_printf ("• %s", sewa_text_get (&req->label, lang));
  else
    /* TRANSLATORS: a document the citizen may bring but does not have to */
    text = g_strdup_printf ("• %s %s", sewa_text_get (&req->label, lang), _("(if you have it)"));
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (self->documents, label);
}

static void
sewa_service_page_dispose (GObject *object)
{
  SewaServicePage *self = SEWA_SERVICE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEWA_TYPE_SERVICE_PAGE);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (sewa_service_page_parent_class)->dispose (object);
}

static void
sewa_service_page_class_init (SewaServicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_service_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/service/sewa-service-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaServicePage, name);
  gtk_widget_class_bind_template_child (widget_class, SewaServicePage, name_en);
  gtk_widget_class_bind_template_child (widget_class, SewaServicePage, description);
  gtk_widget_class_bind_template_child (widget_class, SewaServicePage, documents);
  gtk_widget_class_bind_template_child (widget_class, SewaServicePage, fee);
  gtk_widget_class_bind_template_child (widget_class, SewaServicePage, days);
  gtk_widget_class_bind_template_child (widget_class, SewaServicePage, notes);
  gtk_widget_class_bind_template_child (widget_class, SewaServicePage, apply_button);
}

static void
sewa_service_page_init (SewaServicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sewa_service_page_new (SewaService *service, SewaLang lang, gboolean upi_here)
{
  SewaServicePage *self = g_object_new (SEWA_TYPE_SERVICE_PAGE, NULL);
  GPtrArray *docs = sewa_service_get_documents (service);
  const SewaEligibility *elig = sewa_service_get_eligibility (service);
  int limit = sewa_service_get_time_limit_days (service);
  g_autofree char *fee = sewa_service_page_fee_text (service, upi_here);
  const char *notes = elig != NULL ? sewa_text_get (&elig->notes, lang) : "";

  self->service = g_object_ref (service);
  gtk_label_set_label (self->name, sewa_text_get (sewa_service_get_name (service), lang));
  gtk_label_set_label (self->name_en, sewa_text_get (sewa_service_get_name (service), SEWA_LANG_EN));
  gtk_widget_set_visible (GTK_WIDGET (self->name_en), lang != SEWA_LANG_EN);
  gtk_label_set_label (self->description, sewa_text_get (sewa_service_get_description (service), lang));
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    add_document (self, g_ptr_array_index (docs, i), lang);
  if (docs == NULL || docs->len == 0)
    add_document (self, &(SewaDocumentRequirement) { .label = { .en = (char *) _("No documents needed"),
                                                                .pa = (char *) _("No documents needed"),
                                                                .hi = (char *) _("No documents needed") },
                                                     .required = TRUE }, lang);
  gtk_label_set_label (self->fee, fee);
  if (limit > 0)
    {
      g_autofree char *d = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Decided within %d day of applying",
                                                         "Decided within %d days of applying", limit),
                                            limit);
      gtk_label_set_label (self->days, d);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->days), FALSE);
  gtk_label_set_label (self->notes, notes);
  gtk_widget_set_visible (GTK_WIDGET (self->notes), *notes != '\0');
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->apply_button), "s",
                                    sewa_service_get_id (service));
  return GTK_WIDGET (self);
}

SewaService *
sewa_service_page_get_service (SewaServicePage *self)
{
  g_return_val_if_fail (SEWA_IS_SERVICE_PAGE (self), NULL);
  return self->service;
}
