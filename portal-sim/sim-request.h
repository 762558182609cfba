/* Request decoding for the portal simulator, independent of any socket: routing, header and
 * JSON body decoding. The MHD glue (sim-server.c) fills a SewaSimRequest from a connection;
 * the fuzz target fills one from bytes. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SEWA_SIM_MAX_JSON_BODY (1024 * 1024)
#define SEWA_SIM_MAX_CHUNK (1024 * 1024)
#define SEWA_SIM_MAX_UPLOAD (64 * 1024 * 1024)
#define SEWA_SIM_MAX_JSON_DEPTH 32

#define SEWA_SIM_ERROR (sewa_sim_error_quark ())
GQuark sewa_sim_error_quark (void);

/* One value per stable error `code` of docs/portal-api.md. */
typedef enum {
  SEWA_SIM_ERROR_BAD_REQUEST,
  SEWA_SIM_ERROR_MALFORMED_JSON,
  SEWA_SIM_ERROR_AUTH_MISSING,
  SEWA_SIM_ERROR_AUTH_BAD_SIGNATURE,
  SEWA_SIM_ERROR_AUTH_STALE,
  SEWA_SIM_ERROR_AUTH_REPLAY,
  SEWA_SIM_ERROR_DEVICE_UNKNOWN,
  SEWA_SIM_ERROR_DEVICE_REVOKED,
  SEWA_SIM_ERROR_ENROL_TOKEN_INVALID,
  SEWA_SIM_ERROR_NOT_FOUND,
  SEWA_SIM_ERROR_METHOD_NOT_ALLOWED,
  SEWA_SIM_ERROR_IDEMPOTENCY_CONFLICT,
  SEWA_SIM_ERROR_UPLOAD_OFFSET_MISMATCH,
  SEWA_SIM_ERROR_OTP_EXPIRED,
  SEWA_SIM_ERROR_PAYLOAD_TOO_LARGE,
  SEWA_SIM_ERROR_UNSUPPORTED_MEDIA_TYPE,
  SEWA_SIM_ERROR_DOCUMENTS_INVALID,
  SEWA_SIM_ERROR_UNKNOWN_SERVICE,
  SEWA_SIM_ERROR_UPLOAD_HASH_MISMATCH,
  SEWA_SIM_ERROR_UPLOAD_OVERFLOW,
  SEWA_SIM_ERROR_OTP_INVALID,
  SEWA_SIM_ERROR_CITIZEN_TOKEN_INVALID,
  SEWA_SIM_ERROR_RATE_LIMITED,
  SEWA_SIM_ERROR_INTERNAL,
  SEWA_SIM_ERROR_BAD_GATEWAY,
  SEWA_SIM_ERROR_UNAVAILABLE,
  SEWA_SIM_ERROR_GATEWAY_TIMEOUT,
  SEWA_SIM_ERROR_AUDIT_CHAIN_BROKEN,
  SEWA_SIM_ERROR_CORRECTION_UNKNOWN,
} SewaSimErrorCode;

/* The wire `code` string and HTTP status of an error code. */
const char *sewa_sim_error_code_name (SewaSimErrorCode code);
guint sewa_sim_error_http_status (SewaSimErrorCode code);

typedef enum {
  SEWA_SIM_ROUTE_NOT_FOUND,
  SEWA_SIM_ROUTE_ENROL,
  SEWA_SIM_ROUTE_CATALOG,
  SEWA_SIM_ROUTE_OTP_REQUEST,
  SEWA_SIM_ROUTE_OTP_VERIFY,
  SEWA_SIM_ROUTE_VAULT,
  SEWA_SIM_ROUTE_PROFILE,
  SEWA_SIM_ROUTE_UPLOAD_CREATE,
  SEWA_SIM_ROUTE_UPLOAD,
  SEWA_SIM_ROUTE_APPLICATION,
  SEWA_SIM_ROUTE_STATUS,
  SEWA_SIM_ROUTE_HEARTBEAT,
  SEWA_SIM_ROUTE_AUDIT,
  SEWA_SIM_ROUTE_PAYMENT, /* before the admin routes: sewa_sim_route_is_admin() compares */
  SEWA_SIM_ROUTE_ADMIN_COUNTS,
  SEWA_SIM_ROUTE_ADMIN_APPLICATIONS,
  SEWA_SIM_ROUTE_ADMIN_DECISION,
  SEWA_SIM_ROUTE_ADMIN_DUPLICATES,
  SEWA_SIM_ROUTE_ADMIN_UPLOAD,
  SEWA_SIM_ROUTE_ADMIN_OTPS,
  SEWA_SIM_ROUTE_ADMIN_VAULT,
  SEWA_SIM_ROUTE_ADMIN_TOKENS,
  SEWA_SIM_ROUTE_ADMIN_REVOKE,
  SEWA_SIM_ROUTE_ADMIN_FAULTS,
  SEWA_SIM_ROUTE_ADMIN_CLOCK,
  SEWA_SIM_ROUTE_ADMIN_DEVICE,
  SEWA_SIM_ROUTE_ADMIN_PAYMENTS,
  SEWA_SIM_ROUTE_ADMIN_AUDIT,
  SEWA_SIM_ROUTE_ADMIN_UPI_PAYMENT,
} SewaSimRoute;

typedef struct {
  char *method;         /* as on the request line */
  char *target;         /* raw request target: path and ?query, as signed */
  char *path;           /* target up to '?' */
  GHashTable *query;    /* decoded query parameters (may be empty) */
  GHashTable *headers;  /* lower-case name -> value */
  GBytes *body;         /* never NULL */
} SewaSimRequest;

SewaSimRequest *sewa_sim_request_new (const char *method, const char *target);
void sewa_sim_request_free (SewaSimRequest *req);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaSimRequest, sewa_sim_request_free)

/* Adds a header (name folded to lower case; a repeated header keeps the first value). */
void sewa_sim_request_add_header (SewaSimRequest *req, const char *name, const char *value);
void sewa_sim_request_set_body (SewaSimRequest *req, GBytes *body);
const char *sewa_sim_request_header (const SewaSimRequest *req, const char *lower_name);

/* Parses the raw bytes the fuzz target feeds: "METHOD TARGET\n" then "Name: value\n" lines,
 * an empty line, then the body. NULL when the first line is not there. */
SewaSimRequest *sewa_sim_request_parse_raw (const guint8 *data, gsize len);

/* Maps a path to its route; *out_param receives the path parameter (id, key, arn) or NULL. */
SewaSimRoute sewa_sim_route_match (const char *path, char **out_param);
gboolean sewa_sim_route_allows (SewaSimRoute route, const char *method);
gboolean sewa_sim_route_is_admin (SewaSimRoute route);
gboolean sewa_sim_route_is_signed (SewaSimRoute route);
/* The OpenAPI path template of a route (for recording responses). */
const char *sewa_sim_route_template (SewaSimRoute route);

/* Checks Content-Type application/json, size, UTF-8, nesting depth, and that the body is a
 * JSON object. Returns the root node. */
JsonNode *sewa_sim_decode_json_object (const SewaSimRequest *req, GError **error);

/* Typed member access that never warns on a wrong type: absent or wrong type -> NULL/FALSE. */
const char *sewa_sim_member_string (JsonObject *obj, const char *name);
gboolean sewa_sim_member_int (JsonObject *obj, const char *name, gint64 *out);
JsonObject *sewa_sim_member_object (JsonObject *obj, const char *name);
JsonArray *sewa_sim_member_array (JsonObject *obj, const char *name);

typedef struct {
  char *device;
  gint64 timestamp;
  char *timestamp_text;
  char *nonce;
  char *signature;
} SewaSimAuthHeaders;

void sewa_sim_auth_headers_clear (SewaSimAuthHeaders *h);
gboolean sewa_sim_decode_auth_headers (const SewaSimRequest *req, SewaSimAuthHeaders *out, GError **error);

typedef struct {
  char *token;
  char *centre;
  gint64 kiosk;
  char *version;
  char *enrol_key; /* optional: the same token with the same key replays the enrolment */
} SewaSimEnrol;

void sewa_sim_enrol_clear (SewaSimEnrol *e);
gboolean sewa_sim_decode_enrol (const SewaSimRequest *req, SewaSimEnrol *out, GError **error);

typedef struct {
  gint64 size;
  char *sha256;
  char *content_type;
} SewaSimUploadCreate;

void sewa_sim_upload_create_clear (SewaSimUploadCreate *u);
gboolean sewa_sim_decode_upload_create (const SewaSimRequest *req, SewaSimUploadCreate *out, GError **error);

/* PATCH: Content-Type application/offset+octet-stream, Upload-Offset, 1..MAX_CHUNK bytes. */
gboolean sewa_sim_decode_upload_patch (const SewaSimRequest *req, gint64 *out_offset, GError **error);

gboolean sewa_sim_decode_otp_request (const SewaSimRequest *req, char **out_mobile, GError **error);
gboolean sewa_sim_decode_otp_verify (const SewaSimRequest *req, char **out_otp_id, char **out_code, GError **error);

typedef struct {
  char *doc_id;
  char *type;
  char *upload_id;  /* exactly one of upload_id and vault_id when valid */
  char *vault_id;
} SewaSimDocRef;

typedef struct {
  char *service_id;
  char *catalog_version;
  char *provisional_reference;
  gint64 submitted_at;
  char *citizen_token;   /* may be NULL */
  char *identity_method; /* "otp", "aadhaar-qr-verified", "aadhaar-qr-unverified", "none"; NULL
                          * when the body has no "identity" (kiosks before it was recorded) */
  char *vault_consent;   /* consent.vault_documents: "given", "refused", or NULL (not asked) */
  GPtrArray *documents;  /* of SewaSimDocRef */
  char *canonical;       /* canonical JSON of the whole body */
  char *body_sha256;     /* hex SHA-256 of canonical */
  char *corrects;        /* idempotency key of the application this one corrects, or NULL */
  /* The kiosk's pre-scrutiny report ("prescrutiny", docs/portal-api.md §6), checked against its
   * contract; has_prescrutiny is FALSE when the body has none (kiosks before #17). */
  gboolean has_prescrutiny;
  gboolean prescrutiny_all_passed;
  gboolean prescrutiny_complete;
  gboolean prescrutiny_eligible;
  gboolean prescrutiny_documents_ok;  /* no document check pending, flagged or unreadable */
} SewaSimApplication;

void sewa_sim_application_clear (SewaSimApplication *a);
gboolean sewa_sim_decode_application (const SewaSimRequest *req, SewaSimApplication *out, GError **error);

typedef struct {
  char *version;
  gint64 queue_depth;
  char *health_json;
  char *canonical;       /* canonical JSON of the checked members (unknown members dropped) */
} SewaSimHeartbeat;

void sewa_sim_heartbeat_clear (SewaSimHeartbeat *h);
gboolean sewa_sim_decode_heartbeat (const SewaSimRequest *req, SewaSimHeartbeat *out, GError **error);

typedef struct {
  gint64 seq;
  gint64 at;
  char *event;
  char *detail_json;
  /* The chain (kiosk/sewa-audit-chain.h): all NULL for an entry sent without it. */
  char *actor;
  char *text;
  char *prev_hash;
  char *hash;
} SewaSimAuditEntry;

/* Returns an array of SewaSimAuditEntry* (freed by the array). */
GPtrArray *sewa_sim_decode_audit (const SewaSimRequest *req, GError **error);

/* Idempotency keys: [A-Za-z0-9_-]{16,64}. */
gboolean sewa_sim_is_idempotency_key (const char *key);

/* POST /v1/applications/{key}/payments (docs/portal-api.md §6a). */
typedef struct {
  char *payment_id;      /* the payment's idempotency key */
  char *mode;            /* "upi", "cash" or "waived" */
  gint64 amount_paise;
  char *transaction_ref; /* upi: 12 digits */
  char *counter_receipt; /* cash */
  char *waiver_reason;   /* waived */
  char *operator_id;
  gint64 paid_at;
  char *canonical;       /* canonical JSON of the body, and its SHA-256 */
  char *body_sha256;
} SewaSimPayment;

void sewa_sim_payment_clear (SewaSimPayment *p);
gboolean sewa_sim_decode_payment (const SewaSimRequest *req, SewaSimPayment *out, GError **error);

/* POST /admin/applications/{arn}/upi-payment (docs/portal-api.md §9): the bank's credit of a
 * citizen's UPI payment, as a test simulates it. */
typedef struct {
  char *transaction_ref; /* the UTR: 12 digits */
  gint64 amount_paise;   /* >= 1 */
  gboolean has_paid_at;  /* FALSE: the sim's now is used */
  gint64 paid_at;
  char *canonical;       /* canonical JSON of the body as posted, and its SHA-256: a replay is the */
  char *body_sha256;     /* very same body, even when paid_at was left to the sim's clock */
} SewaSimBankCredit;

void sewa_sim_bank_credit_clear (SewaSimBankCredit *c);
gboolean sewa_sim_decode_bank_credit (const SewaSimRequest *req, SewaSimBankCredit *out, GError **error);

G_END_DECLS
