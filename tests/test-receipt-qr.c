#include "sewa-receipt-qr.h"
#include "sewa-reference.h"

static char *
make_ref (guint seq)
{
  SewaReferenceParts p = { .centre = "LDH01", .kiosk = 3, .year = 2026, .month = 11, .day = 30,
                           .seq = seq };
  return sewa_reference_format (&p);
}

static void
test_roundtrip (void)
{
  g_autofree char *ref = make_ref (12);
  g_autofree char *a = sewa_receipt_qr_build ("https://connect.punjab.gov.in/track", ref, NULL);
  g_autofree char *b = sewa_receipt_qr_build ("https://connect.punjab.gov.in/track", ref,
                                              "PB/REV/2026/000123");
  g_autoptr (SewaReceiptQr) qa = sewa_receipt_qr_parse (a, strlen (a));
  g_autoptr (SewaReceiptQr) qb = sewa_receipt_qr_parse (b, strlen (b));

  g_assert_nonnull (qa);
  g_assert_cmpstr (qa->reference, ==, ref);
  g_assert_null (qa->arn);
  g_assert_nonnull (qb);
  g_assert_cmpstr (qb->reference, ==, ref);
  g_assert_cmpstr (qb->arn, ==, "PB/REV/2026/000123");
}

static void
test_rejects (void)
{
  g_autofree char *ref = make_ref (12);
  g_autofree char *bad_ref = g_strdup (ref);
  const char *fixed[] = {
    "", "hello", "https://connect.punjab.gov.in/track", "ftp://x/track?ref=PB",
    "https://connect.punjab.gov.in/other?ref=PB-LDH01-03-261130-0012-0",
  };

  bad_ref[strlen (bad_ref) - 1] = bad_ref[strlen (bad_ref) - 1] == '0' ? '1' : '0';
  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_assert_null (sewa_receipt_qr_parse (fixed[i], strlen (fixed[i])));
  {
    g_autofree char *p = g_strdup_printf ("https://x.in/track?ref=%s", bad_ref);
    g_assert_null (sewa_receipt_qr_parse (p, strlen (p)));
  }
  {
    g_autofree char *p = g_strdup_printf ("https://x.in/track?ref=%s&arn=a<b", ref);
    g_assert_null (sewa_receipt_qr_parse (p, strlen (p)));
  }
  {
    g_autofree char *p = g_strdup_printf ("https://x.in/track?ref=%s&evil=1", ref);
    g_assert_null (sewa_receipt_qr_parse (p, strlen (p)));
  }
  {
    g_autofree char *p = g_strdup_printf ("https://x.in/track?ref=%s&arn=A1&x=2", ref);
    g_assert_null (sewa_receipt_qr_parse (p, strlen (p)));
  }
  g_assert_null (sewa_receipt_qr_build ("https://x.in/track", bad_ref, NULL));
  g_assert_null (sewa_receipt_qr_build ("https://x.in/track", ref, "bad arn!"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/receipt-qr/roundtrip", test_roundtrip);
  g_test_add_func ("/receipt-qr/rejects", test_rejects);
  return g_test_run ();
}
