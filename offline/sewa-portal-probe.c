#define G_LOG_DOMAIN "sewa-portal-probe"

#include "sewa-portal-probe.h"

void
sewa_portal_probe (const SewaPortalClient *client, SewaPortalProbe *out)
{
  g_autoptr (SewaPortalClient) quick = NULL;
  g_autoptr (SewaPortalCall) call = NULL;
  const SewaPortalResult *r;
  gint64 now_s;

  g_return_if_fail (client != NULL && out != NULL);

  *out = (SewaPortalProbe) { .link = SEWA_PORTAL_PROBE_UNREACHABLE };
  out->tls = client->ca_file != NULL && g_ascii_strncasecmp (client->base_url, "https://", 8) == 0;

  /* A technician waits at the screen: a dead link is said within seconds, not two minutes. */
  quick = sewa_portal_client_copy (client);
  quick->connect_timeout_s = 5;
  quick->total_timeout_s = 20;
  now_s = g_get_real_time () / G_USEC_PER_SEC;
  call = sewa_portal_call_new (quick, "GET", "/v1/catalog", NULL, NULL, TRUE, now_s);
  sewa_portal_call_perform (call, now_s);
  r = sewa_portal_call_get_result (call);

  if (r->tls_hostname)
    out->link = SEWA_PORTAL_PROBE_WRONG_HOST;
  else if (r->tls_untrusted)
    out->link = SEWA_PORTAL_PROBE_PIN_MISMATCH;
  else if (r->http_status == 0)
    out->link = SEWA_PORTAL_PROBE_UNREACHABLE;
  else
    {
      out->link = SEWA_PORTAL_PROBE_OK;
      out->http_status = r->http_status;
      /* The kiosk's clock read when the answer is in hand, so the request's own time does not
       * count as skew. The header is outside input: only a valid IMF-fixdate gives a verdict. */
      out->have_skew = sewa_portal_clock_skew (sewa_portal_call_get_header (call, "Date"),
                                               g_get_real_time () / G_USEC_PER_SEC,
                                               &out->skew_s, NULL);
    }
}
