/* A citizen's whole application in the real UI: form → document photographed by the camera
 * (libgphoto2's Directory Browse over sample photos) → submitted into the encrypted outbox →
 * receipt printed on CUPS's own ippeveprinter (tests/printer-peer.py). Then the printer dies
 * and the next application is still accepted, queued, and its reference shown on screen. */
#include "sewa-ui-test.h"
#include "sewa-lang.h"
#include "sewa-reference.h"
#include "sewa-qr-decoder.h"
#include "sewa-upi.h"
#include "sewa-validate.h"
#include "sewa-verhoeff.h"
#include "screens/capture/sewa-capture-page.h"
#include "screens/documents/sewa-documents-page.h"
#include "screens/doctype/sewa-doctype-page.h"
#include "sewa-doc-type.h"
#include "screens/done/sewa-done-page.h"
#include "screens/form/sewa-form-page.h"
#include "screens/review/sewa-review-page.h"

#define UPI_VPA "pbsewa.asr02@sbi"
#define UPI_NAME "Sewa Kendra Amritsar"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#define window (sewa_ui_test_window ())
#define app (sewa_ui_test_app ())


static void
wait_until (gboolean (*cond) (gpointer), gpointer data, const char *what)
{
  sewa_ui_test_wait_until (cond, data, what, 60);
}

static gboolean
screen_is (gpointer name)
{
  return g_strcmp0 (sewa_window_get_screen (window), name) == 0;
}

static gboolean
capture_in_state (gpointer state)
{
  GtkWidget *c = sewa_window_get_screen_widget (window, "capture");
  return c != NULL && g_strcmp0 (sewa_capture_page_get_state (SEWA_CAPTURE_PAGE (c)), state) == 0;
}

static gboolean
print_settled (gpointer unused)
{
  GtkWidget *done = sewa_window_get_screen_widget (window, "done");
  return done != NULL &&
         g_strcmp0 (sewa_done_page_get_print_status (SEWA_DONE_PAGE (done)), _("Printing your receipt…")) != 0;
}

/* Fills every required, visible field with a value its type accepts, as a citizen would. */
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
            case SEWA_FIELD_TYPE_NAME: sewa_form_values_set (values, field->id, "Gurpreet Kaur"); break;
            case SEWA_FIELD_TYPE_TEXT: sewa_form_values_set (values, field->id, "Main Bazar"); break;
            case SEWA_FIELD_TYPE_DATE: sewa_form_values_set (values, field->id, "05-08-2001"); break;
            case SEWA_FIELD_TYPE_MOBILE: sewa_form_values_set (values, field->id, "9876543210"); break;
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

/* Form filled, id proof photographed; leaves the citizen on the documents screen. */
static SewaDocumentsPage *
prepare_application (SewaLang lang, gboolean screenshots)
{
  SewaService *service = sewa_catalog_lookup_service (sewa_application_get_catalog (app), "birth-certificate");
  SewaDocumentsPage *docs;
  SewaCapturePage *capture;

  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", lang));
  fill_form (service, sewa_window_get_draft (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.form-complete", NULL));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "documents");
  docs = SEWA_DOCUMENTS_PAGE (sewa_window_get_screen_widget (window, "documents"));
  g_assert_false (sewa_documents_page_can_submit (docs));
  if (screenshots)
    g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "documents-empty-pa"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scan-document", "s", "id_proof"));
  /* The ID proof takes several types: the citizen says which one they brought, with a tap. */
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "doctype");
  {
    SewaDoctypePage *chooser = SEWA_DOCTYPE_PAGE (sewa_window_get_screen_widget (window, "doctype"));
    const SewaDocumentRequirement *req = g_ptr_array_index (sewa_service_get_documents (service), 0);

    sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
    for (guint i = 0; req->any_of[i] != NULL; i++)
      {
        GtkWidget *tile = sewa_doctype_page_get_tile (chooser, req->any_of[i]);

        g_assert_nonnull (tile);
        g_assert_nonnull (sewa_doc_type_name (req->any_of[i], lang));
        g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (tile)), ==, sewa_doc_type_name (req->any_of[i], lang));
        sewa_ui_test_assert_on_screen (tile, "a document type tile");
      }
    if (screenshots)
      g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "doctype-pa"));
    /* A type the requirement does not accept is refused. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.choose-doc-type", "(ss)", "id_proof", "PHOTO"));
    g_assert_cmpstr (sewa_window_get_screen (window), ==, "doctype");
    /* The Aadhaar comes as a card or as the e-Aadhaar letter (A4): the sample photo is an A4
     * page, which a card-only type (a voter card) would refuse as the wrong size. */
    sewa_ui_test_tap (sewa_doctype_page_get_tile (chooser, "ADHAR"));
    wait_until (screen_is, (gpointer) "capture", "the camera after choosing the Aadhaar");
  }
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "capture");
  capture = SEWA_CAPTURE_PAGE (sewa_window_get_screen_widget (window, "capture"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (capture), "capture.take", NULL));
  wait_until (capture_in_state, (gpointer) "review", "the photo to be processed");
  g_assert_cmpint (sewa_capture_page_get_last_verdict (capture), ==, SEWA_PAGE_OK);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  sewa_ui_test_assert_on_screen (sewa_ui_test_find_label (GTK_WIDGET (capture), _("Done")), "the capture screen's Done");
  sewa_ui_test_assert_on_screen (sewa_ui_test_find_label (GTK_WIDGET (capture), _("Use this page")), "Use this page");
  sewa_ui_test_assert_on_screen (sewa_ui_test_find_label (GTK_WIDGET (capture), _("Take again")), "Take again");
  if (screenshots)
    g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "capture-review-pa"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (capture), "capture.use", NULL));
  g_assert_cmpuint (sewa_capture_page_get_n_pages (capture), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (capture), "capture.done", NULL));

  g_assert_cmpstr (sewa_window_get_screen (window), ==, "documents");
  docs = SEWA_DOCUMENTS_PAGE (sewa_window_get_screen_widget (window, "documents"));
  g_assert_true (sewa_documents_page_can_submit (docs));
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  sewa_ui_test_assert_on_screen (sewa_ui_test_find_label (GTK_WIDGET (docs), _("Review")), "Review");
  sewa_ui_test_assert_on_screen (sewa_ui_test_find_label (GTK_WIDGET (docs), _("Back")), "the documents' Back");
  return docs;
}

static void check_upi_fee (SewaDonePage *done, const char *reference);

static void
test_apply_and_print (void)
{
  SewaStore *store = sewa_application_get_store (app);
  g_autoptr (SewaAppRecord) rec = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL, *reference = NULL;
  SewaDonePage *done;

  prepare_application (SEWA_LANG_PA, TRUE);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "documents-pa"));
  /* The citizen opens the ID proof again (as its Change on the review does), sees the type
   * chooser and goes back without choosing: the page already kept stays filed as the Aadhaar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scan-document", "s", "id_proof"));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "doctype");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back-to-documents", NULL));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "documents");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.submit", NULL));
  wait_until (screen_is, (gpointer) "done", "the application to be committed");
  done = SEWA_DONE_PAGE (sewa_window_get_screen_widget (window, "done"));
  reference = g_strdup (sewa_done_page_get_reference (done));
  g_assert_true (sewa_reference_is_valid (reference));
  /* The kiosk's own centre and number from its configuration. */
  g_assert_true (g_str_has_prefix (reference, "PB-ASR02-07-"));
  g_assert_true (sewa_done_page_has_qr (done));
  check_upi_fee (done, reference);

  /* Committed before anything else happened: queued, with its page, encrypted at rest. */
  rec = sewa_store_get (store, reference, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rec);
  g_assert_cmpint (rec->state, ==, SEWA_APP_QUEUED);
  g_assert_cmpstr (rec->service_id, ==, "birth-certificate");
  g_assert_cmpuint (rec->n_pages, ==, 1);
  /* Filed as the type the citizen chose, not the requirement's first (page metadata is sealed:
   * read with PII). */
  {
    g_autoptr (SewaAppRecord) sealed = sewa_store_get (store, reference, TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (((SewaAppPage *) g_ptr_array_index (sealed->pages, 0))->doc_type, ==, "ADHAR");
  }

  wait_until (print_settled, NULL, "the receipt to print");
  g_assert_cmpstr (sewa_done_page_get_print_status (done), ==,
                   _("Your receipt is printing. Please take it from the printer."));
  /* The print can settle before the new screen's first layout (slow ASan runs). */
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (done)), >=, 4);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "done-pa"));

  /* The printed receipt (the PDF ippeveprinter kept) carries the reference. */
  text = sewa_ui_test_printer_job_text (reference);
  g_assert_nonnull (text);
  /* The receipt says what the screen offered (a UPI code, or the counter): not yet paid, by
   * UPI or at the counter — never "to be paid at the counter" beside a UPI code. */
  g_assert_nonnull (strstr (text, "Not paid yet: pay by UPI or at the counter"));
  g_assert_null (strstr (text, "To be paid at the counter"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.finish", NULL));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "home");
  g_assert_null (sewa_window_get_draft (window));
  g_assert_null (sewa_window_get_documents (window));
}

/* The birth certificate's fee (UPI) on the done screen: how much, in the citizen's language, and
 * a code any UPI app reads as exactly this fee for exactly this application. */
static void
check_upi_fee (SewaDonePage *done, const char *reference)
{
  SewaService *service = sewa_catalog_lookup_service (sewa_application_get_catalog (app),
                                                      "birth-certificate");
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = sewa_upi_payment_uri (
    UPI_VPA, UPI_NAME, sewa_service_get_fee_paise (service), reference,
    sewa_text_get (sewa_service_get_name (service), SEWA_LANG_EN), &error);
  GdkPaintable *qr = sewa_done_page_get_fee_qr (done);
  g_autofree guint8 *rgba = NULL;
  g_autofree guint8 *grey = NULL;
  g_autoptr (SewaQrDecoder) decoder = sewa_qr_decoder_new ();
  g_autoptr (GPtrArray) found = NULL;
  int w, h;

  g_assert_no_error (error);
  g_assert_cmpint (sewa_service_get_payment (service), ==, SEWA_PAYMENT_UPI);
  g_assert_cmpint (sewa_service_get_fee_paise (service), >, 0);
  g_assert_nonnull (sewa_done_page_get_fee_text (done));
  /* In Punjabi, with the amount. */
  g_assert_true (g_str_has_prefix (sewa_done_page_get_fee_text (done), "ਫ਼ੀਸ ₹ "));
  g_assert_cmpstr (sewa_done_page_get_fee_uri (done), ==, expected);
  g_assert_nonnull (strstr (expected, "tr=" ));
  g_assert_nonnull (strstr (expected, reference));
  /* The picture on the screen decodes to that link. */
  g_assert_true (GDK_IS_TEXTURE (qr));
  w = gdk_texture_get_width (GDK_TEXTURE (qr));
  h = gdk_texture_get_height (GDK_TEXTURE (qr));
  rgba = g_malloc ((gsize) w * h * 4);
  grey = g_malloc ((gsize) w * h);
  gdk_texture_download (GDK_TEXTURE (qr), rgba, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    grey[i] = (guint8) ((rgba[4 * i] + rgba[4 * i + 1] + rgba[4 * i + 2]) / 3);
  found = sewa_qr_decoder_decode (decoder, grey, (guint) w, (guint) h, (gsize) w, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (found->pdata[0], NULL), g_bytes_get_size (found->pdata[0]),
                   expected, strlen (expected));

  /* The voice says it too, in words a listener understands: the amount in rupees, no symbols. */
  {
    g_autofree char *said = sewa_voice_dup_last_text (sewa_application_get_voice (app));
    g_autofree char *fee_words = NULL;

    g_assert_cmpint (sewa_service_get_fee_paise (service) % 100, ==, 0);
    fee_words = g_strdup_printf ("ਕਿਰਪਾ ਕਰਕੇ %" G_GINT64_FORMAT " ਰੁਪਏ ਫ਼ੀਸ ਦਿਓ।",
                                 sewa_service_get_fee_paise (service) / 100);
    g_assert_nonnull (said);
    g_assert_true (g_str_has_prefix (said, "ਤੁਹਾਡੀ ਅਰਜ਼ੀ ਸੰਭਾਲ ਲਈ ਗਈ ਹੈ।"));
    g_assert_nonnull (strstr (said, fee_words));
    g_assert_null (strstr (said, "₹"));
  }
}

static void
test_printer_down (void)
{
  SewaStore *store = sewa_application_get_store (app);
  g_autofree char *answer = sewa_ui_test_printer_command ("kill-printer");
  g_autoptr (SewaAppRecord) rec = NULL;
  g_autofree char *reference = NULL;
  SewaDonePage *done;

  g_assert_cmpstr (answer, ==, "OK");
  prepare_application (SEWA_LANG_HI, FALSE);
  /* The operator's log says which receipt needs a reprint (a warning, by reference only). */
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "application PB-* queued");
  g_test_expect_message ("sewa-printer", G_LOG_LEVEL_MESSAGE, "print on*failed*");
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "receipt for PB-*not printed*");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.submit", NULL));
  wait_until (screen_is, (gpointer) "done", "the application to be committed");
  done = SEWA_DONE_PAGE (sewa_window_get_screen_widget (window, "done"));
  reference = g_strdup (sewa_done_page_get_reference (done));
  wait_until (print_settled, NULL, "the print to fail");
  g_test_assert_expected_messages ();

  /* The citizen is told plainly, in Hindi; the application is safe regardless. */
  g_assert_cmpstr (sewa_done_page_get_print_status (done), ==,
                   _("The receipt could not be printed. Your application is saved: please note your reference number, the operator will print your receipt."));
  g_assert_cmpuint (g_utf8_get_char (sewa_done_page_get_print_status (done)) & ~0x7F, ==, 0x0900);
  rec = sewa_store_get (store, reference, FALSE, NULL);
  g_assert_nonnull (rec);
  g_assert_cmpint (rec->state, ==, SEWA_APP_QUEUED);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "done-print-failed-hi"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.finish", NULL));
}

static guint
queued_count (void)
{
  SewaQueueCounts counts = { 0 };

  g_assert_true (sewa_store_get_counts (sewa_application_get_store (app), &counts, NULL));
  return counts.pending;
}

/* The Submit button's look is no guard: win.submit itself refuses an application with a
 * required document missing (naming it, in the citizen's language) or with a required answer
 * gone, and commits nothing. The action is forced on first, as any stale button would have it. */
static void
test_submit_checks_itself (void)
{
  SewaService *service = sewa_catalog_lookup_service (sewa_application_get_catalog (app), "birth-certificate");
  const SewaDocumentRequirement *id_proof = g_ptr_array_index (sewa_service_get_documents (service), 0);
  guint before = queued_count ();
  SewaDocumentsPage *docs;
  SewaReviewPage *review;
  GPtrArray *pages;
  const char *error;
  GtkWidget *submit_label;
  GtkWidget *submit_button;

  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", SEWA_LANG_PA));
  fill_form (service, sewa_window_get_draft (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.form-complete", NULL));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "documents");
  docs = SEWA_DOCUMENTS_PAGE (sewa_window_get_screen_widget (window, "documents"));
  /* What the citizen sees follows the same facts: Review (the way to Submit) looks
   * incomplete, and still answers a tap (with what is missing) rather than ignoring the finger. */
  submit_label = sewa_ui_test_find_label (GTK_WIDGET (docs), _("Review"));
  g_assert_nonnull (submit_label);
  g_assert_true (gtk_widget_is_sensitive (submit_label));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_ancestor (submit_label, GTK_TYPE_BUTTON),
                                           "incomplete"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.submit", NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "documents");
  g_assert_cmpuint (queued_count (), ==, before);
  error = sewa_documents_page_get_error (docs);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, sewa_text_get (&id_proof->label, SEWA_LANG_PA)));
  /* The review, the way to Submit, is refused the same way: the citizen stays on the
   * documents screen, told what is missing. */
  sewa_documents_page_show_error (docs, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.review", NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "documents");
  g_assert_null (sewa_window_get_screen_widget (window, "review"));
  g_assert_nonnull (strstr (sewa_documents_page_get_error (docs), sewa_text_get (&id_proof->label, SEWA_LANG_PA)));

  /* With the document the review opens, Submit looking ready. */
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (pages, g_bytes_new_static ("page", 4));
  g_hash_table_replace (sewa_window_get_documents (window), g_strdup (id_proof->id), g_ptr_array_ref (pages));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.review", NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "review");
  review = SEWA_REVIEW_PAGE (sewa_window_get_screen_widget (window, "review"));
  submit_label = sewa_ui_test_find_label (GTK_WIDGET (review), _("Submit application"));
  g_assert_nonnull (submit_label);
  submit_button = gtk_widget_get_ancestor (submit_label, GTK_TYPE_BUTTON);
  g_assert_false (gtk_widget_has_css_class (submit_button, "incomplete"));

  /* The document gone while the review is shown: Submit on the review commits nothing, the
   * review names the document, and Submit no longer looks ready. */
  g_hash_table_remove (sewa_window_get_documents (window), id_proof->id);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.submit", NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "review");
  g_assert_cmpuint (queued_count (), ==, before);
  g_assert_nonnull (sewa_review_page_get_error (review));
  g_assert_nonnull (strstr (sewa_review_page_get_error (review), sewa_text_get (&id_proof->label, SEWA_LANG_PA)));
  g_assert_true (gtk_widget_has_css_class (submit_button, "incomplete"));
  g_assert_true (gtk_widget_is_sensitive (submit_button));

  /* The document is there again, but a required answer was lost: still refused. */
  g_hash_table_replace (sewa_window_get_documents (window), g_strdup (id_proof->id), g_steal_pointer (&pages));
  sewa_form_values_set (sewa_window_get_draft (window), "mother_name", NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (window), "win.submit", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.submit", NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "review");
  g_assert_cmpuint (queued_count (), ==, before);
  g_assert_cmpstr (sewa_review_page_get_error (review), ==,
                   _("Some answers in the form are missing or wrong. Tap Back to check them."));

  /* The form's last Continue checks the whole form too: back to the page with the gap. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.form-complete", NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "form");
  g_assert_cmpuint (sewa_form_page_get_section (SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form"))), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));
}

static void
add_tests (void)
{
  g_test_add_func ("/ui/submit/checks-itself", test_submit_checks_itself);
  g_test_add_func ("/ui/submit/apply-and-print", test_apply_and_print);
  g_test_add_func ("/ui/submit/printer-down", test_printer_down);
}

static void
start_peers (void)
{
  g_autofree char *photos = g_build_filename (sewa_ui_test_get_home (), "camera", NULL);
  g_autofree char *src_photo = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "sample-photos", "IMG_0001.JPG", NULL);
  g_autofree char *dst_photo = g_build_filename (photos, "IMG_0001.JPG", NULL);
  g_autofree char *config = NULL;
  g_autofree char *uri = sewa_ui_test_printer_start ();
  g_autofree char *state = g_build_filename (sewa_ui_test_get_home (), "state", NULL);
  char *bytes = NULL;
  gsize len = 0;

  g_assert_cmpint (g_mkdir_with_parents (photos, 0700), ==, 0);
  g_assert_true (g_file_get_contents (src_photo, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (dst_photo, bytes, (gssize) len, NULL));
  g_free (bytes);

  /* No document checks: Submit would wait for the sample photo to be read, and in this process
   * (whole-stack unwinding on every allocation, for the camera's leak suppressions) tesseract
   * takes minutes over it. The checks and Submit's wait for them are the journeys' to test
   * (ui-prescrutiny-en-document, ui-instant-en-document-checks). */
  config = g_strdup_printf ("[kiosk]\ncentre=ASR02\nnumber=7\nstate-dir=%s\ndocument-checks=false\n[printer]\ndestination=%s\n"
                            "[camera]\nmodel=Directory Browse\nport=disk:%s\n"
                            "[payments]\nupi-vpa=" UPI_VPA "\nupi-name=" UPI_NAME "\n",
                            state, uri, photos);
  sewa_ui_test_set_config (config);
}

static void
stop_peers (void)
{
  sewa_ui_test_printer_stop ();
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
