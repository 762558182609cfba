/* sewa-qr-payload.c — see sewa-qr-payload.h. */
#define G_LOG_DOMAIN "sewa-qr-payload"

#include "sewa-qr-payload.h"

#include <string.h>

G_DEFINE_QUARK (sewa-qr-payload-error-quark, sewa_qr_payload_error)

void
sewa_qr_payload_free (SewaQrPayload *payload)
{
  if (payload == NULL)
    return;
  g_clear_error (&payload->error);
  g_clear_pointer (&payload->aadhaar, sewa_aadhaar_data_free);
  g_clear_pointer (&payload->receipt, sewa_receipt_qr_free);
  g_clear_pointer (&payload->provisioning, sewa_provisioning_free);
  g_free (payload);
}

const char *
sewa_qr_payload_kind_to_string (SewaQrPayloadKind kind)
{
  switch (kind)
    {
    case SEWA_QR_PAYLOAD_UNRECOGNISED:
      return "unrecognised";
    case SEWA_QR_PAYLOAD_AADHAAR_SECURE:
      return "aadhaar-secure";
    case SEWA_QR_PAYLOAD_AADHAAR_XML:
      return "aadhaar-xml";
    case SEWA_QR_PAYLOAD_RECEIPT:
      return "receipt";
    case SEWA_QR_PAYLOAD_PROVISIONING:
      return "provisioning";
    default:
      return "unknown";
    }
}

static gboolean
has_prefix (const guint8 *data, gsize len, const char *prefix)
{
  gsize plen = strlen (prefix);

  return len >= plen && memcmp (data, prefix, plen) == 0;
}

static gboolean
looks_like_url (const guint8 *data, gsize len)
{
  return has_prefix (data, len, "https://") || has_prefix (data, len, "http://") ||
         has_prefix (data, len, "HTTPS://") || has_prefix (data, len, "HTTP://");
}

SewaQrPayload *
sewa_qr_payload_classify (const guint8 *data, gsize len, const SewaAadhaarKey *uidai_key, gint64 now_unix)
{
  SewaQrPayload *p = g_new0 (SewaQrPayload, 1);

  g_return_val_if_fail (data != NULL || len == 0, p);

  if (len >= SEWA_QR_PAYLOAD_MIN_SECURE_DIGITS && sewa_aadhaar_payload_is_secure (data, len))
    {
      p->kind = SEWA_QR_PAYLOAD_AADHAAR_SECURE;
      p->aadhaar = sewa_aadhaar_parse_secure (data, len, uidai_key, &p->error);
    }
  else if (sewa_aadhaar_payload_is_xml (data, len))
    {
      p->kind = SEWA_QR_PAYLOAD_AADHAAR_XML;
      p->aadhaar = sewa_aadhaar_parse_xml (data, len, &p->error);
    }
  else if (has_prefix (data, len, "SEWAPROV"))
    {
      p->kind = SEWA_QR_PAYLOAD_PROVISIONING;
      p->provisioning = sewa_provisioning_parse (data, len, &p->error);
      if (p->provisioning != NULL && sewa_provisioning_is_expired (p->provisioning, now_unix, &p->error))
        g_clear_pointer (&p->provisioning, sewa_provisioning_free);
    }
  else if (looks_like_url (data, len) && (p->receipt = sewa_receipt_qr_parse ((const char *) data, len)) != NULL)
    p->kind = SEWA_QR_PAYLOAD_RECEIPT;
  else if (looks_like_url (data, len) && len < 1024 && memmem (data, len, "ref=", 4) != NULL)
    {
      /* A URL with a ref= parameter that does not check out: most likely one of our receipts
       * misprinted or misread, and worth a more helpful message than "not recognised". */
      p->kind = SEWA_QR_PAYLOAD_RECEIPT;
      g_set_error_literal (&p->error, SEWA_QR_PAYLOAD_ERROR, SEWA_QR_PAYLOAD_ERROR_RECEIPT_INVALID,
                           "The receipt code does not check out");
    }
  else
    {
      p->kind = SEWA_QR_PAYLOAD_UNRECOGNISED;
      g_set_error_literal (&p->error, SEWA_QR_PAYLOAD_ERROR, SEWA_QR_PAYLOAD_ERROR_UNRECOGNISED,
                           "This code is not recognised");
    }
  /* Parsers return either data or an error, never both and never neither. */
  g_assert ((p->error == NULL) == (p->aadhaar != NULL || p->receipt != NULL || p->provisioning != NULL));
  return p;
}

static const char *
gender_name (char g)
{
  switch (g)
    {
    case 'M':
      return "male";
    case 'F':
      return "female";
    case 'T':
      return "transgender";
    default:
      return "?";
    }
}

static void
append_address (GString *out, const SewaAadhaarData *a)
{
  const char *parts[] = { a->house, a->street, a->landmark, a->location, a->vtc, a->post_office,
                          a->sub_district, a->district, a->state, a->pincode };
  gboolean first = TRUE;

  g_string_append (out, "address: ");
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      if (!first)
        g_string_append (out, ", ");
      g_string_append (out, parts[i]);
      first = FALSE;
    }
  g_string_append_c (out, '\n');
}

static void
describe_aadhaar (GString *out, const SewaAadhaarData *a)
{
  g_autofree char *masked = sewa_aadhaar_masked_number (a);

  g_string_append_printf (out, "format: %s\n",
                          a->format == SEWA_AADHAAR_FORMAT_SECURE_V1 ? "secure-v1" :
                          a->format == SEWA_AADHAAR_FORMAT_SECURE_V2 ? "secure-v2" : "xml");
  g_string_append_printf (out, "verified: %s\n", a->verified ? "yes (UIDAI signature)" : "NO (unsigned XML QR: check the card)");
  g_string_append_printf (out, "aadhaar: %s\n", masked);
  g_string_append_printf (out, "name: %s\n", a->name);
  if (a->dob != NULL)
    g_string_append_printf (out, "dob: %s\n", a->dob);
  else
    g_string_append_printf (out, "yob: %u\n", a->year_of_birth);
  g_string_append_printf (out, "gender: %s\n", gender_name (a->gender));
  if (a->care_of[0] != '\0')
    g_string_append_printf (out, "care_of: %s\n", a->care_of);
  append_address (out, a);
  if (a->has_photo)
    g_string_append_printf (out, "photo: JPEG 2000, %" G_GSIZE_FORMAT " bytes\n", a->photo_len);
  if (a->has_email_hash || a->has_mobile_hash)
    g_string_append_printf (out, "contact hashes:%s%s\n", a->has_email_hash ? " email" : "",
                            a->has_mobile_hash ? " mobile" : "");
  if (a->mobile_last4 != NULL && a->mobile_last4[0] != '\0')
    g_string_append_printf (out, "mobile: XXXXXX%s\n", a->mobile_last4);
}

static const char *
error_code_name (const GError *error)
{
  if (error->domain == SEWA_AADHAAR_ERROR)
    {
      static const char *const names[] = { "not-numeric", "too-large", "decompress", "fields", "photo",
                                           "signature", "unsupported-version", "no-cert", "cert", "xml" };
      if (error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (names))
        return names[error->code];
    }
  else if (error->domain == SEWA_PROVISIONING_ERROR)
    {
      static const char *const names[] = { "format", "version", "checksum", "json", "field", "expired" };
      if (error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (names))
        return names[error->code];
    }
  else if (error->domain == SEWA_QR_PAYLOAD_ERROR)
    {
      static const char *const names[] = { "unrecognised", "receipt-invalid" };
      if (error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (names))
        return names[error->code];
    }
  return "error";
}

char *
sewa_qr_payload_describe (const SewaQrPayload *p)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (p != NULL, NULL);

  g_string_append_printf (out, "kind: %s\n", sewa_qr_payload_kind_to_string (p->kind));
  if (p->error != NULL)
    {
      g_string_append_printf (out, "rejected: %s: %s\n", error_code_name (p->error), p->error->message);
      return g_string_free (out, FALSE);
    }
  if (p->aadhaar != NULL)
    describe_aadhaar (out, p->aadhaar);
  else if (p->receipt != NULL)
    {
      g_string_append_printf (out, "reference: %s\n", p->receipt->reference);
      if (p->receipt->arn != NULL)
        g_string_append_printf (out, "arn: %s\n", p->receipt->arn);
    }
  else if (p->provisioning != NULL)
    {
      const SewaProvisioning *v = p->provisioning;

      g_string_append_printf (out, "portal: %s\n", v->portal);
      g_string_append_printf (out, "token: %.4s… (%" G_GSIZE_FORMAT " characters)\n", v->token, strlen (v->token));
      if (v->ca_sha256 != NULL)
        g_string_append_printf (out, "ca_sha256: %s\n", v->ca_sha256);
      g_string_append_printf (out, "centre: %s\nkiosk: %u\n", v->centre, v->kiosk);
      if (v->expires > 0)
        g_string_append_printf (out, "expires: %" G_GINT64_FORMAT "\n", v->expires);
    }
  return g_string_free (out, FALSE);
}
