/* sewa-json.h — one bounded, strict way to read JSON that comes from outside the kiosk.
 *
 * json-glib recurses once per nesting level, so a text of 200,000 '[' overflows the stack; it
 * keeps the last of two members with the same name without saying so; it turns an escaped
 * \u0000 into a string that C code silently truncates; and given no bytes at all it may return
 * FALSE without setting an error. sewa_json_parse() refuses all of these before any caller sees
 * the tree, so every reader of portal answers and QR payloads gets the same guarantees.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SEWA_JSON_ERROR (sewa_json_error_quark ())
GQuark sewa_json_error_quark (void);

typedef enum
{
  SEWA_JSON_ERROR_EMPTY,     /* no bytes, or only whitespace */
  SEWA_JSON_ERROR_ENCODING,  /* not UTF-8, a NUL byte, or an escaped \u0000 */
  SEWA_JSON_ERROR_TOO_DEEP,  /* nested deeper than SEWA_JSON_MAX_DEPTH */
  SEWA_JSON_ERROR_SYNTAX,    /* json-glib refused it */
  SEWA_JSON_ERROR_DUPLICATE, /* an object names the same member twice */
} SewaJsonError;

/* Deeper than anything the portal contract, the catalog or a QR payload needs. */
#define SEWA_JSON_MAX_DEPTH 64

/* TRUE when no array or object in @data (outside strings) is nested deeper than @max_depth.
 * Linear, without parsing: run it before handing a text to json-glib. */
gboolean sewa_json_depth_ok (const char *data, gsize len, guint max_depth);

/* Parses @data (not NUL-terminated; @data may be NULL when @len is 0) with every check above.
 * Returns the root (never NULL on success). */
JsonNode *sewa_json_parse (const char *data, gsize len, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
