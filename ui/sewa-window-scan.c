/* sewa-window-scan.c — QR codes: Aadhaar autofill, status lookup, keyboard-wedge scanners.
 *
 * A code reaches the window from the scan screen's camera or from a USB scanner that types
 * (a key burst the wedge detector recognises). Either way it is classified once and acted on
 * by what the citizen is doing: on the identify step or the form an Aadhaar code fills their
 * details (from the identify step the form opens first); anywhere a
 * citizen is not in the middle of an application a receipt code opens its status. The
 * Aadhaar data lives only until the identity is built from it and is wiped then (photo
 * included); only the last four digits of the number ever reach the draft.
 */
#include "sewa-build-config.h"
#include "sewa-window-private.h"
#include "sewa-enrol.h"
#include "sewa-provisioning.h"
#include "sewa-identity.h"
#include "sewa-qr-payload.h"
#include "screens/form/sewa-form-page.h"
#include "screens/scan/sewa-scan-page.h"
#include "screens/start/sewa-start-page.h"
#include "screens/status/sewa-status-page.h"

#include <glib/gi18n.h>
#include <string.h>

/* UIDAI's certificate is configuration, read once. Without it a Secure QR cannot be verified
 * and is never used for autofill (the citizen is told so). */
static const SewaAadhaarKey *
uidai_key (SewaWindow *self)
{
  SewaConfig *config = sewa_application_get_config (self->app);

  if (!self->uidai_key_tried)
    {
      g_autoptr (GError) error = NULL;

      self->uidai_key_tried = TRUE;
      if (config->uidai_cert_files == NULL)
        g_message ("no UIDAI certificate configured: Aadhaar QR codes cannot be verified");
      else if ((self->uidai_key = sewa_aadhaar_key_new_from_files ((const char *const *) config->uidai_cert_files,
                                                                    &error)) == NULL)
        g_warning ("UIDAI certificate unusable: %s", error->message);
    }
  return self->uidai_key;
}

static SewaQrPayload *
classify (SewaWindow *self, GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return sewa_qr_payload_classify (data, len, uidai_key (self), g_get_real_time () / G_USEC_PER_SEC);
}

/* ---- Aadhaar autofill ----------------------------------------------------------------- */

static SewaIdentity *
identity_from_aadhaar (const SewaAadhaarData *a)
{
  SewaIdentity *identity = sewa_identity_new (SEWA_IDENTITY_SOURCE_AADHAAR_QR);
  char gender[2] = { a->gender, '\0' };
  const struct
  {
    const char *key;
    const char *value;
  } parts[] = {
    { "name", a->name },
    { "dob", a->dob },
    { "gender", gender },
    { "care_of", a->care_of },
    { "aadhaar_last4", a->last4 },
    { "address.house", a->house },
    { "address.street", a->street },
    { "address.landmark", a->landmark },
    { "address.locality", a->location },
    { "address.vtc", a->vtc },
    { "address.post_office", a->post_office },
    { "address.sub_district", a->sub_district },
    { "address.district", a->district },
    { "address.state", a->state },
    { "address.pincode", a->pincode },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i].value != NULL && *parts[i].value != '\0')
      sewa_identity_set (identity, parts[i].key, parts[i].value);
  explicit_bzero (gender, sizeof gender);
  return identity;
}

/* The scan screen has done its job once the citizen is shown the result: its camera and
 * decoder stop with it. (A scan screen merely hidden, e.g. by "Back to the form", pauses on
 * its own and is replaced when the citizen scans again.) */
static void
drop_scan_screen (SewaWindow *self)
{
  GtkWidget *scan = gtk_stack_get_child_by_name (self->stack, "scan");

  if (scan != NULL && gtk_stack_get_visible_child (self->stack) != scan)
    gtk_stack_remove (self->stack, scan);
}

/* The mobile number the citizen typed on the form (its first mobile field), borrowed, or NULL.
 * (The identify step's number is wiped before the form opens.) */
static const char *
typed_mobile (SewaWindow *self, SewaService *service)
{
  const SewaForm *form = sewa_service_get_form (service);

  for (guint s = 0; self->draft != NULL && s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);

      for (guint f = 0; f < sec->fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (sec->fields, f);
          const char *v = sewa_form_values_get (self->draft, field->id);

          if (field->type == SEWA_FIELD_TYPE_MOBILE && v != NULL && *v != '\0')
            return v;
        }
    }
  return NULL;
}

/* Takes DATA and wipes it as soon as the identity is built. @identify_mobile: the number the
 * citizen typed on the identify step before the card was read (borrowed), or NULL; it fills the
 * form's mobile field, and is what the card's mobile is checked against, as a number typed on
 * the form is. */
static void
fill_from_aadhaar (SewaWindow *self, SewaAadhaarData *data, const char *identify_mobile)
{
  GtkWidget *form = gtk_stack_get_child_by_name (self->stack, "form");
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service = NULL;
  g_autoptr (SewaIdentity) identity = identity_from_aadhaar (data);
  gboolean verified = data->verified;
  g_autofree char *notice = NULL;
  SewaAadhaarMatch match = SEWA_AADHAAR_MATCH_NO_DATA;
  const char *mobile;
  guint n;

  if (catalog != NULL && self->service_id != NULL)
    service = sewa_catalog_lookup_service (catalog, self->service_id);
  if (form == NULL || self->draft == NULL || service == NULL)
    {
      sewa_aadhaar_data_free (data);
      return;
    }
  mobile = identify_mobile != NULL ? identify_mobile : typed_mobile (self, service);
  if (mobile != NULL)
    match = sewa_aadhaar_check_mobile (data, mobile);
  sewa_aadhaar_data_free (data);
  /* The card says who the citizen is unless an OTP this visit already proved more. */
  if (sewa_session_get_identity_method (self->session) != SEWA_IDENTITY_METHOD_OTP)
    sewa_session_set_identity_method (self->session, verified ? SEWA_IDENTITY_METHOD_AADHAAR_QR_VERIFIED
                                                              : SEWA_IDENTITY_METHOD_AADHAAR_QR_UNVERIFIED);
  /* The card knows the citizen's district better than the kiosk's guess from its own centre:
   * the guess steps aside for the fill and comes back only where the card had nothing. */
  sewa_window_catalog_lift_guesses (self);
  n = sewa_form_prefill (sewa_service_get_form (service), self->draft, identity);
  sewa_window_catalog_restore_guesses (self);
  g_clear_pointer (&identity, sewa_identity_free);
  /* The number typed on the identify step goes into the form too, but it is the citizen's, not
   * the card's: it is not counted among the fields the card filled. */
  if (identify_mobile != NULL)
    {
      g_autoptr (SewaIdentity) typed = sewa_identity_new (SEWA_IDENTITY_SOURCE_NONE);

      sewa_identity_set (typed, "mobile", identify_mobile);
      sewa_form_prefill (sewa_service_get_form (service), self->draft, typed);
    }
  g_debug ("%u form fields filled from an Aadhaar QR (%s)", n, verified ? "verified" : "unverified");

  gtk_stack_set_visible_child (self->stack, form);
  sewa_window_update_chrome (self);
  drop_scan_screen (self);
  sewa_form_page_reload (SEWA_FORM_PAGE (form));
  if (n == 0)
    notice = g_strdup (_("Your Aadhaar was read, but there were no empty fields it could fill."));
  else if (verified)
    notice = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u field was filled from your Aadhaar. Please check it.",
                                           "%u fields were filled from your Aadhaar. Please check them.", n),
                              n);
  else
    notice = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u field was filled from an old Aadhaar QR code, which cannot be verified. Please check it carefully.",
                                           "%u fields were filled from an old Aadhaar QR code, which cannot be verified. Please check them carefully.", n),
                              n);
  if (match == SEWA_AADHAAR_MATCH_YES)
    {
      char *both = g_strconcat (notice, " ", _("Your mobile number is the one registered with this Aadhaar."), NULL);

      g_free (notice);
      notice = both;
    }
  else if (match == SEWA_AADHAAR_MATCH_NO)
    {
      char *both = g_strconcat (notice, " ", _("Your mobile number is not the one registered with this Aadhaar."), NULL);

      g_free (notice);
      notice = both;
    }
  sewa_form_page_show_notice (SEWA_FORM_PAGE (form), notice, !verified || match == SEWA_AADHAAR_MATCH_NO);
}

/* ---- status lookup -------------------------------------------------------------------- */

typedef struct
{
  SewaStore *store;
  char *reference;
  char *arn_hint;
} LookupJob;

static void
lookup_job_free (LookupJob *job)
{
  g_clear_object (&job->store);
  g_free (job->reference);
  g_free (job->arn_hint);
  g_free (job);
}

static void
lookup_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  LookupJob *job = data;
  GError *error = NULL;
  /* State only: nothing of the citizen's is decrypted to show a status. */
  SewaAppRecord *record = sewa_store_get (job->store, job->reference, FALSE, &error);

  if (record == NULL && error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, (GDestroyNotify) sewa_app_record_free);
}

static SewaStatusPage *
show_status_page (SewaWindow *self)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "status");

  if (page == NULL)
    {
      page = sewa_status_page_new ();
      gtk_stack_add_named (self->stack, page, "status");
    }
  gtk_stack_set_visible_child (self->stack, page);
  sewa_window_update_chrome (self);
  drop_scan_screen (self);
  return SEWA_STATUS_PAGE (page);
}

static void
lookup_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (source);
  LookupJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) record = g_task_propagate_pointer (G_TASK (result), &error);
  GtkWidget *page;
  SewaCatalog *catalog;
  SewaService *service = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  page = gtk_stack_get_child_by_name (self->stack, "status");
  if (page == NULL)
    return;
  sewa_status_page_set_looking_up (SEWA_STATUS_PAGE (page), FALSE);
  if (record == NULL)
    {
      if (error != NULL && !g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND))
        {
          g_warning ("status of %s not looked up: %s", job->reference, error->message);
          sewa_status_page_show_message (SEWA_STATUS_PAGE (page),
                                         _("The status cannot be shown right now. Please ask at the counter."));
        }
      else
        sewa_status_page_show_message (SEWA_STATUS_PAGE (page),
                                       _("No application with this reference number was made at this kiosk. Please check the number, or ask at the counter."));
      return;
    }
  catalog = sewa_application_get_catalog (self->app);
  if (catalog != NULL)
    service = sewa_catalog_lookup_service (catalog, record->service_id);
  sewa_status_page_show_record (SEWA_STATUS_PAGE (page), record,
                                service != NULL ? sewa_text_get (sewa_service_get_name (service),
                                                                 sewa_session_get_language (self->session))
                                                : NULL,
                                job->arn_hint);
}

static void
status_lookup (SewaWindow *self, const char *reference, const char *arn_hint)
{
  SewaStore *store = sewa_application_get_store (self->app);
  SewaStatusPage *page = show_status_page (self);
  g_autoptr (GTask) task = NULL;
  LookupJob *job;

  /* One reference on screen: the field shows the one being looked up, whether it was typed or
   * came from a receipt's QR code (which would otherwise leave an older typed one beside it). */
  gtk_editable_set_text (sewa_status_page_get_entry (page), reference);
  if (store == NULL)
    {
      sewa_status_page_show_message (page, _("The status cannot be shown right now. Please ask at the counter."));
      return;
    }
  job = g_new0 (LookupJob, 1);
  job->store = g_object_ref (store);
  job->reference = g_strdup (reference);
  job->arn_hint = g_strdup (arn_hint);
  sewa_status_page_set_looking_up (page, TRUE);
  task = g_task_new (self, sewa_session_get_cancellable (self->session), lookup_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) lookup_job_free);
  g_task_run_in_thread (task, lookup_thread);
}

/* ---- technician: enrolment from a provisioning QR ---------------------------------------- */

typedef struct
{
  SewaStore *store;
  char *state_dir;
  SewaProvisioning *prov;
  char *device_id;
} EnrolJob;

static void
enrol_job_free (EnrolJob *job)
{
  g_clear_object (&job->store);
  g_free (job->state_dir);
  sewa_provisioning_free (job->prov); /* wipes nothing itself: the token is single-use */
  g_free (job->device_id);
  g_free (job);
}

static void
enrol_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  EnrolJob *job = data;
  SewaEnrolParams params = {
    .portal_url = job->prov->portal,
    .token = job->prov->token,
    .ca_sha256 = job->prov->ca_sha256,
    .centre = job->prov->centre,
    .kiosk = job->prov->kiosk,
  };
  GError *error = NULL;
  g_autoptr (SewaPortalClient) client = sewa_enrol (job->store, job->state_dir, NULL, &params, &error);

  if (client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->device_id = g_strdup (client->device_id);
  g_task_return_boolean (task, TRUE);
}

static void
enrol_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (source);
  EnrolJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  GtkWidget *scan = gtk_stack_get_child_by_name (self->stack, "scan");
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("enrolment failed: %s", error->message);
      /* TRANSLATORS: %s is the technical reason, shown to the technician */
      text = g_strdup_printf (_("Enrolment failed: %s"), error->message);
      if (scan != NULL)
        sewa_scan_page_show_message (SEWA_SCAN_PAGE (scan), text, TRUE);
      return;
    }
  g_message ("enrolled with the portal as %s", job->device_id);
  sewa_application_restart_sync (self->app);
  sewa_window_sync_attach (self);
  /* TRANSLATORS: %s is the device id the portal gave this kiosk */
  text = g_strdup_printf (_("This kiosk is enrolled with the portal (device %s)."), job->device_id);
  if (scan != NULL)
    sewa_scan_page_show_message (SEWA_SCAN_PAGE (scan), text, FALSE);
}

/* Enrols with a provisioning payload the technician scanned (or a test fed). */
void
sewa_window_enrol (SewaWindow *self, const SewaProvisioning *prov)
{
  SewaConfig *config = sewa_application_get_config (self->app);
  g_autoptr (GTask) task = NULL;
  EnrolJob *job;

  g_return_if_fail (SEWA_IS_WINDOW (self));
  if (sewa_application_get_store (self->app) == NULL)
    return;
  job = g_new0 (EnrolJob, 1);
  job->store = g_object_ref (sewa_application_get_store (self->app));
  job->state_dir = g_strdup (config->state_dir);
  job->prov = sewa_provisioning_copy (prov);
  task = g_task_new (self, NULL, enrol_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) enrol_job_free);
  g_task_run_in_thread (task, enrol_thread);
}

/* ---- the scan screen ------------------------------------------------------------------- */

static void
on_scan_accepted (SewaScanPage *page, gpointer payload_ptr, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaQrPayload *payload = payload_ptr;

  switch (sewa_scan_page_get_purpose (page))
    {
    case SEWA_SCAN_PURPOSE_IDENTITY:
      if (payload->aadhaar != NULL)
        {
          /* Read from the identify step: the form comes first, then the card fills it. */
          char *mobile = sewa_window_identity_take_aadhaar_mobile (self);

          if (gtk_stack_get_child_by_name (self->stack, "identify") == NULL || sewa_window_identity_aadhaar_read (self))
            fill_from_aadhaar (self, g_steal_pointer (&payload->aadhaar), mobile);
          if (mobile != NULL)
            explicit_bzero (mobile, strlen (mobile));
          g_free (mobile);
        }
      break;
    case SEWA_SCAN_PURPOSE_STATUS:
      if (payload->receipt != NULL)
        status_lookup (self, payload->receipt->reference, payload->receipt->arn);
      break;
    case SEWA_SCAN_PURPOSE_PROVISIONING:
      if (payload->provisioning != NULL)
        {
          sewa_scan_page_show_message (page, _("Enrolling this kiosk with the portal…"), FALSE);
          sewa_window_enrol (self, payload->provisioning);
        }
      break;
    default:
      break;
    }
}

/* @from_identify: the Aadhaar QR asked for on the identify step, before there is a form. */
static void
open_scan (SewaWindow *self, SewaScanPurpose purpose, gboolean from_identify)
{
  GtkWidget *page = sewa_scan_page_new (sewa_application_get_camera (self->app), purpose,
                                        uidai_key (self), sewa_session_get_cancellable (self->session));

  if (purpose == SEWA_SCAN_PURPOSE_IDENTITY && from_identify)
    sewa_scan_page_set_alternative (SEWA_SCAN_PAGE (page), _("Back"), "win.back-to-identify");
  else if (purpose == SEWA_SCAN_PURPOSE_IDENTITY)
    sewa_scan_page_set_alternative (SEWA_SCAN_PAGE (page), _("Back to the form"), "win.back-to-form");
  else if (purpose == SEWA_SCAN_PURPOSE_STATUS)
    sewa_scan_page_set_alternative (SEWA_SCAN_PAGE (page), _("Type the reference number instead"),
                                    "win.status-type");
  g_signal_connect (page, "accepted", G_CALLBACK (on_scan_accepted), self);
  sewa_window_replace_screen (self, "scan", page);
}

static void
check_status_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  open_scan (SEWA_WINDOW (widget), SEWA_SCAN_PURPOSE_STATUS, FALSE);
}

static void
scan_aadhaar_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  if (gtk_stack_get_child_by_name (self->stack, "form") == NULL || self->draft == NULL)
    return;
  open_scan (self, SEWA_SCAN_PURPOSE_IDENTITY, FALSE);
}

static void
status_type_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  sewa_status_page_start_typing (show_status_page (SEWA_WINDOW (widget)));
}

static void
status_lookup_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  status_lookup (SEWA_WINDOW (widget), g_variant_get_string (param, NULL), NULL);
}

/* ---- keyboard-wedge scanners --------------------------------------------------------- */

static void
on_wedge_scanned (SewaWedgeScanner *wedge, GBytes *text, SewaWindow *self)
{
  const char *screen = gtk_stack_get_visible_child_name (self->stack);
  GtkWidget *widget = gtk_stack_get_visible_child (self->stack);
  g_autoptr (SewaQrPayload) payload = NULL;
  const char *rejection;

  if (g_strcmp0 (screen, "scan") == 0)
    {
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (text, &len);

      sewa_scan_page_handle_payload (SEWA_SCAN_PAGE (widget), data, len);
      return;
    }
  if (g_strcmp0 (screen, "form") == 0)
    {
      payload = classify (self, text);
      rejection = sewa_scan_rejection_message (SEWA_SCAN_PURPOSE_IDENTITY, payload);
      if (rejection != NULL)
        sewa_form_page_show_notice (SEWA_FORM_PAGE (widget), rejection, TRUE);
      else if (payload->aadhaar != NULL)
        fill_from_aadhaar (self, g_steal_pointer (&payload->aadhaar), NULL);
      return;
    }
  /* In the middle of photographing or reviewing documents a scan is not acted on: nothing there needs one,
   * and leaving would lose the citizen's place. */
  if (g_strcmp0 (screen, "documents") == 0 || g_strcmp0 (screen, "capture") == 0 ||
      g_strcmp0 (screen, "review") == 0)
    {
      g_debug ("wedge scan ignored on %s", screen);
      return;
    }

  /* Anywhere else (home, start, browsing, status, done) a code is a status lookup. */
  payload = classify (self, text);
  rejection = sewa_scan_rejection_message (SEWA_SCAN_PURPOSE_STATUS, payload);
  if (rejection != NULL)
    {
      if (g_strcmp0 (screen, "start") == 0)
        sewa_start_page_show_notice (SEWA_START_PAGE (widget), rejection);
      else if (g_strcmp0 (screen, "status") == 0)
        sewa_status_page_show_message (SEWA_STATUS_PAGE (widget), rejection);
      else
        g_debug ("wedge scan of a %s code ignored on %s",
                 sewa_qr_payload_kind_to_string (payload->kind), screen);
      return;
    }
  if (payload->receipt == NULL)
    return;
  if (g_strcmp0 (screen, "home") == 0)
    {
      /* No session yet: start one in the kiosk's own language, as a language tile would. */
      SewaConfig *config = sewa_application_get_config (self->app);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.choose-language", "s",
                                  config->default_language != NULL ? config->default_language : "pa");
      if (!sewa_session_is_active (self->session))
        return;
    }
  status_lookup (self, payload->receipt->reference, payload->receipt->arn);
}

/* Keys a person typed come back from the detector a moment late; they go into the focused
 * field exactly as the keyboard would have put them. */
static void
on_wedge_typed (SewaWedgeScanner *wedge, guint keyval, guint ch, SewaWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkEditable *editable;
  char utf8[8];
  int n, pos;

  if (focus == NULL || !GTK_IS_EDITABLE (focus) || ch == 0)
    return;
  editable = GTK_EDITABLE (focus);
  if (!gtk_editable_get_editable (editable))
    return;
  n = g_unichar_to_utf8 ((gunichar) ch, utf8);
  utf8[n] = '\0';
  gtk_editable_delete_selection (editable);
  pos = gtk_editable_get_position (editable);
  gtk_editable_insert_text (editable, utf8, n, &pos);
  gtk_editable_set_position (editable, pos);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  GtkEventController *c = GTK_EVENT_CONTROLLER (controller);

  /* Shortcuts are never part of a scan. */
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return FALSE;
  return sewa_window_feed_key (self, keyval, gdk_keyval_to_unicode (keyval),
                               (gint64) gtk_event_controller_get_current_event_time (c) * 1000);
}

gboolean
sewa_window_feed_key (SewaWindow *self, guint keyval, gunichar ch, gint64 time_us)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), FALSE);
  return sewa_wedge_scanner_feed (self->wedge, keyval, ch, time_us);
}

SewaWedgeScanner *
sewa_window_get_wedge_scanner (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return self->wedge;
}

/* ---- lifetime -------------------------------------------------------------------------- */

void
sewa_window_scan_init (SewaWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->wedge = sewa_wedge_scanner_new ();
  g_signal_connect (self->wedge, "scanned", G_CALLBACK (on_wedge_scanned), self);
  g_signal_connect (self->wedge, "typed", G_CALLBACK (on_wedge_typed), self);
  /* Capture phase: the window sees a scanner's keys before the focused field does. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

void
sewa_window_scan_clear (SewaWindow *self)
{
  /* Screens (and with them any running scan) went with the session; the lookup result, if
   * one is still coming, is dropped by the session's cancellable. Nothing else is kept. */
}

void
sewa_window_scan_dispose (SewaWindow *self)
{
  if (self->wedge != NULL)
    g_signal_handlers_disconnect_by_data (self->wedge, self);
  g_clear_object (&self->wedge);
  g_clear_pointer (&self->uidai_key, sewa_aadhaar_key_free);
}

void
sewa_window_scan_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.check-status", NULL, check_status_action);
  gtk_widget_class_install_action (widget_class, "win.scan-aadhaar", NULL, scan_aadhaar_action);
  gtk_widget_class_install_action (widget_class, "win.status-scan", NULL, check_status_action);
  gtk_widget_class_install_action (widget_class, "win.status-type", NULL, status_type_action);
  gtk_widget_class_install_action (widget_class, "win.status-lookup", "s", status_lookup_action);
}

void
sewa_window_scan_open_provisioning (SewaWindow *self)
{
  g_return_if_fail (SEWA_IS_WINDOW (self));
  open_scan (self, SEWA_SCAN_PURPOSE_PROVISIONING, FALSE);
}

void
sewa_window_scan_open_identify (SewaWindow *self)
{
  g_return_if_fail (SEWA_IS_WINDOW (self));
  open_scan (self, SEWA_SCAN_PURPOSE_IDENTITY, TRUE);
}
