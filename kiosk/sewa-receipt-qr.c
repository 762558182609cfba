#include "sewa-receipt-qr.h"
#include "sewa-reference.h"

#include <string.h>

#define MAX_PAYLOAD 512

static gboolean
arn_valid (const char *arn)
{
  size_t len = strlen (arn);

  if (len < 4 || len > 40)
    return FALSE;
  for (size_t i = 0; i < len; i++)
    if (!g_ascii_isupper (arn[i]) && !g_ascii_isdigit (arn[i]) && arn[i] != '-' && arn[i] != '/')
      return FALSE;
  return TRUE;
}

char *
sewa_receipt_qr_build (const char *track_url, const char *reference, const char *arn)
{
  g_autofree char *esc_arn = NULL;

  g_return_val_if_fail (track_url != NULL, NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  if (!sewa_reference_is_valid (reference))
    return NULL;
  if (arn == NULL)
    return g_strdup_printf ("%s?ref=%s", track_url, reference);
  if (!arn_valid (arn))
    return NULL;
  esc_arn = g_uri_escape_string (arn, NULL, FALSE);
  return g_strdup_printf ("%s?ref=%s&arn=%s", track_url, reference, esc_arn);
}

void
sewa_receipt_qr_free (SewaReceiptQr *qr)
{
  if (qr == NULL)
    return;
  g_free (qr->reference);
  g_free (qr->arn);
  g_free (qr);
}

SewaReceiptQr *
sewa_receipt_qr_parse (const char *payload, gsize len)
{
  g_autofree char *text = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autoptr (SewaReceiptQr) qr = NULL;
  const char *scheme, *query, *path, *ref, *arn;

  if (payload == NULL || len == 0 || len > MAX_PAYLOAD || memchr (payload, '\0', len) != NULL)
    return NULL;
  text = g_strndup (payload, len);
  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    return NULL;
  path = g_uri_get_path (uri);
  if (path == NULL || !g_str_has_suffix (path, "/track"))
    return NULL;
  query = g_uri_get_query (uri);
  if (query == NULL)
    return NULL;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    return NULL;
  /* Exactly the parameters we write, nothing else: a strict reader catches lookalikes. */
  if (g_hash_table_size (params) > 2)
    return NULL;

  ref = g_hash_table_lookup (params, "ref");
  arn = g_hash_table_lookup (params, "arn");
  if (ref == NULL || !sewa_reference_is_valid (ref))
    return NULL;
  if (g_hash_table_size (params) == 2 && (arn == NULL || !arn_valid (arn)))
    return NULL;

  qr = g_new0 (SewaReceiptQr, 1);
  qr->reference = g_strdup (ref);
  qr->arn = g_strdup (arn);
  return g_steal_pointer (&qr);
}
