/* The capture screen through the real screen (sewa-fingers.h) with libgphoto2's Directory
 * Browse camera over a folder holding a card photographed at the stand's scale: the frame
 * guide outlines an ID-1 card for a card-only document type, a document of another size is
 * refused, and a card is asked for on both sides ("Now turn the card over") before Done takes
 * the two pages as one document. Built once per language (SEWA_CAPTURE_LANG) so pa, hi and
 * en run in parallel; layout invariants and a screenshot on every step. */
#include "sewa-journey.h"
#include "sewa-catalog.h"
#include "sewa-doc-type.h"
#include "sewa-page.h"
#include "sewa-test-photo.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* The stand of a 12 MP camera framing an A4 page; the test's photos are a 1600 x 1200 crop of
 * such a camera's view (so they are quick to process under ASan) at the same scale. */
#define STAND_PX_PER_MM 8.29
#define PHOTO_W 1600
#define PHOTO_H 1200

static SewaLang lang;

typedef struct
{
  SewaFingers *f;
  char *camera;   /* the Directory Browse folder */
  char *label;    /* screenshots and layout checks are named <step>-<lang> */
} Capture;

/* What the Directory Browse camera photographs next: IMG_0001.JPG in its folder. */
static void
put_on_stand (Capture *c, SewaTestDocKind kind, double w_mm, double h_mm, guint32 seed)
{
  SewaTestPhotoSpec spec;
  g_autoptr (GBytes) jpeg = NULL;
  g_autofree char *path = g_build_filename (c->camera, "IMG_0001.JPG", NULL);
  g_autoptr (GError) error = NULL;

  sewa_test_photo_spec_init (&spec, PHOTO_W, PHOTO_H);
  spec.kind = kind;
  spec.paper = 0.86;
  spec.noise = 3.0;
  spec.light_min = 0.8;
  spec.seed = seed;
  sewa_test_photo_spec_place (&spec, STAND_PX_PER_MM, w_mm, h_mm, 2);
  jpeg = sewa_test_photo_render (&spec);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), (gssize) g_bytes_get_size (jpeg), &error));
  g_assert_no_error (error);
}

/* Layout invariants and a screenshot of the screen as it is; returns the screenshot. */
static char *
shoot (Capture *c, const char *step)
{
  g_autofree char *label = g_strdup_printf ("%s-%s", step, sewa_lang_code (lang));
  char *shot;

  sewa_fingers_check_layout (c->f, label);
  shot = sewa_fingers_screenshot (c->f, label);
  g_assert_nonnull (shot);
  return shot;
}

static void
check (Capture *c, const char *step)
{
  g_free (shoot (c, step));
}

typedef struct
{
  const char *selector;
  const char *text;
} Shown;

static gboolean
text_shown (JsonObject *state, gpointer data)
{
  Shown *s = data;
  JsonObject *w = sewa_fingers_find (state, s->selector);

  return w != NULL && g_strcmp0 (json_object_get_string_member_with_default (w, "text", ""), s->text) == 0;
}

/* Waits until the capture screen's message reads @msgid in the test's language. */
static JsonObject *
wait_message (Capture *c, const char *msgid, guint timeout_s)
{
  Shown s = { "#message", sewa_journey_tr (lang, msgid) };

  return sewa_fingers_wait (c->f, text_shown, &s, msgid, timeout_s);
}

static gboolean
done_sensitive (JsonObject *state, JsonObject *done)
{
  return json_object_get_boolean_member_with_default (done, "sensitive", FALSE);
}

/* The frame guide's strokes in a screenshot: the bounding box of its amber (1, 0.8, 0.1)
 * pixels inside the guide's rectangle. */
static void
guide_outline (const char *png, JsonObject *guide, double *w, double *h)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  int gx = (int) json_object_get_int_member (guide, "x"), gy = (int) json_object_get_int_member (guide, "y");
  int gw = (int) json_object_get_int_member (guide, "w"), gh = (int) json_object_get_int_member (guide, "h");
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;
  const guint8 *data;
  int stride;

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  data = cairo_image_surface_get_data (s);
  stride = cairo_image_surface_get_stride (s);
  for (int y = MAX (gy, 0); y < MIN (gy + gh, cairo_image_surface_get_height (s)); y++)
    for (int x = MAX (gx, 0); x < MIN (gx + gw, cairo_image_surface_get_width (s)); x++)
      {
        guint32 p = *(const guint32 *) (data + (gsize) y * stride + (gsize) x * 4);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (r > 200 && g > 150 && g < 230 && b < 90)
          {
            x0 = MIN (x0, x), x1 = MAX (x1, x);
            y0 = MIN (y0, y), y1 = MAX (y1, y);
          }
      }
  cairo_surface_destroy (s);
  g_assert_cmpint (x1, >, x0);
  *w = x1 - x0;
  *h = y1 - y0;
}

/* The kiosk on the birth certificate's documents step. @home: NULL for a kiosk of its own, or
 * a folder whose state (store) and key survive the kiosk, for a second kiosk run on them. */
static void
launch (Capture *c, const char *name, const char *home)
{
  g_autofree char *config = NULL, *run = g_strdup_printf ("%s-%s", name, sewa_lang_code (lang));
  g_autofree char *screen = g_strdup ("documents:birth-certificate");
  g_autofree char *state = home != NULL ? g_build_filename (home, "state", NULL) : g_strdup ("@HOME@/state");
  g_autofree char *data = home != NULL ? g_build_filename (home, "data", NULL) : NULL;
  const char *args[] = { "--screen", screen, "--lang", sewa_lang_code (lang), NULL };
  SewaFingersOptions options = { 0 };

  config = g_strdup_printf ("[kiosk]\nstate-dir=%s\n"
                            "[camera]\nmodel=Directory Browse\nport=disk:%s\nstand-scale=%g\n",
                            state, c->camera, STAND_PX_PER_MM);
  options.config = config;
  options.name = run;
  options.kiosk_args = args;
  options.data_home = data;
  c->f = sewa_fingers_start (&options);
}

static Capture *
start_capture_in (const char *name, const char *home)
{
  Capture *c = g_new0 (Capture, 1);
  g_autoptr (GError) error = NULL;

  c->camera = g_dir_make_tmp ("sewa-capture-camera-XXXXXX", &error);
  g_assert_no_error (error);
  put_on_stand (c, SEWA_TEST_DOC_CARD, 85.6, 54, 7);
  launch (c, name, home);
  return c;
}

static Capture *
start_capture (const char *name)
{
  return start_capture_in (name, NULL);
}

static void
stop_capture (Capture *c)
{
  g_autofree char *photo = g_build_filename (c->camera, "IMG_0001.JPG", NULL);

  sewa_fingers_stop (c->f);
  g_unlink (photo);
  g_rmdir (c->camera);
  g_free (c->camera);
  g_free (c);
}

/* The identity proof of the birth certificate, as a voter card (a card-only type): its Scan
 * button is next to the requirement's label, catalog text in the screen's language. */
static void
open_voter_card (Capture *c)
{
  g_autofree char *path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog", "catalog.json", NULL);
  g_autoptr (SewaCatalog) catalog = sewa_catalog_new_from_file (path, NULL);
  GPtrArray *docs = sewa_service_get_documents (sewa_catalog_lookup_service (catalog, "birth-certificate"));
  const SewaDocumentRequirement *req = g_ptr_array_index (docs, 0);
  g_autofree char *scan = g_strconcat ("field=", sewa_text_get (&req->label, lang), NULL);
  g_autofree char *tile = g_strconcat ("=", sewa_doc_type_name ("VOTID", lang), NULL);

  g_assert_cmpstr (req->id, ==, "id_proof");
  g_assert_cmpuint (sewa_document_requirement_get_sizes (req, "VOTID"), ==, SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_ID1));
  sewa_fingers_wait_screen (c->f, "documents");
  sewa_fingers_tap (c->f, scan);
  sewa_fingers_wait_screen (c->f, "doctype");
  check (c, "doctype");
  sewa_fingers_tap (c->f, tile);
  sewa_fingers_wait_screen (c->f, "capture");
}

/* The guide outlines only a card (ID-1), not an A4 page. */
static void
check_card_guide (Capture *c)
{
  g_autoptr (JsonObject) state = wait_message (c, "Place the card inside the frame and press Take photo.", 20);

  g_assert_nonnull (sewa_fingers_find (state, "#guide .guide-id1"));
  g_assert_null (sewa_fingers_find (state, "#guide .guide-a4"));
  check (c, "capture-card");
}

/* Once the kiosk has taken a photo it knows the camera's full size, and the outline is the
 * card where the stand's scale ([camera] stand-scale) puts it: 85.6 x 54 mm at 8.29 px/mm of
 * the 1600 x 1200 photo, as the preview shows it (scaled to fit the guide, centred). */
static void
check_card_outline (Capture *c, JsonObject *state, const char *png)
{
  JsonObject *guide = sewa_fingers_find (state, "#guide");
  double gw, gh, scale, w, h;

  g_assert_nonnull (guide);
  gw = (double) json_object_get_int_member (guide, "w");
  gh = (double) json_object_get_int_member (guide, "h");
  scale = MIN (gw / PHOTO_W, gh / PHOTO_H);
  guide_outline (png, guide, &w, &h);
  g_test_message ("card outline %.0f x %.0f px, expected %.0f x %.0f (+ the 5 px line)", w, h,
                  85.6 * STAND_PX_PER_MM * scale, 54 * STAND_PX_PER_MM * scale);
  g_assert_cmpfloat (fabs (w - 5 - 85.6 * STAND_PX_PER_MM * scale), <, 6);
  g_assert_cmpfloat (fabs (h - 5 - 54 * STAND_PX_PER_MM * scale), <, 6);
}

static void
take_and_use (Capture *c, const char *step)
{
  sewa_fingers_tap (c->f, "#take_button");
  g_autoptr (JsonObject) review = sewa_fingers_wait_for (c->f, "#use_button", 60);
  check (c, step);
  sewa_fingers_tap (c->f, "#use_button");
}

static void
test_card_both_sides (void)
{
  Capture *c = start_capture ("capture-card");
  g_autoptr (JsonObject) state = NULL;
  JsonObject *done;

  open_voter_card (c);
  check_card_guide (c);

  /* The front. Then the back is asked for, and Done waits for it. */
  take_and_use (c, "capture-card-front");
  state = wait_message (c, "Now turn the card over: put its back inside the frame and press Take photo.", 20);
  done = sewa_fingers_find (state, "#done_button");
  g_assert_nonnull (done);
  g_assert_false (done_sensitive (state, done));
  {
    g_autofree char *png = shoot (c, "capture-card-turn-over");

    check_card_outline (c, state, png);
  }

  /* The back: both sides kept, Done takes them as two pages of one document. */
  put_on_stand (c, SEWA_TEST_DOC_CARD, 85.6, 54, 8);
  take_and_use (c, "capture-card-back");
  g_clear_pointer (&state, json_object_unref);
  state = wait_message (c, "Both sides of the card are captured. Press Done.", 20);
  done = sewa_fingers_find (state, "#done_button");
  g_assert_true (done_sensitive (state, done));
  /* Two pages in the strip: front and back. */
  g_assert_nonnull (strstr (json_object_get_string_member_with_default (
                                sewa_fingers_find (state, "#pages_label"), "text", ""), "2"));
  check (c, "capture-card-both");
  sewa_fingers_tap (c->f, "#done_button");
  sewa_fingers_wait_screen (c->f, "documents");
  check (c, "documents-card");
  stop_capture (c);
}

/* A card-only type refuses a document of another size (a passport photograph), with the
 * instruction for the wrong size: the pipeline was given the type's sizes. */
static void
test_wrong_size (void)
{
  Capture *c = start_capture ("capture-wrong-size");
  g_autoptr (JsonObject) state = NULL;

  put_on_stand (c, SEWA_TEST_DOC_PHOTO, 35, 45, 9);
  open_voter_card (c);
  sewa_fingers_tap (c->f, "#take_button");
  state = wait_message (c, sewa_page_verdict_instruction (SEWA_PAGE_WRONG_SIZE), 60);
  g_assert_null (sewa_fingers_find (state, "#use_button"));
  check (c, "capture-wrong-size");
  stop_capture (c);
}

/* The camera's full photo size outlives the kiosk (the store's settings): after a restart the
 * guide is the card at the stand's scale before the first photo. It used to be drawn for a
 * default 12 MP field of view until this run had taken one, a third of the card's size here. */
static void
test_guide_after_restart (void)
{
  g_autofree char *home = g_dir_make_tmp ("sewa-capture-home-XXXXXX", NULL);
  Capture *c = start_capture_in ("capture-restart", home);
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *png = NULL;

  g_assert_nonnull (home);
  open_voter_card (c);
  check_card_guide (c);
  take_and_use (c, "capture-restart-front");
  g_clear_pointer (&state, json_object_unref);
  state = wait_message (c, "Now turn the card over: put its back inside the frame and press Take photo.", 20);
  sewa_fingers_stop (c->f);

  launch (c, "capture-restart-again", home);
  open_voter_card (c);
  g_clear_pointer (&state, json_object_unref);
  state = wait_message (c, "Place the card inside the frame and press Take photo.", 20);
  png = shoot (c, "capture-restart-guide");
  check_card_outline (c, state, png);
  stop_capture (c);
  {
    const char *rm[] = { "rm", "-rf", home, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                                 NULL, NULL, NULL));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_assert_true (sewa_lang_from_code (SEWA_CAPTURE_LANG, &lang));
  g_test_add_func ("/ui/capture/card-both-sides", test_card_both_sides);
  g_test_add_func ("/ui/capture/wrong-size", test_wrong_size);
  g_test_add_func ("/ui/capture/guide-after-restart", test_guide_after_restart);
  return g_test_run ();
}
