/* The simulated portal: state (SQLite, catalog, faults, nonces, clock) and the request handlers.
 * Transport-free: sim-server.c turns MHD connections into SewaSimRequest and back. */
#pragma once

#include "sim-catalog.h"
#include "sim-faults.h"
#include "sim-request.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint status;
  char *content_type;     /* NULL: no body */
  GBytes *body;           /* never NULL */
  GPtrArray *headers;     /* name, value, name, value ... */
} SewaSimResponse;

SewaSimResponse *sewa_sim_response_new (guint status);
void sewa_sim_response_free (SewaSimResponse *resp);
void sewa_sim_response_add_header (SewaSimResponse *resp, const char *name, const char *value);
SewaSimResponse *sewa_sim_response_new_error (SewaSimErrorCode code, const char *message, JsonObject *extra);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaSimResponse, sewa_sim_response_free)

typedef struct {
  const char *db_path;          /* ":memory:" or a file */
  gboolean admin;
  gint64 status_step;           /* seconds per status step */
  const char *public_url;       /* NULL: derived from the ports */
  const char *tls_ca_path;      /* PEM of the CA the kiosk pins (NULL: the server cert) */
  const char *tls_cert_path;
  gint64 date_skew;             /* seconds added to the Date header (test-only; 0 = MHD's own) */
} SewaSimPortalOptions;

typedef struct _SewaSimPortal SewaSimPortal;

SewaSimPortal *sewa_sim_portal_new (const SewaSimPortalOptions *opts, SewaSimCatalog *catalog,
                                    SewaSimFaults *faults, GError **error);
void sewa_sim_portal_free (SewaSimPortal *portal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaSimPortal, sewa_sim_portal_free)

/* Ports actually bound, for the provisioning QR's portal URL. */
void sewa_sim_portal_set_ports (SewaSimPortal *portal, guint http_port, guint https_port);

SewaSimFaults *sewa_sim_portal_get_faults (SewaSimPortal *portal);
gboolean sewa_sim_portal_admin_enabled (SewaSimPortal *portal);
/* --date-skew: what every response's Date header is off by, in seconds (0 = not at all). */
gint64 sewa_sim_portal_get_date_skew (SewaSimPortal *portal);

/* Counts a request for /admin/counts. */
void sewa_sim_portal_count_request (SewaSimPortal *portal);

/* Handles one complete request. Thread-safe (serialised internally). */
SewaSimResponse *sewa_sim_portal_handle (SewaSimPortal *portal, const SewaSimRequest *req) G_GNUC_WARN_UNUSED_RESULT;

/* Builds the provisioning QR payload SEWAPROV1:<b64url json>:<8 hex>. */
char *sewa_sim_provisioning_payload (const char *json) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
