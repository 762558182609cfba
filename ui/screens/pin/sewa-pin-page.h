/* sewa-pin-page.h — the operator's PIN pad: big digit keys, dots for what was typed, a line
 * for the verdict. It only collects digits: the window verifies them (off the main loop) and
 * tells the page what to say and whether to accept more. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEWA_TYPE_PIN_PAGE (sewa_pin_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaPinPage, sewa_pin_page, SEWA, PIN_PAGE, AdwBin)

#define SEWA_PIN_MAX_DIGITS 12

GtkWidget  *sewa_pin_page_new (void);
/* Emits "submitted" (no arguments) when OK is pressed with at least 4 digits. */
guint       sewa_pin_page_get_length (SewaPinPage *self);
/* The typed PIN, newly allocated (wipe it after use); the pad is emptied. */
char       *sewa_pin_page_take_pin (SewaPinPage *self) G_GNUC_WARN_UNUSED_RESULT;
void        sewa_pin_page_set_message (SewaPinPage *self, const char *text, gboolean problem);
/* The heading and the line asking for the PIN (the operator's by default; technician mode
 * asks for the technician's). */
void        sewa_pin_page_set_prompt (SewaPinPage *self, const char *heading, const char *prompt);
const char *sewa_pin_page_get_message (SewaPinPage *self);
/* While locked (verifying, or after wrong PINs) no key does anything. */
void        sewa_pin_page_set_locked (SewaPinPage *self, gboolean locked);
gboolean    sewa_pin_page_get_locked (SewaPinPage *self);
/* With two or more @ids, a row of the operators' names above the pad: one is chosen before OK
 * does anything, and each choice empties the pad and emits "operator-changed". Call once. */
void        sewa_pin_page_set_operators (SewaPinPage *self, const char *const *ids);
/* The operator chosen on the row, or NULL (none chosen, or no row). */
const char *sewa_pin_page_get_operator (SewaPinPage *self);

G_END_DECLS
