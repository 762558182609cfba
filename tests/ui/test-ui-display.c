/* Display modes and contrast (#20), through the real screen in one language (SEWA_DISPLAY_LANG,
 * set by meson: built once per language so the three run in parallel).
 *
 * /ui/display/normal: a whole application in the normal theme, its mobile verified so the
 * consent question comes too; on every screen the journey reaches, each text's contrast with
 * what lies behind it, measured on the screenshot (tests/ui/sewa-contrast.c), is at least 4.5:1
 * (3:1 for large text). Then bigger text alone (the voice saying it is on, and off again) and the
 * status lookup at 150 %; then the operator's PIN pad and every tab of operator mode.
 *
 * /ui/display/modes: the same application with both display modes on, tapped on the top bar's
 * Display panel on the start screen (the voice saying each is on): text at 150 %, every layout
 * invariant holding (the journey's checks, keyboard open included), every text at least 7:1;
 * after Start over the next citizen finds both modes off. Then high contrast alone (on and off,
 * said by the voice) and the status lookup at 7:1.
 *
 * On every screen of both, no two texts overlap and no text or control touches the window's
 * left or right edge. */
#include "sewa-journey.h"
#include "sewa-contrast.h"

#define SEWA_DISPLAY_NORMAL_MIN 4.5
#define SEWA_DISPLAY_LARGE_MIN 3.0
#define SEWA_DISPLAY_HIGH_CONTRAST_MIN 7.0

typedef struct
{
  gboolean modes;     /* turn both modes on at the start screen */
  gboolean modes_on;
  double normal_min, large_min;
  GString *failures;
  guint n_failures;
  guint checked;
  guint screens;
  double modes_px;    /* the start screen's heading with bigger text on */
  double normal_px;   /* the start screen's heading at normal size */
  gboolean consent_measured, status_measured;
} DisplayRun;

/* The operator's PIN, set in the kiosk's configuration by `kioskctl operator set-pin`. */
#define SEWA_DISPLAY_PIN "2468"
/* The citizen's mobile, verified by OTP on the identify step: the portal holds a hospital
 * discharge summary for it, so after the form the kiosk asks whether that may be used (the
 * consent question, measured like every screen). */
#define SEWA_DISPLAY_MOBILE "9876512345"

static SewaLang lang;

static gboolean
widget_active (JsonObject *state, gpointer data)
{
  JsonObject *w = sewa_fingers_find (state, data);

  return w != NULL && json_object_get_boolean_member_with_default (w, "active", FALSE);
}

static gboolean
widget_gone (JsonObject *state, gpointer data)
{
  return sewa_fingers_find (state, data) == NULL;
}

static double
heading_px (SewaFingers *f)
{
  g_autoptr (JsonObject) state = sewa_fingers_wait_for (f, ".screen-heading", 20);
  JsonObject *heading = sewa_fingers_find (state, ".screen-heading");

  return json_object_get_double_member (heading, "font_px");
}

/* Opens the Display panel by a tap; checks its two toggles are named in the citizen's
 * language; returns the screen with the panel open. */
static JsonObject *
open_panel (SewaJourney *j)
{
  JsonObject *state;

  sewa_fingers_tap (j->f, "#display_button");
  state = sewa_fingers_wait_for (j->f, "#display_large_text", 20);
  g_assert_cmpstr (json_object_get_string_member (sewa_fingers_find (state, "#display_large_text"), "text"), ==,
                   sewa_journey_tr (lang, "Bigger text"));
  g_assert_cmpstr (json_object_get_string_member (sewa_fingers_find (state, "#display_high_contrast"), "text"), ==,
                   sewa_journey_tr (lang, "High contrast"));
  return state;
}

/* Closes the panel as a citizen would: the Display button again. */
static void
close_panel (SewaJourney *j)
{
  g_autoptr (JsonObject) state = NULL;

  sewa_fingers_tap (j->f, "#display_button");
  state = sewa_fingers_wait (j->f, widget_gone, (gpointer) "#display_large_text", "the Display panel closed", 20);
}

typedef struct
{
  const char *selector;
  gboolean active;
} ToggleWait;

static gboolean
toggle_is (JsonObject *state, gpointer data)
{
  ToggleWait *tw = data;
  JsonObject *w = sewa_fingers_find (state, tw->selector);

  return w != NULL && json_object_get_boolean_member_with_default (w, "active", FALSE) == tw->active;
}

typedef struct
{
  const char *text;  /* what the voice must say, in the citizen's language */
  gint64 said_after; /* after this many things said */
} VoiceWait;

static gint64
voice_said (JsonObject *state)
{
  return json_object_has_member (state, "voice")
             ? json_object_get_int_member (json_object_get_object_member (state, "voice"), "said")
             : 0;
}

static gboolean
voice_says (JsonObject *state, gpointer data)
{
  VoiceWait *vw = data;
  JsonObject *v = json_object_has_member (state, "voice") ? json_object_get_object_member (state, "voice") : NULL;

  return v != NULL && voice_said (state) > vw->said_after &&
         g_strcmp0 (json_object_get_string_member_with_default (v, "text", NULL), vw->text) == 0;
}

/* One toggle of the open Display panel tapped: it turns @on (or off), and the voice says so in
 * the citizen's language (@spoken, untranslated), for a citizen who cannot see the change. */
static void
tap_toggle (SewaJourney *j, const char *selector, gboolean on, const char *spoken)
{
  g_autoptr (JsonObject) before = sewa_fingers_state (j->f);
  ToggleWait tw = { selector, on };
  VoiceWait vw = { sewa_journey_tr (lang, spoken), voice_said (before) };
  g_autoptr (JsonObject) toggled = NULL;
  g_autoptr (JsonObject) said = NULL;
  g_autofree char *what = g_strdup_printf ("the voice saying \"%s\"", vw.text);

  sewa_fingers_tap (j->f, selector);
  toggled = sewa_fingers_wait (j->f, toggle_is, &tw, on ? "the mode on" : "the mode off", 20);
  said = sewa_fingers_wait (j->f, voice_says, &vw, what, 20);
}

static void
turn_modes_on (SewaJourney *j, DisplayRun *run)
{
  g_autoptr (JsonObject) panel = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonObject) contrast = NULL;
  double before = heading_px (j->f);
  g_autofree char *label = g_strdup_printf ("start-modes-%s", sewa_lang_code (lang));

  panel = open_panel (j);
  tap_toggle (j, "#display_large_text", TRUE, "Bigger text is on.");
  state = sewa_fingers_wait (j->f, widget_active, (gpointer) "#display_large_text", "Bigger text on", 20);
  tap_toggle (j, "#display_high_contrast", TRUE, "High contrast is on.");
  contrast = sewa_fingers_wait (j->f, widget_active, (gpointer) "#display_high_contrast", "High contrast on", 20);
  close_panel (j);
  /* Bigger text is 150 % of every text. */
  run->normal_px = before;
  run->modes_px = heading_px (j->f);
  g_assert_cmpfloat_with_epsilon (run->modes_px, before * 1.5, 0.5);
  sewa_fingers_check_layout (j->f, label);
}

static gboolean
is_ancestor (JsonArray *widgets, gint64 ancestor, gint64 i)
{
  while (i >= 0)
    {
      if (i == ancestor)
        return TRUE;
      i = json_object_get_int_member (json_array_get_object_element (widgets, i), "parent");
    }
  return FALSE;
}

static gboolean
shows_text (JsonObject *w, gint64 main)
{
  const char *text = json_object_get_string_member_with_default (w, "text", NULL);

  return text != NULL && *text != '\0' && json_object_get_int_member (w, "native") == main &&
         json_object_get_int_member (w, "vw") > 0 && json_object_get_int_member (w, "vh") > 0;
}

/* Bigger text must reflow, never pile up: no two texts of the window overlap (the layout
 * invariants see only what can be tapped; a label over a label is as unreadable). */
static guint
texts_overlap (JsonObject *state, GString *out)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  gint64 main = sewa_contrast_main_native (state);
  guint n = 0;

  for (guint a = 0; a < json_array_get_length (widgets); a++)
    {
      JsonObject *wa = json_array_get_object_element (widgets, a);

      if (!shows_text (wa, main))
        continue;
      for (guint b = a + 1; b < json_array_get_length (widgets); b++)
        {
          JsonObject *wb = json_array_get_object_element (widgets, b);
          gint64 ax, ay, bx, by, ox, oy;

          if (!shows_text (wb, main) || is_ancestor (widgets, a, b) || is_ancestor (widgets, b, a))
            continue;
          ax = json_object_get_int_member (wa, "vx");
          ay = json_object_get_int_member (wa, "vy");
          bx = json_object_get_int_member (wb, "vx");
          by = json_object_get_int_member (wb, "vy");
          ox = MIN (ax + json_object_get_int_member (wa, "vw"), bx + json_object_get_int_member (wb, "vw")) - MAX (ax, bx);
          oy = MIN (ay + json_object_get_int_member (wa, "vh"), by + json_object_get_int_member (wb, "vh")) - MAX (ay, by);
          /* A pixel or two is the rounding of the two rectangles, not an overlap. */
          if (ox > 2 && oy > 2)
            {
              g_string_append_printf (out, "\n  text \"%s\" (%s) overlaps text \"%s\" (%s) by %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT " px",
                                      json_object_get_string_member (wa, "text"), json_object_get_string_member (wa, "type"),
                                      json_object_get_string_member (wb, "text"), json_object_get_string_member (wb, "type"),
                                      ox, oy);
              n++;
            }
        }
    }
  return n;
}

/* A text or control within this many pixels of the window's left or right edge touches it:
 * every screen keeps its content clear of the edges (the keyboard's keys are 12 px in). */
#define SEWA_DISPLAY_EDGE_MIN 8

/* Every screen keeps a margin: at 150 % a screen laid out to the pixel can run its content to
 * the window's edges, where the bezel of a kiosk's screen hides the first letters. Texts and
 * controls wholly shown are checked (a text scrolled partly out of view is checked where it is
 * scrolled in). */
static guint
touches_edge (JsonObject *state, GString *out)
{
  JsonArray *natives = json_object_get_array_member (state, "natives");
  JsonArray *widgets = json_object_get_array_member (state, "widgets");
  gint64 main = sewa_contrast_main_native (state);
  gint64 width = json_object_get_int_member (json_array_get_object_element (natives, main), "width");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    {
      JsonObject *w = json_array_get_object_element (widgets, i);
      gint64 x = json_object_get_int_member (w, "vx"), vw = json_object_get_int_member (w, "vw");

      if (!(shows_text (w, main) || (json_object_get_boolean_member (w, "interactive") &&
                                     json_object_get_int_member (w, "native") == main && vw > 0)) ||
          vw + 1 < json_object_get_int_member (w, "w") ||
          json_object_get_int_member (w, "vh") + 1 < json_object_get_int_member (w, "h"))
        continue;
      if (x < SEWA_DISPLAY_EDGE_MIN || x + vw > width - SEWA_DISPLAY_EDGE_MIN)
        {
          g_string_append_printf (out, "\n  %s \"%s\" at x %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT
                                  " touches the edge of the %" G_GINT64_FORMAT " px window (keep %d px clear)",
                                  json_object_get_string_member (w, "type"),
                                  json_object_get_string_member_with_default (w, "text", ""),
                                  x, x + vw, width, SEWA_DISPLAY_EDGE_MIN);
          n++;
        }
    }
  return n;
}

static void
measure (SewaJourney *j, const char *label, DisplayRun *run)
{
  g_autoptr (JsonObject) state = sewa_fingers_state (j->f);
  g_autofree char *shot_label = g_strdup_printf ("contrast-%s", label);
  g_autofree char *shot = sewa_fingers_screenshot (j->f, shot_label);
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = sewa_contrast_check (state, shot, run->normal_min, run->large_min, out, &run->checked);

  n += texts_overlap (state, out);
  n += touches_edge (state, out);
  if (g_str_has_prefix (label, "consent-"))
    run->consent_measured = TRUE;
  if (g_str_equal (sewa_fingers_screen (state), "status") && sewa_fingers_find (state, "#reference") != NULL)
    run->status_measured = TRUE;

  run->screens++;
  if (n > 0)
    {
      g_string_append_printf (run->failures, "\n screen \"%s\" (%s, %s):%s", sewa_fingers_screen (state),
                              label, shot, out->str);
      run->n_failures += n;
    }
}

static void
on_check (SewaJourney *j, const char *label, gpointer data)
{
  DisplayRun *run = data;

  if (run->modes && !run->modes_on)
    {
      /* The modes belong to a session: the first screen with the top bar is the start. */
      if (!g_str_has_prefix (label, "start-"))
        return;
      g_autofree char *modes_label = g_strdup_printf ("start-modes-%s", sewa_lang_code (lang));

      turn_modes_on (j, run);
      run->modes_on = TRUE;
      measure (j, modes_label, run);
      return;
    }
  measure (j, label, run);
}

static void
run_journey (const char *name, DisplayRun *run)
{
  SewaJourney *j = sewa_journey_new (name, TRUE);
  g_autofree char *pin = sewa_journey_operator_pin_config (j, SEWA_DISPLAY_PIN);
  g_autoptr (JsonObject) on_file = sewa_journey_portal_admin (j, "POST", "/admin/vault",
                                                              "{\"mobile\":\"" SEWA_DISPLAY_MOBILE "\",\"type\":\"HSPDS\"}");
  g_autofree char *reference = NULL;
  g_autofree char *lang_button = g_strconcat ("=", sewa_lang_native_name (lang), NULL);

  sewa_journey_launch (j, pin);
  j->mobile = SEWA_DISPLAY_MOBILE;
  run->failures = g_string_new (NULL);
  j->on_check = on_check;
  j->on_check_data = run;
  /* The birth certificate asks for one document: the time goes to the screens, not the camera;
   * short answers likewise (the form's screens are all seen, keyboard open, either way). */
  j->short_answers = TRUE;
  reference = sewa_journey_apply (j, lang, "birth-certificate",
                                  sewa_lang_pick (lang, "ਜਨਮ", "जन्म", "janam"));
  g_assert_true (run->consent_measured);

  if (!run->modes)
    {
      g_autoptr (JsonObject) panel = NULL;
      g_autoptr (JsonObject) closing = NULL;

      /* Bigger text alone, in the normal theme: the status lookup at 150 %, every layout
       * invariant holding, every text 4.5:1 (3:1 large); turned off again, the voice says so. */
      sewa_fingers_tap (j->f, lang_button);
      sewa_fingers_wait_screen (j->f, "start");
      run->normal_px = heading_px (j->f);
      panel = open_panel (j);
      tap_toggle (j, "#display_large_text", TRUE, "Bigger text is on.");
      close_panel (j);
      g_assert_cmpfloat_with_epsilon (heading_px (j->f), run->normal_px * 1.5, 0.5);
      sewa_journey_status_lookup (j, reference);
      closing = open_panel (j);
      g_assert_false (json_object_get_boolean_member (sewa_fingers_find (closing, "#display_high_contrast"), "active"));
      tap_toggle (j, "#display_large_text", FALSE, "Bigger text is off.");
      close_panel (j);
      sewa_fingers_tap (j->f, "#start_over_button");
      sewa_fingers_wait_screen (j->f, "home");

      /* The operator's screens (no Display button there: an operator's screen is not a
       * citizen's session), from the PIN pad to every tab. */
      sewa_journey_open_operator_mode (j, SEWA_DISPLAY_PIN);
      sewa_journey_operator_walk (j);
    }

  if (run->modes)
    {
      g_autoptr (JsonObject) state = NULL;
      g_autoptr (JsonObject) panel = NULL;
      g_autoptr (JsonObject) contrast = NULL;
      g_autoptr (JsonObject) closing = NULL;
      g_autoptr (JsonObject) now = sewa_fingers_state (j->f);

      g_assert_true (run->modes_on);
      /* The next citizen: Start over ends the session, and with it both modes (the done
       * screen may have gone home on its own already). */
      if (g_strcmp0 (sewa_fingers_screen (now), "home") != 0)
        sewa_fingers_tap (j->f, "#start_over_button");
      sewa_fingers_wait_screen (j->f, "home");
      sewa_fingers_tap (j->f, lang_button);
      sewa_fingers_wait_screen (j->f, "start");
      g_assert_cmpfloat (heading_px (j->f), <, run->modes_px);
      panel = open_panel (j);
      g_assert_false (json_object_get_boolean_member (sewa_fingers_find (panel, "#display_large_text"), "active"));
      g_assert_false (json_object_get_boolean_member (sewa_fingers_find (panel, "#display_high_contrast"), "active"));

      /* High contrast alone: text at its normal size, the status lookup with every text 7:1;
       * turned off again, the voice says so. */
      tap_toggle (j, "#display_high_contrast", TRUE, "High contrast is on.");
      close_panel (j);
      g_assert_cmpfloat_with_epsilon (heading_px (j->f), run->normal_px, 0.5);
      sewa_journey_status_lookup (j, reference);
      closing = open_panel (j);
      g_assert_false (json_object_get_boolean_member (sewa_fingers_find (closing, "#display_large_text"), "active"));
      tap_toggle (j, "#display_high_contrast", FALSE, "High contrast is off.");
      close_panel (j);
      sewa_fingers_tap (j->f, "#start_over_button");
      sewa_fingers_wait_screen (j->f, "home");
    }

  g_test_message ("%u texts measured on %u screens", run->checked, run->screens);
  g_assert_cmpuint (run->screens, >=, 10);
  g_assert_true (run->status_measured);
  if (run->n_failures > 0)
    g_error ("%u text(s) below the contrast ratio, overlapping or at the window's edge:%s",
             run->n_failures, run->failures->str);
  g_string_free (run->failures, TRUE);
  sewa_journey_free (j);
}

static void
test_normal (void)
{
  g_autofree char *name = g_strdup_printf ("display-normal-%s", sewa_lang_code (lang));
  DisplayRun run = { .normal_min = SEWA_DISPLAY_NORMAL_MIN, .large_min = SEWA_DISPLAY_LARGE_MIN };

  run_journey (name, &run);
}

static void
test_modes (void)
{
  g_autofree char *name = g_strdup_printf ("display-modes-%s", sewa_lang_code (lang));
  DisplayRun run = { .modes = TRUE, .normal_min = SEWA_DISPLAY_HIGH_CONTRAST_MIN,
                     .large_min = SEWA_DISPLAY_HIGH_CONTRAST_MIN };

  run_journey (name, &run);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sewa_lang_from_code (SEWA_DISPLAY_LANG, &lang));
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/display/normal", test_normal);
  g_test_add_func ("/ui/display/modes", test_modes);
  return g_test_run ();
}
