/* Changing language mid-journey (#20 item 4) through the real screen: a citizen half types a
 * mobile number on "Who is applying?" in Punjabi, switches to English and back there (the
 * number still typed, the texts in each language), fills the birth certificate's form and
 * photographs the document in Punjabi, switches to Hindi from the top bar's language control
 * on the documents screen (the page still scanned, the texts in Hindi), goes back into the
 * form and switches to English there (the same form page, every answer still in its field, the
 * texts in English), then submits: the portal holds the answers typed in Punjabi and the page.
 * The language panel's layout is checked open in all three languages. One kiosk for the whole
 * journey. */
#include "sewa-journey.h"

#include <string.h>

#define SERVICE "birth-certificate"
#define DOC "id_proof"
/* Half a mobile number: typed on the identify step, never sent. */
#define MOBILE_TYPED "98140"

static gboolean
keyboard_hidden (JsonObject *state, gpointer unused)
{
  return !json_object_get_boolean_member (json_object_get_object_member (state, "osk"), "visible");
}

/* The keyboard closed as a citizen closes it, so the whole page shows. */
static void
close_keyboard (SewaJourney *j)
{
  g_autoptr (JsonObject) state = sewa_fingers_state (j->f);

  if (keyboard_hidden (state, NULL))
    return;
  sewa_fingers_tap (j->f, ".osk-special =⌄");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, keyboard_hidden, NULL, "the keyboard to close", 20);
}

/* The answers on the form's address page, as "id=text|" for each field typed in, read from the
 * fields found by their labels in @lang; every required one filled. */
static char *
answers (JsonObject *state, const SewaFormSection *section, SewaLang lang)
{
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < section->fields->len; i++)
    {
      const SewaFormField *field = g_ptr_array_index (section->fields, i);
      g_autofree char *selector = NULL;
      JsonObject *w;
      const char *text;

      if (field->type != SEWA_FIELD_TYPE_TEXT && field->type != SEWA_FIELD_TYPE_PINCODE)
        continue;
      selector = g_strconcat ("field=", sewa_text_get (&field->label, lang), NULL);
      w = sewa_fingers_find (state, selector);
      g_assert_nonnull (w);
      text = json_object_get_string_member_with_default (w, "text", "");
      if (field->required)
        g_assert_cmpstr (text, !=, "");
      g_string_append_printf (all, "%s=%s|", field->id, text);
    }
  return g_string_free (all, FALSE);
}

static const char *
text_of (JsonObject *state, const char *selector)
{
  JsonObject *w = sewa_fingers_find (state, selector);

  g_assert_nonnull (w);
  return json_object_get_string_member_with_default (w, "text", "");
}

/* Opens the language control by a tap, checks the panel's layout (each language named in its
 * own script) and taps @to; returns once the language control names @to. */
static void
switch_language (SewaJourney *j, SewaLang to, const char *label)
{
  g_autofree char *choice = g_strdup_printf ("#lang_choice_%s", sewa_lang_code (to));
  g_autofree char *shown = g_strdup_printf ("#lang_label =%s", sewa_lang_native_name (to));
  g_autoptr (JsonObject) panel = NULL;
  g_autoptr (JsonObject) state = NULL;

  close_keyboard (j);
  sewa_fingers_tap (j->f, "#lang_button");
  panel = sewa_fingers_wait_for (j->f, choice, 20);
  g_assert_cmpstr (text_of (panel, "#lang_choice_pa"), ==, "ਪੰਜਾਬੀ");
  g_assert_cmpstr (text_of (panel, "#lang_choice_hi"), ==, "हिन्दी");
  g_assert_cmpstr (text_of (panel, "#lang_choice_en"), ==, "English");
  sewa_fingers_check_layout (j->f, label);
  sewa_fingers_tap (j->f, choice);
  state = sewa_fingers_wait_for (j->f, shown, 20);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (state, "session"), "active"));
  g_assert_null (sewa_fingers_find (state, "#lang_choice_pa"));
}

static char *
pages_scanned (SewaLang lang)
{
  GString *text = g_string_new (sewa_journey_tr (lang, "%u page scanned"));

  /* The translation's own format, filled in as the kiosk fills it for one page. */
  g_assert_cmpuint (g_string_replace (text, "%u", "1", 1), ==, 1);
  return g_string_free (text, FALSE);
}

static gboolean
voice_says (JsonObject *state, gpointer text)
{
  JsonObject *voice = json_object_get_object_member (state, "voice");

  return voice != NULL && g_strcmp0 (json_object_get_string_member_with_default (voice, "text", NULL), text) == 0;
}

static gboolean
portal_holds_one (JsonObject *state, gpointer data)
{
  return sewa_journey_portal_count (data) == 1;
}

static void
test_switch (void)
{
  SewaJourney *j = sewa_journey_start ("langswitch", TRUE, NULL);
  const SewaForm *form = sewa_service_get_form (sewa_catalog_lookup_service (sewa_journey_catalog (), SERVICE));
  const SewaFormSection *address = g_ptr_array_index (form->sections, form->sections->len - 2);
  g_autofree char *scanned_pa = pages_scanned (SEWA_LANG_PA);
  g_autofree char *scanned_pa_sel = g_strconcat ("=", scanned_pa, NULL);
  g_autofree char *scanned_hi = g_strconcat ("=", pages_scanned (SEWA_LANG_HI), NULL);
  g_autofree char *scanned_en = g_strconcat ("=", pages_scanned (SEWA_LANG_EN), NULL);
  g_autofree char *back_hi = g_strconcat (".nav-button =", sewa_journey_tr (SEWA_LANG_HI, "Back"), NULL);
  g_autofree char *title_hi = g_strconcat ("#section_title =", sewa_text_get (&address->title, SEWA_LANG_HI), NULL);
  g_autofree char *title_en = g_strconcat ("#section_title =", sewa_text_get (&address->title, SEWA_LANG_EN), NULL);
  g_autofree char *heading_en = g_strconcat ("#heading =", sewa_journey_tr (SEWA_LANG_EN, "Verify your mobile number"), NULL);
  g_autofree char *heading_pa = g_strconcat ("#heading =", sewa_journey_tr (SEWA_LANG_PA, "Verify your mobile number"), NULL);
  g_autofree char *skip_en = g_strconcat ("#skip_button =", sewa_journey_tr (SEWA_LANG_EN, "Continue without verifying"), NULL);
  g_autofree char *typed_hi = NULL;
  g_autofree char *typed_en = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *path = NULL;
  g_autofree char *arn = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) app = NULL;
  g_autoptr (JsonArray) documents = NULL;
  JsonObject *answers_sent;

  g_assert_cmpstr (scanned_pa, !=, scanned_hi + 1);
  g_assert_cmpstr (sewa_text_get (&address->title, SEWA_LANG_HI), !=, sewa_text_get (&address->title, SEWA_LANG_EN));

  /* In Punjabi up to "Who is applying?", a mobile number half typed. */
  j->quick = TRUE;
  j->short_answers = TRUE;
  sewa_journey_to_apply (j, SEWA_LANG_PA, SERVICE, "ਜਨਮ");
  sewa_fingers_wait_screen (j->f, "identify");
  sewa_fingers_tap (j->f, "#mobile_entry");
  sewa_fingers_type_osk (j->f, MOBILE_TYPED);

  /* English there, then Punjabi again: the same step, the number still typed, the texts in
   * each language (the language panel checked open in Punjabi and in English). */
  switch_language (j, SEWA_LANG_EN, "langswitch-panel-pa");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, heading_en, 20);
  g_assert_cmpstr (sewa_fingers_screen (state), ==, "identify");
  g_assert_cmpstr (text_of (state, "#mobile_entry"), ==, MOBILE_TYPED);
  g_assert_nonnull (sewa_fingers_find (state, skip_en));
  sewa_fingers_check_layout (j->f, "langswitch-identify-en");
  switch_language (j, SEWA_LANG_PA, "langswitch-panel-en");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, heading_pa, 20);
  g_assert_cmpstr (text_of (state, "#mobile_entry"), ==, MOBILE_TYPED);
  sewa_fingers_check_layout (j->f, "langswitch-identify-pa");

  /* On unverified: every page of the form filled, the document photographed. */
  sewa_fingers_tap (j->f, "#skip_button");
  sewa_journey_fill_form (j);
  sewa_fingers_wait_screen (j->f, "documents");
  sewa_journey_capture_document (j, DOC);
  state = sewa_fingers_wait_for (j->f, scanned_pa_sel, 20);

  /* Hindi on the documents screen: still there, the page still scanned, said in Hindi. */
  switch_language (j, SEWA_LANG_HI, "langswitch-panel-pa-documents");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, scanned_hi, 20);
  g_assert_cmpstr (sewa_fingers_screen (state), ==, "documents");
  sewa_fingers_check_layout (j->f, "langswitch-documents-hi");
  /* The screen said again, in the Hindi voice. */
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, voice_says,
                             (gpointer) sewa_journey_tr (SEWA_LANG_HI, "Add each document the service asks for. Touch a document to photograph it."),
                             "the documents screen said in Hindi", 20);

  /* Back into the form (its last page), one page back to the address: the answers in Hindi's
   * labels. */
  sewa_fingers_tap (j->f, back_hi);
  sewa_fingers_wait_screen (j->f, "form");
  close_keyboard (j);
  sewa_fingers_tap (j->f, "#back_button");
  close_keyboard (j);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, title_hi, 20);
  typed_hi = answers (state, address, SEWA_LANG_HI);

  /* English on the form: the same page, every answer in its field, the texts in English. */
  switch_language (j, SEWA_LANG_EN, "langswitch-panel-hi");
  close_keyboard (j);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, title_en, 20);
  g_assert_cmpstr (sewa_fingers_screen (state), ==, "form");
  typed_en = answers (state, address, SEWA_LANG_EN);
  g_assert_cmpstr (typed_en, ==, typed_hi);
  sewa_fingers_check_layout (j->f, "langswitch-form-en");

  /* On to the documents (the page still scanned) and submitted. */
  sewa_fingers_tap (j->f, "#next_button");
  close_keyboard (j);
  sewa_fingers_tap (j->f, "#next_button");
  sewa_fingers_wait_screen (j->f, "documents");
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait_for (j->f, scanned_en, 20);
  reference = sewa_journey_submit (j);
  g_clear_pointer (&state, json_object_unref);
  state = sewa_fingers_wait (j->f, portal_holds_one, j, "the application at the portal", 90);
  path = g_strconcat ("/admin/applications?reference=", reference, NULL);
  app = sewa_journey_portal_admin (j, "GET", path, NULL);
  answers_sent = json_object_get_object_member (json_object_get_object_member (app, "body"), "form");
  g_assert_cmpstr (json_object_get_string_member (answers_sent, "applicant_name"), ==, SEWA_JOURNEY_SHORT_NAME_PA);
  g_assert_cmpstr (json_object_get_string_member (answers_sent, "applicant_father"), ==, SEWA_JOURNEY_SHORT_NAME_PA);
  g_assert_cmpstr (json_object_get_string_member (answers_sent, "mother_name"), ==, SEWA_JOURNEY_SHORT_NAME_PA);
  arn = sewa_journey_wait_arn (j, reference, 90);
  documents = sewa_journey_portal_documents (j, arn);
  g_assert_cmpuint (json_array_get_length (documents), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (documents, 0), "doc_id"), ==, DOC);
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/langswitch/keeps-everything", test_switch);
  return g_test_run ();
}
