#include "sim-request.h"

#include "sewa-audit-chain.h"
#include "sim-util.h"

#include <string.h>

G_DEFINE_QUARK (sewa-sim-error-quark, sewa_sim_error)

static const struct {
  const char *name;
  guint status;
} error_table[] = {
  [SEWA_SIM_ERROR_BAD_REQUEST] = { "bad_request", 400 },
  [SEWA_SIM_ERROR_MALFORMED_JSON] = { "malformed_json", 400 },
  [SEWA_SIM_ERROR_AUTH_MISSING] = { "auth_missing", 401 },
  [SEWA_SIM_ERROR_AUTH_BAD_SIGNATURE] = { "auth_bad_signature", 401 },
  [SEWA_SIM_ERROR_AUTH_STALE] = { "auth_stale", 401 },
  [SEWA_SIM_ERROR_AUTH_REPLAY] = { "auth_replay", 401 },
  [SEWA_SIM_ERROR_DEVICE_UNKNOWN] = { "device_unknown", 401 },
  [SEWA_SIM_ERROR_DEVICE_REVOKED] = { "device_revoked", 401 },
  [SEWA_SIM_ERROR_ENROL_TOKEN_INVALID] = { "enrol_token_invalid", 401 },
  [SEWA_SIM_ERROR_NOT_FOUND] = { "not_found", 404 },
  [SEWA_SIM_ERROR_METHOD_NOT_ALLOWED] = { "method_not_allowed", 405 },
  [SEWA_SIM_ERROR_IDEMPOTENCY_CONFLICT] = { "idempotency_conflict", 409 },
  [SEWA_SIM_ERROR_UPLOAD_OFFSET_MISMATCH] = { "upload_offset_mismatch", 409 },
  [SEWA_SIM_ERROR_OTP_EXPIRED] = { "otp_expired", 410 },
  [SEWA_SIM_ERROR_PAYLOAD_TOO_LARGE] = { "payload_too_large", 413 },
  [SEWA_SIM_ERROR_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", 415 },
  [SEWA_SIM_ERROR_DOCUMENTS_INVALID] = { "documents_invalid", 422 },
  [SEWA_SIM_ERROR_UNKNOWN_SERVICE] = { "unknown_service", 422 },
  [SEWA_SIM_ERROR_UPLOAD_HASH_MISMATCH] = { "upload_hash_mismatch", 422 },
  [SEWA_SIM_ERROR_UPLOAD_OVERFLOW] = { "upload_overflow", 422 },
  [SEWA_SIM_ERROR_OTP_INVALID] = { "otp_invalid", 422 },
  [SEWA_SIM_ERROR_CITIZEN_TOKEN_INVALID] = { "citizen_token_invalid", 422 },
  [SEWA_SIM_ERROR_RATE_LIMITED] = { "rate_limited", 429 },
  [SEWA_SIM_ERROR_INTERNAL] = { "internal_error", 500 },
  [SEWA_SIM_ERROR_BAD_GATEWAY] = { "bad_gateway", 502 },
  [SEWA_SIM_ERROR_UNAVAILABLE] = { "unavailable", 503 },
  [SEWA_SIM_ERROR_GATEWAY_TIMEOUT] = { "gateway_timeout", 504 },
  [SEWA_SIM_ERROR_AUDIT_CHAIN_BROKEN] = { "audit_chain_broken", 409 },
  [SEWA_SIM_ERROR_CORRECTION_UNKNOWN] = { "correction_unknown", 422 },
};

const char *
sewa_sim_error_code_name (SewaSimErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (error_table))
    return "internal_error";
  return error_table[code].name;
}

guint
sewa_sim_error_http_status (SewaSimErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (error_table))
    return 500;
  return error_table[code].status;
}

SewaSimRequest *
sewa_sim_request_new (const char *method, const char *target)
{
  SewaSimRequest *req = g_new0 (SewaSimRequest, 1);
  const char *q;

  req->method = g_strdup (method);
  req->target = g_strdup (target);
  q = strchr (target, '?');
  req->path = q != NULL ? g_strndup (target, (gsize) (q - target)) : g_strdup (target);
  req->query = NULL;
  if (q != NULL && q[1] != '\0')
    req->query = g_uri_parse_params (q + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (req->query == NULL)
    req->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  req->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  req->body = g_bytes_new_static ("", 0);
  return req;
}

void
sewa_sim_request_free (SewaSimRequest *req)
{
  if (req == NULL)
    return;
  g_free (req->method);
  g_free (req->target);
  g_free (req->path);
  g_hash_table_unref (req->query);
  g_hash_table_unref (req->headers);
  g_bytes_unref (req->body);
  g_free (req);
}

void
sewa_sim_request_add_header (SewaSimRequest *req, const char *name, const char *value)
{
  char *lower = g_ascii_strdown (name, -1);

  if (g_hash_table_contains (req->headers, lower))
    {
      g_free (lower);
      return;
    }
  g_hash_table_insert (req->headers, lower, g_strdup (value != NULL ? value : ""));
}

void
sewa_sim_request_set_body (SewaSimRequest *req, GBytes *body)
{
  g_bytes_unref (req->body);
  req->body = g_bytes_ref (body);
}

const char *
sewa_sim_request_header (const SewaSimRequest *req, const char *lower_name)
{
  return g_hash_table_lookup (req->headers, lower_name);
}

SewaSimRequest *
sewa_sim_request_parse_raw (const guint8 *data, gsize len)
{
  const char *p = (const char *) data;
  const char *end = p + len;
  const char *nl = memchr (p, '\n', len);
  g_autofree char *line = NULL;
  g_auto (GStrv) parts = NULL;
  SewaSimRequest *req;

  if (nl == NULL)
    return NULL;
  line = g_strndup (p, (gsize) (nl - p));
  parts = g_strsplit (line, " ", 2);
  if (g_strv_length (parts) != 2 || parts[0][0] == '\0' || parts[1][0] != '/')
    return NULL;
  req = sewa_sim_request_new (parts[0], parts[1]);
  p = nl + 1;
  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      g_autofree char *hline = NULL;
      const char *colon;

      if (eol == NULL)
        eol = end;
      if (eol == p)
        {
          p = eol + 1;
          break;
        }
      hline = g_strndup (p, (gsize) (eol - p));
      colon = strchr (hline, ':');
      if (colon != NULL && colon != hline)
        {
          g_autofree char *name = g_strndup (hline, (gsize) (colon - hline));
          const char *value = colon + 1;

          while (*value == ' ')
            value++;
          sewa_sim_request_add_header (req, name, value);
        }
      p = eol + 1;
    }
  if (p < end)
    {
      g_autoptr (GBytes) body = g_bytes_new (p, (gsize) (end - p));
      sewa_sim_request_set_body (req, body);
    }
  return req;
}

static gboolean
is_segment (const char *s, gboolean allow_upper_only)
{
  if (s == NULL || *s == '\0' || strlen (s) > 64)
    return FALSE;
  for (const char *c = s; *c != '\0'; c++)
    {
      if (allow_upper_only)
        {
          if (!g_ascii_isupper (*c) && !g_ascii_isdigit (*c) && *c != '-')
            return FALSE;
        }
      else if (!g_ascii_isalnum (*c) && *c != '_' && *c != '-')
        return FALSE;
    }
  return TRUE;
}

SewaSimRoute
sewa_sim_route_match (const char *path, char **out_param)
{
  static const struct {
    const char *path;
    SewaSimRoute route;
  } fixed[] = {
    { "/v1/devices/enrol", SEWA_SIM_ROUTE_ENROL },
    { "/v1/catalog", SEWA_SIM_ROUTE_CATALOG },
    { "/v1/citizens/otp", SEWA_SIM_ROUTE_OTP_REQUEST },
    { "/v1/citizens/otp/verify", SEWA_SIM_ROUTE_OTP_VERIFY },
    { "/v1/citizens/vault", SEWA_SIM_ROUTE_VAULT },
    { "/v1/citizens/profile", SEWA_SIM_ROUTE_PROFILE },
    { "/v1/uploads", SEWA_SIM_ROUTE_UPLOAD_CREATE },
    { "/v1/devices/heartbeat", SEWA_SIM_ROUTE_HEARTBEAT },
    { "/v1/audit", SEWA_SIM_ROUTE_AUDIT },
    { "/admin/counts", SEWA_SIM_ROUTE_ADMIN_COUNTS },
    { "/admin/applications", SEWA_SIM_ROUTE_ADMIN_APPLICATIONS },
    { "/admin/duplicates", SEWA_SIM_ROUTE_ADMIN_DUPLICATES },
    { "/admin/otps", SEWA_SIM_ROUTE_ADMIN_OTPS },
    { "/admin/vault", SEWA_SIM_ROUTE_ADMIN_VAULT },
    { "/admin/enrolment-tokens", SEWA_SIM_ROUTE_ADMIN_TOKENS },
    { "/admin/faults", SEWA_SIM_ROUTE_ADMIN_FAULTS },
    { "/admin/clock", SEWA_SIM_ROUTE_ADMIN_CLOCK },
    { "/admin/payments", SEWA_SIM_ROUTE_ADMIN_PAYMENTS },
    { "/admin/audit", SEWA_SIM_ROUTE_ADMIN_AUDIT },
  };
  g_auto (GStrv) seg = NULL;
  guint n;

  *out_param = NULL;
  if (path == NULL || path[0] != '/')
    return SEWA_SIM_ROUTE_NOT_FOUND;
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (strcmp (path, fixed[i].path) == 0)
      return fixed[i].route;

  /* "/a/b/c" splits into "", "a", "b", "c". */
  seg = g_strsplit (path, "/", 6);
  n = g_strv_length (seg);
  if (n == 4 && strcmp (seg[1], "v1") == 0 && strcmp (seg[2], "uploads") == 0 && is_segment (seg[3], FALSE))
    {
      *out_param = g_strdup (seg[3]);
      return SEWA_SIM_ROUTE_UPLOAD;
    }
  if (n == 4 && strcmp (seg[1], "v1") == 0 && strcmp (seg[2], "applications") == 0 && is_segment (seg[3], FALSE))
    {
      *out_param = g_strdup (seg[3]);
      return SEWA_SIM_ROUTE_APPLICATION;
    }
  if (n == 5 && strcmp (seg[1], "v1") == 0 && strcmp (seg[2], "applications") == 0 && is_segment (seg[3], FALSE)
      && strcmp (seg[4], "payments") == 0)
    {
      *out_param = g_strdup (seg[3]);
      return SEWA_SIM_ROUTE_PAYMENT;
    }
  if (n == 4 && strcmp (seg[1], "v1") == 0 && strcmp (seg[2], "status") == 0 && is_segment (seg[3], TRUE))
    {
      *out_param = g_strdup (seg[3]);
      return SEWA_SIM_ROUTE_STATUS;
    }
  if (n == 4 && strcmp (seg[1], "admin") == 0 && strcmp (seg[2], "uploads") == 0 && is_segment (seg[3], FALSE))
    {
      *out_param = g_strdup (seg[3]);
      return SEWA_SIM_ROUTE_ADMIN_UPLOAD;
    }
  if (n == 4 && strcmp (seg[1], "admin") == 0 && strcmp (seg[2], "devices") == 0 && is_segment (seg[3], FALSE))
    {
      *out_param = g_strdup (seg[3]);
      return SEWA_SIM_ROUTE_ADMIN_DEVICE;
    }
  if (n == 5 && strcmp (seg[1], "admin") == 0 && strcmp (seg[2], "devices") == 0 && is_segment (seg[3], FALSE)
      && strcmp (seg[4], "revoke") == 0)
    {
      *out_param = g_strdup (seg[3]);
      return SEWA_SIM_ROUTE_ADMIN_REVOKE;
    }
  if (n == 5 && strcmp (seg[1], "admin") == 0 && strcmp (seg[2], "applications") == 0 && is_segment (seg[3], TRUE)
      && strcmp (seg[4], "decision") == 0)
    {
      *out_param = g_strdup (seg[3]);
      return SEWA_SIM_ROUTE_ADMIN_DECISION;
    }
  if (n == 5 && strcmp (seg[1], "admin") == 0 && strcmp (seg[2], "applications") == 0 && is_segment (seg[3], TRUE)
      && strcmp (seg[4], "upi-payment") == 0)
    {
      *out_param = g_strdup (seg[3]);
      return SEWA_SIM_ROUTE_ADMIN_UPI_PAYMENT;
    }
  return SEWA_SIM_ROUTE_NOT_FOUND;
}

gboolean
sewa_sim_route_allows (SewaSimRoute route, const char *method)
{
  switch (route)
    {
    case SEWA_SIM_ROUTE_ENROL:
    case SEWA_SIM_ROUTE_OTP_REQUEST:
    case SEWA_SIM_ROUTE_OTP_VERIFY:
    case SEWA_SIM_ROUTE_UPLOAD_CREATE:
    case SEWA_SIM_ROUTE_HEARTBEAT:
    case SEWA_SIM_ROUTE_AUDIT:
    case SEWA_SIM_ROUTE_PAYMENT:
    case SEWA_SIM_ROUTE_ADMIN_TOKENS:
    case SEWA_SIM_ROUTE_ADMIN_REVOKE:
    case SEWA_SIM_ROUTE_ADMIN_CLOCK:
    case SEWA_SIM_ROUTE_ADMIN_DECISION:
    case SEWA_SIM_ROUTE_ADMIN_UPI_PAYMENT:
    case SEWA_SIM_ROUTE_ADMIN_VAULT:
      return strcmp (method, "POST") == 0;
    case SEWA_SIM_ROUTE_CATALOG:
    case SEWA_SIM_ROUTE_VAULT:
    case SEWA_SIM_ROUTE_PROFILE:
    case SEWA_SIM_ROUTE_STATUS:
    case SEWA_SIM_ROUTE_ADMIN_COUNTS:
    case SEWA_SIM_ROUTE_ADMIN_APPLICATIONS:
    case SEWA_SIM_ROUTE_ADMIN_DUPLICATES:
    case SEWA_SIM_ROUTE_ADMIN_UPLOAD:
    case SEWA_SIM_ROUTE_ADMIN_OTPS:
    case SEWA_SIM_ROUTE_ADMIN_DEVICE:
    case SEWA_SIM_ROUTE_ADMIN_PAYMENTS:
    case SEWA_SIM_ROUTE_ADMIN_AUDIT:
      return strcmp (method, "GET") == 0;
    case SEWA_SIM_ROUTE_UPLOAD:
      return strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0 || strcmp (method, "PATCH") == 0;
    case SEWA_SIM_ROUTE_APPLICATION:
      return strcmp (method, "PUT") == 0;
    case SEWA_SIM_ROUTE_ADMIN_FAULTS:
      return strcmp (method, "GET") == 0 || strcmp (method, "PUT") == 0;
    case SEWA_SIM_ROUTE_NOT_FOUND:
    default:
      return FALSE;
    }
}

gboolean
sewa_sim_route_is_admin (SewaSimRoute route)
{
  return route >= SEWA_SIM_ROUTE_ADMIN_COUNTS;
}

gboolean
sewa_sim_route_is_signed (SewaSimRoute route)
{
  return route != SEWA_SIM_ROUTE_NOT_FOUND && route != SEWA_SIM_ROUTE_ENROL && !sewa_sim_route_is_admin (route);
}

const char *
sewa_sim_route_template (SewaSimRoute route)
{
  switch (route)
    {
    case SEWA_SIM_ROUTE_ENROL: return "/v1/devices/enrol";
    case SEWA_SIM_ROUTE_CATALOG: return "/v1/catalog";
    case SEWA_SIM_ROUTE_OTP_REQUEST: return "/v1/citizens/otp";
    case SEWA_SIM_ROUTE_OTP_VERIFY: return "/v1/citizens/otp/verify";
    case SEWA_SIM_ROUTE_VAULT: return "/v1/citizens/vault";
    case SEWA_SIM_ROUTE_PROFILE: return "/v1/citizens/profile";
    case SEWA_SIM_ROUTE_UPLOAD_CREATE: return "/v1/uploads";
    case SEWA_SIM_ROUTE_UPLOAD: return "/v1/uploads/{upload_id}";
    case SEWA_SIM_ROUTE_APPLICATION: return "/v1/applications/{idempotency_key}";
    case SEWA_SIM_ROUTE_STATUS: return "/v1/status/{arn}";
    case SEWA_SIM_ROUTE_HEARTBEAT: return "/v1/devices/heartbeat";
    case SEWA_SIM_ROUTE_AUDIT: return "/v1/audit";
    case SEWA_SIM_ROUTE_PAYMENT: return "/v1/applications/{idempotency_key}/payments";
    case SEWA_SIM_ROUTE_ADMIN_COUNTS: return "/admin/counts";
    case SEWA_SIM_ROUTE_ADMIN_APPLICATIONS: return "/admin/applications";
    case SEWA_SIM_ROUTE_ADMIN_DECISION: return "/admin/applications/{arn}/decision";
    case SEWA_SIM_ROUTE_ADMIN_UPI_PAYMENT: return "/admin/applications/{arn}/upi-payment";
    case SEWA_SIM_ROUTE_ADMIN_DUPLICATES: return "/admin/duplicates";
    case SEWA_SIM_ROUTE_ADMIN_UPLOAD: return "/admin/uploads/{upload_id}";
    case SEWA_SIM_ROUTE_ADMIN_OTPS: return "/admin/otps";
    case SEWA_SIM_ROUTE_ADMIN_VAULT: return "/admin/vault";
    case SEWA_SIM_ROUTE_ADMIN_TOKENS: return "/admin/enrolment-tokens";
    case SEWA_SIM_ROUTE_ADMIN_REVOKE: return "/admin/devices/{device_id}/revoke";
    case SEWA_SIM_ROUTE_ADMIN_FAULTS: return "/admin/faults";
    case SEWA_SIM_ROUTE_ADMIN_CLOCK: return "/admin/clock";
    case SEWA_SIM_ROUTE_ADMIN_DEVICE: return "/admin/devices/{device_id}";
    case SEWA_SIM_ROUTE_ADMIN_PAYMENTS: return "/admin/payments";
    case SEWA_SIM_ROUTE_ADMIN_AUDIT: return "/admin/audit";
    case SEWA_SIM_ROUTE_NOT_FOUND:
    default:
      return "unknown";
    }
}

/* json-glib's parser recurses per nesting level, so a megabyte of '[' would exhaust the stack:
 * measure the depth first, skipping string contents. */
static gboolean
depth_ok (const char *s, gsize len)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > SEWA_SIM_MAX_JSON_DEPTH)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return TRUE;
}

/* json-glib decodes a lone surrogate escape ("\udc9c") into bytes that are not UTF-8; such a
 * string could be stored but never served back as JSON, so the whole tree is checked. */
static gboolean
strings_valid (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr (GList) members = json_object_get_members (obj);

        for (GList *l = members; l != NULL; l = l->next)
          if (!g_utf8_validate (l->data, -1, NULL) || !strings_valid (json_object_get_member (obj, l->data)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *arr = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (arr); i++)
          if (!strings_valid (json_array_get_element (arr, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return g_utf8_validate (json_node_get_string (node), -1, NULL);
      return TRUE;
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

static gboolean
content_type_is (const SewaSimRequest *req, const char *want)
{
  const char *ct = sewa_sim_request_header (req, "content-type");
  gsize n = strlen (want);

  if (ct == NULL || g_ascii_strncasecmp (ct, want, n) != 0)
    return FALSE;
  return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

JsonNode *
sewa_sim_decode_json_object (const SewaSimRequest *req, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (req->body, &len);
  JsonNode *root;

  if (len > SEWA_SIM_MAX_JSON_BODY)
    {
      g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_PAYLOAD_TOO_LARGE, "JSON bodies are limited to %d bytes", SEWA_SIM_MAX_JSON_BODY);
      return NULL;
    }
  if (!content_type_is (req, "application/json"))
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
      return NULL;
    }
  if (len == 0 || data == NULL || !g_utf8_validate (data, (gssize) len, NULL))
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_MALFORMED_JSON, "body is empty or not UTF-8");
      return NULL;
    }
  if (!depth_ok (data, len))
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_MALFORMED_JSON, "JSON nested too deeply");
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local))
    {
      g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_MALFORMED_JSON, "body is not JSON: %s", local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_MALFORMED_JSON, "body must be a JSON object");
      return NULL;
    }
  if (!strings_valid (root))
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_MALFORMED_JSON, "a string is not valid Unicode (lone surrogate?)");
      return NULL;
    }
  return json_node_copy (root);
}

const char *
sewa_sim_member_string (JsonObject *obj, const char *name)
{
  JsonNode *n = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

gboolean
sewa_sim_member_int (JsonObject *obj, const char *name, gint64 *out)
{
  JsonNode *n = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

JsonObject *
sewa_sim_member_object (JsonObject *obj, const char *name)
{
  JsonNode *n = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
    return NULL;
  return json_node_get_object (n);
}

JsonArray *
sewa_sim_member_array (JsonObject *obj, const char *name)
{
  JsonNode *n = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return NULL;
  return json_node_get_array (n);
}

static gboolean
bad (GError **error, const char *member, const char *what)
{
  g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_BAD_REQUEST, "member \"%s\" %s", member, what);
  return FALSE;
}

/* Strict unsigned decimal: digits only, no sign, no leading zeros, fits in gint64. */
static gboolean
parse_decimal (const char *s, gint64 *out)
{
  guint64 v = 0;

  if (s == NULL || *s == '\0' || strlen (s) > 18 || (s[0] == '0' && s[1] != '\0'))
    return FALSE;
  for (const char *c = s; *c != '\0'; c++)
    {
      if (!g_ascii_isdigit (*c))
        return FALSE;
      v = v * 10 + (guint64) (*c - '0');
    }
  *out = (gint64) v;
  return TRUE;
}

void
sewa_sim_auth_headers_clear (SewaSimAuthHeaders *h)
{
  g_clear_pointer (&h->device, g_free);
  g_clear_pointer (&h->timestamp_text, g_free);
  g_clear_pointer (&h->nonce, g_free);
  g_clear_pointer (&h->signature, g_free);
}

gboolean
sewa_sim_decode_auth_headers (const SewaSimRequest *req, SewaSimAuthHeaders *out, GError **error)
{
  const char *device = sewa_sim_request_header (req, "x-sewa-device");
  const char *ts = sewa_sim_request_header (req, "x-sewa-timestamp");
  const char *nonce = sewa_sim_request_header (req, "x-sewa-nonce");
  const char *sig = sewa_sim_request_header (req, "x-sewa-signature");
  gint64 t = 0;

  memset (out, 0, sizeof *out);
  if (device == NULL || ts == NULL || nonce == NULL || sig == NULL)
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_AUTH_MISSING, "request is not signed (X-Sewa-* headers missing)");
      return FALSE;
    }
  if (!sewa_sim_is_token_chars (device, 1, 64) || !parse_decimal (ts, &t)
      || !sewa_sim_is_token_chars (nonce, 16, 64) || !sewa_sim_is_sha256_hex (sig))
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_AUTH_MISSING, "malformed X-Sewa-* header");
      return FALSE;
    }
  out->device = g_strdup (device);
  out->timestamp = t;
  out->timestamp_text = g_strdup (ts);
  out->nonce = g_strdup (nonce);
  out->signature = g_strdup (sig);
  return TRUE;
}

void
sewa_sim_enrol_clear (SewaSimEnrol *e)
{
  g_clear_pointer (&e->token, g_free);
  g_clear_pointer (&e->centre, g_free);
  g_clear_pointer (&e->version, g_free);
  g_clear_pointer (&e->enrol_key, g_free);
}

static gboolean
is_centre (const char *s)
{
  gsize len = s != NULL ? strlen (s) : 0;

  if (len < 2 || len > 6)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (s[i]) && !g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

gboolean
sewa_sim_decode_enrol (const SewaSimRequest *req, SewaSimEnrol *out, GError **error)
{
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, error);
  JsonObject *obj;
  const char *token, *centre, *version, *enrol_key;
  gint64 kiosk = -1;

  memset (out, 0, sizeof *out);
  if (root == NULL)
    return FALSE;
  obj = json_node_get_object (root);
  token = sewa_sim_member_string (obj, "token");
  centre = sewa_sim_member_string (obj, "centre");
  version = sewa_sim_member_string (obj, "version");
  if (!sewa_sim_is_token_chars (token, 22, 64))
    return bad (error, "token", "must be 22-64 chars of [A-Za-z0-9_-]");
  if (!is_centre (centre))
    return bad (error, "centre", "must be 2-6 chars of A-Z0-9");
  if (!sewa_sim_member_int (obj, "kiosk", &kiosk) || kiosk < 0 || kiosk > 99)
    return bad (error, "kiosk", "must be an integer 0-99");
  if (version == NULL || strlen (version) > 64)
    return bad (error, "version", "must be a string of at most 64 chars");
  enrol_key = sewa_sim_member_string (obj, "enrol_key");
  if (json_object_has_member (obj, "enrol_key") && !sewa_sim_is_token_chars (enrol_key, 22, 64))
    return bad (error, "enrol_key", "must be 22-64 chars of [A-Za-z0-9_-]");
  out->enrol_key = g_strdup (enrol_key);
  out->token = g_strdup (token);
  out->centre = g_strdup (centre);
  out->kiosk = kiosk;
  out->version = g_strdup (version);
  return TRUE;
}

void
sewa_sim_upload_create_clear (SewaSimUploadCreate *u)
{
  g_clear_pointer (&u->sha256, g_free);
  g_clear_pointer (&u->content_type, g_free);
}

gboolean
sewa_sim_decode_upload_create (const SewaSimRequest *req, SewaSimUploadCreate *out, GError **error)
{
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, error);
  JsonObject *obj;
  const char *sha, *ct;
  gint64 size = 0;

  memset (out, 0, sizeof *out);
  if (root == NULL)
    return FALSE;
  obj = json_node_get_object (root);
  if (!sewa_sim_member_int (obj, "size", &size) || size < 1 || size > SEWA_SIM_MAX_UPLOAD)
    return bad (error, "size", "must be an integer 1..67108864");
  sha = sewa_sim_member_string (obj, "sha256");
  if (!sewa_sim_is_sha256_hex (sha))
    return bad (error, "sha256", "must be 64 lowercase hex digits");
  ct = sewa_sim_member_string (obj, "content_type");
  if (g_strcmp0 (ct, "image/jpeg") != 0 && g_strcmp0 (ct, "image/png") != 0 && g_strcmp0 (ct, "application/pdf") != 0)
    return bad (error, "content_type", "must be image/jpeg, image/png or application/pdf");
  out->size = size;
  out->sha256 = g_strdup (sha);
  out->content_type = g_strdup (ct);
  return TRUE;
}

gboolean
sewa_sim_decode_upload_patch (const SewaSimRequest *req, gint64 *out_offset, GError **error)
{
  const char *off = sewa_sim_request_header (req, "upload-offset");
  gsize len = g_bytes_get_size (req->body);

  if (len > SEWA_SIM_MAX_CHUNK)
    {
      g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_PAYLOAD_TOO_LARGE, "chunks are limited to %d bytes", SEWA_SIM_MAX_CHUNK);
      return FALSE;
    }
  if (!content_type_is (req, "application/offset+octet-stream"))
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/offset+octet-stream");
      return FALSE;
    }
  if (!parse_decimal (off, out_offset))
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_BAD_REQUEST, "Upload-Offset header missing or not a decimal");
      return FALSE;
    }
  if (len == 0)
    {
      g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_BAD_REQUEST, "empty chunk");
      return FALSE;
    }
  return TRUE;
}

gboolean
sewa_sim_decode_otp_request (const SewaSimRequest *req, char **out_mobile, GError **error)
{
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, error);
  const char *mobile;

  if (root == NULL)
    return FALSE;
  mobile = sewa_sim_member_string (json_node_get_object (root), "mobile");
  if (mobile == NULL || strlen (mobile) != 10 || mobile[0] < '6' || mobile[0] > '9')
    return bad (error, "mobile", "must be a 10-digit Indian mobile number");
  for (int i = 0; i < 10; i++)
    if (!g_ascii_isdigit (mobile[i]))
      return bad (error, "mobile", "must be a 10-digit Indian mobile number");
  *out_mobile = g_strdup (mobile);
  return TRUE;
}

gboolean
sewa_sim_decode_otp_verify (const SewaSimRequest *req, char **out_otp_id, char **out_code, GError **error)
{
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, error);
  JsonObject *obj;
  const char *id, *code;

  if (root == NULL)
    return FALSE;
  obj = json_node_get_object (root);
  id = sewa_sim_member_string (obj, "otp_id");
  code = sewa_sim_member_string (obj, "code");
  if (!sewa_sim_is_token_chars (id, 1, 64))
    return bad (error, "otp_id", "is required");
  if (code == NULL || strlen (code) != 6)
    return bad (error, "code", "must be 6 digits");
  for (int i = 0; i < 6; i++)
    if (!g_ascii_isdigit (code[i]))
      return bad (error, "code", "must be 6 digits");
  *out_otp_id = g_strdup (id);
  *out_code = g_strdup (code);
  return TRUE;
}

static void
doc_ref_free (gpointer p)
{
  SewaSimDocRef *d = p;

  g_free (d->doc_id);
  g_free (d->type);
  g_free (d->upload_id);
  g_free (d->vault_id);
  g_free (d);
}

void
sewa_sim_application_clear (SewaSimApplication *a)
{
  g_clear_pointer (&a->service_id, g_free);
  g_clear_pointer (&a->catalog_version, g_free);
  g_clear_pointer (&a->provisional_reference, g_free);
  g_clear_pointer (&a->citizen_token, g_free);
  g_clear_pointer (&a->identity_method, g_free);
  g_clear_pointer (&a->corrects, g_free);
  g_clear_pointer (&a->vault_consent, g_free);
  g_clear_pointer (&a->documents, g_ptr_array_unref);
  g_clear_pointer (&a->canonical, g_free);
  g_clear_pointer (&a->body_sha256, g_free);
}

static gboolean
member_bool (JsonObject *o, const char *name, gboolean *out)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (n);
  return TRUE;
}

/* The pre-scrutiny report: version 1, its verdicts as booleans that agree with each other
 * ("all_passed" only when complete, eligible and every document check passed or was skipped),
 * and every document check with a known outcome. The portal decides instant services on it, so
 * a report that contradicts itself is refused rather than believed. */
static gboolean
decode_prescrutiny (JsonObject *obj, SewaSimApplication *out, GError **error)
{
  static const char *const outcomes[] = { "pending", "passed", "flagged", "unreadable", "skipped", NULL };
  JsonObject *ps = sewa_sim_member_object (obj, "prescrutiny");
  JsonArray *ran, *checks;
  gint64 version = 0;
  gboolean identity = FALSE;

  if (ps == NULL)
    return bad (error, "prescrutiny", "must be an object");
  if (!sewa_sim_member_int (ps, "version", &version) || version != 1)
    return bad (error, "prescrutiny.version", "must be 1");
  if (!member_bool (ps, "all_passed", &out->prescrutiny_all_passed)
      || !member_bool (ps, "complete", &out->prescrutiny_complete)
      || !member_bool (ps, "eligible", &out->prescrutiny_eligible)
      || !member_bool (ps, "identity_verified", &identity))
    return bad (error, "prescrutiny", "all_passed, complete, eligible and identity_verified must be booleans");
  ran = sewa_sim_member_array (ps, "checks_ran");
  if (ran == NULL || json_array_get_length (ran) > 16)
    return bad (error, "prescrutiny.checks_ran", "must be an array of at most 16 names");
  for (guint i = 0; i < json_array_get_length (ran); i++)
    {
      JsonNode *n = json_array_get_element (ran, i);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return bad (error, "prescrutiny.checks_ran[]", "must be strings");
    }
  checks = sewa_sim_member_array (ps, "document_checks");
  if (checks == NULL || json_array_get_length (checks) > 64)
    return bad (error, "prescrutiny.document_checks", "must be an array of at most 64 entries");
  out->prescrutiny_documents_ok = TRUE;
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonNode *n = json_array_get_element (checks, i);
      const char *outcome;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return bad (error, "prescrutiny.document_checks[]", "entries must be objects");
      outcome = sewa_sim_member_string (json_node_get_object (n), "outcome");
      if (outcome == NULL || !g_strv_contains (outcomes, outcome))
        return bad (error, "prescrutiny.document_checks[].outcome", "must be pending, passed, flagged, unreadable or skipped");
      if (!g_str_equal (outcome, "passed") && !g_str_equal (outcome, "skipped"))
        out->prescrutiny_documents_ok = FALSE;
    }
  if (out->prescrutiny_all_passed
      && !(out->prescrutiny_complete && out->prescrutiny_eligible && out->prescrutiny_documents_ok))
    return bad (error, "prescrutiny.all_passed", "is true but a check failed");
  out->has_prescrutiny = TRUE;
  return TRUE;
}

gboolean
sewa_sim_decode_application (const SewaSimRequest *req, SewaSimApplication *out, GError **error)
{
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, error);
  JsonObject *obj, *citizen, *fee;
  JsonArray *docs;
  const char *s;

  memset (out, 0, sizeof *out);
  if (root == NULL)
    return FALSE;
  obj = json_node_get_object (root);

  s = sewa_sim_member_string (obj, "service_id");
  if (s == NULL || *s == '\0' || strlen (s) > 64)
    return bad (error, "service_id", "must be a non-empty string");
  out->service_id = g_strdup (s);
  s = sewa_sim_member_string (obj, "catalog_version");
  if (s == NULL || strlen (s) > 64)
    return bad (error, "catalog_version", "must be a string");
  out->catalog_version = g_strdup (s);
  if (sewa_sim_member_object (obj, "form") == NULL)
    return bad (error, "form", "must be an object");
  s = sewa_sim_member_string (obj, "provisional_reference");
  if (s == NULL || *s == '\0' || strlen (s) > 64)
    return bad (error, "provisional_reference", "must be a non-empty string");
  out->provisional_reference = g_strdup (s);
  if (!sewa_sim_parse_rfc3339 (sewa_sim_member_string (obj, "submitted_at"), &out->submitted_at))
    return bad (error, "submitted_at", "must be an RFC 3339 UTC time like 2026-11-30T08:33:34Z");
  if (json_object_has_member (obj, "corrects"))
    {
      /* A correction names the application it corrects by that one's idempotency key. */
      s = sewa_sim_member_string (obj, "corrects");
      if (s == NULL || !g_regex_match_simple ("^[A-Za-z0-9_-]{16,64}$", s, 0, 0))
        return bad (error, "corrects", "must be an idempotency key ([A-Za-z0-9_-]{16,64})");
      out->corrects = g_strdup (s);
    }

  if (json_object_has_member (obj, "citizen"))
    {
      citizen = sewa_sim_member_object (obj, "citizen");
      if (citizen == NULL)
        return bad (error, "citizen", "must be an object");
      if (json_object_has_member (citizen, "verified_mobile_token"))
        {
          s = sewa_sim_member_string (citizen, "verified_mobile_token");
          if (!sewa_sim_is_token_chars (s, 1, 64))
            return bad (error, "citizen.verified_mobile_token", "must be a token string");
          out->citizen_token = g_strdup (s);
        }
      if (json_object_has_member (citizen, "mobile_last4"))
        {
          s = sewa_sim_member_string (citizen, "mobile_last4");
          if (s == NULL || strlen (s) != 4 || !g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1])
              || !g_ascii_isdigit (s[2]) || !g_ascii_isdigit (s[3]))
            return bad (error, "citizen.mobile_last4", "must be 4 digits");
        }
    }
  if (json_object_has_member (obj, "identity"))
    {
      static const char *const methods[] = { "otp", "aadhaar-qr-verified", "aadhaar-qr-unverified", "none", NULL };
      JsonObject *identity = sewa_sim_member_object (obj, "identity");

      if (identity == NULL)
        return bad (error, "identity", "must be an object");
      s = sewa_sim_member_string (identity, "method");
      if (s == NULL || !g_strv_contains (methods, s))
        return bad (error, "identity.method", "must be otp, aadhaar-qr-verified, aadhaar-qr-unverified or none");
      /* An OTP is proved by its token; claiming one without it is a broken kiosk. */
      if (g_str_equal (s, "otp") && out->citizen_token == NULL)
        return bad (error, "identity.method", "otp needs citizen.verified_mobile_token");
      out->identity_method = g_strdup (s);
    }
  if (json_object_has_member (obj, "assisted_by"))
    {
      /* An operator id as kiosks name them (kiosk/sewa-config.h): ^[a-z][a-z0-9_-]{0,31}$. */
      s = sewa_sim_member_string (obj, "assisted_by");
      if (s == NULL || strlen (s) == 0 || strlen (s) > 32 || !g_ascii_islower (s[0])
          || strspn (s, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen (s))
        return bad (error, "assisted_by", "must be an operator id (a-z, 0-9, _ and -, at most 32)");
    }
  if (json_object_has_member (obj, "consent"))
    {
      JsonObject *consent = sewa_sim_member_object (obj, "consent");

      if (consent == NULL)
        return bad (error, "consent", "must be an object");
      s = sewa_sim_member_string (consent, "vault_documents");
      if (s == NULL || (!g_str_equal (s, "given") && !g_str_equal (s, "refused")))
        return bad (error, "consent.vault_documents", "must be given or refused");
      out->vault_consent = g_strdup (s);
    }
  if (json_object_has_member (obj, "fee"))
    {
      gint64 paise = 0;

      fee = sewa_sim_member_object (obj, "fee");
      if (fee == NULL)
        return bad (error, "fee", "must be an object");
      if (json_object_has_member (fee, "amount_paise") && (!sewa_sim_member_int (fee, "amount_paise", &paise) || paise < 0))
        return bad (error, "fee.amount_paise", "must be a non-negative integer");
    }

  if (json_object_has_member (obj, "prescrutiny") && !decode_prescrutiny (obj, out, error))
    return FALSE;

  docs = sewa_sim_member_array (obj, "documents");
  if (docs == NULL || json_array_get_length (docs) > 64)
    return bad (error, "documents", "must be an array of at most 64 entries");
  out->documents = g_ptr_array_new_with_free_func (doc_ref_free);
  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonNode *n = json_array_get_element (docs, i);
      JsonObject *d;
      SewaSimDocRef *ref;
      const char *doc_id, *type;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return bad (error, "documents[]", "entries must be objects");
      d = json_node_get_object (n);
      doc_id = sewa_sim_member_string (d, "doc_id");
      type = sewa_sim_member_string (d, "type");
      if (doc_id == NULL || *doc_id == '\0' || strlen (doc_id) > 64)
        return bad (error, "documents[].doc_id", "must be a non-empty string");
      if (type == NULL || *type == '\0' || strlen (type) > 64)
        return bad (error, "documents[].type", "must be a non-empty string");
      ref = g_new0 (SewaSimDocRef, 1);
      ref->doc_id = g_strdup (doc_id);
      ref->type = g_strdup (type);
      ref->upload_id = g_strdup (sewa_sim_member_string (d, "upload_id"));
      ref->vault_id = g_strdup (sewa_sim_member_string (d, "vault_id"));
      g_ptr_array_add (out->documents, ref);
    }

  out->canonical = sewa_sim_canonical_json (root);
  out->body_sha256 = sewa_sim_sha256_hex (out->canonical, strlen (out->canonical));
  return TRUE;
}

void
sewa_sim_heartbeat_clear (SewaSimHeartbeat *h)
{
  g_clear_pointer (&h->version, g_free);
  g_clear_pointer (&h->health_json, g_free);
  g_clear_pointer (&h->canonical, g_free);
}

/* An optional non-negative integer member, copied to @checked when present. */
static gboolean
heartbeat_count (JsonObject *obj, const char *name, JsonObject *checked, GError **error)
{
  gint64 v;

  if (!json_object_has_member (obj, name))
    return TRUE;
  if (!sewa_sim_member_int (obj, name, &v) || v < 0)
    return bad (error, name, "must be a non-negative integer");
  json_object_set_int_member (checked, name, v);
  return TRUE;
}

/* An optional RFC 3339 time member, copied to @checked when present. */
static gboolean
heartbeat_time (JsonObject *obj, const char *name, JsonObject *checked, GError **error)
{
  const char *text;
  gint64 at;

  if (!json_object_has_member (obj, name))
    return TRUE;
  text = sewa_sim_member_string (obj, name);
  if (text == NULL || !sewa_sim_parse_rfc3339 (text, &at))
    return bad (error, name, "must be an RFC 3339 time");
  json_object_set_string_member (checked, name, text);
  return TRUE;
}

/* Health values and alert codes are short tokens ("ok", "degraded", "device-refused"), never
 * free text that could carry citizen data. */
static gboolean
is_health_token (const char *s)
{
  size_t n = s != NULL ? strlen (s) : 0;

  if (n == 0 || n > 64)
    return FALSE;
  for (size_t i = 0; i < n; i++)
    if (!g_ascii_islower (s[i]) && !g_ascii_isdigit (s[i]) && s[i] != '-' && s[i] != '_')
      return FALSE;
  return TRUE;
}

gboolean
sewa_sim_decode_heartbeat (const SewaSimRequest *req, SewaSimHeartbeat *out, GError **error)
{
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, error);
  g_autoptr (JsonNode) health_node = NULL;
  g_autoptr (JsonNode) checked_node = NULL;
  g_autoptr (JsonObject) checked = json_object_new ();
  g_autoptr (JsonObject) checked_health = json_object_new ();
  JsonObject *obj, *health;
  const char *version;
  g_autoptr (GList) members = NULL;

  memset (out, 0, sizeof *out);
  if (root == NULL)
    return FALSE;
  obj = json_node_get_object (root);
  version = sewa_sim_member_string (obj, "version");
  if (version == NULL || version[0] == '\0' || strlen (version) > 64)
    return bad (error, "version", "must be a string");
  if (!sewa_sim_member_int (obj, "queue_depth", &out->queue_depth) || out->queue_depth < 0)
    return bad (error, "queue_depth", "must be a non-negative integer");
  health = sewa_sim_member_object (obj, "health");
  if (health == NULL)
    return bad (error, "health", "must be an object of strings");
  members = json_object_get_members (health);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = sewa_sim_member_string (health, l->data);

      if (value == NULL || !is_health_token (value) || !is_health_token (l->data))
        return bad (error, "health", "names and values must be short lowercase tokens");
      json_object_set_string_member (checked_health, l->data, value);
    }
  json_object_set_string_member (checked, "version", version);
  json_object_set_int_member (checked, "queue_depth", out->queue_depth);
  json_object_set_object_member (checked, "health", json_object_ref (checked_health));
  if (!heartbeat_count (obj, "uptime_s", checked, error)
      || !heartbeat_count (obj, "disk_free_mb", checked, error)
      || !heartbeat_count (obj, "oldest_queued_age_s", checked, error)
      || !heartbeat_time (obj, "oldest_queued_at", checked, error)
      || !heartbeat_time (obj, "last_sync_at", checked, error))
    return FALSE;
  if (json_object_has_member (obj, "last_fatal_alert"))
    {
      JsonObject *alert = sewa_sim_member_object (obj, "last_fatal_alert");
      g_autoptr (JsonObject) checked_alert = json_object_new ();
      const char *code = sewa_sim_member_string (alert, "code");

      if (alert == NULL || json_object_get_size (alert) != 2 || !is_health_token (code))
        return bad (error, "last_fatal_alert", "must be {\"code\": token, \"at\": time}");
      json_object_set_string_member (checked_alert, "code", code);
      if (!json_object_has_member (alert, "at")
          || !heartbeat_time (alert, "at", checked_alert, error))
        return bad (error, "last_fatal_alert", "must be {\"code\": token, \"at\": time}");
      json_object_set_object_member (checked, "last_fatal_alert", g_steal_pointer (&checked_alert));
    }
  out->version = g_strdup (version);
  health_node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (health_node, checked_health);
  out->health_json = sewa_sim_json_to_string (health_node);
  checked_node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (checked_node, checked);
  out->canonical = sewa_sim_canonical_json (checked_node);
  return TRUE;
}

static void
audit_entry_free (gpointer p)
{
  SewaSimAuditEntry *e = p;

  g_free (e->event);
  g_free (e->detail_json);
  g_free (e->actor);
  g_free (e->text);
  g_free (e->prev_hash);
  g_free (e->hash);
  g_free (e);
}

/* The chain members of one audit entry (§8): none, or prev_hash and hash (64 lowercase hex)
 * with the optional actor (an operator id) and text (the detail as hashed). */
static gboolean
decode_audit_chain (JsonObject *e, GError **error)
{
  const char *actor = sewa_sim_member_string (e, "actor");
  const char *text = sewa_sim_member_string (e, "text");
  gboolean chained = json_object_has_member (e, "hash") || json_object_has_member (e, "prev_hash");

  if (!chained)
    {
      if (json_object_has_member (e, "actor") || json_object_has_member (e, "text"))
        {
          bad (error, "entries[].actor", "actor and text come with the chain (prev_hash, hash)");
          return FALSE;
        }
      return TRUE;
    }
  if (!sewa_audit_hash_is_valid (sewa_sim_member_string (e, "prev_hash")) ||
      !sewa_audit_hash_is_valid (sewa_sim_member_string (e, "hash")))
    {
      bad (error, "entries[].hash", "prev_hash and hash must both be 64 lowercase hex digits");
      return FALSE;
    }
  if (json_object_has_member (e, "actor") &&
      (actor == NULL || strlen (actor) > 64 || !g_regex_match_simple ("^[a-z0-9._-]*$", actor, 0, 0)))
    {
      bad (error, "entries[].actor", "must be an operator id (^[a-z0-9._-]{0,64}$)");
      return FALSE;
    }
  if (json_object_has_member (e, "text") && (text == NULL || strlen (text) > 4096))
    {
      bad (error, "entries[].text", "must be a string of at most 4096 bytes");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sewa_sim_decode_audit (const SewaSimRequest *req, GError **error)
{
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, error);
  g_autoptr (GPtrArray) out = NULL;
  JsonArray *entries;
  guint n;

  if (root == NULL)
    return NULL;
  entries = sewa_sim_member_array (json_node_get_object (root), "entries");
  n = entries != NULL ? json_array_get_length (entries) : 0;
  if (n < 1 || n > 500)
    {
      bad (error, "entries", "must be an array of 1-500 entries");
      return NULL;
    }
  out = g_ptr_array_new_with_free_func (audit_entry_free);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *e;
      SewaSimAuditEntry *entry;
      const char *event;
      gint64 seq = 0, at = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad (error, "entries[]", "must be objects");
          return NULL;
        }
      e = json_node_get_object (node);
      event = sewa_sim_member_string (e, "event");
      if (!sewa_sim_member_int (e, "seq", &seq) || seq < 1)
        {
          bad (error, "entries[].seq", "must be a positive integer");
          return NULL;
        }
      if (!sewa_sim_parse_rfc3339 (sewa_sim_member_string (e, "at"), &at))
        {
          bad (error, "entries[].at", "must be an RFC 3339 UTC time");
          return NULL;
        }
      if (event == NULL || *event == '\0' || strlen (event) > 64)
        {
          bad (error, "entries[].event", "must be a string of 1-64 chars");
          return NULL;
        }
      if (json_object_has_member (e, "detail") && sewa_sim_member_object (e, "detail") == NULL)
        {
          bad (error, "entries[].detail", "must be an object");
          return NULL;
        }
      if (!decode_audit_chain (e, error))
        return NULL;
      if (i > 0 && seq <= ((SewaSimAuditEntry *) g_ptr_array_index (out, i - 1))->seq)
        {
          bad (error, "entries[].seq", "must increase within a batch");
          return NULL;
        }
      entry = g_new0 (SewaSimAuditEntry, 1);
      entry->seq = seq;
      if (json_object_has_member (e, "hash"))
        {
          const char *actor = sewa_sim_member_string (e, "actor");
          const char *text = sewa_sim_member_string (e, "text");

          entry->actor = g_strdup (actor != NULL ? actor : "");
          entry->text = g_strdup (text != NULL ? text : "");
          entry->prev_hash = g_strdup (sewa_sim_member_string (e, "prev_hash"));
          entry->hash = g_strdup (sewa_sim_member_string (e, "hash"));
        }
      entry->at = at;
      entry->event = g_strdup (event);
      if (json_object_has_member (e, "detail"))
        entry->detail_json = sewa_sim_json_to_string (json_object_get_member (e, "detail"));
      g_ptr_array_add (out, entry);
    }
  return g_steal_pointer (&out);
}

gboolean
sewa_sim_is_idempotency_key (const char *key)
{
  return sewa_sim_is_token_chars (key, 16, 64);
}

void
sewa_sim_payment_clear (SewaSimPayment *p)
{
  g_clear_pointer (&p->payment_id, g_free);
  g_clear_pointer (&p->mode, g_free);
  g_clear_pointer (&p->transaction_ref, g_free);
  g_clear_pointer (&p->counter_receipt, g_free);
  g_clear_pointer (&p->waiver_reason, g_free);
  g_clear_pointer (&p->operator_id, g_free);
  g_clear_pointer (&p->canonical, g_free);
  g_clear_pointer (&p->body_sha256, g_free);
}

static gboolean
is_digits (const char *s, gsize len)
{
  if (s == NULL || strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

gboolean
sewa_sim_decode_payment (const SewaSimRequest *req, SewaSimPayment *out, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *o;
  const char *mode, *text;
  gint64 amount = -1;

  memset (out, 0, sizeof *out);
  root = sewa_sim_decode_json_object (req, error);
  if (root == NULL)
    return FALSE;
  o = json_node_get_object (root);
  if (!sewa_sim_is_idempotency_key (sewa_sim_member_string (o, "payment_id")))
    return bad (error, "payment_id", "must be 16-64 chars of [A-Za-z0-9_-]");
  mode = sewa_sim_member_string (o, "mode");
  if (g_strcmp0 (mode, "upi") != 0 && g_strcmp0 (mode, "cash") != 0 && g_strcmp0 (mode, "waived") != 0)
    return bad (error, "mode", "must be upi, cash or waived");
  if (!sewa_sim_member_int (o, "amount_paise", &amount) || amount < 0 || amount > 100000000
      || (amount == 0) != (strcmp (mode, "waived") == 0))
    return bad (error, "amount_paise", "must be a whole number of paise, 0 exactly when waived");
  if (!sewa_sim_is_token_chars (sewa_sim_member_string (o, "operator_id"), 1, 64))
    return bad (error, "operator_id", "must be 1-64 chars of [A-Za-z0-9_-]");
  if (!sewa_sim_parse_rfc3339 (sewa_sim_member_string (o, "paid_at"), &out->paid_at))
    return bad (error, "paid_at", "must be an RFC 3339 UTC time");
  text = sewa_sim_member_string (o, "transaction_ref");
  if ((strcmp (mode, "upi") == 0) != (text != NULL) || (text != NULL && !is_digits (text, 12)))
    return bad (error, "transaction_ref", "is 12 digits, given exactly when mode is upi");
  out->transaction_ref = g_strdup (text);
  text = sewa_sim_member_string (o, "counter_receipt");
  if ((strcmp (mode, "cash") == 0) != (text != NULL)
      || (text != NULL && !sewa_sim_is_token_chars (text, 1, 32)))
    return bad (error, "counter_receipt", "is 1-32 chars of [A-Za-z0-9_-], given exactly when mode is cash");
  out->counter_receipt = g_strdup (text);
  text = sewa_sim_member_string (o, "waiver_reason");
  if ((strcmp (mode, "waived") == 0) != (text != NULL) || (text != NULL && (*text == '\0' || strlen (text) > 400)))
    return bad (error, "waiver_reason", "is 1-400 bytes, given exactly when mode is waived");
  out->waiver_reason = g_strdup (text);
  out->payment_id = g_strdup (sewa_sim_member_string (o, "payment_id"));
  out->mode = g_strdup (mode);
  out->amount_paise = amount;
  out->operator_id = g_strdup (sewa_sim_member_string (o, "operator_id"));
  out->canonical = sewa_sim_canonical_json (root);
  out->body_sha256 = sewa_sim_sha256_hex (out->canonical, strlen (out->canonical));
  return TRUE;
}

void
sewa_sim_bank_credit_clear (SewaSimBankCredit *c)
{
  g_clear_pointer (&c->transaction_ref, g_free);
  g_clear_pointer (&c->canonical, g_free);
  g_clear_pointer (&c->body_sha256, g_free);
}

gboolean
sewa_sim_decode_bank_credit (const SewaSimRequest *req, SewaSimBankCredit *out, GError **error)
{
  static const char *const known[] = { "transaction_ref", "amount_paise", "paid_at" };
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GList) members = NULL;
  JsonObject *o;
  const char *ref;
  gint64 amount = 0;

  memset (out, 0, sizeof *out);
  root = sewa_sim_decode_json_object (req, error);
  if (root == NULL)
    return FALSE;
  o = json_node_get_object (root);
  /* A misspelt optional member ("paidAt") would otherwise be ignored silently and the payment
   * dated by the sim's clock, which a test would not notice: unknown members are refused. */
  members = json_object_get_members (o);
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean is_known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        is_known = is_known || strcmp (l->data, known[i]) == 0;
      if (!is_known)
        return bad (error, l->data, "is not a member of a bank credit (transaction_ref, amount_paise, paid_at)");
    }
  ref = sewa_sim_member_string (o, "transaction_ref");
  if (!is_digits (ref, 12))
    return bad (error, "transaction_ref", "must be the 12-digit UPI transaction reference (UTR)");
  if (!sewa_sim_member_int (o, "amount_paise", &amount) || amount < 1 || amount > 100000000)
    return bad (error, "amount_paise", "must be a whole number of paise, at least 1");
  if (json_object_has_member (o, "paid_at"))
    {
      if (!sewa_sim_parse_rfc3339 (sewa_sim_member_string (o, "paid_at"), &out->paid_at))
        return bad (error, "paid_at", "must be an RFC 3339 UTC time");
      out->has_paid_at = TRUE;
    }
  out->transaction_ref = g_strdup (ref);
  out->amount_paise = amount;
  out->canonical = sewa_sim_canonical_json (root);
  out->body_sha256 = sewa_sim_sha256_hex (out->canonical, strlen (out->canonical));
  return TRUE;
}
