/* sewa-a11y.h — accessible names, relations and announcements, set in one place.
 *
 * GTK 4.8 lets the kiosk set an accessible's properties and relations but offers no public way to
 * read them back (the AT context's state is private, and gtk_accessible_announce() only arrived
 * in 4.14). Each setter here therefore does two things: it tells GTK (which hands it to AT-SPI for
 * a screen reader), and it records the same value on the widget so that the test probe can report
 * it and the accessibility test can check it. Code that sets a name or relation any other way is
 * invisible to that test, so use these.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The name a screen reader says for @widget (GTK_ACCESSIBLE_PROPERTY_LABEL). */
void        sewa_a11y_set_name (GtkWidget *widget, const char *name);
const char *sewa_a11y_get_name (GtkWidget *widget);

/* @widget is labelled by @label (GTK_ACCESSIBLE_RELATION_LABELLED_BY): a form field by its
 * caption. */
void        sewa_a11y_set_labelled_by (GtkWidget *widget, GtkWidget *label);
GtkWidget  *sewa_a11y_get_labelled_by (GtkWidget *widget);

/* @widget is described by @description (GTK_ACCESSIBLE_RELATION_DESCRIBED_BY): a field by its
 * error line while that line shows; NULL removes the relation. */
void        sewa_a11y_set_described_by (GtkWidget *widget, GtkWidget *description);
GtkWidget  *sewa_a11y_get_described_by (GtkWidget *widget);

/* Names @widget by the text of the labels inside it, in order ("Apply for a service, birth,
 * income…"): GTK 4.8 names a button by its own label only, so a tile, row or button built of
 * an icon and labels has no name unless it is given one. Call again when those texts change. */
void        sewa_a11y_name_from_content (GtkWidget *widget);
/* The same for every button under @root whose child is not a plain label and that has no name
 * yet (a screen's template buttons made of an icon and a label). */
void        sewa_a11y_name_buttons (GtkWidget *root);

/* A label that a screen reader speaks as soon as it appears: a GtkLabel whose accessible role is
 * ALERT, which GTK 4.8's AT-SPI backend exposes as ATSPI_ROLE_ALERT, and which a screen reader
 * (Orca) presents when it becomes showing. GTK 4.8 has no live regions and no
 * gtk_accessible_announce() (4.14), so an alert that appears is how the kiosk announces. */
GtkWidget  *sewa_a11y_alert_label_new (void);
/* Shows @text on @alert and makes it appear anew (hidden, then shown), so that the screen reader
 * announces it even when the same label was already showing; NULL or "" hides it. The latest
 * text is also recorded for the test probe. */
void        sewa_a11y_announce (GtkWidget *alert, const char *text);
/* Whether @widget is one of those labels (for the probe). */
gboolean    sewa_a11y_is_alert (GtkWidget *widget);

G_END_DECLS
