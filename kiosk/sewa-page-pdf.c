#define G_LOG_DOMAIN "sewa-page"

#include "sewa-page-pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <jpeglib.h>
#include <leptonica/allheaders.h>
#include <setjmp.h>

G_DEFINE_QUARK (sewa-page-pdf-error-quark, sewa_page_pdf_error)

/* A4 in PDF points: the sheet for a page that does not say its resolution. */
#define A4_W_PT 595.276
#define A4_H_PT 841.890

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf jump;
} PdfJpegError;

static void
pdf_jpeg_error_exit (j_common_ptr cinfo)
{
  longjmp (((PdfJpegError *) cinfo->err)->jump, 1);
}

static void
pdf_jpeg_quiet (j_common_ptr cinfo)
{
}

/* The JFIF resolution in dots per inch (sewa_page_process writes it), 0 when absent. Read
 * with libjpeg's own header parser. */
static double
jpeg_dpi (const guint8 *data, gsize len)
{
  struct jpeg_decompress_struct cinfo;
  PdfJpegError jerr;
  /* volatile: set between setjmp and a possible longjmp (GCC -O2 -Wclobbered). */
  volatile double dpi = 0;

  cinfo.err = jpeg_std_error (&jerr.pub);
  jerr.pub.error_exit = pdf_jpeg_error_exit;
  jerr.pub.output_message = pdf_jpeg_quiet;
  if (setjmp (jerr.jump) != 0)
    {
      jpeg_destroy_decompress (&cinfo);
      return 0;
    }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, (unsigned long) len);
  if (jpeg_read_header (&cinfo, TRUE) == JPEG_HEADER_OK && cinfo.X_density == cinfo.Y_density)
    {
      if (cinfo.density_unit == 1)
        dpi = cinfo.X_density;
      else if (cinfo.density_unit == 2)
        dpi = cinfo.X_density * 2.54;
    }
  jpeg_destroy_decompress (&cinfo);
  /* A resolution outside what a camera page can have is not trusted. */
  return dpi >= 50 && dpi <= 1200 ? dpi : 0;
}

static cairo_status_t
write_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
sewa_page_pdf_assemble (GPtrArray *pages, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  cairo_surface_t *pdf;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (pages != NULL && pages->len > 0, NULL);

  pdf = cairo_pdf_surface_create_for_stream (write_cb, buf, A4_W_PT, A4_H_PT);
  cr = cairo_create (pdf);
  for (guint i = 0; i < pages->len; i++)
    {
      GBytes *jpeg = g_ptr_array_index (pages, i);
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (jpeg, &len);
      l_int32 w = 0, h = 0, spp = 0;
      cairo_surface_t *img;
      double pw, ph, scale, dpi;

      if (len < 4 || data[0] != 0xff || data[1] != 0xd8 || readHeaderMemJpeg (data, len, &w, &h, &spp, NULL, NULL) != 0 || w <= 0 ||
          h <= 0)
        {
          cairo_destroy (cr);
          cairo_surface_destroy (pdf);
          g_set_error (error, SEWA_PAGE_PDF_ERROR, SEWA_PAGE_PDF_ERROR_BAD_PAGE,
                       "Page %u is not a readable JPEG", i + 1);
          return NULL;
        }
      /* A page that says its resolution gets a sheet of its own physical size (an ID-1 card
       * is 85.6 x 54 mm in the PDF, an A5 slip A5); one that does not is fitted onto A4.
       * Landscape pages get a landscape sheet rather than being shrunk onto a portrait one. */
      dpi = jpeg_dpi (data, len);
      if (dpi > 0)
        {
          pw = w * 72.0 / dpi;
          ph = h * 72.0 / dpi;
        }
      else
        {
          pw = w > h ? A4_H_PT : A4_W_PT;
          ph = w > h ? A4_W_PT : A4_H_PT;
        }
      cairo_pdf_surface_set_size (pdf, pw, ph);

      /* The pixels of this surface are never used: with JPEG mime data attached, the PDF
       * backend embeds the JPEG stream itself. A 1x1 stand-in would be scaled wrongly, so it
       * has the JPEG's size, and a colour format (an alpha-only one would become a mask). */
      img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
      g_bytes_ref (jpeg);
      cairo_surface_set_mime_data (img, CAIRO_MIME_TYPE_JPEG, data, len,
                                   (cairo_destroy_func_t) g_bytes_unref, jpeg);
      scale = MIN (pw / w, ph / h);
      cairo_save (cr);
      cairo_translate (cr, (pw - w * scale) / 2, (ph - h * scale) / 2);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, img, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (img);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SEWA_PAGE_PDF_ERROR, SEWA_PAGE_PDF_ERROR_FAILED, "PDF: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}
