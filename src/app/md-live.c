/* md-live.c: live mode — the session on JACK, in one GLib main loop.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `mixdesk --headless [SESSION] [--strip SOURCE]... [--set PATH=VALUE]...`
 * The main loop owns the session; the JACK process callback runs the engine
 * (and the file-source hook); a 20 Hz tick handles JACK events (server
 * loss and return, connection changes), engine housekeeping, meters and
 * the status line.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "md-app.h"
#include "md-live.h"
#include "jack/md-jack.h"
#include "media/md-deliver.h"
#include "osc/md-osc.h"
#include "session/md-scenes.h"
#include "media/md-loudness-live.h"
#include "media/md-source.h"
#include "media/md-stream.h"
#include "session/md-autosave.h"
#include "session/md-automation.h"
#include "session/md-nsm.h"
#include "session/md-undo.h"
#include "session/md-session-file.h"
#include "ui/md-ui.h"

#define CMD NULL
#define TICK_MS 33
#define PORT_NAME_MAX 200

typedef struct
{
  char *path;
  gboolean loop;
  gboolean follow;
} FileFeed;

struct _MdLive
{
  MdLiveOptions opt;
  MdSession *session;
  MdEngine *engine;
  MdJack *jack;
  MdStreamSet *streams;
  MdLoudnessLive *loudness;
  MdOsc *osc;
  MdUndo *undo;
  MdAutosave *autosave;
  char *nsm_file, *nsm_name;  /* under NSM: the project's file and client id */
  FileFeed feeds[MD_JACK_MAX_INPUTS];   /* by first channel */
  GMainLoop *loop;
  GPid jackd_pid;
  char *jackd_log;
  guint tick_id;
  guint sig_int, sig_term;
  gulong structure_id, string_id, param_id;
  gint64 started_us;
  gint64 last_status_us;
  float master_peak[2];      /* max over the status interval */
  MdMeterValue master;       /* latest master meter frame */
  MdLiveMeters meters;       /* latest meter frame of the console */
  gboolean status_tty;
  gboolean status_shown;
  int exit_status;
};

/* ------------------------------------------------------------------ */
/* ports and file sources follow the session */

/* A JACK short port name from a strip name: ':' is reserved by JACK. */
static char *
port_base_name (const char *name)
{
  GString *s = g_string_new (NULL);
  for (const char *p = name; *p && s->len < PORT_NAME_MAX; p++)
    g_string_append_c (s, *p == ':' ? '_' : *p);
  if (s->len == 0)
    g_string_append (s, "strip");
  return g_string_free (s, FALSE);
}

static void
desired_ports (MdLive *self, char **want, char **want_direct)
{
  g_autoptr (GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = md_session_get_n_strips (self->session);

  /* the fixed outputs are ours too */
  g_hash_table_add (taken, (gpointer) "master_L");
  g_hash_table_add (taken, (gpointer) "master_R");
  g_hash_table_add (taken, (gpointer) "monitor_L");
  g_hash_table_add (taken, (gpointer) "monitor_R");
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/strip/%u/name", i);
      g_autofree char *base = port_base_name (md_session_get_string (self->session, path, NULL));
      guint id = md_session_get_strip_id (self->session, i);
      gboolean stereo = md_session_get_strip_stereo (self->session, i);
      g_autofree char *dpath = g_strdup_printf ("/strip/%u/direct", i);
      double direct = 0;
      md_session_get (self->session, dpath, &direct, NULL);
      for (guint k = 1;; k++)
        {
          g_autofree char *stem = k == 1 ? g_strdup (base) : g_strdup_printf ("%s_%u", base, k);
          char *l = stereo ? g_strconcat (stem, "_L", NULL) : g_strdup (stem);
          char *r = stereo ? g_strconcat (stem, "_R", NULL) : NULL;
          if (!g_hash_table_contains (taken, l) && (r == NULL || !g_hash_table_contains (taken, r)))
            {
              want[2 * id] = l;
              g_hash_table_add (taken, l);
              if (r)
                {
                  want[2 * id + 1] = r;
                  g_hash_table_add (taken, r);
                }
              if (direct >= 0.5)
                {
                  /* direct outputs: "<input name>_out" */
                  want_direct[2 * id] = g_strconcat (l, "_out", NULL);
                  g_hash_table_add (taken, want_direct[2 * id]);
                  if (r)
                    {
                      want_direct[2 * id + 1] = g_strconcat (r, "_out", NULL);
                      g_hash_table_add (taken, want_direct[2 * id + 1]);
                    }
                }
              break;
            }
          g_free (l);
          g_free (r);
        }
    }
}

static void
sync_ports (MdLive *self)
{
  char **want = g_new0 (char *, MD_JACK_MAX_INPUTS);
  char **want_direct = g_new0 (char *, MD_JACK_MAX_INPUTS);
  g_autoptr (GError) err = NULL;

  desired_ports (self, want, want_direct);
  if (!md_jack_set_bus_outputs (self->jack, md_session_get_n_buses (self->session), &err))
    {
      md_app_error (CMD, "%s", err->message);
      g_clear_error (&err);
    }
  for (guint c = 0; c < MD_JACK_MAX_INPUTS; c++)
    if (g_strcmp0 (md_jack_get_direct_output_name (self->jack, c), want_direct[c]) != 0
        && !md_jack_set_direct_output (self->jack, c, want_direct[c], &err))
      {
        md_app_error (CMD, "%s", err->message);
        g_clear_error (&err);
      }
  /* pass 1: ports whose new name another of our ports holds now move
   * aside, so swapped names never collide */
  for (guint c = 0; c < MD_JACK_MAX_INPUTS; c++)
    {
      const char *have = md_jack_get_input_name (self->jack, c);
      if (have == NULL || g_strcmp0 (have, want[c]) == 0)
        continue;
      for (guint d = 0; d < MD_JACK_MAX_INPUTS; d++)
        if (d != c && g_strcmp0 (want[d], have) == 0)
          {
            g_autofree char *tmp = g_strdup_printf ("%s~%u", have, c);
            md_jack_set_input (self->jack, c, tmp, NULL);
            break;
          }
    }
  for (guint c = 0; c < MD_JACK_MAX_INPUTS; c++)
    {
      if (g_strcmp0 (md_jack_get_input_name (self->jack, c), want[c]) == 0)
        continue;
      if (!md_jack_set_input (self->jack, c, want[c], &err))
        {
          md_app_error (CMD, "%s", err->message);
          g_clear_error (&err);
        }
    }
  for (guint c = 0; c < MD_JACK_MAX_INPUTS; c++)
    {
      g_free (want[c]);
      g_free (want_direct[c]);
    }
  g_free (want);
  g_free (want_direct);
}

static gboolean
is_file_source (const char *source)
{
  return source != NULL && *source != '\0' && !g_str_has_prefix (source, "jack:");
}

static void
sync_streams (MdLive *self)
{
  gboolean used[MD_JACK_MAX_INPUTS] = { FALSE };
  double v;
  gboolean loop = md_session_get (self->session, "/session/files/loop", &v, NULL) && v >= 0.5;
  gboolean follow = !md_session_get (self->session, "/session/files/transport", &v, NULL) || v >= 0.5;

  if (self->streams == NULL)
    return;
  for (guint i = 1; i <= md_session_get_n_strips (self->session); i++)
    {
      const char *src = md_session_get_strip_source (self->session, i);
      guint first = 2 * md_session_get_strip_id (self->session, i);
      FileFeed *f = &self->feeds[first];
      if (!is_file_source (src))
        continue;
      used[first] = TRUE;
      if (g_strcmp0 (f->path, src) == 0 && f->loop == loop && f->follow == follow)
        continue;
      {
        g_autoptr (GError) err = NULL;
        if (!md_stream_set_add (self->streams, first, src, loop, follow, &err))
          {
            md_app_error (CMD, _("strip %u stays silent: %s"), i, err->message);
            continue;
          }
      }
      g_free (f->path);
      f->path = g_strdup (src);
      f->loop = loop;
      f->follow = follow;
    }
  for (guint c = 0; c < MD_JACK_MAX_INPUTS; c++)
    if (!used[c] && self->feeds[c].path)
      {
        md_stream_set_remove (self->streams, c);
        g_clear_pointer (&self->feeds[c].path, g_free);
      }
}

static void
structure_changed_cb (MdSession *session, MdLive *self)
{
  sync_ports (self);
  sync_streams (self);
}

static void
string_changed_cb (MdSession *session, const char *path, const char *value, MdLive *self)
{
  if (g_str_has_prefix (path, "/strip/") && g_str_has_suffix (path, "/name"))
    sync_ports (self);
}

static void
param_changed_cb (MdSession *session, const char *path, double value, MdLive *self)
{
  if (g_str_has_prefix (path, "/session/files/"))
    sync_streams (self);
  else if (g_str_has_prefix (path, "/strip/") && g_str_has_suffix (path, "/direct"))
    sync_ports (self);
}

/* ------------------------------------------------------------------ */
/* engine */

static gboolean
make_engine (MdLive *self, double rate, GError **error)
{
  self->engine = md_engine_new (rate, MD_ENGINE_MAX_BLOCK_DEFAULT);
  if (self->engine == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, _("Cannot create the engine at %.0f Hz."), rate);
      return FALSE;
    }
  if (!md_session_attach_engine (self->session, self->engine, error))
    return FALSE;
  self->streams = md_stream_set_new (rate);
  memset (self->feeds, 0, sizeof self->feeds);
  sync_streams (self);
  md_jack_set_input_hook (self->jack, md_stream_set_fill, self->streams, MD_JACK_MAX_INPUTS);
  md_automation_attach_engine (md_session_get_automation (self->session), self->engine);
  self->loudness = md_loudness_live_new (self->engine, rate);
  md_jack_set_engine (self->jack, self->engine);
  return TRUE;
}

static void
drop_engine (MdLive *self)
{
  if (self->jack)
    {
      md_jack_set_engine (self->jack, NULL);
      md_jack_set_input_hook (self->jack, NULL, NULL, 0);
    }
  if (self->engine)
    {
      g_clear_pointer (&self->loudness, md_loudness_live_free);
      md_automation_attach_engine (md_session_get_automation (self->session), NULL);
      md_session_detach_engine (self->session);
      md_engine_free (self->engine);
      self->engine = NULL;
    }
  g_clear_pointer (&self->streams, md_stream_set_free);
  for (guint c = 0; c < MD_JACK_MAX_INPUTS; c++)
    g_clear_pointer (&self->feeds[c].path, g_free);
}

/* ------------------------------------------------------------------ */
/* status */

static double
peak_db (float p)
{
  return p > 0 ? 20.0 * log10 (p) : -INFINITY;
}

static void
print_status (MdLive *self)
{
  MdJackStatus st;
  g_autofree char *line = NULL;
  double pl = peak_db (self->master_peak[0]), pr = peak_db (self->master_peak[1]);

  md_jack_get_status (self->jack, &st);
  if (!st.connected)
    line = g_strdup (_("JACK server gone; retrying every second…"));
  else
    line = g_strdup_printf (_("DSP %4.1f %%  xruns %llu  master %6.1f / %6.1f dBFS"
                              "  M %5.1f  I %5.1f LUFS  %u Hz / %u  %s %.1f s  underruns %llu"),
                            st.dsp_load, (unsigned long long) st.xruns, MAX (pl, -99.9), MAX (pr, -99.9),
                            MAX (self->meters.momentary_lufs, -99.9), MAX (self->meters.integrated_lufs, -99.9),
                            st.sample_rate, st.buffer_size,
                            st.rolling ? _("rolling") : _("stopped"),
                            st.sample_rate ? (double) st.frame / st.sample_rate : 0.0,
                            (unsigned long long) (self->streams ? md_stream_set_underruns (self->streams) : 0));
  if (self->status_tty)
    {
      g_print ("\r%-100s", line);
      self->status_shown = TRUE;
    }
  else
    g_print ("%s\n", line);
  self->master_peak[0] = self->master_peak[1] = 0;
}

static void
status_newline (MdLive *self)
{
  if (self->status_shown)
    g_print ("\n");
  self->status_shown = FALSE;
}

/* ------------------------------------------------------------------ */
/* JACK loss and return */

static void
jack_lost_cb (MdJack *jack, gpointer data)
{
  MdLive *self = data;
  status_newline (self);
  md_app_error (CMD, _("JACK server gone; the session is kept, retrying every second"));
}

static void
jack_back_cb (MdJack *jack, gpointer data)
{
  MdLive *self = data;
  MdJackStatus st;
  g_autoptr (GError) err = NULL;

  md_jack_get_status (jack, &st);
  status_newline (self);
  if (self->engine && st.sample_rate != md_engine_sample_rate (self->engine))
    {
      /* a new rate: a new engine with the same session */
      drop_engine (self);
      if (!make_engine (self, st.sample_rate, &err))
        {
          md_app_error (CMD, "%s", err->message);
          self->exit_status = 1;
          md_live_quit (self);
          return;
        }
    }
  g_print (_("JACK server is back: ports and connections restored.\n"));
}

/* ------------------------------------------------------------------ */
/* main loop */

/* the one reader of the engine's read-and-reset meters */
static void
read_meters (MdLive *self)
{
  MdLiveMeters *m = &self->meters;
  MdJackStatus st;
  guint n = MIN (md_session_get_n_strips (self->session), G_N_ELEMENTS (m->strip));

  m->n_strips = n;
  for (guint i = 0; i < n; i++)
    {
      MdStripMeters sm;
      if (!md_engine_read_strip (self->engine, md_session_get_strip_id (self->session, i + 1), &sm))
        {
          memset (&m->strip[i], 0, sizeof m->strip[i]);
          continue;
        }
      for (guint c = 0; c < 2; c++)
        {
          m->strip[i].pre_peak[c] = sm.pre.peak[c];
          m->strip[i].pre_rms[c] = sm.pre.rms[c];
          m->strip[i].post_peak[c] = sm.post.peak[c];
          m->strip[i].post_rms[c] = sm.post.rms[c];
        }
      m->strip[i].gate_db = sm.gate_db;
      m->strip[i].comp_db = sm.comp_db;
      m->strip[i].silenced = sm.silenced;
    }
  m->n_buses = md_session_get_n_buses (self->session);
  for (guint b = 0; b < m->n_buses; b++)
    {
      MdMeterValue bv;
      md_engine_read_bus (self->engine, b + 1, &bv);
      for (guint c = 0; c < 2; c++)
        {
          m->bus[b].peak[c] = bv.peak[c];
          m->bus[b].rms[c] = bv.rms[c];
        }
      m->bus[b].comp_db = md_engine_read_bus_gr (self->engine, b + 1);
    }
  md_engine_read_master (self->engine, &self->master);
  for (guint c = 0; c < 2; c++)
    {
      m->master_peak[c] = self->master.peak[c];
      m->master_rms[c] = self->master.rms[c];
    }
  for (guint b = 0; b < G_N_ELEMENTS (m->master_mb_gr_db); b++)
    m->master_mb_gr_db[b] = md_engine_read_master_gr (self->engine, b + 1);
  m->master_limiter_gr_db = md_engine_read_master_gr (self->engine, 0);
  md_engine_read_master_phase (self->engine, &m->correlation, &m->side_to_mid_db);
  if (self->loudness)
    {
      MdLoudnessReading r;
      double t;
      const MdDeliveryTarget *target = NULL;
      md_loudness_live_get (self->loudness, &r);
      m->momentary_lufs = r.momentary_lufs;
      m->short_term_lufs = r.short_term_lufs;
      m->integrated_lufs = r.integrated_lufs;
      m->lra_lu = r.lra_lu;
      m->momentary_max_lufs = r.momentary_max_lufs;
      m->short_term_max_lufs = r.short_term_max_lufs;
      m->true_peak_dbtp = r.true_peak_dbtp;
      m->loudness_paused = r.paused;
      if (md_session_get (self->session, "/master/target", &t, NULL) && t >= 1)
        {
          MdParamAddr a;
          if (md_param_parse ("/master/target", &a) == MD_PARAM_OK)
            target = md_delivery_target_find (a.info->enum_names[(int) t]);
        }
      m->target = target ? target->name : NULL;
      m->target_integrated_lufs = target ? target->integrated_lufs : NAN;
      m->target_tolerance_lu = target ? target->tolerance_lu : 0.0;
      m->target_max_short_term_lufs = target ? target->max_short_term_lufs : NAN;
      if (target)
        {
          m->integrated_pass = isfinite (r.integrated_lufs)
                               && fabs (r.integrated_lufs - target->integrated_lufs) <= target->tolerance_lu + 1e-9;
          m->true_peak_pass = r.true_peak_dbtp <= target->max_true_peak_dbtp + 0.005;
          m->has_short_term_limit = !isnan (target->max_short_term_lufs);
          m->short_term_pass = !m->has_short_term_limit
                               || r.short_term_max_lufs <= target->max_short_term_lufs + 0.005;
          m->target_pass = m->integrated_pass && m->true_peak_pass && m->short_term_pass;
        }
    }
  md_jack_get_status (self->jack, &st);
  m->frame = st.frame;
}

char *
md_live_describe_strip_input (MdLive *self, guint strip)
{
  GString *s;
  guint id, n_ch;
  gboolean any = FALSE;

  if (strip < 1 || strip > md_session_get_n_strips (self->session))
    return NULL;
  id = md_session_get_strip_id (self->session, strip);
  n_ch = md_session_get_strip_stereo (self->session, strip) ? 2 : 1;
  s = g_string_new (NULL);
  for (guint c = 0; c < n_ch; c++)
    {
      GPtrArray *conns = md_jack_get_input_connections (self->jack, 2 * id + c);

      if (c > 0)
        g_string_append (s, " + ");
      if (conns == NULL)
        {
          /* TRANSLATORS: one side of a stereo strip's input has no connection */
          g_string_append (s, _("nothing"));
          continue;
        }
      any = TRUE;
      for (guint k = 0; k < conns->len; k++)
        {
          if (k > 0)
            g_string_append (s, ", ");
          g_string_append (s, g_ptr_array_index (conns, k));
        }
    }
  if (!any)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

gboolean
md_live_set_strip_input (MdLive *self, guint strip, const char *const *ports, guint n_ports,
                         GError **error)
{
  guint id, n_ch;
  gboolean ok = TRUE;

  if (strip < 1 || strip > md_session_get_n_strips (self->session))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("There is no strip %u."), strip);
      return FALSE;
    }
  id = md_session_get_strip_id (self->session, strip);
  n_ch = md_session_get_strip_stereo (self->session, strip) ? 2 : 1;
  if (n_ch == 2 && n_ports > 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("A stereo strip takes one port (both sides) or two (left and right), not %u."),
                   n_ports);
      return FALSE;
    }
  for (guint c = 0; c < n_ch; c++)
    if (md_jack_get_input_name (self->jack, 2 * id + c) == NULL)
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                     _("Strip %u has no input port to connect."), strip);
        return FALSE;
      }
  for (guint c = 0; c < n_ch && ok; c++)
    {
      const char *ours = md_jack_get_input_name (self->jack, 2 * id + c);

      ok = md_jack_disconnect_all (self->jack, ours, error);
      if (n_ch == 1)
        for (guint k = 0; k < n_ports && ok; k++)
          ok = md_jack_connect (self->jack, ours, ports[k], error);
      else if (n_ports > 0 && ok)
        ok = md_jack_connect (self->jack, ours, ports[n_ports == 2 ? c : 0], error);
    }
  if (!self->opt.leave_connections)
    {
      g_autoptr (GHashTable) conns = md_jack_get_connections (self->jack);
      md_session_set_connections (self->session, conns);
    }
  return ok;
}

GPtrArray *
md_live_list_input_sources (MdLive *self)
{
  return md_jack_list_ports (self->jack, TRUE);
}

GPtrArray *
md_live_list_output_destinations (MdLive *self)
{
  return md_jack_list_destinations (self->jack);
}

gboolean
md_live_connect_outputs (MdLive *self, const char *output, const char *left, const char *right,
                         GError **error)
{
  g_autofree char *port_l = NULL;
  g_autofree char *port_r = NULL;

  g_return_val_if_fail (g_strcmp0 (output, "master") == 0 || g_strcmp0 (output, "monitor") == 0, FALSE);
  g_return_val_if_fail (left != NULL, FALSE);

  port_l = g_strconcat (output, "_L", NULL);
  port_r = g_strconcat (output, "_R", NULL);
  if (!md_jack_connect (self->jack, port_l, left, error)
      || !md_jack_connect (self->jack, port_r, right ? right : left, error))
    return FALSE;
  if (!self->opt.leave_connections)
    {
      g_autoptr (GHashTable) conns = md_jack_get_connections (self->jack);
      md_session_set_connections (self->session, conns);
    }
  return TRUE;
}

guint
md_live_add_strip_from_ports (MdLive *self, const char *name, const char *const *ports,
                              guint n_ports, GError **error)
{
  g_autofree char *auto_name = NULL;
  guint strip, id;

  g_return_val_if_fail (ports != NULL && (n_ports == 1 || n_ports == 2), 0);
  if (name == NULL || name[0] == '\0')
    name = auto_name = md_jack_pick_name (ports, n_ports);
  /* structure-changed registers the new strip's ports (sync_ports) */
  strip = md_session_add_strip (self->session, name, n_ports == 2, NULL, error);
  if (strip == 0)
    return 0;
  id = md_session_get_strip_id (self->session, strip);
  for (guint c = 0; c < n_ports; c++)
    {
      const char *ours = md_jack_get_input_name (self->jack, 2 * id + c);
      if (ours == NULL)
        g_set_error (error, MD_JACK_ERROR, MD_JACK_ERROR_PORT,
                     _("Strip %u has no input port to connect."), strip);
      if (ours == NULL || !md_jack_connect (self->jack, ours, ports[c], error))
        {
          /* the port went away (or was never there): no half-made strip */
          md_session_remove_strip (self->session, strip, NULL);
          return 0;
        }
    }
  if (!self->opt.leave_connections)
    {
      g_autoptr (GHashTable) conns = md_jack_get_connections (self->jack);
      md_session_set_connections (self->session, conns);
    }
  return strip;
}

void
md_live_loudness_reset (MdLive *self)
{
  if (self->loudness)
    md_loudness_live_reset (self->loudness);
}

void
md_live_loudness_pause (MdLive *self, gboolean paused)
{
  if (self->loudness)
    md_loudness_live_pause (self->loudness, paused);
}

static gboolean
tick_cb (gpointer data)
{
  MdLive *self = data;
  gint64 now = g_get_monotonic_time ();

  if (md_jack_dispatch (self->jack) && md_jack_is_open (self->jack))
    {
      g_autoptr (GHashTable) conns = md_jack_get_connections (self->jack);
      md_session_set_connections (self->session, conns);
    }
  if (self->engine)
    {
      MdJackStatus st;
      md_jack_get_status (self->jack, &st);
      /* automation passes are recorded here, on the main thread */
      md_automation_tick (md_session_get_automation (self->session), st.connected && st.rolling,
                          st.frame, st.sample_rate ? st.sample_rate : 48000);
      md_engine_collect (self->engine);
      md_jack_set_latency (self->jack, md_engine_latency (self->engine));
      read_meters (self);
      self->master_peak[0] = MAX (self->master_peak[0], self->master.peak[0]);
      self->master_peak[1] = MAX (self->master_peak[1], self->master.peak[1]);
    }
  if ((self->status_tty || self->opt.verbose) && now - self->last_status_us >= G_USEC_PER_SEC)
    {
      self->last_status_us = now;
      print_status (self);
    }
  if (self->opt.quit_after_s > 0 && now - self->started_us >= (gint64) (self->opt.quit_after_s * G_USEC_PER_SEC))
    md_live_quit (self);
  return G_SOURCE_CONTINUE;
}

void
md_live_quit (MdLive *self)
{
  if (self->opt.quit_cb)
    self->opt.quit_cb (self->opt.quit_data);
  else if (self->loop)
    g_main_loop_quit (self->loop);
}

static gboolean
quit_cb (gpointer data)
{
  md_live_quit (data);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */

static gboolean
add_strip_from_arg (MdSession *session, const char *arg, GError **error)
{
  if (g_str_has_prefix (arg, "jack:"))
    {
      g_auto (GStrv) parts = g_strsplit (arg + 5, ":", 3);
      gboolean stereo = parts[0] && parts[1] && g_strcmp0 (parts[1], "stereo") == 0;
      if (parts[0] == NULL || *parts[0] == '\0' || (parts[1] && !stereo) || (parts[1] && parts[2]))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s”: a JACK strip is jack:NAME or jack:NAME:stereo"), arg);
          return FALSE;
        }
      return md_session_add_strip (session, parts[0], stereo, arg, error) != 0;
    }
  else
    {
      g_autoptr (MdSource) src = md_source_open (arg, error);
      guint n_ch;
      if (src == NULL)
        return FALSE;
      n_ch = md_source_get_channels (src);
      if (n_ch > 2)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s has %u channels: a strip takes 1 (mono) or 2 (stereo)"), arg, n_ch);
          return FALSE;
        }
      return md_session_add_strip (session, NULL, n_ch == 2, arg, error) != 0;
    }
}

static MdSession *
build_session (const MdLiveOptions *opt, GError **error)
{
  g_autoptr (MdSession) session = NULL;

  if (opt->session_file)
    {
      g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      /* the recovery file is kept beside the file the session is saved to
       * (see md_live_new: --save, else the session) */
      g_autofree char *recovery = md_autosave_find_recovery (opt->save_file ? opt->save_file
                                                                         : opt->session_file);
      const char *file = opt->session_file;
      if (recovery && opt->recover)
        {
          g_print (_("Recovering the session from %s (newer than %s).\n"), recovery, opt->session_file);
          file = recovery;
        }
      else if (recovery)
        g_print (_("A newer recovery file exists: %s — run with --recover to use it.\n"), recovery);
      session = md_session_load (file, warnings, error);
      if (session == NULL)
        return NULL;
      for (guint i = 0; i < warnings->len; i++)
        md_app_error (CMD, _("%s: warning: %s"), opt->session_file, (char *) g_ptr_array_index (warnings, i));
    }
  else
    session = md_session_new ();
  for (guint i = 0; opt->strips && opt->strips[i]; i++)
    if (!add_strip_from_arg (session, opt->strips[i], error))
      return NULL;
  if (opt->n_buses >= 0 && !md_session_set_n_buses (session, (guint) opt->n_buses, error))
    return NULL;
  for (guint i = 0; opt->sets && opt->sets[i]; i++)
    if (!md_session_set_text (session, opt->sets[i], error))
      return NULL;
  return g_steal_pointer (&session);
}

/* OSC callbacks (main thread) ----------------------------------------- */

static gboolean
osc_save_cb (gpointer data, const char *file, GError **error)
{
  MdLive *self = data;
  const char *target = file ? file : self->opt.save_file ? self->opt.save_file : self->opt.session_file;
  if (target == NULL)
    {
      g_set_error (error, MD_OSC_ERROR, MD_OSC_ERROR_FAILED,
                   _("the session has no file yet: start mixdesk with a session file or --save FILE"));
      return FALSE;
    }
  return md_live_save (self, target, error);
}

static gboolean
osc_transport_cb (gpointer data, MdOscTransport what, gint64 frame, GError **error)
{
  MdLive *self = data;
  if (!md_jack_is_open (self->jack))
    {
      g_set_error (error, MD_OSC_ERROR, MD_OSC_ERROR_FAILED, _("JACK is not connected"));
      return FALSE;
    }
  md_live_transport (self, what == MD_OSC_TRANSPORT_PLAY ? "play" : what == MD_OSC_TRANSPORT_STOP ? "stop" : "locate",
                     frame > 0 ? (guint64) frame : 0);
  return TRUE;
}

static gboolean
osc_scene_cb (gpointer data, MdOscSceneOp op, const char *name, guint index, GError **error)
{
  MdLive *self = data;
  g_autofree char *key = name ? g_strdup (name) : g_strdup_printf ("%u", index);
  if (op == MD_OSC_SCENE_SAVE)
    return md_session_scene_save (self->session, key, error);
  return md_session_scene_recall (self->session, key, error);
}

static float
to_db (float lin)
{
  return lin > 0 ? 20.0f * log10f (lin) : -INFINITY;
}

static gboolean
osc_meters_cb (gpointer data, MdOscMeterFrame *f)
{
  MdLive *self = data;
  const MdLiveMeters *m = &self->meters;
  f->n_strips = m->n_strips;
  f->n_buses = m->n_buses;
  for (guint i = 0; i < m->n_strips; i++)
    {
      f->strips[i][0] = to_db (m->strip[i].post_peak[0]);
      f->strips[i][1] = to_db (m->strip[i].post_peak[1]);
      f->strips[i][2] = to_db (m->strip[i].post_rms[0]);
      f->strips[i][3] = to_db (m->strip[i].post_rms[1]);
    }
  for (guint b = 0; b < m->n_buses; b++)
    {
      f->buses[b][0] = to_db (m->bus[b].peak[0]);
      f->buses[b][1] = to_db (m->bus[b].peak[1]);
      f->buses[b][2] = to_db (m->bus[b].rms[0]);
      f->buses[b][3] = to_db (m->bus[b].rms[1]);
    }
  f->master[0] = to_db (m->master_peak[0]);
  f->master[1] = to_db (m->master_peak[1]);
  f->master[2] = to_db (m->master_rms[0]);
  f->master[3] = to_db (m->master_rms[1]);
  f->loudness[0] = (float) m->momentary_lufs;
  f->loudness[1] = (float) m->short_term_lufs;
  f->loudness[2] = (float) m->integrated_lufs;
  f->loudness[3] = (float) m->lra_lu;
  f->loudness[4] = (float) m->true_peak_dbtp;
  f->loudness[5] = m->correlation;
  return TRUE;
}

static void
start_osc (MdLive *self)
{
  MdOscConfig cfg;
  g_autoptr (GError) err = NULL;
  if (self->opt.osc_port <= 0)
    return;
  md_osc_config_init (&cfg);
  cfg.port = (guint16) self->opt.osc_port;
  cfg.bind_address = self->opt.osc_bind;
  cfg.allow = self->opt.osc_allow;
  cfg.read_only = self->opt.osc_read_only;
  cfg.tcp = self->opt.osc_tcp;
  cfg.user_data = self;
  cfg.save = osc_save_cb;
  cfg.transport = osc_transport_cb;
  cfg.scene = osc_scene_cb;
  cfg.read_meters = osc_meters_cb;
  self->osc = md_osc_new (self->session, &cfg, &err);
  if (self->osc == NULL)
    {
      /* a console without its tablet still runs the show */
      md_app_error (CMD, _("OSC is off: %s (choose another port with --osc-port, or --no-osc)"),
                    err->message);
      return;
    }
  {
    g_autofree char *url = md_osc_get_url (self->osc);
    g_print (_("OSC: %s (%s)\n"), url,
             self->opt.osc_allow ? _("the --osc-allow networks may control it")
                                 : _("loopback only; --osc-bind and --osc-allow open it to a tablet"));
  }
}

static void
live_free (MdLive *self)
{
  g_clear_pointer (&self->osc, md_osc_free);
  g_clear_object (&self->autosave);
  g_clear_object (&self->undo);
  g_free (self->nsm_file);
  g_free (self->nsm_name);
  if (self->session)
    {
      if (self->structure_id)
        g_signal_handler_disconnect (self->session, self->structure_id);
      if (self->string_id)
        g_signal_handler_disconnect (self->session, self->string_id);
      if (self->param_id)
        g_signal_handler_disconnect (self->session, self->param_id);
    }
  drop_engine (self);
  g_clear_pointer (&self->jack, md_jack_free);
  if (self->jackd_pid)
    md_jack_stop_server (self->jackd_pid);
  if (self->jackd_log)
    g_unlink (self->jackd_log);
  g_free (self->jackd_log);
  g_clear_object (&self->session);
  if (self->tick_id)
    g_source_remove (self->tick_id);
  if (self->sig_int)
    g_source_remove (self->sig_int);
  if (self->sig_term)
    g_source_remove (self->sig_term);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_free (self);
}

MdLive *
md_live_new (const MdLiveOptions *opt, GError **error)
{
  MdLive *self = g_new0 (MdLive, 1);
  MdJackStatus st;
  const char *server = opt->jack_server;
  g_autoptr (GError) err = NULL;

  self->opt = *opt;
  self->status_tty = isatty (STDOUT_FILENO);
  self->session = build_session (opt, error);
  if (self->session == NULL)
    goto fail;
  self->undo = md_undo_new (self->session);
  self->autosave = md_autosave_new (self->session, opt->save_file ? opt->save_file : opt->session_file);
  md_autosave_set_interval_ms (self->autosave,
                               opt->autosave_s < 0 ? MD_AUTOSAVE_DEFAULT_INTERVAL_MS : (guint) opt->autosave_s * 1000);

  if (opt->start_jack && !md_jack_server_running (server))
    {
      self->jackd_log = g_build_filename (g_get_tmp_dir (), "mixdesk-jackd-XXXXXX.log", NULL);
      {
        int fd = g_mkstemp (self->jackd_log);
        if (fd >= 0)
          close (fd);
      }
      g_print (_("No JACK server running: starting a private one (%s backend)…\n"),
               g_file_test ("/dev/snd", G_FILE_TEST_IS_DIR) ? "ALSA" : "dummy");
      self->jackd_pid = md_jack_start_server (server, opt->rate, opt->period, self->jackd_log, error);
      if (self->jackd_pid == 0)
        goto fail;
    }

  self->jack = md_jack_new (opt->jack_name, server);
  if (!md_jack_open (self->jack, error))
    goto fail;
  md_jack_get_status (self->jack, &st);
  sync_ports (self);
  if (!make_engine (self, st.sample_rate, error))
    goto fail;
  if (!opt->leave_connections)
    md_jack_set_saved_connections (self->jack, md_session_get_connections (self->session));
  md_jack_set_notify (self->jack, jack_lost_cb, jack_back_cb, self);
  self->structure_id = g_signal_connect (self->session, "structure-changed",
                                         G_CALLBACK (structure_changed_cb), self);
  self->string_id = g_signal_connect (self->session, "string-changed",
                                      G_CALLBACK (string_changed_cb), self);
  self->param_id = g_signal_connect (self->session, "param-changed",
                                     G_CALLBACK (param_changed_cb), self);
  if (!md_jack_activate (self->jack, error))
    goto fail;
  for (guint i = 0; opt->connects && opt->connects[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (opt->connects[i], "=", 2);
      if (kv[0] == NULL || kv[1] == NULL || !md_jack_connect (self->jack, kv[0], kv[1], &err))
        {
          md_app_error (CMD, _("--connect %s: %s"), opt->connects[i],
                        err ? err->message : _("expected OURPORT=OTHER:PORT"));
          g_clear_error (&err);
        }
    }
  md_stream_set_wait_ready (self->streams, 3000);
  if (opt->play)
    {
      md_jack_transport_locate (self->jack, 0);
      md_jack_transport_play (self->jack);
    }

  md_jack_get_status (self->jack, &st);
  g_print (_("mixdesk is running as JACK client “%s” (%u Hz, %u frames): %u strips, %u buses. "
             "Ctrl-C quits.\n"),
           md_jack_get_client_name (self->jack), st.sample_rate, st.buffer_size,
           md_session_get_n_strips (self->session), md_session_get_n_buses (self->session));

  start_osc (self);
  self->started_us = self->last_status_us = g_get_monotonic_time ();
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  self->sig_int = g_unix_signal_add (SIGINT, quit_cb, self);
  self->sig_term = g_unix_signal_add (SIGTERM, quit_cb, self);
  return self;

fail:
  live_free (self);
  return NULL;
}

void
md_live_free (MdLive *self)
{
  if (self)
    live_free (self);
}

MdSession *
md_live_get_session (MdLive *self)
{
  return self->session;
}

const MdLiveMeters *
md_live_get_meters (MdLive *self)
{
  return &self->meters;
}

MdOsc *
md_live_get_osc (MdLive *self)
{
  return self->osc;
}

void
md_live_get_jack_status (MdLive *self, gpointer status)
{
  md_jack_get_status (self->jack, status);
}

void
md_live_transport (MdLive *self, const char *what, guint64 frame)
{
  if (g_strcmp0 (what, "play") == 0)
    md_jack_transport_play (self->jack);
  else if (g_strcmp0 (what, "stop") == 0)
    md_jack_transport_stop (self->jack);
  else if (g_strcmp0 (what, "locate") == 0)
    md_jack_transport_locate (self->jack, frame);
}

gboolean
md_live_save (MdLive *self, const char *file, GError **error)
{
  if (md_jack_is_open (self->jack) && !self->opt.leave_connections)
    {
      g_autoptr (GHashTable) conns = md_jack_get_connections (self->jack);
      md_session_set_connections (self->session, conns);
    }
  if (!md_session_save (self->session, file, error))
    return FALSE;
  md_autosave_set_session (self->autosave, self->session, file);
  md_autosave_mark_saved (self->autosave);
  return TRUE;
}

MdAutosave *
md_live_get_autosave (MdLive *self)
{
  return self->autosave;
}

/* NSM: the console starts on /nsm/client/open ---------------------------- */

typedef struct
{
  MdLiveOptions opt;
  MdLive *live;
  MdNsm *nsm;
  GMainLoop *loop;
  char *file;
  char *client_id;
  gboolean quit;
  gulong dirty_id;
} NsmRun;

static void
nsm_dirty_cb (GObject *obj, GParamSpec *pspec, gpointer data)
{
  NsmRun *r = data;
  md_nsm_set_dirty (r->nsm, md_autosave_get_dirty (MD_AUTOSAVE (obj)));
}

static void
nsm_quit_live (gpointer data)
{
  NsmRun *r = data;
  r->quit = TRUE;
  g_main_loop_quit (r->loop);
}

MdLive *
md_live_new_for_nsm (const MdLiveOptions *base, const char *path, const char *client_id,
                     char **file_out, GError **error)
{
  MdLiveOptions opt = *base;
  g_autofree char *file = NULL;
  g_autofree char *name = g_strdup (client_id);
  g_autoptr (GError) err = NULL;
  MdLive *live;

  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      g_set_error (error, MD_NSM_ERROR_CODE_DOMAIN, MD_NSM_ERR_CREATE_FAILED,
                   _("cannot create the project directory %s"), path);
      return NULL;
    }
  file = md_nsm_session_file (path);
  opt.session_file = g_file_test (file, G_FILE_TEST_EXISTS) ? file : NULL;
  opt.save_file = file;
  opt.jack_name = name;             /* the client id is the JACK client name */
  opt.leave_connections = TRUE;     /* the session manager keeps them */
  opt.strips = NULL;
  opt.sets = NULL;
  opt.connects = NULL;
  live = md_live_new (&opt, &err);
  if (live == NULL)
    {
      g_set_error (error, MD_NSM_ERROR_CODE_DOMAIN, MD_NSM_ERR_BAD_PROJECT, "%s", err->message);
      return NULL;
    }
  /* md_live_new copied the options: keep the strings alive with it */
  live->nsm_file = g_steal_pointer (&file);
  live->nsm_name = g_steal_pointer (&name);
  live->opt.save_file = live->nsm_file;
  live->opt.jack_name = live->nsm_name;
  live->opt.session_file = NULL;
  if (file_out)
    *file_out = g_strdup (live->nsm_file);
  return live;
}

static gboolean
nsm_open_cb (MdNsm *nsm, const char *path, const char *display_name, const char *client_id,
             gpointer data, GError **error)
{
  NsmRun *r = data;

  if (r->live)
    {
      /* :switch: — close this project, open the next */
      md_live_free (r->live);
      r->live = NULL;
    }
  g_clear_pointer (&r->file, g_free);
  r->opt.quit_cb = nsm_quit_live;
  r->opt.quit_data = r;
  r->live = md_live_new_for_nsm (&r->opt, path, client_id, &r->file, error);
  if (r->live == NULL)
    return FALSE;
  r->dirty_id = g_signal_connect (md_live_get_autosave (r->live), "notify::dirty",
                                  G_CALLBACK (nsm_dirty_cb), r);
  return TRUE;
}

static gboolean
nsm_save_cb (MdNsm *nsm, gpointer data, GError **error)
{
  NsmRun *r = data;
  if (r->live == NULL)
    {
      g_set_error (error, MD_NSM_ERROR_CODE_DOMAIN, MD_NSM_ERR_NO_SESSION_OPEN, _("no project is open"));
      return FALSE;
    }
  return md_live_save (r->live, r->file, error);
}

static void
nsm_quit_cb (MdNsm *nsm, gpointer data)
{
  nsm_quit_live (data);
}

/* Under NSM_URL: announce, register no JACK client before open, save in
 * place, report dirty/clean, quit at once on SIGTERM. Returns -1 when
 * NSM is not reachable (run without it). */
static int
run_under_nsm (const MdLiveOptions *opt)
{
  static const MdNsmCallbacks cb = { nsm_open_cb, nsm_save_cb, NULL, NULL, NULL, nsm_quit_cb };
  NsmRun r = { 0 };
  g_autoptr (GError) err = NULL;

  r.opt = *opt;
  r.loop = g_main_loop_new (NULL, FALSE);
  r.nsm = md_nsm_new ("mixdesk", g_get_prgname () ? g_get_prgname () : "mixdesk", &cb, &r);
  if (!md_nsm_announce (r.nsm, NULL, &err))
    {
      md_app_error (CMD, _("NSM_URL is set but the session manager cannot be reached (%s): "
                           "running without it"), err->message);
      g_object_unref (r.nsm);
      g_main_loop_unref (r.loop);
      return -1;
    }
  g_main_loop_run (r.loop);
  if (r.live)
    md_live_free (r.live);
  g_object_unref (r.nsm);
  g_main_loop_unref (r.loop);
  g_free (r.file);
  g_free (r.client_id);
  return 0;
}

int
md_live_run (const MdLiveOptions *opt)
{
  g_autoptr (GError) err = NULL;
  MdLive *self;
  int status;

  if (g_getenv ("NSM_URL") && *g_getenv ("NSM_URL"))
    {
      status = run_under_nsm (opt);
      if (status >= 0)
        return status;
    }
  self = md_live_new (opt, &err);

  if (self == NULL)
    {
      md_app_error (CMD, "%s", err->message);
      return 1;
    }
  self->loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (self->loop);
  status_newline (self);
  status = self->exit_status;
  if (opt->save_file)
    {
      if (!md_live_save (self, opt->save_file, &err))
        {
          md_app_error (CMD, _("cannot save the session to %s: %s"), opt->save_file, err->message);
          status = 1;
        }
      else
        g_print (_("Session saved to %s.\n"), opt->save_file);
    }
  live_free (self);
  return status;
}

/* ------------------------------------------------------------------ */
/* command line */

int
md_live_cmd (int argc, char **argv)
{
  MdLiveOptions opt = { 0 };
  g_autofree char *jack_name = NULL, *jack_server = NULL, *save = NULL;
  g_auto (GStrv) strips = NULL, sets = NULL, connects = NULL, rest = NULL;
  gboolean headless = FALSE, start_jack = FALSE, verbose = FALSE, play = FALSE, no_osc = FALSE;
  double quit_after = 0;
  gboolean recover = FALSE;
  int autosave_s = -1;
  int osc_port = 7770;
  int n_buses = -1;
  g_auto (GStrv) osc_allow = NULL, osc_read_only = NULL;
  gboolean osc_tcp = FALSE;
  g_autofree char *osc_bind = NULL;
  GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless, N_("Run without a window (engine, JACK and OSC)"), NULL },
    { "jack-server", 0, 0, G_OPTION_ARG_STRING, &jack_server, N_("JACK server name (default: $JACK_DEFAULT_SERVER or “default”)"), N_("NAME") },
    { "jack-name", 0, 0, G_OPTION_ARG_STRING, &jack_name, N_("JACK client name (default: mixdesk)"), N_("NAME") },
    { "start-jack", 0, 0, G_OPTION_ARG_NONE, &start_jack, N_("Start a private jackd when none runs (stopped on exit)"), NULL },
    { "strip", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &strips, N_("Append a strip: a sound file, or jack:NAME[:stereo]"), N_("SOURCE") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, N_("Set any address before starting"), N_("PATH=VALUE") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save, N_("Write the session to FILE on exit"), N_("FILE") },
    { "buses", 0, 0, G_OPTION_ARG_INT, &n_buses, N_("Give the session N buses (0..16) before --set applies"), N_("N") },
    { "recover", 0, 0, G_OPTION_ARG_NONE, &recover, N_("Load the session's recovery file when it is newer than the session"), NULL },
    { "autosave", 0, 0, G_OPTION_ARG_INT, &autosave_s, N_("Write a recovery file every SECONDS when changed (default 30, 0: off)"), N_("SECONDS") },
    { "connect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &connects, N_("Connect one of our ports to another client's"), N_("OURPORT=CLIENT:PORT") },
    { "play", 0, 0, G_OPTION_ARG_NONE, &play, N_("Locate the JACK transport to 0 and start it"), NULL },
    { "quit-after", 0, 0, G_OPTION_ARG_DOUBLE, &quit_after, N_("Quit after SECONDS"), N_("SECONDS") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Print the status line every second even when stdout is not a terminal"), NULL },
    { "osc-port", 0, 0, G_OPTION_ARG_INT, &osc_port, N_("OSC UDP port (default 7770)"), N_("PORT") },
    { "osc-bind", 0, 0, G_OPTION_ARG_STRING, &osc_bind, N_("Address the OSC server listens on (default 127.0.0.1)"), N_("ADDR") },
    { "osc-allow", 0, 0, G_OPTION_ARG_STRING_ARRAY, &osc_allow, N_("Accept OSC from this network (repeatable)"), N_("CIDR") },
    { "osc-read-only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &osc_read_only, N_("Clients from this network may only read values and meters (repeatable)"), N_("CIDR") },
    { "osc-tcp", 0, 0, G_OPTION_ARG_NONE, &osc_tcp, N_("Accept OSC over TCP too (same address and port)"), NULL },
    { "no-osc", 0, 0, G_OPTION_ARG_NONE, &no_osc, N_("Do not start the OSC server"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, N_("[SESSION]") },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (_("— run the console live on JACK"));
  g_autoptr (GError) err = NULL;

  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, _("Without --headless mixdesk opens its window when a display is "
                                       "available, and runs headless otherwise."));
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    {
      md_app_error (CMD, _("%s (see “mixdesk --help”)"), err->message);
      return 2;
    }
  if (rest && rest[0] && rest[1])
    {
      md_app_error (CMD, _("one session file at most (got “%s” and “%s”)"), rest[0], rest[1]);
      return 2;
    }
  if (rest && rest[0] && rest[0][0] == '-')
    {
      md_app_error (CMD, _("unknown option “%s” (see “mixdesk --help”)"), rest[0]);
      return 2;
    }
  if (osc_port < 1 || osc_port > 65535)
    {
      md_app_error (CMD, _("--osc-port must be 1..65535, not %d"), osc_port);
      return 2;
    }
  if (quit_after < 0)
    {
      md_app_error (CMD, _("--quit-after must not be negative"));
      return 2;
    }

  opt.session_file = rest ? rest[0] : NULL;
  opt.strips = (const char *const *) strips;
  opt.sets = (const char *const *) sets;
  opt.n_buses = n_buses;
  opt.recover = recover;
  opt.autosave_s = autosave_s;
  opt.connects = (const char *const *) connects;
  opt.save_file = save;
  opt.jack_name = jack_name;
  opt.jack_server = jack_server;
  opt.start_jack = start_jack;
  opt.play = play;
  opt.verbose = verbose;
  opt.quit_after_s = quit_after;
  opt.rate = 48000;
  opt.period = 256;
  opt.osc_port = no_osc ? 0 : osc_port;
  opt.osc_bind = osc_bind;
  opt.osc_allow = (const char *const *) osc_allow;
  opt.osc_read_only = (const char *const *) osc_read_only;
  opt.osc_tcp = osc_tcp;
  if (!headless && (g_getenv ("DISPLAY") || g_getenv ("WAYLAND_DISPLAY")))
    {
      int status = md_ui_run (&opt);
      if (status != MD_UI_NO_DISPLAY)
        return status;
      g_print (_("Cannot open the display: running headless.\n"));
    }
  return md_live_run (&opt);
}
