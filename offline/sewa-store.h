/* sewa-store.h — the kiosk's durable, encrypted outbox (SQLite, WAL).
 *
 * One database file, <state_dir>/queue.db, holds every application the kiosk has accepted, the
 * encrypted pages of their documents, the per-day counter of provisional references, the
 * catalog cache, settings and an append-only audit log. The key lives in a separate 0600 file
 * (default <state_dir>/store.key, see sewa-crypto.h).
 *
 * Durability: every write is one SQLite transaction in WAL mode with synchronous=FULL, so when a
 * call that writes returns TRUE, what it wrote survives a power cut; when it returns FALSE,
 * nothing of it is visible. sewa_store_enqueue() commits the application, its pages and its
 * provisional reference in one transaction: the receipt may be printed when it returns TRUE.
 *
 * References are never issued twice. Next to the database, <state_dir>/store.mark holds a
 * high-water mark sealed with the store key: the highest application row known committed and the
 * last provisional reference handed out. Each enqueue writes it (one of two sealed slots, in
 * place, flushed while the commit flushes the WAL) and returns only once both are on disk, so a
 * power cut leaves the mark at most one application ahead of the database or behind what the
 * database holds, never behind anything acknowledged. One process enqueues (the kiosk). A store
 * that is behind its mark (a lost or damaged queue.db-wal, a database restored from an old copy)
 * or empty while its key exists is refused with SEWA_STORE_ERROR_DATA_LOST instead of silently
 * handing out references printed on receipts again; a reference whose mark was written but whose
 * commit failed is skipped, never reused.
 *
 * At rest: form data, citizen reference, fee details and page bytes are sealed with
 * XChaCha20-Poly1305 (associated data = the row's identity). In clear: ids, provisional
 * reference, ARN, service id, catalog version/hash, state, fee state, counters, timestamps and
 * last-error text (callers must keep citizen data out of error text and audit details).
 * Form fields marked aadhaar are cut to their last four digits before sealing.
 *
 * Application states and who moves them:
 *
 *   queued ──lease_next──▶ uploading ──mark_submitted──▶ submitted ──mark_acknowledged──▶ acknowledged
 *     ▲                      │  │                          │  │
 *     └───mark_retry/────────┘  └──mark_rejected──▶ rejected ◀┘  (mark_retry keeps submitted)
 *         release_lease              quarantine (operator needed) from any non-final state
 *
 * acknowledged and rejected are final: the row's content is never edited (triggers enforce it);
 * a correction is a new application whose `corrects` names the old one. quarantined leaves only
 * by an operator's sewa_store_operator_retry().
 *
 * Leases: sewa_store_lease_next() hands the sync engine the next due application and sets
 * lease_until = now + lease_seconds. While the lease is live nobody else gets the application;
 * once it has expired (the engine crashed or hung) the application is due again, so a crash never
 * leaves it stuck "sending". Every mark_* call ends the lease. Marks do not check lease ownership:
 * there is one sync engine per store.
 *
 * Threading: a SewaStore may be used from several threads; calls are serialised internally.
 * Several processes (the kiosk and kioskctl) may open the same store; writers wait up to 10 s
 * for each other. Calls block on fsync: keep them off the GTK main loop.
 *
 * Times are Unix seconds (UTC). Application ids are the idempotency keys (random UUIDs).
 */
#pragma once

#include <glib-object.h>

#include "sewa-audit-chain.h"

#include "sewa-identity.h"

G_BEGIN_DECLS

#define SEWA_STORE_ERROR (sewa_store_error_quark ())
GQuark sewa_store_error_quark (void);

typedef enum
{
  SEWA_STORE_ERROR_IO,            /* an I/O error reading or writing the state directory */
  SEWA_STORE_ERROR_NO_SPACE,      /* the disk (or quota) is full; nothing of the call was kept */
  SEWA_STORE_ERROR_CORRUPT,       /* database damaged, or a sealed value/page fails to verify */
  SEWA_STORE_ERROR_KEY_MISSING,   /* no key file, but the queue needs one (or creation not allowed) */
  SEWA_STORE_ERROR_KEY_MISMATCH,  /* the key file is not the key this queue was written with */
  SEWA_STORE_ERROR_KEY_INVALID,   /* key file unreadable, wrong size/format, or not mode 0600 */
  SEWA_STORE_ERROR_NOT_FOUND,     /* no such application, page or setting */
  SEWA_STORE_ERROR_INVALID_STATE, /* the transition is not allowed from the current state */
  SEWA_STORE_ERROR_INVALID_INPUT, /* malformed form data, bad arguments */
  SEWA_STORE_ERROR_BUSY,          /* another process held the database for too long */
  SEWA_STORE_ERROR_REFERENCES_EXHAUSTED, /* 9999 provisional references issued today */
  SEWA_STORE_ERROR_TOO_NEW,       /* the database was written by a newer kiosk version */
  SEWA_STORE_ERROR_DATA_LOST,     /* the database is behind the reference mark (or empty, or its
                                   * mark is gone): committed applications were lost, e.g. with
                                   * queue.db-wal; opening it would reissue printed references */
  SEWA_STORE_ERROR_NOT_SENT,      /* a correction names an application the portal has not given
                                   * an ARN yet: it can still be cancelled (or is still on its
                                   * way), and the portal would refuse the link */
} SewaStoreError;

typedef enum
{
  SEWA_APP_QUEUED,
  SEWA_APP_UPLOADING,
  SEWA_APP_SUBMITTED,
  SEWA_APP_ACKNOWLEDGED,
  SEWA_APP_REJECTED,
  SEWA_APP_QUARANTINED,
} SewaAppState;

typedef enum
{
  SEWA_FEE_NONE, /* the service has no fee */
  SEWA_FEE_DUE,  /* a fee is owed and not yet collected */
  SEWA_FEE_PAID, /* collected (cash at the counter or UPI) */
} SewaFeeState;

const char *sewa_app_state_to_string (SewaAppState state);
gboolean    sewa_app_state_from_string (const char *text, SewaAppState *out_state);
gboolean    sewa_app_state_is_final (SewaAppState state);
const char *sewa_fee_state_to_string (SewaFeeState state);

/* A document attached from the citizen's vault by reference: no bytes, only its id. */
typedef struct
{
  const char *document_id; /* catalog documents[].id it satisfies */
  const char *doc_type;    /* the type it is filed under */
  const char *vault_id;    /* ^vd_[0-9a-f]{16}$ */
} SewaNewVaultRef;

/* What the session hands the store at submit. Strings are UTF-8 and borrowed. */
typedef struct
{
  const char *service_id;      /* catalog services[].id */
  const char *catalog_version; /* catalog "version" the form was filled against */
  const char *catalog_hash;    /* hex SHA-256 of the catalog bytes (its ETag) */
  const char *form_json;       /* a JSON object; sealed */
  const char *const *aadhaar_fields; /* NULL-terminated names of members marked aadhaar, or NULL */
  const char *citizen_ref;     /* mobile number or portal citizen id, or NULL; sealed */
  SewaIdentityMethod identity_method; /* how the citizen was identified; sealed */
  const char *citizen_token;   /* the portal's verified-mobile token (method OTP only), or NULL;
                                * sealed, sent with the application (docs/portal-api.md §6) */
  const SewaNewVaultRef *vault_refs; /* vault documents attached (OTP only); sealed */
  gsize n_vault_refs;
  const char *vault_consent;   /* "given" / "refused" when the citizen was asked to let their
                                * vault documents be used, NULL when not; sealed */
  SewaFeeState fee_state;
  gint64 fee_amount_paise;     /* sealed */
  const char *fee_payment_ref; /* UPI transaction id / cash slip, or NULL; sealed */
  const char *corrects;        /* id of the application this one corrects, or NULL; it must
                                * have been sent (hold an ARN), else SEWA_STORE_ERROR_NOT_SENT */
  gint64 created_at;           /* 0 = now; its local date goes into the provisional reference */
  const char *citizen_lang;    /* "pa", "hi" or "en": the citizen's language (receipts are
                                * reprinted in it), or NULL; sealed */
  const char *prescrutiny_json; /* the pre-scrutiny report (kiosk/sewa-prescrutiny.h), a JSON
                                 * object sent as "prescrutiny"; NULL = none; sealed */
  const char *assisted_by;     /* the operator id (kiosk/sewa-config.h SewaConfigOperator) who
                                * filled it in for the citizen, or NULL; sealed (#18) */
} SewaNewApplication;

typedef struct
{
  const char *document_id; /* catalog documents[].id this page belongs to */
  const char *doc_type;    /* e.g. "ADHAR"; may be NULL */
  const char *mime_type;   /* e.g. "image/jpeg" */
  const guint8 *data;
  gsize len;
} SewaNewPage;

typedef struct
{
  guint index;
  char *document_id;      /* NULL unless PII was requested (it comes from the sealed metadata) */
  char *doc_type;         /* idem */
  char *mime_type;        /* idem */
  char *sha256;           /* idem: hex SHA-256 of the page bytes, the argument of read_page */
  gint64 size;
  char *upload_id;        /* portal resumable-upload id, or NULL */
  gint64 confirmed_offset; /* bytes the portal has acknowledged */
  gboolean purged;        /* bytes deleted by retention */
} SewaAppPage;

typedef struct
{
  char *document_id;
  char *doc_type;
  char *vault_id;
} SewaAppVaultRef;

typedef struct
{
  char *id;               /* idempotency key */
  char *reference;        /* provisional receipt reference */
  char *service_id;
  char *catalog_version;
  char *catalog_hash;
  SewaAppState state;
  SewaFeeState fee_state;
  guint attempt_count;    /* leases taken; reset by an operator retry */
  gint64 next_attempt_at;
  gint64 lease_until;     /* 0 = no lease */
  char *last_error;       /* the portal's reason / last transport error, or NULL */
  char *arn;              /* portal application reference, or NULL */
  char *corrects;         /* id of the corrected application, or NULL */
  gint64 created_at, updated_at, submitted_at, acknowledged_at, pages_purged_at; /* 0 = never */
  guint n_pages;
  GPtrArray *pages;       /* of SewaAppPage */

  /* Decrypted only when asked for (lease_next always, get/list on request). */
  gboolean has_pii;
  char *form_json;
  char *citizen_ref;
  char *identity_method;  /* "otp", "none", ... (sewa-identity.h); NULL in records made before
                           * the kiosk recorded it, whose PUT body must stay as it was */
  char *citizen_token;
  GPtrArray *vault_refs;  /* SewaAppVaultRef*, never NULL once PII is read */
  char *vault_consent;    /* "given", "refused" or NULL */
  gint64 fee_amount_paise;
  char *fee_payment_ref;
  char *citizen_lang;     /* "pa", "hi", "en", or NULL in records made before it was kept */
  char *assisted_by;      /* the operator who filled it in for the citizen, or NULL */
  char *prescrutiny_json; /* compact JSON object, or NULL (none, or queued before #17) */
  char *instant_outcome;  /* the portal's instant decision: "approved", "needs_scrutiny", or
                           * NULL (not an instant service, or not sent yet) */
  char *instant_note;     /* its delivery note (approved) or reason (needs_scrutiny), cleaned */
} SewaAppRecord;

void sewa_app_vault_ref_free (SewaAppVaultRef *ref);
void sewa_app_record_free (SewaAppRecord *app);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaAppRecord, sewa_app_record_free)

typedef struct
{
  const char *state_dir;       /* created 0700 if missing */
  const char *key_path;        /* NULL = <state_dir>/store.key */
  gboolean create_key;         /* first start / provisioning: may create the key file, but only
                                * when the database holds no sealed data yet */
  const char *centre_code;     /* for provisional references; NULL = "LDH01" */
  guint kiosk_number;
  const char *vfs_name;        /* SQLite VFS; NULL = default (tests inject faults here) */
  guint max_schema_version;    /* 0 = latest; tests create old schemas to test migration */
  gboolean read_only;          /* kioskctl inspection */
} SewaStoreOptions;

#define SEWA_TYPE_STORE (sewa_store_get_type ())
G_DECLARE_FINAL_TYPE (SewaStore, sewa_store, SEWA, STORE, GObject)

#define SEWA_STORE_SCHEMA_VERSION 7

SewaStore *sewa_store_open (const char *state_dir, const char *key_path, gboolean create_key,
                            GError **error) G_GNUC_WARN_UNUSED_RESULT;
SewaStore *sewa_store_open_full (const SewaStoreOptions *options,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Closes the database (checkpointing the WAL); further calls fail. Finalize also closes. */
void       sewa_store_close (SewaStore *store);
const char *sewa_store_get_db_path (SewaStore *store);
guint      sewa_store_get_schema_version (SewaStore *store);

/* --- the outbox --------------------------------------------------------------------------- */

/* Group commit, for the sync engine: between batch_begin and batch_commit every call this thread
 * makes on the store joins one transaction (each call still all-or-nothing, as a savepoint).
 * Other threads' calls wait until the batch ends, so nothing they are told is committed ever
 * rides on it. A failed commit (or batch_rollback) undoes every change of the batch.
 *
 * A batch commits atomically but, unless @durable, without an fsync (WAL, synchronous=NORMAL):
 * it survives a crash of the process at once, and a power cut once a later durable commit (any
 * enqueue, a durable batch, sewa_store_sync()) has synced the log behind it — a power cut in
 * between rolls the store back to that earlier point, never to an inconsistent one. The engine
 * uses this only for progress it can redo idempotently, and asks for durability before it acts
 * on anything it could not redo (it must not send a request that depends on a batched change
 * before a durable commit of it). */
gboolean sewa_store_batch_begin (SewaStore *store, GError **error);
gboolean sewa_store_batch_commit (SewaStore *store, gboolean durable, GError **error);
/* Makes every earlier commit durable (one fsync of the log; a no-op if nothing is pending). */
gboolean sewa_store_sync (SewaStore *store, GError **error);
void     sewa_store_batch_rollback (SewaStore *store);


/* One transaction: application row, sealed pages (deduplicated by content), link rows, the next
 * provisional reference of the day. Returns the id and reference on success. */
gboolean sewa_store_enqueue (SewaStore *store, const SewaNewApplication *app,
                             const SewaNewPage *pages, gsize n_pages, char **out_id,
                             char **out_reference, GError **error);

/* The next due application: state queued, uploading or submitted, next_attempt_at <= now, and no
 * live lease (lease_until NULL or <= now); oldest next_attempt_at first. Atomically takes the
 * lease (lease_until = now + lease_seconds), counts an attempt, and moves queued/uploading to
 * uploading (submitted stays submitted: the engine polls its status). *out_app (with PII and
 * page metadata) is NULL when nothing is due; that is not an error. */
gboolean sewa_store_lease_next (SewaStore *store, gint64 now, guint lease_seconds,
                                SewaAppRecord **out_app, GError **error);
/* The same for up to @max applications at once, in one transaction, in the same order (an
 * empty array when nothing is due; NULL only on error). */
GPtrArray *sewa_store_lease_batch (SewaStore *store, gint64 now, guint lease_seconds, guint max,
                                   GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* uploading -> submitted with the portal's ARN; status is polled from next_poll_at. Repeating it
 * with the same ARN is a no-op; a different ARN is INVALID_STATE. */
gboolean sewa_store_mark_submitted (SewaStore *store, const char *id, const char *arn,
                                    gint64 next_poll_at, GError **error);
/* submitted -> acknowledged (final). Repeating it is a no-op. */
gboolean sewa_store_mark_acknowledged (SewaStore *store, const char *id, GError **error);
/* A submitted application's status poll is due now (the counter asks whether the portal has
 * received the citizen's UPI payment); any other state is left alone. Not audited: it changes
 * nothing but when the portal is asked. */
gboolean sewa_store_poll_soon (SewaStore *store, const char *id, GError **error);
/* uploading -> queued, or submitted -> submitted, due again at next_attempt_at. */
gboolean sewa_store_mark_retry (SewaStore *store, const char *id, gint64 next_attempt_at,
                                const char *error_text, GError **error);
/* uploading/submitted -> rejected (final) with the portal's reason. */
gboolean sewa_store_mark_rejected (SewaStore *store, const char *id, const char *reason,
                                   GError **error);
/* any non-final state -> quarantined, until an operator retries it. */
gboolean sewa_store_quarantine (SewaStore *store, const char *id, const char *reason,
                                GError **error);
/* Gives the lease back without an attempt (e.g. shutting down): uploading -> queued. */
gboolean sewa_store_release_lease (SewaStore *store, const char *id, GError **error);
/* The portal's instant decision for an application it has accepted (docs/portal-api.md §6):
 * @outcome "approved" or "needs_scrutiny", @note its delivery note or reason (already checked
 * and cleaned by the caller). Recording the same decision again is a no-op; the state is not
 * changed (the status decides that). */
gboolean sewa_store_set_instant_decision (SewaStore *store, const char *id, const char *outcome,
                                          const char *note, GError **error);
/* Operator: quarantined/queued/uploading -> queued (submitted if it has an ARN), due now,
 * attempts reset. Final states are INVALID_STATE. */
gboolean sewa_store_operator_retry (SewaStore *store, const char *id, GError **error);
/* Resumable uploads: remember the portal's upload id and the bytes it confirmed. */
gboolean sewa_store_set_page_upload (SewaStore *store, const char *id, guint page_index,
                                     const char *upload_id, gint64 confirmed_offset,
                                     GError **error);

/* Looks up by id or provisional reference. */
SewaAppRecord *sewa_store_get (SewaStore *store, const char *id_or_reference, gboolean with_pii,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Every application (oldest first), optionally only those in @state (pass -1 for all). */
GPtrArray *sewa_store_list (SewaStore *store, int state, gboolean with_pii,
                            GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Decrypted and hash-verified page bytes; CORRUPT if they fail to verify. */
GBytes *sewa_store_read_page (SewaStore *store, const char *sha256_hex,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  guint pending;        /* queued + uploading + submitted */
  guint unsent;         /* queued + uploading: the portal has not accepted them yet */
  guint quarantined;
  guint rejected;
  guint acknowledged;
  gint64 oldest_pending_created_at; /* 0 if none pending */
} SewaQueueCounts;

gboolean sewa_store_get_counts (SewaStore *store, SewaQueueCounts *out, GError **error);

/* Ids of applications holding a lease at @now, and of every one left "uploading" (a lease can only
 * be left behind by an engine that stopped without releasing it). */
GPtrArray *sewa_store_list_leased (SewaStore *store, gint64 now, GError **error)
  G_GNUC_WARN_UNUSED_RESULT;

/* What the sync engine waits for, from the indexes: pending applications not yet accepted
 * (queued + uploading), whether a submitted one's status poll is due at @now, and the earliest
 * time any pending application is due (its next attempt or the end of its lease; G_MAXINT64
 * when none is pending). */
gboolean sewa_store_get_due (SewaStore *store, gint64 now, guint *out_unsent,
                             gboolean *out_poll_due, gint64 *out_next_due, GError **error);

/* Retention: deletes the page bytes of applications acknowledged more than retention_days
 * before now; the application record (reference, ARN, state, form) stays for reprint and
 * status. Pages shared with a not-yet-expired application stay. */
gboolean sewa_store_purge_documents (SewaStore *store, gint64 now, guint retention_days,
                                     guint *out_n_applications, GError **error);

/* --- catalog cache, settings, audit --------------------------------------------------------- */

/* *out_bytes NULL (and TRUE) when nothing is cached. */
gboolean sewa_store_catalog_get (SewaStore *store, char **out_etag, GBytes **out_bytes,
                                 GError **error);
/* Replaces the cached catalog in one transaction. */
gboolean sewa_store_catalog_put (SewaStore *store, const char *etag, GBytes *bytes,
                                 GError **error);

/* Settings are not secret and not sealed; never put citizen data in them. */
char    *sewa_store_setting_get (SewaStore *store, const char *name,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT; /* NOT_FOUND if unset */
gboolean sewa_store_setting_put (SewaStore *store, const char *name, const char *value,
                                 GError **error);

/* Factory reset (technician mode): deletes every application, page, the cached catalog and all
 * settings (so the device credentials: the kiosk is no longer enrolled), in one transaction.
 * The audit log stays (append-only, no citizen data, and it records the reset) and so do the
 * reference counters, so this kiosk number never issues a reference twice. The caller decides
 * whether losing unsent applications is acceptable (sewa_store_get_counts() first); the engine
 * must be stopped. @out_n_deleted (nullable): applications deleted. */
gboolean sewa_store_factory_reset (SewaStore *store, guint *out_n_deleted, GError **error);

/* Appends to the audit log (append-only: triggers refuse UPDATE and DELETE). @detail must not
 * hold citizen data. */
gboolean sewa_store_audit (SewaStore *store, const char *event, const char *detail,
                           GError **error);

typedef struct
{
  gint64 id;
  gint64 at;
  char *event;
  char *detail;
  char *actor;     /* the operator id, "" for the kiosk itself */
  char *prev_hash; /* the chain links (kiosk/sewa-audit-chain.h) */
  char *hash;
} SewaAuditEntry;
void sewa_audit_entry_free (SewaAuditEntry *entry);
/* Entries with id > after_id, oldest first, at most @limit (0 = all). */
GPtrArray *sewa_store_audit_list (SewaStore *store, gint64 after_id, guint limit,
                                  GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* --- diagnostics ------------------------------------------------------------------------ */

typedef enum
{
  SEWA_STORE_CHECK_STRUCTURE = 1 << 0, /* integrity_check, foreign keys, invariants */
  SEWA_STORE_CHECK_RECORDS = 1 << 1,   /* every sealed application record opens */
  SEWA_STORE_CHECK_PAGES = 1 << 2,     /* every page decrypts and matches its SHA-256 */
  SEWA_STORE_CHECK_ALL = 0x7,
} SewaStoreCheckFlags;

typedef struct
{
  guint n_applications;
  guint n_pages;        /* distinct stored pages verified */
  GPtrArray *problems;  /* of char*, one line each, no citizen data */
} SewaStoreCheckReport;

void sewa_store_check_report_free (SewaStoreCheckReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaStoreCheckReport, sewa_store_check_report_free)

/* Returns the report (problems->len == 0 means healthy), or NULL if the check could not run. */
SewaStoreCheckReport *sewa_store_check (SewaStore *store, SewaStoreCheckFlags flags,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Checks a database file's SQLite structure without the key (for `kioskctl db check` when the
 * store cannot be opened). Returns the problems found (empty = ok). */
GPtrArray *sewa_store_check_file (const char *db_path, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* --- audit chain (issue #18) ----------------------------------------------------------------- */

/* Like sewa_store_audit(), recording who did it: @actor is an operator id (kiosk/
 * sewa-operators.h), NULL or "" for the kiosk itself. */
gboolean sewa_store_audit_as (SewaStore *store, const char *actor, const char *event,
                              const char *detail, GError **error);
/* The chain's genesis and its recorded head (the last entry's hash). */
gboolean sewa_store_audit_anchor (SewaStore *store, char **out_genesis, char **out_head,
                                  GError **error);
/* How far the portal has the log: entries with id <= this were accepted. */
gboolean sewa_store_audit_sent_get (SewaStore *store, gint64 *out_id, GError **error);
gboolean sewa_store_audit_sent_set (SewaStore *store, gint64 id, GError **error);
/* Reads the whole log and checks its chain (sewa_audit_chain_verify()): FALSE only when the
 * check could not run. *out_result SEWA_AUDIT_INTACT or the first problem, *out_id and
 * *out_message (nullable) naming it; *out_n_entries (nullable) how many entries were read. */
gboolean sewa_store_audit_verify (SewaStore *store, SewaAuditTamper *out_result,
                                  guint *out_n_entries, gint64 *out_id, char **out_message,
                                  GError **error);
/* --- payments, cancellations, day close (#18) ----------------------------------------------
 *
 * A payment is a record of its own (table payments), taken by an operator at the counter or
 * confirmed from the portal; the application row is not edited (it may be final already). The
 * fee state a receipt prints is derived: the payment's mode if there is one, else the
 * application's own fee state at enqueue. One payment per application; a second one is
 * SEWA_STORE_ERROR_INVALID_STATE. Every call here is one transaction with its audit line. */

typedef enum
{
  SEWA_PAY_UPI,
  SEWA_PAY_CASH,
  SEWA_PAY_WAIVED,
} SewaPayMode;

typedef enum
{
  SEWA_FEE_STATUS_NOT_REQUIRED,
  SEWA_FEE_STATUS_DUE,
  SEWA_FEE_STATUS_PAID_UPI,
  SEWA_FEE_STATUS_PAID_CASH,
  SEWA_FEE_STATUS_WAIVED,
} SewaFeeStatus;

const char *sewa_pay_mode_to_string (SewaPayMode mode);
gboolean    sewa_pay_mode_from_string (const char *text, SewaPayMode *out_mode);
/* "not_required", "due", "paid_upi", "paid_cash", "waived" */
const char *sewa_fee_status_to_string (SewaFeeStatus status);

/* A UPI transaction reference (UTR) as the payee's app shows it: exactly 12 digits. */
gboolean sewa_upi_txn_ref_is_valid (const char *ref);

typedef struct
{
  SewaPayMode mode;
  gint64 amount_paise;       /* > 0 for upi and cash, 0 for waived */
  const char *upi_txn_ref;   /* upi: 12 digits (sewa_upi_txn_ref_is_valid); sealed */
  gint64 tendered_paise;     /* cash: what the citizen handed over (>= amount); sealed */
  const char *waiver_reason; /* waived: non-empty, no citizen data; sealed */
  const char *operator_id;   /* who took it (sewa_window_operator_current_id); with
                              * by_portal, SEWA_PAYMENT_BY_PORTAL */
  gint64 at;                 /* 0 = now; its local date is the payment's day */
  /* UPI only: the portal received it (its status answer said so, docs/portal-api.md §7), so it
   * is recorded as at the portal already and never sent there. */
  gboolean by_portal;
} SewaNewPayment;

/* The operator id of a payment the portal confirmed (no operator name can be this). */
#define SEWA_PAYMENT_BY_PORTAL "portal"

typedef struct
{
  char *id;                  /* the payment's idempotency key (a UUID) */
  char *application_id;      /* the application's idempotency key */
  char *reference;           /* the application's provisional reference */
  char *arn;                 /* the application's portal reference, or NULL */
  SewaAppState app_state;
  SewaPayMode mode;
  gint64 amount_paise;
  char *upi_txn_ref;         /* upi, else NULL */
  char *counter_receipt;     /* cash: "CR-YYMMDD-NNNN" handed out by the store, else NULL */
  gint64 tendered_paise;     /* cash, else 0 */
  char *waiver_reason;       /* waived, else NULL */
  char *operator_id;
  char *day;                 /* local date, YYYY-MM-DD */
  gint64 created_at;
  gboolean synced;           /* the portal recorded it */
  gint64 synced_at;
  char *service_id;          /* the application's service */
  gboolean held;             /* the portal refused it as a second payment: a refund is owed */
} SewaPaymentRecord;

void sewa_payment_record_free (SewaPaymentRecord *payment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaPaymentRecord, sewa_payment_record_free)

/* Records a payment for the application @id_or_reference (any state but cancelled): validates
 * it, seals its details, gives a cash payment the next counter receipt number of its day and
 * audits it ("payment", with ids, mode, amount and operator; no citizen data). The record
 * (with the counter receipt number) is returned in @out_payment (nullable). */
gboolean sewa_store_payment_add (SewaStore *store, const char *id_or_reference,
                                 const SewaNewPayment *payment, SewaPaymentRecord **out_payment,
                                 GError **error);
/* The application's payment, or NULL (and no error) when it has none. */
SewaPaymentRecord *sewa_store_payment_get (SewaStore *store, const char *id_or_reference,
                                           GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The fee state to print: from the payment if any, else the application's at enqueue. */
gboolean sewa_store_fee_status (SewaStore *store, const char *id_or_reference,
                                SewaFeeStatus *out_status, GError **error);
/* Payments of one local day (YYYY-MM-DD), oldest first; NULL only on error. */
GPtrArray *sewa_store_payment_list_day (SewaStore *store, const char *day,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* For the sync engine: the oldest payment not yet recorded at the portal whose application the
 * portal has acknowledged receiving (it holds an ARN: submitted, acknowledged, or rejected or
 * quarantined after that), so the portal knows the application before its payment. Payments go
 * one at a time in the order they were taken. *out_payment NULL when none is ready. */
gboolean sewa_store_payment_next_unsynced (SewaStore *store, SewaPaymentRecord **out_payment,
                                           GError **error);
/* The portal refused the payment because it holds another one for the application (the
 * citizen paid twice): the payment is kept, never sent, and no longer holds up the payments
 * behind it. @reason is the portal's code (no citizen data). Audited once ("payment_held");
 * repeating it is a no-op. */
gboolean sewa_store_payment_hold (SewaStore *store, const char *payment_id, const char *reason,
                                  GError **error);
/* The portal recorded the payment (repeating it is a no-op). */
gboolean sewa_store_payment_mark_synced (SewaStore *store, const char *payment_id,
                                         GError **error);

/* Cancels an application that was never sent (queued, or quarantined without an ARN) with the
 * operator's reason (sealed): it is quarantined for good, never leased again, and takes no
 * payment. INVALID_STATE if it was sent or is cancelled already. Audited. */
gboolean sewa_store_cancel (SewaStore *store, const char *id_or_reference, const char *reason,
                            const char *operator_id, GError **error);
/* TRUE in *out_cancelled (and the sealed reason in @out_reason, nullable) if cancelled. */
gboolean sewa_store_get_cancellation (SewaStore *store, const char *id_or_reference,
                                      gboolean *out_cancelled, char **out_reason,
                                      GError **error);

/* Day close: records the cash the operator counted against the cash the store expected for
 * @day (the sum of that day's cash payments, returned in @out_expected_paise), and audits the
 * difference. */
gboolean sewa_store_day_close (SewaStore *store, const char *day, gint64 counted_paise,
                               const char *operator_id, gint64 *out_expected_paise,
                               GError **error);

/* The last day close recorded for @day: *out_found FALSE when there is none. */
gboolean sewa_store_day_close_get (SewaStore *store, const char *day, gboolean *out_found,
                                   gint64 *out_expected_paise, gint64 *out_counted_paise,
                                   GError **error);

/* The counter's search by the citizen's mobile (#18): the applications made on the local @day
 * (YYYY-MM-DD) whose citizen mobile ends in @last4 (four digits), oldest first, WITHOUT their
 * citizen data (the sealed records are opened and compared inside the store, and wiped). */
GPtrArray *sewa_store_find_by_mobile (SewaStore *store, const char *day, const char *last4,
                                      GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
