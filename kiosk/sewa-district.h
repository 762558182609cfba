/* sewa-district.h — Punjab's 23 districts, the values of a "district" form field.
 *
 * A district field stores the stable code (e.g. "sas-nagar"); names are for display.
 */
#pragma once

#include <glib.h>
#include "sewa-lang.h"

G_BEGIN_DECLS

typedef struct
{
  const char *code; /* lowercase ASCII slug, stored in form values */
  const char *pa;
  const char *hi;
  const char *en;
} SewaDistrict;

/* All districts in English alphabetical order; *n_out gets the count (23). */
const SewaDistrict *sewa_districts (guint *n_out);
/* By code, or by an English name as printed on Aadhaar (case-insensitive, common older names
 * such as "Mohali", "Ropar", "Nawanshahr", "Firozpur", "Muktsar" accepted). NULL if none. */
const SewaDistrict *sewa_district_lookup (const char *code_or_name);
const char         *sewa_district_name (const SewaDistrict *district, SewaLang lang);
/* The district of a Sewa Kendra, from the first three letters of its code ("LDH01" → Ludhiana),
 * or NULL when they name no district. */
const SewaDistrict *sewa_district_for_centre (const char *centre_code);

G_END_DECLS
