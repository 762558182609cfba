/* sewa-osk.h — the kiosk's own on-screen keyboard.
 *
 * No reusable GTK 4 on-screen keyboard exists and kiosk compositors host no system one, so the
 * kiosk draws its own and writes into a target GtkEditable. Keys never take focus, so the
 * caret stays in the field the citizen is filling.
 */
#pragma once

#include <gtk/gtk.h>
#include "sewa-osk-layouts.h"

G_BEGIN_DECLS

#define SEWA_TYPE_OSK (sewa_osk_get_type ())
G_DECLARE_FINAL_TYPE (SewaOsk, sewa_osk, SEWA, OSK, GtkWidget)

GtkWidget     *sewa_osk_new (void);
void           sewa_osk_set_target (SewaOsk *self, GtkEditable *target);
GtkEditable   *sewa_osk_get_target (SewaOsk *self);
void           sewa_osk_set_layout (SewaOsk *self, SewaOskLayout layout);
SewaOskLayout  sewa_osk_get_layout (SewaOsk *self);
void           sewa_osk_set_shifted (SewaOsk *self, gboolean shifted);
gboolean       sewa_osk_press (SewaOsk *self, const char *key_text);
void           sewa_osk_backspace (SewaOsk *self);
GtkWidget     *sewa_osk_find_key (SewaOsk *self, const char *key_text);
void           sewa_osk_set_letter_layout (SewaOsk *self, SewaOskLayout layout);

G_END_DECLS
