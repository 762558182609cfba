/* sewa-voice.c — espeak-ng synthesis streamed to ALSA on one worker thread. */
#define G_LOG_DOMAIN "sewa-voice"

#include "sewa-voice.h"
#include "sewa-lang.h"

#include <alsa/asoundlib.h>
#include <espeak-ng/speak_lib.h>
#include <string.h>

G_DEFINE_QUARK (sewa-voice-error-quark, sewa_voice_error)

/* espeak-ng is one engine per process: every call into it holds this lock, and it is set up once
 * and kept for the life of the process. */
static GMutex espeak_lock;
static int espeak_rate;      /* sample rate, 0 = not set up yet, -1 = failed */

/* Slower than espeak's default (175 words a minute): many listeners are first-time users. */
#define SPEAKING_RATE 140

typedef enum { REQ_SAY, REQ_SYNTH, REQ_QUIT } ReqKind;

typedef struct
{
  ReqKind kind;
  gint generation;
  GPtrArray *langs;  /* of char* */
  GPtrArray *texts;  /* of char* */

  /* REQ_SYNTH: the caller waits on done */
  GMutex lock;
  GCond cond;
  gboolean done;
  GByteArray *pcm;
  GError *error;
} Request;

struct _SewaVoice
{
  GObject parent_instance;

  char *device;
  GThread *thread;
  GAsyncQueue *queue;
  gint generation;      /* atomic: bumped by say/stop; older work is dropped or cut short */
  gint pending;         /* atomic: REQ_SAY requests queued or being spoken */

  GMutex lock;          /* guards what follows */
  GCond idle;
  char *last_text;
  guint said;           /* requests to say something */
  guint64 frames_played;
  gboolean device_warned;
};

G_DEFINE_FINAL_TYPE (SewaVoice, sewa_voice, G_TYPE_OBJECT)

static void
request_free (Request *req)
{
  if (req->langs != NULL)
    g_ptr_array_unref (req->langs);
  if (req->texts != NULL)
    g_ptr_array_unref (req->texts);
  g_mutex_clear (&req->lock);
  g_cond_clear (&req->cond);
  g_free (req);
}

static Request *
request_new (ReqKind kind, gint generation)
{
  Request *req = g_new0 (Request, 1);

  req->kind = kind;
  req->generation = generation;
  req->langs = g_ptr_array_new_with_free_func (g_free);
  req->texts = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&req->lock);
  g_cond_init (&req->cond);
  return req;
}

/* ALSA prints its own errors to stderr; the voice says what matters once, in the log. */
static void
alsa_quiet (const char *file, int line, const char *function, int err, const char *fmt, ...)
{
}

/* Caller holds espeak_lock. */
static gboolean
engine_setup (GError **error)
{
  if (espeak_rate == 0)
    {
      snd_lib_error_set_handler (alsa_quiet);
      espeak_rate = espeak_Initialize (AUDIO_OUTPUT_SYNCHRONOUS, 100, NULL, 0);
      if (espeak_rate <= 0)
        espeak_rate = -1;
      else
        espeak_SetParameter (espeakRATE, SPEAKING_RATE, 0);
    }
  if (espeak_rate < 0)
    {
      g_set_error (error, SEWA_VOICE_ERROR, SEWA_VOICE_ERROR_ENGINE,
                   "espeak-ng could not start (are its data files installed?)");
      return FALSE;
    }
  return TRUE;
}

/* espeak voice names for the kiosk's languages. */
static const char *
voice_name (const char *lang)
{
  if (g_strcmp0 (lang, "pa") == 0)
    return "pa";
  if (g_strcmp0 (lang, "hi") == 0)
    return "hi";
  if (g_strcmp0 (lang, "en") == 0)
    return "en";
  return NULL;
}

typedef struct
{
  SewaVoice *self;
  gint generation;
  GByteArray *pcm;      /* synthesis only */
  snd_pcm_t *out;       /* playback only */
  gboolean device_failed;
} Sink;

static int
on_samples (short *wav, int n, espeak_EVENT *events)
{
  Sink *sink = events != NULL ? events->user_data : NULL;

  if (sink == NULL)
    return 0;
  if (sink->self != NULL && g_atomic_int_get (&sink->self->generation) != sink->generation)
    return 1; /* replaced or stopped: cut it short */
  if (wav == NULL || n <= 0)
    return 0;
  if (sink->pcm != NULL)
    g_byte_array_append (sink->pcm, (const guint8 *) wav, (guint) n * sizeof (short));
  if (sink->out != NULL && !sink->device_failed)
    {
      const short *at = wav;
      snd_pcm_sframes_t left = n;

      while (left > 0)
        {
          snd_pcm_sframes_t wrote = snd_pcm_writei (sink->out, at, (snd_pcm_uframes_t) left);

          if (wrote < 0)
            wrote = snd_pcm_recover (sink->out, (int) wrote, 1);
          if (wrote < 0)
            {
              g_message ("voice: writing to the audio device failed: %s",
                         snd_strerror ((int) wrote));
              sink->device_failed = TRUE;
              break;
            }
          at += wrote;
          left -= wrote;
          g_mutex_lock (&sink->self->lock);
          sink->self->frames_played += (guint64) wrote;
          g_mutex_unlock (&sink->self->lock);
        }
    }
  return 0;
}

/* Caller holds espeak_lock. */
static gboolean
synth_one (const char *lang, const char *text, Sink *sink, GError **error)
{
  const char *name = voice_name (lang);
  espeak_ERROR rc;

  if (name == NULL || espeak_SetVoiceByName (name) != EE_OK)
    {
      g_set_error (error, SEWA_VOICE_ERROR, SEWA_VOICE_ERROR_LANGUAGE,
                   "no voice for the language \"%s\"", lang ? lang : "(none)");
      return FALSE;
    }
  espeak_SetSynthCallback (on_samples);
  rc = espeak_Synth (text, strlen (text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, sink);
  if (rc != EE_OK)
    {
      g_set_error (error, SEWA_VOICE_ERROR, SEWA_VOICE_ERROR_ENGINE, "espeak-ng refused the text");
      return FALSE;
    }
  return TRUE;
}

static snd_pcm_t *
open_device (SewaVoice *self)
{
  snd_pcm_t *out = NULL;
  int rc = snd_pcm_open (&out, self->device, SND_PCM_STREAM_PLAYBACK, 0);

  if (rc >= 0)
    rc = snd_pcm_set_params (out, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                             (unsigned int) espeak_rate, 1, 200000);
  if (rc < 0)
    {
      gboolean warn;

      g_mutex_lock (&self->lock);
      warn = !self->device_warned;
      self->device_warned = TRUE;
      g_mutex_unlock (&self->lock);
      if (warn)
        g_message ("voice guidance is silent: cannot open the audio device \"%s\": %s",
                   self->device, snd_strerror (rc));
      if (out != NULL)
        snd_pcm_close (out);
      return NULL;
    }
  return out;
}

static void
do_say (SewaVoice *self, Request *req)
{
  Sink sink = { .self = self, .generation = req->generation };
  g_autoptr (GError) error = NULL;

  if (g_atomic_int_get (&self->generation) != req->generation)
    return; /* replaced before it started */
  g_mutex_lock (&espeak_lock);
  if (!engine_setup (&error))
    {
      g_mutex_unlock (&espeak_lock);
      g_message ("voice: %s", error->message);
      return;
    }
  sink.out = open_device (self);
  for (guint i = 0; i < req->texts->len; i++)
    {
      if (g_atomic_int_get (&self->generation) != req->generation)
        break;
      if (!synth_one (req->langs->pdata[i], req->texts->pdata[i], &sink, &error))
        {
          g_message ("voice: %s", error->message);
          g_clear_error (&error);
        }
    }
  g_mutex_unlock (&espeak_lock);
  if (sink.out != NULL)
    {
      if (g_atomic_int_get (&self->generation) != req->generation || sink.device_failed)
        snd_pcm_drop (sink.out);
      else
        snd_pcm_drain (sink.out);
      snd_pcm_close (sink.out);
    }
}

static void
do_synth (Request *req)
{
  Sink sink = { .self = NULL };

  sink.pcm = g_byte_array_new ();
  g_mutex_lock (&espeak_lock);
  if (engine_setup (&req->error))
    synth_one (req->langs->pdata[0], req->texts->pdata[0], &sink, &req->error);
  g_mutex_unlock (&espeak_lock);
  g_mutex_lock (&req->lock);
  req->pcm = sink.pcm;
  req->done = TRUE;
  g_cond_signal (&req->cond);
  g_mutex_unlock (&req->lock);
}

static gpointer
worker (gpointer data)
{
  SewaVoice *self = data;

  for (;;)
    {
      Request *req = g_async_queue_pop (self->queue);

      switch (req->kind)
        {
        case REQ_QUIT:
          request_free (req);
          return NULL;
        case REQ_SYNTH:
          do_synth (req); /* the caller frees it */
          break;
        case REQ_SAY:
          do_say (self, req);
          request_free (req);
          g_mutex_lock (&self->lock);
          if (g_atomic_int_dec_and_test (&self->pending))
            g_cond_broadcast (&self->idle);
          g_mutex_unlock (&self->lock);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
sewa_voice_finalize (GObject *object)
{
  SewaVoice *self = SEWA_VOICE (object);

  g_atomic_int_inc (&self->generation); /* cut short whatever is being said */
  g_async_queue_push_front (self->queue, request_new (REQ_QUIT, 0));
  g_thread_join (self->thread);
  /* Requests still queued behind the quit were never said. */
  for (Request *req; (req = g_async_queue_try_pop (self->queue)) != NULL;)
    request_free (req);
  g_async_queue_unref (self->queue);
  g_free (self->device);
  g_free (self->last_text);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);
  G_OBJECT_CLASS (sewa_voice_parent_class)->finalize (object);
}

static void
sewa_voice_class_init (SewaVoiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sewa_voice_finalize;
}

static void
sewa_voice_init (SewaVoice *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle);
  self->queue = g_async_queue_new ();
}

SewaVoice *
sewa_voice_new (const char *device, GError **error)
{
  SewaVoice *self;
  gboolean ok;

  g_mutex_lock (&espeak_lock);
  ok = engine_setup (error);
  g_mutex_unlock (&espeak_lock);
  if (!ok)
    return NULL;
  self = g_object_new (SEWA_TYPE_VOICE, NULL);
  self->device = g_strdup (device != NULL && device[0] != '\0' ? device : "default");
  self->thread = g_thread_new ("sewa-voice", worker, self);
  return self;
}

void
sewa_voice_say_parts (SewaVoice *self, const SewaUtterance *parts, gsize n_parts)
{
  g_autoptr (GString) joined = g_string_new (NULL);
  Request *req;
  gint generation;

  g_return_if_fail (SEWA_IS_VOICE (self));

  generation = g_atomic_int_add (&self->generation, 1) + 1;
  req = request_new (REQ_SAY, generation);
  for (gsize i = 0; i < n_parts; i++)
    {
      if (parts[i].text == NULL || parts[i].text[0] == '\0')
        continue;
      g_ptr_array_add (req->langs, g_strdup (parts[i].lang));
      g_ptr_array_add (req->texts, g_strdup (parts[i].text));
      if (joined->len > 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, parts[i].text);
    }
  g_mutex_lock (&self->lock);
  g_free (self->last_text);
  self->last_text = g_strdup (joined->str);
  self->said++;
  g_atomic_int_inc (&self->pending);
  g_mutex_unlock (&self->lock);
  g_async_queue_push (self->queue, req);
}

void
sewa_voice_say (SewaVoice *self, const char *lang, const char *text)
{
  SewaUtterance part = { lang, text };

  sewa_voice_say_parts (self, &part, 1);
}

void
sewa_voice_say_greeting (SewaVoice *self)
{
  SewaUtterance parts[SEWA_N_LANGS];

  for (guint i = 0; i < SEWA_N_LANGS; i++)
    {
      parts[i].lang = sewa_lang_code ((SewaLang) i);
      parts[i].text = sewa_lang_spoken_greeting ((SewaLang) i);
    }
  sewa_voice_say_parts (self, parts, SEWA_N_LANGS);
}

void
sewa_voice_stop (SewaVoice *self)
{
  g_return_if_fail (SEWA_IS_VOICE (self));

  g_atomic_int_inc (&self->generation);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->last_text, g_free);
  g_mutex_unlock (&self->lock);
}

void
sewa_voice_wait (SewaVoice *self)
{
  g_return_if_fail (SEWA_IS_VOICE (self));

  g_mutex_lock (&self->lock);
  while (g_atomic_int_get (&self->pending) > 0)
    g_cond_wait (&self->idle, &self->lock);
  g_mutex_unlock (&self->lock);
}

char *
sewa_voice_dup_last_text (SewaVoice *self)
{
  char *text;

  g_return_val_if_fail (SEWA_IS_VOICE (self), NULL);

  g_mutex_lock (&self->lock);
  text = g_strdup (self->last_text);
  g_mutex_unlock (&self->lock);
  return text;
}

guint64
sewa_voice_get_frames_played (SewaVoice *self)
{
  guint64 n;

  g_return_val_if_fail (SEWA_IS_VOICE (self), 0);

  g_mutex_lock (&self->lock);
  n = self->frames_played;
  g_mutex_unlock (&self->lock);
  return n;
}

GBytes *
sewa_voice_synthesize (SewaVoice *self, const char *lang, const char *text, guint *out_rate,
                       GError **error)
{
  Request *req;
  GBytes *pcm = NULL;

  g_return_val_if_fail (SEWA_IS_VOICE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  req = request_new (REQ_SYNTH, 0);
  g_ptr_array_add (req->langs, g_strdup (lang));
  g_ptr_array_add (req->texts, g_strdup (text));
  g_async_queue_push (self->queue, req);
  g_mutex_lock (&req->lock);
  while (!req->done)
    g_cond_wait (&req->cond, &req->lock);
  g_mutex_unlock (&req->lock);
  if (req->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&req->error));
      g_byte_array_unref (req->pcm);
    }
  else
    {
      pcm = g_byte_array_free_to_bytes (req->pcm);
      if (out_rate != NULL)
        *out_rate = (guint) espeak_rate;
    }
  request_free (req);
  return pcm;
}

guint
sewa_voice_get_said_count (SewaVoice *self)
{
  guint said;

  g_return_val_if_fail (SEWA_IS_VOICE (self), 0);
  g_mutex_lock (&self->lock);
  said = self->said;
  g_mutex_unlock (&self->lock);
  return said;
}
