/* sewa-enrol.c — see sewa-enrol.h. */
#define G_LOG_DOMAIN "sewa-sync"
#define G_LOG_USE_STRUCTURED 1

#include "sewa-build-config.h"
#include "sewa-enrol.h"
#include "sewa-crypto.h"
#include "sewa-provisioning.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

/* Associated data for the sealed secret: binds the ciphertext to this one setting. */
static const char secret_ad[] = "sewa-setting:" SEWA_SETTING_DEVICE_SECRET;

static char *
default_key_path (const char *state_dir, const char *key_path)
{
  if (key_path != NULL)
    return g_strdup (key_path);
  return g_build_filename (state_dir, "store.key", NULL);
}

char *
sewa_enrol_fetch_ca (const char *portal_url, const char *ca_sha256, GError **error)
{
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autofree char *url = NULL;
  struct curl_certinfo *info = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  CURLcode code;
  CURL *easy;
  char *found = NULL;

  g_return_val_if_fail (portal_url != NULL && ca_sha256 != NULL, NULL);

  url = g_strconcat (portal_url, g_str_has_suffix (portal_url, "/") ? "" : "/", "v1/catalog",
                     NULL);
  easy = curl_easy_init ();
  /* The only unverified connection the kiosk ever makes: it sends no credentials and its one
   * use is to read the chain, which is then checked against the provisioned hash. */
  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_NOBODY, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt (easy, CURLOPT_CERTINFO, 1L);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "https");
  code = curl_easy_perform (easy);
  if (code != CURLE_OK)
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_NETWORK,
                   "cannot reach the portal at %s to read its certificate: %s", portal_url,
                   errbuf[0] ? errbuf : curl_easy_strerror (code));
      curl_easy_cleanup (easy);
      return NULL;
    }
  curl_easy_getinfo (easy, CURLINFO_CERTINFO, &info);
  for (int i = 0; info != NULL && i < info->num_of_certs && found == NULL; i++)
    for (struct curl_slist *s = info->certinfo[i]; s != NULL; s = s->next)
      if (g_str_has_prefix (s->data, "Cert:"))
        {
          const char *pem = s->data + strlen ("Cert:");
          g_autofree char *hash = sewa_portal_pem_sha256 (pem, strlen (pem));

          if (hash != NULL)
            g_string_append_printf (seen, "%s%s", seen->len ? ", " : "", hash);
          if (hash != NULL && g_ascii_strcasecmp (hash, ca_sha256) == 0)
            {
              found = g_strdup (pem);
              break;
            }
        }
  curl_easy_cleanup (easy);
  if (found == NULL)
    g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_CA_MISMATCH,
                 "the portal's certificate chain does not contain the CA from the provisioning QR "
                 "(expected SHA-256 %s; the portal sent %s)", ca_sha256,
                 seen->len ? seen->str : "no certificates");
  return found;
}

static gboolean
save_credentials (SewaStore *store, const char *state_dir, const char *key_path,
                  const char *portal_url, const char *ca_file, const char *device_id,
                  const char *secret, GError **error)
{
  g_autofree char *path = default_key_path (state_dir, key_path);
  g_autoptr (SewaKey) key = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autofree char *sealed_b64 = NULL;

  key = sewa_key_load (path, error);
  if (key == NULL)
    return FALSE;
  sealed = sewa_key_seal (key, (const guint8 *) secret, strlen (secret),
                          (const guint8 *) secret_ad, strlen (secret_ad));
  sealed_b64 = g_base64_encode (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  /* The secret first: a crash between the puts leaves the old device id with a new secret,
   * which fails loudly (401) and is fixed by enrolling again, instead of a silent mix. */
  return sewa_store_setting_put (store, SEWA_SETTING_DEVICE_SECRET, sealed_b64, error)
         && sewa_store_setting_put (store, SEWA_SETTING_PORTAL_URL, portal_url, error)
         && sewa_store_setting_put (store, SEWA_SETTING_PORTAL_CA, ca_file ? ca_file : "", error)
         && sewa_store_setting_put (store, SEWA_SETTING_DEVICE_ID, device_id, error);
}

/* The enrolment reply must match the contract (docs/portal-api.yaml EnrolResponse) before any of
 * it is stored: the device id goes into a request header on every later call (a CR/LF would
 * forge headers), the secret into HMAC keys. */
static gboolean
check_reply (JsonObject *reply, const SewaEnrolParams *params, const char **out_device_id,
             const char **out_secret, GError **error)
{
  const char *device_id = sewa_portal_json_string (reply, "device_id");
  const char *secret = sewa_portal_json_string (reply, "secret");
  const char *centre = sewa_portal_json_string (reply, "centre");
  gint64 kiosk = sewa_portal_json_int (reply, "kiosk", -1);

  if (!sewa_portal_is_valid_device_id (device_id))
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                   "enrolment reply has no valid device_id (dev_ and 16 hex digits)");
      return FALSE;
    }
  if (!sewa_portal_is_valid_secret (secret))
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                   "enrolment reply has no valid secret (43 base64url characters)");
      return FALSE;
    }
  if (g_strcmp0 (centre, params->centre) != 0 || kiosk != (gint64) params->kiosk)
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                   "enrolment reply is for another centre or kiosk");
      return FALSE;
    }
  *out_device_id = device_id;
  *out_secret = secret;
  return TRUE;
}

/* This kiosk's enrolment key: made once and kept, so enrolling again with the same token after
 * a lost answer (a 504, a reset) gets the same device back instead of a burnt token
 * (docs/portal-api.md §2). Not a secret: the one-time token is. */
static char *
enrol_key (SewaStore *store, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *key = sewa_store_setting_get (store, SEWA_SETTING_ENROL_KEY, &local);

  if (key != NULL && strlen (key) >= 22 && strspn (key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                         "abcdefghijklmnopqrstuvwxyz"
                                                         "0123456789_-") == strlen (key))
    return g_steal_pointer (&key);
  if (local != NULL && !g_error_matches (local, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  g_free (key);
  key = sewa_portal_new_nonce ();
  if (!sewa_store_setting_put (store, SEWA_SETTING_ENROL_KEY, key, error))
    return NULL;
  return g_steal_pointer (&key);
}

SewaPortalClient *
sewa_enrol (SewaStore *store, const char *state_dir, const char *key_path,
            const SewaEnrolParams *params, GError **error)
{
  g_autofree char *ca_file = NULL;
  g_autoptr (SewaPortalClient) client = NULL;
  g_autoptr (SewaPortalCall) call = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonObject) reply = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *key = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) local = NULL;
  const char *device_id = NULL, *secret = NULL;
  gboolean https;

  g_return_val_if_fail (SEWA_IS_STORE (store), NULL);
  g_return_val_if_fail (state_dir != NULL && params != NULL, NULL);
  g_return_val_if_fail (params->portal_url != NULL && params->token != NULL, NULL);
  g_return_val_if_fail (params->centre != NULL, NULL);

  /* Checked before anything connects: plain http:// only on loopback. */
  if (!sewa_provisioning_check_portal_url (params->portal_url, &local))
    {
      g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_INSECURE, "%s", local->message);
      return NULL;
    }
  https = g_str_has_prefix (params->portal_url, "https://");
  key = enrol_key (store, error);
  if (key == NULL)
    return NULL;
  if (https)
    {
      g_autofree char *pem = NULL;

      if (params->ca_sha256 == NULL || strlen (params->ca_sha256) != 64)
        {
          g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_CA_MISMATCH,
                       "an https portal needs the CA's SHA-256 from the provisioning QR");
          return NULL;
        }
      pem = sewa_enrol_fetch_ca (params->portal_url, params->ca_sha256, error);
      if (pem == NULL)
        return NULL;
      if (g_mkdir_with_parents (state_dir, 0700) != 0)
        {
          g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_PROTOCOL,
                       "cannot create %s", state_dir);
          return NULL;
        }
      ca_file = g_build_filename (state_dir, "portal-ca.pem", NULL);
      if (!g_file_set_contents_full (ca_file, pem, -1, G_FILE_SET_CONTENTS_CONSISTENT
                                     | G_FILE_SET_CONTENTS_DURABLE, 0644, error))
        return NULL;
    }

  client = sewa_portal_client_new (params->portal_url, ca_file, NULL, NULL);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, params->token);
  json_builder_set_member_name (builder, "centre");
  json_builder_add_string_value (builder, params->centre);
  json_builder_set_member_name (builder, "kiosk");
  json_builder_add_int_value (builder, params->kiosk);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, params->version ? params->version : SEWA_VERSION);
  json_builder_set_member_name (builder, "enrol_key");
  json_builder_add_string_value (builder, key);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body_text = sewa_portal_canonical_json (root);
  body = g_bytes_new (body_text, strlen (body_text));

  call = sewa_portal_call_new (client, "POST", "/v1/devices/enrol", "application/json", body,
                               FALSE, g_get_real_time () / G_USEC_PER_SEC);
  sewa_portal_call_perform (call, g_get_real_time () / G_USEC_PER_SEC);
  if (!sewa_portal_call_to_error (call, error))
    return NULL;
  reply = sewa_portal_call_get_json (call, error);
  if (reply == NULL)
    return NULL;
  if (!check_reply (reply, params, &device_id, &secret, error))
    return NULL;
  if (!save_credentials (store, state_dir, key_path, params->portal_url, ca_file, device_id,
                         secret, error))
    return NULL;
  g_message ("enrolled as device %s at %s", device_id, params->portal_url);
  return sewa_portal_client_new (params->portal_url, ca_file, device_id, secret);
}

SewaPortalClient *
sewa_enrol_load_client (SewaStore *store, const char *state_dir, const char *key_path,
                        GError **error)
{
  g_autofree char *url = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *sealed_b64 = NULL;
  g_autofree guchar *sealed = NULL;
  g_autofree guint8 *secret = NULL;
  g_autofree char *path = NULL;
  g_autoptr (SewaKey) key = NULL;
  g_autoptr (GError) local = NULL;
  gsize sealed_len = 0, secret_len = 0;
  SewaPortalClient *client;

  g_return_val_if_fail (SEWA_IS_STORE (store), NULL);
  g_return_val_if_fail (state_dir != NULL, NULL);

  device_id = sewa_store_setting_get (store, SEWA_SETTING_DEVICE_ID, &local);
  if (device_id == NULL)
    {
      if (g_error_matches (local, SEWA_STORE_ERROR, SEWA_STORE_ERROR_NOT_FOUND))
        g_set_error (error, SEWA_PORTAL_ERROR, SEWA_PORTAL_ERROR_NOT_ENROLLED,
                     "this kiosk is not enrolled with a portal yet");
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  url = sewa_store_setting_get (store, SEWA_SETTING_PORTAL_URL, error);
  if (url == NULL)
    return NULL;
  ca_file = sewa_store_setting_get (store, SEWA_SETTING_PORTAL_CA, error);
  if (ca_file == NULL)
    return NULL;
  sealed_b64 = sewa_store_setting_get (store, SEWA_SETTING_DEVICE_SECRET, error);
  if (sealed_b64 == NULL)
    return NULL;
  sealed = g_base64_decode (sealed_b64, &sealed_len);
  path = default_key_path (state_dir, key_path);
  key = sewa_key_load (path, error);
  if (key == NULL)
    return NULL;
  secret = sewa_key_open (key, sealed, sealed_len, (const guint8 *) secret_ad,
                          strlen (secret_ad), &secret_len, error);
  if (secret == NULL)
    return NULL;
  client = sewa_portal_client_new (url, ca_file[0] ? ca_file : NULL, device_id,
                                   (const char *) secret);
  sodium_memzero (secret, secret_len);
  return client;
}

gboolean
sewa_enrol_factory_reset (SewaStore *store, const char *state_dir, guint *out_n_deleted,
                          GError **error)
{
  g_autofree char *ca_file = NULL;

  g_return_val_if_fail (SEWA_IS_STORE (store), FALSE);
  g_return_val_if_fail (state_dir != NULL, FALSE);

  if (!sewa_store_factory_reset (store, out_n_deleted, error))
    return FALSE;
  /* Without its settings the store no longer names the CA; the file goes too, so a later
   * enrolment pins afresh and nothing of the old portal is trusted. */
  ca_file = g_build_filename (state_dir, "portal-ca.pem", NULL);
  if (g_unlink (ca_file) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "the store was reset but the pinned CA %s could not be removed: %s", ca_file,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
