/* sewa-start-page.h — the first screen of a citizen session: what do you want to do? */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEWA_TYPE_START_PAGE (sewa_start_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaStartPage, sewa_start_page, SEWA, START_PAGE, AdwBin)

GtkWidget *sewa_start_page_new (void);
GtkLabel  *sewa_start_page_get_heading (SewaStartPage *self);
void        sewa_start_page_show_notice (SewaStartPage *self, const char *text);
const char *sewa_start_page_get_notice (SewaStartPage *self);

G_END_DECLS
