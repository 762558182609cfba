/* sewa-citizen.h — the portal's citizen endpoints read against their contract
 * (docs/portal-api.md §4, docs/portal-api.yaml OtpRequested / OtpVerified).
 *
 * Pure functions from an HTTP status and body to a value, so every answer the portal can give
 * is checked the same way in the engine and in the fuzz target (tests/fuzz/fuzz-citizen.c).
 * The calls themselves are sewa_sync_request_otp_async() and friends in sewa-sync.h.
 * Tokens are citizen secrets: never log them.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include "sewa-identity.h"
#include "sewa-vault-doc.h"

G_BEGIN_DECLS

#define SEWA_CITIZEN_ERROR (sewa_citizen_error_quark ())
GQuark sewa_citizen_error_quark (void);

typedef enum
{
  SEWA_CITIZEN_ERROR_UNREACHABLE, /* no answer, 5xx or 429: try again later or go on unverified */
  SEWA_CITIZEN_ERROR_BAD_MOBILE,  /* the portal refused the number (400 bad_request) */
  SEWA_CITIZEN_ERROR_REFUSED,     /* another 4xx (device not enrolled, token unknown, ...) */
  SEWA_CITIZEN_ERROR_PROTOCOL,    /* the answer breaks the contract: nothing of it is used */
} SewaCitizenError;

/* A mobile number the portal accepts: 10 ASCII digits, the first 6-9. */
gboolean sewa_citizen_is_valid_mobile (const char *mobile);

typedef struct
{
  char *otp_id;     /* ^otp_[0-9a-f]{16}$ */
  guint expires_in; /* seconds, 1..3600 */
  guint length;     /* digits of the code, 4..8 */
} SewaOtpChallenge;

void sewa_otp_challenge_free (SewaOtpChallenge *challenge);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaOtpChallenge, sewa_otp_challenge_free)

/* The answer to POST /v1/citizens/otp: 202 with OtpRequested, else an error. */
SewaOtpChallenge *sewa_citizen_parse_otp_challenge (guint http_status, const char *body, gsize len,
                                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

typedef enum
{
  SEWA_OTP_VERIFIED, /* token, mobile_last4 and expires_in are set */
  SEWA_OTP_WRONG,    /* attempts_left is set (0 means the next try gets EXPIRED) */
  SEWA_OTP_EXPIRED,  /* too old, used, or tried too often: ask for a new code */
} SewaOtpOutcome;

typedef struct
{
  SewaOtpOutcome outcome;
  guint attempts_left;
  char *token;        /* ^[A-Za-z0-9_-]{43}$; wiped on free */
  char *mobile_last4; /* ^[0-9]{4}$ */
  guint expires_in;   /* seconds the token stays valid */
} SewaOtpVerdict;

void sewa_otp_verdict_free (SewaOtpVerdict *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaOtpVerdict, sewa_otp_verdict_free)

/* The answer to POST /v1/citizens/otp/verify: 200 OtpVerified, 422 otp_invalid with
 * attempts_left, 410 otp_expired; anything else is an error. */
SewaOtpVerdict *sewa_citizen_parse_otp_verdict (guint http_status, const char *body, gsize len,
                                                GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The "documents" array of GET /v1/citizens/vault: each entry's vault_id, type, added_at (RFC
 * 3339 UTC) and arn checked; one broken entry refuses the whole answer (a portal that breaks
 * the contract is not half believed). Returns SewaVaultDoc*, owned. */
GPtrArray *sewa_citizen_parse_vault (JsonArray *documents, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The details a citizen gave with earlier applications, as GET /v1/citizens/profile returned
 * them (docs/portal-api.md §4): an identity of source EARLIER_APPLICATION (dob as DD-MM-YYYY,
 * district as the kiosk's district code), and for each prefill key it sets the application it
 * came from. Citizen data: never log it; the free wipes it. */
typedef struct
{
  SewaIdentity *identity;
  GHashTable *arns;  /* prefill key → ARN of the application it came from */
  GHashTable *dates; /* prefill key → "YYYY-MM-DD" that application was received */
  guint n_fields;    /* keys set in identity */
} SewaCitizenProfile;

void sewa_citizen_profile_free (SewaCitizenProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaCitizenProfile, sewa_citizen_profile_free)

/* The answer to GET /v1/citizens/profile. 200 is read against the contract: every known field
 * an object {value, arn, date}; value text without control characters and within its length
 * (name, father_name 1-100 characters; address parts 1-120; pincode 6 digits; dob a real date
 * between 1900 and @today, given as YYYY-MM-DD). One field that breaks it refuses the whole
 * answer (PROTOCOL); a district the kiosk does not know is dropped alone. Members under other
 * names are ignored (a newer portal may say more). 404 (a portal without the endpoint) is an
 * empty profile. Any other status is an error as for the OTP calls. @today NULL: today's date in
 * India (sewa_citizen_india_date()). */
/* The calendar date in India (UTC+05:30) at @unix_time: the portal dates what it holds in
 * India's time, so a kiosk whose clock runs in UTC would otherwise see an application received
 * between 18:30 and midnight UTC as dated tomorrow. */
void sewa_citizen_india_date (gint64 unix_time, GDate *out);
SewaCitizenProfile *sewa_citizen_parse_profile (guint http_status, const char *body, gsize len,
                                                const GDate *today, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
