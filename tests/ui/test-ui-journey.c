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

static JsonObject *
application_at_portal (SewaJourney *j, const char *reference)
{
  g_autofree char *path = g_strconcat ("/admin/applications?reference=", reference, NULL);

  return sewa_journey_portal_admin (j, "GET", path, NULL);
}

static gboolean
portal_holds_one (JsonObject *state, gpointer data)
{
  return sewa_journey_portal_count (data) == 1;
}

/* Each document at the portal is filed under the type the citizen tapped. */
static void
assert_types_filed (SewaJourney *j, const char *reference)
{
  g_autofree char *arn = sewa_journey_wait_arn (j, reference, 60);
  g_autoptr (JsonArray) docs = sewa_journey_portal_documents (j, arn);
  guint checked = 0;

  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *d = json_array_get_object_element (docs, i);
      const char *chosen = j->chosen_types != NULL
                             ? g_hash_table_lookup (j->chosen_types, json_object_get_string_member (d, "doc_id"))
                             : NULL;

      if (chosen == NULL)
        continue;
      g_assert_cmpstr (json_object_get_string_member (d, "type"), ==, chosen);
      checked++;
    }
  g_assert_cmpuint (checked, ==, j->chosen_types != NULL ? g_hash_table_size (j->chosen_types) : 0);
}

static void
test_online (void)
{
  g_autofree char *name = g_strdup_printf ("online-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_start (name, TRUE, NULL);
  g_autofree char *reference = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) app = NULL;

  /* Online, the citizen verifies their mobile by OTP on the identify step. */
  j->mobile = "9876500001";
  reference = sewa_journey_apply (j, lang, plans[lang].online_service, plans[lang].online_query);
  g_test_message ("reference %s", reference);
  g_assert_true (j->identify_seen);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  assert_types_filed (j, reference);
  /* The portal got the token with the application and knows how the citizen was identified. */
  app = application_at_portal (j, reference);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (app, "identity"), "method"), ==, "otp");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (app, "identity"), "citizen_verified"));
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
  g_autoptr (JsonObject) app = NULL;
  int status = -1;

  /* Enrolled, then the link goes down before the citizen arrives. */
  j = sewa_journey_start (name, TRUE, NULL);
  sewa_journey_portal_stop (j);
  /* Lockdown rounds on the identify, type-chooser, review and done screens (tests/ui/
   * test-ui-lockdown.c walks the others): once, in English, where reaching them costs nothing
   * extra. */
  j->lockdown_rounds = lang == SEWA_LANG_EN;
  reference = sewa_journey_apply (j, lang, plans[lang].offline_service, plans[lang].offline_query);
  queue = sewa_fingers_kioskctl (j->f, &status, "queue", "list", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (queue, reference));

  /* The portal comes back: the kiosk sends it, once, recorded as unverified. */
  sewa_journey_portal_start (j);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  assert_types_filed (j, reference);
  g_assert_true (j->identify_seen);
  g_test_message ("identify step said offline: %s", j->identify_offline ? "yes" : "no");
  app = application_at_portal (j, reference);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (app, "identity"), "method"), ==, "none");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (app, "identity"), "citizen_verified"));
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
