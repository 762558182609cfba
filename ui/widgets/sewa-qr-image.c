#include "sewa-qr-image.h"

#include <qrencode.h>
#include <string.h>

GdkTexture *
sewa_qr_texture_new (const char *payload, int module_px)
{
  QRcode *qr;
  g_autoptr (GBytes) bytes = NULL;
  guint8 *pixels;
  int quiet = 4, n, size;
  GdkTexture *texture;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (module_px > 0 && module_px <= 32, NULL);

  qr = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    return NULL;
  n = qr->width + 2 * quiet;
  size = n * module_px;
  pixels = g_malloc ((gsize) size * size);
  memset (pixels, 0xff, (gsize) size * size);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        for (int dy = 0; dy < module_px; dy++)
          memset (pixels + (gsize) ((y + quiet) * module_px + dy) * size + (gsize) (x + quiet) * module_px,
                  0x00, (gsize) module_px);
  QRcode_free (qr);

  /* Expand grey to RGB: GTK 4.8 has no single-channel memory format. */
  {
    guint8 *rgb = g_malloc ((gsize) size * size * 3);
    for (gsize i = 0; i < (gsize) size * size; i++)
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[i];
    g_free (pixels);
    bytes = g_bytes_new_take (rgb, (gsize) size * size * 3);
  }
  texture = gdk_memory_texture_new (size, size, GDK_MEMORY_R8G8B8, bytes, (gsize) size * 3);
  return texture;
}
