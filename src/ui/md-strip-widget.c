/* md-strip-widget.c: one channel strip of the mixer window.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strip only sends commands to the session (md_session_set) and shows
 * what the session announces; while it shows a model value it does not
 * send it back (self->syncing).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "md-debug-geometry.h"
#include "md-draw.h"
#include "md-fader.h"
#include "md-meter.h"
#include "md-strip-editor.h"
#include "md-strip-widget.h"
#include "session/md-automation.h"
#include "session/md-scenes.h"
#include "md-ui-util.h"

#define EQ_RATE 48000.0

struct _MdStripWidget
{
  GtkBox parent_instance;

  MdSession *session;
  MdScope scope;
  guint index;
  gboolean syncing;
  MdDrawEqBand eq[4];

  GtkEditableLabel *name_label;
  GtkWidget *strip_menu_button;
  GSimpleActionGroup *actions;  /* strip.* (strips only) */
  GtkLabel *source_label;
  char *jack_input;             /* what JACK connects to the input, or NULL */
  GtkWidget *trim_box;
  GtkRange *trim_scale;
  GtkToggleButton *polarity_button;
  GtkWidget *eq_box;
  GtkToggleButton *eq_button;
  GtkDrawingArea *eq_curve;
  GtkMenuButton *edit_button;
  MdStripEditor *editor;      /* made on first use */
  GtkRange *pan_scale;
  MdFader *fader;
  MdMeter *meter;
  GtkLabel *value_label;
  GtkToggleButton *mute_button;
  GtkToggleButton *solo_button;
  GtkDropDown *auto_mode;     /* fader automation: off, play, write, touch, latch */
  guint n_meter_updates;      /* the mode is re-read every 8th (OSC, lanes view) */
  GtkDrawingArea *colour_bar; /* the strip's colour (strips only) */
  gboolean narrow;
};

/* The strip colours offered in the strip menu (GNOME palette). */
static const struct
{
  const char *label;
  const char *colour;
} colours[] = {
  { N_("_None"), "" },
  { N_("Red"), "#e01b24" },
  { N_("Orange"), "#ff7800" },
  { N_("Yellow"), "#f6d32d" },
  { N_("Green"), "#33d17a" },
  { N_("Blue"), "#3584e4" },
  { N_("Purple"), "#9141ac" },
  { N_("Brown"), "#986a44" },
  { N_("Grey"), "#9a9996" },
};

G_DEFINE_FINAL_TYPE (MdStripWidget, md_strip_widget, GTK_TYPE_BOX)

static void watch_geometry (MdStripWidget *self);

/* "/strip/3/" + KEY */
static char *
make_path (MdStripWidget *self, const char *key)
{
  switch (self->scope)
    {
    case MD_SCOPE_MASTER:
      return g_strdup_printf ("/master/%s", key);
    case MD_SCOPE_BUS:
      return g_strdup_printf ("/bus/%u/%s", self->index, key);
    case MD_SCOPE_STRIP:
    default:
      return g_strdup_printf ("/strip/%u/%s", self->index, key);
    }
}

static void
send (MdStripWidget *self, const char *key, double value)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (self->syncing || self->session == NULL)
    return;
  path = make_path (self, key);
  if (!md_session_set (self->session, path, value, FALSE, &error))
    g_warning ("%s: %s", path, error->message);
}

static double
get (MdStripWidget *self, const char *key, double fallback)
{
  g_autofree char *path = make_path (self, key);
  double v;

  if (!md_session_get (self->session, path, &v, NULL))
    return fallback;
  return v;
}

static void
show_fader_value (MdStripWidget *self, double db)
{
  char buf[32];

  if (db <= MD_FADER_MIN_DB)
    g_snprintf (buf, sizeof buf, "−∞");
  else
    g_snprintf (buf, sizeof buf, "%+.1f", db);
  gtk_label_set_text (self->value_label, buf);
}

static void
fader_value_cb (MdFader *fader, GParamSpec *pspec, MdStripWidget *self)
{
  double db = md_fader_get_value (fader);

  show_fader_value (self, db);
  send (self, "fader", db);
}

/* fader automation: the mode from the drop-down, touch while grabbed */
static void
auto_mode_cb (GtkDropDown *dd, GParamSpec *pspec, MdStripWidget *self)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (self->syncing || self->session == NULL)
    return;
  path = make_path (self, "fader");
  if (!md_automation_set_mode (md_session_get_automation (self->session), path,
                               (MdAutoMode) gtk_drop_down_get_selected (dd), &error))
    g_warning ("%s: %s", path, error->message);
}

static void
fader_grabbed_cb (MdFader *fader, GParamSpec *pspec, MdStripWidget *self)
{
  g_autofree char *path = make_path (self, "fader");
  MdAutomation *a = md_session_get_automation (self->session);

  if (md_automation_get_mode (a, path) != MD_AUTO_OFF)
    md_automation_touch (a, path, md_fader_get_grabbed (fader), NULL);
}

static void
trim_changed_cb (GtkRange *range, MdStripWidget *self)
{
  send (self, "trim", gtk_range_get_value (range));
}

static void
pan_changed_cb (GtkRange *range, MdStripWidget *self)
{
  send (self, "pan", gtk_range_get_value (range));
}

static void
toggle_cb (GtkToggleButton *button, MdStripWidget *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "md-key");
  send (self, key, gtk_toggle_button_get_active (button) ? 1.0 : 0.0);
}

static void
name_editing_cb (GtkEditableLabel *label, GParamSpec *pspec, MdStripWidget *self)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  const char *text;

  if (gtk_editable_label_get_editing (label) || self->syncing || self->scope == MD_SCOPE_MASTER)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (label));
  path = make_path (self, "name");
  if (g_strcmp0 (text, md_session_get_string (self->session, path, NULL)) == 0)
    return;
  if (!md_session_set_string (self->session, path, text, &error))
    {
      g_warning ("%s: %s", path, error->message);
      md_strip_widget_sync (self);
    }
}

static void
eq_curve_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripWidget *self = data;
  gboolean on = gtk_toggle_button_get_active (self->eq_button);
  double range_db = 18.0;

  cairo_set_source_rgb (cr, 0.08, 0.08, 0.09);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 0, height / 2.0 + 0.5);
  cairo_line_to (cr, width, height / 2.0 + 0.5);
  cairo_stroke (cr);

  for (int x = 0; x <= width; x++)
    {
      double f = md_draw_x_freq (x, width);
      double db = md_draw_eq_response_db (self->eq, 4, f, EQ_RATE);
      double y = height / 2.0 - CLAMP (db, -range_db, range_db) / range_db * (height / 2.0 - 1);
      if (x == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  if (on)
    cairo_set_source_rgb (cr, 0.40, 0.75, 0.95);
  else
    cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.5);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
read_eq (MdStripWidget *self)
{
  for (guint b = 0; b < 4; b++)
    {
      char key[32];
      MdDrawEqBand *band = &self->eq[b];

      g_snprintf (key, sizeof key, "eq/%u/on", b + 1);
      band->on = get (self, key, 0) > 0.5;
      g_snprintf (key, sizeof key, "eq/%u/freq", b + 1);
      band->freq_hz = get (self, key, 1000);
      g_snprintf (key, sizeof key, "eq/%u/gain", b + 1);
      band->gain_db = get (self, key, 0);
      g_snprintf (key, sizeof key, "eq/%u/q", b + 1);
      band->q = get (self, key, 0.707);
      band->type = MD_DRAW_EQ_PEAK;
      if (b == 0 && get (self, "eq/1/shelf", 0) > 0.5)
        band->type = MD_DRAW_EQ_LOW_SHELF;
      if (b == 3 && get (self, "eq/4/shelf", 0) > 0.5)
        band->type = MD_DRAW_EQ_HIGH_SHELF;
    }
}

/* KEY is "dca/D" or "mgrp/G": show the membership in the strip menu */
static void
show_membership (MdStripWidget *self, const char *key, double value)
{
  g_autofree char *name = NULL;
  GAction *action;

  if (self->actions == NULL)
    return;
  name = g_strdelimit (g_strdup (key), "/", '-');
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);
  if (action)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (value > 0.5));
}

static void
show_colour (MdStripWidget *self)
{
  const char *colour;
  GAction *action;

  if (self->actions == NULL)
    return;
  colour = md_session_get_strip_colour (self->session, self->index);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "colour");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (colour ? colour : ""));
  gtk_widget_queue_draw (GTK_WIDGET (self->colour_bar));
}

void
md_strip_widget_sync (MdStripWidget *self)
{
  g_return_if_fail (MD_IS_STRIP_WIDGET (self));

  self->syncing = TRUE;
  if (self->scope == MD_SCOPE_MASTER)
    gtk_editable_set_text (GTK_EDITABLE (self->name_label), _("Master"));
  else
    {
      g_autofree char *path = make_path (self, "name");
      const char *name = md_session_get_string (self->session, path, NULL);
      g_autofree char *fallback = NULL;

      if ((name == NULL || name[0] == '\0') && self->scope == MD_SCOPE_BUS)
        /* TRANSLATORS: the label of an unnamed bus */
        name = fallback = g_strdup_printf (_("Bus %u"), self->index);
      gtk_editable_set_text (GTK_EDITABLE (self->name_label), name ? name : "");
    }
  if (self->scope == MD_SCOPE_STRIP)
    {
      const char *src = md_session_get_strip_source (self->session, self->index);
      g_autofree char *base = NULL;
      gboolean stereo = md_session_get_strip_stereo (self->session, self->index);

      if (src == NULL && self->jack_input != NULL)
        base = g_strdup (self->jack_input);
      else if (src == NULL)
        base = g_strdup (_("no input"));
      else if (g_str_has_prefix (src, "jack:"))
        base = g_strdup (self->jack_input ? self->jack_input : src);
      else
        base = g_path_get_basename (src);
      gtk_label_set_text (self->source_label, base);
      if (src != NULL && !g_str_has_prefix (src, "jack:"))
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), src);
      else
        {
          /* TRANSLATORS: tooltip of a JACK strip's input; %s: the ports feeding it or "no input" */
          g_autofree char *tip = g_strdup_printf (_("%s — click to choose the JACK ports that feed this strip"), base);
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), tip);
        }
      md_meter_set_channels (self->meter, stereo ? 2 : 1);
      gtk_range_set_value (self->trim_scale, get (self, "trim", 0));
      gtk_toggle_button_set_active (self->polarity_button, get (self, "polarity", 0) > 0.5);
      gtk_toggle_button_set_active (self->solo_button, get (self, "solo", 0) > 0.5);
      if (self->actions)
        {
          GAction *left = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "move-left");
          GAction *right = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "move-right");
          g_simple_action_set_enabled (G_SIMPLE_ACTION (left), self->index > 1);
          g_simple_action_set_enabled (G_SIMPLE_ACTION (right),
                                       self->index < md_session_get_n_strips (self->session));
          g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions),
                                                                                  "recall-safe")),
                                     g_variant_new_boolean (md_session_scene_get_strip_safe (self->session,
                                                                                             self->index) != 0));
          for (guint d = 1; d <= MD_MAX_DCAS; d++)
            {
              g_autofree char *key = g_strdup_printf ("dca/%u", d);
              show_membership (self, key, get (self, key, 0));
            }
          for (guint g = 1; g <= MD_MAX_MGRPS; g++)
            {
              g_autofree char *key = g_strdup_printf ("mgrp/%u", g);
              show_membership (self, key, get (self, key, 0));
            }
          show_colour (self);
        }
    }
  if (self->scope != MD_SCOPE_MASTER)
    gtk_range_set_value (self->pan_scale, get (self, "pan", 0));
  gtk_toggle_button_set_active (self->eq_button, get (self, "eq/on", 0) > 0.5);
  read_eq (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->eq_curve));
  gtk_toggle_button_set_active (self->mute_button, get (self, "mute", 0) > 0.5);
  md_fader_set_value (self->fader, get (self, "fader", 0));
  show_fader_value (self, md_fader_get_value (self->fader));
  if (self->auto_mode)
    {
      g_autofree char *path = make_path (self, "fader");
      gtk_drop_down_set_selected (self->auto_mode,
                                  md_automation_get_mode (md_session_get_automation (self->session), path));
    }
  self->syncing = FALSE;
}

/* The fader lane's mode as the model has it (the automation model has
 * no change signal: OSC and the lanes view set it too). */
static void
sync_auto_mode (MdStripWidget *self)
{
  g_autofree char *path = NULL;
  MdAutoMode mode;

  if (self->auto_mode == NULL || self->session == NULL)
    return;
  path = make_path (self, "fader");
  mode = md_automation_get_mode (md_session_get_automation (self->session), path);
  if (gtk_drop_down_get_selected (self->auto_mode) != (guint) mode)
    {
      self->syncing = TRUE;
      gtk_drop_down_set_selected (self->auto_mode, mode);
      self->syncing = FALSE;
    }
}

void
md_strip_widget_param_changed (MdStripWidget *self, const char *key, double value)
{
  g_return_if_fail (MD_IS_STRIP_WIDGET (self));

  self->syncing = TRUE;
  if (g_str_equal (key, "fader"))
    {
      md_fader_set_value (self->fader, value);
      show_fader_value (self, value);
    }
  else if (g_str_equal (key, "trim"))
    gtk_range_set_value (self->trim_scale, value);
  else if (g_str_equal (key, "pan"))
    gtk_range_set_value (self->pan_scale, value);
  else if (g_str_equal (key, "mute"))
    gtk_toggle_button_set_active (self->mute_button, value > 0.5);
  else if (g_str_equal (key, "solo"))
    gtk_toggle_button_set_active (self->solo_button, value > 0.5);
  else if (g_str_equal (key, "polarity"))
    gtk_toggle_button_set_active (self->polarity_button, value > 0.5);
  else if (g_str_equal (key, "eq/on"))
    {
      gtk_toggle_button_set_active (self->eq_button, value > 0.5);
      gtk_widget_queue_draw (GTK_WIDGET (self->eq_curve));
    }
  else if (g_str_has_prefix (key, "eq/"))
    {
      read_eq (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->eq_curve));
    }
  else if (g_str_has_prefix (key, "dca/") || g_str_has_prefix (key, "mgrp/"))
    show_membership (self, key, value);
  self->syncing = FALSE;
  if (self->editor)
    md_strip_editor_param_changed (self->editor, key, value);
}

void
md_strip_widget_strip_changed (MdStripWidget *self, const char *what)
{
  g_return_if_fail (MD_IS_STRIP_WIDGET (self));

  if (g_strcmp0 (what, "colour") == 0)
    show_colour (self);
  else
    md_strip_widget_sync (self);
}

void
md_strip_widget_set_narrow (MdStripWidget *self, gboolean narrow)
{
  g_return_if_fail (MD_IS_STRIP_WIDGET (self));

  narrow = !!narrow;
  if (self->narrow == narrow)
    return;
  self->narrow = narrow;
  gtk_widget_set_size_request (GTK_WIDGET (self), narrow ? 64 : 96, -1);
  if (narrow)
    gtk_widget_add_css_class (GTK_WIDGET (self), "narrow");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "narrow");
  /* a narrow strip keeps name, EQ switch, pan, fader, meter (with GR), mute and solo */
  if (self->scope == MD_SCOPE_STRIP)
    {
      gtk_widget_set_visible (self->trim_box, !narrow);
      gtk_widget_set_visible (GTK_WIDGET (self->source_label), !narrow);
    }
  if (self->scope != MD_SCOPE_MASTER)
    {
      /* the thumbnail stays (it opens the editor), smaller */
      gtk_drawing_area_set_content_width (self->eq_curve, narrow ? 16 : 48);
    }
  if (self->auto_mode)
    gtk_widget_set_visible (GTK_WIDGET (self->auto_mode), !narrow);
  md_fader_set_compact (self->fader, narrow);
  /* the name sets the natural width */
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->name_label), narrow ? 5 : 8);
}

void
md_strip_widget_string_changed (MdStripWidget *self, const char *key, const char *value)
{
  g_return_if_fail (MD_IS_STRIP_WIDGET (self));

  if (!g_str_equal (key, "name") || gtk_editable_label_get_editing (self->name_label))
    return;
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_label), value ? value : "");
  self->syncing = FALSE;
}

void
md_strip_widget_update_meters (MdStripWidget *self, const MdLiveMeters *m,
                               gboolean pre, gint64 now_us)
{
  double gr;

  g_return_if_fail (MD_IS_STRIP_WIDGET (self));

  if ((self->n_meter_updates++ & 7) == 0)
    sync_auto_mode (self);
  switch (self->scope)
    {
    case MD_SCOPE_STRIP:
      if (self->index == 0 || self->index > m->n_strips)
        return;
      {
        const __typeof__ (m->strip[0]) *s = &m->strip[self->index - 1];
        md_meter_update (self->meter, pre ? s->pre_peak : s->post_peak,
                         pre ? s->pre_rms : s->post_rms, now_us);
        gr = MAX (s->gate_db, s->comp_db);
        if (self->editor && gtk_widget_get_visible (GTK_WIDGET (self->editor)))
          md_strip_editor_update_meters (self->editor, m, now_us);
      }
      break;
    case MD_SCOPE_BUS:
      if (self->index == 0 || self->index > m->n_buses)
        return;
      md_meter_update (self->meter, m->bus[self->index - 1].peak, m->bus[self->index - 1].rms, now_us);
      gr = m->bus[self->index - 1].comp_db;
      if (self->editor && gtk_widget_get_visible (GTK_WIDGET (self->editor)))
        md_strip_editor_update_meters (self->editor, m, now_us);
      break;
    case MD_SCOPE_MASTER:
    default:
      md_meter_update (self->meter, m->master_peak, m->master_rms, now_us);
      /* the master's editor shows the multiband's and limiter's GR */
      if (self->editor && gtk_widget_get_visible (GTK_WIDGET (self->editor)))
        md_strip_editor_update_meters (self->editor, m, now_us);
      return;
    }
  /* the meter redraws only when the GR column moves by a pixel */
  md_meter_update_gr (self->meter, gr);
}

GtkWidget *
md_strip_widget_get_meter (MdStripWidget *self)
{
  g_return_val_if_fail (MD_IS_STRIP_WIDGET (self), NULL);
  return GTK_WIDGET (self->meter);
}

MdScope
md_strip_widget_get_scope (MdStripWidget *self)
{
  return self->scope;
}

guint
md_strip_widget_get_index (MdStripWidget *self)
{
  return self->index;
}

void
md_strip_widget_set_index (MdStripWidget *self, guint index)
{
  g_return_if_fail (MD_IS_STRIP_WIDGET (self));

  self->index = index;
  watch_geometry (self);
  md_strip_widget_sync (self);
  if (self->editor)
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self->editor)))
        md_strip_editor_set_index (self->editor, index);
      else
        {
          /* the structure changed (buses for the sends): made anew when opened */
          self->editor = NULL;
          gtk_menu_button_set_popover (self->edit_button, NULL);
        }
    }
}

static void
structure_command (MdStripWidget *self, gboolean ok, GError *error)
{
  if (!ok)
    g_warning ("strip %u: %s", self->index, error->message);
}

static void
move_left_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdStripWidget *self = data;
  g_autoptr (GError) error = NULL;

  if (self->index > 1)
    structure_command (self, md_session_move_strip (self->session, self->index, self->index - 1, &error), error);
}

static void
move_right_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdStripWidget *self = data;
  g_autoptr (GError) error = NULL;

  if (self->index < md_session_get_n_strips (self->session))
    structure_command (self, md_session_move_strip (self->session, self->index, self->index + 1, &error), error);
}

static void
remove_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdStripWidget *self = data;
  g_autoptr (GError) error = NULL;

  structure_command (self, md_session_remove_strip (self->session, self->index, &error), error);
}

static void
membership_change_state (GSimpleAction *action, GVariant *state, gpointer data)
{
  MdStripWidget *self = data;
  /* "dca-3" -> "dca/3" */
  g_autofree char *key = g_strdelimit (g_strdup (g_action_get_name (G_ACTION (action))), "-", '/');

  g_simple_action_set_state (action, state);
  send (self, key, g_variant_get_boolean (state) ? 1 : 0);
}

static void
colour_change_state (GSimpleAction *action, GVariant *state, gpointer data)
{
  MdStripWidget *self = data;
  const char *colour = g_variant_get_string (state, NULL);
  g_autoptr (GError) error = NULL;

  g_simple_action_set_state (action, state);
  if (self->syncing)
    return;
  if (!md_session_set_strip_colour (self->session, self->index, colour[0] ? colour : NULL, &error))
    g_warning ("strip %u: %s", self->index, error->message);
}

/* strip.recall-safe: the strip keeps all its sections on a scene recall
 * (the per-strip safe of md-scenes.h; per section only in the session file's "recall_safe"). */
static void
recall_safe_change_state (GSimpleAction *action, GVariant *state, gpointer data)
{
  MdStripWidget *self = data;
  g_autoptr (GError) error = NULL;

  if (!md_session_scene_set_strip_safe (self->session, self->index,
                                        g_variant_get_boolean (state) ? MD_SCENE_ALL : 0, &error))
    {
      g_warning ("strip %u: %s", self->index, error->message);
      return;
    }
  g_simple_action_set_state (action, state);
}

static void
colour_bar_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  MdStripWidget *self = data;
  double r, g, b;

  if (self->session == NULL || self->scope != MD_SCOPE_STRIP ||
      !md_ui_colour_parse (md_session_get_strip_colour (self->session, self->index), &r, &g, &b))
    return;
  cairo_set_source_rgb (cr, r, g, b);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
}

/* DCA, Mute Groups and Colour submenus of the strip menu, and their
 * stateful actions strip.dca-D, strip.mgrp-G, strip.colour */
static void
add_group_menus (MdStripWidget *self)
{
  GMenuModel *model = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (self->strip_menu_button));
  g_autoptr (GMenu) section = g_menu_new ();
  g_autoptr (GMenu) dca = g_menu_new ();
  g_autoptr (GMenu) mgrp = g_menu_new ();
  g_autoptr (GMenu) colour = g_menu_new ();
  GSimpleAction *action;

  for (guint d = 1; d <= MD_MAX_DCAS; d++)
    {
      g_autofree char *name = g_strdup_printf ("dca-%u", d);
      g_autofree char *detailed = g_strdup_printf ("strip.dca-%u", d);
      g_autofree char *label = g_strdup_printf (_("DCA %u"), d);

      action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (FALSE));
      g_signal_connect (action, "change-state", G_CALLBACK (membership_change_state), self);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
      g_object_unref (action);
      g_menu_append (dca, label, detailed);
    }
  for (guint g = 1; g <= MD_MAX_MGRPS; g++)
    {
      g_autofree char *name = g_strdup_printf ("mgrp-%u", g);
      g_autofree char *detailed = g_strdup_printf ("strip.mgrp-%u", g);
      /* TRANSLATORS: a mute group in the strip menu, %u its number */
      g_autofree char *label = g_strdup_printf (_("Mute Group %u"), g);

      action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (FALSE));
      g_signal_connect (action, "change-state", G_CALLBACK (membership_change_state), self);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
      g_object_unref (action);
      g_menu_append (mgrp, label, detailed);
    }
  action = g_simple_action_new_stateful ("colour", G_VARIANT_TYPE_STRING, g_variant_new_string (""));
  g_signal_connect (action, "change-state", G_CALLBACK (colour_change_state), self);
  g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
  g_object_unref (action);
  for (guint c = 0; c < G_N_ELEMENTS (colours); c++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_(colours[c].label), NULL);
      g_menu_item_set_action_and_target_value (item, "strip.colour", g_variant_new_string (colours[c].colour));
      g_menu_append_item (colour, item);
    }
  g_menu_append_submenu (section, _("_DCA"), G_MENU_MODEL (dca));
  g_menu_append_submenu (section, _("_Mute Groups"), G_MENU_MODEL (mgrp));
  g_menu_append_submenu (section, _("_Colour"), G_MENU_MODEL (colour));
  action = g_simple_action_new_stateful ("recall-safe", NULL, g_variant_new_boolean (FALSE));
  g_signal_connect (action, "change-state", G_CALLBACK (recall_safe_change_state), self);
  g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
  g_object_unref (action);
  /* TRANSLATORS: strip menu: the strip is left alone by scene recalls */
  g_menu_append (section, _("Recall _Safe"), "strip.recall-safe");
  if (G_IS_MENU (model))
    g_menu_insert_section (G_MENU (model), 1, NULL, G_MENU_MODEL (section));
}

/* the window owns JACK: it shows the ports (win.strip-input) */
static void
input_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdStripWidget *self = data;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.strip-input", "u", self->index);
}

/* a click on the input under the name of a strip fed from JACK (a file
 * strip plays its file: nothing to choose there) */
static void
source_released_cb (GtkGestureClick *gesture, int n_press, double x, double y, gpointer data)
{
  MdStripWidget *self = data;
  const char *src = md_session_get_strip_source (self->session, self->index);

  if (src == NULL || g_str_has_prefix (src, "jack:"))
    input_activated (NULL, NULL, self);
}

static const GActionEntry strip_actions[] = {
  { "input", input_activated },
  { "move-left", move_left_activated },
  { "move-right", move_right_activated },
  { "remove", remove_activated },
};

/* tests/test-ui-editors.sh finds the EQ thumbnail (which opens the
 * editor) through md-debug-geometry: "strip-1-edit", "master-edit" */
static void
watch_geometry (MdStripWidget *self)
{
  g_autofree char *name = NULL;

  if (self->scope == MD_SCOPE_MASTER)
    name = g_strdup ("master-edit");
  else
    name = g_strdup_printf ("%s-%u-edit", self->scope == MD_SCOPE_BUS ? "bus" : "strip", self->index);
  md_debug_geometry_watch (GTK_WIDGET (self->edit_button), name);
  if (self->scope == MD_SCOPE_STRIP)
    {
      g_autofree char *input = g_strdup_printf ("strip-%u-input", self->index);
      md_debug_geometry_watch (GTK_WIDGET (self->source_label), input);
    }
}

static void
create_editor_cb (GtkMenuButton *button, gpointer data)
{
  MdStripWidget *self = data;

  if (self->editor)
    return;
  self->editor = MD_STRIP_EDITOR (md_strip_editor_new (self->session, self->scope, self->index));
  gtk_menu_button_set_popover (button, GTK_WIDGET (self->editor));
}

static void
setup_scale (GtkRange *range, const MdParamInfo *info)
{
  GtkAdjustment *adj = gtk_range_get_adjustment (range);

  gtk_adjustment_set_lower (adj, info->min);
  gtk_adjustment_set_upper (adj, info->max);
  gtk_adjustment_set_value (adj, info->def);
  gtk_scale_add_mark (GTK_SCALE (range), info->def, GTK_POS_BOTTOM, NULL);
}

GtkWidget *
md_strip_widget_new (MdSession *session, MdScope scope, guint index)
{
  MdStripWidget *self;

  g_return_val_if_fail (MD_IS_SESSION (session), NULL);
  g_return_val_if_fail (scope == MD_SCOPE_STRIP || scope == MD_SCOPE_BUS || scope == MD_SCOPE_MASTER, NULL);

  self = g_object_new (MD_TYPE_STRIP_WIDGET, NULL);
  self->session = g_object_ref (session);
  self->scope = scope;
  self->index = index;

  md_fader_set_param (self->fader, md_params_find_name (scope, "fader"));
  setup_scale (self->trim_scale, md_params_find_name (MD_SCOPE_STRIP, "trim"));
  setup_scale (self->pan_scale, md_params_find_name (scope == MD_SCOPE_BUS ? MD_SCOPE_BUS : MD_SCOPE_STRIP, "pan"));

  if (scope == MD_SCOPE_STRIP)
    {
      self->actions = g_simple_action_group_new ();
      g_action_map_add_action_entries (G_ACTION_MAP (self->actions), strip_actions,
                                       G_N_ELEMENTS (strip_actions), self);
      gtk_widget_insert_action_group (GTK_WIDGET (self), "strip", G_ACTION_GROUP (self->actions));
      add_group_menus (self);
      self->colour_bar = GTK_DRAWING_AREA (gtk_drawing_area_new ());
      gtk_drawing_area_set_content_height (self->colour_bar, 4);
      gtk_drawing_area_set_draw_func (self->colour_bar, colour_bar_draw, self, NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self->colour_bar), "colour-bar");
      gtk_box_prepend (GTK_BOX (self), GTK_WIDGET (self->colour_bar));
    }
  else
    gtk_widget_set_visible (self->strip_menu_button, FALSE);
  if (scope == MD_SCOPE_STRIP)
    {
      GtkGesture *click = gtk_gesture_click_new ();
      g_signal_connect (click, "released", G_CALLBACK (source_released_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self->source_label), GTK_EVENT_CONTROLLER (click));
    }
  else
    {
      gtk_widget_set_visible (self->trim_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->solo_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->source_label), FALSE);
      md_meter_set_channels (self->meter, 2);
      gtk_widget_add_css_class (GTK_WIDGET (self), scope == MD_SCOPE_BUS ? "bus" : "master");
    }
  /* strips and buses show their gate/compressor GR beside the meter */
  md_meter_set_show_gr (self->meter, scope != MD_SCOPE_MASTER);
  /* the one meter outside the strips' row (see md-meter.c) */
  md_meter_set_full_height_damage (self->meter, scope == MD_SCOPE_MASTER);
  /* the master's editor: HPF, EQ, multiband, width/mono and limiter */
  gtk_menu_button_set_create_popup_func (self->edit_button, create_editor_cb, self, NULL);
  if (scope == MD_SCOPE_MASTER)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->pan_scale), FALSE);
      gtk_editable_set_editable (GTK_EDITABLE (self->name_label), FALSE);
    }
  {
    const char *modes[] = { C_("automation", "Off"), C_("automation", "Play"), C_("automation", "Write"),
                            C_("automation", "Touch"), C_("automation", "Latch"), NULL };
    GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self->value_label));
    self->auto_mode = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (modes));
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->auto_mode),
                                 _("Fader automation: off, play the lane, write, touch or latch"));
    gtk_widget_add_css_class (GTK_WIDGET (self->auto_mode), "auto-mode");
    if (GTK_IS_BOX (parent))
      gtk_box_insert_child_after (GTK_BOX (parent), GTK_WIDGET (self->auto_mode), GTK_WIDGET (self->value_label));
    g_signal_connect (self->auto_mode, "notify::selected", G_CALLBACK (auto_mode_cb), self);
    g_signal_connect (self->fader, "notify::grabbed", G_CALLBACK (fader_grabbed_cb), self);
  }
  watch_geometry (self);
  md_strip_widget_sync (self);
  return GTK_WIDGET (self);
}

void
md_strip_widget_set_jack_input (MdStripWidget *self, const char *ports)
{
  g_return_if_fail (MD_IS_STRIP_WIDGET (self));

  if (g_strcmp0 (self->jack_input, ports) == 0)
    return;
  g_free (self->jack_input);
  self->jack_input = g_strdup (ports);
  if (self->scope == MD_SCOPE_STRIP)
    md_strip_widget_sync (self);
}

static void
md_strip_widget_dispose (GObject *object)
{
  MdStripWidget *self = MD_STRIP_WIDGET (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_STRIP_WIDGET);
  g_clear_object (&self->session);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->jack_input, g_free);

  G_OBJECT_CLASS (md_strip_widget_parent_class)->dispose (object);
}

static void
md_strip_widget_class_init (MdStripWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_strip_widget_dispose;

  g_type_ensure (MD_TYPE_FADER);
  g_type_ensure (MD_TYPE_METER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/mixdesk/Mixdesk/md-strip-widget.ui");
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, name_label);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, source_label);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, strip_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, trim_box);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, trim_scale);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, polarity_button);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, eq_box);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, eq_button);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, eq_curve);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, edit_button);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, pan_scale);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, fader);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, meter);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, value_label);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, mute_button);
  gtk_widget_class_bind_template_child (widget_class, MdStripWidget, solo_button);
  gtk_widget_class_bind_template_callback (widget_class, fader_value_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_editing_cb);
}

static void
md_strip_widget_init (MdStripWidget *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_set_data (G_OBJECT (self->mute_button), "md-key", (gpointer) "mute");
  g_object_set_data (G_OBJECT (self->solo_button), "md-key", (gpointer) "solo");
  g_object_set_data (G_OBJECT (self->polarity_button), "md-key", (gpointer) "polarity");
  g_object_set_data (G_OBJECT (self->eq_button), "md-key", (gpointer) "eq/on");
  g_signal_connect (self->mute_button, "toggled", G_CALLBACK (toggle_cb), self);
  g_signal_connect (self->solo_button, "toggled", G_CALLBACK (toggle_cb), self);
  g_signal_connect (self->polarity_button, "toggled", G_CALLBACK (toggle_cb), self);
  g_signal_connect (self->eq_button, "toggled", G_CALLBACK (toggle_cb), self);
  g_signal_connect (self->trim_scale, "value-changed", G_CALLBACK (trim_changed_cb), self);
  g_signal_connect (self->pan_scale, "value-changed", G_CALLBACK (pan_changed_cb), self);
  gtk_drawing_area_set_draw_func (self->eq_curve, eq_curve_draw, self, NULL);
}
