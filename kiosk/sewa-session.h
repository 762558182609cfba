/* sewa-session.h — one citizen's visit to the kiosk.
 *
 * The session owns everything a citizen entered (draft form values, scanned pages) in memory
 * only, the language they chose, and a GCancellable that every operation started on their
 * behalf uses. It ends on "start over", on completion, or when the citizen walks away: after
 * idle-timeout seconds without input it resets itself, cancelling what was in flight and
 * wiping what was entered, so the next person finds a fresh kiosk.
 */
#pragma once

#include <gio/gio.h>
#include "sewa-identity.h"
#include "sewa-lang.h"
#include "sewa-vault-doc.h"

G_BEGIN_DECLS

#define SEWA_TYPE_SESSION (sewa_session_get_type ())
G_DECLARE_FINAL_TYPE (SewaSession, sewa_session, SEWA, SESSION, GObject)

typedef enum
{
  SEWA_SESSION_END_START_OVER,
  SEWA_SESSION_END_IDLE,
  SEWA_SESSION_END_COMPLETED,
} SewaSessionEndReason;

SewaSession  *sewa_session_new (guint idle_timeout_s);
void          sewa_session_begin (SewaSession *self, SewaLang lang);
gboolean      sewa_session_is_active (SewaSession *self);
SewaLang      sewa_session_get_language (SewaSession *self);
/* The citizen changed language mid-journey: everything they entered stays. */
void          sewa_session_set_language (SewaSession *self, SewaLang lang);
void          sewa_session_touch (SewaSession *self);
void          sewa_session_end (SewaSession *self, SewaSessionEndReason reason);
GCancellable *sewa_session_get_cancellable (SewaSession *self);
guint         sewa_session_get_idle_timeout (SewaSession *self);
/* Before an idle reset the session emits "idle-warning" (seconds left) this long before it
 * ([kiosk] idle-warning; 0 = none), and "idle-resumed" if a touch comes in time. */
#define SEWA_SESSION_DEFAULT_IDLE_WARNING_S 20
void          sewa_session_set_idle_warning (SewaSession *self, guint seconds);
guint         sewa_session_get_seconds_left (SewaSession *self);
gboolean      sewa_session_is_warning (SewaSession *self);

/* Draft values: kept only in memory, overwritten with zeros when the session ends. */
void          sewa_session_set_value (SewaSession *self, const char *key, const char *value);
const char   *sewa_session_get_value (SewaSession *self, const char *key);
guint         sewa_session_count_values (SewaSession *self);

/* Who the citizen is, for this visit only (memory, wiped when the session ends, like the
 * draft). A verified-mobile token is the portal's answer to a correct OTP: it is sent with the
 * application and opens the citizen's document vault, so it never leaves the session except
 * into the sealed outbox record of an application the citizen submits. */
void          sewa_session_set_verified_mobile (SewaSession *self, const char *token,
                                                const char *mobile_last4);
const char   *sewa_session_get_citizen_token (SewaSession *self);
const char   *sewa_session_get_mobile_last4 (SewaSession *self);
/* An assisted application (#18): the id of the operator who started the journey for the
 * citizen from operator mode, kept until the session ends; NULL when the citizen is alone. */
void          sewa_session_set_assisted_by (SewaSession *self, const char *operator_id);
const char   *sewa_session_get_assisted_by (SewaSession *self);
/* The id of the sent application the one being filled in corrects (the store's `corrects`
 * link, #18), or NULL; like assisted_by it belongs to the session and ends with it. */
void          sewa_session_set_corrects (SewaSession *self, const char *application_id);
const char   *sewa_session_get_corrects (SewaSession *self);
void          sewa_session_set_identity_method (SewaSession *self, SewaIdentityMethod method);
SewaIdentityMethod sewa_session_get_identity_method (SewaSession *self);

/* The citizen's vault (SewaVaultDoc*, taken) as the portal listed it for their token, and
 * whether they allowed its documents to be used for this application (DPDP Act 2023: asked for
 * this purpose, recorded with the application). Both go when the session ends or the identity
 * changes. */
typedef enum
{
  SEWA_VAULT_CONSENT_UNASKED = 0,
  SEWA_VAULT_CONSENT_GIVEN,
  SEWA_VAULT_CONSENT_REFUSED,
} SewaVaultConsent;

void          sewa_session_set_vault (SewaSession *self, GPtrArray *docs);
GPtrArray    *sewa_session_get_vault (SewaSession *self);
void          sewa_session_set_vault_consent (SewaSession *self, SewaVaultConsent consent);
SewaVaultConsent sewa_session_get_vault_consent (SewaSession *self);

/* The details the citizen gave with earlier applications (docs/portal-api.md §4, an identity of
 * source EARLIER_APPLICATION, taken) and the ARN of the newest application they came from. Used
 * only with the citizen's consent (the same answer as the vault's); kept in memory, wiped when
 * the session ends or the identity changes, like the vault. */
void          sewa_session_set_prefill (SewaSession *self, SewaIdentity *identity, const char *arn);
const SewaIdentity *sewa_session_get_prefill (SewaSession *self);
const char   *sewa_session_get_prefill_arn (SewaSession *self);

G_END_DECLS
