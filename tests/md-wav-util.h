/* md-wav-util.h: sound-file helpers for the session/media/CLI tests.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Write a float WAV (or FORMAT from libsndfile when non-zero) of N_FRAMES
 * whose channel c is AMP[c] * sin(2 pi FREQ[c] t); FREQ[c] == 0 gives
 * uniform white noise of peak AMP[c] (seeded). Asserts on failure. */
void    mdt_write_signal  (const char   *path,
                           int           rate,
                           guint         channels,
                           gsize         n_frames,
                           const double *freq,
                           const double *amp,
                           int           format);
/* Read a whole file as interleaved floats. Asserts on failure. */
float  *mdt_read_file     (const char   *path,
                           int          *rate,
                           guint        *channels,
                           gsize        *n_frames,
                           int          *format);
/* RMS in dB of channel CH of interleaved DATA over frames [START, END). */
double  mdt_rms_db        (const float  *data,
                           guint         channels,
                           guint         ch,
                           gsize         start,
                           gsize         end);
/* A fresh temporary directory (removed with mdt_rmdir). */
char   *mdt_tmpdir        (void);
void    mdt_rmdir         (const char   *dir);
/* Names of the entries of DIR, sorted, joined by ",". */
char   *mdt_list_dir      (const char   *dir);

G_END_DECLS
