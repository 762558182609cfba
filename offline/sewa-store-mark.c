/* sewa-store-mark.c — the reference high-water mark: what keeps a lost queue.db-wal from
 * reissuing references already printed on citizens' receipts.
 *
 * Why a file outside the database: everything inside the database is lost together with it (a
 * deleted, truncated or damaged WAL silently rolls SQLite back to its last checkpoint, and the
 * reference counter with it). The mark is small, sealed with the store key (so it cannot be
 * edited, nor copied from another kiosk), and written durably by each enqueue before it returns.
 * The database is behind the mark only if committed applications were lost; the last one before
 * the loss cannot be told from a commit that failed (its mark is written with it), so that one
 * loss goes unnoticed, but its number is still skipped.
 *
 * File: two 4 KiB slots, each "SEWAMRK1", a 32-bit little-endian length, and sewa_key_seal() of
 *   {"v":1,"gen":G,"committed":N,"day":"YYMMDD","seq":S}
 * The slot with the highest generation G that verifies is the mark. committed: the highest
 * application row id known committed when the mark was written (rows are never deleted, so
 * max(id) only grows); day and seq: the last provisional reference handed out.
 *
 * Why two slots updated in place rather than a temporary file renamed over the mark on every
 * enqueue: the rename costs two more journal commits (the new file, then the directory) on top of
 * the WAL's fsync, and measured at a third of the store's enqueue rate (bench-queue). Writing the
 * older slot and fdatasync()ing it costs one flush and no metadata, and a helper thread does it
 * while the commit flushes the WAL, so the two flushes overlap. A power cut in the middle leaves
 * that slot failing to verify and the other slot, the previous mark, in force, which is safe: the
 * enqueue whose mark was torn had not returned. The file itself is created (first start, or a
 * store from before the mark) whole by temporary file, fsync, rename and directory fsync.
 */
#define G_LOG_DOMAIN "sewa-store"

#include "sewa-store.h"
#include "sewa-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#define MARK_MAGIC "SEWAMRK1"
#define MARK_MAGIC_LEN 8
#define MARK_SLOT_BYTES 4096
#define MARK_HEADER_BYTES (MARK_MAGIC_LEN + 4)
#define MARK_FILE_BYTES (2 * MARK_SLOT_BYTES)
#define MARK_AD "sewa1:reference-mark:"
#define MAX_SEQ 9999

typedef struct
{
  gint64 gen;
  gint64 committed;
  char day[8];
  guint seq;
} Mark;

/* An enqueue's mark, written by a helper thread while the enqueue commits (see
 * sewa_store_mark_start()). */
struct _SewaMarkJob
{
  Mark mark;
  gboolean started;
  GMutex mutex;
  GCond cond;
  gboolean done; /* under mutex */
  gboolean ok;
  int saved_errno;
  int fd;
  off_t offset;
  guint8 slot[MARK_SLOT_BYTES];
};

static gboolean
valid_day (const char *day)
{
  gsize n = strlen (day);

  if (n == 0)
    return TRUE;
  if (n != 6)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (day[i]))
      return FALSE;
  return TRUE;
}

static gboolean
get_int (JsonObject *obj, const char *name, gint64 min, gint64 max, gint64 *out)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= min && *out <= max;
}

/* Validates a decrypted slot against the contract above before anything uses it. */
static gboolean
parse_slot (const char *text, gsize len, Mark *out)
{
  return sewa_store_mark_parse (text, len, &out->gen, &out->committed, out->day, &out->seq);
}

gboolean
sewa_store_mark_parse (const char *text, gsize len, gint64 *out_gen, gint64 *out_committed,
                       char out_day[8], guint *out_seq)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *obj;
  JsonNode *node;
  const char *day;
  gint64 v = 0, seq = 0;

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  obj = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_size (obj) != 5 || !get_int (obj, "v", 1, 1, &v) ||
      !get_int (obj, "gen", 1, G_MAXINT64, out_gen) ||
      !get_int (obj, "committed", 0, G_MAXINT64, out_committed) ||
      !get_int (obj, "seq", 0, MAX_SEQ, &seq))
    return FALSE;
  node = json_object_get_member (obj, "day");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING ||
      !valid_day ((day = json_node_get_string (node))) || (seq == 0) != (day[0] == '\0'))
    return FALSE;
  g_strlcpy (out_day, day, 8);
  *out_seq = (guint) seq;
  return TRUE;
}

static gboolean
open_slot (SewaStore *self, const guint8 *slot, Mark *out)
{
  g_autofree guint8 *plain = NULL;
  gsize plain_len = 0;
  guint32 len;

  if (memcmp (slot, MARK_MAGIC, MARK_MAGIC_LEN) != 0)
    return FALSE;
  len = (guint32) slot[8] | (guint32) slot[9] << 8 | (guint32) slot[10] << 16 |
        (guint32) slot[11] << 24;
  if (len > MARK_SLOT_BYTES - MARK_HEADER_BYTES)
    return FALSE;
  plain = sewa_key_open (self->key, slot + MARK_HEADER_BYTES, len, (const guint8 *) MARK_AD,
                         strlen (MARK_AD), &plain_len, NULL);
  return plain != NULL && parse_slot ((const char *) plain, plain_len, out);
}

/* Fills one slot with @mark sealed under the store key. */
static void
fill_slot (const SewaKey *key, const Mark *mark, guint8 slot[MARK_SLOT_BYTES])
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GBytes) sealed = NULL;
  gsize len = 0;
  const guint8 *data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "v");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "gen");
  json_builder_add_int_value (builder, mark->gen);
  json_builder_set_member_name (builder, "committed");
  json_builder_add_int_value (builder, mark->committed);
  json_builder_set_member_name (builder, "day");
  json_builder_add_string_value (builder, mark->day);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, mark->seq);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  sealed = sewa_key_seal (key, (const guint8 *) text, strlen (text),
                          (const guint8 *) MARK_AD, strlen (MARK_AD));
  data = g_bytes_get_data (sealed, &len);
  g_assert (len <= MARK_SLOT_BYTES - MARK_HEADER_BYTES);
  memset (slot, 0, MARK_SLOT_BYTES);
  memcpy (slot, MARK_MAGIC, MARK_MAGIC_LEN);
  slot[8] = (guint8) (len & 0xff);
  slot[9] = (guint8) ((len >> 8) & 0xff);
  slot[10] = (guint8) ((len >> 16) & 0xff);
  slot[11] = (guint8) ((len >> 24) & 0xff);
  memcpy (slot + MARK_HEADER_BYTES, data, len);
}

static void
remember (SewaStore *self, const Mark *mark)
{
  self->mark_gen = mark->gen;
  self->mark_committed = mark->committed;
  g_strlcpy (self->mark_day, mark->day, sizeof self->mark_day);
  self->mark_seq = mark->seq;
}

/* Reads the mark into self->mark_*; *out_present FALSE (and TRUE returned) when there is no mark
 * file. CORRUPT when it exists but no slot verifies. */
static gboolean
load_mark (SewaStore *self, gboolean *out_present, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  Mark best = { 0 };

  *out_present = FALSE;
  if (!g_file_get_contents (self->mark_path, &data, &len, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_IO,
                   "cannot read the reference mark: %s", local->message);
      return FALSE;
    }
  for (guint i = 0; len == MARK_FILE_BYTES && i < 2; i++)
    {
      Mark m = { 0 };

      if (open_slot (self, (const guint8 *) data + i * MARK_SLOT_BYTES, &m) && m.gen > best.gen)
        best = m;
    }
  if (best.gen == 0)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "the reference mark %s is damaged or was not written with this kiosk's key",
                   self->mark_path);
      return FALSE;
    }
  remember (self, &best);
  *out_present = TRUE;
  return TRUE;
}

/* First start (or a store from before the mark): the whole file, atomically. */
static gboolean
create_mark (SewaStore *self, const SewaKey *key, gint64 committed, GError **error)
{
  g_autofree guint8 *file = g_malloc0 (MARK_FILE_BYTES);
  Mark mark = { .gen = 1, .committed = committed };

  /* Generation G lives in slot G % 2. */
  fill_slot (key, &mark, file + MARK_SLOT_BYTES);
  if (!sewa_file_replace_durable (self->mark_path, file, MARK_FILE_BYTES, error))
    {
      g_prefix_error (error, "cannot create the reference mark: ");
      return FALSE;
    }
  remember (self, &mark);
  return TRUE;
}

static gboolean
mark_io_error (SewaStore *self, int saved, GError **error)
{
  g_set_error (error, SEWA_STORE_ERROR,
               saved == ENOSPC || saved == EDQUOT ? SEWA_STORE_ERROR_NO_SPACE : SEWA_STORE_ERROR_IO,
               "cannot record the reference mark %s: %s", self->mark_path,
               saved == ENOSPC || saved == EDQUOT ? "the disk is full" : g_strerror (saved));
  return FALSE;
}

/* Overwrites the older slot with the next generation and flushes it. */
static gboolean
write_mark (SewaStore *self, gint64 committed, const char *day, guint seq, GError **error)
{
  guint8 slot[MARK_SLOT_BYTES];
  Mark mark = { .gen = self->mark_gen + 1, .committed = committed, .seq = seq };
  off_t offset = (off_t) (mark.gen % 2) * MARK_SLOT_BYTES;
  gsize done = 0;

  g_strlcpy (mark.day, day, sizeof mark.day);
  fill_slot (self->key, &mark, slot);
  if (self->mark_fd < 0)
    {
      self->mark_fd = open (self->mark_path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
      if (self->mark_fd < 0)
        return mark_io_error (self, errno, error);
    }
  while (done < sizeof slot)
    {
      ssize_t n = pwrite (self->mark_fd, slot + done, sizeof slot - done, offset + (off_t) done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return mark_io_error (self, n < 0 ? errno : EIO, error);
      done += (gsize) n;
    }
  if (fdatasync (self->mark_fd) != 0)
    return mark_io_error (self, errno, error);
  remember (self, &mark);
  return TRUE;
}

static gboolean
query_top (SewaStore *self, gint64 *out_top, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self, "SELECT coalesce (max (id), 0) FROM applications", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot count the applications", error);
      return FALSE;
    }
  *out_top = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
query_flag (SewaStore *self, gboolean *out_flag, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self, "SELECT 1 FROM store_meta WHERE name = 'reference_mark'",
                             error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read the store's settings", error);
      return FALSE;
    }
  *out_flag = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
sewa_store_mark_check_at_open (SewaStore *self, guint version, gboolean key_existed,
                               GError **error)
{
  gboolean present = FALSE;
  gboolean flag = FALSE;
  gint64 top = 0;

  if (!load_mark (self, &present, error))
    return FALSE;
  if (version >= 1 && (!query_top (self, &top, error) || !query_flag (self, &flag, error)))
    return FALSE;

  if (present && top < self->mark_committed)
    {
      if (version == 0)
        g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_DATA_LOST,
                     "%s is empty, but %" G_GINT64_FORMAT " application(s) were committed to "
                     "it (the reference mark says so): the queue database was lost",
                     self->db_path, self->mark_committed);
      else
        g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_DATA_LOST,
                     "%s holds applications up to number %" G_GINT64_FORMAT ", but up to %"
                     G_GINT64_FORMAT " were committed (the reference mark says so): its "
                     "write-ahead log (queue.db-wal) or part of the database was lost",
                     self->db_path, top, self->mark_committed);
      return FALSE;
    }
  if (!present && flag)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_DATA_LOST,
                   "the reference mark %s of the queue in %s is missing, so lost applications "
                   "cannot be ruled out", self->mark_path, self->db_path);
      return FALSE;
    }
  if (!present && version == 0 && key_existed)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_DATA_LOST,
                   "%s is empty or missing, but the store key exists: the queue database was "
                   "lost (a fresh one would issue references already printed)", self->db_path);
      return FALSE;
    }
  if (!present && !self->read_only)
    {
      /* First start, or a store from before the mark existed: start the mark where the store is. */
      if (!create_mark (self, self->key, top, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
sewa_store_mark_create_first (const SewaKey *key, gpointer user_data, GError **error)
{
  SewaStore *self = user_data;

  return create_mark (self, key, 0, error);
}

gboolean
sewa_store_mark_set_flag (SewaStore *self, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gboolean flag = FALSE;

  if (!query_flag (self, &flag, error))
    return FALSE;
  if (flag)
    return TRUE;
  if (!sewa_store_tx_begin (self, error))
    return FALSE;
  stmt = sewa_store_prepare (self,
                             "INSERT INTO store_meta (name, value) VALUES ('reference_mark', 1) "
                             "ON CONFLICT (name) DO NOTHING",
                             error);
  if (stmt == NULL || !sewa_store_step (self, stmt, "cannot record the reference mark", error) ||
      !sewa_store_tx_commit (self, error))
    {
      sewa_store_tx_rollback (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
sewa_store_mark_reserve (SewaStore *self, const char *day, gint64 *seq, GError **error)
{
  gboolean present = FALSE;
  char last_day[8];
  guint last_seq = self->mark_seq;
  gint64 top = 0;

  g_return_val_if_fail (self->mark_job == NULL, FALSE);

  /* Another process may have advanced the mark since (writers hold the database's write lock
   * here, so it is not changing under us): start from what is on disk, but never below what
   * this process handed out itself (a mark whose write failed after its commit succeeded). */
  g_strlcpy (last_day, self->mark_day, sizeof last_day);
  if (!load_mark (self, &present, error))
    return FALSE;
  if (!present)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_DATA_LOST,
                   "the reference mark %s has disappeared", self->mark_path);
      return FALSE;
    }
  if (g_str_equal (last_day, self->mark_day) && last_seq > self->mark_seq)
    self->mark_seq = last_seq;

  /* The last reference handed out may be ahead of the database's counter: its mark was written
   * and then its commit failed (or was lost with the WAL after it was printed). Skip it. */
  if (g_str_equal (self->mark_day, day) && *seq <= (gint64) self->mark_seq)
    *seq = (gint64) self->mark_seq + 1;
  if (*seq > MAX_SEQ)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_REFERENCES_EXHAUSTED,
                   "all %d provisional references for today are used", MAX_SEQ);
      return FALSE;
    }
  if (!query_top (self, &top, error))
    return FALSE;
  /* After a mark that could not be written, the next one is written before anything commits, so
   * an enqueue fails rather than go on without marks. */
  if (self->mark_write_failed)
    {
      if (!write_mark (self, top, day, (guint) *seq, error))
        return FALSE;
      self->mark_write_failed = FALSE;
      return TRUE;
    }
  self->mark_job = g_new0 (SewaMarkJob, 1);
  g_mutex_init (&self->mark_job->mutex);
  g_cond_init (&self->mark_job->cond);
  self->mark_job->mark.gen = self->mark_gen + 1;
  self->mark_job->mark.committed = top;
  g_strlcpy (self->mark_job->mark.day, day, sizeof self->mark_job->mark.day);
  self->mark_job->mark.seq = (guint) *seq;
  return TRUE;
}

static void
run_job (gpointer data, gpointer user_data)
{
  SewaMarkJob *job = data;
  gboolean ok = TRUE;
  int saved = 0;
  gsize done = 0;

  while (ok && done < sizeof job->slot)
    {
      ssize_t n = pwrite (job->fd, job->slot + done, sizeof job->slot - done,
                          job->offset + (off_t) done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved = n < 0 ? errno : EIO;
          ok = FALSE;
        }
      else
        done += (gsize) n;
    }
  if (ok && fdatasync (job->fd) != 0)
    {
      saved = errno;
      ok = FALSE;
    }
  g_mutex_lock (&job->mutex);
  job->ok = ok;
  job->saved_errno = saved;
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);
}

void
sewa_store_mark_start (SewaStore *self)
{
  SewaMarkJob *job = self->mark_job;

  if (job == NULL)
    return;
  job->started = TRUE;
  fill_slot (self->key, &job->mark, job->slot);
  job->offset = (off_t) (job->mark.gen % 2) * MARK_SLOT_BYTES;
  if (self->mark_fd < 0)
    self->mark_fd = open (self->mark_path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  job->fd = self->mark_fd;
  if (job->fd < 0)
    {
      job->saved_errno = errno;
      job->done = TRUE;
      return;
    }
  if (self->mark_pool == NULL)
    self->mark_pool = g_thread_pool_new (run_job, NULL, 1, TRUE, NULL);
  if (self->mark_pool == NULL || !g_thread_pool_push (self->mark_pool, job, NULL))
    run_job (job, NULL);
}

gboolean
sewa_store_mark_finish (SewaStore *self, GError **error)
{
  SewaMarkJob *job = g_steal_pointer (&self->mark_job);
  gboolean ok;

  if (job == NULL)
    return TRUE;
  if (!job->started)
    {
      /* The enqueue failed before its commit: nothing was written, nothing handed out. */
      g_mutex_clear (&job->mutex);
      g_cond_clear (&job->cond);
      g_free (job);
      return TRUE;
    }
  g_mutex_lock (&job->mutex);
  while (!job->done)
    g_cond_wait (&job->cond, &job->mutex);
  g_mutex_unlock (&job->mutex);
  ok = job->ok;
  /* Even if the write failed, this process has handed the number out (or its commit went
   * through): it is never handed out again. */
  g_strlcpy (self->mark_day, job->mark.day, sizeof self->mark_day);
  self->mark_seq = job->mark.seq;
  if (ok)
    {
      self->mark_gen = job->mark.gen;
      self->mark_committed = job->mark.committed;
    }
  else
    {
      self->mark_write_failed = TRUE;
      mark_io_error (self, job->saved_errno, error);
    }
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
  return ok;
}

void
sewa_store_mark_dispose (SewaStore *self)
{
  sewa_store_mark_finish (self, NULL);
  if (self->mark_pool != NULL)
    {
      g_thread_pool_free (self->mark_pool, FALSE, TRUE);
      self->mark_pool = NULL;
    }
}

gboolean
sewa_store_mark_forget_committed (SewaStore *self, GError **error)
{
  return write_mark (self, 0, self->mark_day, self->mark_seq, error);
}
