/* md-mixer-window.c: the mixer window — strips, buses, master, status.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window listens to the session once and hands each change to the
 * strip it concerns; meters are pushed to every strip from one tick
 * callback, at most at the meter rate, with the latest frame only. The
 * JACK status line is refreshed twice a second.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jack/md-jack.h"
#include "md-lanes-view.h"
#include "md-loudness-graph.h"
#include "md-application.h"
#include "md-dca-panel.h"
#include "md-debug-geometry.h"
#include "md-meter.h"
#include "md-mixer-window.h"
#include "md-scenes-panel.h"
#include "md-strip-widget.h"
#include "md-strips-box.h"
#include "md-ui-util.h"
#include "osc/md-osc.h"

#define METER_INTERVAL_US (G_USEC_PER_SEC / 30)
#define STATUS_INTERVAL_MS 500
#define MESSAGE_S 5
#define LOUDNESS_INTERVAL_US (G_USEC_PER_SEC / 5)

enum
{
  LOUD_M,
  LOUD_S,
  LOUD_I,
  LOUD_LRA,
  LOUD_M_MAX,
  LOUD_S_MAX,
  LOUD_TP,
  LOUD_CORR,
  N_LOUDNESS
};

struct _MdMixerWindow
{
  GtkApplicationWindow parent_instance;

  MdLive *live;
  MdSession *session;
  GSettings *settings;
  GPtrArray *strips;          /* MdStripWidget*, in console order */
  GPtrArray *buses;
  MdStripWidget *master;
  MdDcaPanel *dca_panel;
  char *lan_address;          /* looked up once, for the OSC status */
  gboolean meter_pre;
  gboolean narrow;
  gint64 last_meter_us;
  guint tick_id;
  guint status_id;
  guint message_id;
  guint rebuild_id;
  gulong param_id, string_id, structure_id, strip_changed_id;

  GtkScrolledWindow *scroller;
  GtkBox *strips_box;
  GtkBox *buses_box;
  GtkBox *master_box;
  GtkBox *dca_box;
  GtkLabel *jack_label;
  GtkLabel *rate_label;
  GtkLabel *load_label;
  GtkLabel *xrun_label;
  GtkLabel *osc_label;
  GMenu *recent_menu;
  gulong recent_id;
  GtkLabel *message_label;
  GtkGrid *loudness_grid;
  GtkPopover *add_popover;
  GtkEntry *source_entry;
  GtkCheckButton *stereo_check;
  GtkLabel *target_label;
  GtkDropDown *target_dropdown;
  gboolean target_syncing;     /* showing the model's /master/target */
  GtkWidget *lanes_box;
  MdScenesPanel *scenes_panel;
  GtkWidget *scenes_button;
  GtkLabel *loudness_values[N_LOUDNESS];
  gint64 last_loudness_us;
  MdLoudnessGraph *loudness_graph;
  GtkListBox *ports_list;
  GtkWidget *ports_box;
  GtkLabel *no_ports_label;
  GtkListBox *dest_list;
  GtkLabel *no_dest_label;
  GtkWidget *add_button;
  GtkWidget *connect_master_button;
  GtkWidget *connect_monitor_button;
  GtkWidget *no_strips_label;
};

G_DEFINE_FINAL_TYPE (MdMixerWindow, md_mixer_window, GTK_TYPE_APPLICATION_WINDOW)

static GtkWidget *
make_strip (MdMixerWindow *self, MdScope scope, guint index)
{
  GtkWidget *w = md_strip_widget_new (self->session, scope, index);

  if (scope != MD_SCOPE_MASTER)
    md_strip_widget_set_narrow (MD_STRIP_WIDGET (w), self->narrow);
  if (self->settings)
    {
      GtkWidget *meter = md_strip_widget_get_meter (MD_STRIP_WIDGET (w));
      g_settings_bind (self->settings, "meter-falloff", meter, "falloff", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "meter-hold", meter, "hold", G_SETTINGS_BIND_GET);
    }
  return w;
}

/* Make ARRAY (shown in BOX) show N strips of SCOPE: existing widgets are
 * kept and renumbered, so the focus and the scroll position stay. */
static void
resize_strips (MdMixerWindow *self, GPtrArray *array, GtkBox *box, MdScope scope, guint n)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  while (array->len > n)
    {
      GtkWidget *w = g_ptr_array_index (array, array->len - 1);
      if (focus && (focus == w || gtk_widget_is_ancestor (focus, w)))
        {
          gtk_window_set_focus (GTK_WINDOW (self), NULL);
          focus = NULL;
        }
      g_ptr_array_set_size (array, array->len - 1);
      gtk_box_remove (box, w);
    }
  for (guint i = 0; i < array->len; i++)
    md_strip_widget_set_index (g_ptr_array_index (array, i), i + 1);
  while (array->len < n)
    {
      GtkWidget *w = make_strip (self, scope, array->len + 1);
      if (scope == MD_SCOPE_BUS && array->len == 0)
        gtk_widget_set_margin_start (w, 8);
      g_ptr_array_add (array, w);
      gtk_box_append (box, w);
    }
}

/* The delivery target menu shows /master/target (an index into the
 * parameter's enum names). */
static void
target_show (MdMixerWindow *self, double value)
{
  self->target_syncing = TRUE;
  gtk_drop_down_set_selected (self->target_dropdown, value >= 0 ? (guint) value : 0);
  self->target_syncing = FALSE;
}

static void
target_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, MdMixerWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (self->target_syncing || self->session == NULL)
    return;
  if (!md_session_set (self->session, "/master/target", gtk_drop_down_get_selected (dropdown), FALSE, &error))
    md_mixer_window_notify (self, error->message);
}

static void
target_dropdown_fill (MdMixerWindow *self)
{
  const MdParamInfo *info = md_params_find_name (MD_SCOPE_MASTER, "target");
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; info && info->enum_names && info->enum_names[i]; i++)
    /* TRANSLATORS: the delivery target menu's first entry (judge nothing) */
    gtk_string_list_append (names, i == 0 ? _("No target") : info->enum_names[i]);
  self->target_syncing = TRUE;
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (names));
  self->target_syncing = FALSE;
}

static void
rebuild (MdMixerWindow *self)
{
  resize_strips (self, self->strips, self->strips_box, MD_SCOPE_STRIP,
                 md_session_get_n_strips (self->session));
  gtk_widget_set_visible (self->no_strips_label, self->strips->len == 0);
  resize_strips (self, self->buses, self->buses_box, MD_SCOPE_BUS,
                 md_session_get_n_buses (self->session));
  if (self->master == NULL)
    {
      self->master = MD_STRIP_WIDGET (make_strip (self, MD_SCOPE_MASTER, 0));
      gtk_box_append (self->master_box, GTK_WIDGET (self->master));
    }
  else
    md_strip_widget_sync (self->master);
  if (self->dca_panel == NULL)
    {
      self->dca_panel = MD_DCA_PANEL (md_dca_panel_new (self->session));
      gtk_box_append (self->dca_box, GTK_WIDGET (self->dca_panel));
    }
  else
    md_dca_panel_sync (self->dca_panel);
  target_show (self, md_session_get_param (self->session, md_params_find_name (MD_SCOPE_MASTER, "target"), 0, 0));
}

/* "/strip/3/eq/2/gain" -> the strip widget and "eq/2/gain" */
static MdStripWidget *
route (MdMixerWindow *self, const char *path, const char **key)
{
  unsigned idx = 0;
  int n = 0;

  if (sscanf (path, "/strip/%u/%n", &idx, &n) == 1 && n > 0)
    {
      *key = path + n;
      return idx >= 1 && idx <= self->strips->len ? g_ptr_array_index (self->strips, idx - 1) : NULL;
    }
  if (sscanf (path, "/bus/%u/%n", &idx, &n) == 1 && n > 0)
    {
      *key = path + n;
      return idx >= 1 && idx <= self->buses->len ? g_ptr_array_index (self->buses, idx - 1) : NULL;
    }
  if (g_str_has_prefix (path, "/master/"))
    {
      *key = path + strlen ("/master/");
      return self->master;
    }
  return NULL;
}

static void
param_changed_cb (MdSession *session, const char *path, double value, MdMixerWindow *self)
{
  const char *key = NULL;
  MdStripWidget *strip = route (self, path, &key);

  if (strcmp (path, "/master/target") == 0)
    target_show (self, value);
  if (strip)
    md_strip_widget_param_changed (strip, key, value);
  else if (self->dca_panel && (g_str_has_prefix (path, "/dca/") || g_str_has_prefix (path, "/mgrp/")))
    md_dca_panel_param_changed (self->dca_panel, path, value);
}

static void
string_changed_cb (MdSession *session, const char *path, const char *value, MdMixerWindow *self)
{
  const char *key = NULL;
  MdStripWidget *strip = route (self, path, &key);

  if (strip)
    md_strip_widget_string_changed (strip, key, value);
}

static void
strip_changed_cb (MdSession *session, guint strip, const char *what, MdMixerWindow *self)
{
  if (strip >= 1 && strip <= self->strips->len)
    md_strip_widget_strip_changed (g_ptr_array_index (self->strips, strip - 1), what);
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  MdMixerWindow *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* a session load removes and adds many strips: rebuild once, when idle */
static void
structure_changed_cb (MdSession *session, MdMixerWindow *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_idle_cb, self, NULL);
}

static int
recent_newer_first (gconstpointer a, gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a, *ib = *(GtkRecentInfo **) b;
  /* transfer none */
  GDateTime *ma = gtk_recent_info_get_modified (ia);
  GDateTime *mb = gtk_recent_info_get_modified (ib);

  if (ma == NULL || mb == NULL)
    return (mb != NULL) - (ma != NULL);
  return -g_date_time_compare (ma, mb);
}

/* Open Recent: the sessions mixdesk opened or saved, newest first, those
 * that still exist (a stat each, at most a few dozen entries). */
static void
recent_changed_cb (GtkRecentManager *manager, MdMixerWindow *self)
{
  GList *items = gtk_recent_manager_get_items (manager);
  g_autoptr (GPtrArray) ours = g_ptr_array_new ();
  guint n = 0;

  for (GList *l = items; l; l = l->next)
    if (gtk_recent_info_has_application (l->data, MD_RECENT_APP_NAME) && gtk_recent_info_is_local (l->data))
      g_ptr_array_add (ours, l->data);
  g_ptr_array_sort (ours, recent_newer_first);
  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; i < ours->len && n < MD_RECENT_MAX; i++)
    {
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (ours->pdata[i]), NULL, NULL);
      g_autofree char *base = NULL;
      g_autoptr (GMenuItem) item = NULL;

      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      base = g_filename_display_basename (path);
      item = g_menu_item_new (base, NULL);
      g_menu_item_set_action_and_target_value (item, "app.open-recent", g_variant_new_string (path));
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  if (n == 0)
    g_menu_append (self->recent_menu, _("No recent sessions"), "win.no-recent");
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
set_label (GtkLabel *label, const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
format_level (char *buf, gsize size, double v, const char *unit)
{
  if (!isfinite (v) || v < -70.0)
    g_snprintf (buf, size, "—");
  else
    g_snprintf (buf, size, "%.1f %s", v, unit);
}

static void
update_loudness (MdMixerWindow *self, const MdLiveMeters *m)
{
  char buf[64];

  format_level (buf, sizeof buf, m->momentary_lufs, "LUFS");
  set_label (self->loudness_values[LOUD_M], buf);
  format_level (buf, sizeof buf, m->short_term_lufs, "LUFS");
  set_label (self->loudness_values[LOUD_S], buf);
  format_level (buf, sizeof buf, m->integrated_lufs, "LUFS");
  set_label (self->loudness_values[LOUD_I], buf);
  if (isfinite (m->lra_lu) && m->lra_lu >= 0)
    g_snprintf (buf, sizeof buf, "%.1f LU", m->lra_lu);
  else
    g_snprintf (buf, sizeof buf, "—");
  set_label (self->loudness_values[LOUD_LRA], buf);
  format_level (buf, sizeof buf, m->momentary_max_lufs, "LUFS");
  set_label (self->loudness_values[LOUD_M_MAX], buf);
  format_level (buf, sizeof buf, m->short_term_max_lufs, "LUFS");
  set_label (self->loudness_values[LOUD_S_MAX], buf);
  format_level (buf, sizeof buf, m->true_peak_dbtp, "dBTP");
  set_label (self->loudness_values[LOUD_TP], buf);
  if (isfinite (m->correlation))
    g_snprintf (buf, sizeof buf, "%+.2f", m->correlation);
  else
    g_snprintf (buf, sizeof buf, "—");
  set_label (self->loudness_values[LOUD_CORR], buf);

  {
    MdUiTargetState state = md_ui_target_state (m->target != NULL, m->integrated_lufs, m->target_pass);
    g_autofree char *text = NULL;
    g_autofree char *tip = NULL;

    switch (state)
      {
      case MD_UI_TARGET_NONE:
        text = g_strdup (_("No delivery target"));
        break;
      case MD_UI_TARGET_MEASURING:
        /* TRANSLATORS: %s is a delivery target; no integrated loudness yet */
        text = g_strdup_printf (_("%s: measuring…"), m->target);
        break;
      default:
        /* TRANSLATORS: %s is a delivery target (e.g. "ebu-r128") */
        text = g_strdup_printf (state == MD_UI_TARGET_PASS ? _("%s: pass") : _("%s: fail"), m->target);
        break;
      }
    set_label (self->target_label, text);
    if (state == MD_UI_TARGET_PASS || state == MD_UI_TARGET_FAIL)
      {
        gtk_widget_add_css_class (GTK_WIDGET (self->target_label), state == MD_UI_TARGET_PASS ? "success" : "error");
        gtk_widget_remove_css_class (GTK_WIDGET (self->target_label), state == MD_UI_TARGET_PASS ? "error" : "success");
      }
    else
      {
        gtk_widget_remove_css_class (GTK_WIDGET (self->target_label), "success");
        gtk_widget_remove_css_class (GTK_WIDGET (self->target_label), "error");
      }
    /* which criterion fails */
    if (state == MD_UI_TARGET_PASS || state == MD_UI_TARGET_FAIL)
      {
        const char *ok = _("pass"), *bad = _("fail");
        if (m->has_short_term_limit)
          /* TRANSLATORS: tooltip of the target's pass/fail line; each %s is "pass" or "fail" */
          tip = g_strdup_printf (_("Integrated loudness %s, true peak %s, short-term maximum %s"),
                                 m->integrated_pass ? ok : bad, m->true_peak_pass ? ok : bad,
                                 m->short_term_pass ? ok : bad);
        else
          /* TRANSLATORS: tooltip of the target's pass/fail line; each %s is "pass" or "fail" */
          tip = g_strdup_printf (_("Integrated loudness %s, true peak %s"),
                                 m->integrated_pass ? ok : bad, m->true_peak_pass ? ok : bad);
      }
    if (g_strcmp0 (tip, gtk_widget_get_tooltip_text (GTK_WIDGET (self->target_label))) != 0)
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->target_label), tip);
  }
}

static gboolean
in_view (MdMixerWindow *self, GtkWidget *strip)
{
  graphene_rect_t b;

  if (!gtk_widget_compute_bounds (strip, GTK_WIDGET (self->scroller), &b))
    return FALSE;
  return b.origin.x + b.size.width > 0 &&
         b.origin.x < gtk_widget_get_width (GTK_WIDGET (self->scroller));
}

static void
update_loudness_panel (MdMixerWindow *self, const MdLiveMeters *m)
{
  update_loudness (self, m);
  md_loudness_graph_set_target (self->loudness_graph,
                                m->target ? m->target_integrated_lufs : NAN,
                                m->target_tolerance_lu,
                                m->target ? m->target_max_short_term_lufs : NAN);
  /* Pause freezes the history as it freezes I and LRA */
  if (!m->loudness_paused)
    md_loudness_graph_push (self->loudness_graph, m->momentary_lufs, m->short_term_lufs);
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  MdMixerWindow *self = MD_MIXER_WINDOW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  const MdLiveMeters *m;

  if (now - self->last_meter_us >= METER_INTERVAL_US)
    {
      self->last_meter_us = now;
      m = md_live_get_meters (self->live);
      /* only the strips scrolled into view */
      for (guint i = 0; i < self->strips->len; i++)
        if (in_view (self, g_ptr_array_index (self->strips, i)))
          md_strip_widget_update_meters (g_ptr_array_index (self->strips, i), m, self->meter_pre, now);
      for (guint b = 0; b < self->buses->len; b++)
        if (in_view (self, g_ptr_array_index (self->buses, b)))
          md_strip_widget_update_meters (g_ptr_array_index (self->buses, b), m, FALSE, now);
      if (self->master)
        md_strip_widget_update_meters (self->master, m, FALSE, now);
      /* late by a whole interval (frames as slow as the meters): now */
      if (now - self->last_loudness_us >= 2 * LOUDNESS_INTERVAL_US)
        {
          self->last_loudness_us = now;
          update_loudness_panel (self, m);
        }
    }
  else if (now - self->last_loudness_us >= LOUDNESS_INTERVAL_US)
    {
      /* The loudness panel changes on a frame of its own, between two
       * meter frames (the frame clock runs at twice the meter rate).
       * With its labels and graph in the same frame as the meters the
       * damage had more rectangles than GTK 4.8's render-node diff keeps
       * (30), and every such frame repainted the whole window. */
      self->last_loudness_us = now;
      update_loudness_panel (self, md_live_get_meters (self->live));
    }
  return G_SOURCE_CONTINUE;
}

static void
update_osc_status (MdMixerWindow *self)
{
  MdOsc *osc = md_live_get_osc (self->live);
  MdOscStats stats = { 0 };
  g_autofree char *url = NULL, *text = NULL, *tip = NULL;
  gboolean local = FALSE;

  if (osc == NULL)
    {
      set_label (self->osc_label, _("OSC: off"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->osc_label),
                                   _("Start with --osc-port to control the console from a tablet"));
      return;
    }
  md_osc_get_stats (osc, &stats);
  url = md_ui_osc_url (md_osc_get_bind_address (osc), md_osc_get_port (osc), self->lan_address, &local);
  /* TRANSLATORS: OSC status: %s is the URL a tablet should use, %u the
   * number of clients subscribed to feedback */
  text = g_strdup_printf (ngettext ("OSC: %s · %u subscriber", "OSC: %s · %u subscribers", stats.n_subscribers),
                          url, stats.n_subscribers);
  set_label (self->osc_label, text);
  if (local)
    tip = g_strdup (_("Only this machine can reach the OSC server: start with --osc-bind 0.0.0.0 and --osc-allow for a tablet"));
  else
    tip = g_strdup (_("The address a tablet or control surface should send to (its address must be allowed with --osc-allow)"));
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->osc_label)), tip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->osc_label), tip);
}

static gboolean
status_cb (gpointer data)
{
  MdMixerWindow *self = data;
  MdJackStatus st = { 0 };
  g_autofree char *rate = NULL, *load = NULL, *xruns = NULL, *n_xruns = NULL;

  md_live_get_jack_status (self->live, &st);
  if (st.connected)
    {
      set_label (self->jack_label, st.rolling ? _("JACK: connected, rolling") : _("JACK: connected"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->jack_label), "error");
    }
  else
    {
      set_label (self->jack_label, _("JACK: disconnected"));
      gtk_widget_add_css_class (GTK_WIDGET (self->jack_label), "error");
    }
  /* TRANSLATORS: sample rate in Hz and JACK period in frames */
  rate = g_strdup_printf (_("%u Hz · %u frames"), st.sample_rate, st.buffer_size);
  /* TRANSLATORS: JACK's DSP load in percent */
  load = g_strdup_printf (_("DSP %.1f %%"), st.dsp_load);
  n_xruns = g_strdup_printf ("%" G_GUINT64_FORMAT, st.xruns);
  /* TRANSLATORS: %s is a number of JACK xruns (lost cycles) */
  xruns = g_strdup_printf (ngettext ("%s xrun", "%s xruns", (unsigned long) MIN (st.xruns, G_MAXULONG)), n_xruns);
  set_label (self->rate_label, rate);
  set_label (self->load_label, load);
  set_label (self->xrun_label, xruns);
  if (st.xruns > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->xrun_label), "warning");
  update_osc_status (self);
  /* what JACK feeds each strip (connections change in a patchbay too) */
  for (guint i = 0; i < self->strips->len; i++)
    {
      g_autofree char *ports = md_live_describe_strip_input (self->live, i + 1);
      md_strip_widget_set_jack_input (g_ptr_array_index (self->strips, i), ports);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
message_timeout_cb (gpointer data)
{
  MdMixerWindow *self = data;

  self->message_id = 0;
  gtk_label_set_text (self->message_label, "");
  return G_SOURCE_REMOVE;
}

void
md_mixer_window_notify (MdMixerWindow *self, const char *message)
{
  g_return_if_fail (MD_IS_MIXER_WINDOW (self));

  gtk_label_set_text (self->message_label, message);
  g_clear_handle_id (&self->message_id, g_source_remove);
  self->message_id = g_timeout_add_seconds (MESSAGE_S, message_timeout_cb, self);
}

void
md_mixer_window_set_file (MdMixerWindow *self, const char *file)
{
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (MD_IS_MIXER_WINDOW (self));

  if (file == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("mixdesk — new session"));
      return;
    }
  base = g_filename_display_basename (file);
  /* TRANSLATORS: window title, %s is the session file */
  title = g_strdup_printf (_("mixdesk — %s"), base);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
meter_pre_change_state (GSimpleAction *action, GVariant *state, gpointer data)
{
  MdMixerWindow *self = data;

  self->meter_pre = g_variant_get_boolean (state);
  g_simple_action_set_state (action, state);
}

/* an older installed schema may lack the key */
static gboolean
settings_have (GSettings *settings, const char *key)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return FALSE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

static void
set_narrow (MdMixerWindow *self, gboolean narrow)
{
  self->narrow = narrow;
  for (guint i = 0; i < self->strips->len; i++)
    md_strip_widget_set_narrow (g_ptr_array_index (self->strips, i), narrow);
  for (guint b = 0; b < self->buses->len; b++)
    md_strip_widget_set_narrow (g_ptr_array_index (self->buses, b), narrow);
}

static void
narrow_strips_change_state (GSimpleAction *action, GVariant *state, gpointer data)
{
  MdMixerWindow *self = data;
  gboolean narrow = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  set_narrow (self, narrow);
  if (settings_have (self->settings, "narrow-strips") &&
      g_settings_get_boolean (self->settings, "narrow-strips") != narrow)
    g_settings_set_boolean (self->settings, "narrow-strips", narrow);
}

static void
loudness_reset_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdMixerWindow *self = data;

  if (self->live)
    md_live_loudness_reset (self->live);
  md_loudness_graph_clear (self->loudness_graph);
}

static void
loudness_pause_change_state (GSimpleAction *action, GVariant *state, gpointer data)
{
  MdMixerWindow *self = data;

  if (self->live)
    md_live_loudness_pause (self->live, g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static void
add_strip_cb (GtkWidget *widget, MdMixerWindow *self)
{
  g_autofree char *source = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->source_entry))));
  g_autoptr (GError) error = NULL;

  if (md_session_add_strip (self->session, NULL, gtk_check_button_get_active (self->stereo_check),
                            source[0] ? source : NULL, &error) == 0)
    {
      md_mixer_window_notify (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->source_entry), "");
  gtk_popover_popdown (self->add_popover);
}

/* The + popover's list of JACK output ports (capture ports first),
 * refreshed each time the popover opens. */
static void
add_popover_show_cb (GtkPopover *popover, MdMixerWindow *self)
{
  g_autoptr (GPtrArray) ports = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->ports_list))) != NULL)
    gtk_list_box_remove (self->ports_list, child);
  gtk_widget_set_visible (self->ports_box, self->live != NULL);
  if (self->live == NULL)
    return;
  ports = md_live_list_input_sources (self->live);
  for (guint i = 0; i < ports->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (ports, i));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_list_box_append (self->ports_list, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_ports_label), ports->len == 0);

  /* where the master can go; where it goes now is selected */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->dest_list))) != NULL)
    gtk_list_box_remove (self->dest_list, child);
  g_clear_pointer (&ports, g_ptr_array_unref);
  ports = md_live_list_output_destinations (self->live);
  {
    GHashTable *conns = md_session_get_connections (self->session);
    GPtrArray *left = conns ? g_hash_table_lookup (conns, "master_L") : NULL;
    GPtrArray *right = conns ? g_hash_table_lookup (conns, "master_R") : NULL;

    for (guint i = 0; i < ports->len; i++)
      {
        const char *name = g_ptr_array_index (ports, i);
        GtkWidget *label = gtk_label_new (name);
        GtkListBoxRow *row;
        guint at;

        gtk_label_set_xalign (GTK_LABEL (label), 0.0);
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
        gtk_list_box_append (self->dest_list, label);
        row = GTK_LIST_BOX_ROW (gtk_widget_get_parent (label));
        if ((left && g_ptr_array_find_with_equal_func (left, name, g_str_equal, &at))
            || (right && g_ptr_array_find_with_equal_func (right, name, g_str_equal, &at)))
          gtk_list_box_select_row (self->dest_list, row);
      }
  }
  gtk_widget_set_visible (GTK_WIDGET (self->no_dest_label), ports->len == 0);
}

/* "Connect the Master" and "Connect the Monitor" (data "md-output") */
static void
connect_outputs_cb (GtkWidget *widget, MdMixerWindow *self)
{
  const char *output = g_object_get_data (G_OBJECT (widget), "md-output");
  gboolean monitor = g_strcmp0 (output, "monitor") == 0;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *msg = NULL;

  if (self->live == NULL)
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->dest_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)))
      g_ptr_array_add (names, (gpointer) gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))));
  if (names->len < 1 || names->len > 2)
    {
      md_mixer_window_notify (self, _("Select one JACK port (both sides) or two (left, right)."));
      return;
    }
  if (!md_live_connect_outputs (self->live, monitor ? "monitor" : "master", names->pdata[0],
                                names->len > 1 ? names->pdata[1] : NULL, &error))
    {
      md_mixer_window_notify (self, error->message);
      return;
    }
  if (monitor)
    /* TRANSLATORS: %s are JACK port names */
    msg = names->len > 1 ? g_strdup_printf (_("Monitor connected to %s and %s"), (char *) names->pdata[0], (char *) names->pdata[1])
                         : g_strdup_printf (_("Monitor connected to %s"), (char *) names->pdata[0]);
  else
    /* TRANSLATORS: %s are JACK port names */
    msg = names->len > 1 ? g_strdup_printf (_("Master connected to %s and %s"), (char *) names->pdata[0], (char *) names->pdata[1])
                         : g_strdup_printf (_("Master connected to %s"), (char *) names->pdata[0]);
  md_mixer_window_notify (self, msg);
  gtk_popover_popdown (self->add_popover);
}

static void
add_from_ports_cb (GtkWidget *widget, MdMixerWindow *self)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  if (self->live == NULL)
    return;
  /* in list order (capture_1 before capture_2), so L comes first */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->ports_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)))
      {
        GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
        g_ptr_array_add (names, (gpointer) gtk_label_get_text (GTK_LABEL (label)));
      }
  if (names->len == 0)
    {
      md_mixer_window_notify (self, _("Select one JACK port (mono) or two (stereo)."));
      return;
    }
  if (names->len <= 2)
    {
      if (md_live_add_strip_from_ports (self->live, NULL, (const char *const *) names->pdata,
                                        names->len, &error) == 0)
        {
          md_mixer_window_notify (self, error->message);
          return;
        }
    }
  else
    {
      /* more than two: one mono strip each */
      for (guint i = 0; i < names->len; i++)
        if (md_live_add_strip_from_ports (self->live, NULL, (const char *const *) names->pdata + i,
                                          1, &error) == 0)
          {
            md_mixer_window_notify (self, error->message);
            return;
          }
    }
  gtk_list_box_unselect_all (self->ports_list);
  gtk_popover_popdown (self->add_popover);
}

static void
set_n_buses (MdMixerWindow *self, int delta)
{
  g_autoptr (GError) error = NULL;
  guint n = md_session_get_n_buses (self->session);

  if (delta < 0 && n == 0)
    return;
  if (!md_session_set_n_buses (self->session, n + delta, &error))
    md_mixer_window_notify (self, error->message);
}

static void
add_bus_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  set_n_buses (data, 1);
}

static void
remove_bus_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  set_n_buses (data, -1);
}

static void
show_lanes_change_state (GSimpleAction *action, GVariant *state, gpointer data)
{
  MdMixerWindow *self = data;

  g_simple_action_set_state (action, state);
  gtk_widget_set_visible (self->lanes_box, g_variant_get_boolean (state));
}

/* A strip's input from the strip menu: the JACK output ports, the ones
 * feeding it now selected; Connect replaces them (the strip keeps its
 * settings), Disconnect leaves it without input. */
typedef struct
{
  MdMixerWindow *window;
  guint strip;
  GtkListBox *list;
} InputDialog;

static void
input_dialog_apply (GtkWidget *dialog, InputDialog *d, gboolean connect)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  if (connect)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (d->list));
         row != NULL; row = gtk_widget_get_next_sibling (row))
      if (GTK_IS_LIST_BOX_ROW (row) && gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)))
        g_ptr_array_add (names, (gpointer) gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))));
  if (connect && names->len == 0)
    {
      md_mixer_window_notify (d->window, _("Select the JACK ports that feed the strip, or Disconnect."));
      return;
    }
  if (!md_live_set_strip_input (d->window->live, d->strip, (const char *const *) names->pdata,
                                names->len, &error))
    {
      md_mixer_window_notify (d->window, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
input_connect_cb (GtkButton *button, gpointer data)
{
  input_dialog_apply (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (button))), data, TRUE);
}

static void
input_disconnect_cb (GtkButton *button, gpointer data)
{
  input_dialog_apply (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (button))), data, FALSE);
}

static void
input_cancel_cb (GtkButton *button, gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))));
}

static void
strip_input_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdMixerWindow *self = data;
  guint strip = g_variant_get_uint32 (param);
  g_autoptr (GPtrArray) ports = NULL;
  g_autofree char *now = NULL, *title = NULL, *path = NULL;
  g_auto (GStrv) feeding = NULL;
  InputDialog *d;
  GtkWidget *dialog, *box, *scroll, *buttons, *button, *label;
  const char *name;

  if (self->live == NULL || strip < 1 || strip > md_session_get_n_strips (self->session))
    return;
  ports = md_live_list_input_sources (self->live);
  now = md_live_describe_strip_input (self->live, strip);
  feeding = now ? g_regex_split_simple ("(?:, | \\+ )", now, 0, 0) : NULL;
  path = g_strdup_printf ("/strip/%u/name", strip);
  name = md_session_get_string (self->session, path, NULL);

  d = g_new0 (InputDialog, 1);
  d->window = self;
  d->strip = strip;
  dialog = gtk_window_new ();
  g_object_set_data_full (G_OBJECT (dialog), "md-input-dialog", d, g_free);
  /* TRANSLATORS: title of the dialog choosing a strip's JACK input; %s is the strip's name */
  title = g_strdup_printf (_("Input of %s"), name && name[0] ? name : "");
  gtk_window_set_title (GTK_WINDOW (dialog), title);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);   /* d->window */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, -1);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  label = gtk_label_new (md_session_get_strip_stereo (self->session, strip)
                         ? _("A stereo strip: one port feeds both sides, two (Ctrl+click) left and right.")
                         : _("A mono strip: every port selected (Ctrl+click) is summed into it."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_box_append (GTK_BOX (box), label);

  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroll), 320);
  d->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (d->list, GTK_SELECTION_MULTIPLE);
  gtk_widget_add_css_class (GTK_WIDGET (d->list), "boxed-list");
  for (guint i = 0; i < ports->len; i++)
    {
      const char *port = g_ptr_array_index (ports, i);
      GtkWidget *row_label = gtk_label_new (port);

      gtk_label_set_xalign (GTK_LABEL (row_label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (row_label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_list_box_append (d->list, row_label);
      if (feeding && g_strv_contains ((const char *const *) feeding, port))
        gtk_list_box_select_row (d->list, GTK_LIST_BOX_ROW (gtk_widget_get_parent (row_label)));
      {
        g_autofree char *watch = g_strdup_printf ("input-port-%u", i + 1);
        md_debug_geometry_watch (gtk_widget_get_parent (row_label), watch);
      }
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (d->list));
  gtk_box_append (GTK_BOX (box), scroll);
  if (ports->len == 0)
    gtk_box_append (GTK_BOX (box), gtk_label_new (_("No JACK output ports")));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  button = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect (button, "clicked", G_CALLBACK (input_cancel_cb), d);
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (_("_Disconnect"));
  g_signal_connect (button, "clicked", G_CALLBACK (input_disconnect_cb), d);
  gtk_box_append (GTK_BOX (buttons), button);
  md_debug_geometry_watch (button, "input-disconnect");
  button = gtk_button_new_with_mnemonic (_("C_onnect"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", G_CALLBACK (input_connect_cb), d);
  gtk_box_append (GTK_BOX (buttons), button);
  md_debug_geometry_watch (button, "input-connect");
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_child (GTK_WINDOW (dialog), box);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Space starts or stops the JACK transport, Home locates it to the start,
 * as in a DAW, unless the focus is in a text field (typing a name) or
 * a modifier is held. Capture phase: a focused button would otherwise
 * take Space as its own click. */
static gboolean
transport_key_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                  GdkModifierType state, MdMixerWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  MdJackStatus st = { 0 };

  if (self->live == NULL || (keyval != GDK_KEY_space && keyval != GDK_KEY_Home)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_EDITABLE (w))
      return FALSE;
  if (keyval == GDK_KEY_Home)
    {
      md_live_transport (self->live, "locate", 0);
      return TRUE;
    }
  md_live_get_jack_status (self->live, &st);
  md_live_transport (self->live, st.rolling ? "stop" : "play", 0);
  return TRUE;
}

static const GActionEntry win_actions[] = {
  { "show-lanes", NULL, NULL, "false", show_lanes_change_state },
  { "strip-input", strip_input_activated, "u" },
  { "add-bus", add_bus_activated },
  { "remove-bus", remove_bus_activated },
  { "meter-pre", NULL, NULL, "false", meter_pre_change_state },
  { "narrow-strips", NULL, NULL, "false", narrow_strips_change_state },
  { "no-recent", NULL },
  { "loudness-reset", loudness_reset_activated },
  { "loudness-pause", NULL, NULL, "false", loudness_pause_change_state },
};

MdMixerWindow *
md_mixer_window_new (GtkApplication *app, MdLive *live, GSettings *settings)
{
  MdMixerWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (live != NULL, NULL);

  self = g_object_new (MD_TYPE_MIXER_WINDOW, "application", app, NULL);
  self->live = live;
  self->session = g_object_ref (md_live_get_session (live));
  g_set_object (&self->settings, settings);
  if (settings_have (self->settings, "narrow-strips") && g_settings_get_boolean (self->settings, "narrow-strips"))
    {
      self->narrow = TRUE;
      g_action_group_change_action_state (G_ACTION_GROUP (self), "narrow-strips", g_variant_new_boolean (TRUE));
    }

  self->param_id = g_signal_connect (self->session, "param-changed", G_CALLBACK (param_changed_cb), self);
  self->string_id = g_signal_connect (self->session, "string-changed", G_CALLBACK (string_changed_cb), self);
  self->structure_id = g_signal_connect (self->session, "structure-changed", G_CALLBACK (structure_changed_cb), self);
  self->strip_changed_id = g_signal_connect (self->session, "strip-changed", G_CALLBACK (strip_changed_cb), self);
  target_dropdown_fill (self);
  rebuild (self);
  g_signal_connect (self->target_dropdown, "notify::selected", G_CALLBACK (target_selected_cb), self);
  md_debug_geometry_watch (GTK_WIDGET (self->target_dropdown), "loudness-target");
  gtk_box_append (GTK_BOX (self->lanes_box), md_lanes_view_new (live));
  md_scenes_panel_set_session (self->scenes_panel, self->session);
  md_debug_geometry_watch (self->scenes_button, "scenes-button");
  md_debug_geometry_watch (self->add_button, "add-button");
  md_debug_geometry_watch (GTK_WIDGET (self->dest_list), "add-master-dest");
  md_debug_geometry_watch (self->connect_master_button, "add-connect-master");
  g_object_set_data (G_OBJECT (self->connect_master_button), "md-output", (gpointer) "master");
  g_object_set_data (G_OBJECT (self->connect_monitor_button), "md-output", (gpointer) "monitor");
  g_signal_connect_object (self->scenes_panel, "message", G_CALLBACK (md_mixer_window_notify),
                           self, G_CONNECT_SWAPPED);

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  self->lan_address = md_ui_find_lan_address ();
  self->recent_id = g_signal_connect (gtk_recent_manager_get_default (), "changed",
                                      G_CALLBACK (recent_changed_cb), self);
  recent_changed_cb (gtk_recent_manager_get_default (), self);
  self->status_id = g_timeout_add (STATUS_INTERVAL_MS, status_cb, self);
  status_cb (self);
  md_mixer_window_set_file (self, NULL);
  return self;
}

static void
md_mixer_window_dispose (GObject *object)
{
  MdMixerWindow *self = MD_MIXER_WINDOW (object);

  if (self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->status_id, g_source_remove);
  g_clear_signal_handler (&self->recent_id, gtk_recent_manager_get_default ());
  g_clear_handle_id (&self->message_id, g_source_remove);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->session)
    {
      g_clear_signal_handler (&self->param_id, self->session);
      g_clear_signal_handler (&self->string_id, self->session);
      g_clear_signal_handler (&self->structure_id, self->session);
      g_clear_signal_handler (&self->strip_changed_id, self->session);
    }
  g_clear_pointer (&self->strips, g_ptr_array_unref);
  g_clear_pointer (&self->buses, g_ptr_array_unref);
  self->master = NULL;
  self->dca_panel = NULL;
  g_clear_pointer (&self->lan_address, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_MIXER_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  self->live = NULL;

  G_OBJECT_CLASS (md_mixer_window_parent_class)->dispose (object);
}

static void
md_mixer_window_class_init (MdMixerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_mixer_window_dispose;

  g_type_ensure (MD_TYPE_LOUDNESS_GRAPH);
  g_type_ensure (MD_TYPE_SCENES_PANEL);
  g_type_ensure (MD_TYPE_STRIPS_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/mixdesk/Mixdesk/md-mixer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, strips_box);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, buses_box);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, master_box);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, dca_box);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, osc_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, jack_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, rate_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, load_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, xrun_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, loudness_grid);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, add_popover);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, source_entry);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, stereo_check);
  gtk_widget_class_bind_template_callback (widget_class, add_strip_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_from_ports_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_outputs_cb);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, dest_list);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, no_dest_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, no_strips_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, connect_master_button);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, connect_monitor_button);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, loudness_graph);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, ports_list);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, ports_box);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, no_ports_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, target_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, lanes_box);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, scenes_panel);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, scenes_button);
}

static void
md_mixer_window_init (MdMixerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->strips = g_ptr_array_new ();
  self->buses = g_ptr_array_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (transport_key_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "no-recent")), FALSE);

  {
    const char *names[N_LOUDNESS] = {
      /* TRANSLATORS: loudness panel; M, S, I are EBU R128's momentary,
       * short-term and integrated loudness */
      C_("loudness", "M"), C_("loudness", "S"), C_("loudness", "I"),
      C_("loudness", "LRA"), C_("loudness", "M max"), C_("loudness", "S max"),
      C_("loudness", "True peak"), C_("loudness", "Correlation"),
    };
    for (guint i = 0; i < N_LOUDNESS; i++)
      {
        GtkWidget *name = gtk_label_new (names[i]);
        GtkWidget *value = gtk_label_new ("—");
        gtk_label_set_xalign (GTK_LABEL (name), 0);
        gtk_label_set_xalign (GTK_LABEL (value), 1);
        gtk_widget_add_css_class (name, "dim-label");
        gtk_widget_add_css_class (value, "numeric");
        gtk_widget_set_hexpand (value, TRUE);
        gtk_grid_attach (self->loudness_grid, name, 0, i, 1, 1);
        gtk_grid_attach (self->loudness_grid, value, 1, i, 1, 1);
        self->loudness_values[i] = GTK_LABEL (value);
      }
  }
}
