/* sewa-journey.h — a citizen's whole application through the real screen (sewa-fingers.h),
 * with the kiosk's real peers: portal-sim (enrolled or not), CUPS's ippeveprinter and the
 * libgphoto2 Directory Browse camera. Shared by the test-ui-journey-*.c files. */
#pragma once

#include "sewa-fingers.h"
#include "sewa-lang.h"

G_BEGIN_DECLS

typedef struct
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

/* Translation of the kiosk's own UI text in @lang (po/). */
const char  *sewa_journey_tr (SewaLang lang, const char *msgid);

/* Home → language → start → search typed on the keyboard → service → form filled key by key
 * on the keyboard; leaves the citizen on the documents screen. Layout checked on each screen. */
void         sewa_journey_to_documents (SewaJourney *j, SewaLang lang, const char *service_id,
                                        const char *query);
/* Photographs every required document (skipping @skip_doc, or none if NULL). */
void         sewa_journey_capture_documents (SewaJourney *j, const char *skip_doc);
/* Taps Submit and waits for the done screen; returns the reference shown. */
char        *sewa_journey_submit (SewaJourney *j) G_GNUC_WARN_UNUSED_RESULT;
/* The language-tap → … → reference whole, with the receipt checked on the printer. */
char        *sewa_journey_apply (SewaJourney *j, SewaLang lang, const char *service_id,
                                 const char *query) G_GNUC_WARN_UNUSED_RESULT;
void         sewa_journey_check (SewaJourney *j, const char *label);

G_END_DECLS
