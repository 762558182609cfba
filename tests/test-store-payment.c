/* test-store-payment.c — payments as records (#18): cash with a counter receipt number, UPI with a
 * validated transaction reference, waivers, one payment per application, the derived fee state,
 * sealing, the audit lines, cancellation of unsent applications, what the sync engine may send,
 * the day close, migration from version 3 and factory reset. */
#include "sewa-store.h"
#include "sewa-store-private.h"
#include "store-test-util.h"

#include <sqlite3.h>

static char *
enqueue_due (SewaStore *store, gint64 paise)
{
  SewaNewApplication app = test_application ();
  g_autoptr (GError) error = NULL;
  char *id = NULL;
  g_autofree char *ref = NULL;

  app.fee_state = paise > 0 ? SEWA_FEE_DUE : SEWA_FEE_NONE;
  app.fee_amount_paise = paise;
  app.fee_payment_ref = NULL;
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id, &ref, &error));
  g_assert_no_error (error);
  return id;
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

/* The last audit line with @event, or NULL. */
static char *
last_audit (SewaStore *store, const char *event)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = sewa_store_audit_list (store, 0, 0, &error);
  char *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      SewaAuditEntry *e = g_ptr_array_index (log, i);

      if (g_str_equal (e->event, event))
        {
          g_free (found);
          found = g_strdup (e->detail);
        }
    }
  return found;
}

/* Takes every due application at once, hands back all but @id, and walks @id to submitted with
 * @arn, its status poll due at @next_poll. */
static void
submit (SewaStore *store, const char *id, const char *arn, gint64 next_poll)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) leased = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean found = FALSE;

  leased = sewa_store_lease_batch (store, now + 1000000, 60, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < leased->len; i++)
    {
      SewaAppRecord *app = g_ptr_array_index (leased, i);

      if (g_str_equal (app->id, id))
        found = TRUE;
      else
        g_assert_true (sewa_store_release_lease (store, app->id, &error));
    }
  g_assert_true (found);
  g_assert_true (sewa_store_mark_submitted (store, id, arn, next_poll, &error));
  g_assert_no_error (error);
}

/* The same, then on to acknowledged. */
static void
acknowledge (SewaStore *store, const char *id, const char *arn)
{
  g_autoptr (GError) error = NULL;

  submit (store, id, arn, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_true (sewa_store_mark_acknowledged (store, id, &error));
  g_assert_no_error (error);
}

static SewaFeeStatus
fee_status (SewaStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  SewaFeeStatus status = SEWA_FEE_STATUS_NOT_REQUIRED;

  g_assert_true (sewa_store_fee_status (store, id, &status, &error));
  g_assert_no_error (error);
  return status;
}

static void
test_cash (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_due (store, 4500);
  g_autofree char *b = enqueue_due (store, 3000);
  g_autofree char *free_app = enqueue_due (store, 0);
  SewaNewPayment cash = { .mode = SEWA_PAY_CASH, .amount_paise = 4500, .tendered_paise = 5000,
                          .operator_id = "operator" };
  g_autoptr (SewaPaymentRecord) pa = NULL;
  g_autoptr (SewaPaymentRecord) pb = NULL;
  g_autoptr (SewaPaymentRecord) got = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *day = NULL;
  g_autofree char *expected_receipt = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  g_assert_cmpint (fee_status (store, a), ==, SEWA_FEE_STATUS_DUE);
  g_assert_cmpint (fee_status (store, free_app), ==, SEWA_FEE_STATUS_NOT_REQUIRED);

  /* Less than the fee handed over is refused, and nothing is numbered for it. */
  cash.tendered_paise = 4000;
  g_assert_false (sewa_store_payment_add (store, a, &cash, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  cash.tendered_paise = 5000;
  cash.operator_id = "";
  g_assert_false (sewa_store_payment_add (store, a, &cash, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  cash.operator_id = "operator";

  g_assert_true (sewa_store_payment_add (store, a, &cash, &pa, &error));
  g_assert_no_error (error);
  day = g_date_time_format (now, "%y%m%d");
  expected_receipt = g_strdup_printf ("CR-%s-0001", day);
  g_assert_cmpstr (pa->counter_receipt, ==, expected_receipt);
  g_assert_cmpint (pa->tendered_paise, ==, 5000);
  g_assert_cmpint (pa->amount_paise, ==, 4500);
  g_assert_cmpstr (pa->application_id, ==, a);
  g_assert_false (pa->synced);
  g_assert_cmpint (fee_status (store, a), ==, SEWA_FEE_STATUS_PAID_CASH);

  /* Numbers go up within the day. */
  cash.amount_paise = 3000;
  cash.tendered_paise = 3000;
  g_assert_true (sewa_store_payment_add (store, b, &cash, &pb, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (pb->counter_receipt, "-0002"));

  /* Collected once: a second payment of the same application is refused. */
  g_assert_false (sewa_store_payment_add (store, a, &cash, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  /* An application without a fee takes no payment. */
  g_assert_false (sewa_store_payment_add (store, free_app, &cash, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM payments"), ==, 2);

  /* Found again by the provisional reference, with its sealed details. */
  got = sewa_store_payment_get (store, pa->reference, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->id, ==, pa->id);
  g_assert_cmpstr (got->counter_receipt, ==, expected_receipt);
  g_assert_null (sewa_store_payment_get (store, free_app, &error));
  g_assert_no_error (error);

  /* Audited without citizen data; the details are not in clear in the database. */
  audit = last_audit (store, "payment");
  g_assert_nonnull (strstr (audit, "mode=cash amount_paise=3000 operator=operator"));
  g_assert_null (strstr (audit, TEST_MOBILE));
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM payments "
                                      "WHERE instr (CAST (details AS TEXT), 'CR-') > 0 "
                                      "OR instr (details, 'tendered') > 0"), ==, 0);

  /* A payment is never edited in place. */
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "UPDATE payments SET amount_paise = 1", NULL, NULL, NULL)
                   & 0xff, ==, SQLITE_CONSTRAINT);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_upi_and_waiver (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_due (store, 4500);
  g_autofree char *b = enqueue_due (store, 4500);
  SewaNewPayment upi = { .mode = SEWA_PAY_UPI, .amount_paise = 4500, .operator_id = "operator" };
  SewaNewPayment waive = { .mode = SEWA_PAY_WAIVED, .operator_id = "operator" };
  static const char *const bad_refs[] = { NULL, "", "12345678901", "1234567890123",
                                          "12345678901a", "١٢٣٤٥٦٧٨٩٠١٢" };
  g_autoptr (SewaPaymentRecord) p = NULL;
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad_refs); i++)
    {
      upi.upi_txn_ref = bad_refs[i];
      g_assert_false (sewa_store_payment_add (store, a, &upi, NULL, &error));
      g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  upi.upi_txn_ref = "412345678901";
  g_assert_true (sewa_store_payment_add (store, a, &upi, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (p->upi_txn_ref, ==, "412345678901");
  g_assert_null (p->counter_receipt);
  g_assert_cmpint (fee_status (store, a), ==, SEWA_FEE_STATUS_PAID_UPI);

  /* A waiver has a reason and no amount. */
  waive.waiver_reason = "   ";
  g_assert_false (sewa_store_payment_add (store, b, &waive, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  waive.waiver_reason = "BPL card holder, fee exempt";
  waive.amount_paise = 100;
  g_assert_false (sewa_store_payment_add (store, b, &waive, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  waive.amount_paise = 0;
  g_assert_true (sewa_store_payment_add (store, b, &waive, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fee_status (store, b), ==, SEWA_FEE_STATUS_WAIVED);
  g_assert_cmpstr (sewa_fee_status_to_string (SEWA_FEE_STATUS_WAIVED), ==, "waived");
  g_assert_cmpstr (sewa_fee_status_to_string (SEWA_FEE_STATUS_PAID_UPI), ==, "paid_upi");
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_cancel (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_due (store, 4500);
  g_autofree char *sent = enqueue_due (store, 4500);
  SewaNewPayment cash = { .mode = SEWA_PAY_CASH, .amount_paise = 4500, .tendered_paise = 4500,
                          .operator_id = "operator" };
  g_autoptr (SewaAppRecord) leased = NULL;
  g_autoptr (SewaAppRecord) rec = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *audit = NULL;
  gboolean cancelled = TRUE;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  acknowledge (store, sent, "PB-ARN-0001");
  g_assert_false (sewa_store_cancel (store, sent, "citizen changed their mind", "operator",
                                     &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sewa_store_cancel (store, a, "", "operator", &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (sewa_store_get_cancellation (store, a, &cancelled, NULL, &error));
  g_assert_false (cancelled);
  g_assert_true (sewa_store_cancel (store, a, "duplicate of an earlier application", "operator",
                                    &error));
  g_assert_no_error (error);
  g_assert_true (sewa_store_get_cancellation (store, a, &cancelled, &reason, &error));
  g_assert_no_error (error);
  g_assert_true (cancelled);
  g_assert_cmpstr (reason, ==, "duplicate of an earlier application");
  /* The reason is sealed. */
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM cancellations "
                                      "WHERE instr (reason, 'duplicate') > 0"), ==, 0);
  audit = last_audit (store, "cancelled");
  g_assert_nonnull (strstr (audit, a));
  g_assert_null (strstr (audit, "duplicate"));

  /* Never sent: the engine does not get it, an operator retry cannot revive it, no payment. */
  g_assert_true (sewa_store_lease_next (store, now + 10, 60, &leased, &error));
  g_assert_no_error (error);
  g_assert_null (leased);
  g_assert_false (sewa_store_operator_retry (store, a, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sewa_store_payment_add (store, a, &cash, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sewa_store_cancel (store, a, "again", "operator", &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  rec = sewa_store_get (store, a, FALSE, &error);
  g_assert_cmpint (rec->state, ==, SEWA_APP_QUARANTINED);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_sync_order (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_due (store, 4500);
  g_autofree char *b = enqueue_due (store, 4500);
  SewaNewPayment cash = { .mode = SEWA_PAY_CASH, .amount_paise = 4500, .tendered_paise = 4500,
                          .operator_id = "operator" };
  g_autoptr (SewaPaymentRecord) pa = NULL;
  g_autoptr (SewaPaymentRecord) pb = NULL;
  g_autoptr (SewaPaymentRecord) next = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (sewa_store_payment_add (store, a, &cash, &pa, &error));
  g_assert_true (sewa_store_payment_add (store, b, &cash, &pb, &error));
  g_assert_no_error (error);

  /* Not before the portal knows the application. */
  g_assert_true (sewa_store_payment_next_unsynced (store, &next, &error));
  g_assert_null (next);
  acknowledge (store, b, "PB-ARN-B");
  g_assert_true (sewa_store_payment_next_unsynced (store, &next, &error));
  g_assert_cmpstr (next->id, ==, pb->id);
  g_assert_cmpstr (next->arn, ==, "PB-ARN-B");
  g_clear_pointer (&next, sewa_payment_record_free);
  acknowledge (store, a, "PB-ARN-A");
  /* Both ready: in the order they were taken. */
  g_assert_true (sewa_store_payment_next_unsynced (store, &next, &error));
  g_assert_cmpstr (next->id, ==, pa->id);
  g_clear_pointer (&next, sewa_payment_record_free);
  g_assert_true (sewa_store_payment_mark_synced (store, pa->id, &error));
  g_assert_true (sewa_store_payment_mark_synced (store, pa->id, &error));
  g_assert_no_error (error);
  g_assert_true (sewa_store_payment_next_unsynced (store, &next, &error));
  g_assert_cmpstr (next->id, ==, pb->id);
  g_clear_pointer (&next, sewa_payment_record_free);
  g_assert_true (sewa_store_payment_mark_synced (store, pb->id, &error));
  g_assert_true (sewa_store_payment_next_unsynced (store, &next, &error));
  g_assert_no_error (error);
  g_assert_null (next);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM audit_log "
                                      "WHERE event = 'payment_synced'"), ==, 2);
  /* Recorded at the portal stays recorded. */
  g_assert_cmpint (sqlite3_exec (sewa_store_get_sqlite (store),
                                 "UPDATE payments SET sync_state = 'pending', synced_at = NULL",
                                 NULL, NULL, NULL) & 0xff,
                   ==, SQLITE_CONSTRAINT);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_day_close (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_due (store, 4500);
  g_autofree char *b = enqueue_due (store, 3000);
  g_autofree char *c = enqueue_due (store, 2000);
  SewaNewPayment cash = { .mode = SEWA_PAY_CASH, .amount_paise = 4500, .tendered_paise = 5000,
                          .operator_id = "operator" };
  SewaNewPayment upi = { .mode = SEWA_PAY_UPI, .amount_paise = 2000,
                         .upi_txn_ref = "412345678901", .operator_id = "operator" };
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *audit = NULL;
  gint64 expected = -1;

  g_assert_true (sewa_store_payment_add (store, a, &cash, NULL, &error));
  cash.amount_paise = 3000;
  cash.tendered_paise = 3000;
  g_assert_true (sewa_store_payment_add (store, b, &cash, NULL, &error));
  g_assert_true (sewa_store_payment_add (store, c, &upi, NULL, &error));
  g_assert_no_error (error);
  list = sewa_store_payment_list_day (store, day, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);

  g_assert_false (sewa_store_day_close (store, "2026-13-45", 0, "operator", NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* The drawer is 10 rupees short: UPI is not in it. */
  g_assert_true (sewa_store_day_close (store, day, 6500, "operator", &expected, &error));
  g_assert_no_error (error);
  g_assert_cmpint (expected, ==, 7500);
  audit = last_audit (store, "day_close");
  g_assert_nonnull (strstr (audit, "expected_paise=7500 counted_paise=6500 "
                                   "difference_paise=-1000 operator=operator"));
  g_assert_cmpint (count_rows (store, "SELECT counted_paise - expected_paise FROM day_closes"),
                   ==, -1000);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static void
test_migration_and_reset (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStoreOptions opts = { .state_dir = dir, .create_key = TRUE, .max_schema_version = 3 };
  SewaNewPayment cash = { .mode = SEWA_PAY_CASH, .amount_paise = 4500, .tendered_paise = 4500,
                          .operator_id = "operator" };
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr (SewaPaymentRecord) held = NULL;
  SewaStore *store;
  guint n_deleted = 0;

  /* A version 3 store with an application due: opened by this version, it can take payments. */
  store = sewa_store_open_full (&opts, &error);
  g_assert_no_error (error);
  a = enqueue_due (store, 4500);
  g_assert_finalize_object (store);
  store = test_open (dir);
  g_assert_cmpuint (sewa_store_get_schema_version (store), ==, SEWA_STORE_SCHEMA_VERSION);
  g_assert_true (sewa_store_payment_add (store, a, &cash, &held, &error));
  g_assert_no_error (error);
  /* Held back after the portal refused it (schema 7): the hold goes with the payment. */
  g_assert_true (sewa_store_payment_hold (store, held->id, "idempotency_conflict", &error));
  g_assert_true (sewa_store_payment_hold (store, held->id, "idempotency_conflict", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM payment_holds"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM audit_log WHERE event = 'payment_held'"), ==, 1);
  b = enqueue_due (store, 4500);
  g_assert_true (sewa_store_cancel (store, b, "entered twice", "operator", &error));
  g_assert_no_error (error);
  test_assert_healthy (store);

  /* A factory reset takes payments, their holds and cancellations with their applications. */
  g_assert_true (sewa_store_factory_reset (store, &n_deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_deleted, ==, 2);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM payments"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM payment_holds"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM cancellations"), ==, 0);
  test_assert_healthy (store);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

/* The citizen's language is kept (sealed) with the application, for reprints at the counter. */
static void
test_citizen_lang (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  SewaNewApplication app = test_application ();
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *old = NULL;
  g_autoptr (SewaAppRecord) rec = NULL;
  g_autoptr (SewaAppRecord) old_rec = NULL;

  app.citizen_lang = "xx";
  g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  app.citizen_lang = "hi";
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_assert_no_error (error);
  rec = sewa_store_get (store, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rec->citizen_lang, ==, "hi");
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM applications "
                                      "WHERE instr (payload, 'citizen_lang') > 0"), ==, 0);
  /* A record from before: no language, and the reprint falls back to the operator's. */
  app.citizen_lang = NULL;
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &old, NULL, &error));
  old_rec = sewa_store_get (store, old, TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (old_rec->citizen_lang);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

/* An assisted application keeps its operator (sealed): a malformed id is refused. */
static void
test_assisted_by (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  SewaNewApplication app = test_application ();
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *alone = NULL;
  g_autoptr (SewaAppRecord) rec = NULL;
  g_autoptr (SewaAppRecord) alone_rec = NULL;

  app.assisted_by = "Not An Id";
  g_assert_false (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  app.assisted_by = "asha";
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_assert_no_error (error);
  rec = sewa_store_get (store, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rec->assisted_by, ==, "asha");
  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM applications "
                                      "WHERE instr (payload, 'assisted_by') > 0"), ==, 0);
  app.assisted_by = NULL;
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &alone, NULL, &error));
  alone_rec = sewa_store_get (store, alone, TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (alone_rec->assisted_by);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

static gint64
noon_on (const char *day)
{
  g_autofree char *iso = g_strconcat (day, "T12:00:00", NULL);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (iso, local);

  return g_date_time_to_unix (dt);
}

static char *
enqueue_mobile (SewaStore *store, const char *mobile, gint64 at)
{
  SewaNewApplication app = test_application ();
  g_autoptr (GError) error = NULL;
  char *ref = NULL;
  g_autofree char *id = NULL;

  app.citizen_ref = mobile;
  app.created_at = at;
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id, &ref, &error));
  g_assert_no_error (error);
  return ref;
}

/* The counter's search by mobile: the day's applications whose sealed mobile ends in the four
 * digits, and no others (another day, other digits); nothing of the citizen's in the result;
 * malformed digits or days refused. And the day close's audit entry names its operator as
 * the actor. */
static void
test_find_by_mobile (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_mobile (store, "9876543210", noon_on ("2026-03-14"));
  g_autofree char *b = enqueue_mobile (store, "+91 98123 43210", noon_on ("2026-03-14"));
  g_autofree char *other_day = enqueue_mobile (store, "9876543210", noon_on ("2026-03-15"));
  g_autofree char *other_digits = enqueue_mobile (store, "9876543211", noon_on ("2026-03-14"));
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GError) error = NULL;
  const char *bad_digits[] = { "321", "32100", "32a0", "" };
  const char *bad_days[] = { "2026-3-14", "14-03-2026", "2026-02-30", "2026-03-14x" };

  found = sewa_store_find_by_mobile (store, "2026-03-14", "3210", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((SewaAppRecord *) found->pdata[0])->reference, ==, a);
  g_assert_cmpstr (((SewaAppRecord *) found->pdata[1])->reference, ==, b);
  for (guint i = 0; i < found->len; i++)
    {
      SewaAppRecord *r = found->pdata[i];

      g_assert_false (r->has_pii);
      g_assert_null (r->citizen_ref);
      g_assert_null (r->form_json);
    }
  g_clear_pointer (&found, g_ptr_array_unref);
  found = sewa_store_find_by_mobile (store, "2026-03-15", "3210", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((SewaAppRecord *) found->pdata[0])->reference, ==, other_day);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = sewa_store_find_by_mobile (store, "2026-03-16", "3210", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (bad_digits); i++)
    {
      g_assert_null (sewa_store_find_by_mobile (store, "2026-03-14", bad_digits[i], &error));
      g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_days); i++)
    {
      g_assert_null (sewa_store_find_by_mobile (store, bad_days[i], "3210", &error));
      g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }

  g_assert_true (sewa_store_day_close (store, "2026-03-14", 0, "asha", NULL, &error));
  g_assert_no_error (error);
  log = sewa_store_audit_list (store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((SewaAuditEntry *) log->pdata[log->len - 1])->event, ==, "day_close");
  g_assert_cmpstr (((SewaAuditEntry *) log->pdata[log->len - 1])->actor, ==, "asha");
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

/* A UPI payment the portal confirmed (its status answer, docs/portal-api.md §7): recorded by
 * "portal" as at the portal already, so never offered to the sync engine; only UPI, only with
 * that id, and the counter can take no second payment for it. */
static void
test_by_portal (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_due (store, 4500);
  g_autofree char *b = enqueue_due (store, 4500);
  SewaNewPayment bank = { .mode = SEWA_PAY_UPI, .amount_paise = 4500, .upi_txn_ref = "412345678901",
                          .operator_id = SEWA_PAYMENT_BY_PORTAL, .at = 1796720400, .by_portal = TRUE };
  SewaNewPayment cash = { .mode = SEWA_PAY_CASH, .amount_paise = 4500, .tendered_paise = 4500,
                          .operator_id = "operator" };
  SewaNewPayment posing = { .mode = SEWA_PAY_UPI, .amount_paise = 4500, .upi_txn_ref = "412345678901",
                            .operator_id = SEWA_PAYMENT_BY_PORTAL };
  SewaNewPayment bank_cash = cash;
  g_autoptr (SewaPaymentRecord) p = NULL;
  g_autoptr (SewaPaymentRecord) next = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL;

  /* An operator cannot record as the portal, nor the portal anything but UPI. */
  g_assert_false (sewa_store_payment_add (store, a, &posing, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  bank_cash.operator_id = SEWA_PAYMENT_BY_PORTAL;
  bank_cash.by_portal = TRUE;
  g_assert_false (sewa_store_payment_add (store, a, &bank_cash, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  cash.by_portal = TRUE;
  g_assert_false (sewa_store_payment_add (store, a, &cash, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  cash.by_portal = FALSE;

  g_assert_true (sewa_store_payment_add (store, a, &bank, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpint (p->mode, ==, SEWA_PAY_UPI);
  g_assert_cmpstr (p->upi_txn_ref, ==, "412345678901");
  g_assert_cmpstr (p->operator_id, ==, SEWA_PAYMENT_BY_PORTAL);
  g_assert_cmpint (p->created_at, ==, 1796720400);
  g_assert_true (p->synced);
  g_assert_cmpint (fee_status (store, a), ==, SEWA_FEE_STATUS_PAID_UPI);
  detail = last_audit (store, "payment");
  g_assert_nonnull (strstr (detail, "mode=upi amount_paise=4500 operator=portal"));
  /* Never sent back, even once the portal holds the application. */
  acknowledge (store, a, "PB-ARN-A");
  g_assert_true (sewa_store_payment_next_unsynced (store, &next, &error));
  g_assert_no_error (error);
  g_assert_null (next);
  /* A fee is paid once: the counter's cash for it is refused. */
  g_assert_false (sewa_store_payment_add (store, a, &cash, NULL, &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  /* The other application's counter payment still goes. */
  g_assert_true (sewa_store_payment_add (store, b, &cash, NULL, &error));
  acknowledge (store, b, "PB-ARN-B");
  g_assert_true (sewa_store_payment_next_unsynced (store, &next, &error));
  g_assert_no_error (error);
  g_assert_nonnull (next);
  g_assert_cmpint (next->mode, ==, SEWA_PAY_CASH);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

/* The counter asks the portal now about an application waiting for its decision (has the citizen
 * paid with the UPI code?): its status poll becomes due without touching its backoff; any other
 * application is left alone. */
static void
test_poll_soon (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autofree char *a = enqueue_due (store, 4500);
  g_autofree char *b = enqueue_due (store, 4500);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) before = NULL;
  g_autoptr (SewaAppRecord) after = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean poll_due = TRUE;
  guint unsent = 0;

  submit (store, a, "PB-ARN-A", now + 3600);
  g_assert_true (sewa_store_get_due (store, now, &unsent, &poll_due, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (poll_due);
  before = sewa_store_get (store, a, FALSE, &error);

  g_assert_true (sewa_store_poll_soon (store, before->reference, &error));
  g_assert_no_error (error);
  /* Due from the store's clock at the call, which may be a second past @now: asked after it. */
  now = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_true (sewa_store_get_due (store, now, &unsent, &poll_due, NULL, &error));
  g_assert_true (poll_due);
  after = sewa_store_get (store, a, FALSE, &error);
  g_assert_cmpint (after->state, ==, SEWA_APP_SUBMITTED);
  g_assert_cmpint (after->attempt_count, ==, before->attempt_count);
  /* A queued application has nothing to ask; an unknown one is an error. */
  g_assert_true (sewa_store_poll_soon (store, b, &error));
  g_assert_no_error (error);
  g_assert_false (sewa_store_poll_soon (store, "PB-NO-SUCH", &error));
  g_assert_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND);
  g_assert_finalize_object (store);
  test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/payment/assisted-by", test_assisted_by);
  g_test_add_func ("/store/payment/cash", test_cash);
  g_test_add_func ("/store/payment/upi-and-waiver", test_upi_and_waiver);
  g_test_add_func ("/store/payment/by-portal", test_by_portal);
  g_test_add_func ("/store/payment/poll-soon", test_poll_soon);
  g_test_add_func ("/store/payment/cancel", test_cancel);
  g_test_add_func ("/store/payment/sync-order", test_sync_order);
  g_test_add_func ("/store/payment/day-close", test_day_close);
  g_test_add_func ("/store/payment/find-by-mobile", test_find_by_mobile);
  g_test_add_func ("/store/payment/migration-and-reset", test_migration_and_reset);
  g_test_add_func ("/store/payment/citizen-lang", test_citizen_lang);
  return g_test_run ();
}
