/* sewa-application.c — command line, configuration, and the one kiosk window. */
#include "sewa-build-config.h"
#include "sewa-application.h"
#include "sewa-window.h"
#include "sewa-screenshot.h"
#include "sewa-lockdown.h"
#include "sewa-watchdog.h"
#include "sewa-test-probe.h"
#include "sewa-enrol.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>

struct _SewaApplication
{
  AdwApplication parent_instance;

  /* Owned references */
  SewaConfig *config;
  SewaSession *session;
  SewaCatalog *catalog;
  SewaSearch *search;
  gboolean catalog_tried;
  SewaStore *store;
  SewaPrinter *printer;
  SewaCamera *camera;
  SewaSync *sync;
  SewaVoice *voice;
  gboolean voice_tried;
  SewaTestProbe *probe; /* only when SEWA_TEST_PROBE is set (tests, bench, demo) */

  /* Command-line options */
  char *config_path;
  char *state_dir;
  char *screenshot_path;
  char *screen_name;
  char *lang_code;
  gboolean exit_after_first_frame;
  gboolean windowed;
  gint64 start_us;

  /* The devices' health for the heartbeat (docs/portal-api.md §8): the last verdicts, handed to
   * every engine started (a re-enrolment makes a new one), and the periodic check. */
  char *printer_health;
  char *camera_health;
  guint device_check_id;
  GCancellable *device_check_cancellable;
};

G_DEFINE_FINAL_TYPE (SewaApplication, sewa_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL, N_("Configuration file"), N_("FILE") },
  { "state-dir", 's', 0, G_OPTION_ARG_FILENAME, NULL, N_("State directory (database, documents)"),
    N_("DIR") },
  { "exit-after-first-frame", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Quit once the first frame is drawn (benchmarks, smoke tests)"), NULL },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save the first frame to this PNG file"), N_("FILE") },
  { "screen", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open this screen (home, start, browse, service:ID, form:ID, documents:ID)"), N_("NAME") },
  { "lang", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Language for --screen (pa, hi, en)"), N_("CODE") },
  { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Do not go fullscreen (development)"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version"), NULL },
  { NULL }
};

/* The outbox is opened at start-up: a kiosk that cannot keep applications safely must say so
 * before a citizen starts typing. The key is created only on the very first start; a missing
 * or different key for an existing queue is refused (see sewa-store.h), never replaced. */
static gboolean
open_store (SewaApplication *self, GError **error)
{
  SewaStoreOptions options = {
    .state_dir = self->config->state_dir,
    .create_key = TRUE,
    .centre_code = self->config->centre_code,
    .kiosk_number = self->config->kiosk_number,
  };

  if (g_mkdir_with_parents (self->config->state_dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot create the state directory %s: %s", self->config->state_dir,
                   g_strerror (errno));
      return FALSE;
    }
  self->store = sewa_store_open_full (&options, error);
  return self->store != NULL;
}

/* --- device health for the heartbeat ----------------------------------------------------- */

/* The sync engine (offline/) and the drivers (drivers/) never use each other: the UI owns both,
 * so it is the one that reads the printer and the camera and tells the engine what to report. */
static void
set_device_health (SewaApplication *self, char **slot, const char *name, const char *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
  if (self->sync != NULL)
    sewa_sync_set_health (self->sync, name, value);
}

static void
printer_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaPrinterStatus) status = sewa_printer_query_state_finish (SEWA_PRINTER (source), result, &error);
  const char *value = "ok";

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The contract's tokens: "down" when a receipt cannot be printed now, "degraded" when it
   * can but someone should look (paper or toner low). */
  if (status == NULL || !status->accepting_jobs || status->state == SEWA_PRINTER_STATE_STOPPED)
    value = "down";
  for (guint i = 0; status != NULL && i < status->n_alerts; i++)
    {
      gboolean fatal = FALSE;

      if (status->alerts[i] == SEWA_PRINTER_ALERT_MEDIA_LOW || status->alerts[i] == SEWA_PRINTER_ALERT_MARKER_LOW)
        {
          if (g_str_equal (value, "ok"))
            value = "degraded";
        }
      else
        fatal = TRUE;
      if (fatal)
        value = "down";
    }
  set_device_health (self, &self->printer_health, "printer", value);
}

static void
camera_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (sewa_camera_open_finish (SEWA_CAMERA (source), result, &error))
    set_device_health (self, &self->camera_health, "camera", "ok");
  /* A dropped request (a citizen's session ended) or a busy camera says nothing about its
   * health: the next check decides. */
  else if (!g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_CANCELLED)
           && !g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_BUSY)
           && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_device_health (self, &self->camera_health, "camera", "down");
}

static gboolean
device_check (gpointer user_data)
{
  SewaApplication *self = user_data;

  sewa_printer_query_state_async (sewa_application_get_printer (self), self->device_check_cancellable,
                                  printer_checked, g_object_ref (self));
  sewa_camera_open_async (sewa_application_get_camera (self), self->device_check_cancellable,
                          camera_checked, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

/* Checks now and every [kiosk] device-check seconds; the engine sends a heartbeat as soon as a
 * verdict changes, so the portal hears of a jammed printer within one check. Only while an
 * engine runs: the heartbeat is what the checks are for, and an unenrolled kiosk has none (its
 * camera stays closed until a citizen or technician needs it). */
static void
start_device_checks (SewaApplication *self)
{
  if (self->device_check_id != 0 || self->sync == NULL)
    return;
  self->device_check_cancellable = g_cancellable_new ();
  device_check (self);
  self->device_check_id = g_timeout_add_seconds (self->config->device_check_s, device_check, self);
}

/* The sync engine runs inside the kiosk on its own thread once the kiosk is enrolled; before
 * that (or if the portal refused it) applications are accepted and kept, and a technician
 * enrols it with `kioskctl enrol` from a provisioning QR. */
static void
start_sync (SewaApplication *self)
{
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (GError) error = NULL;
  SewaSyncOptions options = { 0 };

  if (self->store == NULL)
    return;
  client = sewa_enrol_load_client (self->store, self->config->state_dir, NULL, &error);
  if (client == NULL)
    {
      g_message ("not enrolled with the portal (%s): applications are kept until it is",
                 error != NULL ? error->message : "no credentials");
      return;
    }
  options.state_dir = self->config->state_dir;
  options.client = client;
  options.watch_network = TRUE;
  /* Probing an unreachable portal: from 2 s, doubling (with jitter) up to the configured cap. */
  options.offline.base_ms = 2000;
  options.offline.cap_ms = (gint64) self->config->offline_probe_max_s * 1000;
  options.offline.jitter = TRUE;
  self->sync = sewa_sync_new (self->store, &options);
  /* What the devices said last, before the engine's first heartbeat. */
  if (self->printer_health != NULL)
    sewa_sync_set_health (self->sync, "printer", self->printer_health);
  if (self->camera_health != NULL)
    sewa_sync_set_health (self->sync, "camera", self->camera_health);
  if (!sewa_sync_start (self->sync, &error))
    {
      g_warning ("sync engine not started: %s", error->message);
      g_clear_object (&self->sync);
    }
}

static int
sewa_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  SewaApplication *self = SEWA_APPLICATION (app);
  g_autoptr (GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      printf ("sewa-kiosk %s\n", SEWA_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "config", "^ay", &self->config_path);
  g_variant_dict_lookup (options, "state-dir", "^ay", &self->state_dir);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot_path);
  g_variant_dict_lookup (options, "screen", "s", &self->screen_name);
  g_variant_dict_lookup (options, "lang", "s", &self->lang_code);
  self->exit_after_first_frame = g_variant_dict_contains (options, "exit-after-first-frame");
  self->windowed = g_variant_dict_contains (options, "windowed");

  if (self->config_path != NULL)
    self->config = sewa_config_load_file (self->config_path, &error);
  else
    self->config = sewa_config_new_default ();
  if (self->config == NULL)
    {
      /* A technician reads this on the console; exit code 3 means "fix the configuration". */
      fprintf (stderr, "sewa-kiosk: %s\n", error->message);
      return 3;
    }
  if (self->state_dir != NULL)
    {
      g_free (self->config->state_dir);
      self->config->state_dir = g_strdup (self->state_dir);
    }
  if (self->lang_code != NULL && !sewa_lang_from_code (self->lang_code, NULL))
    {
      fprintf (stderr, "sewa-kiosk: --lang must be pa, hi or en\n");
      return 2;
    }
  if (!open_store (self, &error))
    {
      /* Exit code 3: the technician runs `kioskctl db check` (see README). */
      fprintf (stderr, "sewa-kiosk: the application queue cannot be opened: %s\n", error->message);
      return 3;
    }
  return -1;
}

static void
on_first_frame (SewaWindow *window, gpointer user_data)
{
  SewaApplication *self = SEWA_APPLICATION (user_data);
  gint64 now = g_get_monotonic_time ();

  /* Machine-readable line for bench/startup and scripts; microseconds since start-up. */
  if (self->exit_after_first_frame || self->screenshot_path != NULL)
    {
      printf ("first-frame-us %" G_GINT64_FORMAT "\n", now - self->start_us);
      printf ("first-frame-realtime-us %" G_GINT64_FORMAT "\n", g_get_real_time ());
      fflush (stdout);
    }

  if (self->screenshot_path != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!sewa_screenshot_widget_to_png (GTK_WIDGET (window), self->screenshot_path, &error))
        g_printerr ("sewa-kiosk: screenshot failed: %s\n", error->message);
      else
        printf ("screenshot %s\n", self->screenshot_path);
      fflush (stdout);
    }
  if (self->exit_after_first_frame)
    g_application_quit (G_APPLICATION (self));
}

static void
sewa_application_activate (GApplication *app)
{
  SewaApplication *self = SEWA_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      SewaWindow *w = sewa_window_new (self);

      window = GTK_WINDOW (w);
      g_signal_connect (w, "first-frame", G_CALLBACK (on_first_frame), self);
      sewa_watchdog_attach (w);
      sewa_lockdown_attach (window);
      if (self->screen_name != NULL)
        {
          SewaLang lang = SEWA_LANG_PA;

          sewa_lang_from_code (self->lang_code, &lang);
          if (!sewa_window_show_screen (w, self->screen_name, lang))
            g_printerr ("sewa-kiosk: unknown screen '%s'\n", self->screen_name);
        }
      if (!self->windowed)
        gtk_window_fullscreen (window);
      self->probe = sewa_test_probe_new_from_env (window);
    }
  gtk_window_present (window);
}

static void
sewa_application_startup (GApplication *app)
{
  SewaApplication *self = SEWA_APPLICATION (app);

  G_APPLICATION_CLASS (sewa_application_parent_class)->startup (app);

  /* Embedded uses (tests) register the application without a command line. */
  if (self->config == NULL)
    self->config = sewa_config_new_default ();
  if (self->store == NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!open_store (self, &error))
        g_critical ("the application queue cannot be opened: %s", error->message);
    }
  start_sync (self);
  start_device_checks (self);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  self->session = sewa_session_new (self->config->idle_timeout_s);
  sewa_session_set_idle_warning (self->session, self->config->idle_warning_s);
}


static void
sewa_application_dispose (GObject *object)
{
  SewaApplication *self = SEWA_APPLICATION (object);

  g_clear_object (&self->probe);
  g_clear_object (&self->session);
  g_clear_handle_id (&self->device_check_id, g_source_remove);
  if (self->device_check_cancellable != NULL)
    g_cancellable_cancel (self->device_check_cancellable);
  g_clear_object (&self->device_check_cancellable);
  g_clear_pointer (&self->printer_health, g_free);
  g_clear_pointer (&self->camera_health, g_free);
  if (self->sync != NULL)
    sewa_sync_stop (self->sync);
  g_clear_object (&self->sync);
  if (self->camera != NULL)
    sewa_camera_close (self->camera);
  g_clear_object (&self->camera);
  g_clear_object (&self->printer);
  g_clear_object (&self->voice);
  if (self->store != NULL)
    sewa_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->search, sewa_search_free);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->config, sewa_config_free);
  g_clear_pointer (&self->config_path, g_free);
  g_clear_pointer (&self->state_dir, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);
  g_clear_pointer (&self->screen_name, g_free);
  g_clear_pointer (&self->lang_code, g_free);
  G_OBJECT_CLASS (sewa_application_parent_class)->dispose (object);
}

static void
sewa_application_class_init (SewaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sewa_application_dispose;
  app_class->handle_local_options = sewa_application_handle_local_options;
  app_class->startup = sewa_application_startup;
  app_class->activate = sewa_application_activate;
}

static void
sewa_application_init (SewaApplication *self)
{
  self->start_us = g_get_monotonic_time ();
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

SewaApplication *
sewa_application_new (void)
{
  /* NON_UNIQUE: tests and benchmarks start many instances side by side. */
  return g_object_new (SEWA_TYPE_APPLICATION, "application-id", "in.gov.punjab.SewaKiosk",
                       "flags", G_APPLICATION_NON_UNIQUE, "resource-base-path",
                       "/in/gov/punjab/SewaKiosk", NULL);
}

SewaConfig *
sewa_application_get_config (SewaApplication *self)
{
  g_return_val_if_fail (SEWA_IS_APPLICATION (self), NULL);
  return self->config;
}

SewaSession *
sewa_application_get_session (SewaApplication *self)
{
  g_return_val_if_fail (SEWA_IS_APPLICATION (self), NULL);
  return self->session;
}

/* The catalog the kiosk shows: the copy the sync engine last fetched from the portal
 * (<state-dir>/catalog.json), else the one installed with the kiosk, else (running from the
 * source tree) data/catalog/catalog.json. SEWA_CATALOG overrides all of them. */
static SewaCatalog *
load_catalog (SewaApplication *self)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("SEWA_CATALOG");

  if (env != NULL)
    g_ptr_array_add (paths, g_strdup (env));
  else
    {
      g_ptr_array_add (paths, g_build_filename (self->config->state_dir, "catalog.json", NULL));
      g_ptr_array_add (paths, g_build_filename (SEWA_DATADIR, "catalog", "catalog.json", NULL));
      g_ptr_array_add (paths, g_build_filename (SEWA_SOURCE_DATADIR, "catalog", "catalog.json", NULL));
    }
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr (GError) error = NULL;
      SewaCatalog *catalog;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      catalog = sewa_catalog_new_from_file (path, &error);
      if (catalog != NULL)
        {
          g_message ("catalog %s (version %s)", path, sewa_catalog_get_version (catalog));
          return catalog;
        }
      g_warning ("catalog %s unusable: %s", path, error->message);
    }
  return NULL;
}

SewaCatalog *
sewa_application_get_catalog (SewaApplication *self)
{
  g_return_val_if_fail (SEWA_IS_APPLICATION (self), NULL);

  if (!self->catalog_tried)
    {
      g_autoptr (GError) error = NULL;

      self->catalog_tried = TRUE;
      self->catalog = load_catalog (self);
      if (self->catalog != NULL)
        {
          self->search = sewa_search_new (self->catalog, &error);
          if (self->search == NULL)
            g_warning ("search index: %s", error->message);
        }
    }
  return self->catalog;
}

SewaSearch *
sewa_application_get_search (SewaApplication *self)
{
  g_return_val_if_fail (SEWA_IS_APPLICATION (self), NULL);
  sewa_application_get_catalog (self);
  return self->search;
}

SewaStore *
sewa_application_get_store (SewaApplication *self)
{
  g_return_val_if_fail (SEWA_IS_APPLICATION (self), NULL);
  return self->store;
}

SewaPrinter *
sewa_application_get_printer (SewaApplication *self)
{
  g_return_val_if_fail (SEWA_IS_APPLICATION (self), NULL);
  if (self->printer == NULL)
    self->printer = sewa_printer_new (self->config);
  return self->printer;
}

SewaCamera *
sewa_application_get_camera (SewaApplication *self)
{
  g_return_val_if_fail (SEWA_IS_APPLICATION (self), NULL);
  if (self->camera == NULL)
    self->camera = sewa_camera_new (self->config->camera_model, self->config->camera_port);
  return self->camera;
}

SewaVoice *
sewa_application_get_voice (SewaApplication *self)
{
  g_return_val_if_fail (SEWA_IS_APPLICATION (self), NULL);
  if (!self->voice_tried && self->config->voice)
    {
      g_autoptr (GError) error = NULL;

      self->voice_tried = TRUE;
      self->voice = sewa_voice_new (self->config->voice_device, &error);
      if (self->voice == NULL)
        g_message ("voice guidance is off: %s", error->message);
    }
  return self->voice;
}

SewaSync *
sewa_application_get_sync (SewaApplication *self)
{
  g_return_val_if_fail (SEWA_IS_APPLICATION (self), NULL);
  return self->sync;
}

/* After a technician enrols the kiosk: start the engine with the new credentials. */
void
sewa_application_restart_sync (SewaApplication *self)
{
  g_return_if_fail (SEWA_IS_APPLICATION (self));
  if (self->sync != NULL)
    sewa_sync_stop (self->sync);
  g_clear_object (&self->sync);
  start_sync (self);
  start_device_checks (self);
}

void
sewa_application_stop_sync (SewaApplication *self)
{
  g_return_if_fail (SEWA_IS_APPLICATION (self));
  if (self->sync != NULL)
    sewa_sync_stop (self->sync);
  g_clear_object (&self->sync);
}
