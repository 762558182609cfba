/* test-kioskctl-report.c — `kioskctl report day` (#18's day close) on a store with cash, UPI and
 * waived payments, a cancelled application and a day closed with the drawer short: the CSV is
 * read back with Python's csv module, its counts and amounts checked, and no name, mobile
 * number or Aadhaar digits found in it. argv[1]: the kioskctl binary. */
#include "sewa-store.h"
#include "store-test-util.h"

static const char *kioskctl;

static char *
enqueue_due (SewaStore *store)
{
  SewaNewApplication app = test_application ();
  g_autoptr (GError) error = NULL;
  char *id = NULL;
  const char *const aadhaar[] = { "aadhaar_last4", NULL };

  app.fee_state = SEWA_FEE_DUE;
  app.fee_payment_ref = NULL;
  app.aadhaar_fields = aadhaar;
  g_assert_true (sewa_store_enqueue (store, &app, NULL, 0, &id, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static char *
run_report (const char *dir, const char *day, const char *extra, int *out_status)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { kioskctl, "--state-dir", dir, "report", "day", "--date", day,
                         extra, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, out_status, &error));
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("kioskctl: %s", err);
  return g_steal_pointer (&out);
}

/* The checks, in Python with its csv module, as a spreadsheet would read the file. */
static const char check_py[] =
  "import csv, re, sys\n"
  "rows = list(csv.reader(open(sys.argv[1], newline='')))\n"
  "assert rows[0] == ['section', 'service_id', 'state_or_mode', 'count', 'amount_paise'], rows[0]\n"
  "body = rows[1:]\n"
  "assert all(len(r) == 5 for r in body), body\n"
  "pay = {r[2]: (int(r[3]), int(r[4])) for r in body if r[0] == 'payments'}\n"
  "assert pay == {'cash': (2, 7500), 'upi': (1, 4500), 'waived': (1, 0)}, pay\n"
  "cash = {r[2]: int(r[4]) for r in body if r[0] == 'cash'}\n"
  "assert cash == {'expected': 7500, 'counted': 7000, 'difference': -500}, cash\n"
  "apps = {(r[1], r[2]): int(r[3]) for r in body if r[0] == 'applications'}\n"
  "assert apps == {('caste-certificate-sc', 'queued'): 4, ('caste-certificate-sc', 'cancelled'): 1}, apps\n"
  "text = open(sys.argv[1], encoding='utf-8').read()\n"
  "for word in ['Gurpreet', 'Kaur', 'Sandhu', 'Kot Isa Khan', '9876543210', '4321']:\n"
  "    assert word not in text, word\n"
  "assert not re.search(r'[0-9]{10,}', text), 'a run of digits like a mobile or Aadhaar number'\n"
  "print('csv ok:', len(body), 'rows')\n";

static void
test_day_csv (void)
{
  g_autofree char *dir = test_state_dir ();
  SewaStore *store = test_open (dir);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  char *ids[5] = { NULL };
  SewaNewPayment cash = { .mode = SEWA_PAY_CASH, .amount_paise = 4500, .tendered_paise = 5000,
                          .operator_id = "operator" };
  SewaNewPayment cash2 = { .mode = SEWA_PAY_CASH, .amount_paise = 3000, .tendered_paise = 3000,
                           .operator_id = "operator" };
  SewaNewPayment upi = { .mode = SEWA_PAY_UPI, .amount_paise = 4500,
                         .upi_txn_ref = "412345678901", .operator_id = "operator" };
  SewaNewPayment waive = { .mode = SEWA_PAY_WAIVED, .waiver_reason = "exempt",
                           .operator_id = "operator" };
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv_path = g_build_filename (dir, "day.csv", NULL);
  g_autofree char *py_out = NULL;
  int status = -1;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = enqueue_due (store);
  g_assert_true (sewa_store_payment_add (store, ids[0], &cash, NULL, &error));
  g_assert_true (sewa_store_payment_add (store, ids[1], &cash2, NULL, &error));
  g_assert_true (sewa_store_payment_add (store, ids[2], &upi, NULL, &error));
  g_assert_true (sewa_store_payment_add (store, ids[3], &waive, NULL, &error));
  g_assert_true (sewa_store_cancel (store, ids[4], "entered twice", "operator", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);

  /* Before the day is closed: no counted cash. */
  text = run_report (dir, day, NULL, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (text, "not closed"));
  g_clear_pointer (&text, g_free);

  /* The drawer holds ₹70 of the ₹75 expected: recorded, audited, and in the CSV. */
  {
    const char *argv[] = { kioskctl, "--state-dir", dir, "report", "day", "--date", day,
                           "--counted", "70", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  csv = run_report (dir, day, "--csv", &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_set_contents (csv_path, csv, -1, &error));
  {
    const char *argv[] = { "python3", "-c", check_py, csv_path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &py_out, NULL, &status, &error));
    g_assert_no_error (error);
    g_test_message ("%s", py_out);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("the CSV check failed:\n%s", csv);
  }
  store = test_open (dir);
  {
    g_autoptr (GPtrArray) log = sewa_store_audit_list (store, 0, 0, &error);
    gboolean found = FALSE;

    for (guint i = 0; i < log->len; i++)
      {
        SewaAuditEntry *e = log->pdata[i];

        if (g_str_equal (e->event, "day_close") && strstr (e->detail, "difference_paise=-500"))
          found = TRUE;
      }
    g_assert_true (found);
  }
  g_assert_finalize_object (store);

  /* A malformed date or amount is a usage error. */
  g_clear_pointer (&text, g_free);
  text = run_report (dir, "2026-13-01", "--csv", &status);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, >=, 2);
  kioskctl = argv[1];
  g_test_add_func ("/kioskctl/report/day-csv", test_day_csv);
  return g_test_run ();
}
