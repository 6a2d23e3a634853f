/* md-writer.c: sound file output.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>

#include "md-writer.h"

struct _MdWriter
{
  char *filename;
  char *tmp_name;
  int fd;
  SNDFILE *file;
  guint channels;
  float *interleaved;
  gsize interleaved_frames;
  gboolean finished;
  int bits;                  /* 16 or 24 for integer formats, 0 for float */
  MdDither dither;
  guint64 rng;               /* xorshift64* state */
  double err[8];             /* noise shaping: last error per channel */
  int *ints;                 /* quantised interleaved samples */
};

gboolean
md_dither_from_string (const char *text, MdDither *dither)
{
  if (g_strcmp0 (text, "tpdf") == 0)
    *dither = MD_DITHER_TPDF;
  else if (g_strcmp0 (text, "shaped") == 0)
    *dither = MD_DITHER_SHAPED;
  else if (g_strcmp0 (text, "none") == 0)
    *dither = MD_DITHER_NONE;
  else
    return FALSE;
  return TRUE;
}

void
md_writer_set_dither (MdWriter *writer, MdDither dither)
{
  writer->dither = dither;
}

/* uniform in [0, 1) */
static inline double
rng_uniform (guint64 *s)
{
  guint64 x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return (double) ((x * UINT64_C (2685821657736338717)) >> 11) * (1.0 / 9007199254740992.0);
}

/* Quantise N interleaved samples to BITS with the writer's dither into
 * WRITER->ints, scaled as libsndfile reads them back (full scale = 2^(bits-1)). */
static void
quantise (MdWriter *w, const float *x, gsize n)
{
  double scale = (double) (1 << (w->bits - 1));
  double hi = scale - 1, lo = -scale;
  guint nch = w->channels;

  for (gsize i = 0; i < n; i++)
    {
      guint c = (guint) (i % nch);
      double v = (double) x[i] * scale, q;
      if (w->dither == MD_DITHER_NONE)
        q = floor (v + 0.5);
      else
        {
          double d = rng_uniform (&w->rng) + rng_uniform (&w->rng) - 1.0;   /* TPDF, +-1 LSB */
          if (w->dither == MD_DITHER_SHAPED && c < G_N_ELEMENTS (w->err))
            {
              double target = v - w->err[c];
              q = floor (target + d + 0.5);
              q = q > hi ? hi : q < lo ? lo : q;
              w->err[c] = q - target;
              w->ints[i] = (int) q;
              continue;
            }
          q = floor (v + d + 0.5);
        }
      q = q > hi ? hi : q < lo ? lo : q;
      w->ints[i] = (int) q;
    }
}

static const struct
{
  const char *name;
  MdWriterFormat format;
} format_names[] = {
  { "wav", MD_WRITER_WAV_FLOAT },
  { "float", MD_WRITER_WAV_FLOAT },
  { "wav16", MD_WRITER_WAV16 },
  { "wav24", MD_WRITER_WAV24 },
  { "flac", MD_WRITER_FLAC },
};

gboolean
md_writer_format_from_string (const char     *name,
                              MdWriterFormat *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (name != NULL && g_ascii_strcasecmp (name, format_names[i].name) == 0)
      {
        *out = format_names[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
md_writer_format_names (void)
{
  return "wav (32-bit float), wav16, wav24, flac";
}

static int
sf_format_of (MdWriterFormat format)
{
  switch (format)
    {
    case MD_WRITER_WAV16: return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    case MD_WRITER_WAV24: return SF_FORMAT_WAV | SF_FORMAT_PCM_24;
    case MD_WRITER_FLAC: return SF_FORMAT_FLAC | SF_FORMAT_PCM_24;
    case MD_WRITER_WAV_FLOAT:
    default: return SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    }
}

MdWriter *
md_writer_new (const char      *filename,
               MdWriterFormat   format,
               double           sample_rate,
               guint            channels,
               GError         **error)
{
  g_autoptr(MdWriter) writer = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  SF_INFO info = { 0 };

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (channels > 0, NULL);

  writer = g_new0 (MdWriter, 1);
  writer->fd = -1;
  writer->channels = channels;
  writer->filename = g_strdup (filename);

  info.samplerate = (int)sample_rate;
  info.channels = (int)channels;
  info.format = sf_format_of (format);
  if (!sf_format_check (&info))
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("Cannot write %s: the format does not support %u channels at %d Hz"),
                   filename, channels, info.samplerate);
      return NULL;
    }
  if (g_file_test (filename, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                   _("Cannot write %s: it is a directory"), filename);
      return NULL;
    }

  dir = g_path_get_dirname (filename);
  base = g_path_get_basename (filename);
  tmpl = g_strdup_printf (".%s.XXXXXX", base);
  writer->tmp_name = g_build_filename (dir, tmpl, NULL);
  writer->fd = g_mkstemp_full (writer->tmp_name, O_RDWR | O_CLOEXEC, 0666);
  if (writer->fd < 0)
    {
      int saved = errno;

      g_clear_pointer (&writer->tmp_name, g_free);
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                   _("Cannot write %s: %s"), filename, g_strerror (saved));
      return NULL;
    }
  writer->file = sf_open_fd (writer->fd, SFM_WRITE, &info, SF_FALSE);
  if (writer->file == NULL)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                   _("Cannot write %s: %s"), filename, sf_strerror (NULL));
      return NULL;
    }
  if (format != MD_WRITER_WAV_FLOAT)
    sf_command (writer->file, SFC_SET_CLIPPING, NULL, SF_TRUE);
  writer->bits = format == MD_WRITER_WAV16 ? 16 : format == MD_WRITER_WAV_FLOAT ? 0 : 24;
  writer->dither = MD_DITHER_TPDF;
  writer->rng = UINT64_C (0x9e3779b97f4a7c15);
  return g_steal_pointer (&writer);
}

gboolean
md_writer_write (MdWriter            *writer,
                 const float *const  *planes,
                 gsize                n_frames,
                 GError             **error)
{
  guint n_ch = writer->channels;

  g_return_val_if_fail (writer != NULL && writer->file != NULL, FALSE);

  if (writer->interleaved_frames < n_frames)
    {
      g_free (writer->interleaved);
      g_clear_pointer (&writer->ints, g_free);
      writer->interleaved = g_new (float, n_frames * n_ch);
      writer->interleaved_frames = n_frames;
    }
  for (guint c = 0; c < n_ch; c++)
    {
      const float *src = planes[c];
      float *dst = writer->interleaved + c;

      for (gsize i = 0; i < n_frames; i++)
        dst[i * n_ch] = src[i];
    }
  if (writer->bits > 0)
    {
      /* reduce the word length ourselves: dither, then integers libsndfile
       * stores as they are (24-bit in the top of an int) */
      if (writer->ints == NULL)
        writer->ints = g_new (int, writer->interleaved_frames * n_ch);
      quantise (writer, writer->interleaved, n_frames * n_ch);
      if (writer->bits == 24)
        for (gsize i = 0; i < n_frames * n_ch; i++)
          writer->ints[i] *= 256;
      else
        for (gsize i = 0; i < n_frames * n_ch; i++)
          writer->ints[i] *= 65536;
      if (sf_writef_int (writer->file, writer->ints, (sf_count_t)n_frames) != (sf_count_t)n_frames)
        {
          g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                       _("Cannot write %s: %s"), writer->filename, sf_strerror (writer->file));
          return FALSE;
        }
      return TRUE;
    }
  if (sf_writef_float (writer->file, writer->interleaved, (sf_count_t)n_frames) != (sf_count_t)n_frames)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                   _("Cannot write %s: %s"), writer->filename, sf_strerror (writer->file));
      return FALSE;
    }
  return TRUE;
}

gboolean
md_writer_finish (MdWriter  *writer,
                  GError   **error)
{
  int status;

  g_return_val_if_fail (writer != NULL && writer->file != NULL, FALSE);

  status = sf_close (writer->file);
  writer->file = NULL;
  if (status != 0)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                   _("Cannot write %s: %s"), writer->filename, sf_error_number (status));
      return FALSE;
    }
  if (fsync (writer->fd) != 0 || close (writer->fd) != 0)
    {
      int saved = errno;

      writer->fd = -1;
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                   _("Cannot write %s: %s"), writer->filename, g_strerror (saved));
      return FALSE;
    }
  writer->fd = -1;
  if (g_rename (writer->tmp_name, writer->filename) != 0)
    {
      int saved = errno;

      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                   _("Cannot write %s: %s"), writer->filename, g_strerror (saved));
      return FALSE;
    }
  writer->finished = TRUE;
  return TRUE;
}

void
md_writer_free (MdWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->file != NULL)
    sf_close (writer->file);
  if (writer->fd >= 0)
    close (writer->fd);
  if (!writer->finished && writer->tmp_name != NULL)
    g_unlink (writer->tmp_name);
  g_free (writer->interleaved);
  g_free (writer->ints);
  g_free (writer->tmp_name);
  g_free (writer->filename);
  g_free (writer);
}
