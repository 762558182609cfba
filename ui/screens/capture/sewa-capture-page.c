/* sewa-capture-page.c — the capture state machine:
 *
 *   preview ──take──▶ capturing ──▶ processing ──▶ review ──use──▶ preview (page kept)
 *                                                   └──retake──▶ preview
 *
 * Preview frames are requested one at a time (a new request only when the last one came
 * back), so a slow camera slows the preview instead of piling up requests. Results that
 * arrive after the page was left are dropped by the cancellable.
 */
#include "sewa-capture-page.h"

#include <glib/gi18n.h>

struct _SewaCapturePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *heading;
  GtkPicture *preview;
  GtkDrawingArea *guide;
  GtkLabel *message;
  GtkButton *take_button;
  GtkButton *use_button;
  GtkButton *retake_button;
  GtkButton *done_button;
  GtkBox *pages_box;
  GtkLabel *pages_label;

  /* Owned references */
  SewaCamera *camera;
  GCancellable *cancellable;  /* child of the session's */
  gulong parent_cancel_id;
  GCancellable *parent_cancellable;
  char *document_id;
  SewaPageMode mode;
  const char *state;
  GPtrArray *pages;           /* GBytes* processed JPEG pages, kept */
  GBytes *pending;            /* processed page awaiting "use" */
  SewaPageVerdict last_verdict;
  guint preview_source;
  gboolean preview_in_flight;
  gboolean preview_supported;
};

G_DEFINE_FINAL_TYPE (SewaCapturePage, sewa_capture_page, ADW_TYPE_BIN)

#define PREVIEW_INTERVAL_MS 300

static void set_state (SewaCapturePage *self, const char *state);

static void
set_message (SewaCapturePage *self, const char *text, gboolean problem)
{
  gtk_label_set_label (self->message, text != NULL ? text : "");
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "capture-problem");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "capture-problem");
}

static void
show_jpeg (SewaCapturePage *self, GBytes *jpeg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_bytes (jpeg, &error);

  if (texture == NULL)
    {
      g_debug ("capture: cannot show frame: %s", error->message);
      return;
    }
  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
}

static void
camera_failed (SewaCapturePage *self, const GError *error)
{
  if (g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_warning ("camera: %s", error->message);
  if (g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NO_CAMERA) ||
      g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_UNPLUGGED))
    set_message (self, _("The camera is not working. Please ask at the counter to scan your document."), TRUE);
  else
    set_message (self, _("The photo could not be taken. Please try again."), TRUE);
  set_state (self, "preview");
}

static void request_preview (SewaCapturePage *self);

static void
preview_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaCapturePage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) frame = sewa_camera_preview_finish (SEWA_CAMERA (source), result, NULL, &error);

  self->preview_in_flight = FALSE;
  if (frame == NULL)
    {
      if (g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NOT_SUPPORTED))
        self->preview_supported = FALSE;
      else
        camera_failed (self, error);
      return;
    }
  if (g_strcmp0 (self->state, "preview") == 0)
    show_jpeg (self, frame);
}

static void
request_preview (SewaCapturePage *self)
{
  if (self->preview_in_flight || !self->preview_supported ||
      g_cancellable_is_cancelled (self->cancellable) || g_strcmp0 (self->state, "preview") != 0)
    return;
  self->preview_in_flight = TRUE;
  sewa_camera_preview_async (self->camera, self->cancellable, preview_done, g_object_ref (self));
}

static gboolean
preview_tick (gpointer user_data)
{
  request_preview (SEWA_CAPTURE_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

/* ---- processing on a worker thread ---------------------------------------------------- */

typedef struct
{
  GBytes *photo;
  SewaPageMode mode;
} ProcessJob;

static void
process_job_free (ProcessJob *job)
{
  g_bytes_unref (job->photo);
  g_free (job);
}

static void
process_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ProcessJob *job = data;
  SewaPageResult *result = NULL;
  GError *error = NULL;
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (job->photo, &len);

  if (!sewa_page_process (bytes, len, job->mode, &result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) sewa_page_result_free);
}

static void
process_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaPageResult) result = g_task_propagate_pointer (G_TASK (res), &error);

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("page processing: %s", error->message);
          set_message (self, _("The photo could not be read. Please take it again."), TRUE);
          set_state (self, "preview");
        }
      return;
    }
  self->last_verdict = result->verdict;
  g_clear_pointer (&self->pending, g_bytes_unref);
  if (result->jpeg != NULL)
    {
      show_jpeg (self, result->jpeg);
      if (result->verdict == SEWA_PAGE_OK)
        self->pending = g_bytes_ref (result->jpeg);
    }
  if (result->verdict == SEWA_PAGE_OK)
    set_message (self, _("Can you read the page clearly? If yes, use it."), FALSE);
  else
    set_message (self, _(sewa_page_verdict_instruction (result->verdict)), TRUE);
  set_state (self, "review");
}

static void
capture_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaCapturePage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) photo = sewa_camera_capture_finish (SEWA_CAMERA (source), result, NULL, &error);
  g_autoptr (GTask) task = NULL;
  ProcessJob *job;

  if (photo == NULL)
    {
      camera_failed (self, error);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_state (self, "processing");
  set_message (self, _("Checking the photo…"), FALSE);
  job = g_new0 (ProcessJob, 1);
  job->photo = g_bytes_ref (photo);
  job->mode = self->mode;
  task = g_task_new (self, self->cancellable, process_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) process_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, process_thread);
}

/* ---- actions --------------------------------------------------------------------------- */

static void
rebuild_strip (SewaCapturePage *self)
{
  GtkWidget *child;
  g_autofree char *count = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box))) != NULL)
    gtk_box_remove (self->pages_box, child);
  for (guint i = 0; i < self->pages->len; i++)
    {
      g_autoptr (GdkTexture) t = gdk_texture_new_from_bytes (g_ptr_array_index (self->pages, i), NULL);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *pic = gtk_picture_new_for_paintable (t != NULL ? GDK_PAINTABLE (t) : NULL);
      GtkWidget *remove = gtk_button_new_with_label (_("Remove"));

      gtk_widget_set_size_request (pic, 60, 80);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "capture.remove");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", i);
      gtk_widget_add_css_class (remove, "remove-page");
      gtk_box_append (GTK_BOX (box), pic);
      gtk_box_append (GTK_BOX (box), remove);
      gtk_box_append (self->pages_box, box);
    }
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", self->pages->len),
                           self->pages->len);
  gtk_label_set_label (self->pages_label, count);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capture.done", self->pages->len > 0);
}

static void
set_state (SewaCapturePage *self, const char *state)
{
  gboolean preview = g_str_equal (state, "preview");
  gboolean review = g_str_equal (state, "review");

  self->state = state;
  gtk_widget_set_visible (GTK_WIDGET (self->take_button), preview);
  gtk_widget_set_sensitive (GTK_WIDGET (self->take_button), preview);
  gtk_widget_set_visible (GTK_WIDGET (self->retake_button), review);
  gtk_widget_set_visible (GTK_WIDGET (self->use_button), review && self->pending != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->guide), preview);
  if (preview)
    request_preview (self);
}

static void
take_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (widget);

  if (g_strcmp0 (self->state, "preview") != 0)
    return;
  set_state (self, "capturing");
  set_message (self, _("Hold still…"), FALSE);
  sewa_camera_capture_async (self->camera, self->cancellable, capture_done, g_object_ref (self));
}

static void
use_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (widget);

  if (self->pending == NULL)
    return;
  g_ptr_array_add (self->pages, g_steal_pointer (&self->pending));
  rebuild_strip (self);
  set_message (self, _("Page added. Put the next page on the stand, or press Done."), FALSE);
  set_state (self, "preview");
}

static void
retake_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (widget);

  g_clear_pointer (&self->pending, g_bytes_unref);
  set_message (self, _("Place the page inside the frame and press Take photo."), FALSE);
  set_state (self, "preview");
}

static void
remove_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (widget);
  guint index = g_variant_get_uint32 (param);

  if (index < self->pages->len)
    {
      g_ptr_array_remove_index (self->pages, index);
      rebuild_strip (self);
    }
}

static void
done_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (widget);

  if (self->pages->len == 0)
    return;
  gtk_widget_activate_action (widget, "win.document-captured", "s", self->document_id);
}

static void
draw_guide (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  /* An A4-shaped frame, 80 % of the height: where the paper should lie. */
  double h = height * 0.86, w = h / 1.414;
  double x = (width - w) / 2, y = (height - h) / 2;
  const double dash[] = { 18, 10 };

  cairo_set_source_rgba (cr, 1, 0.8, 0.1, 0.95);
  cairo_set_line_width (cr, 5);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_rectangle (cr, x, y, w, h);
  cairo_stroke (cr);
}

static void
on_parent_cancelled (GCancellable *parent, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
sewa_capture_page_dispose (GObject *object)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (object);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->parent_cancellable != NULL)
    g_cancellable_disconnect (self->parent_cancellable, self->parent_cancel_id);
  g_clear_object (&self->parent_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEWA_TYPE_CAPTURE_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->camera);
  g_clear_pointer (&self->document_id, g_free);
  g_clear_pointer (&self->pending, g_bytes_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  G_OBJECT_CLASS (sewa_capture_page_parent_class)->dispose (object);
}

static void
sewa_capture_page_class_init (SewaCapturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_capture_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/capture/sewa-capture-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, heading);
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, preview);
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, guide);
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, message);
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, take_button);
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, use_button);
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, retake_button);
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, done_button);
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, pages_box);
  gtk_widget_class_bind_template_child (widget_class, SewaCapturePage, pages_label);
  gtk_widget_class_install_action (widget_class, "capture.take", NULL, take_action);
  gtk_widget_class_install_action (widget_class, "capture.use", NULL, use_action);
  gtk_widget_class_install_action (widget_class, "capture.retake", NULL, retake_action);
  gtk_widget_class_install_action (widget_class, "capture.remove", "u", remove_action);
  gtk_widget_class_install_action (widget_class, "capture.done", NULL, done_action);
}

static void
sewa_capture_page_init (SewaCapturePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->cancellable = g_cancellable_new ();
  self->preview_supported = TRUE;
  gtk_drawing_area_set_draw_func (self->guide, draw_guide, NULL, NULL);
}

GtkWidget *
sewa_capture_page_new (SewaCamera *camera, const char *document_id, const char *document_label,
                       SewaPageMode mode, GCancellable *cancellable)
{
  SewaCapturePage *self = g_object_new (SEWA_TYPE_CAPTURE_PAGE, NULL);
  g_autofree char *heading = NULL;

  self->camera = g_object_ref (camera);
  self->document_id = g_strdup (document_id);
  self->mode = mode;
  if (cancellable != NULL)
    {
      self->parent_cancellable = g_object_ref (cancellable);
      self->parent_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_parent_cancelled),
                                                      self->cancellable, NULL);
    }
  /* TRANSLATORS: %s is a document name, e.g. "Proof of income" */
  heading = g_strdup_printf (_("Put your %s on the stand"), document_label);
  gtk_label_set_label (self->heading, heading);
  set_message (self, _("Place the page inside the frame and press Take photo."), FALSE);
  rebuild_strip (self);
  set_state (self, "preview");
  self->preview_source = g_timeout_add (PREVIEW_INTERVAL_MS, preview_tick, self);
  return GTK_WIDGET (self);
}

const char *
sewa_capture_page_get_document_id (SewaCapturePage *self)
{
  g_return_val_if_fail (SEWA_IS_CAPTURE_PAGE (self), NULL);
  return self->document_id;
}

guint
sewa_capture_page_get_n_pages (SewaCapturePage *self)
{
  g_return_val_if_fail (SEWA_IS_CAPTURE_PAGE (self), 0);
  return self->pages->len;
}

GBytes *
sewa_capture_page_get_page (SewaCapturePage *self, guint index)
{
  g_return_val_if_fail (SEWA_IS_CAPTURE_PAGE (self), NULL);
  return index < self->pages->len ? g_ptr_array_index (self->pages, index) : NULL;
}

const char *
sewa_capture_page_get_state (SewaCapturePage *self)
{
  g_return_val_if_fail (SEWA_IS_CAPTURE_PAGE (self), NULL);
  return self->state;
}

const char *
sewa_capture_page_get_message (SewaCapturePage *self)
{
  g_return_val_if_fail (SEWA_IS_CAPTURE_PAGE (self), NULL);
  return gtk_label_get_label (self->message);
}

SewaPageVerdict
sewa_capture_page_get_last_verdict (SewaCapturePage *self)
{
  g_return_val_if_fail (SEWA_IS_CAPTURE_PAGE (self), SEWA_PAGE_NOT_FOUND);
  return self->last_verdict;
}
