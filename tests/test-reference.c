#include "sewa-reference.h"

static void
test_format_roundtrip (void)
{
  SewaReferenceParts p = { .centre = "LDH01", .kiosk = 3, .year = 2026, .month = 11, .day = 30,
                           .seq = 42 };
  SewaReferenceParts back = { 0 };
  g_autofree char *ref = sewa_reference_format (&p);

  g_assert_nonnull (ref);
  g_assert_true (g_str_has_prefix (ref, "PB-LDH01-03-261130-0042-"));
  g_assert_cmpuint (strlen (ref), ==, strlen ("PB-LDH01-03-261130-0042-X"));
  g_assert_true (sewa_reference_parse (ref, &back));
  g_assert_cmpstr (back.centre, ==, "LDH01");
  g_assert_cmpuint (back.kiosk, ==, 3);
  g_assert_cmpuint (back.year, ==, 2026);
  g_assert_cmpuint (back.month, ==, 11);
  g_assert_cmpuint (back.day, ==, 30);
  g_assert_cmpuint (back.seq, ==, 42);
}

/* Every single-character substitution and every adjacent transposition of distinct
 * characters must be caught by the check character. */
static void
test_check_catches_errors (void)
{
  static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  SewaReferenceParts p = { .centre = "ASR2", .kiosk = 11, .year = 2027, .month = 1, .day = 9,
                           .seq = 9876 };
  g_autofree char *ref = sewa_reference_format (&p);
  gsize len = strlen (ref);
  guint caught = 0, tried = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (ref[i] == '-')
        continue;
      for (const char *a = alnum; *a; a++)
        {
          g_autofree char *m = g_strdup (ref);
          if (*a == ref[i])
            continue;
          m[i] = *a;
          tried++;
          if (!sewa_reference_is_valid (m))
            caught++;
        }
    }
  g_assert_cmpuint (tried, >, 500);
  g_assert_cmpuint (caught, ==, tried);

  for (gsize i = 0; i + 1 < len; i++)
    {
      g_autofree char *m = g_strdup (ref);
      char t;
      if (m[i] == '-' || m[i + 1] == '-' || m[i] == m[i + 1])
        continue;
      t = m[i], m[i] = m[i + 1], m[i + 1] = t;
      g_assert_false (sewa_reference_is_valid (m));
    }
}

static void
test_rejects_malformed (void)
{
  const char *bad[] = { "", "PB", "PB-LDH01-03-261130-0042", "XX-LDH01-03-261130-0042-0",
                        "PB-L-03-261130-0042-0", "PB-LDH01-3-261130-0042-0",
                        "PB-LDH01-03-261330-0042-0", "PB-LDH01-03-261100-0042-0",
                        "PB-ldh01-03-261130-0042-0", "PB-LDH01-03-261130-00421-0",
                        "PB-LDH01-03-261130-0042-00", "PB-LDH01-03-261130-0042-0-1",
                        "PB-LDH01-03-2611300042-0", "PB-LDHØ1-03-261130-0042-0",
                        "PB-TOOLONGCENTRE-03-261130-0042-0" };
  SewaReferenceParts p = { .centre = "toolong", .kiosk = 1, .year = 2026, .month = 1, .day = 1 };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (sewa_reference_is_valid (bad[i]));
  g_assert_null (sewa_reference_format (&p));
  g_assert_false (sewa_reference_is_valid (NULL));
}

static void
test_normalize (void)
{
  SewaReferenceParts p = { .centre = "MOH1", .kiosk = 2, .year = 2026, .month = 12, .day = 1,
                           .seq = 7 };
  g_autofree char *ref = sewa_reference_format (&p);
  g_autofree char *typed = g_ascii_strdown (ref, -1);
  g_autofree char *spaced = g_strdelimit (g_strdup (typed), "-", ' ');
  g_autofree char *n1 = sewa_reference_normalize (typed);
  g_autofree char *n2 = sewa_reference_normalize (spaced);

  g_assert_cmpstr (n1, ==, ref);
  g_assert_cmpstr (n2, ==, ref);
}

/* Read aloud one character at a time, with a pause where the dashes are. */
static void
test_spell (void)
{
  g_autofree char *a = sewa_reference_spell ("PB-LDH01-07-261207-0042-X");
  g_autofree char *b = sewa_reference_spell ("-pb--7 ");
  g_autofree char *c = sewa_reference_spell ("");

  g_assert_cmpstr (a, ==, "P B, L D H 0 1, 0 7, 2 6 1 2 0 7, 0 0 4 2, X");
  g_assert_cmpstr (b, ==, "P B, 7");
  g_assert_cmpstr (c, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reference/format-roundtrip", test_format_roundtrip);
  g_test_add_func ("/reference/check-catches-errors", test_check_catches_errors);
  g_test_add_func ("/reference/rejects-malformed", test_rejects_malformed);
  g_test_add_func ("/reference/normalize", test_normalize);
  g_test_add_func ("/reference/spell", test_spell);
  return g_test_run ();
}
