#define G_LOG_DOMAIN "sewa-print-doc"

#include "sewa-print-doc.h"

#include <cairo-pdf.h>
#include <libintl.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

G_DEFINE_QUARK (sewa-print-doc-error-quark, sewa_print_doc_error)

/* glibc's catalog cache counter; see sewa-lang.c for why bumping it is the documented way to
 * make gettext notice a changed $LANGUAGE. */
extern int _nl_msg_cat_cntr;

#define MM_TO_PT(mm) ((mm) * 72.0 / 25.4)

/* Noto Sans covers Latin and the rupee sign; fontconfig would find the Indic faces on its
 * own, but naming them keeps the choice stable if another font with partial Gurmukhi or
 * Devanagari coverage is installed later. */
#define FONT_FAMILIES "Noto Sans,Noto Sans Gurmukhi,Noto Sans Devanagari"

typedef struct
{
  double page_width_mm;
  double page_height_mm; /* 0: as tall as the content (receipt roll) */
  double margin_x_mm;
  double margin_y_mm;
  double base_size_pt;
  double qr_mm;
} PaperSpec;

static const PaperSpec papers[] = {
  /* 80 mm thermal printers print 72 mm (576 dots at 203 dpi) of the roll. */
  [SEWA_PAPER_80MM] = { 80.0, 0.0, 4.0, 4.0, 8.5, 34.0 },
  [SEWA_PAPER_A4] = { 210.0, 297.0, 20.0, 18.0, 11.0, 45.0 },
};

typedef struct
{
  double scale;          /* of the paper's base size */
  PangoWeight weight;
  PangoAlignment align;
  double grey;           /* 0 black … 1 white */
  double space_after;    /* in units of the base size */
} StyleSpec;

static const StyleSpec styles[] = {
  [SEWA_TEXT_TITLE] = { 1.35, PANGO_WEIGHT_BOLD, PANGO_ALIGN_CENTER, 0.0, 0.35 },
  [SEWA_TEXT_HEADING] = { 1.1, PANGO_WEIGHT_BOLD, PANGO_ALIGN_LEFT, 0.0, 0.25 },
  [SEWA_TEXT_LABEL] = { 0.85, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT, 0.35, 0.05 },
  [SEWA_TEXT_BODY] = { 1.0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT, 0.0, 0.45 },
  [SEWA_TEXT_STRONG] = { 1.25, PANGO_WEIGHT_BOLD, PANGO_ALIGN_LEFT, 0.0, 0.45 },
  [SEWA_TEXT_SMALL] = { 0.85, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT, 0.0, 0.3 },
  [SEWA_TEXT_CENTRED] = { 1.0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_CENTER, 0.0, 0.3 },
};

typedef enum
{
  BLOCK_TEXT,
  BLOCK_RULE,
  BLOCK_SPACE,
  BLOCK_QR,
} BlockKind;

typedef struct
{
  BlockKind kind;
  SewaTextStyle style;
  char *text;
  int max_lines;       /* 0: wrap without limit */
  double space;        /* BLOCK_SPACE height in points */
  QRcode *qr;
  /* Filled by the layout pass. */
  PangoLayout *layout;
  double height;
  double space_after;
} Block;

struct _SewaPrintDoc
{
  SewaPaper paper;
  GArray *blocks; /* of Block */
};

gboolean
sewa_paper_from_string (const char *name, SewaPaper *out_paper)
{
  SewaPaper p;

  if (name == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (name, "80mm") == 0)
    p = SEWA_PAPER_80MM;
  else if (g_ascii_strcasecmp (name, "a4") == 0)
    p = SEWA_PAPER_A4;
  else
    return FALSE;
  if (out_paper != NULL)
    *out_paper = p;
  return TRUE;
}

const char *
sewa_paper_to_string (SewaPaper paper)
{
  return paper == SEWA_PAPER_A4 ? "a4" : "80mm";
}

static void
block_clear (gpointer data)
{
  Block *b = data;

  g_free (b->text);
  g_clear_object (&b->layout);
  if (b->qr != NULL)
    QRcode_free (b->qr);
}

SewaPrintDoc *
sewa_print_doc_new (SewaPaper paper)
{
  SewaPrintDoc *doc;

  g_return_val_if_fail (paper == SEWA_PAPER_80MM || paper == SEWA_PAPER_A4, NULL);

  doc = g_new0 (SewaPrintDoc, 1);
  doc->paper = paper;
  doc->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (doc->blocks, block_clear);
  return doc;
}

void
sewa_print_doc_free (SewaPrintDoc *doc)
{
  if (doc == NULL)
    return;
  g_array_unref (doc->blocks);
  g_free (doc);
}

void
sewa_print_doc_add_text_limited (SewaPrintDoc *doc, SewaTextStyle style, const char *text,
                                 int max_lines)
{
  Block b = { 0 };

  g_return_if_fail (doc != NULL);
  g_return_if_fail (style <= SEWA_TEXT_CENTRED);
  g_return_if_fail (max_lines >= 0);

  if (text == NULL || *text == '\0')
    return;
  b.kind = BLOCK_TEXT;
  b.style = style;
  /* Outside text (names, catalog labels) may carry invalid UTF-8; Pango would warn and draw
   * boxes, so repair it here once. */
  b.text = g_utf8_make_valid (text, -1);
  b.max_lines = max_lines;
  g_array_append_val (doc->blocks, b);
}

void
sewa_print_doc_add_text (SewaPrintDoc *doc, SewaTextStyle style, const char *text)
{
  sewa_print_doc_add_text_limited (doc, style, text, 0);
}

void
sewa_print_doc_add_field (SewaPrintDoc *doc, const char *label, const char *value)
{
  g_return_if_fail (doc != NULL);

  if (value == NULL || *value == '\0')
    return;
  sewa_print_doc_add_text (doc, SEWA_TEXT_LABEL, label);
  sewa_print_doc_add_text (doc, SEWA_TEXT_BODY, value);
}

void
sewa_print_doc_add_rule (SewaPrintDoc *doc)
{
  Block b = { .kind = BLOCK_RULE };

  g_return_if_fail (doc != NULL);
  g_array_append_val (doc->blocks, b);
}

void
sewa_print_doc_add_space (SewaPrintDoc *doc, double points)
{
  Block b = { .kind = BLOCK_SPACE, .space = points };

  g_return_if_fail (doc != NULL);
  g_return_if_fail (points >= 0);
  g_array_append_val (doc->blocks, b);
}

gboolean
sewa_print_doc_add_qr (SewaPrintDoc *doc, const char *payload, GError **error)
{
  Block b = { .kind = BLOCK_QR };

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Level M survives the smudges and scratches a thermal receipt collects in a pocket. */
  b.qr = QRcode_encodeString8bit (payload, 0, QR_ECLEVEL_M);
  if (b.qr == NULL)
    {
      g_set_error (error, SEWA_PRINT_DOC_ERROR, SEWA_PRINT_DOC_ERROR_QR,
                   "cannot encode a QR code of %zu bytes", strlen (payload));
      return FALSE;
    }
  g_array_append_val (doc->blocks, b);
  return TRUE;
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static double
base_size (const SewaPrintDoc *doc)
{
  return papers[doc->paper].base_size_pt;
}

/* Lays out every block at the printable width and records heights and line metrics. */
static void
layout_blocks (SewaPrintDoc *doc, PangoContext *pctx, double printable, SewaPrintMetrics *m)
{
  const PaperSpec *ps = &papers[doc->paper];

  m->max_line_width = 0;
  m->min_line_x = 0;
  m->n_lines = 0;
  m->n_ellipsized = 0;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *b = &g_array_index (doc->blocks, Block, i);

      switch (b->kind)
        {
        case BLOCK_TEXT:
          {
            const StyleSpec *st = &styles[b->style];
            g_autoptr (PangoFontDescription) fd = pango_font_description_new ();
            PangoLayoutIter *iter;
            int w, h;

            pango_font_description_set_family (fd, FONT_FAMILIES);
            pango_font_description_set_size (fd, (int) (base_size (doc) * st->scale * PANGO_SCALE));
            pango_font_description_set_weight (fd, st->weight);

            g_clear_object (&b->layout);
            b->layout = pango_layout_new (pctx);
            pango_layout_set_font_description (b->layout, fd);
            pango_layout_set_width (b->layout, (int) (printable * PANGO_SCALE));
            pango_layout_set_wrap (b->layout, PANGO_WRAP_WORD_CHAR);
            pango_layout_set_alignment (b->layout, st->align);
            if (b->max_lines > 0)
              {
                /* A negative height is a line count: wrap up to that many lines, then
                 * ellipsize the last one. */
                pango_layout_set_height (b->layout, -b->max_lines);
                pango_layout_set_ellipsize (b->layout, PANGO_ELLIPSIZE_END);
              }
            pango_layout_set_text (b->layout, b->text, -1);

            iter = pango_layout_get_iter (b->layout);
            do
              {
                PangoRectangle logical;
                double x, right;

                pango_layout_iter_get_line_extents (iter, NULL, &logical);
                x = (double) logical.x / PANGO_SCALE;
                right = (double) (logical.x + logical.width) / PANGO_SCALE;
                m->max_line_width = MAX (m->max_line_width, right);
                m->min_line_x = MIN (m->min_line_x, x);
                m->n_lines++;
              }
            while (pango_layout_iter_next_line (iter));
            pango_layout_iter_free (iter);

            if (pango_layout_is_ellipsized (b->layout))
              m->n_ellipsized++;
            pango_layout_get_size (b->layout, &w, &h);
            b->height = (double) h / PANGO_SCALE;
            b->space_after = base_size (doc) * st->space_after;
          }
          break;
        case BLOCK_RULE:
          b->height = base_size (doc) * 0.9;
          b->space_after = 0;
          break;
        case BLOCK_SPACE:
          b->height = b->space;
          b->space_after = 0;
          break;
        case BLOCK_QR:
          b->height = MM_TO_PT (ps->qr_mm);
          b->space_after = base_size (doc) * 0.2;
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
draw_block (SewaPrintDoc *doc, cairo_t *cr, Block *b, double x0, double y, double printable)
{
  switch (b->kind)
    {
    case BLOCK_TEXT:
      {
        double grey = styles[b->style].grey;

        cairo_set_source_rgb (cr, grey, grey, grey);
        cairo_move_to (cr, x0, y);
        pango_cairo_show_layout (cr, b->layout);
      }
      break;
    case BLOCK_RULE:
      {
        static const double dash[] = { 2.0, 1.5 };

        cairo_save (cr);
        cairo_set_source_rgb (cr, 0, 0, 0);
        cairo_set_line_width (cr, 0.6);
        cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        cairo_move_to (cr, x0, y + b->height / 2);
        cairo_line_to (cr, x0 + printable, y + b->height / 2);
        cairo_stroke (cr);
        cairo_restore (cr);
      }
      break;
    case BLOCK_SPACE:
      break;
    case BLOCK_QR:
      {
        /* Four modules of quiet zone on every side, as the QR standard requires. */
        int n = b->qr->width;
        double module = b->height / (n + 8);
        double left = x0 + (printable - b->height) / 2 + 4 * module;
        double top = y + 4 * module;

        cairo_set_source_rgb (cr, 0, 0, 0);
        for (int row = 0; row < n; row++)
          for (int col = 0; col < n; col++)
            if (b->qr->data[row * n + col] & 1)
              cairo_rectangle (cr, left + col * module, top + row * module, module, module);
        cairo_fill (cr);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

GBytes *
sewa_print_doc_render_pdf (SewaPrintDoc *doc, SewaPrintMetrics *out_metrics, GError **error)
{
  const PaperSpec *ps;
  g_autoptr (GByteArray) out = NULL;
  PangoContext *pctx;
  SewaPrintMetrics m = { 0 };
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double page_w, page_h, margin_x, margin_y, printable, content = 0, y;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ps = &papers[doc->paper];
  page_w = MM_TO_PT (ps->page_width_mm);
  margin_x = MM_TO_PT (ps->margin_x_mm);
  margin_y = MM_TO_PT (ps->margin_y_mm);
  printable = page_w - 2 * margin_x;
  page_h = ps->page_height_mm > 0 ? MM_TO_PT (ps->page_height_mm) : MM_TO_PT (100);

  out = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_bytes, out, page_w, page_h);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "sewa-kiosk");
  cr = cairo_create (surface);

  /* One PDF unit is one point, so fonts must be laid out at 72 dpi, not pangocairo's 96. */
  pctx = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (pctx, 72.0);
  {
    /* Hinting snaps glyphs to a screen's pixel grid; on paper it only distorts spacing. */
    cairo_font_options_t *fo = cairo_font_options_create ();

    cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options (pctx, fo);
    cairo_font_options_destroy (fo);
  }

  layout_blocks (doc, pctx, printable, &m);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *b = &g_array_index (doc->blocks, Block, i);
      content += b->height + b->space_after;
    }

  if (ps->page_height_mm <= 0)
    {
      /* The roll is cut after the content, so the page is exactly as tall as needed. It may
       * only be resized before anything is drawn on it. */
      page_h = content + 2 * margin_y;
      cairo_pdf_surface_set_size (surface, page_w, page_h);
    }

  m.n_pages = 1;
  y = margin_y;
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *b = &g_array_index (doc->blocks, Block, i);

      if (ps->page_height_mm > 0 && y > margin_y && y + b->height > page_h - margin_y)
        {
          cairo_show_page (cr);
          m.n_pages++;
          y = margin_y;
        }
      draw_block (doc, cr, b, margin_x, y, printable);
      y += b->height + b->space_after;
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  /* Layouts hold the context; drop them so a later render starts from a clean slate. */
  for (guint i = 0; i < doc->blocks->len; i++)
    g_clear_object (&g_array_index (doc->blocks, Block, i).layout);
  g_object_unref (pctx);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SEWA_PRINT_DOC_ERROR, SEWA_PRINT_DOC_ERROR_RENDER,
                   "cannot write the PDF: %s", cairo_status_to_string (status));
      return NULL;
    }

  m.printable_width = printable;
  m.page_width = page_w;
  m.page_height = page_h;
  if (out_metrics != NULL)
    *out_metrics = m;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

char **
sewa_print_doc_translate (SewaLang lang, const char *const *msgids)
{
  SewaLang prev_lang = sewa_lang_current ();
  g_autofree char *prev_env = g_strdup (g_getenv ("LANGUAGE"));
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (lang < SEWA_N_LANGS, NULL);
  g_return_val_if_fail (msgids != NULL, NULL);

  sewa_lang_apply (lang);
  for (gsize i = 0; msgids[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (dgettext (GETTEXT_PACKAGE, msgids[i])));
  g_ptr_array_add (out, NULL);

  /* Put back exactly what was there: the kiosk's current language and, if the environment
   * had no $LANGUAGE before (a fresh process), no $LANGUAGE. */
  sewa_lang_apply (prev_lang);
  if (prev_env == NULL)
    g_unsetenv ("LANGUAGE");
  else
    g_setenv ("LANGUAGE", prev_env, TRUE);
  ++_nl_msg_cat_cntr;

  return (char **) g_ptr_array_free (out, FALSE);
}

char *
sewa_print_doc_bilingual (const char *local, const char *en)
{
  g_return_val_if_fail (en != NULL, NULL);

  if (local == NULL || *local == '\0' || g_str_equal (local, en))
    return g_strdup (en);
  return g_strconcat (local, " / ", en, NULL);
}
