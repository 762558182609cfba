/* sewa-verhoeff.c — Verhoeff (1969) check digits with the standard D5 tables. */
#include "sewa-verhoeff.h"

/* Multiplication in the dihedral group D5. */
static const guint8 d_table[10][10] = {
  { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
  { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
  { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
  { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
  { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
  { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
  { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
  { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
  { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
  { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
};

/* The position-dependent permutation, applied i times at position i from the right. */
static const guint8 p_table[8][10] = {
  { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
  { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
  { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
  { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
  { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 },
  { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
  { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 },
  { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
};

static const guint8 inv_table[10] = { 0, 4, 3, 2, 1, 5, 6, 7, 8, 9 };

static gboolean
all_digits (const char *digits, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (digits[i] < '0' || digits[i] > '9')
      return FALSE;
  return TRUE;
}

gboolean
sewa_verhoeff_validate (const char *digits, gsize len)
{
  guint c = 0;

  g_return_val_if_fail (digits != NULL || len == 0, FALSE);

  if (len < 2 || !all_digits (digits, len))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    c = d_table[c][p_table[i % 8][digits[len - 1 - i] - '0']];
  return c == 0;
}

int
sewa_verhoeff_check_digit (const char *digits, gsize len)
{
  guint c = 0;

  g_return_val_if_fail (digits != NULL || len == 0, -1);

  if (len == 0 || !all_digits (digits, len))
    return -1;
  /* The check digit will sit at position 0, so the payload starts at position 1. */
  for (gsize i = 0; i < len; i++)
    c = d_table[c][p_table[(i + 1) % 8][digits[len - 1 - i] - '0']];
  return inv_table[c];
}
