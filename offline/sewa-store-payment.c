/* sewa-store-payment.c — payments as records, cancellations and the day close (#18).
 *
 * A payment's details (UPI transaction reference, counter receipt number and cash tendered,
 * waiver reason) are sealed as one small JSON object bound to the payment's idempotency key; the
 * mode, amount, operator and day stay in clear for the day summary. */
#define G_LOG_DOMAIN "sewa-store"

#include "sewa-store.h"
#include "sewa-store-private.h"

#include <string.h>

static const char *const pay_mode_names[] = {
  [SEWA_PAY_UPI] = "upi",
  [SEWA_PAY_CASH] = "cash",
  [SEWA_PAY_WAIVED] = "waived",
};

static const char *const fee_status_names[] = {
  [SEWA_FEE_STATUS_NOT_REQUIRED] = "not_required",
  [SEWA_FEE_STATUS_DUE] = "due",
  [SEWA_FEE_STATUS_PAID_UPI] = "paid_upi",
  [SEWA_FEE_STATUS_PAID_CASH] = "paid_cash",
  [SEWA_FEE_STATUS_WAIVED] = "waived",
};

/* Longest waiver or cancellation reason kept: a sentence, not a document. */
#define REASON_MAX_BYTES 400

const char *
sewa_pay_mode_to_string (SewaPayMode mode)
{
  if ((guint) mode < G_N_ELEMENTS (pay_mode_names))
    return pay_mode_names[mode];
  return "invalid";
}

gboolean
sewa_pay_mode_from_string (const char *text, SewaPayMode *out_mode)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (pay_mode_names); i++)
    if (g_str_equal (text, pay_mode_names[i]))
      {
        if (out_mode != NULL)
          *out_mode = (SewaPayMode) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sewa_fee_status_to_string (SewaFeeStatus status)
{
  if ((guint) status < G_N_ELEMENTS (fee_status_names))
    return fee_status_names[status];
  return "invalid";
}

gboolean
sewa_upi_txn_ref_is_valid (const char *ref)
{
  if (ref == NULL || strlen (ref) != 12)
    return FALSE;
  for (const char *p = ref; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

void
sewa_payment_record_free (SewaPaymentRecord *p)
{
  if (p == NULL)
    return;
  g_free (p->id);
  g_free (p->application_id);
  g_free (p->reference);
  g_free (p->arn);
  g_free (p->upi_txn_ref);
  g_free (p->counter_receipt);
  g_free (p->waiver_reason);
  g_free (p->operator_id);
  g_free (p->day);
  g_free (p->service_id);
  g_free (p);
}

static GBytes *
ad_payment (const char *payment_id)
{
  g_autofree char *s = g_strconcat ("sewa1:payment:", payment_id, NULL);

  return g_bytes_new (s, strlen (s));
}

static GBytes *
ad_cancellation (const char *application_id)
{
  g_autofree char *s = g_strconcat ("sewa1:cancellation:", application_id, NULL);

  return g_bytes_new (s, strlen (s));
}

static gboolean
reason_is_valid (const char *reason)
{
  g_autofree char *stripped = NULL;

  if (reason == NULL || strlen (reason) > REASON_MAX_BYTES || !g_utf8_validate (reason, -1, NULL))
    return FALSE;
  stripped = g_strstrip (g_strdup (reason));
  return stripped[0] != '\0';
}

static gboolean
operator_id_is_valid (const char *operator_id)
{
  gsize len = operator_id != NULL ? strlen (operator_id) : 0;

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (operator_id[i]) && operator_id[i] != '-' && operator_id[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
invalid_input (GError **error, const char *message)
{
  g_set_error_literal (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT, message);
  return FALSE;
}

static gboolean
validate_payment (const SewaNewPayment *p, GError **error)
{
  if (!operator_id_is_valid (p->operator_id))
    return invalid_input (error, "a payment needs the id of the operator who took it");
  if (p->by_portal != (g_strcmp0 (p->operator_id, SEWA_PAYMENT_BY_PORTAL) == 0))
    return invalid_input (error, "only a payment the portal confirmed is recorded as the portal's");
  if (p->by_portal && p->mode != SEWA_PAY_UPI)
    return invalid_input (error, "the portal confirms UPI payments only");
  switch (p->mode)
    {
    case SEWA_PAY_UPI:
      if (p->amount_paise <= 0)
        return invalid_input (error, "a UPI payment needs an amount above zero");
      if (!sewa_upi_txn_ref_is_valid (p->upi_txn_ref))
        return invalid_input (error, "a UPI transaction reference is exactly 12 digits");
      return TRUE;
    case SEWA_PAY_CASH:
      if (p->amount_paise <= 0)
        return invalid_input (error, "a cash payment needs an amount above zero");
      if (p->tendered_paise < p->amount_paise)
        return invalid_input (error, "the cash handed over is less than the fee");
      return TRUE;
    case SEWA_PAY_WAIVED:
      if (p->amount_paise != 0)
        return invalid_input (error, "a waived fee has no amount");
      if (!reason_is_valid (p->waiver_reason))
        return invalid_input (error, "a waiver needs a reason (at most 400 bytes)");
      return TRUE;
    default:
      return invalid_input (error, "unknown payment mode");
    }
}

static void
local_day (gint64 at, char out_iso[11], char out_short[7])
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (at);

  g_snprintf (out_iso, 11, "%04d-%02d-%02d", g_date_time_get_year (dt),
              g_date_time_get_month (dt), g_date_time_get_day_of_month (dt));
  g_snprintf (out_short, 7, "%02d%02d%02d", g_date_time_get_year (dt) % 100,
              g_date_time_get_month (dt), g_date_time_get_day_of_month (dt));
}

/* The next counter receipt number of the day, inside the caller's transaction. Numbers are never
 * reused: the counter only grows, and a rolled-back payment rolls it back with it. */
static char *
next_counter_receipt (SewaStore *self, const char *day_short, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gint64 seq;
  int rc;

  stmt = sewa_store_prepare (self,
                             "INSERT INTO payment_counters (day, last_seq) VALUES (?1, 1) "
                             "ON CONFLICT (day) DO UPDATE SET last_seq = last_seq + 1 "
                             "RETURNING last_seq",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, day_short, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot number the counter receipt", error);
      return NULL;
    }
  seq = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot number the counter receipt", error);
      return NULL;
    }
  return g_strdup_printf ("CR-%s-%04" G_GINT64_FORMAT, day_short, seq);
}

typedef struct
{
  gint64 rowid;
  char *idem_key;
  char *reference;
  char *arn;
  SewaAppState state;
  SewaFeeState fee_state;
  gboolean cancelled;
} AppRow;

static void
app_row_clear (AppRow *a)
{
  g_clear_pointer (&a->idem_key, g_free);
  g_clear_pointer (&a->reference, g_free);
  g_clear_pointer (&a->arn, g_free);
}

static gboolean
load_app (SewaStore *self, const char *id, AppRow *out, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self,
                             "SELECT a.id, a.idem_key, a.reference, a.arn, a.state, a.fee_state, "
                             "EXISTS (SELECT 1 FROM cancellations c WHERE c.application_id = a.id) "
                             "FROM applications a WHERE a.idem_key = ?1 OR a.reference = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND, "no application %s", id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read the application", error);
      return FALSE;
    }
  out->rowid = sqlite3_column_int64 (stmt, 0);
  out->idem_key = sewa_store_column_strdup (stmt, 1);
  out->reference = sewa_store_column_strdup (stmt, 2);
  out->arn = sewa_store_column_strdup (stmt, 3);
  if (!sewa_app_state_from_string ((const char *) sqlite3_column_text (stmt, 4), &out->state) ||
      !sewa_fee_state_from_string ((const char *) sqlite3_column_text (stmt, 5), &out->fee_state))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s has an invalid state", out->idem_key);
      return FALSE;
    }
  out->cancelled = sqlite3_column_int (stmt, 6) != 0;
  return TRUE;
}

static GBytes *
seal_text (SewaStore *self, const char *text, GBytes *ad)
{
  gsize ad_len = 0;
  const guint8 *ad_data = g_bytes_get_data (ad, &ad_len);

  return sewa_key_seal (self->key, (const guint8 *) text, strlen (text), ad_data, ad_len);
}

static char *
open_text (SewaStore *self, const void *blob, int blob_len, GBytes *ad, GError **error)
{
  gsize ad_len = 0;
  const guint8 *ad_data = g_bytes_get_data (ad, &ad_len);
  gsize len = 0;

  if (blob == NULL || blob_len <= 0)
    {
      g_set_error_literal (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                           "a sealed payment detail is missing");
      return NULL;
    }
  return (char *) sewa_key_open (self->key, blob, (gsize) blob_len, ad_data, ad_len, &len, error);
}

static char *
details_json (const SewaNewPayment *p, const char *counter_receipt)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  switch (p->mode)
    {
    case SEWA_PAY_UPI:
      json_builder_set_member_name (b, "upi_txn_ref");
      json_builder_add_string_value (b, p->upi_txn_ref);
      break;
    case SEWA_PAY_CASH:
      json_builder_set_member_name (b, "counter_receipt");
      json_builder_add_string_value (b, counter_receipt);
      json_builder_set_member_name (b, "tendered_paise");
      json_builder_add_int_value (b, p->tendered_paise);
      break;
    case SEWA_PAY_WAIVED:
      json_builder_set_member_name (b, "waiver_reason");
      json_builder_add_string_value (b, p->waiver_reason);
      break;
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Fills the sealed members of @rec from the opened details, checking they fit its mode. */
static gboolean
parse_details (SewaPaymentRecord *rec, const char *text, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;
  o = json_node_get_object (json_parser_get_root (parser));
  switch (rec->mode)
    {
    case SEWA_PAY_UPI:
      rec->upi_txn_ref = g_strdup (json_object_get_string_member_with_default (o, "upi_txn_ref",
                                                                               NULL));
      if (!sewa_upi_txn_ref_is_valid (rec->upi_txn_ref))
        goto bad;
      return TRUE;
    case SEWA_PAY_CASH:
      rec->counter_receipt = g_strdup (
        json_object_get_string_member_with_default (o, "counter_receipt", NULL));
      rec->tendered_paise = json_object_get_int_member_with_default (o, "tendered_paise", -1);
      if (rec->counter_receipt == NULL || rec->tendered_paise < rec->amount_paise)
        goto bad;
      return TRUE;
    case SEWA_PAY_WAIVED:
      rec->waiver_reason = g_strdup (
        json_object_get_string_member_with_default (o, "waiver_reason", NULL));
      if (!reason_is_valid (rec->waiver_reason))
        goto bad;
      return TRUE;
    default:
      break;
    }
bad:
  g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
               "payment %s has malformed details", rec->id);
  return FALSE;
}

#define PAYMENT_COLUMNS \
  "p.idem_key, a.idem_key, a.reference, a.arn, a.state, p.mode, p.amount_paise, p.details, " \
  "p.operator_id, p.day, p.created_at, p.sync_state, p.synced_at, a.service_id, " \
  "EXISTS (SELECT 1 FROM payment_holds h WHERE h.payment_id = p.id)"

static SewaPaymentRecord *
read_payment_row (SewaStore *self, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr (SewaPaymentRecord) rec = g_new0 (SewaPaymentRecord, 1);
  g_autoptr (GBytes) ad = NULL;
  g_autofree char *details = NULL;

  rec->id = sewa_store_column_strdup (stmt, 0);
  rec->application_id = sewa_store_column_strdup (stmt, 1);
  rec->reference = sewa_store_column_strdup (stmt, 2);
  rec->arn = sewa_store_column_strdup (stmt, 3);
  if (!sewa_app_state_from_string ((const char *) sqlite3_column_text (stmt, 4), &rec->app_state) ||
      !sewa_pay_mode_from_string ((const char *) sqlite3_column_text (stmt, 5), &rec->mode))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "payment %s has an invalid mode or application state", rec->id);
      return NULL;
    }
  rec->amount_paise = sqlite3_column_int64 (stmt, 6);
  ad = ad_payment (rec->id);
  details = open_text (self, sqlite3_column_blob (stmt, 7), sqlite3_column_bytes (stmt, 7), ad,
                       error);
  if (details == NULL || !parse_details (rec, details, error))
    return NULL;
  rec->operator_id = sewa_store_column_strdup (stmt, 8);
  rec->day = sewa_store_column_strdup (stmt, 9);
  rec->created_at = sqlite3_column_int64 (stmt, 10);
  rec->synced = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 11), "sent") == 0;
  rec->synced_at = sqlite3_column_int64 (stmt, 12);
  rec->service_id = sewa_store_column_strdup (stmt, 13);
  rec->held = sqlite3_column_int (stmt, 14) != 0;
  return g_steal_pointer (&rec);
}

/* The payment whose application has row id @app_rowid, or NULL (no error) when none. */
static SewaPaymentRecord *
get_payment_locked (SewaStore *self, gint64 app_rowid, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self,
                             "SELECT " PAYMENT_COLUMNS " FROM payments p "
                             "JOIN applications a ON a.id = p.application_id "
                             "WHERE p.application_id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, app_rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read the payment", error);
      return NULL;
    }
  return read_payment_row (self, stmt, error);
}

gboolean
sewa_store_payment_add (SewaStore *self, const char *id_or_reference,
                        const SewaNewPayment *payment, SewaPaymentRecord **out_payment,
                        GError **error)
{
  AppRow app = { 0 };
  g_autoptr (GError) local = NULL;
  g_autoptr (SewaStmt) stmt = NULL;
  g_autoptr (GBytes) ad = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *details = NULL;
  g_autofree char *detail = NULL;
  gint64 at;
  char day_iso[11];
  char day_short[7];
  gboolean ok = FALSE;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id_or_reference != NULL && payment != NULL, FALSE);

  if (!validate_payment (payment, error))
    return FALSE;
  at = payment->at != 0 ? payment->at : sewa_store_now ();
  local_day (at, day_iso, day_short);
  payment_id = sewa_crypto_uuid ();

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error) || !load_app (self, id_or_reference, &app, error))
    goto out;
  if (app.cancelled)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE,
                   "application %s was cancelled; it takes no payment", app.idem_key);
      goto out;
    }
  if (app.fee_state != SEWA_FEE_DUE)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE,
                   "application %s has no fee due (%s)", app.idem_key,
                   sewa_fee_state_to_string (app.fee_state));
      goto out;
    }
  if (payment->mode == SEWA_PAY_CASH &&
      (receipt = next_counter_receipt (self, day_short, error)) == NULL)
    goto out;
  details = details_json (payment, receipt);
  ad = ad_payment (payment_id);
  sealed = seal_text (self, details, ad);
  stmt = sewa_store_prepare (self,
                             "INSERT INTO payments (idem_key, application_id, mode, amount_paise, "
                             "details, operator_id, day, created_at, sync_state, synced_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, payment_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, app.rowid);
  sqlite3_bind_text (stmt, 3, sewa_pay_mode_to_string (payment->mode), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, payment->amount_paise);
  sqlite3_bind_blob64 (stmt, 5, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                       SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, payment->operator_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, day_iso, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, at);
  /* The portal's own record needs no sending back. */
  sqlite3_bind_text (stmt, 9, payment->by_portal ? "sent" : "pending", -1, SQLITE_STATIC);
  if (payment->by_portal)
    sqlite3_bind_int64 (stmt, 10, sewa_store_now ());
  else
    sqlite3_bind_null (stmt, 10);
  if (!sewa_store_step (self, stmt, "cannot record the payment", &local))
    {
      /* The UNIQUE application_id: a fee is collected once. */
      if (g_error_matches (local, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE))
        g_prefix_error (&local, "application %s is paid already: ", app.idem_key);
      g_propagate_error (error, g_steal_pointer (&local));
      goto out;
    }
  detail = g_strdup_printf ("payment=%s id=%s mode=%s amount_paise=%" G_GINT64_FORMAT
                            " operator=%s",
                            payment_id, app.idem_key, sewa_pay_mode_to_string (payment->mode),
                            payment->amount_paise, payment->operator_id);
  if (!sewa_store_audit_locked (self, at, "payment", detail, error))
    goto out;
  if (out_payment != NULL)
    {
      *out_payment = get_payment_locked (self, app.rowid, error);
      if (*out_payment == NULL)
        goto out;
    }
  ok = sewa_store_tx_commit (self, error);
  if (!ok && out_payment != NULL)
    g_clear_pointer (out_payment, sewa_payment_record_free);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  app_row_clear (&app);
  return ok;
}

SewaPaymentRecord *
sewa_store_payment_get (SewaStore *self, const char *id_or_reference, GError **error)
{
  AppRow app = { 0 };
  SewaPaymentRecord *rec = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_reference != NULL, NULL);

  g_rec_mutex_lock (&self->lock);
  if (sewa_store_check_open (self, error) && load_app (self, id_or_reference, &app, error))
    rec = get_payment_locked (self, app.rowid, error);
  g_rec_mutex_unlock (&self->lock);
  app_row_clear (&app);
  return rec;
}

gboolean
sewa_store_fee_status (SewaStore *self, const char *id_or_reference, SewaFeeStatus *out_status,
                       GError **error)
{
  g_autoptr (GError) local = NULL;
  AppRow app = { 0 };
  g_autoptr (SewaPaymentRecord) rec = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id_or_reference != NULL && out_status != NULL, FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error) || !load_app (self, id_or_reference, &app, error))
    goto out;
  rec = get_payment_locked (self, app.rowid, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto out;
    }
  if (rec != NULL)
    *out_status = rec->mode == SEWA_PAY_UPI    ? SEWA_FEE_STATUS_PAID_UPI
                  : rec->mode == SEWA_PAY_CASH ? SEWA_FEE_STATUS_PAID_CASH
                                               : SEWA_FEE_STATUS_WAIVED;
  else if (app.fee_state == SEWA_FEE_NONE)
    *out_status = SEWA_FEE_STATUS_NOT_REQUIRED;
  else if (app.fee_state == SEWA_FEE_DUE)
    *out_status = SEWA_FEE_STATUS_DUE;
  else
    /* Paid at the kiosk before this table existed: only the journey's UPI flow did that. */
    *out_status = SEWA_FEE_STATUS_PAID_UPI;
  ok = TRUE;
out:
  g_rec_mutex_unlock (&self->lock);
  app_row_clear (&app);
  return ok;
}

static GPtrArray *
list_payments (SewaStore *self, const char *sql, const char *arg, guint limit, GError **error)
{
  g_autoptr (GPtrArray) out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_payment_record_free);
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  while ((limit == 0 || out->len < limit) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SewaPaymentRecord *rec = read_payment_row (self, stmt, error);

      if (rec == NULL)
        return NULL;
      g_ptr_array_add (out, rec);
    }
  if (limit != 0 && out->len >= limit)
    rc = SQLITE_DONE;
  if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot list payments", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

GPtrArray *
sewa_store_payment_list_day (SewaStore *self, const char *day, GError **error)
{
  GPtrArray *out = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);
  g_return_val_if_fail (day != NULL, NULL);

  g_rec_mutex_lock (&self->lock);
  if (sewa_store_check_open (self, error))
    out = list_payments (self,
                         "SELECT " PAYMENT_COLUMNS " FROM payments p "
                         "JOIN applications a ON a.id = p.application_id "
                         "WHERE p.day = ?1 ORDER BY p.id",
                         day, 0, error);
  g_rec_mutex_unlock (&self->lock);
  return out;
}

gboolean
sewa_store_payment_next_unsynced (SewaStore *self, SewaPaymentRecord **out_payment,
                                  GError **error)
{
  g_autoptr (GPtrArray) list = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_payment != NULL, FALSE);

  *out_payment = NULL;
  g_rec_mutex_lock (&self->lock);
  if (sewa_store_check_open (self, error))
    list = list_payments (self,
                          "SELECT " PAYMENT_COLUMNS " FROM payments p "
                          "JOIN applications a ON a.id = p.application_id "
                          "WHERE p.sync_state = 'pending' AND a.arn IS NOT NULL "
                          "AND NOT EXISTS (SELECT 1 FROM payment_holds h WHERE h.payment_id = p.id) "
                          "ORDER BY p.id",
                          NULL, 1, error);
  g_rec_mutex_unlock (&self->lock);
  if (list == NULL)
    return FALSE;
  if (list->len > 0)
    *out_payment = g_ptr_array_steal_index (list, 0);
  return TRUE;
}

/* A change to one payment made once and audited once: runs @sql (?1 the payment's idem_key, ?2
 * now, ?3 @text when not NULL) in a transaction, and writes @event with @detail to the audit
 * log only when it changed a row, so repeating it is a no-op. */
static gboolean
payment_change_once (SewaStore *self, const char *sql, const char *payment_id, const char *text,
                     const char *what, const char *event, const char *detail, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gint64 now = sewa_store_now ();
  gboolean ok = FALSE;

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error))
    goto out;
  stmt = sewa_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, payment_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  if (text != NULL)
    sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  if (!sewa_store_step (self, stmt, what, error))
    goto out;
  if (sqlite3_changes (self->db) == 1 && !sewa_store_audit_locked (self, now, event, detail, error))
    goto out;
  ok = sewa_store_tx_commit (self, error);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_payment_hold (SewaStore *self, const char *payment_id, const char *reason, GError **error)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (payment_id != NULL && reason != NULL, FALSE);

  detail = g_strdup_printf ("payment=%s reason=%s", payment_id, reason);
  return payment_change_once (self,
                              "INSERT OR IGNORE INTO payment_holds (payment_id, reason, created_at) "
                              "SELECT id, ?3, ?2 FROM payments WHERE idem_key = ?1 AND sync_state = 'pending'",
                              payment_id, reason, "cannot hold the payment back", "payment_held", detail, error);
}

gboolean
sewa_store_payment_mark_synced (SewaStore *self, const char *payment_id, GError **error)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (payment_id != NULL, FALSE);

  detail = g_strdup_printf ("payment=%s", payment_id);
  return payment_change_once (self,
                              "UPDATE payments SET sync_state = 'sent', synced_at = ?2 "
                              "WHERE idem_key = ?1 AND sync_state = 'pending'",
                              payment_id, NULL, "cannot mark the payment recorded", "payment_synced", detail,
                              error);
}

gboolean
sewa_store_cancel (SewaStore *self, const char *id_or_reference, const char *reason,
                   const char *operator_id, GError **error)
{
  AppRow app = { 0 };
  g_autoptr (SewaStmt) quarantine = NULL;
  g_autoptr (SewaStmt) insert = NULL;
  g_autoptr (GBytes) ad = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autofree char *detail = NULL;
  gint64 now = sewa_store_now ();
  gboolean ok = FALSE;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id_or_reference != NULL, FALSE);

  if (!reason_is_valid (reason))
    return invalid_input (error, "a cancellation needs a reason (at most 400 bytes)");
  if (!operator_id_is_valid (operator_id))
    return invalid_input (error, "a cancellation needs the id of the operator");

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error) || !load_app (self, id_or_reference, &app, error))
    goto out;
  if (app.cancelled || app.arn != NULL ||
      (app.state != SEWA_APP_QUEUED && app.state != SEWA_APP_QUARANTINED))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_STATE,
                   app.cancelled ? "application %s is cancelled already"
                                 : "application %s was sent to the portal (%s); it cannot be "
                                   "cancelled here",
                   app.idem_key, sewa_app_state_to_string (app.state));
      goto out;
    }
  /* Quarantined first (the trigger then holds it there), so the sync engine never leases it. */
  quarantine = sewa_store_prepare (self,
                                   "UPDATE applications SET state = 'quarantined', "
                                   "lease_until = NULL, last_error = 'cancelled by the operator', "
                                   "updated_at = ?2 WHERE id = ?1",
                                   error);
  if (quarantine == NULL)
    goto out;
  sqlite3_bind_int64 (quarantine, 1, app.rowid);
  sqlite3_bind_int64 (quarantine, 2, now);
  if (!sewa_store_step (self, quarantine, "cannot cancel the application", error))
    goto out;
  ad = ad_cancellation (app.idem_key);
  sealed = seal_text (self, reason, ad);
  insert = sewa_store_prepare (self,
                               "INSERT INTO cancellations (application_id, reason, operator_id, "
                               "created_at) VALUES (?1, ?2, ?3, ?4)",
                               error);
  if (insert == NULL)
    goto out;
  sqlite3_bind_int64 (insert, 1, app.rowid);
  sqlite3_bind_blob64 (insert, 2, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                       SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, operator_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, now);
  if (!sewa_store_step (self, insert, "cannot cancel the application", error))
    goto out;
  detail = g_strdup_printf ("id=%s from=%s operator=%s", app.idem_key,
                            sewa_app_state_to_string (app.state), operator_id);
  if (!sewa_store_audit_locked (self, now, "cancelled", detail, error))
    goto out;
  ok = sewa_store_tx_commit (self, error);
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  app_row_clear (&app);
  return ok;
}

gboolean
sewa_store_get_cancellation (SewaStore *self, const char *id_or_reference,
                             gboolean *out_cancelled, char **out_reason, GError **error)
{
  AppRow app = { 0 };
  g_autoptr (SewaStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id_or_reference != NULL && out_cancelled != NULL, FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error) || !load_app (self, id_or_reference, &app, error))
    goto out;
  *out_cancelled = app.cancelled;
  if (out_reason != NULL)
    *out_reason = NULL;
  if (!app.cancelled || out_reason == NULL)
    {
      ok = TRUE;
      goto out;
    }
  stmt = sewa_store_prepare (self, "SELECT reason FROM cancellations WHERE application_id = ?1",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, app.rowid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read the cancellation", error);
      goto out;
    }
  {
    g_autoptr (GBytes) ad = ad_cancellation (app.idem_key);

    *out_reason = open_text (self, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                             ad, error);
  }
  ok = *out_reason != NULL;
out:
  g_rec_mutex_unlock (&self->lock);
  app_row_clear (&app);
  return ok;
}

gboolean
sewa_store_day_close (SewaStore *self, const char *day, gint64 counted_paise,
                      const char *operator_id, gint64 *out_expected_paise, GError **error)
{
  g_autoptr (SewaStmt) sum = NULL;
  g_autoptr (SewaStmt) insert = NULL;
  g_autoptr (GDateTime) parsed = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *detail = NULL;
  gint64 now = sewa_store_now ();
  gint64 expected;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  iso = g_strconcat (day, "T00:00:00Z", NULL);
  parsed = strlen (day) == 10 ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  if (parsed == NULL)
    return invalid_input (error, "a day is written YYYY-MM-DD");
  if (counted_paise < 0)
    return invalid_input (error, "the cash counted cannot be negative");
  if (!operator_id_is_valid (operator_id))
    return invalid_input (error, "a day close needs the id of the operator");

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error))
    goto out;
  sum = sewa_store_prepare (self,
                            "SELECT coalesce (sum (amount_paise), 0) FROM payments "
                            "WHERE day = ?1 AND mode = 'cash'",
                            error);
  if (sum == NULL)
    goto out;
  sqlite3_bind_text (sum, 1, day, -1, SQLITE_STATIC);
  rc = sqlite3_step (sum);
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot add up the day's cash", error);
      goto out;
    }
  expected = sqlite3_column_int64 (sum, 0);
  g_clear_pointer (&sum, sewa_stmt_reset);
  insert = sewa_store_prepare (self,
                               "INSERT INTO day_closes (day, expected_paise, counted_paise, "
                               "operator_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                               error);
  if (insert == NULL)
    goto out;
  sqlite3_bind_text (insert, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, expected);
  sqlite3_bind_int64 (insert, 3, counted_paise);
  sqlite3_bind_text (insert, 4, operator_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, now);
  if (!sewa_store_step (self, insert, "cannot record the day close", error))
    goto out;
  detail = g_strdup_printf ("day=%s expected_paise=%" G_GINT64_FORMAT " counted_paise=%"
                            G_GINT64_FORMAT " difference_paise=%" G_GINT64_FORMAT " operator=%s",
                            day, expected, counted_paise, counted_paise - expected, operator_id);
  /* Who counted the drawer is the entry's actor, as for every operator's action. */
  if (!sewa_store_audit_as_locked (self, now, operator_id, "day_close", detail, error))
    goto out;
  ok = sewa_store_tx_commit (self, error);
  if (ok && out_expected_paise != NULL)
    *out_expected_paise = expected;
out:
  if (!ok)
    sewa_store_tx_rollback (self);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

gboolean
sewa_store_day_close_get (SewaStore *self, const char *day, gboolean *out_found,
                          gint64 *out_expected_paise, gint64 *out_counted_paise, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (day != NULL && out_found != NULL, FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "SELECT expected_paise, counted_paise FROM day_closes WHERE day = ?1 "
                             "ORDER BY id DESC LIMIT 1",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read the day close", error);
      goto out;
    }
  *out_found = rc == SQLITE_ROW;
  if (out_expected_paise != NULL)
    *out_expected_paise = *out_found ? sqlite3_column_int64 (stmt, 0) : 0;
  if (out_counted_paise != NULL)
    *out_counted_paise = *out_found ? sqlite3_column_int64 (stmt, 1) : 0;
  ok = TRUE;
out:
  g_rec_mutex_unlock (&self->lock);
  return ok;
}
