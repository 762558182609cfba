/* sewa-provisioning.h — the provisioning QR a technician shows a new kiosk.
 *
 *   SEWAPROV1:<base64url, no padding, of a UTF-8 JSON object>:<8 lowercase hex>
 *
 * The hex is the first 4 bytes of SHA-256 of the JSON bytes: it catches misreads and hand
 * edits, it is not a signature (the one-time token and the CA pin are the security). JSON
 * members, exactly these (no others):
 *
 *   "portal"    base URL, https:// (http:// only to 127.0.0.0/8 or ::1)      required
 *   "token"     one-time enrolment token, 22–64 of [A-Za-z0-9_-]             required
 *   "ca_sha256" SHA-256 of the portal CA certificate's DER, 64 lowercase hex  required for https
 *   "centre"    Sewa Kendra code, 2–6 of [A-Z0-9]                            required
 *   "kiosk"     integer 0–99                                                 required
 *   "expires"   unix seconds                                                 optional
 *
 * portal-sim and the tests build codes with sewa_provisioning_build(); the kiosk reads them
 * with sewa_provisioning_parse(). The token is wiped when freed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_PROVISIONING_ERROR (sewa_provisioning_error_quark ())
GQuark sewa_provisioning_error_quark (void);

typedef enum
{
  SEWA_PROVISIONING_ERROR_FORMAT,   /* not SEWAPROV1:…:…, bad base64url, too long */
  SEWA_PROVISIONING_ERROR_VERSION,  /* SEWAPROV<n> with n other than 1 */
  SEWA_PROVISIONING_ERROR_CHECKSUM, /* the 8 hex digits do not match the JSON */
  SEWA_PROVISIONING_ERROR_JSON,     /* not a JSON object */
  SEWA_PROVISIONING_ERROR_FIELD,    /* a member missing, unknown, of the wrong type or out of range */
  SEWA_PROVISIONING_ERROR_EXPIRED,  /* past "expires" */
} SewaProvisioningError;

#define SEWA_PROVISIONING_PREFIX "SEWAPROV1:"
#define SEWA_PROVISIONING_MAX_LEN 2048

typedef struct
{
  char *portal;    /* base URL */
  char *token;     /* one-time enrolment token (secret) */
  char *ca_sha256; /* 64 lowercase hex, or NULL (http portal only) */
  char *centre;
  guint kiosk;
  gint64 expires;  /* unix seconds, 0 = no expiry */
} SewaProvisioning;

SewaProvisioning *sewa_provisioning_parse (const guint8 *payload, gsize len, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The rules for a portal base URL, shared by the QR, enrolment and the sync engine: https://, or
 * http:// to a loopback IP literal only (tests and the demo); no user, query, fragment, spaces
 * or control characters. SEWA_PROVISIONING_ERROR_FIELD otherwise. */
gboolean sewa_provisioning_check_portal_url (const char *url, GError **error);

/* Validates prov with the same rules and returns the payload, or NULL and an error. */
char *sewa_provisioning_build (const SewaProvisioning *prov, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* TRUE (and SEWA_PROVISIONING_ERROR_EXPIRED) when prov has an expiry at or before now_unix. */
gboolean sewa_provisioning_is_expired (const SewaProvisioning *prov, gint64 now_unix, GError **error);

SewaProvisioning *sewa_provisioning_copy (const SewaProvisioning *prov) G_GNUC_WARN_UNUSED_RESULT;
void              sewa_provisioning_free (SewaProvisioning *prov);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaProvisioning, sewa_provisioning_free)

G_END_DECLS
