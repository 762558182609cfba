/* Receipts and operator documents: content (pdftotext), the QR read back by ZBar from a
 * rasterised page (pdftoppm + zbarimg), line widths measured by Pango before drawing, and the
 * screenshot set for review (build/screenshots/). */
#include "sewa-lang.h"
#include "sewa-receipt.h"
#include "sewa-receipt-qr.h"
#include "sewa-reference.h"
#include "sewa-report.h"

#include <glib/gstdio.h>
#include <string.h>

#define TRACK_URL "https://connect.punjab.gov.in/track"
#define LONG_NAME "Gurpreet Kaur Sandhu Dhillon Grewal Sidhu Brar Gill Randhawa Bajwa Cheema " \
                  "Virk Aulakh Mann Sekhon Chahal Bhullar Deol Kang Toor Khaira"

static char *tmpdir;

static SewaReceiptData *
make_data (SewaLang lang)
{
  SewaReceiptData *d = sewa_receipt_data_new ();
  SewaReferenceParts p = { .centre = "LDH01", .kiosk = 3, .year = 2026, .month = 11, .day = 30,
                           .seq = 42 };
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("+05:30");

  d->centre_code = g_strdup ("LDH01");
  d->centre_name = g_strdup ("Sewa Kendra Civil Lines, Ludhiana");
  d->kiosk_number = 3;
  d->issued_at = g_date_time_new (tz, 2026, 11, 30, 14, 5, 0);
  d->lang = lang;
  d->service_name_local = g_strdup (sewa_lang_pick (lang, "ਜਨਮ ਸਰਟੀਫਿਕੇਟ ਦੀ ਕਾਪੀ",
                                                    "जन्म प्रमाण पत्र की प्रति",
                                                    "Copy of birth certificate"));
  d->service_name_en = g_strdup ("Copy of birth certificate");
  d->applicant_name = g_strdup (sewa_lang_pick (lang, "ਹਰਪ੍ਰੀਤ ਕੌਰ ਸਿੱਧੂ", "हरप्रीत कौर सिद्धू",
                                                "Harpreet Kaur Sidhu"));
  g_strlcpy (d->aadhaar_last4, "4821", sizeof d->aadhaar_last4);
  g_strlcpy (d->mobile_last4, "7710", sizeof d->mobile_last4);
  d->reference = sewa_reference_format (&p);
  sewa_receipt_data_add_document (d, sewa_lang_pick (lang, "ਹਸਪਤਾਲ ਦੀ ਜਨਮ ਪਰਚੀ",
                                                     "अस्पताल की जन्म पर्ची",
                                                     "Hospital birth slip"),
                                  SEWA_DOC_SOURCE_SCANNED);
  sewa_receipt_data_add_document (d, sewa_lang_pick (lang, "ਮਾਤਾ-ਪਿਤਾ ਦਾ ਆਧਾਰ", "माता-पिता का आधार",
                                                     "Parent's Aadhaar"),
                                  SEWA_DOC_SOURCE_VAULT);
  d->fee_paise = 4000;
  d->fee_state = SEWA_RECEIPT_FEE_PAID_UPI;
  sewa_receipt_due_date (d->issued_at, 7, &d->due_date);
  d->track_url = g_strdup (TRACK_URL);
  return d;
}

static char *
write_tmp (GBytes *pdf, const char *name)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                       &error);
  g_assert_no_error (error);
  return path;
}

static char *
run (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return out;
}

static char *
pdf_text (GBytes *pdf)
{
  g_autofree char *path = write_tmp (pdf, "text.pdf");
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-layout", path, "-", NULL };

  return run (argv);
}

static void
pdf_to_png (GBytes *pdf, const char *png_path_no_ext, int dpi)
{
  g_autofree char *path = write_tmp (pdf, "raster.pdf");
  g_autofree char *r = g_strdup_printf ("%d", dpi);
  const char *argv[] = { "pdftoppm", "-r", r, "-png", "-singlefile", path, png_path_no_ext,
                         NULL };
  g_autofree char *out = run (argv);
}

static char *
decode_qr (GBytes *pdf)
{
  g_autofree char *base = g_build_filename (tmpdir, "qr", NULL);
  g_autofree char *png = g_strconcat (base, ".png", NULL);
  char *out;

  /* 203 dpi is what an 80 mm thermal head prints at: decode at the resolution of paper. */
  pdf_to_png (pdf, base, 203);
  {
    const char *argv[] = { "zbarimg", "--nodbus", "--raw", "-q", "-Sdisable", "-Sqrcode.enable",
                           png, NULL };
    out = run (argv);
  }
  g_strchomp (out);
  return out;
}

static void
test_formatting (void)
{
  g_autofree char *a = sewa_receipt_format_rupees (4000);
  g_autofree char *b = sewa_receipt_format_rupees (123456789);
  g_autofree char *c = sewa_receipt_format_rupees (123450);
  g_autofree char *m1 = sewa_receipt_mask_aadhaar ("4821");
  g_autofree char *m2 = sewa_receipt_mask_aadhaar ("48210");
  g_autofree char *m3 = sewa_receipt_mask_mobile ("77a0");
  g_autofree char *m4 = sewa_receipt_mask_mobile ("7710");

  g_assert_cmpstr (a, ==, "₹ 40.00");
  g_assert_cmpstr (b, ==, "₹ 12,34,567.89");
  g_assert_cmpstr (c, ==, "₹ 1,234.50");
  g_assert_cmpstr (m1, ==, "XXXX XXXX 4821");
  g_assert_null (m2);
  g_assert_null (m3);
  g_assert_cmpstr (m4, ==, "XXXXXX7710");
}

/* Each language: the PDF holds the reference, the service in English and in the citizen's
 * language, the due date, the helpline, masked identifiers only, and labels in both
 * languages; the QR printed on it decodes back to the reference. */
static void
test_content (gconstpointer user_data)
{
  SewaLang lang = GPOINTER_TO_UINT (user_data);
  g_autoptr (SewaReceiptData) d = make_data (lang);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;
  g_autoptr (SewaReceiptQr) parsed = NULL;
  SewaPrintMetrics m;

  pdf = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, &m, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));
  g_assert_cmpuint (m.n_pages, ==, 1);
  g_assert_cmpfloat_with_epsilon (m.page_width, 80 * 72 / 25.4, 0.01);

  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, d->reference));
  g_assert_nonnull (strstr (text, "Copy of birth certificate"));
  g_assert_nonnull (strstr (text, "07-12-2026"));     /* 30-11-2026 + 7 days */
  g_assert_nonnull (strstr (text, "30-11-2026 14:05"));
  g_assert_nonnull (strstr (text, "1076"));
  g_assert_nonnull (strstr (text, "XXXX XXXX 4821"));
  g_assert_nonnull (strstr (text, "XXXXXX7710"));
  g_assert_nonnull (strstr (text, "40.00"));
  g_assert_nonnull (strstr (text, "Paid by UPI"));
  g_assert_nonnull (strstr (text, "Decision due by"));
  g_assert_nonnull (strstr (text, "LDH01"));
  if (lang == SEWA_LANG_EN)
    {
      /* No duplicated "Reference / Reference" for an English-speaking citizen. */
      g_assert_null (strstr (text, "Reference / Reference"));
    }
  else
    {
      /* The label is there in the citizen's script too: poppler maps the shaped glyphs back
       * through the font's ToUnicode table, so look for the language's block. */
      gunichar block = lang == SEWA_LANG_PA ? 0x0A00 : 0x0900;
      gboolean found = FALSE;

      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        if ((g_utf8_get_char (p) & ~0x7Fu) == block)
          found = TRUE;
      g_assert_true (found);
      g_assert_nonnull (strstr (text, " / Reference"));
    }

  qr = decode_qr (pdf);
  parsed = sewa_receipt_qr_parse (qr, strlen (qr));
  g_assert_nonnull (parsed);
  g_assert_cmpstr (parsed->reference, ==, d->reference);
  g_assert_null (parsed->arn);
  g_assert_true (g_str_has_prefix (qr, TRACK_URL "?ref="));
}

/* Every line of every block fits the printable width in all three languages, on both
 * papers, with an absurdly long name (which must be wrapped and then shortened). */
static void
test_fits (void)
{
  for (guint paper = SEWA_PAPER_80MM; paper <= SEWA_PAPER_A4; paper++)
    for (guint lang = 0; lang < SEWA_N_LANGS; lang++)
      {
        g_autoptr (SewaReceiptData) d = make_data (lang);
        g_autoptr (GError) error = NULL;
        g_autoptr (GBytes) pdf = NULL;
        SewaPrintMetrics m = { 0 };

        g_free (d->applicant_name);
        d->applicant_name = g_strdup (LONG_NAME);
        g_free (d->service_name_local);
        d->service_name_local = g_strdup (sewa_lang_pick (lang,
          "ਜਨਮ ਸਰਟੀਫਿਕੇਟ ਵਿੱਚ ਬੱਚੇ ਦਾ ਨਾਮ ਦਰਜ ਕਰਨਾ ਅਤੇ ਦੇਰੀ ਨਾਲ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਦੀ ਪ੍ਰਵਾਨਗੀ",
          "जन्म प्रमाण पत्र में बच्चे का नाम दर्ज करना और विलंबित पंजीकरण की स्वीकृति",
          "Entry of child's name in birth certificate and sanction of delayed registration"));
        pdf = sewa_receipt_render_pdf (d, paper, &m, &error);
        g_assert_no_error (error);
        g_test_message ("%s/%s: widest line %.1f of %.1f pt, %u lines, page %.0f pt high",
                        sewa_paper_to_string (paper), sewa_lang_code (lang),
                        m.max_line_width, m.printable_width, m.n_lines, m.page_height);
        g_assert_cmpfloat (m.printable_width, >, 0);
        g_assert_cmpfloat (m.max_line_width, <=, m.printable_width + 0.01);
        g_assert_cmpfloat (m.min_line_x, >=, 0);
        g_assert_cmpuint (m.n_lines, >, 20);
        if (paper == SEWA_PAPER_80MM)
          {
            g_assert_cmpfloat_with_epsilon (m.printable_width, 72 * 72 / 25.4, 0.01);
            /* The long name is cut after two lines on the roll. */
            g_assert_cmpuint (m.n_ellipsized, >=, 1);
          }
      }
}

/* A reprint from stored data days later: same text, and once the ARN is known it appears on
 * the paper and in the QR. */
static void
test_reprint (void)
{
  g_autoptr (SewaReceiptData) d = make_data (SEWA_LANG_PA);
  g_autoptr (GBytes) first = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, NULL);
  g_autoptr (GBytes) again = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, NULL);
  g_autofree char *t1 = pdf_text (first);
  g_autofree char *t2 = pdf_text (again);
  g_autoptr (GBytes) with_arn = NULL;
  g_autofree char *t3 = NULL;
  g_autofree char *qr = NULL;
  g_autoptr (SewaReceiptQr) parsed = NULL;

  g_assert_cmpstr (t1, ==, t2);
  d->arn = g_strdup ("PB/REV/2026/000123");
  with_arn = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, NULL);
  g_assert_nonnull (with_arn);
  t3 = pdf_text (with_arn);
  g_assert_nonnull (strstr (t3, "PB/REV/2026/000123"));
  g_assert_null (strstr (t1, "PB/REV/2026/000123"));
  qr = decode_qr (with_arn);
  parsed = sewa_receipt_qr_parse (qr, strlen (qr));
  g_assert_nonnull (parsed);
  g_assert_cmpstr (parsed->arn, ==, "PB/REV/2026/000123");

  /* An operator's reprint carries the mark in the citizen's language and English; the
   * first print does not. */
  g_assert_null (strstr (t1, "REPRINT"));
  for (SewaLang lang = 0; lang < SEWA_N_LANGS; lang++)
    {
      g_autoptr (SewaReceiptData) r = make_data (lang);
      g_autoptr (GBytes) pdf = NULL;
      g_autofree char *text = NULL;

      r->reprint = TRUE;
      pdf = sewa_receipt_render_pdf (r, SEWA_PAPER_80MM, NULL, NULL);
      g_assert_nonnull (pdf);
      text = pdf_text (pdf);
      g_assert_nonnull (strstr (text, "REPRINT"));
      g_assert_nonnull (strstr (text, r->reference));
      /* "<citizen's language> / REPRINT" (pdftotext does not give Indic conjuncts back
       * verbatim, so the translated half is checked through the bilingual form). */
      if (lang == SEWA_LANG_EN)
        g_assert_null (strstr (text, " / REPRINT"));
      else
        g_assert_nonnull (strstr (text, " / REPRINT"));
    }
}

/* An assisted application's receipt (#18) names the operator who filled it in; the citizen's
 * own has no such line. */
static void
test_assisted (void)
{
  g_autoptr (SewaReceiptData) d = make_data (SEWA_LANG_PA);
  g_autoptr (GBytes) alone = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, NULL);
  g_autoptr (GBytes) assisted = NULL;
  g_autofree char *t1 = pdf_text (alone);
  g_autofree char *t2 = NULL;

  g_assert_null (strstr (t1, "Filled in by operator"));
  d->assisted_by = g_strdup ("asha");
  assisted = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, NULL);
  g_assert_nonnull (assisted);
  t2 = pdf_text (assisted);
  g_assert_nonnull (strstr (t2, "Filled in by operator"));
  g_assert_nonnull (strstr (t2, "asha"));
}

/* An instant service's decision (#17) is printed in English and the citizen's language; a
 * service that is not instant has no such line. */
static void
test_decision (void)
{
  static const struct { SewaReceiptDecision decision; const char *en; } cases[] = {
    { SEWA_RECEIPT_DECISION_APPROVED, "Approved" },
    { SEWA_RECEIPT_DECISION_PENDING, "Will be decided when sent" },
    { SEWA_RECEIPT_DECISION_SCRUTINY, "An officer will check it" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SewaReceiptData) d = make_data (SEWA_LANG_PA);
      g_autoptr (GBytes) pdf = NULL;
      g_autofree char *text = NULL;
      g_autofree char *bilingual = g_strconcat ("/ ", cases[i].en, NULL);

      d->decision = cases[i].decision;
      pdf = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, NULL);
      g_assert_nonnull (pdf);
      text = pdf_text (pdf);
      g_assert_nonnull (strstr (text, bilingual));
    }
  {
    g_autoptr (SewaReceiptData) d = make_data (SEWA_LANG_EN);
    g_autoptr (GBytes) pdf = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, NULL);
    g_autofree char *text = pdf_text (pdf);

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      g_assert_null (strstr (text, cases[i].en));
  }
}

static void
test_invalid (void)
{
  g_autoptr (SewaReceiptData) d = make_data (SEWA_LANG_HI);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = NULL;

  d->reference[strlen (d->reference) - 1] ^= 1; /* break the check character */
  pdf = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, &error);
  g_assert_null (pdf);
  g_assert_error (error, SEWA_PRINT_DOC_ERROR, SEWA_PRINT_DOC_ERROR_INVALID);
}

static SewaDaySummary *
make_summary (void)
{
  SewaDaySummary *s = sewa_day_summary_new ();
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("+05:30");
  SewaDaySummaryRow *r;

  s->centre_code = g_strdup ("LDH01");
  s->kiosk_number = 3;
  g_date_set_dmy (&s->date, 30, 11, 2026);
  s->printed_at = g_date_time_new (tz, 2026, 11, 30, 19, 0, 0);
  s->lang = SEWA_LANG_PA;
  r = sewa_day_summary_add_row (s, "ਜਨਮ ਸਰਟੀਫਿਕੇਟ ਦੀ ਕਾਪੀ");
  r->sent = 11, r->queued = 2, r->rejected = 1, r->cash_paise = 12000, r->upi_paise = 40000;
  r = sewa_day_summary_add_row (s, "ਰਿਹਾਇਸ਼ ਸਰਟੀਫਿਕੇਟ");
  r->sent = 5, r->queued = 0, r->rejected = 0, r->cash_paise = 5000, r->upi_paise = 0;
  s->receipts_unprinted = 1;
  return s;
}

static void
test_day_summary (void)
{
  g_autoptr (SewaDaySummary) s = make_summary ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = sewa_report_render_day_summary (s, SEWA_PAPER_80MM, NULL, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "End-of-day"));  /* the title wraps on the roll */
  g_assert_nonnull (strstr (text, "LDH01-03"));
  g_assert_nonnull (strstr (text, "Sent to the portal: 16"));   /* 11 + 5 */
  g_assert_nonnull (strstr (text, "Cash collected: ₹ 170.00")); /* 120 + 50 */
  g_assert_nonnull (strstr (text, "Rejected: 1"));
  /* No day close, no cash lines. */
  g_assert_null (strstr (text, "Cash counted"));
}

/* The day close's summary (#18) prints the cash expected, counted and their difference. */
static void
test_day_summary_closed (void)
{
  g_autoptr (SewaDaySummary) s = make_summary ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  s->closed = TRUE;
  s->expected_cash_paise = 17000;
  s->counted_cash_paise = 16550;
  pdf = sewa_report_render_day_summary (s, SEWA_PAPER_80MM, NULL, &error);
  g_assert_no_error (error);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Cash expected"));
  g_assert_nonnull (strstr (text, "₹ 170.00"));
  g_assert_nonnull (strstr (text, "Cash counted"));
  g_assert_nonnull (strstr (text, "₹ 165.50"));
  g_assert_nonnull (strstr (text, "₹ -4.50"));
}

static void
test_test_page (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  const char *reasons[] = { "media-low-report", NULL };
  SewaTestPage tp = { .centre_code = "LDH01", .kiosk_number = 3, .printed_at = now,
                      .printer_name = "ipp://localhost:631/ipp/print", .printer_state = "idle",
                      .reasons = reasons, .qr_payload = "SEWA-TEST LDH01-03" };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = sewa_report_render_test_page (&tp, SEWA_PAPER_80MM, NULL, &error);
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;

  g_assert_no_error (error);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Printer test page"));
  g_assert_nonnull (strstr (text, "media-low-report"));
  g_assert_nonnull (strstr (text, "idle"));
  qr = decode_qr (pdf);
  g_assert_cmpstr (qr, ==, "SEWA-TEST LDH01-03");
}

/* The screenshot set the lead reviews: one receipt per language on the roll, one on A4, and
 * the operator documents. Written to <build>/screenshots/. */
static void
test_screenshots (void)
{
  const char *root = g_getenv ("SEWA_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (root != NULL ? root : tmpdir, "screenshots", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint lang = 0; lang < SEWA_N_LANGS; lang++)
    {
      g_autoptr (SewaReceiptData) d = make_data (lang);
      g_autoptr (GBytes) pdf = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, NULL);
      g_autofree char *name = g_strdup_printf ("receipt-%s", sewa_lang_code (lang));
      g_autofree char *base = g_build_filename (dir, name, NULL);
      g_autofree char *png = g_strconcat (base, ".png", NULL);

      pdf_to_png (pdf, base, 150);
      g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
    }
  {
    g_autoptr (SewaReceiptData) d = make_data (SEWA_LANG_HI);
    g_autoptr (GBytes) pdf = NULL;
    g_autofree char *base = g_build_filename (dir, "receipt-hi-a4-long-name", NULL);

    g_free (d->applicant_name);
    d->applicant_name = g_strdup (LONG_NAME);
    d->arn = g_strdup ("PB/REV/2026/000123");
    d->fee_state = SEWA_RECEIPT_FEE_DUE_AT_COUNTER;
    pdf = sewa_receipt_render_pdf (d, SEWA_PAPER_A4, NULL, NULL);
    pdf_to_png (pdf, base, 72);
  }
  {
    g_autoptr (SewaReceiptData) d = make_data (SEWA_LANG_PA);
    g_autoptr (GBytes) pdf = NULL;
    g_autofree char *base = g_build_filename (dir, "receipt-pa-long-name", NULL);

    g_free (d->applicant_name);
    d->applicant_name = g_strdup (LONG_NAME);
    pdf = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, NULL);
    pdf_to_png (pdf, base, 150);
  }
  {
    g_autoptr (SewaDaySummary) s = make_summary ();
    g_autoptr (GBytes) pdf = sewa_report_render_day_summary (s, SEWA_PAPER_80MM, NULL, NULL);
    g_autofree char *base = g_build_filename (dir, "day-summary-pa", NULL);

    pdf_to_png (pdf, base, 150);
  }
  g_test_message ("screenshots in %s", dir);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  tmpdir = g_dir_make_tmp ("sewa-receipt-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/receipt/formatting", test_formatting);
  g_test_add_data_func ("/receipt/content/pa", GUINT_TO_POINTER (SEWA_LANG_PA), test_content);
  g_test_add_data_func ("/receipt/content/hi", GUINT_TO_POINTER (SEWA_LANG_HI), test_content);
  g_test_add_data_func ("/receipt/content/en", GUINT_TO_POINTER (SEWA_LANG_EN), test_content);
  g_test_add_func ("/receipt/fits", test_fits);
  g_test_add_func ("/receipt/reprint", test_reprint);
  g_test_add_func ("/receipt/invalid", test_invalid);
  g_test_add_func ("/receipt/decision", test_decision);
  g_test_add_func ("/receipt/assisted", test_assisted);
  g_test_add_func ("/report/day-summary", test_day_summary);
  g_test_add_func ("/report/day-summary-closed", test_day_summary_closed);
  g_test_add_func ("/report/test-page", test_test_page);
  g_test_add_func ("/receipt/screenshots", test_screenshots);
  ret = g_test_run ();

  {
    g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
    for (const char *name = dir != NULL ? g_dir_read_name (dir) : NULL; name != NULL;
         name = g_dir_read_name (dir))
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return ret;
}
