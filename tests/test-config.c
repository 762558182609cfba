#include "sewa-config.h"

static void
test_defaults (void)
{
  g_autoptr (SewaConfig) c = sewa_config_load_data ("", 0, NULL);

  g_assert_nonnull (c);
  g_assert_cmpstr (c->centre_code, ==, "LDH01");
  g_assert_cmpstr (c->default_language, ==, "pa");
  g_assert_cmpstr (c->paper, ==, "80mm");
  g_assert_cmpuint (c->idle_timeout_s, ==, 90);
  g_assert_null (c->printer_dest);
}

static void
test_values (void)
{
  const char *text = "[kiosk]\ncentre=ASR2\nnumber=7\nidle-timeout=45\nlanguage=hi\nvoice=false\n"
                     "[printer]\ndestination=ipp://127.0.0.1:8631/ipp/print\npaper=a4\n"
                     "[camera]\nmodel=Directory Browse\nport=disk:/tmp/x\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) c = sewa_config_load_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (c->centre_code, ==, "ASR2");
  g_assert_cmpuint (c->kiosk_number, ==, 7);
  g_assert_cmpuint (c->idle_timeout_s, ==, 45);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/values", test_values);
  g_test_add_func ("/config/invalid", test_invalid);
  g_test_add_func ("/config/binary-rejected", test_binary_rejected);
  g_test_add_func ("/config/unknown-key-warns", test_unknown_key_warns);
  return g_test_run ();
}
