/* sewa-page.h — turn a camera photo of a document on the stand into an upload-ready page.
 *
 * Finds the page outline on the (darker) stand, corrects perspective, turns the page upright,
 * evens the lighting, converts to greyscale (or keeps colour), and writes the document at its
 * physical size and a fixed resolution (SewaPageSize: 200 dpi for A4/A5 pages, 300 dpi for
 * cards and photographs) as a JPEG of at most SEWA_PAGE_MAX_BYTES. The camera sits on a fixed
 * stand, so the page plane has a known scale (SewaPageOptions.px_per_mm): the document's
 * size in millimetres tells an A4 page from an A5 slip or an ID-1 card. Before that it judges
 * the photo; a verdict other than SEWA_PAGE_OK maps to one instruction for the citizen.
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
/* The resolution of text pages (A4, A5, other sizes); cards and photos get 300 dpi. */
#define SEWA_PAGE_DPI 200

/* The physical sizes a document can have. Append only: catalogs name them ("a4", ...). */
typedef enum
{
  SEWA_PAGE_SIZE_A4,    /* 210 x 297 mm: forms, certificates, e-Aadhaar letters */
  SEWA_PAGE_SIZE_A5,    /* 148 x 210 mm: half sheets, slips, receipts */
  SEWA_PAGE_SIZE_ID1,   /* 85.6 x 54 mm: Aadhaar, PAN, voter and ration cards, licences */
  SEWA_PAGE_SIZE_PHOTO, /* 35 x 45 mm: a passport photograph */
  SEWA_PAGE_SIZE_OTHER, /* none of these: kept at its measured size, 200 dpi */
  SEWA_PAGE_N_SIZES,
} SewaPageSize;

#define SEWA_PAGE_SIZE_FLAG(size) (1u << (size))
/* Every size, including SEWA_PAGE_SIZE_OTHER. */
#define SEWA_PAGE_SIZES_ANY ((1u << SEWA_PAGE_N_SIZES) - 1)

typedef struct
{
  const char *name;     /* "a4", "a5", "id1", "photo", "other" */
  double short_mm, long_mm; /* 0 for SEWA_PAGE_SIZE_OTHER */
  int dpi;              /* output resolution */
  /* Fewer camera pixels per inch on the document than this and upscaling cannot make its
   * text legible: the verdict is SEWA_PAGE_TOO_SMALL. Half the output resolution. */
  int min_source_dpi;
} SewaPageSizeInfo;

const SewaPageSizeInfo *sewa_page_size_get_info (SewaPageSize size);
/* "a4" -> SEWA_PAGE_SIZE_A4; FALSE for an unknown name. */
gboolean sewa_page_size_from_name (const char *name, SewaPageSize *out);

/* The stand's default field of view: the photo's shorter side spans this many millimetres at
 * the page plane, so that an A4 page fits the frame in either orientation with about 9 %
 * margin. A 12 MP camera (4000 x 3000) framed like this sees 8.3 px/mm (210 dpi). */
#define SEWA_PAGE_DEFAULT_VIEW_MM 362.0
/* The default scale for a photo of this size: shorter side / SEWA_PAGE_DEFAULT_VIEW_MM. */
double sewa_page_default_px_per_mm (int photo_width, int photo_height);

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
  SEWA_PAGE_BLURRED,    /* sharpness too low, or not measurable on a page that has marks */
  SEWA_PAGE_WRONG_SIZE, /* a document of a size this document type does not come in */
  SEWA_PAGE_BLANK,      /* no text-like marks where the document type carries text */
} SewaPageVerdict;

typedef struct
{
  SewaPageMode mode;
  guint sizes;          /* SEWA_PAGE_SIZE_FLAG()s this document type comes in */
  /* The stand's scale in the pixels of the photo passed in; 0 = sewa_page_default_px_per_mm().
   * The kiosk's configured value is for its camera's full-size photos: scale it for a preview
   * frame of another size. */
  double px_per_mm;
  gboolean needs_text;  /* a page without text-like marks is SEWA_PAGE_BLANK */
} SewaPageOptions;

/* Grey, any size, default scale, text required. */
void sewa_page_options_init (SewaPageOptions *options);

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
  double structure;      /* RMS of the page's band-pass (0.5–4 mm) detail: 0 for blank paper */
  double coarse_structure; /* the same at 2–12 mm: lines of writing even when blurred; -1 when
                            * not measured (structure alone already shows writing) */
  double source_dpi;     /* camera pixels per inch on the document */
  double width_mm, height_mm; /* the document's measured size, as it lies in the photo */
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
  /* What the document was measured to be (SEWA_PAGE_SIZE_OTHER when it matched no size) and
   * the resolution of the output: width / dpi inches wide. */
  SewaPageSize size;
  int dpi;
  int photo_width, photo_height; /* the photo judged, in pixels */
} SewaPageResult;

void sewa_page_result_free (SewaPageResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaPageResult, sewa_page_result_free)

/* Returns FALSE with @error only when the input cannot be read or the output written; a bad
 * photo is a successful call with a verdict other than SEWA_PAGE_OK. */
gboolean sewa_page_process_with_options (const guint8 *jpeg, gsize len,
                                         const SewaPageOptions *options, SewaPageResult **out,
                                         GError **error);
/* The same with sewa_page_options_init() and @mode; text is required in grey mode only. */
gboolean sewa_page_process (const guint8 *jpeg, gsize len, SewaPageMode mode,
                            SewaPageResult **out, GError **error);

/* The same on a GTask worker thread, for the UI: the result comes back in the caller's
 * main context. */
void sewa_page_process_async (GBytes *jpeg, SewaPageMode mode, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
void sewa_page_process_with_options_async (GBytes *jpeg, const SewaPageOptions *options,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
/* Finishes both of the above. */
SewaPageResult *sewa_page_process_finish (GAsyncResult *result,
                                          GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Judge a (live preview) frame without producing the page: outline and exposure checks only,
 * since blur cannot be judged on a small frame. Fills corners and metrics. */
gboolean sewa_page_check_frame (const guint8 *jpeg, gsize len, SewaPageResult **out,
                                GError **error);
gboolean sewa_page_check_frame_with_options (const guint8 *jpeg, gsize len,
                                             const SewaPageOptions *options,
                                             SewaPageResult **out, GError **error);

/* Where a document of @size lies when it is placed in the middle of a photo of
 * @photo_width x @photo_height at @px_per_mm (0 = default), its long side along the photo's
 * long side: TL, TR, BR, BL in photo pixels. For the capture screen's frame guide; FALSE for
 * SEWA_PAGE_SIZE_OTHER (no outline) or a size that does not fit the frame. */
gboolean sewa_page_expected_outline (SewaPageSize size, double px_per_mm, int photo_width,
                                     int photo_height, double corners[4][2]);

/* A camera's full photo size as the kiosk keeps it between runs ("4000x3000"): digits, 'x',
 * digits, each side 16 to 20000 pixels; FALSE for anything else. */
gboolean sewa_page_photo_size_parse (const char *text, int *width, int *height);

/* How many sides of a document of @size are photographed: 2 for an ID-1 card (front and
 * back, two pages of one document), else 1. */
guint sewa_page_size_sides (SewaPageSize size);

/* The instruction for the citizen, an untranslated msgid: pass it through gettext. */
const char *sewa_page_verdict_instruction (SewaPageVerdict verdict);
/* A short stable name ("ok", "blurred", ...) for logs and kioskctl. */
const char *sewa_page_verdict_name (SewaPageVerdict verdict);

G_END_DECLS
