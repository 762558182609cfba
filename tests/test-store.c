/* test-store.c — the outbox store: keys, enqueue, references, state machine, Aadhaar masking,
 * retention, resumable-upload offsets, catalog/settings/audit, migrations, a full disk and a
 * corrupted database. Crash safety is in test-store-powerloss.c and test-store-kill9.c. */
#include "sewa-store.h"
#include "sewa-store-private.h"
#include "sewa-reference.h"
#include "store-test-util.h"

#include <json-glib/json-glib.h>
#include <sys/stat.h>

static void
test_key_created_once (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autofree char *key_path = g_build_filename (dir, "store.key", NULL);
  g_autoptr (GError) error = NULL;
  SewaStore *store;
  struct stat st;

  /* Without permission to create a key, a first start is a clear error. */
  store = sewa_store_open (dir, NULL, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_MISSING);
  g_clear_error (&error);

  store = test_open (dir);
  g_assert_cmpuint (sewa_store_get_schema_version (store), ==, SEWA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, 40);
  g_assert_finalize_object (store);

  /* The key is missing now, and the queue holds sealed data: never a silent new key. */
  g_assert_cmpint (g_unlink (key_path), ==, 0);
  store = sewa_store_open (dir, NULL, TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_MISSING);
  g_assert_nonnull (strstr (error->message, "restore"));
  g_assert_false (g_file_test (key_path, G_FILE_TEST_EXISTS));
  test_rm_rf (dir);
}

static void
test_key_mismatch_and_invalid (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autofree char *other = test_state_dir ();
  g_autofree char *key_path = g_build_filename (dir, "store.key", NULL);
  g_autofree char *other_key = g_build_filename (other, "store.key", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *saved = NULL;
  gsize saved_len = 0;
  SewaStore *store;

  g_assert_finalize_object (test_open (dir));
  g_assert_finalize_object (test_open (other));
  g_assert_true (g_file_get_contents (key_path, &saved, &saved_len, NULL));

  /* Another kiosk's key. */
  store = sewa_store_open (dir, other_key, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_MISMATCH);
  g_clear_error (&error);

  /* A key file others can read. */
  g_assert_cmpint (g_chmod (key_path, 0644), ==, 0);
  store = sewa_store_open (dir, NULL, TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_INVALID);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (key_path, 0600), ==, 0);

  /* A truncated key file. */
  g_assert_true (g_file_set_contents_full (key_path, saved, 20, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                           NULL));
  store = sewa_store_open (dir, NULL, TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_KEY_INVALID);
  g_clear_error (&error);

  /* Restored: works again. */
  g_assert_true (g_file_set_contents_full (key_path, saved, (gssize) saved_len,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
  g_assert_finalize_object (test_open (dir));
  test_rm_rf (dir);
  test_rm_rf (other);
}

static void
test_enqueue_roundtrip (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  SewaNewApplication app = test_application ();
  g_autofree guint8 *b0 = test_page_bytes (1, 5000);
  g_autofree guint8 *b1 = test_page_bytes (2, 7000);
  SewaNewPage pages[] = {
    { "proof_of_residence", "RESID", "image/jpeg", b0, 5000 },
    { "caste_proof", NULL, "image/png", b1, 7000 },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *ref2 = NULL;
  g_autoptr (SewaApplication) got = NULL;
  g_autoptr (SewaApplication) by_ref = NULL;
  g_autoptr (SewaApplication) no_pii = NULL;
  SewaReferenceParts parts, parts2;
  SewaQueueCounts counts;

  g_assert_true (sewa_store_enqueue (store, &app, pages, 2, &id, &ref, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (id), ==, 36);
  g_assert_cmpint (id[14], ==, '4');
  g_assert_true (sewa_reference_parse (ref, &parts));
  g_assert_cmpstr (parts.centre, ==, "LDH01");
  g_assert_cmpuint (parts.seq, ==, 1);

  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id2, &ref2, &error));
  g_assert_true (sewa_reference_parse (ref2, &parts2));
  g_assert_cmpuint (parts2.seq, ==, 2);
  g_assert_cmpstr (id, !=, id2);

  got = sewa_store_get (store, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->reference, ==, ref);
  g_assert_cmpint (got->state, ==, SEWA_APP_QUEUED);
  g_assert_cmpint (got->fee_state, ==, SEWA_FEE_PAID);
  g_assert_cmpint (got->fee_amount_paise, ==, 4500);
  g_assert_cmpstr (got->fee_payment_ref, ==, "UPI-1234");
  g_assert_cmpstr (got->citizen_ref, ==, TEST_MOBILE);
  g_assert_nonnull (strstr (got->form_json, TEST_NAME));
  g_assert_cmpuint (got->n_pages, ==, 2);
  g_assert_cmpuint (got->pages->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      SewaAppPage *p = g_ptr_array_index (got->pages, i);
      g_autoptr (GBytes) bytes = sewa_store_read_page (store, p->sha256, &error);

      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), pages[i].data,
                       pages[i].len);
      g_assert_cmpstr (p->document_id, ==, pages[i].document_id);
      g_assert_cmpstr (p->mime_type, ==, pages[i].mime_type);
    }

  by_ref = sewa_store_get (store, ref, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_ref->id, ==, id);
  g_assert_false (by_ref->has_pii);
  g_assert_null (by_ref->form_json);

  no_pii = sewa_store_get (store, "no-such-id", FALSE, &error);
  g_assert_null (no_pii);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sewa_store_get_counts (store, &counts, &error));
  g_assert_cmpuint (counts.pending, ==, 2);
  g_assert_cmpint (counts.oldest_pending_created_at, >, 0);

  /* Bad input is refused, and nothing is half-stored. */
  app.form_json = "[1, 2]";
  g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, NULL, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  app.form_json = ""; /* parses, with no root at all (found by fuzz-store-form) */
  g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, NULL, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (sewa_store_get_counts (store, &counts, &error));
  g_assert_cmpuint (counts.pending, ==, 2);

  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_references_per_day (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStoreOptions opts = { .state_dir = dir, .create_key = TRUE, .centre_code = "ASR2",
                            .kiosk_number = 7 };
  g_autoptr (GError) error = NULL;
  SewaStore *store = sewa_store_open_full (&opts, &error);
  SewaNewApplication app = test_application ();
  g_autoptr (GDateTime) day1 = g_date_time_new_local (2026, 3, 14, 10, 0, 0);
  g_autoptr (GDateTime) day2 = g_date_time_new_local (2026, 3, 15, 9, 0, 0);
  SewaQueueCounts counts;
  guint expect_seq[] = { 1, 2, 1, 3 };
  gint64 at[] = { g_date_time_to_unix (day1), g_date_time_to_unix (day1),
                  g_date_time_to_unix (day2), g_date_time_to_unix (day1) };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    {
      g_autofree char *ref = NULL;
      SewaReferenceParts parts;

      app.created_at = at[i];
      g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, NULL, &ref, &error));
      g_assert_true (sewa_reference_parse (ref, &parts));
      g_assert_cmpstr (parts.centre, ==, "ASR2");
      g_assert_cmpuint (parts.kiosk, ==, 7);
      g_assert_cmpuint (parts.seq, ==, expect_seq[i]);
      g_assert_cmpuint (parts.day, ==, i == 2 ? 15 : 14);
    }

  /* The 10 000th reference of a day is refused, and the refused enqueue leaves nothing. */
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "UPDATE reference_counters SET last_seq = 9999 WHERE day = '260314'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  app.created_at = at[0];
  g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, NULL, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_REFERENCES_EXHAUSTED);
  g_clear_error (&error);
  g_assert_true (sewa_store_get_counts (store, &counts, &error));
  g_assert_cmpuint (counts.pending, ==, 4);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static char *
enqueue_simple (SewaStore *store, guint n_pages, guint seed)
{
  SewaNewApplication app = test_application ();
  g_autoptr (GPtrArray) bufs = g_ptr_array_new_with_free_func (g_free);
  g_autofree SewaNewPage *pages = g_new0 (SewaNewPage, n_pages + 1);
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  for (guint i = 0; i < n_pages; i++)
    {
      guint8 *b = test_page_bytes (seed * 100 + i, 3000 + i);

      g_ptr_array_add (bufs, b);
      pages[i] = (SewaNewPage) { "doc", "X", "image/jpeg", b, 3000 + i };
    }
  g_assert_true (sewa_store_enqueue (store, &app, pages, n_pages, &id, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static SewaAppState
state_of (SewaStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaApplication) app = sewa_store_get (store, id, FALSE, &error);

  g_assert_no_error (error);
  return app->state;
}

static void
test_state_machine (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_simple (store, 1, 1);
  g_autofree char *b = enqueue_simple (store, 0, 2);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaApplication) leased = NULL;
  g_autoptr (SewaApplication) again = NULL;
  g_autoptr (SewaApplication) none = NULL;
  g_autoptr (SewaApplication) got = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC + 10;

  /* Oldest first; the lease hides it until it expires. */
  g_assert_true (sewa_store_lease_next (store, now, 60, &leased, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (leased->id, ==, a);
  g_assert_cmpint (leased->state, ==, SEWA_APP_UPLOADING);
  g_assert_cmpuint (leased->attempt_count, ==, 1);
  g_assert_true (leased->has_pii);
  g_assert_nonnull (((SewaAppPage *) g_ptr_array_index (leased->pages, 0))->sha256);
  g_clear_pointer (&leased, sewa_application_free);

  g_assert_true (sewa_store_lease_next (store, now, 60, &leased, &error));
  g_assert_cmpstr (leased->id, ==, b);
  g_clear_pointer (&leased, sewa_application_free);
  g_assert_true (sewa_store_lease_next (store, now + 30, 60, &none, &error));
  g_assert_null (none);

  /* A crashed engine: the lease expires and the application is due again. */
  g_assert_true (sewa_store_lease_next (store, now + 61, 60, &again, &error));
  g_assert_cmpstr (again->id, ==, a);
  g_assert_cmpuint (again->attempt_count, ==, 2);

  /* Not yet submitted: cannot be acknowledged. */
  g_assert_false (sewa_store_mark_acknowledged (store, a, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* Retry with back-off. */
  g_assert_true (sewa_store_mark_retry (store, a, now + 500, "connection refused", &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (store, a), ==, SEWA_APP_QUEUED);
  g_assert_true (sewa_store_lease_next (store, now + 499, 60, &none, &error));
  /* b's lease expired long ago: it is the one due; park it for later. */
  g_assert_nonnull (none);
  g_assert_cmpstr (none->id, ==, b);
  g_assert_true (sewa_store_mark_retry (store, b, now + 5000, "timeout", &error));
  g_clear_pointer (&none, sewa_application_free);
  g_clear_pointer (&again, sewa_application_free);
  g_assert_true (sewa_store_lease_next (store, now + 500, 60, &again, &error));
  g_assert_cmpstr (again->id, ==, a);

  /* Submitted with an ARN; repeating is harmless; a different ARN is refused. */
  g_assert_true (sewa_store_mark_submitted (store, a, "ARN-1", now + 600, &error));
  g_assert_true (sewa_store_mark_submitted (store, a, "ARN-1", now + 600, &error));
  g_assert_false (sewa_store_mark_submitted (store, a, "ARN-2", now + 600, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* Status polling leases a submitted application without changing its state. */
  g_clear_pointer (&again, sewa_application_free);
  g_assert_true (sewa_store_lease_next (store, now + 600, 60, &again, &error));
  g_assert_cmpstr (again->id, ==, a);
  g_assert_cmpint (again->state, ==, SEWA_APP_SUBMITTED);
  g_assert_true (sewa_store_mark_acknowledged (store, a, &error));
  g_assert_true (sewa_store_mark_acknowledged (store, a, &error));
  got = sewa_store_get (store, a, FALSE, &error);
  g_assert_cmpint (got->state, ==, SEWA_APP_ACKNOWLEDGED);
  g_assert_cmpstr (got->arn, ==, "ARN-1");
  g_assert_cmpint (got->acknowledged_at, >, 0);
  g_assert_null (got->last_error);

  /* Final means final: no transitions, and the database itself refuses edits. */
  g_assert_false (sewa_store_quarantine (store, a, "x", &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sewa_store_operator_retry (store, a, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "UPDATE applications SET state = 'queued' WHERE state = 'acknowledged'",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "UPDATE applications SET payload = x'00'", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store), "DELETE FROM applications",
                                 NULL, NULL, NULL), !=, SQLITE_OK);

  /* b: uploading -> quarantined -> operator retry -> queued, attempts reset. */
  g_assert_true (sewa_store_quarantine (store, b, "portal says conflict (409)", &error));
  g_assert_cmpint (state_of (store, b), ==, SEWA_APP_QUARANTINED);
  g_assert_true (sewa_store_lease_next (store, now + 10000, 60, &none, &error));
  g_assert_null (none);
  g_assert_true (sewa_store_operator_retry (store, b, &error));
  g_clear_pointer (&got, sewa_application_free);
  got = sewa_store_get (store, b, FALSE, &error);
  g_assert_cmpint (got->state, ==, SEWA_APP_QUEUED);
  g_assert_cmpuint (got->attempt_count, ==, 0);

  /* Lease released without an attempt. */
  g_clear_pointer (&leased, sewa_application_free);
  g_assert_true (sewa_store_lease_next (store, now + 10000, 60, &leased, &error));
  g_assert_cmpstr (leased->id, ==, b);
  g_assert_true (sewa_store_release_lease (store, b, &error));
  g_clear_pointer (&got, sewa_application_free);
  got = sewa_store_get (store, b, FALSE, &error);
  g_assert_cmpint (got->state, ==, SEWA_APP_QUEUED);
  g_assert_cmpuint (got->attempt_count, ==, 0);
  g_assert_cmpint (got->lease_until, ==, 0);

  /* Rejected by the portal: final, reason kept; a correction links to it. */
  g_clear_pointer (&leased, sewa_application_free);
  g_assert_true (sewa_store_lease_next (store, now + 10000, 60, &leased, &error));
  g_assert_true (sewa_store_mark_rejected (store, b, "income certificate older than 1 year",
                                           &error));
  g_clear_pointer (&got, sewa_application_free);
  got = sewa_store_get (store, b, FALSE, &error);
  g_assert_cmpint (got->state, ==, SEWA_APP_REJECTED);
  g_assert_cmpstr (got->last_error, ==, "income certificate older than 1 year");
  {
    SewaNewApplication fix = test_application ();
    g_autofree char *fixed = NULL;
    g_autoptr (SewaApplication) f = NULL;

    fix.corrects = b;
    g_assert_true (sewa_store_enqueue (store, &fix, NULL, 0, &fixed, NULL, &error));
    f = sewa_store_get (store, fixed, FALSE, &error);
    g_assert_cmpstr (f->corrects, ==, b);
    fix.corrects = "does-not-exist";
    g_assert_false (sewa_store_enqueue (store, &fix, NULL, 0, NULL, NULL, &error));
    g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  g_assert_no_error (error);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_aadhaar_masked (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  SewaNewApplication app = test_application ();
  const char *const marked[] = { "aadhaar", "guardian_aadhaar", "vid", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr (SewaApplication) got = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *obj;

  app.form_json = "{\"aadhaar\":\"2345 6789 0123\",\"vid\":9123456789012345,"
                  "\"other\":\"234567890123\",\"family\":[{\"guardian_aadhaar\":\"345678901234\"}],"
                  "\"ok\":{\"aadhaar\":\"0123\"}}";
  app.aadhaar_fields = marked;
  g_test_expect_message ("sewa-store", G_LOG_LEVEL_WARNING, "*aadhaar*");
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_test_assert_expected_messages ();
  got = sewa_store_get (store, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (got->form_json, "2345 6789 0123"));
  g_assert_null (strstr (got->form_json, "9123456789012345"));
  g_assert_null (strstr (got->form_json, "345678901234"));
  root = json_from_string (got->form_json, &error);
  obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (obj, "aadhaar"), ==, "0123");
  g_assert_cmpstr (json_object_get_string_member (obj, "vid"), ==, "2345");
  /* Fields not marked aadhaar are the form engine's business. */
  g_assert_cmpstr (json_object_get_string_member (obj, "other"), ==, "234567890123");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (obj, "family"), 0),
                     "guardian_aadhaar"), ==, "1234");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "ok"),
                                                  "aadhaar"), ==, "0123");
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static gint64
count_rows (SewaStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (sewa_store_get_sqlite (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
acknowledge (SewaStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaApplication) leased = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* Lease until we get this one (others are put back). */
  for (;;)
    {
      g_clear_pointer (&leased, sewa_application_free);
      g_assert_true (sewa_store_lease_next (store, now + 1, 60, &leased, &error));
      g_assert_nonnull (leased);
      if (g_str_equal (leased->id, id))
        break;
      g_assert_true (sewa_store_mark_retry (store, leased->id, now + 100000, "later", &error));
    }
  g_assert_true (sewa_store_mark_submitted (store, id, "ARN", now, &error));
  g_assert_true (sewa_store_mark_acknowledged (store, id, &error));
  g_assert_no_error (error);
}

static void
test_dedup_and_retention (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  SewaNewApplication app = test_application ();
  g_autofree guint8 *shared = test_page_bytes (77, 4000);
  g_autofree guint8 *own = test_page_bytes (78, 4000);
  SewaNewPage p1[] = { { "d", NULL, "image/jpeg", shared, 4000 },
                       { "d", NULL, "image/jpeg", own, 4000 } };
  SewaNewPage p2[] = { { "d", NULL, "image/jpeg", shared, 4000 } };
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *own_sha = NULL;
  g_autofree char *shared_sha = NULL;
  g_autoptr (SewaApplication) got = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n = 0;

  g_assert_true (sewa_store_enqueue (store, &app, p1, 2, &a, NULL, &error));
  g_assert_true (sewa_store_enqueue (store, &app, p2, 1, &b, NULL, &error));
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM pages"), ==, 2);
  got = sewa_store_get (store, a, TRUE, &error);
  shared_sha = g_strdup (((SewaAppPage *) g_ptr_array_index (got->pages, 0))->sha256);
  own_sha = g_strdup (((SewaAppPage *) g_ptr_array_index (got->pages, 1))->sha256);
  g_clear_pointer (&got, sewa_application_free);

  acknowledge (store, a);
  /* Not old enough yet. */
  g_assert_true (sewa_store_purge_documents (store, now + 86400, 30, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  /* 31 days later: a's pages go, except the one b (not acknowledged) still needs. */
  g_assert_true (sewa_store_purge_documents (store, now + 31 * 86400, 30, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM pages"), ==, 1);
  bytes = sewa_store_read_page (store, own_sha, &error);
  g_assert_null (bytes);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  bytes = sewa_store_read_page (store, shared_sha, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 4000);

  /* The receipt-level record stays. */
  got = sewa_store_get (store, a, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->state, ==, SEWA_APP_ACKNOWLEDGED);
  g_assert_cmpint (got->pages_purged_at, >, 0);
  g_assert_true (((SewaAppPage *) g_ptr_array_index (got->pages, 0))->purged);
  g_assert_nonnull (strstr (got->form_json, TEST_NAME));
  test_assert_healthy (store);

  /* Once b is acknowledged and old, the shared page goes too. */
  acknowledge (store, b);
  g_assert_true (sewa_store_purge_documents (store, now + 62 * 86400, 30, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM pages"), ==, 0);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_page_upload_offsets (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_simple (store, 2, 5);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaApplication) got = NULL;
  SewaAppPage *p;

  g_assert_true (sewa_store_set_page_upload (store, a, 1, "up-77", 2048, &error));
  g_assert_no_error (error);
  got = sewa_store_get (store, a, FALSE, &error);
  p = g_ptr_array_index (got->pages, 1);
  g_assert_cmpstr (p->upload_id, ==, "up-77");
  g_assert_cmpint (p->confirmed_offset, ==, 2048);
  g_assert_false (sewa_store_set_page_upload (store, a, 5, "x", 0, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sewa_store_set_page_upload (store, a, 1, "x", 1000000, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_catalog_settings_audit (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cat = g_bytes_new_static ("{\"schema\":1}", 12);
  g_autoptr (GBytes) cat2 = g_bytes_new_static ("{\"schema\":1,\"version\":\"2\"}", 26);
  g_autoptr (GBytes) got = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *value = NULL;
  char *missing;

  g_assert_true (sewa_store_catalog_get (store, &etag, &got, &error));
  g_assert_null (got);
  g_assert_true (sewa_store_catalog_put (store, "\"abc\"", cat, &error));
  g_assert_true (sewa_store_catalog_put (store, "\"def\"", cat2, &error));
  g_assert_true (sewa_store_catalog_get (store, &etag, &got, &error));
  g_assert_cmpstr (etag, ==, "\"def\"");
  g_assert_true (g_bytes_equal (got, cat2));

  missing = sewa_store_setting_get (store, "portal.device_id", &error);
  g_assert_null (missing);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sewa_store_setting_put (store, "portal.device_id", "dev-1", &error));
  g_assert_true (sewa_store_setting_put (store, "portal.device_id", "dev-2", &error));
  value = sewa_store_setting_get (store, "portal.device_id", &error);
  g_assert_cmpstr (value, ==, "dev-2");

  g_assert_true (sewa_store_audit (store, "operator_login", "operator=3", &error));
  audit = sewa_store_audit_list (store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >=, 1);
  g_assert_cmpstr (((SewaAuditEntry *) g_ptr_array_index (audit, audit->len - 1))->event, ==,
                   "operator_login");
  /* Append-only. */
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store), "DELETE FROM audit_log", NULL,
                                 NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store), "UPDATE audit_log SET detail = ''",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_migration_from_v1 (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStoreOptions opts = { .state_dir = dir, .create_key = TRUE, .max_schema_version = 1 };
  g_autoptr (GError) error = NULL;
  SewaStore *store = sewa_store_open_full (&opts, &error);
  g_autofree char *a = NULL;
  g_autoptr (SewaApplication) got = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (sewa_store_get_schema_version (store), ==, 1);
  a = enqueue_simple (store, 2, 9);
  g_assert_finalize_object (store);

  store = test_open (dir);
  g_assert_cmpuint (sewa_store_get_schema_version (store), ==, SEWA_STORE_SCHEMA_VERSION);
  got = sewa_store_get (store, a, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->pages->len, ==, 2);
  g_assert_true (sewa_store_set_page_upload (store, a, 0, "u", 10, &error));
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_full_disk_max_pages (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_simple (store, 2, 11);
  SewaNewApplication app = test_application ();
  gsize big = 300 * 1024;
  g_autofree guint8 *b0 = test_page_bytes (12, big);
  SewaNewPage pages[] = { { "d", NULL, "image/jpeg", b0, big } };
  g_autoptr (GError) error = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *id = NULL;
  g_autoptr (SewaApplication) got = NULL;
  gint64 page_count = count_rows (store, "PRAGMA page_count");

  /* The database may grow by 10 pages: a 300 KB page does not fit. */
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, page_count + 10);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store), limit, NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_false (sewa_store_enqueue (store, &app, pages, 1, &id, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_null (id);
  g_clear_error (&error);

  got = sewa_store_get (store, a, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->pages->len, ==, 2);
  test_assert_healthy (store);

  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_true (sewa_store_enqueue (store, &app, pages, 1, &id, NULL, &error));
  g_assert_no_error (error);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_corrupt_database (void)
{
  g_autofree char *dir = test_state_dir ();
  g_autofree char *db = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_simple (store, 3, 13);

  db = g_strdup (sewa_store_get_db_path (store));
  g_assert_finalize_object (store);

  /* Not a database at all. */
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (db, &contents, &len, NULL));
    memset (contents, 'x', 100);
    g_assert_true (g_file_set_contents (db, contents, (gssize) len, NULL));
  }
  store = sewa_store_open (dir, NULL, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, db));
  g_clear_error (&error);
  problems = sewa_store_check_file (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);
  test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/key/created-once", test_key_created_once);
  g_test_add_func ("/store/key/mismatch-and-invalid", test_key_mismatch_and_invalid);
  g_test_add_func ("/store/enqueue/roundtrip", test_enqueue_roundtrip);
  g_test_add_func ("/store/enqueue/references-per-day", test_references_per_day);
  g_test_add_func ("/store/enqueue/aadhaar-masked", test_aadhaar_masked);
  g_test_add_func ("/store/outbox/state-machine", test_state_machine);
  g_test_add_func ("/store/outbox/upload-offsets", test_page_upload_offsets);
  g_test_add_func ("/store/retention/dedup-and-purge", test_dedup_and_retention);
  g_test_add_func ("/store/catalog-settings-audit", test_catalog_settings_audit);
  g_test_add_func ("/store/migration/from-v1", test_migration_from_v1);
  g_test_add_func ("/store/faults/full-disk-max-pages", test_full_disk_max_pages);
  g_test_add_func ("/store/faults/corrupt-database", test_corrupt_database);
  return g_test_run ();
}
