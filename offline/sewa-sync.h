/* sewa-sync.h — the engine that moves the outbox to the portal exactly once.
 *
 * One engine per store. It owns one worker thread, and that thread owns everything that blocks:
 * the libcurl multi handle (connection reuse, HTTP/2, at most `parallelism` applications in
 * flight) and every store call. Each turn of its loop is one store batch (group commit, fsync'd
 * only where a request depends on it: docs/sync-engine.md), and the requests a turn produces
 * leave only after the batch commits. The caller's thread only sees immutable status
 * snapshots and the "status-changed" / "alert" signals, which are emitted on the main context
 * that was thread-default when sewa_sync_new() was called.
 *
 * Per application: each page is uploaded resumably (create the upload with its size and
 * SHA-256; on a retry ask the portal for its offset and send only the rest; the portal checks
 * the hash on completion), then the application is PUT under its idempotency key, the ARN is
 * stored and the application is marked submitted; its status is then polled with backoff until
 * the portal decides (approved/delivered -> acknowledged, rejected -> rejected).
 *
 * Failures (docs/portal-api.md §1): network, timeout, 5xx, 429 -> the application is retried
 * after an exponential backoff with full jitter (Retry-After is a floor for that application;
 * on a heartbeat it holds back the whole engine). If the portal cannot be reached at all the engine goes offline and probes with
 * a heartbeat on the same backoff instead of burning every application's attempts. 401 device_*
 * -> the whole queue pauses and an "alert" is raised until the kiosk is enrolled again (a new
 * device id in the store un-pauses it). 409 idempotency_conflict and other 4xx -> the
 * application is quarantined with the portal's code and message. An application that keeps
 * failing is still retried, but raises an alert after `alert_after_attempts`; nothing is dropped.
 *
 * Wake-ups: sewa_sync_wake() (call it after enqueue), GNetworkMonitor's network-changed, and a
 * timer. Times come from an injectable clock so tests can move time.
 */
#pragma once

#include "sewa-backoff.h"
#include "sewa-citizen.h"
#include "sewa-portal-client.h"
#include "sewa-store.h"

#include <gio/gio.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define SEWA_SYNC_ERROR (sewa_sync_error_quark ())
GQuark sewa_sync_error_quark (void);

typedef enum
{
  SEWA_SYNC_ERROR_LOCKED,       /* another engine already syncs this store */
  SEWA_SYNC_ERROR_PAUSED,       /* the portal refused the device: re-enrolment needed */
  SEWA_SYNC_ERROR_OFFLINE,      /* the portal could not be reached (run_once gave up) */
  SEWA_SYNC_ERROR_TLS,          /* the portal's certificate is not signed by the pinned CA */
  SEWA_SYNC_ERROR_TIMEOUT,      /* run_once hit its deadline with work left */
  SEWA_SYNC_ERROR_STORE,        /* the store failed (the GError message says how) */
  SEWA_SYNC_ERROR_INSECURE,     /* the portal URL is plain http:// off loopback: refused */
} SewaSyncError;

/* Returns the time in microseconds since the Unix epoch (like g_get_real_time()). */
typedef gint64 (*SewaClockFunc) (gpointer user_data);

typedef struct
{
  const char *state_dir;        /* where the engine lock and the pinned CA live */
  const char *key_path;         /* store key (for the sealed device secret); NULL = default */
  SewaPortalClient *client;     /* credentials override (copied); NULL = load from the store */
  const char *version;          /* reported in heartbeats; NULL = this build */

  guint parallelism;            /* applications in flight; 0 = 4 */
  guint chunk_bytes;            /* upload chunk; 0 = 256 KiB (the portal accepts up to 1 MiB) */
  guint lease_seconds;          /* 0 = 900 */
  SewaBackoffPolicy retry;      /* per application; zeroes = 2 s .. 10 min */
  SewaBackoffPolicy offline;    /* probing an unreachable portal; zeroes = 2 s .. 5 min */
  SewaBackoffPolicy poll;       /* status polls; zeroes = 10 min .. 12 h */
  guint timer_seconds;          /* periodic wake; 0 = 60 */
  guint heartbeat_seconds;      /* 0 = 300; G_MAXUINT = never */
  guint catalog_seconds;        /* catalog check; 0 = 3600; G_MAXUINT = never */
  guint alert_after_attempts;   /* 0 = 8 */
  gboolean watch_network;       /* connect to GNetworkMonitor (the kiosk and the daemon do) */
  GNetworkMonitor *network_monitor; /* with watch_network; NULL = g_network_monitor_get_default */

  SewaClockFunc clock;          /* NULL = g_get_real_time */
  gpointer clock_data;
  SewaRandomFunc random;        /* NULL = sewa_backoff_random_default */
  gpointer random_data;
  /* How often the audit log goes to the portal (POST /v1/audit, in order, with its chain links);
   * 0 = with the heartbeat (never when heartbeats are off); G_MAXUINT = never. */
  guint audit_seconds;
} SewaSyncOptions;

typedef enum
{
  SEWA_SYNC_STATE_STOPPED,
  SEWA_SYNC_STATE_IDLE,     /* online, nothing due */
  SEWA_SYNC_STATE_SYNCING,  /* requests in flight */
  SEWA_SYNC_STATE_OFFLINE,  /* the portal cannot be reached; probing with backoff */
  SEWA_SYNC_STATE_PAUSED,   /* the portal refused this device; re-enrolment needed */
} SewaSyncState;

const char *sewa_sync_state_to_string (SewaSyncState state);

/* What the UI shows. A snapshot: immutable, reference-counted (boxed). */
typedef struct
{
  SewaSyncState state;
  gboolean online;             /* the last exchange with the portal got an HTTP answer */
  guint pending;               /* queued + uploading + submitted */
  guint unsent;                /* pending without an ARN yet (queued + uploading, from the store) */
  guint quarantined;
  guint rejected;
  guint acknowledged;
  gint64 oldest_pending_at;    /* created_at of the oldest pending application; 0 = none */
  gint64 last_success_at;      /* last 2xx from the portal; 0 = never */
  gint64 last_attempt_at;
  char *last_error;            /* last failure in words (no citizen data), or NULL */
  char *pause_reason;          /* when PAUSED */
  guint64 requests;            /* requests sent by this engine */
  guint64 upload_bytes;        /* page bytes sent by this engine (resends included) */
  guint64 submitted;           /* applications this engine marked submitted */
  guint64 connections;         /* connections this engine opened (the rest reused one) */
  guint http_version;          /* of the last answer: 11 = HTTP/1.1, 20 = HTTP/2, 0 = none yet */
} SewaSyncStatus;

#define SEWA_TYPE_SYNC_STATUS (sewa_sync_status_get_type ())
GType sewa_sync_status_get_type (void);
SewaSyncStatus *sewa_sync_status_ref (SewaSyncStatus *status);
void sewa_sync_status_unref (SewaSyncStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaSyncStatus, sewa_sync_status_unref)
/* Age of the oldest pending application at @now_s, in seconds (0 = none). */
gint64 sewa_sync_status_oldest_pending_age (const SewaSyncStatus *status, gint64 now_s);

#define SEWA_TYPE_SYNC (sewa_sync_get_type ())
G_DECLARE_FINAL_TYPE (SewaSync, sewa_sync, SEWA, SYNC, GObject)

/* Signals (on the main context of the creating thread):
 *   "status-changed" (SewaSyncStatus *status)
 *   "alert" (const char *code, const char *message): codes "device-refused", "tls-untrusted",
 *           "tls-hostname", "application-stuck", "application-unreadable", "portal-contract",
 *           "portal-retry-after", "clock-skew", "store". No citizen data in either string. */

SewaSync *sewa_sync_new (SewaStore *store, const SewaSyncOptions *options) G_GNUC_WARN_UNUSED_RESULT;

/* The last alert that stopped the queue until someone acted ("device-refused", "tls-untrusted",
 * "tls-hostname") and when (Unix seconds), as the engine remembered it in @store; FALSE when
 * none is recorded (or the record is not one the engine wrote). */
gboolean sewa_sync_get_last_fatal_alert (SewaStore *store, char **out_code, gint64 *out_at);

/* Starts the worker thread. Fails with LOCKED when another engine holds the store, or with the
 * enrolment error when there are no credentials. */
gboolean sewa_sync_start (SewaSync *self, GError **error);
/* Stops the worker and waits for it; in-flight applications get their lease back. */
void     sewa_sync_stop (SewaSync *self);
/* Thread-safe: look for due work now (after an enqueue, an operator retry, a re-enrolment). */
void     sewa_sync_wake (SewaSync *self);
/* Thread-safe: send the audit log's unsent entries as soon as the portal can take them, not at
 * the next interval (a day close: the kiosk may be switched off straight after). Asked while
 * offline or while audit batches are failing, it waits for that to end, not for the interval. */
void     sewa_sync_send_audit_soon (SewaSync *self);

/* Runs the engine on the calling thread until no application is waiting to be sent and no
 * status poll is due, or @timeout_s passes (0 = no deadline). Fails with OFFLINE, PAUSED, TLS or
 * TIMEOUT when it stops for that reason. For `kioskctl sync --once` and tests. */
gboolean sewa_sync_run_once (SewaSync *self, guint timeout_s, GError **error);

/* Fetches the catalog now (If-None-Match with the cached ETag; a new one is swapped in with one
 * store transaction). Synchronous, on the calling thread. *out_changed says whether it changed. */
gboolean sewa_sync_refresh_catalog (SewaSync *self, gboolean *out_changed, GError **error);

/* The current status (a new reference). Thread-safe. */
SewaSyncStatus *sewa_sync_get_status (SewaSync *self);

/* Sets a health entry sent with the next heartbeats ("printer" -> "ok"). Thread-safe. */
void sewa_sync_set_health (SewaSync *self, const char *name, const char *value);

/* A citizen's document vault (docs/portal-api.md §4): GET /v1/citizens/vault with the verified
 * mobile token. Runs on a GTask thread; the result is the "documents" array (a JsonArray). */
void        sewa_sync_fetch_vault_async (SewaSync *self, const char *citizen_token,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data);
JsonArray  *sewa_sync_fetch_vault_finish (SewaSync *self, GAsyncResult *result,
                                          GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The details a citizen gave with earlier applications (docs/portal-api.md §4): GET
 * /v1/citizens/profile with the verified mobile token, read against the contract on the GTask
 * thread (sewa_citizen_parse_profile). Errors are SEWA_CITIZEN_ERROR. */
void                sewa_sync_fetch_profile_async (SewaSync *self, const char *citizen_token,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
SewaCitizenProfile *sewa_sync_fetch_profile_finish (SewaSync *self, GAsyncResult *result,
                                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Mobile OTP (docs/portal-api.md §4), each on a GTask thread. Errors are SEWA_CITIZEN_ERROR
 * (sewa-citizen.h); a wrong or expired code is not an error but the verdict's outcome.
 * @mobile must pass sewa_citizen_is_valid_mobile(). */
void              sewa_sync_request_otp_async (SewaSync *self, const char *mobile,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
SewaOtpChallenge *sewa_sync_request_otp_finish (SewaSync *self, GAsyncResult *result,
                                                GError **error) G_GNUC_WARN_UNUSED_RESULT;
void              sewa_sync_verify_otp_async (SewaSync *self, const char *otp_id, const char *code,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
SewaOtpVerdict   *sewa_sync_verify_otp_finish (SewaSync *self, GAsyncResult *result,
                                               GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The PUT body of an application (canonical JSON, docs/portal-api.md §6), built only from what the
 * store holds so every retry sends the same bytes. @app needs PII and page upload ids. */
GBytes *sewa_sync_application_body (SewaAppRecord *app, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The JSON body of a payment's POST /v1/applications/{key}/payments (docs/portal-api.md §6a). */
GBytes *sewa_sync_payment_body (const SewaPaymentRecord *payment) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
