/* Repeated reads of one code are reported once while it stays in view. */
#include "sewa-qr-dedup.h"

#include <string.h>

#define MS 1000

static gboolean
check (SewaQrDedup *d, const char *s, gint64 t_ms)
{
  return sewa_qr_dedup_check (d, (const guint8 *) s, strlen (s), t_ms * MS);
}

static void
test_window (void)
{
  g_autoptr (SewaQrDedup) d = sewa_qr_dedup_new (1000);

  g_assert_true (check (d, "A", 0));
  g_assert_false (check (d, "A", 100));
  /* Held in view: each repeat slides the window, so it stays quiet for a long time. */
  for (gint64 t = 200; t < 10000; t += 500)
    g_assert_false (check (d, "A", t));
  /* Another code is new at once. */
  g_assert_true (check (d, "B", 9700));
  g_assert_false (check (d, "B", 9800));
  /* Away for a whole window: new again. */
  g_assert_true (check (d, "A", 9700 + 1000 + 1));
  /* A clock going backwards is not a new read. */
  g_assert_false (check (d, "B", 5000));
}

static void
test_binary_and_reset (void)
{
  g_autoptr (SewaQrDedup) d = sewa_qr_dedup_new (SEWA_QR_DEDUP_DEFAULT_WINDOW_MS);
  const guint8 a[] = { 0, 1, 2 }, b[] = { 0, 1, 3 };

  g_assert_true (sewa_qr_dedup_check (d, a, 3, 0));
  g_assert_true (sewa_qr_dedup_check (d, b, 3, 0));
  g_assert_false (sewa_qr_dedup_check (d, a, 3, 10));
  g_assert_true (sewa_qr_dedup_check (d, a, 2, 10));
  sewa_qr_dedup_reset (d);
  g_assert_true (sewa_qr_dedup_check (d, a, 3, 20));
}

static void
test_many_codes (void)
{
  g_autoptr (SewaQrDedup) d = sewa_qr_dedup_new (1000);

  /* More distinct codes than slots: the oldest is forgotten, recent ones remembered. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *s = g_strdup_printf ("code-%u", i);
      g_assert_true (check (d, s, i));
    }
  g_assert_false (check (d, "code-39", 50));
  g_assert_false (check (d, "code-30", 50));
  g_assert_true (check (d, "code-0", 50));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/qr-dedup/window", test_window);
  g_test_add_func ("/qr-dedup/binary-and-reset", test_binary_and_reset);
  g_test_add_func ("/qr-dedup/many-codes", test_many_codes);
  return g_test_run ();
}
