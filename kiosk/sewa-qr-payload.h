/* sewa-qr-payload.h — what a scanned QR code is, and what it says.
 *
 * Every code the kiosk reads (camera or keyboard-wedge scanner) goes through
 * sewa_qr_payload_classify(), which recognises the kind by its shape and hands it to that
 * kind's strict parser:
 *
 *   all digits (≥ 100)                 Aadhaar Secure QR   (sewa-aadhaar.h, signature checked)
 *   XML with PrintLetterBarcodeData    old Aadhaar XML QR  (sewa-aadhaar.h, unverified)
 *   SEWAPROV…                          provisioning QR     (sewa-provisioning.h)
 *   http(s) URL with ref=              receipt QR          (sewa-receipt-qr.h)
 *   anything else                      not recognised
 *
 * The result is a value: the kind, and either the parsed data or a GError saying why a code
 * of that kind was rejected. ui/ chooses the citizen-facing message from (kind, error domain,
 * error code) in the citizen's language; the GError messages are English, for logs of the
 * technician tools only (they never contain the payload).
 */
#pragma once

#include <glib.h>

#include "sewa-aadhaar.h"
#include "sewa-provisioning.h"
#include "sewa-receipt-qr.h"

G_BEGIN_DECLS

#define SEWA_QR_PAYLOAD_ERROR (sewa_qr_payload_error_quark ())
GQuark sewa_qr_payload_error_quark (void);

typedef enum
{
  SEWA_QR_PAYLOAD_ERROR_UNRECOGNISED,    /* "this code is not recognised" */
  SEWA_QR_PAYLOAD_ERROR_RECEIPT_INVALID, /* looks like a receipt code but does not check out */
} SewaQrPayloadError;

typedef enum
{
  SEWA_QR_PAYLOAD_UNRECOGNISED,
  SEWA_QR_PAYLOAD_AADHAAR_SECURE,
  SEWA_QR_PAYLOAD_AADHAAR_XML,
  SEWA_QR_PAYLOAD_RECEIPT,
  SEWA_QR_PAYLOAD_PROVISIONING,
} SewaQrPayloadKind;

typedef struct
{
  SewaQrPayloadKind kind;
  GError *error;                  /* NULL when the payload was accepted */
  /* At most one of these is set, and only when error is NULL. */
  SewaAadhaarData *aadhaar;       /* AADHAAR_SECURE (verified) or AADHAAR_XML (unverified) */
  SewaReceiptQr *receipt;
  SewaProvisioning *provisioning;
} SewaQrPayload;

/* Shortest all-digit payload taken for a Secure QR: a real one is thousands of digits. */
#define SEWA_QR_PAYLOAD_MIN_SECURE_DIGITS 100

/* uidai_key may be NULL (no certificate configured: Secure QRs fail with NO_CERT).
 * now_unix is checked against a provisioning code's expiry. Never returns NULL. */
SewaQrPayload *sewa_qr_payload_classify (const guint8 *data, gsize len, const SewaAadhaarKey *uidai_key,
                                         gint64 now_unix) G_GNUC_WARN_UNUSED_RESULT;
void           sewa_qr_payload_free (SewaQrPayload *payload);

const char    *sewa_qr_payload_kind_to_string (SewaQrPayloadKind kind);

/* A one-line, masked summary for technician tools (kioskctl qr parse): never the full
 * Aadhaar number, never the provisioning token. */
char          *sewa_qr_payload_describe (const SewaQrPayload *payload) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaQrPayload, sewa_qr_payload_free)

G_END_DECLS
