/* sewa-page-detect.c — finding the page: the outline on a small copy, then each side to
 * sub-pixel precision on the full-size photo. See sewa-page.c for the whole pipeline. */
#define G_LOG_DOMAIN "sewa-page"

#include "sewa-page-private.h"

#include <math.h>
#include <string.h>

/* ---- step 1: find the page on the small copy ----------------------------------------- */

static void
box_blur (const guint8 *in, guint8 *out, int w, int h, int r)
{
  g_autofree guint32 *tmp = g_new (guint32, (gsize) w * h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 s = 0;
        int n = 0;
        for (int k = MAX (0, x - r); k <= MIN (w - 1, x + r); k++, n++)
          s += in[(gsize) y * w + k];
        tmp[(gsize) y * w + x] = s / n;
      }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 s = 0;
        int n = 0;
        for (int k = MAX (0, y - r); k <= MIN (h - 1, y + r); k++, n++)
          s += tmp[(gsize) k * w + x];
        out[(gsize) y * w + x] = s / n;
      }
}

static int
otsu (const guint32 hist[256])
{
  double total = 0, sum = 0, sum_b = 0, w_b = 0, best = -1;
  int t_best = 128;

  for (int i = 0; i < 256; i++)
    {
      total += hist[i];
      sum += (double) i * hist[i];
    }
  for (int t = 0; t < 256; t++)
    {
      double w_f, m_b, m_f, between;

      w_b += hist[t];
      if (w_b == 0)
        continue;
      w_f = total - w_b;
      if (w_f == 0)
        break;
      sum_b += (double) t * hist[t];
      m_b = sum_b / w_b;
      m_f = (sum - sum_b) / w_f;
      between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
      if (between > best)
        {
          best = between;
          t_best = t;
        }
    }
  return t_best;
}

static int
percentile (const guint32 hist[256], guint64 n, double p)
{
  guint64 want = (guint64) (p * n), acc = 0;

  for (int i = 0; i < 256; i++)
    {
      acc += hist[i];
      if (acc > want)
        return i;
    }
  return 255;
}

static double
cross (SewaPagePoint o, SewaPagePoint a, SewaPagePoint b)
{
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

static int
pt_cmp (gconstpointer a, gconstpointer b)
{
  const SewaPagePoint *p = a, *q = b;

  if (p->x != q->x)
    return p->x < q->x ? -1 : 1;
  if (p->y != q->y)
    return p->y < q->y ? -1 : 1;
  return 0;
}

/* Andrew's monotone chain; @pts is sorted in place, the hull (counter-clockwise in a y-up
 * frame) is written to @hull, which must hold n + 1 points. */
static int
convex_hull (SewaPagePoint *pts, int n, SewaPagePoint *hull)
{
  int k = 0;

  qsort (pts, n, sizeof (SewaPagePoint), pt_cmp);
  for (int i = 0; i < n; i++)
    {
      while (k >= 2 && cross (hull[k - 2], hull[k - 1], pts[i]) <= 0)
        k--;
      hull[k++] = pts[i];
    }
  for (int i = n - 2, t = k + 1; i >= 0; i--)
    {
      while (k >= t && cross (hull[k - 2], hull[k - 1], pts[i]) <= 0)
        k--;
      hull[k++] = pts[i];
    }
  return k - 1;
}

static double
quad_area (const SewaPagePoint q[4])
{
  double a = 0;

  for (int i = 0; i < 4; i++)
    a += q[i].x * q[(i + 1) % 4].y - q[(i + 1) % 4].x * q[i].y;
  return fabs (a) / 2;
}

/* Put the corners in TL, TR, BR, BL order as seen in the image (y down): sort clockwise
 * around the centre, starting from the corner nearest the image's top-left. */
static void
order_corners (SewaPagePoint q[4])
{
  SewaPagePoint c = { 0, 0 }, tmp[4];
  double ang[4];
  int idx[4] = { 0, 1, 2, 3 }, start = 0;

  for (int i = 0; i < 4; i++)
    c.x += q[i].x / 4, c.y += q[i].y / 4;
  for (int i = 0; i < 4; i++)
    ang[i] = atan2 (q[i].y - c.y, q[i].x - c.x);
  for (int i = 0; i < 4; i++)
    for (int j = i + 1; j < 4; j++)
      if (ang[idx[j]] < ang[idx[i]])
        {
          int t = idx[i];
          idx[i] = idx[j];
          idx[j] = t;
        }
  for (int i = 0; i < 4; i++)
    tmp[i] = q[idx[i]];
  for (int i = 1; i < 4; i++)
    if (tmp[i].x + tmp[i].y < tmp[start].x + tmp[start].y)
      start = i;
  for (int i = 0; i < 4; i++)
    q[i] = tmp[(start + i) % 4];
}

/* Total least squares line through @n points: unit normal (nx, ny) and offset c, so that
 * nx*x + ny*y = c. */
static gboolean
fit_line (const SewaPagePoint *p, int n, double *nx, double *ny, double *c)
{
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, theta;

  if (n < 2)
    return FALSE;
  for (int i = 0; i < n; i++)
    mx += p[i].x, my += p[i].y;
  mx /= n, my /= n;
  for (int i = 0; i < n; i++)
    {
      double dx = p[i].x - mx, dy = p[i].y - my;
      sxx += dx * dx, syy += dy * dy, sxy += dx * dy;
    }
  /* Direction of largest spread; the normal is perpendicular to it. */
  theta = 0.5 * atan2 (2 * sxy, sxx - syy);
  *nx = -sin (theta);
  *ny = cos (theta);
  *c = *nx * mx + *ny * my;
  return TRUE;
}

static gboolean
intersect (double n1x, double n1y, double c1, double n2x, double n2y, double c2, SewaPagePoint *out)
{
  double det = n1x * n2y - n1y * n2x;

  if (fabs (det) < 1e-9)
    return FALSE;
  out->x = (c1 * n2y - n1y * c2) / det;
  out->y = (n1x * c2 - c1 * n2x) / det;
  return TRUE;
}

/* One attempt at threshold @thr on the smoothed copy; TRUE when a page was found. */
static gboolean
detect_at (SewaPageDetect *d, const guint8 *smooth, int thr)
{
  int w = d->w, h = d->h;
  gsize n = (gsize) w * h;
  g_autofree guint8 *bright = g_malloc (n);
  g_autofree gint32 *stack = g_new (gint32, n);
  g_autofree SewaPagePoint *pts = NULL;
  g_autofree SewaPagePoint *hull = NULL;
  guint32 page_hist[256] = { 0 };
  guint64 page_n = 0;
  int best_label = 0, sp, npts = 0, nh, ia = 0, ib = 0, ic = -1, id = -1;
  guint best_area = 0, area;
  double best_d = -1, dc = 0, dd = 0, hull_area = 0;
  SewaPagePoint q[4];
  guint8 label;

  for (gsize i = 0; i < n; i++)
    bright[i] = smooth[i] > thr ? 1 : 0;

  /* Label bright 4-connected blobs with values 2, 3, ... (wrapping is harmless: only the
   * largest is kept and it is re-flooded below). Keep the largest. */
  g_free (d->mask);
  d->mask = g_malloc0 (n);
  label = 2;
  for (gsize s = 0; s < n; s++)
    {
      if (bright[s] != 1)
        continue;
      area = 0;
      sp = 0;
      stack[sp++] = (gint32) s;
      bright[s] = label;
      while (sp > 0)
        {
          gint32 p = stack[--sp];
          int x = p % w, y = p / w;
          area++;
          if (x > 0 && bright[p - 1] == 1)
            bright[p - 1] = label, stack[sp++] = p - 1;
          if (x < w - 1 && bright[p + 1] == 1)
            bright[p + 1] = label, stack[sp++] = p + 1;
          if (y > 0 && bright[p - w] == 1)
            bright[p - w] = label, stack[sp++] = p - w;
          if (y < h - 1 && bright[p + w] == 1)
            bright[p + w] = label, stack[sp++] = p + w;
        }
      if (area > best_area)
        {
          best_area = area;
          best_label = (int) s; /* remember a seed, labels may repeat */
        }
      label = label == 255 ? 2 : label + 1;
    }
  if (best_area < MAX (d->min_blob, MIN_BLOB_FRAC * n))
    return FALSE;

  /* Re-flood the largest blob from its seed into mask (value 1). */
  {
    guint8 want = bright[best_label];
    sp = 0;
    stack[sp++] = best_label;
    d->mask[best_label] = 1;
    while (sp > 0)
      {
        gint32 p = stack[--sp];
        int x = p % w, y = p / w;
        gint32 nb[4] = { x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1,
                         y < h - 1 ? p + w : -1 };
        for (int k = 0; k < 4; k++)
          if (nb[k] >= 0 && bright[nb[k]] == want && !d->mask[nb[k]])
            d->mask[nb[k]] = 1, stack[sp++] = nb[k];
      }
  }

  /* Fill holes (text, photos on the page): everything not reachable from the border
   * without crossing the blob is inside it. bright[] is reused as "reached". */
  memset (bright, 0, n);
  sp = 0;
  for (int x = 0; x < w; x++)
    for (int k = 0; k < 2; k++)
      {
        gint32 p = k == 0 ? x : (h - 1) * w + x;
        if (!d->mask[p] && !bright[p])
          bright[p] = 1, stack[sp++] = p;
      }
  for (int y = 0; y < h; y++)
    for (int k = 0; k < 2; k++)
      {
        gint32 p = k == 0 ? y * w : y * w + w - 1;
        if (!d->mask[p] && !bright[p])
          bright[p] = 1, stack[sp++] = p;
      }
  while (sp > 0)
    {
      gint32 p = stack[--sp];
      int x = p % w, y = p / w;
      gint32 nb[4] = { x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1,
                       y < h - 1 ? p + w : -1 };
      for (int k = 0; k < 4; k++)
        if (nb[k] >= 0 && !d->mask[nb[k]] && !bright[nb[k]])
          bright[nb[k]] = 1, stack[sp++] = nb[k];
    }
  area = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (!bright[i])
        d->mask[i] = 1;
      if (d->mask[i])
        {
          area++;
          page_hist[smooth[i]]++;
          page_n++;
        }
    }

  /* Boundary pixels of the filled blob, and how many lie on the photo's edge. */
  pts = g_new (SewaPagePoint, n / 2 + 4 * (w + h));
  d->border_pixels = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gsize p = (gsize) y * w + x;
        gboolean edge;
        if (!d->mask[p])
          continue;
        edge = x == 0 || y == 0 || x == w - 1 || y == h - 1;
        if (edge)
          d->border_pixels++;
        if (edge || !d->mask[p - 1] || !d->mask[p + 1] || !d->mask[p - w] || !d->mask[p + w])
          pts[npts++] = (SewaPagePoint) { x, y };
      }

  /* Exposure on the page itself, whether or not it turns out to be a clean quad. */
  d->paper_level = percentile (page_hist, page_n, 0.75);
  {
    guint64 clipped = 0;
    for (int i = 250; i < 256; i++)
      clipped += page_hist[i];
    d->clipped_frac = (double) clipped / page_n;
    /* Burnt-out pixels on paper that is itself well exposed are a reflection. (On this
     * reduced copy sensor noise is averaged away, so clipped pixels here are areas.) */
    d->glare_frac = d->paper_level < 245 ? d->clipped_frac : 0;
  }

  hull = g_new (SewaPagePoint, npts + 1);
  nh = convex_hull (pts, npts, hull);
  if (nh < 4)
    return FALSE;
  for (int i = 0; i < nh; i++)
    hull_area += hull[i].x * hull[(i + 1) % nh].y - hull[(i + 1) % nh].x * hull[i].y;
  hull_area = fabs (hull_area) / 2;

  /* The hull's diameter is one diagonal; the points farthest from it on either side are
   * the other two corners. */
  for (int i = 0; i < nh; i++)
    for (int j = i + 1; j < nh; j++)
      {
        double dx = hull[i].x - hull[j].x, dy = hull[i].y - hull[j].y;
        if (dx * dx + dy * dy > best_d)
          best_d = dx * dx + dy * dy, ia = i, ib = j;
      }
  for (int i = 0; i < nh; i++)
    {
      double s = cross (hull[ia], hull[ib], hull[i]);
      if (s > dc)
        dc = s, ic = i;
      if (-s > dd)
        dd = -s, id = i;
    }
  if (ic < 0 || id < 0)
    return FALSE;
  q[0] = hull[ia], q[1] = hull[ic], q[2] = hull[ib], q[3] = hull[id];
  order_corners (q);

  /* Refine each side by a line fit through the boundary points near it (away from the
   * corners, which are rounded by the blur and the threshold). */
  {
    double ln[4][3];
    g_autofree SewaPagePoint *side = g_new (SewaPagePoint, npts);
    gboolean ok = TRUE;

    for (int s = 0; s < 4 && ok; s++)
      {
        SewaPagePoint a = q[s], b = q[(s + 1) % 4];
        double len = hypot (b.x - a.x, b.y - a.y);
        double ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
        int m = 0;

        for (int i = 0; i < npts; i++)
          {
            double t = ((pts[i].x - a.x) * ux + (pts[i].y - a.y) * uy) / len;
            double dist = fabs ((pts[i].x - a.x) * uy - (pts[i].y - a.y) * ux);
            if (t > 0.12 && t < 0.88 && dist < 3.0)
              side[m++] = pts[i];
          }
        ok = m >= 8 && fit_line (side, m, &ln[s][0], &ln[s][1], &ln[s][2]);
      }
    for (int s = 0; s < 4 && ok; s++)
      {
        int p = (s + 3) % 4;
        SewaPagePoint c;
        if (intersect (ln[p][0], ln[p][1], ln[p][2], ln[s][0], ln[s][1], ln[s][2], &c) &&
            hypot (c.x - q[s].x, c.y - q[s].y) < 0.05 * (w + h))
          d->quad[s] = c;
        else
          d->quad[s] = q[s];
      }
    if (!ok)
      memcpy (d->quad, q, sizeof q);
  }

  /* A document is a quad whose outline (the blob's convex hull) it matches, and which its
   * bright blob mostly fills; anything else (a hand, a crumpled paper, two pages) is not
   * found. The blob need not fill it entirely: a passport photograph's dark clothes reach
   * its bottom edge and so are no hole in the blob. (Hull pixels are centres, half a pixel
   * inside the outline all round; the blob's pixel count includes those halves.) */
  if (fabs (quad_area (d->quad) / MAX (hull_area, 1.0) - 1.0) > 0.12 ||
      area < 0.75 * quad_area (d->quad))
    return FALSE;
  d->page_frac = quad_area (d->quad) / n;
  d->found = TRUE;
  return TRUE;
}

void
sewa_page_detect (SewaPageDetect *d)
{
  gsize n = (gsize) d->w * d->h;
  g_autofree guint8 *smooth = g_malloc (n);
  guint32 hist[256] = { 0 }, upper[256] = { 0 };
  int thr, first_thr;

  box_blur (d->grey, smooth, d->w, d->h, 2);
  for (gsize i = 0; i < n; i++)
    hist[smooth[i]]++;
  d->frame_p95 = percentile (hist, n, 0.95);
  thr = otsu (hist);
  d->found = FALSE;
  if (detect_at (d, smooth, thr) && d->border_pixels <= 3)
    return;
  /* A card or a photograph covers a few percent of the frame, so Otsu's threshold may split
   * the stand's own light and dark grain rather than stand from paper: nothing is found, or
   * the lit part of the stand is, running off the frame. The paper is then in the upper
   * class: split that again, and take what it finds if that lies wholly in the frame. */
  first_thr = d->found ? thr : -1;
  for (int i = thr + 1; i < 256; i++)
    upper[i] = hist[i];
  thr = otsu (upper);
  d->found = FALSE;
  if (thr > 0 && detect_at (d, smooth, thr) && (first_thr < 0 || d->border_pixels <= 3))
    return;
  /* Otherwise the first answer stands: a page that really runs off the frame is "cut off". */
  d->found = FALSE;
  if (first_thr >= 0)
    detect_at (d, smooth, first_thr);
}


static int
double_cmp (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

/* Move each side of @q (full-resolution pixels of @g) onto the strongest outermost
 * bright-to-dark transition along its normal, then fit a line through those points. */
void
sewa_page_refine_quad (const SewaPageGrey *g, SewaPagePoint q[4], double search)
{
  enum { SAMPLES = 48 };
  double ln[4][3];
  SewaPagePoint c = { 0, 0 }, nq[4];
  int range = (int) ceil (search);
  g_autofree double *prof = g_new (double, 2 * range + 3);

  for (int i = 0; i < 4; i++)
    c.x += q[i].x / 4, c.y += q[i].y / 4;

  for (int s = 0; s < 4; s++)
    {
      SewaPagePoint a = q[s], b = q[(s + 1) % 4], pts[SAMPLES];
      double len = hypot (b.x - a.x, b.y - a.y);
      double ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
      double nx = uy, ny = -ux;
      int m = 0;

      /* Normal pointing away from the page centre. */
      if ((a.x - c.x) * nx + (a.y - c.y) * ny < 0)
        nx = -nx, ny = -ny;
      for (int k = 0; k < SAMPLES; k++)
        {
          double t = 0.1 + 0.8 * k / (SAMPLES - 1);
          double px = a.x + (b.x - a.x) * t, py = a.y + (b.y - a.y) * t;
          double best = 0, gmax = 0;
          int ibest = -1;

          for (int i = 0; i < 2 * range + 3; i++)
            {
              double o = i - range - 1, v = 0;
              for (int j = -2; j <= 2; j++)
                v += sewa_page_sample (g, px + o * nx + j * ux, py + o * ny + j * uy);
              prof[i] = v / 5;
            }
          for (int i = 1; i < 2 * range + 2; i++)
            gmax = MAX (gmax, prof[i - 1] - prof[i + 1]);
          if (gmax < 8)
            continue;
          /* Outermost strong drop: text near the margin can be a stronger edge than the
           * paper's own, but it is always further in. */
          for (int i = 1; i < 2 * range + 2; i++)
            {
              double d = prof[i - 1] - prof[i + 1];
              if (d >= 0.5 * gmax && d >= prof[i - 2 < 0 ? 0 : i - 2] - prof[i] &&
                  d >= prof[i] - prof[i + 2 > 2 * range + 2 ? 2 * range + 2 : i + 2])
                ibest = i, best = d;
            }
          if (ibest > 1 && ibest < 2 * range + 1)
            {
              double dm = prof[ibest - 2] - prof[ibest];
              double dp = prof[ibest] - prof[ibest + 2];
              double den = dm - 2 * best + dp;
              double off = fabs (den) > 1e-9 ? 0.5 * (dm - dp) / den : 0;
              double o = ibest - range - 1 + CLAMP (off, -0.5, 0.5);
              pts[m++] = (SewaPagePoint) { px + o * nx, py + o * ny };
            }
        }
      /* A side with too few clear transitions (a photograph's dark coat on the dark stand)
       * keeps the line through its coarse corners; the others are still refined. */
      if (m < SAMPLES / 3 || !fit_line (pts, m, &ln[s][0], &ln[s][1], &ln[s][2]))
        {
          SewaPagePoint ends[2] = { a, b };
          if (!fit_line (ends, 2, &ln[s][0], &ln[s][1], &ln[s][2]))
            return;
          continue;
        }
      /* Drop outliers (text, shadows) and fit again. */
      {
        double res[SAMPLES], sorted[SAMPLES], cut;
        int k = 0;
        for (int i = 0; i < m; i++)
          res[i] = sorted[i] = fabs (ln[s][0] * pts[i].x + ln[s][1] * pts[i].y - ln[s][2]);
        qsort (sorted, m, sizeof (double), double_cmp);
        cut = MAX (3 * sorted[m / 2], 1.0);
        for (int i = 0; i < m; i++)
          if (res[i] <= cut)
            pts[k++] = pts[i];
        if (k >= SAMPLES / 4)
          fit_line (pts, k, &ln[s][0], &ln[s][1], &ln[s][2]);
      }
    }
  for (int s = 0; s < 4; s++)
    {
      int p = (s + 3) % 4;
      if (!intersect (ln[p][0], ln[p][1], ln[p][2], ln[s][0], ln[s][1], ln[s][2], &nq[s]) ||
          hypot (nq[s].x - q[s].x, nq[s].y - q[s].y) > 2 * search)
        return;
    }
  memcpy (q, nq, sizeof nq);
}
