/* md-fader.c: a console fader with a dB scale.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "md-draw.h"
#include "md-fader.h"

#define THUMB_H 24.0
#define THUMB_W 26.0
#define SCALE_W 22.0
#define STEP_DB 0.5
#define FINE_STEP_DB 0.1

struct _MdFader
{
  GtkWidget parent_instance;

  const MdParamInfo *info;
  double value;
  double drag_start;
  gboolean grabbed;
  gboolean compact;           /* no dB scale: a narrow strip */
};

G_DEFINE_FINAL_TYPE (MdFader, md_fader, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_VALUE,
  PROP_GRABBED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
md_fader_set_compact (MdFader *self, gboolean compact)
{
  g_return_if_fail (MD_IS_FADER (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GtkWidget *
md_fader_new (void)
{
  return g_object_new (MD_TYPE_FADER, NULL);
}

void
md_fader_set_param (MdFader *self, const MdParamInfo *info)
{
  g_return_if_fail (MD_IS_FADER (self));
  g_return_if_fail (info != NULL && info->kind == MD_KIND_FLOAT);

  self->info = info;
  md_fader_set_value (self, self->value);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
md_fader_get_value (MdFader *self)
{
  g_return_val_if_fail (MD_IS_FADER (self), 0.0);
  return self->value;
}

void
md_fader_set_value (MdFader *self, double value)
{
  g_return_if_fail (MD_IS_FADER (self));

  value = md_param_clamp (self->info, value);
  if (value == self->value)
    return;
  self->value = value;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, value, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

gboolean
md_fader_get_grabbed (MdFader *self)
{
  g_return_val_if_fail (MD_IS_FADER (self), FALSE);
  return self->grabbed;
}

static void
set_grabbed (MdFader *self, gboolean grabbed)
{
  if (self->grabbed == grabbed)
    return;
  self->grabbed = grabbed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRABBED]);
}

/* the track: where the thumb's centre travels */
static void
track (MdFader *self, double *top, double *len)
{
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  *top = THUMB_H / 2;
  *len = MAX (h - THUMB_H, 1.0);
}

static gboolean
fine_modifier (GdkModifierType state)
{
  return (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != 0;
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, MdFader *self)
{
  self->drag_start = self->value;
  set_grabbed (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, MdFader *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double top, len;

  track (self, &top, &len);
  md_fader_set_value (self, md_draw_fader_drag (self->info, self->drag_start, dy, len,
                                                fine_modifier (state)));
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, MdFader *self)
{
  set_grabbed (self, FALSE);
}

static void
click_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, MdFader *self)
{
  if (n_press == 2)
    md_fader_set_value (self, 0.0);
}

static void
step (MdFader *self, double steps, gboolean fine)
{
  double v = self->value;

  /* from -inf, the first step up lands on the lowest audible tick */
  if (v <= self->info->min && steps > 0)
    v = -60.0;
  md_fader_set_value (self, v + steps * (fine ? FINE_STEP_DB : STEP_DB));
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll, double dx, double dy, MdFader *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  if (dy == 0)
    return FALSE;
  step (self, -dy, fine_modifier (state));
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *key, guint keyval, guint keycode,
                GdkModifierType state, MdFader *self)
{
  gboolean fine = fine_modifier (state);

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      step (self, 1, fine);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      step (self, -1, fine);
      return TRUE;
    case GDK_KEY_Page_Up:
      step (self, 6, FALSE);
      return TRUE;
    case GDK_KEY_Page_Down:
      step (self, -6, FALSE);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      md_fader_set_value (self, 0.0);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
md_fader_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  MdFader *self = MD_FADER (widget);
  double W = gtk_widget_get_width (widget);
  double top, len, cx, y;
  static const double marks[] = { 10, 5, 0, -5, -10, -20, -30, -40, -60 };
  static const GdkRGBA groove = { 0.04, 0.04, 0.05, 1 };
  static const GdkRGBA tick = { 0.55, 0.55, 0.58, 1 };
  static const GdkRGBA unity = { 0.85, 0.85, 0.88, 1 };
  static const GdkRGBA thumb = { 0.78, 0.78, 0.80, 1 };
  static const GdkRGBA thumb_focus = { 0.90, 0.90, 0.95, 1 };
  static const GdkRGBA thumb_line = { 0.10, 0.10, 0.10, 1 };
  GdkRGBA text = { 0.70, 0.70, 0.72, 1 };
  GskRoundedRect rr;

  track (self, &top, &len);
  cx = self->compact ? W / 2 : SCALE_W + (W - SCALE_W) / 2;

  /* groove */
  gtk_snapshot_append_color (snapshot, &groove, &GRAPHENE_RECT_INIT (cx - 2, top, 4, len));

  /* scale: ticks and labels left of the groove */
  for (guint i = 0; i < G_N_ELEMENTS (marks) && !self->compact; i++)
    {
      char buf[8];
      PangoLayout *layout;
      int lw, lh;

      if (marks[i] > self->info->max || marks[i] < self->info->min)
        continue;
      y = md_draw_fader_y (self->info, marks[i], top, len);
      gtk_snapshot_append_color (snapshot, marks[i] == 0 ? &unity : &tick,
                                 &GRAPHENE_RECT_INIT (SCALE_W, floor (y), cx - 4 - SCALE_W, 1));
      g_snprintf (buf, sizeof buf, "%g", fabs (marks[i]));
      layout = gtk_widget_create_pango_layout (widget, buf);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (SCALE_W - 2 - lw, y - lh / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &text);
      gtk_snapshot_restore (snapshot);
      g_object_unref (layout);
    }
  if (!self->compact)
  {
    PangoLayout *layout = gtk_widget_create_pango_layout (widget, "∞");
    int lw, lh;
    pango_layout_get_pixel_size (layout, &lw, &lh);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (SCALE_W - 2 - lw, top + len - lh / 2.0));
    gtk_snapshot_append_layout (snapshot, layout, &text);
    gtk_snapshot_restore (snapshot);
    g_object_unref (layout);
  }

  /* thumb */
  y = md_draw_fader_y (self->info, self->value, top, len);
  gsk_rounded_rect_init_from_rect (&rr, &GRAPHENE_RECT_INIT (cx - THUMB_W / 2, y - THUMB_H / 2, THUMB_W, THUMB_H), 3);
  gtk_snapshot_push_rounded_clip (snapshot, &rr);
  gtk_snapshot_append_color (snapshot, gtk_widget_has_focus (widget) ? &thumb_focus : &thumb,
                             &rr.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_color (snapshot, &thumb_line, &GRAPHENE_RECT_INIT (cx - THUMB_W / 2, floor (y) - 1, THUMB_W, 2));
}

static void
md_fader_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) ((MD_FADER (widget)->compact ? 0 : SCALE_W) + THUMB_W + 6);
  else
    {
      *minimum = 120;
      *natural = 220;
    }
}

static void
md_fader_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MdFader *self = MD_FADER (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_double (value, self->value);
      break;
    case PROP_GRABBED:
      g_value_set_boolean (value, self->grabbed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_fader_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MdFader *self = MD_FADER (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      md_fader_set_value (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_fader_class_init (MdFaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = md_fader_get_property;
  object_class->set_property = md_fader_set_property;
  widget_class->snapshot = md_fader_snapshot;
  widget_class->measure = md_fader_measure;

  properties[PROP_VALUE] =
    g_param_spec_double ("value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRABBED] =
    g_param_spec_boolean ("grabbed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "mdfader");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
md_fader_init (MdFader *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  GtkEventController *key = gtk_event_controller_key_new ();

  self->info = md_params_find_name (MD_SCOPE_STRIP, "fader");
  self->value = self->info->def;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Drag to move (Ctrl or Shift: fine), double-click for 0 dB"));

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, self->info->min,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, self->info->max,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->value,
                                  -1);
}
