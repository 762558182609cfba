/* sewa-verhoeff.h — the Verhoeff check digit, as used by the last digit of an Aadhaar number.
 *
 * Verhoeff's dihedral-group scheme catches every single-digit error and every transposition
 * of adjacent digits, which is why UIDAI chose it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when DIGITS (ASCII '0'–'9' only, length LEN >= 2) ends in a correct check digit. */
gboolean sewa_verhoeff_validate (const char *digits, gsize len);
/* The check digit (0–9) to append to DIGITS, or -1 when DIGITS has a non-digit or is empty. */
int      sewa_verhoeff_check_digit (const char *digits, gsize len);

G_END_DECLS
