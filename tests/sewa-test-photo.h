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

typedef enum
{
  SEWA_TEST_DOC_PAGE,   /* a form: paragraphs of text (sewa_test_photo_text ()) */
  SEWA_TEST_DOC_CARD,   /* an identity card: coloured band, photo box, a few lines of text */
  SEWA_TEST_DOC_PHOTO,  /* a passport photograph: head and shoulders on a light background */
  SEWA_TEST_DOC_BLANK,  /* paper with nothing on it */
} SewaTestDocKind;

typedef struct
{
  int width, height;      /* photo size in pixels */
  SewaTestDocKind kind;
  double aspect;          /* page height / width; 0 = A4 (sqrt 2) */
  double paper;           /* paper reflectance 0–1; 0 = 0.93 (bright white paper) */
  double corners[4][2];   /* where the page's own TL, TR, BR, BL land in the photo */
  int page_width;         /* rendered page width in pixels (height from the aspect) */
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

/* Put a document of @w_mm x @h_mm (as it reads, upright) in the photo at a fixed stand's
 * scale of @px_per_mm, turned @angle_deg clockwise about the photo's centre (plus a 2 %
 * keystone), rendered at least at the photo's resolution, with text sized for the kind. */
void sewa_test_photo_spec_place (SewaTestPhotoSpec *spec, double px_per_mm, double w_mm,
                                 double h_mm, double angle_deg);

/* Rotate where the page lands by @quarter_turns clockwise (for orientation tests). */
void sewa_test_photo_spec_turn (SewaTestPhotoSpec *spec, int quarter_turns);

GBytes *sewa_test_photo_render (const SewaTestPhotoSpec *spec);

/* The English text printed on the test page. */
const char *sewa_test_photo_text (void);
/* The text printed on a document of @kind ("" for a photograph or a blank page). */
const char *sewa_test_photo_text_for (SewaTestDocKind kind);

/* 1 - Levenshtein distance / length, after collapsing whitespace; 1.0 is a perfect read. */
double sewa_test_char_accuracy (const char *expected, const char *got);

/* Run tesseract (CLI, OMP_THREAD_LIMIT=1) on a JPEG; NULL if it cannot run. */
char *sewa_test_ocr (GBytes *jpeg, const char *lang);

G_END_DECLS
