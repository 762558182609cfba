/* Instant decisions on the real screen (#17), with portal-sim: a copy of a fard (a service the
 * catalog marks instant).
 *  - online, the citizen verified by OTP: the report finds nothing, the portal approves it in
 *    its answer to the PUT, and the done screen says "Approved";
 *  - offline, not verified: the done screen says it will be decided when sent; once the portal
 *    is back the kiosk sends it, and since the identity was not verified the portal does not
 *    decide it at once: the done screen says an officer will check it.
 * Screenshots under screenshots/journey/instant-<case>-<lang>/. */
#include "sewa-journey.h"
#include "sewa-printer-peer.h"

#include <string.h>

static const char *const queries[SEWA_N_LANGS] = {
  [SEWA_LANG_PA] = "ਫ਼ਰਦ", [SEWA_LANG_HI] = "फर्द", [SEWA_LANG_EN] = "fard",
};
static SewaLang lang;

static gboolean
portal_holds_one (JsonObject *state, gpointer data)
{
  return sewa_journey_portal_count (data) == 1;
}

static gboolean
printed (JsonObject *state, gpointer reference)
{
  g_autofree char *text = sewa_printer_peer_job_text (reference);

  return text != NULL;
}

static gboolean
decision_reads (JsonObject *state, gpointer text)
{
  JsonObject *w = sewa_fingers_find (state, ".instant-decision");

  return w != NULL && g_strcmp0 (json_object_get_string_member_with_default (w, "text", ""), text) == 0;
}

static void
test_online_approved (void)
{
  g_autofree char *name = g_strdup_printf ("instant-online-%s", sewa_lang_code (lang));
  /* The journeys photograph one sample page (an application form) for every document; as a
   * proof of identity the document checks rightly flag it, and a flagged application is never
   * decided at once (ui-prescrutiny-en-document shows a flag on the screen and in the report).
   * This test is about the decision coming back, so the kiosk runs without the checks. */
  SewaJourney *j = sewa_journey_start (name, TRUE, "[kiosk]\ndocument-checks=false\n");
  g_autofree char *reference = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) app = NULL;
  g_autofree char *receipt = NULL;
  const char *approved = sewa_journey_tr (lang, "Approved. This service was decided at once.");

  j->mobile = "9876500002";
  j->short_answers = TRUE;
  sewa_journey_to_documents (j, lang, "fard-copy", queries[lang]);
  sewa_journey_capture_documents (j, NULL);
  reference = sewa_journey_submit (j);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  app = sewa_journey_portal_admin (j, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (app, "status"), ==, "approved");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
      json_object_get_object_member (app, "body"), "prescrutiny"), "all_passed"));
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, decision_reads, (gpointer) approved, "\"Approved\" on the done screen", 60);
  sewa_journey_check (j, "done-approved");
  /* The receipt waited for the decision and prints it (English half of the bilingual line). */
  receipt = sewa_printer_peer_job_text (reference);
  g_assert_nonnull (receipt);
  g_assert_nonnull (strstr (receipt, "Approved"));
  sewa_journey_free (j);
}

static void
test_offline_decided_on_sync (void)
{
  g_autofree char *name = g_strdup_printf ("instant-offline-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_start (name, TRUE, NULL);
  g_autofree char *reference = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) app = NULL;
  g_autofree char *receipt = NULL;
  const char *later = sewa_journey_tr (lang, "This service is decided at once: the decision will be shown when your application is sent.");
  const char *officer = sewa_journey_tr (lang, "An officer will check your application before deciding. You can follow it on the status screen.");

  sewa_journey_portal_stop (j);
  j->short_answers = TRUE;
  sewa_journey_to_documents (j, lang, "fard-copy", queries[lang]);
  sewa_journey_capture_documents (j, NULL);
  reference = sewa_journey_submit (j);
  state = sewa_fingers_wait (j->f, decision_reads, (gpointer) later, "\"decided when sent\" on the done screen", 20);
  sewa_journey_check (j, "done-offline");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, printed, reference, "the receipt on the printer", 60);
  receipt = sewa_printer_peer_job_text (reference);
  g_assert_nonnull (receipt);
  g_assert_nonnull (strstr (receipt, "Will be decided when sent"));

  sewa_journey_portal_start (j);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  app = sewa_journey_portal_admin (j, "GET", path, NULL);
  /* Not verified at this visit: not decided at once. */
  g_assert_cmpstr (json_object_get_string_member (app, "status"), ==, "received");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, decision_reads, (gpointer) officer, "the referral on the done screen", 60);
  sewa_journey_check (j, "done-referred");
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sewa_lang_from_code (SEWA_JOURNEY_LANG, &lang));
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/instant/online-approved", test_online_approved);
  g_test_add_func ("/ui/instant/offline-decided-on-sync", test_offline_decided_on_sync);
  return g_test_run ();
}
