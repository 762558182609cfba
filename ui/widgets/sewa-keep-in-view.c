/* sewa-keep-in-view.c — see sewa-keep-in-view.h. */
#include "sewa-keep-in-view.h"

static void
on_clock_layout (GdkFrameClock *clock, SewaAfterLayout *after)
{
  if (!after->pending)
    return;
  after->pending = FALSE;
  after->func (after->data);
}

void
sewa_after_layout_init (SewaAfterLayout *after, SewaAfterLayoutFunc func, gpointer data)
{
  g_return_if_fail (after != NULL && func != NULL);
  *after = (SewaAfterLayout) { .func = func, .data = data };
}

void
sewa_after_layout_map (SewaAfterLayout *after, GtkWidget *widget)
{
  g_return_if_fail (after != NULL && after->clock == NULL);
  after->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  after->handler = g_signal_connect_after (after->clock, "layout", G_CALLBACK (on_clock_layout), after);
  if (after->pending)
    gdk_frame_clock_request_phase (after->clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

void
sewa_after_layout_unmap (SewaAfterLayout *after)
{
  g_return_if_fail (after != NULL);
  if (after->clock == NULL)
    return;
  g_clear_signal_handler (&after->handler, after->clock);
  g_clear_object (&after->clock);
}

void
sewa_after_layout_request (SewaAfterLayout *after)
{
  g_return_if_fail (after != NULL);
  after->pending = TRUE;
  if (after->clock != NULL)
    gdk_frame_clock_request_phase (after->clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

gboolean
sewa_scroll_into_view (GtkScrolledWindow *scroller, GtkWidget *content, GtkWidget *target)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);
  double value = gtk_adjustment_get_value (adj);
  double page = gtk_adjustment_get_page_size (adj);
  graphene_rect_t b;

  if (page <= 0 || !gtk_widget_compute_bounds (target, content, &b))
    return FALSE;
  if (b.origin.y + b.size.height > value + page)
    value = b.origin.y + b.size.height - page;
  if (b.origin.y < value)
    value = b.origin.y;
  gtk_adjustment_set_value (adj, value);
  return TRUE;
}
