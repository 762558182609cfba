/* kioskctl voice — for the technician: does the kiosk's speaker work, in all three languages? */
#include "kioskctl.h"
#include "sewa-voice.h"

#include <stdio.h>

int
sewa_ctl_voice (SewaCtlContext *ctx, int argc, char **argv)
{
  const char *device = ctx->config->voice_device;
  g_autoptr (SewaVoice) voice = NULL;
  g_autoptr (GError) error = NULL;
  guint64 frames;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--device") && i + 1 < argc)
        device = argv[++i];
      else
        argc = 0; /* anything else is a usage error */
    }
  if (argc < 2 || !g_str_equal (argv[1], "test"))
    {
      fprintf (stderr, "usage: kioskctl voice test [--device ALSA-DEVICE]\n"
                       "  speaks the home screen's greeting in Punjabi, Hindi and English\n");
      return SEWA_CTL_USAGE;
    }
  if (device == NULL)
    device = "default";
  voice = sewa_voice_new (device, &error);
  if (voice == NULL)
    {
      fprintf (stderr, "kioskctl voice: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  sewa_voice_say_greeting (voice); /* the same greeting the home screen speaks */
  sewa_voice_wait (voice);
  frames = sewa_voice_get_frames_played (voice);
  if (frames == 0)
    {
      fprintf (stderr, "kioskctl voice: no sound reached the audio device \"%s\"\n"
                       "hint: check the speaker's cable and volume, or set [kiosk] voice-device "
                       "(aplay -L lists the devices)\n", device);
      return SEWA_CTL_NOT_OK;
    }
  printf ("voice\tdevice=%s\tframes=%" G_GUINT64_FORMAT "\tseconds=%.1f\tlanguages=pa,hi,en\n",
          device, frames, (double) frames / 22050.0);
  return SEWA_CTL_OK;
}
