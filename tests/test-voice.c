/* test-voice.c — the voice driver with the real espeak-ng and the real ALSA library (its "null"
 * device stands in for a speaker: it takes the samples and discards them). */
#include "sewa-voice.h"

#include <math.h>

static const char greeting_pa[] = "ਸੇਵਾ ਕੇਂਦਰ ਵਿੱਚ ਜੀ ਆਇਆਂ ਨੂੰ";
static const char greeting_hi[] = "सेवा केंद्र में आपका स्वागत है";
static const char greeting_en[] = "Welcome to the Sewa Kendra";

static double
seconds_of (GBytes *pcm, guint rate)
{
  return (double) g_bytes_get_size (pcm) / 2.0 / rate;
}

static double
rms_of (GBytes *pcm)
{
  gsize n = g_bytes_get_size (pcm) / 2;
  const gint16 *s = g_bytes_get_data (pcm, NULL);
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (double) s[i] * s[i];
  return n > 0 ? sqrt (sum / (double) n) : 0;
}

/* Each language speaks its own script: seconds of real sound, not silence or a stub. */
static void
test_three_languages (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaVoice) voice = sewa_voice_new ("null", &error);
  const char *langs[] = { "pa", "hi", "en" };
  const char *texts[] = { greeting_pa, greeting_hi, greeting_en };

  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      guint rate = 0;
      g_autoptr (GBytes) pcm = sewa_voice_synthesize (voice, langs[i], texts[i], &rate, &error);
      g_autoptr (GBytes) again = NULL;
      g_autoptr (GBytes) other = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (rate, ==, 22050);
      g_test_message ("%s: %.2f s, rms %.0f", langs[i], seconds_of (pcm, rate), rms_of (pcm));
      g_assert_cmpfloat (seconds_of (pcm, rate), >, 1.0);
      g_assert_cmpfloat (seconds_of (pcm, rate), <, 8.0);
      g_assert_cmpfloat (rms_of (pcm), >, 500.0);
      /* The same words, about the same sound (espeak-ng varies it a little); other words,
       * another sound. */
      again = sewa_voice_synthesize (voice, langs[i], texts[i], &rate, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (fabs (seconds_of (again, rate) - seconds_of (pcm, rate)), <,
                         0.1 * seconds_of (pcm, rate));
      other = sewa_voice_synthesize (voice, langs[i], texts[(i + 1) % 3], &rate, &error);
      g_assert_no_error (error);
      g_assert_false (g_bytes_equal (pcm, other));
    }
  g_assert_null (sewa_voice_synthesize (voice, "fr", greeting_en, NULL, &error));
  g_assert_error (error, SEWA_VOICE_ERROR, SEWA_VOICE_ERROR_LANGUAGE);
}

/* What is said is streamed to the device sample for sample; a new utterance cuts the old one
 * short; stop forgets it. */
static void
test_playback_and_replace (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaVoice) voice = sewa_voice_new ("null", &error);
  g_autoptr (GBytes) short_pcm = NULL;
  g_autoptr (GBytes) long_pcm = NULL;
  g_autoptr (GString) long_text = g_string_new (NULL);
  g_autofree char *last = NULL;
  guint64 frames_short, frames_long, before;
  guint rate = 0;

  g_assert_no_error (error);
  short_pcm = sewa_voice_synthesize (voice, "pa", greeting_pa, &rate, &error);
  g_assert_no_error (error);
  frames_short = g_bytes_get_size (short_pcm) / 2;

  g_assert_cmpuint (sewa_voice_get_frames_played (voice), ==, 0);
  sewa_voice_say (voice, "pa", greeting_pa);
  sewa_voice_wait (voice);
  /* All of it went to the device (within espeak-ng's own small variation). */
  g_assert_cmpuint (sewa_voice_get_frames_played (voice), >, frames_short * 9 / 10);
  g_assert_cmpuint (sewa_voice_get_frames_played (voice), <, frames_short * 11 / 10);
  last = sewa_voice_dup_last_text (voice);
  g_assert_cmpstr (last, ==, greeting_pa);

  /* A long announcement, replaced at once by a short one: the long one is cut off. */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (long_text, "%s. ", greeting_hi);
  long_pcm = sewa_voice_synthesize (voice, "hi", long_text->str, &rate, &error);
  g_assert_no_error (error);
  frames_long = g_bytes_get_size (long_pcm) / 2;
  before = sewa_voice_get_frames_played (voice);
  sewa_voice_say (voice, "hi", long_text->str);
  sewa_voice_say (voice, "pa", greeting_pa);
  sewa_voice_wait (voice);
  g_test_message ("long %" G_GUINT64_FORMAT " frames, short %" G_GUINT64_FORMAT
                  ", played %" G_GUINT64_FORMAT, frames_long, frames_short,
                  sewa_voice_get_frames_played (voice) - before);
  g_assert_cmpuint (sewa_voice_get_frames_played (voice) - before, <, frames_long / 2);
  g_assert_cmpuint (sewa_voice_get_frames_played (voice) - before, >, frames_short * 9 / 10);

  /* Several parts, several languages, one after the other. */
  {
    SewaUtterance parts[] = { { "pa", greeting_pa }, { "hi", greeting_hi }, { "en", greeting_en } };
    g_autofree char *joined = NULL;

    before = sewa_voice_get_frames_played (voice);
    sewa_voice_say_parts (voice, parts, G_N_ELEMENTS (parts));
    sewa_voice_wait (voice);
    g_assert_cmpuint (sewa_voice_get_frames_played (voice) - before, >, frames_short * 2);
    joined = sewa_voice_dup_last_text (voice);
    g_assert_cmpstr (joined, ==, "ਸੇਵਾ ਕੇਂਦਰ ਵਿੱਚ ਜੀ ਆਇਆਂ ਨੂੰ\nसेवा केंद्र में आपका स्वागत है\n"
                                 "Welcome to the Sewa Kendra");
  }

  sewa_voice_stop (voice);
  g_assert_null (sewa_voice_dup_last_text (voice));
}

/* No such sound device: the kiosk carries on (silently), and says so once in the log. */
static void
test_missing_device (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaVoice) voice = sewa_voice_new ("sewa-no-such-device", &error);
  g_autofree char *last = NULL;

  g_assert_no_error (error);
  g_test_expect_message ("sewa-voice", G_LOG_LEVEL_MESSAGE,
                         "voice guidance is silent: cannot open the audio device*");
  sewa_voice_say (voice, "en", greeting_en);
  sewa_voice_wait (voice);
  sewa_voice_say (voice, "en", greeting_en); /* logged once, not on every screen */
  sewa_voice_wait (voice);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (sewa_voice_get_frames_played (voice), ==, 0);
  last = sewa_voice_dup_last_text (voice);
  g_assert_cmpstr (last, ==, greeting_en);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/voice/three-languages", test_three_languages);
  g_test_add_func ("/voice/playback-and-replace", test_playback_and_replace);
  g_test_add_func ("/voice/missing-device", test_missing_device);
  return g_test_run ();
}
