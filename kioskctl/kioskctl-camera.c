/* kioskctl camera — for the technician: which cameras are attached, take a photo, settings. */
#include "kioskctl.h"
#include "sewa-camera.h"

#include <stdio.h>

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} Sync;

static void
sync_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Sync *s = user_data;

  s->result = g_object_ref (result);
  g_main_loop_quit (s->loop);
}

/* The camera API is asynchronous by design (the UI must never block); a CLI just waits. */
static void
sync_wait (Sync *s)
{
  g_main_loop_run (s->loop);
}

static int
usage (void)
{
  fprintf (stderr,
           "usage: kioskctl camera list\n"
           "       kioskctl camera capture [--model M] [--port P] OUT\n"
           "       kioskctl camera settings [--model M] [--port P]\n"
           "       kioskctl camera set [--model M] [--port P] NAME VALUE\n"
           "  (without --model/--port the first detected camera is used; a folder of photos\n"
           "   is --model 'Directory Browse' --port disk:/abs/folder)\n");
  return SEWA_CTL_USAGE;
}

static int
cmd_list (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = sewa_camera_detect (&error);

  if (found == NULL)
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  for (guint i = 0; i < found->len; i++)
    {
      SewaCameraInfo *info = g_ptr_array_index (found, i);
      printf ("%s\t%s\n", info->model, info->port);
    }
  if (found->len == 0)
    {
      fprintf (stderr, "no camera detected\n");
      return SEWA_CTL_NOT_OK;
    }
  return SEWA_CTL_OK;
}

static const char *
type_name (SewaCameraSettingType t)
{
  switch (t)
    {
    case SEWA_CAMERA_SETTING_TEXT:
      return "text";
    case SEWA_CAMERA_SETTING_RANGE:
      return "range";
    case SEWA_CAMERA_SETTING_TOGGLE:
      return "toggle";
    case SEWA_CAMERA_SETTING_CHOICE:
      return "choice";
    default:
      return "?";
    }
}

int
sewa_ctl_camera (SewaCtlContext *ctx, int argc, char **argv)
{
  const char *model = NULL, *port = NULL;
  g_autoptr (GPtrArray) rest = g_ptr_array_new ();
  g_autoptr (SewaCamera) cam = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GError) error = NULL;
  Sync s = { loop, NULL };
  const char *cmd;

  if (argc < 2)
    return usage ();
  cmd = argv[1];
  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--model") && i + 1 < argc)
        model = argv[++i];
      else if (g_str_equal (argv[i], "--port") && i + 1 < argc)
        port = argv[++i];
      else
        g_ptr_array_add (rest, argv[i]);
    }

  if (g_str_equal (cmd, "list") && rest->len == 0)
    return cmd_list ();

  /* The same camera the kiosk uses: [camera] model and port from --config, unless given here. */
  if (model == NULL && ctx->config != NULL)
    model = ctx->config->camera_model;
  if (port == NULL && ctx->config != NULL)
    port = ctx->config->camera_port;
  cam = sewa_camera_new (model, port);
  if (g_str_equal (cmd, "capture") && rest->len == 1)
    {
      g_autofree char *mime = NULL;
      g_autoptr (GBytes) bytes = NULL;

      sewa_camera_capture_async (cam, NULL, sync_cb, &s);
      sync_wait (&s);
      bytes = sewa_camera_capture_finish (cam, s.result, &mime, &error);
      g_clear_object (&s.result);
      if (bytes == NULL)
        {
          fprintf (stderr, "kioskctl: %s\n", error->message);
          return SEWA_CTL_CANNOT_RUN;
        }
      if (!g_file_set_contents (g_ptr_array_index (rest, 0), g_bytes_get_data (bytes, NULL),
                                g_bytes_get_size (bytes), &error))
        {
          fprintf (stderr, "kioskctl: %s\n", error->message);
          return SEWA_CTL_CANNOT_RUN;
        }
      printf ("%s\t%s\t%zu bytes\t%s\t%s\n", (char *) g_ptr_array_index (rest, 0), mime,
              g_bytes_get_size (bytes), sewa_camera_get_model (cam), sewa_camera_get_port (cam));
      return SEWA_CTL_OK;
    }
  if (g_str_equal (cmd, "settings") && rest->len == 0)
    {
      g_autoptr (GPtrArray) settings = NULL;

      sewa_camera_list_settings_async (cam, NULL, sync_cb, &s);
      sync_wait (&s);
      settings = sewa_camera_list_settings_finish (cam, s.result, &error);
      g_clear_object (&s.result);
      if (settings == NULL)
        {
          fprintf (stderr, "kioskctl: %s\n", error->message);
          return g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NOT_SUPPORTED)
                   ? SEWA_CTL_NOT_OK
                   : SEWA_CTL_CANNOT_RUN;
        }
      for (guint i = 0; i < settings->len; i++)
        {
          SewaCameraSetting *st = g_ptr_array_index (settings, i);
          g_autofree char *choices = st->choices != NULL ? g_strjoinv ("|", st->choices) : NULL;
          printf ("%s\t%s\t%s\t%s", st->name, type_name (st->type), st->value, st->label);
          if (choices != NULL)
            printf ("\t[%s]", choices);
          if (st->type == SEWA_CAMERA_SETTING_RANGE)
            printf ("\t[%g..%g step %g]", st->min, st->max, st->step);
          printf ("\n");
        }
      return SEWA_CTL_OK;
    }
  if (g_str_equal (cmd, "set") && rest->len == 2)
    {
      gboolean ok;

      sewa_camera_set_setting_async (cam, g_ptr_array_index (rest, 0),
                                     g_ptr_array_index (rest, 1), NULL, sync_cb, &s);
      sync_wait (&s);
      ok = sewa_camera_set_setting_finish (cam, s.result, &error);
      g_clear_object (&s.result);
      if (!ok)
        {
          fprintf (stderr, "kioskctl: %s\n", error->message);
          return SEWA_CTL_CANNOT_RUN;
        }
      return SEWA_CTL_OK;
    }
  return usage ();
}
