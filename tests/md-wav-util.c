/* md-wav-util.c: sound-file helpers for the session/media/CLI tests.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sndfile.h>

#include "md-wav-util.h"

void
mdt_write_signal (const char   *path,
                  int           rate,
                  guint         channels,
                  gsize         n_frames,
                  const double *freq,
                  const double *amp,
                  int           format)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  g_autofree float *data = g_new (float, n_frames * channels);
  SF_INFO info = { 0 };
  SNDFILE *file;

  for (gsize i = 0; i < n_frames; i++)
    for (guint c = 0; c < channels; c++)
      data[i * channels + c] = freq[c] > 0
        ? (float)(amp[c] * sin (2 * G_PI * freq[c] * (double)i / rate))
        : (float)(amp[c] * g_rand_double_range (rand, -1.0, 1.0));

  info.samplerate = rate;
  info.channels = (int)channels;
  info.format = format ? format : SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  file = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (file);
  g_assert_cmpint (sf_writef_float (file, data, (sf_count_t)n_frames), ==, (sf_count_t)n_frames);
  g_assert_cmpint (sf_close (file), ==, 0);
}

float *
mdt_read_file (const char *path,
               int        *rate,
               guint      *channels,
               gsize      *n_frames,
               int        *format)
{
  SF_INFO info = { 0 };
  SNDFILE *file = sf_open (path, SFM_READ, &info);
  float *data;

  if (file == NULL)
    g_error ("cannot read %s: %s", path, sf_strerror (NULL));
  data = g_new0 (float, (gsize)info.frames * info.channels + 1);
  g_assert_cmpint (sf_readf_float (file, data, info.frames), ==, info.frames);
  sf_close (file);
  if (rate)
    *rate = info.samplerate;
  if (channels)
    *channels = (guint)info.channels;
  if (n_frames)
    *n_frames = (gsize)info.frames;
  if (format)
    *format = info.format;
  return data;
}

double
mdt_rms_db (const float *data,
            guint        channels,
            guint        ch,
            gsize        start,
            gsize        end)
{
  double sum = 0;

  g_assert_cmpuint (end, >, start);
  for (gsize i = start; i < end; i++)
    sum += (double)data[i * channels + ch] * data[i * channels + ch];
  return 10 * log10 (sum / (double)(end - start) + 1e-300);
}

char *
mdt_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("mixdesk-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
mdt_rmdir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        mdt_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static int
cmp_names (gconstpointer a,
           gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

char *
mdt_list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, cmp_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **)names->pdata);
}
