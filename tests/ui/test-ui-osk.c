/* The on-screen keyboard typing into real GTK entries, under Xvfb. */
#include "sewa-ui-test.h"
#include "sewa-osk.h"

static GtkWindow *win;
static GtkEntry *entry;
static SewaOsk *osk;
static int activations;

static void
tap (const char *key)
{
  GtkWidget *b = sewa_osk_find_key (osk, key);

  if (b == NULL)
    g_error ("no key '%s' on layout %d", key, sewa_osk_get_layout (osk));
  g_assert_false (gtk_widget_get_focusable (b));
  g_signal_emit_by_name (b, "clicked");
}

static void
reset_entry (GtkInputPurpose purpose)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_entry_set_input_purpose (entry, purpose);
  sewa_osk_set_target (osk, NULL);
  sewa_osk_set_target (osk, GTK_EDITABLE (entry));
}

static void
test_gurmukhi (void)
{
  sewa_osk_set_letter_layout (osk, SEWA_OSK_LAYOUT_GURMUKHI);
  reset_entry (GTK_INPUT_PURPOSE_NAME);
  g_assert_cmpint (sewa_osk_get_layout (osk), ==, SEWA_OSK_LAYOUT_GURMUKHI);

  tap ("ਜ"); tap ("ਨ"); tap ("ਮ");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "ਜਨਮ");

  /* A vowel sign key shows and inserts the sign alone (the shaper draws its dotted circle). */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sewa_osk_find_key (osk, "ਿ"))), ==, "ਿ");
  g_assert_true (gtk_widget_has_css_class (sewa_osk_find_key (osk, "ਿ"), "osk-mark"));
  tap (" "); tap ("ਕ"); tap ("ਿ");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "ਜਨਮ ਕਿ");

  /* Backspace removes one code point: the vowel sign, not its consonant. */
  tap ("backspace");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "ਜਨਮ ਕ");

  /* Shift is one-shot: ਾ|ਆ gives ਆ once, then plain again. */
  tap ("shift");
  g_assert_nonnull (sewa_osk_find_key (osk, "ਆ"));
  tap ("ਆ");
  g_assert_nonnull (sewa_osk_find_key (osk, "ਾ"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "ਜਨਮ ਕਆ");

  /* Typing at the caret, not at the end. */
  gtk_editable_set_position (GTK_EDITABLE (entry), 0);
  tap ("ਸ");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "ਸਜਨਮ ਕਆ");
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (win), "osk-gurmukhi"));
}

static void
test_devanagari (void)
{
  sewa_osk_set_letter_layout (osk, SEWA_OSK_LAYOUT_DEVANAGARI);
  reset_entry (GTK_INPUT_PURPOSE_FREE_FORM);
  tap ("ज"); tap ("न"); tap ("्"); tap ("म");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "जन्म");
  /* Joiners are there for conjunct control. */
  tap ("zwnj");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "जन्म\u200c");
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (win), "osk-devanagari"));
}

static void
test_numeric_for_digits (void)
{
  sewa_osk_set_letter_layout (osk, SEWA_OSK_LAYOUT_GURMUKHI);
  reset_entry (GTK_INPUT_PURPOSE_PHONE);
  g_assert_cmpint (sewa_osk_get_layout (osk), ==, SEWA_OSK_LAYOUT_NUMERIC);
  g_assert_null (sewa_osk_find_key (osk, "ਕ"));
  for (const char *d = "9876543210"; *d; d++)
    {
      char k[2] = { *d, 0 };
      tap (k);
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "9876543210");
  sewa_ui_test_wait_frames (GTK_WIDGET (win), 1);
  /* Numeric keys are big: at least 96 px high on the pad. */
  g_assert_cmpint (gtk_widget_get_height (sewa_osk_find_key (osk, "5")), >=, 64);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (win), "osk-numeric"));

  /* Back to text: the citizen's script returns. */
  reset_entry (GTK_INPUT_PURPOSE_NAME);
  g_assert_cmpint (sewa_osk_get_layout (osk), ==, SEWA_OSK_LAYOUT_GURMUKHI);
  tap ("switch");
  g_assert_cmpint (sewa_osk_get_layout (osk), ==, SEWA_OSK_LAYOUT_LATIN);
  tap ("shift"); tap ("R"); tap ("a"); tap ("m");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Ram");
}

static void
test_enter_and_sizes (void)
{
  int before = activations;

  reset_entry (GTK_INPUT_PURPOSE_FREE_FORM);
  tap ("enter");
  g_assert_cmpint (activations, ==, before + 1);
  sewa_ui_test_wait_frames (GTK_WIDGET (win), 1);
  g_assert_cmpint (gtk_widget_get_height (sewa_osk_find_key (osk, "ਕ")), >=, 64);
  g_assert_cmpint (gtk_widget_get_width (sewa_osk_find_key (osk, "ਕ")), >=, 64);
  /* A destroyed target is dropped, not written into. */
  sewa_osk_set_target (osk, NULL);
  g_assert_false (sewa_osk_press (osk, "ਕ"));
}

static void
on_activate (GtkEntry *e, gpointer data)
{
  activations++;
}

static void
add_tests (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  win = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (win, 1280, 500);
  entry = GTK_ENTRY (gtk_entry_new ());
  g_signal_connect (entry, "activate", G_CALLBACK (on_activate), NULL);
  osk = SEWA_OSK (sewa_osk_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (osk));
  gtk_window_set_child (win, box);
  gtk_window_present (win);
  sewa_ui_test_wait_frames (GTK_WIDGET (win), 2);

  g_test_add_func ("/ui/osk/gurmukhi", test_gurmukhi);
  g_test_add_func ("/ui/osk/devanagari", test_devanagari);
  g_test_add_func ("/ui/osk/numeric-for-digits", test_numeric_for_digits);
  g_test_add_func ("/ui/osk/enter-and-sizes", test_enter_and_sizes);
}

static void
teardown (void)
{
  gtk_window_destroy (win);
}

int
main (int argc, char **argv)
{
  sewa_ui_test_init (&argc, &argv);
  sewa_ui_test_set_teardown (teardown);
  return sewa_ui_test_run (add_tests);
}
