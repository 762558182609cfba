/* sewa-window-submit.c — documents, submission and the receipt.
 *
 * The order matters for the citizen's promise: the application and its pages are committed to
 * the outbox in one transaction (on a worker: it waits for fsync), and only then is the
 * reference shown and the receipt printed. If printing fails the application is already safe;
 * the citizen sees the reference and its QR on screen and the operator can reprint.
 */
#include "sewa-build-config.h"
#include "sewa-window-private.h"
#include "sewa-ocr.h"
#include "sewa-receipt.h"
#include "sewa-receipt-qr.h"
#include "sewa-reference.h"
#include "sewa-upi.h"
#include "sewa-validate.h"
#include "screens/capture/sewa-capture-page.h"
#include "screens/documents/sewa-documents-page.h"
#include "screens/doctype/sewa-doctype-page.h"
#include "screens/done/sewa-done-page.h"
#include "screens/form/sewa-form-page.h"
#include "screens/review/sewa-review-page.h"

#include <glib/gi18n.h>
#include <string.h>

static SewaService *
current_service (SewaWindow *self)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);

  if (catalog == NULL || self->service_id == NULL)
    return NULL;
  return sewa_catalog_lookup_service (catalog, self->service_id);
}

static const SewaDocumentRequirement *
find_requirement (SewaService *service, const char *doc_id)
{
  GPtrArray *reqs = sewa_service_get_documents (service);

  for (guint i = 0; reqs != NULL && i < reqs->len; i++)
    {
      const SewaDocumentRequirement *r = g_ptr_array_index (reqs, i);
      if (g_str_equal (r->id, doc_id))
        return r;
    }
  return NULL;
}

/* The first required document with no page yet and none on file the citizen allowed to be
 * used, or NULL when every one is there. */
static const SewaDocumentRequirement *
missing_document (SewaWindow *self, SewaService *service)
{
  GPtrArray *reqs = sewa_service_get_documents (service);
  g_autoptr (GHashTable) on_file = sewa_window_identity_on_file (self, service);

  for (guint i = 0; reqs != NULL && i < reqs->len; i++)
    {
      const SewaDocumentRequirement *r = g_ptr_array_index (reqs, i);
      GPtrArray *pages = self->documents != NULL ? g_hash_table_lookup (self->documents, r->id) : NULL;

      if (r->required && (pages == NULL || pages->len == 0)
          && (on_file == NULL || !g_hash_table_contains (on_file, r->id)))
        return r;
    }
  return NULL;
}

/* Whether the citizen's answers, as they would be sent, pass the form's own rules. Hidden
 * answers are dropped first, exactly as submission drops them. */
static gboolean
draft_is_valid (SewaWindow *self, SewaService *service)
{
  if (self->draft == NULL)
    return FALSE;
  sewa_form_values_prune_hidden (sewa_service_get_form (service), self->draft);
  return sewa_validate_form (sewa_service_get_form (service), self->draft, NULL, NULL);
}

/* The one place win.submit's state and the Submit button's look are set from the model. The
 * action is on whenever there is an application to submit, complete or not: a tap on an
 * incomplete one is answered with what is missing. The look (ready or incomplete) is
 * presentation only; submit_action checks the facts itself. */
static void
update_submit_action (SewaWindow *self)
{
  SewaService *service = current_service (self);
  gboolean open = service != NULL && !self->submitting && self->last_reference == NULL;
  gboolean ready = open && draft_is_valid (self, service) && missing_document (self, service) == NULL;
  /* Also called while the window is taken down, when its stack is gone. */
  GtkWidget *docs = self->stack != NULL ? gtk_stack_get_child_by_name (self->stack, "documents") : NULL;
  GtkWidget *review = self->stack != NULL ? gtk_stack_get_child_by_name (self->stack, "review") : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.submit", open);
  if (docs != NULL && SEWA_IS_DOCUMENTS_PAGE (docs))
    sewa_documents_page_set_ready (SEWA_DOCUMENTS_PAGE (docs), ready);
  if (review != NULL && SEWA_IS_REVIEW_PAGE (review))
    sewa_review_page_set_ready (SEWA_REVIEW_PAGE (review), ready);
}

static void
show_documents (SewaWindow *self)
{
  SewaService *service = current_service (self);
  g_autoptr (GHashTable) on_file = NULL;

  if (service == NULL)
    return;
  on_file = sewa_window_identity_on_file (self, service);
  if (self->documents == NULL)
    self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  sewa_window_replace_screen (self, "documents",
                              sewa_documents_page_new (service, self->documents, on_file,
                                                       sewa_session_get_language (self->session),
                                                       sewa_application_get_config (self->app)->upi_vpa != NULL));
  update_submit_action (self);
}

void
sewa_window_submit_show_documents (SewaWindow *self)
{
  GtkWidget *consent = gtk_stack_get_child_by_name (self->stack, "consent");

  show_documents (self);
  if (consent != NULL)
    gtk_stack_remove (self->stack, consent);
}

/* The form's last "Continue". Its page checks its own section, but this action is what moves
 * the citizen on, so it checks the whole form: a draft with a gap goes back to the first page
 * that has one. */
static void
form_complete_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaService *service = current_service (self);
  GtkWidget *form_page;
  const SewaForm *form;

  if (service == NULL || self->draft == NULL)
    return;
  if (draft_is_valid (self, service))
    {
      /* An answer changed from the review goes back to the review, with nothing else asked. */
      if (self->reviewing)
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "win.review", NULL);
          return;
        }
      /* With a verified mobile and documents on file, the citizen is asked first whether they
       * may be used (once per application). */
      if (!sewa_window_identity_ask_consent (self, service))
        show_documents (self);
      return;
    }
  form = sewa_service_get_form (service);
  form_page = gtk_stack_get_child_by_name (self->stack, "form");
  if (form_page == NULL)
    return;
  for (guint s = 0; s < form->sections->len; s++)
    if (!sewa_validate_section (form, s, self->draft, NULL, NULL))
      {
        sewa_form_page_set_section (SEWA_FORM_PAGE (form_page), s);
        break;
      }
  gtk_stack_set_visible_child (self->stack, form_page);
  sewa_window_update_chrome (self);
}

static void
back_to_form_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  if (gtk_stack_get_child_by_name (self->stack, "form") != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "form");
      sewa_window_update_chrome (self);
    }
}

/* The type a page of DOC_ID is filed under: the one the citizen chose, or the only one the
 * requirement accepts; NULL while a choice among several is still to be made. */
static const char *
document_type (SewaWindow *self, const SewaDocumentRequirement *req)
{
  const char *chosen = self->doc_types != NULL ? g_hash_table_lookup (self->doc_types, req->id) : NULL;

  if (chosen != NULL)
    return chosen;
  if (req->any_of != NULL && req->any_of[0] != NULL && req->any_of[1] == NULL)
    return req->any_of[0];
  return NULL;
}

static void
open_capture (SewaWindow *self, const SewaDocumentRequirement *req, const char *type)
{
  SewaLang lang = sewa_session_get_language (self->session);
  SewaPageOptions options;
  GtkWidget *page;
  guint sizes = sewa_document_requirement_get_sizes (req, type);

  sewa_page_options_init (&options);
  /* Only the sizes the document type comes in (the catalog's document_types), measured at
   * the stand's configured scale. */
  options.sizes = sizes != 0 ? sizes : SEWA_PAGE_SIZES_ANY;
  options.px_per_mm = sewa_application_get_config (self->app)->stand_px_per_mm;
  /* Photographs are scanned in colour and carry no text; text documents in grey (smaller,
   * just as legible). */
  if (g_strcmp0 (type, "PHOTO") == 0 || options.sizes == SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_PHOTO))
    {
      options.mode = SEWA_PAGE_MODE_COLOUR;
      options.needs_text = FALSE;
    }
  page = sewa_capture_page_new (sewa_application_get_camera (self->app), req->id,
                                sewa_text_get (&req->label, lang), &options,
                                sewa_session_get_cancellable (self->session));
  sewa_capture_page_set_store (SEWA_CAPTURE_PAGE (page), sewa_application_get_store (self->app));
  sewa_window_replace_screen (self, "capture", page);
}

/* A requirement several document types satisfy (an ID proof) first asks which one the citizen
 * brought, with a large tile each, so the pages are filed under the right type. */
static void
scan_document_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaService *service = current_service (self);
  const char *doc_id = g_variant_get_string (param, NULL);
  const SewaDocumentRequirement *req;

  if (service == NULL || (req = find_requirement (service, doc_id)) == NULL)
    return;
  g_clear_pointer (&self->capture_type, g_free);
  if (req->any_of != NULL && req->any_of[0] != NULL && req->any_of[1] != NULL)
    {
      g_free (self->doctype_req_id);
      self->doctype_req_id = g_strdup (req->id);
      sewa_window_replace_screen (self, "doctype",
                                  sewa_doctype_page_new (req, sewa_session_get_language (self->session)));
      return;
    }
  open_capture (self, req, document_type (self, req));
}

static void
choose_doc_type_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaService *service = current_service (self);
  const char *doc_id = NULL, *code = NULL;
  const SewaDocumentRequirement *req;
  GtkWidget *chooser;

  g_variant_get (param, "(&s&s)", &doc_id, &code);
  if (service == NULL || (req = find_requirement (service, doc_id)) == NULL || req->any_of == NULL ||
      !g_strv_contains ((const char *const *) req->any_of, code))
    return;
  g_free (self->capture_type);
  self->capture_type = g_strdup (code);
  open_capture (self, req, code);
  chooser = gtk_stack_get_child_by_name (self->stack, "doctype");
  if (chooser != NULL)
    gtk_stack_remove (self->stack, chooser);
}

static void
back_to_documents_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  show_documents (SEWA_WINDOW (widget));
}

static void
document_captured_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  GtkWidget *capture = gtk_stack_get_child_by_name (self->stack, "capture");
  SewaCapturePage *page;
  GPtrArray *pages;

  if (capture == NULL)
    return;
  page = SEWA_CAPTURE_PAGE (capture);
  /* A document with no page is not captured: the citizen stays on the camera. */
  if (sewa_capture_page_get_n_pages (page) == 0 ||
      g_strcmp0 (sewa_capture_page_get_document_id (page), g_variant_get_string (param, NULL)) != 0)
    return;
  {
    SewaService *service = current_service (self);
    const SewaDocumentRequirement *req = service != NULL ? find_requirement (service, sewa_capture_page_get_document_id (page)) : NULL;

    /* Pages are filed under a type: none chosen among several, nothing is kept. */
    if (req == NULL || (self->capture_type == NULL && document_type (self, req) == NULL))
      return;
    if (self->capture_type != NULL)
      {
        if (self->doc_types == NULL)
          self->doc_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        g_hash_table_replace (self->doc_types, g_strdup (req->id), g_steal_pointer (&self->capture_type));
      }
  }
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < sewa_capture_page_get_n_pages (page); i++)
    g_ptr_array_add (pages, g_bytes_ref (sewa_capture_page_get_page (page, i)));
  if (self->documents == NULL)
    self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  g_hash_table_replace (self->documents, g_strdup (sewa_capture_page_get_document_id (page)), pages);
  {
    SewaService *service = current_service (self);
    const SewaDocumentRequirement *req = service != NULL ? find_requirement (service, sewa_capture_page_get_document_id (page)) : NULL;

    /* Checked in the background while the citizen goes on; pages kept again are checked again. */
    if (req != NULL)
      sewa_window_prescrutiny_queue (self, req->id, document_type (self, req), pages);
  }
  gtk_stack_remove (self->stack, capture);
  show_documents (self);
}

/* A refusal is said where the citizen is: on the review when they tapped Submit there, on the
 * documents screen when they asked for the review with something still missing. */
static void
refuse_submit (SewaWindow *self, const char *text)
{
  GtkWidget *docs = gtk_stack_get_child_by_name (self->stack, "documents");
  GtkWidget *review = gtk_stack_get_child_by_name (self->stack, "review");

  if (docs != NULL)
    sewa_documents_page_show_error (SEWA_DOCUMENTS_PAGE (docs), text);
  if (review != NULL)
    sewa_review_page_show_error (SEWA_REVIEW_PAGE (review), text);
}

/* What stops the application from being sent, said in the citizen's words, or NULL when it is
 * complete. Both the review and the submission ask this, so neither relies on the other. */
static char *
incomplete_reason (SewaWindow *self, SewaService *service)
{
  const SewaDocumentRequirement *missing;

  if (!draft_is_valid (self, service))
    return g_strdup (_("Some answers in the form are missing or wrong. Tap Back to check them."));
  if ((missing = missing_document (self, service)) != NULL)
    /* TRANSLATORS: %s is the name of a document, like "ID proof" */
    return g_strdup_printf (_("“%s” is still needed: tap Scan next to it and put it on the stand."),
                            sewa_text_get (&missing->label, sewa_session_get_language (self->session)));
  return NULL;
}

/* ---- review ------------------------------------------------------------------------------ */

/* The review of the kept draft and documents, in the session's language. */
static GtkWidget *
new_review_page (SewaWindow *self, SewaService *service)
{
  g_autoptr (GHashTable) on_file = sewa_window_identity_on_file (self, service);
  g_autoptr (SewaPrescrutiny) report = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  GtkWidget *review;

  review = sewa_review_page_new (service, self->draft, self->documents, on_file,
                                 sewa_session_get_language (self->session),
                                 sewa_application_get_config (self->app)->upi_vpa != NULL);
  /* What a scrutiny officer would look at first, in plain words, above the answers; nothing in
   * it stops the citizen from submitting. */
  report = sewa_window_prescrutiny_build (self, service);
  lines = sewa_prescrutiny_describe (report, sewa_session_get_language (self->session));
  sewa_review_page_set_prescrutiny (SEWA_REVIEW_PAGE (review), lines);
  return review;
}

/* "Check your application": reached from the documents screen once the application is
 * complete (an incomplete one is refused there, naming what is missing, exactly as Submit
 * would). From then on a changed answer returns here rather than walking on through the form. */

/* The document checks pending when the review opened have all answered: the review's lines are
 * built again from them, if the review is still the screen of this application. */
static void
refresh_review_checks (SewaWindow *self, gpointer user_data)
{
  GtkWidget *review = gtk_stack_get_child_by_name (self->stack, "review");
  SewaService *service = current_service (self);
  g_autoptr (SewaPrescrutiny) report = NULL;
  g_autoptr (GPtrArray) lines = NULL;

  (void) user_data;
  if (review == NULL || service == NULL || self->draft == NULL)
    return;
  report = sewa_window_prescrutiny_build (self, service);
  lines = sewa_prescrutiny_describe (report, sewa_session_get_language (self->session));
  sewa_review_page_set_prescrutiny (SEWA_REVIEW_PAGE (review), lines);
}

static void
review_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaService *service = current_service (self);
  g_autofree char *refusal = NULL;
  GtkWidget *form_page;

  if (service == NULL || self->draft == NULL)
    return;
  if ((refusal = incomplete_reason (self, service)) != NULL)
    {
      /* A draft with a gap (possible only from the form) goes back to the form's first page
       * with one, as the form's own last Continue does. */
      if (!draft_is_valid (self, service))
        {
          gtk_widget_activate_action (widget, "win.form-complete", NULL);
          return;
        }
      if (gtk_stack_get_child_by_name (self->stack, "documents") == NULL)
        show_documents (self);
      else
        {
          gtk_stack_set_visible_child_name (self->stack, "documents");
          sewa_window_update_chrome (self);
        }
      refuse_submit (self, refusal);
      return;
    }
  self->reviewing = TRUE;
  sewa_window_doc_checks_review_opened (self);
  form_page = gtk_stack_get_child_by_name (self->stack, "form");
  if (form_page != NULL)
    sewa_form_page_set_review_return (SEWA_FORM_PAGE (form_page), TRUE);
  sewa_window_replace_screen (self, "review", new_review_page (self, service));
  update_submit_action (self);
  /* Checks still reading a page say so ("still being checked"); their answers replace those
   * lines on this same screen as soon as the last one is in. */
  if (sewa_window_doc_checks_pending (self) > 0)
    sewa_window_doc_checks_when_done (self, refresh_review_checks, NULL);
}

void
sewa_window_submit_relabel (SewaWindow *self)
{
  SewaService *service = current_service (self);
  g_autoptr (GHashTable) on_file = NULL;
  const SewaDocumentRequirement *req;

  if (service == NULL)
    return;
  if (gtk_stack_get_child_by_name (self->stack, "documents") != NULL && self->documents != NULL)
    {
      on_file = sewa_window_identity_on_file (self, service);
      sewa_window_swap_screen (self, "documents",
                               sewa_documents_page_new (service, self->documents, on_file,
                                                        sewa_session_get_language (self->session),
                                                        sewa_application_get_config (self->app)->upi_vpa != NULL));
    }
  if (gtk_stack_get_child_by_name (self->stack, "review") != NULL && self->draft != NULL)
    sewa_window_swap_screen (self, "review", new_review_page (self, service));
  if (gtk_stack_get_child_by_name (self->stack, "doctype") != NULL && self->doctype_req_id != NULL
      && (req = find_requirement (service, self->doctype_req_id)) != NULL)
    sewa_window_swap_screen (self, "doctype", sewa_doctype_page_new (req, sewa_session_get_language (self->session)));
  update_submit_action (self);
  /* A review rebuilt in another language while checks still run: the same refresh. */
  if (sewa_window_doc_checks_pending (self) > 0)
    sewa_window_doc_checks_when_done (self, refresh_review_checks, NULL);
}

/* "Change" next to an answer: the form at that answer's page, the cursor in it, and "Back to
 * review" beside Next. */
static void
change_answer_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaService *service = current_service (self);
  const char *field_id = g_variant_get_string (param, NULL);
  GtkWidget *form_page = gtk_stack_get_child_by_name (self->stack, "form");
  const SewaForm *form;

  if (service == NULL || form_page == NULL)
    return;
  form = sewa_service_get_form (service);
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);

      for (guint f = 0; f < sec->fields->len; f++)
        if (g_str_equal (((const SewaFormField *) g_ptr_array_index (sec->fields, f))->id, field_id))
          {
            sewa_form_page_set_review_return (SEWA_FORM_PAGE (form_page), TRUE);
            sewa_form_page_set_section (SEWA_FORM_PAGE (form_page), s);
            gtk_stack_set_visible_child (self->stack, form_page);
            sewa_window_update_chrome (self);
            sewa_form_page_focus_field (SEWA_FORM_PAGE (form_page), field_id);
            return;
          }
    }
}

/* ---- submission -------------------------------------------------------------------------- */

typedef struct
{
  SewaStore *store;
  char *service_id, *catalog_version, *catalog_hash, *form_json, *citizen_ref;
  SewaIdentityMethod identity_method;
  char *citizen_token;        /* the session's verified-mobile token (OTP), or NULL; wiped */
  GArray *vault_refs;         /* SewaNewVaultRef, borrowing from vault_strings */
  GPtrArray *vault_strings;   /* char*: the references' ids and types */
  const char *vault_consent;  /* static string or NULL */
  GPtrArray *aadhaar_fields;  /* char*, NULL-terminated */
  SewaFeeState fee_state;
  gint64 fee_paise;
  GArray *pages;              /* SewaNewPage, borrowing from page_bytes/page_doc */
  GPtrArray *page_bytes;      /* GBytes* */
  GPtrArray *page_doc;        /* char* document ids */
  char *prescrutiny_json;     /* the pre-scrutiny report (ids, outcomes, versions: no values) */
  char *id, *reference;       /* results */
  const char *citizen_lang;   /* static: the citizen's language code, for reprints */
  char *assisted_by;          /* the operator filling it in for the citizen, or NULL */
  char *corrects;             /* the sent application this one corrects, or NULL */
} SubmitJob;

static void
submit_job_free (SubmitJob *job)
{
  g_clear_object (&job->store);
  g_free (job->service_id);
  g_free (job->catalog_version);
  g_free (job->catalog_hash);
  if (job->form_json != NULL)
    explicit_bzero (job->form_json, strlen (job->form_json));
  g_free (job->form_json);
  g_free (job->citizen_ref);
  if (job->citizen_token != NULL)
    explicit_bzero (job->citizen_token, strlen (job->citizen_token));
  g_free (job->citizen_token);
  g_array_unref (job->vault_refs);
  g_ptr_array_unref (job->vault_strings);
  g_ptr_array_unref (job->aadhaar_fields);
  g_array_unref (job->pages);
  g_ptr_array_unref (job->page_bytes);
  g_ptr_array_unref (job->page_doc);
  g_free (job->prescrutiny_json);
  g_free (job->assisted_by);
  g_free (job->corrects);
  g_free (job->id);
  g_free (job->reference);
  g_free (job);
}

static void
submit_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SubmitJob *job = data;
  SewaNewApplication app = {
    .service_id = job->service_id,
    .catalog_version = job->catalog_version,
    .catalog_hash = job->catalog_hash,
    .form_json = job->form_json,
    .aadhaar_fields = (const char *const *) job->aadhaar_fields->pdata,
    .citizen_ref = job->citizen_ref,
    .identity_method = job->identity_method,
    .citizen_token = job->citizen_token,
    .vault_refs = (const SewaNewVaultRef *) job->vault_refs->data,
    .n_vault_refs = job->vault_refs->len,
    .vault_consent = job->vault_consent,
    .fee_state = job->fee_state,
    .fee_amount_paise = job->fee_paise,
    .citizen_lang = job->citizen_lang,
    .prescrutiny_json = job->prescrutiny_json,
    .assisted_by = job->assisted_by,
    .corrects = job->corrects,
  };
  GError *error = NULL;

  if (!sewa_store_enqueue (job->store, &app, (const SewaNewPage *) job->pages->data,
                           job->pages->len, &job->id, &job->reference, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static const char *
first_value_of_type (const SewaForm *form, SewaFormValues *values, SewaFieldType type)
{
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);
      for (guint f = 0; f < sec->fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (sec->fields, f);
          const char *v = sewa_form_values_get (values, field->id);
          if (field->type == type && v != NULL && *v != '\0')
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

/* The UPI payment a fee can be paid with at once: a payment URI when the service takes UPI and
 * the centre has a UPI address, else NULL (the counter only). The done screen's words and code,
 * the receipt's fee line (receipt_for) and what is spoken all follow this one answer. */
static char *
upi_offer (SewaWindow *self, SewaService *service, gint64 fee_paise, const char *reference)
{
  SewaConfig *config = sewa_application_get_config (self->app);
  g_autoptr (GError) error = NULL;
  char *uri;

  if (fee_paise <= 0 || sewa_service_get_payment (service) != SEWA_PAYMENT_UPI || config->upi_vpa == NULL)
    return NULL;
  uri = sewa_upi_payment_uri (config->upi_vpa,
                              config->upi_payee_name ? config->upi_payee_name : "Sewa Kendra",
                              fee_paise, reference,
                              sewa_text_get (sewa_service_get_name (service), SEWA_LANG_EN), &error);
  if (uri == NULL)
    g_warning ("no UPI code for the fee (check [payments] in the configuration): %s",
               error->message);
  return uri;
}

/* A fee still due. Whether it was paid is for the portal to say: the kiosk says "not paid
 * yet", with the UPI code when it offers one, and the counter either way. */
static void
show_fee (SewaWindow *self, SewaService *service, const SewaReceiptData *receipt)
{
  GtkWidget *done = gtk_stack_get_child_by_name (self->stack, "done");
  g_autofree char *rupees = NULL;
  g_autofree char *text = NULL;
  g_autofree char *uri = NULL;

  if (done == NULL || (receipt->fee_state != SEWA_RECEIPT_FEE_DUE_AT_COUNTER &&
                       receipt->fee_state != SEWA_RECEIPT_FEE_DUE_UPI))
    return;
  rupees = sewa_receipt_format_rupees (receipt->fee_paise);
  if (receipt->fee_state == SEWA_RECEIPT_FEE_DUE_UPI)
    uri = upi_offer (self, service, receipt->fee_paise, receipt->reference);
  if (uri != NULL)
    /* TRANSLATORS: %s is an amount like ₹ 75.00 */
    text = g_strdup_printf (_("Fee %s: scan this code with any UPI app to pay now, or pay at the counter."),
                            rupees);
  else
    /* TRANSLATORS: %s is an amount like ₹ 75.00 */
    text = g_strdup_printf (_("Fee %s: please pay at the counter."), rupees);
  sewa_done_page_set_fee (SEWA_DONE_PAGE (done), text, uri);
  {
    /* For the voice: whole rupees as a number, paise only when there are any. */
    g_autofree char *amount = receipt->fee_paise % 100 == 0
      ? g_strdup_printf ("%" G_GINT64_FORMAT, receipt->fee_paise / 100)
      : g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", receipt->fee_paise / 100,
                         (int) (receipt->fee_paise % 100));
    g_autofree char *spoken = NULL;

    if (uri != NULL)
      /* TRANSLATORS: spoken aloud; %s is a number of rupees, like 10 */
      spoken = g_strdup_printf (_("Please pay the fee of %s rupees. Scan the code on the screen with any UPI app, or pay at the counter."),
                                amount);
    else
      /* TRANSLATORS: spoken aloud; %s is a number of rupees, like 10 */
      spoken = g_strdup_printf (_("Please pay the fee of %s rupees at the counter."), amount);
    sewa_done_page_set_fee_spoken (SEWA_DONE_PAGE (done), spoken);
    /* The screen spoke before the fee was known: say it all now. */
    sewa_window_voice_speak_screen (self);
  }
}

static SewaReceiptData *
receipt_for (SewaWindow *self, SewaService *service, const char *reference)
{
  SewaConfig *config = sewa_application_get_config (self->app);
  const SewaForm *form = sewa_service_get_form (service);
  SewaReceiptData *r = sewa_receipt_data_new ();
  SewaLang lang = sewa_session_get_language (self->session);
  GPtrArray *reqs = sewa_service_get_documents (service);
  int limit = sewa_service_get_time_limit_days (service);

  r->centre_code = g_strdup (config->centre_code);
  r->kiosk_number = config->kiosk_number;
  r->issued_at = g_date_time_new_now_local ();
  r->lang = lang;
  r->service_name_local = g_strdup (sewa_text_get (sewa_service_get_name (service), lang));
  r->service_name_en = g_strdup (sewa_text_get (sewa_service_get_name (service), SEWA_LANG_EN));
  r->applicant_name = g_strdup (first_value_of_type (form, self->draft, SEWA_FIELD_TYPE_NAME));
  set_last4 (r->aadhaar_last4, first_value_of_type (form, self->draft, SEWA_FIELD_TYPE_AADHAAR));
  set_last4 (r->mobile_last4, first_value_of_type (form, self->draft, SEWA_FIELD_TYPE_MOBILE));
  r->reference = g_strdup (reference);
  for (guint i = 0; reqs != NULL && i < reqs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (reqs, i);
      GPtrArray *pages = self->documents != NULL ? g_hash_table_lookup (self->documents, req->id) : NULL;
      if (pages != NULL && pages->len > 0)
        sewa_receipt_data_add_document (r, sewa_text_get (&req->label, lang), SEWA_DOC_SOURCE_SCANNED);
    }
  r->fee_paise = sewa_service_get_fee_paise (service);
  /* Payment is confirmed by the portal, never assumed by the kiosk: at submission it is due,
   * by UPI when the screen offers a UPI code (the same test as show_fee), else at the counter. */
  if (r->fee_paise <= 0 || sewa_service_get_payment (service) == SEWA_PAYMENT_NONE)
    r->fee_state = SEWA_RECEIPT_FEE_NONE;
  else
    {
      g_autofree char *uri = upi_offer (self, service, r->fee_paise, reference);

      r->fee_state = uri != NULL ? SEWA_RECEIPT_FEE_DUE_UPI : SEWA_RECEIPT_FEE_DUE_AT_COUNTER;
    }
  if (limit > 0)
    sewa_receipt_due_date (r->issued_at, (guint) limit, &r->due_date);
  r->track_url = g_strdup (config->track_url);
  r->assisted_by = g_strdup (sewa_session_get_assisted_by (self->session));
  return r;
}

static const char *
print_error_text (const GError *error)
{
  if (error->domain == SEWA_PRINTER_ERROR)
    switch ((SewaPrinterError) error->code)
      {
      case SEWA_PRINTER_ERROR_MEDIA_EMPTY:
        return _("The printer is out of paper. Your application is saved: please note your reference number, the operator will print your receipt.");
      case SEWA_PRINTER_ERROR_NOT_FOUND:
      case SEWA_PRINTER_ERROR_UNREACHABLE:
      case SEWA_PRINTER_ERROR_STOPPED:
      case SEWA_PRINTER_ERROR_MEDIA_JAM:
      case SEWA_PRINTER_ERROR_COVER_OPEN:
      case SEWA_PRINTER_ERROR_OFFLINE:
      case SEWA_PRINTER_ERROR_JOB_FAILED:
      case SEWA_PRINTER_ERROR_CANCELLED:
      case SEWA_PRINTER_ERROR_TIMEOUT:
      default:
        break;
      }
  return _("The receipt could not be printed. Your application is saved: please note your reference number, the operator will print your receipt.");
}

static void
print_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  GtkWidget *done;
  int job = sewa_printer_print_finish (SEWA_PRINTER (source), result, NULL, &error);

  done = gtk_stack_get_child_by_name (self->stack, "done");
  if (job <= 0)
    /* No citizen data in the log: the reference is the operator's handle for a reprint. */
    g_warning ("receipt for %s not printed: %s", self->last_reference, error->message);
  if (done == NULL)
    return;
  if (job > 0)
    sewa_done_page_set_print_status (SEWA_DONE_PAGE (done),
                                     _("Your receipt is printing. Please take it from the printer."), FALSE);
  else
    sewa_done_page_set_print_status (SEWA_DONE_PAGE (done), print_error_text (error), TRUE);
}

static void
submitted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (source);
  SubmitJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaReceiptData) receipt = NULL;
  g_autofree char *qr = NULL, *due = NULL;
  SewaService *service = current_service (self);
  SewaConfig *config = sewa_application_get_config (self->app);

  self->submitting = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("application not queued: %s", error->message);
      update_submit_action (self);
      /* The citizen stays where they tapped Submit, with a plain message; nothing was kept, so
       * nothing is half-promised. The log line (no citizen data) tells the technician why. */
      refuse_submit (self, g_error_matches (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NO_SPACE)
                               ? _("The kiosk cannot save applications right now. Please ask at the counter.")
                               : _("Your application could not be saved. Please try again, or ask at the counter."));
      return;
    }
  if (service == NULL)
    return;
  g_free (self->last_reference);
  self->last_reference = g_strdup (job->reference);
  g_message ("application %s queued", job->reference);
  /* Committed: let the sync engine know there is work, rather than wait for its timer. */
  if (sewa_application_get_sync (self->app) != NULL)
    sewa_sync_wake (sewa_application_get_sync (self->app));

  receipt = receipt_for (self, service, job->reference);
  qr = sewa_receipt_qr_build (config->track_url, job->reference, NULL);
  if (g_date_valid (&receipt->due_date))
    {
      char date[16];
      g_date_strftime (date, sizeof date, "%d-%m-%Y", &receipt->due_date);
      /* TRANSLATORS: %s is a date like 15-12-2026 */
      due = g_strdup_printf (_("Decision due by %s"), date);
    }
  sewa_window_replace_screen (self, "done", sewa_done_page_new (job->reference, qr, due));
  {
    /* For the voice: the reference one character at a time (to be written down), the due
     * date as a date. */
    g_autofree char *spelled = sewa_reference_spell (job->reference);
    g_autofree char *date = g_date_valid (&receipt->due_date) ? sewa_window_voice_date (&receipt->due_date) : NULL;
    /* TRANSLATORS: spoken aloud; %s is the reference read one character at a time */
    g_autofree char *ref_words = g_strdup_printf (_("Your reference number is %s."), spelled);
    /* TRANSLATORS: spoken aloud; %s is a date like 7 December 2026 */
    g_autofree char *due_words = date != NULL ? g_strdup_printf (_("The decision is due by %s."), date) : NULL;
    g_autofree char *words = g_strjoin (" ", ref_words, due_words, NULL);

    sewa_done_page_set_numbers_spoken (SEWA_DONE_PAGE (gtk_stack_get_child_by_name (self->stack, "done")), words);
    /* The screen spoke before its numbers were known: say it all now. */
    sewa_window_voice_speak_screen (self);
  }
  show_fee (self, service, receipt);
  sewa_window_prescrutiny_print_receipt (self, g_steal_pointer (&receipt));
  sewa_window_prescrutiny_update_done (self);
}

void
sewa_window_submit_print_receipt (SewaWindow *self, const SewaReceiptData *receipt)
{
  SewaConfig *config = sewa_application_get_config (self->app);
  SewaPaper paper = SEWA_PAPER_80MM;
  g_autoptr (GBytes) pdf = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *done = gtk_stack_get_child_by_name (self->stack, "done");

  sewa_paper_from_string (config->paper, &paper);
  pdf = sewa_receipt_render_pdf (receipt, paper, NULL, &error);
  if (pdf == NULL)
    {
      g_warning ("receipt for %s not rendered: %s", receipt->reference, error->message);
      if (done != NULL)
        sewa_done_page_set_print_status (SEWA_DONE_PAGE (done), print_error_text (error), TRUE);
      return;
    }
  sewa_printer_print_async (sewa_application_get_printer (self->app), pdf, "receipt",
                            self->print_cancellable, print_done, g_object_ref (self));
}

static void
collect_aadhaar_fields (const SewaForm *form, GPtrArray *out)
{
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);
      for (guint f = 0; f < sec->fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (sec->fields, f);
          if (field->type == SEWA_FIELD_TYPE_AADHAAR)
            g_ptr_array_add (out, g_strdup (field->id));
        }
    }
  g_ptr_array_add (out, NULL);
}

/* Commits the application, complete as submit_action found it, to the outbox (on a worker). */
static void
submit_send (SewaWindow *self, SewaService *service)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaStore *store = sewa_application_get_store (self->app);
  g_autoptr (GTask) task = NULL;
  g_autoptr (JsonNode) json = NULL;
  SubmitJob *job;
  GHashTableIter iter;
  gpointer key, value;

  json = sewa_form_values_to_json (sewa_service_get_form (service), self->draft);

  job = g_new0 (SubmitJob, 1);
  job->store = g_object_ref (store);
  job->service_id = g_strdup (sewa_service_get_id (service));
  job->catalog_version = g_strdup (sewa_catalog_get_version (catalog));
  job->catalog_hash = g_strdup (sewa_catalog_get_hash (catalog));
  job->form_json = json_to_string (json, FALSE);
  job->citizen_ref = g_strdup (first_value_of_type (sewa_service_get_form (service), self->draft,
                                                    SEWA_FIELD_TYPE_MOBILE));
  /* How the citizen was identified this visit goes with the application; an OTP's token only
   * with it (the store refuses one without the other). */
  job->identity_method = sewa_session_get_identity_method (self->session);
  job->citizen_token = job->identity_method == SEWA_IDENTITY_METHOD_OTP
                           ? g_strdup (sewa_session_get_citizen_token (self->session)) : NULL;
  if (job->identity_method == SEWA_IDENTITY_METHOD_OTP && job->citizen_token == NULL)
    job->identity_method = SEWA_IDENTITY_METHOD_NONE;
  {
    g_autoptr (SewaPrescrutiny) report = sewa_window_prescrutiny_build (self, service);
    g_autoptr (JsonNode) report_json = sewa_prescrutiny_to_json (report);

    job->prescrutiny_json = json_to_string (report_json, FALSE);
  }
  job->aadhaar_fields = g_ptr_array_new_with_free_func (g_free);
  collect_aadhaar_fields (sewa_service_get_form (service), job->aadhaar_fields);
  job->fee_paise = sewa_service_get_fee_paise (service);
  job->fee_state = (job->fee_paise > 0 && sewa_service_get_payment (service) != SEWA_PAYMENT_NONE)
                       ? SEWA_FEE_DUE : SEWA_FEE_NONE;
  job->pages = g_array_new (FALSE, TRUE, sizeof (SewaNewPage));
  job->page_bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  job->page_doc = g_ptr_array_new_with_free_func (g_free);
  if (self->documents != NULL)
    {
      g_hash_table_iter_init (&iter, self->documents);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GPtrArray *pages = value;
          const SewaDocumentRequirement *req = find_requirement (service, key);

          for (guint i = 0; i < pages->len; i++)
            {
              GBytes *b = g_bytes_ref (g_ptr_array_index (pages, i));
              char *doc = g_strdup (key);
              gsize len = 0;
              SewaNewPage p = { 0 };

              g_ptr_array_add (job->page_bytes, b);
              g_ptr_array_add (job->page_doc, doc);
              p.document_id = doc;
              p.doc_type = req != NULL ? document_type (self, req) : NULL;
              p.mime_type = "image/jpeg";
              p.data = g_bytes_get_data (b, &len);
              p.len = len;
              g_array_append_val (job->pages, p);
            }
        }
    }

  /* Documents the citizen allowed from their vault, where they scanned no newer copy, go by
   * reference (and only with the token they belong to). */
  job->citizen_lang = sewa_lang_code (sewa_session_get_language (self->session));
  job->assisted_by = g_strdup (sewa_session_get_assisted_by (self->session));
  job->corrects = g_strdup (sewa_session_get_corrects (self->session));
  job->vault_refs = g_array_new (FALSE, TRUE, sizeof (SewaNewVaultRef));
  job->vault_strings = g_ptr_array_new_with_free_func (g_free);
  if (job->citizen_token != NULL)
    {
      g_autoptr (GHashTable) on_file = sewa_window_identity_on_file (self, service);
      SewaVaultConsent consent = sewa_session_get_vault_consent (self->session);

      job->vault_consent = consent == SEWA_VAULT_CONSENT_GIVEN ? "given"
                           : consent == SEWA_VAULT_CONSENT_REFUSED ? "refused" : NULL;
      if (on_file != NULL)
        {
          g_hash_table_iter_init (&iter, on_file);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              const SewaVaultDoc *doc = value;
              GPtrArray *pages = self->documents != NULL ? g_hash_table_lookup (self->documents, key) : NULL;
              SewaNewVaultRef ref = { 0 };

              if (pages != NULL && pages->len > 0)
                continue;
              ref.document_id = g_strdup (key);
              ref.doc_type = g_strdup (doc->type);
              ref.vault_id = g_strdup (doc->vault_id);
              g_ptr_array_add (job->vault_strings, (gpointer) ref.document_id);
              g_ptr_array_add (job->vault_strings, (gpointer) ref.doc_type);
              g_ptr_array_add (job->vault_strings, (gpointer) ref.vault_id);
              g_array_append_val (job->vault_refs, ref);
            }
        }
    }

  /* One tap, one application: nothing more is accepted until the commit has an answer. */
  self->submitting = TRUE;
  update_submit_action (self);
  task = g_task_new (self, NULL, submitted, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) submit_job_free);
  g_task_run_in_thread (task, submit_thread);
}

/* ---- Submit waits for document checks still running ---------------------------------------
 *
 * A check still reading a page when Submit is tapped would go in the report as "pending", which
 * the portal counts as not passed: an instant service would not be decided at once for no
 * fault of the citizen's. So Submit waits for the checks, saying so with a progress bar and in
 * words spoken aloud, but never longer than the checks can take: each page still to be read is
 * read at most twice (again turned over when it reads poorly), each read cut short at the OCR
 * deadline, so they should have answered by then unless something is wrong. Past that the
 * application goes with "pending", as an officer can still look at the pages. Usually nothing
 * is pending by then (the checks ran while the citizen went on) and it goes at once. */

#define SEWA_SUBMIT_WAIT_TICK_MS 250

static void submit_wait_end (SewaWindow *self);

static void
submit_wait_show (SewaWindow *self)
{
  GtkWidget *review = gtk_stack_get_child_by_name (self->stack, "review");
  guint pending = sewa_window_doc_checks_pending (self);
  guint total = MAX (self->submit_wait_total, pending);
  double done = total > 0 ? (double) (total - pending) / total : 1.0;
  double elapsed = (double) (g_get_monotonic_time () - self->submit_wait_started) / (self->submit_wait_bound_ms * 1000.0);

  if (review == NULL || !SEWA_IS_REVIEW_PAGE (review))
    return;
  /* The bar moves with the time as well as with the checks answered, so one long check does
   * not look like a kiosk that has stopped; it is full at the bound at the latest. */
  sewa_review_page_set_checking (SEWA_REVIEW_PAGE (review), _("Checking your documents…"),
                                 MAX (done, MIN (elapsed, 1.0)));
}

static gboolean
submit_wait_tick (gpointer data)
{
  SewaWindow *self = SEWA_WINDOW (data);

  if (g_get_monotonic_time () - self->submit_wait_started >= self->submit_wait_bound_ms * 1000)
    {
      /* The bound: what is still running goes as "pending". */
      g_message ("%u document checks still running after %" G_GINT64_FORMAT " ms at Submit: sent as pending",
                 sewa_window_doc_checks_pending (self), self->submit_wait_bound_ms);
      self->submit_wait_tick_id = 0;
      submit_wait_end (self);
      return G_SOURCE_REMOVE;
    }
  submit_wait_show (self);
  return G_SOURCE_CONTINUE;
}

static void
submit_wait_checks_done (SewaWindow *self, gpointer user_data)
{
  /* A wait given up (the bound, the session's end) is not this one. */
  if (self->submit_wait_started == 0 || GPOINTER_TO_UINT (user_data) != self->submit_wait_serial)
    return;
  submit_wait_end (self);
}

/* Stops waiting and forgets the wait, showing nothing more; returns when Submit was tapped. */
static gint64
submit_wait_stop (SewaWindow *self)
{
  gint64 tapped = self->submit_wait_started;
  GtkWidget *review = self->stack != NULL ? gtk_stack_get_child_by_name (self->stack, "review") : NULL;

  g_clear_handle_id (&self->submit_wait_tick_id, g_source_remove);
  self->submit_wait_started = 0;
  self->submit_wait_total = 0;
  self->submit_wait_serial++;
  if (review != NULL && SEWA_IS_REVIEW_PAGE (review))
    sewa_review_page_set_checking (SEWA_REVIEW_PAGE (review), NULL, 0.0);
  return tapped;
}

/* The checks are in, or the bound has passed: the application goes, if the citizen is still on
 * the review of it (Back, or the language changed the screens, leaves it unsent). */
static void
submit_wait_end (SewaWindow *self)
{
  SewaService *service = current_service (self);
  gint64 tapped = submit_wait_stop (self);
  g_autofree char *refusal = NULL;

  self->submitting = FALSE;
  if (service == NULL || self->draft == NULL || self->last_reference != NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") != 0)
    {
      update_submit_action (self);
      return;
    }
  if ((refusal = incomplete_reason (self, service)) != NULL)
    {
      update_submit_action (self);
      refuse_submit (self, refusal);
      return;
    }
  sewa_window_doc_checks_submitted (self, tapped);
  submit_send (self, service);
}

static void
submit_wait_begin (SewaWindow *self)
{
  SewaVoice *voice = sewa_application_get_voice (self->app);

  self->submit_wait_started = g_get_monotonic_time ();
  self->submit_wait_total = sewa_window_doc_checks_pending (self);
  self->submit_wait_bound_ms = (gint64) SEWA_OCR_DEADLINE_MS * SEWA_OCR_READS_PER_PAGE
                               * sewa_window_doc_checks_pending_pages (self);
  /* A technician may set it for a kiosk whose OCR is slower than its deadlines suggest (the
   * engine's start, a starved worker). */
  if (sewa_application_get_config (self->app)->document_check_wait_s > 0)
    self->submit_wait_bound_ms = (gint64) sewa_application_get_config (self->app)->document_check_wait_s * 1000;
  self->submit_wait_serial++;
  /* One tap, one application: Submit is off while it waits. */
  self->submitting = TRUE;
  update_submit_action (self);
  submit_wait_show (self);
  if (voice != NULL)
    sewa_voice_say (voice, sewa_lang_code (sewa_lang_current ()),
                    _("Checking your documents. Please wait a moment."));
  self->submit_wait_tick_id = g_timeout_add (SEWA_SUBMIT_WAIT_TICK_MS, submit_wait_tick, self);
  sewa_window_doc_checks_when_done (self, submit_wait_checks_done, GUINT_TO_POINTER (self->submit_wait_serial));
}

static void
submit_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaService *service = current_service (self);
  g_autofree char *refusal = NULL;

  if (service == NULL || self->draft == NULL || sewa_application_get_store (self->app) == NULL
      || self->submitting || self->last_reference != NULL)
    return;
  /* The Submit button's look is not the guard: whatever activated this action, nothing is
   * committed (and no reference promised) unless the application is complete. */
  if ((refusal = incomplete_reason (self, service)) != NULL)
    {
      /* The look catches up with the facts it missed (a document taken away while the review
       * was shown), so the button no longer looks ready beside the message. */
      update_submit_action (self);
      refuse_submit (self, refusal);
      return;
    }
  if (sewa_window_doc_checks_pending (self) > 0)
    {
      submit_wait_begin (self);
      return;
    }
  sewa_window_doc_checks_submitted (self, g_get_monotonic_time ());
  submit_send (self, service);
}

static void
finish_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  sewa_session_end (self->session, SEWA_SESSION_END_COMPLETED);
}

void
sewa_window_submit_clear (SewaWindow *self)
{
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_pointer (&self->doc_types, g_hash_table_unref);
  g_clear_pointer (&self->capture_type, g_free);
  g_clear_pointer (&self->doctype_req_id, g_free);
  g_clear_pointer (&self->last_reference, g_free);
  /* A Submit waiting for checks is given up with the session: nothing is sent. */
  if (self->submit_wait_started != 0)
    {
      submit_wait_stop (self);
      self->submitting = FALSE;
    }
  sewa_window_prescrutiny_clear (self);
  sewa_window_report_clear (self);
  self->reviewing = FALSE;
  /* A commit still in flight keeps its flag: its answer clears it. With no service left the
   * action is off until the next documents screen. */
  update_submit_action (self);
}

const char *
sewa_window_get_last_reference (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return self->last_reference;
}

GHashTable *
sewa_window_get_documents (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return self->documents;
}

void
sewa_window_submit_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.form-complete", NULL, form_complete_action);
  gtk_widget_class_install_action (widget_class, "win.back-to-form", NULL, back_to_form_action);
  gtk_widget_class_install_action (widget_class, "win.scan-document", "s", scan_document_action);
  gtk_widget_class_install_action (widget_class, "win.document-captured", "s", document_captured_action);
  gtk_widget_class_install_action (widget_class, "win.choose-doc-type", "(ss)", choose_doc_type_action);
  gtk_widget_class_install_action (widget_class, "win.back-to-documents", NULL, back_to_documents_action);
  gtk_widget_class_install_action (widget_class, "win.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "win.change-answer", "s", change_answer_action);
  gtk_widget_class_install_action (widget_class, "win.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "win.finish", NULL, finish_action);
}

const char *
sewa_window_submit_document_type (SewaWindow *self, const SewaDocumentRequirement *req)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self) && req != NULL, NULL);
  return document_type (self, req);
}
