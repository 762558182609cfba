#include "aadhaar-gen.h"
#include "sewa-config.h"

#include <glib/gstdio.h>

#include <string.h>

static void
test_defaults (void)
{
  g_autoptr (SewaConfig) c = sewa_config_load_data ("", 0, NULL);

  g_assert_nonnull (c);
  g_assert_cmpstr (c->centre_code, ==, "LDH01");
  g_assert_cmpstr (c->default_language, ==, "pa");
  g_assert_cmpstr (c->paper, ==, "80mm");
  g_assert_cmpuint (c->idle_timeout_s, ==, 90);
  g_assert_cmpuint (c->idle_warning_s, ==, 20);
  g_assert_null (c->printer_dest);
}

static void
test_values (void)
{
  const char *text = "[kiosk]\ncentre=ASR2\nnumber=7\nidle-timeout=45\nidle-warning=15\nlanguage=hi\nvoice=false\n"
                     "[printer]\ndestination=ipp://127.0.0.1:8631/ipp/print\npaper=a4\n"
                     "[camera]\nmodel=Directory Browse\nport=disk:/tmp/x\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (c->centre_code, ==, "ASR2");
  g_assert_cmpuint (c->kiosk_number, ==, 7);
  g_assert_cmpuint (c->idle_timeout_s, ==, 45);
  g_assert_cmpuint (c->idle_warning_s, ==, 15);
  g_assert_cmpstr (c->default_language, ==, "hi");
  g_assert_false (c->voice);
  g_assert_cmpstr (c->printer_dest, ==, "ipp://127.0.0.1:8631/ipp/print");
  g_assert_cmpstr (c->paper, ==, "a4");
  g_assert_cmpstr (c->camera_model, ==, "Directory Browse");
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "[kiosk]\nnumber=100\n",         "[kiosk]\nnumber=-1\n",
    "[kiosk]\nnumber=seven\n",       "[kiosk]\ncentre=ldh\n",
    "[kiosk]\ncentre=A\n",           "[kiosk]\nlanguage=fr\n",
    "[kiosk]\nvoice=maybe\n",        "[printer]\npaper=letter\n",
    "[portal]\nurl=ftp://x\n",       "[kiosk]\nidle-timeout=3\n",
    "not a key file\n",              "[kiosk]\ncentre=\n",
    "[kiosk]\nidle-warning=-5\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaConfig) c = sewa_config_load_data (bad[i], strlen (bad[i]), &error);

      g_assert_null (c);
      int expected = (i == 10) ? SEWA_CONFIG_ERROR_PARSE : SEWA_CONFIG_ERROR_INVALID;

      g_assert_error (error, SEWA_CONFIG_ERROR, expected);
      g_assert_nonnull (error->message);
    }
}

/* [camera] stand-scale: 0 is automatic, a plausible scale is kept, anything else is refused
 * with the key named and the range said, so a technician can correct it. */
static void
test_stand_scale (void)
{
  const char *bad[] = { "0.5", "1.99", "40.5", "-8", "8.3mm", "nan", "inf", "", "8,3", "0x10" };
  g_autoptr (SewaConfig) def = sewa_config_load_data ("", 0, NULL);

  g_assert_cmpfloat (def->stand_px_per_mm, ==, 0);
  for (gsize i = 0; i < 3; i++)
    {
      const char *good[] = { "8.29", " 2 ", "0" };
      const double want[] = { 8.29, 2.0, 0 };
      g_autofree char *text = g_strdup_printf ("[camera]\nstand-scale=%s\n", good[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);

      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (c->stand_px_per_mm, want[i], 1e-9);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("[camera]\nstand-scale=%s\n", bad[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);

      g_test_message ("stand-scale=%s", bad[i]);
      g_assert_null (c);
      g_assert_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "[camera] stand-scale"));
      g_assert_nonnull (strstr (error->message, "from 2 to 40"));
    }
}

static void
test_binary_rejected (void)
{
  const char data[] = "[kiosk]\ncentre=LDH\0\xff\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) c = sewa_config_load_data (data, sizeof data - 1, &error);

  g_assert_null (c);
  g_assert_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_PARSE);
}

static void
test_unknown_key_warns (void)
{
  const char *text = "[kiosk]\nfuture-key=1\n";
  g_autoptr (SewaConfig) c = NULL;

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*unknown key [kiosk] future-key*");
  c = sewa_config_load_data (text, strlen (text), NULL);
  g_test_assert_expected_messages ();
  g_assert_nonnull (c);
}

/* A value in the shape crypto_pwhash_str() writes. The config only stores it (libsodium checks
 * it when a PIN is verified, see tests/ui/test-ui-operator.c and kioskctl operator). */
#define PIN_HASH "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$qLk6n6lYp0Kq6bq1r2zQm3vX0nq6m2c2kZ2o0Xy4nGk"

static void
test_operator_pin_hash (void)
{
  const char *text = "[operator]\npin-hash=" PIN_HASH "\nidle-timeout=45\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);
  g_autoptr (SewaConfig) d = sewa_config_load_data ("", 0, NULL);
  const char *bad[] = {
    "[operator]\npin-hash=2468\n",                       /* a PIN, not a hash */
    "[operator]\npin-hash=$2y$10$abcdefghijklmnopqrstuv\n", /* bcrypt: not libsodium's */
    "[operator]\npin-hash=$argon2id$v=19$m=8\n",          /* truncated */
    "[operator]\nidle-timeout=5\n",
  };

  g_assert_no_error (error);
  g_assert_cmpstr (c->operator_pin_hash, ==, PIN_HASH);
  g_assert_cmpuint (c->operator_idle_timeout_s, ==, 45);
  /* No PIN configured by default: operator mode is off. */
  g_assert_null (d->operator_pin_hash);
  g_assert_cmpuint (d->operator_idle_timeout_s, ==, 120);
  g_assert_true (sewa_config_pin_hash_is_valid (PIN_HASH));
  g_assert_false (sewa_config_pin_hash_is_valid (NULL));
  g_assert_false (sewa_config_pin_hash_is_valid ("$argon2id$v=19$m=8,t=1,p=1$a b$c"));

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) e = NULL;
      g_autoptr (SewaConfig) b = sewa_config_load_data (bad[i], strlen (bad[i]), &e);

      g_assert_null (b);
      g_assert_error (e, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID);
      g_assert_true (strstr (e->message, "[operator]") != NULL);
      /* The message never repeats the value (a PIN typed by mistake would be logged). */
      g_assert_null (strstr (e->message, "2468"));
    }
}

/* [aadhaar] uidai-certificate is a key-file list; every file in it must be a certificate when
 * the configuration loads, so a bad one is a configuration error naming the key and the file. */
static void
test_uidai_certificates (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sewa-config-XXXXXX", &error);
  EVP_PKEY *k1 = sewa_test_rsa_key_new ();
  EVP_PKEY *k2 = sewa_test_rsa_key_new ();
  g_autofree char *pem1 = sewa_test_self_signed_cert_pem (k1);
  g_autofree char *pem2 = sewa_test_self_signed_cert_pem (k2);
  g_autofree char *a = g_build_filename (dir, "uidai-2019.pem", NULL);
  g_autofree char *b = g_build_filename (dir, "uidai-2021.pem", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pem", NULL);

  EVP_PKEY_free (k1);
  EVP_PKEY_free (k2);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (a, pem1, -1, NULL));
  g_assert_true (g_file_set_contents (b, pem2, -1, NULL));

  {
    g_autofree char *text = g_strdup_printf ("[aadhaar]\nuidai-certificate=%s;%s\n", a, b);
    g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (c->uidai_cert_files), ==, 2);
    g_assert_cmpstr (c->uidai_cert_files[0], ==, a);
    g_assert_cmpstr (c->uidai_cert_files[1], ==, b);
  }
  {
    /* One file, with the trailing ';' GLib writes and spaces a technician types. */
    g_autofree char *text = g_strdup_printf ("[aadhaar]\nuidai-certificate= %s ;\n", b);
    g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (c->uidai_cert_files), ==, 1);
    g_assert_cmpstr (c->uidai_cert_files[0], ==, b);
  }
  {
    const char *text = "[aadhaar]\nuidai-certificate=\n";
    g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);

    g_assert_no_error (error);
    g_assert_null (c->uidai_cert_files);
  }
  {
    g_autofree char *text = g_strdup_printf ("[aadhaar]\nuidai-certificate=%s;%s\n", a, missing);
    g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);

    g_assert_null (c);
    g_assert_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "[aadhaar] uidai-certificate"));
    g_assert_nonnull (strstr (error->message, missing));
    g_clear_error (&error);
  }
  {
    /* A directory, or a file that is not a certificate. */
    g_autofree char *not_cert = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *text1 = g_strdup_printf ("[aadhaar]\nuidai-certificate=%s\n", dir);
    g_autofree char *text2 = g_strdup_printf ("[aadhaar]\nuidai-certificate=%s\n", not_cert);
    const char *texts[] = { text1, text2 };

    g_assert_true (g_file_set_contents (not_cert, "hello", -1, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        g_autoptr (SewaConfig) c = sewa_config_load_data (texts[i], strlen (texts[i]), &error);

        g_assert_null (c);
        g_assert_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID);
        g_assert_nonnull (strstr (error->message, "[aadhaar] uidai-certificate"));
        g_clear_error (&error);
      }
    g_unlink (not_cert);
  }
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

/* The example in the README is what a technician copies: it must load, and say what it says. */
static void
test_readme_example (void)
{
  const char *root = g_getenv ("SEWA_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root ? root : ".", "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) config = NULL;
  const char *start, *end;

  g_assert_true (g_file_get_contents (path, &readme, NULL, &error));
  start = strstr (readme, "```ini\n[kiosk]");
  g_assert_nonnull (start);
  start += strlen ("```ini\n");
  end = strstr (start, "```");
  g_assert_nonnull (end);
  config = sewa_config_load_data (start, (gsize) (end - start), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->centre_code, ==, "LDH01");
  g_assert_true (config->voice);
  g_assert_cmpstr (config->voice_device, ==, "default");
  g_assert_cmpfloat_with_epsilon (config->stand_px_per_mm, 8.29, 1e-9);
}

/* Submit's wait for document checks: 0 (the bound from the OCR deadlines) unless set, at most
 * ten minutes. */
static void
test_document_check_wait (void)
{
  const char *text = "[kiosk]\ndocument-check-wait=45\n";
  const char *too_long = "[kiosk]\ndocument-check-wait=601\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) unset = sewa_config_load_data ("", 0, NULL);
  g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);
  g_autoptr (SewaConfig) refused = NULL;

  g_assert_cmpuint (unset->document_check_wait_s, ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (c->document_check_wait_s, ==, 45);
  refused = sewa_config_load_data (too_long, strlen (too_long), &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
}

/* The cap on the offline probes' backoff: 300 s unless set, 5 s to an hour, the key named in
 * the message when it is out of range. */
static void
test_offline_probe_max (void)
{
  const char *text = "[portal]\noffline-probe-max=30\n";
  const char *bad[] = { "[portal]\noffline-probe-max=4\n", "[portal]\noffline-probe-max=3601\n",
                        "[portal]\noffline-probe-max=-1\n" };
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) unset = sewa_config_load_data ("", 0, NULL);
  g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);

  g_assert_cmpuint (unset->offline_probe_max_s, ==, 300);
  g_assert_no_error (error);
  g_assert_cmpuint (c->offline_probe_max_s, ==, 30);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (SewaConfig) refused = sewa_config_load_data (bad[i], strlen (bad[i]), &local);

      g_assert_null (refused);
      g_assert_error (local, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID);
      g_assert_nonnull (strstr (local->message, "offline-probe-max"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/values", test_values);
  g_test_add_func ("/config/invalid", test_invalid);
  g_test_add_func ("/config/stand-scale", test_stand_scale);
  g_test_add_func ("/config/offline-probe-max", test_offline_probe_max);
  g_test_add_func ("/config/binary-rejected", test_binary_rejected);
  g_test_add_func ("/config/unknown-key-warns", test_unknown_key_warns);
  g_test_add_func ("/config/operator-pin-hash", test_operator_pin_hash);
  g_test_add_func ("/config/readme-example", test_readme_example);
  g_test_add_func ("/config/uidai-certificates", test_uidai_certificates);
  g_test_add_func ("/config/document-check-wait", test_document_check_wait);
  return g_test_run ();
}
