/* sewa-kiosk — the Sewa Kendra self-service kiosk. */
#include "sewa-build-config.h"
#include "sewa-application.h"
#include "sewa-lang.h"
#include "sewa-lockdown.h"
#include "sewa-log-ring.h"

int
main (int argc, char **argv)
{
  g_autoptr (SewaApplication) app = NULL;
  const char *localedir = g_getenv ("SEWA_LOCALEDIR");

  sewa_lockdown_sanitize_environment ();
  sewa_log_ring_install ();
  sewa_lang_init_gettext (localedir != NULL ? localedir : SEWA_LOCALEDIR);
  app = sewa_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
