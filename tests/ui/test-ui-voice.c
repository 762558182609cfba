/* Voice guidance in the real GTK UI under Xvfb: each citizen screen speaks its instructions in
 * the citizen's language (espeak-ng, into ALSA's "null" device), "Listen" says them again, the
 * home screen asks in all three languages, operator screens stay quiet. */
#include "sewa-ui-test.h"
#include "screens/home/sewa-home-page.h"

#define app (sewa_ui_test_app ())
#define window (sewa_ui_test_window ())

static SewaVoice *
voice (void)
{
  SewaVoice *v = sewa_application_get_voice (app);

  g_assert_nonnull (v);
  return v;
}

static gboolean
voice_says (gpointer data)
{
  g_autofree char *last = sewa_voice_dup_last_text (voice ());

  return g_strcmp0 (last, data) == 0;
}

static gboolean
sound_played (gpointer data)
{
  return sewa_voice_get_frames_played (voice ()) > *(guint64 *) data;
}

static void
choose (const char *lang)
{
  GtkWidget *b = GTK_WIDGET (sewa_home_page_get_language_button (
    SEWA_HOME_PAGE (sewa_window_get_screen_widget (window, "home")), lang));

  g_signal_emit_by_name (b, "clicked");
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpstr (sewa_window_get_screen (window), ==, "start");
}

typedef struct
{
  const char *lang;
  const char *listen;  /* the button's label */
  const char *start;   /* what the start screen says, in that language */
  const char *browse;  /* and the service list */
} Case;

static const Case cases[] = {
  { "pa", "ਸੁਣੋ", "ਤੁਸੀਂ ਕੀ ਕਰਨਾ ਚਾਹੁੰਦੇ ਹੋ? ਵੱਡੇ ਬਟਨਾਂ ਵਿੱਚੋਂ ਇੱਕ ਨੂੰ ਛੂਹੋ।",
    "ਆਪਣੀ ਸੇਵਾ ਚੁਣੋ। ਕਿਸੇ ਵਿਭਾਗ ਨੂੰ ਛੂਹੋ, ਜਾਂ ਸੇਵਾ ਦਾ ਨਾਮ ਲਿਖੋ।" },
  { "hi", "सुनें", "आप क्या करना चाहते हैं? बड़े बटनों में से एक को छुएँ।",
    "अपनी सेवा चुनें। किसी विभाग को छुएँ, या सेवा का नाम लिखें।" },
  { "en", "Listen", "What would you like to do? Touch one of the big buttons.",
    "Choose your service. Touch a department, or type the name of the service." },
};

static void
test_screens_speak_in_the_citizens_language (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autofree char *shot_name = g_strdup_printf ("voice-top-bar-%s", c->lang);
      g_autofree char *shot = NULL;
      guint64 before = sewa_voice_get_frames_played (voice ());

      choose (c->lang);
      /* The button speaks the citizen's language too. */
      {
        GtkWidget *listen = gtk_widget_get_next_sibling (sewa_window_get_start_over_button (window));

        GtkWidget *label = gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (listen)));

        g_assert_true (GTK_IS_LABEL (label));
        g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, c->listen);
      }
      sewa_ui_test_wait_until (voice_says, (gpointer) c->start, "the start screen's words", 10);
      /* Not only words: espeak-ng made the sound and it went to the device. */
      sewa_ui_test_wait_until (sound_played, &before, "sound on the device", 20);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.browse", NULL));
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
      g_assert_cmpstr (sewa_window_get_screen (window), ==, "browse");
      sewa_ui_test_wait_until (voice_says, (gpointer) c->browse, "the service list's words", 10);

      /* "Listen" says it again after it has gone quiet. */
      sewa_voice_stop (voice ());
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.listen", NULL));
      sewa_ui_test_wait_until (voice_says, (gpointer) c->browse, "the service list's words", 10);

      /* The Listen button sits next to "Start over", large enough for a finger, and the top bar
       * still fits its text in every language. */
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 1);
      g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (window)), >=, 3);
      shot = sewa_ui_test_screenshot (GTK_WIDGET (window), shot_name);

      g_signal_emit_by_name (sewa_window_get_start_over_button (window), "clicked");
      sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
      g_assert_cmpstr (sewa_window_get_screen (window), ==, "home");
      /* Home asks again, in all three languages. */
      sewa_ui_test_wait_until (voice_says,
                               "ਜੀ ਆਇਆਂ ਨੂੰ। ਸ਼ੁਰੂ ਕਰਨ ਲਈ ਆਪਣੀ ਭਾਸ਼ਾ ਛੂਹੋ।\n"
                               "आपका स्वागत है। शुरू करने के लिए अपनी भाषा छुएँ।\n"
                               "Welcome. Touch your language to begin.",
                               "the greeting in three languages", 10);
    }
}

/* Home has its own Listen button: a citizen who cannot read the language names hears them. */
static void
test_home_listen (void)
{
  GtkButton *listen = sewa_home_page_get_listen_button (
    SEWA_HOME_PAGE (sewa_window_get_screen_widget (window, "home")));

  g_assert_cmpstr (sewa_window_get_screen (window), ==, "home");
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (listen)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (listen)), >=, 64);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (listen)), >=, 140);
  sewa_voice_stop (voice ());
  g_signal_emit_by_name (listen, "clicked");
  sewa_ui_test_wait_until (voice_says,
                           "ਜੀ ਆਇਆਂ ਨੂੰ। ਸ਼ੁਰੂ ਕਰਨ ਲਈ ਆਪਣੀ ਭਾਸ਼ਾ ਛੂਹੋ।\n"
                           "आपका स्वागत है। शुरू करने के लिए अपनी भाषा छुएँ।\n"
                           "Welcome. Touch your language to begin.",
                           "the greeting from home's Listen button", 10);
  /* Everything on the attract screen still fits (1280 x 800, nothing clipped, nothing pushed
   * off the bottom: the home page's content is no taller than the screen). */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, 800);
  {
    GtkWidget *home = sewa_window_get_screen_widget (window, "home");
    GtkWidget *content = adw_bin_get_child (ADW_BIN (home));
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (content, GTK_WIDGET (window), &bounds));
    g_assert_cmpfloat (bounds.origin.y, >=, 0);
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, 800);
  }
  g_assert_cmpuint (sewa_ui_test_assert_text_fits (GTK_WIDGET (window)), >=, 7);
  g_free (sewa_ui_test_screenshot (GTK_WIDGET (window), "voice-home"));
}

static void
test_listen_button_is_a_touch_target (void)
{
  GtkWidget *start_over;
  GtkWidget *listen;

  choose ("pa");
  start_over = sewa_window_get_start_over_button (window);
  listen = gtk_widget_get_next_sibling (start_over);
  g_assert_nonnull (listen);
  g_assert_true (GTK_IS_BUTTON (listen));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (listen)), ==, "win.listen");
  g_assert_true (gtk_widget_is_visible (listen));
  g_assert_cmpint (gtk_widget_get_height (listen), >=, 64);
  g_assert_cmpint (gtk_widget_get_width (listen), >=, 64);
  g_signal_emit_by_name (start_over, "clicked");
  sewa_ui_test_wait_frames (GTK_WIDGET (window), 2);
}

static void
add_tests (void)
{
  g_test_add_func ("/ui/voice/screens-speak-in-the-citizens-language",
                   test_screens_speak_in_the_citizens_language);
  g_test_add_func ("/ui/voice/home-listen", test_home_listen);
  g_test_add_func ("/ui/voice/listen-button-is-a-touch-target",
                   test_listen_button_is_a_touch_target);
}

int
main (int argc, char **argv)
{
  sewa_ui_test_init (&argc, &argv);
  return sewa_ui_test_run (add_tests);
}
