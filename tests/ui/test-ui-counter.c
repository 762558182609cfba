/* Operator mode's Counter tab (#18), pressed through the X server, with the kiosk enrolled with
 * portal-sim. The link is down while the operator finds an application by the reference on its
 * receipt (typed on the on-screen keyboard, or its QR scanned), takes the fee in cash and is told
 * the change, confirms a UPI payment (a malformed transaction number is refused first) and
 * cancels an application never sent; the link comes back; the operator waives a fee, finds an
 * application whose citizen paid with the kiosk's UPI code (the bank's credit reached portal-sim:
 * the kiosk asks the portal at once and a second Find shows it paid, confirmed by the portal, and
 * cash for it is refused), and closes the day with ₹5 missing from the drawer (closing with no count typed is refused first). After
 * each, the kiosk's store, its audit log and the printed slips and summary say the same as the
 * screen; portal-sim holds each payment exactly once under its application, never the cancelled
 * application, and the kiosk's audit chain entry for entry, day close included. Screenshots of
 * the tab in pa, hi and en. An application not sent cannot be corrected (the tab says why). Then
 * an assisted application in Punjabi whose cash payment portal-sim holds exactly once and whose
 * reprint by an English operator is in Punjabi; and a correction of a sent application, linked
 * to it at portal-sim; in both, portal-sim's copy of the audit chain is the store's. */
#include "sewa-journey.h"
#include "sewa-printer-peer.h"
#include "sync-test-util.h"
#include "sewa-store.h"
#include "sewa-receipt-qr.h"

#include <glib/gstdio.h>
#include <string.h>

static gboolean
pin_pad_open (JsonObject *state, gpointer unused)
{
  return g_strcmp0 (sewa_fingers_screen (state), "operator-pin") == 0;
}

static gboolean
label_has (JsonObject *state, gpointer pair)
{
  const char *const *want = pair;
  JsonObject *w = sewa_fingers_find (state, want[0]);

  return w != NULL && strstr (json_object_get_string_member_with_default (w, "text", ""), want[1]) != NULL;
}

/* The operator's PIN 2468 in the kiosk's configuration (by `kioskctl operator set-pin`). */
static char *
pin_config (SewaJourney *j)
{
  g_autofree char *ctl = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "kioskctl", "kioskctl", NULL);
  g_autofree char *conf = g_build_filename (j->home, "pin.conf", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) set_pin = NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *hash = NULL;

  g_assert_true (g_file_set_contents (conf, "[kiosk]\ncentre=ASR02\n", -1, &error));
  set_pin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, ctl, "operator", "set-pin", conf, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (set_pin, "2468\n2468\n", NULL, NULL, NULL, &error));
  g_assert_true (g_subprocess_get_successful (set_pin));
  g_assert_true (g_key_file_load_from_file (kf, conf, G_KEY_FILE_NONE, &error));
  hash = g_key_file_get_string (kf, "operator", "pin-hash", &error);
  g_assert_no_error (error);
  return g_strdup_printf ("[operator]\npin-hash=%s\n", hash);
}

static SewaStore *
open_store (SewaJourney *j)
{
  SewaStoreOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *data_home = g_build_filename (j->home, "xdg-data", NULL);
  SewaStore *store;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  options.state_dir = j->state_dir;
  options.create_key = TRUE;
  options.centre_code = "ASR02";
  options.kiosk_number = 7;
  g_assert_cmpint (g_mkdir_with_parents (j->state_dir, 0700), ==, 0);
  store = sewa_store_open_full (&options, &error);
  g_assert_no_error (error);
  return store;
}

/* An application for a birth certificate with a fee of ₹45.00 due, as the kiosk would have
 * queued it: with the photographed proof of identity the portal requires, and the citizen's
 * mobile number (@mobile, may be NULL) sealed with it (what the counter's search by the last four
 * digits looks for) and language (@lang, NULL: the kiosk's). */
static char *
enqueue_due_for (SewaStore *store, const char *mobile, const char *lang)
{
  g_autofree char *photo = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "sample-photos",
                                             "IMG_0001.JPG", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) rec = NULL;
  g_autofree char *id = NULL;
  gsize len = 0;
  SewaNewPage page = { .document_id = "id_proof", .doc_type = "ADHAR", .mime_type = "image/jpeg" };
  SewaNewApplication app = { .service_id = "birth-certificate", .catalog_version = "1",
                             .catalog_hash = "h", .form_json = "{\"applicant_name\":\"Test\"}",
                             .citizen_ref = mobile, .citizen_lang = lang, .fee_state = SEWA_FEE_DUE,
                             .fee_amount_paise = 4500 };

  g_assert_true (g_file_get_contents (photo, &bytes, &len, &error));
  page.data = (const guint8 *) bytes;
  page.len = len;
  g_assert_true (sewa_store_enqueue (store, &app, &page, 1, &id, NULL, &error));
  g_assert_no_error (error);
  rec = sewa_store_get (store, id, FALSE, &error);
  g_assert_no_error (error);
  return g_strdup (rec->reference);
}

/* With the keyboard up the tab scrolls: what is tapped is scrolled into view first. */
static void
tap (SewaJourney *j, const char *selector)
{
  sewa_fingers_scroll_to (j->f, selector);
  sewa_fingers_tap (j->f, selector);
}

static void
type_into (SewaJourney *j, const char *field, const char *text)
{
  tap (j, field);
  sewa_fingers_type_osk (j->f, text);
}

/* Types @reference (lower case: the counter takes either) and taps Find; waits until the tab
 * names it. */
static void
find (SewaJourney *j, const char *reference)
{
  g_autofree char *lower = g_ascii_strdown (reference, -1);
  const char *pair[] = { "#counter_found", reference };
  g_autoptr (JsonObject) found = NULL;

  type_into (j, "#counter_reference", lower);
  tap (j, "#counter_find_button");
  found = sewa_fingers_wait (j->f, label_has, (gpointer) pair, "the application found", 30);
}

static void
wait_result (SewaJourney *j, const char *text, const char *what)
{
  const char *pair[] = { "#counter_result", text };
  g_autoptr (JsonObject) shown = sewa_fingers_wait (j->f, label_has, (gpointer) pair, what, 30);
}

static gboolean
osk_digits (JsonObject *state, gpointer unused)
{
  JsonObject *osk = json_object_get_object_member (state, "osk");

  return json_object_get_boolean_member (osk, "visible") &&
         g_strcmp0 (json_object_get_string_member_with_default (osk, "layout", ""), "123") == 0;
}

/* Whether @selector's widget is on screen whole (its visible part is all of it). */
static gboolean
fully_shown (JsonObject *state, const char *selector)
{
  JsonObject *w = sewa_fingers_find (state, selector);

  return w != NULL && json_object_get_int_member (w, "h") > 0 &&
         json_object_get_int_member (w, "vw") == json_object_get_int_member (w, "w") &&
         json_object_get_int_member (w, "vh") == json_object_get_int_member (w, "h");
}

static gboolean
printed (JsonObject *state, gpointer needle)
{
  g_autofree char *text = sewa_printer_peer_job_text (needle);

  return text != NULL;
}

static gboolean
portal_holds_one (JsonObject *state, gpointer journey)
{
  return sewa_journey_portal_count (journey) == 1;
}

static gboolean
portal_has_payments (JsonObject *state, gpointer journey)
{
  g_autoptr (JsonObject) got = sewa_journey_portal_admin (journey, "GET", "/admin/payments", NULL);

  return json_array_get_length (json_object_get_array_member (got, "payments")) >= 3
         && sewa_journey_portal_count (journey) >= 4;
}

/* The key portal-sim holds the application with @reference under (it must hold it). */
static char *
portal_key (SewaJourney *j, const char *reference)
{
  g_autofree char *path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  g_autoptr (JsonObject) held = sewa_journey_portal_admin (j, "GET", path, NULL);

  return g_strdup (json_object_get_string_member (held, "key"));
}

static const char *
payment_body_string (JsonObject *payment, const char *member)
{
  return json_object_get_string_member_with_default (json_object_get_object_member (payment, "body"),
                                                     member, NULL);
}

/* portal-sim's payment for the application held under @key (there must be exactly one). */
static JsonObject *
portal_payment_for (JsonArray *payments, const char *key)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (payments); i++)
    {
      JsonObject *p = json_array_get_object_element (payments, i);

      if (g_strcmp0 (json_object_get_string_member (p, "key"), key) == 0)
        {
          g_assert_null (found);
          found = p;
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* portal-sim holds the applications of the cash, UPI and waived payments and the fifth, and not the
 * cancelled one (four held of the five the kiosk had, none twice), and exactly the three payments, each
 * under its own application, recorded once, as the screen said. (Each is recorded after its
 * application: portal-sim refuses a payment for an application it does not hold. Payments for
 * different applications go in the order their applications were answered, which the kiosk
 * sends side by side.) */
static void
assert_portal_payments (SewaJourney *j, const char *ref_cash, const char *ref_upi,
                        const char *ref_waived)
{
  g_autofree char *key_cash = portal_key (j, ref_cash);
  g_autofree char *key_upi = portal_key (j, ref_upi);
  g_autofree char *key_waived = portal_key (j, ref_waived);
  g_autoptr (JsonObject) got = sewa_journey_portal_admin (j, "GET", "/admin/payments", NULL);
  JsonArray *payments = json_object_get_array_member (got, "payments");
  JsonObject *cash, *upi, *waived;

  g_assert_cmpint (sewa_journey_portal_count (j), ==, 4);
  g_assert_cmpuint (json_array_get_length (payments), ==, 3);
  cash = portal_payment_for (payments, key_cash);
  upi = portal_payment_for (payments, key_upi);
  waived = portal_payment_for (payments, key_waived);
  g_assert_cmpstr (json_object_get_string_member (cash, "mode"), ==, "cash");
  g_assert_cmpint (json_object_get_int_member (cash, "amount_paise"), ==, 4500);
  g_assert_true (g_str_has_suffix (payment_body_string (cash, "counter_receipt"), "-0001"));
  g_assert_cmpstr (json_object_get_string_member (upi, "mode"), ==, "upi");
  g_assert_cmpint (json_object_get_int_member (upi, "amount_paise"), ==, 4500);
  g_assert_cmpstr (payment_body_string (upi, "transaction_ref"), ==, "123456789012");
  g_assert_cmpstr (json_object_get_string_member (waived, "mode"), ==, "waived");
  g_assert_cmpint (json_object_get_int_member (waived, "amount_paise"), ==, 0);
  g_assert_cmpstr (payment_body_string (waived, "waiver_reason"), ==, "Senior citizen");
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *p = json_array_get_object_element (payments, i);

      g_assert_cmpstr (payment_body_string (p, "operator_id"), ==, "operator");
      g_assert_cmpint (json_object_get_int_member (p, "post_count"), >=, 1);
    }
}

/* How many of the audit entries portal-sim holds are @event with @needle in their detail. */
static guint
portal_audit_count (SewaJourney *j, const char *event, const char *needle)
{
  g_autoptr (JsonObject) got = sewa_journey_portal_admin (j, "GET", "/admin/audit", NULL);
  JsonArray *entries = json_object_get_array_member (got, "entries");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      const char *detail = json_object_get_null_member (e, "detail")
                             ? "" : json_object_get_string_member (e, "detail");

      if (g_strcmp0 (json_object_get_string_member (e, "event"), event) == 0
          && strstr (detail, needle) != NULL)
        n++;
    }
  return n;
}

typedef struct
{
  SewaJourney *j;
  const char *event;
  const char *needle;
} AuditWait;

static gboolean
portal_audit_has (JsonObject *state, gpointer data)
{
  AuditWait *w = data;

  return portal_audit_count (w->j, w->event, w->needle) > 0;
}

/* Waits for the audit entry @event (with @needle in its detail) at portal-sim: the kiosk sends
 * its log at once after the actions that matter (a payment, a cancellation, a day close, a
 * reprint, a correction), not at the log's interval (five minutes). */
static void
wait_portal_audit (SewaJourney *j, const char *event, const char *needle)
{
  AuditWait w = { j, event, needle };
  g_autofree char *what = g_strdup_printf ("the %s audit entry at the portal", event);
  g_autoptr (JsonObject) state = sewa_fingers_wait (j->f, portal_audit_has, &w, what, 60);
}

/* portal-sim's copy of the audit chain is the store's, entry for entry from the first: the same
 * event, actor, detail and links. Returns how many entries it holds. */
static guint
assert_portal_audit_is_store_audit (SewaJourney *j, SewaStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = sewa_store_audit_list (store, 0, 0, &error);
  g_autoptr (JsonObject) got = sewa_journey_portal_admin (j, "GET", "/admin/audit", NULL);
  JsonArray *entries = json_object_get_array_member (got, "entries");
  guint n = json_array_get_length (entries);

  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <=, log->len);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *held = json_array_get_object_element (entries, i);
      SewaAuditEntry *mine = log->pdata[i];
      const char *actor = json_object_get_null_member (held, "actor")
                            ? "" : json_object_get_string_member (held, "actor");

      g_assert_cmpint (json_object_get_int_member (held, "seq"), ==, mine->id);
      g_assert_cmpstr (json_object_get_string_member (held, "event"), ==, mine->event);
      g_assert_cmpstr (actor, ==, mine->actor != NULL ? mine->actor : "");
      g_assert_cmpstr (json_object_get_string_member (held, "detail"), ==, mine->detail);
      g_assert_cmpstr (json_object_get_string_member (held, "prev_hash"), ==, mine->prev_hash);
      g_assert_cmpstr (json_object_get_string_member (held, "hash"), ==, mine->hash);
    }
  return n;
}

static guint
audit_count (SewaStore *store, const char *event, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = sewa_store_audit_list (store, 0, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      SewaAuditEntry *e = log->pdata[i];

      if (g_str_equal (e->event, event) && strstr (e->detail, needle) != NULL)
        n++;
    }
  return n;
}

typedef struct
{
  SewaJourney *j;
  const char *reference;
} PaymentWait;

static gboolean
store_has_payment (JsonObject *state, gpointer data)
{
  PaymentWait *w = data;
  g_autoptr (GError) error = NULL;
  SewaStore *store = open_store (w->j);
  g_autoptr (SewaPaymentRecord) rec = sewa_store_payment_get (store, w->reference, &error);

  g_assert_no_error (error);
  sewa_store_close (store);
  g_object_unref (store);
  return rec != NULL;
}

/* The citizen of @reference paid the fee with the kiosk's UPI code on their phone, and the
 * bank's credit reached the portal (portal-sim's admin stands in for the bank). The operator finds
 * the application at the counter: the kiosk asks the portal at once (not at its next status poll,
 * up to hours away) and records the payment, and a second Find shows it paid by UPI, confirmed by
 * the portal. Cash for it is then refused: a fee is paid once. */
static void
upi_confirmed_by_portal (SewaJourney *j, const char *reference)
{
  g_autofree char *path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  g_autoptr (JsonObject) held = sewa_journey_portal_admin (j, "GET", path, NULL);
  g_autofree char *credit = g_strdup_printf ("/admin/applications/%s/upi-payment",
                                             json_object_get_string_member (held, "arn"));
  g_autoptr (JsonObject) recorded = sewa_journey_portal_admin (
    j, "POST", credit, "{\"transaction_ref\":\"523456789012\",\"amount_paise\":4500}");
  g_autofree char *lower = g_ascii_strdown (reference, -1);
  const char *confirmed[] = { "#counter_found", "ਪੋਰਟਲ ਨੇ ਪੁਸ਼ਟੀ ਕੀਤੀ" };
  PaymentWait w = { j, reference };
  g_autoptr (JsonObject) kept = NULL;
  g_autoptr (JsonObject) shown = NULL;

  find (j, reference);
  kept = sewa_fingers_wait (j->f, store_has_payment, &w, "the portal's UPI payment recorded", 90);
  type_into (j, "#counter_reference", lower);
  tap (j, "#counter_find_button");
  shown = sewa_fingers_wait (j->f, label_has, (gpointer) confirmed, "the fee shown paid, confirmed by the portal", 30);
  g_free (sewa_fingers_screenshot (j->f, "counter-upi-confirmed-pa"));
  type_into (j, "#counter_tendered", "50");
  tap (j, "#counter_cash_button");
  wait_result (j, "ਇਸ ਅਰਜ਼ੀ ਦੀ ਕੋਈ ਫੀਸ ਬਕਾਇਆ ਨਹੀਂ।", "cash for a fee paid already refused");
  {
    g_autoptr (GError) error = NULL;
    SewaStore *store = open_store (j);
    g_autoptr (SewaPaymentRecord) rec = sewa_store_payment_get (store, reference, &error);

    g_assert_no_error (error);
    g_assert_cmpint (rec->mode, ==, SEWA_PAY_UPI);
    g_assert_cmpint (rec->amount_paise, ==, 4500);
    g_assert_cmpstr (rec->upi_txn_ref, ==, "523456789012");
    g_assert_cmpstr (rec->operator_id, ==, SEWA_PAYMENT_BY_PORTAL);
    g_assert_true (rec->synced);
    sewa_store_close (store);
    g_object_unref (store);
  }
}

static void
test_counter (void)
{
  SewaJourney *j = sewa_journey_new ("counter", TRUE);
  g_autofree char *extra = pin_config (j);
  g_autofree char *ref_cash = NULL, *ref_upi = NULL, *ref_cancel = NULL, *ref_twin = NULL;
  g_autofree char *ref_bank = NULL;
  g_autofree char *doc = g_build_filename (j->photos, "IMG_0001.JPG", NULL);
  g_autofree char *qr = NULL;
  /* The tab's title as po/pa.po has it. */
  const char *tab = "=ਕਾਊਂਟਰ";
  SewaStore *store;

  /* Enrolled, but the link is down from before the kiosk starts until the cancellation: the
   * application cancelled has never been sent, and the payments wait for their applications. */
  sewa_journey_portal_stop (j);
  store = open_store (j);
  /* The citizen who pays cash used the kiosk in Hindi: their payment slip is in Hindi. */
  ref_cash = enqueue_due_for (store, NULL, "hi");
  ref_upi = enqueue_due_for (store, NULL, NULL);
  /* Two citizens whose mobiles end in the same four digits: the search offers both. */
  ref_cancel = enqueue_due_for (store, "9876543210", NULL);
  ref_twin = enqueue_due_for (store, "+91 98123 43210", NULL);
  /* The fifth citizen pays with the kiosk's UPI code on their phone (the portal learns it). */
  ref_bank = enqueue_due_for (store, NULL, NULL);
  sewa_store_close (store);
  g_clear_object (&store);
  /* The camera holds only a photo of the first receipt's status QR (as the operator holds the
   * citizen's receipt to it). */
  qr = sewa_receipt_qr_build ("https://sewa.punjab.gov.in/track", ref_cash, NULL);
  sewa_journey_put_code_photo (j, "RECEIPT_0001.JPG", qr);
  g_assert_cmpint (g_unlink (doc), ==, 0);

  sewa_journey_launch (j, extra);
  sewa_fingers_wait_screen (j->f, "home");
  sewa_fingers_hold (j->f, "#emblem", pin_pad_open, NULL, 6000);
  sewa_fingers_wait_screen (j->f, "operator-pin");
  sewa_journey_tap_pin (j, "2468");
  sewa_fingers_wait_screen (j->f, "operator");
  sewa_fingers_tap (j->f, tab);
  j->lang = SEWA_LANG_PA;

  /* Cash: the receipt scanned (its QR through the camera), then ₹50 for a ₹45 fee, ₹5 back,
   * counter receipt number 1 of the day. */
  {
    const char *pair[] = { "#counter_found", ref_cash };
    g_autoptr (JsonObject) found = NULL;

    tap (j, "#counter_scan_button");
    found = sewa_fingers_wait (j->f, label_has, (gpointer) pair, "the scanned receipt's application", 60);
  }
  sewa_journey_check (j, "counter-found");
  type_into (j, "#counter_tendered", "50");
  tap (j, "#counter_cash_button");
  wait_result (j, "₹ 5.00", "the change to give back");
  wait_result (j, "CR-", "the counter receipt number");
  g_free (sewa_fingers_screenshot (j->f, "counter-cash-pa"));
  /* The receipt was printed at submit: the payment gets its own slip, naming the application,
   * in the citizen's language (Hindi) while the operator works in Punjabi. */
  {
    g_autoptr (JsonObject) done = sewa_fingers_wait (j->f, printed, ref_cash,
                                                     "the cash payment's slip printed", 60);
    g_autofree char *slip = sewa_printer_peer_job_text (ref_cash);

    g_assert_nonnull (strstr (slip, "Payment slip"));
    g_assert_nonnull (strstr (slip, "भुगतान पर्ची"));
    g_assert_nonnull (strstr (slip, "₹ 45.00"));
    g_assert_nonnull (strstr (slip, "CR-"));
    g_assert_nonnull (strstr (slip, "operator"));
    g_assert_nonnull (strstr (slip, "Birth"));
  }

  /* UPI: a short transaction number is refused on the screen, twelve digits are recorded. */
  find (j, ref_upi);
  type_into (j, "#counter_utr", "12345");
  tap (j, "#counter_upi_button");
  wait_result (j, "UPI ਲੈਣ-ਦੇਣ ਨੰਬਰ 12 ਅੰਕਾਂ ਦਾ ਹੁੰਦਾ ਹੈ।", "the malformed UPI number refused");
  type_into (j, "#counter_utr", "6789012");
  tap (j, "#counter_upi_button");
  wait_result (j, "123456789012", "the UPI payment recorded");
  {
    g_autoptr (JsonObject) done = sewa_fingers_wait (j->f, printed, "123456789012",
                                                     "the UPI payment's slip printed", 60);
    g_autofree char *slip = sewa_printer_peer_job_text ("123456789012");

    g_assert_nonnull (strstr (slip, ref_upi));
    g_assert_nonnull (strstr (slip, "Payment slip"));
  }

  /* Cancel: an application never sent, with the operator's reason; found by the citizen's
   * mobile (last four digits, today), one of two that match. Digits no one has are said so. */
  type_into (j, "#counter_mobile", "9999");
  tap (j, "#counter_find_mobile_button");
  wait_result (j, "ਉਸ ਦਿਨ", "no application that day");
  /* The day typed as DDMMYYYY (today's) finds what an empty date field finds. */
  type_into (j, "#counter_mobile", "3210");
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%d%m%Y");

    type_into (j, "#counter_date", today);
  }
  tap (j, "#counter_find_mobile_button");
  {
    g_autofree char *twin = g_strdup_printf (".counter-match ~%s", ref_twin);
    g_autofree char *mine = g_strdup_printf (".counter-match ~%s", ref_cancel);
    const char *pair[] = { "#counter_found", ref_cancel };
    g_autoptr (JsonObject) listed = sewa_fingers_wait_for (j->f, twin, 30);
    g_autoptr (JsonObject) found = NULL;

    g_free (sewa_fingers_screenshot (j->f, "counter-matches-pa"));
    tap (j, mine);
    found = sewa_fingers_wait (j->f, label_has, (gpointer) pair, "the chosen application", 30);
  }
  /* It cannot be corrected, never having been sent: the Counter says why, and nothing is
   * begun. */
  tap (j, "#counter_correct_button");
  wait_result (j, "ਹਾਲੇ ਪੋਰਟਲ ਨੂੰ ਨਹੀਂ ਭੇਜੀ ਗਈ", "the correction of an unsent application refused");
  g_free (sewa_fingers_screenshot (j->f, "counter-correct-refused-pa"));
  {
    g_autoptr (JsonObject) now = sewa_fingers_state (j->f);

    g_assert_cmpstr (sewa_fingers_screen (now), ==, "operator");
  }
  type_into (j, "#counter_reason", "entered twice");
  tap (j, "#counter_cancel_button");
  wait_result (j, ref_cancel, "the cancellation");
  g_free (sewa_fingers_screenshot (j->f, "counter-cancel-pa"));
  /* The link comes back: the kiosk sends what it holds (checked below, with the waiver). */
  sewa_journey_portal_start (j);

  /* Waive: the other citizen's fee, found in the same list of matches; with no reason it is
   * refused, then waived for a senior citizen (the reason chosen from the usual ones). */
  {
    g_autofree char *twin = g_strdup_printf (".counter-match ~%s", ref_twin);
    const char *pair[] = { "#counter_found", ref_twin };
    g_autoptr (JsonObject) found = NULL;

    tap (j, twin);
    found = sewa_fingers_wait (j->f, label_has, (gpointer) pair, "the other application", 30);
  }
  tap (j, "#counter_waive_button");
  wait_result (j, "ਫ਼ੀਸ ਮੁਆਫ਼ ਕਰਨ ਦਾ ਕਾਰਨ ਚੁਣੋ ਜਾਂ ਲਿਖੋ।", "a waiver without a reason refused");
  tap (j, "#counter_waive_senior");
  wait_result (j, "ਫ਼ੀਸ ਮੁਆਫ਼ ਹੋ ਗਈ ਹੈ", "the fee waived");
  g_free (sewa_fingers_screenshot (j->f, "counter-waived-pa"));
  /* At portal-sim: the three applications still due and their three payments (cash, UPI, the
   * waiver), each once, in the order taken; the cancelled application never. The kiosk probes
   * the returned portal on its offline backoff (up to five minutes between probes). */
  {
    g_autoptr (JsonObject) sent = sewa_fingers_wait (j->f, portal_has_payments, j,
                                                     "the three payments at the portal", 300);

    assert_portal_payments (j, ref_cash, ref_upi, ref_twin);
  }
  upi_confirmed_by_portal (j, ref_bank);

  /* A date that is no day (31 February) is refused, and nothing is searched. */
  type_into (j, "#counter_mobile", "3210");
  type_into (j, "#counter_date", "31022026");
  tap (j, "#counter_find_mobile_button");
  wait_result (j, "ਮਿਤੀ 8 ਅੰਕਾਂ ਵਿੱਚ ਲਿਖੋ", "a date that is no day refused");

  /* Day close: the ₹45 taken in cash is expected, ₹40 is counted, ₹5 is missing. */
  tap (j, "#counter_close_button");
  wait_result (j, "ਦਰਾਜ਼ ਵਿੱਚ ਗਿਣੀ ਨਕਦੀ ਰੁਪਏ ਵਿੱਚ ਲਿਖੋ।", "the malformed count refused");
  /* Before a digit of the count is typed, the tab says what the drawer should hold (the ₹45
   * cash; the UPI payment beside it); as the count is typed, the difference. */
  {
    const char *expected[] = { "#counter_day_summary", "ਨਕਦੀ: ₹ 45.00" };
    const char *upi[] = { "#counter_day_summary", "2 UPI" };
    const char *difference[] = { "#counter_difference", "₹ -5.00" };
    g_autoptr (JsonObject) shown = sewa_fingers_wait (j->f, label_has, (gpointer) expected,
                                                      "the cash expected, before counting", 30);
    g_autoptr (JsonObject) shown_upi = sewa_fingers_wait (j->f, label_has, (gpointer) upi,
                                                          "the day's UPI payments", 30);
    g_autoptr (JsonObject) live = NULL;

    g_assert_cmpstr (json_object_get_string_member_with_default (
                       sewa_fingers_find (shown_upi, "#counter_counted"), "text", ""), ==, "");
    /* The count is rupees: the digits keyboard opens for it, and with the keyboard up the field
     * and the result line above it stay in view (the layout invariants). */
    {
      g_autoptr (JsonObject) keyboard = NULL;

      tap (j, "#counter_counted");
      keyboard = sewa_fingers_wait (j->f, osk_digits, NULL, "the digits keyboard for the count", 20);
      sewa_journey_check (j, "counter-count-keyboard");
      g_assert_true (fully_shown (keyboard, "#counter_result"));
    }
    sewa_fingers_type_osk (j->f, "40");
    live = sewa_fingers_wait (j->f, label_has, (gpointer) difference, "the difference as typed", 30);
    g_assert_true (fully_shown (live, "#counter_difference"));
  }
  tap (j, "#counter_close_button");
  wait_result (j, "₹ -5.00", "the cash difference");
  wait_result (j, "₹ 45.00", "the cash expected");
  g_free (sewa_fingers_screenshot (j->f, "counter-close-pa"));
  /* The close goes to the portal's audit endpoint at once, not at the log's next interval (five
   * minutes): the kiosk may be switched off after it. */
  wait_portal_audit (j, "day_close", "counted_paise=4000");
  {
    g_autoptr (JsonObject) done = sewa_fingers_wait (j->f, printed, "Cash counted",
                                                     "the day close's summary printed", 60);
    g_autofree char *summary = sewa_printer_peer_job_text ("Cash counted");

    g_assert_nonnull (strstr (summary, "Cash expected"));
    g_assert_nonnull (strstr (summary, "₹ 45.00"));
    g_assert_nonnull (strstr (summary, "₹ 40.00"));
    g_assert_nonnull (strstr (summary, "₹ -5.00"));
  }
  {
    const struct { SewaLang lang; const char *button; const char *tab; } langs[] = {
      { SEWA_LANG_HI, "=हिन्दी", "=काउंटर" }, { SEWA_LANG_EN, "=English", "=Counter" } };

    for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
      {
        g_autofree char *label = g_strdup_printf ("counter-%s", sewa_lang_code (langs[i].lang));
        g_autoptr (JsonObject) shown = NULL;

        sewa_fingers_tap (j->f, langs[i].button);
        shown = sewa_fingers_wait_for (j->f, langs[i].tab, 20);
        sewa_fingers_tap (j->f, langs[i].tab);
        /* The day's line in English, each count with its own plural. */
        if (langs[i].lang == SEWA_LANG_EN)
          {
            const char *day[] = { "#counter_day_summary",
                                  "1 cash payment, ₹ 45.00; 2 UPI payments, ₹ 90.00; 1 fee waived." };
            g_autoptr (JsonObject) counted = sewa_fingers_wait (j->f, label_has, (gpointer) day,
                                                                "the day's line in English", 30);
          }
        /* The keyboard up, as the operator sees it while typing. */
        tap (j, "#counter_reference");
        j->lang = langs[i].lang;
        sewa_journey_check (j, "counter");
        g_free (sewa_fingers_screenshot (j->f, label));
      }
  }

  /* The store and its audit log agree with what the screen said. */
  store = open_store (j);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaPaymentRecord) cash = sewa_store_payment_get (store, ref_cash, &error);
    g_autoptr (SewaPaymentRecord) upi = sewa_store_payment_get (store, ref_upi, &error);
    g_autoptr (SewaPaymentRecord) none = sewa_store_payment_get (store, ref_cancel, &error);
    g_autoptr (SewaAppRecord) cancelled = sewa_store_get (store, ref_cancel, FALSE, &error);
    g_autofree char *reason = NULL;
    gboolean is_cancelled = FALSE;

    g_assert_no_error (error);
    g_assert_cmpint (cash->mode, ==, SEWA_PAY_CASH);
    g_assert_cmpint (cash->amount_paise, ==, 4500);
    g_assert_cmpint (cash->tendered_paise, ==, 5000);
    g_assert_true (g_str_has_suffix (cash->counter_receipt, "-0001"));
    g_assert_cmpstr (cash->operator_id, ==, "operator");
    g_assert_cmpint (upi->mode, ==, SEWA_PAY_UPI);
    g_assert_cmpstr (upi->upi_txn_ref, ==, "123456789012");
    g_assert_null (none);
    g_assert_true (sewa_store_get_cancellation (store, ref_cancel, &is_cancelled, &reason, &error));
    g_assert_true (is_cancelled);
    g_assert_cmpstr (reason, ==, "entered twice");
    g_assert_cmpint (cancelled->state, ==, SEWA_APP_QUARANTINED);
    g_assert_cmpuint (audit_count (store, "payment", "mode=cash amount_paise=4500 operator=operator"), ==, 1);
    g_assert_cmpuint (audit_count (store, "payment", "mode=upi amount_paise=4500 operator=operator"), ==, 1);
    g_assert_cmpuint (audit_count (store, "cancelled", cancelled->id), ==, 1);
    /* Both searches by mobile are on the record, without the digits searched for. */
    g_assert_cmpuint (audit_count (store, "counter.find_mobile", "day="), ==, 2);
    g_assert_cmpuint (audit_count (store, "counter.find_mobile", "matches=2"), ==, 1);
    g_assert_cmpuint (audit_count (store, "counter.find_mobile", "3210"), ==, 0);
    {
      gboolean closed = FALSE;
      gint64 expected = 0, counted = 0;
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      g_assert_true (sewa_store_day_close_get (store, today, &closed, &expected, &counted, &error));
      g_assert_true (closed);
      g_assert_cmpint (expected, ==, 4500);
      g_assert_cmpint (counted, ==, 4000);
      /* One close only: the refused count left nothing behind. */
      g_assert_cmpuint (audit_count (store, "day_close", "day="), ==, 1);
      g_assert_cmpuint (audit_count (store, "day_close",
                                     "expected_paise=4500 counted_paise=4000 "
                                     "difference_paise=-500 operator=operator"), ==, 1);
      /* The operator who counted is the entry's actor, not only words in its detail. */
      {
        g_autoptr (GPtrArray) log = sewa_store_audit_list (store, 0, 0, &error);

        g_assert_no_error (error);
        for (guint i = 0; i < log->len; i++)
          {
            SewaAuditEntry *e = log->pdata[i];

            if (g_str_equal (e->event, "day_close"))
              g_assert_cmpstr (e->actor, ==, "operator");
          }
      }
    }
    /* Exactly four payments (cash, UPI, the waiver, the UPI the portal confirmed): the refused
     * UPI number, the waiver without a reason and the refused cash left nothing behind. */
    g_assert_cmpuint (audit_count (store, "payment", "payment="), ==, 4);
    g_assert_cmpuint (audit_count (store, "payment", "mode=upi amount_paise=4500 operator=portal"), ==, 1);
    g_assert_cmpuint (audit_count (store, "payment", "mode=waived amount_paise=0 operator=operator"), ==, 1);
    {
      g_autoptr (SewaPaymentRecord) waived = sewa_store_payment_get (store, ref_twin, &error);

      g_assert_no_error (error);
      g_assert_cmpint (waived->mode, ==, SEWA_PAY_WAIVED);
      g_assert_cmpstr (waived->waiver_reason, ==, "Senior citizen");
      g_assert_cmpstr (waived->operator_id, ==, "operator");
    }
    /* The refused correction began nothing. */
    g_assert_cmpuint (audit_count (store, "operator.correct", "corrects="), ==, 0);

    /* portal-sim agrees: it holds the store's payments under the same ids (each recorded as
     * sent), still not the cancelled application, and the audit chain as the store has it, up
     * to and past the day close, with the payments, the cancellation and the close in it. */
    {
      g_autoptr (JsonObject) got = sewa_journey_portal_admin (j, "GET", "/admin/payments", NULL);
      JsonArray *payments = json_object_get_array_member (got, "payments");
      const char *refs[] = { ref_cash, ref_upi, ref_twin };
      g_autoptr (GPtrArray) log = sewa_store_audit_list (store, 0, 0, &error);
      gint64 close_seq = 0;
      guint held;

      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (payments), ==, 4);
      for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
        {
          g_autoptr (SewaPaymentRecord) mine = sewa_store_payment_get (store, refs[i], &error);
          JsonObject *theirs = NULL;

          g_assert_no_error (error);
          theirs = portal_payment_for (payments, mine->application_id);
          g_assert_cmpstr (json_object_get_string_member (theirs, "payment_id"), ==, mine->id);
          g_assert_cmpstr (json_object_get_string_member (theirs, "key"), ==, mine->application_id);
          g_assert_cmpint (json_object_get_int_member (theirs, "amount_paise"), ==, mine->amount_paise);
          g_assert_true (mine->synced);
        }
      g_assert_cmpint (sewa_journey_portal_count (j), ==, 4);
      held = assert_portal_audit_is_store_audit (j, store);
      for (guint i = 0; i < log->len; i++)
        if (g_str_equal (((SewaAuditEntry *) log->pdata[i])->event, "day_close"))
          close_seq = ((SewaAuditEntry *) log->pdata[i])->id;
      g_assert_cmpint (close_seq, >, 0);
      g_assert_cmpint (held, >=, close_seq);
      g_assert_cmpuint (portal_audit_count (j, "payment", "payment="), ==, 4);
      g_assert_cmpuint (portal_audit_count (j, "payment", "mode=cash amount_paise=4500 operator=operator"), ==, 1);
      g_assert_cmpuint (portal_audit_count (j, "cancelled", cancelled->id), ==, 1);
      g_assert_cmpuint (portal_audit_count (j, "day_close",
                                            "expected_paise=4500 counted_paise=4000 difference_paise=-500"), ==, 1);
    }
  }
  sewa_store_close (store);
  g_clear_object (&store);
  sewa_journey_free (j);
}

/* Opens operator mode with the PIN 2468 (the operator "operator"), in English. */
static void
open_operator_mode (SewaJourney *j)
{
  sewa_fingers_wait_screen (j->f, "home");
  sewa_fingers_hold (j->f, "#emblem", pin_pad_open, NULL, 6000);
  sewa_fingers_wait_screen (j->f, "operator-pin");
  sewa_journey_tap_pin (j, "2468");
  sewa_fingers_wait_screen (j->f, "operator");
}

static gboolean
portal_has_payment (JsonObject *state, gpointer journey)
{
  g_autoptr (JsonObject) got = sewa_journey_portal_admin (journey, "GET", "/admin/payments", NULL);

  return json_array_get_length (json_object_get_array_member (got, "payments")) > 0;
}

/* The correction's form, section by section: the kept name is shown again; the operator adds a
 * letter to the village of the land ("ਕੋਟ" → "ਕੋਟਕ"). Counts what it saw in @data. */
static void
correct_section (SewaJourney *j, JsonObject *state, gpointer data)
{
  guint *seen = data;
  JsonObject *name = sewa_fingers_find (state, "field=ਬਿਨੈਕਾਰ ਦਾ ਪੂਰਾ ਨਾਮ");

  if (name != NULL)
    {
      g_assert_cmpstr (json_object_get_string_member_with_default (name, "text", ""), ==,
                       SEWA_JOURNEY_SHORT_NAME_PA);
      (*seen)++;
    }
  if (sewa_fingers_find (state, "field=ਪਿੰਡ") != NULL)
    {
      sewa_fingers_tap (j->f, "field=ਪਿੰਡ");
      sewa_fingers_type_osk (j->f, "ਕ");
      (*seen)++;
    }
}

static gboolean
portal_holds_two (JsonObject *state, gpointer journey)
{
  return sewa_journey_portal_count (journey) == 2;
}

/* An assisted application in the citizen's language: the operator, in Punjabi (the kiosk's
 * default), taps "Apply for a citizen" on the Counter tab, which leaves operator mode for the
 * citizen journey; the application submitted records the operator in the store and reaches the
 * portal, and its receipt says who filled it in. Then the operator, now in English, finds it on
 * the Counter, takes its fee in cash (the payment reaches portal-sim exactly once, with the
 * store's amount and mode) and reprints its receipt from the queue: the reprint is in Punjabi,
 * the citizen's language, not the operator's. */
static void
test_assisted (void)
{
  SewaJourney *j = sewa_journey_new ("counter-assisted", TRUE);
  g_autofree char *extra = pin_config (j);
  g_autofree char *reference = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *reprint = NULL;
  g_autofree char *key = NULL;
  g_autofree char *finish = g_strconcat ("=", sewa_journey_tr (SEWA_LANG_PA, "Finish"), NULL);
  g_autoptr (JsonObject) shown = NULL;
  SewaStore *store;
  gint64 started = g_get_monotonic_time ();

  sewa_journey_launch (j, extra);
  open_operator_mode (j);
  sewa_fingers_tap (j->f, "=ਕਾਊਂਟਰ");
  tap (j, "#counter_assist_button");
  j->from_start = TRUE;
  j->short_answers = TRUE;
  j->quick = TRUE;
  sewa_journey_to_documents (j, SEWA_LANG_PA, "fard-copy", "fard");
  sewa_journey_capture_documents (j, NULL);
  reference = sewa_journey_submit (j);
  g_clear_pointer (&shown, json_object_unref);
  shown = sewa_fingers_wait (j->f, printed, reference, "the receipt printed", 60);
  receipt = sewa_printer_peer_job_text (reference);
  g_assert_nonnull (strstr (receipt, "ਆਪਰੇਟਰ ਨੇ ਭਰੀ"));
  g_assert_nonnull (strstr (receipt, "Filled in by operator"));
  /* The portal received the operator with the application. */
  g_clear_pointer (&shown, json_object_unref);
  shown = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  {
    g_autofree char *path = g_strconcat ("/admin/applications?reference=", reference, NULL);
    g_autoptr (JsonObject) held = sewa_journey_portal_admin (j, "GET", path, NULL);

    g_assert_cmpstr (json_object_get_string_member_with_default (
                       json_object_get_object_member (held, "body"), "assisted_by", NULL),
                     ==, "operator");
    key = g_strdup (json_object_get_string_member (held, "key"));
  }
  g_message ("assisted application applied and at the portal after %.1f s",
             (g_get_monotonic_time () - started) / 1e6);

  /* The operator comes back, switches operator mode to English and takes the ₹25 fee in
   * cash: ₹30 handed over, ₹5 back. */
  sewa_fingers_tap (j->f, finish);
  open_operator_mode (j);
  sewa_fingers_tap (j->f, "=English");
  g_clear_pointer (&shown, json_object_unref);
  shown = sewa_fingers_wait_for (j->f, "=Counter", 20);
  sewa_fingers_tap (j->f, "=Counter");
  j->lang = SEWA_LANG_EN;
  find (j, reference);
  type_into (j, "#counter_tendered", "30");
  tap (j, "#counter_cash_button");
  wait_result (j, "₹ 5.00", "the change to give back");
  g_clear_pointer (&shown, json_object_unref);
  shown = sewa_fingers_wait (j->f, portal_has_payment, j, "the payment at the portal", 90);

  /* The reprint, from the queue, by the English-speaking operator: in the citizen's Punjabi
   * (the receipt is bilingual: Punjabi and English, never Hindi). */
  sewa_fingers_tap (j->f, "=Queue");
  tap (j, "=Reprint receipt");
  g_clear_pointer (&shown, json_object_unref);
  shown = sewa_fingers_wait (j->f, printed, "REPRINT", "the receipt reprinted", 60);
  reprint = sewa_printer_peer_job_text ("REPRINT");
  g_assert_nonnull (strstr (reprint, reference));
  g_assert_nonnull (strstr (reprint, "ਦੁਬਾਰਾ ਛਾਪੀ"));
  g_assert_nonnull (strstr (reprint, "ਆਪਰੇਟਰ ਨੇ ਭਰੀ"));
  g_assert_null (strstr (reprint, "दुबारा"));
  wait_portal_audit (j, "operator.reprint", reference);

  /* portal-sim holds the application and its one cash payment exactly once, as the store
   * and its audit log say. */
  {
    g_autoptr (JsonObject) got = sewa_journey_portal_admin (j, "GET", "/admin/payments", NULL);
    JsonArray *payments = json_object_get_array_member (got, "payments");
    JsonObject *p;

    g_assert_cmpuint (json_array_get_length (payments), ==, 1);
    p = json_array_get_object_element (payments, 0);
    g_assert_cmpstr (json_object_get_string_member (p, "key"), ==, key);
    g_assert_cmpstr (json_object_get_string_member (p, "mode"), ==, "cash");
    g_assert_cmpint (json_object_get_int_member (p, "amount_paise"), ==, 2500);
    g_assert_cmpint (json_object_get_int_member (p, "post_count"), >=, 1);
    g_assert_cmpint (sewa_journey_portal_count (j), ==, 1);
  }

  store = open_store (j);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaAppRecord) app = sewa_store_get (store, reference, TRUE, &error);
    g_autoptr (SewaPaymentRecord) cash = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (app->id, ==, key);
    g_assert_cmpstr (app->assisted_by, ==, "operator");
    g_assert_cmpstr (app->citizen_lang, ==, "pa");
    cash = sewa_store_payment_get (store, reference, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cash->mode, ==, SEWA_PAY_CASH);
    g_assert_cmpint (cash->amount_paise, ==, 2500);
    g_assert_cmpuint (audit_count (store, "operator.assist", "operator=operator"), ==, 1);
    g_assert_cmpuint (audit_count (store, "payment", "mode=cash amount_paise=2500 operator=operator"), ==, 1);
    g_assert_cmpuint (audit_count (store, "operator.reprint", reference), ==, 1);
    /* portal-sim's copy of the audit chain is the store's, with the assist, the payment and the
     * reprint in it. */
    assert_portal_audit_is_store_audit (j, store);
    g_assert_cmpuint (portal_audit_count (j, "operator.assist", "operator=operator"), ==, 1);
    g_assert_cmpuint (portal_audit_count (j, "payment", "mode=cash amount_paise=2500 operator=operator"), ==, 1);
    g_assert_cmpuint (portal_audit_count (j, "operator.reprint", reference), ==, 1);
  }
  sewa_store_close (store);
  g_clear_object (&store);
  sewa_journey_free (j);
}

/* A fard copy (#18 item 4's original) as the kiosk keeps one: filled in by the citizen in
 * Punjabi, with a photographed proof of identity, ready for the kiosk's own sync engine to send
 * when it starts. Returns its reference. */
static char *
enqueue_fard (SewaJourney *j)
{
  g_autofree char *photo = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "sample-photos",
                                             "IMG_0001.JPG", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) rec = NULL;
  SewaStore *store = open_store (j);
  gsize len = 0;
  SewaNewPage page = { .document_id = "id_proof", .doc_type = "ADHAR", .mime_type = "image/jpeg" };
  SewaNewApplication app = {
    .service_id = "fard-copy", .catalog_version = "2025.10-seed.2", .catalog_hash = "h",
    .form_json = "{\"applicant_name\":\"ਰਾਮ\",\"applicant_father\":\"ਰਾਮ\","
                 "\"applicant_dob\":\"05-08-2001\",\"mobile\":\"9876543210\","
                 "\"aadhaar\":\"1234\",\"tehsil\":\"ਕੋਟ\",\"land_village\":\"ਕੋਟ\","
                 "\"khewat\":\"ਕੋਟ\",\"street\":\"ਕੋਟ\",\"village_town\":\"ਕੋਟ\","
                 "\"pincode\":\"141001\",\"consent_true\":\"true\",\"consent_aadhaar\":\"true\"}",
    .fee_state = SEWA_FEE_NONE, .citizen_lang = "pa" };
  static const char *const aadhaar[] = { "aadhaar", NULL };

  app.aadhaar_fields = aadhaar;
  g_assert_true (g_file_get_contents (photo, &bytes, &len, &error));
  page.data = (const guint8 *) bytes;
  page.len = len;
  g_assert_true (sewa_store_enqueue (store, &app, &page, 1, &id, NULL, &error));
  g_assert_no_error (error);
  rec = sewa_store_get (store, id, FALSE, &error);
  g_assert_no_error (error);
  sewa_store_close (store);
  g_object_unref (store);
  return g_strdup (rec->reference);
}

/* A correction (#18 item 4), pressed through the screen: the application has been sent (the
 * portal gave it an ARN), so "Correct" on the Counter opens its form again, in the citizen's
 * Punjabi, with the answers kept (the Aadhaar number and the consents are asked again); the
 * operator changes the village of the land, photographs the proof again and submits: a new
 * application, receipted, filled in by the operator, linked to the first in the store and at
 * portal-sim (its correction endpoint: the application PUT with `corrects`), the first
 * untouched; one audit entry names what was corrected. */
static void
test_correct (void)
{
  SewaJourney *j = sewa_journey_new ("counter-correct", TRUE);
  g_autofree char *extra = pin_config (j);
  g_autofree char *reference = enqueue_fard (j);
  g_autofree char *arn = NULL;
  g_autofree char *corrected = NULL;
  g_autofree char *key = NULL;
  g_autoptr (JsonObject) shown = NULL;
  guint seen = 0;
  SewaStore *store;

  sewa_journey_launch (j, extra);
  arn = sewa_journey_wait_arn (j, reference, 120);
  open_operator_mode (j);
  sewa_fingers_tap (j->f, "=ਕਾਊਂਟਰ");
  find (j, reference);
  tap (j, "#counter_correct_button");
  sewa_fingers_wait_screen (j->f, "form");
  g_free (j->service_id);
  j->service_id = g_strdup ("fard-copy");
  j->lang = SEWA_LANG_PA;
  j->short_answers = TRUE;
  j->quick = TRUE;
  j->keep_filled = TRUE;
  j->on_section = correct_section;
  j->on_section_data = &seen;
  sewa_journey_fill_form (j);
  g_assert_cmpuint (seen, ==, 2);
  sewa_journey_capture_documents (j, NULL);
  corrected = sewa_journey_submit (j);
  g_assert_cmpstr (corrected, !=, reference);
  shown = sewa_fingers_wait (j->f, printed, corrected, "the correction's receipt printed", 60);
  g_clear_pointer (&shown, json_object_unref);
  shown = sewa_fingers_wait (j->f, portal_holds_two, j, "the correction at the portal", 120);
  {
    g_autofree char *path = g_strconcat ("/admin/applications?reference=", corrected, NULL);
    g_autofree char *orig_path = g_strconcat ("/admin/applications?reference=", reference, NULL);
    g_autoptr (JsonObject) held = sewa_journey_portal_admin (j, "GET", path, NULL);
    g_autoptr (JsonObject) orig = sewa_journey_portal_admin (j, "GET", orig_path, NULL);
    JsonObject *link = json_object_get_object_member (held, "corrects");
    JsonObject *body = json_object_get_object_member (held, "body");

    key = g_strdup (json_object_get_string_member (orig, "key"));
    g_assert_nonnull (link);
    g_assert_cmpstr (json_object_get_string_member (link, "key"), ==, key);
    g_assert_cmpstr (json_object_get_string_member (link, "arn"), ==, arn);
    g_assert_cmpint (json_object_get_int_member (held, "put_count"), >=, 1);
    g_assert_cmpstr (json_object_get_string_member (body, "assisted_by"), ==, "operator");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "form"),
                                                    "land_village"), ==, "ਕੋਟਕ");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                       json_object_get_object_member (orig, "body"), "form"), "land_village"), ==, "ਕੋਟ");
  }

  store = open_store (j);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaAppRecord) fix = sewa_store_get (store, corrected, TRUE, &error);
    g_autoptr (SewaAppRecord) first = sewa_store_get (store, reference, FALSE, &error);
    g_autofree char *needle = g_strdup_printf ("corrects=%s", reference);

    g_assert_no_error (error);
    g_assert_cmpstr (fix->corrects, ==, key);
    g_assert_cmpstr (fix->assisted_by, ==, "operator");
    g_assert_cmpstr (fix->citizen_lang, ==, "pa");
    g_assert_nonnull (fix->arn);
    g_assert_cmpstr (first->arn, ==, arn);
    g_assert_cmpuint (audit_count (store, "operator.correct", needle), ==, 1);
    /* The correction's audit entry went to the portal when the operator began it; the portal's
     * copy of the chain is the store's. */
    wait_portal_audit (j, "operator.correct", needle);
    assert_portal_audit_is_store_audit (j, store);
    g_assert_cmpuint (portal_audit_count (j, "operator.correct", needle), ==, 1);
  }
  sewa_store_close (store);
  g_clear_object (&store);
  sewa_journey_free (j);
}

static gboolean
found_in_view (JsonObject *state, gpointer unused)
{
  JsonObject *osk = json_object_get_object_member (state, "osk");

  return json_object_get_boolean_member (osk, "visible") && fully_shown (state, "#counter_found");
}

/* Finds @reference and waits for the line found to read @pair[1] (@what), then for the tab to
 * scroll it into view above the keyboard; the layout checked as @check, the screen taken as
 * @shot. Returns the screen's state then. */
static JsonObject *
find_and_show (SewaJourney *j, const char *reference, const char *const *pair, const char *what,
               const char *check, const char *shot)
{
  g_autoptr (JsonObject) said = NULL;
  JsonObject *shown;

  find (j, reference);
  said = sewa_fingers_wait (j->f, label_has, (gpointer) pair, what, 30);
  shown = sewa_fingers_wait (j->f, found_in_view, NULL, "the application found in view", 10);
  sewa_journey_check (j, check);
  g_free (sewa_fingers_screenshot (j->f, shot));
  return shown;
}

/* The citizen paid twice and the portal kept the other payment (sync-payment
 * /sync-payment/conflict-held): the cash taken here is held back. Found at the Counter, the
 * application says so, in the operator's language, so that the operator refunds one. Then a
 * payment slip that cannot print is said on the Counter, beside the change to give. */
static void
test_held (void)
{
  SewaJourney *j = sewa_journey_new ("counter-held", FALSE);
  g_autofree char *extra = pin_config (j);
  g_autofree char *reference = NULL;
  g_autofree char *other = NULL;
  g_autofree char *bank = NULL;
  g_autofree char *slip_hi = NULL, *slip_en = NULL;
  const char *pair[] = { "#counter_found", "ਵਾਪਸ ਕਰੋ" };
  g_autoptr (JsonObject) shown = NULL;
  SewaStore *store = open_store (j);

  reference = enqueue_due_for (store, NULL, NULL);
  other = enqueue_due_for (store, NULL, NULL);
  slip_hi = enqueue_due_for (store, NULL, NULL);
  slip_en = enqueue_due_for (store, NULL, NULL);
  /* One whose fee the portal confirmed (the citizen paid with the UPI code), as the sync engine
   * records it. */
  bank = enqueue_due_for (store, NULL, NULL);
  {
    g_autoptr (GError) error = NULL;
    SewaNewPayment p = { .mode = SEWA_PAY_UPI, .amount_paise = 4500, .upi_txn_ref = "523456789012",
                         .operator_id = SEWA_PAYMENT_BY_PORTAL, .by_portal = TRUE };

    g_assert_true (sewa_store_payment_add (store, bank, &p, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaPaymentRecord) cash = NULL;
    SewaNewPayment p = { .mode = SEWA_PAY_CASH, .amount_paise = 4500, .tendered_paise = 5000,
                         .operator_id = "operator" };

    g_assert_true (sewa_store_payment_add (store, reference, &p, &cash, &error));
    g_assert_true (sewa_store_payment_hold (store, cash->id, "idempotency_conflict", &error));
    g_assert_no_error (error);
  }
  sewa_store_close (store);
  g_clear_object (&store);

  sewa_journey_launch (j, extra);
  open_operator_mode (j);
  sewa_fingers_tap (j->f, "=ਕਾਊਂਟਰ");
  j->lang = SEWA_LANG_PA;
  /* With the keyboard still up, the tab scrolls the line found into view. */
  shown = find_and_show (j, reference, pair, "the refund owed", "counter-held", "counter-held-pa");
  g_assert_nonnull (strstr (json_object_get_string_member (sewa_fingers_find (shown, "#counter_found"), "text"),
                            "₹ 45.00"));

  /* The printer goes away; the next citizen pays cash. The payment is recorded and the change
   * shown, and the Counter (not only the Printer tab) says the slip did not print and what to do. */
  sewa_printer_peer_stop ();
  find (j, other);
  type_into (j, "#counter_tendered", "50");
  tap (j, "#counter_cash_button");
  wait_result (j, "ਪਰਚੀ ਨਹੀਂ ਛਪੀ", "the slip that did not print");
  wait_result (j, "₹ 5.00", "the change, still shown");
  g_free (sewa_fingers_screenshot (j->f, "counter-slip-unprinted-pa"));
  store = open_store (j);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaPaymentRecord) cash = sewa_store_payment_get (store, other, &error);

    g_assert_no_error (error);
    g_assert_nonnull (cash);
    g_assert_cmpint (cash->mode, ==, SEWA_PAY_CASH);
    g_assert_cmpuint (audit_count (store, "operator.payment-slip", "result=failed"), ==, 1);
  }
  sewa_store_close (store);
  g_clear_object (&store);

  /* The three lines this tab gained, in each language the operator may work in: the refund
   * owed, the fee the portal confirmed, the slip that did not print. Each laid out whole, with
   * the keyboard up, and photographed. */
  {
    const struct {
      SewaLang lang; const char *button; const char *tab; const char *held; const char *confirmed;
      const char *unprinted; const char *slip;
    } langs[] = {
      { SEWA_LANG_PA, NULL, NULL, "ਵਾਪਸ ਕਰੋ", "ਪੋਰਟਲ ਨੇ ਪੁਸ਼ਟੀ ਕੀਤੀ", NULL, NULL },
      { SEWA_LANG_HI, "=हिन्दी", "=काउंटर", "इनमें से एक लौटाएँ", "पोर्टल ने पुष्टि की", "पर्ची नहीं छपी", slip_hi },
      { SEWA_LANG_EN, "=English", "=Counter", "refund one of them", "confirmed by the portal",
        "slip did not print", slip_en },
    };

    for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
      {
        const char *code = sewa_lang_code (langs[i].lang);
        const char *held_pair[] = { "#counter_found", langs[i].held };
        const char *confirmed_pair[] = { "#counter_found", langs[i].confirmed };
        g_autofree char *held_shot = g_strdup_printf ("counter-held-%s", code);
        g_autofree char *bank_shot = g_strdup_printf ("counter-upi-confirmed-%s", code);
        g_autofree char *slip_shot = g_strdup_printf ("counter-slip-unprinted-%s", code);
        g_autoptr (JsonObject) now = NULL;

        if (langs[i].button != NULL)
          {
            sewa_fingers_tap (j->f, langs[i].button);
            now = sewa_fingers_wait_for (j->f, langs[i].tab, 20);
            sewa_fingers_tap (j->f, langs[i].tab);
            j->lang = langs[i].lang;
            g_clear_pointer (&now, json_object_unref);
            now = find_and_show (j, reference, held_pair, "the refund owed", "counter-held", held_shot);
          }
        g_clear_pointer (&now, json_object_unref);
        now = find_and_show (j, bank, confirmed_pair, "the fee the portal confirmed",
                             "counter-upi-confirmed", bank_shot);
        if (langs[i].slip != NULL)
          {
            find (j, langs[i].slip);
            type_into (j, "#counter_tendered", "50");
            tap (j, "#counter_cash_button");
            wait_result (j, langs[i].unprinted, "the slip that did not print");
            wait_result (j, "₹ 5.00", "the change, still shown");
            sewa_journey_check (j, "counter-slip-unprinted");
            g_free (sewa_fingers_screenshot (j->f, slip_shot));
          }
      }
  }
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The journey finds the citizen screens' buttons by their translated text. */
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/counter/cash-upi-cancel", test_counter);
  g_test_add_func ("/ui/counter/assisted", test_assisted);
  g_test_add_func ("/ui/counter/correct", test_correct);
  g_test_add_func ("/ui/counter/held", test_held);
  return g_test_run ();
}
