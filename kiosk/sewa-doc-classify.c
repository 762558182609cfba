/* sewa-doc-classify.c — keyword phrases in three scripts and card number formats per type.
 *
 * Each type scores the sum of the weights of its phrases found in the page (each phrase once):
 * its own name 3, a phrase printed only on that kind of document 2, a label several kinds share
 * 1. A number format of a card adds 2. The skeleton tables are folded once, on first use.
 */
#include "sewa-doc-classify.h"

#include <string.h>
#include "sewa-doc-type.h"
#include "sewa-lang.h"
#include "sewa-translit.h"

/* Words of OCR text considered; a dense A4 page has about 600. */
#define MAX_WORDS 4000
#define MAX_PHRASES 16
/* Bytes of text the number formats are searched in. */
#define MAX_TEXT_BYTES (64 * 1024)
/* Under this raw score nothing on the page says what it is. */
#define MIN_RAW 2.0

#define W_NAME 3.0
#define W_STRONG 2.0
#define W_WEAK 1.0
#define W_FORMAT 2.0

typedef struct
{
  const char *code;
  gboolean card;                        /* an ID-1 card: sparse text, psm 11 */
  const char *strong[MAX_PHRASES];      /* printed only on this kind of document */
  const char *weak[MAX_PHRASES];        /* labels several kinds share */
} TypeDef;

static const TypeDef types[] = {
  { "ADHAR", TRUE,
    { "Unique Identification Authority of India", "ਭਾਰਤੀ ਵਿਲੱਖਣ ਪਛਾਣ ਅਥਾਰਟੀ", "भारतीय विशिष्ट पहचान प्राधिकरण",
      "Aadhaar", "ਆਧਾਰ", "आधार", "Mera Aadhaar Meri Pehchan" },
    { "Government of India", "ਭਾਰਤ ਸਰਕਾਰ", "भारत सरकार", "Date of birth", "ਜਨਮ ਮਿਤੀ", "जन्म तिथि" } },
  { "PANCR", TRUE,
    { "Permanent Account Number", "ਸਥਾਈ ਖਾਤਾ ਨੰਬਰ", "स्थायी लेखा संख्या", "Income Tax Department",
      "ਆਮਦਨ ਕਰ ਵਿਭਾਗ", "आयकर विभाग" },
    { "Government of India", "ਭਾਰਤ ਸਰਕਾਰ", "भारत सरकार", "Father's name", "ਪਿਤਾ ਦਾ ਨਾਮ", "पिता का नाम" } },
  { "VOTID", TRUE,
    { "Election Commission of India", "ਭਾਰਤ ਚੋਣ ਕਮਿਸ਼ਨ", "भारत निर्वाचन आयोग", "Elector Photo Identity Card",
      "ਵੋਟਰ", "मतदाता", "Elector", "ਚੋਣਕਾਰ", "निर्वाचक" },
    { "Father's name", "ਪਿਤਾ ਦਾ ਨਾਮ", "पिता का नाम", "Gender", "ਲਿੰਗ", "लिंग" } },
  { "DRVLC", TRUE,
    { "Driving Licence", "ਡਰਾਈਵਿੰਗ ਲਾਇਸੈਂਸ", "ड्राइविंग लाइसेंस", "Class of vehicle", "ਵਾਹਨ ਦੀ ਸ਼੍ਰੇਣੀ", "वाहन की श्रेणी",
      "Transport Department", "ਟਰਾਂਸਪੋਰਟ ਵਿਭਾਗ", "परिवहन विभाग" },
    { "Valid till", "ਵੈਧ ਮਿਤੀ", "वैध तिथि", "Date of birth", "ਜਨਮ ਮਿਤੀ", "जन्म तिथि" } },
  { "RATCR", TRUE,
    { "Food Civil Supplies", "ਖੁਰਾਕ ਸਿਵਲ ਸਪਲਾਈ", "खाद्य नागरिक आपूर्ति", "NFSA", "Fair price shop",
      "ਡਿਪੂ", "राशन" , "ਰਾਸ਼ਨ", "Ration" },
    { "Head of family", "ਪਰਿਵਾਰ ਦਾ ਮੁਖੀ", "परिवार का मुखिया", "Members", "ਮੈਂਬਰ", "सदस्य" } },
  { "UDIDC", TRUE,
    { "Unique Disability ID", "ਵਿਲੱਖਣ ਅਪੰਗਤਾ ਪਛਾਣ", "विशिष्ट विकलांगता पहचान", "UDID", "ਯੂਡੀਆਈਡੀ", "यूडीआईडी" },
    { "Disability", "ਅਪੰਗਤਾ", "विकलांगता", "Government of India", "ਭਾਰਤ ਸਰਕਾਰ", "भारत सरकार" } },
  { "FAMID", TRUE,
    { "Family ID", "ਪਰਿਵਾਰ ਪਛਾਣ", "परिवार पहचान", "Family members", "ਪਰਿਵਾਰ ਦੇ ਮੈਂਬਰ", "परिवार के सदस्य" },
    { "Head of family", "ਪਰਿਵਾਰ ਦਾ ਮੁਖੀ", "परिवार का मुखिया" } },
  { "PASPT", TRUE,
    { "Republic of India", "ਭਾਰਤ ਗਣਰਾਜ", "भारत गणराज्य", "Passport", "ਪਾਸਪੋਰਟ", "पासपोर्ट", "Place of issue",
      "ਜਾਰੀ ਕਰਨ ਦਾ ਸਥਾਨ", "जारी करने का स्थान", "Nationality", "ਕੌਮੀਅਤ", "राष्ट्रीयता" },
    { "Date of expiry", "ਮਿਆਦ ਪੁੱਗਣ ਦੀ ਮਿਤੀ", "समाप्ति तिथि" } },
  { "BNKPB", FALSE,
    { "Passbook", "ਪਾਸਬੁੱਕ", "पासबुक", "IFSC", "Savings account", "ਬੱਚਤ ਖਾਤਾ", "बचत खाता" },
    { "Bank", "ਬੈਂਕ", "बैंक", "Branch", "ਸ਼ਾਖਾ", "शाखा", "Account number", "ਖਾਤਾ ਨੰਬਰ", "खाता संख्या" } },
  { "ARMLC", FALSE,
    { "Arms Act", "ਅਸਲਾ ਐਕਟ", "शस्त्र अधिनियम", "Arms licence", "ਅਸਲਾ ਲਾਇਸੈਂਸ", "शस्त्र लाइसेंस",
      "Description of weapon", "ਹਥਿਆਰ ਦਾ ਵੇਰਵਾ", "हथियार का विवरण" },
    { "District Magistrate", "ਜ਼ਿਲ੍ਹਾ ਮੈਜਿਸਟ੍ਰੇਟ", "जिला मजिस्ट्रेट" } },
  { "PUCCR", FALSE,
    { "Pollution Under Control", "ਪ੍ਰਦੂਸ਼ਣ ਕੰਟਰੋਲ", "प्रदूषण नियंत्रण", "Emission", "ਨਿਕਾਸ", "उत्सर्जन" },
    { "Vehicle registration number", "ਵਾਹਨ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਨੰਬਰ", "वाहन पंजीकरण संख्या", "Valid till", "ਵੈਧ ਮਿਤੀ", "वैध तिथि" } },
  { "PHOTO", FALSE, { NULL }, { NULL } },
  { "AFDVT", FALSE,
    { "Deponent", "ਬਿਆਨਕਰਤਾ", "अभिसाक्षी", "Solemnly affirm", "ਦ੍ਰਿੜ੍ਹਤਾ ਨਾਲ ਪੁਸ਼ਟੀ", "सत्यनिष्ठा से पुष्टि",
      "Affidavit", "ਹਲਫ਼ਨਾਮਾ", "शपथ पत्र" },
    { "Notary", "ਨੋਟਰੀ", "नोटरी", "Verification", "ਤਸਦੀਕ", "सत्यापन" } },
  { "ARMTR", FALSE,
    { "Arms training", "ਅਸਲਾ ਸਿਖਲਾਈ", "शस्त्र प्रशिक्षण", "Firing range", "ਫਾਇਰਿੰਗ ਰੇਂਜ", "फायरिंग रेंज",
      "Safe handling of arms", "ਹਥਿਆਰਾਂ ਦੀ ਸੁਰੱਖਿਅਤ ਵਰਤੋਂ", "हथियारों का सुरक्षित उपयोग" },
    { "Trainee", "ਸਿਖਿਆਰਥੀ", "प्रशिक्षु" } },
  { "BIRCR", FALSE,
    { "Place of birth", "ਜਨਮ ਸਥਾਨ", "जन्म स्थान", "Registration of births", "ਜਨਮ ਦੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ", "जन्म पंजीकरण" },
    { "Registrar", "ਰਜਿਸਟਰਾਰ", "रजिस्ट्रार", "Date of birth", "ਜਨਮ ਮਿਤੀ", "जन्म तिथि", "Mother's name", "ਮਾਤਾ ਦਾ ਨਾਮ", "माता का नाम" } },
  { "CSTCR", FALSE,
    { "Scheduled Caste", "ਅਨੁਸੂਚਿਤ ਜਾਤੀ", "अनुसूचित जाति", "Backward Class", "ਪਛੜੀ ਸ਼੍ਰੇਣੀ", "पिछड़ा वर्ग",
      "Caste", "ਜਾਤੀ", "जाति" },
    { "Tehsildar", "ਤਹਿਸੀਲਦਾਰ", "तहसीलदार" } },
  { "DEEDD", FALSE,
    { "Draft", "ਖਰੜਾ", "मसौदा", "Not for registration", "ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਲਈ ਨਹੀਂ", "पंजीकरण हेतु नहीं" },
    { "Deed", "ਡੀਡ", "विलेख", "Property", "ਜਾਇਦਾਦ", "संपत्ति" } },
  { "DSCER", FALSE,
    { "Percentage of disability", "ਅਪੰਗਤਾ ਦੀ ਪ੍ਰਤੀਸ਼ਤਤਾ", "विकलांगता का प्रतिशत", "Medical Board", "ਮੈਡੀਕਲ ਬੋਰਡ", "चिकित्सा बोर्ड" },
    { "Disability", "ਅਪੰਗਤਾ", "विकलांगता" } },
  { "DTHCR", FALSE,
    { "Date of death", "ਮੌਤ ਦੀ ਮਿਤੀ", "मृत्यु की तिथि", "Place of death", "ਮੌਤ ਦਾ ਸਥਾਨ", "मृत्यु का स्थान",
      "Deceased", "ਮ੍ਰਿਤਕ", "मृतक" },
    { "Registrar", "ਰਜਿਸਟਰਾਰ", "रजिस्ट्रार" } },
  { "ELBIL", FALSE,
    { "Electricity", "ਬਿਜਲੀ", "बिजली", "Units consumed", "ਖਪਤ ਯੂਨਿਟ", "खपत यूनिट", "Power Corporation",
      "ਪਾਵਰ ਕਾਰਪੋਰੇਸ਼ਨ", "पावर कॉर्पोरेशन", "Meter number", "ਮੀਟਰ ਨੰਬਰ", "मीटर संख्या" },
    { "Amount payable", "ਭੁਗਤਾਨ ਯੋਗ ਰਕਮ", "देय राशि", "Bill", "ਬਿੱਲ", "बिल" } },
  { "ESTMP", FALSE,
    { "e-Stamp", "ਈ-ਸਟੈਂਪ", "ई-स्टाम्प", "Stock Holding Corporation", "Non Judicial", "ਗ਼ੈਰ ਨਿਆਂਇਕ", "गैर न्यायिक" },
    { "Stamp duty", "ਸਟੈਂਪ ਡਿਊਟੀ", "स्टाम्प शुल्क", "First party", "ਪਹਿਲੀ ਧਿਰ", "प्रथम पक्ष" } },
  { "FARDC", FALSE,
    { "Jamabandi", "ਜਮ੍ਹਾਂਬੰਦੀ", "जमाबंदी", "Khasra", "ਖਸਰਾ", "खसरा", "Khewat", "ਖੇਵਟ", "खेवट",
      "Fard", "ਫ਼ਰਦ", "फ़र्द" },
    { "Patwari", "ਪਟਵਾਰੀ", "पटवारी", "Village", "ਪਿੰਡ", "गांव" } },
  { "GIFTD", FALSE,
    { "Gift", "ਤੋਹਫ਼ਾ", "दान", "Donor", "ਦਾਨੀ", "दाता", "Donee", "ਪ੍ਰਾਪਤਕਰਤਾ", "आदाता" },
    { "Deed", "ਡੀਡ", "विलेख", "Property", "ਜਾਇਦਾਦ", "संपत्ति" } },
  { "HSCER", FALSE,
    { "Senior Secondary", "ਸੀਨੀਅਰ ਸੈਕੰਡਰੀ", "उच्चतर माध्यमिक", "ਬਾਰ੍ਹਵੀਂ", "बारहवीं", "Twelfth" },
    { "School Education Board", "ਸਕੂਲ ਸਿੱਖਿਆ ਬੋਰਡ", "स्कूल शिक्षा बोर्ड", "Marks", "ਅੰਕ", "अंक" } },
  { "HSPDS", FALSE,
    { "Discharge", "ਡਿਸਚਾਰਜ", "डिस्चार्ज", "Date of admission", "ਦਾਖ਼ਲੇ ਦੀ ਮਿਤੀ", "भर्ती की तिथि",
      "Diagnosis", "ਤਸ਼ਖ਼ੀਸ", "निदान" },
    { "Hospital", "ਹਸਪਤਾਲ", "अस्पताल" } },
  { "INCER", FALSE,
    { "Annual income", "ਸਾਲਾਨਾ ਆਮਦਨ", "वार्षिक आय", "Income certificate", "ਆਮਦਨ ਸਰਟੀਫ਼ਿਕੇਟ", "आय प्रमाण पत्र" },
    { "Tehsildar", "ਤਹਿਸੀਲਦਾਰ", "तहसीलदार", "All sources", "ਸਾਰੇ ਸਰੋਤਾਂ", "सभी स्रोतों" } },
  { "ITRET", FALSE,
    { "Assessment Year", "ਮੁਲਾਂਕਣ ਸਾਲ", "निर्धारण वर्ष", "ITR", "Acknowledgement", "ਪ੍ਰਾਪਤੀ ਰਸੀਦ", "पावती",
      "Income tax return", "ਆਮਦਨ ਕਰ ਰਿਟਰਨ", "आयकर रिटर्न" },
    { "Total income", "ਕੁੱਲ ਆਮਦਨ", "कुल आय", "PAN", "ਪੈਨ", "पैन" } },
  { "MEDFT", FALSE,
    { "Medical fitness", "ਮੈਡੀਕਲ ਫ਼ਿਟਨੈੱਸ", "चिकित्सा स्वास्थ्य", "Physically fit", "ਸਰੀਰਕ ਤੌਰ ਤੇ ਤੰਦਰੁਸਤ", "शारीरिक रूप से स्वस्थ" },
    { "Medical Officer", "ਮੈਡੀਕਲ ਅਫ਼ਸਰ", "चिकित्सा अधिकारी" } },
  { "PRTAG", FALSE,
    { "Partition", "ਵੰਡ", "बँटवारा", "Co-sharers", "ਹਿੱਸੇਦਾਰ", "हिस्सेदार" },
    { "Share", "ਹਿੱਸਾ", "हिस्सा", "Property", "ਜਾਇਦਾਦ", "संपत्ति" } },
  { "PTAXR", FALSE,
    { "Property tax", "ਪ੍ਰਾਪਰਟੀ ਟੈਕਸ", "संपत्ति कर", "Municipal Corporation", "ਨਗਰ ਨਿਗਮ", "नगर निगम" },
    { "Receipt", "ਰਸੀਦ", "रसीद", "Property ID", "ਜਾਇਦਾਦ ਆਈਡੀ", "संपत्ति आईडी" } },
  { "RENTA", FALSE,
    { "Landlord", "ਮਕਾਨ ਮਾਲਕ", "मकान मालिक", "Tenant", "ਕਿਰਾਏਦਾਰ", "किरायेदार", "Monthly rent", "ਮਹੀਨਾਵਾਰ ਕਿਰਾਇਆ", "मासिक किराया" },
    { "Agreement", "ਸਮਝੌਤਾ", "अनुबंध" } },
  { "SALDD", FALSE,
    { "Vendor", "ਵਿਕਰੇਤਾ", "विक्रेता", "Vendee", "ਖਰੀਦਦਾਰ", "क्रेता", "Sale consideration", "ਵਿਕਰੀ ਰਕਮ", "बिक्री प्रतिफल" },
    { "Sub-Registrar", "ਸਬ-ਰਜਿਸਟਰਾਰ", "उप-पंजीयक", "Deed", "ਡੀਡ", "विलेख" } },
  { "SALSL", FALSE,
    { "Basic pay", "ਮੂਲ ਤਨਖ਼ਾਹ", "मूल वेतन", "Net pay", "ਸ਼ੁੱਧ ਤਨਖ਼ਾਹ", "शुद्ध वेतन", "Pay slip", "Deductions", "ਕਟੌਤੀਆਂ", "कटौतियाँ" },
    { "Employee", "ਕਰਮਚਾਰੀ", "कर्मचारी" } },
  { "SCHLC", FALSE,
    { "Date of leaving", "ਸਕੂਲ ਛੱਡਣ ਦੀ ਮਿਤੀ", "विद्यालय छोड़ने की तिथि", "Transfer certificate",
      "Admission register", "ਦਾਖ਼ਲਾ ਰਜਿਸਟਰ", "प्रवेश पंजी" },
    { "Principal", "ਪ੍ਰਿੰਸੀਪਲ", "प्रधानाचार्य" } },
  { "SLFDC", FALSE,
    { "Self declaration", "ਸਵੈ-ਘੋਸ਼ਣਾ", "स्व-घोषणा", "I hereby declare", "ਮੈਂ ਘੋਸ਼ਣਾ ਕਰਦਾ", "मैं घोषणा करता" },
    { "Signature of applicant", "ਬਿਨੈਕਾਰ ਦੇ ਦਸਤਖ਼ਤ", "आवेदक के हस्ताक्षर" } },
  { "SSCER", FALSE,
    { "Matriculation", "ਮੈਟ੍ਰਿਕ", "मैट्रिक", "ਦਸਵੀਂ", "दसवीं", "Tenth", "Secondary School Examination",
      "ਸੈਕੰਡਰੀ ਸਕੂਲ ਪ੍ਰੀਖਿਆ", "माध्यमिक विद्यालय परीक्षा" },
    { "School Education Board", "ਸਕੂਲ ਸਿੱਖਿਆ ਬੋਰਡ", "स्कूल शिक्षा बोर्ड", "Marks", "ਅੰਕ", "अंक" } },
  { "VINSR", FALSE,
    { "Insurance", "ਬੀਮਾ", "बीमा", "Policy number", "ਪਾਲਿਸੀ ਨੰਬਰ", "पॉलिसी संख्या", "Premium", "ਪ੍ਰੀਮੀਅਮ", "प्रीमियम" },
    { "Vehicle", "ਵਾਹਨ", "वाहन" } },
  { "VRFRP", FALSE,
    { "Police verification", "ਪੁਲਿਸ ਤਸਦੀਕ", "पुलिस सत्यापन", "Station House Officer", "ਥਾਣਾ ਮੁਖੀ", "थाना प्रभारी",
      "Nothing adverse", "ਕੁਝ ਵੀ ਉਲਟ ਨਹੀਂ", "कुछ भी प्रतिकूल नहीं" },
    { "Verification", "ਤਸਦੀਕ", "सत्यापन", "Report", "ਰਿਪੋਰਟ", "रिपोर्ट" } },
};

/* A number format printed on one kind of card, matched on the text as read (the skeleton drops
 * the vowels these formats are made of). */
static const struct
{
  const char *code;
  const char *pattern;
} formats[] = {
  { "ADHAR", "\\b[0-9]{4} [0-9]{4} [0-9]{4}\\b" },
  { "PANCR", "\\b[A-Z]{5}[0-9]{4}[A-Z]\\b" },
  { "VOTID", "\\b[A-Z]{3}[0-9]{7}\\b" },
  { "PASPT", "\\b[A-Z][0-9]{7}\\b" },
  { "DRVLC", "\\bPB[- ]?[0-9]{2}[- ]?[0-9]{4}[- ]?[0-9]{7}\\b" },
  { "BNKPB", "\\b[A-Z]{4}0[A-Z0-9]{6}\\b" },
  /* "Class X" and "Class XII" fold to one skeleton (vowels and doubled letters go). */
  { "SSCER", "(?i)\\bclass (x|10)\\b" },
  { "HSCER", "(?i)\\bclass (xii|12)\\b" },
};

typedef struct
{
  char **words;   /* the phrase's skeleton words */
  guint n;
  double weight;
} Phrase;

typedef struct
{
  GArray *phrases;  /* of Phrase */
} TypeTable;

static TypeTable tables[G_N_ELEMENTS (types)];
static GRegex *format_regex[G_N_ELEMENTS (formats)];
static const char *type_codes[G_N_ELEMENTS (types) + 1];

static void
add_phrase (GArray *phrases, const char *text, double weight)
{
  g_autofree char *folded = sewa_translit_fold (text);
  Phrase p = { 0 };
  gsize letters;

  p.words = g_strsplit (folded, " ", -1);
  p.n = g_strv_length (p.words);
  p.weight = weight;
  /* The skeleton drops vowels and merges letters, so a short word ("Deed" -> "d", "Kaur" and
   * "ਖਰੜਾ" -> "kr") meets unrelated words and names on any page: such phrases say nothing. */
  letters = strlen (folded) - (p.n > 0 ? p.n - 1 : 0);
  if (letters < (p.n >= 2 ? 3u : 4u))
    {
      g_strfreev (p.words);
      return;
    }
  /* The same phrase in several scripts often folds to one skeleton ("Passport", "ਪਾਸਪੋਰਟ",
   * "पासपोर्ट"): it counts once, or one word would outweigh a whole page of evidence. */
  for (guint i = 0; i < phrases->len; i++)
    {
      Phrase *q = &g_array_index (phrases, Phrase, i);

      if (g_strv_equal ((const char *const *) q->words, (const char *const *) p.words))
        {
          q->weight = MAX (q->weight, p.weight);
          g_strfreev (p.words);
          return;
        }
    }
  g_array_append_val (phrases, p);
}

static gpointer
build_tables (gpointer data)
{
  (void) data;
  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      GArray *phrases = g_array_new (FALSE, TRUE, sizeof (Phrase));

      for (int l = 0; l < SEWA_N_LANGS; l++)
        {
          const char *name = sewa_doc_type_name (types[t].code, (SewaLang) l);

          if (name != NULL && !g_str_equal (types[t].code, "PHOTO"))
            add_phrase (phrases, name, W_NAME);
        }
      for (gsize i = 0; i < MAX_PHRASES && types[t].strong[i] != NULL; i++)
        add_phrase (phrases, types[t].strong[i], W_STRONG);
      for (gsize i = 0; i < MAX_PHRASES && types[t].weak[i] != NULL; i++)
        add_phrase (phrases, types[t].weak[i], W_WEAK);
      tables[t].phrases = phrases;
      type_codes[t] = types[t].code;
    }
  for (gsize f = 0; f < G_N_ELEMENTS (formats); f++)
    format_regex[f] = g_regex_new (formats[f].pattern, G_REGEX_OPTIMIZE, 0, NULL);
  return NULL;
}

static void
ensure_tables (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, build_tables, NULL);
}

/* Equal skeleton words, or one edit apart when both are long enough (six letters) that a
 * single misread letter does not make them another word. */
static gboolean
word_close (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  gsize i = 0;

  if (g_str_equal (a, b))
    return TRUE;
  if (la < 6 || lb < 6 || (la > lb ? la - lb : lb - la) > 1)
    return FALSE;
  while (i < la && i < lb && a[i] == b[i])
    i++;
  if (la == lb)
    return g_str_equal (a + i + 1, b + i + 1);
  if (la > lb)
    return g_str_equal (a + i + 1, b + i);
  return g_str_equal (a + i, b + i + 1);
}

static gboolean
phrase_found (const Phrase *p, char **words, guint n_words)
{
  for (guint s = 0; s + p->n <= n_words; s++)
    {
      guint k = 0;

      while (k < p->n && word_close (p->words[k], words[s + k]))
        k++;
      if (k == p->n)
        return TRUE;
    }
  return FALSE;
}

void
sewa_doc_classify (const char *text, const char *expected_type, SewaDocClassification *out)
{
  g_autofree char *folded = NULL;
  g_autoptr (GPtrArray) words = g_ptr_array_new ();
  g_auto (GStrv) parts = NULL;
  double scores[G_N_ELEMENTS (types)] = { 0 };
  gssize best = -1, second = -1;
  gsize text_len;

  g_return_if_fail (out != NULL);
  memset (out, 0, sizeof *out);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return;
  text_len = strlen (text);
  if (text_len > MAX_TEXT_BYTES)
    text_len = (gsize) (g_utf8_find_prev_char (text, text + MAX_TEXT_BYTES + 1) - text);
  ensure_tables ();
  folded = sewa_translit_fold (text);
  parts = g_strsplit (folded, " ", -1);
  for (guint i = 0; parts[i] != NULL && words->len < MAX_WORDS; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (words, parts[i]);

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      GArray *phrases = tables[t].phrases;

      for (guint i = 0; i < phrases->len; i++)
        {
          const Phrase *p = &g_array_index (phrases, Phrase, i);

          if (phrase_found (p, (char **) words->pdata, words->len))
            scores[t] += p->weight;
        }
    }
  /* The formats look at the text as read, cut to a bounded length at a character boundary. */
  for (gsize f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      if (format_regex[f] == NULL)
        continue;
      if (g_regex_match_full (format_regex[f], text, (gssize) text_len, 0, 0, NULL, NULL))
        for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
          if (g_str_equal (types[t].code, formats[f].code))
            scores[t] += W_FORMAT;
    }

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      if (best < 0 || scores[t] > scores[best])
        {
          second = best;
          best = (gssize) t;
        }
      else if (second < 0 || scores[t] > scores[second])
        second = (gssize) t;
      if (expected_type != NULL && g_str_equal (types[t].code, expected_type))
        out->expected_raw = scores[t];
    }
  out->best_raw = scores[best];
  out->second_raw = second >= 0 ? scores[second] : 0.0;
  if (out->best_raw < MIN_RAW)
    return;
  out->best_type = types[best].code;
  /* Clear margin over the runner-up, and enough evidence: a title (3) plus one label (1)
   * makes full strength. */
  out->confidence = (out->best_raw - out->second_raw) / out->best_raw * MIN (1.0, out->best_raw / 4.0);
}

gboolean
sewa_doc_classify_is_wrong_type (const SewaDocClassification *c, const char *expected_type)
{
  g_return_val_if_fail (c != NULL, FALSE);
  if (c->best_type == NULL || expected_type == NULL || g_str_equal (c->best_type, expected_type))
    return FALSE;
  return c->confidence >= 0.3 && c->expected_raw < 0.5 * c->best_raw;
}

void
sewa_doc_classify_traits (const char *code, SewaDocTypeTraits *out)
{
  g_return_if_fail (out != NULL);
  /* Full-page automatic segmentation for pages; sparse text for cards, whose text sits in
   * islands around a photo and a logo. */
  out->psm = 3;
  out->has_text = TRUE;
  out->has_name = TRUE;
  if (code == NULL)
    return;
  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    if (g_str_equal (types[t].code, code))
      {
        if (types[t].card)
          out->psm = 11;
        if (g_str_equal (code, "PHOTO"))
          {
            out->has_text = FALSE;
            out->has_name = FALSE;
          }
        return;
      }
}

const char *const *
sewa_doc_classify_types (void)
{
  ensure_tables ();
  return type_codes;
}
