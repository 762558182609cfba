/* A citizen's whole application through the real screen, in one language (SEWA_JOURNEY_LANG,
 * set by meson: this file is built once per language so the three run in parallel): language
 * tapped on home, the service found by typing on the on-screen keyboard, every required field
 * typed key by key, documents photographed by the camera, submitted, the receipt printed with
 * the reference; and the application at the portal exactly once — at once when the kiosk is
 * online, after the portal comes back when it was offline. The layout invariants are checked
 * on every screen on the way (sewa_fingers_check_layout). */
#include "sewa-journey.h"

typedef struct
{
  const char *online_service, *online_query;
  const char *offline_service, *offline_query;
} LangPlan;

/* Per language one service online and the other offline, so both services are seen in each
 * mode across the three languages. */
static const LangPlan plans[SEWA_N_LANGS] = {
  [SEWA_LANG_PA] = { "birth-certificate", "ਜਨਮ", "income-certificate", "ਆਮਦਨ" },
  [SEWA_LANG_HI] = { "income-certificate", "आय", "birth-certificate", "जन्म" },
  [SEWA_LANG_EN] = { "birth-certificate", "janam", "income-certificate", "income" },
};

static SewaLang lang;

static gboolean
portal_holds_one (JsonObject *state, gpointer data)
{
  return sewa_journey_portal_count (data) == 1;
}

static void
test_online (void)
{
  g_autofree char *name = g_strdup_printf ("online-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_start (name, TRUE, NULL);
  g_autofree char *reference = NULL;
  g_autoptr (JsonObject) state = NULL;

  reference = sewa_journey_apply (j, lang, plans[lang].online_service, plans[lang].online_query);
  g_test_message ("reference %s", reference);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  sewa_journey_free (j);
}

static void
test_offline (void)
{
  g_autofree char *name = g_strdup_printf ("offline-%s", sewa_lang_code (lang));
  SewaJourney *j = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *queue = NULL;
  g_autoptr (JsonObject) state = NULL;
  int status = -1;

  /* Enrolled, then the link goes down before the citizen arrives. */
  j = sewa_journey_start (name, TRUE, NULL);
  sewa_journey_portal_stop (j);
  reference = sewa_journey_apply (j, lang, plans[lang].offline_service, plans[lang].offline_query);
  queue = sewa_fingers_kioskctl (j->f, &status, "queue", "list", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (queue, reference));

  /* The portal comes back: the kiosk sends it, once. */
  sewa_journey_portal_start (j);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sewa_lang_from_code (SEWA_JOURNEY_LANG, &lang));
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/journey/online", test_online);
  g_test_add_func ("/ui/journey/offline", test_offline);
  return g_test_run ();
}
