/* sewa-sync.c — see sewa-sync.h.
 *
 * Shape: sewa_sync_start() spawns one worker thread running engine_run(). Everything the engine
 * touches (the CURLM handle, the calls in flight, the store) is used from that thread only;
 * other threads talk to it through three things guarded by self->lock: the wake flag (plus
 * curl_multi_wakeup), the stop flag, and the published status snapshot. Signals are emitted on
 * the creating thread's main context through a source attached to it (sewa_context_post():
 * g_main_context_invoke() would run them on the engine thread whenever nobody owns the context).
 *
 * An application is a Job: a small state machine, one request in flight at a time, advanced by
 * job_on_done() each time libcurl finishes that request.
 */
#define G_LOG_DOMAIN "sewa-sync"
#define G_LOG_USE_STRUCTURED 1

#include "sewa-build-config.h"
#include "sewa-sync.h"

#include "sewa-enrol.h"
#include "sewa-json.h"
#include "sewa-thread.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

G_DEFINE_QUARK (sewa-sync-error-quark, sewa_sync_error)

#define DURABLE_INTERVAL_US (100 * 1000)
#define STATUS_PUBLISH_INTERVAL_US (200 * 1000)

struct _SewaSync
{
  GObject parent_instance;

  /* Owned references */
  SewaStore *store;
  GMainContext *owner_context;
  SewaSyncOptions options;  /* strings below are owned copies */
  char *state_dir;
  char *key_path;
  char *version;
  SewaPortalClient *client_override;
  GNetworkMonitor *monitor;
  gulong network_changed_id;
  GThread *thread;
  gint64 started_at_us;

  /* Guarded by lock: shared with other threads */
  GMutex lock;
  SewaSyncStatus *status;
  GHashTable *health;        /* name -> value */
  gboolean health_changed;   /* a value changed since the last heartbeat was built */
  gboolean audit_wanted;     /* sewa_sync_send_audit_soon(): not yet taken by the engine */
  SewaPortalClient *client;  /* last credentials the engine used, for the vault call */
  CURLM *multi;              /* non-NULL while the engine runs; only for curl_multi_wakeup */
  gboolean wake_pending;
  gboolean network_changed;
  gboolean stop_requested;
  gboolean running;
};

G_DEFINE_FINAL_TYPE (SewaSync, sewa_sync, G_TYPE_OBJECT)

enum
{
  SIGNAL_STATUS_CHANGED,
  SIGNAL_ALERT,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* --- status boxed type ---------------------------------------------------------------------- */

typedef struct
{
  SewaSyncStatus status;
  gint ref_count;
} StatusBox;

static SewaSyncStatus *
status_new (void)
{
  StatusBox *box = g_new0 (StatusBox, 1);

  box->ref_count = 1;
  return &box->status;
}

SewaSyncStatus *
sewa_sync_status_ref (SewaSyncStatus *status)
{
  StatusBox *box = (StatusBox *) status;

  g_return_val_if_fail (status != NULL, NULL);
  g_atomic_int_inc (&box->ref_count);
  return status;
}

void
sewa_sync_status_unref (SewaSyncStatus *status)
{
  StatusBox *box = (StatusBox *) status;

  if (status == NULL)
    return;
  if (!g_atomic_int_dec_and_test (&box->ref_count))
    return;
  g_free (status->last_error);
  g_free (status->pause_reason);
  g_free (box);
}

G_DEFINE_BOXED_TYPE (SewaSyncStatus, sewa_sync_status, sewa_sync_status_ref,
                     sewa_sync_status_unref)

gint64
sewa_sync_status_oldest_pending_age (const SewaSyncStatus *status, gint64 now_s)
{
  g_return_val_if_fail (status != NULL, 0);
  if (status->oldest_pending_at == 0)
    return 0;
  return MAX (now_s - status->oldest_pending_at, 0);
}

const char *
sewa_sync_state_to_string (SewaSyncState state)
{
  switch (state)
    {
    case SEWA_SYNC_STATE_STOPPED:
      return "stopped";
    case SEWA_SYNC_STATE_IDLE:
      return "idle";
    case SEWA_SYNC_STATE_SYNCING:
      return "syncing";
    case SEWA_SYNC_STATE_OFFLINE:
      return "offline";
    case SEWA_SYNC_STATE_PAUSED:
      return "paused";
    default:
      return "unknown";
    }
}

static gboolean
status_equal (const SewaSyncStatus *a, const SewaSyncStatus *b)
{
  return a->state == b->state && a->online == b->online && a->pending == b->pending
         && a->unsent == b->unsent && a->quarantined == b->quarantined
         && a->rejected == b->rejected && a->acknowledged == b->acknowledged
         && a->oldest_pending_at == b->oldest_pending_at
         && a->last_success_at == b->last_success_at
         && g_strcmp0 (a->last_error, b->last_error) == 0
         && g_strcmp0 (a->pause_reason, b->pause_reason) == 0;
}

/* --- engine state (worker thread only) ------------------------------------------------------ */

typedef enum
{
  STEP_POLL,
  STEP_CREATE_UPLOAD,
  STEP_ASK_OFFSET,
  STEP_PATCH,
  STEP_PUT,
} JobStep;

typedef struct
{
  SewaAppRecord *app;
  JobStep step;
  guint page;            /* index into app->pages of the page being uploaded */
  GBytes *bytes;         /* that page's bytes, read once per job */
  char *upload_id;
  gint64 offset;         /* what the portal has of the current page */
  guint offset_mismatches;
  guint hash_resets;
  SewaPortalCall *call;  /* the request in flight */
} Job;

typedef struct
{
  SewaSync *self;
  CURLM *multi;
  SewaPortalClient *client;
  gboolean once;
  int lock_fd;

  GPtrArray *jobs;                 /* of Job*, at most parallelism */
  SewaPortalCall *heartbeat;       /* in flight, also the probe while offline */
  SewaPortalCall *catalog;         /* in flight */
  SewaPortalCall *audit;           /* in flight: one batch of the audit log */
  gint64 audit_last_seq;           /* the last entry in that batch */
  gint64 next_audit_us;
  gboolean audit_more;             /* entries remain after the last batch sent */
  guint audit_failures;
  gboolean audit_alerted;          /* the portal's refusal of the chain was reported */
  char *catalog_etag;              /* cached one */

  gboolean paused;
  char *pause_reason;
  char *paused_device;
  gboolean offline;
  gboolean tls_untrusted;
  guint offline_attempts;
  gint64 probe_at_us;
  gint64 hold_until_us;            /* Retry-After from the portal holds back new requests */
  gint64 next_heartbeat_us;
  gint64 next_catalog_us;
  gint64 next_due_hint;            /* earliest next_attempt_at this engine scheduled (s) */
  GHashTable *alerted;             /* application ids already reported as stuck */
  GHashTable *contract_alerted;    /* application ids already reported for a contract breach */
  GHashTable *arns;                /* ARN -> application id, for every ARN the store holds */
  gboolean retry_after_alerted;    /* an over-long Retry-After was reported this run */
  GHashTable *poll_retries;        /* submitted ids whose poll failed and is retried soon */

  gboolean online;
  gint64 last_success_at;
  gint64 last_attempt_at;
  char *last_error;
  guint64 requests;
  guint64 upload_bytes;
  guint64 submitted;
  guint64 connections;
  guint http_version;
  gint64 last_publish_us;
  gboolean dirty;
  GError *store_error;             /* the store failed: stop */

  /* Group commit: each turn of the loop handles every finished request and leases new work
   * inside one store batch; the requests that work produces wait in `outgoing` until the batch
   * is durable, so no request ever leaves ahead of the store state that led to it. */
  gboolean batching;
  GPtrArray *outgoing;             /* of SewaPortalCall*, owned by their job/heartbeat/catalog */
  /* Batches commit without an fsync (a crash of the process keeps them; a power cut may take
   * the last moments back, and everything they recorded is redone idempotently). Durable: when a
   * request is about to depend on what the batch recorded (chunks into a new upload), at least
   * every DURABLE_INTERVAL_US, and whenever the engine goes idle. */
  gboolean need_durable;
  gint64 last_durable_us;

  /* Payments (#18): one in flight at a time, oldest first, each only once the portal holds its
   * application (sewa_store_payment_next_unsynced), so they reach it in order. */
  SewaPortalCall *payment;         /* in flight */
  SewaPaymentRecord *payment_rec;  /* what it sends */
  guint payment_attempts;          /* failures of the payment at the head of the line */
  gint64 payment_hold_until_us;    /* its backoff */
  gboolean payment_ready;          /* the last look found one to send */
  gboolean payment_alerted;        /* the head of the line was reported stuck */
} Engine;

static gint64
engine_now_us (Engine *e)
{
  SewaSync *self = e->self;

  if (self->options.clock != NULL)
    return self->options.clock (self->options.clock_data);
  return g_get_real_time ();
}

static gint64
engine_now_s (Engine *e)
{
  return engine_now_us (e) / G_USEC_PER_SEC;
}

static gint64
backoff_ms (Engine *e, const SewaBackoffPolicy *policy, guint attempt, gint64 retry_after_ms)
{
  return sewa_backoff_next_ms (policy, attempt, retry_after_ms, e->self->options.random,
                               e->self->options.random_data);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->app, sewa_app_record_free);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job->upload_id);
  g_assert (job->call == NULL);
  g_free (job);
}

/* --- signals on the owner's context --------------------------------------------------------- */

typedef struct
{
  GWeakRef self;   /* a pending emission must not keep a stopped engine alive */
  SewaSyncStatus *status;
  char *code;
  char *message;
} Emission;

static void
emission_free (gpointer data)
{
  Emission *em = data;

  g_weak_ref_clear (&em->self);
  g_clear_pointer (&em->status, sewa_sync_status_unref);
  g_free (em->code);
  g_free (em->message);
  g_free (em);
}

static gboolean
emit_cb (gpointer data)
{
  Emission *em = data;
  g_autoptr(SewaSync) self = g_weak_ref_get (&em->self);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (em->status != NULL)
    g_signal_emit (self, signals[SIGNAL_STATUS_CHANGED], 0, em->status);
  else
    g_signal_emit (self, signals[SIGNAL_ALERT], 0, em->code, em->message);
  return G_SOURCE_REMOVE;
}

static void
post_emission (SewaSync *self, SewaSyncStatus *status, const char *code, const char *message)
{
  Emission *em = g_new0 (Emission, 1);

  g_weak_ref_init (&em->self, self);
  em->status = status != NULL ? sewa_sync_status_ref (status) : NULL;
  em->code = g_strdup (code);
  em->message = g_strdup (message);
  sewa_context_post (self->owner_context, emit_cb, em, emission_free);
}

static void
engine_alert (Engine *e, const char *code, const char *message)
{
  /* The alerts that stop the queue until someone acts (re-enrol, fix the portal's certificate
   * or the disk) are remembered in the store, so the heartbeat after the fix, and after a
   * restart by the watchdog, still tells the portal what stopped this kiosk last. The "store"
   * alert (a store that fails) cannot be remembered in that store: it is only logged. */
  static const char *const fatal[] = { "device-refused", "tls-untrusted", "tls-hostname" };

  for (guint i = 0; i < G_N_ELEMENTS (fatal); i++)
    if (strcmp (code, fatal[i]) == 0)
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *value = g_strdup_printf ("%s %" G_GINT64_FORMAT, code, engine_now_s (e));

        if (!sewa_store_setting_put (e->self->store, SEWA_SETTING_LAST_FATAL_ALERT, value, &error))
          g_message ("cannot remember the alert: %s", error->message);
      }
  g_message ("alert %s: %s", code, message);
  post_emission (e->self, NULL, code, message);
}

static void
engine_publish (Engine *e, gboolean force)
{
  SewaSync *self = e->self;
  g_autoptr (SewaSyncStatus) status = NULL;
  g_autoptr (GError) error = NULL;
  SewaQueueCounts counts;
  gint64 now = g_get_monotonic_time ();
  gboolean changed;

  /* Inside a batch the counts are not durable yet: publish once it commits. */
  if (e->batching || (!force && now - e->last_publish_us < STATUS_PUBLISH_INTERVAL_US))
    {
      e->dirty = TRUE;
      return;
    }
  e->last_publish_us = now;
  e->dirty = FALSE;

  status = status_new ();
  if (!sewa_store_get_counts (self->store, &counts, &error))
    {
      g_message ("cannot count the queue: %s", error->message);
      memset (&counts, 0, sizeof counts);
    }
  if (e->paused)
    status->state = SEWA_SYNC_STATE_PAUSED;
  else if (e->offline)
    status->state = SEWA_SYNC_STATE_OFFLINE;
  else if (e->jobs->len > 0)
    status->state = SEWA_SYNC_STATE_SYNCING;
  else
    status->state = SEWA_SYNC_STATE_IDLE;
  status->online = e->online && !e->offline;
  status->pending = counts.pending;
  status->unsent = counts.unsent;
  status->quarantined = counts.quarantined;
  status->rejected = counts.rejected;
  status->acknowledged = counts.acknowledged;
  status->oldest_pending_at = counts.oldest_pending_created_at;
  status->last_success_at = e->last_success_at;
  status->last_attempt_at = e->last_attempt_at;
  status->last_error = g_strdup (e->last_error);
  status->pause_reason = g_strdup (e->pause_reason);
  status->requests = e->requests;
  status->upload_bytes = e->upload_bytes;
  status->submitted = e->submitted;
  status->connections = e->connections;
  status->http_version = e->http_version;

  g_mutex_lock (&self->lock);
  changed = self->status == NULL || !status_equal (self->status, status);
  g_clear_pointer (&self->status, sewa_sync_status_unref);
  self->status = sewa_sync_status_ref (status);
  g_mutex_unlock (&self->lock);
  if (changed)
    post_emission (self, status, NULL, NULL);
}

static void
engine_set_error (Engine *e, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
engine_set_error (Engine *e, const char *fmt, ...)
{
  va_list args;

  va_start (args, fmt);
  g_free (e->last_error);
  e->last_error = g_strdup_vprintf (fmt, args);
  va_end (args);
}

/* --- store helpers -------------------------------------------------------------------------- */

/* A failed store call stops the engine: the queue is the source of truth, and carrying on
 * without being able to record progress would only resend work. */
static void
engine_store_failed (Engine *e, const char *what, GError *error)
{
  g_message ("store failed (%s): %s", what, error->message);
  if (e->store_error == NULL)
    {
      e->store_error = g_error_new (SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_STORE, "%s: %s", what,
                                    error->message);
      engine_alert (e, "store", e->store_error->message);
    }
}

static void
engine_hint (Engine *e, gint64 due_s)
{
  e->next_due_hint = MIN (e->next_due_hint, due_s);
}

static void
job_retry (Engine *e, Job *job, gint64 due_s, const char *why)
{
  g_autoptr (GError) error = NULL;

  if (!sewa_store_mark_retry (e->self->store, job->app->id, due_s, why, &error))
    engine_store_failed (e, "mark_retry", error);
  engine_hint (e, due_s);
}

static void
job_release (Engine *e, Job *job)
{
  g_autoptr (GError) error = NULL;

  if (!sewa_store_release_lease (e->self->store, job->app->id, &error))
    engine_store_failed (e, "release_lease", error);
  engine_hint (e, job->app->next_attempt_at);
}

static void
job_quarantine (Engine *e, Job *job, const char *reason)
{
  g_autoptr (GError) error = NULL;

  g_message ("application %s (%s) quarantined: %s", job->app->id, job->app->reference, reason);
  if (!sewa_store_quarantine (e->self->store, job->app->id, reason, &error))
    engine_store_failed (e, "quarantine", error);
}

/* --- requests -------------------------------------------------------------------------------- */

static void
engine_add_call (Engine *e, SewaPortalCall *call)
{
  CURLMcode mc;

  e->requests++;
  e->last_attempt_at = engine_now_s (e);
  if (e->batching)
    {
      g_ptr_array_add (e->outgoing, call);
      return;
    }
  mc = curl_multi_add_handle (e->multi, sewa_portal_call_get_easy (call));
  g_assert (mc == CURLM_OK);
}

static void
job_send (Engine *e, Job *job, JobStep step, const char *method, const char *target,
          const char *content_type, GBytes *body)
{
  SewaPortalCall *call;

  call = sewa_portal_call_new (e->client, method, target, content_type, body, TRUE,
                               engine_now_s (e));
  sewa_portal_call_set_user_data (call, job);
  job->step = step;
  job->call = call;
  engine_add_call (e, call);
}

static void job_next_page (Engine *e, Job *job);

static void
job_send_chunk (Engine *e, Job *job)
{
  g_autofree char *target = sewa_portal_path ("uploads", job->upload_id);
  g_autofree char *offset = g_strdup_printf ("%" G_GINT64_FORMAT, job->offset);
  gsize size = g_bytes_get_size (job->bytes);
  gsize chunk = e->self->options.chunk_bytes;
  g_autoptr (GBytes) piece = NULL;

  g_assert (job->offset >= 0 && (gsize) job->offset < size);
  piece = g_bytes_new_from_bytes (job->bytes, (gsize) job->offset,
                                  MIN (chunk, size - (gsize) job->offset));
  job_send (e, job, STEP_PATCH, "PATCH", target, "application/offset+octet-stream", piece);
  sewa_portal_call_add_header (job->call, "Upload-Offset", offset);
  e->upload_bytes += g_bytes_get_size (piece);
}

static char *
rfc3339 (gint64 unix_s)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_s);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* The application body (docs/portal-api.md §6). Built only from what the store holds, so a retry
 * after a crash rebuilds the same canonical JSON and the portal sees the same body. */
GBytes *
sewa_sync_application_body (SewaAppRecord *app, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *submitted_at = NULL;
  JsonNode *form;
  gboolean has_mobile;
  gsize len;

  g_return_val_if_fail (app != NULL, NULL);

  if (app->form_json == NULL || !json_parser_load_from_data (parser, app->form_json, -1, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_STORE, "no form data");
      return NULL;
    }
  form = json_parser_get_root (parser);
  if (form == NULL || !JSON_NODE_HOLDS_OBJECT (form))
    {
      g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_STORE, "form is not a JSON object");
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "service_id");
  json_builder_add_string_value (b, app->service_id);
  json_builder_set_member_name (b, "catalog_version");
  json_builder_add_string_value (b, app->catalog_version ? app->catalog_version : "");
  json_builder_set_member_name (b, "form");
  json_builder_add_value (b, json_node_copy (form));
  json_builder_set_member_name (b, "documents");
  json_builder_begin_array (b);
  for (guint i = 0; i < app->pages->len; i++)
    {
      SewaAppPage *p = g_ptr_array_index (app->pages, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "doc_id");
      json_builder_add_string_value (b, p->document_id ? p->document_id : "document");
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, p->doc_type ? p->doc_type : "OTHER");
      json_builder_set_member_name (b, "upload_id");
      json_builder_add_string_value (b, p->upload_id);
      json_builder_end_object (b);
    }
  /* Documents from the citizen's vault go by reference: their bytes are at the portal already. */
  for (guint i = 0; app->vault_refs != NULL && i < app->vault_refs->len; i++)
    {
      SewaAppVaultRef *r = g_ptr_array_index (app->vault_refs, i);

      if (r->document_id == NULL || r->doc_type == NULL || r->vault_id == NULL)
        {
          g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_STORE, "incomplete vault reference");
          return NULL;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "doc_id");
      json_builder_add_string_value (b, r->document_id);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, r->doc_type);
      json_builder_set_member_name (b, "vault_id");
      json_builder_add_string_value (b, r->vault_id);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  /* Asked or not, the citizen's answer about their vault is part of the record (DPDP Act 2023:
   * consent for this purpose, this application). */
  if (app->vault_consent != NULL)
    {
      json_builder_set_member_name (b, "consent");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "vault_documents");
      json_builder_add_string_value (b, app->vault_consent);
      json_builder_end_object (b);
    }

  /* Only the last four digits of a mobile number leave the kiosk; the verified-mobile token
   * (an OTP this visit) lets the portal link the application to the citizen and their vault. */
  has_mobile = app->citizen_ref != NULL && strlen (app->citizen_ref) == 10
               && strspn (app->citizen_ref, "0123456789") == 10;
  if (has_mobile || app->citizen_token != NULL)
    {
      json_builder_set_member_name (b, "citizen");
      json_builder_begin_object (b);
      if (has_mobile)
        {
          json_builder_set_member_name (b, "mobile_last4");
          json_builder_add_string_value (b, app->citizen_ref + 6);
        }
      if (app->citizen_token != NULL)
        {
          json_builder_set_member_name (b, "verified_mobile_token");
          json_builder_add_string_value (b, app->citizen_token);
        }
      json_builder_end_object (b);
    }
  /* Records queued before the kiosk recorded how identity was established have no method: their
   * body stays byte for byte what it was, or a retry would be an idempotency conflict. */
  if (app->identity_method != NULL)
    {
      if (!sewa_identity_method_from_string (app->identity_method, NULL))
        {
          g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_STORE, "unknown identity method");
          return NULL;
        }
      json_builder_set_member_name (b, "identity");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, app->identity_method);
      json_builder_end_object (b);
    }

  /* An assisted application (#18) names the operator who filled it in; records without one
   * keep their body as it was. */
  if (app->assisted_by != NULL)
    {
      json_builder_set_member_name (b, "assisted_by");
      json_builder_add_string_value (b, app->assisted_by);
    }

  /* The pre-scrutiny report travels as it was made at submit (records queued before #17 have
   * none, and their body stays as it was). */
  if (app->prescrutiny_json != NULL)
    {
      JsonNode *report = json_from_string (app->prescrutiny_json, NULL);

      if (report == NULL || !JSON_NODE_HOLDS_OBJECT (report))
        {
          g_clear_pointer (&report, json_node_unref);
          g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_STORE, "malformed pre-scrutiny report");
          return NULL;
        }
      json_builder_set_member_name (b, "prescrutiny");
      json_builder_add_value (b, report);
    }

  json_builder_set_member_name (b, "fee");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "amount_paise");
  json_builder_add_int_value (b, app->fee_state == SEWA_FEE_NONE ? 0 : app->fee_amount_paise);
  json_builder_set_member_name (b, "mode");
  /* The store keeps whether a fee was collected, not how; a payment reference is a UPI
   * transaction id unless it is a cash slip. */
  if (app->fee_state == SEWA_FEE_NONE)
    json_builder_add_string_value (b, "none");
  else if (app->fee_payment_ref != NULL && !g_str_has_prefix (app->fee_payment_ref, "CASH"))
    json_builder_add_string_value (b, "upi");
  else
    json_builder_add_string_value (b, "cash");
  if (app->fee_payment_ref != NULL)
    {
      json_builder_set_member_name (b, "transaction_ref");
      json_builder_add_string_value (b, app->fee_payment_ref);
    }
  json_builder_end_object (b);

  /* A correction (docs/portal-api.md §6) names the application it corrects by its key. */
  if (app->corrects != NULL)
    {
      json_builder_set_member_name (b, "corrects");
      json_builder_add_string_value (b, app->corrects);
    }
  json_builder_set_member_name (b, "provisional_reference");
  json_builder_add_string_value (b, app->reference);
  submitted_at = rfc3339 (app->created_at);
  json_builder_set_member_name (b, "submitted_at");
  json_builder_add_string_value (b, submitted_at);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = sewa_portal_canonical_json (root);
  len = strlen (text);
  return g_bytes_new_take (g_steal_pointer (&text), len);
}

static void
job_put (Engine *e, Job *job)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = sewa_sync_application_body (job->app, &error);
  g_autofree char *target = NULL;
  g_autofree char *reason = NULL;

  if (body == NULL)
    {
      reason = g_strdup_printf ("malformed_application: %s", error->message);
      job_quarantine (e, job, reason);
      return;
    }
  target = sewa_portal_path ("applications", job->app->id);
  job_send (e, job, STEP_PUT, "PUT", target, "application/json", body);
}

/* Moves to the first page the portal does not have complete yet, or to the PUT. */
static void
job_next_page (Engine *e, Job *job)
{
  SewaSync *self = e->self;

  while (job->page < job->app->pages->len)
    {
      SewaAppPage *p = g_ptr_array_index (job->app->pages, job->page);
      g_autoptr (GError) error = NULL;

      if (p->upload_id != NULL && p->confirmed_offset == p->size)
        {
          job->page++;
          continue;
        }
      if (p->purged)
        {
          job_quarantine (e, job, "page_purged: the page bytes were deleted before upload");
          return;
        }
      g_clear_pointer (&job->bytes, g_bytes_unref);
      job->bytes = sewa_store_read_page (self->store, p->sha256, &error);
      if (job->bytes == NULL)
        {
          g_autofree char *reason = g_strdup_printf ("page_unreadable: page %u: %s", job->page,
                                                     error->message);

          if (g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT)
              || g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND))
            job_quarantine (e, job, reason);
          else
            engine_store_failed (e, "read_page", error);
          return;
        }
      g_clear_pointer (&job->upload_id, g_free);
      job->offset = 0;
      job->offset_mismatches = 0;
      job->hash_resets = 0;
      /* An upload id stored before ids were checked against the contract is not used again in
       * a request path: the page starts a fresh upload instead. */
      if (p->upload_id != NULL && !sewa_portal_is_valid_upload_id (p->upload_id))
        g_clear_pointer (&p->upload_id, g_free);
      if (p->upload_id == NULL)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();
          g_autoptr (JsonNode) root = NULL;
          g_autofree char *text = NULL;
          g_autoptr (GBytes) body = NULL;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "size");
          json_builder_add_int_value (b, (gint64) g_bytes_get_size (job->bytes));
          json_builder_set_member_name (b, "sha256");
          json_builder_add_string_value (b, p->sha256);
          json_builder_set_member_name (b, "content_type");
          json_builder_add_string_value (b, p->mime_type ? p->mime_type : "image/jpeg");
          json_builder_end_object (b);
          root = json_builder_get_root (b);
          text = sewa_portal_canonical_json (root);
          body = g_bytes_new (text, strlen (text));
          job_send (e, job, STEP_CREATE_UPLOAD, "POST", "/v1/uploads", "application/json", body);
        }
      else
        {
          /* A retry after a crash or a lost answer: ask the portal where it is, and send only
           * the rest. GET rather than HEAD: an error then carries its code (a HEAD's 401 could
           * not say whether the device was revoked or a nonce was replayed). */
          g_autofree char *target = sewa_portal_path ("uploads", p->upload_id);

          job->upload_id = g_strdup (p->upload_id);
          job_send (e, job, STEP_ASK_OFFSET, "GET", target, NULL, NULL);
        }
      return;
    }
  job_put (e, job);
}

static void
job_page_complete (Engine *e, Job *job)
{
  SewaAppPage *p = g_ptr_array_index (job->app->pages, job->page);
  g_autoptr (GError) error = NULL;

  if (!sewa_store_set_page_upload (e->self->store, job->app->id, job->page, job->upload_id,
                                   p->size, &error))
    {
      engine_store_failed (e, "set_page_upload", error);
      return;
    }
  g_free (p->upload_id);
  p->upload_id = g_strdup (job->upload_id);
  p->confirmed_offset = p->size;
  job->page++;
  job_next_page (e, job);
}

static gboolean
parse_offset (const char *text, gint64 *out)
{
  guint64 v;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

/* The instant decision in a status object breaks no contract (absent is fine); the reason why
 * not in @out_why. */
static gboolean
instant_decision_ok (JsonObject *obj, char **out_why)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *note = NULL;
  const char *outcome = NULL;

  if (sewa_portal_parse_instant_decision (obj, &outcome, &note, &error) || error == NULL)
    return TRUE;
  *out_why = g_strdup (error->message);
  return FALSE;
}

/* Once per application: the portal's UPI payment and the kiosk's record disagree. Amounts and
 * the reference only: no citizen data. */
static void
job_fee_alert (Engine *e, Job *job, const char *message)
{
  g_autofree char *key = g_strconcat ("fee:", job->app->id, NULL);

  if (g_hash_table_contains (e->alerted, key))
    return;
  g_hash_table_add (e->alerted, g_steal_pointer (&key));
  engine_alert (e, "payment-conflict", message);
}

/* The status answer's "fee" (docs/portal-api.md §7): the portal received the citizen's UPI
 * payment, so the fee is recorded as paid by UPI, confirmed by the portal (never sent back).
 * Asked again at every poll: once recorded, the same transaction is a no-op. A payment the
 * counter took already (or an application with no fee due) is not overwritten: the operator is
 * alerted, because one of the two payments must be refunded. FALSE with @out_why when the member
 * breaks the contract (nothing of it is kept). */
static gboolean
job_apply_fee_paid (Engine *e, Job *job, JsonObject *obj, char **out_why)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaPaymentRecord) held = NULL;
  g_autofree char *txn = NULL;
  g_autofree char *msg = NULL;
  SewaNewPayment pay = { 0 };
  gint64 amount = 0, paid_at = 0;

  if (!sewa_portal_parse_fee_paid (obj, &amount, &txn, &paid_at, &error))
    {
      if (error == NULL)
        return TRUE;
      *out_why = g_strdup (error->message);
      return FALSE;
    }
  held = sewa_store_payment_get (e->self->store, job->app->id, &error);
  if (error != NULL)
    {
      engine_store_failed (e, "payment_get", error);
      return TRUE;
    }
  if (held != NULL)
    {
      if (held->mode == SEWA_PAY_UPI && g_strcmp0 (held->upi_txn_ref, txn) == 0)
        return TRUE;
      msg = g_strdup_printf ("application %s: the portal received a UPI payment of %" G_GINT64_FORMAT
                             " paise, but the counter recorded %s: refund one of them",
                             job->app->reference, amount, sewa_pay_mode_to_string (held->mode));
      job_fee_alert (e, job, msg);
      return TRUE;
    }
  pay.mode = SEWA_PAY_UPI;
  pay.amount_paise = amount;
  pay.upi_txn_ref = txn;
  pay.operator_id = SEWA_PAYMENT_BY_PORTAL;
  pay.at = paid_at;
  pay.by_portal = TRUE;
  if (!sewa_store_payment_add (e->self->store, job->app->id, &pay, NULL, &error))
    {
      if (!g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE))
        {
          engine_store_failed (e, "payment_add", error);
          return TRUE;
        }
      msg = g_strdup_printf ("application %s: the portal received a UPI payment of %" G_GINT64_FORMAT
                             " paise, but it has no fee due here: refund it",
                             job->app->reference, amount);
      job_fee_alert (e, job, msg);
      return TRUE;
    }
  g_message ("application %s: the portal confirmed its UPI payment", job->app->reference);
  if (amount != job->app->fee_amount_paise)
    {
      msg = g_strdup_printf ("application %s: the portal received %" G_GINT64_FORMAT " paise by UPI "
                             "for a fee of %" G_GINT64_FORMAT " paise",
                             job->app->reference, amount, job->app->fee_amount_paise);
      job_fee_alert (e, job, msg);
    }
  return TRUE;
}

/* The portal's decision, if final, moves the application to its final state. Returns TRUE when
 * it did. */
static gboolean
job_apply_status (Engine *e, Job *job, JsonObject *obj)
{
  const char *status = sewa_portal_json_string (obj, "status");
  g_autoptr (GError) error = NULL;
  g_autofree char *note = NULL;
  const char *outcome = NULL;

  /* An instant service's decision (the PUT's answer, or a later poll's) is kept before the
   * status moves the application on, so the done and status screens can say it. The caller
   * checked it against the contract (job_instant_decision_ok). */
  if (sewa_portal_parse_instant_decision (obj, &outcome, &note, NULL)
      && g_strcmp0 (outcome, job->app->instant_outcome) != 0
      && !sewa_store_set_instant_decision (e->self->store, job->app->id, outcome, note, &error))
    {
      engine_store_failed (e, "set_instant_decision", error);
      return TRUE;
    }

  if (g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "delivered") == 0)
    {
      if (!sewa_store_mark_acknowledged (e->self->store, job->app->id, &error))
        engine_store_failed (e, "mark_acknowledged", error);
      return TRUE;
    }
  if (g_strcmp0 (status, "rejected") == 0)
    {
      const char *raw = sewa_portal_json_string (obj, "reason");
      g_autofree char *reason = raw != NULL ? sewa_portal_clean_text (raw) : NULL;

      if (!sewa_store_mark_rejected (e->self->store, job->app->id,
                                     reason ? reason : "rejected by the portal", &error))
        engine_store_failed (e, "mark_rejected", error);
      return TRUE;
    }
  return FALSE;
}

static gint64
job_poll_due (Engine *e, Job *job, gint64 now_s)
{
  guint attempt = MAX (job->app->attempt_count, 1);

  return now_s + backoff_ms (e, &e->self->options.poll, attempt, -1) / 1000;
}

static void engine_go_offline (Engine *e, const SewaPortalResult *r);
static void engine_pause (Engine *e, const SewaPortalResult *r);

/* The application is retried after its backoff (never sooner than @retry_after_ms), and once it
 * has failed alert_after_attempts times the operator hears about it. */
static void
job_backoff (Engine *e, Job *job, gint64 retry_after_ms, const char *why)
{
  gint64 now_s = engine_now_s (e);
  gint64 delay = backoff_ms (e, &e->self->options.retry, MAX (job->app->attempt_count, 1),
                             retry_after_ms);

  /* Retry-After holds back this application (the delay is never shorter than it); the
   * others carry on, each getting its own answer. Holding the whole engine on every 429
   * was tried: under a steady 6 % of 429s it spent most of its time idle. */
  g_debug ("application %s: %s; retry in %" G_GINT64_FORMAT " ms", job->app->id, why, delay);
  /* Due times are whole seconds in the store: round up so a Retry-After is never cut. */
  job_retry (e, job, now_s + (delay + 999) / 1000, why);
  /* run-once waits for a failed status poll's retry, not for the next regular poll. */
  if (job->step == STEP_POLL)
    g_hash_table_add (e->poll_retries, g_strdup (job->app->id));
  engine_set_error (e, "%s", why);
  if (job->app->attempt_count >= e->self->options.alert_after_attempts
      && !g_hash_table_contains (e->alerted, job->app->id))
    {
      g_autofree char *msg = g_strdup_printf ("application %s has failed %u times: %s",
                                              job->app->reference, job->app->attempt_count, why);

      g_hash_table_add (e->alerted, g_strdup (job->app->id));
      engine_alert (e, "application-stuck", msg);
    }
}

/* A 2xx whose answer breaks the contract (not JSON, no usable ARN or upload id, an offset that
 * makes no sense): the portal is at fault. Nothing of the answer is kept, the application backs
 * off like after a 5xx (never a tight loop), and the operator hears about it once. */
static void
job_contract_fault (Engine *e, Job *job, const char *what)
{
  g_autofree char *why = g_strdup_printf ("portal_contract: %s", what);

  g_message ("application %s: the portal's answer breaks the contract: %s", job->app->id, what);
  if (!g_hash_table_contains (e->contract_alerted, job->app->id))
    {
      g_autofree char *msg = g_strdup_printf ("the portal answered application %s with a reply "
                                              "that breaks the contract (%s); retrying with "
                                              "backoff", job->app->reference, what);

      g_hash_table_add (e->contract_alerted, g_strdup (job->app->id));
      engine_alert (e, "portal-contract", msg);
    }
  job_backoff (e, job, -1, why);
}

/* A Retry-After beyond the cap was cut to it; the operator should know the portal asked. */
static void
engine_check_retry_after (Engine *e, const SewaPortalResult *r)
{
  g_autofree char *msg = NULL;

  if (r->retry_after_requested_ms <= SEWA_PORTAL_RETRY_AFTER_CAP_MS || e->retry_after_alerted)
    return;
  e->retry_after_alerted = TRUE;
  msg = g_strdup_printf ("the portal asked the kiosk to wait %" G_GINT64_FORMAT " s; waiting at "
                         "most %" G_GINT64_FORMAT " s", r->retry_after_requested_ms / 1000,
                         SEWA_PORTAL_RETRY_AFTER_CAP_MS / 1000);
  engine_alert (e, "portal-retry-after", msg);
}

static char *
describe_result (const SewaPortalResult *r)
{
  if (r->http_status == 0)
    return g_strdup_printf ("%s: %s", r->code, r->message ? r->message : "");
  return g_strdup_printf ("%s (HTTP %u)%s%s", r->code ? r->code : "error", r->http_status,
                          r->message ? ": " : "", r->message ? r->message : "");
}

/* Any failure of a job's request ends that job (the application goes back to the queue, is
 * quarantined, or the engine pauses/goes offline); one application never holds up another. */
static void
job_failed (Engine *e, Job *job, SewaPortalCall *call)
{
  const SewaPortalResult *r = sewa_portal_call_get_result (call);
  g_autofree char *why = describe_result (r);
  gint64 now_s = engine_now_s (e);

  switch (r->outcome)
    {
    case SEWA_PORTAL_TRANSIENT:
      if (r->unreachable)
        {
          engine_go_offline (e, r);
          job_release (e, job);
          return;
        }
      if (g_strcmp0 (r->code, "auth_stale") == 0)
        {
          g_autoptr (JsonObject) obj = sewa_portal_call_get_json (call, NULL);
          gint64 server_time = sewa_portal_json_int (obj, "server_time", 0);

          if (server_time > 0)
            {
              e->client->clock_offset_s = server_time - now_s;
              engine_alert (e, "clock-skew", "the kiosk clock is off; corrected from the portal");
            }
        }
      engine_check_retry_after (e, r);
      job_backoff (e, job, r->retry_after_ms, why);
      return;
    case SEWA_PORTAL_AUTH_PAUSE:
      engine_pause (e, r);
      job_release (e, job);
      return;
    case SEWA_PORTAL_CONFLICT:
    case SEWA_PORTAL_PERMANENT:
      job_quarantine (e, job, why);
      return;
    case SEWA_PORTAL_OK:
    default:
      g_assert_not_reached ();
    }
}

/* libcurl finished @job's request: advance the state machine. */
static void
job_on_done (Engine *e, Job *job, SewaPortalCall *call)
{
  const SewaPortalResult *r = sewa_portal_call_get_result (call);
  g_autoptr (GError) error = NULL;
  gint64 now_s = engine_now_s (e);
  JobStep step = job->step;

  if (r->http_status != 0)
    {
      e->online = TRUE;
      if (e->offline)
        {
          e->offline = FALSE;
          e->offline_attempts = 0;
        }
    }
  if (r->outcome == SEWA_PORTAL_OK)
    e->last_success_at = now_s;

  switch (step)
    {
    case STEP_POLL:
      if (r->outcome == SEWA_PORTAL_OK)
        {
          g_autoptr (JsonObject) obj = sewa_portal_call_get_json (call, &error);

          g_autofree char *why = NULL;

          if (obj == NULL)
            {
              job_contract_fault (e, job, error->message);
              return;
            }
          if (!instant_decision_ok (obj, &why))
            {
              job_contract_fault (e, job, why);
              return;
            }
          if (!job_apply_fee_paid (e, job, obj, &why))
            {
              job_contract_fault (e, job, why);
              return;
            }
          if (e->store_error != NULL)
            return;
          if (job_apply_status (e, job, obj))
            return;
          job_retry (e, job, job_poll_due (e, job, now_s), NULL);
          return;
        }
      break;

    case STEP_CREATE_UPLOAD:
      if (r->outcome == SEWA_PORTAL_OK)
        {
          g_autoptr (JsonObject) obj = sewa_portal_call_get_json (call, &error);
          const char *id = sewa_portal_json_string (obj, "upload_id");

          if (obj == NULL)
            {
              job_contract_fault (e, job, error->message);
              return;
            }
          if (!sewa_portal_is_valid_upload_id (id))
            {
              job_contract_fault (e, job, "upload created without a valid upload_id");
              return;
            }
          job->upload_id = g_strdup (id);
          job->offset = 0;
          /* Remember the upload before sending into it, so a crash (or a power cut) resumes it
           * instead of sending the page again from the start. */
          if (!sewa_store_set_page_upload (e->self->store, job->app->id, job->page, id, 0, &error))
            {
              engine_store_failed (e, "set_page_upload", error);
              return;
            }
          e->need_durable = TRUE;
          job_send_chunk (e, job);
          return;
        }
      break;

    case STEP_ASK_OFFSET:
      if (r->outcome == SEWA_PORTAL_OK)
        {
          g_autoptr (JsonObject) obj = sewa_portal_call_get_json (call, &error);
          gint64 offset = sewa_portal_json_int (obj, "offset", -1);
          const char *sha = sewa_portal_json_string (obj, "sha256");
          SewaAppPage *p = g_ptr_array_index (job->app->pages, job->page);

          if (obj == NULL)
            {
              job_contract_fault (e, job, error->message);
              return;
            }
          /* The upload must be for these very bytes; if not (a reused id, a bug), start over. */
          if (sha != NULL && g_ascii_strcasecmp (sha, p->sha256) != 0)
            {
              g_message ("application %s page %u: the portal's upload is for other bytes; "
                         "starting it again", job->app->id, job->page);
              g_clear_pointer (&p->upload_id, g_free);
              p->confirmed_offset = 0;
              job_next_page (e, job);
              return;
            }
          if (sewa_portal_json_bool (obj, "complete", FALSE))
            {
              job_page_complete (e, job);
              return;
            }
          if (offset < 0 || (gsize) offset >= g_bytes_get_size (job->bytes))
            {
              job_contract_fault (e, job, "upload offset missing or out of range");
              return;
            }
          job->offset = offset;
          job_send_chunk (e, job);
          return;
        }
      if (r->http_status == 404)
        {
          /* The portal forgot the upload (uploads live 7 days): start it again. */
          SewaAppPage *p = g_ptr_array_index (job->app->pages, job->page);

          g_clear_pointer (&p->upload_id, g_free);
          p->confirmed_offset = 0;
          job_next_page (e, job);
          return;
        }
      break;

    case STEP_PATCH:
      if (r->outcome == SEWA_PORTAL_OK)
        {
          const char *complete = sewa_portal_call_get_header (call, "Upload-Complete");
          gint64 offset;

          if (g_strcmp0 (complete, "?1") == 0)
            {
              job_page_complete (e, job);
              return;
            }
          if (!parse_offset (sewa_portal_call_get_header (call, "Upload-Offset"), &offset)
              || offset <= job->offset || (gsize) offset >= g_bytes_get_size (job->bytes))
            {
              job_contract_fault (e, job, "upload offset did not advance");
              return;
            }
          job->offset = offset;
          job_send_chunk (e, job);
          return;
        }
      if (r->outcome == SEWA_PORTAL_CONFLICT
          && g_strcmp0 (r->code, "upload_offset_mismatch") == 0 && job->offset_mismatches++ < 4)
        {
          /* We lost our place (a reset after the portal took the bytes): ask, then resume. */
          g_autofree char *target = sewa_portal_path ("uploads", job->upload_id);

          job_send (e, job, STEP_ASK_OFFSET, "GET", target, NULL, NULL);
          return;
        }
      if (g_strcmp0 (r->code, "upload_hash_mismatch") == 0 && job->hash_resets++ < 2)
        {
          /* The portal reset the upload to 0; our bytes are hash-checked by the store, so this
           * was damage in transit: send it again, a bounded number of times. */
          job->offset = 0;
          job_send_chunk (e, job);
          return;
        }
      break;

    case STEP_PUT:
      if (r->outcome == SEWA_PORTAL_OK)
        {
          g_autoptr (JsonObject) obj = sewa_portal_call_get_json (call, &error);
          const char *arn = sewa_portal_json_string (obj, "arn");
          g_autofree char *why = NULL;
          const char *owner = arn != NULL ? g_hash_table_lookup (e->arns, arn) : NULL;

          if (obj == NULL)
            {
              job_contract_fault (e, job, error->message);
              return;
            }
          /* The ARN is stored, printed and later put into a request path: only what the
           * contract allows gets in, and one ARN names one application. */
          if (!sewa_portal_is_valid_arn (arn))
            {
              job_contract_fault (e, job, "application accepted without a valid ARN");
              return;
            }
          if (!instant_decision_ok (obj, &why))
            {
              job_contract_fault (e, job, why);
              return;
            }
          if (owner != NULL && !g_str_equal (owner, job->app->id))
            {
              job_contract_fault (e, job, "the ARN given already belongs to another application");
              return;
            }
          if (!sewa_store_mark_submitted (e->self->store, job->app->id, arn,
                                          job_poll_due (e, job, now_s), &error))
            {
              /* Only a portal that changed its mind about the ARN gets here. */
              if (g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE))
                job_contract_fault (e, job, "the portal gave another ARN than before");
              else
                engine_store_failed (e, "mark_submitted", error);
              return;
            }
          g_hash_table_replace (e->arns, g_strdup (arn), g_strdup (job->app->id));
          e->submitted++;
          engine_hint (e, job_poll_due (e, job, now_s));
          g_debug ("application %s submitted as %s", job->app->id, arn);
          /* Instant-decision services are decided in the PUT's answer already. */
          job_apply_status (e, job, obj);
          return;
        }
      break;

    default:
      g_assert_not_reached ();
    }
  job_failed (e, job, call);
}

/* --- engine-wide states ---------------------------------------------------------------------- */

static void
engine_go_offline (Engine *e, const SewaPortalResult *r)
{
  gint64 now = engine_now_us (e);

  e->online = FALSE;
  engine_set_error (e, "%s: %s", r->code, r->message ? r->message : "");
  if (r->tls_hostname && !e->tls_untrusted)
    {
      g_autofree char *msg = g_strdup_printf ("the portal's certificate does not name the host "
                                              "in the portal URL (is the URL right?); not "
                                              "sending anything (%s)",
                                              r->message ? r->message : "");

      e->tls_untrusted = TRUE;
      engine_alert (e, "tls-hostname", msg);
    }
  else if (r->tls_untrusted && !e->tls_untrusted)
    {
      g_autofree char *msg = g_strdup_printf ("the portal's certificate is not signed by the "
                                              "pinned CA; not sending anything (%s)",
                                              r->message ? r->message : "");

      e->tls_untrusted = TRUE;
      engine_alert (e, "tls-untrusted", msg);
    }
  if (e->offline)
    return; /* other requests in flight failed the same way: one backoff step per probe */
  e->offline = TRUE;
  e->offline_attempts++;
  e->probe_at_us = now + backoff_ms (e, &e->self->options.offline, e->offline_attempts, -1) * 1000;
  g_message ("portal unreachable (%s); next probe in %" G_GINT64_FORMAT " ms", r->code,
             (e->probe_at_us - now) / 1000);
}

static void
engine_pause (Engine *e, const SewaPortalResult *r)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *why = describe_result (r);
  g_autofree char *msg = NULL;

  if (e->paused)
    return;
  e->paused = TRUE;
  g_free (e->pause_reason);
  e->pause_reason = g_strdup (why);
  g_free (e->paused_device);
  e->paused_device = g_strdup (e->client->device_id);
  /* Remembered in the store, so a restart does not hammer the portal with a refused device. */
  if (!sewa_store_setting_put (e->self->store, SEWA_SETTING_PAUSED_DEVICE,
                               e->client->device_id ? e->client->device_id : "", &error)
      || !sewa_store_setting_put (e->self->store, SEWA_SETTING_PAUSE_REASON, why, &error))
    g_message ("cannot remember the pause: %s", error->message);
  msg = g_strdup_printf ("the portal refused this kiosk (%s); the queue is paused until the "
                         "kiosk is enrolled again", why);
  engine_alert (e, "device-refused", msg);
}

/* While paused, a re-enrolment (a new device id in the store) resumes the queue. */
static void
engine_check_enrolment (Engine *e)
{
  g_autoptr (SewaPortalClient) fresh = NULL;
  g_autoptr (GError) error = NULL;
  SewaSync *self = e->self;

  if (!e->paused || self->client_override != NULL)
    return;
  fresh = sewa_enrol_load_client (self->store, self->state_dir, self->key_path, &error);
  if (fresh == NULL || g_strcmp0 (fresh->device_id, e->paused_device) == 0
      || !sewa_portal_client_check (fresh, NULL))
    return;
  g_message ("enrolled again as %s: resuming the queue", fresh->device_id);
  sewa_portal_client_free (e->client);
  e->client = g_steal_pointer (&fresh);
  e->paused = FALSE;
  g_clear_pointer (&e->pause_reason, g_free);
  g_clear_pointer (&e->paused_device, g_free);
  g_mutex_lock (&self->lock);
  sewa_portal_client_free (self->client);
  self->client = sewa_portal_client_copy (e->client);
  g_mutex_unlock (&self->lock);
}

gboolean
sewa_sync_get_last_fatal_alert (SewaStore *store, char **out_code, gint64 *out_at)
{
  g_autofree char *value = sewa_store_setting_get (store, SEWA_SETTING_LAST_FATAL_ALERT, NULL);
  g_auto (GStrv) parts = NULL;
  guint64 at = 0;

  if (value == NULL)
    return FALSE;
  parts = g_strsplit (value, " ", 3);
  if (g_strv_length (parts) != 2 || parts[0][0] == '\0' || strlen (parts[0]) > 64
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64 / G_USEC_PER_SEC, &at, NULL))
    return FALSE;
  for (const char *c = parts[0]; *c != '\0'; c++)
    if (!g_ascii_islower (*c) && *c != '-')
      return FALSE;
  *out_code = g_strdup (parts[0]);
  *out_at = (gint64) at;
  return TRUE;
}

static GBytes *
heartbeat_body (Engine *e)
{
  SewaSync *self = e->self;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  SewaQueueCounts counts = { 0 };
  GHashTableIter iter;
  gpointer name, value;
  gsize len;
  gint64 now_s = engine_now_s (e);
  struct statvfs fs;
  g_autofree char *fatal_code = NULL;
  gint64 fatal_at = 0;

  if (!sewa_store_get_counts (self->store, &counts, &error))
    g_message ("cannot count the queue: %s", error->message);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, self->version);
  json_builder_set_member_name (b, "queue_depth");
  json_builder_add_int_value (b, counts.pending);
  json_builder_set_member_name (b, "health");
  json_builder_begin_object (b);
  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->health);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      json_builder_set_member_name (b, name);
      json_builder_add_string_value (b, value);
    }
  g_mutex_unlock (&self->lock);
  json_builder_set_member_name (b, "sync");
  json_builder_add_string_value (b, counts.quarantined > 0 ? "degraded" : "ok");
  json_builder_end_object (b);
  if (counts.oldest_pending_created_at > 0)
    {
      g_autofree char *at = rfc3339 (counts.oldest_pending_created_at);

      json_builder_set_member_name (b, "oldest_queued_at");
      json_builder_add_string_value (b, at);
    }
  json_builder_set_member_name (b, "uptime_s");
  json_builder_add_int_value (b, (g_get_monotonic_time () - self->started_at_us) / G_USEC_PER_SEC);
  if (counts.oldest_pending_created_at > 0)
    {
      /* The age as the kiosk sees it, besides the time: a kiosk whose clock is off still
       * reports how long its oldest application has waited. */
      json_builder_set_member_name (b, "oldest_queued_age_s");
      json_builder_add_int_value (b, MAX (0, now_s - counts.oldest_pending_created_at));
    }
  if (statvfs (self->state_dir, &fs) == 0)
    {
      json_builder_set_member_name (b, "disk_free_mb");
      json_builder_add_int_value (b, (gint64) ((guint64) fs.f_bavail * fs.f_frsize / (1024 * 1024)));
    }
  else
    g_message ("cannot read the free space of %s: %s", self->state_dir, g_strerror (errno));
  if (e->last_success_at > 0)
    {
      g_autofree char *at = rfc3339 (e->last_success_at);

      json_builder_set_member_name (b, "last_sync_at");
      json_builder_add_string_value (b, at);
    }
  if (sewa_sync_get_last_fatal_alert (self->store, &fatal_code, &fatal_at))
    {
      g_autofree char *at = rfc3339 (fatal_at);

      json_builder_set_member_name (b, "last_fatal_alert");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, fatal_code);
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, at);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = sewa_portal_canonical_json (root);
  len = strlen (text);
  return g_bytes_new_take (g_steal_pointer (&text), len);
}

static void
engine_start_heartbeat (Engine *e)
{
  g_autoptr (GBytes) body = heartbeat_body (e);

  e->heartbeat = sewa_portal_call_new (e->client, "POST", "/v1/devices/heartbeat",
                                       "application/json", body, TRUE, engine_now_s (e));
  engine_add_call (e, e->heartbeat);
}

static void
engine_on_heartbeat (Engine *e, SewaPortalCall *call)
{
  const SewaPortalResult *r = sewa_portal_call_get_result (call);
  gint64 now = engine_now_us (e);
  SewaSync *self = e->self;

  if (r->unreachable)
    {
      /* The probe failed: the next one waits one more backoff step. */
      e->offline = FALSE;
      engine_go_offline (e, r);
      return;
    }
  e->online = TRUE;
  if (e->offline)
    g_message ("portal reachable again");
  e->offline = FALSE;
  e->offline_attempts = 0;
  e->tls_untrusted = FALSE;
  e->next_heartbeat_us = now + (gint64) self->options.heartbeat_seconds * G_USEC_PER_SEC;
  switch (r->outcome)
    {
    case SEWA_PORTAL_OK:
      {
        g_autoptr (JsonObject) obj = sewa_portal_call_get_json (call, NULL);
        const char *etag = sewa_portal_json_string (obj, "catalog_etag");

        e->last_success_at = now / G_USEC_PER_SEC;
        if (etag != NULL && g_strcmp0 (etag, e->catalog_etag) != 0
            && self->options.catalog_seconds != G_MAXUINT)
          e->next_catalog_us = now;
      }
      break;
    case SEWA_PORTAL_AUTH_PAUSE:
      engine_pause (e, r);
      break;
    case SEWA_PORTAL_TRANSIENT:
      engine_check_retry_after (e, r);
      if (r->retry_after_ms > 0)
        e->hold_until_us = MAX (e->hold_until_us, now + r->retry_after_ms * 1000);
      break;
    case SEWA_PORTAL_PERMANENT:
    case SEWA_PORTAL_CONFLICT:
    default:
      {
        g_autofree char *why = describe_result (r);

        g_message ("heartbeat refused: %s", why);
      }
      break;
    }
}

/* Checks a catalog answer and swaps it in with one store transaction: a refresh killed at any
 * point leaves the old catalog in place. */
static gboolean
catalog_accept (SewaStore *store, SewaPortalCall *call, char **inout_etag, gboolean *out_changed,
                GError **error)
{
  g_autoptr (GBytes) body = sewa_portal_call_get_body (call);
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *quoted = NULL;
  const char *etag = sewa_portal_call_get_header (call, "ETag");
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);

  *out_changed = FALSE;
  if (sewa_portal_call_get_status (call) == 304)
    return TRUE;
  /* The ETag is the SHA-256 of the bytes: a truncated or altered body never gets in. */
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  quoted = g_strdup_printf ("\"%s\"", hash);
  if (etag == NULL || (g_strcmp0 (etag, quoted) != 0 && g_strcmp0 (etag, hash) != 0))
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                   "catalog body does not match its ETag");
      return FALSE;
    }
  root = sewa_json_parse (data, len, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "services"))
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                   "catalog is not a catalog object");
      return FALSE;
    }
  if (!sewa_store_catalog_put (store, etag, body, error))
    return FALSE;
  g_free (*inout_etag);
  *inout_etag = g_strdup (etag);
  *out_changed = TRUE;
  g_message ("catalog updated (%s)", etag);
  return TRUE;
}

static SewaPortalCall *
catalog_call_new (SewaPortalClient *client, const char *etag, gint64 now_s)
{
  SewaPortalCall *call = sewa_portal_call_new (client, "GET", "/v1/catalog", NULL, NULL, TRUE,
                                               now_s);

  if (etag != NULL)
    sewa_portal_call_add_header (call, "If-None-Match", etag);
  return call;
}

static void
engine_on_catalog (Engine *e, SewaPortalCall *call)
{
  const SewaPortalResult *r = sewa_portal_call_get_result (call);
  g_autoptr (GError) error = NULL;
  gboolean changed = FALSE;
  gint64 now = engine_now_us (e);

  if (r->outcome == SEWA_PORTAL_OK)
    {
      e->next_catalog_us = now + (gint64) e->self->options.catalog_seconds * G_USEC_PER_SEC;
      if (!catalog_accept (e->self->store, call, &e->catalog_etag, &changed, &error))
        g_message ("catalog refresh failed: %s", error->message);
      return;
    }
  if (r->unreachable)
    engine_go_offline (e, r);
  else if (r->outcome == SEWA_PORTAL_AUTH_PAUSE)
    engine_pause (e, r);
  engine_check_retry_after (e, r);
  /* Try again after a retry step rather than the full interval. */
  e->next_catalog_us = now + backoff_ms (e, &e->self->options.retry, 1, r->retry_after_ms) * 1000;
}

/* --- the audit log (docs/portal-api.md §8) ------------------------------------------------------ */

#define AUDIT_BATCH 500

/* The next batch of entries the portal does not have, oldest first, with their chain links.
 * NULL when there is nothing to send (or the store failed: logged, tried again next time). */
static GBytes *
audit_body (Engine *e, gint64 *out_last_seq, gboolean *out_more)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  gint64 sent = 0;
  char *text;
  gsize len;

  if (!sewa_store_audit_sent_get (e->self->store, &sent, &error) ||
      (entries = sewa_store_audit_list (e->self->store, sent, AUDIT_BATCH + 1, &error)) == NULL)
    {
      g_message ("cannot read the audit log to send it: %s", error->message);
      return NULL;
    }
  *out_more = entries->len > AUDIT_BATCH;
  if (entries->len > AUDIT_BATCH)
    g_ptr_array_set_size (entries, AUDIT_BATCH);
  if (entries->len == 0)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      const SewaAuditEntry *a = g_ptr_array_index (entries, i);
      g_autofree char *at = rfc3339 (a->at);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, a->id);
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, at);
      json_builder_set_member_name (b, "event");
      json_builder_add_string_value (b, a->event);
      json_builder_set_member_name (b, "actor");
      json_builder_add_string_value (b, a->actor != NULL ? a->actor : "");
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, a->detail != NULL ? a->detail : "");
      json_builder_set_member_name (b, "prev_hash");
      json_builder_add_string_value (b, a->prev_hash != NULL ? a->prev_hash : "");
      json_builder_set_member_name (b, "hash");
      json_builder_add_string_value (b, a->hash != NULL ? a->hash : "");
      json_builder_end_object (b);
      *out_last_seq = a->id;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = sewa_portal_canonical_json (root);
  len = strlen (text);
  return g_bytes_new_take (text, len);
}

static void
engine_start_audit (Engine *e, gint64 now)
{
  gboolean more = FALSE;
  g_autoptr (GBytes) body = audit_body (e, &e->audit_last_seq, &more);

  e->audit_more = more;
  if (body == NULL)
    {
      e->next_audit_us = now + (gint64) e->self->options.audit_seconds * G_USEC_PER_SEC;
      return;
    }
  e->audit = sewa_portal_call_new (e->client, "POST", "/v1/audit", "application/json", body,
                                   TRUE, now / G_USEC_PER_SEC);
  engine_add_call (e, e->audit);
}

/* The reply must account for exactly the batch sent (§8: accepted + duplicates = entries, the
 * last seq ours) before the mark moves: a portal that did not take them all must not make the
 * kiosk think it did. */
static gboolean
audit_reply_valid (SewaPortalCall *call, gint64 last_seq)
{
  g_autoptr (JsonObject) obj = sewa_portal_call_get_json (call, NULL);

  return obj != NULL && sewa_portal_json_int (obj, "accepted", -1) >= 0 &&
         sewa_portal_json_int (obj, "duplicates", -1) >= 0 &&
         sewa_portal_json_int (obj, "last_seq", -1) == last_seq;
}

static void
engine_on_audit (Engine *e, SewaPortalCall *call)
{
  const SewaPortalResult *r = sewa_portal_call_get_result (call);
  g_autoptr (GError) error = NULL;
  gint64 now = engine_now_us (e);
  gint64 retry_ms;

  if (r->outcome == SEWA_PORTAL_OK && audit_reply_valid (call, e->audit_last_seq))
    {
      if (!sewa_store_audit_sent_set (e->self->store, e->audit_last_seq, &error))
        {
          engine_store_failed (e, "audit_sent", error);
          return;
        }
      e->audit_failures = 0;
      e->next_audit_us = e->audit_more
                           ? now
                           : now + (gint64) e->self->options.audit_seconds * G_USEC_PER_SEC;
      return;
    }
  if (r->outcome == SEWA_PORTAL_OK)
    {
      if (!e->audit_alerted)
        engine_alert (e, "portal-contract",
                      "the portal's answer to the audit log does not account for the entries sent");
      e->audit_alerted = TRUE;
    }
  else if (r->unreachable)
    engine_go_offline (e, r);
  else if (r->outcome == SEWA_PORTAL_AUTH_PAUSE)
    engine_pause (e, r);
  else if (r->outcome == SEWA_PORTAL_CONFLICT || r->outcome == SEWA_PORTAL_PERMANENT)
    {
      /* The portal refuses the chain: someone changed the log here, or the portal lost its
       * copy. Nothing the kiosk can fix by sending again; a technician must look. */
      if (!e->audit_alerted)
        {
          g_autofree char *why = describe_result (r);
          g_autofree char *msg = g_strdup_printf ("the portal refused the audit log: %s; run "
                                                  "kioskctl audit verify", why);

          engine_alert (e, "audit-refused", msg);
        }
      e->audit_alerted = TRUE;
    }
  engine_check_retry_after (e, r);
  /* Run-once keeps trying through transient failures (until its deadline, as with
   * applications); a refusal waits for a technician. */
  e->audit_more = r->outcome == SEWA_PORTAL_TRANSIENT && !r->unreachable;
  e->audit_failures++;
  retry_ms = backoff_ms (e, &e->self->options.retry, e->audit_failures, r->retry_after_ms);
  e->next_audit_us = now + retry_ms * 1000;
}

/* --- payments -------------------------------------------------------------------------------- */

/* POST /v1/applications/{key}/payments (docs/portal-api.md §6a). The body is built from the
 * stored record alone, so a retry sends the same bytes and the portal sees a replay. */
GBytes *
sewa_sync_payment_body (const SewaPaymentRecord *p)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *paid_at = rfc3339 (p->created_at);
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "payment_id");
  json_builder_add_string_value (b, p->id);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, sewa_pay_mode_to_string (p->mode));
  json_builder_set_member_name (b, "amount_paise");
  json_builder_add_int_value (b, p->amount_paise);
  json_builder_set_member_name (b, "operator_id");
  json_builder_add_string_value (b, p->operator_id);
  json_builder_set_member_name (b, "paid_at");
  json_builder_add_string_value (b, paid_at);
  if (p->mode == SEWA_PAY_UPI)
    {
      json_builder_set_member_name (b, "transaction_ref");
      json_builder_add_string_value (b, p->upi_txn_ref);
    }
  else if (p->mode == SEWA_PAY_CASH)
    {
      json_builder_set_member_name (b, "counter_receipt");
      json_builder_add_string_value (b, p->counter_receipt);
    }
  else
    {
      json_builder_set_member_name (b, "waiver_reason");
      json_builder_add_string_value (b, p->waiver_reason);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static void
engine_start_payment (Engine *e)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *target = NULL;
  SewaPaymentRecord *rec = NULL;

  if (!sewa_store_payment_next_unsynced (e->self->store, &rec, &error))
    {
      engine_store_failed (e, "payment_next", error);
      return;
    }
  e->payment_ready = rec != NULL;
  if (rec == NULL)
    return;
  if (e->payment_rec == NULL || g_strcmp0 (e->payment_rec->id, rec->id) != 0)
    {
      e->payment_attempts = 0;
      e->payment_alerted = FALSE;
    }
  g_clear_pointer (&e->payment_rec, sewa_payment_record_free);
  e->payment_rec = rec;
  body = sewa_sync_payment_body (rec);
  target = g_strdup_printf ("/v1/applications/%s/payments", rec->application_id);
  e->payment = sewa_portal_call_new (e->client, "POST", target, "application/json", body, TRUE,
                                     engine_now_s (e));
  engine_add_call (e, e->payment);
}

/* The payment at the head of the line failed: it waits its backoff (the ones behind it wait too,
 * so they stay in order), and after alert_after_attempts the operator hears about it once. */
static void
payment_backoff (Engine *e, gint64 retry_after_ms, const char *why)
{
  gint64 delay;

  e->payment_attempts++;
  delay = backoff_ms (e, &e->self->options.retry, e->payment_attempts, retry_after_ms);
  e->payment_hold_until_us = engine_now_us (e) + delay * 1000;
  g_debug ("payment %s: %s; retry in %" G_GINT64_FORMAT " ms", e->payment_rec->id, why, delay);
  engine_set_error (e, "%s", why);
  if (e->payment_attempts >= e->self->options.alert_after_attempts && !e->payment_alerted)
    {
      g_autofree char *msg = g_strdup_printf ("the payment of application %s has failed %u "
                                              "times: %s", e->payment_rec->reference,
                                              e->payment_attempts, why);

      e->payment_alerted = TRUE;
      engine_alert (e, "payment-stuck", msg);
    }
}

static void
engine_on_payment (Engine *e, SewaPortalCall *call)
{
  const SewaPortalResult *r = sewa_portal_call_get_result (call);
  g_autoptr (GError) error = NULL;
  g_autofree char *why = NULL;

  e->last_attempt_at = engine_now_s (e);
  if (r->unreachable)
    {
      payment_backoff (e, -1, "portal unreachable");
      engine_go_offline (e, r);
      return;
    }
  switch (r->outcome)
    {
    case SEWA_PORTAL_OK:
      {
        g_autoptr (JsonObject) obj = sewa_portal_call_get_json (call, NULL);
        const char *id = obj != NULL ? sewa_portal_json_string (obj, "payment_id") : NULL;
        const char *arn = obj != NULL ? sewa_portal_json_string (obj, "arn") : NULL;

        /* Recorded only if the answer is about this payment of this application. */
        if (g_strcmp0 (id, e->payment_rec->id) != 0 || g_strcmp0 (arn, e->payment_rec->arn) != 0)
          {
            g_message ("payment %s: the portal's answer breaks the contract", e->payment_rec->id);
            engine_alert (e, "portal-contract", "the portal answered a payment with a reply that "
                                                "does not name it; retrying with backoff");
            payment_backoff (e, -1, "portal_contract: payment answer");
            return;
          }
        e->online = TRUE;
        e->last_success_at = engine_now_s (e);
        if (!sewa_store_payment_mark_synced (e->self->store, e->payment_rec->id, &error))
          {
            engine_store_failed (e, "payment_mark_synced", error);
            return;
          }
        e->payment_attempts = 0;
        e->payment_hold_until_us = 0;
        g_clear_pointer (&e->payment_rec, sewa_payment_record_free);
      }
      break;
    case SEWA_PORTAL_AUTH_PAUSE:
      engine_pause (e, r);
      break;
    case SEWA_PORTAL_TRANSIENT:
      engine_check_retry_after (e, r);
      why = describe_result (r);
      payment_backoff (e, r->retry_after_ms, why);
      break;
    case SEWA_PORTAL_CONFLICT:
      if (g_strcmp0 (r->code, "idempotency_conflict") == 0)
        {
          /* The portal holds another payment for this application (the citizen paid with the
           * UPI code and at the counter): retrying cannot help, and holding the line would keep
           * every later payment from the portal. It is kept, held back, and the operator told
           * that one payment must be refunded. */
          g_autofree char *msg = g_strdup_printf ("application %s: the portal holds another payment "
                                                  "for it; this %s payment is held back: refund one of them",
                                                  e->payment_rec->reference,
                                                  sewa_pay_mode_to_string (e->payment_rec->mode));

          if (!sewa_store_payment_hold (e->self->store, e->payment_rec->id, "idempotency_conflict", &error))
            {
              engine_store_failed (e, "payment_hold", error);
              return;
            }
          g_message ("payment %s held back: the portal holds another payment for its application",
                     e->payment_rec->id);
          engine_alert (e, "payment-conflict", msg);
          e->payment_attempts = 0;
          e->payment_hold_until_us = 0;
          g_clear_pointer (&e->payment_rec, sewa_payment_record_free);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case SEWA_PORTAL_PERMANENT:
    default:
      /* A payment is never dropped: it waits at the head of the line (with the longest backoff)
       * until someone fixes it, and the operator is told at once. */
      why = describe_result (r);
      g_message ("payment %s refused: %s", e->payment_rec->id, why);
      e->payment_attempts = MAX (e->payment_attempts, e->self->options.alert_after_attempts - 1);
      payment_backoff (e, -1, why);
      break;
    }
}

/* --- the loop -------------------------------------------------------------------------------- */

static gboolean
take_wake (SewaSync *self, gboolean *out_network_changed)
{
  gboolean wake;

  g_mutex_lock (&self->lock);
  wake = self->wake_pending;
  *out_network_changed = self->network_changed;
  self->wake_pending = FALSE;
  self->network_changed = FALSE;
  g_mutex_unlock (&self->lock);
  return wake;
}

static gboolean
take_health_changed (SewaSync *self)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = self->health_changed;
  self->health_changed = FALSE;
  g_mutex_unlock (&self->lock);
  return changed;
}

static gboolean
take_audit_wanted (SewaSync *self)
{
  gboolean wanted;

  g_mutex_lock (&self->lock);
  wanted = self->audit_wanted;
  self->audit_wanted = FALSE;
  g_mutex_unlock (&self->lock);
  return wanted;
}

static gboolean
stop_requested (SewaSync *self)
{
  gboolean stop;

  g_mutex_lock (&self->lock);
  stop = self->stop_requested;
  g_mutex_unlock (&self->lock);
  return stop;
}

/* The lease failed because a record could not be decrypted (its sealed data fails
 * authentication): find every due application that cannot be read and quarantine it with the
 * reason, so the healthy ones go on. Returns how many were quarantined. The store's lease query
 * reads each picked record inside its transaction, so one bad record fails the whole batch;
 * this pass is the engine's way round that until the store skips such records itself. */
static guint
engine_quarantine_unreadable (Engine *e, gint64 now_s)
{
  static const SewaAppState due_states[] = { SEWA_APP_QUEUED, SEWA_APP_UPLOADING,
                                             SEWA_APP_SUBMITTED };
  SewaSync *self = e->self;
  guint n = 0;

  for (gsize s = 0; s < G_N_ELEMENTS (due_states); s++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) apps = sewa_store_list (self->store, due_states[s], FALSE, &error);

      if (apps == NULL)
        return n;
      for (guint i = 0; i < apps->len; i++)
        {
          SewaAppRecord *app = g_ptr_array_index (apps, i);
          g_autoptr (SewaAppRecord) full = NULL;
          g_autoptr (GError) local = NULL;
          g_autoptr (GError) qerror = NULL;
          g_autofree char *reason = NULL;
          g_autofree char *msg = NULL;

          if (app->next_attempt_at > now_s || app->lease_until > now_s)
            continue;
          full = sewa_store_get (self->store, app->id, TRUE, &local);
          if (full != NULL || !g_error_matches (local, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT))
            continue;
          reason = g_strdup_printf ("record_unreadable: %s", local->message);
          g_message ("application %s (%s) quarantined: %s", app->id, app->reference, reason);
          if (!sewa_store_quarantine (self->store, app->id, reason, &qerror))
            {
              g_message ("cannot quarantine %s: %s", app->id, qerror->message);
              continue;
            }
          msg = g_strdup_printf ("application %s cannot be read from the queue (its sealed "
                                 "record fails authentication); quarantined, the others go on",
                                 app->reference);
          engine_alert (e, "application-unreadable", msg);
          n++;
        }
    }
  return n;
}

/* Leases due applications until `parallelism` are in flight (one query for all of them). */
static void
engine_fill (Engine *e)
{
  SewaSync *self = e->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) apps = NULL;
  gint64 now_s = engine_now_s (e);

  if (e->jobs->len >= self->options.parallelism || e->store_error != NULL)
    return;
  apps = sewa_store_lease_batch (self->store, now_s, self->options.lease_seconds,
                                 self->options.parallelism - e->jobs->len, &error);
  if (apps == NULL && g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT)
      && engine_quarantine_unreadable (e, now_s) > 0)
    {
      g_clear_error (&error);
      apps = sewa_store_lease_batch (self->store, now_s, self->options.lease_seconds,
                                     self->options.parallelism - e->jobs->len, &error);
    }
  if (apps == NULL)
    {
      engine_store_failed (e, "lease", error);
      return;
    }
  if (apps->len == 0)
    {
      /* Everything this engine scheduled up to now has been taken. */
      if (e->next_due_hint <= now_s)
        e->next_due_hint = G_MAXINT64;
      return;
    }
  for (guint i = 0; i < apps->len && e->store_error == NULL; i++)
    {
      SewaAppRecord *app = g_steal_pointer (&apps->pdata[i]);
      Job *job = g_new0 (Job, 1);

      job->app = app;
      g_hash_table_remove (e->poll_retries, app->id);
      g_ptr_array_add (e->jobs, job);
      if (app->state == SEWA_APP_SUBMITTED && app->arn != NULL
          && !sewa_portal_is_valid_arn (app->arn))
        /* Stored before ARNs were checked: it must not go into a request path. */
        job_quarantine (e, job, "arn_invalid: the stored ARN breaks the portal contract");
      else if (app->state == SEWA_APP_SUBMITTED && app->arn != NULL)
        {
          g_autofree char *target = sewa_portal_path ("status", app->arn);

          job_send (e, job, STEP_POLL, "GET", target, NULL, NULL);
        }
      else
        job_next_page (e, job);
      if (job->call == NULL)
        {
          g_ptr_array_remove_fast (e->jobs, job);
          job_free (job);
        }
    }
}

static void
engine_on_done (Engine *e, CURLMsg *msg)
{
  SewaPortalCall *call = NULL;
  gint64 now_s = engine_now_s (e);

  curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &call);
  g_assert (call != NULL);
  {
    long connects = 0, version = 0;

    if (curl_easy_getinfo (msg->easy_handle, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK)
      e->connections += (guint64) MAX (connects, 0);
    if (curl_easy_getinfo (msg->easy_handle, CURLINFO_HTTP_VERSION, &version) == CURLE_OK)
      switch (version)
        {
        case CURL_HTTP_VERSION_1_0: e->http_version = 10; break;
        case CURL_HTTP_VERSION_1_1: e->http_version = 11; break;
        case CURL_HTTP_VERSION_2_0: e->http_version = 20; break;
        case CURL_HTTP_VERSION_3: e->http_version = 30; break;
        default: break; /* 0: no answer */
        }
  }
  curl_multi_remove_handle (e->multi, msg->easy_handle);
  sewa_portal_call_finish (call, msg->data.result, now_s);

  if (call == e->heartbeat)
    {
      e->heartbeat = NULL;
      engine_on_heartbeat (e, call);
    }
  else if (call == e->payment)
    {
      e->payment = NULL;
      engine_on_payment (e, call);
    }
  else if (call == e->catalog)
    {
      e->catalog = NULL;
      engine_on_catalog (e, call);
    }
  else if (call == e->audit)
    {
      e->audit = NULL;
      engine_on_audit (e, call);
    }
  else
    {
      Job *job = sewa_portal_call_get_user_data (call);

      g_assert (job != NULL && job->call == call);
      job->call = NULL;
      job_on_done (e, job, call);
      if (job->call == NULL)
        {
          g_ptr_array_remove_fast (e->jobs, job);
          job_free (job);
        }
    }
  sewa_portal_call_free (call);
  engine_publish (e, FALSE);
}

typedef struct
{
  guint unsent;          /* queued + uploading */
  gboolean poll_due;     /* a submitted application is due now */
  gint64 next_due;       /* earliest next_attempt_at of any pending application */
} Scan;

static gboolean
engine_scan (Engine *e, gint64 now_s, Scan *out, GError **error)
{
  return sewa_store_get_due (e->self->store, now_s, &out->unsent, &out->poll_due, &out->next_due,
                             error);
}

/* A crashed engine leaves leases behind; the engine lock says no other engine is running, so
 * every live lease is stale and goes back to the queue without counting an attempt. */
static gboolean
engine_recover_leases (Engine *e, GError **error)
{
  g_autoptr (GPtrArray) ids = sewa_store_list_leased (e->self->store, engine_now_s (e), error);

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!sewa_store_release_lease (e->self->store, ids->pdata[i], error))
      return FALSE;
  if (ids->len > 0)
    g_message ("took back %u leases of an engine that stopped without releasing them", ids->len);
  return TRUE;
}

/* The holder of sync.lock writes "pid=N since=UNIX-SECONDS" into it, so a refused engine (a
 * second `kioskctl sync` next to the kiosk's own) can tell the technician which process to look
 * at. The file is read back as outside input: anything but that exact line, or a pid that is no
 * longer running (a holder that died between another's flock and its write), names nobody. */
static char *
engine_lock_holder (int fd)
{
  char buf[64];
  ssize_t n = pread (fd, buf, sizeof buf - 1, 0);
  long long pid = 0;
  long long since = 0;
  int used = 0;
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *when_text = NULL;

  if (n <= 0)
    return NULL;
  buf[n] = '\0';
  if (sscanf (buf, "pid=%lld since=%lld\n%n", &pid, &since, &used) != 2 || used != n
      || pid <= 0 || pid > G_MAXINT || since <= 0)
    return NULL;
  /* EPERM is a live process of another user, which still holds the lock. */
  if (kill ((pid_t) pid, 0) != 0 && errno != EPERM)
    return NULL;
  when = g_date_time_new_from_unix_utc (since);
  if (when == NULL)
    return g_strdup_printf ("pid %lld", pid);
  when_text = g_date_time_format (when, "%Y-%m-%d %H:%M:%S UTC");
  return g_strdup_printf ("pid %lld, since %s", pid, when_text);
}

static gboolean
engine_lock (SewaSync *self, Engine *e, GError **error)
{
  g_autofree char *path = g_build_filename (self->state_dir, "sync.lock", NULL);
  g_autofree char *stamp = NULL;
  size_t stamp_len;

  e->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (e->lock_fd < 0)
    {
      int saved = errno;

      g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_LOCKED, "cannot open %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  /* flock, not fcntl locks: it is released by the kernel when the process dies, and it is per
   * open file, so two engines in one process also exclude each other. */
  if (flock (e->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_autofree char *holder = engine_lock_holder (e->lock_fd);

      if (holder != NULL)
        g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_LOCKED,
                     "another sync engine (%s) is already running on %s", holder,
                     self->state_dir);
      else
        g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_LOCKED,
                     "another sync engine is already running on %s (it has not said which "
                     "process it is)", self->state_dir);
      close (e->lock_fd);
      e->lock_fd = -1;
      return FALSE;
    }
  /* Naming the holder is a courtesy to whoever is refused: failing to write it must not stop
   * the queue from draining, so it is only logged. */
  stamp = g_strdup_printf ("pid=%d since=%" G_GINT64_FORMAT "\n", (int) getpid (),
                           g_get_real_time () / G_USEC_PER_SEC);
  stamp_len = strlen (stamp);
  if (ftruncate (e->lock_fd, 0) != 0
      || pwrite (e->lock_fd, stamp, stamp_len, 0) != (ssize_t) stamp_len)
    g_message ("cannot record this engine as the holder of %s: %s", path, g_strerror (errno));
  return TRUE;
}

/* Empties the holder line before the lock goes, so the file never names a finished engine. */
static void
engine_unlock (Engine *e)
{
  if (e->lock_fd < 0)
    return;
  if (ftruncate (e->lock_fd, 0) != 0)
    g_message ("cannot clear the sync lock's holder: %s", g_strerror (errno));
  close (e->lock_fd);
  e->lock_fd = -1;
}

/* Every ARN the store already holds, so the portal cannot hand one out twice unnoticed. */
static gboolean
engine_load_arns (Engine *e, GError **error)
{
  g_autoptr (GPtrArray) apps = sewa_store_list (e->self->store, -1, FALSE, error);

  if (apps == NULL)
    return FALSE;
  for (guint i = 0; i < apps->len; i++)
    {
      SewaAppRecord *app = g_ptr_array_index (apps, i);

      if (app->arn != NULL)
        g_hash_table_replace (e->arns, g_strdup (app->arn), g_strdup (app->id));
    }
  return TRUE;
}

static Engine *
engine_new (SewaSync *self, gboolean once, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *paused_device = NULL;
  g_autoptr (GBytes) cached = NULL;
  Engine *e = g_new0 (Engine, 1);
  gint64 now;
  Scan scan;

  e->self = self;
  e->once = once;
  e->lock_fd = -1;
  e->jobs = g_ptr_array_new ();
  e->outgoing = g_ptr_array_new ();
  e->alerted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  e->contract_alerted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  e->arns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  e->poll_retries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  e->next_due_hint = G_MAXINT64;

  if (self->client_override != NULL)
    e->client = sewa_portal_client_copy (self->client_override);
  else
    e->client = sewa_enrol_load_client (self->store, self->state_dir, self->key_path, error);
  if (e->client == NULL)
    goto fail;
  /* Refused before anything connects: an http:// portal off loopback would see every
   * application in clear. */
  if (!sewa_portal_client_check (e->client, &local))
    {
      g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_INSECURE, "%s", local->message);
      goto fail;
    }
  if (!engine_lock (self, e, error))
    goto fail;
  if (!engine_load_arns (e, error))
    goto fail;
  if (!engine_recover_leases (e, error))
    goto fail;

  paused_device = sewa_store_setting_get (self->store, SEWA_SETTING_PAUSED_DEVICE, NULL);
  if (paused_device != NULL && paused_device[0] != '\0'
      && g_strcmp0 (paused_device, e->client->device_id) == 0)
    {
      e->paused = TRUE;
      e->paused_device = g_steal_pointer (&paused_device);
      e->pause_reason = sewa_store_setting_get (self->store, SEWA_SETTING_PAUSE_REASON, NULL);
    }
  if (!sewa_store_catalog_get (self->store, &e->catalog_etag, &cached, &local))
    {
      g_message ("cannot read the cached catalog: %s", local->message);
      g_clear_error (&local);
    }

  now = engine_now_us (e);
  if (!engine_scan (e, now / G_USEC_PER_SEC, &scan, error))
    goto fail;
  e->next_due_hint = scan.next_due;
  e->next_heartbeat_us = self->options.heartbeat_seconds == G_MAXUINT ? G_MAXINT64 : now;
  e->next_catalog_us = self->options.catalog_seconds == G_MAXUINT ? G_MAXINT64 : now;
  e->next_audit_us = self->options.audit_seconds == G_MAXUINT ? G_MAXINT64 : now;

  e->multi = curl_multi_init ();
  curl_multi_setopt (e->multi, CURLMOPT_PIPELINING, (long) CURLPIPE_MULTIPLEX);
  curl_multi_setopt (e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) self->options.parallelism + 2);
  curl_multi_setopt (e->multi, CURLMOPT_MAXCONNECTS, (long) self->options.parallelism + 2);

  g_mutex_lock (&self->lock);
  self->multi = e->multi;
  sewa_portal_client_free (self->client);
  self->client = sewa_portal_client_copy (e->client);
  g_mutex_unlock (&self->lock);
  return e;

fail:
  engine_unlock (e);
  g_clear_pointer (&e->client, sewa_portal_client_free);
  g_ptr_array_unref (e->jobs);
  g_ptr_array_unref (e->outgoing);
  g_hash_table_unref (e->alerted);
  g_hash_table_unref (e->contract_alerted);
  g_hash_table_unref (e->arns);
  g_hash_table_unref (e->poll_retries);
  g_free (e);
  return NULL;
}

static void
engine_free (Engine *e)
{
  SewaSync *self = e->self;

  /* Whatever is still in flight is abandoned: its application goes back to the queue. */
  for (guint i = 0; i < e->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (e->jobs, i);

      if (job->call != NULL)
        {
          curl_multi_remove_handle (e->multi, sewa_portal_call_get_easy (job->call));
          g_clear_pointer (&job->call, sewa_portal_call_free);
        }
      if (e->store_error == NULL)
        job_release (e, job);
      job_free (job);
    }
  g_ptr_array_unref (e->jobs);
  if (e->heartbeat != NULL)
    {
      curl_multi_remove_handle (e->multi, sewa_portal_call_get_easy (e->heartbeat));
      sewa_portal_call_free (e->heartbeat);
    }
  if (e->catalog != NULL)
    {
      curl_multi_remove_handle (e->multi, sewa_portal_call_get_easy (e->catalog));
      sewa_portal_call_free (e->catalog);
    }
  if (e->audit != NULL)
    {
      curl_multi_remove_handle (e->multi, sewa_portal_call_get_easy (e->audit));
      sewa_portal_call_free (e->audit);
    }
  if (e->payment != NULL)
    {
      curl_multi_remove_handle (e->multi, sewa_portal_call_get_easy (e->payment));
      sewa_portal_call_free (e->payment);
    }
  g_clear_pointer (&e->payment_rec, sewa_payment_record_free);
  g_mutex_lock (&self->lock);
  self->multi = NULL;
  g_mutex_unlock (&self->lock);
  curl_multi_cleanup (e->multi);
  engine_unlock (e);
  sewa_portal_client_free (e->client);
  g_free (e->catalog_etag);
  g_free (e->pause_reason);
  g_free (e->paused_device);
  g_free (e->last_error);
  g_hash_table_unref (e->alerted);
  g_hash_table_unref (e->contract_alerted);
  g_hash_table_unref (e->arns);
  g_hash_table_unref (e->poll_retries);
  g_clear_error (&e->store_error);
  g_free (e);
}

static guint
in_flight (Engine *e)
{
  return e->jobs->len + (e->heartbeat != NULL) + (e->catalog != NULL) + (e->audit != NULL)
         + (e->payment != NULL);
}

/* One turn: finished requests are handled and new work is leased in one store batch (one
 * fsync however many applications moved), then the requests they produced are sent. FALSE when
 * the store failed. */
static gboolean
engine_turn (Engine *e, gint64 now)
{
  SewaSync *self = e->self;
  g_autoptr (GError) error = NULL;
  int running = 0, queued;
  gboolean durable;
  CURLMsg *msg;

  if (!sewa_store_batch_begin (self->store, &error))
    {
      engine_store_failed (e, "batch_begin", error);
      return FALSE;
    }
  e->batching = TRUE;
  /* Taken only when no heartbeat is in flight: one built before the change would not carry it,
   * and its answer would push the next one a whole interval away. */
  if (!e->paused && e->heartbeat == NULL && !e->offline && !e->once
      && self->options.heartbeat_seconds != G_MAXUINT && take_health_changed (self))
    e->next_heartbeat_us = MIN (e->next_heartbeat_us, now);
  if (!e->paused && e->heartbeat == NULL
      && (e->offline ? now >= e->probe_at_us : now >= e->next_heartbeat_us && !e->once))
    engine_start_heartbeat (e);
  if (!e->paused && !e->offline && e->catalog == NULL && now >= e->next_catalog_us
      && now >= e->hold_until_us)
    {
      e->catalog = catalog_call_new (e->client, e->catalog_etag, now / G_USEC_PER_SEC);
      engine_add_call (e, e->catalog);
    }
  /* Asked for now (a day close): taken only when a batch could go now, so that one asked for
   * while offline, while a batch is in flight or while failures back off goes once that ends. */
  if (!e->paused && !e->offline && e->audit == NULL && e->audit_failures == 0
      && self->options.audit_seconds != G_MAXUINT && take_audit_wanted (self))
    e->next_audit_us = MIN (e->next_audit_us, now);
  if (!e->paused && !e->offline && e->audit == NULL && now >= e->next_audit_us
      && now >= e->hold_until_us)
    engine_start_audit (e, now);
  curl_multi_perform (e->multi, &running);
  while ((msg = curl_multi_info_read (e->multi, &queued)) != NULL)
    if (msg->msg == CURLMSG_DONE)
      engine_on_done (e, msg);
  /* What just finished may have freed slots, or changed the engine's state (offline, paused,
   * held back by a Retry-After). */
  now = engine_now_us (e);
  if (!e->paused && !e->offline && now >= e->hold_until_us && e->store_error == NULL)
    engine_fill (e);
  if (!e->paused && !e->offline && e->payment == NULL && e->store_error == NULL
      && now >= e->hold_until_us && now >= e->payment_hold_until_us)
    engine_start_payment (e);
  e->batching = FALSE;
  now = g_get_monotonic_time ();
  durable = e->need_durable || now - e->last_durable_us >= DURABLE_INTERVAL_US
            || e->jobs->len == 0;
  /* Each store call was all-or-nothing on its own: keep what succeeded even if one failed. */
  if (!sewa_store_batch_commit (self->store, durable, &error))
    engine_store_failed (e, "commit", error);
  else if (durable)
    {
      e->need_durable = FALSE;
      e->last_durable_us = now;
    }
  if (e->store_error != NULL)
    {
      /* Nothing that rode on the batch may leave; engine_free() frees the calls. */
      g_ptr_array_set_size (e->outgoing, 0);
      return FALSE;
    }
  for (guint i = 0; i < e->outgoing->len; i++)
    {
      CURLMcode mc = curl_multi_add_handle (e->multi,
                                            sewa_portal_call_get_easy (e->outgoing->pdata[i]));

      g_assert (mc == CURLM_OK);
    }
  g_ptr_array_set_size (e->outgoing, 0);
  if (e->dirty)
    engine_publish (e, FALSE);
  return TRUE;
}

/* Runs until stopped (daemon) or until the queue is drained (once). Returns FALSE with @error
 * when run-once ended for a reason the caller must hear about. */
static gboolean
engine_loop (Engine *e, gint64 deadline_us, GError **error)
{
  SewaSync *self = e->self;

  engine_publish (e, TRUE);
  for (;;)
    {
      gboolean network_changed = FALSE;
      gint64 now, wait_until;

      if (stop_requested (self))
        break;
      /* run-once's deadline holds even while requests keep failing and being retried: what is in
       * flight is abandoned (engine_free gives the leases back; a PUT the portal did take is
       * answered with the same ARN next time). */
      if (deadline_us > 0 && in_flight (e) > 0 && engine_now_us (e) >= deadline_us)
        {
          guint unsent = 0;

          if (!sewa_store_get_due (self->store, engine_now_s (e), &unsent, NULL, NULL, NULL))
            unsent = 0;
          g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_TIMEOUT,
                       "%u applications still to send when the time ran out", unsent);
          engine_publish (e, TRUE);
          return FALSE;
        }
      /* While paused, every wake and every timer tick looks for a re-enrolment (kioskctl enrol
       * may run in another process and cannot wake us). */
      if (take_wake (self, &network_changed) || e->paused)
        engine_check_enrolment (e);
      if (network_changed && e->offline)
        e->probe_at_us = 0; /* the link changed: probe now instead of waiting out the backoff */
      now = engine_now_us (e);

      if (e->store_error != NULL)
        break;
      if (!engine_turn (e, now))
        break;

      if (in_flight (e) > 0)
        {
          /* libcurl picks its own timeouts; the cap keeps the wake/stop checks responsive, and
           * a free slot is filled as soon as a retry falls due (not when a socket next stirs). */
          int wait_ms = 1000;

          if (!e->paused && !e->offline && e->jobs->len < self->options.parallelism
              && e->next_due_hint != G_MAXINT64)
            {
              gint64 due_us = MAX (e->next_due_hint * G_USEC_PER_SEC, e->hold_until_us);

              wait_ms = (int) CLAMP ((due_us - engine_now_us (e) + 999) / 1000, 0, 1000);
            }
          curl_multi_poll (e->multi, NULL, 0, wait_ms, NULL);
          continue;
        }

      /* Nothing in flight: decide whether run-once is done, else sleep until the next thing. */
      now = engine_now_us (e);
      if (e->once)
        {
          Scan scan;

          if (e->paused)
            {
              g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_PAUSED,
                           "the portal refused this kiosk (%s): enrol it again",
                           e->pause_reason ? e->pause_reason : "device refused");
              engine_publish (e, TRUE);
              return FALSE;
            }
          if (e->offline)
            {
              g_set_error (error, SEWA_SYNC_ERROR,
                           e->tls_untrusted ? SEWA_SYNC_ERROR_TLS : SEWA_SYNC_ERROR_OFFLINE,
                           e->tls_untrusted
                             ? "refusing the portal: its certificate is not signed by the pinned "
                               "CA (%s)"
                             : "cannot reach the portal: %s",
                           e->last_error ? e->last_error : "");
              engine_publish (e, TRUE);
              return FALSE;
            }
          if (!engine_scan (e, now / G_USEC_PER_SEC, &scan, error))
            return FALSE;
          if (scan.unsent == 0 && !scan.poll_due && g_hash_table_size (e->poll_retries) == 0
              && !e->audit_more && !e->payment_ready)
            break;
          if (deadline_us > 0 && now >= deadline_us)
            {
              g_set_error (error, SEWA_SYNC_ERROR, SEWA_SYNC_ERROR_TIMEOUT,
                           "%u applications still to send when the time ran out", scan.unsent);
              engine_publish (e, TRUE);
              return FALSE;
            }
          /* Nothing due at all (only the audit log left) is G_MAXINT64 seconds. */
          wait_until = MAX (scan.next_due >= G_MAXINT64 / G_USEC_PER_SEC
                              ? G_MAXINT64 : scan.next_due * G_USEC_PER_SEC,
                            e->hold_until_us);
          if (e->audit_more)
            wait_until = MIN (wait_until, MAX (e->next_audit_us, e->hold_until_us));
          if (e->payment_ready)
            wait_until = MIN (wait_until, MAX (e->payment_hold_until_us, e->hold_until_us));
        }
      else
        {
          /* Only what can actually run counts: while offline the due applications wait for the
           * probe, while paused everything waits for a wake (re-enrolment) or the timer. */
          wait_until = now + (gint64) self->options.timer_seconds * G_USEC_PER_SEC;
          if (e->offline && !e->paused)
            wait_until = MIN (wait_until, e->probe_at_us);
          else if (!e->paused)
            {
              if (e->next_due_hint != G_MAXINT64)
                wait_until = MIN (wait_until, e->next_due_hint * G_USEC_PER_SEC);
              if (e->payment_ready)
                wait_until = MIN (wait_until, e->payment_hold_until_us);
              wait_until = MIN (wait_until, MIN (e->next_heartbeat_us, e->next_catalog_us));
              wait_until = MIN (wait_until, e->next_audit_us);
              wait_until = MAX (wait_until, e->hold_until_us);
            }
          /* Due times are whole seconds: never spin on one that is already past. */
          wait_until = MAX (wait_until, now + 1000);
        }
      if (e->dirty)
        engine_publish (e, TRUE);
      if (deadline_us > 0)
        wait_until = MIN (wait_until, deadline_us);
      if (wait_until > now)
        curl_multi_poll (e->multi, NULL, 0, (int) MIN ((wait_until - now + 999) / 1000, 60000),
                         NULL);
    }
  if (e->store_error == NULL)
    {
      g_autoptr (GError) local = NULL;

      if (!sewa_store_sync (self->store, &local))
        engine_store_failed (e, "sync", local);
    }
  engine_publish (e, TRUE);
  if (e->store_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&e->store_error));
      return FALSE;
    }
  return TRUE;
}

/* --- GObject and public API ---------------------------------------------------------------- */

typedef struct
{
  SewaSync *self;
  Engine *engine;
} ThreadStart;

static gpointer
engine_thread_run (gpointer data)
{
  ThreadStart *start = data;
  g_autoptr (GError) error = NULL;
  Engine *e = start->engine;

  g_free (start);
  if (!engine_loop (e, 0, &error))
    g_message ("sync engine stopped: %s", error->message);
  engine_free (e);
  return NULL;
}

static void
on_network_changed (GNetworkMonitor *monitor, gboolean available, gpointer user_data)
{
  SewaSync *self = user_data;

  g_mutex_lock (&self->lock);
  self->network_changed = TRUE;
  self->wake_pending = TRUE;
  if (self->multi != NULL)
    curl_multi_wakeup (self->multi);
  g_mutex_unlock (&self->lock);
}

static void
sewa_sync_dispose (GObject *object)
{
  SewaSync *self = SEWA_SYNC (object);

  sewa_sync_stop (self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (sewa_sync_parent_class)->dispose (object);
}

static void
sewa_sync_finalize (GObject *object)
{
  SewaSync *self = SEWA_SYNC (object);

  g_clear_object (&self->options.network_monitor);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_free (self->state_dir);
  g_free (self->key_path);
  g_free (self->version);
  g_clear_pointer (&self->client_override, sewa_portal_client_free);
  g_clear_pointer (&self->client, sewa_portal_client_free);
  g_clear_pointer (&self->status, sewa_sync_status_unref);
  g_hash_table_unref (self->health);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sewa_sync_parent_class)->finalize (object);
}

static void
sewa_sync_class_init (SewaSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sewa_sync_dispose;
  object_class->finalize = sewa_sync_finalize;

  signals[SIGNAL_STATUS_CHANGED] = g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, SEWA_TYPE_SYNC_STATUS);
  signals[SIGNAL_ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                        G_TYPE_STRING);
}

static void
sewa_sync_init (SewaSync *self)
{
  g_mutex_init (&self->lock);
  self->health = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->started_at_us = g_get_monotonic_time ();
}

static void
default_policy (SewaBackoffPolicy *policy, gint64 base_ms, gint64 cap_ms)
{
  if (policy->base_ms == 0 && policy->cap_ms == 0)
    {
      policy->base_ms = base_ms;
      policy->cap_ms = cap_ms;
      policy->jitter = TRUE;
    }
}

SewaSync *
sewa_sync_new (SewaStore *store, const SewaSyncOptions *options)
{
  SewaSync *self;

  g_return_val_if_fail (SEWA_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL && options->state_dir != NULL, NULL);

  self = g_object_new (SEWA_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->owner_context = g_main_context_ref_thread_default ();
  self->options = *options;
  self->state_dir = g_strdup (options->state_dir);
  self->key_path = g_strdup (options->key_path);
  self->version = g_strdup (options->version ? options->version : SEWA_VERSION);
  if (options->client != NULL)
    self->client_override = sewa_portal_client_copy (options->client);
  self->options.state_dir = self->state_dir;
  if (options->network_monitor != NULL)
    self->options.network_monitor = g_object_ref (options->network_monitor);
  self->options.key_path = self->key_path;
  self->options.version = self->version;
  self->options.client = NULL;

  if (self->options.parallelism == 0)
    self->options.parallelism = 4;
  if (self->options.chunk_bytes == 0)
    self->options.chunk_bytes = 256 * 1024;
  self->options.chunk_bytes = MIN (self->options.chunk_bytes, 1024 * 1024);
  if (self->options.lease_seconds == 0)
    self->options.lease_seconds = 900;
  default_policy (&self->options.retry, 2000, 10 * 60 * 1000);
  default_policy (&self->options.offline, 2000, 5 * 60 * 1000);
  default_policy (&self->options.poll, 10 * 60 * 1000, 12 * 3600 * 1000);
  if (self->options.timer_seconds == 0)
    self->options.timer_seconds = 60;
  if (self->options.heartbeat_seconds == 0)
    self->options.heartbeat_seconds = 300;
  if (self->options.catalog_seconds == 0)
    self->options.catalog_seconds = 3600;
  if (self->options.audit_seconds == 0)
    self->options.audit_seconds = self->options.heartbeat_seconds;
  if (self->options.alert_after_attempts == 0)
    self->options.alert_after_attempts = 8;
  return self;
}

gboolean
sewa_sync_start (SewaSync *self, GError **error)
{
  ThreadStart *start;
  Engine *e;

  g_return_val_if_fail (SEWA_IS_SYNC (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  /* Taking the engine lock and recovering stale leases happen here so the caller hears about a
   * second engine or missing credentials; everything after runs on the worker. */
  e = engine_new (self, FALSE, error);
  if (e == NULL)
    return FALSE;
  g_mutex_lock (&self->lock);
  self->stop_requested = FALSE;
  self->running = TRUE;
  g_mutex_unlock (&self->lock);
  if (self->options.watch_network)
    {
      self->monitor = g_object_ref (self->options.network_monitor != NULL
                                      ? self->options.network_monitor
                                      : g_network_monitor_get_default ());
      self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                                   G_CALLBACK (on_network_changed), self);
    }
  start = g_new0 (ThreadStart, 1);
  /* No reference: dispose joins the thread, so self outlives it. */
  start->self = self;
  start->engine = e;
  self->thread = g_thread_new ("sewa-sync", engine_thread_run, start);
  return TRUE;
}

void
sewa_sync_stop (SewaSync *self)
{
  SewaSyncStatus *status;

  g_return_if_fail (SEWA_IS_SYNC (self));

  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->network_changed_id, self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stop_requested = TRUE;
  if (self->multi != NULL)
    curl_multi_wakeup (self->multi);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  self->thread = NULL;

  /* Snapshots are immutable (the UI may hold one): publish a stopped copy. */
  g_mutex_lock (&self->lock);
  self->running = FALSE;
  if (self->status != NULL)
    {
      status = status_new ();
      *status = *self->status;
      status->last_error = g_strdup (self->status->last_error);
      status->pause_reason = g_strdup (self->status->pause_reason);
      status->state = SEWA_SYNC_STATE_STOPPED;
      sewa_sync_status_unref (self->status);
      self->status = status;
    }
  g_mutex_unlock (&self->lock);
}

void
sewa_sync_send_audit_soon (SewaSync *self)
{
  g_return_if_fail (SEWA_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->audit_wanted = TRUE;
  self->wake_pending = TRUE;
  if (self->multi != NULL)
    curl_multi_wakeup (self->multi);
  g_mutex_unlock (&self->lock);
}

void
sewa_sync_wake (SewaSync *self)
{
  g_return_if_fail (SEWA_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->wake_pending = TRUE;
  if (self->multi != NULL)
    curl_multi_wakeup (self->multi);
  g_mutex_unlock (&self->lock);
}

gboolean
sewa_sync_run_once (SewaSync *self, guint timeout_s, GError **error)
{
  Engine *e;
  gboolean ok;
  gint64 deadline = 0;

  g_return_val_if_fail (SEWA_IS_SYNC (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  e = engine_new (self, TRUE, error);
  if (e == NULL)
    return FALSE;
  if (timeout_s > 0)
    deadline = engine_now_us (e) + (gint64) timeout_s * G_USEC_PER_SEC;
  ok = engine_loop (e, deadline, error);
  engine_free (e);
  return ok;
}

gboolean
sewa_sync_refresh_catalog (SewaSync *self, gboolean *out_changed, GError **error)
{
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (SewaPortalCall) call = NULL;
  g_autofree char *etag = NULL;
  g_autoptr (GBytes) cached = NULL;
  gboolean changed = FALSE;
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (SEWA_IS_SYNC (self), FALSE);

  if (self->options.clock != NULL)
    now_s = self->options.clock (self->options.clock_data) / G_USEC_PER_SEC;
  if (self->client_override != NULL)
    client = sewa_portal_client_copy (self->client_override);
  else
    client = sewa_enrol_load_client (self->store, self->state_dir, self->key_path, error);
  if (client == NULL)
    return FALSE;
  if (!sewa_store_catalog_get (self->store, &etag, &cached, error))
    return FALSE;
  call = catalog_call_new (client, etag, now_s);
  sewa_portal_call_perform (call, now_s);
  if (!sewa_portal_call_to_error (call, error))
    return FALSE;
  if (!catalog_accept (self->store, call, &etag, &changed, error))
    return FALSE;
  if (out_changed != NULL)
    *out_changed = changed;
  return TRUE;
}

SewaSyncStatus *
sewa_sync_get_status (SewaSync *self)
{
  SewaSyncStatus *status;

  g_return_val_if_fail (SEWA_IS_SYNC (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->status != NULL)
    status = sewa_sync_status_ref (self->status);
  else
    status = status_new ();
  g_mutex_unlock (&self->lock);
  return status;
}

void
sewa_sync_set_health (SewaSync *self, const char *name, const char *value)
{
  g_return_if_fail (SEWA_IS_SYNC (self));
  g_return_if_fail (name != NULL && value != NULL);

  g_mutex_lock (&self->lock);
  if (g_strcmp0 (g_hash_table_lookup (self->health, name), value) != 0)
    {
      g_hash_table_replace (self->health, g_strdup (name), g_strdup (value));
      /* The portal hears of a printer going down now, not at the next regular heartbeat. */
      self->health_changed = TRUE;
      self->wake_pending = TRUE;
      if (self->multi != NULL)
        curl_multi_wakeup (self->multi);
    }
  g_mutex_unlock (&self->lock);
}

/* --- vault ----------------------------------------------------------------------------------- */

/* The credentials the engine uses, for a call made on a GTask thread on a citizen's behalf. */
static SewaPortalClient *
citizen_client (SewaSync *self, GError **error)
{
  SewaPortalClient *client = NULL;

  g_mutex_lock (&self->lock);
  if (self->client != NULL)
    client = sewa_portal_client_copy (self->client);
  else if (self->client_override != NULL)
    client = sewa_portal_client_copy (self->client_override);
  g_mutex_unlock (&self->lock);
  if (client == NULL)
    client = sewa_enrol_load_client (self->store, self->state_dir, self->key_path, error);
  return client;
}

static void
vault_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SewaSync *self = source;
  const char *token = task_data;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (SewaPortalCall) call = NULL;
  g_autoptr (JsonObject) obj = NULL;
  GError *error = NULL;
  JsonNode *docs;
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;

  client = citizen_client (self, &error);
  if (client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  call = sewa_portal_call_new (client, "GET", "/v1/citizens/vault", NULL, NULL, TRUE, now_s);
  sewa_portal_call_add_header (call, "X-Sewa-Citizen-Token", token);
  sewa_portal_call_perform (call, now_s);
  if (!sewa_portal_call_to_error (call, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  obj = sewa_portal_call_get_json (call, &error);
  if (obj == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  docs = json_object_get_member (obj, "documents");
  if (docs == NULL || !JSON_NODE_HOLDS_ARRAY (docs))
    {
      g_task_return_new_error (task, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                               "vault answer has no documents array");
      return;
    }
  g_task_return_pointer (task, json_array_ref (json_node_get_array (docs)),
                         (GDestroyNotify) json_array_unref);
}

void
sewa_sync_fetch_vault_async (SewaSync *self, const char *citizen_token, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SEWA_IS_SYNC (self));
  g_return_if_fail (citizen_token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sewa_sync_fetch_vault_async);
  g_task_set_task_data (task, g_strdup (citizen_token), g_free);
  g_task_run_in_thread (task, vault_thread);
}

JsonArray *
sewa_sync_fetch_vault_finish (SewaSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- profile ---------------------------------------------------------------------------------- */

static void
profile_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SewaSync *self = source;
  const char *token = task_data;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (SewaPortalCall) call = NULL;
  const SewaPortalResult *r;
  GBytes *answer;
  gsize len = 0;
  const char *data;
  GError *error = NULL;
  SewaCitizenProfile *profile;
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;

  client = citizen_client (self, &error);
  if (client == NULL)
    {
      g_task_return_new_error (task, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_REFUSED, "not enrolled: %s",
                               error->message);
      g_error_free (error);
      return;
    }
  call = sewa_portal_call_new (client, "GET", "/v1/citizens/profile", NULL, NULL, TRUE, now_s);
  sewa_portal_call_add_header (call, "X-Sewa-Citizen-Token", token);
  sewa_portal_call_perform (call, now_s);
  r = sewa_portal_call_get_result (call);
  if (r->unreachable || r->http_status == 0)
    {
      g_task_return_new_error (task, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_UNREACHABLE,
                               "cannot reach the portal (%s)", r->code != NULL ? r->code : "network");
      return;
    }
  answer = sewa_portal_call_get_body (call);
  data = answer != NULL ? g_bytes_get_data (answer, &len) : NULL;
  profile = sewa_citizen_parse_profile (r->http_status, data, len, NULL, &error);
  if (profile == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, profile, (GDestroyNotify) sewa_citizen_profile_free);
}

void
sewa_sync_fetch_profile_async (SewaSync *self, const char *citizen_token, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SEWA_IS_SYNC (self));
  g_return_if_fail (citizen_token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sewa_sync_fetch_profile_async);
  g_task_set_task_data (task, g_strdup (citizen_token), g_free);
  g_task_run_in_thread (task, profile_thread);
}

SewaCitizenProfile *
sewa_sync_fetch_profile_finish (SewaSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- mobile OTP ------------------------------------------------------------------------------ */

typedef struct
{
  char *target;
  GBytes *body; /* holds the mobile number or the code: wiped when done */
} CitizenPost;

static void
citizen_post_free (CitizenPost *post)
{
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (post->body, &len);

  /* The bytes are ours alone (made by citizen_post_new): wipe the number / code in place. */
  explicit_bzero ((gpointer) data, len);
  g_bytes_unref (post->body);
  g_free (post->target);
  g_free (post);
}

static CitizenPost *
citizen_post_new (const char *target, JsonBuilder *builder)
{
  CitizenPost *post = g_new0 (CitizenPost, 1);
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  char *text = sewa_portal_canonical_json (root);
  gsize len = strlen (text);

  post->target = g_strdup (target);
  post->body = g_bytes_new_take (text, len);
  return post;
}

/* Performs the POST; an answer that never came is UNREACHABLE, anything else is returned
 * with its status for the endpoint's own parser. */
static GBytes *
citizen_post (SewaSync *self, CitizenPost *post, guint *out_status, GError **error)
{
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (SewaPortalCall) call = NULL;
  GBytes *answer;
  const SewaPortalResult *r;
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;

  client = citizen_client (self, error);
  if (client == NULL)
    {
      g_prefix_error (error, "not enrolled: ");
      if (error != NULL && *error != NULL)
        {
          GError *e = *error;

          *error = g_error_new_literal (SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_REFUSED, e->message);
          g_error_free (e);
        }
      return NULL;
    }
  call = sewa_portal_call_new (client, "POST", post->target, "application/json", post->body, TRUE, now_s);
  sewa_portal_call_perform (call, now_s);
  r = sewa_portal_call_get_result (call);
  if (r->unreachable || r->http_status == 0)
    {
      g_set_error (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_UNREACHABLE,
                   "cannot reach the portal (%s)", r->code != NULL ? r->code : "network");
      return NULL;
    }
  *out_status = r->http_status;
  answer = sewa_portal_call_get_body (call);
  return answer != NULL ? g_bytes_ref (answer) : g_bytes_new (NULL, 0);
}

static void
otp_request_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  guint status = 0;
  g_autoptr (GBytes) answer = citizen_post (source, task_data, &status, &error);
  gsize len = 0;
  const char *data = answer != NULL ? g_bytes_get_data (answer, &len) : NULL;
  SewaOtpChallenge *c = answer != NULL ? sewa_citizen_parse_otp_challenge (status, data, len, &error) : NULL;

  if (c == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, c, (GDestroyNotify) sewa_otp_challenge_free);
}

void
sewa_sync_request_otp_async (SewaSync *self, const char *mobile, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_if_fail (SEWA_IS_SYNC (self));
  g_return_if_fail (sewa_citizen_is_valid_mobile (mobile));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "mobile");
  json_builder_add_string_value (b, mobile);
  json_builder_end_object (b);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sewa_sync_request_otp_async);
  g_task_set_task_data (task, citizen_post_new ("/v1/citizens/otp", b), (GDestroyNotify) citizen_post_free);
  g_task_run_in_thread (task, otp_request_thread);
}

SewaOtpChallenge *
sewa_sync_request_otp_finish (SewaSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
otp_verify_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  guint status = 0;
  g_autoptr (GBytes) answer = citizen_post (source, task_data, &status, &error);
  gsize len = 0;
  const char *data = answer != NULL ? g_bytes_get_data (answer, &len) : NULL;
  SewaOtpVerdict *v = answer != NULL ? sewa_citizen_parse_otp_verdict (status, data, len, &error) : NULL;

  if (v == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, v, (GDestroyNotify) sewa_otp_verdict_free);
}

void
sewa_sync_verify_otp_async (SewaSync *self, const char *otp_id, const char *code,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_if_fail (SEWA_IS_SYNC (self));
  g_return_if_fail (otp_id != NULL && code != NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "otp_id");
  json_builder_add_string_value (b, otp_id);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_end_object (b);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sewa_sync_verify_otp_async);
  g_task_set_task_data (task, citizen_post_new ("/v1/citizens/otp/verify", b),
                        (GDestroyNotify) citizen_post_free);
  g_task_run_in_thread (task, otp_verify_thread);
}

SewaOtpVerdict *
sewa_sync_verify_otp_finish (SewaSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
