/* sewa-window-guard.c — questions asked before something is lost.
 *
 * Two full-screen overlays sit above every screen (sewa-window.ui): "Discard what you
 * entered?" before a form with answers is left by its Back button, and "Are you still there?"
 * before the idle reset wipes a citizen's session. Both cover the whole window, so a stray tap
 * (a finger meant for a key that was there a moment ago) lands on them, never on the screen
 * beneath. Their words are set each time they are shown, in the citizen's language, since the
 * window's template was built before any language was chosen.
 */
#include "sewa-build-config.h"
#include "sewa-window-private.h"
#include "sewa-lang.h"
#include "screens/form/sewa-form-page.h"

#include <glib/gi18n.h>

/* ---- leaving a form ---------------------------------------------------------------------- */

static void
hide_confirm (SewaWindow *self)
{
  gtk_widget_set_visible (self->confirm_overlay, FALSE);
}

/* Back from the form's first page goes to the service's description. The answers go with the
 * form: a citizen who comes back starts afresh, as Apply always did. */
static void
leave_form (SewaWindow *self)
{
  g_autofree char *service_id = g_strdup (self->service_id);
  GtkWidget *form = gtk_stack_get_child_by_name (self->stack, "form");

  hide_confirm (self);
  if (service_id == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-service", "s", service_id);
  if (form != NULL)
    gtk_stack_remove (self->stack, form);
  if (self->draft != NULL)
    sewa_form_values_clear (self->draft);
}

static void
leave_form_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  if (self->service_id == NULL)
    return;
  if (!sewa_window_catalog_draft_touched (self))
    {
      leave_form (self);
      return;
    }
  gtk_label_set_label (self->confirm_title, _("Discard what you entered?"));
  gtk_label_set_label (self->confirm_text,
                       _("If you go back now, the answers you typed on this form will be deleted."));
  gtk_button_set_label (self->confirm_keep_button, _("No, keep my answers"));
  gtk_button_set_label (self->confirm_discard_button, _("Yes, discard"));
  gtk_widget_set_visible (self->confirm_overlay, TRUE);
}

static void
discard_confirm_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  /* Only an answer to the question on screen discards anything. */
  if (!gtk_widget_get_visible (self->confirm_overlay))
    return;
  leave_form (self);
}

static void
discard_cancel_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  hide_confirm (SEWA_WINDOW (widget));
}

/* ---- the idle warning -------------------------------------------------------------------- */

static void
stop_idle_warning (SewaWindow *self)
{
  g_clear_handle_id (&self->idle_tick_id, g_source_remove);
  gtk_widget_set_visible (self->idle_overlay, FALSE);
}

static void
show_seconds_left (SewaWindow *self)
{
  guint left = sewa_session_get_seconds_left (self->session);
  g_autofree char *count = g_strdup_printf ("%u", left);
  g_autofree char *text = NULL;

  gtk_label_set_label (self->idle_countdown, count);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Touch the screen to continue. Otherwise everything you entered will be cleared in %u second.",
                                       "Touch the screen to continue. Otherwise everything you entered will be cleared in %u seconds.",
                                       left), left);
  gtk_label_set_label (self->idle_text, text);
}

static gboolean
idle_tick (gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  show_seconds_left (self);
  return G_SOURCE_CONTINUE;
}

static void
on_idle_warning (SewaSession *session, guint seconds_left, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);
  SewaVoice *voice = sewa_application_get_voice (self->app);

  /* Operator mode has its own idle rule; its screens are not the citizen's. */
  if (self->op_active)
    return;
  hide_confirm (self);
  gtk_label_set_label (self->idle_title, _("Are you still there?"));
  gtk_button_set_label (self->idle_continue_button, _("Yes, I am still here"));
  show_seconds_left (self);
  gtk_widget_set_visible (self->idle_overlay, TRUE);
  g_clear_handle_id (&self->idle_tick_id, g_source_remove);
  self->idle_tick_id = g_timeout_add_seconds (1, idle_tick, self);
  /* Said once, when the warning appears: someone who stepped away may hear it. */
  if (voice != NULL)
    sewa_voice_say (voice, sewa_lang_code (sewa_lang_current ()),
                    _("Are you still there? Touch the screen to continue."));
}

static void
on_idle_resumed (SewaSession *session, gpointer user_data)
{
  stop_idle_warning (SEWA_WINDOW (user_data));
}

static void
idle_continue_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  /* The tap itself already touched the session (the window watches every input); this keeps
   * the button meaningful when it is activated any other way. */
  sewa_session_touch (self->session);
  stop_idle_warning (self);
}

/* ---- lifetime ---------------------------------------------------------------------------- */

void
sewa_window_guard_clear (SewaWindow *self)
{
  hide_confirm (self);
  stop_idle_warning (self);
}

void
sewa_window_guard_init (SewaWindow *self)
{
  self->idle_warning_id = g_signal_connect (self->session, "idle-warning",
                                            G_CALLBACK (on_idle_warning), self);
  self->idle_resumed_id = g_signal_connect (self->session, "idle-resumed",
                                            G_CALLBACK (on_idle_resumed), self);
}

void
sewa_window_guard_dispose (SewaWindow *self)
{
  g_clear_handle_id (&self->idle_tick_id, g_source_remove);
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->idle_warning_id, self->session);
      g_clear_signal_handler (&self->idle_resumed_id, self->session);
    }
}

gboolean
sewa_window_is_asking (SewaWindow *self, const char *which)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), FALSE);
  if (g_strcmp0 (which, "discard") == 0)
    return gtk_widget_get_visible (self->confirm_overlay);
  if (g_strcmp0 (which, "idle") == 0)
    return gtk_widget_get_visible (self->idle_overlay);
  return FALSE;
}

const char *
sewa_window_get_idle_countdown (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return gtk_label_get_label (self->idle_countdown);
}

void
sewa_window_guard_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.leave-form", NULL, leave_form_action);
  gtk_widget_class_install_action (widget_class, "win.discard-confirm", NULL, discard_confirm_action);
  gtk_widget_class_install_action (widget_class, "win.discard-cancel", NULL, discard_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.idle-continue", NULL, idle_continue_action);
}
