/* sewa-upi.h — a fee as a UPI payment link (NPCI UPI linking specification: upi://pay?…), shown
 * as a QR code any UPI app can scan. The kiosk only builds the plain static form from the
 * centre's configured VPA; whether the fee was paid is for the portal to say, never the kiosk.
 * See ../shared/reference/upi.md. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_UPI_ERROR (sewa_upi_error_quark ())
GQuark sewa_upi_error_quark (void);

typedef enum
{
  SEWA_UPI_ERROR_INVALID, /* a VPA, name, amount or reference the link cannot carry */
} SewaUpiError;

/* TRUE when @vpa has the shape of a UPI address: "handle@provider", the handle 2–256 of
 * A–Z a–z 0–9 . - _, the provider 2–64 letters or digits, starting with a letter. */
gboolean sewa_upi_vpa_is_valid (const char *vpa);

/* upi://pay?pa=…&pn=…&am=…&cu=INR&tr=…[&tn=…], every value percent-encoded (UTF-8), none empty.
 * @paise > 0 (the amount is fixed so the payer cannot edit it); @reference is the application's
 * reference (tr); @note may be NULL. */
char *sewa_upi_payment_uri (const char *vpa, const char *payee_name, gint64 paise,
                            const char *reference, const char *note,
                            GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
