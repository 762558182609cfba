/* sewa-printer-peer.c — tests/printer-peer.py (a private cupsd + ippeveprinter) driven over
 * its stdin/stdout: one READY line with the printer's URI and spool, then line commands. */
#include "sewa-printer-peer.h"

#include <string.h>

static GSubprocess *peer;
static GDataInputStream *peer_out;
static GOutputStream *peer_in;
static char *peer_spool;

char *
sewa_printer_peer_start (const char *work)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "tests", "printer-peer.py", NULL);
  g_autofree char *line = NULL;
  g_auto (GStrv) words = NULL;
  char *uri = NULL;

  g_assert_null (peer);
  peer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           "python3", script, work, NULL);
  g_assert_no_error (error);
  peer_in = g_subprocess_get_stdin_pipe (peer);
  peer_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (peer));
  line = g_data_input_stream_read_line_utf8 (peer_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "READY "));
  words = g_strsplit (line, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_str_has_prefix (words[i], "uri="))
        uri = g_strdup (words[i] + 4);
      else if (g_str_has_prefix (words[i], "spool="))
        peer_spool = g_strdup (words[i] + 6);
    }
  g_assert_nonnull (uri);
  g_assert_nonnull (peer_spool);
  return uri;
}

char *
sewa_printer_peer_command (const char *cmd)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strconcat (cmd, "\n", NULL);

  g_assert_true (g_output_stream_write_all (peer_in, line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  return g_data_input_stream_read_line_utf8 (peer_out, NULL, NULL, &error);
}

/* The text of the first printed job (the PDF ippeveprinter kept) that contains @needle. */
char *
sewa_printer_peer_job_text (const char *needle)
{
  g_autoptr (GDir) dir = g_dir_open (peer_spool, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (peer_spool, name, NULL);
      g_autofree char *out = NULL;
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

      if (!g_str_has_suffix (name, ".pdf"))
        continue;
      if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, &out, NULL, NULL, NULL) &&
          out != NULL && strstr (out, needle) != NULL)
        return g_steal_pointer (&out);
    }
  return NULL;
}

/* Closing its stdin stops the printer peer and removes its work dir. */
void
sewa_printer_peer_stop (void)
{
  if (peer == NULL)
    return;
  g_output_stream_close (peer_in, NULL, NULL);
  g_subprocess_wait (peer, NULL, NULL);
  g_clear_object (&peer_out);
  g_clear_object (&peer);
  peer_in = NULL;
  g_clear_pointer (&peer_spool, g_free);
}

guint
sewa_printer_peer_job_count (void)
{
  g_autoptr (GDir) dir = g_dir_open (peer_spool, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pdf"))
      n++;
  return n;
}
