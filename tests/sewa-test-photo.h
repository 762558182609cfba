/* sewa-test-photo.h — synthetic "camera photos" of a document on the kiosk's stand.
 *
 * A page of known text is rendered with Pango onto white paper, then placed with a
 * perspective (any four corners) onto a darker textured stand, lit unevenly, optionally with
 * glare, blur, wrong exposure and sensor noise, and encoded as a JPEG. Tests and the
 * benchmark know exactly where the corners are and what the text says.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int width, height;      /* photo size in pixels */
  double corners[4][2];   /* where the page's own TL, TR, BR, BL land in the photo */
  int page_width;         /* rendered page width in pixels (height from A4 aspect) */
  const char *text;       /* NULL: sewa_test_photo_text () */
  double font_px;         /* body text size in page pixels; 0: page_width / 46 */
  double light_min;       /* light falloff: factor at the far corner (1 = even) */
  double gain;            /* exposure; 1 = normal paper at about 225 */
  double blur_sigma;      /* Gaussian blur in photo pixels (0 = sharp) */
  double glare_radius;    /* glare spot radius as a fraction of page width (0 = none) */
  double glare_u, glare_v; /* glare centre on the page, 0–1 */
  double noise;           /* sensor noise standard deviation, in grey levels */
  gboolean coloured;      /* add a blue stamp to the page */
  gboolean no_page;       /* only the stand */
  guint32 seed;
  int quality;            /* JPEG quality; 0 = 92 */
} SewaTestPhotoSpec;

/* A spec with a sensible default: an A4 page filling most of a portrait photo, slightly
 * rotated and in perspective, even light, sharp, mild noise. */
void sewa_test_photo_spec_init (SewaTestPhotoSpec *spec, int width, int height);

/* Rotate where the page lands by @quarter_turns clockwise (for orientation tests). */
void sewa_test_photo_spec_turn (SewaTestPhotoSpec *spec, int quarter_turns);

GBytes *sewa_test_photo_render (const SewaTestPhotoSpec *spec);

/* The English text printed on the test page. */
const char *sewa_test_photo_text (void);

/* 1 - Levenshtein distance / length, after collapsing whitespace; 1.0 is a perfect read. */
double sewa_test_char_accuracy (const char *expected, const char *got);

/* Run tesseract (CLI, OMP_THREAD_LIMIT=1) on a JPEG; NULL if it cannot run. */
char *sewa_test_ocr (GBytes *jpeg, const char *lang);

G_END_DECLS
