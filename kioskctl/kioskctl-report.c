/* kioskctl-report.c — `kioskctl report day`: the day close (#18) as text or CSV.
 *
 * Applications made that day counted by service and state (cancelled ones as "cancelled"),
 * payments by mode with their totals, the cash expected in the drawer and, once the operator has
 * closed the day, the cash counted and the difference. `--counted RUPEES` records a day close
 * (audited by the store). Nothing in it names a citizen: service ids, states, modes, counts and
 * amounts only.
 */
#include "kioskctl.h"
#include "sewa-store.h"

#include <stdio.h>
#include <string.h>

static const char report_usage[] =
  "usage: kioskctl report day --date YYYY-MM-DD [--csv] [--counted RUPEES]\n";

typedef struct
{
  char *service_id;
  char *state;
  guint count;
} AppCount;

static void
app_count_free (gpointer data)
{
  AppCount *c = data;

  g_free (c->service_id);
  g_free (c->state);
  g_free (c);
}

static gint
app_count_compare (gconstpointer a, gconstpointer b)
{
  const AppCount *x = *(AppCount *const *) a;
  const AppCount *y = *(AppCount *const *) b;
  int c = g_strcmp0 (x->service_id, y->service_id);

  return c != 0 ? c : g_strcmp0 (x->state, y->state);
}

static gboolean
parse_rupees (const char *text, gint64 *out_paise)
{
  const char *dot = strchr (text, '.');
  gsize whole = dot != NULL ? (gsize) (dot - text) : strlen (text);
  gsize frac = dot != NULL ? strlen (dot + 1) : 0;
  gint64 value = 0;

  if (whole == 0 || whole > 9 || frac > 2 || (dot != NULL && frac == 0))
    return FALSE;
  for (gsize i = 0; i < whole; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }
  value *= 100;
  for (gsize i = 0; i < frac; i++)
    {
      if (!g_ascii_isdigit (dot[1 + i]))
        return FALSE;
      value += (dot[1 + i] - '0') * (i == 0 ? 10 : 1);
    }
  *out_paise = value;
  return TRUE;
}

static gboolean
is_day (const char *day)
{
  g_autofree char *iso = NULL;
  g_autoptr (GDateTime) dt = NULL;

  if (day == NULL || strlen (day) != 10)
    return FALSE;
  iso = g_strconcat (day, "T00:00:00Z", NULL);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt != NULL;
}

static char *
local_day_of (gint64 unix_s)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (unix_s);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static int
report_day (SewaStore *store, const char *day, gboolean csv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) apps = sewa_store_list (store, -1, FALSE, &error);
  g_autoptr (GPtrArray) payments = NULL;
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (app_count_free);
  gint64 by_mode_paise[SEWA_PAY_WAIVED + 1] = { 0 };
  guint by_mode_count[SEWA_PAY_WAIVED + 1] = { 0 };
  gint64 expected = 0, counted = 0, closed_expected = 0;
  gboolean closed = FALSE;

  if (apps == NULL)
    goto failed;
  for (guint i = 0; i < apps->len; i++)
    {
      SewaAppRecord *app = apps->pdata[i];
      g_autofree char *app_day = local_day_of (app->created_at);
      g_autofree char *key = NULL;
      gboolean cancelled = FALSE;
      const char *state;
      AppCount *row;

      if (!g_str_equal (app_day, day))
        continue;
      if (!sewa_store_get_cancellation (store, app->id, &cancelled, NULL, &error))
        goto failed;
      state = cancelled ? "cancelled" : sewa_app_state_to_string (app->state);
      key = g_strconcat (app->service_id, "\n", state, NULL);
      row = g_hash_table_lookup (counts, key);
      if (row == NULL)
        {
          row = g_new0 (AppCount, 1);
          row->service_id = g_strdup (app->service_id);
          row->state = g_strdup (state);
          g_ptr_array_add (rows, row);
          g_hash_table_insert (counts, g_steal_pointer (&key), row);
        }
      row->count++;
    }
  g_ptr_array_sort (rows, app_count_compare);
  payments = sewa_store_payment_list_day (store, day, &error);
  if (payments == NULL)
    goto failed;
  for (guint i = 0; i < payments->len; i++)
    {
      const SewaPaymentRecord *p = payments->pdata[i];

      by_mode_count[p->mode]++;
      by_mode_paise[p->mode] += p->amount_paise;
    }
  expected = by_mode_paise[SEWA_PAY_CASH];
  if (!sewa_store_day_close_get (store, day, &closed, &closed_expected, &counted, &error))
    goto failed;

  if (csv)
    printf ("section,service_id,state_or_mode,count,amount_paise\r\n");
  else
    printf ("Day %s\nApplications:\n", day);
  for (guint i = 0; i < rows->len; i++)
    {
      const AppCount *r = rows->pdata[i];

      if (csv)
        printf ("applications,%s,%s,%u,\r\n", r->service_id, r->state, r->count);
      else
        printf ("  %-40s %-14s %u\n", r->service_id, r->state, r->count);
    }
  if (!csv)
    printf ("Payments:\n");
  for (guint m = 0; m <= SEWA_PAY_WAIVED; m++)
    {
      if (csv)
        printf ("payments,,%s,%u,%" G_GINT64_FORMAT "\r\n", sewa_pay_mode_to_string (m),
                by_mode_count[m], by_mode_paise[m]);
      else
        printf ("  %-8s %4u  %" G_GINT64_FORMAT " paise\n", sewa_pay_mode_to_string (m),
                by_mode_count[m], by_mode_paise[m]);
    }
  if (csv)
    {
      printf ("cash,,expected,,%" G_GINT64_FORMAT "\r\n", expected);
      if (closed)
        {
          printf ("cash,,counted,,%" G_GINT64_FORMAT "\r\n", counted);
          printf ("cash,,difference,,%" G_GINT64_FORMAT "\r\n", counted - closed_expected);
        }
    }
  else
    {
      printf ("Cash expected in the drawer: %" G_GINT64_FORMAT " paise\n", expected);
      if (closed)
        printf ("Cash counted: %" G_GINT64_FORMAT " paise (difference %" G_GINT64_FORMAT ")\n",
                counted, counted - closed_expected);
      else
        printf ("The day is not closed yet.\n");
    }
  return SEWA_CTL_OK;

failed:
  g_printerr ("kioskctl report: %s\n", error->message);
  return sewa_ctl_status_for_error (error);
}

int
sewa_ctl_report (SewaCtlContext *ctx, int argc, char **argv)
{
  g_autofree char *key = sewa_ctl_take_key_option (&argc, argv);
  g_autoptr (SewaStore) store = NULL;
  const char *day = NULL;
  const char *counted_text = NULL;
  gboolean csv = FALSE;
  gint64 counted = 0;
  int status = SEWA_CTL_OK;

  if (argc < 2 || !g_str_equal (argv[1], "day"))
    {
      g_printerr ("%s", report_usage);
      return SEWA_CTL_USAGE;
    }
  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--date") && i + 1 < argc)
        day = argv[++i];
      else if (g_str_equal (argv[i], "--counted") && i + 1 < argc)
        counted_text = argv[++i];
      else if (g_str_equal (argv[i], "--csv"))
        csv = TRUE;
      else
        {
          g_printerr ("%s", report_usage);
          return SEWA_CTL_USAGE;
        }
    }
  if (!is_day (day) || (counted_text != NULL && !parse_rupees (counted_text, &counted)))
    {
      g_printerr ("%s", report_usage);
      return SEWA_CTL_USAGE;
    }
  store = sewa_ctl_open_store (ctx, key, counted_text == NULL, FALSE, &status);
  if (store == NULL)
    return status;
  if (counted_text != NULL)
    {
      g_autoptr (GError) error = NULL;

      /* From the command line the operator is the technician's shell: recorded as such. */
      if (!sewa_store_day_close (store, day, counted, "kioskctl", NULL, &error))
        {
          g_printerr ("kioskctl report: %s\n", error->message);
          return sewa_ctl_status_for_error (error);
        }
    }
  return report_day (store, day, csv);
}
