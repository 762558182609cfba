/* sewa-window-counter.c — operator mode's Counter tab (#18): find an application by the
 * reference on its receipt, see its fee state, take the fee in cash (the change computed) or
 * confirm a UPI payment the operator checked on the payee's app, or cancel an application that
 * was never sent, and close the day: the cash counted in the drawer against the store's sum of
 * the day's cash payments, the difference recorded and audited, the summary printed with it.
 *
 * The commands are op.counter-* actions in operator mode's action group: enabled only while the
 * mode is open, and each handler checks it again. Store calls run on a worker thread (they wait
 * for fsync); the store writes the payment and its audit line in one transaction. The screen
 * shows references, services, states and amounts, never citizen data.
 */
#include "sewa-window-private.h"
#include "sewa-receipt.h"
#include "sewa-report.h"
#include "sewa-qr-decoder.h"
#include "sewa-qr-payload.h"
#include "screens/operator/sewa-operator-page.h"

#include <glib/gi18n.h>
#include <string.h>

typedef enum
{
  COUNTER_FIND,
  COUNTER_CASH,
  COUNTER_UPI,
  COUNTER_CANCEL,
  COUNTER_CLOSE,
  COUNTER_SCAN,
  COUNTER_FIND_MOBILE,
  COUNTER_SUMMARY,
  COUNTER_WAIVE,
} CounterOp;

typedef struct
{
  SewaStore *store;
  CounterOp op;
  char *reference;       /* what the operator typed, or the application found */
  char *operator_id;
  gint64 tendered_paise; /* cash */
  char *utr;             /* upi */
  char *reason;          /* cancel, waive */
  gint64 counted_paise;  /* close: the cash in the drawer */
  gint64 expected_paise; /* close: the store's sum of the day's cash payments */

  /* Results (no citizen data). */
  char *found_reference;
  char *service_id;
  SewaAppState state;
  SewaFeeStatus fee;
  gint64 amount_paise;
  gboolean cancelled;
  SewaPaymentRecord *payment;

  GBytes *photo;         /* scan: the camera's photo of the receipt */
  gboolean no_receipt;   /* scan: no receipt code in the photo (nothing was looked up) */
  char *day;             /* find by mobile: YYYY-MM-DD */
  char *last4;           /* find by mobile: the four digits typed */
  GPtrArray *matches;    /* find by mobile, several found: SewaAppRecord without citizen data */
  char *citizen_lang;    /* the application's citizen's language code, or NULL */
  gboolean picked;       /* find: tapped in the list of matches */
  gboolean asked_portal; /* find: its status is asked for now (a UPI payment only it can know) */
  gint64 cash_paise, upi_paise; /* summary: today's payments by mode */
  guint n_cash, n_upi, n_waived;
} CounterJob;

static void
counter_job_free (CounterJob *job)
{
  g_clear_object (&job->store);
  g_free (job->reference);
  g_free (job->operator_id);
  g_free (job->utr);
  g_free (job->reason);
  g_free (job->found_reference);
  g_free (job->service_id);
  g_clear_pointer (&job->payment, sewa_payment_record_free);
  g_clear_pointer (&job->photo, g_bytes_unref);
  g_free (job->day);
  g_free (job->last4);
  g_free (job->citizen_lang);
  g_clear_pointer (&job->matches, g_ptr_array_unref);
  g_free (job);
}

/* The reference in the first kiosk receipt code of @photo, or NULL. Every code read is wiped:
 * a citizen may hold up their Aadhaar by mistake, and its payload is theirs. */
static char *
receipt_reference_in (GBytes *photo, GError **error)
{
  g_autoptr (SewaQrDecoder) decoder = sewa_qr_decoder_new ();
  g_autoptr (GPtrArray) found = NULL;
  char *reference = NULL;
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (photo, &len);

  found = sewa_qr_decoder_decode_image (decoder, bytes, len, NULL, error);
  if (found == NULL)
    return NULL;
  for (guint i = 0; i < found->len; i++)
    {
      gsize n = 0;
      const guint8 *code = g_bytes_get_data (g_ptr_array_index (found, i), &n);

      if (reference == NULL)
        {
          g_autoptr (SewaQrPayload) payload =
            sewa_qr_payload_classify (code, n, NULL, g_get_real_time () / G_USEC_PER_SEC);

          if (payload->kind == SEWA_QR_PAYLOAD_RECEIPT && payload->receipt != NULL)
            reference = g_strdup (payload->receipt->reference);
        }
      explicit_bzero ((gpointer) code, n);
    }
  return reference;
}

static SewaOperatorPage *
counter_page (SewaWindow *self)
{
  GtkWidget *w = gtk_stack_get_child_by_name (self->stack, "operator");

  return w != NULL ? SEWA_OPERATOR_PAGE (w) : NULL;
}

/* Reads what the counter shows about the application: its state, fee state and the fee
 * recorded at submit (sealed with the form: read with PII, only the amount kept). */
static gboolean
counter_load (CounterJob *job, GError **error)
{
  g_autoptr (SewaAppRecord) app = sewa_store_get (job->store, job->reference, TRUE, error);

  if (app == NULL)
    return FALSE;
  g_free (job->found_reference);
  job->found_reference = g_strdup (app->reference);
  g_free (job->service_id);
  job->service_id = g_strdup (app->service_id);
  job->state = app->state;
  job->amount_paise = app->fee_amount_paise;
  g_free (job->citizen_lang);
  job->citizen_lang = g_strdup (app->citizen_lang);
  g_clear_pointer (&job->payment, sewa_payment_record_free);
  job->payment = sewa_store_payment_get (job->store, app->id, error);
  if (job->payment == NULL && error != NULL && *error != NULL)
    return FALSE;
  return sewa_store_fee_status (job->store, app->id, &job->fee, error) &&
         sewa_store_get_cancellation (job->store, app->id, &job->cancelled, NULL, error);
}

static void
counter_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CounterJob *job = data;
  GError *error = NULL;
  gboolean ok;

  if (job->op == COUNTER_CLOSE)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      if (!sewa_store_day_close (job->store, today, job->counted_paise, job->operator_id,
                                 &job->expected_paise, &error))
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  if (job->op == COUNTER_SUMMARY)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      g_autoptr (GPtrArray) day = sewa_store_payment_list_day (job->store, today, &error);

      if (day == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      for (guint i = 0; i < day->len; i++)
        {
          SewaPaymentRecord *p = day->pdata[i];

          if (p->mode == SEWA_PAY_CASH)
            job->n_cash++, job->cash_paise += p->amount_paise;
          else if (p->mode == SEWA_PAY_UPI)
            job->n_upi++, job->upi_paise += p->amount_paise;
          else
            job->n_waived++;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (job->op == COUNTER_SCAN)
    {
      job->reference = receipt_reference_in (job->photo, &error);
      if (job->reference == NULL && error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (job->reference == NULL)
        {
          job->no_receipt = TRUE;
          g_task_return_boolean (task, TRUE);
          return;
        }
    }
  else if (job->op == COUNTER_FIND_MOBILE)
    {
      g_autofree char *detail = NULL;

      job->matches = sewa_store_find_by_mobile (job->store, job->day, job->last4, &error);
      /* Who searched by a citizen's mobile, and how much it found, is on the record; the digits
       * are not (they are a part of a citizen's number). */
      detail = g_strdup_printf ("day=%s matches=%u", job->day, job->matches != NULL ? job->matches->len : 0);
      if (job->matches == NULL ||
          !sewa_store_audit_as (job->store, job->operator_id, "counter.find_mobile", detail, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (job->matches->len != 1)
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
      job->reference = g_strdup (((SewaAppRecord *) job->matches->pdata[0])->reference);
      g_clear_pointer (&job->matches, g_ptr_array_unref);
    }
  ok = counter_load (job, &error);

  /* A fee still due on an application the portal holds: the citizen may have paid with the
   * kiosk's UPI code, which only the portal learns (from the bank). Its status is asked for now;
   * the answer records such a payment, and the next Find shows it. */
  if (ok && (job->op == COUNTER_FIND || job->op == COUNTER_SCAN || job->op == COUNTER_FIND_MOBILE)
      && !job->cancelled && job->fee == SEWA_FEE_STATUS_DUE && job->state == SEWA_APP_SUBMITTED)
    {
      g_autoptr (GError) poll_error = NULL;

      job->asked_portal = sewa_store_poll_soon (job->store, job->found_reference, &poll_error);
      if (!job->asked_portal)
        g_message ("cannot ask the portal about %s now: %s", job->found_reference, poll_error->message);
    }

  if (ok && (job->op == COUNTER_CASH || job->op == COUNTER_UPI || job->op == COUNTER_WAIVE))
    {
      SewaNewPayment p = { .operator_id = job->operator_id };

      p.mode = job->op == COUNTER_CASH ? SEWA_PAY_CASH : job->op == COUNTER_UPI ? SEWA_PAY_UPI : SEWA_PAY_WAIVED;
      p.amount_paise = job->op == COUNTER_WAIVE ? 0 : job->amount_paise;
      p.waiver_reason = job->op == COUNTER_WAIVE ? job->reason : NULL;
      p.tendered_paise = job->tendered_paise;
      p.upi_txn_ref = job->utr;
      ok = sewa_store_payment_add (job->store, job->found_reference, &p, NULL, &error) &&
           counter_load (job, &error);
    }
  else if (ok && job->op == COUNTER_CANCEL)
    ok = sewa_store_cancel (job->store, job->found_reference, job->reason, job->operator_id,
                            &error) &&
         counter_load (job, &error);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static const char *
counter_service_name (SewaWindow *self, const char *service_id)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service = catalog != NULL ? sewa_catalog_lookup_service (catalog, service_id) : NULL;

  return service != NULL ? sewa_text_get (sewa_service_get_name (service), self->op_lang)
                         : service_id;
}

static char *
fee_text (const CounterJob *job)
{
  g_autofree char *amount = sewa_receipt_format_rupees (job->amount_paise);

  if (job->cancelled)
    return g_strdup (_("cancelled"));
  if (job->payment != NULL && job->payment->held)
    /* TRANSLATORS: %s is an amount such as ₹45.00; the citizen paid twice (with the kiosk's UPI
     * code and at the counter) and the portal kept the other payment */
    return g_strdup_printf (_("%s taken here, but the portal already holds another payment for "
                              "this application: refund one of them"), amount);
  switch (job->fee)
    {
    case SEWA_FEE_STATUS_NOT_REQUIRED:
      return g_strdup (_("no fee"));
    case SEWA_FEE_STATUS_DUE:
      /* TRANSLATORS: %s is an amount such as ₹45.00 */
      return g_strdup_printf (_("%s due"), amount);
    case SEWA_FEE_STATUS_PAID_CASH:
      /* TRANSLATORS: an amount, then the counter receipt number */
      return g_strdup_printf (_("%s paid in cash (counter receipt %s)"), amount,
                              job->payment != NULL ? job->payment->counter_receipt : "");
    case SEWA_FEE_STATUS_PAID_UPI:
      if (job->payment != NULL && g_strcmp0 (job->payment->operator_id, SEWA_PAYMENT_BY_PORTAL) == 0)
        /* TRANSLATORS: %s is an amount such as ₹45.00; the citizen paid with the kiosk's UPI
         * code and the portal has received the money */
        return g_strdup_printf (_("%s paid by UPI (confirmed by the portal)"), amount);
      /* TRANSLATORS: %s is an amount such as ₹45.00 */
      return g_strdup_printf (_("%s paid by UPI"), amount);
    case SEWA_FEE_STATUS_WAIVED:
      return g_strdup (_("waived"));
    default:
      return g_strdup ("?");
    }
}

static void counter_summary_refresh (SewaWindow *self);

/* The fee was taken after the application's receipt was printed (at submit): the citizen gets a
 * payment slip that names the application, in their language. */
static void
counter_print_slip (SewaWindow *self, const CounterJob *job)
{
  SewaConfig *config = sewa_application_get_config (self->app);
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service = catalog != NULL ? sewa_catalog_lookup_service (catalog, job->service_id) : NULL;
  SewaPaymentSlip slip = { 0 };
  SewaPaper paper = SEWA_PAPER_80MM;
  g_autoptr (GDateTime) at = NULL;
  g_autoptr (GBytes) pdf = NULL;
  g_autoptr (GError) error = NULL;

  if (job->payment == NULL)
    return;
  slip.lang = self->op_lang;
  if (job->citizen_lang != NULL && !sewa_lang_from_code (job->citizen_lang, &slip.lang))
    slip.lang = self->op_lang;
  sewa_paper_from_string (config->paper, &paper);
  at = g_date_time_new_from_unix_local (job->payment->created_at);
  slip.centre_code = config->centre_code;
  slip.kiosk_number = config->kiosk_number;
  slip.reference = job->found_reference;
  slip.service_name_local = service != NULL ? sewa_text_get (sewa_service_get_name (service), slip.lang)
                                            : job->service_id;
  slip.service_name_en = service != NULL ? sewa_text_get (sewa_service_get_name (service), SEWA_LANG_EN)
                                         : job->service_id;
  slip.amount_paise = job->payment->amount_paise;
  slip.mode = job->payment->mode == SEWA_PAY_CASH  ? SEWA_SLIP_CASH
              : job->payment->mode == SEWA_PAY_UPI ? SEWA_SLIP_UPI
                                                   : SEWA_SLIP_WAIVED;
  slip.counter_receipt = job->payment->counter_receipt;
  slip.upi_txn_ref = job->payment->upi_txn_ref;
  slip.operator_id = job->payment->operator_id;
  slip.paid_at = at;
  pdf = sewa_report_render_payment_slip (&slip, paper, NULL, &error);
  if (pdf == NULL)
    {
      g_warning ("payment slip for %s not rendered: %s", job->found_reference, error->message);
      return;
    }
  sewa_window_operator_print_slip (self, job->found_reference, pdf);
}
static gboolean parse_rupees (const char *text, gint64 *out_paise);

/* The count typed so far against the cash expected: the line under the day close's field. */
static void
counter_show_difference (SewaWindow *self, SewaOperatorPage *page)
{
  gint64 counted = 0;
  g_autofree char *text = NULL;

  if (!self->counter_expected_known ||
      !parse_rupees (sewa_operator_page_get_counter_text (page, "counted"), &counted))
    {
      sewa_operator_page_set_counter_day (page, NULL, "", FALSE);
      return;
    }
  if (counted == self->counter_expected_paise)
    {
      g_autofree char *c = sewa_receipt_format_rupees (counted);

      /* TRANSLATORS: %s is the cash counted, such as ₹45.00 */
      text = g_strdup_printf (_("Counted %s: the drawer matches."), c);
    }
  else
    {
      g_autofree char *c = sewa_receipt_format_rupees (counted);
      g_autofree char *d = sewa_receipt_format_rupees (counted - self->counter_expected_paise);

      /* TRANSLATORS: the cash counted, then counted minus expected (negative when cash is
       * missing) */
      text = g_strdup_printf (_("Counted %s: difference %s."), c, d);
    }
  sewa_operator_page_set_counter_day (page, NULL, text, counted != self->counter_expected_paise);
}

/* Money taken or waived, an application cancelled, the day closed: the payment goes to the
 * portal now rather than at the engine's next timer, and the audit log with it rather than at its
 * interval (the portal's copy of the chain is what shows a record changed on the kiosk later, and
 * after a day close the kiosk may be switched off). Nothing to do on a kiosk not enrolled. */
static void
counter_tell_portal (SewaWindow *self)
{
  SewaSync *sync = sewa_application_get_sync (self->app);

  if (sync == NULL)
    return;
  sewa_sync_wake (sync);
  sewa_sync_send_audit_soon (sync);
}

static void
counter_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  CounterJob *job = g_task_get_task_data (G_TASK (result));
  SewaOperatorPage *page = counter_page (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || page == NULL)
        return;
      g_message ("counter action on %s refused: %s",
                 job->reference != NULL ? job->reference : "the day", error->message);
      if (job->op == COUNTER_SUMMARY)
        {
          self->counter_expected_known = FALSE;
          sewa_operator_page_set_counter_day (page, _("The day's payments cannot be read. Call the technician."),
                                              "", TRUE);
          return;
        }
      if (job->op == COUNTER_CLOSE)
        text = g_strdup (_("The day could not be closed. Call the technician."));
      else if (g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND))
        {
          /* TRANSLATORS: %s is what the operator typed as a reference */
          text = g_strdup_printf (_("No application %s at this kiosk."), job->reference);
          sewa_operator_page_set_counter_found (page, "");
          g_clear_pointer (&self->counter_reference, g_free);
        }
      else if (job->op == COUNTER_CANCEL
               && g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE))
        /* TRANSLATORS: %s is an application reference */
        text = g_strdup_printf (_("%s was already sent to the portal; it cannot be cancelled."),
                                job->found_reference);
      else if (g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE))
        text = g_strdup (_("This application has no fee due."));
      else
        text = g_strdup (_("That did not work. Call the technician."));
      sewa_operator_page_set_counter_result (page, text, TRUE);
      return;
    }
  if (job->op == COUNTER_CASH || job->op == COUNTER_UPI || job->op == COUNTER_WAIVE
      || job->op == COUNTER_CANCEL || job->op == COUNTER_CLOSE)
    counter_tell_portal (self);
  else if (job->asked_portal && sewa_application_get_sync (self->app) != NULL)
    sewa_sync_wake (sewa_application_get_sync (self->app));
  if (page == NULL)
    return;
  if (job->op == COUNTER_SUMMARY)
    {
      g_autofree char *cash = sewa_receipt_format_rupees (job->cash_paise);
      g_autofree char *upi = sewa_receipt_format_rupees (job->upi_paise);

      self->counter_expected_paise = job->cash_paise;
      self->counter_expected_known = TRUE;
      /* Each count with its own plural: "1 cash payment", "2 cash payments". */
      /* TRANSLATORS: the number of cash payments today, then their sum */
      g_autofree char *cash_part = g_strdup_printf (ngettext ("%u cash payment, %s", "%u cash payments, %s",
                                                              job->n_cash), job->n_cash, cash);
      /* TRANSLATORS: the number of UPI payments today, then their sum */
      g_autofree char *upi_part = g_strdup_printf (ngettext ("%u UPI payment, %s", "%u UPI payments, %s",
                                                             job->n_upi), job->n_upi, upi);
      /* TRANSLATORS: the number of fees waived today */
      g_autofree char *waived_part = g_strdup_printf (ngettext ("%u fee waived", "%u fees waived",
                                                                job->n_waived), job->n_waived);

      /* TRANSLATORS: the cash payments, the UPI payments and the fees waived (each a phrase
       * above), then the cash the drawer should hold */
      text = g_strdup_printf (_("Today so far: %s; %s; %s. Cash expected in the drawer: %s."),
                              cash_part, upi_part, waived_part, cash);
      sewa_operator_page_set_counter_day (page, text, NULL, FALSE);
      counter_show_difference (self, page);
      return;
    }
  if (job->op == COUNTER_SCAN && job->no_receipt)
    {
      sewa_operator_page_set_counter_result (page, _("No kiosk receipt code in the photo. Hold the receipt's QR code "
                                                     "flat to the camera, well lit, and scan again."), TRUE);
      return;
    }
  if (job->op == COUNTER_FIND_MOBILE && job->matches != NULL)
    {
      g_autoptr (GPtrArray) refs = g_ptr_array_new ();
      g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < job->matches->len; i++)
        {
          SewaAppRecord *m = job->matches->pdata[i];

          g_ptr_array_add (refs, m->reference);
          g_ptr_array_add (labels, g_strdup_printf ("%s — %s", m->reference,
                                                    counter_service_name (self, m->service_id)));
        }
      g_ptr_array_add (refs, NULL);
      g_ptr_array_add (labels, NULL);
      sewa_operator_page_clear_counter_inputs (page);
      sewa_operator_page_set_counter_found (page, "");
      g_clear_pointer (&self->counter_reference, g_free);
      sewa_operator_page_set_counter_matches (page, (const char *const *) refs->pdata,
                                              (const char *const *) labels->pdata);
      if (job->matches->len == 0)
        sewa_operator_page_set_counter_result (page, _("No application that day with a mobile number ending in those digits."), TRUE);
      else
        sewa_operator_page_set_counter_result (page, _("Several applications match: ask the citizen which, and tap it."), FALSE);
      return;
    }
  if (job->op == COUNTER_CLOSE)
    {
      g_autofree char *expected = sewa_receipt_format_rupees (job->expected_paise);
      g_autofree char *counted = sewa_receipt_format_rupees (job->counted_paise);
      g_autofree char *difference = sewa_receipt_format_rupees (job->counted_paise - job->expected_paise);

      sewa_operator_page_clear_counter_inputs (page);
      /* TRANSLATORS: the cash the kiosk recorded today, the cash counted, counted minus
       * expected (negative when cash is missing) */
      text = g_strdup_printf (_("Day closed. Cash expected %s, counted %s, difference %s. "
                                "The summary is printing."),
                              expected, counted, difference);
      sewa_operator_page_set_counter_result (page, text, job->counted_paise != job->expected_paise);
      sewa_window_operator_print_day_close (self, job->expected_paise, job->counted_paise);
      counter_summary_refresh (self);
      return;
    }
  g_free (self->counter_reference);
  self->counter_reference = g_strdup (job->found_reference);
  self->counter_fee = job->cancelled ? -1 : (int) job->fee;
  self->counter_amount_paise = job->amount_paise;
  fee = fee_text (job);
  /* TRANSLATORS: reference, service, state, then the fee state ("₹45.00 due") */
  found = g_strdup_printf (_("%s — %s — %s. Fee: %s."), job->found_reference,
                           counter_service_name (self, job->service_id),
                           job->cancelled ? _("Cancelled") : sewa_operator_state_label (job->state),
                           fee);
  sewa_operator_page_set_counter_found (page, found);
  /* What was typed belongs to the step that just succeeded; the next starts empty. */
  sewa_operator_page_clear_counter_inputs (page);
  /* A list of matches stays while the operator deals with each of them; anything else found
   * replaces it. */
  if ((job->op == COUNTER_FIND && !job->picked) || job->op == COUNTER_SCAN || job->op == COUNTER_FIND_MOBILE)
    sewa_operator_page_set_counter_matches (page, NULL, NULL);
  switch (job->op)
    {
    case COUNTER_FIND:
    case COUNTER_SCAN:
    case COUNTER_FIND_MOBILE:
      sewa_operator_page_set_counter_result (page, "", FALSE);
      return;
    case COUNTER_CASH:
      {
        g_autofree char *taken = sewa_receipt_format_rupees (job->tendered_paise);
        g_autofree char *change = sewa_receipt_format_rupees (job->tendered_paise - job->amount_paise);

        /* TRANSLATORS: cash handed over, the change to give back, the counter receipt number */
        text = g_strdup_printf (_("%s taken. Give back %s. Counter receipt %s."), taken, change,
                                job->payment != NULL ? job->payment->counter_receipt : "");
        counter_summary_refresh (self);
        counter_print_slip (self, job);
      }
      break;
    case COUNTER_UPI:
      /* TRANSLATORS: %s is the 12-digit UPI transaction number */
      text = g_strdup_printf (_("UPI payment %s recorded."), job->utr);
      counter_summary_refresh (self);
      counter_print_slip (self, job);
      break;
    case COUNTER_CANCEL:
      /* TRANSLATORS: %s is an application reference */
      text = g_strdup_printf (_("%s is cancelled."), job->found_reference);
      break;
    case COUNTER_WAIVE:
      /* TRANSLATORS: %s is an application reference */
      text = g_strdup_printf (_("The fee for %s is waived."), job->found_reference);
      counter_summary_refresh (self);
      counter_print_slip (self, job);
      break;
    case COUNTER_CLOSE:
    case COUNTER_SUMMARY:
    default:
      g_assert_not_reached ();
    }
  sewa_operator_page_set_counter_result (page, text, FALSE);
}

static void
counter_run (SewaWindow *self, CounterJob *job)
{
  g_autoptr (GTask) task = NULL;

  job->store = g_object_ref (sewa_application_get_store (self->app));
  job->operator_id = g_strdup (sewa_window_operator_current_id (self));
  task = g_task_new (NULL, self->op_cancellable, counter_done, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) counter_job_free);
  g_task_run_in_thread (task, counter_thread);
}

static void
counter_refuse (SewaWindow *self, const char *text)
{
  SewaOperatorPage *page = counter_page (self);

  if (page != NULL)
    sewa_operator_page_set_counter_result (page, text, TRUE);
}

/* Rupees as typed at the counter ("50", "45.5", "45.50") to paise; FALSE if it is not that. */
static gboolean
parse_rupees (const char *text, gint64 *out_paise)
{
  g_autofree char *t = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *dot = strchr (t, '.');
  gsize whole_len = dot != NULL ? (gsize) (dot - t) : strlen (t);
  gsize frac_len = dot != NULL ? strlen (dot + 1) : 0;
  gint64 rupees = 0, paise = 0;

  if (whole_len == 0 || whole_len > 7 || frac_len > 2 || (dot != NULL && frac_len == 0))
    return FALSE;
  for (gsize i = 0; i < whole_len; i++)
    {
      if (!g_ascii_isdigit (t[i]))
        return FALSE;
      rupees = rupees * 10 + (t[i] - '0');
    }
  for (gsize i = 0; i < frac_len; i++)
    {
      if (!g_ascii_isdigit (dot[1 + i]))
        return FALSE;
      paise = paise * 10 + (dot[1 + i] - '0');
    }
  if (frac_len == 1)
    paise *= 10;
  *out_paise = rupees * 100 + paise;
  return TRUE;
}

/* A job for an operator's action (the idle timer restarts): on the application found when
 * @on_found, else on nothing yet. */
static CounterJob *
counter_job_for (SewaWindow *self, CounterOp op, gboolean on_found)
{
  CounterJob *job = g_new0 (CounterJob, 1);

  sewa_window_operator_touch (self);
  job->op = op;
  if (on_found)
    job->reference = g_strdup (self->counter_reference);
  return job;
}

/* Money is taken or waived only for a fee still due (the store checks it again). */
static gboolean
counter_fee_due (SewaWindow *self)
{
  if (self->counter_fee == SEWA_FEE_STATUS_DUE)
    return TRUE;
  counter_refuse (self, _("This application has no fee due."));
  return FALSE;
}

static gboolean
counter_precheck (SewaWindow *self, SewaOperatorPage **out_page)
{
  if (!sewa_window_operator_is_open (self) || (*out_page = counter_page (self)) == NULL)
    return FALSE;
  if (self->counter_reference == NULL)
    {
      counter_refuse (self, _("Find the application first."));
      return FALSE;
    }
  return TRUE;
}

static void
counter_find_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = counter_page (self);
  g_autofree char *typed = NULL;
  CounterJob *job;

  if (!sewa_window_operator_is_open (self) || page == NULL)
    return;
  typed = g_strstrip (g_strdup (sewa_operator_page_get_counter_text (page, "reference")));
  if (typed[0] == '\0' || strlen (typed) > 64)
    {
      counter_refuse (self, _("Type the reference on the citizen's receipt, then Find."));
      return;
    }
  job = counter_job_for (self, COUNTER_FIND, FALSE);
  job->reference = g_ascii_strup (typed, -1);
  counter_run (self, job);
}

static void
counter_cash_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = NULL;
  gint64 tendered = 0;
  CounterJob *job;

  if (!counter_precheck (self, &page) || !counter_fee_due (self))
    return;
  if (!parse_rupees (sewa_operator_page_get_counter_text (page, "tendered"), &tendered))
    {
      counter_refuse (self, _("Type the cash handed over, in rupees."));
      return;
    }
  if (tendered < self->counter_amount_paise)
    {
      g_autofree char *due = sewa_receipt_format_rupees (self->counter_amount_paise);
      /* TRANSLATORS: %s is the fee, such as ₹45.00 */
      g_autofree char *text = g_strdup_printf (_("That is less than the fee of %s."), due);

      counter_refuse (self, text);
      return;
    }
  job = counter_job_for (self, COUNTER_CASH, TRUE);
  job->tendered_paise = tendered;
  counter_run (self, job);
}

static void
counter_upi_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = NULL;
  g_autofree char *utr = NULL;
  CounterJob *job;

  if (!counter_precheck (self, &page) || !counter_fee_due (self))
    return;
  utr = g_strstrip (g_strdup (sewa_operator_page_get_counter_text (page, "utr")));
  if (!sewa_upi_txn_ref_is_valid (utr))
    {
      counter_refuse (self, _("A UPI transaction number is 12 digits."));
      return;
    }
  job = counter_job_for (self, COUNTER_UPI, TRUE);
  job->utr = g_steal_pointer (&utr);
  counter_run (self, job);
}

static void
counter_cancel_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = NULL;
  g_autofree char *reason = NULL;
  CounterJob *job;

  if (!counter_precheck (self, &page))
    return;
  reason = g_strstrip (g_strdup (sewa_operator_page_get_counter_text (page, "reason")));
  if (reason[0] == '\0')
    {
      counter_refuse (self, _("Type why it is cancelled."));
      return;
    }
  job = counter_job_for (self, COUNTER_CANCEL, TRUE);
  job->reason = g_steal_pointer (&reason);
  counter_run (self, job);
}

/* The day close needs no application found: it is about the drawer, not one fee. */
static void
counter_close_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = counter_page (self);
  gint64 counted = 0;
  CounterJob *job;

  if (!sewa_window_operator_is_open (self) || page == NULL)
    return;
  if (!parse_rupees (sewa_operator_page_get_counter_text (page, "counted"), &counted))
    {
      /* The totals the operator counts against are read again: the sync engine may have
       * recorded a UPI payment the portal confirmed since the tab last read them. */
      counter_summary_refresh (self);
      counter_refuse (self, _("Type the cash counted in the drawer, in rupees."));
      return;
    }
  job = counter_job_for (self, COUNTER_CLOSE, FALSE);
  job->counted_paise = counted;
  counter_run (self, job);
}

static void
counter_scan_captured (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) photo = sewa_camera_capture_finish (SEWA_CAMERA (source), result, NULL, &error);
  CounterJob *job;

  if (photo == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("counter scan: no photo: %s", error->message);
      counter_refuse (self, _("The camera took no photo. Check its cable and power, and the camera in the configuration."));
      return;
    }
  if (!sewa_window_operator_is_open (self))
    return;
  job = g_new0 (CounterJob, 1);
  job->op = COUNTER_SCAN;
  job->photo = g_steal_pointer (&photo);
  counter_run (self, job);
}

/* The operator holds the citizen's receipt to the camera: one still is taken and its status QR
 * read for the reference, then the application is found as if the reference had been typed. */
static void
counter_scan_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaCamera *camera = sewa_application_get_camera (self->app);
  SewaOperatorPage *page = counter_page (self);

  if (!sewa_window_operator_is_open (self) || page == NULL)
    return;
  if (camera == NULL)
    {
      counter_refuse (self, _("No camera is configured."));
      return;
    }
  sewa_window_operator_touch (self);
  sewa_operator_page_set_counter_result (page, _("Reading the receipt's QR code…"), FALSE);
  sewa_camera_capture_async (camera, self->op_cancellable, counter_scan_captured, g_object_ref (self));
}

/* The day typed as DDMMYYYY (empty: today) as YYYY-MM-DD, or NULL if it is no such day. */
static char *
counter_day (const char *typed)
{
  g_autofree char *t = g_strstrip (g_strdup (typed != NULL ? typed : ""));
  g_autoptr (GDateTime) day = NULL;
  int d, m, y;

  if (t[0] == '\0')
    day = g_date_time_new_now_local ();
  else
    {
      if (strlen (t) != 8)
        return NULL;
      for (guint i = 0; i < 8; i++)
        if (!g_ascii_isdigit (t[i]))
          return NULL;
      d = (t[0] - '0') * 10 + (t[1] - '0');
      m = (t[2] - '0') * 10 + (t[3] - '0');
      y = (int) g_ascii_strtoll (t + 4, NULL, 10);
      if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        return NULL;
      day = g_date_time_new_local (y, m, d, 0, 0, 0);
    }
  return day != NULL ? g_date_time_format (day, "%Y-%m-%d") : NULL;
}

static void
counter_find_mobile_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = counter_page (self);
  g_autofree char *last4 = NULL;
  g_autofree char *day = NULL;
  CounterJob *job;

  if (!sewa_window_operator_is_open (self) || page == NULL)
    return;
  last4 = g_strstrip (g_strdup (sewa_operator_page_get_counter_text (page, "mobile")));
  if (strlen (last4) != 4 || !g_ascii_isdigit (last4[0]) || !g_ascii_isdigit (last4[1]) ||
      !g_ascii_isdigit (last4[2]) || !g_ascii_isdigit (last4[3]))
    {
      counter_refuse (self, _("Type the last 4 digits of the citizen's mobile number."));
      return;
    }
  day = counter_day (sewa_operator_page_get_counter_text (page, "date"));
  if (day == NULL)
    {
      counter_refuse (self, _("Type the date as 8 digits (day, month, year), or leave it empty for today."));
      return;
    }
  job = counter_job_for (self, COUNTER_FIND_MOBILE, FALSE);
  job->last4 = g_steal_pointer (&last4);
  job->day = g_steal_pointer (&day);
  counter_run (self, job);
}

/* One of several applications a search by mobile found, tapped. */
static void
counter_pick_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  CounterJob *job;

  if (!sewa_window_operator_is_open (self) || counter_page (self) == NULL)
    return;
  job = counter_job_for (self, COUNTER_FIND, FALSE);
  job->picked = TRUE;
  job->reference = g_variant_dup_string (param, NULL);
  counter_run (self, job);
}

static void
counter_summary_refresh (SewaWindow *self)
{
  CounterJob *job;

  if (!sewa_window_operator_is_open (self) || counter_page (self) == NULL)
    return;
  job = g_new0 (CounterJob, 1);
  job->op = COUNTER_SUMMARY;
  counter_run (self, job);
}

static void
counter_day_summary_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  counter_summary_refresh (SEWA_WINDOW (user_data));
}

static void
counter_counted_changed_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = counter_page (self);

  if (sewa_window_operator_is_open (self) && page != NULL)
    counter_show_difference (self, page);
}

/* A waiver needs its reason: one of the usual ones (the button's target, kept in English in the
 * record and the audit) or the one typed (target ""). */
static void
counter_waive_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaOperatorPage *page = NULL;
  g_autofree char *reason = NULL;
  CounterJob *job;

  if (!counter_precheck (self, &page) || !counter_fee_due (self))
    return;
  reason = g_strstrip (g_variant_dup_string (param, NULL));
  if (reason[0] == '\0')
    {
      g_free (reason);
      reason = g_strstrip (g_strdup (sewa_operator_page_get_counter_text (page, "waive")));
    }
  if (reason[0] == '\0' || g_utf8_strlen (reason, -1) > 200)
    {
      counter_refuse (self, _("Choose or type why the fee is waived."));
      return;
    }
  job = counter_job_for (self, COUNTER_WAIVE, TRUE);
  job->reason = g_steal_pointer (&reason);
  counter_run (self, job);
}

static const GActionEntry counter_entries[] = {
  { .name = "counter-waive", .activate = counter_waive_action, .parameter_type = "s" },
  { .name = "counter-day-summary", .activate = counter_day_summary_action },
  { .name = "counter-counted-changed", .activate = counter_counted_changed_action },
  { .name = "counter-scan", .activate = counter_scan_action },
  { .name = "counter-find-mobile", .activate = counter_find_mobile_action },
  { .name = "counter-pick", .activate = counter_pick_action, .parameter_type = "s" },
  { .name = "counter-find", .activate = counter_find_action },
  { .name = "counter-cash", .activate = counter_cash_action },
  { .name = "counter-upi", .activate = counter_upi_action },
  { .name = "counter-cancel", .activate = counter_cancel_action },
  { .name = "counter-close", .activate = counter_close_action },
};

void
sewa_window_counter_add_actions (SewaWindow *self, GActionMap *map)
{
  g_action_map_add_action_entries (map, counter_entries, G_N_ELEMENTS (counter_entries), self);
}

void
sewa_window_counter_clear (SewaWindow *self)
{
  g_clear_pointer (&self->counter_reference, g_free);
  self->counter_fee = -1;
  self->counter_amount_paise = 0;
  self->counter_expected_known = FALSE;
  self->counter_expected_paise = 0;
}
