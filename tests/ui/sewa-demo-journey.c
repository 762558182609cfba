/* sewa-demo-journey — `make demo` without a display: one citizen's application played on the
 * demo kiosk through the real-input harness (sewa-fingers.h), then what came of it.
 *   sewa-demo-journey CONFIG SPOOL_DIR
 * CONFIG is the demo kiosk's configuration (enrolled with the demo's portal-sim), SPOOL_DIR
 * where the demo printer keeps its jobs. Prints the reference, the ARN the portal assigned,
 * the receipt PDF and the screenshots' folder. */
#include "sewa-journey.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  SewaFingers *f;
  const char *reference;
  char *arn;
} ArnWait;

/* The sync engine sends it and stores the ARN the portal answered. */
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

static char *
receipt_pdf (const char *spool, const char *reference)
{
  g_autoptr (GDir) dir = g_dir_open (spool, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (spool, name, NULL);
      g_autofree char *text = NULL;
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

      if (g_str_has_suffix (name, ".pdf") &&
          g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, &text, NULL, NULL, NULL) &&
          text != NULL && strstr (text, reference) != NULL)
        return g_steal_pointer (&path);
    }
  return NULL;
}

static gboolean
printed (JsonObject *state, gpointer data)
{
  const char *const *args = data;
  g_autofree char *pdf = receipt_pdf (args[0], args[1]);

  return pdf != NULL;
}

int
main (int argc, char **argv)
{
  g_autofree char *config = NULL;
  g_autofree char *reference = NULL, *pdf = NULL, *shots = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) state = NULL;
  SewaFingersOptions options = { 0 };
  SewaJourney j = { 0 };
  ArnWait aw = { 0 };
  const char *pargs[2];

  if (argc != 3)
    {
      fprintf (stderr, "usage: sewa-demo-journey CONFIG SPOOL_DIR\n");
      return 2;
    }
  if (!g_file_get_contents (argv[1], &config, NULL, &error))
    {
      fprintf (stderr, "sewa-demo-journey: %s\n", error->message);
      return 3;
    }
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  options.config = config;
  options.name = "demo";
  options.animations = TRUE;
  j.f = sewa_fingers_start (&options);

  /* A Punjabi-speaking citizen applies for a copy of a birth certificate. */
  sewa_journey_to_documents (&j, SEWA_LANG_PA, "birth-certificate", "ਜਨਮ");
  sewa_journey_capture_documents (&j, NULL);
  reference = sewa_journey_submit (&j);
  pargs[0] = argv[2];
  pargs[1] = reference;
  state = sewa_fingers_wait (j.f, printed, pargs, "the receipt on the printer", 60);
  pdf = receipt_pdf (argv[2], reference);
  aw.f = j.f;
  aw.reference = reference;
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j.f, has_arn, &aw, "the portal's ARN", 120);
  shots = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "screenshots", "journey", "demo", NULL);

  printf ("reference %s\n", reference);
  printf ("arn %s\n", aw.arn);
  printf ("receipt %s\n", pdf);
  printf ("screenshots %s\n", shots);
  sewa_fingers_stop (j.f);
  g_free (j.service_id);
  g_free (aw.arn);
  return 0;
}
