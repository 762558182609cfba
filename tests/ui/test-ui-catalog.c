/* Finding a service and filling its form, in the real UI under Xvfb, in all three languages,
 * against the seed catalog (data/catalog/catalog.json). */
#include "sewa-ui-test.h"
#include "sewa-lang.h"
#include "sewa-verhoeff.h"
#include "screens/browse/sewa-browse-page.h"
#include "screens/service/sewa-service-page.h"
#include "screens/form/sewa-form-page.h"
#include "sewa-osk.h"
#include "sewa-session.h"
#include "sewa-district.h"

#include <glib/gi18n.h>

#define window (sewa_ui_test_window ())

static const char *const langs[] = { "pa", "hi", "en" };

static SewaBrowsePage *
open_browse (SewaLang lang)
{
  g_assert_true (sewa_window_show_screen (window, "browse", lang));
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "browse");
  return SEWA_BROWSE_PAGE (sewa_window_get_screen_widget (window, "browse"));
}

static void
test_browse_and_search (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      SewaLang lang;
      SewaBrowsePage *page;
      g_autofree char *shot = NULL, *shot2 = NULL;
      g_autofree char *name = NULL;
      /* The same service found from any script, whatever the citizen's language. */
      const char *queries[] = { "janam", "ਜਨਮ", "जन्म" };

      sewa_lang_from_code (langs[l], &lang);
      page = open_browse (lang);
      g_assert_cmpstr (sewa_browse_page_get_view (page), ==, "departments");
      g_assert_cmpuint (sewa_browse_page_get_n_departments (page), >=, 8);
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (page)), >=, 9);
      name = g_strdup_printf ("browse-%s", langs[l]);
      shot = sewa_ui_test_screenshot (GTK_WIDGET (window), name);

      for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          sewa_browse_page_set_query (page, queries[q]);
          g_assert_cmpstr (sewa_browse_page_get_view (page), ==, "results");
          g_assert_cmpuint (sewa_browse_page_get_n_rows (page), >=, 1);
          g_assert_cmpstr (sewa_browse_page_get_row_service_id (page, 0), ==, "birth-certificate");
        }
      sewa_browse_page_set_query (page, "ਆਮਦਨ");
      g_assert_cmpstr (sewa_browse_page_get_row_service_id (page, 0), ==, "income-certificate");
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (page)), >=, 2);
      g_free (name);
      name = g_strdup_printf ("search-%s", langs[l]);
      shot2 = sewa_ui_test_screenshot (GTK_WIDGET (window), name);

      sewa_browse_page_set_query (page, "qqqzzzxxx");
      g_assert_cmpuint (sewa_browse_page_get_n_rows (page), ==, 0);
      g_assert_true (sewa_browse_page_no_results_shown (page));

      /* Emptying the search goes back to the departments. */
      sewa_browse_page_set_query (page, "");
      g_assert_cmpstr (sewa_browse_page_get_view (page), ==, "departments");

      /* A department's list, then a service from it. */
      sewa_browse_page_show_department (page, "revenue");
      g_assert_cmpstr (sewa_browse_page_get_view (page), ==, "services");
      g_assert_cmpuint (sewa_browse_page_get_n_rows (page), >=, 5);
      sewa_browse_page_activate_row (page, 0);
      g_assert_cmpstr (sewa_window_get_screen (window), ==, "service");
    }
}

static void
test_service_detail (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      SewaLang lang;
      GtkWidget *page;
      g_autofree char *name = g_strdup_printf ("service-%s", langs[l]);
      g_autofree char *shot = NULL, *fee = NULL, *upi_fee = NULL;

      sewa_lang_from_code (langs[l], &lang);
      g_assert_true (sewa_window_show_screen (window, "service:income-certificate", lang));
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
      page = sewa_window_get_screen_widget (window, "service");
      g_assert_nonnull (page);
      /* The fee as a citizen reads it: ₹75, at the counter, since this kiosk has no UPI address
       * ([payments] upi-vpa) and the done screen and receipt will say so too; never "by UPI". */
      fee = sewa_service_page_fee_text (sewa_service_page_get_service (SEWA_SERVICE_PAGE (page)), FALSE);
      upi_fee = sewa_service_page_fee_text (sewa_service_page_get_service (SEWA_SERVICE_PAGE (page)), TRUE);
      g_assert_nonnull (strstr (fee, "₹75"));
      g_assert_cmpstr (fee, !=, upi_fee);
      g_assert_nonnull (sewa_ui_test_find_label (page, fee));
      g_assert_null (sewa_ui_test_find_label (page, upi_fee));
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (page), >=, 8);
      shot = sewa_ui_test_screenshot (GTK_WIDGET (window), name);
    }
}

static void
type_into (SewaFormPage *page, const char *field, const char *text)
{
  GtkWidget *input = sewa_form_page_get_input (page, field);

  g_assert_nonnull (input);
  g_assert_true (GTK_IS_EDITABLE (input));
  gtk_editable_set_text (GTK_EDITABLE (input), text);
}

/* A valid Aadhaar-shaped number (Verhoeff check digit appended); never a real one. */
static char *
test_aadhaar (void)
{
  char digits[13] = "23456789012";
  int check = sewa_verhoeff_check_digit (digits, 11);

  digits[11] = (char) ('0' + check);
  digits[12] = '\0';
  return g_strdup (digits);
}

static void
test_form (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      SewaLang lang;
      SewaFormPage *page;
      SewaFormValues *draft;
      g_autofree char *aadhaar = test_aadhaar ();
      g_autofree char *name = g_strdup_printf ("form-%s", langs[l]);
      g_autofree char *shot = NULL;
      const char *err;
      GtkWidget *next;

      sewa_lang_from_code (langs[l], &lang);
      g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", lang));
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
      page = SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form"));
      draft = sewa_window_get_draft (window);
      g_assert_nonnull (draft);
      g_assert_cmpuint (sewa_form_page_get_section (page), ==, 0);
      g_assert_cmpuint (sewa_form_page_get_n_sections (page), ==, 4);
      next = sewa_form_page_get_next_button (page);
      g_assert_false (gtk_widget_get_sensitive (next));

      /* A wrong mobile number: the error appears next to the field, in the citizen's language. */
      type_into (page, "mobile", "12345");
      err = sewa_form_page_get_error (page, "mobile");
      g_assert_nonnull (err);
      g_assert_cmpstr (err, ==, _("A mobile number has 10 digits."));
      if (lang != SEWA_LANG_EN)
        g_assert_cmpstr (err, !=, "A mobile number has 10 digits.");
      /* A name with digits: the error shows at the top of the page for the screenshot. */
      type_into (page, "applicant_name", "Gurpreet 123");
      g_assert_cmpstr (sewa_form_page_get_error (page, "applicant_name"), ==,
                       _("A name can have only letters, spaces, dots and hyphens."));
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (page)), >=, 6);
      shot = sewa_ui_test_screenshot (GTK_WIDGET (window), name);

      /* Fill the page correctly: "Next" becomes available. */
      type_into (page, "applicant_name", "Gurpreet Kaur");
      type_into (page, "applicant_father", "Harjit Singh");
      type_into (page, "applicant_dob", "05081975");
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sewa_form_page_get_input (page, "applicant_dob"))), ==, "05-08-1975");
      type_into (page, "mobile", "9876543210");
      g_assert_null (sewa_form_page_get_error (page, "mobile"));
      g_assert_false (gtk_widget_get_sensitive (next));
      type_into (page, "aadhaar", aadhaar);
      /* Aadhaar is masked the moment it is complete; only the last four are kept. */
      g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (sewa_form_page_get_input (page, "aadhaar"))), "•••• •••• "));
      g_assert_true (g_str_has_suffix (sewa_form_values_get (draft, "aadhaar"), aadhaar + 8));
      g_assert_null (strstr (sewa_form_values_get (draft, "aadhaar"), aadhaar));
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
      g_assert_true (gtk_widget_get_sensitive (next));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "form.next", NULL));
      g_assert_cmpuint (sewa_form_page_get_section (page), ==, 1);

      /* show-if: "Someone else" reveals the relation field. */
      g_assert_false (sewa_form_page_field_shown (page, "relation_other"));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (sewa_form_page_get_input (page, "relation")), 3);
      g_assert_cmpstr (sewa_form_values_get (draft, "relation"), ==, "other");
      g_assert_true (sewa_form_page_field_shown (page, "relation_other"));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (sewa_form_page_get_input (page, "relation")), 1);
      g_assert_false (sewa_form_page_field_shown (page, "relation_other"));

      /* Back keeps what was typed. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "form.back", NULL));
      g_assert_cmpuint (sewa_form_page_get_section (page), ==, 0);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sewa_form_page_get_input (page, "mobile"))), ==, "9876543210");

      /* Start over wipes the draft with the session. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));
      g_assert_null (sewa_window_get_draft (window));
      g_assert_null (sewa_window_get_screen_widget (window, "form"));
    }
}

static GtkWidget *
find_child_of_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_child_of_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
widget_focused (gpointer widget)
{
  return gtk_widget_has_focus (GTK_WIDGET (widget)) ||
         gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (widget)), widget);
}

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

/* The form on a 1280x800 screen under real taps: every page's Back and Next are on the screen
 * and each page opens at its top; a tapped field brings the keyboard up quickly, whole, with
 * the field above it; the keyboard's Enter goes to the next field, and on the last one to Next. */
static void
wait_until_mapped (GtkWidget *w)
{
  sewa_ui_test_wait_until (widget_mapped, w, "the keyboard to come up", 30);
}

static void
test_form_keyboard (void)
{
  SewaFormPage *page;
  GtkWidget *osk, *father, *dob, *mobile, *scroller;
  gint64 tapped;

  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", SEWA_LANG_PA));
  page = SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form"));
  osk = find_child_of_type (GTK_WIDGET (page), SEWA_TYPE_OSK);
  scroller = find_child_of_type (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW);
  for (guint s = 0; s < sewa_form_page_get_n_sections (page); s++)
    {
      sewa_form_page_set_section (page, s);
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
      sewa_ui_test_assert_on_screen (sewa_form_page_get_next_button (page), "the form's Next");
      sewa_ui_test_assert_on_screen (sewa_ui_test_find_label (GTK_WIDGET (page), _("Back")), "the form's Back");
      g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller))), ==, 0);
    }
  sewa_form_page_set_section (page, 0);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_false (gtk_widget_get_visible (osk));

  father = sewa_form_page_get_input (page, "applicant_father");
  tapped = g_get_monotonic_time ();
  sewa_ui_test_tap (father);
  wait_until_mapped (osk);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
  g_test_message ("keyboard up %" G_GINT64_FORMAT " ms after the tap",
                  (g_get_monotonic_time () - tapped) / 1000);
  sewa_ui_test_assert_on_screen (osk, "the keyboard");
  sewa_ui_test_assert_on_screen (sewa_osk_find_key (SEWA_OSK (osk), "hide"), "the keyboard's hide key");
  sewa_ui_test_assert_on_screen (father, "the tapped field");
  g_assert_cmpfloat (bottom_of (father), <=, top_of (osk));

  /* Enter: on to the date, then (past the optional gender choice) to the mobile number. */
  g_signal_emit_by_name (sewa_osk_find_key (SEWA_OSK (osk), "enter"), "clicked");
  dob = sewa_form_page_get_input (page, "applicant_dob");
  sewa_ui_test_wait_until (widget_focused, dob, "the date to take the focus", 30);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpfloat (bottom_of (dob), <=, top_of (osk));
  g_assert_cmpfloat (top_of (dob), >=, top_of (scroller));
  mobile = sewa_form_page_get_input (page, "mobile");
  gtk_widget_grab_focus (mobile);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpfloat (bottom_of (mobile), <=, top_of (osk));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));
}

static gboolean
not_asking_discard (gpointer unused)
{
  return !sewa_window_is_asking (window, "discard");
}

static gboolean
asking_idle (gpointer unused)
{
  return sewa_window_is_asking (window, "idle");
}

static gboolean
not_asking_idle (gpointer unused)
{
  return !sewa_window_is_asking (window, "idle");
}

/* Back from a form's first page with answers asks first, full-screen, in the citizen's
 * language; "keep" keeps everything, "discard" goes back with nothing kept. An empty form
 * just goes back. */
static void
test_form_leave_asks (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      SewaLang lang;
      SewaFormPage *page;
      g_autofree char *name = g_strdup_printf ("discard-%s", langs[l]);
      GtkWidget *keep;

      sewa_lang_from_code (langs[l], &lang);
      g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", lang));
      page = SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form"));
      type_into (page, "applicant_name", "Gurpreet Kaur");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "form.back", NULL));
      g_assert_cmpstr (sewa_window_get_screen (window), ==, "form");
      g_assert_true (sewa_window_is_asking (window, "discard"));
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
      g_assert_nonnull (sewa_ui_test_find_label (GTK_WIDGET (window), _("Discard what you entered?")));
      keep = gtk_widget_get_parent (sewa_ui_test_find_label (GTK_WIDGET (window), _("No, keep my answers")));
      sewa_ui_test_assert_on_screen (keep, "keep my answers");
      sewa_ui_test_assert_on_screen (gtk_widget_get_parent (sewa_ui_test_find_label (GTK_WIDGET (window), _("Yes, discard"))),
                                     "discard");
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (window)), >=, 4);
      g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), name));

      /* Keep: nothing lost. A real tap, so the overlay is what takes it. */
      sewa_ui_test_tap (keep);
      sewa_ui_test_wait_until (not_asking_discard, NULL, "the question to go", 30);
      g_assert_cmpstr (sewa_window_get_screen (window), ==, "form");
      g_assert_cmpstr (sewa_form_values_get (sewa_window_get_draft (window), "applicant_name"), ==, "Gurpreet Kaur");

      /* Discard: back to the service, nothing kept. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "form.back", NULL));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.discard-confirm", NULL));
      g_assert_false (sewa_window_is_asking (window, "discard"));
      g_assert_cmpstr (sewa_window_get_screen (window), ==, "service");
      g_assert_null (sewa_window_get_screen_widget (window, "form"));
      g_assert_cmpuint (sewa_form_values_size (sewa_window_get_draft (window)), ==, 0);
    }

  /* Nothing typed: nothing to ask. */
  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", SEWA_LANG_EN));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sewa_window_get_screen_widget (window, "form")),
                                             "form.back", NULL));
  g_assert_false (sewa_window_is_asking (window, "discard"));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "service");
  /* And the confirm action alone, with no question up, discards nothing. */
  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", SEWA_LANG_EN));
  type_into (SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form")), "applicant_name", "Harjit");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.discard-confirm", NULL);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "form");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));
}

/* Before the idle reset: "Are you still there?" over the form with a countdown, in the
 * citizen's language; a tap anywhere keeps the session and what was typed. */
static void
test_idle_warning (void)
{
  SewaSession *session = sewa_application_get_session (sewa_ui_test_app ());
  guint timeout = sewa_session_get_idle_timeout (session);
  guint64 shown;
  GtkWidget *text;

  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", SEWA_LANG_PA));
  type_into (SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form")), "applicant_name", "Gurpreet Kaur");
  /* Warn a second after the last touch, so the test need not wait the whole timeout. */
  sewa_session_set_idle_warning (session, timeout - 1);
  sewa_ui_test_wait_until (asking_idle, NULL, "the idle warning", 30);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  shown = g_ascii_strtoull (sewa_window_get_idle_countdown (window), NULL, 10);
  g_assert_cmpuint (shown, >=, 1);
  g_assert_cmpuint (shown, <=, timeout - 1);
  g_assert_nonnull (sewa_ui_test_find_label (GTK_WIDGET (window), _("Are you still there?")));
  sewa_ui_test_assert_on_screen (gtk_widget_get_parent (sewa_ui_test_find_label (GTK_WIDGET (window), _("Yes, I am still here"))),
                                 "I am still here");
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (window)), >=, 4);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "idle-warning-pa"));

  /* A tap on the message, not on the button: any touch keeps the session. */
  text = sewa_ui_test_find_label (GTK_WIDGET (window), _("Are you still there?"));
  sewa_ui_test_tap (text);
  sewa_ui_test_wait_until (not_asking_idle, NULL, "the warning to go", 30);
  sewa_session_set_idle_warning (session, SEWA_SESSION_DEFAULT_IDLE_WARNING_S);
  g_assert_true (sewa_session_is_active (session));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "form");
  g_assert_cmpstr (sewa_form_values_get (sewa_window_get_draft (window), "applicant_name"), ==, "Gurpreet Kaur");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));
}

static gboolean
caret_at_end (gpointer editable)
{
  return gtk_editable_get_position (GTK_EDITABLE (editable)) ==
         (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (editable)), -1);
}

/* Smaller things a citizen meets while typing, in Punjabi: the Aadhaar number is shown whole
 * while typed and masked once left; the date's dashes leave the caret at the end; an e-mail
 * field has "@" without shift; the keyboard and the date's placeholder speak Punjabi; a number
 * out of range says what the limit is. */
static void
test_form_details (void)
{
  SewaFormPage *page;
  SewaOsk *osk;
  GtkWidget *aadhaar, *dob, *email, *copies;
  g_autofree char *digits = test_aadhaar ();
  g_autofree char *limit = NULL, *masked = NULL;
  const SewaFormField *copies_field = NULL;
  SewaService *service = sewa_catalog_lookup_service (sewa_application_get_catalog (sewa_ui_test_app ()),
                                                      "birth-certificate");
  const SewaFormSection *sec1 = g_ptr_array_index (sewa_service_get_form (service)->sections, 1);

  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", SEWA_LANG_PA));
  page = SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form"));
  osk = SEWA_OSK (find_child_of_type (GTK_WIDGET (page), SEWA_TYPE_OSK));
  /* The district starts as the centre's own (LDH01: Ludhiana), and leaving a form with only
   * that in it asks nothing. */
  g_assert_cmpstr (sewa_form_values_get (sewa_window_get_draft (window), "district"), ==,
                   sewa_district_for_centre (sewa_application_get_config (sewa_ui_test_app ())->centre_code)->code);
  g_assert_cmpstr (sewa_form_values_get (sewa_window_get_draft (window), "district"), ==, "ludhiana");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "form.back", NULL));
  g_assert_false (sewa_window_is_asking (window, "discard"));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "service");
  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", SEWA_LANG_PA));
  page = SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form"));
  osk = SEWA_OSK (find_child_of_type (GTK_WIDGET (page), SEWA_TYPE_OSK));

  aadhaar = sewa_form_page_get_input (page, "aadhaar");
  gtk_widget_grab_focus (aadhaar);
  for (const char *d = digits; *d != '\0'; d++)
    {
      char key[2] = { *d, '\0' };
      g_assert_true (sewa_osk_press (osk, key));
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (aadhaar)), ==, digits);
  g_assert_true (g_str_has_suffix (sewa_form_values_get (sewa_window_get_draft (window), "aadhaar"), digits + 8));
  dob = sewa_form_page_get_input (page, "applicant_dob");
  gtk_widget_grab_focus (dob);
  masked = g_strconcat ("•••• •••• ", digits + 8, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (aadhaar)), ==, masked);

  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (dob)), !=, "DD-MM-YYYY");
  for (const char *d = "05081975"; *d != '\0'; d++)
    {
      char key[2] = { *d, '\0' };
      g_assert_true (sewa_osk_press (osk, key));
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dob)), ==, "05-08-1975");
  sewa_ui_test_wait_until (caret_at_end, dob, "the caret at the end of the date", 30);

  email = sewa_form_page_get_input (page, "email");
  gtk_widget_grab_focus (email);
  g_assert_cmpint (sewa_osk_get_layout (osk), ==, SEWA_OSK_LAYOUT_LATIN);
  g_assert_nonnull (sewa_osk_find_key (osk, "@"));
  g_assert_nonnull (sewa_osk_find_key (osk, "q"));
  gtk_widget_grab_focus (sewa_form_page_get_input (page, "applicant_name"));
  g_assert_cmpint (sewa_osk_get_layout (osk), ==, SEWA_OSK_LAYOUT_GURMUKHI);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sewa_osk_find_key (osk, "zwj"))), ==, _("Join"));
  g_assert_cmpstr (_("Join"), !=, "Join");

  for (guint i = 0; i < sec1->fields->len; i++)
    if (g_str_equal (((const SewaFormField *) g_ptr_array_index (sec1->fields, i))->id, "copies"))
      copies_field = g_ptr_array_index (sec1->fields, i);
  g_assert_nonnull (copies_field);
  g_assert_true (copies_field->has_max);
  sewa_form_page_set_section (page, 1);
  copies = sewa_form_page_get_input (page, "copies");
  gtk_editable_set_text (GTK_EDITABLE (copies), "999");
  limit = g_strdup_printf ("%" G_GINT64_FORMAT, copies_field->max);
  g_assert_nonnull (sewa_form_page_get_error (page, "copies"));
  g_assert_nonnull (strstr (sewa_form_page_get_error (page, "copies"), limit));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));
}

/* A top bar's button: wholly on screen and at least the project's 48 px touch target. */
static void
assert_top_button (GtkWidget *button, const char *what)
{
  sewa_ui_test_assert_on_screen (button, what);
  g_assert_cmpint (gtk_widget_get_width (button), >=, 48);
  g_assert_cmpint (gtk_widget_get_height (button), >=, 48);
}

/* The top bar on a session screen, where it is fullest (Start over, Listen, Display and the
 * language control): in each language, at normal and at bigger text (150 %), with the longest
 * connection states, every text whole (nothing ellipsized, nothing clipped) and every button a
 * whole target on the 1280x800 screen. The connection state is put into the bar's label as the
 * kiosk words it: this test is about the bar's room, not the sync engine. */
static void
test_top_bar_fits (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      SewaLang lang;
      GtkWidget *sync, *large, *button;

      sewa_lang_from_code (langs[l], &lang);
      g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", lang));
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
      sync = sewa_ui_test_find_label (GTK_WIDGET (window), sewa_window_get_sync_text (window));
      g_assert_nonnull (sync);
      large = gtk_widget_get_ancestor (sewa_ui_test_find_label (GTK_WIDGET (window), _("Bigger text")),
                                       GTK_TYPE_TOGGLE_BUTTON);
      g_assert_nonnull (large);
      for (guint big = 0; big < 2; big++)
        {
          g_autofree char *waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Connected · %u application waiting to be sent",
                                                                   "Connected · %u applications waiting to be sent", 12),
                                                      12);
          const char *states[] = {
            _("Offline: applications are kept safely"), _("Connected to the portal"), waiting,
          };

          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (large), big == 1);
          for (guint i = 0; i < G_N_ELEMENTS (states); i++)
            {
              g_autofree char *name = g_strdup_printf ("top-bar-%s-%s-%u", langs[l], big ? "large" : "normal", i);

              gtk_label_set_label (GTK_LABEL (sync), states[i]);
              sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
              g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (sync))));
              g_assert_cmpuint (sewa_ui_test_assert_text_fits (gtk_widget_get_ancestor (sync, GTK_TYPE_CENTER_BOX)), >=, 5);
              sewa_ui_test_assert_on_screen (sync, "the connection state");
              assert_top_button (sewa_window_get_start_over_button (window), "Start over");
              button = gtk_widget_get_ancestor (sewa_ui_test_find_label (GTK_WIDGET (window), _("Listen")), GTK_TYPE_BUTTON);
              assert_top_button (button, "Listen");
              button = gtk_widget_get_ancestor (sewa_ui_test_find_label (GTK_WIDGET (window), _("Display")), GTK_TYPE_MENU_BUTTON);
              assert_top_button (button, "Display");
              button = gtk_widget_get_ancestor (sewa_ui_test_find_label (GTK_WIDGET (window), sewa_lang_native_name (lang)),
                                                GTK_TYPE_MENU_BUTTON);
              assert_top_button (button, "the language control");
              if (i == G_N_ELEMENTS (states) - 1)
                g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), name));
            }
        }
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (large), FALSE);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));
    }
}

/* A language switch (#20 item 4) keeps what the browse screen showed (the search typed and its
 * results) and the form's marks on fields filled from an earlier application. */
static void
test_language_switch_keeps (void)
{
  const char *const earlier[] = { "applicant_name", NULL };
  SewaBrowsePage *browse = open_browse (SEWA_LANG_PA);
  SewaFormPage *form;
  g_auto (GStrv) marked = NULL;
  guint rows;

  sewa_browse_page_set_query (browse, "janam");
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  rows = sewa_browse_page_get_n_rows (browse);
  g_assert_cmpuint (rows, >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-language", "s", "hi"));
  browse = SEWA_BROWSE_PAGE (sewa_window_get_screen_widget (window, "browse"));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "browse");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sewa_browse_page_get_search_entry (browse))), ==, "janam");
  g_assert_cmpstr (sewa_browse_page_get_view (browse), ==, "results");
  g_assert_cmpuint (sewa_browse_page_get_n_rows (browse), ==, rows);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));

  g_assert_true (sewa_window_show_screen (window, "form:birth-certificate", SEWA_LANG_PA));
  form = SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form"));
  sewa_form_page_mark_from_earlier (form, earlier);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.switch-language", "s", "en"));
  form = SEWA_FORM_PAGE (sewa_window_get_screen_widget (window, "form"));
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "form");
  marked = sewa_form_page_get_marked_earlier (form);
  g_assert_cmpstrv (marked, earlier);
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (sewa_ui_test_find_label (GTK_WIDGET (window), "From your earlier application — check it"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));
}

static void
add_tests (void)
{
  g_test_add_func ("/ui/catalog/browse-and-search", test_browse_and_search);
  g_test_add_func ("/ui/catalog/service-detail", test_service_detail);
  g_test_add_func ("/ui/catalog/form", test_form);
  g_test_add_func ("/ui/catalog/form-keyboard", test_form_keyboard);
  g_test_add_func ("/ui/catalog/form-leave-asks", test_form_leave_asks);
  g_test_add_func ("/ui/catalog/idle-warning", test_idle_warning);
  g_test_add_func ("/ui/catalog/form-details", test_form_details);
  g_test_add_func ("/ui/catalog/top-bar-fits", test_top_bar_fits);
  g_test_add_func ("/ui/catalog/language-switch-keeps", test_language_switch_keeps);
}

int
main (int argc, char **argv)
{
  sewa_ui_test_init (&argc, &argv);
  return sewa_ui_test_run (add_tests);
}
