/* Operator mode in the real UI: the long press on the home emblem, the PIN pad against a
 * libsodium hash made here (wrong PINs, the growing delay and the lockout), the queue with
 * applications this test puts into the app's own store in known states, a reprint printed on
 * CUPS's own ippeveprinter (tests/printer-peer.py) and read back from its spool with
 * pdftotext, retry of a quarantined application, the test page and the day summary, a reprint
 * with the printer gone (typed error, application untouched), exit, idle timeout, and the
 * audit log of all of it — which must hold no citizen data. */
#include "sewa-ui-test.h"

#include <stdio.h>
#include "sewa-lang.h"
#include "sewa-validate.h"
#include "sewa-verhoeff.h"
#include "screens/home/sewa-home-page.h"
#include "screens/pin/sewa-pin-page.h"
#include "screens/operator/sewa-operator-page.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#define window (sewa_ui_test_window ())
#define app (sewa_ui_test_app ())

#define RIGHT_PIN "2468"
#define APPLICANT "Gurpreet Kaur"
#define MOBILE "9876543210"


/* References of the applications enqueued by the test, by the state they are put in. */
static char *ref_queued, *ref_failed, *ref_acked, *ref_rejected, *ref_quarantined;

static void
wait_until (gboolean (*cond) (gpointer), gpointer data, const char *what)
{
  sewa_ui_test_wait_until (cond, data, what, 30);
}

static gboolean
screen_is (gpointer name)
{
  return g_strcmp0 (sewa_window_get_screen (window), name) == 0;
}

static gboolean
set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

/* A finger held down for MS: the main loop runs meanwhile, as it does for a real press. */
static void
hold_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  wait_until (flag_set, &done, "the press to be held");
}

static SewaPinPage *
pin (void)
{
  return SEWA_PIN_PAGE (sewa_window_get_screen_widget (window, "operator-pin"));
}

static SewaOperatorPage *
op_page (void)
{
  return SEWA_OPERATOR_PAGE (sewa_window_get_screen_widget (window, "operator"));
}

static gboolean
pin_checked (gpointer unused)
{
  /* The right PIN replaces the pad with the operator screen. */
  if (sewa_window_get_screen_widget (window, "operator-pin") == NULL)
    return TRUE;
  return g_strcmp0 (sewa_pin_page_get_message (pin ()), _("Checking the PIN…")) != 0;
}

static gboolean
pin_unlocked (gpointer unused)
{
  return !sewa_pin_page_get_locked (pin ());
}

static gboolean
pin_has_digits (gpointer n)
{
  return sewa_pin_page_get_length (pin ()) == GPOINTER_TO_UINT (n);
}

static void
type_pin (const char *digits)
{
  for (const char *d = digits; *d != '\0'; d++)
    {
      char key[2] = { *d, '\0' };
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pin ()), "pin.digit", "s", key));
    }
  g_assert_cmpuint (sewa_pin_page_get_length (pin ()), ==, strlen (digits));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pin ()), "pin.submit", NULL));
  g_assert_cmpuint (sewa_pin_page_get_length (pin ()), ==, 0);
  wait_until (pin_checked, NULL, "the PIN to be checked");
}

static guint queue_loads_seen;

static gboolean
queue_loaded (gpointer unused)
{
  return sewa_window_operator_get_queue_loads (window) > queue_loads_seen;
}

static void
wait_queue_reload (void)
{
  wait_until (queue_loaded, NULL, "the queue to be read");
  queue_loads_seen = sewa_window_operator_get_queue_loads (window);
}

static guint prints_seen;

static gboolean
print_finished (gpointer unused)
{
  return sewa_window_operator_get_prints_done (window) > prints_seen;
}

static void
wait_print (void)
{
  wait_until (print_finished, NULL, "the print to finish");
  prints_seen = sewa_window_operator_get_prints_done (window);
}

/* ---- test data ----------------------------------------------------------------------------- */

static void
fill_form (SewaService *service, SewaFormValues *values)
{
  const SewaForm *form = sewa_service_get_form (service);
  char aadhaar[13] = "34567890123";

  aadhaar[11] = (char) ('0' + sewa_verhoeff_check_digit (aadhaar, 11));
  aadhaar[12] = '\0';
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);
      for (guint f = 0; f < sec->fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (sec->fields, f);
          g_autofree char *num = NULL;

          if (!field->required || !sewa_form_field_is_visible (form, field, values))
            continue;
          switch (field->type)
            {
            case SEWA_FIELD_TYPE_NAME: sewa_form_values_set (values, field->id, APPLICANT); break;
            case SEWA_FIELD_TYPE_TEXT: sewa_form_values_set (values, field->id, "Main Bazar"); break;
            case SEWA_FIELD_TYPE_DATE: sewa_form_values_set (values, field->id, "05-08-2001"); break;
            case SEWA_FIELD_TYPE_MOBILE: sewa_form_values_set (values, field->id, MOBILE); break;
            case SEWA_FIELD_TYPE_AADHAAR:
              g_assert_cmpint (sewa_form_values_set_aadhaar (values, field->id, aadhaar), ==, SEWA_FIELD_OK);
              break;
            case SEWA_FIELD_TYPE_PINCODE: sewa_form_values_set (values, field->id, "141001"); break;
            case SEWA_FIELD_TYPE_EMAIL: sewa_form_values_set (values, field->id, "test@example.in"); break;
            case SEWA_FIELD_TYPE_NUMBER:
              num = g_strdup_printf ("%" G_GINT64_FORMAT, field->has_min ? MAX (field->min, 1) : 1);
              sewa_form_values_set (values, field->id, num);
              break;
            case SEWA_FIELD_TYPE_SELECT:
              sewa_form_values_set (values, field->id,
                                    ((SewaFormOption *) g_ptr_array_index (field->options, 0))->value);
              break;
            case SEWA_FIELD_TYPE_DISTRICT: sewa_form_values_set (values, field->id, "ludhiana"); break;
            case SEWA_FIELD_TYPE_YESNO: sewa_form_values_set (values, field->id, "no"); break;
            case SEWA_FIELD_TYPE_CONSENT: sewa_form_values_set (values, field->id, "yes"); break;
            case SEWA_N_FIELD_TYPES:
            default: g_assert_not_reached ();
            }
        }
    }
  g_assert_true (sewa_validate_form (form, values, NULL, NULL));
}

static char *
enqueue (char **out_id)
{
  SewaStore *store = sewa_application_get_store (app);
  SewaCatalog *catalog = sewa_application_get_catalog (app);
  SewaService *service = sewa_catalog_lookup_service (catalog, "birth-certificate");
  g_autoptr (SewaFormValues) values = sewa_form_values_new ();
  g_autoptr (JsonNode) json = NULL;
  g_autofree char *form_json = NULL;
  g_autoptr (GError) error = NULL;
  const char *aadhaar_fields[] = { "applicant_aadhaar", NULL };
  const guint8 page_bytes[] = "not really a JPEG";
  SewaNewPage page = { .document_id = "id_proof", .doc_type = "ADHAR", .mime_type = "image/jpeg",
                       .data = page_bytes, .len = sizeof page_bytes };
  SewaNewApplication a = { 0 };
  char *reference = NULL;

  fill_form (service, values);
  json = sewa_form_values_to_json (sewa_service_get_form (service), values);
  form_json = json_to_string (json, FALSE);
  a.service_id = "birth-certificate";
  a.catalog_version = sewa_catalog_get_version (catalog);
  a.catalog_hash = sewa_catalog_get_hash (catalog);
  a.form_json = form_json;
  a.aadhaar_fields = aadhaar_fields;
  a.citizen_ref = MOBILE;
  a.fee_state = SEWA_FEE_DUE;
  a.fee_amount_paise = 1000;
  g_assert_true (sewa_store_enqueue (store, &a, &page, 1, out_id, &reference, &error));
  g_assert_no_error (error);
  return reference;
}

/* Lease the one due application (the sync engine's first step). */
static void
lease (const char *id)
{
  g_autoptr (SewaAppRecord) leased = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (sewa_store_lease_next (sewa_application_get_store (app), g_get_real_time () / G_USEC_PER_SEC,
                                        60, &leased, &error));
  g_assert_no_error (error);
  g_assert_nonnull (leased);
  g_assert_cmpstr (leased->id, ==, id);
}

static void
make_queue (void)
{
  SewaStore *store = sewa_application_get_store (app);
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *id1 = NULL, *id2 = NULL, *id3 = NULL, *id4 = NULL, *id5 = NULL;

  /* One state at a time, so the lease always takes the application just added. */
  ref_rejected = enqueue (&id1);
  lease (id1);
  g_assert_true (sewa_store_mark_rejected (store, id1, "document illegible", &error));
  ref_acked = enqueue (&id2);
  lease (id2);
  g_assert_true (sewa_store_mark_submitted (store, id2, "PB/HLT/2026/000777", now + 600, &error));
  g_assert_true (sewa_store_mark_acknowledged (store, id2, &error));
  ref_quarantined = enqueue (&id3);
  g_assert_true (sewa_store_quarantine (store, id3, "portal says: malformed body", &error));
  ref_failed = enqueue (&id4);
  lease (id4);
  g_assert_true (sewa_store_mark_retry (store, id4, now + 3600, "HTTP 503 from the portal", &error));
  ref_queued = enqueue (&id5);
  g_assert_no_error (error);
}

/* ---- helpers on widgets --------------------------------------------------------------------- */

static gboolean
any_label_contains (GtkWidget *root, const char *needle)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), needle) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (any_label_contains (c, needle))
      return TRUE;
  return FALSE;
}

static void
set_language (const char *code)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.operator-language", "s", code));
  /* The screen is rebuilt in the new language: let it be laid out and drawn. */
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void
test_disabled_without_pin (void)
{
  SewaConfig *config = sewa_application_get_config (app);
  char *hash = g_steal_pointer (&config->operator_pin_hash);
  /* No operator at all: neither the single PIN nor any [operator.NAME]. */
  GPtrArray *operators = g_steal_pointer (&config->operators);

  config->operators = g_ptr_array_new ();

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "operator mode is disabled*");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.operator-begin", NULL));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "home");
  g_assert_null (sewa_window_get_screen_widget (window, "operator-pin"));
  config->operator_pin_hash = hash;
  g_ptr_array_unref (config->operators);
  config->operators = operators;
}

static void
test_pin (void)
{
  SewaHomePage *home = SEWA_HOME_PAGE (sewa_window_get_screen_widget (window, "home"));
  GtkGesture *press = sewa_home_page_get_operator_gesture (home);
  gint64 start, second;
  const char *langs[] = { "pa", "hi", "en" };

  /* The entry: holding the emblem for 3 s. A press released after one second does nothing;
   * the next one, held, opens the PIN pad no sooner than 3 s after it began. */
  g_assert_true (GTK_IS_IMAGE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (press))));
  start = g_get_monotonic_time ();
  g_signal_emit_by_name (press, "drag-begin", 10.0, 10.0);
  hold_for (1000);
  g_signal_emit_by_name (press, "drag-end", 0.0, 0.0);
  second = g_get_monotonic_time ();
  g_signal_emit_by_name (press, "drag-begin", 10.0, 10.0);
  wait_until (screen_is, (gpointer) "operator-pin", "the long press to open the PIN pad");
  g_assert_cmpint (g_get_monotonic_time () - second, >=, SEWA_OPERATOR_LONG_PRESS_MS * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (SEWA_OPERATOR_LONG_PRESS_MS + 1000) * 1000);
  g_signal_emit_by_name (press, "drag-end", 0.0, 0.0);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "operator-pin");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (sewa_window_get_start_over_button (window), GTK_TYPE_CENTER_BOX)));
  g_assert_false (sewa_window_operator_is_open (window));

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autofree char *name = g_strconcat ("operator-pin-", langs[i], NULL);

      set_language (langs[i]);
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (pin ())), >=, 14);
      g_assert_nonnull (sewa_ui_test_find_label (GTK_WIDGET (pin ()), _("Enter the operator PIN")));
      g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), name));
    }
  set_language ("en");

  /* Real taps on the pad (the X server's pointer, not an activated action) reach its keys. */
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  sewa_ui_test_tap (gtk_widget_get_parent (sewa_ui_test_find_label (GTK_WIDGET (pin ()), "7")));
  wait_until (pin_has_digits, GUINT_TO_POINTER (1), "a tapped digit on the PIN pad");
  sewa_ui_test_tap (gtk_widget_get_parent (sewa_ui_test_find_label (GTK_WIDGET (pin ()), "3")));
  wait_until (pin_has_digits, GUINT_TO_POINTER (2), "a second tapped digit");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pin ()), "pin.backspace", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pin ()), "pin.backspace", NULL));

  /* Before the PIN, the operator's actions are off: Exit does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "op.exit", NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "operator-pin");

  type_pin ("1357");
  g_assert_cmpstr (sewa_pin_page_get_message (pin ()), ==, _("Wrong PIN. Please try again."));
  g_assert_false (sewa_pin_page_get_locked (pin ()));
  g_assert_false (sewa_window_operator_is_open (window));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "operator-pin");

  type_pin (RIGHT_PIN);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "operator");
  g_assert_true (sewa_window_operator_is_open (window));
  g_assert_null (sewa_window_get_screen_widget (window, "operator-pin"));
  g_assert_cmpuint (sewa_window_operator_get_lock_remaining (window), ==, 0);
}

static void
test_queue (void)
{
  SewaOperatorPage *page = op_page ();
  const char *langs[] = { "pa", "hi", "en" };
  GtkWidget *button;

  wait_queue_reload ();
  g_assert_cmpstr (sewa_operator_page_get_tab (page), ==, "queue");
  g_assert_cmpint (sewa_operator_page_get_application_state (page, ref_queued), ==, SEWA_APP_QUEUED);
  g_assert_cmpint (sewa_operator_page_get_application_state (page, ref_failed), ==, SEWA_APP_QUEUED);
  g_assert_cmpint (sewa_operator_page_get_application_state (page, ref_acked), ==, SEWA_APP_ACKNOWLEDGED);
  g_assert_cmpint (sewa_operator_page_get_application_state (page, ref_rejected), ==, SEWA_APP_REJECTED);
  g_assert_cmpint (sewa_operator_page_get_application_state (page, ref_quarantined), ==, SEWA_APP_QUARANTINED);
  g_assert_cmpuint (sewa_operator_page_get_n_applications (page), ==, 5);
  g_assert_cmpuint (sewa_operator_page_get_count (page, SEWA_APP_QUEUED), ==, 2);
  g_assert_cmpuint (sewa_operator_page_get_count (page, SEWA_APP_UPLOADING), ==, 0);
  g_assert_cmpuint (sewa_operator_page_get_count (page, SEWA_APP_SUBMITTED), ==, 0);
  g_assert_cmpuint (sewa_operator_page_get_count (page, SEWA_APP_ACKNOWLEDGED), ==, 1);
  g_assert_cmpuint (sewa_operator_page_get_count (page, SEWA_APP_REJECTED), ==, 1);
  g_assert_cmpuint (sewa_operator_page_get_count (page, SEWA_APP_QUARANTINED), ==, 1);

  /* The reasons are shown; retry is offered only where it can help; the buttons work now. */
  g_assert_true (any_label_contains (GTK_WIDGET (page), "HTTP 503 from the portal"));
  g_assert_true (any_label_contains (GTK_WIDGET (page), "portal says: malformed body"));
  g_assert_nonnull (sewa_operator_page_get_row_button (page, ref_quarantined, "op.retry"));
  g_assert_nonnull (sewa_operator_page_get_row_button (page, ref_failed, "op.retry"));
  g_assert_null (sewa_operator_page_get_row_button (page, ref_acked, "op.retry"));
  g_assert_null (sewa_operator_page_get_row_button (page, ref_rejected, "op.retry"));
  button = sewa_operator_page_get_row_button (page, ref_queued, "op.reprint");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));

  /* No citizen data on the operator's screen. */
  g_assert_false (any_label_contains (GTK_WIDGET (page), APPLICANT));
  g_assert_false (any_label_contains (GTK_WIDGET (page), "3210"));

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autofree char *name = g_strconcat ("operator-queue-", langs[i], NULL);

      set_language (langs[i]);
      wait_queue_reload ();
      g_assert_cmpuint (sewa_operator_page_get_n_applications (op_page ()), ==, 5);
      g_assert_true (any_label_contains (GTK_WIDGET (op_page ()), _("Quarantined")));
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (op_page ())), >=, 30);
      g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), name));
    }
  set_language ("en");
  wait_queue_reload ();
}

static gboolean
details_shown (gpointer needle)
{
  return strstr (sewa_operator_page_get_details (op_page ()), needle) != NULL;
}

static void
test_reprint_and_details (void)
{
  g_autofree char *expected = g_strdup_printf (_("The receipt for %s was printed."), ref_queued);
  g_autofree char *text = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "op.reprint", "s", ref_queued));
  wait_print ();
  g_assert_cmpstr (sewa_operator_page_get_result (op_page ()), ==, expected);
  g_assert_null (sewa_window_operator_get_last_print_error (window));

  /* What came out of the printer: the reference, the reprint mark, and the applicant's name
   * and masked mobile rebuilt from the sealed form. */
  text = sewa_ui_test_printer_job_text (ref_queued);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "REPRINT"));
  g_assert_nonnull (strstr (text, APPLICANT));
  g_assert_nonnull (strstr (text, "XXXXXX3210"));
  g_assert_null (strstr (text, MOBILE));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "op.details", "s", ref_acked));
  wait_until (details_shown, (gpointer) "PB/HLT/2026/000777", "the details");
  g_assert_true (details_shown ((gpointer) ref_acked));
  g_assert_true (details_shown ((gpointer) _("Acknowledged")));
  g_assert_false (details_shown ((gpointer) APPLICANT));
}

static gboolean
quarantined_retried (gpointer unused)
{
  return sewa_operator_page_get_application_state (op_page (), ref_quarantined) == SEWA_APP_QUEUED;
}

static void
test_retry (void)
{
  g_autoptr (SewaAppRecord) rec = NULL;
  g_autofree char *expected = g_strdup_printf (_("%s will be sent again now."), ref_quarantined);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "op.retry", "s", ref_quarantined));
  wait_until (quarantined_retried, NULL, "the retried application to show as queued");
  g_assert_cmpstr (sewa_operator_page_get_result (op_page ()), ==, expected);
  rec = sewa_store_get (sewa_application_get_store (app), ref_quarantined, FALSE, NULL);
  g_assert_nonnull (rec);
  g_assert_cmpint (rec->state, ==, SEWA_APP_QUEUED);
  g_assert_cmpuint (rec->attempt_count, ==, 0);
}

static gboolean
printer_state_known (gpointer unused)
{
  return g_strcmp0 (sewa_operator_page_get_printer_state (op_page ()), _("Checking the printer…")) != 0;
}

static gboolean
printer_alert_shown (gpointer text)
{
  return strstr (sewa_operator_page_get_printer_alerts (op_page ()), text) != NULL;
}

static gboolean
speaker_tested (gpointer data)
{
  const char *result = sewa_operator_page_get_printer_result (op_page ());

  return result != NULL && g_str_has_prefix (result, "The speaker played ");
}

static void
test_test_page_and_summary (void)
{
  g_autofree char *test_page = NULL, *summary = NULL;

  sewa_operator_page_show_tab (op_page (), "printer");
  wait_until (printer_state_known, NULL, "the printer's state");
  g_assert_cmpstr (sewa_operator_page_get_printer_state (op_page ()), ==, _("Printer ready"));
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (op_page ())), >=, 5);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "operator-printer-en"));
  /* Nothing may push the kiosk wider than its screen. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 1280);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "op.test-page", NULL));
  wait_print ();
  g_assert_cmpstr (sewa_operator_page_get_printer_result (op_page ()), ==, _("The test page was printed."));
  test_page = sewa_ui_test_printer_job_text ("Printer test page");
  g_assert_nonnull (test_page);
  g_assert_nonnull (strstr (test_page, "ASR02"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "op.summary", NULL));
  wait_print ();
  g_assert_cmpstr (sewa_operator_page_get_printer_result (op_page ()), ==, _("Today's summary was printed."));
  summary = sewa_ui_test_printer_job_text ("End-of-day summary");
  g_assert_nonnull (summary);
  g_assert_nonnull (strstr (summary, "Birth"));
  g_assert_null (strstr (summary, APPLICANT));

  /* The speaker (ALSA's null device here): the greeting plays in three languages and the
   * operator is told for how long. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "op.voice-test", NULL));
  wait_until (speaker_tested, NULL, "the speaker test");
  {
    const char *result = sewa_operator_page_get_printer_result (op_page ());
    double seconds = 0;

    g_assert_cmpint (sscanf (result, "The speaker played %lf seconds", &seconds), ==, 1);
    g_assert_cmpfloat (seconds, >, 5.0);
  }
  /* The device buttons fit the screen in every language. */
  {
    const char *langs[] = { "pa", "hi", "en" };

    for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
      {
        g_autofree char *name = g_strconcat ("operator-printer-", langs[i], NULL);

        set_language (langs[i]);
        sewa_operator_page_show_tab (op_page (), "printer");
        sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
        g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 1280);
        g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (op_page ())), >=, 5);
        g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), name));
      }
  }

  /* The printer's own alerts, in the operator's words: the tray is emptied on the printer. */
  g_free (sewa_ui_test_printer_command ("media-empty"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "op.printer-check", NULL));
  wait_until (printer_alert_shown, (gpointer) _("Out of paper"), "the out-of-paper alert");
  g_assert_cmpstr (sewa_operator_page_get_printer_state (op_page ()), ==, _("The printer needs attention"));
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (op_page ())), >=, 6);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "operator-printer-alert-en"));
  g_free (sewa_ui_test_printer_command ("media-ready"));
  sewa_operator_page_show_tab (op_page (), "queue");
}

static void
test_printer_down (void)
{
  SewaStore *store = sewa_application_get_store (app);
  g_autofree char *answer = sewa_ui_test_printer_command ("kill-printer");
  g_autoptr (SewaAppRecord) before = sewa_store_get (store, ref_queued, FALSE, NULL);
  g_autoptr (SewaAppRecord) after = NULL;
  g_autofree char *expected = NULL;
  const GError *error;

  g_assert_cmpstr (answer, ==, "OK");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "op.reprint", "s", ref_queued));
  wait_print ();
  error = sewa_window_operator_get_last_print_error (window);
  g_assert_nonnull (error);
  g_assert_true (error->domain == SEWA_PRINTER_ERROR);
  /* A dead printer is UNREACHABLE, or TIMEOUT if the worker was caught mid-dial (see
   * test-printer-ipp.c); either way the operator reads what is wrong. */
  g_assert_true (error->code == SEWA_PRINTER_ERROR_UNREACHABLE || error->code == SEWA_PRINTER_ERROR_TIMEOUT);
  expected = g_strdup_printf (_("Not printed: %s"),
                              error->code == SEWA_PRINTER_ERROR_UNREACHABLE
                                  ? _("The printer cannot be reached. Check its cable and power.")
                                  : _("The printer did not finish in time."));
  g_assert_cmpstr (sewa_operator_page_get_result (op_page ()), ==, expected);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "operator-reprint-failed-en"));

  /* The application is exactly as it was: a failed reprint never touches the queue. */
  after = sewa_store_get (store, ref_queued, FALSE, NULL);
  g_assert_cmpint (after->state, ==, before->state);
  g_assert_cmpint (after->updated_at, ==, before->updated_at);
  g_assert_cmpuint (after->attempt_count, ==, before->attempt_count);
  g_assert_cmpint (after->next_attempt_at, ==, before->next_attempt_at);
}

static gboolean
audit_has (gpointer event)
{
  g_autoptr (GPtrArray) entries = sewa_store_audit_list (sewa_application_get_store (app), 0, 0, NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    if (g_str_equal (((SewaAuditEntry *) g_ptr_array_index (entries, i))->event, event))
      return TRUE;
  return FALSE;
}

/* Whether @digits stands in @text as a number of its own. Audit details carry application ids
 * (UUIDs) and references whose hex or date digits contain any four-digit run now and then: a
 * PIN or Aadhaar digits leaking would stand alone, not inside a longer run of letters/digits. */
static gboolean
has_number_token (const char *text, const char *digits)
{
  gsize n = strlen (digits);

  for (const char *p = strstr (text, digits); p != NULL; p = strstr (p + 1, digits))
    {
      gboolean left_free = p == text || !g_ascii_isalnum (p[-1]);
      gboolean right_free = !g_ascii_isalnum (p[n]);

      if (left_free && right_free)
        return TRUE;
    }
  return FALSE;
}

static void
test_exit_and_audit (void)
{
  g_autoptr (GPtrArray) entries = NULL;
  const char *events[] = { "operator.pin-wrong", "operator.enter", "operator.reprint", "operator.details",
                           "operator.retry", "operator.test-page", "operator.summary",
                           "operator.printer-check", "operator.exit" };
  guint reprints = 0, failed_reprints = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "op.exit", NULL));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "home");
  g_assert_false (sewa_window_operator_is_open (window));
  g_assert_null (sewa_window_get_screen_widget (window, "operator"));

  wait_until (audit_has, (gpointer) "operator.exit", "the exit to be audited");
  entries = sewa_store_audit_list (sewa_application_get_store (app), 0, 0, NULL);
  g_assert_nonnull (entries);
  for (guint e = 0; e < G_N_ELEMENTS (events); e++)
    g_assert_true (audit_has ((gpointer) events[e]));
  for (guint i = 0; i < entries->len; i++)
    {
      const SewaAuditEntry *a = g_ptr_array_index (entries, i);
      const char *detail = a->detail != NULL ? a->detail : "";

      /* References and outcomes only: never a name or a number of the citizen. */
      g_assert_null (strstr (detail, APPLICANT));
      g_assert_null (strstr (detail, MOBILE));
      g_assert_false (has_number_token (detail, "3210"));
      g_assert_false (has_number_token (detail, RIGHT_PIN));
      if (g_str_equal (a->event, "operator.reprint"))
        {
          reprints++;
          g_assert_nonnull (strstr (detail, ref_queued));
          if (strstr (detail, "result=failed") != NULL)
            failed_reprints++;
        }
      if (g_str_equal (a->event, "operator.exit"))
        g_assert_cmpstr (detail, ==, "reason=exit");
    }
  g_assert_cmpuint (reprints, ==, 2);
  g_assert_cmpuint (failed_reprints, ==, 1);
}

static void
begin_from_home (void)
{
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "home");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.operator-begin", NULL));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "operator-pin");
  set_language ("en");
}

static void
test_lockout (void)
{
  guint left;

  begin_from_home ();
  type_pin ("1111");
  type_pin ("2222");
  g_assert_false (sewa_pin_page_get_locked (pin ()));
  /* Third and fourth wrong PIN: a delay that grows. */
  type_pin ("3333");
  left = sewa_window_operator_get_lock_remaining (window);
  g_assert_true (sewa_pin_page_get_locked (pin ()));
  g_assert_cmpuint (left, >=, 1);
  g_assert_cmpuint (left, <=, 2);
  wait_until (pin_unlocked, NULL, "the first delay to pass");
  type_pin ("4444");
  left = sewa_window_operator_get_lock_remaining (window);
  g_assert_cmpuint (left, >, 2);
  g_assert_cmpuint (left, <=, 4);
  wait_until (pin_unlocked, NULL, "the second delay to pass");

  /* Fifth: locked out for 30 s; keys do nothing, and leaving the pad does not reset it. */
  type_pin ("5555");
  left = sewa_window_operator_get_lock_remaining (window);
  g_assert_cmpuint (left, >, 25);
  g_assert_cmpuint (left, <=, 30);
  g_assert_true (sewa_pin_page_get_locked (pin ()));
  g_assert_nonnull (strstr (sewa_pin_page_get_message (pin ()), "30"));
  gtk_widget_activate_action (GTK_WIDGET (pin ()), "pin.digit", "s", "2");
  g_assert_cmpuint (sewa_pin_page_get_length (pin ()), ==, 0);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "operator-pin-locked-en"));
  wait_until (audit_has, (gpointer) "operator.lockout", "the lockout to be audited");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.operator-cancel", NULL));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "home");
  begin_from_home ();
  g_assert_true (sewa_pin_page_get_locked (pin ()));
  g_assert_cmpuint (sewa_window_operator_get_lock_remaining (window), >, 20);

  /* Each further wrong PIN doubles the lock (60 s, 120 s, …), up to 15 minutes. */
  sewa_window_operator_end_lock_for_test (window);
  g_assert_false (sewa_pin_page_get_locked (pin ()));
  type_pin ("6666");
  left = sewa_window_operator_get_lock_remaining (window);
  g_assert_cmpuint (left, >, 55);
  g_assert_cmpuint (left, <=, 60);
  g_assert_nonnull (strstr (sewa_pin_page_get_message (pin ()), "60"));
  for (guint i = 7; i <= 11; i++)
    {
      sewa_window_operator_end_lock_for_test (window);
      type_pin ("7777");
    }
  left = sewa_window_operator_get_lock_remaining (window);
  g_assert_cmpuint (left, >, 15 * 60 - 5);
  g_assert_cmpuint (left, <=, 15 * 60);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.operator-cancel", NULL));
}

typedef struct
{
  gint64 now;  /* µs */
  gint64 step; /* added after each reading */
} FakeClock;

static gint64
fake_clock_read (gpointer data)
{
  FakeClock *clock = data;
  gint64 t = clock->now;

  clock->now += clock->step;
  return t;
}

/* A lock that runs out while the pad is being redrawn still unlocks the pad. The clock here
 * moves 0.6 s at every reading and starts half a second before the lock's end, so the lock ends
 * between the countdown's reading and any later one: the pad once stayed locked, with no tick
 * left to unlock it, until operator mode idled out (seen once in a fresh-root CI run). */
static void
test_lock_runs_out (void)
{
  FakeClock clock = { 1000 * G_USEC_PER_SEC, 0 };
  guint left;

  begin_from_home ();
  sewa_window_operator_set_lock_clock_for_test (window, fake_clock_read, &clock);
  sewa_window_operator_end_lock_for_test (window);
  g_assert_false (sewa_pin_page_get_locked (pin ()));
  type_pin ("8888");
  left = sewa_window_operator_get_lock_remaining (window);
  g_assert_cmpuint (left, >, 0);
  g_assert_true (sewa_pin_page_get_locked (pin ()));
  clock.now = 1000 * G_USEC_PER_SEC + (gint64) left * G_USEC_PER_SEC - G_USEC_PER_SEC / 2;
  clock.step = G_USEC_PER_SEC * 6 / 10;
  sewa_ui_test_wait_until (pin_unlocked, NULL, "the pad to unlock when its lock runs out", 10);
  g_assert_cmpstr (sewa_pin_page_get_message (pin ()), ==, _("Wrong PIN. Please try again."));
  sewa_window_operator_set_lock_clock_for_test (window, NULL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.operator-cancel", NULL));
}

static void
test_idle_timeout (void)
{
  SewaConfig *config = sewa_application_get_config (app);
  guint saved = config->operator_idle_timeout_s;

  /* The configured value is read each time the timer is armed; 1 s keeps the test short. */
  config->operator_idle_timeout_s = 1;
  begin_from_home ();
  wait_until (screen_is, (gpointer) "home", "the operator idle timeout");
  g_assert_null (sewa_window_get_screen_widget (window, "operator-pin"));
  config->operator_idle_timeout_s = saved;
}

static void
add_tests (void)
{
  make_queue ();
  g_test_add_func ("/ui/operator/disabled-without-pin", test_disabled_without_pin);
  g_test_add_func ("/ui/operator/pin", test_pin);
  g_test_add_func ("/ui/operator/queue", test_queue);
  g_test_add_func ("/ui/operator/reprint-and-details", test_reprint_and_details);
  g_test_add_func ("/ui/operator/retry", test_retry);
  g_test_add_func ("/ui/operator/test-page-and-summary", test_test_page_and_summary);
  g_test_add_func ("/ui/operator/printer-down", test_printer_down);
  g_test_add_func ("/ui/operator/exit-and-audit", test_exit_and_audit);
  g_test_add_func ("/ui/operator/lockout", test_lockout);
  g_test_add_func ("/ui/operator/lock-runs-out", test_lock_runs_out);
  g_test_add_func ("/ui/operator/idle-timeout", test_idle_timeout);
}

static void
start_peers (void)
{
  g_autofree char *config = NULL;
  g_autofree char *uri = sewa_ui_test_printer_start ();
  g_autofree char *state = g_build_filename (sewa_ui_test_get_home (), "state", NULL);
  char hash[crypto_pwhash_STRBYTES];

  /* The PIN hash is made here, as `kioskctl operator set-pin` does, with the cheapest limits
   * libsodium allows so that each check takes milliseconds in the test. */
  g_assert_cmpint (sodium_init (), >=, 0);
  g_assert_cmpint (crypto_pwhash_str (hash, RIGHT_PIN, strlen (RIGHT_PIN), crypto_pwhash_OPSLIMIT_MIN,
                                      crypto_pwhash_MEMLIMIT_MIN), ==, 0);
  config = g_strdup_printf ("[kiosk]\ncentre=ASR02\nnumber=7\nstate-dir=%s\nlanguage=pa\n"
                            "[printer]\ndestination=%s\n[operator]\npin-hash=%s\n", state, uri, hash);
  sewa_ui_test_set_config (config);
}

static void
stop_peers (void)
{
  sewa_ui_test_printer_stop ();
  g_clear_pointer (&ref_queued, g_free);
  g_clear_pointer (&ref_failed, g_free);
  g_clear_pointer (&ref_acked, g_free);
  g_clear_pointer (&ref_rejected, g_free);
  g_clear_pointer (&ref_quarantined, g_free);
}

int
main (int argc, char **argv)
{
  int status;

  sewa_ui_test_init (&argc, &argv);
  start_peers ();
  status = sewa_ui_test_run (add_tests);
  stop_peers ();
  return status;
}
