/* sewa-store-outbox.c — the outbox state machine the sync engine drives (leases, marks),
 * operator actions, resumable-upload offsets, counts and retention. */
#define G_LOG_DOMAIN "sewa-store"

#include "sewa-store.h"
#include "sewa-store-private.h"

#include <string.h>

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
  out->arn = sewa_store_column_strdup (stmt, 2);
  out->idem_key = sewa_store_column_strdup (stmt, 3);
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
  if (!sewa_store_step (self, stmt, "cannot change the application's state", error))
    return FALSE;
  if (to == cur->state)
    return TRUE;
  detail = g_strdup_printf ("id=%s from=%s to=%s", cur->idem_key,
                            sewa_app_state_to_string (cur->state), sewa_app_state_to_string (to));
  return sewa_store_audit_locked (self, now, "state", detail, error);
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
  OP_POLL_SOON,
} Op;

static gboolean
transition (SewaStore *self, const char *id, Op op, const char *text, gint64 when, GError **error)
{
  Current cur = { 0 };
  gint64 now = sewa_store_now ();
  gboolean ok = FALSE;

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error))
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
              ok = sewa_store_step (self, stmt, "cannot update the attempt count", error);
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
              ok = sewa_store_step (self, stmt, "cannot reset the attempt count", error) &&
                   sewa_store_audit_locked (self, now, "operator_retry", detail, error);
            }
        }
      break;
    case OP_POLL_SOON:
      /* Only an application waiting for the portal's decision is polled; the others have
       * nothing to ask. The attempt count (the poll's backoff) is left as it is. */
      if (cur.state != SEWA_APP_SUBMITTED)
        ok = TRUE;
      else
        {
          g_autoptr (SewaStmt) stmt = sewa_store_prepare (self,
                                                          "UPDATE applications SET next_attempt_at = "
                                                          "MIN (next_attempt_at, ?1) WHERE id = ?2",
                                                          error);

          if (stmt != NULL)
            {
              sqlite3_bind_int64 (stmt, 1, now);
              sqlite3_bind_int64 (stmt, 2, cur.rowid);
              ok = sewa_store_step (self, stmt, "cannot move the status poll", error);
            }
        }
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok)
    ok = sewa_store_tx_commit (self, error);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
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
sewa_store_poll_soon (SewaStore *self, const char *id, GError **error)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return transition (self, id, OP_POLL_SOON, NULL, 0, error);
}

gboolean
sewa_store_operator_retry (SewaStore *self, const char *id, GError **error)
{
  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return transition (self, id, OP_OPERATOR_RETRY, NULL, 0, error);
}

typedef struct
{
  gint64 rowid;
  char *idem_key;
  gboolean was_queued; /* leaving the queue: a state change, so an audit line */
} Pick;

static void
pick_clear (gpointer data)
{
  g_free (((Pick *) data)->idem_key);
}

/* Leases up to @max due applications in one transaction (one query picks them all). */
static gboolean
lease_some (SewaStore *self, gint64 now, guint lease_seconds, guint max, GPtrArray *out,
            GError **error)
{
  g_autoptr (SewaStmt) pick = NULL;
  g_autoptr (GArray) picks = g_array_new (FALSE, FALSE, sizeof (Pick));
  g_autoptr (GPtrArray) leased = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_app_record_free);
  gboolean ok = FALSE;
  int rc;

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error))
    goto out;
  pick = sewa_store_prepare (self,
                             "SELECT id, idem_key, state FROM applications "
                             "WHERE state IN ('queued', 'uploading', 'submitted') "
                             "AND next_attempt_at <= ?1 "
                             "AND (lease_until IS NULL OR lease_until <= ?1) "
                             "ORDER BY next_attempt_at, id LIMIT ?2",
                             error);
  if (pick == NULL)
    goto out;
  sqlite3_bind_int64 (pick, 1, now);
  sqlite3_bind_int64 (pick, 2, max);
  g_array_set_clear_func (picks, pick_clear);
  while ((rc = sqlite3_step (pick)) == SQLITE_ROW)
    {
      Pick p = { .rowid = sqlite3_column_int64 (pick, 0),
                 .idem_key = sewa_store_column_strdup (pick, 1),
                 .was_queued = g_str_equal ((const char *) sqlite3_column_text (pick, 2),
                                            "queued") };

      g_array_append_val (picks, p);
    }
  if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot find the next application", error);
      goto out;
    }
  g_clear_pointer (&pick, sewa_stmt_reset);
  for (guint i = 0; i < picks->len; i++)
    {
      const Pick *p = &g_array_index (picks, Pick, i);
      g_autoptr (SewaStmt) take = NULL;
      SewaAppRecord *app;

      take = sewa_store_prepare (self,
                                 "UPDATE applications SET lease_until = ?2, "
                                 "attempt_count = attempt_count + 1, updated_at = ?3, "
                                 "state = CASE state WHEN 'submitted' THEN 'submitted' "
                                 "  ELSE 'uploading' END "
                                 "WHERE id = ?1",
                                 error);
      if (take == NULL)
        goto out;
      sqlite3_bind_int64 (take, 1, p->rowid);
      sqlite3_bind_int64 (take, 2, now + (gint64) lease_seconds);
      sqlite3_bind_int64 (take, 3, now);
      if (!sewa_store_step (self, take, "cannot take the lease", error))
        goto out;
      if (p->was_queued)
        {
          g_autofree char *detail = g_strdup_printf ("id=%s from=queued to=uploading",
                                                     p->idem_key);

          if (!sewa_store_audit_locked (self, now, "state", detail, error))
            goto out;
        }
      /* Read (and decrypt) inside the transaction: what we hand out is what we leased. */
      app = sewa_store_get_locked (self, p->idem_key, TRUE, error);
      if (app == NULL)
        goto out;
      g_ptr_array_add (leased, app);
    }
  ok = sewa_store_tx_commit (self, error);
  if (ok)
    g_ptr_array_extend_and_steal (out, g_steal_pointer (&leased));
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_lease_next (SewaStore *self, gint64 now, guint lease_seconds,
                       SewaAppRecord **out_app, GError **error)
{
  g_autoptr (GPtrArray) apps = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_app != NULL, FALSE);
  g_return_val_if_fail (lease_seconds > 0, FALSE);

  *out_app = NULL;
  apps = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_app_record_free);
  if (!lease_some (self, now, lease_seconds, 1, apps, error))
    return FALSE;
  if (apps->len > 0)
    *out_app = g_steal_pointer (&apps->pdata[0]);
  return TRUE;
}

GPtrArray *
sewa_store_lease_batch (SewaStore *self, gint64 now, guint lease_seconds, guint max,
                        GError **error)
{
  g_autoptr (GPtrArray) apps = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);
  g_return_val_if_fail (lease_seconds > 0, NULL);

  apps = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_app_record_free);
  if (max > 0 && !lease_some (self, now, lease_seconds, max, apps, error))
    return NULL;
  return g_steal_pointer (&apps);
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

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error) || !sewa_store_lookup_rowid (self, id, &rowid, error))
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
  if (!sewa_store_step (self, stmt, "cannot record the upload offset", error))
    goto out;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND,
                   "application %s has no page %u (or the offset is past its end)", id,
                   page_index);
      goto out;
    }
  ok = sewa_store_tx_commit (self, error);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_set_instant_decision (SewaStore *self, const char *id, const char *outcome,
                                 const char *note, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gint64 rowid = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && note != NULL, FALSE);
  g_return_val_if_fail (g_strcmp0 (outcome, "approved") == 0 || g_strcmp0 (outcome, "needs_scrutiny") == 0, FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error) || !sewa_store_lookup_rowid (self, id, &rowid, error))
    goto out;
  /* Only an application the portal accepted (it has an ARN) has a decision. */
  stmt = sewa_store_prepare (self,
                             "UPDATE applications SET instant_outcome = ?2, instant_note = ?3 "
                             "WHERE id = ?1 AND arn IS NOT NULL",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, note, -1, SQLITE_STATIC);
  if (!sewa_store_step (self, stmt, "cannot record the instant decision", error))
    goto out;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE,
                   "application %s has not been accepted by the portal", id);
      goto out;
    }
  ok = sewa_store_tx_commit (self, error);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
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
  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
    goto out;
  /* Runs on the applications_by_state index alone (covering: state, created_at). */
  stmt = sewa_store_prepare (self,
                             "SELECT state, count (*), min (created_at) FROM applications "
                             "GROUP BY state",
                             error);
  if (stmt == NULL)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 0);
      guint n = (guint) sqlite3_column_int64 (stmt, 1);
      gint64 oldest = sqlite3_column_int64 (stmt, 2);
      gboolean pending = FALSE;

      if (g_strcmp0 (state, "queued") == 0 || g_strcmp0 (state, "uploading") == 0)
        {
          out->unsent += n;
          pending = TRUE;
        }
      else if (g_strcmp0 (state, "submitted") == 0)
        pending = TRUE;
      else if (g_strcmp0 (state, "quarantined") == 0)
        out->quarantined += n;
      else if (g_strcmp0 (state, "rejected") == 0)
        out->rejected += n;
      else if (g_strcmp0 (state, "acknowledged") == 0)
        out->acknowledged += n;
      if (pending)
        {
          out->pending += n;
          if (n > 0 && (out->oldest_pending_created_at == 0
                        || oldest < out->oldest_pending_created_at))
            out->oldest_pending_created_at = oldest;
        }
    }
  if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot count applications", error);
      goto out;
    }
  ok = TRUE;
out:
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

GPtrArray *
sewa_store_list_leased (SewaStore *self, gint64 now, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *result = NULL;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
    goto out;
  /* "uploading" always holds a lease (a CHECK says so): the partial index finds both. */
  stmt = sewa_store_prepare (self,
                             "SELECT idem_key FROM applications "
                             "WHERE lease_until IS NOT NULL "
                             "AND (lease_until > ?1 OR state = 'uploading') ORDER BY id",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, sewa_store_column_strdup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot list leased applications", error);
      goto out;
    }
  result = g_steal_pointer (&ids);
out:
  g_rec_mutex_unlock (&self->lock);
  return result;
}

/* One index lookup: the first row of @state by next_attempt_at whose lease is not live at @now
 * (leased rows are few, at most the engine's parallelism). */
static gboolean
first_due (SewaStore *self, const char *state, gint64 now, gint64 *out_due, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  *out_due = G_MAXINT64;
  stmt = sewa_store_prepare (self,
                             "SELECT next_attempt_at FROM applications "
                             "WHERE state = ?1 AND (lease_until IS NULL OR lease_until <= ?2) "
                             "ORDER BY next_attempt_at LIMIT 1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_due = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot look for due applications", error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sewa_store_get_due (SewaStore *self, gint64 now, guint *out_unsent, gboolean *out_poll_due,
                    gint64 *out_next_due, GError **error)
{
  static const char *const states[] = { "queued", "uploading", "submitted" };
  g_autoptr (SewaStmt) unsent = NULL;
  g_autoptr (SewaStmt) leased = NULL;
  gint64 next_due = G_MAXINT64;
  gboolean poll_due = FALSE;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
    goto out;
  /* A read transaction, so the three answers agree with each other. */
  if (!self->batch && !self->tx_open && !sewa_store_exec (self, "BEGIN", error))
    goto out;
  for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
    {
      gint64 due;

      if (!first_due (self, states[i], now, &due, error))
        goto out;
      next_due = MIN (next_due, due);
      if (i == 2 && due <= now)
        poll_due = TRUE;
    }
  /* A leased application is due again when its lease runs out. */
  leased = sewa_store_prepare (self,
                               "SELECT min (lease_until) FROM applications "
                               "WHERE lease_until > ?1 "
                               "AND state IN ('queued', 'uploading', 'submitted')",
                               error);
  if (leased == NULL)
    goto out;
  sqlite3_bind_int64 (leased, 1, now);
  rc = sqlite3_step (leased);
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot look for leases", error);
      goto out;
    }
  if (sqlite3_column_type (leased, 0) != SQLITE_NULL)
    next_due = MIN (next_due, sqlite3_column_int64 (leased, 0));
  unsent = sewa_store_prepare (self,
                               "SELECT count (*) FROM applications "
                               "WHERE state IN ('queued', 'uploading')",
                               error);
  if (unsent == NULL)
    goto out;
  rc = sqlite3_step (unsent);
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot count unsent applications", error);
      goto out;
    }
  if (out_unsent != NULL)
    *out_unsent = (guint) sqlite3_column_int64 (unsent, 0);
  if (out_poll_due != NULL)
    *out_poll_due = poll_due;
  if (out_next_due != NULL)
    *out_next_due = next_due;
  ok = TRUE;
out:
  g_clear_pointer (&unsent, sewa_stmt_reset);
  g_clear_pointer (&leased, sewa_stmt_reset);
  if (!self->batch && !self->tx_open && !sqlite3_get_autocommit (self->db))
    sewa_store_exec (self, "COMMIT", NULL);
  g_rec_mutex_unlock (&self->lock);
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

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error))
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
  if (!sewa_store_step (self, unlink_pages, "cannot purge page records", error))
    goto out;
  drop = sewa_store_prepare (self,
                             "DELETE FROM pages WHERE NOT EXISTS ("
                             "  SELECT 1 FROM application_pages ap WHERE ap.page_id = pages.id)",
                             error);
  if (drop == NULL || !sewa_store_step (self, drop, "cannot delete purged pages", error))
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
  if (!sewa_store_step (self, mark, "cannot mark purged applications", error))
    goto out;
  n = (guint) sqlite3_changes (self->db);
  if (n > 0)
    {
      detail = g_strdup_printf ("applications=%u retention_days=%u", n, retention_days);
      if (!sewa_store_audit_locked (self, now, "documents_purged", detail, error))
        goto out;
    }
  ok = sewa_store_tx_commit (self, error);
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
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  if (ok && out_n_applications != NULL)
    *out_n_applications = n;
  return ok;
}
