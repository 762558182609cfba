/* bench/qr — decode rate and time per 1280×720 frame of the kiosk's QR decoder on generated
 * degraded frames (tests/qr-frames.c), side by side, in the same run and on the same PNG
 * files, with:
 *
 *   - plain ZBar in-process (one zbar_scan_image, what the ladder starts from),
 *   - zbarimg (ZBar's command-line tool, QR only),
 *   - ZXingReader (zxing-cpp's command-line tool, QR only).
 *
 * The command-line tools read PNG files and run as one process for all files, so their time
 * per frame includes PNG decoding; the kiosk is timed both ways: on the grey frame in memory
 * (what the camera gives) and from the same PNG file (like for like with the tools).
 *
 * usage: qr-bench [--quick] [--count N] [--seed S] [--budget MS] [--keep DIR]
 *
 * Targets (issue 9): rate ≥ ZXing's, rate ≥ zbarimg's + 15 points, time ≤ 2× zbarimg's.
 */
#include "qr-frames.h"
#include "sewa-qr-decoder-private.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

enum
{
  T_KIOSK,
  T_PLAIN,
  T_ZBARIMG,
  T_ZXING,
  N_TOOLS
};

static const char *const tool_names[N_TOOLS] = { "kiosk", "zbar-1pass", "zbarimg", "zxing-cpp" };

typedef struct
{
  char *path;
  char *payload;
  const char *category;
  int version;
  gboolean ok[N_TOOLS];
} Item;

static void
item_clear (Item *it)
{
  g_free (it->path);
  g_free (it->payload);
}

static gboolean
payload_matches (GPtrArray *found, const char *want)
{
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (g_ptr_array_index (found, i), &len);
      if (len == strlen (want) && memcmp (data, want, len) == 0)
        return TRUE;
    }
  return FALSE;
}

/* --- zbarimg --xml output: <source href='…'> … <data><![CDATA[…]]></data> --------------- */

typedef struct
{
  GHashTable *results; /* path → GPtrArray of char * */
  char *source;
  gboolean in_data;
  GString *data;
} ZbarXml;

static void
zx_start (GMarkupParseContext *ctx, const char *name, const char **an, const char **av, gpointer ud, GError **error)
{
  ZbarXml *z = ud;

  if (g_str_equal (name, "source"))
    for (guint i = 0; an[i] != NULL; i++)
      if (g_str_equal (an[i], "href"))
        {
          g_free (z->source);
          z->source = g_strdup (av[i]);
        }
  if (g_str_equal (name, "data"))
    {
      z->in_data = TRUE;
      g_string_truncate (z->data, 0);
    }
}

static void
zx_end (GMarkupParseContext *ctx, const char *name, gpointer ud, GError **error)
{
  ZbarXml *z = ud;

  if (g_str_equal (name, "data") && z->source != NULL)
    {
      GPtrArray *list = g_hash_table_lookup (z->results, z->source);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (z->results, g_strdup (z->source), list);
        }
      g_ptr_array_add (list, g_strdup (z->data->str));
      z->in_data = FALSE;
    }
}

static void
zx_text (GMarkupParseContext *ctx, const char *text, gsize len, gpointer ud, GError **error)
{
  ZbarXml *z = ud;

  if (z->in_data)
    g_string_append_len (z->data, text, (gssize) len);
}

/* GMarkup hands CDATA sections to the passthrough callback, markers included. */
static void
zx_passthrough (GMarkupParseContext *ctx, const char *text, gsize len, gpointer ud, GError **error)
{
  ZbarXml *z = ud;

  if (z->in_data && len >= 12 && g_str_has_prefix (text, "<![CDATA[") && strncmp (text + len - 3, "]]>", 3) == 0)
    g_string_append_len (z->data, text + 9, (gssize) (len - 12));
}

static gboolean
run_tool (const char *const *argv, char **out, double *seconds)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ok = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                              NULL, NULL, out, NULL, NULL, &error);

  *seconds = (g_get_monotonic_time () - start) / 1e6;
  if (!ok)
    fprintf (stderr, "qr-bench: %s: %s\n", argv[0], error->message);
  return ok;
}

static GPtrArray *
argv_with_files (const char *const *head, GArray *items)
{
  GPtrArray *argv = g_ptr_array_new ();

  for (guint i = 0; head[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) head[i]);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (argv, g_array_index (items, Item, i).path);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static double
run_zbarimg (GArray *items)
{
  static const char *const head[] = { "zbarimg", "--nodbus", "--xml", "-q", "-Sdisable", "-Sqrcode.enable", NULL };
  static const GMarkupParser parser = { zx_start, zx_end, zx_text, zx_passthrough, NULL };
  g_autoptr (GPtrArray) argv = argv_with_files (head, items);
  g_autofree char *out = NULL;
  double seconds = 0;
  ZbarXml z = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref),
                NULL, FALSE, g_string_new (NULL) };
  GMarkupParseContext *ctx;

  if (!run_tool ((const char *const *) argv->pdata, &out, &seconds))
    return -1;
  ctx = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &z, NULL);
  if (!g_markup_parse_context_parse (ctx, out, -1, NULL) || !g_markup_parse_context_end_parse (ctx, NULL))
    fprintf (stderr, "qr-bench: cannot parse zbarimg's XML output\n");
  g_markup_parse_context_free (ctx);

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      GPtrArray *list = g_hash_table_lookup (z.results, it->path);
      for (guint k = 0; list != NULL && k < list->len; k++)
        if (g_str_equal (g_ptr_array_index (list, k), it->payload))
          it->ok[T_ZBARIMG] = TRUE;
    }
  g_hash_table_unref (z.results);
  g_free (z.source);
  g_string_free (z.data, TRUE);
  return seconds;
}

static double
run_zxing (GArray *items)
{
  static const char *const head[] = { "ZXingReader", "-1", "-format", "QRCode", NULL };
  g_autoptr (GPtrArray) argv = argv_with_files (head, items);
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  double seconds = 0;

  if (!run_tool ((const char *const *) argv->pdata, &out, &seconds))
    return -1;
  /* One line per file and symbol: <path> QRCode "<text>" (or <path> with no symbol). */
  lines = g_strsplit (out, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    for (guint i = 0; i < items->len; i++)
      {
        Item *it = &g_array_index (items, Item, i);
        gsize plen = strlen (it->path);
        const char *q1, *q2;

        if (strncmp (lines[l], it->path, plen) != 0 || lines[l][plen] != ' ')
          continue;
        q1 = strchr (lines[l] + plen, '"');
        q2 = strrchr (lines[l] + plen, '"');
        if (q1 != NULL && q2 > q1 && (gsize) (q2 - q1 - 1) == strlen (it->payload) &&
            memcmp (q1 + 1, it->payload, strlen (it->payload)) == 0)
          it->ok[T_ZXING] = TRUE;
      }
  return seconds;
}

static gboolean
tool_available (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);
  return path != NULL;
}

int
main (int argc, char **argv)
{
  gboolean quick = FALSE;
  int count = 300, seed = 2, budget = SEWA_QR_DECODER_DEFAULT_BUDGET_MS, n_empty = 30;
  char *keep = NULL;
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "20 frames, for the test suite", NULL },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "frames with a code (default 300)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "frame seed (default 2; the ladder was tuned on 1)", "S" },
    { "budget", 0, 0, G_OPTION_ARG_INT, &budget, "kiosk time budget per frame, ms", "MS" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "write the PNGs here and keep them", "DIR" },
    { NULL },
  };
  g_autoptr (GOptionContext) octx = g_option_context_new ("— QR decode rate and time per frame");
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaQrDecoder) kiosk = sewa_qr_decoder_new ();
  g_autoptr (SewaQrDecoder) plain = sewa_qr_decoder_new ();
  g_autoptr (GArray) items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_autofree char *dir = NULL;
  double t_mem[N_TOOLS] = { 0 }, t_file = 0, t_empty_kiosk = 0, t_empty_plain = 0;
  double t_zbarimg = -1, t_zxing = -1;
  guint n_ok[N_TOOLS] = { 0 }, false_reads = 0;
  gboolean have_zbarimg = tool_available ("zbarimg"), have_zxing = tool_available ("ZXingReader");
  guint n_cat = sewa_test_frame_n_categories ();
  g_autofree guint *wins = g_new0 (guint, sewa_qr_decoder_get_n_rungs () + 1);

  g_option_context_add_main_entries (octx, entries, NULL);
  if (!g_option_context_parse (octx, &argc, &argv, &error))
    {
      fprintf (stderr, "qr-bench: %s\n", error->message);
      return 2;
    }
  if (quick)
    {
      count = 20;
      n_empty = 5;
    }
  sewa_qr_decoder_set_time_budget (kiosk, (guint) budget);
  g_assert_true (sewa_qr_decoder_set_ladder (plain, "plain"));
  if (keep != NULL)
    {
      g_mkdir_with_parents (keep, 0755);
      dir = g_strdup (keep);
    }
  else
    dir = g_dir_make_tmp ("qr-bench-XXXXXX", NULL);

  printf ("bench/qr: %d degraded 1280x720 frames (seed %d) + %d frames without a code; kiosk budget %d ms\n",
          count, seed, n_empty, budget);
  fflush (stdout);

  for (int i = 0; i < count; i++)
    {
      g_autoptr (SewaTestFrame) frame = sewa_test_frame_make ((guint) i, (guint32) seed);
      Item it = { 0 };
      guint w = 0, h = 0;
      g_autofree guint8 *grey = sewa_test_frame_to_grey (frame, &w, &h);
      SewaQrDecodeStats st = { 0 };
      gint64 t0;

      it.path = g_strdup_printf ("%s/frame-%04d.png", dir, i);
      it.payload = g_strdup (frame->payload);
      it.category = frame->category;
      it.version = frame->qr_version;
      pixWrite (it.path, frame->pix, IFF_PNG);

      {
        g_autoptr (GPtrArray) found = sewa_qr_decoder_decode (kiosk, grey, w, h, w, &st);
        it.ok[T_KIOSK] = payload_matches (found, it.payload);
        false_reads += found->len > 0 && !it.ok[T_KIOSK];
        t_mem[T_KIOSK] += st.elapsed_us / 1e6;
        wins[st.winning_rung + 1]++;
      }
      {
        g_autoptr (GPtrArray) found = sewa_qr_decoder_decode (plain, grey, w, h, w, &st);
        it.ok[T_PLAIN] = payload_matches (found, it.payload);
        t_mem[T_PLAIN] += st.elapsed_us / 1e6;
      }
      t0 = g_get_monotonic_time ();
      {
        g_autoptr (GPtrArray) found = sewa_qr_decoder_decode_file (kiosk, it.path, NULL, NULL);
        if (payload_matches (found, it.payload) != it.ok[T_KIOSK])
          fprintf (stderr, "qr-bench: frame %d: file and memory decodes differ\n", i);
      }
      t_file += (g_get_monotonic_time () - t0) / 1e6;
      g_array_append_val (items, it);
    }

  for (int i = 0; i < n_empty; i++)
    {
      g_autoptr (SewaTestFrame) frame = sewa_test_frame_make_empty ((guint) i, (guint32) seed);
      guint w = 0, h = 0;
      g_autofree guint8 *grey = sewa_test_frame_to_grey (frame, &w, &h);
      SewaQrDecodeStats st = { 0 };
      g_autoptr (GPtrArray) a = sewa_qr_decoder_decode (kiosk, grey, w, h, w, &st);
      t_empty_kiosk += st.elapsed_us / 1e6;
      {
        g_autoptr (GPtrArray) b = sewa_qr_decoder_decode (plain, grey, w, h, w, &st);
        t_empty_plain += st.elapsed_us / 1e6;
        false_reads += a->len + b->len;
      }
    }

  if (have_zbarimg)
    t_zbarimg = run_zbarimg (items);
  if (have_zxing)
    t_zxing = run_zxing (items);

  /* Per category. */
  printf ("\n%-13s %5s", "category", "n");
  for (guint t = 0; t < N_TOOLS; t++)
    printf (" %11s", tool_names[t]);
  printf ("\n");
  for (guint c = 0; c < n_cat; c++)
    {
      guint n = 0, ok[N_TOOLS] = { 0 };

      for (guint i = 0; i < items->len; i++)
        {
          Item *it = &g_array_index (items, Item, i);
          if (!g_str_equal (it->category, sewa_test_frame_category_name (c)))
            continue;
          n++;
          for (guint t = 0; t < N_TOOLS; t++)
            ok[t] += it->ok[t];
        }
      if (n == 0)
        continue;
      printf ("%-13s %5u", sewa_test_frame_category_name (c), n);
      for (guint t = 0; t < N_TOOLS; t++)
        printf (" %10.0f%%", 100.0 * ok[t] / n);
      printf ("\n");
    }
  for (guint i = 0; i < items->len; i++)
    for (guint t = 0; t < N_TOOLS; t++)
      n_ok[t] += g_array_index (items, Item, i).ok[t];

  {
    double n = items->len;
    double rate[N_TOOLS], ms[N_TOOLS];

    rate[T_KIOSK] = 100.0 * n_ok[T_KIOSK] / n;
    rate[T_PLAIN] = 100.0 * n_ok[T_PLAIN] / n;
    rate[T_ZBARIMG] = have_zbarimg ? 100.0 * n_ok[T_ZBARIMG] / n : -1;
    rate[T_ZXING] = have_zxing ? 100.0 * n_ok[T_ZXING] / n : -1;
    ms[T_KIOSK] = 1000 * t_mem[T_KIOSK] / n;
    ms[T_PLAIN] = 1000 * t_mem[T_PLAIN] / n;
    ms[T_ZBARIMG] = 1000 * t_zbarimg / n;
    ms[T_ZXING] = 1000 * t_zxing / n;

    printf ("%-13s %5u", "ALL", items->len);
    for (guint t = 0; t < N_TOOLS; t++)
      printf (" %10.1f%%", rate[t]);
    printf ("\n\ntime per frame (ms):\n");
    printf ("  kiosk, grey frame in memory      %7.1f\n", ms[T_KIOSK]);
    printf ("  kiosk, from PNG file             %7.1f\n", 1000 * t_file / n);
    printf ("  zbar-1pass, frame in memory      %7.1f\n", ms[T_PLAIN]);
    if (have_zbarimg)
      printf ("  zbarimg, from PNG file           %7.1f\n", ms[T_ZBARIMG]);
    if (have_zxing)
      printf ("  zxing-cpp, from PNG file         %7.1f\n", ms[T_ZXING]);
    printf ("  frames without a code: kiosk %.1f ms, zbar-1pass %.1f ms\n",
            1000 * t_empty_kiosk / n_empty, 1000 * t_empty_plain / n_empty);
    printf ("  false reads (wrong payload or a code where there is none): %u\n", false_reads);

    printf ("\nwinning step:");
    for (guint r = 0; r <= sewa_qr_decoder_get_n_rungs (); r++)
      if (wins[r] > 0)
        printf (" %s=%u", r == 0 ? "none" : sewa_qr_decoder_get_rung_name (r - 1), wins[r]);
    printf ("\n\ntargets:\n");
    printf ("  rate vs zbar-1pass:  %+.1f points\n", rate[T_KIOSK] - rate[T_PLAIN]);
    if (have_zbarimg)
      printf ("  rate vs zbarimg:     %+.1f points (target >= +15)  %s\n", rate[T_KIOSK] - rate[T_ZBARIMG],
              rate[T_KIOSK] >= rate[T_ZBARIMG] + 15 ? "met" : "NOT MET");
    if (have_zxing)
      printf ("  rate vs zxing-cpp:   %+.1f points (target >= 0)    %s\n", rate[T_KIOSK] - rate[T_ZXING],
              rate[T_KIOSK] >= rate[T_ZXING] ? "met" : "NOT MET");
    if (have_zbarimg)
      printf ("  time vs zbarimg:     %.2fx from file, %.2fx in memory (target <= 2x)  %s\n",
              1000 * t_file / n / ms[T_ZBARIMG], ms[T_KIOSK] / ms[T_ZBARIMG],
              1000 * t_file / n <= 2 * ms[T_ZBARIMG] ? "met" : "NOT MET");
    printf ("  time vs zbar-1pass (both in memory): %.2fx\n", ms[T_KIOSK] / ms[T_PLAIN]);
  }

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      if (keep == NULL)
        g_unlink (it->path);
      item_clear (it);
    }
  if (keep == NULL)
    g_rmdir (dir);
  g_free (keep);
  /* The quick run is a smoke test: it fails only on wrong reads, not on rates. */
  return false_reads == 0 ? 0 : 1;
}
