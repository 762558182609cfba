/* Language switching through gettext with the project's own compiled catalogs. */
#include "sewa-lang.h"

#include <glib/gi18n.h>

static void
test_codes (void)
{
  SewaLang l;

  g_assert_true (sewa_lang_from_code ("pa", &l));
  g_assert_cmpint (l, ==, SEWA_LANG_PA);
  g_assert_true (sewa_lang_from_code ("HI", &l));
  g_assert_cmpint (l, ==, SEWA_LANG_HI);
  g_assert_false (sewa_lang_from_code ("fr", &l));
  g_assert_cmpstr (sewa_lang_code (SEWA_LANG_EN), ==, "en");
  g_assert_cmpstr (sewa_lang_pick (SEWA_LANG_HI, "ਜਨਮ", "जन्म", "Birth"), ==, "जन्म");
  g_assert_cmpstr (sewa_lang_pick (SEWA_LANG_HI, "ਜਨਮ", "", "Birth"), ==, "Birth");
  g_assert_cmpstr (sewa_lang_pick (SEWA_LANG_EN, "ਜਨਮ", NULL, NULL), ==, "ਜਨਮ");
}

/* Switching at run time must change what gettext returns, back and forth, without restart. */
static void
test_runtime_switch (void)
{
  const char *msgid = "Start over";
  g_autofree char *pa = NULL, *hi = NULL;

  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));

  sewa_lang_apply (SEWA_LANG_PA);
  pa = g_strdup (_(msgid));
  sewa_lang_apply (SEWA_LANG_HI);
  hi = g_strdup (_(msgid));
  sewa_lang_apply (SEWA_LANG_EN);

  g_assert_cmpstr (_(msgid), ==, msgid);
  g_assert_cmpstr (pa, !=, msgid);
  g_assert_cmpstr (hi, !=, msgid);
  g_assert_cmpstr (pa, !=, hi);
  /* Gurmukhi block U+0A00–U+0A7F, Devanagari U+0900–U+097F. */
  g_assert_cmpuint (g_utf8_get_char (pa) >> 7, ==, 0x0A00 >> 7);
  g_assert_cmpuint (g_utf8_get_char (hi) >> 7, ==, 0x0900 >> 7);

  sewa_lang_apply (SEWA_LANG_PA);
  g_assert_cmpstr (_(msgid), ==, pa);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lang/codes", test_codes);
  g_test_add_func ("/lang/runtime-switch", test_runtime_switch);
  return g_test_run ();
}
