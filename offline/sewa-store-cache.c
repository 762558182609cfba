/* sewa-store-cache.c — the audit log, the catalog cache and settings. */
#define G_LOG_DOMAIN "sewa-store"

#include "sewa-store.h"
#include "sewa-store-private.h"

/* --- audit (caller holds the lock) ------------------------------------------------------------ */

gboolean
sewa_store_audit_locked (SewaStore *self, gint64 at, const char *event, const char *detail, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;

  stmt = sewa_store_prepare (self, "INSERT INTO audit_log (at, event, detail) VALUES (?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_text (stmt, 2, event, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, detail != NULL ? detail : "", -1, SQLITE_STATIC);
  return sewa_store_step (self, stmt, "cannot append to the audit log", error);
}

gboolean
sewa_store_audit (SewaStore *self, const char *event, const char *detail, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  g_rec_mutex_lock (&self->lock);
  ok = sewa_store_tx_begin (self, error) && sewa_store_audit_locked (self, sewa_store_now (), event, detail, error) &&
       sewa_store_tx_commit (self, error);
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
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

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
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
  g_rec_mutex_unlock (&self->lock);
  return result;
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
  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self, "SELECT etag, bytes FROM catalog_cache WHERE slot = 1", error);
  if (stmt == NULL)
    goto out;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (out_etag != NULL)
        *out_etag = sewa_store_column_strdup (stmt, 0);
      *out_bytes = g_bytes_new (sqlite3_column_blob (stmt, 1),
                                (gsize) sqlite3_column_bytes (stmt, 1));
      ok = TRUE;
    }
  else if (rc == SQLITE_DONE)
    ok = TRUE;
  else
    sewa_store_set_sqlite_error (self, rc, "cannot read the catalog cache", error);
out:
  g_rec_mutex_unlock (&self->lock);
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
  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "INSERT OR REPLACE INTO catalog_cache (slot, etag, bytes, stored_at) "
                             "VALUES (1, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, etag, -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 2, data != NULL ? data : (const guint8 *) "", len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, sewa_store_now ());
  ok = sewa_store_step (self, stmt, "cannot store the catalog", error) && sewa_store_tx_commit (self, error);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
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

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self, "SELECT value FROM settings WHERE name = ?", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sewa_store_column_strdup (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND, "no setting %s", name);
  else
    sewa_store_set_sqlite_error (self, rc, "cannot read a setting", error);
out:
  g_rec_mutex_unlock (&self->lock);
  return value;
}

gboolean
sewa_store_setting_put (SewaStore *self, const char *name, const char *value, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && value != NULL, FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error))
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
  sqlite3_bind_int64 (stmt, 3, sewa_store_now ());
  ok = sewa_store_step (self, stmt, "cannot store a setting", error) && sewa_store_tx_commit (self, error);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

/* The triggers that forbid deleting applications and page records guard every ordinary path;
 * the factory reset is the one deliberate exception. They are dropped and recreated from their
 * own stored SQL inside the reset's transaction, so no other connection ever sees the store
 * without them, and a failure rolls back to the store as it was. */
static const char *const reset_guard_triggers[] = {
  "applications_never_deleted",
  "application_pages_never_deleted",
};

gboolean
sewa_store_factory_reset (SewaStore *self, guint *out_n_deleted, GError **error)
{
  g_autoptr (GPtrArray) trigger_sql = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = FALSE;
  sqlite3 *db;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  /* The reference mark trusts that application row ids only grow; after the reset they start
   * again from 1, so the mark must not expect the old highest one back (see sewa-store-mark.c). */
  if (!sewa_store_mark_forget_committed (self, error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  if (!sewa_store_tx_begin (self, error))
    goto out;
  db = sewa_store_get_sqlite (self);
  for (guint i = 0; i < G_N_ELEMENTS (reset_guard_triggers); i++)
    {
      g_autoptr (SewaStmt) stmt = sewa_store_prepare (
          self, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", error);
      g_autofree char *drop = NULL;

      if (stmt == NULL)
        goto out;
      sqlite3_bind_text (stmt, 1, reset_guard_triggers[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                       "the store lacks its trigger %s: not reset", reset_guard_triggers[i]);
          goto out;
        }
      g_ptr_array_add (trigger_sql, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      /* A schema change is refused while a statement on this connection is still reading. */
      sqlite3_reset (stmt);
      drop = g_strdup_printf ("DROP TRIGGER %s", reset_guard_triggers[i]);
      if (!sewa_store_exec (self, drop, error))
        goto out;
    }
  if (!sewa_store_exec (self, "DELETE FROM application_pages", error) ||
      !sewa_store_exec (self, "DELETE FROM pages", error))
    goto out;
  /* Payments and cancellations belong to the applications deleted here; the payment counters
   * stay, like the reference counters, so no counter receipt number is handed out twice. */
  if (!sewa_store_exec (self, "DELETE FROM payments", error) ||
      !sewa_store_exec (self, "DELETE FROM cancellations", error))
    goto out;
  if (!sewa_store_exec (self, "DELETE FROM applications", error))
    goto out;
  if (out_n_deleted != NULL)
    *out_n_deleted = (guint) sqlite3_changes (db);
  if (!sewa_store_exec (self, "DELETE FROM catalog_cache", error) ||
      !sewa_store_exec (self, "DELETE FROM settings", error))
    goto out;
  for (guint i = 0; i < trigger_sql->len; i++)
    if (!sewa_store_exec (self, g_ptr_array_index (trigger_sql, i), error))
      goto out;
  ok = sewa_store_tx_commit (self, error);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}
