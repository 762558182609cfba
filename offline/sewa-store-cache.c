/* sewa-store-cache.c — the audit log, the catalog cache and settings. */
#define G_LOG_DOMAIN "sewa-store"

#include "sewa-store.h"
#include "sewa-store-private.h"

#include "sewa-audit-chain.h"

/* --- audit (caller holds the lock) ------------------------------------------------------------ */

static gboolean
meta_get_text (SewaStore *self, const char *name, char **out, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  *out = NULL;
  stmt = sewa_store_prepare (self, "SELECT CAST (value AS TEXT) FROM store_meta WHERE name = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sewa_store_column_strdup (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "the store has no %s: the audit chain cannot be checked", name);
      return FALSE;
    }
  sewa_store_set_sqlite_error (self, rc, "cannot read the audit chain", error);
  return FALSE;
}

static gboolean
meta_set_text (SewaStore *self, const char *name, const char *value, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;

  stmt = sewa_store_prepare (self, "UPDATE store_meta SET value = ? WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  return sewa_store_step (self, stmt, "cannot update the audit chain", error);
}

/* The head as stored; a head that is not a hash means the store was tampered with or damaged,
 * and no entry is chained onto it. */
static gboolean
audit_head (SewaStore *self, char **out, GError **error)
{
  if (!meta_get_text (self, "audit_head", out, error))
    return FALSE;
  if (sewa_audit_hash_is_valid (*out))
    return TRUE;
  g_clear_pointer (out, g_free);
  g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
               "the audit chain's head is damaged: run kioskctl audit verify and call support");
  return FALSE;
}

static gboolean
audit_as_locked (SewaStore *self, gint64 at, const char *actor, const char *event,
                 const char *detail, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;

  actor = actor != NULL ? actor : "";
  detail = detail != NULL ? detail : "";
  /* A store held below schema 4 (tests of the migrations) has no chain yet: the entry goes in
   * as before and is chained by the migration's backfill. */
  if (self->schema_version < 4)
    {
      stmt = sewa_store_prepare (self, "INSERT INTO audit_log (at, event, detail) VALUES (?, ?, ?)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, at);
      sqlite3_bind_text (stmt, 2, event, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, detail, -1, SQLITE_STATIC);
      return sewa_store_step (self, stmt, "cannot append to the audit log", error);
    }
  if (!audit_head (self, &prev, error))
    return FALSE;
  hash = sewa_audit_hash (prev, at, actor, event, detail);
  stmt = sewa_store_prepare (self,
                             "INSERT INTO audit_log (at, event, detail, actor, prev_hash, hash) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_text (stmt, 2, event, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, hash, -1, SQLITE_STATIC);
  if (!sewa_store_step (self, stmt, "cannot append to the audit log", error))
    return FALSE;
  return meta_set_text (self, "audit_head", hash, error);
}

gboolean
sewa_store_audit_locked (SewaStore *self, gint64 at, const char *event, const char *detail, GError **error)
{
  return audit_as_locked (self, at, "", event, detail, error);
}

gboolean
sewa_store_audit_as (SewaStore *self, const char *actor, const char *event, const char *detail,
                     GError **error)
{
  gboolean ok;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  g_rec_mutex_lock (&self->lock);
  ok = sewa_store_tx_begin (self, error) &&
       audit_as_locked (self, sewa_store_now (), actor, event, detail, error) &&
       sewa_store_tx_commit (self, error);
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_audit (SewaStore *self, const char *event, const char *detail, GError **error)
{
  return sewa_store_audit_as (self, NULL, event, detail, error);
}

/* Entries written before schema 4 get their links once, oldest first, in one transaction (the
 * update trigger allows exactly this: filling links that are missing). Runs at every writable
 * open; with nothing to do it is one scan of the audit log (a few thousand short rows). */
gboolean
sewa_store_audit_chain_backfill (SewaStore *self, GError **error)
{
  g_autoptr (SewaStmt) select = NULL;
  g_autofree char *prev = NULL;
  gboolean ok = FALSE;
  guint n = 0;
  int rc;

  if (self->schema_version < 4)
    return TRUE;
  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error))
    goto out;
  if (!audit_head (self, &prev, error))
    goto out;
  select = sewa_store_prepare (self,
                               "SELECT id, at, actor, event, detail FROM audit_log "
                               "WHERE hash IS NULL ORDER BY id",
                               error);
  if (select == NULL)
    goto out;
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autoptr (SewaStmt) update = NULL;
      g_autofree char *hash = sewa_audit_hash (prev, sqlite3_column_int64 (select, 1),
                                               (const char *) sqlite3_column_text (select, 2),
                                               (const char *) sqlite3_column_text (select, 3),
                                               (const char *) sqlite3_column_text (select, 4));

      update = sewa_store_prepare (self, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                                   error);
      if (update == NULL)
        goto out;
      sqlite3_bind_text (update, 1, prev, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 2, hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (update, 3, sqlite3_column_int64 (select, 0));
      if (!sewa_store_step (self, update, "cannot chain the audit log", error))
        goto out;
      g_free (prev);
      prev = g_steal_pointer (&hash);
      n++;
    }
  if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read the audit log", error);
      goto out;
    }
  if (n > 0 && !meta_set_text (self, "audit_head", prev, error))
    goto out;
  ok = sewa_store_tx_commit (self, error);
  if (ok && n > 0)
    g_debug ("chained %u audit entries written before schema 4", n);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_audit_anchor (SewaStore *self, char **out_genesis, char **out_head, GError **error)
{
  g_autofree char *genesis = NULL;
  g_autofree char *head = NULL;
  gboolean ok;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  ok = sewa_store_check_open (self, error) && meta_get_text (self, "audit_genesis", &genesis, error) &&
       meta_get_text (self, "audit_head", &head, error);
  g_rec_mutex_unlock (&self->lock);
  if (!ok)
    return FALSE;
  if (out_genesis != NULL)
    *out_genesis = g_steal_pointer (&genesis);
  if (out_head != NULL)
    *out_head = g_steal_pointer (&head);
  return TRUE;
}

gboolean
sewa_store_audit_sent_get (SewaStore *self, gint64 *out_id, GError **error)
{
  g_autofree char *text = NULL;
  gboolean ok;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  ok = sewa_store_check_open (self, error) && meta_get_text (self, "audit_sent", &text, error);
  g_rec_mutex_unlock (&self->lock);
  if (!ok)
    return FALSE;
  if (!g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, out_id, NULL))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "the store's audit_sent mark is damaged");
      return FALSE;
    }
  return TRUE;
}

gboolean
sewa_store_audit_sent_set (SewaStore *self, gint64 id, GError **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  gboolean ok;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  ok = sewa_store_tx_begin (self, error) && meta_set_text (self, "audit_sent", text, error) &&
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
                             "SELECT id, at, event, detail, actor, prev_hash, hash FROM audit_log WHERE id > ? "
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
      e->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      e->prev_hash = sewa_store_column_strdup (stmt, 5);
      e->hash = sewa_store_column_strdup (stmt, 6);
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

gboolean
sewa_store_audit_verify (SewaStore *self, SewaAuditTamper *out_result, guint *out_n_entries,
                         gint64 *out_id, char **out_message, GError **error)
{
  g_autofree char *genesis = NULL;
  g_autofree char *head = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree SewaAuditLink *links = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_result != NULL, FALSE);

  /* One read transaction for the anchor and the entries, so an entry appended meanwhile by the
   * running kiosk cannot make the head and the log disagree. */
  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_exec (self, "BEGIN", error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  if (sewa_store_audit_anchor (self, &genesis, &head, error))
    entries = sewa_store_audit_list (self, 0, 0, error);
  sewa_store_exec (self, "COMMIT", NULL);
  g_rec_mutex_unlock (&self->lock);
  if (entries == NULL)
    return FALSE;

  links = g_new0 (SewaAuditLink, entries->len + 1);
  for (guint i = 0; i < entries->len; i++)
    {
      const SewaAuditEntry *e = g_ptr_array_index (entries, i);

      links[i] = (SewaAuditLink) { .id = e->id, .at = e->at, .actor = e->actor, .event = e->event,
                                   .detail = e->detail, .prev_hash = e->prev_hash,
                                   .hash = e->hash };
    }
  if (out_n_entries != NULL)
    *out_n_entries = entries->len;
  *out_result = sewa_audit_chain_verify (links, entries->len, genesis, head, out_id, out_message);
  return TRUE;
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
  if (!sewa_store_exec (self, "DELETE FROM payment_holds", error) ||
      !sewa_store_exec (self, "DELETE FROM payments", error) ||
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

gboolean
sewa_store_audit_as_locked (SewaStore *self, gint64 at, const char *actor, const char *event,
                            const char *detail, GError **error)
{
  return audit_as_locked (self, at, actor, event, detail, error);
}
