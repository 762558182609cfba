/* sewa-store-read.c — reading applications back (sealed parts opened on request) and pages
 * (decrypted and hash-verified). */
#define G_LOG_DOMAIN "sewa-store"

#include "sewa-store.h"
#include "sewa-store-private.h"
#include "sewa-lang.h"
#include "sewa-config.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* --- reading applications ----------------------------------------------------------------- */

#define APP_COLUMNS \
  "a.id, a.idem_key, a.reference, a.service_id, a.catalog_version, a.catalog_hash, a.state, " \
  "a.fee_state, a.attempt_count, a.next_attempt_at, a.lease_until, a.last_error, a.arn, " \
  "(SELECT c.idem_key FROM applications c WHERE c.id = a.corrects_id), a.n_pages, a.payload, " \
  "a.created_at, a.updated_at, a.submitted_at, a.acknowledged_at, a.pages_purged_at, " \
  "a.instant_outcome, a.instant_note"

char *
sewa_store_column_strdup (sqlite3_stmt *stmt, int col)
{
  const unsigned char *t = sqlite3_column_text (stmt, col);

  return t != NULL ? g_strdup ((const char *) t) : NULL;
}

static gboolean
unseal_payload (SewaStore *self, SewaAppRecord *app, const void *blob, gsize blob_len,
                GError **error)
{
  g_autoptr (GBytes) ad = sewa_store_ad_payload (app->id);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree guint8 *plain = NULL;
  gsize ad_len = 0, plain_len = 0;
  const guint8 *ad_data = g_bytes_get_data (ad, &ad_len);
  JsonObject *obj;
  JsonNode *form;

  plain = sewa_key_open (self->key, blob, blob_len, ad_data, ad_len, &plain_len, error);
  if (plain == NULL)
    {
      g_prefix_error (error, "application %s: ", app->id);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, (const char *) plain, (gssize) plain_len, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    form = NULL;
  else
    {
      obj = json_node_get_object (json_parser_get_root (parser));
      form = json_object_get_member (obj, "form");
    }
  if (form == NULL || !JSON_NODE_HOLDS_OBJECT (form))
    {
      memset (plain, 0, plain_len);
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s: sealed record is not valid JSON", app->id);
      return FALSE;
    }
  app->form_json = json_to_string (form, FALSE);
  app->citizen_ref = g_strdup (json_object_get_string_member_with_default (obj, "citizen_ref", NULL));
  app->identity_method = g_strdup (json_object_get_string_member_with_default (obj, "identity_method", NULL));
  app->citizen_token = g_strdup (json_object_get_string_member_with_default (obj, "citizen_token", NULL));
  app->vault_consent = g_strdup (json_object_get_string_member_with_default (obj, "vault_consent", NULL));
  app->citizen_lang = g_strdup (json_object_get_string_member_with_default (obj, "citizen_lang", NULL));
  if (app->citizen_lang != NULL && !sewa_lang_from_code (app->citizen_lang, NULL))
    g_clear_pointer (&app->citizen_lang, g_free);
  app->assisted_by = g_strdup (json_object_get_string_member_with_default (obj, "assisted_by", NULL));
  if (app->assisted_by != NULL && !sewa_config_operator_name_is_valid (app->assisted_by))
    g_clear_pointer (&app->assisted_by, g_free);
  if (json_object_has_member (obj, "prescrutiny") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "prescrutiny")))
    app->prescrutiny_json = json_to_string (json_object_get_member (obj, "prescrutiny"), FALSE);
  app->vault_refs = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_app_vault_ref_free);
  if (json_object_has_member (obj, "vault_refs") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "vault_refs")))
    {
      JsonArray *refs = json_object_get_array_member (obj, "vault_refs");

      for (guint i = 0; i < json_array_get_length (refs); i++)
        {
          JsonNode *n = json_array_get_element (refs, i);
          JsonObject *r = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
          SewaAppVaultRef *ref;

          if (r == NULL)
            continue;
          ref = g_new0 (SewaAppVaultRef, 1);
          ref->document_id = g_strdup (json_object_get_string_member_with_default (r, "doc_id", NULL));
          ref->doc_type = g_strdup (json_object_get_string_member_with_default (r, "type", NULL));
          ref->vault_id = g_strdup (json_object_get_string_member_with_default (r, "vault_id", NULL));
          g_ptr_array_add (app->vault_refs, ref);
        }
    }
  app->fee_amount_paise = json_object_get_int_member_with_default (obj, "fee_amount_paise", 0);
  app->fee_payment_ref = g_strdup (json_object_get_string_member_with_default (obj, "fee_payment_ref", NULL));
  app->has_pii = TRUE;
  memset (plain, 0, plain_len);
  return TRUE;
}

static gboolean
unseal_page_meta (SewaStore *self, const char *idem_key, SewaAppPage *page, const void *blob,
                  gsize blob_len, GError **error)
{
  g_autoptr (GBytes) ad = sewa_store_ad_page_meta (idem_key, page->index);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree guint8 *plain = NULL;
  gsize ad_len = 0, plain_len = 0;
  const guint8 *ad_data = g_bytes_get_data (ad, &ad_len);
  JsonObject *obj;

  plain = sewa_key_open (self->key, blob, blob_len, ad_data, ad_len, &plain_len, error);
  if (plain == NULL)
    {
      g_prefix_error (error, "application %s page %u metadata: ", idem_key, page->index);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, (const char *) plain, (gssize) plain_len, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s page %u: metadata is not valid JSON", idem_key, page->index);
      return FALSE;
    }
  obj = json_node_get_object (json_parser_get_root (parser));
  page->sha256 = g_strdup (json_object_get_string_member_with_default (obj, "sha256", NULL));
  page->document_id = g_strdup (json_object_get_string_member_with_default (obj, "document_id", NULL));
  page->doc_type = g_strdup (json_object_get_string_member_with_default (obj, "doc_type", NULL));
  page->mime_type = g_strdup (json_object_get_string_member_with_default (obj, "mime_type", NULL));
  if (page->sha256 == NULL || strlen (page->sha256) != 64)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s page %u: metadata lacks the page hash", idem_key, page->index);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_pages (SewaStore *self, gint64 rowid, SewaAppRecord *app, gboolean with_pii,
            GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;
  const gboolean has_upload_columns = self->schema_version >= 2;

  stmt = sewa_store_prepare (self,
                             has_upload_columns
                               ? "SELECT page_index, size, meta, page_id IS NULL, upload_id, "
                                 "confirmed_offset FROM application_pages "
                                 "WHERE application_id = ? ORDER BY page_index"
                               : "SELECT page_index, size, meta, page_id IS NULL, NULL, 0 "
                                 "FROM application_pages "
                                 "WHERE application_id = ? ORDER BY page_index",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SewaAppPage *p = g_new0 (SewaAppPage, 1);

      p->index = (guint) sqlite3_column_int64 (stmt, 0);
      p->size = sqlite3_column_int64 (stmt, 1);
      p->purged = sqlite3_column_int (stmt, 3) != 0;
      p->upload_id = sewa_store_column_strdup (stmt, 4);
      p->confirmed_offset = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (app->pages, p);
      if (with_pii && !unseal_page_meta (self, app->id, p, sqlite3_column_blob (stmt, 2),
                                         (gsize) sqlite3_column_bytes (stmt, 2), error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      sewa_store_set_sqlite_error (self, rc, "cannot read page records", error);
      return FALSE;
    }
  return TRUE;
}

/* Builds an application from a row of APP_COLUMNS. */
static SewaAppRecord *
app_from_row (SewaStore *self, sqlite3_stmt *stmt, gboolean with_pii, GError **error)
{
  g_autoptr (SewaAppRecord) app = g_new0 (SewaAppRecord, 1);
  gint64 rowid = sqlite3_column_int64 (stmt, 0);

  app->pages = g_ptr_array_new_with_free_func (sewa_app_page_free);
  app->id = sewa_store_column_strdup (stmt, 1);
  app->reference = sewa_store_column_strdup (stmt, 2);
  app->service_id = sewa_store_column_strdup (stmt, 3);
  app->catalog_version = sewa_store_column_strdup (stmt, 4);
  app->catalog_hash = sewa_store_column_strdup (stmt, 5);
  if (!sewa_app_state_from_string ((const char *) sqlite3_column_text (stmt, 6), &app->state) ||
      !sewa_fee_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &app->fee_state))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "application %s has an invalid state", app->id);
      return NULL;
    }
  app->attempt_count = (guint) sqlite3_column_int64 (stmt, 8);
  app->next_attempt_at = sqlite3_column_int64 (stmt, 9);
  app->lease_until = sqlite3_column_int64 (stmt, 10);
  app->last_error = sewa_store_column_strdup (stmt, 11);
  app->arn = sewa_store_column_strdup (stmt, 12);
  app->corrects = sewa_store_column_strdup (stmt, 13);
  app->n_pages = (guint) sqlite3_column_int64 (stmt, 14);
  app->created_at = sqlite3_column_int64 (stmt, 16);
  app->updated_at = sqlite3_column_int64 (stmt, 17);
  app->submitted_at = sqlite3_column_int64 (stmt, 18);
  app->acknowledged_at = sqlite3_column_int64 (stmt, 19);
  app->pages_purged_at = sqlite3_column_int64 (stmt, 20);
  app->instant_outcome = sewa_store_column_strdup (stmt, 21);
  app->instant_note = sewa_store_column_strdup (stmt, 22);
  if (with_pii && !unseal_payload (self, app, sqlite3_column_blob (stmt, 15),
                                   (gsize) sqlite3_column_bytes (stmt, 15), error))
    return NULL;
  if (!load_pages (self, rowid, app, with_pii, error))
    return NULL;
  return g_steal_pointer (&app);
}

SewaAppRecord *
sewa_store_get_locked (SewaStore *self, const char *id_or_reference, gboolean with_pii, GError **error)
{
  g_autoptr (SewaStmt) stmt = NULL;
  int rc;

  stmt = sewa_store_prepare (self,
                             "SELECT " APP_COLUMNS " FROM applications a "
                             "WHERE a.idem_key = ?1 OR a.reference = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id_or_reference, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return app_from_row (self, stmt, with_pii, error);
  if (rc == SQLITE_DONE)
    g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND, "no application %s",
                 id_or_reference);
  else
    sewa_store_set_sqlite_error (self, rc, "cannot read the application", error);
  return NULL;
}

SewaAppRecord *
sewa_store_get (SewaStore *self, const char *id_or_reference, gboolean with_pii, GError **error)
{
  SewaAppRecord *app = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_reference != NULL, NULL);

  g_rec_mutex_lock (&self->lock);
  if (sewa_store_check_open (self, error))
    app = sewa_store_get_locked (self, id_or_reference, with_pii, error);
  g_rec_mutex_unlock (&self->lock);
  return app;
}

GPtrArray *
sewa_store_list (SewaStore *self, int state, gboolean with_pii, GError **error)
{
  g_autoptr (GPtrArray) out = NULL;
  g_autoptr (SewaStmt) stmt = NULL;
  GPtrArray *result = NULL;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_app_record_free);
  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "SELECT " APP_COLUMNS " FROM applications a "
                             "WHERE ?1 IS NULL OR a.state = ?1 ORDER BY a.id",
                             error);
  if (stmt == NULL)
    goto out;
  if (state >= 0)
    sqlite3_bind_text (stmt, 1, sewa_app_state_to_string ((SewaAppState) state), -1,
                       SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SewaAppRecord *app = app_from_row (self, stmt, with_pii, error);

      if (app == NULL)
        goto out;
      g_ptr_array_add (out, app);
    }
  if (rc != SQLITE_DONE)
    sewa_store_set_sqlite_error (self, rc, "cannot list applications", error);
  else
    result = g_steal_pointer (&out);
out:
  g_rec_mutex_unlock (&self->lock);
  return result;
}

GBytes *
sewa_store_read_page (SewaStore *self, const char *sha256_hex, GError **error)
{
  guint8 sha[32], address[SEWA_PAGE_ADDRESS_BYTES], actual[32];
  g_autoptr (SewaStmt) stmt = NULL;
  g_autoptr (GBytes) ad = NULL;
  guint8 *plain = NULL;
  GBytes *result = NULL;
  gsize plain_len = 0, ad_len = 0;
  const guint8 *ad_data;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);
  g_return_val_if_fail (sha256_hex != NULL, NULL);

  if (!sewa_crypto_unhex (sha256_hex, sha, sizeof sha))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                   "not a SHA-256 in hex: %s", sha256_hex);
      return NULL;
    }
  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
    goto out;
  sewa_key_page_address (self->key, sha, address);
  stmt = sewa_store_prepare (self, "SELECT sealed FROM pages WHERE address = ?", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_blob (stmt, 1, address, sizeof address, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND,
                     "page %.12s… is not stored (never, or purged by retention)", sha256_hex);
      else
        sewa_store_set_sqlite_error (self, rc, "cannot read a page", error);
      goto out;
    }
  ad = sewa_store_ad_page (address);
  ad_data = g_bytes_get_data (ad, &ad_len);
  plain = sewa_key_open (self->key, sqlite3_column_blob (stmt, 0),
                         (gsize) sqlite3_column_bytes (stmt, 0), ad_data, ad_len, &plain_len,
                         error);
  if (plain == NULL)
    {
      g_prefix_error (error, "page %.12s…: ", sha256_hex);
      goto out;
    }
  sewa_crypto_sha256 (plain, plain_len, actual);
  if (memcmp (actual, sha, sizeof sha) != 0)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_CORRUPT,
                   "page %.12s…: content does not match its SHA-256", sha256_hex);
      g_free (plain);
      goto out;
    }
  result = g_bytes_new_take (plain, plain_len);
out:
  g_rec_mutex_unlock (&self->lock);
  return result;
}

/* Whether the digits of @mobile end in @last4. Only digits count: a number stored as
 * "+91 98765 43210" still ends in "3210". */
static gboolean
mobile_ends_in (const char *mobile, const char *last4)
{
  char tail[5] = { 0 };
  int n = 4;

  if (mobile == NULL)
    return FALSE;
  for (const char *p = mobile + strlen (mobile); p > mobile && n > 0;)
    {
      p--;
      if (g_ascii_isdigit (*p))
        tail[--n] = *p;
    }
  return n == 0 && memcmp (tail, last4, 4) == 0;
}

static gboolean
day_is_iso (const char *day)
{
  if (day == NULL || strlen (day) != 10 || day[4] != '-' || day[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (day[i]))
      return FALSE;
  return TRUE;
}

GPtrArray *
sewa_store_find_by_mobile (SewaStore *self, const char *day, const char *last4, GError **error)
{
  g_autoptr (GPtrArray) out = NULL;
  g_autoptr (SewaStmt) stmt = NULL;
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  GPtrArray *result = NULL;
  int y = 0, m = 0, d = 0;
  int rc;

  g_return_val_if_fail (SEWA_IS_STORE (self), NULL);

  if (last4 == NULL || strlen (last4) != 4 || !g_ascii_isdigit (last4[0]) ||
      !g_ascii_isdigit (last4[1]) || !g_ascii_isdigit (last4[2]) || !g_ascii_isdigit (last4[3]))
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                   "the last four digits of a mobile number are four digits");
      return NULL;
    }
  if (day_is_iso (day))
    {
      y = (int) g_ascii_strtoll (day, NULL, 10);
      m = (int) g_ascii_strtoll (day + 5, NULL, 10);
      d = (int) g_ascii_strtoll (day + 8, NULL, 10);
    }
  if (!day_is_iso (day) ||
      !g_date_valid_dmy ((GDateDay) CLAMP (d, 0, 31), (GDateMonth) CLAMP (m, 0, 12), (GDateYear) CLAMP (y, 0, 9999)) ||
      (start = g_date_time_new_local (y, m, d, 0, 0, 0)) == NULL)
    {
      g_set_error (error, SEWA_STORE_ERROR, SEWA_STORE_ERROR_INVALID_INPUT,
                   "a day is written YYYY-MM-DD");
      return NULL;
    }
  end = g_date_time_add_days (start, 1);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) sewa_app_record_free);
  g_rec_mutex_lock (&self->lock);
  if (!sewa_store_check_open (self, error))
    goto out;
  stmt = sewa_store_prepare (self,
                             "SELECT " APP_COLUMNS " FROM applications a "
                             "WHERE a.created_at >= ?1 AND a.created_at < ?2 ORDER BY a.id",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (start));
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (end));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SewaAppRecord *app = app_from_row (self, stmt, TRUE, error);
      gboolean match;

      if (app == NULL)
        goto out;
      match = mobile_ends_in (app->citizen_ref, last4);
      /* Nothing of the citizen's leaves this function: the sealed details of every record read
       * are wiped before it is freed, and a match is handed on without them. */
      if (app->citizen_ref != NULL)
        explicit_bzero (app->citizen_ref, strlen (app->citizen_ref));
      if (app->form_json != NULL)
        explicit_bzero (app->form_json, strlen (app->form_json));
      if (match)
        {
          SewaAppRecord *plain = app_from_row (self, stmt, FALSE, error);

          if (plain == NULL)
            {
              sewa_app_record_free (app);
              goto out;
            }
          g_ptr_array_add (out, plain);
        }
      sewa_app_record_free (app);
    }
  if (rc != SQLITE_DONE)
    sewa_store_set_sqlite_error (self, rc, "cannot list the day's applications", error);
  else
    result = g_steal_pointer (&out);
out:
  g_rec_mutex_unlock (&self->lock);
  return result;
}
