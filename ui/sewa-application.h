/* sewa-application.h — the kiosk application: owns the configuration and the citizen session. */
#pragma once

#include <adwaita.h>
#include "sewa-config.h"
#include "sewa-session.h"

G_BEGIN_DECLS

#define SEWA_TYPE_APPLICATION (sewa_application_get_type ())
G_DECLARE_FINAL_TYPE (SewaApplication, sewa_application, SEWA, APPLICATION, AdwApplication)

SewaApplication *sewa_application_new (void);
SewaConfig      *sewa_application_get_config (SewaApplication *self);
SewaSession     *sewa_application_get_session (SewaApplication *self);

G_END_DECLS
