/* sewa-ocr.c — libtesseract on one worker thread, and the judgement of what it read.
 *
 * The worker follows Simple Scan's device thread: a queue of requests in, results posted back
 * to the owner's main context, each with its own cancellable. The engine is created on the
 * worker at its first request, so loading the language data (about a second) never holds up
 * the kiosk's start or its main loop.
 */
#include "sewa-ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sewa-doc-classify.h"
#include "sewa-name-match.h"
#include "sewa-thread.h"

G_DEFINE_QUARK (sewa-ocr-error-quark, sewa_ocr_error)

/* Under this mean word confidence a page is read again turned 180 degrees. */
#define SEWA_OCR_RETRY_CONFIDENCE 70.0
/* The worker thread's nice value. */
#define SEWA_OCR_WORKER_NICE 10

struct _SewaOcrEngine
{
  TessBaseAPI *api;
  char *description;
  int deadline_ms;        /* SEWA_OCR_DEADLINE_MS, or 0 for none (accuracy measures) */
  guint deadline_hits;    /* recognitions stopped by the deadline */
};

/* tesseract uses OpenMP when built with it; on two shared cores more than one OpenMP thread
 * only makes the UI stutter. The limit is read when OpenMP starts, so it must be in the
 * environment before the first engine exists. */
void
sewa_ocr_limit_threads (void)
{
  /* setenv() once other threads run is unsafe: only when it is not set already. */
  if (g_getenv ("OMP_THREAD_LIMIT") == NULL)
    g_setenv ("OMP_THREAD_LIMIT", "1", FALSE);
}

SewaOcrRequest *
sewa_ocr_request_new (const char *doc_id, const char *expected_type, GPtrArray *pages, const char *name,
                      const char *number)
{
  SewaOcrRequest *r = g_new0 (SewaOcrRequest, 1);

  g_return_val_if_fail (doc_id != NULL && pages != NULL, NULL);
  r->doc_id = g_strdup (doc_id);
  r->expected_type = g_strdup (expected_type);
  r->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < pages->len; i++)
    g_ptr_array_add (r->pages, g_bytes_ref (g_ptr_array_index (pages, i)));
  r->name = g_strdup (name);
  r->number = g_strdup (number);
  return r;
}

void
sewa_ocr_request_free (SewaOcrRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->doc_id);
  g_free (request->expected_type);
  g_ptr_array_unref (request->pages);
  g_free (request->name);
  g_free (request->number);
  g_free (request);
}

SewaOcrEngine *
sewa_ocr_engine_new (GError **error)
{
  g_autoptr (SewaOcrEngine) engine = g_new0 (SewaOcrEngine, 1);
  char **langs;
  g_autofree char *joined = NULL;

  sewa_ocr_limit_threads ();
  engine->api = TessBaseAPICreate ();
  engine->deadline_ms = SEWA_OCR_DEADLINE_MS;
  if (TessBaseAPIInit3 (engine->api, NULL, SEWA_OCR_LANGS) != 0)
    {
      g_set_error (error, SEWA_OCR_ERROR, SEWA_OCR_ERROR_ENGINE,
                   "tesseract could not load %s: install tesseract-ocr-pan, -hin and -eng", SEWA_OCR_LANGS);
      return NULL;
    }
  /* Keep tesseract quiet: its debug output would go to the kiosk's journal with page text. */
  TessBaseAPISetVariable (engine->api, "debug_file", "/dev/null");
  langs = TessBaseAPIGetLoadedLanguagesAsVector (engine->api);
  joined = g_strjoinv (", ", langs);
  TessDeleteTextArray (langs);
  engine->description = g_strdup_printf ("tesseract %s; %s", TessVersion (), joined);
  return g_steal_pointer (&engine);
}

void
sewa_ocr_engine_free (SewaOcrEngine *engine)
{
  if (engine == NULL)
    return;
  if (engine->api != NULL)
    {
      TessBaseAPIEnd (engine->api);
      TessBaseAPIDelete (engine->api);
    }
  g_free (engine->description);
  g_free (engine);
}

void
sewa_ocr_engine_set_deadline (SewaOcrEngine *engine, int deadline_ms)
{
  g_return_if_fail (engine != NULL && deadline_ms >= 0);
  engine->deadline_ms = deadline_ms;
}

guint
sewa_ocr_engine_get_deadline_hits (SewaOcrEngine *engine)
{
  g_return_val_if_fail (engine != NULL, 0);
  return engine->deadline_hits;
}

const char *
sewa_ocr_engine_describe (SewaOcrEngine *engine)
{
  g_return_val_if_fail (engine != NULL, NULL);
  return engine->description;
}

static bool
monitor_cancelled (void *cancel_this, int words)
{
  (void) words;
  return g_cancellable_is_cancelled (cancel_this);
}

static guint
count_alnum (const char *text)
{
  guint n = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return 0;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      n++;
  return n;
}

/* One recognition of @pix: its text (never NULL) and mean word confidence. */
static void
recognize (SewaOcrEngine *engine, PIX *pix, GCancellable *cancellable, char **text, double *confidence)
{
  ETEXT_DESC *monitor = TessMonitorCreate ();
  gint64 start = g_get_monotonic_time ();
  char *out;
  int rc;

  TessBaseAPISetImage2 (engine->api, pix);
  TessMonitorSetCancelFunc (monitor, monitor_cancelled);
  TessMonitorSetCancelThis (monitor, cancellable);
  /* A page of noise (a blurred photo) can keep tesseract busy for many seconds while the
   * queue behind it waits; what it has read by the deadline is judged like any other read. */
  if (engine->deadline_ms > 0)
    TessMonitorSetDeadlineMSecs (monitor, engine->deadline_ms);
  rc = TessBaseAPIRecognize (engine->api, monitor);
  TessMonitorDelete (monitor);
  /* tesseract does not say why it stopped; a recognition that ran for the whole deadline and
   * was not cancelled was stopped by it. Without a deadline, one that ran as long as the
   * kiosk's is counted too: the kiosk would have stopped it. */
  if (!g_cancellable_is_cancelled (cancellable)
      && (g_get_monotonic_time () - start) / 1000 >= (engine->deadline_ms > 0 ? engine->deadline_ms : SEWA_OCR_DEADLINE_MS))
    engine->deadline_hits++;
  out = rc == 0 ? TessBaseAPIGetUTF8Text (engine->api) : NULL;
  *text = g_strdup (out != NULL ? out : "");
  if (out != NULL)
    TessDeleteText (out);
  *confidence = rc == 0 ? (double) TessBaseAPIMeanTextConf (engine->api) : 0.0;
  TessBaseAPIClear (engine->api);
}

gboolean
sewa_ocr_engine_read (SewaOcrEngine *engine, GBytes *jpeg, int psm, GCancellable *cancellable, char **text,
                      double *confidence, GError **error)
{
  g_autoptr (GCancellable) local = NULL;
  gsize len = 0;
  const guint8 *data;
  PIX *pix;

  g_return_val_if_fail (engine != NULL && jpeg != NULL && text != NULL && confidence != NULL, FALSE);
  *text = NULL;
  *confidence = 0.0;
  data = g_bytes_get_data (jpeg, &len);
  pix = len > 0 ? pixReadMem (data, len) : NULL;
  if (pix == NULL)
    {
      g_set_error_literal (error, SEWA_OCR_ERROR, SEWA_OCR_ERROR_DECODE, "the page is not a readable image");
      return FALSE;
    }
  if (cancellable == NULL)
    cancellable = local = g_cancellable_new ();
  /* The processed pages carry their resolution; a page without one is taken at the page
   * pipeline's own (sewa-page.h), so tesseract sizes its text lines sensibly. */
  if (pixGetXRes (pix) <= 0)
    pixSetResolution (pix, 200, 200);
  TessBaseAPISetPageSegMode (engine->api, (TessPageSegMode) psm);
  recognize (engine, pix, cancellable, text, confidence);
  /* The page pipeline turns pages upright with Leptonica's orientation test, which is made for
   * Latin text: the headline of Gurmukhi and Devanagari words can make it turn a page upside
   * down. A poor read is tried once more the other way up, and the better read kept; not a
   * read of almost nothing (a blurred page), which would only read as nothing again. */
  if (*confidence < SEWA_OCR_RETRY_CONFIDENCE && count_alnum (*text) >= SEWA_OCR_MIN_CHARS
      && !g_cancellable_is_cancelled (cancellable))
    {
      PIX *turned = pixRotate180 (NULL, pix);
      g_autofree char *text2 = NULL;
      double conf2 = 0.0;

      if (turned != NULL)
        {
          recognize (engine, turned, cancellable, &text2, &conf2);
          pixDestroy (&turned);
          if (conf2 > *confidence)
            {
              g_free (*text);
              *text = g_steal_pointer (&text2);
              *confidence = conf2;
            }
        }
    }
  pixDestroy (&pix);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_pointer (text, g_free);
      *confidence = 0.0;
      return FALSE;
    }
  return TRUE;
}

static guint
count_digits (const char *s)
{
  guint n = 0;

  for (const char *p = s; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      n++;
  return n;
}

void
sewa_ocr_judge (SewaDocCheck *check, const SewaOcrRequest *request, const char *text, double confidence)
{
  SewaDocTypeTraits traits;
  SewaDocClassification c;
  guint chars;

  g_return_if_fail (check != NULL && request != NULL);
  sewa_doc_classify_traits (request->expected_type, &traits);
  check->ocr_confidence = confidence;
  check->flags = SEWA_DOC_FLAG_NONE;
  if (!traits.has_text)
    {
      check->outcome = SEWA_DOC_CHECK_SKIPPED;
      return;
    }
  chars = count_alnum (text);
  if (chars < SEWA_OCR_MIN_CHARS || confidence < SEWA_OCR_MIN_CONFIDENCE)
    {
      check->outcome = SEWA_DOC_CHECK_UNREADABLE;
      return;
    }

  sewa_doc_classify (text, request->expected_type, &c);
  g_free (check->classified_type);
  check->classified_type = g_strdup (c.best_type);
  check->type_score = c.confidence;
  if (sewa_doc_classify_is_wrong_type (&c, request->expected_type))
    check->flags |= SEWA_DOC_FLAG_WRONG_TYPE;

  check->name_checked = traits.has_name && request->name != NULL && request->name[0] != '\0';
  if (check->name_checked)
    {
      check->name_score = sewa_name_match_score (request->name, text);
      if (check->name_score < SEWA_NAME_MATCH_THRESHOLD)
        check->flags |= SEWA_DOC_FLAG_NAME_MISMATCH;
    }
  /* A number of fewer than four digits would be found on any page by chance: not checked. */
  check->number_checked = request->number != NULL && count_digits (request->number) >= 4;
  if (check->number_checked && !sewa_name_match_number (request->number, text))
    check->flags |= SEWA_DOC_FLAG_NUMBER_MISMATCH;
  check->outcome = check->flags != SEWA_DOC_FLAG_NONE ? SEWA_DOC_CHECK_FLAGGED : SEWA_DOC_CHECK_PASSED;
}

gboolean
sewa_ocr_engine_read_pages (SewaOcrEngine *engine, GPtrArray *pages, int psm, GCancellable *cancellable,
                            char **text, double *confidence, GError **error)
{
  g_autoptr (GString) all = g_string_new (NULL);
  double conf_sum = 0.0;
  guint read = 0;

  g_return_val_if_fail (engine != NULL && pages != NULL && text != NULL && confidence != NULL, FALSE);
  *text = NULL;
  *confidence = 0.0;
  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *page_text = NULL;
      g_autoptr (GError) local = NULL;
      double conf = 0.0;

      if (!sewa_ocr_engine_read (engine, g_ptr_array_index (pages, i), psm, cancellable, &page_text, &conf, &local))
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_set_error_literal (error, SEWA_OCR_ERROR, SEWA_OCR_ERROR_CANCELLED, "the check was cancelled");
              return FALSE;
            }
          /* A page that will not decode reads as nothing: the document is then unreadable
           * unless its other pages carry it. */
          continue;
        }
      g_string_append (all, page_text);
      g_string_append_c (all, '\n');
      conf_sum += conf;
      read++;
    }
  *text = g_string_free (g_steal_pointer (&all), FALSE);
  *confidence = read > 0 ? conf_sum / read : 0.0;
  return TRUE;
}

SewaDocCheck *
sewa_ocr_engine_check (SewaOcrEngine *engine, const SewaOcrRequest *request, GCancellable *cancellable,
                       GError **error)
{
  g_autoptr (SewaDocCheck) check = NULL;
  g_autofree char *text = NULL;
  SewaDocTypeTraits traits;
  double confidence = 0.0;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (engine != NULL && request != NULL, NULL);
  check = sewa_doc_check_new (request->doc_id, request->expected_type);
  check->engine = g_strdup (engine->description);
  sewa_doc_classify_traits (request->expected_type, &traits);
  /* A photograph has nothing to read: it is not put through the engine at all. */
  if (traits.has_text
      && !sewa_ocr_engine_read_pages (engine, request->pages, traits.psm, cancellable, &text, &confidence, error))
    return NULL;
  sewa_ocr_judge (check, request, text, confidence);
  check->ocr_ms = (g_get_monotonic_time () - start) / 1000;
  return g_steal_pointer (&check);
}

/* --- the worker ------------------------------------------------------------------------ */

typedef struct
{
  SewaOcrRequest *request;
  GCancellable *cancellable;   /* the caller's, may be NULL */
  GCancellable *run;           /* ours: cancelled by the caller's or by the worker's end */
  gulong handler;
  GMainContext *context;
  SewaOcrCheckFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
  SewaDocCheck *check;         /* the result, once run */
  gboolean cancelled;
  gboolean counted;            /* still in the worker's pending count */
  SewaOcrWorker *worker;       /* a reference, for the pending count */
} Job;

struct _SewaOcrWorker
{
  GThread *thread;
  GAsyncQueue *queue;          /* of Job; the stop marker is the worker itself */
  GMutex lock;
  Job *current;                /* under lock */
  gint pending;                /* atomic: queued, running or posted but not delivered */
  gint stopping;               /* atomic */
};

static Job stop_marker;

static SewaOcrWorker *
worker_ref (SewaOcrWorker *worker)
{
  return g_atomic_rc_box_acquire (worker);
}

static void
worker_clear (gpointer data)
{
  SewaOcrWorker *worker = data;

  g_async_queue_unref (worker->queue);
  g_mutex_clear (&worker->lock);
}

static void
worker_unref (SewaOcrWorker *worker)
{
  g_atomic_rc_box_release_full (worker, worker_clear);
}

static void
job_free (Job *job)
{
  if (job->cancellable != NULL)
    {
      g_cancellable_disconnect (job->cancellable, job->handler);
      g_object_unref (job->cancellable);
    }
  g_clear_object (&job->run);
  sewa_ocr_request_free (job->request);
  sewa_doc_check_free (job->check);
  if (job->destroy != NULL)
    job->destroy (job->user_data);
  g_main_context_unref (job->context);
  if (job->counted)
    g_atomic_int_add (&job->worker->pending, -1);
  worker_unref (job->worker);
  g_free (job);
}

static gboolean
deliver (gpointer data)
{
  Job *job = data;
  SewaDocCheck *check = g_steal_pointer (&job->check);

  if (check == NULL)
    check = sewa_doc_check_new (job->request->doc_id, job->request->expected_type);
  /* The count drops before the callback so that a callback asking "anything left?" sees the
   * truth. */
  g_atomic_int_add (&job->worker->pending, -1);
  job->counted = FALSE;
  job->func (check, job->cancelled || g_atomic_int_get (&job->worker->stopping), job->user_data);
  return G_SOURCE_REMOVE;
}

static void
cancel_run (GCancellable *cancellable, gpointer data)
{
  (void) cancellable;
  g_cancellable_cancel (data);
}

static gpointer
worker_main (gpointer data)
{
  SewaOcrWorker *worker = data;
  g_autoptr (SewaOcrEngine) engine = NULL;
  g_autoptr (GError) engine_error = NULL;
  gboolean tried = FALSE;

  /* The checks are background work on two cores the UI needs for every tap: this thread (on
   * Linux a thread has its own nice value) yields to the main loop and the page pipeline. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), SEWA_OCR_WORKER_NICE) != 0)
    g_debug ("sewa-ocr: could not lower the worker's priority");

  for (;;)
    {
      Job *job = g_async_queue_pop (worker->queue);
      g_autoptr (GError) error = NULL;

      if (job == &stop_marker)
        break;
      g_mutex_lock (&worker->lock);
      worker->current = job;
      g_mutex_unlock (&worker->lock);
      if (!g_cancellable_is_cancelled (job->run) && !g_atomic_int_get (&worker->stopping))
        {
          if (!tried)
            {
              engine = sewa_ocr_engine_new (&engine_error);
              tried = TRUE;
            }
          if (engine != NULL)
            job->check = sewa_ocr_engine_check (engine, job->request, job->run, &error);
          else
            {
              /* Without an engine nothing is checked; the report says so rather than
               * pretending the document passed. */
              job->check = sewa_doc_check_new (job->request->doc_id, job->request->expected_type);
              job->check->outcome = SEWA_DOC_CHECK_SKIPPED;
            }
        }
      job->cancelled = g_cancellable_is_cancelled (job->run);
      g_mutex_lock (&worker->lock);
      worker->current = NULL;
      g_mutex_unlock (&worker->lock);
      sewa_context_post (job->context, deliver, job, (GDestroyNotify) job_free);
    }
  return NULL;
}

SewaOcrWorker *
sewa_ocr_worker_new (void)
{
  SewaOcrWorker *worker = g_atomic_rc_box_new0 (SewaOcrWorker);

  sewa_ocr_limit_threads ();
  worker->queue = g_async_queue_new ();
  g_mutex_init (&worker->lock);
  worker->thread = g_thread_new ("sewa-ocr", worker_main, worker);
  return worker;
}

void
sewa_ocr_worker_queue (SewaOcrWorker *worker, SewaOcrRequest *request, GCancellable *cancellable,
                       SewaOcrCheckFunc func, gpointer user_data, GDestroyNotify destroy)
{
  Job *job;

  g_return_if_fail (worker != NULL && request != NULL && func != NULL);
  job = g_new0 (Job, 1);
  job->request = request;
  job->run = g_cancellable_new ();
  if (cancellable != NULL)
    {
      job->cancellable = g_object_ref (cancellable);
      job->handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_run), g_object_ref (job->run),
                                            g_object_unref);
    }
  job->context = g_main_context_ref_thread_default ();
  job->func = func;
  job->user_data = user_data;
  job->destroy = destroy;
  job->worker = worker_ref (worker);
  job->counted = TRUE;
  g_atomic_int_inc (&worker->pending);
  g_async_queue_push (worker->queue, job);
}

guint
sewa_ocr_worker_pending (SewaOcrWorker *worker)
{
  g_return_val_if_fail (worker != NULL, 0);
  return (guint) g_atomic_int_get (&worker->pending);
}

void
sewa_ocr_worker_free (SewaOcrWorker *worker)
{
  if (worker == NULL)
    return;
  g_atomic_int_set (&worker->stopping, 1);
  g_mutex_lock (&worker->lock);
  if (worker->current != NULL)
    g_cancellable_cancel (worker->current->run);
  g_mutex_unlock (&worker->lock);
  /* Requests still queued are dropped without their callbacks: take them out before the stop
   * marker goes in, so the worker sees the marker next. */
  for (Job *job = g_async_queue_try_pop (worker->queue); job != NULL; job = g_async_queue_try_pop (worker->queue))
    job_free (job);
  g_async_queue_push (worker->queue, &stop_marker);
  g_thread_join (worker->thread);
  worker_unref (worker);
}
