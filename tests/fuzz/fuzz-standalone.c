/* Runs a libFuzzer-style target without libFuzzer, so every fuzz target also runs in the
 * ordinary (gcc, ASan+UBSan) test suite: first every file of the seed corpus, then a fixed
 * number of deterministic mutations of them (bit flips, truncations, byte insertions,
 * splices). `make fuzz` runs the same targets under real libFuzzer for millions of runs.
 *
 * usage: fuzz-NAME CORPUS_DIR [ITERATIONS] [SEED]
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
insert_bytes (GByteArray *buf, guint pos, const guint8 *data, guint n)
{
  guint old = buf->len;

  g_byte_array_set_size (buf, old + n);
  memmove (buf->data + pos + n, buf->data + pos, old - pos);
  memcpy (buf->data + pos, data, n);
}

static guint8 *
mutate (GRand *rand, const GBytes *seed, const GPtrArray *all, gsize *out_len)
{
  gsize len = 0;
  const guint8 *src = g_bytes_get_data ((GBytes *) seed, &len);
  GByteArray *buf = g_byte_array_sized_new ((guint) len + 64);
  guint n_ops = (guint) g_rand_int_range (rand, 1, 8);

  g_byte_array_append (buf, src, (guint) len);
  for (guint op = 0; op < n_ops; op++)
    {
      guint kind = (guint) g_rand_int_range (rand, 0, 7);
      guint pos = buf->len > 0 ? (guint) g_rand_int_range (rand, 0, (gint32) buf->len) : 0;

      switch (kind)
        {
        case 0: /* flip a bit */
          if (buf->len > 0)
            buf->data[pos] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
          break;
        case 1: /* random byte */
          if (buf->len > 0)
            buf->data[pos] = (guint8) g_rand_int_range (rand, 0, 256);
          break;
        case 2: /* truncate */
          g_byte_array_set_size (buf, pos);
          break;
        case 3: /* insert interesting bytes */
          {
            static const guint8 interesting[] = { 0x00, 0xff, 0x7f, 0x80, '"', '{', '}', '[',
                                                  ']', ',', ':', '\\', '=', '\n', '<', '>' };
            guint8 b = interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))];
            insert_bytes (buf, pos, &b, 1);
            break;
          }
        case 4: /* delete a run */
          if (buf->len > 0)
            {
              guint n = (guint) g_rand_int_range (rand, 1, 16);
              g_byte_array_remove_range (buf, pos, MIN (n, buf->len - pos));
            }
          break;
        case 5: /* duplicate a run */
          if (buf->len > 0 && buf->len < 1 << 20)
            {
              guint want = (guint) g_rand_int_range (rand, 1, 64);
              guint n = MIN (want, buf->len - pos);
              g_autofree guint8 *copy = g_memdup2 (buf->data + pos, n);
              insert_bytes (buf, pos, copy, n);
            }
          break;
        case 6: /* splice with another corpus entry */
          if (all->len > 0)
            {
              gsize olen = 0;
              const guint8 *other = g_bytes_get_data (g_ptr_array_index (all, g_rand_int_range (rand, 0, (gint32) all->len)), &olen);
              gsize from = olen > 0 ? (gsize) g_rand_int_range (rand, 0, (gint32) olen) : 0;
              g_byte_array_set_size (buf, pos);
              g_byte_array_append (buf, other + from, (guint) (olen - from));
            }
          break;
        default:
          break;
        }
    }
  *out_len = buf->len;
  return g_byte_array_free (buf, FALSE);
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = NULL;
  guint64 iterations = 20000;
  guint32 seed = 1;
  const char *name;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s CORPUS_DIR [ITERATIONS] [SEED]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    iterations = g_ascii_strtoull (argv[2], NULL, 10);
  if (argc > 3)
    seed = (guint32) g_ascii_strtoull (argv[3], NULL, 10);

  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (argv[1], name, NULL);
      char *data = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &data, &len, NULL))
        g_ptr_array_add (corpus, g_bytes_new_take (data, len));
    }
  if (corpus->len == 0)
    g_ptr_array_add (corpus, g_bytes_new_static ("", 0));

  /* TAP: one line for the corpus pass, one for the mutation pass. */
  printf ("1..2\n");
  for (guint i = 0; i < corpus->len; i++)
    {
      gsize len = 0;
      const guint8 *d = g_bytes_get_data (g_ptr_array_index (corpus, i), &len);
      LLVMFuzzerTestOneInput (d, len);
    }
  printf ("ok 1 %u corpus inputs\n", corpus->len);
  fflush (stdout);

  rand = g_rand_new_with_seed (seed);
  for (guint64 it = 0; it < iterations; it++)
    {
      GBytes *s = g_ptr_array_index (corpus, g_rand_int_range (rand, 0, (gint32) corpus->len));
      gsize len = 0;
      g_autofree guint8 *m = mutate (rand, s, corpus, &len);
      LLVMFuzzerTestOneInput (m, len);
    }
  printf ("ok 2 %" G_GUINT64_FORMAT " mutated inputs (seed %u)\n", iterations, seed);
  return 0;
}
