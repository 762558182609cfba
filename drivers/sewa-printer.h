/* sewa-printer.h — the receipt printer, through CUPS.
 *
 * The destination is the configured CUPS queue name, an ipp:// (or ipps://) URI of an IPP
 * Everywhere printer reached directly, or the CUPS default when nothing is configured.
 *
 * Everything that talks to CUPS runs on a worker thread (GTask); results and operator alerts
 * arrive on the main context of the caller. Jobs are serialised: a kiosk has one printer and
 * one citizen at a time.
 *
 * A print is followed until the printer reports the job completed. If the printer is stopped
 * or reports a fault (no paper, jam, cover open, offline) before or while the job runs, the
 * job is cancelled and the call fails with a typed error: a citizen's receipt must not come
 * out minutes later for whoever is standing at the kiosk then. The caller keeps the
 * application queued and reprints from stored data once the fault is cleared.
 */
#pragma once

#include <gio/gio.h>
#include "sewa-config.h"

G_BEGIN_DECLS

#define SEWA_PRINTER_ERROR (sewa_printer_error_quark ())
GQuark sewa_printer_error_quark (void);

typedef enum
{
  SEWA_PRINTER_ERROR_NOT_FOUND,   /* no such queue, or no default printer */
  SEWA_PRINTER_ERROR_UNREACHABLE, /* cannot connect to the printer or the CUPS server */
  SEWA_PRINTER_ERROR_STOPPED,     /* the queue or printer is stopped / paused */
  SEWA_PRINTER_ERROR_MEDIA_EMPTY, /* out of paper */
  SEWA_PRINTER_ERROR_MEDIA_JAM,
  SEWA_PRINTER_ERROR_COVER_OPEN,
  SEWA_PRINTER_ERROR_OFFLINE,
  SEWA_PRINTER_ERROR_JOB_FAILED,  /* refused or aborted for another reason */
  SEWA_PRINTER_ERROR_CANCELLED,
  SEWA_PRINTER_ERROR_TIMEOUT,     /* the job did not complete in time; it was cancelled */
} SewaPrinterError;

/* What the operator is told about; the first five also stop printing. */
typedef enum
{
  SEWA_PRINTER_ALERT_NONE = 0,
  SEWA_PRINTER_ALERT_MEDIA_EMPTY,
  SEWA_PRINTER_ALERT_MEDIA_JAM,
  SEWA_PRINTER_ALERT_COVER_OPEN,
  SEWA_PRINTER_ALERT_OFFLINE,
  SEWA_PRINTER_ALERT_STOPPED,
  SEWA_PRINTER_ALERT_MEDIA_LOW,   /* warning: paper roll nearly finished */
  SEWA_PRINTER_ALERT_MARKER_LOW,  /* warning: toner, ink or ribbon low (marker-supply-low) */
} SewaPrinterAlert;

typedef enum
{
  SEWA_PRINTER_STATE_UNKNOWN = 0,
  SEWA_PRINTER_STATE_IDLE = 3,       /* the IPP printer-state values */
  SEWA_PRINTER_STATE_PROCESSING = 4,
  SEWA_PRINTER_STATE_STOPPED = 5,
} SewaPrinterState;

typedef struct
{
  char *destination;       /* as configured, or the default queue's name */
  char *printer_uri;       /* printer-uri-supported */
  SewaPrinterState state;
  gboolean accepting_jobs;
  char **reasons;          /* printer-state-reasons, without "none"; never NULL */
  char *message;           /* printer-state-message, may be NULL */
  guint n_alerts;
  SewaPrinterAlert alerts[8]; /* distinct alerts derived from the reasons and state */
} SewaPrinterStatus;

void sewa_printer_status_free (SewaPrinterStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaPrinterStatus, sewa_printer_status_free)

typedef struct
{
  int job_id;              /* at the destination (cupsd's job id for a queue) */
  gint64 submitted_us;     /* g_get_monotonic_time() when the worker started the job */
  gint64 accepted_us;      /* ... when the printer had accepted the whole document */
  gint64 completed_us;     /* ... when the job was seen completed */
  guint n_warnings;
  SewaPrinterAlert warnings[4]; /* low paper / supplies seen while printing */
} SewaPrintJobInfo;

/* Maps one printer-state-reasons keyword (with or without -error/-warning/-report) to an
 * alert; *out_fatal says whether it stops printing. Returns SEWA_PRINTER_ALERT_NONE for
 * keywords that need no one's attention. */
SewaPrinterAlert sewa_printer_classify_reason (const char *keyword, gboolean *out_fatal);
/* The typed error a fatal alert becomes, and the English message for logs. */
SewaPrinterError sewa_printer_alert_to_error (SewaPrinterAlert alert);
const char      *sewa_printer_alert_to_string (SewaPrinterAlert alert);

#define SEWA_TYPE_PRINTER (sewa_printer_get_type ())
G_DECLARE_FINAL_TYPE (SewaPrinter, sewa_printer, SEWA, PRINTER, GObject)

SewaPrinter *sewa_printer_new (const SewaConfig *config) G_GNUC_WARN_UNUSED_RESULT;
SewaPrinter *sewa_printer_new_for_destination (const char *destination) G_GNUC_WARN_UNUSED_RESULT;
const char  *sewa_printer_get_destination (SewaPrinter *self);
/* connect_ms bounds connecting and each IPP request; job_ms bounds a whole job. */
void         sewa_printer_set_timeouts (SewaPrinter *self, guint connect_ms, guint job_ms);

void         sewa_printer_print_async (SewaPrinter *self, GBytes *pdf, const char *title,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data);
/* Returns the job id (> 0), or 0 with SEWA_PRINTER_ERROR set. */
int          sewa_printer_print_finish (SewaPrinter *self, GAsyncResult *result,
                                        SewaPrintJobInfo *out_info, GError **error);

void               sewa_printer_query_state_async (SewaPrinter *self, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
SewaPrinterStatus *sewa_printer_query_state_finish (SewaPrinter *self, GAsyncResult *result,
                                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
