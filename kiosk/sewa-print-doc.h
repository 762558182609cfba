/* sewa-print-doc.h — a small block layout for the documents the kiosk prints.
 *
 * Receipts and operator documents are a column of blocks (text, rules, a QR code) laid out
 * with Pango and drawn with cairo into a PDF. Every text block is a PangoLayout with the
 * printable width set, so lines wrap (or, where the caller asks, ellipsize) instead of running
 * off the paper; the layout is measured before anything is drawn, which is also how the 80 mm
 * roll gets a page exactly as tall as its content.
 *
 * Text never goes through cairo's toy text API: only Pango shapes Gurmukhi and Devanagari.
 */
#pragma once

#include <glib.h>
#include "sewa-lang.h"

G_BEGIN_DECLS

#define SEWA_PRINT_DOC_ERROR (sewa_print_doc_error_quark ())
GQuark sewa_print_doc_error_quark (void);

typedef enum
{
  SEWA_PRINT_DOC_ERROR_INVALID, /* the data cannot make a document (missing reference...) */
  SEWA_PRINT_DOC_ERROR_QR,      /* libqrencode could not encode the payload */
  SEWA_PRINT_DOC_ERROR_RENDER,  /* cairo reported an error while writing the PDF */
} SewaPrintDocError;

typedef enum
{
  SEWA_PAPER_80MM = 0, /* thermal receipt roll: 72 mm printable, page as tall as the content */
  SEWA_PAPER_A4,       /* office printer: 210 x 297 mm pages, breaks between blocks */
} SewaPaper;

gboolean    sewa_paper_from_string (const char *name, SewaPaper *out_paper);
const char *sewa_paper_to_string (SewaPaper paper);

/* What the layout pass found; filled by the render functions. Widths in points. */
typedef struct
{
  double printable_width;  /* the width every line must fit in */
  double max_line_width;   /* widest line of any text block, including its alignment offset */
  double min_line_x;       /* leftmost line start (must not be negative) */
  double page_width;
  double page_height;
  guint  n_pages;
  guint  n_lines;          /* text lines over all blocks */
  guint  n_ellipsized;     /* text blocks Pango had to shorten */
} SewaPrintMetrics;

typedef enum
{
  SEWA_TEXT_TITLE,     /* document title, bold, centred */
  SEWA_TEXT_HEADING,   /* section heading, bold */
  SEWA_TEXT_LABEL,     /* small grey field label */
  SEWA_TEXT_BODY,      /* field value */
  SEWA_TEXT_STRONG,    /* emphasised value, e.g. the reference */
  SEWA_TEXT_SMALL,     /* footnotes */
  SEWA_TEXT_CENTRED,   /* body size, centred */
} SewaTextStyle;

typedef struct _SewaPrintDoc SewaPrintDoc;

SewaPrintDoc *sewa_print_doc_new (SewaPaper paper) G_GNUC_WARN_UNUSED_RESULT;
void          sewa_print_doc_free (SewaPrintDoc *doc);

void     sewa_print_doc_add_text (SewaPrintDoc *doc, SewaTextStyle style, const char *text);
void     sewa_print_doc_add_text_limited (SewaPrintDoc *doc, SewaTextStyle style,
                                          const char *text, int max_lines);
void     sewa_print_doc_add_field (SewaPrintDoc *doc, const char *label, const char *value);
void     sewa_print_doc_add_rule (SewaPrintDoc *doc);
void     sewa_print_doc_add_space (SewaPrintDoc *doc, double points);
gboolean sewa_print_doc_add_qr (SewaPrintDoc *doc, const char *payload, GError **error);

GBytes  *sewa_print_doc_render_pdf (SewaPrintDoc *doc, SewaPrintMetrics *out_metrics,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Translates each msgid (gettext domain "sewa-kiosk") into LANG and returns a NULL-terminated
 * array of owned strings in the same order. gettext's language is process-wide, so this
 * switches it with sewa_lang_apply() and restores the previous language and $LANGUAGE
 * exactly; call it from the main thread only. */
char   **sewa_print_doc_translate (SewaLang lang, const char *const *msgids) G_GNUC_WARN_UNUSED_RESULT;

/* "label in LANG · English label", or just the English when LANG is English or the
 * translation is missing. Takes the already translated strings. */
char    *sewa_print_doc_bilingual (const char *local, const char *en) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaPrintDoc, sewa_print_doc_free)

G_END_DECLS
