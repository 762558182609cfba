/* The sync engine running inside the kiosk, against portal-sim over real HTTP: a kiosk enrolled
 * from a provisioning QR payload (kioskctl enrol SEWAPROV1:…) sends what it queued, shows that
 * it is connected, and when the portal goes away says it works offline and keeps everything. */
#include "sewa-ui-test.h"
#include "sewa-store.h"
#include "sewa-sync.h"
#include "sewa-enrol.h"
#include "sewa-provisioning.h"

#include <curl/curl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#define window (sewa_ui_test_window ())
#define app (sewa_ui_test_app ())

static GSubprocess *sim;
static char *sim_url;
static char *state_dir;

static size_t
collect (char *data, size_t size, size_t n, void *user)
{
  g_string_append_len (user, data, (gssize) (size * n));
  return size * n;
}

static char *
admin_post (const char *path, const char *body)
{
  CURL *c = curl_easy_init ();
  GString *out = g_string_new (NULL);
  g_autofree char *url = g_strconcat (sim_url, path, NULL);
  struct curl_slist *h = curl_slist_append (NULL, "Content-Type: application/json");
  long code = 0;

  curl_easy_setopt (c, CURLOPT_URL, url);
  curl_easy_setopt (c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt (c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, out);
  g_assert_cmpint (curl_easy_perform (c), ==, CURLE_OK);
  curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &code);
  g_assert_cmpint (code / 100, ==, 2);
  curl_slist_free_all (h);
  curl_easy_cleanup (c);
  return g_string_free (out, FALSE);
}

static gboolean
record_in_state (SewaStore *store, const char *id, SewaAppState state)
{
  g_autoptr (SewaAppRecord) rec = sewa_store_get (store, id, FALSE, NULL);
  return rec != NULL && rec->state == state && (state != SEWA_APP_SUBMITTED || rec->arn != NULL);
}

static char *
enqueue_one (SewaStore *store)
{
  g_autofree char *photo_path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "sample-photos", "IMG_0001.JPG", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  SewaCatalog *catalog = sewa_application_get_catalog (app);
  SewaNewApplication a = {
    .service_id = "birth-certificate",
    .catalog_version = sewa_catalog_get_version (catalog),
    .catalog_hash = sewa_catalog_get_hash (catalog),
    .form_json = "{\"applicant_name\":\"Test Citizen\",\"mobile\":\"9876543210\"}",
    .citizen_ref = "9876543210",
    .fee_state = SEWA_FEE_DUE,
    .fee_amount_paise = 1000,
  };
  SewaNewPage page = { .document_id = "id_proof", .doc_type = "ADHAR", .mime_type = "image/jpeg" };
  g_autoptr (GError) error = NULL;
  char *id = NULL, *reference = NULL;

  g_assert_true (g_file_get_contents (photo_path, &bytes, &len, NULL));
  page.data = (const guint8 *) bytes;
  page.len = len;
  g_assert_true (sewa_store_enqueue (store, &a, &page, 1, &id, &reference, &error));
  g_assert_no_error (error);
  g_free (reference);
  return id;
}

static void
wait_for (gboolean (*cond) (gpointer), gpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct { const char *id; SewaAppState state; } RecordWait;

static gboolean
record_ready (gpointer data)
{
  RecordWait *w = data;
  return record_in_state (sewa_application_get_store (app), w->id, w->state);
}

static gboolean
sync_text_is (gpointer text)
{
  return g_strcmp0 (sewa_window_get_sync_text (window), text) == 0;
}

/* "Connected to the portal" or "Connected · N waiting": the count of unsent applications comes
 * from the engine's last scan and may trail a submission by one scan. */
static gboolean
sync_connected (gpointer unused)
{
  return g_str_has_prefix (sewa_window_get_sync_text (window), "Connected");
}

static void
test_sends_then_works_offline (void)
{
  SewaStore *store = sewa_application_get_store (app);
  g_autofree char *first = NULL, *second = NULL;
  RecordWait w1, w2;

  g_assert_nonnull (sewa_application_get_sync (app));
  g_assert_true (sewa_window_show_screen (window, "start", SEWA_LANG_EN));

  first = enqueue_one (store);
  sewa_sync_wake (sewa_application_get_sync (app));
  w1 = (RecordWait) { first, SEWA_APP_SUBMITTED };
  wait_for (record_ready, &w1, "the application to reach the portal");
  wait_for (sync_connected, NULL, "the connected indicator");
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "sync-connected-en"));

  /* The portal goes away: the next application is kept, and the kiosk says so. */
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  second = enqueue_one (store);
  sewa_sync_wake (sewa_application_get_sync (app));
  wait_for (sync_text_is, (gpointer) _("Offline: applications are kept safely"),
            "the offline indicator");
  w2 = (RecordWait) { second, SEWA_APP_QUEUED };
  g_assert_true (record_ready (&w2) ||
                 record_in_state (store, second, SEWA_APP_UPLOADING));
  g_assert_true (record_in_state (store, first, SEWA_APP_SUBMITTED));
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "sync-offline-en"));
}

static char *second_payload;

static gboolean
device_changed (gpointer old_id)
{
  g_autofree char *now = sewa_store_setting_get (sewa_application_get_store (app), SEWA_SETTING_DEVICE_ID, NULL);
  return now != NULL && g_strcmp0 (now, old_id) != 0 && sewa_application_get_sync (app) != NULL;
}

/* A technician re-enrols the kiosk from a provisioning code: only in operator mode (the op.*
 * actions are off for citizens), then the engine restarts with the new device credentials. */
static void
test_technician_enrols (void)
{
  SewaStore *store = sewa_application_get_store (app);
  g_autofree char *old_id = sewa_store_setting_get (store, SEWA_SETTING_DEVICE_ID, NULL);
  g_autoptr (SewaProvisioning) prov = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  RecordWait w;

  g_assert_nonnull (old_id);
  /* Disabled outside operator mode: activating it does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "op.enrol", NULL);
  g_assert_null (sewa_window_get_screen_widget (window, "scan"));
  prov = sewa_provisioning_parse ((const guint8 *) second_payload, strlen (second_payload), &error);
  g_assert_no_error (error);
  sewa_window_enrol (window, prov);
  wait_for (device_changed, old_id, "the new enrolment");

  /* The restarted engine sends with the new device's signature. */
  id = enqueue_one (store);
  sewa_sync_wake (sewa_application_get_sync (app));
  w = (RecordWait) { id, SEWA_APP_SUBMITTED };
  wait_for (record_ready, &w, "the application to reach the portal with the new device");
}

static void
add_tests (void)
{
  g_test_add_func ("/ui/sync/technician-enrols", test_technician_enrols);
  g_test_add_func ("/ui/sync/sends-then-works-offline", test_sends_then_works_offline);
}

static void
die_with_parent (gpointer unused)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_sim_and_enrol (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *simexe = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "portal-sim", "portal-sim", NULL);
  g_autofree char *ctl = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "kioskctl", "kioskctl", NULL);
  g_autofree char *catalog = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog", "catalog.json", NULL);
  g_autofree char *db = g_build_filename (sewa_ui_test_get_home (), "portal.db", NULL);
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *line = NULL, *answer = NULL, *payload = NULL, *stdout_text = NULL, *config = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  guint port = 0;
  int status = -1;

  state_dir = g_build_filename (sewa_ui_test_get_home (), "state", NULL);
  {
    /* The portal dies with the test, even if the test aborts: an orphan holding the test's
     * stderr would keep meson waiting. */
    g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    sim = g_subprocess_launcher_spawn (launcher, &error, simexe, "--catalog", catalog,
                                       "--port", "0", "--admin", "--db", db, "--quiet", NULL);
  }
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "READY http=%u", &port), ==, 1);
  sim_url = g_strdup_printf ("http://127.0.0.1:%u", port);

  answer = admin_post ("/admin/enrolment-tokens", "{\"centre\":\"ASR02\",\"kiosk\":7}");
  g_assert_true (json_parser_load_from_data (parser, answer, -1, NULL));
  payload = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                      "provisioning_qr"));
  g_assert_true (g_str_has_prefix (payload, "SEWAPROV1:"));
  {
    const char *argv[] = { ctl, "--state-dir", state_dir, "enrol", payload, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &stdout_text, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (stdout_text, "enrolled\tdevice=dev_"));
  }
  {
    g_autofree char *again = admin_post ("/admin/enrolment-tokens", "{\"centre\":\"ASR02\",\"kiosk\":7}");
    g_autoptr (JsonParser) p2 = json_parser_new ();
    g_assert_true (json_parser_load_from_data (p2, again, -1, NULL));
    second_payload = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (p2)),
                                                              "provisioning_qr"));
  }
  config = g_strdup_printf ("[kiosk]\ncentre=ASR02\nnumber=7\nstate-dir=%s\n[portal]\nurl=%s\n",
                            state_dir, sim_url);
  sewa_ui_test_set_config (config);
}

int
main (int argc, char **argv)
{
  int status;

  sewa_ui_test_init (&argc, &argv);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  start_sim_and_enrol ();
  status = sewa_ui_test_run (add_tests);
  if (g_subprocess_get_if_exited (sim) == FALSE)
    g_subprocess_force_exit (sim);
  g_clear_object (&sim);
  g_clear_pointer (&sim_url, g_free);
  g_clear_pointer (&state_dir, g_free);
  g_clear_pointer (&second_payload, g_free);
  curl_global_cleanup ();
  return status;
}
