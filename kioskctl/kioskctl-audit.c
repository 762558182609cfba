/* kioskctl audit — the audit log's hash chain (kiosk/sewa-audit-chain.h).
 *
 *   audit verify   checks every entry's link to the one before it, from the kiosk's genesis to
 *                  the recorded head, and names the first entry edited, deleted, inserted or
 *                  reordered.
 *
 * Exit status: 0 the chain is intact; 1 it is broken (one line naming the entry); 3 the check
 * could not run (no database, key missing or wrong), with a hint.
 */
#include "kioskctl.h"
#include "sewa-store.h"

#include <stdio.h>

static const char audit_usage[] = "usage: kioskctl audit [--key FILE] verify\n";

static int
audit_verify (SewaCtlContext *ctx, const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStore) store = NULL;
  g_autofree char *message = NULL;
  SewaAuditTamper result = SEWA_AUDIT_INTACT;
  guint n = 0;
  int status = SEWA_CTL_OK;

  store = sewa_ctl_open_store (ctx, key, TRUE, TRUE, &status);
  if (store == NULL)
    return status;
  if (!sewa_store_audit_verify (store, &result, &n, NULL, &message, &error))
    {
      sewa_ctl_report_store_error (error, ctx->state_dir);
      return sewa_ctl_status_for_error (error);
    }
  if (result != SEWA_AUDIT_INTACT)
    {
      printf ("NOT OK: %s\n", message);
      printf ("keep the database file as it is and call support: the portal holds the entries "
              "already sent\n");
      return SEWA_CTL_NOT_OK;
    }
  printf ("audit log: %u entries, chain intact\n", n);
  return SEWA_CTL_OK;
}

int
sewa_ctl_audit (SewaCtlContext *ctx, int argc, char **argv)
{
  g_autofree char *key = sewa_ctl_take_key_option (&argc, argv);

  if (argc == 2 && g_str_equal (argv[1], "verify"))
    return audit_verify (ctx, key);
  fputs (audit_usage, stderr);
  return SEWA_CTL_USAGE;
}
