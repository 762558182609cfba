/* sewa-home-page.h — the attract screen: welcome in three scripts, three language buttons. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEWA_TYPE_HOME_PAGE (sewa_home_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaHomePage, sewa_home_page, SEWA, HOME_PAGE, AdwBin)

GtkWidget *sewa_home_page_new (void);
GtkLabel  *sewa_home_page_get_welcome_label (SewaHomePage *self, const char *lang_code);
GtkButton *sewa_home_page_get_language_button (SewaHomePage *self, const char *lang_code);
/* Says the greeting again, in all three languages (for those who cannot read it). */
GtkButton *sewa_home_page_get_listen_button (SewaHomePage *self);
/* The press on the emblem that, held SEWA_OPERATOR_LONG_PRESS_MS, opens operator mode
 * (win.operator-begin): a GtkGestureDrag. */
GtkGesture *sewa_home_page_get_operator_gesture (SewaHomePage *self);

#define SEWA_OPERATOR_LONG_PRESS_MS 3000

G_END_DECLS
