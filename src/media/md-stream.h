/* md-stream.h: file sources for live mode ("virtual soundcheck").
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A disk thread reads sound files with libsndfile into one SPSC ring of
 * fixed-size chunks per stream; each chunk carries its file position and
 * a seek generation. The RT side (md_stream_set_fill, used as the JACK
 * input hook) pops chunks, aligns them with the position it wants (the
 * transport frame, or its own running position), drops chunks left over
 * from before a locate, and plays silence — counting an underrun — when
 * the disk thread is behind. It never reads a file, allocates or locks.
 *
 * The set of streams is an immutable table swapped by pointer; the main
 * thread frees a replaced table only after the RT and disk threads have
 * both moved to the new one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MdStreamSet MdStreamSet;

/* main thread */
MdStreamSet *md_stream_set_new        (double       sample_rate);
void         md_stream_set_free       (MdStreamSet *set);
/* Play PATH (1 or 2 channels, at the set's sample rate) into input
 * channels FIRST .. FIRST + channels - 1. LOOP repeats the file; FOLLOW
 * plays it at the JACK transport position (silent while stopped),
 * otherwise it runs freely from its start. Replaces what was there. */
gboolean     md_stream_set_add        (MdStreamSet *set,
                                       guint        first_channel,
                                       const char  *path,
                                       gboolean     loop,
                                       gboolean     follow_transport,
                                       GError     **error);
void         md_stream_set_remove     (MdStreamSet *set,
                                       guint        first_channel);
/* Highest channel fed + 1. */
guint        md_stream_set_n_channels (MdStreamSet *set);
guint64      md_stream_set_underruns  (MdStreamSet *set);
/* Block until every stream has data buffered at its current position (or
 * TIMEOUT_MS passes). Returns TRUE when ready. */
gboolean     md_stream_set_wait_ready (MdStreamSet *set,
                                       guint        timeout_ms);

/* RT: fill IN[c] for the channels the set feeds (pointing them at the
 * set's own buffers); N_FRAMES at most 16384. Matches MdJackInputHook. */
void         md_stream_set_fill       (gpointer      set,
                                       const float **in,
                                       unsigned      n_in,
                                       guint32       n_frames,
                                       gboolean      rolling,
                                       guint64       frame);

/* For tests: slow the disk thread down by DELAY_US per chunk. */
void         md_stream_set_debug_delay (MdStreamSet *set,
                                        guint        delay_us);

G_END_DECLS
