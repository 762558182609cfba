/* sewa-audit-chain.h — the audit log as a hash chain (issue #18): each entry carries the SHA-256
 * of the entry before it, the first one a per-kiosk genesis value. One definition of the hash for
 * the kiosk's store, `kioskctl audit verify` and the portal (portal-sim), so all three agree.
 *
 * An entry's hash covers the previous entry's hash, its time, who did it (the operator id, or ""
 * for the kiosk itself), its event and its detail, with NUL separators (none of the fields can
 * hold a NUL), so changing, removing, adding or moving an entry breaks the chain where it
 * happened. The entry's number (its id) is not hashed: the links carry the order.
 *
 * What the chain does not stop: someone who can write the database and recomputes every hash
 * after the one they changed. The copy sent to the portal (in order, with the links) is what
 * catches that.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_AUDIT_HASH_HEX_LEN 64

/* TRUE when @hex is 64 lowercase hex digits. */
gboolean sewa_audit_hash_is_valid (const char *hex);

/* The entry's hash as 64 lowercase hex digits; NULL when @prev_hash is not a valid hash. */
char *sewa_audit_hash (const char *prev_hash, gint64 at, const char *actor, const char *event,
                       const char *detail) G_GNUC_WARN_UNUSED_RESULT;

/* A fresh random genesis value (a valid hash) for a new audit log. */
char *sewa_audit_genesis_new (void) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  gint64 id;
  gint64 at;
  const char *actor;
  const char *event;
  const char *detail;
  const char *prev_hash; /* as stored; may be NULL or anything after tampering */
  const char *hash;
} SewaAuditLink;

typedef enum
{
  SEWA_AUDIT_INTACT,
  SEWA_AUDIT_EDITED,    /* the entry's content no longer matches its hash */
  SEWA_AUDIT_DELETED,   /* entries before this one (or at the end) are missing */
  SEWA_AUDIT_INSERTED,  /* the entry was not written by the kiosk in this place */
  SEWA_AUDIT_REORDERED, /* the entry is intact but belongs elsewhere in the log */
} SewaAuditTamper;

/* Checks @links (ordered by id) against @genesis and, when not NULL, @head (the hash of the
 * last entry as the store recorded it, which catches entries deleted from the end). Returns
 * the first problem; *out_id (nullable) is the entry it names (for a deletion at the end, the
 * last entry left, 0 when none is left) and *out_message (nullable) a sentence for a technician
 * naming it. */
SewaAuditTamper sewa_audit_chain_verify (const SewaAuditLink *links, gsize n_links,
                                         const char *genesis, const char *head, gint64 *out_id,
                                         char **out_message);

G_END_DECLS
