/* sewa-window.c — screens, language switching and the citizen session's lifetime.
 *
 * The home (attract) screen is always in the stack. Every other screen belongs to a citizen
 * session: it is built when the citizen picks a language (so GtkBuilder translates its
 * template in that language) and destroyed when the session ends, which also drops every
 * value the citizen typed into it.
 */
#include "sewa-build-config.h"
#include "sewa-a11y.h"
#include "sewa-window-private.h"
#include "screens/home/sewa-home-page.h"
#include "screens/start/sewa-start-page.h"
#include "screens/browse/sewa-browse-page.h"
#include "screens/form/sewa-form-page.h"
#include "screens/service/sewa-service-page.h"
#include "screens/identify/sewa-identify-page.h"

#include <glib/gi18n.h>
#include <string.h>


G_DEFINE_FINAL_TYPE (SewaWindow, sewa_window, ADW_TYPE_APPLICATION_WINDOW)

enum { SIG_FIRST_FRAME, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Every screen but home belongs to the citizen session: screens first (they borrow the
 * session's data), then the data itself, wiped by each flow. */
static void
drop_session_screens (SewaWindow *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      GtkStackPage *page = gtk_stack_get_page (self->stack, child);

      if (g_strcmp0 (gtk_stack_page_get_name (page), "home") != 0)
        gtk_stack_remove (self->stack, child);
      child = next;
    }
  sewa_window_catalog_clear (self);
  sewa_window_identity_clear (self);
  sewa_window_submit_clear (self);
  sewa_window_scan_clear (self);
  sewa_window_operator_clear (self);
  sewa_window_guard_clear (self);
}

static void
build_session_screens (SewaWindow *self)
{
  drop_session_screens (self);
  gtk_stack_add_named (self->stack, GTK_WIDGET (sewa_start_page_new ()), "start");
}

/* One short line a citizen can trust: connected, or working offline with nothing lost. */
static void
update_sync_label (SewaWindow *self)
{
  const SewaSyncStatus *st = self->sync_status;
  g_autofree char *text = NULL;

  if (st == NULL || !st->online || st->state == SEWA_SYNC_STATE_OFFLINE ||
      st->state == SEWA_SYNC_STATE_PAUSED || st->state == SEWA_SYNC_STATE_STOPPED)
    text = g_strdup (_("Offline: applications are kept safely"));
  else if (st->unsent > 0)
    /* Submitted applications wait for a decision, not for the network: count only unsent. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Connected · %u application waiting to be sent",
                                         "Connected · %u applications waiting to be sent", st->unsent),
                            st->unsent);
  else
    text = g_strdup (_("Connected to the portal"));
  gtk_label_set_label (self->sync_label, text);
}

static void
on_sync_status (SewaSync *sync, SewaSyncStatus *status, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  g_clear_pointer (&self->sync_status, sewa_sync_status_unref);
  self->sync_status = sewa_sync_status_ref (status);
  update_sync_label (self);
  /* An instant service's decision arrives with the application's PUT: the done screen says it. */
  sewa_window_prescrutiny_update_done (self);
}

/* Follows the application's sync engine (again after an enrolment replaced it). The previous
 * engine is gone by then, so its handler id is simply forgotten. */
void
sewa_window_sync_attach (SewaWindow *self)
{
  SewaSync *sync = sewa_application_get_sync (self->app);

  self->sync_status_id = 0;
  g_clear_pointer (&self->sync_status, sewa_sync_status_unref);
  if (sync != NULL)
    {
      self->sync_status = sewa_sync_get_status (sync);
      self->sync_status_id = g_signal_connect (sync, "status-changed", G_CALLBACK (on_sync_status), self);
    }
  update_sync_label (self);
}

const char *
sewa_window_get_sync_text (SewaWindow *self)
{
  g_return_val_if_fail (SEWA_IS_WINDOW (self), NULL);
  return gtk_label_get_label (self->sync_label);
}

/* The screens a language switch rebuilds from the session's kept state (the draft, the pages,
 * the chosen service, the document asked about, the details on file). The identify screen is
 * rebuilt on its mobile step (the number typed kept), not while the portal is asked nor on the
 * code step, whose code and timers belong to the code sent. The others are not offered the
 * control: capture and scan hold a live camera and a picture being taken, which a rebuild would
 * drop; done and status show answers that arrive from the printer and the portal while they
 * are up (print outcome, decision, fee), which a rebuild would have to ask for again. */
static const char *const relabelled_screens[] = {
  "start", "browse", "service", "form", "documents", "review", "consent", "doctype", NULL,
};

static gboolean
relabels_screen (SewaWindow *self, const char *name)
{
  GtkWidget *identify;

  if (name == NULL)
    return FALSE;
  if (g_str_equal (name, "identify"))
    {
      identify = gtk_stack_get_child_by_name (self->stack, "identify");
      return identify != NULL && !sewa_identify_page_is_code_step (SEWA_IDENTIFY_PAGE (identify))
             && !sewa_identify_page_is_busy (SEWA_IDENTIFY_PAGE (identify));
    }
  return g_strv_contains (relabelled_screens, name);
}

void
sewa_window_update_chrome (SewaWindow *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->stack);
  gboolean home = g_strcmp0 (visible, "home") == 0;
  gboolean operator = visible != NULL && g_str_has_prefix (visible, "operator");

  /* "Start over" is on every citizen screen but home, always in the same place; operator
   * screens have their own Exit. */
  gtk_widget_set_visible (self->top_bar, !home && !operator);
  gtk_button_set_label (self->start_over_button, _("Start over"));
  gtk_label_set_label (self->listen_label, _("Listen"));
  sewa_window_display_update_chrome (self);
  /* The language control shows the session's language in its own script, on the screens a
   * switch rebuilds from what the session keeps. */
  gtk_label_set_label (self->lang_label,
                       sewa_lang_native_name (sewa_session_get_language (self->session)));
  gtk_widget_set_visible (self->lang_button, relabels_screen (self, visible));
  /* An icon and a label: GTK 4.8 would leave these buttons unnamed. The Display and language
   * menu buttons are named on themselves, where the probe and screen readers look, not on
   * their inner button. */
  sewa_a11y_name_from_content (gtk_widget_get_ancestor (GTK_WIDGET (self->listen_label), GTK_TYPE_BUTTON));
  sewa_a11y_name_from_content (self->display_button);
  sewa_a11y_name_from_content (self->lang_button);
  update_sync_label (self);
}

static void
begin_session (SewaWindow *self, SewaLang lang)
{
  sewa_lang_apply (lang);
  sewa_session_begin (self->session, lang);
  build_session_screens (self);
  gtk_stack_set_visible_child_name (self->stack, "start");
  sewa_window_update_chrome (self);
}

void
sewa_window_begin_assisted (SewaWindow *self, SewaLang lang, const char *operator_id)
{
  begin_session (self, lang);
  sewa_session_set_assisted_by (self->session, operator_id);
}

static void
on_session_ended (SewaSession *session, int reason, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  gtk_stack_set_visible_child_name (self->stack, "home");
  drop_session_screens (self);
  sewa_window_display_reset (self);
  sewa_window_update_chrome (self);
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

/* Rebuilds each session screen the switch covers from what the session keeps, in the language
 * now applied, and returns to the same screen (and on the form, the same page). Screens are
 * re-created rather than relabelled: most take their texts from the catalog with
 * sewa_lang_pick or from gettext at construction, and a new screen from the kept draft and
 * documents already shows every value. */
static void
rebuild_session_screens (SewaWindow *self)
{
  SewaLang lang = sewa_session_get_language (self->session);
  GtkWidget *service = gtk_stack_get_child_by_name (self->stack, "service");
  GtkWidget *form = gtk_stack_get_child_by_name (self->stack, "form");
  GtkWidget *browse = gtk_stack_get_child_by_name (self->stack, "browse");
  GtkWidget *start = gtk_stack_get_child_by_name (self->stack, "start");
  SewaCatalog *catalog = sewa_application_get_catalog (self->app);
  GtkWidget *page;

  /* A notice on the start screen (a code that could not be read) stays as it was said: it
   * reports what happened, and its words are not kept apart from it. */
  page = GTK_WIDGET (sewa_start_page_new ());
  if (start != NULL)
    sewa_start_page_show_notice (SEWA_START_PAGE (page), sewa_start_page_get_notice (SEWA_START_PAGE (start)));
  sewa_window_swap_screen (self, "start", page);
  /* The browse screen as it was: the department open, the search typed and its results. */
  if (browse != NULL && catalog != NULL && sewa_application_get_search (self->app) != NULL)
    {
      SewaBrowsePage *old = SEWA_BROWSE_PAGE (browse);
      g_autofree char *department = g_strdup (sewa_browse_page_get_department (old));
      g_autofree char *query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (sewa_browse_page_get_search_entry (old))));

      page = sewa_browse_page_new (catalog, sewa_application_get_search (self->app), lang);
      if (department != NULL)
        sewa_browse_page_show_department (SEWA_BROWSE_PAGE (page), department);
      if (query[0] != '\0')
        sewa_browse_page_set_query (SEWA_BROWSE_PAGE (page), query);
      sewa_window_swap_screen (self, "browse", page);
    }
  if (service != NULL)
    {
      SewaService *shown = sewa_service_page_get_service (SEWA_SERVICE_PAGE (service));

      sewa_window_swap_screen (self, "service",
                               sewa_service_page_new (shown, lang,
                                                      sewa_application_get_config (self->app)->upi_vpa != NULL));
    }
  if (form != NULL && self->draft != NULL && catalog != NULL && self->service_id != NULL)
    {
      SewaService *applied = sewa_catalog_lookup_service (catalog, self->service_id);
      guint section = sewa_form_page_get_section (SEWA_FORM_PAGE (form));
      g_auto (GStrv) earlier = sewa_form_page_get_marked_earlier (SEWA_FORM_PAGE (form));

      if (applied != NULL)
        {
          page = sewa_form_page_new (applied, self->draft, lang);
          /* Fields filled from an earlier application and not changed since still say so. */
          if (earlier[0] != NULL)
            sewa_form_page_mark_from_earlier (SEWA_FORM_PAGE (page), (const char *const *) earlier);
          sewa_form_page_set_section (SEWA_FORM_PAGE (page), section);
          sewa_form_page_set_review_return (SEWA_FORM_PAGE (page), self->reviewing);
          sewa_window_swap_screen (self, "form", page);
        }
    }
  self->lang_switching = TRUE;
  sewa_window_submit_relabel (self);
  sewa_window_identity_relabel (self);
  self->lang_switching = FALSE;
}

/* The top bar's language control: the texts and the voice change, nothing the citizen entered
 * or reached does. Refused outside a session and on screens it cannot rebuild (the control is
 * not shown there, but an action can be reached in other ways). */
static void
switch_language_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);
  SewaLang lang;

  gtk_popover_popdown (self->lang_popover);
  if (!sewa_lang_from_code (g_variant_get_string (param, NULL), &lang) ||
      !sewa_session_is_active (self->session) ||
      !relabels_screen (self, gtk_stack_get_visible_child_name (self->stack)) ||
      lang == sewa_session_get_language (self->session))
    return;
  sewa_lang_apply (lang);
  sewa_session_set_language (self->session, lang);
  rebuild_session_screens (self);
  sewa_window_update_chrome (self);
  sewa_window_voice_speak_screen (self);
}

static void
start_over_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  SewaWindow *self = SEWA_WINDOW (widget);

  sewa_session_end (self->session, SEWA_SESSION_END_START_OVER);
}

void
sewa_window_show_start_notice (SewaWindow *self, const char *text)
{
  GtkWidget *start = gtk_stack_get_child_by_name (self->stack, "start");

  if (start != NULL)
    sewa_start_page_show_notice (SEWA_START_PAGE (start), text);
}

void
sewa_window_replace_screen (SewaWindow *self, const char *name, GtkWidget *screen)
{
  GtkWidget *old = gtk_stack_get_child_by_name (self->stack, name);

  /* A language switch re-runs a screen's own builder: the screen shown stays the one shown. */
  if (self->lang_switching)
    {
      sewa_window_swap_screen (self, name, screen);
      return;
    }

  if (old != NULL)
    gtk_stack_remove (self->stack, old);
  gtk_stack_add_named (self->stack, screen, name);
  gtk_stack_set_visible_child_name (self->stack, name);
  sewa_window_update_chrome (self);
}

void
sewa_window_swap_screen (SewaWindow *self, const char *name, GtkWidget *screen)
{
  GtkWidget *old = gtk_stack_get_child_by_name (self->stack, name);
  GtkStackPage *page;

  if (old == NULL || gtk_stack_get_visible_child (self->stack) != old)
    {
      if (old != NULL)
        gtk_stack_remove (self->stack, old);
      gtk_stack_add_named (self->stack, screen, name);
      return;
    }
  /* The screen shown is replaced in view: removed first, the stack would show (and the voice
   * announce) another screen for a moment. The new one comes in unnamed, as two children may
   * not share a name, and takes the name once the old one is gone. */
  page = gtk_stack_add_child (self->stack, screen);
  gtk_stack_set_visible_child (self->stack, screen);
  gtk_stack_remove (self->stack, old);
  gtk_stack_page_set_name (page, name);
}

static void
call_operator_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  g_message ("citizen asked for operator help");
  sewa_window_show_start_notice (SEWA_WINDOW (widget),
                     _("An operator has been called. Please wait, someone will come to help you."));
}

/* GtkEventControllerLegacy::event returns whether the event was handled. This handler only
 * watches: it must say "propagate", or (in the capture phase) no widget below ever sees the
 * event. Declared void, it returned whatever the last call left behind — in operator mode the
 * idle timer's source id — and every tap on the PIN pad was swallowed. */
static gboolean
on_any_input (GtkEventControllerLegacy *controller, GdkEvent *event, gpointer user_data)
{
  SewaWindow *self = SEWA_WINDOW (user_data);

  sewa_session_touch (self->session);
  sewa_window_operator_touch (self);
  return GDK_EVENT_PROPAGATE;
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
  sewa_window_guard_dispose (self);
  if (self->app != NULL && sewa_application_get_sync (self->app) != NULL)
    g_clear_signal_handler (&self->sync_status_id, sewa_application_get_sync (self->app));
  g_clear_pointer (&self->sync_status, sewa_sync_status_unref);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEWA_TYPE_WINDOW);
  sewa_window_catalog_clear (self);
  sewa_window_identity_clear (self);
  sewa_window_submit_clear (self);
  sewa_window_scan_clear (self);
  sewa_window_scan_dispose (self);
  sewa_window_prescrutiny_dispose (self);
  sewa_window_operator_dispose (self);
  sewa_window_display_dispose (self);
  if (self->print_cancellable != NULL)
    g_cancellable_cancel (self->print_cancellable);
  g_clear_object (&self->print_cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, listen_label);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, confirm_overlay);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, confirm_title);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, confirm_text);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, confirm_keep_button);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, confirm_discard_button);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, idle_overlay);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, idle_title);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, idle_countdown);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, idle_text);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, idle_continue_button);

  gtk_widget_class_install_action (widget_class, "win.choose-language", "s",
                                   choose_language_action);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, start_over_action);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, lang_button);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, lang_label);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, lang_popover);
  gtk_widget_class_install_action (widget_class, "win.switch-language", "s", switch_language_action);
  sewa_window_catalog_class_init (widget_class);
  sewa_window_identity_class_init (widget_class);
  sewa_window_submit_class_init (widget_class);
  sewa_window_scan_class_init (widget_class);
  sewa_window_voice_class_init (widget_class);
  sewa_window_operator_class_init (widget_class);
  sewa_window_guard_class_init (widget_class);
  sewa_window_display_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.call-operator", NULL, call_operator_action);
}

static void
sewa_window_init (SewaWindow *self)
{
  GtkEventController *legacy;

  gtk_widget_init_template (GTK_WIDGET (self));
  sewa_window_operator_init (self);
  /* Printing outlives the citizen's session (a receipt must come out even if they walk
   * away), so it has its own cancellable, cancelled only when the window goes. */
  self->print_cancellable = g_cancellable_new ();

  /* Any touch, click or key resets the idle timer; capture phase sees it before widgets. */
  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_any_input), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
  sewa_window_scan_init (self);
  sewa_window_voice_init (self);
}

SewaWindow *
sewa_window_new (SewaApplication *app)
{
  SewaWindow *self = g_object_new (SEWA_TYPE_WINDOW, "application", app, NULL);

  self->app = app;
  self->session = g_object_ref (sewa_application_get_session (app));
  self->session_ended_id = g_signal_connect (self->session, "ended",
                                             G_CALLBACK (on_session_ended), self);
  sewa_window_guard_init (self);
  sewa_window_sync_attach (self);
  sewa_window_update_chrome (self);
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
  /* "browse", "service:ID", "form:ID" and "documents:ID" open through the same actions a
   * citizen's taps use; "documents:ID" skips the form (left empty, so Submit refuses), to
   * reach a service's documents and the camera quickly in development and UI tests. */
  if (g_str_equal (name, "browse"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.browse", NULL);
  else if (g_str_has_prefix (name, "service:"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-service", "s", name + strlen ("service:"));
  else if (g_str_has_prefix (name, "form:"))
    /* Straight to the form (screenshots of it): the identify step has its own name. */
    sewa_window_catalog_open_form (self, name + strlen ("form:"));
  else if (g_str_has_prefix (name, "documents:"))
    {
      /* Straight to the documents (tests of the camera without the form). */
      sewa_window_catalog_open_form (self, name + strlen ("documents:"));
      gtk_widget_activate_action (GTK_WIDGET (self), "win.back-to-documents", NULL);
    }
  else if (g_str_has_prefix (name, "identify:"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.start-form", "s", name + strlen ("identify:"));
  if (strchr (name, ':') != NULL)
    name = g_str_has_prefix (name, "service:") ? "service"
           : g_str_has_prefix (name, "identify:") ? "identify"
           : g_str_has_prefix (name, "documents:") ? "documents" : "form";
  if (gtk_stack_get_child_by_name (self->stack, name) == NULL)
    return FALSE;
  gtk_stack_set_visible_child_name (self->stack, name);
  sewa_window_update_chrome (self);
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
