/* sewa-page-pdf.h — one PDF per document from its processed page JPEGs (cairo).
 *
 * Each page is a PDF page of the document's physical size (from the JPEG's JFIF resolution,
 * which sewa_page_process writes; A4 when it has none) with the JPEG embedded as-is
 * (DCTDecode) through cairo's JPEG mime data, so the PDF is barely larger than the pages
 * themselves. The two sides of a card are two pages of one PDF.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_PAGE_PDF_ERROR (sewa_page_pdf_error_quark ())
GQuark sewa_page_pdf_error_quark (void);

typedef enum
{
  SEWA_PAGE_PDF_ERROR_BAD_PAGE, /* a page is not a readable JPEG */
  SEWA_PAGE_PDF_ERROR_FAILED,   /* cairo could not write the PDF */
} SewaPagePdfError;

/* @pages: GBytes* JPEGs in page order. Returns the PDF bytes. */
GBytes *sewa_page_pdf_assemble (GPtrArray *pages, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
