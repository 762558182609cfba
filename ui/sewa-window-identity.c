/* sewa-window-identity.c — the identify step between choosing a service and its form.
 *
 * An enrolled kiosk asks who is applying: the mobile number verified by a code the portal sends
 * (docs/portal-api.md §4), or nobody in particular. The portal's token lives in the citizen's
 * session only (sewa-session.h) and goes with the application they submit; the number and the
 * code live on the screen and in this flow's state, both wiped when the session ends. Offline,
 * the step says so and lets the citizen go on unverified. Online or not, the citizen may instead
 * have their Aadhaar card's QR read (sewa-window-scan.c fills the form from it). The portal is
 * reached only through the sync engine (offline/), never from here.
 */
#include "sewa-build-config.h"
#include "sewa-window-private.h"
#include "screens/identify/sewa-identify-page.h"
#include "screens/consent/sewa-consent-page.h"
#include "screens/form/sewa-form-page.h"
#include "sewa-district.h"

#include <glib/gi18n.h>
#include <string.h>

/* A second code is offered only after this long, so a citizen waiting for an SMS does not
 * trigger a stream of codes that each cancel the last. An expired code may be replaced at once. */
#define SEWA_OTP_RESEND_AFTER_S 30

/* A verified citizen waits at most this long for the portal to list what it holds for them;
 * then the form opens without it (documents on file are still offered on the documents step if
 * the list arrives by then). */

static void
wipe (char **s)
{
  if (*s != NULL)
    explicit_bzero (*s, strlen (*s));
  g_clear_pointer (s, g_free);
}

static SewaIdentifyPage *
identify_page (SewaWindow *self)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "identify");

  return page != NULL ? SEWA_IDENTIFY_PAGE (page) : NULL;
}

/* Whether the portal can be asked for a code now: enrolled, and the engine last reached it. */
static gboolean
portal_reachable (SewaWindow *self)
{
  const SewaSyncStatus *st = self->sync_status;

  return sewa_application_get_sync (self->app) != NULL && st != NULL && st->online
         && st->state != SEWA_SYNC_STATE_OFFLINE && st->state != SEWA_SYNC_STATE_PAUSED
         && st->state != SEWA_SYNC_STATE_STOPPED;
}

gboolean
sewa_window_identity_wanted (SewaWindow *self)
{
  /* An unenrolled kiosk has no portal to verify against; a citizen verified earlier in this
   * visit (a second application) is not asked again. */
  return sewa_application_get_sync (self->app) != NULL
         && sewa_session_get_identity_method (self->session) != SEWA_IDENTITY_METHOD_OTP;
}

void
sewa_window_identity_begin (SewaWindow *self, SewaService *service)
{
  sewa_window_identity_clear (self);
  self->identify_service_id = g_strdup (sewa_service_get_id (service));
  sewa_window_replace_screen (self, "identify",
                              sewa_identify_page_new (service, sewa_session_get_language (self->session),
                                                      portal_reachable (self)));
}

/* The fields of @service's form that @identity would fill into an empty draft (ids, in form
 * order), and with @lines the same as "label: value" in the citizen's language for the consent
 * screen. NULL when it would fill none. */
static GStrv
prefill_preview (SewaWindow *self, SewaService *service, const SewaIdentity *identity, GStrv *lines)
{
  const SewaForm *form = sewa_service_get_form (service);
  SewaLang lang = sewa_session_get_language (self->session);
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) shown = g_strv_builder_new ();
  SewaFormValues *scratch = sewa_form_values_new ();
  guint n = sewa_form_prefill (form, scratch, identity);

  for (guint s = 0; n > 0 && s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);

      for (guint f = 0; f < sec->fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (sec->fields, f);
          const char *value = sewa_form_values_get (scratch, field->id);
          const SewaDistrict *district;
          g_autofree char *line = NULL;

          if (value == NULL)
            continue;
          district = field->type == SEWA_FIELD_TYPE_DISTRICT ? sewa_district_lookup (value) : NULL;
          /* TRANSLATORS: one detail on file: a form field's label and its value */
          line = g_strdup_printf (_("• %s: %s"), sewa_text_get (&field->label, lang),
                                  district != NULL ? sewa_district_name (district, lang) : value);
          g_strv_builder_add (ids, field->id);
          g_strv_builder_add (shown, line);
          explicit_bzero (line, strlen (line));
        }
    }
  sewa_form_values_free (scratch);
  if (n == 0)
    return NULL;
  if (lines != NULL)
    *lines = g_strv_builder_end (shown);
  return g_strv_builder_end (ids);
}

/* With the citizen's consent, the form starts with what they gave before, each such field
 * marked until they change it: filled values they confirm, never silently. What the kiosk put
 * there is remembered as its own (draft_prefill), so leaving the form untouched asks nothing. */
static void
apply_prefill (SewaWindow *self, SewaService *service)
{
  const SewaIdentity *prefill = sewa_session_get_prefill (self->session);
  GtkWidget *form = gtk_stack_get_child_by_name (self->stack, "form");
  g_auto (GStrv) ids = NULL;
  g_autoptr (GStrvBuilder) marked = g_strv_builder_new ();
  g_auto (GStrv) marked_ids = NULL;

  if (prefill == NULL || form == NULL || self->draft == NULL
      || sewa_session_get_vault_consent (self->session) != SEWA_VAULT_CONSENT_GIVEN)
    return;
  ids = prefill_preview (self, service, prefill, NULL);
  if (ids == NULL)
    return;
  /* The centre's district is only a guess: the citizen's own district comes first. */
  sewa_window_catalog_lift_guesses (self);
  (void) sewa_form_prefill (sewa_service_get_form (service), self->draft, prefill);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *value = sewa_form_values_get (self->draft, ids[i]);

      if (value == NULL)
        continue;
      g_hash_table_replace (self->draft_prefill, g_strdup (ids[i]), g_strdup (value));
      g_strv_builder_add (marked, ids[i]);
    }
  sewa_window_catalog_restore_guesses (self);
  marked_ids = g_strv_builder_end (marked);
  g_debug ("%u form field(s) filled from an earlier application", g_strv_length (marked_ids));
  sewa_form_page_mark_from_earlier (SEWA_FORM_PAGE (form), (const char *const *) marked_ids);
}

/* Leaves the step for the form of the chosen service. (A notice on the form would stay above
 * the fields while the keyboard is up and push the field being typed under it: what was filled
 * from an earlier application is marked on each field instead.) */
static void
go_to_form (SewaWindow *self)
{
  g_autofree char *service_id = g_steal_pointer (&self->identify_service_id);
  GtkWidget *identify = gtk_stack_get_child_by_name (self->stack, "identify");
  GtkWidget *consent = gtk_stack_get_child_by_name (self->stack, "consent");
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service;

  if (service_id == NULL)
    return;
  wipe (&self->otp_mobile);
  g_clear_pointer (&self->otp_id, g_free);
  if (!sewa_window_catalog_open_form (self, service_id))
    return;
  if (identify != NULL)
    gtk_stack_remove (self->stack, identify);
  if (consent != NULL)
    gtk_stack_remove (self->stack, consent);
  service = catalog != NULL ? sewa_catalog_lookup_service (catalog, service_id) : NULL;
  if (service != NULL)
    apply_prefill (self, service);
}

static void
on_otp_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaOtpChallenge) challenge = sewa_sync_request_otp_finish (SEWA_SYNC (source), result, &error);
  SewaIdentifyPage *page;

  /* The citizen left (start over, idle reset) or the window went: nothing to show. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || (page = identify_page (self)) == NULL
      || self->otp_mobile == NULL)
    return;
  sewa_identify_page_set_busy (page, FALSE);
  sewa_window_update_chrome (self);
  if (challenge == NULL)
    {
      g_message ("OTP request failed: %s", error->message);
      if (g_error_matches (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_BAD_MOBILE))
        sewa_identify_page_show_message (page, _("This mobile number was not accepted. Check it and try again."), TRUE);
      else if (g_error_matches (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_UNREACHABLE))
        sewa_identify_page_set_online (page, FALSE);
      else
        sewa_identify_page_show_message (page, _("Your number cannot be verified right now. You can continue without verifying."), TRUE);
      return;
    }
  g_free (self->otp_id);
  self->otp_id = g_strdup (challenge->otp_id);
  self->otp_length = challenge->length;
  sewa_identify_page_show_code_step (page, self->otp_mobile + 6, challenge->length, challenge->expires_in,
                                     MIN (SEWA_OTP_RESEND_AFTER_S, challenge->expires_in));
  /* The language control is offered on the mobile step only (sewa-window.c). */
  sewa_window_update_chrome (self);
}

static void
request_code (SewaWindow *self, SewaIdentifyPage *page)
{
  SewaSync *sync = sewa_application_get_sync (self->app);

  if (sync == NULL)
    return;
  sewa_identify_page_set_busy (page, TRUE);
  sewa_window_update_chrome (self);
  sewa_identify_page_show_message (page, _("Sending the code…"), FALSE);
  sewa_sync_request_otp_async (sync, self->otp_mobile, sewa_session_get_cancellable (self->session),
                               on_otp_sent, g_object_ref (self));
}

static void
identify_send_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaIdentifyPage *page = identify_page (self);
  g_autofree char *mobile = NULL;

  if (page == NULL)
    return;
  mobile = sewa_identify_page_get_mobile (page);
  if (!sewa_citizen_is_valid_mobile (mobile))
    {
      sewa_identify_page_show_message (page, _("Type your 10-digit mobile number."), TRUE);
      explicit_bzero (mobile, strlen (mobile));
      return;
    }
  wipe (&self->otp_mobile);
  self->otp_mobile = g_steal_pointer (&mobile);
  request_code (self, page);
}

static void
identify_resend_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaIdentifyPage *page = identify_page (self);

  if (page == NULL || self->otp_mobile == NULL)
    return;
  request_code (self, page);
}

static gboolean ask_consent_before_form (SewaWindow *self);

/* After the OTP, what the portal holds for the citizen decides the next screen: the consent
 * question first when there are details to fill in (their answer covers the documents too),
 * else the form at once (the vault's documents are then asked about on the documents step). */
static void
after_lookup (SewaWindow *self)
{
  g_clear_handle_id (&self->lookup_timeout, g_source_remove);
  if (identify_page (self) == NULL || self->identify_service_id == NULL)
    return;
  if (!ask_consent_before_form (self))
    go_to_form (self);
}

/* The details from earlier applications; an answer that cannot be had or breaks the contract
 * means the citizen types them as before (the operator's log says why, without the data). */
static void
on_profile (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaCitizenProfile) profile = sewa_sync_fetch_profile_finish (SEWA_SYNC (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (profile == NULL)
    g_message ("citizen details on file not used: %s", error->message);
  else if (profile->n_fields > 0)
    {
      GHashTableIter iter;
      gpointer key, date;
      const char *newest = NULL, *arn = NULL;

      /* The consent screen names the newest application the details came from. */
      g_hash_table_iter_init (&iter, profile->dates);
      while (g_hash_table_iter_next (&iter, &key, &date))
        if (newest == NULL || g_strcmp0 (date, newest) > 0)
          {
            newest = date;
            arn = g_hash_table_lookup (profile->arns, key);
          }
      g_debug ("the portal holds %u detail(s) from earlier applications", profile->n_fields);
      sewa_session_set_prefill (self->session, g_steal_pointer (&profile->identity), arn);
    }
  after_lookup (self);
}

static void
fetch_profile (SewaWindow *self)
{
  SewaSync *sync = sewa_application_get_sync (self->app);
  const char *token = sewa_session_get_citizen_token (self->session);

  if (sync == NULL || token == NULL)
    {
      after_lookup (self);
      return;
    }
  sewa_sync_fetch_profile_async (sync, token, sewa_session_get_cancellable (self->session), on_profile,
                                 g_object_ref (self));
}

/* The vault, then the details: both before the next screen, so the consent question can name
 * everything it covers. A vault that cannot be listed (or breaks the contract) just means
 * documents are scanned as before. */
static void
on_vault (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) docs = sewa_sync_fetch_vault_finish (SEWA_SYNC (source), result, &error);
  GPtrArray *vault = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (docs == NULL)
    g_message ("citizen vault not available: %s", error->message);
  else if ((vault = sewa_citizen_parse_vault (docs, &error)) == NULL)
    g_message ("citizen vault answer refused: %s", error->message);
  else
    {
      g_debug ("citizen vault lists %u document(s)", vault->len);
      sewa_session_set_vault (self->session, vault);
    }
  fetch_profile (self);
}

static void
fetch_vault (SewaWindow *self)
{
  SewaSync *sync = sewa_application_get_sync (self->app);
  const char *token = sewa_session_get_citizen_token (self->session);

  if (sync == NULL || token == NULL)
    {
      after_lookup (self);
      return;
    }
  sewa_sync_fetch_vault_async (sync, token, sewa_session_get_cancellable (self->session), on_vault,
                               g_object_ref (self));
}

/* Document id → the vault document (borrowed from the session) that satisfies it, for the
 * service's requirements whose accepted types the vault holds; every one, or only with the
 * citizen's consent (@consented). NULL when there is none. */
static GHashTable *
vault_matches (SewaWindow *self, SewaService *service, gboolean consented)
{
  GPtrArray *vault = sewa_session_get_vault (self->session);
  GPtrArray *reqs = sewa_service_get_documents (service);
  GHashTable *matches;

  if (vault == NULL || vault->len == 0 || sewa_session_get_citizen_token (self->session) == NULL
      || (consented && sewa_session_get_vault_consent (self->session) != SEWA_VAULT_CONSENT_GIVEN))
    return NULL;
  matches = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; reqs != NULL && i < reqs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (reqs, i);
      const SewaVaultDoc *doc = sewa_vault_docs_find (vault, (const char *const *) req->any_of);

      if (doc != NULL)
        g_hash_table_replace (matches, req->id, (gpointer) doc);
    }
  if (g_hash_table_size (matches) == 0)
    g_clear_pointer (&matches, g_hash_table_unref);
  return matches;
}

GHashTable *
sewa_window_identity_on_file (SewaWindow *self, SewaService *service)
{
  return vault_matches (self, service, TRUE);
}

gboolean
sewa_window_identity_ask_consent (SewaWindow *self, SewaService *service)
{
  g_autoptr (GHashTable) matches = NULL;
  g_autoptr (GPtrArray) docs = NULL;
  GHashTableIter iter;
  gpointer doc;

  if (sewa_session_get_vault_consent (self->session) != SEWA_VAULT_CONSENT_UNASKED)
    return FALSE;
  matches = vault_matches (self, service, FALSE);
  if (matches == NULL)
    return FALSE;
  docs = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, matches);
  while (g_hash_table_iter_next (&iter, NULL, &doc))
    if (!g_ptr_array_find (docs, doc, NULL))
      g_ptr_array_add (docs, doc);
  self->consent_before_form = FALSE;
  sewa_window_replace_screen (self, "consent",
                              sewa_consent_page_new (service, docs, NULL, NULL, sewa_session_get_language (self->session)));
  return TRUE;
}

/* The consent question before the form, when there are details on file this form would use: it
 * shows them with the documents on file and is the one answer recorded for both. */
static gboolean
ask_consent_before_form (SewaWindow *self)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service = catalog != NULL ? sewa_catalog_lookup_service (catalog, self->identify_service_id) : NULL;
  const SewaIdentity *prefill = sewa_session_get_prefill (self->session);
  g_autoptr (GHashTable) matches = NULL;
  g_autoptr (GPtrArray) docs = g_ptr_array_new ();
  g_auto (GStrv) ids = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTableIter iter;
  gpointer doc;

  if (service == NULL || prefill == NULL
      || sewa_session_get_vault_consent (self->session) != SEWA_VAULT_CONSENT_UNASKED)
    return FALSE;
  ids = prefill_preview (self, service, prefill, &lines);
  if (ids == NULL)
    return FALSE;
  matches = vault_matches (self, service, FALSE);
  if (matches != NULL)
    {
      g_hash_table_iter_init (&iter, matches);
      while (g_hash_table_iter_next (&iter, NULL, &doc))
        if (!g_ptr_array_find (docs, doc, NULL))
          g_ptr_array_add (docs, doc);
    }
  self->consent_before_form = TRUE;
  sewa_window_replace_screen (self, "consent",
                              sewa_consent_page_new (service, docs, (const char *const *) lines,
                                                     sewa_session_get_prefill_arn (self->session),
                                                     sewa_session_get_language (self->session)));
  for (guint i = 0; lines[i] != NULL; i++)
    explicit_bzero (lines[i], strlen (lines[i]));
  return TRUE;
}

static void
vault_consent_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  const char *answer = g_variant_get_string (param, NULL);

  if (gtk_stack_get_child_by_name (self->stack, "consent") == NULL)
    return;
  sewa_session_set_vault_consent (self->session, g_str_equal (answer, "given") ? SEWA_VAULT_CONSENT_GIVEN
                                                                               : SEWA_VAULT_CONSENT_REFUSED);
  /* Asked right after the OTP (there were details to fill in): the form follows. */
  if (self->identify_service_id != NULL)
    {
      go_to_form (self);
      return;
    }
  sewa_window_submit_show_documents (self);
}

static gboolean
lookup_timed_out (gpointer user_data)
{
  SewaWindow *self = user_data;

  g_message ("the portal did not list the citizen's documents and details in %u s: the form opens without them",
             sewa_application_get_config (self->app)->identity_lookup_wait_s);
  self->lookup_timeout = 0;
  if (identify_page (self) != NULL && self->identify_service_id != NULL)
    go_to_form (self);
  return G_SOURCE_REMOVE;
}

static void
on_otp_verified (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaOtpVerdict) verdict = sewa_sync_verify_otp_finish (SEWA_SYNC (source), result, &error);
  g_autofree char *text = NULL;
  SewaIdentifyPage *page;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || (page = identify_page (self)) == NULL
      || self->otp_id == NULL)
    return;
  sewa_identify_page_set_busy (page, FALSE);
  sewa_window_update_chrome (self);
  if (verdict == NULL)
    {
      g_message ("OTP verification failed: %s", error->message);
      if (g_error_matches (error, SEWA_CITIZEN_ERROR, SEWA_CITIZEN_ERROR_UNREACHABLE))
        sewa_identify_page_show_message (page, _("The portal did not answer. Try again, or continue without verifying."), TRUE);
      else
        sewa_identify_page_show_message (page, _("Your number cannot be verified right now. You can continue without verifying."), TRUE);
      return;
    }
  switch (verdict->outcome)
    {
    case SEWA_OTP_WRONG:
      if (verdict->attempts_left == 0)
        {
          sewa_identify_page_show_expired (page);
          return;
        }
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "That code is not right. %u try left.",
                                           "That code is not right. %u tries left.", verdict->attempts_left),
                              verdict->attempts_left);
      sewa_identify_page_clear_code (page);
      sewa_identify_page_show_message (page, text, TRUE);
      return;
    case SEWA_OTP_EXPIRED:
      sewa_identify_page_show_expired (page);
      return;
    case SEWA_OTP_VERIFIED:
      sewa_session_set_verified_mobile (self->session, verdict->token, verdict->mobile_last4);
      sewa_identify_page_set_busy (page, TRUE);
      sewa_window_update_chrome (self);
      sewa_identify_page_show_message (page, _("Looking for your earlier applications…"), FALSE);
      g_clear_handle_id (&self->lookup_timeout, g_source_remove);
      self->lookup_timeout = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT,
                                                         sewa_application_get_config (self->app)->identity_lookup_wait_s,
                                                         lookup_timed_out,
                                                         g_object_ref (self), g_object_unref);
      fetch_vault (self);
      return;
    default:
      g_assert_not_reached ();
    }
}

static void
identify_verify_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaIdentifyPage *page = identify_page (self);
  SewaSync *sync = sewa_application_get_sync (self->app);
  g_autofree char *code = NULL;

  if (page == NULL || sync == NULL || self->otp_id == NULL || !sewa_identify_page_is_code_step (page))
    return;
  code = sewa_identify_page_get_code (page);
  if (strlen (code) != self->otp_length)
    {
      g_autofree char *text = g_strdup_printf (_("Type all %u digits of the code."), self->otp_length);

      sewa_identify_page_show_message (page, text, TRUE);
      return;
    }
  sewa_identify_page_set_busy (page, TRUE);
  sewa_window_update_chrome (self);
  sewa_identify_page_show_message (page, _("Checking the code…"), FALSE);
  sewa_sync_verify_otp_async (sync, self->otp_id, code, sewa_session_get_cancellable (self->session),
                              on_otp_verified, g_object_ref (self));
  explicit_bzero (code, strlen (code));
}

static void
identify_change_number_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaIdentifyPage *page = identify_page (self);

  if (page == NULL)
    return;
  g_clear_pointer (&self->otp_id, g_free);
  sewa_identify_page_show_mobile_step (page);
  sewa_window_update_chrome (self);
}

/* The Aadhaar way: the card's QR is read on the scan screen, whose "Back" returns here. A
 * number the citizen typed first is kept (only until the card is read or the session ends) so
 * the form can say whether the card names it. */
static void
identify_aadhaar_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaIdentifyPage *page = identify_page (self);
  g_autofree char *mobile = NULL;

  if (page == NULL)
    return;
  mobile = sewa_identify_page_get_mobile (page);
  wipe (&self->aadhaar_mobile);
  if (sewa_citizen_is_valid_mobile (mobile))
    self->aadhaar_mobile = g_steal_pointer (&mobile);
  else
    explicit_bzero (mobile, strlen (mobile));
  sewa_window_scan_open_identify (self);
}

gboolean
sewa_window_identity_aadhaar_read (SewaWindow *self)
{
  if (identify_page (self) == NULL || self->identify_service_id == NULL)
    return FALSE;
  go_to_form (self);
  return gtk_stack_get_child_by_name (self->stack, "form") != NULL;
}

char *
sewa_window_identity_take_aadhaar_mobile (SewaWindow *self)
{
  return g_steal_pointer (&self->aadhaar_mobile);
}

static void
back_to_identify_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaIdentifyPage *page = identify_page (self);

  if (page == NULL)
    return;
  wipe (&self->aadhaar_mobile);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  sewa_window_update_chrome (self);
}

static void
identify_skip_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  if (identify_page (self) == NULL)
    return;
  /* Unverified by choice or necessity; a later Aadhaar QR on the form may still say more. */
  sewa_session_set_identity_method (self->session, SEWA_IDENTITY_METHOD_NONE);
  go_to_form (self);
}

void
sewa_window_identity_clear (SewaWindow *self)
{
  wipe (&self->otp_mobile);
  wipe (&self->aadhaar_mobile);
  g_clear_pointer (&self->otp_id, g_free);
  g_clear_pointer (&self->identify_service_id, g_free);
  g_clear_handle_id (&self->lookup_timeout, g_source_remove);
  self->otp_length = 0;
}

void
sewa_window_identity_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.identify-send", NULL, identify_send_action);
  gtk_widget_class_install_action (widget_class, "win.identify-verify", NULL, identify_verify_action);
  gtk_widget_class_install_action (widget_class, "win.identify-resend", NULL, identify_resend_action);
  gtk_widget_class_install_action (widget_class, "win.identify-change-number", NULL,
                                   identify_change_number_action);
  gtk_widget_class_install_action (widget_class, "win.identify-aadhaar", NULL, identify_aadhaar_action);
  gtk_widget_class_install_action (widget_class, "win.back-to-identify", NULL, back_to_identify_action);
  gtk_widget_class_install_action (widget_class, "win.identify-skip", NULL, identify_skip_action);
  gtk_widget_class_install_action (widget_class, "win.vault-consent", "s", vault_consent_action);
}

void
sewa_window_identity_relabel (SewaWindow *self)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  GtkWidget *identify = gtk_stack_get_child_by_name (self->stack, "identify");
  SewaService *service;

  /* The mobile step only: on the code step the code sent, its timers and the tries left belong
   * to the page, and the language control is not offered there. The number typed is kept. */
  service = catalog != NULL && self->identify_service_id != NULL
              ? sewa_catalog_lookup_service (catalog, self->identify_service_id) : NULL;
  if (identify != NULL && service != NULL && !sewa_identify_page_is_code_step (SEWA_IDENTIFY_PAGE (identify))
      && !sewa_identify_page_is_busy (SEWA_IDENTIFY_PAGE (identify)))
    {
      g_autofree char *mobile = sewa_identify_page_get_mobile (SEWA_IDENTIFY_PAGE (identify));
      GtkWidget *page = sewa_identify_page_new (service, sewa_session_get_language (self->session),
                                                portal_reachable (self));

      sewa_identify_page_set_mobile (SEWA_IDENTIFY_PAGE (page), mobile);
      explicit_bzero (mobile, strlen (mobile));
      sewa_window_swap_screen (self, "identify", page);
    }
  /* The consent question is still unanswered while it is up: its own builder asks it again, in
   * the new language, with the same details and documents on file. */
  if (gtk_stack_get_child_by_name (self->stack, "consent") == NULL
      || sewa_session_get_vault_consent (self->session) != SEWA_VAULT_CONSENT_UNASKED)
    return;
  if (self->consent_before_form)
    ask_consent_before_form (self);
  else if (catalog != NULL && self->service_id != NULL
           && (service = sewa_catalog_lookup_service (catalog, self->service_id)) != NULL)
    sewa_window_identity_ask_consent (self, service);
}
