/* sewa-osk.c — keys, levels and layout switching. */
#include "sewa-osk.h"
#include "sewa-a11y.h"

#include <glib/gi18n.h>

struct _SewaOsk
{
  GtkWidget parent_instance;

  /* Owned references */
  GtkWidget *box;             /* rows */
  GtkEditable *target;        /* weak */
  SewaOskLayout layout;
  SewaOskLayout letter_layout; /* the citizen's script, restored after digits */
  gboolean shifted;
  gboolean email;             /* the target takes an e-mail address: "@" on the first level */
  GHashTable *keys;           /* key text → GtkButton (borrowed, owned by the box) */
};

G_DEFINE_FINAL_TYPE (SewaOsk, sewa_osk, GTK_TYPE_WIDGET)

#define ZWJ "\u200d"
#define ZWNJ "\u200c"

static void rebuild (SewaOsk *self);

static gboolean
is_combining (const char *text)
{
  GUnicodeType t = g_unichar_type (g_utf8_get_char (text));
  return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
         t == G_UNICODE_ENCLOSING_MARK;
}

static void
target_weak_notify (gpointer data, GObject *where_the_object_was)
{
  SewaOsk *self = data;
  self->target = NULL;
}

gboolean
sewa_osk_press (SewaOsk *self, const char *key_text)
{
  int pos;

  g_return_val_if_fail (SEWA_IS_OSK (self), FALSE);
  if (self->target == NULL || !gtk_editable_get_editable (self->target))
    return FALSE;

  /* Replace a selection, as a hardware keyboard would. */
  gtk_editable_delete_selection (self->target);
  pos = gtk_editable_get_position (self->target);
  gtk_editable_insert_text (self->target, key_text, -1, &pos);
  gtk_editable_set_position (self->target, pos);
  if (self->shifted)
    sewa_osk_set_shifted (self, FALSE);
  return TRUE;
}

void
sewa_osk_backspace (SewaOsk *self)
{
  int pos;

  g_return_if_fail (SEWA_IS_OSK (self));
  if (self->target == NULL)
    return;
  if (gtk_editable_get_selection_bounds (self->target, NULL, NULL))
    {
      gtk_editable_delete_selection (self->target);
      return;
    }
  /* One code point at a time: in Gurmukhi and Devanagari that removes a vowel sign or a
   * virama without taking its consonant, which is what a citizen correcting a typo expects. */
  pos = gtk_editable_get_position (self->target);
  if (pos > 0)
    gtk_editable_delete_text (self->target, pos - 1, pos);
}

static void
on_char_key (GtkButton *button, SewaOsk *self)
{
  sewa_osk_press (self, g_object_get_data (G_OBJECT (button), "sewa-osk-text"));
}

static void
on_backspace (GtkButton *button, SewaOsk *self)
{
  sewa_osk_backspace (self);
}

static void
on_shift (GtkButton *button, SewaOsk *self)
{
  sewa_osk_set_shifted (self, !self->shifted);
}

static void
on_switch (GtkButton *button, SewaOsk *self)
{
  /* Alternate between the citizen's script, Latin (names in English, email) and digits. */
  SewaOskLayout next;

  if (self->layout == self->letter_layout)
    next = self->letter_layout == SEWA_OSK_LAYOUT_LATIN ? SEWA_OSK_LAYOUT_NUMERIC
                                                        : SEWA_OSK_LAYOUT_LATIN;
  else if (self->layout == SEWA_OSK_LAYOUT_LATIN)
    next = SEWA_OSK_LAYOUT_NUMERIC;
  else
    next = self->letter_layout;
  sewa_osk_set_layout (self, next);
}

static void
on_hide (GtkButton *button, SewaOsk *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
on_field_pressed (GtkGestureClick *gesture, int n_press, double x, double y, SewaOsk *self)
{
  GtkWidget *field = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  sewa_osk_set_target (self, GTK_EDITABLE (field));
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

/* The keyboard appears when the citizen touches a text field and goes away with its own
 * "hide" key, so it never covers a screen that needs no typing. */
void
sewa_osk_attach (SewaOsk *self, GtkEditable *field)
{
  GtkGesture *press = gtk_gesture_click_new ();

  g_return_if_fail (SEWA_IS_OSK (self));
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
  g_signal_connect_object (press, "pressed", G_CALLBACK (on_field_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (field), GTK_EVENT_CONTROLLER (press));
}

static void
on_enter (GtkButton *button, SewaOsk *self)
{
  /* GtkEntry and GtkText both emit "activate" on Enter; forms use it to move on. */
  if (self->target != NULL && g_signal_lookup ("activate", G_OBJECT_TYPE (self->target)) != 0)
    g_signal_emit_by_name (self->target, "activate");
}

static GtkWidget *
make_button (const char *label, const char *css_class)
{
  GtkWidget *b = gtk_button_new_with_label (label);

  /* Keys must never steal focus from the field being filled. */
  gtk_widget_set_focusable (b, FALSE);
  gtk_widget_set_focus_on_click (b, FALSE);
  gtk_widget_set_hexpand (b, TRUE);
  gtk_widget_add_css_class (b, "osk-key");
  if (css_class != NULL)
    gtk_widget_add_css_class (b, css_class);
  return b;
}

static void
add_char_key (SewaOsk *self, GtkWidget *row, const char *spec)
{
  g_auto (GStrv) levels = g_strsplit (spec, "|", 2);
  const char *text = (self->shifted && levels[1] != NULL) ? levels[1] : levels[0];
  GtkWidget *b = make_button (text, NULL);

  /* A lone vowel sign needs no help: HarfBuzz draws it on a dotted circle by itself (adding
   * our own U+25CC would show two). Marks get a class so CSS can size them up. */
  if (is_combining (text))
    gtk_widget_add_css_class (b, "osk-mark");

  g_object_set_data_full (G_OBJECT (b), "sewa-osk-text", g_strdup (text), g_free);
  g_signal_connect (b, "clicked", G_CALLBACK (on_char_key), self);
  g_hash_table_replace (self->keys, g_strdup (text), b);
  gtk_box_append (GTK_BOX (row), b);
}

static GtkWidget *
add_special (SewaOsk *self, GtkWidget *row, const char *label, const char *id, GCallback cb)
{
  GtkWidget *b = make_button (label, "osk-special");

  g_signal_connect (b, "clicked", cb, self);
  g_hash_table_replace (self->keys, g_strdup (id), b);
  gtk_box_append (GTK_BOX (row), b);
  return b;
}

/* Keys drawn as symbols are named for a screen reader by what they do, in the citizen's
 * language; a key that types a letter keeps that letter as its name (the screen reader says it
 * in the citizen's voice). */
static void
name_key (GtkWidget *key, const char *id)
{
  const char *name = NULL;

  if (g_str_equal (id, "backspace"))
    /* TRANSLATORS: name a screen reader says for the keyboard's backspace key */
    name = _("Delete the last letter");
  else if (g_str_equal (id, "enter"))
    /* TRANSLATORS: name a screen reader says for the keyboard's Enter key */
    name = _("Next box");
  else if (g_str_equal (id, "hide"))
    /* TRANSLATORS: name a screen reader says for the key that closes the on-screen keyboard */
    name = _("Hide the keyboard");
  else if (g_str_equal (id, "shift"))
    /* TRANSLATORS: name a screen reader says for the keyboard's shift key */
    name = _("More letters");
  if (name != NULL)
    sewa_a11y_set_name (key, name);
}

static void
name_switch_key (GtkWidget *key, SewaOskLayout to)
{
  const char *name;

  switch (to)
    {
    case SEWA_OSK_LAYOUT_GURMUKHI:
      /* TRANSLATORS: name a screen reader says for the key that shows the Punjabi letters */
      name = _("Punjabi letters");
      break;
    case SEWA_OSK_LAYOUT_DEVANAGARI:
      /* TRANSLATORS: name a screen reader says for the key that shows the Hindi letters */
      name = _("Hindi letters");
      break;
    case SEWA_OSK_LAYOUT_LATIN:
      /* TRANSLATORS: name a screen reader says for the key that shows the English letters */
      name = _("English letters");
      break;
    case SEWA_OSK_LAYOUT_NUMERIC:
    case SEWA_OSK_N_LAYOUTS:
    default:
      /* TRANSLATORS: name a screen reader says for the key that shows the digits */
      name = _("Numbers");
      break;
    }
  sewa_a11y_set_name (key, name);
}

static void
rebuild (SewaOsk *self)
{
  const SewaOskLayoutData *data = sewa_osk_layout_get (self->layout);
  GtkWidget *child, *row;
  SewaOskLayout next;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_hash_table_remove_all (self->keys);

  for (guint r = 0; data->rows[r] != NULL; r++)
    {
      g_auto (GStrv) specs = g_strsplit (data->rows[r], " ", -1);

      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_halign (row, GTK_ALIGN_FILL);
      gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
      for (guint k = 0; specs[k] != NULL; k++)
        if (*specs[k] != '\0')
          add_char_key (self, row, specs[k]);
      if (self->layout == SEWA_OSK_LAYOUT_NUMERIC && data->rows[r + 1] == NULL)
        name_key (add_special (self, row, "⌫", "backspace", G_CALLBACK (on_backspace)), "backspace");
      gtk_box_append (GTK_BOX (self->box), row);
    }

  /* Bottom row: switch, shift, joiners, space, backspace, done. */
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  if (self->layout == self->letter_layout)
    next = self->letter_layout == SEWA_OSK_LAYOUT_LATIN ? SEWA_OSK_LAYOUT_NUMERIC : SEWA_OSK_LAYOUT_LATIN;
  else if (self->layout == SEWA_OSK_LAYOUT_LATIN)
    next = SEWA_OSK_LAYOUT_NUMERIC;
  else
    next = self->letter_layout;
  name_switch_key (add_special (self, row, sewa_osk_layout_get (next)->name, "switch",
                                G_CALLBACK (on_switch)),
                   next);
  if (data->has_shift)
    {
      GtkWidget *shift = add_special (self, row, "⇧", "shift", G_CALLBACK (on_shift));
      name_key (shift, "shift");
      if (self->shifted)
        gtk_widget_add_css_class (shift, "osk-latched");
    }
  if (data->has_joiners)
    {
      /* Labelled by what they do, in the citizen's language, not by the names of invisible
       * characters. */
      /* TRANSLATORS: keyboard key that joins the next letter to this one (zero-width joiner) */
      GtkWidget *b = add_special (self, row, _("Join"), "zwj", G_CALLBACK (on_char_key));
      g_object_set_data_full (G_OBJECT (b), "sewa-osk-text", g_strdup (ZWJ), g_free);
      /* TRANSLATORS: keyboard key that keeps the next letter apart (zero-width non-joiner) */
      b = add_special (self, row, _("No join"), "zwnj", G_CALLBACK (on_char_key));
      g_object_set_data_full (G_OBJECT (b), "sewa-osk-text", g_strdup (ZWNJ), g_free);
    }
  if (self->email && self->layout == SEWA_OSK_LAYOUT_LATIN)
    /* Every address has one; it should not hide behind shift. */
    add_char_key (self, row, "@");
  if (self->layout != SEWA_OSK_LAYOUT_NUMERIC)
    {
      GtkWidget *space = make_button (" ", "osk-space");
      /* TRANSLATORS: name a screen reader says for the keyboard's space bar */
      sewa_a11y_set_name (space, _("Space"));
      g_object_set_data_full (G_OBJECT (space), "sewa-osk-text", g_strdup (" "), g_free);
      g_signal_connect (space, "clicked", G_CALLBACK (on_char_key), self);
      g_hash_table_replace (self->keys, g_strdup (" "), space);
      gtk_box_append (GTK_BOX (row), space);
      name_key (add_special (self, row, "⌫", "backspace", G_CALLBACK (on_backspace)), "backspace");
    }
  name_key (add_special (self, row, "↵", "enter", G_CALLBACK (on_enter)), "enter");
  name_key (add_special (self, row, "⌄", "hide", G_CALLBACK (on_hide)), "hide");
  gtk_box_append (GTK_BOX (self->box), row);
}

static void
sewa_osk_dispose (GObject *object)
{
  SewaOsk *self = SEWA_OSK (object);

  sewa_osk_set_target (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  G_OBJECT_CLASS (sewa_osk_parent_class)->dispose (object);
}

static void
sewa_osk_class_init (SewaOskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_osk_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "osk");
}

static void
sewa_osk_init (SewaOsk *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->layout = SEWA_OSK_LAYOUT_GURMUKHI;
  self->letter_layout = SEWA_OSK_LAYOUT_GURMUKHI;
  rebuild (self);
}

GtkWidget *
sewa_osk_new (void)
{
  return g_object_new (SEWA_TYPE_OSK, NULL);
}

void
sewa_osk_set_target (SewaOsk *self, GtkEditable *target)
{
  g_return_if_fail (SEWA_IS_OSK (self));

  if (self->target == target)
    return;
  if (self->target != NULL)
    g_object_weak_unref (G_OBJECT (self->target), target_weak_notify, self);
  self->target = target;
  if (target == NULL)
    return;
  g_object_weak_ref (G_OBJECT (target), target_weak_notify, self);

  /* Digits-only fields (mobile, Aadhaar, pincode) get the large numeric pad. */
  if (GTK_IS_TEXT (target) || GTK_IS_ENTRY (target))
    {
      GtkInputPurpose purpose = GTK_INPUT_PURPOSE_FREE_FORM;

      g_object_get (target, "input-purpose", &purpose, NULL);
      if (self->email != (purpose == GTK_INPUT_PURPOSE_EMAIL))
        {
          self->email = purpose == GTK_INPUT_PURPOSE_EMAIL;
          self->layout = SEWA_OSK_N_LAYOUTS; /* force a rebuild with or without "@" */
        }
      if (purpose == GTK_INPUT_PURPOSE_DIGITS || purpose == GTK_INPUT_PURPOSE_PHONE ||
          purpose == GTK_INPUT_PURPOSE_NUMBER || purpose == GTK_INPUT_PURPOSE_PIN)
        sewa_osk_set_layout (self, SEWA_OSK_LAYOUT_NUMERIC);
      else if (purpose == GTK_INPUT_PURPOSE_EMAIL || purpose == GTK_INPUT_PURPOSE_URL)
        sewa_osk_set_layout (self, SEWA_OSK_LAYOUT_LATIN);
      else
        sewa_osk_set_layout (self, self->letter_layout);
    }
}

GtkEditable *
sewa_osk_get_target (SewaOsk *self)
{
  g_return_val_if_fail (SEWA_IS_OSK (self), NULL);
  return self->target;
}

void
sewa_osk_set_layout (SewaOsk *self, SewaOskLayout layout)
{
  g_return_if_fail (SEWA_IS_OSK (self));
  g_return_if_fail (layout < SEWA_OSK_N_LAYOUTS);

  if (self->layout == layout)
    return;
  self->layout = layout;
  self->shifted = FALSE;
  rebuild (self);
}

void
sewa_osk_set_letter_layout (SewaOsk *self, SewaOskLayout layout)
{
  g_return_if_fail (SEWA_IS_OSK (self));
  g_return_if_fail (layout != SEWA_OSK_LAYOUT_NUMERIC);

  self->letter_layout = layout;
  self->layout = SEWA_OSK_N_LAYOUTS; /* force a rebuild */
  sewa_osk_set_layout (self, layout);
}

SewaOskLayout
sewa_osk_get_layout (SewaOsk *self)
{
  g_return_val_if_fail (SEWA_IS_OSK (self), SEWA_OSK_LAYOUT_LATIN);
  return self->layout;
}

void
sewa_osk_set_shifted (SewaOsk *self, gboolean shifted)
{
  g_return_if_fail (SEWA_IS_OSK (self));

  if (self->shifted == shifted || !sewa_osk_layout_get (self->layout)->has_shift)
    return;
  self->shifted = shifted;
  rebuild (self);
}

GtkWidget *
sewa_osk_find_key (SewaOsk *self, const char *key_text)
{
  g_return_val_if_fail (SEWA_IS_OSK (self), NULL);
  return g_hash_table_lookup (self->keys, key_text);
}
