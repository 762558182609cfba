/* aadhaar-qr-tool — makes test Aadhaar QR payloads for shell tests and fuzz seeds.
 *
 *   aadhaar-qr-tool keygen KEY.pem CERT.pem     a fresh RSA-2048 key and its self-signed cert
 *   aadhaar-qr-tool secure KEY.pem 1|2 [OPTION…]   a signed Secure QR, decimal, on stdout
 *   aadhaar-qr-tool inflated KEY.pem 1|2 [OPTION…] the same before compression (binary)
 *   aadhaar-qr-tool xml                            an old XML QR with a valid number
 *
 * Options: zlib (instead of gzip); indicator=0..3; hashes (the announced e-mail/mobile hashes
 * after the photo, V2 too) or no-hashes (none, V1 too); tile-parts=N, psot0, comment (how the
 * photo's JPEG 2000 codestream is written).
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
  if (argc >= 4 && (g_str_equal (argv[1], "secure") || g_str_equal (argv[1], "inflated")))
    {
      EVP_PKEY *key;
      SewaTestAadhaar a;
      g_autoptr (GByteArray) b = NULL;
      gboolean zlib = FALSE;

      sewa_test_aadhaar_init (&a, (guint) g_ascii_strtoull (argv[3], NULL, 10));
      for (int i = 4; i < argc; i++)
        {
          if (g_str_equal (argv[i], "zlib"))
            zlib = TRUE;
          else if (g_str_has_prefix (argv[i], "indicator=") && strlen (argv[i]) == 11 &&
                   argv[i][10] >= '0' && argv[i][10] <= '3')
            a.indicator = (guint) (argv[i][10] - '0');
          else if (g_str_equal (argv[i], "hashes"))
            a.hashes = SEWA_TEST_HASHES_AS_INDICATED;
          else if (g_str_equal (argv[i], "no-hashes"))
            a.hashes = SEWA_TEST_HASHES_NONE;
          else if (g_str_has_prefix (argv[i], "tile-parts="))
            a.photo.tile_parts = (guint) g_ascii_strtoull (argv[i] + 11, NULL, 10);
          else if (g_str_equal (argv[i], "psot0"))
            a.photo.psot_zero = TRUE;
          else if (g_str_equal (argv[i], "comment"))
            a.photo.comment = TRUE;
          else
            {
              fprintf (stderr, "aadhaar-qr-tool: unknown option %s\n", argv[i]);
              return 2;
            }
        }
      if (a.photo.tile_parts > 16)
        {
          fprintf (stderr, "aadhaar-qr-tool: at most 16 tile-parts\n");
          return 2;
        }
      key = load_key (argv[2]);
      b = sewa_test_aadhaar_inflated (&a, key);
      EVP_PKEY_free (key);
      if (g_str_equal (argv[1], "inflated"))
        fwrite (b->data, 1, b->len, stdout);
      else
        {
          g_autofree char *dec = sewa_test_aadhaar_encode (b->data, b->len, zlib);
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
  fprintf (stderr, "usage: aadhaar-qr-tool keygen KEY CERT | secure KEY 1|2 [OPTION…] | inflated KEY 1|2 [OPTION…] | xml\n"
                   "options: zlib indicator=0..3 hashes no-hashes tile-parts=N psot0 comment\n");
  return 2;
}
