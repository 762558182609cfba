/* bench/qr — decode rate and time per 1280×720 frame of the kiosk's QR decoder on generated
 * degraded frames (tests/qr-frames.c), per degradation class, side by side, in the same run
 * and on the same PNG files, with:
 *
 *   - the kiosk's decoder with ZBar only (its preprocessing ladder) and zxing-cpp only,
 *   - the kiosk's decoder as it runs: both engines, cross-checked ("kiosk"),
 *   - zbarimg (ZBar's command-line tool, QR only),
 *   - ZXingReader (zxing-cpp's command-line tool, QR only, its default hints).
 *
 * Each command-line tool runs once per file, so its median time per frame includes process
 * start and PNG decoding; the kiosk is timed both ways: on the grey frame in memory (what the
 * camera gives) and from the same PNG file (like for like with the tools). The tools are also
 * run once over all files, for their time per frame without process start.
 *
 * usage: qr-bench [--quick] [--count N] [--seed S] [--budget MS] [--keep DIR] [--features]
 *
 * Targets (issue 16): the kiosk ≥ ZXingReader + 8 points overall and ≥ ZXingReader in every
 * class, median time ≤ 2× zbarimg's, no misread, no read on a frame without a code.
 */
#include "qr-frames.h"
#include "sewa-qr-decoder-private.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

enum
{
  T_ZBAR,
  T_ZXING,
  T_KIOSK,
  T_ZBARIMG,
  T_ZXINGREADER,
  N_TOOLS
};

static const char *const tool_names[N_TOOLS] = { "zbar", "zxing", "kiosk", "zbarimg", "ZXingReader" };

typedef struct
{
  char *path;
  char *payload;
  const char *category;
  int version;
  gboolean ok[N_TOOLS];
  double ms[N_TOOLS];  /* per tool; for the command-line tools, one process per file */
  double ms_file;      /* the kiosk from the PNG file */
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

/* zbarimg --raw prints each symbol's text on a line of its own. */
static gboolean
zbarimg_output_has (const char *out, const char *payload)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint l = 0; lines[l] != NULL; l++)
    if (g_str_equal (lines[l], payload))
      return TRUE;
  return FALSE;
}

/* ZXingReader -1 prints one line per file and symbol: <path> QRCode "<text>". */
static gboolean
zxing_output_has (const char *out, const char *path, const char *payload)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  gsize plen = strlen (path);

  for (guint l = 0; lines[l] != NULL; l++)
    {
      const char *q1, *q2;

      if (strncmp (lines[l], path, plen) != 0 || lines[l][plen] != ' ')
        continue;
      q1 = strchr (lines[l] + plen, '"');
      q2 = strrchr (lines[l] + plen, '"');
      if (q1 != NULL && q2 > q1 && (gsize) (q2 - q1 - 1) == strlen (payload) &&
          memcmp (q1 + 1, payload, strlen (payload)) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *const zbarimg_head[] = { "zbarimg", "--nodbus", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", NULL };
static const char *const zxing_head[] = { "ZXingReader", "-1", "-format", "QRCode", NULL };

static GPtrArray *
argv_with_files (const char *const *head, GArray *items, gint only)
{
  GPtrArray *argv = g_ptr_array_new ();

  for (guint i = 0; head[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) head[i]);
  for (guint i = 0; i < items->len; i++)
    if (only < 0 || (guint) only == i)
      g_ptr_array_add (argv, g_array_index (items, Item, i).path);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Runs a tool once per file (rates and median time) and once over all files (time per frame
 * without process start). Returns the latter, or -1. */
static double
run_tool_per_file (GArray *items, guint tool, GPtrArray *empty_paths, guint *false_reads)
{
  const char *const *head = tool == T_ZBARIMG ? zbarimg_head : zxing_head;
  double batch = 0;

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      g_autoptr (GPtrArray) argv = argv_with_files (head, items, (gint) i);
      g_autofree char *out = NULL;
      double seconds = 0;

      if (!run_tool ((const char *const *) argv->pdata, &out, &seconds))
        return -1;
      it->ms[tool] = seconds * 1000;
      it->ok[tool] = tool == T_ZBARIMG ? zbarimg_output_has (out, it->payload)
                                       : zxing_output_has (out, it->path, it->payload);
      /* Any other text is a misread (or a second code, which the frames never have). */
      if (tool == T_ZBARIMG ? (!it->ok[tool] && out[0] != '\0') : (!it->ok[tool] && strchr (out, '"') != NULL))
        (*false_reads)++;
    }
  for (guint i = 0; i < empty_paths->len; i++)
    {
      GPtrArray *argv = g_ptr_array_new ();
      g_autofree char *out = NULL;
      double seconds = 0;

      for (guint k = 0; head[k] != NULL; k++)
        g_ptr_array_add (argv, (char *) head[k]);
      g_ptr_array_add (argv, g_ptr_array_index (empty_paths, i));
      g_ptr_array_add (argv, NULL);
      if (run_tool ((const char *const *) argv->pdata, &out, &seconds) &&
          (tool == T_ZBARIMG ? out[0] != '\0' : strchr (out, '"') != NULL))
        (*false_reads)++;
      g_ptr_array_unref (argv);
    }
  {
    g_autoptr (GPtrArray) argv = argv_with_files (head, items, -1);
    g_autofree char *out = NULL;

    if (!run_tool ((const char *const *) argv->pdata, &out, &batch))
      return -1;
  }
  return batch;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median_ms (GArray *items, gint tool)
{
  g_autoptr (GArray) v = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      double ms = tool < 0 ? it->ms_file : it->ms[tool];
      g_array_append_val (v, ms);
    }
  if (v->len == 0)
    return 0;
  g_array_sort (v, cmp_double);
  return v->len % 2 ? g_array_index (v, double, v->len / 2)
                    : (g_array_index (v, double, v->len / 2 - 1) + g_array_index (v, double, v->len / 2)) / 2;
}

static gboolean
tool_available (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);
  return path != NULL;
}

static gboolean
decode_item (SewaQrDecoder *dec, const guint8 *grey, guint w, guint h, const char *payload,
             double *ms, guint *false_reads, SewaQrDecodeStats *st)
{
  g_autoptr (GPtrArray) found = sewa_qr_decoder_decode (dec, grey, w, h, w, st);
  gboolean ok = payload_matches (found, payload);

  *false_reads += found->len - (ok ? 1 : 0);
  *ms = st->elapsed_us / 1000.0;
  return ok;
}

int
main (int argc, char **argv)
{
  gboolean quick = FALSE, features = FALSE;
  int count = 300, seed = 2, budget = SEWA_QR_DECODER_DEFAULT_BUDGET_MS, n_empty = 30;
  char *keep = NULL;
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "15 frames, no tools, for the test suite", NULL },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "frames with a code (default 300)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "frame seed (default 2; thresholds were chosen on 1)", "S" },
    { "budget", 0, 0, G_OPTION_ARG_INT, &budget, "kiosk time budget per frame, ms", "MS" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "write the PNGs here and keep them", "DIR" },
    { "features", 0, 0, G_OPTION_ARG_NONE, &features, "print each frame's measured conditions", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) octx = g_option_context_new ("— QR decode rate and time per frame");
  g_autoptr (GError) error = NULL;
  SewaQrDecoder *dec[3] = { sewa_qr_decoder_new (), sewa_qr_decoder_new (), sewa_qr_decoder_new () };
  g_autoptr (GArray) items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_autoptr (GPtrArray) empty_paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;
  double t_empty[3] = { 0 }, t_batch[N_TOOLS] = { 0 };
  guint n_ok[N_TOOLS] = { 0 }, false_reads[N_TOOLS] = { 0 }, rejected = 0, both = 0;
  gboolean have[N_TOOLS] = { TRUE, TRUE, TRUE, FALSE, FALSE };
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
      count = 15;
      n_empty = 3;
    }
  else
    {
      have[T_ZBARIMG] = tool_available ("zbarimg");
      have[T_ZXINGREADER] = tool_available ("ZXingReader");
    }
  for (guint d = 0; d < 3; d++)
    sewa_qr_decoder_set_time_budget (dec[d], (guint) budget);
  g_assert_true (sewa_qr_decoder_set_ladder (dec[T_ZBAR], SEWA_QR_DECODER_ZBAR_LADDER));
  g_assert_true (sewa_qr_decoder_set_ladder (dec[T_ZXING], SEWA_QR_DECODER_ZXING_LADDER));
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
      SewaQrDecodeStats st[3] = { { 0 } };
      gint64 t0;

      it.path = g_strdup_printf ("%s/frame-%04d.png", dir, i);
      it.payload = g_strdup (frame->payload);
      it.category = frame->category;
      it.version = frame->qr_version;
      pixWrite (it.path, frame->pix, IFF_PNG);

      for (guint d = 0; d < 3; d++)
        it.ok[d] = decode_item (dec[d], grey, w, h, it.payload, &it.ms[d], &false_reads[d], &st[d]);
      wins[st[T_KIOSK].winning_rung + 1]++;
      rejected += st[T_KIOSK].rejected;
      both += st[T_KIOSK].engines == (SEWA_QR_ENGINE_ZBAR | SEWA_QR_ENGINE_ZXING);
      if (features)
        printf ("F %4d %-13s v%-2d contrast %3.0f sharp %.4f glare %.5f first %s  zbar %d %6.1f  zxing %d %6.1f  kiosk %d %6.1f %s\n",
                i, it.category, it.version, st[T_KIOSK].contrast, st[T_KIOSK].sharpness, st[T_KIOSK].glare,
                st[T_KIOSK].first_engine == SEWA_QR_ENGINE_ZXING ? "zx" : "zb", it.ok[T_ZBAR],
                it.ms[T_ZBAR], it.ok[T_ZXING], it.ms[T_ZXING], it.ok[T_KIOSK], it.ms[T_KIOSK],
                st[T_KIOSK].winning_rung >= 0 ? sewa_qr_decoder_get_rung_name ((guint) st[T_KIOSK].winning_rung) : "-");
      t0 = g_get_monotonic_time ();
      {
        g_autoptr (GPtrArray) found = sewa_qr_decoder_decode_file (dec[T_KIOSK], it.path, NULL, NULL);
        if (payload_matches (found, it.payload) != it.ok[T_KIOSK])
          fprintf (stderr, "qr-bench: frame %d: file and memory decodes differ\n", i);
      }
      it.ms_file = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (items, it);
    }

  for (int i = 0; i < n_empty; i++)
    {
      g_autoptr (SewaTestFrame) frame = sewa_test_frame_make_empty ((guint) i, (guint32) seed);
      guint w = 0, h = 0;
      g_autofree guint8 *grey = sewa_test_frame_to_grey (frame, &w, &h);
      char *path = g_strdup_printf ("%s/empty-%04d.png", dir, i);

      for (guint d = 0; d < 3; d++)
        {
          SewaQrDecodeStats st = { 0 };
          g_autoptr (GPtrArray) a = sewa_qr_decoder_decode (dec[d], grey, w, h, w, &st);

          t_empty[d] += st.elapsed_us / 1e6;
          false_reads[d] += a->len;
        }
      pixWrite (path, frame->pix, IFF_PNG);
      g_ptr_array_add (empty_paths, path);
    }

  for (guint t = T_ZBARIMG; t < N_TOOLS; t++)
    if (have[t])
      {
        t_batch[t] = run_tool_per_file (items, t, empty_paths, &false_reads[t]);
        have[t] = t_batch[t] >= 0;
      }

  /* Per category. */
  printf ("\n%-13s %5s", "class", "n");
  for (guint t = 0; t < N_TOOLS; t++)
    if (have[t])
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
        if (have[t])
          printf (" %10.0f%%", 100.0 * ok[t] / n);
      if (have[T_ZXINGREADER] && ok[T_KIOSK] < ok[T_ZXINGREADER])
        printf ("  below ZXingReader");
      printf ("\n");
    }
  for (guint i = 0; i < items->len; i++)
    for (guint t = 0; t < N_TOOLS; t++)
      n_ok[t] += g_array_index (items, Item, i).ok[t];

  {
    double n = items->len;
    double rate[N_TOOLS];

    for (guint t = 0; t < N_TOOLS; t++)
      rate[t] = 100.0 * n_ok[t] / n;
    printf ("%-13s %5u", "ALL", items->len);
    for (guint t = 0; t < N_TOOLS; t++)
      if (have[t])
        printf (" %10.1f%%", rate[t]);
    printf ("\n\ntime per frame with a code, ms:      median    mean\n");
    for (guint t = 0; t < N_TOOLS; t++)
      if (have[t])
        {
          double sum = 0;
          g_autofree char *label = g_strdup_printf (t < T_ZBARIMG ? "%s, grey frame in memory" : "%s, one process per PNG",
                                                    tool_names[t]);

          for (guint i = 0; i < items->len; i++)
            sum += g_array_index (items, Item, i).ms[t];
          printf ("  %-34s %7.1f %7.1f\n", label, median_ms (items, (gint) t), sum / n);
        }
    {
      double sum = 0;
      for (guint i = 0; i < items->len; i++)
        sum += g_array_index (items, Item, i).ms_file;
      printf ("  %-34s %7.1f %7.1f\n", "kiosk, from PNG file", median_ms (items, -1), sum / n);
    }
    for (guint t = T_ZBARIMG; t < N_TOOLS; t++)
      if (have[t])
        printf ("  %-34s         %7.1f\n", t == T_ZBARIMG ? "zbarimg, all PNGs in one process" : "ZXingReader, all PNGs in one process",
                1000 * t_batch[t] / n);
    printf ("  frames without a code, mean: zbar %.1f, zxing %.1f, kiosk %.1f\n",
            1000 * t_empty[T_ZBAR] / n_empty, 1000 * t_empty[T_ZXING] / n_empty, 1000 * t_empty[T_KIOSK] / n_empty);
    printf ("  false reads (wrong payload, or a read on a frame without a code):");
    for (guint t = 0; t < N_TOOLS; t++)
      if (have[t])
        printf (" %s %u", tool_names[t], false_reads[t]);
    printf ("\n  kiosk: reads confirmed by both engines %u, reads rejected by the cross-check %u\n", both, rejected);

    printf ("\nwinning step (kiosk):");
    for (guint r = 0; r <= sewa_qr_decoder_get_n_rungs (); r++)
      if (wins[r] > 0)
        printf (" %s=%u", r == 0 ? "none" : sewa_qr_decoder_get_rung_name (r - 1), wins[r]);
    printf ("\n\ntargets:\n");
    if (have[T_ZXINGREADER])
      {
        gboolean every = TRUE;

        for (guint c = 0; c < n_cat; c++)
          {
            guint ok_k = 0, ok_z = 0;
            for (guint i = 0; i < items->len; i++)
              {
                Item *it = &g_array_index (items, Item, i);
                if (g_str_equal (it->category, sewa_test_frame_category_name (c)))
                  {
                    ok_k += it->ok[T_KIOSK];
                    ok_z += it->ok[T_ZXINGREADER];
                  }
              }
            every = every && ok_k >= ok_z;
          }
        printf ("  rate vs ZXingReader: %+.1f points (target >= +8)  %s; not below it in any class: %s\n",
                rate[T_KIOSK] - rate[T_ZXINGREADER], rate[T_KIOSK] >= rate[T_ZXINGREADER] + 8 ? "met" : "NOT MET",
                every ? "met" : "NOT MET");
      }
    if (have[T_ZBARIMG])
      printf ("  rate vs zbarimg:     %+.1f points\n"
              "  median time vs zbarimg's: %.2fx in memory, %.2fx from file (target <= 2x)  %s\n",
              rate[T_KIOSK] - rate[T_ZBARIMG], median_ms (items, T_KIOSK) / median_ms (items, T_ZBARIMG),
              median_ms (items, -1) / median_ms (items, T_ZBARIMG),
              median_ms (items, -1) <= 2 * median_ms (items, T_ZBARIMG) ? "met" : "NOT MET");
    printf ("  kiosk misreads and reads without a code: %u (target 0)  %s\n", false_reads[T_KIOSK],
            false_reads[T_KIOSK] == 0 ? "met" : "NOT MET");
  }

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      if (keep == NULL)
        g_unlink (it->path);
      item_clear (it);
    }
  for (guint i = 0; i < empty_paths->len && keep == NULL; i++)
    g_unlink (g_ptr_array_index (empty_paths, i));
  if (keep == NULL)
    g_rmdir (dir);
  g_free (keep);
  for (guint d = 0; d < 3; d++)
    g_object_unref (dec[d]);
  /* The quick run is a smoke test: it fails only on wrong reads, not on rates. */
  return false_reads[T_KIOSK] + false_reads[T_ZBAR] + false_reads[T_ZXING] == 0 ? 0 : 1;
}
