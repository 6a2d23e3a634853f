/* md-source.c: sound file sources.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sndfile.h>

#include "md-source.h"

G_DEFINE_QUARK (md-media-error-quark, md_media_error)

struct _MdSource
{
  char *filename;
  SNDFILE *file;
  SF_INFO info;
  float *scratch;            /* interleaved frames, multichannel files only */
  gsize scratch_frames;
  gboolean at_end;
};

MdSource *
md_source_open (const char  *filename,
                GError     **error)
{
  g_autoptr(MdSource) source = NULL;

  g_return_val_if_fail (filename != NULL, NULL);

  source = g_new0 (MdSource, 1);
  source->filename = g_strdup (filename);
  if (g_file_test (filename, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_OPEN,
                   _("Cannot read %s: it is a directory"), filename);
      return NULL;
    }
  source->file = sf_open (filename, SFM_READ, &source->info);
  if (source->file == NULL)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_OPEN,
                   _("Cannot read %s: %s"), filename,
                   g_file_test (filename, G_FILE_TEST_EXISTS) ? sf_strerror (NULL)
                   : _("No such file or directory"));
      return NULL;
    }
  if (source->info.channels < 1 || source->info.samplerate < 1 || source->info.frames < 0)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("Cannot read %s: invalid header"), filename);
      return NULL;
    }
  return g_steal_pointer (&source);
}

void
md_source_free (MdSource *source)
{
  if (source == NULL)
    return;
  if (source->file != NULL)
    sf_close (source->file);
  g_free (source->scratch);
  g_free (source->filename);
  g_free (source);
}

const char *
md_source_get_filename (const MdSource *source)
{
  return source->filename;
}

guint
md_source_get_channels (const MdSource *source)
{
  return (guint)source->info.channels;
}

double
md_source_get_rate (const MdSource *source)
{
  return source->info.samplerate;
}

guint64
md_source_get_frames (const MdSource *source)
{
  return (guint64)source->info.frames;
}

gssize
md_source_read (MdSource      *source,
                float *const  *planes,
                gsize          n_frames,
                GError       **error)
{
  guint n_ch = (guint)source->info.channels;
  sf_count_t got = 0;

  g_return_val_if_fail (source != NULL, -1);

  if (!source->at_end && n_ch == 1)
    got = sf_readf_float (source->file, planes[0], (sf_count_t)n_frames);
  else if (!source->at_end)
    {
      if (source->scratch_frames < n_frames)
        {
          g_free (source->scratch);
          source->scratch = g_new (float, n_frames * n_ch);
          source->scratch_frames = n_frames;
        }
      got = sf_readf_float (source->file, source->scratch, (sf_count_t)n_frames);
      for (guint c = 0; c < n_ch; c++)
        {
          const float *src = source->scratch + c;
          float *dst = planes[c];

          for (sf_count_t i = 0; i < got; i++)
            dst[i] = src[i * n_ch];
        }
    }
  if (got < 0 || (gsize)got < n_frames)
    {
      if (sf_error (source->file) != SF_ERR_NO_ERROR)
        {
          g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_READ,
                       _("Cannot read %s: %s"), source->filename, sf_strerror (source->file));
          return -1;
        }
      if (got < 0)
        got = 0;
      source->at_end = TRUE;
      for (guint c = 0; c < n_ch; c++)
        memset (planes[c] + got, 0, (n_frames - (gsize)got) * sizeof (float));
    }
  return (gssize)got;
}
