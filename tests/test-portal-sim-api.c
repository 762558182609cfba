/* Integration tests of portal-sim over real HTTP(S) with libcurl as the client.
 *
 * portal-sim runs as a child process on a free loopback port (--port 0; the port is read from
 * its READY line). Every response is recorded (method, path template, status, body) to a
 * JSON-lines file and, at the end, checked against docs/portal-api.yaml by
 * scripts/validate-openapi, which also fails if an operation of the spec was never exercised.
 * The client side of the signing scheme is written here from docs/portal-api.md, independently
 * of portal-sim's own code, and checked against the document's worked example. */
#include <curl/curl.h>
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  GSubprocess *proc;
  char *base;        /* http://127.0.0.1:PORT or https://... */
  guint http_port;
  guint https_port;
} Sim;

typedef struct {
  char *id;
  char *secret;
} Device;

typedef struct {
  CURLcode rc;
  long status;
  GString *body;
  GHashTable *headers;   /* lower-case name -> value */
  JsonNode *json;        /* parsed body when it is JSON */
  double seconds;
} Resp;

static char *tmpdir;
static char *responses_path;
static FILE *responses;
static Sim sim;
static Device dev;        /* centre LDH01 kiosk 3 */
static Device dev_other;  /* centre ASR02: may not read LDH01's applications */
static const char *cainfo;  /* set while talking HTTPS */

/* ---- client plumbing -------------------------------------------------------------------- */

static void
resp_free (Resp *r)
{
  if (r == NULL)
    return;
  g_string_free (r->body, TRUE);
  g_hash_table_unref (r->headers);
  if (r->json != NULL)
    json_node_unref (r->json);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Resp, resp_free)

static size_t
write_cb (char *ptr, size_t size, size_t n, void *user)
{
  g_string_append_len (user, ptr, (gssize) (size * n));
  return size * n;
}

static size_t
header_cb (char *ptr, size_t size, size_t n, void *user)
{
  g_autofree char *line = g_strndup (ptr, size * n);
  char *colon = strchr (line, ':');

  if (colon != NULL)
    {
      g_autofree char *name = g_ascii_strdown (line, colon - line);
      g_hash_table_replace (user, g_steal_pointer (&name), g_strdup (g_strstrip (colon + 1)));
    }
  return size * n;
}

static char *
hex_sha256 (const void *data, gsize len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

/* docs/portal-api.md §2, written from the document. */
static char *
client_signature (const char *secret, const char *method, const char *target, const char *ts,
                  const char *nonce, const void *body, gsize len)
{
  g_autofree char *bh = hex_sha256 (body != NULL ? body : "", body != NULL ? len : 0);
  g_autofree char *sts = g_strdup_printf ("%s\n%s\n%s\n%s\n%s", method, target, ts, nonce, bh);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret), sts, -1);
}

static char *
random_nonce (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *s = g_string_new (NULL);

  for (const char *c = uuid; *c != '\0'; c++)
    if (*c != '-')
      g_string_append_c (s, *c);
  return g_string_free (s, FALSE);
}

static void
record (const char *method, const char *tmpl, const Resp *r)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *line = NULL;
  const char *ct = g_hash_table_lookup (r->headers, "content-type");

  if (responses == NULL || r->rc != CURLE_OK || tmpl == NULL)
    return;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, method);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, tmpl);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, r->status);
  json_builder_set_member_name (b, "content_type");
  json_builder_add_string_value (b, ct != NULL ? ct : "");
  json_builder_set_member_name (b, "body");
  json_builder_add_string_value (b, r->body->str);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  line = json_to_string (root, FALSE);
  fprintf (responses, "%s\n", line);
  fflush (responses);
}

typedef struct {
  const char *method;
  const char *tmpl;          /* OpenAPI path template, for the record; NULL: do not record */
  const char *target;
  const Device *dev;         /* sign with this device, or NULL */
  const char *content_type;
  const void *body;
  gssize len;                /* -1: strlen */
  const char *const *headers;/* extra "Name: value" */
  const char *base;          /* default sim.base */
  const char *ts_override;   /* signing tweaks for the auth tests */
  const char *nonce_override;
  const char *secret_override;
  gboolean chunked;          /* send the body with Transfer-Encoding: chunked */
} Req;

typedef struct {
  const guint8 *data;
  gsize len, pos;
} ReadState;

static size_t
read_cb (char *buf, size_t size, size_t n, void *user)
{
  ReadState *s = user;
  size_t want = MIN (size * n, s->len - s->pos);

  memcpy (buf, s->data + s->pos, want);
  s->pos += want;
  return want;
}

static Resp *
do_req (const Req *q)
{
  CURL *c = curl_easy_init ();
  struct curl_slist *hl = NULL;
  Resp *r = g_new0 (Resp, 1);
  g_autofree char *url = g_strconcat (q->base != NULL ? q->base : sim.base, q->target, NULL);
  gsize len = q->body == NULL ? 0 : q->len < 0 ? strlen (q->body) : (gsize) q->len;
  g_autofree char *ct_h = NULL;
  ReadState rs = { q->body, len, 0 };
  gint64 start = g_get_monotonic_time ();
  const char *ct;

  r->body = g_string_new (NULL);
  r->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  hl = curl_slist_append (hl, "Expect:");
  if (q->content_type != NULL)
    {
      ct_h = g_strconcat ("Content-Type: ", q->content_type, NULL);
      hl = curl_slist_append (hl, ct_h);
    }
  for (guint i = 0; q->headers != NULL && q->headers[i] != NULL; i++)
    hl = curl_slist_append (hl, q->headers[i]);
  if (q->dev != NULL)
    {
      g_autofree char *ts = q->ts_override != NULL ? g_strdup (q->ts_override)
                                                   : g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
      g_autofree char *nonce = q->nonce_override != NULL ? g_strdup (q->nonce_override) : random_nonce ();
      g_autofree char *sig = client_signature (q->secret_override != NULL ? q->secret_override : q->dev->secret,
                                               q->method, q->target, ts, nonce, q->body, len);
      g_autofree char *h1 = g_strconcat ("X-Sewa-Device: ", q->dev->id, NULL);
      g_autofree char *h2 = g_strconcat ("X-Sewa-Timestamp: ", ts, NULL);
      g_autofree char *h3 = g_strconcat ("X-Sewa-Nonce: ", nonce, NULL);
      g_autofree char *h4 = g_strconcat ("X-Sewa-Signature: ", sig, NULL);

      hl = curl_slist_append (hl, h1);
      hl = curl_slist_append (hl, h2);
      hl = curl_slist_append (hl, h3);
      hl = curl_slist_append (hl, h4);
    }
  curl_easy_setopt (c, CURLOPT_URL, url);
  curl_easy_setopt (c, CURLOPT_HTTPHEADER, hl);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, r->body);
  curl_easy_setopt (c, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (c, CURLOPT_HEADERDATA, r->headers);
  curl_easy_setopt (c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
  if (cainfo != NULL)
    curl_easy_setopt (c, CURLOPT_CAINFO, cainfo);
  if (strcmp (q->method, "HEAD") == 0)
    curl_easy_setopt (c, CURLOPT_NOBODY, 1L);
  else if (strcmp (q->method, "GET") != 0)
    curl_easy_setopt (c, CURLOPT_CUSTOMREQUEST, q->method);
  if (q->chunked)
    {
      curl_easy_setopt (c, CURLOPT_POST, 1L);
      curl_easy_setopt (c, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (c, CURLOPT_READDATA, &rs);
    }
  else if (q->body != NULL)
    {
      curl_easy_setopt (c, CURLOPT_POSTFIELDS, q->body);
      curl_easy_setopt (c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) len);
    }
  r->rc = curl_easy_perform (c);
  r->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &r->status);
  curl_slist_free_all (hl);
  curl_easy_cleanup (c);

  ct = g_hash_table_lookup (r->headers, "content-type");
  if (r->rc == CURLE_OK && ct != NULL && g_str_has_prefix (ct, "application/json") && r->body->len > 0)
    r->json = json_from_string (r->body->str, NULL);
  record (q->method, q->tmpl, r);
  return r;
}

/* Shorthands. */
static Resp *
get (const char *tmpl, const char *target, const Device *d)
{
  Req q = { .method = "GET", .tmpl = tmpl, .target = target, .dev = d };
  return do_req (&q);
}

static Resp *
send_json (const char *method, const char *tmpl, const char *target, const Device *d, const char *json)
{
  Req q = { .method = method, .tmpl = tmpl, .target = target, .dev = d, .content_type = "application/json",
            .body = json, .len = -1 };
  return do_req (&q);
}

static JsonObject *
obj (Resp *r)
{
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_node_get_object (r->json);
}

static const char *
str_member (Resp *r, const char *name)
{
  JsonObject *o = obj (r);

  g_assert_true (json_object_has_member (o, name));
  return json_object_get_string_member (o, name);
}

/* Every error is JSON with a stable code and a message. */
static void
assert_error (Resp *r, long status, const char *code)
{
  g_assert_cmpint (r->rc, ==, CURLE_OK);
  if (r->status != status || r->json == NULL || g_strcmp0 (str_member (r, "code"), code) != 0)
    g_error ("expected %ld %s, got %ld %s", status, code, r->status, r->body->str);
  g_assert_cmpuint (strlen (str_member (r, "message")), >, 0);
}

static void
assert_status (Resp *r, long status)
{
  g_assert_cmpint (r->rc, ==, CURLE_OK);
  if (r->status != status)
    g_error ("expected %ld, got %ld %s", status, r->status, r->body->str);
}

/* ---- the peer ----------------------------------------------------------------------------- */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
sim_start (Sim *s, const char *const *extra)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) in = NULL;
  g_autofree char *line = NULL;
  g_autofree char *db = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  static int n;

  db = g_strdup_printf ("%s/sim-%d.db", tmpdir, n++);
  g_ptr_array_add (argv, g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "portal-sim", "portal-sim", NULL));
  g_ptr_array_add (argv, g_strconcat ("--catalog=", g_getenv ("SEWA_SOURCE_ROOT"), "/tests/data/portal-catalog.json", NULL));
  g_ptr_array_add (argv, g_strconcat ("--db=", db, NULL));
  g_ptr_array_add (argv, g_strdup ("--admin"));
  g_ptr_array_add (argv, g_strdup ("--quiet"));
  g_ptr_array_add (argv, g_strdup ("--status-step=100"));
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* If this test dies, the sim must not outlive it holding the harness's stderr open. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  s->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->proc));
  /* Blocks until the sim is listening (or has died, which ends the stream). */
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "READY http=%u https=%u", &s->http_port, &s->https_port), ==, 2);
  if (s->https_port != 0)
    s->base = g_strdup_printf ("https://127.0.0.1:%u", s->https_port);
  else
    s->base = g_strdup_printf ("http://127.0.0.1:%u", s->http_port);
}

static void
sim_stop (Sim *s)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (s->proc, SIGTERM);
  g_subprocess_wait (s->proc, NULL, &error);
  g_assert_no_error (error);
  /* A clean exit also means ASan found no leak or error in the sim. */
  g_assert_true (g_subprocess_get_if_exited (s->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (s->proc), ==, 0);
  g_clear_object (&s->proc);
  g_clear_pointer (&s->base, g_free);
}

static char *
mint_token (const char *base, const char *centre, int kiosk, char **out_qr)
{
  g_autofree char *body = g_strdup_printf ("{\"centre\":\"%s\",\"kiosk\":%d}", centre, kiosk);
  Req q = { .method = "POST", .tmpl = "/admin/enrolment-tokens", .target = "/admin/enrolment-tokens",
            .content_type = "application/json", .body = body, .len = -1, .base = base };
  g_autoptr (Resp) r = do_req (&q);

  assert_status (r, 201);
  if (out_qr != NULL)
    *out_qr = g_strdup (str_member (r, "provisioning_qr"));
  return g_strdup (str_member (r, "token"));
}

static void
enrol (const char *base, const char *centre, int kiosk, Device *out)
{
  g_autofree char *token = mint_token (base, centre, kiosk, NULL);
  g_autofree char *body = g_strdup_printf ("{\"token\":\"%s\",\"centre\":\"%s\",\"kiosk\":%d,\"version\":\"0.1.0\"}",
                                           token, centre, kiosk);
  Req q = { .method = "POST", .tmpl = "/v1/devices/enrol", .target = "/v1/devices/enrol",
            .content_type = "application/json", .body = body, .len = -1, .base = base };
  g_autoptr (Resp) r = do_req (&q);

  assert_status (r, 201);
  out->id = g_strdup (str_member (r, "device_id"));
  out->secret = g_strdup (str_member (r, "secret"));
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void
test_signature_example (void)
{
  /* The worked example of docs/portal-api.md §2. */
  g_autofree char *sig = client_signature ("c2V3YS1raW9zay10ZXN0LXNlY3JldC0wMDAwMDAwMDA", "GET", "/v1/catalog",
                                           "1796000000", "abcdefghijklmnop", NULL, 0);

  g_assert_cmpstr (sig, ==, "819933f949f111a98529746313a3867d7dcf5961a061d3fbe51dddb3033f0842");
}

static void
test_enrol (void)
{
  g_autofree char *qr = NULL;
  g_autofree char *token = mint_token (NULL, "LDH01", 3, &qr);
  g_auto (GStrv) parts = g_strsplit (qr, ":", -1);
  g_autofree char *b64 = NULL;
  g_autofree guchar *json = NULL;
  g_autofree char *want_check = NULL;
  g_autoptr (JsonNode) prov = NULL;
  gsize json_len = 0;

  /* SEWAPROV1:<base64url JSON>:<first 4 bytes of SHA-256 of the JSON, hex> */
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[0], ==, "SEWAPROV1");
  b64 = g_strdup (parts[1]);
  g_strdelimit (b64, "-", '+');
  g_strdelimit (b64, "_", '/');
  {
    g_autoptr (GString) padded = g_string_new (b64);
    while (padded->len % 4 != 0)
      g_string_append_c (padded, '=');
    json = g_base64_decode (padded->str, &json_len);
  }
  want_check = hex_sha256 (json, json_len);
  want_check[8] = '\0';
  g_assert_cmpstr (parts[2], ==, want_check);
  prov = json_from_string ((const char *) json, NULL);
  g_assert_nonnull (prov);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (prov), "token"), ==, token);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (prov), "centre"), ==, "LDH01");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (prov), "kiosk"), ==, 3);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (prov), "portal"), "http://127.0.0.1:"));

  {
    g_autofree char *wrong_kiosk = g_strdup_printf ("{\"token\":\"%s\",\"centre\":\"LDH01\",\"kiosk\":4,\"version\":\"0.1.0\"}", token);
    g_autofree char *good = g_strdup_printf ("{\"token\":\"%s\",\"centre\":\"LDH01\",\"kiosk\":3,\"version\":\"0.1.0\"}", token);
    g_autoptr (Resp) r1 = send_json ("POST", "/v1/devices/enrol", "/v1/devices/enrol", NULL, wrong_kiosk);
    g_autoptr (Resp) r2 = send_json ("POST", "/v1/devices/enrol", "/v1/devices/enrol", NULL, good);
    g_autoptr (Resp) r3 = send_json ("POST", "/v1/devices/enrol", "/v1/devices/enrol", NULL, good);
    g_autoptr (Resp) r4 = send_json ("POST", "/v1/devices/enrol", "/v1/devices/enrol", NULL,
                                     "{\"token\":\"short\",\"centre\":\"LDH01\",\"kiosk\":3,\"version\":\"x\"}");
    g_autoptr (Resp) r5 = send_json ("POST", "/v1/devices/enrol", "/v1/devices/enrol", NULL,
                                     "{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"centre\":\"LDH01\",\"kiosk\":3,\"version\":\"x\"}");

    assert_error (r1, 401, "enrol_token_invalid");
    assert_status (r2, 201);
    g_assert_true (g_regex_match_simple ("^dev_[0-9a-f]{16}$", str_member (r2, "device_id"), 0, 0));
    g_assert_cmpuint (strlen (str_member (r2, "secret")), ==, 43);
    dev.id = g_strdup (str_member (r2, "device_id"));
    dev.secret = g_strdup (str_member (r2, "secret"));
    assert_error (r3, 401, "enrol_token_invalid");  /* one-time */
    assert_error (r4, 400, "bad_request");
    assert_error (r5, 401, "enrol_token_invalid");
  }
  enrol (NULL, "ASR02", 1, &dev_other);
}

static void
test_auth (void)
{
  g_autofree char *old_ts = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC - 400);
  g_autofree char *nonce = random_nonce ();
  Device ghost = { (char *) "dev_0000000000000000", (char *) "nope" };
  Req unsigned_q = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog" };
  Req bad_sig = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog", .dev = &dev, .secret_override = "wrong" };
  Req stale = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog", .dev = &dev, .ts_override = old_ts };
  Req first = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog", .dev = &dev, .nonce_override = nonce };
  Req short_nonce = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog", .dev = &dev, .nonce_override = "abc" };
  const char *const garbage[] = { "X-Sewa-Device: dev_1", "X-Sewa-Timestamp: -5", "X-Sewa-Nonce: aaaaaaaaaaaaaaaaaaaa",
                                  "X-Sewa-Signature: zz", NULL };
  Req malformed = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog", .headers = garbage };
  g_autoptr (Resp) r1 = do_req (&unsigned_q);
  g_autoptr (Resp) r2 = do_req (&bad_sig);
  g_autoptr (Resp) r3 = do_req (&stale);
  g_autoptr (Resp) r4 = do_req (&first);
  g_autoptr (Resp) r5 = do_req (&first);   /* same nonce again */
  g_autoptr (Resp) r6 = get ("/v1/catalog", "/v1/catalog", &ghost);
  g_autoptr (Resp) r7 = do_req (&short_nonce);
  g_autoptr (Resp) r8 = do_req (&malformed);

  assert_error (r1, 401, "auth_missing");
  g_assert_cmpstr (g_hash_table_lookup (r1->headers, "www-authenticate"), ==, "Sewa-HMAC");
  assert_error (r2, 401, "auth_bad_signature");
  assert_error (r3, 401, "auth_stale");
  g_assert_true (json_object_has_member (obj (r3), "server_time"));
  assert_status (r4, 200);
  assert_error (r5, 401, "auth_replay");
  assert_error (r6, 401, "device_unknown");
  assert_error (r7, 401, "auth_missing");
  assert_error (r8, 401, "auth_missing");

  /* The query is part of the signed target. */
  {
    Req q = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog?x=1", .dev = &dev };
    g_autoptr (Resp) ok = do_req (&q);

    assert_status (ok, 200);
  }
}

static void
test_catalog (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "tests", "data", "portal-catalog.json", NULL);
  g_autofree char *file = NULL;
  gsize file_len = 0;
  g_autofree char *hash = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *inm = NULL;
  g_autoptr (Resp) r = get ("/v1/catalog", "/v1/catalog", &dev);

  g_assert_true (g_file_get_contents (path, &file, &file_len, NULL));
  hash = hex_sha256 (file, file_len);
  etag = g_strdup_printf ("\"%s\"", hash);
  assert_status (r, 200);
  g_assert_cmpuint (r->body->len, ==, file_len);
  g_assert_cmpmem (r->body->str, r->body->len, file, file_len);
  g_assert_cmpstr (g_hash_table_lookup (r->headers, "etag"), ==, etag);
  g_assert_cmpstr (g_hash_table_lookup (r->headers, "x-sewa-catalog-version"), ==, "test-2026.11.1");

  inm = g_strconcat ("If-None-Match: ", etag, NULL);
  {
    const char *const h[] = { inm, NULL };
    const char *const stale[] = { "If-None-Match: \"0000\"", NULL };
    Req q = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog", .dev = &dev, .headers = h };
    Req q2 = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog", .dev = &dev, .headers = stale };
    g_autoptr (Resp) r304 = do_req (&q);
    g_autoptr (Resp) r200 = do_req (&q2);

    assert_status (r304, 304);
    g_assert_cmpuint (r304->body->len, ==, 0);
    assert_status (r200, 200);
  }
}

static char *
verified_citizen (const char *mobile)
{
  g_autofree char *body = g_strdup_printf ("{\"mobile\":\"%s\"}", mobile);
  g_autofree char *admin_target = g_strdup_printf ("/admin/otps?mobile=%s", mobile);
  g_autoptr (Resp) r1 = send_json ("POST", "/v1/citizens/otp", "/v1/citizens/otp", &dev, body);
  g_autoptr (Resp) r2 = NULL;
  g_autoptr (Resp) r3 = NULL;
  g_autofree char *verify = NULL;

  assert_status (r1, 202);
  r2 = get ("/admin/otps", admin_target, NULL);
  assert_status (r2, 200);
  g_assert_cmpstr (str_member (r2, "otp_id"), ==, str_member (r1, "otp_id"));
  verify = g_strdup_printf ("{\"otp_id\":\"%s\",\"code\":\"%s\"}", str_member (r1, "otp_id"), str_member (r2, "code"));
  r3 = send_json ("POST", "/v1/citizens/otp/verify", "/v1/citizens/otp/verify", &dev, verify);
  assert_status (r3, 200);
  g_assert_cmpstr (str_member (r3, "mobile_last4"), ==, mobile + 6);
  return g_strdup (str_member (r3, "verified_mobile_token"));
}

static void
test_otp (void)
{
  g_autoptr (Resp) r1 = send_json ("POST", "/v1/citizens/otp", "/v1/citizens/otp", &dev, "{\"mobile\":\"9876501234\"}");
  g_autoptr (Resp) bad_mobile = send_json ("POST", "/v1/citizens/otp", "/v1/citizens/otp", &dev, "{\"mobile\":\"12345\"}");
  g_autoptr (Resp) otp = get ("/admin/otps", "/admin/otps?mobile=9876501234", NULL);
  g_autoptr (Resp) no_otp = get ("/admin/otps", "/admin/otps?mobile=9000000000", NULL);
  g_autofree char *wrong = NULL;
  g_autofree char *right = NULL;
  g_autofree char *wrong_code = NULL;
  g_autofree char *token = NULL;

  assert_status (r1, 202);
  assert_error (bad_mobile, 400, "bad_request");
  assert_status (otp, 200);
  assert_error (no_otp, 404, "not_found");
  wrong_code = g_strdup_printf ("%06d", (atoi (str_member (otp, "code")) + 1) % 1000000);
  wrong = g_strdup_printf ("{\"otp_id\":\"%s\",\"code\":\"%s\"}", str_member (r1, "otp_id"), wrong_code);
  right = g_strdup_printf ("{\"otp_id\":\"%s\",\"code\":\"%s\"}", str_member (r1, "otp_id"), str_member (otp, "code"));
  {
    g_autoptr (Resp) w = send_json ("POST", "/v1/citizens/otp/verify", "/v1/citizens/otp/verify", &dev, wrong);
    g_autoptr (Resp) ok = send_json ("POST", "/v1/citizens/otp/verify", "/v1/citizens/otp/verify", &dev, right);
    g_autoptr (Resp) again = send_json ("POST", "/v1/citizens/otp/verify", "/v1/citizens/otp/verify", &dev, right);
    g_autoptr (Resp) unknown = send_json ("POST", "/v1/citizens/otp/verify", "/v1/citizens/otp/verify", &dev,
                                          "{\"otp_id\":\"otp_0000000000000000\",\"code\":\"123456\"}");

    assert_error (w, 422, "otp_invalid");
    g_assert_cmpint (json_object_get_int_member (obj (w), "attempts_left"), ==, 4);
    assert_status (ok, 200);
    assert_error (again, 410, "otp_expired");
    assert_error (unknown, 404, "not_found");
  }
  /* Five wrong codes use the OTP up. */
  {
    g_autoptr (Resp) r = send_json ("POST", "/v1/citizens/otp", "/v1/citizens/otp", &dev, "{\"mobile\":\"9876505678\"}");
    g_autofree char *body = g_strdup_printf ("{\"otp_id\":\"%s\",\"code\":\"%s\"}", str_member (r, "otp_id"), "000000");
    g_autoptr (Resp) code = get ("/admin/otps", "/admin/otps?mobile=9876505678", NULL);
    gboolean lucky = g_strcmp0 (str_member (code, "code"), "000000") == 0;

    for (int i = 0; i < 5 && !lucky; i++)
      {
        g_autoptr (Resp) w = send_json ("POST", "/v1/citizens/otp/verify", "/v1/citizens/otp/verify", &dev, body);
        assert_error (w, 422, "otp_invalid");
      }
    if (!lucky)
      {
        g_autofree char *right2 = g_strdup_printf ("{\"otp_id\":\"%s\",\"code\":\"%s\"}", str_member (r, "otp_id"), str_member (code, "code"));
        g_autoptr (Resp) late = send_json ("POST", "/v1/citizens/otp/verify", "/v1/citizens/otp/verify", &dev, right2);
        assert_error (late, 410, "otp_expired");
      }
  }
  token = verified_citizen ("9876509999");
  g_assert_cmpuint (strlen (token), ==, 43);
}

typedef struct {
  char *id;
  GBytes *bytes;
} Upload;

static void
upload_clear (Upload *u)
{
  g_free (u->id);
  g_bytes_unref (u->bytes);
}

static Resp *
patch (const char *id, gsize offset, const void *data, gsize len, const char *ct)
{
  g_autofree char *target = g_strdup_printf ("/v1/uploads/%s", id);
  g_autofree char *off = g_strdup_printf ("Upload-Offset: %" G_GSIZE_FORMAT, offset);
  const char *const h[] = { off, NULL };
  Req q = { .method = "PATCH", .tmpl = "/v1/uploads/{upload_id}", .target = target, .dev = &dev,
            .content_type = ct != NULL ? ct : "application/offset+octet-stream", .body = data, .len = (gssize) len, .headers = h };

  return do_req (&q);
}

/* Creates and completes an upload of @len pseudo-random bytes. */
static void
make_upload (gsize len, guint32 seed, Upload *out)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (len);
  g_autofree char *sha = NULL;
  g_autofree char *body = NULL;
  g_autoptr (Resp) r = NULL;
  g_autoptr (Resp) p = NULL;

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_rand_int (rand);
  out->bytes = g_bytes_new_take (data, len);
  sha = hex_sha256 (data, len);
  body = g_strdup_printf ("{\"size\":%" G_GSIZE_FORMAT ",\"sha256\":\"%s\",\"content_type\":\"image/jpeg\"}", len, sha);
  r = send_json ("POST", "/v1/uploads", "/v1/uploads", &dev, body);
  assert_status (r, 201);
  out->id = g_strdup (str_member (r, "upload_id"));
  p = patch (out->id, 0, data, len, NULL);
  assert_status (p, 204);
  g_assert_cmpstr (g_hash_table_lookup (p->headers, "upload-complete"), ==, "?1");
}

static void
test_uploads (void)
{
  const gsize len = 300000;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autofree guint8 *data = g_malloc (len);
  g_autofree guint8 *big = g_malloc0 (1024 * 1024 + 1);
  g_autofree char *sha = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *target = NULL;
  g_autofree char *admin_target = NULL;

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_rand_int (rand);
  sha = hex_sha256 (data, len);
  body = g_strdup_printf ("{\"size\":%" G_GSIZE_FORMAT ",\"sha256\":\"%s\",\"content_type\":\"application/pdf\"}", len, sha);
  {
    g_autoptr (Resp) r = send_json ("POST", "/v1/uploads", "/v1/uploads", &dev, body);
    g_autoptr (Resp) bad = send_json ("POST", "/v1/uploads", "/v1/uploads", &dev,
                                      "{\"size\":10,\"sha256\":\"XYZ\",\"content_type\":\"application/pdf\"}");
    g_autoptr (Resp) bad_type = send_json ("POST", "/v1/uploads", "/v1/uploads", &dev,
                                           "{\"size\":10,\"sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"content_type\":\"text/html\"}");
    g_autoptr (Resp) too_big = send_json ("POST", "/v1/uploads", "/v1/uploads", &dev,
                                          "{\"size\":67108865,\"sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"content_type\":\"image/png\"}");

    assert_status (r, 201);
    g_assert_cmpint (json_object_get_int_member (obj (r), "offset"), ==, 0);
    g_assert_false (json_object_get_boolean_member (obj (r), "complete"));
    id = g_strdup (str_member (r, "upload_id"));
    assert_error (bad, 400, "bad_request");
    assert_error (bad_type, 400, "bad_request");
    assert_error (too_big, 400, "bad_request");
  }
  target = g_strdup_printf ("/v1/uploads/%s", id);
  admin_target = g_strdup_printf ("/admin/uploads/%s", id);
  {
    g_autoptr (Resp) p1 = patch (id, 0, data, 100000, NULL);
    g_autoptr (Resp) wrong = patch (id, 5, data + 5, 10, NULL);
    g_autoptr (Resp) wrong_ct = patch (id, 100000, data + 100000, 10, "application/octet-stream");
    g_autoptr (Resp) chunk_big = patch (id, 100000, big, 1024 * 1024 + 1, NULL);
    g_autoptr (Resp) empty = patch (id, 100000, data, 0, NULL);
    Req head = { .method = "HEAD", .tmpl = "/v1/uploads/{upload_id}", .target = target, .dev = &dev };
    g_autoptr (Resp) h = do_req (&head);
    g_autoptr (Resp) g = get ("/v1/uploads/{upload_id}", target, &dev);
    g_autoptr (Resp) other = get ("/v1/uploads/{upload_id}", target, &dev_other);
    g_autoptr (Resp) missing = get ("/v1/uploads/{upload_id}", "/v1/uploads/up_00000000000000000000", &dev);

    assert_status (p1, 204);
    g_assert_cmpstr (g_hash_table_lookup (p1->headers, "upload-offset"), ==, "100000");
    g_assert_cmpstr (g_hash_table_lookup (p1->headers, "upload-complete"), ==, "?0");
    assert_error (wrong, 409, "upload_offset_mismatch");
    g_assert_cmpint (json_object_get_int_member (obj (wrong), "offset"), ==, 100000);
    assert_error (wrong_ct, 415, "unsupported_media_type");
    assert_error (chunk_big, 413, "payload_too_large");
    assert_error (empty, 400, "bad_request");
    assert_status (h, 200);
    g_assert_cmpstr (g_hash_table_lookup (h->headers, "upload-offset"), ==, "100000");
    g_assert_cmpstr (g_hash_table_lookup (h->headers, "upload-length"), ==, "300000");
    assert_status (g, 200);
    g_assert_cmpint (json_object_get_int_member (obj (g), "offset"), ==, 100000);
    assert_error (other, 404, "not_found");   /* uploads belong to their device */
    assert_error (missing, 404, "not_found");
  }
  /* Overflow, then a corrupted tail: the hash check fails and the upload restarts from 0. */
  {
    g_autofree guint8 *corrupt = g_memdup2 (data, len);
    g_autoptr (Resp) over = patch (id, 100000, big, 250000, NULL);
    g_autoptr (Resp) bad_tail = NULL;
    g_autoptr (Resp) after = NULL;

    assert_error (over, 422, "upload_overflow");
    corrupt[len - 1] ^= 0xff;
    bad_tail = patch (id, 100000, corrupt + 100000, len - 100000, NULL);
    assert_error (bad_tail, 422, "upload_hash_mismatch");
    after = get ("/v1/uploads/{upload_id}", target, &dev);
    g_assert_cmpint (json_object_get_int_member (obj (after), "offset"), ==, 0);
  }
  /* Resume properly in three chunks. */
  {
    g_autoptr (Resp) a = patch (id, 0, data, 150000, NULL);
    g_autoptr (Resp) b = patch (id, 150000, data + 150000, 100000, NULL);
    g_autoptr (Resp) c = patch (id, 250000, data + 250000, 50000, NULL);
    g_autoptr (Resp) d = patch (id, 300000, data, 1, NULL);
    g_autoptr (Resp) g = get ("/v1/uploads/{upload_id}", target, &dev);
    g_autoptr (Resp) adm = get ("/admin/uploads/{upload_id}", admin_target, NULL);

    assert_status (a, 204);
    assert_status (b, 204);
    assert_status (c, 204);
    g_assert_cmpstr (g_hash_table_lookup (c->headers, "upload-complete"), ==, "?1");
    assert_error (d, 409, "upload_offset_mismatch");
    g_assert_true (json_object_get_boolean_member (obj (g), "complete"));
    g_assert_cmpstr (str_member (g, "sha256"), ==, sha);
    assert_status (adm, 200);
    /* Every byte of a well-formed PATCH counts, resends included: 100000 + 10 (wrong offset)
     * + 250000 (overflowing chunk) + 200000 (bad tail) + 300000 + 1 (after completion). The
     * wrong content type and the over-limit chunk are refused before they are upload data. */
    g_assert_cmpint (json_object_get_int_member (obj (adm), "bytes_received"), ==, 100000 + 10 + 250000 + 200000 + 300000 + 1);
    g_assert_cmpint (json_object_get_int_member (obj (adm), "resets"), ==, 1);
  }
}

static char *
application_json (const char *service, const char *docs, const char *citizen, const char *ref)
{
  return g_strdup_printf ("{\"service_id\":\"%s\",\"catalog_version\":\"test-2026.11.1\","
                          "\"form\":{\"applicant\":{\"name\":\"Test Person\"}},"
                          "\"documents\":[%s],%s\"fee\":{\"amount_paise\":3000,\"mode\":\"upi\",\"transaction_ref\":\"T1\"},"
                          "\"provisional_reference\":\"%s\",\"submitted_at\":\"2026-11-30T08:33:34Z\"}",
                          service, docs, citizen, ref);
}

/* A kiosk pre-scrutiny report (docs/portal-api.md §6) that found nothing, and variations. */
#define PRESCRUTINY_WITH(all, complete, eligible, outcome) \
  "\"prescrutiny\":{\"version\":1,\"checks_ran\":[\"completeness\",\"eligibility\",\"documents\"]," \
  "\"all_passed\":" all ",\"complete\":" complete ",\"eligible\":" eligible ",\"identity_verified\":true," \
  "\"missing_fields\":[],\"missing_documents\":[],\"document_types\":[],\"eligibility\":[]," \
  "\"document_checks\":[{\"document\":\"proof_age\",\"outcome\":\"" outcome "\"}]," \
  "\"data_versions\":{\"catalog\":\"test-2026.11.1\",\"service\":\"1\"}}"
#define PRESCRUTINY_PASSED PRESCRUTINY_WITH ("true", "true", "true", "passed")

static Resp *
put_app (const char *key, const char *body, const Device *d)
{
  g_autofree char *target = g_strconcat ("/v1/applications/", key, NULL);
  return send_json ("PUT", "/v1/applications/{idempotency_key}", target, d, body);
}

static Resp *
status_of (const char *arn, const Device *d)
{
  g_autofree char *target = g_strconcat ("/v1/status/", arn, NULL);
  return get ("/v1/status/{arn}", target, d);
}

static Resp *
advance_clock (gint64 seconds)
{
  g_autofree char *body = g_strdup_printf ("{\"advance\":%" G_GINT64_FORMAT "}", seconds);
  return send_json ("POST", "/admin/clock", "/admin/clock", NULL, body);
}

static void
test_applications (void)
{
  Upload id_doc = { 0 }, income = { 0 }, spare = { 0 };
  g_autofree char *docs = NULL;
  g_autofree char *body = NULL;
  g_autofree char *reordered = NULL;
  g_autofree char *arn = NULL;
  g_autofree char *due = NULL;
  const char *key = "k_app_0001_aaaaaaaaaaaa";

  make_upload (20000, 1, &id_doc);
  make_upload (30000, 2, &income);
  make_upload (1000, 3, &spare);

  /* Incomplete upload, for the 422 list. */
  {
    g_autoptr (Resp) r = send_json ("POST", "/v1/uploads", "/v1/uploads", &dev,
                                    "{\"size\":10,\"sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"content_type\":\"image/png\"}");
    g_autofree char *bad_docs = g_strdup_printf (
        "{\"doc_id\":\"proof_identity\",\"type\":\"PAN\",\"upload_id\":\"%s\"},"
        "{\"doc_id\":\"photo\",\"type\":\"PHOTO\",\"upload_id\":\"%s\"},"
        "{\"doc_id\":\"nonsense\",\"type\":\"X\",\"upload_id\":\"%s\"},"
        "{\"doc_id\":\"proof_identity\",\"type\":\"ADHAR\",\"upload_id\":\"up_00000000000000000000\"},"
        "{\"doc_id\":\"proof_identity\",\"type\":\"VOTER\"},"
        "{\"doc_id\":\"proof_identity\",\"type\":\"VOTER\",\"vault_id\":\"vd_0000000000000000\"}",
        id_doc.id, str_member (r, "upload_id"), id_doc.id);
    g_autofree char *bad = application_json ("pb-rev-income-cert", bad_docs, "", "PB-LDH01-03-261130-0001-0");
    g_autoptr (Resp) p = put_app ("k_bad_docs_00000000001", bad, &dev);
    JsonArray *problems;
    g_autoptr (GString) seen = g_string_new (NULL);

    assert_error (p, 422, "documents_invalid");
    problems = json_object_get_array_member (obj (p), "problems");
    for (guint i = 0; i < json_array_get_length (problems); i++)
      {
        JsonObject *o = json_array_get_object_element (problems, i);
        g_string_append_printf (seen, "%s:%s ", json_object_get_string_member (o, "doc_id"), json_object_get_string_member (o, "reason"));
      }
    g_assert_cmpstr (seen->str, ==, "proof_identity:type_not_allowed photo:upload_incomplete nonsense:unknown_document "
                                    "proof_identity:upload_missing proof_identity:ref_invalid proof_identity:vault_missing "
                                    "proof_income:required_missing ");
  }
  {
    g_autofree char *b = application_json ("no-such-service", "", "", "PB-LDH01-03-261130-0002-0");
    g_autoptr (Resp) p = put_app ("k_unknown_service_0001", b, &dev);
    g_autoptr (Resp) badkey = put_app ("short", b, &dev);
    g_autoptr (Resp) badtok = NULL;
    g_autofree char *b2 = application_json ("pb-rev-income-cert", "", "\"citizen\":{\"verified_mobile_token\":\"nope\"},",
                                            "PB-LDH01-03-261130-0003-0");

    assert_error (p, 422, "unknown_service");
    assert_error (badkey, 400, "bad_request");
    badtok = put_app ("k_bad_token_0000000001", b2, &dev);
    assert_error (badtok, 422, "citizen_token_invalid");
  }

  docs = g_strdup_printf ("{\"doc_id\":\"proof_identity\",\"type\":\"ADHAR\",\"upload_id\":\"%s\"},"
                          "{\"doc_id\":\"proof_income\",\"type\":\"ITR\",\"upload_id\":\"%s\"}", id_doc.id, income.id);
  body = application_json ("pb-rev-income-cert", docs, "\"citizen\":{\"mobile_last4\":\"1234\"},", "PB-LDH01-03-261130-0042-7");
  {
    g_autoptr (Resp) p1 = put_app (key, body, &dev);
    g_autoptr (Resp) p2 = NULL;
    g_autoptr (Resp) p3 = NULL;
    g_autoptr (Resp) adm = NULL;
    g_autofree char *changed = NULL;
    g_autoptr (JsonNode) parsed = json_from_string (body, NULL);
    g_autoptr (JsonGenerator) gen = json_generator_new ();
    g_autofree char *adm_target = g_strconcat ("/admin/applications?key=", key, NULL);
    g_autoptr (GTimeZone) ist = g_time_zone_new_offset (19800);
    g_autoptr (GDateTime) now = g_date_time_new_now (ist);

    assert_status (p1, 201);
    arn = g_strdup (str_member (p1, "arn"));
    g_assert_true (g_regex_match_simple ("^PB-REVENU-[0-9]{4}-[0-9]{7}$", arn, 0, 0));
    g_assert_true (g_regex_match_simple ("^[A-Z0-9/-]{4,40}$", arn, 0, 0));
    g_assert_cmpstr (str_member (p1, "status"), ==, "received");
    {
      g_autoptr (GDateTime) d = g_date_time_add_days (now, 15);
      due = g_date_time_format (d, "%Y-%m-%d");
    }
    g_assert_cmpstr (str_member (p1, "due_date"), ==, due);
    g_assert_true (g_str_has_suffix (g_hash_table_lookup (p1->headers, "location"), arn));

    /* Same data, pretty-printed with different whitespace: still the same canonical body. */
    json_generator_set_root (gen, parsed);
    json_generator_set_pretty (gen, TRUE);
    reordered = json_generator_to_data (gen, NULL);
    p2 = put_app (key, reordered, &dev);
    assert_status (p2, 200);
    g_assert_cmpstr (str_member (p2, "arn"), ==, arn);
    g_assert_cmpstr (g_hash_table_lookup (p2->headers, "x-sewa-idempotent-replay"), ==, "true");

    changed = application_json ("pb-rev-income-cert", docs, "\"citizen\":{\"mobile_last4\":\"9999\"},", "PB-LDH01-03-261130-0042-7");
    p3 = put_app (key, changed, &dev);
    assert_error (p3, 409, "idempotency_conflict");
    g_assert_cmpstr (str_member (p3, "arn"), ==, arn);

    adm = get ("/admin/applications", adm_target, NULL);
    assert_status (adm, 200);
    g_assert_cmpint (json_object_get_int_member (obj (adm), "put_count"), ==, 2);
    g_assert_cmpstr (str_member (adm, "arn"), ==, arn);
  }
  /* Members in another order are the same canonical body too. */
  {
    g_autofree char *swapped = g_strdup_printf (
        "{\"submitted_at\":\"2026-11-30T08:33:34Z\",\"provisional_reference\":\"PB-LDH01-03-261130-0042-7\","
        "\"fee\":{\"transaction_ref\":\"T1\",\"mode\":\"upi\",\"amount_paise\":3000},\"citizen\":{\"mobile_last4\":\"1234\"},"
        "\"documents\":[%s],\"form\":{\"applicant\":{\"name\":\"Test Person\"}},\"catalog_version\":\"test-2026.11.1\","
        "\"service_id\":\"pb-rev-income-cert\"}", docs);
    g_autoptr (Resp) p = put_app (key, swapped, &dev);

    assert_status (p, 200);
    g_assert_cmpstr (str_member (p, "arn"), ==, arn);
  }
  /* The same upload cannot back a second application. */
  {
    g_autofree char *b = application_json ("pb-rev-income-cert", docs, "", "PB-LDH01-03-261130-0043-5");
    g_autoptr (Resp) p = put_app ("k_reuse_upload_000001", b, &dev);

    assert_error (p, 422, "documents_invalid");
  }

  /* Status moves forward on the simulated clock (step = 100 s). */
  {
    g_autoptr (Resp) s0 = status_of (arn, &dev);
    g_autoptr (Resp) other_centre = status_of (arn, &dev_other);
    g_autoptr (Resp) unknown = status_of ("PB-REVENU-2026-9999999", &dev);
    g_autoptr (Resp) c1 = advance_clock (100);
    g_autoptr (Resp) s1 = status_of (arn, &dev);
    g_autoptr (Resp) c2 = advance_clock (100);
    g_autoptr (Resp) s2 = status_of (arn, &dev);
    g_autoptr (Resp) c3 = advance_clock (100);
    g_autoptr (Resp) s3 = status_of (arn, &dev);

    assert_status (s0, 200);
    g_assert_cmpstr (str_member (s0, "status"), ==, "received");
    g_assert_cmpstr (str_member (s0, "due_date"), ==, due);
    assert_error (other_centre, 404, "not_found");
    assert_error (unknown, 404, "not_found");
    assert_status (c1, 200);
    g_assert_cmpstr (str_member (s1, "status"), ==, "under_scrutiny");
    g_assert_cmpstr (str_member (s2, "status"), ==, "approved");
    g_assert_cmpstr (str_member (s3, "status"), ==, "delivered");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (s3), "history")), ==, 4);
  }

  /* A forced rejection carries its reason. */
  {
    Upload a = { 0 }, b = { 0 };
    g_autofree char *d2 = NULL;
    g_autofree char *b2 = NULL;
    g_autoptr (Resp) p = NULL;
    g_autoptr (Resp) dec = NULL;
    g_autoptr (Resp) bad_dec = NULL;
    g_autofree char *dec_target = NULL;

    make_upload (500, 11, &a);
    make_upload (600, 12, &b);
    d2 = g_strdup_printf ("{\"doc_id\":\"proof_identity\",\"type\":\"VOTER\",\"upload_id\":\"%s\"},"
                          "{\"doc_id\":\"proof_income\",\"type\":\"SALARY\",\"upload_id\":\"%s\"}", a.id, b.id);
    b2 = application_json ("pb-rev-income-cert", d2, "", "PB-LDH01-03-261130-0044-3");
    p = put_app ("k_reject_me_000000001", b2, &dev);
    assert_status (p, 201);
    dec_target = g_strdup_printf ("/admin/applications/%s/decision", str_member (p, "arn"));
    dec = send_json ("POST", "/admin/applications/{arn}/decision", dec_target, NULL,
                     "{\"status\":\"rejected\",\"reason\":\"DOC_ILLEGIBLE: income proof unreadable\"}");
    bad_dec = send_json ("POST", "/admin/applications/{arn}/decision", dec_target, NULL, "{\"status\":\"maybe\"}");
    assert_status (dec, 200);
    g_assert_cmpstr (str_member (dec, "status"), ==, "rejected");
    g_assert_cmpstr (str_member (dec, "reason"), ==, "DOC_ILLEGIBLE: income proof unreadable");
    assert_error (bad_dec, 400, "bad_request");
    upload_clear (&a);
    upload_clear (&b);
  }

  /* A second key with the same provisional reference shows up as a duplicate. */
  {
    g_autoptr (Resp) d0 = get ("/admin/duplicates", "/admin/duplicates", NULL);
    g_autofree char *d = g_strdup_printf ("{\"doc_id\":\"proof_identity\",\"type\":\"ADHAR\",\"upload_id\":\"%s\"},"
                                          "{\"doc_id\":\"proof_income\",\"type\":\"ITR\",\"upload_id\":\"%s\"}", spare.id, spare.id);
    g_autofree char *b = application_json ("pb-rev-income-cert", d, "", "PB-LDH01-03-261130-0042-7");
    g_autoptr (Resp) p = put_app ("k_duplicate_000000001", b, &dev);
    g_autoptr (Resp) d1 = get ("/admin/duplicates", "/admin/duplicates", NULL);
    JsonArray *list;

    assert_status (d0, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (d0), "duplicates")), ==, 0);
    assert_status (p, 201);
    list = json_object_get_array_member (obj (d1), "duplicates");
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "provisional_reference"), ==,
                     "PB-LDH01-03-261130-0042-7");
  }
  upload_clear (&id_doc);
  upload_clear (&income);
  upload_clear (&spare);
}

static JsonObject *
admin_app_identity (const char *arn)
{
  g_autofree char *target = g_strconcat ("/admin/applications?arn=", arn, NULL);
  g_autoptr (Resp) r = get ("/admin/applications", target, NULL);

  assert_status (r, 200);
  return json_object_ref (json_object_get_object_member (obj (r), "identity"));
}

/* The identity record (docs/portal-api.md §6): stored with the application, checked against the
 * token, and seen by the rules (an Aadhaar QR does not verify a mobile number). */
static void
test_identity_record (void)
{
  g_autofree char *token = verified_citizen ("9812300077");
  Upload u1 = { 0 }, u2 = { 0 }, u3 = { 0 };

  make_upload (3000, 31, &u1);
  make_upload (3000, 32, &u2);
  make_upload (3000, 33, &u3);
  {
    g_autofree char *d = g_strdup_printf ("{\"doc_id\":\"proof_age\",\"type\":\"BIRTH\",\"upload_id\":\"%s\"}", u1.id);
    g_autofree char *c = g_strdup_printf ("\"citizen\":{\"verified_mobile_token\":\"%s\"},\"identity\":{\"method\":\"otp\"},"
                                          PRESCRUTINY_PASSED ",", token);
    g_autofree char *b = application_json ("pb-trn-learner-slot", d, c, "PB-LDH01-03-261130-0200-1");
    g_autoptr (Resp) p = put_app ("k_identity_otp_000001", b, &dev);
    g_autoptr (JsonObject) id = NULL;

    assert_status (p, 201);
    g_assert_cmpstr (str_member (p, "status"), ==, "approved");
    id = admin_app_identity (str_member (p, "arn"));
    g_assert_cmpstr (json_object_get_string_member (id, "method"), ==, "otp");
    g_assert_true (json_object_get_boolean_member (id, "citizen_verified"));
  }
  {
    g_autofree char *d = g_strdup_printf ("{\"doc_id\":\"proof_age\",\"type\":\"BIRTH\",\"upload_id\":\"%s\"}", u2.id);
    g_autofree char *b = application_json ("pb-trn-learner-slot", d, "\"identity\":{\"method\":\"aadhaar-qr-verified\"},",
                                           "PB-LDH01-03-261130-0201-9");
    g_autoptr (Resp) p = put_app ("k_identity_qr_0000001", b, &dev);
    g_autoptr (JsonObject) id = NULL;

    assert_status (p, 201);
    g_assert_cmpstr (str_member (p, "status"), ==, "rejected");
    g_assert_nonnull (strstr (str_member (p, "reason"), "Aadhaar QR"));
    id = admin_app_identity (str_member (p, "arn"));
    g_assert_cmpstr (json_object_get_string_member (id, "method"), ==, "aadhaar-qr-verified");
    g_assert_false (json_object_get_boolean_member (id, "citizen_verified"));
  }
  /* A method outside the contract, or an OTP claimed without its token, is a broken kiosk. */
  {
    g_autofree char *d = g_strdup_printf ("{\"doc_id\":\"proof_age\",\"type\":\"BIRTH\",\"upload_id\":\"%s\"}", u3.id);
    g_autofree char *b1 = application_json ("pb-trn-learner-slot", d, "\"identity\":{\"method\":\"face\"},", "PB-LDH01-03-261130-0202-7");
    g_autofree char *b2 = application_json ("pb-trn-learner-slot", d, "\"identity\":{\"method\":\"otp\"},", "PB-LDH01-03-261130-0203-5");
    g_autofree char *b3 = application_json ("pb-trn-learner-slot", d, "\"identity\":\"otp\",", "PB-LDH01-03-261130-0204-3");
    g_autoptr (Resp) p1 = put_app ("k_identity_bad_000001", b1, &dev);
    g_autoptr (Resp) p2 = put_app ("k_identity_bad_000002", b2, &dev);
    g_autoptr (Resp) p3 = put_app ("k_identity_bad_000003", b3, &dev);

    assert_error (p1, 400, "bad_request");
    assert_error (p2, 400, "bad_request");
    assert_error (p3, 400, "bad_request");
  }
  upload_clear (&u1);
  upload_clear (&u2);
  upload_clear (&u3);
}


static void
test_instant_and_vault (void)
{
  g_autofree char *token = verified_citizen ("9812300001");
  g_autofree char *citizen = NULL;
  g_autofree char *vault_id = NULL;
  g_autofree char *tok_h = g_strconcat ("X-Sewa-Citizen-Token: ", token, NULL);
  Upload age = { 0 }, age2 = { 0 };

  make_upload (4000, 21, &age);
  make_upload (4000, 22, &age2);
  {
    const char *const h[] = { tok_h, NULL };
    Req q = { .method = "GET", .tmpl = "/v1/citizens/vault", .target = "/v1/citizens/vault", .dev = &dev, .headers = h };
    const char *const bad_h[] = { "X-Sewa-Citizen-Token: nope", NULL };
    Req qb = { .method = "GET", .tmpl = "/v1/citizens/vault", .target = "/v1/citizens/vault", .dev = &dev, .headers = bad_h };
    g_autoptr (Resp) empty = do_req (&q);
    g_autoptr (Resp) bad = do_req (&qb);
    g_autoptr (Resp) none = get ("/v1/citizens/vault", "/v1/citizens/vault", &dev);

    assert_status (empty, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (empty), "documents")), ==, 0);
    citizen = g_strdup (str_member (empty, "citizen_id"));
    assert_error (bad, 422, "citizen_token_invalid");
    assert_error (none, 400, "bad_request");
  }
  /* Instant decision: approved at once with a verified mobile ... */
  {
    g_autofree char *d = g_strdup_printf ("{\"doc_id\":\"proof_age\",\"type\":\"BIRTH\",\"upload_id\":\"%s\"}", age.id);
    g_autofree char *c = g_strdup_printf ("\"citizen\":{\"verified_mobile_token\":\"%s\",\"mobile_last4\":\"0001\"},"
                                          "\"identity\":{\"method\":\"otp\"}," PRESCRUTINY_PASSED ",", token);
    g_autofree char *b = application_json ("pb-trn-learner-slot", d, c, "PB-LDH01-03-261130-0100-1");
    g_autoptr (Resp) p = put_app ("k_instant_ok_00000001", b, &dev);

    assert_status (p, 201);
    g_assert_cmpstr (str_member (p, "status"), ==, "approved");
    g_assert_true (g_str_has_prefix (str_member (p, "arn"), "PB-TRANSP-"));
  }
  /* ... rejected at once, with a reason, without one. */
  {
    g_autofree char *d = g_strdup_printf ("{\"doc_id\":\"proof_age\",\"type\":\"ADHAR\",\"upload_id\":\"%s\"}", age2.id);
    g_autofree char *b = application_json ("pb-trn-learner-slot", d, "", "PB-LDH01-03-261130-0101-9");
    g_autoptr (Resp) p = put_app ("k_instant_no_00000001", b, &dev);

    assert_status (p, 201);
    g_assert_cmpstr (str_member (p, "status"), ==, "rejected");
    g_assert_true (g_str_has_prefix (str_member (p, "reason"), "MOBILE_UNVERIFIED"));
  }
  /* The vault now lists the birth certificate, attachable by reference. */
  {
    const char *const h[] = { tok_h, NULL };
    Req q = { .method = "GET", .tmpl = "/v1/citizens/vault", .target = "/v1/citizens/vault", .dev = &dev, .headers = h };
    g_autoptr (Resp) v = do_req (&q);
    JsonArray *docs;
    JsonObject *doc;
    g_autofree char *d = NULL;
    g_autofree char *c = NULL;
    g_autofree char *b = NULL;
    g_autoptr (Resp) p = NULL;
    g_autoptr (Resp) p_anon = NULL;
    g_autoptr (Resp) p_noconsent = NULL;
    g_autofree char *sha = hex_sha256 (g_bytes_get_data (age.bytes, NULL), g_bytes_get_size (age.bytes));

    assert_status (v, 200);
    g_assert_cmpstr (str_member (v, "citizen_id"), ==, citizen);
    docs = json_object_get_array_member (obj (v), "documents");
    g_assert_cmpuint (json_array_get_length (docs), ==, 1);
    doc = json_array_get_object_element (docs, 0);
    g_assert_cmpstr (json_object_get_string_member (doc, "type"), ==, "BIRTH");
    g_assert_cmpstr (json_object_get_string_member (doc, "sha256"), ==, sha);
    vault_id = g_strdup (json_object_get_string_member (doc, "vault_id"));

    d = g_strdup_printf ("{\"doc_id\":\"proof_age\",\"type\":\"BIRTH\",\"vault_id\":\"%s\"}", vault_id);
    /* The citizen's token but not their consent: the document stays where it is. */
    c = g_strdup_printf ("\"citizen\":{\"verified_mobile_token\":\"%s\"},", token);
    b = application_json ("pb-trn-learner-slot", d, c, "PB-LDH01-03-261130-0104-3");
    p_noconsent = put_app ("k_from_vault_00000003", b, &dev);
    assert_error (p_noconsent, 422, "documents_invalid");
    g_assert_nonnull (strstr (p_noconsent->body->str, "consent_missing"));
    g_free (c);
    g_free (b);
    c = g_strdup_printf ("\"citizen\":{\"verified_mobile_token\":\"%s\"},\"consent\":{\"vault_documents\":\"given\"},"
                         "\"identity\":{\"method\":\"otp\"}," PRESCRUTINY_PASSED ",", token);
    b = application_json ("pb-trn-learner-slot", d, c, "PB-LDH01-03-261130-0102-7");
    p = put_app ("k_from_vault_00000001", b, &dev);
    assert_status (p, 201);
    g_assert_cmpstr (str_member (p, "status"), ==, "approved");

    /* Another citizen, consent and all, cannot attach this citizen's document. */
    {
      g_autofree char *other = verified_citizen ("9812300002");
      g_autofree char *c2 = g_strdup_printf ("\"citizen\":{\"verified_mobile_token\":\"%s\"},\"consent\":{\"vault_documents\":\"given\"},", other);
      g_autofree char *b2 = application_json ("pb-trn-learner-slot", d, c2, "PB-LDH01-03-261130-0105-1");
      g_autoptr (Resp) p_other = put_app ("k_from_vault_00000004", b2, &dev);

      assert_error (p_other, 422, "documents_invalid");
      g_assert_nonnull (strstr (p_other->body->str, "vault_missing"));
    }

    /* Without the citizen's token the vault document is not theirs to attach. */
    g_free (b);
    b = application_json ("pb-trn-learner-slot", d, "", "PB-LDH01-03-261130-0103-5");
    p_anon = put_app ("k_from_vault_00000002", b, &dev);
    assert_error (p_anon, 422, "documents_invalid");
  }
  upload_clear (&age);
  upload_clear (&age2);
}

/* PUT of one application of the instant service with CITIZEN (identity, report) on a new
 * upload; returns the response. */
static Resp *
put_instant (const char *key, const char *ref, const char *extra, guint32 seed)
{
  g_autofree char *token = verified_citizen ("9812300077");
  g_autofree char *d = NULL;
  g_autofree char *c = NULL;
  g_autofree char *b = NULL;
  Upload u = { 0 };
  Resp *r;

  make_upload (3000, seed, &u);
  d = g_strdup_printf ("{\"doc_id\":\"proof_age\",\"type\":\"BIRTH\",\"upload_id\":\"%s\"}", u.id);
  c = g_strdup_printf ("\"citizen\":{\"verified_mobile_token\":\"%s\"},%s,", token, extra);
  b = application_json ("pb-trn-learner-slot", d, c, ref);
  r = put_app (key, b, &dev);
  upload_clear (&u);
  return r;
}

static const char *
instant_member (Resp *r, const char *name)
{
  JsonObject *d = json_object_get_object_member (obj (r), "instant_decision");

  g_assert_nonnull (d);
  return json_object_get_string_member (d, name);
}

/* Instant decisions (#17): approved at PUT only with a report that found nothing and a verified
 * identity, with a delivery note; otherwise sent to scrutiny with the reason, and the status
 * moves on as for any other service. A report that contradicts itself is refused. */
static void
test_instant_prescrutiny (void)
{
  {
    g_autoptr (Resp) p = put_instant ("k_instant_ps_00000001", "PB-LDH01-03-261130-0601-1",
                                      "\"identity\":{\"method\":\"otp\"}," PRESCRUTINY_PASSED, 131);
    g_autoptr (Resp) s = NULL;

    assert_status (p, 201);
    g_assert_cmpstr (str_member (p, "status"), ==, "approved");
    g_assert_cmpstr (instant_member (p, "outcome"), ==, "approved");
    g_assert_true (g_str_has_prefix (instant_member (p, "delivery_note"), "ISSUED:"));
    s = status_of (str_member (p, "arn"), &dev);
    assert_status (s, 200);
    g_assert_cmpstr (instant_member (s, "outcome"), ==, "approved");
  }
  {
    /* A verified Aadhaar QR is a verified identity too. */
    g_autoptr (Resp) p = put_instant ("k_instant_ps_00000002", "PB-LDH01-03-261130-0602-1",
                                      "\"identity\":{\"method\":\"aadhaar-qr-verified\"}," PRESCRUTINY_PASSED, 132);

    assert_status (p, 201);
    g_assert_cmpstr (str_member (p, "status"), ==, "approved");
  }
  {
    const struct { const char *extra; const char *code; } cases[] = {
      { "\"identity\":{\"method\":\"otp\"}", "NO_PRESCRUTINY:" },
      { "\"identity\":{\"method\":\"otp\"}," PRESCRUTINY_WITH ("false", "true", "true", "flagged"), "DOCUMENT_FLAGGED:" },
      { "\"identity\":{\"method\":\"otp\"}," PRESCRUTINY_WITH ("false", "true", "false", "passed"), "NOT_ELIGIBLE:" },
      { "\"identity\":{\"method\":\"otp\"}," PRESCRUTINY_WITH ("false", "false", "true", "passed"), "INCOMPLETE:" },
      { "\"identity\":{\"method\":\"aadhaar-qr-unverified\"}," PRESCRUTINY_PASSED, "IDENTITY_UNVERIFIED:" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *key = g_strdup_printf ("k_instant_ns_%08u", i);
        g_autofree char *ref = g_strdup_printf ("PB-LDH01-03-261130-07%02u-1", i);
        g_autoptr (Resp) p = put_instant (key, ref, cases[i].extra, 140 + i);

        assert_status (p, 201);
        g_assert_cmpstr (str_member (p, "status"), ==, "received");
        g_assert_cmpstr (instant_member (p, "outcome"), ==, "needs_scrutiny");
        g_assert_true (g_str_has_prefix (instant_member (p, "reason"), cases[i].code));
      }
  }
  {
    /* "all_passed" with a check that failed, and an unknown version: refused, not believed. */
    g_autoptr (Resp) lie = put_instant ("k_instant_bad_0000001", "PB-LDH01-03-261130-0801-1",
                                        "\"identity\":{\"method\":\"otp\"}," PRESCRUTINY_WITH ("true", "true", "false", "passed"), 151);
    g_autoptr (Resp) v2 = put_instant ("k_instant_bad_0000002", "PB-LDH01-03-261130-0802-1",
                                       "\"prescrutiny\":{\"version\":2}", 152);

    assert_error (lie, 400, "bad_request");
    assert_error (v2, 400, "bad_request");
  }
}

/* The health fields of issue #19 are checked one by one and stored; GET /admin/devices/{id}
 * shows what was stored, and a heartbeat with any field off contract changes nothing. */
/* GET /v1/citizens/profile: empty before any application; afterwards each detail from the newest
 * application that had it, with that application's ARN; the form's date in the API's format. */
static Resp *
profile_of (const char *token)
{
  g_autofree char *tok_h = token != NULL ? g_strconcat ("X-Sewa-Citizen-Token: ", token, NULL) : NULL;
  const char *const h[] = { tok_h, NULL };
  Req q = { .method = "GET", .tmpl = "/v1/citizens/profile", .target = "/v1/citizens/profile", .dev = &dev,
            .headers = token != NULL ? h : NULL };

  return do_req (&q);
}

static JsonObject *
profile_field (Resp *r, const char *key)
{
  JsonObject *fields = json_object_get_object_member (obj (r), "fields");

  return json_object_has_member (fields, key) ? json_object_get_object_member (fields, key) : NULL;
}

static void
test_profile (void)
{
  g_autofree char *token = verified_citizen ("9812300055");
  g_autofree char *older_arn = NULL;
  g_autofree char *newer_arn = NULL;
  Upload u1 = { 0 }, u2 = { 0 };

  {
    g_autoptr (Resp) empty = profile_of (token);
    g_autoptr (Resp) bad = profile_of ("nope");
    g_autoptr (Resp) none = profile_of (NULL);

    assert_status (empty, 200);
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (obj (empty), "fields")), ==, 0);
    assert_error (bad, 422, "citizen_token_invalid");
    assert_error (none, 400, "bad_request");
  }
  make_upload (3000, 41, &u1);
  make_upload (3000, 42, &u2);
  for (guint i = 0; i < 2; i++)
    {
      static const char *const forms[] = {
        "{\"applicant_name\":\"Old Name\",\"applicant_father\":\"Gurdev Singh\",\"applicant_dob\":\"05-08-1975\","
        "\"district\":\"ludhiana\",\"house\":\"12\"}",
        "{\"applicant_name\":\"New Name\",\"house\":\"\",\"street\":\"Mall Road\"}",
      };
      g_autofree char *d = g_strdup_printf ("{\"doc_id\":\"proof_age\",\"type\":\"BIRTH\",\"upload_id\":\"%s\"}",
                                            i == 0 ? u1.id : u2.id);
      g_autofree char *b = g_strdup_printf (
          "{\"service_id\":\"pb-trn-learner-slot\",\"catalog_version\":\"test-2026.11.1\",\"form\":%s,"
          "\"documents\":[%s],\"citizen\":{\"verified_mobile_token\":\"%s\"},\"identity\":{\"method\":\"otp\"},"
          "\"fee\":{\"amount_paise\":3000,\"mode\":\"upi\",\"transaction_ref\":\"T1\"},"
          "\"provisional_reference\":\"PB-LDH01-03-261130-030%u-1\",\"submitted_at\":\"2026-11-30T08:33:34Z\"}",
          forms[i], d, token, i);
      g_autofree char *key = g_strdup_printf ("k_profile_0000000%u", i);
      g_autoptr (Resp) p = put_app (key, b, &dev);

      assert_status (p, 201);
      if (i == 0)
        older_arn = g_strdup (str_member (p, "arn"));
      else
        newer_arn = g_strdup (str_member (p, "arn"));
    }
  {
    g_autoptr (Resp) r = profile_of (token);
    JsonObject *f;

    assert_status (r, 200);
    f = profile_field (r, "name");
    g_assert_nonnull (f);
    g_assert_cmpstr (json_object_get_string_member (f, "value"), ==, "New Name");
    g_assert_cmpstr (json_object_get_string_member (f, "arn"), ==, newer_arn);
    f = profile_field (r, "father_name");
    g_assert_nonnull (f);
    g_assert_cmpstr (json_object_get_string_member (f, "value"), ==, "Gurdev Singh");
    g_assert_cmpstr (json_object_get_string_member (f, "arn"), ==, older_arn);
    g_assert_cmpstr (json_object_get_string_member (profile_field (r, "dob"), "value"), ==, "1975-08-05");
    g_assert_cmpstr (json_object_get_string_member (profile_field (r, "address.district"), "value"), ==, "ludhiana");
    g_assert_cmpstr (json_object_get_string_member (profile_field (r, "address.street"), "value"), ==, "Mall Road");
    /* An empty house number in the newer application does not hide the older one's. */
    g_assert_cmpstr (json_object_get_string_member (profile_field (r, "address.house"), "value"), ==, "12");
    g_assert_cmpstr (json_object_get_string_member (profile_field (r, "address.house"), "arn"), ==, older_arn);
    g_assert_null (profile_field (r, "address.pincode"));
  }
  upload_clear (&u1);
  upload_clear (&u2);
}

static void
test_heartbeat_fields (void)
{
  const char *full = "{\"version\":\"0.2.0\",\"queue_depth\":4,\"health\":{\"printer\":\"ok\",\"sync\":\"degraded\"},"
                     "\"uptime_s\":120,\"disk_free_mb\":2048,\"oldest_queued_at\":\"2026-12-07T09:00:00Z\","
                     "\"oldest_queued_age_s\":3600,\"last_sync_at\":\"2026-12-07T10:00:00Z\","
                     "\"last_fatal_alert\":{\"code\":\"device-refused\",\"at\":\"2026-12-07T09:30:00Z\"},"
                     "\"unknown_member\":1}";
  const char *bad[] = {
    "\"disk_free_mb\":-1",
    "\"disk_free_mb\":\"2048\"",
    "\"oldest_queued_age_s\":1.5",
    "\"uptime_s\":-3",
    "\"oldest_queued_at\":\"yesterday\"",
    "\"last_sync_at\":1765101600",
    "\"last_fatal_alert\":\"device-refused\"",
    "\"last_fatal_alert\":{\"code\":\"device refused by Gurpreet\",\"at\":\"2026-12-07T09:30:00Z\"}",
    "\"last_fatal_alert\":{\"code\":\"store\"}",
    "\"last_fatal_alert\":{\"code\":\"store\",\"at\":\"2026-12-07T09:30:00Z\",\"why\":\"x\"}",
    "\"health\":{\"printer\":\"paper jam at Gurpreet's form\"}",
  };
  g_autofree char *target = g_strdup_printf ("/admin/devices/%s", dev.id);
  g_autoptr (Resp) hb = send_json ("POST", "/v1/devices/heartbeat", "/v1/devices/heartbeat", &dev, full);
  g_autoptr (Resp) none = get ("/admin/devices/{device_id}", "/admin/devices/dev_nosuchdevice", NULL);
  JsonObject *stored;
  JsonObject *alert;

  assert_status (hb, 200);
  assert_error (none, 404, "not_found");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"version\":\"0.3.0\",\"queue_depth\":1,"
                                               "\"health\":{\"printer\":\"ok\"},%s}", bad[i]);
      g_autoptr (Resp) r = send_json ("POST", "/v1/devices/heartbeat", "/v1/devices/heartbeat", &dev, body);

      if (r->status != 400)
        g_error ("heartbeat with %s: HTTP %ld, wanted 400", bad[i], r->status);
      assert_error (r, 400, "bad_request");
    }
  {
    g_autoptr (Resp) device = get ("/admin/devices/{device_id}", target, NULL);

    assert_status (device, 200);
    g_assert_cmpstr (str_member (device, "device_id"), ==, dev.id);
    stored = json_object_get_object_member (obj (device), "heartbeat");
    g_assert_nonnull (stored);
    g_assert_cmpstr (json_object_get_string_member (stored, "version"), ==, "0.2.0");
    g_assert_cmpint (json_object_get_int_member (stored, "queue_depth"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (stored, "uptime_s"), ==, 120);
    g_assert_cmpint (json_object_get_int_member (stored, "disk_free_mb"), ==, 2048);
    g_assert_cmpint (json_object_get_int_member (stored, "oldest_queued_age_s"), ==, 3600);
    g_assert_cmpstr (json_object_get_string_member (stored, "oldest_queued_at"), ==, "2026-12-07T09:00:00Z");
    g_assert_cmpstr (json_object_get_string_member (stored, "last_sync_at"), ==, "2026-12-07T10:00:00Z");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (stored, "health"), "sync"),
                     ==, "degraded");
    alert = json_object_get_object_member (stored, "last_fatal_alert");
    g_assert_cmpstr (json_object_get_string_member (alert, "code"), ==, "device-refused");
    g_assert_cmpstr (json_object_get_string_member (alert, "at"), ==, "2026-12-07T09:30:00Z");
    g_assert_false (json_object_has_member (stored, "unknown_member"));
  }
}

/* POST /v1/applications/{key}/payments (docs/portal-api.md §6a): recorded once per payment id
 * and once per application, replays answered with the same record, the application's device
 * only, and each mode's members checked. */
static Resp *
post_payment (const char *key, const char *body, const Device *d)
{
  g_autofree char *target = g_strconcat ("/v1/applications/", key, "/payments", NULL);
  return send_json ("POST", "/v1/applications/{idempotency_key}/payments", target, d, body);
}

static void
test_payments (void)
{
  const char *key = "k_app_0001_aaaaaaaaaaaa";
  const char *cash = "{\"payment_id\":\"pay_0001_aaaaaaaaaaaa\",\"mode\":\"cash\",\"amount_paise\":3000,"
                     "\"counter_receipt\":\"CR-261130-0001\",\"operator_id\":\"operator\","
                     "\"paid_at\":\"2026-11-30T09:00:00Z\"}";
  const char *cash_changed = "{\"payment_id\":\"pay_0001_aaaaaaaaaaaa\",\"mode\":\"cash\",\"amount_paise\":2000,"
                             "\"counter_receipt\":\"CR-261130-0001\",\"operator_id\":\"operator\","
                             "\"paid_at\":\"2026-11-30T09:00:00Z\"}";
  const char *second = "{\"payment_id\":\"pay_0002_aaaaaaaaaaaa\",\"mode\":\"upi\",\"amount_paise\":3000,"
                       "\"transaction_ref\":\"412345678901\",\"operator_id\":\"operator\","
                       "\"paid_at\":\"2026-11-30T09:00:00Z\"}";
  const char *upi_no_ref = "{\"payment_id\":\"pay_0003_aaaaaaaaaaaa\",\"mode\":\"upi\",\"amount_paise\":3000,"
                           "\"operator_id\":\"operator\",\"paid_at\":\"2026-11-30T09:00:00Z\"}";
  const char *waived_amount = "{\"payment_id\":\"pay_0004_aaaaaaaaaaaa\",\"mode\":\"waived\",\"amount_paise\":5,"
                              "\"waiver_reason\":\"exempt\",\"operator_id\":\"operator\","
                              "\"paid_at\":\"2026-11-30T09:00:00Z\"}";
  g_autoptr (Resp) bad1 = post_payment (key, upi_no_ref, &dev);
  g_autoptr (Resp) bad2 = post_payment (key, waived_amount, &dev);
  g_autoptr (Resp) unknown = post_payment ("k_no_such_app_000000", cash, &dev);
  g_autoptr (Resp) other = post_payment (key, cash, &dev_other);
  g_autoptr (Resp) first = post_payment (key, cash, &dev);
  g_autoptr (Resp) replay = post_payment (key, cash, &dev);
  g_autoptr (Resp) changed = post_payment (key, cash_changed, &dev);
  g_autoptr (Resp) twice = post_payment (key, second, &dev);
  g_autofree char *admin_target = g_strconcat ("/admin/payments?key=", key, NULL);
  g_autoptr (Resp) admin = get ("/admin/payments", admin_target, NULL);
  JsonArray *list;

  assert_error (bad1, 400, "bad_request");
  assert_error (bad2, 400, "bad_request");
  assert_error (unknown, 404, "not_found");
  assert_error (other, 404, "not_found");
  assert_status (first, 201);
  g_assert_cmpstr (str_member (first, "payment_id"), ==, "pay_0001_aaaaaaaaaaaa");
  g_assert_cmpstr (str_member (first, "mode"), ==, "cash");
  g_assert_cmpuint (strlen (str_member (first, "arn")), >, 4);
  assert_status (replay, 200);
  g_assert_cmpstr (g_hash_table_lookup (replay->headers, "x-sewa-idempotent-replay"), ==, "true");
  g_assert_cmpstr (str_member (replay, "arn"), ==, str_member (first, "arn"));
  assert_error (changed, 409, "idempotency_conflict");
  assert_error (twice, 409, "idempotency_conflict");
  g_assert_cmpstr (str_member (twice, "payment_id"), ==, "pay_0001_aaaaaaaaaaaa");
  assert_status (admin, 200);
  list = json_object_get_array_member (obj (admin), "payments");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "post_count"), ==, 2);
}

/* POST /admin/applications/{arn}/upi-payment (docs/portal-api.md §9) and the status's "fee"
 * (§7, #18): the bank's credit of a citizen's UPI payment shows in the status with exactly the
 * values credited, is the application's one payment (so a later counter payment is refused, and
 * a credit for an application already paid at the counter is refused), and a counter payment
 * never shows as the fee. */
static Resp *
post_bank_credit (const char *arn, const char *body)
{
  g_autofree char *target = g_strconcat ("/admin/applications/", arn, "/upi-payment", NULL);
  return send_json ("POST", "/admin/applications/{arn}/upi-payment", target, NULL, body);
}

static void
assert_no_fee (const char *arn)
{
  g_autoptr (Resp) s = status_of (arn, &dev);

  assert_status (s, 200);
  g_assert_false (json_object_has_member (obj (s), "fee"));
}

static JsonObject *
fee_of (Resp *status)
{
  assert_status (status, 200);
  g_assert_true (json_object_has_member (obj (status), "fee"));
  return json_object_get_object_member (obj (status), "fee");
}

static char *
put_for_bank (const char *key, const char *ref, guint32 seed)
{
  g_autoptr (Resp) p = put_instant (key, ref, "\"identity\":{\"method\":\"otp\"}," PRESCRUTINY_PASSED, seed);

  assert_status (p, 201);
  return g_strdup (str_member (p, "arn"));
}

static void
test_upi_bank_credit (void)
{
  g_autofree char *arn = put_for_bank ("k_upi_bank_000000001", "PB-LDH01-03-261130-0901-1", 171);
  g_autofree char *arn_counter = put_for_bank ("k_upi_bank_000000002", "PB-LDH01-03-261130-0902-1", 172);
  g_autofree char *arn_later = put_for_bank ("k_upi_bank_000000003", "PB-LDH01-03-261130-0903-1", 173);
  const char *credit = "{\"transaction_ref\":\"412345678901\",\"amount_paise\":4500,\"paid_at\":\"2026-12-08T09:00:00Z\"}";
  const char *const bad_bodies[] = {
    "{\"transaction_ref\":\"41234567890\",\"amount_paise\":4500}",
    "{\"transaction_ref\":\"4123456789AB\",\"amount_paise\":4500}",
    "{\"transaction_ref\":\"4123456789012\",\"amount_paise\":4500}",
    "{\"transaction_ref\":412345678901,\"amount_paise\":4500}",
    "{\"transaction_ref\":\"412345678901\",\"amount_paise\":0}",
    "{\"transaction_ref\":\"412345678901\",\"amount_paise\":45.5}",
    "{\"transaction_ref\":\"412345678901\",\"amount_paise\":\"4500\"}",
    "{\"amount_paise\":4500}",
    "{\"transaction_ref\":\"412345678901\"}",
    "{\"transaction_ref\":\"412345678901\",\"amount_paise\":4500,\"paid_at\":\"2026-12-08 09:00:00\"}",
    "{\"transaction_ref\":\"412345678901\",\"amount_paise\":4500,\"paid_at\":\"2026-12-08T14:30:00+05:30\"}",
    "{\"transaction_ref\":\"412345678901\",\"amount_paise\":4500,\"paidAt\":\"2026-12-08T09:00:00Z\"}",
  };

  /* No fee before the bank's credit, nor after refused ones. */
  assert_no_fee (arn);
  for (guint i = 0; i < G_N_ELEMENTS (bad_bodies); i++)
    {
      g_autoptr (Resp) r = post_bank_credit (arn, bad_bodies[i]);

      g_test_message ("bad body %u: %s", i, bad_bodies[i]);
      assert_error (r, 400, "bad_request");
    }
  {
    g_autoptr (Resp) not_object = post_bank_credit (arn, "[\"412345678901\",4500]");
    g_autoptr (Resp) r = post_bank_credit ("PB-NOSUCH-2026-0000000", credit);

    assert_error (not_object, 400, "malformed_json");
    assert_error (r, 404, "not_found");
  }
  assert_no_fee (arn);

  {
    g_autoptr (Resp) first = post_bank_credit (arn, credit);
    g_autoptr (Resp) s = status_of (arn, &dev);
    g_autoptr (Resp) replay = post_bank_credit (arn, credit);
    g_autoptr (Resp) other_txn = post_bank_credit (arn, "{\"transaction_ref\":\"412345678902\",\"amount_paise\":4500,"
                                                        "\"paid_at\":\"2026-12-08T09:00:00Z\"}");
    g_autoptr (Resp) other_amount = post_bank_credit (arn, "{\"transaction_ref\":\"412345678901\",\"amount_paise\":3000,"
                                                           "\"paid_at\":\"2026-12-08T09:00:00Z\"}");
    g_autoptr (Resp) counter = post_payment ("k_upi_bank_000000001",
                                             "{\"payment_id\":\"pay_upi_bank_0001_aa\",\"mode\":\"cash\",\"amount_paise\":4500,"
                                             "\"counter_receipt\":\"CR-261208-0001\",\"operator_id\":\"operator\","
                                             "\"paid_at\":\"2026-12-08T09:05:00Z\"}", &dev);
    g_autoptr (Resp) admin = get ("/admin/payments", "/admin/payments?key=k_upi_bank_000000001", NULL);
    g_autoptr (Resp) s_after = status_of (arn, &dev);
    JsonObject *fee, *pay;
    JsonArray *list;
    g_autofree char *stored = NULL;

    assert_status (first, 201);
    g_assert_cmpstr (str_member (first, "payment_id"), ==, "bank-412345678901");
    g_assert_cmpstr (str_member (first, "arn"), ==, arn);
    g_assert_cmpstr (str_member (first, "mode"), ==, "upi");
    g_assert_cmpint (json_object_get_int_member (obj (first), "amount_paise"), ==, 4500);

    fee = fee_of (s);
    g_assert_cmpuint (json_object_get_size (fee), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (fee, "state"), ==, "paid_upi");
    g_assert_cmpint (json_object_get_int_member (fee, "amount_paise"), ==, 4500);
    g_assert_cmpstr (json_object_get_string_member (fee, "transaction_ref"), ==, "412345678901");
    g_assert_cmpstr (json_object_get_string_member (fee, "paid_at"), ==, "2026-12-08T09:00:00Z");

    assert_status (replay, 200);
    g_assert_cmpstr (g_hash_table_lookup (replay->headers, "x-sewa-idempotent-replay"), ==, "true");
    g_assert_cmpstr (str_member (replay, "payment_id"), ==, "bank-412345678901");
    assert_error (other_txn, 409, "idempotency_conflict");
    g_assert_cmpstr (str_member (other_txn, "payment_id"), ==, "bank-412345678901");
    assert_error (other_amount, 409, "idempotency_conflict");
    g_assert_cmpstr (str_member (other_amount, "payment_id"), ==, "bank-412345678901");
    /* The kiosk's counter payment for an application the bank has paid: a fee is paid once. */
    assert_error (counter, 409, "idempotency_conflict");
    g_assert_cmpstr (str_member (counter, "payment_id"), ==, "bank-412345678901");

    /* Recorded once, as the application's payment, with the bank's body. */
    assert_status (admin, 200);
    list = json_object_get_array_member (obj (admin), "payments");
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    pay = json_array_get_object_element (list, 0);
    g_assert_cmpstr (json_object_get_string_member (pay, "payment_id"), ==, "bank-412345678901");
    g_assert_cmpstr (json_object_get_string_member (pay, "arn"), ==, arn);
    g_assert_cmpstr (json_object_get_string_member (pay, "mode"), ==, "upi");
    g_assert_cmpint (json_object_get_int_member (pay, "amount_paise"), ==, 4500);
    g_assert_cmpint (json_object_get_int_member (pay, "post_count"), ==, 2);
    stored = json_to_string (json_object_get_member (pay, "body"), FALSE);
    g_assert_cmpstr (stored, ==, "{\"amount_paise\":4500,\"mode\":\"upi\",\"paid_at\":\"2026-12-08T09:00:00Z\","
                                 "\"source\":\"bank\",\"transaction_ref\":\"412345678901\"}");

    /* Refused credits and payments changed nothing. */
    fee = fee_of (s_after);
    g_assert_cmpint (json_object_get_int_member (fee, "amount_paise"), ==, 4500);
    g_assert_cmpstr (json_object_get_string_member (fee, "transaction_ref"), ==, "412345678901");
  }

  /* Paid at the counter first: the bank's credit is refused, naming the counter payment, and a
   * counter payment is never the status's fee. */
  {
    g_autoptr (Resp) counter = post_payment ("k_upi_bank_000000002",
                                             "{\"payment_id\":\"pay_upi_bank_0002_aa\",\"mode\":\"upi\",\"amount_paise\":4500,"
                                             "\"transaction_ref\":\"512345678901\",\"operator_id\":\"operator\","
                                             "\"paid_at\":\"2026-12-08T09:00:00Z\"}", &dev);
    g_autoptr (Resp) bank = post_bank_credit (arn_counter, "{\"transaction_ref\":\"512345678901\",\"amount_paise\":4500}");

    assert_status (counter, 201);
    assert_error (bank, 409, "idempotency_conflict");
    g_assert_cmpstr (str_member (bank, "payment_id"), ==, "pay_upi_bank_0002_aa");
    assert_no_fee (arn_counter);
  }

  /* A UTR names one bank transaction: on file for another application, it is refused. Without
   * paid_at the sim's clock dates the credit, and the very same body again is still a replay. */
  {
    g_autoptr (Resp) reused = post_bank_credit (arn_later, credit);
    g_autoptr (Resp) first = post_bank_credit (arn_later, "{\"transaction_ref\":\"612345678901\",\"amount_paise\":4500}");
    g_autoptr (Resp) again = post_bank_credit (arn_later, "{\"amount_paise\":4500,\"transaction_ref\":\"612345678901\"}");
    g_autoptr (Resp) s = status_of (arn_later, &dev);
    JsonObject *fee;

    assert_error (reused, 409, "idempotency_conflict");
    g_assert_cmpstr (str_member (reused, "payment_id"), ==, "bank-412345678901");
    assert_status (first, 201);
    assert_status (again, 200);
    g_assert_cmpstr (g_hash_table_lookup (again->headers, "x-sewa-idempotent-replay"), ==, "true");
    fee = fee_of (s);
    g_assert_cmpstr (json_object_get_string_member (fee, "transaction_ref"), ==, "612345678901");
    g_assert_cmpstr (json_object_get_string_member (fee, "paid_at"), ==, str_member (first, "recorded_at"));
  }
}

static void
test_heartbeat_audit (void)
{
  g_autoptr (Resp) hb = send_json ("POST", "/v1/devices/heartbeat", "/v1/devices/heartbeat", &dev,
                                   "{\"version\":\"0.1.0\",\"queue_depth\":3,\"health\":{\"printer\":\"ok\",\"camera\":\"degraded\"},\"uptime_s\":12}");
  g_autoptr (Resp) hb_bad = send_json ("POST", "/v1/devices/heartbeat", "/v1/devices/heartbeat", &dev,
                                       "{\"version\":\"0.1.0\",\"queue_depth\":-1,\"health\":{}}");
  g_autoptr (Resp) hb_bad2 = send_json ("POST", "/v1/devices/heartbeat", "/v1/devices/heartbeat", &dev,
                                        "{\"version\":\"0.1.0\",\"queue_depth\":1,\"health\":{\"printer\":5}}");
  const char *batch = "{\"entries\":[{\"seq\":1,\"at\":\"2026-11-30T08:00:00Z\",\"event\":\"application.queued\",\"detail\":{\"n\":1}},"
                      "{\"seq\":2,\"at\":\"2026-11-30T08:00:01Z\",\"event\":\"sync.ok\"}]}";
  g_autoptr (Resp) a1 = send_json ("POST", "/v1/audit", "/v1/audit", &dev, batch);
  g_autoptr (Resp) a2 = send_json ("POST", "/v1/audit", "/v1/audit", &dev, batch);
  g_autoptr (Resp) a3 = send_json ("POST", "/v1/audit", "/v1/audit", &dev, "{\"entries\":[]}");
  g_autoptr (Resp) a4 = send_json ("POST", "/v1/audit", "/v1/audit", &dev,
                                   "{\"entries\":[{\"seq\":0,\"at\":\"2026-11-30T08:00:00Z\",\"event\":\"x\"}]}");

  assert_status (hb, 200);
  g_assert_cmpstr (str_member (hb, "catalog_version"), ==, "test-2026.11.1");
  assert_error (hb_bad, 400, "bad_request");
  assert_error (hb_bad2, 400, "bad_request");
  assert_status (a1, 200);
  g_assert_cmpint (json_object_get_int_member (obj (a1), "accepted"), ==, 2);
  test_heartbeat_fields ();
  g_assert_cmpint (json_object_get_int_member (obj (a1), "last_seq"), ==, 2);
  assert_status (a2, 200);
  g_assert_cmpint (json_object_get_int_member (obj (a2), "accepted"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (a2), "duplicates"), ==, 2);
  assert_error (a3, 400, "bad_request");
  assert_error (a4, 400, "bad_request");

  /* The admin read gives what was kept, once, in order, for the device asked about only; these
   * entries were sent before the chain, so their chain members are null. */
  {
    g_autofree char *mine = g_strconcat ("/admin/audit?device=", dev.id, NULL);
    g_autofree char *theirs = g_strconcat ("/admin/audit?device=", dev_other.id, NULL);
    g_autoptr (Resp) held = get ("/admin/audit", mine, NULL);
    g_autoptr (Resp) none = get ("/admin/audit", theirs, NULL);
    g_autoptr (Resp) all = get ("/admin/audit", "/admin/audit", NULL);
    JsonArray *list;
    JsonObject *first, *second;

    assert_status (held, 200);
    list = json_object_get_array_member (obj (held), "entries");
    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    first = json_array_get_object_element (list, 0);
    second = json_array_get_object_element (list, 1);
    g_assert_cmpint (json_object_get_int_member (first, "seq"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (first, "device_id"), ==, dev.id);
    g_assert_cmpstr (json_object_get_string_member (first, "event"), ==, "application.queued");
    g_assert_cmpstr (json_object_get_string_member (first, "detail"), ==, "{\"n\":1}");
    g_assert_true (json_object_get_null_member (first, "hash"));
    g_assert_true (json_object_get_null_member (first, "actor"));
    g_assert_cmpint (json_object_get_int_member (second, "seq"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (second, "event"), ==, "sync.ok");
    g_assert_true (json_object_get_null_member (second, "detail"));
    assert_status (none, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (none), "entries")), ==, 0);
    assert_status (all, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (all), "entries")), >=, 2);
  }
}

static void
test_limits (void)
{
  g_autofree char *huge = g_malloc (2 * 1024 * 1024 + 1);
  g_autoptr (GString) deep = g_string_new ("{\"a\":");

  memset (huge, ' ', 2 * 1024 * 1024);
  huge[0] = '{';
  huge[2 * 1024 * 1024] = '\0';
  for (int i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr (Resp) nf = get (NULL, "/v1/nope", &dev);
    g_autoptr (Resp) nf2 = get (NULL, "/", NULL);
    g_autoptr (Resp) wrong_method = send_json ("DELETE", NULL, "/v1/catalog", &dev, NULL);
    g_autoptr (Resp) big = send_json ("POST", "/v1/citizens/otp", "/v1/citizens/otp", &dev, huge);
    Req chunked = { .method = "POST", .tmpl = "/v1/citizens/otp", .target = "/v1/citizens/otp", .dev = &dev,
                    .content_type = "application/json", .body = huge, .len = -1, .chunked = TRUE };
    g_autoptr (Resp) big_chunked = do_req (&chunked);
    g_autoptr (Resp) malformed = send_json ("POST", "/v1/citizens/otp", "/v1/citizens/otp", &dev, "{\"mobile\":");
    g_autoptr (Resp) not_object = send_json ("POST", "/v1/uploads", "/v1/uploads", &dev, "[1,2,3]");
    g_autoptr (Resp) too_deep = send_json ("POST", "/v1/audit", "/v1/audit", &dev, deep->str);
    g_autoptr (Resp) empty = send_json ("POST", "/v1/devices/heartbeat", "/v1/devices/heartbeat", &dev, "");
    Req nul = { .method = "POST", .tmpl = "/v1/devices/heartbeat", .target = "/v1/devices/heartbeat", .dev = &dev,
                .content_type = "application/json", .body = "{\"a\":\"\0\"}", .len = 9 };
    g_autoptr (Resp) with_nul = do_req (&nul);
    Req text = { .method = "POST", .tmpl = "/v1/devices/heartbeat", .target = "/v1/devices/heartbeat", .dev = &dev,
                 .content_type = "text/plain", .body = "{}", .len = -1 };
    g_autoptr (Resp) wrong_ct = do_req (&text);
    Req enrol_text = { .method = "POST", .tmpl = "/v1/devices/enrol", .target = "/v1/devices/enrol",
                       .content_type = "application/xml", .body = "<x/>", .len = -1 };
    g_autoptr (Resp) enrol_ct = do_req (&enrol_text);
    g_autoptr (Resp) wrong_types = send_json ("POST", "/v1/devices/enrol", "/v1/devices/enrol", NULL,
                                              "{\"token\":7,\"centre\":[],\"kiosk\":\"3\",\"version\":null}");
    g_autoptr (Resp) admin_bad = send_json ("PUT", "/admin/faults", "/admin/faults", NULL, "{\"rate\":2}");
    g_autoptr (Resp) admin_missing = get ("/admin/applications", "/admin/applications", NULL);
    g_autoptr (Resp) admin_unknown = get ("/admin/applications", "/admin/applications?arn=PB-X-1", NULL);
    g_autoptr (Resp) admin_upload = get ("/admin/uploads/{upload_id}", "/admin/uploads/up_nope", NULL);
    g_autoptr (Resp) revoke_unknown = send_json ("POST", "/admin/devices/{device_id}/revoke", "/admin/devices/dev_nope/revoke", NULL, NULL);
    g_autoptr (Resp) clock_bad = send_json ("POST", "/admin/clock", "/admin/clock", NULL, "{\"advance\":-1}");
    g_autoptr (Resp) tok_bad = send_json ("POST", "/admin/enrolment-tokens", "/admin/enrolment-tokens", NULL, "{\"centre\":\"x\",\"kiosk\":1}");

    assert_error (nf, 404, "not_found");
    assert_error (nf2, 404, "not_found");
    assert_error (wrong_method, 405, "method_not_allowed");
    assert_error (big, 413, "payload_too_large");
    assert_error (big_chunked, 413, "payload_too_large");
    assert_error (malformed, 400, "malformed_json");
    assert_error (not_object, 400, "malformed_json");
    assert_error (too_deep, 400, "malformed_json");
    assert_error (empty, 400, "malformed_json");
    assert_error (with_nul, 400, "malformed_json");
    assert_error (wrong_ct, 415, "unsupported_media_type");
    assert_error (enrol_ct, 415, "unsupported_media_type");
    assert_error (wrong_types, 400, "bad_request");
    assert_error (admin_bad, 400, "bad_request");
    assert_error (admin_missing, 400, "bad_request");
    assert_error (admin_unknown, 404, "not_found");
    assert_error (admin_upload, 404, "not_found");
    assert_error (revoke_unknown, 404, "not_found");
    assert_error (clock_bad, 400, "bad_request");
    assert_error (tok_bad, 400, "bad_request");
  }
}

static void
test_revoke (void)
{
  Device d = { 0 };
  g_autofree char *target = NULL;

  enrol (NULL, "LDH01", 7, &d);
  target = g_strdup_printf ("/admin/devices/%s/revoke", d.id);
  {
    g_autoptr (Resp) before = get ("/v1/catalog", "/v1/catalog", &d);
    g_autoptr (Resp) rv = send_json ("POST", "/admin/devices/{device_id}/revoke", target, NULL, NULL);
    g_autoptr (Resp) after = get ("/v1/catalog", "/v1/catalog", &d);
    g_autoptr (Resp) still = get ("/v1/catalog", "/v1/catalog", &dev);
    Device again = { 0 };
    g_autoptr (Resp) re = NULL;

    assert_status (before, 200);
    assert_status (rv, 200);
    g_assert_true (json_object_get_boolean_member (obj (rv), "revoked"));
    assert_error (after, 401, "device_revoked");
    assert_status (still, 200);
    /* Re-enrolment with a fresh token gives a working device again. */
    enrol (NULL, "LDH01", 7, &again);
    re = get ("/v1/catalog", "/v1/catalog", &again);
    assert_status (re, 200);
    g_free (again.id);
    g_free (again.secret);
  }
  g_free (d.id);
  g_free (d.secret);
}

static void
set_faults (const char *json)
{
  g_autoptr (Resp) r = send_json ("PUT", "/admin/faults", "/admin/faults", NULL, json);
  assert_status (r, 200);
}

static gint64
counts (const char *name)
{
  g_autoptr (Resp) r = get ("/admin/counts", "/admin/counts", NULL);

  assert_status (r, 200);
  return json_object_get_int_member (obj (r), name);
}

static void
test_faults (void)
{
  g_autoptr (GString) run1 = g_string_new (NULL);
  g_autoptr (GString) run2 = g_string_new (NULL);
  g_autoptr (Resp) f = get ("/admin/faults", "/admin/faults", NULL);

  assert_status (f, 200);
  g_assert_cmpfloat (json_object_get_double_member (obj (f), "rate"), ==, 0.0);

  set_faults ("{\"rate\":1,\"kinds\":[\"5xx\"],\"seed\":3}");
  {
    g_autoptr (Resp) r = get ("/v1/catalog", "/v1/catalog", &dev);
    g_assert_true (r->status == 500 || r->status == 502 || r->status == 503);
    g_assert_nonnull (r->json);
  }
  set_faults ("{\"rate\":1,\"kinds\":[\"429\"],\"retry_after\":7}");
  {
    g_autoptr (Resp) r = get ("/v1/catalog", "/v1/catalog", &dev);
    assert_error (r, 429, "rate_limited");
    g_assert_cmpstr (g_hash_table_lookup (r->headers, "retry-after"), ==, "7");
  }
  set_faults ("{\"rate\":1,\"kinds\":[\"latency\"],\"latency_ms\":300}");
  {
    g_autoptr (Resp) r = get ("/v1/catalog", "/v1/catalog", &dev);
    assert_status (r, 200);
    g_assert_cmpfloat (r->seconds, >=, 0.3);
  }
  set_faults ("{\"rate\":1,\"kinds\":[\"slow\"]}");
  {
    g_autoptr (Resp) r = get ("/v1/catalog", "/v1/catalog", &dev);
    assert_status (r, 200);
    /* ~3.6 KB in 16-byte pieces every 20 ms. */
    g_assert_cmpfloat (r->seconds, >=, 1.0);
    g_assert_nonnull (r->json);
  }
  /* commit-504: the application is stored, the kiosk sees 504, the retry returns the ARN. */
  {
    Upload a = { 0 }, b = { 0 };
    g_autofree char *d = NULL;
    g_autofree char *body = NULL;
    g_autoptr (Resp) p1 = NULL;
    g_autoptr (Resp) p2 = NULL;
    gint64 before;

    set_faults ("{\"rate\":0}");
    make_upload (700, 31, &a);
    make_upload (800, 32, &b);
    d = g_strdup_printf ("{\"doc_id\":\"proof_identity\",\"type\":\"PASSPORT\",\"upload_id\":\"%s\"},"
                         "{\"doc_id\":\"proof_income\",\"type\":\"ITR\",\"upload_id\":\"%s\"}", a.id, b.id);
    body = application_json ("pb-rev-income-cert", d, "", "PB-LDH01-03-261130-0200-0");
    before = counts ("applications");
    set_faults ("{\"rate\":1,\"kinds\":[\"commit-504\"]}");
    p1 = put_app ("k_commit_504_00000001", body, &dev);
    assert_error (p1, 504, "gateway_timeout");
    set_faults ("{\"rate\":0}");
    g_assert_cmpint (counts ("applications"), ==, before + 1);
    p2 = put_app ("k_commit_504_00000001", body, &dev);
    assert_status (p2, 200);
    g_assert_cmpint (counts ("applications"), ==, before + 1);

    /* reset: either nothing arrives, or the body is cut; in both cases a curl error. */
    set_faults ("{\"rate\":1,\"kinds\":[\"reset\"],\"seed\":1}");
    for (int i = 0; i < 4; i++)
      {
        Req q = { .method = "GET", .target = "/v1/catalog", .dev = &dev };
        g_autoptr (Resp) r = do_req (&q);
        g_assert_cmpint (r->rc, !=, CURLE_OK);
      }
    upload_clear (&a);
    upload_clear (&b);
  }
  /* Deterministic: the same seed gives the same faults for the same request order. */
  for (int run = 0; run < 2; run++)
    {
      GString *out = run == 0 ? run1 : run2;

      set_faults ("{\"rate\":0.5,\"kinds\":[\"5xx\",\"429\"],\"seed\":12345}");
      for (int i = 0; i < 24; i++)
        {
          g_autoptr (Resp) r = get ("/v1/catalog", "/v1/catalog", &dev);
          g_string_append_printf (out, "%ld ", r->status);
        }
    }
  g_assert_cmpstr (run1->str, ==, run2->str);
  g_assert_nonnull (strstr (run1->str, "200"));
  g_assert_true (strstr (run1->str, "429") != NULL || strstr (run1->str, "50") != NULL);
  set_faults ("{\"rate\":0}");
  g_assert_cmpint (counts ("faults_injected"), >, 0);
}

static char *
run_capture (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
test_https (void)
{
  g_autofree char *ca_dir = g_build_filename (tmpdir, "ca", NULL);
  g_autofree char *other_dir = g_build_filename (tmpdir, "other-ca", NULL);
  g_autofree char *script = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "scripts", "make-dev-ca", NULL);
  g_autofree char *cert = g_build_filename (ca_dir, "server.pem", NULL);
  g_autofree char *key = g_build_filename (ca_dir, "server.key", NULL);
  g_autofree char *ca = g_build_filename (ca_dir, "ca.pem", NULL);
  g_autofree char *other_ca = g_build_filename (other_dir, "ca.pem", NULL);
  g_autofree char *a_cert = g_strconcat ("--tls-cert=", cert, NULL);
  g_autofree char *a_key = g_strconcat ("--tls-key=", key, NULL);
  g_autofree char *a_ca = g_strconcat ("--tls-ca=", ca, NULL);
  g_autofree char *ca_hash_file = g_build_filename (ca_dir, "ca.sha256", NULL);
  g_autofree char *ca_hash = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *token = NULL;
  Sim tls = { 0 };
  Device d = { 0 };

  {
    const char *const a1[] = { script, ca_dir, NULL };
    const char *const a2[] = { script, other_dir, NULL };
    g_autofree char *o1 = run_capture (a1);
    g_autofree char *o2 = run_capture (a2);
  }
  g_assert_true (g_file_get_contents (ca_hash_file, &ca_hash, NULL, NULL));
  g_strstrip (ca_hash);
  {
    const char *const extra[] = { "--tls-port=0", a_cert, a_key, a_ca, NULL };
    sim_start (&tls, extra);
  }
  g_assert_cmpuint (tls.https_port, >, 0);
  g_assert_cmpuint (tls.http_port, ==, 0);

  cainfo = ca;
  token = mint_token (tls.base, "JAL03", 2, &qr);
  {
    /* The provisioning QR pins the CA: its ca_sha256 is the SHA-256 of the CA's DER. */
    g_auto (GStrv) parts = g_strsplit (qr, ":", -1);
    g_autoptr (GString) b64 = g_string_new (parts[1]);
    g_autofree guchar *json = NULL;
    gsize n = 0;
    g_autoptr (JsonNode) prov = NULL;

    g_strdelimit (b64->str, "-", '+');
    g_strdelimit (b64->str, "_", '/');
    while (b64->len % 4 != 0)
      g_string_append_c (b64, '=');
    json = g_base64_decode (b64->str, &n);
    prov = json_from_string ((const char *) json, NULL);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (prov), "ca_sha256"), ==, ca_hash);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (prov), "portal"), "https://127.0.0.1:"));
  }
  enrol (tls.base, "JAL03", 2, &d);
  {
    Req q = { .method = "GET", .tmpl = "/v1/catalog", .target = "/v1/catalog", .dev = &d, .base = tls.base };
    g_autoptr (Resp) r = do_req (&q);
    assert_status (r, 200);
  }
  /* A client pinning another CA refuses the server. */
  cainfo = other_ca;
  {
    Req q = { .method = "GET", .target = "/v1/catalog", .dev = &d, .base = tls.base };
    g_autoptr (Resp) r = do_req (&q);
    g_assert_cmpint (r->rc, ==, CURLE_PEER_FAILED_VERIFICATION);
  }
  cainfo = NULL;
  sim_stop (&tls);
  g_free (d.id);
  g_free (d.secret);
  g_free (token);
  token = NULL;
}

static void
test_responses_match_openapi (void)
{
  g_autofree char *script = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "scripts", "validate-openapi", NULL);
  g_autofree char *spec = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "docs", "portal-api.yaml", NULL);
  const char *const argv[] = { "/usr/bin/python3", script, spec, "--responses", responses_path, "--require-all-operations", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!g_file_test ("/usr/share/openapi-specification/schemas/v3.0/schema.json", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("openapi-specification (Debian) is not installed: run scripts/install-deps");
      return;
    }
  fflush (responses);
  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("responses do not match docs/portal-api.yaml:\n%s%s", out, err);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  tmpdir = g_dir_make_tmp ("portal-sim-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  responses_path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL ? g_getenv ("G_TEST_BUILDDIR") : tmpdir,
                                     "portal-sim-responses.jsonl", NULL);
  responses = fopen (responses_path, "w");
  g_assert_nonnull (responses);
  sim_start (&sim, NULL);

  /* Order matters: later tests use the devices and data the earlier ones made. */
  g_test_add_func ("/portal-sim/signature-example", test_signature_example);
  g_test_add_func ("/portal-sim/enrol", test_enrol);
  g_test_add_func ("/portal-sim/auth", test_auth);
  g_test_add_func ("/portal-sim/catalog", test_catalog);
  g_test_add_func ("/portal-sim/otp", test_otp);
  g_test_add_func ("/portal-sim/uploads", test_uploads);
  g_test_add_func ("/portal-sim/applications", test_applications);
  g_test_add_func ("/portal-sim/instant-and-vault", test_instant_and_vault);
  g_test_add_func ("/portal-sim/instant-prescrutiny", test_instant_prescrutiny);
  g_test_add_func ("/portal-sim/identity-record", test_identity_record);
  g_test_add_func ("/portal-sim/profile", test_profile);
  g_test_add_func ("/portal-sim/heartbeat-audit", test_heartbeat_audit);
  g_test_add_func ("/portal-sim/payments", test_payments);
  g_test_add_func ("/portal-sim/upi-bank-credit", test_upi_bank_credit);
  g_test_add_func ("/portal-sim/limits", test_limits);
  g_test_add_func ("/portal-sim/revoke", test_revoke);
  g_test_add_func ("/portal-sim/faults", test_faults);
  g_test_add_func ("/portal-sim/https", test_https);
  g_test_add_func ("/portal-sim/responses-match-openapi", test_responses_match_openapi);
  ret = g_test_run ();

  sim_stop (&sim);
  fclose (responses);
  g_free (dev.id);
  g_free (dev.secret);
  g_free (dev_other.id);
  g_free (dev_other.secret);
  {
    g_autofree char *rm_argv0 = g_strdup ("rm");
    char *rm_argv[] = { rm_argv0, (char *) "-rf", tmpdir, NULL };
    g_spawn_sync (NULL, rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  g_free (responses_path);
  curl_global_cleanup ();
  return ret;
}
