/* md-analyze.h: loudness, peak, correlation and "overs" analysis of audio.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Non-RT code (main thread or a worker): it uses libebur128 in list mode
 * (exact integrated loudness), which allocates while it is fed.
 *
 * Loudness follows ITU-R BS.1770 / EBU Tech 3341-3342 through libebur128
 * (K-weighting, channel weights, gating): integrated (gated, list mode),
 * true peak (libebur128's 4x oversampler at 48 kHz), sample peak.
 * Momentary and short-term loudness are evaluated every 10 ms (after each
 * 10 ms hop of input) so short bursts are caught (Tech 3341 cases 13/14
 * fail on a 50 or 100 ms grid): libebur128 gives each hop's energy, M and S
 * are the means of the last 40 and 300 hops. LRA follows Tech 3342 from S
 * sampled every 100 ms (libebur128's own LRA samples S once a second).
 *
 * Channel layout: mono is measured as dual mono (a mono 1 kHz sine at
 * -23 dBFS reads -23 LUFS, as the same signal on both speakers would);
 * 2 channels L R; 3 to 6 channels L R C LFE Ls Rs (5.1; LFE is not
 * measured); 7 channels 5.1 + back centre; 8 channels the WAVE 7.1 order
 * L R C LFE Lb Rb Ls Rs (backs at ±135° weighted 1.0, sides 1.41).
 *
 * The "overs" scan (like Apple's afclip) counts, per channel, decoded samples
 * whose magnitude is above 1.0 (0 dBFS, "on-sample") and sample intervals
 * whose 8x oversampled (windowed-sinc) reconstruction rises above 1.0 while
 * both samples around it are at or below 1.0 ("inter-sample"). The first
 * MD_OVERS_LIST_MAX events are kept with their times.
 */
#pragma once

#include <glib.h>

#include "md-media.h"

G_BEGIN_DECLS

#define MD_ANALYZE_MAX_CHANNELS 8
/* Longest input accepted: 24 hours. */
#define MD_ANALYZE_MAX_SECONDS  (24.0 * 3600.0)
#define MD_ANALYZE_MIN_RATE     8000.0
#define MD_ANALYZE_MAX_RATE     768000.0
/* Interval between momentary / short-term evaluations. */
#define MD_ANALYZE_HOP_MS       10
/* Oversampling factor of the overs scan. */
#define MD_OVERS_OVERSAMPLING   8
#define MD_OVERS_LIST_MAX       1000

typedef enum
{
  MD_ANALYZE_LOUDNESS = 1 << 0,  /* I, LRA, TP, sample peak, correlation */
  MD_ANALYZE_MAX_MS   = 1 << 1,  /* max momentary / short-term every 10 ms */
  MD_ANALYZE_OVERS    = 1 << 2,  /* on-sample / inter-sample overs scan */
  MD_ANALYZE_ALL      = 0x7
} MdAnalyzeFlags;

/* Values that cannot be measured (silence, too short) are -INFINITY for
 * levels and NAN for LRA/correlation when not requested. */
typedef struct
{
  guint   n_channels;
  double  rate_hz;
  guint64 n_frames;
  double  integrated_lufs;
  double  lra_lu;
  double  true_peak_dbtp;       /* libebur128, max over channels */
  double  sample_peak_dbfs;     /* max over channels */
  double  momentary_max_lufs;   /* MD_ANALYZE_MAX_MS, else NAN */
  double  short_term_max_lufs;  /* MD_ANALYZE_MAX_MS, else NAN */
  double  correlation;          /* channels 1 and 2; +1 for mono; 0 if silent */
  double  duration_s;
} MdLoudness;

typedef enum
{
  MD_OVER_ON_SAMPLE,
  MD_OVER_INTER_SAMPLE
} MdOverKind;

typedef struct
{
  double     time_s;      /* of the sample, or of the oversampled peak */
  guint      channel;     /* 0-based */
  MdOverKind kind;
  double     value_dbfs;  /* the sample or the oversampled peak, > 0 */
} MdOver;

typedef struct
{
  guint64 n_on_sample;                  /* all channels */
  guint64 n_inter_sample;
  guint64 on_sample[MD_ANALYZE_MAX_CHANNELS];
  guint64 inter_sample[MD_ANALYZE_MAX_CHANNELS];
  double  peak_8x_dbtp;                 /* max of the 8x reconstruction */
  GArray *events;                       /* of MdOver, by time; at most MD_OVERS_LIST_MAX */
} MdOvers;

MdOvers     *md_overs_new           (void);
void         md_overs_free          (MdOvers *overs);

typedef struct _MdAnalyzer MdAnalyzer;

MdAnalyzer  *md_analyzer_new        (guint            n_channels,
                                     double           rate_hz,
                                     MdAnalyzeFlags   flags,
                                     GError         **error);
void         md_analyzer_free       (MdAnalyzer      *analyzer);
/* Feed N_FRAMES frames, one float plane per channel. Any block size. */
gboolean     md_analyzer_add        (MdAnalyzer      *analyzer,
                                     const float *const *planes,
                                     gsize            n_frames,
                                     GError         **error);
/* Momentary / short-term loudness at the end of the last complete 10 ms hop
 * (-INFINITY before any; needs MD_ANALYZE_MAX_MS). */
void         md_analyzer_get_current (const MdAnalyzer *analyzer,
                                      double          *momentary_lufs,
                                      double          *short_term_lufs);
/* The maxima of momentary and short-term loudness since the previous call
 * (or the start); the read resets them (needs MD_ANALYZE_MAX_MS). The
 * whole-run maxima in md_analyzer_finish() are not affected. */
void         md_analyzer_take_max   (MdAnalyzer      *analyzer,
                                     double          *momentary_max_lufs,
                                     double          *short_term_max_lufs);
/* Complete the analysis: a final partial hop is evaluated. OVERS may be
 * NULL; it needs MD_ANALYZE_OVERS. Call once. */
gboolean     md_analyzer_finish     (MdAnalyzer      *analyzer,
                                     MdLoudness      *out,
                                     MdOvers        **overs,
                                     GError         **error);

/* One call on planar buffers. */
gboolean     md_analyze_planes      (const float *const *planes,
                                     guint            n_channels,
                                     gsize            n_frames,
                                     double           rate_hz,
                                     MdAnalyzeFlags   flags,
                                     MdLoudness      *out,
                                     MdOvers        **overs,
                                     GError         **error);
/* A sound file read with libsndfile (refuses > 8 channels, rates outside
 * 8 kHz-768 kHz and more than 24 hours). */
gboolean     md_analyze_file        (const char      *filename,
                                     MdAnalyzeFlags   flags,
                                     MdLoudness      *out,
                                     MdOvers        **overs,
                                     GError         **error);

/* Refuse a file whose header says more than 8 channels, a rate outside
 * 8 kHz-768 kHz or more than 24 hours (FRAMES < 0: unknown, accepted). */
gboolean     md_analyze_check_header (const char     *filename,
                                      int             n_channels,
                                      int             rate_hz,
                                      gint64          n_frames,
                                      GError        **error);

/* Level in dB of a linear magnitude (-INFINITY for 0). */
double       md_analyze_lin_to_db   (double           lin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdAnalyzer, md_analyzer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdOvers, md_overs_free)

G_END_DECLS
