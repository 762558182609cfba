/* sewa-test-probe.c — what the screen shows, as JSON, for the real-input UI tests and bench.
 *
 * The probe only observes: there is deliberately no request that activates anything, so a test
 * that passes has pressed the same pixels a citizen would. Bounds are reported in each native
 * surface's own coordinates together with that surface's X window, and the test translates
 * them to the screen through the X server (XTranslateCoordinates) instead of trusting where the
 * kiosk believes it is.
 */
#include "sewa-test-probe.h"
#include "sewa-screenshot.h"
#include "sewa-window.h"
#include "sewa-window-private.h"
#include "sewa-application.h"
#include "sewa-osk.h"
#include "sewa-a11y.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#define FRAME_RING 1024

struct _SewaTestProbe
{
  GObject parent_instance;

  /* Owned references */
  GSocketService *service;
  char *path;
  GtkWindow *window;          /* weak */
  GdkFrameClock *clock;       /* weak: the window's, once realized */
  gulong paint_id;
  gboolean painting;          /* this frame cycle paints */
  guint answer_id;            /* idle answering the pending clients */
  GPtrArray *pending;         /* Client* waiting for the next frame to answer "state" */
  GCancellable *cancellable;  /* every client's reads and writes */
  gulong after_paint_id;
  gulong realize_id;
  guint64 frames;             /* frames painted since the probe started */
  gint64 frame_us[FRAME_RING]; /* monotonic µs at the end of each of the last frames */
  guint64 releases;           /* button releases handed to GTK */
  guint64 scrolls;            /* wheel steps handled */
  guint event_signal;         /* GdkSurface::event */
  gulong event_hook;
};

G_DEFINE_FINAL_TYPE (SewaTestProbe, sewa_test_probe, G_TYPE_OBJECT)

/* Only frames that drew something count: the clock emits "paint" only in a cycle where part
 * of the window was invalidated; the frame is done at "after-paint". */
static void
on_paint (GdkFrameClock *clock, gpointer user_data)
{
  SEWA_TEST_PROBE (user_data)->painting = TRUE;
}

/* A tap's release reaches the kiosk through the X server and GDK's event queue, which holds
 * events while a frame is drawn: the test cannot know from the probe's socket when its taps
 * have been handled, only from these counts. They are taken where GDK hands each event to GTK
 * (every surface's "event" signal, seen by an emission hook before GTK's own handler ends the
 * emission), so a release that lands on a popover closing under it counts as well. Keys need
 * no count: they go to the focused widget wherever the pointer is, in the order sent. */
static gboolean
on_surface_event (GSignalInvocationHint *hint, guint n_values, const GValue *values,
                  gpointer user_data)
{
  SewaTestProbe *self = SEWA_TEST_PROBE (user_data);
  GdkEvent *event = n_values >= 2 ? g_value_peek_pointer (&values[1]) : NULL;
  GdkEventType type;

  if (event == NULL)
    return TRUE;
  type = gdk_event_get_event_type (event);
  if (type == GDK_BUTTON_RELEASE)
    self->releases++;
  else if (type == GDK_SCROLL)
    self->scrolls++;
  return TRUE;
}

static void
add_input_counts (SewaTestProbe *self, JsonBuilder *b)
{
  json_builder_set_member_name (b, "releases");
  json_builder_add_int_value (b, (gint64) self->releases);
  json_builder_set_member_name (b, "scrolls");
  json_builder_add_int_value (b, (gint64) self->scrolls);
}

static void answer_pending (SewaTestProbe *self);

static gboolean
answer_pending_idle (gpointer user_data)
{
  SewaTestProbe *self = SEWA_TEST_PROBE (user_data);

  self->answer_id = 0;
  answer_pending (self);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock, gpointer user_data)
{
  SewaTestProbe *self = SEWA_TEST_PROBE (user_data);

  if (self->painting)
    {
      self->frame_us[self->frames % FRAME_RING] = g_get_monotonic_time ();
      self->frames++;
      self->painting = FALSE;
    }
  /* Input read during the frame is held back until the frame ends: answer after GDK has
   * handed it out, so a test that sent a tap before asking sees what the tap did. */
  if (self->pending->len > 0 && self->answer_id == 0)
    self->answer_id = g_idle_add_full (G_PRIORITY_LOW, answer_pending_idle, g_object_ref (self),
                                       g_object_unref);
}

static void
watch_frame_clock (SewaTestProbe *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->window));

  if (clock == NULL || clock == self->clock)
    return;
  if (self->clock != NULL)
    {
      g_clear_signal_handler (&self->after_paint_id, self->clock);
      g_clear_signal_handler (&self->paint_id, self->clock);
    }
  g_set_weak_pointer (&self->clock, clock);
  self->paint_id = g_signal_connect (clock, "paint", G_CALLBACK (on_paint), self);
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), self);
}

static void
on_window_realize (GtkWidget *window, gpointer user_data)
{
  watch_frame_clock (SEWA_TEST_PROBE (user_data));
}

/* ---- the widget tree --------------------------------------------------------------------- */

typedef struct
{
  JsonBuilder *widgets;
  GPtrArray *natives;  /* GtkNative (borrowed), index = native id in the answer */
  int next_index;
} Walk;

static gboolean
is_container_only (GtkWidget *w)
{
  /* Scrolling and list containers carry gestures for kinetic scrolling or rubber-banding; the
   * touch targets are their rows and children, not the containers. */
  return GTK_IS_SCROLLED_WINDOW (w) || GTK_IS_SCROLLBAR (w) || GTK_IS_VIEWPORT (w) ||
         GTK_IS_LIST_BOX (w) || GTK_IS_FLOW_BOX (w) || GTK_IS_LIST_VIEW (w) ||
         GTK_IS_GRID_VIEW (w) || GTK_IS_NATIVE (w) || GTK_IS_POPOVER (w);
}

static gboolean
has_press_gesture (GtkWidget *w)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (w);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (c) || GTK_IS_GESTURE_DRAG (c) || GTK_IS_GESTURE_LONG_PRESS (c))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_interactive (GtkWidget *w, gboolean in_scrollbar)
{
  if (in_scrollbar || is_container_only (w))
    return FALSE;
  if (GTK_IS_BUTTON (w) || GTK_IS_EDITABLE (w) || GTK_IS_CHECK_BUTTON (w) ||
      GTK_IS_DROP_DOWN (w) || GTK_IS_SWITCH (w) || GTK_IS_SCALE (w) ||
      GTK_IS_MENU_BUTTON (w) || GTK_IS_FLOW_BOX_CHILD (w))
    return TRUE;
  if (GTK_IS_LIST_BOX_ROW (w))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (w));
  /* Layout containers and plain labels take no presses; asking every one of them for its
   * controllers would make each answer slow. */
  if (GTK_IS_BOX (w) || GTK_IS_GRID (w) || GTK_IS_CENTER_BOX (w) || GTK_IS_STACK (w) ||
      GTK_IS_OVERLAY (w) || (GTK_IS_LABEL (w) && !gtk_label_get_selectable (GTK_LABEL (w))))
    return FALSE;
  return has_press_gesture (w);
}

/* The text a citizen reads on the widget: a label's, a button's or an editable's. */
static const char *
widget_text (GtkWidget *w)
{
  if (GTK_IS_LABEL (w))
    return gtk_label_get_text (GTK_LABEL (w));
  if (GTK_IS_BUTTON (w))
    return gtk_button_get_label (GTK_BUTTON (w));
  if (GTK_IS_CHECK_BUTTON (w))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (w));
  if (GTK_IS_EDITABLE (w))
    return gtk_editable_get_text (GTK_EDITABLE (w));
  return NULL;
}

/* The name a screen reader gets for @w, as far as GTK's own accessible state confirms it: the
 * name the kiosk set (sewa_a11y_set_name), the text of the label it is labelled by, or the text
 * GTK itself gives a button, check button or label. Each candidate counts only if GTK's
 * accessible holds it (gtk_test_accessible_check_*): GTK 4.8 cannot read a name back, but it
 * can confirm one. NULL: no name a screen reader could say. */
static const char *
accessible_name (GtkWidget *w)
{
  GtkWidget *by = sewa_a11y_get_labelled_by (w);
  const char *name = sewa_a11y_get_name (w);
  g_autofree char *mismatch = NULL;

  if (name != NULL && *name != '\0' &&
      (mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                      name)) == NULL)
    return name;
  g_clear_pointer (&mismatch, g_free);
  if (by != NULL && GTK_IS_LABEL (by) && *gtk_label_get_text (GTK_LABEL (by)) != '\0' &&
      (mismatch = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (w),
                                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, by,
                                                      NULL)) == NULL)
    return gtk_label_get_text (GTK_LABEL (by));
  g_clear_pointer (&mismatch, g_free);
  if (GTK_IS_EDITABLE (w))
    return NULL;  /* its text is its value, not its name */
  name = widget_text (w);
  if (name != NULL && *name != '\0' &&
      (mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                      name)) == NULL)
    return name;
  /* GTK names a button or check button with a text by relating it to its own label. */
  if ((GTK_IS_BUTTON (w) || GTK_IS_CHECK_BUTTON (w)))
    for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
      {
        g_autofree char *m = NULL;

        if (GTK_IS_LABEL (c) && *gtk_label_get_text (GTK_LABEL (c)) != '\0' &&
            (m = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (w),
                                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY, c,
                                                     NULL)) == NULL)
          return gtk_label_get_text (GTK_LABEL (c));
      }
  return NULL;
}

/* With GTK_A11Y=none (the UI tests' default, scripts/with-display) GTK keeps no accessible state
 * to confirm anything against; the accessibility test runs the kiosk with GTK_A11Y=test, GTK's
 * in-process backend that holds exactly what a screen reader would be given. */
static gboolean
accessibility_on (void)
{
  return g_strcmp0 (g_getenv ("GTK_A11Y"), "none") != 0;
}

static void
add_accessible (JsonBuilder *b, GtkWidget *w)
{
  GtkWidget *by = sewa_a11y_get_labelled_by (w);
  GtkWidget *desc = sewa_a11y_get_described_by (w);
  const char *name = accessible_name (w);
  g_autofree char *mismatch = NULL;

  json_builder_set_member_name (b, "a11y");
  json_builder_begin_object (b);
  if (name != NULL)
    {
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
    }
  if (by != NULL && GTK_IS_LABEL (by) &&
      (mismatch = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (w),
                                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, by,
                                                      NULL)) == NULL)
    {
      json_builder_set_member_name (b, "labelled_by");
      json_builder_add_string_value (b, gtk_label_get_text (GTK_LABEL (by)));
    }
  g_clear_pointer (&mismatch, g_free);
  if (desc != NULL && GTK_IS_LABEL (desc) &&
      (mismatch = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (w),
                                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, desc,
                                                      NULL)) == NULL)
    {
      json_builder_set_member_name (b, "described_by");
      json_builder_add_string_value (b, gtk_label_get_text (GTK_LABEL (desc)));
    }
  if (sewa_a11y_is_alert (w))
    {
      json_builder_set_member_name (b, "alert");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
}

static int
native_index (Walk *walk, GtkNative *native)
{
  guint i;

  if (g_ptr_array_find (walk->natives, native, &i))
    return (int) i;
  g_ptr_array_add (walk->natives, native);
  return (int) walk->natives->len - 1;
}

/* The layer of a GtkOverlay that a finger at the centre of @w's visible part would press
 * instead of @w: NULL when nothing lies above @w there. Only a layer counts (a full-screen
 * question over the screen): two widgets of one layer that overlap are a layout fault the
 * invariants must still see, and the keyboard has its own check. */
static GtkWidget *
covering_layer (GtkWidget *w, const graphene_rect_t *visible)
{
  GtkNative *native = gtk_widget_get_native (w);
  double sx = 0, sy = 0;
  GtkWidget *hit;

  if (native == NULL || visible->size.width <= 0 || visible->size.height <= 0)
    return NULL;
  gtk_native_get_surface_transform (native, &sx, &sy);
  /* Insensitive widgets are still where they are: a disabled button is shown, not covered. */
  hit = gtk_widget_pick (GTK_WIDGET (native),
                         visible->origin.x + visible->size.width / 2 - sx,
                         visible->origin.y + visible->size.height / 2 - sy,
                         GTK_PICK_INSENSITIVE);
  if (hit == NULL || hit == w || gtk_widget_is_ancestor (hit, w))
    return NULL;
  for (GtkWidget *a = hit; a != NULL; a = gtk_widget_get_parent (a))
    {
      GtkWidget *p = gtk_widget_get_parent (a);

      if (p != NULL && GTK_IS_OVERLAY (p) && gtk_overlay_get_child (GTK_OVERLAY (p)) != a &&
          a != w && !gtk_widget_is_ancestor (w, a))
        return a;
    }
  return NULL;
}

/* @w's bounds in its native surface's coordinates. */
static gboolean
surface_bounds (GtkWidget *w, graphene_rect_t *out)
{
  GtkNative *native = gtk_widget_get_native (w);
  double sx = 0, sy = 0;

  if (native == NULL || !gtk_widget_compute_bounds (w, GTK_WIDGET (native), out))
    return FALSE;
  gtk_native_get_surface_transform (native, &sx, &sy);
  graphene_rect_offset (out, (float) sx, (float) sy);
  return TRUE;
}

static void
add_rect (JsonBuilder *b, const char *prefix, const graphene_rect_t *r)
{
  char key[8];

  g_snprintf (key, sizeof key, "%sx", prefix);
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, (gint64) floorf (r->origin.x));
  g_snprintf (key, sizeof key, "%sy", prefix);
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, (gint64) floorf (r->origin.y));
  g_snprintf (key, sizeof key, "%sw", prefix);
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, (gint64) ceilf (r->size.width));
  g_snprintf (key, sizeof key, "%sh", prefix);
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, (gint64) ceilf (r->size.height));
}

static void
walk_widget (Walk *walk, GtkWidget *w, int parent, const graphene_rect_t *clip,
             gboolean in_scroller, gboolean in_scrollbar)
{
  JsonBuilder *b = walk->widgets;
  graphene_rect_t bounds, visible, child_clip;
  const graphene_rect_t *clip_for_children = clip;
  GtkNative *native;
  const char *id, *text, *name;
  g_auto (GStrv) classes = NULL;
  GtkAccessibleRole role;
  g_autoptr (GEnumClass) roles = NULL;
  GEnumValue *role_value;
  int index;
  gboolean interactive;
  GtkWidget *cover;

  if (!gtk_widget_is_drawable (w) || !surface_bounds (w, &bounds))
    return;
  /* A labelled button's own label says nothing the button does not: leave it out, which
   * halves the answer on screens with the keyboard. */
  if (GTK_IS_LABEL (w) && GTK_IS_BUTTON (gtk_widget_get_parent (w)) &&
      gtk_button_get_label (GTK_BUTTON (gtk_widget_get_parent (w))) != NULL)
    return;
  native = gtk_widget_get_native (w);
  if (clip != NULL)
    {
      if (!graphene_rect_intersection (&bounds, clip, &visible))
        graphene_rect_init (&visible, bounds.origin.x, bounds.origin.y, 0, 0);
    }
  else
    visible = bounds;
  in_scrollbar = in_scrollbar || GTK_IS_SCROLLBAR (w);

  index = walk->next_index++;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "i");
  json_builder_add_int_value (b, index);
  json_builder_set_member_name (b, "parent");
  json_builder_add_int_value (b, parent);
  json_builder_set_member_name (b, "native");
  json_builder_add_int_value (b, native_index (walk, native));
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, G_OBJECT_TYPE_NAME (w));
  /* GtkBuilder names objects without an id "___object_N___": that is no name to find them by. */
  if (GTK_IS_BUILDABLE (w) && (id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (w))) != NULL &&
      !g_str_has_prefix (id, "___object_"))
    {
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
    }
  name = gtk_widget_get_name (w);
  if (name != NULL && g_strcmp0 (name, G_OBJECT_TYPE_NAME (w)) != 0)
    {
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
    }
  classes = gtk_widget_get_css_classes (w);
  json_builder_set_member_name (b, "classes");
  json_builder_begin_array (b);
  for (guint i = 0; classes != NULL && classes[i] != NULL; i++)
    json_builder_add_string_value (b, classes[i]);
  json_builder_end_array (b);
  if ((text = widget_text (w)) != NULL)
    {
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
    }
  if (widget_text (w) != NULL)
    {
      /* The text's size and weight, for the contrast test (large text needs only 3:1). */
      const PangoFontDescription *font =
        pango_context_get_font_description (gtk_widget_get_pango_context (w));
      double px = pango_font_description_get_size (font) / (double) PANGO_SCALE;

      if (!pango_font_description_get_size_is_absolute (font))
        px = px * 96.0 / 72.0;
      json_builder_set_member_name (b, "font_px");
      json_builder_add_double_value (b, px);
      json_builder_set_member_name (b, "bold");
      json_builder_add_boolean_value (b, pango_font_description_get_weight (font) >= PANGO_WEIGHT_BOLD);
    }
  if ((text = g_object_get_data (G_OBJECT (w), "sewa-osk-text")) != NULL)
    {
      /* What an on-screen key types (its label may differ: ZWJ, ZWNJ, space). */
      json_builder_set_member_name (b, "types");
      json_builder_add_string_value (b, text);
    }
  role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w));
  roles = g_type_class_ref (GTK_TYPE_ACCESSIBLE_ROLE);
  role_value = g_enum_get_value (roles, (int) role);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, role_value != NULL ? role_value->value_nick : "unknown");
  json_builder_set_member_name (b, "sensitive");
  json_builder_add_boolean_value (b, gtk_widget_is_sensitive (w));
  json_builder_set_member_name (b, "focus");
  json_builder_add_boolean_value (b, gtk_widget_has_focus (w) ||
                                       (GTK_IS_EDITABLE (w) &&
                                        (gtk_widget_get_state_flags (w) & GTK_STATE_FLAG_FOCUS_WITHIN)));
  if (GTK_IS_EDITABLE (w))
    {
      /* A selected text is replaced by the next key, as a hardware keyboard would. */
      json_builder_set_member_name (b, "selection");
      json_builder_add_boolean_value (b, gtk_editable_get_selection_bounds (GTK_EDITABLE (w), NULL, NULL));
    }
  if (GTK_IS_CHECK_BUTTON (w) || GTK_IS_TOGGLE_BUTTON (w))
    {
      json_builder_set_member_name (b, "active");
      json_builder_add_boolean_value (b, GTK_IS_CHECK_BUTTON (w)
                                             ? gtk_check_button_get_active (GTK_CHECK_BUTTON (w))
                                             : gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (w)));
    }
  interactive = is_interactive (w, in_scrollbar);
  json_builder_set_member_name (b, "interactive");
  json_builder_add_boolean_value (b, interactive);
  /* Only what a screen reader acts on or is told by: asking GTK about every layout box would
   * slow each answer down. */
  if ((interactive || GTK_IS_LABEL (w) || sewa_a11y_get_labelled_by (w) != NULL) && accessibility_on ())
    add_accessible (b, w);
  if (interactive && (cover = covering_layer (w, &visible)) != NULL)
    {
      const char *cover_id = GTK_IS_BUILDABLE (cover)
                               ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (cover)) : NULL;

      json_builder_set_member_name (b, "covered_by");
      json_builder_add_string_value (b, cover_id != NULL ? cover_id : G_OBJECT_TYPE_NAME (cover));
    }
  json_builder_set_member_name (b, "in_scroller");
  json_builder_add_boolean_value (b, in_scroller);
  add_rect (b, "", &bounds);
  add_rect (b, "v", &visible);
  json_builder_end_object (b);

  /* What a scrolled window, viewport, surface or any widget that hides its overflow cuts off;
   * other widgets let their children draw outside them. */
  if (gtk_widget_get_overflow (w) == GTK_OVERFLOW_HIDDEN || GTK_IS_SCROLLED_WINDOW (w) ||
      GTK_IS_VIEWPORT (w) || GTK_IS_NATIVE (w))
    {
      child_clip = visible;
      clip_for_children = &child_clip;
    }
  in_scroller = in_scroller || GTK_IS_SCROLLED_WINDOW (w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      /* A popover is a surface of its own: its edge clips it, not its parent's. */
      if (GTK_IS_NATIVE (c))
        walk_widget (walk, c, index, NULL, FALSE, FALSE);
      else
        walk_widget (walk, c, index, clip_for_children, in_scroller, in_scrollbar);
    }
}

static SewaOsk *
find_visible_osk (GtkWidget *w)
{
  if (!gtk_widget_is_drawable (w))
    return NULL;
  if (SEWA_IS_OSK (w))
    return SEWA_OSK (w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      SewaOsk *found = find_visible_osk (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
add_osk (SewaTestProbe *self, JsonBuilder *b, Walk *walk)
{
  SewaOsk *osk = find_visible_osk (GTK_WIDGET (self->window));
  graphene_rect_t r;

  json_builder_set_member_name (b, "osk");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "visible");
  json_builder_add_boolean_value (b, osk != NULL && surface_bounds (GTK_WIDGET (osk), &r));
  if (osk != NULL && surface_bounds (GTK_WIDGET (osk), &r))
    {
      json_builder_set_member_name (b, "layout");
      json_builder_add_string_value (b, sewa_osk_layout_get (sewa_osk_get_layout (osk))->name);
      json_builder_set_member_name (b, "native");
      json_builder_add_int_value (b, native_index (walk, gtk_widget_get_native (GTK_WIDGET (osk))));
      add_rect (b, "", &r);
    }
  json_builder_end_object (b);
}

static void
add_natives (JsonBuilder *b, GPtrArray *natives, GtkWindow *root)
{
  json_builder_set_member_name (b, "natives");
  json_builder_begin_array (b);
  for (guint i = 0; i < natives->len; i++)
    {
      GtkNative *native = g_ptr_array_index (natives, i);
      GdkSurface *surface = gtk_native_get_surface (native);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, G_OBJECT_TYPE_NAME (native));
      json_builder_set_member_name (b, "main");
      json_builder_add_boolean_value (b, (gpointer) native == (gpointer) root);
#ifdef GDK_WINDOWING_X11
      if (surface != NULL && GDK_IS_X11_SURFACE (surface))
        {
          json_builder_set_member_name (b, "xid");
          json_builder_add_int_value (b, (gint64) gdk_x11_surface_get_xid (surface));
        }
#endif
      if (surface != NULL)
        {
          json_builder_set_member_name (b, "width");
          json_builder_add_int_value (b, gdk_surface_get_width (surface));
          json_builder_set_member_name (b, "height");
          json_builder_add_int_value (b, gdk_surface_get_height (surface));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* What the citizen session holds, as the session API reports it: whether there is a token, never
 * the token (tests check an idle reset wiped it without seeing citizen data). */
static void
answer_session (SewaTestProbe *self, JsonBuilder *b)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self->window));
  SewaSession *session = SEWA_IS_APPLICATION (app) ? sewa_application_get_session (SEWA_APPLICATION (app)) : NULL;

  if (session == NULL)
    return;
  json_builder_set_member_name (b, "session");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, sewa_session_is_active (session));
  json_builder_set_member_name (b, "identity_method");
  json_builder_add_string_value (b, sewa_identity_method_to_string (sewa_session_get_identity_method (session)));
  json_builder_set_member_name (b, "has_citizen_token");
  json_builder_add_boolean_value (b, sewa_session_get_citizen_token (session) != NULL);
  json_builder_set_member_name (b, "values");
  json_builder_add_int_value (b, sewa_session_count_values (session));
  json_builder_set_member_name (b, "vault_documents");
  json_builder_add_int_value (b, sewa_session_get_vault (session) != NULL ? sewa_session_get_vault (session)->len : 0);
  json_builder_set_member_name (b, "vault_consent");
  json_builder_add_int_value (b, sewa_session_get_vault_consent (session));
  /* Whether details from earlier applications are held, never what they are. */
  json_builder_set_member_name (b, "has_prefill");
  json_builder_add_boolean_value (b, sewa_session_get_prefill (session) != NULL);
  json_builder_end_object (b);
}

/* What the voice was last asked to say and how many times it has been asked (the reference on
 * the done screen is the one the receipt prints; it is no citizen's personal data). */
static void
answer_voice (SewaTestProbe *self, JsonBuilder *b)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self->window));
  SewaVoice *voice = SEWA_IS_APPLICATION (app) ? sewa_application_get_voice (SEWA_APPLICATION (app)) : NULL;
  g_autofree char *text = NULL;

  if (voice == NULL)
    return;
  text = sewa_voice_dup_last_text (voice);
  json_builder_set_member_name (b, "voice");
  json_builder_begin_object (b);
  if (text != NULL)
    {
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
    }
  json_builder_set_member_name (b, "said");
  json_builder_add_int_value (b, sewa_voice_get_said_count (voice));
  json_builder_end_object (b);
}

/* The document checks' timing at the review (#17): how many checks are still running, the
 * wait the last review had for them with the budget they had (the time since the last
 * document was kept), and how long they ran after it. Timings only, for bench/review-wait. */
static void
answer_prescrutiny (SewaTestProbe *self, JsonBuilder *b)
{
  SewaWindow *window = SEWA_WINDOW (self->window);
  gint64 budget_ms = 0;
  gint64 wait_ms = sewa_window_doc_checks_review_wait_ms (window, &budget_ms);

  json_builder_set_member_name (b, "prescrutiny");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pending");
  json_builder_add_int_value (b, sewa_window_doc_checks_pending (window));
  json_builder_set_member_name (b, "review_wait_ms");
  json_builder_add_int_value (b, wait_ms);
  json_builder_set_member_name (b, "review_budget_ms");
  json_builder_add_int_value (b, budget_ms);
  json_builder_set_member_name (b, "busy_ms");
  json_builder_add_int_value (b, sewa_window_doc_checks_busy_ms (window));
  json_builder_end_object (b);
}

static void
answer_state (SewaTestProbe *self, JsonBuilder *b)
{
  g_autoptr (GPtrArray) natives = g_ptr_array_new ();
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  const char *screen = sewa_window_get_screen (SEWA_WINDOW (self->window));
  GtkWidget *page = screen != NULL ? sewa_window_get_screen_widget (SEWA_WINDOW (self->window), screen) : NULL;
  GtkWidget *stack = page != NULL ? gtk_widget_get_parent (page) : NULL;
  Walk walk = { b, natives, 0 };

  json_builder_set_member_name (b, "screen");
  json_builder_add_string_value (b, screen);
  json_builder_set_member_name (b, "transition");
  json_builder_add_boolean_value (b, GTK_IS_STACK (stack) &&
                                         gtk_stack_get_transition_running (GTK_STACK (stack)));
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, (gint64) self->frames);
  json_builder_set_member_name (b, "now_us");
  json_builder_add_int_value (b, g_get_monotonic_time ());
  answer_session (self, b);
  answer_voice (self, b);
  answer_prescrutiny (self, b);

  /* The kiosk window first, then every other visible toplevel (dialogs) above it. */
  json_builder_set_member_name (b, "widgets");
  json_builder_begin_array (b);
  walk_widget (&walk, GTK_WIDGET (self->window), -1, NULL, FALSE, FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) top = g_list_model_get_item (toplevels, i);

      if (top != GTK_WIDGET (self->window) && gtk_widget_get_mapped (top))
        walk_widget (&walk, top, -1, NULL, FALSE, FALSE);
    }
  json_builder_end_array (b);
  add_osk (self, b, &walk);
  add_natives (b, natives, self->window);
}

static void
answer_frames (SewaTestProbe *self, JsonBuilder *b, gint64 since)
{
  guint64 first = self->frames > FRAME_RING ? self->frames - FRAME_RING : 0;

  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, (gint64) self->frames);
  json_builder_set_member_name (b, "now_us");
  json_builder_add_int_value (b, g_get_monotonic_time ());
  json_builder_set_member_name (b, "painted");
  json_builder_begin_array (b);
  for (guint64 f = first; f < self->frames; f++)
    if (self->frame_us[f % FRAME_RING] > since)
      json_builder_add_int_value (b, self->frame_us[f % FRAME_RING]);
  json_builder_end_array (b);
}

static void
answer_error (JsonBuilder *b, const char *message)
{
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
}

static char *
answer (SewaTestProbe *self, const char *line, gboolean *defer)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *req = NULL;
  const char *cmd = NULL;

  json_builder_begin_object (b);
  if (json_parser_load_from_data (parser, line, -1, &error) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      req = json_node_get_object (json_parser_get_root (parser));
      cmd = json_object_get_string_member_with_default (req, "cmd", NULL);
    }
  if (self->window == NULL)
    answer_error (b, "the kiosk window is gone");
  else if ((g_strcmp0 (cmd, "state") == 0 || g_strcmp0 (cmd, "sync") == 0 ||
            g_strcmp0 (cmd, "screenshot") == 0) && defer != NULL && self->clock != NULL)
    {
      /* Widgets added or moved since the last frame are not laid out yet: answer once the
       * next frame cycle has run its layout (a cycle that paints nothing is not a frame). A
       * screenshot too: a widget whose size is to be recomputed (the camera preview's next
       * frame, every 300 ms) draws nothing until then. */
      *defer = TRUE;
      return NULL;
    }
  else if (g_strcmp0 (cmd, "state") == 0)
    {
      gint64 t0 = g_get_monotonic_time ();

      answer_state (self, b);
      add_input_counts (self, b);
      json_builder_set_member_name (b, "took_us");
      json_builder_add_int_value (b, g_get_monotonic_time () - t0);
    }
  else if (g_strcmp0 (cmd, "sync") == 0)
    {
      /* Answered after a frame cycle, with the counts of taps and wheel steps handled: input
       * that arrived during that frame waits for the next one, so the test asks again until
       * the counts reach what it sent. */
      json_builder_set_member_name (b, "frames");
      json_builder_add_int_value (b, (gint64) self->frames);
      add_input_counts (self, b);
    }
  else if (g_strcmp0 (cmd, "frames") == 0)
    answer_frames (self, b, json_object_get_int_member_with_default (req, "since", 0));
  else if (g_strcmp0 (cmd, "screenshot") == 0)
    {
      const char *path = json_object_get_string_member_with_default (req, "path", NULL);

      if (path == NULL || !g_path_is_absolute (path))
        answer_error (b, "screenshot needs an absolute \"path\"");
      else if (!sewa_screenshot_widget_to_png (GTK_WIDGET (self->window), path, &error))
        answer_error (b, error->message);
      else
        {
          json_builder_set_member_name (b, "saved");
          json_builder_add_string_value (b, path);
        }
    }
  else
    answer_error (b, "unknown request: expected cmd state, sync, frames or screenshot");
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* ---- the socket -------------------------------------------------------------------------- */

typedef struct
{
  SewaTestProbe *probe;       /* borrowed: valid until cancellable is cancelled (dispose) */
  GCancellable *cancellable;  /* owned */
  GSocketConnection *conn;    /* owned */
  GDataInputStream *in;       /* owned */
  char *reply;                /* owned while it is written */
  char *request;              /* owned while its answer waits for a frame */
} Client;

static void
client_free (Client *c)
{
  g_object_unref (c->cancellable);
  g_object_unref (c->in);
  g_object_unref (c->conn);
  g_free (c->reply);
  g_free (c->request);
  g_free (c);
}

static void read_next (Client *c);
static void on_written (GObject *source, GAsyncResult *result, gpointer user_data);

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Client *c = user_data;

  g_clear_pointer (&c->reply, g_free);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL) ||
      g_cancellable_is_cancelled (c->cancellable))
    {
      client_free (c);
      return;
    }
  read_next (c);
}

static void
send_reply (Client *c, char *reply)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (c->conn));

  c->reply = g_strconcat (reply, "\n", NULL);
  g_free (reply);
  g_output_stream_write_all_async (out, c->reply, strlen (c->reply), G_PRIORITY_DEFAULT,
                                   c->cancellable, on_written, c);
}

static void
answer_pending (SewaTestProbe *self)
{
  g_autoptr (GPtrArray) pending = g_steal_pointer (&self->pending);

  self->pending = g_ptr_array_new ();
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      Client *c = pending->pdata[i];
      g_autofree char *request = g_steal_pointer (&c->request);

      send_reply (c, answer (self, request, NULL));
    }
}

static void
on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Client *c = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (c->in, result, NULL, NULL);
  gboolean defer = FALSE;
  char *reply;

  if (line == NULL || g_cancellable_is_cancelled (c->cancellable))
    {
      client_free (c);
      return;
    }
  reply = answer (c->probe, line, &defer);
  if (defer)
    {
      c->request = g_steal_pointer (&line);
      g_ptr_array_add (c->probe->pending, c);
      gdk_frame_clock_request_phase (c->probe->clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
      return;
    }
  send_reply (c, reply);
}

static void
read_next (Client *c)
{
  g_data_input_stream_read_line_async (c->in, G_PRIORITY_DEFAULT, c->cancellable, on_line, c);
}

static gboolean
on_incoming (GSocketService *service, GSocketConnection *conn, GObject *source, gpointer user_data)
{
  Client *c = g_new0 (Client, 1);

  c->probe = SEWA_TEST_PROBE (user_data);
  c->cancellable = g_object_ref (c->probe->cancellable);
  c->conn = g_object_ref (conn);
  c->in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn)));
  read_next (c);
  return TRUE;
}

static void
sewa_test_probe_dispose (GObject *object)
{
  SewaTestProbe *self = SEWA_TEST_PROBE (object);

  /* Clients still connected stop at their next read or write, without touching the probe. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }
  g_clear_object (&self->service);
  if (self->path != NULL)
    g_unlink (self->path);
  g_clear_pointer (&self->path, g_free);
  if (self->clock != NULL)
    {
      g_clear_signal_handler (&self->after_paint_id, self->clock);
      g_clear_signal_handler (&self->paint_id, self->clock);
    }
  g_clear_weak_pointer (&self->clock);
  /* A client waiting for a frame has no operation in flight: free it here. */
  if (self->pending != NULL)
    for (guint i = 0; i < self->pending->len; i++)
      client_free (self->pending->pdata[i]);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  if (self->event_hook != 0)
    g_signal_remove_emission_hook (self->event_signal, self->event_hook);
  self->event_hook = 0;
  if (self->window != NULL)
    g_clear_signal_handler (&self->realize_id, self->window);
  g_clear_weak_pointer (&self->window);
  G_OBJECT_CLASS (sewa_test_probe_parent_class)->dispose (object);
}

static void
sewa_test_probe_class_init (SewaTestProbeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sewa_test_probe_dispose;
}

static void
sewa_test_probe_init (SewaTestProbe *self)
{
  self->cancellable = g_cancellable_new ();
  self->pending = g_ptr_array_new ();
}

SewaTestProbe *
sewa_test_probe_new_from_env (GtkWindow *window)
{
  const char *path = g_getenv ("SEWA_TEST_PROBE");
  g_autoptr (SewaTestProbe) self = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTypeClass) klass = NULL;

  g_return_val_if_fail (SEWA_IS_WINDOW (window), NULL);
  if (path == NULL || *path == '\0')
    return NULL;

  self = g_object_new (SEWA_TYPE_TEST_PROBE, NULL);
  self->path = g_strdup (path);
  g_set_weak_pointer (&self->window, window);
  self->realize_id = g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), self);
  /* The surface class registers its signals when first used: make sure it has. */
  klass = g_type_class_ref (GDK_TYPE_SURFACE);
  self->event_signal = g_signal_lookup ("event", GDK_TYPE_SURFACE);
  self->event_hook = g_signal_add_emission_hook (self->event_signal, 0, on_surface_event, self, NULL);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    watch_frame_clock (self);

  g_unlink (path);
  address = g_unix_socket_address_new (path);
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL,
                                      &error))
    {
      g_warning ("test probe: cannot listen on %s: %s", path, error->message);
      return NULL;
    }
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  g_message ("test probe listening on %s", path);
  return g_steal_pointer (&self);
}
