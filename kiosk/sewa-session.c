#include "sewa-session.h"

#include <string.h>

struct _SewaSession
{
  GObject parent_instance;

  guint idle_timeout_s;
  guint idle_warning_s;  /* warn this long before the reset (0: no warning) */
  guint idle_source;
  gint64 idle_deadline;  /* monotonic µs of the reset, while active */
  gboolean warning;      /* "idle-warning" was emitted and not yet answered */
  gboolean active;
  SewaLang lang;
  GCancellable *cancellable;
  GHashTable *values; /* key → value, both owned; values wiped on free */
  SewaIdentityMethod identity_method;
  char *citizen_token;  /* the portal's verified-mobile token, or NULL; wiped */
  char *mobile_last4;   /* of the verified mobile, or NULL */
  GPtrArray *vault;     /* SewaVaultDoc*, or NULL */
  SewaVaultConsent vault_consent;
  SewaIdentity *prefill; /* details from earlier applications, or NULL; wiped */
  char *prefill_arn;     /* the newest application they came from */
  char *assisted_by;     /* the operator filling it in for the citizen, or NULL (#18) */
  char *corrects;        /* the id of the sent application this one corrects, or NULL (#18) */
};

G_DEFINE_FINAL_TYPE (SewaSession, sewa_session, G_TYPE_OBJECT)

enum { SIG_BEGAN, SIG_ENDED, SIG_IDLE_WARNING, SIG_IDLE_RESUMED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
wipe_string (gpointer data)
{
  char *s = data;

  if (s == NULL)
    return;
  /* volatile-free explicit wipe; the optimiser may not drop it. */
  explicit_bzero (s, strlen (s));
  g_free (s);
}

static void
clear_citizen (SewaSession *self)
{
  wipe_string (g_steal_pointer (&self->citizen_token));
  wipe_string (g_steal_pointer (&self->mobile_last4));
  g_clear_pointer (&self->vault, g_ptr_array_unref);
  g_clear_pointer (&self->prefill, sewa_identity_free);
  g_clear_pointer (&self->prefill_arn, g_free);
  self->vault_consent = SEWA_VAULT_CONSENT_UNASKED;
  self->identity_method = SEWA_IDENTITY_METHOD_NONE;
}

static void
clear_idle (SewaSession *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
}

static gboolean
on_idle_timeout (gpointer user_data)
{
  SewaSession *self = user_data;

  self->idle_source = 0;
  g_message ("session idle for %u s: resetting", self->idle_timeout_s);
  sewa_session_end (self, SEWA_SESSION_END_IDLE);
  return G_SOURCE_REMOVE;
}

/* The warning's length: as configured, but never the whole timeout (a citizen gets at least a
 * second of quiet before being asked). */
static guint
warning_length (SewaSession *self)
{
  return MIN (self->idle_warning_s, self->idle_timeout_s - 1);
}

static gboolean
on_idle_warning (gpointer user_data)
{
  SewaSession *self = user_data;
  guint left = warning_length (self);

  /* The countdown the citizen sees and the reset are one clock: the reset comes @left seconds
   * after the warning, whenever the warning's timer fired. Millisecond timers, because GLib
   * groups second timers and may fire them up to a second early, so the warning would show
   * one second more than it gives. */
  self->idle_deadline = g_get_monotonic_time () + (gint64) left * G_USEC_PER_SEC;
  self->idle_source = g_timeout_add ((guint) left * 1000, on_idle_timeout, self);
  self->warning = TRUE;
  g_signal_emit (self, signals[SIG_IDLE_WARNING], 0, left);
  return G_SOURCE_REMOVE;
}

static void
arm_idle (SewaSession *self)
{
  gboolean was_warning = self->warning;
  guint warn = warning_length (self);

  clear_idle (self);
  self->warning = FALSE;
  if (self->active)
    {
      self->idle_deadline = g_get_monotonic_time () + (gint64) self->idle_timeout_s * G_USEC_PER_SEC;
      if (warn > 0)
        self->idle_source = g_timeout_add ((self->idle_timeout_s - warn) * 1000, on_idle_warning, self);
      else
        self->idle_source = g_timeout_add (self->idle_timeout_s * 1000, on_idle_timeout, self);
    }
  if (was_warning)
    g_signal_emit (self, signals[SIG_IDLE_RESUMED], 0);
}

static void
sewa_session_finalize (GObject *object)
{
  SewaSession *self = SEWA_SESSION (object);

  clear_idle (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->values, g_hash_table_unref);
  clear_citizen (self);
  g_clear_pointer (&self->assisted_by, g_free);
  g_clear_pointer (&self->corrects, g_free);
  G_OBJECT_CLASS (sewa_session_parent_class)->finalize (object);
}

static void
sewa_session_class_init (SewaSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sewa_session_finalize;

  signals[SIG_BEGAN] = g_signal_new ("began", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* ended (SewaSessionEndReason as int) */
  signals[SIG_ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* idle-warning (seconds left before the reset): nobody has touched the kiosk for a while. */
  signals[SIG_IDLE_WARNING] = g_signal_new ("idle-warning", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_UINT);
  /* idle-resumed: a touch after idle-warning; the session goes on. */
  signals[SIG_IDLE_RESUMED] = g_signal_new ("idle-resumed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
}

static void
sewa_session_init (SewaSession *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_string);
  self->lang = SEWA_LANG_PA;
}

SewaSession *
sewa_session_new (guint idle_timeout_s)
{
  SewaSession *self = g_object_new (SEWA_TYPE_SESSION, NULL);

  self->idle_timeout_s = MAX (idle_timeout_s, 1);
  self->idle_warning_s = SEWA_SESSION_DEFAULT_IDLE_WARNING_S;
  return self;
}

void
sewa_session_begin (SewaSession *self, SewaLang lang)
{
  g_return_if_fail (SEWA_IS_SESSION (self));
  g_return_if_fail (lang < SEWA_N_LANGS);

  if (self->active)
    sewa_session_end (self, SEWA_SESSION_END_START_OVER);
  self->active = TRUE;
  self->lang = lang;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  arm_idle (self);
  g_signal_emit (self, signals[SIG_BEGAN], 0);
}

gboolean
sewa_session_is_active (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), FALSE);
  return self->active;
}

SewaLang
sewa_session_get_language (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), SEWA_LANG_PA);
  return self->lang;
}

void
sewa_session_set_language (SewaSession *self, SewaLang lang)
{
  g_return_if_fail (SEWA_IS_SESSION (self));
  g_return_if_fail (lang < SEWA_N_LANGS);
  g_return_if_fail (self->active);

  self->lang = lang;
}

guint
sewa_session_get_idle_timeout (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), 0);
  return self->idle_timeout_s;
}

void
sewa_session_touch (SewaSession *self)
{
  g_return_if_fail (SEWA_IS_SESSION (self));
  if (self->active)
    arm_idle (self);
}

void
sewa_session_end (SewaSession *self, SewaSessionEndReason reason)
{
  g_return_if_fail (SEWA_IS_SESSION (self));

  if (!self->active)
    return;
  self->active = FALSE;
  self->warning = FALSE;
  clear_idle (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_hash_table_remove_all (self->values);
  clear_citizen (self);
  /* Who assists belongs to the session, not to the citizen's identity: a verified mobile or a
   * changed identity method keeps it; only the end of the session drops it. */
  g_clear_pointer (&self->assisted_by, g_free);
  g_clear_pointer (&self->corrects, g_free);
  g_signal_emit (self, signals[SIG_ENDED], 0, (int) reason);
}

GCancellable *
sewa_session_get_cancellable (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), NULL);
  return self->cancellable;
}

void
sewa_session_set_value (SewaSession *self, const char *key, const char *value)
{
  g_return_if_fail (SEWA_IS_SESSION (self));
  g_return_if_fail (key != NULL);

  if (!self->active)
    return;
  if (value == NULL)
    g_hash_table_remove (self->values, key);
  else
    g_hash_table_replace (self->values, g_strdup (key), g_strdup (value));
  sewa_session_touch (self);
}

const char *
sewa_session_get_value (SewaSession *self, const char *key)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), NULL);
  return g_hash_table_lookup (self->values, key);
}

guint
sewa_session_count_values (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), 0);
  return g_hash_table_size (self->values);
}

void
sewa_session_set_idle_warning (SewaSession *self, guint seconds)
{
  g_return_if_fail (SEWA_IS_SESSION (self));
  self->idle_warning_s = seconds;
  if (self->active)
    arm_idle (self);
}

guint
sewa_session_get_seconds_left (SewaSession *self)
{
  gint64 left;

  g_return_val_if_fail (SEWA_IS_SESSION (self), 0);
  if (!self->active)
    return 0;
  left = self->idle_deadline - g_get_monotonic_time ();
  return left <= 0 ? 0 : (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

gboolean
sewa_session_is_warning (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), FALSE);
  return self->warning;
}

void
sewa_session_set_verified_mobile (SewaSession *self, const char *token, const char *mobile_last4)
{
  g_return_if_fail (SEWA_IS_SESSION (self));
  g_return_if_fail (token != NULL);

  if (!self->active)
    return;
  clear_citizen (self);
  self->citizen_token = g_strdup (token);
  self->mobile_last4 = g_strdup (mobile_last4);
  self->identity_method = SEWA_IDENTITY_METHOD_OTP;
  sewa_session_touch (self);
}

const char *
sewa_session_get_citizen_token (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), NULL);
  return self->citizen_token;
}

const char *
sewa_session_get_mobile_last4 (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), NULL);
  return self->mobile_last4;
}

/* A method other than OTP says the mobile was not verified this visit: any token goes. */
void
sewa_session_set_identity_method (SewaSession *self, SewaIdentityMethod method)
{
  g_return_if_fail (SEWA_IS_SESSION (self));

  if (!self->active)
    return;
  if (method != SEWA_IDENTITY_METHOD_OTP)
    clear_citizen (self);
  else
    g_return_if_fail (self->citizen_token != NULL);
  self->identity_method = method;
}

SewaIdentityMethod
sewa_session_get_identity_method (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), SEWA_IDENTITY_METHOD_NONE);
  return self->identity_method;
}

/* The vault belongs to the verified citizen: without a token there is none to keep. */
void
sewa_session_set_vault (SewaSession *self, GPtrArray *docs)
{
  g_return_if_fail (SEWA_IS_SESSION (self));

  if (!self->active || self->citizen_token == NULL)
    {
      g_clear_pointer (&docs, g_ptr_array_unref);
      return;
    }
  g_clear_pointer (&self->vault, g_ptr_array_unref);
  self->vault = docs;
}

GPtrArray *
sewa_session_get_vault (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), NULL);
  return self->vault;
}

void
sewa_session_set_vault_consent (SewaSession *self, SewaVaultConsent consent)
{
  g_return_if_fail (SEWA_IS_SESSION (self));
  if (self->active && self->citizen_token != NULL)
    self->vault_consent = consent;
}

SewaVaultConsent
sewa_session_get_vault_consent (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), SEWA_VAULT_CONSENT_UNASKED);
  return self->vault_consent;
}

/* Like the vault, the details belong to the verified citizen and go with the token. */
void
sewa_session_set_prefill (SewaSession *self, SewaIdentity *identity, const char *arn)
{
  g_return_if_fail (SEWA_IS_SESSION (self));

  if (!self->active || self->citizen_token == NULL)
    {
      g_clear_pointer (&identity, sewa_identity_free);
      return;
    }
  g_clear_pointer (&self->prefill, sewa_identity_free);
  g_free (self->prefill_arn);
  self->prefill = identity;
  self->prefill_arn = g_strdup (arn);
}

const SewaIdentity *
sewa_session_get_prefill (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), NULL);
  return self->prefill;
}

const char *
sewa_session_get_prefill_arn (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), NULL);
  return self->prefill_arn;
}

void
sewa_session_set_assisted_by (SewaSession *self, const char *operator_id)
{
  g_return_if_fail (SEWA_IS_SESSION (self));
  g_free (self->assisted_by);
  self->assisted_by = g_strdup (operator_id);
}

const char *
sewa_session_get_assisted_by (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), NULL);
  return self->assisted_by;
}

void
sewa_session_set_corrects (SewaSession *self, const char *application_id)
{
  g_return_if_fail (SEWA_IS_SESSION (self));
  g_free (self->corrects);
  self->corrects = g_strdup (application_id);
}

const char *
sewa_session_get_corrects (SewaSession *self)
{
  g_return_val_if_fail (SEWA_IS_SESSION (self), NULL);
  return self->corrects;
}
