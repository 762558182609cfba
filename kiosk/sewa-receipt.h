/* sewa-receipt.h — the citizen's application receipt, rendered to PDF.
 *
 * SewaReceiptData is a plain struct: the UI fills it at submission from the session, the store
 * fills it again from what it keeps for a reprint, and the renderer is a pure function of it,
 * so a receipt printed days later from the queue is the same receipt (now with the ARN, once
 * the portal has issued one).
 *
 * Labels are printed in the citizen's language and in English (gettext, domain
 * "sewa-kiosk"); values that come from the catalog carry their own languages. Only masked
 * identifiers are ever put on paper: the last four digits of Aadhaar and mobile.
 */
#pragma once

#include <glib.h>
#include "sewa-lang.h"
#include "sewa-print-doc.h"

G_BEGIN_DECLS

typedef enum
{
  SEWA_DOC_SOURCE_SCANNED = 0, /* captured by the kiosk camera */
  SEWA_DOC_SOURCE_VAULT,       /* attached by reference from the citizen's portal vault */
} SewaDocSource;

typedef enum
{
  SEWA_RECEIPT_FEE_NONE = 0,        /* the service is free */
  SEWA_RECEIPT_FEE_PAID_UPI,
  SEWA_RECEIPT_FEE_PAID_CASH,
  SEWA_RECEIPT_FEE_DUE_AT_COUNTER,  /* to be paid at the Sewa Kendra counter */
  SEWA_RECEIPT_FEE_DUE_UPI,         /* not paid yet: by UPI (the kiosk showed a code) or at the
                                     * counter; the portal says when it is paid */
} SewaReceiptFee;

typedef struct
{
  char *label;          /* in the citizen's language (from the catalog) */
  SewaDocSource source;
} SewaReceiptDocument;

/* The decision of a service the portal decides at once, as printed on the receipt. */
typedef enum
{
  SEWA_RECEIPT_DECISION_NONE = 0,  /* not an instant service: no line */
  SEWA_RECEIPT_DECISION_PENDING,   /* "Will be decided when sent" (offline, or no answer yet) */
  SEWA_RECEIPT_DECISION_APPROVED,  /* "Approved" */
  SEWA_RECEIPT_DECISION_SCRUTINY,  /* "An officer will check it" */
} SewaReceiptDecision;

typedef struct
{
  char *centre_code;         /* e.g. LDH01 */
  char *centre_name;         /* optional, e.g. "Sewa Kendra, Civil Lines, Ludhiana" */
  guint kiosk_number;
  GDateTime *issued_at;      /* local time of submission */
  SewaLang lang;             /* the citizen's language */
  char *service_name_local;  /* catalog name in the citizen's language */
  char *service_name_en;
  char *applicant_name;
  char aadhaar_last4[5];     /* 4 digits or empty: the whole number is never printed */
  char mobile_last4[5];      /* 4 digits or empty */
  char *reference;           /* provisional reference (sewa-reference.h), required */
  char *arn;                 /* the portal's application number once known, else NULL */
  GPtrArray *documents;      /* of SewaReceiptDocument*, owned */
  gint64 fee_paise;
  SewaReceiptFee fee_state;
  GDate due_date;            /* decision due under the RTS Act; invalid = not shown */
  char *track_url;           /* base of the tracking page the QR opens */
  gboolean reprint;          /* printed again later by the operator: marked "REPRINT" */
  SewaReceiptDecision decision; /* an instant service's decision (#17); NONE = not instant */
  char *assisted_by;         /* the operator who filled it in for the citizen, or NULL (#18) */
} SewaReceiptData;

SewaReceiptData *sewa_receipt_data_new (void) G_GNUC_WARN_UNUSED_RESULT;
void             sewa_receipt_data_free (SewaReceiptData *data);
void             sewa_receipt_data_add_document (SewaReceiptData *data, const char *label,
                                                 SewaDocSource source);

/* Due date = issue date + the service's time limit in calendar days (as the portal counts). */
void             sewa_receipt_due_date (GDateTime *issued_at, guint time_limit_days,
                                        GDate *out_date);

/* Renders the receipt. Returns the PDF, or NULL with SEWA_PRINT_DOC_ERROR set (INVALID when a
 * required field is missing or the reference is not valid). Translates labels with
 * sewa_print_doc_translate(), so call it from the main thread. */
GBytes          *sewa_receipt_render_pdf (const SewaReceiptData *data, SewaPaper paper,
                                          SewaPrintMetrics *out_metrics,
                                          GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean         sewa_receipt_render_to_file (const SewaReceiptData *data, SewaPaper paper,
                                              const char *path, GError **error);

/* "XXXX XXXX 1234" / "XXXXXX1234"; empty input gives NULL. */
char            *sewa_receipt_mask_aadhaar (const char *last4) G_GNUC_WARN_UNUSED_RESULT;
char            *sewa_receipt_mask_mobile (const char *last4) G_GNUC_WARN_UNUSED_RESULT;
/* "₹ 1,234.50" with Indian digit grouping. */
char            *sewa_receipt_format_rupees (gint64 paise) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaReceiptData, sewa_receipt_data_free)

G_END_DECLS
