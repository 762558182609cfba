/* sewa-pin-page.c — the operator's PIN pad.
 *
 * The digits live in a fixed buffer that is wiped as soon as they are taken or the page goes;
 * they are never put in a GtkEntry (whose buffer and undo history would keep them) nor in an
 * action's GVariant. The keys are page actions (pin.*), disabled together while locked.
 */
#include "sewa-pin-page.h"
#include "sewa-a11y.h"

#include <glib/gi18n.h>
#include <string.h>

#define SEWA_PIN_MIN_DIGITS 4

struct _SewaPinPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *heading;
  GtkLabel *prompt;
  GtkLabel *dots;
  GtkLabel *message;
  GtkGrid *keypad;
  GtkWidget *operators;   /* the row of operator names, or NULL with one operator */
  GtkWidget *backspace_button;

  /* State */
  char digits[SEWA_PIN_MAX_DIGITS + 1];
  guint len;
  gboolean locked;
  char *operator_id;      /* the operator chosen on the row (NULL: none chosen yet) */
};

G_DEFINE_FINAL_TYPE (SewaPinPage, sewa_pin_page, ADW_TYPE_BIN)

enum { SIG_SUBMITTED, SIG_OPERATOR_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
wipe (SewaPinPage *self)
{
  explicit_bzero (self->digits, sizeof self->digits);
  self->len = 0;
}

static void
update_dots (SewaPinPage *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->len; i++)
    g_string_append (s, i == 0 ? "●" : " ●");
  /* A space keeps the line's height when nothing is typed yet. */
  gtk_label_set_label (self->dots, self->len > 0 ? s->str : " ");
  g_string_free (s, TRUE);
  /* With several operators, a PIN is someone's: the name is chosen first. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.submit",
                                 !self->locked && self->len >= SEWA_PIN_MIN_DIGITS &&
                                 (self->operators == NULL || self->operator_id != NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.backspace", !self->locked && self->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.digit",
                                 !self->locked && self->len < SEWA_PIN_MAX_DIGITS);
}

static void
digit_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaPinPage *self = SEWA_PIN_PAGE (widget);
  const char *d = g_variant_get_string (param, NULL);

  if (self->locked || self->len >= SEWA_PIN_MAX_DIGITS || strlen (d) != 1 || !g_ascii_isdigit (d[0]))
    return;
  self->digits[self->len++] = d[0];
  self->digits[self->len] = '\0';
  update_dots (self);
}

static void
backspace_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaPinPage *self = SEWA_PIN_PAGE (widget);

  if (self->locked || self->len == 0)
    return;
  self->digits[--self->len] = '\0';
  update_dots (self);
}

static void
submit_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaPinPage *self = SEWA_PIN_PAGE (widget);

  if (self->locked || self->len < SEWA_PIN_MIN_DIGITS ||
      (self->operators != NULL && self->operator_id == NULL))
    return;
  g_signal_emit (self, signals[SIG_SUBMITTED], 0);
}

static void
sewa_pin_page_dispose (GObject *object)
{
  wipe (SEWA_PIN_PAGE (object));
  g_clear_pointer (&SEWA_PIN_PAGE (object)->operator_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_PIN_PAGE);
  G_OBJECT_CLASS (sewa_pin_page_parent_class)->dispose (object);
}

static void
sewa_pin_page_class_init (SewaPinPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_pin_page_dispose;
  signals[SIG_SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_OPERATOR_CHANGED] = g_signal_new ("operator-changed", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/pin/sewa-pin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaPinPage, heading);
  gtk_widget_class_bind_template_child (widget_class, SewaPinPage, prompt);
  gtk_widget_class_bind_template_child (widget_class, SewaPinPage, dots);
  gtk_widget_class_bind_template_child (widget_class, SewaPinPage, message);
  gtk_widget_class_bind_template_child (widget_class, SewaPinPage, keypad);
  gtk_widget_class_bind_template_child (widget_class, SewaPinPage, backspace_button);
  gtk_widget_class_install_action (widget_class, "pin.digit", "s", digit_action);
  gtk_widget_class_install_action (widget_class, "pin.backspace", NULL, backspace_action);
  gtk_widget_class_install_action (widget_class, "pin.submit", NULL, submit_action);
}

static void
sewa_pin_page_init (SewaPinPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* An icon only: a screen reader would find the key unnamed. Its tooltip says what it does,
   * already in the operator's language. */
  sewa_a11y_set_name (self->backspace_button, gtk_widget_get_tooltip_text (self->backspace_button));
  update_dots (self);
}

GtkWidget *
sewa_pin_page_new (void)
{
  return g_object_new (SEWA_TYPE_PIN_PAGE, NULL);
}

guint
sewa_pin_page_get_length (SewaPinPage *self)
{
  g_return_val_if_fail (SEWA_IS_PIN_PAGE (self), 0);
  return self->len;
}

char *
sewa_pin_page_take_pin (SewaPinPage *self)
{
  char *pin;

  g_return_val_if_fail (SEWA_IS_PIN_PAGE (self), NULL);
  pin = g_strndup (self->digits, self->len);
  wipe (self);
  update_dots (self);
  return pin;
}

void
sewa_pin_page_set_message (SewaPinPage *self, const char *text, gboolean problem)
{
  g_return_if_fail (SEWA_IS_PIN_PAGE (self));
  gtk_label_set_label (self->message, text != NULL ? text : "");
  /* A problem is the PIN's: it describes the PIN shown as dots, the pad's one field. */
  if (problem)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message), "field-error");
      sewa_a11y_set_described_by (GTK_WIDGET (self->dots), GTK_WIDGET (self->message));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message), "field-error");
      sewa_a11y_set_described_by (GTK_WIDGET (self->dots), NULL);
    }
}

const char *
sewa_pin_page_get_message (SewaPinPage *self)
{
  g_return_val_if_fail (SEWA_IS_PIN_PAGE (self), NULL);
  return gtk_label_get_label (self->message);
}

void
sewa_pin_page_set_locked (SewaPinPage *self, gboolean locked)
{
  g_return_if_fail (SEWA_IS_PIN_PAGE (self));
  self->locked = locked;
  if (locked)
    wipe (self);
  update_dots (self);
}

gboolean
sewa_pin_page_get_locked (SewaPinPage *self)
{
  g_return_val_if_fail (SEWA_IS_PIN_PAGE (self), FALSE);
  return self->locked;
}

void
sewa_pin_page_set_prompt (SewaPinPage *self, const char *heading, const char *prompt)
{
  g_return_if_fail (SEWA_IS_PIN_PAGE (self));
  g_return_if_fail (heading != NULL && prompt != NULL);

  gtk_label_set_label (self->heading, heading);
  gtk_label_set_label (self->prompt, prompt);
}

static void
on_operator_toggled (GtkToggleButton *button, gpointer user_data)
{
  SewaPinPage *self = SEWA_PIN_PAGE (user_data);

  if (!gtk_toggle_button_get_active (button))
    return;
  g_free (self->operator_id);
  self->operator_id = g_strdup (g_object_get_data (G_OBJECT (button), "sewa-operator-id"));
  /* What was typed was meant for the operator chosen before. */
  wipe (self);
  update_dots (self);
  g_signal_emit (self, signals[SIG_OPERATOR_CHANGED], 0);
}

void
sewa_pin_page_set_operators (SewaPinPage *self, const char *const *ids)
{
  GtkWidget *box;
  GtkToggleButton *first = NULL;

  g_return_if_fail (SEWA_IS_PIN_PAGE (self));
  g_return_if_fail (self->operators == NULL);

  if (ids == NULL || ids[0] == NULL || ids[1] == NULL)
    return;
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "pin-operators");
  for (guint i = 0; ids[i] != NULL; i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (ids[i]);

      gtk_widget_add_css_class (button, "pin-operator");
      /* A touch target as big as a key of the pad. */
      gtk_widget_set_size_request (button, 128, 64);
      g_object_set_data_full (G_OBJECT (button), "sewa-operator-id", g_strdup (ids[i]), g_free);
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      else
        first = GTK_TOGGLE_BUTTON (button);
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_operator_toggled), self, 0);
      gtk_box_append (GTK_BOX (box), button);
    }
  /* Between the prompt and the dots: who, then the PIN. */
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->prompt))), box,
                              GTK_WIDGET (self->prompt));
  self->operators = box;
  update_dots (self);
}

const char *
sewa_pin_page_get_operator (SewaPinPage *self)
{
  g_return_val_if_fail (SEWA_IS_PIN_PAGE (self), NULL);
  return self->operator_id;
}
