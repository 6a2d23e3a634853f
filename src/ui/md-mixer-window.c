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
#include <stdio.h>
#include <string.h>

#include "jack/md-jack.h"
#include "md-meter.h"
#include "md-mixer-window.h"
#include "md-strip-widget.h"

#define METER_INTERVAL_US (G_USEC_PER_SEC / 30)
#define STATUS_INTERVAL_MS 500
#define MESSAGE_S 5

struct _MdMixerWindow
{
  GtkApplicationWindow parent_instance;

  MdLive *live;
  MdSession *session;
  GSettings *settings;
  GPtrArray *strips;          /* MdStripWidget*, in console order */
  GPtrArray *buses;
  MdStripWidget *master;
  gboolean meter_pre;
  gint64 last_meter_us;
  guint tick_id;
  guint status_id;
  guint message_id;
  guint rebuild_id;
  gulong param_id, string_id, structure_id;

  GtkScrolledWindow *scroller;
  GtkBox *strips_box;
  GtkBox *buses_box;
  GtkBox *master_box;
  GtkLabel *jack_label;
  GtkLabel *rate_label;
  GtkLabel *load_label;
  GtkLabel *xrun_label;
  GtkLabel *message_label;
};

G_DEFINE_FINAL_TYPE (MdMixerWindow, md_mixer_window, GTK_TYPE_APPLICATION_WINDOW)

static GtkWidget *
make_strip (MdMixerWindow *self, MdScope scope, guint index)
{
  GtkWidget *w = md_strip_widget_new (self->session, scope, index);

  if (self->settings)
    {
      GtkWidget *meter = md_strip_widget_get_meter (MD_STRIP_WIDGET (w));
      g_settings_bind (self->settings, "meter-falloff", meter, "falloff", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "meter-hold", meter, "hold", G_SETTINGS_BIND_GET);
    }
  return w;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
}

static void
rebuild (MdMixerWindow *self)
{
  guint n_strips = md_session_get_n_strips (self->session);
  guint n_buses = md_session_get_n_buses (self->session);

  g_ptr_array_set_size (self->strips, 0);
  g_ptr_array_set_size (self->buses, 0);
  clear_box (self->strips_box);
  clear_box (self->buses_box);

  for (guint i = 1; i <= n_strips; i++)
    {
      GtkWidget *w = make_strip (self, MD_SCOPE_STRIP, i);
      g_ptr_array_add (self->strips, w);
      gtk_box_append (self->strips_box, w);
    }
  for (guint b = 1; b <= n_buses; b++)
    {
      GtkWidget *w = make_strip (self, MD_SCOPE_BUS, b);
      if (b == 1)
        gtk_widget_set_margin_start (w, 8);
      g_ptr_array_add (self->buses, w);
      gtk_box_append (self->buses_box, w);
    }
  if (self->master == NULL)
    {
      self->master = MD_STRIP_WIDGET (make_strip (self, MD_SCOPE_MASTER, 0));
      gtk_box_append (self->master_box, GTK_WIDGET (self->master));
    }
  else
    md_strip_widget_sync (self->master);
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

  if (strip)
    md_strip_widget_param_changed (strip, key, value);
}

static void
string_changed_cb (MdSession *session, const char *path, const char *value, MdMixerWindow *self)
{
  const char *key = NULL;
  MdStripWidget *strip = route (self, path, &key);

  if (strip)
    md_strip_widget_string_changed (strip, key, value);
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

static gboolean
in_view (MdMixerWindow *self, GtkWidget *strip)
{
  graphene_rect_t b;

  if (!gtk_widget_compute_bounds (strip, GTK_WIDGET (self->scroller), &b))
    return FALSE;
  return b.origin.x + b.size.width > 0 &&
         b.origin.x < gtk_widget_get_width (GTK_WIDGET (self->scroller));
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  MdMixerWindow *self = MD_MIXER_WINDOW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  const MdLiveMeters *m;

  if (now - self->last_meter_us < METER_INTERVAL_US)
    return G_SOURCE_CONTINUE;
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
  return G_SOURCE_CONTINUE;
}

static void
set_label (GtkLabel *label, const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
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

static const GActionEntry win_actions[] = {
  { "meter-pre", NULL, NULL, "false", meter_pre_change_state },
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

  self->param_id = g_signal_connect (self->session, "param-changed", G_CALLBACK (param_changed_cb), self);
  self->string_id = g_signal_connect (self->session, "string-changed", G_CALLBACK (string_changed_cb), self);
  self->structure_id = g_signal_connect (self->session, "structure-changed", G_CALLBACK (structure_changed_cb), self);
  rebuild (self);

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
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
  g_clear_handle_id (&self->message_id, g_source_remove);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->session)
    {
      g_clear_signal_handler (&self->param_id, self->session);
      g_clear_signal_handler (&self->string_id, self->session);
      g_clear_signal_handler (&self->structure_id, self->session);
    }
  g_clear_pointer (&self->strips, g_ptr_array_unref);
  g_clear_pointer (&self->buses, g_ptr_array_unref);
  self->master = NULL;
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

  gtk_widget_class_set_template_from_resource (widget_class, "/org/mixdesk/Mixdesk/md-mixer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, strips_box);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, buses_box);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, master_box);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, jack_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, rate_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, load_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, xrun_label);
  gtk_widget_class_bind_template_child (widget_class, MdMixerWindow, message_label);
}

static void
md_mixer_window_init (MdMixerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->strips = g_ptr_array_new ();
  self->buses = g_ptr_array_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
}
