/* sewa-window-private.h — what the window's flows share. The window is split by concern:
 * sewa-window.c (screens, language, session), sewa-window-catalog.c (find a service, fill its
 * form), sewa-window-submit.c (documents, fee, submit, receipt), sewa-window-scan.c (QR codes:
 * Aadhaar autofill, status lookup, keyboard-wedge scanners) — each flow installs its own
 * actions and wipes its own session data. */
#pragma once

#include "sewa-window.h"
#include "screens/home/sewa-home-page.h"
#include "sewa-aadhaar.h"
#include "sewa-portal-probe.h"
#include "sewa-prescrutiny.h"
#include "sewa-receipt.h"
#include "sewa-wedge-scanner.h"
#include "sewa-ocr.h"

G_BEGIN_DECLS

struct _SewaWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  GtkStack *stack;
  GtkButton *start_over_button;
  GtkLabel *listen_label;
  GtkWidget *top_bar;
  SewaHomePage *home_page;
  GtkLabel *sync_label;
  GtkWidget *confirm_overlay;
  GtkLabel *confirm_title;
  GtkLabel *confirm_text;
  GtkButton *confirm_keep_button;
  GtkButton *confirm_discard_button;
  GtkWidget *idle_overlay;
  GtkLabel *idle_title;
  GtkLabel *idle_countdown;
  GtkLabel *idle_text;
  GtkButton *idle_continue_button;

  /* Owned references */
  SewaApplication *app; /* weak: the application outlives its window */
  SewaSession *session;
  gulong session_ended_id;
  gboolean first_frame_seen;
  gulong sync_status_id;
  SewaSyncStatus *sync_status;   /* the engine's last snapshot, or NULL (not enrolled) */
  gulong after_paint_id;

  /* Catalog flow (sewa-window-catalog.c) */
  SewaFormValues *draft;   /* the citizen's form values; wiped when the session ends */
  char *service_id;        /* the service being applied for */
  GHashTable *draft_prefill; /* field id → value the kiosk put in the draft, not the citizen */

  /* Identity flow (sewa-window-identity.c) */
  char *identify_service_id; /* the service whose form follows the identify step */
  char *otp_mobile;          /* the number a code was asked for; wiped */
  char *otp_id;              /* the portal's id of the code in flight */
  char *aadhaar_mobile;      /* the number typed before "Fill from Aadhaar QR"; wiped */
  guint otp_length;
  guint lookup_timeout;      /* source: the form opens even if the portal is slow to answer */

  /* Submit flow (sewa-window-submit.c) */
  GHashTable *documents;   /* document id → GPtrArray of GBytes pages (processed JPEGs) */
  GHashTable *doc_types;   /* document id → the type code the citizen said they brought */
  char *capture_type;      /* the type chosen for the capture under way: it becomes the
                            * document's only when pages are kept, so a choice abandoned
                            * (Back) leaves the pages already kept filed as they were */
  char *last_reference;    /* reference of the application just submitted */
  gboolean submitting;     /* a commit is in flight: one tap, one application */
  gboolean reviewing;      /* the review was shown: the form's last step returns to it */
  GCancellable *print_cancellable;

  /* Scan flow (sewa-window-scan.c) */
  SewaWedgeScanner *wedge;    /* USB scanners that type: bursts become scans */
  SewaAadhaarKey *uidai_key;  /* UIDAI's public key (not citizen data), loaded on first use */
  gboolean uidai_key_tried;
  /* Confirmations and the idle warning (sewa-window-guard.c) */
  guint idle_tick_id;      /* counts the warning down on screen */
  gulong idle_warning_id;
  gulong idle_resumed_id;

  /* Operator flow (sewa-window-operator.c) */
  GSimpleActionGroup *op_actions; /* op.*: enabled only while operator mode is open */
  SewaLang op_lang;               /* the operator's language */
  gboolean op_active;             /* the PIN pad or the operator screen is up */
  gboolean op_open;               /* the PIN was accepted */
  guint op_idle_id;
  guint op_failures;              /* wrong PINs in a row (kept across visits to the pad) */
  gint64 op_locked_until;         /* monotonic µs; the pad refuses PINs until then */
  guint op_lock_tick_id;
  gint64 (*op_lock_clock) (gpointer data); /* tests only: the PIN locks' clock, else monotonic */
  gpointer op_lock_clock_data;
  guint op_verify_serial;         /* drops answers for a pad that is gone */
  GCancellable *op_cancellable;   /* store reads and printer queries of this visit */
  GError *op_last_print_error;
  guint op_queue_loads;
  guint op_prints_done;
  guint op_reset_unsent;          /* unsent applications the factory reset would delete */
  guint op_reset_step;            /* confirmations given so far (0 = no reset under way) */
  gboolean op_pin_for_technician; /* the pad up now asks for the technician's PIN */
  gboolean op_probing;            /* the portal check (link, TLS pin, clock) is under way */
  SewaPortalProbe *op_probe;      /* its last verdict, or NULL before one */
  char *op_current_id;            /* the operator whose PIN opened operator mode, or NULL */
  GHashTable *op_locks;           /* operator id ("" for the technician's PIN) -> its wrong-PIN
                                   * count and lock (SewaPinLock): one operator locked out does
                                   * not lock the others */

  /* Document checks, run while the citizen goes on (sewa-window-prescrutiny.c) */
  SewaOcrWorker *ocr_worker;        /* one OCR thread for the window's life, made on first use */
  GHashTable *doc_checks;           /* document id → SewaDocCheck (PENDING until its answer) */
  GHashTable *doc_check_serials;    /* document id → serial of the check that counts */
  GCancellable *doc_check_cancellable; /* this session's checks */
  GArray *doc_check_waiters;        /* of callbacks for "all checks done" */
  guint doc_check_serial;
  guint doc_checks_pending;         /* queued or running, not yet answered */
  gint64 doc_checks_last_queued;    /* monotonic µs: the last document kept */
  gint64 doc_checks_review_wait_ms; /* how long Submit waited for them */
  gint64 doc_checks_review_budget_ms; /* time from the last document kept to Submit */

  /* Operator mode's Counter tab (sewa-window-counter.c) */
  char *counter_reference;        /* the application found, or NULL */
  int counter_fee;                /* its SewaFeeStatus, -1 when cancelled or none found */
  gint64 counter_amount_paise;    /* its fee */

  /* Pre-scrutiny (#17, sewa-window-report.c): an instant service's receipt waits, while
   * online, for the portal's decision (or until the timeout), so it can say "Approved". */
  SewaReceiptData *pending_receipt;
  guint pending_receipt_timeout_id;

  /* Display modes (sewa-window-display.c) */
  GtkWidget *display_button;
  GtkWidget *title_label;      /* the centre's name, in the top bar */
  GtkLabel *display_label;
  GtkPopover *display_popover;
  GtkToggleButton *display_large_text;
  GtkToggleButton *display_high_contrast;
  GtkCssProvider *display_large_css;    /* on the display while bigger text is on */
  GtkCssProvider *display_contrast_css; /* on the display while high contrast is on */
  gboolean display_quiet;               /* the session's end turns the modes off unspoken */

  /* Language mid-journey (sewa-window.c) */
  GtkWidget *lang_button;
  GtkLabel *lang_label;
  GtkPopover *lang_popover;
  /* While a language switch rebuilds the screens, sewa_window_replace_screen puts each new one
   * in its old one's place without showing it (sewa_window_swap_screen). */
  gboolean lang_switching;
  char *doctype_req_id;         /* the requirement the "Which document is it?" screen is for */
  gboolean consent_before_form; /* the consent screen shows the details on file (before the form) */
  /* The Counter tab's day close (sewa-window-counter.c): the cash the store expects today, read
   * when the tab is shown and after each payment; the difference is shown as the count is typed. */
  gint64 counter_expected_paise;
  gboolean counter_expected_known;
  /* Submit waiting, bounded, for document checks still running (sewa-window-submit.c) */
  guint submit_wait_tick_id;   /* source: the progress shown and the bound, while waiting */
  guint submit_wait_serial;    /* tells this wait's "checks done" from an abandoned one's */
  guint submit_wait_total;     /* checks pending when Submit was tapped */
  gint64 submit_wait_started;  /* monotonic µs Submit was tapped, or 0 when not waiting */
  gint64 submit_wait_bound_ms; /* the longest it waits: the OCR deadline of each read still to come */
  /* Document checks, for bench/review-wait (sewa-window-prescrutiny.c) */
  gint64 doc_checks_idle_at;   /* monotonic µs: the last check of the session answered */
};

void sewa_window_update_chrome (SewaWindow *self);
void sewa_window_sync_attach (SewaWindow *self);
void sewa_window_scan_open_provisioning (SewaWindow *self);
/* The scan screen for an Aadhaar QR, its "Back" returning to the identify step. */
void sewa_window_scan_open_identify (SewaWindow *self);
void sewa_window_show_start_notice (SewaWindow *self, const char *text);
void sewa_window_replace_screen (SewaWindow *self, const char *name, GtkWidget *screen);
/* Puts @screen in the place of the screen named @name (if any) without showing it, unless the
 * old one was the one shown: a language switch rebuilds screens the citizen may go back to. */
void sewa_window_swap_screen (SewaWindow *self, const char *name, GtkWidget *screen);

void sewa_window_catalog_class_init (GtkWidgetClass *widget_class);
void sewa_window_catalog_clear (SewaWindow *self);
gboolean sewa_window_catalog_draft_touched (SewaWindow *self);
void sewa_window_catalog_lift_guesses (SewaWindow *self);
void sewa_window_catalog_restore_guesses (SewaWindow *self);
gboolean sewa_window_catalog_open_form (SewaWindow *self, const char *service_id);
gboolean sewa_window_catalog_open_form_with (SewaWindow *self, const char *service_id,
                                             const SewaFormValues *values);
void sewa_window_identity_class_init (GtkWidgetClass *widget_class);
void sewa_window_identity_clear (SewaWindow *self);
gboolean sewa_window_identity_wanted (SewaWindow *self);
void sewa_window_identity_begin (SewaWindow *self, SewaService *service);
GHashTable *sewa_window_identity_on_file (SewaWindow *self, SewaService *service);
gboolean sewa_window_identity_ask_consent (SewaWindow *self, SewaService *service);
/* An Aadhaar QR was read on the scan screen opened from the identify step: leaves the step
 * for the service's form. FALSE when there is no identify step to leave (or no form). */
gboolean sewa_window_identity_aadhaar_read (SewaWindow *self);
/* The mobile number typed on the identify step before its Aadhaar QR was read (owned, to be
 * wiped by the caller), or NULL. */
char *sewa_window_identity_take_aadhaar_mobile (SewaWindow *self) G_GNUC_WARN_UNUSED_RESULT;
void sewa_window_submit_show_documents (SewaWindow *self);
void sewa_window_submit_class_init (GtkWidgetClass *widget_class);
void sewa_window_submit_clear (SewaWindow *self);
/* After a language switch: the documents and review screens, if open, rebuilt in the new
 * language from the kept documents and draft. */
void sewa_window_submit_relabel (SewaWindow *self);
/* After a language switch: the identify screen (on its mobile step) and the consent question,
 * if open, rebuilt in the new language from the kept state. */
void sewa_window_identity_relabel (SewaWindow *self);
void sewa_window_scan_class_init (GtkWidgetClass *widget_class);
void sewa_window_scan_init (SewaWindow *self);
void sewa_window_scan_clear (SewaWindow *self);
void sewa_window_scan_dispose (SewaWindow *self);

/* Spoken guidance (sewa-window-voice.c). */
void sewa_window_voice_class_init (GtkWidgetClass *widget_class);
void sewa_window_voice_init (SewaWindow *self);
void sewa_window_voice_speak_screen (SewaWindow *self);
/* @date as a voice says it in the current language: "7 December 2026". */
char *sewa_window_voice_date (const GDate *date);
/* Confirmations and the idle warning (sewa-window-guard.c). */
void sewa_window_guard_class_init (GtkWidgetClass *widget_class);
void sewa_window_guard_init (SewaWindow *self);
void sewa_window_guard_clear (SewaWindow *self);
void sewa_window_guard_dispose (SewaWindow *self);
void sewa_window_operator_class_init (GtkWidgetClass *widget_class);
void sewa_window_operator_init (SewaWindow *self);
void sewa_window_operator_clear (SewaWindow *self);
void sewa_window_operator_dispose (SewaWindow *self);
void sewa_window_operator_touch (SewaWindow *self);
/* The id of the operator whose PIN opened operator mode (kiosk/sewa-config.h
 * SewaConfigOperator), NULL when operator mode is not open. Audit entries and payments carry
 * it. */
const char *sewa_window_operator_current_id (SewaWindow *self);
/* Starts the citizen journey on the citizen's behalf (#18): a session in @lang whose
 * application records @operator_id as assisted_by. Operator mode must be left first. */
void sewa_window_begin_assisted (SewaWindow *self, SewaLang lang, const char *operator_id);
/* Prints today's summary (as the Print summary button does) with the day close's cash lines:
 * what the store expected and what the operator counted (#18). */
void sewa_window_operator_print_day_close (SewaWindow *self, gint64 expected_paise,
                                           gint64 counted_paise);

/* Document checks (sewa-window-prescrutiny.c). */
typedef void (*SewaWindowDocChecksFunc) (SewaWindow *self, gpointer user_data);
/* Queues the check of a document whose pages were just kept (again: the older check is
 * dropped). @pages is the GPtrArray of GBytes kept in self->documents. */
void sewa_window_prescrutiny_queue (SewaWindow *self, const char *doc_id, const char *type, GPtrArray *pages);
/* The document's check (PENDING while it runs); SKIPPED for a document going from the
 * citizen's vault (never checked: the portal verified it); NULL for one with no pages yet.
 * Borrowed: valid until the document is checked again or the session ends. */
SewaDocCheck *sewa_window_doc_check_lookup (SewaWindow *self, const char *doc_id);
guint sewa_window_doc_checks_pending (SewaWindow *self);
/* The pages of the documents whose check is still pending (at least one a check). */
guint sewa_window_doc_checks_pending_pages (SewaWindow *self);
/* Calls @func once no check is pending: at once when none is, else on the main loop when the
 * last one answers. Not called when the session ends first. */
void sewa_window_doc_checks_when_done (SewaWindow *self, SewaWindowDocChecksFunc func, gpointer user_data);
/* The review screen opened: forgets the previous review's wait. */
void sewa_window_doc_checks_review_opened (SewaWindow *self);
/* The application goes: Submit was tapped at @tapped (monotonic µs) and it is sent now.
 * Records the wait the citizen had for pending checks and the budget the checks had (from the
 * last document kept to the tap). */
void sewa_window_doc_checks_submitted (SewaWindow *self, gint64 tapped);
/* The wait the last Submit had for pending checks, in ms (0 when they were done), and the
 * budget they had. */
gint64 sewa_window_doc_checks_review_wait_ms (SewaWindow *self, gint64 *budget_ms);
/* How long the checks still ran after the last document was kept, in ms: the part of the
 * review's budget they used (more than the budget when the review waited); -1 while one is
 * still running or none ran. */
gint64 sewa_window_doc_checks_busy_ms (SewaWindow *self);
void sewa_window_prescrutiny_clear (SewaWindow *self);
void sewa_window_prescrutiny_dispose (SewaWindow *self);
/* The Counter tab's op.counter-* actions (sewa-window-counter.c). */
void sewa_window_counter_add_actions (SewaWindow *self, GActionMap *map);
void sewa_window_counter_clear (SewaWindow *self);
/* Prints a payment slip (rendered by the Counter tab) and audits it (sewa-window-operator.c). */
void sewa_window_operator_print_slip (SewaWindow *self, const char *reference, GBytes *pdf);

/* Pre-scrutiny (#17, sewa-window-report.c). The report of the application being made: form, documents scanned or on file, their checks,
 * and whether the citizen's identity was verified this visit. */
SewaPrescrutiny *sewa_window_prescrutiny_build (SewaWindow *self, SewaService *service)
  G_GNUC_WARN_UNUSED_RESULT;
/* The done screen's line about an instant service's decision, from the store; prints a receipt
 * that waited for it. */
void sewa_window_prescrutiny_update_done (SewaWindow *self);
/* Prints the receipt of the application just submitted, or, for an instant service while the
 * portal is reachable, holds it until the decision is back (at most a few seconds). Takes
 * @receipt. */
void sewa_window_prescrutiny_print_receipt (SewaWindow *self, SewaReceiptData *receipt);
void sewa_window_report_clear (SewaWindow *self);
/* Renders and prints @receipt (sewa-window-submit.c). */
void sewa_window_submit_print_receipt (SewaWindow *self, const SewaReceiptData *receipt);
/* The type a document slot's pages are filed under (sewa-window-submit.c), or NULL. */
const char *sewa_window_submit_document_type (SewaWindow *self, const SewaDocumentRequirement *req);
/* Display modes (sewa-window-display.c): bigger text and high contrast, per session. */
void sewa_window_display_class_init (GtkWidgetClass *widget_class);
void sewa_window_display_update_chrome (SewaWindow *self);
void sewa_window_display_reset (SewaWindow *self);
void sewa_window_display_dispose (SewaWindow *self);

/* ui/sewa-window-correct.c: "Correct" on the Counter tab (#18). */
void sewa_window_correct_add_actions (SewaWindow *self, GActionMap *map);
/* Leaves operator mode for a correction of @reference, begun as an assisted application. */
void sewa_window_operator_begin_correction (SewaWindow *self, SewaLang lang, const char *reference);

G_END_DECLS
