/* The catalog parser: the seed catalog, and the strict per-service rules on broken ones. */
#include "sewa-catalog.h"
#include "sewa-doc-type.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define T3 "{\"pa\":\"ਪ\",\"hi\":\"ह\",\"en\":\"E\"}"

/* Two services; every malformed case below edits only the second ("b"). */
static const char base_catalog[] =
  "{\"schema\":1,\"version\":\"t1\",\"departments\":[{\"id\":\"d\",\"name\":" T3 "}],"
  "\"services\":["
  "{\"id\":\"a\",\"department\":\"d\",\"name\":" T3 ",\"description\":" T3 ","
  "\"fee\":{\"amount_paise\":0,\"payment\":\"none\"},\"time_limit_days\":7,"
  "\"form\":{\"sections\":[{\"id\":\"s\",\"title\":" T3 ",\"fields\":["
  "{\"id\":\"x\",\"type\":\"text\",\"label\":" T3 "}]}]}},"
  "{\"id\":\"b\",\"department\":\"d\",\"name\":" T3 ",\"description\":" T3 ","
  "\"fee\":{\"amount_paise\":7500,\"payment\":\"upi\"},\"time_limit_days\":15,"
  "\"documents\":[{\"id\":\"p\",\"label\":" T3 ",\"any_of\":[\"ADHAR\",\"VOTID\"],\"required\":true}],"
  "\"eligibility\":{\"rules\":[{\"field\":\"n\",\"max\":60000,\"message\":" T3 "}]},"
  "\"form\":{\"sections\":[{\"id\":\"s\",\"title\":" T3 ",\"fields\":["
  "{\"id\":\"k\",\"type\":\"select\",\"label\":" T3 ",\"options\":[{\"value\":\"o\",\"label\":" T3 "}]},"
  "{\"id\":\"n\",\"type\":\"number\",\"label\":" T3 ",\"min\":0,\"max\":10,\"show_if\":{\"field\":\"k\",\"equals\":\"o\"}},"
  "{\"id\":\"m\",\"type\":\"mobile\",\"label\":" T3 ",\"required\":true,\"prefill\":\"mobile\"}"
  "]}]}}]}";

static SewaCatalog *
load_string (const char *text, GError **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  return sewa_catalog_new_from_bytes (bytes, error);
}

static void
test_base (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaCatalog) c = load_string (base_catalog, &error);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, base_catalog, -1);
  SewaService *b;

  g_assert_no_error (error);
  g_assert_cmpuint (sewa_catalog_get_problems (c)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sewa_catalog_get_services (c)), ==, 2);
  g_assert_cmpstr (sewa_catalog_get_hash (c), ==, sha);
  g_assert_cmpstr (sewa_catalog_get_version (c), ==, "t1");
  b = sewa_catalog_lookup_service (c, "b");
  g_assert_nonnull (b);
  g_assert_cmpint (sewa_service_get_fee_paise (b), ==, 7500);
  g_assert_cmpint (sewa_service_get_payment (b), ==, SEWA_PAYMENT_UPI);
  g_assert_cmpint (sewa_service_get_time_limit_days (b), ==, 15);
  g_assert_cmpuint (sewa_service_get_documents (b)->len, ==, 1);
  g_assert_cmpstr (((SewaDocumentRequirement *) g_ptr_array_index (sewa_service_get_documents (b), 0))->any_of[1], ==, "VOTID");
  g_assert_cmpuint (strlen (sewa_service_get_content_hash (b)), ==, 64);
  g_assert_cmpstr (sewa_service_get_content_hash (b), !=, sewa_service_get_content_hash (sewa_catalog_lookup_service (c, "a")));
  g_assert_cmpstr (sewa_service_get_version (b), ==, "1");
  g_assert_cmpuint (sewa_department_get_n_services (sewa_catalog_lookup_department (c, "d")), ==, 2);
  g_assert_finalize_object (g_steal_pointer (&c));
}

/* eligibility.requires_verified_mobile: read as a boolean (the identify step says so before
 * the form); anything else is a broken service. */
static void
test_requires_verified_mobile (void)
{
  g_autoptr (GString) yes = g_string_new (base_catalog);
  g_autoptr (GString) bad = g_string_new (base_catalog);
  g_autoptr (SewaCatalog) c0 = load_string (base_catalog, NULL);
  g_autoptr (SewaCatalog) c1 = NULL;
  g_autoptr (SewaCatalog) c2 = NULL;

  g_string_replace (yes, "\"eligibility\":{", "\"eligibility\":{\"requires_verified_mobile\":true,", 1);
  g_string_replace (bad, "\"eligibility\":{", "\"eligibility\":{\"requires_verified_mobile\":\"yes\",", 1);
  c1 = load_string (yes->str, NULL);
  c2 = load_string (bad->str, NULL);
  g_assert_false (sewa_service_get_eligibility (sewa_catalog_lookup_service (c0, "b"))->requires_verified_mobile);
  g_assert_true (sewa_service_get_eligibility (sewa_catalog_lookup_service (c1, "b"))->requires_verified_mobile);
  g_assert_nonnull (c2);
  g_assert_null (sewa_catalog_lookup_service (c2, "b"));
  g_assert_cmpuint (sewa_catalog_get_problems (c2)->len, ==, 1);
}

/* Whitespace is not content: the per-service hash survives re-indenting the file. */
static void
test_content_hash_stable (void)
{
  g_autoptr (SewaCatalog) c1 = load_string (base_catalog, NULL);
  g_autoptr (GString) spaced = g_string_new (base_catalog);
  g_autoptr (SewaCatalog) c2 = NULL;

  g_string_replace (spaced, ",\"", ",\n  \"", 0);
  c2 = load_string (spaced->str, NULL);
  g_assert_nonnull (c2);
  g_assert_cmpstr (sewa_catalog_get_hash (c1), !=, sewa_catalog_get_hash (c2));
  g_assert_cmpstr (sewa_service_get_content_hash (sewa_catalog_lookup_service (c1, "b")), ==,
                   sewa_service_get_content_hash (sewa_catalog_lookup_service (c2, "b")));
}

typedef struct
{
  const char *from;
  const char *to;
  const char *reason_part;
} Breakage;

static const Breakage breakages[] = {
  { "\"type\":\"number\"", "\"type\":\"slider\"", "unknown field type" },
  { "\"prefill\":\"mobile\"", "\"prefill\":\"mobile\",\"colour\":\"red\"", "unknown key \"colour\"" },
  { "\"prefill\":\"mobile\"", "\"prefill\":\"pan\"", "unknown prefill key" },
  { "\"min\":0,\"max\":10,", "\"min\":0,\"max\":10,\"not_future\":true,", "does not apply" },
  { "\"equals\":\"o\"", "\"equals\":\"o\",\"in\":[\"o\"]", "exactly one" },
  { "{\"field\":\"k\",\"equals\"", "{\"field\":\"zz\",\"equals\"", "not an earlier field" },
  { "\"payment\":\"upi\"", "\"payment\":\"cheque\"", "unknown payment" },
  { "\"amount_paise\":7500,\"payment\":\"upi\"", "\"amount_paise\":7500,\"payment\":\"none\"", "payment \"none\"" },
  { "\"time_limit_days\":15", "\"time_limit_days\":\"15\"", "must be an integer" },
  { "\"department\":\"d\",\"name\":" T3 ",\"description\":" T3 ",\"fee\":{\"amount_paise\":7500",
    "\"department\":\"x\",\"name\":" T3 ",\"description\":" T3 ",\"fee\":{\"amount_paise\":7500", "unknown department" },
  { "\"any_of\":[\"ADHAR\",\"VOTID\"]", "\"any_of\":[]", "any_of" },
  { "\"any_of\":[\"ADHAR\",\"VOTID\"]", "\"any_of\":[\"aadhaar\"]", "document type code" },
  { "{\"field\":\"n\",\"max\":60000", "{\"field\":\"q\",\"max\":60000", "not in the form" },
  { "{\"field\":\"n\",\"max\":60000", "{\"field\":\"n\",\"min_age\":5,\"max\":60000", "exactly one kind" },
  { "\"options\":[{\"value\":\"o\",\"label\":" T3 "}]", "\"options\":[]", "options" },
  { "{\"id\":\"m\",\"type\":\"mobile\"", "{\"id\":\"k\",\"type\":\"mobile\"", "duplicate field id" },
  { "\"id\":\"b\",", "\"id\":\"b\",\"colour\":1,", "unknown key \"colour\"" },
  { "\"label\":" T3 ",\"required\":true,\"prefill\"", "\"label\":{\"pa\":\"ਪ\",\"en\":\"E\"},\"required\":true,\"prefill\"", "\"hi\"" },
  { "\"label\":" T3 ",\"required\":true,\"prefill\"", "\"label\":{\"pa\":\"\",\"hi\":\"ह\",\"en\":\"E\"},\"required\":true,\"prefill\"", "empty" },
  { "\"required\":true,\"prefill\"", "\"required\":\"yes\",\"prefill\"", "true or false" },
  { "\"min\":0,\"max\":10", "\"min\":10,\"max\":0", "min above max" },
};

static void
test_malformed_service_hidden (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (breakages); i++)
    {
      g_autoptr (GString) text = g_string_new (base_catalog);
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaCatalog) c = NULL;
      const SewaCatalogProblem *problem;

      g_test_message ("case %u: %s", i, breakages[i].reason_part);
      g_assert_cmpuint (g_string_replace (text, breakages[i].from, breakages[i].to, 1), ==, 1);
      c = load_string (text->str, &error);
      g_assert_no_error (error);
      /* The other service still works; the broken one is hidden, with its reason. */
      g_assert_nonnull (sewa_catalog_lookup_service (c, "a"));
      g_assert_null (sewa_catalog_lookup_service (c, "b"));
      g_assert_cmpuint (g_list_model_get_n_items (sewa_catalog_get_services (c)), ==, 1);
      g_assert_cmpuint (sewa_catalog_get_problems (c)->len, ==, 1);
      problem = g_ptr_array_index (sewa_catalog_get_problems (c), 0);
      g_assert_cmpstr (problem->service_id, ==, "b");
      g_assert_nonnull (strstr (problem->reason, breakages[i].reason_part));
    }
}

static void
test_whole_catalog_errors (void)
{
  const struct
  {
    const char *text;
    int code;
  } cases[] = {
    { "", SEWA_CATALOG_ERROR_NOT_JSON },
    { "{\"schema\":1,", SEWA_CATALOG_ERROR_NOT_JSON },
    { "[1,2]", SEWA_CATALOG_ERROR_SCHEMA },
    { "{\"schema\":2,\"version\":\"v\",\"departments\":[],\"services\":[]}", SEWA_CATALOG_ERROR_SCHEMA },
    { "{\"schema\":1,\"version\":\"v\",\"services\":[]}", SEWA_CATALOG_ERROR_SCHEMA },
    { "{\"schema\":1,\"version\":\"v\",\"departments\":[],\"services\":{}}", SEWA_CATALOG_ERROR_SCHEMA },
    { "{\"schema\":1,\"version\":\"v\",\"departments\":[],\"document_types\":{},\"services\":[]}", SEWA_CATALOG_ERROR_SCHEMA },
  };
  g_autoptr (GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaCatalog) c = load_string (cases[i].text, &error);

      g_assert_null (c);
      g_assert_error (error, SEWA_CATALOG_ERROR, cases[i].code);
    }
  /* Deep nesting is refused before json-glib's recursive parser could exhaust the stack. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaCatalog) c = load_string (deep->str, &error);
    g_assert_null (c);
    g_assert_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_NOT_JSON);
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaCatalog) c = sewa_catalog_new_from_file ("/nonexistent/catalog.json", &error);
    g_assert_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_IO);
  }
  /* Above SEWA_CATALOG_MAX_BYTES: refused with its own code, in memory and (before it is read)
   * as a file; the file is sparse, so the test costs no disk. */
  {
    g_autoptr (GError) error = NULL;
    gsize len = SEWA_CATALOG_MAX_BYTES + 1;
    g_autofree char *text = g_malloc (len);
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (SewaCatalog) c = NULL;

    memset (text, ' ', len);
    text[0] = '{';
    text[len - 1] = '}';
    bytes = g_bytes_new_take (g_steal_pointer (&text), len);
    c = sewa_catalog_new_from_bytes (bytes, &error);
    g_assert_null (c);
    g_assert_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_TOO_LARGE);
    g_assert_nonnull (strstr (error->message, "16 MB"));
  }
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("sewa-catalog-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "huge.json", NULL);
    g_autoptr (SewaCatalog) c = NULL;
    FILE *f = fopen (path, "w");

    g_assert_nonnull (f);
    g_assert_cmpint (ftruncate (fileno (f), (off_t) 58 * 1024 * 1024), ==, 0);
    fclose (f);
    c = sewa_catalog_new_from_file (path, &error);
    g_assert_null (c);
    g_assert_error (error, SEWA_CATALOG_ERROR, SEWA_CATALOG_ERROR_TOO_LARGE);
    g_unlink (path);
    g_rmdir (dir);
  }
}

static SewaCatalog *
load_with_types (const char *types, GError **error)
{
  g_autoptr (GString) text = g_string_new (base_catalog);
  g_autofree char *member = g_strdup_printf ("\"document_types\":[%s],\"services\":[", types);

  g_assert_cmpuint (g_string_replace (text, "\"services\":[", member, 1), ==, 1);
  return load_string (text->str, error);
}

/* Document types say which physical sizes they come in; the requirement carries them per
 * accepted type, for the capture to pass to the page pipeline. */
static void
test_document_sizes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaCatalog) c = load_with_types (
      "{\"code\":\"ADHAR\",\"sizes\":[\"id1\",\"a4\"]},{\"code\":\"VOTID\",\"sizes\":[\"id1\"]}", &error);
  g_autoptr (SewaCatalog) old = load_string (base_catalog, NULL);
  const SewaDocumentRequirement *req;

  g_assert_no_error (error);
  g_assert_cmpuint (sewa_catalog_get_problems (c)->len, ==, 0);
  req = g_ptr_array_index (sewa_service_get_documents (sewa_catalog_lookup_service (c, "b")), 0);
  g_assert_cmpuint (sewa_document_requirement_get_sizes (req, "ADHAR"), ==,
                    SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_ID1) | SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_A4));
  g_assert_cmpuint (sewa_document_requirement_get_sizes (req, "VOTID"), ==, SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_ID1));
  g_assert_cmpuint (sewa_document_requirement_get_sizes (req, "PANCR"), ==, 0);
  /* A catalog from before "document_types" accepts any size rather than refusing pages. */
  req = g_ptr_array_index (sewa_service_get_documents (sewa_catalog_lookup_service (old, "b")), 0);
  g_assert_cmpuint (sewa_document_requirement_get_sizes (req, "VOTID"), ==, SEWA_PAGE_SIZES_ANY);
  g_assert_finalize_object (g_steal_pointer (&c));
}

/* A bad "document_types" entry is a problem with a reason that names the type and the bad
 * size; every service naming that type is hidden rather than accepting any size. */
static void
test_document_sizes_invalid (void)
{
  const struct
  {
    const char *types;
    const char *problem_id;
    const char *reason_part;
  } cases[] = {
    { "{\"code\":\"ADHAR\",\"sizes\":[\"a3\"]},{\"code\":\"VOTID\",\"sizes\":[\"id1\"]}", "ADHAR", "unknown size \"a3\"" },
    { "{\"code\":\"ADHAR\",\"sizes\":[\"id1\",7]},{\"code\":\"VOTID\",\"sizes\":[\"id1\"]}", "ADHAR", "sizes[1] is not a string" },
    { "{\"code\":\"ADHAR\",\"sizes\":[]},{\"code\":\"VOTID\",\"sizes\":[\"id1\"]}", "ADHAR", "\"sizes\" must be 1–5" },
    { "{\"code\":\"ADHAR\"},{\"code\":\"VOTID\",\"sizes\":[\"id1\"]}", "ADHAR", "\"sizes\" must be" },
    { "{\"code\":\"ADHAR\",\"sizes\":[\"id1\"],\"colour\":1},{\"code\":\"VOTID\",\"sizes\":[\"id1\"]}", "document_types[0]", "unknown key" },
    { "{\"code\":\"aadhaar\",\"sizes\":[\"id1\"]},{\"code\":\"VOTID\",\"sizes\":[\"id1\"]}", "document_types[0]", "not a document type code" },
    /* Not described at all while the catalog describes types: its sizes are unknown. */
    { "{\"code\":\"VOTID\",\"sizes\":[\"id1\"]}", NULL, "document type ADHAR is not in \"document_types\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaCatalog) c = load_with_types (cases[i].types, &error);
      GPtrArray *problems;
      const SewaCatalogProblem *first, *last;

      g_test_message ("case %u: %s", i, cases[i].reason_part);
      g_assert_no_error (error);
      problems = sewa_catalog_get_problems (c);
      g_assert_nonnull (sewa_catalog_lookup_service (c, "a"));
      g_assert_null (sewa_catalog_lookup_service (c, "b"));
      first = g_ptr_array_index (problems, 0);
      last = g_ptr_array_index (problems, problems->len - 1);
      if (cases[i].problem_id != NULL)
        {
          g_assert_cmpuint (problems->len, ==, 2);
          g_assert_cmpstr (first->service_id, ==, cases[i].problem_id);
          g_assert_nonnull (strstr (first->reason, cases[i].reason_part));
        }
      else
        {
          g_assert_cmpuint (problems->len, ==, 1);
          g_assert_nonnull (strstr (last->reason, cases[i].reason_part));
        }
      /* The service is hidden for naming the type, with the requirement that names it. */
      g_assert_cmpstr (last->service_id, ==, "b");
      g_assert_nonnull (strstr (last->reason, "documents[0]"));
      g_assert_nonnull (strstr (last->reason, "ADHAR"));
    }
}

/* Every document type the seed catalog accepts has a name in each language, in its script:
 * the kiosk asks "which document did you bring?" with these names (sewa-doc-type). */
static void
check_doc_type_names (SewaCatalog *c)
{
  GListModel *services = sewa_catalog_get_services (c);

  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr (SewaService) svc = g_list_model_get_item (services, i);
      GPtrArray *reqs = sewa_service_get_documents (svc);

      for (guint r = 0; reqs != NULL && r < reqs->len; r++)
        {
          const SewaDocumentRequirement *req = g_ptr_array_index (reqs, r);

          for (guint t = 0; req->any_of[t] != NULL; t++)
            {
              const char *pa = sewa_doc_type_name (req->any_of[t], SEWA_LANG_PA);
              const char *hi = sewa_doc_type_name (req->any_of[t], SEWA_LANG_HI);

              if (pa == NULL || hi == NULL || sewa_doc_type_name (req->any_of[t], SEWA_LANG_EN) == NULL)
                g_error ("document type %s has no name", req->any_of[t]);
              g_assert_cmpuint (g_utf8_get_char (pa) >> 7, ==, 0x0A00 >> 7);
              g_assert_cmpuint (g_utf8_get_char (hi) >> 7, ==, 0x0900 >> 7);
            }
        }
    }
  g_assert_null (sewa_doc_type_name ("NOSUCH", SEWA_LANG_PA));
}

static void
test_seed_catalog (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog", "catalog.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaCatalog) c = sewa_catalog_new_from_file (path, &error);
  g_autofree char *data = NULL;
  g_autofree char *sha = NULL;
  gsize len = 0;
  GListModel *services, *depts;
  guint n_with_services = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (sewa_catalog_get_problems (c)->len, ==, 0);
  check_doc_type_names (c);
  services = sewa_catalog_get_services (c);
  depts = sewa_catalog_get_departments (c);
  g_assert_cmpuint (g_list_model_get_n_items (services), >=, 25);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  g_assert_cmpstr (sewa_catalog_get_hash (c), ==, sha);

  for (guint i = 0; i < g_list_model_get_n_items (depts); i++)
    {
      g_autoptr (SewaDepartment) d = g_list_model_get_item (depts, i);
      g_autoptr (GListModel) in_dept = sewa_catalog_list_services (c, sewa_department_get_id (d));

      g_assert_cmpuint (g_list_model_get_n_items (in_dept), ==, sewa_department_get_n_services (d));
      if (g_list_model_get_n_items (in_dept) > 0)
        n_with_services++;
    }
  g_assert_cmpuint (n_with_services, >=, 8);

  /* Every text is in the right script, and every service has a complete form. */
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr (SewaService) s = g_list_model_get_item (services, i);
      const SewaForm *form = sewa_service_get_form (s);

      g_assert_cmpuint (g_utf8_get_char (sewa_service_get_name (s)->pa) >> 7, ==, 0x0A00 >> 7);
      g_assert_cmpuint (g_utf8_get_char (sewa_service_get_name (s)->hi) >> 7, ==, 0x0900 >> 7);
      g_assert_cmpuint (form->sections->len, >=, 3);
      g_assert_nonnull (sewa_form_lookup_field (form, "consent_true"));
      g_assert_true (sewa_service_get_sample_data (s));
    }
  g_assert_cmpint (sewa_service_get_time_limit_days (sewa_catalog_lookup_service (c, "fard-copy")), ==, 1);
  /* The document check compares an Aadhaar card given as proof with the form's Aadhaar (last
   * four digits), and a birth certificate with the applicant's date of birth. */
  {
    GPtrArray *reqs = sewa_service_get_documents (sewa_catalog_lookup_service (c, "residence-certificate"));
    guint numbered = 0;

    for (guint r = 0; r < reqs->len; r++)
      {
        const SewaDocumentRequirement *req = g_ptr_array_index (reqs, r);

        if (g_str_equal (req->id, "address_proof"))
          {
            g_assert_cmpstr (sewa_document_requirement_get_number_field (req, "ADHAR"), ==, "aadhaar");
            g_assert_null (sewa_document_requirement_get_number_field (req, "ELBIL"));
            numbered++;
          }
        if (g_str_equal (req->id, "birth_proof"))
          {
            g_assert_cmpstr (sewa_document_requirement_get_number_field (req, "BIRCR"), ==, "applicant_dob");
            numbered++;
          }
      }
    g_assert_cmpuint (numbered, ==, 2);
  }
  g_assert_cmpint (sewa_service_get_fee_paise (sewa_catalog_lookup_service (c, "income-certificate")), ==, 7500);
  g_assert_cmpint (sewa_service_get_fee_paise (sewa_catalog_lookup_service (c, "arms-licence-new")), ==, 500000);
  /* Cards are ID-1, certificates A4 or A5, photographs photo-sized. */
  {
    const guint id1 = SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_ID1);
    const guint paper = SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_A4) | SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_A5);
    const guint photo = SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_PHOTO);
    guint seen = 0;

    for (guint i = 0; i < g_list_model_get_n_items (services); i++)
      {
        g_autoptr (SewaService) s = g_list_model_get_item (services, i);
        GPtrArray *reqs = sewa_service_get_documents (s);

        for (guint r = 0; r < reqs->len; r++)
          {
            const SewaDocumentRequirement *req = g_ptr_array_index (reqs, r);
            guint pan = sewa_document_requirement_get_sizes (req, "PANCR");
            guint income = sewa_document_requirement_get_sizes (req, "INCER");
            guint pic = sewa_document_requirement_get_sizes (req, "PHOTO");

            g_assert_true (pan == 0 || pan == id1);
            g_assert_true (income == 0 || income == paper);
            g_assert_true (pic == 0 || pic == photo);
            seen |= (pan != 0 ? 1 : 0) | (income != 0 ? 2 : 0) | (pic != 0 ? 4 : 0);
          }
      }
    g_assert_cmpuint (seen, ==, 7);
  }
  g_assert_finalize_object (g_steal_pointer (&c));
}

static SewaCatalog *
load_with_number_fields (const char *number_fields, GError **error)
{
  g_autoptr (GString) text = g_string_new (base_catalog);
  g_autofree char *member = g_strdup_printf ("\"required\":true,\"number_fields\":%s}]", number_fields);

  g_assert_cmpuint (g_string_replace (text, "\"required\":true}]", member, 1), ==, 1);
  return load_string (text->str, error);
}

/* "number_fields" names, per accepted type, the form field whose value a page of that type
 * carries (the Aadhaar number's last four, a date of birth): the document check compares them.
 * Anything else there hides the service with a reason naming the key, never a value. */
static void
test_number_fields (void)
{
  const struct
  {
    const char *json;
    const char *reason_part;
  } bad[] = {
    { "{\"PANCR\":\"n\"}", "number_fields names PANCR, which is not one of its \"any_of\"" },
    { "{\"bad code\":\"n\"}", "number_fields names a code" },
    { "{\"ADHAR\":\"nope\"}", "number_fields.ADHAR is not a field of the form" },
    { "{\"ADHAR\":7}", "number_fields.ADHAR is not a field of the form" },
    { "{\"ADHAR\":\"m\"}", "number_fields.ADHAR is a mobile field" },
    { "{\"ADHAR\":\"k\"}", "number_fields.ADHAR is a select field" },
    { "{}", "\"number_fields\" must be an object of 1–2" },
    { "[\"n\"]", "\"number_fields\" must be an object" },
    { "\"n\"", "\"number_fields\" must be an object" },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaCatalog) c = load_with_number_fields ("{\"ADHAR\":\"n\"}", &error);
  g_autoptr (SewaCatalog) none = load_string (base_catalog, NULL);
  const SewaDocumentRequirement *req;

  g_assert_no_error (error);
  g_assert_cmpuint (sewa_catalog_get_problems (c)->len, ==, 0);
  req = g_ptr_array_index (sewa_service_get_documents (sewa_catalog_lookup_service (c, "b")), 0);
  g_assert_cmpstr (sewa_document_requirement_get_number_field (req, "ADHAR"), ==, "n");
  g_assert_null (sewa_document_requirement_get_number_field (req, "VOTID"));
  g_assert_null (sewa_document_requirement_get_number_field (req, "PANCR"));
  g_assert_null (sewa_document_requirement_get_number_field (req, NULL));
  req = g_ptr_array_index (sewa_service_get_documents (sewa_catalog_lookup_service (none, "b")), 0);
  g_assert_null (sewa_document_requirement_get_number_field (req, "ADHAR"));
  g_assert_finalize_object (g_steal_pointer (&c));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (SewaCatalog) hidden = load_with_number_fields (bad[i].json, &error);
      const SewaCatalogProblem *problem;

      g_test_message ("case %u: %s", i, bad[i].json);
      g_assert_no_error (error);
      g_assert_nonnull (sewa_catalog_lookup_service (hidden, "a"));
      g_assert_null (sewa_catalog_lookup_service (hidden, "b"));
      g_assert_cmpuint (sewa_catalog_get_problems (hidden)->len, ==, 1);
      problem = g_ptr_array_index (sewa_catalog_get_problems (hidden), 0);
      g_assert_cmpstr (problem->service_id, ==, "b");
      if (strstr (problem->reason, bad[i].reason_part) == NULL)
        g_error ("case %u: reason \"%s\" lacks \"%s\"", i, problem->reason, bad[i].reason_part);
      g_assert_nonnull (strstr (problem->reason, "documents[0]"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalog/base", test_base);
  g_test_add_func ("/catalog/content-hash-stable", test_content_hash_stable);
  g_test_add_func ("/catalog/requires-verified-mobile", test_requires_verified_mobile);
  g_test_add_func ("/catalog/malformed-service-hidden", test_malformed_service_hidden);
  g_test_add_func ("/catalog/whole-catalog-errors", test_whole_catalog_errors);
  g_test_add_func ("/catalog/document-sizes", test_document_sizes);
  g_test_add_func ("/catalog/document-sizes-invalid", test_document_sizes_invalid);
  g_test_add_func ("/catalog/seed", test_seed_catalog);
  g_test_add_func ("/catalog/number-fields", test_number_fields);
  return g_test_run ();
}
