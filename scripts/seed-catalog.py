#!/usr/bin/env python3
"""Writes data/catalog/catalog.json, the seed catalog, from the compact definitions below.

Edit the services here, then run `python3 scripts/seed-catalog.py > data/catalog/catalog.json`
(the output is deterministic). Figures taken from shared/reference/punjab-services.md carry
"x-figures": "reference"; the rest are plausible and carry "x-figures": "plausible". Every
service is "sample_data": true: even the reference figures come from older notifications.
Document codes ADHAR, PANCR, DRVLC, SSCER, HSCER, INCER are DigiLocker's; the others are kiosk
codes in the same style (docs/catalog-schema.md lists them).
"""
import json
import sys


def T(pa, hi, en):
    return {"pa": pa, "hi": hi, "en": en}


YES_NO = None  # yes/no fields carry no options

# ---- common fields -------------------------------------------------------------------------

def f(id, type, label, required=True, **kw):
    d = {"id": id, "type": type, "label": label, "required": required}
    d.update(kw)
    return d


def opt(value, pa, hi, en):
    return {"value": value, "label": T(pa, hi, en)}


GENDER_OPTIONS = [
    opt("M", "ਪੁਰਸ਼", "पुरुष", "Male"),
    opt("F", "ਇਸਤਰੀ", "महिला", "Female"),
    opt("T", "ਟਰਾਂਸਜੈਂਡਰ", "ट्रांसजेंडर", "Transgender"),
]

AADHAAR_HELP = T("ਸਿਰਫ਼ ਆਖ਼ਰੀ ਚਾਰ ਅੰਕ ਰੱਖੇ ਜਾਂਦੇ ਹਨ।", "केवल अंतिम चार अंक रखे जाते हैं।",
                 "Only the last four digits are kept.")


def applicant_fields(gender_required=False):
    return [
        f("applicant_name", "name", T("ਬਿਨੈਕਾਰ ਦਾ ਪੂਰਾ ਨਾਮ", "आवेदक का पूरा नाम", "Applicant's full name"),
          prefill="name"),
        f("applicant_father", "name", T("ਪਿਤਾ / ਪਤੀ ਦਾ ਨਾਮ", "पिता / पति का नाम", "Father's or husband's name"),
          prefill="father_name"),
        f("applicant_dob", "date", T("ਜਨਮ ਮਿਤੀ", "जन्म तिथि", "Date of birth"), not_future=True,
          min="01-01-1900", prefill="dob",
          help=T("ਦਿਨ-ਮਹੀਨਾ-ਸਾਲ, ਜਿਵੇਂ 05-08-1975", "दिन-महीना-वर्ष, जैसे 05-08-1975",
                 "Day-month-year, for example 05-08-1975")),
        f("applicant_gender", "select", T("ਲਿੰਗ", "लिंग", "Gender"), required=gender_required,
          options=GENDER_OPTIONS, prefill="gender"),
        f("mobile", "mobile", T("ਮੋਬਾਈਲ ਨੰਬਰ", "मोबाइल नंबर", "Mobile number"), prefill="mobile",
          help=T("ਅਰਜ਼ੀ ਦੀ ਸਥਿਤੀ ਇਸ ਨੰਬਰ 'ਤੇ ਐੱਸ.ਐੱਮ.ਐੱਸ. ਰਾਹੀਂ ਭੇਜੀ ਜਾਵੇਗੀ।",
                 "आवेदन की स्थिति इस नंबर पर एसएमएस से भेजी जाएगी।",
                 "The application status will be sent to this number by SMS.")),
        f("email", "email", T("ਈਮੇਲ", "ईमेल", "Email"), required=False, prefill="email"),
        f("aadhaar", "aadhaar", T("ਆਧਾਰ ਨੰਬਰ", "आधार संख्या", "Aadhaar number"), prefill="aadhaar_last4",
          help=AADHAAR_HELP),
    ]


def address_section():
    return {
        "id": "address",
        "title": T("ਪਤਾ", "पता", "Address"),
        "fields": [
            f("house", "text", T("ਮਕਾਨ ਨੰਬਰ", "मकान नंबर", "House number"), required=False,
              max_length=60, prefill="address.house"),
            f("street", "text", T("ਗਲੀ / ਮੁਹੱਲਾ", "गली / मोहल्ला", "Street or locality"), max_length=120,
              prefill="address.street"),
            f("village_town", "text", T("ਪਿੰਡ / ਸ਼ਹਿਰ", "गाँव / शहर", "Village or town"), max_length=80,
              prefill="address.vtc"),
            f("district", "district", T("ਜ਼ਿਲ੍ਹਾ", "जिला", "District"), prefill="address.district"),
            f("pincode", "pincode", T("ਪਿੰਨ ਕੋਡ", "पिन कोड", "PIN code"), prefill="address.pincode"),
        ],
    }


def declaration_section():
    return {
        "id": "declaration",
        "title": T("ਘੋਸ਼ਣਾ", "घोषणा", "Declaration"),
        "fields": [
            f("consent_true", "consent",
              T("ਮੈਂ ਘੋਸ਼ਣਾ ਕਰਦਾ/ਕਰਦੀ ਹਾਂ ਕਿ ਦਿੱਤੀ ਗਈ ਜਾਣਕਾਰੀ ਮੇਰੀ ਜਾਣਕਾਰੀ ਅਨੁਸਾਰ ਸਹੀ ਹੈ।",
                "मैं घोषणा करता/करती हूँ कि दी गई जानकारी मेरी जानकारी के अनुसार सही है।",
                "I declare that the information given is true to the best of my knowledge.")),
            f("consent_aadhaar", "consent",
              T("ਮੈਂ ਤਸਦੀਕ ਲਈ ਆਪਣੇ ਆਧਾਰ ਨੰਬਰ ਦੀ ਵਰਤੋਂ ਲਈ ਸਹਿਮਤ ਹਾਂ।",
                "मैं सत्यापन के लिए अपने आधार नंबर के उपयोग के लिए सहमत हूँ।",
                "I agree to the use of my Aadhaar number for verification.")),
        ],
    }


def form(details_title, details):
    return {"sections": [
        {"id": "applicant", "title": T("ਬਿਨੈਕਾਰ ਦੇ ਵੇਰਵੇ", "आवेदक का विवरण", "Applicant details"),
         "fields": applicant_fields()},
        {"id": "details", "title": details_title, "fields": details},
        address_section(),
        declaration_section(),
    ]}


# The physical sizes each document type comes in (docs/catalog-schema.md, "document_types"):
# the kiosk refuses a page of another size and shows the outline of the expected one. Cards
# are ID-1 (both sides photographed), certificates and letters A4 or A5, photographs photo;
# "other" is a document of no standard size (a passport's data page, a passbook).
CARD = ["id1"]
PAPER = ["a4", "a5"]
DOCUMENT_TYPES = [
    {"code": "ADHAR", "sizes": ["id1", "a4"]},  # the PVC card, or the e-Aadhaar letter
    {"code": "PANCR", "sizes": CARD},
    {"code": "VOTID", "sizes": CARD},
    {"code": "DRVLC", "sizes": CARD},
    {"code": "RATCR", "sizes": CARD},
    {"code": "UDIDC", "sizes": CARD},
    {"code": "FAMID", "sizes": CARD},
    {"code": "PASPT", "sizes": ["other"]},
    {"code": "BNKPB", "sizes": ["a5", "other"]},
    {"code": "ARMLC", "sizes": ["a5", "other"]},
    {"code": "PUCCR", "sizes": ["a4", "a5", "other"]},
    {"code": "PHOTO", "sizes": ["photo"]},
] + [{"code": c, "sizes": PAPER} for c in [
    "AFDVT", "ARMTR", "BIRCR", "CSTCR", "DEEDD", "DSCER", "DTHCR", "ELBIL", "ESTMP", "FARDC",
    "GIFTD", "HSCER", "HSPDS", "INCER", "ITRET", "MEDFT", "PRTAG", "PTAXR", "RENTA", "SALDD",
    "SALSL", "SCHLC", "SLFDC", "SSCER", "VINSR", "VRFRP"]]


def doc(id, label, any_of, required=True, number_fields=None):
    d = {"id": id, "label": label, "any_of": any_of, "required": required}
    # The form field whose value a page of that type carries, compared by the document check
    # (#17): the Aadhaar number's last four digits, the applicant's date of birth.
    if number_fields:
        d["number_fields"] = number_fields
    return d


# Every form's Aadhaar field (applicant_fields) is the applicant's: an Aadhaar card given as
# the applicant's own proof carries its last four digits.
AADHAAR_NUMBER = {"ADHAR": "aadhaar"}


ID_PROOF = doc("id_proof", T("ਪਛਾਣ ਦਾ ਸਬੂਤ", "पहचान का प्रमाण", "Proof of identity"),
               ["ADHAR", "VOTID", "PASPT", "DRVLC", "PANCR"], number_fields=AADHAAR_NUMBER)
ADDRESS_PROOF = doc("address_proof", T("ਪਤੇ ਦਾ ਸਬੂਤ", "पते का प्रमाण", "Proof of address"),
                    ["ADHAR", "VOTID", "PASPT", "RATCR", "ELBIL"], number_fields=AADHAAR_NUMBER)
PHOTO = doc("photo", T("ਪਾਸਪੋਰਟ ਸਾਈਜ਼ ਫ਼ੋਟੋ", "पासपोर्ट आकार की फोटो", "Passport-size photograph"), ["PHOTO"])
SELF_DECL = doc("self_declaration", T("ਸਵੈ-ਘੋਸ਼ਣਾ ਪੱਤਰ", "स्व-घोषणा पत्र", "Self-declaration"), ["SLFDC"])
INCOME_PROOF = doc("income_proof", T("ਆਮਦਨ ਦਾ ਸਬੂਤ", "आय का प्रमाण", "Proof of income"),
                   ["INCER", "SALSL", "ITRET"])
BANK = doc("bank_passbook", T("ਬੈਂਕ ਪਾਸਬੁੱਕ ਦੀ ਕਾਪੀ", "बैंक पासबुक की प्रति", "Copy of bank passbook"), ["BNKPB"])


def relation_fields():
    return [
        f("relation", "select", T("ਤੁਸੀਂ ਕਿਸ ਲਈ ਅਰਜ਼ੀ ਦੇ ਰਹੇ ਹੋ?", "आप किसके लिए आवेदन कर रहे हैं?",
                                 "Whom are you applying for?"),
          options=[opt("self", "ਆਪਣੇ ਲਈ", "स्वयं के लिए", "Myself"),
                   opt("family", "ਪਰਿਵਾਰਕ ਮੈਂਬਰ ਲਈ", "परिवार के सदस्य के लिए", "A family member"),
                   opt("other", "ਕਿਸੇ ਹੋਰ ਲਈ", "किसी अन्य के लिए", "Someone else")]),
        f("relation_other", "text", T("ਉਸ ਵਿਅਕਤੀ ਨਾਲ ਤੁਹਾਡਾ ਰਿਸ਼ਤਾ", "उस व्यक्ति से आपका संबंध",
                                      "Your relationship to that person"),
          max_length=80, show_if={"field": "relation", "equals": "other"}),
    ]


def copies_field():
    return f("copies", "number", T("ਕਾਪੀਆਂ ਦੀ ਗਿਣਤੀ", "प्रतियों की संख्या", "Number of copies"), min=1, max=10)


def income_fields(required=True):
    return f("annual_income", "number", T("ਸਾਲਾਨਾ ਪਰਿਵਾਰਕ ਆਮਦਨ (ਰੁਪਏ)", "वार्षिक पारिवारिक आय (रुपये)",
                                          "Annual family income (rupees)"), required=required,
             min=0, max=100000000)


def village_fields():
    return [
        f("land_district", "district", T("ਜ਼ਮੀਨ ਦਾ ਜ਼ਿਲ੍ਹਾ", "भूमि का जिला", "District of the land")),
        f("tehsil", "text", T("ਤਹਿਸੀਲ", "तहसील", "Tehsil"), max_length=60),
        f("land_village", "text", T("ਪਿੰਡ", "गाँव", "Village"), max_length=80),
        f("khewat", "text", T("ਖੇਵਟ ਨੰਬਰ", "खेवट संख्या", "Khewat number"), max_length=20),
    ]


DETAILS = {
    "birth": T("ਜਨਮ ਦੇ ਵੇਰਵੇ", "जन्म का विवरण", "Birth details"),
    "death": T("ਮੌਤ ਦੇ ਵੇਰਵੇ", "मृत्यु का विवरण", "Death details"),
    "land": T("ਜ਼ਮੀਨ ਦੇ ਵੇਰਵੇ", "भूमि का विवरण", "Land details"),
    "service": T("ਸੇਵਾ ਦੇ ਵੇਰਵੇ", "सेवा का विवरण", "Service details"),
    "income": T("ਆਮਦਨ ਦੇ ਵੇਰਵੇ", "आय का विवरण", "Income details"),
    "marriage": T("ਵਿਆਹ ਦੇ ਵੇਰਵੇ", "विवाह का विवरण", "Marriage details"),
    "licence": T("ਲਾਇਸੈਂਸ ਦੇ ਵੇਰਵੇ", "लाइसेंस का विवरण", "Licence details"),
    "vehicle": T("ਵਾਹਨ ਦੇ ਵੇਰਵੇ", "वाहन का विवरण", "Vehicle details"),
    "property": T("ਜਾਇਦਾਦ ਦੇ ਵੇਰਵੇ", "संपत्ति का विवरण", "Property details"),
    "pension": T("ਪੈਨਸ਼ਨ ਦੇ ਵੇਰਵੇ", "पेंशन का विवरण", "Pension details"),
}


def bank_fields():
    return [
        f("has_bank_account", "yesno", T("ਕੀ ਤੁਹਾਡਾ ਬੈਂਕ ਖਾਤਾ ਹੈ?", "क्या आपका बैंक खाता है?",
                                         "Do you have a bank account?")),
        f("bank_account", "text", T("ਬੈਂਕ ਖਾਤਾ ਨੰਬਰ", "बैंक खाता संख्या", "Bank account number"),
          min_length=9, max_length=18, show_if={"field": "has_bank_account", "equals": "yes"}),
        f("ifsc", "text", T("ਆਈ.ਐੱਫ.ਐੱਸ.ਸੀ. ਕੋਡ", "आईएफएससी कोड", "IFSC code"), min_length=11, max_length=11,
          show_if={"field": "has_bank_account", "equals": "yes"}),
    ]


def rule(field, message, **kw):
    d = {"field": field}
    d.update(kw)
    d["message"] = message
    return d


INCOME_LIMIT_MSG = T("ਸਾਲਾਨਾ ਆਮਦਨ ਇਸ ਸਕੀਮ ਦੀ ਹੱਦ ਤੋਂ ਵੱਧ ਹੈ।", "वार्षिक आय इस योजना की सीमा से अधिक है।",
                     "The annual income is above this scheme's limit.")


def svc(id, dept, name, desc, fee, payment, days, details_title, details, documents,
        figures="plausible", instant=False, eligibility=None):
    d = {
        "id": id, "department": dept, "version": 1, "name": name, "description": desc,
        "fee": {"amount_paise": fee, "payment": payment}, "time_limit_days": days,
        "instant_decision": instant, "documents": documents,
    }
    if eligibility is not None:
        d["eligibility"] = eligibility
    d["form"] = form(details_title, details)
    d["sample_data"] = True
    d["x-figures"] = figures
    return d


DEPARTMENTS = [
    {"id": "health", "name": T("ਸਿਹਤ ਅਤੇ ਪਰਿਵਾਰ ਭਲਾਈ ਵਿਭਾਗ", "स्वास्थ्य एवं परिवार कल्याण विभाग",
                               "Health and Family Welfare"), "icon": "sewa-health"},
    {"id": "revenue", "name": T("ਮਾਲ ਵਿਭਾਗ", "राजस्व विभाग", "Revenue"), "icon": "sewa-revenue"},
    {"id": "personnel", "name": T("ਪਰਸੋਨਲ ਵਿਭਾਗ", "कार्मिक विभाग", "Personnel"), "icon": "sewa-personnel"},
    {"id": "social-security", "name": T("ਸਮਾਜਿਕ ਸੁਰੱਖਿਆ, ਇਸਤਰੀ ਤੇ ਬਾਲ ਵਿਕਾਸ ਵਿਭਾਗ",
                                        "सामाजिक सुरक्षा, महिला एवं बाल विकास विभाग",
                                        "Social Security, Women and Child Development"),
     "icon": "sewa-social-security"},
    {"id": "social-justice", "name": T("ਸਮਾਜਿਕ ਨਿਆਂ, ਅਧਿਕਾਰਤਾ ਅਤੇ ਘੱਟ ਗਿਣਤੀ ਵਿਭਾਗ",
                                       "सामाजिक न्याय, अधिकारिता एवं अल्पसंख्यक विभाग",
                                       "Social Justice, Empowerment and Minorities"),
     "icon": "sewa-social-justice"},
    {"id": "home", "name": T("ਗ੍ਰਹਿ ਮਾਮਲੇ ਵਿਭਾਗ", "गृह मामले विभाग", "Home Affairs"), "icon": "sewa-home"},
    {"id": "police", "name": T("ਪੰਜਾਬ ਪੁਲਿਸ", "पंजाब पुलिस", "Punjab Police"), "icon": "sewa-police"},
    {"id": "transport", "name": T("ਟਰਾਂਸਪੋਰਟ ਵਿਭਾਗ", "परिवहन विभाग", "Transport"), "icon": "sewa-transport"},
    {"id": "local-government", "name": T("ਸਥਾਨਕ ਸਰਕਾਰਾਂ ਵਿਭਾਗ", "स्थानीय सरकार विभाग", "Local Government"),
     "icon": "sewa-local-government"},
    {"id": "food-supplies", "name": T("ਖੁਰਾਕ, ਸਿਵਲ ਸਪਲਾਈ ਅਤੇ ਖਪਤਕਾਰ ਮਾਮਲੇ ਵਿਭਾਗ",
                                      "खाद्य, नागरिक आपूर्ति एवं उपभोक्ता मामले विभाग",
                                      "Food, Civil Supplies and Consumer Affairs"), "icon": "sewa-food"},
]

HOSPITAL = doc("hospital_record", T("ਹਸਪਤਾਲ ਦੀ ਡਿਸਚਾਰਜ ਸਲਿੱਪ", "अस्पताल की डिस्चार्ज पर्ची", "Hospital discharge slip"),
               ["HSPDS"], required=False)
AFFIDAVIT = doc("affidavit", T("ਹਲਫ਼ਨਾਮਾ", "शपथ पत्र", "Affidavit"), ["AFDVT"])

SERVICES = [
    # ---- Health ------------------------------------------------------------------------------
    svc("birth-certificate", "health",
        T("ਜਨਮ ਸਰਟੀਫਿਕੇਟ", "जन्म प्रमाण पत्र", "Birth certificate"),
        T("ਜਨਮ ਅਤੇ ਮੌਤ ਰਜਿਸਟਰ ਵਿੱਚੋਂ ਜਨਮ ਸਰਟੀਫਿਕੇਟ ਦੀ ਕਾਪੀ। ਚਾਲੂ ਸਾਲ ਲਈ 2 ਦਿਨ, ਪਿਛਲੇ ਸਾਲਾਂ ਲਈ 5 ਦਿਨ।",
          "जन्म एवं मृत्यु रजिस्टर से जन्म प्रमाण पत्र की प्रति। चालू वर्ष के लिए 2 दिन, पिछले वर्षों के लिए 5 दिन।",
          "Copy of a birth certificate from the register of births and deaths. 2 days for the "
          "current year, 5 days for earlier years."),
        1000, "upi", 2, DETAILS["birth"],
        relation_fields() + [
            f("child_name", "name", T("ਜਿਸ ਦਾ ਜਨਮ ਹੋਇਆ ਉਸ ਦਾ ਨਾਮ", "जिसका जन्म हुआ उसका नाम", "Name of the person born")),
            f("birth_date", "date", T("ਜਨਮ ਮਿਤੀ", "जन्म तिथि", "Date of birth"), not_future=True, min="01-01-1900"),
            f("birth_gender", "select", T("ਲਿੰਗ", "लिंग", "Gender"), options=GENDER_OPTIONS),
            f("birth_place", "text", T("ਜਨਮ ਸਥਾਨ (ਹਸਪਤਾਲ / ਪਿੰਡ)", "जन्म स्थान (अस्पताल / गाँव)",
                                       "Place of birth (hospital or village)"), max_length=120),
            f("birth_district", "district", T("ਜਨਮ ਦਾ ਜ਼ਿਲ੍ਹਾ", "जन्म का जिला", "District of birth")),
            f("mother_name", "name", T("ਮਾਤਾ ਦਾ ਨਾਮ", "माता का नाम", "Mother's name")),
            f("registration_number", "text", T("ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਨੰਬਰ (ਜੇ ਪਤਾ ਹੋਵੇ)", "पंजीकरण संख्या (यदि ज्ञात हो)",
                                               "Registration number (if known)"), required=False, max_length=30),
            copies_field(),
        ],
        [ID_PROOF, HOSPITAL], figures="reference"),
    svc("death-certificate", "health",
        T("ਮੌਤ ਸਰਟੀਫਿਕੇਟ", "मृत्यु प्रमाण पत्र", "Death certificate"),
        T("ਜਨਮ ਅਤੇ ਮੌਤ ਰਜਿਸਟਰ ਵਿੱਚੋਂ ਮੌਤ ਸਰਟੀਫਿਕੇਟ ਦੀ ਕਾਪੀ। ਚਾਲੂ ਸਾਲ ਲਈ 2 ਦਿਨ, ਪਿਛਲੇ ਸਾਲਾਂ ਲਈ 5 ਦਿਨ।",
          "जन्म एवं मृत्यु रजिस्टर से मृत्यु प्रमाण पत्र की प्रति। चालू वर्ष के लिए 2 दिन, पिछले वर्षों के लिए 5 दिन।",
          "Copy of a death certificate from the register of births and deaths. 2 days for the "
          "current year, 5 days for earlier years."),
        1000, "upi", 2, DETAILS["death"],
        relation_fields() + [
            f("deceased_name", "name", T("ਮ੍ਰਿਤਕ ਦਾ ਨਾਮ", "मृतक का नाम", "Name of the deceased")),
            f("death_date", "date", T("ਮੌਤ ਦੀ ਮਿਤੀ", "मृत्यु की तिथि", "Date of death"), not_future=True, min="01-01-1900"),
            f("death_place", "text", T("ਮੌਤ ਦਾ ਸਥਾਨ", "मृत्यु का स्थान", "Place of death"), max_length=120),
            f("death_district", "district", T("ਮੌਤ ਦਾ ਜ਼ਿਲ੍ਹਾ", "मृत्यु का जिला", "District of death")),
            copies_field(),
        ],
        [ID_PROOF, HOSPITAL], figures="reference"),
    svc("birth-late-registration", "health",
        T("ਜਨਮ ਦੀ ਦੇਰੀ ਨਾਲ ਰਜਿਸਟ੍ਰੇਸ਼ਨ", "जन्म का विलंबित पंजीकरण", "Delayed registration of birth"),
        T("ਇੱਕ ਸਾਲ ਤੋਂ ਬਾਅਦ ਦਰਜ ਕਰਵਾਏ ਜਨਮ ਦੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ, ਹਲਫ਼ਨਾਮੇ ਅਤੇ ਕਾਰਜਕਾਰੀ ਮੈਜਿਸਟ੍ਰੇਟ ਦੇ ਹੁਕਮ ਨਾਲ।",
          "एक वर्ष के बाद दर्ज कराए गए जन्म का पंजीकरण, शपथ पत्र और कार्यकारी मजिस्ट्रेट के आदेश से।",
          "Registration of a birth reported more than a year late, on an affidavit and an "
          "executive magistrate's order."),
        2000, "upi", 30, DETAILS["birth"],
        [
            f("child_name", "name", T("ਜਿਸ ਦਾ ਜਨਮ ਹੋਇਆ ਉਸ ਦਾ ਨਾਮ", "जिसका जन्म हुआ उसका नाम", "Name of the person born")),
            f("birth_date", "date", T("ਜਨਮ ਮਿਤੀ", "जन्म तिथि", "Date of birth"), not_future=True, min="01-01-1900"),
            f("birth_place", "text", T("ਜਨਮ ਸਥਾਨ", "जन्म स्थान", "Place of birth"), max_length=120),
            f("birth_district", "district", T("ਜਨਮ ਦਾ ਜ਼ਿਲ੍ਹਾ", "जन्म का जिला", "District of birth")),
            f("mother_name", "name", T("ਮਾਤਾ ਦਾ ਨਾਮ", "माता का नाम", "Mother's name")),
        ],
        [ID_PROOF, AFFIDAVIT, doc("birth_evidence", T("ਜਨਮ ਦਾ ਸਬੂਤ (ਸਕੂਲ ਜਾਂ ਹਸਪਤਾਲ ਰਿਕਾਰਡ)",
                                                      "जन्म का प्रमाण (स्कूल या अस्पताल रिकॉर्ड)",
                                                      "Evidence of birth (school or hospital record)"),
                                  ["SSCER", "HSPDS", "SCHLC"])]),
    svc("postmortem-report", "health",
        T("ਪੋਸਟਮਾਰਟਮ ਰਿਪੋਰਟ ਦੀ ਕਾਪੀ", "पोस्टमार्टम रिपोर्ट की प्रति", "Copy of post-mortem report"),
        T("ਸਰਕਾਰੀ ਹਸਪਤਾਲ ਤੋਂ ਪੋਸਟਮਾਰਟਮ ਰਿਪੋਰਟ ਦੀ ਕਾਪੀ ਵਾਰਸਾਂ ਲਈ।",
          "सरकारी अस्पताल से पोस्टमार्टम रिपोर्ट की प्रति वारिसों के लिए।",
          "Copy of the post-mortem report from a government hospital, for the legal heirs."),
        0, "none", 3, DETAILS["death"],
        [
            f("deceased_name", "name", T("ਮ੍ਰਿਤਕ ਦਾ ਨਾਮ", "मृतक का नाम", "Name of the deceased")),
            f("death_date", "date", T("ਮੌਤ ਦੀ ਮਿਤੀ", "मृत्यु की तिथि", "Date of death"), not_future=True),
            f("hospital", "text", T("ਹਸਪਤਾਲ", "अस्पताल", "Hospital"), max_length=120),
            f("police_station", "text", T("ਥਾਣਾ", "थाना", "Police station"), max_length=80),
            f("fir_number", "text", T("ਐੱਫ.ਆਈ.ਆਰ. ਨੰਬਰ (ਜੇ ਹੋਵੇ)", "एफआईआर संख्या (यदि हो)", "FIR number (if any)"),
              required=False, max_length=30),
        ],
        [ID_PROOF, doc("relationship_proof", T("ਰਿਸ਼ਤੇ ਦਾ ਸਬੂਤ", "संबंध का प्रमाण", "Proof of relationship"),
                       ["RATCR", "FAMID", "AFDVT"])], figures="reference"),
    svc("disability-certificate", "health",
        T("ਦਿਵਿਆਂਗਤਾ ਸਰਟੀਫਿਕੇਟ (ਯੂ.ਡੀ.ਆਈ.ਡੀ.)", "दिव्यांगता प्रमाण पत्र (यूडीआईडी)", "Disability certificate (UDID)"),
        T("ਮੈਡੀਕਲ ਬੋਰਡ ਦੀ ਜਾਂਚ ਤੋਂ ਬਾਅਦ ਦਿਵਿਆਂਗਤਾ ਸਰਟੀਫਿਕੇਟ ਅਤੇ ਯੂ.ਡੀ.ਆਈ.ਡੀ. ਕਾਰਡ।",
          "मेडिकल बोर्ड की जाँच के बाद दिव्यांगता प्रमाण पत्र और यूडीआईडी कार्ड।",
          "Disability certificate and UDID card after assessment by a medical board."),
        0, "none", 30, DETAILS["service"],
        [
            f("disability_type", "select", T("ਦਿਵਿਆਂਗਤਾ ਦੀ ਕਿਸਮ", "दिव्यांगता का प्रकार", "Type of disability"),
              options=[opt("locomotor", "ਚੱਲਣ-ਫਿਰਨ ਸੰਬੰਧੀ", "चलन संबंधी", "Locomotor"),
                       opt("visual", "ਨਜ਼ਰ ਸੰਬੰਧੀ", "दृष्टि संबंधी", "Visual"),
                       opt("hearing", "ਸੁਣਨ ਸੰਬੰਧੀ", "श्रवण संबंधी", "Hearing"),
                       opt("intellectual", "ਬੌਧਿਕ", "बौद्धिक", "Intellectual"),
                       opt("other", "ਹੋਰ", "अन्य", "Other")]),
            f("disability_other", "text", T("ਹੋਰ ਦਿਵਿਆਂਗਤਾ ਦਾ ਵੇਰਵਾ", "अन्य दिव्यांगता का विवरण",
                                            "Describe the other disability"), max_length=120,
              show_if={"field": "disability_type", "equals": "other"}),
            f("since_birth", "yesno", T("ਕੀ ਇਹ ਜਨਮ ਤੋਂ ਹੈ?", "क्या यह जन्म से है?", "Is it since birth?")),
        ],
        [ID_PROOF, PHOTO]),
    # ---- Revenue -----------------------------------------------------------------------------
    svc("fard-copy", "revenue",
        T("ਫ਼ਰਦ (ਜਮ੍ਹਾਂਬੰਦੀ) ਦੀ ਨਕਲ", "फर्द (जमाबंदी) की नकल", "Copy of Fard (Jamabandi)"),
        T("ਜ਼ਮੀਨ ਦੇ ਰਿਕਾਰਡ (ਜਮ੍ਹਾਂਬੰਦੀ) ਦੀ ਤਸਦੀਕਸ਼ੁਦਾ ਨਕਲ।", "भूमि रिकॉर्ड (जमाबंदी) की सत्यापित नकल।",
          "Certified copy of the record of rights (jamabandi) for a piece of land."),
        2500, "upi", 1, DETAILS["land"],
        village_fields() + [
            f("khasra", "text", T("ਖਸਰਾ ਨੰਬਰ (ਜੇ ਪਤਾ ਹੋਵੇ)", "खसरा संख्या (यदि ज्ञात हो)", "Khasra number (if known)"),
              required=False, max_length=20),
        ],
        [ID_PROOF], figures="reference", instant=True),
    svc("income-certificate", "revenue",
        T("ਆਮਦਨ ਸਰਟੀਫਿਕੇਟ", "आय प्रमाण पत्र", "Income certificate"),
        T("ਤਹਿਸੀਲਦਾਰ ਵੱਲੋਂ ਪਰਿਵਾਰ ਦੀ ਸਾਲਾਨਾ ਆਮਦਨ ਦਾ ਸਰਟੀਫਿਕੇਟ, ਚਾਲੂ ਵਿੱਤੀ ਸਾਲ ਲਈ ਯੋਗ।",
          "तहसीलदार द्वारा परिवार की वार्षिक आय का प्रमाण पत्र, चालू वित्तीय वर्ष के लिए मान्य।",
          "Certificate of the family's annual income from the Tehsildar, valid for the current "
          "financial year."),
        7500, "upi", 15, DETAILS["income"],
        [
            income_fields(),
            f("income_source", "select", T("ਆਮਦਨ ਦਾ ਮੁੱਖ ਸਰੋਤ", "आय का मुख्य स्रोत", "Main source of income"),
              options=[opt("agriculture", "ਖੇਤੀਬਾੜੀ", "कृषि", "Agriculture"),
                       opt("salary", "ਤਨਖ਼ਾਹ", "वेतन", "Salary"),
                       opt("business", "ਕਾਰੋਬਾਰ", "व्यवसाय", "Business"),
                       opt("labour", "ਮਜ਼ਦੂਰੀ", "मज़दूरी", "Labour"),
                       opt("other", "ਹੋਰ", "अन्य", "Other")]),
            f("income_source_other", "text", T("ਹੋਰ ਸਰੋਤ ਦਾ ਵੇਰਵਾ", "अन्य स्रोत का विवरण", "Describe the other source"),
              max_length=120, show_if={"field": "income_source", "equals": "other"}),
            f("family_members", "number", T("ਪਰਿਵਾਰ ਦੇ ਮੈਂਬਰ", "परिवार के सदस्य", "Family members"), min=1, max=30),
            f("purpose", "text", T("ਸਰਟੀਫਿਕੇਟ ਦਾ ਮਕਸਦ", "प्रमाण पत्र का उद्देश्य", "Purpose of the certificate"),
              max_length=120),
        ],
        [ADDRESS_PROOF, SELF_DECL, INCOME_PROOF,
         doc("verification_report", T("ਪਟਵਾਰੀ / ਸਰਪੰਚ ਦੀ ਤਸਦੀਕ ਰਿਪੋਰਟ", "पटवारी / सरपंच की सत्यापन रिपोर्ट",
                                      "Verification report of Patwari or Sarpanch"), ["VRFRP"])],
        figures="reference"),
    svc("document-registration", "revenue",
        T("ਦਸਤਾਵੇਜ਼ ਦੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ", "दस्तावेज़ का पंजीकरण", "Registration of document"),
        T("ਸਬ-ਰਜਿਸਟਰਾਰ ਕੋਲ ਵਿਕਰੀ, ਤੋਹਫ਼ਾ, ਪਟਾ ਜਾਂ ਵਸੀਅਤ ਦੇ ਦਸਤਾਵੇਜ਼ ਦੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਲਈ ਸਮਾਂ। ਸਟੈਂਪ ਡਿਊਟੀ ਵੱਖਰੀ।",
          "सब-रजिस्ट्रार के पास बिक्री, उपहार, पट्टा या वसीयत के दस्तावेज़ के पंजीकरण के लिए समय। स्टांप शुल्क अलग।",
          "Appointment with the Sub-Registrar to register a sale, gift, lease or will deed. "
          "Stamp duty is paid separately."),
        0, "none", 1, DETAILS["property"],
        [
            f("deed_type", "select", T("ਦਸਤਾਵੇਜ਼ ਦੀ ਕਿਸਮ", "दस्तावेज़ का प्रकार", "Type of deed"),
              options=[opt("sale", "ਵਿਕਰੀ ਨਾਮਾ", "बिक्री विलेख", "Sale deed"),
                       opt("gift", "ਤੋਹਫ਼ਾ ਨਾਮਾ", "उपहार विलेख", "Gift deed"),
                       opt("lease", "ਪਟਾ ਨਾਮਾ", "पट्टा विलेख", "Lease deed"),
                       opt("will", "ਵਸੀਅਤ", "वसीयत", "Will"),
                       opt("gpa", "ਮੁਖਤਿਆਰਨਾਮਾ", "मुख्तारनामा", "Power of attorney")]),
            f("property_district", "district", T("ਜਾਇਦਾਦ ਦਾ ਜ਼ਿਲ੍ਹਾ", "संपत्ति का जिला", "District of the property")),
            f("sub_registrar", "text", T("ਸਬ-ਰਜਿਸਟਰਾਰ ਦਫ਼ਤਰ", "सब-रजिस्ट्रार कार्यालय", "Sub-Registrar office"), max_length=80),
            f("consideration", "number", T("ਸੌਦੇ ਦੀ ਰਕਮ (ਰੁਪਏ)", "सौदे की राशि (रुपये)", "Consideration amount (rupees)"),
              min=0, max=10000000000, show_if={"field": "deed_type", "in": ["sale", "lease"]}),
            f("preferred_date", "date", T("ਪਸੰਦੀਦਾ ਮਿਤੀ", "पसंदीदा तिथि", "Preferred date")),
        ],
        [ID_PROOF, doc("deed_draft", T("ਦਸਤਾਵੇਜ਼ ਦਾ ਖਰੜਾ", "दस्तावेज़ का मसौदा", "Draft of the deed"), ["DEEDD"]),
         doc("estamp", T("ਈ-ਸਟੈਂਪ ਪੇਪਰ", "ई-स्टांप पेपर", "e-Stamp paper"), ["ESTMP"])], figures="reference"),
    svc("registered-document-copy", "revenue",
        T("ਰਜਿਸਟਰਡ ਦਸਤਾਵੇਜ਼ ਦੀ ਕਾਪੀ", "पंजीकृत दस्तावेज़ की प्रति", "Copy of registered document"),
        T("ਸਬ-ਰਜਿਸਟਰਾਰ ਦਫ਼ਤਰ ਵਿੱਚ ਦਰਜ ਦਸਤਾਵੇਜ਼ ਦੀ ਤਸਦੀਕਸ਼ੁਦਾ ਕਾਪੀ।",
          "सब-रजिस्ट्रार कार्यालय में दर्ज दस्तावेज़ की सत्यापित प्रति।",
          "Certified copy of a document registered at a Sub-Registrar office."),
        5000, "upi", 7, DETAILS["property"],
        [
            f("deed_number", "text", T("ਵਸੀਕਾ ਨੰਬਰ", "वसीका संख्या", "Registration (wasika) number"), max_length=30),
            f("deed_year", "number", T("ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਦਾ ਸਾਲ", "पंजीकरण का वर्ष", "Year of registration"), min=1900, max=2100),
            f("sub_registrar", "text", T("ਸਬ-ਰਜਿਸਟਰਾਰ ਦਫ਼ਤਰ", "सब-रजिस्ट्रार कार्यालय", "Sub-Registrar office"), max_length=80),
        ],
        [ID_PROOF], figures="reference", instant=True),
    svc("mutation-uncontested", "revenue",
        T("ਇੰਤਕਾਲ (ਬਿਨਾਂ ਝਗੜੇ)", "निर्विवाद इंतकाल", "Uncontested mutation"),
        T("ਵਿਕਰੀ, ਵਿਰਾਸਤ ਜਾਂ ਤੋਹਫ਼ੇ ਤੋਂ ਬਾਅਦ ਮਾਲ ਰਿਕਾਰਡ ਵਿੱਚ ਮਾਲਕੀ ਦੀ ਤਬਦੀਲੀ ਦਰਜ ਕਰਨਾ।",
          "बिक्री, विरासत या उपहार के बाद राजस्व रिकॉर्ड में स्वामित्व का परिवर्तन दर्ज करना।",
          "Recording a change of ownership in the revenue record after a sale, inheritance or gift."),
        0, "none", 15, DETAILS["land"],
        village_fields() + [
            f("mutation_basis", "select", T("ਇੰਤਕਾਲ ਦਾ ਆਧਾਰ", "इंतकाल का आधार", "Basis of mutation"),
              options=[opt("sale", "ਵਿਕਰੀ", "बिक्री", "Sale"),
                       opt("inheritance", "ਵਿਰਾਸਤ", "विरासत", "Inheritance"),
                       opt("gift", "ਤੋਹਫ਼ਾ", "उपहार", "Gift"),
                       opt("exchange", "ਤਬਾਦਲਾ", "अदला-बदली", "Exchange")]),
            f("deed_number", "text", T("ਵਸੀਕਾ ਨੰਬਰ", "वसीका संख्या", "Registration (wasika) number"), max_length=30,
              show_if={"field": "mutation_basis", "in": ["sale", "gift", "exchange"]}),
            f("deceased_owner", "name", T("ਮ੍ਰਿਤਕ ਮਾਲਕ ਦਾ ਨਾਮ", "मृत स्वामी का नाम", "Name of the deceased owner"),
              show_if={"field": "mutation_basis", "equals": "inheritance"}),
        ],
        [ID_PROOF, doc("basis_document", T("ਇੰਤਕਾਲ ਦੇ ਆਧਾਰ ਦਾ ਦਸਤਾਵੇਜ਼", "इंतकाल के आधार का दस्तावेज़",
                                           "Document of the basis (deed or death certificate)"),
                       ["SALDD", "DTHCR", "GIFTD"])], figures="reference"),
    svc("private-partition", "revenue",
        T("ਨਿੱਜੀ ਤਕਸੀਮ", "निजी बंटवारा (तक़सीम)", "Private partition of land"),
        T("ਸਾਂਝੀ ਜ਼ਮੀਨ ਦੀ ਹਿੱਸੇਦਾਰਾਂ ਦੀ ਆਪਸੀ ਸਹਿਮਤੀ ਨਾਲ ਵੰਡ ਦਾ ਰਿਕਾਰਡ।",
          "साझा भूमि का हिस्सेदारों की आपसी सहमति से बंटवारे का रिकॉर्ड।",
          "Recording a partition of jointly held land agreed among the co-sharers."),
        0, "none", 30, DETAILS["land"],
        village_fields() + [
            f("co_sharers", "number", T("ਹਿੱਸੇਦਾਰਾਂ ਦੀ ਗਿਣਤੀ", "हिस्सेदारों की संख्या", "Number of co-sharers"), min=2, max=200),
            f("all_agree", "yesno", T("ਕੀ ਸਾਰੇ ਹਿੱਸੇਦਾਰ ਸਹਿਮਤ ਹਨ?", "क्या सभी हिस्सेदार सहमत हैं?", "Do all co-sharers agree?")),
        ],
        [ID_PROOF, doc("partition_deed", T("ਤਕਸੀਮ ਦੀ ਸਹਿਮਤੀ ਪੱਤਰ", "बंटवारे का सहमति पत्र", "Partition agreement"), ["PRTAG"])],
        figures="reference",
        eligibility={"rules": [rule("all_agree", T("ਨਿੱਜੀ ਤਕਸੀਮ ਲਈ ਸਾਰੇ ਹਿੱਸੇਦਾਰਾਂ ਦੀ ਸਹਿਮਤੀ ਲਾਜ਼ਮੀ ਹੈ।",
                                                     "निजी बंटवारे के लिए सभी हिस्सेदारों की सहमति आवश्यक है।",
                                                     "A private partition needs the agreement of all co-sharers."),
                                    equals="yes")]}),
    svc("land-demarcation", "revenue",
        T("ਜ਼ਮੀਨ ਦੀ ਨਿਸ਼ਾਨਦੇਹੀ", "भूमि की निशानदेही", "Demarcation of land"),
        T("ਮਾਲ ਅਧਿਕਾਰੀ ਵੱਲੋਂ ਮੌਕੇ 'ਤੇ ਜ਼ਮੀਨ ਦੀਆਂ ਹੱਦਾਂ ਦੀ ਨਿਸ਼ਾਨਦੇਹੀ।",
          "राजस्व अधिकारी द्वारा मौके पर भूमि की सीमाओं की निशानदेही।",
          "Marking the boundaries of a piece of land on the spot by a revenue officer."),
        50000, "upi", 45, DETAILS["land"],
        village_fields() + [
            f("khasra", "text", T("ਖਸਰਾ ਨੰਬਰ", "खसरा संख्या", "Khasra number"), max_length=20),
            f("neighbours_informed", "yesno", T("ਕੀ ਗੁਆਂਢੀ ਮਾਲਕਾਂ ਨੂੰ ਦੱਸਿਆ ਗਿਆ ਹੈ?", "क्या पड़ोसी स्वामियों को सूचित किया गया है?",
                                                "Have the neighbouring owners been informed?")),
        ],
        [ID_PROOF, doc("fard", T("ਫ਼ਰਦ ਦੀ ਨਕਲ", "फर्द की नकल", "Copy of Fard"), ["FARDC"])], figures="reference"),
    svc("marriage-registration", "revenue",
        T("ਵਿਆਹ ਦੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ", "विवाह पंजीकरण", "Marriage registration"),
        T("ਪੰਜਾਬ ਲਾਜ਼ਮੀ ਵਿਆਹ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਐਕਟ 2012 ਅਧੀਨ ਵਿਆਹ ਦੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਅਤੇ ਸਰਟੀਫਿਕੇਟ।",
          "पंजाब अनिवार्य विवाह पंजीकरण अधिनियम 2012 के अंतर्गत विवाह का पंजीकरण और प्रमाण पत्र।",
          "Registration of a marriage and its certificate under the Punjab Compulsory "
          "Registration of Marriages Act 2012."),
        20000, "upi", 15, DETAILS["marriage"],
        [
            f("husband_name", "name", T("ਪਤੀ ਦਾ ਨਾਮ", "पति का नाम", "Husband's name")),
            f("husband_dob", "date", T("ਪਤੀ ਦੀ ਜਨਮ ਮਿਤੀ", "पति की जन्म तिथि", "Husband's date of birth"), not_future=True),
            f("wife_name", "name", T("ਪਤਨੀ ਦਾ ਨਾਮ", "पत्नी का नाम", "Wife's name")),
            f("wife_dob", "date", T("ਪਤਨੀ ਦੀ ਜਨਮ ਮਿਤੀ", "पत्नी की जन्म तिथि", "Wife's date of birth"), not_future=True),
            f("marriage_date", "date", T("ਵਿਆਹ ਦੀ ਮਿਤੀ", "विवाह की तिथि", "Date of marriage"), not_future=True),
            f("marriage_rites", "select", T("ਵਿਆਹ ਦੀ ਰੀਤ", "विवाह की रीति", "Form of marriage"),
              options=[opt("anand-karaj", "ਅਨੰਦ ਕਾਰਜ", "आनंद कारज", "Anand Karaj"),
                       opt("hindu", "ਹਿੰਦੂ ਰੀਤੀ", "हिंदू रीति", "Hindu rites"),
                       opt("muslim", "ਨਿਕਾਹ", "निकाह", "Nikah"),
                       opt("christian", "ਈਸਾਈ ਰੀਤੀ", "ईसाई रीति", "Christian rites"),
                       opt("other", "ਹੋਰ", "अन्य", "Other")]),
            f("marriage_place", "text", T("ਵਿਆਹ ਦਾ ਸਥਾਨ", "विवाह का स्थान", "Place of marriage"), max_length=120),
            f("marriage_district", "district", T("ਵਿਆਹ ਦਾ ਜ਼ਿਲ੍ਹਾ", "विवाह का जिला", "District of marriage")),
        ],
        [ID_PROOF, doc("marriage_photo", T("ਵਿਆਹ ਦੀ ਫ਼ੋਟੋ", "विवाह की फोटो", "Wedding photograph"), ["PHOTO"]),
         doc("age_proof", T("ਦੋਵਾਂ ਦੀ ਉਮਰ ਦਾ ਸਬੂਤ", "दोनों की आयु का प्रमाण", "Proof of age of both"),
             ["BIRCR", "SSCER", "PASPT"])],
        eligibility={"rules": [
            rule("husband_dob", T("ਪਤੀ ਦੀ ਉਮਰ ਘੱਟੋ-ਘੱਟ 21 ਸਾਲ ਹੋਣੀ ਚਾਹੀਦੀ ਹੈ।", "पति की आयु कम से कम 21 वर्ष होनी चाहिए।",
                                  "The husband must be at least 21 years old."), min_age=21),
            rule("wife_dob", T("ਪਤਨੀ ਦੀ ਉਮਰ ਘੱਟੋ-ਘੱਟ 18 ਸਾਲ ਹੋਣੀ ਚਾਹੀਦੀ ਹੈ।", "पत्नी की आयु कम से कम 18 वर्ष होनी चाहिए।",
                               "The wife must be at least 18 years old."), min_age=18)]}),
    # ---- Personnel ---------------------------------------------------------------------------
    svc("residence-certificate", "personnel",
        T("ਰਿਹਾਇਸ਼ ਸਰਟੀਫਿਕੇਟ", "निवास प्रमाण पत्र", "Residence certificate"),
        T("ਪੰਜਾਬ ਦੇ ਵਸਨੀਕ ਹੋਣ ਦਾ ਸਰਟੀਫਿਕੇਟ। ਸਰਪੰਚ, ਪਟਵਾਰੀ ਜਾਂ ਐੱਮ.ਸੀ. ਵੱਲੋਂ ਤਸਦੀਕਸ਼ੁਦਾ ਸਵੈ-ਘੋਸ਼ਣਾ ਲੋੜੀਂਦੀ।",
          "पंजाब के निवासी होने का प्रमाण पत्र। सरपंच, पटवारी या एमसी द्वारा सत्यापित स्व-घोषणा आवश्यक।",
          "Certificate of being a resident of Punjab. Needs a self-declaration attested by the "
          "Sarpanch, Patwari or municipal councillor."),
        8500, "upi", 15, DETAILS["service"],
        [
            f("born_in_punjab", "yesno", T("ਕੀ ਤੁਹਾਡਾ ਜਨਮ ਪੰਜਾਬ ਵਿੱਚ ਹੋਇਆ?", "क्या आपका जन्म पंजाब में हुआ?",
                                           "Were you born in Punjab?")),
            f("years_in_punjab", "number", T("ਪੰਜਾਬ ਵਿੱਚ ਰਹਿਣ ਦੇ ਸਾਲ", "पंजाब में रहने के वर्ष", "Years lived in Punjab"),
              min=0, max=120, show_if={"field": "born_in_punjab", "equals": "no"}),
            f("residence_purpose", "select", T("ਮਕਸਦ", "उद्देश्य", "Purpose"),
              options=[opt("education", "ਸਿੱਖਿਆ", "शिक्षा", "Education"),
                       opt("employment", "ਰੁਜ਼ਗਾਰ", "रोजगार", "Employment"),
                       opt("other", "ਹੋਰ", "अन्य", "Other")]),
        ],
        [ADDRESS_PROOF, SELF_DECL, doc("birth_proof", T("ਪੰਜਾਬ ਵਿੱਚ ਜਨਮ ਦਾ ਸਬੂਤ", "पंजाब में जन्म का प्रमाण",
                                                        "Proof of birth in Punjab"), ["BIRCR", "SSCER"], required=False,
                                                    number_fields={"BIRCR": "applicant_dob", "SSCER": "applicant_dob"})],
        figures="reference",
        eligibility={"notes": T("ਪੰਜਾਬ ਵਿੱਚ ਜਨਮ ਜਾਂ ਘੱਟੋ-ਘੱਟ 10 ਸਾਲ ਦੀ ਰਿਹਾਇਸ਼।",
                                "पंजाब में जन्म या कम से कम 10 वर्ष का निवास।",
                                "Born in Punjab, or resident for at least 10 years."),
                     "rules": [rule("years_in_punjab", T("ਪੰਜਾਬ ਵਿੱਚ ਘੱਟੋ-ਘੱਟ 10 ਸਾਲ ਦੀ ਰਿਹਾਇਸ਼ ਲੋੜੀਂਦੀ ਹੈ।",
                                                         "पंजाब में कम से कम 10 वर्ष का निवास आवश्यक है।",
                                                         "At least 10 years of residence in Punjab are needed."),
                                    min=10)]}),
    svc("border-area-certificate", "personnel",
        T("ਸਰਹੱਦੀ ਖੇਤਰ ਸਰਟੀਫਿਕੇਟ", "सीमा क्षेत्र प्रमाण पत्र", "Border area certificate"),
        T("ਕੌਮਾਂਤਰੀ ਸਰਹੱਦ ਦੇ ਨੇੜੇ ਦੇ ਪਿੰਡਾਂ ਦੇ ਵਸਨੀਕਾਂ ਲਈ ਸਰਟੀਫਿਕੇਟ, ਦਾਖ਼ਲੇ ਅਤੇ ਨੌਕਰੀ ਵਿੱਚ ਰਾਖਵੇਂਕਰਨ ਲਈ।",
          "अंतरराष्ट्रीय सीमा के निकट के गाँवों के निवासियों के लिए प्रमाण पत्र, प्रवेश और नौकरी में आरक्षण के लिए।",
          "Certificate for residents of villages near the international border, for reservation "
          "in admissions and jobs."),
        8500, "upi", 15, DETAILS["service"],
        [
            f("border_village", "text", T("ਸਰਹੱਦੀ ਪਿੰਡ", "सीमावर्ती गाँव", "Border village"), max_length=80),
            f("border_district", "district", T("ਜ਼ਿਲ੍ਹਾ", "जिला", "District")),
            f("years_resident", "number", T("ਰਿਹਾਇਸ਼ ਦੇ ਸਾਲ", "निवास के वर्ष", "Years of residence"), min=0, max=120),
        ],
        [ADDRESS_PROOF, SELF_DECL],
        eligibility={"rules": [rule("border_district",
                                    T("ਇਹ ਸਰਟੀਫਿਕੇਟ ਸਿਰਫ਼ ਸਰਹੱਦੀ ਜ਼ਿਲ੍ਹਿਆਂ (ਅੰਮ੍ਰਿਤਸਰ, ਤਰਨ ਤਾਰਨ, ਫ਼ਿਰੋਜ਼ਪੁਰ, ਫ਼ਾਜ਼ਿਲਕਾ, ਗੁਰਦਾਸਪੁਰ, ਪਠਾਨਕੋਟ) ਦੇ ਵਸਨੀਕਾਂ ਲਈ ਹੈ।",
                                      "यह प्रमाण पत्र केवल सीमावर्ती जिलों (अमृतसर, तरन तारन, फिरोजपुर, फाजिल्का, गुरदासपुर, पठानकोट) के निवासियों के लिए है।",
                                      "This certificate is only for residents of the border districts (Amritsar, Tarn Taran, "
                                      "Ferozepur, Fazilka, Gurdaspur, Pathankot)."),
                                    **{"in": ["amritsar", "tarn-taran", "ferozepur", "fazilka", "gurdaspur", "pathankot"]})]}),
    # ---- Social Security ---------------------------------------------------------------------
    svc("old-age-pension", "social-security",
        T("ਬੁਢਾਪਾ ਪੈਨਸ਼ਨ", "वृद्धावस्था पेंशन", "Old age pension"),
        T("ਬਜ਼ੁਰਗਾਂ ਲਈ ₹1,500 ਮਹੀਨਾ ਪੈਨਸ਼ਨ: ਇਸਤਰੀਆਂ 58 ਸਾਲ, ਪੁਰਸ਼ 65 ਸਾਲ ਤੋਂ ਵੱਧ, ਸਾਲਾਨਾ ਆਮਦਨ ₹60,000 ਤੱਕ।",
          "वरिष्ठ नागरिकों के लिए ₹1,500 मासिक पेंशन: महिलाएँ 58 वर्ष, पुरुष 65 वर्ष से अधिक, वार्षिक आय ₹60,000 तक।",
          "A pension of Rs 1,500 a month for women aged 58 and over and men aged 65 and over, "
          "with an annual income up to Rs 60,000."),
        0, "none", 30, DETAILS["pension"],
        [income_fields()] + bank_fields(),
        [ID_PROOF, doc("age_proof", T("ਉਮਰ ਦਾ ਸਬੂਤ", "आयु का प्रमाण", "Proof of age"), ["BIRCR", "SSCER", "VOTID", "ADHAR"],
                     number_fields={"BIRCR": "applicant_dob", "SSCER": "applicant_dob", "ADHAR": "aadhaar"}),
         BANK, SELF_DECL],
        figures="reference",
        eligibility={
            "notes": T("ਸੀ.ਡੀ.ਪੀ.ਓ. ਇੱਕ ਮਹੀਨੇ ਵਿੱਚ ਤਸਦੀਕ ਕਰਦਾ ਹੈ।", "सीडीपीओ एक महीने में सत्यापन करता है।",
                       "The CDPO verifies the application within a month."),
            "rules": [
                rule("applicant_dob", T("ਇਸਤਰੀਆਂ ਲਈ ਉਮਰ ਘੱਟੋ-ਘੱਟ 58 ਸਾਲ ਹੋਣੀ ਚਾਹੀਦੀ ਹੈ।",
                                        "महिलाओं के लिए आयु कम से कम 58 वर्ष होनी चाहिए।",
                                        "Women must be at least 58 years old."),
                     min_age=58, when={"field": "applicant_gender", "in": ["F", "T"]}),
                rule("applicant_dob", T("ਪੁਰਸ਼ਾਂ ਲਈ ਉਮਰ ਘੱਟੋ-ਘੱਟ 65 ਸਾਲ ਹੋਣੀ ਚਾਹੀਦੀ ਹੈ।",
                                        "पुरुषों के लिए आयु कम से कम 65 वर्ष होनी चाहिए।",
                                        "Men must be at least 65 years old."),
                     min_age=65, when={"field": "applicant_gender", "equals": "M"}),
                rule("annual_income", INCOME_LIMIT_MSG, max=60000),
            ]}),
    svc("widow-pension", "social-security",
        T("ਵਿਧਵਾ ਅਤੇ ਬੇਸਹਾਰਾ ਇਸਤਰੀਆਂ ਨੂੰ ਵਿੱਤੀ ਸਹਾਇਤਾ", "विधवा एवं निराश्रित महिलाओं को वित्तीय सहायता",
          "Financial assistance to widows and destitute women"),
        T("ਵਿਧਵਾ ਅਤੇ ਬੇਸਹਾਰਾ ਇਸਤਰੀਆਂ ਲਈ ਮਹੀਨਾਵਾਰ ਪੈਨਸ਼ਨ।", "विधवा एवं निराश्रित महिलाओं के लिए मासिक पेंशन।",
          "A monthly pension for widows and destitute women."),
        0, "none", 30, DETAILS["pension"],
        [
            f("husband_name", "name", T("ਪਤੀ ਦਾ ਨਾਮ", "पति का नाम", "Husband's name")),
            f("husband_death_date", "date", T("ਪਤੀ ਦੀ ਮੌਤ ਦੀ ਮਿਤੀ", "पति की मृत्यु की तिथि", "Date of husband's death"),
              not_future=True, required=False),
            income_fields(),
        ] + bank_fields(),
        [ID_PROOF, doc("death_certificate", T("ਪਤੀ ਦਾ ਮੌਤ ਸਰਟੀਫਿਕੇਟ", "पति का मृत्यु प्रमाण पत्र",
                                              "Husband's death certificate"), ["DTHCR", "AFDVT"]), BANK],
        eligibility={"rules": [rule("annual_income", INCOME_LIMIT_MSG, max=60000)]}),
    svc("disability-pension", "social-security",
        T("ਦਿਵਿਆਂਗ ਵਿਅਕਤੀਆਂ ਨੂੰ ਵਿੱਤੀ ਸਹਾਇਤਾ", "दिव्यांग व्यक्तियों को वित्तीय सहायता",
          "Financial assistance to persons with disabilities"),
        T("50% ਜਾਂ ਵੱਧ ਦਿਵਿਆਂਗਤਾ ਵਾਲੇ ਵਿਅਕਤੀਆਂ ਲਈ ਮਹੀਨਾਵਾਰ ਪੈਨਸ਼ਨ।",
          "50% या अधिक दिव्यांगता वाले व्यक्तियों के लिए मासिक पेंशन।",
          "A monthly pension for persons with 50% or more disability."),
        0, "none", 30, DETAILS["pension"],
        [
            f("disability_percent", "number", T("ਦਿਵਿਆਂਗਤਾ ਪ੍ਰਤੀਸ਼ਤ", "दिव्यांगता प्रतिशत", "Disability percentage"),
              min=0, max=100),
            income_fields(),
        ] + bank_fields(),
        [ID_PROOF, doc("disability_certificate", T("ਦਿਵਿਆਂਗਤਾ ਸਰਟੀਫਿਕੇਟ", "दिव्यांगता प्रमाण पत्र",
                                                   "Disability certificate"), ["DSCER", "UDIDC"]), BANK],
        eligibility={"rules": [
            rule("disability_percent", T("ਦਿਵਿਆਂਗਤਾ ਘੱਟੋ-ਘੱਟ 50% ਹੋਣੀ ਚਾਹੀਦੀ ਹੈ।", "दिव्यांगता कम से कम 50% होनी चाहिए।",
                                         "The disability must be at least 50%."), min=50),
            rule("annual_income", INCOME_LIMIT_MSG, max=60000)]}),
    # ---- Social Justice ----------------------------------------------------------------------
    svc("sc-certificate", "social-justice",
        T("ਅਨੁਸੂਚਿਤ ਜਾਤੀ ਸਰਟੀਫਿਕੇਟ", "अनुसूचित जाति प्रमाण पत्र", "Scheduled Caste certificate"),
        T("ਅਨੁਸੂਚਿਤ ਜਾਤੀ ਦੇ ਮੈਂਬਰ ਹੋਣ ਦਾ ਸਰਟੀਫਿਕੇਟ।", "अनुसूचित जाति का सदस्य होने का प्रमाण पत्र।",
          "Certificate of belonging to a Scheduled Caste."),
        0, "none", 15, DETAILS["service"],
        [
            f("caste", "text", T("ਜਾਤੀ", "जाति", "Caste"), max_length=60),
            f("religion", "select", T("ਧਰਮ", "धर्म", "Religion"),
              options=[opt("sikh", "ਸਿੱਖ", "सिख", "Sikh"), opt("hindu", "ਹਿੰਦੂ", "हिंदू", "Hindu"),
                       opt("buddhist", "ਬੋਧੀ", "बौद्ध", "Buddhist"), opt("other", "ਹੋਰ", "अन्य", "Other")]),
            f("father_has_certificate", "yesno", T("ਕੀ ਪਿਤਾ ਕੋਲ ਜਾਤੀ ਸਰਟੀਫਿਕੇਟ ਹੈ?", "क्या पिता के पास जाति प्रमाण पत्र है?",
                                                   "Does the father have a caste certificate?")),
        ],
        [ADDRESS_PROOF, SELF_DECL, doc("father_caste", T("ਪਿਤਾ ਦਾ ਜਾਤੀ ਸਰਟੀਫਿਕੇਟ", "पिता का जाति प्रमाण पत्र",
                                                         "Father's caste certificate"), ["CSTCR"], required=False)],
        figures="reference"),
    svc("bc-certificate", "social-justice",
        T("ਪਛੜੀ ਸ਼੍ਰੇਣੀ ਸਰਟੀਫਿਕੇਟ", "पिछड़ा वर्ग प्रमाण पत्र", "Backward Class (OBC) certificate"),
        T("ਪਛੜੀ ਸ਼੍ਰੇਣੀ / ਹੋਰ ਪਛੜੀਆਂ ਸ਼੍ਰੇਣੀਆਂ ਦਾ ਸਰਟੀਫਿਕੇਟ; ਫ਼ਾਰਮ ਵਿੱਚ ਪਰਿਵਾਰ ਦੀ ਆਮਦਨ ਪੁੱਛੀ ਜਾਂਦੀ ਹੈ।",
          "पिछड़ा वर्ग / अन्य पिछड़ा वर्ग का प्रमाण पत्र; फ़ॉर्म में परिवार की आय पूछी जाती है।",
          "Backward Class / Other Backward Classes certificate; the form asks for the family income."),
        0, "none", 15, DETAILS["service"],
        [
            f("caste", "text", T("ਜਾਤੀ", "जाति", "Caste"), max_length=60),
            income_fields(),
        ],
        [ADDRESS_PROOF, SELF_DECL, INCOME_PROOF], figures="reference",
        eligibility={"rules": [rule("annual_income", INCOME_LIMIT_MSG, max=800000)]}),
    svc("post-matric-scholarship", "social-justice",
        T("ਅਨੁਸੂਚਿਤ ਜਾਤੀ ਵਿਦਿਆਰਥੀਆਂ ਲਈ ਪੋਸਟ ਮੈਟ੍ਰਿਕ ਵਜ਼ੀਫ਼ਾ", "अनुसूचित जाति विद्यार्थियों के लिए पोस्ट मैट्रिक छात्रवृत्ति",
          "Post-matric scholarship for Scheduled Caste students"),
        T("ਦਸਵੀਂ ਤੋਂ ਬਾਅਦ ਪੜ੍ਹਾਈ ਲਈ ਫ਼ੀਸ ਅਤੇ ਭੱਤਾ, ਪਰਿਵਾਰ ਦੀ ਆਮਦਨ ₹2.5 ਲੱਖ ਤੱਕ।",
          "दसवीं के बाद की पढ़ाई के लिए शुल्क और भत्ता, परिवार की आय ₹2.5 लाख तक।",
          "Fees and allowance for studies after class X, family income up to Rs 2.5 lakh."),
        0, "none", 30, DETAILS["service"],
        [
            f("institution", "text", T("ਸੰਸਥਾ ਦਾ ਨਾਮ", "संस्थान का नाम", "Name of the institution"), max_length=120),
            f("course", "text", T("ਕੋਰਸ", "पाठ्यक्रम", "Course"), max_length=80),
            f("category", "select", T("ਸ਼੍ਰੇਣੀ", "श्रेणी", "Category"),
              options=[opt("sc", "ਅਨੁਸੂਚਿਤ ਜਾਤੀ", "अनुसूचित जाति", "Scheduled Caste"),
                       opt("bc", "ਪਛੜੀ ਸ਼੍ਰੇਣੀ", "पिछड़ा वर्ग", "Backward Class"),
                       opt("general", "ਜਨਰਲ", "सामान्य", "General")]),
            income_fields(),
        ] + bank_fields(),
        [doc("caste_certificate", T("ਜਾਤੀ ਸਰਟੀਫਿਕੇਟ", "जाति प्रमाण पत्र", "Caste certificate"), ["CSTCR"]),
         doc("marksheet", T("ਪਿਛਲੀ ਪ੍ਰੀਖਿਆ ਦੀ ਮਾਰਕਸ਼ੀਟ", "पिछली परीक्षा की अंकतालिका", "Marksheet of the last examination"),
             ["SSCER", "HSCER"]), INCOME_PROOF, BANK],
        eligibility={"rules": [rule("category", T("ਇਹ ਵਜ਼ੀਫ਼ਾ ਅਨੁਸੂਚਿਤ ਜਾਤੀ ਦੇ ਵਿਦਿਆਰਥੀਆਂ ਲਈ ਹੈ।",
                                                 "यह छात्रवृत्ति अनुसूचित जाति के विद्यार्थियों के लिए है।",
                                                 "This scholarship is for Scheduled Caste students."), equals="sc"),
                               rule("annual_income", INCOME_LIMIT_MSG, max=250000)]}),
    # ---- Home --------------------------------------------------------------------------------
    svc("arms-licence-new", "home",
        T("ਨਵਾਂ ਅਸਲਾ ਲਾਇਸੈਂਸ", "नया शस्त्र लाइसेंस", "New arms licence"),
        T("ਨਿੱਜੀ ਸੁਰੱਖਿਆ ਲਈ ਨਵਾਂ ਅਸਲਾ ਲਾਇਸੈਂਸ। ਫ਼ੀਸ ₹4,000 + ₹1,000।",
          "निजी सुरक्षा के लिए नया शस्त्र लाइसेंस। शुल्क ₹4,000 + ₹1,000।",
          "A new arms licence for personal safety. Fee Rs 4,000 + Rs 1,000."),
        500000, "upi", 60, DETAILS["licence"],
        [
            f("weapon_type", "select", T("ਹਥਿਆਰ ਦੀ ਕਿਸਮ", "हथियार का प्रकार", "Type of weapon"),
              options=[opt("revolver", "ਰਿਵਾਲਵਰ", "रिवॉल्वर", "Revolver"),
                       opt("pistol", "ਪਿਸਤੌਲ", "पिस्तौल", "Pistol"),
                       opt("gun", "ਬੰਦੂਕ (12 ਬੋਰ)", "बंदूक (12 बोर)", "Gun (12 bore)"),
                       opt("rifle", "ਰਾਈਫ਼ਲ", "राइफल", "Rifle")]),
            f("reason", "text", T("ਲਾਇਸੈਂਸ ਦਾ ਕਾਰਨ", "लाइसेंस का कारण", "Reason for the licence"), max_length=200),
            f("criminal_case", "yesno", T("ਕੀ ਤੁਹਾਡੇ ਵਿਰੁੱਧ ਕੋਈ ਫ਼ੌਜਦਾਰੀ ਕੇਸ ਹੈ?", "क्या आपके विरुद्ध कोई आपराधिक मामला है?",
                                          "Is any criminal case pending against you?")),
            f("criminal_case_details", "text", T("ਕੇਸ ਦਾ ਵੇਰਵਾ", "मामले का विवरण", "Details of the case"), max_length=200,
              show_if={"field": "criminal_case", "equals": "yes"}),
        ],
        [ID_PROOF, ADDRESS_PROOF, PHOTO,
         doc("medical", T("ਮੈਡੀਕਲ ਫਿਟਨੈੱਸ ਸਰਟੀਫਿਕੇਟ", "मेडिकल फिटनेस प्रमाण पत्र", "Medical fitness certificate"), ["MEDFT"]),
         doc("training", T("ਹਥਿਆਰ ਸਿਖਲਾਈ ਸਰਟੀਫਿਕੇਟ", "शस्त्र प्रशिक्षण प्रमाण पत्र", "Weapon training certificate"), ["ARMTR"])],
        figures="reference",
        eligibility={"rules": [rule("applicant_dob", T("ਉਮਰ ਘੱਟੋ-ਘੱਟ 21 ਸਾਲ ਹੋਣੀ ਚਾਹੀਦੀ ਹੈ।", "आयु कम से कम 21 वर्ष होनी चाहिए।",
                                                      "You must be at least 21 years old."), min_age=21)]}),
    svc("arms-licence-renewal", "home",
        T("ਅਸਲਾ ਲਾਇਸੈਂਸ ਦਾ ਨਵੀਨੀਕਰਨ", "शस्त्र लाइसेंस का नवीनीकरण", "Renewal of arms licence"),
        T("ਮੌਜੂਦਾ ਅਸਲਾ ਲਾਇਸੈਂਸ ਦਾ ਨਵੀਨੀਕਰਨ। ਫ਼ੀਸ ₹1,000।", "मौजूदा शस्त्र लाइसेंस का नवीनीकरण। शुल्क ₹1,000।",
          "Renewal of an existing arms licence. Fee Rs 1,000."),
        100000, "upi", 30, DETAILS["licence"],
        [
            f("licence_number", "text", T("ਲਾਇਸੈਂਸ ਨੰਬਰ", "लाइसेंस संख्या", "Licence number"), max_length=30),
            f("licence_expiry", "date", T("ਲਾਇਸੈਂਸ ਦੀ ਮਿਆਦ ਖ਼ਤਮ ਹੋਣ ਦੀ ਮਿਤੀ", "लाइसेंस की समाप्ति तिथि", "Licence expiry date")),
        ],
        [ID_PROOF, doc("licence_copy", T("ਲਾਇਸੈਂਸ ਦੀ ਕਾਪੀ", "लाइसेंस की प्रति", "Copy of the licence"), ["ARMLC"]),
         doc("medical", T("ਮੈਡੀਕਲ ਫਿਟਨੈੱਸ ਸਰਟੀਫਿਕੇਟ", "मेडिकल फिटनेस प्रमाण पत्र", "Medical fitness certificate"), ["MEDFT"])],
        figures="reference"),
    # ---- Police ------------------------------------------------------------------------------
    svc("police-clearance", "police",
        T("ਪੁਲਿਸ ਕਲੀਅਰੈਂਸ ਸਰਟੀਫਿਕੇਟ", "पुलिस क्लीयरेंस प्रमाण पत्र", "Police clearance certificate"),
        T("ਨੌਕਰੀ ਜਾਂ ਵੀਜ਼ੇ ਲਈ ਚਾਲ-ਚਲਣ ਦੀ ਪੁਲਿਸ ਤਸਦੀਕ।", "नौकरी या वीज़ा के लिए चरित्र का पुलिस सत्यापन।",
          "Police verification of character for a job or a visa."),
        5000, "upi", 15, DETAILS["service"],
        [
            f("pcc_purpose", "select", T("ਮਕਸਦ", "उद्देश्य", "Purpose"),
              options=[opt("employment", "ਨੌਕਰੀ", "नौकरी", "Employment"),
                       opt("visa", "ਵੀਜ਼ਾ / ਵਿਦੇਸ਼", "वीज़ा / विदेश", "Visa or travel abroad"),
                       opt("other", "ਹੋਰ", "अन्य", "Other")]),
            f("police_station", "text", T("ਥਾਣਾ", "थाना", "Police station"), max_length=80),
        ],
        [ID_PROOF, ADDRESS_PROOF, PHOTO],
        # The certificate is sent to the mobile number on record, so the portal takes the
        # application only with that number verified by OTP (docs/catalog-schema.md).
        eligibility={"requires_verified_mobile": True}),
    svc("tenant-verification", "police",
        T("ਕਿਰਾਏਦਾਰ ਦੀ ਪੁਲਿਸ ਤਸਦੀਕ", "किरायेदार का पुलिस सत्यापन", "Police verification of tenant"),
        T("ਮਕਾਨ ਮਾਲਕ ਵੱਲੋਂ ਕਿਰਾਏਦਾਰ ਜਾਂ ਘਰੇਲੂ ਨੌਕਰ ਦੀ ਪੁਲਿਸ ਤਸਦੀਕ।",
          "मकान मालिक द्वारा किरायेदार या घरेलू नौकर का पुलिस सत्यापन।",
          "Police verification of a tenant or domestic help, requested by the owner."),
        0, "none", 15, DETAILS["service"],
        [
            f("tenant_name", "name", T("ਕਿਰਾਏਦਾਰ ਦਾ ਨਾਮ", "किरायेदार का नाम", "Tenant's name")),
            f("tenant_mobile", "mobile", T("ਕਿਰਾਏਦਾਰ ਦਾ ਮੋਬਾਈਲ ਨੰਬਰ", "किरायेदार का मोबाइल नंबर", "Tenant's mobile number")),
            f("tenant_home_address", "text", T("ਕਿਰਾਏਦਾਰ ਦਾ ਪੱਕਾ ਪਤਾ", "किरायेदार का स्थायी पता", "Tenant's permanent address"),
              max_length=200),
            f("tenant_home_pincode", "pincode", T("ਕਿਰਾਏਦਾਰ ਦੇ ਪੱਕੇ ਪਤੇ ਦਾ ਪਿੰਨ ਕੋਡ", "किरायेदार के स्थायी पते का पिन कोड",
                                                  "PIN code of the tenant's permanent address")),
        ],
        [ID_PROOF, doc("tenant_id", T("ਕਿਰਾਏਦਾਰ ਦੀ ਪਛਾਣ ਦਾ ਸਬੂਤ", "किरायेदार की पहचान का प्रमाण", "Tenant's proof of identity"),
                       ["ADHAR", "VOTID", "PASPT", "DRVLC"]),
         doc("rent_agreement", T("ਕਿਰਾਇਆਨਾਮਾ", "किरायानामा", "Rent agreement"), ["RENTA"], required=False)]),
    # ---- Transport ---------------------------------------------------------------------------
    svc("learner-licence", "transport",
        T("ਲਰਨਿੰਗ ਡਰਾਈਵਿੰਗ ਲਾਇਸੈਂਸ", "लर्नर ड्राइविंग लाइसेंस", "Learner's driving licence"),
        T("ਡਰਾਈਵਿੰਗ ਸਿੱਖਣ ਲਈ ਲਰਨਿੰਗ ਲਾਇਸੈਂਸ; ਟੈਸਟ ਦੀ ਮਿਤੀ ਐੱਸ.ਐੱਮ.ਐੱਸ. ਰਾਹੀਂ।",
          "ड्राइविंग सीखने के लिए लर्नर लाइसेंस; परीक्षा की तिथि एसएमएस से।",
          "A learner's licence to learn driving; the test date comes by SMS."),
        15000, "upi", 7, DETAILS["licence"],
        [
            f("vehicle_class", "select", T("ਵਾਹਨ ਦੀ ਸ਼੍ਰੇਣੀ", "वाहन की श्रेणी", "Class of vehicle"),
              options=[opt("MCWG", "ਗੀਅਰ ਵਾਲਾ ਦੋਪਹੀਆ", "गियर वाला दोपहिया", "Motorcycle with gear"),
                       opt("LMV", "ਕਾਰ / ਜੀਪ", "कार / जीप", "Car or jeep (LMV)"),
                       opt("TRANS", "ਵਪਾਰਕ ਵਾਹਨ", "व्यावसायिक वाहन", "Transport vehicle")]),
            f("blood_group", "select", T("ਖ਼ੂਨ ਦਾ ਗਰੁੱਪ", "रक्त समूह", "Blood group"), required=False,
              options=[opt(v.replace("+", "-pos").replace("-", "-neg") if v.endswith("-") else v.replace("+", "-pos"), v, v, v)
                       for v in ["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"]]),
        ],
        [ID_PROOF, ADDRESS_PROOF, PHOTO],
        eligibility={"rules": [rule("applicant_dob", T("ਉਮਰ ਘੱਟੋ-ਘੱਟ 18 ਸਾਲ ਹੋਣੀ ਚਾਹੀਦੀ ਹੈ।", "आयु कम से कम 18 वर्ष होनी चाहिए।",
                                                      "You must be at least 18 years old."), min_age=18)]}),
    svc("driving-licence-renewal", "transport",
        T("ਡਰਾਈਵਿੰਗ ਲਾਇਸੈਂਸ ਦਾ ਨਵੀਨੀਕਰਨ", "ड्राइविंग लाइसेंस का नवीनीकरण", "Renewal of driving licence"),
        T("ਮਿਆਦ ਪੁੱਗ ਚੁੱਕੇ ਜਾਂ ਪੁੱਗਣ ਵਾਲੇ ਡਰਾਈਵਿੰਗ ਲਾਇਸੈਂਸ ਦਾ ਨਵੀਨੀਕਰਨ।",
          "समाप्त हो चुके या समाप्त होने वाले ड्राइविंग लाइसेंस का नवीनीकरण।",
          "Renewal of a driving licence that has expired or is about to."),
        40000, "upi", 7, DETAILS["licence"],
        [
            f("dl_number", "text", T("ਡਰਾਈਵਿੰਗ ਲਾਇਸੈਂਸ ਨੰਬਰ", "ड्राइविंग लाइसेंस संख्या", "Driving licence number"),
              min_length=10, max_length=20),
            f("dl_expiry", "date", T("ਮਿਆਦ ਖ਼ਤਮ ਹੋਣ ਦੀ ਮਿਤੀ", "समाप्ति तिथि", "Expiry date")),
        ],
        [doc("dl_copy", T("ਡਰਾਈਵਿੰਗ ਲਾਇਸੈਂਸ", "ड्राइविंग लाइसेंस", "Driving licence"), ["DRVLC"]),
         doc("medical", T("ਮੈਡੀਕਲ ਸਰਟੀਫਿਕੇਟ (ਫ਼ਾਰਮ 1-ਏ, 40 ਸਾਲ ਤੋਂ ਵੱਧ)", "मेडिकल प्रमाण पत्र (फ़ॉर्म 1-ए, 40 वर्ष से अधिक)",
                          "Medical certificate (Form 1-A, over 40)"), ["MEDFT"], required=False)],
        instant=True),
    svc("duplicate-rc", "transport",
        T("ਡੁਪਲੀਕੇਟ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਸਰਟੀਫਿਕੇਟ (ਆਰ.ਸੀ.)", "डुप्लीकेट पंजीकरण प्रमाण पत्र (आर.सी.)",
          "Duplicate vehicle registration certificate (RC)"),
        T("ਗੁੰਮ ਜਾਂ ਖ਼ਰਾਬ ਹੋਏ ਵਾਹਨ ਦੇ ਆਰ.ਸੀ. ਦੀ ਡੁਪਲੀਕੇਟ ਕਾਪੀ।", "खोए या खराब हुए वाहन के आर.सी. की डुप्लीकेट प्रति।",
          "A duplicate of a vehicle's lost or damaged registration certificate."),
        30000, "upi", 7, DETAILS["vehicle"],
        [
            f("vehicle_number", "text", T("ਵਾਹਨ ਨੰਬਰ", "वाहन संख्या", "Vehicle number"), min_length=6, max_length=12),
            f("rc_reason", "select", T("ਕਾਰਨ", "कारण", "Reason"),
              options=[opt("lost", "ਗੁੰਮ ਹੋ ਗਿਆ", "खो गया", "Lost"), opt("damaged", "ਖ਼ਰਾਬ ਹੋ ਗਿਆ", "खराब हो गया", "Damaged")]),
            f("fir_number", "text", T("ਗੁੰਮਸ਼ੁਦਗੀ ਰਿਪੋਰਟ ਨੰਬਰ", "गुमशुदगी रिपोर्ट संख्या", "Loss report number"), max_length=30,
              show_if={"field": "rc_reason", "equals": "lost"}),
        ],
        [ID_PROOF, doc("insurance", T("ਵਾਹਨ ਬੀਮਾ", "वाहन बीमा", "Vehicle insurance"), ["VINSR"]),
         doc("puc", T("ਪ੍ਰਦੂਸ਼ਣ ਸਰਟੀਫਿਕੇਟ", "प्रदूषण प्रमाण पत्र", "Pollution certificate (PUC)"), ["PUCCR"])]),
    # ---- Local Government --------------------------------------------------------------------
    svc("water-sewer-connection", "local-government",
        T("ਪਾਣੀ ਅਤੇ ਸੀਵਰ ਕੁਨੈਕਸ਼ਨ", "पानी एवं सीवर कनेक्शन", "Water and sewer connection"),
        T("ਨਗਰ ਨਿਗਮ / ਕੌਂਸਲ ਤੋਂ ਨਵਾਂ ਪਾਣੀ ਅਤੇ ਸੀਵਰ ਕੁਨੈਕਸ਼ਨ।", "नगर निगम / परिषद से नया पानी एवं सीवर कनेक्शन।",
          "A new water supply and sewer connection from the municipal corporation or council."),
        50000, "cash", 21, DETAILS["property"],
        [
            f("property_id", "text", T("ਜਾਇਦਾਦ ਆਈ.ਡੀ.", "संपत्ति आईडी", "Property ID"), max_length=30),
            f("connection_type", "select", T("ਕੁਨੈਕਸ਼ਨ ਦੀ ਕਿਸਮ", "कनेक्शन का प्रकार", "Type of connection"),
              options=[opt("water", "ਸਿਰਫ਼ ਪਾਣੀ", "केवल पानी", "Water only"),
                       opt("sewer", "ਸਿਰਫ਼ ਸੀਵਰ", "केवल सीवर", "Sewer only"),
                       opt("both", "ਦੋਵੇਂ", "दोनों", "Both")]),
            f("plot_area", "number", T("ਪਲਾਟ ਦਾ ਰਕਬਾ (ਵਰਗ ਗਜ਼)", "प्लॉट का क्षेत्रफल (वर्ग गज)", "Plot area (square yards)"),
              min=1, max=100000),
        ],
        [ID_PROOF, doc("ownership", T("ਮਾਲਕੀ ਦਾ ਸਬੂਤ", "स्वामित्व का प्रमाण", "Proof of ownership"), ["SALDD", "FARDC", "PTAXR"])]),
    svc("no-dues-certificate", "local-government",
        T("ਕੋਈ ਬਕਾਇਆ ਨਹੀਂ ਸਰਟੀਫਿਕੇਟ (ਐੱਨ.ਡੀ.ਸੀ.)", "अदेयता प्रमाण पत्र (एनडीसी)", "No dues certificate (NDC)"),
        T("ਜਾਇਦਾਦ ਟੈਕਸ, ਪਾਣੀ ਅਤੇ ਸੀਵਰ ਦਾ ਕੋਈ ਬਕਾਇਆ ਨਾ ਹੋਣ ਦਾ ਸਰਟੀਫਿਕੇਟ, ਜਾਇਦਾਦ ਦੀ ਵਿਕਰੀ ਲਈ।",
          "संपत्ति कर, पानी और सीवर का कोई बकाया न होने का प्रमाण पत्र, संपत्ति की बिक्री के लिए।",
          "Certificate that no property tax, water or sewer charges are due, for selling a property."),
        50000, "upi", 7, DETAILS["property"],
        [
            f("property_id", "text", T("ਜਾਇਦਾਦ ਆਈ.ਡੀ.", "संपत्ति आईडी", "Property ID"), max_length=30),
            f("municipality", "text", T("ਨਗਰ ਨਿਗਮ / ਕੌਂਸਲ", "नगर निगम / परिषद", "Municipal corporation or council"), max_length=80),
        ],
        [ID_PROOF, doc("tax_receipt", T("ਜਾਇਦਾਦ ਟੈਕਸ ਦੀ ਰਸੀਦ", "संपत्ति कर की रसीद", "Property tax receipt"), ["PTAXR"])],
        instant=True),
    # ---- Food and Civil Supplies -------------------------------------------------------------
    svc("ration-card", "food-supplies",
        T("ਨਵਾਂ ਰਾਸ਼ਨ ਕਾਰਡ", "नया राशन कार्ड", "New ration card"),
        T("ਕੌਮੀ ਖ਼ੁਰਾਕ ਸੁਰੱਖਿਆ ਐਕਟ ਅਧੀਨ ਸਮਾਰਟ ਰਾਸ਼ਨ ਕਾਰਡ ਲਈ ਅਰਜ਼ੀ।",
          "राष्ट्रीय खाद्य सुरक्षा अधिनियम के अंतर्गत स्मार्ट राशन कार्ड के लिए आवेदन।",
          "Application for a smart ration card under the National Food Security Act."),
        0, "none", 30, DETAILS["service"],
        [
            f("family_members", "number", T("ਪਰਿਵਾਰ ਦੇ ਮੈਂਬਰ", "परिवार के सदस्य", "Family members"), min=1, max=30),
            income_fields(),
            f("has_lpg", "yesno", T("ਕੀ ਘਰ ਵਿੱਚ ਐੱਲ.ਪੀ.ਜੀ. ਕੁਨੈਕਸ਼ਨ ਹੈ?", "क्या घर में एलपीजी कनेक्शन है?",
                                    "Does the household have an LPG connection?")),
        ],
        [ID_PROOF, ADDRESS_PROOF, INCOME_PROOF, PHOTO],
        eligibility={"rules": [rule("annual_income", INCOME_LIMIT_MSG, max=180000)]}),
]


def main():
    catalog = {"schema": 1, "version": "2025.10-seed.3", "departments": DEPARTMENTS,
               "document_types": DOCUMENT_TYPES, "services": SERVICES}
    json.dump(catalog, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
