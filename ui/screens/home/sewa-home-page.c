/* sewa-home-page.c — the screen a citizen walks up to.
 *
 * Its text is deliberately not translated: each language greets in its own script, so a
 * citizen who reads only one of them finds it, and each button names its language in that
 * language. The buttons activate win.choose-language with the language code.
 *
 * Operator mode has a discreet entry here: pressing the emblem above the greeting for at
 * least three seconds activates win.operator-begin (the PIN pad). A citizen's tap on it does
 * nothing, and nothing on screen invites the press.
 */
#include "sewa-home-page.h"
#include "sewa-a11y.h"

struct _SewaHomePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *welcome_pa;
  GtkLabel *welcome_hi;
  GtkLabel *welcome_en;
  GtkButton *button_pa;
  GtkButton *button_hi;
  GtkButton *button_en;
  GtkButton *listen_button;
  GtkImage *emblem;

  /* Owned references */
  GtkGesture *operator_press; /* owned by the emblem; borrowed here */
  guint operator_timer;       /* running while the emblem is held */
};

G_DEFINE_FINAL_TYPE (SewaHomePage, sewa_home_page, ADW_TYPE_BIN)

static void
sewa_home_page_dispose (GObject *object)
{
  g_clear_handle_id (&SEWA_HOME_PAGE (object)->operator_timer, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_HOME_PAGE);
  G_OBJECT_CLASS (sewa_home_page_parent_class)->dispose (object);
}

static void
sewa_home_page_class_init (SewaHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_home_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/home/sewa-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, welcome_pa);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, welcome_hi);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, welcome_en);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, button_pa);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, button_hi);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, button_en);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, listen_button);
  gtk_widget_class_bind_template_child (widget_class, SewaHomePage, emblem);
  gtk_widget_class_set_css_name (widget_class, "homepage");
}

/* The press: a GtkGestureDrag reports press (drag-begin), movement and release without the
 * time limits of the click and long-press gestures (GTK caps a long press at about a second),
 * so the three seconds are the kiosk's own timer. Moving the finger off the spot or lifting
 * it before then cancels. */
#define OPERATOR_PRESS_SLOP_PX 24.0

static void
cancel_operator_press (SewaHomePage *self)
{
  g_clear_handle_id (&self->operator_timer, g_source_remove);
}

static gboolean
operator_press_held (gpointer user_data)
{
  SewaHomePage *self = SEWA_HOME_PAGE (user_data);

  self->operator_timer = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.operator-begin", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_press_begin (GtkGestureDrag *gesture, double x, double y, gpointer user_data)
{
  SewaHomePage *self = SEWA_HOME_PAGE (user_data);

  cancel_operator_press (self);
  self->operator_timer = g_timeout_add (SEWA_OPERATOR_LONG_PRESS_MS, operator_press_held, self);
}

static void
on_press_update (GtkGestureDrag *gesture, double dx, double dy, gpointer user_data)
{
  if (dx * dx + dy * dy > OPERATOR_PRESS_SLOP_PX * OPERATOR_PRESS_SLOP_PX)
    cancel_operator_press (SEWA_HOME_PAGE (user_data));
}

static void
on_press_end (GtkGestureDrag *gesture, double dx, double dy, gpointer user_data)
{
  cancel_operator_press (SEWA_HOME_PAGE (user_data));
}

static void
on_press_cancel (GtkGesture *gesture, GdkEventSequence *sequence, gpointer user_data)
{
  cancel_operator_press (SEWA_HOME_PAGE (user_data));
}

static void
sewa_home_page_init (SewaHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The emblem takes a long press (the operator's door), so a screen reader meets it; before a
   * language is chosen it is named in all three, as the home screen greets. */
  sewa_a11y_set_name (GTK_WIDGET (self->emblem), "ਸੇਵਾ ਕੇਂਦਰ · सेवा केंद्र · Sewa Kendra");
  sewa_a11y_name_buttons (GTK_WIDGET (self));

  self->operator_press = gtk_gesture_drag_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (self->operator_press), FALSE);
  g_signal_connect_object (self->operator_press, "drag-begin", G_CALLBACK (on_press_begin), self, 0);
  g_signal_connect_object (self->operator_press, "drag-update", G_CALLBACK (on_press_update), self, 0);
  g_signal_connect_object (self->operator_press, "drag-end", G_CALLBACK (on_press_end), self, 0);
  g_signal_connect_object (self->operator_press, "cancel", G_CALLBACK (on_press_cancel), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->emblem), GTK_EVENT_CONTROLLER (self->operator_press));
}

GtkGesture *
sewa_home_page_get_operator_gesture (SewaHomePage *self)
{
  g_return_val_if_fail (SEWA_IS_HOME_PAGE (self), NULL);
  return self->operator_press;
}

GtkWidget *
sewa_home_page_new (void)
{
  return g_object_new (SEWA_TYPE_HOME_PAGE, NULL);
}

GtkLabel *
sewa_home_page_get_welcome_label (SewaHomePage *self, const char *lang_code)
{
  g_return_val_if_fail (SEWA_IS_HOME_PAGE (self), NULL);
  if (g_str_equal (lang_code, "pa"))
    return self->welcome_pa;
  if (g_str_equal (lang_code, "hi"))
    return self->welcome_hi;
  return self->welcome_en;
}

GtkButton *
sewa_home_page_get_listen_button (SewaHomePage *self)
{
  g_return_val_if_fail (SEWA_IS_HOME_PAGE (self), NULL);
  return self->listen_button;
}

GtkButton *
sewa_home_page_get_language_button (SewaHomePage *self, const char *lang_code)
{
  g_return_val_if_fail (SEWA_IS_HOME_PAGE (self), NULL);
  if (g_str_equal (lang_code, "pa"))
    return self->button_pa;
  if (g_str_equal (lang_code, "hi"))
    return self->button_hi;
  return self->button_en;
}
