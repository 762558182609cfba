/* sewa-identify-page.c — the identify step: mobile number, then the code sent to it. */
#include "sewa-build-config.h"
#include "sewa-a11y.h"
#include "sewa-identify-page.h"
#include "sewa-osk.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SewaIdentifyPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *service_label;
  GtkLabel *heading;
  GtkLabel *why_label;
  GtkLabel *requires_label;
  GtkLabel *offline_label;
  GtkStack *steps;
  GtkEntry *mobile_entry;
  GtkLabel *mobile_label;
  GtkLabel *code_label;
  GtkButton *send_button;
  GtkLabel *sent_label;
  GtkEntry *code_entry;
  GtkLabel *expiry_label;
  GtkButton *verify_button;
  GtkButton *resend_button;
  GtkButton *change_button;
  GtkLabel *message_label;
  GtkWidget *nav_box;
  GtkWidget *content_box;
  SewaOsk *osk;

  /* Owned state */
  gboolean online;
  gboolean busy;
  gboolean expired;
  gint64 expires_at;   /* monotonic µs */
  gint64 resend_at;    /* monotonic µs */
  guint tick_id;
  GdkFrameClock *clock;   /* while mapped */
  gulong layout_handler;
  gboolean show_end_pending; /* show_end asked for since the last layout */
};

G_DEFINE_FINAL_TYPE (SewaIdentifyPage, sewa_identify_page, ADW_TYPE_BIN)

static void
update_sensitivity (SewaIdentifyPage *self)
{
  gboolean can_resend = self->expired || g_get_monotonic_time () >= self->resend_at;

  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), self->online && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->verify_button), !self->busy && !self->expired);
  gtk_widget_set_sensitive (GTK_WIDGET (self->resend_button), !self->busy && can_resend);
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), !self->busy);
}

static guint
seconds_until (gint64 when)
{
  gint64 left = when - g_get_monotonic_time ();

  return left <= 0 ? 0 : (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/* Once a second while the code step is up: the resend countdown and the code's remaining life,
 * both from deadlines, so a late tick never drifts. */
static gboolean
on_tick (gpointer user_data)
{
  SewaIdentifyPage *self = SEWA_IDENTIFY_PAGE (user_data);
  guint resend_left = seconds_until (self->resend_at);
  guint expiry_left = seconds_until (self->expires_at);
  g_autofree char *resend = NULL;
  g_autofree char *expiry = NULL;

  if (!self->expired && expiry_left == 0)
    {
      sewa_identify_page_show_expired (self);
      return G_SOURCE_CONTINUE;
    }
  if (self->expired || resend_left == 0)
    resend = g_strdup (_("Send a new code"));
  else
    /* TRANSLATORS: %u is a number of seconds */
    resend = g_strdup_printf (_("New code in %u s"), resend_left);
  gtk_button_set_label (self->resend_button, resend);
  if (!self->expired)
    {
      /* TRANSLATORS: %u:%02u is minutes and seconds, like 4:59 */
      expiry = g_strdup_printf (_("The code works for %u:%02u more."), expiry_left / 60, expiry_left % 60);
      gtk_label_set_label (self->expiry_label, expiry);
    }
  update_sensitivity (self);
  return G_SOURCE_CONTINUE;
}

static void
stop_tick (SewaIdentifyPage *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* With bigger text (#20) the code step's note, field and buttons are taller than the room the
 * keyboard leaves: Verify was under the keys. While the keyboard is up the step shows its end,
 * the field and its buttons, and the note at its top scrolls away when there is no room for it.
 * Set after the frame's layout: a scroll set while the keyboard's height is being allocated
 * would be dropped (see sewa-form-page.c). */
static void
on_clock_layout (GdkFrameClock *clock, SewaIdentifyPage *self)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (self->content_box, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  double end;

  if (!self->show_end_pending || scroller == NULL)
    return;
  self->show_end_pending = FALSE;
  if (!gtk_widget_get_visible (GTK_WIDGET (self->osk)))
    return;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  if (gtk_adjustment_get_value (adj) < end)
    gtk_adjustment_set_value (adj, end);
}

static void
show_end (SewaIdentifyPage *self)
{
  self->show_end_pending = TRUE;
  if (self->clock != NULL)
    gdk_frame_clock_request_phase (self->clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

static void
on_scroll_changed (GtkAdjustment *adj, SewaIdentifyPage *self)
{
  show_end (self);
}

static void
sewa_identify_page_map (GtkWidget *widget)
{
  SewaIdentifyPage *self = SEWA_IDENTIFY_PAGE (widget);

  GTK_WIDGET_CLASS (sewa_identify_page_parent_class)->map (widget);
  self->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->layout_handler = g_signal_connect_after (self->clock, "layout", G_CALLBACK (on_clock_layout), self);
  if (self->show_end_pending)
    gdk_frame_clock_request_phase (self->clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

static void
sewa_identify_page_unmap (GtkWidget *widget)
{
  SewaIdentifyPage *self = SEWA_IDENTIFY_PAGE (widget);

  if (self->clock != NULL)
    {
      g_clear_signal_handler (&self->layout_handler, self->clock);
      g_clear_object (&self->clock);
    }
  GTK_WIDGET_CLASS (sewa_identify_page_parent_class)->unmap (widget);
}

/* The keyboard takes the room of the explanations while the citizen types, so the field and
 * the button that sends it stay above the keys. */
static void
on_keyboard_shown (GObject *osk, GParamSpec *pspec, SewaIdentifyPage *self)
{
  gboolean typing = gtk_widget_get_visible (GTK_WIDGET (self->osk));

  if (typing)
    show_end (self);

  gtk_widget_set_visible (GTK_WIDGET (self->service_label), !typing);
  gtk_widget_set_visible (GTK_WIDGET (self->heading), !typing);
  gtk_widget_set_visible (GTK_WIDGET (self->why_label), !typing);
  gtk_widget_set_visible (GTK_WIDGET (self->expiry_label), !typing);
  gtk_widget_set_visible (self->nav_box, !typing);
}

/* The keyboard's Enter does what the step's main button does. */
static void
on_mobile_activate (GtkEntry *entry, SewaIdentifyPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.identify-send", NULL);
}

static void
on_code_activate (GtkEntry *entry, SewaIdentifyPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.identify-verify", NULL);
}

static void
wipe_entry (GtkEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
sewa_identify_page_dispose (GObject *object)
{
  SewaIdentifyPage *self = SEWA_IDENTIFY_PAGE (object);

  stop_tick (self);
  if (self->osk != NULL)
    sewa_osk_set_target (self->osk, NULL);
  /* The number and the code are citizen data: they go with the screen. */
  if (self->mobile_entry != NULL)
    wipe_entry (self->mobile_entry);
  if (self->code_entry != NULL)
    wipe_entry (self->code_entry);
  gtk_widget_dispose_template (GTK_WIDGET (object), SEWA_TYPE_IDENTIFY_PAGE);
  G_OBJECT_CLASS (sewa_identify_page_parent_class)->dispose (object);
}

static void
sewa_identify_page_class_init (SewaIdentifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_identify_page_dispose;
  widget_class->map = sewa_identify_page_map;
  widget_class->unmap = sewa_identify_page_unmap;
  g_type_ensure (SEWA_TYPE_OSK);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/identify/sewa-identify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, service_label);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, heading);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, why_label);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, requires_label);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, steps);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, mobile_entry);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, mobile_label);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, sent_label);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, expiry_label);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, verify_button);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, resend_button);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, change_button);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, nav_box);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, SewaIdentifyPage, osk);
}

static void
sewa_identify_page_init (SewaIdentifyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sewa_a11y_name_buttons (GTK_WIDGET (self));
  sewa_a11y_set_labelled_by (GTK_WIDGET (self->mobile_entry), GTK_WIDGET (self->mobile_label));
  sewa_a11y_set_labelled_by (GTK_WIDGET (self->code_entry), GTK_WIDGET (self->code_label));
  sewa_osk_attach (self->osk, GTK_EDITABLE (self->mobile_entry));
  sewa_osk_attach (self->osk, GTK_EDITABLE (self->code_entry));
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  g_signal_connect_object (self->osk, "notify::visible", G_CALLBACK (on_keyboard_shown), self, 0);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
                             gtk_widget_get_ancestor (self->content_box, GTK_TYPE_SCROLLED_WINDOW))),
                           "changed", G_CALLBACK (on_scroll_changed), self, 0);
  g_signal_connect (self->mobile_entry, "activate", G_CALLBACK (on_mobile_activate), self);
  g_signal_connect (self->code_entry, "activate", G_CALLBACK (on_code_activate), self);
}

GtkWidget *
sewa_identify_page_new (SewaService *service, SewaLang lang, gboolean online)
{
  SewaIdentifyPage *self = g_object_new (SEWA_TYPE_IDENTIFY_PAGE, NULL);
  const SewaEligibility *elig = sewa_service_get_eligibility (service);

  gtk_label_set_label (self->service_label, sewa_text_get (sewa_service_get_name (service), lang));
  gtk_widget_set_visible (GTK_WIDGET (self->requires_label),
                          elig != NULL && elig->requires_verified_mobile);
  sewa_identify_page_set_online (self, online);
  return GTK_WIDGET (self);
}

void
sewa_identify_page_set_online (SewaIdentifyPage *self, gboolean online)
{
  g_return_if_fail (SEWA_IS_IDENTIFY_PAGE (self));

  self->online = online;
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label), !online);
  gtk_widget_set_visible (GTK_WIDGET (self->steps), online);
  if (!online)
    {
      stop_tick (self);
      gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
    }
  update_sensitivity (self);
}

/* Digits only: a number typed with spaces or a +91 / 0 prefix is the same number. */
static char *
digits_of (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  GString *d = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (d, *p);
  if (d->len == 12 && g_str_has_prefix (d->str, "91"))
    g_string_erase (d, 0, 2);
  else if (d->len == 11 && d->str[0] == '0')
    g_string_erase (d, 0, 1);
  return g_string_free (d, FALSE);
}

char *
sewa_identify_page_get_mobile (SewaIdentifyPage *self)
{
  g_return_val_if_fail (SEWA_IS_IDENTIFY_PAGE (self), NULL);
  return digits_of (self->mobile_entry);
}

char *
sewa_identify_page_get_code (SewaIdentifyPage *self)
{
  g_return_val_if_fail (SEWA_IS_IDENTIFY_PAGE (self), NULL);
  return digits_of (self->code_entry);
}

void
sewa_identify_page_show_mobile_step (SewaIdentifyPage *self)
{
  g_return_if_fail (SEWA_IS_IDENTIFY_PAGE (self));

  stop_tick (self);
  wipe_entry (self->code_entry);
  gtk_stack_set_visible_child_name (self->steps, "mobile");
  sewa_identify_page_show_message (self, NULL, FALSE);
  update_sensitivity (self);
}

void
sewa_identify_page_show_code_step (SewaIdentifyPage *self, const char *last4, guint code_length,
                                   guint expires_in_s, guint resend_after_s)
{
  g_autofree char *sent = NULL;
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (SEWA_IS_IDENTIFY_PAGE (self));

  /* TRANSLATORS: %u is the number of digits (6), %s the last four digits of the mobile number */
  sent = g_strdup_printf (_("We sent a %u-digit code to the mobile number ending %s. Type it here."),
                          code_length, last4);
  gtk_label_set_label (self->sent_label, sent);
  gtk_entry_set_max_length (self->code_entry, (int) code_length);
  wipe_entry (self->code_entry);
  self->expired = FALSE;
  self->expires_at = now + (gint64) expires_in_s * G_USEC_PER_SEC;
  self->resend_at = now + (gint64) resend_after_s * G_USEC_PER_SEC;
  gtk_stack_set_visible_child_name (self->steps, "code");
  sewa_identify_page_show_message (self, NULL, FALSE);
  stop_tick (self);
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  on_tick (self);
  /* The next thing to do is to type the code: the keypad comes up on it. */
  sewa_osk_set_target (self->osk, GTK_EDITABLE (self->code_entry));
  gtk_widget_set_visible (GTK_WIDGET (self->osk), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

void
sewa_identify_page_clear_code (SewaIdentifyPage *self)
{
  g_return_if_fail (SEWA_IS_IDENTIFY_PAGE (self));
  wipe_entry (self->code_entry);
}

void
sewa_identify_page_show_expired (SewaIdentifyPage *self)
{
  g_return_if_fail (SEWA_IS_IDENTIFY_PAGE (self));

  self->expired = TRUE;
  wipe_entry (self->code_entry);
  gtk_label_set_label (self->expiry_label, "");
  gtk_button_set_label (self->resend_button, _("Send a new code"));
  gtk_widget_set_visible (GTK_WIDGET (self->osk), FALSE);
  sewa_identify_page_show_message (self, _("This code has expired. Tap “Send a new code”."), TRUE);
  update_sensitivity (self);
}

void
sewa_identify_page_show_message (SewaIdentifyPage *self, const char *text, gboolean problem)
{
  g_return_if_fail (SEWA_IS_IDENTIFY_PAGE (self));

  gtk_label_set_label (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "field-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "field-error");
}

void
sewa_identify_page_set_busy (SewaIdentifyPage *self, gboolean busy)
{
  g_return_if_fail (SEWA_IS_IDENTIFY_PAGE (self));

  self->busy = busy;
  update_sensitivity (self);
}

gboolean
sewa_identify_page_is_code_step (SewaIdentifyPage *self)
{
  g_return_val_if_fail (SEWA_IS_IDENTIFY_PAGE (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->steps), "code") == 0;
}

gboolean
sewa_identify_page_is_busy (SewaIdentifyPage *self)
{
  g_return_val_if_fail (SEWA_IS_IDENTIFY_PAGE (self), FALSE);
  return self->busy;
}

void
sewa_identify_page_set_mobile (SewaIdentifyPage *self, const char *digits)
{
  g_return_if_fail (SEWA_IS_IDENTIFY_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->mobile_entry), digits != NULL ? digits : "");
}
