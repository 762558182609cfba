#define G_LOG_DOMAIN "sewa-report"

#include "sewa-report.h"
#include "sewa-receipt.h"

#include <glib/gi18n-lib.h>

enum
{
  R_SUMMARY_TITLE,
  R_CENTRE,
  R_DAY,
  R_PRINTED,
  R_QUEUED,
  R_SENT,
  R_REJECTED,
  R_CASH,
  R_UPI,
  R_TOTAL,
  R_UNPRINTED,
  R_TEST_TITLE,
  R_PRINTER,
  R_STATE,
  R_REASONS,
  R_TEST_QR,
  R_EXPECTED,
  R_COUNTED,
  R_DIFFERENCE,
  R_SLIP_TITLE,
  R_SLIP_REFERENCE,
  R_SLIP_SERVICE,
  R_SLIP_AMOUNT,
  R_SLIP_MODE,
  R_SLIP_CASH,
  R_SLIP_UPI,
  R_SLIP_WAIVED,
  R_SLIP_OPERATOR,
  R_SLIP_TIME,
  R_SLIP_COUNTER_RECEIPT,
  R_SLIP_UPI_REF,
  R_SLIP_NOTE,
  N_REPORT_LABELS
};

static const char *const report_msgids[N_REPORT_LABELS + 1] = {
  [R_SUMMARY_TITLE] = N_("End-of-day summary"),
  [R_CENTRE] = N_("Centre and kiosk"),
  [R_DAY] = N_("Day"),
  [R_PRINTED] = N_("Printed at"),
  [R_QUEUED] = N_("Waiting to be sent"),
  [R_SENT] = N_("Sent to the portal"),
  [R_REJECTED] = N_("Rejected"),
  [R_CASH] = N_("Cash collected"),
  [R_UPI] = N_("UPI collected"),
  [R_TOTAL] = N_("All services"),
  [R_UNPRINTED] = N_("Receipts waiting for a reprint"),
  [R_TEST_TITLE] = N_("Printer test page"),
  [R_PRINTER] = N_("Printer"),
  [R_STATE] = N_("State"),
  [R_REASONS] = N_("State reasons"),
  [R_TEST_QR] = N_("The scanner should read this code back"),
  [R_EXPECTED] = N_("Cash expected"),
  [R_COUNTED] = N_("Cash counted"),
  [R_DIFFERENCE] = N_("Difference (counted minus expected)"),
  [R_SLIP_TITLE] = N_("Payment slip"),
  [R_SLIP_REFERENCE] = N_("Application reference"),
  [R_SLIP_SERVICE] = N_("Service"),
  [R_SLIP_AMOUNT] = N_("Amount"),
  [R_SLIP_MODE] = N_("Paid by"),
  [R_SLIP_CASH] = N_("Cash"),
  [R_SLIP_UPI] = N_("UPI"),
  [R_SLIP_WAIVED] = N_("Fee waived"),
  [R_SLIP_OPERATOR] = N_("Operator"),
  [R_SLIP_TIME] = N_("Date and time"),
  [R_SLIP_COUNTER_RECEIPT] = N_("Counter receipt number"),
  [R_SLIP_UPI_REF] = N_("UPI transaction number"),
  [R_SLIP_NOTE] = N_("Keep this slip with your application receipt."),
  [N_REPORT_LABELS] = NULL,
};

typedef struct
{
  char **local;
  char **en;
} Labels;

static void
labels_load (Labels *l, SewaLang lang)
{
  l->local = sewa_print_doc_translate (lang, report_msgids);
  l->en = sewa_print_doc_translate (SEWA_LANG_EN, report_msgids);
}

static void
labels_clear (Labels *l)
{
  g_clear_pointer (&l->local, g_strfreev);
  g_clear_pointer (&l->en, g_strfreev);
}

static char *
label (const Labels *l, int i)
{
  return sewa_print_doc_bilingual (l->local[i], l->en[i]);
}

static void
row_free (gpointer p)
{
  SewaDaySummaryRow *r = p;

  g_free (r->service_name);
  g_free (r);
}

SewaDaySummary *
sewa_day_summary_new (void)
{
  SewaDaySummary *s = g_new0 (SewaDaySummary, 1);

  s->lang = SEWA_LANG_EN;
  s->rows = g_ptr_array_new_with_free_func (row_free);
  g_date_clear (&s->date, 1);
  return s;
}

void
sewa_day_summary_free (SewaDaySummary *s)
{
  if (s == NULL)
    return;
  g_free (s->centre_code);
  g_clear_pointer (&s->printed_at, g_date_time_unref);
  g_clear_pointer (&s->rows, g_ptr_array_unref);
  g_free (s);
}

SewaDaySummaryRow *
sewa_day_summary_add_row (SewaDaySummary *s, const char *service_name)
{
  SewaDaySummaryRow *r;

  g_return_val_if_fail (s != NULL, NULL);
  g_return_val_if_fail (service_name != NULL, NULL);

  r = g_new0 (SewaDaySummaryRow, 1);
  r->service_name = g_strdup (service_name);
  g_ptr_array_add (s->rows, r);
  return r;
}

static void
add_counts (SewaPrintDoc *doc, const Labels *l, guint queued, guint sent, guint rejected,
            gint64 cash, gint64 upi)
{
  g_autofree char *lq = label (l, R_QUEUED);
  g_autofree char *ls = label (l, R_SENT);
  g_autofree char *lr = label (l, R_REJECTED);
  g_autofree char *lc = label (l, R_CASH);
  g_autofree char *lu = label (l, R_UPI);
  g_autofree char *cash_s = sewa_receipt_format_rupees (cash);
  g_autofree char *upi_s = sewa_receipt_format_rupees (upi);
  g_autofree char *text = g_strdup_printf ("%s: %u\n%s: %u\n%s: %u\n%s: %s\n%s: %s",
                                           ls, sent, lq, queued, lr, rejected,
                                           lc, cash_s, lu, upi_s);

  sewa_print_doc_add_text (doc, SEWA_TEXT_BODY, text);
}

GBytes *
sewa_report_render_day_summary (const SewaDaySummary *s, SewaPaper paper,
                                SewaPrintMetrics *out_metrics, GError **error)
{
  g_autoptr (SewaPrintDoc) doc = NULL;
  Labels l = { 0 };
  guint queued = 0, sent = 0, rejected = 0;
  gint64 cash = 0, upi = 0;
  GBytes *pdf;

  g_return_val_if_fail (s != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (s->centre_code == NULL || !g_date_valid (&s->date) || s->printed_at == NULL)
    {
      g_set_error (error, SEWA_PRINT_DOC_ERROR, SEWA_PRINT_DOC_ERROR_INVALID,
                   "the summary needs the centre, the day and the print time");
      return NULL;
    }

  labels_load (&l, s->lang);
  doc = sewa_print_doc_new (paper);
  {
    g_autofree char *title = label (&l, R_SUMMARY_TITLE);
    g_autofree char *lc = label (&l, R_CENTRE);
    g_autofree char *ld = label (&l, R_DAY);
    g_autofree char *lp = label (&l, R_PRINTED);
    g_autofree char *centre = g_strdup_printf ("%s-%02u", s->centre_code, s->kiosk_number);
    g_autofree char *printed = g_date_time_format (s->printed_at, "%d-%m-%Y %H:%M");
    char day[32];

    g_date_strftime (day, sizeof day, "%d-%m-%Y", &s->date);
    sewa_print_doc_add_text (doc, SEWA_TEXT_TITLE, title);
    sewa_print_doc_add_rule (doc);
    sewa_print_doc_add_field (doc, lc, centre);
    sewa_print_doc_add_field (doc, ld, day);
    sewa_print_doc_add_field (doc, lp, printed);
    sewa_print_doc_add_rule (doc);
  }

  for (guint i = 0; i < s->rows->len; i++)
    {
      const SewaDaySummaryRow *r = g_ptr_array_index (s->rows, i);

      sewa_print_doc_add_text (doc, SEWA_TEXT_HEADING, r->service_name);
      add_counts (doc, &l, r->queued, r->sent, r->rejected, r->cash_paise, r->upi_paise);
      queued += r->queued;
      sent += r->sent;
      rejected += r->rejected;
      cash += r->cash_paise;
      upi += r->upi_paise;
    }
  sewa_print_doc_add_rule (doc);
  {
    g_autofree char *total = label (&l, R_TOTAL);
    g_autofree char *lu = label (&l, R_UNPRINTED);
    g_autofree char *unprinted = g_strdup_printf ("%u", s->receipts_unprinted);

    sewa_print_doc_add_text (doc, SEWA_TEXT_HEADING, total);
    add_counts (doc, &l, queued, sent, rejected, cash, upi);
    sewa_print_doc_add_field (doc, lu, unprinted);
  }
  if (s->closed)
    {
      g_autofree char *le = label (&l, R_EXPECTED);
      g_autofree char *lc = label (&l, R_COUNTED);
      g_autofree char *ld = label (&l, R_DIFFERENCE);
      g_autofree char *expected = sewa_receipt_format_rupees (s->expected_cash_paise);
      g_autofree char *counted = sewa_receipt_format_rupees (s->counted_cash_paise);
      g_autofree char *difference =
        sewa_receipt_format_rupees (s->counted_cash_paise - s->expected_cash_paise);

      sewa_print_doc_add_rule (doc);
      sewa_print_doc_add_field (doc, le, expected);
      sewa_print_doc_add_field (doc, lc, counted);
      sewa_print_doc_add_field (doc, ld, difference);
    }

  pdf = sewa_print_doc_render_pdf (doc, out_metrics, error);
  labels_clear (&l);
  return pdf;
}

GBytes *
sewa_report_render_test_page (const SewaTestPage *page, SewaPaper paper,
                              SewaPrintMetrics *out_metrics, GError **error)
{
  g_autoptr (SewaPrintDoc) doc = NULL;
  g_autofree char *reasons = NULL;
  g_autofree char *centre = NULL;
  g_autofree char *printed = NULL;
  Labels l = { 0 };
  GBytes *pdf = NULL;

  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (page->printer_name == NULL || page->qr_payload == NULL || page->printed_at == NULL)
    {
      g_set_error (error, SEWA_PRINT_DOC_ERROR, SEWA_PRINT_DOC_ERROR_INVALID,
                   "the test page needs the printer name, the time and a QR payload");
      return NULL;
    }

  /* The technician works in English or the kiosk's default; English labels are enough and
   * match the CUPS keywords printed next to them. */
  labels_load (&l, SEWA_LANG_EN);
  doc = sewa_print_doc_new (paper);
  reasons = page->reasons != NULL && page->reasons[0] != NULL
              ? g_strjoinv (", ", (char **) page->reasons)
              : g_strdup ("none");
  centre = g_strdup_printf ("%s-%02u", page->centre_code != NULL ? page->centre_code : "?",
                            page->kiosk_number);
  printed = g_date_time_format (page->printed_at, "%d-%m-%Y %H:%M:%S");
  {
    g_autofree char *title = label (&l, R_TEST_TITLE);
    g_autofree char *lc = label (&l, R_CENTRE);
    g_autofree char *lp = label (&l, R_PRINTED);
    g_autofree char *lpr = label (&l, R_PRINTER);
    g_autofree char *ls = label (&l, R_STATE);
    g_autofree char *lr = label (&l, R_REASONS);
    g_autofree char *lq = label (&l, R_TEST_QR);

    sewa_print_doc_add_text (doc, SEWA_TEXT_TITLE, title);
    sewa_print_doc_add_rule (doc);
    sewa_print_doc_add_field (doc, lc, centre);
    sewa_print_doc_add_field (doc, lp, printed);
    sewa_print_doc_add_field (doc, lpr, page->printer_name);
    sewa_print_doc_add_field (doc, ls, page->printer_state != NULL ? page->printer_state : "?");
    sewa_print_doc_add_field (doc, lr, reasons);
    /* One line in each script the kiosk prints, so the technician sees the fonts shaped. */
    sewa_print_doc_add_text (doc, SEWA_TEXT_BODY, "ਪੰਜਾਬੀ · हिन्दी · English · ₹ 0123456789");
    sewa_print_doc_add_rule (doc);
    if (sewa_print_doc_add_qr (doc, page->qr_payload, error))
      {
        sewa_print_doc_add_text (doc, SEWA_TEXT_CENTRED, lq);
        sewa_print_doc_add_text (doc, SEWA_TEXT_SMALL, page->qr_payload);
        pdf = sewa_print_doc_render_pdf (doc, out_metrics, error);
      }
  }
  labels_clear (&l);
  return pdf;
}

GBytes *
sewa_report_render_payment_slip (const SewaPaymentSlip *slip, SewaPaper paper,
                                 SewaPrintMetrics *out_metrics, GError **error)
{
  g_autoptr (SewaPrintDoc) doc = NULL;
  g_autofree char *centre = NULL;
  g_autofree char *when = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *service = NULL;
  Labels l = { 0 };
  int mode;
  GBytes *pdf;

  g_return_val_if_fail (slip != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (slip->reference == NULL || slip->paid_at == NULL || slip->operator_id == NULL ||
      slip->mode > SEWA_SLIP_WAIVED || (slip->mode == SEWA_SLIP_CASH && slip->counter_receipt == NULL))
    {
      g_set_error (error, SEWA_PRINT_DOC_ERROR, SEWA_PRINT_DOC_ERROR_INVALID,
                   "a payment slip needs the reference, the time, the operator, and for cash the "
                   "counter receipt number");
      return NULL;
    }
  /* The slip is the citizen's: in their language, with English beside each label as on the
   * receipt it goes with. */
  labels_load (&l, slip->lang);
  doc = sewa_print_doc_new (paper);
  centre = g_strdup_printf ("%s-%02u", slip->centre_code != NULL ? slip->centre_code : "?",
                            slip->kiosk_number);
  when = g_date_time_format (slip->paid_at, "%d-%m-%Y %H:%M");
  amount = sewa_receipt_format_rupees (slip->amount_paise);
  service = slip->service_name_en != NULL && g_strcmp0 (slip->service_name_en, slip->service_name_local) != 0
              ? sewa_print_doc_bilingual (slip->service_name_local, slip->service_name_en)
              : g_strdup (slip->service_name_local != NULL ? slip->service_name_local : "?");
  mode = slip->mode == SEWA_SLIP_CASH ? R_SLIP_CASH : slip->mode == SEWA_SLIP_UPI ? R_SLIP_UPI : R_SLIP_WAIVED;
  {
    g_autofree char *title = label (&l, R_SLIP_TITLE);
    g_autofree char *lc = label (&l, R_CENTRE);
    g_autofree char *lref = label (&l, R_SLIP_REFERENCE);
    g_autofree char *lsvc = label (&l, R_SLIP_SERVICE);
    g_autofree char *lamt = label (&l, R_SLIP_AMOUNT);
    g_autofree char *lmode = label (&l, R_SLIP_MODE);
    g_autofree char *vmode = label (&l, mode);
    g_autofree char *lop = label (&l, R_SLIP_OPERATOR);
    g_autofree char *ltime = label (&l, R_SLIP_TIME);
    g_autofree char *lcr = label (&l, R_SLIP_COUNTER_RECEIPT);
    g_autofree char *lupi = label (&l, R_SLIP_UPI_REF);
    g_autofree char *note = label (&l, R_SLIP_NOTE);

    sewa_print_doc_add_text (doc, SEWA_TEXT_TITLE, title);
    sewa_print_doc_add_rule (doc);
    sewa_print_doc_add_field (doc, lref, slip->reference);
    sewa_print_doc_add_field (doc, lsvc, service);
    sewa_print_doc_add_field (doc, lamt, amount);
    sewa_print_doc_add_field (doc, lmode, vmode);
    if (slip->mode == SEWA_SLIP_CASH)
      sewa_print_doc_add_field (doc, lcr, slip->counter_receipt);
    if (slip->mode == SEWA_SLIP_UPI && slip->upi_txn_ref != NULL)
      sewa_print_doc_add_field (doc, lupi, slip->upi_txn_ref);
    sewa_print_doc_add_field (doc, lop, slip->operator_id);
    sewa_print_doc_add_field (doc, ltime, when);
    sewa_print_doc_add_field (doc, lc, centre);
    sewa_print_doc_add_rule (doc);
    sewa_print_doc_add_text (doc, SEWA_TEXT_SMALL, note);
    pdf = sewa_print_doc_render_pdf (doc, out_metrics, error);
  }
  labels_clear (&l);
  return pdf;
}
