/* sewa-translit.h — folding Gurmukhi, Devanagari and Latin text to one Latin skeleton so that
 * "janam", "ਜਨਮ" and "जन्म" meet ("jnm").
 *
 * The skeleton keeps consonants by their sound in plain ASCII, merges the distinctions that
 * romanisations and typists blur (aspiration, retroflex/dental, nukta, c/k/s, v/w, z/j, ph/f),
 * keeps a word-initial vowel as "a", drops other vowels and collapses doubled letters. Words
 * are separated by single spaces; digits in any script become ASCII digits.
 *
 * Concepts that are different words in different languages (income / aamdan / ਆਮਦਨ / आय)
 * meet through a small alias table (data, in sewa-translit.c): sewa_translit_alias() maps the
 * skeleton of every word of a group to the group's canonical skeleton, the fold of its first
 * word. Search indexes and queries both the skeleton and its alias.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The skeleton of TEXT (any mix of scripts). Never NULL; "" when nothing foldable. */
char       *sewa_translit_fold (const char *text) G_GNUC_WARN_UNUSED_RESULT;
/* The canonical skeleton of the alias group that folded word WORD belongs to, or NULL. */
const char *sewa_translit_alias (const char *folded_word);

G_END_DECLS
