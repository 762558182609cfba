/* The portal's citizen answers (sewa-citizen.h): OTP requested and OTP verified, under every
 * status the kiosk may see. Whatever the bytes, a value that comes back obeys the contract. */
#include "sewa-citizen.h"
#include "sewa-json.h"
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const guint statuses[] = { 0, 200, 202, 400, 410, 422, 429, 503 };

  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr (GError) e1 = NULL;
      g_autoptr (GError) e2 = NULL;
      g_autoptr (SewaOtpChallenge) c = sewa_citizen_parse_otp_challenge (statuses[i], (const char *) data, size, &e1);
      g_autoptr (SewaOtpVerdict) v = sewa_citizen_parse_otp_verdict (statuses[i], (const char *) data, size, &e2);

      g_assert_true ((c == NULL) != (e1 == NULL));
      g_assert_true ((v == NULL) != (e2 == NULL));
      if (c != NULL)
        {
          g_assert_cmpuint (statuses[i], ==, 202);
          g_assert_cmpuint (strlen (c->otp_id), ==, 20);
          g_assert_true (c->length >= 4 && c->length <= 8);
        }
      if (v != NULL && v->outcome == SEWA_OTP_VERIFIED)
        {
          g_assert_cmpuint (statuses[i], ==, 200);
          g_assert_cmpuint (strlen (v->token), ==, 43);
          g_assert_cmpuint (strlen (v->mobile_last4), ==, 4);
        }
      else if (v != NULL)
        g_assert_null (v->token);
    }
  {
    g_autoptr (JsonNode) root = sewa_json_parse ((const char *) data, size, NULL);
    JsonObject *obj = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
    JsonNode *docs = obj != NULL ? json_object_get_member (obj, "documents") : NULL;

    if (docs != NULL && JSON_NODE_HOLDS_ARRAY (docs))
      {
        g_autoptr (GError) error = NULL;
        g_autoptr (GPtrArray) vault = sewa_citizen_parse_vault (json_node_get_array (docs), &error);

        g_assert_true ((vault == NULL) != (error == NULL));
        for (guint i = 0; vault != NULL && i < vault->len; i++)
          {
            SewaVaultDoc *d = g_ptr_array_index (vault, i);

            g_assert_cmpuint (strlen (d->vault_id), ==, 19);
            g_assert_cmpuint (strlen (d->added_on), ==, 10);
          }
      }
  }
  return 0;
}
