/* sewa-translit.c — a phonetic skeleton shared by Gurmukhi, Devanagari and Latin.
 *
 * Gurmukhi (U+0A00–U+0A7F) and Devanagari (U+0900–U+097F) follow the same ISCII-derived
 * layout, so one letter has the same offset in both blocks (KA is U+0915 and U+0A15); each
 * block gets one 128-entry table indexed by that offset. Entries:
 *   a–z  a consonant's key          'V' a vowel (independent or sign)
 *   'N'  a nasal sign (anusvara, bindi, tippi, candrabindu)
 *   '*'  nukta (changes the letter before it)   '-' ignored   ' ' word break   0–9 digit
 */
#include "sewa-translit.h"

#include <string.h>

static const char devanagari[129] =
  /* 0x00 */ "-NN-VVVVVVVrlVVV"
  /* 0x10 */ "VVVVVkkggnccjjnt"
  /* 0x20 */ "tddnttddnnpfbbmy"
  /* 0x30 */ "rrlllvssshVV*-VV"
  /* 0x40 */ "VVVrrVVVVVVVV-VV"
  /* 0x50 */ "-----VVVkkgjrrfy"
  /* 0x60 */ "rlVV  0123456789"
  /* 0x70 */ " -VVVVVVdjygj-db";

static const char gurmukhi[129] =
  /* 0x00 */ "-NN--VVVVVV----V"
  /* 0x10 */ "V--VVkkggnccjjnt"
  /* 0x20 */ "tddnttddn-pfbbmy"
  /* 0x30 */ "r-ll-vs-sh--*-VV"
  /* 0x40 */ "VVV----VV--VV---"
  /* 0x50 */ "---------kgjr-f-"
  /* 0x60 */ "------0123456789"
  /* 0x70 */ "N-VV-y----------";

/* Concepts that are different words in different languages. The first word of each group is
 * the canonical one; every word is folded with sewa_translit_fold() at first use, so entries
 * are written in their natural spelling. */
static const char *const alias_groups[][12] = {
  { "birth", "janam", "janm", "ਜਨਮ", "जन्म", NULL },
  { "death", "maut", "mrityu", "ਮੌਤ", "मृत्यु", "मौत", NULL },
  { "income", "aamdan", "aamdani", "aay", "ਆਮਦਨ", "ਆਮਦਨੀ", "आय", "आमदनी", NULL },
  { "caste", "jati", "ਜਾਤੀ", "ਜਾਤ", "जाति", NULL },
  { "residence", "domicile", "niwas", "rihaish", "ਰਿਹਾਇਸ਼", "ਨਿਵਾਸ", "निवास", "अधिवास", NULL },
  { "marriage", "vivah", "viah", "shaadi", "ਵਿਆਹ", "विवाह", "शादी", NULL },
  { "land", "zameen", "bhumi", "ਜ਼ਮੀਨ", "ਭੂਮੀ", "भूमि", "ज़मीन", NULL },
  { "copy", "nakal", "naqal", "pratilipi", "ਨਕਲ", "नकल", "प्रतिलिपि", NULL },
  { "arms", "weapon", "hathiyar", "shastra", "ਅਸਲਾ", "ਹਥਿਆਰ", "शस्त्र", "हथियार", NULL },
  { "vehicle", "gaddi", "vahan", "ਵਾਹਨ", "ਗੱਡੀ", "वाहन", "गाड़ी", NULL },
  { "old", "budhapa", "vridh", "ਬੁਢਾਪਾ", "ਬਿਰਧ", "वृद्धावस्था", "वृद्ध", NULL },
  { "widow", "vidhwa", "ਵਿਧਵਾ", "विधवा", NULL },
  { "disability", "disabled", "handicapped", "divyang", "viklang", "apahij", "ਅਪਾਹਜ",
    "ਦਿਵਿਆਂਗ", "दिव्यांग", "विकलांग", NULL },
  { "water", "pani", "ਪਾਣੀ", "पानी", "जल", NULL },
  { "electricity", "bijli", "ਬਿਜਲੀ", "बिजली", NULL },
  { "verification", "tasdeek", "satyapan", "ਤਸਦੀਕ", "ਪੜਤਾਲ", "सत्यापन", NULL },
  { "mutation", "intkal", "inteqal", "ਇੰਤਕਾਲ", "इंतकाल", NULL },
  { "demarcation", "nishandehi", "ਨਿਸ਼ਾਨਦੇਹੀ", "निशानदेही", NULL },
  { "partition", "taqseem", "batwara", "ਤਕਸੀਮ", "ਵੰਡ", "बंटवारा", NULL },
  { "registration", "panjikaran", "ਰਜਿਸਟ੍ਰੇਸ਼ਨ", "पंजीकरण", "पंजीयन", NULL },
  { "certificate", "praman", "ਸਰਟੀਫਿਕੇਟ", "ਪ੍ਰਮਾਣ", "प्रमाण", NULL },
  { "shop", "dukan", "ਦੁਕਾਨ", "दुकान", NULL },
  { "health", "sehat", "swasthya", "ਸਿਹਤ", "स्वास्थ्य", NULL },
  { "scholarship", "vazifa", "ਵਜ਼ੀਫ਼ਾ", "छात्रवृत्ति", NULL },
  { "education", "shiksha", "sikhya", "ਸਿੱਖਿਆ", "शिक्षा", NULL },
  { "agriculture", "kheti", "krishi", "ਖੇਤੀਬਾੜੀ", "ਖੇਤੀ", "कृषि", NULL },
  { "women", "woman", "mahila", "istri", "ਇਸਤਰੀ", "ਔਰਤ", "महिला", NULL },
  { "child", "bachcha", "ਬੱਚਾ", "ਬੱਚੇ", "बच्चा", "बच्चे", NULL },
  { "scheduled", "anusuchit", "ਅਨੁਸੂਚਿਤ", "अनुसूचित", NULL },
  { "transport", "parivahan", "ਟਰਾਂਸਪੋਰਟ", "परिवहन", NULL },
  { "property", "jaidad", "sampatti", "ਜਾਇਦਾਦ", "संपत्ति", NULL },
  { "document", "dastavez", "ਦਸਤਾਵੇਜ਼", "दस्तावेज़", NULL },
  { "renewal", "navinikaran", "ਨਵੀਨੀਕਰਨ", "नवीनीकरण", NULL },
  { "correction", "sudhar", "ਸੋਧ", "ਦਰੁਸਤੀ", "सुधार", NULL },
  { "employment", "rozgar", "ਰੁਜ਼ਗਾਰ", "रोजगार", NULL },
  { "fire", "agni", "ਅੱਗ", "अग्नि", NULL },
};

static gboolean
is_latin_vowel (gunichar c)
{
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* इ ई ि ी and their Gurmukhi twins. */
static gboolean
is_indic_i_vowel (gunichar c)
{
  gunichar off = c & 0x7F;

  if (!((c >= 0x0900 && c <= 0x097F) || (c >= 0x0A00 && c <= 0x0A7F)))
    return FALSE;
  return off == 0x07 || off == 0x08 || off == 0x3F || off == 0x40;
}

static gboolean
is_latin_consonant (gunichar c)
{
  return c >= 'a' && c <= 'z' && !is_latin_vowel (c);
}

/* Turns one word's units into its skeleton and appends it to OUT. */
static void
flush_word (GString *units, GString *out)
{
  char last = '\0';
  gboolean wrote = FALSE;

  for (gsize i = 0; i < units->len; i++)
    {
      char u = units->str[i];
      char emit;

      if (u == 'V')
        {
          if (i != 0)
            continue;
          emit = 'a';
        }
      else if (u == 'N')
        {
          /* A nasal sign sounds like the nasal of the consonant after it; before a nasal
           * consonant it is already written by that consonant (ਅੰਮ੍ਰਿਤ = amrit). */
          char next = '\0';
          for (gsize j = i + 1; j < units->len; j++)
            if (units->str[j] != 'V' && units->str[j] != 'N')
              {
                next = units->str[j];
                break;
              }
          if (next == 'm' || next == 'n')
            continue;
          emit = next == 'p' || next == 'b' ? 'm' : 'n';
        }
      else
        emit = u;

      /* Doubled letters collapse (ੱ, "ll", "ss"); digits keep their value. */
      if (emit == last && !g_ascii_isdigit (emit))
        continue;
      if (!wrote && out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, emit);
      wrote = TRUE;
      last = emit;
    }
  g_string_truncate (units, 0);
}

char *
sewa_translit_fold (const char *text)
{
  g_autofree char *nfd = NULL;
  g_autofree gunichar *cps = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) units = g_string_new (NULL);
  glong n = 0;

  if (text == NULL)
    return g_strdup ("");
  nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return g_strdup ("");
  cps = g_utf8_to_ucs4_fast (nfd, -1, &n);
  for (glong i = 0; i < n; i++)
    cps[i] = g_unichar_tolower (cps[i]);

  for (glong i = 0; i < n; i++)
    {
      gunichar c = cps[i];
      gunichar prev = i > 0 ? cps[i - 1] : 0;
      gunichar next = i + 1 < n ? cps[i + 1] : 0;
      char key;

      if ((c >= 0x0900 && c <= 0x097F) || (c >= 0x0A00 && c <= 0x0A7F))
        {
          key = (c < 0x0A00 ? devanagari : gurmukhi)[c & 0x7F];
          if (key == '*')
            {
              /* ड़/ढ़ (and their Gurmukhi look-alikes) are a flapped r; other nukta
               * letters keep their base key, which already merges z into j and f. */
              gunichar base = i > 0 ? (cps[i - 1] & 0x7F) : 0;
              if (units->len > 0 && (base == 0x21 || base == 0x22) &&
                  units->str[units->len - 1] == 'd')
                units->str[units->len - 1] = 'r';
              continue;
            }
          if (key == '-')
            continue;
          /* A subjoined ha (ੜ੍ਹ) only marks aspiration, like Latin "h" after a consonant. */
          if (key == 'h' && (prev & 0x7F) == 0x4D)
            continue;
          /* "ia" and "iya" are one sound: य after an i-vowel (लुधियाना, पटियाला). */
          if (key == 'y' && is_indic_i_vowel (prev))
            continue;
          if (key == ' ')
            flush_word (units, out);
          else
            g_string_append_c (units, key);
          continue;
        }
      if (c >= 0x0300 && c <= 0x036F)
        continue; /* Latin accents after NFD */
      if (c == 0x200C || c == 0x200D || c == '\'' || c == 0x2019)
        continue; /* joiners and apostrophes do not break a word */
      if (c >= '0' && c <= '9')
        {
          g_string_append_c (units, (char) c);
          continue;
        }
      if (c < 'a' || c > 'z')
        {
          flush_word (units, out);
          continue;
        }

      if (is_latin_vowel (c))
        g_string_append_c (units, 'V');
      else if (c == 'y')
        {
          /* "y" after a consonant and before no vowel is itself a vowel (city, copy). */
          if (prev == 'i')
            continue;
          if (is_latin_consonant (prev) && !is_latin_vowel (next))
            g_string_append_c (units, 'V');
          else
            g_string_append_c (units, 'y');
        }
      else if (c == 'h')
        {
          /* After a consonant, h only marks aspiration (kh, bh, th) or a digraph (sh, ch). */
          if (!is_latin_consonant (prev))
            g_string_append_c (units, 'h');
        }
      else if (c == 'c')
        {
          if (next == 'h')
            g_string_append_c (units, 'c');
          else if (next == 'e' || next == 'i' || next == 'y')
            g_string_append_c (units, 's');
          else
            g_string_append_c (units, 'k');
        }
      else if (c == 'p' && next == 'h')
        g_string_append_c (units, 'f');
      else if (c == 'q')
        g_string_append_c (units, 'k');
      else if (c == 'x')
        g_string_append (units, "ks");
      else if (c == 'z')
        g_string_append_c (units, 'j');
      else if (c == 'w')
        g_string_append_c (units, 'v');
      else
        g_string_append_c (units, (char) c);
    }
  flush_word (units, out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GHashTable *
build_alias_table (void)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (gsize g = 0; g < G_N_ELEMENTS (alias_groups); g++)
    {
      g_autofree char *canonical = sewa_translit_fold (alias_groups[g][0]);

      for (gsize w = 0; w < G_N_ELEMENTS (alias_groups[g]) && alias_groups[g][w] != NULL; w++)
        {
          char *folded = sewa_translit_fold (alias_groups[g][w]);

          /* Multi-word or empty folds cannot be looked up word by word; the first group to
           * claim a skeleton keeps it. */
          if (*folded == '\0' || strchr (folded, ' ') != NULL ||
              g_hash_table_contains (table, folded))
            {
              g_free (folded);
              continue;
            }
          g_hash_table_insert (table, folded, g_strdup (canonical));
        }
    }
  return table;
}

const char *
sewa_translit_alias (const char *folded_word)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    g_once_init_leave (&table, build_alias_table ());
  if (folded_word == NULL)
    return NULL;
  return g_hash_table_lookup (table, folded_word);
}
