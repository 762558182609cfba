/* sewa-name-match.c — the applicant's name and numbers in OCR text, compared by sound.
 *
 * Both sides are folded to transliteration skeletons (sewa-translit.h). The text's words are
 * scanned with windows a little wider and narrower than the name; inside a window the name's
 * words are paired with the window's words greedily by similarity, in any order, so a middle
 * name read in between or a reordered name still meets its words.
 */
#include "sewa-name-match.h"

#include <string.h>
#include "sewa-translit.h"

/* Skeleton words longer than this are OCR noise (no name word is that long); they are cut so
 * one pathological word cannot make the edit distance expensive. */
#define WORD_MAX 32

static GPtrArray *
split_words (const char *folded, guint max_words)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) parts = g_strsplit (folded, " ", -1);

  for (guint i = 0; parts[i] != NULL && words->len < max_words; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (words, g_strndup (parts[i], WORD_MAX));
  return words;
}

static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint row[WORD_MAX + 1];

  g_assert (la <= WORD_MAX && lb <= WORD_MAX);
  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);

          best = MIN (best, up + 1);
          best = MIN (best, row[j - 1] + 1);
          row[j] = best;
          diag = up;
        }
    }
  return row[lb];
}

/* How alike two skeleton words are, 0..1; *whole is set when neither is an initial. An initial
 * stands for any word it begins but scores below an exact word, so "G Kaur" ranks under
 * "Gurpreet Kaur" when both are on the page. Two initials say too little to count. */
static double
word_similarity (const char *a, const char *b, gboolean *whole)
{
  gsize la = strlen (a), lb = strlen (b);

  *whole = FALSE;
  if (la == 1 || lb == 1)
    {
      if (la == 1 && lb == 1)
        return 0.0;
      return a[0] == b[0] ? 0.9 : 0.0;
    }
  *whole = TRUE;
  return 1.0 - (double) edit_distance (a, b) / (double) MAX (la, lb);
}

/* The best pairing of the name's words with the window's words (greedy by similarity; the
 * lists are a handful of words long), as a length-weighted mean over the name's words. */
static double
window_score (GPtrArray *name, GPtrArray *text, guint start, guint len)
{
  double sims[SEWA_NAME_MATCH_MAX_NAME_WORDS][SEWA_NAME_MATCH_MAX_NAME_WORDS + 1];
  gboolean wholes[SEWA_NAME_MATCH_MAX_NAME_WORDS][SEWA_NAME_MATCH_MAX_NAME_WORDS + 1];
  gboolean name_used[SEWA_NAME_MATCH_MAX_NAME_WORDS] = { FALSE };
  gboolean text_used[SEWA_NAME_MATCH_MAX_NAME_WORDS + 1] = { FALSE };
  double total = 0.0, weight = 0.0;
  gboolean any_whole = FALSE;

  g_assert (name->len <= SEWA_NAME_MATCH_MAX_NAME_WORDS && len <= SEWA_NAME_MATCH_MAX_NAME_WORDS + 1);
  for (guint i = 0; i < name->len; i++)
    {
      weight += (double) strlen (g_ptr_array_index (name, i));
      for (guint j = 0; j < len; j++)
        sims[i][j] = word_similarity (g_ptr_array_index (name, i),
                                      g_ptr_array_index (text, start + j), &wholes[i][j]);
    }
  for (guint round = 0; round < MIN (name->len, len); round++)
    {
      double best = -1.0;
      guint bi = 0, bj = 0;

      for (guint i = 0; i < name->len; i++)
        for (guint j = 0; j < len; j++)
          if (!name_used[i] && !text_used[j] && sims[i][j] > best)
            {
              best = sims[i][j];
              bi = i;
              bj = j;
            }
      if (best <= 0.0)
        break;
      name_used[bi] = TRUE;
      text_used[bj] = TRUE;
      total += best * (double) strlen (g_ptr_array_index (name, bi));
      /* A whole word only anchors the match when it is close, not merely a fellow consonant. */
      if (wholes[bi][bj] && best >= SEWA_NAME_MATCH_THRESHOLD)
        any_whole = TRUE;
    }
  if (!any_whole || weight <= 0.0)
    return 0.0;
  return total / weight;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char *
sewa_name_key (const char *name)
{
  g_autofree char *folded = NULL;
  g_autoptr (GPtrArray) words = NULL;
  GString *key = g_string_new (NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_string_free (key, FALSE);
  folded = sewa_translit_fold (name);
  words = split_words (folded, G_MAXUINT);
  g_ptr_array_sort (words, compare_strings);
  for (guint i = 0; i < words->len; i++)
    {
      if (i > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, g_ptr_array_index (words, i));
    }
  return g_string_free (key, FALSE);
}

double
sewa_name_match_score (const char *name, const char *text)
{
  g_autofree char *fname = NULL;
  g_autofree char *ftext = NULL;
  g_autoptr (GPtrArray) nwords = NULL;
  g_autoptr (GPtrArray) twords = NULL;
  double best = 0.0;

  if (name == NULL || text == NULL || !g_utf8_validate (name, -1, NULL) || !g_utf8_validate (text, -1, NULL))
    return 0.0;
  fname = sewa_translit_fold (name);
  ftext = sewa_translit_fold (text);
  nwords = split_words (fname, SEWA_NAME_MATCH_MAX_NAME_WORDS);
  twords = split_words (ftext, SEWA_NAME_MATCH_MAX_WORDS);
  if (nwords->len == 0 || twords->len == 0)
    return 0.0;
  for (guint start = 0; start < twords->len; start++)
    {
      /* One word fewer (a name printed without a middle name) to one more (a middle name, or
       * a stray mark read between the words). */
      guint lo = MAX (1, nwords->len - 1), hi = nwords->len + 1;

      for (guint len = lo; len <= hi && start + len <= twords->len; len++)
        best = MAX (best, window_score (nwords, twords, start, len));
      if (best >= 1.0)
        break;
    }
  return best;
}

/* The runs of digits of a folded text, each as a string. */
static GPtrArray *
digit_groups (const char *folded, guint max_groups)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (g_free);
  const char *p = folded;

  while (*p != '\0' && groups->len < max_groups)
    {
      const char *start;

      while (*p != '\0' && !g_ascii_isdigit (*p))
        p++;
      start = p;
      while (g_ascii_isdigit (*p))
        p++;
      if (p > start)
        g_ptr_array_add (groups, g_strndup (start, (gsize) MIN (p - start, WORD_MAX)));
    }
  return groups;
}

/* A group with its leading zeros dropped, so "03" on a certificate meets "3" on the form. */
static const char *
strip_zeros (const char *group)
{
  while (group[0] == '0' && group[1] != '\0')
    group++;
  return group;
}

gboolean
sewa_name_match_number (const char *number, const char *text)
{
  g_autofree char *fnum = NULL;
  g_autofree char *ftext = NULL;
  g_autoptr (GPtrArray) ngroups = NULL;
  g_autoptr (GPtrArray) tgroups = NULL;
  g_autoptr (GString) want = g_string_new (NULL);
  gsize ndigits = 0;

  if (number == NULL || text == NULL || !g_utf8_validate (number, -1, NULL) || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  fnum = sewa_translit_fold (number);
  ftext = sewa_translit_fold (text);
  ngroups = digit_groups (fnum, 8);
  tgroups = digit_groups (ftext, SEWA_NAME_MATCH_MAX_WORDS);
  for (guint i = 0; i < ngroups->len; i++)
    {
      g_string_append (want, g_ptr_array_index (ngroups, i));
      ndigits += strlen (g_ptr_array_index (ngroups, i));
    }
  if (ndigits < 4 || want->len > WORD_MAX)
    return FALSE;

  for (guint start = 0; start < tgroups->len; start++)
    {
      g_autoptr (GString) got = g_string_new (NULL);

      /* The same digits split differently ("1234 5678 9012" against "123456789012"). */
      for (guint k = start; k < tgroups->len && got->len < want->len + 2; k++)
        {
          g_string_append (got, g_ptr_array_index (tgroups, k));
          if (got->len > WORD_MAX)
            break;
          if (g_str_equal (got->str, want->str))
            return TRUE;
          if (want->len >= 6 && got->len == want->len && edit_distance (got->str, want->str) <= 1)
            return TRUE;
        }

      /* A date written in another order (1990-03-12 on the form, 12/03/1990 on the page):
       * the same groups in any order, side by side. */
      if (ngroups->len >= 2 && start + ngroups->len <= tgroups->len)
        {
          gboolean used[8] = { FALSE };
          gboolean all = TRUE;

          for (guint i = 0; i < ngroups->len && all; i++)
            {
              gboolean found = FALSE;

              for (guint j = 0; j < ngroups->len && !found; j++)
                if (!used[j] && g_str_equal (strip_zeros (g_ptr_array_index (ngroups, i)),
                                             strip_zeros (g_ptr_array_index (tgroups, start + j))))
                  {
                    used[j] = TRUE;
                    found = TRUE;
                  }
              all = found;
            }
          if (all)
            return TRUE;
        }
    }
  return FALSE;
}
