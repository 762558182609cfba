/* sewa-journey.h — a citizen's whole application through the real screen (sewa-fingers.h),
 * with the kiosk's real peers: portal-sim (enrolled or not), CUPS's ippeveprinter and the
 * libgphoto2 Directory Browse camera. Shared by the test-ui-journey-*.c files. */
#pragma once

#include "sewa-fingers.h"
#include "sewa-lang.h"
#include "sewa-catalog.h"

G_BEGIN_DECLS

/* The name typed into every name field with short_answers set. */
#define SEWA_JOURNEY_SHORT_NAME_PA "ਰਾਮ"
#define SEWA_JOURNEY_SHORT_NAME_HI "राम"
#define SEWA_JOURNEY_SHORT_NAME_EN "ram"

typedef struct _SewaJourney
{
  SewaFingers *f;
  struct _SewaJourneySim *sim; /* NULL: never enrolled */
  char *home;
  char *state_dir;
  SewaLang lang;
  char *service_id;
  char *name;
  char *photos;
  char *printer_uri;
  gboolean animations; /* keep GTK's animations (the bench) */
  GHashTable *chosen_types; /* document id → the type tapped on the "which document" screen */
  const char *mobile;  /* when set, sewa_journey_to_documents verifies it by OTP on the identify
                        * step instead of going on unverified */
  gboolean quick;     /* sewa_journey_check() does nothing: a test about a later step goes
                      * through the earlier ones, which the journeys check, without
                      * checking and photographing each again */
  gboolean short_answers; /* names and texts typed as one short word (SEWA_JOURNEY_SHORT_NAME_*):
                          * a test about a later step spends its time there, not typing */
  gboolean identify_seen;    /* the last journey passed the identify step */
  gboolean identify_offline; /* ... and it said the portal could not be reached */
  gboolean keep_filled;      /* sewa_journey_fill_form leaves a text field that already shows a
                              * value (prefilled, e.g. from an Aadhaar QR) as it is */
  /* When set, sewa_journey_fill_form calls it with the screen as each section opens, before
   * anything is typed there (to check what a prefill put on it). */
  void (*on_section) (struct _SewaJourney *j, JsonObject *state, gpointer data);
  gpointer on_section_data;
  const char *const *kiosk_args; /* more kiosk arguments for sewa_journey_launch, or NULL */
  gboolean lockdown_rounds; /* a lockdown round (sewa_journey_lockdown_round) on each screen the
                             * journey passes that tests/ui/test-ui-lockdown.c does not walk:
                             * identify, consent, doctype, review and done */
  /* When set, sewa_journey_check calls it after each screen's layout check, with the step's
   * label ("<step>-<lang>"): a test of every screen the journey reaches (contrast, display
   * modes) without walking them again. */
  void (*on_check) (struct _SewaJourney *j, const char *label, gpointer data);
  gpointer on_check_data;
  gboolean from_start; /* sewa_journey_to_apply begins on the start screen, already open (an
                        * assisted application, begun from operator mode), not on home */
} SewaJourney;

/* Starts the peers (portal-sim only if @enrol, and the kiosk enrolled with it) and the kiosk. */
SewaJourney *sewa_journey_start (const char *name, gboolean enrol, const char *extra_config);
/* The same in two steps, to prepare the kiosk's state (j->state_dir) before it starts. */
SewaJourney *sewa_journey_new (const char *name, gboolean enrol);
void         sewa_journey_launch (SewaJourney *j, const char *extra_config);
void         sewa_journey_free (SewaJourney *j);
/* The portal goes away (the link is down) / comes back as the same portal. */
void         sewa_journey_portal_stop (SewaJourney *j);
void         sewa_journey_portal_start (SewaJourney *j);
/* Applications the portal holds, and whether none is held twice. */
gint64       sewa_journey_portal_count (SewaJourney *j);

/* The ARN the portal gave the application with @reference, once the kiosk's sync engine has
 * stored it (`kioskctl queue show`); fails the test after @timeout_s. */
char        *sewa_journey_wait_arn (SewaJourney *j, const char *reference, guint timeout_s);
/* The documents of the application the portal stored under @arn (its body's "documents"). */
JsonArray   *sewa_journey_portal_documents (SewaJourney *j, const char *arn);
/* An admin request to the journey's portal-sim (docs/portal-api.md §9); the JSON answer. */
JsonObject  *sewa_journey_portal_admin (SewaJourney *j, const char *method, const char *path,
                                        const char *body) G_GNUC_WARN_UNUSED_RESULT;
/* On the identify step: types @mobile on the keypad and asks for a code; returns when the code
 * step shows. */
void         sewa_journey_request_code (SewaJourney *j, const char *mobile);
/* The code the portal sent to @mobile last (portal-sim's /admin/otps). */
char        *sewa_journey_portal_code (SewaJourney *j, const char *mobile) G_GNUC_WARN_UNUSED_RESULT;
/* Types @code on the keypad and presses Enter (the code step's Verify). */
void         sewa_journey_enter_code (SewaJourney *j, const char *code);

/* A photo of @payload's QR code on a light table (as the camera sees a card or receipt held
 * flat), written into the camera's folder as @file_name (an upper-case .JPG name). The
 * camera hands out the folder's photos in name order, one per capture, round and round. */
void         sewa_journey_put_code_photo (SewaJourney *j, const char *file_name, const char *payload);

/* The catalog the kiosk under test loads (data/catalog/catalog.json), for labels and forms. */
SewaCatalog *sewa_journey_catalog (void);
/* Translation of the kiosk's own UI text in @lang (po/). */
const char  *sewa_journey_tr (SewaLang lang, const char *msgid);

/* Home → language → start → search typed on the keyboard → service → form filled key by key
 * on the keyboard; leaves the citizen on the documents screen. Layout checked on each screen. */
void         sewa_journey_to_documents (SewaJourney *j, SewaLang lang, const char *service_id,
                                        const char *query);
/* The same in two halves: up to the service's Apply tapped (the identify step or the form
 * comes next), and the form filled from its first section to the documents screen. */
void         sewa_journey_to_apply (SewaJourney *j, SewaLang lang, const char *service_id,
                                    const char *query);
void         sewa_journey_fill_form (SewaJourney *j);  /* ends on documents or consent */
/* Photographs the document @doc_id (catalog documents[].id), from the documents screen back to it. */
void         sewa_journey_capture_document (SewaJourney *j, const char *doc_id);
/* Photographs every required document (skipping @skip_doc, or none if NULL). */
void         sewa_journey_capture_documents (SewaJourney *j, const char *skip_doc);
/* From the documents screen, taps Review and waits for the review; checks its layout (the
 * keyboard closed; the check keeps the screenshot). */
void         sewa_journey_to_review (SewaJourney *j);
/* Through the review (sewa_journey_to_review()), taps Submit and waits for the done screen;
 * returns the reference shown. */
char        *sewa_journey_submit (SewaJourney *j) G_GNUC_WARN_UNUSED_RESULT;
/* The language-tap → … → reference whole, with the receipt checked on the printer. */
char        *sewa_journey_apply (SewaJourney *j, SewaLang lang, const char *service_id,
                                 const char *query) G_GNUC_WARN_UNUSED_RESULT;
void         sewa_journey_check (SewaJourney *j, const char *label);
/* Lockdown with real input on the screen as it is: Alt+F4, Ctrl+Q, Ctrl+W, Super, the
 * inspector's keys, Shift+F10, Menu, Ctrl+V, Ctrl+., a close request, a wedge burst of control
 * characters, right and middle clicks and a long press on @field (a selector, or NULL: the
 * first widget). Fails unless the kiosk is alive on the same screen, with the same text in its
 * fields and no other surface open. */
void         sewa_journey_lockdown_round (SewaJourney *j, const char *label, const char *field);
/* A generated document page of type @code, in @lang, for test person @person
 * (tests/sewa-test-docs.c), photographed on the stand, put in the camera's folder as @file_name
 * (the camera hands out its photos in name order). Needs SEWA_MAKE_DOC in the environment and
 * "[camera] stand-scale=8.287" in the kiosk's configuration. */
void         sewa_journey_put_document_photo (SewaJourney *j, const char *code, SewaLang lang, guint person,
                                              const char *file_name);
/* The same with @number (or NULL) printed on the page, as a card carries its number. */
void         sewa_journey_put_numbered_document_photo (SewaJourney *j, const char *code, SewaLang lang,
                                                       guint person, const char *number,
                                                       const char *file_name);
/* The Aadhaar number the journeys type into an Aadhaar field (a valid check digit). */
char        *sewa_journey_aadhaar (void);
/* Photographs document @doc_id as a card of type @code (chosen on "Which document did you
 * bring?"): its front and its back, the camera's next two photos. Ends on the documents screen. */
void         sewa_journey_capture_card (SewaJourney *j, const char *doc_id, const char *code);

/* The operator's PIN @pin as configuration text for sewa_journey_launch (hashed by `kioskctl
 * operator set-pin`, as an installer would). */
/* @digits tapped on the operator's PIN pad, then its OK key. */
void         sewa_journey_tap_pin (SewaJourney *j, const char *digits);
char        *sewa_journey_operator_pin_config (SewaJourney *j, const char *pin) G_GNUC_WARN_UNUSED_RESULT;
/* From home: the emblem held until the PIN pad shows (checked: sewa_journey_check), a wrong PIN
 * tapped and its message shown (checked), then @pin tapped on the pad and its OK; returns with
 * operator mode open. */
void         sewa_journey_open_operator_mode (SewaJourney *j, const char *pin);
/* Every tab of operator mode in j->lang (its language button tapped first), each checked with
 * sewa_journey_check: Queue, Counter (also with the keyboard up, and its day close refused for
 * want of a count), Printer and Health; then Exit, back to home. */
void         sewa_journey_operator_walk (SewaJourney *j);

/* From the start screen, in j->lang: "Check application status", the camera's screen checked
 * (sewa_journey_check), "Type the reference number instead", @reference typed on the keyboard
 * (checked), Check, and the application's status shown (checked); stays on that screen. */
void         sewa_journey_status_lookup (SewaJourney *j, const char *reference);

G_END_DECLS
