/* sewa-ocr.h — reading a scanned document with tesseract and checking it (pre-scrutiny).
 *
 * SewaOcrEngine wraps one libtesseract engine (Punjabi, Hindi and English data, as Debian
 * ships them) and turns a document's processed page JPEGs into a SewaDocCheck: the text read
 * is classified (sewa-doc-classify.h) and the applicant's name and number are looked for
 * (sewa-name-match.h); the text itself is dropped. An engine is used from one thread at a time.
 *
 * SewaOcrWorker runs checks off the caller's thread: ONE worker thread owns one engine and
 * takes requests from a queue in order, because tesseract is memory- and CPU-hungry and the
 * kiosk has two cores; OpenMP inside tesseract is limited to one thread (OMP_THREAD_LIMIT=1,
 * set before the engine exists). Each result is posted to the GMainContext that was the
 * thread default when the check was queued (sewa_context_post()). A cancelled request is
 * reported with its check still PENDING and cancelled = TRUE, so the caller can drop it.
 */
#pragma once

#include <gio/gio.h>
#include "sewa-doc-check.h"

G_BEGIN_DECLS

#define SEWA_OCR_ERROR (sewa_ocr_error_quark ())
GQuark sewa_ocr_error_quark (void);

typedef enum
{
  SEWA_OCR_ERROR_ENGINE,    /* tesseract or its language data is missing: install tesseract-ocr-{pan,hin,eng} */
  SEWA_OCR_ERROR_DECODE,    /* a page is not a JPEG Leptonica can read */
  SEWA_OCR_ERROR_CANCELLED, /* the check was cancelled (session ended) */
} SewaOcrError;

/* The languages every page is read with. */
#define SEWA_OCR_LANGS "pan+hin+eng"
/* Fewer letters and digits than this on all pages, or a mean word confidence under
 * SEWA_OCR_MIN_CONFIDENCE: the document is unreadable (scan it again). */
#define SEWA_OCR_MIN_CHARS 20
#define SEWA_OCR_MIN_CONFIDENCE 35.0
/* The longest one recognition of a page may take. The deadline is wall-clock time, so it is
 * set far above a normal read (about 1 s on a kiosk, 3-5 s under the sanitizers on a busy
 * machine, where a 4 s deadline cut readable pages short and they were judged unreadable): it
 * only stops a page of noise from holding the one worker for minutes. Submit waits no longer
 * than this for each read of each page still to be read (ui/sewa-window-submit.c). */
#define SEWA_OCR_DEADLINE_MS 20000
/* The most recognitions of one page: read, and read again turned 180 degrees when it reads
 * poorly. */
#define SEWA_OCR_READS_PER_PAGE 2

/* What to check one document against. */
typedef struct
{
  char *doc_id;          /* the catalog document slot */
  char *expected_type;   /* the type code the citizen said they brought */
  GPtrArray *pages;      /* of GBytes: the processed page JPEGs (sewa-page.h) */
  char *name;            /* the applicant's name as on the form, or NULL */
  char *number;          /* a number or date the document should carry, or NULL */
} SewaOcrRequest;

SewaOcrRequest *sewa_ocr_request_new (const char *doc_id, const char *expected_type, GPtrArray *pages,
                                      const char *name, const char *number);
void            sewa_ocr_request_free (SewaOcrRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaOcrRequest, sewa_ocr_request_free)

typedef struct _SewaOcrEngine SewaOcrEngine;

/* Puts OMP_THREAD_LIMIT=1 in the environment unless it is set. The kiosk calls it in main(),
 * before any thread exists; the engine and the worker call it too, for the tools. */
void           sewa_ocr_limit_threads (void);

/* Sets OMP_THREAD_LIMIT=1 (unless already set) and loads the language data: a second or two.
 * Call before other threads that may read the environment exist, or from the one thread that
 * will use the engine. */
SewaOcrEngine *sewa_ocr_engine_new (GError **error);
void           sewa_ocr_engine_free (SewaOcrEngine *engine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaOcrEngine, sewa_ocr_engine_free)

/* The longest one recognition of a page may take (SEWA_OCR_DEADLINE_MS in the kiosk, which
 * keeps a page of noise from holding the one worker); 0 = no deadline. The deadline belongs to
 * the kiosk's UI, not to an accuracy measure: bench/prescrutiny turns it off to measure
 * accuracy and counts the pages it would have stopped. */
void           sewa_ocr_engine_set_deadline (SewaOcrEngine *engine, int deadline_ms);
/* How many recognitions the deadline stopped since the engine was made; with no deadline, how
 * many ran as long as SEWA_OCR_DEADLINE_MS (the kiosk would have stopped them). */
guint          sewa_ocr_engine_get_deadline_hits (SewaOcrEngine *engine);

/* "tesseract 5.3.0; pan, hin, eng" (static to the engine). */
const char    *sewa_ocr_engine_describe (SewaOcrEngine *engine);

/* Reads one page JPEG with page segmentation mode @psm: its text (UTF-8, newly allocated) and
 * tesseract's mean word confidence 0..100. */
gboolean       sewa_ocr_engine_read (SewaOcrEngine *engine, GBytes *jpeg, int psm, GCancellable *cancellable,
                                     char **text, double *confidence, GError **error);

/* Reads every page of a document (@pages of GBytes) with @psm: the texts joined, and the mean
 * of the pages' confidences. A page that does not decode counts as an empty read; only
 * cancellation is an error. */
gboolean       sewa_ocr_engine_read_pages (SewaOcrEngine *engine, GPtrArray *pages, int psm,
                                           GCancellable *cancellable, char **text, double *confidence,
                                           GError **error);

/* The whole check of one document, on the calling thread. Never NULL: an unreadable page
 * gives an UNREADABLE check; only cancellation is an error. */
SewaDocCheck  *sewa_ocr_engine_check (SewaOcrEngine *engine, const SewaOcrRequest *request,
                                      GCancellable *cancellable, GError **error);

/* Judges OCR text already read (no engine needed): type, name, number, outcome. @text may be
 * NULL for a document with nothing to read. Fills @check's outcome, flags and scores. */
void           sewa_ocr_judge (SewaDocCheck *check, const SewaOcrRequest *request, const char *text,
                               double confidence);

typedef struct _SewaOcrWorker SewaOcrWorker;

/* Called on the queueing thread's context. @check is owned by the callee; @cancelled is TRUE
 * when the request was cancelled before or while it ran (check->outcome is then PENDING). */
typedef void (*SewaOcrCheckFunc) (SewaDocCheck *check, gboolean cancelled, gpointer user_data);

/* Starts the worker thread; the engine is created there on the first request. Sets
 * OMP_THREAD_LIMIT=1 here, on the caller's thread, before the worker exists. */
SewaOcrWorker *sewa_ocr_worker_new (void);
/* Cancels what is queued or running, waits for the worker to stop and frees it. Callbacks of
 * requests still queued are not called (their destroy notifies are). */
void           sewa_ocr_worker_free (SewaOcrWorker *worker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaOcrWorker, sewa_ocr_worker_free)

/* Queues @request (taken). @func runs once on the thread-default main context of the caller. */
void           sewa_ocr_worker_queue (SewaOcrWorker *worker, SewaOcrRequest *request, GCancellable *cancellable,
                                      SewaOcrCheckFunc func, gpointer user_data, GDestroyNotify destroy);
/* Requests queued or running. */
guint          sewa_ocr_worker_pending (SewaOcrWorker *worker);

G_END_DECLS
