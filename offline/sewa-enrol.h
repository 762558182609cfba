/* sewa-enrol.h — enrolling the kiosk with the portal, and the device credentials it yields.
 *
 * Enrolment (docs/portal-api.md §2) takes what the technician's provisioning QR carries: portal
 * URL, one-time token, SHA-256 of the portal CA, centre code and kiosk number. For an https portal
 * the CA is pinned first: the server's certificate chain is fetched once without trusting it,
 * the certificate whose DER SHA-256 equals the provisioned hash is saved to
 * <state_dir>/portal-ca.pem, and every request from then on (the enrolment call included) is
 * verified against that file only. A chain without the provisioned CA is refused before any
 * secret is sent.
 *
 * The device id, portal URL and CA path are store settings; the device secret is sealed with the
 * store's key (sewa-crypto.h) before it goes into the settings, so a copied database alone does
 * not let anyone sign requests as this kiosk.
 */
#pragma once

#include "sewa-portal-client.h"
#include "sewa-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *portal_url; /* https:// base URL (http:// only to a loopback IP literal) */
  const char *token;      /* one-time enrolment token */
  const char *ca_sha256;  /* lowercase hex SHA-256 of the CA's DER; required for https */
  const char *centre;
  guint kiosk;
  const char *version;    /* kiosk software version; NULL = this build's */
} SewaEnrolParams;

/* Settings names (not secret, never citizen data). */
#define SEWA_SETTING_PORTAL_URL "portal.url"
#define SEWA_SETTING_PORTAL_CA "portal.ca_file"
#define SEWA_SETTING_DEVICE_ID "portal.device_id"
#define SEWA_SETTING_DEVICE_SECRET "portal.device_secret_sealed"
#define SEWA_SETTING_ENROL_KEY "portal.enrol_key"
#define SEWA_SETTING_PAUSED_DEVICE "sync.paused_device"
#define SEWA_SETTING_PAUSE_REASON "sync.pause_reason"
/* "CODE UNIX-SECONDS" of the last alert that stopped the queue (the heartbeat reports it). */
#define SEWA_SETTING_LAST_FATAL_ALERT "sync.last_fatal_alert"

/* Enrols and saves the credentials. @key_path NULL = <state_dir>/store.key. On success returns
 * a client ready to sign requests. Errors: SEWA_PORTAL_ERROR_CA_MISMATCH (wrong CA), _TLS,
 * _NETWORK, _HTTP (e.g. 401 enrol_token_invalid, with the portal's code in the message),
 * _INSECURE (http:// off loopback, refused before connecting), _PROTOCOL (a reply that breaks
 * the contract: nothing of it is stored). Enrolling again with the same token from the same
 * store is idempotent: the portal answers with the same device (the enrolment key). */
SewaPortalClient *sewa_enrol (SewaStore *store, const char *state_dir, const char *key_path,
                              const SewaEnrolParams *params,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The saved credentials, or SEWA_PORTAL_ERROR_NOT_ENROLLED. */
SewaPortalClient *sewa_enrol_load_client (SewaStore *store, const char *state_dir,
                                          const char *key_path,
                                          GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Fetches the portal's certificate chain without trusting it and returns the PEM of the
 * certificate whose SHA-256 is @ca_sha256 (exposed for tests and `kioskctl enrol --check`). */
char *sewa_enrol_fetch_ca (const char *portal_url, const char *ca_sha256,
                           GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Factory reset: the store wiped (sewa_store_factory_reset(): applications, pages, catalog,
 * settings with the device credentials) and the pinned CA file removed, so the kiosk is no longer
 * enrolled and must be provisioned again. The engine must be stopped first. */
gboolean sewa_enrol_factory_reset (SewaStore *store, const char *state_dir, guint *out_n_deleted,
                                   GError **error);

G_END_DECLS
