/* Old Aadhaar XML QR (GMarkup). */
#include "sewa-aadhaar.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAadhaarData) d = sewa_aadhaar_parse_xml (data, size, &error);

  g_assert_true ((d == NULL) != (error == NULL));
  if (d != NULL)
    {
      g_autofree char *masked = sewa_aadhaar_masked_number (d);

      g_assert_false (d->verified);
      g_assert_cmpuint (strlen (d->last4), ==, 4);
      g_assert_cmpuint (strlen (masked), ==, 14);
      g_assert_true (d->name[0] != '\0');
      g_assert_true (g_utf8_validate (d->name, -1, NULL));
      g_assert_true (d->gender == 'M' || d->gender == 'F' || d->gender == 'T');
      g_assert_nonnull (d->state);
    }
  return 0;
}
