/* sewa-citizen.c — see sewa-citizen.h. */
#include "sewa-citizen.h"
#include "sewa-json.h"
#include "sewa-portal-client.h"

#include <string.h>

G_DEFINE_QUARK (sewa-citizen-error-quark, sewa_citizen_error)

gboolean
sewa_citizen_is_valid_mobile (const char *mobile)
{
  return mobile != NULL && strlen (mobile) == 10 && strspn (mobile, "0123456789") == 10
         && mobile[0] >= '6';
}

static gboolean
matches (const char *s, const char *prefix, const char *alphabet, gsize min_len, gsize max_len)
{
  gsize plen = prefix != NULL ? strlen (prefix) : 0;
  gsize len;

  if (s == NULL || (prefix != NULL && !g_str_has_prefix (s, prefix)))
    return FALSE;
  len = strlen (s + plen);
  return len >= min_len && len <= max_len && strspn (s + plen, alphabet) == len;
}

#define TOKEN_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

/* A member read only if it has exactly the expected type: a string is a string, an integer an
 * integer in range, never a number written as text or a float. */
static const char *
member_string (JsonObject *obj, const char *name)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
member_uint (JsonObject *obj, const char *name, gint64 min, gint64 max, guint *out)
{
  JsonNode *n = json_object_get_member (obj, name);
  gint64 v;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  v = json_node_get_int (n);
  if (v < min || v > max)
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static JsonObject *
parse_object (const char *body, gsize len, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (body == NULL || len == 0)
    {
      g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL, "the answer has no body");
      return NULL;
    }
  root = sewa_json_parse (body, len, &local);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL,
                   "the answer is not a JSON object%s%s", local != NULL ? ": " : "",
                   local != NULL ? local->message : "");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* An answer that is not the success the caller handles: transient, refused, or contract
 * breach. The portal's code is kept (it is short and not citizen data); its message is not. */
static void
set_status_error (guint http_status, JsonObject *obj, GError **error)
{
  const char *code = obj != NULL ? member_string (obj, "code") : NULL;
  g_autofree char *safe = NULL;

  if (code != NULL)
    {
      safe = g_strndup (code, 40);
      g_strcanon (safe, "abcdefghijklmnopqrstuvwxyz_0123456789", '?');
    }
  if (http_status == 0 || http_status == 429 || http_status >= 500)
    g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_UNREACHABLE,
                 "the portal is not answering (HTTP %u)", http_status);
  else if (http_status == 400 && g_strcmp0 (safe, "bad_request") == 0)
    g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_BAD_MOBILE,
                 "the portal refused the request (HTTP 400 bad_request)");
  else if (http_status >= 400 && http_status < 500)
    g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_REFUSED,
                 "the portal refused the request (HTTP %u %s)", http_status,
                 safe != NULL ? safe : "");
  else
    g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL,
                 "unexpected HTTP status %u", http_status);
}

void
sewa_otp_challenge_free (SewaOtpChallenge *challenge)
{
  if (challenge == NULL)
    return;
  g_free (challenge->otp_id);
  g_free (challenge);
}

SewaOtpChallenge *
sewa_citizen_parse_otp_challenge (guint http_status, const char *body, gsize len, GError **error)
{
  g_autoptr (JsonObject) obj = NULL;
  g_autoptr (SewaOtpChallenge) c = NULL;
  const char *id;

  if (http_status != 202)
    {
      g_autoptr (JsonObject) err = parse_object (body, len, NULL);

      set_status_error (http_status, err, error);
      return NULL;
    }
  obj = parse_object (body, len, error);
  if (obj == NULL)
    return NULL;
  c = g_new0 (SewaOtpChallenge, 1);
  id = member_string (obj, "otp_id");
  if (!matches (id, "otp_", "0123456789abcdef", 16, 16)
      || !member_uint (obj, "expires_in", 1, 3600, &c->expires_in)
      || !member_uint (obj, "length", 4, 8, &c->length))
    {
      g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL,
                   "the OTP answer does not match the contract (otp_id, expires_in 1-3600, length 4-8)");
      return NULL;
    }
  c->otp_id = g_strdup (id);
  return g_steal_pointer (&c);
}

void
sewa_otp_verdict_free (SewaOtpVerdict *verdict)
{
  if (verdict == NULL)
    return;
  if (verdict->token != NULL)
    explicit_bzero (verdict->token, strlen (verdict->token));
  g_free (verdict->token);
  g_free (verdict->mobile_last4);
  g_free (verdict);
}

SewaOtpVerdict *
sewa_citizen_parse_otp_verdict (guint http_status, const char *body, gsize len, GError **error)
{
  g_autoptr (JsonObject) obj = NULL;
  g_autoptr (SewaOtpVerdict) v = g_new0 (SewaOtpVerdict, 1);
  const char *token, *last4, *citizen, *code;

  if (http_status != 200 && http_status != 410 && http_status != 422)
    {
      g_autoptr (JsonObject) err = parse_object (body, len, NULL);

      set_status_error (http_status, err, error);
      return NULL;
    }
  obj = parse_object (body, len, error);
  if (obj == NULL)
    return NULL;
  code = member_string (obj, "code");
  if (http_status == 410 && g_strcmp0 (code, "otp_expired") == 0)
    {
      v->outcome = SEWA_OTP_EXPIRED;
      return g_steal_pointer (&v);
    }
  if (http_status == 422 && g_strcmp0 (code, "otp_invalid") == 0)
    {
      if (!member_uint (obj, "attempts_left", 0, 10, &v->attempts_left))
        {
          g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL,
                       "otp_invalid without a usable attempts_left");
          return NULL;
        }
      v->outcome = SEWA_OTP_WRONG;
      return g_steal_pointer (&v);
    }
  if (http_status != 200)
    {
      set_status_error (http_status, obj, error);
      return NULL;
    }
  token = member_string (obj, "verified_mobile_token");
  last4 = member_string (obj, "mobile_last4");
  citizen = member_string (obj, "citizen_id");
  if (!matches (token, NULL, TOKEN_ALPHABET, 43, 43) || !matches (last4, NULL, "0123456789", 4, 4)
      || !matches (citizen, "cit_", "0123456789abcdef", 16, 16)
      || !member_uint (obj, "expires_in", 1, 7 * 86400, &v->expires_in))
    {
      g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL,
                   "the OTP verification answer does not match the contract");
      return NULL;
    }
  v->outcome = SEWA_OTP_VERIFIED;
  v->token = g_strdup (token);
  v->mobile_last4 = g_strdup (last4);
  return g_steal_pointer (&v);
}

/* "2026-11-30T08:33:34Z" → "2026-11-30", or NULL. */
static char *
utc_date (const char *rfc3339)
{
  g_autoptr (GDateTime) dt = NULL;

  if (rfc3339 == NULL || strlen (rfc3339) != 20 || rfc3339[19] != 'Z')
    return NULL;
  dt = g_date_time_new_from_iso8601 (rfc3339, NULL);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : NULL;
}

GPtrArray *
sewa_citizen_parse_vault (JsonArray *documents, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_vault_doc_free);

  if (documents == NULL || json_array_get_length (documents) > 500)
    {
      g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL,
                   "the vault answer has no documents array of at most 500 entries");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonNode *n = json_array_get_element (documents, i);
      JsonObject *d = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *id = d != NULL ? member_string (d, "vault_id") : NULL;
      const char *type = d != NULL ? member_string (d, "type") : NULL;
      const char *arn = d != NULL ? member_string (d, "arn") : NULL;
      g_autofree char *date = utc_date (d != NULL ? member_string (d, "added_at") : NULL);

      if (!matches (id, "vd_", "0123456789abcdef", 16, 16)
          || !matches (type, NULL, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", 2, 16)
          || date == NULL || !sewa_portal_is_valid_arn (arn))
        {
          g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL,
                       "vault document %u does not match the contract (vault_id, type, added_at, arn)", i);
          return NULL;
        }
      g_ptr_array_add (out, sewa_vault_doc_new (id, type, date, arn));
    }
  return g_steal_pointer (&out);
}
