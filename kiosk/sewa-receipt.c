#define G_LOG_DOMAIN "sewa-receipt"

#include "sewa-receipt.h"
#include "sewa-receipt-qr.h"
#include "sewa-reference.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The labels printed on a receipt. Indexes into label_msgids; marked with N_() so xgettext
 * finds them, translated per receipt into the citizen's language and English. */
enum
{
  L_HEADER,
  L_TITLE,
  L_CENTRE,
  L_KIOSK,
  L_ISSUED,
  L_SERVICE,
  L_APPLICANT,
  L_AADHAAR,
  L_MOBILE,
  L_REFERENCE,
  L_ARN,
  L_ARN_PENDING,
  L_DOCUMENTS,
  L_SCANNED,
  L_VAULT,
  L_FEE,
  L_PAID_UPI,
  L_PAID_CASH,
  L_DUE_COUNTER,
  L_DUE_UPI,
  L_NO_FEE,
  L_DUE_DATE,
  L_HELPLINE,
  L_SCAN,
  L_KEEP,
  L_REPRINT,
  L_DECISION,
  L_DECISION_APPROVED,
  L_DECISION_PENDING,
  L_DECISION_SCRUTINY,
  L_ASSISTED,
  N_LABELS
};

static const char *const label_msgids[N_LABELS + 1] = {
  [L_HEADER] = N_("Sewa Kendra, Government of Punjab"),
  [L_TITLE] = N_("Application receipt"),
  [L_CENTRE] = N_("Centre"),
  [L_KIOSK] = N_("Kiosk"),
  [L_ISSUED] = N_("Date and time"),
  [L_SERVICE] = N_("Service"),
  [L_APPLICANT] = N_("Applicant"),
  [L_AADHAAR] = N_("Aadhaar"),
  [L_MOBILE] = N_("Mobile"),
  [L_REFERENCE] = N_("Reference"),
  [L_ARN] = N_("Application number (ARN)"),
  [L_ARN_PENDING] = N_("Issued when the application reaches the portal"),
  [L_DOCUMENTS] = N_("Documents submitted"),
  [L_SCANNED] = N_("scanned at the kiosk"),
  [L_VAULT] = N_("from your document vault"),
  [L_FEE] = N_("Fee"),
  [L_PAID_UPI] = N_("Paid by UPI"),
  [L_PAID_CASH] = N_("Paid in cash"),
  [L_DUE_COUNTER] = N_("To be paid at the counter"),
  [L_DUE_UPI] = N_("Not paid yet: pay by UPI or at the counter"),
  [L_NO_FEE] = N_("No fee"),
  [L_DUE_DATE] = N_("Decision due by"),
  [L_HELPLINE] = N_("Helpline"),
  [L_SCAN] = N_("Scan to track your application"),
  [L_KEEP] = N_("Keep this receipt. Quote the reference for any enquiry."),
  /* TRANSLATORS: printed under the title of a receipt the operator prints again later */
  [L_REPRINT] = N_("REPRINT"),
  [L_DECISION] = N_("Decision"),
  [L_DECISION_APPROVED] = N_("Approved"),
  [L_DECISION_PENDING] = N_("Will be decided when sent"),
  [L_DECISION_SCRUTINY] = N_("An officer will check it"),
  [L_ASSISTED] = N_("Filled in by operator"),
  [N_LABELS] = NULL,
};

#define HELPLINE "1076"

static void
document_free (gpointer p)
{
  SewaReceiptDocument *d = p;

  g_free (d->label);
  g_free (d);
}

SewaReceiptData *
sewa_receipt_data_new (void)
{
  SewaReceiptData *data = g_new0 (SewaReceiptData, 1);

  data->lang = SEWA_LANG_PA;
  data->documents = g_ptr_array_new_with_free_func (document_free);
  g_date_clear (&data->due_date, 1);
  return data;
}

void
sewa_receipt_data_free (SewaReceiptData *data)
{
  if (data == NULL)
    return;
  g_free (data->centre_code);
  g_free (data->centre_name);
  g_free (data->assisted_by);
  g_clear_pointer (&data->issued_at, g_date_time_unref);
  g_free (data->service_name_local);
  g_free (data->service_name_en);
  g_free (data->applicant_name);
  g_free (data->reference);
  g_free (data->arn);
  g_clear_pointer (&data->documents, g_ptr_array_unref);
  g_free (data->track_url);
  /* The struct held masked identifiers and a name; do not leave them in freed memory. */
  memset (data, 0, sizeof *data);
  g_free (data);
}

void
sewa_receipt_data_add_document (SewaReceiptData *data, const char *label, SewaDocSource source)
{
  SewaReceiptDocument *d;

  g_return_if_fail (data != NULL);
  g_return_if_fail (label != NULL);

  if (data->documents == NULL)
    data->documents = g_ptr_array_new_with_free_func (document_free);
  d = g_new0 (SewaReceiptDocument, 1);
  d->label = g_strdup (label);
  d->source = source;
  g_ptr_array_add (data->documents, d);
}

void
sewa_receipt_due_date (GDateTime *issued_at, guint time_limit_days, GDate *out_date)
{
  g_return_if_fail (issued_at != NULL);
  g_return_if_fail (out_date != NULL);

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) g_date_time_get_day_of_month (issued_at),
                  (GDateMonth) g_date_time_get_month (issued_at),
                  (GDateYear) g_date_time_get_year (issued_at));
  g_date_add_days (out_date, time_limit_days);
}

static gboolean
is_last4 (const char *s)
{
  if (strlen (s) != 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

char *
sewa_receipt_mask_aadhaar (const char *last4)
{
  if (last4 == NULL || !is_last4 (last4))
    return NULL;
  return g_strconcat ("XXXX XXXX ", last4, NULL);
}

char *
sewa_receipt_mask_mobile (const char *last4)
{
  if (last4 == NULL || !is_last4 (last4))
    return NULL;
  return g_strconcat ("XXXXXX", last4, NULL);
}

char *
sewa_receipt_format_rupees (gint64 paise)
{
  g_autofree char *digits = NULL;
  GString *s = g_string_new ("₹ ");
  guint64 abs_paise;
  size_t len, head;

  if (paise < 0)
    g_string_append_c (s, '-');
  abs_paise = paise < 0 ? (guint64) (-(paise + 1)) + 1 : (guint64) paise;
  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, abs_paise / 100);
  len = strlen (digits);

  /* Indian grouping: the last three digits, then groups of two (12,34,567). */
  head = len > 3 ? (len - 3) % 2 : len;
  if (len > 3 && head == 0)
    head = 2;
  g_string_append_len (s, digits, (gssize) head);
  for (size_t i = head; i < len;)
    {
      size_t group = (len - i > 3) ? 2 : 3;

      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append_len (s, digits + i, (gssize) group);
      i += group;
    }
  g_string_append_printf (s, ".%02u", (guint) (abs_paise % 100));
  return g_string_free (s, FALSE);
}

static gboolean
validate (const SewaReceiptData *data, GError **error)
{
  const char *missing = NULL;

  if (data->reference == NULL || !sewa_reference_is_valid (data->reference))
    missing = "a valid reference";
  else if (data->issued_at == NULL)
    missing = "the issue time";
  else if (data->centre_code == NULL)
    missing = "the centre code";
  else if (data->track_url == NULL)
    missing = "the tracking URL";
  else if (data->service_name_en == NULL && data->service_name_local == NULL)
    missing = "the service name";
  else if (data->lang >= SEWA_N_LANGS)
    missing = "a supported language";
  if (missing != NULL)
    {
      g_set_error (error, SEWA_PRINT_DOC_ERROR, SEWA_PRINT_DOC_ERROR_INVALID,
                   "the receipt needs %s", missing);
      return FALSE;
    }
  return TRUE;
}

static char *
fee_text (const SewaReceiptData *data, char **local, char **en)
{
  g_autofree char *amount = sewa_receipt_format_rupees (data->fee_paise);
  g_autofree char *how = NULL;
  int l;

  switch (data->fee_state)
    {
    case SEWA_RECEIPT_FEE_PAID_UPI: l = L_PAID_UPI; break;
    case SEWA_RECEIPT_FEE_PAID_CASH: l = L_PAID_CASH; break;
    case SEWA_RECEIPT_FEE_DUE_AT_COUNTER: l = L_DUE_COUNTER; break;
    case SEWA_RECEIPT_FEE_DUE_UPI: l = L_DUE_UPI; break;
    case SEWA_RECEIPT_FEE_NONE:
    default:
      return sewa_print_doc_bilingual (local[L_NO_FEE], en[L_NO_FEE]);
    }
  how = sewa_print_doc_bilingual (local[l], en[l]);
  return g_strconcat (amount, " — ", how, NULL);
}

GBytes *
sewa_receipt_render_pdf (const SewaReceiptData *data, SewaPaper paper,
                         SewaPrintMetrics *out_metrics, GError **error)
{
  g_autoptr (SewaPrintDoc) doc = NULL;
  g_auto (GStrv) local = NULL;
  g_auto (GStrv) en = NULL;
  g_autofree char *qr_payload = NULL;
  g_autofree char *when = NULL;
  g_autofree char *service = NULL;
  g_autofree char *centre = NULL;
  g_autofree char *kiosk = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *aadhaar = NULL;
  g_autofree char *mobile = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!validate (data, error))
    return NULL;

  qr_payload = sewa_receipt_qr_build (data->track_url, data->reference, data->arn);
  if (qr_payload == NULL)
    {
      g_set_error (error, SEWA_PRINT_DOC_ERROR, SEWA_PRINT_DOC_ERROR_INVALID,
                   "the reference or ARN cannot be put in the receipt QR code");
      return NULL;
    }

  local = sewa_print_doc_translate (data->lang, label_msgids);
  en = sewa_print_doc_translate (SEWA_LANG_EN, label_msgids);

  doc = sewa_print_doc_new (paper);

  {
    g_autofree char *header = sewa_print_doc_bilingual (local[L_HEADER], en[L_HEADER]);
    g_autofree char *title = sewa_print_doc_bilingual (local[L_TITLE], en[L_TITLE]);

    sewa_print_doc_add_text (doc, SEWA_TEXT_CENTRED, header);
    sewa_print_doc_add_text (doc, SEWA_TEXT_TITLE, title);
    /* A second copy must say so: the issue time below is the application's, not today's. */
    if (data->reprint)
      {
        g_autofree char *mark = sewa_print_doc_bilingual (local[L_REPRINT], en[L_REPRINT]);

        sewa_print_doc_add_text (doc, SEWA_TEXT_CENTRED, mark);
      }
  }
  sewa_print_doc_add_rule (doc);

  if (data->centre_name != NULL && *data->centre_name != '\0')
    centre = g_strdup_printf ("%s (%s)", data->centre_name, data->centre_code);
  else
    centre = g_strdup (data->centre_code);
  kiosk = g_strdup_printf ("%02u", data->kiosk_number);
  when = g_date_time_format (data->issued_at, "%d-%m-%Y %H:%M");
  {
    g_autofree char *l_centre = sewa_print_doc_bilingual (local[L_CENTRE], en[L_CENTRE]);
    g_autofree char *l_kiosk = sewa_print_doc_bilingual (local[L_KIOSK], en[L_KIOSK]);
    g_autofree char *l_issued = sewa_print_doc_bilingual (local[L_ISSUED], en[L_ISSUED]);

    sewa_print_doc_add_field (doc, l_centre, centre);
    sewa_print_doc_add_field (doc, l_kiosk, kiosk);
    sewa_print_doc_add_field (doc, l_issued, when);
  }
  sewa_print_doc_add_rule (doc);

  /* The catalog gives the service name in each language; print the citizen's and English,
   * once if they are the same (an English-speaking citizen). */
  service = sewa_print_doc_bilingual (data->service_name_local,
                                      data->service_name_en != NULL ? data->service_name_en
                                                                    : data->service_name_local);
  {
    g_autofree char *l_service = sewa_print_doc_bilingual (local[L_SERVICE], en[L_SERVICE]);
    g_autofree char *l_app = sewa_print_doc_bilingual (local[L_APPLICANT], en[L_APPLICANT]);
    g_autofree char *l_aadhaar = sewa_print_doc_bilingual (local[L_AADHAAR], en[L_AADHAAR]);
    g_autofree char *l_mobile = sewa_print_doc_bilingual (local[L_MOBILE], en[L_MOBILE]);

    sewa_print_doc_add_text (doc, SEWA_TEXT_LABEL, l_service);
    sewa_print_doc_add_text (doc, SEWA_TEXT_BODY, service);
    if (data->applicant_name != NULL && *data->applicant_name != '\0')
      {
        sewa_print_doc_add_text (doc, SEWA_TEXT_LABEL, l_app);
        /* A long name wraps onto a second line and is shortened after that, so it can never
         * push the reference off the first fold of the receipt. */
        sewa_print_doc_add_text_limited (doc, SEWA_TEXT_BODY, data->applicant_name, 2);
      }
    aadhaar = sewa_receipt_mask_aadhaar (data->aadhaar_last4);
    mobile = sewa_receipt_mask_mobile (data->mobile_last4);
    sewa_print_doc_add_field (doc, l_aadhaar, aadhaar);
    sewa_print_doc_add_field (doc, l_mobile, mobile);
    /* An assisted application says who filled it in, so the citizen knows whom to ask. */
    if (data->assisted_by != NULL && *data->assisted_by != '\0')
      {
        g_autofree char *l_assisted = sewa_print_doc_bilingual (local[L_ASSISTED], en[L_ASSISTED]);

        sewa_print_doc_add_field (doc, l_assisted, data->assisted_by);
      }
  }
  sewa_print_doc_add_rule (doc);

  {
    g_autofree char *l_ref = sewa_print_doc_bilingual (local[L_REFERENCE], en[L_REFERENCE]);
    g_autofree char *l_arn = sewa_print_doc_bilingual (local[L_ARN], en[L_ARN]);
    g_autofree char *l_pending = sewa_print_doc_bilingual (local[L_ARN_PENDING],
                                                           en[L_ARN_PENDING]);

    sewa_print_doc_add_text (doc, SEWA_TEXT_LABEL, l_ref);
    sewa_print_doc_add_text (doc, SEWA_TEXT_STRONG, data->reference);
    sewa_print_doc_add_text (doc, SEWA_TEXT_LABEL, l_arn);
    if (data->arn != NULL)
      sewa_print_doc_add_text (doc, SEWA_TEXT_STRONG, data->arn);
    else
      sewa_print_doc_add_text (doc, SEWA_TEXT_SMALL, l_pending);
  }

  if (data->documents != NULL && data->documents->len > 0)
    {
      g_autofree char *l_docs = sewa_print_doc_bilingual (local[L_DOCUMENTS], en[L_DOCUMENTS]);

      sewa_print_doc_add_text (doc, SEWA_TEXT_LABEL, l_docs);
      for (guint i = 0; i < data->documents->len; i++)
        {
          const SewaReceiptDocument *d = g_ptr_array_index (data->documents, i);
          int src = d->source == SEWA_DOC_SOURCE_VAULT ? L_VAULT : L_SCANNED;
          g_autofree char *how = sewa_print_doc_bilingual (local[src], en[src]);
          g_autofree char *line = g_strdup_printf ("• %s (%s)", d->label, how);

          sewa_print_doc_add_text_limited (doc, SEWA_TEXT_SMALL, line, 3);
        }
    }

  fee = fee_text (data, local, en);
  {
    g_autofree char *l_fee = sewa_print_doc_bilingual (local[L_FEE], en[L_FEE]);

    sewa_print_doc_add_field (doc, l_fee, fee);
  }
  /* A service decided at once (#17): what the portal said when the receipt was printed. */
  if (data->decision != SEWA_RECEIPT_DECISION_NONE)
    {
      int which = data->decision == SEWA_RECEIPT_DECISION_APPROVED ? L_DECISION_APPROVED
                  : data->decision == SEWA_RECEIPT_DECISION_SCRUTINY ? L_DECISION_SCRUTINY
                  : L_DECISION_PENDING;
      g_autofree char *l_decision = sewa_print_doc_bilingual (local[L_DECISION], en[L_DECISION]);
      g_autofree char *value = sewa_print_doc_bilingual (local[which], en[which]);

      sewa_print_doc_add_field (doc, l_decision, value);
    }
  if (g_date_valid (&data->due_date))
    {
      char due[32];
      g_autofree char *l_due = sewa_print_doc_bilingual (local[L_DUE_DATE], en[L_DUE_DATE]);

      g_date_strftime (due, sizeof due, "%d-%m-%Y", &data->due_date);
      sewa_print_doc_add_field (doc, l_due, due);
    }
  {
    g_autofree char *l_help = sewa_print_doc_bilingual (local[L_HELPLINE], en[L_HELPLINE]);

    sewa_print_doc_add_field (doc, l_help, HELPLINE);
  }
  sewa_print_doc_add_rule (doc);

  if (!sewa_print_doc_add_qr (doc, qr_payload, error))
    return NULL;
  {
    g_autofree char *l_scan = sewa_print_doc_bilingual (local[L_SCAN], en[L_SCAN]);
    g_autofree char *l_keep = sewa_print_doc_bilingual (local[L_KEEP], en[L_KEEP]);

    sewa_print_doc_add_text (doc, SEWA_TEXT_CENTRED, l_scan);
    sewa_print_doc_add_space (doc, 4);
    sewa_print_doc_add_text (doc, SEWA_TEXT_SMALL, l_keep);
  }

  return sewa_print_doc_render_pdf (doc, out_metrics, error);
}

gboolean
sewa_receipt_render_to_file (const SewaReceiptData *data, SewaPaper paper, const char *path,
                             GError **error)
{
  g_autoptr (GBytes) pdf = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  pdf = sewa_receipt_render_pdf (data, paper, NULL, error);
  if (pdf == NULL)
    return FALSE;
  return g_file_set_contents (path, g_bytes_get_data (pdf, NULL),
                              (gssize) g_bytes_get_size (pdf), error);
}
