/* sewa-test-docs.c — document pages of each type: known text, photographed, processed. */
#include "sewa-test-docs.h"

#include "sewa-doc-type.h"
#include "sewa-page.h"
#include "sewa-test-photo.h"

/* The stand of the issue: a 12 MP camera framing A4 either way (8.3 px/mm). */
#define STAND_PX_PER_MM (3000 / SEWA_PAGE_DEFAULT_VIEW_MM)

static const SewaTestPerson people[] = {
  { "ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "गुरप्रीत कौर", "Gurpreet Kaur" },
  { "ਹਰਜਿੰਦਰ ਸਿੰਘ ਸੰਧੂ", "हरजिंदर सिंह संधू", "Harjinder Singh Sandhu" },
  { "ਰਾਜੇਸ਼ ਕੁਮਾਰ", "राजेश कुमार", "Rajesh Kumar" },
  { "ਅਮਨਦੀਪ ਗਿੱਲ", "अमनदीप गिल", "Amandeep Gill" },
  { "ਮੁਹੰਮਦ ਇਕਬਾਲ", "मोहम्मद इकबाल", "Mohammad Iqbal" },
  { "ਸਿਮਰਨ ਢਿੱਲੋਂ", "सिमरन ढिल्लों", "Simran Dhillon" },
  { "ਬਲਜੀਤ ਸਿੰਘ", "बलजीत सिंह", "Baljit Singh" },
  { "ਨੇਹਾ ਸ਼ਰਮਾ", "नेहा शर्मा", "Neha Sharma" },
  { "ਮਨਪ੍ਰੀਤ ਬਰਾੜ", "मनप्रीत बराड़", "Manpreet Brar" },
  { "ਸੁਖਵਿੰਦਰ ਕੌਰ", "सुखविंदर कौर", "Sukhwinder Kaur" },
  { "ਜਸਵੰਤ ਰਾਏ", "जसवंत राय", "Jaswant Rai" },
  { "ਪਰਮਜੀਤ ਸੋਢੀ", "परमजीत सोढी", "Paramjit Sodhi" },
};

/* Card types: printed on an ID-1 card (the passport's data page is about 125 x 88 mm). */
static const char *const cards[] = { "ADHAR", "PANCR", "VOTID", "DRVLC", "RATCR", "UDIDC", "FAMID", NULL };

const SewaTestPerson *
sewa_test_docs_people (guint *n)
{
  *n = G_N_ELEMENTS (people);
  return people;
}

static const char *
holder_in (const SewaTestPerson *p, SewaLang lang)
{
  return sewa_lang_pick (lang, p->pa, p->hi, p->en);
}

char *
sewa_test_docs_text (const char *code, SewaLang lang, const SewaTestPerson *holder, const char *number)
{
  GString *s = g_string_new (NULL);
  const char *title = sewa_doc_type_name (code, lang);
  gboolean card = g_strv_contains (cards, code);
  const char *central = g_strv_contains ((const char *const[]) { "ADHAR", "PANCR", "VOTID", "PASPT", "UDIDC", "ITRET", NULL }, code)
                          ? sewa_lang_pick (lang, "ਭਾਰਤ ਸਰਕਾਰ", "भारत सरकार", "Government of India")
                          : sewa_lang_pick (lang, "ਪੰਜਾਬ ਸਰਕਾਰ", "पंजाब सरकार", "Government of Punjab");

  g_string_append_printf (s, "%s\n%s\n", central, title);
  g_string_append_printf (s, "%s: %s\n", sewa_lang_pick (lang, "ਨਾਮ", "नाम", "Name"), holder_in (holder, lang));
  if (number != NULL)
    g_string_append_printf (s, "%s: %s\n", sewa_lang_pick (lang, "ਨੰਬਰ", "संख्या", "No."), number);
  if (!card)
    {
      g_string_append_printf (s, "%s: %s\n", sewa_lang_pick (lang, "ਪਿਤਾ ਦਾ ਨਾਮ", "पिता का नाम", "Father's name"),
                              sewa_lang_pick (lang, "ਜਸਵੰਤ ਰਾਏ", "जसवंत राय", "Jaswant Rai"));
      g_string_append_printf (s, "%s: %s\n", sewa_lang_pick (lang, "ਪਤਾ", "पता", "Address"),
                              sewa_lang_pick (lang, "ਪਿੰਡ ਖੰਨਾ, ਜ਼ਿਲ੍ਹਾ ਲੁਧਿਆਣਾ", "गांव खन्ना, जिला लुधियाना",
                                              "Village Khanna, District Ludhiana"));
      g_string_append_printf (s, "%s: 14/08/2024\n", sewa_lang_pick (lang, "ਜਾਰੀ ਕਰਨ ਦੀ ਮਿਤੀ", "जारी करने की तिथि", "Date of issue"));
      g_string_append (s, sewa_lang_pick (lang, "ਦਸਤਖ਼ਤ ਅਤੇ ਮੋਹਰ", "हस्ताक्षर एवं मुहर", "Signature and seal"));
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

GBytes *
sewa_test_docs_page (const char *code, SewaLang lang, const SewaTestPerson *holder, const char *number, guint32 seed,
                     double blur)
{
  g_autofree char *text = sewa_test_docs_text (code, lang, holder, number);
  gboolean card = g_strv_contains (cards, code);
  gboolean passport = g_str_equal (code, "PASPT");
  SewaTestPhotoSpec spec;
  SewaPageOptions opts;
  g_autoptr (GBytes) photo = NULL;
  g_autoptr (SewaPageResult) r = NULL;
  g_autoptr (GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (seed);
  double angle = g_rand_double_range (rand, -6.0, 6.0);
  int w = card || passport ? 1200 : 1600, h = card || passport ? 1000 : 2000;
  gsize len;
  const guint8 *data;

  sewa_test_photo_spec_init (&spec, w, h);
  spec.kind = card || passport ? SEWA_TEST_DOC_CARD : SEWA_TEST_DOC_PAGE;
  spec.text = text;
  /* A photographed look: greyish paper, uneven light, sensor noise, some JPEG loss. */
  spec.paper = g_rand_double_range (rand, 0.80, 0.92);
  spec.noise = g_rand_double_range (rand, 2.0, 5.0);
  spec.light_min = g_rand_double_range (rand, 0.75, 0.95);
  spec.quality = 85;
  spec.seed = seed;
  if (passport)
    sewa_test_photo_spec_place (&spec, STAND_PX_PER_MM, 125, 88, angle);
  else if (card)
    sewa_test_photo_spec_place (&spec, STAND_PX_PER_MM, 85.6, 54, angle);
  else
    sewa_test_photo_spec_place (&spec, STAND_PX_PER_MM, 148, 210, angle);
  spec.blur_sigma = blur;
  g_rand_free (rand);
  photo = sewa_test_photo_render (&spec);
  data = g_bytes_get_data (photo, &len);
  sewa_page_options_init (&opts);
  opts.px_per_mm = STAND_PX_PER_MM;
  /* A blurred page must still come out of the pipeline for the OCR to judge it. */
  opts.needs_text = FALSE;
  if (!sewa_page_process_with_options (data, len, &opts, &r, &error) || r->jpeg == NULL)
    return NULL;
  /* SEWA_TEST_DUMP=DIR keeps every photo and page for looking at. */
  if (g_getenv ("SEWA_TEST_DUMP") != NULL)
    {
      g_autofree char *in = g_strdup_printf ("%s/%s-%d-%u-photo.jpg", g_getenv ("SEWA_TEST_DUMP"), code, lang, seed);
      g_autofree char *out = g_strdup_printf ("%s/%s-%d-%u-page.jpg", g_getenv ("SEWA_TEST_DUMP"), code, lang, seed);

      g_file_set_contents (in, (const char *) data, (gssize) len, NULL);
      g_file_set_contents (out, g_bytes_get_data (r->jpeg, NULL), (gssize) g_bytes_get_size (r->jpeg), NULL);
    }
  if (blur <= 0 && r->verdict != SEWA_PAGE_OK)
    g_test_message ("%s page verdict %s", code, sewa_page_verdict_name (r->verdict));
  return g_bytes_ref (r->jpeg);
}
