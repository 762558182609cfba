/* test-ocr.c — the document checks on generated pages read by the real tesseract: pages of
 * known text in pa, hi and en, photographed and processed by the page pipeline. */
#include "sewa-ocr.h"
#include "sewa-doc-classify.h"
#include "sewa-name-match.h"
#include "sewa-test-docs.h"

static SewaOcrEngine *engine;

static SewaDocCheck *
check_page (const char *code, SewaLang lang, guint person, const char *expected, const char *form_name,
            guint32 seed, double blur)
{
  guint n;
  const SewaTestPerson *people = sewa_test_docs_people (&n);
  g_autoptr (GBytes) page = sewa_test_docs_page (code, lang, &people[person % n], NULL, seed, blur);
  g_autoptr (GPtrArray) pages = g_ptr_array_new ();
  g_autoptr (SewaOcrRequest) req = NULL;
  g_autoptr (GError) error = NULL;
  SewaDocCheck *check;

  g_assert_nonnull (page);
  g_ptr_array_add (pages, page);
  req = sewa_ocr_request_new ("doc", expected, pages, form_name, NULL);
  check = sewa_ocr_engine_check (engine, req, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  g_test_message ("%s/%d as %s: %s classified %s (%.2f) name %.2f conf %.0f %" G_GINT64_FORMAT " ms", code, lang,
                  expected, sewa_doc_check_outcome_to_string (check->outcome), check->classified_type,
                  check->type_score, check->name_score, check->ocr_confidence, check->ocr_ms);
  return check;
}

static void
test_engine (void)
{
  const char *d = sewa_ocr_engine_describe (engine);

  g_assert_true (g_str_has_prefix (d, "tesseract 5"));
  g_assert_nonnull (strstr (d, "pan"));
  g_assert_nonnull (strstr (d, "hin"));
  g_assert_nonnull (strstr (d, "eng"));
  g_assert_cmpstr (g_getenv ("OMP_THREAD_LIMIT"), ==, "1");
}

/* The type codes of the seed catalog's document_types. */
static GPtrArray *
catalog_types (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog", "catalog.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  JsonArray *types;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  types = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "document_types");
  for (guint i = 0; i < json_array_get_length (types); i++)
    g_ptr_array_add (codes, g_strdup (json_object_get_string_member (json_array_get_object_element (types, i), "code")));
  return codes;
}

/* Every type of the seed catalog, each in one of the three languages in turn, is classified
 * as itself with its holder's name found (the form's name in Latin letters). A handful in the
 * normal run (-m slow: all of them); the whole set, many times over, is bench/prescrutiny's. */
static void
test_every_type (void)
{
  g_autoptr (GPtrArray) codes = catalog_types ();
  guint stride = g_test_slow () ? 1 : 7;
  guint tested = 0;
  guint n;
  const SewaTestPerson *people = sewa_test_docs_people (&n);

  g_assert_cmpuint (codes->len, >=, 30);
  for (guint i = 0; i < codes->len; i += stride)
    {
      const char *code = g_ptr_array_index (codes, i);
      SewaLang lang = (SewaLang) (i % SEWA_N_LANGS);
      SewaDocTypeTraits traits;
      g_autoptr (SewaDocCheck) check = NULL;

      sewa_doc_classify_traits (code, &traits);
      check = check_page (code, lang, i, code, people[i % n].en, 1000 + i, 0);
      if (!traits.has_text)
        {
          g_assert_cmpint (check->outcome, ==, SEWA_DOC_CHECK_SKIPPED);
          continue;
        }
      g_assert_cmpstr (check->classified_type, ==, code);
      g_assert_true (check->name_checked);
      g_assert_cmpfloat (check->name_score, >=, SEWA_NAME_MATCH_THRESHOLD);
      g_assert_cmpint (check->outcome, ==, SEWA_DOC_CHECK_PASSED);
      g_assert_nonnull (check->engine);
      tested++;
    }
  g_assert_cmpuint (tested, >=, 5);
}

static void
test_name_mismatch (void)
{
  /* Rajesh Kumar's income certificate, in Hindi, offered by Gurpreet Kaur. */
  g_autoptr (SewaDocCheck) check = check_page ("INCER", SEWA_LANG_HI, 2, "INCER", "Gurpreet Kaur", 7, 0);

  g_assert_cmpstr (check->classified_type, ==, "INCER");
  g_assert_true (check->name_checked);
  g_assert_cmpfloat (check->name_score, <, SEWA_NAME_MATCH_THRESHOLD);
  g_assert_cmpint (check->outcome, ==, SEWA_DOC_CHECK_FLAGGED);
  g_assert_cmpint (check->flags, ==, SEWA_DOC_FLAG_NAME_MISMATCH);
}

static void
test_wrong_type (void)
{
  /* "This looks like a ration card, not a birth certificate." */
  g_autoptr (SewaDocCheck) check = check_page ("RATCR", SEWA_LANG_PA, 0, "BIRCR", "Gurpreet Kaur", 11, 0);

  g_assert_cmpstr (check->classified_type, ==, "RATCR");
  g_assert_cmpint (check->outcome, ==, SEWA_DOC_CHECK_FLAGGED);
  g_assert_true (check->flags & SEWA_DOC_FLAG_WRONG_TYPE);
  g_assert_false (check->flags & SEWA_DOC_FLAG_NAME_MISMATCH);
}

static void
test_unreadable (void)
{
  g_autoptr (SewaDocCheck) check = check_page ("BIRCR", SEWA_LANG_EN, 0, "BIRCR", "Gurpreet Kaur", 5, 9.0);

  g_assert_cmpint (check->outcome, ==, SEWA_DOC_CHECK_UNREADABLE);
}

/* The document's text as the engine reads it, for judging against several forms. */
static char *
read_page (const char *code, SewaLang lang, const char *number, guint32 seed, double *confidence)
{
  guint n;
  const SewaTestPerson *people = sewa_test_docs_people (&n);
  g_autoptr (GBytes) page = sewa_test_docs_page (code, lang, &people[0], number, seed, 0);
  g_autoptr (GPtrArray) pages = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  SewaDocTypeTraits traits;
  char *text = NULL;

  g_assert_nonnull (page);
  g_ptr_array_add (pages, page);
  sewa_doc_classify_traits (code, &traits);
  g_assert_true (sewa_ocr_engine_read_pages (engine, pages, traits.psm, NULL, &text, confidence, &error));
  g_assert_no_error (error);
  return text;
}

static SewaDocCheck *
judge (const char *code, const char *text, double confidence, const char *number)
{
  guint n;
  const SewaTestPerson *people = sewa_test_docs_people (&n);
  g_autoptr (GPtrArray) pages = g_ptr_array_new ();
  g_autoptr (SewaOcrRequest) req = sewa_ocr_request_new ("doc", code, pages, people[0].en, number);
  SewaDocCheck *check = sewa_doc_check_new ("doc", code);

  sewa_ocr_judge (check, req, text, confidence);
  return check;
}

/* The number/date check (the catalog's "number_fields"), on photographed pages read by the
 * engine: an Aadhaar card against the form's Aadhaar as the kiosk keeps it (masked, last four
 * digits), and a birth certificate against the date of birth as the form stores it
 * (DD-MM-YYYY). The same number passes and says so; another one is flagged as a number
 * mismatch and nothing else; a form without one checks no number. */
static void
test_number (void)
{
  double conf = 0.0;
  g_autofree char *aadhaar = read_page ("ADHAR", SEWA_LANG_EN, "4821 7730 5169", 21, &conf);
  g_autofree char *birth = NULL;
  g_autoptr (SewaDocCheck) same = judge ("ADHAR", aadhaar, conf, "XXXXXXXX5169");
  g_autoptr (SewaDocCheck) other = judge ("ADHAR", aadhaar, conf, "XXXXXXXX5196");
  g_autoptr (SewaDocCheck) none = judge ("ADHAR", aadhaar, conf, NULL);
  g_autoptr (SewaDocCheck) dob = NULL;
  g_autoptr (SewaDocCheck) dob_other = NULL;

  g_assert_cmpint (same->outcome, ==, SEWA_DOC_CHECK_PASSED);
  g_assert_true (same->number_checked);
  g_assert_cmpint (other->outcome, ==, SEWA_DOC_CHECK_FLAGGED);
  g_assert_true (other->number_checked);
  g_assert_cmpint (other->flags, ==, SEWA_DOC_FLAG_NUMBER_MISMATCH);
  g_assert_cmpint (none->outcome, ==, SEWA_DOC_CHECK_PASSED);
  g_assert_false (none->number_checked);

  birth = read_page ("BIRCR", SEWA_LANG_PA, "12/03/1990", 22, &conf);
  dob = judge ("BIRCR", birth, conf, "12-03-1990");
  dob_other = judge ("BIRCR", birth, conf, "21-03-1990");
  g_assert_cmpint (dob->outcome, ==, SEWA_DOC_CHECK_PASSED);
  g_assert_true (dob->number_checked);
  g_assert_cmpint (dob_other->flags, ==, SEWA_DOC_FLAG_NUMBER_MISMATCH);
}

/* The per-page deadline is the engine's to set (the kiosk's 20 s; none for bench/prescrutiny's
 * accuracy run) and a read it stops is counted. */
static void
test_deadline (void)
{
  double conf = 0.0;
  guint before = sewa_ocr_engine_get_deadline_hits (engine);
  g_autofree char *text = NULL;

  sewa_ocr_engine_set_deadline (engine, 1);
  text = read_page ("INCER", SEWA_LANG_EN, NULL, 23, &conf);
  sewa_ocr_engine_set_deadline (engine, SEWA_OCR_DEADLINE_MS);
  g_assert_cmpuint (sewa_ocr_engine_get_deadline_hits (engine), >, before);
}

typedef struct
{
  GPtrArray *checks;
  GThread *delivered_on;
  guint cancelled;
  guint calls;
} Collected;

static void
collect (SewaDocCheck *check, gboolean cancelled, gpointer data)
{
  Collected *c = data;

  c->calls++;
  c->delivered_on = g_thread_self ();
  if (cancelled)
    {
      c->cancelled++;
      sewa_doc_check_free (check);
    }
  else
    g_ptr_array_add (c->checks, check);
}

/* One worker, results on the queueing thread's context, a cancelled request reported as such. */
static void
test_worker (void)
{
  g_autoptr (SewaOcrWorker) worker = sewa_ocr_worker_new ();
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  guint n;
  const SewaTestPerson *people = sewa_test_docs_people (&n);
  g_autoptr (GBytes) page = sewa_test_docs_page ("PANCR", SEWA_LANG_EN, &people[1], NULL, 3, 0);
  g_autoptr (GPtrArray) pages = g_ptr_array_new ();
  Collected c = { g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_doc_check_free), NULL, 0, 0 };

  g_ptr_array_add (pages, page);
  g_cancellable_cancel (cancel);
  sewa_ocr_worker_queue (worker, sewa_ocr_request_new ("a", "PANCR", pages, "Harjinder Singh Sandhu", NULL), NULL,
                         collect, &c, NULL);
  sewa_ocr_worker_queue (worker, sewa_ocr_request_new ("b", "PHOTO", pages, NULL, NULL), cancel, collect, &c, NULL);
  g_assert_cmpuint (sewa_ocr_worker_pending (worker), ==, 2);
  while (c.calls < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (sewa_ocr_worker_pending (worker), ==, 0);
  g_assert_true (c.delivered_on == g_thread_self ());
  g_assert_cmpuint (c.cancelled, ==, 1);
  g_assert_cmpuint (c.checks->len, ==, 1);
  g_assert_cmpstr (((SewaDocCheck *) c.checks->pdata[0])->doc_id, ==, "a");
  g_assert_cmpint (((SewaDocCheck *) c.checks->pdata[0])->outcome, ==, SEWA_DOC_CHECK_PASSED);
  g_ptr_array_unref (c.checks);
}

typedef struct
{
  guint completed;   /* callbacks that claimed a finished check */
  guint destroyed;
} FreeCounts;

static void
count_destroy (gpointer data)
{
  ((FreeCounts *) data)->destroyed++;
}

static void
must_be_cancelled (SewaDocCheck *check, gboolean cancelled, gpointer data)
{
  FreeCounts *c = data;

  if (!cancelled)
    c->completed++;
  sewa_doc_check_free (check);
}

/* The session's end frees the worker with checks queued: none reports a result, every
 * request's data is released (on this thread), and the worker thread is joined. */
static void
test_worker_free_pending (void)
{
  SewaOcrWorker *worker = sewa_ocr_worker_new ();
  guint n;
  const SewaTestPerson *people = sewa_test_docs_people (&n);
  g_autoptr (GBytes) page = sewa_test_docs_page ("BIRCR", SEWA_LANG_PA, &people[0], NULL, 4, 0);
  g_autoptr (GPtrArray) pages = g_ptr_array_new ();
  FreeCounts counts = { 0, 0 };

  g_ptr_array_add (pages, page);
  for (guint i = 0; i < 4; i++)
    sewa_ocr_worker_queue (worker, sewa_ocr_request_new ("d", "BIRCR", pages, "Gurpreet Kaur", NULL), NULL,
                           must_be_cancelled, &counts, count_destroy);
  sewa_ocr_worker_free (worker);
  /* A check that was running when the worker stopped is posted, cancelled, to this context;
   * the ones still queued were released by the free. */
  while (counts.destroyed < 4)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counts.completed, ==, 0);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  engine = sewa_ocr_engine_new (&error);
  g_assert_no_error (error);
  g_test_add_func ("/ocr/engine", test_engine);
  g_test_add_func ("/ocr/every-type", test_every_type);
  g_test_add_func ("/ocr/name-mismatch", test_name_mismatch);
  g_test_add_func ("/ocr/wrong-type", test_wrong_type);
  g_test_add_func ("/ocr/unreadable", test_unreadable);
  g_test_add_func ("/ocr/number", test_number);
  g_test_add_func ("/ocr/deadline", test_deadline);
  g_test_add_func ("/ocr/worker", test_worker);
  g_test_add_func ("/ocr/worker-free-pending", test_worker_free_pending);
  rc = g_test_run ();
  sewa_ocr_engine_free (engine);
  return rc;
}
