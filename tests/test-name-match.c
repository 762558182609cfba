/* test-name-match.c — the applicant's name found in OCR text across scripts, order, initials. */
#include "sewa-name-match.h"

static const char *page_pa = "ਜਨਮ ਸਰਟੀਫ਼ਿਕੇਟ\nਨਾਮ: ਗੁਰਪ੍ਰੀਤ ਕੌਰ\nਪਿਤਾ ਦਾ ਨਾਮ: ਹਰਜਿੰਦਰ ਸਿੰਘ\nਜਨਮ ਮਿਤੀ: 12/03/1990";
static const char *page_hi = "जन्म प्रमाण पत्र\nनाम: गुरप्रीत कौर\nपिता का नाम: हरजिंदर सिंह\nजन्म तिथि: 12/03/1990";
static const char *page_en = "BIRTH CERTIFICATE\nName: Gurpreet Kaur\nFather's name: Harjinder Singh\nDate of birth: 12/03/1990";

static void
test_key (void)
{
  g_autofree char *a = sewa_name_key ("Gurpreet Kaur");
  g_autofree char *b = sewa_name_key ("ਗੁਰਪ੍ਰੀਤ ਕੌਰ");
  g_autofree char *c = sewa_name_key ("कौर गुरप्रीत");
  g_autofree char *d = sewa_name_key ("Rajesh Kumar");
  g_autofree char *e = sewa_name_key ("\xff\xfe");

  g_assert_cmpstr (a, ==, "grprt kr");
  g_assert_cmpstr (b, ==, a);
  g_assert_cmpstr (c, ==, a);
  g_assert_cmpstr (d, !=, a);
  g_assert_cmpstr (e, ==, "");
}

static void
test_same_name_any_script (void)
{
  const char *names[] = { "Gurpreet Kaur", "ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "गुरप्रीत कौर" };
  const char *pages[] = { page_pa, page_hi, page_en };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint j = 0; j < G_N_ELEMENTS (pages); j++)
      g_assert_cmpfloat (sewa_name_match_score (names[i], pages[j]), >=, 0.99);
}

static void
test_order_initials_spelling (void)
{
  g_assert_cmpfloat (sewa_name_match_score ("Kaur Gurpreet", page_en), >=, 0.99);
  g_assert_cmpfloat (sewa_name_match_score ("G. Kaur", page_pa), >=, SEWA_NAME_MATCH_THRESHOLD);
  g_assert_cmpfloat (sewa_name_match_score ("G. Kaur", page_pa), <, 1.0);
  /* Romanisations typists mix up: w/v, ee/i, aspiration. */
  g_assert_cmpfloat (sewa_name_match_score ("Gurprit Kor", page_hi), >=, SEWA_NAME_MATCH_THRESHOLD);
  g_assert_cmpfloat (sewa_name_match_score ("Harjinder Singh", page_pa), >=, SEWA_NAME_MATCH_THRESHOLD);
  g_assert_cmpfloat (sewa_name_match_score ("Sukhvinder Kaur", "ਨਾਮ: ਸੁਖਵਿੰਦਰ ਕੌਰ"), >=, 0.99);
  /* A middle name on the page between the form's two words. */
  g_assert_cmpfloat (sewa_name_match_score ("Gurpreet Sandhu", "Name: Gurpreet Kaur Sandhu"), >=, 0.99);
  /* One misread letter in a long name still passes. */
  g_assert_cmpfloat (sewa_name_match_score ("Harjinder Singh", "Name: Harjinber Singh"), >=, SEWA_NAME_MATCH_THRESHOLD);
}

static void
test_different_names (void)
{
  g_assert_cmpfloat (sewa_name_match_score ("Rajesh Kumar", page_en), <, SEWA_NAME_MATCH_THRESHOLD);
  g_assert_cmpfloat (sewa_name_match_score ("राजेश कुमार", page_pa), <, SEWA_NAME_MATCH_THRESHOLD);
  g_assert_cmpfloat (sewa_name_match_score ("Mohammad Iqbal", page_hi), <, SEWA_NAME_MATCH_THRESHOLD);
  g_assert_cmpfloat (sewa_name_match_score ("Amanpreet Kaur", page_en), <, SEWA_NAME_MATCH_THRESHOLD);
  g_assert_cmpfloat (sewa_name_match_score ("Baljinder Singh", page_en), <, SEWA_NAME_MATCH_THRESHOLD);
  /* Initials alone never pass, not even all of them. */
  g_assert_cmpfloat (sewa_name_match_score ("G. K.", page_en), <, SEWA_NAME_MATCH_THRESHOLD);
}

static void
test_degenerate (void)
{
  g_assert_cmpfloat (sewa_name_match_score ("", page_en), ==, 0.0);
  g_assert_cmpfloat (sewa_name_match_score ("Gurpreet Kaur", ""), ==, 0.0);
  g_assert_cmpfloat (sewa_name_match_score ("Gurpreet Kaur", "\xc3\x28 bad utf-8"), ==, 0.0);
  g_assert_cmpfloat (sewa_name_match_score ("A B C D E F G H I J", page_en), <, SEWA_NAME_MATCH_THRESHOLD);
}

static void
test_number (void)
{
  g_assert_true (sewa_name_match_number ("12/03/1990", page_en));
  g_assert_true (sewa_name_match_number ("1990-03-12", page_pa));
  g_assert_true (sewa_name_match_number ("1990-3-12", page_hi));
  g_assert_false (sewa_name_match_number ("1991-03-12", page_en));
  g_assert_true (sewa_name_match_number ("1234 5678 9012", "Aadhaar ੧੨੩੪ ੫੬੭੮ ੯੦੧੨"));
  g_assert_true (sewa_name_match_number ("123456789012", "No. 1234 5678 9018"));
  g_assert_false (sewa_name_match_number ("123456789012", "No. 1234 5678 9988"));
  g_assert_false (sewa_name_match_number ("12", "12 13 14"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/name-match/key", test_key);
  g_test_add_func ("/name-match/same-name-any-script", test_same_name_any_script);
  g_test_add_func ("/name-match/order-initials-spelling", test_order_initials_spelling);
  g_test_add_func ("/name-match/different-names", test_different_names);
  g_test_add_func ("/name-match/degenerate", test_degenerate);
  g_test_add_func ("/name-match/number", test_number);
  return g_test_run ();
}
