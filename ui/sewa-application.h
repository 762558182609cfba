/* sewa-application.h — the kiosk application: owns the configuration and the citizen session. */
#pragma once

#include <adwaita.h>
#include "sewa-config.h"
#include "sewa-session.h"
#include "sewa-catalog.h"
#include "sewa-search.h"
#include "sewa-store.h"
#include "sewa-printer.h"
#include "sewa-camera.h"
#include "sewa-sync.h"
#include "sewa-voice.h"

G_BEGIN_DECLS

#define SEWA_TYPE_APPLICATION (sewa_application_get_type ())
G_DECLARE_FINAL_TYPE (SewaApplication, sewa_application, SEWA, APPLICATION, AdwApplication)

SewaApplication *sewa_application_new (void);
SewaConfig      *sewa_application_get_config (SewaApplication *self);
SewaSession     *sewa_application_get_session (SewaApplication *self);
SewaCatalog     *sewa_application_get_catalog (SewaApplication *self);
SewaSearch      *sewa_application_get_search (SewaApplication *self);
SewaStore       *sewa_application_get_store (SewaApplication *self);
SewaPrinter     *sewa_application_get_printer (SewaApplication *self);
SewaCamera      *sewa_application_get_camera (SewaApplication *self);
SewaSync        *sewa_application_get_sync (SewaApplication *self);
/* The voice, or NULL when voice guidance is off ([kiosk] voice = false) or cannot start. */
SewaVoice       *sewa_application_get_voice (SewaApplication *self);
void             sewa_application_restart_sync (SewaApplication *self);
/* Before a factory reset: the engine stops and is dropped (nothing may drain a store being wiped). */
void             sewa_application_stop_sync (SewaApplication *self);

G_END_DECLS
