/* sewa-contrast.h — text contrast measured on the screen (#20): for each visible text of the
 * kiosk's window (the probe's state), the colour behind it and the text's own colour are
 * sampled from a screenshot inside the widget's bounds, and their WCAG 2 contrast ratio is
 * compared with what the text's size asks for. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The WCAG 2 contrast ratio of two sRGB colours (0xRRGGBB), 1 to 21. */
double sewa_contrast_ratio (guint32 a, guint32 b);

/* The index of the kiosk's main window among the natives of @state (what a screenshot shows). */
gint64 sewa_contrast_main_native (JsonObject *state);

/* Checks every sensitive, visible text of the main window in @state against the screenshot
 * @png_path (taken of the same screen): large text (at least 24 px, or 18.66 px bold) needs
 * @large_min, other text @normal_min. Each failure is appended to @out as one line naming the
 * widget, its text, the two colours and the ratio. Returns the number of failures; *checked
 * (if not NULL) is increased by the number of texts measured. */
guint  sewa_contrast_check (JsonObject *state, const char *png_path, double normal_min,
                            double large_min, GString *out, guint *checked);

G_END_DECLS
