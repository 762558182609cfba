/* sewa-operator-page.h — operator mode: the queue (counts, today's applications, reprint,
 * retry, details) and the printer (state, alerts, test page, day summary).
 *
 * A view only: the window's operator flow (sewa-window-operator.c) reads the store and the
 * printer and fills it; its buttons activate the window's op.* actions, which exist and are
 * enabled only while operator mode is open. It never holds citizen data: applications are
 * listed by reference, service and state.
 */
#pragma once

#include <adwaita.h>
#include "sewa-store.h"

G_BEGIN_DECLS

#define SEWA_TYPE_OPERATOR_PAGE (sewa_operator_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaOperatorPage, sewa_operator_page, SEWA, OPERATOR_PAGE, AdwBin)

typedef struct
{
  guint by_state[SEWA_APP_QUARANTINED + 1]; /* indexed by SewaAppState */
  gint64 oldest_pending_created_at;          /* Unix seconds; 0 = nothing pending */
} SewaOperatorCounts;

GtkWidget  *sewa_operator_page_new (void);
void        sewa_operator_page_show_tab (SewaOperatorPage *self, const char *name); /* queue, printer, diagnostics */
const char *sewa_operator_page_get_tab (SewaOperatorPage *self);

/* The operator's words for a state ("Queued", "Quarantined", …), in the current language. */
const char *sewa_operator_state_label (SewaAppState state);

void        sewa_operator_page_set_counts (SewaOperatorPage *self, const SewaOperatorCounts *counts,
                                           gint64 now);
guint       sewa_operator_page_get_count (SewaOperatorPage *self, SewaAppState state);
void        sewa_operator_page_clear_applications (SewaOperatorPage *self);
void        sewa_operator_page_add_application (SewaOperatorPage *self, const char *reference,
                                                const char *service_name, SewaAppState state,
                                                const char *last_error);
guint       sewa_operator_page_get_n_applications (SewaOperatorPage *self);
/* The state shown for REFERENCE, or -1 if it is not listed. */
int         sewa_operator_page_get_application_state (SewaOperatorPage *self, const char *reference);
/* The row's button for ACTION ("op.reprint", "op.retry", "op.details"), or NULL. */
GtkWidget  *sewa_operator_page_get_row_button (SewaOperatorPage *self, const char *reference,
                                               const char *action);

void        sewa_operator_page_set_result (SewaOperatorPage *self, const char *text, gboolean problem);
const char *sewa_operator_page_get_result (SewaOperatorPage *self);
void        sewa_operator_page_set_details (SewaOperatorPage *self, const char *text);
const char *sewa_operator_page_get_details (SewaOperatorPage *self);

void        sewa_operator_page_set_printer_state (SewaOperatorPage *self, const char *state,
                                                  const char *alerts, gboolean problem);
const char *sewa_operator_page_get_printer_state (SewaOperatorPage *self);
const char *sewa_operator_page_get_printer_alerts (SewaOperatorPage *self);
void        sewa_operator_page_set_printer_result (SewaOperatorPage *self, const char *text,
                                                   gboolean problem);
const char *sewa_operator_page_get_printer_result (SewaOperatorPage *self);

/* The diagnostics tab: one fact per line (disk, queue, portal, alerts) and the recent log. */
void        sewa_operator_page_set_diagnostics (SewaOperatorPage *self, const char *facts,
                                                const char *log_lines);

/* The Health tab's camera test: the photo (JPEG; NULL hides the preview) and what it says. */
void        sewa_operator_page_set_camera_test (SewaOperatorPage *self, GBytes *jpeg,
                                                const char *text, gboolean problem);

/* The Counter tab (#18): find an application by reference, take its fee in cash or confirm a
 * UPI payment, cancel one not yet sent, close the day. @field: "reference", "tendered", "utr",
 * "reason" or "counted" (the cash in the drawer at the day close). */
const char *sewa_operator_page_get_counter_text (SewaOperatorPage *self, const char *field);
void        sewa_operator_page_set_counter_found (SewaOperatorPage *self, const char *text);
void        sewa_operator_page_set_counter_result (SewaOperatorPage *self, const char *text,
                                                   gboolean problem);
/* Adds a line to the result shown (a later problem with what the result was about, e.g. its
 * slip did not print), marked as a problem, keeping what was said before. */
void sewa_operator_page_add_counter_problem (SewaOperatorPage *self, const char *text);
void        sewa_operator_page_clear_counter_inputs (SewaOperatorPage *self);

/* The applications a search by mobile found (#18): one button each, labelled @labels[i], that
 * activates op.counter-pick with @references[i]; NULL or empty hides the list. */
void        sewa_operator_page_set_counter_matches (SewaOperatorPage *self,
                                                    const char *const *references,
                                                    const char *const *labels);

/* The day close's lines (#18): what the drawer should hold and the difference of the count
 * typed; NULL leaves a line as it is. @problem marks the difference (cash missing or over). */
void        sewa_operator_page_set_counter_day (SewaOperatorPage *self, const char *summary,
                                                const char *difference, gboolean problem);

G_END_DECLS
