/* test-store-mark — the reference high-water mark: a store that lost committed applications
 * (its queue.db-wal deleted, truncated or damaged; the database emptied) is refused instead of
 * handing out references already printed on receipts, and no reference is ever issued twice. */
#include "sewa-store.h"
#include "sewa-store-private.h"
#include "store-test-util.h"

#include <fcntl.h>
#include <unistd.h>

/* Applications committed before the checkpoint (in queue.db) and after it (only in the WAL). */
#define N_CHECKPOINTED 3
#define N_IN_WAL 4

static char *
enqueue_one (SewaStore *store, char **out_reference)
{
  SewaNewApplication app = test_application ();
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id, out_reference, &error));
  g_assert_no_error (error);
  return id;
}

static void
copy_file (const char *from_dir, const char *to_dir, const char *name)
{
  g_autofree char *from = g_build_filename (from_dir, name, NULL);
  g_autofree char *to = g_build_filename (to_dir, name, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (from, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents_full (to, data, (gssize) len, G_FILE_SET_CONTENTS_NONE,
                                           0600, &error));
  g_assert_no_error (error);
}

/* The files a power cut would leave, taken while the store is still open (closing it would
 * checkpoint the WAL into queue.db). */
static char *
snapshot (const char *dir)
{
  char *copy = test_state_dir ();

  copy_file (dir, copy, "queue.db");
  copy_file (dir, copy, "queue.db-wal");
  copy_file (dir, copy, "store.key");
  copy_file (dir, copy, SEWA_STORE_MARK_NAME);
  return copy;
}

/* A store with N_CHECKPOINTED applications in queue.db and N_IN_WAL more only in its WAL, and a
 * snapshot of its files; *out_refs gets every reference it issued. */
static char *
make_store_with_wal (GPtrArray **out_refs)
{
  g_autofree char *dir = test_state_dir ();
  g_autoptr (SewaStore) store = test_open (dir);
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_free);
  char *copy;

  for (guint i = 0; i < N_CHECKPOINTED + N_IN_WAL; i++)
    {
      char *ref = NULL;
      g_autofree char *id = NULL;

      if (i == N_CHECKPOINTED)
        g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                       "PRAGMA wal_checkpoint (TRUNCATE)", NULL, NULL, NULL),
                         ==, SQLITE_OK);
      id = enqueue_one (store, &ref);
      g_ptr_array_add (refs, ref);
    }
  copy = snapshot (dir);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
  *out_refs = refs;
  return copy;
}

static void
assert_refused (const char *dir, gboolean read_only)
{
  g_autoptr (GError) error = NULL;
  SewaStoreOptions opts = { 0 };
  SewaStore *store;

  opts.state_dir = dir;
  opts.create_key = !read_only;
  opts.read_only = read_only;
  store = sewa_store_open_full (&opts, &error);
  g_assert_null (store);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_DATA_LOST);
}

static guint
count_apps (SewaStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) apps = sewa_store_list (store, -1, FALSE, &error);

  g_assert_no_error (error);
  return apps->len;
}

static void
wal_path (const char *dir, char **out)
{
  *out = g_build_filename (dir, "queue.db-wal", NULL);
}

/* The snapshot itself is sound: with its WAL intact it opens with all seven applications. */
static void
test_intact (void)
{
  g_autoptr (GPtrArray) refs = NULL;
  g_autofree char *dir = make_store_with_wal (&refs);
  g_autoptr (SewaStore) store = test_open (dir);

  g_assert_cmpuint (count_apps (store), ==, N_CHECKPOINTED + N_IN_WAL);
  test_assert_healthy (store);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
}

static void
test_wal_deleted (void)
{
  g_autoptr (GPtrArray) refs = NULL;
  g_autofree char *dir = make_store_with_wal (&refs);
  g_autofree char *wal = NULL;

  wal_path (dir, &wal);
  g_assert_cmpint (g_unlink (wal), ==, 0);
  assert_refused (dir, TRUE);
  assert_refused (dir, FALSE);
  /* Refusing wrote nothing: it is refused again, and the mark was not lowered. */
  assert_refused (dir, FALSE);
  test_rm_rf (dir);
}

static void
test_wal_truncated (void)
{
  g_autoptr (GPtrArray) refs = NULL;
  g_autofree char *dir = make_store_with_wal (&refs);
  g_autofree char *wal = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  wal_path (dir, &wal);
  g_assert_true (g_file_get_contents (wal, &data, &len, NULL));
  g_assert_cmpint (truncate (wal, (off_t) len / 2), ==, 0);
  assert_refused (dir, TRUE);
  assert_refused (dir, FALSE);
  test_rm_rf (dir);
}

static void
test_wal_flipped (void)
{
  g_autoptr (GPtrArray) refs = NULL;
  g_autofree char *dir = make_store_with_wal (&refs);
  g_autofree char *wal = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  gsize len = 0;

  wal_path (dir, &wal);
  g_assert_true (g_file_get_contents (wal, &data, &len, NULL));
  /* A few bytes in the first frame's page: its checksum fails, and SQLite ignores it and every
   * frame after it. */
  for (gsize i = 100; i < 108; i++)
    data[i] ^= 0x5a;
  g_assert_true (g_file_set_contents (wal, data, (gssize) len, &error));
  g_assert_no_error (error);
  assert_refused (dir, TRUE);
  assert_refused (dir, FALSE);
  test_rm_rf (dir);
}

/* A zero-length queue.db (and no WAL) next to the key, or no queue.db at all. */
static void
test_database_emptied (void)
{
  g_autoptr (GPtrArray) refs = NULL;
  g_autofree char *dir = make_store_with_wal (&refs);
  g_autofree char *wal = NULL;
  g_autofree char *db = g_build_filename (dir, "queue.db", NULL);

  wal_path (dir, &wal);
  g_assert_cmpint (g_unlink (wal), ==, 0);
  g_assert_cmpint (truncate (db, 0), ==, 0);
  assert_refused (dir, TRUE);
  assert_refused (dir, FALSE);
  g_assert_cmpint (g_unlink (db), ==, 0);
  assert_refused (dir, FALSE);
  test_rm_rf (dir);
}

/* Without the mark, an emptied database next to its key is still refused; and a database that
 * had a mark refuses to open without it. */
static void
test_mark_missing (void)
{
  g_autoptr (GPtrArray) refs = NULL;
  g_autofree char *dir = make_store_with_wal (&refs);
  g_autofree char *mark = g_build_filename (dir, SEWA_STORE_MARK_NAME, NULL);
  g_autofree char *db = g_build_filename (dir, "queue.db", NULL);
  g_autofree char *wal = NULL;

  g_assert_cmpint (g_unlink (mark), ==, 0);
  assert_refused (dir, FALSE);
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));

  /* (The refused open closed the database, which folded its WAL in: there may be none.) */
  wal_path (dir, &wal);
  g_unlink (wal);
  g_assert_cmpint (g_unlink (db), ==, 0);
  assert_refused (dir, FALSE);
  test_rm_rf (dir);
}

/* A mark that does not verify (edited, or another kiosk's) is CORRUPT, never ignored; a torn
 * newest slot falls back to the one before it. */
static void
test_mark_damaged (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autofree char *mark = g_build_filename (dir, SEWA_STORE_MARK_NAME, NULL);
  g_autoptr (SewaStore) store = test_open (dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *ref1 = NULL;
  g_autofree char *ref2 = NULL;
  g_autofree char *ref3 = NULL;
  g_autofree char *id = NULL;
  gsize len = 0;
  SewaStore *again;

  g_free (enqueue_one (store, &ref1));
  g_free (enqueue_one (store, &ref2));
  g_assert_finalize_object (g_steal_pointer (&store));

  /* The mark's generations so far: 1 at creation, 2 and 3 by the enqueues; 3 is in slot 1. */
  g_assert_true (g_file_get_contents (mark, &data, &len, NULL));
  g_assert_cmpuint (len, ==, 8192);
  data[4096 + 40] ^= 1;
  g_assert_true (g_file_set_contents (mark, data, (gssize) len, &error));
  g_assert_no_error (error);
  store = test_open (dir);
  id = enqueue_one (store, &ref3);
  /* The older slot still named ref2's number: nothing before it is handed out again. */
  g_assert_cmpstr (ref3, !=, ref1);
  g_assert_cmpstr (ref3, !=, ref2);
  g_assert_finalize_object (g_steal_pointer (&store));

  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (mark, &data, &len, NULL));
  data[40] ^= 1;
  data[4096 + 40] ^= 1;
  g_assert_true (g_file_set_contents (mark, data, (gssize) len, &error));
  g_assert_no_error (error);
  again = sewa_store_open (dir, NULL, TRUE, &error);
  g_assert_null (again);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT);
  test_rm_rf (dir);
}

/* A power cut right after the last application committed can take that one commit with the
 * WAL's tail without the store noticing (its mark was written before the commit); its reference
 * is still never handed out again, nor is any other. */
static void
test_no_reference_twice (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autoptr (SewaStore) store = test_open (dir);
  g_autoptr (GHashTable) issued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *copy = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *copy_wal = NULL;
  g_autofree char *wal_before_last = NULL;
  gsize len_before_last = 0;

  for (guint i = 0; i < 6; i++)
    {
      char *ref = NULL;

      g_free (enqueue_one (store, &ref));
      g_assert_true (g_hash_table_add (issued, ref));
    }
  wal_path (dir, &wal);
  g_assert_true (g_file_get_contents (wal, &wal_before_last, &len_before_last, NULL));
  {
    char *ref = NULL;

    g_free (enqueue_one (store, &ref));
    g_assert_true (g_hash_table_add (issued, ref));
  }
  /* The files as they were, but with the last commit's frames missing from the WAL. */
  copy = snapshot (dir);
  g_assert_finalize_object (g_steal_pointer (&store));
  wal_path (copy, &copy_wal);
  g_assert_true (g_file_set_contents (copy_wal, wal_before_last, (gssize) len_before_last, NULL));

  store = test_open (copy);
  g_assert_cmpuint (count_apps (store), ==, 6);
  for (guint i = 0; i < 5; i++)
    {
      char *ref = NULL;

      g_free (enqueue_one (store, &ref));
      g_assert_true (g_hash_table_add (issued, ref));
    }
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (copy);
  test_rm_rf (dir);
}

/* A store from before the mark existed (no mark, no flag) gets one and works on. */
static void
test_store_without_mark (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autofree char *mark = g_build_filename (dir, SEWA_STORE_MARK_NAME, NULL);
  g_autoptr (SewaStore) store = test_open (dir);
  g_autofree char *ref1 = NULL;
  g_autofree char *ref2 = NULL;

  g_free (enqueue_one (store, &ref1));
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "DELETE FROM store_meta WHERE name = 'reference_mark'", NULL,
                                 NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_cmpint (g_unlink (mark), ==, 0);

  store = test_open (dir);
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_free (enqueue_one (store, &ref2));
  g_assert_cmpstr (ref1, !=, ref2);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
}

/* A first start cut short after the first mark was written but before the key was linked leaves
 * a mark under a key that never existed: the next first start replaces it. */
static void
test_first_start_cut_short (void)
{
  g_autofree char *other = test_state_dir ();
  g_autofree char *dir = test_state_dir ();
  g_autoptr (SewaStore) store = test_open (other);
  g_autofree char *ref = NULL;

  g_assert_finalize_object (g_steal_pointer (&store));
  copy_file (other, dir, SEWA_STORE_MARK_NAME);
  store = test_open (dir);
  g_free (enqueue_one (store, &ref));
  g_assert_finalize_object (g_steal_pointer (&store));
  store = test_open (dir);
  g_assert_cmpuint (count_apps (store), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
  test_rm_rf (other);
}

/* A mark that cannot be written while the commit succeeds: the enqueue stands (the citizen has
 * applied), the next enqueue writes its mark before committing and fails while it cannot, and
 * once it can, numbering goes on without a repeat. */
static void
test_mark_write_fails (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autoptr (SewaStore) store = test_open (dir);
  g_autoptr (GError) error = NULL;
  SewaNewApplication app = test_application ();
  g_autofree char *ref1 = NULL;
  g_autofree char *ref2 = NULL;
  g_autofree char *ref3 = NULL;
  g_autofree char *ref4 = NULL;
  int saved_fd;

  g_free (enqueue_one (store, &ref1));
  /* A descriptor the mark cannot be written through. */
  saved_fd = store->mark_fd;
  store->mark_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (store->mark_fd, >=, 0);
  g_test_expect_message ("sewa-store", G_LOG_LEVEL_WARNING, "*cannot record the reference mark*");
  g_free (enqueue_one (store, &ref2));
  g_test_assert_expected_messages ();
  g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, NULL, &ref3, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_IO);
  g_assert_null (ref3);
  g_assert_cmpuint (count_apps (store), ==, 2);

  close (store->mark_fd);
  store->mark_fd = saved_fd;
  g_free (enqueue_one (store, &ref4));
  g_assert_cmpstr (ref4, !=, ref1);
  g_assert_cmpstr (ref4, !=, ref2);
  g_assert_finalize_object (g_steal_pointer (&store));
  store = test_open (dir);
  g_assert_cmpuint (count_apps (store), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);

  g_test_add_func ("/store-mark/intact", test_intact);
  g_test_add_func ("/store-mark/wal-deleted", test_wal_deleted);
  g_test_add_func ("/store-mark/wal-truncated", test_wal_truncated);
  g_test_add_func ("/store-mark/wal-flipped", test_wal_flipped);
  g_test_add_func ("/store-mark/database-emptied", test_database_emptied);
  g_test_add_func ("/store-mark/mark-missing", test_mark_missing);
  g_test_add_func ("/store-mark/mark-damaged", test_mark_damaged);
  g_test_add_func ("/store-mark/no-reference-twice", test_no_reference_twice);
  g_test_add_func ("/store-mark/store-without-mark", test_store_without_mark);
  g_test_add_func ("/store-mark/first-start-cut-short", test_first_start_cut_short);
  g_test_add_func ("/store-mark/mark-write-fails", test_mark_write_fails);
  return g_test_run ();
}
