/* sewa-osk-layouts.h — key tables of the on-screen keyboard.
 *
 * Indic layouts follow InScript (IS 16350:2016) as in ../shared/reference/keyboards.md, so a
 * citizen or operator who has used a government keyboard finds every letter where expected.
 * Each row is a space-separated list of keys; a key is "plain" or "plain|shifted".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SEWA_OSK_LAYOUT_GURMUKHI,
  SEWA_OSK_LAYOUT_DEVANAGARI,
  SEWA_OSK_LAYOUT_LATIN,
  SEWA_OSK_LAYOUT_NUMERIC,
  SEWA_OSK_N_LAYOUTS
} SewaOskLayout;

typedef struct
{
  const char *name;      /* shown on the layout-switch key */
  const char *rows[5];   /* NULL-terminated */
  gboolean has_shift;
  gboolean has_joiners; /* ZWJ / ZWNJ keys for conjunct control */
} SewaOskLayoutData;

const SewaOskLayoutData *sewa_osk_layout_get (SewaOskLayout layout);

G_END_DECLS
