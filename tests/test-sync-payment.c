/* The sync engine's payments (#18) against portal-sim (a child on loopback): under 30 % injected
 * faults every payment is recorded at the portal exactly once, after its application, in the
 * order the counter took them, with the body the store holds; a payment for an application the
 * portal does not hold yet waits for it. */
#include "sync-test-util.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  char *dir;
  SewaStore *store;
  TestSim *sim;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_state_dir ();
  f->store = test_store_new (f->dir);
  f->sim = test_sim_start (NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_sim_stop (f->sim);
  g_assert_finalize_object (f->store);
  test_rm_rf (f->dir);
  g_free (f->dir);
}

static SewaSyncOptions
fast_options (Fixture *f)
{
  SewaSyncOptions o = { 0 };

  o.state_dir = f->dir;
  o.parallelism = 4;
  o.chunk_bytes = 16 * 1024;
  o.retry = (SewaBackoffPolicy) { .base_ms = 20, .cap_ms = 200, .jitter = TRUE };
  o.offline = o.retry;
  o.heartbeat_seconds = G_MAXUINT;
  o.catalog_seconds = G_MAXUINT;
  /* Status polls far away: this test is about payments, not decisions. */
  o.poll = (SewaBackoffPolicy) { .base_ms = 3600000, .cap_ms = 3600000, .jitter = FALSE };
  return o;
}

/* An application of the sync test service with a fee due (30 rupees) and one small page. */
static char *
enqueue_due (SewaStore *store, guint seed)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *form = g_strdup_printf ("{\"applicant_name\":\"Test %u\",\"village\":\"Kot\"}",
                                           seed);
  g_autofree char *reference = NULL;
  g_autofree guint8 *bytes = test_page_bytes (seed, 3000);
  SewaNewApplication app = { 0 };
  SewaNewPage page = { .document_id = "doc_1", .doc_type = "PAGE", .mime_type = "image/jpeg",
                       .data = bytes, .len = 3000 };
  char *id = NULL;

  app.service_id = SIM_SERVICE;
  app.catalog_version = SIM_CATALOG_VERSION;
  app.catalog_hash = "0000000000000000000000000000000000000000000000000000000000000000";
  app.form_json = form;
  app.citizen_ref = "9876543210";
  app.fee_state = SEWA_FEE_DUE;
  app.fee_amount_paise = 3000;
  g_assert_true (sewa_store_enqueue (store, &app, &page, 1, &id, &reference, &error));
  g_assert_no_error (error);
  return id;
}

/* Cash, UPI and waivers in turn, as a counter would take them. */
static char *
take_payment (SewaStore *store, const char *id, guint i)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaPaymentRecord) rec = NULL;
  g_autofree char *utr = g_strdup_printf ("4%011u", i);
  SewaNewPayment p = { .operator_id = "operator" };

  switch (i % 3)
    {
    case 0:
      p.mode = SEWA_PAY_CASH;
      p.amount_paise = 3000;
      p.tendered_paise = 5000;
      break;
    case 1:
      p.mode = SEWA_PAY_UPI;
      p.amount_paise = 3000;
      p.upi_txn_ref = utr;
      break;
    default:
      p.mode = SEWA_PAY_WAIVED;
      p.waiver_reason = "fee exempt category";
      break;
    }
  g_assert_true (sewa_store_payment_add (store, id, &p, &rec, &error));
  g_assert_no_error (error);
  return g_strdup (rec->id);
}

/* Every payment in @payment_ids (of the applications @app_ids, index for index) is recorded at
 * the portal exactly once, under its application's key and ARN, with the mode and amount the
 * store has, and the store knows it was recorded. Payments from @ordered_from on were taken when
 * the portal already held every application: those are recorded in the order they were taken,
 * after all the earlier ones. */
static void
check_payments (Fixture *f, GPtrArray *payment_ids, GPtrArray *app_ids, guint ordered_from)
{
  g_autoptr (JsonObject) reply = test_sim_admin (f->sim, "GET", "/admin/payments", NULL);
  JsonArray *list = json_object_get_array_member (reply, "payments");
  g_autoptr (GHashTable) at_portal = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (json_array_get_length (list), ==, payment_ids->len);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);
      const char *pid = json_object_get_string_member (e, "payment_id");

      g_assert_false (g_hash_table_contains (at_portal, pid));
      g_hash_table_insert (at_portal, (gpointer) pid, e);
      if (i >= ordered_from)
        g_assert_cmpstr (pid, ==, payment_ids->pdata[i]);
    }
  for (guint i = 0; i < payment_ids->len; i++)
    {
      JsonObject *e = g_hash_table_lookup (at_portal, payment_ids->pdata[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaPaymentRecord) rec = sewa_store_payment_get (f->store, app_ids->pdata[i],
                                                                  &error);

      g_assert_no_error (error);
      g_assert_nonnull (e);
      g_assert_cmpstr (rec->id, ==, payment_ids->pdata[i]);
      g_assert_cmpstr (json_object_get_string_member (e, "key"), ==, app_ids->pdata[i]);
      g_assert_cmpstr (json_object_get_string_member (e, "arn"), ==, rec->arn);
      g_assert_cmpstr (json_object_get_string_member (e, "mode"), ==,
                       sewa_pay_mode_to_string (rec->mode));
      g_assert_cmpint (json_object_get_int_member (e, "amount_paise"), ==, rec->amount_paise);
      g_assert_true (rec->synced);
    }
}

static void
test_exactly_once_in_order (Fixture *f, gconstpointer data)
{
  const guint n = 24;
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) app_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) payment_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (JsonObject) reply = NULL;
  guint n_synced_audit = 0;
  gint64 faults, posts;

  test_enrol (f->sim, f->store, f->dir);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (app_ids, enqueue_due (f->store, i));
  /* Half are paid before the application is sent, half after the portal holds it. */
  for (guint i = 0; i < n / 2; i++)
    g_ptr_array_add (payment_ids, take_payment (f->store, app_ids->pdata[i], i));
  test_sim_set_faults (f->sim, 0.3, "5xx,429,reset,latency,commit-504", 7, 1);

  sync = sewa_sync_new (f->store, &o);
  g_assert_true (sewa_sync_run_once (sync, 300, &error));
  g_assert_no_error (error);
  for (guint i = n / 2; i < n; i++)
    g_ptr_array_add (payment_ids, take_payment (f->store, app_ids->pdata[i], i));
  g_assert_true (sewa_sync_run_once (sync, 300, &error));
  g_assert_no_error (error);

  check_payments (f, payment_ids, app_ids, n / 2);
  faults = test_sim_count (f->sim, "faults_injected");
  reply = test_sim_admin (f->sim, "GET", "/admin/payments", NULL);
  posts = json_object_get_int_member (reply, "posts");
  /* The faults did hit payments: some were posted more than once, and recorded once. */
  g_assert_cmpint (posts, >, n);
  g_assert_cmpint (faults, >, 0);
  log = sewa_store_audit_list (f->store, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (((SewaAuditEntry *) log->pdata[i])->event, "payment_synced"))
      n_synced_audit++;
  g_assert_cmpuint (n_synced_audit, ==, n);
  printf ("# %u payments, %" G_GINT64_FORMAT " POSTs, %" G_GINT64_FORMAT " faults injected\n", n,
          posts, faults);
}

/* A payment whose application the portal does not hold yet (here held in quarantine) is not
 * sent, and run-once still ends; once the application is
 * sent, the payment follows. */
static void
test_waits_for_application (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *a = enqueue_due (f->store, 1);
  g_autofree char *pid = NULL;
  g_autoptr (JsonObject) before = NULL;
  g_autoptr (GPtrArray) app_ids = g_ptr_array_new ();
  g_autoptr (GPtrArray) payment_ids = g_ptr_array_new ();

  test_enrol (f->sim, f->store, f->dir);
  pid = take_payment (f->store, a, 0);
  g_assert_true (sewa_store_quarantine (f->store, a, "held for the test", &error));
  g_assert_no_error (error);

  sync = sewa_sync_new (f->store, &o);
  g_assert_true (sewa_sync_run_once (sync, 30, &error));
  g_assert_no_error (error);
  before = test_sim_admin (f->sim, "GET", "/admin/payments", NULL);
  g_assert_cmpint (json_object_get_int_member (before, "posts"), ==, 0);

  g_assert_true (sewa_store_operator_retry (f->store, a, &error));
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  g_ptr_array_add (app_ids, a);
  g_ptr_array_add (payment_ids, pid);
  check_payments (f, payment_ids, app_ids, 0);
}

static gint64 clock_offset_us;

static gint64
offset_clock (gpointer data)
{
  return g_get_real_time () + clock_offset_us;
}

static void
on_alert (SewaSync *sync, const char *code, const char *message, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup_printf ("%s: %s", code, message));
}

/* How many of @alerts (after the main context delivered them) start with @code and hold
 * @needle. */
static guint
alerts_with (GPtrArray *alerts, const char *code, const char *needle)
{
  guint n = 0;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < alerts->len; i++)
    if (g_str_has_prefix (alerts->pdata[i], code) && strstr (alerts->pdata[i], needle) != NULL)
      n++;
  return n;
}

/* The department's bank credits the citizen's UPI payment for @app_id to the portal (portal-sim's
 * stand-in for the bank). */
static void
bank_credit (Fixture *f, const char *app_id, gint64 paise, const char *utr)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) rec = sewa_store_get (f->store, app_id, FALSE, &error);
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr (JsonObject) reply = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (rec->arn);
  path = g_strdup_printf ("/admin/applications/%s/upi-payment", rec->arn);
  body = g_strdup_printf ("{\"transaction_ref\":\"%s\",\"amount_paise\":%" G_GINT64_FORMAT "}",
                          utr, paise);
  reply = test_sim_admin (f->sim, "POST", path, body);
}

static guint
audit_lines (Fixture *f, const char *event, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = sewa_store_audit_list (f->store, 0, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      SewaAuditEntry *e = log->pdata[i];

      n += g_str_equal (e->event, event) && strstr (e->detail, needle) != NULL;
    }
  return n;
}

/* The citizen paid with the kiosk's UPI code and the portal received it (docs/portal-api.md §7,
 * the status answer's fee): the kiosk's next status poll records the fee as paid by UPI, confirmed
 * by the portal, and sends nothing back. Another amount than the fee is recorded and alerted; a
 * credit for an application with no fee due is alerted and not recorded; polling again changes
 * nothing. */
static void
test_confirmed_by_portal (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) alerts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *a = enqueue_due (f->store, 1);
  g_autofree char *b = enqueue_due (f->store, 2);
  g_autofree char *c = enqueue_due (f->store, 3);
  g_autofree char *free_app = NULL;
  g_autofree char *cash_id = NULL;
  g_autoptr (JsonObject) before = NULL;
  g_autoptr (JsonObject) after = NULL;
  g_autoptr (SewaPaymentRecord) pa = NULL;
  g_autoptr (SewaPaymentRecord) pb = NULL;
  g_autoptr (SewaPaymentRecord) pc = NULL;
  g_autoptr (SewaPaymentRecord) pe = NULL;
  SewaFeeStatus fee = SEWA_FEE_STATUS_DUE;

  /* An application with no fee: the same service, nothing due. */
  {
    g_autofree guint8 *bytes = test_page_bytes (4, 3000);
    SewaNewApplication app = { .service_id = SIM_SERVICE, .catalog_version = SIM_CATALOG_VERSION,
                               .catalog_hash = "0000000000000000000000000000000000000000000000000000000000000000",
                               .form_json = "{\"applicant_name\":\"Test 4\",\"village\":\"Kot\"}",
                               .fee_state = SEWA_FEE_NONE };
    SewaNewPage page = { .document_id = "doc_1", .doc_type = "PAGE", .mime_type = "image/jpeg",
                         .data = bytes, .len = 3000 };

    g_assert_true (sewa_store_enqueue (f->store, &app, &page, 1, &free_app, NULL, &error));
    g_assert_no_error (error);
  }
  test_enrol (f->sim, f->store, f->dir);
  /* b's fee was taken in cash at the counter: the portal will refuse a bank credit for it. */
  cash_id = take_payment (f->store, b, 0);

  clock_offset_us = 0;
  o.clock = offset_clock;
  o.poll = (SewaBackoffPolicy) { .base_ms = 60000, .cap_ms = 60000, .jitter = FALSE };
  sync = sewa_sync_new (f->store, &o);
  g_signal_connect (sync, "alert", G_CALLBACK (on_alert), alerts);
  g_assert_true (sewa_sync_run_once (sync, 120, &error));
  g_assert_no_error (error);
  before = test_sim_admin (f->sim, "GET", "/admin/payments", NULL);
  g_assert_cmpint (json_object_get_int_member (before, "posts"), ==, 1);

  bank_credit (f, a, 3000, "412345678901");
  bank_credit (f, c, 2000, "412345678902");
  bank_credit (f, free_app, 3000, "412345678903");
  clock_offset_us += 120 * G_USEC_PER_SEC;
  g_assert_true (sewa_sync_run_once (sync, 120, &error));
  g_assert_no_error (error);

  pa = sewa_store_payment_get (f->store, a, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pa);
  g_assert_cmpint (pa->mode, ==, SEWA_PAY_UPI);
  g_assert_cmpint (pa->amount_paise, ==, 3000);
  g_assert_cmpstr (pa->upi_txn_ref, ==, "412345678901");
  g_assert_cmpstr (pa->operator_id, ==, SEWA_PAYMENT_BY_PORTAL);
  g_assert_true (pa->synced);
  g_assert_true (sewa_store_fee_status (f->store, a, &fee, &error));
  g_assert_cmpint (fee, ==, SEWA_FEE_STATUS_PAID_UPI);
  pb = sewa_store_payment_get (f->store, b, &error);
  g_assert_cmpint (pb->mode, ==, SEWA_PAY_CASH);
  g_assert_cmpstr (pb->id, ==, cash_id);
  pc = sewa_store_payment_get (f->store, c, &error);
  g_assert_nonnull (pc);
  g_assert_cmpint (pc->amount_paise, ==, 2000);
  g_assert_cmpstr (pc->operator_id, ==, SEWA_PAYMENT_BY_PORTAL);
  pe = sewa_store_payment_get (f->store, free_app, &error);
  g_assert_no_error (error);
  g_assert_null (pe);
  g_assert_cmpuint (alerts_with (alerts, "payment-conflict", "2000 paise by UPI for a fee of 3000"), ==, 1);
  g_assert_cmpuint (alerts_with (alerts, "payment-conflict", "no fee due"), ==, 1);

  /* Polled again, later: nothing more recorded, alerted or sent. */
  clock_offset_us += 120 * G_USEC_PER_SEC;
  g_assert_true (sewa_sync_run_once (sync, 120, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (audit_lines (f, "payment", "operator=portal"), ==, 2);
  /* The recorded amount is not alerted again; the refund still owed is, once per engine run
   * (each run-once is a new engine, as a kiosk restart is). */
  g_assert_cmpuint (alerts_with (alerts, "payment-conflict", "2000 paise by UPI for a fee of 3000"), ==, 1);
  g_assert_cmpuint (alerts_with (alerts, "payment-conflict", "no fee due"), ==, 2);
  g_assert_cmpuint (alerts_with (alerts, "payment-conflict", ""), ==, 3);
  after = test_sim_admin (f->sim, "GET", "/admin/payments", NULL);
  g_assert_cmpint (json_object_get_int_member (after, "posts"), ==, 1);
  /* The portal holds b's cash and the three bank credits it took, each once. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after, "payments")), ==, 4);
}

/* The citizen paid twice: with the kiosk's UPI code (the bank's credit reached the portal) and,
 * before the kiosk heard of it, in cash at the counter. The portal refuses the cash payment (409:
 * it holds another for the application). The kiosk holds it back, kept and alerted, and the
 * payment taken after it still reaches the portal: one refused payment does not stop the rest. */
static void
test_conflict_held (Fixture *f, gconstpointer data)
{
  SewaSyncOptions o = fast_options (f);
  g_autoptr (SewaSync) sync = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) alerts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *x = enqueue_due (f->store, 1);
  g_autofree char *y = enqueue_due (f->store, 2);
  g_autofree char *x_cash = NULL;
  g_autofree char *y_cash = NULL;
  g_autoptr (SewaAppRecord) x_app = NULL;
  g_autoptr (SewaPaymentRecord) x_pay = NULL;
  g_autoptr (SewaPaymentRecord) next = NULL;
  g_autoptr (JsonObject) got = NULL;
  g_autofree char *needle = NULL;
  JsonArray *list;

  test_enrol (f->sim, f->store, f->dir);
  sync = sewa_sync_new (f->store, &o);
  g_signal_connect (sync, "alert", G_CALLBACK (on_alert), alerts);
  g_assert_true (sewa_sync_run_once (sync, 120, &error));
  g_assert_no_error (error);
  bank_credit (f, x, 3000, "412345678909");
  x_cash = take_payment (f->store, x, 0);
  y_cash = take_payment (f->store, y, 3);

  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  got = test_sim_admin (f->sim, "GET", "/admin/payments", NULL);
  list = json_object_get_array_member (got, "payments");
  /* x's bank credit and y's cash, each once; x's cash never. */
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "key"), ==, x);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "mode"), ==, "upi");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "payment_id"), ==, y_cash);
  x_pay = sewa_store_payment_get (f->store, x, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (x_pay->id, ==, x_cash);
  g_assert_false (x_pay->synced);
  g_assert_true (x_pay->held);
  g_assert_true (sewa_store_payment_next_unsynced (f->store, &next, &error));
  g_assert_null (next);
  x_app = sewa_store_get (f->store, x, FALSE, &error);
  needle = g_strdup_printf ("application %s: the portal holds another payment", x_app->reference);
  g_assert_cmpuint (alerts_with (alerts, "payment-conflict", needle), ==, 1);
  g_assert_cmpuint (alerts_with (alerts, "payment-stuck", ""), ==, 0);
  g_assert_cmpuint (audit_lines (f, "payment_held", x_cash), ==, 1);

  /* Held once: another run sends nothing and holds nothing again. */
  g_assert_true (sewa_sync_run_once (sync, 60, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (audit_lines (f, "payment_held", x_cash), ==, 1);
  g_clear_pointer (&got, json_object_unref);
  got = test_sim_admin (f->sim, "GET", "/admin/payments", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (got, "payments")), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  g_test_add ("/sync-payment/exactly-once-in-order", Fixture, NULL, fixture_set_up,
              test_exactly_once_in_order, fixture_tear_down);
  g_test_add ("/sync-payment/waits-for-application", Fixture, NULL, fixture_set_up,
              test_waits_for_application, fixture_tear_down);
  g_test_add ("/sync-payment/confirmed-by-portal", Fixture, NULL, fixture_set_up,
              test_confirmed_by_portal, fixture_tear_down);
  g_test_add ("/sync-payment/conflict-held", Fixture, NULL, fixture_set_up,
              test_conflict_held, fixture_tear_down);
  {
    int rc = g_test_run ();

    curl_global_cleanup ();
    return rc;
  }
}
