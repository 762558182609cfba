/* sewa-config.h — the kiosk's configuration file (GKeyFile, INI-like).
 *
 * One file, read at start-up; every key has a default so a fresh kiosk runs on its embedded
 * defaults. Unknown groups and keys are ignored with a warning (forward compatibility); a
 * value of the wrong type is an error naming the group and key, so a technician can fix it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_CONFIG_ERROR (sewa_config_error_quark ())
GQuark sewa_config_error_quark (void);

typedef enum
{
  SEWA_CONFIG_ERROR_PARSE,   /* not a key file at all */
  SEWA_CONFIG_ERROR_INVALID, /* a key with a value out of range or of the wrong type */
} SewaConfigError;

/* Below 2 px/mm (51 dpi) no document reaches the resolution its text needs; above 40 px/mm
 * (1016 dpi) even a 50 MP camera would see less than a card, so the value is a typo. */
#define SEWA_CONFIG_STAND_SCALE_MIN 2.0
#define SEWA_CONFIG_STAND_SCALE_MAX 40.0

typedef struct
{
  /* [kiosk] */
  char *centre_code;      /* Sewa Kendra code, 2–6 of A–Z/0–9 */
  guint kiosk_number;     /* 0–99 */
  char *state_dir;        /* database, documents, key file */
  guint idle_timeout_s;   /* citizen session idle reset */
  guint idle_warning_s;   /* "Are you still there?" this long before it; 0 = no warning */
  gboolean document_checks;      /* read scanned documents by OCR for pre-scrutiny (#17) */
  guint identity_lookup_wait_s; /* after an OTP, how long the identify step waits for the
                                 * citizen's documents and details on file before the form
                                 * opens without them */
  char *default_language; /* pa, hi or en */
  gboolean voice;         /* voice guidance on */
  char *voice_device;     /* ALSA device for the voice; NULL = "default" ("null" = silent) */
  guint device_check_s;   /* printer and camera checked this often for the heartbeat, 5–3600 */

  /* [portal] */
  char *portal_url;       /* base URL, e.g. https://127.0.0.1:8443 */
  char *portal_ca_file;   /* PEM of the pinned portal CA, NULL until enrolment */
  char *track_url;        /* base of the public tracking page the receipt QR opens */
  guint offline_probe_max_s; /* while the portal cannot be reached, the longest wait between
                              * two probes of it (the backoff's cap), 5–3600 */

  /* [printer] */
  char *printer_dest;     /* CUPS destination name or ipp:// URI; NULL = default */
  char *paper;            /* "80mm" or "a4" */

  /* [camera] */
  char *camera_model;     /* libgphoto2 model name, NULL = autodetect; "Directory Browse" */
  char *camera_port;      /* libgphoto2 port, e.g. disk:/path */
  /* The stand's scale: camera pixels per millimetre on the document plane in the camera's
   * full-size photos (SEWA_CONFIG_STAND_SCALE_MIN–MAX), 0 = derived from the photo's size
   * (sewa_page_default_px_per_mm: an A4 page fills the frame with 9 % margin). */
  double stand_px_per_mm;

  /* [payments] */
  char *upi_vpa;
  char *upi_payee_name;

  /* [aadhaar] */
  char **uidai_cert_files; /* UIDAI certificates (PEM or DER) that verify Secure QR signatures,
                            * any one of them sufficing; NULL when none is configured. Every
                            * listed file is checked to be a certificate when the file loads. */

  /* [retention] */
  guint document_retention_days;

  /* [operator] */
  char *operator_pin_hash;  /* libsodium crypto_pwhash_str() of the operator PIN, never the PIN
                             * itself (`kioskctl operator set-pin`); NULL = operator mode off */
  guint operator_idle_timeout_s; /* operator mode ends after this long without input */

  /* [technician] */
  char *technician_pin_hash; /* crypto_pwhash_str() of the technician's own PIN
                              * (`kioskctl technician set-pin`); NULL = technician tools off */

  /* [operator.NAME] pin-hash: several operators, each with their own PIN (`kioskctl operator
   * add NAME`), in file order; the single [operator] pin-hash above comes first as the operator
   * "operator". Never NULL; empty = operator mode off. Of SewaConfigOperator*. They live in the
   * configuration, not the store, so a factory reset (which empties the store) keeps the staff. */
  GPtrArray *operators;
  guint document_check_wait_s;   /* the longest Submit waits for document checks still running;
                                  * 0: as long as their reads can take (the OCR deadlines) */
} SewaConfig;

typedef struct
{
  char *id;       /* ^[a-z][a-z0-9_-]{0,31}$: goes into audit entries and payments */
  char *pin_hash; /* crypto_pwhash_str() */
} SewaConfigOperator;

/* TRUE when @name can name an operator (see SewaConfigOperator.id). */
gboolean    sewa_config_operator_name_is_valid (const char *name);
/* The operator named @id, or NULL. */
const SewaConfigOperator *sewa_config_find_operator (const SewaConfig *config, const char *id);

/* TRUE when TEXT has the shape of a crypto_pwhash_str() result ("$argon2id$…", printable
 * ASCII, shorter than crypto_pwhash_STRBYTES). The hash itself is checked by libsodium. */
gboolean    sewa_config_pin_hash_is_valid (const char *text);

SewaConfig *sewa_config_new_default (void) G_GNUC_WARN_UNUSED_RESULT;
SewaConfig *sewa_config_load_data (const char *data, gsize len, GError **error) G_GNUC_WARN_UNUSED_RESULT;
SewaConfig *sewa_config_load_file (const char *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void        sewa_config_free (SewaConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaConfig, sewa_config_free)

G_END_DECLS
