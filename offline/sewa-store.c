/* sewa-store.c — opening (key checks, schema migrations) and the SQLite plumbing the other
 * sewa-store-*.c files share.
 *
 * Why document pages are SQLite blobs and not files: a page must be either wholly present and
 * verified or absent, and an application must be enqueued with its pages in one atomic step.
 * With blobs in the same WAL database the application row, its pages, the link rows and the
 * reference counter commit in one transaction with one fsync of the WAL, and SQLite's recovery
 * is the only crash-recovery code there is. Files would need temp+fsync+rename+directory-fsync
 * per page plus a second, hand-written recovery pass for files without rows and rows without
 * files. Pages are at most a few hundred kilobytes (cleaned JPEGs), well inside what SQLite
 * serves efficiently from overflow pages, and retention frees them with incremental vacuum.
 */
#define G_LOG_DOMAIN "sewa-store"

#include "sewa-store.h"
#include "sewa-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (sewa-store-error-quark, sewa_store_error)

G_DEFINE_FINAL_TYPE (SewaStore, sewa_store, G_TYPE_OBJECT)

#define DB_NAME "queue.db"
#define KEY_NAME "store.key"
#define BUSY_TIMEOUT_MS 10000

/* --- states ---------------------------------------------------------------------------- */

static const char *const state_names[] = {
  [SEWA_APP_QUEUED] = "queued",
  [SEWA_APP_UPLOADING] = "uploading",
  [SEWA_APP_SUBMITTED] = "submitted",
  [SEWA_APP_ACKNOWLEDGED] = "acknowledged",
  [SEWA_APP_REJECTED] = "rejected",
  [SEWA_APP_QUARANTINED] = "quarantined",
};

static const char *const fee_names[] = {
  [SEWA_FEE_NONE] = "none",
  [SEWA_FEE_DUE] = "due",
  [SEWA_FEE_PAID] = "paid",
};

const char *
sewa_app_state_to_string (SewaAppState state)
{
  if ((guint) state < G_N_ELEMENTS (state_names))
    return state_names[state];
  return "invalid";
}

gboolean
sewa_app_state_from_string (const char *text, SewaAppState *out_state)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (text, state_names[i]))
      {
        if (out_state != NULL)
          *out_state = (SewaAppState) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
sewa_app_state_is_final (SewaAppState state)
{
  return state == SEWA_APP_ACKNOWLEDGED || state == SEWA_APP_REJECTED;
}

const char *
sewa_fee_state_to_string (SewaFeeState state)
{
  if ((guint) state < G_N_ELEMENTS (fee_names))
    return fee_names[state];
  return "invalid";
}

gboolean
sewa_fee_state_from_string (const char *text, SewaFeeState *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (fee_names); i++)
    if (g_str_equal (text, fee_names[i]))
      {
        *out = (SewaFeeState) i;
        return TRUE;
      }
  return FALSE;
}

void
sewa_app_page_free (gpointer data)
{
  SewaAppPage *p = data;

  g_free (p->document_id);
  g_free (p->doc_type);
  g_free (p->mime_type);
  g_free (p->sha256);
  g_free (p->upload_id);
  g_free (p);
}

void
sewa_app_vault_ref_free (SewaAppVaultRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->document_id);
  g_free (ref->doc_type);
  g_free (ref->vault_id);
  g_free (ref);
}

void
sewa_app_record_free (SewaAppRecord *app)
{
  if (app == NULL)
    return;
  g_free (app->id);
  g_free (app->reference);
  g_free (app->service_id);
  g_free (app->catalog_version);
  g_free (app->catalog_hash);
  g_free (app->last_error);
  g_free (app->arn);
  g_free (app->corrects);
  g_clear_pointer (&app->pages, g_ptr_array_unref);
  g_free (app->form_json);
  g_free (app->citizen_ref);
  g_free (app->identity_method);
  if (app->citizen_token != NULL)
    explicit_bzero (app->citizen_token, strlen (app->citizen_token));
  g_free (app->citizen_token);
  g_clear_pointer (&app->vault_refs, g_ptr_array_unref);
  g_free (app->vault_consent);
  g_free (app->fee_payment_ref);
  g_free (app->citizen_lang);
  g_free (app->assisted_by);
  g_free (app->prescrutiny_json);
  g_free (app->instant_outcome);
  g_free (app->instant_note);
  g_free (app);
}

void
sewa_audit_entry_free (SewaAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->event);
  g_free (entry->detail);
  g_free (entry->actor);
  g_free (entry->prev_hash);
  g_free (entry->hash);
  g_free (entry);
}

/* --- SQLite plumbing ----------------------------------------------------------------------- */

gint64
sewa_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
sewa_store_set_sqlite_error (SewaStore *self, int rc, const char *what, GError **error)
{
  int primary = rc & 0xff;
  int code;
  const char *msg = self != NULL && self->db != NULL ? sqlite3_errmsg (self->db)
                                                     : sqlite3_errstr (rc);

  switch (primary)
    {
    case SQLITE_FULL:
      code = SEWA_STORE_ERROR_NO_SPACE;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = SEWA_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = SEWA_STORE_ERROR_BUSY;
      break;
    case SQLITE_CONSTRAINT:
      code = SEWA_STORE_ERROR_INVALID_STATE;
      break;
    default:
      code = SEWA_STORE_ERROR_IO;
      break;
    }
  /* An ENOSPC that SQLite reports as a generic I/O error (e.g. while growing the WAL) is still
   * "the disk is full" for the person who has to fix it. */
  if (code == SEWA_STORE_ERROR_IO && self != NULL && self->db != NULL &&
      (sqlite3_system_errno (self->db) == ENOSPC || sqlite3_system_errno (self->db) == EDQUOT))
    code = SEWA_STORE_ERROR_NO_SPACE;
  /* SQLite's own text for it is "disk I/O error", which sends a technician looking for a
   * failing disk. */
  if (code == SEWA_STORE_ERROR_NO_SPACE)
    msg = "the disk is full (free space on the partition holding the kiosk's state directory)";
  g_set_error (error, SEWA_STORE_ERROR, code, "%s: %s", what, msg);
}

SewaStmt *
sewa_store_prepare (SewaStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);
  int rc;

  if (stmt != NULL)
    return stmt;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot prepare a query", error);
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

gboolean
sewa_store_exec (SewaStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      sewa_store_set_sqlite_error (self, rc, "database error", error);
      return FALSE;
    }
  return TRUE;
}

/* Runs a prepared statement that returns no rows (or ignores them). */
gboolean
sewa_store_step (SewaStore *self, SewaStmt *stmt, const char *what, GError **error)
{
  int rc;

  do
    rc = sqlite3_step (stmt);
  while (rc == SQLITE_ROW);
  if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, what, error);
      return FALSE;
    }
  return TRUE;
}

/* Transaction control runs many times a second in the sync engine: prepared once, not parsed
 * each time. Returns an SQLite result code (SQLITE_OK on success). */
static int
run_control (SewaStore *self, const char *sql)
{
  sqlite3_stmt *stmt = sewa_store_prepare (self, sql, NULL);
  int rc;

  if (stmt == NULL)
    return sqlite3_errcode (self->db) != SQLITE_OK ? sqlite3_errcode (self->db) : SQLITE_ERROR;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

gboolean
sewa_store_tx_begin (SewaStore *self, GError **error)
{
  int rc;

  if (self->db == NULL)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_IO, "the store is closed");
      return FALSE;
    }
  if (self->read_only)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE,
                   "the store was opened read-only");
      return FALSE;
    }
  g_return_val_if_fail (!self->tx_open, FALSE);
  /* Some errors (SQLITE_FULL, I/O errors) make SQLite roll back the whole transaction, not just
   * the statement: then the batch is gone, and nothing may commit on its own in its place. */
  if (self->batch && (self->batch_dead || sqlite3_get_autocommit (self->db)))
    {
      self->batch_dead = TRUE;
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_IO,
                   "the store undid this batch after an earlier error");
      return FALSE;
    }
  rc = run_control (self, self->batch ? "SAVEPOINT tx" : "BEGIN IMMEDIATE");
  self->tx_changes = sqlite3_total_changes64 (self->db);
  if (rc != SQLITE_OK)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot begin a transaction", error);
      return FALSE;
    }
  self->tx_open = TRUE;
  return TRUE;
}

gboolean
sewa_store_tx_commit (SewaStore *self, GError **error)
{
  int rc;

  g_return_val_if_fail (self->tx_open, FALSE);
  rc = run_control (self, self->batch ? "RELEASE tx" : "COMMIT");
  if (rc != SQLITE_OK)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot commit", error);
      /* A failed COMMIT may leave the transaction open (e.g. SQLITE_BUSY); never leave it so. */
      sewa_store_tx_rollback (self);
      return FALSE;
    }
  self->tx_open = FALSE;
  /* A synchronous=FULL commit that wrote anything synced the log, and all frames before it. */
  if (!self->batch && sqlite3_total_changes64 (self->db) != self->tx_changes)
    self->unsynced = FALSE;
  return TRUE;
}

void
sewa_store_tx_rollback (SewaStore *self)
{
  if (!self->tx_open)
    return;
  self->tx_open = FALSE;
  if (self->db == NULL)
    return;
  if (self->batch)
    {
      if (sqlite3_get_autocommit (self->db))
        self->batch_dead = TRUE;
      else
        {
          run_control (self, "ROLLBACK TO tx");
          run_control (self, "RELEASE tx");
        }
    }
  else if (!sqlite3_get_autocommit (self->db))
    run_control (self, "ROLLBACK");
}

gboolean
sewa_store_batch_begin (SewaStore *self, GError **error)
{
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  if (self->batch || self->tx_open)
    {
      g_rec_mutex_unlock (&self->lock);
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE,
                   "a store batch is already open on this thread");
      return FALSE;
    }
  if (!sewa_store_check_open (self, error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  /* The sync level must be chosen outside a transaction; FULL comes back in batch_commit. */
  rc = run_control (self, "PRAGMA synchronous = NORMAL");
  if (rc != SQLITE_OK || !sewa_store_tx_begin (self, error))
    {
      if (rc != SQLITE_OK)
        sewa_store_set_sqlite_error (self, rc, "cannot begin a batch", error);
      run_control (self, "PRAGMA synchronous = FULL");
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  /* The outer transaction is the batch itself, not a tx_begin() of a caller. */
  self->tx_open = FALSE;
  self->batch = TRUE;
  self->batch_dead = FALSE;
  return TRUE;
}

/* Commits an (empty-handed) marker with synchronous=FULL: the log's fsync covers every frame
 * written before it. Caller holds self->lock, outside any transaction. */
static gboolean
sync_barrier (SewaStore *self, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;

  if (!self->unsynced)
    return TRUE;
  if (!sewa_store_tx_begin (self, error))
    return FALSE;
  stmt = sewa_store_prepare (self,
                             "INSERT INTO store_meta (name, value) VALUES ('sync_barrier', ?1) "
                             "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                             error);
  if (stmt == NULL)
    {
      sewa_store_tx_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  if (!sewa_store_step (self, stmt, "cannot write the sync marker", error)
      || !sewa_store_tx_commit (self, error))
    {
      sewa_store_tx_rollback (self);
      return FALSE;
    }
  self->unsynced = FALSE;
  return TRUE;
}

gboolean
sewa_store_batch_commit (SewaStore *self, gboolean durable, GError **error)
{
  gboolean ok;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->batch && !self->tx_open, FALSE);

  self->batch = FALSE;
  if (self->batch_dead || sqlite3_get_autocommit (self->db))
    {
      /* Nothing to commit: SQLite already undid the batch after an error inside it. */
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_IO,
                   "the batch was undone after an error inside it");
      self->batch_dead = FALSE;
      run_control (self, "PRAGMA synchronous = FULL");
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  rc = run_control (self, "COMMIT");
  ok = rc == SQLITE_OK;
  if (!ok)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot commit the batch", error);
      if (!sqlite3_get_autocommit (self->db))
        run_control (self, "ROLLBACK");
    }
  else
    self->unsynced = TRUE;
  rc = run_control (self, "PRAGMA synchronous = FULL");
  if (ok && rc != SQLITE_OK)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot restore synchronous commits", error);
      ok = FALSE;
    }
  if (ok && durable)
    ok = sync_barrier (self, error);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_sync (SewaStore *self, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  ok = self->batch || self->tx_open ? TRUE : sewa_store_check_open (self, error)
                                              && sync_barrier (self, error);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

void
sewa_store_batch_rollback (SewaStore *self)
{
  g_return_if_fail (SEWA_IS_STORE (self));
  g_return_if_fail (self->batch);

  self->batch = FALSE;
  self->tx_open = FALSE;
  self->batch_dead = FALSE;
  if (self->db != NULL)
    {
      if (!sqlite3_get_autocommit (self->db))
        run_control (self, "ROLLBACK");
      run_control (self, "PRAGMA synchronous = FULL");
    }
  g_rec_mutex_unlock (&self->lock);
}

gboolean
sewa_store_check_open (SewaStore *self, GError **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_IO, "the store is closed");
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
sewa_store_get_sqlite (SewaStore *self)
{
  return self->db;
}

static GBytes *
ad_new (const char *prefix, const guint8 *data, gsize len)
{
  GByteArray *a = g_byte_array_new ();

  g_byte_array_append (a, (const guint8 *) prefix, (guint) strlen (prefix));
  g_byte_array_append (a, data, (guint) len);
  return g_byte_array_free_to_bytes (a);
}

GBytes *
sewa_store_ad_payload (const char *idem_key)
{
  return ad_new ("sewa1:application:", (const guint8 *) idem_key, strlen (idem_key));
}

GBytes *
sewa_store_ad_page (const guint8 address[SEWA_PAGE_ADDRESS_BYTES])
{
  return ad_new ("sewa1:page:", address, SEWA_PAGE_ADDRESS_BYTES);
}

GBytes *
sewa_store_ad_page_meta (const char *idem_key, guint page_index)
{
  g_autofree char *s = g_strdup_printf ("%s:%u", idem_key, page_index);

  return ad_new ("sewa1:page-meta:", (const guint8 *) s, strlen (s));
}

/* --- schema -------------------------------------------------------------------------------- */

/* Numbered migrations: migrations[i] takes user_version i to i + 1, each in one transaction
 * that also sets the new user_version, so a crash leaves the database at one version or the
 * next. Never edit a released migration; add one. */
static const char *const migrations[] = {
  /* 1: the outbox. */
  "CREATE TABLE store_meta ("
  "  name TEXT PRIMARY KEY,"
  "  value BLOB NOT NULL);"
  "CREATE TABLE applications ("
  "  id INTEGER PRIMARY KEY,"
  "  idem_key TEXT NOT NULL UNIQUE,"
  "  reference TEXT NOT NULL UNIQUE,"
  "  service_id TEXT NOT NULL,"
  "  catalog_version TEXT NOT NULL,"
  "  catalog_hash TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('queued', 'uploading', 'submitted', 'acknowledged',"
  "                                       'rejected', 'quarantined')),"
  "  fee_state TEXT NOT NULL CHECK (fee_state IN ('none', 'due', 'paid')),"
  "  attempt_count INTEGER NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),"
  "  next_attempt_at INTEGER NOT NULL,"
  "  lease_until INTEGER,"
  "  last_error TEXT,"
  "  arn TEXT,"
  "  corrects_id INTEGER REFERENCES applications (id),"
  "  n_pages INTEGER NOT NULL CHECK (n_pages >= 0),"
  "  payload BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  submitted_at INTEGER,"
  "  acknowledged_at INTEGER,"
  "  pages_purged_at INTEGER,"
  "  CHECK (state <> 'uploading' OR lease_until IS NOT NULL),"
  "  CHECK (state NOT IN ('submitted', 'acknowledged') OR arn IS NOT NULL));"
  "CREATE TABLE pages ("
  "  id INTEGER PRIMARY KEY,"
  "  address BLOB NOT NULL UNIQUE CHECK (length (address) = 32),"
  "  size INTEGER NOT NULL CHECK (size > 0),"
  "  sealed BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE application_pages ("
  "  application_id INTEGER NOT NULL REFERENCES applications (id),"
  "  page_index INTEGER NOT NULL CHECK (page_index >= 0),"
  "  page_id INTEGER REFERENCES pages (id),"
  "  size INTEGER NOT NULL,"
  "  meta BLOB NOT NULL,"
  "  purged_at INTEGER,"
  "  PRIMARY KEY (application_id, page_index),"
  "  CHECK ((page_id IS NULL) = (purged_at IS NOT NULL))) WITHOUT ROWID;"
  "CREATE INDEX application_pages_by_page ON application_pages (page_id);"
  "CREATE TABLE reference_counters ("
  "  day TEXT PRIMARY KEY,"
  "  last_seq INTEGER NOT NULL CHECK (last_seq BETWEEN 1 AND 9999)) WITHOUT ROWID;"
  "CREATE TABLE catalog_cache ("
  "  slot INTEGER PRIMARY KEY CHECK (slot = 1),"
  "  etag TEXT NOT NULL,"
  "  bytes BLOB NOT NULL,"
  "  stored_at INTEGER NOT NULL);"
  "CREATE TABLE settings ("
  "  name TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  event TEXT NOT NULL,"
  "  detail TEXT NOT NULL DEFAULT '');"
  "CREATE TRIGGER audit_log_append_only_u BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_append_only_d BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER applications_content_immutable"
  "  BEFORE UPDATE OF idem_key, reference, service_id, catalog_version, catalog_hash,"
  "                   corrects_id, n_pages, payload, created_at ON applications"
  "  BEGIN SELECT RAISE (ABORT, 'an application is never edited; file a correction'); END;"
  "CREATE TRIGGER applications_final_u BEFORE UPDATE ON applications"
  "  WHEN OLD.state IN ('acknowledged', 'rejected')"
  "   AND (NEW.state IS NOT OLD.state OR NEW.arn IS NOT OLD.arn"
  "        OR NEW.last_error IS NOT OLD.last_error OR NEW.fee_state IS NOT OLD.fee_state)"
  "  BEGIN SELECT RAISE (ABORT, 'a finalized application is never edited'); END;"
  "CREATE TRIGGER applications_never_deleted BEFORE DELETE ON applications"
  "  BEGIN SELECT RAISE (ABORT, 'applications are never deleted'); END;"
  "CREATE TRIGGER application_pages_never_deleted BEFORE DELETE ON application_pages"
  "  BEGIN SELECT RAISE (ABORT, 'page records are never deleted, only purged'); END;",

  /* 2: resumable uploads, and an index for the sync engine's "what is due" query. */
  "ALTER TABLE application_pages ADD COLUMN upload_id TEXT;"
  "ALTER TABLE application_pages ADD COLUMN confirmed_offset INTEGER NOT NULL DEFAULT 0"
  "  CHECK (confirmed_offset >= 0);"
  "CREATE INDEX applications_due ON applications (state, next_attempt_at);",

  /* 3: the sync engine's status and wake-up queries without scanning every application (a kiosk
   * holds thousands submitted and waiting for a decision): counts and the oldest per state, and
   * the live leases. */
  "CREATE INDEX applications_by_state ON applications (state, created_at);"
  "CREATE INDEX applications_leased ON applications (lease_until) WHERE lease_until IS NOT NULL;",

  /* 4: the audit log as a hash chain (kiosk/sewa-audit-chain.h) and who did each entry. A random
   * genesis per store; audit_head is the last entry's hash, which catches entries deleted from
   * the end. Entries from before this migration get their links once, right after it
   * (sewa_store_audit_chain_backfill): the update trigger allows only filling in missing links,
   * and an entry is never added without them. audit_sent is how far the portal has the log. */
  "ALTER TABLE audit_log ADD COLUMN actor TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;"
  "ALTER TABLE audit_log ADD COLUMN hash TEXT;"
  "DROP TRIGGER audit_log_append_only_u;"
  "CREATE TRIGGER audit_log_append_only_u BEFORE UPDATE ON audit_log"
  "  WHEN OLD.hash IS NOT NULL OR OLD.prev_hash IS NOT NULL OR NEW.hash IS NULL"
  "    OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.event IS NOT OLD.event"
  "    OR NEW.detail IS NOT OLD.detail OR NEW.actor IS NOT OLD.actor"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log"
  "  WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL"
  "  BEGIN SELECT RAISE (ABORT, 'an audit entry needs its chain links'); END;"
  "INSERT INTO store_meta (name, value) VALUES ('audit_genesis', lower (hex (randomblob (32))));"
  "INSERT INTO store_meta (name, value)"
  "  SELECT 'audit_head', value FROM store_meta WHERE name = 'audit_genesis';"
  "INSERT INTO store_meta (name, value) VALUES ('audit_sent', 0);",
  /* 5: payments as records (#18), cancellations and day closes. A payment is its own row, not a
   * change of the application: the application is immutable once final, and a citizen often pays
   * at the counter after it was acknowledged. One payment per application (UNIQUE) so a fee is
   * never collected twice. Cancellation is a separate table rather than a new application state:
   * widening the applications CHECK would mean rebuilding that table with its triggers, and a
   * cancelled application simply stays quarantined (never leased, never sent), held there by a
   * trigger. The details (UPI transaction, counter receipt, waiver or cancellation reason) are
   * sealed like the application's payload. */
  "CREATE TABLE payments ("
  "  id INTEGER PRIMARY KEY,"
  "  idem_key TEXT NOT NULL UNIQUE,"
  "  application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),"
  "  mode TEXT NOT NULL CHECK (mode IN ('upi', 'cash', 'waived')),"
  "  amount_paise INTEGER NOT NULL CHECK (amount_paise >= 0),"
  "  details BLOB NOT NULL,"
  "  operator_id TEXT NOT NULL CHECK (length (operator_id) > 0),"
  "  day TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  sync_state TEXT NOT NULL DEFAULT 'pending' CHECK (sync_state IN ('pending', 'sent')),"
  "  synced_at INTEGER,"
  "  CHECK (mode <> 'waived' OR amount_paise = 0),"
  "  CHECK ((sync_state = 'sent') = (synced_at IS NOT NULL)));"
  "CREATE INDEX payments_by_sync ON payments (sync_state, id);"
  "CREATE INDEX payments_by_day ON payments (day);"
  "CREATE TABLE payment_counters ("
  "  day TEXT PRIMARY KEY,"
  "  last_seq INTEGER NOT NULL CHECK (last_seq BETWEEN 1 AND 9999)) WITHOUT ROWID;"
  "CREATE TRIGGER payments_content_immutable"
  "  BEFORE UPDATE OF idem_key, application_id, mode, amount_paise, details, operator_id, day,"
  "                   created_at ON payments"
  "  BEGIN SELECT RAISE (ABORT, 'a payment is never edited'); END;"
  "CREATE TRIGGER payments_sent_final BEFORE UPDATE OF sync_state ON payments"
  "  WHEN OLD.sync_state = 'sent'"
  "  BEGIN SELECT RAISE (ABORT, 'a payment the portal recorded stays recorded'); END;"
  "CREATE TRIGGER payments_not_for_cancelled BEFORE INSERT ON payments"
  "  WHEN EXISTS (SELECT 1 FROM cancellations WHERE application_id = NEW.application_id)"
  "  BEGIN SELECT RAISE (ABORT, 'the application was cancelled'); END;"
  "CREATE TABLE cancellations ("
  "  application_id INTEGER PRIMARY KEY REFERENCES applications (id),"
  "  reason BLOB NOT NULL,"
  "  operator_id TEXT NOT NULL CHECK (length (operator_id) > 0),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TRIGGER cancellations_immutable BEFORE UPDATE ON cancellations"
  "  BEGIN SELECT RAISE (ABORT, 'a cancellation is never edited'); END;"
  "CREATE TRIGGER cancellations_only_unsent BEFORE INSERT ON cancellations"
  "  WHEN NOT EXISTS (SELECT 1 FROM applications WHERE id = NEW.application_id"
  "                   AND state IN ('queued', 'quarantined') AND arn IS NULL)"
  "  BEGIN SELECT RAISE (ABORT, 'only an application not yet sent can be cancelled'); END;"
  "CREATE TRIGGER applications_cancelled_stay BEFORE UPDATE OF state ON applications"
  "  WHEN NEW.state IS NOT OLD.state"
  "   AND EXISTS (SELECT 1 FROM cancellations WHERE application_id = OLD.id)"
  "  BEGIN SELECT RAISE (ABORT, 'a cancelled application is never sent'); END;"
  "CREATE TABLE day_closes ("
  "  id INTEGER PRIMARY KEY,"
  "  day TEXT NOT NULL,"
  "  expected_paise INTEGER NOT NULL CHECK (expected_paise >= 0),"
  "  counted_paise INTEGER NOT NULL CHECK (counted_paise >= 0),"
  "  operator_id TEXT NOT NULL CHECK (length (operator_id) > 0),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TRIGGER day_closes_append_only_u BEFORE UPDATE ON day_closes"
  "  BEGIN SELECT RAISE (ABORT, 'a day close is never edited'); END;",
  /* 6: the portal's instant decision, in clear like the state it is part of: the
   * outcome and the portal's delivery note or reason (portal text, never citizen data). */
  "ALTER TABLE applications ADD COLUMN instant_outcome TEXT"
  "  CHECK (instant_outcome IS NULL OR instant_outcome IN ('approved', 'needs_scrutiny'));"
  "ALTER TABLE applications ADD COLUMN instant_note TEXT;",
  /* 7: a payment the portal refused because it holds another payment for the application (the
   * citizen paid twice: a refund is owed) is held out of the sending line, so the payments
   * behind it still go. Kept, never sent, never edited. */
  "CREATE TABLE payment_holds ("
  "  payment_id INTEGER PRIMARY KEY REFERENCES payments (id),"
  "  reason TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TRIGGER payment_holds_immutable BEFORE UPDATE ON payment_holds"
  "  BEGIN SELECT RAISE (ABORT, 'a payment hold is never edited'); END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SEWA_STORE_SCHEMA_VERSION);

static gboolean
query_int (SewaStore *self, const char *sql, gint64 *out, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    sewa_store_set_sqlite_error (self, rc, "cannot read the database", error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* Returns TRUE and a check value (or NULL when the schema has none yet). */
static gboolean
read_key_check (SewaStore *self, GBytes **out, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  *out = NULL;
  stmt = sewa_store_prepare (self, "SELECT value FROM store_meta WHERE name = 'key_check'", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  sewa_store_set_sqlite_error (self, rc, "cannot read the key check", error);
  return FALSE;
}

static gboolean
migrate (SewaStore *self, guint target, GError **error)
{
  gint64 version = 0;

  if (!query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version == 0)
    {
      /* Must be set before the first table exists; lets retention give space back. */
      if (!sewa_store_exec (self, "PRAGMA auto_vacuum = INCREMENTAL", error))
        return FALSE;
    }

  while ((guint) version < target)
    {
      g_autofree char *set_version = NULL;

      if (!sewa_store_tx_begin (self, error))
        return FALSE;
      /* Another process may have migrated while we waited for the write lock. */
      if (!query_int (self, "PRAGMA user_version", &version, error))
        goto fail;
      if ((guint) version >= target)
        {
          sewa_store_tx_rollback (self);
          break;
        }
      if (!sewa_store_exec (self, migrations[version], error))
        goto fail;
      if (version == 0)
        {
          guint8 check[SEWA_KEY_CHECK_BYTES];
          g_autoptr (SewaStmt) stmt = NULL;

          sewa_key_check_value (self->key, check);
          stmt = sewa_store_prepare (self,
                                     "INSERT INTO store_meta (name, value) VALUES ('key_check', ?)",
                                     error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_blob (stmt, 1, check, sizeof check, SQLITE_TRANSIENT);
          if (!sewa_store_step (self, stmt, "cannot store the key check", error))
            goto fail;
        }
      set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
      if (!sewa_store_exec (self, set_version, error) || !sewa_store_tx_commit (self, error))
        goto fail;
      g_debug ("store schema migrated to version %" G_GINT64_FORMAT, version + 1);
      version++;
    }
  self->schema_version = (guint) version;
  return TRUE;

fail:
  g_prefix_error (error, "schema migration to version %" G_GINT64_FORMAT " failed: ",
                  version + 1);
  sewa_store_tx_rollback (self);
  return FALSE;
}

static void
fsync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_warning ("cannot fsync the state directory: %s", g_strerror (errno));
  close (fd);
}

/* --- GObject ------------------------------------------------------------------------------- */

void
sewa_store_close (SewaStore *self)
{
  g_return_if_fail (SEWA_IS_STORE (self));

  g_rec_mutex_lock (&self->lock);
  sewa_store_mark_dispose (self);
  if (self->stmts != NULL)
    g_hash_table_remove_all (self->stmts);
  if (self->mark_fd >= 0)
    {
      close (self->mark_fd);
      self->mark_fd = -1;
    }
  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      if (rc != SQLITE_OK)
        g_warning ("closing the store: %s", sqlite3_errstr (rc));
      self->db = NULL;
    }
  g_rec_mutex_unlock (&self->lock);
}

static void
sewa_store_finalize (GObject *object)
{
  SewaStore *self = SEWA_STORE (object);

  sewa_store_close (self);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->key, sewa_key_free);
  g_free (self->db_path);
  g_free (self->mark_path);
  g_free (self->centre);
  g_rec_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sewa_store_parent_class)->finalize (object);
}

static void
sewa_store_class_init (SewaStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sewa_store_finalize;
}

static void
stmt_finalize (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
sewa_store_init (SewaStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->mark_fd = -1;
  self->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, stmt_finalize);
}

/* --- open ---------------------------------------------------------------------------------- */

static gboolean
configure_connection (SewaStore *self, GError **error)
{
  gint64 ignored = 0;

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);
  /* The first real read: a file that is not a database fails here, with a clear error. */
  if (!query_int (self, "SELECT count(*) FROM sqlite_schema", &ignored, error))
    return FALSE;
  if (!sewa_store_exec (self,
                        "PRAGMA foreign_keys = ON;"
                        "PRAGMA trusted_schema = OFF;"
                        "PRAGMA cell_size_check = ON;"
                        "PRAGMA synchronous = FULL;"
                        "PRAGMA temp_store = MEMORY;",
                        error))
    return FALSE;
  if (!self->read_only)
    {
      g_autoptr (SewaStmt) stmt = NULL;

      /* Keep the WAL from growing without bound after a burst of large pages. */
      if (!sewa_store_exec (self, "PRAGMA journal_size_limit = 16777216", error))
        return FALSE;
      stmt = sewa_store_prepare (self, "PRAGMA journal_mode = WAL", error);
      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_ROW ||
          g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
        {
          sewa_store_set_sqlite_error (self, sqlite3_errcode (self->db),
                                       "cannot switch the database to WAL mode", error);
          return FALSE;
        }
    }
  return TRUE;
}

SewaStore *
sewa_store_open (const char *state_dir, const char *key_path, gboolean create_key, GError **error)
{
  SewaStoreOptions opts = { 0 };

  opts.state_dir = state_dir;
  opts.key_path = key_path;
  opts.create_key = create_key;
  return sewa_store_open_full (&opts, error);
}

SewaStore *
sewa_store_open_full (const SewaStoreOptions *options, GError **error)
{
  g_autoptr (SewaStore) self = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr (GBytes) stored_check = NULL;
  g_autoptr (GError) key_error = NULL;
  gboolean db_existed;
  gboolean key_existed = TRUE;
  gboolean key_created = FALSE;
  gint64 version = 0;
  guint target;
  int flags;
  int rc;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->state_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sewa_crypto_init (error))
    return NULL;

  self = g_object_new (SEWA_TYPE_STORE, NULL);
  self->read_only = options->read_only;
  self->centre = g_strdup (options->centre_code != NULL ? options->centre_code : "LDH01");
  self->kiosk = options->kiosk_number;
  self->db_path = g_build_filename (options->state_dir, DB_NAME, NULL);
  self->mark_path = g_build_filename (options->state_dir, SEWA_STORE_MARK_NAME, NULL);
  key_path = options->key_path != NULL ? g_strdup (options->key_path)
                                       : g_build_filename (options->state_dir, KEY_NAME, NULL);
  target = options->max_schema_version != 0 ? options->max_schema_version
                                            : SEWA_STORE_SCHEMA_VERSION;
  g_return_val_if_fail (target <= SEWA_STORE_SCHEMA_VERSION, NULL);

  if (!self->read_only && g_mkdir_with_parents (options->state_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, SEWA_STORE_ERROR,
                   saved == ENOSPC ? SEWA_STORE_ERROR_NO_SPACE : SEWA_STORE_ERROR_IO,
                   "cannot create the state directory %s: %s", options->state_dir,
                   g_strerror (saved));
      return NULL;
    }

  db_existed = g_file_test (self->db_path, G_FILE_TEST_EXISTS);
  if (self->read_only && !db_existed)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND,
                   "no queue database at %s", self->db_path);
      return NULL;
    }
  /* The database gets the key file's privacy: 0600 (SQLite gives its WAL and shared-memory files
   * the database file's mode). */
  if (!self->read_only && !db_existed)
    {
      int fd = open (self->db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

      if (fd >= 0)
        close (fd);
    }
  flags = (self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
          SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW;
  rc = sqlite3_open_v2 (self->db_path, &self->db, flags, options->vfs_name);
  if (rc != SQLITE_OK)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot open the queue database", error);
      g_prefix_error (error, "%s: ", self->db_path);
      return NULL;
    }
  if (!configure_connection (self, error) ||
      !query_int (self, "PRAGMA user_version", &version, error))
    {
      g_prefix_error (error, "%s: ", self->db_path);
      return NULL;
    }
  if (version > SEWA_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_TOO_NEW,
                   "%s has schema version %" G_GINT64_FORMAT ", newer than this kiosk "
                   "software understands (%d); install the newer version",
                   self->db_path, version, SEWA_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (version >= 1)
    {
      if (!read_key_check (self, &stored_check, error))
        return NULL;
      if (stored_check == NULL)
        {
          g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                       "%s has no key check value; the database is damaged", self->db_path);
          return NULL;
        }
    }

  /* The key: never invent a new one for a queue that already holds sealed data. */
  self->key = sewa_key_load (key_path, &key_error);
  if (self->key == NULL)
    {
      if (!g_error_matches (key_error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_MISSING))
        {
          g_propagate_error (error, g_steal_pointer (&key_error));
          return NULL;
        }
      if (stored_check != NULL)
        {
          g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_MISSING,
                       "the key file %s is missing, and the queue in %s was encrypted with it; "
                       "restore the key file from the provisioning backup (a new key cannot "
                       "read the queued applications)", key_path, self->db_path);
          return NULL;
        }
      if (!options->create_key || self->read_only)
        {
          g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_MISSING,
                       "the key file %s is missing; provision the kiosk to create it",
                       key_path);
          return NULL;
        }
      self->key = sewa_key_create_full (key_path, sewa_store_mark_create_first, self,
                                        &key_created, error);
      if (self->key == NULL)
        return NULL;
      key_existed = !key_created;
      g_message ("created a new store key at %s", key_path);
    }
  if (stored_check != NULL)
    {
      guint8 check[SEWA_KEY_CHECK_BYTES];
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (stored_check, &len);

      sewa_key_check_value (self->key, check);
      if (len != sizeof check || memcmp (check, data, len) != 0)
        {
          g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_MISMATCH,
                       "the key file %s is not the key the queue in %s was written with; "
                       "restore this kiosk's own key file (do not delete the database: it "
                       "holds applications not yet sent)", key_path, self->db_path);
          return NULL;
        }
    }

  /* Before anything is written: a store behind its reference mark must not issue references. */
  if (!sewa_store_mark_check_at_open (self, (guint) version, key_existed, error))
    return NULL;

  self->schema_version = (guint) version;
  if (!self->read_only)
    {
      if (!migrate (self, target, error) || !sewa_store_mark_set_flag (self, error) ||
          !sewa_store_audit_chain_backfill (self, error))
        return NULL;
      /* SQLite fsyncs the directory for new WAL files, not for a new main database file. */
      if (!db_existed)
        fsync_dir (options->state_dir);
    }
  else if (version < 1)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND,
                   "%s holds no queue yet", self->db_path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
sewa_store_get_db_path (SewaStore *self)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);
  return self->db_path;
}

guint
sewa_store_get_schema_version (SewaStore *self)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), 0);
  return self->schema_version;
}
