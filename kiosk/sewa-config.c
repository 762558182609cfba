#include "sewa-config.h"
#include "sewa-aadhaar.h"
#include "sewa-lang.h"

#include <string.h>

G_DEFINE_QUARK (sewa-config-error-quark, sewa_config_error)

#define MAX_CONFIG_BYTES (256 * 1024)

static void operator_free (gpointer p);

SewaConfig *
sewa_config_new_default (void)
{
  SewaConfig *c = g_new0 (SewaConfig, 1);

  c->centre_code = g_strdup ("LDH01");
  c->kiosk_number = 1;
  c->state_dir = g_build_filename (g_get_user_data_dir (), "sewa-kiosk", NULL);
  c->idle_timeout_s = 90;
  c->idle_warning_s = 20;
  c->identity_lookup_wait_s = 10;
  c->document_checks = TRUE;
  c->default_language = g_strdup ("pa");
  c->voice = TRUE;
  c->portal_url = g_strdup ("http://127.0.0.1:8480");
  c->track_url = g_strdup ("https://connect.punjab.gov.in/track");
  c->paper = g_strdup ("80mm");
  c->upi_payee_name = g_strdup ("Punjab Sewa Kendra");
  c->document_retention_days = 30;
  c->operator_idle_timeout_s = 120;
  c->device_check_s = 60;
  c->offline_probe_max_s = 300;
  c->operators = g_ptr_array_new_with_free_func (operator_free);
  return c;
}

void
sewa_config_free (SewaConfig *c)
{
  if (c == NULL)
    return;
  g_free (c->centre_code);
  g_free (c->state_dir);
  g_free (c->default_language);
  g_free (c->portal_url);
  g_free (c->portal_ca_file);
  g_free (c->track_url);
  g_free (c->printer_dest);
  g_free (c->paper);
  g_free (c->voice_device);
  g_free (c->camera_model);
  g_free (c->camera_port);
  g_free (c->upi_vpa);
  g_free (c->upi_payee_name);
  g_strfreev (c->uidai_cert_files);
  g_free (c->operator_pin_hash);
  g_free (c->technician_pin_hash);
  g_clear_pointer (&c->operators, g_ptr_array_unref);
  g_free (c);
}

typedef enum { KEY_STRING, KEY_STRV, KEY_UINT, KEY_BOOL, KEY_SCALE } KeyType;

typedef struct
{
  const char *group;
  const char *key;
  KeyType type;
  gsize offset;
  guint max; /* for KEY_UINT */
} KeySpec;

#define STR(g, k, f) { g, k, KEY_STRING, G_STRUCT_OFFSET (SewaConfig, f), 0 }
#define STRV(g, k, f) { g, k, KEY_STRV, G_STRUCT_OFFSET (SewaConfig, f), 0 }
#define UINT(g, k, f, m) { g, k, KEY_UINT, G_STRUCT_OFFSET (SewaConfig, f), m }
#define BOOL(g, k, f) { g, k, KEY_BOOL, G_STRUCT_OFFSET (SewaConfig, f), 0 }
/* A double: 0 (automatic) or from SEWA_CONFIG_STAND_SCALE_MIN to _MAX. */
#define SCALE(g, k, f) { g, k, KEY_SCALE, G_STRUCT_OFFSET (SewaConfig, f), 0 }

static const KeySpec keys[] = {
  STR ("kiosk", "centre", centre_code),
  UINT ("kiosk", "number", kiosk_number, 99),
  STR ("kiosk", "state-dir", state_dir),
  UINT ("kiosk", "idle-timeout", idle_timeout_s, 3600),
  UINT ("kiosk", "idle-warning", idle_warning_s, 3600),
  UINT ("kiosk", "identity-lookup-wait", identity_lookup_wait_s, 120),
  STR ("kiosk", "language", default_language),
  BOOL ("kiosk", "voice", voice),
  BOOL ("kiosk", "document-checks", document_checks),
  UINT ("kiosk", "document-check-wait", document_check_wait_s, 600),
  STR ("kiosk", "voice-device", voice_device),
  UINT ("kiosk", "device-check", device_check_s, 3600),
  STR ("portal", "url", portal_url),
  STR ("portal", "ca-file", portal_ca_file),
  STR ("portal", "track-url", track_url),
  UINT ("portal", "offline-probe-max", offline_probe_max_s, 3600),
  STR ("printer", "destination", printer_dest),
  STR ("printer", "paper", paper),
  STR ("camera", "model", camera_model),
  STR ("camera", "port", camera_port),
  SCALE ("camera", "stand-scale", stand_px_per_mm),
  STR ("payments", "upi-vpa", upi_vpa),
  STR ("payments", "upi-name", upi_payee_name),
  STRV ("aadhaar", "uidai-certificate", uidai_cert_files),
  UINT ("retention", "document-days", document_retention_days, 3650),
  STR ("operator", "pin-hash", operator_pin_hash),
  UINT ("operator", "idle-timeout", operator_idle_timeout_s, 3600),
  STR ("technician", "pin-hash", technician_pin_hash),
};

static const KeySpec *
find_spec (const char *group, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].group, group) && g_str_equal (keys[i].key, key))
      return &keys[i];
  return NULL;
}

static gboolean
validate (SewaConfig *c, GError **error)
{
  size_t clen = strlen (c->centre_code);

  if (clen < 2 || clen > 6)
    goto bad_centre;
  for (size_t i = 0; i < clen; i++)
    if (!g_ascii_isupper (c->centre_code[i]) && !g_ascii_isdigit (c->centre_code[i]))
      goto bad_centre;
  if (!sewa_lang_from_code (c->default_language, NULL))
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[kiosk] language must be pa, hi or en");
      return FALSE;
    }
  if (!g_str_equal (c->paper, "80mm") && !g_str_equal (c->paper, "a4"))
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[printer] paper must be 80mm or a4");
      return FALSE;
    }
  if (!g_str_has_prefix (c->portal_url, "http://") && !g_str_has_prefix (c->portal_url, "https://"))
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[portal] url must start with http:// or https://");
      return FALSE;
    }
  if (c->identity_lookup_wait_s < 1)
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[kiosk] identity-lookup-wait must be at least 1 second");
      return FALSE;
    }
  if (c->idle_timeout_s < 10)
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[kiosk] idle-timeout must be at least 10 seconds");
      return FALSE;
    }
  if (c->operator_pin_hash != NULL && !sewa_config_pin_hash_is_valid (c->operator_pin_hash))
    {
      /* The value is not echoed: it is a password hash. */
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[operator] pin-hash is not a PIN hash; set it with `kioskctl operator set-pin`");
      return FALSE;
    }
  if (c->technician_pin_hash != NULL && !sewa_config_pin_hash_is_valid (c->technician_pin_hash))
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[technician] pin-hash is not a PIN hash; set it with `kioskctl technician set-pin`");
      return FALSE;
    }
  if (c->device_check_s < 5)
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[kiosk] device-check must be at least 5 seconds");
      return FALSE;
    }
  if (c->offline_probe_max_s < 5)
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[portal] offline-probe-max must be at least 5 seconds");
      return FALSE;
    }
  if (c->operator_idle_timeout_s < 10)
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[operator] idle-timeout must be at least 10 seconds");
      return FALSE;
    }
  if (c->uidai_cert_files != NULL)
    {
      /* A certificate that cannot be read would otherwise surface only when a citizen holds
       * up an Aadhaar card, as "could not be verified"; the technician hears of it now. */
      g_autoptr (GError) local = NULL;
      g_autoptr (SewaAadhaarKey) key =
        sewa_aadhaar_key_new_from_files ((const char *const *) c->uidai_cert_files, &local);

      if (key == NULL)
        {
          g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                       "[aadhaar] uidai-certificate: %s", local->message);
          return FALSE;
        }
    }
  return TRUE;

bad_centre:
  g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
               "[kiosk] centre must be 2 to 6 characters A-Z or 0-9");
  return FALSE;
}

/* crypto_pwhash_STRBYTES is 128 including the terminating NUL; kiosk/ does not link
 * libsodium, so the shape is checked here and the hash by libsodium when a PIN is verified. */
#define PIN_HASH_MAX_LEN 127

gboolean
sewa_config_pin_hash_is_valid (const char *text)
{
  size_t len;

  if (text == NULL)
    return FALSE;
  len = strlen (text);
  if (len > PIN_HASH_MAX_LEN || (!g_str_has_prefix (text, "$argon2id$") &&
                                 !g_str_has_prefix (text, "$argon2i$")))
    return FALSE;
  for (size_t i = 0; i < len; i++)
    if (text[i] <= ' ' || text[i] > '~')
      return FALSE;
  /* $argon2id$v=19$m=…,t=…,p=…$salt$hash: five '$'-separated parts after the leading one. */
  {
    guint dollars = 0;

    for (size_t i = 0; i < len; i++)
      if (text[i] == '$')
        dollars++;
    return dollars == 5;
  }
}

static void
operator_free (gpointer p)
{
  SewaConfigOperator *op = p;

  g_free (op->id);
  g_free (op->pin_hash);
  g_free (op);
}

gboolean
sewa_config_operator_name_is_valid (const char *name)
{
  /* "portal" is who recorded a fee the portal confirmed (SEWA_PAYMENT_BY_PORTAL): never a person. */
  return name != NULL && g_regex_match_simple ("^[a-z][a-z0-9_-]{0,31}$", name, 0, 0)
         && !g_str_equal (name, "portal");
}

const SewaConfigOperator *
sewa_config_find_operator (const SewaConfig *config, const char *id)
{
  g_return_val_if_fail (config != NULL, NULL);

  for (guint i = 0; id != NULL && i < config->operators->len; i++)
    {
      const SewaConfigOperator *op = g_ptr_array_index (config->operators, i);

      if (g_str_equal (op->id, id))
        return op;
    }
  return NULL;
}

/* One [operator.NAME] group: its name and PIN hash are checked here (the hash is not echoed in
 * messages: it is a password hash). */
static gboolean
load_operator (SewaConfig *c, GKeyFile *kf, const char *group, GError **error)
{
  const char *name = group + strlen ("operator.");
  g_autofree char *hash = g_key_file_get_string (kf, group, "pin-hash", NULL);
  SewaConfigOperator *op;

  if (!sewa_config_operator_name_is_valid (name) || g_str_equal (name, "operator"))
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[%s]: an operator's name is 1-32 characters a-z, 0-9, _ or -, starting with "
                   "a letter, and not \"operator\"", group);
      return FALSE;
    }
  if (hash == NULL || !sewa_config_pin_hash_is_valid (g_strstrip (hash)))
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[%s] pin-hash is not a PIN hash; set it with `kioskctl operator add %s`",
                   group, name);
      return FALSE;
    }
  if (sewa_config_find_operator (c, name) != NULL)
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "[%s] appears twice", group);
      return FALSE;
    }
  op = g_new0 (SewaConfigOperator, 1);
  op->id = g_strdup (name);
  op->pin_hash = g_steal_pointer (&hash);
  g_ptr_array_add (c->operators, op);
  return TRUE;
}

SewaConfig *
sewa_config_load_data (const char *data, gsize len, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (SewaConfig) c = sewa_config_new_default ();
  g_auto (GStrv) groups = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > MAX_CONFIG_BYTES)
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_PARSE, "configuration is too large");
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, (gssize) len, NULL))
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_PARSE,
                   "configuration is not UTF-8 text");
      return NULL;
    }
  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_PARSE, "configuration: %s",
                   local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (kf, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto (GStrv) names = g_key_file_get_keys (kf, groups[g], NULL, NULL);

      if (g_str_has_prefix (groups[g], "operator."))
        {
          if (!load_operator (c, kf, groups[g], error))
            return NULL;
          continue;
        }
      for (guint k = 0; names != NULL && names[k] != NULL; k++)
        {
          const KeySpec *spec = find_spec (groups[g], names[k]);
          gpointer field;

          if (spec == NULL)
            {
              g_warning ("configuration: ignoring unknown key [%s] %s", groups[g], names[k]);
              continue;
            }
          field = G_STRUCT_MEMBER_P (c, spec->offset);
          switch (spec->type)
            {
            case KEY_STRING:
              {
                char *v = g_key_file_get_string (kf, groups[g], names[k], NULL);
                char **slot = field;

                g_free (*slot);
                *slot = (v != NULL && *g_strstrip (v) != '\0') ? v : (g_free (v), NULL);
                break;
              }
            case KEY_STRV:
              {
                /* A GLib key-file list ("a.pem;b.pem"); blank entries are dropped so a
                 * trailing ';' or an emptied value means "none". */
                g_auto (GStrv) v = g_key_file_get_string_list (kf, groups[g], names[k], NULL, NULL);
                g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
                char ***slot = field;
                g_auto (GStrv) list = NULL;

                for (guint i = 0; v != NULL && v[i] != NULL; i++)
                  if (*g_strstrip (v[i]) != '\0')
                    g_strv_builder_add (kept, v[i]);
                list = g_strv_builder_end (kept);
                g_strfreev (*slot);
                *slot = list[0] != NULL ? g_steal_pointer (&list) : NULL;
                break;
              }
            case KEY_UINT:
              {
                g_autofree char *v = g_key_file_get_string (kf, groups[g], names[k], NULL);
                guint64 n = 0;

                if (v == NULL ||
                    !g_ascii_string_to_unsigned (g_strstrip (v), 10, 0, spec->max, &n, NULL))
                  {
                    g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                                 "[%s] %s must be a whole number from 0 to %u", spec->group,
                                 spec->key, spec->max);
                    return NULL;
                  }
                *(guint *) field = (guint) n;
                break;
              }
            case KEY_BOOL:
              {
                gboolean b = g_key_file_get_boolean (kf, groups[g], names[k], &local_error);

                if (local_error != NULL)
                  {
                    g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                                 "[%s] %s must be true or false", spec->group, spec->key);
                    return NULL;
                  }
                *(gboolean *) field = b;
                break;
              }
            case KEY_SCALE:
              {
                g_autofree char *v = g_key_file_get_string (kf, groups[g], names[k], NULL);
                char *end = NULL;
                double d = 0;

                /* Plain decimals only: g_ascii_strtod also reads "nan", "inf" and hex. */
                if (v != NULL && *g_strstrip (v) != '\0' &&
                    strspn (v, "0123456789.") == strlen (v))
                  d = g_ascii_strtod (v, &end);
                if (end == NULL || *end != '\0' ||
                    !(d == 0 || (d >= SEWA_CONFIG_STAND_SCALE_MIN && d <= SEWA_CONFIG_STAND_SCALE_MAX)))
                  {
                    g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                                 "[%s] %s must be 0 (automatic) or camera pixels per millimetre "
                                 "on the stand from %.0f to %.0f (8.3 for a 12 MP camera framing "
                                 "an A4 page)", spec->group, spec->key,
                                 SEWA_CONFIG_STAND_SCALE_MIN, SEWA_CONFIG_STAND_SCALE_MAX);
                    return NULL;
                  }
                *(double *) field = d;
                break;
              }
            default:
              g_assert_not_reached ();
            }
        }
    }

  /* Required strings must not have been emptied. */
  if (c->centre_code == NULL || c->state_dir == NULL || c->default_language == NULL ||
      c->portal_url == NULL || c->paper == NULL)
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_INVALID,
                   "configuration leaves a required key empty");
      return NULL;
    }
  if (!validate (c, error))
    return NULL;
  /* The single operator PIN of before keeps working, as the operator "operator". */
  if (c->operator_pin_hash != NULL)
    {
      SewaConfigOperator *op = g_new0 (SewaConfigOperator, 1);

      op->id = g_strdup ("operator");
      op->pin_hash = g_strdup (c->operator_pin_hash);
      g_ptr_array_insert (c->operators, 0, op);
    }
  return g_steal_pointer (&c);
}

SewaConfig *
sewa_config_load_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) local_error = NULL;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, SEWA_CONFIG_ERROR, SEWA_CONFIG_ERROR_PARSE, "cannot read %s: %s", path,
                   local_error->message);
      return NULL;
    }
  return sewa_config_load_data (data, len, error);
}
