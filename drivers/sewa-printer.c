#define G_LOG_DOMAIN "sewa-printer"

#include "sewa-printer.h"
#include "sewa-thread.h"

#include <cups/cups.h>
#include <string.h>

G_DEFINE_QUARK (sewa-printer-error-quark, sewa_printer_error)

#define DEFAULT_CONNECT_MS 5000
#define DEFAULT_JOB_MS 60000
#define POLL_MIN_MS 10
#define POLL_MAX_MS 200

struct _SewaPrinter
{
  GObject parent_instance;

  char *destination; /* NULL: the CUPS default */
  guint connect_ms;
  guint job_ms;
  GMutex job_lock;   /* one job at a time on the device */
};

G_DEFINE_FINAL_TYPE (SewaPrinter, sewa_printer, G_TYPE_OBJECT)

enum
{
  SIGNAL_ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- reasons ---------------------------------------------------------------------------- */

static const struct
{
  const char *keyword;
  SewaPrinterAlert alert;
  gboolean fatal;
} reason_map[] = {
  { "media-empty", SEWA_PRINTER_ALERT_MEDIA_EMPTY, TRUE },
  { "media-needed", SEWA_PRINTER_ALERT_MEDIA_EMPTY, TRUE },
  { "media-jam", SEWA_PRINTER_ALERT_MEDIA_JAM, TRUE },
  { "cover-open", SEWA_PRINTER_ALERT_COVER_OPEN, TRUE },
  { "door-open", SEWA_PRINTER_ALERT_COVER_OPEN, TRUE },
  { "interlock-open", SEWA_PRINTER_ALERT_COVER_OPEN, TRUE },
  { "offline", SEWA_PRINTER_ALERT_OFFLINE, TRUE },
  { "shutdown", SEWA_PRINTER_ALERT_OFFLINE, TRUE },
  { "paused", SEWA_PRINTER_ALERT_STOPPED, TRUE },
  { "media-low", SEWA_PRINTER_ALERT_MEDIA_LOW, FALSE },
  { "marker-supply-low", SEWA_PRINTER_ALERT_MARKER_LOW, FALSE },
  { "toner-low", SEWA_PRINTER_ALERT_MARKER_LOW, FALSE },
  { "ink-low", SEWA_PRINTER_ALERT_MARKER_LOW, FALSE },
  { "marker-waste-almost-full", SEWA_PRINTER_ALERT_MARKER_LOW, FALSE },
};

SewaPrinterAlert
sewa_printer_classify_reason (const char *keyword, gboolean *out_fatal)
{
  static const char *const suffixes[] = { "-error", "-warning", "-report" };
  g_autofree char *base = NULL;

  if (out_fatal != NULL)
    *out_fatal = FALSE;
  g_return_val_if_fail (keyword != NULL, SEWA_PRINTER_ALERT_NONE);

  /* RFC 8011 lets a printer qualify any reason with a severity suffix; ippeveprinter, for
   * one, reports an empty tray as "media-empty-report" while idle. The condition is the
   * same, so match on the bare keyword. */
  base = g_strdup (keyword);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (base, suffixes[i]))
      {
        base[strlen (base) - strlen (suffixes[i])] = '\0';
        break;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (reason_map); i++)
    if (g_str_equal (base, reason_map[i].keyword))
      {
        if (out_fatal != NULL)
          *out_fatal = reason_map[i].fatal;
        return reason_map[i].alert;
      }
  return SEWA_PRINTER_ALERT_NONE;
}

SewaPrinterError
sewa_printer_alert_to_error (SewaPrinterAlert alert)
{
  switch (alert)
    {
    case SEWA_PRINTER_ALERT_MEDIA_EMPTY: return SEWA_PRINTER_ERROR_MEDIA_EMPTY;
    case SEWA_PRINTER_ALERT_MEDIA_JAM: return SEWA_PRINTER_ERROR_MEDIA_JAM;
    case SEWA_PRINTER_ALERT_COVER_OPEN: return SEWA_PRINTER_ERROR_COVER_OPEN;
    case SEWA_PRINTER_ALERT_OFFLINE: return SEWA_PRINTER_ERROR_OFFLINE;
    case SEWA_PRINTER_ALERT_STOPPED: return SEWA_PRINTER_ERROR_STOPPED;
    case SEWA_PRINTER_ALERT_NONE:
    case SEWA_PRINTER_ALERT_MEDIA_LOW:
    case SEWA_PRINTER_ALERT_MARKER_LOW:
    default:
      return SEWA_PRINTER_ERROR_JOB_FAILED;
    }
}

const char *
sewa_printer_alert_to_string (SewaPrinterAlert alert)
{
  switch (alert)
    {
    case SEWA_PRINTER_ALERT_NONE: return "none";
    case SEWA_PRINTER_ALERT_MEDIA_EMPTY: return "the printer is out of paper";
    case SEWA_PRINTER_ALERT_MEDIA_JAM: return "the paper is jammed";
    case SEWA_PRINTER_ALERT_COVER_OPEN: return "the printer cover is open";
    case SEWA_PRINTER_ALERT_OFFLINE: return "the printer is offline";
    case SEWA_PRINTER_ALERT_STOPPED: return "the printer is stopped";
    case SEWA_PRINTER_ALERT_MEDIA_LOW: return "the paper roll is nearly finished";
    case SEWA_PRINTER_ALERT_MARKER_LOW: return "the toner, ink or ribbon is low";
    default: return "unknown";
    }
}

void
sewa_printer_status_free (SewaPrinterStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->destination);
  g_free (status->printer_uri);
  g_strfreev (status->reasons);
  g_free (status->message);
  g_free (status);
}

static void
status_add_alert (SewaPrinterStatus *st, SewaPrinterAlert alert)
{
  for (guint i = 0; i < st->n_alerts; i++)
    if (st->alerts[i] == alert)
      return;
  if (st->n_alerts < G_N_ELEMENTS (st->alerts))
    st->alerts[st->n_alerts++] = alert;
}

/* The fault that stops printing, if any; a jam outranks an open cover outranks no paper,
 * because that is the order in which the operator has to deal with them. */
static SewaPrinterAlert
status_fatal_alert (const SewaPrinterStatus *st)
{
  static const SewaPrinterAlert order[] = {
    SEWA_PRINTER_ALERT_MEDIA_JAM, SEWA_PRINTER_ALERT_COVER_OPEN, SEWA_PRINTER_ALERT_MEDIA_EMPTY,
    SEWA_PRINTER_ALERT_OFFLINE, SEWA_PRINTER_ALERT_STOPPED,
  };

  for (gsize o = 0; o < G_N_ELEMENTS (order); o++)
    for (guint i = 0; i < st->n_alerts; i++)
      if (st->alerts[i] == order[o])
        return order[o];
  return SEWA_PRINTER_ALERT_NONE;
}

/* --- the object ------------------------------------------------------------------------- */

static void
sewa_printer_finalize (GObject *object)
{
  SewaPrinter *self = SEWA_PRINTER (object);

  g_free (self->destination);
  g_mutex_clear (&self->job_lock);
  G_OBJECT_CLASS (sewa_printer_parent_class)->finalize (object);
}

static void
sewa_printer_class_init (SewaPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sewa_printer_finalize;

  /**
   * SewaPrinter::alert:
   * @alert: a #SewaPrinterAlert
   * @keyword: the printer-state-reasons keyword (or "stopped") it came from
   *
   * Something the operator should see: a fault that stops printing or a low supply. Emitted
   * on the main context of the call that observed it.
   */
  signals[SIGNAL_ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        G_TYPE_UINT, G_TYPE_STRING);
}

static void
sewa_printer_init (SewaPrinter *self)
{
  self->connect_ms = DEFAULT_CONNECT_MS;
  self->job_ms = DEFAULT_JOB_MS;
  g_mutex_init (&self->job_lock);
}

SewaPrinter *
sewa_printer_new_for_destination (const char *destination)
{
  SewaPrinter *self = g_object_new (SEWA_TYPE_PRINTER, NULL);

  if (destination != NULL && *destination != '\0')
    self->destination = g_strdup (destination);
  return self;
}

SewaPrinter *
sewa_printer_new (const SewaConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);
  return sewa_printer_new_for_destination (config->printer_dest);
}

const char *
sewa_printer_get_destination (SewaPrinter *self)
{
  g_return_val_if_fail (SEWA_IS_PRINTER (self), NULL);
  return self->destination;
}

void
sewa_printer_set_timeouts (SewaPrinter *self, guint connect_ms, guint job_ms)
{
  g_return_if_fail (SEWA_IS_PRINTER (self));
  g_return_if_fail (connect_ms > 0 && job_ms > 0);

  self->connect_ms = connect_ms;
  self->job_ms = job_ms;
}

/* --- worker side ------------------------------------------------------------------------ */

typedef struct
{
  SewaPrinter *printer; /* owned */
  SewaPrinterAlert alert;
  char *keyword;
} AlertIdle;

static gboolean
emit_alert_cb (gpointer data)
{
  AlertIdle *a = data;

  g_signal_emit (a->printer, signals[SIGNAL_ALERT], 0, (guint) a->alert, a->keyword);
  return G_SOURCE_REMOVE;
}

static void
alert_idle_free (gpointer data)
{
  AlertIdle *a = data;

  g_object_unref (a->printer);
  g_free (a->keyword);
  g_free (a);
}

/* Posts the alerts of a status to the caller's main context, each at most once per call:
 * POSTED is a bit mask of the alerts already posted. */
static void
post_alerts (GTask *task, const SewaPrinterStatus *st, guint *posted)
{
  SewaPrinter *self = g_task_get_source_object (task);

  for (guint i = 0; st->reasons[i] != NULL; i++)
    {
      SewaPrinterAlert alert = sewa_printer_classify_reason (st->reasons[i], NULL);
      AlertIdle *a;

      if (alert == SEWA_PRINTER_ALERT_NONE || (*posted & (1u << alert)) != 0)
        continue;
      *posted |= 1u << alert;
      a = g_new0 (AlertIdle, 1);
      a->printer = g_object_ref (self);
      a->alert = alert;
      a->keyword = g_strdup (st->reasons[i]);
      sewa_context_post (g_task_get_context (task), emit_alert_cb, a, alert_idle_free);
    }
  if ((st->state == SEWA_PRINTER_STATE_STOPPED || !st->accepting_jobs) &&
      (*posted & (1u << SEWA_PRINTER_ALERT_STOPPED)) == 0)
    {
      AlertIdle *a = g_new0 (AlertIdle, 1);

      *posted |= 1u << SEWA_PRINTER_ALERT_STOPPED;
      a->printer = g_object_ref (self);
      a->alert = SEWA_PRINTER_ALERT_STOPPED;
      a->keyword = g_strdup ("stopped");
      sewa_context_post (g_task_get_context (task), emit_alert_cb, a, alert_idle_free);
    }
}

typedef struct
{
  cups_dest_t *dest;
  cups_dinfo_t *info;
  http_t *http;
  char resource[1024];
  char *printer_uri;
  char *name;
  int cancel_flag;   /* libcups polls it while connecting */
  gulong cancel_id;
  GCancellable *cancellable;
} Conn;

static void
on_cancelled (GCancellable *cancellable, gpointer data)
{
  Conn *c = data;

  g_atomic_int_set (&c->cancel_flag, 1);
}

static void
conn_close (Conn *c)
{
  if (c->cancellable != NULL)
    g_cancellable_disconnect (c->cancellable, c->cancel_id);
  if (c->info != NULL)
    cupsFreeDestInfo (c->info);
  if (c->http != NULL)
    httpClose (c->http);
  if (c->dest != NULL)
    cupsFreeDests (1, c->dest);
  g_free (c->printer_uri);
  g_free (c->name);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conn, conn_close)

static gboolean
is_uri (const char *dest)
{
  return strstr (dest, "://") != NULL;
}

static Conn *
conn_open (SewaPrinter *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (Conn) c = g_new0 (Conn, 1);
  unsigned flags = CUPS_DEST_FLAGS_NONE;
  const char *uri;

  if (cancellable != NULL)
    {
      c->cancellable = cancellable;
      c->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), c, NULL);
    }

  if (self->destination != NULL && is_uri (self->destination))
    {
      /* A printer reached directly over IPP, with no queue on a local cupsd. */
      c->dest = cupsGetDestWithURI (NULL, self->destination);
      flags = CUPS_DEST_FLAGS_DEVICE;
    }
  else
    {
      c->dest = cupsGetNamedDest (CUPS_HTTP_DEFAULT, self->destination, NULL);
    }
  if (c->dest == NULL)
    {
      ipp_status_t st = cupsLastError ();

      if (st == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || st == IPP_STATUS_ERROR_INTERNAL)
        g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_UNREACHABLE,
                     "cannot reach the CUPS server: %s", cupsLastErrorString ());
      else
        g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_NOT_FOUND,
                     self->destination != NULL ? "no printer queue \"%s\""
                                               : "no default printer%s",
                     self->destination != NULL ? self->destination : "");
      return NULL;
    }
  c->name = g_strdup (self->destination != NULL ? self->destination : c->dest->name);

  if (flags == CUPS_DEST_FLAGS_DEVICE)
    {
      c->http = cupsConnectDest (c->dest, flags, (int) self->connect_ms, &c->cancel_flag,
                                 c->resource, sizeof c->resource, NULL, NULL);
    }
  else
    {
      /* A queue lives on the scheduler we were pointed at (CUPS_SERVER, client.conf, or
       * the local socket). cupsConnectDest() would instead dial the host named in the
       * queue's printer-uri-supported, which for a scheduler on a domain socket is a TCP
       * port nobody listens on; talk to the scheduler the way lp does. */
      c->http = httpConnect2 (cupsServer (), ippPort (), NULL, AF_UNSPEC, cupsEncryption (), 1,
                              (int) self->connect_ms, &c->cancel_flag);
      g_snprintf (c->resource, sizeof c->resource, "/printers/%s", c->dest->name);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_error (error);
      g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_CANCELLED, "cancelled");
      return NULL;
    }
  if (c->http == NULL)
    {
      g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_UNREACHABLE,
                   "cannot connect to printer \"%s\": %s", c->name, cupsLastErrorString ());
      return NULL;
    }
  /* Bound every later request too, so a printer that stops answering mid-job cannot hold
   * the worker (and with it every later job) forever. */
  httpSetTimeout (c->http, self->connect_ms / 1000.0, NULL, NULL);

  uri = cupsGetOption ("printer-uri-supported", c->dest->num_options, c->dest->options);
  c->printer_uri = g_strdup (uri != NULL ? uri : self->destination);
  if (c->printer_uri == NULL)
    {
      g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_NOT_FOUND,
                   "printer \"%s\" has no IPP URI", c->name);
      return NULL;
    }
  return g_steal_pointer (&c);
}

static gboolean
conn_load_info (Conn *c, GError **error)
{
  c->info = cupsCopyDestInfo (c->http, c->dest);
  if (c->info == NULL)
    {
      g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_UNREACHABLE,
                   "printer \"%s\" did not answer: %s", c->name, cupsLastErrorString ());
      return FALSE;
    }
  return TRUE;
}

static SewaPrinterStatus *
get_status (Conn *c, GError **error)
{
  static const char *const wanted[] = {
    "printer-state", "printer-state-reasons", "printer-state-message",
    "printer-is-accepting-jobs",
  };
  g_autoptr (SewaPrinterStatus) st = g_new0 (SewaPrinterStatus, 1);
  g_autoptr (GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  ipp_t *request, *response;
  ipp_attribute_t *attr;

  request = ippNewRequest (IPP_OP_GET_PRINTER_ATTRIBUTES);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, c->printer_uri);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                cupsUser ());
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = cupsDoRequest (c->http, request, c->resource);
  if (response == NULL || cupsLastError () > IPP_STATUS_OK_CONFLICTING)
    {
      ipp_status_t s = cupsLastError ();

      ippDelete (response);
      g_set_error (error, SEWA_PRINTER_ERROR,
                   s == IPP_STATUS_ERROR_NOT_FOUND ? SEWA_PRINTER_ERROR_NOT_FOUND
                                                   : SEWA_PRINTER_ERROR_UNREACHABLE,
                   "cannot read the state of printer \"%s\": %s", c->name,
                   cupsLastErrorString ());
      return NULL;
    }

  st->destination = g_strdup (c->name);
  st->printer_uri = g_strdup (c->printer_uri);
  attr = ippFindAttribute (response, "printer-state", IPP_TAG_ENUM);
  st->state = attr != NULL ? (SewaPrinterState) ippGetInteger (attr, 0) : SEWA_PRINTER_STATE_UNKNOWN;
  attr = ippFindAttribute (response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
  st->accepting_jobs = attr != NULL ? ippGetBoolean (attr, 0) : TRUE;
  attr = ippFindAttribute (response, "printer-state-message", IPP_TAG_TEXT);
  if (attr != NULL && ippGetString (attr, 0, NULL) != NULL)
    st->message = g_strdup (ippGetString (attr, 0, NULL));
  attr = ippFindAttribute (response, "printer-state-reasons", IPP_TAG_KEYWORD);
  for (int i = 0; attr != NULL && i < ippGetCount (attr); i++)
    {
      const char *r = ippGetString (attr, i, NULL);
      SewaPrinterAlert alert;

      if (r == NULL || g_str_equal (r, "none"))
        continue;
      g_ptr_array_add (reasons, g_strdup (r));
      alert = sewa_printer_classify_reason (r, NULL);
      if (alert != SEWA_PRINTER_ALERT_NONE)
        status_add_alert (st, alert);
    }
  g_ptr_array_add (reasons, NULL);
  st->reasons = (char **) g_ptr_array_steal (reasons, NULL);
  if (st->state == SEWA_PRINTER_STATE_STOPPED || !st->accepting_jobs)
    status_add_alert (st, SEWA_PRINTER_ALERT_STOPPED);
  ippDelete (response);
  return g_steal_pointer (&st);
}

static void
set_fault_error (GError **error, const SewaPrinterStatus *st, SewaPrinterAlert alert)
{
  g_set_error (error, SEWA_PRINTER_ERROR, sewa_printer_alert_to_error (alert),
               "%s (printer \"%s\"%s%s)", sewa_printer_alert_to_string (alert), st->destination,
               st->message != NULL ? ": " : "", st->message != NULL ? st->message : "");
}

/* Waits up to MS milliseconds, returning early (TRUE) if CANCELLABLE fires. */
static gboolean
wait_or_cancelled (GCancellable *cancellable, guint ms)
{
  GPollFD pfd;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pfd))
    {
      g_poll (&pfd, 1, (int) ms);
      g_cancellable_release_fd (cancellable);
    }
  else
    {
      g_usleep (ms * G_TIME_SPAN_MILLISECOND);
    }
  return g_cancellable_is_cancelled (cancellable);
}

typedef struct
{
  ipp_jstate_t state;
  char *message;
} JobState;

static gboolean
get_job_state (Conn *c, int job_id, JobState *out, GError **error)
{
  static const char *const wanted[] = { "job-state", "job-state-message", "job-state-reasons" };
  ipp_t *request, *response;
  ipp_attribute_t *attr;

  request = ippNewRequest (IPP_OP_GET_JOB_ATTRIBUTES);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, c->printer_uri);
  ippAddInteger (request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                cupsUser ());
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = cupsDoRequest (c->http, request, c->resource);
  if (response == NULL || cupsLastError () > IPP_STATUS_OK_CONFLICTING)
    {
      ippDelete (response);
      g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_UNREACHABLE,
                   "lost the job on printer \"%s\": %s", c->name, cupsLastErrorString ());
      return FALSE;
    }
  attr = ippFindAttribute (response, "job-state", IPP_TAG_ENUM);
  out->state = attr != NULL ? (ipp_jstate_t) ippGetInteger (attr, 0) : IPP_JSTATE_PENDING;
  attr = ippFindAttribute (response, "job-state-message", IPP_TAG_TEXT);
  g_clear_pointer (&out->message, g_free);
  if (attr != NULL && ippGetString (attr, 0, NULL) != NULL)
    out->message = g_strdup (ippGetString (attr, 0, NULL));
  ippDelete (response);
  return TRUE;
}

typedef struct
{
  GBytes *pdf;
  char *title;
  SewaPrintJobInfo info;
  guint alerts_posted; /* bit mask of SewaPrinterAlert */
} PrintData;

static void
print_data_free (gpointer p)
{
  PrintData *d = p;

  g_bytes_unref (d->pdf);
  g_free (d->title);
  g_free (d);
}

static void
info_add_warning (SewaPrintJobInfo *info, SewaPrinterAlert alert)
{
  for (guint i = 0; i < info->n_warnings; i++)
    if (info->warnings[i] == alert)
      return;
  if (info->n_warnings < G_N_ELEMENTS (info->warnings))
    info->warnings[info->n_warnings++] = alert;
}

static void
note_warnings (PrintData *d, const SewaPrinterStatus *st)
{
  for (guint i = 0; i < st->n_alerts; i++)
    if (st->alerts[i] == SEWA_PRINTER_ALERT_MEDIA_LOW || st->alerts[i] == SEWA_PRINTER_ALERT_MARKER_LOW)
      info_add_warning (&d->info, st->alerts[i]);
}

/* Cancels a job we gave up on, so it does not print later for someone else. */
static void
cancel_job (Conn *c, int job_id)
{
  if (cupsCancelDestJob (c->http, c->dest, job_id) != IPP_STATUS_OK)
    g_debug ("cancelling job %d on \"%s\": %s", job_id, c->name, cupsLastErrorString ());
}

static gboolean
follow_job (GTask *task, Conn *c, PrintData *d, GCancellable *cancellable, GError **error)
{
  SewaPrinter *self = g_task_get_source_object (task);
  gint64 deadline = d->info.submitted_us + (gint64) self->job_ms * G_TIME_SPAN_MILLISECOND;
  JobState js = { 0 };
  guint poll_ms = POLL_MIN_MS;
  gboolean ok = FALSE;

  for (;;)
    {
      g_autoptr (SewaPrinterStatus) st = NULL;
      SewaPrinterAlert fatal;

      if (!get_job_state (c, d->info.job_id, &js, error))
        break;
      if (js.state == IPP_JSTATE_COMPLETED)
        {
          d->info.completed_us = g_get_monotonic_time ();
          ok = TRUE;
          break;
        }

      st = get_status (c, error);
      if (st == NULL)
        break;
      note_warnings (d, st);
      fatal = status_fatal_alert (st);
      post_alerts (task, st, &d->alerts_posted);
      if (js.state == IPP_JSTATE_CANCELED || js.state == IPP_JSTATE_ABORTED)
        {
          /* The printer gave up on the job; its state reasons usually say why. */
          if (fatal != SEWA_PRINTER_ALERT_NONE)
            set_fault_error (error, st, fatal);
          else
            g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_JOB_FAILED,
                         "printer \"%s\" %s job %d%s%s", c->name,
                         js.state == IPP_JSTATE_CANCELED ? "cancelled" : "aborted",
                         d->info.job_id, js.message != NULL ? ": " : "",
                         js.message != NULL ? js.message : "");
          break;
        }
      if (fatal != SEWA_PRINTER_ALERT_NONE)
        {
          set_fault_error (error, st, fatal);
          cancel_job (c, d->info.job_id);
          break;
        }
      if (g_get_monotonic_time () > deadline)
        {
          gboolean connecting = FALSE;

          for (guint i = 0; st->reasons[i] != NULL; i++)
            if (g_str_has_prefix (st->reasons[i], "connecting-to-device"))
              connecting = TRUE;
          /* A cupsd queue whose backend cannot reach the device says so; that is the
           * printer being unreachable, not slow. */
          g_autofree char *reasons = g_strjoinv (",", st->reasons);

          g_set_error (error, SEWA_PRINTER_ERROR,
                       connecting ? SEWA_PRINTER_ERROR_UNREACHABLE : SEWA_PRINTER_ERROR_TIMEOUT,
                       "job %d on printer \"%s\" did not complete in %u ms (reasons: %s; %s)",
                       d->info.job_id, c->name, self->job_ms, reasons,
                       st->message != NULL ? st->message : "");
          cancel_job (c, d->info.job_id);
          break;
        }
      if (wait_or_cancelled (cancellable, poll_ms))
        {
          cancel_job (c, d->info.job_id);
          g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_CANCELLED,
                       "job %d cancelled", d->info.job_id);
          break;
        }
      poll_ms = MIN (poll_ms * 2, POLL_MAX_MS);
    }
  g_free (js.message);
  return ok;
}

static gboolean
submit_job (Conn *c, PrintData *d, GCancellable *cancellable, GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (d->pdf, &len);
  ipp_status_t ipp;
  http_status_t hs;
  int job_id = 0;

  ipp = cupsCreateDestJob (c->http, c->dest, c->info, &job_id, d->title, 0, NULL);
  if (ipp > IPP_STATUS_OK_CONFLICTING || job_id <= 0)
    {
      g_set_error (error, SEWA_PRINTER_ERROR,
                   ipp == IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS ? SEWA_PRINTER_ERROR_STOPPED
                                                              : SEWA_PRINTER_ERROR_JOB_FAILED,
                   "printer \"%s\" refused the job: %s", c->name, cupsLastErrorString ());
      return FALSE;
    }
  d->info.job_id = job_id;

  hs = cupsStartDestDocument (c->http, c->dest, c->info, job_id, d->title, CUPS_FORMAT_PDF, 0,
                              NULL, 1);
  if (hs != HTTP_STATUS_CONTINUE)
    {
      g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_JOB_FAILED,
                   "printer \"%s\" refused the document: %s", c->name, cupsLastErrorString ());
      cancel_job (c, job_id);
      return FALSE;
    }
  for (gsize off = 0; off < len;)
    {
      gsize chunk = MIN (len - off, 64 * 1024);

      if (cupsWriteRequestData (c->http, data + off, chunk) != HTTP_STATUS_CONTINUE)
        break;
      off += chunk;
    }
  ipp = cupsFinishDestDocument (c->http, c->dest, c->info);
  if (ipp > IPP_STATUS_OK_CONFLICTING)
    {
      g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_JOB_FAILED,
                   "printer \"%s\" did not accept the document: %s", c->name,
                   cupsLastErrorString ());
      cancel_job (c, job_id);
      return FALSE;
    }
  d->info.accepted_us = g_get_monotonic_time ();
  if (g_cancellable_is_cancelled (cancellable))
    {
      cancel_job (c, job_id);
      g_set_error (error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_CANCELLED,
                   "job %d cancelled", job_id);
      return FALSE;
    }
  return TRUE;
}

static void
print_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SewaPrinter *self = source;
  PrintData *d = task_data;
  g_autoptr (Conn) c = NULL;
  g_autoptr (SewaPrinterStatus) st = NULL;
  g_autoptr (GError) error = NULL;
  SewaPrinterAlert fatal;

  g_mutex_lock (&self->job_lock);
  d->info.submitted_us = g_get_monotonic_time ();

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (&error, SEWA_PRINTER_ERROR, SEWA_PRINTER_ERROR_CANCELLED, "cancelled");
      goto out;
    }
  c = conn_open (self, cancellable, &error);
  if (c == NULL || !conn_load_info (c, &error))
    goto out;

  /* Look before sending: a printer that already reports a fault would hold the job, and the
   * citizen would wait for nothing. */
  st = get_status (c, &error);
  if (st == NULL)
    goto out;
  note_warnings (d, st);
  post_alerts (task, st, &d->alerts_posted);
  fatal = status_fatal_alert (st);
  if (fatal != SEWA_PRINTER_ALERT_NONE)
    {
      set_fault_error (&error, st, fatal);
      goto out;
    }

  if (!submit_job (c, d, cancellable, &error))
    goto out;
  follow_job (task, c, d, cancellable, &error);

out:
  g_mutex_unlock (&self->job_lock);
  if (error != NULL)
    {
      g_message ("print on \"%s\" failed: %s",
                 self->destination != NULL ? self->destination : "(default)", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    {
      g_task_return_int (task, d->info.job_id);
    }
}

void
sewa_printer_print_async (SewaPrinter *self, GBytes *pdf, const char *title,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  PrintData *d;

  g_return_if_fail (SEWA_IS_PRINTER (self));
  g_return_if_fail (pdf != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  d = g_new0 (PrintData, 1);
  d->pdf = g_bytes_ref (pdf);
  d->title = g_strdup (title != NULL ? title : "receipt");
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sewa_printer_print_async);
  g_task_set_task_data (task, d, print_data_free);
  /* The worker reports cancellation itself, as a typed error, after cancelling the job at
   * the printer; GTask must not return early and leave the job running. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, print_thread);
}

int
sewa_printer_print_finish (SewaPrinter *self, GAsyncResult *result, SewaPrintJobInfo *out_info,
                           GError **error)
{
  PrintData *d;
  gssize job_id;

  g_return_val_if_fail (SEWA_IS_PRINTER (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sewa_printer_print_async, 0);

  d = g_task_get_task_data (G_TASK (result));
  if (out_info != NULL)
    *out_info = d->info;
  job_id = g_task_propagate_int (G_TASK (result), error);
  return job_id > 0 ? (int) job_id : 0;
}

static void
query_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SewaPrinter *self = source;
  g_autoptr (Conn) c = NULL;
  g_autoptr (GError) error = NULL;
  SewaPrinterStatus *st;
  guint posted = 0;

  c = conn_open (self, cancellable, &error);
  if (c == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  st = get_status (c, &error);
  if (st == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  post_alerts (task, st, &posted);
  g_task_return_pointer (task, st, (GDestroyNotify) sewa_printer_status_free);
}

void
sewa_printer_query_state_async (SewaPrinter *self, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SEWA_IS_PRINTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sewa_printer_query_state_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, query_thread);
}

SewaPrinterStatus *
sewa_printer_query_state_finish (SewaPrinter *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SEWA_IS_PRINTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
