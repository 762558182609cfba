#define G_LOG_DOMAIN "portal-sim"

#include "sim-portal.h"
#include "sim-auth.h"
#include "sim-util.h"

#include "sewa-audit-chain.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define OTP_TTL 300
#define OTP_MAX_ATTEMPTS 5
#define CITIZEN_TOKEN_TTL 86400
#define ENROL_TOKEN_TTL 3600

struct _SewaSimPortal {
  GMutex lock;                  /* serialises every handler: one SQLite connection */
  sqlite3 *db;
  SewaSimCatalog *catalog;
  SewaSimFaults *faults;
  SewaSimNonceCache *nonces;
  gboolean admin;
  gint64 status_step;
  gint64 clock_offset;
  gint64 date_skew;             /* immutable after creation: read without the lock */
  char *public_url;
  char *ca_sha256;
  guint http_port;
  guint https_port;
  /* counters for /admin/counts */
  gint64 requests, puts, replays, conflicts, heartbeats;
  gint64 payment_posts;
};

static const char schema_sql[] =
  "PRAGMA journal_mode=WAL;"
  "PRAGMA synchronous=NORMAL;"
  "CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, centre TEXT, kiosk INTEGER, expires INTEGER, used INTEGER DEFAULT 0,"
  "  enrol_key TEXT, device_id TEXT);"
  "CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, secret TEXT, centre TEXT, kiosk INTEGER, version TEXT,"
  "  revoked INTEGER DEFAULT 0, enrolled_at INTEGER, last_heartbeat INTEGER, queue_depth INTEGER, health TEXT,"
  "  heartbeat TEXT);"
  "CREATE TABLE IF NOT EXISTS otps (id TEXT PRIMARY KEY, mobile TEXT, code TEXT, created INTEGER, attempts INTEGER DEFAULT 0,"
  "  verified INTEGER DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS otps_mobile ON otps (mobile, created);"
  "CREATE TABLE IF NOT EXISTS citizens (id TEXT PRIMARY KEY, mobile TEXT UNIQUE);"
  "CREATE TABLE IF NOT EXISTS citizen_tokens (token TEXT PRIMARY KEY, citizen_id TEXT, expires INTEGER);"
  "CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, device_id TEXT, size INTEGER, sha256 TEXT, content_type TEXT,"
  "  offset INTEGER DEFAULT 0, complete INTEGER DEFAULT 0, bytes_received INTEGER DEFAULT 0, patches INTEGER DEFAULT 0,"
  "  resets INTEGER DEFAULT 0, created INTEGER, app_arn TEXT);"
  "CREATE TABLE IF NOT EXISTS upload_chunks (upload_id TEXT, offset INTEGER, data BLOB, PRIMARY KEY (upload_id, offset));"
  "CREATE TABLE IF NOT EXISTS vault (id TEXT PRIMARY KEY, citizen_id TEXT, upload_id TEXT, type TEXT, content_type TEXT,"
  "  size INTEGER, sha256 TEXT, added_at INTEGER, arn TEXT);"
  "CREATE INDEX IF NOT EXISTS vault_citizen ON vault (citizen_id);"
  "CREATE TABLE IF NOT EXISTS applications (arn TEXT PRIMARY KEY, seq INTEGER UNIQUE, key TEXT UNIQUE, device_id TEXT,"
  "  service_id TEXT, body TEXT, body_sha256 TEXT, provisional_reference TEXT, received_at INTEGER, due_date TEXT,"
  "  instant INTEGER, decision TEXT, reason TEXT, decided_at INTEGER, put_count INTEGER DEFAULT 1, citizen_id TEXT,"
  "  identity_method TEXT, vault_consent TEXT, instant_outcome TEXT, instant_note TEXT);"
  "CREATE INDEX IF NOT EXISTS applications_ref ON applications (provisional_reference);"
  "CREATE TABLE IF NOT EXISTS audit (device_id TEXT, seq INTEGER, at INTEGER, event TEXT, detail TEXT,"
  "  PRIMARY KEY (device_id, seq));"
  "CREATE TABLE IF NOT EXISTS audit_links (device_id TEXT, seq INTEGER, actor TEXT, text TEXT,"
  "  prev_hash TEXT, hash TEXT, PRIMARY KEY (device_id, seq));"
  "CREATE TABLE IF NOT EXISTS corrections (key TEXT PRIMARY KEY, corrects_key TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS payments (payment_id TEXT PRIMARY KEY, seq INTEGER UNIQUE, app_key TEXT UNIQUE,"
  "  arn TEXT, device_id TEXT, mode TEXT, amount_paise INTEGER, body TEXT, body_sha256 TEXT, paid_at INTEGER,"
  "  recorded_at INTEGER, post_count INTEGER DEFAULT 1);"
  /* Which payments came from the bank (POST /admin/applications/{arn}/upi-payment) rather than
   * from a kiosk: only those show as the status's "fee". A table of its own, not a column of
   * payments, so a --db file from before keeps working; request_sha256 is the hash of the body
   * as posted, which a replay must repeat (the stored body has paid_at filled in). */
  "CREATE TABLE IF NOT EXISTS bank_credits (payment_id TEXT PRIMARY KEY, transaction_ref TEXT,"
  "  request_sha256 TEXT);";

/* ---- responses ------------------------------------------------------------------------ */

SewaSimResponse *
sewa_sim_response_new (guint status)
{
  SewaSimResponse *r = g_new0 (SewaSimResponse, 1);

  r->status = status;
  r->body = g_bytes_new_static ("", 0);
  r->headers = g_ptr_array_new_with_free_func (g_free);
  return r;
}

void
sewa_sim_response_free (SewaSimResponse *resp)
{
  if (resp == NULL)
    return;
  g_free (resp->content_type);
  g_bytes_unref (resp->body);
  g_ptr_array_unref (resp->headers);
  g_free (resp);
}

void
sewa_sim_response_add_header (SewaSimResponse *resp, const char *name, const char *value)
{
  g_ptr_array_add (resp->headers, g_strdup (name));
  g_ptr_array_add (resp->headers, g_strdup (value));
}

SewaSimResponse *
sewa_sim_response_new_error (SewaSimErrorCode code, const char *message, JsonObject *extra)
{
  SewaSimResponse *r = sewa_sim_response_new (sewa_sim_error_http_status (code));

  g_bytes_unref (r->body);
  r->body = sewa_sim_error_body (sewa_sim_error_code_name (code), message, extra);
  r->content_type = g_strdup ("application/json");
  if (code == SEWA_SIM_ERROR_AUTH_MISSING || code == SEWA_SIM_ERROR_AUTH_BAD_SIGNATURE || code == SEWA_SIM_ERROR_AUTH_STALE
      || code == SEWA_SIM_ERROR_AUTH_REPLAY || code == SEWA_SIM_ERROR_DEVICE_UNKNOWN || code == SEWA_SIM_ERROR_DEVICE_REVOKED)
    sewa_sim_response_add_header (r, "WWW-Authenticate", "Sewa-HMAC");
  return r;
}

static SewaSimResponse *
from_gerror (const GError *error)
{
  if (error->domain != SEWA_SIM_ERROR)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_INTERNAL, error->message, NULL);
  return sewa_sim_response_new_error ((SewaSimErrorCode) error->code, error->message, NULL);
}

static SewaSimResponse *
json_response (guint status, JsonObject *obj)
{
  SewaSimResponse *r = sewa_sim_response_new (status);
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_set_object (node, obj);
  text = sewa_sim_json_to_string (node);
  g_bytes_unref (r->body);
  r->body = g_bytes_new_take (text, strlen (text));
  r->content_type = g_strdup ("application/json");
  return r;
}

/* ---- sqlite helpers ------------------------------------------------------------------- */

static sqlite3_stmt *
prep (SewaSimPortal *p, const char *sql)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (p->db, sql, -1, &st, NULL) != SQLITE_OK)
    g_error ("portal-sim: bad SQL %s: %s", sql, sqlite3_errmsg (p->db));
  return st;
}

static void
bind_text (sqlite3_stmt *st, int i, const char *v)
{
  if (v == NULL)
    sqlite3_bind_null (st, i);
  else
    sqlite3_bind_text (st, i, v, -1, SQLITE_TRANSIENT);
}

static void
exec_sql (SewaSimPortal *p, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (p->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_warning ("portal-sim: %s: %s", sql, msg);
      sqlite3_free (msg);
    }
}

static gint64
count_sql (SewaSimPortal *p, const char *sql)
{
  g_autoptr (sqlite3_stmt) st = prep (p, sql);

  return sqlite3_step (st) == SQLITE_ROW ? sqlite3_column_int64 (st, 0) : 0;
}

static char *
col_text (sqlite3_stmt *st, int i)
{
  const unsigned char *t = sqlite3_column_text (st, i);

  return t != NULL ? g_strdup ((const char *) t) : NULL;
}

/* ---- time ----------------------------------------------------------------------------- */

static gint64
wall_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Simulated time: wall time plus what /admin/clock added. Status progress and OTP expiry use
 * it (a test moves the clock past an OTP's life instead of waiting five minutes). */
static gint64
sim_now (SewaSimPortal *p)
{
  return wall_now () + p->clock_offset;
}

/* ---- construction --------------------------------------------------------------------- */

/* The SHA-256 of the DER of the certificate a kiosk must pin: the CA, never the leaf (a pinned
 * leaf would strand every kiosk at the server's next certificate renewal). With --tls-ca it is
 * the first certificate of that file. Without it, it comes from the served chain: its last
 * certificate when that one is a CA, or the leaf itself when the leaf is self-signed (then it
 * is its own CA). Any other chain is refused: the provisioning QR would pin the wrong thing. */
static char *
pin_sha256 (const char *pem_path, gboolean from_chain, GError **error)
{
  g_autofree char *pem = NULL;
  gsize len = 0;
  gnutls_x509_crt_t crts[16];
  unsigned int n = G_N_ELEMENTS (crts);
  gnutls_x509_crt_t pin = NULL;
  gnutls_datum_t in, der = { NULL, 0 };
  char *hex = NULL;

  if (!g_file_get_contents (pem_path, &pem, &len, error))
    return NULL;
  in.data = (unsigned char *) pem;
  in.size = (unsigned int) len;
  if (gnutls_x509_crt_list_import (crts, &n, &in, GNUTLS_X509_FMT_PEM, 0) < 0 || n == 0)
    {
      g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_INTERNAL, "%s is not a PEM certificate", pem_path);
      return NULL;
    }
  if (!from_chain)
    pin = crts[0];
  else if (n > 1 && gnutls_x509_crt_get_ca_status (crts[n - 1], NULL) > 0)
    pin = crts[n - 1];
  else if (n == 1 && gnutls_x509_crt_check_issuer (crts[0], crts[0]) != 0)
    pin = crts[0];
  if (pin == NULL)
    g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_INTERNAL,
                 "%s holds no CA certificate for the provisioning QR to pin (a leaf that is not "
                 "self-signed, and no CA after it): append the CA to the chain or give --tls-ca",
                 pem_path);
  else if (gnutls_x509_crt_export2 (pin, GNUTLS_X509_FMT_DER, &der) >= 0)
    {
      hex = sewa_sim_sha256_hex (der.data, der.size);
      gnutls_free (der.data);
    }
  else
    g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_INTERNAL, "cannot export %s", pem_path);
  for (unsigned int i = 0; i < n; i++)
    gnutls_x509_crt_deinit (crts[i]);
  return hex;
}

SewaSimPortal *
sewa_sim_portal_new (const SewaSimPortalOptions *opts, SewaSimCatalog *catalog, SewaSimFaults *faults, GError **error)
{
  g_autoptr (SewaSimPortal) p = g_new0 (SewaSimPortal, 1);

  g_mutex_init (&p->lock);
  p->catalog = catalog;
  p->faults = faults;
  p->nonces = sewa_sim_nonce_cache_new ();
  p->admin = opts->admin;
  p->status_step = opts->status_step > 0 ? opts->status_step : 3600;
  p->public_url = g_strdup (opts->public_url);
  p->date_skew = opts->date_skew;
  if (opts->tls_ca_path != NULL || opts->tls_cert_path != NULL)
    {
      p->ca_sha256 = opts->tls_ca_path != NULL ? pin_sha256 (opts->tls_ca_path, FALSE, error)
                                               : pin_sha256 (opts->tls_cert_path, TRUE, error);
      if (p->ca_sha256 == NULL)
        return NULL;
    }
  if (sqlite3_open_v2 (opts->db_path != NULL ? opts->db_path : ":memory:", &p->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_INTERNAL, "cannot open %s: %s", opts->db_path,
                   p->db != NULL ? sqlite3_errmsg (p->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (p->db, 5000);
  if (sqlite3_exec (p->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_INTERNAL, "schema: %s", sqlite3_errmsg (p->db));
      return NULL;
    }
  return g_steal_pointer (&p);
}

void
sewa_sim_portal_free (SewaSimPortal *portal)
{
  if (portal == NULL)
    return;
  if (portal->db != NULL)
    sqlite3_close (portal->db);
  sewa_sim_nonce_cache_free (portal->nonces);
  g_free (portal->public_url);
  g_free (portal->ca_sha256);
  g_mutex_clear (&portal->lock);
  g_free (portal);
}

void
sewa_sim_portal_set_ports (SewaSimPortal *portal, guint http_port, guint https_port)
{
  portal->http_port = http_port;
  portal->https_port = https_port;
}

SewaSimFaults *
sewa_sim_portal_get_faults (SewaSimPortal *portal)
{
  return portal->faults;
}

gboolean
sewa_sim_portal_admin_enabled (SewaSimPortal *portal)
{
  return portal->admin;
}

gint64
sewa_sim_portal_get_date_skew (SewaSimPortal *portal)
{
  return portal->date_skew;
}

void
sewa_sim_portal_count_request (SewaSimPortal *portal)
{
  g_mutex_lock (&portal->lock);
  portal->requests++;
  g_mutex_unlock (&portal->lock);
}

char *
sewa_sim_provisioning_payload (const char *json)
{
  guint8 digest[32];
  gsize dlen = sizeof digest;
  g_autoptr (GChecksum) ck = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *b64 = sewa_sim_base64url (json, strlen (json));

  g_checksum_update (ck, (const guchar *) json, (gssize) strlen (json));
  g_checksum_get_digest (ck, digest, &dlen);
  return g_strdup_printf ("SEWAPROV1:%s:%02x%02x%02x%02x", b64, digest[0], digest[1], digest[2], digest[3]);
}

/* ---- auth ----------------------------------------------------------------------------- */

typedef struct {
  char *id;
  char *centre;
} Device;

static void
device_clear (Device *d)
{
  g_clear_pointer (&d->id, g_free);
  g_clear_pointer (&d->centre, g_free);
}

static SewaSimResponse *
authenticate (SewaSimPortal *p, const SewaSimRequest *req, Device *out)
{
  SewaSimAuthHeaders h;
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *expected = NULL;
  SewaSimResponse *fail = NULL;
  gsize body_len = 0;
  const void *body = g_bytes_get_data (req->body, &body_len);
  gint64 now = wall_now ();
  gboolean revoked;

  if (!sewa_sim_decode_auth_headers (req, &h, &error))
    return from_gerror (error);
  st = prep (p, "SELECT secret, revoked, centre FROM devices WHERE id = ?");
  bind_text (st, 1, h.device);
  if (sqlite3_step (st) != SQLITE_ROW)
    {
      fail = sewa_sim_response_new_error (SEWA_SIM_ERROR_DEVICE_UNKNOWN, "unknown device", NULL);
      goto out;
    }
  secret = col_text (st, 0);
  revoked = sqlite3_column_int (st, 1) != 0;
  if (revoked)
    {
      fail = sewa_sim_response_new_error (SEWA_SIM_ERROR_DEVICE_REVOKED, "device revoked: re-enrol", NULL);
      goto out;
    }
  if (h.timestamp < now - SEWA_SIM_AUTH_WINDOW || h.timestamp > now + SEWA_SIM_AUTH_WINDOW)
    {
      g_autoptr (JsonObject) extra = json_object_new ();

      json_object_set_int_member (extra, "server_time", now);
      fail = sewa_sim_response_new_error (SEWA_SIM_ERROR_AUTH_STALE, "timestamp outside the 300 s window", extra);
      goto out;
    }
  sts = sewa_sim_auth_string_to_sign (req->method, req->target, h.timestamp_text, h.nonce, body, body_len);
  expected = sewa_sim_auth_sign (secret, sts);
  if (!sewa_sim_auth_signature_equal (expected, h.signature))
    {
      fail = sewa_sim_response_new_error (SEWA_SIM_ERROR_AUTH_BAD_SIGNATURE, "signature does not match", NULL);
      goto out;
    }
  if (!sewa_sim_nonce_cache_check_and_add (p->nonces, h.device, h.nonce, now))
    {
      fail = sewa_sim_response_new_error (SEWA_SIM_ERROR_AUTH_REPLAY, "nonce already used", NULL);
      goto out;
    }
  out->id = g_strdup (h.device);
  out->centre = col_text (st, 2);
out:
  sewa_sim_auth_headers_clear (&h);
  return fail;
}

/* ---- handlers ------------------------------------------------------------------------- */

static SewaSimResponse *
handle_enrol (SewaSimPortal *p, const SewaSimRequest *req)
{
  SewaSimEnrol e;
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (sqlite3_stmt) ins = NULL;
  g_autoptr (JsonObject) obj = json_object_new ();
  g_autoptr (JsonObject) signing = json_object_new ();
  g_autofree char *device_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *centre = NULL;
  gboolean ok, replay = FALSE;
  SewaSimResponse *r;

  if (!sewa_sim_decode_enrol (req, &e, &error))
    {
      sewa_sim_enrol_clear (&e);
      return from_gerror (error);
    }
  st = prep (p, "SELECT centre, kiosk, expires, used, enrol_key, device_id FROM tokens WHERE token = ?");
  bind_text (st, 1, e.token);
  ok = sqlite3_step (st) == SQLITE_ROW;
  if (ok)
    {
      g_autofree char *used_key = col_text (st, 4);

      centre = col_text (st, 0);
      ok = g_strcmp0 (centre, e.centre) == 0 && sqlite3_column_int64 (st, 1) == e.kiosk
           && sqlite3_column_int64 (st, 2) >= wall_now ();
      /* A used token is accepted again only from the kiosk that used it (same enrolment key):
       * its first answer was lost, and it gets the same device back (docs/portal-api.md §2). */
      if (ok && sqlite3_column_int (st, 3) != 0)
        {
          replay = e.enrol_key != NULL && used_key != NULL && g_str_equal (e.enrol_key, used_key);
          if (replay)
            device_id = col_text (st, 5);
          ok = replay && device_id != NULL;
        }
    }
  if (!ok)
    {
      sewa_sim_enrol_clear (&e);
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_ENROL_TOKEN_INVALID,
                                          "enrolment token unknown, used, expired or for another kiosk", NULL);
    }
  g_clear_pointer (&st, sqlite3_finalize);
  if (replay)
    {
      st = prep (p, "SELECT secret FROM devices WHERE id = ?");
      bind_text (st, 1, device_id);
      if (sqlite3_step (st) == SQLITE_ROW)
        secret = col_text (st, 0);
      g_clear_pointer (&st, sqlite3_finalize);
      if (secret == NULL)
        {
          sewa_sim_enrol_clear (&e);
          return sewa_sim_response_new_error (SEWA_SIM_ERROR_ENROL_TOKEN_INVALID,
                                              "enrolment token unknown, used, expired or for another kiosk", NULL);
        }
    }
  else
    {
      device_id = sewa_sim_random_hex_id ("dev_", 8);
      secret = sewa_sim_random_token ();
      st = prep (p, "UPDATE tokens SET used = 1, enrol_key = ?, device_id = ? WHERE token = ?");
      bind_text (st, 1, e.enrol_key);
      bind_text (st, 2, device_id);
      bind_text (st, 3, e.token);
      sqlite3_step (st);
      ins = prep (p, "INSERT INTO devices (id, secret, centre, kiosk, version, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)");
      bind_text (ins, 1, device_id);
      bind_text (ins, 2, secret);
      bind_text (ins, 3, e.centre);
      sqlite3_bind_int64 (ins, 4, e.kiosk);
      bind_text (ins, 5, e.version);
      sqlite3_bind_int64 (ins, 6, wall_now ());
      sqlite3_step (ins);
      g_message ("enrolled device %s for centre %s kiosk %" G_GINT64_FORMAT, device_id, e.centre, e.kiosk);
    }

  json_object_set_string_member (obj, "device_id", device_id);
  json_object_set_string_member (obj, "secret", secret);
  json_object_set_string_member (obj, "centre", e.centre);
  json_object_set_int_member (obj, "kiosk", e.kiosk);
  json_object_set_int_member (obj, "server_time", wall_now ());
  json_object_set_string_member (signing, "algorithm", "HMAC-SHA256");
  json_object_set_int_member (signing, "window_seconds", SEWA_SIM_AUTH_WINDOW);
  json_object_set_object_member (obj, "signing", json_object_ref (signing));
  sewa_sim_enrol_clear (&e);
  r = json_response (replay ? 200 : 201, obj);
  return r;
}

static SewaSimResponse *
handle_catalog (SewaSimPortal *p, const SewaSimRequest *req)
{
  const char *inm = sewa_sim_request_header (req, "if-none-match");
  SewaSimResponse *r;

  if (inm != NULL && (strstr (inm, p->catalog->etag) != NULL || strcmp (inm, "*") == 0))
    {
      r = sewa_sim_response_new (304);
      sewa_sim_response_add_header (r, "ETag", p->catalog->etag);
      return r;
    }
  r = sewa_sim_response_new (200);
  g_bytes_unref (r->body);
  r->body = g_bytes_ref (p->catalog->bytes);
  r->content_type = g_strdup ("application/json");
  sewa_sim_response_add_header (r, "ETag", p->catalog->etag);
  sewa_sim_response_add_header (r, "X-Sewa-Catalog-Version", p->catalog->version);
  return r;
}

static SewaSimResponse *
handle_otp_request (SewaSimPortal *p, const SewaSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *mobile = NULL;
  g_autofree char *otp_id = NULL;
  g_autofree char *code = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonObject) obj = json_object_new ();

  if (!sewa_sim_decode_otp_request (req, &mobile, &error))
    return from_gerror (error);
  otp_id = sewa_sim_random_hex_id ("otp_", 8);
  code = g_strdup_printf ("%06u", randombytes_uniform (1000000));
  st = prep (p, "INSERT INTO otps (id, mobile, code, created) VALUES (?, ?, ?, ?)");
  bind_text (st, 1, otp_id);
  bind_text (st, 2, mobile);
  bind_text (st, 3, code);
  sqlite3_bind_int64 (st, 4, sim_now (p));
  sqlite3_step (st);
  /* The "SMS gateway" of the simulator is its log; the number is masked as everywhere else. */
  g_message ("OTP for ******%s: %s", mobile + 6, code);
  json_object_set_string_member (obj, "otp_id", otp_id);
  json_object_set_int_member (obj, "expires_in", OTP_TTL);
  json_object_set_int_member (obj, "length", 6);
  return json_response (202, obj);
}

static char *
citizen_for_token (SewaSimPortal *p, const char *token)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT citizen_id FROM citizen_tokens WHERE token = ? AND expires >= ?");

  bind_text (st, 1, token);
  sqlite3_bind_int64 (st, 2, wall_now ());
  return sqlite3_step (st) == SQLITE_ROW ? col_text (st, 0) : NULL;
}

static SewaSimResponse *
handle_otp_verify (SewaSimPortal *p, const SewaSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *otp_id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *mobile = NULL;
  g_autofree char *want = NULL;
  g_autofree char *citizen = NULL;
  g_autofree char *token = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonObject) obj = json_object_new ();
  gint64 created, attempts;
  gboolean verified;

  if (!sewa_sim_decode_otp_verify (req, &otp_id, &code, &error))
    return from_gerror (error);
  st = prep (p, "SELECT mobile, code, created, attempts, verified FROM otps WHERE id = ?");
  bind_text (st, 1, otp_id);
  if (sqlite3_step (st) != SQLITE_ROW)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such OTP", NULL);
  mobile = col_text (st, 0);
  want = col_text (st, 1);
  created = sqlite3_column_int64 (st, 2);
  attempts = sqlite3_column_int64 (st, 3);
  verified = sqlite3_column_int (st, 4) != 0;
  g_clear_pointer (&st, sqlite3_finalize);
  if (verified || attempts >= OTP_MAX_ATTEMPTS || created + OTP_TTL < sim_now (p))
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_OTP_EXPIRED, "OTP expired, used or tried too often: request a new one", NULL);
  if (strcmp (want, code) != 0)
    {
      g_autoptr (JsonObject) extra = json_object_new ();

      st = prep (p, "UPDATE otps SET attempts = attempts + 1 WHERE id = ?");
      bind_text (st, 1, otp_id);
      sqlite3_step (st);
      json_object_set_int_member (extra, "attempts_left", OTP_MAX_ATTEMPTS - attempts - 1);
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_OTP_INVALID, "wrong OTP", extra);
    }
  st = prep (p, "UPDATE otps SET verified = 1 WHERE id = ?");
  bind_text (st, 1, otp_id);
  sqlite3_step (st);
  g_clear_pointer (&st, sqlite3_finalize);

  st = prep (p, "SELECT id FROM citizens WHERE mobile = ?");
  bind_text (st, 1, mobile);
  if (sqlite3_step (st) == SQLITE_ROW)
    citizen = col_text (st, 0);
  g_clear_pointer (&st, sqlite3_finalize);
  if (citizen == NULL)
    {
      citizen = sewa_sim_random_hex_id ("cit_", 8);
      st = prep (p, "INSERT INTO citizens (id, mobile) VALUES (?, ?)");
      bind_text (st, 1, citizen);
      bind_text (st, 2, mobile);
      sqlite3_step (st);
      g_clear_pointer (&st, sqlite3_finalize);
    }
  token = sewa_sim_random_token ();
  st = prep (p, "INSERT INTO citizen_tokens (token, citizen_id, expires) VALUES (?, ?, ?)");
  bind_text (st, 1, token);
  bind_text (st, 2, citizen);
  sqlite3_bind_int64 (st, 3, wall_now () + CITIZEN_TOKEN_TTL);
  sqlite3_step (st);

  json_object_set_string_member (obj, "verified_mobile_token", token);
  json_object_set_string_member (obj, "citizen_id", citizen);
  json_object_set_int_member (obj, "expires_in", CITIZEN_TOKEN_TTL);
  json_object_set_string_member (obj, "mobile_last4", mobile + 6);
  return json_response (200, obj);
}

/* The citizen a request's X-Sewa-Citizen-Token names; NULL with @refusal set (400 without the
 * header, 422 citizen_token_invalid for an unknown or expired token). */
static char *
request_citizen (SewaSimPortal *p, const SewaSimRequest *req, SewaSimResponse **refusal)
{
  const char *token = sewa_sim_request_header (req, "x-sewa-citizen-token");
  char *citizen;

  if (token == NULL)
    {
      *refusal = sewa_sim_response_new_error (SEWA_SIM_ERROR_BAD_REQUEST, "X-Sewa-Citizen-Token header missing", NULL);
      return NULL;
    }
  citizen = citizen_for_token (p, token);
  if (citizen == NULL)
    *refusal = sewa_sim_response_new_error (SEWA_SIM_ERROR_CITIZEN_TOKEN_INVALID, "citizen token unknown or expired", NULL);
  return citizen;
}

static SewaSimResponse *
handle_vault (SewaSimPortal *p, const SewaSimRequest *req)
{
  SewaSimResponse *refusal = NULL;
  g_autofree char *citizen = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonObject) obj = json_object_new ();
  JsonArray *docs = json_array_new ();

  json_object_set_array_member (obj, "documents", docs);
  citizen = request_citizen (p, req, &refusal);
  if (citizen == NULL)
    return refusal;
  json_object_set_string_member (obj, "citizen_id", citizen);
  st = prep (p, "SELECT id, type, content_type, size, sha256, added_at, arn FROM vault WHERE citizen_id = ? ORDER BY added_at, id");
  bind_text (st, 1, citizen);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      JsonObject *d = json_object_new ();
      g_autofree char *added = sewa_sim_rfc3339 (sqlite3_column_int64 (st, 5));

      json_object_set_string_member (d, "vault_id", (const char *) sqlite3_column_text (st, 0));
      json_object_set_string_member (d, "type", (const char *) sqlite3_column_text (st, 1));
      json_object_set_string_member (d, "content_type", (const char *) sqlite3_column_text (st, 2));
      json_object_set_int_member (d, "size", sqlite3_column_int64 (st, 3));
      json_object_set_string_member (d, "sha256", (const char *) sqlite3_column_text (st, 4));
      json_object_set_string_member (d, "added_at", added);
      json_object_set_string_member (d, "arn", (const char *) sqlite3_column_text (st, 6));
      json_array_add_object_element (docs, d);
    }
  return json_response (200, obj);
}

/* The details a citizen gave with earlier applications, by the catalog's prefill key, each from
 * the newest application that had it (docs/portal-api.md §4). The form is opaque to the
 * transport; portal-sim reads the members its own catalog tags with these keys in every service
 * (catalog "prefill"), and turns the form's DD-MM-YYYY date into the API's YYYY-MM-DD. */
static const struct
{
  const char *key;
  const char *form_member;
} profile_members[] = {
  { "name", "applicant_name" },         { "father_name", "applicant_father" },
  { "dob", "applicant_dob" },           { "address.house", "house" },
  { "address.street", "street" },       { "address.vtc", "village_town" },
  { "address.district", "district" },   { "address.pincode", "pincode" },
};

/* "DD-MM-YYYY" → "YYYY-MM-DD", or NULL. */
static char *
profile_date (const char *dmy)
{
  if (dmy == NULL || strlen (dmy) != 10 || dmy[2] != '-' || dmy[5] != '-')
    return NULL;
  return g_strdup_printf ("%.4s-%.2s-%.2s", dmy + 6, dmy + 3, dmy);
}

static SewaSimResponse *
handle_profile (SewaSimPortal *p, const SewaSimRequest *req)
{
  SewaSimResponse *refusal = NULL;
  g_autofree char *citizen = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonObject) obj = json_object_new ();
  JsonObject *fields = json_object_new ();

  json_object_set_object_member (obj, "fields", fields);
  citizen = request_citizen (p, req, &refusal);
  if (citizen == NULL)
    return refusal;
  json_object_set_string_member (obj, "citizen_id", citizen);
  st = prep (p, "SELECT arn, received_at, body FROM applications WHERE citizen_id = ? ORDER BY received_at DESC, seq DESC");
  bind_text (st, 1, citizen);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *arn = (const char *) sqlite3_column_text (st, 0);
      g_autofree char *date = sewa_sim_ist_date_plus (sqlite3_column_int64 (st, 1), 0);
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *body, *form;

      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (st, 2), -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      body = json_node_get_object (json_parser_get_root (parser));
      if (!json_object_has_member (body, "form") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "form")))
        continue;
      form = json_object_get_object_member (body, "form");
      for (gsize i = 0; i < G_N_ELEMENTS (profile_members); i++)
        {
          JsonNode *n = json_object_get_member (form, profile_members[i].form_member);
          g_autofree char *value = NULL;
          JsonObject *f;

          if (json_object_has_member (fields, profile_members[i].key) || n == NULL || !JSON_NODE_HOLDS_VALUE (n)
              || json_node_get_value_type (n) != G_TYPE_STRING || *json_node_get_string (n) == '\0')
            continue;
          value = g_str_equal (profile_members[i].key, "dob") ? profile_date (json_node_get_string (n))
                                                               : g_strdup (json_node_get_string (n));
          if (value == NULL)
            continue;
          f = json_object_new ();
          json_object_set_string_member (f, "value", value);
          json_object_set_string_member (f, "arn", arn);
          json_object_set_string_member (f, "date", date);
          json_object_set_object_member (fields, profile_members[i].key, f);
        }
    }
  return json_response (200, obj);
}

static JsonObject *
upload_json (sqlite3_stmt *st)
{
  JsonObject *o = json_object_new ();

  /* Columns: id, size, sha256, content_type, offset, complete. */
  json_object_set_string_member (o, "upload_id", (const char *) sqlite3_column_text (st, 0));
  json_object_set_int_member (o, "offset", sqlite3_column_int64 (st, 4));
  json_object_set_int_member (o, "size", sqlite3_column_int64 (st, 1));
  json_object_set_boolean_member (o, "complete", sqlite3_column_int (st, 5) != 0);
  json_object_set_string_member (o, "sha256", (const char *) sqlite3_column_text (st, 2));
  json_object_set_string_member (o, "content_type", (const char *) sqlite3_column_text (st, 3));
  json_object_set_int_member (o, "max_chunk", SEWA_SIM_MAX_CHUNK);
  return o;
}

static SewaSimResponse *
handle_upload_create (SewaSimPortal *p, const SewaSimRequest *req, const Device *dev)
{
  SewaSimUploadCreate u;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonObject) obj = NULL;

  if (!sewa_sim_decode_upload_create (req, &u, &error))
    {
      sewa_sim_upload_create_clear (&u);
      return from_gerror (error);
    }
  id = sewa_sim_random_hex_id ("up_", 8);
  st = prep (p, "INSERT INTO uploads (id, device_id, size, sha256, content_type, created) VALUES (?, ?, ?, ?, ?, ?)");
  bind_text (st, 1, id);
  bind_text (st, 2, dev->id);
  sqlite3_bind_int64 (st, 3, u.size);
  bind_text (st, 4, u.sha256);
  bind_text (st, 5, u.content_type);
  sqlite3_bind_int64 (st, 6, wall_now ());
  sqlite3_step (st);
  g_clear_pointer (&st, sqlite3_finalize);
  sewa_sim_upload_create_clear (&u);

  st = prep (p, "SELECT id, size, sha256, content_type, offset, complete FROM uploads WHERE id = ?");
  bind_text (st, 1, id);
  sqlite3_step (st);
  obj = upload_json (st);
  return json_response (201, obj);
}

static void
set_upload_headers (SewaSimResponse *r, gint64 offset, gint64 size, gboolean complete)
{
  g_autofree char *o = g_strdup_printf ("%" G_GINT64_FORMAT, offset);
  g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, size);

  sewa_sim_response_add_header (r, "Upload-Offset", o);
  sewa_sim_response_add_header (r, "Upload-Length", s);
  sewa_sim_response_add_header (r, "Upload-Complete", complete ? "?1" : "?0");
}

static gboolean
chunks_hash_matches (SewaSimPortal *p, const char *id, const char *want)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT data FROM upload_chunks WHERE upload_id = ? ORDER BY offset");
  g_autoptr (GChecksum) ck = g_checksum_new (G_CHECKSUM_SHA256);

  bind_text (st, 1, id);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_checksum_update (ck, sqlite3_column_blob (st, 0), sqlite3_column_bytes (st, 0));
  return strcmp (g_checksum_get_string (ck), want) == 0;
}

static SewaSimResponse *
handle_upload (SewaSimPortal *p, const SewaSimRequest *req, const Device *dev, const char *id)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT id, size, sha256, content_type, offset, complete FROM uploads WHERE id = ? AND device_id = ?");
  g_autoptr (GError) error = NULL;
  g_autofree char *sha = NULL;
  gint64 size, offset, want_offset = 0, new_offset;
  gboolean complete;
  gsize len = 0;
  const guint8 *data;
  SewaSimResponse *r;

  bind_text (st, 1, id);
  bind_text (st, 2, dev->id);
  if (sqlite3_step (st) != SQLITE_ROW)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such upload", NULL);
  size = sqlite3_column_int64 (st, 1);
  sha = col_text (st, 2);
  offset = sqlite3_column_int64 (st, 4);
  complete = sqlite3_column_int (st, 5) != 0;

  if (strcmp (req->method, "GET") == 0)
    {
      g_autoptr (JsonObject) obj = upload_json (st);
      r = json_response (200, obj);
      set_upload_headers (r, offset, size, complete);
      return r;
    }
  if (strcmp (req->method, "HEAD") == 0)
    {
      r = sewa_sim_response_new (200);
      set_upload_headers (r, offset, size, complete);
      return r;
    }
  g_clear_pointer (&st, sqlite3_finalize);

  /* PATCH */
  if (!sewa_sim_decode_upload_patch (req, &want_offset, &error))
    return from_gerror (error);
  data = g_bytes_get_data (req->body, &len);
  st = prep (p, "UPDATE uploads SET bytes_received = bytes_received + ?, patches = patches + 1 WHERE id = ?");
  sqlite3_bind_int64 (st, 1, (gint64) len);
  bind_text (st, 2, id);
  sqlite3_step (st);
  g_clear_pointer (&st, sqlite3_finalize);

  if (complete || want_offset != offset)
    {
      g_autoptr (JsonObject) extra = json_object_new ();
      g_autofree char *o = g_strdup_printf ("%" G_GINT64_FORMAT, offset);

      json_object_set_int_member (extra, "offset", offset);
      r = sewa_sim_response_new_error (SEWA_SIM_ERROR_UPLOAD_OFFSET_MISMATCH,
                                       complete ? "upload already complete" : "Upload-Offset is not the current offset", extra);
      sewa_sim_response_add_header (r, "Upload-Offset", o);
      return r;
    }
  if (offset + (gint64) len > size)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_UPLOAD_OVERFLOW, "chunk goes past the declared size", NULL);

  st = prep (p, "INSERT OR REPLACE INTO upload_chunks (upload_id, offset, data) VALUES (?, ?, ?)");
  bind_text (st, 1, id);
  sqlite3_bind_int64 (st, 2, offset);
  sqlite3_bind_blob (st, 3, data, (int) len, SQLITE_TRANSIENT);
  sqlite3_step (st);
  g_clear_pointer (&st, sqlite3_finalize);
  new_offset = offset + (gint64) len;
  complete = FALSE;
  if (new_offset == size)
    {
      if (!chunks_hash_matches (p, id, sha))
        {
          st = prep (p, "DELETE FROM upload_chunks WHERE upload_id = ?");
          bind_text (st, 1, id);
          sqlite3_step (st);
          g_clear_pointer (&st, sqlite3_finalize);
          st = prep (p, "UPDATE uploads SET offset = 0, resets = resets + 1 WHERE id = ?");
          bind_text (st, 1, id);
          sqlite3_step (st);
          return sewa_sim_response_new_error (SEWA_SIM_ERROR_UPLOAD_HASH_MISMATCH,
                                              "SHA-256 of the uploaded bytes differs; upload reset to offset 0", NULL);
        }
      complete = TRUE;
    }
  st = prep (p, "UPDATE uploads SET offset = ?, complete = ? WHERE id = ?");
  sqlite3_bind_int64 (st, 1, new_offset);
  sqlite3_bind_int (st, 2, complete);
  bind_text (st, 3, id);
  sqlite3_step (st);
  r = sewa_sim_response_new (204);
  set_upload_headers (r, new_offset, size, complete);
  return r;
}

typedef struct {
  JsonArray *history;
  const char *status;
  gint64 updated;
} StatusTrail;

static void
trail_add (StatusTrail *t, const char *status, gint64 at, const char *reason)
{
  JsonObject *h = json_object_new ();
  g_autofree char *at_s = sewa_sim_rfc3339 (at);

  json_object_set_string_member (h, "status", status);
  json_object_set_string_member (h, "at", at_s);
  if (reason != NULL)
    json_object_set_string_member (h, "reason", reason);
  json_array_add_object_element (t->history, h);
  t->status = status;
  t->updated = at;
}

/* Status of an application at simulated time @now; the row is
 * arn, service_id, received_at, due_date, instant, decision, reason, decided_at, provisional_reference.
 * The history is derived, not stored: received at t0, under scrutiny one step later (unless
 * decided at once), the decision at decided_at, delivered one step after an approval. */
static JsonObject *
status_json (SewaSimPortal *p, sqlite3_stmt *st, gint64 now)
{
  JsonObject *o = json_object_new ();
  StatusTrail t = { json_array_new (), "received", 0 };
  gint64 t0 = sqlite3_column_int64 (st, 2);
  gboolean instant = sqlite3_column_int (st, 4) != 0;
  const char *decision = (const char *) sqlite3_column_text (st, 5);
  const char *reason = (const char *) sqlite3_column_text (st, 6);
  gint64 decided = sqlite3_column_int64 (st, 7);
  g_autofree char *received_s = sewa_sim_rfc3339 (t0);
  g_autofree char *updated_s = NULL;

  trail_add (&t, "received", t0, NULL);
  if (!instant && t0 + p->status_step <= now && t0 + p->status_step <= decided)
    trail_add (&t, "under_scrutiny", t0 + p->status_step, NULL);
  if (decision != NULL && decided <= now)
    {
      gboolean approved = strcmp (decision, "approved") == 0;

      trail_add (&t, approved ? "approved" : "rejected", decided, approved ? NULL : reason);
      if (approved && decided + p->status_step <= now)
        trail_add (&t, "delivered", decided + p->status_step, NULL);
    }

  updated_s = sewa_sim_rfc3339 (t.updated);
  json_object_set_string_member (o, "arn", (const char *) sqlite3_column_text (st, 0));
  json_object_set_string_member (o, "service_id", (const char *) sqlite3_column_text (st, 1));
  json_object_set_string_member (o, "status", t.status);
  if (strcmp (t.status, "rejected") == 0 && reason != NULL)
    json_object_set_string_member (o, "reason", reason);
  else
    json_object_set_null_member (o, "reason");
  json_object_set_string_member (o, "received_at", received_s);
  json_object_set_string_member (o, "updated_at", updated_s);
  json_object_set_string_member (o, "due_date", (const char *) sqlite3_column_text (st, 3));
  json_object_set_string_member (o, "provisional_reference", (const char *) sqlite3_column_text (st, 8));
  json_object_set_array_member (o, "history", t.history);
  /* The instant decision made at PUT, for services the catalog marks instant: "approved" with a
   * delivery note, or "needs_scrutiny" with the reason it went to an officer instead. */
  if (sqlite3_column_type (st, 9) != SQLITE_NULL)
    {
      JsonObject *d = json_object_new ();
      const char *outcome = (const char *) sqlite3_column_text (st, 9);

      json_object_set_string_member (d, "outcome", outcome);
      json_object_set_string_member (d, strcmp (outcome, "approved") == 0 ? "delivery_note" : "reason",
                                     (const char *) sqlite3_column_text (st, 10));
      json_object_set_object_member (o, "instant_decision", d);
    }
  return o;
}

/* The status's optional "fee" (docs/portal-api.md §7): present only once the bank's credit of
 * the citizen's UPI payment has reached the portal. A counter payment the kiosk recorded (§6a)
 * is not shown: the kiosk knows it already. */
static void
add_bank_fee (SewaSimPortal *p, JsonObject *status)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT y.amount_paise, b.transaction_ref, y.paid_at FROM bank_credits b"
                                         " JOIN payments y ON y.payment_id = b.payment_id WHERE y.arn = ?");
  g_autofree char *paid_at = NULL;
  JsonObject *fee;

  bind_text (st, 1, json_object_get_string_member (status, "arn"));
  if (sqlite3_step (st) != SQLITE_ROW)
    return;
  paid_at = sewa_sim_rfc3339 (sqlite3_column_int64 (st, 2));
  fee = json_object_new ();
  json_object_set_string_member (fee, "state", "paid_upi");
  json_object_set_int_member (fee, "amount_paise", sqlite3_column_int64 (st, 0));
  json_object_set_string_member (fee, "transaction_ref", (const char *) sqlite3_column_text (st, 1));
  json_object_set_string_member (fee, "paid_at", paid_at);
  json_object_set_object_member (status, "fee", fee);
}

#define STATUS_COLUMNS "arn, service_id, received_at, due_date, instant, decision, reason, decided_at, provisional_reference," \
  " instant_outcome, instant_note"

static SewaSimResponse *
status_response_for (SewaSimPortal *p, const char *where, const char *value, guint http_status)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " STATUS_COLUMNS " FROM applications WHERE %s = ?", where);
  g_autoptr (sqlite3_stmt) st = prep (p, sql);
  g_autoptr (JsonObject) obj = NULL;

  bind_text (st, 1, value);
  if (sqlite3_step (st) != SQLITE_ROW)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such application", NULL);
  obj = status_json (p, st, sim_now (p));
  add_bank_fee (p, obj);
  return json_response (http_status, obj);
}

static void
add_problem (JsonArray *problems, const char *doc_id, const char *type, const char *reason)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "doc_id", doc_id);
  if (type != NULL)
    json_object_set_string_member (o, "type", type);
  json_object_set_string_member (o, "reason", reason);
  json_array_add_object_element (problems, o);
}

static SewaSimResponse *
handle_application (SewaSimPortal *p, const SewaSimRequest *req, const Device *dev, const char *key)
{
  SewaSimApplication a;
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonArray) problems = json_array_new ();
  g_autofree char *citizen = NULL;
  g_autofree char *arn = NULL;
  g_autofree char *due = NULL;
  g_autofree char *year = NULL;
  g_autofree char *location = NULL;
  const SewaSimService *svc;
  const char *decision = "approved";
  const char *reason = NULL;
  const char *instant_outcome = NULL;
  const char *instant_note = NULL;
  gboolean instant;
  gint64 now = sim_now (p), seq, decided_at;
  SewaSimResponse *r = NULL;

  if (!sewa_sim_is_idempotency_key (key))
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_BAD_REQUEST, "idempotency key must be 16-64 chars of [A-Za-z0-9_-]", NULL);
  if (!sewa_sim_decode_application (req, &a, &error))
    {
      sewa_sim_application_clear (&a);
      return from_gerror (error);
    }
  p->puts++;

  st = prep (p, "SELECT arn, body_sha256 FROM applications WHERE key = ?");
  bind_text (st, 1, key);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      g_autofree char *old_arn = col_text (st, 0);
      gboolean same = g_strcmp0 ((const char *) sqlite3_column_text (st, 1), a.body_sha256) == 0;

      g_clear_pointer (&st, sqlite3_finalize);
      if (!same)
        {
          g_autoptr (JsonObject) extra = json_object_new ();

          p->conflicts++;
          json_object_set_string_member (extra, "arn", old_arn);
          sewa_sim_application_clear (&a);
          return sewa_sim_response_new_error (SEWA_SIM_ERROR_IDEMPOTENCY_CONFLICT,
                                              "this idempotency key was used with a different body", extra);
        }
      p->replays++;
      st = prep (p, "UPDATE applications SET put_count = put_count + 1 WHERE key = ?");
      bind_text (st, 1, key);
      sqlite3_step (st);
      r = status_response_for (p, "arn", old_arn, 200);
      sewa_sim_response_add_header (r, "X-Sewa-Idempotent-Replay", "true");
      sewa_sim_application_clear (&a);
      return r;
    }
  g_clear_pointer (&st, sqlite3_finalize);

  svc = sewa_sim_catalog_service (p->catalog, a.service_id);
  if (svc == NULL)
    {
      sewa_sim_application_clear (&a);
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_UNKNOWN_SERVICE, "service_id is not in the catalog", NULL);
    }
  if (a.citizen_token != NULL)
    {
      citizen = citizen_for_token (p, a.citizen_token);
      if (citizen == NULL)
        {
          sewa_sim_application_clear (&a);
          return sewa_sim_response_new_error (SEWA_SIM_ERROR_CITIZEN_TOKEN_INVALID, "verified_mobile_token unknown or expired", NULL);
        }
    }

  for (guint i = 0; i < a.documents->len; i++)
    {
      SewaSimDocRef *ref = g_ptr_array_index (a.documents, i);
      const SewaSimCatalogDoc *cd = sewa_sim_service_document (svc, ref->doc_id);

      if (cd == NULL)
        {
          add_problem (problems, ref->doc_id, ref->type, "unknown_document");
          continue;
        }
      if (!g_strv_contains ((const char *const *) cd->any_of, ref->type))
        {
          add_problem (problems, ref->doc_id, ref->type, "type_not_allowed");
          continue;
        }
      if ((ref->upload_id == NULL) == (ref->vault_id == NULL))
        {
          add_problem (problems, ref->doc_id, ref->type, "ref_invalid");
          continue;
        }
      if (ref->upload_id != NULL)
        {
          st = prep (p, "SELECT complete, app_arn FROM uploads WHERE id = ? AND device_id = ?");
          bind_text (st, 1, ref->upload_id);
          bind_text (st, 2, dev->id);
          if (sqlite3_step (st) != SQLITE_ROW)
            add_problem (problems, ref->doc_id, ref->type, "upload_missing");
          else if (sqlite3_column_int (st, 0) == 0)
            add_problem (problems, ref->doc_id, ref->type, "upload_incomplete");
          else if (sqlite3_column_type (st, 1) != SQLITE_NULL)
            add_problem (problems, ref->doc_id, ref->type, "upload_in_use");
          g_clear_pointer (&st, sqlite3_finalize);
        }
      else
        {
          st = prep (p, "SELECT 1 FROM vault WHERE id = ? AND citizen_id = ?");
          bind_text (st, 1, ref->vault_id);
          bind_text (st, 2, citizen);
          /* Another citizen's document (or one without a token at all) is not in this vault. */
          if (citizen == NULL || sqlite3_step (st) != SQLITE_ROW)
            add_problem (problems, ref->doc_id, ref->type, "vault_missing");
          else if (g_strcmp0 (a.vault_consent, "given") != 0)
            add_problem (problems, ref->doc_id, ref->type, "consent_missing");
          g_clear_pointer (&st, sqlite3_finalize);
        }
    }
  for (guint i = 0; i < svc->documents->len; i++)
    {
      const SewaSimCatalogDoc *cd = g_ptr_array_index (svc->documents, i);
      gboolean found = FALSE;

      if (!cd->required)
        continue;
      for (guint j = 0; j < a.documents->len && !found; j++)
        found = strcmp (((SewaSimDocRef *) g_ptr_array_index (a.documents, j))->doc_id, cd->id) == 0;
      if (!found)
        add_problem (problems, cd->id, NULL, "required_missing");
    }
  if (json_array_get_length (problems) > 0)
    {
      g_autoptr (JsonObject) extra = json_object_new ();
      g_autofree char *msg = g_strdup_printf ("%u document problem(s)", json_array_get_length (problems));

      json_object_set_array_member (extra, "problems", json_array_ref (problems));
      sewa_sim_application_clear (&a);
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_DOCUMENTS_INVALID, msg, extra);
    }

  /* Rules: the portal side of pre-scrutiny. Uploads are PDF/JPEG/PNG by construction. */
  /* The identity record: an application made without one (older kiosks) counts as "none". A
   * service that needs a verified mobile takes only an OTP whose token is valid now; an Aadhaar
   * QR, even with a verified signature, does not prove the mobile number. */
  if (svc->requires_verified_mobile && citizen == NULL)
    {
      decision = "rejected";
      if (a.identity_method != NULL && g_str_has_prefix (a.identity_method, "aadhaar-qr"))
        reason = "MOBILE_UNVERIFIED: this service needs an OTP-verified mobile number; an Aadhaar QR does not verify it";
      else
        reason = "MOBILE_UNVERIFIED: this service needs an OTP-verified mobile number";
    }
  /* An instant service is decided now only when the kiosk's pre-scrutiny found nothing for an
   * officer to look at and the citizen's identity was verified at this visit (an OTP, or an
   * Aadhaar Secure QR whose signature the kiosk checked); the portal trusts the identity method
   * it can see, not the report's own claim. Anything else goes to scrutiny as usual. */
  if (svc->instant_decision && reason == NULL)
    {
      gboolean verified = g_strcmp0 (a.identity_method, "otp") == 0
                          || g_strcmp0 (a.identity_method, "aadhaar-qr-verified") == 0;

      if (!a.has_prescrutiny)
        instant_note = "NO_PRESCRUTINY: the kiosk sent no pre-scrutiny report; an officer will check the application";
      else if (!a.prescrutiny_complete)
        instant_note = "INCOMPLETE: a required detail or document is missing or of the wrong kind; an officer will check it";
      else if (!a.prescrutiny_eligible)
        instant_note = "NOT_ELIGIBLE: an eligibility rule of the service does not hold; an officer will decide";
      else if (!a.prescrutiny_documents_ok)
        instant_note = "DOCUMENT_FLAGGED: a document could not be read or did not match; an officer will check it";
      else if (!verified)
        instant_note = "IDENTITY_UNVERIFIED: the citizen's identity was not verified by OTP or a signed Aadhaar QR";
      if (instant_note == NULL)
        {
          instant_outcome = "approved";
          instant_note = "ISSUED: approved at once; the certificate is sent to the citizen's DigiLocker and can be printed at any Sewa Kendra";
        }
      else
        instant_outcome = "needs_scrutiny";
    }
  instant = svc->instant_decision && (reason != NULL || g_strcmp0 (instant_outcome, "approved") == 0);
  decided_at = instant ? now : now + 2 * p->status_step;

  /* A correction links to an application this centre sent before (the kiosk offers "Correct"
   * only for one already sent), never to itself. */
  if (a.corrects != NULL)
    {
      g_autoptr (sqlite3_stmt) orig = prep (p, "SELECT d.centre FROM applications a LEFT JOIN devices d "
                                               "ON d.id = a.device_id WHERE a.key = ?");

      bind_text (orig, 1, a.corrects);
      if (g_str_equal (a.corrects, key) || sqlite3_step (orig) != SQLITE_ROW ||
          g_strcmp0 ((const char *) sqlite3_column_text (orig, 0), dev->centre) != 0)
        {
          sewa_sim_application_clear (&a);
          return sewa_sim_response_new_error (SEWA_SIM_ERROR_CORRECTION_UNKNOWN,
                                              "corrects names no application of this centre", NULL);
        }
    }

  exec_sql (p, "BEGIN IMMEDIATE");
  if (a.corrects != NULL)
    {
      g_autoptr (sqlite3_stmt) link = prep (p, "INSERT OR IGNORE INTO corrections (key, corrects_key) VALUES (?, ?)");

      bind_text (link, 1, key);
      bind_text (link, 2, a.corrects);
      sqlite3_step (link);
    }
  seq = count_sql (p, "SELECT COALESCE(MAX(seq), 0) + 1 FROM applications");
  {
    g_autoptr (GTimeZone) ist = g_time_zone_new_offset (5 * 3600 + 30 * 60);
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (now);
    g_autoptr (GDateTime) local = dt != NULL ? g_date_time_to_timezone (dt, ist) : NULL;

    year = local != NULL ? g_date_time_format (local, "%Y") : g_strdup ("2026");
  }
  arn = g_strdup_printf ("PB-%s-%s-%07" G_GINT64_FORMAT, svc->dept_code, year, seq % 10000000);
  due = sewa_sim_ist_date_plus (now, svc->time_limit_days);
  st = prep (p, "INSERT INTO applications (arn, seq, key, device_id, service_id, body, body_sha256, provisional_reference,"
                " received_at, due_date, instant, decision, reason, decided_at, citizen_id, identity_method, vault_consent,"
                " instant_outcome, instant_note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_text (st, 1, arn);
  sqlite3_bind_int64 (st, 2, seq);
  bind_text (st, 3, key);
  bind_text (st, 4, dev->id);
  bind_text (st, 5, a.service_id);
  bind_text (st, 6, a.canonical);
  bind_text (st, 7, a.body_sha256);
  bind_text (st, 8, a.provisional_reference);
  sqlite3_bind_int64 (st, 9, now);
  bind_text (st, 10, due);
  sqlite3_bind_int (st, 11, instant);
  bind_text (st, 12, decision);
  bind_text (st, 13, reason);
  sqlite3_bind_int64 (st, 14, decided_at);
  bind_text (st, 15, citizen);
  bind_text (st, 16, a.identity_method != NULL ? a.identity_method : "none");
  bind_text (st, 17, a.vault_consent);
  bind_text (st, 18, instant_outcome);
  bind_text (st, 19, instant_note);
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      g_warning ("insert application: %s", sqlite3_errmsg (p->db));
      exec_sql (p, "ROLLBACK");
      sewa_sim_application_clear (&a);
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_INTERNAL, "could not store the application", NULL);
    }
  g_clear_pointer (&st, sqlite3_finalize);
  for (guint i = 0; i < a.documents->len; i++)
    {
      SewaSimDocRef *ref = g_ptr_array_index (a.documents, i);

      if (ref->upload_id == NULL)
        continue;
      st = prep (p, "UPDATE uploads SET app_arn = ? WHERE id = ?");
      bind_text (st, 1, arn);
      bind_text (st, 2, ref->upload_id);
      sqlite3_step (st);
      g_clear_pointer (&st, sqlite3_finalize);
      if (citizen != NULL)
        {
          g_autofree char *vid = sewa_sim_random_hex_id ("vd_", 8);

          st = prep (p, "INSERT INTO vault (id, citizen_id, upload_id, type, content_type, size, sha256, added_at, arn)"
                        " SELECT ?, ?, id, ?, content_type, size, sha256, ?, ? FROM uploads WHERE id = ?");
          bind_text (st, 1, vid);
          bind_text (st, 2, citizen);
          bind_text (st, 3, ref->type);
          sqlite3_bind_int64 (st, 4, wall_now ());
          bind_text (st, 5, arn);
          bind_text (st, 6, ref->upload_id);
          sqlite3_step (st);
          g_clear_pointer (&st, sqlite3_finalize);
        }
    }
  exec_sql (p, "COMMIT");
  g_message ("application %s stored (service %s)", arn, a.service_id);
  sewa_sim_application_clear (&a);

  r = status_response_for (p, "arn", arn, 201);
  location = g_strdup_printf ("/v1/status/%s", arn);
  sewa_sim_response_add_header (r, "Location", location);
  return r;
}

static SewaSimResponse *
handle_status (SewaSimPortal *p, const Device *dev, const char *arn)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT a.device_id, d.centre FROM applications a LEFT JOIN devices d ON d.id = a.device_id"
                                         " WHERE a.arn = ?");

  bind_text (st, 1, arn);
  if (sqlite3_step (st) != SQLITE_ROW
      || (g_strcmp0 ((const char *) sqlite3_column_text (st, 0), dev->id) != 0
          && g_strcmp0 ((const char *) sqlite3_column_text (st, 1), dev->centre) != 0))
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such application", NULL);
  return status_response_for (p, "arn", arn, 200);
}

static SewaSimResponse *
handle_heartbeat (SewaSimPortal *p, const SewaSimRequest *req, const Device *dev)
{
  SewaSimHeartbeat h;
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonObject) obj = json_object_new ();

  if (!sewa_sim_decode_heartbeat (req, &h, &error))
    {
      sewa_sim_heartbeat_clear (&h);
      return from_gerror (error);
    }
  st = prep (p, "UPDATE devices SET last_heartbeat = ?, queue_depth = ?, health = ?, version = ?, heartbeat = ?"
                " WHERE id = ?");
  sqlite3_bind_int64 (st, 1, wall_now ());
  sqlite3_bind_int64 (st, 2, h.queue_depth);
  bind_text (st, 3, h.health_json);
  bind_text (st, 4, h.version);
  bind_text (st, 5, h.canonical);
  bind_text (st, 6, dev->id);
  sqlite3_step (st);
  p->heartbeats++;
  sewa_sim_heartbeat_clear (&h);
  json_object_set_int_member (obj, "server_time", wall_now ());
  json_object_set_string_member (obj, "catalog_version", p->catalog->version);
  json_object_set_string_member (obj, "catalog_etag", p->catalog->etag);
  return json_response (200, obj);
}

/* Checks one chained entry against what this device sent before: a seq already held must be the
 * same entry (a retried batch); a new one must come next, link to the last one held and match
 * its own hash. Returns the reason it is refused (NULL: take it), *out_duplicate when held. */
static char *
audit_chain_check (SewaSimPortal *p, const Device *dev, const SewaSimAuditEntry *e,
                   gboolean *out_duplicate)
{
  g_autoptr (sqlite3_stmt) held = prep (p, "SELECT hash FROM audit_links WHERE device_id = ? AND seq = ?");
  g_autoptr (sqlite3_stmt) last = prep (p, "SELECT seq, hash FROM audit_links WHERE device_id = ? "
                                           "ORDER BY seq DESC LIMIT 1");
  g_autofree char *computed = NULL;
  gint64 last_seq = 0;
  const char *last_hash = NULL;

  *out_duplicate = FALSE;
  bind_text (held, 1, dev->id);
  sqlite3_bind_int64 (held, 2, e->seq);
  if (sqlite3_step (held) == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *) sqlite3_column_text (held, 0), e->hash) != 0)
        return g_strdup_printf ("audit entry %" G_GINT64_FORMAT " differs from the one received "
                                "before (changed on the kiosk)", e->seq);
      *out_duplicate = TRUE;
      return NULL;
    }
  bind_text (last, 1, dev->id);
  if (sqlite3_step (last) == SQLITE_ROW)
    {
      last_seq = sqlite3_column_int64 (last, 0);
      last_hash = (const char *) sqlite3_column_text (last, 1);
    }
  if (e->seq != last_seq + 1)
    return g_strdup_printf ("audit entry %" G_GINT64_FORMAT " came before entry %" G_GINT64_FORMAT
                            ": entries are sent in order, without gaps", e->seq, last_seq + 1);
  /* The first entry's prev_hash is the kiosk's genesis: taken as given. */
  if (last_hash != NULL && g_strcmp0 (last_hash, e->prev_hash) != 0)
    return g_strdup_printf ("audit entry %" G_GINT64_FORMAT " does not link to entry %" G_GINT64_FORMAT
                            " (edited, deleted, inserted or reordered on the kiosk)", e->seq, last_seq);
  computed = sewa_audit_hash (e->prev_hash, e->at, e->actor, e->event, e->text);
  if (g_strcmp0 (computed, e->hash) != 0)
    return g_strdup_printf ("audit entry %" G_GINT64_FORMAT " does not match its hash (edited)", e->seq);
  return NULL;
}

static SewaSimResponse *
handle_audit (SewaSimPortal *p, const SewaSimRequest *req, const Device *dev)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = sewa_sim_decode_audit (req, &error);
  g_autoptr (JsonObject) obj = json_object_new ();
  gint64 accepted = 0, last = 0;

  if (entries == NULL)
    return from_gerror (error);
  exec_sql (p, "BEGIN");
  for (guint i = 0; i < entries->len; i++)
    {
      SewaSimAuditEntry *e = g_ptr_array_index (entries, i);
      g_autoptr (sqlite3_stmt) st = NULL;

      if (e->hash != NULL)
        {
          gboolean duplicate = FALSE;
          g_autofree char *why = audit_chain_check (p, dev, e, &duplicate);
          g_autoptr (sqlite3_stmt) link = NULL;

          if (why != NULL)
            {
              /* Nothing of a batch with a broken link is kept. */
              exec_sql (p, "ROLLBACK");
              return sewa_sim_response_new_error (SEWA_SIM_ERROR_AUDIT_CHAIN_BROKEN, why, NULL);
            }
          last = MAX (last, e->seq);
          if (duplicate)
            continue;
          link = prep (p, "INSERT INTO audit_links (device_id, seq, actor, text, prev_hash, hash) "
                          "VALUES (?, ?, ?, ?, ?, ?)");
          bind_text (link, 1, dev->id);
          sqlite3_bind_int64 (link, 2, e->seq);
          bind_text (link, 3, e->actor);
          bind_text (link, 4, e->text);
          bind_text (link, 5, e->prev_hash);
          bind_text (link, 6, e->hash);
          sqlite3_step (link);
        }
      st = prep (p, "INSERT OR IGNORE INTO audit (device_id, seq, at, event, detail) VALUES (?, ?, ?, ?, ?)");
      bind_text (st, 1, dev->id);
      sqlite3_bind_int64 (st, 2, e->seq);
      sqlite3_bind_int64 (st, 3, e->at);
      bind_text (st, 4, e->event);
      bind_text (st, 5, e->detail_json != NULL ? e->detail_json : e->text);
      sqlite3_step (st);
      accepted += sqlite3_changes (p->db);
      last = MAX (last, e->seq);
    }
  exec_sql (p, "COMMIT");
  json_object_set_int_member (obj, "accepted", accepted);
  json_object_set_int_member (obj, "duplicates", (gint64) entries->len - accepted);
  json_object_set_int_member (obj, "last_seq", last);
  return json_response (200, obj);
}

/* ---- admin ---------------------------------------------------------------------------- */

static SewaSimResponse *
admin_counts (SewaSimPortal *p)
{
  g_autoptr (JsonObject) o = json_object_new ();

  json_object_set_int_member (o, "applications", count_sql (p, "SELECT COUNT(*) FROM applications"));
  json_object_set_int_member (o, "puts", p->puts);
  json_object_set_int_member (o, "replays", p->replays);
  json_object_set_int_member (o, "conflicts", p->conflicts);
  json_object_set_int_member (o, "uploads", count_sql (p, "SELECT COUNT(*) FROM uploads"));
  json_object_set_int_member (o, "upload_bytes_received", count_sql (p, "SELECT COALESCE(SUM(bytes_received), 0) FROM uploads"));
  json_object_set_int_member (o, "devices", count_sql (p, "SELECT COUNT(*) FROM devices"));
  json_object_set_int_member (o, "vault_documents", count_sql (p, "SELECT COUNT(*) FROM vault"));
  json_object_set_int_member (o, "audit_entries", count_sql (p, "SELECT COUNT(*) FROM audit"));
  json_object_set_int_member (o, "heartbeats", p->heartbeats);
  json_object_set_int_member (o, "requests", p->requests);
  json_object_set_int_member (o, "faults_injected", (gint64) sewa_sim_faults_injected (p->faults));
  return json_response (200, o);
}

static SewaSimResponse *
admin_application (SewaSimPortal *p, const SewaSimRequest *req)
{
  const char *key = g_hash_table_lookup (req->query, "key");
  const char *arn = g_hash_table_lookup (req->query, "arn");
  const char *reference = g_hash_table_lookup (req->query, "reference");
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (sqlite3_stmt) st2 = NULL;
  g_autoptr (JsonObject) o = json_object_new ();
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonObject) status = NULL;
  const char *body;

  if (key == NULL && arn == NULL && reference == NULL)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_BAD_REQUEST, "give ?key=, ?arn= or ?reference=", NULL);
  st = prep (p, key != NULL ? "SELECT key, arn, body_sha256, put_count, device_id, body, identity_method, citizen_id FROM applications WHERE key = ?"
                : arn != NULL ? "SELECT key, arn, body_sha256, put_count, device_id, body, identity_method, citizen_id FROM applications WHERE arn = ?"
                              : "SELECT key, arn, body_sha256, put_count, device_id, body, identity_method, citizen_id FROM applications WHERE provisional_reference = ?");
  bind_text (st, 1, key != NULL ? key : arn != NULL ? arn : reference);
  if (sqlite3_step (st) != SQLITE_ROW)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such application", NULL);
  st2 = prep (p, "SELECT " STATUS_COLUMNS " FROM applications WHERE arn = ?");
  bind_text (st2, 1, (const char *) sqlite3_column_text (st, 1));
  sqlite3_step (st2);
  status = status_json (p, st2, sim_now (p));
  json_object_set_string_member (o, "key", (const char *) sqlite3_column_text (st, 0));
  json_object_set_string_member (o, "arn", (const char *) sqlite3_column_text (st, 1));
  json_object_set_string_member (o, "body_sha256", (const char *) sqlite3_column_text (st, 2));
  json_object_set_int_member (o, "put_count", sqlite3_column_int64 (st, 3));
  json_object_set_string_member (o, "status", json_object_get_string_member (status, "status"));
  json_object_set_string_member (o, "device_id", (const char *) sqlite3_column_text (st, 4));
  {
    g_autoptr (JsonObject) identity = json_object_new ();

    json_object_set_string_member (identity, "method", (const char *) sqlite3_column_text (st, 6));
    json_object_set_boolean_member (identity, "citizen_verified", sqlite3_column_type (st, 7) != SQLITE_NULL);
    json_object_set_object_member (o, "identity", g_steal_pointer (&identity));
  }
  {
    g_autoptr (sqlite3_stmt) link = prep (p, "SELECT c.corrects_key, a.arn FROM corrections c LEFT JOIN "
                                             "applications a ON a.key = c.corrects_key WHERE c.key = ?");

    bind_text (link, 1, (const char *) sqlite3_column_text (st, 0));
    if (sqlite3_step (link) == SQLITE_ROW)
      {
        g_autoptr (JsonObject) corrects = json_object_new ();

        json_object_set_string_member (corrects, "key", (const char *) sqlite3_column_text (link, 0));
        json_object_set_string_member (corrects, "arn", (const char *) sqlite3_column_text (link, 1));
        json_object_set_object_member (o, "corrects", g_steal_pointer (&corrects));
      }
  }
  body = (const char *) sqlite3_column_text (st, 5);
  if (body != NULL && json_parser_load_from_data (parser, body, -1, NULL))
    json_object_set_member (o, "body", json_node_copy (json_parser_get_root (parser)));
  return json_response (200, o);
}

static SewaSimResponse *
admin_decision (SewaSimPortal *p, const SewaSimRequest *req, const char *arn)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, &error);
  g_autoptr (sqlite3_stmt) st = NULL;
  const char *status, *reason;
  gint64 received;

  if (root == NULL)
    return from_gerror (error);
  status = sewa_sim_member_string (json_node_get_object (root), "status");
  reason = sewa_sim_member_string (json_node_get_object (root), "reason");
  if (g_strcmp0 (status, "approved") != 0 && g_strcmp0 (status, "rejected") != 0)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_BAD_REQUEST, "status must be approved or rejected", NULL);
  st = prep (p, "SELECT received_at FROM applications WHERE arn = ?");
  bind_text (st, 1, arn);
  if (sqlite3_step (st) != SQLITE_ROW)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such application", NULL);
  received = sqlite3_column_int64 (st, 0);
  g_clear_pointer (&st, sqlite3_finalize);
  st = prep (p, "UPDATE applications SET decision = ?, reason = ?, decided_at = ? WHERE arn = ?");
  bind_text (st, 1, status);
  bind_text (st, 2, reason != NULL ? reason : (strcmp (status, "rejected") == 0 ? "ADMIN: rejected by a test" : NULL));
  sqlite3_bind_int64 (st, 3, MAX (received, sim_now (p)));
  bind_text (st, 4, arn);
  sqlite3_step (st);
  return status_response_for (p, "arn", arn, 200);
}

static SewaSimResponse *
admin_duplicates (SewaSimPortal *p)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT provisional_reference, group_concat(arn, ',') FROM applications"
                                         " GROUP BY provisional_reference HAVING COUNT(*) > 1 ORDER BY provisional_reference");
  g_autoptr (JsonObject) o = json_object_new ();
  JsonArray *dups = json_array_new ();

  json_object_set_array_member (o, "duplicates", dups);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      JsonObject *d = json_object_new ();
      JsonArray *arns = json_array_new ();
      g_auto (GStrv) list = g_strsplit ((const char *) sqlite3_column_text (st, 1), ",", -1);

      for (guint i = 0; list[i] != NULL; i++)
        json_array_add_string_element (arns, list[i]);
      json_object_set_string_member (d, "provisional_reference", (const char *) sqlite3_column_text (st, 0));
      json_object_set_array_member (d, "arns", arns);
      json_array_add_object_element (dups, d);
    }
  return json_response (200, o);
}

static SewaSimResponse *
admin_upload (SewaSimPortal *p, const char *id)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT id, offset, size, complete, bytes_received, patches, resets FROM uploads WHERE id = ?");
  g_autoptr (JsonObject) o = json_object_new ();

  bind_text (st, 1, id);
  if (sqlite3_step (st) != SQLITE_ROW)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such upload", NULL);
  json_object_set_string_member (o, "upload_id", (const char *) sqlite3_column_text (st, 0));
  json_object_set_int_member (o, "offset", sqlite3_column_int64 (st, 1));
  json_object_set_int_member (o, "size", sqlite3_column_int64 (st, 2));
  json_object_set_boolean_member (o, "complete", sqlite3_column_int (st, 3) != 0);
  json_object_set_int_member (o, "bytes_received", sqlite3_column_int64 (st, 4));
  json_object_set_int_member (o, "patches", sqlite3_column_int64 (st, 5));
  json_object_set_int_member (o, "resets", sqlite3_column_int64 (st, 6));
  return json_response (200, o);
}

static SewaSimResponse *
admin_otps (SewaSimPortal *p, const SewaSimRequest *req)
{
  const char *mobile = g_hash_table_lookup (req->query, "mobile");
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT id, code, mobile FROM otps WHERE mobile = ? ORDER BY created DESC, rowid DESC LIMIT 1");
  g_autoptr (JsonObject) o = json_object_new ();

  if (mobile == NULL)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_BAD_REQUEST, "give ?mobile=", NULL);
  bind_text (st, 1, mobile);
  if (sqlite3_step (st) != SQLITE_ROW)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no OTP for that mobile", NULL);
  json_object_set_string_member (o, "otp_id", (const char *) sqlite3_column_text (st, 0));
  json_object_set_string_member (o, "code", (const char *) sqlite3_column_text (st, 1));
  json_object_set_string_member (o, "mobile", (const char *) sqlite3_column_text (st, 2));
  return json_response (200, o);
}

/* Puts a document in a citizen's vault as if an earlier application (on another kiosk) had
 * brought it: {"mobile", "type"} → {"vault_id"}. A test prepares a returning citizen with it. */
static SewaSimResponse *
admin_vault (SewaSimPortal *p, const SewaSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, &error);
  g_autoptr (JsonObject) o = json_object_new ();
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autofree char *citizen = NULL;
  g_autofree char *vid = NULL;
  const char *mobile, *type;

  if (root == NULL)
    return from_gerror (error);
  mobile = sewa_sim_member_string (json_node_get_object (root), "mobile");
  type = sewa_sim_member_string (json_node_get_object (root), "type");
  if (mobile == NULL || strlen (mobile) != 10 || strspn (mobile, "0123456789") != 10 || type == NULL
      || *type == '\0' || strlen (type) > 16 || strspn (type, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen (type))
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_BAD_REQUEST, "need mobile (10 digits) and type (A-Z0-9_)", NULL);
  st = prep (p, "SELECT id FROM citizens WHERE mobile = ?");
  bind_text (st, 1, mobile);
  if (sqlite3_step (st) == SQLITE_ROW)
    citizen = col_text (st, 0);
  g_clear_pointer (&st, sqlite3_finalize);
  if (citizen == NULL)
    {
      citizen = sewa_sim_random_hex_id ("cit_", 8);
      st = prep (p, "INSERT INTO citizens (id, mobile) VALUES (?, ?)");
      bind_text (st, 1, citizen);
      bind_text (st, 2, mobile);
      sqlite3_step (st);
      g_clear_pointer (&st, sqlite3_finalize);
    }
  vid = sewa_sim_random_hex_id ("vd_", 8);
  st = prep (p, "INSERT INTO vault (id, citizen_id, upload_id, type, content_type, size, sha256, added_at, arn)"
                " VALUES (?, ?, NULL, ?, 'image/jpeg', 1, '', ?, 'PB-SEEDED-2026-0000001')");
  bind_text (st, 1, vid);
  bind_text (st, 2, citizen);
  bind_text (st, 3, type);
  sqlite3_bind_int64 (st, 4, wall_now ());
  if (sqlite3_step (st) != SQLITE_DONE)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_INTERNAL, "could not store the vault document", NULL);
  json_object_set_string_member (o, "vault_id", vid);
  return json_response (201, o);
}

static SewaSimResponse *
admin_tokens (SewaSimPortal *p, const SewaSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, &error);
  g_autoptr (JsonObject) prov = json_object_new ();
  g_autoptr (JsonNode) prov_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonObject) o = json_object_new ();
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autofree char *token = NULL;
  g_autofree char *portal = NULL;
  g_autofree char *prov_json = NULL;
  g_autofree char *payload = NULL;
  JsonObject *in;
  const char *centre;
  gint64 kiosk = -1, ttl = ENROL_TOKEN_TTL, expires;
  gboolean centre_ok;

  if (root == NULL)
    return from_gerror (error);
  in = json_node_get_object (root);
  centre = sewa_sim_member_string (in, "centre");
  centre_ok = centre != NULL && strlen (centre) >= 2 && strlen (centre) <= 6;
  for (const char *c = centre; centre_ok && *c != '\0'; c++)
    centre_ok = g_ascii_isupper (*c) || g_ascii_isdigit (*c);
  if (!centre_ok || !sewa_sim_member_int (in, "kiosk", &kiosk) || kiosk < 0 || kiosk > 99
      || (json_object_has_member (in, "ttl") && (!sewa_sim_member_int (in, "ttl", &ttl) || ttl < 1)))
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_BAD_REQUEST, "need centre (2-6 of A-Z0-9), kiosk 0-99, optional ttl > 0", NULL);
  token = sewa_sim_random_token ();
  expires = wall_now () + ttl;
  st = prep (p, "INSERT INTO tokens (token, centre, kiosk, expires) VALUES (?, ?, ?, ?)");
  bind_text (st, 1, token);
  bind_text (st, 2, centre);
  sqlite3_bind_int64 (st, 3, kiosk);
  sqlite3_bind_int64 (st, 4, expires);
  sqlite3_step (st);

  if (p->public_url != NULL)
    portal = g_strdup (p->public_url);
  else if (p->https_port != 0)
    portal = g_strdup_printf ("https://127.0.0.1:%u", p->https_port);
  else
    portal = g_strdup_printf ("http://127.0.0.1:%u", p->http_port);
  json_object_set_string_member (prov, "portal", portal);
  json_object_set_string_member (prov, "token", token);
  if (p->ca_sha256 != NULL)
    json_object_set_string_member (prov, "ca_sha256", p->ca_sha256);
  json_object_set_string_member (prov, "centre", centre);
  json_object_set_int_member (prov, "kiosk", kiosk);
  json_object_set_int_member (prov, "expires", expires);
  json_node_set_object (prov_node, prov);
  prov_json = sewa_sim_json_to_string (prov_node);
  payload = sewa_sim_provisioning_payload (prov_json);

  json_object_set_string_member (o, "token", token);
  json_object_set_int_member (o, "expires", expires);
  json_object_set_string_member (o, "portal", portal);
  json_object_set_string_member (o, "provisioning_qr", payload);
  return json_response (201, o);
}

static SewaSimResponse *
admin_revoke (SewaSimPortal *p, const char *id)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "UPDATE devices SET revoked = 1 WHERE id = ?");
  g_autoptr (JsonObject) o = json_object_new ();

  bind_text (st, 1, id);
  sqlite3_step (st);
  if (sqlite3_changes (p->db) == 0)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such device", NULL);
  g_message ("device %s revoked", id);
  json_object_set_string_member (o, "device_id", id);
  json_object_set_boolean_member (o, "revoked", TRUE);
  return json_response (200, o);
}

/* What the portal knows of a device, with its last heartbeat as it was checked and stored. */
static SewaSimResponse *
admin_device (SewaSimPortal *p, const char *id)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT centre, kiosk, revoked, last_heartbeat, heartbeat"
                                         " FROM devices WHERE id = ?");
  g_autoptr (JsonObject) o = json_object_new ();
  const char *heartbeat;

  bind_text (st, 1, id);
  if (sqlite3_step (st) != SQLITE_ROW)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such device", NULL);
  json_object_set_string_member (o, "device_id", id);
  json_object_set_string_member (o, "centre", (const char *) sqlite3_column_text (st, 0));
  json_object_set_int_member (o, "kiosk", sqlite3_column_int64 (st, 1));
  json_object_set_boolean_member (o, "revoked", sqlite3_column_int (st, 2) != 0);
  heartbeat = (const char *) sqlite3_column_text (st, 4);
  if (heartbeat != NULL)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      /* The portal wrote this text itself from a checked heartbeat. */
      if (!json_parser_load_from_data (parser, heartbeat, -1, NULL))
        return sewa_sim_response_new_error (SEWA_SIM_ERROR_INTERNAL, "stored heartbeat unreadable", NULL);
      json_object_set_int_member (o, "last_heartbeat", sqlite3_column_int64 (st, 3));
      json_object_set_member (o, "heartbeat", json_node_copy (json_parser_get_root (parser)));
    }
  else
    json_object_set_null_member (o, "heartbeat");
  return json_response (200, o);
}

static SewaSimResponse *
admin_faults (SewaSimPortal *p, const SewaSimRequest *req)
{
  g_autoptr (JsonNode) node = NULL;
  SewaSimResponse *r;

  if (strcmp (req->method, "PUT") == 0)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, &error);

      if (root == NULL || !sewa_sim_faults_update (p->faults, json_node_get_object (root), &error))
        return from_gerror (error);
    }
  node = sewa_sim_faults_to_json (p->faults);
  r = json_response (200, json_node_get_object (node));
  return r;
}

static SewaSimResponse *
admin_clock (SewaSimPortal *p, const SewaSimRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = sewa_sim_decode_json_object (req, &error);
  g_autoptr (JsonObject) o = json_object_new ();
  gint64 advance = 0;

  if (root == NULL)
    return from_gerror (error);
  if (!sewa_sim_member_int (json_node_get_object (root), "advance", &advance) || advance < 0 || advance > 100LL * 365 * 86400)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_BAD_REQUEST, "advance must be a non-negative integer (seconds)", NULL);
  p->clock_offset += advance;
  json_object_set_int_member (o, "offset", p->clock_offset);
  return json_response (200, o);
}

/* ---- dispatch ------------------------------------------------------------------------- */

/* POST /v1/applications/{key}/payments: one payment per application, idempotent by payment_id.
 * The application must be known (stored by this device's centre) before its payment is. */
static SewaSimResponse *
payment_response (SewaSimPortal *p, const char *payment_id, guint http_status)
{
  g_autoptr (sqlite3_stmt) st = prep (p, "SELECT payment_id, arn, mode, amount_paise, recorded_at FROM payments WHERE payment_id = ?");
  g_autoptr (JsonObject) o = json_object_new ();
  g_autofree char *recorded = NULL;

  bind_text (st, 1, payment_id);
  if (sqlite3_step (st) != SQLITE_ROW)
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_INTERNAL, "the payment vanished", NULL);
  recorded = sewa_sim_rfc3339 (sqlite3_column_int64 (st, 4));
  json_object_set_string_member (o, "payment_id", (const char *) sqlite3_column_text (st, 0));
  json_object_set_string_member (o, "arn", (const char *) sqlite3_column_text (st, 1));
  json_object_set_string_member (o, "mode", (const char *) sqlite3_column_text (st, 2));
  json_object_set_int_member (o, "amount_paise", sqlite3_column_int64 (st, 3));
  json_object_set_string_member (o, "recorded_at", recorded);
  return json_response (http_status, o);
}

static SewaSimResponse *
handle_payment (SewaSimPortal *p, const SewaSimRequest *req, const Device *dev, const char *key)
{
  SewaSimPayment pay;
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autofree char *arn = NULL;
  g_autofree char *app_device = NULL;
  SewaSimResponse *r;
  gint64 seq;

  if (!sewa_sim_is_idempotency_key (key))
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_BAD_REQUEST, "idempotency key must be 16-64 chars of [A-Za-z0-9_-]", NULL);
  if (!sewa_sim_decode_payment (req, &pay, &error))
    {
      sewa_sim_payment_clear (&pay);
      return from_gerror (error);
    }
  p->payment_posts++;
  st = prep (p, "SELECT arn, device_id FROM applications WHERE key = ?");
  bind_text (st, 1, key);
  if (sqlite3_step (st) != SQLITE_ROW)
    {
      sewa_sim_payment_clear (&pay);
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no application with this key", NULL);
    }
  arn = col_text (st, 0);
  app_device = col_text (st, 1);
  g_clear_pointer (&st, sqlite3_finalize);
  if (g_strcmp0 (app_device, dev->id) != 0)
    {
      sewa_sim_payment_clear (&pay);
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no application with this key", NULL);
    }

  /* The same payment again: a replay if the body is the same, else a conflict. A different
   * payment for an application that has one is a conflict too (a fee is paid once). */
  st = prep (p, "SELECT payment_id, body_sha256 FROM payments WHERE payment_id = ? OR app_key = ?");
  bind_text (st, 1, pay.payment_id);
  bind_text (st, 2, key);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      g_autofree char *old_id = col_text (st, 0);
      gboolean same = g_strcmp0 (old_id, pay.payment_id) == 0
                      && g_strcmp0 ((const char *) sqlite3_column_text (st, 1), pay.body_sha256) == 0;

      g_clear_pointer (&st, sqlite3_finalize);
      if (!same)
        {
          g_autoptr (JsonObject) extra = json_object_new ();

          json_object_set_string_member (extra, "payment_id", old_id);
          sewa_sim_payment_clear (&pay);
          return sewa_sim_response_new_error (SEWA_SIM_ERROR_IDEMPOTENCY_CONFLICT,
                                              "this application already has another payment, or this payment_id another body", extra);
        }
      st = prep (p, "UPDATE payments SET post_count = post_count + 1 WHERE payment_id = ?");
      bind_text (st, 1, pay.payment_id);
      sqlite3_step (st);
      r = payment_response (p, pay.payment_id, 200);
      sewa_sim_response_add_header (r, "X-Sewa-Idempotent-Replay", "true");
      sewa_sim_payment_clear (&pay);
      return r;
    }
  g_clear_pointer (&st, sqlite3_finalize);

  /* seq: the order payments were recorded in (an application is always recorded before its
   * payment: an unknown key is 404 above). */
  seq = count_sql (p, "SELECT COALESCE(MAX(seq), 0) + 1 FROM payments");
  st = prep (p, "INSERT INTO payments (payment_id, seq, app_key, arn, device_id, mode, amount_paise, body, body_sha256,"
                " paid_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_text (st, 1, pay.payment_id);
  sqlite3_bind_int64 (st, 2, seq);
  bind_text (st, 3, key);
  bind_text (st, 4, arn);
  bind_text (st, 5, dev->id);
  bind_text (st, 6, pay.mode);
  sqlite3_bind_int64 (st, 7, pay.amount_paise);
  bind_text (st, 8, pay.canonical);
  bind_text (st, 9, pay.body_sha256);
  sqlite3_bind_int64 (st, 10, pay.paid_at);
  sqlite3_bind_int64 (st, 11, sim_now (p));
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      g_warning ("insert payment: %s", sqlite3_errmsg (p->db));
      sewa_sim_payment_clear (&pay);
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_INTERNAL, "could not store the payment", NULL);
    }
  g_message ("payment %s recorded for %s", pay.payment_id, arn);
  r = payment_response (p, pay.payment_id, 201);
  sewa_sim_payment_clear (&pay);
  return r;
}

/* POST /admin/applications/{arn}/upi-payment: the bank's credit of the citizen's UPI payment
 * (the UPI URI's `tr` named the application), recorded as the application's one payment, with
 * payment_id bank-<UTR>. The very same body again is a replay; any other payment already on
 * file for the application, or this UTR on file for another, is a conflict (a fee is paid once,
 * and a UTR names one bank transaction). */
static SewaSimResponse *
admin_upi_payment (SewaSimPortal *p, const SewaSimRequest *req, const char *arn)
{
  SewaSimBankCredit c;
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonObject) stored = NULL;
  g_autoptr (JsonNode) stored_node = NULL;
  g_autofree char *key = NULL;
  g_autofree char *app_device = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *paid_at_s = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *body_sha256 = NULL;
  SewaSimResponse *r;
  gint64 now, paid_at, seq;
  gboolean stored_ok;

  if (!sewa_sim_decode_bank_credit (req, &c, &error))
    {
      sewa_sim_bank_credit_clear (&c);
      return from_gerror (error);
    }
  st = prep (p, "SELECT key, device_id FROM applications WHERE arn = ?");
  bind_text (st, 1, arn);
  if (sqlite3_step (st) != SQLITE_ROW)
    {
      sewa_sim_bank_credit_clear (&c);
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such application", NULL);
    }
  key = col_text (st, 0);
  app_device = col_text (st, 1);
  g_clear_pointer (&st, sqlite3_finalize);
  payment_id = g_strconcat ("bank-", c.transaction_ref, NULL);

  /* This application's payment is named first when both it and the UTR are on file. */
  st = prep (p, "SELECT y.payment_id, y.app_key, b.request_sha256 FROM payments y"
                " LEFT JOIN bank_credits b ON b.payment_id = y.payment_id"
                " WHERE y.payment_id = ?1 OR y.app_key = ?2 ORDER BY y.app_key = ?2 DESC LIMIT 1");
  bind_text (st, 1, payment_id);
  bind_text (st, 2, key);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      g_autofree char *old_id = col_text (st, 0);
      gboolean same = g_strcmp0 (old_id, payment_id) == 0
                      && g_strcmp0 ((const char *) sqlite3_column_text (st, 1), key) == 0
                      && g_strcmp0 ((const char *) sqlite3_column_text (st, 2), c.body_sha256) == 0;

      g_clear_pointer (&st, sqlite3_finalize);
      sewa_sim_bank_credit_clear (&c);
      if (!same)
        {
          g_autoptr (JsonObject) extra = json_object_new ();

          json_object_set_string_member (extra, "payment_id", old_id);
          return sewa_sim_response_new_error (SEWA_SIM_ERROR_IDEMPOTENCY_CONFLICT,
                                              "this application already has another payment, or this transaction_ref another body or application",
                                              extra);
        }
      st = prep (p, "UPDATE payments SET post_count = post_count + 1 WHERE payment_id = ?");
      bind_text (st, 1, payment_id);
      sqlite3_step (st);
      r = payment_response (p, payment_id, 200);
      sewa_sim_response_add_header (r, "X-Sewa-Idempotent-Replay", "true");
      return r;
    }
  g_clear_pointer (&st, sqlite3_finalize);

  now = sim_now (p);
  paid_at = c.has_paid_at ? c.paid_at : now;
  paid_at_s = sewa_sim_rfc3339 (paid_at);
  stored = json_object_new ();
  json_object_set_string_member (stored, "source", "bank");
  json_object_set_string_member (stored, "mode", "upi");
  json_object_set_int_member (stored, "amount_paise", c.amount_paise);
  json_object_set_string_member (stored, "transaction_ref", c.transaction_ref);
  json_object_set_string_member (stored, "paid_at", paid_at_s);
  stored_node = json_node_init_object (json_node_alloc (), stored);
  canonical = sewa_sim_canonical_json (stored_node);
  body_sha256 = sewa_sim_sha256_hex (canonical, strlen (canonical));

  /* Both rows or neither: a payment without its bank_credits row would be a counter payment. */
  exec_sql (p, "BEGIN IMMEDIATE");
  seq = count_sql (p, "SELECT COALESCE(MAX(seq), 0) + 1 FROM payments");
  st = prep (p, "INSERT INTO payments (payment_id, seq, app_key, arn, device_id, mode, amount_paise, body, body_sha256,"
                " paid_at, recorded_at) VALUES (?, ?, ?, ?, ?, 'upi', ?, ?, ?, ?, ?)");
  bind_text (st, 1, payment_id);
  sqlite3_bind_int64 (st, 2, seq);
  bind_text (st, 3, key);
  bind_text (st, 4, arn);
  bind_text (st, 5, app_device);
  sqlite3_bind_int64 (st, 6, c.amount_paise);
  bind_text (st, 7, canonical);
  bind_text (st, 8, body_sha256);
  sqlite3_bind_int64 (st, 9, paid_at);
  sqlite3_bind_int64 (st, 10, now);
  stored_ok = sqlite3_step (st) == SQLITE_DONE;
  g_clear_pointer (&st, sqlite3_finalize);
  if (stored_ok)
    {
      st = prep (p, "INSERT INTO bank_credits (payment_id, transaction_ref, request_sha256) VALUES (?, ?, ?)");
      bind_text (st, 1, payment_id);
      bind_text (st, 2, c.transaction_ref);
      bind_text (st, 3, c.body_sha256);
      stored_ok = sqlite3_step (st) == SQLITE_DONE;
      g_clear_pointer (&st, sqlite3_finalize);
    }
  sewa_sim_bank_credit_clear (&c);
  if (!stored_ok)
    {
      g_warning ("insert bank credit: %s", sqlite3_errmsg (p->db));
      exec_sql (p, "ROLLBACK");
      return sewa_sim_response_new_error (SEWA_SIM_ERROR_INTERNAL, "could not store the bank credit", NULL);
    }
  exec_sql (p, "COMMIT");
  g_message ("bank credit %s recorded for %s", payment_id, arn);
  return payment_response (p, payment_id, 201);
}

/* GET /admin/payments?key=K (one application's) or every payment, in the order recorded, with
 * the sequence number of its application so a test can check the order. */
static SewaSimResponse *
admin_payments (SewaSimPortal *p, const SewaSimRequest *req)
{
  const char *key = g_hash_table_lookup (req->query, "key");
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonObject) o = json_object_new ();
  g_autoptr (JsonArray) list = json_array_new ();

  st = prep (p, key != NULL
                  ? "SELECT y.payment_id, y.app_key, y.arn, y.mode, y.amount_paise, y.post_count, y.seq, a.seq, y.body"
                    " FROM payments y JOIN applications a ON a.key = y.app_key WHERE y.app_key = ? ORDER BY y.seq"
                  : "SELECT y.payment_id, y.app_key, y.arn, y.mode, y.amount_paise, y.post_count, y.seq, a.seq, y.body"
                    " FROM payments y JOIN applications a ON a.key = y.app_key ORDER BY y.seq");
  if (key != NULL)
    bind_text (st, 1, key);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      g_autoptr (JsonObject) e = json_object_new ();
      g_autoptr (JsonParser) parser = json_parser_new ();
      const char *body = (const char *) sqlite3_column_text (st, 8);

      json_object_set_string_member (e, "payment_id", (const char *) sqlite3_column_text (st, 0));
      json_object_set_string_member (e, "key", (const char *) sqlite3_column_text (st, 1));
      json_object_set_string_member (e, "arn", (const char *) sqlite3_column_text (st, 2));
      json_object_set_string_member (e, "mode", (const char *) sqlite3_column_text (st, 3));
      json_object_set_int_member (e, "amount_paise", sqlite3_column_int64 (st, 4));
      json_object_set_int_member (e, "post_count", sqlite3_column_int64 (st, 5));
      json_object_set_int_member (e, "seq", sqlite3_column_int64 (st, 6));
      json_object_set_int_member (e, "application_seq", sqlite3_column_int64 (st, 7));
      if (body != NULL && json_parser_load_from_data (parser, body, -1, NULL))
        json_object_set_member (e, "body", json_node_copy (json_parser_get_root (parser)));
      json_array_add_object_element (list, g_steal_pointer (&e));
    }
  json_object_set_array_member (o, "payments", g_steal_pointer (&list));
  json_object_set_int_member (o, "posts", p->payment_posts);
  return json_response (200, o);
}

/* GET /admin/audit?device=D (one kiosk's) or every kiosk's audit entries as received, in each
 * kiosk's order, with the chain links the portal checked (actor, prev_hash and hash are null for
 * an entry a kiosk sent before it chained its log). A test compares them with the kiosk's own. */
static SewaSimResponse *
admin_audit (SewaSimPortal *p, const SewaSimRequest *req)
{
  const char *device = g_hash_table_lookup (req->query, "device");
  g_autoptr (sqlite3_stmt) st = NULL;
  g_autoptr (JsonObject) o = json_object_new ();
  g_autoptr (JsonArray) list = json_array_new ();

  st = prep (p, "SELECT a.device_id, a.seq, a.at, a.event, a.detail, l.actor, l.prev_hash, l.hash"
                " FROM audit a LEFT JOIN audit_links l ON l.device_id = a.device_id AND l.seq = a.seq"
                " WHERE ?1 IS NULL OR a.device_id = ?1 ORDER BY a.device_id, a.seq");
  bind_text (st, 1, device);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      g_autoptr (JsonObject) e = json_object_new ();
      static const char *const text_members[] = { "device_id", NULL, NULL, "event", "detail", "actor",
                                                  "prev_hash", "hash" };

      for (int c = 0; c < (int) G_N_ELEMENTS (text_members); c++)
        {
          if (text_members[c] == NULL)
            continue;
          if (sqlite3_column_type (st, c) == SQLITE_NULL)
            json_object_set_null_member (e, text_members[c]);
          else
            json_object_set_string_member (e, text_members[c], (const char *) sqlite3_column_text (st, c));
        }
      json_object_set_int_member (e, "seq", sqlite3_column_int64 (st, 1));
      json_object_set_int_member (e, "at", sqlite3_column_int64 (st, 2));
      json_array_add_object_element (list, g_steal_pointer (&e));
    }
  json_object_set_array_member (o, "entries", g_steal_pointer (&list));
  return json_response (200, o);
}

static SewaSimResponse *
dispatch (SewaSimPortal *p, const SewaSimRequest *req)
{
  g_autofree char *param = NULL;
  SewaSimRoute route = sewa_sim_route_match (req->path, &param);
  Device dev = { NULL, NULL };
  SewaSimResponse *r = NULL;

  if (route == SEWA_SIM_ROUTE_NOT_FOUND || (sewa_sim_route_is_admin (route) && !p->admin))
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such endpoint", NULL);
  if (!sewa_sim_route_allows (route, req->method))
    return sewa_sim_response_new_error (SEWA_SIM_ERROR_METHOD_NOT_ALLOWED, "method not allowed here", NULL);
  if (sewa_sim_route_is_signed (route))
    {
      r = authenticate (p, req, &dev);
      if (r != NULL)
        return r;
    }

  switch (route)
    {
    case SEWA_SIM_ROUTE_ENROL: r = handle_enrol (p, req); break;
    case SEWA_SIM_ROUTE_CATALOG: r = handle_catalog (p, req); break;
    case SEWA_SIM_ROUTE_OTP_REQUEST: r = handle_otp_request (p, req); break;
    case SEWA_SIM_ROUTE_OTP_VERIFY: r = handle_otp_verify (p, req); break;
    case SEWA_SIM_ROUTE_VAULT: r = handle_vault (p, req); break;
    case SEWA_SIM_ROUTE_PROFILE: r = handle_profile (p, req); break;
    case SEWA_SIM_ROUTE_UPLOAD_CREATE: r = handle_upload_create (p, req, &dev); break;
    case SEWA_SIM_ROUTE_UPLOAD: r = handle_upload (p, req, &dev, param); break;
    case SEWA_SIM_ROUTE_APPLICATION: r = handle_application (p, req, &dev, param); break;
    case SEWA_SIM_ROUTE_STATUS: r = handle_status (p, &dev, param); break;
    case SEWA_SIM_ROUTE_HEARTBEAT: r = handle_heartbeat (p, req, &dev); break;
    case SEWA_SIM_ROUTE_AUDIT: r = handle_audit (p, req, &dev); break;
    case SEWA_SIM_ROUTE_PAYMENT: r = handle_payment (p, req, &dev, param); break;
    case SEWA_SIM_ROUTE_ADMIN_COUNTS: r = admin_counts (p); break;
    case SEWA_SIM_ROUTE_ADMIN_APPLICATIONS: r = admin_application (p, req); break;
    case SEWA_SIM_ROUTE_ADMIN_DECISION: r = admin_decision (p, req, param); break;
    case SEWA_SIM_ROUTE_ADMIN_UPI_PAYMENT: r = admin_upi_payment (p, req, param); break;
    case SEWA_SIM_ROUTE_ADMIN_DUPLICATES: r = admin_duplicates (p); break;
    case SEWA_SIM_ROUTE_ADMIN_UPLOAD: r = admin_upload (p, param); break;
    case SEWA_SIM_ROUTE_ADMIN_OTPS: r = admin_otps (p, req); break;
    case SEWA_SIM_ROUTE_ADMIN_VAULT: r = admin_vault (p, req); break;
    case SEWA_SIM_ROUTE_ADMIN_TOKENS: r = admin_tokens (p, req); break;
    case SEWA_SIM_ROUTE_ADMIN_REVOKE: r = admin_revoke (p, param); break;
    case SEWA_SIM_ROUTE_ADMIN_FAULTS: r = admin_faults (p, req); break;
    case SEWA_SIM_ROUTE_ADMIN_CLOCK: r = admin_clock (p, req); break;
    case SEWA_SIM_ROUTE_ADMIN_DEVICE: r = admin_device (p, param); break;
    case SEWA_SIM_ROUTE_ADMIN_PAYMENTS: r = admin_payments (p, req); break;
    case SEWA_SIM_ROUTE_ADMIN_AUDIT: r = admin_audit (p, req); break;
    case SEWA_SIM_ROUTE_NOT_FOUND:
    default:
      r = sewa_sim_response_new_error (SEWA_SIM_ERROR_NOT_FOUND, "no such endpoint", NULL);
      break;
    }
  device_clear (&dev);
  return r;
}

SewaSimResponse *
sewa_sim_portal_handle (SewaSimPortal *portal, const SewaSimRequest *req)
{
  SewaSimResponse *r;

  g_return_val_if_fail (portal != NULL && req != NULL, NULL);
  g_mutex_lock (&portal->lock);
  r = dispatch (portal, req);
  g_mutex_unlock (&portal->lock);
  return r;
}
