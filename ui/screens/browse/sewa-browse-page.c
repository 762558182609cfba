/* sewa-browse-page.c — department tiles, service lists and live search.
 *
 * Rows and tiles activate win.open-service / a department view; nothing here knows about
 * forms. Searching runs the kiosk's own FTS5 index on every keystroke (it answers in well
 * under a frame on the full catalog, see bench/search), so no debounce is needed.
 */
#include "sewa-browse-page.h"
#include "sewa-a11y.h"
#include "sewa-osk.h"

#include <glib/gi18n.h>

struct _SewaBrowsePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *views;
  GtkFlowBox *departments;
  GtkListBox *services;
  GtkListBox *results;
  GtkLabel *list_title;
  GtkLabel *no_results;
  GtkSearchEntry *search_entry;
  SewaOsk *osk;

  /* Owned references */
  SewaCatalog *catalog;
  SewaSearch *search; /* borrowed from the window, which outlives this page */
  SewaLang lang;
  GPtrArray *row_ids;  /* service ids of the visible list, in order */
  char *department_id; /* the department whose services were last shown, or NULL */
};

G_DEFINE_FINAL_TYPE (SewaBrowsePage, sewa_browse_page, ADW_TYPE_BIN)

#define MAX_RESULTS 12

static GtkWidget *
service_row (SewaBrowsePage *self, SewaService *service)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name = gtk_label_new (sewa_text_get (sewa_service_get_name (service), self->lang));
  g_autofree char *days = NULL;
  GtkWidget *sub;
  int limit = sewa_service_get_time_limit_days (service);

  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "service-name");
  gtk_box_append (GTK_BOX (box), name);
  /* Only the citizen's language: an English line under each name made the Punjabi and Hindi
   * lists half English. Typing in any script still finds a service (kiosk/sewa-search). */
  if (limit > 0)
    {
      days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Within %d day", "Within %d days", limit), limit);
      sub = gtk_label_new (days);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_widget_add_css_class (sub, "service-days");
      gtk_box_append (GTK_BOX (box), sub);
    }
  gtk_widget_add_css_class (row, "service-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "service-id", g_strdup (sewa_service_get_id (service)), g_free);
  sewa_a11y_name_from_content (row);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  /* gtk_list_box_remove_all() is GTK 4.12; Debian 12 has 4.8. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Catalog icon names ("sewa-health") mapped to icons every GTK installation has; an unknown
 * name falls back to a folder, never to a broken-image placeholder. */
static const char *
department_icon (const char *catalog_icon)
{
  static const struct { const char *catalog, *theme; } map[] = {
    { "sewa-health", "emblem-favorite-symbolic" },
    { "sewa-revenue", "folder-documents-symbolic" },
    { "sewa-personnel", "avatar-default-symbolic" },
    { "sewa-social-security", "emoji-people-symbolic" },
    { "sewa-social-justice", "preferences-system-parental-controls-symbolic" },
    { "sewa-home", "security-high-symbolic" },
    { "sewa-police", "security-medium-symbolic" },
    { "sewa-transport", "find-location-symbolic" },
    { "sewa-local-government", "go-home-symbolic" },
    { "sewa-food", "emoji-food-symbolic" },
  };
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  for (gsize i = 0; catalog_icon != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (catalog_icon, map[i].catalog))
      return map[i].theme;
  if (catalog_icon != NULL && gtk_icon_theme_has_icon (theme, catalog_icon))
    return catalog_icon;
  return "folder-documents-symbolic";
}

static void
fill_departments (SewaBrowsePage *self)
{
  GListModel *deps = sewa_catalog_get_departments (self->catalog);

  for (guint i = 0; i < g_list_model_get_n_items (deps); i++)
    {
      g_autoptr (SewaDepartment) d = g_list_model_get_item (deps, i);
      GtkWidget *button, *box, *icon, *label;
      const char *icon_name = sewa_department_get_icon (d);

      if (sewa_department_get_n_services (d) == 0)
        continue;
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      icon = gtk_image_new_from_icon_name (department_icon (icon_name));
      gtk_image_set_pixel_size (GTK_IMAGE (icon), 48);
      label = gtk_label_new (sewa_text_get (sewa_department_get_name (d), self->lang));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "department-tile");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "browse.department");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", sewa_department_get_id (d));
      gtk_flow_box_append (self->departments, button);
      /* An icon and a label: named by the label, on the button and on the flow box's cell a
       * screen reader lands on. */
      sewa_a11y_name_from_content (button);
      sewa_a11y_name_from_content (gtk_widget_get_parent (button));
    }
}

static void
set_rows (SewaBrowsePage *self, GtkListBox *list, GPtrArray *services)
{
  clear_list (list);
  g_ptr_array_set_size (self->row_ids, 0);
  for (guint i = 0; i < services->len; i++)
    {
      SewaService *s = g_ptr_array_index (services, i);
      gtk_list_box_append (list, service_row (self, s));
      g_ptr_array_add (self->row_ids, g_strdup (sewa_service_get_id (s)));
    }
}

void
sewa_browse_page_show_department (SewaBrowsePage *self, const char *department_id)
{
  g_autoptr (GListModel) list = NULL;
  g_autoptr (GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  SewaDepartment *d;

  g_return_if_fail (SEWA_IS_BROWSE_PAGE (self));
  d = sewa_catalog_lookup_department (self->catalog, department_id);
  if (d == NULL)
    return;
  list = sewa_catalog_list_services (self->catalog, department_id);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (services, g_list_model_get_item (list, i));
  g_free (self->department_id);
  self->department_id = g_strdup (department_id);
  gtk_label_set_label (self->list_title, sewa_text_get (sewa_department_get_name (d), self->lang));
  set_rows (self, self->services, services);
  gtk_stack_set_visible_child_name (self->views, "services");
}

void
sewa_browse_page_set_query (SewaBrowsePage *self, const char *query)
{
  g_return_if_fail (SEWA_IS_BROWSE_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
}

static void
on_search_changed (GtkEditable *entry, SewaBrowsePage *self)
{
  const char *q = gtk_editable_get_text (entry);
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GPtrArray) services = g_ptr_array_new ();
  g_autofree char *stripped = g_strstrip (g_strdup (q));

  if (*stripped == '\0')
    {
      g_ptr_array_set_size (self->row_ids, 0);
      gtk_stack_set_visible_child_name (self->views, "departments");
      return;
    }
  hits = sewa_search_query (self->search, stripped, self->lang, MAX_RESULTS);
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    g_ptr_array_add (services, ((SewaSearchHit *) g_ptr_array_index (hits, i))->service);
  set_rows (self, self->results, services);
  gtk_widget_set_visible (GTK_WIDGET (self->no_results), services->len == 0);
  gtk_stack_set_visible_child_name (self->views, "results");
}

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, SewaBrowsePage *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "service-id");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-service", "s", id);
}

static void
department_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  sewa_browse_page_show_department (SEWA_BROWSE_PAGE (widget), g_variant_get_string (param, NULL));
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaBrowsePage *self = SEWA_BROWSE_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_stack_set_visible_child_name (self->views, "departments");
}

static void
sewa_browse_page_dispose (GObject *object)
{
  SewaBrowsePage *self = SEWA_BROWSE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEWA_TYPE_BROWSE_PAGE);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->row_ids, g_ptr_array_unref);
  g_clear_pointer (&self->department_id, g_free);
  G_OBJECT_CLASS (sewa_browse_page_parent_class)->dispose (object);
}

static void
sewa_browse_page_class_init (SewaBrowsePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_browse_page_dispose;
  g_type_ensure (SEWA_TYPE_OSK);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/browse/sewa-browse-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaBrowsePage, views);
  gtk_widget_class_bind_template_child (widget_class, SewaBrowsePage, departments);
  gtk_widget_class_bind_template_child (widget_class, SewaBrowsePage, services);
  gtk_widget_class_bind_template_child (widget_class, SewaBrowsePage, results);
  gtk_widget_class_bind_template_child (widget_class, SewaBrowsePage, list_title);
  gtk_widget_class_bind_template_child (widget_class, SewaBrowsePage, no_results);
  gtk_widget_class_bind_template_child (widget_class, SewaBrowsePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SewaBrowsePage, osk);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_install_action (widget_class, "browse.department", "s", department_action);
  gtk_widget_class_install_action (widget_class, "browse.back", NULL, back_action);
}

static void
sewa_browse_page_init (SewaBrowsePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The search box says what it is for, as its placeholder does while it is empty. */
  sewa_a11y_set_name (GTK_WIDGET (self->search_entry), _("Type to search"));
  self->row_ids = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
sewa_browse_page_new (SewaCatalog *catalog, SewaSearch *search, SewaLang lang)
{
  SewaBrowsePage *self = g_object_new (SEWA_TYPE_BROWSE_PAGE, NULL);
  static const SewaOskLayout script[SEWA_N_LANGS] = {
    [SEWA_LANG_PA] = SEWA_OSK_LAYOUT_GURMUKHI,
    [SEWA_LANG_HI] = SEWA_OSK_LAYOUT_DEVANAGARI,
    [SEWA_LANG_EN] = SEWA_OSK_LAYOUT_LATIN,
  };

  self->catalog = g_object_ref (catalog);
  self->search = search;
  self->lang = lang;
  fill_departments (self);
  sewa_osk_set_letter_layout (self->osk, script[lang]);
  sewa_osk_set_target (self->osk, GTK_EDITABLE (self->search_entry));
  sewa_osk_attach (self->osk, GTK_EDITABLE (self->search_entry));
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  return GTK_WIDGET (self);
}

const char *
sewa_browse_page_get_view (SewaBrowsePage *self)
{
  g_return_val_if_fail (SEWA_IS_BROWSE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->views);
}

guint
sewa_browse_page_get_n_rows (SewaBrowsePage *self)
{
  g_return_val_if_fail (SEWA_IS_BROWSE_PAGE (self), 0);
  return self->row_ids->len;
}

const char *
sewa_browse_page_get_row_service_id (SewaBrowsePage *self, guint index)
{
  g_return_val_if_fail (SEWA_IS_BROWSE_PAGE (self), NULL);
  return index < self->row_ids->len ? g_ptr_array_index (self->row_ids, index) : NULL;
}

GtkWidget *
sewa_browse_page_get_search_entry (SewaBrowsePage *self)
{
  g_return_val_if_fail (SEWA_IS_BROWSE_PAGE (self), NULL);
  return GTK_WIDGET (self->search_entry);
}

guint
sewa_browse_page_get_n_departments (SewaBrowsePage *self)
{
  guint n = 0;

  g_return_val_if_fail (SEWA_IS_BROWSE_PAGE (self), 0);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->departments)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

gboolean
sewa_browse_page_no_results_shown (SewaBrowsePage *self)
{
  g_return_val_if_fail (SEWA_IS_BROWSE_PAGE (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->no_results));
}

void
sewa_browse_page_activate_row (SewaBrowsePage *self, guint index)
{
  GtkListBox *list;
  GtkListBoxRow *row;

  g_return_if_fail (SEWA_IS_BROWSE_PAGE (self));
  list = g_str_equal (gtk_stack_get_visible_child_name (self->views), "results") ? self->results
                                                                                  : self->services;
  row = gtk_list_box_get_row_at_index (list, (int) index);
  if (row != NULL)
    g_signal_emit_by_name (list, "row-activated", row);
}

const char *
sewa_browse_page_get_department (SewaBrowsePage *self)
{
  g_return_val_if_fail (SEWA_IS_BROWSE_PAGE (self), NULL);
  return g_strcmp0 (sewa_browse_page_get_view (self), "services") == 0 ? self->department_id : NULL;
}
