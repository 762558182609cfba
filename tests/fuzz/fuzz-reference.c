#include "sewa-reference.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *s = g_strndup ((const char *) data, size);
  g_autofree char *n = sewa_reference_normalize (s);
  SewaReferenceParts p;

  if (sewa_reference_parse (n, &p))
    {
      g_autofree char *again = sewa_reference_format (&p);
      g_assert_cmpstr (again, ==, n);
    }
  return 0;
}
