/* md-render.c: the offline render driver.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "md-render.h"
#include "session/md-automation.h"
#include "md-source.h"

/* Longer than any parameter ramp (MD_RAMP_MS). */

typedef struct
{
  MdSource *source;          /* NULL: the strip has no source (silence) */
  guint in_ch[2];
  gboolean duplicate;        /* mono file into a stereo strip */
} RenderStrip;

typedef struct
{
  RenderStrip *strips;
  guint n_strips;
  MdEngine *engine;
  MdSession *session;
  MdWriter *writer;
  float *in_buf;
  float *out_buf;
  float **in;
  float *out[2];
} Render;

static void
render_clear (Render *r)
{
  if (r->session != NULL)
    md_session_detach_engine (r->session);
  for (guint i = 0; i < r->n_strips; i++)
    g_clear_pointer (&r->strips[i].source, md_source_free);
  g_clear_pointer (&r->strips, g_free);
  g_clear_pointer (&r->writer, md_writer_free);
  g_clear_pointer (&r->engine, md_engine_free);
  g_clear_pointer (&r->in_buf, g_free);
  g_clear_pointer (&r->out_buf, g_free);
  g_clear_pointer (&r->in, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Render, render_clear)

/* Open every source, check channel counts and rates. Returns the rate. */
static gboolean
open_sources (Render      *r,
              MdSession   *session,
              double      *rate,
              guint64     *length,
              GError     **error)
{
  MdSource *first = NULL;

  *rate = 0;
  *length = 0;
  r->n_strips = md_session_get_n_strips (session);
  r->strips = g_new0 (RenderStrip, r->n_strips);
  for (guint i = 0; i < r->n_strips; i++)
    {
      const char *src = md_session_get_strip_source (session, i + 1);
      gboolean stereo = md_session_get_strip_stereo (session, i + 1);
      MdSource *source;
      guint n_ch;

      if (src == NULL || src[0] == '\0')
        continue;
      if (g_str_has_prefix (src, "jack:"))
        {
          g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_SESSION,
                       _("Strip %u is fed from JACK (%s): render needs sound files"), i + 1, src);
          return FALSE;
        }
      source = r->strips[i].source = md_source_open (src, error);
      if (source == NULL)
        return FALSE;
      n_ch = md_source_get_channels (source);
      if (n_ch > 2 || (n_ch == 2 && !stereo))
        {
          g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                       _("%s has %u channels, strip %u takes %s"), src, n_ch, i + 1,
                       stereo ? _("1 or 2") : _("1 (it is a mono strip)"));
          return FALSE;
        }
      r->strips[i].duplicate = stereo && n_ch == 1;
      if (first == NULL)
        first = source;
      else if (md_source_get_rate (source) != md_source_get_rate (first))
        {
          g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_RATE,
                       _("Sample rates differ: %s is %g Hz but %s is %g Hz"),
                       md_source_get_filename (first), md_source_get_rate (first),
                       src, md_source_get_rate (source));
          return FALSE;
        }
      *length = MAX (*length, md_source_get_frames (source));
    }
  if (first == NULL)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_SESSION,
                   _("Nothing to render: no strip has a sound file (use --strip FILE)"));
      return FALSE;
    }
  *rate = md_source_get_rate (first);
  return TRUE;
}

gboolean
md_render (MdSession              *session,
           const char             *output,
           const MdRenderOptions  *options,
           GError                **error)
{
  g_auto(Render) r = { 0 };
  g_autofree MdTopology *topo = NULL;
  MdRenderOptions defaults = { MD_WRITER_WAV_FLOAT, 0, NULL, NULL };
  guint block, n_in;
  guint64 total, done = 0, next_progress = 0, progress_step, latency;
  GStatBuf out_st;
  double rate;

  g_return_val_if_fail (MD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  block = options->block ? options->block : MD_RENDER_BLOCK_DEFAULT;
  if (block > MD_RENDER_BLOCK_MAX)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_SESSION,
                   _("Block size %u is too large (at most %u)"), block, MD_RENDER_BLOCK_MAX);
      return FALSE;
    }
  if (md_session_get_engine (session) != NULL)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_SESSION,
                   _("The session is already attached to an engine"));
      return FALSE;
    }

  if (!open_sources (&r, session, &rate, &total, error))
    return FALSE;
  if (g_stat (output, &out_st) == 0)
    for (guint i = 0; i < r.n_strips; i++)
      {
        GStatBuf src_st;

        if (r.strips[i].source != NULL &&
            g_stat (md_source_get_filename (r.strips[i].source), &src_st) == 0 &&
            src_st.st_dev == out_st.st_dev && src_st.st_ino == out_st.st_ino)
          {
            g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                         _("Cannot write %s: it is the source of strip %u"), output, i + 1);
            return FALSE;
          }
      }

  r.engine = md_engine_new (rate, MD_ENGINE_MAX_BLOCK_DEFAULT);
  if (r.engine == NULL)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_ENGINE,
                   _("Cannot create the engine at %g Hz"), rate);
      return FALSE;
    }
  if (!md_session_attach_engine (session, r.engine, error))
    return FALSE;
  r.session = session;
  /* the session's automation plays on the render's timeline */
  md_engine_set_lanes (r.engine, md_automation_build_lanes (md_session_get_automation (session)));

  topo = g_new0 (MdTopology, 1);
  n_in = md_session_build_topology (session, topo);
  r.in_buf = g_new0 (float, (gsize)MAX (n_in, 1) * block);
  r.out_buf = g_new0 (float, (gsize)2 * block);
  r.in = g_new0 (float *, MAX (n_in, 1));
  for (guint c = 0; c < n_in; c++)
    r.in[c] = r.in_buf + (gsize)c * block;
  r.out[0] = r.out_buf;
  r.out[1] = r.out_buf + block;
  for (guint i = 0; i < r.n_strips; i++)
    {
      r.strips[i].in_ch[0] = topo->strips[i].in_ch[0];
      r.strips[i].in_ch[1] = topo->strips[i].in_ch[1];
    }

  r.writer = md_writer_new (output, options->format, rate, 2, error);
  if (r.writer == NULL)
    return FALSE;
  md_writer_set_dither (r.writer, options->dither);


  /* the master limiter delays its output: render that much longer and
   * leave out the start, so the file lines up with its sources */
  latency = md_engine_latency (r.engine);
  progress_step = MAX ((guint64)(rate / 10), 1);
  while (done < total + latency)
    {
      guint n = (guint)MIN ((guint64)block, total + latency - done);
      guint skip = done < latency ? (guint)MIN ((guint64)n, latency - done) : 0;

      for (guint i = 0; i < r.n_strips; i++)
        {
          RenderStrip *rs = &r.strips[i];
          float *planes[2] = { r.in[rs->in_ch[0]], r.in[rs->in_ch[1]] };

          if (rs->source == NULL)
            {
              memset (planes[0], 0, n * sizeof (float));
              memset (planes[1], 0, n * sizeof (float));
              continue;
            }
          if (md_source_read (rs->source, planes, n, error) < 0)
            return FALSE;
          if (rs->duplicate)
            memcpy (planes[1], planes[0], n * sizeof (float));
        }
      /* the session timeline: automation plays from frame 0 */
      md_engine_set_transport (r.engine, TRUE, done);
      md_engine_process (r.engine, (const float *const *)r.in, n_in, r.out, 2, n);
      if (skip < n)
        {
          const float *planes[2] = { r.out[0] + skip, r.out[1] + skip };
          if (!md_writer_write (r.writer, planes, n - skip, error))
            return FALSE;
        }
      done += n;
      if (done >= next_progress)
        {
          md_engine_collect (r.engine);
          if (options->progress != NULL)
            options->progress (MIN (done, total), total, options->user_data);
          next_progress = done + progress_step;
        }
    }
  md_engine_collect (r.engine);
  if (options->progress != NULL)
    options->progress (total, total, options->user_data);

  return md_writer_finish (r.writer, error);
}
