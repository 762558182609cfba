/* The parts of the sync engine that read portal answers: error bodies (classification),
 * Retry-After values (capped), the strict JSON reader, the ARN / upload id / enrolment-answer
 * validators and path escaping, canonical re-serialisation of JSON, and PEM certificates. */
#include "sewa-json.h"
#include "sewa-portal-client.h"
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const guint statuses[] = { 200, 304, 401, 409, 422, 429, 503 };
  g_autoptr (GBytes) body = g_bytes_new (data, size);
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *hash = sewa_portal_pem_sha256 ((const char *) data, size);
  g_autoptr (JsonParser) parser = json_parser_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      SewaPortalResult r;

      sewa_portal_classify (CURLE_OK, statuses[i], text, body, 1796000000, &r);
      g_assert_true (r.outcome <= SEWA_PORTAL_CONFLICT);
      g_assert_true (statuses[i] >= 300 || r.outcome == SEWA_PORTAL_OK);
      sewa_portal_result_clear (&r);
    }
  if (hash != NULL)
    g_assert_cmpuint (strlen (hash), ==, 64);
  {
    g_autoptr (JsonNode) root = sewa_json_parse ((const char *) data, size, NULL);
    JsonObject *obj = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root)
                                                                    : NULL;
    const char *fields[] = { "arn", "upload_id", "device_id", "secret" };

    /* What the engine and enrolment take from an answer: a value that passes its validator is
     * printable ASCII without CR/LF, and its escaped path has no reserved character. */
    for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        const char *v = sewa_portal_json_string (obj, fields[i]);
        gboolean ok = sewa_portal_is_valid_arn (v) || sewa_portal_is_valid_upload_id (v)
                      || sewa_portal_is_valid_device_id (v) || sewa_portal_is_valid_secret (v);

        if (ok)
          {
            g_autofree char *path = sewa_portal_path ("status", v);

            for (const char *c = v; *c != '\0'; c++)
              g_assert_true (g_ascii_isgraph (*c));
            g_assert_null (strpbrk (path + strlen ("/v1/status/"), "/?#"));
          }
      }
    (void) sewa_portal_json_int (obj, "offset", -1);
    (void) sewa_portal_json_bool (obj, "complete", FALSE);
    /* An instant decision that passes is one of the two outcomes with printable text. */
    if (obj != NULL)
      {
        const char *outcome = NULL;
        g_autofree char *note = NULL;

        if (sewa_portal_parse_instant_decision (obj, &outcome, &note, NULL))
          {
            g_assert_true (g_str_equal (outcome, "approved") || g_str_equal (outcome, "needs_scrutiny"));
            g_assert_true (g_utf8_validate (note, -1, NULL));
            for (const char *c = note; *c != '\0'; c++)
              g_assert_true ((guchar) *c >= 0x20 && *c != 0x7f);
          }
        else
          g_assert_null (note);
      }
    /* A UPI payment the portal confirmed that passes is a positive whole amount, a 12-digit
     * reference and a time; anything else keeps nothing. */
    if (obj != NULL)
      {
        g_autofree char *txn = NULL;
        gint64 amount = -1, paid_at = -1;

        if (sewa_portal_parse_fee_paid (obj, &amount, &txn, &paid_at, NULL))
          {
            g_assert_cmpint (amount, >, 0);
            g_assert_cmpuint (strlen (txn), ==, 12);
            for (const char *c = txn; *c != '\0'; c++)
              g_assert_true (g_ascii_isdigit (*c));
          }
        else
          {
            g_assert_null (txn);
            g_assert_cmpint (amount, ==, 0);
          }
      }
  }
  {
    SewaPortalResult r;

    sewa_portal_classify (CURLE_OK, 503, text, NULL, 1796000000, &r);
    g_assert_cmpint (r.retry_after_ms, <=, SEWA_PORTAL_RETRY_AFTER_CAP_MS);
    sewa_portal_result_clear (&r);
  }
  if (json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL)
      && json_parser_get_root (parser) != NULL)
    {
      g_autofree char *canon = sewa_portal_canonical_json (json_parser_get_root (parser));
      g_autoptr (JsonParser) again = json_parser_new ();
      g_autofree char *canon2 = NULL;

      /* Canonical form is a fixed point (when json-glib can read its own output back: it
       * writes out-of-range numbers such as 1e999 as "inf", which it then refuses). */
      if (json_parser_load_from_data (again, canon, -1, NULL) && json_parser_get_root (again))
        {
          canon2 = sewa_portal_canonical_json (json_parser_get_root (again));
          g_assert_cmpstr (canon, ==, canon2);
        }
    }
  return 0;
}
