/* sewa-reset-page.h — technician mode's factory reset confirmation: one full screen per
 * confirmation, saying what will be lost.
 *
 * A view only: the window's operator flow (sewa-window-operator.c) decides how many
 * confirmations are needed (two while applications the portal has not accepted exist, one
 * otherwise) and what each says; the buttons activate op.reset-confirm and op.reset-cancel. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEWA_TYPE_RESET_PAGE (sewa_reset_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaResetPage, sewa_reset_page, SEWA, RESET_PAGE, AdwBin)

GtkWidget  *sewa_reset_page_new (const char *heading, const char *message, const char *confirm_label);
const char *sewa_reset_page_get_message (SewaResetPage *self);

G_END_DECLS
