/* Keeping a widget in view inside a scrolled window, after the frame's layout: the form page's
 * focused row and the operator page's application found, both of which the on-screen keyboard
 * would otherwise cover. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*SewaAfterLayoutFunc) (gpointer data);

/* Runs a function once after the next layout of a mapped widget's frame clock. A scroll set
 * while allocating is lost (GTK drops an allocation queued while allocating, so the row stays
 * where it was, under the keyboard); one set after the frame's layout is laid out in the same
 * frame (the frame clock repeats its layout phase while layout is queued). Embed it in the
 * widget's instance; call map and unmap from the widget's own. */
typedef struct
{
  SewaAfterLayoutFunc func;
  gpointer data;
  GdkFrameClock *clock; /* while mapped */
  gulong handler;
  gboolean pending;     /* asked for since the last layout */
} SewaAfterLayout;

void sewa_after_layout_init (SewaAfterLayout *after, SewaAfterLayoutFunc func, gpointer data);
void sewa_after_layout_map (SewaAfterLayout *after, GtkWidget *widget);
void sewa_after_layout_unmap (SewaAfterLayout *after);
/* Asks for func after the next layout (kept until the widget is mapped). */
void sewa_after_layout_request (SewaAfterLayout *after);

/* Scrolls @scroller the least distance that shows @target (a descendant of @content, the
 * scroller's child) whole; FALSE, scrolling nothing, when there is no page yet or @target has
 * no place in @content. */
gboolean sewa_scroll_into_view (GtkScrolledWindow *scroller, GtkWidget *content, GtkWidget *target);

G_END_DECLS
