/* sewa-status-page.h — where an application made at this kiosk has got to.
 *
 * Shows what the kiosk's own outbox knows (reference, service, state in plain words, the
 * portal's application number once it has one, the reason for a rejection), and lets the
 * citizen type a reference from the receipt on the on-screen keyboard. The reference's check
 * character is verified before anything is looked up. No citizen data is shown or needed.
 */
#pragma once

#include <adwaita.h>
#include "sewa-lang.h"
#include "sewa-store.h"

G_BEGIN_DECLS

#define SEWA_TYPE_STATUS_PAGE (sewa_status_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaStatusPage, sewa_status_page, SEWA, STATUS_PAGE, AdwBin)

GtkWidget  *sewa_status_page_new (void);

/* The record found (borrowed for the call) and the service's name in the citizen's language. */
void        sewa_status_page_show_record (SewaStatusPage *self, const SewaAppRecord *record,
                                          const char *service_name, const char *arn_hint);
/* A plain message instead of a record (not found, cannot look up). */
void        sewa_status_page_show_message (SewaStatusPage *self, const char *text);
/* Puts the caret in the reference field and shows the keyboard. */
void        sewa_status_page_start_typing (SewaStatusPage *self);

/* The citizen's words for a state. */
const char *sewa_status_state_text (SewaAppState state);

/* For tests and the operator. */
const char *sewa_status_page_get_reference (SewaStatusPage *self);
const char *sewa_status_page_get_state_text (SewaStatusPage *self);
const char *sewa_status_page_get_arn (SewaStatusPage *self);
const char *sewa_status_page_get_message (SewaStatusPage *self);
GtkEditable *sewa_status_page_get_entry (SewaStatusPage *self);
gboolean    sewa_status_page_is_looking_up (SewaStatusPage *self);
void        sewa_status_page_set_looking_up (SewaStatusPage *self, gboolean looking_up);

G_END_DECLS
