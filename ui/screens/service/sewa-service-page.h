/* sewa-service-page.h — what a service is, what it needs, what it costs and how long it takes. */
#pragma once

#include <adwaita.h>
#include "sewa-catalog.h"

G_BEGIN_DECLS

#define SEWA_TYPE_SERVICE_PAGE (sewa_service_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaServicePage, sewa_service_page, SEWA, SERVICE_PAGE, AdwBin)

/* @upi_here: the centre takes UPI ([payments] upi-vpa), so a UPI fee is offered as UPI. */
GtkWidget   *sewa_service_page_new (SewaService *service, SewaLang lang, gboolean upi_here);
SewaService *sewa_service_page_get_service (SewaServicePage *self);
char        *sewa_service_page_fee_text (SewaService *service, gboolean upi_here) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
