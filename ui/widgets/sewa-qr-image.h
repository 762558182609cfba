/* sewa-qr-image.h — a QR code as a GdkTexture (libqrencode), for showing on screen what the
 * receipt prints, so a citizen whose receipt did not print can photograph it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GdkTexture *sewa_qr_texture_new (const char *payload, int module_px) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
