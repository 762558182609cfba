/* sewa-page-private.h — shared between the parts of the page pipeline. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A bright blob smaller than this fraction of the frame is never a document, whatever the
 * smallest size asked for (it would be sensor noise or a speck on the stand). */
#define MIN_BLOB_FRAC 0.002

typedef struct
{
  double x, y;
} SewaPagePoint;

typedef struct
{
  /* the small copy */
  int w, h, reduction;
  guint min_blob;  /* smallest blob, in small-copy pixels, that could be a document asked for */
  guint8 *grey;
  guint8 *mask; /* 1 = page (filled blob) */
  /* result */
  gboolean found;
  SewaPagePoint quad[4]; /* TL, TR, BR, BL in small-copy pixels */
  double page_frac;
  guint border_pixels;
  double paper_level, clipped_frac, glare_frac, frame_p95;
} SewaPageDetect;

/* An 8-bit image with bytes in reading order (a byte-swapped Leptonica Pix). */
typedef struct
{
  const guint8 *data;
  gsize stride;
  int w, h;
} SewaPageGrey;

static inline double
sewa_page_sample (const SewaPageGrey *g, double x, double y)
{
  int x0, y0;
  double fx, fy;
  const guint8 *p;

  if (x < 0)
    x = 0;
  if (y < 0)
    y = 0;
  if (x > g->w - 1.001)
    x = g->w - 1.001;
  if (y > g->h - 1.001)
    y = g->h - 1.001;
  x0 = (int) x, y0 = (int) y;
  fx = x - x0, fy = y - y0;
  p = g->data + (gsize) y0 * g->stride + x0;
  return (p[0] * (1 - fx) + p[1] * fx) * (1 - fy) + (p[g->stride] * (1 - fx) + p[g->stride + 1] * fx) * fy;
}

/* Find the page on d->grey (d->w x d->h); fills everything in @d from mask on. */
void sewa_page_detect (SewaPageDetect *d);

/* Move each side of @q onto the paper's edge in @g, within @search pixels. */
void sewa_page_refine_quad (const SewaPageGrey *g, SewaPagePoint q[4], double search);

G_END_DECLS
