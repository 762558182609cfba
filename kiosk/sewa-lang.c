/* sewa-lang.c — language switching for a running kiosk.
 *
 * A kiosk changes language many times a day without restarting, so we cannot rely on the
 * process locale alone. glibc's gettext honours $LANGUAGE for any LC_MESSAGES locale other
 * than plain "C"; C.UTF-8 is always present on Debian 12, so we select it when the
 * environment gives us "C", and switch languages by setting $LANGUAGE and bumping the
 * catalog counter glibc exposes for exactly this purpose.
 */
#include "sewa-build-config.h"
#include "sewa-lang.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>

/* glibc's own cache-invalidation counter; documented in the gettext manual ("Being a
 * gettext grok") as the way to make a running program see a changed $LANGUAGE. */
extern int _nl_msg_cat_cntr;

static SewaLang current_lang = SEWA_LANG_PA;

static const struct
{
  const char *code;
  const char *native;
  const char *language_env;
} langs[SEWA_N_LANGS] = {
  [SEWA_LANG_PA] = { "pa", "ਪੰਜਾਬੀ", "pa" },
  [SEWA_LANG_HI] = { "hi", "हिन्दी", "hi" },
  [SEWA_LANG_EN] = { "en", "English", "en" },
};

const char *
sewa_lang_code (SewaLang lang)
{
  g_return_val_if_fail (lang < SEWA_N_LANGS, "en");
  return langs[lang].code;
}

const char *
sewa_lang_native_name (SewaLang lang)
{
  g_return_val_if_fail (lang < SEWA_N_LANGS, "English");
  return langs[lang].native;
}

const char *
sewa_lang_spoken_greeting (SewaLang lang)
{
  static const char *const greetings[SEWA_N_LANGS] = {
    [SEWA_LANG_PA] = "ਜੀ ਆਇਆਂ ਨੂੰ। ਸ਼ੁਰੂ ਕਰਨ ਲਈ ਆਪਣੀ ਭਾਸ਼ਾ ਛੂਹੋ।",
    [SEWA_LANG_HI] = "आपका स्वागत है। शुरू करने के लिए अपनी भाषा छुएँ।",
    [SEWA_LANG_EN] = "Welcome. Touch your language to begin.",
  };

  g_return_val_if_fail (lang < SEWA_N_LANGS, greetings[SEWA_LANG_EN]);
  return greetings[lang];
}

gboolean
sewa_lang_from_code (const char *code, SewaLang *out_lang)
{
  if (code == NULL)
    return FALSE;
  for (guint i = 0; i < SEWA_N_LANGS; i++)
    {
      if (g_ascii_strcasecmp (code, langs[i].code) == 0)
        {
          if (out_lang != NULL)
            *out_lang = (SewaLang) i;
          return TRUE;
        }
    }
  return FALSE;
}

void
sewa_lang_init_gettext (const char *localedir)
{
  const char *loc = setlocale (LC_ALL, "");

  if (loc == NULL || g_str_equal (loc, "C") || g_str_equal (loc, "POSIX"))
    setlocale (LC_ALL, "C.UTF-8");

  /* Create $LANGUAGE now, while the process has one thread: later switches then replace an
   * existing entry instead of growing the environment under other threads' feet. */
  g_setenv ("LANGUAGE", langs[current_lang].language_env, TRUE);

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : SEWA_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
sewa_lang_apply (SewaLang lang)
{
  g_return_if_fail (lang < SEWA_N_LANGS);

  current_lang = lang;
  g_setenv ("LANGUAGE", langs[lang].language_env, TRUE);
  ++_nl_msg_cat_cntr;
}

SewaLang
sewa_lang_current (void)
{
  return current_lang;
}

const char *
sewa_lang_pick (SewaLang lang, const char *pa, const char *hi, const char *en)
{
  const char *pick = NULL;

  switch (lang)
    {
    case SEWA_LANG_PA: pick = pa; break;
    case SEWA_LANG_HI: pick = hi; break;
    case SEWA_LANG_EN: pick = en; break;
    case SEWA_N_LANGS:
    default: break;
    }
  /* Fall back to English, then anything, so a catalog gap never shows a blank. */
  if (pick == NULL || *pick == '\0')
    pick = en;
  if (pick == NULL || *pick == '\0')
    pick = pa != NULL && *pa != '\0' ? pa : hi;
  return pick != NULL ? pick : "";
}
