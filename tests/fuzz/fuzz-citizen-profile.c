/* The portal's answer to GET /v1/citizens/profile (sewa-citizen.h), under every status the kiosk
 * may see. Whatever the bytes, a profile that comes back obeys the contract: values short, free
 * of control characters, dates real and past, districts the kiosk knows. */
#include "sewa-citizen.h"
#include "sewa-district.h"
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
assert_clean (const char *s, glong max_chars)
{
  if (s == NULL)
    return;
  g_assert_true (g_utf8_validate (s, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (s, -1), >=, 1);
  g_assert_cmpint (g_utf8_strlen (s, -1), <=, max_chars);
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const guint statuses[] = { 0, 200, 400, 404, 422, 429, 503 };
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 7, G_DATE_DECEMBER, 2026);
  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaCitizenProfile) p = sewa_citizen_parse_profile (statuses[i], (const char *) data, size, &today, &error);

      g_assert_true ((p == NULL) != (error == NULL));
      if (p == NULL)
        continue;
      g_assert_true (statuses[i] == 200 || statuses[i] == 404);
      g_assert_cmpuint (p->n_fields, ==, g_hash_table_size (p->arns));
      g_assert_cmpuint (p->n_fields, <=, 8);
      assert_clean (p->identity->name, 100);
      assert_clean (p->identity->father_name, 100);
      assert_clean (p->identity->house, 120);
      assert_clean (p->identity->street, 120);
      assert_clean (p->identity->vtc, 120);
      if (p->identity->dob != NULL)
        {
          GDate dob;

          g_assert_cmpuint (strlen (p->identity->dob), ==, 10);
          g_date_clear (&dob, 1);
          g_date_set_parse (&dob, p->identity->dob);
          g_assert_true (g_date_valid (&dob));
        }
      if (p->identity->district != NULL)
        g_assert_nonnull (sewa_district_lookup (p->identity->district));
      if (p->identity->pincode != NULL)
        g_assert_cmpuint (strspn (p->identity->pincode, "0123456789"), ==, 6);
    }
  return 0;
}
