/* sewa-window-voice.c — spoken guidance. Each citizen screen says, in the citizen's language,
 * what to do on it, when it appears and again when "Listen" is touched; the home screen asks for
 * a language in all three. Operator screens stay quiet. The words come from po/ like every other
 * string; the voice itself is drivers/sewa-voice (espeak-ng). */
#include "sewa-window-private.h"
#include "sewa-lang.h"
#include "screens/done/sewa-done-page.h"

#include <glib/gi18n.h>

static const struct
{
  const char *screen;
  const char *prompt;
} prompts[] = {
  { "start", N_("What would you like to do? Touch one of the big buttons.") },
  { "browse", N_("Choose your service. Touch a department, or type the name of the service.") },
  { "service", N_("This page says what the service needs and what it costs. Touch Apply now to begin.") },
  { "identify", N_("Type your mobile number to get a code, or continue without verifying.") },
  { "form", N_("Fill in each box. Touch a box, then type on the keyboard on the screen.") },
  { "consent", N_("May we use the documents and details you gave before? Touch yes or no.") },
  { "documents", N_("Add each document the service asks for. Touch a document to photograph it.") },
  { "review", N_("Check your answers and documents. Touch Change to correct one, or Submit to send the application.") },
  { "doctype", N_("Which document did you bring? Touch it.") },
  { "capture", N_("Place the document on the stand inside the frame, then touch Take photo.") },
  { "done", N_("Your application is saved. Please take your receipt and keep it safe.") },
  { "scan", N_("Hold the code up to the camera.") },
  { "status", N_("This is the status of your application.") },
};

const char *
sewa_window_voice_prompt (const char *screen)
{
  for (gsize i = 0; i < G_N_ELEMENTS (prompts); i++)
    if (g_strcmp0 (prompts[i].screen, screen) == 0)
      return _(prompts[i].prompt);
  return NULL;
}

void
sewa_window_voice_speak_screen (SewaWindow *self)
{
  SewaVoice *voice = sewa_application_get_voice (self->app);
  const char *screen = gtk_stack_get_visible_child_name (self->stack);
  const char *prompt;

  if (voice == NULL || screen == NULL)
    return;
  if (g_str_equal (screen, "home"))
    {
      /* Before anyone has chosen: each language in its own words. */
      sewa_voice_say_greeting (voice);
      return;
    }
  prompt = sewa_window_voice_prompt (screen);
  if (prompt == NULL)
    {
      sewa_voice_stop (voice); /* an operator screen: the citizen's prompt must not go on */
      return;
    }
  if (g_str_equal (screen, "done"))
    {
      GtkWidget *done = gtk_stack_get_visible_child (self->stack);
      const char *numbers = SEWA_IS_DONE_PAGE (done) ? sewa_done_page_get_numbers_spoken (SEWA_DONE_PAGE (done))
                                                     : NULL;
      const char *fee = SEWA_IS_DONE_PAGE (done) ? sewa_done_page_get_fee_spoken (SEWA_DONE_PAGE (done))
                                                 : NULL;
      /* The reference, when the decision is due and the fee: what the citizen must keep, said
       * again whenever "Listen" is touched. */
      g_autofree char *all = g_strjoin (" ", prompt, numbers != NULL ? numbers : "",
                                        fee != NULL ? fee : "", NULL);

      sewa_voice_say (voice, sewa_lang_code (sewa_lang_current ()), g_strstrip (all));
      return;
    }
  sewa_voice_say (voice, sewa_lang_code (sewa_lang_current ()), prompt);
}

static const char *const months[] = {
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

char *
sewa_window_voice_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  /* The month by name, in the citizen's language: "07-12-2026" read aloud is a string of
   * numbers, not a date. */
  /* TRANSLATORS: a date spoken aloud: %1$u is the day, %2$s the month's name, %3$u the year */
  return g_strdup_printf (_("%1$u %2$s %3$u"), (guint) g_date_get_day (date),
                          _(months[g_date_get_month (date) - 1]), (guint) g_date_get_year (date));
}

static void
on_screen_changed (GtkStack *stack, GParamSpec *pspec, gpointer user_data)
{
  sewa_window_voice_speak_screen (SEWA_WINDOW (user_data));
}

static void
listen_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  sewa_window_voice_speak_screen (SEWA_WINDOW (widget));
}

void
sewa_window_voice_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.listen", NULL, listen_action);
}

void
sewa_window_voice_init (SewaWindow *self)
{
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (on_screen_changed), self, G_CONNECT_DEFAULT);
}
