/* sewa-identity.c — the citizen identity struct shared by every prefill source. */
#include "sewa-identity.h"

#include <string.h>

/* One table maps prefill keys to members, so the key list in the header, sewa_identity_get()
 * and sewa_identity_set() cannot drift apart. */
static const struct
{
  const char *key;
  gsize offset;
} members[] = {
  { "name", G_STRUCT_OFFSET (SewaIdentity, name) },
  { "dob", G_STRUCT_OFFSET (SewaIdentity, dob) },
  { "gender", G_STRUCT_OFFSET (SewaIdentity, gender) },
  { "care_of", G_STRUCT_OFFSET (SewaIdentity, care_of) },
  { "father_name", G_STRUCT_OFFSET (SewaIdentity, father_name) },
  { "mobile", G_STRUCT_OFFSET (SewaIdentity, mobile) },
  { "email", G_STRUCT_OFFSET (SewaIdentity, email) },
  { "aadhaar_last4", G_STRUCT_OFFSET (SewaIdentity, aadhaar_last4) },
  { "address.house", G_STRUCT_OFFSET (SewaIdentity, house) },
  { "address.street", G_STRUCT_OFFSET (SewaIdentity, street) },
  { "address.landmark", G_STRUCT_OFFSET (SewaIdentity, landmark) },
  { "address.locality", G_STRUCT_OFFSET (SewaIdentity, locality) },
  { "address.vtc", G_STRUCT_OFFSET (SewaIdentity, vtc) },
  { "address.post_office", G_STRUCT_OFFSET (SewaIdentity, post_office) },
  { "address.sub_district", G_STRUCT_OFFSET (SewaIdentity, sub_district) },
  { "address.district", G_STRUCT_OFFSET (SewaIdentity, district) },
  { "address.state", G_STRUCT_OFFSET (SewaIdentity, state) },
  { "address.pincode", G_STRUCT_OFFSET (SewaIdentity, pincode) },
};

static char **
member_slot (const SewaIdentity *identity, const char *key)
{
  if (key == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    if (g_str_equal (key, members[i].key))
      return (char **) G_STRUCT_MEMBER_P ((gpointer) identity, members[i].offset);
  return NULL;
}

static void
wipe_string (char **slot)
{
  if (*slot != NULL)
    {
      explicit_bzero (*slot, strlen (*slot));
      g_clear_pointer (slot, g_free);
    }
}

SewaIdentity *
sewa_identity_new (SewaIdentitySource source)
{
  SewaIdentity *identity = g_new0 (SewaIdentity, 1);

  identity->source = source;
  return identity;
}

void
sewa_identity_free (SewaIdentity *identity)
{
  if (identity == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    wipe_string ((char **) G_STRUCT_MEMBER_P (identity, members[i].offset));
  g_free (identity);
}

gboolean
sewa_identity_key_is_valid (const char *key)
{
  for (gsize i = 0; key != NULL && i < G_N_ELEMENTS (members); i++)
    if (g_str_equal (key, members[i].key))
      return TRUE;
  return FALSE;
}

const char *
sewa_identity_get (const SewaIdentity *identity, const char *key)
{
  char **slot;

  g_return_val_if_fail (identity != NULL, NULL);
  slot = member_slot (identity, key);
  return slot != NULL ? *slot : NULL;
}

gboolean
sewa_identity_set (SewaIdentity *identity, const char *key, const char *value)
{
  char **slot;

  g_return_val_if_fail (identity != NULL, FALSE);
  slot = member_slot (identity, key);
  if (slot == NULL)
    return FALSE;
  wipe_string (slot);
  *slot = g_strdup (value);
  return TRUE;
}

static const char *const method_names[] = {
  [SEWA_IDENTITY_METHOD_NONE] = "none",
  [SEWA_IDENTITY_METHOD_OTP] = "otp",
  [SEWA_IDENTITY_METHOD_AADHAAR_QR_VERIFIED] = "aadhaar-qr-verified",
  [SEWA_IDENTITY_METHOD_AADHAAR_QR_UNVERIFIED] = "aadhaar-qr-unverified",
};

const char *
sewa_identity_method_to_string (SewaIdentityMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (method_names), "none");
  return method_names[method];
}

gboolean
sewa_identity_method_from_string (const char *text, SewaIdentityMethod *out_method)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (method_names); i++)
    if (g_str_equal (text, method_names[i]))
      {
        if (out_method != NULL)
          *out_method = (SewaIdentityMethod) i;
        return TRUE;
      }
  return FALSE;
}
