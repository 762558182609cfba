/* test-store-crypto.c — citizen data at rest: the raw files hold no plaintext, and a flipped
 * ciphertext byte (or a sealed value moved to another row) is detected and reported. */
#include "sewa-crypto.h"
#include "sewa-store.h"
#include "sewa-store-private.h"
#include "store-test-util.h"

#define PAGE_LEN 20000

typedef struct
{
  char *dir;
  char *id;
  char *reference;
  char *sha256;
  guint8 *page;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaApplication) app = NULL;
  SewaStore *store;
  SewaNewApplication a = test_application ();
  SewaNewPage pages[1];

  f->dir = test_state_dir ();
  f->page = test_page_bytes (31337, PAGE_LEN);
  pages[0] = (SewaNewPage) { "proof_of_identity", "VOTER", "image/jpeg", f->page, PAGE_LEN };
  store = test_open (f->dir);
  g_assert_true (sewa_store_enqueue (store, &a, pages, 1, &f->id, &f->reference, &error));
  g_assert_no_error (error);
  app = sewa_store_get (store, f->id, TRUE, &error);
  f->sha256 = g_strdup (((SewaAppPage *) g_ptr_array_index (app->pages, 0))->sha256);
  g_assert_finalize_object (store);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->id);
  g_free (f->reference);
  g_free (f->sha256);
  g_free (f->page);
}

/* Concatenation of every file in the state directory, as an attacker with the disk sees it. */
static GByteArray *
slurp_dir (const char *dir)
{
  GByteArray *all = g_byte_array_new ();
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_byte_array_append (all, (const guint8 *) data, (guint) len);
    }
  return all;
}

static gboolean
contains (GByteArray *hay, const void *needle, gsize len)
{
  return memmem (hay->data, hay->len, needle, len) != NULL;
}

static void
assert_no_plaintext (Fixture *f, GByteArray *raw)
{
  /* Positive control: what is meant to be in clear is found, so the search works. */
  g_assert_true (contains (raw, f->reference, strlen (f->reference)));
  g_assert_true (contains (raw, "caste-certificate-sc", 20));

  g_assert_false (contains (raw, TEST_NAME, strlen (TEST_NAME)));
  g_assert_false (contains (raw, "Gurpreet", 8));
  g_assert_false (contains (raw, TEST_MOBILE, strlen (TEST_MOBILE)));
  g_assert_false (contains (raw, "Kot Isa Khan", 12));
  g_assert_false (contains (raw, "applicant_name", 14));
  g_assert_false (contains (raw, "UPI-1234", 8));
  g_assert_false (contains (raw, "proof_of_identity", 17));
  g_assert_false (contains (raw, "PAGE-CONTENT-MARKER-", 20));
  g_assert_false (contains (raw, f->sha256, 64));
  /* Any 32-byte window of the page. */
  for (gsize off = 0; off + 32 <= PAGE_LEN; off += 997)
    g_assert_false (contains (raw, f->page + off, 32));
}

static void
test_no_plaintext_at_rest (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) closed = slurp_dir (f->dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GByteArray) open_raw = NULL;
  SewaStore *store;

  /* After a clean close (everything checkpointed into queue.db)… */
  assert_no_plaintext (f, closed);

  /* …and while open, with the data still in the WAL. */
  store = test_open (f->dir);
  {
    SewaNewApplication a = test_application ();

    g_assert_true (sewa_store_enqueue (store, &a, NULL, 0, NULL, NULL, &error));
  }
  open_raw = slurp_dir (f->dir);
  assert_no_plaintext (f, open_raw);
  g_assert_finalize_object (store);
}

/* Flips one byte of @needle's occurrence in the database file. */
static void
flip_in_file (const char *path, const guint8 *needle, gsize len)
{
  g_autofree char *data = NULL;
  gsize size = 0;
  guint8 *hit;

  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  hit = memmem (data, size, needle, len);
  g_assert_nonnull (hit);
  hit[len / 2] ^= 0x01;
  g_assert_true (g_file_set_contents (path, data, (gssize) size, NULL));
}

static GBytes *
raw_blob (const char *db_path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GBytes *out;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  out = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
}

static gboolean
report_mentions (SewaStoreCheckReport *report, const char *text)
{
  for (guint i = 0; i < report->problems->len; i++)
    if (strstr (g_ptr_array_index (report->problems, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_flipped_page_byte (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "queue.db", NULL);
  g_autoptr (GBytes) sealed = raw_blob (db, "SELECT sealed FROM pages");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) page = NULL;
  g_autoptr (SewaStoreCheckReport) report = NULL;
  SewaStore *store;

  /* One byte in the middle of the page's ciphertext, in the file itself. */
  flip_in_file (db, (const guint8 *) g_bytes_get_data (sealed, NULL) + 5000, 64);

  store = test_open (f->dir);
  page = sewa_store_read_page (store, f->sha256, &error);
  g_assert_null (page);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  report = sewa_store_check (store, SEWA_STORE_CHECK_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (report_mentions (report, "stored page"));
  g_assert_true (report_mentions (report, "fails authentication"));
  g_assert_finalize_object (store);
}

static void
test_flipped_record_byte (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "queue.db", NULL);
  g_autoptr (GBytes) sealed = raw_blob (db, "SELECT payload FROM applications");
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaApplication) app = NULL;
  g_autoptr (SewaStoreCheckReport) report = NULL;
  SewaStore *store;

  flip_in_file (db, (const guint8 *) g_bytes_get_data (sealed, NULL) + 30, 40);

  store = test_open (f->dir);
  app = sewa_store_get (store, f->id, TRUE, &error);
  g_assert_null (app);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  /* What is in clear is still readable, for the operator. */
  app = sewa_store_get (store, f->id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (app->reference, ==, f->reference);

  report = sewa_store_check (store, SEWA_STORE_CHECK_ALL, &error);
  g_assert_no_error (error);
  g_assert_true (report_mentions (report, f->id));
  g_assert_true (report_mentions (report, "fails authentication"));
  g_assert_finalize_object (store);
}

static void
test_sealed_value_bound_to_row (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *other = NULL;
  g_autoptr (SewaApplication) app = NULL;
  SewaStore *store = test_open (f->dir);
  SewaNewApplication a = test_application ();
  sqlite3 *db = sewa_store_get_sqlite (store);

  a.form_json = "{\"applicant_name\":\"Someone Else\"}";
  g_assert_true (sewa_store_enqueue (store, &a, NULL, 0, &other, NULL, &error));
  /* Copy the second application's (valid) sealed record over the first's, bypassing the
   * immutability trigger as an attacker with the file would. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TRIGGER applications_content_immutable;"
                                 "UPDATE applications SET payload = (SELECT payload FROM "
                                 "applications ORDER BY id DESC LIMIT 1) WHERE id = 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  app = sewa_store_get (store, f->id, TRUE, &error);
  g_assert_null (app);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT);
  g_assert_finalize_object (store);
}

static void
test_seal_open (void)
{
  guint8 master[SEWA_KEY_BYTES] = { 1, 2, 3 };
  g_autoptr (SewaKey) key = sewa_key_new_from_bytes (master, sizeof master);
  g_autoptr (GBytes) a = sewa_key_seal (key, (const guint8 *) "hello", 5, (const guint8 *) "r1", 2);
  g_autoptr (GBytes) b = sewa_key_seal (key, (const guint8 *) "hello", 5, (const guint8 *) "r1", 2);
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *plain = NULL;
  guint8 *wrong;
  gsize len = 0;

  g_assert_cmpuint (g_bytes_get_size (a), ==, 5 + SEWA_SEAL_OVERHEAD);
  /* Random nonces: the same plaintext never seals to the same bytes. */
  g_assert_false (g_bytes_equal (a, b));
  plain = sewa_key_open (key, g_bytes_get_data (a, NULL), g_bytes_get_size (a),
                         (const guint8 *) "r1", 2, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (plain, len, "hello", 5);
  wrong = sewa_key_open (key, g_bytes_get_data (a, NULL), g_bytes_get_size (a),
                         (const guint8 *) "r2", 2, &len, &error);
  g_assert_null (wrong);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sewa_crypto_init (NULL));
  g_test_add_func ("/store/crypto/seal-open", test_seal_open);
  g_test_add ("/store/crypto/no-plaintext-at-rest", Fixture, NULL, fixture_set_up,
              test_no_plaintext_at_rest, fixture_tear_down);
  g_test_add ("/store/crypto/flipped-page-byte", Fixture, NULL, fixture_set_up,
              test_flipped_page_byte, fixture_tear_down);
  g_test_add ("/store/crypto/flipped-record-byte", Fixture, NULL, fixture_set_up,
              test_flipped_record_byte, fixture_tear_down);
  g_test_add ("/store/crypto/sealed-value-bound-to-row", Fixture, NULL, fixture_set_up,
              test_sealed_value_bound_to_row, fixture_tear_down);
  return g_test_run ();
}
