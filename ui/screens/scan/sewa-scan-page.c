/* sewa-scan-page.c — camera frames → decoder worker → dedup → classify → purpose.
 *
 *   preview frame ─┐                      ┌─ nothing / repeat: keep scanning
 *   "Scan" still ──┴─▶ worker (one at a ──┤
 *                      time, newest wins) └─ new code ─▶ classify ─▶ fits purpose? ─▶ "accepted"
 *                                                                   └─ no: say why, keep scanning
 *
 * Frames are decoded only when the camera has real live view: a camera without it (the
 * Directory Browse folder camera) would hand back its last photo again and again, which may
 * be a code the previous citizen showed. Such cameras are read with "Scan" alone.
 */
#include "sewa-scan-page.h"
#include "sewa-qr-decoder.h"
#include "sewa-qr-dedup.h"

#include <glib/gi18n.h>
#include <leptonica/allheaders.h>
#include <string.h>

struct _SewaScanPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkLabel *heading;
  GtkLabel *instruction;
  GtkPicture *view;
  GtkDrawingArea *guide;
  GtkLabel *message;
  GtkButton *scan_button;
  GtkButton *alt_button;

  /* Owned references */
  SewaCamera *camera;
  GCancellable *cancellable;     /* child of the session's */
  GCancellable *parent_cancellable;
  gulong parent_cancel_id;
  const SewaAadhaarKey *uidai_key; /* borrowed from the window */
  SewaScanPurpose purpose;
  SewaQrDecoder *decoder;        /* used by one worker job at a time */
  SewaQrDedup *dedup;
  GBytes *pending;               /* the newest frame waiting for the worker */
  gboolean pending_is_still;
  gboolean decoding;
  gboolean capturing;
  gboolean accepted;             /* a code was taken: later frames are not looked at */
  guint preview_source;
  gboolean preview_in_flight;
  gboolean preview_supported;
  guint n_decoded;
};

G_DEFINE_FINAL_TYPE (SewaScanPage, sewa_scan_page, ADW_TYPE_BIN)

enum { SIG_ACCEPTED, N_SIGNALS };
static guint signals[N_SIGNALS];

#define PREVIEW_INTERVAL_MS 200

static void
set_message (SewaScanPage *self, const char *text, gboolean problem)
{
  gtk_label_set_label (self->message, text != NULL ? text : "");
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "capture-problem");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "capture-problem");
}

static void
show_jpeg (SewaScanPage *self, GBytes *jpeg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_bytes (jpeg, &error);

  if (texture == NULL)
    {
      g_debug ("scan: cannot show frame: %s", error->message);
      return;
    }
  gtk_picture_set_paintable (self->view, GDK_PAINTABLE (texture));
}

const char *
sewa_scan_rejection_message (SewaScanPurpose purpose, const SewaQrPayload *payload)
{
  gboolean aadhaar;

  g_return_val_if_fail (payload != NULL, NULL);
  aadhaar = payload->kind == SEWA_QR_PAYLOAD_AADHAAR_SECURE || payload->kind == SEWA_QR_PAYLOAD_AADHAAR_XML;
  if (payload->kind == SEWA_QR_PAYLOAD_UNRECOGNISED)
    return _("This code is not recognised.");

  switch (purpose)
    {
    case SEWA_SCAN_PURPOSE_IDENTITY:
      if (payload->kind == SEWA_QR_PAYLOAD_RECEIPT)
        return _("This is a receipt code. To fill your details, scan the QR on your Aadhaar card.");
      if (payload->kind == SEWA_QR_PAYLOAD_PROVISIONING)
        return _("This code is for the kiosk technician. To fill your details, scan the QR on your Aadhaar card.");
      break;
    case SEWA_SCAN_PURPOSE_STATUS:
      if (aadhaar)
        return _("This is an Aadhaar code. To check a status, scan the QR on your receipt.");
      if (payload->kind == SEWA_QR_PAYLOAD_PROVISIONING)
        return _("This code is for the kiosk technician. To check a status, scan the QR on your receipt.");
      break;
    case SEWA_SCAN_PURPOSE_PROVISIONING:
      if (payload->kind != SEWA_QR_PAYLOAD_PROVISIONING)
        return _("This is not a kiosk provisioning code.");
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  /* The right kind, but its content was refused. */
  if (payload->error == NULL)
    return NULL;
  if (aadhaar)
    {
      if (payload->error->domain == SEWA_AADHAAR_ERROR)
        switch ((SewaAadhaarError) payload->error->code)
          {
          case SEWA_AADHAAR_ERROR_SIGNATURE:
          case SEWA_AADHAAR_ERROR_NO_CERT:
          case SEWA_AADHAAR_ERROR_CERT:
            return _("This Aadhaar code could not be verified. Please type your details.");
          case SEWA_AADHAAR_ERROR_NUMBER_CHECK:
            return _("The Aadhaar number on this card does not check out. Please type your details.");
          case SEWA_AADHAAR_ERROR_NOT_NUMERIC:
          case SEWA_AADHAAR_ERROR_TOO_LARGE:
          case SEWA_AADHAAR_ERROR_DECOMPRESS:
          case SEWA_AADHAAR_ERROR_FIELDS:
          case SEWA_AADHAAR_ERROR_PHOTO:
          case SEWA_AADHAAR_ERROR_UNSUPPORTED_VERSION:
          case SEWA_AADHAAR_ERROR_XML:
          case SEWA_AADHAAR_ERROR_LAYOUT:
          default:
            break;
          }
      return _("This Aadhaar code could not be read. Please type your details.");
    }
  if (payload->kind == SEWA_QR_PAYLOAD_RECEIPT)
    return _("This receipt code could not be read. Please type your reference number.");
  return _("This provisioning code is not valid. Please make a new one.");
}

gboolean
sewa_scan_page_handle_payload (SewaScanPage *self, const guint8 *data, gsize len)
{
  g_autoptr (SewaQrPayload) payload = NULL;
  const char *rejection;

  g_return_val_if_fail (SEWA_IS_SCAN_PAGE (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (self->accepted)
    return FALSE;
  payload = sewa_qr_payload_classify (data, len, self->uidai_key, g_get_real_time () / G_USEC_PER_SEC);
  /* The kind only: the payload itself may be an Aadhaar QR. */
  g_debug ("scan: %s code%s", sewa_qr_payload_kind_to_string (payload->kind),
           payload->error != NULL ? " (refused)" : "");
  rejection = sewa_scan_rejection_message (self->purpose, payload);
  if (rejection != NULL)
    {
      set_message (self, rejection, TRUE);
      return FALSE;
    }
  self->accepted = TRUE;
  set_message (self, _("Code read."), FALSE);
  /* A handler usually replaces this screen, which disposes it during the emission. */
  g_object_ref (self);
  g_signal_emit (self, signals[SIG_ACCEPTED], 0, payload);
  g_object_unref (self);
  return TRUE;
}

/* ---- decoding on a worker ------------------------------------------------------------ */

typedef struct
{
  SewaQrDecoder *decoder;
  GBytes *jpeg;
  guint budget_ms;
} DecodeJob;

static void
decode_job_free (DecodeJob *job)
{
  g_object_unref (job->decoder);
  g_bytes_unref (job->jpeg);
  g_free (job);
}

static void
free_payloads (GPtrArray *payloads)
{
  g_ptr_array_unref (payloads);
}

static void
decode_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  DecodeJob *job = data;
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (job->jpeg, &len);
  PIX *pix = pixReadMem (bytes, len);
  PIX *grey;
  GPtrArray *found;

  if (pix == NULL)
    {
      g_task_return_new_error (task, SEWA_QR_DECODER_ERROR, SEWA_QR_DECODER_ERROR_IMAGE,
                               "the camera frame is not a readable image");
      return;
    }
  /* Whatever the camera sends becomes 8-bit luminance, bytes in memory order. */
  grey = pixConvertTo8 (pix, FALSE);
  pixDestroy (&pix);
  if (grey == NULL)
    {
      g_task_return_new_error (task, SEWA_QR_DECODER_ERROR, SEWA_QR_DECODER_ERROR_IMAGE,
                               "the camera frame cannot be converted to grey");
      return;
    }
  pixEndianByteSwap (grey);
  sewa_qr_decoder_set_time_budget (job->decoder, job->budget_ms);
  found = sewa_qr_decoder_decode (job->decoder, (const guint8 *) pixGetData (grey),
                                  (guint) pixGetWidth (grey), (guint) pixGetHeight (grey),
                                  (gsize) pixGetWpl (grey) * 4, NULL);
  /* The frame may show an Aadhaar card. */
  explicit_bzero (pixGetData (grey), (gsize) pixGetWpl (grey) * 4 * (gsize) pixGetHeight (grey));
  pixDestroy (&grey);
  g_task_return_pointer (task, found, (GDestroyNotify) free_payloads);
}

static void start_decode (SewaScanPage *self);

static void
decode_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SewaScanPage *self = SEWA_SCAN_PAGE (source);
  gboolean still = GPOINTER_TO_INT (user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = g_task_propagate_pointer (G_TASK (result), &error);
  gint64 now = g_get_monotonic_time ();
  gboolean any_new = FALSE;

  self->decoding = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->n_decoded++;
  /* Hidden (the citizen went back): what the camera saw is not acted on. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_clear_pointer (&self->pending, g_bytes_unref);
      return;
    }
  if (found == NULL)
    {
      g_debug ("scan: %s", error->message);
      if (still)
        set_message (self, _("The photo could not be read. Please press Scan again."), TRUE);
    }
  for (guint i = 0; found != NULL && i < found->len && !self->accepted; i++)
    {
      GBytes *code = g_ptr_array_index (found, i);
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (code, &len);

      /* A still is what the citizen asked for: answer it even if the code was seen before. */
      if (sewa_qr_dedup_check (self->dedup, data, len, now) || still)
        {
          any_new = TRUE;
          /* Accepted: the window has moved on (this page may be disposed by now). */
          if (sewa_scan_page_handle_payload (self, data, len))
            return;
        }
    }
  if (still && found != NULL && !any_new)
    set_message (self, _("No QR code was found. Hold it inside the square and press Scan again."), TRUE);
  start_decode (self);
}

static void
start_decode (SewaScanPage *self)
{
  g_autoptr (GTask) task = NULL;
  DecodeJob *job;

  if (self->decoding || self->pending == NULL || self->accepted ||
      g_cancellable_is_cancelled (self->cancellable))
    return;
  job = g_new0 (DecodeJob, 1);
  job->decoder = g_object_ref (self->decoder);
  job->jpeg = g_steal_pointer (&self->pending);
  job->budget_ms = self->pending_is_still ? SEWA_QR_DECODER_DEFAULT_BUDGET_MS : SEWA_SCAN_PREVIEW_BUDGET_MS;
  self->decoding = TRUE;
  task = g_task_new (self, self->cancellable, decode_done, GINT_TO_POINTER (self->pending_is_still));
  self->pending_is_still = FALSE;
  g_task_set_task_data (task, job, (GDestroyNotify) decode_job_free);
  g_task_run_in_thread (task, decode_thread);
}

/* Newest frame wins; a still the citizen asked for is never dropped for a preview frame. */
static void
submit_frame (SewaScanPage *self, GBytes *jpeg, gboolean still)
{
  if (self->accepted)
    return;
  if (!still && self->pending != NULL && self->pending_is_still)
    return;
  g_clear_pointer (&self->pending, g_bytes_unref);
  self->pending = g_bytes_ref (jpeg);
  self->pending_is_still = still;
  start_decode (self);
}

/* ---- camera --------------------------------------------------------------------------- */

static void
camera_failed (SewaScanPage *self, const GError *error)
{
  if (g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_warning ("camera: %s", error->message);
  if (g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NO_CAMERA) ||
      g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_UNPLUGGED))
    set_message (self, _("The camera is not working. Please ask at the counter for help."), TRUE);
  else
    set_message (self, _("The camera could not take a picture. Please press Scan again."), TRUE);
}

static void
preview_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaScanPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) frame = sewa_camera_preview_finish (SEWA_CAMERA (source), result, NULL, &error);

  self->preview_in_flight = FALSE;
  /* Left behind: the page may already be disposed. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (frame == NULL)
    {
      if (g_error_matches (error, SEWA_CAMERA_ERROR, SEWA_CAMERA_ERROR_NOT_SUPPORTED))
        self->preview_supported = FALSE;
      else
        camera_failed (self, error);
      return;
    }
  /* Known only once the camera is open, i.e. now. */
  if (!sewa_camera_can_preview (self->camera))
    {
      self->preview_supported = FALSE;
      g_clear_handle_id (&self->preview_source, g_source_remove);
      return;
    }
  if (self->capturing || self->accepted)
    return;
  show_jpeg (self, frame);
  submit_frame (self, frame, FALSE);
}

static gboolean
preview_tick (gpointer user_data)
{
  SewaScanPage *self = SEWA_SCAN_PAGE (user_data);

  if (!self->preview_supported)
    {
      self->preview_source = 0;
      return G_SOURCE_REMOVE;
    }
  /* No new frame while the last one is still being decoded: it would only be replaced. */
  if (self->preview_in_flight || self->capturing || self->accepted || self->pending != NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)) || g_cancellable_is_cancelled (self->cancellable))
    return G_SOURCE_CONTINUE;
  self->preview_in_flight = TRUE;
  sewa_camera_preview_async (self->camera, self->cancellable, preview_done, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

static void
capture_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SewaScanPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) photo = sewa_camera_capture_finish (SEWA_CAMERA (source), result, NULL, &error);

  self->capturing = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.capture", TRUE);
  if (photo == NULL)
    {
      camera_failed (self, error);
      return;
    }
  if (self->accepted)
    return;
  show_jpeg (self, photo);
  submit_frame (self, photo, TRUE);
}

static void
capture_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SewaScanPage *self = SEWA_SCAN_PAGE (widget);

  if (self->capturing || self->accepted)
    return;
  self->capturing = TRUE;
  gtk_widget_action_set_enabled (widget, "scan.capture", FALSE);
  set_message (self, _("Reading the code…"), FALSE);
  sewa_camera_capture_async (self->camera, self->cancellable, capture_done, g_object_ref (self));
}

static void
draw_guide (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  /* A square, 70 % of the shorter side, with corner marks: where the code should be. */
  double side = MIN (width, height) * 0.7, corner = side * 0.18;
  double x = (width - side) / 2, y = (height - side) / 2;

  cairo_set_source_rgba (cr, 1, 0.8, 0.1, 0.95);
  cairo_set_line_width (cr, 8);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int i = 0; i < 4; i++)
    {
      double cx = (i & 1) ? x + side : x, cy = (i & 2) ? y + side : y;
      double dx = (i & 1) ? -corner : corner, dy = (i & 2) ? -corner : corner;

      cairo_move_to (cr, cx + dx, cy);
      cairo_line_to (cr, cx, cy);
      cairo_line_to (cr, cx, cy + dy);
    }
  cairo_stroke (cr);
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgba (cr, 1, 0.8, 0.1, 0.5);
  cairo_rectangle (cr, x, y, side, side);
  cairo_stroke (cr);
}

static void
on_parent_cancelled (GCancellable *parent, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
sewa_scan_page_dispose (GObject *object)
{
  SewaScanPage *self = SEWA_SCAN_PAGE (object);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->parent_cancellable != NULL)
    g_cancellable_disconnect (self->parent_cancellable, self->parent_cancel_id);
  self->parent_cancel_id = 0;
  g_clear_object (&self->parent_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEWA_TYPE_SCAN_PAGE);
  g_clear_object (&self->camera);
  g_clear_pointer (&self->pending, g_bytes_unref);
  g_clear_pointer (&self->dedup, sewa_qr_dedup_free);
  G_OBJECT_CLASS (sewa_scan_page_parent_class)->dispose (object);
}

static void
sewa_scan_page_finalize (GObject *object)
{
  SewaScanPage *self = SEWA_SCAN_PAGE (object);

  /* Last: a worker job holds its own reference to the decoder until it ends. */
  g_clear_object (&self->decoder);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sewa_scan_page_parent_class)->finalize (object);
}

static void
sewa_scan_page_class_init (SewaScanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sewa_scan_page_dispose;
  object_class->finalize = sewa_scan_page_finalize;

  signals[SIG_ACCEPTED] = g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/in/gov/punjab/SewaKiosk/screens/scan/sewa-scan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SewaScanPage, heading);
  gtk_widget_class_bind_template_child (widget_class, SewaScanPage, instruction);
  gtk_widget_class_bind_template_child (widget_class, SewaScanPage, view);
  gtk_widget_class_bind_template_child (widget_class, SewaScanPage, guide);
  gtk_widget_class_bind_template_child (widget_class, SewaScanPage, message);
  gtk_widget_class_bind_template_child (widget_class, SewaScanPage, scan_button);
  gtk_widget_class_bind_template_child (widget_class, SewaScanPage, alt_button);
  gtk_widget_class_install_action (widget_class, "scan.capture", NULL, capture_action);
}

static void
sewa_scan_page_init (SewaScanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->decoder = sewa_qr_decoder_new ();
  self->dedup = sewa_qr_dedup_new (SEWA_QR_DEDUP_DEFAULT_WINDOW_MS);
  self->preview_supported = TRUE;
  gtk_drawing_area_set_draw_func (self->guide, draw_guide, NULL, NULL);
}

GtkWidget *
sewa_scan_page_new (SewaCamera *camera, SewaScanPurpose purpose, const SewaAadhaarKey *uidai_key,
                    GCancellable *cancellable)
{
  SewaScanPage *self;

  g_return_val_if_fail (SEWA_IS_CAMERA (camera), NULL);

  self = g_object_new (SEWA_TYPE_SCAN_PAGE, NULL);
  self->camera = g_object_ref (camera);
  self->purpose = purpose;
  self->uidai_key = uidai_key;
  if (cancellable != NULL)
    {
      self->parent_cancellable = g_object_ref (cancellable);
      self->parent_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_parent_cancelled),
                                                      self->cancellable, NULL);
    }
  switch (purpose)
    {
    case SEWA_SCAN_PURPOSE_IDENTITY:
      gtk_label_set_label (self->heading, _("Scan the QR code on your Aadhaar card"));
      break;
    case SEWA_SCAN_PURPOSE_STATUS:
      gtk_label_set_label (self->heading, _("Scan the QR code on your receipt"));
      break;
    case SEWA_SCAN_PURPOSE_PROVISIONING:
    default:
      gtk_label_set_label (self->heading, _("Scan the kiosk provisioning code"));
      break;
    }
  self->preview_source = g_timeout_add (PREVIEW_INTERVAL_MS, preview_tick, self);
  preview_tick (self);
  return GTK_WIDGET (self);
}

SewaScanPurpose
sewa_scan_page_get_purpose (SewaScanPage *self)
{
  g_return_val_if_fail (SEWA_IS_SCAN_PAGE (self), SEWA_SCAN_PURPOSE_IDENTITY);
  return self->purpose;
}

void
sewa_scan_page_set_alternative (SewaScanPage *self, const char *label, const char *action_name)
{
  GtkWidget *child;

  g_return_if_fail (SEWA_IS_SCAN_PAGE (self));
  gtk_button_set_label (self->alt_button, label);
  /* At 150 % text (#20) "Type the reference number instead" on one line is wider than the room
   * beside the camera and pushed the screen past its right edge: it wraps instead. */
  child = gtk_button_get_child (self->alt_button);
  if (GTK_IS_LABEL (child))
    {
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_label_set_justify (GTK_LABEL (child), GTK_JUSTIFY_CENTER);
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->alt_button), action_name);
  gtk_widget_set_visible (GTK_WIDGET (self->alt_button), label != NULL && action_name != NULL);
}

const char *
sewa_scan_page_get_message (SewaScanPage *self)
{
  g_return_val_if_fail (SEWA_IS_SCAN_PAGE (self), NULL);
  return gtk_label_get_label (self->message);
}

gboolean
sewa_scan_page_is_busy (SewaScanPage *self)
{
  g_return_val_if_fail (SEWA_IS_SCAN_PAGE (self), FALSE);
  return self->capturing || self->decoding || self->pending != NULL;
}

guint
sewa_scan_page_get_n_decoded (SewaScanPage *self)
{
  g_return_val_if_fail (SEWA_IS_SCAN_PAGE (self), 0);
  return self->n_decoded;
}

void
sewa_scan_page_show_message (SewaScanPage *self, const char *text, gboolean problem)
{
  g_return_if_fail (SEWA_IS_SCAN_PAGE (self));
  set_message (self, text, problem);
}
