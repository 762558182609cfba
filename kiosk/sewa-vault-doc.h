/* sewa-vault-doc.h — one document in a citizen's portal vault (docs/portal-api.md §4), as the
 * kiosk keeps it for one visit: enough to say "already on file (date)" and to attach it by
 * reference. The list lives in the citizen's session (sewa-session.h) and goes with it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *vault_id; /* ^vd_[0-9a-f]{16}$ */
  char *type;     /* document type code, e.g. "BIRTH" */
  char *added_on; /* "YYYY-MM-DD" (UTC date the portal added it) */
  char *arn;      /* the application that brought it */
} SewaVaultDoc;

SewaVaultDoc *sewa_vault_doc_new (const char *vault_id, const char *type, const char *added_on,
                                  const char *arn) G_GNUC_WARN_UNUSED_RESULT;
void          sewa_vault_doc_free (SewaVaultDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaVaultDoc, sewa_vault_doc_free)

/* The newest document in @docs (SewaVaultDoc*) whose type is one of @types, or NULL. */
const SewaVaultDoc *sewa_vault_docs_find (GPtrArray *docs, const char *const *types);

G_END_DECLS
