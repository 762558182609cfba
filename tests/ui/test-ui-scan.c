/* QR codes in the real UI: photos of codes (made here with libqrencode, written as JPEG by
 * Leptonica) are "captured" by libgphoto2's Directory Browse camera over a folder, decoded by
 * the scan screen's worker with ZBar and acted on by the window. A receipt code opens the
 * status of an application queued in the kiosk's own store; an Aadhaar Secure QR signed with
 * this test's own key (its certificate is the configured UIDAI certificate) fills the form,
 * keeping only the last four digits; a tampered one fills nothing; a foreign code is "not
 * recognised". A USB scanner typing a receipt code (a key burst) opens the status, while a
 * person's slow typing reaches the search field unchanged. */
#include "sewa-ui-test.h"
#include "sewa-lang.h"
#include "sewa-receipt-qr.h"
#include "sewa-reference.h"
#include "aadhaar-gen.h"
#include "screens/browse/sewa-browse-page.h"
#include "screens/form/sewa-form-page.h"
#include "screens/scan/sewa-scan-page.h"
#include "screens/start/sewa-start-page.h"
#include "screens/status/sewa-status-page.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <qrencode.h>
#include <string.h>

#define window (sewa_ui_test_window ())
#define app (sewa_ui_test_app ())

static char *camera_dir;
static guint photo_serial;
static char *secure_qr, *tampered_qr;
static gint64 key_clock_us;

/* ---- making photos of codes ---------------------------------------------------------- */

/* A code on a light table, as the camera would see a card or receipt held flat. */
static void
write_code_photo (const char *payload)
{
  QRcode *code = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  int module, quiet, side, w, h, x0, y0;
  PIX *pix;
  l_uint8 *jpeg = NULL;
  size_t len = 0;
  g_autoptr (GDir) dir = NULL;
  const char *name;
  g_autofree char *file = NULL, *path = NULL;

  g_assert_nonnull (code);
  module = MAX (3, 720 / code->width);
  quiet = 4 * module;
  side = code->width * module + 2 * quiet;
  w = side + 240;
  h = side + 160;
  pix = pixCreate (w, h, 8);
  pixSetAllArbitrary (pix, 150);
  x0 = (w - side) / 2;
  y0 = (h - side) / 2;
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      {
        int mx = (x - quiet) / module, my = (y - quiet) / module;
        gboolean dark = x >= quiet && y >= quiet && mx < code->width && my < code->width &&
                        (code->data[my * code->width + mx] & 1);
        pixSetPixel (pix, (l_uint32) (x0 + x), (l_uint32) (y0 + y), dark ? 20 : 245);
      }
  QRcode_free (code);
  g_assert_cmpint (pixWriteMem (&jpeg, &len, pix, IFF_JFIF_JPEG), ==, 0);
  pixDestroy (&pix);

  /* One photo in the folder at a time, under a new name: "capture" fetches it. */
  dir = g_dir_open (camera_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *old = g_build_filename (camera_dir, name, NULL);
      g_assert_cmpint (g_unlink (old), ==, 0);
    }
  file = g_strdup_printf ("QR_%04u.JPG", ++photo_serial);
  path = g_build_filename (camera_dir, file, NULL);
  g_assert_true (g_file_set_contents (path, (const char *) jpeg, (gssize) len, NULL));
  lept_free (jpeg);
  /* libgphoto2 keeps the folder's listing once read; the camera is reopened (on its next
   * request) so it sees the new photo, as a freshly plugged camera would. */
  if (app != NULL)
    sewa_camera_close (sewa_application_get_camera (app));
}

/* ---- waiting ----------------------------------------------------------------------------- */

static void
wait_until (gboolean (*cond) (gpointer), gpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
screen_is (gpointer name)
{
  return g_strcmp0 (sewa_window_get_screen (window), name) == 0;
}

static gboolean
status_shown (gpointer unused)
{
  GtkWidget *page = sewa_window_get_screen_widget (window, "status");

  return screen_is ((gpointer) "status") && page != NULL &&
         !sewa_status_page_is_looking_up (SEWA_STATUS_PAGE (page)) &&
         (sewa_status_page_get_reference (SEWA_STATUS_PAGE (page)) != NULL ||
          sewa_status_page_get_message (SEWA_STATUS_PAGE (page)) != NULL);
}

typedef struct
{
  SewaScanPage *page;
  guint decoded_before;
} ScanWait;

static gboolean
scan_settled (gpointer data)
{
  ScanWait *w = data;

  return !sewa_scan_page_is_busy (w->page) && sewa_scan_page_get_n_decoded (w->page) > w->decoded_before;
}

static SewaScanPage *
current_scan_page (void)
{
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "scan");
  return SEWA_SCAN_PAGE (sewa_window_get_screen_widget (window, "scan"));
}

/* Presses "Scan" and waits for the still to be decoded; the page may be gone afterwards. */
static void
press_scan (SewaScanPage *page, const char *leave_to)
{
  ScanWait w = { page, sewa_scan_page_get_n_decoded (page) };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "scan.capture", NULL));
  if (leave_to != NULL)
    wait_until (screen_is, (gpointer) leave_to, "the code to be acted on");
  else
    wait_until (scan_settled, &w, "the photo to be decoded");
}

/* ---- the store --------------------------------------------------------------------------- */

static char *
enqueue_application (char **out_id)
{
  SewaStore *store = sewa_application_get_store (app);
  SewaCatalog *catalog = sewa_application_get_catalog (app);
  SewaNewApplication a = {
    .service_id = "birth-certificate",
    .catalog_version = sewa_catalog_get_version (catalog),
    .catalog_hash = sewa_catalog_get_hash (catalog),
    .form_json = "{\"applicant_name\":\"Test Citizen\"}",
    .fee_state = SEWA_FEE_NONE,
  };
  g_autoptr (GError) error = NULL;
  char *reference = NULL;

  g_assert_true (sewa_store_enqueue (store, &a, NULL, 0, out_id, &reference, &error));
  g_assert_no_error (error);
  return reference;
}

/* Moves one application to "submitted" as the sync engine would. */
static void
mark_submitted (const char *id, const char *arn)
{
  SewaStore *store = sewa_application_get_store (app);
  g_autoptr (GError) error = NULL;

  for (;;)
    {
      g_autoptr (SewaAppRecord) leased = NULL;

      g_assert_true (sewa_store_lease_next (store, g_get_real_time () / G_USEC_PER_SEC, 60, &leased, &error));
      g_assert_no_error (error);
      g_assert_nonnull (leased);
      if (g_str_equal (leased->id, id))
        break;
    }
  g_assert_true (sewa_store_mark_submitted (store, id, arn, 0, &error));
  g_assert_no_error (error);
}

/* ---- tests ------------------------------------------------------------------------------- */

static double
bottom_of (GtkWidget *w)
{
  graphene_rect_t b;

  g_assert_true (gtk_widget_compute_bounds (w, GTK_WIDGET (window), &b));
  return b.origin.y + b.size.height;
}

static double
top_of (GtkWidget *w)
{
  graphene_rect_t b;

  g_assert_true (gtk_widget_compute_bounds (w, GTK_WIDGET (window), &b));
  return b.origin.y;
}

static void
test_receipt_opens_status (void)
{
  static const char *const langs[] = { "pa", "hi", "en" };
  SewaConfig *config = sewa_application_get_config (app);
  g_autofree char *id = NULL;
  g_autofree char *reference = enqueue_application (&id);
  g_autofree char *payload = sewa_receipt_qr_build (config->track_url, reference, NULL);

  g_assert_true (sewa_reference_is_valid (reference));
  write_code_photo (payload);
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      SewaLang lang;
      SewaScanPage *scan;
      SewaStatusPage *status;
      g_autofree char *name = NULL;
      const char *expected_state;

      sewa_lang_from_code (langs[l], &lang);
      /* Each language sees the application one step further along. */
      if (l == 1)
        mark_submitted (id, "PBBC-2026-000123");
      else if (l == 2)
        g_assert_true (sewa_store_mark_rejected (sewa_application_get_store (app), id,
                                                 "The birth is not registered in this district", NULL));

      g_assert_true (sewa_window_show_screen (window, "start", lang));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.check-status", NULL));
      scan = current_scan_page ();
      g_assert_cmpint (sewa_scan_page_get_purpose (scan), ==, SEWA_SCAN_PURPOSE_STATUS);
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (scan)), >=, 3);
      name = g_strdup_printf ("scan-%s", langs[l]);
      g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), name));

      press_scan (scan, "status");
      wait_until (status_shown, NULL, "the status to be looked up");
      status = SEWA_STATUS_PAGE (sewa_window_get_screen_widget (window, "status"));
      /* The scan screen went with its camera once it had done its job. */
      g_assert_null (sewa_window_get_screen_widget (window, "scan"));
      g_assert_cmpstr (sewa_status_page_get_reference (status), ==, reference);
      expected_state = l == 0 ? _("Received at this kiosk, waiting to be sent")
                     : l == 1 ? _("Sent to the department")
                              : _("Rejected by the department");
      g_assert_cmpstr (sewa_status_page_get_state_text (status), ==, expected_state);
      if (l == 0)
        g_assert_null (sewa_status_page_get_arn (status));
      else
        g_assert_cmpstr (sewa_status_page_get_arn (status), ==, "PBBC-2026-000123");
      /* In the citizen's script, not the English msgid. */
      if (lang == SEWA_LANG_PA)
        g_assert_cmpuint (g_utf8_get_char (sewa_status_page_get_state_text (status)) & ~0x7F, ==, 0x0A00);
      else if (lang == SEWA_LANG_HI)
        g_assert_cmpuint (g_utf8_get_char (sewa_status_page_get_state_text (status)) & ~0x7F, ==, 0x0900);
      g_assert_cmpstr (gtk_editable_get_text (sewa_status_page_get_entry (status)), ==, reference);
      if (l == 0)
        {
          GtkWidget *osk, *check;

          /* Typing a reference: the field and Check stay above the keyboard. */
          sewa_status_page_start_typing (status);
          sewa_ui_test_wait_frames (GTK_WIDGET (window), 3);
          osk = gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (status)));
          check = gtk_widget_get_parent (sewa_ui_test_find_label (GTK_WIDGET (status), _("Check")));
          g_assert_true (gtk_widget_get_mapped (osk));
          sewa_ui_test_assert_on_screen (osk, "the keyboard");
          sewa_ui_test_assert_on_screen (GTK_WIDGET (sewa_status_page_get_entry (status)), "the reference field");
          sewa_ui_test_assert_on_screen (check, "Check");
          g_assert_cmpfloat (bottom_of (check), <=, top_of (osk));
          g_assert_cmpfloat (bottom_of (GTK_WIDGET (sewa_status_page_get_entry (status))), <=, top_of (osk));

          /* A reference typed, then the receipt scanned instead: the field follows the scan. */
          gtk_editable_set_text (sewa_status_page_get_entry (status), "PB-LDH01-01-000");
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.status-scan", NULL));
          press_scan (current_scan_page (), "status");
          wait_until (status_shown, NULL, "the status to be looked up again");
          g_assert_cmpstr (sewa_status_page_get_reference (status), ==, reference);
          g_assert_cmpstr (gtk_editable_get_text (sewa_status_page_get_entry (status)), ==, reference);
          g_assert_false (gtk_widget_get_visible (osk));
        }
      g_free (name);
      name = g_strdup_printf ("status-%s", langs[l]);
      g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), name));
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (status)), >=, 6);
    }
  g_assert_true (sewa_window_show_screen (window, "home", SEWA_LANG_PA));
}

static void
test_typed_reference (void)
{
  g_autofree char *id = NULL;
  g_autofree char *reference = enqueue_application (&id);
  g_autofree char *wrong = g_strdup (reference);
  SewaReferenceParts parts;
  g_autofree char *absent = NULL;
  SewaStatusPage *status;
  GtkEditable *entry;

  /* One character off: the check character catches it before any lookup. */
  wrong[strlen (wrong) - 1] = wrong[strlen (wrong) - 1] == '0' ? '1' : '0';
  g_assert_true (sewa_reference_parse (reference, &parts));
  parts.seq = 9876;
  absent = sewa_reference_format (&parts);

  g_assert_true (sewa_window_show_screen (window, "start", SEWA_LANG_EN));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.check-status", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.status-type", NULL));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "status");
  status = SEWA_STATUS_PAGE (sewa_window_get_screen_widget (window, "status"));
  entry = sewa_status_page_get_entry (status);
  /* The keyboard is up for typing and everything still fits. */
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (status)), >=, 3);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "status-typing-en"));

  gtk_editable_set_text (entry, wrong);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (status), "status.check", NULL));
  g_assert_cmpstr (sewa_status_page_get_message (status), ==,
                   _("This reference number is not correct. Please check it against your receipt and type it again."));
  g_assert_null (sewa_status_page_get_reference (status));

  gtk_editable_set_text (entry, absent);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (status), "status.check", NULL));
  wait_until (status_shown, NULL, "the lookup of an unknown reference");
  g_assert_cmpstr (sewa_status_page_get_message (status), ==,
                   _("No application with this reference number was made at this kiosk. Please check the number, or ask at the counter."));

  /* Typed as a citizen would on the keyboard: lower case, spaces for dashes. */
  {
    g_autofree char *typed = g_ascii_strdown (reference, -1);
    for (char *p = typed; *p; p++)
      if (*p == '-')
        *p = ' ';
    gtk_editable_set_text (entry, typed);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (status), "status.check", NULL));
  wait_until (status_shown, NULL, "the lookup of a typed reference");
  g_assert_cmpstr (sewa_status_page_get_reference (status), ==, reference);
  g_assert_cmpstr (sewa_status_page_get_state_text (status), ==, _("Received at this kiosk, waiting to be sent"));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, reference);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (status)), >=, 6);
  g_assert_true (sewa_window_show_screen (window, "home", SEWA_LANG_PA));
}

static SewaFormPage *
open_form (SewaLang lang)
{
  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", lang));
  return SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form"));
}

static void
test_aadhaar_fills_form (void)
{
  SewaFormPage *form = open_form (SEWA_LANG_EN);
  SewaFormValues *draft = sewa_window_get_draft (window);
  SewaScanPage *scan;
  const char *aadhaar;
  guint n = 0;
  g_autofree char *expected = NULL;

  write_code_photo (secure_qr);
  g_assert_null (sewa_form_page_get_notice (form));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scan-aadhaar", NULL));
  scan = current_scan_page ();
  g_assert_cmpint (sewa_scan_page_get_purpose (scan), ==, SEWA_SCAN_PURPOSE_IDENTITY);
  press_scan (scan, "form");

  /* Back on the same section, same page object, the fields filled. */
  g_assert_true (SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form")) == form);
  g_assert_cmpuint (sewa_form_page_get_section (form), ==, 0);
  g_assert_cmpstr (sewa_form_values_get (draft, "applicant_name"), ==, "Gurpreet Kaur");
  g_assert_cmpstr (sewa_form_values_get (draft, "applicant_dob"), ==, "15-08-1990");
  g_assert_cmpstr (sewa_form_values_get (draft, "applicant_gender"), ==, "F");
  g_assert_cmpstr (sewa_form_values_get (draft, "house"), ==, "H No 12");
  g_assert_cmpstr (sewa_form_values_get (draft, "street"), ==, "Street 4");
  g_assert_cmpstr (sewa_form_values_get (draft, "village_town"), ==, "Ludhiana");
  g_assert_cmpstr (sewa_form_values_get (draft, "district"), ==, "ludhiana");
  g_assert_cmpstr (sewa_form_values_get (draft, "pincode"), ==, "141002");
  /* Only the last four digits, masked, ever reach the draft. */
  aadhaar = sewa_form_values_get (draft, "aadhaar");
  g_assert_cmpstr (aadhaar, ==, "XXXXXXXX1234");
  /* What was not on the card stays for the citizen to type. */
  g_assert_null (sewa_form_values_get (draft, "mobile"));
  g_assert_null (sewa_form_values_get (draft, "applicant_father"));
  /* The form shows it, and says how many fields were filled. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sewa_form_page_get_input (form, "applicant_name"))), ==,
                   "Gurpreet Kaur");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sewa_form_page_get_input (form, "aadhaar"))), ==,
                   "•••• •••• 1234");
  for (const char *const *f = (const char *const[]) { "applicant_name", "applicant_dob", "applicant_gender",
                                                      "aadhaar", "house", "street", "village_town",
                                                      "district", "pincode", NULL };
       *f != NULL; f++)
    n++;
  expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u field was filled from your Aadhaar. Please check it.",
                                           "%u fields were filled from your Aadhaar. Please check them.", n),
                              n);
  g_assert_cmpstr (sewa_form_page_get_notice (form), ==, expected);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (form)), >=, 5);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "form-filled-from-aadhaar-en"));
}

static void
test_aadhaar_tampered (void)
{
  SewaFormPage *form = open_form (SEWA_LANG_PA);
  SewaFormValues *draft = sewa_window_get_draft (window);
  SewaScanPage *scan;

  write_code_photo (tampered_qr);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scan-aadhaar", NULL));
  scan = current_scan_page ();
  press_scan (scan, NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "scan");
  g_assert_cmpstr (sewa_scan_page_get_message (scan), ==,
                   _("This Aadhaar code could not be verified. Please type your details."));
  /* Punjabi on a Punjabi session. */
  g_assert_cmpuint (g_utf8_get_char (sewa_scan_page_get_message (scan)) & ~0x7F, ==, 0x0A00);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (scan)), >=, 4);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "scan-not-verified-pa"));
  g_assert_null (sewa_form_values_get (draft, "applicant_name"));
  g_assert_null (sewa_form_values_get (draft, "aadhaar"));
  g_assert_null (sewa_form_values_get (draft, "pincode"));

  /* A receipt is the wrong kind of code here, and says so. */
  {
    SewaConfig *config = sewa_application_get_config (app);
    g_autofree char *id = NULL;
    g_autofree char *reference = enqueue_application (&id);
    g_autofree char *payload = sewa_receipt_qr_build (config->track_url, reference, NULL);

    write_code_photo (payload);
    press_scan (scan, NULL);
    g_assert_cmpstr (sewa_scan_page_get_message (scan), ==,
                     _("This is a receipt code. To fill your details, scan the QR on your Aadhaar card."));
  }

  /* Back to the form: nothing filled, no notice. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (scan), "win.back-to-form", NULL));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "form");
  g_assert_null (sewa_form_page_get_notice (form));
  g_assert_null (sewa_form_values_get (draft, "applicant_name"));
}

static void
test_unknown_code (void)
{
  SewaScanPage *scan;

  write_code_photo ("WIFI:S:Guest;T:WPA;P:not-a-kiosk-code;;");
  g_assert_true (sewa_window_show_screen (window, "start", SEWA_LANG_HI));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.check-status", NULL));
  scan = current_scan_page ();
  press_scan (scan, NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "scan");
  g_assert_cmpstr (sewa_scan_page_get_message (scan), ==, _("This code is not recognised."));
  g_assert_cmpuint (g_utf8_get_char (sewa_scan_page_get_message (scan)) & ~0x7F, ==, 0x0900);

  /* An Aadhaar card shown where a receipt is expected. */
  write_code_photo (secure_qr);
  press_scan (scan, NULL);
  g_assert_cmpstr (sewa_scan_page_get_message (scan), ==,
                   _("This is an Aadhaar code. To check a status, scan the QR on your receipt."));
  g_assert_true (sewa_window_show_screen (window, "home", SEWA_LANG_PA));
}

/* ---- keyboard-wedge scanners -------------------------------------------------------------- */

/* Feeds TEXT to the window as key presses GAP_US apart (on the event clock), then Enter. */
static void
type_keys (const char *text, gint64 gap_us, gboolean enter)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      key_clock_us += gap_us;
      sewa_window_feed_key (window, gdk_unicode_to_keyval (ch), ch, key_clock_us);
    }
  if (enter)
    {
      key_clock_us += gap_us;
      sewa_window_feed_key (window, GDK_KEY_Return, gdk_keyval_to_unicode (GDK_KEY_Return), key_clock_us);
    }
}

static gboolean
entry_has (gpointer data)
{
  GtkWidget *entry = sewa_browse_page_get_search_entry (
      SEWA_BROWSE_PAGE (sewa_window_get_screen_widget (window, "browse")));
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), data) == 0;
}

static void
test_wedge (void)
{
  SewaConfig *config = sewa_application_get_config (app);
  g_autofree char *id = NULL;
  g_autofree char *reference = enqueue_application (&id);
  g_autofree char *payload = sewa_receipt_qr_build (config->track_url, reference, NULL);
  g_autofree char *xml = NULL, *uid = NULL;
  SewaStatusPage *status;
  SewaFormPage *form;
  SewaBrowsePage *browse;
  GtkWidget *search;

  key_clock_us = g_get_monotonic_time ();

  /* A scanner on the start screen: the receipt's status, no camera involved. */
  g_assert_true (sewa_window_show_screen (window, "start", SEWA_LANG_EN));
  type_keys (payload, 3000, TRUE);
  wait_until (status_shown, NULL, "the wedge-scanned receipt's status");
  status = SEWA_STATUS_PAGE (sewa_window_get_screen_widget (window, "status"));
  g_assert_cmpstr (sewa_status_page_get_reference (status), ==, reference);

  /* Even before anyone has touched the screen: a session starts in the kiosk's language. */
  g_assert_true (sewa_window_show_screen (window, "home", SEWA_LANG_PA));
  type_keys (payload, 3000, TRUE);
  wait_until (status_shown, NULL, "the status from the attract screen");
  status = SEWA_STATUS_PAGE (sewa_window_get_screen_widget (window, "status"));
  g_assert_cmpstr (sewa_status_page_get_reference (status), ==, reference);

  /* A foreign code scanned on the start screen is answered there. */
  g_assert_true (sewa_window_show_screen (window, "start", SEWA_LANG_EN));
  type_keys ("WIFI:S:Guest;T:WPA;;", 3000, TRUE);
  g_assert_cmpstr (sewa_start_page_get_notice (SEWA_START_PAGE (sewa_window_get_screen_widget (window, "start"))),
                   ==, _("This code is not recognised."));

  /* An old XML Aadhaar QR from a scanner while filling the form: filled, flagged unverified,
   * the 12-digit number cut to its last four at once. */
  form = open_form (SEWA_LANG_EN);
  uid = sewa_test_verhoeff_complete ("98765432109");
  xml = sewa_test_aadhaar_xml (uid);
  type_keys (xml, 2000, TRUE);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "form");
  g_assert_cmpstr (sewa_form_values_get (sewa_window_get_draft (window), "applicant_name"), ==, "Harjit Singh");
  {
    const char *a = sewa_form_values_get (sewa_window_get_draft (window), "aadhaar");
    g_assert_cmpuint (strlen (a), ==, 12);
    g_assert_true (g_str_has_prefix (a, "XXXXXXXX"));
    g_assert_cmpstr (a + 8, ==, uid + 8);
  }
  g_assert_nonnull (sewa_form_page_get_notice (form));
  g_assert_nonnull (strstr (sewa_form_page_get_notice (form), "cannot be verified"));

  /* A person typing in the search field, a key every 150 ms: nothing is taken from them. */
  g_assert_true (sewa_window_show_screen (window, "browse", SEWA_LANG_EN));
  browse = SEWA_BROWSE_PAGE (sewa_window_get_screen_widget (window, "browse"));
  search = sewa_browse_page_get_search_entry (browse);
  gtk_widget_grab_focus (search);
  type_keys ("birth cert", 150000, FALSE);
  wait_until (entry_has, (gpointer) "birth cert", "typed keys to reach the search field");
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "browse");
  /* And Enter from a person is the field's, not a scan. */
  key_clock_us += 150000;
  g_assert_false (sewa_window_feed_key (window, GDK_KEY_Return, '\r', key_clock_us));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "browse");
  g_assert_true (sewa_window_show_screen (window, "home", SEWA_LANG_PA));
}

static void
add_tests (void)
{
  g_test_add_func ("/ui/scan/receipt-opens-status", test_receipt_opens_status);
  g_test_add_func ("/ui/scan/typed-reference", test_typed_reference);
  g_test_add_func ("/ui/scan/aadhaar-fills-form", test_aadhaar_fills_form);
  g_test_add_func ("/ui/scan/aadhaar-tampered", test_aadhaar_tampered);
  g_test_add_func ("/ui/scan/unknown-code", test_unknown_code);
  g_test_add_func ("/ui/scan/wedge", test_wedge);
}

/* The test's own UIDAI: a key pair made now; its certificate is what the kiosk trusts. */
static void
make_aadhaar_codes (const char *cert_path)
{
  EVP_PKEY *key = sewa_test_rsa_key_new ();
  g_autofree char *cert = sewa_test_self_signed_cert_pem (key);
  SewaTestAadhaar a;
  g_autoptr (GByteArray) signed_bytes = NULL;
  g_autoptr (GByteArray) tampered = NULL;
  guint8 *name = NULL;

  g_assert_true (g_file_set_contents (cert_path, cert, -1, NULL));
  sewa_test_aadhaar_init (&a, 2);
  /* A small photo keeps the code at a size a phone screen or card really shows. */
  a.photo_body_len = 200;
  signed_bytes = sewa_test_aadhaar_inflated (&a, key);
  EVP_PKEY_free (key);
  secure_qr = sewa_test_aadhaar_encode (signed_bytes->data, signed_bytes->len, FALSE);

  /* One letter of the name changed after signing. */
  tampered = g_byte_array_new ();
  g_byte_array_append (tampered, signed_bytes->data, signed_bytes->len);
  for (guint i = 0; name == NULL && i + 8 <= tampered->len; i++)
    if (memcmp (tampered->data + i, "Gurpreet", 8) == 0)
      name = tampered->data + i;
  g_assert_nonnull (name);
  name[0] = 'H';
  tampered_qr = sewa_test_aadhaar_encode (tampered->data, tampered->len, FALSE);
}

int
main (int argc, char **argv)
{
  g_autofree char *state = NULL, *cert = NULL, *config = NULL;
  int status;

  sewa_ui_test_init (&argc, &argv);
  camera_dir = g_build_filename (sewa_ui_test_get_home (), "camera", NULL);
  state = g_build_filename (sewa_ui_test_get_home (), "state", NULL);
  cert = g_build_filename (sewa_ui_test_get_home (), "uidai.pem", NULL);
  g_assert_cmpint (g_mkdir_with_parents (camera_dir, 0700), ==, 0);
  make_aadhaar_codes (cert);
  /* The folder camera must hold a photo from the start: a camera with nothing on it fails. */
  write_code_photo ("nothing to see");
  config = g_strdup_printf ("[kiosk]\ncentre=LDH01\nnumber=3\nstate-dir=%s\n"
                            "[camera]\nmodel=Directory Browse\nport=disk:%s\n"
                            "[aadhaar]\nuidai-certificate=%s\n",
                            state, camera_dir, cert);
  sewa_ui_test_set_config (config);
  status = sewa_ui_test_run (add_tests);
  g_clear_pointer (&secure_qr, g_free);
  g_clear_pointer (&tampered_qr, g_free);
  g_clear_pointer (&camera_dir, g_free);
  return status;
}
