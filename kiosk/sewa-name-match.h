/* sewa-name-match.h — is the applicant's name somewhere in a document's OCR text?
 *
 * Names are compared by sound, not by spelling or script: both the name on the form and the
 * text read from the page are folded to the transliteration skeleton of the catalog search
 * (sewa-translit.h), so "Gurpreet Kaur", "ਗੁਰਪ੍ਰੀਤ ਕੌਰ" and "गुरप्रीत कौर" all become "grprt kr".
 * Word order is free ("Kaur Gurpreet") and an initial stands for any word it begins
 * ("G. Kaur"). The result is a score, never a verdict that blocks the citizen: the caller flags
 * a score under SEWA_NAME_MATCH_THRESHOLD for the citizen to look at.
 *
 * OCR text is outside input: any bytes are accepted (invalid UTF-8 scores 0), and the work is
 * bounded by SEWA_NAME_MATCH_MAX_WORDS words of text and SEWA_NAME_MATCH_MAX_NAME_WORDS words
 * of name.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At or above this the name counts as found on the page. */
#define SEWA_NAME_MATCH_THRESHOLD 0.8
/* Words of OCR text considered (a dense A4 page has about 600); the rest is ignored. */
#define SEWA_NAME_MATCH_MAX_WORDS 4000
/* Words of the applicant's name considered. */
#define SEWA_NAME_MATCH_MAX_NAME_WORDS 6

/* The phonetic key of a name in any of the three scripts: its skeleton words sorted, joined by
 * single spaces ("Kaur Gurpreet" -> "grprt kr"). Never NULL. */
char   *sewa_name_key (const char *name) G_GNUC_WARN_UNUSED_RESULT;

/* 0..1: how well @name (what the applicant typed) matches its best place in @text (OCR of a
 * page). 1 is every word found exactly; each word scores by edit distance on its skeleton and
 * an initial scores 0.9 against a word it begins. At least one word must match as a whole word,
 * so initials alone never pass. Words are weighted by their length. 0 when either is empty. */
double  sewa_name_match_score (const char *name, const char *text);

/* Does @text carry @number (a document number or a date as on the form)? Only digits are
 * compared, in any script (sewa-translit.h folds ੧੨ and १२ to 12), and one misread digit is
 * forgiven when the number has at least six. FALSE when @number has fewer than four digits,
 * because such short numbers occur on any page by chance. */
gboolean sewa_name_match_number (const char *number, const char *text);

G_END_DECLS
