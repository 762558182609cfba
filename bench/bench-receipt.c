/* bench-receipt — from "submit" to the receipt accepted by the printer.
 *
 * Against CUPS's own ippeveprinter on loopback (started by tests/printer-peer.py):
 *   render   sewa_receipt_render_pdf() of a Punjabi 80 mm receipt
 *   ours     sewa_printer_print_async() → the printer has accepted the whole document
 *            (and, separately, → the job is reported completed)
 *   baseline `ipptool -f receipt.pdf URI print-job.test`: CUPS's own CLI sending the same
 *            pre-rendered PDF, process start included, as a technician would
 * Prints medians and the ratio ours/baseline. --quick runs 3 rounds (the suite runs it).
 *
 * Usage: bench-receipt [--quick] [--peer tests/printer-peer.py]
 */
#include "sewa-lang.h"
#include "sewa-printer.h"
#include "sewa-receipt.h"
#include "sewa-reference.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *a)
{
  g_array_sort (a, cmp_double);
  if (a->len == 0)
    return 0;
  return g_array_index (a, double, a->len / 2);
}

static SewaReceiptData *
make_data (guint seq)
{
  SewaReceiptData *d = sewa_receipt_data_new ();
  SewaReferenceParts p = { .centre = "LDH01", .kiosk = 3, .year = 2026, .month = 11, .day = 30,
                           .seq = seq };

  d->centre_code = g_strdup ("LDH01");
  d->centre_name = g_strdup ("Sewa Kendra Civil Lines, Ludhiana");
  d->kiosk_number = 3;
  d->issued_at = g_date_time_new_now_local ();
  d->lang = SEWA_LANG_PA;
  d->service_name_local = g_strdup ("ਜਨਮ ਸਰਟੀਫਿਕੇਟ ਦੀ ਕਾਪੀ");
  d->service_name_en = g_strdup ("Copy of birth certificate");
  d->applicant_name = g_strdup ("ਹਰਪ੍ਰੀਤ ਕੌਰ ਸਿੱਧੂ");
  g_strlcpy (d->aadhaar_last4, "4821", sizeof d->aadhaar_last4);
  d->reference = sewa_reference_format (&p);
  sewa_receipt_data_add_document (d, "ਹਸਪਤਾਲ ਦੀ ਜਨਮ ਪਰਚੀ", SEWA_DOC_SOURCE_SCANNED);
  sewa_receipt_data_add_document (d, "ਮਾਤਾ-ਪਿਤਾ ਦਾ ਆਧਾਰ", SEWA_DOC_SOURCE_VAULT);
  d->fee_paise = 4000;
  d->fee_state = SEWA_RECEIPT_FEE_PAID_UPI;
  sewa_receipt_due_date (d->issued_at, 7, &d->due_date);
  d->track_url = g_strdup ("https://connect.punjab.gov.in/track");
  return d;
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

int
main (int argc, char **argv)
{
  gboolean quick = FALSE;
  const char *peer_script = NULL;
  g_autofree char *default_peer = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) peer = NULL;
  g_autoptr (GDataInputStream) peer_out = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *workdir = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (SewaPrinter) printer = NULL;
  g_autoptr (GArray) render_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) accept_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) complete_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) base_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gsize pdf_size = 0;
  guint rounds;
  double r, a, c, b;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        quick = TRUE;
      else if (g_str_equal (argv[i], "--peer") && i + 1 < argc)
        peer_script = argv[++i];
      else
        {
          fprintf (stderr, "usage: bench-receipt [--quick] [--peer printer-peer.py]\n");
          return 2;
        }
    }
  if (peer_script == NULL)
    {
      const char *root = g_getenv ("SEWA_SOURCE_ROOT");

      default_peer = g_build_filename (root != NULL ? root : ".", "tests", "printer-peer.py", NULL);
      peer_script = default_peer;
    }
  rounds = quick ? 3 : 30;
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));

  workdir = g_dir_make_tmp ("sewa-bench-receipt-XXXXXX", &error);
  g_assert_no_error (error);
  peer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           "python3", peer_script, workdir, NULL);
  if (peer == NULL)
    {
      fprintf (stderr, "cannot start %s: %s\n", peer_script, error->message);
      return 1;
    }
  peer_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (peer));
  ready = g_data_input_stream_read_line_utf8 (peer_out, NULL, NULL, &error);
  if (ready == NULL || !g_str_has_prefix (ready, "READY "))
    {
      fprintf (stderr, "printer peer did not start: %s\n", ready != NULL ? ready : "(eof)");
      return 1;
    }
  uri = g_strdup (strstr (ready, "uri=") + 4);
  *strchr (uri, ' ') = '\0';
  printer = sewa_printer_new_for_destination (uri);

  for (guint i = 0; i < rounds + 1; i++)
    {
      g_autoptr (SewaReceiptData) d = make_data (i + 1);
      g_autoptr (GBytes) pdf = NULL;
      SewaPrintJobInfo info = { 0 };
      Wait w = { 0 };
      gint64 t0 = g_get_monotonic_time (), t1, t2;
      double v;

      pdf = sewa_receipt_render_pdf (d, SEWA_PAPER_80MM, NULL, &error);
      g_assert_no_error (error);
      t1 = g_get_monotonic_time ();
      sewa_printer_print_async (printer, pdf, "receipt", NULL, on_done, &w);
      while (w.result == NULL)
        g_main_context_iteration (NULL, TRUE);
      t2 = g_get_monotonic_time ();
      if (sewa_printer_print_finish (printer, w.result, &info, &error) <= 0)
        {
          fprintf (stderr, "print failed: %s\n", error->message);
          return 1;
        }
      g_object_unref (w.result);
      if (i == 0)
        {
          /* Warm-up: fonts loaded, first connection made. Keep its PDF for the baseline. */
          pdf_path = g_build_filename (workdir, "receipt.pdf", NULL);
          g_file_set_contents (pdf_path, g_bytes_get_data (pdf, &pdf_size),
                               (gssize) g_bytes_get_size (pdf), &error);
          g_assert_no_error (error);
          continue;
        }
      v = (t1 - t0) / 1000.0;
      g_array_append_val (render_ms, v);
      /* From the call on the main thread to "accepted", measured by the worker. */
      v = (info.accepted_us - t1) / 1000.0;
      g_array_append_val (accept_ms, v);
      v = (t2 - t1) / 1000.0;
      g_array_append_val (complete_ms, v);
    }

  for (guint i = 0; i < rounds; i++)
    {
      const char *argv_ipptool[] = { "ipptool", "-f", pdf_path, uri, "print-job.test", NULL };
      gint64 t0 = g_get_monotonic_time ();
      int status = 0;
      double v;

      if (!g_spawn_sync (NULL, (char **) argv_ipptool, NULL,
                         G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          fprintf (stderr, "ipptool failed: %s\n", error->message);
          return 1;
        }
      v = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (base_ms, v);
      /* ipptool returns once the job is accepted; ippeveprinter prints one job at a time and
       * answers "busy" to the next, so wait (untimed) until it is idle again. */
      for (;;)
        {
          g_autoptr (SewaPrinterStatus) st = NULL;
          Wait w = { 0 };

          sewa_printer_query_state_async (printer, NULL, on_done, &w);
          while (w.result == NULL)
            g_main_context_iteration (NULL, TRUE);
          st = sewa_printer_query_state_finish (printer, w.result, NULL);
          g_object_unref (w.result);
          if (st != NULL && st->state == SEWA_PRINTER_STATE_IDLE)
            break;
          g_usleep (5 * G_TIME_SPAN_MILLISECOND);
        }
    }

  r = median (render_ms);
  a = median (accept_ms);
  c = median (complete_ms);
  b = median (base_ms);
  printf ("bench-receipt: %u rounds, %" G_GSIZE_FORMAT "-byte PDF (80 mm, Punjabi), ippeveprinter on loopback\n",
          rounds, pdf_size);
  printf ("render (Pango+cairo PDF + QR)          median %8.2f ms\n", r);
  printf ("submit -> accepted (SewaPrinter)        median %8.2f ms\n", a);
  printf ("submit -> completed (SewaPrinter)       median %8.2f ms\n", c);
  printf ("baseline: ipptool -f PDF print-job     median %8.2f ms\n", b);
  printf ("ratio accepted/baseline %.2f; render+accepted/baseline %.2f\n", a / b, (r + a) / b);

  g_output_stream_close (g_subprocess_get_stdin_pipe (peer), NULL, NULL);
  g_subprocess_wait (peer, NULL, NULL);
  g_rmdir (workdir);
  return 0;
}
