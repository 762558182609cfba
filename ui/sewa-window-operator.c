/* sewa-window-operator.c — operator mode: PIN, queue, reprints, printer.
 *
 * Entry is discreet: a long press (at least 3 s) on the emblem of the home screen (see
 * sewa-home-page.c) opens the PIN pad. The PIN is checked against the operators' PIN hashes in
 * the configuration ([operator.NAME] from `kioskctl operator add`, and the single [operator]
 * pin-hash as the operator "operator") with libsodium's crypto_pwhash_str_verify on a worker
 * thread (it is slow on purpose). The PIN names the operator, who is then on every audit entry
 * of the visit (sewa_window_operator_current_id()). Wrong PINs: after the third each further
 * attempt waits longer, after the fifth the pad is locked for 30 s, and each further wrong PIN doubles the lock up to 15 minutes
 * (kiosk/sewa-pin-lockout.h, the policy kioskctl's check-pin shares). The count survives leaving
 * the pad, so Cancel does not reset it.
 *
 * The operator's commands are the op.* actions of one GSimpleActionGroup on the window, all
 * disabled until the PIN is accepted and disabled again when the mode ends (Exit, idle
 * timeout, window closing). Screens only point their buttons at them.
 *
 * Operator mode shows no citizen data: entering it ends any citizen session (which wipes its
 * screens and values); the queue lists references, services and states. A reprint does read
 * the stored form (to put the applicant's name and masked numbers back on the receipt), but
 * only into the receipt, never onto the screen or into a log line. Every operator action is
 * appended to the store's audit log, with references and outcomes only.
 */
#include "sewa-build-config.h"
#include "sewa-window-private.h"
#include "sewa-receipt.h"
#include "sewa-pin-lockout.h"
#include "sewa-report.h"
#include "sewa-lockdown.h"
#include "sewa-log-ring.h"
#include "sewa-enrol.h"
#include "sewa-qr-decoder.h"
#include "sewa-qr-payload.h"
#include "screens/pin/sewa-pin-page.h"
#include "screens/operator/sewa-operator-page.h"
#include "screens/reset/sewa-reset-page.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

static SewaPinPage *
pin_page (SewaWindow *self)
{
  GtkWidget *w = gtk_stack_get_child_by_name (self->stack, "operator-pin");
  return w != NULL ? SEWA_PIN_PAGE (w) : NULL;
}

static SewaOperatorPage *
operator_page (SewaWindow *self)
{
  GtkWidget *w = gtk_stack_get_child_by_name (self->stack, "operator");
  return w != NULL ? SEWA_OPERATOR_PAGE (w) : NULL;
}

/* ---- audit ------------------------------------------------------------------------------- */

typedef struct
{
  SewaStore *store;
  char *event;
  char *detail;
  char *actor;
} AuditJob;

static void
audit_job_free (AuditJob *job)
{
  g_clear_object (&job->store);
  g_free (job->event);
  g_free (job->detail);
  g_free (job->actor);
  g_free (job);
}

static void
audit_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  AuditJob *job = data;
  g_autoptr (GError) error = NULL;

  if (!sewa_store_audit_as (job->store, job->actor, job->event, job->detail, &error))
    g_warning ("operator audit %s not written: %s", job->event, error->message);
  g_task_return_boolean (task, TRUE);
}

/* Written: the audit log goes to the portal now, not at its interval (the sync engine is the
 * application's, alive as long as it is; none on a kiosk not enrolled). */
static void
audit_written_send (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SewaApplication *app = user_data;
  SewaSync *sync = sewa_application_get_sync (app);

  if (sync != NULL)
    sewa_sync_send_audit_soon (sync);
  g_object_unref (app);
}

static void
audit_full (SewaWindow *self, const char *event, const char *detail, gboolean send_soon)
{
  SewaStore *store = sewa_application_get_store (self->app);
  g_autoptr (GTask) task = NULL;
  AuditJob *job;

  if (store == NULL)
    return;
  job = g_new0 (AuditJob, 1);
  job->store = g_object_ref (store);
  job->event = g_strdup (event);
  job->detail = g_strdup (detail);
  /* Who did it: the operator logged in now (none yet on the PIN pad). */
  job->actor = g_strdup (self->op_current_id);
  task = send_soon ? g_task_new (NULL, NULL, audit_written_send, g_object_ref (self->app))
                   : g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) audit_job_free);
  g_task_run_in_thread (task, audit_thread);
}

/* Appends to the audit log off the main loop (a store write waits for fsync). DETAIL holds
 * references, counts and outcomes only. */
static void
audit (SewaWindow *self, const char *event, const char *detail)
{
  audit_full (self, event, detail, FALSE);
}

/* The same, for what the portal's copy of the log should show at once: a correction begun (and,
 * through audit_full, a receipt printed again or a payment slip: a second paper receipt is what a
 * fraud would want). */
static void
audit_send_soon (SewaWindow *self, const char *event, const char *detail)
{
  audit_full (self, event, detail, TRUE);
}

/* ---- user-facing texts ------------------------------------------------------------------- */

static const char *
printer_error_text (const GError *error)
{
  if (error != NULL && error->domain == SEWA_PRINTER_ERROR)
    switch ((SewaPrinterError) error->code)
      {
      case SEWA_PRINTER_ERROR_NOT_FOUND: return _("No printer is set up for this kiosk.");
      case SEWA_PRINTER_ERROR_UNREACHABLE: return _("The printer cannot be reached. Check its cable and power.");
      case SEWA_PRINTER_ERROR_STOPPED: return _("The printer is stopped.");
      case SEWA_PRINTER_ERROR_MEDIA_EMPTY: return _("The printer is out of paper.");
      case SEWA_PRINTER_ERROR_MEDIA_JAM: return _("Paper is jammed in the printer.");
      case SEWA_PRINTER_ERROR_COVER_OPEN: return _("The printer cover is open.");
      case SEWA_PRINTER_ERROR_OFFLINE: return _("The printer is offline.");
      case SEWA_PRINTER_ERROR_JOB_FAILED: return _("The printer refused the job.");
      case SEWA_PRINTER_ERROR_CANCELLED: return _("Printing was cancelled.");
      case SEWA_PRINTER_ERROR_TIMEOUT: return _("The printer did not finish in time.");
      default: break;
      }
  return _("The document could not be printed.");
}

/* For the audit log: a stable word, not the translated text. */
static const char *
printer_error_word (const GError *error)
{
  if (error == NULL || error->domain != SEWA_PRINTER_ERROR)
    return "other";
  switch ((SewaPrinterError) error->code)
    {
    case SEWA_PRINTER_ERROR_NOT_FOUND: return "not-found";
    case SEWA_PRINTER_ERROR_UNREACHABLE: return "unreachable";
    case SEWA_PRINTER_ERROR_STOPPED: return "stopped";
    case SEWA_PRINTER_ERROR_MEDIA_EMPTY: return "media-empty";
    case SEWA_PRINTER_ERROR_MEDIA_JAM: return "media-jam";
    case SEWA_PRINTER_ERROR_COVER_OPEN: return "cover-open";
    case SEWA_PRINTER_ERROR_OFFLINE: return "offline";
    case SEWA_PRINTER_ERROR_JOB_FAILED: return "job-failed";
    case SEWA_PRINTER_ERROR_CANCELLED: return "cancelled";
    case SEWA_PRINTER_ERROR_TIMEOUT: return "timeout";
    default: return "other";
    }
}

static const char *
alert_text (SewaPrinterAlert alert)
{
  switch (alert)
    {
    case SEWA_PRINTER_ALERT_MEDIA_EMPTY: return _("Out of paper");
    case SEWA_PRINTER_ALERT_MEDIA_JAM: return _("Paper jam");
    case SEWA_PRINTER_ALERT_COVER_OPEN: return _("Cover open");
    case SEWA_PRINTER_ALERT_OFFLINE: return _("Offline");
    case SEWA_PRINTER_ALERT_STOPPED: return _("Stopped");
    case SEWA_PRINTER_ALERT_MEDIA_LOW: return _("Paper is running low");
    case SEWA_PRINTER_ALERT_MARKER_LOW: return _("Ink or ribbon is running low");
    case SEWA_PRINTER_ALERT_NONE:
    default: return NULL;
    }
}

static const char *
printer_state_text (SewaPrinterState state)
{
  switch (state)
    {
    case SEWA_PRINTER_STATE_IDLE: return _("Printer ready");
    case SEWA_PRINTER_STATE_PROCESSING: return _("Printer busy printing");
    case SEWA_PRINTER_STATE_STOPPED: return _("Printer stopped");
    case SEWA_PRINTER_STATE_UNKNOWN:
    default: return _("Printer state unknown");
    }
}

static const char *
printer_state_word (SewaPrinterState state)
{
  switch (state)
    {
    case SEWA_PRINTER_STATE_IDLE: return "idle";
    case SEWA_PRINTER_STATE_PROCESSING: return "processing";
    case SEWA_PRINTER_STATE_STOPPED: return "stopped";
    case SEWA_PRINTER_STATE_UNKNOWN:
    default: return "unknown";
    }
}

/* Every op.* handler asks this first. The actions are disabled outside operator mode, but a
 * disabled action is presentation: the handler does not trust that it cannot be reached. */
static gboolean
operator_open (SewaWindow *self)
{
  return self->op_active && self->op_open;
}

/* ---- leaving, idle ----------------------------------------------------------------------- */

static void
set_op_actions_enabled (SewaWindow *self, gboolean enabled)
{
  g_auto (GStrv) names = g_action_group_list_actions (G_ACTION_GROUP (self->op_actions));

  for (guint i = 0; names[i] != NULL; i++)
    g_simple_action_set_enabled (
        G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->op_actions), names[i])),
        enabled);
}

static void
remove_screen (SewaWindow *self, const char *name)
{
  GtkWidget *w = gtk_stack_get_child_by_name (self->stack, name);

  if (w != NULL)
    gtk_stack_remove (self->stack, w);
}

/* Ends operator mode: actions off, timers stopped, work in flight abandoned (prints already
 * sent to the printer complete and are audited), screens gone. */
static void
operator_stop (SewaWindow *self)
{
  /* Technician mode lives inside operator mode: it never outlasts it. */
  if (sewa_lockdown_get_technician (GTK_WINDOW (self)))
    sewa_lockdown_set_technician (GTK_WINDOW (self), FALSE);
  if (self->op_actions != NULL)
    g_action_group_change_action_state (G_ACTION_GROUP (self->op_actions), "technician",
                                        g_variant_new_boolean (FALSE));
  set_op_actions_enabled (self, FALSE);
  self->op_open = FALSE;
  self->op_active = FALSE;
  g_clear_handle_id (&self->op_idle_id, g_source_remove);
  g_clear_handle_id (&self->op_lock_tick_id, g_source_remove);
  if (self->op_cancellable != NULL)
    g_cancellable_cancel (self->op_cancellable);
  g_clear_object (&self->op_cancellable);
  self->op_verify_serial++;
  self->op_reset_step = 0;
  self->op_reset_unsent = 0;
  self->op_probing = FALSE;
  self->op_pin_for_technician = FALSE;
  g_clear_pointer (&self->op_probe, g_free);
  g_clear_pointer (&self->op_last_print_error, g_error_free);
  sewa_window_counter_clear (self);
}

static void
operator_leave (SewaWindow *self, const char *reason)
{
  gboolean was_open = self->op_open;

  if (!self->op_active)
    return;
  operator_stop (self);
  gtk_stack_set_visible_child_name (self->stack, "home");
  remove_screen (self, "operator");
  remove_screen (self, "operator-pin");
  remove_screen (self, "operator-reset");
  sewa_window_update_chrome (self);
  g_message ("operator mode ended (%s)", reason);
  if (was_open)
    {
      g_autofree char *detail = g_strdup_printf ("reason=%s", reason);
      audit (self, "operator.exit", detail);
    }
  g_clear_pointer (&self->op_current_id, g_free);
}

static gboolean
idle_expired (gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  self->op_idle_id = 0;
  operator_leave (self, "idle");
  return G_SOURCE_REMOVE;
}

void
sewa_window_operator_touch (SewaWindow *self)
{
  SewaConfig *config;

  if (!self->op_active)
    return;
  config = sewa_application_get_config (self->app);
  g_clear_handle_id (&self->op_idle_id, g_source_remove);
  /* Read at every arm: the configured value, never below one second. */
  self->op_idle_id = g_timeout_add_seconds (MAX (config->operator_idle_timeout_s, 1u),
                                            idle_expired, self);
}

/* ---- PIN --------------------------------------------------------------------------------- */

typedef struct
{
  guint failures;      /* wrong PINs in a row (kept across visits to the pad) */
  gint64 locked_until; /* monotonic µs; this PIN is refused until then */
} SewaPinLock;

/* The count of whoever the pad asks for now: the technician, the operator chosen on the pad's
 * row, or the only operator. NULL while several operators are configured and none is chosen. */
static const char *
current_lock_id (SewaWindow *self)
{
  SewaPinPage *page = pin_page (self);
  SewaConfig *config = sewa_application_get_config (self->app);

  if (self->op_pin_for_technician)
    return "";
  if (config->operators->len == 1)
    return ((const SewaConfigOperator *) g_ptr_array_index (config->operators, 0))->id;
  return page != NULL ? sewa_pin_page_get_operator (page) : NULL;
}

static SewaPinLock *
current_lock (SewaWindow *self)
{
  const char *id = current_lock_id (self);
  SewaPinLock *lock;

  if (id == NULL)
    return NULL;
  if (self->op_locks == NULL)
    self->op_locks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lock = g_hash_table_lookup (self->op_locks, id);
  if (lock == NULL)
    {
      lock = g_new0 (SewaPinLock, 1);
      g_hash_table_insert (self->op_locks, g_strdup (id), lock);
    }
  return lock;
}

/* The clock the PIN locks run on (monotonic µs); a test may set its own. */
static gint64
lock_now (SewaWindow *self)
{
  return self->op_lock_clock != NULL ? self->op_lock_clock (self->op_lock_clock_data)
                                     : g_get_monotonic_time ();
}

static guint
lock_remaining (SewaWindow *self)
{
  gint64 now = lock_now (self);
  SewaPinLock *lock = current_lock (self);

  if (lock == NULL || lock->locked_until <= now)
    return 0;
  return (guint) ((lock->locked_until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/* Shows the pad locked or not, and returns the seconds left it showed. The countdown decides
 * from that same reading whether to tick again: with a second reading of the clock, a lock
 * running out between the two left the pad locked with no tick to unlock it (a PIN pad that
 * ignored every tap until operator mode idled out). */
static guint
show_lock_message (SewaWindow *self)
{
  SewaPinPage *page = pin_page (self);
  guint left = lock_remaining (self);
  SewaPinLock *lock = current_lock (self);
  guint failures = lock != NULL ? lock->failures : 0;
  g_autofree char *text = NULL;

  if (page == NULL)
    return left;
  if (left == 0)
    {
      sewa_pin_page_set_locked (page, FALSE);
      sewa_pin_page_set_message (page, failures > 0 ? _("Wrong PIN. Please try again.") : NULL,
                                 failures > 0);
      return 0;
    }
  if (failures >= SEWA_PIN_FAILURES_BEFORE_LOCKOUT)
    text = g_strdup_printf (ngettext ("Too many wrong PINs. Operator mode is locked for %u second.",
                                      "Too many wrong PINs. Operator mode is locked for %u seconds.",
                                      left), left);
  else
    text = g_strdup_printf (ngettext ("Wrong PIN. Wait %u second before trying again.",
                                      "Wrong PIN. Wait %u seconds before trying again.", left), left);
  sewa_pin_page_set_locked (page, TRUE);
  sewa_pin_page_set_message (page, text, TRUE);
  return left;
}

static gboolean
lock_tick (gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  if (show_lock_message (self) == 0)
    {
      self->op_lock_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_lock_countdown (SewaWindow *self)
{
  g_clear_handle_id (&self->op_lock_tick_id, g_source_remove);
  if (show_lock_message (self) > 0)
    self->op_lock_tick_id = g_timeout_add_seconds (1, lock_tick, self);
}

typedef struct
{
  GStrv hashes;  /* the operators' PIN hashes, in configuration order (one: the technician's) */
  GStrv ids;     /* their ids, parallel to hashes */
  char *pin;
  char *lock_id; /* whose count the answer goes to */
  guint serial;
  gboolean technician; /* the technician's PIN, asked from inside operator mode */
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  if (job->pin != NULL)
    sodium_memzero (job->pin, strlen (job->pin));
  g_free (job->pin);
  g_strfreev (job->hashes);
  g_strfreev (job->ids);
  g_free (job->lock_id);
  g_free (job);
}

static void
verify_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VerifyJob *job = data;
  gssize found = -1;

  if (sodium_init () < 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "libsodium cannot start");
      return;
    }
  /* The PIN names the operator (kioskctl refuses a PIN two operators would share): each hash
   * in turn until one accepts it. -1: none did. */
  for (guint i = 0; job->hashes[i] != NULL; i++)
    if (crypto_pwhash_str_verify (job->hashes[i], job->pin, strlen (job->pin)) == 0)
      {
        found = (gssize) i;
        break;
      }
  sodium_memzero (job->pin, strlen (job->pin));
  g_task_return_int (task, found);
}

static void open_operator_page (SewaWindow *self);
static void technician_set (SewaWindow *self, gboolean on);

static void
verified (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  VerifyJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gssize found = g_task_propagate_int (G_TASK (result), &error);
  gboolean ok = found >= 0;
  g_autofree char *detail = NULL;
  SewaPinLock *lock;
  guint delay;

  /* The operator left (or the pad was rebuilt) while the hash was being checked. */
  if (!self->op_active || job->serial != self->op_verify_serial || pin_page (self) == NULL)
    return;
  if (error != NULL)
    {
      g_warning ("operator PIN not checked: %s", error->message);
      sewa_pin_page_set_locked (pin_page (self), FALSE);
      sewa_pin_page_set_message (pin_page (self), _("The PIN could not be checked. Please try again."), TRUE);
      return;
    }
  lock = current_lock (self);
  /* The operator chosen on the pad changed while the PIN was checked: the answer is for
   * someone else's count. */
  if (lock == NULL || g_strcmp0 (current_lock_id (self), job->lock_id) != 0)
    return;
  if (ok && job->technician)
    {
      *lock = (SewaPinLock) { 0 };
      technician_set (self, TRUE);
      return;
    }
  if (ok)
    {
      *lock = (SewaPinLock) { 0 };
      g_free (self->op_current_id);
      self->op_current_id = g_strdup (job->ids[found]);
      g_message ("operator mode opened by %s", self->op_current_id);
      audit (self, "operator.enter", NULL);
      open_operator_page (self);
      return;
    }

  /* One count of wrong PINs for the pad, whichever PIN it asked for: guessing the technician's
   * PIN is no cheaper than guessing the operator's. */
  lock->failures++;
  delay = sewa_pin_lockout_delay (lock->failures);
  lock->locked_until = delay > 0 ? lock_now (self) + (gint64) delay * G_USEC_PER_SEC : 0;
  g_message ("wrong %s PIN (%u in a row)", job->technician ? "technician" : "operator", lock->failures);
  /* Whose PIN was tried goes into the entry (an operator id, not a secret). */
  detail = job->technician ? g_strdup_printf ("failures=%u delay=%u", lock->failures, delay)
                           : g_strdup_printf ("operator=%s failures=%u delay=%u", job->ids[0],
                                              lock->failures, delay);
  if (job->technician)
    audit (self, lock->failures >= SEWA_PIN_FAILURES_BEFORE_LOCKOUT ? "technician.lockout" : "technician.pin-wrong",
           detail);
  else
    audit (self, lock->failures >= SEWA_PIN_FAILURES_BEFORE_LOCKOUT ? "operator.lockout" : "operator.pin-wrong",
           detail);
  start_lock_countdown (self);
}

static void
on_pin_submitted (SewaPinPage *page, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaConfig *config = sewa_application_get_config (self->app);
  g_autoptr (GTask) task = NULL;
  VerifyJob *job;

  g_autoptr (GStrvBuilder) hashes = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  guint n = 0;

  if (self->op_pin_for_technician && config->technician_pin_hash != NULL)
    {
      g_strv_builder_add (hashes, config->technician_pin_hash);
      g_strv_builder_add (ids, "technician");
      n = 1;
    }
  else if (!self->op_pin_for_technician)
    {
      /* The operator chosen on the pad (or the only one): their PIN alone is checked, against
       * their own count of wrong PINs. */
      const char *chosen = config->operators->len == 1
                             ? ((const SewaConfigOperator *) g_ptr_array_index (config->operators, 0))->id
                             : sewa_pin_page_get_operator (page);
      const SewaConfigOperator *op = sewa_config_find_operator (config, chosen);

      if (op != NULL)
        {
          g_strv_builder_add (hashes, op->pin_hash);
          g_strv_builder_add (ids, op->id);
          n = 1;
        }
    }

  /* The technician's pad belongs to an open operator mode; a pad left from before is inert. */
  if (lock_remaining (self) > 0 || n == 0 || (self->op_pin_for_technician && !self->op_open))
    {
      g_free (sewa_pin_page_take_pin (page));
      start_lock_countdown (self);
      return;
    }
  job = g_new0 (VerifyJob, 1);
  job->pin = sewa_pin_page_take_pin (page);
  job->hashes = g_strv_builder_end (hashes);
  job->ids = g_strv_builder_end (ids);
  job->lock_id = g_strdup (self->op_pin_for_technician ? "" : job->ids[0]);
  job->technician = self->op_pin_for_technician;
  job->serial = ++self->op_verify_serial;
  sewa_pin_page_set_locked (page, TRUE);
  sewa_pin_page_set_message (page, _("Checking the PIN…"), FALSE);
  task = g_task_new (NULL, NULL, verified, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_task_run_in_thread (task, verify_thread);
}

static void
show_pin_page (SewaWindow *self)
{
  GtkWidget *page = sewa_pin_page_new ();

  if (self->op_pin_for_technician)
    sewa_pin_page_set_prompt (SEWA_PIN_PAGE (page), _("Technician mode"), _("Enter the technician PIN"));
  else
    {
      SewaConfig *config = sewa_application_get_config (self->app);
      g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
      g_auto (GStrv) ids = NULL;

      for (guint i = 0; i < config->operators->len; i++)
        g_strv_builder_add (b, ((const SewaConfigOperator *) g_ptr_array_index (config->operators, i))->id);
      ids = g_strv_builder_end (b);
      sewa_pin_page_set_operators (SEWA_PIN_PAGE (page), (const char *const *) ids);
      g_signal_connect_object (page, "operator-changed", G_CALLBACK (start_lock_countdown), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (page, "submitted", G_CALLBACK (on_pin_submitted), self, 0);
  /* A check in flight belongs to the old pad; its answer is dropped. */
  self->op_verify_serial++;
  sewa_window_replace_screen (self, "operator-pin", page);
  start_lock_countdown (self);
}

static void
operator_begin_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaConfig *config = sewa_application_get_config (self->app);

  if (config->operators->len == 0)
    {
      g_message ("operator mode is disabled: no operator PIN in the configuration "
                 "(add one with `kioskctl operator add NAME`)");
      return;
    }
  if (self->op_active)
    return;
  /* Whatever a citizen left on screen goes before the operator sees anything. */
  sewa_session_end (self->session, SEWA_SESSION_END_START_OVER);
  if (!sewa_lang_from_code (config->default_language, &self->op_lang))
    self->op_lang = SEWA_LANG_PA;
  sewa_lang_apply (self->op_lang);
  self->op_active = TRUE;
  self->op_cancellable = g_cancellable_new ();
  show_pin_page (self);
  sewa_window_operator_touch (self);
}

static void
operator_cancel_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  /* Cancelling the technician's pad goes back to operator mode, not out of it. */
  if (self->op_pin_for_technician && self->op_open)
    {
      self->op_pin_for_technician = FALSE;
      self->op_verify_serial++;
      open_operator_page (self);
      return;
    }
  operator_leave (self, "cancel");
}

/* ---- the queue --------------------------------------------------------------------------- */

static gint64
start_of_today (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                          g_date_time_get_month (now),
                                                          g_date_time_get_day_of_month (now),
                                                          0, 0, 0);
  return g_date_time_to_unix (midnight);
}

static gboolean
is_pending (SewaAppState state)
{
  return state == SEWA_APP_QUEUED || state == SEWA_APP_UPLOADING || state == SEWA_APP_SUBMITTED;
}

typedef struct
{
  SewaStore *store;
  GPtrArray *apps;   /* SewaAppRecord*, without PII */
  GPtrArray *payments; /* SewaPaymentRecord*: today's, for the day summary */
  gboolean closed;     /* the summary is the day close's: print its cash lines */
  gint64 expected_paise;
  gint64 counted_paise;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->apps, g_ptr_array_unref);
  g_clear_pointer (&job->payments, g_ptr_array_unref);
  g_free (job);
}

static void
list_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ListJob *job = data;
  GError *error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  job->apps = sewa_store_list (job->store, -1, FALSE, &error);
  if (job->apps != NULL)
    job->payments = sewa_store_payment_list_day (job->store, today, &error);
  if (job->apps == NULL || job->payments == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_list_job (SewaWindow *self, ListJob *job, GAsyncReadyCallback done)
{
  g_autoptr (GTask) task = NULL;

  job->store = g_object_ref (sewa_application_get_store (self->app));
  task = g_task_new (NULL, self->op_cancellable, done, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);
  g_task_run_in_thread (task, list_thread);
}

static void
run_list (SewaWindow *self, GAsyncReadyCallback done)
{
  run_list_job (self, g_new0 (ListJob, 1), done);
}

static const char *
service_name (SewaWindow *self, const char *service_id)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service = catalog != NULL ? sewa_catalog_lookup_service (catalog, service_id) : NULL;

  /* A service dropped from a newer catalog is still named by its id. */
  return service != NULL ? sewa_text_get (sewa_service_get_name (service), self->op_lang) : service_id;
}

static void
queue_listed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  ListJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  SewaOperatorPage *page = operator_page (self);
  SewaOperatorCounts counts = { 0 };
  gint64 today = start_of_today ();

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("operator queue not read: %s", error->message);
      if (page != NULL)
        sewa_operator_page_set_result (page, _("The queue could not be read. Call the technician."), TRUE);
      return;
    }
  if (page == NULL || !self->op_open)
    return;

  sewa_operator_page_clear_applications (page);
  for (guint i = 0; i < job->apps->len; i++)
    {
      const SewaAppRecord *app = g_ptr_array_index (job->apps, i);

      if (app->state <= SEWA_APP_QUARANTINED)
        counts.by_state[app->state]++;
      if (is_pending (app->state) &&
          (counts.oldest_pending_created_at == 0 || app->created_at < counts.oldest_pending_created_at))
        counts.oldest_pending_created_at = app->created_at;
    }
  sewa_operator_page_set_counts (page, &counts, g_get_real_time () / G_USEC_PER_SEC);

  /* Newest first: today's applications, and older ones that still need something. */
  for (guint i = job->apps->len; i-- > 0;)
    {
      const SewaAppRecord *app = g_ptr_array_index (job->apps, i);

      if (app->created_at >= today || is_pending (app->state) || app->state == SEWA_APP_QUARANTINED)
        sewa_operator_page_add_application (page, app->reference, service_name (self, app->service_id),
                                            app->state, app->last_error);
    }
  self->op_queue_loads++;
}

static void
refresh_queue (SewaWindow *self)
{
  if (sewa_application_get_store (self->app) != NULL)
    run_list (self, queue_listed);
}

static void
refresh_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  refresh_queue (SEWA_WINDOW (user_data));
}

/* ---- printing (reprint, test page, summary) ---------------------------------------------- */

typedef enum { PRINT_REPRINT, PRINT_TEST_PAGE, PRINT_SUMMARY, PRINT_SLIP } PrintKind;

typedef struct
{
  SewaWindow *self;
  PrintKind kind;
  char *reference;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->self);
  g_free (job->reference);
  g_free (job);
}

static void
show_print_result (SewaWindow *self, PrintKind kind, const char *text, gboolean problem)
{
  SewaOperatorPage *page = operator_page (self);

  if (page == NULL)
    return;
  if (kind == PRINT_REPRINT)
    sewa_operator_page_set_result (page, text, problem);
  else
    sewa_operator_page_set_printer_result (page, text, problem);
}

static const char *
print_event (PrintKind kind)
{
  switch (kind)
    {
    case PRINT_REPRINT: return "operator.reprint";
    case PRINT_TEST_PAGE: return "operator.test-page";
    case PRINT_SUMMARY: return "operator.summary";
    case PRINT_SLIP: return "operator.payment-slip";
    default: g_assert_not_reached ();
    }
}

static void
printed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PrintJob *job = user_data;
  SewaWindow *self = job->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL, *text = NULL;
  int id = sewa_printer_print_finish (SEWA_PRINTER (source), result, NULL, &error);

  if (id > 0)
    {
      detail = job->reference != NULL ? g_strdup_printf ("reference=%s result=printed job=%d", job->reference, id)
                                       : g_strdup_printf ("result=printed job=%d", id);
      switch (job->kind)
        {
        case PRINT_REPRINT:
          /* TRANSLATORS: %s is an application reference */
          text = g_strdup_printf (_("The receipt for %s was printed."), job->reference);
          break;
        case PRINT_TEST_PAGE: text = g_strdup (_("The test page was printed.")); break;
        case PRINT_SUMMARY: text = g_strdup (_("Today's summary was printed.")); break;
        case PRINT_SLIP:
          /* TRANSLATORS: %s is an application reference */
          text = g_strdup_printf (_("The payment slip for %s was printed."), job->reference);
          break;
        default: g_assert_not_reached ();
        }
      g_clear_pointer (&self->op_last_print_error, g_error_free);
    }
  else
    {
      detail = job->reference != NULL
                   ? g_strdup_printf ("reference=%s result=failed error=%s", job->reference, printer_error_word (error))
                   : g_strdup_printf ("result=failed error=%s", printer_error_word (error));
      /* TRANSLATORS: "Not printed: " followed by the printer's problem */
      text = g_strdup_printf (_("Not printed: %s"), printer_error_text (error));
      g_message ("operator print (%s) failed: %s", print_event (job->kind), error->message);
      g_clear_pointer (&self->op_last_print_error, g_error_free);
      self->op_last_print_error = g_error_copy (error);
    }
  audit_full (self, print_event (job->kind), detail, job->kind == PRINT_REPRINT || job->kind == PRINT_SLIP);
  if (self->op_open)
    show_print_result (self, job->kind, text, id <= 0);
  /* The operator who took the money is on the Counter tab, waiting to hand the slip over: a
   * slip that did not print is said there too, with what to do instead. */
  if (self->op_open && id <= 0 && job->kind == PRINT_SLIP && operator_page (self) != NULL)
    {
      /* TRANSLATORS: an application reference, then the printer's problem */
      g_autofree char *counter = g_strdup_printf (_("The payment for %s is recorded, but its slip did not "
                                                    "print: %s Reprint the receipt from the Queue tab "
                                                    "once the printer works: it shows the fee paid."),
                                                  job->reference, printer_error_text (error));

      sewa_operator_page_add_counter_problem (operator_page (self), counter);
    }
  self->op_prints_done++;
  print_job_free (job);
}

static void
send_to_printer (SewaWindow *self, PrintKind kind, const char *reference, GBytes *pdf)
{
  PrintJob *job = g_new0 (PrintJob, 1);

  job->self = g_object_ref (self);
  job->kind = kind;
  job->reference = g_strdup (reference);
  /* The window's print cancellable, not the operator's: a job handed to the printer is
   * finished (and audited) even if the operator leaves meanwhile. */
  sewa_printer_print_async (sewa_application_get_printer (self->app), pdf,
                            kind == PRINT_REPRINT || kind == PRINT_SLIP ? "receipt" : "report",
                            self->print_cancellable,
                            printed, job);
}

static SewaPaper
configured_paper (SewaWindow *self)
{
  SewaPaper paper = SEWA_PAPER_80MM;

  sewa_paper_from_string (sewa_application_get_config (self->app)->paper, &paper);
  return paper;
}

static void
render_failed (SewaWindow *self, PrintKind kind, const char *reference, const GError *error)
{
  g_autofree char *detail = reference != NULL ? g_strdup_printf ("reference=%s result=not-rendered", reference)
                                              : g_strdup ("result=not-rendered");

  g_warning ("operator document (%s) not rendered: %s", print_event (kind), error->message);
  audit (self, print_event (kind), detail);
  show_print_result (self, kind, _("The document could not be prepared for printing."), TRUE);
}

/* -- reprint -- */

typedef struct
{
  SewaStore *store;
  char *reference;
  SewaAppRecord *app;  /* with PII: the form, to put name and masked numbers back on paper */
  char *actor;         /* the operator doing it, for the audit entry written on the worker */
  SewaFeeStatus fee;   /* the fee state now, payments at the counter included */
  gboolean has_fee;    /* fee was read */
} GetJob;

static void
wipe_record (SewaAppRecord *app)
{
  if (app == NULL)
    return;
  if (app->form_json != NULL)
    sodium_memzero (app->form_json, strlen (app->form_json));
  if (app->citizen_ref != NULL)
    sodium_memzero (app->citizen_ref, strlen (app->citizen_ref));
  sewa_app_record_free (app);
}

static void
get_job_free (GetJob *job)
{
  g_clear_object (&job->store);
  g_free (job->actor);
  g_free (job->reference);
  g_clear_pointer (&job->app, wipe_record);
  g_free (job);
}

static void
get_pii_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GetJob *job = data;
  GError *error = NULL;

  job->app = sewa_store_get (job->store, job->reference, TRUE, &error);
  if (job->app == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A receipt says the fee's state when it is printed: a payment taken at the counter since
   * shows. Without it the reprint falls back to the state at submit. */
  job->has_fee = sewa_store_fee_status (job->store, job->app->id, &job->fee, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
get_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GetJob *job = data;
  GError *error = NULL;

  job->app = sewa_store_get (job->store, job->reference, FALSE, &error);
  if (job->app == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static const char *
first_value_of_type (const SewaForm *form, JsonObject *values, SewaFieldType type)
{
  for (guint s = 0; form != NULL && s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);
      for (guint f = 0; f < sec->fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (sec->fields, f);
          JsonNode *node;
          const char *v;

          if (field->type != type || !json_object_has_member (values, field->id))
            continue;
          node = json_object_get_member (values, field->id);
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          v = json_node_get_string (node);
          if (v != NULL && *v != '\0')
            return v;
        }
    }
  return NULL;
}

static void
set_last4 (char out[5], const char *value)
{
  size_t len = value != NULL ? strlen (value) : 0;

  out[0] = '\0';
  if (len >= 4)
    g_strlcpy (out, value + len - 4, 5);
}

/* The receipt again, from what the store kept: same reference, issue time and documents as
 * the first print, the ARN if the portal has issued one since, marked as a reprint. Printed
 * in the operator's current language (the citizen's choice is not stored). */
static SewaReceiptData *
receipt_from_record (SewaWindow *self, const SewaAppRecord *app)
{
  SewaConfig *config = sewa_application_get_config (self->app);
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service = catalog != NULL ? sewa_catalog_lookup_service (catalog, app->service_id) : NULL;
  const SewaForm *form = service != NULL ? sewa_service_get_form (service) : NULL;
  SewaReceiptData *r = sewa_receipt_data_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  int limit = service != NULL ? sewa_service_get_time_limit_days (service) : -1;
  SewaLang lang = self->op_lang;

  /* A reprint is for the citizen: in the language they used at the kiosk, whatever the
   * operator's (records made before the kiosk kept it fall back to the operator's). */
  if (app->citizen_lang != NULL && !sewa_lang_from_code (app->citizen_lang, &lang))
    lang = self->op_lang;

  r->centre_code = g_strdup (config->centre_code);
  r->kiosk_number = config->kiosk_number;
  r->issued_at = g_date_time_new_from_unix_local (app->created_at);
  r->lang = lang;
  r->reprint = TRUE;
  r->service_name_local = g_strdup (service != NULL ? sewa_text_get (sewa_service_get_name (service), lang)
                                                    : app->service_id);
  r->service_name_en = g_strdup (service != NULL ? sewa_text_get (sewa_service_get_name (service), SEWA_LANG_EN)
                                                 : app->service_id);
  root = app->form_json != NULL ? json_from_string (app->form_json, NULL) : NULL;
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *values = json_node_get_object (root);

      r->applicant_name = g_strdup (first_value_of_type (form, values, SEWA_FIELD_TYPE_NAME));
      set_last4 (r->aadhaar_last4, first_value_of_type (form, values, SEWA_FIELD_TYPE_AADHAAR));
      set_last4 (r->mobile_last4, first_value_of_type (form, values, SEWA_FIELD_TYPE_MOBILE));
    }
  r->reference = g_strdup (app->reference);
  r->arn = g_strdup (app->arn);
  /* A reprint of an assisted application still says who filled it in. */
  r->assisted_by = g_strdup (app->assisted_by);
  for (guint i = 0; service != NULL && app->pages != NULL && i < app->pages->len; i++)
    {
      const SewaAppPage *p = g_ptr_array_index (app->pages, i);
      GPtrArray *reqs = sewa_service_get_documents (service);

      if (p->document_id == NULL || g_hash_table_contains (seen, p->document_id))
        continue;
      g_hash_table_add (seen, p->document_id);
      for (guint k = 0; reqs != NULL && k < reqs->len; k++)
        {
          const SewaDocumentRequirement *req = g_ptr_array_index (reqs, k);
          if (g_str_equal (req->id, p->document_id))
            sewa_receipt_data_add_document (r, sewa_text_get (&req->label, lang),
                                            SEWA_DOC_SOURCE_SCANNED);
        }
    }
  r->fee_paise = app->fee_amount_paise;
  switch (app->fee_state)
    {
    case SEWA_FEE_DUE: r->fee_state = SEWA_RECEIPT_FEE_DUE_AT_COUNTER; break;
    case SEWA_FEE_PAID:
      r->fee_state = (service != NULL && sewa_service_get_payment (service) == SEWA_PAYMENT_UPI)
                         ? SEWA_RECEIPT_FEE_PAID_UPI : SEWA_RECEIPT_FEE_PAID_CASH;
      break;
    case SEWA_FEE_NONE:
    default: r->fee_state = SEWA_RECEIPT_FEE_NONE; break;
    }
  if (limit > 0)
    sewa_receipt_due_date (r->issued_at, (guint) limit, &r->due_date);
  r->track_url = g_strdup (config->track_url);
  return r;
}

static void
reprint_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  GetJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaReceiptData) receipt = NULL;
  g_autoptr (GBytes) pdf = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *detail = g_strdup_printf ("reference=%s result=not-found", job->reference);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("reprint of %s: %s", job->reference, error->message);
      audit (self, "operator.reprint", detail);
      show_print_result (self, PRINT_REPRINT, _("This application could not be read from the queue."), TRUE);
      return;
    }
  receipt = receipt_from_record (self, job->app);
  if (job->has_fee && job->fee == SEWA_FEE_STATUS_PAID_CASH)
    receipt->fee_state = SEWA_RECEIPT_FEE_PAID_CASH;
  else if (job->has_fee && job->fee == SEWA_FEE_STATUS_PAID_UPI)
    receipt->fee_state = SEWA_RECEIPT_FEE_PAID_UPI;
  else if (job->has_fee && job->fee == SEWA_FEE_STATUS_WAIVED)
    receipt->fee_state = SEWA_RECEIPT_FEE_NONE;
  g_clear_pointer (&job->app, wipe_record);
  pdf = sewa_receipt_render_pdf (receipt, configured_paper (self), NULL, &error);
  if (pdf == NULL)
    {
      render_failed (self, PRINT_REPRINT, job->reference, error);
      return;
    }
  {
    /* TRANSLATORS: %s is an application reference */
    g_autofree char *text = g_strdup_printf (_("Printing the receipt for %s…"), job->reference);
    show_print_result (self, PRINT_REPRINT, text, FALSE);
  }
  send_to_printer (self, PRINT_REPRINT, job->reference, pdf);
}

static void
run_get (SewaWindow *self, const char *reference, gboolean with_pii, GAsyncReadyCallback done)
{
  g_autoptr (GTask) task = NULL;
  GetJob *job = g_new0 (GetJob, 1);

  job->store = g_object_ref (sewa_application_get_store (self->app));
  job->reference = g_strdup (reference);
  task = g_task_new (NULL, self->op_cancellable, done, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) get_job_free);
  g_task_run_in_thread (task, with_pii ? get_pii_thread : get_thread);
}

static void
reprint_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  run_get (SEWA_WINDOW (user_data), g_variant_get_string (param, NULL), TRUE, reprint_loaded);
}

/* -- details -- */

static char *
format_time (gint64 unix_time)
{
  g_autoptr (GDateTime) t = NULL;

  if (unix_time <= 0)
    return g_strdup ("—");
  t = g_date_time_new_from_unix_local (unix_time);
  return g_date_time_format (t, "%d-%m-%Y %H:%M");
}

static void
details_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  GetJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  SewaOperatorPage *page = operator_page (self);
  const SewaAppRecord *app;
  GString *text;
  g_autofree char *created = NULL, *submitted = NULL, *acked = NULL, *updated = NULL, *detail = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && page != NULL)
        sewa_operator_page_set_details (page, _("This application could not be read from the queue."));
      return;
    }
  if (page == NULL)
    return;
  app = job->app;
  created = format_time (app->created_at);
  submitted = format_time (app->submitted_at);
  acked = format_time (app->acknowledged_at);
  updated = format_time (app->updated_at);
  text = g_string_new (NULL);
  /* The store keeps when each step happened rather than a separate history: shown in order. */
  g_string_append_printf (text, "%s\n%s: %s\n%s: %s\n%s: %u\n\n%s: %s\n%s: %s\n%s: %s\n%s: %s",
                          app->reference,
                          _("Application number (ARN)"), app->arn != NULL ? app->arn : _("not issued yet"),
                          _("State"), sewa_operator_state_label (app->state),
                          _("Attempts"), app->attempt_count,
                          _("Accepted at the kiosk"), created,
                          _("Sent to the portal"), submitted,
                          _("Acknowledged"), acked,
                          _("Last change"), updated);
  if (app->last_error != NULL)
    g_string_append_printf (text, "\n\n%s: %s", _("Last error"), app->last_error);
  sewa_operator_page_set_details (page, text->str);
  g_string_free (text, TRUE);
  detail = g_strdup_printf ("reference=%s", app->reference);
  audit (self, "operator.details", detail);
}

static void
details_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  run_get (SEWA_WINDOW (user_data), g_variant_get_string (param, NULL), FALSE, details_loaded);
}

/* -- retry -- */

static void
retry_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GetJob *job = data;
  GError *error = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  job->app = sewa_store_get (job->store, job->reference, FALSE, &error);
  ok = job->app != NULL && sewa_store_operator_retry (job->store, job->app->id, &error);
  /* Written here, after the retry, so the log's order is the order things happened. */
  detail = g_strdup_printf ("reference=%s result=%s", job->reference,
                            ok ? "ok" : g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE)
                                            ? "invalid-state" : "error");
  sewa_store_audit_as (job->store, job->actor, "operator.retry", detail, NULL);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
retried (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  GetJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  SewaOperatorPage *page = operator_page (self);
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("operator retry of %s refused: %s", job->reference, error->message);
      if (g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE))
        /* TRANSLATORS: %s is an application reference */
        text = g_strdup_printf (_("%s cannot be retried: it is already decided."), job->reference);
      else
        text = g_strdup_printf (_("%s could not be retried. Call the technician."), job->reference);
    }
  else
    {
      g_message ("operator retried %s", job->reference);
      /* TRANSLATORS: %s is an application reference */
      text = g_strdup_printf (_("%s will be sent again now."), job->reference);
    }
  if (page != NULL)
    sewa_operator_page_set_result (page, text, error != NULL);
  refresh_queue (self);
}

static void
retry_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  SewaWindow *self = SEWA_WINDOW (user_data);
  g_autoptr (GTask) task = NULL;
  GetJob *job = g_new0 (GetJob, 1);

  job->store = g_object_ref (sewa_application_get_store (self->app));
  job->reference = g_variant_dup_string (param, NULL);
  job->actor = g_strdup (sewa_window_operator_current_id (self));
  task = g_task_new (NULL, self->op_cancellable, retried, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) get_job_free);
  g_task_run_in_thread (task, retry_thread);
}

/* -- printer state and the test page -- */

typedef struct
{
  SewaWindow *self;
  gboolean then_test_page;
} QueryJob;

static char *
alerts_text (const SewaPrinterStatus *status)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < status->n_alerts; i++)
    {
      const char *t = alert_text (status->alerts[i]);
      if (t == NULL)
        continue;
      if (s->len > 0)
        g_string_append (s, "\n");
      g_string_append (s, t);
    }
  return g_string_free (s, FALSE);
}

static void
print_test_page (SewaWindow *self, const SewaPrinterStatus *status)
{
  SewaConfig *config = sewa_application_get_config (self->app);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d%H%M%S");
  g_autofree char *qr = g_strdup_printf ("SEWA-TEST %s-%02u %s", config->centre_code,
                                         config->kiosk_number, stamp);
  SewaTestPage page = {
    .centre_code = config->centre_code,
    .kiosk_number = config->kiosk_number,
    .printed_at = now,
    .printer_name = status->printer_uri != NULL ? status->printer_uri : status->destination,
    .printer_state = printer_state_word (status->state),
    .reasons = (const char *const *) status->reasons,
    .qr_payload = qr,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = NULL;

  sewa_lang_apply (self->op_lang);
  pdf = sewa_report_render_test_page (&page, configured_paper (self), NULL, &error);
  if (pdf == NULL)
    {
      render_failed (self, PRINT_TEST_PAGE, NULL, error);
      return;
    }
  show_print_result (self, PRINT_TEST_PAGE, _("Printing the test page…"), FALSE);
  send_to_printer (self, PRINT_TEST_PAGE, NULL, pdf);
}

static void
state_queried (GObject *source, GAsyncResult *result, gpointer user_data)
{
  QueryJob *job = user_data;
  g_autoptr (SewaWindow) self = job->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaPrinterStatus) status = sewa_printer_query_state_finish (SEWA_PRINTER (source), result, &error);
  SewaOperatorPage *page = operator_page (self);
  gboolean then_test_page = job->then_test_page;

  g_free (job);
  if (status == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (page == NULL || !self->op_open)
    return;
  if (status == NULL)
    {
      sewa_operator_page_set_printer_state (page, _("Printer not available"), printer_error_text (error), TRUE);
      if (then_test_page)
        {
          g_autofree char *text = g_strdup_printf (_("Not printed: %s"), printer_error_text (error));
          g_autofree char *detail = g_strdup_printf ("result=failed error=%s", printer_error_word (error));

          audit (self, "operator.test-page", detail);
          g_clear_pointer (&self->op_last_print_error, g_error_free);
          self->op_last_print_error = g_error_copy (error);
          sewa_operator_page_set_printer_result (page, text, TRUE);
          self->op_prints_done++;
        }
      return;
    }
  {
    g_autofree char *alerts = alerts_text (status);
    gboolean fatal = FALSE;

    /* An idle printer with no paper is not "ready": the first five alerts stop printing. */
    for (guint i = 0; i < status->n_alerts; i++)
      if (status->alerts[i] >= SEWA_PRINTER_ALERT_MEDIA_EMPTY && status->alerts[i] <= SEWA_PRINTER_ALERT_STOPPED)
        fatal = TRUE;
    sewa_operator_page_set_printer_state (page, fatal ? _("The printer needs attention")
                                                      : printer_state_text (status->state),
                                          alerts, fatal || status->state == SEWA_PRINTER_STATE_STOPPED);
  }
  if (then_test_page)
    print_test_page (self, status);
}

static void
query_printer (SewaWindow *self, gboolean then_test_page)
{
  QueryJob *job = g_new0 (QueryJob, 1);

  job->self = g_object_ref (self);
  job->then_test_page = then_test_page;
  sewa_printer_query_state_async (sewa_application_get_printer (self->app), self->op_cancellable,
                                  state_queried, job);
}

static void
printer_check_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = operator_page (self);

  if (page != NULL)
    sewa_operator_page_set_printer_result (page, NULL, FALSE);
  audit (self, "operator.printer-check", NULL);
  query_printer (self, FALSE);
}

static void
test_page_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = operator_page (self);

  if (page != NULL)
    sewa_operator_page_set_printer_result (page, _("Checking the printer…"), FALSE);
  query_printer (self, TRUE);
}

/* -- the day summary -- */

static void
summary_listed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  ListJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  SewaConfig *config = sewa_application_get_config (self->app);
  g_autoptr (SewaDaySummary) summary = sewa_day_summary_new ();
  g_autoptr (GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GBytes) pdf = NULL;
  gint64 today = start_of_today ();

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        render_failed (self, PRINT_SUMMARY, NULL, error);
      return;
    }
  summary->centre_code = g_strdup (config->centre_code);
  summary->kiosk_number = config->kiosk_number;
  g_date_set_dmy (&summary->date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  summary->printed_at = g_date_time_ref (now);
  summary->lang = self->op_lang;
  summary->closed = job->closed;
  summary->expected_cash_paise = job->expected_paise;
  summary->counted_cash_paise = job->counted_paise;
  for (guint i = 0; i < job->apps->len; i++)
    {
      const SewaAppRecord *app = g_ptr_array_index (job->apps, i);
      SewaDaySummaryRow *row;

      if (app->created_at < today)
        continue;
      row = g_hash_table_lookup (rows, app->service_id);
      if (row == NULL)
        {
          row = sewa_day_summary_add_row (summary, service_name (self, app->service_id));
          g_hash_table_insert (rows, app->service_id, row);
        }
      switch (app->state)
        {
        case SEWA_APP_SUBMITTED:
        case SEWA_APP_ACKNOWLEDGED: row->sent++; break;
        case SEWA_APP_REJECTED: row->rejected++; break;
        case SEWA_APP_QUEUED:
        case SEWA_APP_UPLOADING:
        case SEWA_APP_QUARANTINED:
        default: row->queued++; break;
        }
    }
  /* Fees taken today, under the service of the application they paid for (it may have been
   * made on an earlier day). */
  for (guint i = 0; i < job->payments->len; i++)
    {
      const SewaPaymentRecord *p = g_ptr_array_index (job->payments, i);
      SewaDaySummaryRow *row = g_hash_table_lookup (rows, p->service_id);

      if (row == NULL)
        {
          row = sewa_day_summary_add_row (summary, service_name (self, p->service_id));
          g_hash_table_insert (rows, p->service_id, row);
        }
      if (p->mode == SEWA_PAY_CASH)
        row->cash_paise += p->amount_paise;
      else if (p->mode == SEWA_PAY_UPI)
        row->upi_paise += p->amount_paise;
    }
  sewa_lang_apply (self->op_lang);
  pdf = sewa_report_render_day_summary (summary, configured_paper (self), NULL, &error);
  if (pdf == NULL)
    {
      render_failed (self, PRINT_SUMMARY, NULL, error);
      return;
    }
  show_print_result (self, PRINT_SUMMARY, _("Printing today's summary…"), FALSE);
  send_to_printer (self, PRINT_SUMMARY, NULL, pdf);
}

static void
summary_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  run_list (SEWA_WINDOW (user_data), summary_listed);
}

/* The operator fills in an application for a citizen (#18): operator mode ends (the citizen
 * journey must not carry operator powers) and a citizen session begins in the operator's
 * language, remembering who assists. */
static void
assist_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  g_autofree char *operator_id = NULL;
  g_autofree char *detail = NULL;
  SewaLang lang = self->op_lang;

  if (!operator_open (self) || self->op_current_id == NULL)
    return;
  operator_id = g_strdup (self->op_current_id);
  detail = g_strdup_printf ("operator=%s", operator_id);
  audit (self, "operator.assist", detail);
  operator_leave (self, "assist");
  sewa_window_begin_assisted (self, lang, operator_id);
}

void
sewa_window_operator_print_day_close (SewaWindow *self, gint64 expected_paise,
                                      gint64 counted_paise)
{
  ListJob *job;

  if (!operator_open (self))
    return;
  job = g_new0 (ListJob, 1);
  job->closed = TRUE;
  job->expected_paise = expected_paise;
  job->counted_paise = counted_paise;
  run_list_job (self, job, summary_listed);
}

void
sewa_window_operator_print_slip (SewaWindow *self, const char *reference, GBytes *pdf)
{
  /* The outcome goes to the Printer tab's line: the Counter tab's result (the change to give
   * back) stays on screen while the slip prints. */
  show_print_result (self, PRINT_SLIP, _("Printing the payment slip…"), FALSE);
  send_to_printer (self, PRINT_SLIP, reference, pdf);
}

static void
exit_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  operator_leave (SEWA_WINDOW (user_data), "exit");
}

/* ---- the operator screen ----------------------------------------------------------------- */

static void show_diagnostics (SewaWindow *self);
static void start_probe (SewaWindow *self);
static void update_technician_actions (SewaWindow *self);

static void
open_operator_page (SewaWindow *self)
{
  const char *tab = NULL;

  if (operator_page (self) != NULL)
    tab = g_intern_string (sewa_operator_page_get_tab (operator_page (self)));
  self->op_open = TRUE;
  set_op_actions_enabled (self, TRUE);
  update_technician_actions (self);
  remove_screen (self, "operator-pin");
  sewa_lang_apply (self->op_lang);
  sewa_window_replace_screen (self, "operator", sewa_operator_page_new ());
  if (tab != NULL)
    sewa_operator_page_show_tab (operator_page (self), tab);
  refresh_queue (self);
  query_printer (self, FALSE);
  /* Once per visit (the page is rebuilt for each language change); "Check again" repeats it. */
  if (self->op_probe == NULL)
    start_probe (self);
  show_diagnostics (self);
}

static void
operator_language_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaLang lang;

  if (!self->op_active || !sewa_lang_from_code (g_variant_get_string (param, NULL), &lang))
    return;
  self->op_lang = lang;
  sewa_lang_apply (lang);
  /* Templates are translated when built: rebuild the screen in the new language. */
  if (self->op_open)
    open_operator_page (self);
  else
    show_pin_page (self);
}

/* ---- wiring ------------------------------------------------------------------------------ */

static void
enrol_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  SewaWindow *self = SEWA_WINDOW (user_data);

  audit (self, "operator.enrol-scan", "");
  sewa_window_scan_open_provisioning (self);
}

/* --- the speaker ------------------------------------------------------------------------------- */

typedef struct
{
  SewaVoice *voice;
  guint64 before;
  guint64 played;
} VoiceTestJob;

static void
voice_test_job_free (VoiceTestJob *job)
{
  g_clear_object (&job->voice);
  g_free (job);
}

static void
voice_test_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  VoiceTestJob *job = data;

  sewa_voice_wait (job->voice);
  job->played = sewa_voice_get_frames_played (job->voice) - job->before;
  g_task_return_boolean (task, TRUE);
}

static void
voice_tested (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  VoiceTestJob *job = g_task_get_task_data (G_TASK (result));
  SewaOperatorPage *page = operator_page (self);
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;

  if (g_task_had_error (G_TASK (result)) || page == NULL)
    return; /* operator mode closed meanwhile */
  detail = g_strdup_printf ("frames=%" G_GUINT64_FORMAT, job->played);
  audit (self, "operator.voice-test", detail);
  if (job->played == 0)
    {
      sewa_operator_page_set_printer_result (
        page, _("No sound reached the speaker. Check its cable and volume, or the voice device in the configuration."),
        TRUE);
      return;
    }
  /* TRANSLATORS: %.1f is a number of seconds, like 11.3 */
  text = g_strdup_printf (_("The speaker played %.1f seconds of speech in Punjabi, Hindi and English."),
                          (double) job->played / 22050.0);
  sewa_operator_page_set_printer_result (page, text, FALSE);
}

static void
voice_test_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = operator_page (self);
  SewaVoice *voice = sewa_application_get_voice (self->app);
  g_autoptr (GTask) task = NULL;
  VoiceTestJob *job;

  if (page == NULL)
    return;
  if (voice == NULL)
    {
      sewa_operator_page_set_printer_result (
        page, _("Voice guidance is switched off in the configuration."), TRUE);
      return;
    }
  sewa_operator_page_set_printer_result (page, _("Playing the greeting on the speaker…"), FALSE);
  job = g_new0 (VoiceTestJob, 1);
  job->voice = g_object_ref (voice);
  job->before = sewa_voice_get_frames_played (voice);
  sewa_voice_say_greeting (voice);
  task = g_task_new (NULL, self->op_cancellable, voice_tested, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) voice_test_job_free);
  g_task_run_in_thread (task, voice_test_thread);
}

/* --- diagnostics and technician mode ------------------------------------------------------ */

static char *
format_local_time (gint64 unix_s)
{
  g_autoptr (GDateTime) t = unix_s > 0 ? g_date_time_new_from_unix_local (unix_s) : NULL;

  /* TRANSLATORS: a time that has not happened yet, e.g. "last answer from the portal: never" */
  return t != NULL ? g_date_time_format (t, "%Y-%m-%d %H:%M") : g_strdup (_("never"));
}

/* The portal check's verdict in the operator's words: the link with its TLS pin, then the
 * clock. Nothing while the kiosk is not enrolled (there is no pin to check). */
static void
append_probe (SewaWindow *self, GString *out)
{
  const SewaPortalProbe *p = self->op_probe;

  if (self->op_probing)
    {
      g_string_append (out, _("Portal check: checking the connection, the certificate and the clock…"));
      g_string_append_c (out, '\n');
      return;
    }
  if (p == NULL)
    return;
  switch (p->link)
    {
    case SEWA_PORTAL_PROBE_OK:
      if (p->tls)
        g_string_append (out, _("Portal check: reachable; its certificate matches the CA this kiosk was enrolled with"));
      else
        g_string_append (out, _("Portal check: reachable over plain http (test or demo portal: no certificate to check)"));
      if (p->http_status >= 400)
        g_string_append_printf (out, "\n%s", _("Portal check: the portal refused this kiosk's request; enrol it again if this stays"));
      break;
    case SEWA_PORTAL_PROBE_PIN_MISMATCH:
      g_string_append (out, _("Portal check: its certificate does NOT match the CA this kiosk was enrolled with. Nothing is sent; call the portal team"));
      break;
    case SEWA_PORTAL_PROBE_WRONG_HOST:
      g_string_append (out, _("Portal check: its certificate is for another address; check the portal address in the configuration"));
      break;
    case SEWA_PORTAL_PROBE_UNREACHABLE:
      g_string_append (out, _("Portal check: not reachable (no network, or the portal is down)"));
      break;
    default:
      g_assert_not_reached ();
    }
  g_string_append_c (out, '\n');

  if (!p->have_skew)
    g_string_append (out, _("Clock: cannot be checked without an answer from the portal"));
  else if (ABS (p->skew_s) < SEWA_PORTAL_SKEW_OK_S)
    g_string_append (out, _("Clock: OK"));
  else
    {
      /* Rounded to the nearest minute: a technician sets a clock in minutes. */
      guint minutes = (guint) MIN ((ABS (p->skew_s) + 30) / 60, (gint64) G_MAXUINT);

      /* The portal's time minus ours: negative means the kiosk is ahead. */
      if (p->skew_s < 0)
        /* TRANSLATORS: %u is a number of minutes ("min" stays short for any number) */
        g_string_append_printf (out, _("Clock: the kiosk clock is %u min fast: receipts' due dates may be wrong"), minutes);
      else
        /* TRANSLATORS: %u is a number of minutes ("min" stays short for any number) */
        g_string_append_printf (out, _("Clock: the kiosk clock is %u min slow: receipts' due dates may be wrong"), minutes);
    }
  g_string_append_c (out, '\n');
}

/* One fact per line, in the operator's language. Reads the store's counts and two settings
 * and the engine's last status snapshot: small reads, done here. */
static char *
diagnostics_text (SewaWindow *self)
{
  SewaStore *store = sewa_application_get_store (self->app);
  SewaSync *sync = sewa_application_get_sync (self->app);
  SewaConfig *config = sewa_application_get_config (self->app);
  g_autoptr (GFile) dir = g_file_new_for_path (config->state_dir);
  g_autoptr (GFileInfo) fs = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  GString *out = g_string_new (NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (fs != NULL)
    {
      g_autofree char *size = g_format_size (g_file_info_get_attribute_uint64 (fs, G_FILE_ATTRIBUTE_FILESYSTEM_FREE));

      /* TRANSLATORS: %s is a size such as "12.3 GB" */
      g_string_append_printf (out, _("Disk: %s free for the queue"), size);
    }
  else
    g_string_append (out, _("Disk: the free space cannot be read"));
  g_string_append_c (out, '\n');

  if (store != NULL)
    {
      SewaQueueCounts counts = { 0 };
      g_autoptr (GError) error = NULL;

      if (sewa_store_get_counts (store, &counts, &error))
        {
          gint64 age_min = counts.oldest_pending_created_at > 0
                             ? MAX (0, now - counts.oldest_pending_created_at) / 60 : 0;

          /* TRANSLATORS: queue health; the numbers are applications, then minutes */
          g_string_append_printf (out, _("Queue: %u waiting to reach the portal (oldest %u min), %u quarantined"),
                                  counts.pending, (guint) MIN (age_min, (gint64) G_MAXUINT),
                                  counts.quarantined);
        }
      else
        g_string_append (out, _("Queue: cannot be read. Call the technician."));
    }
  else
    g_string_append (out, _("Queue: cannot be read. Call the technician."));
  g_string_append_c (out, '\n');

  if (sync != NULL)
    {
      g_autoptr (SewaSyncStatus) st = sewa_sync_get_status (sync);
      g_autofree char *last = format_local_time (st->last_success_at);

      /* TRANSLATORS: %s is a time, or "never" */
      g_string_append_printf (out, st->online ? _("Portal: reachable, last answer %s")
                                              : _("Portal: not reachable, last answer %s"),
                              last);
      if (st->state == SEWA_SYNC_STATE_PAUSED)
        g_string_append_printf (out, "\n%s", _("Portal: this kiosk was refused; enrol it again"));
      if (st->last_error != NULL)
        /* The engine's own words (English, no citizen data): for the technician. */
        g_string_append_printf (out, "\n%s", st->last_error);
    }
  else
    g_string_append (out, _("Portal: this kiosk is not enrolled"));
  g_string_append_c (out, '\n');
  append_probe (self, out);

  {
    g_autofree char *code = NULL;
    gint64 at = 0;

    if (store != NULL && sewa_sync_get_last_fatal_alert (store, &code, &at))
      {
        g_autofree char *when = format_local_time (at);

        /* TRANSLATORS: %s is an alert code such as "tls-untrusted", then a time */
        g_string_append_printf (out, _("Last fatal alert: %s at %s"), code, when);
      }
    else
      g_string_append (out, _("Last fatal alert: none"));
  }
  g_string_append_c (out, '\n');
  g_string_append (out, sewa_lockdown_get_technician (GTK_WINDOW (self))
                          ? _("Technician mode: on (the window may be closed, shortcuts work)")
                          : _("Technician mode: off (the window cannot be closed)"));
  return g_string_free (out, FALSE);
}

static void
show_diagnostics (SewaWindow *self)
{
  SewaOperatorPage *page = operator_page (self);
  g_autofree char *facts = NULL;
  g_autofree char *log = NULL;

  if (page == NULL)
    return;
  facts = diagnostics_text (self);
  log = sewa_log_ring_dump ();
  sewa_operator_page_set_diagnostics (page, facts, log);
}

static void
probe_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SewaPortalProbe *probe = g_new0 (SewaPortalProbe, 1);

  sewa_portal_probe (task_data, probe);
  g_task_return_pointer (task, probe, g_free);
}

static void
probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  g_autofree SewaPortalProbe *probe = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *detail = NULL;

  if (probe == NULL)
    return; /* operator mode closed meanwhile: its cancellable is gone, and so is the verdict */
  self->op_probing = FALSE;
  detail = g_strdup_printf ("link=%d tls=%d status=%u skew=%s%" G_GINT64_FORMAT, (int) probe->link,
                            probe->tls, probe->http_status, probe->have_skew ? "" : "none/",
                            probe->have_skew ? probe->skew_s : 0);
  audit (self, "technician.portal-check", detail);
  g_clear_pointer (&self->op_probe, g_free);
  self->op_probe = g_steal_pointer (&probe);
  show_diagnostics (self);
}

/* The portal check (sewa-portal-probe.h) on a worker: the link, the certificate against the CA
 * pinned at enrolment, and the clock against the portal's Date header. Only for an enrolled
 * kiosk: before enrolment there is no pin to check and nothing to sign with. */
static void
start_probe (SewaWindow *self)
{
  SewaStore *store = sewa_application_get_store (self->app);
  SewaConfig *config = sewa_application_get_config (self->app);
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (GTask) task = NULL;

  if (self->op_probing || store == NULL || self->op_cancellable == NULL)
    return;
  client = sewa_enrol_load_client (store, config->state_dir, NULL, NULL);
  if (client == NULL)
    return;
  self->op_probing = TRUE;
  task = g_task_new (NULL, self->op_cancellable, probed, g_object_ref (self));
  g_task_set_task_data (task, g_steal_pointer (&client), (GDestroyNotify) sewa_portal_client_free);
  g_task_run_in_thread (task, probe_thread);
}

static void
diagnostics_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  if (!operator_open (SEWA_WINDOW (user_data)))
    return;
  start_probe (SEWA_WINDOW (user_data));
  show_diagnostics (SEWA_WINDOW (user_data));
}

/* Technician mode on or off, once the technician's PIN has been accepted (on) or at a tap
 * (off): the operator page comes back on its Health tab. */
static void
technician_set (SewaWindow *self, gboolean on)
{
  self->op_pin_for_technician = FALSE;
  g_action_group_change_action_state (G_ACTION_GROUP (self->op_actions), "technician",
                                      g_variant_new_boolean (on));
  sewa_lockdown_set_technician (GTK_WINDOW (self), on);
  g_message ("technician mode %s", on ? "on" : "off");
  audit (self, on ? "technician.on" : "technician.off", "");
  if (gtk_stack_get_child_by_name (self->stack, "operator-pin") != NULL)
    open_operator_page (self);
  update_technician_actions (self);
  show_diagnostics (self);
}

static void
technician_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaConfig *config = sewa_application_get_config (self->app);
  SewaOperatorPage *page = operator_page (self);

  if (!operator_open (self))
    return;
  if (g_variant_get_boolean (g_action_get_state (G_ACTION (action))))
    {
      technician_set (self, FALSE);
      return;
    }
  /* The operator's PIN opened operator mode; technician mode (the window may close, the
   * factory reset) asks for the technician's own. */
  if (config->technician_pin_hash == NULL)
    {
      g_message ("technician mode is disabled: no [technician] pin-hash in the configuration "
                 "(set one with `kioskctl technician set-pin`)");
      if (page != NULL)
        sewa_operator_page_set_camera_test (page, NULL, _("Technician mode is off on this kiosk: no technician PIN is set."), TRUE);
      /* The toggle button shows the action's state again, not the tap. */
      g_simple_action_set_state (action, g_variant_new_boolean (FALSE));
      return;
    }
  self->op_pin_for_technician = TRUE;
  show_pin_page (self);
}

/* --- camera test ------------------------------------------------------------------------- */

typedef struct
{
  GBytes *photo;
  SewaPageResult *page;
} CameraTestJob;

static void
camera_test_job_free (CameraTestJob *job)
{
  g_clear_pointer (&job->photo, g_bytes_unref);
  g_clear_pointer (&job->page, sewa_page_result_free);
  g_free (job);
}

/* The same page check a citizen's photo gets (sewa-page.h), with the defaults for any size:
 * the technician sees what the kiosk would tell a citizen about this photo. */
static void
camera_test_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CameraTestJob *job = data;
  SewaPageOptions options;
  GError *error = NULL;
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (job->photo, &len);

  sewa_page_options_init (&options);
  if (sewa_page_process_with_options (bytes, len, &options, &job->page, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
camera_test_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  CameraTestJob *job = g_task_get_task_data (G_TASK (result));
  SewaOperatorPage *page = operator_page (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || page == NULL)
        return;
      g_warning ("camera test: the photo could not be checked: %s", error->message);
      sewa_operator_page_set_camera_test (page, job->photo,
                                          _("The camera took a photo, but it could not be read as an image."), TRUE);
      return;
    }
  if (page == NULL)
    return;
  detail = g_strdup_printf ("verdict=%s", sewa_page_verdict_name (job->page->verdict));
  audit (self, "technician.camera-test", detail);
  if (job->page->verdict == SEWA_PAGE_OK)
    /* TRANSLATORS: the numbers are the page's measured width and height in millimetres */
    text = g_strdup_printf (_("Camera works. Page check: good (%.0f × %.0f mm)."),
                            job->page->metrics.width_mm, job->page->metrics.height_mm);
  else
    /* TRANSLATORS: %s is what the kiosk would tell a citizen, e.g. "Hold the page still." */
    text = g_strdup_printf (_("Camera works. Page check: %s"),
                            _(sewa_page_verdict_instruction (job->page->verdict)));
  sewa_operator_page_set_camera_test (page, job->page->jpeg != NULL ? job->page->jpeg : job->photo,
                                      text, job->page->verdict != SEWA_PAGE_OK);
}

static void
camera_test_captured (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) photo = sewa_camera_capture_finish (SEWA_CAMERA (source), result, NULL, &error);
  SewaOperatorPage *page = operator_page (self);
  g_autoptr (GTask) task = NULL;
  CameraTestJob *job;

  if (photo == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || page == NULL)
        return;
      g_warning ("camera test: no photo: %s", error->message);
      audit (self, "technician.camera-test", "verdict=no-photo");
      sewa_operator_page_set_camera_test (page, NULL,
                                          _("The camera took no photo. Check its cable and power, and the camera in the configuration."), TRUE);
      return;
    }
  if (page == NULL || !self->op_open)
    return;
  job = g_new0 (CameraTestJob, 1);
  job->photo = g_steal_pointer (&photo);
  task = g_task_new (NULL, self->op_cancellable, camera_test_checked, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) camera_test_job_free);
  g_task_run_in_thread (task, camera_test_thread);
}

static void
camera_test_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaCamera *camera = sewa_application_get_camera (self->app);
  SewaOperatorPage *page = operator_page (self);

  if (!operator_open (self) || page == NULL)
    return;
  if (camera == NULL)
    {
      sewa_operator_page_set_camera_test (page, NULL, _("No camera is configured."), TRUE);
      return;
    }
  sewa_operator_page_set_camera_test (page, NULL, _("Taking a test photo…"), FALSE);
  sewa_camera_capture_async (camera, self->op_cancellable, camera_test_captured, g_object_ref (self));
}

/* --- QR test ----------------------------------------------------------------------------- */

typedef struct
{
  GBytes *photo;
  int kind; /* SewaQrPayloadKind of the first code read, or -1 when none was found */
} QrTestJob;

static void
qr_test_job_free (QrTestJob *job)
{
  g_clear_pointer (&job->photo, g_bytes_unref);
  g_free (job);
}

/* Decodes and classifies on the worker; only the kind leaves it. The payload may be a citizen's
 * Aadhaar: it is wiped here and never shown, logged or audited. Without the UIDAI key a Secure
 * QR still classifies by its shape (its signature is the scan screen's business). */
static void
qr_test_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  QrTestJob *job = data;
  g_autoptr (SewaQrDecoder) decoder = sewa_qr_decoder_new ();
  g_autoptr (GPtrArray) found = NULL;
  GError *error = NULL;
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (job->photo, &len);

  found = sewa_qr_decoder_decode_image (decoder, bytes, len, NULL, &error);
  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->kind = -1;
  if (found->len > 0)
    {
      gsize n = 0;
      const guint8 *code = g_bytes_get_data (g_ptr_array_index (found, 0), &n);
      g_autoptr (SewaQrPayload) payload = sewa_qr_payload_classify (code, n, NULL,
                                                                   g_get_real_time () / G_USEC_PER_SEC);

      job->kind = (int) payload->kind;
    }
  for (guint i = 0; i < found->len; i++)
    {
      gsize n = 0;
      const guint8 *code = g_bytes_get_data (g_ptr_array_index (found, i), &n);

      explicit_bzero ((gpointer) code, n);
    }
  g_task_return_boolean (task, TRUE);
}

static const char *
qr_kind_text (int kind)
{
  switch (kind)
    {
    case SEWA_QR_PAYLOAD_AADHAAR_SECURE: return _("QR test: read an Aadhaar Secure QR (its contents are not shown).");
    case SEWA_QR_PAYLOAD_AADHAAR_XML: return _("QR test: read an old Aadhaar QR (its contents are not shown).");
    case SEWA_QR_PAYLOAD_RECEIPT: return _("QR test: read a kiosk receipt code.");
    case SEWA_QR_PAYLOAD_PROVISIONING: return _("QR test: read a provisioning code.");
    case SEWA_QR_PAYLOAD_UNRECOGNISED: return _("QR test: read a code the kiosk does not use.");
    default: return _("QR test: no code found in the photo. Hold it flat, well lit, inside the outline.");
    }
}

static void
qr_tested (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  QrTestJob *job = g_task_get_task_data (G_TASK (result));
  SewaOperatorPage *page = operator_page (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || page == NULL)
        return;
      g_warning ("QR test: %s", error->message);
      sewa_operator_page_set_camera_test (page, NULL,
                                          _("The camera took a photo, but it could not be read as an image."), TRUE);
      return;
    }
  if (page == NULL)
    return;
  detail = g_strdup_printf ("kind=%s", job->kind >= 0 ? sewa_qr_payload_kind_to_string ((SewaQrPayloadKind) job->kind) : "none");
  audit (self, "technician.qr-test", detail);
  /* A photo of a citizen's Aadhaar QR is not shown either: the code in it is the payload. */
  sewa_operator_page_set_camera_test (page,
                                      job->kind == SEWA_QR_PAYLOAD_AADHAAR_SECURE ||
                                      job->kind == SEWA_QR_PAYLOAD_AADHAAR_XML ? NULL : job->photo,
                                      qr_kind_text (job->kind), job->kind < 0);
}

static void
qr_test_captured (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) photo = sewa_camera_capture_finish (SEWA_CAMERA (source), result, NULL, &error);
  SewaOperatorPage *page = operator_page (self);
  g_autoptr (GTask) task = NULL;
  QrTestJob *job;

  if (photo == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || page == NULL)
        return;
      g_warning ("QR test: no photo: %s", error->message);
      sewa_operator_page_set_camera_test (page, NULL,
                                          _("The camera took no photo. Check its cable and power, and the camera in the configuration."), TRUE);
      return;
    }
  if (page == NULL || !self->op_open)
    return;
  job = g_new0 (QrTestJob, 1);
  job->photo = g_steal_pointer (&photo);
  task = g_task_new (NULL, self->op_cancellable, qr_tested, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) qr_test_job_free);
  g_task_run_in_thread (task, qr_test_thread);
}

static void
qr_test_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaCamera *camera = sewa_application_get_camera (self->app);
  SewaOperatorPage *page = operator_page (self);

  if (!operator_open (self) || page == NULL)
    return;
  if (camera == NULL)
    {
      sewa_operator_page_set_camera_test (page, NULL, _("No camera is configured."), TRUE);
      return;
    }
  sewa_operator_page_set_camera_test (page, NULL, _("Taking a test photo…"), FALSE);
  sewa_camera_capture_async (camera, self->op_cancellable, qr_test_captured, g_object_ref (self));
}

/* --- factory reset ------------------------------------------------------------------------ */

/* The one place the technician-only actions' enabled state is set from the model. */
static void
update_technician_actions (SewaWindow *self)
{
  gboolean on = self->op_open && sewa_lockdown_get_technician (GTK_WINDOW (self));

  g_simple_action_set_enabled (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->op_actions), "factory-reset")), on);
}

static gboolean
technician_open (SewaWindow *self)
{
  return operator_open (self) && sewa_lockdown_get_technician (GTK_WINDOW (self));
}

/* Losing applications the portal has never accepted takes two separate confirmations, each
 * naming how many; with none at risk, one. */
static guint
reset_confirmations_needed (SewaWindow *self)
{
  return self->op_reset_unsent > 0 ? 2 : 1;
}

static void
show_reset_confirmation (SewaWindow *self)
{
  guint n = self->op_reset_unsent;
  g_autofree char *message = NULL;
  GtkWidget *page;

  if (n == 0)
    page = sewa_reset_page_new (
      _("Factory reset"),
      _("Every application on this kiosk has reached the portal. The reset deletes what the kiosk holds and its enrolment with the portal; it must be enrolled again before it sends anything."),
      _("Yes, reset the kiosk"));
  else if (self->op_reset_step == 0)
    {
      /* TRANSLATORS: %u is a number of applications */
      message = g_strdup_printf (ngettext ("%u application on this kiosk has not reached the portal. A factory reset deletes it for ever, with the kiosk's enrolment.",
                                           "%u applications on this kiosk have not reached the portal. A factory reset deletes them for ever, with the kiosk's enrolment.",
                                           n), n);
      page = sewa_reset_page_new (_("Factory reset: applications would be lost"), message,
                                  _("Delete them and continue"));
    }
  else
    {
      /* TRANSLATORS: %u is a number of applications */
      message = g_strdup_printf (ngettext ("Last confirmation: %u application will be lost. This cannot be undone.",
                                           "Last confirmation: %u applications will be lost. This cannot be undone.",
                                           n), n);
      page = sewa_reset_page_new (_("Are you sure?"), message, _("Yes, delete them and reset"));
    }
  sewa_window_replace_screen (self, "operator-reset", page);
}

static void
factory_reset_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaStore *store = sewa_application_get_store (self->app);
  SewaOperatorPage *page = operator_page (self);
  SewaQueueCounts counts = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL;

  if (!technician_open (self) || page == NULL)
    return;
  /* A small indexed read (the diagnostics tab does the same): the count must be the store's
   * own at the moment of asking, never a number shown earlier. */
  if (store == NULL || !sewa_store_get_counts (store, &counts, &error))
    {
      g_warning ("factory reset: queue not read: %s", error != NULL ? error->message : "no store");
      sewa_operator_page_set_result (page, _("The queue could not be read. Call the technician."), TRUE);
      return;
    }
  /* Quarantined applications have not been accepted by the portal either. */
  self->op_reset_unsent = counts.unsent + counts.quarantined;
  self->op_reset_step = 0;
  detail = g_strdup_printf ("unsent=%u", self->op_reset_unsent);
  audit (self, "technician.reset-asked", detail);
  show_reset_confirmation (self);
}

static void
reset_cancel_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  if (!operator_open (self) || gtk_stack_get_child_by_name (self->stack, "operator-reset") == NULL)
    return;
  if (self->op_reset_step >= reset_confirmations_needed (self))
    return; /* already running: it cannot be called back */
  self->op_reset_step = 0;
  gtk_stack_set_visible_child_name (self->stack, "operator");
  remove_screen (self, "operator-reset");
  sewa_window_update_chrome (self);
  audit (self, "technician.reset-cancelled", "");
}

typedef struct
{
  SewaStore *store;
  char *state_dir;
  guint deleted;
} ResetJob;

static void
reset_job_free (ResetJob *job)
{
  g_clear_object (&job->store);
  g_free (job->state_dir);
  g_free (job);
}

static void
reset_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ResetJob *job = data;
  GError *error = NULL;

  if (sewa_enrol_factory_reset (job->store, job->state_dir, &job->deleted, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
reset_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  ResetJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      SewaOperatorPage *page;

      /* The store's part rolled back as a whole: the kiosk is as it was, so its engine runs
       * again with the same credentials. */
      g_warning ("factory reset failed: %s", error->message);
      audit (self, "technician.factory-reset-failed", "");
      sewa_application_restart_sync (self->app);
      self->op_reset_step = 0;
      if (!self->op_open)
        return;
      gtk_stack_set_visible_child_name (self->stack, "operator");
      remove_screen (self, "operator-reset");
      sewa_window_update_chrome (self);
      page = operator_page (self);
      if (page != NULL)
        sewa_operator_page_set_result (page, _("The factory reset failed; nothing was deleted. Call the technician."), TRUE);
      return;
    }
  detail = g_strdup_printf ("deleted=%u", job->deleted);
  audit (self, "technician.factory-reset", detail);
  g_message ("factory reset: the kiosk is no longer enrolled");
  operator_leave (self, "factory-reset");
}

static void
run_reset (SewaWindow *self)
{
  SewaConfig *config = sewa_application_get_config (self->app);
  g_autoptr (GTask) task = NULL;
  ResetJob *job = g_new0 (ResetJob, 1);

  /* Nothing may drain the store while it is wiped; the engine's stop joins its thread, which
   * gives up between requests. */
  sewa_application_stop_sync (self->app);
  job->store = g_object_ref (sewa_application_get_store (self->app));
  job->state_dir = g_strdup (config->state_dir);
  /* No cancellable: once confirmed, the reset completes (or rolls back) and is audited even if
   * operator mode times out meanwhile. */
  task = g_task_new (NULL, NULL, reset_done, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) reset_job_free);
  g_task_run_in_thread (task, reset_thread);
}

static void
reset_confirm_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  if (!technician_open (self) || gtk_stack_get_child_by_name (self->stack, "operator-reset") == NULL ||
      sewa_application_get_store (self->app) == NULL)
    return;
  if (self->op_reset_step >= reset_confirmations_needed (self))
    return; /* already running */
  self->op_reset_step++;
  if (self->op_reset_step < reset_confirmations_needed (self))
    {
      audit (self, "technician.reset-confirmed", "first");
      show_reset_confirmation (self);
      return;
    }
  run_reset (self);
}

static const GActionEntry op_entries[] = {
  { .name = "diagnostics", .activate = diagnostics_action },
  { .name = "technician", .activate = technician_action, .state = "false" },
  { .name = "enrol", .activate = enrol_action },
  { .name = "exit", .activate = exit_action },
  { .name = "refresh", .activate = refresh_action },
  { .name = "reprint", .activate = reprint_action, .parameter_type = "s" },
  { .name = "retry", .activate = retry_action, .parameter_type = "s" },
  { .name = "details", .activate = details_action, .parameter_type = "s" },
  { .name = "printer-check", .activate = printer_check_action },
  { .name = "test-page", .activate = test_page_action },
  { .name = "summary", .activate = summary_action },
  { .name = "assist", .activate = assist_action },
  { .name = "voice-test", .activate = voice_test_action },
  { .name = "camera-test", .activate = camera_test_action },
  { .name = "qr-test", .activate = qr_test_action },
  { .name = "factory-reset", .activate = factory_reset_action },
  { .name = "reset-confirm", .activate = reset_confirm_action },
  { .name = "reset-cancel", .activate = reset_cancel_action },
};

void
sewa_window_operator_init (SewaWindow *self)
{
  self->op_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->op_actions), op_entries,
                                   G_N_ELEMENTS (op_entries), self);
  sewa_window_counter_add_actions (self, G_ACTION_MAP (self->op_actions));
  sewa_window_correct_add_actions (self, G_ACTION_MAP (self->op_actions));
  sewa_window_counter_clear (self);
  set_op_actions_enabled (self, FALSE);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "op", G_ACTION_GROUP (self->op_actions));
}

void
sewa_window_operator_clear (SewaWindow *self)
{
  /* Called when the citizen session's screens are dropped and when the window goes: if
   * operator mode was somehow open, it closes with them (no audit: nobody chose to exit). */
  if (self->op_active)
    operator_stop (self);
  g_clear_pointer (&self->op_current_id, g_free);
}

const char *
sewa_window_operator_current_id (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return self->op_open ? self->op_current_id : NULL;
}

void
sewa_window_operator_dispose (SewaWindow *self)
{
  sewa_window_operator_clear (self);
  g_clear_handle_id (&self->op_lock_tick_id, g_source_remove);
  g_clear_pointer (&self->op_locks, g_hash_table_unref);
  if (self->op_actions != NULL)
    gtk_widget_insert_action_group (GTK_WIDGET (self), "op", NULL);
  g_clear_object (&self->op_actions);
}

void
sewa_window_operator_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.operator-begin", NULL, operator_begin_action);
  gtk_widget_class_install_action (widget_class, "win.operator-cancel", NULL, operator_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.operator-language", "s", operator_language_action);
}

gboolean
sewa_window_operator_is_open (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), FALSE);
  return self->op_open;
}

guint
sewa_window_operator_get_lock_remaining (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), 0);
  return lock_remaining (self);
}

/* For tests: the lock's time has passed (the count of wrong PINs stays), so the next wrong PIN's
 * longer lock can be checked without waiting minutes. */
void
sewa_window_operator_end_lock_for_test (SewaWindow *self)
{
  g_return_if_fail (SEWA_IS_WINDOW (self));
  {
    SewaPinLock *lock = current_lock (self);

    if (lock != NULL)
      lock->locked_until = 0;
  }
  start_lock_countdown (self);
}

/* For tests: the PIN locks read CLOCK (monotonic µs) instead of the real clock; NULL restores it. */
void
sewa_window_operator_set_lock_clock_for_test (SewaWindow *self, gint64 (*clock) (gpointer data),
                                              gpointer data)
{
  g_return_if_fail (SEWA_IS_WINDOW (self));
  self->op_lock_clock = clock;
  self->op_lock_clock_data = data;
}

guint
sewa_window_operator_get_queue_loads (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), 0);
  return self->op_queue_loads;
}

guint
sewa_window_operator_get_prints_done (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), 0);
  return self->op_prints_done;
}

const GError *
sewa_window_operator_get_last_print_error (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return self->op_last_print_error;
}

/* A correction (#18, ui/sewa-window-correct.c): the operator's audit line names the application
 * corrected (a reference, no citizen data); then, as for an assisted application, operator mode
 * ends and a citizen session begins in @lang, filled in by this operator. */
void
sewa_window_operator_begin_correction (SewaWindow *self, SewaLang lang, const char *reference)
{
  g_autofree char *operator_id = NULL;
  g_autofree char *detail = NULL;

  if (!operator_open (self) || self->op_current_id == NULL)
    return;
  operator_id = g_strdup (self->op_current_id);
  detail = g_strdup_printf ("operator=%s corrects=%s", operator_id, reference);
  audit_send_soon (self, "operator.correct", detail);
  operator_leave (self, "correct");
  sewa_window_begin_assisted (self, lang, operator_id);
}
