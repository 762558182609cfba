/* The technician's recent log lines (ui/sewa-log-ring.c): kept through GLib's structured
 * writer, the last 20 only, debug output left out, and any run of five or more digits (a
 * mobile or Aadhaar number that slipped into a message) masked before a line is kept. */
#include "sewa-log-ring.h"

#include <string.h>

static void
test_mask (void)
{
  g_autofree char *masked = sewa_log_ring_mask ("aadhaar 234567890123 mobile 9876543210 at 12:05:33 pin 2468 x12345");

  g_assert_cmpstr (masked, ==, "aadhaar ############ mobile ########## at 12:05:33 pin 2468 x#####");
}

static void
test_ring (void)
{
  g_autofree char *dump = NULL;
  g_auto (GStrv) lines = NULL;

  sewa_log_ring_install ();
  for (int i = 0; i < 25; i++)
    g_message ("line %d of the test", i);
  g_debug ("a debug line");
  g_message ("citizen 9876543210 seen");
  dump = sewa_log_ring_dump ();
  g_assert_null (strstr (dump, "line 5 of"));
  g_assert_nonnull (strstr (dump, "line 24 of"));
  g_assert_null (strstr (dump, "a debug line"));
  g_assert_null (strstr (dump, "9876543210"));
  g_assert_nonnull (strstr (dump, "citizen ########## seen"));
  /* Twenty lines, oldest first. */
  lines = g_strsplit (dump, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 20);
  g_assert_nonnull (strstr (lines[0], "line 6 of"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/log-ring/mask", test_mask);
  g_test_add_func ("/log-ring/ring", test_ring);
  return g_test_run ();
}
