/* sewa-capture-page.c — the capture state machine:
 *
 *   preview ──take──▶ capturing ──▶ processing ──▶ review ──use──▶ preview (page kept)
 *                                                   └──retake──▶ preview
 *
 * Preview frames are requested one at a time (a new request only when the last one came
 * back), so a slow camera slows the preview instead of piling up requests. Results that
 * arrive after the page was left are dropped by the cancellable.
 *
 * The page pipeline gets the document type's sizes and the stand's scale, so a page of the
 * wrong size is refused; the frame guide outlines those sizes where the document will lie on
 * the stand. A page measured as an ID-1 card is the card's front: the back is asked for next
 * and Done waits for it, so both sides are two pages of one document.
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
  SewaPageOptions options;
  const char *state;
  GPtrArray *pages;           /* GBytes* processed JPEG pages, kept */
  GArray *page_sizes;         /* SewaPageSize of each kept page */
  GBytes *pending;            /* processed page awaiting "use" */
  SewaPageSize pending_size;
  SewaPageVerdict last_verdict;
  guint preview_source;
  gboolean preview_in_flight;
  gboolean preview_supported;
  SewaStore *store;
};

G_DEFINE_FINAL_TYPE (SewaCapturePage, sewa_capture_page, ADW_TYPE_BIN)

#define PREVIEW_INTERVAL_MS 300

/* The size of the camera's full photos, from the last one processed in this kiosk (kept in
 * the store's settings across runs): the stand's scale is for those, and a preview frame is the
 * same view at a lower resolution. Main thread only. */
static int last_photo_width, last_photo_height;
#define PHOTO_SIZE_SETTING "camera.photo-size"

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
  SewaPageOptions options;
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

  if (!sewa_page_process_with_options (bytes, len, &job->options, &result, &error))
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
  if (result->photo_width != last_photo_width || result->photo_height != last_photo_height)
    {
      last_photo_width = result->photo_width;
      last_photo_height = result->photo_height;
      if (self->store != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%dx%d", last_photo_width, last_photo_height);
          g_autoptr (GError) store_error = NULL;

          /* Only the guide of the next run's first photo depends on it: a failure is logged. */
          if (!sewa_store_setting_put (self->store, PHOTO_SIZE_SETTING, text, &store_error))
            g_warning ("could not keep the camera's photo size: %s", store_error->message);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->guide));
  g_clear_pointer (&self->pending, g_bytes_unref);
  if (result->jpeg != NULL)
    {
      show_jpeg (self, result->jpeg);
      if (result->verdict == SEWA_PAGE_OK)
        {
          self->pending = g_bytes_ref (result->jpeg);
          self->pending_size = result->size;
        }
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
  job->options = self->options;
  task = g_task_new (self, self->cancellable, process_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) process_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, process_thread);
}

/* ---- actions --------------------------------------------------------------------------- */

/* A card's front is kept and its back not yet: every ID-1 page is one side, front then back. */
static gboolean
awaiting_back (SewaCapturePage *self)
{
  guint cards = 0;

  for (guint i = 0; i < self->page_sizes->len; i++)
    if (g_array_index (self->page_sizes, SewaPageSize, i) == SEWA_PAGE_SIZE_ID1)
      cards++;
  return cards % sewa_page_size_sides (SEWA_PAGE_SIZE_ID1) != 0;
}

/* Only a card: the first instruction names the card rather than a page. */
static gboolean
card_only (SewaCapturePage *self)
{
  return self->options.sizes == SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_ID1);
}

static void
set_place_message (SewaCapturePage *self)
{
  if (awaiting_back (self))
    set_message (self, _("Now turn the card over: put its back inside the frame and press Take photo."), FALSE);
  else if (card_only (self))
    set_message (self, _("Place the card inside the frame and press Take photo."), FALSE);
  else
    set_message (self, _("Place the page inside the frame and press Take photo."), FALSE);
}

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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capture.done",
                                 self->pages->len > 0 && !awaiting_back (self));
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
  g_array_append_val (self->page_sizes, self->pending_size);
  rebuild_strip (self);
  if (awaiting_back (self))
    set_place_message (self);
  else if (self->pending_size == SEWA_PAGE_SIZE_ID1)
    set_message (self, _("Both sides of the card are captured. Press Done."), FALSE);
  else
    set_message (self, _("Page added. Put the next page on the stand, or press Done."), FALSE);
  set_state (self, "preview");
}

static void
retake_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (widget);

  g_clear_pointer (&self->pending, g_bytes_unref);
  set_place_message (self);
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
      g_array_remove_index (self->page_sizes, index);
      rebuild_strip (self);
      set_place_message (self);
    }
}

static void
done_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (widget);

  if (self->pages->len == 0 || awaiting_back (self))
    return;
  gtk_widget_activate_action (widget, "win.document-captured", "s", self->document_id);
}

/* The sizes the guide outlines: those the document comes in, or an A4 page where that says
 * nothing (any size, or only sizes without a standard outline). */
static guint
guide_sizes (SewaCapturePage *self)
{
  guint known = SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_A4) | SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_A5) |
                SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_ID1) | SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_PHOTO);
  guint sizes = self->options.sizes & known;

  if (sizes == 0 || sizes == known)
    return SEWA_PAGE_SIZE_FLAG (SEWA_PAGE_SIZE_A4);
  return sizes;
}

static void
draw_guide (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  SewaCapturePage *self = SEWA_CAPTURE_PAGE (user_data);
  GdkPaintable *frame = gtk_picture_get_paintable (self->preview);
  double pw, ph, px_per_mm, scale, dx, dy;
  guint sizes = guide_sizes (self);

  /* Where the camera's picture lies in the preview (scaled to fit, centred), in the pixels of
   * a full photo. Before this kiosk has taken one its size is unknown, so the preview frame's
   * aspect (or a 4:3 camera's) with the default field of view is drawn instead. */
  if (last_photo_width > 0)
    pw = last_photo_width, ph = last_photo_height, px_per_mm = self->options.px_per_mm;
  else if (frame != NULL && gdk_paintable_get_intrinsic_width (frame) > 0 &&
           gdk_paintable_get_intrinsic_height (frame) > 0)
    pw = gdk_paintable_get_intrinsic_width (frame), ph = gdk_paintable_get_intrinsic_height (frame), px_per_mm = 0;
  else
    pw = 4000, ph = 3000, px_per_mm = 0;
  scale = MIN (width / pw, height / ph);
  dx = (width - pw * scale) / 2;
  dy = (height - ph * scale) / 2;

  /* Solid, so that the corners (what the citizen lines the document up with) always show. */
  cairo_set_source_rgba (cr, 1, 0.8, 0.1, 0.95);
  cairo_set_line_width (cr, 5);
  for (SewaPageSize size = 0; size < SEWA_PAGE_N_SIZES; size++)
    {
      double c[4][2];

      if (!(sizes & SEWA_PAGE_SIZE_FLAG (size)) ||
          !sewa_page_expected_outline (size, px_per_mm, (int) pw, (int) ph, c))
        continue;
      cairo_rectangle (cr, dx + c[0][0] * scale, dy + c[0][1] * scale,
                       (c[2][0] - c[0][0]) * scale, (c[2][1] - c[0][1]) * scale);
      cairo_stroke (cr);
    }
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
  g_clear_object (&self->store);
  g_clear_pointer (&self->document_id, g_free);
  g_clear_pointer (&self->pending, g_bytes_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->page_sizes, g_array_unref);
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
  self->page_sizes = g_array_new (FALSE, FALSE, sizeof (SewaPageSize));
  self->cancellable = g_cancellable_new ();
  self->preview_supported = TRUE;
  sewa_page_options_init (&self->options);
  gtk_drawing_area_set_draw_func (self->guide, draw_guide, self, NULL);
}

GtkWidget *
sewa_capture_page_new (SewaCamera *camera, const char *document_id, const char *document_label,
                       const SewaPageOptions *options, GCancellable *cancellable)
{
  SewaCapturePage *self = g_object_new (SEWA_TYPE_CAPTURE_PAGE, NULL);
  g_autofree char *heading = NULL;
  guint sizes;

  g_return_val_if_fail (options != NULL, NULL);
  self->camera = g_object_ref (camera);
  self->document_id = g_strdup (document_id);
  self->options = *options;
  /* Which outlines the guide shows, for the harness and the stylesheet to see. */
  sizes = guide_sizes (self);
  for (SewaPageSize size = 0; size < SEWA_PAGE_N_SIZES; size++)
    if (sizes & SEWA_PAGE_SIZE_FLAG (size))
      {
        g_autofree char *css = g_strconcat ("guide-", sewa_page_size_get_info (size)->name, NULL);
        gtk_widget_add_css_class (GTK_WIDGET (self->guide), css);
      }
  if (cancellable != NULL)
    {
      self->parent_cancellable = g_object_ref (cancellable);
      self->parent_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_parent_cancelled),
                                                      self->cancellable, NULL);
    }
  /* TRANSLATORS: %s is a document name, e.g. "Proof of income" */
  heading = g_strdup_printf (_("Put your %s on the stand"), document_label);
  gtk_label_set_label (self->heading, heading);
  set_place_message (self);
  rebuild_strip (self);
  set_state (self, "preview");
  self->preview_source = g_timeout_add (PREVIEW_INTERVAL_MS, preview_tick, self);
  return GTK_WIDGET (self);
}

void
sewa_capture_page_set_store (SewaCapturePage *self, SewaStore *store)
{
  g_autofree char *text = NULL;
  int w, h;

  g_return_if_fail (SEWA_IS_CAPTURE_PAGE (self));
  g_set_object (&self->store, store);
  if (store == NULL || last_photo_width > 0)
    return;
  text = sewa_store_setting_get (store, PHOTO_SIZE_SETTING, NULL);
  /* Validated: the settings table is on disk, and a damaged value must not size the guide. */
  if (text != NULL && sewa_page_photo_size_parse (text, &w, &h))
    {
      last_photo_width = w;
      last_photo_height = h;
      gtk_widget_queue_draw (GTK_WIDGET (self->guide));
    }
  else if (text != NULL)
    g_warning ("ignoring a damaged camera photo size in the settings");
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
