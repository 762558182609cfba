/* sewa-camera.c — libgphoto2 behind a device thread.
 *
 * libgphoto2 blocks (USB transfers of several megabytes, autofocus before a capture), so the
 * GObject only enqueues requests and the device thread owns every libgphoto2 object. The
 * thread and the queue live in a reference-counted Device so that the thread never keeps the
 * GObject alive; pending GTasks do, which is what keeps the camera open while work is queued.
 */
#define G_LOG_DOMAIN "sewa-camera"

#include "sewa-camera.h"

#include <gphoto2/gphoto2.h>
#include <string.h>

G_DEFINE_QUARK (sewa-camera-error-quark, sewa_camera_error)

typedef enum
{
  REQ_OPEN,
  REQ_CAPTURE,
  REQ_PREVIEW,
  REQ_LIST_SETTINGS,
  REQ_SET_SETTING,
  REQ_CLOSE,
  REQ_QUIT,
} RequestType;

typedef struct
{
  RequestType type;
  gint job;
  GTask *task; /* NULL for CLOSE and QUIT */
  char *name;
  char *value;
} Request;

typedef struct
{
  char *mime_type;
  GBytes *bytes;
} Image;

/* Shared between the GObject (any thread that calls the API) and the device thread. */
typedef struct
{
  GAsyncQueue *queue;
  gint next_job;
  gint cancel_watermark;   /* jobs <= this are stale */
  gint latest_preview_job; /* preview jobs older than this are stale */
  gint can_capture;
  gint can_preview;
  GMutex lock;             /* guards model and port, which autodetection fills in */
  char *model;
  char *port;

  /* Device-thread only from here on. */
  GPContext *context;
  Camera *camera;
  GCancellable *current_cancellable;
  GPtrArray *files;        /* "folder/name" of every file on the camera, sorted */
  guint next_file;
  GBytes *last_photo;
  char *last_mime;
} Device;

struct _SewaCamera
{
  GObject parent_instance;

  Device *device;
  GThread *thread;
};

G_DEFINE_TYPE (SewaCamera, sewa_camera, G_TYPE_OBJECT)

static void
request_free (Request *r)
{
  g_clear_object (&r->task);
  g_free (r->name);
  g_free (r->value);
  g_free (r);
}

static void
image_free (Image *img)
{
  g_free (img->mime_type);
  g_clear_pointer (&img->bytes, g_bytes_unref);
  g_free (img);
}

void
sewa_camera_info_free (SewaCameraInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->model);
  g_free (info->port);
  g_free (info);
}

void
sewa_camera_setting_free (SewaCameraSetting *setting)
{
  if (setting == NULL)
    return;
  g_free (setting->name);
  g_free (setting->label);
  g_free (setting->value);
  g_strfreev (setting->choices);
  g_free (setting);
}

static void
device_clear (Device *d)
{
  g_async_queue_unref (d->queue);
  g_mutex_clear (&d->lock);
  g_free (d->model);
  g_free (d->port);
  g_assert (d->camera == NULL);
  g_clear_pointer (&d->context, gp_context_unref);
  g_clear_pointer (&d->files, g_ptr_array_unref);
  g_clear_pointer (&d->last_photo, g_bytes_unref);
  g_free (d->last_mime);
}

static void
device_unref (Device *d)
{
  g_atomic_rc_box_release_full (d, (GDestroyNotify) device_clear);
}

/* ---- error mapping --------------------------------------------------------------------- */

static gboolean
gp_is_io_error (int ret)
{
  /* The port library's I/O range, plus the codes camlibs return when the device vanished. */
  return ret == GP_ERROR_IO || (ret <= GP_ERROR_IO_INIT && ret >= GP_ERROR_HAL) ||
         ret == GP_ERROR_TIMEOUT || ret == GP_ERROR_MODEL_NOT_FOUND ||
         ret == GP_ERROR_CAMERA_ERROR || ret == GP_ERROR_UNKNOWN_PORT;
}

static GError *
gp_to_error (int ret, gboolean opened, const char *what)
{
  SewaCameraError code;

  if (ret == GP_ERROR_NOT_SUPPORTED)
    code = SEWA_CAMERA_ERROR_NOT_SUPPORTED;
  else if (ret == GP_ERROR_CAMERA_BUSY || ret == GP_ERROR_IO_LOCK ||
           ret == GP_ERROR_IO_USB_CLAIM)
    code = SEWA_CAMERA_ERROR_BUSY;
  else if (ret == GP_ERROR_CANCEL)
    code = SEWA_CAMERA_ERROR_CANCELLED;
  else if (!opened)
    /* Before the camera is open, any other failure (no device on that port, the port
     * library refusing the path, a driver that does not answer) means no usable camera. */
    code = SEWA_CAMERA_ERROR_NO_CAMERA;
  else if (gp_is_io_error (ret))
    code = SEWA_CAMERA_ERROR_UNPLUGGED;
  else
    code = SEWA_CAMERA_ERROR_IO;
  return g_error_new (SEWA_CAMERA_ERROR, code, "%s: %s (%d)", what, gp_result_as_string (ret),
                      ret);
}

/* For a folder "camera" the port is the folder itself: if it is gone, the camera was
 * unplugged, whatever the driver says (Directory Browse reports a missing folder as empty). */
static gboolean
disk_port_gone (Device *d)
{
  g_autofree char *port = NULL;

  g_mutex_lock (&d->lock);
  port = g_strdup (d->port);
  g_mutex_unlock (&d->lock);
  if (port == NULL || !g_str_has_prefix (port, "disk:"))
    return FALSE;
  return !g_file_test (port + strlen ("disk:"), G_FILE_TEST_IS_DIR);
}

/* ---- device thread --------------------------------------------------------------------- */

static GPContextFeedback
context_cancel_cb (GPContext *context, void *data)
{
  Device *d = data;

  if (d->current_cancellable != NULL && g_cancellable_is_cancelled (d->current_cancellable))
    return GP_CONTEXT_FEEDBACK_CANCEL;
  return GP_CONTEXT_FEEDBACK_OK;
}

static void
context_error_cb (GPContext *context, const char *text, void *data)
{
  g_debug ("libgphoto2: %s", text);
}

static void
device_close_camera (Device *d)
{
  if (d->camera == NULL)
    return;
  gp_camera_exit (d->camera, d->context);
  gp_camera_unref (d->camera);
  d->camera = NULL;
  g_atomic_int_set (&d->can_capture, 0);
  g_atomic_int_set (&d->can_preview, 0);
  g_clear_pointer (&d->files, g_ptr_array_unref);
  d->next_file = 0;
}

static GPtrArray *
detect_with_context (GPContext *context, GError **error)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_camera_info_free);
  CameraList *list = NULL;
  int ret, n;

  gp_list_new (&list);
  ret = gp_camera_autodetect (list, context);
  if (ret < GP_OK)
    {
      gp_list_free (list);
      g_ptr_array_unref (found);
      g_propagate_error (error, gp_to_error (ret, FALSE, "autodetect"));
      return NULL;
    }
  n = gp_list_count (list);
  for (int i = 0; i < n; i++)
    {
      const char *name = NULL, *value = NULL;
      SewaCameraInfo *info;

      gp_list_get_name (list, i, &name);
      gp_list_get_value (list, i, &value);
      info = g_new0 (SewaCameraInfo, 1);
      info->model = g_strdup (name);
      info->port = g_strdup (value);
      g_ptr_array_add (found, info);
    }
  gp_list_free (list);
  return found;
}

static gboolean
device_open (Device *d, GError **error)
{
  g_autofree char *model = NULL;
  g_autofree char *port = NULL;
  CameraAbilitiesList *al = NULL;
  GPPortInfoList *pil = NULL;
  CameraAbilities abilities;
  GPPortInfo pi;
  Camera *camera = NULL;
  int ret, idx;

  if (d->camera != NULL)
    return TRUE;

  g_mutex_lock (&d->lock);
  model = g_strdup (d->model);
  port = g_strdup (d->port);
  g_mutex_unlock (&d->lock);

  if (model == NULL || port == NULL)
    {
      g_autoptr (GPtrArray) found = detect_with_context (d->context, error);
      SewaCameraInfo *first = NULL;

      if (found == NULL)
        return FALSE;
      for (guint i = 0; i < found->len && first == NULL; i++)
        {
          SewaCameraInfo *info = g_ptr_array_index (found, i);
          if ((model == NULL || g_str_equal (model, info->model)) &&
              (port == NULL || g_str_equal (port, info->port)))
            first = info;
        }
      if (first == NULL)
        {
          g_set_error_literal (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NO_CAMERA,
                               "No camera detected");
          return FALSE;
        }
      g_free (model);
      g_free (port);
      model = g_strdup (first->model);
      port = g_strdup (first->port);
      g_mutex_lock (&d->lock);
      g_free (d->model);
      g_free (d->port);
      d->model = g_strdup (model);
      d->port = g_strdup (port);
      g_mutex_unlock (&d->lock);
    }

  if (g_str_has_prefix (port, "disk:") && disk_port_gone (d))
    {
      g_set_error (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NO_CAMERA,
                   "Folder camera %s does not exist", port);
      return FALSE;
    }

  gp_abilities_list_new (&al);
  gp_abilities_list_load (al, d->context);
  idx = gp_abilities_list_lookup_model (al, model);
  if (idx < GP_OK)
    {
      gp_abilities_list_free (al);
      g_set_error (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NO_CAMERA,
                   "Unknown camera model '%s'", model);
      return FALSE;
    }
  gp_abilities_list_get_abilities (al, idx, &abilities);
  gp_abilities_list_free (al);

  gp_port_info_list_new (&pil);
  gp_port_info_list_load (pil);
  idx = gp_port_info_list_lookup_path (pil, port);
  if (idx < GP_OK)
    {
      gp_port_info_list_free (pil);
      g_set_error (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NO_CAMERA,
                   "No such camera port '%s'", port);
      return FALSE;
    }
  gp_port_info_list_get_info (pil, idx, &pi);

  gp_camera_new (&camera);
  gp_camera_set_abilities (camera, abilities);
  ret = gp_camera_set_port_info (camera, pi);
  gp_port_info_list_free (pil);
  if (ret >= GP_OK)
    ret = gp_camera_init (camera, d->context);
  if (ret < GP_OK)
    {
      /* After a failed gp_camera_init libgphoto2 2.5 still counts the camera as in use, so
       * gp_camera_unref would never free it; nothing else can hold it yet. */
      gp_camera_free (camera);
      g_propagate_error (error, gp_to_error (ret, FALSE, "open"));
      return FALSE;
    }

  d->camera = camera;
  g_atomic_int_set (&d->can_capture, (abilities.operations & GP_OPERATION_CAPTURE_IMAGE) != 0);
  g_atomic_int_set (&d->can_preview,
                    (abilities.operations & GP_OPERATION_CAPTURE_PREVIEW) != 0);
  g_debug ("opened %s on %s (capture %d, preview %d)", model, port,
           g_atomic_int_get (&d->can_capture), g_atomic_int_get (&d->can_preview));
  return TRUE;
}

/* An error after opening: if the device is gone, drop it so the next request reopens. */
static GError *
device_fail (Device *d, int ret, const char *what)
{
  GError *error;

  if (disk_port_gone (d))
    error = g_error_new (SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_UNPLUGGED, "%s: camera gone",
                         what);
  else
    error = gp_to_error (ret, TRUE, what);
  if (error->code == SEWA_CAMERA_ERROR_UNPLUGGED)
    device_close_camera (d);
  return error;
}

/* Some camlibs (Directory Browse for upper-case names) report "unknown/unknown"; the bytes
 * themselves say what they are. */
static char *
mime_for (const char *reported, const char *name, const char *data, gsize size)
{
  g_autofree char *guess = NULL;

  if (reported != NULL && !g_str_equal (reported, GP_MIME_UNKNOWN) &&
      !g_str_equal (reported, "unknown/unknown"))
    return g_strdup (reported);
  guess = g_content_type_guess (name, (const guchar *) data, size, NULL);
  return g_content_type_get_mime_type (guess);
}

static Image *
download (Device *d, const char *folder, const char *name, CameraFileType type,
          GError **error)
{
  CameraFile *file = NULL;
  const char *data = NULL;
  const char *mime = NULL;
  unsigned long size = 0;
  Image *img;
  int ret;

  gp_file_new (&file);
  ret = gp_camera_file_get (d->camera, folder, name, type, file, d->context);
  if (ret >= GP_OK)
    ret = gp_file_get_data_and_size (file, &data, &size);
  if (ret < GP_OK)
    {
      gp_file_unref (file);
      g_propagate_error (error, device_fail (d, ret, "download"));
      return NULL;
    }
  gp_file_get_mime_type (file, &mime);
  img = g_new0 (Image, 1);
  img->bytes = g_bytes_new (data, size);
  img->mime_type = mime_for (mime, name, data, size);
  gp_file_unref (file);
  return img;
}

static int
list_folder (Device *d, const char *folder, GPtrArray *out, int depth)
{
  CameraList *list = NULL;
  int ret, n;

  gp_list_new (&list);
  ret = gp_camera_folder_list_files (d->camera, folder, list, d->context);
  if (ret < GP_OK)
    goto out;
  n = gp_list_count (list);
  for (int i = 0; i < n; i++)
    {
      const char *name = NULL;
      gp_list_get_name (list, i, &name);
      g_ptr_array_add (out, g_build_path ("/", folder, name, NULL));
    }
  if (depth >= 4)
    goto out;
  gp_list_reset (list);
  ret = gp_camera_folder_list_folders (d->camera, folder, list, d->context);
  if (ret < GP_OK)
    goto out;
  n = gp_list_count (list);
  for (int i = 0; i < n && ret >= GP_OK; i++)
    {
      const char *name = NULL;
      g_autofree char *sub = NULL;

      gp_list_get_name (list, i, &name);
      sub = g_build_path ("/", folder, name, NULL);
      ret = list_folder (d, sub, out, depth + 1);
    }
out:
  gp_list_free (list);
  return ret;
}

static gboolean
is_image_name (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg");
}

static int
path_cmp (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Capture on a camera that cannot capture: the next photo already on it. The list is
 * re-read every time so photos added to the folder are seen and a vanished device is noticed
 * on the libgphoto2 call that would have used it. */
static Image *
fetch_next_photo (Device *d, GError **error)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folder = NULL;
  const char *path;
  Image *img;
  int ret;

  ret = list_folder (d, "/", all, 0);
  if (ret < GP_OK || disk_port_gone (d))
    {
      g_propagate_error (error, device_fail (d, ret < GP_OK ? ret : GP_ERROR_IO, "list"));
      return NULL;
    }
  for (guint i = 0; i < all->len; i++)
    if (is_image_name (g_ptr_array_index (all, i)))
      g_ptr_array_add (photos, g_strdup (g_ptr_array_index (all, i)));
  if (photos->len == 0)
    {
      g_set_error_literal (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_IO,
                           "The camera holds no photos");
      return NULL;
    }
  g_ptr_array_sort (photos, path_cmp);
  path = g_ptr_array_index (photos, d->next_file % photos->len);
  d->next_file = (d->next_file + 1) % photos->len;
  folder = g_path_get_dirname (path);
  img = download (d, folder, strrchr (path, '/') + 1, GP_FILE_TYPE_NORMAL, error);
  if (img != NULL)
    {
      g_clear_pointer (&d->last_photo, g_bytes_unref);
      g_free (d->last_mime);
      d->last_photo = g_bytes_ref (img->bytes);
      d->last_mime = g_strdup (img->mime_type);
    }
  return img;
}

static Image *
device_capture (Device *d, GError **error)
{
  CameraFilePath path = { { 0 }, { 0 } };
  Image *img;
  int ret;

  if (!g_atomic_int_get (&d->can_capture))
    return fetch_next_photo (d, error);

  ret = gp_camera_capture (d->camera, GP_CAPTURE_IMAGE, &path, d->context);
  if (ret < GP_OK)
    {
      g_propagate_error (error, device_fail (d, ret, "capture"));
      return NULL;
    }
  img = download (d, path.folder, path.name, GP_FILE_TYPE_NORMAL, error);
  /* Citizen documents must not stay on the camera's card. */
  ret = gp_camera_file_delete (d->camera, path.folder, path.name, d->context);
  if (ret < GP_OK && ret != GP_ERROR_NOT_SUPPORTED)
    g_warning ("Could not delete the captured photo from the camera: %s",
               gp_result_as_string (ret));
  return img;
}

static Image *
device_preview (Device *d, GError **error)
{
  CameraFile *file = NULL;
  const char *data = NULL;
  const char *mime = NULL;
  unsigned long size = 0;
  Image *img;
  int ret;

  if (!g_atomic_int_get (&d->can_preview))
    {
      if (d->last_photo == NULL)
        {
          Image *first;
          guint keep = d->next_file;

          /* Nothing fetched yet: show what the next capture will fetch. */
          first = fetch_next_photo (d, error);
          d->next_file = keep;
          return first;
        }
      if (disk_port_gone (d))
        {
          g_propagate_error (error, device_fail (d, GP_ERROR_IO, "preview"));
          return NULL;
        }
      img = g_new0 (Image, 1);
      img->bytes = g_bytes_ref (d->last_photo);
      img->mime_type = g_strdup (d->last_mime);
      return img;
    }

  gp_file_new (&file);
  ret = gp_camera_capture_preview (d->camera, file, d->context);
  if (ret >= GP_OK)
    ret = gp_file_get_data_and_size (file, &data, &size);
  if (ret < GP_OK)
    {
      gp_file_unref (file);
      g_propagate_error (error, device_fail (d, ret, "preview"));
      return NULL;
    }
  gp_file_get_mime_type (file, &mime);
  img = g_new0 (Image, 1);
  img->bytes = g_bytes_new (data, size);
  img->mime_type = mime_for (mime, NULL, data, size);
  gp_file_unref (file);
  return img;
}

static void
collect_settings (CameraWidget *w, GPtrArray *out)
{
  CameraWidgetType type;
  const char *name = NULL, *label = NULL;
  int readonly = 0;
  SewaCameraSetting *s;

  gp_widget_get_type (w, &type);
  if (type == GP_WIDGET_WINDOW || type == GP_WIDGET_SECTION)
    {
      int n = gp_widget_count_children (w);
      for (int i = 0; i < n; i++)
        {
          CameraWidget *child = NULL;
          if (gp_widget_get_child (w, i, &child) >= GP_OK)
            collect_settings (child, out);
        }
      return;
    }
  gp_widget_get_readonly (w, &readonly);
  if (readonly)
    return;
  gp_widget_get_name (w, &name);
  gp_widget_get_label (w, &label);
  s = g_new0 (SewaCameraSetting, 1);
  s->name = g_strdup (name);
  s->label = g_strdup (label);
  switch (type)
    {
    case GP_WIDGET_TEXT:
      {
        const char *v = NULL;
        gp_widget_get_value (w, &v);
        s->type = SEWA_CAMERA_SETTING_TEXT;
        s->value = g_strdup (v != NULL ? v : "");
        break;
      }
    case GP_WIDGET_RANGE:
      {
        float v = 0, lo = 0, hi = 0, step = 0;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        gp_widget_get_value (w, &v);
        gp_widget_get_range (w, &lo, &hi, &step);
        s->type = SEWA_CAMERA_SETTING_RANGE;
        s->value = g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
        s->min = lo, s->max = hi, s->step = step;
        break;
      }
    case GP_WIDGET_TOGGLE:
      {
        int v = 0;
        gp_widget_get_value (w, &v);
        s->type = SEWA_CAMERA_SETTING_TOGGLE;
        s->value = g_strdup (v ? "1" : "0");
        break;
      }
    case GP_WIDGET_RADIO:
    case GP_WIDGET_MENU:
      {
        const char *v = NULL;
        int n = gp_widget_count_choices (w);
        GStrvBuilder *b = g_strv_builder_new ();
        gp_widget_get_value (w, &v);
        for (int i = 0; i < n; i++)
          {
            const char *c = NULL;
            if (gp_widget_get_choice (w, i, &c) >= GP_OK && c != NULL)
              g_strv_builder_add (b, c);
          }
        s->type = SEWA_CAMERA_SETTING_CHOICE;
        s->value = g_strdup (v != NULL ? v : "");
        s->choices = g_strv_builder_end (b);
        g_strv_builder_unref (b);
        break;
      }
    case GP_WIDGET_WINDOW:
    case GP_WIDGET_SECTION:
    case GP_WIDGET_BUTTON:
    case GP_WIDGET_DATE:
    default:
      /* Buttons trigger actions and dates are the camera clock: not settings. */
      sewa_camera_setting_free (s);
      return;
    }
  g_ptr_array_add (out, s);
}

static GPtrArray *
device_list_settings (Device *d, GError **error)
{
  CameraWidget *root = NULL;
  GPtrArray *out;
  int ret;

  ret = gp_camera_get_config (d->camera, &root, d->context);
  if (ret < GP_OK)
    {
      g_propagate_error (error, device_fail (d, ret, "settings"));
      return NULL;
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_camera_setting_free);
  collect_settings (root, out);
  gp_widget_free (root);
  return out;
}

static gboolean
device_set_setting (Device *d, const char *name, const char *value, GError **error)
{
  CameraWidget *w = NULL;
  CameraWidgetType type;
  int ret;

  ret = gp_camera_get_single_config (d->camera, name, &w, d->context);
  if (ret < GP_OK)
    {
      g_propagate_error (error, device_fail (d, ret, "setting"));
      return FALSE;
    }
  gp_widget_get_type (w, &type);
  switch (type)
    {
    case GP_WIDGET_RANGE:
      {
        float f = (float) g_ascii_strtod (value, NULL);
        ret = gp_widget_set_value (w, &f);
        break;
      }
    case GP_WIDGET_TOGGLE:
      {
        int v = g_str_equal (value, "1") || g_ascii_strcasecmp (value, "true") == 0;
        ret = gp_widget_set_value (w, &v);
        break;
      }
    case GP_WIDGET_TEXT:
    case GP_WIDGET_RADIO:
    case GP_WIDGET_MENU:
      ret = gp_widget_set_value (w, value);
      break;
    case GP_WIDGET_WINDOW:
    case GP_WIDGET_SECTION:
    case GP_WIDGET_BUTTON:
    case GP_WIDGET_DATE:
    default:
      ret = GP_ERROR_NOT_SUPPORTED;
      break;
    }
  if (ret >= GP_OK)
    ret = gp_camera_set_single_config (d->camera, name, w, d->context);
  gp_widget_free (w);
  if (ret < GP_OK)
    {
      g_propagate_error (error, device_fail (d, ret, "setting"));
      return FALSE;
    }
  return TRUE;
}

/* A result on its way from the device thread to the caller's main context. */
typedef struct
{
  Device *device;
  GTask *task;
  gint job;
  RequestType type;
  gpointer result;
  GDestroyNotify result_free;
  GError *error;
} Delivery;

static gboolean
job_is_stale (Device *d, gint job, RequestType type, GTask *task)
{
  if (job <= g_atomic_int_get (&d->cancel_watermark))
    return TRUE;
  if (type == REQ_PREVIEW && job < g_atomic_int_get (&d->latest_preview_job))
    return TRUE;
  return g_cancellable_is_cancelled (g_task_get_cancellable (task));
}

/* Runs in the caller's context. Staleness is judged here, at the last moment, so that a
 * frame or photo requested before the session reset never reaches the new session. */
static gboolean
deliver_cb (gpointer data)
{
  Delivery *dl = data;

  if (dl->error == NULL && job_is_stale (dl->device, dl->job, dl->type, dl->task))
    {
      if (dl->result != NULL)
        dl->result_free (dl->result);
      dl->result = NULL;
      dl->error = g_error_new (SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_CANCELLED,
                               "Request %d was cancelled", dl->job);
    }
  if (dl->error != NULL)
    g_task_return_error (dl->task, g_steal_pointer (&dl->error));
  else if (dl->result_free != NULL)
    g_task_return_pointer (dl->task, g_steal_pointer (&dl->result), dl->result_free);
  else
    g_task_return_boolean (dl->task, TRUE);
  /* Ours was the last reference to the task besides GTask's own, so the caller sees the
   * source object released as soon as its callback has run. */
  g_object_unref (dl->task);
  device_unref (dl->device);
  g_free (dl);
  return G_SOURCE_REMOVE;
}

static void
post_result (Device *d, Request *r, gpointer result, GDestroyNotify result_free,
             GError *error)
{
  Delivery *dl = g_new0 (Delivery, 1);
  GSource *idle = g_idle_source_new ();

  dl->device = g_atomic_rc_box_acquire (d);
  dl->task = g_steal_pointer (&r->task);
  dl->job = r->job;
  dl->type = r->type;
  dl->result = result;
  dl->result_free = result_free;
  dl->error = error;
  g_source_set_callback (idle, deliver_cb, dl, NULL);
  g_source_set_static_name (idle, "[sewa-camera] deliver");
  g_source_attach (idle, g_task_get_context (dl->task));
  g_source_unref (idle);
}

static void
device_run (Device *d, Request *r)
{
  GError *error = NULL;
  gpointer result = NULL;
  GDestroyNotify result_free = NULL;
  gboolean ok;

  /* Stale before it started: do not touch the camera at all. */
  if (job_is_stale (d, r->job, r->type, r->task))
    {
      post_result (d, r, NULL, NULL, NULL);
      return;
    }
  d->current_cancellable = g_task_get_cancellable (r->task);
  ok = device_open (d, &error);
  if (ok)
    switch (r->type)
      {
      case REQ_OPEN:
        break;
      case REQ_CAPTURE:
        result = device_capture (d, &error);
        result_free = (GDestroyNotify) image_free;
        break;
      case REQ_PREVIEW:
        result = device_preview (d, &error);
        result_free = (GDestroyNotify) image_free;
        break;
      case REQ_LIST_SETTINGS:
        result = device_list_settings (d, &error);
        result_free = (GDestroyNotify) g_ptr_array_unref;
        break;
      case REQ_SET_SETTING:
        device_set_setting (d, r->name, r->value, &error);
        break;
      case REQ_CLOSE:
      case REQ_QUIT:
      default:
        g_assert_not_reached ();
      }
  d->current_cancellable = NULL;
  if (error != NULL && result != NULL)
    {
      result_free (result);
      result = NULL;
    }
  post_result (d, r, result, result_free, error);
}

static gpointer
device_thread (gpointer data)
{
  Device *d = data;

  for (;;)
    {
      Request *r = g_async_queue_pop (d->queue);
      RequestType type = r->type;

      if (type == REQ_CLOSE || type == REQ_QUIT)
        device_close_camera (d);
      else
        device_run (d, r);
      request_free (r);
      if (type == REQ_QUIT)
        break;
    }
  device_unref (d);
  return NULL;
}

/* ---- GObject side ---------------------------------------------------------------------- */

static void
sewa_camera_finalize (GObject *object)
{
  SewaCamera *self = SEWA_CAMERA (object);
  Request *quit = g_new0 (Request, 1);

  quit->type = REQ_QUIT;
  g_async_queue_push (self->device->queue, quit);
  /* Every request holds a reference to us, so the queue is empty but for QUIT and the join
   * only waits for gp_camera_exit. If the last reference was dropped on the device thread
   * itself, let it finish on its own. */
  if (g_thread_self () == self->thread)
    g_thread_unref (self->thread);
  else
    g_thread_join (self->thread);
  device_unref (self->device);
  G_OBJECT_CLASS (sewa_camera_parent_class)->finalize (object);
}

static void
sewa_camera_class_init (SewaCameraClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sewa_camera_finalize;
}

static void
sewa_camera_init (SewaCamera *self)
{
  Device *d = g_atomic_rc_box_new0 (Device);

  d->queue = g_async_queue_new ();
  g_mutex_init (&d->lock);
  d->context = gp_context_new ();
  gp_context_set_cancel_func (d->context, context_cancel_cb, d);
  gp_context_set_error_func (d->context, context_error_cb, d);
  self->device = d;
  self->thread = g_thread_new ("sewa-camera", device_thread, g_atomic_rc_box_acquire (d));
}

SewaCamera *
sewa_camera_new (const char *model, const char *port)
{
  SewaCamera *self = g_object_new (SEWA_TYPE_CAMERA, NULL);

  self->device->model = g_strdup (model);
  self->device->port = g_strdup (port);
  return self;
}

GPtrArray *
sewa_camera_detect (GError **error)
{
  GPContext *context = gp_context_new ();
  GPtrArray *found = detect_with_context (context, error);

  gp_context_unref (context);
  return found;
}

const char *
sewa_camera_get_model (SewaCamera *self)
{
  const char *model;

  g_return_val_if_fail (SEWA_IS_CAMERA (self), NULL);
  /* Interned so the caller's pointer stays valid after autodetection replaces the string. */
  g_mutex_lock (&self->device->lock);
  model = g_intern_string (self->device->model);
  g_mutex_unlock (&self->device->lock);
  return model;
}

const char *
sewa_camera_get_port (SewaCamera *self)
{
  const char *port;

  g_return_val_if_fail (SEWA_IS_CAMERA (self), NULL);
  g_mutex_lock (&self->device->lock);
  port = g_intern_string (self->device->port);
  g_mutex_unlock (&self->device->lock);
  return port;
}

gboolean
sewa_camera_can_capture (SewaCamera *self)
{
  g_return_val_if_fail (SEWA_IS_CAMERA (self), FALSE);
  return g_atomic_int_get (&self->device->can_capture) != 0;
}

gboolean
sewa_camera_can_preview (SewaCamera *self)
{
  g_return_val_if_fail (SEWA_IS_CAMERA (self), FALSE);
  return g_atomic_int_get (&self->device->can_preview) != 0;
}

static gint
enqueue (SewaCamera *self, RequestType type, gpointer source_tag, GCancellable *cancellable,
         GAsyncReadyCallback callback, gpointer user_data, const char *name,
         const char *value)
{
  Request *r = g_new0 (Request, 1);
  int job;

  r->type = type;
  r->job = g_atomic_int_add (&self->device->next_job, 1) + 1;
  job = r->job;
  r->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (r->task, source_tag);
  /* Cancellation is reported in our own domain (SEWA_CAMERA_ERROR_CANCELLED). */
  g_task_set_check_cancellable (r->task, FALSE);
  r->name = g_strdup (name);
  r->value = g_strdup (value);
  if (type == REQ_PREVIEW)
    {
      gint latest;

      /* A newer preview makes every queued one stale; keep the maximum. */
      do
        latest = g_atomic_int_get (&self->device->latest_preview_job);
      while (latest < r->job &&
             !g_atomic_int_compare_and_exchange (&self->device->latest_preview_job, latest,
                                                 r->job));
    }
  /* Once pushed, the request belongs to the device thread, which may free it at once. */
  g_async_queue_push (self->device->queue, r);
  return job;
}

void
sewa_camera_open_async (SewaCamera *self, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SEWA_IS_CAMERA (self));
  enqueue (self, REQ_OPEN, sewa_camera_open_async, cancellable, callback, user_data, NULL,
           NULL);
}

gboolean
sewa_camera_open_finish (SewaCamera *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sewa_camera_capture_async (SewaCamera *self, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SEWA_IS_CAMERA (self));
  enqueue (self, REQ_CAPTURE, sewa_camera_capture_async, cancellable, callback, user_data,
           NULL, NULL);
}

static GBytes *
image_finish (GAsyncResult *result, char **mime_type, GError **error)
{
  Image *img = g_task_propagate_pointer (G_TASK (result), error);
  GBytes *bytes;

  if (img == NULL)
    return NULL;
  if (mime_type != NULL)
    *mime_type = g_steal_pointer (&img->mime_type);
  bytes = g_steal_pointer (&img->bytes);
  image_free (img);
  return bytes;
}

GBytes *
sewa_camera_capture_finish (SewaCamera *self, GAsyncResult *result, char **mime_type,
                            GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return image_finish (result, mime_type, error);
}

void
sewa_camera_preview_async (SewaCamera *self, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SEWA_IS_CAMERA (self));
  enqueue (self, REQ_PREVIEW, sewa_camera_preview_async, cancellable, callback, user_data,
           NULL, NULL);
}

GBytes *
sewa_camera_preview_finish (SewaCamera *self, GAsyncResult *result, char **mime_type,
                            GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return image_finish (result, mime_type, error);
}

void
sewa_camera_list_settings_async (SewaCamera *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SEWA_IS_CAMERA (self));
  enqueue (self, REQ_LIST_SETTINGS, sewa_camera_list_settings_async, cancellable, callback,
           user_data, NULL, NULL);
}

GPtrArray *
sewa_camera_list_settings_finish (SewaCamera *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sewa_camera_set_setting_async (SewaCamera *self, const char *name, const char *value,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (SEWA_IS_CAMERA (self));
  g_return_if_fail (name != NULL && value != NULL);
  enqueue (self, REQ_SET_SETTING, sewa_camera_set_setting_async, cancellable, callback,
           user_data, name, value);
}

gboolean
sewa_camera_set_setting_finish (SewaCamera *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sewa_camera_cancel_pending (SewaCamera *self)
{
  g_return_if_fail (SEWA_IS_CAMERA (self));
  g_atomic_int_set (&self->device->cancel_watermark,
                    g_atomic_int_get (&self->device->next_job));
}

void
sewa_camera_close (SewaCamera *self)
{
  Request *r;

  g_return_if_fail (SEWA_IS_CAMERA (self));
  r = g_new0 (Request, 1);
  r->type = REQ_CLOSE;
  g_async_queue_push (self->device->queue, r);
}
