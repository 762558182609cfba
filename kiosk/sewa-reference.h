/* sewa-reference.h — the provisional receipt reference a kiosk issues offline.
 *
 * Format: PB-<centre>-<kiosk>-<yymmdd>-<seq>-<check>
 *   centre  2–6 characters A–Z/0–9 (the Sewa Kendra code, e.g. LDH01)
 *   kiosk   2 digits (kiosk number within the centre)
 *   yymmdd  issue date (kiosk local time)
 *   seq     4 digits, per kiosk per day, from the store's durable counter
 *   check   one character 0–9/A–Z: Luhn mod 36 over every alphanumeric character before it
 *
 * It is short enough to read aloud over the 1076 helpline and to type on the kiosk keypad, and
 * the check character catches every single-character error and most transpositions.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_REFERENCE_MAX_LEN 32

typedef struct
{
  char centre[8];
  guint kiosk;
  guint year;  /* full year, e.g. 2026 */
  guint month;
  guint day;
  guint seq;
} SewaReferenceParts;

char     sewa_reference_check_char (const char *body);
char    *sewa_reference_format (const SewaReferenceParts *parts) G_GNUC_WARN_UNUSED_RESULT;
gboolean sewa_reference_parse (const char *text, SewaReferenceParts *out_parts);
gboolean sewa_reference_is_valid (const char *text);
char    *sewa_reference_normalize (const char *text) G_GNUC_WARN_UNUSED_RESULT;
/* @text for a voice to read one character at a time: "PB-LDH01-07" becomes
 * "P B, L D H 0 1, 0 7" (each letter and digit on its own, a pause at each dash, so a
 * listener can write it down); other characters are left out. */
char    *sewa_reference_spell (const char *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
