/* Fuzzes portal-sim's request decoding without a socket: the raw request (request line,
 * headers, body) is split by sewa_sim_request_parse_raw, routed, and handed to the header and
 * body decoders the routes use. Properties checked: nothing crashes or warns (G_DEBUG is
 * fatal-warnings in the suite), and canonical JSON of an accepted application is a fixed point
 * (re-canonicalising it gives the same text, so idempotency hashes are stable). */
#include "sim-faults.h"
#include "sim-request.h"
#include "sim-util.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_canonical_fixed_point (const char *canonical)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *again = NULL;

  if (!json_parser_load_from_data (parser, canonical, -1, NULL))
    g_error ("canonical JSON does not parse: %s", canonical);
  again = sewa_sim_canonical_json (json_parser_get_root (parser));
  g_assert_cmpstr (again, ==, canonical);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (SewaSimRequest) req = sewa_sim_request_parse_raw (data, size);
  g_autofree char *param = NULL;
  SewaSimAuthHeaders auth;
  SewaSimRoute route;

  if (req == NULL)
    return 0;
  route = sewa_sim_route_match (req->path, &param);
  (void) sewa_sim_route_allows (route, req->method);
  (void) sewa_sim_route_template (route);
  if (sewa_sim_decode_auth_headers (req, &auth, NULL))
    sewa_sim_auth_headers_clear (&auth);

  switch (route)
    {
    case SEWA_SIM_ROUTE_ENROL:
      {
        SewaSimEnrol e;
        if (sewa_sim_decode_enrol (req, &e, NULL))
          g_assert_true (e.kiosk >= 0 && e.kiosk <= 99);
        sewa_sim_enrol_clear (&e);
        break;
      }
    case SEWA_SIM_ROUTE_UPLOAD_CREATE:
      {
        SewaSimUploadCreate u;
        if (sewa_sim_decode_upload_create (req, &u, NULL))
          g_assert_true (sewa_sim_is_sha256_hex (u.sha256));
        sewa_sim_upload_create_clear (&u);
        break;
      }
    case SEWA_SIM_ROUTE_UPLOAD:
      {
        gint64 offset = -1;
        if (sewa_sim_decode_upload_patch (req, &offset, NULL))
          g_assert_cmpint (offset, >=, 0);
        break;
      }
    case SEWA_SIM_ROUTE_OTP_REQUEST:
      {
        g_autofree char *mobile = NULL;
        if (sewa_sim_decode_otp_request (req, &mobile, NULL))
          g_assert_cmpuint (strlen (mobile), ==, 10);
        break;
      }
    case SEWA_SIM_ROUTE_OTP_VERIFY:
      {
        g_autofree char *id = NULL;
        g_autofree char *code = NULL;
        (void) sewa_sim_decode_otp_verify (req, &id, &code, NULL);
        break;
      }
    case SEWA_SIM_ROUTE_APPLICATION:
      {
        SewaSimApplication a;
        (void) sewa_sim_is_idempotency_key (param);
        if (sewa_sim_decode_application (req, &a, NULL))
          {
            check_canonical_fixed_point (a.canonical);
            /* A report the portal accepts never claims "all passed" over a failed check. */
            if (a.has_prescrutiny && a.prescrutiny_all_passed)
              g_assert_true (a.prescrutiny_complete && a.prescrutiny_eligible && a.prescrutiny_documents_ok);
          }
        sewa_sim_application_clear (&a);
        break;
      }
    case SEWA_SIM_ROUTE_HEARTBEAT:
      {
        SewaSimHeartbeat h;
        if (sewa_sim_decode_heartbeat (req, &h, NULL))
          check_canonical_fixed_point (h.canonical);
        sewa_sim_heartbeat_clear (&h);
        break;
      }
    case SEWA_SIM_ROUTE_AUDIT:
      {
        g_autoptr (GPtrArray) entries = sewa_sim_decode_audit (req, NULL);
        if (entries != NULL)
          g_assert_cmpuint (entries->len, <=, 500);
        break;
      }
    case SEWA_SIM_ROUTE_PAYMENT:
      {
        SewaSimPayment pay;
        if (sewa_sim_decode_payment (req, &pay, NULL))
          {
            g_assert_true (sewa_sim_is_idempotency_key (pay.payment_id));
            g_assert_cmpint (pay.amount_paise, >=, 0);
            check_canonical_fixed_point (pay.canonical);
          }
        sewa_sim_payment_clear (&pay);
        break;
      }
    case SEWA_SIM_ROUTE_ADMIN_UPI_PAYMENT:
      {
        SewaSimBankCredit c;
        if (sewa_sim_decode_bank_credit (req, &c, NULL))
          {
            g_assert_cmpuint (strlen (c.transaction_ref), ==, 12);
            g_assert_cmpint (c.amount_paise, >=, 1);
            check_canonical_fixed_point (c.canonical);
          }
        sewa_sim_bank_credit_clear (&c);
        break;
      }
    case SEWA_SIM_ROUTE_ADMIN_FAULTS:
      {
        g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, NULL);
        g_autoptr (SewaSimFaults) f = sewa_sim_faults_new (1, 0.0, 0, 0, 0);
        if (root != NULL && sewa_sim_faults_update (f, json_node_get_object (root), NULL))
          {
            json_node_unref (sewa_sim_faults_to_json (f));
            (void) sewa_sim_faults_next (f);
          }
        break;
      }
    case SEWA_SIM_ROUTE_NOT_FOUND:
    case SEWA_SIM_ROUTE_CATALOG:
    case SEWA_SIM_ROUTE_VAULT:
    case SEWA_SIM_ROUTE_PROFILE:
    case SEWA_SIM_ROUTE_STATUS:
    case SEWA_SIM_ROUTE_ADMIN_COUNTS:
    case SEWA_SIM_ROUTE_ADMIN_APPLICATIONS:
    case SEWA_SIM_ROUTE_ADMIN_DECISION:
    case SEWA_SIM_ROUTE_ADMIN_DUPLICATES:
    case SEWA_SIM_ROUTE_ADMIN_UPLOAD:
    case SEWA_SIM_ROUTE_ADMIN_OTPS:
    case SEWA_SIM_ROUTE_ADMIN_VAULT:
    case SEWA_SIM_ROUTE_ADMIN_TOKENS:
    case SEWA_SIM_ROUTE_ADMIN_REVOKE:
    case SEWA_SIM_ROUTE_ADMIN_PAYMENTS:
    case SEWA_SIM_ROUTE_ADMIN_AUDIT:
    case SEWA_SIM_ROUTE_ADMIN_CLOCK:
    case SEWA_SIM_ROUTE_ADMIN_DEVICE:
    default:
      {
        /* Every other JSON route starts with the generic object decoder. */
        g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, NULL);
        if (root != NULL)
          {
            g_autofree char *c = sewa_sim_canonical_json (root);
            check_canonical_fixed_point (c);
          }
        break;
      }
    }
  return 0;
}
