/* sewa-doctype-page.c — the document type chooser. Built per requirement and language. */
#include "sewa-doctype-page.h"
#include "sewa-a11y.h"
#include "sewa-doc-type.h"

struct _SewaDoctypePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *heading;
  GtkFlowBox *tiles;

  /* Owned references */
  GHashTable *by_code; /* type code → tile (borrowed: the flow box owns it) */
};

G_DEFINE_FINAL_TYPE (SewaDoctypePage, sewa_doctype_page, ADW_TYPE_BIN)

static void
sewa_doctype_page_dispose (GObject *object)
{
  SewaDoctypePage *self = SEWA_DOCTYPE_PAGE (object);

  g_clear_pointer (&self->by_code, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_DOCTYPE_PAGE);
  G_OBJECT_CLASS (sewa_doctype_page_parent_class)->dispose (object);
}

static void
sewa_doctype_page_class_init (SewaDoctypePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_doctype_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/doctype/sewa-doctype-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaDoctypePage, heading);
  gtk_widget_class_bind_template_child (widget_class, SewaDoctypePage, tiles);
}

static void
sewa_doctype_page_init (SewaDoctypePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
sewa_doctype_page_new (const SewaDocumentRequirement *req, SewaLang lang)
{
  SewaDoctypePage *self;

  g_return_val_if_fail (req != NULL && req->any_of != NULL, NULL);
  self = g_object_new (SEWA_TYPE_DOCTYPE_PAGE, NULL);
  gtk_label_set_label (self->heading, sewa_text_get (&req->label, lang));
  for (guint i = 0; req->any_of[i] != NULL; i++)
    {
      const char *name = sewa_doc_type_name (req->any_of[i], lang);
      GtkWidget *tile = gtk_button_new_with_label (name != NULL ? name : req->any_of[i]);
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (tile));

      if (GTK_IS_LABEL (label))
        {
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
        }
      gtk_actionable_set_action_name (GTK_ACTIONABLE (tile), "win.choose-doc-type");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (tile), "(ss)", req->id, req->any_of[i]);
      gtk_widget_add_css_class (tile, "doctype-tile");
      gtk_flow_box_append (self->tiles, tile);
      /* The flow box's cell is what a screen reader lands on: it says the tile's words. */
      sewa_a11y_name_from_content (gtk_widget_get_parent (tile));
      g_hash_table_replace (self->by_code, g_strdup (req->any_of[i]), tile);
    }
  return GTK_WIDGET (self);
}

GtkWidget *
sewa_doctype_page_get_tile (SewaDoctypePage *self, const char *code)
{
  g_return_val_if_fail (SEWA_IS_DOCTYPE_PAGE (self), NULL);
  return g_hash_table_lookup (self->by_code, code);
}
