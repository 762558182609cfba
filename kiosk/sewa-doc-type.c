/* sewa-doc-type.c — the document type codes of docs/catalog-schema.md, named in pa, hi, en. */
#include "sewa-doc-type.h"

static const struct
{
  const char *code;
  const char *pa;
  const char *hi;
  const char *en;
} types[] = {
  { "ADHAR", "ਆਧਾਰ ਕਾਰਡ", "आधार कार्ड", "Aadhaar card" },
  { "AFDVT", "ਹਲਫ਼ਨਾਮਾ", "शपथ पत्र", "Affidavit" },
  { "ARMLC", "ਅਸਲਾ ਲਾਇਸੈਂਸ", "शस्त्र लाइसेंस", "Arms licence" },
  { "ARMTR", "ਅਸਲਾ ਸਿਖਲਾਈ ਸਰਟੀਫ਼ਿਕੇਟ", "शस्त्र प्रशिक्षण प्रमाण पत्र", "Arms training certificate" },
  { "BIRCR", "ਜਨਮ ਸਰਟੀਫ਼ਿਕੇਟ", "जन्म प्रमाण पत्र", "Birth certificate" },
  { "BNKPB", "ਬੈਂਕ ਪਾਸਬੁੱਕ", "बैंक पासबुक", "Bank passbook" },
  { "CSTCR", "ਜਾਤੀ ਸਰਟੀਫ਼ਿਕੇਟ", "जाति प्रमाण पत्र", "Caste certificate" },
  { "DEEDD", "ਡੀਡ ਦਾ ਖਰੜਾ", "विलेख का मसौदा", "Draft deed" },
  { "DRVLC", "ਡਰਾਈਵਿੰਗ ਲਾਇਸੈਂਸ", "ड्राइविंग लाइसेंस", "Driving licence" },
  { "DSCER", "ਅਪੰਗਤਾ ਸਰਟੀਫ਼ਿਕੇਟ", "विकलांगता प्रमाण पत्र", "Disability certificate" },
  { "DTHCR", "ਮੌਤ ਸਰਟੀਫ਼ਿਕੇਟ", "मृत्यु प्रमाण पत्र", "Death certificate" },
  { "ELBIL", "ਬਿਜਲੀ ਦਾ ਬਿੱਲ", "बिजली का बिल", "Electricity bill" },
  { "ESTMP", "ਈ-ਸਟੈਂਪ", "ई-स्टाम्प", "E-stamp" },
  { "FAMID", "ਪਰਿਵਾਰ ਪਛਾਣ ਪੱਤਰ", "परिवार पहचान पत्र", "Family ID" },
  { "FARDC", "ਫ਼ਰਦ ਦੀ ਨਕਲ", "फ़र्द की नकल", "Fard copy" },
  { "GIFTD", "ਤੋਹਫ਼ਾ ਡੀਡ", "दान विलेख", "Gift deed" },
  { "HSCER", "ਬਾਰ੍ਹਵੀਂ ਦਾ ਸਰਟੀਫ਼ਿਕੇਟ", "बारहवीं का प्रमाण पत्र", "Class XII certificate" },
  { "HSPDS", "ਹਸਪਤਾਲ ਦੀ ਡਿਸਚਾਰਜ ਸਲਿੱਪ", "अस्पताल की डिस्चार्ज पर्ची", "Hospital discharge slip" },
  { "INCER", "ਆਮਦਨ ਸਰਟੀਫ਼ਿਕੇਟ", "आय प्रमाण पत्र", "Income certificate" },
  { "ITRET", "ਆਮਦਨ ਕਰ ਰਿਟਰਨ", "आयकर रिटर्न", "Income-tax return" },
  { "MEDFT", "ਮੈਡੀਕਲ ਫ਼ਿਟਨੈੱਸ ਸਰਟੀਫ਼ਿਕੇਟ", "चिकित्सा स्वास्थ्य प्रमाण पत्र", "Medical fitness certificate" },
  { "PANCR", "ਪੈਨ ਕਾਰਡ", "पैन कार्ड", "PAN card" },
  { "PASPT", "ਪਾਸਪੋਰਟ", "पासपोर्ट", "Passport" },
  { "PHOTO", "ਫ਼ੋਟੋ", "फ़ोटो", "Photograph" },
  { "PRTAG", "ਵੰਡ ਦਾ ਸਮਝੌਤਾ", "बँटवारा समझौता", "Partition agreement" },
  { "PTAXR", "ਪ੍ਰਾਪਰਟੀ ਟੈਕਸ ਰਸੀਦ", "संपत्ति कर रसीद", "Property tax receipt" },
  { "PUCCR", "ਪ੍ਰਦੂਸ਼ਣ ਸਰਟੀਫ਼ਿਕੇਟ", "प्रदूषण प्रमाण पत्र", "Pollution certificate" },
  { "RATCR", "ਰਾਸ਼ਨ ਕਾਰਡ", "राशन कार्ड", "Ration card" },
  { "RENTA", "ਕਿਰਾਇਆ ਸਮਝੌਤਾ", "किराया अनुबंध", "Rent agreement" },
  { "SALDD", "ਵਿਕਰੀ ਡੀਡ", "बिक्री विलेख", "Sale deed" },
  { "SALSL", "ਤਨਖ਼ਾਹ ਸਲਿੱਪ", "वेतन पर्ची", "Salary slip" },
  { "SCHLC", "ਸਕੂਲ ਛੱਡਣ ਦਾ ਸਰਟੀਫ਼ਿਕੇਟ", "स्कूल छोड़ने का प्रमाण पत्र", "School leaving certificate" },
  { "SLFDC", "ਸਵੈ-ਘੋਸ਼ਣਾ", "स्व-घोषणा", "Self-declaration" },
  { "SSCER", "ਦਸਵੀਂ ਦਾ ਸਰਟੀਫ਼ਿਕੇਟ", "दसवीं का प्रमाण पत्र", "Class X certificate" },
  { "UDIDC", "ਯੂਡੀਆਈਡੀ ਕਾਰਡ", "यूडीआईडी कार्ड", "UDID card" },
  { "VINSR", "ਵਾਹਨ ਬੀਮਾ", "वाहन बीमा", "Vehicle insurance" },
  { "VOTID", "ਵੋਟਰ ਕਾਰਡ", "मतदाता पहचान पत्र", "Voter ID card" },
  { "VRFRP", "ਤਸਦੀਕ ਰਿਪੋਰਟ", "सत्यापन रिपोर्ट", "Verification report" },
};

const char *
sewa_doc_type_name (const char *code, SewaLang lang)
{
  g_return_val_if_fail (lang < SEWA_N_LANGS, NULL);
  if (code == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i].code, code))
      return sewa_lang_pick (lang, types[i].pa, types[i].hi, types[i].en);
  return NULL;
}
