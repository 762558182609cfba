/* Keyboard-wedge burst detection, driven with explicit timestamps. */
#include "sewa-wedge-scanner.h"

#include <string.h>

#define KEY_BACKSPACE 0xff08
#define KEY_SHIFT_L 0xffe1

typedef struct
{
  GString *typed;   /* replayed characters, Enter as '\n' */
  GPtrArray *scans; /* char * */
} Recorder;

static void
on_typed (SewaWedgeScanner *s, guint keyval, guint ch, gpointer user_data)
{
  Recorder *r = user_data;
  g_string_append_unichar (r->typed, ch);
}

static void
on_scanned (SewaWedgeScanner *s, GBytes *bytes, gpointer user_data)
{
  Recorder *r = user_data;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_ptr_array_add (r->scans, g_strndup (data, len));
}

static SewaWedgeScanner *
new_scanner (Recorder *r)
{
  SewaWedgeScanner *s = sewa_wedge_scanner_new ();

  r->typed = g_string_new (NULL);
  r->scans = g_ptr_array_new_with_free_func (g_free);
  sewa_wedge_scanner_set_auto_flush (s, FALSE);
  g_signal_connect (s, "typed", G_CALLBACK (on_typed), r);
  g_signal_connect (s, "scanned", G_CALLBACK (on_scanned), r);
  return s;
}

static void
recorder_clear (Recorder *r)
{
  g_string_free (r->typed, TRUE);
  g_ptr_array_unref (r->scans);
}

/* Feeds text with a fixed gap between keys; returns how many keys were held. */
static guint
feed_text (SewaWedgeScanner *s, const char *text, gint64 *t_us, gint64 gap_us)
{
  guint held = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      *t_us += gap_us;
      held += sewa_wedge_scanner_feed (s, 0x1000000 | g_utf8_get_char (p), g_utf8_get_char (p), *t_us);
    }
  return held;
}

static void
test_scanner_burst (void)
{
  Recorder r;
  g_autoptr (SewaWedgeScanner) s = new_scanner (&r);
  gint64 t = 1000000;
  const char *code = "https://connect.punjab.gov.in/track?ref=PB-LDH01-03-261130-0042-X";

  g_assert_cmpuint (feed_text (s, code, &t, 8000), ==, strlen (code));
  g_assert_cmpuint (r.scans->len, ==, 0);
  g_assert_true (sewa_wedge_scanner_feed (s, SEWA_WEDGE_KEY_RETURN, '\r', t + 8000));
  g_assert_cmpuint (r.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (r.scans, 0), ==, code);
  g_assert_cmpuint (r.typed->len, ==, 0);
  recorder_clear (&r);
}

static void
test_scanner_with_shift_and_unicode (void)
{
  Recorder r;
  g_autoptr (SewaWedgeScanner) s = new_scanner (&r);
  gint64 t = 0;

  /* Scanners press Shift for capitals: a modifier neither breaks nor joins the burst. */
  for (const char *p = "ABCDEFGH"; *p != '\0'; p++)
    {
      t += 5000;
      g_assert_false (sewa_wedge_scanner_feed (s, KEY_SHIFT_L, 0, t));
      g_assert_true (sewa_wedge_scanner_feed (s, (guint) *p, (gunichar) *p, t + 1000));
    }
  feed_text (s, "ਪੰਜਾਬ", &t, 5000);
  g_assert_true (sewa_wedge_scanner_feed (s, SEWA_WEDGE_KEY_KP_ENTER, '\r', t + 5000));
  g_assert_cmpuint (r.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (r.scans, 0), ==, "ABCDEFGHਪੰਜਾਬ");
  recorder_clear (&r);
}

static void
test_human_typing (void)
{
  Recorder r;
  g_autoptr (SewaWedgeScanner) s = new_scanner (&r);
  gint64 t = 0;

  /* 120 ms between keys: every key comes back, in order, and Enter stays the UI's. */
  feed_text (s, "hello world 123", &t, 120000);
  g_assert_false (sewa_wedge_scanner_feed (s, SEWA_WEDGE_KEY_RETURN, '\r', t + 120000));
  g_assert_cmpstr (r.typed->str, ==, "hello world 123");
  g_assert_cmpuint (r.scans->len, ==, 0);
  recorder_clear (&r);
}

static void
test_fast_but_short (void)
{
  Recorder r;
  g_autoptr (SewaWedgeScanner) s = new_scanner (&r);
  gint64 t = 0;

  /* A fast "ok" + Enter is not a scan. */
  feed_text (s, "ok", &t, 20000);
  g_assert_false (sewa_wedge_scanner_feed (s, SEWA_WEDGE_KEY_RETURN, '\r', t + 20000));
  g_assert_cmpstr (r.typed->str, ==, "ok");
  g_assert_cmpuint (r.scans->len, ==, 0);
  recorder_clear (&r);
}

static void
test_slow_enter_and_break (void)
{
  Recorder r;
  g_autoptr (SewaWedgeScanner) s = new_scanner (&r);
  gint64 t = 0;

  /* A fast run but a late Enter: typing (someone pasted, or a scanner without a suffix). */
  feed_text (s, "ABCDEFGHIJ", &t, 5000);
  g_assert_false (sewa_wedge_scanner_feed (s, SEWA_WEDGE_KEY_RETURN, '\r', t + 500000));
  g_assert_cmpstr (r.typed->str, ==, "ABCDEFGHIJ");
  g_assert_cmpuint (r.scans->len, ==, 0);

  /* A person's key, then 300 ms later a scan: the key is typing, the burst is the scan. */
  g_string_truncate (r.typed, 0);
  t += 1000000;
  g_assert_true (sewa_wedge_scanner_feed (s, 'x', 'x', t));
  t += 300000;
  feed_text (s, "PB-LDH01-03-261130", &t, 6000);
  g_assert_cmpstr (r.typed->str, ==, "x");
  g_assert_true (sewa_wedge_scanner_feed (s, SEWA_WEDGE_KEY_RETURN, '\r', t + 6000));
  g_assert_cmpuint (r.scans->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (r.scans, 0), ==, "PB-LDH01-03-261130");
  recorder_clear (&r);
}

static void
test_backspace_breaks (void)
{
  Recorder r;
  g_autoptr (SewaWedgeScanner) s = new_scanner (&r);
  gint64 t = 0;

  feed_text (s, "ABCDEFGHIJ", &t, 5000);
  g_assert_false (sewa_wedge_scanner_feed (s, KEY_BACKSPACE, 0, t + 5000));
  g_assert_cmpstr (r.typed->str, ==, "ABCDEFGHIJ");
  g_assert_false (sewa_wedge_scanner_feed (s, SEWA_WEDGE_KEY_RETURN, '\r', t + 10000));
  g_assert_cmpuint (r.scans->len, ==, 0);
  recorder_clear (&r);
}

static void
test_max_length (void)
{
  Recorder r;
  g_autoptr (SewaWedgeScanner) s = new_scanner (&r);
  gint64 t = 0;
  g_autofree char *huge = g_strnfill (SEWA_WEDGE_MAX_LENGTH, '7');

  g_assert_cmpuint (feed_text (s, huge, &t, 1000), ==, SEWA_WEDGE_MAX_LENGTH);
  /* One more than a scan may hold: everything is handed back as typing. */
  g_assert_false (sewa_wedge_scanner_feed (s, '7', '7', t + 1000));
  g_assert_cmpuint (r.typed->len, ==, SEWA_WEDGE_MAX_LENGTH);
  recorder_clear (&r);
}

static void
test_timing_setting (void)
{
  Recorder r;
  g_autoptr (SewaWedgeScanner) s = new_scanner (&r);
  gint64 t = 0;

  /* A slow Bluetooth scanner: 60 ms per key, allowed by a wider gap. */
  sewa_wedge_scanner_set_timing (s, 80, 4);
  feed_text (s, "1234", &t, 60000);
  g_assert_true (sewa_wedge_scanner_feed (s, SEWA_WEDGE_KEY_RETURN, '\r', t + 60000));
  g_assert_cmpstr (g_ptr_array_index (r.scans, 0), ==, "1234");
  recorder_clear (&r);
}

static void
test_auto_flush (void)
{
  g_autoptr (SewaWedgeScanner) s = sewa_wedge_scanner_new ();
  Recorder r = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_free) };
  gint64 deadline;

  g_signal_connect (s, "typed", G_CALLBACK (on_typed), &r);
  g_assert_true (sewa_wedge_scanner_feed (s, 'a', 'a', g_get_monotonic_time ()));
  /* Nothing follows: the held key comes back by itself shortly after max-gap. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (r.typed->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (r.typed->str, ==, "a");
  recorder_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wedge/scanner-burst", test_scanner_burst);
  g_test_add_func ("/wedge/shift-and-unicode", test_scanner_with_shift_and_unicode);
  g_test_add_func ("/wedge/human-typing", test_human_typing);
  g_test_add_func ("/wedge/fast-but-short", test_fast_but_short);
  g_test_add_func ("/wedge/slow-enter-and-break", test_slow_enter_and_break);
  g_test_add_func ("/wedge/backspace-breaks", test_backspace_breaks);
  g_test_add_func ("/wedge/max-length", test_max_length);
  g_test_add_func ("/wedge/timing-setting", test_timing_setting);
  g_test_add_func ("/wedge/auto-flush", test_auto_flush);
  return g_test_run ();
}
