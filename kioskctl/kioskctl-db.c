/* kioskctl db — checks of the offline store a technician can run.
 *
 *   db check   SQLite integrity and foreign keys (needs no key), then with the key: invariants,
 *              every sealed record opens, every stored page decrypts and matches its SHA-256.
 *
 * Exit status: 0 healthy; 1 damage found (each problem on its own line), including applications
 * lost with the write-ahead log (the store is behind its reference mark, or empty next to its
 * key); 3 the check could not run (no database, key missing or wrong), with a hint saying what
 * to do.
 */
#include "kioskctl.h"
#include "sewa-store.h"

#include <stdio.h>

static const char db_usage[] = "usage: kioskctl db [--key FILE] check\n";

static int
db_check (SewaCtlContext *ctx, const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = g_build_filename (ctx->state_dir, "queue.db", NULL);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (SewaStore) store = NULL;
  g_autoptr (SewaStoreCheckReport) report = NULL;
  int status = SEWA_CTL_OK;

  printf ("database: %s\n", db_path);
  problems = sewa_store_check_file (db_path, &error);
  if (problems == NULL)
    {
      sewa_ctl_report_store_error (error, ctx->state_dir);
      return SEWA_CTL_CANNOT_RUN;
    }
  if (problems->len > 0)
    {
      /* Structural damage: report it; the sealed data cannot be checked reliably on top. */
      for (guint i = 0; i < problems->len; i++)
        printf ("problem: %s\n", (const char *) g_ptr_array_index (problems, i));
      printf ("NOT OK: the database file is damaged (%u problem(s)); keep the file, it may "
              "hold applications not yet sent, and call support\n", problems->len);
      return SEWA_CTL_NOT_OK;
    }
  printf ("structure: ok\n");

  store = sewa_ctl_open_store (ctx, key, TRUE, TRUE, &status);
  if (store == NULL)
    {
      if (status == SEWA_CTL_NOT_OK)
        printf ("NOT OK: the queue cannot be trusted (see above); keep every file in the state "
                "directory as it is\n");
      return status;
    }
  printf ("key: ok\n");
  report = sewa_store_check (store, SEWA_STORE_CHECK_ALL, &error);
  if (report == NULL)
    {
      sewa_ctl_report_store_error (error, ctx->state_dir);
      return sewa_ctl_status_for_error (error);
    }
  return sewa_ctl_print_check_report (report);
}

int
sewa_ctl_db (SewaCtlContext *ctx, int argc, char **argv)
{
  g_autofree char *key = sewa_ctl_take_key_option (&argc, argv);

  if (argc == 2 && g_str_equal (argv[1], "check"))
    return db_check (ctx, key);
  fputs (db_usage, stderr);
  return SEWA_CTL_USAGE;
}
