/* kioskctl queue — the operator's view of the outbox: list, show, retry, quarantine, purge,
 * export and verify. Citizen data (form contents, citizen reference, page metadata) is shown
 * or exported only with --with-pii, and each such disclosure is written to the audit log. */
#include "kioskctl.h"
#include "sewa-store.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char queue_usage[] =
  "usage: kioskctl queue [--key FILE] COMMAND\n"
  "  list [--state STATE]             applications, oldest first\n"
  "  show ID|REF [--with-pii]         one application (citizen data only with --with-pii)\n"
  "  retry ID|REF                     send again now (quarantined or waiting ones)\n"
  "  quarantine ID|REF REASON…        hold it for an operator\n"
  "  purge [--days N]                 delete pages of applications acknowledged N days ago\n"
  "  export [--state STATE] [--with-pii]  JSON on stdout (no citizen data unless --with-pii)\n"
  "  verify [ID|REF]                  decrypt and hash-check records and pages\n";

/* Prints what a technician or operator can do about a store error. */
void
sewa_ctl_report_store_error (const GError *error, const char *state_dir)
{
  fprintf (stderr, "kioskctl: %s\n", error->message);
  if (error->domain != SEWA_STORE_ERROR)
    return;
  switch ((SewaStoreError) error->code)
    {
    case SEWA_STORE_ERROR_KEY_MISSING:
      fprintf (stderr, "hint: restore the kiosk's store.key into %s from the provisioning "
                       "backup; do not create a new key or delete the database\n", state_dir);
      break;
    case SEWA_STORE_ERROR_KEY_MISMATCH:
      fprintf (stderr, "hint: this key belongs to another kiosk or an earlier installation; "
                       "restore this kiosk's own store.key\n");
      break;
    case SEWA_STORE_ERROR_KEY_INVALID:
      fprintf (stderr, "hint: the key file is damaged or has wrong permissions; restore it "
                       "from the provisioning backup (mode 0600)\n");
      break;
    case SEWA_STORE_ERROR_CORRUPT:
      fprintf (stderr, "hint: run 'kioskctl db check' for details; keep the database file "
                       "(it may hold applications not yet sent) and call support\n");
      break;
    case SEWA_STORE_ERROR_NO_SPACE:
      fprintf (stderr, "hint: free disk space on the partition holding %s\n", state_dir);
      break;
    case SEWA_STORE_ERROR_BUSY:
      fprintf (stderr, "hint: the kiosk is busy writing; try again in a minute\n");
      break;
    case SEWA_STORE_ERROR_TOO_NEW:
      fprintf (stderr, "hint: install the kiosk software version that wrote this database\n");
      break;
    case SEWA_STORE_ERROR_DATA_LOST:
      fprintf (stderr, "hint: do not start the kiosk on this queue: restore queue.db, "
                       "queue.db-wal and store.mark in %s together from the kiosk's backup, or "
                       "call support (a fresh queue would reissue references already printed "
                       "on receipts)\n", state_dir);
      break;
    case SEWA_STORE_ERROR_IO:
    case SEWA_STORE_ERROR_NOT_FOUND:
    case SEWA_STORE_ERROR_INVALID_STATE:
    case SEWA_STORE_ERROR_INVALID_INPUT:
    case SEWA_STORE_ERROR_REFERENCES_EXHAUSTED:
    case SEWA_STORE_ERROR_NOT_SENT:
    default:
      break;
    }
}

int
sewa_ctl_status_for_error (const GError *error)
{
  if (error->domain == SEWA_STORE_ERROR &&
      (error->code == SEWA_STORE_ERROR_CORRUPT || error->code == SEWA_STORE_ERROR_NOT_FOUND ||
       error->code == SEWA_STORE_ERROR_INVALID_STATE))
    return SEWA_CTL_NOT_OK;
  return SEWA_CTL_CANNOT_RUN;
}

SewaStore *
sewa_ctl_open_store (SewaCtlContext *ctx, const char *key_path, gboolean read_only,
                     gboolean damage_is_finding, int *out_status)
{
  g_autoptr (GError) error = NULL;
  SewaStoreOptions opts = { 0 };
  SewaStore *store;

  opts.state_dir = ctx->state_dir;
  opts.key_path = key_path;
  opts.read_only = read_only;
  opts.centre_code = ctx->config->centre_code;
  opts.kiosk_number = ctx->config->kiosk_number;
  /* kioskctl never creates a key: that is provisioning's job, and a key made here would
   * not be the one the kiosk's queue was written with. */
  opts.create_key = FALSE;
  store = sewa_store_open_full (&opts, &error);
  if (store == NULL)
    {
      sewa_ctl_report_store_error (error, ctx->state_dir);
      /* A queue that cannot be opened is "cannot run" for the commands that use it; only a
       * check (db check) reports the damage it found as its finding. */
      *out_status = damage_is_finding && error->domain == SEWA_STORE_ERROR &&
                        (error->code == SEWA_STORE_ERROR_CORRUPT ||
                         error->code == SEWA_STORE_ERROR_DATA_LOST)
                      ? SEWA_CTL_NOT_OK
                      : SEWA_CTL_CANNOT_RUN;
    }
  return store;
}

/* Removes "--key FILE" from argv (anywhere after the group name). */
char *
sewa_ctl_take_key_option (int *argc, char **argv)
{
  for (int i = 1; i + 1 < *argc; i++)
    if (g_str_equal (argv[i], "--key"))
      {
        char *key = g_strdup (argv[i + 1]);

        memmove (&argv[i], &argv[i + 2], sizeof (char *) * (size_t) (*argc - i - 2));
        *argc -= 2;
        argv[*argc] = NULL;
        return key;
      }
  return NULL;
}

static char *
format_time (gint64 t)
{
  g_autoptr (GDateTime) dt = NULL;

  if (t == 0)
    return g_strdup ("-");
  dt = g_date_time_new_from_unix_local (t);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static gboolean
parse_state_option (int argc, char **argv, int *out_state)
{
  *out_state = -1;
  for (int i = 2; i < argc; i++)
    if (g_str_equal (argv[i], "--state"))
      {
        SewaAppState st;

        if (i + 1 >= argc || !sewa_app_state_from_string (argv[i + 1], &st))
          {
            fprintf (stderr, "kioskctl: --state takes one of queued, uploading, submitted, "
                             "acknowledged, rejected, quarantined\n");
            return FALSE;
          }
        *out_state = (int) st;
      }
  return TRUE;
}

static gboolean
has_flag (int argc, char **argv, const char *flag)
{
  for (int i = 2; i < argc; i++)
    if (g_str_equal (argv[i], flag))
      return TRUE;
  return FALSE;
}

static int
cmd_list (SewaStore *store, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) apps = NULL;
  int state;

  if (!parse_state_option (argc, argv, &state))
    return SEWA_CTL_USAGE;
  apps = sewa_store_list (store, state, FALSE, &error);
  if (apps == NULL)
    {
      sewa_ctl_report_store_error (error, "");
      return sewa_ctl_status_for_error (error);
    }
  printf ("%-36s  %-26s  %-24s  %-12s  %5s  %-19s  %-19s  %s\n", "ID", "REFERENCE", "SERVICE",
          "STATE", "TRIES", "CREATED", "NEXT ATTEMPT", "LAST ERROR");
  for (guint i = 0; i < apps->len; i++)
    {
      SewaAppRecord *a = g_ptr_array_index (apps, i);
      g_autofree char *created = format_time (a->created_at);
      g_autofree char *next = sewa_app_state_is_final (a->state) ||
                                  a->state == SEWA_APP_QUARANTINED
                                ? g_strdup ("-")
                                : format_time (a->next_attempt_at);

      printf ("%-36s  %-26s  %-24s  %-12s  %5u  %-19s  %-19s  %s\n", a->id, a->reference,
              a->service_id, sewa_app_state_to_string (a->state), a->attempt_count, created,
              next, a->last_error != NULL ? a->last_error : "");
    }
  return SEWA_CTL_OK;
}

static void
add_string_or_null (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_time (JsonBuilder *b, const char *name, gint64 t)
{
  json_builder_set_member_name (b, name);
  if (t != 0)
    json_builder_add_int_value (b, t);
  else
    json_builder_add_null_value (b);
}

/* The export format: everything in clear, plus the sealed citizen data only with PII. */
static void
build_application (JsonBuilder *b, SewaAppRecord *a)
{
  json_builder_begin_object (b);
  add_string_or_null (b, "id", a->id);
  add_string_or_null (b, "reference", a->reference);
  add_string_or_null (b, "service_id", a->service_id);
  add_string_or_null (b, "catalog_version", a->catalog_version);
  add_string_or_null (b, "catalog_hash", a->catalog_hash);
  add_string_or_null (b, "state", sewa_app_state_to_string (a->state));
  add_string_or_null (b, "fee_state", sewa_fee_state_to_string (a->fee_state));
  json_builder_set_member_name (b, "attempt_count");
  json_builder_add_int_value (b, a->attempt_count);
  add_time (b, "next_attempt_at", a->next_attempt_at);
  add_time (b, "lease_until", a->lease_until);
  add_string_or_null (b, "last_error", a->last_error);
  add_string_or_null (b, "arn", a->arn);
  add_string_or_null (b, "corrects", a->corrects);
  add_time (b, "created_at", a->created_at);
  add_time (b, "updated_at", a->updated_at);
  add_time (b, "submitted_at", a->submitted_at);
  add_time (b, "acknowledged_at", a->acknowledged_at);
  add_time (b, "pages_purged_at", a->pages_purged_at);
  json_builder_set_member_name (b, "pages");
  json_builder_begin_array (b);
  for (guint i = 0; i < a->pages->len; i++)
    {
      SewaAppPage *p = g_ptr_array_index (a->pages, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, p->index);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, p->size);
      json_builder_set_member_name (b, "purged");
      json_builder_add_boolean_value (b, p->purged);
      add_string_or_null (b, "upload_id", p->upload_id);
      json_builder_set_member_name (b, "confirmed_offset");
      json_builder_add_int_value (b, p->confirmed_offset);
      if (a->has_pii)
        {
          add_string_or_null (b, "sha256", p->sha256);
          add_string_or_null (b, "document_id", p->document_id);
          add_string_or_null (b, "doc_type", p->doc_type);
          add_string_or_null (b, "mime_type", p->mime_type);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (a->has_pii)
    {
      g_autoptr (JsonNode) form = json_from_string (a->form_json, NULL);

      json_builder_set_member_name (b, "form");
      if (form != NULL)
        json_builder_add_value (b, g_steal_pointer (&form));
      else
        json_builder_add_null_value (b);
      add_string_or_null (b, "citizen_ref", a->citizen_ref);
      json_builder_set_member_name (b, "fee_amount_paise");
      json_builder_add_int_value (b, a->fee_amount_paise);
      add_string_or_null (b, "fee_payment_ref", a->fee_payment_ref);
    }
  json_builder_end_object (b);
}

static gboolean
audit_disclosure (SewaStore *store, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = g_strdup_printf ("%s by kioskctl (uid %u)", what, (guint) getuid ());

  /* No audit line, no disclosure. */
  if (!sewa_store_audit (store, "pii_disclosed", detail, &error))
    {
      sewa_ctl_report_store_error (error, "");
      return FALSE;
    }
  return TRUE;
}

static int
cmd_show (SewaStore *store, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) a = NULL;
  g_autofree char *created = NULL, *updated = NULL, *next = NULL, *submitted = NULL;
  g_autofree char *acked = NULL, *purged = NULL, *lease = NULL;
  gboolean with_pii = has_flag (argc, argv, "--with-pii");

  if (argc < 3 || argv[2][0] == '-')
    {
      fputs (queue_usage, stderr);
      return SEWA_CTL_USAGE;
    }
  if (with_pii)
    {
      g_autofree char *what = g_strdup_printf ("show %s", argv[2]);

      if (!audit_disclosure (store, what))
        return SEWA_CTL_CANNOT_RUN;
    }
  a = sewa_store_get (store, argv[2], with_pii, &error);
  if (a == NULL)
    {
      sewa_ctl_report_store_error (error, "");
      return sewa_ctl_status_for_error (error);
    }
  created = format_time (a->created_at);
  updated = format_time (a->updated_at);
  next = format_time (a->next_attempt_at);
  submitted = format_time (a->submitted_at);
  acked = format_time (a->acknowledged_at);
  purged = format_time (a->pages_purged_at);
  lease = format_time (a->lease_until);
  printf ("id:              %s\n", a->id);
  printf ("reference:       %s\n", a->reference);
  printf ("service:         %s (catalog %s, %.12s…)\n", a->service_id, a->catalog_version,
          a->catalog_hash);
  printf ("state:           %s\n", sewa_app_state_to_string (a->state));
  printf ("fee:             %s\n", sewa_fee_state_to_string (a->fee_state));
  printf ("portal ARN:      %s\n", a->arn != NULL ? a->arn : "-");
  printf ("attempts:        %u\n", a->attempt_count);
  printf ("next attempt:    %s\n", next);
  printf ("lease until:     %s\n", lease);
  printf ("last error:      %s\n", a->last_error != NULL ? a->last_error : "-");
  printf ("corrects:        %s\n", a->corrects != NULL ? a->corrects : "-");
  printf ("created:         %s\n", created);
  printf ("updated:         %s\n", updated);
  printf ("submitted:       %s\n", submitted);
  printf ("acknowledged:    %s\n", acked);
  printf ("pages purged:    %s\n", purged);
  printf ("pages:           %u\n", a->n_pages);
  for (guint i = 0; i < a->pages->len; i++)
    {
      SewaAppPage *p = g_ptr_array_index (a->pages, i);

      printf ("  %u: %" G_GINT64_FORMAT " bytes%s, uploaded %" G_GINT64_FORMAT "%s%s",
              p->index, p->size, p->purged ? " (purged)" : "", p->confirmed_offset,
              p->upload_id != NULL ? " upload " : "", p->upload_id != NULL ? p->upload_id : "");
      if (a->has_pii)
        printf ("  %s %s %s sha256 %s", p->document_id, p->doc_type != NULL ? p->doc_type : "-",
                p->mime_type, p->sha256);
      putchar ('\n');
    }
  if (a->has_pii)
    {
      printf ("citizen:         %s\n", a->citizen_ref != NULL ? a->citizen_ref : "-");
      printf ("fee amount:      %" G_GINT64_FORMAT " paise (%s)\n", a->fee_amount_paise,
              a->fee_payment_ref != NULL ? a->fee_payment_ref : "-");
      printf ("form:            %s\n", a->form_json);
    }
  return SEWA_CTL_OK;
}

static int
cmd_retry (SewaStore *store, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaAppRecord) a = NULL;

  if (argc != 3)
    {
      fputs (queue_usage, stderr);
      return SEWA_CTL_USAGE;
    }
  if (!sewa_store_operator_retry (store, argv[2], &error) ||
      (a = sewa_store_get (store, argv[2], FALSE, &error)) == NULL)
    {
      sewa_ctl_report_store_error (error, "");
      return sewa_ctl_status_for_error (error);
    }
  printf ("%s\t%s\n", a->reference, sewa_app_state_to_string (a->state));
  return SEWA_CTL_OK;
}

static int
cmd_quarantine (SewaStore *store, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = NULL;

  if (argc < 4)
    {
      fputs (queue_usage, stderr);
      return SEWA_CTL_USAGE;
    }
  reason = g_strjoinv (" ", argv + 3);
  if (!sewa_store_quarantine (store, argv[2], reason, &error))
    {
      sewa_ctl_report_store_error (error, "");
      return sewa_ctl_status_for_error (error);
    }
  printf ("%s\tquarantined\n", argv[2]);
  return SEWA_CTL_OK;
}

static int
cmd_purge (SewaCtlContext *ctx, SewaStore *store, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  guint days = ctx->config->document_retention_days;
  guint n = 0;

  for (int i = 2; i < argc; i++)
    {
      guint64 v;

      if (g_str_equal (argv[i], "--days") && i + 1 < argc &&
          g_ascii_string_to_unsigned (argv[i + 1], 10, 0, 3650, &v, NULL))
        {
          days = (guint) v;
          i++;
        }
      else
        {
          fputs (queue_usage, stderr);
          return SEWA_CTL_USAGE;
        }
    }
  if (!sewa_store_purge_documents (store, g_get_real_time () / G_USEC_PER_SEC, days, &n, &error))
    {
      sewa_ctl_report_store_error (error, ctx->state_dir);
      return sewa_ctl_status_for_error (error);
    }
  printf ("purged the pages of %u acknowledged application(s) older than %u day(s)\n", n, days);
  return SEWA_CTL_OK;
}

static int
cmd_export (SewaStore *store, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) apps = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gboolean with_pii = has_flag (argc, argv, "--with-pii");
  int state;

  if (!parse_state_option (argc, argv, &state))
    return SEWA_CTL_USAGE;
  if (with_pii && !audit_disclosure (store, "export"))
    return SEWA_CTL_CANNOT_RUN;
  apps = sewa_store_list (store, state, with_pii, &error);
  if (apps == NULL)
    {
      sewa_ctl_report_store_error (error, "");
      return sewa_ctl_status_for_error (error);
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "with_pii");
  json_builder_add_boolean_value (b, with_pii);
  json_builder_set_member_name (b, "applications");
  json_builder_begin_array (b);
  for (guint i = 0; i < apps->len; i++)
    build_application (b, g_ptr_array_index (apps, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  puts (text);
  return SEWA_CTL_OK;
}

static int
print_report (SewaStoreCheckReport *report)
{
  for (guint i = 0; i < report->problems->len; i++)
    printf ("problem: %s\n", (const char *) g_ptr_array_index (report->problems, i));
  if (report->problems->len > 0)
    {
      printf ("NOT OK: %u problem(s)\n", report->problems->len);
      return SEWA_CTL_NOT_OK;
    }
  printf ("ok: %u application(s), %u stored page(s) verified\n", report->n_applications,
          report->n_pages);
  return SEWA_CTL_OK;
}

static int
cmd_verify (SewaStore *store, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  if (argc == 3)
    {
      g_autoptr (SewaAppRecord) a = sewa_store_get (store, argv[2], TRUE, &error);

      if (a == NULL)
        {
          sewa_ctl_report_store_error (error, "");
          return sewa_ctl_status_for_error (error);
        }
      for (guint i = 0; i < a->pages->len; i++)
        {
          SewaAppPage *p = g_ptr_array_index (a->pages, i);
          g_autoptr (GBytes) bytes = NULL;

          if (p->purged)
            continue;
          bytes = sewa_store_read_page (store, p->sha256, &error);
          if (bytes == NULL)
            {
              printf ("problem: page %u: %s\n", p->index, error->message);
              return SEWA_CTL_NOT_OK;
            }
        }
      printf ("ok: %s (%s), record and %u page(s) verified\n", a->id, a->reference,
              a->pages->len);
      return SEWA_CTL_OK;
    }
  if (argc == 2)
    {
      g_autoptr (SewaStoreCheckReport) report =
        sewa_store_check (store, SEWA_STORE_CHECK_RECORDS | SEWA_STORE_CHECK_PAGES, &error);

      if (report == NULL)
        {
          sewa_ctl_report_store_error (error, "");
          return sewa_ctl_status_for_error (error);
        }
      return print_report (report);
    }
  fputs (queue_usage, stderr);
  return SEWA_CTL_USAGE;
}

int
sewa_ctl_print_check_report (SewaStoreCheckReport *report)
{
  return print_report (report);
}

int
sewa_ctl_queue (SewaCtlContext *ctx, int argc, char **argv)
{
  g_autofree char *key = sewa_ctl_take_key_option (&argc, argv);
  g_autoptr (SewaStore) store = NULL;
  const char *cmd;
  gboolean writes;
  int status = SEWA_CTL_OK;

  if (argc < 2 || g_str_equal (argv[1], "--help"))
    {
      fputs (queue_usage, argc < 2 ? stderr : stdout);
      return argc < 2 ? SEWA_CTL_USAGE : SEWA_CTL_OK;
    }
  cmd = argv[1];
  if (!g_str_equal (cmd, "list") && !g_str_equal (cmd, "show") && !g_str_equal (cmd, "retry") &&
      !g_str_equal (cmd, "quarantine") && !g_str_equal (cmd, "purge") &&
      !g_str_equal (cmd, "export") && !g_str_equal (cmd, "verify"))
    {
      fprintf (stderr, "kioskctl: unknown queue command '%s'\n", cmd);
      fputs (queue_usage, stderr);
      return SEWA_CTL_USAGE;
    }
  /* Inspection opens read-only; anything that changes the queue or writes the audit log
   * (a disclosure of citizen data) opens read-write. */
  writes = g_str_equal (cmd, "retry") || g_str_equal (cmd, "quarantine") ||
           g_str_equal (cmd, "purge") || has_flag (argc, argv, "--with-pii");
  store = sewa_ctl_open_store (ctx, key, !writes, g_str_equal (cmd, "verify"), &status);
  if (store == NULL)
    return status;

  if (g_str_equal (cmd, "list"))
    return cmd_list (store, argc, argv);
  if (g_str_equal (cmd, "show"))
    return cmd_show (store, argc, argv);
  if (g_str_equal (cmd, "retry"))
    return cmd_retry (store, argc, argv);
  if (g_str_equal (cmd, "quarantine"))
    return cmd_quarantine (store, argc, argv);
  if (g_str_equal (cmd, "purge"))
    return cmd_purge (ctx, store, argc, argv);
  if (g_str_equal (cmd, "export"))
    return cmd_export (store, argc, argv);
  return cmd_verify (store, argc, argv);
}
