/* sewa-screenshot.h — render any widget to a texture or PNG, exactly as GTK draws it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GdkTexture *sewa_screenshot_widget_to_texture (GtkWidget *widget, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    sewa_screenshot_widget_to_png (GtkWidget *widget, const char *path, GError **error);

G_END_DECLS
