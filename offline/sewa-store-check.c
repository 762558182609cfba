/* sewa-store-check.c — verifying a store: SQLite structure, invariants, every sealed record and
 * every page's hash. Used by `kioskctl db check` / `queue verify` and by the crash tests. */
#define G_LOG_DOMAIN "sewa-store"

#include "sewa-store.h"
#include "sewa-store-private.h"

#include <string.h>

void
sewa_store_check_report_free (SewaStoreCheckReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

static void
problem (GPtrArray *problems, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
problem (GPtrArray *problems, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Runs a query whose every row (first column as text) is a problem description. */
static gboolean
collect_rows (sqlite3 *db, const char *sql, const char *prefix, const char *ok_row,
              GPtrArray *problems, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 0);

          if (ok_row == NULL || g_strcmp0 (text, ok_row) != 0)
            problem (problems, "%s%s", prefix, text != NULL ? text : "(null)");
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      /* A structural failure while checking is itself the finding, not an error to abort on. */
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
        {
          problem (problems, "%s%s", prefix, sqlite3_errstr (rc));
          return TRUE;
        }
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_IO, "%s%s", prefix,
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_structure (sqlite3 *db, GPtrArray *problems, GError **error)
{
  return collect_rows (db, "PRAGMA integrity_check", "integrity: ", "ok", problems, error) &&
         collect_rows (db,
                       "SELECT format ('%s row %d refers to a missing %s row', \"table\", rowid, "
                       "\"parent\") FROM pragma_foreign_key_check",
                       "foreign key: ", NULL, problems, error);
}

GPtrArray *
sewa_store_check_file (const char *db_path, GError **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (db_path != NULL, NULL);

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND,
                   "no database file at %s", db_path);
      return NULL;
    }
  rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      problem (problems, "cannot open: %s", db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return g_steal_pointer (&problems);
    }
  sqlite3_busy_timeout (db, 10000);
  if (!check_structure (db, problems, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_close (db);
  return g_steal_pointer (&problems);
}

static void
check_invariants (SewaStore *self, GPtrArray *problems, GError **error)
{
  /* Each row is one broken invariant, described without citizen data. */
  static const char *const queries[] = {
    "SELECT format ('application %s (%s): %d page records, expected %d', a.idem_key, a.reference,"
    " (SELECT count (*) FROM application_pages ap WHERE ap.application_id = a.id), a.n_pages)"
    " FROM applications a WHERE a.n_pages <>"
    " (SELECT count (*) FROM application_pages ap WHERE ap.application_id = a.id)",

    "SELECT format ('application %s (%s): page %d has no stored bytes but was not purged',"
    " a.idem_key, a.reference, ap.page_index) FROM application_pages ap"
    " JOIN applications a ON a.id = ap.application_id"
    " LEFT JOIN pages p ON p.id = ap.page_id WHERE ap.purged_at IS NULL AND p.id IS NULL",

    "SELECT format ('application %s (%s): page %d is %d bytes but its record says %d',"
    " a.idem_key, a.reference, ap.page_index, p.size, ap.size) FROM application_pages ap"
    " JOIN applications a ON a.id = ap.application_id"
    " JOIN pages p ON p.id = ap.page_id WHERE p.size <> ap.size",

    "SELECT format ('application %s (%s): page %d purged before acknowledgement',"
    " a.idem_key, a.reference, ap.page_index) FROM application_pages ap"
    " JOIN applications a ON a.id = ap.application_id"
    " WHERE ap.purged_at IS NOT NULL AND a.state <> 'acknowledged'",

    "SELECT format ('stored page %d is not part of any application', p.id) FROM pages p"
    " WHERE NOT EXISTS (SELECT 1 FROM application_pages ap WHERE ap.page_id = p.id)",

    "SELECT format ('application %s (%s): state %s with a lease', idem_key, reference, state)"
    " FROM applications WHERE lease_until IS NOT NULL"
    " AND state NOT IN ('uploading', 'submitted')",

    "SELECT format ('application %s: provisional reference %s is beyond its day''s counter',"
    " idem_key, reference) FROM applications a WHERE NOT EXISTS ("
    " SELECT 1 FROM reference_counters c WHERE c.day = substr (a.reference, -13, 6)"
    " AND c.last_seq >= CAST (substr (a.reference, -6, 4) AS INTEGER))",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (queries); i++)
    if (!collect_rows (self->db, queries[i], "", NULL, problems, error))
      return;
}

static void
check_records (SewaStore *self, SewaStoreCheckReport *report, GError **error)
{
  g_autoptr (GPtrArray) apps = NULL;
  g_autoptr (GError) list_error = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Payloads: open each sealed record (sewa_store_get with PII opens payload and metadata). */
  rc = sqlite3_prepare_v2 (self->db, "SELECT idem_key, reference FROM applications ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot list applications", error);
      return;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *ref = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr (GError) local = NULL;
      g_autoptr (SewaAppRecord) app = NULL;

      report->n_applications++;
      app = sewa_store_get_locked (self, id, TRUE, &local);
      if (app == NULL)
        {
          problem (report->problems, "application %s (%s): %s", id, ref, local->message);
          continue;
        }
      for (guint i = 0; i < app->pages->len; i++)
        {
          SewaAppPage *p = g_ptr_array_index (app->pages, i);
          guint8 sha[32], address[SEWA_PAGE_ADDRESS_BYTES];
          sqlite3_stmt *q = NULL;

          if (p->purged)
            continue;
          /* The page a record points at must be the page its sealed metadata names. */
          if (!sewa_crypto_unhex (p->sha256, sha, sizeof sha))
            {
              problem (report->problems, "application %s (%s) page %u: bad hash in metadata",
                       id, ref, p->index);
              continue;
            }
          sewa_key_page_address (self->key, sha, address);
          sqlite3_prepare_v2 (self->db,
                              "SELECT p.address = ?3 FROM application_pages ap"
                              " JOIN applications a ON a.id = ap.application_id"
                              " JOIN pages p ON p.id = ap.page_id"
                              " WHERE a.idem_key = ?1 AND ap.page_index = ?2",
                              -1, &q, NULL);
          sqlite3_bind_text (q, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (q, 2, p->index);
          sqlite3_bind_blob (q, 3, address, sizeof address, SQLITE_STATIC);
          if (sqlite3_step (q) != SQLITE_ROW || sqlite3_column_int (q, 0) != 1)
            problem (report->problems,
                     "application %s (%s) page %u: linked to a page with another hash", id, ref,
                     p->index);
          sqlite3_finalize (q);
        }
    }
  if (rc != SQLITE_DONE)
    sewa_store_set_sqlite_error (self, rc, "cannot list applications", error);
  sqlite3_finalize (stmt);
}

static void
check_pages (SewaStore *self, SewaStoreCheckReport *report, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT id, address, sealed, size FROM pages ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot list pages", error);
      return;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const guint8 *address = sqlite3_column_blob (stmt, 1);
      gsize address_len = (gsize) sqlite3_column_bytes (stmt, 1);
      g_autoptr (GBytes) ad = NULL;
      g_autoptr (GError) local = NULL;
      g_autofree guint8 *plain = NULL;
      guint8 sha[32], expect[SEWA_PAGE_ADDRESS_BYTES];
      gsize plain_len = 0, ad_len = 0;
      const guint8 *ad_data;

      report->n_pages++;
      if (address == NULL || address_len != SEWA_PAGE_ADDRESS_BYTES)
        {
          problem (report->problems, "stored page %" G_GINT64_FORMAT ": bad address", id);
          continue;
        }
      ad = sewa_store_ad_page (address);
      ad_data = g_bytes_get_data (ad, &ad_len);
      plain = sewa_key_open (self->key, sqlite3_column_blob (stmt, 2),
                             (gsize) sqlite3_column_bytes (stmt, 2), ad_data, ad_len, &plain_len,
                             &local);
      if (plain == NULL)
        {
          problem (report->problems, "stored page %" G_GINT64_FORMAT ": %s", id, local->message);
          continue;
        }
      sewa_crypto_sha256 (plain, plain_len, sha);
      sewa_key_page_address (self->key, sha, expect);
      if (memcmp (expect, address, sizeof expect) != 0)
        problem (report->problems, "stored page %" G_GINT64_FORMAT ": content does not match "
                 "its SHA-256", id);
      else if ((gint64) plain_len != sqlite3_column_int64 (stmt, 3))
        problem (report->problems, "stored page %" G_GINT64_FORMAT ": size mismatch", id);
      memset (plain, 0, plain_len);
    }
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CORRUPT)
        problem (report->problems, "pages: %s", sqlite3_errstr (rc));
      else
        sewa_store_set_sqlite_error (self, rc, "cannot list pages", error);
    }
  sqlite3_finalize (stmt);
}

SewaStoreCheckReport *
sewa_store_check (SewaStore *self, SewaStoreCheckFlags flags, GError **error)
{
  g_autoptr (SewaStoreCheckReport) report = g_new0 (SewaStoreCheckReport, 1);
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);

  report->problems = g_ptr_array_new_with_free_func (g_free);
  g_rec_mutex_lock (&self->lock);
  if (self->db == NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_IO, "the store is closed");
      return NULL;
    }
  if (self->batch)
    {
      g_rec_mutex_unlock (&self->lock);
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE,
                   "cannot check the store inside a batch");
      return NULL;
    }
  /* One read transaction: the whole check sees one consistent snapshot. */
  sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL);
  if (flags & SEWA_STORE_CHECK_STRUCTURE)
    {
      if (check_structure (self->db, report->problems, &local))
        check_invariants (self, report->problems, &local);
    }
  if (local == NULL && (flags & SEWA_STORE_CHECK_RECORDS))
    check_records (self, report, &local);
  if (local == NULL && (flags & SEWA_STORE_CHECK_PAGES))
    check_pages (self, report, &local);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  g_rec_mutex_unlock (&self->lock);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&report);
}
