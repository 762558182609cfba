/* sewa-portal-probe.h — the technician's one-shot check of the link to the portal: can the
 * kiosk reach it, does the certificate it presents chain to the CA pinned at enrolment, and how
 * far is the kiosk's clock from the portal's (its Date header).
 *
 * It is one signed GET of the catalog with the enrolled client, exactly as the sync engine would
 * make it (same pinned CA file, same verification), so a green check here means the engine's
 * requests get through too. It blocks on the network: run it on a worker thread.
 */
#pragma once

#include "sewa-portal-client.h"

G_BEGIN_DECLS

typedef enum
{
  SEWA_PORTAL_PROBE_OK,            /* an HTTP answer arrived over a verified connection */
  SEWA_PORTAL_PROBE_UNREACHABLE,   /* no HTTP exchange at all: DNS, connect, reset, timeout */
  SEWA_PORTAL_PROBE_PIN_MISMATCH,  /* the certificate does not chain to the pinned CA */
  SEWA_PORTAL_PROBE_WRONG_HOST,    /* trusted, but the certificate names another host */
} SewaPortalProbeLink;

typedef struct
{
  SewaPortalProbeLink link;
  gboolean tls;          /* https with a pinned CA file: the pin was part of the check */
  guint http_status;     /* the portal's answer (200, 401, …) when link is OK */
  gboolean have_skew;    /* the answer carried a valid Date header */
  gint64 skew_s;         /* portal time - kiosk time, seconds (meaningful with have_skew) */
} SewaPortalProbe;

/* Runs the check with @client (copied by the caller if it is shared). Never fails: every
 * outcome is a verdict in @out. */
void sewa_portal_probe (const SewaPortalClient *client, SewaPortalProbe *out);

/* How far off a clock may be and still be called right: the receipt's due dates are days, but a
 * request signature's replay window is minutes. */
#define SEWA_PORTAL_SKEW_OK_S 60

G_END_DECLS
