/* sewa-operator-page.c — see sewa-operator-page.h. Rows are built here (one per application,
 * their number known only at run time); everything else is in the template. */
#include "sewa-operator-page.h"
#include "sewa-a11y.h"
#include "sewa-keep-in-view.h"
#include "sewa-osk.h"

#include <glib/gi18n.h>

struct _SewaOperatorPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *tabs;
  GtkLabel *diagnostics;
  GtkLabel *log_lines;
  GtkLabel *count_queued;
  GtkLabel *count_uploading;
  GtkLabel *count_submitted;
  GtkLabel *count_acknowledged;
  GtkLabel *count_rejected;
  GtkLabel *count_quarantined;
  GtkLabel *oldest;
  GtkLabel *details;
  GtkLabel *result;
  GtkListBox *applications;
  GtkLabel *empty;
  GtkLabel *printer_state;
  GtkLabel *printer_alerts;
  GtkLabel *printer_result;
  GtkPicture *camera_preview;
  GtkLabel *camera_result;
  GtkEditable *counter_reference;
  GtkEditable *counter_tendered;
  GtkEditable *counter_utr;
  GtkEditable *counter_reason;
  GtkEditable *counter_counted;
  GtkLabel *counter_found;
  GtkLabel *counter_result;
  SewaOsk *counter_osk;
  GtkEditable *counter_mobile;
  GtkEditable *counter_date;
  GtkFlowBox *counter_matches;
  GtkLabel *counter_day_summary;
  GtkLabel *counter_difference;
  GtkEditable *counter_waive_reason;
  GtkFlowBox *counter_waive_box;
  GtkScrolledWindow *counter_scroller;
  GtkWidget *counter_content;

  /* State */
  SewaAfterLayout found_in_view; /* scrolls the application found into view */
  guint counts[SEWA_APP_QUARANTINED + 1];
  guint n_applications;

  GtkWidget *tab_switcher; /* template */
};

G_DEFINE_FINAL_TYPE (SewaOperatorPage, sewa_operator_page, ADW_TYPE_BIN)

const char *
sewa_operator_state_label (SewaAppState state)
{
  switch (state)
    {
    case SEWA_APP_QUEUED: return _("Queued");
    case SEWA_APP_UPLOADING: return _("Uploading");
    case SEWA_APP_SUBMITTED: return _("Submitted");
    case SEWA_APP_ACKNOWLEDGED: return _("Acknowledged");
    case SEWA_APP_REJECTED: return _("Rejected");
    case SEWA_APP_QUARANTINED: return _("Quarantined");
    default: return "?";
    }
}

/* The application found is shown below the search fields: with the keyboard up it would be
 * under the keyboard, so the tab scrolls it into view once the line has its new height. */
static void
show_found (gpointer data)
{
  SewaOperatorPage *self = data;

  sewa_scroll_into_view (self->counter_scroller, self->counter_content, GTK_WIDGET (self->counter_found));
}

static void
sewa_operator_page_map (GtkWidget *widget)
{
  SewaOperatorPage *self = SEWA_OPERATOR_PAGE (widget);

  GTK_WIDGET_CLASS (sewa_operator_page_parent_class)->map (widget);
  sewa_after_layout_map (&self->found_in_view, widget);
}

static void
sewa_operator_page_unmap (GtkWidget *widget)
{
  SewaOperatorPage *self = SEWA_OPERATOR_PAGE (widget);

  sewa_after_layout_unmap (&self->found_in_view);
  GTK_WIDGET_CLASS (sewa_operator_page_parent_class)->unmap (widget);
}

static void
sewa_operator_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_OPERATOR_PAGE);
  G_OBJECT_CLASS (sewa_operator_page_parent_class)->dispose (object);
}

static void
sewa_operator_page_class_init (SewaOperatorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_operator_page_dispose;
  widget_class->map = sewa_operator_page_map;
  widget_class->unmap = sewa_operator_page_unmap;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/operator/sewa-operator-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, tabs);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, tab_switcher);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, diagnostics);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, log_lines);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, count_queued);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, count_uploading);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, count_submitted);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, count_acknowledged);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, count_rejected);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, count_quarantined);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, oldest);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, details);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, result);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, applications);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, empty);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, printer_state);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, printer_alerts);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, printer_result);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, camera_preview);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, camera_result);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_reference);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_tendered);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_utr);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_reason);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_counted);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_found);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_result);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_osk);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_scroller);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_content);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_mobile);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_date);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_matches);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_day_summary);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_difference);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_waive_reason);
  gtk_widget_class_bind_template_child (widget_class, SewaOperatorPage, counter_waive_box);
  g_type_ensure (SEWA_TYPE_OSK);
}

/* The Counter tab shown: the day's expected cash is read afresh (the window's business). */
static void
on_tab_changed (GtkStack *tabs, GParamSpec *pspec, SewaOperatorPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (tabs), "counter") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "op.counter-day-summary", NULL);
}

/* Each digit of the cash count typed: the difference is worked out again. */
static void
on_counted_changed (GtkEditable *counted, SewaOperatorPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "op.counter-counted-changed", NULL);
}

static void
sewa_operator_page_init (SewaOperatorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sewa_after_layout_init (&self->found_in_view, show_found, self);
  /* GTK 4.8's switcher puts each tab's title in a label of its own inside the tab's button
   * without naming the button by it: a screen reader found four unnamed buttons. The page is
   * built anew in each language, so its titles never change under these names. */
  for (GtkWidget *tab = gtk_widget_get_first_child (self->tab_switcher); tab != NULL;
       tab = gtk_widget_get_next_sibling (tab))
    sewa_a11y_name_from_content (tab);
  /* The counter's fields have no caption but their placeholder, which GTK 4.8 does not give a
   * screen reader: each is named by it. */
  {
    GtkEditable *fields[] = { self->counter_reference, self->counter_tendered, self->counter_utr,
                              self->counter_reason, self->counter_counted, self->counter_mobile,
                              self->counter_date, self->counter_waive_reason };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      sewa_a11y_set_name (GTK_WIDGET (fields[i]), gtk_entry_get_placeholder_text (GTK_ENTRY (fields[i])));
  }
  /* A flow box wraps each of its buttons in a child a screen reader can land on: named by the
   * button's words, as are the matches' (sewa_operator_page_set_counter_matches). */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->counter_waive_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sewa_a11y_name_from_content (child);
  /* The counter's fields take references, amounts and transaction numbers: Latin letters and
   * digits, whatever the operator's language. */
  sewa_osk_set_letter_layout (self->counter_osk, SEWA_OSK_LAYOUT_LATIN);
  sewa_osk_attach (self->counter_osk, self->counter_reference);
  sewa_osk_attach (self->counter_osk, self->counter_tendered);
  sewa_osk_attach (self->counter_osk, self->counter_utr);
  sewa_osk_attach (self->counter_osk, self->counter_reason);
  sewa_osk_attach (self->counter_osk, self->counter_counted);
  sewa_osk_attach (self->counter_osk, self->counter_mobile);
  sewa_osk_attach (self->counter_osk, self->counter_date);
  sewa_osk_attach (self->counter_osk, self->counter_waive_reason);
  g_signal_connect_object (self->tabs, "notify::visible-child-name", G_CALLBACK (on_tab_changed), self, 0);
  g_signal_connect_object (self->counter_counted, "changed", G_CALLBACK (on_counted_changed), self, 0);
}

GtkWidget *
sewa_operator_page_new (void)
{
  return g_object_new (SEWA_TYPE_OPERATOR_PAGE, NULL);
}

void
sewa_operator_page_show_tab (SewaOperatorPage *self, const char *name)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  gtk_stack_set_visible_child_name (self->tabs, name);
}

const char *
sewa_operator_page_get_tab (SewaOperatorPage *self)
{
  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->tabs);
}

static void
set_number (GtkLabel *label, guint n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_label (label, text);
}

void
sewa_operator_page_set_counts (SewaOperatorPage *self, const SewaOperatorCounts *counts, gint64 now)
{
  GtkLabel *labels[] = { self->count_queued, self->count_uploading, self->count_submitted,
                         self->count_acknowledged, self->count_rejected, self->count_quarantined };

  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      self->counts[i] = counts->by_state[i];
      set_number (labels[i], counts->by_state[i]);
    }
  if (counts->oldest_pending_created_at > 0)
    {
      guint minutes = (guint) (MAX (now - counts->oldest_pending_created_at, 0) / 60);
      g_autofree char *text = NULL;

      /* TRANSLATORS: how long the oldest application not yet at the portal has waited */
      if (minutes < 120)
        text = g_strdup_printf (ngettext ("Oldest waiting: %u minute", "Oldest waiting: %u minutes",
                                          minutes), minutes);
      else
        text = g_strdup_printf (ngettext ("Oldest waiting: %u hour", "Oldest waiting: %u hours",
                                          minutes / 60), minutes / 60);
      gtk_label_set_label (self->oldest, text);
    }
  else
    gtk_label_set_label (self->oldest, _("Nothing is waiting to be sent."));
}

guint
sewa_operator_page_get_count (SewaOperatorPage *self, SewaAppState state)
{
  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), 0);
  g_return_val_if_fail (state <= SEWA_APP_QUARANTINED, 0);
  return self->counts[state];
}

void
sewa_operator_page_clear_applications (SewaOperatorPage *self)
{
  GtkWidget *child;

  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  child = gtk_widget_get_first_child (GTK_WIDGET (self->applications));
  while (child != NULL)
    {
      gtk_list_box_remove (self->applications, child);
      child = gtk_widget_get_first_child (GTK_WIDGET (self->applications));
    }
  self->n_applications = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->empty), TRUE);
}

static GtkWidget *
row_button (const char *label, const char *action, const char *reference)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", reference);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "operator-row-button");
  return button;
}

void
sewa_operator_page_add_application (SewaOperatorPage *self, const char *reference,
                                    const char *service_name, SewaAppState state,
                                    const char *last_error)
{
  GtkWidget *row, *box, *text, *buttons, *label;
  g_autofree char *state_line = NULL;

  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  g_return_if_fail (reference != NULL);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "operator-row");
  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  label = gtk_label_new (reference);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "operator-ref");
  gtk_box_append (GTK_BOX (text), label);

  label = gtk_label_new (service_name != NULL ? service_name : "");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (text), label);

  label = gtk_label_new (sewa_operator_state_label (state));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "operator-state");
  gtk_widget_add_css_class (label, sewa_app_state_to_string (state));
  gtk_box_append (GTK_BOX (text), label);

  /* The last error is the portal's reason or a transport error: never citizen data (the
   * store's contract), and what the operator needs to decide whether to retry. */
  if (last_error != NULL && *last_error != '\0')
    {
      label = gtk_label_new (last_error);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "operator-error");
      gtk_box_append (GTK_BOX (text), label);
    }

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_append (GTK_BOX (buttons), row_button (_("Reprint receipt"), "op.reprint", reference));
  /* Retry is for what is stuck: quarantined, or waiting after a failed attempt. Final states
   * cannot be retried (the store refuses), so the button is not offered. */
  if (state == SEWA_APP_QUARANTINED ||
      ((state == SEWA_APP_QUEUED || state == SEWA_APP_UPLOADING) && last_error != NULL))
    gtk_box_append (GTK_BOX (buttons), row_button (_("Retry now"), "op.retry", reference));
  gtk_box_append (GTK_BOX (buttons), row_button (_("Details"), "op.details", reference));

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "reference", g_strdup (reference), g_free);
  g_object_set_data (G_OBJECT (row), "state", GINT_TO_POINTER ((int) state));
  gtk_list_box_append (self->applications, row);
  self->n_applications++;
  gtk_widget_set_visible (GTK_WIDGET (self->empty), FALSE);
}

guint
sewa_operator_page_get_n_applications (SewaOperatorPage *self)
{
  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), 0);
  return self->n_applications;
}

static GtkWidget *
find_row (SewaOperatorPage *self, const char *reference)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->applications)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (c), "reference"), reference) == 0)
      return c;
  return NULL;
}

int
sewa_operator_page_get_application_state (SewaOperatorPage *self, const char *reference)
{
  GtkWidget *row;

  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), -1);
  row = find_row (self, reference);
  return row != NULL ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "state")) : -1;
}

static GtkWidget *
find_actionable (GtkWidget *root, const char *action)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_actionable (c, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
sewa_operator_page_get_row_button (SewaOperatorPage *self, const char *reference, const char *action)
{
  GtkWidget *row;

  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), NULL);
  row = find_row (self, reference);
  return row != NULL ? find_actionable (row, action) : NULL;
}

static void
set_status_label (GtkLabel *label, const char *text, gboolean problem)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (label), "field-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "field-error");
}

void
sewa_operator_page_set_result (SewaOperatorPage *self, const char *text, gboolean problem)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  set_status_label (self->result, text, problem);
}

const char *
sewa_operator_page_get_result (SewaOperatorPage *self)
{
  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), NULL);
  return gtk_label_get_label (self->result);
}

void
sewa_operator_page_set_details (SewaOperatorPage *self, const char *text)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  set_status_label (self->details, text, FALSE);
}

const char *
sewa_operator_page_get_details (SewaOperatorPage *self)
{
  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), NULL);
  return gtk_label_get_label (self->details);
}

void
sewa_operator_page_set_printer_state (SewaOperatorPage *self, const char *state, const char *alerts,
                                      gboolean problem)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  gtk_label_set_label (self->printer_state, state);
  set_status_label (self->printer_alerts, alerts, problem);
}

const char *
sewa_operator_page_get_printer_state (SewaOperatorPage *self)
{
  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), NULL);
  return gtk_label_get_label (self->printer_state);
}

const char *
sewa_operator_page_get_printer_alerts (SewaOperatorPage *self)
{
  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), NULL);
  return gtk_label_get_label (self->printer_alerts);
}

void
sewa_operator_page_set_printer_result (SewaOperatorPage *self, const char *text, gboolean problem)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  set_status_label (self->printer_result, text, problem);
}

const char *
sewa_operator_page_get_printer_result (SewaOperatorPage *self)
{
  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), NULL);
  return gtk_label_get_label (self->printer_result);
}

void
sewa_operator_page_set_diagnostics (SewaOperatorPage *self, const char *facts, const char *log_lines)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  gtk_label_set_label (self->diagnostics, facts);
  gtk_label_set_label (self->log_lines, log_lines);
}

void
sewa_operator_page_set_camera_test (SewaOperatorPage *self, GBytes *jpeg, const char *text,
                                    gboolean problem)
{
  g_autoptr (GdkTexture) texture = NULL;

  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  if (jpeg != NULL)
    {
      g_autoptr (GError) error = NULL;

      texture = gdk_texture_new_from_bytes (jpeg, &error);
      if (texture == NULL)
        g_debug ("camera test: cannot show the photo: %s", error->message);
    }
  gtk_picture_set_paintable (self->camera_preview, texture != NULL ? GDK_PAINTABLE (texture) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->camera_preview), texture != NULL);
  set_status_label (self->camera_result, text, problem);
}

/* --- the counter tab (#18) ------------------------------------------------------------------ */

const char *
sewa_operator_page_get_counter_text (SewaOperatorPage *self, const char *field)
{
  g_return_val_if_fail (SEWA_IS_OPERATOR_PAGE (self), NULL);
  if (g_strcmp0 (field, "reference") == 0)
    return gtk_editable_get_text (self->counter_reference);
  if (g_strcmp0 (field, "tendered") == 0)
    return gtk_editable_get_text (self->counter_tendered);
  if (g_strcmp0 (field, "utr") == 0)
    return gtk_editable_get_text (self->counter_utr);
  if (g_strcmp0 (field, "reason") == 0)
    return gtk_editable_get_text (self->counter_reason);
  if (g_strcmp0 (field, "counted") == 0)
    return gtk_editable_get_text (self->counter_counted);
  if (g_strcmp0 (field, "mobile") == 0)
    return gtk_editable_get_text (self->counter_mobile);
  if (g_strcmp0 (field, "date") == 0)
    return gtk_editable_get_text (self->counter_date);
  if (g_strcmp0 (field, "waive") == 0)
    return gtk_editable_get_text (self->counter_waive_reason);
  g_return_val_if_reached (NULL);
}

void
sewa_operator_page_set_counter_found (SewaOperatorPage *self, const char *text)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  gtk_label_set_text (self->counter_found, text);
  if (text != NULL && text[0] != '\0')
    sewa_after_layout_request (&self->found_in_view);
}

void
sewa_operator_page_set_counter_result (SewaOperatorPage *self, const char *text, gboolean problem)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  gtk_label_set_text (self->counter_result, text);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->counter_result), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counter_result), "error");
}

void
sewa_operator_page_add_counter_problem (SewaOperatorPage *self, const char *text)
{
  const char *before;
  g_autofree char *both = NULL;

  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  before = gtk_label_get_text (self->counter_result);
  both = before[0] != '\0' ? g_strconcat (before, "\n", text, NULL) : g_strdup (text);
  gtk_label_set_text (self->counter_result, both);
  gtk_widget_add_css_class (GTK_WIDGET (self->counter_result), "error");
}

void
sewa_operator_page_clear_counter_inputs (SewaOperatorPage *self)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  gtk_editable_set_text (self->counter_reference, "");
  gtk_editable_set_text (self->counter_tendered, "");
  gtk_editable_set_text (self->counter_utr, "");
  gtk_editable_set_text (self->counter_reason, "");
  gtk_editable_set_text (self->counter_counted, "");
  gtk_editable_set_text (self->counter_mobile, "");
  gtk_editable_set_text (self->counter_date, "");
  gtk_editable_set_text (self->counter_waive_reason, "");
}

void
sewa_operator_page_set_counter_matches (SewaOperatorPage *self, const char *const *references,
                                        const char *const *labels)
{
  GtkWidget *child;
  guint i;

  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counter_matches))) != NULL)
    gtk_flow_box_remove (self->counter_matches, child);
  for (i = 0; references != NULL && references[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (labels[i]);

      gtk_widget_add_css_class (button, "nav-button");
      gtk_widget_add_css_class (button, "counter-match");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "op.counter-pick");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", references[i]);
      gtk_flow_box_append (self->counter_matches, button);
      sewa_a11y_name_from_content (gtk_widget_get_parent (button));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->counter_matches), i > 0);
}

void
sewa_operator_page_set_counter_day (SewaOperatorPage *self, const char *summary,
                                    const char *difference, gboolean problem)
{
  g_return_if_fail (SEWA_IS_OPERATOR_PAGE (self));
  if (summary != NULL)
    gtk_label_set_text (self->counter_day_summary, summary);
  if (difference != NULL)
    gtk_label_set_text (self->counter_difference, difference);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->counter_difference), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counter_difference), "error");
}
