/* sewa-store-private.h — shared between sewa-store.c and sewa-store-check.c (and tests). */
#pragma once

#include "sewa-crypto.h"
#include "sewa-store.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define SEWA_STORE_MARK_NAME "store.mark"

typedef sqlite3_stmt SewaStmt;
typedef struct _SewaMarkJob SewaMarkJob;
static inline void
sewa_stmt_reset (SewaStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaStmt, sewa_stmt_reset)

struct _SewaStore
{
  GObject parent_instance;

  GRecMutex lock;     /* recursive: a batch holds it across the calls it groups */
  sqlite3 *db;
  gboolean batch;     /* sewa_store_batch_begin(): one outer transaction, tx_* are savepoints */
  gboolean tx_open;   /* a tx_begin() not yet committed or rolled back */
  gboolean batch_dead; /* SQLite ended the batch's transaction itself (a full disk, an I/O
                        * error): every change of the batch is gone and it can only fail */
  gint64 tx_changes;  /* sqlite3_total_changes64() at tx_begin */
  gboolean unsynced;  /* a batch committed without fsync since the last durable commit */
  SewaKey *key;
  GHashTable *stmts; /* SQL text (static string, by address) -> sqlite3_stmt, reset when idle */
  char *db_path;
  char *centre;
  guint kiosk;
  guint schema_version;
  gboolean read_only;
  char *mark_path;    /* <state_dir>/store.mark, the reference high-water mark */
  int mark_fd;        /* open for in-place updates once written, else -1 */
  gint64 mark_gen;    /* the mark as last read or written: its generation, the */
  gint64 mark_committed; /* highest application row known */
  char mark_day[8];   /* committed, and the day (YYMMDD, "" if none) and sequence number of */
  guint mark_seq;     /* the last reference handed out */
  SewaMarkJob *mark_job; /* the enqueue in progress's mark (reserved, then written) */
  GThreadPool *mark_pool; /* one thread: writes a mark while the enqueue commits */
  gboolean mark_write_failed; /* the last mark could not be written: write the next first */
};

/* Associated data: binds each sealed value to the row it belongs to. */
GBytes *sewa_store_ad_payload (const char *idem_key);
GBytes *sewa_store_ad_page (const guint8 address[SEWA_PAGE_ADDRESS_BYTES]);
GBytes *sewa_store_ad_page_meta (const char *idem_key, guint page_index);

SewaStmt *sewa_store_prepare (SewaStore *self, const char *sql, GError **error);
void      sewa_store_set_sqlite_error (SewaStore *self, int rc, const char *what, GError **error);
gboolean  sewa_store_exec (SewaStore *self, const char *sql, GError **error);

/* Helpers shared by the sewa-store*.c files. Transactions: tx_begin takes the write lock
 * (BEGIN IMMEDIATE); every error path calls tx_rollback (a no-op when no tx_begin is open).
 * Inside a batch they are a savepoint of the batch's transaction instead, made durable by
 * sewa_store_batch_commit(). Callers hold self->lock. */
gint64    sewa_store_now (void);
gboolean  sewa_store_step (SewaStore *self, SewaStmt *stmt, const char *what, GError **error);
gboolean  sewa_store_tx_begin (SewaStore *self, GError **error);
gboolean  sewa_store_tx_commit (SewaStore *self, GError **error);
void      sewa_store_tx_rollback (SewaStore *self);
gboolean  sewa_store_check_open (SewaStore *self, GError **error);
gboolean  sewa_store_audit_locked (SewaStore *self, gint64 at, const char *event,
                                   const char *detail, GError **error);
gboolean  sewa_store_audit_chain_backfill (SewaStore *self, GError **error);
gboolean  sewa_store_lookup_rowid (SewaStore *self, const char *id, gint64 *out_rowid,
                                   GError **error);
char     *sewa_store_column_strdup (sqlite3_stmt *stmt, int col);
gboolean  sewa_fee_state_from_string (const char *text, SewaFeeState *out);
void      sewa_app_page_free (gpointer page);

/* Parses form data (a JSON object) and cuts members named in @aadhaar_fields (at any depth)
 * to their last four digits. Separate so it can be fuzzed. */
JsonNode *sewa_store_parse_form (const char *form_json, const char *const *aadhaar_fields,
                                 guint *out_n_masked, GError **error);

/* sewa_store_get() for a caller that holds self->lock. */
SewaAppRecord *sewa_store_get_locked (SewaStore *self, const char *id_or_reference,
                                        gboolean with_pii, GError **error);

/* The reference high-water mark (sewa-store-mark.c). check_at_open reads it (CORRUPT if it does
 * not verify) and refuses a store behind it, or an empty one while the key already existed
 * (@key_existed), with DATA_LOST; unless read-only it writes a first mark when there is none.
 * @version is the database's user_version before migration.
 *
 * An enqueue, inside its transaction: reserve() moves *seq past any reference handed out before
 * (a commit that failed after its mark was written) and prepares the mark; start(), just before
 * the commit, has a helper thread write and flush it while the commit flushes the WAL (the two
 * flushes overlap instead of doubling the enqueue's time); finish(), after the commit (or its
 * failure), waits for it. Either order of the two reaching the disk is safe: a mark ahead of the
 * database skips a number, a database ahead of the mark loses nothing. finish() FALSE: the mark
 * could not be written; the next reserve() then writes its mark before anything commits. */
gboolean  sewa_store_mark_check_at_open (SewaStore *self, guint version, gboolean key_existed,
                                         GError **error);
/* A SewaKeyBeforeInstallFunc (user_data: the store): the first mark is written before a new key
 * exists, so a key without a mark next to it always means the mark (or the store) was lost,
 * never a first start cut short. */
gboolean  sewa_store_mark_create_first (const SewaKey *key, gpointer user_data, GError **error);
gboolean  sewa_store_mark_set_flag (SewaStore *self, GError **error);
gboolean  sewa_store_mark_reserve (SewaStore *self, const char *day, gint64 *seq, GError **error);
void      sewa_store_mark_start (SewaStore *self);
gboolean  sewa_store_mark_finish (SewaStore *self, GError **error);
void      sewa_store_mark_dispose (SewaStore *self);
/* Before a factory reset deletes every application (with the store's lock held): the mark's
 * committed row goes back to 0, keeping its day and sequence so no reference is issued twice.
 * Written first: if the reset then fails, a mark behind the database loses nothing. */
gboolean  sewa_store_mark_forget_committed (SewaStore *self, GError **error);
/* The decrypted contents of a mark slot, validated (separate so it can be fuzzed). */
gboolean  sewa_store_mark_parse (const char *text, gsize len, gint64 *out_gen,
                                 gint64 *out_committed, char out_day[8], guint *out_seq);

/* For tests: the connection, to inspect raw rows. Not for production code. */
sqlite3  *sewa_store_get_sqlite (SewaStore *self);

/* sewa_store_audit_locked() recording who did it (an operator id; NULL or "" the kiosk). */
gboolean  sewa_store_audit_as_locked (SewaStore *self, gint64 at, const char *actor,
                                      const char *event, const char *detail, GError **error);

G_END_DECLS
