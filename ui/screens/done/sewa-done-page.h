/* sewa-done-page.h — the application is safely queued: its reference, its QR, and whether the
 * receipt printed. Shown the moment the application is committed, before printing ends. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEWA_TYPE_DONE_PAGE (sewa_done_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaDonePage, sewa_done_page, SEWA, DONE_PAGE, AdwBin)

GtkWidget  *sewa_done_page_new (const char *reference, const char *qr_payload, const char *due_text);
void        sewa_done_page_set_print_status (SewaDonePage *self, const char *text, gboolean problem);
const char *sewa_done_page_get_print_status (SewaDonePage *self);
const char *sewa_done_page_get_reference (SewaDonePage *self);
gboolean    sewa_done_page_has_qr (SewaDonePage *self);
/* The fee still to pay: @text says how much and how; @upi_uri (or NULL) is shown as a QR code
 * any UPI app can scan. NULL @text hides it (a free service). */
void        sewa_done_page_set_fee (SewaDonePage *self, const char *text, const char *upi_uri);
/* What the voice adds on this screen about the fee (words, not symbols: "₹ 10.00" is read badly). */
void        sewa_done_page_set_fee_spoken (SewaDonePage *self, const char *words);
const char *sewa_done_page_get_fee_spoken (SewaDonePage *self);
/* What the voice says of the reference and the due date, in the citizen's language. */
void        sewa_done_page_set_numbers_spoken (SewaDonePage *self, const char *words);
const char *sewa_done_page_get_numbers_spoken (SewaDonePage *self);
const char *sewa_done_page_get_fee_text (SewaDonePage *self);
const char *sewa_done_page_get_fee_uri (SewaDonePage *self);
GdkPaintable *sewa_done_page_get_fee_qr (SewaDonePage *self);
/* For a service decided at once (#17): "will be decided when sent", then the decision once the
 * portal's answer is back. NULL hides it. */
void        sewa_done_page_set_decision (SewaDonePage *self, const char *text);
const char *sewa_done_page_get_decision (SewaDonePage *self);
/* Why the portal did not decide it at once (needs_scrutiny), in the citizen's words; NULL hides
 * it. */
void        sewa_done_page_set_decision_reason (SewaDonePage *self, const char *text);

G_END_DECLS
