/* sewa-form-page.c — field widgets by type, live validation, show-if, section navigation.
 *
 * Each field is one row: label, optional help, the input, and an error line that appears only
 * once the citizen has typed something wrong (an empty required field blocks "Next" but is
 * not shouted at before they get to it). Aadhaar digits are checked and replaced by their
 * masked form the moment they are complete, so the full number lives only as long as typing.
 */
#include "sewa-form-page.h"
#include "sewa-a11y.h"
#include "sewa-district.h"
#include "sewa-keep-in-view.h"
#include "sewa-osk.h"
#include "sewa-validate.h"

#include <glib/gi18n.h>
#include <string.h>

typedef struct
{
  SewaFormPage *page;             /* weak: rows live inside the page */
  const SewaFormField *field;     /* borrowed from the service's form */
  GtkWidget *row;
  GtkWidget *input;               /* held until the row is freed */
  GtkWidget *caption;             /* the field's label above the input (consent: its own) */
  GtkLabel *error;
  GtkWidget *earlier;             /* "From your earlier application — check it", or NULL */
  GPtrArray *choice_values;       /* select/district: value per dropdown position (0 = none) */
  SewaFieldError last_code;
  GtkEventController *focus;      /* an entry's focus controller (held), or NULL */
} FieldRow;

struct _SewaFormPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *service_name;
  GtkLabel *section_title;
  GtkLabel *step;
  GtkBox *fields_box;
  GtkButton *back_button;
  GtkButton *next_button;
  GtkButton *review_return_button;
  GtkLabel *hint;
  GtkButton *aadhaar_button;
  GtkLabel *notice;
  SewaOsk *osk;
  GtkWidget *header_box;
  GtkScrolledWindow *scroller;
  GtkWidget *nav_box;

  /* Owned references */
  SewaService *service;
  SewaFormValues *values; /* borrowed: the session owns the draft */
  SewaLang lang;
  guint section;
  GPtrArray *rows;        /* FieldRow* of the current section */
  FieldRow *focus_row;    /* the row being filled (kept in view), or NULL; one of rows */
  gboolean scroll_to_top; /* a new section: shown from its first field */
  GDate today;
  gboolean updating;      /* guards against our own set_text re-entering "changed" */
  SewaAfterLayout keep;   /* keep_in_view_now after the frame's layout */
  GHashTable *earlier;    /* ids of fields filled from an earlier application, not yet changed */
};

G_DEFINE_FINAL_TYPE (SewaFormPage, sewa_form_page, ADW_TYPE_BIN)

static void update_page (SewaFormPage *self);

/* The citizen changed a field filled from an earlier application: it is their answer now, and
 * the mark asking them to check it has done its job. */
static void
unmark_earlier (FieldRow *r)
{
  if (r->earlier == NULL)
    return;
  g_hash_table_remove (r->page->earlier, r->field->id);
  gtk_widget_set_visible (r->earlier, FALSE);
}

static void
field_row_free (gpointer data)
{
  FieldRow *r = data;

  /* A page's rows go when it is rebuilt, but an entry can outlive its row (held by the
   * keyboard or the focus): its handlers must not reach the freed row (ui-catalog saw a
   * focus "leave" after a section was rebuilt). The row holds its input and focus controller
   * until then, so they are there to disconnect. */
  if (r->input != NULL)
    {
      g_signal_handlers_disconnect_by_data (r->input, r);
      g_object_unref (r->input);
    }
  if (r->focus != NULL)
    {
      g_signal_handlers_disconnect_by_data (r->focus, r);
      g_object_unref (r->focus);
    }
  g_clear_pointer (&r->choice_values, g_ptr_array_unref);
  g_free (r);
}

static const SewaForm *
form_of (SewaFormPage *self)
{
  return sewa_service_get_form (self->service);
}

static FieldRow *
find_row (SewaFormPage *self, const char *field_id)
{
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      FieldRow *r = g_ptr_array_index (self->rows, i);
      if (g_str_equal (r->field->id, field_id))
        return r;
    }
  return NULL;
}

/* "XXXXXXXX1234" → "•••• •••• 1234": grouped as on the card, with dots rather than Latin X's
 * so a Punjabi or Hindi screen shows no English letters. */
static char *
aadhaar_display (const char *stored)
{
  if (stored == NULL || strlen (stored) != 12)
    return g_strdup ("");
  return g_strdup_printf ("•••• •••• %s", stored + 8);
}

static gboolean
cursor_to_end (gpointer data)
{
  GtkEditable *editable = data;

  gtk_editable_set_position (editable, -1);
  return G_SOURCE_REMOVE;
}

/* A field that rewrote itself while being typed into (the date's dashes): the keyboard, or
 * GtkText for a hardware key, puts the caret after the inserted text as it was counted before
 * the rewrite, mid-text. Once they are done, the caret goes to the end. */
static void
caret_to_end_after_typing (GtkWidget *entry)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, cursor_to_end, g_object_ref (entry), g_object_unref);
}

static void
set_entry_text (SewaFormPage *self, GtkWidget *entry, const char *text)
{
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  self->updating = FALSE;
}

static void
show_error (FieldRow *r, SewaFieldError code, gboolean visible)
{
  gboolean was_shown = gtk_widget_get_visible (GTK_WIDGET (r->error));
  g_autofree char *was = g_strdup (gtk_label_get_label (r->error));

  r->last_code = code;
  if (code == SEWA_FIELD_OK || !visible)
    {
      gtk_widget_set_visible (GTK_WIDGET (r->error), FALSE);
      sewa_a11y_set_described_by (r->input, NULL);
      return;
    }
  if (code == SEWA_FIELD_ERROR_NUMBER_TOO_LARGE && r->field->has_max)
    {
      /* TRANSLATORS: %s is the largest number the field takes, like 10 */
      g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, r->field->max);
      g_autofree char *text = g_strdup_printf (_("This number is too large: at most %s."), limit);
      gtk_label_set_label (r->error, text);
    }
  else if (code == SEWA_FIELD_ERROR_NUMBER_TOO_SMALL && r->field->has_min)
    {
      /* TRANSLATORS: %s is the smallest number the field takes, like 1 */
      g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, r->field->min);
      g_autofree char *text = g_strdup_printf (_("This number is too small: at least %s."), limit);
      gtk_label_set_label (r->error, text);
    }
  else
    gtk_label_set_label (r->error, _(sewa_field_error_msgid (code)));
  gtk_widget_remove_css_class (GTK_WIDGET (r->error), "field-warning");
  gtk_widget_remove_css_class (GTK_WIDGET (r->error), "field-error");
  gtk_widget_add_css_class (GTK_WIDGET (r->error),
                            sewa_field_error_is_warning (code) ? "field-warning" : "field-error");
  /* The line is an alert: a screen reader says it as it appears (once, not again at every key
   * typed while it stays the same), and the field it belongs to is described by it for as long
   * as it shows. */
  if (!was_shown || g_strcmp0 (was, gtk_label_get_label (r->error)) != 0)
    sewa_a11y_announce (GTK_WIDGET (r->error), gtk_label_get_label (r->error));
  sewa_a11y_set_described_by (r->input, GTK_WIDGET (r->error));
}

static gboolean
widget_has_focus_within (GtkWidget *w)
{
  GtkRoot *root = gtk_widget_get_root (w);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == w || gtk_widget_is_ancestor (focus, w));
}

static void
on_entry_changed (GtkEditable *editable, FieldRow *r)
{
  SewaFormPage *self = r->page;
  const char *text = gtk_editable_get_text (editable);
  SewaFieldError code = SEWA_FIELD_OK;

  if (self->updating)
    return;
  unmark_earlier (r);
  if (r->field->type == SEWA_FIELD_TYPE_AADHAAR)
    {
      g_autofree char *digits = g_strdup (text);
      gsize n = 0;

      for (const char *p = text; *p; p++)
        if (g_ascii_isdigit (*p))
          digits[n++] = *p;
      digits[n] = '\0';
      if (n < 12)
        {
          sewa_form_values_set (self->values, r->field->id, NULL);
          code = n == 0 ? SEWA_FIELD_OK : SEWA_FIELD_ERROR_AADHAAR_LENGTH;
          /* Incomplete while typing is not an error yet. */
          show_error (r, code, FALSE);
        }
      else
        {
          code = sewa_form_values_set_aadhaar (self->values, r->field->id, digits);
          /* While the citizen is typing they see what they typed, to check it against the
           * card; the mask goes on when they leave the field (mask_aadhaar). */
          if (code == SEWA_FIELD_OK && !widget_has_focus_within (GTK_WIDGET (editable)))
            {
              g_autofree char *shown = aadhaar_display (sewa_form_values_get (self->values, r->field->id));
              set_entry_text (self, GTK_WIDGET (editable), shown);
            }
          show_error (r, code, TRUE);
        }
      explicit_bzero (digits, strlen (digits));
    }
  else
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      /* Dates are typed on the numeric pad as 8 digits; show and store them as DD-MM-YYYY. */
      if (r->field->type == SEWA_FIELD_TYPE_DATE && strlen (trimmed) == 8 &&
          strspn (trimmed, "0123456789") == 8)
        {
          g_autofree char *dated = g_strdup_printf ("%.2s-%.2s-%.4s", trimmed, trimmed + 2, trimmed + 4);
          set_entry_text (self, GTK_WIDGET (editable), dated);
          caret_to_end_after_typing (GTK_WIDGET (editable));
          g_free (trimmed);
          trimmed = g_steal_pointer (&dated);
        }
      sewa_form_values_set (self->values, r->field->id, *trimmed ? trimmed : NULL);
      code = sewa_validate_field (r->field, *trimmed ? trimmed : NULL, &self->today);
      /* A required field left empty is not an error to shout about. */
      show_error (r, code, *trimmed != '\0');
    }
  update_page (self);
}

static void
on_dropdown_selected (GtkDropDown *dd, GParamSpec *pspec, FieldRow *r)
{
  guint pos = gtk_drop_down_get_selected (dd);
  const char *value = NULL;

  if (r->page->updating)
    return;
  unmark_earlier (r);
  if (pos != GTK_INVALID_LIST_POSITION && pos < r->choice_values->len)
    value = g_ptr_array_index (r->choice_values, pos);
  sewa_form_values_set (r->page->values, r->field->id, value);
  update_page (r->page);
}

static void
on_yesno_toggled (GtkToggleButton *button, FieldRow *r)
{
  if (r->page->updating || !gtk_toggle_button_get_active (button))
    return;
  sewa_form_values_set (r->page->values, r->field->id,
                        g_object_get_data (G_OBJECT (button), "sewa-value"));
  update_page (r->page);
}

static void
on_consent_toggled (GtkCheckButton *button, FieldRow *r)
{
  if (r->page->updating)
    return;
  sewa_form_values_set (r->page->values, r->field->id,
                        gtk_check_button_get_active (button) ? "yes" : NULL);
  update_page (r->page);
}

/* Keeps the row being filled — its label, input and error line — inside the visible part of
 * the scrolled fields. Row positions inside the fields box do not depend on the scroller's
 * height, so this is right even while the keyboard is changing that height. */
static void
keep_in_view_now (gpointer data)
{
  SewaFormPage *self = data;

  if (self->scroll_to_top && self->focus_row == NULL)
    {
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      return;
    }
  if (self->focus_row != NULL)
    sewa_scroll_into_view (self->scroller, GTK_WIDGET (self->fields_box), self->focus_row->row);
}

/* After the frame's layout, when every row has its new place (the keyboard's height, a row's
 * error line): see SewaAfterLayout. */
static void
keep_in_view (SewaFormPage *self)
{
  sewa_after_layout_request (&self->keep);
}

static void
sewa_form_page_map (GtkWidget *widget)
{
  SewaFormPage *self = SEWA_FORM_PAGE (widget);

  GTK_WIDGET_CLASS (sewa_form_page_parent_class)->map (widget);
  sewa_after_layout_map (&self->keep, widget);
}

static void
sewa_form_page_unmap (GtkWidget *widget)
{
  SewaFormPage *self = SEWA_FORM_PAGE (widget);

  sewa_after_layout_unmap (&self->keep);
  GTK_WIDGET_CLASS (sewa_form_page_parent_class)->unmap (widget);
}

static void
on_scroll_changed (GtkAdjustment *adj, SewaFormPage *self)
{
  keep_in_view (self);
}

/* Leaving a complete Aadhaar field: the digits on screen become the masked form. The full
 * number was never stored (sewa_form_values_set_aadhaar keeps the last four). */
static void
on_focus_leave (GtkEventControllerFocus *controller, FieldRow *r)
{
  const char *stored;

  if (r->field->type != SEWA_FIELD_TYPE_AADHAAR)
    return;
  stored = sewa_form_values_get (r->page->values, r->field->id);
  if (stored != NULL && r->last_code == SEWA_FIELD_OK)
    {
      g_autofree char *shown = aadhaar_display (stored);
      set_entry_text (r->page, r->input, shown);
    }
}

static void
on_focus_enter (GtkEventControllerFocus *controller, FieldRow *r)
{
  r->page->focus_row = r;
  r->page->scroll_to_top = FALSE;
  if (GTK_IS_EDITABLE (r->input))
    sewa_osk_set_target (r->page->osk, GTK_EDITABLE (r->input));
  keep_in_view (r->page);
}

/* With the keyboard up the page keeps only what typing needs: the fields above the keyboard.
 * The heading and the Back/Next bar come back when it goes; meanwhile the keyboard's Enter
 * moves on (see on_entry_activate). */
static void
on_keyboard_shown (GObject *osk, GParamSpec *pspec, SewaFormPage *self)
{
  gboolean typing = gtk_widget_get_visible (GTK_WIDGET (self->osk));

  gtk_widget_set_visible (self->header_box, !typing);
  gtk_widget_set_visible (GTK_WIDGET (self->section_title), !typing);
  gtk_widget_set_visible (self->nav_box, !typing);
}

static void
focus_row (SewaFormPage *self, FieldRow *r)
{
  self->focus_row = r;
  self->scroll_to_top = FALSE;
  if (GTK_IS_ENTRY (r->input))
    {
      sewa_osk_set_target (self->osk, GTK_EDITABLE (r->input));
      gtk_widget_set_visible (GTK_WIDGET (self->osk), TRUE);
    }
  else
    /* Choices are tapped, not typed: the keyboard makes way for them. */
    gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  gtk_widget_grab_focus (r->input);
  keep_in_view (self);
}

/* Enter (the keyboard's ↵ or a hardware key) goes to the next field shown on the page; on the
 * last one it is the page's primary action, Next. If the page is not complete yet the keyboard
 * goes away so the citizen sees what is missing. */
static void
on_entry_activate (GtkEntry *entry, FieldRow *r)
{
  SewaFormPage *self = r->page;
  gboolean after = FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *n = g_ptr_array_index (self->rows, i);

      if (after && gtk_widget_get_visible (n->row))
        {
          focus_row (self, n);
          return;
        }
      if (n == r)
        after = TRUE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  if (sewa_form_page_can_continue (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "form.next", NULL);
}

static GtkInputPurpose
purpose_for (SewaFieldType type)
{
  switch (type)
    {
    case SEWA_FIELD_TYPE_MOBILE: return GTK_INPUT_PURPOSE_PHONE;
    case SEWA_FIELD_TYPE_AADHAAR:
    case SEWA_FIELD_TYPE_PINCODE:
    case SEWA_FIELD_TYPE_DATE: return GTK_INPUT_PURPOSE_DIGITS;
    case SEWA_FIELD_TYPE_NUMBER: return GTK_INPUT_PURPOSE_NUMBER;
    case SEWA_FIELD_TYPE_EMAIL: return GTK_INPUT_PURPOSE_EMAIL;
    case SEWA_FIELD_TYPE_NAME: return GTK_INPUT_PURPOSE_NAME;
    case SEWA_FIELD_TYPE_TEXT:
    case SEWA_FIELD_TYPE_SELECT:
    case SEWA_FIELD_TYPE_DISTRICT:
    case SEWA_FIELD_TYPE_YESNO:
    case SEWA_FIELD_TYPE_CONSENT:
    case SEWA_N_FIELD_TYPES:
    default: return GTK_INPUT_PURPOSE_FREE_FORM;
    }
}

static GtkWidget *
build_entry (SewaFormPage *self, FieldRow *r)
{
  GtkWidget *entry = gtk_entry_new ();
  const char *stored = sewa_form_values_get (self->values, r->field->id);
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose_for (r->field->type));
  if (r->field->type == SEWA_FIELD_TYPE_DATE)
    /* TRANSLATORS: the date format citizens type; keep the digits' order DD-MM-YYYY */
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("DD-MM-YYYY"));
  if (r->field->type == SEWA_FIELD_TYPE_AADHAAR)
    {
      g_autofree char *shown = aadhaar_display (stored);
      set_entry_text (self, entry, shown);
    }
  else
    set_entry_text (self, entry, stored);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), r);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), r);
  g_signal_connect (focus, "enter", G_CALLBACK (on_focus_enter), r);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), r);
  r->focus = g_object_ref (focus);
  gtk_widget_add_controller (entry, focus);
  sewa_osk_attach (self->osk, GTK_EDITABLE (entry));
  gtk_widget_add_css_class (entry, "form-entry");
  return entry;
}

static GtkWidget *
build_dropdown (SewaFormPage *self, FieldRow *r)
{
  GtkStringList *labels = gtk_string_list_new (NULL);
  GtkWidget *dd;
  const char *stored = sewa_form_values_get (self->values, r->field->id);
  guint selected = 0;

  r->choice_values = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (labels, _("Choose…"));
  g_ptr_array_add (r->choice_values, NULL);
  if (r->field->type == SEWA_FIELD_TYPE_DISTRICT)
    {
      guint n = 0;
      const SewaDistrict *d = sewa_districts (&n);

      for (guint i = 0; i < n; i++)
        {
          gtk_string_list_append (labels, sewa_district_name (&d[i], self->lang));
          g_ptr_array_add (r->choice_values, g_strdup (d[i].code));
        }
    }
  else
    for (guint i = 0; r->field->options != NULL && i < r->field->options->len; i++)
      {
        const SewaFormOption *o = g_ptr_array_index (r->field->options, i);

        gtk_string_list_append (labels, sewa_text_get (&o->label, self->lang));
        g_ptr_array_add (r->choice_values, g_strdup (o->value));
      }
  for (guint i = 1; stored != NULL && i < r->choice_values->len; i++)
    if (g_str_equal (g_ptr_array_index (r->choice_values, i), stored))
      selected = i;
  dd = gtk_drop_down_new (G_LIST_MODEL (labels), NULL);
  self->updating = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dd), selected);
  self->updating = FALSE;
  g_signal_connect (dd, "notify::selected", G_CALLBACK (on_dropdown_selected), r);
  gtk_widget_add_css_class (dd, "form-choice");
  return dd;
}

static GtkWidget *
build_yesno (SewaFormPage *self, FieldRow *r)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *yes = gtk_toggle_button_new_with_label (_("Yes"));
  GtkWidget *no = gtk_toggle_button_new_with_label (_("No"));
  const char *stored = sewa_form_values_get (self->values, r->field->id);

  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (no), GTK_TOGGLE_BUTTON (yes));
  g_object_set_data (G_OBJECT (yes), "sewa-value", (gpointer) "yes");
  g_object_set_data (G_OBJECT (no), "sewa-value", (gpointer) "no");
  self->updating = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (yes), g_strcmp0 (stored, "yes") == 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (no), g_strcmp0 (stored, "no") == 0);
  self->updating = FALSE;
  g_signal_connect (yes, "toggled", G_CALLBACK (on_yesno_toggled), r);
  g_signal_connect (no, "toggled", G_CALLBACK (on_yesno_toggled), r);
  gtk_widget_add_css_class (yes, "choice-button");
  gtk_widget_add_css_class (no, "choice-button");
  gtk_box_append (GTK_BOX (box), yes);
  gtk_box_append (GTK_BOX (box), no);
  return box;
}

static GtkWidget *
build_consent (SewaFormPage *self, FieldRow *r)
{
  GtkWidget *check = gtk_check_button_new_with_label (sewa_text_get (&r->field->label, self->lang));
  GtkWidget *label = gtk_widget_get_last_child (check);

  if (GTK_IS_LABEL (label))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
    }
  self->updating = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_strcmp0 (sewa_form_values_get (self->values, r->field->id), "yes") == 0);
  self->updating = FALSE;
  g_signal_connect (check, "toggled", G_CALLBACK (on_consent_toggled), r);
  gtk_widget_add_css_class (check, "consent");
  return check;
}

static FieldRow *
build_row (SewaFormPage *self, const SewaFormField *field)
{
  FieldRow *r = g_new0 (FieldRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *help = sewa_text_get (&field->help, self->lang);

  r->page = self;
  r->field = field;
  r->row = box;
  gtk_widget_add_css_class (box, "field-row");
  if (field->type != SEWA_FIELD_TYPE_CONSENT)
    {
      g_autofree char *text = field->required
                                  ? g_strdup_printf ("%s *", sewa_text_get (&field->label, self->lang))
                                  : g_strdup (sewa_text_get (&field->label, self->lang));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "field-label");
      gtk_box_append (GTK_BOX (box), label);
      r->caption = label;
    }
  if (help != NULL && *help != '\0' && field->help.en != NULL)
    {
      GtkWidget *h = gtk_label_new (help);
      gtk_label_set_xalign (GTK_LABEL (h), 0);
      gtk_label_set_wrap (GTK_LABEL (h), TRUE);
      gtk_widget_add_css_class (h, "field-help");
      gtk_box_append (GTK_BOX (box), h);
    }
  switch (field->type)
    {
    case SEWA_FIELD_TYPE_SELECT:
    case SEWA_FIELD_TYPE_DISTRICT:
      r->input = build_dropdown (self, r);
      break;
    case SEWA_FIELD_TYPE_YESNO:
      r->input = build_yesno (self, r);
      break;
    case SEWA_FIELD_TYPE_CONSENT:
      r->input = build_consent (self, r);
      break;
    case SEWA_FIELD_TYPE_TEXT:
    case SEWA_FIELD_TYPE_NAME:
    case SEWA_FIELD_TYPE_DATE:
    case SEWA_FIELD_TYPE_MOBILE:
    case SEWA_FIELD_TYPE_AADHAAR:
    case SEWA_FIELD_TYPE_PINCODE:
    case SEWA_FIELD_TYPE_EMAIL:
    case SEWA_FIELD_TYPE_NUMBER:
    case SEWA_N_FIELD_TYPES:
    default:
      r->input = build_entry (self, r);
      break;
    }
  g_object_ref_sink (r->input);
  gtk_box_append (GTK_BOX (box), r->input);
  /* A screen reader names the field by its caption, as a sighted citizen reads it. */
  gtk_widget_add_css_class (r->input, "field-input");
  if (r->caption == NULL)
    r->caption = gtk_widget_get_last_child (r->input);
  if (r->caption != NULL)
    sewa_a11y_set_labelled_by (r->input, r->caption);
  if (self->earlier != NULL && g_hash_table_contains (self->earlier, field->id))
    {
      g_autofree char *mark = g_strconcat ("earlier-", field->id, NULL);

      r->earlier = gtk_label_new (_("From your earlier application — check it"));
      gtk_label_set_xalign (GTK_LABEL (r->earlier), 0);
      gtk_label_set_wrap (GTK_LABEL (r->earlier), TRUE);
      gtk_widget_add_css_class (r->earlier, "field-earlier");
      /* Tests find a field's mark by its id. */
      gtk_widget_add_css_class (r->earlier, mark);
      gtk_box_append (GTK_BOX (box), r->earlier);
      gtk_widget_add_css_class (r->input, "from-earlier");
    }
  r->error = GTK_LABEL (sewa_a11y_alert_label_new ());
  gtk_label_set_xalign (r->error, 0);
  gtk_label_set_wrap (r->error, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (r->error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->error));
  return r;
}

/* Show-if, the step counter and whether "Next" may be pressed. */
static void
update_page (SewaFormPage *self)
{
  const SewaForm *form = form_of (self);
  g_autoptr (GArray) issues = NULL;
  gboolean valid;
  guint n = form->sections->len;

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *r = g_ptr_array_index (self->rows, i);
      gtk_widget_set_visible (r->row, sewa_form_field_is_visible (form, r->field, self->values));
    }
  valid = sewa_validate_section (form, self->section, self->values, &self->today, &issues);
  /* An actionable button's sensitivity follows its action, so the action is what we disable. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.next", valid);
  gtk_widget_set_visible (GTK_WIDGET (self->hint), !valid);
  gtk_button_set_label (self->next_button, self->section + 1 < n ? _("Next") : _("Continue"));
}

static void
build_section (SewaFormPage *self)
{
  const SewaForm *form = form_of (self);
  const SewaFormSection *section = g_ptr_array_index (form->sections, self->section);
  GtkWidget *child;
  g_autofree char *step = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);
  self->focus_row = NULL;
  g_ptr_array_set_size (self->rows, 0);
  /* A new page opens at its first field, wherever the last one was scrolled to. */
  self->scroll_to_top = TRUE;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  /* A notice is about the page it was shown on. */
  sewa_form_page_show_notice (self, NULL, FALSE);

  gtk_label_set_label (self->section_title, sewa_text_get (&section->title, self->lang));
  /* TRANSLATORS: "Step 2 of 4" */
  step = g_strdup_printf (_("Step %u of %u"), self->section + 1, form->sections->len);
  gtk_label_set_label (self->step, step);

  for (guint i = 0; i < section->fields->len; i++)
    {
      FieldRow *r = build_row (self, g_ptr_array_index (section->fields, i));
      g_ptr_array_add (self->rows, r);
      gtk_box_append (self->fields_box, r->row);
    }
  sewa_osk_set_target (self->osk, NULL);
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *r = g_ptr_array_index (self->rows, i);
      if (GTK_IS_ENTRY (r->input))
        {
          sewa_osk_set_target (self->osk, GTK_EDITABLE (r->input));
          break;
        }
    }
  update_page (self);
}

static void
next_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaFormPage *self = SEWA_FORM_PAGE (widget);
  const SewaForm *form = form_of (self);

  if (!sewa_form_page_can_continue (self))
    return;
  if (self->section + 1 < form->sections->len)
    sewa_form_page_set_section (self, self->section + 1);
  else
    {
      sewa_form_values_prune_hidden (form, self->values);
      gtk_widget_activate_action (widget, "win.form-complete", NULL);
    }
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaFormPage *self = SEWA_FORM_PAGE (widget);

  if (self->section > 0)
    sewa_form_page_set_section (self, self->section - 1);
  else
    /* Leaving the form: the window asks first when anything was entered. */
    gtk_widget_activate_action (widget, "win.leave-form", NULL);
}

static void
sewa_form_page_dispose (GObject *object)
{
  SewaFormPage *self = SEWA_FORM_PAGE (object);

  if (self->osk != NULL)
    sewa_osk_set_target (self->osk, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEWA_TYPE_FORM_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->earlier, g_hash_table_unref);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (sewa_form_page_parent_class)->dispose (object);
}

static void
sewa_form_page_class_init (SewaFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_form_page_dispose;
  widget_class->map = sewa_form_page_map;
  widget_class->unmap = sewa_form_page_unmap;
  g_type_ensure (SEWA_TYPE_OSK);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/form/sewa-form-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, service_name);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, section_title);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, step);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, fields_box);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, review_return_button);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, hint);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, aadhaar_button);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, notice);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, osk);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, SewaFormPage, nav_box);
  gtk_widget_class_install_action (widget_class, "form.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "form.back", NULL, back_action);
}

static void
sewa_form_page_init (SewaFormPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sewa_a11y_name_buttons (GTK_WIDGET (self));
  sewa_after_layout_init (&self->keep, keep_in_view_now, self);
  self->rows = g_ptr_array_new_with_free_func (field_row_free);
  self->earlier = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_object (self->osk, "notify::visible", G_CALLBACK (on_keyboard_shown), self, 0);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                           G_CALLBACK (on_scroll_changed), self, 0);
  g_date_clear (&self->today, 1);
  g_date_set_time_t (&self->today, time (NULL));
}

/* Only a form with fields an identity can fill offers "Fill from Aadhaar QR". */
static gboolean
has_prefill (const SewaForm *form)
{
  for (guint s = 0; s < form->sections->len; s++)
    {
      const SewaFormSection *sec = g_ptr_array_index (form->sections, s);
      for (guint f = 0; f < sec->fields->len; f++)
        if (((const SewaFormField *) g_ptr_array_index (sec->fields, f))->prefill != NULL)
          return TRUE;
    }
  return FALSE;
}

GtkWidget *
sewa_form_page_new (SewaService *service, SewaFormValues *values, SewaLang lang)
{
  SewaFormPage *self;
  static const SewaOskLayout script[SEWA_N_LANGS] = {
    [SEWA_LANG_PA] = SEWA_OSK_LAYOUT_GURMUKHI,
    [SEWA_LANG_HI] = SEWA_OSK_LAYOUT_DEVANAGARI,
    [SEWA_LANG_EN] = SEWA_OSK_LAYOUT_LATIN,
  };

  g_return_val_if_fail (SEWA_IS_SERVICE (service), NULL);
  g_return_val_if_fail (sewa_service_get_form (service)->sections->len > 0, NULL);

  self = g_object_new (SEWA_TYPE_FORM_PAGE, NULL);
  self->service = g_object_ref (service);
  self->values = values;
  self->lang = lang;
  sewa_osk_set_letter_layout (self->osk, script[lang]);
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  gtk_label_set_label (self->service_name, sewa_text_get (sewa_service_get_name (service), lang));
  gtk_widget_set_visible (GTK_WIDGET (self->aadhaar_button), has_prefill (form_of (self)));
  build_section (self);
  return GTK_WIDGET (self);
}

guint
sewa_form_page_get_section (SewaFormPage *self)
{
  g_return_val_if_fail (SEWA_IS_FORM_PAGE (self), 0);
  return self->section;
}

guint
sewa_form_page_get_n_sections (SewaFormPage *self)
{
  g_return_val_if_fail (SEWA_IS_FORM_PAGE (self), 0);
  return form_of (self)->sections->len;
}

void
sewa_form_page_set_section (SewaFormPage *self, guint index)
{
  g_return_if_fail (SEWA_IS_FORM_PAGE (self));
  g_return_if_fail (index < form_of (self)->sections->len);
  self->section = index;
  build_section (self);
}

gboolean
sewa_form_page_can_continue (SewaFormPage *self)
{
  g_return_val_if_fail (SEWA_IS_FORM_PAGE (self), FALSE);
  return sewa_validate_section (form_of (self), self->section, self->values, &self->today, NULL);
}

void
sewa_form_page_set_today (SewaFormPage *self, const GDate *today)
{
  g_return_if_fail (SEWA_IS_FORM_PAGE (self));
  self->today = *today;
  update_page (self);
}

GtkWidget *
sewa_form_page_get_input (SewaFormPage *self, const char *field_id)
{
  FieldRow *r;

  g_return_val_if_fail (SEWA_IS_FORM_PAGE (self), NULL);
  r = find_row (self, field_id);
  return r != NULL ? r->input : NULL;
}

const char *
sewa_form_page_get_error (SewaFormPage *self, const char *field_id)
{
  FieldRow *r;

  g_return_val_if_fail (SEWA_IS_FORM_PAGE (self), NULL);
  r = find_row (self, field_id);
  if (r == NULL || !gtk_widget_get_visible (GTK_WIDGET (r->error)))
    return NULL;
  return gtk_label_get_label (r->error);
}

gboolean
sewa_form_page_field_shown (SewaFormPage *self, const char *field_id)
{
  FieldRow *r;

  g_return_val_if_fail (SEWA_IS_FORM_PAGE (self), FALSE);
  r = find_row (self, field_id);
  return r != NULL && gtk_widget_get_visible (r->row);
}

GtkWidget *
sewa_form_page_get_next_button (SewaFormPage *self)
{
  g_return_val_if_fail (SEWA_IS_FORM_PAGE (self), NULL);
  return GTK_WIDGET (self->next_button);
}

void
sewa_form_page_show_notice (SewaFormPage *self, const char *text, gboolean problem)
{
  g_return_if_fail (SEWA_IS_FORM_PAGE (self));
  gtk_label_set_label (self->notice, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice), text != NULL);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->notice), "capture-problem");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->notice), "capture-problem");
}

const char *
sewa_form_page_get_notice (SewaFormPage *self)
{
  g_return_val_if_fail (SEWA_IS_FORM_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->notice)) ? gtk_label_get_label (self->notice) : NULL;
}

void
sewa_form_page_mark_from_earlier (SewaFormPage *self, const char *const *field_ids)
{
  g_return_if_fail (SEWA_IS_FORM_PAGE (self));

  g_hash_table_remove_all (self->earlier);
  for (guint i = 0; field_ids != NULL && field_ids[i] != NULL; i++)
    g_hash_table_add (self->earlier, g_strdup (field_ids[i]));
  build_section (self);
}

void
sewa_form_page_reload (SewaFormPage *self)
{
  g_return_if_fail (SEWA_IS_FORM_PAGE (self));
  build_section (self);
}

void
sewa_form_page_set_review_return (SewaFormPage *self, gboolean shown)
{
  g_return_if_fail (SEWA_IS_FORM_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->review_return_button), shown);
}

void
sewa_form_page_focus_field (SewaFormPage *self, const char *field_id)
{
  FieldRow *r;

  g_return_if_fail (SEWA_IS_FORM_PAGE (self));
  r = find_row (self, field_id);
  /* As if the citizen had tapped it: the cursor in the answer and, for a typed one, the
   * keyboard open on it, so the correction starts at once. */
  if (r != NULL && r->input != NULL)
    focus_row (self, r);
}

GStrv
sewa_form_page_get_marked_earlier (SewaFormPage *self)
{
  g_return_val_if_fail (SEWA_IS_FORM_PAGE (self), NULL);
  g_autofree gpointer *ids = g_hash_table_get_keys_as_array (self->earlier, NULL);

  return g_strdupv ((GStrv) ids);
}
