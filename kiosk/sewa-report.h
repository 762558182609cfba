/* sewa-report.h — operator documents printed through the receipt path.
 *
 * The end-of-day summary (applications by service and queue state, fees collected) and the
 * technician's printer test page. Both are plain structs in, PDF out, with labels in the
 * operator's language and English like the citizen's receipt.
 */
#pragma once

#include <glib.h>
#include "sewa-lang.h"
#include "sewa-print-doc.h"

G_BEGIN_DECLS

typedef struct
{
  char *service_name;  /* in the operator's language */
  guint queued;        /* committed locally, not yet at the portal */
  guint sent;          /* accepted by the portal (ARN issued) */
  guint rejected;      /* permanently rejected, needs the operator */
  gint64 cash_paise;   /* cash taken at the counter for this service */
  gint64 upi_paise;
} SewaDaySummaryRow;

typedef struct
{
  char *centre_code;
  guint kiosk_number;
  GDate date;              /* the day summarised */
  GDateTime *printed_at;
  SewaLang lang;           /* the operator's language */
  GPtrArray *rows;         /* of SewaDaySummaryRow*, owned */
  guint receipts_unprinted; /* applications whose receipt still waits for a reprint */
  /* The day close (#18): when @closed, the cash the store expected and the cash the operator
   * counted are printed with their difference. */
  gboolean closed;
  gint64 expected_cash_paise;
  gint64 counted_cash_paise;
} SewaDaySummary;

SewaDaySummary    *sewa_day_summary_new (void) G_GNUC_WARN_UNUSED_RESULT;
void               sewa_day_summary_free (SewaDaySummary *summary);
SewaDaySummaryRow *sewa_day_summary_add_row (SewaDaySummary *summary, const char *service_name);

GBytes *sewa_report_render_day_summary (const SewaDaySummary *summary, SewaPaper paper,
                                        SewaPrintMetrics *out_metrics,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  const char *centre_code;
  guint kiosk_number;
  GDateTime *printed_at;
  const char *printer_name;      /* queue name or URI */
  const char *printer_state;     /* "idle", "processing", "stopped" */
  const char *const *reasons;    /* printer-state-reasons, NULL-terminated or NULL */
  const char *qr_payload;        /* what the technician's scanner should read back */
} SewaTestPage;

GBytes *sewa_report_render_test_page (const SewaTestPage *page, SewaPaper paper,
                                      SewaPrintMetrics *out_metrics,
                                      GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* A payment slip (#18): printed when the fee is taken at the counter after the application's
 * receipt was printed; it names the application it belongs to. No citizen data on it. */
typedef enum
{
  SEWA_SLIP_CASH,
  SEWA_SLIP_UPI,
  SEWA_SLIP_WAIVED,
} SewaSlipMode;

typedef struct
{
  SewaLang lang;                  /* the citizen's */
  const char *centre_code;
  guint kiosk_number;
  const char *reference;          /* the application's provisional reference */
  const char *service_name_local; /* in @lang */
  const char *service_name_en;
  gint64 amount_paise;
  SewaSlipMode mode;
  const char *counter_receipt;    /* cash: the counter receipt number (required) */
  const char *upi_txn_ref;        /* upi, or NULL */
  const char *operator_id;
  GDateTime *paid_at;
} SewaPaymentSlip;

GBytes *sewa_report_render_payment_slip (const SewaPaymentSlip *slip, SewaPaper paper,
                                         SewaPrintMetrics *out_metrics,
                                         GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaDaySummary, sewa_day_summary_free)

G_END_DECLS
