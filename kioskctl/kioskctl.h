/* kioskctl.h — the command-line tool's command groups.
 *
 * Each group lives in its own kioskctl-<group>.c and is listed once in kioskctl.c.
 * A group's entry point gets argv starting at the group name and returns the exit status:
 * 0 ok, 1 the thing checked is not ok, 2 usage error, 3 cannot run (missing file, bad key...).
 */
#pragma once

#include <glib.h>
#include "sewa-config.h"
#include "sewa-store.h"

G_BEGIN_DECLS

enum
{
  SEWA_CTL_OK = 0,
  SEWA_CTL_NOT_OK = 1,
  SEWA_CTL_USAGE = 2,
  SEWA_CTL_CANNOT_RUN = 3,
};

typedef struct
{
  SewaConfig *config;   /* loaded from --config, or defaults */
  const char *state_dir; /* --state-dir overrides config->state_dir */
} SewaCtlContext;

typedef int (*SewaCtlGroupFunc) (SewaCtlContext *ctx, int argc, char **argv);

int sewa_ctl_version (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_reference (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_camera (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_page (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_catalog (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_qr (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_enrol (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_sync (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_queue (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_db (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_audit (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_operator (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_technician (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_health (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_voice (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_prescrutiny (SewaCtlContext *ctx, int argc, char **argv);
int sewa_ctl_report (SewaCtlContext *ctx, int argc, char **argv);

/* Shared by the store groups (kioskctl-queue.c). */
/* @damage_is_finding: a damaged or lost queue exits 1 (what was checked is not ok) rather than
 * 3 (cannot run). */
SewaStore *sewa_ctl_open_store (SewaCtlContext *ctx, const char *key_path, gboolean read_only,
                                gboolean damage_is_finding, int *out_status);
char      *sewa_ctl_take_key_option (int *argc, char **argv);
void       sewa_ctl_report_store_error (const GError *error, const char *state_dir);
int        sewa_ctl_status_for_error (const GError *error);
int        sewa_ctl_print_check_report (SewaStoreCheckReport *report);

G_END_DECLS
