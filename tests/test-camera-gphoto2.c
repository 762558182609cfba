/* SewaCamera against libgphoto2's own "Directory Browse" camera over a temp folder of
 * generated photos: the real library, the real device thread, no hardware. */
#include "sewa-camera.h"
#include "sewa-test-photo.h"

#include <glib/gstdio.h>
#include <gphoto2/gphoto2.h>

#define N_PHOTOS 3

/* libgphoto2's port modules leak (see lsan.supp) and are unloaded before LeakSanitizer
 * reports; only the slow unwinder gets past their frames to the libgphoto2 function the
 * suppressions name. Harmless without ASan. */
const char *__asan_default_options (void);
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

typedef struct
{
  char *dir;
  char *port;
  GBytes *photos[N_PHOTOS]; /* in file-name order */
} Fixture;

typedef struct
{
  GAsyncResult *result;
  guint calls;
} Wait;

static GThread *main_thread;

static void
done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *w = user_data;

  /* Results come back on the thread that asked, through its main context. */
  g_assert_true (g_thread_self () == main_thread);
  if (w->result == NULL)
    w->result = g_object_ref (result);
  w->calls++;
}

static void
wait_for (Wait *w, guint calls)
{
  while (w->calls < calls)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_clear (Wait *w)
{
  g_clear_object (&w->result);
  w->calls = 0;
}

static void
write_photos (Fixture *f)
{
  for (int i = 0; i < N_PHOTOS; i++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%04d.JPG", i + 1);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      gsize len;
      const char *data = g_bytes_get_data (f->photos[i], &len);

      g_assert_true (g_file_set_contents (path, data, len, NULL));
    }
}

static void
remove_folder (Fixture *f)
{
  for (int i = 0; i < N_PHOTOS; i++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%04d.JPG", i + 1);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("sewa-camera-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->port = g_strconcat ("disk:", f->dir, NULL);
  for (int i = 0; i < N_PHOTOS; i++)
    {
      SewaTestPhotoSpec spec;
      sewa_test_photo_spec_init (&spec, 240, 320);
      spec.seed = 10 + i;
      spec.quality = 70;
      f->photos[i] = sewa_test_photo_render (&spec);
    }
  write_photos (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (g_file_test (f->dir, G_FILE_TEST_IS_DIR))
    remove_folder (f);
  for (int i = 0; i < N_PHOTOS; i++)
    g_bytes_unref (f->photos[i]);
  g_free (f->port);
  g_free (f->dir);
}

static void
open_ok (SewaCamera *cam)
{
  Wait w = { 0 };
  g_autoptr (GError) error = NULL;

  sewa_camera_open_async (cam, NULL, done_cb, &w);
  wait_for (&w, 1);
  g_assert_true (sewa_camera_open_finish (cam, w.result, &error));
  g_assert_no_error (error);
  wait_clear (&w);
}

static GBytes *
capture (SewaCamera *cam, char **mime, GError **error)
{
  Wait w = { 0 };
  GBytes *bytes;

  sewa_camera_capture_async (cam, NULL, done_cb, &w);
  wait_for (&w, 1);
  bytes = sewa_camera_capture_finish (cam, w.result, mime, error);
  wait_clear (&w);
  return bytes;
}

static GBytes *
preview (SewaCamera *cam, GError **error)
{
  Wait w = { 0 };
  GBytes *bytes;

  sewa_camera_preview_async (cam, NULL, done_cb, &w);
  wait_for (&w, 1);
  bytes = sewa_camera_preview_finish (cam, w.result, NULL, error);
  wait_clear (&w);
  return bytes;
}

static void
test_detect_and_capture (Fixture *f, gconstpointer data)
{
  SewaCamera *cam = sewa_camera_new ("Directory Browse", f->port);

  open_ok (cam);
  g_assert_cmpstr (sewa_camera_get_model (cam), ==, "Directory Browse");
  g_assert_cmpstr (sewa_camera_get_port (cam), ==, f->port);
  /* The folder driver cannot capture or preview; the abilities say so. */
  g_assert_false (sewa_camera_can_capture (cam));
  g_assert_false (sewa_camera_can_preview (cam));

  /* "Capture" fetches the photos in name order and wraps around. */
  for (int i = 0; i < N_PHOTOS + 1; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *mime = NULL;
      g_autoptr (GBytes) got = capture (cam, &mime, &error);
      g_autoptr (GBytes) frame = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (mime, ==, "image/jpeg");
      g_assert_true (g_bytes_equal (got, f->photos[i % N_PHOTOS]));
      /* The preview frame is the last photo. */
      frame = preview (cam, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (frame, got));
    }
  sewa_camera_close (cam);
  /* Closed cameras reopen on the next request. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) again = capture (cam, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (again, f->photos[0]));
  }
  g_assert_finalize_object (cam);
}

static void
test_settings_not_supported (Fixture *f, gconstpointer data)
{
  SewaCamera *cam = sewa_camera_new ("Directory Browse", f->port);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) settings = NULL;
  Wait w = { 0 };

  sewa_camera_list_settings_async (cam, NULL, done_cb, &w);
  wait_for (&w, 1);
  settings = sewa_camera_list_settings_finish (cam, w.result, &error);
  wait_clear (&w);
  g_assert_error (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NOT_SUPPORTED);
  g_assert_null (settings);
  g_clear_error (&error);

  sewa_camera_set_setting_async (cam, "iso", "100", NULL, done_cb, &w);
  wait_for (&w, 1);
  g_assert_false (sewa_camera_set_setting_finish (cam, w.result, &error));
  wait_clear (&w);
  g_assert_error (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NOT_SUPPORTED);
  g_assert_finalize_object (cam);
}

static void
test_unplug (Fixture *f, gconstpointer data)
{
  SewaCamera *cam = sewa_camera_new ("Directory Browse", f->port);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) got = NULL;

  open_ok (cam);
  got = capture (cam, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, g_bytes_unref);

  remove_folder (f);
  got = capture (cam, NULL, &error);
  g_assert_error (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_UNPLUGGED);
  g_assert_null (got);
  g_clear_error (&error);

  /* Still gone: the next request tries to reopen and finds nothing. */
  got = preview (cam, &error);
  g_assert_error (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NO_CAMERA);
  g_assert_null (got);
  g_clear_error (&error);

  /* Plugged back in: works again without a new object. */
  g_assert_cmpint (g_mkdir (f->dir, 0700), ==, 0);
  write_photos (f);
  got = capture (cam, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, f->photos[0]));
  g_assert_finalize_object (cam);
}

static void
test_no_camera (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) detect_error = NULL;
  g_autoptr (GPtrArray) found = sewa_camera_detect (&detect_error);
  const char *cases[][2] = {
    { "Directory Browse", "disk:/nonexistent/sewa-camera-test" },
    { "No Such Camera 9000", NULL },
    { "Canon EOS 5D Mark III", "usb:999,999" },
    { NULL, NULL },
  };

  g_assert_no_error (detect_error);
  g_assert_nonnull (found);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *port = cases[i][1];
      g_autofree char *p = NULL;
      SewaCamera *cam;
      Wait w = { 0 };
      g_autoptr (GError) error = NULL;

      if (cases[i][0] != NULL && port == NULL)
        port = p = g_strdup (f->port);
      /* Autodetection is only "no camera" on a machine with none attached. */
      if (cases[i][0] == NULL && found->len > 0)
        continue;
      cam = sewa_camera_new (cases[i][0], port);
      sewa_camera_open_async (cam, NULL, done_cb, &w);
      wait_for (&w, 1);
      g_assert_false (sewa_camera_open_finish (cam, w.result, &error));
      g_test_message ("%s / %s: %s", cases[i][0], port, error->message);
      g_assert_error (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NO_CAMERA);
      wait_clear (&w);
      g_assert_finalize_object (cam);
    }
}

/* Previews overtaken by a newer one, and everything before cancel_pending(), are dropped by
 * job id; a GCancellable cancels a single request. The camera is not open yet, so the
 * device thread is busy loading drivers while all of these are queued. */
static void
test_stale_results_dropped (Fixture *f, gconstpointer data)
{
  SewaCamera *cam = sewa_camera_new ("Directory Browse", f->port);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Wait p1 = { 0 }, p2 = { 0 }, p3 = { 0 }, c1 = { 0 }, c2 = { 0 }, c3 = { 0 };
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;
  g_autoptr (GBytes) b3 = NULL;

  sewa_camera_preview_async (cam, NULL, done_cb, &p1);
  sewa_camera_preview_async (cam, NULL, done_cb, &p2);
  sewa_camera_preview_async (cam, NULL, done_cb, &p3);
  wait_for (&p1, 1);
  wait_for (&p2, 1);
  wait_for (&p3, 1);
  g_assert_null (sewa_camera_preview_finish (cam, p1.result, NULL, &e1));
  g_assert_error (e1, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_CANCELLED);
  g_assert_null (sewa_camera_preview_finish (cam, p2.result, NULL, &e2));
  g_assert_error (e2, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_CANCELLED);
  b3 = sewa_camera_preview_finish (cam, p3.result, NULL, &e3);
  g_assert_no_error (e3);
  g_assert_nonnull (b3);
  g_clear_error (&e1), g_clear_error (&e2);
  wait_clear (&p1), wait_clear (&p2), wait_clear (&p3);

  sewa_camera_close (cam);
  sewa_camera_capture_async (cam, NULL, done_cb, &c1);
  sewa_camera_capture_async (cam, cancellable, done_cb, &c2);
  sewa_camera_cancel_pending (cam);
  sewa_camera_capture_async (cam, NULL, done_cb, &c3);
  g_cancellable_cancel (cancellable);
  wait_for (&c1, 1);
  wait_for (&c2, 1);
  wait_for (&c3, 1);
  g_assert_null (sewa_camera_capture_finish (cam, c1.result, NULL, &e1));
  g_assert_error (e1, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_CANCELLED);
  g_assert_null (sewa_camera_capture_finish (cam, c2.result, NULL, &e2));
  g_assert_error (e2, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_CANCELLED);
  g_clear_pointer (&b3, g_bytes_unref);
  b3 = sewa_camera_capture_finish (cam, c3.result, NULL, &e3);
  g_assert_no_error (e3);
  g_assert_true (g_bytes_equal (b3, f->photos[0]));
  wait_clear (&c1), wait_clear (&c2), wait_clear (&c3);
  g_assert_finalize_object (cam);
}

/* The UI never blocks: every call returns at once, even while the device thread works. */
static void
test_calls_do_not_block (Fixture *f, gconstpointer data)
{
  SewaCamera *cam = sewa_camera_new ("Directory Browse", f->port);
  Wait w = { 0 };
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; i < 20; i++)
    sewa_camera_capture_async (cam, NULL, done_cb, &w);
  sewa_camera_close (cam);
  /* 20 queued captures plus an open take far longer than queueing them. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);
  g_assert_cmpuint (w.calls, ==, 0);
  wait_for (&w, 20);
  wait_clear (&w);
  g_assert_finalize_object (cam);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  g_test_add ("/camera/gphoto2/detect-and-capture", Fixture, NULL, fixture_setup,
              test_detect_and_capture, fixture_teardown);
  g_test_add ("/camera/gphoto2/settings-not-supported", Fixture, NULL, fixture_setup,
              test_settings_not_supported, fixture_teardown);
  g_test_add ("/camera/gphoto2/unplug", Fixture, NULL, fixture_setup, test_unplug,
              fixture_teardown);
  g_test_add ("/camera/gphoto2/no-camera", Fixture, NULL, fixture_setup, test_no_camera,
              fixture_teardown);
  g_test_add ("/camera/gphoto2/stale-results-dropped", Fixture, NULL, fixture_setup,
              test_stale_results_dropped, fixture_teardown);
  g_test_add ("/camera/gphoto2/calls-do-not-block", Fixture, NULL, fixture_setup,
              test_calls_do_not_block, fixture_teardown);
  return g_test_run ();
}
