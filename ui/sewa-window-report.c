/* sewa-window-report.c — the pre-scrutiny report of the application being made (#17): built
 * from the form, the documents and their checks (sewa-window-prescrutiny.c), and the instant
 * decision the portal sends back for the done screen and the receipt. */
#include "sewa-window-private.h"

#include "sewa-application.h"
#include "sewa-catalog.h"
#include "sewa-session.h"
#include "sewa-store.h"
#include "sewa-sync.h"
#include "screens/done/sewa-done-page.h"

#include <glib/gi18n.h>
#include <string.h>

SewaPrescrutiny *
sewa_window_prescrutiny_build (SewaWindow *self, SewaService *service)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  GPtrArray *reqs = sewa_service_get_documents (service);
  g_autoptr (GHashTable) on_file = sewa_window_identity_on_file (self, service);
  g_autoptr (GHashTable) documents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) checks = g_ptr_array_new ();
  SewaIdentityMethod method = sewa_session_get_identity_method (self->session);

  g_return_val_if_fail (self->draft != NULL, NULL);
  for (guint i = 0; reqs != NULL && i < reqs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (reqs, i);
      GPtrArray *pages = self->documents != NULL ? g_hash_table_lookup (self->documents, req->id) : NULL;
      const SewaVaultDoc *vault = on_file != NULL ? g_hash_table_lookup (on_file, req->id) : NULL;

      if (pages != NULL && pages->len > 0)
        {
          const char *type = sewa_window_submit_document_type (self, req);
          SewaDocCheck *check = sewa_window_doc_check_lookup (self, req->id);

          g_hash_table_insert (documents, req->id, (gpointer) (type != NULL ? type : ""));
          if (check != NULL)
            g_ptr_array_add (checks, check);
        }
      else if (vault != NULL)
        g_hash_table_insert (documents, req->id, vault->type);
    }
  /* Verified means the portal can see it was: an OTP this visit, or an Aadhaar QR whose UIDAI
   * signature the kiosk checked. */
  return sewa_prescrutiny_new (service, self->draft, documents, checks,
                               method == SEWA_IDENTITY_METHOD_OTP
                               || method == SEWA_IDENTITY_METHOD_AADHAAR_QR_VERIFIED,
                               catalog != NULL ? sewa_catalog_get_version (catalog) : NULL, NULL);
}

/* How long a receipt waits for an instant decision while the portal is reachable: the PUT of a
 * small application answers in well under a second; past this the citizen gets the receipt
 * saying it will be decided when sent, and the done screen still updates. */
#define SEWA_RECEIPT_DECISION_WAIT_S 15

static void
print_pending (SewaWindow *self)
{
  g_autoptr (SewaReceiptData) receipt = g_steal_pointer (&self->pending_receipt);

  g_clear_handle_id (&self->pending_receipt_timeout_id, g_source_remove);
  /* A window being disposed (the kiosk shutting down) prints nothing more. */
  if (receipt == NULL || self->stack == NULL)
    return;
  /* The done screen said it was deciding; now it prints. */
  if (gtk_stack_get_child_by_name (self->stack, "done") != NULL)
    sewa_done_page_set_print_status (SEWA_DONE_PAGE (gtk_stack_get_child_by_name (self->stack, "done")),
                                     _("Printing your receipt…"), FALSE);
  sewa_window_submit_print_receipt (self, receipt);
}

static gboolean
decision_wait_over (gpointer data)
{
  SewaWindow *self = SEWA_WINDOW (data);

  self->pending_receipt_timeout_id = 0;
  print_pending (self);
  return G_SOURCE_REMOVE;
}

/* The session ends (Finish, Start over, the idle reset) while a receipt waits for the decision:
 * the citizen was promised a receipt, so it prints now, saying the decision comes later. */
void
sewa_window_report_clear (SewaWindow *self)
{
  print_pending (self);
}

void
sewa_window_prescrutiny_print_receipt (SewaWindow *self, SewaReceiptData *receipt)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service = catalog != NULL && self->service_id != NULL
                             ? sewa_catalog_lookup_service (catalog, self->service_id) : NULL;
  const SewaSyncStatus *st = self->sync_status;
  gboolean online = st != NULL && st->online && st->state != SEWA_SYNC_STATE_OFFLINE
                    && st->state != SEWA_SYNC_STATE_PAUSED && st->state != SEWA_SYNC_STATE_STOPPED;

  print_pending (self);
  if (service == NULL || !sewa_service_get_instant_decision (service))
    {
      sewa_window_submit_print_receipt (self, receipt);
      sewa_receipt_data_free (receipt);
      return;
    }
  receipt->decision = SEWA_RECEIPT_DECISION_PENDING;
  self->pending_receipt = receipt;
  if (!online)
    {
      print_pending (self);
      return;
    }
  /* The receipt waits for the portal's answer: the citizen is told what is happening, not that
   * it is printing while nothing comes out. */
  if (gtk_stack_get_child_by_name (self->stack, "done") != NULL)
    sewa_done_page_set_print_status (SEWA_DONE_PAGE (gtk_stack_get_child_by_name (self->stack, "done")),
                                     _("Deciding your application… Your receipt will print with the decision."), FALSE);
  self->pending_receipt_timeout_id = g_timeout_add_seconds (SEWA_RECEIPT_DECISION_WAIT_S, decision_wait_over, self);
}

/* Why the portal sent an instant service to an officer, in the citizen's words, from the code
 * that starts its reason (docs/portal-api.md §6: "CODE: ..."); NULL for a code this kiosk does
 * not know (the general sentence above it still holds). The portal's own words are English and
 * for the technician's log, never shown. */
static const char *
scrutiny_reason (const char *note)
{
  static const struct
  {
    const char *code;
    const char *text;
  } reasons[] = {
    { "DOCUMENT_FLAGGED", N_("A document could not be read or did not match your form.") },
    { "IDENTITY_UNVERIFIED", N_("Your identity was not verified with a code sent to your mobile.") },
    { "NOT_ELIGIBLE", N_("One of the service’s conditions does not seem to hold.") },
    { "INCOMPLETE", N_("A detail or document is missing or of the wrong kind.") },
    { "NO_PRESCRUTINY", N_("The kiosk could not check your application.") },
  };
  const char *colon = note != NULL ? strchr (note, ':') : NULL;

  for (gsize i = 0; colon != NULL && i < G_N_ELEMENTS (reasons); i++)
    if (strlen (reasons[i].code) == (gsize) (colon - note) && strncmp (note, reasons[i].code, colon - note) == 0)
      return _(reasons[i].text);
  return NULL;
}

/* The done screen of an instant service (#17): the portal decides it when it receives it, so
 * until the sync engine has sent it the screen says it will be decided then; once the decision
 * is stored (the PUT's answer), it says which. Called when the done screen appears and on every
 * sync status change; a read of one row by its reference. */
void
sewa_window_prescrutiny_update_done (SewaWindow *self)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaStore *store = sewa_application_get_store (self->app);
  SewaService *service;
  GtkWidget *done;
  g_autoptr (SewaAppRecord) app = NULL;
  g_autoptr (GError) error = NULL;
  const char *text;

  if (self->stack == NULL || self->last_reference == NULL || catalog == NULL || self->service_id == NULL)
    return;
  done = gtk_stack_get_child_by_name (self->stack, "done");
  service = sewa_catalog_lookup_service (catalog, self->service_id);
  if (done == NULL || service == NULL || !sewa_service_get_instant_decision (service))
    return;
  if (store != NULL)
    app = sewa_store_get (store, self->last_reference, FALSE, &error);
  if (app == NULL && error != NULL)
    g_message ("instant decision not read: %s", error->message);
  if (self->pending_receipt != NULL && app != NULL && app->instant_outcome != NULL)
    {
      self->pending_receipt->decision = g_str_equal (app->instant_outcome, "approved")
                                            ? SEWA_RECEIPT_DECISION_APPROVED : SEWA_RECEIPT_DECISION_SCRUTINY;
      print_pending (self);
    }
  if (app != NULL && g_strcmp0 (app->instant_outcome, "approved") == 0)
    text = _("Approved. This service was decided at once.");
  else if (app != NULL && g_strcmp0 (app->instant_outcome, "needs_scrutiny") == 0)
    text = _("An officer will check your application before deciding. You can follow it on the status screen.");
  else
    text = _("This service is decided at once: the decision will be shown when your application is sent.");
  sewa_done_page_set_decision (SEWA_DONE_PAGE (done), text);
  sewa_done_page_set_decision_reason (SEWA_DONE_PAGE (done),
                                      app != NULL && g_strcmp0 (app->instant_outcome, "needs_scrutiny") == 0
                                          ? scrutiny_reason (app->instant_note) : NULL);
}
