/* md-loudness-live.h: EBU R128 metering of the live master.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A metering thread reads the engine's master tap (an SPSC ring the RT
 * thread fills; nothing of libebur128 runs in the process thread) and
 * feeds libebur128 every 10 ms: one state for momentary, short-term, true
 * peak and sample peak, one in histogram mode for integrated loudness and
 * LRA (so reading them is O(1)). Reset builds fresh states in the metering
 * thread; pause stops integrated loudness and LRA only (momentary,
 * short-term and peaks go on), as EBU Tech 3341 asks.
 */
#pragma once

#include <glib.h>

#include "md-engine.h"

G_BEGIN_DECLS

typedef struct
{
  double momentary_lufs;     /* -inf while silent */
  double short_term_lufs;
  double integrated_lufs;    /* -inf until a block passes the gates */
  double lra_lu;
  double momentary_max_lufs; /* since the last reset */
  double short_term_max_lufs;
  double true_peak_dbtp;     /* max since the last reset */
  double sample_peak_dbfs;
  double seconds;            /* integrated so far (not while paused) */
  gboolean paused;
  guint64 dropped;           /* tap chunks lost (the meter fell behind) */
  guint64 frames;            /* frames metered since the meter started */
} MdLoudnessReading;

typedef struct _MdLoudnessLive MdLoudnessLive;

/* Switches the engine's master tap on and starts the metering thread. */
MdLoudnessLive *md_loudness_live_new   (MdEngine        *engine,
                                        double           sample_rate);
/* Stops the thread, switches the tap off. */
void            md_loudness_live_free  (MdLoudnessLive  *meter);
void            md_loudness_live_get   (MdLoudnessLive  *meter,
                                        MdLoudnessReading *out);
/* Reset integrated loudness, LRA, max M/S and true peak together. */
void            md_loudness_live_reset (MdLoudnessLive  *meter);
void            md_loudness_live_pause (MdLoudnessLive  *meter,
                                        gboolean         paused);

G_END_DECLS
