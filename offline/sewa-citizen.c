/* sewa-citizen.c — see sewa-citizen.h. */
#include "sewa-citizen.h"
#include "sewa-json.h"
#include "sewa-portal-client.h"
#include "sewa-district.h"

#include <string.h>
#include <time.h>

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

/* ---- profile ------------------------------------------------------------------------------ */

void
sewa_citizen_profile_free (SewaCitizenProfile *profile)
{
  if (profile == NULL)
    return;
  sewa_identity_free (profile->identity);
  g_clear_pointer (&profile->arns, g_hash_table_unref);
  g_clear_pointer (&profile->dates, g_hash_table_unref);
  g_free (profile);
}

typedef enum
{
  PROFILE_TEXT,     /* a name or an address part */
  PROFILE_DOB,      /* YYYY-MM-DD, a real past date */
  PROFILE_DISTRICT, /* a district the kiosk knows, else dropped */
  PROFILE_PINCODE,  /* 6 digits */
} ProfileKind;

static const struct
{
  const char *key;
  ProfileKind kind;
  glong max_chars;
} profile_keys[] = {
  { "name", PROFILE_TEXT, 100 },          { "father_name", PROFILE_TEXT, 100 },
  { "dob", PROFILE_DOB, 10 },             { "address.house", PROFILE_TEXT, 120 },
  { "address.street", PROFILE_TEXT, 120 }, { "address.vtc", PROFILE_TEXT, 120 },
  { "address.district", PROFILE_DISTRICT, 40 }, { "address.pincode", PROFILE_PINCODE, 6 },
};

/* Text a citizen can read back: 1..max characters, no control characters (no line breaks,
 * no escapes a label would show as boxes), not only blanks. The strict reader already refused
 * text that is not UTF-8. */
static gboolean
profile_text_ok (const char *s, glong max_chars)
{
  glong n = 0;
  gboolean visible = FALSE;

  if (s == NULL || !g_utf8_validate (s, -1, NULL))
    return FALSE;
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return FALSE;
      if (!g_unichar_isspace (c))
        visible = TRUE;
      n++;
    }
  return visible && n >= 1 && n <= max_chars;
}

/* "YYYY-MM-DD", a real calendar date from 1900 up to @today. */
static gboolean
parse_ymd (const char *s, const GDate *today, GDate *out)
{
  guint y, m, d;

  if (s == NULL || strlen (s) != 10 || s[4] != '-' || s[7] != '-' || strspn (s, "0123456789") != 4
      || strspn (s + 5, "0123456789") != 2 || strspn (s + 8, "0123456789") != 2)
    return FALSE;
  y = (guint) g_ascii_strtoull (s, NULL, 10);
  m = (guint) g_ascii_strtoull (s + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (s + 8, NULL, 10);
  if (y < 1900 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return today == NULL || g_date_compare (out, today) <= 0;
}

void
sewa_citizen_india_date (gint64 unix_time, GDate *out)
{
  g_date_clear (out, 1);
  /* Whole days since the epoch in India's time; GDate counts days from 1 January of year 1. */
  g_date_set_dmy (out, 1, G_DATE_JANUARY, 1970);
  g_date_add_days (out, (guint) ((unix_time + 19800) / 86400));
}

SewaCitizenProfile *
sewa_citizen_parse_profile (guint http_status, const char *body, gsize len, const GDate *today,
                            GError **error)
{
  g_autoptr (JsonObject) obj = NULL;
  g_autoptr (SewaCitizenProfile) profile = g_new0 (SewaCitizenProfile, 1);
  GDate now;
  JsonNode *fields_node;
  JsonObject *fields;

  profile->identity = sewa_identity_new (SEWA_IDENTITY_SOURCE_EARLIER_APPLICATION);
  profile->arns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  profile->dates = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  if (http_status == 404)
    return g_steal_pointer (&profile);
  if (http_status != 200)
    {
      g_autoptr (JsonObject) err = parse_object (body, len, NULL);

      set_status_error (http_status, err, error);
      return NULL;
    }
  obj = parse_object (body, len, error);
  if (obj == NULL)
    return NULL;
  if (today == NULL)
    {
      sewa_citizen_india_date ((gint64) time (NULL), &now);
      today = &now;
    }
  fields_node = json_object_get_member (obj, "fields");
  if (!matches (member_string (obj, "citizen_id"), "cit_", "0123456789abcdef", 16, 16) || fields_node == NULL
      || !JSON_NODE_HOLDS_OBJECT (fields_node))
    {
      g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL,
                   "the profile answer has no citizen_id or no fields object");
      return NULL;
    }
  fields = json_node_get_object (fields_node);
  for (gsize i = 0; i < G_N_ELEMENTS (profile_keys); i++)
    {
      JsonNode *n = json_object_get_member (fields, profile_keys[i].key);
      JsonObject *f = n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *value = f != NULL ? member_string (f, "value") : NULL;
      const char *arn = f != NULL ? member_string (f, "arn") : NULL;
      const char *date = f != NULL ? member_string (f, "date") : NULL;
      g_autofree char *stored = NULL;
      GDate given, dob;
      gboolean ok;

      if (n == NULL)
        continue;
      ok = f != NULL && sewa_portal_is_valid_arn (arn) && parse_ymd (date, today, &given)
           && profile_text_ok (value, profile_keys[i].max_chars);
      if (ok)
        switch (profile_keys[i].kind)
          {
          case PROFILE_TEXT:
            stored = g_strdup (value);
            break;
          case PROFILE_DOB:
            ok = parse_ymd (value, today, &dob);
            if (ok)
              stored = g_strdup_printf ("%02u-%02u-%04u", g_date_get_day (&dob), g_date_get_month (&dob),
                                        g_date_get_year (&dob));
            break;
          case PROFILE_PINCODE:
            ok = strlen (value) == 6 && strspn (value, "0123456789") == 6;
            stored = ok ? g_strdup (value) : NULL;
            break;
          case PROFILE_DISTRICT:
            {
              const SewaDistrict *district = sewa_district_lookup (value);

              /* Not a district the kiosk can show: the citizen picks it, nothing else is lost. */
              if (district == NULL)
                continue;
              stored = g_strdup (district->code);
            }
            break;
          default:
            g_assert_not_reached ();
          }
      if (!ok)
        {
          g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL,
                       "profile field %s does not match the contract (value, arn, date)", profile_keys[i].key);
          return NULL;
        }
      sewa_identity_set (profile->identity, profile_keys[i].key, stored);
      explicit_bzero (stored, strlen (stored));
      g_hash_table_replace (profile->arns, (gpointer) profile_keys[i].key, g_strdup (arn));
      g_hash_table_replace (profile->dates, (gpointer) profile_keys[i].key, g_strdup (date));
      profile->n_fields++;
    }
  return g_steal_pointer (&profile);
}
