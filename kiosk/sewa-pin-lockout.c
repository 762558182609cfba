/* sewa-pin-lockout.c — the operator PIN's wrong-guess policy and its state file. */
#include "sewa-pin-lockout.h"

#define GROUP "lockout"
/* Far beyond any lock the policy sets: a larger value is not a state this code wrote. */
#define MAX_LOCK_AHEAD_S (24 * 3600)

guint
sewa_pin_lockout_delay (guint failures)
{
  guint delay = SEWA_PIN_LOCKOUT_SECONDS;

  if (failures < SEWA_PIN_FAILURES_BEFORE_DELAY)
    return 0;
  if (failures < SEWA_PIN_FAILURES_BEFORE_LOCKOUT)
    return 2u << (failures - SEWA_PIN_FAILURES_BEFORE_DELAY); /* 2 s, 4 s */
  for (guint n = SEWA_PIN_FAILURES_BEFORE_LOCKOUT; n < failures; n++)
    {
      delay *= 2;
      if (delay >= SEWA_PIN_LOCKOUT_MAX_SECONDS)
        return SEWA_PIN_LOCKOUT_MAX_SECONDS;
    }
  return delay;
}

gboolean
sewa_pin_lockout_parse (const char *data, gsize len, gint64 now, guint *out_failures,
                        gint64 *out_locked_until)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  gint64 failures, until = 0;

  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, NULL))
    return FALSE;
  failures = g_key_file_get_int64 (kf, GROUP, "failures", &local);
  if (local == NULL)
    until = g_key_file_get_int64 (kf, GROUP, "locked-until", &local);
  if (local != NULL || failures < 0 || failures > G_MAXINT || until < 0 ||
      until > now + MAX_LOCK_AHEAD_S)
    return FALSE;
  *out_failures = (guint) failures;
  *out_locked_until = until;
  return TRUE;
}

gboolean
sewa_pin_lockout_load (const char *path, guint *out_failures, gint64 *out_locked_until,
                       GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  *out_failures = 0;
  *out_locked_until = 0;
  if (!g_file_get_contents (path, &data, &len, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "the PIN lockout state %s cannot be read: %s", path, local->message);
      return FALSE;
    }
  if (len > 4096 ||
      !sewa_pin_lockout_parse (data, len, g_get_real_time () / G_USEC_PER_SEC, out_failures,
                               out_locked_until))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "the PIN lockout state %s is damaged; delete it only after checking who "
                   "tried the operator PIN", path);
      return FALSE;
    }
  return TRUE;
}

gboolean
sewa_pin_lockout_save (const char *path, guint failures, gint64 locked_until, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize len = 0;

  g_key_file_set_int64 (kf, GROUP, "failures", failures);
  g_key_file_set_int64 (kf, GROUP, "locked-until", locked_until);
  data = g_key_file_to_data (kf, &len, NULL);
  return g_file_set_contents_full (path, data, (gssize) len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}
