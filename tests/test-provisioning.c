/* Provisioning QR: build → parse round trips, and every kind of damage is refused. */
#include "sewa-provisioning.h"

#include <string.h>

#define CA "3b1f9a0c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"
#define TOKEN "Zk3-9_aQ7pLm2Xc8Vb4Nt6Rw"

static SewaProvisioning
sample (void)
{
  return (SewaProvisioning) { .portal = (char *) "https://portal.punjab.gov.in:8443", .token = (char *) TOKEN,
                              .ca_sha256 = (char *) CA, .centre = (char *) "LDH01", .kiosk = 3,
                              .expires = 1900000000 };
}

/* A payload around arbitrary JSON text, with a correct checksum: for JSON-level cases. */
static char *
wrap_json (const char *json)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) json, strlen (json));
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize n = strlen (b64);
  char hex[9];

  while (n > 0 && b64[n - 1] == '=')
    b64[--n] = '\0';
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_checksum_update (sum, (const guchar *) json, -1);
  g_strlcpy (hex, g_checksum_get_string (sum), sizeof hex);
  return g_strdup_printf ("SEWAPROV1:%s:%s", b64, hex);
}

static SewaProvisioning *
parse (const char *payload, GError **error)
{
  return sewa_provisioning_parse ((const guint8 *) payload, strlen (payload), error);
}

static void
test_roundtrip (void)
{
  SewaProvisioning in = sample ();
  g_autoptr (GError) error = NULL;
  g_autofree char *payload = sewa_provisioning_build (&in, &error);
  g_autoptr (SewaProvisioning) out = NULL;
  g_autoptr (SewaProvisioning) copy = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (payload, "SEWAPROV1:"));
  out = parse (payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out->portal, ==, in.portal);
  g_assert_cmpstr (out->token, ==, TOKEN);
  g_assert_cmpstr (out->ca_sha256, ==, CA);
  g_assert_cmpstr (out->centre, ==, "LDH01");
  g_assert_cmpuint (out->kiosk, ==, 3);
  g_assert_cmpint (out->expires, ==, 1900000000);
  g_assert_false (sewa_provisioning_is_expired (out, 1800000000, NULL));
  g_assert_true (sewa_provisioning_is_expired (out, 1900000000, &error));
  g_assert_error (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_EXPIRED);

  copy = sewa_provisioning_copy (out);
  g_assert_cmpstr (copy->token, ==, TOKEN);
}

static void
test_http_without_ca (void)
{
  SewaProvisioning in = sample ();
  g_autoptr (GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autoptr (SewaProvisioning) out = NULL;

  in.portal = (char *) "http://127.0.0.1:8080";
  in.ca_sha256 = NULL;
  in.expires = 0;
  in.kiosk = 0;
  payload = sewa_provisioning_build (&in, &error);
  g_assert_no_error (error);
  out = parse (payload, &error);
  g_assert_no_error (error);
  g_assert_null (out->ca_sha256);
  g_assert_cmpint (out->expires, ==, 0);
  g_assert_cmpuint (out->kiosk, ==, 0);
  g_assert_false (sewa_provisioning_is_expired (out, G_MAXINT64, NULL));
}

static void
test_build_refuses (void)
{
  struct { const char *portal, *token, *ca, *centre; guint kiosk; } cases[] = {
    { "https://p.example", TOKEN, NULL, "LDH01", 1 },                 /* https without CA */
    { "ftp://p.example", TOKEN, CA, "LDH01", 1 },
    { "https://p.example/?x=1", TOKEN, CA, "LDH01", 1 },
    { "https://user@p.example", TOKEN, CA, "LDH01", 1 },
    { "not a url", TOKEN, CA, "LDH01", 1 },
    { "https://p.example", "short", CA, "LDH01", 1 },
    { "https://p.example", "Zk3-9_aQ7pLm2Xc8Vb4Nt6R!", CA, "LDH01", 1 },
    { "https://p.example", TOKEN, "ABCDEF", "LDH01", 1 },
    { "https://p.example", TOKEN, CA, "ldh01", 1 },
    { "https://p.example", TOKEN, CA, "L", 1 },
    { "https://p.example", TOKEN, CA, "LDH0123", 1 },
    { "https://p.example", TOKEN, CA, "LDH01", 100 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SewaProvisioning in = { (char *) cases[i].portal, (char *) cases[i].token, (char *) cases[i].ca,
                              (char *) cases[i].centre, cases[i].kiosk, 0 };
      g_autoptr (GError) error = NULL;
      g_autofree char *payload = sewa_provisioning_build (&in, &error);

      g_assert_null (payload);
      g_assert_error (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_FIELD);
    }
}

static void
test_envelope_damage (void)
{
  SewaProvisioning in = sample ();
  g_autofree char *good = sewa_provisioning_build (&in, NULL);
  gsize len = strlen (good);
  g_autofree char *bad_sum = g_strdup (good);
  g_autofree char *upper_sum = g_ascii_strup (good, -1);
  g_autofree char *v2 = g_strdup (good);
  g_autofree char *padded = NULL;
  g_autofree char *junk = NULL;
  g_autofree char *extra = g_strconcat (good, ":00", NULL);
  g_autofree char *flipped = g_strdup (good);
  g_autofree char *huge = NULL;
  struct { const char *payload; gint code; } cases[] = {
    { bad_sum, SEWA_PROVISIONING_ERROR_CHECKSUM },
    { v2, SEWA_PROVISIONING_ERROR_VERSION },
    { "SEWAPROV1:", SEWA_PROVISIONING_ERROR_FORMAT },
    { "SEWAPROV1::00000000", SEWA_PROVISIONING_ERROR_FORMAT },
    { "SEWAPROV", SEWA_PROVISIONING_ERROR_VERSION },
    { "sewaprov1:e30:44136fa3", SEWA_PROVISIONING_ERROR_FORMAT },
    { "SEWAPROV1:e30:44136fa3", SEWA_PROVISIONING_ERROR_FIELD },  /* "{}", right checksum */
    { extra, SEWA_PROVISIONING_ERROR_FORMAT },
    { flipped, -1 },
  };

  /* Last checksum digit changed. */
  bad_sum[len - 1] = bad_sum[len - 1] == '0' ? '1' : '0';
  v2[8] = '2';
  /* base64url never pads; a junk character is not skipped. */
  {
    const char *colon = strrchr (good, ':');
    padded = g_strdup_printf ("%.*s=%s", (int) (colon - good), good, colon);
    junk = g_strdup_printf ("%.*s*%s", (int) (colon - good), good, colon);
  }
  flipped[15] = flipped[15] == 'A' ? 'B' : 'A';
  huge = wrap_json ("{}");
  {
    GString *s = g_string_new ("SEWAPROV1:");
    for (guint i = 0; i < 2100; i++)
      g_string_append_c (s, 'A');
    g_string_append (s, ":00000000");
    g_free (huge);
    huge = g_string_free (s, FALSE);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaProvisioning) p = parse (cases[i].payload, &error);

      g_assert_null (p);
      if (cases[i].code >= 0)
        g_assert_error (error, SEWA_PROVISIONING_ERROR, cases[i].code);
      else
        g_assert_nonnull (error);
    }
  {
    const char *more[] = { padded, junk, huge, upper_sum, "HELLO" };
    for (guint i = 0; i < G_N_ELEMENTS (more); i++)
      {
        g_autoptr (GError) error = NULL;
        g_autoptr (SewaProvisioning) p = parse (more[i], &error);
        g_assert_null (p);
        g_assert_nonnull (error);
      }
  }
}

static void
test_json_damage (void)
{
  const char *cases[] = {
    "[1,2]",
    "\"string\"",
    "not json",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":\"3\"}",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3.0}",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":-1}",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\"}",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3,\"expires\":0}",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3,\"admin\":true}",
    "{\"portal\":\"https://p.example\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3}",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"centre\":\"LDH01\",\"kiosk\":3}",
    "{\"portal\":42,\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3}",
    "{\"portal\":\"https://p.example\",\"token\":null,\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3}",
    /* A repeated member: json-glib alone keeps the last one, silently. */
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3,\"portal\":\"https://evil.example\"}",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3,\"kiosk\":4}",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3,\"expires\":4102444800,\"expires\":4102444801}",
    /* CR/LF in the URL (it would split the HTTP request), and an embedded \u0000 that a C
     * string would silently cut at. */
    "{\"portal\":\"https://p.example\\r\\nX-Evil: 1\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3}",
    "{\"portal\":\"https://p.example\\u0000.evil.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LDH01\",\"kiosk\":3}",
    "{\"portal\":\"https://p.example\",\"token\":\"" TOKEN "\",\"ca_sha256\":\"" CA "\",\"centre\":\"LD\\u0000H01\",\"kiosk\":3}",
    /* Plain http to anything but loopback would carry applications in clear. */
    "{\"portal\":\"http://10.0.0.1\",\"token\":\"" TOKEN "\",\"centre\":\"LDH01\",\"kiosk\":3}",
    "{\"portal\":\"http://localhost:8080\",\"token\":\"" TOKEN "\",\"centre\":\"LDH01\",\"kiosk\":3}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *payload = wrap_json (cases[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaProvisioning) p = parse (payload, &error);

      g_assert_null (p);
      g_assert_true (g_error_matches (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_JSON) ||
                     g_error_matches (error, SEWA_PROVISIONING_ERROR, SEWA_PROVISIONING_ERROR_FIELD));
    }

  /* The same JSON written by hand (other member order, spaces) is fine: the checksum is over
   * the bytes as sent. */
  {
    g_autofree char *json = NULL;
    g_autofree char *payload = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (SewaProvisioning) p = NULL;

    json = g_strdup_printf ("{ \"kiosk\": 7, \"token\": \"%s\", \"portal\": \"http://127.0.0.2\", \"centre\": \"AB\" }", TOKEN);
    payload = wrap_json (json);
    p = parse (payload, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (p->kiosk, ==, 7);
    g_assert_cmpstr (p->centre, ==, "AB");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/provisioning/roundtrip", test_roundtrip);
  g_test_add_func ("/provisioning/http-without-ca", test_http_without_ca);
  g_test_add_func ("/provisioning/build-refuses", test_build_refuses);
  g_test_add_func ("/provisioning/envelope-damage", test_envelope_damage);
  g_test_add_func ("/provisioning/json-damage", test_json_damage);
  return g_test_run ();
}
