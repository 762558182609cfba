/* Fuzz target: form data at the store boundary. Any input either is refused as "not a JSON
 * object" or comes out with every member marked aadhaar holding at most four digits. */
#include "sewa-store.h"
#include "sewa-store-private.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
assert_masked (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_get_member (obj, l->data);

          if ((g_str_equal (l->data, "aadhaar") || g_str_equal (l->data, "vid")) &&
              JSON_NODE_HOLDS_VALUE (child))
            {
              g_autofree char *text = NULL;
              guint digits = 0;

              /* The value itself, not its JSON spelling ("\u0001" is not four digits). Doubles
               * print as e.g. 1.2e+15, so only strings and integers are digit runs. */
              if (json_node_get_value_type (child) == G_TYPE_STRING)
                text = g_strdup (json_node_get_string (child));
              else if (json_node_get_value_type (child) == G_TYPE_INT64)
                text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (child));
              for (const char *p = text; p != NULL && *p != '\0'; p++)
                digits += g_ascii_isdigit (*p) ? 1 : 0;
              g_assert_cmpuint (digits, <=, 4);
            }
          else
            assert_masked (child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        assert_masked (json_array_get_element (arr, i));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const fields[] = { "aadhaar", "vid", NULL };
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) form = NULL;
  guint n = 0;

  form = sewa_store_parse_form (text, fields, &n, &error);
  if (form == NULL)
    {
      g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
      return 0;
    }
  assert_masked (form);
  return 0;
}
