/* sewa-receipt-qr.h — the payload of the QR code printed on every receipt.
 *
 * It is a plain URL so that a citizen's phone opens the portal's tracking page, and the
 * kiosk's own status lookup reads it back:
 *
 *   <track-url>?ref=<provisional reference>[&arn=<portal ARN>]
 *
 * Integrity: the reference carries its own check character (sewa-reference.h); an ARN, when
 * present, is 4–40 characters of A–Z, 0–9, '-' and '/'. Anything else is rejected.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *reference; /* provisional reference, always present */
  char *arn;       /* portal application reference number, or NULL */
} SewaReceiptQr;

char          *sewa_receipt_qr_build (const char *track_url, const char *reference,
                                      const char *arn) G_GNUC_WARN_UNUSED_RESULT;
SewaReceiptQr *sewa_receipt_qr_parse (const char *payload, gsize len) G_GNUC_WARN_UNUSED_RESULT;
void           sewa_receipt_qr_free (SewaReceiptQr *qr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaReceiptQr, sewa_receipt_qr_free)

G_END_DECLS
