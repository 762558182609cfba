/* sewa-lang.h — the three languages of the kiosk and switching between them.
 *
 * The kiosk speaks Punjabi (Gurmukhi), Hindi (Devanagari) and English. UI strings go through
 * gettext (domain "sewa-kiosk"); catalog text carries its own three languages and is picked
 * with sewa_lang_pick().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SEWA_LANG_PA = 0,
  SEWA_LANG_HI,
  SEWA_LANG_EN,
  SEWA_N_LANGS
} SewaLang;

const char *sewa_lang_code (SewaLang lang);
const char *sewa_lang_native_name (SewaLang lang);
/* What the kiosk says to someone who has not chosen a language yet, in @lang's own words. */
const char *sewa_lang_spoken_greeting (SewaLang lang);
gboolean    sewa_lang_from_code (const char *code, SewaLang *out_lang);

void        sewa_lang_init_gettext (const char *localedir);
void        sewa_lang_apply (SewaLang lang);
SewaLang    sewa_lang_current (void);

const char *sewa_lang_pick (SewaLang lang, const char *pa, const char *hi, const char *en);

G_END_DECLS
