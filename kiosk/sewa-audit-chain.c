/* sewa-audit-chain.c — the audit hash chain: one hash definition, and the check that names the
 * first entry edited, deleted, inserted or reordered. */
#include "sewa-audit-chain.h"

#include <string.h>

gboolean
sewa_audit_hash_is_valid (const char *hex)
{
  if (hex == NULL || strlen (hex) != SEWA_AUDIT_HASH_HEX_LEN)
    return FALSE;
  for (const char *p = hex; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static void
checksum_field (GChecksum *sum, const char *s)
{
  /* The separator includes the terminating NUL, so ("ab", "c") and ("a", "bc") differ. */
  s = s != NULL ? s : "";
  g_checksum_update (sum, (const guchar *) s, (gssize) strlen (s) + 1);
}

char *
sewa_audit_hash (const char *prev_hash, gint64 at, const char *actor, const char *event,
                 const char *detail)
{
  g_autoptr (GChecksum) sum = NULL;
  char at_text[32];

  if (!sewa_audit_hash_is_valid (prev_hash))
    return NULL;
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_snprintf (at_text, sizeof at_text, "%" G_GINT64_FORMAT, at);
  checksum_field (sum, "sewa-audit-1");
  checksum_field (sum, prev_hash);
  checksum_field (sum, at_text);
  checksum_field (sum, actor);
  checksum_field (sum, event);
  checksum_field (sum, detail);
  return g_strdup (g_checksum_get_string (sum));
}

char *
sewa_audit_genesis_new (void)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint32 r[8];

  /* Unpredictable enough to make each kiosk's chain its own; it is not a secret (the portal
   * learns it with the first entry). */
  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    r[i] = g_random_int ();
  g_checksum_update (sum, (const guchar *) r, sizeof r);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
str_eq (const char *a, const char *b)
{
  return a != NULL && b != NULL && strcmp (a, b) == 0;
}

static SewaAuditTamper
found (SewaAuditTamper what, gint64 id, char *message, gint64 *out_id, char **out_message)
{
  if (out_id != NULL)
    *out_id = id;
  if (out_message != NULL)
    *out_message = message;
  else
    g_free (message);
  return what;
}

SewaAuditTamper
sewa_audit_chain_verify (const SewaAuditLink *links, gsize n_links, const char *genesis,
                         const char *head, gint64 *out_id, char **out_message)
{
  g_autoptr (GHashTable) position = g_hash_table_new (g_str_hash, g_str_equal);
  const char *expected_prev = genesis;

  if (out_id != NULL)
    *out_id = 0;
  if (out_message != NULL)
    *out_message = NULL;

  /* Where each stored hash sits, to tell a moved entry from a missing one. */
  for (gsize i = 0; i < n_links; i++)
    if (sewa_audit_hash_is_valid (links[i].hash))
      g_hash_table_insert (position, (gpointer) links[i].hash, GSIZE_TO_POINTER (i + 1));

  for (gsize i = 0; i < n_links; i++)
    {
      const SewaAuditLink *e = &links[i];
      const SewaAuditLink *next = i + 1 < n_links ? &links[i + 1] : NULL;
      g_autofree char *computed = sewa_audit_hash (e->prev_hash, e->at, e->actor, e->event,
                                                   e->detail);
      gboolean content_ok = str_eq (computed, e->hash);
      gboolean link_ok = str_eq (e->prev_hash, expected_prev);
      gsize j = 0;

      if (content_ok && link_ok)
        {
          expected_prev = e->hash;
          continue;
        }
      if (content_ok && e->prev_hash != NULL)
        j = GPOINTER_TO_SIZE (g_hash_table_lookup (position, e->prev_hash));

      /* Intact, but it follows an entry further down: it was moved up. */
      if (content_ok && j > i)
        return found (SEWA_AUDIT_REORDERED, e->id,
                      g_strdup_printf ("audit entry %" G_GINT64_FORMAT " is out of order "
                                       "(reordered): it was written after entry %" G_GINT64_FORMAT,
                                       e->id, links[j - 1].id),
                      out_id, out_message);
      /* The chain goes on past this entry as if it were not there. */
      if ((next != NULL && str_eq (next->prev_hash, expected_prev)) || (!content_ok && !link_ok))
        return found (SEWA_AUDIT_INSERTED, e->id,
                      g_strdup_printf ("audit entry %" G_GINT64_FORMAT " was inserted: the kiosk "
                                       "did not write it there", e->id),
                      out_id, out_message);
      if (!content_ok)
        return found (SEWA_AUDIT_EDITED, e->id,
                      g_strdup_printf ("audit entry %" G_GINT64_FORMAT " was edited: its content "
                                       "no longer matches its hash", e->id),
                      out_id, out_message);
      /* Intact, linked to the entry two back: the one in between (with a hash that fits) was
       * added. */
      if (i >= 2 && j == i - 1)
        return found (SEWA_AUDIT_INSERTED, links[i - 1].id,
                      g_strdup_printf ("audit entry %" G_GINT64_FORMAT " was inserted: the kiosk "
                                       "did not write it there", links[i - 1].id),
                      out_id, out_message);
      if (j != 0)
        return found (SEWA_AUDIT_REORDERED, e->id,
                      g_strdup_printf ("audit entry %" G_GINT64_FORMAT " is out of order "
                                       "(reordered): it was written after entry %" G_GINT64_FORMAT,
                                       e->id, links[j - 1].id),
                      out_id, out_message);
      /* It follows an entry that is not there. The kiosk numbers entries without gaps, so with
       * no gap the entry before was rewritten (hash and all); with a gap, entries went. */
      if (i > 0 && e->id == links[i - 1].id + 1)
        return found (SEWA_AUDIT_EDITED, links[i - 1].id,
                      g_strdup_printf ("audit entry %" G_GINT64_FORMAT " was edited: it was "
                                       "rewritten with a new hash", links[i - 1].id),
                      out_id, out_message);
      return found (SEWA_AUDIT_DELETED, e->id,
                    g_strdup_printf ("audit entries before entry %" G_GINT64_FORMAT " were "
                                     "deleted: the entry it follows is missing", e->id),
                    out_id, out_message);
    }

  if (head != NULL && !str_eq (head, expected_prev))
    {
      gint64 last = n_links > 0 ? links[n_links - 1].id : 0;

      return found (SEWA_AUDIT_DELETED, last,
                    g_strdup_printf ("audit entries after entry %" G_GINT64_FORMAT " were "
                                     "deleted: the log ends before its last recorded entry", last),
                    out_id, out_message);
    }
  return SEWA_AUDIT_INTACT;
}
