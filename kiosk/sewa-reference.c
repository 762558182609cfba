#include "sewa-reference.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static int
code_point (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

/* Luhn mod N (N = 36) over the alphanumeric characters of @body, ignoring separators.
 * Returns '\0' when @body holds a character outside 0-9, A-Z and '-'. */
char
sewa_reference_check_char (const char *body)
{
  const int n = 36;
  int factor = 2;
  int sum = 0;
  size_t len;

  g_return_val_if_fail (body != NULL, '\0');

  len = strlen (body);
  for (size_t i = len; i > 0; i--)
    {
      char c = body[i - 1];
      int cp, addend;

      if (c == '-')
        continue;
      cp = code_point (c);
      if (cp < 0)
        return '\0';
      addend = factor * cp;
      factor = factor == 2 ? 1 : 2;
      addend = addend / n + addend % n;
      sum += addend;
    }
  return alphabet[(n - (sum % n)) % n];
}

static gboolean
parts_valid (const SewaReferenceParts *p)
{
  size_t clen = strnlen (p->centre, sizeof p->centre);

  if (clen < 2 || clen > 6)
    return FALSE;
  for (size_t i = 0; i < clen; i++)
    if (code_point (p->centre[i]) < 0)
      return FALSE;
  return p->kiosk <= 99 && p->year >= 2000 && p->year <= 2099 && p->month >= 1 &&
         p->month <= 12 && p->day >= 1 && p->day <= 31 && p->seq <= 9999;
}

char *
sewa_reference_format (const SewaReferenceParts *parts)
{
  g_autofree char *body = NULL;
  char check;

  g_return_val_if_fail (parts != NULL, NULL);
  if (!parts_valid (parts))
    return NULL;

  body = g_strdup_printf ("PB-%s-%02u-%02u%02u%02u-%04u", parts->centre, parts->kiosk,
                          parts->year % 100, parts->month, parts->day, parts->seq);
  check = sewa_reference_check_char (body);
  if (check == '\0')
    return NULL;
  return g_strdup_printf ("%s-%c", body, check);
}

static gboolean
all_digits (const char *s, size_t n)
{
  if (strlen (s) != n)
    return FALSE;
  for (size_t i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* Uppercases, and accepts spaces in place of hyphens, as a citizen types it. */
char *
sewa_reference_normalize (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);
      if (c == ' ')
        c = '-';
      g_string_append_c (out, c);
    }
  g_strstrip (out->str);
  return g_string_free (out, FALSE);
}

gboolean
sewa_reference_parse (const char *text, SewaReferenceParts *out_parts)
{
  g_auto (GStrv) f = NULL;
  SewaReferenceParts p = { 0 };
  g_autofree char *body = NULL;
  const char *last_dash;

  if (text == NULL || strlen (text) > SEWA_REFERENCE_MAX_LEN)
    return FALSE;

  f = g_strsplit (text, "-", -1);
  if (g_strv_length (f) != 6 || !g_str_equal (f[0], "PB"))
    return FALSE;
  if (strlen (f[1]) < 2 || strlen (f[1]) > 6)
    return FALSE;
  if (!all_digits (f[2], 2) || !all_digits (f[3], 6) || !all_digits (f[4], 4) ||
      strlen (f[5]) != 1)
    return FALSE;

  g_strlcpy (p.centre, f[1], sizeof p.centre);
  p.kiosk = (guint) g_ascii_strtoull (f[2], NULL, 10);
  p.year = 2000 + (guint) ((f[3][0] - '0') * 10 + (f[3][1] - '0'));
  p.month = (guint) ((f[3][2] - '0') * 10 + (f[3][3] - '0'));
  p.day = (guint) ((f[3][4] - '0') * 10 + (f[3][5] - '0'));
  p.seq = (guint) g_ascii_strtoull (f[4], NULL, 10);
  if (!parts_valid (&p))
    return FALSE;

  last_dash = strrchr (text, '-');
  body = g_strndup (text, (gsize) (last_dash - text));
  if (sewa_reference_check_char (body) != f[5][0])
    return FALSE;

  if (out_parts != NULL)
    *out_parts = p;
  return TRUE;
}

gboolean
sewa_reference_is_valid (const char *text)
{
  return sewa_reference_parse (text, NULL);
}

char *
sewa_reference_spell (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pause = FALSE;

  g_return_val_if_fail (text != NULL, NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '-')
        {
          pause = out->len > 0;
          continue;
        }
      if (!g_ascii_isalnum (*p))
        continue;
      if (out->len > 0)
        g_string_append (out, pause ? ", " : " ");
      g_string_append_c (out, g_ascii_toupper (*p));
      pause = FALSE;
    }
  return g_string_free (out, FALSE);
}
