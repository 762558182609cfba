/* sewa-journey.c — see sewa-journey.h. The form is driven from the catalog's own definition
 * (data/catalog/catalog.json), so every required field of the service is typed on the
 * on-screen keyboard, one key at a time, in the citizen's script. */
#include "sewa-build-config.h"
#include "sewa-journey.h"
#include "sewa-catalog.h"
#include "sewa-district.h"
#include "sewa-doc-type.h"
#include "sewa-printer-peer.h"
#include "sewa-verhoeff.h"
#include "sync-test-util.h"

#include <leptonica/allheaders.h>
#include <libintl.h>
#include <qrencode.h>

#define JOURNEY_CENTRE "ASR02"
#define JOURNEY_KIOSK 7

struct _SewaJourneySim
{
  TestSim *sim;
  guint port;
  char *db;
};

static SewaCatalog *catalog;

const char *
sewa_journey_tr (SewaLang lang, const char *msgid)
{
  const char *text;

  sewa_lang_apply (lang);
  text = g_dgettext (GETTEXT_PACKAGE, msgid);
  /* Children started later (kioskctl, portal-sim) must not inherit the language. */
  g_unsetenv ("LANGUAGE");
  return text;
}

static SewaCatalog *
journey_catalog (void)
{
  if (catalog == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog",
                                                "catalog.json", NULL);

      catalog = sewa_catalog_new_from_file (path, &error);
      g_assert_no_error (error);
    }
  return catalog;
}

static void
enrol (SewaJourney *j)
{
  g_autofree char *body = g_strdup_printf ("{\"centre\":\"%s\",\"kiosk\":%d}", JOURNEY_CENTRE,
                                           JOURNEY_KIOSK);
  g_autoptr (JsonObject) reply = test_sim_admin (j->sim->sim, "POST", "/admin/enrolment-tokens", body);
  const char *payload = json_object_get_string_member (reply, "provisioning_qr");
  g_autofree char *ctl = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "kioskctl", "kioskctl", NULL);
  g_autofree char *data_home = g_build_filename (j->home, "xdg-data", NULL);
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", data_home, TRUE);
  const char *argv[] = { ctl, "--state-dir", j->state_dir, "enrol", payload, NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_assert_true (g_str_has_prefix (payload, "SEWAPROV1:"));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "enrolled\tdevice=dev_"));
}

void
sewa_journey_portal_start (SewaJourney *j)
{
  g_autofree char *catalog_path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog",
                                                    "catalog.json", NULL);
  g_autofree char *port = g_strdup_printf ("%u", j->sim->port);
  const char *extra[] = { "--port", port, "--db", j->sim->db, NULL };

  g_assert_null (j->sim->sim);
  j->sim->sim = test_sim_start_catalog (catalog_path, extra);
}

void
sewa_journey_portal_stop (SewaJourney *j)
{
  test_sim_stop (j->sim->sim);
  j->sim->sim = NULL;
}

gint64
sewa_journey_portal_count (SewaJourney *j)
{
  g_autoptr (JsonObject) dups = test_sim_admin (j->sim->sim, "GET", "/admin/duplicates", NULL);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dups, "duplicates")), ==, 0);
  return test_sim_count (j->sim->sim, "applications");
}

typedef struct
{
  SewaFingers *f;
  const char *reference;
  char *arn;
} ArnWait;

/* The sync engine sends it and stores the ARN the portal answered (`kioskctl queue show`). */
static gboolean
has_arn (JsonObject *state, gpointer data)
{
  ArnWait *w = data;
  int status = -1;
  g_autofree char *out = sewa_fingers_kioskctl (w->f, &status, "queue", "show", w->reference, NULL);
  g_auto (GStrv) lines = NULL;

  if (status != 0 || out == NULL)
    return FALSE;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "portal ARN:"))
      {
        g_autofree char *arn = g_strstrip (g_strdup (lines[i] + strlen ("portal ARN:")));

        if (*arn == '\0' || g_str_equal (arn, "-"))
          return FALSE;
        w->arn = g_steal_pointer (&arn);
        return TRUE;
      }
  return FALSE;
}

SewaCatalog *
sewa_journey_catalog (void)
{
  return journey_catalog ();
}

char *
sewa_journey_wait_arn (SewaJourney *j, const char *reference, guint timeout_s)
{
  ArnWait w = { .f = j->f, .reference = reference };
  g_autoptr (JsonObject) state = sewa_fingers_wait (j->f, has_arn, &w, "the portal's ARN", timeout_s);

  return w.arn;
}

JsonArray *
sewa_journey_portal_documents (SewaJourney *j, const char *arn)
{
  g_autofree char *path = g_strdup_printf ("/admin/applications?arn=%s", arn);
  g_autoptr (JsonObject) app = test_sim_admin (j->sim->sim, "GET", path, NULL);
  JsonNode *body = json_object_get_member (app, "body");
  g_autoptr (JsonParser) parser = NULL;
  JsonObject *obj;

  g_assert_nonnull (body);
  if (JSON_NODE_HOLDS_VALUE (body))
    {
      g_autoptr (GError) error = NULL;

      parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, json_node_get_string (body), -1, &error));
      g_assert_no_error (error);
      obj = json_node_get_object (json_parser_get_root (parser));
    }
  else
    obj = json_node_get_object (body);
  return json_array_ref (json_object_get_array_member (obj, "documents"));
}

SewaJourney *
sewa_journey_new (const char *name, gboolean enrol_kiosk)
{
  SewaJourney *j = g_new0 (SewaJourney, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *src = NULL, *dst = NULL, *printer_dir = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;

  j->home = g_dir_make_tmp ("sewa-journey-XXXXXX", &error);
  g_assert_no_error (error);
  j->state_dir = g_build_filename (j->home, "state", NULL);
  data_home = g_build_filename (j->home, "xdg-data", NULL);

  /* The camera: libgphoto2's Directory Browse over a folder holding one document photo. */
  j->name = g_strdup (name);
  j->photos = g_build_filename (j->home, "camera", NULL);
  src = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "sample-photos", "IMG_0001.JPG", NULL);
  dst = g_build_filename (j->photos, "IMG_0001.JPG", NULL);
  g_assert_cmpint (g_mkdir_with_parents (j->photos, 0700), ==, 0);
  g_assert_true (g_file_get_contents (src, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (dst, bytes, (gssize) len, NULL));

  printer_dir = g_build_filename (j->home, "printer", NULL);
  j->printer_uri = sewa_printer_peer_start (printer_dir);

  if (enrol_kiosk)
    {
      j->sim = g_new0 (struct _SewaJourneySim, 1);
      j->sim->port = test_free_port ();
      j->sim->db = g_build_filename (j->home, "portal.db", NULL);
      sewa_journey_portal_start (j);
      enrol (j);
    }
  return j;
}

void
sewa_journey_launch (SewaJourney *j, const char *extra_config)
{
  g_autofree char *config = NULL, *portal = NULL;
  g_autofree char *data_home = g_build_filename (j->home, "xdg-data", NULL);
  SewaFingersOptions options = { 0 };

  if (j->sim != NULL)
    /* A test that stops the portal starts it again after a minute of journey or more, when the
     * kiosk's probes, full jitter on a doubling ceiling, can be minutes apart (a 90 s wait once
     * ran out in CI): here they are at most 10 s apart. */
    portal = g_strdup_printf ("[portal]\nurl=http://127.0.0.1:%u\noffline-probe-max=10\n",
                              j->sim->port);
  /* The portal-sim and the kiosk share two cores with the rest of a test run under the
   * sanitizers: the citizen's documents and details on file are given the time they need to
   * come back, rather than the 10 s a kiosk waits before opening the form without them. */
  config = g_strdup_printf ("[kiosk]\ncentre=%s\nnumber=%d\nstate-dir=%s\nidentity-lookup-wait=60\n"
                            "[printer]\ndestination=%s\n"
                            "[camera]\nmodel=Directory Browse\nport=disk:%s\n%s%s",
                            JOURNEY_CENTRE, JOURNEY_KIOSK, j->state_dir, j->printer_uri, j->photos,
                            portal != NULL ? portal : "", extra_config != NULL ? extra_config : "");
  options.config = config;
  options.animations = j->animations;
  options.name = j->name;
  options.data_home = data_home;
  options.kiosk_args = j->kiosk_args;
  j->f = sewa_fingers_start (&options);
}

SewaJourney *
sewa_journey_start (const char *name, gboolean enrol_kiosk, const char *extra_config)
{
  SewaJourney *j = sewa_journey_new (name, enrol_kiosk);

  sewa_journey_launch (j, extra_config);
  return j;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
sewa_journey_free (SewaJourney *j)
{
  sewa_fingers_stop (j->f);
  sewa_printer_peer_stop ();
  if (j->sim != NULL)
    {
      if (j->sim->sim != NULL)
        test_sim_stop (j->sim->sim);
      g_free (j->sim->db);
      g_free (j->sim);
    }
  remove_tree (j->home);
  g_free (j->home);
  g_free (j->state_dir);
  g_free (j->service_id);
  g_free (j->name);
  g_free (j->photos);
  g_free (j->printer_uri);
  g_clear_pointer (&j->chosen_types, g_hash_table_unref);
  g_free (j);
}

void
sewa_journey_check (SewaJourney *j, const char *label)
{
  g_autofree char *full = NULL;

  if (j->quick)
    return;
  full = g_strdup_printf ("%s-%s", label, sewa_lang_code (j->lang));
  sewa_fingers_check_layout (j->f, full);
  if (j->on_check != NULL)
    j->on_check (j, full, j->on_check_data);
}

/* ---- the form ---------------------------------------------------------------------------- */

char *
sewa_journey_aadhaar (void)
{
  char aadhaar[13] = "34567890123";

  aadhaar[11] = (char) ('0' + sewa_verhoeff_check_digit (aadhaar, 11));
  aadhaar[12] = '\0';
  return g_strdup (aadhaar);
}

/* What a citizen types into a field of @type, in their own script where it is text. */
static char *
value_for (SewaJourney *j, const SewaFormField *field)
{
  SewaLang lang = j->lang;

  switch (field->type)
    {
    case SEWA_FIELD_TYPE_NAME:
      if (j->short_answers)
        return g_strdup (sewa_lang_pick (lang, SEWA_JOURNEY_SHORT_NAME_PA, SEWA_JOURNEY_SHORT_NAME_HI,
                                         SEWA_JOURNEY_SHORT_NAME_EN));
      return g_strdup (sewa_lang_pick (lang, "ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "सुनीता देवी", "Gurpreet Kaur"));
    case SEWA_FIELD_TYPE_TEXT:
      if (j->short_answers)
        return g_strdup (sewa_lang_pick (lang, "ਕੋਟ", "कोट", "kot"));
      return g_strdup (sewa_lang_pick (lang, "ਪਿੰਡ ਕੋਟ", "गांव कोट", "Main Bazar"));
    case SEWA_FIELD_TYPE_DATE:
      /* Eight digits on the numeric pad; the field shows them as DD-MM-YYYY. */
      return g_strdup ("05082001");
    case SEWA_FIELD_TYPE_MOBILE:
      return g_strdup ("9876543210");
    case SEWA_FIELD_TYPE_AADHAAR:
      return sewa_journey_aadhaar ();
    case SEWA_FIELD_TYPE_PINCODE:
      return g_strdup ("141001");
    case SEWA_FIELD_TYPE_EMAIL:
      return g_strdup ("test@example.in");
    case SEWA_FIELD_TYPE_NUMBER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, field->has_min ? MAX (field->min, 1) : 1);
    case SEWA_FIELD_TYPE_SELECT:
    case SEWA_FIELD_TYPE_DISTRICT:
    case SEWA_FIELD_TYPE_YESNO:
    case SEWA_FIELD_TYPE_CONSENT:
    case SEWA_N_FIELD_TYPES:
    default:
      return NULL;
    }
}

typedef struct
{
  const char *text;
} PopupWait;

/* A row of an open popover (a drop-down's list) showing @text. */
static JsonObject *
popup_row (JsonObject *state, const char *text)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);

      if (json_object_get_int_member (w, "native") > 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (w, "text", NULL), text) == 0)
        return w;
    }
  return NULL;
}

static gboolean
popup_has (JsonObject *state, gpointer text)
{
  return popup_row (state, text) != NULL;
}

static gboolean
popup_gone (JsonObject *state, gpointer unused)
{
  return json_array_get_length (json_object_get_array_member (state, "natives")) == 1;
}

static void
choose (SewaJourney *j, const char *field_selector, const char *option)
{
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) gone = NULL;
  g_autofree char *what = g_strdup_printf ("\"%s\" in the drop-down list", option);

  sewa_fingers_tap (j->f, field_selector);
  state = sewa_fingers_wait (j->f, popup_has, (gpointer) option, what, 20);
  sewa_journey_check (j, "dropdown");
  sewa_fingers_tap_widget (j->f, sewa_fingers_tap_target (state, popup_row (state, option)));
  gone = sewa_fingers_wait (j->f, popup_gone, NULL, "the drop-down list to close", 20);
}

static gboolean
section_changed (JsonObject *state, gpointer before)
{
  JsonObject *title = sewa_fingers_find (state, "#section_title");

  return g_strcmp0 (sewa_fingers_screen (state), "form") != 0 ||
         (title != NULL && g_strcmp0 (json_object_get_string_member_with_default (title, "text", ""),
                                      before) != 0);
}

static gboolean
keyboard_hidden (JsonObject *state, gpointer unused)
{
  return !json_object_get_boolean_member (json_object_get_object_member (state, "osk"), "visible");
}

/* As a citizen would to reach the next field: put the keyboard away with its own key (tapping
 * the field brings it back). */
static void
hide_keyboard (SewaJourney *j)
{
  g_autoptr (JsonObject) state = sewa_fingers_state (j->f);
  g_autoptr (JsonObject) hidden = NULL;

  if (keyboard_hidden (state, NULL))
    return;
  sewa_fingers_tap (j->f, ".osk-special =⌄");
  hidden = sewa_fingers_wait (j->f, keyboard_hidden, NULL, "the keyboard to close", 20);
}

static void
fill_section (SewaJourney *j, const SewaFormSection *sec)
{
  SewaLang lang = j->lang;
  gboolean checked = FALSE;
  /* A field filled from the citizen's earlier application carries its mark: a citizen who
   * checked it leaves it as it is. */
  g_autoptr (JsonObject) start = sewa_fingers_state (j->f);

  for (guint i = 0; i < sec->fields->len; i++)
    {
      const SewaFormField *field = g_ptr_array_index (sec->fields, i);
      const char *label = sewa_text_get (&field->label, lang);
      g_autofree char *selector = g_strconcat ("field=", label, NULL);
      g_autofree char *value = NULL;

      /* Optional fields stay empty; a field shown only for another answer stays hidden, as
       * each choice below is the first option, unless an answer given here revealed it ("No"
       * to "Were you born in Punjab?" asks for the years lived there): what the screen shows
       * is filled. */
      if (!field->required)
        continue;
      if (field->show_if != NULL)
        {
          g_autoptr (JsonObject) now = sewa_fingers_state (j->f);

          if (sewa_fingers_find (now, selector) == NULL)
            continue;
        }
      {
        g_autofree char *mark = g_strconcat (".earlier-", field->id, NULL);

        if (sewa_fingers_find (start, mark) != NULL)
          continue;
      }
      switch (field->type)
        {
        case SEWA_FIELD_TYPE_SELECT:
          hide_keyboard (j);
          choose (j, selector, sewa_text_get (&((SewaFormOption *) g_ptr_array_index (field->options, 0))->label, lang));
          break;
        case SEWA_FIELD_TYPE_DISTRICT:
          {
            guint n = 0;
            hide_keyboard (j);
            choose (j, selector, sewa_district_name (&sewa_districts (&n)[0], lang));
          }
          break;
        case SEWA_FIELD_TYPE_CONSENT:
          {
            g_autofree char *check = g_strconcat ("@GtkCheckButton =", label, NULL);
            hide_keyboard (j);
            sewa_fingers_tap (j->f, check);
          }
          break;
        case SEWA_FIELD_TYPE_YESNO:
          {
            g_autofree char *no = g_strconcat ("=", sewa_journey_tr (lang, "No"), NULL);
            sewa_fingers_tap (j->f, no);
          }
          break;
        case SEWA_FIELD_TYPE_TEXT:
        case SEWA_FIELD_TYPE_NAME:
        case SEWA_FIELD_TYPE_DATE:
        case SEWA_FIELD_TYPE_MOBILE:
        case SEWA_FIELD_TYPE_AADHAAR:
        case SEWA_FIELD_TYPE_PINCODE:
        case SEWA_FIELD_TYPE_EMAIL:
        case SEWA_FIELD_TYPE_NUMBER:
        case SEWA_N_FIELD_TYPES:
        default:
          if (j->keep_filled)
            {
              g_autoptr (JsonObject) now = sewa_fingers_state (j->f);
              JsonObject *input = sewa_fingers_find (now, selector);

              if (input != NULL && *json_object_get_string_member_with_default (input, "text", "") != '\0')
                break;
            }
          value = value_for (j, field);
          hide_keyboard (j);
          sewa_fingers_tap (j->f, selector);
          /* The keyboard's first opening on each page (checking every field costs a screen
           * read each; the section's end is checked too). */
          if (!checked)
            sewa_journey_check (j, "form-keyboard");
          checked = TRUE;
          sewa_fingers_type_osk (j->f, value);
          break;
        }
    }
}

static gboolean
row_shown (JsonObject *state, gpointer selector)
{
  return sewa_fingers_find (state, selector) != NULL;
}

static gboolean
identify_or_form (JsonObject *state, gpointer unused)
{
  const char *screen = sewa_fingers_screen (state);

  return g_strcmp0 (screen, "identify") == 0 || g_strcmp0 (screen, "form") == 0;
}

void
sewa_journey_to_apply (SewaJourney *j, SewaLang lang, const char *service_id, const char *query)
{
  SewaService *service = sewa_catalog_lookup_service (journey_catalog (), service_id);
  g_autofree char *lang_button = g_strconcat ("=", sewa_lang_native_name (lang), NULL);
  g_autofree char *apply = g_strconcat ("=", sewa_journey_tr (lang, "Apply for a service"), NULL);
  g_autofree char *row = g_strconcat ("@GtkLabel .service-name =",
                                      sewa_text_get (sewa_service_get_name (service), lang), NULL);
  g_autoptr (JsonObject) shown = NULL;

  g_assert_nonnull (service);
  j->lang = lang;
  g_free (j->service_id);
  j->service_id = g_strdup (service_id);
  if (!j->from_start)
    {
      sewa_fingers_wait_screen (j->f, "home");
      sewa_journey_check (j, "home");
      sewa_fingers_tap (j->f, lang_button);
    }
  sewa_fingers_wait_screen (j->f, "start");
  sewa_journey_check (j, "start");
  sewa_fingers_tap (j->f, apply);
  sewa_fingers_wait_screen (j->f, "browse");
  sewa_journey_check (j, "browse");

  sewa_fingers_tap (j->f, "#search_entry");
  sewa_fingers_type_osk (j->f, query);
  shown = sewa_fingers_wait (j->f, row_shown, row, "the service in the search results", 20);
  sewa_journey_check (j, "search-keyboard");
  sewa_fingers_tap (j->f, row);
  sewa_fingers_wait_screen (j->f, "service");
  sewa_journey_check (j, "service");
  sewa_fingers_tap (j->f, "#apply_button");
}

static gboolean
documents_or_consent (JsonObject *state, gpointer unused)
{
  const char *screen = sewa_fingers_screen (state);

  return g_strcmp0 (screen, "documents") == 0 || g_strcmp0 (screen, "consent") == 0;
}

void
sewa_journey_fill_form (SewaJourney *j)
{
  g_autoptr (JsonObject) after = NULL;
  SewaService *service = sewa_catalog_lookup_service (journey_catalog (), j->service_id);
  const SewaForm *form = sewa_service_get_form (service);
  SewaLang lang = j->lang;

  sewa_fingers_wait_screen (j->f, "form");
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);
      g_autofree char *title = g_strdup (sewa_text_get (&sec->title, lang));
      g_autoptr (JsonObject) next = NULL;
      g_autofree char *label = g_strdup_printf ("form-%u", s + 1);

      sewa_journey_check (j, label);
      if (j->on_section != NULL)
        {
          g_autoptr (JsonObject) opened = sewa_fingers_state (j->f);

          j->on_section (j, opened, j->on_section_data);
        }
      fill_section (j, sec);
      sewa_journey_check (j, "form-filled");
      hide_keyboard (j);
      sewa_fingers_tap (j->f, "#next_button");
      next = sewa_fingers_wait (j->f, section_changed, title, "the next step of the form", 20);
    }
  after = sewa_fingers_wait (j->f, documents_or_consent, NULL, "the documents (or the consent) screen", 30);
  sewa_journey_check (j, sewa_fingers_screen (after));
}

void
sewa_journey_put_code_photo (SewaJourney *j, const char *file_name, const char *payload)
{
  QRcode *code = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  g_autofree char *path = g_build_filename (j->photos, file_name, NULL);
  int module, quiet, side;
  PIX *pix;

  g_assert_nonnull (code);
  module = MAX (3, 720 / code->width);
  quiet = 4 * module;
  side = code->width * module + 2 * quiet;
  pix = pixCreate (side + 240, side + 160, 8);
  pixSetAllArbitrary (pix, 150);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      {
        int mx = (x - quiet) / module, my = (y - quiet) / module;
        gboolean dark = x >= quiet && y >= quiet && mx < code->width && my < code->width &&
                        (code->data[my * code->width + mx] & 1);
        pixSetPixel (pix, (l_uint32) (120 + x), (l_uint32) (80 + y), dark ? 20 : 245);
      }
  QRcode_free (code);
  g_assert_cmpint (pixWrite (path, pix, IFF_JFIF_JPEG), ==, 0);
  pixDestroy (&pix);
}

JsonObject *
sewa_journey_portal_admin (SewaJourney *j, const char *method, const char *path, const char *body)
{
  g_assert_nonnull (j->sim);
  return test_sim_admin (j->sim->sim, method, path, body);
}

void
sewa_journey_request_code (SewaJourney *j, const char *mobile)
{
  g_autoptr (JsonObject) state = NULL;

  sewa_fingers_tap (j->f, "#mobile_entry");
  sewa_fingers_type_osk (j->f, mobile);
  sewa_journey_check (j, "identify-keypad");
  /* The keypad's Enter is the step's Send: a physical Return reaches the same entry. */
  sewa_fingers_key (j->f, "Return");
  state = sewa_fingers_wait_for (j->f, "#sent_label", 30);
}

char *
sewa_journey_portal_code (SewaJourney *j, const char *mobile)
{
  g_autofree char *path = g_strconcat ("/admin/otps?mobile=", mobile, NULL);
  g_autoptr (JsonObject) otp = sewa_journey_portal_admin (j, "GET", path, NULL);

  return g_strdup (json_object_get_string_member (otp, "code"));
}

void
sewa_journey_enter_code (SewaJourney *j, const char *code)
{
  sewa_fingers_tap (j->f, "#code_entry");
  sewa_fingers_type_osk (j->f, code);
  sewa_fingers_key (j->f, "Return");
}

static gboolean
form_or_consent (JsonObject *state, gpointer unused)
{
  const char *screen = sewa_fingers_screen (state);

  return g_strcmp0 (screen, "form") == 0 || g_strcmp0 (screen, "consent") == 0;
}

void
sewa_journey_to_documents (SewaJourney *j, SewaLang lang, const char *service_id, const char *query)
{
  g_autoptr (JsonObject) state = NULL;

  sewa_journey_to_apply (j, lang, service_id, query);
  /* An enrolled kiosk asks who is applying first: the journey verifies its mobile when it has
   * one and the portal is up, else goes on unverified. */
  state = sewa_fingers_wait (j->f, identify_or_form, NULL, "the identify step or the form", 30);
  j->identify_seen = g_strcmp0 (sewa_fingers_screen (state), "identify") == 0;
  j->identify_offline = j->identify_seen && sewa_fingers_find (state, "#offline_label") != NULL;
  if (j->identify_seen)
    {
      /* Offline, the step says plainly that the number cannot be verified now, in the
       * citizen's language. */
      if (j->identify_offline)
        g_assert_cmpstr (json_object_get_string_member (sewa_fingers_find (state, "#offline_label"), "text"), ==,
                         sewa_journey_tr (lang, "The portal cannot be reached right now, so your mobile number cannot be verified. You can still apply."));
      sewa_journey_check (j, "identify");
      if (j->lockdown_rounds)
        sewa_journey_lockdown_round (j, "identify", NULL);
      if (j->mobile != NULL && !j->identify_offline)
        {
          g_autofree char *code = NULL;

          sewa_journey_request_code (j, j->mobile);
          sewa_journey_check (j, "identify-code");
          code = sewa_journey_portal_code (j, j->mobile);
          sewa_journey_enter_code (j, code);
          /* A returning citizen with details on file is asked first whether they may be used
           * (and the documents on file): yes. */
          g_clear_pointer (&state, json_object_unref);
          state = sewa_fingers_wait (j->f, form_or_consent, NULL, "the form or the consent question", 60);
          if (g_strcmp0 (sewa_fingers_screen (state), "consent") == 0)
            {
              sewa_journey_check (j, "consent-details");
              if (j->lockdown_rounds)
                sewa_journey_lockdown_round (j, "consent", NULL);
              sewa_fingers_tap (j->f, "#yes_button");
            }
        }
      else
        sewa_fingers_tap (j->f, "#skip_button");
    }
  sewa_journey_fill_form (j);
  /* A returning citizen is asked whether their documents on file may be used: yes. */
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_state (j->f);
  if (g_strcmp0 (sewa_fingers_screen (state), "consent") == 0)
    sewa_fingers_tap (j->f, "#yes_button");
  sewa_fingers_wait_screen (j->f, "documents");
}

static gboolean
capture_or_doctype (JsonObject *state, gpointer unused)
{
  const char *screen = sewa_fingers_screen (state);

  return g_strcmp0 (screen, "capture") == 0 || g_strcmp0 (screen, "doctype") == 0;
}

void
sewa_journey_capture_document (SewaJourney *j, const char *doc_id)
{
  SewaService *service = sewa_catalog_lookup_service (journey_catalog (), j->service_id);
  GPtrArray *docs = sewa_service_get_documents (service);

  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (docs, i);
      g_autofree char *scan = NULL;
      g_autoptr (JsonObject) chooser = NULL;
      g_autoptr (JsonObject) review = NULL;
      g_autoptr (JsonObject) used = NULL;

      if (g_strcmp0 (req->id, doc_id) != 0)
        continue;
      scan = g_strconcat ("field=", sewa_text_get (&req->label, j->lang), NULL);
      sewa_fingers_tap (j->f, scan);
      if (req->any_of != NULL && g_strv_length (req->any_of) > 1)
        {
          /* "Which document did you bring?": the camera's photo is an A4 page, so the citizen
           * brought the last listed type that comes in A4; a kiosk that files every page as
           * the first type is caught at the portal. */
          const char *code = NULL;
          g_autofree char *tile = NULL;

          for (guint t = g_strv_length (req->any_of); code == NULL && t > 0; t--)
            if (sewa_document_requirement_get_sizes (req, req->any_of[t - 1]) &
                SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_A4))
              code = req->any_of[t - 1];
          g_assert_nonnull (code);
          tile = g_strconcat (".doctype-tile =", sewa_doc_type_name (code, j->lang), NULL);
          chooser = sewa_fingers_wait (j->f, capture_or_doctype, NULL, "the camera or the type chooser", 30);
          g_assert_cmpstr (sewa_fingers_screen (chooser), ==, "doctype");
          sewa_journey_check (j, "doctype");
          if (j->lockdown_rounds)
            sewa_journey_lockdown_round (j, "doctype", NULL);
          sewa_fingers_tap (j->f, tile);
          if (j->chosen_types == NULL)
            j->chosen_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_replace (j->chosen_types, g_strdup (req->id), g_strdup (code));
        }
      sewa_fingers_wait_screen (j->f, "capture");
      sewa_journey_check (j, "capture");
      sewa_fingers_tap (j->f, "#take_button");
      /* The camera's photo, cleaned up, offered for review. */
      review = sewa_fingers_wait_for (j->f, "#use_button", 60);
      sewa_journey_check (j, "capture-review");
      sewa_fingers_tap (j->f, "#use_button");
      used = sewa_fingers_wait_for (j->f, "#done_button", 30);
      sewa_fingers_tap (j->f, "#done_button");
      sewa_fingers_wait_screen (j->f, "documents");
    }
}

void
sewa_journey_capture_documents (SewaJourney *j, const char *skip_doc)
{
  SewaService *service = sewa_catalog_lookup_service (journey_catalog (), j->service_id);
  GPtrArray *docs = sewa_service_get_documents (service);

  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (docs, i);

      if (req->required && g_strcmp0 (req->id, skip_doc) != 0)
        sewa_journey_capture_document (j, req->id);
    }
  sewa_journey_check (j, "documents-captured");
}

void
sewa_journey_to_review (SewaJourney *j)
{
  g_autoptr (JsonObject) state = NULL;

  sewa_fingers_tap (j->f, "#review_button");
  sewa_fingers_wait_screen (j->f, "review");
  state = sewa_fingers_wait_for (j->f, "#submit_button", 20);
  /* Nothing is typed on the review: the keyboard must not cover it. */
  g_assert_true (keyboard_hidden (state, NULL));
  sewa_journey_check (j, "review");
  if (j->lockdown_rounds)
    sewa_journey_lockdown_round (j, "review", NULL);
}

static gboolean
screen_is_done (JsonObject *state, gpointer unused)
{
  return g_strcmp0 (sewa_fingers_screen (state), "done") == 0;
}

char *
sewa_journey_submit (SewaJourney *j)
{
  g_autoptr (JsonObject) state = sewa_fingers_state (j->f);
  JsonObject *reference;

  /* A test that went on to the review itself (to change something there) submits from it. */
  if (g_strcmp0 (sewa_fingers_screen (state), "review") != 0)
    sewa_journey_to_review (j);
  g_clear_pointer (&state, json_object_unref);
  sewa_fingers_tap (j->f, "#submit_button");
  /* Submit waits for document checks still running ("Checking your documents…"), at most 40 s
   * a page (two reads at the OCR deadline); the journeys' documents are one page each. */
  state = sewa_fingers_wait (j->f, screen_is_done, NULL, "screen \"done\" (after any wait for document checks)", 180);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, "#reference", 20);
  reference = sewa_fingers_find (state, "#reference");
  sewa_journey_check (j, "done");
  return g_strdup (json_object_get_string_member (reference, "text"));
}

static gboolean
printed (JsonObject *state, gpointer reference)
{
  g_autofree char *text = sewa_printer_peer_job_text (reference);

  return text != NULL;
}

/* --- lockdown (issue #19 §4) ------------------------------------------------------------ */

/* What must not change: the screen, the surfaces, and what the text fields hold. */
static char *
snapshot (JsonObject *state)
{
  JsonArray *natives = json_object_get_array_member (state, "natives");
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  GString *s = g_string_new (sewa_fingers_screen (state));

  g_string_append (s, "\nsurfaces:");
  for (guint i = 0; i < json_array_get_length (natives); i++)
    g_string_append_printf (s, " %s", json_object_get_string_member (json_array_get_object_element (natives, i), "type"));
  g_string_append (s, "\nfields:");
  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);

      if (g_strcmp0 (json_object_get_string_member (w, "type"), "GtkText") == 0)
        g_string_append_printf (s, " [%s]", json_object_get_string_member_with_default (w, "text", ""));
    }
  return g_string_free (s, FALSE);
}

static gboolean
no_popover (JsonObject *state, gpointer unused)
{
  return FALSE;
}

/* See sewa-journey.h. */
void
sewa_journey_lockdown_round (SewaJourney *j, const char *label, const char *field)
{
  g_autoptr (JsonObject) before_state = sewa_fingers_state (j->f);
  g_autofree char *before = snapshot (before_state);
  g_autoptr (JsonObject) after_state = NULL;
  g_autofree char *after = NULL;
  g_autofree char *shot_label = g_strconcat ("lockdown-", label, NULL);
  JsonObject *target;

  /* GTK_DEBUG=interactive (set for the kiosk below) would have opened it with the window. */
  if (strstr (before, "Inspector") != NULL)
    g_error ("%s: GTK's inspector is open: %s", label, before);
  sewa_fingers_chord (j->f, "Alt_L", "F4", NULL);
  sewa_fingers_chord (j->f, "Control_L", "q", NULL);
  sewa_fingers_chord (j->f, "Control_L", "w", NULL);
  sewa_fingers_chord (j->f, "Super_L", NULL);
  sewa_fingers_chord (j->f, "Control_L", "Shift_L", "i", NULL);
  sewa_fingers_chord (j->f, "Control_L", "Shift_L", "d", NULL);
  sewa_fingers_chord (j->f, "Shift_L", "F10", NULL);
  sewa_fingers_chord (j->f, "Menu", NULL);
  sewa_fingers_chord (j->f, "Control_L", "v", NULL);
  sewa_fingers_chord (j->f, "Control_L", "period", NULL);
  sewa_fingers_chord (j->f, "Control_L", "a", NULL);
  sewa_fingers_request_close (j->f);

  /* A wedge scanner's burst: control characters as a USB keyboard types them (Ctrl+J line
   * feed, Ctrl+M carriage return, Ctrl+] group separator, Ctrl+D, Ctrl+H, Ctrl+[ escape). */
  sewa_fingers_chord (j->f, "Control_L", "j", NULL);
  sewa_fingers_chord (j->f, "Control_L", "m", NULL);
  sewa_fingers_chord (j->f, "Control_L", "bracketright", NULL);
  sewa_fingers_chord (j->f, "Control_L", "d", NULL);
  sewa_fingers_chord (j->f, "Control_L", "h", NULL);
  sewa_fingers_chord (j->f, "Control_L", "bracketleft", NULL);

  /* Secondary and middle clicks on the field (a GtkText's context menu, the PRIMARY paste)
   * and on the middle of the screen, then a long press on the field. */
  after_state = sewa_fingers_state (j->f);
  target = field != NULL ? sewa_fingers_find (after_state, field) : NULL;
  if (target == NULL)
    target = json_array_get_object_element (json_object_get_array_member (after_state, "widgets"), 0);
  sewa_fingers_click_widget (j->f, target, 3);
  sewa_fingers_click_widget (j->f, target, 2);
  g_clear_pointer (&after_state, json_object_unref);
  if (field != NULL)
    sewa_fingers_hold (j->f, field, no_popover, NULL, 1200);

  g_assert_true (sewa_fingers_alive (j->f));
  after_state = sewa_fingers_state (j->f);
  after = snapshot (after_state);
  if (g_strcmp0 (before, after) != 0)
    {
      g_autofree char *shot = sewa_fingers_screenshot (j->f, shot_label);

      g_error ("%s: the kiosk changed under shortcuts and clicks (screenshot %s)\nbefore: %s\nafter:  %s",
               label, shot, before, after);
    }
}

char *
sewa_journey_apply (SewaJourney *j, SewaLang lang, const char *service_id, const char *query)
{
  g_autofree char *reference = NULL;
  g_autofree char *finish = g_strconcat ("=", sewa_journey_tr (lang, "Finish"), NULL);
  g_autoptr (JsonObject) state = NULL;

  sewa_journey_to_documents (j, lang, service_id, query);
  sewa_journey_capture_documents (j, NULL);
  reference = sewa_journey_submit (j);
  g_assert_true (g_str_has_prefix (reference, "PB-" JOURNEY_CENTRE "-07-"));
  /* The receipt came out of the printer with the reference on it (pdftotext of the job). */
  state = sewa_fingers_wait (j->f, printed, reference, "the receipt on the printer", 60);
  {
    g_autofree char *shot = sewa_fingers_screenshot (j->f, "done");
  }
  if (j->lockdown_rounds)
    sewa_journey_lockdown_round (j, "done", NULL);
  sewa_fingers_tap (j->f, finish);
  sewa_fingers_wait_screen (j->f, "home");
  return g_steal_pointer (&reference);
}

/* ---- generated documents (#17) ---------------------------------------------------------- */

void
sewa_journey_put_document_photo (SewaJourney *j, const char *code, SewaLang lang, guint person, const char *file_name)
{
  sewa_journey_put_numbered_document_photo (j, code, lang, person, NULL, file_name);
}

void
sewa_journey_put_numbered_document_photo (SewaJourney *j, const char *code, SewaLang lang, guint person,
                                          const char *number, const char *file_name)
{
  g_autofree char *dump = g_build_filename (j->home, "doc-dump", NULL);
  g_autofree char *page = g_build_filename (dump, "page.jpg", NULL);
  g_autofree char *base = g_strdup_printf ("%s-%d-7-photo.jpg", code, (int) lang);
  g_autofree char *photo = g_build_filename (dump, base, NULL);
  g_autofree char *target = g_build_filename (j->photos, file_name, NULL);
  g_autofree char *who = g_strdup_printf ("%u", person);
  g_autofree char *bytes = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { g_getenv ("SEWA_MAKE_DOC"), code, sewa_lang_code (lang), who, "7", page, "0", number, NULL };
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "SEWA_TEST_DUMP", dump, TRUE);
  int status = 0;
  gsize len = 0;

  g_assert_nonnull (argv[0]);
  g_assert_cmpint (g_mkdir_with_parents (dump, 0700), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* SEWA_TEST_DUMP keeps the photograph of the page on the stand: what the camera would take. */
  g_assert_true (g_file_get_contents (photo, &bytes, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (target, bytes, (gssize) len, &error));
  g_assert_no_error (error);
}

static gboolean
both_sides_kept (JsonObject *state, gpointer data)
{
  JsonObject *w = sewa_fingers_find (state, data);

  return w != NULL;
}

void
sewa_journey_capture_card (SewaJourney *j, const char *doc_id, const char *code)
{
  SewaService *service = sewa_catalog_lookup_service (journey_catalog (), j->service_id);
  GPtrArray *docs = sewa_service_get_documents (service);
  const SewaDocumentRequirement *req = NULL;
  g_autofree char *scan = NULL;
  g_autofree char *tile = NULL;
  g_autofree char *both = g_strconcat ("=", sewa_journey_tr (j->lang, "Both sides of the card are captured. Press Done."), NULL);
  g_autoptr (JsonObject) chooser = NULL;
  g_autoptr (JsonObject) done = NULL;

  for (guint i = 0; docs != NULL && i < docs->len; i++)
    if (g_strcmp0 (((const SewaDocumentRequirement *) g_ptr_array_index (docs, i))->id, doc_id) == 0)
      req = g_ptr_array_index (docs, i);
  g_assert_nonnull (req);
  scan = g_strconcat ("field=", sewa_text_get (&req->label, j->lang), NULL);
  sewa_fingers_tap (j->f, scan);
  if (req->any_of != NULL && g_strv_length (req->any_of) > 1)
    {
      tile = g_strconcat (".doctype-tile =", sewa_doc_type_name (code, j->lang), NULL);
      chooser = sewa_fingers_wait (j->f, capture_or_doctype, NULL, "the camera or the type chooser", 30);
      g_assert_cmpstr (sewa_fingers_screen (chooser), ==, "doctype");
      sewa_fingers_tap (j->f, tile);
      if (j->chosen_types == NULL)
        j->chosen_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (j->chosen_types, g_strdup (req->id), g_strdup (code));
    }
  sewa_fingers_wait_screen (j->f, "capture");
  for (guint side = 0; side < 2; side++)
    {
      g_autoptr (JsonObject) review = NULL;

      sewa_fingers_tap (j->f, "#take_button");
      review = sewa_fingers_wait_for (j->f, "#use_button", 60);
      sewa_journey_check (j, side == 0 ? "capture-card-front" : "capture-card-back");
      sewa_fingers_tap (j->f, "#use_button");
    }
  done = sewa_fingers_wait (j->f, both_sides_kept, both, "both sides of the card kept", 30);
  sewa_fingers_tap (j->f, "#done_button");
  sewa_fingers_wait_screen (j->f, "documents");
}

/* --- operator mode ------------------------------------------------------------------------- */

char *
sewa_journey_operator_pin_config (SewaJourney *j, const char *pin)
{
  g_autofree char *ctl = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "kioskctl", "kioskctl", NULL);
  g_autofree char *conf = g_build_filename (j->home, "pin.conf", NULL);
  g_autofree char *input = g_strdup_printf ("%s\n%s\n", pin, pin);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) set_pin = NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *hash = NULL;

  g_assert_true (g_file_set_contents (conf, "[kiosk]\ncentre=" JOURNEY_CENTRE "\n", -1, &error));
  set_pin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, ctl, "operator", "set-pin", conf, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (set_pin, input, NULL, NULL, NULL, &error));
  g_assert_true (g_subprocess_get_successful (set_pin));
  g_assert_true (g_key_file_load_from_file (kf, conf, G_KEY_FILE_NONE, &error));
  hash = g_key_file_get_string (kf, "operator", "pin-hash", &error);
  g_assert_no_error (error);
  return g_strdup_printf ("[operator]\npin-hash=%s\n", hash);
}

static gboolean
pin_pad_open (JsonObject *state, gpointer unused)
{
  return g_strcmp0 (sewa_fingers_screen (state), "operator-pin") == 0;
}

void
sewa_journey_tap_pin (SewaJourney *j, const char *digits)
{
  for (const char *d = digits; *d != '\0'; d++)
    {
      g_autofree char *key = g_strdup_printf (".pin-key =%c", *d);

      sewa_fingers_tap (j->f, key);
    }
  sewa_fingers_tap (j->f, ".pin-key .suggested-action");
}

/* The pad's message as a problem ("Checking the PIN…" before it is not one). */
static gboolean
pin_refused (JsonObject *state, gpointer unused)
{
  JsonObject *message = sewa_fingers_find (state, "#message .field-error");

  return pin_pad_open (state, NULL) && message != NULL &&
         *json_object_get_string_member_with_default (message, "text", "") != '\0';
}

void
sewa_journey_open_operator_mode (SewaJourney *j, const char *pin)
{
  g_autofree char *wrong = g_strdup (pin);
  g_autoptr (JsonObject) refused = NULL;

  sewa_fingers_wait_screen (j->f, "home");
  sewa_fingers_hold (j->f, "#emblem", pin_pad_open, NULL, 6000);
  sewa_fingers_wait_screen (j->f, "operator-pin");
  sewa_journey_check (j, "operator-pin");
  /* One wrong PIN first (the last digit changed; a single one costs no wait): the pad's
   * message shown. */
  wrong[strlen (wrong) - 1] = wrong[strlen (wrong) - 1] == '9' ? '0' : (char) (wrong[strlen (wrong) - 1] + 1);
  sewa_journey_tap_pin (j, wrong);
  refused = sewa_fingers_wait (j->f, pin_refused, NULL, "the wrong PIN refused", 60);
  sewa_journey_check (j, "operator-pin-wrong");
  sewa_journey_tap_pin (j, pin);
  sewa_fingers_wait_screen (j->f, "operator");
}

static gboolean
shows_some_text (JsonObject *state, gpointer selector)
{
  JsonObject *w = sewa_fingers_find (state, selector);

  return w != NULL && *json_object_get_string_member_with_default (w, "text", "") != '\0';
}

/* One tab of operator mode: its title (in the switcher, in j->lang) tapped, and checked once a
 * widget only that tab has (@shown) is drawn. */
static void
operator_tab (SewaJourney *j, const char *title, const char *shown, const char *label)
{
  g_autofree char *tab = g_strconcat ("=", sewa_journey_tr (j->lang, title), NULL);
  g_autoptr (JsonObject) state = NULL;

  sewa_fingers_tap (j->f, tab);
  state = sewa_fingers_wait_for (j->f, shown, 20);
  sewa_journey_check (j, label);
}

void
sewa_journey_operator_walk (SewaJourney *j)
{
  g_autofree char *lang_button = g_strconcat (".operator-lang =", sewa_lang_native_name (j->lang), NULL);
  g_autofree char *queue = g_strconcat ("=", sewa_journey_tr (j->lang, "Queue"), NULL);
  g_autofree char *exit = g_strconcat ("=", sewa_journey_tr (j->lang, "Exit"), NULL);
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) refused = NULL;

  sewa_fingers_tap (j->f, lang_button);
  state = sewa_fingers_wait_for (j->f, queue, 20);
  operator_tab (j, "Queue", "#count_queued", "operator-queue");
  /* The Counter tab with its keyboard up, as the operator types a reference; then its day
   * close (below, scrolled to), refused with no count typed: the tab's message shown. */
  operator_tab (j, "Counter", "#counter_reference", "operator-counter");
  sewa_fingers_tap (j->f, "#counter_reference");
  sewa_journey_check (j, "operator-counter-keyboard");
  hide_keyboard (j);
  sewa_fingers_scroll_to (j->f, "#counter_close_button");
  sewa_fingers_tap (j->f, "#counter_close_button");
  refused = sewa_fingers_wait (j->f, shows_some_text, (gpointer) "#counter_result",
                               "the day close's answer", 30);
  sewa_journey_check (j, "operator-day-close");
  operator_tab (j, "Printer", "#printer_state", "operator-printer");
  operator_tab (j, "Health", "#diagnostics", "operator-health");
  sewa_fingers_tap (j->f, exit);
  sewa_fingers_wait_screen (j->f, "home");
}

/* --- the status lookup --------------------------------------------------------------------- */

static gboolean
status_shown (JsonObject *state, gpointer reference)
{
  JsonObject *w = sewa_fingers_find (state, "#reference");

  return w != NULL && g_strcmp0 (json_object_get_string_member_with_default (w, "text", NULL),
                                 reference) == 0 &&
         g_strcmp0 (sewa_fingers_screen (state), "status") == 0;
}

void
sewa_journey_status_lookup (SewaJourney *j, const char *reference)
{
  g_autofree char *check = g_strconcat ("=", sewa_journey_tr (j->lang, "Check application status"), NULL);
  g_autofree char *instead = g_strconcat ("=", sewa_journey_tr (j->lang, "Type the reference number instead"), NULL);
  g_autoptr (JsonObject) shown = NULL;

  sewa_fingers_tap (j->f, check);
  sewa_fingers_wait_screen (j->f, "scan");
  sewa_journey_check (j, "status-scan");
  sewa_fingers_tap (j->f, instead);
  sewa_fingers_wait_screen (j->f, "status");
  sewa_fingers_tap (j->f, "#entry");
  sewa_fingers_type_osk (j->f, reference);
  sewa_journey_check (j, "status-keyboard");
  sewa_fingers_tap (j->f, "#check_button");
  shown = sewa_fingers_wait (j->f, status_shown, (gpointer) reference, "the application's status", 30);
  sewa_journey_check (j, "status");
}
