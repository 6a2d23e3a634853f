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

#include "md-draw.h"
#include "md-dyn.h"
#include "md-strip-editor.h"

#define CURVE_RATE 48000.0
#define CURVE_RANGE_DB 18.0

typedef struct
{
  MdStripEditor *editor;
  const MdParamInfo *info;
  guint sub;
  char key[48];
  GtkWidget *control;
  GtkLabel *value_label;
} Row;

/* GR history: 4 s in slots of 1/30 s (the meter tick's rate at most) */
#define GR_SLOTS 120
#define GR_SLOT_US (G_USEC_PER_SEC / 30)
#define GR_CHART_MAX_DB 24.0

struct _MdStripEditor
{
  GtkPopover parent_instance;

  MdSession *session;
  MdScope scope;
  guint index;
  gboolean syncing;
  GHashTable *rows;          /* key -> Row* (owned by the rows array) */
  GPtrArray *row_array;

  GtkLabel *title_label;
  GtkDrawingArea *curve;
  GtkStack *stack;
  GtkWidget *gate_curve;
  GtkWidget *comp_curve;
  GtkWidget *gr_chart;
  GtkWidget *xover_view;
  /* compressor GR history: one slot per GR_SLOT_US, newest at gr_head */
  float gr_hist[GR_SLOTS];
  guint gr_head;
  gint64 gr_slot_us;
};

G_DEFINE_FINAL_TYPE (MdStripEditor, md_strip_editor, GTK_TYPE_POPOVER)

static const struct
{
  const char *prefix;
  const char *title;
  gboolean master_only;
} pages[] = {
  { "eq/", N_("EQ"), FALSE },
  { "hpf/", N_("Filters"), FALSE },
  { "lpf/", NULL, FALSE },   /* on the filters page */
  { "gate/", N_("Gate"), FALSE },
  { "comp/", N_("Compressor"), FALSE },
  { "send/", N_("Sends"), FALSE },
  { "mb/", N_("Multiband"), TRUE },
  { "width", N_("Width"), TRUE },
  { "mono", NULL, TRUE },    /* on the width page */
  { "limiter/", N_("Limiter"), TRUE },
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
      gtk_drop_down_set_selected (GTK_DROP_DOWN (row->control), (guint) v);
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
    default:
      break;
    }
  (*line)++;
}

static GtkWidget *transfer_new (MdStripEditor *self, const char *tooltip);
static void xover_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data);
static void gr_chart_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data);

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
          if (info->kind == MD_KIND_INT || info->kind == MD_KIND_STRING)
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
              self->gate_curve = transfer_new (self, _("Input level across, output level up (-72 to 0 dB); the fainter line is the open gate falling back through its hysteresis"));
              gtk_grid_attach (grid, self->gate_curve, 0, line++, 3, 1);
            }
          else if (g_str_equal (pages[p].prefix, "mb/"))
            {
              self->xover_view = gtk_drawing_area_new ();
              gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->xover_view), 80);
              gtk_widget_set_margin_top (self->xover_view, 6);
              /* TRANSLATORS: tooltip of the multiband compressor's crossover view */
              gtk_widget_set_tooltip_text (self->xover_view, _("The three bands' Linkwitz-Riley responses, 20 Hz to 20 kHz, 0 to -48 dB (their amplitudes sum to 0 dB)"));
              gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->xover_view), xover_draw, self, NULL);
              gtk_grid_attach (grid, self->xover_view, 0, line++, 3, 1);
            }
          else if (g_str_equal (pages[p].prefix, "comp/"))
            {
              /* TRANSLATORS: tooltip of the compressor's transfer curve */
              self->comp_curve = transfer_new (self, _("Input level across, output level up (-72 to 0 dB), with the makeup gain"));
              gtk_grid_attach (grid, self->comp_curve, 0, line++, 3, 1);
              self->gr_chart = gtk_drawing_area_new ();
              gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->gr_chart), 48);
              gtk_widget_set_margin_top (self->gr_chart, 4);
              /* TRANSLATORS: tooltip of the compressor's gain reduction chart */
              gtk_widget_set_tooltip_text (self->gr_chart, _("Gain reduction of the last 4 seconds (0 to 24 dB, down from the top)"));
              gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->gr_chart), gr_chart_draw, self, NULL);
              gtk_grid_attach (grid, self->gr_chart, 0, line++, 3, 1);
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
  else if (self->scope == MD_SCOPE_BUS)
    title = g_strdup_printf (_("Bus %u processing"), self->index);
  else
    title = g_strdup_printf (_("Strip %u processing"), self->index);
  gtk_label_set_text (self->title_label, title);
  gtk_widget_queue_draw (GTK_WIDGET (self->curve));
  if (self->gate_curve)
    gtk_widget_queue_draw (self->gate_curve);
  if (self->comp_curve)
    gtk_widget_queue_draw (self->comp_curve);
  if (self->xover_view)
    gtk_widget_queue_draw (self->xover_view);
}

static double
param (MdStripEditor *self, const char *key, double fallback)
{
  Row *row = g_hash_table_lookup (self->rows, key);
  return row ? get_value (self, row) : fallback;
}

static void
curve_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;
  MdDrawEqBand bands[4];
  gboolean eq_on = param (self, "eq/on", 0) > 0.5;
  static const double freqs[] = { 50, 100, 200, 500, 1000, 2000, 5000, 10000 };
  static const double dbs[] = { -12, -6, 0, 6, 12 };

  cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.10);
  for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
    {
      double x = floor (md_draw_freq_x (freqs[i], width)) + 0.5;
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, height);
    }
  for (guint i = 0; i < G_N_ELEMENTS (dbs); i++)
    {
      double y = floor (height / 2.0 - dbs[i] / CURVE_RANGE_DB * (height / 2.0)) + 0.5;
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  cairo_stroke (cr);

  for (guint b = 0; b < 4; b++)
    {
      char key[32];
      g_snprintf (key, sizeof key, "eq/%u/on", b + 1);
      bands[b].on = eq_on && param (self, key, 0) > 0.5;
      g_snprintf (key, sizeof key, "eq/%u/freq", b + 1);
      bands[b].freq_hz = param (self, key, 1000);
      g_snprintf (key, sizeof key, "eq/%u/gain", b + 1);
      bands[b].gain_db = param (self, key, 0);
      g_snprintf (key, sizeof key, "eq/%u/q", b + 1);
      bands[b].q = param (self, key, 0.707);
      bands[b].type = MD_DRAW_EQ_PEAK;
    }
  if (param (self, "eq/1/shelf", 0) > 0.5)
    bands[0].type = MD_DRAW_EQ_LOW_SHELF;
  if (param (self, "eq/4/shelf", 0) > 0.5)
    bands[3].type = MD_DRAW_EQ_HIGH_SHELF;

  for (int x = 0; x <= width; x++)
    {
      double f = md_draw_x_freq (x, width);
      double db = md_draw_eq_response_db (bands, 4, f, CURVE_RATE);
      double y = height / 2.0 - CLAMP (db, -CURVE_RANGE_DB, CURVE_RANGE_DB) / CURVE_RANGE_DB * (height / 2.0 - 1);
      if (x == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_set_source_rgb (cr, 0.40, 0.75, 0.95);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  /* band handles */
  for (guint b = 0; b < 4; b++)
    {
      double x = md_draw_freq_x (bands[b].freq_hz, width);
      double y = height / 2.0 - CLAMP (bands[b].gain_db, -CURVE_RANGE_DB, CURVE_RANGE_DB) / CURVE_RANGE_DB * (height / 2.0 - 1);
      cairo_arc (cr, x, y, 4, 0, 2 * G_PI);
      if (bands[b].on)
        cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
      else
        cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.6);
      cairo_fill (cr);
    }
}

/* Transfer curves of the gate and compressor pages: input dB across,
 * output dB up, TRANSFER_MIN_DB..0 on both axes. */
#define TRANSFER_MIN_DB (-72.0)

static double
transfer_pos (double db, double len)
{
  return (CLAMP (db, TRANSFER_MIN_DB, 0.0) - TRANSFER_MIN_DB) / -TRANSFER_MIN_DB * len;
}

static void
transfer_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;
  gboolean gate = GTK_WIDGET (area) == self->gate_curve;
  double thr = param (self, gate ? "gate/threshold" : "comp/threshold", -20);
  double ratio = param (self, "comp/ratio", 4);
  double knee = param (self, "comp/knee", 6);
  double makeup = param (self, "comp/makeup", 0);
  double range = param (self, "gate/range", 40);
  gboolean on = param (self, gate ? "gate/on" : "comp/on", 0) > 0.5;

  if (!gate && param (self, "comp/automakeup", 0) > 0.5)
    makeup += md_comp_static_gr_db (0.0, thr, ratio, knee);   /* as md-dyn.c */

  cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.10);
  for (double db = TRANSFER_MIN_DB; db <= 0.0; db += 12.0)
    {
      double x = floor (transfer_pos (db, width)) + 0.5;
      double y = floor (height - transfer_pos (db, height)) + 0.5;
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, height);
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  cairo_stroke (cr);
  /* unity and threshold */
  cairo_set_source_rgba (cr, 1, 1, 1, 0.25);
  cairo_move_to (cr, 0, height);
  cairo_line_to (cr, width, 0);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, 0.95, 0.75, 0.30, 0.6);
  cairo_move_to (cr, floor (transfer_pos (thr, width)) + 0.5, 0);
  cairo_line_to (cr, floor (transfer_pos (thr, width)) + 0.5, height);
  cairo_stroke (cr);

  /* the gate: both branches of the hysteresis (closed rising, open
   * falling); the compressor: its static curve */
  for (int branch = 0; branch < (gate ? 2 : 1); branch++)
    {
      for (int x = 0; x <= width; x++)
        {
          double in = TRANSFER_MIN_DB + (double) x / width * -TRANSFER_MIN_DB;
          double out = gate ? md_draw_gate_out_db (in, thr, range, branch == 1)
                            : md_draw_comp_out_db (in, thr, ratio, knee, makeup);
          double y = height - transfer_pos (out, height);
          if (x == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (on)
        cairo_set_source_rgba (cr, 0.40, 0.75, 0.95, branch ? 0.5 : 1.0);
      else
        cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.6);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

static GtkWidget *
transfer_new (MdStripEditor *self, const char *tooltip)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 160);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 160);
  gtk_widget_set_halign (area, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (area, 6);
  gtk_widget_set_tooltip_text (area, tooltip);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), transfer_draw, self, NULL);
  return area;
}

static void
gr_chart_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;

  cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.10);
  for (double db = 6; db < GR_CHART_MAX_DB; db += 6)
    {
      double y = floor (db / GR_CHART_MAX_DB * height) + 0.5;
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  cairo_stroke (cr);
  /* oldest on the left, reduction drawn down from the top */
  cairo_move_to (cr, 0, 0);
  for (guint i = 0; i < GR_SLOTS; i++)
    {
      float gr = self->gr_hist[(self->gr_head + 1 + i) % GR_SLOTS];
      double x = (double) i / (GR_SLOTS - 1) * width;
      cairo_line_to (cr, x, CLAMP (gr, 0.0, GR_CHART_MAX_DB) / GR_CHART_MAX_DB * height);
    }
  cairo_line_to (cr, width, 0);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.95, 0.55, 0.25, 0.8);
  cairo_fill (cr);
}

/* the multiband compressor's bands over 20 Hz - 20 kHz, 0 to -XOVER_RANGE_DB */
#define XOVER_RANGE_DB 48.0

static void
xover_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripEditor *self = data;
  double f1 = param (self, "mb/xover/1", 200);
  double f2 = param (self, "mb/xover/2", 3000);
  static const double freqs[] = { 50, 100, 200, 500, 1000, 2000, 5000, 10000 };
  static const double colours[3][3] = { { 0.95, 0.55, 0.25 }, { 0.40, 0.85, 0.45 }, { 0.40, 0.75, 0.95 } };

  cairo_set_source_rgb (cr, 0.07, 0.07, 0.08);
  cairo_paint (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.10);
  for (guint i = 0; i < G_N_ELEMENTS (freqs); i++)
    {
      double x = floor (md_draw_freq_x (freqs[i], width)) + 0.5;
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, height);
    }
  for (double db = 12; db < XOVER_RANGE_DB; db += 12)
    {
      double y = floor (db / XOVER_RANGE_DB * height) + 0.5;
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
    }
  cairo_stroke (cr);
  cairo_set_line_width (cr, 2);
  for (guint b = 0; b < 3; b++)
    {
      for (int x = 0; x <= width; x++)
        {
          double db = md_draw_lr4_band_db (b, md_draw_x_freq (x, width), f1, f2);
          double y = CLAMP (-db, 0.0, XOVER_RANGE_DB) / XOVER_RANGE_DB * (height - 1) + 1;
          if (x == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_set_source_rgb (cr, colours[b][0], colours[b][1], colours[b][2]);
      cairo_stroke (cr);
    }
}

void
md_strip_editor_update_gr (MdStripEditor *self, double comp_gr_db, gint64 now_us)
{
  float gr = (float) CLAMP (comp_gr_db, 0.0, GR_CHART_MAX_DB);

  g_return_if_fail (MD_IS_STRIP_EDITOR (self));

  if (self->gr_slot_us == 0 || now_us - self->gr_slot_us > GR_SLOTS * GR_SLOT_US)
    {
      /* first frame or a long gap: start over */
      memset (self->gr_hist, 0, sizeof self->gr_hist);
      self->gr_slot_us = now_us;
    }
  /* the meters keep their maximum since the last read: one slot keeps
   * the maximum of the frames that fall in it */
  while (now_us - self->gr_slot_us >= GR_SLOT_US)
    {
      self->gr_head = (self->gr_head + 1) % GR_SLOTS;
      self->gr_hist[self->gr_head] = 0.0f;
      self->gr_slot_us += GR_SLOT_US;
    }
  self->gr_hist[self->gr_head] = MAX (self->gr_hist[self->gr_head], gr);
  if (self->gr_chart && gtk_widget_get_mapped (self->gr_chart))
    gtk_widget_queue_draw (self->gr_chart);
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
    gtk_widget_queue_draw (self->xover_view);
}

void
md_strip_editor_set_index (MdStripEditor *self, guint index)
{
  g_return_if_fail (MD_IS_STRIP_EDITOR (self));

  self->index = index;
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
}

static void
md_strip_editor_init (MdStripEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->row_array = g_ptr_array_new_with_free_func (g_free);
  gtk_drawing_area_set_draw_func (self->curve, curve_draw, self, NULL);
}
