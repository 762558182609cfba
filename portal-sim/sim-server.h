/* libmicrohttpd glue: one daemon per scheme (HTTP, HTTPS), thread per connection, turning a
 * connection into a SewaSimRequest, applying faults, and sending the SewaSimResponse. */
#pragma once

#include "sim-portal.h"

G_BEGIN_DECLS

typedef struct _SewaSimServer SewaSimServer;

/* Starts listening on @bind:@port (0 = any free port). With @cert_pem and @key_pem (PEM text)
 * it serves HTTPS through MHD's GnuTLS support. */
SewaSimServer *sewa_sim_server_start (SewaSimPortal *portal, const char *bind, guint port,
                                      const char *cert_pem, const char *key_pem, GError **error);
guint sewa_sim_server_get_port (SewaSimServer *server);
void sewa_sim_server_stop (SewaSimServer *server);

G_END_DECLS
