/* sewa-wedge-scanner.c — see sewa-wedge-scanner.h. */
#define G_LOG_DOMAIN "sewa-wedge"

#include "sewa-wedge-scanner.h"

#include <string.h>

typedef struct
{
  guint keyval;
  gunichar ch;
} HeldKey;

struct _SewaWedgeScanner
{
  GObject parent_instance;

  gint64 max_gap_us;
  guint min_length;
  gboolean auto_flush;

  GArray *held;        /* HeldKey, the keys of the burst being formed */
  gint64 last_time_us; /* time of the last held key */
  guint flush_source;
};

enum
{
  SIGNAL_SCANNED,
  SIGNAL_TYPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SewaWedgeScanner, sewa_wedge_scanner, G_TYPE_OBJECT)

static void
clear_held (SewaWedgeScanner *self)
{
  /* The held keys may be part of an Aadhaar QR. */
  if (self->held->len > 0)
    explicit_bzero (self->held->data, self->held->len * sizeof (HeldKey));
  g_array_set_size (self->held, 0);
}

static void
cancel_flush_timer (SewaWedgeScanner *self)
{
  g_clear_handle_id (&self->flush_source, g_source_remove);
}

static void
sewa_wedge_scanner_dispose (GObject *object)
{
  SewaWedgeScanner *self = SEWA_WEDGE_SCANNER (object);

  cancel_flush_timer (self);
  G_OBJECT_CLASS (sewa_wedge_scanner_parent_class)->dispose (object);
}

static void
sewa_wedge_scanner_finalize (GObject *object)
{
  SewaWedgeScanner *self = SEWA_WEDGE_SCANNER (object);

  clear_held (self);
  g_array_unref (self->held);
  G_OBJECT_CLASS (sewa_wedge_scanner_parent_class)->finalize (object);
}

static void
sewa_wedge_scanner_class_init (SewaWedgeScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sewa_wedge_scanner_dispose;
  object_class->finalize = sewa_wedge_scanner_finalize;

  signals[SIGNAL_SCANNED] = g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  signals[SIGNAL_TYPED] = g_signal_new ("typed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
sewa_wedge_scanner_init (SewaWedgeScanner *self)
{
  self->max_gap_us = SEWA_WEDGE_DEFAULT_MAX_GAP_MS * 1000;
  self->min_length = SEWA_WEDGE_DEFAULT_MIN_LENGTH;
  self->auto_flush = TRUE;
  self->held = g_array_new (FALSE, FALSE, sizeof (HeldKey));
}

SewaWedgeScanner *
sewa_wedge_scanner_new (void)
{
  return g_object_new (SEWA_TYPE_WEDGE_SCANNER, NULL);
}

void
sewa_wedge_scanner_set_timing (SewaWedgeScanner *self, guint max_gap_ms, guint min_length)
{
  g_return_if_fail (SEWA_IS_WEDGE_SCANNER (self));
  g_return_if_fail (max_gap_ms > 0 && min_length > 0);

  self->max_gap_us = (gint64) max_gap_ms * 1000;
  self->min_length = MIN (min_length, SEWA_WEDGE_MAX_LENGTH);
}

void
sewa_wedge_scanner_set_auto_flush (SewaWedgeScanner *self, gboolean auto_flush)
{
  g_return_if_fail (SEWA_IS_WEDGE_SCANNER (self));

  self->auto_flush = auto_flush;
  if (!auto_flush)
    cancel_flush_timer (self);
}

void
sewa_wedge_scanner_flush (SewaWedgeScanner *self)
{
  g_autoptr (GArray) keys = NULL;

  g_return_if_fail (SEWA_IS_WEDGE_SCANNER (self));

  cancel_flush_timer (self);
  if (self->held->len == 0)
    return;
  /* Take the keys out first: a "typed" handler may feed keys back in. */
  keys = g_array_copy (self->held);
  clear_held (self);
  g_object_ref (self);
  for (guint i = 0; i < keys->len; i++)
    {
      HeldKey *k = &g_array_index (keys, HeldKey, i);
      g_signal_emit (self, signals[SIGNAL_TYPED], 0, k->keyval, (guint) k->ch);
    }
  explicit_bzero (keys->data, keys->len * sizeof (HeldKey));
  g_object_unref (self);
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  SewaWedgeScanner *self = user_data;

  self->flush_source = 0;
  sewa_wedge_scanner_flush (self);
  return G_SOURCE_REMOVE;
}

static void
restart_flush_timer (SewaWedgeScanner *self)
{
  cancel_flush_timer (self);
  if (!self->auto_flush)
    return;
  /* A little slack over max-gap: events of one burst may reach us slightly bunched. */
  self->flush_source = g_timeout_add ((guint) (self->max_gap_us / 1000) + 20, flush_timeout_cb, self);
}

static gboolean
is_modifier (guint keyval)
{
  /* Shift_L … Hyper_R, ISO_Lock … ISO_Level5_Lock, Mode_switch: scanners press Shift for
   * capitals, and a modifier press is not a character, so it neither breaks nor joins a burst. */
  return (keyval >= 0xffe1 && keyval <= 0xffee) || (keyval >= 0xfe01 && keyval <= 0xfe13) ||
         keyval == 0xff7e;
}

static void
wipe_byte_array (gpointer data)
{
  GByteArray *array = data;

  explicit_bzero (array->data, array->len);
  g_byte_array_unref (array);
}

static void
emit_scanned (SewaWedgeScanner *self)
{
  GString *text = g_string_sized_new (self->held->len + 1);
  g_autoptr (GBytes) bytes = NULL;
  GByteArray *array;
  gsize len;

  for (guint i = 0; i < self->held->len; i++)
    g_string_append_unichar (text, g_array_index (self->held, HeldKey, i).ch);
  clear_held (self);
  len = text->len;
  array = g_byte_array_new_take ((guint8 *) g_string_free (text, FALSE), len);
  /* Wiped when the last reference goes: the text may be an Aadhaar QR. */
  bytes = g_bytes_new_with_free_func (array->data, array->len, wipe_byte_array, array);
  g_signal_emit (self, signals[SIGNAL_SCANNED], 0, bytes);
}

gboolean
sewa_wedge_scanner_feed (SewaWedgeScanner *self, guint keyval, gunichar ch, gint64 time_us)
{
  gboolean enter;

  g_return_val_if_fail (SEWA_IS_WEDGE_SCANNER (self), FALSE);

  if (is_modifier (keyval))
    return FALSE;

  enter = keyval == SEWA_WEDGE_KEY_RETURN || keyval == SEWA_WEDGE_KEY_KP_ENTER;
  if (self->held->len > 0 && time_us - self->last_time_us > self->max_gap_us)
    sewa_wedge_scanner_flush (self);

  if (enter)
    {
      if (self->held->len >= self->min_length)
        {
          cancel_flush_timer (self);
          emit_scanned (self);
          return TRUE;
        }
      /* Too short to be a scan: the held keys were typing, and Enter is the UI's. */
      sewa_wedge_scanner_flush (self);
      return FALSE;
    }

  if (ch == 0 || !g_unichar_isprint (ch) || self->held->len >= SEWA_WEDGE_MAX_LENGTH)
    {
      /* Arrows, Backspace, Tab… or an endless stream: not a scan in progress. */
      sewa_wedge_scanner_flush (self);
      return FALSE;
    }

  g_array_append_val (self->held, ((HeldKey) { keyval, ch }));
  self->last_time_us = time_us;
  restart_flush_timer (self);
  return TRUE;
}
