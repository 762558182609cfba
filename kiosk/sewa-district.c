/* sewa-district.c — Punjab's 23 districts (Malerkotla, the 23rd, since 2021). */
#include "sewa-district.h"

#include <string.h>

static const SewaDistrict districts[] = {
  { "amritsar", "ਅੰਮ੍ਰਿਤਸਰ", "अमृतसर", "Amritsar" },
  { "barnala", "ਬਰਨਾਲਾ", "बरनाला", "Barnala" },
  { "bathinda", "ਬਠਿੰਡਾ", "बठिंडा", "Bathinda" },
  { "faridkot", "ਫ਼ਰੀਦਕੋਟ", "फरीदकोट", "Faridkot" },
  { "fatehgarh-sahib", "ਫ਼ਤਹਿਗੜ੍ਹ ਸਾਹਿਬ", "फतेहगढ़ साहिब", "Fatehgarh Sahib" },
  { "fazilka", "ਫ਼ਾਜ਼ਿਲਕਾ", "फाजिल्का", "Fazilka" },
  { "ferozepur", "ਫ਼ਿਰੋਜ਼ਪੁਰ", "फिरोजपुर", "Ferozepur" },
  { "gurdaspur", "ਗੁਰਦਾਸਪੁਰ", "गुरदासपुर", "Gurdaspur" },
  { "hoshiarpur", "ਹੁਸ਼ਿਆਰਪੁਰ", "होशियारपुर", "Hoshiarpur" },
  { "jalandhar", "ਜਲੰਧਰ", "जालंधर", "Jalandhar" },
  { "kapurthala", "ਕਪੂਰਥਲਾ", "कपूरथला", "Kapurthala" },
  { "ludhiana", "ਲੁਧਿਆਣਾ", "लुधियाना", "Ludhiana" },
  { "malerkotla", "ਮਾਲੇਰਕੋਟਲਾ", "मालेरकोटला", "Malerkotla" },
  { "mansa", "ਮਾਨਸਾ", "मानसा", "Mansa" },
  { "moga", "ਮੋਗਾ", "मोगा", "Moga" },
  { "pathankot", "ਪਠਾਨਕੋਟ", "पठानकोट", "Pathankot" },
  { "patiala", "ਪਟਿਆਲਾ", "पटियाला", "Patiala" },
  { "rupnagar", "ਰੂਪਨਗਰ", "रूपनगर", "Rupnagar" },
  { "sas-nagar", "ਐੱਸ.ਏ.ਐੱਸ. ਨਗਰ (ਮੋਹਾਲੀ)", "एस.ए.एस. नगर (मोहाली)", "SAS Nagar (Mohali)" },
  { "sangrur", "ਸੰਗਰੂਰ", "संगरूर", "Sangrur" },
  { "sbs-nagar", "ਸ਼ਹੀਦ ਭਗਤ ਸਿੰਘ ਨਗਰ", "शहीद भगत सिंह नगर", "Shaheed Bhagat Singh Nagar" },
  { "sri-muktsar-sahib", "ਸ੍ਰੀ ਮੁਕਤਸਰ ਸਾਹਿਬ", "श्री मुक्तसर साहिब", "Sri Muktsar Sahib" },
  { "tarn-taran", "ਤਰਨ ਤਾਰਨ", "तरन तारन", "Tarn Taran" },
};

/* Older or official long names still printed on Aadhaar cards, compacted like compact(). */
static const struct
{
  const char *compact;
  const char *code;
} other_names[] = {
  { "mohali", "sas-nagar" },
  { "sasnagar", "sas-nagar" },
  { "sahibzadaajitsinghnagar", "sas-nagar" },
  { "ropar", "rupnagar" },
  { "nawanshahr", "sbs-nagar" },
  { "shahidbhagatsinghnagar", "sbs-nagar" },
  { "sbsnagar", "sbs-nagar" },
  { "firozpur", "ferozepur" },
  { "ferozpur", "ferozepur" },
  { "muktsar", "sri-muktsar-sahib" },
  { "tarntaransahib", "tarn-taran" },
  { "bhatinda", "bathinda" },
};

const SewaDistrict *
sewa_districts (guint *n_out)
{
  if (n_out != NULL)
    *n_out = G_N_ELEMENTS (districts);
  return districts;
}

/* Lowercase ASCII letters only, so "SAS Nagar (Mohali)", "S.A.S. Nagar" and "sas-nagar" meet;
 * a parenthesised part is dropped. */
static void
compact (const char *in, char *out, gsize out_size)
{
  gsize n = 0;
  int depth = 0;

  for (const char *p = in; *p != '\0' && n + 1 < out_size; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;
      else if (depth == 0 && g_ascii_isalpha (*p))
        out[n++] = g_ascii_tolower (*p);
    }
  out[n] = '\0';
}

const SewaDistrict *
sewa_district_lookup (const char *code_or_name)
{
  char key[64], cand[64];

  if (code_or_name == NULL || *code_or_name == '\0')
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (districts); i++)
    if (g_str_equal (code_or_name, districts[i].code))
      return &districts[i];

  compact (code_or_name, key, sizeof key);
  if (key[0] == '\0')
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (districts); i++)
    {
      compact (districts[i].en, cand, sizeof cand);
      if (g_str_equal (key, cand))
        return &districts[i];
    }
  for (gsize i = 0; i < G_N_ELEMENTS (other_names); i++)
    if (g_str_equal (key, other_names[i].compact))
      return sewa_district_lookup (other_names[i].code);
  return NULL;
}

const char *
sewa_district_name (const SewaDistrict *district, SewaLang lang)
{
  g_return_val_if_fail (district != NULL, "");
  return sewa_lang_pick (lang, district->pa, district->hi, district->en);
}

/* Sewa Kendra codes begin with their district's three-letter code (LDH01 is in Ludhiana). */
static const struct
{
  const char *prefix;
  const char *code;
} centre_prefixes[] = {
  { "ASR", "amritsar" },      { "BNL", "barnala" },         { "BTI", "bathinda" },
  { "FDK", "faridkot" },      { "FGS", "fatehgarh-sahib" }, { "FZK", "fazilka" },
  { "FZR", "ferozepur" },     { "GSP", "gurdaspur" },       { "HSP", "hoshiarpur" },
  { "JAL", "jalandhar" },     { "KPT", "kapurthala" },      { "LDH", "ludhiana" },
  { "MLK", "malerkotla" },    { "MNS", "mansa" },           { "MOG", "moga" },
  { "PTK", "pathankot" },     { "PTA", "patiala" },         { "RPR", "rupnagar" },
  { "SAS", "sas-nagar" },     { "SGR", "sangrur" },         { "SBS", "sbs-nagar" },
  { "MKT", "sri-muktsar-sahib" }, { "TTN", "tarn-taran" },
};

const SewaDistrict *
sewa_district_for_centre (const char *centre_code)
{
  if (centre_code == NULL || strlen (centre_code) < 3)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (centre_prefixes); i++)
    if (strncmp (centre_code, centre_prefixes[i].prefix, 3) == 0)
      return sewa_district_lookup (centre_prefixes[i].code);
  return NULL;
}
