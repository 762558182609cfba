/* The classifier: each kind of code reaches its parser; anything else is "not recognised". */
#include "aadhaar-gen.h"
#include "sewa-qr-payload.h"
#include "sewa-reference.h"

#include <string.h>

static EVP_PKEY *test_key;
static SewaAadhaarKey *uidai;

static SewaQrPayload *
classify (const char *s, const SewaAadhaarKey *key)
{
  return sewa_qr_payload_classify ((const guint8 *) s, strlen (s), key, 1800000000);
}

static char *
secure_v2 (void)
{
  SewaTestAadhaar a;
  g_autoptr (GByteArray) b = NULL;

  sewa_test_aadhaar_init (&a, 2);
  b = sewa_test_aadhaar_inflated (&a, test_key);
  return sewa_test_aadhaar_encode (b->data, b->len, FALSE);
}

static void
test_aadhaar_secure (void)
{
  g_autofree char *payload = secure_v2 ();
  g_autoptr (SewaQrPayload) p = classify (payload, uidai);
  g_autofree char *text = NULL;

  g_assert_cmpint (p->kind, ==, SEWA_QR_PAYLOAD_AADHAAR_SECURE);
  g_assert_no_error (p->error);
  g_assert_nonnull (p->aadhaar);
  g_assert_true (p->aadhaar->verified);
  text = sewa_qr_payload_describe (p);
  g_assert_nonnull (strstr (text, "aadhaar: XXXX XXXX 1234\n"));
  g_assert_nonnull (strstr (text, "verified: yes"));
  g_assert_nonnull (strstr (text, "name: Gurpreet Kaur\n"));
}

static void
test_aadhaar_secure_rejected (void)
{
  g_autofree char *payload = secure_v2 ();
  g_autoptr (SewaQrPayload) none = classify (payload, NULL);
  g_autofree char *text = sewa_qr_payload_describe (none);
  gsize len = strlen (payload);

  g_assert_cmpint (none->kind, ==, SEWA_QR_PAYLOAD_AADHAAR_SECURE);
  g_assert_error (none->error, SEWA_AADHAAR_ERROR, SEWA_AADHAAR_ERROR_NO_CERT);
  g_assert_null (none->aadhaar);
  g_assert_nonnull (strstr (text, "rejected: no-cert"));
  /* A rejected code shows nothing of its content. */
  g_assert_null (strstr (text, "Gurpreet"));

  payload[len / 2] = payload[len / 2] == '1' ? '2' : '1';
  {
    g_autoptr (SewaQrPayload) bad = classify (payload, uidai);
    g_assert_cmpint (bad->kind, ==, SEWA_QR_PAYLOAD_AADHAAR_SECURE);
    g_assert_nonnull (bad->error);
    g_assert_null (bad->aadhaar);
  }
}

static void
test_aadhaar_xml (void)
{
  g_autofree char *uid = sewa_test_verhoeff_complete ("98765432109");
  g_autofree char *xml = sewa_test_aadhaar_xml (uid);
  g_autoptr (SewaQrPayload) p = classify (xml, uidai);
  g_autofree char *text = sewa_qr_payload_describe (p);

  g_assert_cmpint (p->kind, ==, SEWA_QR_PAYLOAD_AADHAAR_XML);
  g_assert_no_error (p->error);
  g_assert_false (p->aadhaar->verified);
  g_assert_nonnull (strstr (text, "verified: NO"));
  /* Masked everywhere: the full number is not in the description. */
  g_assert_null (strstr (text, uid));
  g_assert_null (strstr (text, "98765432"));
  g_assert_nonnull (strstr (text, uid + 8));
}

static void
test_receipt (void)
{
  SewaReferenceParts parts = { .centre = "LDH01", .kiosk = 3, .year = 2026, .month = 11, .day = 30, .seq = 42 };
  g_autofree char *ref = sewa_reference_format (&parts);
  g_autofree char *url = sewa_receipt_qr_build ("https://connect.punjab.gov.in/track", ref, "PB/REV/2026/000123");
  g_autoptr (SewaQrPayload) p = classify (url, uidai);
  g_autofree char *bad_url = g_strdup (url);
  char *check = strstr (bad_url, "&arn") - 1;

  g_assert_cmpint (p->kind, ==, SEWA_QR_PAYLOAD_RECEIPT);
  g_assert_no_error (p->error);
  g_assert_cmpstr (p->receipt->reference, ==, ref);
  g_assert_cmpstr (p->receipt->arn, ==, "PB/REV/2026/000123");

  *check = *check == 'A' ? 'B' : 'A';
  {
    g_autoptr (SewaQrPayload) bad = classify (bad_url, uidai);
    g_assert_cmpint (bad->kind, ==, SEWA_QR_PAYLOAD_RECEIPT);
    g_assert_error (bad->error, SEWA_QR_PAYLOAD_ERROR, SEWA_QR_PAYLOAD_ERROR_RECEIPT_INVALID);
  }
}

static void
test_provisioning (void)
{
  SewaProvisioning in = { .portal = (char *) "http://127.0.0.1:8080", .token = (char *) "abcdefghijklmnopqrstuvwxyz",
                          .centre = (char *) "LDH01", .kiosk = 5, .expires = 1900000000 };
  g_autofree char *payload = sewa_provisioning_build (&in, NULL);
  g_autoptr (SewaQrPayload) p = classify (payload, NULL);
  g_autofree char *text = sewa_qr_payload_describe (p);

  g_assert_cmpint (p->kind, ==, SEWA_QR_PAYLOAD_PROVISIONING);
  g_assert_no_error (p->error);
  g_assert_cmpuint (p->provisioning->kiosk, ==, 5);
  /* The one-time token is shown only by its first characters. */
  g_assert_null (strstr (text, in.token));
  g_assert_nonnull (strstr (text, "token: abcd"));

  {
    g_autoptr (SewaQrPayload) late = sewa_qr_payload_classify ((const guint8 *) payload, strlen (payload), NULL, 1900000001);
    g_assert_cmpint (late->kind, ==, SEWA_QR_PAYLOAD_PROVISIONING);
    g_assert_error (late->error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_EXPIRED);
    g_assert_null (late->provisioning);
  }
  {
    g_autoptr (SewaQrPayload) v9 = classify ("SEWAPROV9:abc:00000000", NULL);
    g_assert_cmpint (v9->kind, ==, SEWA_QR_PAYLOAD_PROVISIONING);
    g_assert_error (v9->error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_VERSION);
  }
}

static void
test_unrecognised (void)
{
  static const char *const cases[] = {
    "", "hello", "12345", "https://example.com/", "upi://pay?pa=x@y", "<html></html>",
    "WIFI:S:x;T:WPA;P:y;;", "\xFF\xFE\x00\x01",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SewaQrPayload) p = sewa_qr_payload_classify ((const guint8 *) cases[i],
                                                              i == G_N_ELEMENTS (cases) - 1 ? 4 : strlen (cases[i]),
                                                              uidai, 0);
      g_autofree char *text = sewa_qr_payload_describe (p);

      g_assert_cmpint (p->kind, ==, SEWA_QR_PAYLOAD_UNRECOGNISED);
      g_assert_error (p->error, SEWA_QR_PAYLOAD_ERROR, SEWA_QR_PAYLOAD_ERROR_UNRECOGNISED);
      g_assert_cmpstr (text, ==, "kind: unrecognised\nrejected: unrecognised: This code is not recognised\n");
    }
}

int
main (int argc, char **argv)
{
  int ret;
  g_autofree char *pem = NULL;

  g_test_init (&argc, &argv, NULL);
  test_key = sewa_test_rsa_key_new ();
  pem = sewa_test_self_signed_cert_pem (test_key);
  uidai = sewa_aadhaar_key_new_from_data ((const guint8 *) pem, strlen (pem), NULL);
  g_assert_nonnull (uidai);

  g_test_add_func ("/qr-payload/aadhaar-secure", test_aadhaar_secure);
  g_test_add_func ("/qr-payload/aadhaar-secure-rejected", test_aadhaar_secure_rejected);
  g_test_add_func ("/qr-payload/aadhaar-xml", test_aadhaar_xml);
  g_test_add_func ("/qr-payload/receipt", test_receipt);
  g_test_add_func ("/qr-payload/provisioning", test_provisioning);
  g_test_add_func ("/qr-payload/unrecognised", test_unrecognised);
  ret = g_test_run ();

  sewa_aadhaar_key_free (uidai);
  EVP_PKEY_free (test_key);
  return ret;
}
