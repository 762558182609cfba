/* sewa-kiosk — the Sewa Kendra self-service kiosk. */
#include "sewa-build-config.h"
#include "sewa-application.h"
#include "sewa-lang.h"
#include "sewa-lockdown.h"
#include "sewa-log-ring.h"
#include "sewa-ocr.h"
#include "sewa-watchdog.h"

int
main (int argc, char **argv)
{
  g_autoptr (SewaApplication) app = NULL;
  const char *localedir = NULL;

  /* Before anything can start a thread or a child: systemd's notification address leaves the
   * environment (sewa-watchdog.h says why). */
  sewa_watchdog_take_environment ();
  localedir = g_getenv ("SEWA_LOCALEDIR");
  sewa_lockdown_sanitize_environment ();
  /* tesseract's OpenMP reads its limit at start; setenv() is only safe before threads exist. */
  sewa_ocr_limit_threads ();
  sewa_log_ring_install ();
  sewa_lang_init_gettext (localedir != NULL ? localedir : SEWA_LOCALEDIR);
  app = sewa_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
