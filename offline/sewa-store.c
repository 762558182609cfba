/* sewa-store.c — opening, schema migrations, enqueue and the outbox state machine.
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
#include "sewa-reference.h"

#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

G_DEFINE_QUARK (sewa-store-error-quark, sewa_store_error)

G_DEFINE_FINAL_TYPE (SewaStore, sewa_store, G_TYPE_OBJECT)

#define DB_NAME "queue.db"
#define KEY_NAME "store.key"
#define BUSY_TIMEOUT_MS 10000
#define MAX_PAGES_PER_APPLICATION 200
#define MAX_PAGE_BYTES (16 * 1024 * 1024)

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

static gboolean
fee_state_from_string (const char *text, SewaFeeState *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (fee_names); i++)
    if (g_str_equal (text, fee_names[i]))
      {
        *out = (SewaFeeState) i;
        return TRUE;
      }
  return FALSE;
}

static void
app_page_free (gpointer data)
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
sewa_application_free (SewaApplication *app)
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
  g_free (app->fee_payment_ref);
  g_free (app);
}

void
sewa_audit_entry_free (SewaAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->event);
  g_free (entry->detail);
  g_free (entry);
}

/* --- SQLite plumbing ----------------------------------------------------------------------- */

static gint64
now_seconds (void)
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
      msg = "the disk is full";
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
      sqlite3_system_errno (self->db) == ENOSPC)
    code = SEWA_STORE_ERROR_NO_SPACE;
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
static gboolean
step_done (SewaStore *self, SewaStmt *stmt, const char *what, GError **error)
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

static gboolean
tx_begin (SewaStore *self, GError **error)
{
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
  return sewa_store_exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
tx_commit (SewaStore *self, GError **error)
{
  int rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot commit", error);
      /* A failed COMMIT may leave the transaction open (e.g. SQLITE_BUSY); never leave it so. */
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
tx_rollback (SewaStore *self)
{
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
check_open (SewaStore *self, GError **error)
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

      if (!tx_begin (self, error))
        return FALSE;
      /* Another process may have migrated while we waited for the write lock. */
      if (!query_int (self, "PRAGMA user_version", &version, error))
        goto fail;
      if ((guint) version >= target)
        {
          tx_rollback (self);
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
          if (!step_done (self, stmt, "cannot store the key check", error))
            goto fail;
        }
      set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
      if (!sewa_store_exec (self, set_version, error) || !tx_commit (self, error))
        goto fail;
      g_debug ("store schema migrated to version %" G_GINT64_FORMAT, version + 1);
      version++;
    }
  self->schema_version = (guint) version;
  return TRUE;

fail:
  g_prefix_error (error, "schema migration to version %" G_GINT64_FORMAT " failed: ",
                  version + 1);
  tx_rollback (self);
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

  g_mutex_lock (&self->lock);
  if (self->stmts != NULL)
    g_hash_table_remove_all (self->stmts);
  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      if (rc != SQLITE_OK)
        g_warning ("closing the store: %s", sqlite3_errstr (rc));
      self->db = NULL;
    }
  g_mutex_unlock (&self->lock);
}

static void
sewa_store_finalize (GObject *object)
{
  SewaStore *self = SEWA_STORE (object);

  sewa_store_close (self);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->key, sewa_key_free);
  g_free (self->db_path);
  g_free (self->centre);
  g_mutex_clear (&self->lock);
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
  g_mutex_init (&self->lock);
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
      self->key = sewa_key_create (key_path, error);
      if (self->key == NULL)
        return NULL;
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

  self->schema_version = (guint) version;
  if (!self->read_only)
    {
      if (!migrate (self, target, error))
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

/* --- audit (caller holds the lock) ------------------------------------------------------------ */

static gboolean
audit_locked (SewaStore *self, gint64 at, const char *event, const char *detail, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;

  stmt = sewa_store_prepare (self, "INSERT INTO audit_log (at, event, detail) VALUES (?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_text (stmt, 2, event, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, detail != NULL ? detail : "", -1, SQLITE_STATIC);
  return step_done (self, stmt, "cannot append to the audit log", error);
}

gboolean
sewa_store_audit (SewaStore *self, const char *event, const char *detail, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  g_mutex_lock (&self->lock);
  ok = tx_begin (self, error) && audit_locked (self, now_seconds (), event, detail, error) &&
       tx_commit (self, error);
  if (!ok)
    tx_rollback (self);
  g_mutex_unlock (&self->lock);
  return ok;
}

GPtrArray *
sewa_store_audit_list (SewaStore *self, gint64 after_id, guint limit, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_audit_entry_free);
  g_autoptr (SewaStmt) stmt = NULL;
  GPtrArray *result = NULL;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);

  g_mutex_lock (&self->lock);
  if (!check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "SELECT id, at, event, detail FROM audit_log WHERE id > ? "
                             "ORDER BY id LIMIT ?",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, after_id);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? -1 : (gint64) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SewaAuditEntry *e = g_new0 (SewaAuditEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = sqlite3_column_int64 (stmt, 1);
      e->event = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      e->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (out, e);
    }
  if (rc != SQLITE_DONE)
    sewa_store_set_sqlite_error (self, rc, "cannot read the audit log", error);
  else
    result = g_steal_pointer (&out);
out:
  g_mutex_unlock (&self->lock);
  return result;
}

/* --- enqueue ------------------------------------------------------------------------------- */

static guint
count_digits (const char *s)
{
  guint n = 0;

  for (; *s != '\0'; s++)
    if (g_ascii_isdigit (*s))
      n++;
  return n;
}

static char *
last_four_digits (const char *s)
{
  char out[5] = { 0 };
  guint n = 0;

  for (gsize i = strlen (s); i > 0 && n < 4; i--)
    if (g_ascii_isdigit (s[i - 1]))
      out[3 - n++] = s[i - 1];
  return g_strdup (out + (4 - n));
}

/* Aadhaar numbers are never stored whole. The form engine passes only the last four digits of
 * fields marked aadhaar; this is the second line of defence: any such member holding more than
 * four digits (a 12-digit Aadhaar, a 16-digit Virtual ID, with or without spaces) is cut to its
 * last four digits before it is sealed. */
static void
mask_aadhaar (JsonNode *node, const char *const *fields, guint *n_masked)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *child = json_object_get_member (obj, name);

          if (g_strv_contains (fields, name) && JSON_NODE_HOLDS_VALUE (child))
            {
              g_autofree char *text = NULL;

              if (json_node_get_value_type (child) == G_TYPE_STRING)
                text = g_strdup (json_node_get_string (child));
              else if (json_node_get_value_type (child) == G_TYPE_INT64)
                text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (child));
              else if (json_node_get_value_type (child) == G_TYPE_DOUBLE)
                text = g_strdup_printf ("%.0f", json_node_get_double (child));
              if (text != NULL && count_digits (text) > 4)
                {
                  g_autofree char *masked = last_four_digits (text);

                  json_object_set_string_member (obj, name, masked);
                  (*n_masked)++;
                }
            }
          else
            mask_aadhaar (child, fields, n_masked);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        mask_aadhaar (json_array_get_element (arr, i), fields, n_masked);
    }
}

typedef struct
{
  guint8 sha256[32];
  guint8 address[SEWA_PAGE_ADDRESS_BYTES];
  GBytes *sealed;
  GBytes *meta;
} PreparedPage;

static void
prepared_page_clear (PreparedPage *p)
{
  g_clear_pointer (&p->sealed, g_bytes_unref);
  g_clear_pointer (&p->meta, g_bytes_unref);
}

static GBytes *
seal_json (SewaStore *self, JsonBuilder *builder, GBytes *ad)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);
  GBytes *sealed;
  gsize ad_len = 0;
  const guint8 *ad_data = g_bytes_get_data (ad, &ad_len);

  sealed = sewa_key_seal (self->key, (const guint8 *) text, strlen (text), ad_data, ad_len);
  memset (text, 0, strlen (text));
  return sealed;
}

static gboolean
validate_new (const SewaNewApplication *app, const SewaNewPage *pages, gsize n_pages,
              GError **error)
{
  const char *bad = NULL;

  if (app->service_id == NULL || app->service_id[0] == '\0')
    bad = "service id is empty";
  else if (app->catalog_version == NULL || app->catalog_hash == NULL)
    bad = "catalog version and hash are required";
  else if (app->form_json == NULL)
    bad = "form data is required";
  else if ((guint) app->fee_state > SEWA_FEE_PAID)
    bad = "fee state is invalid";
  else if (n_pages > MAX_PAGES_PER_APPLICATION)
    bad = "too many pages";
  for (gsize i = 0; bad == NULL && i < n_pages; i++)
    {
      if (pages[i].data == NULL || pages[i].len == 0 || pages[i].len > MAX_PAGE_BYTES)
        bad = "a page is empty or too large";
      else if (pages[i].document_id == NULL || pages[i].mime_type == NULL)
        bad = "a page lacks its document id or MIME type";
    }
  if (bad != NULL)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                   "cannot enqueue: %s", bad);
      return FALSE;
    }
  return TRUE;
}

/* Allocates today's next provisional reference; inside the enqueue transaction, so a reference
 * is used by exactly one committed application and a rolled-back enqueue gives its number back. */
static char *
next_reference (SewaStore *self, gint64 at, GError **error)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (at);
  g_autoptr (SewaStmt) stmt = NULL;
  SewaReferenceParts parts = { 0 };
  char day[8];
  gint64 seq = 0;
  char *ref;
  int rc;

  g_snprintf (day, sizeof day, "%02d%02d%02d", g_date_time_get_year (dt) % 100,
              g_date_time_get_month (dt), g_date_time_get_day_of_month (dt));
  stmt = sewa_store_prepare (self,
                             "SELECT last_seq FROM reference_counters WHERE day = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read the reference counter", error);
      return NULL;
    }
  g_clear_pointer (&stmt, sewa_stmt_reset);
  if (seq >= 9999)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_REFERENCES_EXHAUSTED,
                   "all 9999 provisional references for today are used");
      return NULL;
    }
  seq++;
  stmt = sewa_store_prepare (self,
                             "INSERT INTO reference_counters (day, last_seq) VALUES (?, ?) "
                             "ON CONFLICT (day) DO UPDATE SET last_seq = excluded.last_seq",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, seq);
  if (!step_done (self, stmt, "cannot advance the reference counter", error))
    return NULL;

  g_strlcpy (parts.centre, self->centre, sizeof parts.centre);
  parts.kiosk = self->kiosk;
  parts.year = (guint) g_date_time_get_year (dt);
  parts.month = (guint) g_date_time_get_month (dt);
  parts.day = (guint) g_date_time_get_day_of_month (dt);
  parts.seq = (guint) seq;
  ref = sewa_reference_format (&parts);
  if (ref == NULL)
    g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                 "cannot format a provisional reference (centre code or kiosk number invalid)");
  return ref;
}

static gboolean
lookup_rowid (SewaStore *self, const char *id, gint64 *out_rowid, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self, "SELECT id FROM applications WHERE idem_key = ?1 OR reference = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_rowid = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND, "no application %s", id);
  else
    sewa_store_set_sqlite_error (self, rc, "cannot look up the application", error);
  return FALSE;
}

static gboolean
insert_page (SewaStore *self, gint64 app_rowid, guint index, const SewaNewPage *page,
             const PreparedPage *prep, gint64 now, GError **error)
{
  g_autoptr (SewaStmt) ins = NULL;
  g_autoptr (SewaStmt) sel = NULL;
  g_autoptr (SewaStmt) link = NULL;
  gint64 page_rowid;
  gsize len = 0;
  const guint8 *data;

  /* Content-addressed: the same page attached twice (or to a correction) is stored once. */
  ins = sewa_store_prepare (self,
                            "INSERT INTO pages (address, size, sealed, created_at) "
                            "VALUES (?, ?, ?, ?) ON CONFLICT (address) DO NOTHING",
                            error);
  if (ins == NULL)
    return FALSE;
  data = g_bytes_get_data (prep->sealed, &len);
  sqlite3_bind_blob (ins, 1, prep->address, SEWA_PAGE_ADDRESS_BYTES, SQLITE_STATIC);
  sqlite3_bind_int64 (ins, 2, (gint64) page->len);
  sqlite3_bind_blob64 (ins, 3, data, len, SQLITE_STATIC);
  sqlite3_bind_int64 (ins, 4, now);
  if (!step_done (self, ins, "cannot store a page", error))
    return FALSE;

  sel = sewa_store_prepare (self, "SELECT id FROM pages WHERE address = ?", error);
  if (sel == NULL)
    return FALSE;
  sqlite3_bind_blob (sel, 1, prep->address, SEWA_PAGE_ADDRESS_BYTES, SQLITE_STATIC);
  if (sqlite3_step (sel) != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, sqlite3_errcode (self->db), "cannot find a stored page",
                                   error);
      return FALSE;
    }
  page_rowid = sqlite3_column_int64 (sel, 0);

  link = sewa_store_prepare (self,
                             "INSERT INTO application_pages (application_id, page_index, page_id, "
                             "size, meta) VALUES (?, ?, ?, ?, ?)",
                             error);
  if (link == NULL)
    return FALSE;
  data = g_bytes_get_data (prep->meta, &len);
  sqlite3_bind_int64 (link, 1, app_rowid);
  sqlite3_bind_int64 (link, 2, index);
  sqlite3_bind_int64 (link, 3, page_rowid);
  sqlite3_bind_int64 (link, 4, (gint64) page->len);
  sqlite3_bind_blob64 (link, 5, data, len, SQLITE_STATIC);
  return step_done (self, link, "cannot link a page", error);
}

gboolean
sewa_store_enqueue (SewaStore *self, const SewaNewApplication *app, const SewaNewPage *pages,
                    gsize n_pages, char **out_id, char **out_reference, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GBytes) payload = NULL;
  g_autoptr (GBytes) ad = NULL;
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *detail = NULL;
  g_autoptr (SewaStmt) stmt = NULL;
  g_autofree PreparedPage *prepared = NULL;
  JsonNode *form;
  gint64 now, app_rowid, corrects_rowid = 0;
  guint n_masked = 0;
  gboolean ok = FALSE;
  gsize len = 0;
  const guint8 *data;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (app != NULL, FALSE);
  g_return_val_if_fail (pages != NULL || n_pages == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_new (app, pages, n_pages, error))
    return FALSE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, app->form_json, -1, &parse_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                   "cannot enqueue: form data is not a JSON object");
      return FALSE;
    }
  form = json_parser_steal_root (parser);
  if (app->aadhaar_fields != NULL)
    mask_aadhaar (form, app->aadhaar_fields, &n_masked);
  if (n_masked > 0)
    g_warning ("%u form field(s) marked aadhaar held more than four digits; stored only the "
               "last four", n_masked);

  now = app->created_at != 0 ? app->created_at : now_seconds ();
  id = sewa_crypto_uuid ();

  /* Seal everything before taking the write lock: the transaction then only writes. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "form");
  json_builder_add_value (builder, json_node_ref (form));
  json_builder_set_member_name (builder, "citizen_ref");
  if (app->citizen_ref != NULL)
    json_builder_add_string_value (builder, app->citizen_ref);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "fee_amount_paise");
  json_builder_add_int_value (builder, app->fee_amount_paise);
  json_builder_set_member_name (builder, "fee_payment_ref");
  if (app->fee_payment_ref != NULL)
    json_builder_add_string_value (builder, app->fee_payment_ref);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  ad = sewa_store_ad_payload (id);
  payload = seal_json (self, builder, ad);

  prepared = g_new0 (PreparedPage, n_pages + 1);
  for (gsize i = 0; i < n_pages; i++)
    {
      g_autoptr (JsonBuilder) mb = json_builder_new_immutable ();
      g_autoptr (GBytes) page_ad = NULL;
      g_autoptr (GBytes) meta_ad = NULL;
      g_autofree char *hex = NULL;
      gsize ad_len = 0;
      const guint8 *ad_data;

      sewa_crypto_sha256 (pages[i].data, pages[i].len, prepared[i].sha256);
      sewa_key_page_address (self->key, prepared[i].sha256, prepared[i].address);
      page_ad = sewa_store_ad_page (prepared[i].address);
      ad_data = g_bytes_get_data (page_ad, &ad_len);
      prepared[i].sealed = sewa_key_seal (self->key, pages[i].data, pages[i].len, ad_data, ad_len);

      hex = sewa_crypto_hex (prepared[i].sha256, 32);
      json_builder_begin_object (mb);
      json_builder_set_member_name (mb, "sha256");
      json_builder_add_string_value (mb, hex);
      json_builder_set_member_name (mb, "document_id");
      json_builder_add_string_value (mb, pages[i].document_id);
      json_builder_set_member_name (mb, "doc_type");
      if (pages[i].doc_type != NULL)
        json_builder_add_string_value (mb, pages[i].doc_type);
      else
        json_builder_add_null_value (mb);
      json_builder_set_member_name (mb, "mime_type");
      json_builder_add_string_value (mb, pages[i].mime_type);
      json_builder_end_object (mb);
      meta_ad = sewa_store_ad_page_meta (id, (guint) i);
      prepared[i].meta = seal_json (self, mb, meta_ad);
    }

  g_mutex_lock (&self->lock);
  if (!tx_begin (self, error))
    goto out;
  if (app->corrects != NULL && !lookup_rowid (self, app->corrects, &corrects_rowid, error))
    {
      g_prefix_error (error, "the corrected application: ");
      goto out;
    }
  reference = next_reference (self, now, error);
  if (reference == NULL)
    goto out;

  stmt = sewa_store_prepare (self,
                             "INSERT INTO applications (idem_key, reference, service_id, "
                             "catalog_version, catalog_hash, state, fee_state, next_attempt_at, "
                             "corrects_id, n_pages, payload, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    goto out;
  data = g_bytes_get_data (payload, &len);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reference, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, app->service_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, app->catalog_version, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, app->catalog_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, sewa_fee_state_to_string (app->fee_state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, now);
  if (corrects_rowid != 0)
    sqlite3_bind_int64 (stmt, 8, corrects_rowid);
  else
    sqlite3_bind_null (stmt, 8);
  sqlite3_bind_int64 (stmt, 9, (gint64) n_pages);
  sqlite3_bind_blob64 (stmt, 10, data, len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, now);
  if (!step_done (self, stmt, "cannot store the application", error))
    goto out;
  app_rowid = sqlite3_last_insert_rowid (self->db);

  for (gsize i = 0; i < n_pages; i++)
    if (!insert_page (self, app_rowid, (guint) i, &pages[i], &prepared[i], now, error))
      goto out;

  detail = g_strdup_printf ("id=%s ref=%s service=%s pages=%" G_GSIZE_FORMAT "%s%s", id,
                            reference, app->service_id, n_pages,
                            n_masked > 0 ? " aadhaar_masked=" : "",
                            n_masked > 0 ? "yes" : "");
  if (!audit_locked (self, now, "enqueued", detail, error))
    goto out;
  ok = tx_commit (self, error);

out:
  if (!ok)
    {
      tx_rollback (self);
      g_prefix_error (error, "the application was not saved: ");
    }
  g_mutex_unlock (&self->lock);
  for (gsize i = 0; i < n_pages; i++)
    prepared_page_clear (&prepared[i]);
  json_node_unref (form);
  if (ok)
    {
      if (out_id != NULL)
        *out_id = g_steal_pointer (&id);
      if (out_reference != NULL)
        *out_reference = g_steal_pointer (&reference);
    }
  return ok;
}

/* --- reading applications ----------------------------------------------------------------- */

#define APP_COLUMNS \
  "a.id, a.idem_key, a.reference, a.service_id, a.catalog_version, a.catalog_hash, a.state, " \
  "a.fee_state, a.attempt_count, a.next_attempt_at, a.lease_until, a.last_error, a.arn, " \
  "(SELECT c.idem_key FROM applications c WHERE c.id = a.corrects_id), a.n_pages, a.payload, " \
  "a.created_at, a.updated_at, a.submitted_at, a.acknowledged_at, a.pages_purged_at"

static char *
column_strdup (sqlite3_stmt *stmt, int col)
{
  const unsigned char *t = sqlite3_column_text (stmt, col);

  return t != NULL ? g_strdup ((const char *) t) : NULL;
}

static gboolean
unseal_payload (SewaStore *self, SewaApplication *app, const void *blob, gsize blob_len,
                GError **error)
{
  g_autoptr (GBytes) ad = sewa_store_ad_payload (app->id);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree guint8 *plain = NULL;
  gsize ad_len = 0, plain_len = 0;
  const guint8 *ad_data = g_bytes_get_data (ad, &ad_len);
  JsonObject *obj;
  JsonNode *form;

  plain = sewa_key_open (self->key, blob, blob_len, ad_data, ad_len, &plain_len, error);
  if (plain == NULL)
    {
      g_prefix_error (error, "application %s: ", app->id);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, (const char *) plain, (gssize) plain_len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    form = NULL;
  else
    {
      obj = json_node_get_object (json_parser_get_root (parser));
      form = json_object_get_member (obj, "form");
    }
  if (form == NULL || !JSON_NODE_HOLDS_OBJECT (form))
    {
      memset (plain, 0, plain_len);
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s: sealed record is not valid JSON", app->id);
      return FALSE;
    }
  app->form_json = json_to_string (form, FALSE);
  app->citizen_ref = g_strdup (json_object_get_string_member_with_default (obj, "citizen_ref", NULL));
  app->fee_amount_paise = json_object_get_int_member_with_default (obj, "fee_amount_paise", 0);
  app->fee_payment_ref = g_strdup (json_object_get_string_member_with_default (obj, "fee_payment_ref", NULL));
  app->has_pii = TRUE;
  memset (plain, 0, plain_len);
  return TRUE;
}

static gboolean
unseal_page_meta (SewaStore *self, const char *idem_key, SewaAppPage *page, const void *blob,
                  gsize blob_len, GError **error)
{
  g_autoptr (GBytes) ad = sewa_store_ad_page_meta (idem_key, page->index);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree guint8 *plain = NULL;
  gsize ad_len = 0, plain_len = 0;
  const guint8 *ad_data = g_bytes_get_data (ad, &ad_len);
  JsonObject *obj;

  plain = sewa_key_open (self->key, blob, blob_len, ad_data, ad_len, &plain_len, error);
  if (plain == NULL)
    {
      g_prefix_error (error, "application %s page %u metadata: ", idem_key, page->index);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, (const char *) plain, (gssize) plain_len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s page %u: metadata is not valid JSON", idem_key, page->index);
      return FALSE;
    }
  obj = json_node_get_object (json_parser_get_root (parser));
  page->sha256 = g_strdup (json_object_get_string_member_with_default (obj, "sha256", NULL));
  page->document_id = g_strdup (json_object_get_string_member_with_default (obj, "document_id", NULL));
  page->doc_type = g_strdup (json_object_get_string_member_with_default (obj, "doc_type", NULL));
  page->mime_type = g_strdup (json_object_get_string_member_with_default (obj, "mime_type", NULL));
  if (page->sha256 == NULL || strlen (page->sha256) != 64)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s page %u: metadata lacks the page hash", idem_key, page->index);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_pages (SewaStore *self, gint64 rowid, SewaApplication *app, gboolean with_pii,
            GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;
  const gboolean has_upload_columns = self->schema_version >= 2;

  stmt = sewa_store_prepare (self,
                             has_upload_columns
                               ? "SELECT page_index, size, meta, page_id IS NULL, upload_id, "
                                 "confirmed_offset FROM application_pages "
                                 "WHERE application_id = ? ORDER BY page_index"
                               : "SELECT page_index, size, meta, page_id IS NULL, NULL, 0 "
                                 "FROM application_pages "
                                 "WHERE application_id = ? ORDER BY page_index",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SewaAppPage *p = g_new0 (SewaAppPage, 1);

      p->index = (guint) sqlite3_column_int64 (stmt, 0);
      p->size = sqlite3_column_int64 (stmt, 1);
      p->purged = sqlite3_column_int (stmt, 3) != 0;
      p->upload_id = column_strdup (stmt, 4);
      p->confirmed_offset = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (app->pages, p);
      if (with_pii && !unseal_page_meta (self, app->id, p, sqlite3_column_blob (stmt, 2),
                                         (gsize) sqlite3_column_bytes (stmt, 2), error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read page records", error);
      return FALSE;
    }
  return TRUE;
}

/* Builds an application from a row of APP_COLUMNS. */
static SewaApplication *
app_from_row (SewaStore *self, sqlite3_stmt *stmt, gboolean with_pii, GError **error)
{
  g_autoptr (SewaApplication) app = g_new0 (SewaApplication, 1);
  gint64 rowid = sqlite3_column_int64 (stmt, 0);

  app->pages = g_ptr_array_new_with_free_func (app_page_free);
  app->id = column_strdup (stmt, 1);
  app->reference = column_strdup (stmt, 2);
  app->service_id = column_strdup (stmt, 3);
  app->catalog_version = column_strdup (stmt, 4);
  app->catalog_hash = column_strdup (stmt, 5);
  if (!sewa_app_state_from_string ((const char *) sqlite3_column_text (stmt, 6), &app->state) ||
      !fee_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &app->fee_state))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s has an invalid state", app->id);
      return NULL;
    }
  app->attempt_count = (guint) sqlite3_column_int64 (stmt, 8);
  app->next_attempt_at = sqlite3_column_int64 (stmt, 9);
  app->lease_until = sqlite3_column_int64 (stmt, 10);
  app->last_error = column_strdup (stmt, 11);
  app->arn = column_strdup (stmt, 12);
  app->corrects = column_strdup (stmt, 13);
  app->n_pages = (guint) sqlite3_column_int64 (stmt, 14);
  app->created_at = sqlite3_column_int64 (stmt, 16);
  app->updated_at = sqlite3_column_int64 (stmt, 17);
  app->submitted_at = sqlite3_column_int64 (stmt, 18);
  app->acknowledged_at = sqlite3_column_int64 (stmt, 19);
  app->pages_purged_at = sqlite3_column_int64 (stmt, 20);
  if (with_pii && !unseal_payload (self, app, sqlite3_column_blob (stmt, 15),
                                   (gsize) sqlite3_column_bytes (stmt, 15), error))
    return NULL;
  if (!load_pages (self, rowid, app, with_pii, error))
    return NULL;
  return g_steal_pointer (&app);
}

SewaApplication *
sewa_store_get_locked (SewaStore *self, const char *id_or_reference, gboolean with_pii, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self,
                             "SELECT " APP_COLUMNS " FROM applications a "
                             "WHERE a.idem_key = ?1 OR a.reference = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id_or_reference, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return app_from_row (self, stmt, with_pii, error);
  if (rc == SQLITE_DONE)
    g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND, "no application %s",
                 id_or_reference);
  else
    sewa_store_set_sqlite_error (self, rc, "cannot read the application", error);
  return NULL;
}

SewaApplication *
sewa_store_get (SewaStore *self, const char *id_or_reference, gboolean with_pii, GError **error)
{
  SewaApplication *app = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_reference != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (check_open (self, error))
    app = sewa_store_get_locked (self, id_or_reference, with_pii, error);
  g_mutex_unlock (&self->lock);
  return app;
}

GPtrArray *
sewa_store_list (SewaStore *self, int state, gboolean with_pii, GError **error)
{
  g_autoptr (GPtrArray) out = NULL;
  g_autoptr (SewaStmt) stmt = NULL;
  GPtrArray *result = NULL;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_application_free);
  g_mutex_lock (&self->lock);
  if (!check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "SELECT " APP_COLUMNS " FROM applications a "
                             "WHERE ?1 IS NULL OR a.state = ?1 ORDER BY a.id",
                             error);
  if (stmt == NULL)
    goto out;
  if (state >= 0)
    sqlite3_bind_text (stmt, 1, sewa_app_state_to_string ((SewaAppState) state), -1,
                       SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SewaApplication *app = app_from_row (self, stmt, with_pii, error);

      if (app == NULL)
        goto out;
      g_ptr_array_add (out, app);
    }
  if (rc != SQLITE_DONE)
    sewa_store_set_sqlite_error (self, rc, "cannot list applications", error);
  else
    result = g_steal_pointer (&out);
out:
  g_mutex_unlock (&self->lock);
  return result;
}

GBytes *
sewa_store_read_page (SewaStore *self, const char *sha256_hex, GError **error)
{
  guint8 sha[32], address[SEWA_PAGE_ADDRESS_BYTES], actual[32];
  g_autoptr (SewaStmt) stmt = NULL;
  g_autoptr (GBytes) ad = NULL;
  guint8 *plain = NULL;
  GBytes *result = NULL;
  gsize plain_len = 0, ad_len = 0;
  const guint8 *ad_data;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);
  g_return_val_if_fail (sha256_hex != NULL, NULL);

  if (!sewa_crypto_unhex (sha256_hex, sha, sizeof sha))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                   "not a SHA-256 in hex: %s", sha256_hex);
      return NULL;
    }
  g_mutex_lock (&self->lock);
  if (!check_open (self, error))
    goto out;
  sewa_key_page_address (self->key, sha, address);
  stmt = sewa_store_prepare (self, "SELECT sealed FROM pages WHERE address = ?", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_blob (stmt, 1, address, sizeof address, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND,
                     "page %.12s… is not stored (never, or purged by retention)", sha256_hex);
      else
        sewa_store_set_sqlite_error (self, rc, "cannot read a page", error);
      goto out;
    }
  ad = sewa_store_ad_page (address);
  ad_data = g_bytes_get_data (ad, &ad_len);
  plain = sewa_key_open (self->key, sqlite3_column_blob (stmt, 0),
                         (gsize) sqlite3_column_bytes (stmt, 0), ad_data, ad_len, &plain_len,
                         error);
  if (plain == NULL)
    {
      g_prefix_error (error, "page %.12s…: ", sha256_hex);
      goto out;
    }
  sewa_crypto_sha256 (plain, plain_len, actual);
  if (memcmp (actual, sha, sizeof sha) != 0)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "page %.12s…: content does not match its SHA-256", sha256_hex);
      g_free (plain);
      goto out;
    }
  result = g_bytes_new_take (plain, plain_len);
out:
  g_mutex_unlock (&self->lock);
  return result;
}

/* --- the state machine --------------------------------------------------------------------- */

typedef struct
{
  gint64 rowid;
  SewaAppState state;
  char *arn;
  char *idem_key;
} Current;

static void
current_clear (Current *c)
{
  g_clear_pointer (&c->arn, g_free);
  g_clear_pointer (&c->idem_key, g_free);
}

static gboolean
load_current (SewaStore *self, const char *id, Current *out, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self,
                             "SELECT id, state, arn, idem_key FROM applications "
                             "WHERE idem_key = ?1 OR reference = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND, "no application %s", id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read the application", error);
      return FALSE;
    }
  out->rowid = sqlite3_column_int64 (stmt, 0);
  if (!sewa_app_state_from_string ((const char *) sqlite3_column_text (stmt, 1), &out->state))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s has an invalid state", id);
      return FALSE;
    }
  out->arn = column_strdup (stmt, 2);
  out->idem_key = column_strdup (stmt, 3);
  return TRUE;
}

static gboolean
invalid_transition (const Current *cur, const char *action, GError **error)
{
  g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE,
               "application %s is %s; cannot %s it", cur->idem_key,
               sewa_app_state_to_string (cur->state), action);
  return FALSE;
}

/* The single UPDATE every transition uses; NULL text columns are bound as NULL. Columns not in
 * the statement keep their values. */
static gboolean
apply_transition (SewaStore *self, const Current *cur, SewaAppState to, gint64 next_attempt_at,
                  const char *last_error, const char *arn, gint64 now, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  g_autofree char *detail = NULL;

  stmt = sewa_store_prepare (self,
                             "UPDATE applications SET state = ?2, next_attempt_at = ?3, "
                             "lease_until = NULL, last_error = ?4, arn = ?5, updated_at = ?6, "
                             "submitted_at = CASE WHEN ?2 = 'submitted' AND submitted_at IS NULL "
                             "  THEN ?6 ELSE submitted_at END, "
                             "acknowledged_at = CASE WHEN ?2 = 'acknowledged' THEN ?6 "
                             "  ELSE acknowledged_at END "
                             "WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cur->rowid);
  sqlite3_bind_text (stmt, 2, sewa_app_state_to_string (to), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, next_attempt_at);
  if (last_error != NULL)
    sqlite3_bind_text (stmt, 4, last_error, -1, SQLITE_STATIC);
  if (arn != NULL)
    sqlite3_bind_text (stmt, 5, arn, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!step_done (self, stmt, "cannot change the application's state", error))
    return FALSE;
  if (to == cur->state)
    return TRUE;
  detail = g_strdup_printf ("id=%s from=%s to=%s", cur->idem_key,
                            sewa_app_state_to_string (cur->state), sewa_app_state_to_string (to));
  return audit_locked (self, now, "state", detail, error);
}

typedef enum
{
  OP_SUBMITTED,
  OP_ACKNOWLEDGED,
  OP_RETRY,
  OP_REJECTED,
  OP_QUARANTINE,
  OP_RELEASE,
  OP_OPERATOR_RETRY,
} Op;

static gboolean
transition (SewaStore *self, const char *id, Op op, const char *text, gint64 when, GError **error)
{
  Current cur = { 0 };
  gint64 now = now_seconds ();
  gboolean ok = FALSE;

  g_mutex_lock (&self->lock);
  if (!tx_begin (self, error))
    goto out;
  if (!load_current (self, id, &cur, error))
    goto out;

  switch (op)
    {
    case OP_SUBMITTED:
      if (cur.state == SEWA_APP_SUBMITTED && g_strcmp0 (cur.arn, text) == 0)
        ok = TRUE; /* repeated: nothing to do */
      else if (cur.state != SEWA_APP_UPLOADING)
        invalid_transition (&cur, "mark submitted", error);
      else
        ok = apply_transition (self, &cur, SEWA_APP_SUBMITTED, when, NULL, text, now, error);
      break;
    case OP_ACKNOWLEDGED:
      if (cur.state == SEWA_APP_ACKNOWLEDGED)
        ok = TRUE;
      else if (cur.state != SEWA_APP_SUBMITTED)
        invalid_transition (&cur, "mark acknowledged", error);
      else
        ok = apply_transition (self, &cur, SEWA_APP_ACKNOWLEDGED, now, NULL, cur.arn, now, error);
      break;
    case OP_RETRY:
      if (cur.state == SEWA_APP_UPLOADING)
        ok = apply_transition (self, &cur, SEWA_APP_QUEUED, when, text, cur.arn, now, error);
      else if (cur.state == SEWA_APP_SUBMITTED)
        ok = apply_transition (self, &cur, SEWA_APP_SUBMITTED, when, text, cur.arn, now, error);
      else
        invalid_transition (&cur, "retry", error);
      break;
    case OP_REJECTED:
      if (cur.state == SEWA_APP_UPLOADING || cur.state == SEWA_APP_SUBMITTED)
        ok = apply_transition (self, &cur, SEWA_APP_REJECTED, now, text, cur.arn, now, error);
      else
        invalid_transition (&cur, "mark rejected", error);
      break;
    case OP_QUARANTINE:
      if (sewa_app_state_is_final (cur.state))
        invalid_transition (&cur, "quarantine", error);
      else
        ok = apply_transition (self, &cur, SEWA_APP_QUARANTINED, now, text, cur.arn, now, error);
      break;
    case OP_RELEASE:
      if (cur.state == SEWA_APP_UPLOADING)
        ok = apply_transition (self, &cur, SEWA_APP_QUEUED, now, NULL, cur.arn, now, error);
      else if (cur.state == SEWA_APP_SUBMITTED)
        ok = apply_transition (self, &cur, SEWA_APP_SUBMITTED, now, NULL, cur.arn, now, error);
      else
        invalid_transition (&cur, "release the lease of", error);
      if (ok)
        {
          /* The lease was taken but no attempt made: do not count it. */
          g_autoptr (SewaStmt) stmt = sewa_store_prepare (
            self, "UPDATE applications SET attempt_count = max (attempt_count - 1, 0) WHERE id = ?",
            error);

          ok = stmt != NULL;
          if (ok)
            {
              sqlite3_bind_int64 (stmt, 1, cur.rowid);
              ok = step_done (self, stmt, "cannot update the attempt count", error);
            }
        }
      break;
    case OP_OPERATOR_RETRY:
      if (sewa_app_state_is_final (cur.state))
        invalid_transition (&cur, "retry (it is final; file a correction)", error);
      else
        {
          SewaAppState to = cur.arn != NULL ? SEWA_APP_SUBMITTED : SEWA_APP_QUEUED;
          g_autoptr (SewaStmt) stmt = NULL;

          ok = apply_transition (self, &cur, to, now, NULL, cur.arn, now, error);
          if (ok)
            {
              stmt = sewa_store_prepare (self,
                                         "UPDATE applications SET attempt_count = 0 WHERE id = ?",
                                         error);
              ok = stmt != NULL;
            }
          if (ok)
            {
              g_autofree char *detail = g_strdup_printf ("id=%s", cur.idem_key);

              sqlite3_bind_int64 (stmt, 1, cur.rowid);
              ok = step_done (self, stmt, "cannot reset the attempt count", error) &&
                   audit_locked (self, now, "operator_retry", detail, error);
            }
        }
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok)
    ok = tx_commit (self, error);
out:
  if (!ok)
    tx_rollback (self);
  g_mutex_unlock (&self->lock);
  current_clear (&cur);
  return ok;
}

gboolean
sewa_store_mark_submitted (SewaStore *self, const char *id, const char *arn, gint64 next_poll_at,
                           GError **error)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && arn != NULL && arn[0] != '\0', FALSE);
  return transition (self, id, OP_SUBMITTED, arn, next_poll_at, error);
}

gboolean
sewa_store_mark_acknowledged (SewaStore *self, const char *id, GError **error)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return transition (self, id, OP_ACKNOWLEDGED, NULL, 0, error);
}

gboolean
sewa_store_mark_retry (SewaStore *self, const char *id, gint64 next_attempt_at,
                       const char *error_text, GError **error)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return transition (self, id, OP_RETRY, error_text, next_attempt_at, error);
}

gboolean
sewa_store_mark_rejected (SewaStore *self, const char *id, const char *reason, GError **error)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && reason != NULL, FALSE);
  return transition (self, id, OP_REJECTED, reason, 0, error);
}

gboolean
sewa_store_quarantine (SewaStore *self, const char *id, const char *reason, GError **error)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && reason != NULL, FALSE);
  return transition (self, id, OP_QUARANTINE, reason, 0, error);
}

gboolean
sewa_store_release_lease (SewaStore *self, const char *id, GError **error)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return transition (self, id, OP_RELEASE, NULL, 0, error);
}

gboolean
sewa_store_operator_retry (SewaStore *self, const char *id, GError **error)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return transition (self, id, OP_OPERATOR_RETRY, NULL, 0, error);
}

gboolean
sewa_store_lease_next (SewaStore *self, gint64 now, guint lease_seconds,
                       SewaApplication **out_app, GError **error)
{
  g_autoptr (SewaStmt) pick = NULL;
  g_autoptr (SewaStmt) take = NULL;
  g_autofree char *idem_key = NULL;
  g_autofree char *from_state = NULL;
  gboolean ok = FALSE;
  gint64 rowid = 0;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_app != NULL, FALSE);
  g_return_val_if_fail (lease_seconds > 0, FALSE);

  *out_app = NULL;
  g_mutex_lock (&self->lock);
  if (!tx_begin (self, error))
    goto out;
  pick = sewa_store_prepare (self,
                             "SELECT id, idem_key, state FROM applications "
                             "WHERE state IN ('queued', 'uploading', 'submitted') "
                             "AND next_attempt_at <= ?1 "
                             "AND (lease_until IS NULL OR lease_until <= ?1) "
                             "ORDER BY next_attempt_at, id LIMIT 1",
                             error);
  if (pick == NULL)
    goto out;
  sqlite3_bind_int64 (pick, 1, now);
  rc = sqlite3_step (pick);
  if (rc == SQLITE_DONE)
    {
      tx_rollback (self);
      ok = TRUE;
      goto out;
    }
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot find the next application", error);
      goto out;
    }
  rowid = sqlite3_column_int64 (pick, 0);
  idem_key = column_strdup (pick, 1);
  from_state = column_strdup (pick, 2);
  g_clear_pointer (&pick, sewa_stmt_reset);
  take = sewa_store_prepare (self,
                             "UPDATE applications SET lease_until = ?2, "
                             "attempt_count = attempt_count + 1, updated_at = ?3, "
                             "state = CASE state WHEN 'submitted' THEN 'submitted' "
                             "  ELSE 'uploading' END "
                             "WHERE id = ?1",
                             error);
  if (take == NULL)
    goto out;
  sqlite3_bind_int64 (take, 1, rowid);
  sqlite3_bind_int64 (take, 2, now + (gint64) lease_seconds);
  sqlite3_bind_int64 (take, 3, now);
  if (!step_done (self, take, "cannot take the lease", error))
    goto out;
  if (g_str_equal (from_state, "queued"))
    {
      g_autofree char *detail = g_strdup_printf ("id=%s from=queued to=uploading", idem_key);

      if (!audit_locked (self, now, "state", detail, error))
        goto out;
    }
  /* Read (and decrypt) inside the transaction: what we hand out is what we leased. */
  *out_app = sewa_store_get_locked (self, idem_key, TRUE, error);
  if (*out_app == NULL)
    goto out;
  ok = tx_commit (self, error);
  if (!ok)
    g_clear_pointer (out_app, sewa_application_free);
out:
  if (!ok)
    tx_rollback (self);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_set_page_upload (SewaStore *self, const char *id, guint page_index,
                            const char *upload_id, gint64 confirmed_offset, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gint64 rowid = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (confirmed_offset >= 0, FALSE);

  g_mutex_lock (&self->lock);
  if (!tx_begin (self, error) || !lookup_rowid (self, id, &rowid, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "UPDATE application_pages SET upload_id = ?3, confirmed_offset = ?4 "
                             "WHERE application_id = ?1 AND page_index = ?2 AND ?4 <= size",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_int64 (stmt, 2, page_index);
  if (upload_id != NULL)
    sqlite3_bind_text (stmt, 3, upload_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, confirmed_offset);
  if (!step_done (self, stmt, "cannot record the upload offset", error))
    goto out;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND,
                   "application %s has no page %u (or the offset is past its end)", id,
                   page_index);
      goto out;
    }
  ok = tx_commit (self, error);
out:
  if (!ok)
    tx_rollback (self);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_get_counts (SewaStore *self, SewaQueueCounts *out, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  g_mutex_lock (&self->lock);
  if (!check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "SELECT "
                             "  sum (state IN ('queued', 'uploading', 'submitted')), "
                             "  sum (state = 'quarantined'), sum (state = 'rejected'), "
                             "  sum (state = 'acknowledged'), "
                             "  min (CASE WHEN state IN ('queued', 'uploading', 'submitted') "
                             "       THEN created_at END) "
                             "FROM applications",
                             error);
  if (stmt == NULL)
    goto out;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot count applications", error);
      goto out;
    }
  out->pending = (guint) sqlite3_column_int64 (stmt, 0);
  out->quarantined = (guint) sqlite3_column_int64 (stmt, 1);
  out->rejected = (guint) sqlite3_column_int64 (stmt, 2);
  out->acknowledged = (guint) sqlite3_column_int64 (stmt, 3);
  out->oldest_pending_created_at = sqlite3_column_int64 (stmt, 4);
  ok = TRUE;
out:
  g_mutex_unlock (&self->lock);
  return ok;
}

/* --- retention ------------------------------------------------------------------------------- */

gboolean
sewa_store_purge_documents (SewaStore *self, gint64 now, guint retention_days,
                            guint *out_n_applications, GError **error)
{
  g_autoptr (SewaStmt) mark = NULL;
  g_autoptr (SewaStmt) unlink_pages = NULL;
  g_autoptr (SewaStmt) drop = NULL;
  g_autofree char *detail = NULL;
  gint64 cutoff = now - (gint64) retention_days * 86400;
  guint n = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);

  g_mutex_lock (&self->lock);
  if (!tx_begin (self, error))
    goto out;
  /* Three statements, one transaction: the link rows lose their page, the page rows nobody
   * links any more go, and the applications record when their pages went. */
  unlink_pages = sewa_store_prepare (self,
                                     "UPDATE application_pages SET page_id = NULL, purged_at = ?2 "
                                     "WHERE page_id IS NOT NULL AND application_id IN ("
                                     "  SELECT id FROM applications WHERE state = 'acknowledged' "
                                     "  AND acknowledged_at <= ?1 AND pages_purged_at IS NULL)",
                                     error);
  if (unlink_pages == NULL)
    goto out;
  sqlite3_bind_int64 (unlink_pages, 1, cutoff);
  sqlite3_bind_int64 (unlink_pages, 2, now);
  if (!step_done (self, unlink_pages, "cannot purge page records", error))
    goto out;
  drop = sewa_store_prepare (self,
                             "DELETE FROM pages WHERE NOT EXISTS ("
                             "  SELECT 1 FROM application_pages ap WHERE ap.page_id = pages.id)",
                             error);
  if (drop == NULL || !step_done (self, drop, "cannot delete purged pages", error))
    goto out;
  mark = sewa_store_prepare (self,
                             "UPDATE applications SET pages_purged_at = ?2 "
                             "WHERE state = 'acknowledged' AND acknowledged_at <= ?1 "
                             "AND pages_purged_at IS NULL AND n_pages > 0",
                             error);
  if (mark == NULL)
    goto out;
  sqlite3_bind_int64 (mark, 1, cutoff);
  sqlite3_bind_int64 (mark, 2, now);
  if (!step_done (self, mark, "cannot mark purged applications", error))
    goto out;
  n = (guint) sqlite3_changes (self->db);
  if (n > 0)
    {
      detail = g_strdup_printf ("applications=%u retention_days=%u", n, retention_days);
      if (!audit_locked (self, now, "documents_purged", detail, error))
        goto out;
    }
  ok = tx_commit (self, error);
  /* Give the freed pages back to the file system; not needed for correctness, so a failure
   * (e.g. the disk being full) is only logged. */
  if (ok && n > 0)
    {
      g_autoptr (GError) vacuum_error = NULL;

      if (!sewa_store_exec (self, "PRAGMA incremental_vacuum", &vacuum_error))
        g_warning ("incremental vacuum after retention: %s", vacuum_error->message);
    }
out:
  if (!ok)
    tx_rollback (self);
  g_mutex_unlock (&self->lock);
  if (ok && out_n_applications != NULL)
    *out_n_applications = n;
  return ok;
}

/* --- catalog cache and settings ---------------------------------------------------------------- */

gboolean
sewa_store_catalog_get (SewaStore *self, char **out_etag, GBytes **out_bytes, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_bytes != NULL, FALSE);

  *out_bytes = NULL;
  if (out_etag != NULL)
    *out_etag = NULL;
  g_mutex_lock (&self->lock);
  if (!check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self, "SELECT etag, bytes FROM catalog_cache WHERE slot = 1", error);
  if (stmt == NULL)
    goto out;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (out_etag != NULL)
        *out_etag = column_strdup (stmt, 0);
      *out_bytes = g_bytes_new (sqlite3_column_blob (stmt, 1),
                                (gsize) sqlite3_column_bytes (stmt, 1));
      ok = TRUE;
    }
  else if (rc == SQLITE_DONE)
    ok = TRUE;
  else
    sewa_store_set_sqlite_error (self, rc, "cannot read the catalog cache", error);
out:
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_catalog_put (SewaStore *self, const char *etag, GBytes *bytes, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gboolean ok = FALSE;
  gsize len = 0;
  const guint8 *data;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (etag != NULL && bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  g_mutex_lock (&self->lock);
  if (!tx_begin (self, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "INSERT OR REPLACE INTO catalog_cache (slot, etag, bytes, stored_at) "
                             "VALUES (1, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, etag, -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 2, data != NULL ? data : (const guint8 *) "", len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now_seconds ());
  ok = step_done (self, stmt, "cannot store the catalog", error) && tx_commit (self, error);
out:
  if (!ok)
    tx_rollback (self);
  g_mutex_unlock (&self->lock);
  return ok;
}

char *
sewa_store_setting_get (SewaStore *self, const char *name, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (!check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self, "SELECT value FROM settings WHERE name = ?", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = column_strdup (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND, "no setting %s", name);
  else
    sewa_store_set_sqlite_error (self, rc, "cannot read a setting", error);
out:
  g_mutex_unlock (&self->lock);
  return value;
}

gboolean
sewa_store_setting_put (SewaStore *self, const char *name, const char *value, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && value != NULL, FALSE);

  g_mutex_lock (&self->lock);
  if (!tx_begin (self, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                             "updated_at = excluded.updated_at",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now_seconds ());
  ok = step_done (self, stmt, "cannot store a setting", error) && tx_commit (self, error);
out:
  if (!ok)
    tx_rollback (self);
  g_mutex_unlock (&self->lock);
  return ok;
}
