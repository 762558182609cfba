/* sewa-identity.h — who the citizen is, as far as some trusted source tells us.
 *
 * One small struct filled by whichever source the kiosk has: the Aadhaar QR helper
 * (drivers/qr + kiosk), an earlier application of the same citizen, or the operator. The form
 * engine prefills from it through one call, sewa_form_prefill() in sewa-form.h, so no screen
 * needs to know where the data came from.
 *
 * Everything here is citizen data: never log it. sewa_identity_free() wipes the strings before
 * freeing them. The full Aadhaar number is never held here, only its last four digits.
 * Any member may be NULL (unknown).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SEWA_IDENTITY_SOURCE_NONE = 0,
  SEWA_IDENTITY_SOURCE_AADHAAR_QR,
  SEWA_IDENTITY_SOURCE_EARLIER_APPLICATION,
  SEWA_IDENTITY_SOURCE_OPERATOR,
} SewaIdentitySource;

typedef struct
{
  SewaIdentitySource source;

  char *name;
  char *dob;           /* "DD-MM-YYYY" */
  char *gender;        /* "M", "F" or "T", as on Aadhaar */
  char *care_of;       /* "S/O …", "D/O …", "W/O …", "C/O …" as printed */
  char *father_name;   /* father's or husband's name as the citizen gave it (no "S/O") */
  char *mobile;        /* 10 digits, when a source knows it */
  char *email;
  char *aadhaar_last4; /* exactly 4 digits */

  /* Address parts named as in the Aadhaar QR. */
  char *house;
  char *street;
  char *landmark;
  char *locality;      /* "loc" */
  char *vtc;           /* village / town / city */
  char *post_office;
  char *sub_district;
  char *district;      /* English district name as printed, e.g. "Ludhiana" */
  char *state;
  char *pincode;
} SewaIdentity;

/* How the citizen's identity was established for one application (recorded with it and sent
 * to the portal as "identity.method", docs/portal-api.md §6). */
typedef enum
{
  SEWA_IDENTITY_METHOD_NONE = 0,            /* offline, no phone, or the citizen skipped */
  SEWA_IDENTITY_METHOD_OTP,                 /* the portal verified the mobile by OTP */
  SEWA_IDENTITY_METHOD_AADHAAR_QR_VERIFIED, /* Aadhaar Secure QR whose signature verified */
  SEWA_IDENTITY_METHOD_AADHAAR_QR_UNVERIFIED, /* Aadhaar QR read, signature not checked */
} SewaIdentityMethod;

/* "none", "otp", "aadhaar-qr-verified", "aadhaar-qr-unverified". */
const char   *sewa_identity_method_to_string (SewaIdentityMethod method);
gboolean      sewa_identity_method_from_string (const char *text, SewaIdentityMethod *out_method);

SewaIdentity *sewa_identity_new (SewaIdentitySource source) G_GNUC_WARN_UNUSED_RESULT;
void          sewa_identity_free (SewaIdentity *identity);

/* Prefill keys (the "prefill" member of a form field, docs/catalog-schema.md) and the member
 * each one reads: "name", "dob", "gender", "care_of", "father_name", "mobile", "email", "aadhaar_last4",
 * "address.house", "address.street", "address.landmark", "address.locality", "address.vtc",
 * "address.post_office", "address.sub_district", "address.district", "address.state",
 * "address.pincode". Returns NULL for an unknown key or an unset member. */
const char   *sewa_identity_get (const SewaIdentity *identity, const char *key);
/* Sets the member for KEY (copying VALUE, wiping the old one); FALSE for an unknown key. */
gboolean      sewa_identity_set (SewaIdentity *identity, const char *key, const char *value);
gboolean      sewa_identity_key_is_valid (const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaIdentity, sewa_identity_free)

G_END_DECLS
