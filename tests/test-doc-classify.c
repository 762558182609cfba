/* test-doc-classify.c — OCR-like text of each kind of document is told apart in three scripts. */
#include "sewa-doc-classify.h"
#include "sewa-doc-type.h"

static const char *birth_en =
  "GOVERNMENT OF PUNJAB\nDEPARTMENT OF HEALTH\nBIRTH CERTIFICATE\n(Issued under section 12 of the "
  "Registration of Births and Deaths Act, 1969)\nName: Gurpreet Kaur\nDate of birth: 12/03/1990\n"
  "Place of birth: Civil Hospital, Ludhiana\nMother's name: Harjit Kaur\nRegistrar";
static const char *ration_pa =
  "ਪੰਜਾਬ ਸਰਕਾਰ\nਖੁਰਾਕ, ਸਿਵਲ ਸਪਲਾਈ ਅਤੇ ਖਪਤਕਾਰ ਮਾਮਲੇ ਵਿਭਾਗ\nਰਾਸ਼ਨ ਕਾਰਡ\nਪਰਿਵਾਰ ਦਾ ਮੁਖੀ: ਗੁਰਪ੍ਰੀਤ ਕੌਰ\n"
  "ਮੈਂਬਰ: 4\nਡਿਪੂ ਨੰ. 112";
static const char *pan_hi =
  "आयकर विभाग भारत सरकार\nस्थायी लेखा संख्या कार्ड\nABCPK1234F\nनाम: गुरप्रीत कौर\nपिता का नाम: हरजिंदर सिंह";
static const char *aadhaar_en =
  "Government of India\nGurpreet Kaur\nDOB: 12/03/1990\nFEMALE\n2345 6789 0123\nMera Aadhaar, Meri Pehchan";

static void
test_real_looking_pages (void)
{
  SewaDocClassification c;

  sewa_doc_classify (birth_en, "BIRCR", &c);
  g_assert_cmpstr (c.best_type, ==, "BIRCR");
  g_assert_false (sewa_doc_classify_is_wrong_type (&c, "BIRCR"));
  sewa_doc_classify (ration_pa, "BIRCR", &c);
  g_assert_cmpstr (c.best_type, ==, "RATCR");
  /* "This looks like a ration card, not a birth certificate." */
  g_assert_true (sewa_doc_classify_is_wrong_type (&c, "BIRCR"));
  sewa_doc_classify (pan_hi, "PANCR", &c);
  g_assert_cmpstr (c.best_type, ==, "PANCR");
  sewa_doc_classify (aadhaar_en, "ADHAR", &c);
  g_assert_cmpstr (c.best_type, ==, "ADHAR");
  g_assert_cmpfloat (c.confidence, >, 0.3);
}

/* A page titled with each type's name in each language, and one line every official page
 * carries, is that type. */
static void
test_every_type_by_title (void)
{
  const char *const *codes = sewa_doc_classify_types ();

  for (guint i = 0; codes[i] != NULL; i++)
    {
      SewaDocTypeTraits traits;

      sewa_doc_classify_traits (codes[i], &traits);
      if (!traits.has_text)
        continue;
      for (int l = 0; l < SEWA_N_LANGS; l++)
        {
          SewaDocClassification c;
          g_autofree char *text = g_strdup_printf ("%s\n%s\nName: Gurpreet Kaur\n12/03/1990",
                                                   sewa_lang_pick (l, "ਪੰਜਾਬ ਸਰਕਾਰ", "पंजाब सरकार", "Government of Punjab"),
                                                   sewa_doc_type_name (codes[i], (SewaLang) l));

          sewa_doc_classify (text, codes[i], &c);
          if (g_strcmp0 (c.best_type, codes[i]) != 0)
            g_test_message ("%s in %d read as %s", codes[i], l, c.best_type);
          g_assert_cmpstr (c.best_type, ==, codes[i]);
          g_assert_false (sewa_doc_classify_is_wrong_type (&c, codes[i]));
        }
    }
}

static void
test_nothing_to_go_on (void)
{
  SewaDocClassification c;

  sewa_doc_classify ("", "BIRCR", &c);
  g_assert_null (c.best_type);
  g_assert_false (sewa_doc_classify_is_wrong_type (&c, "BIRCR"));
  sewa_doc_classify ("lorem ipsum dolor sit amet", "BIRCR", &c);
  g_assert_null (c.best_type);
  sewa_doc_classify ("\xff\xfe\xfd", NULL, &c);
  g_assert_null (c.best_type);
}

static void
test_traits (void)
{
  SewaDocTypeTraits t;

  sewa_doc_classify_traits ("PHOTO", &t);
  g_assert_false (t.has_text);
  sewa_doc_classify_traits ("ADHAR", &t);
  g_assert_cmpint (t.psm, ==, 11);
  g_assert_true (t.has_name);
  sewa_doc_classify_traits ("BIRCR", &t);
  g_assert_cmpint (t.psm, ==, 3);
  sewa_doc_classify_traits ("NOSUCH", &t);
  g_assert_true (t.has_text);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/doc-classify/real-looking-pages", test_real_looking_pages);
  g_test_add_func ("/doc-classify/every-type-by-title", test_every_type_by_title);
  g_test_add_func ("/doc-classify/nothing-to-go-on", test_nothing_to_go_on);
  g_test_add_func ("/doc-classify/traits", test_traits);
  return g_test_run ();
}
