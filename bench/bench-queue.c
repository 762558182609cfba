/* bench-queue — what durability costs at the kiosk's submit button.
 *
 * 1. Durable enqueue latency (p50/p99) of an application with 3 pages of 300 KB (incompressible
 *    bytes, as JPEGs are): seal, hash, one transaction, fsync of the WAL.
 * 2. Metadata-only enqueue throughput (no pages) against baselines measured in the same run, in
 *    alternating batches so disk noise hits all alike, each a WAL database with
 *    synchronous=FULL and one transaction per application:
 *    - raw SQLite writing the same rows an enqueue writes (reference counter, application row,
 *      audit line) into the store's own schema with prepared statements: the ratio is the cost
 *      of the store itself (validation, Aadhaar check, sealing, UUID, API). Target >= 0.8.
 *    - raw SQLite writing the application row alone into a table with the same columns: the
 *      ratio adds the cost of the counter, the audit line and the due-index, i.e. of the schema.
 *
 * usage: bench-queue [--quick] [--metadata-only] [--dir DIR]
 *   DIR: where the databases go; default a new directory under $TMPDIR, on the disk the kiosk
 *   would use (on tmpfs the figures show the CPU cost alone).
 */
#include "sewa-store.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_BYTES (300 * 1024)
#define FORM "{\"applicant_name\":\"Gurpreet Kaur Sandhu\",\"father_name\":\"Harjit Singh\"," \
             "\"mobile\":\"9876543210\",\"village\":\"Kot Isa Khan\",\"district\":\"Moga\"," \
             "\"caste\":\"Mazhabi Sikh\",\"aadhaar_last4\":\"4321\",\"purpose\":\"education\"}"

static SewaNewApplication
sample_app (void)
{
  SewaNewApplication app = { 0 };

  app.service_id = "caste-certificate-sc";
  app.catalog_version = "2026.11.1";
  app.catalog_hash = "0a4f3c8e5d2b7a9c1f3e5d7b9a1c3e5f7d9b1a3c5e7f9d1b3a5c7e9f1d3b5a7c";
  app.form_json = FORM;
  app.citizen_ref = "9876543210";
  app.fee_state = SEWA_FEE_PAID;
  app.fee_amount_paise = 4500;
  return app;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (double *sorted, guint n, double p)
{
  guint i = (guint) (p * (n - 1) + 0.5);

  return sorted[MIN (i, n - 1)];
}

static void
die (const char *what, GError *error)
{
  fprintf (stderr, "bench-queue: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
rm_rf (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
bench_pages (const char *base, guint n)
{
  g_autofree char *dir = g_build_filename (base, "pages", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStore) store = sewa_store_open (dir, NULL, TRUE, &error);
  g_autofree double *ms = g_new0 (double, n);
  g_autofree guint8 *bytes = g_malloc (3 * PAGE_BYTES);
  SewaNewApplication app = sample_app ();
  double total = 0;

  if (store == NULL)
    die ("open", error);
  for (guint i = 0; i < n + 2; i++)
    {
      SewaNewPage pages[3];
      gint64 t0, t1;

      /* Fresh bytes each time: no deduplication flatters the figure. */
      randombytes_buf (bytes, 3 * PAGE_BYTES);
      for (guint p = 0; p < 3; p++)
        pages[p] = (SewaNewPage) { "doc", "X", "image/jpeg", bytes + p * PAGE_BYTES, PAGE_BYTES };
      t0 = g_get_monotonic_time ();
      if (!sewa_store_enqueue (store, &app, pages, 3, NULL, NULL, &error))
        die ("enqueue", error);
      t1 = g_get_monotonic_time ();
      if (i >= 2) /* the first two warm the cache and create the WAL */
        {
          ms[i - 2] = (double) (t1 - t0) / 1000.0;
          total += ms[i - 2];
        }
    }
  qsort (ms, n, sizeof (double), cmp_double);
  printf ("durable enqueue, 3 pages x 300 KB: n=%u  p50=%.2f ms  p99=%.2f ms  max=%.2f ms  "
          "mean=%.2f ms\n", n, percentile (ms, n, 0.50), percentile (ms, n, 0.99), ms[n - 1],
          total / n);
}

/* A raw SQLite writer. BARE: just the application row, in a table with the same columns and
 * unique keys. SAME_WRITES: the very rows an enqueue writes, in the store's own schema (copied
 * from its database): the reference counter read and upsert, the application row with all its
 * indexes, the audit line. Both: one transaction per application, WAL, synchronous=FULL, prepared
 * statements reused, a blob the size of the sealed record. */
typedef enum { RAW_BARE, RAW_SAME_WRITES } RawKind;

typedef struct
{
  RawKind kind;
  sqlite3 *db;
  sqlite3_stmt *counter_get, *counter_put, *insert, *audit;
  guint8 payload[512];
  gsize payload_len;
  guint seq;
} Raw;

static void
raw_check (int rc, Raw *raw, const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      fprintf (stderr, "bench-queue: raw %s: %s\n", what, sqlite3_errmsg (raw->db));
      exit (1);
    }
}

static void
raw_prepare (Raw *raw, const char *sql, sqlite3_stmt **out)
{
  raw_check (sqlite3_prepare_v2 (raw->db, sql, -1, out, NULL), raw, "prepare");
}

static void
raw_copy_schema (Raw *raw, const char *store_db)
{
  sqlite3 *src = NULL;
  sqlite3_stmt *stmt = NULL;

  raw_check (sqlite3_open_v2 (store_db, &src, SQLITE_OPEN_READONLY, NULL), raw, "open store db");
  raw_check (sqlite3_prepare_v2 (src,
                                 "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL "
                                 "AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
                                 -1, &stmt, NULL),
             raw, "read schema");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    raw_check (sqlite3_exec (raw->db, (const char *) sqlite3_column_text (stmt, 0), NULL, NULL,
                             NULL),
               raw, "copy schema");
  sqlite3_finalize (stmt);
  sqlite3_close (src);
}

static void
raw_open (Raw *raw, RawKind kind, const char *base, const char *store_db)
{
  g_autofree char *path = g_build_filename (base, kind == RAW_BARE ? "raw-bare.db" : "raw-same.db",
                                            NULL);

  raw->kind = kind;
  raw_check (sqlite3_open (path, &raw->db), raw, "open");
  raw_check (sqlite3_exec (raw->db,
                           "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                           "PRAGMA foreign_keys = ON;",
                           NULL, NULL, NULL),
             raw, "pragmas");
  if (kind == RAW_BARE)
    raw_check (sqlite3_exec (raw->db,
                             "CREATE TABLE applications ("
                             "  id INTEGER PRIMARY KEY, idem_key TEXT NOT NULL UNIQUE,"
                             "  reference TEXT NOT NULL UNIQUE, service_id TEXT NOT NULL,"
                             "  catalog_version TEXT NOT NULL, catalog_hash TEXT NOT NULL,"
                             "  state TEXT NOT NULL, fee_state TEXT NOT NULL,"
                             "  attempt_count INTEGER NOT NULL DEFAULT 0,"
                             "  next_attempt_at INTEGER NOT NULL, n_pages INTEGER NOT NULL,"
                             "  payload BLOB NOT NULL, created_at INTEGER NOT NULL,"
                             "  updated_at INTEGER NOT NULL)",
                             NULL, NULL, NULL),
               raw, "schema");
  else
    {
      raw_copy_schema (raw, store_db);
      raw_prepare (raw, "SELECT last_seq FROM reference_counters WHERE day = ?",
                   &raw->counter_get);
      raw_prepare (raw,
                   "INSERT INTO reference_counters (day, last_seq) VALUES (?, ?) "
                   "ON CONFLICT (day) DO UPDATE SET last_seq = excluded.last_seq",
                   &raw->counter_put);
      /* The same row as the store's: since the audit log became a hash chain (#18) an entry
       * needs its links; the baseline writes fixed ones (the store's SHA-256 and head update are
       * part of the cost the ratio shows). */
      raw_prepare (raw, "INSERT INTO audit_log (at, event, detail, prev_hash, hash) VALUES (?, 'enqueued', ?, "
                        "'0000000000000000000000000000000000000000000000000000000000000000', "
                        "'0000000000000000000000000000000000000000000000000000000000000000')",
                   &raw->audit);
    }
  raw_prepare (raw,
               "INSERT INTO applications (idem_key, reference, service_id, "
               "catalog_version, catalog_hash, state, fee_state, "
               "next_attempt_at, n_pages, payload, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, 'queued', 'paid', ?, 0, ?, ?, ?)",
               &raw->insert);
  /* The sealed record: {"form":…,"citizen_ref":…,"fee_amount_paise":…,"fee_payment_ref":…}
   * plus nonce and tag. */
  raw->payload_len = strlen (FORM) + 90 + 40;
  g_assert (raw->payload_len <= sizeof raw->payload);
  randombytes_buf (raw->payload, raw->payload_len);
}

static void
raw_close (Raw *raw)
{
  sqlite3_finalize (raw->counter_get);
  sqlite3_finalize (raw->counter_put);
  sqlite3_finalize (raw->insert);
  sqlite3_finalize (raw->audit);
  sqlite3_close (raw->db);
}

static void
raw_insert (Raw *raw)
{
  char id[37];
  char ref[40];
  char detail[128];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint8 u[16];

  randombytes_buf (u, sizeof u);
  sodium_bin2hex (id, sizeof id, u, 16);
  raw_check (sqlite3_exec (raw->db, "BEGIN IMMEDIATE", NULL, NULL, NULL), raw, "begin");
  if (raw->kind == RAW_SAME_WRITES)
    {
      sqlite3_bind_text (raw->counter_get, 1, "261130", -1, SQLITE_STATIC);
      raw_check (sqlite3_step (raw->counter_get), raw, "counter");
      sqlite3_reset (raw->counter_get);
      sqlite3_bind_text (raw->counter_put, 1, "261130", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (raw->counter_put, 2, (raw->seq % 9999) + 1);
      raw_check (sqlite3_step (raw->counter_put), raw, "counter");
      sqlite3_reset (raw->counter_put);
    }
  g_snprintf (ref, sizeof ref, "PB-LDH01-01-261130-%06u-X", ++raw->seq);
  sqlite3_bind_text (raw->insert, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (raw->insert, 2, ref, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (raw->insert, 3, "caste-certificate-sc", -1, SQLITE_STATIC);
  sqlite3_bind_text (raw->insert, 4, "2026.11.1", -1, SQLITE_STATIC);
  sqlite3_bind_text (raw->insert, 5, sample_app ().catalog_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (raw->insert, 6, now);
  sqlite3_bind_blob (raw->insert, 7, raw->payload, (int) raw->payload_len, SQLITE_STATIC);
  sqlite3_bind_int64 (raw->insert, 8, now);
  sqlite3_bind_int64 (raw->insert, 9, now);
  raw_check (sqlite3_step (raw->insert), raw, "insert");
  sqlite3_reset (raw->insert);
  if (raw->kind == RAW_SAME_WRITES)
    {
      g_snprintf (detail, sizeof detail, "id=%s ref=%s service=caste-certificate-sc pages=0", id,
                  ref);
      sqlite3_bind_int64 (raw->audit, 1, now);
      sqlite3_bind_text (raw->audit, 2, detail, -1, SQLITE_TRANSIENT);
      raw_check (sqlite3_step (raw->audit), raw, "audit");
      sqlite3_reset (raw->audit);
    }
  raw_check (sqlite3_exec (raw->db, "COMMIT", NULL, NULL, NULL), raw, "commit");
}

static void
bench_metadata (const char *base, guint n, guint rounds)
{
  g_autofree char *dir = g_build_filename (base, "meta", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStore) store = sewa_store_open (dir, NULL, TRUE, &error);
  SewaNewApplication app = sample_app ();
  Raw same = { 0 }, bare = { 0 };
  gint64 store_us = 0, same_us = 0, bare_us = 0;
  guint per_round = n / rounds;
  double store_rate, same_rate, bare_rate;

  if (store == NULL)
    die ("open", error);
  raw_open (&same, RAW_SAME_WRITES, dir, sewa_store_get_db_path (store));
  raw_open (&bare, RAW_BARE, dir, NULL);
  /* Warm all three (file creation, first WAL frames). */
  for (guint i = 0; i < 3; i++)
    {
      if (!sewa_store_enqueue (store, &app, NULL, 0, NULL, NULL, &error))
        die ("enqueue", error);
      raw_insert (&same);
      raw_insert (&bare);
    }
  /* Alternate so that a slow patch of the disk hits all three alike. */
  for (guint r = 0; r < rounds; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      for (guint i = 0; i < per_round; i++)
        if (!sewa_store_enqueue (store, &app, NULL, 0, NULL, NULL, &error))
          die ("enqueue", error);
      store_us += g_get_monotonic_time () - t0;

      t0 = g_get_monotonic_time ();
      for (guint i = 0; i < per_round; i++)
        raw_insert (&same);
      same_us += g_get_monotonic_time () - t0;

      t0 = g_get_monotonic_time ();
      for (guint i = 0; i < per_round; i++)
        raw_insert (&bare);
      bare_us += g_get_monotonic_time () - t0;
    }
  store_rate = (double) (per_round * rounds) / ((double) store_us / G_USEC_PER_SEC);
  same_rate = (double) (per_round * rounds) / ((double) same_us / G_USEC_PER_SEC);
  bare_rate = (double) (per_round * rounds) / ((double) bare_us / G_USEC_PER_SEC);
  printf ("metadata-only enqueue (WAL, synchronous=FULL, one transaction each, n=%u in %u "
          "alternating rounds):\n", per_round * rounds, rounds);
  printf ("  store                                        %7.0f/s\n", store_rate);
  printf ("  raw SQLite, same rows (counter, app, audit)  %7.0f/s  store/raw %.2f  "
          "(target >= 0.80: %s)\n",
          same_rate, store_rate / same_rate, store_rate / same_rate >= 0.8 ? "met" : "NOT met");
  printf ("  raw SQLite, the application row alone        %7.0f/s  store/raw %.2f\n", bare_rate,
          store_rate / bare_rate);
  raw_close (&same);
  raw_close (&bare);
}

int
main (int argc, char **argv)
{
  gboolean quick = FALSE;
  gboolean metadata_only = FALSE;
  const char *dir_arg = NULL;
  g_autofree char *base = NULL;
  g_autoptr (GError) error = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        quick = TRUE;
      else if (g_str_equal (argv[i], "--metadata-only"))
        metadata_only = TRUE;
      else if (g_str_equal (argv[i], "--dir") && i + 1 < argc)
        dir_arg = argv[++i];
      else
        {
          fprintf (stderr, "usage: bench-queue [--quick] [--metadata-only] [--dir DIR]\n");
          return 2;
        }
    }
  if (sodium_init () < 0)
    return 1;
  if (dir_arg != NULL)
    {
      base = g_build_filename (dir_arg, "bench-queue-XXXXXX", NULL);
      if (g_mkdtemp (base) == NULL)
        die ("mkdtemp", NULL);
    }
  else if ((base = g_dir_make_tmp ("bench-queue-XXXXXX", &error)) == NULL)
    die ("mkdtemp", error);

  printf ("bench-queue (%s) in %s, SQLite %s\n", quick ? "quick" : "full", base,
          sqlite3_libversion ());
  if (!metadata_only)
    bench_pages (base, quick ? 5 : 200);
  bench_metadata (base, quick ? 40 : 1000, quick ? 2 : 10);

  {
    g_autofree char *pages = g_build_filename (base, "pages", NULL);
    g_autofree char *meta = g_build_filename (base, "meta", NULL);

    rm_rf (pages);
    rm_rf (meta);
    g_rmdir (base);
  }
  return 0;
}
