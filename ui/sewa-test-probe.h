/* sewa-test-probe.h — a TEST-ONLY observer of the kiosk's screen for the real-input harness.
 *
 * Started only when SEWA_TEST_PROBE names a Unix socket path. It answers newline-delimited
 * JSON requests with what the screen shows (visible screen, every mapped widget with its
 * bounds, the on-screen keyboard, painted frames) and can save a screenshot. It never acts on
 * the UI: tests move the pointer and type through the X server (tests/ui/sewa-fingers.h).
 *
 * Requests: {"cmd":"state"}, {"cmd":"frames","since":MONOTONIC_US},
 *           {"cmd":"screenshot","path":"/abs/file.png"}.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SEWA_TYPE_TEST_PROBE (sewa_test_probe_get_type ())
G_DECLARE_FINAL_TYPE (SewaTestProbe, sewa_test_probe, SEWA, TEST_PROBE, GObject)

/* NULL (and nothing listens) unless SEWA_TEST_PROBE is set in the environment. */
SewaTestProbe *sewa_test_probe_new_from_env (GtkWindow *window) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
