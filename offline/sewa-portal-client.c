/* sewa-portal-client.c — see sewa-portal-client.h. */
#define G_LOG_DOMAIN "sewa-sync"
/* The sync engine logs through GLib's structured logging (journald fields CODE_FILE, CODE_LINE,
 * CODE_FUNC, GLIB_DOMAIN, MESSAGE); never citizen data (tests/test-sync-portal.c checks). */
#define G_LOG_USE_STRUCTURED 1

#include "sewa-portal-client.h"

#include "sewa-json.h"
#include "sewa-provisioning.h"

#include <sodium.h>
#include <string.h>

G_DEFINE_QUARK (sewa-portal-error-quark, sewa_portal_error)

/* OpenSSL's X509_V_OK and X509_V_ERR_HOSTNAME_MISMATCH (x509_vfy.h, stable ABI values), as
 * libcurl reports them through CURLINFO_SSL_VERIFYRESULT; offline/ does not use libcrypto. */
#define SEWA_X509_V_ERR_HOSTNAME_MISMATCH 62

#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/* A response bigger than this is not something the contract sends (the catalog is the largest). */
#define MAX_RESPONSE_BYTES (16u * 1024 * 1024)

struct _SewaPortalCall
{
  CURL *easy;
  struct curl_slist *headers;
  char *method;
  char *target;
  char *url;
  GBytes *body;
  gsize body_sent;
  GByteArray *response;
  GHashTable *response_headers; /* lowercased name -> value */
  char curl_error[CURL_ERROR_SIZE];
  guint status;
  SewaPortalResult result;
  gpointer user_data;
  gboolean finished;
};

const char *
sewa_portal_outcome_to_string (SewaPortalOutcome outcome)
{
  switch (outcome)
    {
    case SEWA_PORTAL_OK:
      return "ok";
    case SEWA_PORTAL_TRANSIENT:
      return "transient";
    case SEWA_PORTAL_AUTH_PAUSE:
      return "auth-pause";
    case SEWA_PORTAL_PERMANENT:
      return "permanent";
    case SEWA_PORTAL_CONFLICT:
      return "conflict";
    default:
      return "unknown";
    }
}

void
sewa_portal_result_clear (SewaPortalResult *result)
{
  g_clear_pointer (&result->code, g_free);
  g_clear_pointer (&result->message, g_free);
}

/* --- signing ------------------------------------------------------------------------------- */

char *
sewa_portal_sign (const char *secret, const char *method, const char *target,
                  const char *timestamp, const char *nonce, const void *body, gsize body_len)
{
  g_autofree char *body_hash = NULL;
  g_autofree char *to_sign = NULL;

  g_return_val_if_fail (secret != NULL && method != NULL && target != NULL, NULL);
  g_return_val_if_fail (timestamp != NULL && nonce != NULL, NULL);

  if (body == NULL || body_len == 0)
    body_hash = g_strdup (EMPTY_SHA256);
  else
    body_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, body, body_len);
  to_sign = g_strjoin ("\n", method, target, timestamp, nonce, body_hash, NULL);
  return g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret),
                                  (const guchar *) to_sign, strlen (to_sign));
}

char *
sewa_portal_new_nonce (void)
{
  guint8 raw[16];
  char out[sodium_base64_ENCODED_LEN (sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (out);
}

/* --- canonical JSON, PEM ------------------------------------------------------------------- */

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static JsonNode *
canonical_copy (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr (GList) members = json_object_get_members (obj);
        g_autoptr (GPtrArray) names = g_ptr_array_new ();
        JsonObject *copy = json_object_new ();
        JsonNode *out = json_node_new (JSON_NODE_OBJECT);

        for (GList *l = members; l != NULL; l = l->next)
          g_ptr_array_add (names, l->data);
        g_ptr_array_sort (names, compare_names);
        for (guint i = 0; i < names->len; i++)
          {
            const char *name = g_ptr_array_index (names, i);

            json_object_set_member (copy, name,
                                    canonical_copy (json_object_get_member (obj, name)));
          }
        json_node_take_object (out, copy);
        return out;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *arr = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (arr));
        JsonNode *out = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (arr); i++)
          json_array_add_element (copy, canonical_copy (json_array_get_element (arr, i)));
        json_node_take_array (out, copy);
        return out;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

char *
sewa_portal_canonical_json (JsonNode *node)
{
  g_autoptr (JsonNode) copy = NULL;
  g_autoptr (JsonGenerator) gen = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  copy = canonical_copy (node);
  json_generator_set_root (gen, copy);
  return json_generator_to_data (gen, NULL);
}

char *
sewa_portal_pem_sha256 (const char *pem, gsize len)
{
  static const char begin[] = "-----BEGIN CERTIFICATE-----";
  static const char end[] = "-----END CERTIFICATE-----";
  g_autofree char *text = NULL;
  g_autofree guchar *der = NULL;
  const char *start, *stop;
  gsize der_len = 0;

  g_return_val_if_fail (pem != NULL, NULL);

  text = g_strndup (pem, len);
  start = strstr (text, begin);
  if (start == NULL)
    return NULL;
  start += strlen (begin);
  stop = strstr (start, end);
  if (stop == NULL)
    return NULL;
  /* g_base64_decode skips the line breaks between the armour lines. */
  text[stop - text] = '\0';
  der = g_base64_decode (start, &der_len);
  if (der == NULL || der_len == 0)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der, der_len);
}

/* --- classification ------------------------------------------------------------------------ */

/* The delay a Retry-After asks for in ms (not yet capped), or -1 when absent or unreadable. */
static gint64
parse_retry_after (const char *value, gint64 now_s)
{
  g_autofree char *text = NULL;
  guint64 seconds;
  time_t when;

  if (value == NULL)
    return -1;
  text = g_strstrip (g_strdup (value));
  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64) seconds * 1000;
  /* The HTTP-date form; libcurl parses it for us. */
  when = curl_getdate (text, NULL);
  if (when == -1)
    return -1;
  /* A date far in the future (curl_getdate reads years past 9999) is held to the numeric
   * form's ceiling before it becomes milliseconds; the caller caps it much lower anyway. */
  return CLAMP ((gint64) when - now_s, 0, G_MAXINT32) * 1000;
}

/* Text from the portal ends up in logs, alerts and the operator's screen: keep it short and
 * free of control characters (a hostile portal could forge log lines or terminal escapes). */
char *
sewa_portal_clean_text (const char *text)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("(not UTF-8)");
  for (const char *p = text; *p != '\0' && out->len < SEWA_PORTAL_MAX_TEXT;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
sewa_portal_classify (CURLcode curl_code, guint http_status, const char *retry_after,
                      GBytes *body, gint64 now_s, SewaPortalResult *out)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->retry_after_ms = -1;
  out->retry_after_requested_ms = -1;
  out->http_status = http_status;

  if (curl_code != CURLE_OK)
    {
      out->outcome = SEWA_PORTAL_TRANSIENT;
      out->message = g_strdup (curl_easy_strerror (curl_code));
      /* An if-chain rather than a switch: CURLcode has ~100 values and only these matter. */
      if (curl_code == CURLE_PEER_FAILED_VERIFICATION || curl_code == CURLE_SSL_CACERT_BADFILE
          || curl_code == CURLE_SSL_PINNEDPUBKEYNOTMATCH)
        {
          out->tls_untrusted = TRUE;
          out->unreachable = TRUE;
          out->code = g_strdup ("tls");
        }
      else if (curl_code == CURLE_OPERATION_TIMEDOUT)
        out->code = g_strdup ("timeout");
      else if (curl_code == CURLE_UNSUPPORTED_PROTOCOL)
        {
          /* Only our own protocol restriction produces this (plain http off loopback): nothing
           * was sent, and retrying cannot help. */
          out->unreachable = TRUE;
          out->code = g_strdup ("insecure");
        }
      else if (curl_code == CURLE_COULDNT_RESOLVE_HOST || curl_code == CURLE_COULDNT_RESOLVE_PROXY
               || curl_code == CURLE_COULDNT_CONNECT || curl_code == CURLE_SSL_CONNECT_ERROR)
        {
          out->unreachable = TRUE;
          out->code = g_strdup ("network");
        }
      else
        out->code = g_strdup ("network");
      return;
    }

  /* Error bodies are {"code", "message", ...}; anything else is described by the status. */
  if (http_status >= 400 && body != NULL && g_bytes_get_size (body) > 0)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (body, &len);
      g_autoptr (JsonNode) root = sewa_json_parse (data, len, NULL);

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *obj = json_node_get_object (root);
          JsonNode *c = json_object_get_member (obj, "code");
          JsonNode *m = json_object_get_member (obj, "message");

          if (c != NULL && JSON_NODE_HOLDS_VALUE (c) && json_node_get_value_type (c) == G_TYPE_STRING)
            code = sewa_portal_clean_text (json_node_get_string (c));
          if (m != NULL && JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) == G_TYPE_STRING)
            message = sewa_portal_clean_text (json_node_get_string (m));
        }
    }
  if (code == NULL && http_status >= 300)
    code = g_strdup_printf ("http_%u", http_status);

  if ((http_status >= 200 && http_status < 300) || http_status == 304)
    out->outcome = SEWA_PORTAL_OK;
  else if (http_status == 429 || http_status >= 500 || http_status == 408)
    {
      gint64 asked = parse_retry_after (retry_after, now_s);

      out->outcome = SEWA_PORTAL_TRANSIENT;
      /* A portal asking for days (or 2099) would park the queue unseen: wait at most the cap,
       * and let the engine raise an alert (docs/portal-api.md §1). */
      out->retry_after_requested_ms = asked;
      out->retry_after_ms = MIN (asked, SEWA_PORTAL_RETRY_AFTER_CAP_MS);
    }
  else if (http_status == 401)
    {
      /* A stale timestamp or a reused nonce is fixed by retrying (with the clock corrected and
       * a fresh nonce); everything else means the credentials no longer work. */
      if (g_strcmp0 (code, "auth_stale") == 0 || g_strcmp0 (code, "auth_replay") == 0)
        out->outcome = SEWA_PORTAL_TRANSIENT;
      else
        out->outcome = SEWA_PORTAL_AUTH_PAUSE;
    }
  else if (http_status == 409)
    out->outcome = SEWA_PORTAL_CONFLICT;
  else
    out->outcome = SEWA_PORTAL_PERMANENT;

  out->code = g_steal_pointer (&code);
  out->message = g_steal_pointer (&message);
}

/* --- contract patterns --------------------------------------------------------------------- */

static gboolean
matches (const char *s, gsize min, gsize max, const char *alphabet)
{
  gsize len;

  if (s == NULL)
    return FALSE;
  len = strlen (s);
  return len >= min && len <= max && strspn (s, alphabet) == len;
}

#define UPPER_DIGITS "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define LOWER_HEX "0123456789abcdef"
#define BASE64URL "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

gboolean
sewa_portal_is_valid_arn (const char *arn)
{
  return matches (arn, 4, 40, UPPER_DIGITS "/-");
}

gboolean
sewa_portal_is_valid_upload_id (const char *id)
{
  return id != NULL && g_str_has_prefix (id, "up_") && matches (id + 3, 16, 32, LOWER_HEX);
}

gboolean
sewa_portal_is_valid_device_id (const char *id)
{
  return id != NULL && g_str_has_prefix (id, "dev_") && matches (id + 4, 16, 16, LOWER_HEX);
}

gboolean
sewa_portal_is_valid_secret (const char *secret)
{
  return matches (secret, 43, 43, BASE64URL);
}

char *
sewa_portal_path (const char *collection, const char *id)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (collection != NULL && id != NULL, NULL);

  /* No reserved characters allowed unescaped: an ARN's '/' must not add a path segment, and a
   * '?' or '#' must not start a query. */
  escaped = g_uri_escape_string (id, NULL, FALSE);
  return g_strdup_printf ("/v1/%s/%s", collection, escaped);
}

const char *
sewa_portal_json_string (JsonObject *obj, const char *name)
{
  JsonNode *node;

  g_return_val_if_fail (name != NULL, NULL);

  if (obj == NULL)
    return NULL;
  node = json_object_get_member (obj, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
sewa_portal_json_int (JsonObject *obj, const char *name, gint64 fallback)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

gboolean
sewa_portal_json_bool (JsonObject *obj, const char *name, gboolean fallback)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

/* --- client -------------------------------------------------------------------------------- */

gboolean
sewa_portal_client_check (const SewaPortalClient *client, GError **error)
{
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (client != NULL, FALSE);

  if (!sewa_provisioning_check_portal_url (client->base_url, &local))
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_INSECURE,
                   "refusing the portal URL: %s", local->message);
      return FALSE;
    }
  return TRUE;
}

SewaPortalClient *
sewa_portal_client_new (const char *base_url, const char *ca_file, const char *device_id,
                        const char *secret)
{
  SewaPortalClient *client;

  g_return_val_if_fail (base_url != NULL, NULL);

  client = g_new0 (SewaPortalClient, 1);
  client->base_url = g_strdup (base_url);
  /* Targets start with '/', so a trailing slash in the configured URL would double it. */
  while (g_str_has_suffix (client->base_url, "/"))
    client->base_url[strlen (client->base_url) - 1] = '\0';
  client->ca_file = g_strdup (ca_file);
  client->device_id = g_strdup (device_id);
  client->secret = g_strdup (secret);
  return client;
}

SewaPortalClient *
sewa_portal_client_copy (const SewaPortalClient *client)
{
  SewaPortalClient *copy;

  g_return_val_if_fail (client != NULL, NULL);

  copy = sewa_portal_client_new (client->base_url, client->ca_file, client->device_id,
                                 client->secret);
  copy->connect_timeout_s = client->connect_timeout_s;
  copy->low_speed_time_s = client->low_speed_time_s;
  copy->low_speed_bytes = client->low_speed_bytes;
  copy->total_timeout_s = client->total_timeout_s;
  copy->clock_offset_s = client->clock_offset_s;
  return copy;
}

void
sewa_portal_client_free (SewaPortalClient *client)
{
  if (client == NULL)
    return;
  g_free (client->base_url);
  g_free (client->ca_file);
  g_free (client->device_id);
  if (client->secret != NULL)
    sodium_memzero (client->secret, strlen (client->secret));
  g_free (client->secret);
  g_free (client);
}

/* --- call ---------------------------------------------------------------------------------- */

static size_t
write_cb (char *data, size_t size, size_t nmemb, void *user_data)
{
  SewaPortalCall *call = user_data;
  size_t n = size * nmemb;

  if (call->response->len + n > MAX_RESPONSE_BYTES)
    return 0; /* libcurl turns this into CURLE_WRITE_ERROR */
  g_byte_array_append (call->response, (const guint8 *) data, (guint) n);
  return n;
}

static size_t
header_cb (char *data, size_t size, size_t nitems, void *user_data)
{
  SewaPortalCall *call = user_data;
  size_t n = size * nitems;
  const char *colon = memchr (data, ':', n);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  /* A new status line (after a 100 Continue, or a redirect) starts a new header set. */
  if (n >= 5 && memcmp (data, "HTTP/", 5) == 0)
    {
      g_hash_table_remove_all (call->response_headers);
      return n;
    }
  if (colon == NULL)
    return n;
  name = g_ascii_strdown (data, colon - data);
  value = g_strndup (colon + 1, n - (colon + 1 - data));
  g_strstrip (value);
  g_hash_table_replace (call->response_headers, g_steal_pointer (&name), g_steal_pointer (&value));
  return n;
}

static size_t
read_cb (char *buffer, size_t size, size_t nitems, void *user_data)
{
  SewaPortalCall *call = user_data;
  gsize len = 0;
  const guint8 *data = call->body != NULL ? g_bytes_get_data (call->body, &len) : NULL;
  size_t n = MIN (size * nitems, len - call->body_sent);

  if (n > 0)
    memcpy (buffer, data + call->body_sent, n);
  call->body_sent += n;
  return n;
}

static int
seek_cb (void *user_data, curl_off_t offset, int origin)
{
  SewaPortalCall *call = user_data;
  gsize len = call->body != NULL ? g_bytes_get_size (call->body) : 0;

  /* libcurl rewinds when it retries a request on a reused connection that turned out dead. */
  if (origin != SEEK_SET || offset < 0 || (gsize) offset > len)
    return CURL_SEEKFUNC_CANTSEEK;
  call->body_sent = (gsize) offset;
  return CURL_SEEKFUNC_OK;
}

static void
add_header (SewaPortalCall *call, const char *name, const char *value)
{
  g_autofree char *line = g_strdup_printf ("%s: %s", name, value);

  call->headers = curl_slist_append (call->headers, line);
}

SewaPortalCall *
sewa_portal_call_new (const SewaPortalClient *client, const char *method, const char *target,
                      const char *content_type, GBytes *body, gboolean sign, gint64 now_s)
{
  SewaPortalCall *call;
  gsize body_len = body != NULL ? g_bytes_get_size (body) : 0;

  g_return_val_if_fail (client != NULL, NULL);
  g_return_val_if_fail (method != NULL && target != NULL && target[0] == '/', NULL);

  call = g_new0 (SewaPortalCall, 1);
  call->easy = curl_easy_init ();
  g_assert (call->easy != NULL);
  call->method = g_strdup (method);
  call->target = g_strdup (target);
  call->url = g_strconcat (client->base_url, target, NULL);
  call->body = body != NULL ? g_bytes_ref (body) : NULL;
  call->response = g_byte_array_new ();
  call->response_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  call->result.retry_after_ms = -1;
  call->result.retry_after_requested_ms = -1;

  curl_easy_setopt (call->easy, CURLOPT_URL, call->url);
  curl_easy_setopt (call->easy, CURLOPT_PRIVATE, call);
  curl_easy_setopt (call->easy, CURLOPT_ERRORBUFFER, call->curl_error);
  curl_easy_setopt (call->easy, CURLOPT_NOSIGNAL, 1L);
  /* libcurl itself refuses plain http to anything but loopback, before it connects: whatever
   * path a URL took into the client, an application never leaves the kiosk in clear. */
  curl_easy_setopt (call->easy, CURLOPT_PROTOCOLS_STR,
                    sewa_portal_client_check (client, NULL) ? "http,https" : "https");
  curl_easy_setopt (call->easy, CURLOPT_FOLLOWLOCATION, 0L);
  /* HTTP/2 when the portal offers it through ALPN; HTTP/1.1 otherwise. */
  curl_easy_setopt (call->easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_2TLS);
  /* Over TLS, let a new request wait for the handshake under way (ALPN says there whether it
   * can share that connection) rather than open another. Never over plain http: there it would
   * wait for a whole answer, and one hung request would hold back every other. */
  if (g_ascii_strncasecmp (client->base_url, "https://", 8) == 0)
    curl_easy_setopt (call->easy, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt (call->easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (call->easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (client->ca_file != NULL)
    curl_easy_setopt (call->easy, CURLOPT_CAINFO, client->ca_file);
  curl_easy_setopt (call->easy, CURLOPT_CONNECTTIMEOUT,
                    (long) (client->connect_timeout_s ? client->connect_timeout_s : 10));
  curl_easy_setopt (call->easy, CURLOPT_LOW_SPEED_TIME,
                    (long) (client->low_speed_time_s ? client->low_speed_time_s : 30));
  curl_easy_setopt (call->easy, CURLOPT_LOW_SPEED_LIMIT,
                    (long) (client->low_speed_bytes ? client->low_speed_bytes : 64));
  curl_easy_setopt (call->easy, CURLOPT_TIMEOUT,
                    (long) (client->total_timeout_s ? client->total_timeout_s : 120));
  curl_easy_setopt (call->easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (call->easy, CURLOPT_WRITEDATA, call);
  curl_easy_setopt (call->easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (call->easy, CURLOPT_HEADERDATA, call);

  if (g_str_equal (method, "GET"))
    curl_easy_setopt (call->easy, CURLOPT_HTTPGET, 1L);
  else if (g_str_equal (method, "HEAD"))
    curl_easy_setopt (call->easy, CURLOPT_NOBODY, 1L);
  else
    {
      /* Every other method sends the body through the read callback so it is never copied and
       * libcurl can rewind it. */
      curl_easy_setopt (call->easy, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt (call->easy, CURLOPT_CUSTOMREQUEST, method);
      curl_easy_setopt (call->easy, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (call->easy, CURLOPT_READDATA, call);
      curl_easy_setopt (call->easy, CURLOPT_SEEKFUNCTION, seek_cb);
      curl_easy_setopt (call->easy, CURLOPT_SEEKDATA, call);
      curl_easy_setopt (call->easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t) body_len);
      /* The portal answers at once; waiting a second for "100 Continue" is pure latency. */
      add_header (call, "Expect", "");
    }
  if (body_len > 0 && content_type != NULL)
    add_header (call, "Content-Type", content_type);
  add_header (call, "Accept", "application/json");

  if (sign && client->device_id != NULL && client->secret != NULL)
    {
      g_autofree char *timestamp = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                    now_s + client->clock_offset_s);
      g_autofree char *nonce = sewa_portal_new_nonce ();
      g_autofree char *signature = NULL;
      const void *data = body != NULL ? g_bytes_get_data (body, NULL) : NULL;

      signature = sewa_portal_sign (client->secret, method, target, timestamp, nonce, data,
                                    body_len);
      add_header (call, "X-Sewa-Device", client->device_id);
      add_header (call, "X-Sewa-Timestamp", timestamp);
      add_header (call, "X-Sewa-Nonce", nonce);
      add_header (call, "X-Sewa-Signature", signature);
    }
  curl_easy_setopt (call->easy, CURLOPT_HTTPHEADER, call->headers);
  return call;
}

void
sewa_portal_call_add_header (SewaPortalCall *call, const char *name, const char *value)
{
  g_return_if_fail (call != NULL && name != NULL && value != NULL);

  add_header (call, name, value);
  curl_easy_setopt (call->easy, CURLOPT_HTTPHEADER, call->headers);
}

void
sewa_portal_call_free (SewaPortalCall *call)
{
  if (call == NULL)
    return;
  curl_easy_cleanup (call->easy);
  curl_slist_free_all (call->headers);
  g_free (call->method);
  g_free (call->target);
  g_free (call->url);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_byte_array_unref (call->response);
  g_hash_table_unref (call->response_headers);
  sewa_portal_result_clear (&call->result);
  g_free (call);
}

CURL *
sewa_portal_call_get_easy (SewaPortalCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->easy;
}

void
sewa_portal_call_set_user_data (SewaPortalCall *call, gpointer data)
{
  g_return_if_fail (call != NULL);
  call->user_data = data;
}

gpointer
sewa_portal_call_get_user_data (SewaPortalCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->user_data;
}

const char *
sewa_portal_call_get_method (SewaPortalCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->method;
}

const char *
sewa_portal_call_get_target (SewaPortalCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return call->target;
}

gsize
sewa_portal_call_get_body_size (SewaPortalCall *call)
{
  g_return_val_if_fail (call != NULL, 0);
  return call->body != NULL ? g_bytes_get_size (call->body) : 0;
}

void
sewa_portal_call_finish (SewaPortalCall *call, CURLcode code, gint64 now_s)
{
  long status = 0;
  g_autoptr (GBytes) body = NULL;

  g_return_if_fail (call != NULL);

  if (code == CURLE_OK)
    curl_easy_getinfo (call->easy, CURLINFO_RESPONSE_CODE, &status);
  call->status = (guint) status;
  body = g_bytes_new (call->response->data, call->response->len);
  sewa_portal_result_clear (&call->result);
  sewa_portal_classify (code, call->status, sewa_portal_call_get_header (call, "retry-after"),
                        body, now_s, &call->result);
  if (call->result.tls_untrusted && code == CURLE_PEER_FAILED_VERIFICATION)
    {
      long verify = -1;

      /* The certificate is signed by the pinned CA but for another host name. That is a
       * configuration error (the wrong URL), not an impostor, and the operator must hear which.
       * libcurl checks the name itself after OpenSSL verified the chain, and then leaves only an
       * unspecific verify result (X509_V_ERR_UNSPECIFIED with 7.88) and its own message, so both
       * OpenSSL's code and libcurl's two wordings of a name mismatch are recognised. */
      if ((curl_easy_getinfo (call->easy, CURLINFO_SSL_VERIFYRESULT, &verify) == CURLE_OK
           && verify == SEWA_X509_V_ERR_HOSTNAME_MISMATCH)
          || strstr (call->curl_error, "does not match target host") != NULL
          || strstr (call->curl_error, "no alternative certificate subject name matches") != NULL)
        {
          call->result.tls_hostname = TRUE;
          g_free (call->result.code);
          call->result.code = g_strdup ("tls_hostname");
        }
    }
  /* libcurl's error buffer names the exact TLS or socket problem; keep it for the operator. */
  if (code != CURLE_OK && call->curl_error[0] != '\0')
    {
      g_free (call->result.message);
      call->result.message = g_strdup (call->curl_error);
    }
  call->finished = TRUE;
}

void
sewa_portal_call_perform (SewaPortalCall *call, gint64 now_s)
{
  CURLcode code;

  g_return_if_fail (call != NULL);

  code = curl_easy_perform (call->easy);
  sewa_portal_call_finish (call, code, now_s);
}

const SewaPortalResult *
sewa_portal_call_get_result (SewaPortalCall *call)
{
  g_return_val_if_fail (call != NULL && call->finished, NULL);
  return &call->result;
}

guint
sewa_portal_call_get_status (SewaPortalCall *call)
{
  g_return_val_if_fail (call != NULL, 0);
  return call->status;
}

GBytes *
sewa_portal_call_get_body (SewaPortalCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);
  return g_bytes_new (call->response->data, call->response->len);
}

const char *
sewa_portal_call_get_header (SewaPortalCall *call, const char *name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (call != NULL && name != NULL, NULL);

  lower = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (call->response_headers, lower);
}

JsonObject *
sewa_portal_call_get_json (SewaPortalCall *call, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (call != NULL, NULL);

  /* An empty 2xx, a 200,000-deep array or a duplicated member is a broken portal, not a crash
   * and not something to guess about. */
  root = sewa_json_parse ((const char *) call->response->data, call->response->len, &local);
  if (root == NULL)
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                   "%s %s: response is not usable JSON: %s", call->method, call->target,
                   local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                   "%s %s: response is not a JSON object", call->method, call->target);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

gboolean
sewa_portal_call_to_error (SewaPortalCall *call, GError **error)
{
  const SewaPortalResult *r;

  g_return_val_if_fail (call != NULL && call->finished, FALSE);

  r = &call->result;
  if (r->outcome == SEWA_PORTAL_OK)
    return TRUE;
  if (r->tls_hostname)
    g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_TLS_HOSTNAME,
                 "the portal's certificate does not name the host in the portal URL (check the "
                 "URL): %s", r->message ? r->message : "");
  else if (r->tls_untrusted)
    g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_TLS,
                 "the portal's TLS certificate is not signed by the pinned CA (or the CA file "
                 "is unreadable): %s", r->message ? r->message : "");
  else if (r->code != NULL && g_str_equal (r->code, "insecure"))
    g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_INSECURE,
                 "refusing plain http:// to a portal that is not on loopback");
  else if (r->http_status == 0)
    g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_NETWORK,
                 "cannot reach the portal (%s %s): %s", call->method, call->target,
                 r->message ? r->message : r->code);
  else
    g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_HTTP, "%s %s: HTTP %u %s%s%s",
                 call->method, call->target, r->http_status, r->code ? r->code : "",
                 r->message ? ": " : "", r->message ? r->message : "");
  return FALSE;
}

/* 2020-01-01 and 2100-01-01 UTC: a portal date outside is a broken header, not a clock. */
#define SKEW_EARLIEST 1577836800
#define SKEW_LATEST 4102444800

gboolean
sewa_portal_clock_skew (const char *date_header, gint64 local_now, gint64 *out_skew_s,
                        GError **error)
{
  static GRegex *fixdate;
  time_t portal;

  g_return_val_if_fail (out_skew_s != NULL, FALSE);

  /* The shape first (RFC 9110 §5.6.7): curl_getdate alone also takes the obsolete forms and
   * free text, and a lenient parse is how a garbled header would pass for a time. */
  if (g_once_init_enter (&fixdate))
    g_once_init_leave (&fixdate,
                               g_regex_new ("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} "
                                            "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                                            "[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$",
                                            G_REGEX_OPTIMIZE, 0, NULL));
  if (date_header == NULL || strlen (date_header) > 29 ||
      !g_regex_match (fixdate, date_header, 0, NULL))
    {
      g_set_error_literal (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                           "the portal's Date header is missing or not an HTTP date");
      return FALSE;
    }
  portal = curl_getdate (date_header, NULL);
  if (portal == (time_t) -1 || portal < SKEW_EARLIEST || portal >= SKEW_LATEST)
    {
      g_set_error_literal (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                           "the portal's Date header is not a plausible time");
      return FALSE;
    }
  *out_skew_s = (gint64) portal - local_now;
  return TRUE;
}

/* A UPI transaction reference (UTR): exactly 12 ASCII digits. */
static gboolean
is_upi_txn_ref (const char *s)
{
  if (s == NULL || strlen (s) != 12)
    return FALSE;
  for (const char *c = s; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  return TRUE;
}

gboolean
sewa_portal_parse_fee_paid (JsonObject *status, gint64 *out_amount_paise, char **out_transaction_ref,
                            gint64 *out_paid_at, GError **error)
{
  JsonNode *node;
  JsonObject *fee;
  JsonNode *amount;
  const char *ref, *paid_at;
  g_autoptr (GDateTime) when = NULL;
  gint64 paise;

  g_return_val_if_fail (status != NULL && out_amount_paise != NULL && out_transaction_ref != NULL
                          && out_paid_at != NULL, FALSE);
  *out_amount_paise = 0;
  *out_transaction_ref = NULL;
  *out_paid_at = 0;
  node = json_object_get_member (status, "fee");
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL, "fee is not an object");
      return FALSE;
    }
  fee = json_node_get_object (node);
  if (g_strcmp0 (sewa_portal_json_string (fee, "state"), "paid_upi") != 0)
    {
      g_set_error_literal (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL, "fee.state is not paid_upi");
      return FALSE;
    }
  amount = json_object_get_member (fee, "amount_paise");
  /* A whole number of paise, no fraction, no string, and a sane ceiling (₹10 crore). */
  if (amount == NULL || !JSON_NODE_HOLDS_VALUE (amount) || json_node_get_value_type (amount) != G_TYPE_INT64
      || (paise = json_node_get_int (amount)) < 1 || paise > G_GINT64_CONSTANT (10000000000))
    {
      g_set_error_literal (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                           "fee.amount_paise is not a whole number of paise above zero");
      return FALSE;
    }
  ref = sewa_portal_json_string (fee, "transaction_ref");
  if (!is_upi_txn_ref (ref))
    {
      g_set_error_literal (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                           "fee.transaction_ref is not a 12-digit UPI reference");
      return FALSE;
    }
  paid_at = sewa_portal_json_string (fee, "paid_at");
  if (paid_at == NULL || !g_str_has_suffix (paid_at, "Z")
      || (when = g_date_time_new_from_iso8601 (paid_at, NULL)) == NULL)
    {
      g_set_error_literal (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                           "fee.paid_at is not an RFC 3339 UTC time");
      return FALSE;
    }
  *out_amount_paise = paise;
  *out_transaction_ref = g_strdup (ref);
  *out_paid_at = g_date_time_to_unix (when);
  return TRUE;
}

gboolean
sewa_portal_parse_instant_decision (JsonObject *status, const char **out_outcome, char **out_note,
                                    GError **error)
{
  JsonNode *node;
  JsonObject *d;
  const char *outcome, *note, *other;

  g_return_val_if_fail (status != NULL && out_outcome != NULL && out_note != NULL, FALSE);
  *out_outcome = NULL;
  *out_note = NULL;
  node = json_object_get_member (status, "instant_decision");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL, "instant_decision is not an object");
      return FALSE;
    }
  d = json_node_get_object (node);
  outcome = sewa_portal_json_string (d, "outcome");
  /* Each outcome carries its own text and not the other's: an approval with a reason, or a
   * referral with a delivery note, is a portal that mixed them up. */
  if (g_strcmp0 (outcome, "approved") == 0)
    {
      *out_outcome = "approved";
      note = sewa_portal_json_string (d, "delivery_note");
      other = "reason";
    }
  else if (g_strcmp0 (outcome, "needs_scrutiny") == 0)
    {
      *out_outcome = "needs_scrutiny";
      note = sewa_portal_json_string (d, "reason");
      other = "delivery_note";
    }
  else
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                   "instant_decision.outcome is not approved or needs_scrutiny");
      return FALSE;
    }
  if (note == NULL || *note == '\0' || json_object_has_member (d, other))
    {
      *out_outcome = NULL;
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                   "instant_decision has no %s text, or the other outcome's", outcome);
      return FALSE;
    }
  *out_note = sewa_portal_clean_text (note);
  return TRUE;
}
