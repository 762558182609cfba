/* The review screen through the real screen: a citizen fills the birth certificate's form,
 * photographs the documents, reaches "Check your application", taps Change next to one answer,
 * lands on that answer with the cursor in it, corrects it on the on-screen keyboard, goes back to
 * the review (which shows the corrected value and still every document) and submits; the
 * application portal-sim receives carries the corrected value. One kiosk per language, so the
 * review's screenshots exist in pa, hi and en (screenshots/journey/review-<lang>/). */
#include "sewa-journey.h"

#include <string.h>

#define FIELD "applicant_father"

static const char *const queries[SEWA_N_LANGS] = {
  [SEWA_LANG_PA] = "ਜਨਮ", [SEWA_LANG_HI] = "जन्म", [SEWA_LANG_EN] = "janam",
};
/* The corrected name, in letters the journey already types in each script. */
static const char *const corrected[SEWA_N_LANGS] = {
  [SEWA_LANG_PA] = "ਪ੍ਰੀਤ ਕੌਰ", [SEWA_LANG_HI] = "नीता देवी", [SEWA_LANG_EN] = "Preet Kaur",
};
/* What sewa-journey.c typed for every name field. */
static const char *const typed[SEWA_N_LANGS] = {
  [SEWA_LANG_PA] = "ਗੁਰਪ੍ਰੀਤ ਕੌਰ", [SEWA_LANG_HI] = "सुनीता देवी", [SEWA_LANG_EN] = "Gurpreet Kaur",
};
static SewaLang lang;

static gboolean
keyboard_hidden (JsonObject *state, gpointer unused)
{
  return !json_object_get_boolean_member (json_object_get_object_member (state, "osk"), "visible");
}

/* The form shows the answer's page with the cursor in the answer's input. */
static gboolean
on_answer (JsonObject *state, gpointer selector)
{
  JsonObject *entry = sewa_fingers_find (state, selector);

  return g_strcmp0 (sewa_fingers_screen (state), "form") == 0 && entry != NULL &&
         json_object_get_boolean_member_with_default (entry, "focus", FALSE);
}

static gboolean
entry_reads (JsonObject *state, gpointer data)
{
  const char *const *want = data; /* selector, text */
  JsonObject *entry = sewa_fingers_find (state, want[0]);

  return entry != NULL && g_strcmp0 (json_object_get_string_member_with_default (entry, "text", ""), want[1]) == 0;
}

/* The Aadhaar answer reads "•••• •••• NNNN" and no widget shows more of the number. */
static gboolean
aadhaar_masked (JsonObject *state, gpointer unused)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  gboolean masked = FALSE;

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      const char *text = json_object_get_string_member_with_default (
          json_array_get_object_element (widgets, i), "text", "");

      g_assert_null (strstr (text, "34567890"));
      if (g_str_has_prefix (text, "•••• •••• ") && strlen (text) == strlen ("•••• •••• ") + 4)
        masked = TRUE;
    }
  return masked;
}

static gboolean
portal_holds_one (JsonObject *state, gpointer data)
{
  return sewa_journey_portal_count (data) == 1;
}

static void
test_change_answer (void)
{
  g_autofree char *name = g_strdup_printf ("review-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_start (name, TRUE, NULL);
  g_autofree char *label_sel = NULL;
  g_autofree char *new_sel = g_strconcat ("=", corrected[lang], NULL);
  g_autofree char *old_sel = g_strconcat ("=", typed[lang], NULL);
  g_autofree char *reference = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) app = NULL;
  JsonObject *form;
  const char *want[2];

  sewa_journey_to_documents (j, lang, "birth-certificate", queries[lang]);
  sewa_journey_capture_documents (j, NULL);
  sewa_journey_to_review (j);

  /* Every answer is there as typed, the Aadhaar number only as its last four digits; every
   * document with its own Change (scrolled to, as a citizen would). */
  state = sewa_fingers_state (j->f);
  g_assert_nonnull (sewa_fingers_find (state, old_sel));
  sewa_fingers_scroll_to (j->f, ".change-aadhaar");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, aadhaar_masked, NULL, "the Aadhaar number, masked", 20);
  sewa_fingers_scroll_to (j->f, ".change-doc-hospital_record");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, ".change-doc-id_proof", 20);
  sewa_journey_check (j, "review-documents");

  /* Change: the form at that answer, the cursor in it. */
  sewa_fingers_scroll_to (j->f, ".change-" FIELD);
  sewa_fingers_tap (j->f, ".change-" FIELD);
  label_sel = g_strconcat ("field=", sewa_text_get (&sewa_form_lookup_field (
                             sewa_service_get_form (sewa_catalog_lookup_service (
                               sewa_journey_catalog (), "birth-certificate")), FIELD)->label, lang), NULL);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, on_answer, label_sel, "the answer to change, focused", 20);
  sewa_journey_check (j, "review-change");

  /* Corrected key by key: a tap on the answer opens the keyboard, the old name is rubbed out
   * and the new one typed. */
  sewa_fingers_tap (j->f, label_sel);
  sewa_fingers_key (j->f, "End");
  for (glong i = 0; i < g_utf8_strlen (typed[lang], -1); i++)
    sewa_fingers_key (j->f, "BackSpace");
  sewa_fingers_type_osk (j->f, corrected[lang]);
  want[0] = label_sel;
  want[1] = corrected[lang];
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, entry_reads, want, "the corrected answer in its field", 20);
  if (!keyboard_hidden (state, NULL))
    {
      g_autoptr (JsonObject) hidden = NULL;

      sewa_fingers_tap (j->f, ".osk-special =⌄");
      hidden = sewa_fingers_wait (j->f, keyboard_hidden, NULL, "the keyboard to close", 20);
    }

  /* Back to the review: the new value shown, nothing else lost. */
  sewa_fingers_tap (j->f, "#review_return_button");
  sewa_fingers_wait_screen (j->f, "review");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, new_sel, 20);
  g_assert_true (keyboard_hidden (state, NULL));
  sewa_journey_check (j, "review-changed");

  reference = sewa_journey_submit (j);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  app = sewa_journey_portal_admin (j, "GET", path, NULL);
  form = json_object_get_object_member (json_object_get_object_member (app, "body"), "form");
  g_assert_cmpstr (json_object_get_string_member (form, FIELD), ==, corrected[lang]);
  g_assert_cmpstr (json_object_get_string_member (form, "applicant_name"), ==, typed[lang]);
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sewa_lang_from_code (SEWA_JOURNEY_LANG, &lang));
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/review/change-answer", test_change_answer);
  return g_test_run ();
}
