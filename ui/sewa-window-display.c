/* sewa-window-display.c — display modes (#20). The top bar's Display button opens a small panel
 * with two large toggles: bigger text (every font size of the kiosk's stylesheet at 150 %) and
 * high contrast (the kiosk's own high-contrast colours: libadwaita's high-contrast mode follows
 * the desktop's setting and cannot be asked for by an application). Both are stylesheets added
 * to the display above ui/style.css while the mode is on. They belong to the citizen's session:
 * the next citizen finds the kiosk as it was, so both go off when the session ends. */
#include "sewa-window-private.h"
#include "sewa-application.h"
#include "sewa-lang.h"
#include "sewa-voice.h"

#include <glib/gi18n.h>

#define SEWA_DISPLAY_TEXT_SCALE 1.5

/* Above the application's own stylesheet (GTK_STYLE_PROVIDER_PRIORITY_APPLICATION), and high
 * contrast above bigger text: the scaled copy of style.css repeats its colours, which must not
 * win over the high-contrast ones when both modes are on. */
#define SEWA_DISPLAY_PRIORITY_LARGE_TEXT (GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1)
#define SEWA_DISPLAY_PRIORITY_HIGH_CONTRAST (GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 2)

static gboolean
scale_font_size (const GMatchInfo *match, GString *result, gpointer user_data)
{
  g_autofree char *number = g_match_info_fetch (match, 1);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (result, "font-size: ");
  g_string_append (result, g_ascii_formatd (buffer, sizeof buffer, "%.1f",
                                            g_ascii_strtod (number, NULL) * SEWA_DISPLAY_TEXT_SCALE));
  g_string_append (result, "px");
  return FALSE;
}

/* The kiosk's stylesheet with every font size scaled: a copy made from the stylesheet itself,
 * so a rule added there is scaled too without being listed twice. */
static char *
large_text_css (void)
{
  g_autoptr (GBytes) css = NULL;
  g_autoptr (GRegex) font_size = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize size;
  const char *data;
  char *scaled;

  css = g_resources_lookup_data ("/in/gov/punjab/SewaKiosk/style.css", G_RESOURCE_LOOKUP_FLAGS_NONE,
                                 &error);
  if (css == NULL)
    {
      g_warning ("bigger text: the stylesheet is missing: %s", error->message);
      return NULL;
    }
  data = g_bytes_get_data (css, &size);
  text = g_strndup (data, size);
  font_size = g_regex_new ("font-size:\\s*([0-9.]+)px", G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  scaled = g_regex_replace_eval (font_size, text, -1, 0, G_REGEX_MATCH_DEFAULT, scale_font_size,
                                 NULL, &error);
  if (scaled == NULL)
    g_warning ("bigger text: the stylesheet cannot be scaled: %s", error->message);
  return scaled;
}

static void
set_provider (GtkCssProvider **slot, const char *css, int priority)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (*slot != NULL)
    {
      gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (*slot));
      g_clear_object (slot);
    }
  if (css == NULL)
    return;
  *slot = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (*slot, css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (*slot), priority);
}

static void
say_mode (SewaWindow *self, GtkToggleButton *toggle, const char *on, const char *off)
{
  SewaVoice *voice;

  if (self->display_quiet || self->app == NULL)
    return;
  voice = sewa_application_get_voice (self->app);
  if (voice != NULL)
    sewa_voice_say (voice, sewa_lang_code (sewa_lang_current ()),
                    gtk_toggle_button_get_active (toggle) ? on : off);
}

static void
on_display_large_text_toggled (GtkToggleButton *toggle, SewaWindow *self)
{
  g_autofree char *css = NULL;

  if (gtk_toggle_button_get_active (toggle))
    css = large_text_css ();
  set_provider (&self->display_large_css, css, SEWA_DISPLAY_PRIORITY_LARGE_TEXT);
  say_mode (self, toggle, _("Bigger text is on."), _("Bigger text is off."));
}

static void
on_display_high_contrast_toggled (GtkToggleButton *toggle, SewaWindow *self)
{
  g_autoptr (GBytes) css = NULL;

  if (gtk_toggle_button_get_active (toggle))
    {
      g_autoptr (GError) error = NULL;

      css = g_resources_lookup_data ("/in/gov/punjab/SewaKiosk/high-contrast.css",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (css == NULL)
        g_warning ("high contrast: the stylesheet is missing: %s", error->message);
    }
  if (css != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (css, NULL), g_bytes_get_size (css));

      set_provider (&self->display_contrast_css, text, SEWA_DISPLAY_PRIORITY_HIGH_CONTRAST);
    }
  else
    set_provider (&self->display_contrast_css, NULL, 0);
  say_mode (self, toggle, _("High contrast is on."), _("High contrast is off."));
}

void
sewa_window_display_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, display_button);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, display_label);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, display_popover);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, display_large_text);
  gtk_widget_class_bind_template_child (widget_class, SewaWindow, display_high_contrast);
  gtk_widget_class_bind_template_callback (widget_class, on_display_large_text_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_display_high_contrast_toggled);
}

void
sewa_window_display_update_chrome (SewaWindow *self)
{
  gtk_label_set_label (self->display_label, _("Display"));
  gtk_button_set_label (GTK_BUTTON (self->display_large_text), _("Bigger text"));
  gtk_button_set_label (GTK_BUTTON (self->display_high_contrast), _("High contrast"));
}

void
sewa_window_display_reset (SewaWindow *self)
{
  /* The modes were this citizen's choice: quietly off, the panel closed. */
  self->display_quiet = TRUE;
  gtk_popover_popdown (self->display_popover);
  gtk_toggle_button_set_active (self->display_large_text, FALSE);
  gtk_toggle_button_set_active (self->display_high_contrast, FALSE);
  self->display_quiet = FALSE;
}

void
sewa_window_display_dispose (SewaWindow *self)
{
  set_provider (&self->display_large_css, NULL, 0);
  set_provider (&self->display_contrast_css, NULL, 0);
}
