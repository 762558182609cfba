/* Unit tests of request signing, canonical JSON and error classification (no network). */
#include "sewa-citizen.h"
#include "sewa-portal-client.h"

#include <string.h>

static void
test_sign_contract_example (void)
{
  /* The worked example of docs/portal-api.md §2. */
  g_autofree char *sig = sewa_portal_sign ("c2V3YS1raW9zay10ZXN0LXNlY3JldC0wMDAwMDAwMDA", "GET",
                                           "/v1/catalog", "1796000000", "abcdefghijklmnop", NULL,
                                           0);
  g_autofree char *other = sewa_portal_sign ("c2V3YS1raW9zay10ZXN0LXNlY3JldC0wMDAwMDAwMDA", "GET",
                                             "/v1/catalog", "1796000000", "abcdefghijklmnop", "x",
                                             1);

  g_assert_cmpstr (sig, ==, "819933f949f111a98529746313a3867d7dcf5961a061d3fbe51dddb3033f0842");
  g_assert_cmpstr (other, !=, sig);
}

static void
test_nonce (void)
{
  g_autofree char *a = sewa_portal_new_nonce ();
  g_autofree char *b = sewa_portal_new_nonce ();

  g_assert_cmpuint (strlen (a), >=, 16);
  g_assert_cmpuint (strlen (a), <=, 64);
  g_assert_cmpuint (strspn (a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"),
                    ==, strlen (a));
  g_assert_cmpstr (a, !=, b);
}

static void
test_canonical_json (void)
{
  g_autoptr (JsonParser) p1 = json_parser_new ();
  g_autoptr (JsonParser) p2 = json_parser_new ();
  g_autofree char *c1 = NULL;
  g_autofree char *c2 = NULL;

  g_assert_true (json_parser_load_from_data (p1, "{ \"b\": 1, \"a\": {\"z\": [1, {\"y\":2,\"x\":3}], \"m\": null} }", -1, NULL));
  g_assert_true (json_parser_load_from_data (p2, "{\"a\":{\"m\":null,\"z\":[1,{\"x\":3,\"y\":2}]},\"b\":1}", -1, NULL));
  c1 = sewa_portal_canonical_json (json_parser_get_root (p1));
  c2 = sewa_portal_canonical_json (json_parser_get_root (p2));
  g_assert_cmpstr (c1, ==, "{\"a\":{\"m\":null,\"z\":[1,{\"x\":3,\"y\":2}]},\"b\":1}");
  g_assert_cmpstr (c1, ==, c2);
}

static SewaPortalOutcome
classify (CURLcode code, guint status, const char *retry_after, const char *body,
          SewaPortalResult *out)
{
  g_autoptr (GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;

  sewa_portal_classify (code, status, retry_after, bytes, 1796000000, out);
  return out->outcome;
}

static void
test_classify (void)
{
  SewaPortalResult r;

  g_assert_cmpint (classify (CURLE_OK, 200, NULL, "{}", &r), ==, SEWA_PORTAL_OK);
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OK, 304, NULL, NULL, &r), ==, SEWA_PORTAL_OK);
  sewa_portal_result_clear (&r);

  g_assert_cmpint (classify (CURLE_COULDNT_CONNECT, 0, NULL, NULL, &r), ==, SEWA_PORTAL_TRANSIENT);
  g_assert_true (r.unreachable);
  g_assert_false (r.tls_untrusted);
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_PEER_FAILED_VERIFICATION, 0, NULL, NULL, &r), ==,
                   SEWA_PORTAL_TRANSIENT);
  g_assert_true (r.tls_untrusted);
  g_assert_cmpstr (r.code, ==, "tls");
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OPERATION_TIMEDOUT, 0, NULL, NULL, &r), ==, SEWA_PORTAL_TRANSIENT);
  g_assert_false (r.unreachable);
  g_assert_cmpstr (r.code, ==, "timeout");
  sewa_portal_result_clear (&r);
  /* A reset mid-body: the exchange started, so it is the request that failed, not the link. */
  g_assert_cmpint (classify (CURLE_RECV_ERROR, 0, NULL, NULL, &r), ==, SEWA_PORTAL_TRANSIENT);
  g_assert_false (r.unreachable);
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_PARTIAL_FILE, 0, NULL, NULL, &r), ==, SEWA_PORTAL_TRANSIENT);
  sewa_portal_result_clear (&r);

  g_assert_cmpint (classify (CURLE_OK, 503, "7", "{\"code\":\"unavailable\",\"message\":\"m\"}", &r),
                   ==, SEWA_PORTAL_TRANSIENT);
  g_assert_cmpint (r.retry_after_ms, ==, 7000);
  g_assert_cmpstr (r.code, ==, "unavailable");
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OK, 429, "Thu, 01 Jan 2027 00:00:10 GMT", NULL, &r), ==,
                   SEWA_PORTAL_TRANSIENT);
  g_assert_cmpint (r.retry_after_ms, >, 0);
  sewa_portal_result_clear (&r);
  /* An HTTP date in the year 2147483647 (libcurl reads it): held to the cap, without the
   * seconds-to-milliseconds overflow the fuzzer found. */
  g_assert_cmpint (classify (CURLE_OK, 429, "Sun, 06 Nov 2147483647 08:49:37 GMT", NULL, &r), ==,
                   SEWA_PORTAL_TRANSIENT);
  g_assert_cmpint (r.retry_after_ms, ==, SEWA_PORTAL_RETRY_AFTER_CAP_MS);
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OK, 429, "soon", NULL, &r), ==, SEWA_PORTAL_TRANSIENT);
  g_assert_cmpint (r.retry_after_ms, ==, -1);
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OK, 504, NULL, "not json", &r), ==, SEWA_PORTAL_TRANSIENT);
  g_assert_cmpstr (r.code, ==, "http_504");
  sewa_portal_result_clear (&r);

  g_assert_cmpint (classify (CURLE_OK, 401, NULL, "{\"code\":\"device_revoked\"}", &r), ==,
                   SEWA_PORTAL_AUTH_PAUSE);
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OK, 401, NULL, "{\"code\":\"auth_bad_signature\"}", &r), ==,
                   SEWA_PORTAL_AUTH_PAUSE);
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OK, 401, NULL, "{\"code\":\"auth_stale\",\"server_time\":1}", &r),
                   ==, SEWA_PORTAL_TRANSIENT);
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OK, 409, NULL, "{\"code\":\"idempotency_conflict\",\"message\":\"x\"}", &r),
                   ==, SEWA_PORTAL_CONFLICT);
  g_assert_cmpstr (r.code, ==, "idempotency_conflict");
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OK, 422, NULL, "{\"code\":\"unknown_service\",\"message\":\"no\"}", &r),
                   ==, SEWA_PORTAL_PERMANENT);
  g_assert_cmpstr (r.message, ==, "no");
  sewa_portal_result_clear (&r);
  g_assert_cmpint (classify (CURLE_OK, 404, NULL, NULL, &r), ==, SEWA_PORTAL_PERMANENT);
  g_assert_cmpstr (r.code, ==, "http_404");
  sewa_portal_result_clear (&r);
}

static void
test_pem_sha256 (void)
{
  /* "hello" is not a certificate, but the function only decodes the armour and hashes the DER. */
  static const char pem[] = "junk\n-----BEGIN CERTIFICATE-----\naGVs\nbG8=\n"
                            "-----END CERTIFICATE-----\n";
  g_autofree char *hash = sewa_portal_pem_sha256 (pem, strlen (pem));

  g_assert_cmpstr (hash, ==, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  g_assert_null (sewa_portal_pem_sha256 ("no pem", 6));
}

/* The citizen OTP answers (docs/portal-api.yaml OtpRequested / OtpVerified, §4 errors). */
static void
test_otp_answers (void)
{
  static const char challenge[] = "{\"otp_id\":\"otp_0123456789abcdef\",\"expires_in\":300,\"length\":6}";
  static const char verified[] = "{\"verified_mobile_token\":\"abcdefghijABCDEFGHIJ0123456789_-abcdefghijk\","
                                 "\"citizen_id\":\"cit_0123456789abcdef\",\"expires_in\":86400,\"mobile_last4\":\"3210\"}";
  static const char wrong[] = "{\"code\":\"otp_invalid\",\"message\":\"wrong\",\"attempts_left\":3}";
  static const char expired[] = "{\"code\":\"otp_expired\",\"message\":\"gone\"}";
  static const char bad_mobile[] = "{\"code\":\"bad_request\",\"message\":\"mobile\"}";
  static const char *const broken_challenges[] = {
    "{\"otp_id\":\"otp_0123456789ABCDEF\",\"expires_in\":300,\"length\":6}", /* upper-case hex */
    "{\"otp_id\":\"otp_0123456789abcdef\",\"expires_in\":\"300\",\"length\":6}", /* text, not a number */
    "{\"otp_id\":\"otp_0123456789abcdef\",\"expires_in\":0,\"length\":6}",
    "{\"otp_id\":\"otp_0123456789abcdef\",\"expires_in\":300,\"length\":60}",
    "{\"otp_id\":\"otp_0123456789abcdef\",\"otp_id\":\"otp_0123456789abcdef\",\"expires_in\":300,\"length\":6}",
    "[]", "",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaOtpChallenge) c = NULL;
  g_autoptr (SewaOtpVerdict) v = NULL;

  g_assert_true (sewa_citizen_is_valid_mobile ("9876543210"));
  g_assert_false (sewa_citizen_is_valid_mobile ("5876543210"));
  g_assert_false (sewa_citizen_is_valid_mobile ("987654321"));
  g_assert_false (sewa_citizen_is_valid_mobile ("98765432１0"));

  c = sewa_citizen_parse_otp_challenge (202, challenge, strlen (challenge), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->otp_id, ==, "otp_0123456789abcdef");
  g_assert_cmpuint (c->expires_in, ==, 300);
  g_assert_cmpuint (c->length, ==, 6);
  for (gsize i = 0; i < G_N_ELEMENTS (broken_challenges); i++)
    {
      g_autoptr (SewaOtpChallenge) b = sewa_citizen_parse_otp_challenge (202, broken_challenges[i],
                                                                        strlen (broken_challenges[i]), &error);

      g_assert_null (b);
      g_assert_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
  g_assert_null (sewa_citizen_parse_otp_challenge (400, bad_mobile, strlen (bad_mobile), &error));
  g_assert_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_BAD_MOBILE);
  g_clear_error (&error);
  g_assert_null (sewa_citizen_parse_otp_challenge (503, "oops", 4, &error));
  g_assert_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_UNREACHABLE);
  g_clear_error (&error);
  /* A 200 is not the 202 the contract names. */
  g_assert_null (sewa_citizen_parse_otp_challenge (200, challenge, strlen (challenge), &error));
  g_assert_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL);
  g_clear_error (&error);

  v = sewa_citizen_parse_otp_verdict (200, verified, strlen (verified), &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->outcome, ==, SEWA_OTP_VERIFIED);
  g_assert_cmpstr (v->mobile_last4, ==, "3210");
  g_assert_cmpuint (strlen (v->token), ==, 43);
  g_clear_pointer (&v, sewa_otp_verdict_free);
  v = sewa_citizen_parse_otp_verdict (422, wrong, strlen (wrong), &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->outcome, ==, SEWA_OTP_WRONG);
  g_assert_cmpuint (v->attempts_left, ==, 3);
  g_assert_null (v->token);
  g_clear_pointer (&v, sewa_otp_verdict_free);
  v = sewa_citizen_parse_otp_verdict (410, expired, strlen (expired), &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->outcome, ==, SEWA_OTP_EXPIRED);
  g_clear_pointer (&v, sewa_otp_verdict_free);
  /* A 200 without a token in the contract's shape gives the citizen nothing. */
  v = sewa_citizen_parse_otp_verdict (200, challenge, strlen (challenge), &error);
  g_assert_null (v);
  g_assert_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL);
  g_clear_error (&error);
  /* A 422 of another kind is not a wrong code. */
  v = sewa_citizen_parse_otp_verdict (422, bad_mobile, strlen (bad_mobile), &error);
  g_assert_null (v);
  g_assert_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_REFUSED);
}

static JsonArray *
array_of (const char *json)
{
  g_autoptr (JsonNode) root = json_from_string (json, NULL);

  return json_array_ref (json_node_get_array (root));
}

/* The vault list is read against the contract; one bad entry refuses the whole answer. */
static void
test_vault_answer (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) good = array_of ("[{\"vault_id\":\"vd_0123456789abcdef\",\"type\":\"BIRTH\","
                                         "\"added_at\":\"2026-11-30T20:33:34Z\",\"arn\":\"PB-REVENU-2026-0000042\"},"
                                         "{\"vault_id\":\"vd_1123456789abcdef\",\"type\":\"BIRTH\","
                                         "\"added_at\":\"2026-12-01T08:00:00Z\",\"arn\":\"PB-REVENU-2026-0000043\"}]");
  static const char *const bad[] = {
    "[{\"vault_id\":\"vd_0123\",\"type\":\"BIRTH\",\"added_at\":\"2026-11-30T20:33:34Z\",\"arn\":\"PB-REVENU-2026-0000042\"}]",
    "[{\"vault_id\":\"vd_0123456789abcdef\",\"type\":\"birth\",\"added_at\":\"2026-11-30T20:33:34Z\",\"arn\":\"PB-REVENU-2026-0000042\"}]",
    "[{\"vault_id\":\"vd_0123456789abcdef\",\"type\":\"BIRTH\",\"added_at\":\"yesterday\",\"arn\":\"PB-REVENU-2026-0000042\"}]",
    "[{\"vault_id\":\"vd_0123456789abcdef\",\"type\":\"BIRTH\",\"added_at\":\"2026-11-30T20:33:34Z\",\"arn\":\"pb arn\"}]",
    "[7]",
  };
  g_autoptr (GPtrArray) docs = sewa_citizen_parse_vault (good, &error);
  const char *const birth[] = { "ADHAR", "BIRTH", NULL };
  const char *const ration[] = { "RATION", NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 2);
  g_assert_cmpstr (((SewaVaultDoc *) g_ptr_array_index (docs, 0))->added_on, ==, "2026-11-30");
  /* The newest of the accepted types is the one offered. */
  g_assert_cmpstr (sewa_vault_docs_find (docs, birth)->vault_id, ==, "vd_1123456789abcdef");
  g_assert_null (sewa_vault_docs_find (docs, ration));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonArray) a = array_of (bad[i]);
      g_autoptr (GPtrArray) none = sewa_citizen_parse_vault (a, &error);

      g_assert_null (none);
      g_assert_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
}

/* The profile (GET /v1/citizens/profile) is read against the contract: values converted to what
 * the form stores, an unknown district dropped alone, any other broken field refusing the whole
 * answer; 404 is "nothing on file" and a refused token an error. */
#define PROFILE_FIELD(key, value) "\"" key "\":{\"value\":" value ",\"arn\":\"PB-REVENU-2026-0000042\",\"date\":\"2026-11-30\"}"
#define PROFILE_OF(fields) "{\"citizen_id\":\"cit_0123456789abcdef\",\"fields\":{" fields "}}"

static void
test_profile_answer (void)
{
  g_autoptr (GError) error = NULL;
  GDate today;
  static const char good[] = PROFILE_OF (PROFILE_FIELD ("name", "\"ਗੁਰਪ੍ਰੀਤ ਕੌਰ\"") ","
                                         PROFILE_FIELD ("father_name", "\"Gurdev Singh\"") ","
                                         PROFILE_FIELD ("dob", "\"1975-08-05\"") ","
                                         PROFILE_FIELD ("address.district", "\"ludhiana\"") ","
                                         PROFILE_FIELD ("address.pincode", "\"141001\"") ","
                                         "\"future_key\":{\"value\":7}");
  static const char unknown_district[] = PROFILE_OF (PROFILE_FIELD ("name", "\"Asha\"") ","
                                                     PROFILE_FIELD ("address.district", "\"Atlantis\""));
  static const char *const bad[] = {
    PROFILE_OF (PROFILE_FIELD ("name", "\"line\\nbreak\"")),
    PROFILE_OF (PROFILE_FIELD ("name", "\"tab\\there\"")),
    PROFILE_OF (PROFILE_FIELD ("name", "\"\"")),
    PROFILE_OF (PROFILE_FIELD ("name", "\"   \"")),
    PROFILE_OF (PROFILE_FIELD ("name", "42")),
    PROFILE_OF (PROFILE_FIELD ("name", "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"")),
    PROFILE_OF (PROFILE_FIELD ("dob", "\"2031-01-01\"")),
    PROFILE_OF (PROFILE_FIELD ("dob", "\"1975-02-30\"")),
    PROFILE_OF (PROFILE_FIELD ("dob", "\"05-08-1975\"")),
    PROFILE_OF (PROFILE_FIELD ("dob", "\"1875-08-05\"")),
    PROFILE_OF (PROFILE_FIELD ("address.pincode", "\"14100\"")),
    PROFILE_OF ("\"name\":{\"value\":\"Asha\",\"arn\":\"pb arn\",\"date\":\"2026-11-30\"}"),
    PROFILE_OF ("\"name\":{\"value\":\"Asha\",\"arn\":\"PB-REVENU-2026-0000042\"}"),
    PROFILE_OF ("\"name\":\"Asha\""),
    "{\"citizen_id\":\"cit_0123456789abcdef\",\"fields\":[]}",
    "{\"fields\":{}}",
    "[]",
  };
  g_autoptr (SewaCitizenProfile) p = NULL;
  g_autoptr (SewaCitizenProfile) p2 = NULL;
  g_autoptr (SewaCitizenProfile) none = NULL;
  g_autoptr (SewaCitizenProfile) refused = NULL;

  /* 20:14 UTC on 7 December 2026 is already 8 December in India, where the portal dates what it
   * holds; and midnight UTC is 05:30 the same day there. */
  sewa_citizen_india_date (1796674440, &today);
  g_assert_cmpuint (g_date_get_day (&today), ==, 8);
  g_assert_cmpuint (g_date_get_month (&today), ==, G_DATE_DECEMBER);
  sewa_citizen_india_date (1796601600, &today);
  g_assert_cmpuint (g_date_get_day (&today), ==, 7);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 7, G_DATE_DECEMBER, 2026);
  p = sewa_citizen_parse_profile (200, good, strlen (good), &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p->n_fields, ==, 5);
  g_assert_cmpint (p->identity->source, ==, SEWA_IDENTITY_SOURCE_EARLIER_APPLICATION);
  g_assert_cmpstr (p->identity->name, ==, "ਗੁਰਪ੍ਰੀਤ ਕੌਰ");
  g_assert_cmpstr (p->identity->father_name, ==, "Gurdev Singh");
  g_assert_cmpstr (p->identity->dob, ==, "05-08-1975");
  g_assert_cmpstr (p->identity->district, ==, "ludhiana");
  g_assert_cmpstr (p->identity->pincode, ==, "141001");
  g_assert_cmpstr (g_hash_table_lookup (p->arns, "dob"), ==, "PB-REVENU-2026-0000042");
  g_assert_cmpstr (g_hash_table_lookup (p->dates, "name"), ==, "2026-11-30");

  p2 = sewa_citizen_parse_profile (200, unknown_district, strlen (unknown_district), &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p2->n_fields, ==, 1);
  g_assert_null (p2->identity->district);
  g_assert_cmpstr (p2->identity->name, ==, "Asha");

  none = sewa_citizen_parse_profile (404, "{\"code\":\"not_found\",\"message\":\"x\"}", 36, &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->n_fields, ==, 0);
  refused = sewa_citizen_parse_profile (422, "{\"code\":\"citizen_token_invalid\",\"message\":\"x\"}", 48, &today, &error);
  g_assert_null (refused);
  g_assert_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_REFUSED);
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (SewaCitizenProfile) b = sewa_citizen_parse_profile (200, bad[i], strlen (bad[i]), &today, &error);

      if (b != NULL)
        g_error ("accepted a profile that breaks the contract: %s", bad[i]);
      g_assert_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
}

/* The portal's Date header against our clock: only a real IMF-fixdate in a plausible range
 * gives a skew; anything else is a protocol error, never a skew of zero. */
static void
test_clock_skew (void)
{
  const char *bad[] = { "", "yesterday", "Sun, 06 Nov 1994 08:49:37 GMT", /* before 2020 */
                        "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                        "Mon, 07 Dec 2026 13:00:00 +0530", "Mon, 07 Dec 2026 13:00:00 GMT junk",
                        "Mon, 07 Dec 2126 13:00:00 GMT", "Mon, 99 Dec 2026 13:00:00 GMT" };
  gint64 now = 1796648400; /* Mon, 07 Dec 2026 13:00:00 GMT */
  gint64 skew = 12345;

  g_assert_true (sewa_portal_clock_skew ("Mon, 07 Dec 2026 13:00:00 GMT", now, &skew, NULL));
  g_assert_cmpint (skew, ==, 0);
  g_assert_true (sewa_portal_clock_skew ("Mon, 07 Dec 2026 13:05:30 GMT", now, &skew, NULL));
  g_assert_cmpint (skew, ==, 330);
  g_assert_true (sewa_portal_clock_skew ("Mon, 07 Dec 2026 12:00:00 GMT", now, &skew, NULL));
  g_assert_cmpint (skew, ==, -3600);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      skew = 12345;
      g_assert_false (sewa_portal_clock_skew (bad[i], now, &skew, &error));
      g_assert_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL);
      g_assert_cmpint (skew, ==, 12345);
    }
  g_assert_false (sewa_portal_clock_skew (NULL, now, &skew, NULL));
}

/* The instant decision of a status object: each outcome with its own text, cleaned; anything
 * else is a contract fault and nothing of it is returned. */
static void
test_instant_decision (void)
{
  static const struct { const char *json; const char *outcome; const char *note; } cases[] = {
    { "{}", NULL, NULL },
    { "{\"instant_decision\":null}", NULL, NULL },
    { "{\"instant_decision\":{\"outcome\":\"approved\",\"delivery_note\":\"ISSUED: at once\"}}", "approved", "ISSUED: at once" },
    { "{\"instant_decision\":{\"outcome\":\"needs_scrutiny\",\"reason\":\"NOT_ELIGIBLE: a\\nb\"}}", "needs_scrutiny", "NOT_ELIGIBLE: a b" },
  };
  static const char *const bad[] = {
    "{\"instant_decision\":\"approved\"}",
    "{\"instant_decision\":{\"outcome\":\"rejected\",\"reason\":\"x\"}}",
    "{\"instant_decision\":{\"outcome\":\"approved\"}}",
    "{\"instant_decision\":{\"outcome\":\"approved\",\"delivery_note\":\"\"}}",
    "{\"instant_decision\":{\"outcome\":\"approved\",\"delivery_note\":\"a\",\"reason\":\"b\"}}",
    "{\"instant_decision\":{\"outcome\":\"needs_scrutiny\",\"delivery_note\":\"a\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) root = json_from_string (cases[i].json, NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *note = NULL;
      const char *outcome = NULL;
      gboolean got = sewa_portal_parse_instant_decision (json_node_get_object (root), &outcome, &note, &error);

      g_assert_no_error (error);
      g_assert_cmpint (got, ==, cases[i].outcome != NULL);
      g_assert_cmpstr (outcome, ==, cases[i].outcome);
      if (cases[i].note != NULL)
        g_assert_nonnull (note);
      if (note != NULL)
        g_assert_null (strchr (note, '\n'));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonNode) root = json_from_string (bad[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *note = NULL;
      const char *outcome = NULL;

      g_assert_false (sewa_portal_parse_instant_decision (json_node_get_object (root), &outcome, &note, &error));
      g_assert_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL);
      g_assert_null (outcome);
      g_assert_null (note);
    }
}

/* The status answer's "fee" (docs/portal-api.md §7): the portal received the citizen's UPI
 * payment. Only the contract's exact shape is taken; absent is not an error. */
static void
test_fee_paid (void)
{
  static const char *const bad[] = {
    "{\"fee\":null}",
    "{\"fee\":\"paid_upi\"}",
    "{\"fee\":{\"state\":\"paid_cash\",\"amount_paise\":4500,\"transaction_ref\":\"412345678901\",\"paid_at\":\"2026-12-08T09:00:00Z\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":0,\"transaction_ref\":\"412345678901\",\"paid_at\":\"2026-12-08T09:00:00Z\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":-5,\"transaction_ref\":\"412345678901\",\"paid_at\":\"2026-12-08T09:00:00Z\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":45.5,\"transaction_ref\":\"412345678901\",\"paid_at\":\"2026-12-08T09:00:00Z\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":\"4500\",\"transaction_ref\":\"412345678901\",\"paid_at\":\"2026-12-08T09:00:00Z\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":100000000000,\"transaction_ref\":\"412345678901\",\"paid_at\":\"2026-12-08T09:00:00Z\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":4500,\"transaction_ref\":\"41234567890\",\"paid_at\":\"2026-12-08T09:00:00Z\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":4500,\"transaction_ref\":\"41234567890a\",\"paid_at\":\"2026-12-08T09:00:00Z\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":4500,\"transaction_ref\":412345678901,\"paid_at\":\"2026-12-08T09:00:00Z\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":4500,\"transaction_ref\":\"412345678901\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":4500,\"transaction_ref\":\"412345678901\",\"paid_at\":\"2026-12-08T09:00:00+05:30\"}}",
    "{\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":4500,\"transaction_ref\":\"412345678901\",\"paid_at\":\"yesterdayZ\"}}",
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *txn = NULL;
  gint64 amount = -1, paid_at = -1;

  {
    g_autoptr (JsonNode) root = json_from_string ("{\"status\":\"received\"}", NULL);

    g_assert_false (sewa_portal_parse_fee_paid (json_node_get_object (root), &amount, &txn, &paid_at, &error));
    g_assert_no_error (error);
    g_assert_null (txn);
  }
  {
    g_autoptr (JsonNode) root = json_from_string (
      "{\"status\":\"received\",\"fee\":{\"state\":\"paid_upi\",\"amount_paise\":4500,"
      "\"transaction_ref\":\"412345678901\",\"paid_at\":\"2026-12-08T09:00:00Z\"}}", NULL);

    g_assert_true (sewa_portal_parse_fee_paid (json_node_get_object (root), &amount, &txn, &paid_at, &error));
    g_assert_no_error (error);
    g_assert_cmpint (amount, ==, 4500);
    g_assert_cmpstr (txn, ==, "412345678901");
    g_assert_cmpint (paid_at, ==, 1796720400);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonNode) root = json_from_string (bad[i], NULL);
      g_autoptr (GError) bad_error = NULL;
      g_autofree char *bad_txn = NULL;

      g_assert_nonnull (root);
      g_assert_false (sewa_portal_parse_fee_paid (json_node_get_object (root), &amount, &bad_txn, &paid_at, &bad_error));
      g_assert_error (bad_error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL);
      g_assert_null (bad_txn);
      g_assert_cmpint (amount, ==, 0);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/portal-client/sign-contract-example", test_sign_contract_example);
  g_test_add_func ("/portal-client/nonce", test_nonce);
  g_test_add_func ("/portal-client/canonical-json", test_canonical_json);
  g_test_add_func ("/portal-client/classify", test_classify);
  g_test_add_func ("/portal-client/instant-decision", test_instant_decision);
  g_test_add_func ("/portal-client/fee-paid", test_fee_paid);
  g_test_add_func ("/portal-client/pem-sha256", test_pem_sha256);
  g_test_add_func ("/portal-client/otp-answers", test_otp_answers);
  g_test_add_func ("/portal-client/vault-answer", test_vault_answer);
  g_test_add_func ("/portal-client/profile-answer", test_profile_answer);
  g_test_add_func ("/portal-client/clock-skew", test_clock_skew);
  return g_test_run ();
}
