/* kioskctl — queue inspection, forced sync, provisioning and diagnostics from a shell. */
#include "sewa-build-config.h"
#include "kioskctl.h"
#include "sewa-reference.h"

#include <stdio.h>
#include <string.h>

static const struct
{
  const char *name;
  SewaCtlGroupFunc func;
  const char *help;
} groups[] = {
  { "version", sewa_ctl_version, "print the version" },
  { "reference", sewa_ctl_reference, "check REF…: validate provisional references" },
  { "camera", sewa_ctl_camera, "list | capture OUT | settings | set NAME VALUE" },
  { "page", sewa_ctl_page, "process IN.jpg [OUT.jpg] | pdf OUT.pdf PAGE…: page clean-up" },
  { "catalog", sewa_ctl_catalog, "check [FILE] | search QUERY [--lang pa|hi|en]: the service catalog" },
  { "qr", sewa_ctl_qr, "decode IMAGE… | parse: the kiosk's QR decoder and payload parser" },
  { "enrol", sewa_ctl_enrol, "--portal URL --token T …: enrol this kiosk with the portal" },
  { "sync", sewa_ctl_sync, "--once | --daemon | status | catalog: move the queue to the portal" },
  { "queue", sewa_ctl_queue, "list|show|retry|quarantine|purge|export|verify: the outbox" },
  { "db", sewa_ctl_db, "check: database integrity, key, every record and page hash" },
  { "audit", sewa_ctl_audit, "verify: the audit log's hash chain, naming the first entry tampered with" },
  { "operator", sewa_ctl_operator, "set-pin FILE | check-pin [NAME] FILE | add NAME FILE | list FILE | remove NAME FILE: operator PINs (read from stdin)" },
  { "technician", sewa_ctl_technician, "set-pin FILE: the technician's own PIN (read from stdin)" },
  { "health", sewa_ctl_health, "[--min-free-mb N] [--max-pending-age S] [--no-devices]: is this kiosk fit to work" },
  { "voice", sewa_ctl_voice, "test [--device D]: speak the greeting in pa, hi and en" },
  { "prescrutiny", sewa_ctl_prescrutiny, "PAGE… --service ID --name NAME [--type CODE] [--json]: check a document" },
  { "report", sewa_ctl_report, "day --date YYYY-MM-DD [--csv] [--counted RUPEES]: the day close" },
};

int
sewa_ctl_version (SewaCtlContext *ctx, int argc, char **argv)
{
  printf ("kioskctl %s\n", SEWA_VERSION);
  return SEWA_CTL_OK;
}

int
sewa_ctl_reference (SewaCtlContext *ctx, int argc, char **argv)
{
  int status = SEWA_CTL_OK;

  if (argc < 3 || !g_str_equal (argv[1], "check"))
    {
      fprintf (stderr, "usage: kioskctl reference check REF…\n");
      return SEWA_CTL_USAGE;
    }
  for (int i = 2; i < argc; i++)
    {
      g_autofree char *norm = sewa_reference_normalize (argv[i]);
      gboolean ok = sewa_reference_is_valid (norm);

      printf ("%s\t%s\n", norm, ok ? "valid" : "invalid");
      if (!ok)
        status = SEWA_CTL_NOT_OK;
    }
  return status;
}

static void
usage (FILE *out)
{
  fprintf (out, "usage: kioskctl [--config FILE] [--state-dir DIR] COMMAND …\n\ncommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (groups); i++)
    fprintf (out, "  %-12s %s\n", groups[i].name, groups[i].help);
}

int
main (int argc, char **argv)
{
  SewaCtlContext ctx = { 0 };
  g_autoptr (SewaConfig) config = NULL;
  const char *config_path = NULL;
  int i = 1;

  while (i < argc && g_str_has_prefix (argv[i], "--"))
    {
      if (g_str_equal (argv[i], "--config") && i + 1 < argc)
        config_path = argv[i + 1], i += 2;
      else if (g_str_equal (argv[i], "--state-dir") && i + 1 < argc)
        ctx.state_dir = argv[i + 1], i += 2;
      else if (g_str_equal (argv[i], "--help"))
        {
          usage (stdout);
          return SEWA_CTL_OK;
        }
      else
        {
          usage (stderr);
          return SEWA_CTL_USAGE;
        }
    }
  if (i >= argc)
    {
      usage (stderr);
      return SEWA_CTL_USAGE;
    }

  if (config_path != NULL)
    {
      g_autoptr (GError) error = NULL;

      config = sewa_config_load_file (config_path, &error);
      if (config == NULL)
        {
          fprintf (stderr, "kioskctl: %s\n", error->message);
          return SEWA_CTL_CANNOT_RUN;
        }
    }
  else
    config = sewa_config_new_default ();
  ctx.config = config;
  if (ctx.state_dir == NULL)
    ctx.state_dir = config->state_dir;

  for (gsize g = 0; g < G_N_ELEMENTS (groups); g++)
    if (g_str_equal (argv[i], groups[g].name))
      return groups[g].func (&ctx, argc - i, argv + i);

  fprintf (stderr, "kioskctl: unknown command '%s'\n", argv[i]);
  usage (stderr);
  return SEWA_CTL_USAGE;
}
