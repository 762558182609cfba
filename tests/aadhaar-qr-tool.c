/* aadhaar-qr-tool — makes test Aadhaar QR payloads for shell tests and fuzz seeds.
 *
 *   aadhaar-qr-tool keygen KEY.pem CERT.pem     a fresh RSA-2048 key and its self-signed cert
 *   aadhaar-qr-tool secure KEY.pem 1|2 [zlib]   a signed Secure QR, decimal, on stdout
 *   aadhaar-qr-tool inflated KEY.pem 1|2        the same before compression (binary)
 *   aadhaar-qr-tool xml                         an old XML QR with a valid number
 *
 * The keys are test keys made on the spot; nothing here is UIDAI's.
 */
#include "aadhaar-gen.h"

#include <stdio.h>
#include <string.h>

static EVP_PKEY *
load_key (const char *path)
{
  g_autofree char *pem = NULL;
  EVP_PKEY *key;

  if (!g_file_get_contents (path, &pem, NULL, NULL) || (key = sewa_test_private_key_from_pem (pem)) == NULL)
    {
      fprintf (stderr, "aadhaar-qr-tool: cannot read key %s\n", path);
      exit (3);
    }
  return key;
}

int
main (int argc, char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "keygen"))
    {
      EVP_PKEY *key = sewa_test_rsa_key_new ();
      g_autofree char *kpem = sewa_test_private_key_pem (key);
      g_autofree char *cpem = sewa_test_self_signed_cert_pem (key);

      EVP_PKEY_free (key);
      if (!g_file_set_contents (argv[2], kpem, -1, NULL) || !g_file_set_contents (argv[3], cpem, -1, NULL))
        return 3;
      return 0;
    }
  if ((argc == 4 || argc == 5) && (g_str_equal (argv[1], "secure") || g_str_equal (argv[1], "inflated")))
    {
      EVP_PKEY *key = load_key (argv[2]);
      SewaTestAadhaar a;
      g_autoptr (GByteArray) b = NULL;

      sewa_test_aadhaar_init (&a, (guint) g_ascii_strtoull (argv[3], NULL, 10));
      b = sewa_test_aadhaar_inflated (&a, key);
      EVP_PKEY_free (key);
      if (g_str_equal (argv[1], "inflated"))
        fwrite (b->data, 1, b->len, stdout);
      else
        {
          g_autofree char *dec = sewa_test_aadhaar_encode (b->data, b->len, argc == 5 && g_str_equal (argv[4], "zlib"));
          fputs (dec, stdout);
        }
      return 0;
    }
  if (argc == 2 && g_str_equal (argv[1], "xml"))
    {
      g_autofree char *uid = sewa_test_verhoeff_complete ("98765432109");
      g_autofree char *xml = sewa_test_aadhaar_xml (uid);
      fputs (xml, stdout);
      return 0;
    }
  fprintf (stderr, "usage: aadhaar-qr-tool keygen KEY CERT | secure KEY 1|2 [zlib] | inflated KEY 1|2 | xml\n");
  return 2;
}
