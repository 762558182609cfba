/* What protects a citizen (and the operator) on the real screen, pressed through the X server:
 * submit refused while a required document is missing; the operator PIN pad opened by holding
 * the emblem and used by taps; Back with typed data asks before discarding; the idle warning
 * with its countdown and the wipe at zero; a status lookup typed on the keyboard.
 *
 * Each test runs its own kiosk (sewa-journey.h) and is selected with -p by meson, so they run
 * in parallel. Text is found as the citizen reads it, translated from po/. */
#include "sewa-journey.h"
#include "sewa-printer-peer.h"
#include "sync-test-util.h"
#include "sewa-store.h"

#include <glib/gstdio.h>
#include <string.h>

static gboolean
screen_is (JsonObject *state, gpointer name)
{
  return g_strcmp0 (sewa_fingers_screen (state), name) == 0;
}

static gboolean
screen_not (JsonObject *state, gpointer name)
{
  return g_strcmp0 (sewa_fingers_screen (state), name) != 0;
}

static gboolean
has_text (JsonObject *state, gpointer text)
{
  g_autofree char *sel = g_strconcat ("~", (const char *) text, NULL);

  return sewa_fingers_find (state, sel) != NULL;
}

/* The idle question shown and laid out: a frame can show its words before the overlay under
 * them has its size. */
static gboolean
idle_warning_laid_out (JsonObject *state, gpointer text)
{
  JsonObject *overlay = sewa_fingers_find (state, "#idle_overlay");

  return has_text (state, text) && overlay != NULL && json_object_get_int_member (overlay, "w") > 0;
}

static const char *
text_of (JsonObject *state, const char *selector)
{
  JsonObject *w = sewa_fingers_find (state, selector);

  g_assert_nonnull (w);
  return json_object_get_string_member_with_default (w, "text", "");
}

/* The documents screen's message (#error, shown next to the list) names @doc. */
static gboolean
error_names (JsonObject *state, gpointer doc)
{
  JsonObject *error = sewa_fingers_find (state, "#error");

  return error != NULL && strstr (json_object_get_string_member_with_default (error, "text", ""), doc) != NULL;
}

/* Review (and so Submit) with the identity proof not photographed: refused, the message names the document,
 * nothing is queued and nothing printed. */
static void
test_missing_document (void)
{
  SewaJourney *j = sewa_journey_start ("guard-missing-document", FALSE, NULL);
  const char *doc = "Proof of identity";
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *queue = NULL;
  int status = -1;

  sewa_journey_to_documents (j, SEWA_LANG_EN, "birth-certificate", "birth");
  sewa_fingers_tap (j->f, "#review_button");
  state = sewa_fingers_wait (j->f, error_names, (gpointer) doc, "a message naming the missing document", 20);
  g_assert_cmpstr (sewa_fingers_screen (state), ==, "documents");
  queue = sewa_fingers_kioskctl (j->f, &status, "queue", "list", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (queue, "PB-"));
  g_assert_cmpuint (sewa_printer_peer_job_count (), ==, 0);
  sewa_journey_free (j);
}

static gboolean
pin_pad_open (JsonObject *state, gpointer unused)
{
  return g_strcmp0 (sewa_fingers_screen (state), "operator-pin") == 0;
}

/* The operator holds the emblem for three seconds, then taps the PIN on the pad. */
static void
test_operator_pin (void)
{
  g_autofree char *extra = NULL;
  g_autoptr (JsonObject) state = NULL;
  SewaJourney *j = sewa_journey_new ("guard-operator-pin", FALSE);
  const char *digits[] = { "2", "4", "6", "8" };

  /* The PIN's hash, made by `kioskctl operator set-pin` (the PIN on its standard input). */
  extra = sewa_journey_operator_pin_config (j, "2468");
  sewa_journey_launch (j, extra);

  sewa_fingers_wait_screen (j->f, "home");
  /* Held on the emblem until the pad shows (the kiosk's own three seconds), at most 6 s. */
  sewa_fingers_hold (j->f, "#emblem", pin_pad_open, NULL, 6000);
  sewa_fingers_wait_screen (j->f, "operator-pin");
  j->lang = SEWA_LANG_PA;
  sewa_journey_check (j, "pin-pad");
  /* Lockdown holds on the pad and in operator mode too (technician mode off). */
  sewa_journey_lockdown_round (j, "operator-pin", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    {
      g_autofree char *key = g_strconcat (".pin-key =", digits[i], NULL);
      sewa_fingers_tap (j->f, key);
    }
  sewa_fingers_tap (j->f, ".pin-key .suggested-action");
  sewa_fingers_wait_screen (j->f, "operator");
  state = sewa_fingers_state (j->f);
  g_assert_cmpstr (sewa_fingers_screen (state), ==, "operator");
  sewa_journey_lockdown_round (j, "operator", NULL);
  sewa_journey_free (j);
}

static gboolean
label_is (JsonObject *state, gpointer pair)
{
  const char *const *want = pair;
  JsonObject *w = sewa_fingers_find (state, want[0]);

  return w != NULL && strstr (json_object_get_string_member_with_default (w, "text", ""), want[1]) != NULL;
}

static gboolean
has_log_lines (JsonObject *state, gpointer unused)
{
  JsonObject *w = sewa_fingers_find (state, "#log_lines");

  return w != NULL && strstr (json_object_get_string_member_with_default (w, "text", ""), ": ") != NULL;
}

/* From home: the emblem held until the pad shows, the operator's PIN (2468), operator mode. */
static void
open_operator (SewaJourney *j)
{
  sewa_fingers_wait_screen (j->f, "home");
  sewa_fingers_hold (j->f, "#emblem", pin_pad_open, NULL, 6000);
  sewa_fingers_wait_screen (j->f, "operator-pin");
  sewa_journey_tap_pin (j, "2468");
  sewa_fingers_wait_screen (j->f, "operator");
}

static char *pin_config (SewaJourney *j);
static void type_technician_pin (SewaJourney *j);

/* Operator mode's diagnostics tab, and technician mode, by taps: the disk, queue, portal and
 * alert facts and the recent log lines (no run of five digits: nothing like a mobile or
 * Aadhaar number); the window refuses a close request until the technician switches
 * technician mode on, and then the kiosk does close. */
static void
test_technician (void)
{
  g_autofree char *extra = NULL;
  g_autoptr (JsonObject) diag = NULL;
  g_autoptr (JsonObject) logs = NULL;
  g_autoptr (JsonObject) on = NULL;
  g_autoptr (GRegex) digits = g_regex_new ("[0-9]{5}", 0, 0, NULL);
  SewaJourney *j = sewa_journey_new ("guard-technician", FALSE);
  const char *tab = sewa_journey_tr (SEWA_LANG_PA, "Health");
  const char *none_pair[] = { "#diagnostics", sewa_journey_tr (SEWA_LANG_PA, "Last fatal alert: none") };
  const char *on_pair[] = { "#diagnostics", sewa_journey_tr (SEWA_LANG_PA, "Technician mode: on (the window may be closed, shortcuts work)") };
  g_autofree char *tab_selector = g_strconcat ("=", tab, NULL);
  gint64 deadline;

  extra = pin_config (j);
  /* A second photo, before the kiosk starts: the camera hands out the journey's document
   * photo (IMG_0001.JPG) first and this one second. */
  sewa_journey_put_code_photo (j, "QR_0001.JPG", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><PrintLetterBarcodeData "
                     "uid=\"234567890124\" name=\"Harpreet Kaur\" gender=\"F\" yob=\"1990\" "
                     "dist=\"Amritsar\" state=\"Punjab\" pc=\"143001\"/>");
  sewa_journey_launch (j, extra);

  open_operator (j);

  sewa_fingers_tap (j->f, tab_selector);
  diag = sewa_fingers_wait (j->f, label_is, (gpointer) none_pair, "the diagnostics facts", 20);
  j->lang = SEWA_LANG_PA;
  sewa_journey_check (j, "diagnostics");
  logs = sewa_fingers_wait (j->f, has_log_lines, NULL, "recent log lines", 20);
  g_assert_false (g_regex_match (digits, json_object_get_string_member (sewa_fingers_find (logs, "#log_lines"), "text"), 0, NULL));
  g_free (sewa_fingers_screenshot (j->f, "diagnostics-pa"));
  /* The same tab in Hindi and English: the operator's language buttons rebuild the screen. */
  {
    const struct { SewaLang lang; const char *button; } langs[] = {
      { SEWA_LANG_HI, "=हिन्दी" }, { SEWA_LANG_EN, "=English" }, { SEWA_LANG_PA, "=ਪੰਜਾਬੀ" } };

    for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
      {
        const char *pair[] = { "#diagnostics", sewa_journey_tr (langs[i].lang, "Last fatal alert: none") };
        g_autoptr (JsonObject) shown = NULL;
        g_autofree char *label = g_strdup_printf ("diagnostics-%s", sewa_lang_code (langs[i].lang));

        sewa_fingers_tap (j->f, langs[i].button);
        shown = sewa_fingers_wait (j->f, label_is, (gpointer) pair, "the diagnostics in another language", 20);
        j->lang = langs[i].lang;
        sewa_journey_check (j, "diagnostics");
        g_free (sewa_fingers_screenshot (j->f, label));
      }
  }

  /* Not yet in technician mode: a close request is refused. */
  sewa_fingers_request_close (j->f);
  g_assert_cmpstr (sewa_fingers_screen (diag), ==, "operator");
  {
    g_autoptr (JsonObject) still = sewa_fingers_state (j->f);

    g_assert_cmpstr (sewa_fingers_screen (still), ==, "operator");
  }
  sewa_fingers_tap (j->f, "#technician_button");
  type_technician_pin (j);
  on = sewa_fingers_wait (j->f, label_is, (gpointer) on_pair, "technician mode on", 20);
  sewa_journey_check (j, "technician-on");
  g_free (sewa_fingers_screenshot (j->f, "technician-on-pa"));

  /* The camera test: the Directory Browse camera's photo is shown, with the page check's
   * verdict in the technician's language. */
  {
    g_autofree char *works = g_strdup (sewa_journey_tr (SEWA_LANG_PA, "Camera works. Page check: %s"));
    const char *pair[] = { "#camera_result", NULL };
    g_autoptr (JsonObject) tested = NULL;
    JsonObject *preview;

    *strstr (works, "%s") = '\0';
    pair[1] = works;
    sewa_fingers_scroll_to (j->f, "#camera_test_button");
    sewa_fingers_tap (j->f, "#camera_test_button");
    tested = sewa_fingers_wait (j->f, label_is, (gpointer) pair, "the camera test's verdict", 30);
    preview = sewa_fingers_find (tested, "#camera_preview");
    g_assert_nonnull (preview);
    g_assert_true (json_object_get_boolean_member_with_default (preview, "visible", TRUE));
    sewa_journey_check (j, "camera-test");
    g_free (sewa_fingers_screenshot (j->f, "camera-test-pa"));
  }

  /* The QR test on an old-style Aadhaar QR: its kind is named, its contents never shown. */
  {
    const char *pair[] = { "#camera_result", sewa_journey_tr (SEWA_LANG_PA, "QR test: read an old Aadhaar QR (its contents are not shown).") };
    g_autoptr (JsonObject) read = NULL;
    g_autofree char *dump = NULL;
    g_autoptr (JsonNode) node = NULL;

    sewa_fingers_tap (j->f, "#qr_test_button");
    read = sewa_fingers_wait (j->f, label_is, (gpointer) pair, "the QR test's kind", 30);
    node = json_node_init_object (json_node_alloc (), read);
    dump = json_to_string (node, FALSE);
    g_assert_null (strstr (dump, "Harpreet"));
    g_assert_null (strstr (dump, "234567890124"));
    g_assert_null (strstr (dump, "7890124"));
    sewa_journey_check (j, "qr-test");
    g_free (sewa_fingers_screenshot (j->f, "qr-test-pa"));
  }
  sewa_fingers_request_close (j->f);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (sewa_fingers_alive (j->f) && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_false (sewa_fingers_alive (j->f));
  sewa_journey_free (j);
}

/* The kiosk's operator PIN (2468), hashed by `kioskctl operator set-pin`, as config text. */
static char *
pin_config (SewaJourney *j)
{
  g_autofree char *ctl = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "kioskctl", "kioskctl", NULL);
  g_autofree char *conf = g_build_filename (j->home, "pin.conf", NULL);
  g_autofree char *hash = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) set_pin = NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();

  g_assert_true (g_file_set_contents (conf, "[kiosk]\ncentre=ASR02\n", -1, &error));
  set_pin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, ctl, "operator", "set-pin", conf, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (set_pin, "2468\n2468\n", NULL, NULL, NULL, &error));
  g_assert_true (g_subprocess_get_successful (set_pin));
  g_assert_true (g_key_file_load_from_file (kf, conf, G_KEY_FILE_NONE, &error));
  hash = g_key_file_get_string (kf, "operator", "pin-hash", &error);
  g_assert_no_error (error);
  /* The technician's own PIN (1357), by `kioskctl technician set-pin` into the same file. */
  {
    g_autoptr (GSubprocess) set_tech = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, ctl,
                                                         "technician", "set-pin", conf, NULL);
    g_autoptr (GKeyFile) both = g_key_file_new ();
    g_autofree char *tech = NULL;

    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (set_tech, "1357\n", NULL, NULL, NULL, &error));
    g_assert_true (g_subprocess_get_successful (set_tech));
    g_assert_true (g_key_file_load_from_file (both, conf, G_KEY_FILE_NONE, &error));
    tech = g_key_file_get_string (both, "technician", "pin-hash", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tech, !=, hash);
    return g_strdup_printf ("[operator]\npin-hash=%s\n[technician]\npin-hash=%s\n", hash, tech);
  }
}

/* The technician's PIN (1357) tapped on the pad technician mode shows. */
static void
type_technician_pin (SewaJourney *j)
{
  sewa_fingers_wait_screen (j->f, "operator-pin");
  sewa_journey_tap_pin (j, "1357");
}

static gboolean
sensitive (JsonObject *state, gpointer selector)
{
  JsonObject *w = sewa_fingers_find (state, selector);

  return w != NULL && json_object_get_boolean_member_with_default (w, "sensitive", FALSE);
}

/* From home: the emblem held, the PIN tapped, the Health tab, technician mode on (the factory
 * reset button becomes usable only then). */
static void
open_technician (SewaJourney *j)
{
  g_autofree char *tab = g_strconcat ("=", sewa_journey_tr (SEWA_LANG_PA, "Health"), NULL);
  g_autoptr (JsonObject) off = NULL;
  g_autoptr (JsonObject) on = NULL;

  open_operator (j);
  sewa_fingers_tap (j->f, tab);
  off = sewa_fingers_wait_for (j->f, "#factory_reset_button", 20);
  /* Outside technician mode the reset is not offered. */
  g_assert_false (sensitive (off, (gpointer) "#factory_reset_button"));
  sewa_fingers_tap (j->f, "#technician_button");
  type_technician_pin (j);
  on = sewa_fingers_wait (j->f, sensitive, (gpointer) "#factory_reset_button", "the factory reset offered", 20);
}

static gboolean
pad_says (JsonObject *state, gpointer text)
{
  JsonObject *w = sewa_fingers_find (state, "#message");

  return g_strcmp0 (sewa_fingers_screen (state), "operator-pin") == 0 && w != NULL
         && strstr (json_object_get_string_member_with_default (w, "text", ""), text) != NULL;
}

static gboolean
insensitive (JsonObject *state, gpointer selector)
{
  JsonObject *w = sewa_fingers_find (state, selector);

  return w != NULL && !json_object_get_boolean_member_with_default (w, "sensitive", TRUE);
}

/* Technician mode has a PIN of its own: from operator mode (opened with the operator's PIN,
 * 2468) the technician button asks for the technician's PIN; the operator's PIN there is a
 * wrong PIN and technician mode stays off (Cancel goes back to operator mode, the factory
 * reset still not offered); the technician's PIN (1357) turns it on. All by taps. */
static void
test_technician_pin (void)
{
  SewaJourney *j = sewa_journey_new ("guard-technician-pin", FALSE);
  g_autofree char *extra = pin_config (j);
  const char *asks = sewa_journey_tr (SEWA_LANG_PA, "Enter the technician PIN");
  const char *wrong = sewa_journey_tr (SEWA_LANG_PA, "Wrong PIN. Please try again.");
  g_autofree char *tab = g_strconcat ("=", sewa_journey_tr (SEWA_LANG_PA, "Health"), NULL);
  g_autofree char *cancel = g_strconcat ("=", sewa_journey_tr (SEWA_LANG_PA, "Cancel"), NULL);
  const char *on_pair[] = { "#diagnostics", sewa_journey_tr (SEWA_LANG_PA, "Technician mode: on (the window may be closed, shortcuts work)") };
  g_autoptr (JsonObject) pad = NULL;
  g_autoptr (JsonObject) refused = NULL;
  g_autoptr (JsonObject) back = NULL;
  g_autoptr (JsonObject) on = NULL;

  sewa_journey_launch (j, extra);
  j->lang = SEWA_LANG_PA;
  open_operator (j);
  sewa_fingers_tap (j->f, tab);
  sewa_fingers_tap (j->f, "#technician_button");
  pad = sewa_fingers_wait (j->f, has_text, (gpointer) asks, "the technician's PIN pad", 20);
  g_assert_cmpstr (sewa_fingers_screen (pad), ==, "operator-pin");
  sewa_journey_check (j, "technician-pin");
  g_free (sewa_fingers_screenshot (j->f, "technician-pin-pa"));

  /* The operator's PIN does not open technician mode. */
  sewa_journey_tap_pin (j, "2468");
  refused = sewa_fingers_wait (j->f, pad_says, (gpointer) wrong, "the operator's PIN refused", 30);
  sewa_fingers_tap (j->f, cancel);
  back = sewa_fingers_wait (j->f, insensitive, (gpointer) "#factory_reset_button", "operator mode, technician mode off", 20);
  g_assert_cmpstr (sewa_fingers_screen (back), ==, "operator");

  /* The technician's PIN does. */
  sewa_fingers_tap (j->f, "#technician_button");
  type_technician_pin (j);
  on = sewa_fingers_wait (j->f, label_is, (gpointer) on_pair, "technician mode on", 30);
  g_assert_cmpstr (sewa_fingers_screen (on), ==, "operator");
  g_assert_true (sensitive (on, (gpointer) "#factory_reset_button"));
  sewa_journey_free (j);
}

static gboolean
reset_asks (JsonObject *state, gpointer heading)
{
  return g_strcmp0 (sewa_fingers_screen (state), "operator-reset") == 0 && has_text (state, heading);
}

static char *
health (SewaJourney *j)
{
  int status = -1;

  return sewa_fingers_kioskctl (j->f, &status, "health", NULL);
}

static void
run_openssl (const char *dir, const char *cmd)
{
  g_autofree char *full = g_strdup_printf ("cd '%s' && %s 2>/dev/null", dir, cmd);
  const char *argv[] = { "/bin/sh", "-c", full, NULL };
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A CA named @name in @dir and a certificate for 127.0.0.1 signed by it: <name>-chain.pem and
 * <name>-server.key. */
static void
make_portal_cert (const char *dir, const char *name)
{
  g_autofree char *cmd = g_strdup_printf (
    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=%s "
    "-keyout %s-ca.key -out %s-ca.pem -addext basicConstraints=critical,CA:TRUE "
    "-addext keyUsage=critical,keyCertSign && "
    "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 "
    "-keyout %s-server.key -out %s.csr && "
    "printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > %s.ext && "
    "openssl x509 -req -in %s.csr -CA %s-ca.pem -CAkey %s-ca.key -CAcreateserial -days 2 "
    "-extfile %s.ext -out %s-server.pem && cat %s-server.pem %s-ca.pem > %s-chain.pem",
    name, name, name, name, name, name, name, name, name, name, name, name, name, name);

  run_openssl (dir, cmd);
}

/* portal-sim over HTTPS on @port (0 = a free one) with @name's certificate, its Date header
 * @skew seconds off. */
static TestSim *
start_tls_portal (const char *dir, const char *name, guint port, const char *skew)
{
  g_autofree char *chain = g_strdup_printf ("%s/%s-chain.pem", dir, name);
  g_autofree char *key = g_strdup_printf ("%s/%s-server.key", dir, name);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *extra[] = { "--tls-port", port_text, "--tls-cert", chain, "--tls-key", key,
                          "--date-skew", skew, NULL };
  g_autofree char *catalog = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog",
                                               "catalog.json", NULL);
  TestSim *sim = test_sim_start_catalog (catalog, extra);

  g_assert_nonnull (sim->https_url);
  return sim;
}

static gboolean
diagnostics_say_both (JsonObject *state, gpointer pair)
{
  const char *const *want = pair;
  JsonObject *w = sewa_fingers_find (state, "#diagnostics");
  const char *text = w != NULL ? json_object_get_string_member_with_default (w, "text", "") : "";

  return strstr (text, want[0]) != NULL && strstr (text, want[1]) != NULL;
}

/* The technician's portal check on the Health tab, by taps, against portal-sim over HTTPS whose
 * clock is 7 minutes behind the kiosk's: the link is reachable with the certificate matching
 * the CA pinned at enrolment, and the kiosk's clock is said to be 7 min fast, in pa, hi and en.
 * Then another portal with a certificate from another CA answers on the same address (a
 * man in the middle): "Check again" says the certificate does not match the pin, and that
 * the clock cannot be checked. */
static void
test_portal_check (void)
{
  SewaJourney *j = sewa_journey_new ("guard-portal-check", FALSE);
  g_autofree char *pki = g_build_filename (j->home, "pki", NULL);
  g_autofree char *ctl = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "kioskctl", "kioskctl", NULL);
  g_autofree char *data_home = g_build_filename (j->home, "xdg-data", NULL);
  g_autofree char *extra = NULL, *out = NULL, *portal = NULL;
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", data_home, TRUE);
  g_autoptr (JsonObject) reply = NULL;
  g_autoptr (JsonObject) shown = NULL;
  g_autoptr (JsonObject) refused = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tab = g_strconcat ("=", sewa_journey_tr (SEWA_LANG_PA, "Health"), NULL);
  TestSim *sim;
  guint port;
  int status = -1;

  g_assert_cmpint (g_mkdir_with_parents (pki, 0700), ==, 0);
  make_portal_cert (pki, "portal");
  make_portal_cert (pki, "rogue");
  sim = start_tls_portal (pki, "portal", 0, "-420");
  port = sim->https_port;

  /* Enrolled from the portal's provisioning code, as a technician scans it: the https URL and
   * the hash of the portal's CA, which the kiosk pins. */
  reply = test_sim_admin (sim, "POST", "/admin/enrolment-tokens", "{\"centre\":\"ASR02\",\"kiosk\":7}");
  {
    const char *payload = json_object_get_string_member (reply, "provisioning_qr");
    const char *argv[] = { ctl, "--state-dir", j->state_dir, "enrol", payload, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (out, "enrolled\tdevice=dev_"));
  }
  portal = pin_config (j);
  extra = g_strdup_printf ("%s[portal]\nurl=%s\n", portal, sim->https_url);
  sewa_journey_launch (j, extra);

  open_operator (j);
  sewa_fingers_tap (j->f, tab);

  {
    const struct { SewaLang lang; const char *button; } langs[] = {
      { SEWA_LANG_PA, NULL }, { SEWA_LANG_HI, "=हिन्दी" }, { SEWA_LANG_EN, "=English" } };

    for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
      {
        g_auto (GStrv) halves = g_strsplit (sewa_journey_tr (langs[i].lang, "Clock: the kiosk clock is %u min fast: receipts' due dates may be wrong"), "%u", 2);
        g_autofree char *clock = g_strjoinv ("7", halves);
        const char *pair[] = { sewa_journey_tr (langs[i].lang, "Portal check: reachable; its certificate matches the CA this kiosk was enrolled with"), clock };
        g_autofree char *label = g_strdup_printf ("portal-check-%s", sewa_lang_code (langs[i].lang));

        if (langs[i].button != NULL)
          sewa_fingers_tap (j->f, langs[i].button);
        g_clear_pointer (&shown, json_object_unref);
        shown = sewa_fingers_wait (j->f, diagnostics_say_both, (gpointer) pair, "the portal check's verdict", 60);
        j->lang = langs[i].lang;
        sewa_journey_check (j, "portal-check");
        g_free (sewa_fingers_screenshot (j->f, label));
      }
  }

  /* Another CA's certificate on the portal's address. */
  test_sim_stop (sim);
  sim = start_tls_portal (pki, "rogue", port, "0");
  {
    const char *pair[] = { sewa_journey_tr (SEWA_LANG_EN, "Portal check: its certificate does NOT match the CA this kiosk was enrolled with. Nothing is sent; call the portal team"),
                           sewa_journey_tr (SEWA_LANG_EN, "Clock: cannot be checked without an answer from the portal") };
    g_autofree char *again = g_strconcat ("=", sewa_journey_tr (SEWA_LANG_EN, "Check again"), NULL);

    sewa_fingers_tap (j->f, again);
    refused = sewa_fingers_wait (j->f, diagnostics_say_both, (gpointer) pair, "the pin mismatch", 60);
    sewa_journey_check (j, "portal-check-mismatch");
    g_free (sewa_fingers_screenshot (j->f, "portal-check-mismatch-en"));
  }
  test_sim_stop (sim);
  sewa_journey_free (j);
}

typedef struct
{
  SewaJourney *j;
  const char *device;
  const char *printer;
  const char *camera;
} HeartbeatWant;

/* The last heartbeat portal-sim stored for the kiosk's device carries these printer and camera
 * states (polled through the sim's admin API, while the screen is left alone). */
static gboolean
heartbeat_says (JsonObject *state, gpointer data)
{
  HeartbeatWant *w = data;
  g_autofree char *path = g_strdup_printf ("/admin/devices/%s", w->device);
  g_autoptr (JsonObject) dev = sewa_journey_portal_admin (w->j, "GET", path, NULL);
  JsonNode *hb = json_object_get_member (dev, "heartbeat");
  JsonObject *health;

  if (hb == NULL || !JSON_NODE_HOLDS_OBJECT (hb))
    return FALSE;
  health = json_object_get_object_member (json_node_get_object (hb), "health");
  return health != NULL
         && g_strcmp0 (json_object_get_string_member_with_default (health, "printer", ""), w->printer) == 0
         && g_strcmp0 (json_object_get_string_member_with_default (health, "camera", ""), w->camera) == 0;
}

/* The heartbeat carries the devices' state as the kiosk's drivers see it: the printer (CUPS's
 * ippeveprinter) and the camera (libgphoto2's Directory Browse) "ok" while they work; the
 * printer gone, the portal hears "down" at the next device check, without waiting for the
 * regular heartbeat (5 minutes). */
static void
test_heartbeat_health (void)
{
  SewaJourney *j = sewa_journey_start ("guard-heartbeat-health", TRUE, "[kiosk]\ndevice-check=5\n");
  g_autoptr (GRegex) dev_re = g_regex_new ("dev_[0-9a-f]{16}", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char *out = NULL, *device = NULL;
  g_autoptr (JsonObject) ok = NULL;
  g_autoptr (JsonObject) down = NULL;
  HeartbeatWant want = { .j = j, .printer = "ok", .camera = "ok" };
  int status = -1;

  sewa_fingers_wait_screen (j->f, "home");
  out = sewa_fingers_kioskctl (j->f, &status, "health", "--no-devices", NULL);
  g_assert_true (g_regex_match (dev_re, out, 0, &match));
  device = g_match_info_fetch (match, 0);
  want.device = device;
  ok = sewa_fingers_wait (j->f, heartbeat_says, &want, "a heartbeat with printer=ok camera=ok", 60);

  sewa_printer_peer_stop ();
  want.printer = "down";
  down = sewa_fingers_wait (j->f, heartbeat_says, &want, "a heartbeat with printer=down", 60);
  sewa_journey_free (j);
}

/* Two applications the portal has not received (the portal is down): the factory reset asks
 * twice, each time naming the two, and deletes nothing until the second yes; then the kiosk is
 * unenrolled, its queue empty, and it is back home. Asked again with nothing unsent, one
 * confirmation is enough. Every step by taps; the counts come from the kiosk's store. */
static void
test_factory_reset (void)
{
  SewaJourney *j = sewa_journey_new ("guard-factory-reset", TRUE);
  g_autofree char *extra = pin_config (j);
  const char *lost = sewa_journey_tr (SEWA_LANG_PA, "Factory reset: applications would be lost");
  const char *sure = sewa_journey_tr (SEWA_LANG_PA, "Are you sure?");
  const char *none = sewa_journey_tr (SEWA_LANG_PA, "Factory reset");
  g_autofree char *before = NULL, *between = NULL, *after = NULL, *queue = NULL;
  g_autoptr (JsonObject) first = NULL;
  g_autoptr (JsonObject) second = NULL;
  g_autoptr (JsonObject) only = NULL;
  g_autoptr (JsonObject) home = NULL;
  int status = -1;

  /* The portal goes away before the kiosk starts, so what is queued stays unsent. */
  sewa_journey_portal_stop (j);
  {
    SewaStoreOptions opts = { .state_dir = j->state_dir, .centre_code = "ASR02", .kiosk_number = 7 };
    g_autoptr (GError) error = NULL;
    SewaStore *store = sewa_store_open_full (&opts, &error);
    SewaNewApplication a = { .service_id = "birth-certificate", .catalog_version = "1",
                             .catalog_hash = "h", .form_json = "{}", .fee_state = SEWA_FEE_NONE };

    g_assert_no_error (error);
    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *id = NULL;

        g_assert_true (sewa_store_enqueue (store, &a, NULL, 0, &id, NULL, &error));
        g_assert_no_error (error);
      }
    g_assert_finalize_object (store);
  }
  sewa_journey_launch (j, extra);
  before = health (j);
  g_assert_nonnull (strstr (before, "unsent=2"));
  g_assert_null (strstr (before, "not enrolled"));

  open_technician (j);
  j->lang = SEWA_LANG_PA;
  sewa_fingers_tap (j->f, "#factory_reset_button");
  first = sewa_fingers_wait (j->f, reset_asks, (gpointer) lost, "the first confirmation", 20);
  g_assert_true (has_text (first, "2"));
  sewa_journey_check (j, "reset-first");
  g_free (sewa_fingers_screenshot (j->f, "reset-first-pa"));
  sewa_fingers_tap (j->f, "#reset_confirm_button");
  second = sewa_fingers_wait (j->f, reset_asks, (gpointer) sure, "the second confirmation", 20);
  g_assert_true (has_text (second, "2"));
  sewa_journey_check (j, "reset-second");
  g_free (sewa_fingers_screenshot (j->f, "reset-second-pa"));
  /* One yes has deleted nothing. */
  between = health (j);
  g_assert_nonnull (strstr (between, "unsent=2"));
  sewa_fingers_tap (j->f, "#reset_confirm_button");
  home = sewa_fingers_wait (j->f, screen_is, (gpointer) "home", "home after the reset", 30);
  after = health (j);
  g_assert_nonnull (strstr (after, "unsent=0"));
  g_assert_nonnull (strstr (after, "not enrolled"));
  queue = sewa_fingers_kioskctl (j->f, &status, "queue", "list", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (queue, "PB-"));

  /* Nothing unsent now: one confirmation. */
  g_clear_pointer (&home, json_object_unref);
  open_technician (j);
  sewa_fingers_tap (j->f, "#factory_reset_button");
  only = sewa_fingers_wait (j->f, reset_asks, (gpointer) none, "the only confirmation", 20);
  g_assert_false (has_text (only, (gpointer) lost));
  sewa_journey_check (j, "reset-only");
  g_free (sewa_fingers_screenshot (j->f, "reset-only-pa"));
  sewa_fingers_tap (j->f, "#reset_confirm_button");
  home = sewa_fingers_wait (j->f, screen_is, (gpointer) "home", "home after one confirmation", 30);
  sewa_journey_free (j);
}

/* Back on the first page of a form with a name typed: the kiosk asks "Discard what you
 * entered?"; "No, keep my answers" keeps the citizen on the form with everything typed. */
static void
test_back_confirms (void)
{
  SewaJourney *j = sewa_journey_start ("guard-back", FALSE, NULL);
  const char *question = sewa_journey_tr (SEWA_LANG_EN, "Discard what you entered?");
  g_autofree char *keep = g_strconcat ("#confirm_keep_button =",
                                      sewa_journey_tr (SEWA_LANG_EN, "No, keep my answers"), NULL);
  g_autoptr (JsonObject) asked = NULL;
  g_autoptr (JsonObject) state = NULL;

  j->lang = SEWA_LANG_EN;
  sewa_fingers_tap (j->f, "=English");
  sewa_fingers_wait_screen (j->f, "start");
  sewa_fingers_tap (j->f, "=Apply for a service");
  sewa_fingers_tap (j->f, "#search_entry");
  sewa_fingers_type_osk (j->f, "birth");
  sewa_fingers_tap (j->f, "@GtkLabel .service-name =Birth certificate");
  sewa_fingers_tap (j->f, "#apply_button");
  sewa_fingers_wait_screen (j->f, "form");
  sewa_fingers_tap (j->f, "field=Applicant's full name");
  sewa_fingers_type_osk (j->f, "Gurpreet");
  sewa_fingers_tap (j->f, ".osk-special =⌄");
  sewa_fingers_tap (j->f, "#back_button");
  asked = sewa_fingers_wait (j->f, has_text, (gpointer) question, "the question before discarding", 10);
  sewa_journey_check (j, "discard-question");
  sewa_fingers_tap (j->f, keep);
  state = sewa_fingers_wait (j->f, has_text, (gpointer) "Applicant's full name", "the form again", 10);
  g_assert_cmpstr (sewa_fingers_screen (state), ==, "form");
  g_assert_false (has_text (state, (gpointer) question));
  g_assert_cmpstr (text_of (state, "field=Applicant's full name"), ==, "Gurpreet");
  sewa_journey_free (j);
}

/* Idle: a full-screen "Are you still there?" with a countdown comes first; a touch keeps the
 * session and what was typed; left alone, at zero everything is wiped and home is shown. */
static void
test_idle_warning (void)
{
  /* Warned after 15 quiet seconds, reset 30 seconds later. The warning stays up long enough
   * for the layout check and screenshot before the tap on a loaded machine: with 8 seconds a
   * fresh Debian root under load reset to the home screen before the tap arrived. */
  SewaJourney *j = sewa_journey_start ("guard-idle", FALSE, "[kiosk]\nidle-timeout=45\nidle-warning=30\n");
  const char *still = sewa_journey_tr (SEWA_LANG_EN, "Are you still there?");
  g_autoptr (JsonObject) warned = NULL;
  g_autoptr (JsonObject) kept = NULL;
  g_autoptr (JsonObject) again = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *still_sel = g_strconcat ("~", still, NULL);

  j->lang = SEWA_LANG_EN;
  sewa_fingers_tap (j->f, "=English");
  sewa_fingers_tap (j->f, "=Apply for a service");
  sewa_fingers_tap (j->f, "#search_entry");
  sewa_fingers_type_osk (j->f, "income");

  warned = sewa_fingers_wait (j->f, idle_warning_laid_out, (gpointer) still, "the idle warning", 60);
  g_assert_cmpstr (sewa_fingers_screen (warned), ==, "browse");
  sewa_journey_check (j, "idle-warning");
  {
    /* Full screen: it covers the whole window. */
    JsonObject *w = sewa_fingers_find (warned, still_sel);
    JsonObject *count = sewa_fingers_find (warned, "#idle_countdown");
    JsonObject *overlay = sewa_fingers_find (warned, "#idle_overlay");
    gint64 left;

    g_assert_nonnull (w);
    g_assert_nonnull (count);
    g_assert_nonnull (overlay);
    g_assert_cmpint (json_object_get_int_member (overlay, "w"), >=, 1280);
    g_assert_cmpint (json_object_get_int_member (overlay, "h"), >=, 800);
    /* The countdown shows the seconds the warning gives, never more. */
    left = g_ascii_strtoll (json_object_get_string_member (count, "text"), NULL, 10);
    g_assert_cmpint (left, >=, 1);
    g_assert_cmpint (left, <=, 30);
    /* What was on the screen cannot be pressed through the question. */
    g_assert_true (json_object_has_member (sewa_fingers_find (warned, "#search_entry"), "covered_by"));
  }
  sewa_fingers_tap (j->f, still_sel);
  kept = sewa_fingers_wait (j->f, screen_not, (gpointer) "home", "the session to stay", 5);
  g_assert_false (has_text (kept, (gpointer) still));
  g_assert_cmpstr (text_of (kept, "#search_entry"), ==, "income");

  /* Left alone this time: warned again, then wiped. */
  again = sewa_fingers_wait (j->f, has_text, (gpointer) still, "the idle warning again", 60);
  /* The reset comes the warning's 30 s after it appeared: a wait of exactly 30 s (the default of
   * sewa_fingers_wait_screen) ran out 0.1 s before it. */
  state = sewa_fingers_wait (j->f, screen_is, (gpointer) "home", "the reset to the home screen", 60);
  g_clear_pointer (&state, json_object_unref);
  sewa_fingers_tap (j->f, "=English");
  sewa_fingers_tap (j->f, "=Apply for a service");
  state = sewa_fingers_wait_for (j->f, "#search_entry", 10);
  g_assert_cmpstr (text_of (state, "#search_entry"), ==, "");
  sewa_journey_free (j);
}

static gboolean
status_shown (JsonObject *state, gpointer reference)
{
  JsonObject *w = sewa_fingers_find (state, "#reference");

  return w != NULL && g_strcmp0 (json_object_get_string_member_with_default (w, "text", NULL),
                                 reference) == 0 &&
         g_strcmp0 (sewa_fingers_screen (state), "status") == 0;
}

/* A reference typed on the keyboard finds the application made at this kiosk. */
static void
test_status_lookup (void)
{
  SewaJourney *j = sewa_journey_new ("guard-status", FALSE);
  g_autofree char *reference = NULL;
  g_autofree char *check = g_strconcat ("=", sewa_journey_tr (SEWA_LANG_EN, "Check application status"), NULL);
  g_autoptr (JsonObject) shown = NULL;

  {
    /* An application this kiosk accepted earlier, in its own store. */
    SewaStoreOptions options = { 0 };
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaStore) store = NULL;
    g_autoptr (SewaAppRecord) rec = NULL;
    g_autofree char *id = NULL;
    g_autofree char *data_home = g_build_filename (j->home, "xdg-data", NULL);

    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    options.state_dir = j->state_dir;
    options.create_key = TRUE;
    options.centre_code = "ASR02";
    options.kiosk_number = 7;
    g_assert_cmpint (g_mkdir_with_parents (j->state_dir, 0700), ==, 0);
    store = sewa_store_open_full (&options, &error);
    g_assert_no_error (error);
    id = test_enqueue (store, 1, 0, 0, 0, "birth-certificate");
    rec = sewa_store_get (store, id, FALSE, &error);
    g_assert_no_error (error);
    reference = g_strdup (rec->reference);
    sewa_store_close (store);
  }
  sewa_journey_launch (j, NULL);
  j->lang = SEWA_LANG_EN;
  sewa_fingers_tap (j->f, "=English");
  sewa_fingers_tap (j->f, check);
  /* The kiosk offers to scan the receipt's QR first; the citizen types the number instead. */
  sewa_fingers_wait_screen (j->f, "scan");
  sewa_journey_check (j, "status-scan");
  sewa_journey_lockdown_round (j, "scan", NULL);
  {
    g_autofree char *instead = g_strconcat ("=", sewa_journey_tr (SEWA_LANG_EN, "Type the reference number instead"), NULL);
    sewa_fingers_tap (j->f, instead);
  }
  sewa_fingers_wait_screen (j->f, "status");
  sewa_fingers_tap (j->f, "#entry");
  sewa_fingers_type_osk (j->f, reference);
  sewa_journey_check (j, "status-keyboard");
  sewa_fingers_tap (j->f, "#check_button");
  shown = sewa_fingers_wait (j->f, status_shown, reference, "the application's status", 20);
  sewa_journey_check (j, "status");
  sewa_journey_lockdown_round (j, "status", "#entry");
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/guards/missing-document", test_missing_document);
  g_test_add_func ("/ui/guards/operator-pin", test_operator_pin);
  g_test_add_func ("/ui/guards/back-confirms", test_back_confirms);
  g_test_add_func ("/ui/guards/idle-warning", test_idle_warning);
  g_test_add_func ("/ui/guards/technician", test_technician);
  g_test_add_func ("/ui/guards/portal-check", test_portal_check);
  g_test_add_func ("/ui/guards/heartbeat-health", test_heartbeat_health);
  g_test_add_func ("/ui/guards/technician-pin", test_technician_pin);
  g_test_add_func ("/ui/guards/status-lookup", test_status_lookup);
  g_test_add_func ("/ui/guards/factory-reset", test_factory_reset);
  return g_test_run ();
}
