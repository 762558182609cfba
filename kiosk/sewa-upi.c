/* sewa-upi.c — UPI payment links for fees. */
#include "sewa-upi.h"

#include <string.h>

G_DEFINE_QUARK (sewa-upi-error-quark, sewa_upi_error)

gboolean
sewa_upi_vpa_is_valid (const char *vpa)
{
  const char *at;
  gsize handle_len, provider_len;

  if (vpa == NULL || (at = strchr (vpa, '@')) == NULL || strchr (at + 1, '@') != NULL)
    return FALSE;
  handle_len = (gsize) (at - vpa);
  provider_len = strlen (at + 1);
  if (handle_len < 2 || handle_len > 256 || provider_len < 2 || provider_len > 64)
    return FALSE;
  for (const char *p = vpa; p < at; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  if (!g_ascii_isalpha (at[1]))
    return FALSE;
  for (const char *p = at + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* A value the link may carry: not empty, not "null", valid UTF-8, no control characters. */
static gboolean
value_ok (const char *value)
{
  if (value == NULL || value[0] == '\0' || g_ascii_strcasecmp (value, "null") == 0
      || !g_utf8_validate (value, -1, NULL))
    return FALSE;
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
append_param (GString *uri, const char *name, const char *value)
{
  /* '@' may stand as it is in a query (RFC 3986), and UPI apps expect pa=handle@bank so. */
  g_autofree char *escaped = g_uri_escape_string (value, "@", FALSE);

  g_string_append_printf (uri, "%s%s=%s", uri->str[uri->len - 1] == '?' ? "" : "&", name,
                          escaped);
}

char *
sewa_upi_payment_uri (const char *vpa, const char *payee_name, gint64 paise,
                      const char *reference, const char *note, GError **error)
{
  g_autoptr (GString) uri = NULL;
  g_autofree char *amount = NULL;

  if (!sewa_upi_vpa_is_valid (vpa))
    {
      g_set_error (error, SEWA_UPI_ERROR, SEWA_UPI_ERROR_INVALID,
                   "\"%s\" is not a UPI address (handle@provider)", vpa ? vpa : "");
      return NULL;
    }
  if (!value_ok (payee_name) || !value_ok (reference) || (note != NULL && note[0] != '\0'
                                                          && !value_ok (note)))
    {
      g_set_error (error, SEWA_UPI_ERROR, SEWA_UPI_ERROR_INVALID,
                   "a UPI payment needs a payee name and a reference (printable text)");
      return NULL;
    }
  if (paise <= 0 || paise > G_GINT64_CONSTANT (10000000000)) /* up to ₹10 crore */
    {
      g_set_error (error, SEWA_UPI_ERROR, SEWA_UPI_ERROR_INVALID,
                   "a UPI fee must be more than zero (got %" G_GINT64_FORMAT " paise)", paise);
      return NULL;
    }
  amount = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", paise / 100, (int) (paise % 100));
  uri = g_string_new ("upi://pay?");
  append_param (uri, "pa", vpa);
  append_param (uri, "pn", payee_name);
  append_param (uri, "am", amount);
  append_param (uri, "cu", "INR");
  append_param (uri, "tr", reference);
  if (note != NULL && note[0] != '\0')
    append_param (uri, "tn", note);
  return g_string_free (g_steal_pointer (&uri), FALSE);
}
