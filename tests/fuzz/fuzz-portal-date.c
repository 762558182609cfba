/* The portal's Date header is outside input: sewa_portal_clock_skew() takes a valid IMF-fixdate
 * or refuses, never crashes. */
#include "sewa-portal-client.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *header = g_strndup ((const char *) data, size);
  gint64 skew = 0;
  GError *error = NULL;

  if (!sewa_portal_clock_skew (header, 1796648400, &skew, &error))
    g_clear_error (&error);
  return 0;
}
