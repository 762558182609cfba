/* qr-frames.h — deterministic degraded camera frames carrying a QR code, for the decode-rate
 * test and bench/qr.
 *
 * Each frame is 1280×720 8-bit grey, the size of the kiosk camera's preview stream. The code
 * is made with libqrencode and degraded with Leptonica (geometry) and plain C (lighting,
 * noise): the same (index, seed) always gives the same frame, so a rate measured today can be
 * compared with one measured tomorrow.
 */
#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

G_BEGIN_DECLS

#define SEWA_TEST_FRAME_WIDTH 1280
#define SEWA_TEST_FRAME_HEIGHT 720

typedef struct
{
  PIX *pix;              /* 8 bpp, SEWA_TEST_FRAME_WIDTH × SEWA_TEST_FRAME_HEIGHT */
  char *payload;         /* what the code carries (ASCII) */
  const char *category;  /* the dominant degradation, e.g. "blur" */
  int qr_version;        /* QR symbol version (1–40) */
} SewaTestFrame;

/* The degradation categories, cycled by index. */
guint        sewa_test_frame_n_categories (void);
const char  *sewa_test_frame_category_name (guint category);

SewaTestFrame *sewa_test_frame_make (guint index, guint32 seed);

/* The same kind of frame with no code in it (payload ""): what a preview stream mostly is. */
SewaTestFrame *sewa_test_frame_make_empty (guint index, guint32 seed);
void           sewa_test_frame_free (SewaTestFrame *frame);

/* Copies the frame into a tightly packed buffer (stride = width), the layout a camera gives. */
guint8 *sewa_test_frame_to_grey (const SewaTestFrame *frame, guint *width, guint *height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaTestFrame, sewa_test_frame_free)

G_END_DECLS
