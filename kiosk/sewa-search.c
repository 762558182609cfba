/* sewa-search.c — ranked, script-independent service search over SQLite FTS5 (trigram).
 *
 * Every service gets one row per language. A row holds the transliteration skeletons
 * (sewa-translit.h) of the service name, its department's name and its description, each
 * followed by the alias of any word that has one. SQLite finds candidate rows (FTS5 trigram
 * for terms of three or more skeleton characters, a B-tree prefix scan over a word table for
 * shorter ones); the ranking is then decided here in C on those few rows, where every tier of
 * the rule (exact name, name prefix, department, description, substring) is a plain string
 * test.
 * When nothing matches directly, a typo-tolerant pass compares every indexed word by edit
 * distance; the index is small enough (848 services × 3 languages) that this costs well under
 * a millisecond.
 */
#define G_LOG_DOMAIN "sewa-search"

#include "sewa-search.h"
#include "sewa-translit.h"

#include <sqlite3.h>
#include <string.h>

G_DEFINE_QUARK (sewa-search-error-quark, sewa_search_error)

#define MAX_TERMS 8
#define MAX_ALTS 2

typedef struct
{
  guint service_index;
  SewaLang lang;
  char *name;          /* skeleton of the name, own words only */
  char *name_canon;    /* the same with every word replaced by its alias, if any */
  char *name_all;      /* own words, then aliases: what the FTS column holds */
  char *dept_all;
  char *desc_all;
  char **name_words;   /* words of name_all */
  char **dept_words;
  char **desc_words;
  guint n_name_words;  /* own words in name */
  guint *fuzzy_ids;    /* vocabulary ids of the name and department words */
  guint n_fuzzy_ids;
  guint n_fuzzy_name;  /* the first n_fuzzy_name of them are the name's */
} Row;

struct _SewaSearch
{
  SewaCatalog *catalog;
  GPtrArray *services;  /* SewaService*, index = service_index */
  GArray *rows;         /* Row */
  sqlite3 *db;
  sqlite3_stmt *fts;
  sqlite3_stmt *prefix;
  guint8 *candidate;    /* one flag per row, reused by every query */
  /* Distinct name and department words, so the typo pass computes each edit distance once
   * per word rather than once per row it appears in. */
  GHashTable *vocab;    /* word → id + 1 */
  GPtrArray *vocab_words;
};

typedef struct
{
  char *alts[MAX_ALTS]; /* the term's skeleton and its alias (or NULL) */
} Term;

typedef struct
{
  guint service_index;
  SewaSearchMatch match;
  SewaLang lang;
  guint word_pos;
  guint n_words;
  guint length;
  guint lang_penalty;
  guint distance;
} Score;

static void
row_clear (Row *row)
{
  g_free (row->name);
  g_free (row->name_canon);
  g_free (row->name_all);
  g_free (row->dept_all);
  g_free (row->desc_all);
  g_strfreev (row->name_words);
  g_strfreev (row->dept_words);
  g_strfreev (row->desc_words);
  g_free (row->fuzzy_ids);
}

void
sewa_search_free (SewaSearch *search)
{
  if (search == NULL)
    return;
  sqlite3_finalize (search->fts);
  sqlite3_finalize (search->prefix);
  sqlite3_close (search->db);
  if (search->rows != NULL)
    {
      for (guint i = 0; i < search->rows->len; i++)
        row_clear (&g_array_index (search->rows, Row, i));
      g_array_unref (search->rows);
    }
  g_clear_pointer (&search->services, g_ptr_array_unref);
  g_clear_pointer (&search->vocab, g_hash_table_unref);
  g_clear_pointer (&search->vocab_words, g_ptr_array_unref);
  g_clear_object (&search->catalog);
  g_free (search->candidate);
  g_free (search);
}

/* SKELETON's words followed by the aliases of those that have one; *CANON gets the words with
 * aliases substituted. */
static char *
with_aliases (const char *skeleton, char **canon)
{
  g_auto (GStrv) words = g_strsplit (skeleton, " ", -1);
  g_autoptr (GString) all = g_string_new (skeleton);
  g_autoptr (GString) c = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *alias;

      if (*words[i] == '\0')
        continue;
      alias = sewa_translit_alias (words[i]);
      if (c->len > 0)
        g_string_append_c (c, ' ');
      g_string_append (c, alias != NULL ? alias : words[i]);
      if (alias != NULL && !g_str_equal (alias, words[i]))
        {
          g_string_append_c (all, ' ');
          g_string_append (all, alias);
        }
    }
  if (canon != NULL)
    *canon = g_string_free (g_steal_pointer (&c), FALSE);
  return g_string_free (g_steal_pointer (&all), FALSE);
}

static char **
split_words (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, " ", -1);
}

static guint
count_words (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (p == text || p[-1] == ' ')
      n++;
  return n;
}

static guint
vocab_id (SewaSearch *self, const char *word)
{
  gpointer v = g_hash_table_lookup (self->vocab, word);

  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  g_ptr_array_add (self->vocab_words, g_strdup (word));
  g_hash_table_insert (self->vocab, g_ptr_array_index (self->vocab_words, self->vocab_words->len - 1),
                       GUINT_TO_POINTER (self->vocab_words->len));
  return self->vocab_words->len - 1;
}

static void
assign_fuzzy_ids (SewaSearch *self, Row *row)
{
  guint n = 0;

  row->n_fuzzy_ids = g_strv_length (row->name_words) + g_strv_length (row->dept_words);
  row->fuzzy_ids = g_new (guint, MAX (row->n_fuzzy_ids, 1));
  for (guint w = 0; row->name_words[w] != NULL; w++)
    row->fuzzy_ids[n++] = vocab_id (self, row->name_words[w]);
  row->n_fuzzy_name = n;
  for (guint w = 0; row->dept_words[w] != NULL; w++)
    row->fuzzy_ids[n++] = vocab_id (self, row->dept_words[w]);
}

static gboolean
exec (SewaSearch *self, const char *sql, GError **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, SEWA_SEARCH_ERROR, SEWA_SEARCH_ERROR_SQLITE, "%s", msg != NULL ? msg : "sqlite");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sql_fail (SewaSearch *self, GError **error)
{
  g_set_error (error, SEWA_SEARCH_ERROR, SEWA_SEARCH_ERROR_SQLITE, "%s", sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
build_index (SewaSearch *self, GError **error)
{
  g_autoptr (GHashTable) dept_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *ins_fts = NULL, *ins_word = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (":memory:", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    return sql_fail (self, error);
  if (!exec (self, "CREATE VIRTUAL TABLE idx USING fts5(name, dept, descr, tokenize='trigram');"
                   "CREATE TABLE words(word TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (word, row)) WITHOUT ROWID;"
                   "BEGIN;", error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO idx(rowid, name, dept, descr) VALUES (?, ?, ?, ?)", -1, &ins_fts, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "INSERT OR IGNORE INTO words(word, row) VALUES (?, ?)", -1, &ins_word, NULL) != SQLITE_OK)
    {
      sql_fail (self, error);
      goto out;
    }

  for (guint s = 0; s < self->services->len; s++)
    {
      SewaService *service = g_ptr_array_index (self->services, s);
      SewaDepartment *dept = sewa_catalog_lookup_department (self->catalog, sewa_service_get_department_id (service));

      for (guint l = 0; l < SEWA_N_LANGS; l++)
        {
          Row row = { 0 };
          g_autofree char *name = sewa_translit_fold (sewa_text_get (sewa_service_get_name (service), l));
          g_autofree char *desc = sewa_translit_fold (sewa_text_get (sewa_service_get_description (service), l));
          g_autofree char *dept_key = g_strdup_printf ("%s/%u", sewa_service_get_department_id (service), l);
          const char *dept_all = g_hash_table_lookup (dept_cache, dept_key);
          gint64 rowid = (gint64) self->rows->len;

          if (dept_all == NULL)
            {
              g_autofree char *d = sewa_translit_fold (dept != NULL ? sewa_text_get (sewa_department_get_name (dept), l) : "");
              char *all = with_aliases (d, NULL);
              g_hash_table_insert (dept_cache, g_steal_pointer (&dept_key), all);
              dept_all = all;
            }
          row.service_index = s;
          row.lang = l;
          row.name_all = with_aliases (name, &row.name_canon);
          row.name = g_steal_pointer (&name);
          row.dept_all = g_strdup (dept_all);
          row.desc_all = with_aliases (desc, NULL);
          row.name_words = split_words (row.name_all);
          row.dept_words = split_words (row.dept_all);
          row.desc_words = split_words (row.desc_all);
          row.n_name_words = count_words (row.name);
          assign_fuzzy_ids (self, &row);
          g_array_append_val (self->rows, row);

          sqlite3_bind_int64 (ins_fts, 1, rowid);
          sqlite3_bind_text (ins_fts, 2, row.name_all, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_fts, 3, row.dept_all, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_fts, 4, row.desc_all, -1, SQLITE_STATIC);
          if (sqlite3_step (ins_fts) != SQLITE_DONE)
            {
              sql_fail (self, error);
              goto out;
            }
          sqlite3_reset (ins_fts);

          for (int col = 0; col < 3; col++)
            {
              char **words = col == 0 ? row.name_words : col == 1 ? row.dept_words : row.desc_words;
              for (guint w = 0; words[w] != NULL; w++)
                {
                  if (*words[w] == '\0')
                    continue;
                  sqlite3_bind_text (ins_word, 1, words[w], -1, SQLITE_STATIC);
                  sqlite3_bind_int64 (ins_word, 2, rowid);
                  if (sqlite3_step (ins_word) != SQLITE_DONE)
                    {
                      sql_fail (self, error);
                      goto out;
                    }
                  sqlite3_reset (ins_word);
                }
            }
        }
    }
  if (!exec (self, "COMMIT;", error))
    goto out;
  if (sqlite3_prepare_v2 (self->db, "SELECT rowid FROM idx WHERE idx MATCH ?", -1, &self->fts, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "SELECT row FROM words WHERE word >= ?1 AND word < ?2", -1, &self->prefix, NULL) != SQLITE_OK)
    {
      sql_fail (self, error);
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (ins_fts);
  sqlite3_finalize (ins_word);
  return ok;
}

SewaSearch *
sewa_search_new (SewaCatalog *catalog, GError **error)
{
  g_autoptr (SewaSearch) self = NULL;
  GListModel *services;

  g_return_val_if_fail (SEWA_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SewaSearch, 1);
  self->catalog = g_object_ref (catalog);
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  self->vocab = g_hash_table_new (g_str_hash, g_str_equal);
  self->vocab_words = g_ptr_array_new_with_free_func (g_free);
  services = sewa_catalog_get_services (catalog);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    g_ptr_array_add (self->services, g_list_model_get_item (services, i));
  if (!build_index (self, error))
    return NULL;
  self->candidate = g_new0 (guint8, MAX (self->rows->len, 1));
  return g_steal_pointer (&self);
}

/* ---- scoring ------------------------------------------------------------------------------ */

/* How TERM meets WORDS: 2 = equals a word, 1 = starts a word, 0 = neither; *POS gets the
 * first such word. */
static int
term_meets_words (const Term *term, char **words, guint *pos)
{
  int best = 0;

  for (guint w = 0; words[w] != NULL && best < 2; w++)
    for (guint a = 0; a < MAX_ALTS && term->alts[a] != NULL; a++)
      if (g_str_has_prefix (words[w], term->alts[a]))
        {
          int kind = words[w][strlen (term->alts[a])] == '\0' ? 2 : 1;
          if (kind > best)
            {
              best = kind;
              if (pos != NULL)
                *pos = w;
            }
        }
  return best;
}

static gboolean
term_inside (const Term *term, const char *text)
{
  for (guint a = 0; a < MAX_ALTS && term->alts[a] != NULL; a++)
    /* Below three characters a substring is noise; only a word start counts. */
    if (strlen (term->alts[a]) >= 3 && strstr (text, term->alts[a]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
score_row (const Row *row, const Term *terms, guint n_terms, const char *q_skel,
           const char *q_canon, SewaLang lang, Score *score)
{
  SewaSearchMatch worst = SEWA_SEARCH_MATCH_EXACT_NAME;
  guint first_pos = G_MAXUINT;
  guint partial = 0;

  for (guint t = 0; t < n_terms; t++)
    {
      SewaSearchMatch level;
      guint pos = 0;
      int kind;

      if ((kind = term_meets_words (&terms[t], row->name_words, &pos)) > 0)
        {
          level = SEWA_SEARCH_MATCH_NAME_PREFIX;
          first_pos = MIN (first_pos, pos);
        }
      else if ((kind = term_meets_words (&terms[t], row->dept_words, NULL)) > 0)
        level = SEWA_SEARCH_MATCH_DEPARTMENT;
      else if ((kind = term_meets_words (&terms[t], row->desc_words, NULL)) > 0)
        level = SEWA_SEARCH_MATCH_DESCRIPTION;
      else if (term_inside (&terms[t], row->name_all) || term_inside (&terms[t], row->dept_all) ||
               term_inside (&terms[t], row->desc_all))
        level = SEWA_SEARCH_MATCH_SUBSTRING;
      else
        return FALSE;
      if (kind < 2)
        partial++;
      worst = MAX (worst, level);
    }
  if (g_str_equal (row->name, q_skel) || g_str_equal (row->name_canon, q_canon))
    worst = SEWA_SEARCH_MATCH_EXACT_NAME;

  score->service_index = row->service_index;
  score->match = worst;
  score->lang = row->lang;
  score->distance = partial;
  score->word_pos = first_pos == G_MAXUINT ? 0 : first_pos;
  score->n_words = row->n_name_words;
  score->length = (guint) strlen (row->name);
  score->lang_penalty = row->lang == lang ? 0 : 1;
  return TRUE;
}

/* Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one
 * substring), capped: skeleton words are short. */
static guint
edit_distance (const char *a, gsize la, const char *b, gsize lb)
{
  guint d[33][33];

  if (la > 32 || lb > 32)
    return 99;
  for (gsize i = 0; i <= la; i++)
    d[i][0] = (guint) i;
  for (gsize j = 0; j <= lb; j++)
    d[0][j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
        guint v = MIN (MIN (d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          v = MIN (v, d[i - 2][j - 2] + 1);
        d[i][j] = v;
      }
  return d[la][lb];
}

/* The distance from TERM to WORD, or to the word's first characters as long as the term (the
 * citizen may still be typing). */
static guint
fuzzy_distance (const char *term, const char *word)
{
  gsize lt = strlen (term);
  gsize lw = strlen (word);
  guint best = 99;

  /* The distance is at least the difference in length: most words are ruled out here. */
  if (lw + 2 >= lt && lw <= lt + 2)
    best = edit_distance (term, lt, word, lw);
  if (lw > lt)
    best = MIN (best, edit_distance (term, lt, word, lt));
  return best;
}

/* DIST[t][id]: the distance from term T to vocabulary word ID, computed once per query. */
static guint8 **
fuzzy_table (SewaSearch *self, const Term *terms, guint n_terms)
{
  guint8 **dist = g_new0 (guint8 *, n_terms);

  for (guint t = 0; t < n_terms; t++)
    {
      const char *term = terms[t].alts[0];

      dist[t] = g_new (guint8, MAX (self->vocab_words->len, 1));
      for (guint id = 0; id < self->vocab_words->len; id++)
        {
          const char *word = g_ptr_array_index (self->vocab_words, id);
          if (strlen (term) < 3)
            /* Two letters of skeleton are too little to guess from: prefixes only. */
            dist[t][id] = g_str_has_prefix (word, term) ? 0 : 99;
          else
            dist[t][id] = (guint8) MIN (fuzzy_distance (term, word), 99);
        }
    }
  return dist;
}

static gboolean
score_row_fuzzy (const Row *row, const Term *terms, guint n_terms, guint8 **dist, SewaLang lang,
                 Score *score)
{
  SewaSearchMatch worst = SEWA_SEARCH_MATCH_NAME_PREFIX;
  guint total = 0;

  /* Descriptions are long and a near-miss there says little: typos are forgiven in the name
   * and the department only. Within the fuzzy tier "worst" orders the two. */
  for (guint t = 0; t < n_terms; t++)
    {
      guint allowed = strlen (terms[t].alts[0]) >= 6 ? 2 : 1;
      guint dn = 99, dd = 99;

      for (guint i = 0; i < row->n_fuzzy_ids; i++)
        {
          guint d = dist[t][row->fuzzy_ids[i]];
          if (i < row->n_fuzzy_name)
            dn = MIN (dn, d);
          else
            dd = MIN (dd, d);
        }
      if (dn <= allowed)
        total += dn;
      else if (dd <= allowed)
        {
          total += dd;
          worst = SEWA_SEARCH_MATCH_DEPARTMENT;
        }
      else
        return FALSE;
    }
  score->service_index = row->service_index;
  score->match = SEWA_SEARCH_MATCH_FUZZY;
  score->lang = row->lang;
  /* Within the fuzzy tier: fewer edits first, then where the words matched. */
  score->distance = total * 8 + (guint) worst;
  score->word_pos = 0;
  score->n_words = row->n_name_words;
  score->length = (guint) strlen (row->name);
  score->lang_penalty = row->lang == lang ? 0 : 1;
  return TRUE;
}

static gboolean
only_substrings (GArray *scores)
{
  for (guint i = 0; i < scores->len; i++)
    if (g_array_index (scores, Score, i).match < SEWA_SEARCH_MATCH_SUBSTRING)
      return FALSE;
  return TRUE;
}

static int
compare_scores (const Score *a, const Score *b)
{
#define CMP(f) if (a->f != b->f) return a->f < b->f ? -1 : 1
  CMP (match);
  CMP (distance);
  CMP (word_pos);
  CMP (n_words);
  CMP (lang_penalty);
  CMP (length);
  CMP (service_index);
#undef CMP
  return 0;
}

static gint
compare_scores_qsort (gconstpointer a, gconstpointer b)
{
  return compare_scores (a, b);
}

/* ---- candidates ----------------------------------------------------------------------------- */

static void
mark_fts (SewaSearch *self, const Term *term)
{
  g_autoptr (GString) match = g_string_new (NULL);

  for (guint a = 0; a < MAX_ALTS && term->alts[a] != NULL; a++)
    {
      if (strlen (term->alts[a]) < 3)
        continue;
      if (match->len > 0)
        g_string_append (match, " OR ");
      /* Skeletons are [a-z0-9] only, so quoting cannot be broken out of. */
      g_string_append_printf (match, "\"%s\"", term->alts[a]);
    }
  if (match->len == 0)
    return;
  sqlite3_bind_text (self->fts, 1, match->str, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (self->fts) == SQLITE_ROW)
    {
      gint64 r = sqlite3_column_int64 (self->fts, 0);
      if (r >= 0 && r < (gint64) self->rows->len)
        self->candidate[r] = 1;
    }
  sqlite3_reset (self->fts);
}

static void
mark_prefix (SewaSearch *self, const char *prefix)
{
  /* Skeleton characters sort below '{', so [prefix, prefix + "{") is every word it starts. */
  g_autofree char *upper = g_strconcat (prefix, "{", NULL);

  sqlite3_bind_text (self->prefix, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->prefix, 2, upper, -1, SQLITE_STATIC);
  while (sqlite3_step (self->prefix) == SQLITE_ROW)
    {
      gint64 r = sqlite3_column_int64 (self->prefix, 0);
      if (r >= 0 && r < (gint64) self->rows->len)
        self->candidate[r] = 1;
    }
  sqlite3_reset (self->prefix);
}

static void
mark_candidates (SewaSearch *self, const Term *term)
{
  for (guint a = 0; a < MAX_ALTS && term->alts[a] != NULL; a++)
    if (strlen (term->alts[a]) < 3)
      mark_prefix (self, term->alts[a]);
  mark_fts (self, term);
}

static guint
term_min_len (const Term *term)
{
  guint m = G_MAXUINT;

  for (guint a = 0; a < MAX_ALTS && term->alts[a] != NULL; a++)
    m = MIN (m, (guint) strlen (term->alts[a]));
  return m;
}

static void
hit_free (gpointer data)
{
  SewaSearchHit *hit = data;

  g_clear_object (&hit->service);
  g_free (hit);
}

GPtrArray *
sewa_search_query (SewaSearch *self, const char *query, SewaLang lang, guint limit)
{
  GPtrArray *hits = g_ptr_array_new_with_free_func (hit_free);
  g_autofree char *q_skel = NULL;
  g_autofree char *q_canon = NULL;
  g_auto (GStrv) words = NULL;
  g_autoptr (GArray) best = NULL;
  Term terms[MAX_TERMS] = { 0 };
  guint n_terms = 0, pick = 0;
  gint *best_of_service;
  guint8 **dist = NULL;

  g_return_val_if_fail (self != NULL, hits);

  if (query == NULL || self->rows->len == 0)
    return hits;
  q_skel = sewa_translit_fold (query);
  if (*q_skel == '\0')
    return hits;
  words = g_strsplit (q_skel, " ", MAX_TERMS + 1);
  for (guint i = 0; words[i] != NULL && n_terms < MAX_TERMS; i++)
    {
      const char *alias;

      if (*words[i] == '\0')
        continue;
      terms[n_terms].alts[0] = words[i];
      alias = sewa_translit_alias (words[i]);
      if (alias != NULL && !g_str_equal (alias, words[i]))
        terms[n_terms].alts[1] = (char *) alias;
      n_terms++;
    }
  {
    g_autoptr (GString) c = g_string_new (NULL);
    for (guint t = 0; t < n_terms; t++)
      {
        if (t > 0)
          g_string_append_c (c, ' ');
        g_string_append (c, terms[t].alts[1] != NULL ? terms[t].alts[1] : terms[t].alts[0]);
      }
    q_canon = g_string_free (g_steal_pointer (&c), FALSE);
  }

  /* Retrieve by the most selective term; score_row() checks all of them. */
  for (guint t = 1; t < n_terms; t++)
    if (term_min_len (&terms[t]) > term_min_len (&terms[pick]))
      pick = t;
  memset (self->candidate, 0, self->rows->len);
  mark_candidates (self, &terms[pick]);

  best = g_array_new (FALSE, FALSE, sizeof (Score));
  best_of_service = g_new (gint, self->services->len);
  for (guint s = 0; s < self->services->len; s++)
    best_of_service[s] = -1;

  /* Pass 0 scores the candidates; pass 1, the typo-tolerant scan, runs only when nothing
   * matched better than a substring, i.e. when the query is probably mistyped. */
  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 1 && !only_substrings (best))
        break;
      if (pass == 1)
        dist = fuzzy_table (self, terms, n_terms);
      for (guint r = 0; r < self->rows->len; r++)
        {
          const Row *row = &g_array_index (self->rows, Row, r);
          Score score;
          gboolean ok;

          if (pass == 0 && !self->candidate[r])
            continue;
          ok = pass == 0 ? score_row (row, terms, n_terms, q_skel, q_canon, lang, &score)
                         : score_row_fuzzy (row, terms, n_terms, dist, lang, &score);
          if (!ok)
            continue;
          if (pass == 1 && best_of_service[row->service_index] >= 0)
            continue; /* already found directly */
          if (best_of_service[row->service_index] < 0)
            {
              best_of_service[row->service_index] = (gint) best->len;
              g_array_append_val (best, score);
            }
          else
            {
              Score *old = &g_array_index (best, Score, best_of_service[row->service_index]);
              if (compare_scores (&score, old) < 0)
                *old = score;
            }
        }
    }
  g_free (best_of_service);
  for (guint t = 0; dist != NULL && t < n_terms; t++)
    g_free (dist[t]);
  g_free (dist);

  g_array_sort (best, compare_scores_qsort);
  for (guint i = 0; i < best->len && (limit == 0 || i < limit); i++)
    {
      const Score *score = &g_array_index (best, Score, i);
      SewaSearchHit *hit = g_new0 (SewaSearchHit, 1);

      hit->service = g_object_ref (g_ptr_array_index (self->services, score->service_index));
      hit->match = score->match;
      hit->matched_lang = score->lang;
      g_ptr_array_add (hits, hit);
    }
  return hits;
}

const char *
sewa_search_match_nick (SewaSearchMatch match)
{
  switch (match)
    {
    case SEWA_SEARCH_MATCH_EXACT_NAME: return "exact";
    case SEWA_SEARCH_MATCH_NAME_PREFIX: return "prefix";
    case SEWA_SEARCH_MATCH_SUBSTRING: return "substring";
    case SEWA_SEARCH_MATCH_DEPARTMENT: return "department";
    case SEWA_SEARCH_MATCH_DESCRIPTION: return "description";
    case SEWA_SEARCH_MATCH_FUZZY: return "fuzzy";
    default: return "unknown";
    }
}
