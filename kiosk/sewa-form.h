/* sewa-form.h — the declarative form of a service: sections, fields, show-if, values, prefill.
 *
 * The form definition is parsed from the catalog (sewa-catalog.c, schema in
 * docs/catalog-schema.md) and is read-only afterwards: the structs below are owned by the
 * SewaService they came from and live as long as it does. The UI walks form->sections and
 * section->fields to build its pages, keeps what the citizen types in a SewaFormValues (a
 * string map keyed by field id) and asks sewa-validate.h whether a page may be left.
 *
 * Stored value formats (what sewa_form_values_get() returns, what submission sends):
 *   text, name     UTF-8, trimmed by the caller
 *   date           "DD-MM-YYYY"
 *   mobile         10 ASCII digits
 *   aadhaar        "XXXXXXXX" + last four digits, only ever written by
 *                  sewa_form_values_set_aadhaar() after the Verhoeff check; the full number
 *                  is never stored
 *   pincode        6 ASCII digits
 *   email          as typed
 *   number         ASCII decimal integer, optional leading '-'
 *   select         the option's "value"
 *   district       the district code (sewa-district.h)
 *   yesno          "yes" or "no"
 *   consent        "yes" when ticked, absent otherwise
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include "sewa-lang.h"
#include "sewa-identity.h"
#include "sewa-field-error.h"

G_BEGIN_DECLS

/* A text in the kiosk's three languages; a member is NULL where the catalog has none. */
typedef struct
{
  char *pa;
  char *hi;
  char *en;
} SewaText;

/* The text in LANG, falling back to English then anything; never NULL ("" if all empty). */
const char *sewa_text_get (const SewaText *text, SewaLang lang);

typedef enum
{
  SEWA_FIELD_TYPE_TEXT = 0,
  SEWA_FIELD_TYPE_NAME,
  SEWA_FIELD_TYPE_DATE,
  SEWA_FIELD_TYPE_MOBILE,
  SEWA_FIELD_TYPE_AADHAAR,
  SEWA_FIELD_TYPE_PINCODE,
  SEWA_FIELD_TYPE_EMAIL,
  SEWA_FIELD_TYPE_NUMBER,
  SEWA_FIELD_TYPE_SELECT,
  SEWA_FIELD_TYPE_DISTRICT,
  SEWA_FIELD_TYPE_YESNO,
  SEWA_FIELD_TYPE_CONSENT,
  SEWA_N_FIELD_TYPES
} SewaFieldType;

/* "text", "name", "date", … as written in the catalog; FALSE for an unknown name. */
gboolean    sewa_field_type_from_string (const char *name, SewaFieldType *out_type);
const char *sewa_field_type_to_string (SewaFieldType type);

typedef struct
{
  char    *value;
  SewaText label;
} SewaFormOption;

/* Show the field only when FIELD's value is one of VALUES (and FIELD itself is shown). */
typedef struct
{
  char  *field;
  char **values; /* NULL-terminated, at least one */
} SewaShowIf;

typedef struct
{
  char         *id;
  SewaFieldType type;
  SewaText      label;
  SewaText      help;          /* members NULL when the catalog gives no help */
  gboolean      required;

  /* text and name: length limits in characters (0 = the type's default). */
  guint         min_length;
  guint         max_length;

  /* number: inclusive range. */
  gboolean      has_min;
  gboolean      has_max;
  gint64        min;
  gint64        max;

  /* date: inclusive bounds as GDate Julian day numbers (0 = none), and "not in the future". */
  guint32       min_julian;
  guint32       max_julian;
  gboolean      not_future;

  GPtrArray    *options;       /* select: SewaFormOption*, in display order; else NULL */
  SewaShowIf   *show_if;       /* NULL = always shown */
  char         *prefill;       /* a key of sewa_identity_get(), or NULL */
} SewaFormField;

typedef struct
{
  char      *id;
  SewaText   title;
  GPtrArray *fields;           /* SewaFormField*, in display order */
} SewaFormSection;

typedef struct _SewaForm SewaForm;
struct _SewaForm
{
  GPtrArray  *sections;        /* SewaFormSection*, one page each */
  GHashTable *fields_by_id;    /* private: use sewa_form_lookup_field() */
};

/* Parses a "form" object; NULL and ERROR (SEWA_CATALOG_ERROR) with a reason that names field
 * ids and keys but never values. Used by sewa-catalog.c and the fuzz target. */
SewaForm            *sewa_form_new_from_json (JsonNode *node, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                 sewa_form_free (SewaForm *form);
const SewaFormField *sewa_form_lookup_field (const SewaForm *form, const char *field_id);
const SewaFormOption *sewa_form_field_lookup_option (const SewaFormField *field, const char *value);
guint                sewa_form_n_fields (const SewaForm *form);

/* ---- values --------------------------------------------------------------------------- */

typedef struct _SewaFormValues SewaFormValues;

SewaFormValues *sewa_form_values_new (void) G_GNUC_WARN_UNUSED_RESULT;
/* Wipes every value before freeing: they are citizen data. */
void            sewa_form_values_free (SewaFormValues *values);
/* VALUE NULL or "" removes the field's value. Not for aadhaar fields (see below). */
void            sewa_form_values_set (SewaFormValues *values, const char *field_id, const char *value);
const char     *sewa_form_values_get (const SewaFormValues *values, const char *field_id);
guint           sewa_form_values_size (const SewaFormValues *values);
void            sewa_form_values_clear (SewaFormValues *values);
/* Sorted field ids that have a value; free with g_strfreev(). */
char          **sewa_form_values_get_ids (const SewaFormValues *values) G_GNUC_WARN_UNUSED_RESULT;

/* Checks the 12 typed DIGITS (spaces allowed, as printed on the card) and, when they are a
 * valid Aadhaar number, stores "XXXXXXXX" + last four; otherwise removes the field's value.
 * Returns SEWA_FIELD_OK or the reason. The caller should
 * wipe its own copy of the digits afterwards. */
SewaFieldError  sewa_form_values_set_aadhaar (SewaFormValues *values, const char *field_id,
                                              const char *digits);

/* ---- show-if ------------------------------------------------------------------------- */

/* TRUE when FIELD's show-if condition holds (recursively: the field it depends on must be
 * visible too). */
gboolean   sewa_form_field_is_visible (const SewaForm *form, const SewaFormField *field,
                                       const SewaFormValues *values);
/* The visible fields of section SECTION_INDEX, in order (borrowed SewaFormField*; free the
 * array only). */
GPtrArray *sewa_form_section_visible_fields (const SewaForm *form, guint section_index,
                                             const SewaFormValues *values) G_GNUC_WARN_UNUSED_RESULT;
/* Drops the values of fields that are hidden now (call before submitting). */
void       sewa_form_values_prune_hidden (const SewaForm *form, SewaFormValues *values);

/* ---- prefill ------------------------------------------------------------------------- */

/* Fills every field that has a "prefill" key, a value in IDENTITY and no value yet (what the
 * citizen typed is never overwritten). District names become district codes; gender fills a
 * select only when it has a matching option; aadhaar_last4 becomes the masked form. Values
 * that would not validate are not filled. Returns how many fields were filled. */
guint         sewa_form_prefill (const SewaForm *form, SewaFormValues *values,
                                 const SewaIdentity *identity);
/* The reverse, for "earlier applications": an identity (source EARLIER_APPLICATION) built
 * from the prefill-tagged fields of a previous application's form and values. */
SewaIdentity *sewa_form_extract_identity (const SewaForm *form, const SewaFormValues *values)
  G_GNUC_WARN_UNUSED_RESULT;

/* The visible fields' values in form order as a JSON object {field_id: value}, for the
 * application body. */
JsonNode     *sewa_form_values_to_json (const SewaForm *form, const SewaFormValues *values)
  G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaForm, sewa_form_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaFormValues, sewa_form_values_free)

G_END_DECLS
