/* test-audit-chain — kiosk/sewa-audit-chain.c: the hash is pinned to a value computed outside
 * (Python hashlib over the documented fields), so the kiosk and the portal cannot drift apart;
 * and the cases the shell test cannot build with sqlite3 alone: an attacker who computes the
 * hashes of what they insert or rewrite, a moved entry further away, the first entry deleted. */
#include "sewa-audit-chain.h"

#include <string.h>

#define N 8
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  SewaAuditLink links[N + 1];
  char *hashes[N + 1];
  char *details[N + 1];
  gsize n;
} Log;

static void
log_build (Log *log, gsize n)
{
  const char *prev = GENESIS;

  log->n = n;
  for (gsize i = 0; i < n; i++)
    {
      log->details[i] = g_strdup_printf ("n=%" G_GSIZE_FORMAT, i + 1);
      log->hashes[i] = sewa_audit_hash (prev, 1700000000 + (gint64) i, i % 2 ? "asha" : "",
                                        "test.entry", log->details[i]);
      log->links[i] = (SewaAuditLink) { .id = (gint64) i + 1, .at = 1700000000 + (gint64) i,
                                        .actor = i % 2 ? "asha" : "", .event = "test.entry",
                                        .detail = log->details[i], .prev_hash = prev,
                                        .hash = log->hashes[i] };
      prev = log->hashes[i];
    }
}

static void
log_clear (Log *log)
{
  for (gsize i = 0; i < N + 1; i++)
    {
      g_free (log->hashes[i]);
      g_free (log->details[i]);
    }
}

static SewaAuditTamper
check (Log *log, gint64 *out_id)
{
  g_autofree char *message = NULL;
  SewaAuditTamper r = sewa_audit_chain_verify (log->links, log->n, GENESIS,
                                               log->n > 0 ? log->links[log->n - 1].hash : GENESIS,
                                               out_id, &message);

  g_test_message ("%s", message != NULL ? message : "intact");
  g_assert_true ((r == SEWA_AUDIT_INTACT) == (message == NULL));
  return r;
}

static void
test_hash_pinned (void)
{
  g_autofree char *h = sewa_audit_hash (GENESIS, 1700000000, "asha", "operator.login", "");
  g_autofree char *g = sewa_audit_genesis_new ();

  g_assert_cmpstr (h, ==, "ca3da7b5e16b0dbbc224118cddbd23670408a9303e493fc94a098082c21a0c91");
  g_assert_true (sewa_audit_hash_is_valid (g));
  g_assert_null (sewa_audit_hash ("not-a-hash", 1, "", "e", ""));
  g_assert_false (sewa_audit_hash_is_valid ("CA3DA7B5E16B0DBBC224118CDDBD23670408A9303E493FC94A098082C21A0C91"));
  /* Field boundaries count: moving text between actor and event changes the hash. */
  {
    g_autofree char *a = sewa_audit_hash (GENESIS, 1, "ab", "c", "");
    g_autofree char *b = sewa_audit_hash (GENESIS, 1, "a", "bc", "");

    g_assert_cmpstr (a, !=, b);
  }
}

static void
test_intact (void)
{
  Log log = { 0 };
  gint64 id = -1;

  log_build (&log, N);
  g_assert_cmpint (check (&log, &id), ==, SEWA_AUDIT_INTACT);
  log.n = 0;
  g_assert_cmpint (check (&log, &id), ==, SEWA_AUDIT_INTACT);
  log_clear (&log);
}

/* An attacker who knows the hash: entry 4 rewritten with a hash that fits its new content. The
 * entry after it no longer links, and there is no gap in the numbers: entry 4 is named. */
static void
test_rewritten_with_hash (void)
{
  Log log = { 0 };
  gint64 id = 0;

  log_build (&log, N);
  log.links[3].detail = "n=rewritten";
  log.hashes[N] = sewa_audit_hash (log.links[3].prev_hash, log.links[3].at, log.links[3].actor,
                                   log.links[3].event, log.links[3].detail);
  log.links[3].hash = log.hashes[N];
  g_assert_cmpint (check (&log, &id), ==, SEWA_AUDIT_EDITED);
  g_assert_cmpint (id, ==, 4);
  log_clear (&log);
}

/* An entry inserted with a correct link and hash after entry 5: the one after it still links
 * to entry 5. */
static void
test_inserted_with_hash (void)
{
  Log log = { 0 };
  gint64 id = 0;

  log_build (&log, N);
  memmove (&log.links[6], &log.links[5], (N - 5) * sizeof (SewaAuditLink));
  log.hashes[N] = sewa_audit_hash (log.links[4].hash, 1, "bilal", "test.entry", "forged");
  log.links[5] = (SewaAuditLink) { .id = 6, .at = 1, .actor = "bilal", .event = "test.entry",
                                   .detail = "forged", .prev_hash = log.links[4].hash,
                                   .hash = log.hashes[N] };
  for (gsize i = 6; i < N + 1; i++)
    log.links[i].id++;
  log.n = N + 1;
  g_assert_cmpint (check (&log, &id), ==, SEWA_AUDIT_INSERTED);
  g_assert_cmpint (id, ==, 6);
  log_clear (&log);
}

static void
test_first_deleted (void)
{
  Log log = { 0 };
  gint64 id = 0;

  log_build (&log, N);
  memmove (&log.links[0], &log.links[1], (N - 1) * sizeof (SewaAuditLink));
  log.n = N - 1;
  g_assert_cmpint (check (&log, &id), ==, SEWA_AUDIT_DELETED);
  g_assert_cmpint (id, ==, 2);
  log_clear (&log);
}

/* Entry 2 moved to the end (renumbered 8; the rest moved up): entry 2's place now holds entry
 * 3, which was written after entry 2, so it is out of order. */
static void
test_moved_far (void)
{
  Log log = { 0 };
  SewaAuditLink moved;
  gint64 id = 0;

  log_build (&log, N);
  moved = log.links[1];
  memmove (&log.links[1], &log.links[2], (N - 2) * sizeof (SewaAuditLink));
  log.links[N - 1] = moved;
  for (gsize i = 0; i < N; i++)
    log.links[i].id = (gint64) i + 1;
  g_assert_cmpint (check (&log, &id), ==, SEWA_AUDIT_REORDERED);
  g_assert_cmpint (id, ==, 2);
  log_clear (&log);
}

/* Everything deleted: the head recorded by the store still names the old last entry. */
static void
test_all_deleted (void)
{
  g_autofree char *message = NULL;
  g_autofree char *head = sewa_audit_hash (GENESIS, 1, "", "e", "");
  gint64 id = -1;

  g_assert_cmpint (sewa_audit_chain_verify (NULL, 0, GENESIS, head, &id, &message), ==,
                   SEWA_AUDIT_DELETED);
  g_assert_cmpint (id, ==, 0);
  g_assert_nonnull (strstr (message, "after entry 0"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit-chain/hash-pinned", test_hash_pinned);
  g_test_add_func ("/audit-chain/intact", test_intact);
  g_test_add_func ("/audit-chain/rewritten-with-hash", test_rewritten_with_hash);
  g_test_add_func ("/audit-chain/inserted-with-hash", test_inserted_with_hash);
  g_test_add_func ("/audit-chain/first-deleted", test_first_deleted);
  g_test_add_func ("/audit-chain/moved-far", test_moved_far);
  g_test_add_func ("/audit-chain/all-deleted", test_all_deleted);
  return g_test_run ();
}
