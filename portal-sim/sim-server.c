#define G_LOG_DOMAIN "portal-sim"

#include "sim-server.h"
#include "sim-util.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* Declared bodies above this are refused unread; smaller oversized ones are drained. */
#define EARLY_REJECT_BYTES (16 * 1024 * 1024)

struct _SewaSimServer {
  struct MHD_Daemon *daemon;
  SewaSimPortal *portal;
  char *cert_pem;   /* must outlive the daemon */
  char *key_pem;
  guint port;
};

/* Per request: created by the URI log callback, the first thing MHD does with a request. */
typedef struct {
  char *raw_uri;
  GByteArray *body;
  gsize limit;
  gboolean started;
  gboolean too_large;
  gboolean faultable;
  SewaSimFault fault;
} RequestCtx;

typedef struct {
  GBytes *body;
  gsize pos;
  gboolean cut;     /* stop half-way with an error: the client sees a broken transfer */
  gboolean slow;    /* trickle 16 bytes per 20 ms */
} BodyReader;

static void *
uri_log_cb (void *cls, const char *uri, struct MHD_Connection *con)
{
  RequestCtx *ctx = g_new0 (RequestCtx, 1);

  ctx->raw_uri = g_strdup (uri != NULL ? uri : "/");
  ctx->body = g_byte_array_new ();
  return ctx;
}

static void
completed_cb (void *cls, struct MHD_Connection *connection, void **con_cls, enum MHD_RequestTerminationCode toe)
{
  RequestCtx *ctx = *con_cls;

  if (ctx == NULL)
    return;
  g_free (ctx->raw_uri);
  g_byte_array_unref (ctx->body);
  g_free (ctx);
  *con_cls = NULL;
}

static ssize_t
body_reader (void *cls, uint64_t pos, char *buf, size_t max)
{
  BodyReader *r = cls;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (r->body, &len);
  gsize end = r->cut ? len / 2 : len;
  gsize n;

  if (pos >= end)
    return r->cut ? MHD_CONTENT_READER_END_WITH_ERROR : MHD_CONTENT_READER_END_OF_STREAM;
  n = MIN (max, end - (gsize) pos);
  if (r->slow)
    {
      n = MIN (n, 16);
      g_usleep (20 * 1000);
    }
  memcpy (buf, data + pos, n);
  return (ssize_t) n;
}

static void
body_reader_free (void *cls)
{
  BodyReader *r = cls;

  g_bytes_unref (r->body);
  g_free (r);
}

static enum MHD_Result
collect_header (void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
  sewa_sim_request_add_header (cls, key, value);
  return MHD_YES;
}

static enum MHD_Result
send_response (SewaSimServer *server, struct MHD_Connection *connection, SewaSimResponse *resp,
               gboolean cut, gboolean slow)
{
  struct MHD_Response *mr;
  gsize len = 0;
  const void *data = g_bytes_get_data (resp->body, &len);
  enum MHD_Result ret;

  if (cut || slow)
    {
      BodyReader *r = g_new0 (BodyReader, 1);

      r->body = g_bytes_ref (resp->body);
      r->cut = cut;
      r->slow = slow;
      mr = MHD_create_response_from_callback (len, 4096, body_reader, r, body_reader_free);
    }
  else
    mr = MHD_create_response_from_buffer (len, (void *) data, MHD_RESPMEM_MUST_COPY);
  if (mr == NULL)
    return MHD_NO;
  if (resp->content_type != NULL)
    MHD_add_response_header (mr, "Content-Type", resp->content_type);
  for (guint i = 0; i + 1 < resp->headers->len; i += 2)
    MHD_add_response_header (mr, g_ptr_array_index (resp->headers, i), g_ptr_array_index (resp->headers, i + 1));
  /* --date-skew: the Date header of a portal whose clock is off (MHD then sends no Date of its
   * own), so the kiosk's clock check can be tested against a known skew. */
  if (sewa_sim_portal_get_date_skew (server->portal) != 0)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr (GDateTime) skewed = g_date_time_add_seconds (now, (gdouble) sewa_sim_portal_get_date_skew (server->portal));
      g_autofree char *date = sewa_sim_http_date (skewed);

      MHD_add_response_header (mr, MHD_HTTP_HEADER_DATE, date);
    }
  ret = MHD_queue_response (connection, resp->status, mr);
  MHD_destroy_response (mr);
  return ret;
}

static gsize
declared_length (struct MHD_Connection *connection, gboolean *present)
{
  const char *cl = MHD_lookup_connection_value (connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

  *present = cl != NULL;
  return cl != NULL ? (gsize) g_ascii_strtoull (cl, NULL, 10) : 0;
}

static enum MHD_Result
access_cb (void *cls, struct MHD_Connection *connection, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
  SewaSimServer *server = cls;
  RequestCtx *ctx = *con_cls;
  g_autoptr (SewaSimRequest) req = NULL;
  g_autoptr (SewaSimResponse) resp = NULL;
  g_autoptr (GBytes) body = NULL;
  gboolean cut = FALSE, slow = FALSE;

  if (ctx == NULL)
    return MHD_NO;

  if (!ctx->started)
    {
      g_autofree char *param = NULL;
      g_autofree char *path = g_strndup (ctx->raw_uri, strcspn (ctx->raw_uri, "?"));
      SewaSimRoute route = sewa_sim_route_match (path, &param);
      gboolean has_len = FALSE;
      gsize len;

      ctx->started = TRUE;
      ctx->limit = route == SEWA_SIM_ROUTE_UPLOAD ? SEWA_SIM_MAX_CHUNK : SEWA_SIM_MAX_JSON_BODY;
      ctx->faultable = !sewa_sim_route_is_admin (route);
      if (ctx->faultable)
        {
          sewa_sim_portal_count_request (server->portal);
          ctx->fault = sewa_sim_faults_next (sewa_sim_portal_get_faults (server->portal));
          if (ctx->fault.kind == SEWA_SIM_FAULT_RESET && !ctx->fault.after_apply)
            return MHD_NO;  /* connection dropped mid-request, nothing applied */
        }
      len = declared_length (connection, &has_len);
      if (has_len && len > EARLY_REJECT_BYTES)
        {
          /* Refuse a huge body before reading a byte of it. A client that does not wait for
           * 100-continue may see the connection reset instead of the 413, which is why bodies
           * only moderately over the limit are read and dropped instead (below). */
          g_autoptr (SewaSimResponse) big = sewa_sim_response_new_error (SEWA_SIM_ERROR_PAYLOAD_TOO_LARGE, "request body too large", NULL);
          return send_response (server, connection, big, FALSE, FALSE);
        }
      return MHD_YES;
    }

  if (*upload_data_size > 0)
    {
      if (ctx->too_large || ctx->body->len + *upload_data_size > ctx->limit)
        ctx->too_large = TRUE;
      else
        g_byte_array_append (ctx->body, (const guint8 *) upload_data, (guint) *upload_data_size);
      *upload_data_size = 0;
      return MHD_YES;
    }

  if (ctx->too_large)
    {
      resp = sewa_sim_response_new_error (SEWA_SIM_ERROR_PAYLOAD_TOO_LARGE, "request body too large", NULL);
      return send_response (server, connection, resp, FALSE, FALSE);
    }

  switch (ctx->fault.kind)
    {
    case SEWA_SIM_FAULT_5XX:
      {
        SewaSimErrorCode code = ctx->fault.status == 500 ? SEWA_SIM_ERROR_INTERNAL
                                : ctx->fault.status == 502 ? SEWA_SIM_ERROR_BAD_GATEWAY : SEWA_SIM_ERROR_UNAVAILABLE;
        resp = sewa_sim_response_new_error (code, "injected fault", NULL);
        return send_response (server, connection, resp, FALSE, FALSE);
      }
    case SEWA_SIM_FAULT_429:
      {
        g_autoptr (JsonObject) extra = json_object_new ();
        guint retry = sewa_sim_faults_retry_after (sewa_sim_portal_get_faults (server->portal));
        g_autofree char *retry_s = g_strdup_printf ("%u", retry);

        json_object_set_int_member (extra, "retry_after", retry);
        resp = sewa_sim_response_new_error (SEWA_SIM_ERROR_RATE_LIMITED, "injected rate limit", extra);
        sewa_sim_response_add_header (resp, "Retry-After", retry_s);
        return send_response (server, connection, resp, FALSE, FALSE);
      }
    case SEWA_SIM_FAULT_LATENCY:
      g_usleep ((gulong) sewa_sim_faults_latency_ms (sewa_sim_portal_get_faults (server->portal)) * 1000);
      break;
    case SEWA_SIM_FAULT_NONE:
    case SEWA_SIM_FAULT_RESET:
    case SEWA_SIM_FAULT_COMMIT_504:
    case SEWA_SIM_FAULT_SLOW:
    default:
      break;
    }

  req = sewa_sim_request_new (method, ctx->raw_uri);
  MHD_get_connection_values (connection, MHD_HEADER_KIND, collect_header, req);
  body = g_bytes_new (ctx->body->data, ctx->body->len);
  sewa_sim_request_set_body (req, body);
  resp = sewa_sim_portal_handle (server->portal, req);

  switch (ctx->fault.kind)
    {
    case SEWA_SIM_FAULT_COMMIT_504:
      sewa_sim_response_free (g_steal_pointer (&resp));
      resp = sewa_sim_response_new_error (SEWA_SIM_ERROR_GATEWAY_TIMEOUT, "injected: applied, then timed out", NULL);
      break;
    case SEWA_SIM_FAULT_RESET:
      if (g_bytes_get_size (resp->body) < 2)
        return MHD_NO;  /* applied, then dropped without a response */
      cut = TRUE;
      break;
    case SEWA_SIM_FAULT_SLOW:
      slow = TRUE;
      break;
    case SEWA_SIM_FAULT_NONE:
    case SEWA_SIM_FAULT_5XX:
    case SEWA_SIM_FAULT_429:
    case SEWA_SIM_FAULT_LATENCY:
    default:
      break;
    }
  return send_response (server, connection, resp, cut, slow);
}

SewaSimServer *
sewa_sim_server_start (SewaSimPortal *portal, const char *bind, guint port, const char *cert_pem,
                       const char *key_pem, GError **error)
{
  SewaSimServer *s = g_new0 (SewaSimServer, 1);
  struct sockaddr_in addr;
  const union MHD_DaemonInfo *info;
  unsigned int flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;

  memset (&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((guint16) port);
  if (inet_pton (AF_INET, bind != NULL ? bind : "127.0.0.1", &addr.sin_addr) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad bind address %s (IPv4 only)", bind);
      g_free (s);
      return NULL;
    }
  s->portal = portal;
  if (cert_pem != NULL)
    {
      s->cert_pem = g_strdup (cert_pem);
      s->key_pem = g_strdup (key_pem);
      flags |= MHD_USE_TLS;
      s->daemon = MHD_start_daemon (flags, 0, NULL, NULL, access_cb, s,
                                    MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &addr,
                                    MHD_OPTION_URI_LOG_CALLBACK, uri_log_cb, s,
                                    MHD_OPTION_NOTIFY_COMPLETED, completed_cb, s,
                                    MHD_OPTION_CONNECTION_LIMIT, (unsigned int) 4096,
                                    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 60,
                                    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int) 1024,
                                    MHD_OPTION_HTTPS_MEM_CERT, s->cert_pem,
                                    MHD_OPTION_HTTPS_MEM_KEY, s->key_pem,
                                    MHD_OPTION_END);
    }
  else
    s->daemon = MHD_start_daemon (flags, 0, NULL, NULL, access_cb, s,
                                  MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &addr,
                                  MHD_OPTION_URI_LOG_CALLBACK, uri_log_cb, s,
                                  MHD_OPTION_NOTIFY_COMPLETED, completed_cb, s,
                                  MHD_OPTION_CONNECTION_LIMIT, (unsigned int) 4096,
                                  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 60,
                                  MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int) 1024,
                                  MHD_OPTION_END);
  if (s->daemon == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot listen on %s:%u%s", bind, port,
                   cert_pem != NULL ? " (TLS: check the certificate and key)" : "");
      sewa_sim_server_stop (s);
      return NULL;
    }
  info = MHD_get_daemon_info (s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info != NULL ? info->port : port;
  return s;
}

guint
sewa_sim_server_get_port (SewaSimServer *server)
{
  return server->port;
}

void
sewa_sim_server_stop (SewaSimServer *server)
{
  if (server == NULL)
    return;
  if (server->daemon != NULL)
    MHD_stop_daemon (server->daemon);
  g_free (server->cert_pem);
  g_free (server->key_pem);
  g_free (server);
}
