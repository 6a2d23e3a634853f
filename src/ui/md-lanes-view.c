/* md-lanes-view.c: the automation lanes — a timeline with the transport
 * position and one editable row per lane.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view of the automation model only: every edit is one of the model's
 * commands (md_automation_insert_point, _set_points, _clear_range,
 * _set_mode), each one undo step; a drag is one step (an undo group).
 * The model has no change signal for lanes, so while the view is mapped
 * it compares the lanes and their points with what it shows four times a
 * second and redraws only the rows that changed. The transport cursor is
 * moved from a tick callback, at most 30 times a second, and only when it
 * moves by half a pixel.
 *
 * Rows (md_draw_lane_shown): every lane with automation (points, or a
 * mode other than off) always; the fader lane of each strip and the lanes
 * chosen with Add Lane (md-lane-chooser.c: any automatable parameter of
 * the session's strips, buses, DCAs, mute groups and the master) unless
 * hidden. A row's
 * remove button hides an empty lane; a lane with automation is cleared
 * and set to off first, as one undo step. The chosen and hidden sets are
 * view state, kept while the program runs (not saved). Mouse: a click on empty space adds a point
 * (and drags it while the button is held), a drag on a point moves it
 * between its neighbours, a right click removes it, Shift+drag selects a
 * time range; Delete removes the selected point or clears the range.
 * Wheel scrolls the rows, Shift+wheel and the scrollbar below them the
 * timeline, Ctrl+wheel zooms around the pointer.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "jack/md-jack.h"
#include "md-debug-geometry.h"
#include "md-draw.h"
#include "md-lane-chooser.h"
#include "md-lanes-view.h"
#include "md-mixer-window.h"
#include "session/md-automation.h"
#include "session/md-undo.h"

#define CURSOR_INTERVAL_US (G_USEC_PER_SEC / 30)
#define REFRESH_MS 250
#define ROW_HEIGHT 56
#define RULER_HEIGHT 22
#define HEADER_WIDTH 230
#define LANE_PAD 5.0        /* pixels above and below the curve */
#define HIT_RADIUS 6.0
#define DEFAULT_RATE 48000.0
#define MIN_PX_PER_S 0.5
#define MAX_PX_PER_S 4000.0

typedef struct
{
  MdLanesView *view;
  char *path;
  const MdParamInfo *info;
  GtkWidget *box;
  GtkLabel *label;
  GtkDropDown *mode;
  GtkWidget *remove;
  GtkWidget *area;
  GArray *points;             /* MdAutoPoint, the model's at the last refresh */
  int selected;               /* point index or -1 */
  int dragging;               /* point index or -1 */
  gboolean selecting;         /* Shift+drag: a time range */
  gboolean in_group;          /* an undo group is open for this drag */
  double range_from_s, range_to_s;   /* selected range (from < to: one) */
  double drag_x, drag_y;
} LaneRow;

struct _MdLanesView
{
  GtkWidget parent_instance;

  MdLive *live;
  MdSession *session;
  MdAutomation *automation;
  GPtrArray *rows;            /* LaneRow* */
  GtkWidget *toolbar;
  GtkWidget *ruler;
  GtkWidget *scroller;
  GtkBox *rows_box;
  GtkWidget *clear_button;
  GtkWidget *empty_label;
  GtkSizeGroup *header_group;
  GtkAdjustment *hadj;        /* the timeline: value start_s, page the visible seconds */
  GtkWidget *add_button;
  GtkToggleButton *play_button;   /* shows and sets the JACK transport */
  GHashTable *added;          /* paths chosen with Add Lane */
  GHashTable *hidden;         /* paths removed from view */
  char *focus_path;           /* a row to scroll to after the next rebuild */

  double start_s;             /* time at the left edge */
  double px_per_s;            /* zoom */
  double rate;                /* frames a second (JACK, else 48 kHz) */
  guint64 cursor_frame;
  double cursor_x;
  gboolean rolling;
  gboolean updating;          /* setting the dropdowns, the scrollbar or Play from the model */
  guint tick_id;
  guint refresh_id;
  gint64 last_cursor_us;
};

G_DEFINE_FINAL_TYPE (MdLanesView, md_lanes_view, GTK_TYPE_WIDGET)

static void refresh (MdLanesView *self);
static void update_hadj (MdLanesView *self);

static void
row_free (LaneRow *row)
{
  g_free (row->path);
  g_clear_pointer (&row->points, g_array_unref);
  g_free (row);
}

static void
queue_draw_all (MdLanesView *self)
{
  gtk_widget_queue_draw (self->ruler);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_widget_queue_draw (((LaneRow *) g_ptr_array_index (self->rows, i))->area);
}

static double
time_x (MdLanesView *self, double frame)
{
  return md_draw_lane_x (frame, self->rate, self->start_s, self->px_per_s);
}

static double
x_frame (MdLanesView *self, double x)
{
  return md_draw_lane_frame (x, self->rate, self->start_s, self->px_per_s);
}

static void
notify_error (MdLanesView *self, const GError *error)
{
  GtkWidget *win = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  g_warning ("%s", error->message);
  if (win)
    gtk_widget_error_bell (win);
}

/* A line in the mixer window's status bar. */
static void
notify (MdLanesView *self, const char *message)
{
  GtkWidget *win = gtk_widget_get_ancestor (GTK_WIDGET (self), MD_TYPE_MIXER_WINDOW);

  if (win)
    md_mixer_window_notify (MD_MIXER_WINDOW (win), message);
}

/* ------------------------------------------------------------------ */
/* Drawing */

static void
set_source_color (cairo_t *cr, GtkWidget *widget, double alpha)
{
  GdkRGBA c;
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &c);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &c);
#endif
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, c.alpha * alpha);
}

static void
draw_cursor (MdLanesView *self, cairo_t *cr, int height)
{
  double x = floor (self->cursor_x) + 0.5;
  cairo_set_source_rgb (cr, 0.95, 0.35, 0.25);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x, 0);
  cairo_line_to (cr, x, height);
  cairo_stroke (cr);
}

static void
ruler_draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdLanesView *self = data;
  double tick = md_draw_lane_tick_s (self->px_per_s, 70.0);
  double t0 = floor (self->start_s / tick) * tick;

  set_source_color (cr, GTK_WIDGET (area), 0.7);
  cairo_set_line_width (cr, 1.0);
  cairo_set_font_size (cr, 10.0);
  for (double t = t0; ; t += tick)
    {
      double x = (t - self->start_s) * self->px_per_s;
      char text[32];
      if (x > width)
        break;
      if (x < 0)
        continue;
      cairo_move_to (cr, floor (x) + 0.5, height - 6);
      cairo_line_to (cr, floor (x) + 0.5, height);
      cairo_stroke (cr);
      if (tick < 1.0)
        g_snprintf (text, sizeof text, "%.*f", tick < 0.1 ? 2 : 1, t);
      else if (t >= 60.0)
        g_snprintf (text, sizeof text, "%d:%02d", (int) (t / 60), (int) fmod (t, 60.0));
      else
        g_snprintf (text, sizeof text, "%g", t);
      cairo_move_to (cr, x + 3, height - 8);
      cairo_show_text (cr, text);
    }
  draw_cursor (self, cr, height);
}

static void
area_draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  LaneRow *row = data;
  MdLanesView *self = row->view;
  const MdParamInfo *info = row->info;
  gboolean steps = info->kind != MD_KIND_FLOAT;
  double top = LANE_PAD, len = height - 2 * LANE_PAD;
  MdAutoMode mode = md_automation_get_mode (self->automation, row->path);
  const MdAutoPoint *p = (const MdAutoPoint *) row->points->data;
  guint n = row->points->len;

  /* background and the selected range */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_paint (cr);
  if (row->range_to_s > row->range_from_s)
    {
      double x0 = (row->range_from_s - self->start_s) * self->px_per_s;
      double x1 = (row->range_to_s - self->start_s) * self->px_per_s;
      cairo_set_source_rgba (cr, 0.3, 0.55, 0.95, 0.25);
      cairo_rectangle (cr, x0, 0, x1 - x0, height);
      cairo_fill (cr);
    }

  /* the curve: flat before the first and after the last point */
  if (n > 0)
    {
      double y = md_draw_lane_y (info, p[0].value, top, len);
      if (mode == MD_AUTO_OFF)
        cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.8);
      else
        cairo_set_source_rgba (cr, 0.35, 0.85, 0.45, 1.0);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, 0, y);
      for (guint i = 0; i < n; i++)
        {
          double x = time_x (self, (double) p[i].frame);
          double yi = md_draw_lane_y (info, p[i].value, top, len);
          if (steps)
            cairo_line_to (cr, x, y);
          cairo_line_to (cr, x, yi);
          y = yi;
        }
      cairo_line_to (cr, width, y);
      cairo_stroke (cr);

      for (guint i = 0; i < n; i++)
        {
          double x = time_x (self, (double) p[i].frame);
          if (x < -HIT_RADIUS || x > width + HIT_RADIUS)
            continue;
          cairo_arc (cr, x, md_draw_lane_y (info, p[i].value, top, len),
                     (int) i == row->selected ? 4.5 : 3.0, 0, 2 * G_PI);
          if ((int) i == row->selected)
            cairo_set_source_rgb (cr, 1.0, 0.85, 0.3);
          else
            cairo_set_source_rgb (cr, 0.9, 0.95, 0.9);
          cairo_fill (cr);
        }
    }
  else
    {
      set_source_color (cr, GTK_WIDGET (area), 0.35);
      cairo_set_font_size (cr, 10.0);
      cairo_move_to (cr, 6, height / 2.0 + 4);
      /* TRANSLATORS: shown in an automation lane without points */
      cairo_show_text (cr, _("Click to add a point"));
    }
  draw_cursor (self, cr, height);
}

/* ------------------------------------------------------------------ */
/* Editing */

static int
hit_point (LaneRow *row, double x, double y)
{
  MdLanesView *self = row->view;
  int height = gtk_widget_get_height (row->area);
  guint n = row->points->len;
  g_autofree double *px = g_new (double, MAX (n, 1));
  g_autofree double *py = g_new (double, MAX (n, 1));
  const MdAutoPoint *p = (const MdAutoPoint *) row->points->data;

  for (guint i = 0; i < n; i++)
    {
      px[i] = time_x (self, (double) p[i].frame);
      py[i] = md_draw_lane_y (row->info, p[i].value, LANE_PAD, height - 2 * LANE_PAD);
    }
  return md_draw_lane_hit (px, py, n, x, y, HIT_RADIUS);
}

static void
refresh_points (LaneRow *row)
{
  GArray *points = md_automation_get_points (row->view->automation, row->path);

  if (points == NULL)
    points = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
  if (points->len == row->points->len
      && memcmp (points->data, row->points->data, points->len * sizeof (MdAutoPoint)) == 0)
    {
      g_array_unref (points);
      return;
    }
  g_array_unref (row->points);
  row->points = points;
  if (row->selected >= (int) points->len)
    row->selected = -1;
  gtk_widget_queue_draw (row->area);
}

static void
update_clear_button (MdLanesView *self)
{
  gboolean any = FALSE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      LaneRow *row = g_ptr_array_index (self->rows, i);
      any |= row->range_to_s > row->range_from_s;
    }
  gtk_widget_set_sensitive (self->clear_button, any);
}

/* Move point I of ROW to (X, Y), kept between its neighbours. */
static void
move_point (LaneRow *row, int i, double x, double y)
{
  MdLanesView *self = row->view;
  int height = gtk_widget_get_height (row->area);
  g_autoptr (GArray) points = g_array_copy (row->points);
  MdAutoPoint *p = (MdAutoPoint *) points->data;
  g_autoptr (GError) error = NULL;
  double frame = x_frame (self, x);

  if (i < 0 || i >= (int) points->len)
    return;
  if (i > 0 && frame <= (double) p[i - 1].frame)
    frame = (double) p[i - 1].frame + 1;
  if (i + 1 < (int) points->len && frame >= (double) p[i + 1].frame)
    frame = (double) p[i + 1].frame - 1;
  p[i].frame = (guint64) frame;
  p[i].value = md_draw_lane_value (row->info, y, LANE_PAD, height - 2 * LANE_PAD);
  if (!md_automation_set_points (self->automation, row->path, p, points->len, &error))
    notify_error (self, error);
  refresh_points (row);
}

static void
delete_point (LaneRow *row, int i)
{
  g_autoptr (GError) error = NULL;
  guint64 frame;

  if (i < 0 || i >= (int) row->points->len)
    return;
  frame = g_array_index (row->points, MdAutoPoint, i).frame;
  if (!md_automation_clear_range (row->view->automation, row->path, frame, frame, &error))
    notify_error (row->view, error);
  row->selected = -1;
  refresh_points (row);
}

static void
clear_range (LaneRow *row)
{
  MdLanesView *self = row->view;
  g_autoptr (GError) error = NULL;

  if (!(row->range_to_s > row->range_from_s))
    return;
  if (row->points->len > 0
      && !md_automation_clear_range (self->automation, row->path,
                                     (guint64) llround (MAX (row->range_from_s, 0.0) * self->rate),
                                     (guint64) llround (row->range_to_s * self->rate), &error))
    notify_error (self, error);
  row->range_from_s = row->range_to_s = 0;
  row->selected = -1;
  refresh_points (row);
  gtk_widget_queue_draw (row->area);
  update_clear_button (self);
}

static void
clear_range_cb (GtkButton *button, MdLanesView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    clear_range (g_ptr_array_index (self->rows, i));
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, LaneRow *row)
{
  MdLanesView *self = row->view;
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  int hit;

  gtk_widget_grab_focus (row->area);
  row->drag_x = x;
  row->drag_y = y;
  row->dragging = -1;
  row->selecting = FALSE;
  if (state & GDK_SHIFT_MASK)
    {
      row->selecting = TRUE;
      row->range_from_s = row->range_to_s = self->start_s + x / self->px_per_s;
      gtk_widget_queue_draw (row->area);
      return;
    }
  if (row->range_to_s > row->range_from_s)
    {
      row->range_from_s = row->range_to_s = 0;
      update_clear_button (self);
    }
  /* one undo step for the click and the drag that follows */
  md_undo_session_begin_group (self->session, _("Edit automation"));
  row->in_group = TRUE;
  hit = hit_point (row, x, y);
  if (hit < 0)
    {
      g_autoptr (GError) error = NULL;
      int height = gtk_widget_get_height (row->area);
      guint64 frame = (guint64) x_frame (self, x);
      double value = md_draw_lane_value (row->info, y, LANE_PAD, height - 2 * LANE_PAD);

      if (!md_automation_insert_point (self->automation, row->path, frame, value, &error))
        {
          notify_error (self, error);
          md_undo_session_end_group (self->session);
          row->in_group = FALSE;
          gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
          return;
        }
      refresh_points (row);
      for (guint i = 0; i < row->points->len; i++)
        if (g_array_index (row->points, MdAutoPoint, i).frame == frame)
          hit = (int) i;
    }
  row->dragging = hit;
  row->selected = hit;
  gtk_widget_queue_draw (row->area);
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, LaneRow *row)
{
  MdLanesView *self = row->view;

  if (row->selecting)
    {
      double a = self->start_s + row->drag_x / self->px_per_s;
      double b = self->start_s + (row->drag_x + dx) / self->px_per_s;
      row->range_from_s = MAX (MIN (a, b), 0.0);
      row->range_to_s = MAX (MAX (a, b), 0.0);
      gtk_widget_queue_draw (row->area);
      return;
    }
  if (row->dragging >= 0 && (fabs (dx) >= 1 || fabs (dy) >= 1))
    move_point (row, row->dragging, row->drag_x + dx, row->drag_y + dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, LaneRow *row)
{
  if (row->selecting)
    {
      row->selecting = FALSE;
      update_clear_button (row->view);
      return;
    }
  if (row->in_group)
    md_undo_session_end_group (row->view->session);
  row->in_group = FALSE;
  row->dragging = -1;
}

static void
right_click_cb (GtkGestureClick *gesture, int n_press, double x, double y, LaneRow *row)
{
  delete_point (row, hit_point (row, x, y));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *key, guint keyval, guint keycode,
                GdkModifierType state, LaneRow *row)
{
  if (keyval != GDK_KEY_Delete && keyval != GDK_KEY_BackSpace && keyval != GDK_KEY_KP_Delete)
    return FALSE;
  if (row->range_to_s > row->range_from_s)
    clear_range (row);
  else if (row->selected >= 0)
    delete_point (row, row->selected);
  else
    return FALSE;
  return TRUE;
}

static void
set_view (MdLanesView *self, double start_s, double px_per_s)
{
  px_per_s = CLAMP (px_per_s, MIN_PX_PER_S, MAX_PX_PER_S);
  start_s = MAX (start_s, 0.0);
  if (start_s == self->start_s && px_per_s == self->px_per_s)
    return;
  self->start_s = start_s;
  self->px_per_s = px_per_s;
  self->cursor_x = time_x (self, (double) self->cursor_frame);
  update_hadj (self);
  queue_draw_all (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll, double dx, double dy, LaneRow *row)
{
  MdLanesView *self = row->view;
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  if (state & GDK_CONTROL_MASK)
    {
      /* zoom around the pointer's time */
      double x = row->drag_x;
      double t = self->start_s + x / self->px_per_s;
      double pps = CLAMP (self->px_per_s * pow (1.25, -dy), MIN_PX_PER_S, MAX_PX_PER_S);
      set_view (self, t - x / pps, pps);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK || dx != 0)
    {
      set_view (self, self->start_s + (dx + ((state & GDK_SHIFT_MASK) ? dy : 0)) * 40.0 / self->px_per_s,
                self->px_per_s);
      return TRUE;
    }
  return FALSE;   /* vertical: the rows scroll */
}

static void
motion_cb (GtkEventControllerMotion *motion, double x, double y, LaneRow *row)
{
  /* the zoom centre for Ctrl+wheel */
  if (row->dragging < 0 && !row->selecting)
    row->drag_x = x;
}

static void
mode_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, LaneRow *row)
{
  MdLanesView *self = row->view;
  g_autoptr (GError) error = NULL;

  if (self->updating)
    return;
  if (!md_automation_set_mode (self->automation, row->path,
                               (MdAutoMode) gtk_drop_down_get_selected (dropdown), &error))
    notify_error (self, error);
  gtk_widget_queue_draw (row->area);
}

/* ------------------------------------------------------------------ */
/* Rows */

static gboolean
refresh_idle_cb (gpointer data)
{
  MdLanesView *self = data;

  if (self->rows)
    refresh (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static gboolean
has_automation (MdLanesView *self, const char *path)
{
  g_autoptr (GArray) points = NULL;

  if (md_automation_get_mode (self->automation, path) != MD_AUTO_OFF)
    return TRUE;
  /* a shown row has the points of the last refresh: no copy of a long
   * lane four times a second */
  for (guint i = 0; self->rows && i < self->rows->len; i++)
    {
      LaneRow *row = g_ptr_array_index (self->rows, i);
      if (strcmp (row->path, path) == 0)
        return row->points->len > 0;
    }
  points = md_automation_get_points (self->automation, path);
  return points && points->len > 0;
}

/* The row's remove button: out of view; a lane with automation is cleared
 * and set to off first, one undo step, so nothing is lost silently. */
static void
remove_clicked_cb (GtkButton *button, LaneRow *row)
{
  MdLanesView *self = row->view;
  g_autofree char *path = g_strdup (row->path);
  g_autofree char *title = g_strdup (gtk_label_get_label (row->label));

  if (row->in_group)
    return;
  refresh_points (row);
  if (has_automation (self, path))
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *msg = NULL;
      gboolean ok;

      md_undo_session_begin_group (self->session, _("Remove automation lane"));
      ok = md_automation_clear_range (self->automation, path, 0, G_MAXUINT64, &error)
           && md_automation_set_mode (self->automation, path, MD_AUTO_OFF, &error);
      md_undo_session_end_group (self->session);
      if (!ok)
        {
          notify_error (self, error);
          return;
        }
      /* TRANSLATORS: %s is an automation lane's title ("Kick · Fader") */
      msg = g_strdup_printf (_("Removed the automation of “%s” (Undo brings it back)"), title);
      notify (self, msg);
    }
  g_hash_table_remove (self->added, path);
  g_hash_table_add (self->hidden, g_steal_pointer (&path));
  /* not from inside the row's own button */
  g_idle_add (refresh_idle_cb, g_object_ref (self));
}

static gboolean
focus_row_cb (gpointer data)
{
  MdLanesView *self = data;

  for (guint i = 0; self->rows && self->focus_path && i < self->rows->len; i++)
    {
      LaneRow *row = g_ptr_array_index (self->rows, i);
      if (strcmp (row->path, self->focus_path) == 0)
        {
          GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
          graphene_point_t pt;

          gtk_widget_grab_focus (row->area);
          if (gtk_widget_compute_point (row->box, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scroller)),
                                        &GRAPHENE_POINT_INIT (0, 0), &pt))
            gtk_adjustment_clamp_page (vadj, pt.y, pt.y + gtk_widget_get_height (row->box));
          break;
        }
    }
  g_clear_pointer (&self->focus_path, g_free);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static LaneRow *
row_new (MdLanesView *self, const char *path, const MdParamAddr *a)
{
  const char *modes[] = { C_("automation", "Off"), C_("automation", "Play"), C_("automation", "Write"),
                          C_("automation", "Touch"), C_("automation", "Latch"), NULL };
  LaneRow *row = g_new0 (LaneRow, 1);
  g_autofree char *title = md_lane_chooser_format_title (self->session, a);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkGesture *drag, *click;
  GtkEventController *key, *scroll, *motion;

  row->view = self;
  row->path = g_strdup (path);
  row->info = a->info;
  row->points = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
  row->selected = row->dragging = -1;

  row->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (row->box, "lane");
  row->label = GTK_LABEL (gtk_label_new (title));
  gtk_label_set_xalign (row->label, 0);
  gtk_label_set_ellipsize (row->label, PANGO_ELLIPSIZE_END);
  /* a long title is ellipsized, never widening every row's header */
  gtk_label_set_max_width_chars (row->label, 10);
  gtk_widget_set_hexpand (GTK_WIDGET (row->label), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->label), path);
  row->mode = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (modes));
  gtk_widget_set_valign (GTK_WIDGET (row->mode), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->mode), _("Automation mode: off, play the lane, write, touch or latch"));
  self->updating = TRUE;
  gtk_drop_down_set_selected (row->mode, md_automation_get_mode (self->automation, path));
  self->updating = FALSE;
  g_signal_connect (row->mode, "notify::selected", G_CALLBACK (mode_selected_cb), row);
  {
    g_autofree char *name = g_strdup_printf ("lane-mode-%s", path);
    md_debug_geometry_watch (GTK_WIDGET (row->mode), name);
  }
  gtk_widget_set_size_request (header, HEADER_WIDTH, -1);
  gtk_widget_set_hexpand (header, FALSE);
  row->remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_add_css_class (row->remove, "flat");
  gtk_widget_set_valign (row->remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (row->remove, _("Remove the lane from view; a lane with automation is cleared first (Undo brings it back)"));
  g_signal_connect (row->remove, "clicked", G_CALLBACK (remove_clicked_cb), row);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (row->label));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (row->mode));
  gtk_box_append (GTK_BOX (header), row->remove);
  gtk_size_group_add_widget (self->header_group, header);

  row->area = gtk_drawing_area_new ();
  gtk_widget_set_hexpand (row->area, TRUE);
  gtk_widget_set_focusable (row->area, TRUE);
  gtk_widget_set_focus_on_click (row->area, TRUE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (row->area), ROW_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (row->area), area_draw_cb, row, NULL);
  gtk_widget_set_tooltip_text (row->area, _("Click: add a point. Drag: move it. Right click or Delete: remove it. Shift+drag: select a range"));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), row);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), row);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), row);
  gtk_widget_add_controller (row->area, GTK_EVENT_CONTROLLER (drag));
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (right_click_cb), row);
  gtk_widget_add_controller (row->area, GTK_EVENT_CONTROLLER (click));
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), row);
  gtk_widget_add_controller (row->area, key);
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), row);
  gtk_widget_add_controller (row->area, scroll);
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), row);
  gtk_widget_add_controller (row->area, motion);

  gtk_box_append (GTK_BOX (row->box), header);
  gtk_box_append (GTK_BOX (row->box), row->area);
  refresh_points (row);
  return row;
}

static int
compare_paths (gconstpointer pa, gconstpointer pb)
{
  const char *a = *(const char *const *) pa, *b = *(const char *const *) pb;
  MdParamAddr x, y;

  if (md_param_parse (a, &x) != MD_PARAM_OK || md_param_parse (b, &y) != MD_PARAM_OK)
    return g_strcmp0 (a, b);
  if (x.info->scope != y.info->scope)
    return (int) x.info->scope - (int) y.info->scope;
  if (x.index != y.index)
    return x.index < y.index ? -1 : 1;
  if (x.slot != y.slot)
    return x.slot < y.slot ? -1 : 1;
  return g_strcmp0 (a, b);
}

/* Whether PATH addresses an object the session has now (Add Lane
 * choices outlive removed strips and buses). */
static gboolean
path_exists (MdLanesView *self, const char *path)
{
  MdParamAddr a;

  if (md_param_parse (path, &a) != MD_PARAM_OK || a.norm || !a.info->automatable)
    return FALSE;
  if (a.info->scope != MD_SCOPE_MASTER && a.index > md_session_get_n_objects (self->session, a.info->scope))
    return FALSE;
  if (g_str_has_prefix (a.info->name, "send/") && a.sub > md_session_get_n_buses (self->session))
    return FALSE;
  return TRUE;
}

static void
add_wanted (MdLanesView *self, GPtrArray *paths, GHashTable *seen, const char *path,
            gboolean automated, gboolean is_default)
{
  if (g_hash_table_contains (seen, path))
    return;
  g_hash_table_add (seen, g_strdup (path));
  if (md_draw_lane_shown (automated, is_default, g_hash_table_contains (self->added, path),
                          g_hash_table_contains (self->hidden, path)))
    g_ptr_array_add (paths, g_strdup (path));
}

/* The rows to show (md_draw_lane_shown), in console order. */
static GPtrArray *
wanted_paths (MdLanesView *self)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lanes = md_automation_list (self->automation);
  guint n_strips = md_session_get_n_objects (self->session, MD_SCOPE_STRIP);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; lanes[i]; i++)
    {
      MdParamAddr a;
      gboolean is_default = md_param_parse (lanes[i], &a) == MD_PARAM_OK
                            && a.info->scope == MD_SCOPE_STRIP && strcmp (a.info->name, "fader") == 0;
      add_wanted (self, paths, seen, lanes[i], has_automation (self, lanes[i]), is_default);
    }
  for (guint s = 1; s <= n_strips; s++)
    {
      g_autofree char *p = g_strdup_printf ("/strip/%u/fader", s);
      add_wanted (self, paths, seen, p, FALSE, TRUE);
    }
  g_hash_table_iter_init (&iter, self->added);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (path_exists (self, key))
      add_wanted (self, paths, seen, key, FALSE, FALSE);
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

static void
rebuild_rows (MdLanesView *self, GPtrArray *paths)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_box))))
    gtk_box_remove (self->rows_box, child);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < paths->len; i++)
    {
      MdParamAddr a;
      LaneRow *row;
      if (md_param_parse (g_ptr_array_index (paths, i), &a) != MD_PARAM_OK)
        continue;
      row = row_new (self, g_ptr_array_index (paths, i), &a);
      g_ptr_array_add (self->rows, row);
      gtk_box_append (self->rows_box, row->box);
    }
  gtk_widget_set_visible (self->empty_label, self->rows->len == 0);
  update_clear_button (self);
}

static void
refresh (MdLanesView *self)
{
  g_autoptr (GPtrArray) paths = wanted_paths (self);
  gboolean same = paths->len == self->rows->len;

  for (guint i = 0; same && i < paths->len; i++)
    same = strcmp (g_ptr_array_index (paths, i), ((LaneRow *) g_ptr_array_index (self->rows, i))->path) == 0;
  for (guint i = 0; !same && i < self->rows->len; i++)
    if (((LaneRow *) g_ptr_array_index (self->rows, i))->in_group)
      return;   /* not under a drag: after it */
  if (!same)
    {
      rebuild_rows (self, paths);
      update_hadj (self);
      return;
    }
  for (guint i = 0; i < self->rows->len; i++)
    {
      LaneRow *row = g_ptr_array_index (self->rows, i);
      MdAutoMode mode = md_automation_get_mode (self->automation, row->path);
      MdParamAddr a;
      if (row->dragging < 0)
        refresh_points (row);
      if (gtk_drop_down_get_selected (row->mode) != (guint) mode)
        {
          self->updating = TRUE;
          gtk_drop_down_set_selected (row->mode, mode);
          self->updating = FALSE;
          gtk_widget_queue_draw (row->area);
        }
      if (md_param_parse (row->path, &a) == MD_PARAM_OK)
        {
          g_autofree char *title = md_lane_chooser_format_title (self->session, &a);
          if (g_strcmp0 (title, gtk_label_get_label (row->label)) != 0)
            gtk_label_set_label (row->label, title);
        }
    }
  update_hadj (self);
}

static gboolean
refresh_cb (gpointer data)
{
  refresh (data);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* Add Lane (md-lane-chooser.c) */

/* Show the lane of PATH (it is view state until its first point or mode). */
static void
lane_chosen_cb (MdLaneChooser *chooser, const char *path, MdLanesView *self)
{
  g_hash_table_remove (self->hidden, path);
  g_hash_table_add (self->added, g_strdup (path));
  refresh (self);
  g_free (self->focus_path);
  self->focus_path = g_strdup (path);
  /* after the new row is laid out */
  g_timeout_add (100, focus_row_cb, g_object_ref (self));
}

/* The button; its popover comes with the session (md_lanes_view_new). */
static GtkWidget *
add_button_new (MdLanesView *self)
{
  self->add_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->add_button), _("_Add Lane"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (self->add_button), TRUE);
  gtk_widget_set_tooltip_text (self->add_button, _("Show a lane for any automatable parameter of the strips, buses, DCAs, mute groups or the master"));
  return self->add_button;
}

/* ------------------------------------------------------------------ */
/* Transport */

static void
update_hadj (MdLanesView *self)
{
  int width;
  double page, last_s = -1.0, end;

  if (self->hadj == NULL || self->rows == NULL)
    return;
  width = gtk_widget_get_width (self->ruler);
  page = width > 0 ? width / self->px_per_s : 0.0;
  for (guint i = 0; i < self->rows->len; i++)
    {
      LaneRow *row = g_ptr_array_index (self->rows, i);
      if (row->points->len > 0)
        last_s = MAX (last_s, (double) g_array_index (row->points, MdAutoPoint, row->points->len - 1).frame
                              / self->rate);
    }
  end = md_draw_lane_scroll_end (last_s, (double) self->cursor_frame / self->rate, self->start_s, page);
  self->updating = TRUE;
  gtk_adjustment_configure (self->hadj, self->start_s, 0.0, end, page / 10, page * 0.9, page);
  self->updating = FALSE;
}

static void
hadj_changed_cb (GtkAdjustment *adj, MdLanesView *self)
{
  if (!self->updating)
    set_view (self, gtk_adjustment_get_value (adj), self->px_per_s);
}

static void
ruler_resize_cb (GtkDrawingArea *area, int width, int height, MdLanesView *self)
{
  update_hadj (self);
}

/* Play shows the transport as the tick last saw it (another client may
 * start or stop it too). */
static void
update_play_button (MdLanesView *self)
{
  self->updating = TRUE;
  gtk_toggle_button_set_active (self->play_button, self->rolling);
  self->updating = FALSE;
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            self->rolling ? "media-playback-stop-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               self->rolling ? _("Stop the JACK transport (ends an automation pass)")
                                             : _("Start the JACK transport: lanes in Play, Touch and Latch play, Write records"));
}

static void
play_toggled_cb (GtkToggleButton *button, MdLanesView *self)
{
  if (self->updating || self->live == NULL)
    return;
  md_live_transport (self->live, gtk_toggle_button_get_active (button) ? "play" : "stop", 0);
}

static void
start_clicked_cb (GtkButton *button, MdLanesView *self)
{
  if (self->live)
    md_live_transport (self->live, "locate", 0);
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  MdLanesView *self = MD_LANES_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  MdJackStatus status = { 0 };
  double rate, x;
  int width;

  if (now - self->last_cursor_us < CURSOR_INTERVAL_US)
    return G_SOURCE_CONTINUE;
  self->last_cursor_us = now;
  md_live_get_jack_status (self->live, &status);
  rate = status.sample_rate > 0 ? status.sample_rate : DEFAULT_RATE;
  if (rate != self->rate)
    {
      self->rate = rate;
      queue_draw_all (self);
    }
  self->cursor_frame = status.frame;
  if (self->rolling != status.rolling || gtk_toggle_button_get_active (self->play_button) != status.rolling)
    {
      self->rolling = status.rolling;
      update_play_button (self);
    }
  /* page along with the transport while it rolls */
  width = gtk_widget_get_width (self->ruler);
  x = time_x (self, (double) status.frame);
  if (self->rolling && width > 0 && (x > width || x < 0))
    {
      set_view (self, (double) status.frame / self->rate, self->px_per_s);
      x = time_x (self, (double) status.frame);
    }
  if (fabs (x - self->cursor_x) >= 0.5)
    {
      self->cursor_x = x;
      queue_draw_all (self);
      if ((double) status.frame / self->rate > gtk_adjustment_get_upper (self->hadj))
        update_hadj (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
md_lanes_view_map (GtkWidget *widget)
{
  MdLanesView *self = MD_LANES_VIEW (widget);

  GTK_WIDGET_CLASS (md_lanes_view_parent_class)->map (widget);
  refresh (self);
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, tick_cb, NULL, NULL);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
}

static void
md_lanes_view_unmap (GtkWidget *widget)
{
  MdLanesView *self = MD_LANES_VIEW (widget);

  if (self->tick_id)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (md_lanes_view_parent_class)->unmap (widget);
}

static void
zoom_cb (GtkButton *button, MdLanesView *self)
{
  double factor = g_object_get_data (G_OBJECT (button), "md-zoom-in") ? 2.0 : 0.5;
  double width = gtk_widget_get_width (self->ruler);
  double centre = self->start_s + width / 2 / self->px_per_s;
  double pps = CLAMP (self->px_per_s * factor, MIN_PX_PER_S, MAX_PX_PER_S);
  set_view (self, centre - width / 2 / pps, pps);
}

static gboolean
undo_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, MdLanesView *self)
{
  MdUndo *undo = md_undo_get_for_session (self->session);
  gboolean redo = g_object_get_data (G_OBJECT (widget), "md-redo") != NULL;
  const char *label = undo ? (redo ? md_undo_get_redo_label (undo) : md_undo_get_undo_label (undo)) : NULL;
  g_autofree char *text = NULL;

  if (label)
    /* TRANSLATORS: tooltip, %s names the step ("Fader /strip/3/fader") */
    text = g_strdup_printf (redo ? _("Redo %s") : _("Undo %s"), label);
  else
    text = g_strdup (redo ? _("Nothing to redo") : _("Nothing to undo"));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

GtkWidget *
md_lanes_view_new (MdLive *live)
{
  MdLanesView *self;
  GtkWidget *chooser;

  g_return_val_if_fail (live != NULL, NULL);

  self = g_object_new (MD_TYPE_LANES_VIEW, NULL);
  self->live = live;
  self->session = g_object_ref (md_live_get_session (live));
  self->automation = md_session_get_automation (self->session);
  chooser = md_lane_chooser_new (self->session);
  g_signal_connect (chooser, "lane-chosen", G_CALLBACK (lane_chosen_cb), self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->add_button), chooser);
  return GTK_WIDGET (self);
}

static void
md_lanes_view_dispose (GObject *object)
{
  MdLanesView *self = MD_LANES_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->header_group);
  g_clear_pointer (&self->added, g_hash_table_unref);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->focus_path, g_free);
  self->hadj = NULL;
  g_clear_object (&self->session);
  self->automation = NULL;
  self->live = NULL;

  G_OBJECT_CLASS (md_lanes_view_parent_class)->dispose (object);
}

static void
md_lanes_view_class_init (MdLanesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_lanes_view_dispose;
  widget_class->map = md_lanes_view_map;
  widget_class->unmap = md_lanes_view_unmap;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lanes");
}

static GtkWidget *
tool_button (MdLanesView *self, const char *icon, const char *tooltip)
{
  GtkWidget *b = gtk_button_new_from_icon_name (icon);
  gtk_widget_add_css_class (b, "flat");
  if (tooltip)
    gtk_widget_set_tooltip_text (b, tooltip);
  gtk_box_append (GTK_BOX (self->toolbar), b);
  return b;
}

static void
md_lanes_view_init (MdLanesView *self)
{
  GtkWidget *title, *b, *ruler_row, *spacer;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->header_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->start_s = 0.0;
  self->px_per_s = 40.0;
  self->rate = DEFAULT_RATE;
  self->added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_set_margin_start (self->toolbar, 6);
  gtk_widget_set_margin_end (self->toolbar, 6);
  gtk_widget_set_margin_top (self->toolbar, 3);
  gtk_widget_set_margin_bottom (self->toolbar, 3);
  gtk_widget_set_parent (self->toolbar, GTK_WIDGET (self));
  /* the transport, left of the title (a pass is recorded while it rolls) */
  b = tool_button (self, "media-skip-backward-symbolic", _("Go to the start (locate the JACK transport to 0)"));
  g_signal_connect (b, "clicked", G_CALLBACK (start_clicked_cb), self);
  md_debug_geometry_watch (b, "lanes-start");
  self->play_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->play_button), "flat");
  gtk_box_append (GTK_BOX (self->toolbar), GTK_WIDGET (self->play_button));
  update_play_button (self);
  g_signal_connect (self->play_button, "toggled", G_CALLBACK (play_toggled_cb), self);
  md_debug_geometry_watch (GTK_WIDGET (self->play_button), "lanes-play");

  title = gtk_label_new (_("Automation"));
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (self->toolbar), title);
  gtk_box_append (GTK_BOX (self->toolbar), add_button_new (self));

  b = tool_button (self, "edit-undo-symbolic", NULL);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "app.undo");
  gtk_widget_set_has_tooltip (b, TRUE);
  g_signal_connect (b, "query-tooltip", G_CALLBACK (undo_tooltip_cb), self);
  b = tool_button (self, "edit-redo-symbolic", NULL);
  g_object_set_data (G_OBJECT (b), "md-redo", GINT_TO_POINTER (1));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "app.redo");
  gtk_widget_set_has_tooltip (b, TRUE);
  g_signal_connect (b, "query-tooltip", G_CALLBACK (undo_tooltip_cb), self);

  self->clear_button = gtk_button_new_with_mnemonic (_("_Clear Range"));
  gtk_widget_set_tooltip_text (self->clear_button, _("Remove the points in the selected range (Shift+drag in a lane selects one)"));
  gtk_widget_set_sensitive (self->clear_button, FALSE);
  g_signal_connect (self->clear_button, "clicked", G_CALLBACK (clear_range_cb), self);
  gtk_box_append (GTK_BOX (self->toolbar), self->clear_button);

  b = tool_button (self, "zoom-out-symbolic", _("Zoom out (Ctrl+wheel over a lane)"));
  g_signal_connect (b, "clicked", G_CALLBACK (zoom_cb), self);
  b = tool_button (self, "zoom-in-symbolic", _("Zoom in (Ctrl+wheel over a lane)"));
  g_object_set_data (G_OBJECT (b), "md-zoom-in", GINT_TO_POINTER (1));
  g_signal_connect (b, "clicked", G_CALLBACK (zoom_cb), self);

  ruler_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  spacer = gtk_label_new (_("Seconds"));
  gtk_label_set_xalign (GTK_LABEL (spacer), 1);
  gtk_widget_add_css_class (spacer, "dim-label");
  gtk_widget_set_size_request (spacer, HEADER_WIDTH, -1);
  gtk_size_group_add_widget (self->header_group, spacer);
  self->ruler = gtk_drawing_area_new ();
  gtk_widget_set_hexpand (self->ruler, TRUE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->ruler), RULER_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->ruler), ruler_draw_cb, self, NULL);
  g_signal_connect (self->ruler, "resize", G_CALLBACK (ruler_resize_cb), self);
  gtk_box_append (GTK_BOX (ruler_row), spacer);
  gtk_box_append (GTK_BOX (ruler_row), self->ruler);
  gtk_widget_set_margin_start (ruler_row, 6);
  gtk_widget_set_margin_end (ruler_row, 6);
  gtk_widget_set_parent (ruler_row, GTK_WIDGET (self));

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->scroller), 2 * ROW_HEIGHT + 8);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->scroller), 5 * (ROW_HEIGHT + 4));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  {
    GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    self->empty_label = gtk_label_new (_("No strips and no automation lanes yet"));
    gtk_widget_add_css_class (self->empty_label, "dim-label");
    gtk_box_append (GTK_BOX (inner), self->empty_label);
    self->rows_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
    gtk_widget_set_margin_start (GTK_WIDGET (self->rows_box), 6);
    gtk_widget_set_margin_end (GTK_WIDGET (self->rows_box), 6);
    gtk_widget_set_margin_bottom (GTK_WIDGET (self->rows_box), 4);
    gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->rows_box));
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), inner);
  }

  /* the timeline's scrollbar, under the lanes' drawing areas */
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *pad = gtk_label_new (NULL);
    GtkWidget *bar;

    self->hadj = gtk_adjustment_new (0, 0, 1, 1, 1, 1);
    bar = gtk_scrollbar_new (GTK_ORIENTATION_HORIZONTAL, self->hadj);
    gtk_widget_set_hexpand (bar, TRUE);
    gtk_widget_set_tooltip_text (bar, _("Scroll the timeline (Shift+wheel over a lane)"));
    g_signal_connect (self->hadj, "value-changed", G_CALLBACK (hadj_changed_cb), self);
    gtk_widget_set_size_request (pad, HEADER_WIDTH, -1);
    gtk_size_group_add_widget (self->header_group, pad);
    gtk_box_append (GTK_BOX (row), pad);
    gtk_box_append (GTK_BOX (row), bar);
    gtk_widget_set_margin_start (row, 6);
    gtk_widget_set_margin_end (row, 6);
    gtk_widget_set_margin_bottom (row, 3);
    gtk_widget_set_parent (row, GTK_WIDGET (self));
  }
}
