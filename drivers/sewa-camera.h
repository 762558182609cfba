/* sewa-camera.h — document camera on libgphoto2.
 *
 * Every libgphoto2 call runs on one device thread owned by the SewaCamera, fed by a request
 * queue (Simple Scan's pattern). Each request carries a job id; results come back through
 * GTask in the GMainContext that was the thread-default when the request was made. Requests
 * made before sewa_camera_cancel_pending() — or preview requests overtaken by a newer preview
 * request — finish with SEWA_CAMERA_ERROR_CANCELLED instead of delivering stale frames.
 *
 * On cameras that cannot capture (libgphoto2's "Directory Browse" driver over a folder of
 * photos, used by tests and the demo) "capture" fetches the next photo in the folder through
 * the same libgphoto2 file calls, and a preview frame is the last photo fetched. Which path is
 * used is decided by the camera's abilities, never by its name.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SEWA_CAMERA_ERROR (sewa_camera_error_quark ())
GQuark sewa_camera_error_quark (void);

typedef enum
{
  SEWA_CAMERA_ERROR_NO_CAMERA,     /* nothing detected, or the model/port does not exist */
  SEWA_CAMERA_ERROR_UNPLUGGED,     /* the camera went away after it was opened */
  SEWA_CAMERA_ERROR_NOT_SUPPORTED, /* the camera cannot do this (preview, settings...) */
  SEWA_CAMERA_ERROR_IO,            /* any other libgphoto2 failure */
  SEWA_CAMERA_ERROR_BUSY,          /* the camera reports it is busy; try again */
  SEWA_CAMERA_ERROR_CANCELLED,     /* cancelled, or a stale result that was dropped */
} SewaCameraError;

/* One detected camera: libgphoto2's model name and port path ("usb:001,004", "disk:/x"). */
typedef struct
{
  char *model;
  char *port;
} SewaCameraInfo;

void sewa_camera_info_free (SewaCameraInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaCameraInfo, sewa_camera_info_free)

typedef enum
{
  SEWA_CAMERA_SETTING_TEXT,
  SEWA_CAMERA_SETTING_RANGE,
  SEWA_CAMERA_SETTING_TOGGLE,
  SEWA_CAMERA_SETTING_CHOICE,
} SewaCameraSettingType;

/* One writable camera setting, flattened from libgphoto2's widget tree. */
typedef struct
{
  char *name;   /* gphoto2 widget name, used with sewa_camera_set_setting_async() */
  char *label;  /* the camera's own (English) label */
  SewaCameraSettingType type;
  char *value;  /* current value as text ("1"/"0" for toggles) */
  GStrv choices; /* CHOICE only, else NULL */
  double min, max, step; /* RANGE only */
} SewaCameraSetting;

void sewa_camera_setting_free (SewaCameraSetting *setting);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaCameraSetting, sewa_camera_setting_free)

#define SEWA_TYPE_CAMERA (sewa_camera_get_type ())
G_DECLARE_FINAL_TYPE (SewaCamera, sewa_camera, SEWA, CAMERA, GObject)

/* Detect cameras (blocking: call from a worker, or from kioskctl). Returns SewaCameraInfo*. */
GPtrArray *sewa_camera_detect (GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* @model and @port: NULL means the first autodetected camera. A Directory Browse camera
 * over a folder is sewa_camera_new ("Directory Browse", "disk:/abs/folder"). */
SewaCamera *sewa_camera_new (const char *model, const char *port) G_GNUC_WARN_UNUSED_RESULT;

const char *sewa_camera_get_model (SewaCamera *self);
const char *sewa_camera_get_port (SewaCamera *self);
/* Valid after a successful open. */
gboolean sewa_camera_can_capture (SewaCamera *self);
gboolean sewa_camera_can_preview (SewaCamera *self);

void sewa_camera_open_async (SewaCamera *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
gboolean sewa_camera_open_finish (SewaCamera *self, GAsyncResult *result, GError **error);

/* A full-size image; @mime_type gets e.g. "image/jpeg". */
void sewa_camera_capture_async (SewaCamera *self, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
GBytes *sewa_camera_capture_finish (SewaCamera *self, GAsyncResult *result, char **mime_type,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* One live-view frame (usually a small JPEG) for framing on screen. */
void sewa_camera_preview_async (SewaCamera *self, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
GBytes *sewa_camera_preview_finish (SewaCamera *self, GAsyncResult *result, char **mime_type,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Settings a technician can change; the result is a GPtrArray of SewaCameraSetting*. */
void sewa_camera_list_settings_async (SewaCamera *self, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *sewa_camera_list_settings_finish (SewaCamera *self, GAsyncResult *result,
                                             GError **error) G_GNUC_WARN_UNUSED_RESULT;

void sewa_camera_set_setting_async (SewaCamera *self, const char *name, const char *value,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean sewa_camera_set_setting_finish (SewaCamera *self, GAsyncResult *result,
                                         GError **error);

/* Drop every request made so far: queued ones are not run, running ones deliver
 * SEWA_CAMERA_ERROR_CANCELLED. Used when the citizen session resets. */
void sewa_camera_cancel_pending (SewaCamera *self);

/* Release the camera (queued after pending requests; does not block). The object can be
 * opened again later. */
void sewa_camera_close (SewaCamera *self);

G_END_DECLS
