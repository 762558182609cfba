/* sewa-window.c — screens, language switching and the citizen session's lifetime.
 *
 * The home (attract) screen is always in the stack. Every other screen belongs to a citizen
 * session: it is built when the citizen picks a language (so GtkBuilder translates its
 * template in that language) and destroyed when the session ends, which also drops every
 * value the citizen typed into it.
 */
#include "sewa-build-config.h"
#include "sewa-window.h"
#include "screens/home/sewa-home-page.h"
#include "screens/start/sewa-start-page.h"
#include "screens/browse/sewa-browse-page.h"
#include "screens/service/sewa-service-page.h"
#include "screens/form/sewa-form-page.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SewaWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  GtkStack *stack;
  GtkButton *start_over_button;
  GtkWidget *top_bar;
  SewaHomePage *home_page;

  /* Owned references */
  SewaApplication *app; /* weak: the application outlives its window */
  SewaSession *session;
  gulong session_ended_id;
  gboolean first_frame_seen;
  gulong after_paint_id;
  SewaFormValues *draft; /* the citizen's form values; wiped when the session ends */
};

G_DEFINE_FINAL_TYPE (SewaWindow, sewa_window, ADW_TYPE_APPLICATION_WINDOW)

enum { SIG_FIRST_FRAME, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Screens that live only inside a session, in the order a citizen meets them. */
static const char *const session_screens[] = { "start", "browse", "service", "form" };

static void
drop_session_screens (SewaWindow *self)
{
  /* Screens first (they borrow the draft), then the draft itself. */
  for (gsize i = 0; i < G_N_ELEMENTS (session_screens); i++)
    {
      GtkWidget *child = gtk_stack_get_child_by_name (self->stack, session_screens[i]);

      if (child != NULL)
        gtk_stack_remove (self->stack, child);
    }
  g_clear_pointer (&self->draft, sewa_form_values_free);
}

static void
build_session_screens (SewaWindow *self)
{
  drop_session_screens (self);
  gtk_stack_add_named (self->stack, GTK_WIDGET (sewa_start_page_new ()), "start");
}

static void
update_chrome (SewaWindow *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->stack);
  gboolean home = g_strcmp0 (visible, "home") == 0;

  /* "Start over" is on every screen but home, always in the same place. */
  gtk_widget_set_visible (self->top_bar, !home);
  gtk_button_set_label (self->start_over_button, _("Start over"));
}

static void
begin_session (SewaWindow *self, SewaLang lang)
{
  sewa_lang_apply (lang);
  sewa_session_begin (self->session, lang);
  build_session_screens (self);
  gtk_stack_set_visible_child_name (self->stack, "start");
  update_chrome (self);
}

static void
on_session_ended (SewaSession *session, int reason, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  gtk_stack_set_visible_child_name (self->stack, "home");
  drop_session_screens (self);
  update_chrome (self);
}

static void
choose_language_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaLang lang;

  if (!sewa_lang_from_code (g_variant_get_string (param, NULL), &lang))
    return;
  begin_session (self, lang);
}

static void
start_over_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  sewa_session_end (self->session, SEWA_SESSION_END_START_OVER);
}

static void
show_start_notice (SewaWindow *self, const char *text)
{
  GtkWidget *start = gtk_stack_get_child_by_name (self->stack, "start");

  if (start != NULL)
    sewa_start_page_show_notice (SEWA_START_PAGE (start), text);
}

/* The application flows (catalog, status lookup) plug in here as their screens land; until
 * then the citizen is sent to the counter rather than left at a dead button. */
static void
not_ready_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  show_start_notice (SEWA_WINDOW (widget),
                     _("This part of the kiosk is not ready yet. Please ask at the counter."));
}

static void
replace_screen (SewaWindow *self, const char *name, GtkWidget *screen)
{
  GtkWidget *old = gtk_stack_get_child_by_name (self->stack, name);

  if (old != NULL)
    gtk_stack_remove (self->stack, old);
  gtk_stack_add_named (self->stack, screen, name);
  gtk_stack_set_visible_child_name (self->stack, name);
  update_chrome (self);
}

static void
browse_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaSearch *search = sewa_application_get_search (self->app);

  if (catalog == NULL || search == NULL)
    {
      /* The technician's log says why; the citizen is sent to the counter. */
      show_start_notice (self, _("Services cannot be shown right now. Please ask at the counter."));
      return;
    }
  if (gtk_stack_get_child_by_name (self->stack, "browse") == NULL)
    gtk_stack_add_named (self->stack,
                         sewa_browse_page_new (catalog, search, sewa_session_get_language (self->session)),
                         "browse");
  gtk_stack_set_visible_child_name (self->stack, "browse");
  update_chrome (self);
}

static void
open_service_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service;

  if (catalog == NULL)
    return;
  service = sewa_catalog_lookup_service (catalog, g_variant_get_string (param, NULL));
  if (service == NULL)
    return;
  replace_screen (self, "service",
                  sewa_service_page_new (service, sewa_session_get_language (self->session)));
}

static void
start_form_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  SewaService *service;
  GtkWidget *old;

  if (catalog == NULL)
    return;
  service = sewa_catalog_lookup_service (catalog, g_variant_get_string (param, NULL));
  if (service == NULL)
    return;
  /* A new service starts from a fresh draft; the old form goes first since it borrows it. */
  old = gtk_stack_get_child_by_name (self->stack, "form");
  if (old != NULL)
    gtk_stack_remove (self->stack, old);
  g_clear_pointer (&self->draft, sewa_form_values_free);
  self->draft = sewa_form_values_new ();
  replace_screen (self, "form",
                  sewa_form_page_new (service, self->draft, sewa_session_get_language (self->session)));
}

static void
call_operator_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  g_message ("citizen asked for operator help");
  show_start_notice (SEWA_WINDOW (widget),
                     _("An operator has been called. Please wait, someone will come to help you."));
}

static void
on_any_input (GtkEventControllerLegacy *controller, GdkEvent *event, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  sewa_session_touch (self->session);
}

static void
on_after_paint (GdkFrameClock *clock, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  if (self->first_frame_seen)
    return;
  self->first_frame_seen = TRUE;
  g_clear_signal_handler (&self->after_paint_id, clock);
  g_signal_emit (self, signals[SIG_FIRST_FRAME], 0);
}

static void
sewa_window_map (GtkWidget *widget)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (sewa_window_parent_class)->map (widget);
  clock = gtk_widget_get_frame_clock (widget);
  if (clock != NULL && !self->first_frame_seen && self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), self);
}

static void
sewa_window_unmap (GtkWidget *widget)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, clock);
  GTK_WIDGET_CLASS (sewa_window_parent_class)->unmap (widget);
}

static void
sewa_window_dispose (GObject *object)
{
  SewaWindow *self = SEWA_WINDOW (object);

  if (self->session != NULL)
    g_clear_signal_handler (&self->session_ended_id, self->session);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEWA_TYPE_WINDOW);
  g_clear_pointer (&self->draft, sewa_form_values_free);
  G_OBJECT_CLASS (sewa_window_parent_class)->dispose (object);
}

static void
sewa_window_class_init (SewaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_window_dispose;
  widget_class->map = sewa_window_map;
  widget_class->unmap = sewa_window_unmap;

  signals[SIG_FIRST_FRAME] = g_signal_new ("first-frame", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

  g_type_ensure (SEWA_TYPE_HOME_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/in/gov/punjab/SewaKiosk/sewa-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, start_over_button);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, top_bar);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, home_page);

  gtk_widget_class_install_action (widget_class, "win.choose-language", "s",
                                   choose_language_action);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "win.apply", NULL, browse_action);
  gtk_widget_class_install_action (widget_class, "win.browse", NULL, browse_action);
  gtk_widget_class_install_action (widget_class, "win.open-service", "s", open_service_action);
  gtk_widget_class_install_action (widget_class, "win.start-form", "s", start_form_action);
  gtk_widget_class_install_action (widget_class, "win.form-complete", NULL, not_ready_action);
  gtk_widget_class_install_action (widget_class, "win.check-status", NULL, not_ready_action);
  gtk_widget_class_install_action (widget_class, "win.call-operator", NULL, call_operator_action);
}

static void
sewa_window_init (SewaWindow *self)
{
  GtkEventController *legacy;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Any touch, click or key resets the idle timer; capture phase sees it before widgets. */
  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_any_input), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
}

SewaWindow *
sewa_window_new (SewaApplication *app)
{
  SewaWindow *self = g_object_new (SEWA_TYPE_WINDOW, "application", app, NULL);

  self->app = app;
  self->session = g_object_ref (sewa_application_get_session (app));
  self->session_ended_id = g_signal_connect (self->session, "ended",
                                             G_CALLBACK (on_session_ended), self);
  update_chrome (self);
  return self;
}

gboolean
sewa_window_show_screen (SewaWindow *self, const char *name, SewaLang lang)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), FALSE);

  if (g_str_equal (name, "home"))
    {
      sewa_session_end (self->session, SEWA_SESSION_END_START_OVER);
      return TRUE;
    }
  begin_session (self, lang);
  /* "browse", "service:ID" and "form:ID" open through the same actions a citizen's taps use. */
  if (g_str_equal (name, "browse"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.browse", NULL);
  else if (g_str_has_prefix (name, "service:"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-service", "s", name + strlen ("service:"));
  else if (g_str_has_prefix (name, "form:"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.start-form", "s", name + strlen ("form:"));
  if (strchr (name, ':') != NULL)
    name = g_str_has_prefix (name, "service:") ? "service" : "form";
  if (gtk_stack_get_child_by_name (self->stack, name) == NULL)
    return FALSE;
  gtk_stack_set_visible_child_name (self->stack, name);
  update_chrome (self);
  return TRUE;
}

const char *
sewa_window_get_screen (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
sewa_window_get_screen_widget (SewaWindow *self, const char *name)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->stack, name);
}

GtkWidget *
sewa_window_get_start_over_button (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->start_over_button);
}

SewaFormValues *
sewa_window_get_draft (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return self->draft;
}
