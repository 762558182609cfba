/* sewa-vault-doc.c — see sewa-vault-doc.h. */
#include "sewa-vault-doc.h"

SewaVaultDoc *
sewa_vault_doc_new (const char *vault_id, const char *type, const char *added_on, const char *arn)
{
  SewaVaultDoc *doc = g_new0 (SewaVaultDoc, 1);

  doc->vault_id = g_strdup (vault_id);
  doc->type = g_strdup (type);
  doc->added_on = g_strdup (added_on);
  doc->arn = g_strdup (arn);
  return doc;
}

void
sewa_vault_doc_free (SewaVaultDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->vault_id);
  g_free (doc->type);
  g_free (doc->added_on);
  g_free (doc->arn);
  g_free (doc);
}

const SewaVaultDoc *
sewa_vault_docs_find (GPtrArray *docs, const char *const *types)
{
  const SewaVaultDoc *best = NULL;

  for (guint i = 0; docs != NULL && types != NULL && i < docs->len; i++)
    {
      const SewaVaultDoc *d = g_ptr_array_index (docs, i);

      /* Dates compare as text; a later entry of the same date is the newer upload. */
      if (g_strv_contains (types, d->type) && (best == NULL || g_strcmp0 (d->added_on, best->added_on) >= 0))
        best = d;
    }
  return best;
}
