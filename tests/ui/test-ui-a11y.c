/* What a screen reader finds, on every screen a citizen's journey reaches through the real
 * screen, in one language (SEWA_JOURNEY_LANG, set by meson: built once per language): home,
 * start, browse, service, identify, form pages with the keyboard open, documents, doctype,
 * capture, review, done and the status lookup. On each, besides the
 * layout invariants: every interactive widget shown has an accessible name that GTK's own
 * accessible state confirms, every form field is labelled by its caption, and every error line
 * shown is an alert and describes its field (sewa_fingers_set_check_a11y). Then the same on the
 * operator's PIN pad and every tab of operator mode (sewa_journey_operator_walk). Also: an error line
 * shown on the form and gone again, the done screen's alerts, and the reference and due date
 * spoken there and again by "Listen". */
#include "sewa-journey.h"
#include "sewa-reference.h"

#include <string.h>

typedef struct
{
  const char *service, *query;
} LangPlan;

static const LangPlan plans[SEWA_N_LANGS] = {
  [SEWA_LANG_PA] = { "birth-certificate", "ਜਨਮ" },
  [SEWA_LANG_HI] = { "income-certificate", "आय" },
  [SEWA_LANG_EN] = { "birth-certificate", "janam" },
};

static SewaLang lang;

/* The operator's PIN, set in the kiosk's configuration by `kioskctl operator set-pin`. */
#define SEWA_A11Y_PIN "2468"

typedef struct
{
  const char *reference_words; /* the reference as the voice must spell it */
  const char *due_words;       /* the start of the due-date sentence, in the citizen's language */
  gint64 said_after;           /* said more often than this */
  const char *same_as;         /* and the same words as before, when set */
} Spoken;

static JsonObject *
voice_of (JsonObject *state)
{
  return json_object_has_member (state, "voice") ? json_object_get_object_member (state, "voice") : NULL;
}

static gboolean
voice_says_numbers (JsonObject *state, gpointer data)
{
  Spoken *sp = data;
  JsonObject *v = voice_of (state);
  const char *text = v != NULL ? json_object_get_string_member_with_default (v, "text", NULL) : NULL;

  return text != NULL && strstr (text, sp->reference_words) != NULL && strstr (text, sp->due_words) != NULL &&
         json_object_get_int_member (v, "said") > sp->said_after &&
         (sp->same_as == NULL || g_str_equal (text, sp->same_as));
}

/* On the done screen the voice says the reference one character at a time and the due date in
 * the citizen's language; "Listen" says them again. */
static void
check_numbers_spoken (SewaJourney *j, const char *reference)
{
  g_autofree char *spelled = sewa_reference_spell (reference);
  g_auto (GStrv) due = g_strsplit (sewa_journey_tr (lang, "The decision is due by %s."), "%s", 2);
  Spoken sp = { spelled, due[0], 0, NULL };
  g_autoptr (JsonObject) first = sewa_fingers_wait (j->f, voice_says_numbers, &sp, "the voice saying the reference and due date", 30);
  g_autoptr (JsonObject) again = NULL;
  g_autofree char *said = g_strdup (json_object_get_string_member (voice_of (first), "text"));

  g_assert_cmpuint (strlen (due[0]), >, 0);
  sp.said_after = json_object_get_int_member (voice_of (first), "said");
  sp.same_as = said;
  sewa_fingers_tap (j->f, "#listen_button");
  again = sewa_fingers_wait (j->f, voice_says_numbers, &sp, "Listen saying the reference and due date again", 30);
}

typedef struct
{
  const char *message;  /* the error line's words */
  gboolean shown;       /* wait for it shown and describing the field, or gone and the field
                         * described by nothing */
} ErrorWait;

static JsonObject *
a11y_member (JsonObject *w)
{
  return json_object_has_member (w, "a11y") ? json_object_get_object_member (w, "a11y") : NULL;
}

static gboolean
error_tied (JsonObject *state, gpointer data)
{
  ErrorWait *ew = data;
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  gboolean line = FALSE, described = FALSE;

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);
      JsonObject *a = a11y_member (w);

      if (g_strcmp0 (json_object_get_string_member_with_default (w, "text", NULL), ew->message) == 0 &&
          json_object_get_int_member (w, "w") > 0 && a != NULL && json_object_has_member (a, "alert"))
        line = TRUE;
      if (a != NULL && g_strcmp0 (json_object_get_string_member_with_default (a, "described_by", NULL),
                                  ew->message) == 0)
        described = TRUE;
    }
  return ew->shown ? line && described : !line && !described;
}

/* On the form's first page: a digit typed into the first name field shows the error line,
 * which is an alert and describes that field (checked with the whole screen); the digit
 * deleted, the line and the relation are gone, and the journey fills the field as usual. */
static void
show_a_field_error (SewaJourney *j, JsonObject *state, gpointer data)
{
  gboolean *done = data;
  SewaService *service = sewa_catalog_lookup_service (sewa_journey_catalog (), j->service_id);
  const SewaForm *form = sewa_service_get_form (service);
  const SewaFormSection *sec = g_ptr_array_index (form->sections, 0);
  ErrorWait ew = { sewa_journey_tr (lang, "A name can have only letters, spaces, dots and hyphens."), TRUE };
  g_autoptr (JsonObject) shown = NULL;
  g_autoptr (JsonObject) gone = NULL;

  if (*done)
    return;
  *done = TRUE;
  for (guint i = 0; i < sec->fields->len; i++)
    {
      const SewaFormField *field = g_ptr_array_index (sec->fields, i);
      g_autofree char *selector = NULL;

      if (field->type != SEWA_FIELD_TYPE_NAME || field->show_if != NULL)
        continue;
      selector = g_strconcat ("field=", sewa_text_get (&field->label, lang), NULL);
      sewa_fingers_tap (j->f, selector);
      sewa_fingers_type_osk (j->f, "7");
      shown = sewa_fingers_wait (j->f, error_tied, &ew, "the error line shown, announced and tied to its field", 20);
      sewa_journey_check (j, "form-error");
      sewa_fingers_key (j->f, "BackSpace");
      ew.shown = FALSE;
      gone = sewa_fingers_wait (j->f, error_tied, &ew, "the error line and its relation gone", 20);
      return;
    }
  g_error ("the first page of %s's form has no name field to show an error on", j->service_id);
}

/* "Received" and the printer's state are alerts: a screen reader says them as they appear. */
static void
check_done_alerts (SewaJourney *j)
{
  g_autoptr (JsonObject) state = sewa_fingers_state (j->f);
  const char *const ids[] = { "#received", "#print_status" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonObject *w = sewa_fingers_find (state, ids[i]);
      JsonObject *a = w != NULL ? a11y_member (w) : NULL;

      g_assert_nonnull (w);
      g_assert_true (a != NULL && json_object_get_boolean_member_with_default (a, "alert", FALSE));
    }
}

static void
test_journey (void)
{
  g_autofree char *name = g_strdup_printf ("a11y-%s", sewa_lang_code (lang));
  SewaJourney *j = sewa_journey_new (name, TRUE);
  g_autofree char *pin = sewa_journey_operator_pin_config (j, SEWA_A11Y_PIN);
  g_autofree char *reference = NULL;
  g_autofree char *finish = g_strconcat ("=", sewa_journey_tr (lang, "Finish"), NULL);

  gboolean error_shown = FALSE;

  sewa_journey_launch (j, pin);
  j->short_answers = TRUE;
  j->on_section = show_a_field_error;
  j->on_section_data = &error_shown;
  sewa_fingers_set_check_a11y (j->f, TRUE);

  sewa_journey_to_documents (j, lang, plans[lang].service, plans[lang].query);
  sewa_journey_capture_documents (j, NULL);
  reference = sewa_journey_submit (j);
  sewa_journey_check (j, "done");
  g_assert_true (error_shown);
  check_done_alerts (j);
  check_numbers_spoken (j, reference);
  sewa_fingers_tap (j->f, finish);
  sewa_fingers_wait_screen (j->f, "home");

  /* The status of the application just made, its reference typed on the keyboard. */
  {
    g_autofree char *lang_button = g_strconcat ("=", sewa_lang_native_name (lang), NULL);
    sewa_fingers_tap (j->f, lang_button);
  }
  sewa_journey_status_lookup (j, reference);
  {
    g_autofree char *start_over = g_strconcat ("=", sewa_journey_tr (lang, "Start over"), NULL);
    sewa_fingers_tap (j->f, start_over);
  }
  sewa_fingers_wait_screen (j->f, "home");

  /* The operator's screens, in the same language: the PIN pad, opened by holding the emblem
   * and answered by taps, and every tab of operator mode. */
  sewa_journey_open_operator_mode (j, SEWA_A11Y_PIN);
  sewa_journey_operator_walk (j);

  g_test_message ("%u interactive widgets named on the screens checked", sewa_fingers_get_a11y_named (j->f));
  g_assert_cmpuint (sewa_fingers_get_a11y_named (j->f), >, 100);
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sewa_lang_from_code (SEWA_JOURNEY_LANG, &lang));
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/a11y/journey", test_journey);
  return g_test_run ();
}
