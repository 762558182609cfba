/* sewa-page.h — turn a camera photo of a document on the stand into an upload-ready page.
 *
 * Finds the page outline on the (darker) stand, corrects perspective, turns the page upright,
 * evens the lighting, converts to greyscale (or keeps colour), scales to about 200 dpi A4 and
 * encodes a JPEG of at most SEWA_PAGE_MAX_BYTES. Before that it judges the photo; a verdict
 * other than SEWA_PAGE_OK maps to one instruction for the citizen.
 *
 * Pure computation on memory buffers (Leptonica for I/O, scaling, lighting and orientation;
 * the quad search and the perspective warp are our own because they are the hot path).
 * Thread-safe: call it from a worker thread, never the GTK main loop.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SEWA_PAGE_ERROR (sewa_page_error_quark ())
GQuark sewa_page_error_quark (void);

typedef enum
{
  SEWA_PAGE_ERROR_DECODE, /* not a JPEG we can read */
  SEWA_PAGE_ERROR_ENCODE, /* could not produce the output JPEG */
} SewaPageError;

/* The target the output size is budgeted for. */
#define SEWA_PAGE_MAX_BYTES (250 * 1024)
#define SEWA_PAGE_DPI 200

typedef enum
{
  SEWA_PAGE_MODE_GREY,
  SEWA_PAGE_MODE_COLOUR,
} SewaPageMode;

/* In the order they are checked: the first failing check is the verdict. */
typedef enum
{
  SEWA_PAGE_OK,
  SEWA_PAGE_NOT_FOUND,  /* no page-like bright quadrilateral on the stand */
  SEWA_PAGE_CUT_OFF,    /* the page runs off the edge of the photo */
  SEWA_PAGE_TOO_SMALL,  /* the page fills too little of the photo */
  SEWA_PAGE_TOO_DARK,
  SEWA_PAGE_TOO_BRIGHT,
  SEWA_PAGE_GLARE,      /* a burnt-out reflection on the page */
  SEWA_PAGE_BLURRED,
} SewaPageVerdict;

typedef struct
{
  double paper_level;    /* median brightness of the page, 0–255 */
  double clipped_frac;   /* fraction of page pixels at or near 255 */
  double glare_frac;     /* fraction of the page inside burnt-out blobs brighter than paper */
  double page_frac;      /* page area / photo area */
  double sharpness;      /* mean |Laplacian| / mean |gradient| on edges, about 1/edge width */
  double laplacian_var;  /* variance of the Laplacian over the page (for reference) */
  guint edge_pixels;     /* how many edge pixels the sharpness was measured on */
  int rotation;          /* quarter turns clockwise applied to make the page upright */
  double orient_conf;    /* Leptonica's confidence in the orientation decision */
  int quality;           /* JPEG quality used */
} SewaPageMetrics;

typedef struct
{
  SewaPageVerdict verdict;
  gboolean corners_found;
  /* Page corners in photo pixels: top-left, top-right, bottom-right, bottom-left as the page
   * lies in the photo (before the upright rotation). */
  double corners[4][2];
  GBytes *jpeg; /* the processed page; NULL when no page was found */
  int width, height;
  SewaPageMetrics metrics;
} SewaPageResult;

void sewa_page_result_free (SewaPageResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaPageResult, sewa_page_result_free)

/* Returns FALSE with @error only when the input cannot be read or the output written; a bad
 * photo is a successful call with a verdict other than SEWA_PAGE_OK. */
gboolean sewa_page_process (const guint8 *jpeg, gsize len, SewaPageMode mode,
                            SewaPageResult **out, GError **error);

/* The same on a GTask worker thread, for the UI: the result comes back in the caller's
 * main context. */
void sewa_page_process_async (GBytes *jpeg, SewaPageMode mode, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
SewaPageResult *sewa_page_process_finish (GAsyncResult *result,
                                          GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Judge a (live preview) frame without producing the page: outline and exposure checks only,
 * since blur cannot be judged on a small frame. Fills corners and metrics. */
gboolean sewa_page_check_frame (const guint8 *jpeg, gsize len, SewaPageResult **out,
                                GError **error);

/* The instruction for the citizen, an untranslated msgid: pass it through gettext. */
const char *sewa_page_verdict_instruction (SewaPageVerdict verdict);
/* A short stable name ("ok", "blurred", ...) for logs and kioskctl. */
const char *sewa_page_verdict_name (SewaPageVerdict verdict);

G_END_DECLS
