/* sewa-identify-page.h — "Who is applying?": the step after choosing a service.
 *
 * The citizen verifies their mobile number with a code the portal sends (when the portal is
 * reachable), or has the QR on their Aadhaar card read (online or not), which fills the form
 * and, when they typed their mobile first, says whether it is the one the card names; or
 * continues without. The page only shows; the window's identity flow (sewa-window-identity.c)
 * talks to the portal through its actions: win.identify-send, win.identify-verify,
 * win.identify-resend, win.identify-change-number, win.identify-aadhaar and win.identify-skip.
 */
#pragma once

#include <adwaita.h>
#include "sewa-catalog.h"

G_BEGIN_DECLS

#define SEWA_TYPE_IDENTIFY_PAGE (sewa_identify_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaIdentifyPage, sewa_identify_page, SEWA, IDENTIFY_PAGE, AdwBin)

/* @online: whether the portal can send a code now; without it only "continue" is offered. */
GtkWidget  *sewa_identify_page_new (SewaService *service, SewaLang lang, gboolean online);
/* What the citizen typed: digits only (spaces and a +91 / 0 prefix dropped), or "". */
char       *sewa_identify_page_get_mobile (SewaIdentifyPage *self) G_GNUC_WARN_UNUSED_RESULT;
char       *sewa_identify_page_get_code (SewaIdentifyPage *self) G_GNUC_WARN_UNUSED_RESULT;
void        sewa_identify_page_show_mobile_step (SewaIdentifyPage *self);
/* The code was sent to the mobile ending @last4; it expires after @expires_in_s, and a new
 * one may be asked for after @resend_after_s (at once once it expires). */
void        sewa_identify_page_show_code_step (SewaIdentifyPage *self, const char *last4,
                                               guint code_length, guint expires_in_s,
                                               guint resend_after_s);
/* Empties the code field (a wrong code is typed again from the start). */
void        sewa_identify_page_clear_code (SewaIdentifyPage *self);
/* The code has expired (the portal said so, or its time ran out): only a new one will do. */
void        sewa_identify_page_show_expired (SewaIdentifyPage *self);
/* A line under the entry; @problem styles it as an error. NULL clears it. */
void        sewa_identify_page_show_message (SewaIdentifyPage *self, const char *text,
                                             gboolean problem);
/* While the portal is asked, the buttons that would ask again are insensitive. */
void        sewa_identify_page_set_busy (SewaIdentifyPage *self, gboolean busy);
/* The portal cannot be reached after all: the code step goes, "continue" stays. */
void        sewa_identify_page_set_online (SewaIdentifyPage *self, gboolean online);
gboolean    sewa_identify_page_is_code_step (SewaIdentifyPage *self);
/* Whether the portal is being asked (a code sent, checked, or the details looked up). */
gboolean    sewa_identify_page_is_busy (SewaIdentifyPage *self);
/* Puts back the number the citizen typed, on a page rebuilt in another language. */
void        sewa_identify_page_set_mobile (SewaIdentifyPage *self, const char *digits);

G_END_DECLS
