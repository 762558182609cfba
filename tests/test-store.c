/* test-store.c — the outbox store: keys, enqueue, references, state machine, Aadhaar masking,
 * retention, resumable-upload offsets, catalog/settings/audit, migrations, a full disk and a
 * corrupted database; group commit (batches), batch leases, due times and leased lists. Crash
 * safety is in test-store-powerloss.c and test-store-kill9.c. */
#include "sewa-store.h"
#include "sewa-store-private.h"
#include "sewa-sync.h"
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
  g_autoptr (SewaAppRecord) got = NULL;
  g_autoptr (SewaAppRecord) by_ref = NULL;
  g_autoptr (SewaAppRecord) no_pii = NULL;
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
  g_autoptr (SewaAppRecord) app = sewa_store_get (store, id, FALSE, &error);

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
  g_autoptr (SewaAppRecord) leased = NULL;
  g_autoptr (SewaAppRecord) again = NULL;
  g_autoptr (SewaAppRecord) none = NULL;
  g_autoptr (SewaAppRecord) got = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC + 10;

  /* Oldest first; the lease hides it until it expires. */
  g_assert_true (sewa_store_lease_next (store, now, 60, &leased, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (leased->id, ==, a);
  g_assert_cmpint (leased->state, ==, SEWA_APP_UPLOADING);
  g_assert_cmpuint (leased->attempt_count, ==, 1);
  g_assert_true (leased->has_pii);
  g_assert_nonnull (((SewaAppPage *) g_ptr_array_index (leased->pages, 0))->sha256);
  g_clear_pointer (&leased, sewa_app_record_free);

  g_assert_true (sewa_store_lease_next (store, now, 60, &leased, &error));
  g_assert_cmpstr (leased->id, ==, b);
  g_clear_pointer (&leased, sewa_app_record_free);
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
  g_clear_pointer (&none, sewa_app_record_free);
  g_clear_pointer (&again, sewa_app_record_free);
  g_assert_true (sewa_store_lease_next (store, now + 500, 60, &again, &error));
  g_assert_cmpstr (again->id, ==, a);

  /* Submitted with an ARN; repeating is harmless; a different ARN is refused. */
  g_assert_true (sewa_store_mark_submitted (store, a, "ARN-1", now + 600, &error));
  g_assert_true (sewa_store_mark_submitted (store, a, "ARN-1", now + 600, &error));
  g_assert_false (sewa_store_mark_submitted (store, a, "ARN-2", now + 600, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* Status polling leases a submitted application without changing its state. */
  g_clear_pointer (&again, sewa_app_record_free);
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
  g_clear_pointer (&got, sewa_app_record_free);
  got = sewa_store_get (store, b, FALSE, &error);
  g_assert_cmpint (got->state, ==, SEWA_APP_QUEUED);
  g_assert_cmpuint (got->attempt_count, ==, 0);

  /* Lease released without an attempt. */
  g_clear_pointer (&leased, sewa_app_record_free);
  g_assert_true (sewa_store_lease_next (store, now + 10000, 60, &leased, &error));
  g_assert_cmpstr (leased->id, ==, b);
  g_assert_true (sewa_store_release_lease (store, b, &error));
  g_clear_pointer (&got, sewa_app_record_free);
  got = sewa_store_get (store, b, FALSE, &error);
  g_assert_cmpint (got->state, ==, SEWA_APP_QUEUED);
  g_assert_cmpuint (got->attempt_count, ==, 0);
  g_assert_cmpint (got->lease_until, ==, 0);

  /* Rejected by the portal: final, reason kept. */
  g_clear_pointer (&leased, sewa_app_record_free);
  g_assert_true (sewa_store_lease_next (store, now + 10000, 60, &leased, &error));
  g_assert_true (sewa_store_mark_rejected (store, b, "income certificate older than 1 year",
                                           &error));
  g_clear_pointer (&got, sewa_app_record_free);
  got = sewa_store_get (store, b, FALSE, &error);
  g_assert_cmpint (got->state, ==, SEWA_APP_REJECTED);
  g_assert_cmpstr (got->last_error, ==, "income certificate older than 1 year");
  {
    SewaNewApplication fix = test_application ();
    g_autofree char *fixed = NULL;
    g_autoptr (SewaAppRecord) f = NULL;

    /* A correction links to an application the portal holds (it gave a an ARN); b was
     * refused at its PUT and never got one, and the portal would not know it: refused here,
     * before a reference is spent (the next one issued follows on without a gap). */
    fix.corrects = a;
    g_assert_true (sewa_store_enqueue (store, &fix, NULL, 0, &fixed, NULL, &error));
    f = sewa_store_get (store, fixed, FALSE, &error);
    g_assert_cmpstr (f->corrects, ==, a);
    fix.corrects = b;
    g_assert_false (sewa_store_enqueue (store, &fix, NULL, 0, NULL, NULL, &error));
    g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_SENT);
    g_clear_error (&error);
    /* Nor one still queued (the correction just made has not been sent). */
    fix.corrects = fixed;
    g_assert_false (sewa_store_enqueue (store, &fix, NULL, 0, NULL, NULL, &error));
    g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_SENT);
    g_clear_error (&error);
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
  g_autoptr (SewaAppRecord) got = NULL;
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

/* How the citizen was identified goes into the sealed record and, with the verified-mobile
 * token, into the PUT body (docs/portal-api.md §6); a token never travels without "otp". */
static void
test_identity_recorded (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  SewaNewApplication app = test_application ();
  static const char token[] = "abcdefghijABCDEFGHIJ0123456789_-abcdefghijk";
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id_none = NULL;
  g_autoptr (SewaAppRecord) got = NULL;
  g_autoptr (SewaAppRecord) got_none = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) body_none = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) root_none = NULL;
  JsonObject *obj;

  /* OTP without its token, a token without OTP, and a malformed token are refused. */
  app.identity_method = SEWA_IDENTITY_METHOD_OTP;
  g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  app.identity_method = SEWA_IDENTITY_METHOD_AADHAAR_QR_VERIFIED;
  app.citizen_token = token;
  g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  app.identity_method = SEWA_IDENTITY_METHOD_OTP;
  app.citizen_token = "short\"token";
  g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  app.citizen_token = token;
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_assert_no_error (error);
  got = sewa_store_get (store, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->identity_method, ==, "otp");
  g_assert_cmpstr (got->citizen_token, ==, token);
  body = sewa_sync_application_body (got, &error);
  g_assert_no_error (error);
  root = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "identity"), "method"), ==, "otp");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "citizen"),
                                                  "verified_mobile_token"), ==, token);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "citizen"),
                                                  "mobile_last4"), ==, TEST_MOBILE + 6);

  /* Vault documents go by reference, only with the token and the citizen's consent. */
  {
    static const SewaNewVaultRef refs[] = { { "proof_age", "BIRTH", "vd_0123456789abcdef" } };
    g_autofree char *id_vault = NULL;
    g_autoptr (SewaAppRecord) got_vault = NULL;
    g_autoptr (GBytes) body_vault = NULL;
    g_autoptr (JsonNode) root_vault = NULL;
    JsonArray *docs;

    app.vault_refs = refs;
    app.n_vault_refs = 1;
    g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, &id_vault, NULL, &error));
    g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    app.vault_consent = "given";
    g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id_vault, NULL, &error));
    g_assert_no_error (error);
    got_vault = sewa_store_get (store, id_vault, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (got_vault->vault_refs->len, ==, 1);
    body_vault = sewa_sync_application_body (got_vault, &error);
    g_assert_no_error (error);
    root_vault = json_from_string (g_bytes_get_data (body_vault, NULL), &error);
    obj = json_node_get_object (root_vault);
    docs = json_object_get_array_member (obj, "documents");
    g_assert_cmpuint (json_array_get_length (docs), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (docs, 0), "vault_id"), ==,
                     "vd_0123456789abcdef");
    g_assert_false (json_object_has_member (json_array_get_object_element (docs, 0), "upload_id"));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "consent"), "vault_documents"),
                     ==, "given");
    app.vault_refs = NULL;
    app.n_vault_refs = 0;
    app.vault_consent = NULL;
  }

  app.identity_method = SEWA_IDENTITY_METHOD_NONE;
  app.citizen_token = NULL;
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id_none, NULL, &error));
  got_none = sewa_store_get (store, id_none, TRUE, &error);
  g_assert_no_error (error);
  body_none = sewa_sync_application_body (got_none, &error);
  g_assert_no_error (error);
  root_none = json_from_string (g_bytes_get_data (body_none, NULL), &error);
  obj = json_node_get_object (root_none);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "identity"), "method"), ==, "none");
  g_assert_false (json_object_has_member (json_object_get_object_member (obj, "citizen"), "verified_mobile_token"));
  g_assert_false (json_object_has_member (obj, "consent"));
  g_assert_false (json_object_has_member (obj, "prescrutiny"));

  /* The pre-scrutiny report is sealed with the application and sent as "prescrutiny"; a report
   * that is not a JSON object is refused at enqueue. */
  {
    g_autofree char *id_ps = NULL;
    g_autoptr (SewaAppRecord) got_ps = NULL;
    g_autoptr (GBytes) body_ps = NULL;
    g_autoptr (JsonNode) root_ps = NULL;
    JsonObject *ps;

    app.prescrutiny_json = "[1]";
    g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, &id_ps, NULL, &error));
    g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    app.prescrutiny_json = "{\"version\":1,\"all_passed\":true,\"checks_ran\":[\"completeness\"]}";
    g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id_ps, NULL, &error));
    g_assert_no_error (error);
    got_ps = sewa_store_get (store, id_ps, TRUE, &error);
    g_assert_no_error (error);
    body_ps = sewa_sync_application_body (got_ps, &error);
    g_assert_no_error (error);
    root_ps = json_from_string (g_bytes_get_data (body_ps, NULL), &error);
    ps = json_object_get_object_member (json_node_get_object (root_ps), "prescrutiny");
    g_assert_nonnull (ps);
    g_assert_cmpint (json_object_get_int_member (ps, "version"), ==, 1);
    g_assert_true (json_object_get_boolean_member (ps, "all_passed"));
    app.prescrutiny_json = NULL;
  }
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
  g_autoptr (SewaAppRecord) leased = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* Lease until we get this one (others are put back). */
  for (;;)
    {
      g_clear_pointer (&leased, sewa_app_record_free);
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
  g_autoptr (SewaAppRecord) got = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n = 0;

  g_assert_true (sewa_store_enqueue (store, &app, p1, 2, &a, NULL, &error));
  g_assert_true (sewa_store_enqueue (store, &app, p2, 1, &b, NULL, &error));
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM pages"), ==, 2);
  got = sewa_store_get (store, a, TRUE, &error);
  shared_sha = g_strdup (((SewaAppPage *) g_ptr_array_index (got->pages, 0))->sha256);
  own_sha = g_strdup (((SewaAppPage *) g_ptr_array_index (got->pages, 1))->sha256);
  g_clear_pointer (&got, sewa_app_record_free);

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
  g_autoptr (SewaAppRecord) got = NULL;
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

/* A factory reset deletes applications, pages, the catalog and the settings (the device
 * credentials) in one go, keeps the audit log and the reference counters (no reference is issued
 * twice), and leaves the guards against deleting applications in place afterwards. */
static void
test_factory_reset (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cat = g_bytes_new_static ("{\"schema\":1}", 12);
  g_autoptr (GBytes) got = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (GPtrArray) apps = NULL;
  g_autoptr (SewaAppRecord) first = NULL;
  g_autoptr (SewaAppRecord) after = NULL;
  g_autofree char *id1 = enqueue_simple (store, 2, 1);
  g_autofree char *id2 = enqueue_simple (store, 1, 2);
  g_autofree char *id3 = NULL;
  g_autofree char *etag = NULL;
  char *missing;
  SewaQueueCounts counts = { 0 };
  guint deleted = 0;

  first = sewa_store_get (store, id1, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (sewa_store_catalog_put (store, "\"abc\"", cat, &error));
  g_assert_true (sewa_store_setting_put (store, "portal.device_id", "dev-1", &error));
  g_assert_true (sewa_store_audit (store, "technician.on", "", &error));

  g_assert_true (sewa_store_factory_reset (store, &deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (deleted, ==, 2);
  g_assert_true (sewa_store_get_counts (store, &counts, &error));
  g_assert_cmpuint (counts.pending + counts.quarantined + counts.rejected + counts.acknowledged, ==, 0);
  apps = sewa_store_list (store, -1, FALSE, &error);
  g_assert_cmpuint (apps->len, ==, 0);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (sewa_store_get_sqlite (store),
                                         "SELECT (SELECT count(*) FROM pages) + (SELECT count(*) FROM application_pages)",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
  }
  missing = sewa_store_setting_get (store, "portal.device_id", &error);
  g_assert_null (missing);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sewa_store_catalog_get (store, &etag, &got, &error));
  g_assert_null (got);
  audit = sewa_store_audit_list (store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((SewaAuditEntry *) g_ptr_array_index (audit, audit->len - 1))->event, ==,
                   "technician.on");

  /* The store works as before, with a new reference and its guards back. */
  id3 = enqueue_simple (store, 1, 3);
  /* A second one: the mark records the row before the newest as committed. */
  g_free (enqueue_simple (store, 1, 4));
  after = sewa_store_get (store, id3, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->reference, !=, first->reference);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store), "DELETE FROM applications", NULL,
                                 NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store), "DELETE FROM application_pages", NULL,
                                 NULL, NULL), !=, SQLITE_OK);
  g_assert_finalize_object (store);

  /* Reset to empty and opened again: the reference mark does not take the deleted
   * applications for a lost write-ahead log. */
  store = test_open (dir);
  g_assert_true (sewa_store_factory_reset (store, &deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (deleted, ==, 2);
  g_assert_finalize_object (store);
  store = test_open (dir);
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
  g_autoptr (SewaAppRecord) got = NULL;

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

/* Audit entries written before the chain (schema 3) are chained, oldest first, when the store
 * is opened at schema 4; new entries continue the chain and carry who did them. */
static void
test_audit_chain_migration (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStoreOptions opts = { .state_dir = dir, .create_key = TRUE, .max_schema_version = 3 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *message = NULL;
  SewaStore *store = sewa_store_open_full (&opts, &error);
  SewaAuditTamper result = SEWA_AUDIT_EDITED;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_true (sewa_store_audit (store, "old.one", "a", &error));
  g_assert_true (sewa_store_audit (store, "old.two", "b", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  store = test_open (dir);
  g_assert_true (sewa_store_audit_as (store, "asha", "new.one", "c", &error));
  g_assert_no_error (error);
  g_assert_true (sewa_store_audit_verify (store, &result, &n, NULL, &message, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, SEWA_AUDIT_INTACT);
  g_assert_cmpuint (n, ==, 3);
  entries = sewa_store_audit_list (store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((SewaAuditEntry *) g_ptr_array_index (entries, 0))->event, ==, "old.one");
  g_assert_true (sewa_audit_hash_is_valid (((SewaAuditEntry *) g_ptr_array_index (entries, 0))->hash));
  g_assert_cmpstr (((SewaAuditEntry *) g_ptr_array_index (entries, 1))->prev_hash, ==,
                   ((SewaAuditEntry *) g_ptr_array_index (entries, 0))->hash);
  g_assert_cmpstr (((SewaAuditEntry *) g_ptr_array_index (entries, 2))->actor, ==, "asha");
  g_assert_cmpstr (((SewaAuditEntry *) g_ptr_array_index (entries, 2))->prev_hash, ==,
                   ((SewaAuditEntry *) g_ptr_array_index (entries, 1))->hash);
  /* Chained entries are as append-only as before. */
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "UPDATE audit_log SET hash = NULL WHERE id = 1", NULL, NULL,
                                 NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "INSERT INTO audit_log (at, event) VALUES (1, 'unchained')",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
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
  g_autoptr (SewaAppRecord) got = NULL;
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

/* --- group commit, batch leases, due times ---------------------------------------------------- */

/* A fixed local day, so provisional references (and their sequence numbers) are predictable. */
static gint64
batch_test_base (void)
{
  g_autoptr (GDateTime) t = g_date_time_new_local (2026, 3, 14, 10, 0, 0);

  return g_date_time_to_unix (t);
}

/* Enqueues a small application created (and so first due) at @created_at. */
static char *
enqueue_at (SewaStore *store, gint64 created_at, guint *out_seq)
{
  SewaNewApplication app = test_application ();
  g_autoptr (GError) error = NULL;
  g_autofree char *ref = NULL;
  char *id = NULL;
  SewaReferenceParts parts;

  app.created_at = created_at;
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id, &ref, &error));
  g_assert_no_error (error);
  g_assert_true (sewa_reference_parse (ref, &parts));
  if (out_seq != NULL)
    *out_seq = parts.seq;
  return id;
}

static SewaAppRecord *
get_app (SewaStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  SewaAppRecord *app = sewa_store_get (store, id, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (app);
  return app;
}

static SewaQueueCounts
counts_of (SewaStore *store)
{
  g_autoptr (GError) error = NULL;
  SewaQueueCounts counts;

  memset (&counts, 0xab, sizeof counts);
  g_assert_true (sewa_store_get_counts (store, &counts, &error));
  g_assert_no_error (error);
  return counts;
}

static void
assert_ids (GPtrArray *got, const char *const *want, guint n_want)
{
  g_assert_nonnull (got);
  g_assert_cmpuint (got->len, ==, n_want);
  for (guint i = 0; i < n_want; i++)
    g_assert_cmpstr (g_ptr_array_index (got, i), ==, want[i]);
}

static void
assert_leased_ids (GPtrArray *got, const char *const *want, guint n_want)
{
  g_assert_nonnull (got);
  g_assert_cmpuint (got->len, ==, n_want);
  for (guint i = 0; i < n_want; i++)
    g_assert_cmpstr (((SewaAppRecord *) g_ptr_array_index (got, i))->id, ==, want[i]);
}

static void
assert_due (SewaStore *store, gint64 now, guint want_unsent, gboolean want_poll_due,
            gint64 want_next_due)
{
  g_autoptr (GError) error = NULL;
  guint unsent = 12345;
  gboolean poll_due = 7;
  gint64 next_due = -1;

  g_assert_true (sewa_store_get_due (store, now, &unsent, &poll_due, &next_due, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unsent, ==, want_unsent);
  g_assert_cmpint (poll_due, ==, want_poll_due);
  g_assert_cmpint (next_due, ==, want_next_due);
}

static void
test_lease_batch (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) second = NULL;
  g_autoptr (GPtrArray) third = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GPtrArray) early = NULL;
  g_autoptr (GPtrArray) leased_ids = NULL;
  gint64 base = batch_test_base ();
  gint64 now = base + 1000;
  /* Enqueued out of due order: the lease order is by next_attempt_at (= created_at). */
  static const gint64 offsets[] = { 30, 10, 50, 20, 40 };
  char *ids[G_N_ELEMENTS (offsets)];
  const char *order[5];
  SewaQueueCounts counts;

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    ids[i] = enqueue_at (store, base + offsets[i], NULL);
  order[0] = ids[1]; /* +10 */
  order[1] = ids[3]; /* +20 */
  order[2] = ids[0]; /* +30 */
  order[3] = ids[4]; /* +40 */
  order[4] = ids[2]; /* +50 */

  /* max 0: an empty array, and nothing is leased although all five are due. */
  none = sewa_store_lease_batch (store, now, 60, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
  g_clear_pointer (&none, g_ptr_array_unref);
  counts = counts_of (store);
  g_assert_cmpuint (counts.unsent, ==, 5);
  leased_ids = sewa_store_list_leased (store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leased_ids->len, ==, 0);
  g_clear_pointer (&leased_ids, g_ptr_array_unref);

  /* Before any is due: empty. */
  early = sewa_store_lease_batch (store, base + 9, 60, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (early);
  g_assert_cmpuint (early->len, ==, 0);

  first = sewa_store_lease_batch (store, now, 60, 3, &error);
  g_assert_no_error (error);
  assert_leased_ids (first, order, 3);
  for (guint i = 0; i < first->len; i++)
    {
      SewaAppRecord *app = g_ptr_array_index (first, i);
      g_autoptr (SewaAppRecord) stored = get_app (store, app->id);

      g_assert_cmpint (app->state, ==, SEWA_APP_UPLOADING);
      g_assert_cmpint (app->lease_until, ==, now + 60);
      g_assert_cmpuint (app->attempt_count, ==, 1);
      g_assert_true (app->has_pii);
      g_assert_nonnull (strstr (app->form_json, TEST_NAME));
      /* What was handed out is what is stored. */
      g_assert_cmpint (stored->state, ==, SEWA_APP_UPLOADING);
      g_assert_cmpint (stored->lease_until, ==, now + 60);
      g_assert_cmpuint (stored->attempt_count, ==, 1);
    }
  /* The two not leased are untouched. */
  for (guint i = 3; i < 5; i++)
    {
      g_autoptr (SewaAppRecord) stored = get_app (store, order[i]);

      g_assert_cmpint (stored->state, ==, SEWA_APP_QUEUED);
      g_assert_cmpint (stored->lease_until, ==, 0);
      g_assert_cmpuint (stored->attempt_count, ==, 0);
    }

  /* The rest, in order, with a different lease length. */
  second = sewa_store_lease_batch (store, now + 5, 120, 10, &error);
  g_assert_no_error (error);
  assert_leased_ids (second, order + 3, 2);
  for (guint i = 0; i < second->len; i++)
    {
      SewaAppRecord *app = g_ptr_array_index (second, i);

      g_assert_cmpint (app->state, ==, SEWA_APP_UPLOADING);
      g_assert_cmpint (app->lease_until, ==, now + 5 + 120);
      g_assert_cmpuint (app->attempt_count, ==, 1);
    }

  /* Nothing left while the leases are live: an empty array, not NULL, not an error. */
  third = sewa_store_lease_batch (store, now + 59, 60, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (third);
  g_assert_cmpuint (third->len, ==, 0);
  g_clear_pointer (&third, g_ptr_array_unref);

  /* The first three leases expire at now + 60; the other two still hold. */
  third = sewa_store_lease_batch (store, now + 60, 60, 10, &error);
  g_assert_no_error (error);
  assert_leased_ids (third, order, 3);
  for (guint i = 0; i < third->len; i++)
    g_assert_cmpuint (((SewaAppRecord *) g_ptr_array_index (third, i))->attempt_count, ==, 2);

  counts = counts_of (store);
  g_assert_cmpuint (counts.pending, ==, 5);
  g_assert_cmpuint (counts.unsent, ==, 5);
  test_assert_healthy (store);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_batch_savepoints (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) leased = NULL;
  g_autoptr (SewaAppRecord) got = NULL;
  g_autofree char *rolled_back_id = NULL;
  g_autofree char *after_id = NULL;
  gint64 base = batch_test_base ();
  gint64 now = base + 1000;
  guint seq_a, seq_b, seq_c, seq;
  g_autofree char *a = enqueue_at (store, base + 1, &seq_a);
  g_autofree char *b = enqueue_at (store, base + 2, &seq_b);
  g_autofree char *c = enqueue_at (store, base + 3, &seq_c);
  gint64 pages_before, audit_before;
  SewaQueueCounts counts;

  g_assert_cmpuint (seq_a, ==, 1);
  g_assert_cmpuint (seq_c, ==, 3);
  leased = sewa_store_lease_batch (store, now, 60, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leased->len, ==, 3);
  pages_before = count_rows (store, "SELECT count (*) FROM pages");
  audit_before = count_rows (store, "SELECT count (*) FROM audit_log");

  g_assert_true (sewa_store_batch_begin (store, &error));
  g_assert_no_error (error);
  /* A batch is not nested. */
  g_assert_false (sewa_store_batch_begin (store, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);

  g_assert_true (sewa_store_mark_submitted (store, a, "ARN-A", now + 600, &error));
  g_assert_no_error (error);
  /* A different ARN fails, and only that call is undone. */
  g_assert_false (sewa_store_mark_submitted (store, a, "ARN-OTHER", now + 700, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  got = get_app (store, a);
  g_assert_cmpint (got->state, ==, SEWA_APP_SUBMITTED);
  g_assert_cmpstr (got->arn, ==, "ARN-A");
  g_assert_cmpint (got->next_attempt_at, ==, now + 600);
  g_clear_pointer (&got, sewa_app_record_free);

  /* A call that fails after it has written: the audit line is the last thing an enqueue
   * writes (after its reference, application row and page), and a connection-local trigger
   * refuses it. Its savepoint takes all of it back, reference counter included, and leaves the
   * batch's earlier changes alone; it failed before its reference mark was written, so its
   * number was never handed out and the next application gets it. */
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "CREATE TEMP TRIGGER test_refuse_enqueue BEFORE INSERT ON "
                                 "main.audit_log WHEN NEW.event = 'enqueued' "
                                 "BEGIN SELECT RAISE (ABORT, 'test: refused'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  {
    SewaNewApplication app = test_application ();
    g_autofree guint8 *bytes = test_page_bytes (21, 6000);
    SewaNewPage pages[] = { { "d", NULL, "image/jpeg", bytes, 6000 } };
    g_autofree char *id = NULL;

    app.created_at = base + 4;
    g_assert_false (sewa_store_enqueue (store, &app, pages, 1, &id, NULL, &error));
    g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
    g_assert_nonnull (strstr (error->message, "test: refused"));
    g_assert_null (id);
    g_clear_error (&error);
  }
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "DROP TRIGGER temp.test_refuse_enqueue", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM applications"), ==, 3);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM pages"), ==, pages_before);
  g_assert_cmpint (count_rows (store, "SELECT last_seq FROM reference_counters"), ==, 3);
  /* Still inside the batch's transaction, with a's change in it. */
  g_assert_cmpint (sqlite3_get_autocommit (sewa_store_get_sqlite (store)), ==, 0);
  got = get_app (store, a);
  g_assert_cmpint (got->state, ==, SEWA_APP_SUBMITTED);
  g_clear_pointer (&got, sewa_app_record_free);
  counts = counts_of (store);
  g_assert_cmpuint (counts.pending, ==, 3);
  g_assert_cmpuint (counts.unsent, ==, 2);

  /* The batch goes on after the failures. */
  g_assert_true (sewa_store_mark_retry (store, b, now + 300, "timeout", &error));
  g_assert_no_error (error);
  g_assert_true (sewa_store_batch_commit (store, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_get_autocommit (sewa_store_get_sqlite (store)), !=, 0);

  /* Committed: a submitted, b queued, c untouched; no trace of the failed enqueue. */
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM applications"), ==, 3);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM pages"), ==, pages_before);
  /* Two state changes: a uploading -> submitted, b uploading -> queued. */
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM audit_log"), ==, audit_before + 2);
  test_assert_healthy (store);
  g_assert_finalize_object (store);

  store = test_open (dir);
  got = get_app (store, a);
  g_assert_cmpint (got->state, ==, SEWA_APP_SUBMITTED);
  g_assert_cmpstr (got->arn, ==, "ARN-A");
  g_assert_cmpint (got->next_attempt_at, ==, now + 600);
  g_assert_cmpint (got->lease_until, ==, 0);
  g_clear_pointer (&got, sewa_app_record_free);
  got = get_app (store, b);
  g_assert_cmpint (got->state, ==, SEWA_APP_QUEUED);
  g_assert_cmpstr (got->last_error, ==, "timeout");
  g_assert_cmpint (got->next_attempt_at, ==, now + 300);
  g_clear_pointer (&got, sewa_app_record_free);
  got = get_app (store, c);
  g_assert_cmpint (got->state, ==, SEWA_APP_UPLOADING);
  g_assert_cmpint (got->lease_until, ==, now + 60);
  g_assert_null (got->arn);
  g_clear_pointer (&got, sewa_app_record_free);

  /* Rolled back: every change of the batch goes, the reference it took included. */
  audit_before = count_rows (store, "SELECT count (*) FROM audit_log");
  g_assert_true (sewa_store_batch_begin (store, &error));
  g_assert_true (sewa_store_mark_submitted (store, c, "ARN-C", now + 600, &error));
  rolled_back_id = enqueue_at (store, base + 5, &seq);
  g_assert_cmpuint (seq, ==, 4); /* the failed enqueue above did not use up number 4 */
  got = get_app (store, c);
  g_assert_cmpint (got->state, ==, SEWA_APP_SUBMITTED);
  g_clear_pointer (&got, sewa_app_record_free);
  sewa_store_batch_rollback (store);
  g_assert_cmpint (sqlite3_get_autocommit (sewa_store_get_sqlite (store)), !=, 0);

  got = get_app (store, c);
  g_assert_cmpint (got->state, ==, SEWA_APP_UPLOADING);
  g_assert_cmpint (got->lease_until, ==, now + 60);
  g_assert_null (got->arn);
  g_clear_pointer (&got, sewa_app_record_free);
  got = sewa_store_get (store, rolled_back_id, FALSE, &error);
  g_assert_null (got);
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM applications"), ==, 3);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM audit_log"), ==, audit_before);
  after_id = enqueue_at (store, base + 6, &seq);
  /* The rolled-back batch's enqueue returned number 4 (its mark was written): it is skipped,
   * never handed out again. */
  g_assert_cmpuint (seq, ==, 5);
  g_assert_cmpstr (after_id, !=, rolled_back_id);

  /* And the store works normally again outside a batch. */
  g_assert_true (sewa_store_mark_submitted (store, c, "ARN-C", now + 600, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (store, c), ==, SEWA_APP_SUBMITTED);
  g_assert_cmpuint (seq_b, ==, 2);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

/* A call that fails because the disk is full, inside a batch. SQLite answers SQLITE_FULL on a
 * statement without a statement journal (a one-row INSERT) by rolling back the whole
 * transaction, not only the statement: the batch's earlier changes must not be lost silently
 * while later calls commit on their own. The store notices: later calls in the batch fail and
 * batch_commit fails, so none of the batch is kept (all or nothing). */
static void
test_batch_full_disk (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) leased = NULL;
  g_autofree char *limit = NULL;
  gint64 base = batch_test_base ();
  gint64 now = base + 1000;
  g_autofree char *a = enqueue_at (store, base + 1, NULL);
  g_autofree char *b = enqueue_at (store, base + 2, NULL);
  SewaNewApplication app = test_application ();
  gsize big = 300 * 1024;
  g_autofree guint8 *bytes = test_page_bytes (22, big);
  SewaNewPage pages[] = { { "d", NULL, "image/jpeg", bytes, big } };
  g_autofree char *id = NULL;
  gboolean retry_ok, commit_ok, batch_alive;
  SewaAppState state_a, state_b;

  leased = sewa_store_lease_batch (store, now, 60, 10, &error);
  g_assert_cmpuint (leased->len, ==, 2);

  g_assert_true (sewa_store_batch_begin (store, &error));
  g_assert_true (sewa_store_mark_submitted (store, a, "ARN-A", now + 600, &error));
  g_assert_no_error (error);
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                           count_rows (store, "PRAGMA page_count") + 10);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store), limit, NULL, NULL, NULL), ==,
                   SQLITE_OK);
  app.created_at = base + 3;
  g_assert_false (sewa_store_enqueue (store, &app, pages, 1, &id, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  batch_alive = sqlite3_get_autocommit (sewa_store_get_sqlite (store)) == 0;
  retry_ok = sewa_store_mark_retry (store, b, now + 300, "timeout", &error);
  g_clear_error (&error);
  commit_ok = sewa_store_batch_commit (store, FALSE, &error);
  g_clear_error (&error);
  state_a = state_of (store, a);
  state_b = state_of (store, b);
  g_test_message ("batch alive after SQLITE_FULL: %d; retry: %d; commit: %d; a: %s; b: %s",
                  batch_alive, retry_ok, commit_ok, sewa_app_state_to_string (state_a),
                  sewa_app_state_to_string (state_b));
  /* SQLite ended the batch's transaction itself: the store must notice, refuse the later call
   * (it may not commit on its own in the batch's place) and fail the commit. All or nothing. */
  g_assert_false (batch_alive);
  g_assert_false (retry_ok);
  g_assert_false (commit_ok);
  if (commit_ok)
    {
      g_assert_cmpint (state_a, ==, SEWA_APP_SUBMITTED);
      g_assert_cmpint (state_b, ==, retry_ok ? SEWA_APP_QUEUED : SEWA_APP_UPLOADING);
    }
  else
    {
      g_assert_cmpint (state_a, ==, SEWA_APP_UPLOADING);
      g_assert_cmpint (state_b, ==, SEWA_APP_UPLOADING);
    }
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM applications"), ==, 2);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

typedef struct
{
  SewaStore *store;
  gboolean write;        /* enqueue (a write) before counting, instead of only counting */
  gint done;             /* atomic: the thread's store calls have returned */
  gboolean ok;
  SewaQueueCounts counts;
} BatchWaiter;

static gpointer
batch_waiter_thread (gpointer data)
{
  BatchWaiter *w = data;
  g_autoptr (GError) error = NULL;

  w->ok = TRUE;
  if (w->write)
    {
      SewaNewApplication app = test_application ();

      app.created_at = batch_test_base () + 100;
      w->ok = sewa_store_enqueue (w->store, &app, NULL, 0, NULL, NULL, &error);
    }
  w->ok = w->ok && sewa_store_get_counts (w->store, &w->counts, &error);
  g_atomic_int_set (&w->done, 1);
  return NULL;
}

static void
test_batch_blocks_other_threads (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) leased = NULL;
  gint64 base = batch_test_base ();
  gint64 now = base + 1000;
  g_autofree char *a = enqueue_at (store, base + 1, NULL);
  g_autofree char *b = enqueue_at (store, base + 2, NULL);
  BatchWaiter w = { .store = store };
  GThread *thread;
  SewaQueueCounts counts;

  leased = sewa_store_lease_batch (store, now, 60, 10, &error);
  g_assert_cmpuint (leased->len, ==, 2);

  /* A reader waits for the batch to commit, and then sees its change. */
  g_assert_true (sewa_store_batch_begin (store, &error));
  g_assert_true (sewa_store_mark_submitted (store, a, "ARN-A", now + 600, &error));
  g_assert_no_error (error);
  thread = g_thread_new ("batch-reader", batch_waiter_thread, &w);
  g_usleep (100 * 1000);
  g_assert_cmpint (g_atomic_int_get (&w.done), ==, 0);
  /* The batch's own thread is not blocked by its batch. */
  counts = counts_of (store);
  g_assert_cmpuint (counts.unsent, ==, 1);
  g_assert_cmpint (g_atomic_int_get (&w.done), ==, 0);
  g_assert_true (sewa_store_batch_commit (store, FALSE, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_cmpint (g_atomic_int_get (&w.done), ==, 1);
  g_assert_true (w.ok);
  g_assert_cmpuint (w.counts.pending, ==, 2);
  g_assert_cmpuint (w.counts.unsent, ==, 1);

  /* A writer waits too, and a rolled-back batch leaves it nothing to see. */
  memset (&w, 0, sizeof w);
  w.store = store;
  w.write = TRUE;
  g_assert_true (sewa_store_batch_begin (store, &error));
  g_assert_true (sewa_store_mark_submitted (store, b, "ARN-B", now + 600, &error));
  thread = g_thread_new ("batch-writer", batch_waiter_thread, &w);
  g_usleep (100 * 1000);
  g_assert_cmpint (g_atomic_int_get (&w.done), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM applications"), ==, 2);
  sewa_store_batch_rollback (store);
  g_thread_join (thread);
  g_assert_cmpint (g_atomic_int_get (&w.done), ==, 1);
  g_assert_true (w.ok);
  /* a submitted; b (rolled back) still uploading; the thread's new application queued. */
  g_assert_cmpuint (w.counts.pending, ==, 3);
  g_assert_cmpuint (w.counts.unsent, ==, 2);
  g_assert_cmpint (state_of (store, b), ==, SEWA_APP_UPLOADING);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM applications"), ==, 3);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_batch_durability (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  SewaStore *other;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) leased = NULL;
  g_autoptr (SewaAppRecord) got = NULL;
  gint64 base = batch_test_base ();
  gint64 now = base + 1000;
  g_autofree char *a = enqueue_at (store, base + 1, NULL);
  g_autofree char *b = enqueue_at (store, base + 2, NULL);
  g_autofree char *c = NULL;
  g_autofree char *barrier = NULL;
  SewaQueueCounts counts;
  const char *barrier_sql = "SELECT count (*) FROM store_meta WHERE name = 'sync_barrier'";

  /* An enqueue is a synchronous=FULL commit: nothing waits for a sync. */
  g_assert_false (store->unsynced);
  g_assert_cmpint (count_rows (store, "PRAGMA synchronous"), ==, 2 /* FULL */);
  /* A second connection (kioskctl, or the kiosk after a restart). */
  other = test_open (dir);
  leased = sewa_store_lease_batch (store, now, 60, 10, &error);
  g_assert_cmpuint (leased->len, ==, 2);

  g_assert_true (sewa_store_batch_begin (store, &error));
  g_assert_cmpint (count_rows (store, "PRAGMA synchronous"), ==, 1 /* NORMAL */);
  g_assert_true (sewa_store_mark_submitted (store, a, "ARN-A", now + 600, &error));
  c = enqueue_at (store, base + 3, NULL);
  /* Not visible to the other connection until the batch commits. */
  counts = counts_of (other);
  g_assert_cmpuint (counts.pending, ==, 2);
  g_assert_cmpuint (counts.unsent, ==, 2);
  g_assert_true (sewa_store_batch_commit (store, FALSE, &error));
  g_assert_no_error (error);

  /* Committed without an fsync: the store knows a sync is owed, and FULL is back. */
  g_assert_true (store->unsynced);
  g_assert_cmpint (count_rows (store, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (count_rows (store, barrier_sql), ==, 0);
  counts = counts_of (other);
  g_assert_cmpuint (counts.pending, ==, 3);
  g_assert_cmpuint (counts.unsent, ==, 2);
  got = get_app (other, a);
  g_assert_cmpint (got->state, ==, SEWA_APP_SUBMITTED);
  g_assert_cmpstr (got->arn, ==, "ARN-A");
  g_clear_pointer (&got, sewa_app_record_free);
  got = get_app (other, c);
  g_assert_cmpint (got->state, ==, SEWA_APP_QUEUED);
  g_clear_pointer (&got, sewa_app_record_free);

  /* sewa_store_sync() pays it: one synchronous commit of the marker. */
  g_assert_true (sewa_store_sync (store, &error));
  g_assert_no_error (error);
  g_assert_false (store->unsynced);
  g_assert_cmpint (count_rows (store, barrier_sql), ==, 1);
  barrier = g_strdup_printf ("%" G_GINT64_FORMAT,
                             count_rows (store, "SELECT value FROM store_meta "
                                                "WHERE name = 'sync_barrier'"));
  /* Nothing owed: a no-op (the marker is not rewritten). */
  g_usleep (2000);
  g_assert_true (sewa_store_sync (store, &error));
  g_assert_cmpint (count_rows (store, "SELECT value FROM store_meta WHERE name = 'sync_barrier'"),
                   ==, g_ascii_strtoll (barrier, NULL, 10));

  /* A durable batch syncs before it returns. */
  g_assert_true (sewa_store_batch_begin (store, &error));
  g_assert_true (sewa_store_mark_retry (store, b, now + 300, "timeout", &error));
  g_assert_true (sewa_store_batch_commit (store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (store->unsynced);
  g_assert_cmpint (count_rows (store, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (count_rows (store, "SELECT value FROM store_meta WHERE name = 'sync_barrier'"),
                   >, g_ascii_strtoll (barrier, NULL, 10));

  /* A non-durable batch, then a synchronous commit that writes: that commit synced the log. */
  g_assert_true (sewa_store_batch_begin (store, &error));
  g_assert_true (sewa_store_quarantine (store, b, "operator needed", &error));
  g_assert_true (sewa_store_batch_commit (store, FALSE, &error));
  g_assert_true (store->unsynced);
  g_assert_true (sewa_store_setting_put (store, "x", "y", &error));
  g_assert_false (store->unsynced);
  g_assert_no_error (error);

  /* Everything is there for a third connection, after the first two closed. */
  g_assert_finalize_object (other);
  g_assert_finalize_object (store);
  store = test_open (dir);
  counts = counts_of (store);
  g_assert_cmpuint (counts.pending, ==, 2);
  g_assert_cmpuint (counts.unsent, ==, 1);
  g_assert_cmpuint (counts.quarantined, ==, 1);
  g_assert_cmpint (state_of (store, a), ==, SEWA_APP_SUBMITTED);
  g_assert_cmpint (state_of (store, c), ==, SEWA_APP_QUEUED);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_due_and_counts (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) leased = NULL;
  gint64 base = batch_test_base ();
  gint64 now = base + 1000;
  char *ids[8];
  SewaQueueCounts counts;

  /* Empty: nothing pending, nothing due, no next time. */
  assert_due (store, now, 0, FALSE, G_MAXINT64);
  counts = counts_of (store);
  g_assert_cmpuint (counts.pending, ==, 0);
  g_assert_cmpuint (counts.unsent, ==, 0);
  g_assert_cmpuint (counts.quarantined, ==, 0);
  g_assert_cmpuint (counts.rejected, ==, 0);
  g_assert_cmpuint (counts.acknowledged, ==, 0);
  g_assert_cmpint (counts.oldest_pending_created_at, ==, 0);

  /* A..H created (and first due) at base + 1 .. base + 8. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = enqueue_at (store, base + 1 + i, NULL);
  assert_due (store, now, 8, FALSE, base + 1);
  /* Nothing due yet before the first is: next_due is still the first one's time. */
  assert_due (store, base, 8, FALSE, base + 1);

  leased = sewa_store_lease_batch (store, now, 60, 6, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leased->len, ==, 6);
  g_clear_pointer (&leased, g_ptr_array_unref);
  /* A: submitted, status poll in the future. B: submitted, poll already due. C: stays uploading
   * (leased until now + 60). D: quarantined. E: acknowledged. F: rejected. G, H: queued. */
  g_assert_true (sewa_store_mark_submitted (store, ids[0], "ARN-A", now + 500, &error));
  g_assert_true (sewa_store_mark_submitted (store, ids[1], "ARN-B", now - 5, &error));
  g_assert_true (sewa_store_quarantine (store, ids[3], "operator needed", &error));
  g_assert_true (sewa_store_mark_submitted (store, ids[4], "ARN-E", now, &error));
  g_assert_true (sewa_store_mark_acknowledged (store, ids[4], &error));
  g_assert_true (sewa_store_mark_rejected (store, ids[5], "incomplete", &error));
  g_assert_no_error (error);

  counts = counts_of (store);
  g_assert_cmpuint (counts.pending, ==, 5);     /* A B C G H */
  g_assert_cmpuint (counts.unsent, ==, 3);      /* C G H */
  g_assert_cmpuint (counts.quarantined, ==, 1); /* D */
  g_assert_cmpuint (counts.rejected, ==, 1);    /* F */
  g_assert_cmpuint (counts.acknowledged, ==, 1); /* E */
  g_assert_cmpint (counts.oldest_pending_created_at, ==, base + 1); /* A, though submitted */

  /* Due now: G (base + 7) first; C's next_attempt_at (base + 3) does not count while it is
   * leased; B's poll is due. */
  assert_due (store, now, 3, TRUE, base + 7);

  /* Lease what is due: G, H, B (by next_attempt_at); not C (leased), not A (future). */
  leased = sewa_store_lease_batch (store, now, 60, 10, &error);
  g_assert_no_error (error);
  {
    const char *want[] = { ids[6], ids[7], ids[1] };

    assert_leased_ids (leased, want, G_N_ELEMENTS (want));
    g_assert_cmpint (((SewaAppRecord *) g_ptr_array_index (leased, 2))->state, ==,
                     SEWA_APP_SUBMITTED);
  }
  g_assert_true (sewa_store_mark_retry (store, ids[6], now + 300, "timeout", &error));
  g_assert_true (sewa_store_mark_retry (store, ids[7], now + 200, "timeout", &error));
  g_assert_no_error (error);

  /* B's poll is leased, so not due; the next thing is the leases of B and C running out. */
  assert_due (store, now, 3, FALSE, now + 60);
  assert_due (store, now + 59, 3, FALSE, now + 60);
  /* Once they have: B's poll is due again, and C is overdue since its own next attempt. */
  assert_due (store, now + 60, 3, TRUE, base + 3);

  /* C given back: queued, due at once (release makes it due now, by the store's clock). */
  g_assert_true (sewa_store_release_lease (store, ids[2], &error));
  g_assert_true (sewa_store_release_lease (store, ids[1], &error));
  g_assert_no_error (error);
  {
    g_autoptr (SewaAppRecord) c = get_app (store, ids[2]);
    g_autoptr (SewaAppRecord) b = get_app (store, ids[1]);

    g_assert_cmpint (c->state, ==, SEWA_APP_QUEUED);
    g_assert_cmpint (c->lease_until, ==, 0);
    g_assert_cmpint (b->state, ==, SEWA_APP_SUBMITTED);
    g_assert_cmpint (b->lease_until, ==, 0);
    /* Both are due again at the release time: the store's clock, long after base + 1000. */
    g_assert_cmpint (c->next_attempt_at, >, now + 500);
    g_assert_cmpint (b->next_attempt_at, >, now + 500);
    /* So the next is H's retry (now + 200), and the first poll due is A's, at now + 500. */
    assert_due (store, now, 3, FALSE, now + 200);
    assert_due (store, now + 499, 3, FALSE, now + 200);
    assert_due (store, now + 500, 3, TRUE, now + 200);
  }

  /* Quarantined, acknowledged and rejected applications are never due; with only them left
   * there is no next time. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      SewaAppState st = state_of (store, ids[i]);

      if (!sewa_app_state_is_final (st) && st != SEWA_APP_QUARANTINED)
        g_assert_true (sewa_store_quarantine (store, ids[i], "parked", &error));
    }
  g_assert_no_error (error);
  assert_due (store, now, 0, FALSE, G_MAXINT64);
  counts = counts_of (store);
  g_assert_cmpuint (counts.pending, ==, 0);
  g_assert_cmpuint (counts.unsent, ==, 0);
  g_assert_cmpuint (counts.quarantined, ==, 6);
  g_assert_cmpuint (counts.rejected, ==, 1);
  g_assert_cmpuint (counts.acknowledged, ==, 1);
  g_assert_cmpint (counts.oldest_pending_created_at, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_list_leased (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) leased = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  gint64 base = batch_test_base ();
  gint64 now = base + 1000;
  g_autofree char *a = enqueue_at (store, base + 1, NULL);
  g_autofree char *b = enqueue_at (store, base + 2, NULL);
  g_autofree char *c = enqueue_at (store, base + 3, NULL);
  g_autofree char *d = enqueue_at (store, base + 4, NULL);

  ids = sewa_store_list_leased (store, now, &error);
  g_assert_no_error (error);
  assert_ids (ids, NULL, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* a, b, c leased; b submitted (a poll lease is taken next); d stays queued. */
  leased = sewa_store_lease_batch (store, now, 60, 3, &error);
  g_assert_cmpuint (leased->len, ==, 3);
  g_clear_pointer (&leased, g_ptr_array_unref);
  g_assert_true (sewa_store_mark_submitted (store, b, "ARN-B", now, &error));
  leased = sewa_store_lease_batch (store, now + 10, 30, 10, &error);
  {
    const char *want[] = { d, b };

    assert_leased_ids (leased, want, G_N_ELEMENTS (want));
  }
  g_clear_pointer (&leased, g_ptr_array_unref);
  /* Leases: a, c until now + 60 (uploading); b until now + 40 (submitted); d until now + 40
   * (uploading). Oldest first. */
  ids = sewa_store_list_leased (store, now + 10, &error);
  {
    const char *want[] = { a, b, c, d };

    assert_ids (ids, want, G_N_ELEMENTS (want));
  }
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* After b's lease ran out it is no longer listed; an "uploading" one stays listed even with
   * an expired lease (an engine left it behind). */
  ids = sewa_store_list_leased (store, now + 40, &error);
  {
    const char *want[] = { a, c, d };

    assert_ids (ids, want, G_N_ELEMENTS (want));
  }
  g_clear_pointer (&ids, g_ptr_array_unref);

  g_assert_true (sewa_store_release_lease (store, c, &error));
  g_assert_no_error (error);
  ids = sewa_store_list_leased (store, now + 10, &error);
  {
    const char *want[] = { a, b, d };

    assert_ids (ids, want, G_N_ELEMENTS (want));
  }
  g_clear_pointer (&ids, g_ptr_array_unref);

  g_assert_true (sewa_store_release_lease (store, a, &error));
  g_assert_true (sewa_store_release_lease (store, b, &error));
  g_assert_true (sewa_store_release_lease (store, d, &error));
  g_assert_no_error (error);
  ids = sewa_store_list_leased (store, now + 10, &error);
  g_assert_no_error (error);
  assert_ids (ids, NULL, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = sewa_store_list_leased (store, 0, &error);
  assert_ids (ids, NULL, 0);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static gint64
count_v3_indexes (SewaStore *store)
{
  return count_rows (store, "SELECT count (*) FROM sqlite_schema WHERE type = 'index' "
                            "AND name IN ('applications_by_state', 'applications_leased')");
}

/* Migration 4 (#17): a store made before it gets the instant-decision columns, its queued
 * applications read back with no decision. */
static void
test_schema_v4_instant (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStoreOptions opts = { .state_dir = dir, .create_key = TRUE, .max_schema_version = 3 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) got = NULL;
  SewaStore *store;
  g_autofree char *a = NULL;

  store = sewa_store_open_full (&opts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sewa_store_get_schema_version (store), ==, 3);
  a = enqueue_at (store, batch_test_base () + 1, NULL);
  g_assert_finalize_object (store);

  store = test_open (dir);
  g_assert_cmpuint (sewa_store_get_schema_version (store), ==, SEWA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM pragma_table_info ('applications') "
                                      "WHERE name IN ('instant_outcome', 'instant_note')"), ==, 2);
  got = sewa_store_get (store, a, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (got->instant_outcome);
  g_assert_null (got->instant_note);
  /* Not accepted by the portal yet: no decision can be recorded. */
  g_assert_false (sewa_store_set_instant_decision (store, a, "approved", "ISSUED: x", &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_schema_v3_indexes (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStoreOptions opts = { .state_dir = dir, .create_key = TRUE, .max_schema_version = 2 };
  g_autoptr (GError) error = NULL;
  SewaStore *store;
  g_autofree char *a = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpuint (SEWA_STORE_SCHEMA_VERSION, >=, 3);

  /* A version 2 store has neither index; opening it with this version adds both. */
  store = sewa_store_open_full (&opts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sewa_store_get_schema_version (store), ==, 2);
  g_assert_cmpint (count_v3_indexes (store), ==, 0);
  a = enqueue_at (store, batch_test_base () + 1, NULL);
  g_assert_finalize_object (store);

  store = test_open (dir);
  g_assert_cmpuint (sewa_store_get_schema_version (store), ==, SEWA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, SEWA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_v3_indexes (store), ==, 2);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM sqlite_schema WHERE type = 'index' "
                                      "AND name = 'applications_by_state' "
                                      "AND tbl_name = 'applications'"), ==, 1);
  /* The lease index is partial: only rows holding a lease. */
  g_assert_cmpint (sqlite3_prepare_v2 (sewa_store_get_sqlite (store),
                                       "SELECT sql FROM sqlite_schema "
                                       "WHERE name = 'applications_leased'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 0),
                            "WHERE lease_until IS NOT NULL"));
  sqlite3_finalize (stmt);
  g_assert_cmpint (state_of (store, a), ==, SEWA_APP_QUEUED);
  test_assert_healthy (store);
  g_assert_finalize_object (store);

  /* A fresh store is created at the current version with both. */
  test_rm_rf (dir);
  g_clear_pointer (&dir, g_free);
  dir = test_state_dir ();
  store = test_open (dir);
  g_assert_cmpuint (sewa_store_get_schema_version (store), ==, SEWA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_v3_indexes (store), ==, 2);
  g_assert_finalize_object (store);
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
  g_test_add_func ("/store/enqueue/identity-recorded", test_identity_recorded);
  g_test_add_func ("/store/outbox/state-machine", test_state_machine);
  g_test_add_func ("/store/outbox/upload-offsets", test_page_upload_offsets);
  g_test_add_func ("/store/retention/dedup-and-purge", test_dedup_and_retention);
  g_test_add_func ("/store/catalog-settings-audit", test_catalog_settings_audit);
  g_test_add_func ("/store/factory-reset", test_factory_reset);
  g_test_add_func ("/store/migration/from-v1", test_migration_from_v1);
  g_test_add_func ("/store/audit/chain-migration", test_audit_chain_migration);
  g_test_add_func ("/store/faults/full-disk-max-pages", test_full_disk_max_pages);
  g_test_add_func ("/store/faults/corrupt-database", test_corrupt_database);
  g_test_add_func ("/store/outbox/lease-batch", test_lease_batch);
  g_test_add_func ("/store/batch/savepoints", test_batch_savepoints);
  g_test_add_func ("/store/batch/full-disk", test_batch_full_disk);
  g_test_add_func ("/store/batch/blocks-other-threads", test_batch_blocks_other_threads);
  g_test_add_func ("/store/batch/durability", test_batch_durability);
  g_test_add_func ("/store/outbox/due-and-counts", test_due_and_counts);
  g_test_add_func ("/store/outbox/list-leased", test_list_leased);
  g_test_add_func ("/store/migration/v3-indexes", test_schema_v3_indexes);
  g_test_add_func ("/store/migration/v4-instant", test_schema_v4_instant);
  return g_test_run ();
}
