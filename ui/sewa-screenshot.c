/* sewa-screenshot.c — the screenshot harness every UI test and `--screenshot` uses.
 *
 * It snapshots the widget through a GtkWidgetPaintable and renders the node tree with the
 * window's own GSK renderer, so the PNG shows what the citizen sees (same fonts, same
 * shaping, same CSS), without depending on an X server screenshot tool.
 */
#include "sewa-screenshot.h"

GdkTexture *
sewa_screenshot_widget_to_texture (GtkWidget *widget, GError **error)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  GtkNative *native;
  GskRenderer *renderer;
  int w, h;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  native = gtk_widget_get_native (widget);
  if (w <= 0 || h <= 0 || native == NULL || !gtk_widget_get_mapped (widget))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   "widget is not mapped or has no size yet");
      return NULL;
    }
  renderer = gtk_native_get_renderer (native);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "widget drew nothing");
      return NULL;
    }
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

gboolean
sewa_screenshot_widget_to_png (GtkWidget *widget, const char *path, GError **error)
{
  g_autoptr (GdkTexture) texture = sewa_screenshot_widget_to_texture (widget, error);

  if (texture == NULL)
    return FALSE;
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
      return FALSE;
    }
  return TRUE;
}
