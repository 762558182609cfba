/* sewa-catalog.h — the notified services: departments, services, fees, time limits,
 * documents, eligibility and forms, parsed from the portal's catalog JSON.
 *
 * Schema: docs/catalog-schema.md. Parsing is strict per service: a service whose definition is
 * malformed (unknown key in a field, unknown field type, missing language, show-if pointing
 * at nothing, …) is hidden, logged with its id and the reason (never with values), and listed
 * by sewa_catalog_get_problems(); every other service works. Only a file that is not a catalog
 * at all (not JSON, wrong "schema", no "departments"/"services" arrays) fails as a whole.
 *
 * A loaded catalog is immutable. SewaDepartment and SewaService are GObjects so they can sit
 * in a GListModel for the UI's lists; everything reached from them (SewaText, SewaForm, …)
 * is borrowed and lives as long as the object.
 */
#pragma once

#include <gio/gio.h>
#include "sewa-form.h"
#include "sewa-lang.h"
#include "sewa-page.h"

G_BEGIN_DECLS

#define SEWA_CATALOG_ERROR (sewa_catalog_error_quark ())
GQuark sewa_catalog_error_quark (void);

typedef enum
{
  SEWA_CATALOG_ERROR_NOT_JSON,     /* the bytes are not a JSON document */
  SEWA_CATALOG_ERROR_SCHEMA,       /* top level is not a schema-1 catalog */
  SEWA_CATALOG_ERROR_INVALID,      /* one object is malformed (per-service reasons) */
  SEWA_CATALOG_ERROR_IO,           /* the file cannot be read */
  SEWA_CATALOG_ERROR_TOO_LARGE,    /* more than SEWA_CATALOG_MAX_BYTES */
} SewaCatalogError;

/* The largest catalog accepted, file or download. Every notified service of Punjab (848) with
 * its forms is 6.5 MB of compact JSON; parsing takes about nine times the size in memory, so
 * this keeps a catalog, even a hostile one, near 150 MB at most instead of whatever the bytes
 * ask for, while leaving room for 2.5 times today's services. */
#define SEWA_CATALOG_MAX_BYTES (16 * 1024 * 1024)

typedef enum
{
  SEWA_PAYMENT_NONE = 0,  /* "none": free service */
  SEWA_PAYMENT_UPI,       /* "upi": paid at the kiosk by UPI */
  SEWA_PAYMENT_CASH,      /* "cash": paid at the counter to the operator */
} SewaPayment;

typedef struct
{
  char     *id;
  SewaText  label;
  char    **any_of;   /* DigiLocker-style document type codes; any one of them will do */
  /* For each any_of entry, the physical sizes that type comes in (SEWA_PAGE_SIZE_FLAG()s,
   * from the catalog's "document_types"; SEWA_PAGE_SIZES_ANY when the catalog has none). */
  guint    *sizes;
  gboolean  required;
  /* For each any_of entry, the id of the form field whose value a page of that type must carry
   * (the Aadhaar number's last four digits, a date of birth), or NULL: the catalog's
   * "number_fields". NULL when the document names none. */
  char    **number_fields;
} SewaDocumentRequirement;

/* The sizes a page of document type CODE may have for this requirement, or 0 when CODE is
 * not one of its any_of types. */
guint sewa_document_requirement_get_sizes (const SewaDocumentRequirement *req, const char *code);

/* The id of the form field whose value (a number or a date) a page of document type CODE must
 * carry for this requirement, or NULL when the catalog names none for CODE. */
const char *sewa_document_requirement_get_number_field (const SewaDocumentRequirement *req, const char *code);

/* One eligibility rule, checked against the form values by sewa_validate_eligibility().
 * Exactly one kind of test is set: an age range on a date field, a range on a number field,
 * or a set of allowed values. WHEN limits the rule to applicants matching a condition. */
typedef struct
{
  char       *field;
  int         min_age;       /* years; -1 = none */
  int         max_age;       /* years; -1 = none */
  gboolean    has_min;
  gboolean    has_max;
  gint64      min;
  gint64      max;
  char      **allowed;       /* NULL-terminated, or NULL */
  SewaShowIf *when;          /* NULL = always */
  SewaText    message;       /* why the citizen is not eligible, in three languages */
} SewaEligibilityRule;

typedef struct
{
  SewaText   notes;          /* shown before the form; members may be NULL */
  GPtrArray *rules;          /* SewaEligibilityRule* */
  gboolean   requires_verified_mobile; /* the portal rejects it without an OTP-verified mobile */
} SewaEligibility;

#define SEWA_TYPE_DEPARTMENT (sewa_department_get_type ())
G_DECLARE_FINAL_TYPE (SewaDepartment, sewa_department, SEWA, DEPARTMENT, GObject)

const char     *sewa_department_get_id (SewaDepartment *self);
const SewaText *sewa_department_get_name (SewaDepartment *self);
const char     *sewa_department_get_icon (SewaDepartment *self);   /* icon name or NULL */
guint           sewa_department_get_n_services (SewaDepartment *self); /* visible ones */

#define SEWA_TYPE_SERVICE (sewa_service_get_type ())
G_DECLARE_FINAL_TYPE (SewaService, sewa_service, SEWA, SERVICE, GObject)

const char            *sewa_service_get_id (SewaService *self);
const char            *sewa_service_get_department_id (SewaService *self);
const SewaText        *sewa_service_get_name (SewaService *self);
const SewaText        *sewa_service_get_description (SewaService *self);
gint64                 sewa_service_get_fee_paise (SewaService *self);
SewaPayment            sewa_service_get_payment (SewaService *self);
int                    sewa_service_get_time_limit_days (SewaService *self); /* -1 = not notified */
gboolean               sewa_service_get_instant_decision (SewaService *self);
GPtrArray             *sewa_service_get_documents (SewaService *self); /* SewaDocumentRequirement*, borrowed */
const SewaEligibility *sewa_service_get_eligibility (SewaService *self);
const SewaForm        *sewa_service_get_form (SewaService *self);
const char            *sewa_service_get_version (SewaService *self);  /* "1" when absent */
/* Lowercase hex SHA-256 of the service's JSON object as it appears in the catalog bytes
 * (re-serialised compactly by json-glib, so whitespace does not matter). */
const char            *sewa_service_get_content_hash (SewaService *self);
gboolean               sewa_service_get_sample_data (SewaService *self);

/* A service the catalog hides, and why (field ids and keys only, never values). */
typedef struct
{
  char *service_id;    /* "services[12]" when the id itself is missing or bad */
  char *reason;
} SewaCatalogProblem;

#define SEWA_TYPE_CATALOG (sewa_catalog_get_type ())
G_DECLARE_FINAL_TYPE (SewaCatalog, sewa_catalog, SEWA, CATALOG, GObject)

SewaCatalog    *sewa_catalog_new_from_bytes (GBytes *bytes, GError **error) G_GNUC_WARN_UNUSED_RESULT;
SewaCatalog    *sewa_catalog_new_from_file (const char *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;

const char     *sewa_catalog_get_version (SewaCatalog *self);
/* Lowercase hex SHA-256 of the bytes loaded; equals portal-sim's ETag without quotes. */
const char     *sewa_catalog_get_hash (SewaCatalog *self);

/* GListModel of SewaDepartment, in catalog order (departments with no visible service are
 * included; check sewa_department_get_n_services()). Borrowed. */
GListModel     *sewa_catalog_get_departments (SewaCatalog *self);
/* GListModel of every visible SewaService, in catalog order. Borrowed. */
GListModel     *sewa_catalog_get_services (SewaCatalog *self);
/* A new GListModel of the visible services of one department, in catalog order. */
GListModel     *sewa_catalog_list_services (SewaCatalog *self, const char *department_id)
  G_GNUC_WARN_UNUSED_RESULT;
SewaService    *sewa_catalog_lookup_service (SewaCatalog *self, const char *service_id);
SewaDepartment *sewa_catalog_lookup_department (SewaCatalog *self, const char *department_id);
/* SewaCatalogProblem* for every hidden service or skipped department. Borrowed. */
GPtrArray      *sewa_catalog_get_problems (SewaCatalog *self);

G_END_DECLS
