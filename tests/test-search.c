/* Search: transliteration folding, ranking, typo tolerance, short queries, and the
 * 848-service synthetic catalog. Queries are in all three scripts. */
#include "sewa-search.h"
#include "sewa-translit.h"

#include <string.h>

static SewaCatalog *
load (const char *path)
{
  g_autoptr (GError) error = NULL;
  SewaCatalog *catalog = sewa_catalog_new_from_file (path, &error);

  g_assert_no_error (error);
  return catalog;
}

static SewaCatalog *
load_seed (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog", "catalog.json", NULL);
  return load (path);
}

static void
test_fold (void)
{
  const struct
  {
    const char *text;
    const char *skeleton;
  } cases[] = {
    { "janam", "jnm" }, { "ਜਨਮ", "jnm" }, { "जन्म", "jnm" },
    { "Amritsar", "amrtsr" }, { "ਅੰਮ੍ਰਿਤਸਰ", "amrtsr" }, { "अमृतसर", "amrtsr" },
    { "Ludhiana", "ldn" }, { "ਲੁਧਿਆਣਾ", "ldn" }, { "लुधियाना", "ldn" },
    { "Punjab", "pnjb" }, { "ਪੰਜਾਬ", "pnjb" }, { "पंजाब", "pnjb" },
    { "Fatehgarh", "fthgr" }, { "ਫ਼ਤਹਿਗੜ੍ਹ", "fthgr" },
    { "driving licence", "drvng lsns" }, { "ਡਰਾਈਵਿੰਗ ਲਾਇਸੈਂਸ", "drvng lsns" }, { "ड्राइविंग लाइसेंस", "drvng lsns" },
    { "certificate", "srtfkt" }, { "ਸਰਟੀਫਿਕੇਟ", "srtfkt" },
    { "Form 1-A ੧੨३", "frm 1 a 123" }, { "", "" }, { "!!!", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *f = sewa_translit_fold (cases[i].text);
      g_assert_cmpstr (f, ==, cases[i].skeleton);
    }
  /* Concepts that differ by language meet through aliases. */
  {
    g_autofree char *income = sewa_translit_fold ("income");
    const char *words[] = { "aamdan", "ਆਮਦਨ", "आय", "income" };
    for (guint i = 0; i < G_N_ELEMENTS (words); i++)
      {
        g_autofree char *f = sewa_translit_fold (words[i]);
        g_assert_cmpstr (sewa_translit_alias (f), ==, income);
      }
    g_assert_null (sewa_translit_alias ("zzzz"));
  }
  /* Invalid UTF-8 must not crash or loop. */
  {
    g_autofree char *f = sewa_translit_fold ("ab\xff\xfe" "cd");
    g_assert_nonnull (f);
  }
}

static const struct
{
  const char *query;
  const char *top;
} expected_top[] = {
  /* The cases. */
  { "janam", "birth-certificate" }, { "ਜਨਮ", "birth-certificate" }, { "जन्म", "birth-certificate" },
  { "income", "income-certificate" }, { "aamdan", "income-certificate" },
  { "ਆਮਦਨ", "income-certificate" }, { "आय", "income-certificate" },
  /* Latin, Gurmukhi and Devanagari, by name, alias and romanisation. */
  { "birth certificate", "birth-certificate" }, { "death", "death-certificate" },
  { "ਮੌਤ", "death-certificate" }, { "मृत्यु", "death-certificate" }, { "maut", "death-certificate" },
  { "fard", "fard-copy" }, { "ਫ਼ਰਦ", "fard-copy" }, { "फर्द", "fard-copy" }, { "jamabandi", "fard-copy" },
  { "ਜਮ੍ਹਾਂਬੰਦੀ", "fard-copy" }, { "old age pension", "old-age-pension" },
  { "budhapa pension", "old-age-pension" }, { "ਬੁਢਾਪਾ ਪੈਨਸ਼ਨ", "old-age-pension" },
  { "वृद्धावस्था पेंशन", "old-age-pension" }, { "residence", "residence-certificate" },
  { "ਰਿਹਾਇਸ਼", "residence-certificate" }, { "निवास", "residence-certificate" },
  { "domicile", "residence-certificate" }, { "marriage", "marriage-registration" },
  { "ਵਿਆਹ", "marriage-registration" }, { "विवाह", "marriage-registration" },
  { "shaadi", "marriage-registration" }, { "mutation", "mutation-uncontested" },
  { "ਇੰਤਕਾਲ", "mutation-uncontested" }, { "इंतकाल", "mutation-uncontested" },
  { "demarcation", "land-demarcation" }, { "ਨਿਸ਼ਾਨਦੇਹੀ", "land-demarcation" },
  { "निशानदेही", "land-demarcation" }, { "arms licence", "arms-licence-new" },
  { "ਅਸਲਾ ਲਾਇਸੈਂਸ ਨਵੀਨੀਕਰਨ", "arms-licence-renewal" }, { "नया शस्त्र लाइसेंस", "arms-licence-new" },
  { "learner", "learner-licence" }, { "ਲਰਨਿੰਗ", "learner-licence" }, { "लर्नर", "learner-licence" },
  { "driving licence renewal", "driving-licence-renewal" }, { "ration card", "ration-card" },
  { "ਰਾਸ਼ਨ ਕਾਰਡ", "ration-card" }, { "राशन कार्ड", "ration-card" },
  { "police clearance", "police-clearance" }, { "ਪੁਲਿਸ ਕਲੀਅਰੈਂਸ", "police-clearance" },
  { "किरायेदार", "tenant-verification" }, { "tenant", "tenant-verification" },
  { "widow", "widow-pension" }, { "ਵਿਧਵਾ", "widow-pension" }, { "विधवा", "widow-pension" },
  { "scheduled caste", "sc-certificate" }, { "ਅਨੁਸੂਚਿਤ ਜਾਤੀ ਸਰਟੀਫਿਕੇਟ", "sc-certificate" },
  { "पिछड़ा वर्ग", "bc-certificate" }, { "scholarship", "post-matric-scholarship" },
  { "ਵਜ਼ੀਫ਼ਾ", "post-matric-scholarship" }, { "छात्रवृत्ति", "post-matric-scholarship" },
  { "water", "water-sewer-connection" }, { "ਪਾਣੀ", "water-sewer-connection" },
  { "पानी सीवर", "water-sewer-connection" }, { "no dues", "no-dues-certificate" },
  { "post mortem", "postmortem-report" }, { "ਪੋਸਟਮਾਰਟਮ", "postmortem-report" },
  { "पोस्टमार्टम", "postmortem-report" }, { "disability certificate", "disability-certificate" },
  { "ਦਿਵਿਆਂਗਤਾ ਸਰਟੀਫਿਕੇਟ", "disability-certificate" }, { "border area", "border-area-certificate" },
  { "ਸਰਹੱਦੀ", "border-area-certificate" }, { "duplicate rc", "duplicate-rc" },
  { "partition", "private-partition" }, { "ਤਕਸੀਮ", "private-partition" }, { "बंटवारा", "private-partition" },
  { "registration of document", "document-registration" },
  { "ਰਜਿਸਟਰਡ ਦਸਤਾਵੇਜ਼", "registered-document-copy" },
  /* Typos. */
  { "bitrh certificate", "birth-certificate" }, { "incme certifcate", "income-certificate" },
  { "pensoin", "old-age-pension" }, { "marrage", "marriage-registration" },
  { "ਵਿਆਹ ਰਜਿਸਟ੍ਰੇਸਨ", "marriage-registration" },
};

static const char *
top_id (SewaSearch *search, const char *query, SewaLang lang, SewaSearchMatch *match)
{
  g_autoptr (GPtrArray) hits = sewa_search_query (search, query, lang, 5);
  static char id[128];
  const SewaSearchHit *hit;

  if (hits->len == 0)
    return NULL;
  hit = g_ptr_array_index (hits, 0);
  if (match != NULL)
    *match = hit->match;
  g_strlcpy (id, sewa_service_get_id (hit->service), sizeof id);
  return id;
}

static void
test_expected_top (void)
{
  g_autoptr (SewaCatalog) catalog = load_seed ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaSearch) search = sewa_search_new (catalog, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected_top); i++)
    for (guint lang = 0; lang < SEWA_N_LANGS; lang++)
      {
        g_test_message ("%s (%s)", expected_top[i].query, sewa_lang_code (lang));
        g_assert_cmpstr (top_id (search, expected_top[i].query, lang, NULL), ==, expected_top[i].top);
      }
}

static void
test_ranking (void)
{
  g_autoptr (SewaCatalog) catalog = load_seed ();
  g_autoptr (SewaSearch) search = sewa_search_new (catalog, NULL);
  g_autoptr (GPtrArray) hits = NULL;
  SewaSearchMatch match;
  int last = -1;

  /* The exact name beats every service that merely mentions it. */
  g_assert_cmpstr (top_id (search, "Birth certificate", SEWA_LANG_EN, &match), ==, "birth-certificate");
  g_assert_cmpint (match, ==, SEWA_SEARCH_MATCH_EXACT_NAME);
  g_assert_cmpstr (top_id (search, "ਆਮਦਨ ਸਰਟੀਫਿਕੇਟ", SEWA_LANG_PA, &match), ==, "income-certificate");
  g_assert_cmpint (match, ==, SEWA_SEARCH_MATCH_EXACT_NAME);
  g_assert_cmpstr (top_id (search, "bitrh", SEWA_LANG_EN, &match), ==, "birth-certificate");
  g_assert_cmpint (match, ==, SEWA_SEARCH_MATCH_FUZZY);

  /* "revenue" names no service: department matches, in order, then anything weaker. */
  hits = sewa_search_query (search, "revenue", SEWA_LANG_EN, 0);
  g_assert_cmpuint (hits->len, >=, 8);
  for (guint i = 0; i < hits->len; i++)
    {
      const SewaSearchHit *hit = g_ptr_array_index (hits, i);
      g_assert_cmpint (hit->match, >=, last);
      last = hit->match;
      if (i < 8)
        {
          g_assert_cmpint (hit->match, ==, SEWA_SEARCH_MATCH_DEPARTMENT);
          g_assert_cmpstr (sewa_service_get_department_id (hit->service), ==, "revenue");
        }
    }
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* "income" is in the name of one service and in the description of others. */
  hits = sewa_search_query (search, "income", SEWA_LANG_EN, 0);
  g_assert_cmpint (((SewaSearchHit *) g_ptr_array_index (hits, 0))->match, ==, SEWA_SEARCH_MATCH_NAME_PREFIX);
  g_assert_cmpint (((SewaSearchHit *) g_ptr_array_index (hits, 1))->match, ==, SEWA_SEARCH_MATCH_DESCRIPTION);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Limits, empty queries, and one hit per service. */
  hits = sewa_search_query (search, "certificate", SEWA_LANG_HI, 3);
  g_assert_cmpuint (hits->len, ==, 3);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = sewa_search_query (search, "   ", SEWA_LANG_HI, 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = sewa_search_query (search, "certificate", SEWA_LANG_PA, 0);
  {
    g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
    for (guint i = 0; i < hits->len; i++)
      g_assert_true (g_hash_table_add (seen, ((SewaSearchHit *) g_ptr_array_index (hits, i))->service));
  }
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = sewa_search_query (search, "qqqqxxxx zzzz", SEWA_LANG_EN, 0);
  g_assert_cmpuint (hits->len, ==, 0);
}

/* Every keystroke of "birth", "ਜਨਮ" and "जन्म" — including the one- and two-character
 * prefixes that trigrams cannot serve — keeps the birth certificate in the first five. */
static void
test_keystrokes (void)
{
  g_autoptr (SewaCatalog) catalog = load_seed ();
  g_autoptr (SewaSearch) search = sewa_search_new (catalog, NULL);
  const char *words[] = { "birth", "janam", "ਜਨਮ", "जन्म" };

  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      const char *end = words[w];

      while (*end != '\0')
        {
          g_autofree char *prefix = NULL;
          g_autoptr (GPtrArray) hits = NULL;
          gboolean found = FALSE;

          end = g_utf8_next_char (end);
          prefix = g_strndup (words[w], (gsize) (end - words[w]));
          hits = sewa_search_query (search, prefix, SEWA_LANG_EN, 5);
          for (guint i = 0; i < hits->len; i++)
            if (g_str_equal (sewa_service_get_id (((SewaSearchHit *) g_ptr_array_index (hits, i))->service), "birth-certificate"))
              found = TRUE;
          g_test_message ("prefix '%s': %u hits", prefix, hits->len);
          /* A lone vowel sign or virama folds to nothing: no hits is the right answer. */
          if (hits->len > 0)
            g_assert_true (found);
        }
    }
}

static void
test_synthetic_848 (void)
{
  g_autoptr (SewaCatalog) catalog = load (g_getenv ("SEWA_CATALOG_848"));
  g_autoptr (SewaSearch) search = NULL;
  g_autoptr (GPtrArray) hits = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (sewa_catalog_get_services (catalog)), ==, 848);
  search = sewa_search_new (catalog, NULL);
  hits = sewa_search_query (search, "ਜਨਮ ਸਰਟੀਫਿਕੇਟ ਬਠਿੰਡਾ", SEWA_LANG_PA, 5);
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpstr (sewa_service_get_id (((SewaSearchHit *) g_ptr_array_index (hits, 0))->service), ==,
                   "birth-certificate-bathinda");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = sewa_search_query (search, "duplicate income certificate faridkot", SEWA_LANG_EN, 5);
  g_assert_cmpstr (sewa_service_get_id (((SewaSearchHit *) g_ptr_array_index (hits, 0))->service), ==,
                   "income-certificate-duplicate-faridkot");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/fold", test_fold);
  g_test_add_func ("/search/expected-top", test_expected_top);
  g_test_add_func ("/search/ranking", test_ranking);
  g_test_add_func ("/search/keystrokes", test_keystrokes);
  g_test_add_func ("/search/synthetic-848", test_synthetic_848);
  return g_test_run ();
}
