/* sewa-log-ring.c — the last log lines in memory, digits masked. See sewa-log-ring.h. */
#include "sewa-log-ring.h"

#include <string.h>

#define SEWA_LOG_RING_LINES 20

static GMutex ring_lock;
static char *ring[SEWA_LOG_RING_LINES];
static guint ring_next;

char *
sewa_log_ring_mask (const char *line)
{
  GString *out = g_string_new (NULL);
  const char *p = line;

  while (*p != '\0')
    {
      size_t digits = strspn (p, "0123456789");

      if (digits >= 5)
        {
          for (size_t i = 0; i < digits; i++)
            g_string_append_c (out, '#');
          p += digits;
        }
      else if (digits > 0)
        {
          g_string_append_len (out, p, (gssize) digits);
          p += digits;
        }
      else
        {
          g_string_append_c (out, *p);
          p++;
        }
    }
  return g_string_free (out, FALSE);
}

static const char *
field_text (const GLogField *fields, gsize n_fields, const char *key)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, key) == 0)
      return fields[i].length < 0 ? fields[i].value : NULL;
  return NULL;
}

static GLogWriterOutput
ring_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  const char *message = field_text (fields, n_fields, "MESSAGE");
  const char *domain = field_text (fields, n_fields, "GLIB_DOMAIN");

  /* Debug output is not kept: it is for developers and can be verbose. */
  if (message != NULL && (level & G_LOG_LEVEL_DEBUG) == 0)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *when = g_date_time_format (now, "%H:%M:%S");
      g_autofree char *line = g_strdup_printf ("%s %s: %s", when, domain != NULL ? domain : "sewa-kiosk", message);
      char *masked = sewa_log_ring_mask (line);

      g_mutex_lock (&ring_lock);
      g_free (ring[ring_next]);
      ring[ring_next] = masked;
      ring_next = (ring_next + 1) % SEWA_LOG_RING_LINES;
      g_mutex_unlock (&ring_lock);
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
sewa_log_ring_install (void)
{
  g_log_set_writer_func (ring_writer, NULL, NULL);
}

char *
sewa_log_ring_dump (void)
{
  GString *out = g_string_new (NULL);

  g_mutex_lock (&ring_lock);
  for (guint i = 0; i < SEWA_LOG_RING_LINES; i++)
    {
      const char *line = ring[(ring_next + i) % SEWA_LOG_RING_LINES];

      if (line == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, line);
    }
  g_mutex_unlock (&ring_lock);
  return g_string_free (out, FALSE);
}
