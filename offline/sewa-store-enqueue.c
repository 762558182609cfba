/* sewa-store-enqueue.c — accepting an application: validation, Aadhaar masking, sealing, the
 * provisional reference, and the one transaction that commits it all. */
#define G_LOG_DOMAIN "sewa-store"

#include "sewa-store.h"
#include "sewa-store-private.h"
#include "sewa-reference.h"
#include "sewa-lang.h"
#include "sewa-config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define MAX_PAGES_PER_APPLICATION 200
#define MAX_PAGE_BYTES (16 * 1024 * 1024)

/* --- enqueue ------------------------------------------------------------------------------- */

static guint
count_digits (const char *s)
{
  guint n = 0;

  for (; *s != '\0'; s++)
    if (g_ascii_isdigit (*s))
      n++;
  return n;
}

static char *
last_four_digits (const char *s)
{
  char out[5] = { 0 };
  guint n = 0;

  for (gsize i = strlen (s); i > 0 && n < 4; i--)
    if (g_ascii_isdigit (s[i - 1]))
      out[3 - n++] = s[i - 1];
  return g_strdup (out + (4 - n));
}

/* Aadhaar numbers are never stored whole. The form engine passes only the last four digits of
 * fields marked aadhaar; this is the second line of defence: any such member holding more than
 * four digits (a 12-digit Aadhaar, a 16-digit Virtual ID, with or without spaces) is cut to its
 * last four digits before it is sealed. */
static void
mask_aadhaar (JsonNode *node, const char *const *fields, guint *n_masked)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *child = json_object_get_member (obj, name);

          if (g_strv_contains (fields, name) && JSON_NODE_HOLDS_VALUE (child))
            {
              g_autofree char *text = NULL;

              if (json_node_get_value_type (child) == G_TYPE_STRING)
                text = g_strdup (json_node_get_string (child));
              else if (json_node_get_value_type (child) == G_TYPE_INT64)
                text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (child));
              else if (json_node_get_value_type (child) == G_TYPE_DOUBLE)
                text = g_strdup_printf ("%.0f", json_node_get_double (child));
              if (text != NULL && count_digits (text) > 4)
                {
                  g_autofree char *masked = last_four_digits (text);

                  json_object_set_string_member (obj, name, masked);
                  (*n_masked)++;
                }
            }
          else
            mask_aadhaar (child, fields, n_masked);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        mask_aadhaar (json_array_get_element (arr, i), fields, n_masked);
    }
}

JsonNode *
sewa_store_parse_form (const char *form_json, const char *const *aadhaar_fields,
                       guint *out_n_masked, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *form;

  *out_n_masked = 0;
  if (!json_parser_load_from_data (parser, form_json, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                   "cannot enqueue: form data is not a JSON object");
      return NULL;
    }
  form = json_parser_steal_root (parser);
  if (aadhaar_fields != NULL)
    mask_aadhaar (form, aadhaar_fields, out_n_masked);
  return form;
}

typedef struct
{
  guint8 sha256[32];
  guint8 address[SEWA_PAGE_ADDRESS_BYTES];
  GBytes *sealed;
  GBytes *meta;
} PreparedPage;

static void
prepared_page_clear (PreparedPage *p)
{
  g_clear_pointer (&p->sealed, g_bytes_unref);
  g_clear_pointer (&p->meta, g_bytes_unref);
}

static GBytes *
seal_json (SewaStore *self, JsonBuilder *builder, GBytes *ad)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);
  GBytes *sealed;
  gsize ad_len = 0;
  const guint8 *ad_data = g_bytes_get_data (ad, &ad_len);

  sealed = sewa_key_seal (self->key, (const guint8 *) text, strlen (text), ad_data, ad_len);
  memset (text, 0, strlen (text));
  return sealed;
}

static gboolean
validate_new (const SewaNewApplication *app, const SewaNewPage *pages, gsize n_pages,
              GError **error)
{
  const char *bad = NULL;

  if (app->service_id == NULL || app->service_id[0] == '\0')
    bad = "service id is empty";
  else if (app->catalog_version == NULL || app->catalog_hash == NULL)
    bad = "catalog version and hash are required";
  else if (app->form_json == NULL)
    bad = "form data is required";
  else if ((guint) app->fee_state > SEWA_FEE_PAID)
    bad = "fee state is invalid";
  else if ((guint) app->identity_method > SEWA_IDENTITY_METHOD_AADHAAR_QR_UNVERIFIED)
    bad = "identity method is invalid";
  else if ((app->identity_method == SEWA_IDENTITY_METHOD_OTP) != (app->citizen_token != NULL))
    bad = "a verified-mobile token goes with identity method otp, and only with it";
  else if (app->citizen_token != NULL
           && (strlen (app->citizen_token) != 43
               || strspn (app->citizen_token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != 43))
    bad = "the verified-mobile token is malformed";
  else if (app->n_vault_refs > 0 && app->citizen_token == NULL)
    bad = "vault documents need the citizen's verified-mobile token";
  else if (app->n_vault_refs > 0 && g_strcmp0 (app->vault_consent, "given") != 0)
    bad = "vault documents need the citizen's consent";
  else if (app->citizen_lang != NULL && !sewa_lang_from_code (app->citizen_lang, NULL))
    bad = "the citizen's language must be pa, hi or en";
  else if (app->assisted_by != NULL && !sewa_config_operator_name_is_valid (app->assisted_by))
    bad = "assisted_by must be an operator id";
  else if (app->vault_consent != NULL && !g_str_equal (app->vault_consent, "given")
           && !g_str_equal (app->vault_consent, "refused"))
    bad = "vault consent is invalid";
  else if (app->n_vault_refs > MAX_PAGES_PER_APPLICATION)
    bad = "too many vault documents";
  for (gsize i = 0; bad == NULL && i < app->n_vault_refs; i++)
    {
      const SewaNewVaultRef *r = &app->vault_refs[i];

      if (r->document_id == NULL || r->doc_type == NULL || r->vault_id == NULL
          || strlen (r->vault_id) != 19 || !g_str_has_prefix (r->vault_id, "vd_")
          || strspn (r->vault_id + 3, "0123456789abcdef") != 16)
        bad = "a vault document reference is malformed";
    }
  if (bad == NULL && n_pages > MAX_PAGES_PER_APPLICATION)
    bad = "too many pages";
  for (gsize i = 0; bad == NULL && i < n_pages; i++)
    {
      if (pages[i].data == NULL || pages[i].len == 0 || pages[i].len > MAX_PAGE_BYTES)
        bad = "a page is empty or too large";
      else if (pages[i].document_id == NULL || pages[i].mime_type == NULL)
        bad = "a page lacks its document id or MIME type";
    }
  if (bad != NULL)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                   "cannot enqueue: %s", bad);
      return FALSE;
    }
  return TRUE;
}

/* Allocates today's next provisional reference inside the enqueue transaction, so a reference is
 * used by at most one committed application; a rolled-back enqueue skips its number (the mark
 * recorded it), it never gives it to the next application. */
static char *
next_reference (SewaStore *self, gint64 at, GError **error)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (at);
  g_autoptr (SewaStmt) stmt = NULL;
  SewaReferenceParts parts = { 0 };
  char day[8];
  gint64 seq = 0;
  char *ref;
  int rc;

  g_snprintf (day, sizeof day, "%02d%02d%02d", g_date_time_get_year (dt) % 100,
              g_date_time_get_month (dt), g_date_time_get_day_of_month (dt));
  stmt = sewa_store_prepare (self,
                             "SELECT last_seq FROM reference_counters WHERE day = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read the reference counter", error);
      return NULL;
    }
  g_clear_pointer (&stmt, sewa_stmt_reset);
  seq++;
  /* Recorded durably outside the database by the time the enqueue returns: a reference is never
   * handed out twice, even if this database later loses what it commits now. */
  if (!sewa_store_mark_reserve (self, day, &seq, error))
    return NULL;
  stmt = sewa_store_prepare (self,
                             "INSERT INTO reference_counters (day, last_seq) VALUES (?, ?) "
                             "ON CONFLICT (day) DO UPDATE SET last_seq = excluded.last_seq",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, seq);
  if (!sewa_store_step (self, stmt, "cannot advance the reference counter", error))
    return NULL;

  g_strlcpy (parts.centre, self->centre, sizeof parts.centre);
  parts.kiosk = self->kiosk;
  parts.year = (guint) g_date_time_get_year (dt);
  parts.month = (guint) g_date_time_get_month (dt);
  parts.day = (guint) g_date_time_get_day_of_month (dt);
  parts.seq = (guint) seq;
  ref = sewa_reference_format (&parts);
  if (ref == NULL)
    g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                 "cannot format a provisional reference (centre code or kiosk number invalid)");
  return ref;
}

gboolean
sewa_store_lookup_rowid (SewaStore *self, const char *id, gint64 *out_rowid, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self, "SELECT id FROM applications WHERE idem_key = ?1 OR reference = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_rowid = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND, "no application %s", id);
  else
    sewa_store_set_sqlite_error (self, rc, "cannot look up the application", error);
  return FALSE;
}

/* A correction links to what the portal holds (docs/portal-api.md §6): an application not
 * sent yet is still the kiosk's to cancel, and the portal would refuse the link as
 * correction_unknown, so it is refused here, before a reference is spent on it. */
static gboolean
corrected_was_sent (SewaStore *self, gint64 rowid, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self, "SELECT arn IS NOT NULL FROM applications WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot look up the corrected application", error);
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 0) == 0)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_SENT,
                   "the corrected application has not been sent to the portal yet: cancel it "
                   "instead, or correct it once it has an ARN");
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_page (SewaStore *self, gint64 app_rowid, guint index, const SewaNewPage *page,
             const PreparedPage *prep, gint64 now, GError **error)
{
  g_autoptr (SewaStmt) ins = NULL;
  g_autoptr (SewaStmt) sel = NULL;
  g_autoptr (SewaStmt) link = NULL;
  gint64 page_rowid;
  gsize len = 0;
  const guint8 *data;

  /* Content-addressed: the same page attached twice (or to a correction) is stored once. */
  ins = sewa_store_prepare (self,
                            "INSERT INTO pages (address, size, sealed, created_at) "
                            "VALUES (?, ?, ?, ?) ON CONFLICT (address) DO NOTHING",
                            error);
  if (ins == NULL)
    return FALSE;
  data = g_bytes_get_data (prep->sealed, &len);
  sqlite3_bind_blob (ins, 1, prep->address, SEWA_PAGE_ADDRESS_BYTES, SQLITE_STATIC);
  sqlite3_bind_int64 (ins, 2, (gint64) page->len);
  sqlite3_bind_blob64 (ins, 3, data, len, SQLITE_STATIC);
  sqlite3_bind_int64 (ins, 4, now);
  if (!sewa_store_step (self, ins, "cannot store a page", error))
    return FALSE;

  sel = sewa_store_prepare (self, "SELECT id FROM pages WHERE address = ?", error);
  if (sel == NULL)
    return FALSE;
  sqlite3_bind_blob (sel, 1, prep->address, SEWA_PAGE_ADDRESS_BYTES, SQLITE_STATIC);
  if (sqlite3_step (sel) != SQLITE_ROW)
    {
      sewa_store_set_sqlite_error (self, sqlite3_errcode (self->db), "cannot find a stored page",
                                   error);
      return FALSE;
    }
  page_rowid = sqlite3_column_int64 (sel, 0);

  link = sewa_store_prepare (self,
                             "INSERT INTO application_pages (application_id, page_index, page_id, "
                             "size, meta) VALUES (?, ?, ?, ?, ?)",
                             error);
  if (link == NULL)
    return FALSE;
  data = g_bytes_get_data (prep->meta, &len);
  sqlite3_bind_int64 (link, 1, app_rowid);
  sqlite3_bind_int64 (link, 2, index);
  sqlite3_bind_int64 (link, 3, page_rowid);
  sqlite3_bind_int64 (link, 4, (gint64) page->len);
  sqlite3_bind_blob64 (link, 5, data, len, SQLITE_STATIC);
  return sewa_store_step (self, link, "cannot link a page", error);
}

gboolean
sewa_store_enqueue (SewaStore *self, const SewaNewApplication *app, const SewaNewPage *pages,
                    gsize n_pages, char **out_id, char **out_reference, GError **error)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (GBytes) payload = NULL;
  g_autoptr (GBytes) ad = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *detail = NULL;
  g_autoptr (SewaStmt) stmt = NULL;
  g_autofree PreparedPage *prepared = NULL;
  g_autoptr (GError) mark_error = NULL;
  g_autoptr (JsonNode) prescrutiny = NULL;
  JsonNode *form;
  gint64 now, app_rowid, corrects_rowid = 0;
  guint n_masked = 0;
  gboolean ok = FALSE;
  gsize len = 0;
  const guint8 *data;

  g_return_val_if_fail (SEWA_IS_STORE (self), FALSE);
  g_return_val_if_fail (app != NULL, FALSE);
  g_return_val_if_fail (pages != NULL || n_pages == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_new (app, pages, n_pages, error))
    return FALSE;
  /* The report is the kiosk's own output, but it is stored and sent as it is: check it is the
   * object the contract wants before it is sealed, not when the portal refuses it. */
  if (app->prescrutiny_json != NULL)
    {
      prescrutiny = json_from_string (app->prescrutiny_json, NULL);
      if (prescrutiny == NULL || !JSON_NODE_HOLDS_OBJECT (prescrutiny))
        {
          g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                       "the pre-scrutiny report is not a JSON object");
          return FALSE;
        }
    }

  form = sewa_store_parse_form (app->form_json, app->aadhaar_fields, &n_masked, error);
  if (form == NULL)
    return FALSE;
  if (n_masked > 0)
    g_warning ("%u form field(s) marked aadhaar held more than four digits; stored only the "
               "last four", n_masked);

  now = app->created_at != 0 ? app->created_at : sewa_store_now ();
  id = sewa_crypto_uuid ();

  /* Seal everything before taking the write lock: the transaction then only writes. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "form");
  json_builder_add_value (builder, json_node_ref (form));
  json_builder_set_member_name (builder, "citizen_ref");
  if (app->citizen_ref != NULL)
    json_builder_add_string_value (builder, app->citizen_ref);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "identity_method");
  json_builder_add_string_value (builder, sewa_identity_method_to_string (app->identity_method));
  if (app->citizen_token != NULL)
    {
      json_builder_set_member_name (builder, "citizen_token");
      json_builder_add_string_value (builder, app->citizen_token);
    }
  if (app->n_vault_refs > 0)
    {
      json_builder_set_member_name (builder, "vault_refs");
      json_builder_begin_array (builder);
      for (gsize i = 0; i < app->n_vault_refs; i++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "doc_id");
          json_builder_add_string_value (builder, app->vault_refs[i].document_id);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, app->vault_refs[i].doc_type);
          json_builder_set_member_name (builder, "vault_id");
          json_builder_add_string_value (builder, app->vault_refs[i].vault_id);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  if (app->vault_consent != NULL)
    {
      json_builder_set_member_name (builder, "vault_consent");
      json_builder_add_string_value (builder, app->vault_consent);
    }
  if (app->citizen_lang != NULL)
    {
      json_builder_set_member_name (builder, "citizen_lang");
      json_builder_add_string_value (builder, app->citizen_lang);
    }
  if (app->assisted_by != NULL)
    {
      json_builder_set_member_name (builder, "assisted_by");
      json_builder_add_string_value (builder, app->assisted_by);
    }
  if (prescrutiny != NULL)
    {
      json_builder_set_member_name (builder, "prescrutiny");
      json_builder_add_value (builder, json_node_ref (prescrutiny));
    }
  json_builder_set_member_name (builder, "fee_amount_paise");
  json_builder_add_int_value (builder, app->fee_amount_paise);
  json_builder_set_member_name (builder, "fee_payment_ref");
  if (app->fee_payment_ref != NULL)
    json_builder_add_string_value (builder, app->fee_payment_ref);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  ad = sewa_store_ad_payload (id);
  payload = seal_json (self, builder, ad);

  prepared = g_new0 (PreparedPage, n_pages + 1);
  for (gsize i = 0; i < n_pages; i++)
    {
      g_autoptr (JsonBuilder) mb = json_builder_new_immutable ();
      g_autoptr (GBytes) page_ad = NULL;
      g_autoptr (GBytes) meta_ad = NULL;
      g_autofree char *hex = NULL;
      gsize ad_len = 0;
      const guint8 *ad_data;

      sewa_crypto_sha256 (pages[i].data, pages[i].len, prepared[i].sha256);
      sewa_key_page_address (self->key, prepared[i].sha256, prepared[i].address);
      page_ad = sewa_store_ad_page (prepared[i].address);
      ad_data = g_bytes_get_data (page_ad, &ad_len);
      prepared[i].sealed = sewa_key_seal (self->key, pages[i].data, pages[i].len, ad_data, ad_len);

      hex = sewa_crypto_hex (prepared[i].sha256, 32);
      json_builder_begin_object (mb);
      json_builder_set_member_name (mb, "sha256");
      json_builder_add_string_value (mb, hex);
      json_builder_set_member_name (mb, "document_id");
      json_builder_add_string_value (mb, pages[i].document_id);
      json_builder_set_member_name (mb, "doc_type");
      if (pages[i].doc_type != NULL)
        json_builder_add_string_value (mb, pages[i].doc_type);
      else
        json_builder_add_null_value (mb);
      json_builder_set_member_name (mb, "mime_type");
      json_builder_add_string_value (mb, pages[i].mime_type);
      json_builder_end_object (mb);
      meta_ad = sewa_store_ad_page_meta (id, (guint) i);
      prepared[i].meta = seal_json (self, mb, meta_ad);
    }

  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_tx_begin (self, error))
    goto out;
  if (app->corrects != NULL && !sewa_store_lookup_rowid (self, app->corrects, &corrects_rowid, error))
    {
      g_prefix_error (error, "the corrected application: ");
      goto out;
    }
  if (corrects_rowid != 0 && !corrected_was_sent (self, corrects_rowid, error))
    goto out;
  reference = next_reference (self, now, error);
  if (reference == NULL)
    goto out;

  stmt = sewa_store_prepare (self,
                             "INSERT INTO applications (idem_key, reference, service_id, "
                             "catalog_version, catalog_hash, state, fee_state, next_attempt_at, "
                             "corrects_id, n_pages, payload, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    goto out;
  data = g_bytes_get_data (payload, &len);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reference, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, app->service_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, app->catalog_version, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, app->catalog_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, sewa_fee_state_to_string (app->fee_state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, now);
  if (corrects_rowid != 0)
    sqlite3_bind_int64 (stmt, 8, corrects_rowid);
  else
    sqlite3_bind_null (stmt, 8);
  sqlite3_bind_int64 (stmt, 9, (gint64) n_pages);
  sqlite3_bind_blob64 (stmt, 10, data, len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, now);
  if (!sewa_store_step (self, stmt, "cannot store the application", error))
    goto out;
  app_rowid = sqlite3_last_insert_rowid (self->db);

  for (gsize i = 0; i < n_pages; i++)
    if (!insert_page (self, app_rowid, (guint) i, &pages[i], &prepared[i], now, error))
      goto out;

  detail = g_strdup_printf ("id=%s ref=%s service=%s pages=%" G_GSIZE_FORMAT "%s%s", id,
                            reference, app->service_id, n_pages,
                            n_masked > 0 ? " aadhaar_masked=" : "",
                            n_masked > 0 ? "yes" : "");
  if (!sewa_store_audit_locked (self, now, "enqueued", detail, error))
    goto out;
  sewa_store_mark_start (self);
  ok = sewa_store_tx_commit (self, error);

out:
  if (!ok)
    {
      sewa_store_tx_rollback (self);
      g_prefix_error (error, "the application was not saved: ");
    }
  if (!sewa_store_mark_finish (self, &mark_error) && ok)
    {
      /* The application is committed and its reference may be printed: failing now would make
       * the citizen apply twice. Its number stays reserved in memory, and the next enqueue
       * writes its mark before it commits (or fails). */
      g_warning ("%s", mark_error->message);
    }
  g_rec_mutex_unlock (&self->lock);
  for (gsize i = 0; i < n_pages; i++)
    prepared_page_clear (&prepared[i]);
  json_node_unref (form);
  if (ok)
    {
      if (out_id != NULL)
        *out_id = g_steal_pointer (&id);
      if (out_reference != NULL)
        *out_reference = g_steal_pointer (&reference);
    }
  return ok;
}
