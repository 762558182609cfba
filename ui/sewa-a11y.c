/* sewa-a11y.c — accessible names, relations and announcements (see sewa-a11y.h). */
#include "sewa-a11y.h"

#define NAME_KEY "sewa-a11y-name"
#define LABELLED_BY_KEY "sewa-a11y-labelled-by"
#define DESCRIBED_BY_KEY "sewa-a11y-described-by"

void
sewa_a11y_set_name (GtkWidget *widget, const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  if (name == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
      g_object_set_data (G_OBJECT (widget), NAME_KEY, NULL);
      return;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (widget), NAME_KEY, g_strdup (name), g_free);
}

const char *
sewa_a11y_get_name (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), NAME_KEY);
}

static void
weak_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* The related widget is held weakly: a caption or error line goes with its row, and a dangling
 * pointer must never reach the probe. */
static void
record_relation (GtkWidget *widget, const char *key, GtkWidget *other)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, other);
  g_object_set_data_full (G_OBJECT (widget), key, ref, weak_free);
}

static GtkWidget *
recorded_relation (GtkWidget *widget, const char *key)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (widget), key);
  GObject *other;

  if (ref == NULL || (other = g_weak_ref_get (ref)) == NULL)
    return NULL;
  /* Borrowed: the widget tree holds the related widget while it is in the tree. */
  g_object_unref (other);
  return GTK_WIDGET (other);
}

void
sewa_a11y_set_labelled_by (GtkWidget *widget, GtkWidget *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget) && GTK_IS_WIDGET (label));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  record_relation (widget, LABELLED_BY_KEY, label);
}

GtkWidget *
sewa_a11y_get_labelled_by (GtkWidget *widget)
{
  return recorded_relation (widget, LABELLED_BY_KEY);
}

void
sewa_a11y_set_described_by (GtkWidget *widget, GtkWidget *description)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  if (description == NULL)
    {
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
      g_object_set_data (G_OBJECT (widget), DESCRIBED_BY_KEY, NULL);
      return;
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  description, NULL, -1);
  record_relation (widget, DESCRIBED_BY_KEY, description);
}

GtkWidget *
sewa_a11y_get_described_by (GtkWidget *widget)
{
  return recorded_relation (widget, DESCRIBED_BY_KEY);
}

static void
collect_text (GtkWidget *w, GString *out)
{
  if (GTK_IS_LABEL (w))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (w));

      if (gtk_widget_get_visible (w) && *text != '\0')
        {
          if (out->len > 0)
            g_string_append (out, ", ");
          g_string_append (out, text);
        }
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

void
sewa_a11y_name_from_content (GtkWidget *widget)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_if_fail (GTK_IS_WIDGET (widget));
  collect_text (widget, text);
  if (text->len > 0)
    sewa_a11y_set_name (widget, text->str);
}

void
sewa_a11y_name_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  if (GTK_IS_BUTTON (root) && !GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (root))) &&
      sewa_a11y_get_name (root) == NULL)
    {
      sewa_a11y_name_from_content (root);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    sewa_a11y_name_buttons (c);
}

GtkWidget *
sewa_a11y_alert_label_new (void)
{
  /* The role can only be given at construction. */
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                   "visible", FALSE, NULL);

  return label;
}

void
sewa_a11y_announce (GtkWidget *alert, const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (alert));
  gtk_widget_set_visible (alert, FALSE);
  if (text == NULL || *text == '\0')
    return;
  gtk_label_set_label (GTK_LABEL (alert), text);
  gtk_widget_set_visible (alert, TRUE);
}

gboolean
sewa_a11y_is_alert (GtkWidget *widget)
{
  return gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_ALERT;
}
