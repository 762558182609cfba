/* sewa-provisioning.c — see sewa-provisioning.h. */
#define G_LOG_DOMAIN "sewa-provisioning"

#include "sewa-provisioning.h"
#include "sewa-json.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

G_DEFINE_QUARK (sewa-provisioning-error-quark, sewa_provisioning_error)

#define MAX_URL 512

static void
wipe_str (char *s)
{
  if (s != NULL)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

void
sewa_provisioning_free (SewaProvisioning *prov)
{
  if (prov == NULL)
    return;
  g_free (prov->portal);
  wipe_str (prov->token);
  g_free (prov->ca_sha256);
  g_free (prov->centre);
  g_free (prov);
}

SewaProvisioning *
sewa_provisioning_copy (const SewaProvisioning *prov)
{
  SewaProvisioning *copy;

  g_return_val_if_fail (prov != NULL, NULL);
  copy = g_new0 (SewaProvisioning, 1);
  copy->portal = g_strdup (prov->portal);
  copy->token = g_strdup (prov->token);
  copy->ca_sha256 = g_strdup (prov->ca_sha256);
  copy->centre = g_strdup (prov->centre);
  copy->kiosk = prov->kiosk;
  copy->expires = prov->expires;
  return copy;
}

static gboolean
field_error (GError **error, const char *what)
{
  g_set_error (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_FIELD,
               "Provisioning code: %s", what);
  return FALSE;
}

static gboolean
chars_in (const char *s, gsize min, gsize max, const char *extra, gboolean lower, gboolean upper)
{
  gsize len = strlen (s);

  if (len < min || len > max)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (g_ascii_isdigit (c) || (lower && g_ascii_islower (c)) || (upper && g_ascii_isupper (c)) ||
          (extra != NULL && strchr (extra, c) != NULL))
        continue;
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_lower_hex (const char *s, gsize len)
{
  if (strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
      return FALSE;
  return TRUE;
}

/* A loopback address written as an IP literal (127.0.0.0/8, ::1): only there may plain http be
 * used. Names are not trusted, not even "localhost": they go through the resolver. */
static gboolean
host_is_loopback (const char *host)
{
  g_autoptr (GInetAddress) addr = NULL;
  g_autofree char *bare = NULL;
  gsize len = strlen (host);

  /* GUri keeps an IPv6 literal without brackets, but be tolerant of either. */
  if (len > 2 && host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);
  addr = g_inet_address_new_from_string (bare);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

gboolean
sewa_provisioning_check_portal_url (const char *url, GError **error)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme, *host;

  if (url == NULL || strlen (url) > MAX_URL)
    return field_error (error, "portal URL missing or too long");
  /* GUri accepts CR, LF and other controls; in a URL they would split an HTTP request. */
  for (const char *c = url; *c != '\0'; c++)
    if (!g_ascii_isgraph (*c))
      return field_error (error, "portal URL holds spaces or control characters");
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return field_error (error, "portal is not a URL");
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if ((g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) || host == NULL ||
      host[0] == '\0' || g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    return field_error (error, "portal must be a plain http:// or https:// base URL");
  /* Applications carry names and mobile numbers: never in clear over a network. */
  if (g_strcmp0 (scheme, "http") == 0 && !host_is_loopback (host))
    return field_error (error, "portal must use https:// (plain http:// only on 127.0.0.1 or ::1)");
  return TRUE;
}

/* The same rules for what we read and what we build. */
static gboolean
validate (const SewaProvisioning *p, GError **error)
{
  gboolean https;

  if (!sewa_provisioning_check_portal_url (p->portal, error))
    return FALSE;
  https = g_str_has_prefix (p->portal, "https:");

  if (p->token == NULL || !chars_in (p->token, 22, 64, "_-", TRUE, TRUE))
    return field_error (error, "token must be 22–64 of A–Z, a–z, 0–9, _ and -");
  if (p->ca_sha256 != NULL && !is_lower_hex (p->ca_sha256, 64))
    return field_error (error, "ca_sha256 must be 64 lowercase hex digits");
  if (https && p->ca_sha256 == NULL)
    return field_error (error, "an https portal needs ca_sha256");
  if (p->centre == NULL || !chars_in (p->centre, 2, 6, NULL, FALSE, TRUE))
    return field_error (error, "centre must be 2–6 of A–Z and 0–9");
  if (p->kiosk > 99)
    return field_error (error, "kiosk must be 0–99");
  if (p->expires < 0)
    return field_error (error, "expires must be positive");
  return TRUE;
}

static void
checksum_hex (const char *json, gsize len, char out[9])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize dlen = sizeof digest;

  g_checksum_update (sum, (const guchar *) json, (gssize) len);
  g_checksum_get_digest (sum, digest, &dlen);
  for (guint i = 0; i < 4; i++)
    {
      out[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      out[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
    }
  out[8] = '\0';
}

static char *
base64url_encode (const guint8 *data, gsize len)
{
  char *b64 = g_base64_encode (data, len);
  gsize n = strlen (b64);

  while (n > 0 && b64[n - 1] == '=')
    b64[--n] = '\0';
  for (gsize i = 0; i < n; i++)
    {
      if (b64[i] == '+')
        b64[i] = '-';
      else if (b64[i] == '/')
        b64[i] = '_';
    }
  return b64;
}

/* Strict base64url without padding: only the alphabet, a length that base64 can have, and
 * the canonical encoding (unused trailing bits zero) — g_base64_decode alone skips junk. */
static guint8 *
base64url_decode (const char *text, gsize len, gsize *out_len)
{
  g_autofree char *std = NULL;
  g_autofree char *again = NULL;
  guint8 *out;

  if (len == 0 || len % 4 == 1)
    return NULL;
  std = g_malloc (len + 3);
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c))
        std[i] = c;
      else if (c == '-')
        std[i] = '+';
      else if (c == '_')
        std[i] = '/';
      else
        return NULL;
    }
  memset (std + len, '=', (4 - len % 4) % 4);
  std[len + (4 - len % 4) % 4] = '\0';
  out = g_base64_decode (std, out_len);
  again = base64url_encode (out, *out_len);
  if (strlen (again) != len || memcmp (again, text, len) != 0)
    {
      explicit_bzero (out, *out_len);
      g_free (out);
      return NULL;
    }
  return out;
}

static gboolean
get_string (JsonNode *node, char **out)
{
  /* json-glib turns an escaped lone surrogate (\ud800) into bytes that are not UTF-8. */
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return FALSE;
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_int (JsonNode *node, gint64 *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
from_json (const char *json, gsize len, SewaProvisioning *p, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GList) members = NULL;
  g_autoptr (GError) local = NULL;
  JsonObject *obj;
  gboolean have_kiosk = FALSE;

  /* The shared strict reader refuses a repeated member (json-glib would keep the last one
   * silently) and an escaped \u0000 (which would truncate the string it is in). */
  root = sewa_json_parse (json, len, &local);
  if (root == NULL)
    {
      g_set_error (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_JSON,
                   "Provisioning code: %s", local->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_JSON,
                           "Provisioning code: not a JSON object");
      return FALSE;
    }
  obj = json_node_get_object (root);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (obj, name);
      gint64 v = 0;
      gboolean ok;

      if (g_str_equal (name, "portal"))
        ok = p->portal == NULL && get_string (node, &p->portal);
      else if (g_str_equal (name, "token"))
        ok = p->token == NULL && get_string (node, &p->token);
      else if (g_str_equal (name, "ca_sha256"))
        ok = p->ca_sha256 == NULL && get_string (node, &p->ca_sha256);
      else if (g_str_equal (name, "centre"))
        ok = p->centre == NULL && get_string (node, &p->centre);
      else if (g_str_equal (name, "kiosk"))
        {
          ok = !have_kiosk && get_int (node, &v) && v >= 0 && v <= 99;
          p->kiosk = (guint) CLAMP (v, 0, 99);
          have_kiosk = TRUE;
        }
      else if (g_str_equal (name, "expires"))
        {
          ok = p->expires == 0 && get_int (node, &v) && v > 0;
          p->expires = v;
        }
      else
        ok = FALSE;
      if (!ok)
        return field_error (error, "a member is unknown, repeated or of the wrong type");
    }
  if (!have_kiosk)
    return field_error (error, "kiosk is missing");
  return validate (p, error);
}

SewaProvisioning *
sewa_provisioning_parse (const guint8 *payload, gsize len, GError **error)
{
  g_autoptr (SewaProvisioning) prov = NULL;
  const char *text = (const char *) payload;
  const char *b64, *colon;
  gsize b64_len, json_len = 0;
  g_autofree guint8 *json = NULL;
  char sum[9];

  g_return_val_if_fail (payload != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 8 || memcmp (text, "SEWAPROV", 8) != 0)
    {
      g_set_error_literal (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_FORMAT,
                           "Not a provisioning code");
      return NULL;
    }
  if (len < sizeof SEWA_PROVISIONING_PREFIX - 1 ||
      memcmp (text, SEWA_PROVISIONING_PREFIX, sizeof SEWA_PROVISIONING_PREFIX - 1) != 0)
    {
      g_set_error_literal (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_VERSION,
                           "Provisioning code of an unsupported version");
      return NULL;
    }
  b64 = text + sizeof SEWA_PROVISIONING_PREFIX - 1;
  colon = memchr (b64, ':', len - (gsize) (b64 - text));
  /* <base64url>:<8 hex> and nothing after. */
  if (len > SEWA_PROVISIONING_MAX_LEN || colon == NULL || (gsize) (text + len - colon) != 9)
    {
      g_set_error_literal (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_FORMAT,
                           "Provisioning code: malformed");
      return NULL;
    }
  b64_len = (gsize) (colon - b64);
  json = base64url_decode (b64, b64_len, &json_len);
  if (json == NULL)
    {
      g_set_error_literal (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_FORMAT,
                           "Provisioning code: bad base64url");
      return NULL;
    }
  checksum_hex ((const char *) json, json_len, sum);
  if (memcmp (sum, colon + 1, 8) != 0)
    {
      explicit_bzero (json, json_len);
      g_set_error_literal (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_CHECKSUM,
                           "Provisioning code: checksum mismatch (misread or edited)");
      return NULL;
    }

  prov = g_new0 (SewaProvisioning, 1);
  if (!from_json ((const char *) json, json_len, prov, error))
    {
      explicit_bzero (json, json_len);
      return NULL;
    }
  explicit_bzero (json, json_len);
  return g_steal_pointer (&prov);
}

char *
sewa_provisioning_build (const SewaProvisioning *prov, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *b64 = NULL;
  gsize json_len = 0;
  char sum[9];
  char *payload;

  g_return_val_if_fail (prov != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!validate (prov, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "portal");
  json_builder_add_string_value (builder, prov->portal);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, prov->token);
  if (prov->ca_sha256 != NULL)
    {
      json_builder_set_member_name (builder, "ca_sha256");
      json_builder_add_string_value (builder, prov->ca_sha256);
    }
  json_builder_set_member_name (builder, "centre");
  json_builder_add_string_value (builder, prov->centre);
  json_builder_set_member_name (builder, "kiosk");
  json_builder_add_int_value (builder, prov->kiosk);
  if (prov->expires > 0)
    {
      json_builder_set_member_name (builder, "expires");
      json_builder_add_int_value (builder, prov->expires);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  json = json_generator_to_data (gen, &json_len);
  checksum_hex (json, json_len, sum);
  b64 = base64url_encode ((const guint8 *) json, json_len);
  payload = g_strconcat (SEWA_PROVISIONING_PREFIX, b64, ":", sum, NULL);
  explicit_bzero (json, json_len);
  explicit_bzero (b64, strlen (b64));

  if (strlen (payload) > SEWA_PROVISIONING_MAX_LEN)
    {
      wipe_str (payload);
      g_set_error_literal (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_FORMAT,
                           "Provisioning code: too long");
      return NULL;
    }
  return payload;
}

gboolean
sewa_provisioning_is_expired (const SewaProvisioning *prov, gint64 now_unix, GError **error)
{
  g_return_val_if_fail (prov != NULL, TRUE);

  if (prov->expires > 0 && prov->expires <= now_unix)
    {
      g_set_error_literal (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_EXPIRED,
                           "Provisioning code has expired");
      return TRUE;
    }
  return FALSE;
}
