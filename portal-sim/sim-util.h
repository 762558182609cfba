/* Small helpers shared by the portal simulator: JSON errors, canonical JSON, hashes, ids, time. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Lowercase hex SHA-256 of @len bytes. */
char *sewa_sim_sha256_hex (const void *data, gsize len) G_GNUC_WARN_UNUSED_RESULT;

/* @prefix followed by @n_bytes random bytes in lowercase hex (libsodium randombytes). */
char *sewa_sim_random_hex_id (const char *prefix, gsize n_bytes) G_GNUC_WARN_UNUSED_RESULT;

/* 32 random bytes as unpadded base64url (43 chars): secrets and tokens. */
char *sewa_sim_random_token (void) G_GNUC_WARN_UNUSED_RESULT;

/* Unpadded base64url of arbitrary bytes. */
char *sewa_sim_base64url (const void *data, gsize len) G_GNUC_WARN_UNUSED_RESULT;

/* Serialises @node with object members sorted by name, no whitespace: two JSON texts with the
 * same data give the same string, which is what idempotency compares. */
char *sewa_sim_canonical_json (JsonNode *node) G_GNUC_WARN_UNUSED_RESULT;

/* Compact serialisation of @node, members in insertion order. */
char *sewa_sim_json_to_string (JsonNode *node) G_GNUC_WARN_UNUSED_RESULT;

/* RFC 3339 UTC ("2026-11-30T08:33:34Z") of unix seconds. */
char *sewa_sim_rfc3339 (gint64 unix_seconds) G_GNUC_WARN_UNUSED_RESULT;

/* RFC 9110 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") of @t, in English whatever the locale. */
char *sewa_sim_http_date (GDateTime *t) G_GNUC_WARN_UNUSED_RESULT;

/* Parses exactly the RFC 3339 UTC form above; FALSE otherwise. */
gboolean sewa_sim_parse_rfc3339 (const char *text, gint64 *out_unix);

/* "YYYY-MM-DD": the India Standard Time date of @unix_seconds plus @days days. */
char *sewa_sim_ist_date_plus (gint64 unix_seconds, int days) G_GNUC_WARN_UNUSED_RESULT;

/* TRUE when every byte of @s is [A-Za-z0-9_-] and its length is within [min, max]. */
gboolean sewa_sim_is_token_chars (const char *s, gsize min, gsize max);

/* TRUE when @s is exactly 64 lowercase hex digits. */
gboolean sewa_sim_is_sha256_hex (const char *s);

/* JSON error body {"code","message"} plus optional extra members from @extra (may be NULL,
 * not consumed). */
GBytes *sewa_sim_error_body (const char *code, const char *message, JsonObject *extra) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
