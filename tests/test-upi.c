/* test-upi.c — fees as UPI payment links: the exact link, its encoding (Gurmukhi names, spaces,
 * '&' in a name), refusals, and a QR code of it read back by the kiosk's own ZBar decoder. */
#include "sewa-upi.h"
#include "sewa-qr-decoder.h"

#include <qrencode.h>
#include <string.h>

static void
test_exact_link (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = sewa_upi_payment_uri ("pbsewa.ldh01@sbi", "Sewa Kendra Ludhiana", 7500,
                                               "PB-LDH01-03-261130-0001-Y", "Birth certificate",
                                               &error);

  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==,
                   "upi://pay?pa=pbsewa.ldh01@sbi&pn=Sewa%20Kendra%20Ludhiana&am=75.00&cu=INR"
                   "&tr=PB-LDH01-03-261130-0001-Y&tn=Birth%20certificate");
  /* Paise, no note: the note is left out, never sent empty. */
  g_clear_pointer (&uri, g_free);
  uri = sewa_upi_payment_uri ("ab@upi", "Sewa", 5, "PB-X", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "upi://pay?pa=ab@upi&pn=Sewa&am=0.05&cu=INR&tr=PB-X");
  g_clear_pointer (&uri, g_free);
  uri = sewa_upi_payment_uri ("ab@upi", "Sewa", 123456789, "PB-X", "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "upi://pay?pa=ab@upi&pn=Sewa&am=1234567.89&cu=INR&tr=PB-X");
}

/* Whatever the names hold, each parameter comes back exactly (a '&' or '=' in a name must not
 * make a new parameter). */
static void
test_encoding_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  const char *name = "ਸੇਵਾ ਕੇਂਦਰ & Co = 100%";
  const char *note = "जन्म प्रमाण पत्र?#";
  g_autofree char *uri = sewa_upi_payment_uri ("sewa_kendra-1.pb@okaxis", name, 2000,
                                               "PB-LDH01-03-261130-0002-W", note, &error);
  g_autoptr (GHashTable) params = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (uri, "upi://pay?"));
  for (const char *p = uri; *p != '\0'; p++)
    g_assert_true (g_ascii_isprint (*p) && *p != ' ' && *p != '#');
  params = g_uri_parse_params (strchr (uri, '?') + 1, -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (params), ==, 6);
  g_assert_cmpstr (g_hash_table_lookup (params, "pa"), ==, "sewa_kendra-1.pb@okaxis");
  g_assert_cmpstr (g_hash_table_lookup (params, "pn"), ==, name);
  g_assert_cmpstr (g_hash_table_lookup (params, "am"), ==, "20.00");
  g_assert_cmpstr (g_hash_table_lookup (params, "cu"), ==, "INR");
  g_assert_cmpstr (g_hash_table_lookup (params, "tr"), ==, "PB-LDH01-03-261130-0002-W");
  g_assert_cmpstr (g_hash_table_lookup (params, "tn"), ==, note);
}

static void
test_refusals (void)
{
  const char *bad_vpas[] = { NULL, "", "abc", "a@sbi", "ab@", "ab@s", "ab@@sbi", "a b@sbi",
                             "ab@s-bi", "ab@1bank", "ab@sbi@x", "ਅਬ@sbi" };
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad_vpas); i++)
    {
      char *uri = sewa_upi_payment_uri (bad_vpas[i], "Sewa", 100, "PB-X", NULL, &error);

      g_assert_null (uri);
      g_assert_error (error, SEWA_UPI_ERROR, SEWA_UPI_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_true (sewa_upi_vpa_is_valid ("ab@sbi"));
  g_assert_true (sewa_upi_vpa_is_valid ("9876543210@paytm"));
  g_assert_null (sewa_upi_payment_uri ("ab@sbi", "Sewa", 0, "PB-X", NULL, &error));
  g_assert_error (error, SEWA_UPI_ERROR, SEWA_UPI_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sewa_upi_payment_uri ("ab@sbi", "Sewa", -100, "PB-X", NULL, &error));
  g_clear_error (&error);
  g_assert_null (sewa_upi_payment_uri ("ab@sbi", "null", 100, "PB-X", NULL, &error));
  g_clear_error (&error);
  g_assert_null (sewa_upi_payment_uri ("ab@sbi", "", 100, "PB-X", NULL, &error));
  g_clear_error (&error);
  g_assert_null (sewa_upi_payment_uri ("ab@sbi", "Sewa", 100, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_null (sewa_upi_payment_uri ("ab@sbi", "Se\nwa", 100, "PB-X", NULL, &error));
  g_clear_error (&error);
  g_assert_null (sewa_upi_payment_uri ("ab@sbi", "Sewa", 100, "PB-X", "\xff\xfe", &error));
  g_assert_error (error, SEWA_UPI_ERROR, SEWA_UPI_ERROR_INVALID);
}

/* The link as the citizen sees it: a QR code, which the kiosk's own decoder reads back whole. */
static void
test_qr_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = sewa_upi_payment_uri ("pbsewa.ldh01@sbi", "ਸੇਵਾ ਕੇਂਦਰ ਲੁਧਿਆਣਾ", 7500,
                                               "PB-LDH01-03-261130-0001-Y", "Birth certificate",
                                               &error);
  QRcode *qr = QRcode_encodeString8bit (uri, 0, QR_ECLEVEL_M);
  const guint scale = 6, quiet = 4;
  guint side;
  g_autofree guint8 *pixels = NULL;
  g_autoptr (SewaQrDecoder) decoder = sewa_qr_decoder_new ();
  g_autoptr (GPtrArray) found = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (qr);
  side = ((guint) qr->width + 2 * quiet) * scale;
  pixels = g_malloc (side * side);
  memset (pixels, 255, side * side);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        for (guint dy = 0; dy < scale; dy++)
          memset (pixels + ((guint) y + quiet) * scale * side + dy * side
                    + ((guint) x + quiet) * scale,
                  0, scale);
  QRcode_free (qr);
  found = sewa_qr_decoder_decode (decoder, pixels, side, side, side, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (found->pdata[0], NULL), g_bytes_get_size (found->pdata[0]),
                   uri, strlen (uri));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/upi/exact-link", test_exact_link);
  g_test_add_func ("/upi/encoding-round-trip", test_encoding_round_trip);
  g_test_add_func ("/upi/refusals", test_refusals);
  g_test_add_func ("/upi/qr-round-trip", test_qr_round_trip);
  return g_test_run ();
}
