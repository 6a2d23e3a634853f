/* md-strip-editor.c: the processing editor of a strip or bus.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per parameter of the table under the page's prefix ("eq/",
 * "hpf/", ...): a slider through the parameter's own taper for floats, a
 * check button for switches, a drop-down for choices. Rows send commands
 * to the session and show what it announces.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md-debug-geometry.h"
#include "md-draw.h"
#include "md-strip-editor-private.h"
#include "session/md-automation.h"
#include "session/md-undo.h"

typedef struct
{
  MdStripEditor *editor;
  const MdParamInfo *info;
  guint sub;
  char key[48];
  GtkWidget *control;
  GtkLabel *value_label;
} Row;

G_DEFINE_FINAL_TYPE (MdStripEditor, md_strip_editor, GTK_TYPE_POPOVER)

static const struct
{
  const char *prefix;
  const char *title;
  gboolean master_only;
  gboolean stereo_strip_only;
} pages[] = {
  { "eq/", N_("EQ"), FALSE, FALSE },
  { "hpf/", N_("Filters"), FALSE, FALSE },
  { "lpf/", NULL, FALSE, FALSE },   /* on the filters page */
  { "delay", NULL, FALSE, FALSE },  /* on the filters page (strips) */
  { "gate/", N_("Gate"), FALSE, FALSE },
  { "comp/", N_("Compressor"), FALSE, FALSE },
  { "send/", N_("Sends"), FALSE, FALSE },
  /* the main output: a strip's route (master or a group bus), its direct
   * output and, stereo, its width; a bus's feed to the master */
  { "route", N_("Output"), FALSE, FALSE },
  { "direct", NULL, FALSE, FALSE },
  { "width", NULL, FALSE, TRUE },
  { "master", N_("Output"), FALSE, FALSE },
  { "mb/", N_("Multiband"), TRUE, FALSE },
  { "width", N_("Width"), TRUE, FALSE },
  { "mono", NULL, TRUE, FALSE },    /* on the width page */
  { "limiter/", N_("Limiter"), TRUE, FALSE },
};

static double
get_value (MdStripEditor *self, const Row *row)
{
  return md_session_get_param (self->session, row->info, self->index, row->sub);
}

static void
show_value (Row *row, double v)
{
  char buf[48];

  if (row->value_label == NULL)
    return;
  if (row->info->kind == MD_KIND_FLOAT)
    {
      if (row->info->unit[0] == ':')
        g_snprintf (buf, sizeof buf, "%.1f%s", v, row->info->unit);
      else if (fabs (v) >= 1000)
        g_snprintf (buf, sizeof buf, "%.2f k%s", v / 1000, row->info->unit);
      else
        g_snprintf (buf, sizeof buf, "%.3g %s", v, row->info->unit);
    }
  else
    md_param_format_value (row->info, v, buf, sizeof buf);
  gtk_label_set_text (row->value_label, buf);
}

static void
send (Row *row, double v)
{
  MdStripEditor *self = row->editor;
  g_autoptr (GError) error = NULL;

  if (self->syncing)
    return;
  if (!md_session_set_param (self->session, row->info, self->index, row->sub, v, FALSE, &error))
    g_warning ("%s: %s", row->key, error->message);
}

static void
scale_changed_cb (GtkRange *range, Row *row)
{
  double v = md_param_from_norm (row->info, gtk_range_get_value (range));

  show_value (row, v);
  send (row, v);
}

static void
check_toggled_cb (GtkCheckButton *button, Row *row)
{
  send (row, gtk_check_button_get_active (button) ? 1.0 : 0.0);
}

static void
dropdown_changed_cb (GtkDropDown *dropdown, GParamSpec *pspec, Row *row)
{
  send (row, gtk_drop_down_get_selected (dropdown));
}

static void
row_show (MdStripEditor *self, Row *row, double v)
{
  self->syncing = TRUE;
  switch (row->info->kind)
    {
    case MD_KIND_FLOAT:
      gtk_range_set_value (GTK_RANGE (row->control), md_param_to_norm (row->info, v));
      show_value (row, v);
      break;
    case MD_KIND_BOOL:
      gtk_check_button_set_active (GTK_CHECK_BUTTON (row->control), v > 0.5);
      break;
    case MD_KIND_ENUM:
    case MD_KIND_INT:
      gtk_drop_down_set_selected (GTK_DROP_DOWN (row->control), v >= 0 ? (guint) v : 0);
      break;
    default:
      break;
    }
  self->syncing = FALSE;
}

/* "eq/3/gain" -> 3; keys without a band sort first */
static int
band_of (const char *key)
{
  const char *slash = strchr (key, '/');
  return slash && g_ascii_isdigit (slash[1]) ? atoi (slash + 1) : 0;
}

static int
row_compare (gconstpointer a, gconstpointer b)
{
  const Row *ra = *(Row *const *) a, *rb = *(Row *const *) b;
  return band_of (ra->key) - band_of (rb->key);
}

static void
add_row (MdStripEditor *self, GtkGrid *grid, int *line, Row *row)
{
  GtkWidget *label = gtk_label_new (row->info->label);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_tooltip_text (label, row->info->doc);
  gtk_grid_attach (grid, label, 0, *line, 1, 1);

  switch (row->info->kind)
    {
    case MD_KIND_FLOAT:
      row->control = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0.0, 1.0, 0.001);
      gtk_scale_set_draw_value (GTK_SCALE (row->control), FALSE);
      gtk_widget_set_hexpand (row->control, TRUE);
      gtk_widget_set_size_request (row->control, 150, -1);
      row->value_label = GTK_LABEL (gtk_label_new (""));
      gtk_label_set_width_chars (row->value_label, 9);
      gtk_label_set_xalign (row->value_label, 1);
      gtk_widget_add_css_class (GTK_WIDGET (row->value_label), "numeric");
      gtk_grid_attach (grid, row->control, 1, *line, 1, 1);
      gtk_grid_attach (grid, GTK_WIDGET (row->value_label), 2, *line, 1, 1);
      g_signal_connect (row->control, "value-changed", G_CALLBACK (scale_changed_cb), row);
      break;
    case MD_KIND_BOOL:
      row->control = gtk_check_button_new ();
      gtk_grid_attach (grid, row->control, 1, *line, 2, 1);
      g_signal_connect (row->control, "toggled", G_CALLBACK (check_toggled_cb), row);
      break;
    case MD_KIND_ENUM:
      row->control = gtk_drop_down_new_from_strings ((const char *const *) row->info->enum_names);
      gtk_grid_attach (grid, row->control, 1, *line, 2, 1);
      g_signal_connect (row->control, "notify::selected", G_CALLBACK (dropdown_changed_cb), row);
      break;
    case MD_KIND_INT:
      {
        /* the route: 0 the master, B group bus B (the buses there are now;
         * the editor is built again when they change) */
        guint n_buses = md_session_get_n_buses (self->session);
        g_autoptr (GtkStringList) outputs = gtk_string_list_new (NULL);

        gtk_string_list_append (outputs, _("Master"));
        for (guint b = 1; b <= n_buses; b++)
          {
            g_autofree char *path = g_strdup_printf ("/bus/%u/name", b);
            const char *name = md_session_get_string (self->session, path, NULL);
            g_autofree char *text = name && name[0]
                                    /* TRANSLATORS: a group bus in the strip's output menu */
                                    ? g_strdup_printf (_("Bus %u (%s)"), b, name)
                                    : g_strdup_printf (_("Bus %u"), b);
            gtk_string_list_append (outputs, text);
          }
        row->control = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&outputs)), NULL);
        gtk_widget_set_tooltip_text (row->control, _("Where the strip's signal goes after its pan: the master, or a group bus"));
        gtk_grid_attach (grid, row->control, 1, *line, 2, 1);
        g_signal_connect (row->control, "notify::selected", G_CALLBACK (dropdown_changed_cb), row);
      }
      break;
    default:
      break;
    }
  (*line)++;
}

static double
param (MdStripEditor *self, const char *key, double fallback)
{
  return md_strip_editor_param (self, key, fallback);
}

static GtkLabel *
reading_new (void)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (""));

  gtk_widget_add_css_class (GTK_WIDGET (label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  return label;
}

static void
build (MdStripEditor *self)
{
  GtkGrid *grid = NULL;
  int line = 0;

  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      g_autoptr (GPtrArray) page_rows = g_ptr_array_new ();

      for (size_t i = 0; i < md_params_count (); i++)
        {
          const MdParamInfo *info = md_params_get (i);
          /* sends: as many as there are buses now */
          guint n_sub = info->n_sub ? md_session_get_n_sub (self->session, info) : 0;

          if (info->scope != self->scope || !g_str_has_prefix (info->name, pages[p].prefix))
            continue;
          if (pages[p].master_only && self->scope != MD_SCOPE_MASTER)
            continue;
          if (pages[p].stereo_strip_only
              && (self->scope != MD_SCOPE_STRIP || !md_session_get_strip_stereo (self->session, self->index)))
            continue;
          /* integers: only the route has a control (a menu of outputs) */
          if ((info->kind == MD_KIND_INT && strcmp (info->name, "route") != 0) || info->kind == MD_KIND_STRING)
            continue;
          for (guint sub = n_sub ? 1 : 0; sub <= n_sub; sub++)
            {
              Row *row = g_new0 (Row, 1);
              row->editor = self;
              row->info = info;
              row->sub = sub;
              md_param_key (info, sub, row->key, sizeof row->key);
              g_ptr_array_add (self->row_array, row);
              g_hash_table_insert (self->rows, row->key, row);
              g_ptr_array_add (page_rows, row);
            }
        }
      if (page_rows->len == 0)
        continue;
      g_ptr_array_sort (page_rows, row_compare);   /* stable: grouped by band */
      if (pages[p].title)
        {
          grid = GTK_GRID (gtk_grid_new ());
          gtk_grid_set_column_spacing (grid, 8);
          gtk_grid_set_row_spacing (grid, 2);
          gtk_widget_set_margin_start (GTK_WIDGET (grid), 6);
          gtk_widget_set_margin_end (GTK_WIDGET (grid), 6);
          gtk_stack_add_titled (self->stack, GTK_WIDGET (grid), pages[p].prefix, _(pages[p].title));
          line = 0;
          if (g_str_equal (pages[p].prefix, "gate/"))
            {
              /* TRANSLATORS: tooltip of the gate's transfer curve */
              self->gate_curve = md_strip_editor_transfer_new (self, _("Input level across, output level up (-72 to 0 dB); the fainter line is the open gate falling back through its hysteresis; the dot is the live level"));
              gtk_grid_attach (grid, self->gate_curve, 0, line++, 3, 1);
              if (self->scope == MD_SCOPE_STRIP)
                {
                  self->gate_reading = reading_new ();
                  gtk_grid_attach (grid, GTK_WIDGET (self->gate_reading), 0, line++, 3, 1);
                }
            }
          else if (g_str_equal (pages[p].prefix, "mb/"))
            {
              self->xover_view = gtk_drawing_area_new ();
              gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->xover_view), 80);
              gtk_widget_set_margin_top (self->xover_view, 6);
              /* TRANSLATORS: tooltip of the multiband compressor's crossover view */
              gtk_widget_set_tooltip_text (self->xover_view, _("The three bands' Linkwitz-Riley responses, 20 Hz to 20 kHz, 0 to -48 dB (their amplitudes sum to 0 dB)"));
              gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->xover_view), md_strip_editor_xover_draw, self, NULL);
              gtk_grid_attach (grid, self->xover_view, 0, line++, 3, 1);
              self->mb_gr_view = gtk_drawing_area_new ();
              gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->mb_gr_view), 28);
              /* TRANSLATORS: tooltip of the multiband compressor's gain reduction bars */
              gtk_widget_set_tooltip_text (self->mb_gr_view, _("Gain reduction of each band under its frequency range (0 to 12 dB, down from the top); the line and the number hold the peak for 1.5 s"));
              gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->mb_gr_view), md_strip_editor_mb_gr_draw, self, NULL);
              gtk_grid_attach (grid, self->mb_gr_view, 0, line++, 3, 1);
            }
          else if (g_str_equal (pages[p].prefix, "comp/"))
            {
              /* TRANSLATORS: tooltip of the compressor's transfer curve */
              self->comp_curve = md_strip_editor_transfer_new (self, _("Input level across, output level up (-72 to 0 dB), with the makeup gain; the dot is the live level"));
              gtk_grid_attach (grid, self->comp_curve, 0, line++, 3, 1);
              if (self->scope == MD_SCOPE_STRIP)
                {
                  self->comp_reading = reading_new ();
                  gtk_grid_attach (grid, GTK_WIDGET (self->comp_reading), 0, line++, 3, 1);
                }
              self->gr_chart = gtk_drawing_area_new ();
              gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->gr_chart), 48);
              gtk_widget_set_margin_top (self->gr_chart, 4);
              /* TRANSLATORS: tooltip of the compressor's gain reduction chart */
              gtk_widget_set_tooltip_text (self->gr_chart, _("Gain reduction of the last 4 seconds (0 to 24 dB, down from the top)"));
              gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->gr_chart), md_strip_editor_gr_chart_draw, self, NULL);
              gtk_grid_attach (grid, self->gr_chart, 0, line++, 3, 1);
            }
          else if (g_str_equal (pages[p].prefix, "limiter/"))
            {
              self->lim_gr_view = gtk_drawing_area_new ();
              gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->lim_gr_view), 16);
              gtk_widget_set_margin_top (self->lim_gr_view, 6);
              /* TRANSLATORS: tooltip of the limiter's gain reduction bar */
              gtk_widget_set_tooltip_text (self->lim_gr_view, _("The limiter's gain reduction (0 to 12 dB, left to right); the line holds the peak for 1.5 s"));
              gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->lim_gr_view), md_strip_editor_lim_gr_draw, self, NULL);
              gtk_grid_attach (grid, self->lim_gr_view, 0, line++, 3, 1);
              self->lim_reading = reading_new ();
              gtk_grid_attach (grid, GTK_WIDGET (self->lim_reading), 0, line++, 3, 1);
            }
        }
      if (grid == NULL)
        continue;
      for (guint r = 0, band = 0; r < page_rows->len; r++)
        {
          Row *row = g_ptr_array_index (page_rows, r);
          if ((guint) band_of (row->key) != band)
            {
              g_autofree char *text = NULL;
              GtkWidget *heading;

              band = band_of (row->key);
              if (g_str_equal (pages[p].prefix, "send/"))
                /* TRANSLATORS: a send's heading in the strip editor */
                text = g_strdup_printf (_("Bus %u"), band);
              else
                /* TRANSLATORS: an EQ band's heading in the strip editor */
                text = g_strdup_printf (_("Band %u"), band);
              heading = gtk_label_new (text);
              gtk_label_set_xalign (GTK_LABEL (heading), 0);
              gtk_widget_add_css_class (heading, "heading");
              gtk_widget_set_margin_top (heading, 6);
              gtk_grid_attach (grid, heading, 0, line++, 3, 1);
            }
          add_row (self, grid, &line, row);
        }
    }
}

static void
sync_all (MdStripEditor *self)
{
  g_autofree char *title = NULL;

  for (guint i = 0; i < self->row_array->len; i++)
    {
      Row *row = g_ptr_array_index (self->row_array, i);
      row_show (self, row, get_value (self, row));
    }
  if (self->scope == MD_SCOPE_MASTER)
    title = g_strdup (_("Master processing"));
  else
    {
      /* the name says which strip this is more surely than its number */
      g_autofree char *path = g_strdup_printf ("/%s/%u/name", md_scope_name (self->scope), self->index);
      const char *name = md_session_get_string (self->session, path, NULL);

      if (name && name[0])
        /* TRANSLATORS: the editor's title: "Strip 2 · Bass", "Bus 1 · Reverb" */
        title = g_strdup_printf (self->scope == MD_SCOPE_BUS ? _("Bus %u · %s") : _("Strip %u · %s"),
                                 self->index, name);
      else if (self->scope == MD_SCOPE_BUS)
        title = g_strdup_printf (_("Bus %u processing"), self->index);
      else
        title = g_strdup_printf (_("Strip %u processing"), self->index);
    }
  gtk_label_set_text (self->title_label, title);
  gtk_widget_queue_draw (GTK_WIDGET (self->curve));
  if (self->gate_curve)
    gtk_widget_queue_draw (self->gate_curve);
  if (self->comp_curve)
    gtk_widget_queue_draw (self->comp_curve);
  if (self->xover_view)
    gtk_widget_queue_draw (self->xover_view);
}

double
md_strip_editor_param (MdStripEditor *self, const char *key, double fallback)
{
  Row *row = g_hash_table_lookup (self->rows, key);
  return row ? get_value (self, row) : fallback;
}

void
md_strip_editor_param_changed (MdStripEditor *self, const char *key, double value)
{
  Row *row;

  g_return_if_fail (MD_IS_STRIP_EDITOR (self));

  row = g_hash_table_lookup (self->rows, key);
  if (row == NULL)
    return;
  row_show (self, row, value);
  if (g_str_has_prefix (key, "eq/"))
    gtk_widget_queue_draw (GTK_WIDGET (self->curve));
  else if (g_str_has_prefix (key, "gate/") && self->gate_curve)
    gtk_widget_queue_draw (self->gate_curve);
  else if (g_str_has_prefix (key, "comp/") && self->comp_curve)
    gtk_widget_queue_draw (self->comp_curve);
  else if (g_str_has_prefix (key, "mb/xover/") && self->xover_view)
    {
      gtk_widget_queue_draw (self->xover_view);
      gtk_widget_queue_draw (self->mb_gr_view);
    }
  else if (g_str_equal (key, "mb/on") && self->mb_gr_view)
    gtk_widget_queue_draw (self->mb_gr_view);
}

/* EQ band handles on the curve: a drag moves the band's frequency
 * (across) and gain (up and down), one undo step; under Touch or Latch
 * automation both are touched while the handle is held. */
static double
handle_y (double gain_db, double height)
{
  return height / 2.0 - CLAMP (gain_db, -CURVE_RANGE_DB, CURVE_RANGE_DB) / CURVE_RANGE_DB * (height / 2.0 - 1);
}

static char *
band_path (MdStripEditor *self, int band, const char *what)
{
  switch (self->scope)
    {
    case MD_SCOPE_MASTER:
      return g_strdup_printf ("/master/eq/%d/%s", band + 1, what);
    case MD_SCOPE_BUS:
      return g_strdup_printf ("/bus/%u/eq/%d/%s", self->index, band + 1, what);
    default:
      return g_strdup_printf ("/strip/%u/eq/%d/%s", self->index, band + 1, what);
    }
}

static void
touch_band (MdStripEditor *self, int band, gboolean touching)
{
  MdAutomation *a = md_session_get_automation (self->session);
  static const char *const what[] = { "freq", "gain" };

  for (guint k = 0; k < G_N_ELEMENTS (what); k++)
    {
      g_autofree char *path = band_path (self, band, what[k]);
      if (md_automation_get_mode (a, path) != MD_AUTO_OFF)
        md_automation_touch (a, path, touching, NULL);
    }
}

static void
band_drag_begin_cb (GtkGestureDrag *gesture, double x, double y, MdStripEditor *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->curve));
  int height = gtk_widget_get_height (GTK_WIDGET (self->curve));
  double px[4], py[4];

  for (guint b = 0; b < 4; b++)
    {
      char key[32];
      g_snprintf (key, sizeof key, "eq/%u/freq", b + 1);
      px[b] = md_draw_freq_x (param (self, key, 1000), width);
      g_snprintf (key, sizeof key, "eq/%u/gain", b + 1);
      py[b] = handle_y (param (self, key, 0), height);
    }
  self->drag_band = md_draw_lane_hit (px, py, 4, x, y, HANDLE_RADIUS);
  if (self->drag_band < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* the handle's centre follows the pointer's motion, not the pointer */
  self->drag_x = px[self->drag_band];
  self->drag_y = py[self->drag_band];
  /* TRANSLATORS: undo label of dragging an EQ band's handle */
  md_undo_session_begin_group (self->session, _("Move EQ band"));
  touch_band (self, self->drag_band, TRUE);
}

static void
band_drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, MdStripEditor *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->curve));
  int height = gtk_widget_get_height (GTK_WIDGET (self->curve));
  char key[32];
  Row *row;

  if (self->drag_band < 0 || width < 2 || height < 4)
    return;
  g_snprintf (key, sizeof key, "eq/%d/freq", self->drag_band + 1);
  row = g_hash_table_lookup (self->rows, key);
  if (row)
    send (row, CLAMP (md_draw_x_freq (CLAMP (self->drag_x + dx, 0, width), width),
                      row->info->min, row->info->max));
  g_snprintf (key, sizeof key, "eq/%d/gain", self->drag_band + 1);
  row = g_hash_table_lookup (self->rows, key);
  if (row)
    {
      double gain = (height / 2.0 - (self->drag_y + dy)) / (height / 2.0 - 1) * CURVE_RANGE_DB;
      send (row, round (CLAMP (gain, -CURVE_RANGE_DB, CURVE_RANGE_DB) * 10) / 10);
    }
}

static void
band_drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, MdStripEditor *self)
{
  if (self->drag_band < 0)
    return;
  touch_band (self, self->drag_band, FALSE);
  md_undo_session_end_group (self->session);
  self->drag_band = -1;
}

/* tests/test-ui-editors.sh finds the editor's parts through
 * md-debug-geometry (only with MD_UI_DEBUG_GEOMETRY set) */
static void
watch_geometry (MdStripEditor *self)
{
  g_autofree char *prefix = NULL;
  g_autofree char *name = NULL;
  GListModel *pages_model;
  GtkWidget *button;
  guint i = 0;

  if (self->scope == MD_SCOPE_MASTER)
    prefix = g_strdup ("master");
  else
    prefix = g_strdup_printf ("%s-%u", self->scope == MD_SCOPE_BUS ? "bus" : "strip", self->index);
  name = g_strdup_printf ("%s-editor-curve", prefix);
  md_debug_geometry_watch (GTK_WIDGET (self->curve), name);
  if (self->comp_curve)
    {
      g_free (name);
      name = g_strdup_printf ("%s-editor-comp-curve", prefix);
      md_debug_geometry_watch (self->comp_curve, name);
    }
  if (self->mb_gr_view)
    {
      g_free (name);
      name = g_strdup_printf ("%s-editor-mb-gr", prefix);
      md_debug_geometry_watch (self->mb_gr_view, name);
    }
  if (self->lim_gr_view)
    {
      g_free (name);
      name = g_strdup_printf ("%s-editor-limiter-gr", prefix);
      md_debug_geometry_watch (self->lim_gr_view, name);
    }
  {
    Row *route = g_hash_table_lookup (self->rows, "route");
    if (route && route->control)
      {
        g_free (name);
        name = g_strdup_printf ("%s-editor-route", prefix);
        md_debug_geometry_watch (route->control, name);
      }
  }
  /* the page buttons, in the stack's order: "...-editor-page-mb/" */
  pages_model = G_LIST_MODEL (gtk_stack_get_pages (self->stack));
  for (button = gtk_widget_get_first_child (GTK_WIDGET (self->switcher));
       button != NULL && i < g_list_model_get_n_items (pages_model);
       button = gtk_widget_get_next_sibling (button), i++)
    {
      GtkStackPage *page = g_list_model_get_item (pages_model, i);
      g_free (name);
      name = g_strdup_printf ("%s-editor-page-%s", prefix, gtk_stack_page_get_name (page));
      md_debug_geometry_watch (button, name);
      g_object_unref (page);
    }
  g_object_unref (pages_model);
}

void
md_strip_editor_set_index (MdStripEditor *self, guint index)
{
  g_return_if_fail (MD_IS_STRIP_EDITOR (self));

  self->index = index;
  watch_geometry (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    sync_all (self);
}

static void
md_strip_editor_show (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (md_strip_editor_parent_class)->show (widget);
  sync_all (MD_STRIP_EDITOR (widget));
}

GtkWidget *
md_strip_editor_new (MdSession *session, MdScope scope, guint index)
{
  MdStripEditor *self;

  g_return_val_if_fail (MD_IS_SESSION (session), NULL);

  self = g_object_new (MD_TYPE_STRIP_EDITOR, NULL);
  self->session = g_object_ref (session);
  self->scope = scope;
  self->index = index;
  build (self);
  watch_geometry (self);
  return GTK_WIDGET (self);
}

static void
md_strip_editor_dispose (GObject *object)
{
  MdStripEditor *self = MD_STRIP_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_STRIP_EDITOR);
  g_clear_object (&self->session);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->row_array, g_ptr_array_unref);

  G_OBJECT_CLASS (md_strip_editor_parent_class)->dispose (object);
}

static void
md_strip_editor_class_init (MdStripEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_strip_editor_dispose;
  widget_class->show = md_strip_editor_show;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/mixdesk/Mixdesk/md-strip-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MdStripEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, MdStripEditor, curve);
  gtk_widget_class_bind_template_child (widget_class, MdStripEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, MdStripEditor, switcher);
}

static void
md_strip_editor_init (MdStripEditor *self)
{
  GtkGesture *drag;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->row_array = g_ptr_array_new_with_free_func (g_free);
  gtk_drawing_area_set_draw_func (self->curve, md_strip_editor_curve_draw, self, NULL);
  self->drag_band = -1;
  self->comp_in_db = self->comp_out_db = NAN;
  self->gate_in_db = self->gate_out_db = NAN;
  for (guint b = 0; b < 3; b++)
    md_draw_hold_reset (&self->mb_hold[b]);
  md_draw_hold_reset (&self->lim_hold);
  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (band_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (band_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (band_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->curve), GTK_EVENT_CONTROLLER (drag));
}
