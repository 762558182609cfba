/* sewa-form-page.h — a service's form, generated from its catalog definition: one section per
 * page, each field with its label, help and error in the citizen's language, "Next" only when
 * the page is valid. Values live in a SewaFormValues the caller owns (the session's draft). */
#pragma once

#include <adwaita.h>
#include "sewa-catalog.h"
#include "sewa-form.h"

G_BEGIN_DECLS

#define SEWA_TYPE_FORM_PAGE (sewa_form_page_get_type ())
G_DECLARE_FINAL_TYPE (SewaFormPage, sewa_form_page, SEWA, FORM_PAGE, AdwBin)

GtkWidget   *sewa_form_page_new (SewaService *service, SewaFormValues *values, SewaLang lang);
guint        sewa_form_page_get_section (SewaFormPage *self);
guint        sewa_form_page_get_n_sections (SewaFormPage *self);
void         sewa_form_page_set_section (SewaFormPage *self, guint index);
gboolean     sewa_form_page_can_continue (SewaFormPage *self);
void         sewa_form_page_set_today (SewaFormPage *self, const GDate *today);
/* Rebuilds the current section from the values (after they were filled from elsewhere). */
void         sewa_form_page_reload (SewaFormPage *self);
/* A line under the section title (e.g. what was filled from Aadhaar); NULL hides it. It goes
 * away when the citizen moves to another section. */
void         sewa_form_page_show_notice (SewaFormPage *self, const char *text, gboolean problem);
const char  *sewa_form_page_get_notice (SewaFormPage *self);
/* Marks @field_ids (filled from the citizen's earlier application) so each says "From your
 * earlier application — check it" until the citizen changes it. */
void         sewa_form_page_mark_from_earlier (SewaFormPage *self, const char *const *field_ids);
/* The ids still marked (not changed since), for a page rebuilt in another language. */
GStrv        sewa_form_page_get_marked_earlier (SewaFormPage *self) G_GNUC_WARN_UNUSED_RESULT;

/* For tests and the operator: the input widget and the error label of a field. */
GtkWidget   *sewa_form_page_get_input (SewaFormPage *self, const char *field_id);
const char  *sewa_form_page_get_error (SewaFormPage *self, const char *field_id);
gboolean     sewa_form_page_field_shown (SewaFormPage *self, const char *field_id);
GtkWidget   *sewa_form_page_get_next_button (SewaFormPage *self);
/* Coming from the review: "Back to review" (win.form-complete) is shown next to Next, so a
 * changed answer returns to the review without walking through the remaining pages. */
void         sewa_form_page_set_review_return (SewaFormPage *self, gboolean shown);
/* Puts the cursor in FIELD_ID's input (on the current section), e.g. the answer to change,
 * with the keyboard open on it when the answer is typed. */
void         sewa_form_page_focus_field (SewaFormPage *self, const char *field_id);

G_END_DECLS
