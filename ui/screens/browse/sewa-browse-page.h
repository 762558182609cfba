/* sewa-browse-page.h — find a service: department tiles, a department's services, or live
 * search results as the citizen types (in any of the three scripts). */
#pragma once

#include <adwaita.h>
#include "sewa-catalog.h"
#include "sewa-search.h"

G_BEGIN_DECLS

#define SEWA_TYPE_BROWSE_PAGE (sewa_browse_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaBrowsePage, sewa_browse_page, SEWA, BROWSE_PAGE, AdwBin)

GtkWidget   *sewa_browse_page_new (SewaCatalog *catalog, SewaSearch *search, SewaLang lang);
void         sewa_browse_page_show_department (SewaBrowsePage *self, const char *department_id);
void         sewa_browse_page_set_query (SewaBrowsePage *self, const char *query);
/* The department whose services are shown, or NULL (the departments or search results). */
const char  *sewa_browse_page_get_department (SewaBrowsePage *self);
const char  *sewa_browse_page_get_view (SewaBrowsePage *self);
guint        sewa_browse_page_get_n_rows (SewaBrowsePage *self);
const char  *sewa_browse_page_get_row_service_id (SewaBrowsePage *self, guint index);
GtkWidget   *sewa_browse_page_get_search_entry (SewaBrowsePage *self);
guint        sewa_browse_page_get_n_departments (SewaBrowsePage *self);
gboolean     sewa_browse_page_no_results_shown (SewaBrowsePage *self);
void         sewa_browse_page_activate_row (SewaBrowsePage *self, guint index);

G_END_DECLS
