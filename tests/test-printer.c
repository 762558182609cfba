/* printer-state-reasons to typed errors and operator alerts, without a printer. */
#include "sewa-printer.h"

static void
test_classify (void)
{
  static const struct
  {
    const char *keyword;
    SewaPrinterAlert alert;
    gboolean fatal;
  } cases[] = {
    { "media-empty", SEWA_PRINTER_ALERT_MEDIA_EMPTY, TRUE },
    { "media-empty-report", SEWA_PRINTER_ALERT_MEDIA_EMPTY, TRUE },
    { "media-needed-warning", SEWA_PRINTER_ALERT_MEDIA_EMPTY, TRUE },
    { "media-jam-error", SEWA_PRINTER_ALERT_MEDIA_JAM, TRUE },
    { "cover-open", SEWA_PRINTER_ALERT_COVER_OPEN, TRUE },
    { "door-open-warning", SEWA_PRINTER_ALERT_COVER_OPEN, TRUE },
    { "offline-report", SEWA_PRINTER_ALERT_OFFLINE, TRUE },
    { "paused", SEWA_PRINTER_ALERT_STOPPED, TRUE },
    { "marker-supply-low-warning", SEWA_PRINTER_ALERT_MARKER_LOW, FALSE },
    { "toner-low-report", SEWA_PRINTER_ALERT_MARKER_LOW, FALSE },
    { "media-low", SEWA_PRINTER_ALERT_MEDIA_LOW, FALSE },
    { "none", SEWA_PRINTER_ALERT_NONE, FALSE },
    { "connecting-to-device", SEWA_PRINTER_ALERT_NONE, FALSE },
    { "media-jammed", SEWA_PRINTER_ALERT_NONE, FALSE },
    { "-error", SEWA_PRINTER_ALERT_NONE, FALSE },
    { "", SEWA_PRINTER_ALERT_NONE, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean fatal = !cases[i].fatal;

      g_assert_cmpint (sewa_printer_classify_reason (cases[i].keyword, &fatal), ==,
                       cases[i].alert);
      g_assert_cmpint (fatal, ==, cases[i].fatal);
    }
  g_assert_cmpint (sewa_printer_alert_to_error (SEWA_PRINTER_ALERT_MEDIA_JAM), ==,
                   SEWA_PRINTER_ERROR_MEDIA_JAM);
  g_assert_cmpint (sewa_printer_alert_to_error (SEWA_PRINTER_ALERT_STOPPED), ==,
                   SEWA_PRINTER_ERROR_STOPPED);
}

static void
test_object (void)
{
  g_autoptr (SewaConfig) config = sewa_config_new_default ();
  SewaPrinter *printer;

  g_free (config->printer_dest);
  config->printer_dest = g_strdup ("ipp://127.0.0.1:1/ipp/print");
  printer = sewa_printer_new (config);
  g_assert_cmpstr (sewa_printer_get_destination (printer), ==, "ipp://127.0.0.1:1/ipp/print");
  g_assert_finalize_object (printer);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/printer/classify", test_classify);
  g_test_add_func ("/printer/object", test_object);
  return g_test_run ();
}
