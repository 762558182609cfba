#include "sim-util.h"

#include <sodium.h>
#include <string.h>

char *
sewa_sim_sha256_hex (const void *data, gsize len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

char *
sewa_sim_random_hex_id (const char *prefix, gsize n_bytes)
{
  guint8 buf[32];
  char hex[65];

  g_return_val_if_fail (n_bytes <= sizeof buf, NULL);
  randombytes_buf (buf, n_bytes);
  sodium_bin2hex (hex, sizeof hex, buf, n_bytes);
  return g_strconcat (prefix, hex, NULL);
}

char *
sewa_sim_base64url (const void *data, gsize len)
{
  gsize out_len = sodium_base64_encoded_len (len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = g_malloc (out_len);

  sodium_bin2base64 (out, out_len, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

char *
sewa_sim_random_token (void)
{
  guint8 buf[32];

  randombytes_buf (buf, sizeof buf);
  return sewa_sim_base64url (buf, sizeof buf);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static JsonNode *
canonical_copy (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr (GList) members = json_object_get_members (obj);
        g_autoptr (GPtrArray) names = g_ptr_array_new ();
        JsonObject *copy = json_object_new ();
        JsonNode *out = json_node_new (JSON_NODE_OBJECT);

        for (GList *l = members; l != NULL; l = l->next)
          g_ptr_array_add (names, l->data);
        g_ptr_array_sort (names, compare_names);
        for (guint i = 0; i < names->len; i++)
          {
            const char *name = g_ptr_array_index (names, i);
            json_object_set_member (copy, name, canonical_copy (json_object_get_member (obj, name)));
          }
        json_node_take_object (out, copy);
        return out;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *arr = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (arr));
        JsonNode *out = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (arr); i++)
          json_array_add_element (copy, canonical_copy (json_array_get_element (arr, i)));
        json_node_take_array (out, copy);
        return out;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

char *
sewa_sim_json_to_string (JsonNode *node)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

char *
sewa_sim_canonical_json (JsonNode *node)
{
  g_autoptr (JsonNode) copy = canonical_copy (node);

  return sewa_sim_json_to_string (copy);
}

char *
sewa_sim_rfc3339 (gint64 unix_seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

char *
sewa_sim_http_date (GDateTime *t)
{
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr (GDateTime) utc = g_date_time_to_utc (t);

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          days[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc), months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

gboolean
sewa_sim_parse_rfc3339 (const char *text, gint64 *out_unix)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) utc = NULL;
  static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

  if (text == NULL || strlen (text) != sizeof shape - 1)
    return FALSE;
  for (gsize i = 0; i < sizeof shape - 1; i++)
    {
      if (shape[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != shape[i])
        return FALSE;
    }
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return FALSE;
  *out_unix = g_date_time_to_unix (dt);
  return TRUE;
}

char *
sewa_sim_ist_date_plus (gint64 unix_seconds, int days)
{
  g_autoptr (GTimeZone) ist = g_time_zone_new_offset (5 * 3600 + 30 * 60);
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) due = NULL;

  if (utc == NULL)
    return g_strdup ("1970-01-01");
  local = g_date_time_to_timezone (utc, ist);
  due = g_date_time_add_days (local, days);
  if (due == NULL)
    return g_strdup ("9999-12-31");
  return g_date_time_format (due, "%Y-%m-%d");
}

gboolean
sewa_sim_is_token_chars (const char *s, gsize min, gsize max)
{
  gsize len;

  if (s == NULL)
    return FALSE;
  len = strlen (s);
  if (len < min || len > max)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '_' && s[i] != '-')
      return FALSE;
  return TRUE;
}

gboolean
sewa_sim_is_sha256_hex (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (gsize i = 0; i < 64; i++)
    if (!g_ascii_isdigit (s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
      return FALSE;
  return TRUE;
}

GBytes *
sewa_sim_error_body (const char *code, const char *message, JsonObject *extra)
{
  g_autoptr (JsonObject) obj = json_object_new ();
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_object_set_string_member (obj, "code", code);
  json_object_set_string_member (obj, "message", message);
  if (extra != NULL)
    {
      g_autoptr (GList) members = json_object_get_members (extra);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (obj, l->data, json_node_copy (json_object_get_member (extra, l->data)));
    }
  json_node_set_object (root, obj);
  text = sewa_sim_json_to_string (root);
  return g_bytes_new_take (text, strlen (text));
}
