/* Fuzz target: the store's key-file parser. A key file is local, but a damaged or foreign one
 * must give a clear error, never a crash; and any key it accepts must seal and open. */
#include "sewa-crypto.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaKey) key = sewa_key_parse (data, size, &error);
  g_autoptr (GBytes) sealed = NULL;
  g_autofree guint8 *plain = NULL;
  gsize len = 0;

  if (key == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  sealed = sewa_key_seal (key, data, size, (const guint8 *) "ad", 2);
  plain = sewa_key_open (key, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                         (const guint8 *) "ad", 2, &len, &error);
  g_assert_nonnull (plain);
  g_assert_true (len == size && memcmp (plain, data, size) == 0);
  return 0;
}
