/* sewa-json.c — see sewa-json.h. */
#include "sewa-json.h"

#include <string.h>

G_DEFINE_QUARK (sewa-json-error-quark, sewa_json_error)

/* One pass over the text outside and inside strings: the nesting depth, and whether a string
 * holds the escape \u0000 (json-glib would put a NUL inside a C string). */
static gboolean
scan (const char *data, gsize len, guint max_depth, gboolean *out_nul_escape)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  *out_nul_escape = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              if (i + 5 < len && data[i + 1] == 'u' && memcmp (data + i + 2, "0000", 4) == 0)
                *out_nul_escape = TRUE;
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

gboolean
sewa_json_depth_ok (const char *data, gsize len, guint max_depth)
{
  gboolean nul_escape;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  return scan (data, len, max_depth, &nul_escape);
}

typedef struct
{
  GHashTable *members; /* JsonObject* -> number of members parsed into it */
  gboolean duplicate;
} MemberCount;

/* json-glib emits this after setting each member; a repeated name replaces the earlier value,
 * so the object then has fewer members than were parsed into it. */
static void
on_object_member (JsonParser *parser, JsonObject *object, const char *name, gpointer user_data)
{
  MemberCount *mc = user_data;
  guint parsed = GPOINTER_TO_UINT (g_hash_table_lookup (mc->members, object)) + 1;

  g_hash_table_insert (mc->members, object, GUINT_TO_POINTER (parsed));
  if (json_object_get_size (object) != parsed)
    mc->duplicate = TRUE;
}

JsonNode *
sewa_json_parse (const char *data, gsize len, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GHashTable) members = NULL;
  g_autoptr (GError) local = NULL;
  MemberCount mc = { 0 };
  gboolean nul_escape = FALSE;
  gboolean ok;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len == 0 || len > G_MAXSSIZE)
    {
      g_set_error_literal (error, SEWA_JSON_ERROR, SEWA_JSON_ERROR_EMPTY, "no JSON text");
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, SEWA_JSON_ERROR, SEWA_JSON_ERROR_ENCODING,
                           "the JSON text is not valid UTF-8");
      return NULL;
    }
  if (!scan (data, len, SEWA_JSON_MAX_DEPTH, &nul_escape))
    {
      g_set_error (error, SEWA_JSON_ERROR, SEWA_JSON_ERROR_TOO_DEEP,
                   "the JSON text is nested deeper than %d levels", SEWA_JSON_MAX_DEPTH);
      return NULL;
    }
  if (nul_escape)
    {
      g_set_error_literal (error, SEWA_JSON_ERROR, SEWA_JSON_ERROR_ENCODING,
                           "a JSON string holds \\u0000");
      return NULL;
    }

  members = g_hash_table_new (NULL, NULL);
  mc.members = members;
  parser = json_parser_new ();
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &mc);
  ok = json_parser_load_from_data (parser, data, (gssize) len, &local);
  if (!ok)
    {
      g_set_error (error, SEWA_JSON_ERROR, SEWA_JSON_ERROR_SYNTAX, "not JSON: %s",
                   local != NULL ? local->message : "unreadable");
      return NULL;
    }
  if (mc.duplicate)
    {
      g_set_error_literal (error, SEWA_JSON_ERROR, SEWA_JSON_ERROR_DUPLICATE,
                           "a JSON object names the same member twice");
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, SEWA_JSON_ERROR, SEWA_JSON_ERROR_EMPTY, "no JSON value");
      return NULL;
    }
  return json_node_ref (root);
}
