/* The review screen through the real screen: a citizen fills the birth certificate's form,
 * photographs the document, reaches "Check your application", taps Change next to one answer,
 * lands on that answer with the cursor in it and the keyboard open, corrects it on the
 * on-screen keyboard, goes back to the review (the corrected value shown, every other line as
 * before) and submits; the application portal-sim receives carries the corrected value. One
 * kiosk and one form per language, so the review's screenshots exist in pa, hi and en
 * (screenshots/journey/review-<lang>/). */
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
/* What sewa-journey.c typed for every name field (short answers). */
static const char *const typed[SEWA_N_LANGS] = {
  [SEWA_LANG_PA] = SEWA_JOURNEY_SHORT_NAME_PA, [SEWA_LANG_HI] = SEWA_JOURNEY_SHORT_NAME_HI,
  [SEWA_LANG_EN] = SEWA_JOURNEY_SHORT_NAME_EN,
};
static SewaLang lang;

static gboolean
keyboard_hidden (JsonObject *state, gpointer unused)
{
  return !json_object_get_boolean_member (json_object_get_object_member (state, "osk"), "visible");
}

/* The form shows the answer's page with the cursor in the answer's input and the keyboard open
 * on it, ready for the correction. */
static gboolean
typing_in (JsonObject *state, gpointer selector)
{
  JsonObject *entry = sewa_fingers_find (state, selector);

  return g_strcmp0 (sewa_fingers_screen (state), "form") == 0 && entry != NULL &&
         json_object_get_boolean_member_with_default (entry, "focus", FALSE) &&
         !keyboard_hidden (state, NULL);
}

static const char *
entry_text (JsonObject *state, const char *selector)
{
  JsonObject *entry = sewa_fingers_find (state, selector);

  return entry != NULL ? json_object_get_string_member_with_default (entry, "text", "") : NULL;
}

static gboolean
entry_reads (JsonObject *state, gpointer data)
{
  const char *const *want = data; /* selector, text */

  return g_strcmp0 (entry_text (state, want[0]), want[1]) == 0;
}

static gboolean
has_class (JsonObject *w, const char *name)
{
  JsonArray *classes = json_object_get_array_member (w, "classes");

  for (guint i = 0; classes != NULL && i < json_array_get_length (classes); i++)
    if (g_strcmp0 (json_array_get_string_element (classes, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* Every line of the review as "label: value", in order (answers, then documents), whether
 * scrolled into view or not. No widget shows more of the Aadhaar number than its last four. */
static GPtrArray *
review_lines (JsonObject *state)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *label = NULL;

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);
      const char *text = json_object_get_string_member_with_default (w, "text", "");

      g_assert_null (strstr (text, "34567890"));
      if (has_class (w, "field-label"))
        label = text;
      else if (g_strcmp0 (json_object_get_string_member_with_default (w, "name", ""), "review-value") == 0)
        g_ptr_array_add (lines, g_strconcat (label != NULL ? label : "?", ": ", text, NULL));
    }
  return lines;
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
  SewaService *service = sewa_catalog_lookup_service (sewa_journey_catalog (), "birth-certificate");
  const char *label = sewa_text_get (&sewa_form_lookup_field (sewa_service_get_form (service), FIELD)->label, lang);
  g_autofree char *field_sel = g_strconcat ("field=", label, NULL);
  g_autofree char *old_line = g_strconcat (label, ": ", typed[lang], NULL);
  g_autofree char *new_line = g_strconcat (label, ": ", corrected[lang], NULL);
  g_autofree char *new_sel = g_strconcat ("=", corrected[lang], NULL);
  g_autofree char *aadhaar_line = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) app = NULL;
  JsonObject *form;
  const char *want[2];
  guint changed = 0;

  /* The steps before the review are the journeys' to check; here they only lead to it. */
  j->quick = TRUE;
  j->short_answers = TRUE;
  sewa_journey_to_documents (j, lang, "birth-certificate", queries[lang]);
  sewa_journey_capture_documents (j, NULL);
  j->quick = FALSE;
  sewa_journey_to_review (j);

  /* Every answer as typed, the Aadhaar number only as its last four digits, the document with
   * its own Change. */
  state = sewa_fingers_state (j->f);
  before = review_lines (state);
  g_assert_true (g_ptr_array_find_with_equal_func (before, old_line, g_str_equal, NULL));
  aadhaar_line = g_strconcat (sewa_text_get (&sewa_form_lookup_field (sewa_service_get_form (service), "aadhaar")->label, lang),
                              ": •••• •••• ", NULL);
  g_assert_true (g_ptr_array_find_with_equal_func (before, aadhaar_line, (GEqualFunc) g_str_has_prefix, NULL));
  g_assert_nonnull (sewa_fingers_find (state, ".change-doc-id_proof"));

  /* Change: the form at that answer, the cursor in it, the keyboard open on it. */
  sewa_fingers_tap (j->f, ".change-" FIELD);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, typing_in, field_sel, "the answer to change, with the keyboard on it", 20);
  sewa_journey_check (j, "review-change");

  /* Corrected on the keyboard: rubbed out with its ⌫ (the whole answer at once when the kiosk
   * selected it, as a field does on focus), the new name typed key by key. */
  for (guint presses = 0; g_strcmp0 (entry_text (state, field_sel), "") != 0; presses++)
    {
      g_assert_cmpuint (presses, <=, (guint) g_utf8_strlen (typed[lang], -1));
      sewa_fingers_tap (j->f, ".osk-special =⌫");
      g_clear_pointer (&state, json_object_unref);
      state = sewa_fingers_state (j->f);
    }
  sewa_fingers_type_osk (j->f, corrected[lang]);
  want[0] = field_sel;
  want[1] = corrected[lang];
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, entry_reads, want, "the corrected answer in its field", 20);
  sewa_fingers_tap (j->f, ".osk-special =⌄");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, keyboard_hidden, NULL, "the keyboard to close", 20);

  /* Back to the review: the new value shown, every other line exactly as before. */
  sewa_fingers_tap (j->f, "#review_return_button");
  sewa_fingers_wait_screen (j->f, "review");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, new_sel, 20);
  g_assert_true (keyboard_hidden (state, NULL));
  after = review_lines (state);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    if (g_strcmp0 (before->pdata[i], after->pdata[i]) != 0)
      {
        g_assert_cmpstr (before->pdata[i], ==, old_line);
        g_assert_cmpstr (after->pdata[i], ==, new_line);
        changed++;
      }
  g_assert_cmpuint (changed, ==, 1);
  sewa_journey_check (j, "review-changed");

  /* Submitted from the review: the portal holds the corrected answer, the others as typed. */
  reference = sewa_journey_submit (j);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  app = sewa_journey_portal_admin (j, "GET", path, NULL);
  form = json_object_get_object_member (json_object_get_object_member (app, "body"), "form");
  g_assert_cmpstr (json_object_get_string_member (form, FIELD), ==, corrected[lang]);
  g_assert_cmpstr (json_object_get_string_member (form, "applicant_name"), ==, typed[lang]);
  g_assert_cmpstr (json_object_get_string_member (form, "mother_name"), ==, typed[lang]);
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
