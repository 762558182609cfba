/* sewa-window-prescrutiny.c — the document checks, run while the citizen goes on.
 *
 * When a document's pages are kept, its check is queued on the OCR worker (drivers/sewa-ocr.h:
 * one thread, one tesseract) and the citizen moves on at once. The result lands in
 * self->doc_checks on the main loop. Pages replaced are checked again and the older answer is
 * dropped by serial (Simple Scan's "stale results dropped by job id"). Vault documents have no
 * pages here and are never checked: the portal verified them. The session's end cancels what
 * is queued and wipes the results.
 *
 * The review screen (elig) asks sewa_window_doc_check_lookup() for each document and, when
 * something is still pending, waits with sewa_window_doc_checks_when_done(). Submit waits for
 * them too (bounded, sewa-window-submit.c); the wait the citizen had there is recorded for
 * bench/prescrutiny.
 */
#include "sewa-build-config.h"
#include "sewa-window-private.h"
#include "sewa-ocr.h"
#include "sewa-vault-doc.h"

typedef struct
{
  SewaWindow *self;   /* a reference */
  char *doc_id;
  guint serial;
} Pending;

typedef struct
{
  SewaWindowDocChecksFunc func;
  gpointer user_data;
} Waiter;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_object_unref (p->self);
  g_free (p->doc_id);
  g_free (p);
}

static void
notify_waiters (SewaWindow *self)
{
  g_autoptr (GArray) waiters = NULL;

  if (self->doc_checks_pending > 0 || self->doc_check_waiters == NULL)
    return;
  waiters = g_steal_pointer (&self->doc_check_waiters);
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *w = &g_array_index (waiters, Waiter, i);

      w->func (self, w->user_data);
    }
}

static void
check_done (SewaDocCheck *check, gboolean cancelled, gpointer data)
{
  Pending *p = data;
  SewaWindow *self = p->self;
  gpointer current = self->doc_check_serials != NULL ? g_hash_table_lookup (self->doc_check_serials, p->doc_id) : NULL;

  g_assert (self->doc_checks_pending > 0);
  self->doc_checks_pending--;
  if (self->doc_checks_pending == 0)
    self->doc_checks_idle_at = g_get_monotonic_time ();
  /* A cancelled check (session over) or one for pages since replaced says nothing now. */
  if (cancelled || self->doc_checks == NULL || GPOINTER_TO_UINT (current) != p->serial)
    sewa_doc_check_free (check);
  else
    g_hash_table_replace (self->doc_checks, g_strdup (p->doc_id), check);
  notify_waiters (self);
}

static const char *
applicant_name (SewaWindow *self)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service = catalog != NULL && self->service_id != NULL ? sewa_catalog_lookup_service (catalog, self->service_id) : NULL;
  const SewaForm *form = service != NULL ? sewa_service_get_form (service) : NULL;

  if (form == NULL || self->draft == NULL)
    return NULL;
  /* The applicant's own name is the form field prefilled from the identity's "name". */
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *section = g_ptr_array_index (form->sections, s);

      for (guint f = 0; f < section->fields->len; f++)
        {
          const SewaFormField *field = g_ptr_array_index (section->fields, f);

          if (g_strcmp0 (field->prefill, "name") == 0)
            return sewa_form_values_get (self->draft, field->id);
        }
    }
  return NULL;
}

/* The number or date from the form that a page of @type must carry for document @doc_id (the
 * catalog's "number_fields": the Aadhaar number's last four digits, a date of birth), or NULL
 * when the catalog names none or the field is hidden or empty. */
static const char *
expected_number (SewaWindow *self, const char *doc_id, const char *type)
{
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service = catalog != NULL && self->service_id != NULL ? sewa_catalog_lookup_service (catalog, self->service_id) : NULL;
  GPtrArray *reqs = service != NULL ? sewa_service_get_documents (service) : NULL;
  const SewaForm *form = service != NULL ? sewa_service_get_form (service) : NULL;

  if (form == NULL || self->draft == NULL)
    return NULL;
  for (guint i = 0; reqs != NULL && i < reqs->len; i++)
    {
      const SewaDocumentRequirement *req = g_ptr_array_index (reqs, i);
      const char *field_id = g_str_equal (req->id, doc_id) ? sewa_document_requirement_get_number_field (req, type) : NULL;
      const SewaFormField *field = field_id != NULL ? sewa_form_lookup_field (form, field_id) : NULL;

      if (field != NULL && sewa_form_field_is_visible (form, field, self->draft))
        return sewa_form_values_get (self->draft, field_id);
    }
  return NULL;
}

void
sewa_window_prescrutiny_queue (SewaWindow *self, const char *doc_id, const char *type, GPtrArray *pages)
{
  Pending *p;
  g_autoptr (SewaDocCheck) pending = NULL;

  g_return_if_fail (SEWA_IS_WINDOW (self) && doc_id != NULL && pages != NULL);
  /* Turned off by the technician (no OCR data, or a kiosk too slow for it): no check runs and
   * the report lists none, as for an application made before #17. */
  if (!sewa_application_get_config (self->app)->document_checks)
    return;
  if (self->ocr_worker == NULL)
    self->ocr_worker = sewa_ocr_worker_new ();
  if (self->doc_checks == NULL)
    self->doc_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sewa_doc_check_free);
  if (self->doc_check_serials == NULL)
    self->doc_check_serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (self->doc_check_cancellable == NULL)
    self->doc_check_cancellable = g_cancellable_new ();

  p = g_new0 (Pending, 1);
  p->self = g_object_ref (self);
  p->doc_id = g_strdup (doc_id);
  p->serial = ++self->doc_check_serial;
  g_hash_table_replace (self->doc_check_serials, g_strdup (doc_id), GUINT_TO_POINTER (p->serial));
  pending = sewa_doc_check_new (doc_id, type);
  g_hash_table_replace (self->doc_checks, g_strdup (doc_id), g_steal_pointer (&pending));
  self->doc_checks_pending++;
  self->doc_checks_last_queued = g_get_monotonic_time ();
  sewa_ocr_worker_queue (self->ocr_worker,
                         sewa_ocr_request_new (doc_id, type, pages, applicant_name (self),
                                               type != NULL ? expected_number (self, doc_id, type) : NULL),
                         self->doc_check_cancellable, check_done, p, pending_free);
}

SewaDocCheck *
sewa_window_doc_check_lookup (SewaWindow *self, const char *doc_id)
{
  SewaDocCheck *check;
  SewaCatalog *catalog;
  SewaService *service;
  g_autoptr (GHashTable) on_file = NULL;
  SewaVaultDoc *vault;

  g_return_val_if_fail (SEWA_IS_WINDOW (self) && doc_id != NULL, NULL);
  check = self->doc_checks != NULL ? g_hash_table_lookup (self->doc_checks, doc_id) : NULL;
  if (check != NULL)
    return check;
  /* A document going from the citizen's vault (none scanned in its place) runs nothing: the
   * portal verified it. Its SKIPPED check is kept like any other, so the pointer stays valid. */
  catalog = sewa_application_get_catalog (self->app);
  service = catalog != NULL && self->service_id != NULL ? sewa_catalog_lookup_service (catalog, self->service_id) : NULL;
  on_file = service != NULL ? sewa_window_identity_on_file (self, service) : NULL;
  vault = on_file != NULL ? g_hash_table_lookup (on_file, doc_id) : NULL;
  if (vault == NULL || (self->documents != NULL && g_hash_table_contains (self->documents, doc_id)))
    return NULL;
  check = sewa_doc_check_new (doc_id, vault->type);
  check->outcome = SEWA_DOC_CHECK_SKIPPED;
  if (self->doc_checks == NULL)
    self->doc_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sewa_doc_check_free);
  g_hash_table_replace (self->doc_checks, g_strdup (doc_id), check);
  return check;
}

guint
sewa_window_doc_checks_pending (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), 0);
  return self->doc_checks_pending;
}

guint
sewa_window_doc_checks_pending_pages (SewaWindow *self)
{
  GHashTableIter iter;
  gpointer key, value;
  guint pages = 0;

  g_return_val_if_fail (SEWA_IS_WINDOW (self), 0);
  if (self->doc_checks == NULL)
    return self->doc_checks_pending;
  g_hash_table_iter_init (&iter, self->doc_checks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *doc = self->documents != NULL ? g_hash_table_lookup (self->documents, key) : NULL;

      if (((SewaDocCheck *) value)->outcome == SEWA_DOC_CHECK_PENDING)
        pages += doc != NULL && doc->len > 0 ? doc->len : 1;
    }
  /* A check of pages since replaced still holds the worker until it answers. */
  return MAX (pages, self->doc_checks_pending);
}

void
sewa_window_doc_checks_when_done (SewaWindow *self, SewaWindowDocChecksFunc func, gpointer user_data)
{
  Waiter w = { func, user_data };

  g_return_if_fail (SEWA_IS_WINDOW (self) && func != NULL);
  if (self->doc_checks_pending == 0)
    {
      func (self, user_data);
      return;
    }
  if (self->doc_check_waiters == NULL)
    self->doc_check_waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  g_array_append_val (self->doc_check_waiters, w);
}

void
sewa_window_doc_checks_review_opened (SewaWindow *self)
{
  g_return_if_fail (SEWA_IS_WINDOW (self));
  self->doc_checks_review_wait_ms = 0;
  self->doc_checks_review_budget_ms = 0;
}

void
sewa_window_doc_checks_submitted (SewaWindow *self, gint64 tapped)
{
  g_return_if_fail (SEWA_IS_WINDOW (self) && tapped > 0);
  /* The citizen's added wait is what Submit held them, not how long the checks ran after the
   * review opened: they read the review meanwhile. */
  self->doc_checks_review_wait_ms = (g_get_monotonic_time () - tapped) / 1000;
  self->doc_checks_review_budget_ms = self->doc_checks_last_queued > 0 && tapped > self->doc_checks_last_queued
                                        ? (tapped - self->doc_checks_last_queued) / 1000 : 0;
}

gint64
sewa_window_doc_checks_review_wait_ms (SewaWindow *self, gint64 *budget_ms)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), 0);
  if (budget_ms != NULL)
    *budget_ms = self->doc_checks_review_budget_ms;
  return self->doc_checks_review_wait_ms;
}

gint64
sewa_window_doc_checks_busy_ms (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), -1);
  if (self->doc_checks_pending > 0 || self->doc_checks_last_queued == 0
      || self->doc_checks_idle_at < self->doc_checks_last_queued)
    return -1;
  return (self->doc_checks_idle_at - self->doc_checks_last_queued) / 1000;
}

void
sewa_window_prescrutiny_clear (SewaWindow *self)
{
  /* Cancel first: the callbacks of checks already posted then drop their results. Waiters of
   * the ended session are not called; their screen is gone with it. */
  if (self->doc_check_cancellable != NULL)
    {
      g_cancellable_cancel (self->doc_check_cancellable);
      g_clear_object (&self->doc_check_cancellable);
    }
  g_clear_pointer (&self->doc_checks, g_hash_table_unref);
  g_clear_pointer (&self->doc_check_serials, g_hash_table_unref);
  g_clear_pointer (&self->doc_check_waiters, g_array_unref);
  self->doc_checks_last_queued = 0;
}

void
sewa_window_prescrutiny_dispose (SewaWindow *self)
{
  sewa_window_prescrutiny_clear (self);
  /* Stops the worker (the running page is cancelled through tesseract's monitor) and joins it. */
  g_clear_pointer (&self->ocr_worker, sewa_ocr_worker_free);
}
