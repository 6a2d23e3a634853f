/* md-render-cmd.c: `mixdesk render`.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "md-app.h"
#include "media/md-render.h"
#include "media/md-source.h"
#include "session/md-scenes.h"
#include "session/md-session-file.h"

#define CMD "render"

typedef struct
{
  double rate;
  gboolean shown;
  gint64 last_us;            /* wall clock of the last update */
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;
  gint64 now = g_get_monotonic_time ();

  /* At most ten updates a second, and always the last one. */
  if (done < total && p->shown && now - p->last_us < G_USEC_PER_SEC / 10)
    return;
  p->last_us = now;
  g_printerr ("\r%s %3.0f%%  %.1f / %.1f s",
              _("Rendering"), total ? 100.0 * done / total : 100.0,
              done / p->rate, total / p->rate);
  p->shown = TRUE;
}

/* Append a strip fed from FILE, mono or stereo by the file, or from a
 * JACK input "jack:NAME[:stereo]" (kept in the session; render refuses it). */
static gboolean
add_file_strip (MdSession   *session,
                const char  *file,
                GError     **error)
{
  g_autoptr(MdSource) source = NULL;
  guint n_ch;

  if (g_str_has_prefix (file, "jack:"))
    return md_session_add_strip (session, NULL, g_str_has_suffix (file, ":stereo"),
                                 file, error) != 0;
  source = md_source_open (file, error);
  if (source == NULL)
    return FALSE;
  n_ch = md_source_get_channels (source);
  if (n_ch > 2)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("%s has %u channels: a strip takes 1 (mono) or 2 (stereo)"), file, n_ch);
      return FALSE;
    }
  return md_session_add_strip (session, NULL, n_ch == 2, file, error) != 0;
}

static double
first_source_rate (MdSession *session)
{
  for (guint i = 1; i <= md_session_get_n_strips (session); i++)
    {
      const char *src = md_session_get_strip_source (session, i);
      g_autoptr(MdSource) source = NULL;

      if (src == NULL || g_str_has_prefix (src, "jack:"))
        continue;
      source = md_source_open (src, NULL);
      if (source != NULL)
        return md_source_get_rate (source);
    }
  return 48000.0;
}

int
md_render_cmd (int    argc,
               char **argv)
{
  g_auto(GStrv) strips = NULL;
  g_auto(GStrv) sets = NULL;
  g_auto(GStrv) rest = NULL;
  g_autofree char *save = NULL;
  g_autofree char *output = NULL;
  g_autofree char *block_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *dither_text = NULL;
  g_autofree char *scene = NULL;
  gboolean quiet = FALSE;
  int n_buses = -1;
  GOptionEntry entries[] = {
    { "strip", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &strips,
      N_("Append a strip fed from FILE (mono or stereo by the file)"), N_("FILE") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("Set any address, e.g. --set /strip/2/pan=-0.5"), N_("PATH=VALUE") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save,
      N_("Write the resulting session to FILE"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the stereo master to OUT"), N_("OUT") },
    { "block", 0, 0, G_OPTION_ARG_STRING, &block_text,
      N_("Frames per engine call (default 1024)"), N_("N") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: wav (32-bit float, default), wav16, wav24, flac"), N_("F") },
    { "dither", 0, 0, G_OPTION_ARG_STRING, &dither_text,
      N_("Word-length reduction for wav16/wav24/flac: tpdf (default), shaped, none"), N_("MODE") },
    { "scene", 0, 0, G_OPTION_ARG_STRING, &scene,
      N_("Recall scene NAME (or number) of the session before --set applies"), N_("NAME") },
    { "buses", 0, 0, G_OPTION_ARG_INT, &n_buses,
      N_("Give the session N buses (0..16) before --set applies"), N_("N") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("No progress and no summary"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, N_("[SESSION]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSession) session = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  MdRenderOptions options = { MD_WRITER_WAV_FLOAT, MD_RENDER_BLOCK_DEFAULT, NULL, NULL };
  Progress progress = { 48000.0, FALSE, 0 };

  context = g_option_context_new (_("— mix a session and/or sound files offline"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      md_app_error (CMD, "%s", error->message);
      return 2;
    }
  if (rest != NULL && g_strv_length (rest) > 1)
    {
      md_app_error (CMD, _("only one session file can be given (got “%s” and “%s”)"),
                    rest[0], rest[1]);
      return 2;
    }
  if (output == NULL && save == NULL)
    {
      md_app_error (CMD, _("no output: give -o OUT (and/or --save FILE)"));
      return 2;
    }
  if (block_text != NULL)
    {
      guint64 block = 0;

      if (!g_ascii_string_to_unsigned (block_text, 10, 1, MD_RENDER_BLOCK_MAX, &block, NULL))
        {
          md_app_error (CMD, _("--block %s: expected a whole number of frames from 1 to %u"),
                        block_text, MD_RENDER_BLOCK_MAX);
          return 2;
        }
      options.block = (guint)block;
    }
  if (dither_text != NULL && !md_dither_from_string (dither_text, &options.dither))
    {
      md_app_error (CMD, _("unknown --dither “%s” (tpdf, shaped or none)"), dither_text);
      return 2;
    }
  if (format_text != NULL && !md_writer_format_from_string (format_text, &options.format))
    {
      md_app_error (CMD, _("--format %s: unknown format (known: %s)"),
                    format_text, md_writer_format_names ());
      return 2;
    }

  /* Session, then strips, then values (a --set may name an added strip). */
  if (rest != NULL && rest[0] != NULL)
    {
      session = md_session_load (rest[0], warnings, &error);
      if (session == NULL)
        {
          md_app_error (CMD, _("Cannot load the session %s"), error->message);
          return 1;
        }
      for (guint i = 0; i < warnings->len && !quiet; i++)
        md_app_error (CMD, _("warning: %s: %s"), rest[0], (char *)warnings->pdata[i]);
    }
  else
    session = md_session_new ();

  for (guint i = 0; strips != NULL && strips[i] != NULL; i++)
    if (!add_file_strip (session, strips[i], &error))
      {
        md_app_error (CMD, "%s", error->message);
        return 1;
      }
  if (scene != NULL && !md_session_scene_recall_now (session, scene, &error))
    {
      md_app_error (CMD, "--scene: %s", error->message);
      return 1;
    }
  if (n_buses >= 0 && !md_session_set_n_buses (session, (guint) n_buses, &error))
    {
      md_app_error (CMD, "--buses: %s", error->message);
      return 2;
    }
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    if (!md_session_set_text (session, sets[i], &error))
      {
        md_app_error (CMD, "%s", error->message);
        return 1;
      }

  if (save != NULL && !md_session_save (session, save, &error))
    {
      md_app_error (CMD, "%s", error->message);
      return 1;
    }
  if (output == NULL)
    return 0;

  if (!quiet && isatty (STDERR_FILENO))
    {
      progress.rate = first_source_rate (session);
      options.progress = progress_cb;
      options.user_data = &progress;
    }
  if (!md_render (session, output, &options, &error))
    {
      if (progress.shown)
        g_printerr ("\n");
      md_app_error (CMD, "%s", error->message);
      return 1;
    }
  if (progress.shown)
    g_printerr ("\n");
  if (!quiet)
    g_printerr (ngettext ("Rendered %u strip to %s\n", "Rendered %u strips to %s\n",
                          md_session_get_n_strips (session)),
                md_session_get_n_strips (session), output);
  return 0;
}
