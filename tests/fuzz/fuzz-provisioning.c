/* Provisioning QR: parse; whatever parses must build again and read back the same. */
#include "sewa-provisioning.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaProvisioning) p = sewa_provisioning_parse (data, size, &error);
  g_autofree char *again = NULL;
  g_autoptr (SewaProvisioning) q = NULL;

  g_assert_true ((p == NULL) != (error == NULL));
  if (p == NULL)
    return 0;
  again = sewa_provisioning_build (p, &error);
  g_assert_no_error (error);
  q = sewa_provisioning_parse ((const guint8 *) again, strlen (again), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->portal, ==, q->portal);
  g_assert_cmpstr (p->token, ==, q->token);
  g_assert_cmpstr (p->ca_sha256, ==, q->ca_sha256);
  g_assert_cmpstr (p->centre, ==, q->centre);
  g_assert_cmpuint (p->kiosk, ==, q->kiosk);
  g_assert_cmpint (p->expires, ==, q->expires);
  (void) sewa_provisioning_is_expired (p, 1800000000, NULL);
  return 0;
}
