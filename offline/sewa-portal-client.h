/* sewa-portal-client.h — one request to the portal API (docs/portal-api.md): building it, signing
 * it, reading its response, and classifying the outcome into what the sync engine should do.
 *
 * A SewaPortalCall wraps one libcurl easy handle. The sync engine adds the handle to its own
 * multi handle (connection reuse, HTTP/2, bounded parallelism) and calls
 * sewa_portal_call_finish() when libcurl reports it done; kioskctl and enrolment run a call on its
 * own with sewa_portal_call_perform(). Either way the call itself never blocks on anything but
 * the network, and it never logs bodies (they may hold citizen data).
 *
 * TLS is always verified: with a pinned CA file (CURLOPT_CAINFO) when one is set, else against the
 * system store. Plain http:// is allowed only to a loopback IP literal (tests and the demo): a
 * call to any other http:// URL fails before it connects (sewa_provisioning_check_portal_url).
 */
#pragma once

#include <curl/curl.h>
#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SEWA_PORTAL_ERROR (sewa_portal_error_quark ())
GQuark sewa_portal_error_quark (void);

typedef enum
{
  SEWA_PORTAL_ERROR_NETWORK,    /* could not reach the portal (DNS, connect, reset, timeout) */
  SEWA_PORTAL_ERROR_TLS,        /* the portal's certificate is not signed by the pinned CA */
  SEWA_PORTAL_ERROR_HTTP,       /* the portal answered with an error status */
  SEWA_PORTAL_ERROR_PROTOCOL,   /* the answer is not what the contract says */
  SEWA_PORTAL_ERROR_CA_MISMATCH, /* enrolment: the portal's CA is not the provisioned one */
  SEWA_PORTAL_ERROR_NOT_ENROLLED, /* no device credentials yet */
  SEWA_PORTAL_ERROR_TLS_HOSTNAME, /* the certificate is trusted but names another host */
  SEWA_PORTAL_ERROR_INSECURE,   /* plain http:// to a portal that is not on loopback */
} SewaPortalError;

/* The longest wait a Retry-After can impose (1 hour, docs/portal-api.md §1); a portal asking for
 * more gets this, and the engine raises an alert. */
#define SEWA_PORTAL_RETRY_AFTER_CAP_MS (3600 * (gint64) 1000)
/* Portal-supplied error codes and messages are cut to this many characters. */
#define SEWA_PORTAL_MAX_TEXT 200

/* What the engine does with an answer (docs/portal-api.md §1, "what the kiosk does"). */
typedef enum
{
  SEWA_PORTAL_OK,         /* 2xx (and 304) */
  SEWA_PORTAL_TRANSIENT,  /* network, timeout, 5xx, 429: retry later, same key and body */
  SEWA_PORTAL_AUTH_PAUSE, /* 401 device_* or a bad signature: pause the queue, re-enrol */
  SEWA_PORTAL_PERMANENT,  /* other 4xx: quarantine with the portal's code and message */
  SEWA_PORTAL_CONFLICT,   /* 409: idempotency_conflict or upload_offset_mismatch (see code) */
} SewaPortalOutcome;

const char *sewa_portal_outcome_to_string (SewaPortalOutcome outcome);

typedef struct
{
  SewaPortalOutcome outcome;
  guint http_status;      /* 0 when no response arrived */
  gint64 retry_after_ms;  /* from Retry-After capped at SEWA_PORTAL_RETRY_AFTER_CAP_MS, -1 = absent */
  gint64 retry_after_requested_ms; /* what the portal asked for, uncapped; -1 when absent */
  gboolean unreachable;   /* no HTTP exchange at all (DNS, connect, TLS): the link is down */
  gboolean tls_untrusted; /* the certificate failed verification (see tls_hostname) */
  gboolean tls_hostname;  /* ... because it names another host (the chain itself is trusted) */
  char *code;             /* the portal's error code, or "network"/"timeout"/"tls"/"http_<n>" */
  char *message;          /* the portal's message or libcurl's; never citizen data */
} SewaPortalResult;

void sewa_portal_result_clear (SewaPortalResult *result);

/* Classifies a finished exchange. Pure apart from @now_s (for an HTTP-date Retry-After); exposed
 * so tests can feed it every status and header. @body may be NULL. */
void sewa_portal_classify (CURLcode curl_code, guint http_status, const char *retry_after,
                           GBytes *body, gint64 now_s, SewaPortalResult *out);

/* Contract patterns (docs/portal-api.yaml) for identifiers the portal hands back and the kiosk
 * stores or puts into later request paths. */
/* The portal's clock against ours, from its Date header (RFC 9110 IMF-fixdate, e.g. "Sun, 06 Nov
 * 1994 08:49:37 GMT", parsed by libcurl's curl_getdate): *out_skew_s = portal time - @local_now,
 * in seconds. A header that is not an IMF-fixdate, or a time outside 2020–2100, is
 * SEWA_PORTAL_ERROR_PROTOCOL and nothing is returned: a technician must never be told the clock
 * is fine on the strength of a header that says nothing. */
gboolean sewa_portal_clock_skew (const char *date_header, gint64 local_now, gint64 *out_skew_s,
                                 GError **error);

gboolean sewa_portal_is_valid_arn (const char *arn);          /* ^[A-Z0-9/-]{4,40}$ */
gboolean sewa_portal_is_valid_upload_id (const char *id);     /* ^up_[0-9a-f]{16,32}$ */
gboolean sewa_portal_is_valid_device_id (const char *id);     /* ^dev_[0-9a-f]{16}$ */
gboolean sewa_portal_is_valid_secret (const char *secret);    /* ^[A-Za-z0-9_-]{43}$ */
/* "/v1/<collection>/<escaped id>": every value put in a path is percent-encoded. */
char *sewa_portal_path (const char *collection, const char *id) G_GNUC_WARN_UNUSED_RESULT;
/* A string member of @obj, or NULL when absent, null, or of another type (never a warning). */
const char *sewa_portal_json_string (JsonObject *obj, const char *name);
/* An integer / boolean member of @obj, or @fallback when absent or of another type. */
gint64 sewa_portal_json_int (JsonObject *obj, const char *name, gint64 fallback);
gboolean sewa_portal_json_bool (JsonObject *obj, const char *name, gboolean fallback);
/* Portal-supplied text made safe for logs, alerts and the operator's screen: at most
 * SEWA_PORTAL_MAX_TEXT characters, control characters replaced. */
char *sewa_portal_clean_text (const char *text) G_GNUC_WARN_UNUSED_RESULT;
/* The "instant_decision" member of an application status object (docs/portal-api.md §6):
 * {"outcome": "approved", "delivery_note": TEXT} or {"outcome": "needs_scrutiny", "reason":
 * TEXT}. TRUE with *@out_outcome (a static string) and *@out_note (cleaned, owned) when there is
 * one; FALSE without @error when the member is absent or null; FALSE with PROTOCOL when it breaks
 * the contract (then nothing of it may be stored). */
gboolean sewa_portal_parse_instant_decision (JsonObject *status, const char **out_outcome,
                                             char **out_note, GError **error);

/* The "fee" member of an application status object (docs/portal-api.md §7): the portal received
 * the citizen's UPI payment for the application (the bank's credit named its reference).
 * {"state": "paid_upi", "amount_paise": N >= 1, "transaction_ref": 12 digits, "paid_at": RFC 3339
 * UTC}. TRUE with the values when there is one; FALSE without @error when the member is absent;
 * FALSE with PROTOCOL when it breaks the contract (then nothing of it may be stored). */
gboolean sewa_portal_parse_fee_paid (JsonObject *status, gint64 *out_amount_paise,
                                     char **out_transaction_ref, gint64 *out_paid_at,
                                     GError **error);

/* Request signing (docs/portal-api.md §2). Returns 64 lowercase hex digits. */
char *sewa_portal_sign (const char *secret, const char *method, const char *target,
                        const char *timestamp, const char *nonce, const void *body,
                        gsize body_len) G_GNUC_WARN_UNUSED_RESULT;
/* A fresh nonce: 22 characters of [A-Za-z0-9_-] from libsodium's CSPRNG. */
char *sewa_portal_new_nonce (void) G_GNUC_WARN_UNUSED_RESULT;

/* Where and how to talk to the portal. */
typedef struct
{
  char *base_url;          /* "https://host:port", no trailing slash */
  char *ca_file;           /* pinned CA PEM; NULL = system store (or plain http) */
  char *device_id;         /* NULL before enrolment: only unsigned calls work */
  char *secret;
  guint connect_timeout_s; /* 0 = 10 */
  guint low_speed_time_s;  /* abort when slower than low_speed_bytes/s for this long; 0 = 30 */
  guint low_speed_bytes;   /* 0 = 64 */
  guint total_timeout_s;   /* 0 = 120: a request never hangs for ever */
  gint64 clock_offset_s;   /* portal time - our time, learnt from auth_stale / heartbeats */
} SewaPortalClient;

SewaPortalClient *sewa_portal_client_new (const char *base_url, const char *ca_file,
                                          const char *device_id, const char *secret);
SewaPortalClient *sewa_portal_client_copy (const SewaPortalClient *client);
void sewa_portal_client_free (SewaPortalClient *client);
/* FALSE with SEWA_PORTAL_ERROR_INSECURE when the client's URL may not be used (plain http:// to
 * a host that is not a loopback IP literal, or not a base URL at all). */
gboolean sewa_portal_client_check (const SewaPortalClient *client, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaPortalClient, sewa_portal_client_free)

typedef struct _SewaPortalCall SewaPortalCall;

/* Builds a request. @target is the request target ("/v1/catalog"); @body may be NULL;
 * @content_type is used only with a body. Signed when the client has credentials and @sign is
 * TRUE. @now_s is the kiosk's clock (injectable); the client's clock offset is added. */
SewaPortalCall *sewa_portal_call_new (const SewaPortalClient *client, const char *method,
                                      const char *target, const char *content_type, GBytes *body,
                                      gboolean sign, gint64 now_s) G_GNUC_WARN_UNUSED_RESULT;
void sewa_portal_call_free (SewaPortalCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaPortalCall, sewa_portal_call_free)

/* Adds "Name: value" before the call is started. */
void sewa_portal_call_add_header (SewaPortalCall *call, const char *name, const char *value);
CURL *sewa_portal_call_get_easy (SewaPortalCall *call);
/* Opaque per-call data for the engine. */
void     sewa_portal_call_set_user_data (SewaPortalCall *call, gpointer data);
gpointer sewa_portal_call_get_user_data (SewaPortalCall *call);
const char *sewa_portal_call_get_method (SewaPortalCall *call);
const char *sewa_portal_call_get_target (SewaPortalCall *call);
/* Bytes of request body this call sends (for the resume bound in tests). */
gsize sewa_portal_call_get_body_size (SewaPortalCall *call);

/* Records libcurl's verdict and classifies the outcome. @now_s is as for call_new. */
void sewa_portal_call_finish (SewaPortalCall *call, CURLcode code, gint64 now_s);
/* Runs the call synchronously (curl_easy_perform) and finishes it. */
void sewa_portal_call_perform (SewaPortalCall *call, gint64 now_s);

const SewaPortalResult *sewa_portal_call_get_result (SewaPortalCall *call);
guint  sewa_portal_call_get_status (SewaPortalCall *call);
GBytes *sewa_portal_call_get_body (SewaPortalCall *call);
/* A response header (case-insensitive name), last value wins; NULL if absent. */
const char *sewa_portal_call_get_header (SewaPortalCall *call, const char *name);
/* The response body as a JSON object; NULL with SEWA_PORTAL_ERROR_PROTOCOL otherwise. */
JsonObject *sewa_portal_call_get_json (SewaPortalCall *call, GError **error);
/* A GError describing a non-OK result (for callers that report errors as GError). */
gboolean sewa_portal_call_to_error (SewaPortalCall *call, GError **error);

/* Canonical JSON (members sorted by name, no insignificant whitespace), as the portal compares
 * application bodies (docs/portal-api.md §6). */
char *sewa_portal_canonical_json (JsonNode *node) G_GNUC_WARN_UNUSED_RESULT;

/* SHA-256 of a DER certificate inside a PEM text, lowercase hex; NULL if no certificate. Used to
 * check the pinned CA at enrolment. */
char *sewa_portal_pem_sha256 (const char *pem, gsize len) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
