/* sewa-voice.h — spoken guidance: espeak-ng speaks Punjabi, Hindi and English, ALSA plays it.
 *
 * espeak-ng is one engine per process and not thread-safe, so one worker thread owns it: it
 * synthesises each utterance (22,050 Hz, 16-bit mono) and streams the samples to the ALSA device
 * while they come. sewa_voice_say() is thread-safe and never blocks: it replaces whatever is being
 * said or waiting to be said (a citizen who moves on to the next screen must not hear the last
 * one out), and sewa_voice_stop() silences it (the session ended).
 *
 * No sound card, or a busy one, is not an error for the kiosk: the first failure to open the
 * device is logged once for the technician, and the voice keeps synthesising (and reporting what
 * it said) so the next utterance tries the device again. The device name comes from the
 * configuration ("default"; "null" discards the sound, for tests and silent demos).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SEWA_VOICE_ERROR (sewa_voice_error_quark ())
GQuark sewa_voice_error_quark (void);

typedef enum
{
  SEWA_VOICE_ERROR_ENGINE,    /* espeak-ng could not start (no data files) */
  SEWA_VOICE_ERROR_LANGUAGE,  /* no voice for that language */
  SEWA_VOICE_ERROR_DEVICE,    /* the audio device could not be opened or written */
} SewaVoiceError;

#define SEWA_TYPE_VOICE (sewa_voice_get_type ())
G_DECLARE_FINAL_TYPE (SewaVoice, sewa_voice, SEWA, VOICE, GObject)

/* One part of what to say, in one language: "pa", "hi" or "en". */
typedef struct
{
  const char *lang;
  const char *text;
} SewaUtterance;

/* @device: an ALSA PCM name ("default", "null", "plughw:0,0"). */
SewaVoice *sewa_voice_new (const char *device, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Says @text in @lang, instead of anything said or queued before. */
void sewa_voice_say (SewaVoice *self, const char *lang, const char *text);
/* Says the parts one after the other (a greeting in three languages), instead of anything
 * before. */
void sewa_voice_say_parts (SewaVoice *self, const SewaUtterance *parts, gsize n_parts);
/* Says the kiosk's greeting in Punjabi, Hindi and English, one after the other (the home screen,
 * and the technician's speaker check). */
void sewa_voice_say_greeting (SewaVoice *self);
/* Silences the voice and drops what was queued. */
void sewa_voice_stop (SewaVoice *self);
/* Waits until everything queued has been said (or dropped); for tests and demos. */
void sewa_voice_wait (SewaVoice *self);

/* What the voice was last asked to say, the parts joined by "\n" (NULL: nothing yet, or stopped
 * since). For tests and the technician's device check. */
char *sewa_voice_dup_last_text (SewaVoice *self);
/* How many times the voice has been asked to say something (a repeat of the same words counts
 * again); for tests. */
guint sewa_voice_get_said_count (SewaVoice *self);
/* Samples streamed to the device since the voice was made (0 while the device cannot open). */
guint64 sewa_voice_get_frames_played (SewaVoice *self);

/* Synthesises @text in @lang and returns the samples (16-bit little-endian mono) without playing
 * them; *out_rate is the sample rate. Runs on the voice's thread; blocks until done. */
GBytes *sewa_voice_synthesize (SewaVoice *self, const char *lang, const char *text,
                               guint *out_rate, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
