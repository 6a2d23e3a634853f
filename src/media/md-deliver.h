/* md-deliver.h: delivery targets, pass/fail per criterion, codec round trip.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Non-RT code. A delivery check measures a file (md-analyze), compares it
 * with a target (integrated loudness window, true-peak ceiling, max
 * short-term loudness where the target has one) and suggests the gain change
 * that makes it pass. A codec round trip encodes the file with libsndfile
 * (MP3/LAME, Opus, Vorbis, FLAC; resampled to 48 kHz with libsamplerate where
 * the codec needs it), decodes it and measures the decode (true peak, overs
 * with times).
 */
#pragma once

#include <glib.h>

#include "md-analyze.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;                /* "ebu-r128" */
  const char *title;               /* "EBU R 128" */
  double      integrated_lufs;
  double      tolerance_lu;        /* I must lie within integrated_lufs ± this */
  double      max_true_peak_dbtp;
  double      max_short_term_lufs; /* NAN: no limit */
} MdDeliveryTarget;

/* The built-in targets (ebu-r128, ebu-r128-s1, atsc-a85, streaming, apple,
 * aes-td1008). */
const MdDeliveryTarget *md_delivery_targets      (guint       *n_targets);
const MdDeliveryTarget *md_delivery_target_find  (const char  *name);
/* "ebu-r128, ebu-r128-s1, …" (free with g_free). */
char                   *md_delivery_target_names (void);

typedef enum
{
  MD_CRITERION_INTEGRATED,
  MD_CRITERION_TRUE_PEAK,
  MD_CRITERION_SHORT_TERM_MAX,
  MD_N_CRITERIA
} MdCriterion;

/* "integrated", "true_peak", "short_term_max". */
const char *md_criterion_name (MdCriterion criterion);

typedef enum
{
  MD_CODEC_MP3,
  MD_CODEC_OPUS,
  MD_CODEC_VORBIS,
  MD_CODEC_FLAC,
  MD_N_CODECS
} MdCodec;

gboolean    md_codec_from_string (const char *name,
                                  MdCodec    *codec);
const char *md_codec_name        (MdCodec     codec);   /* "mp3" … */
const char *md_codec_extension   (MdCodec     codec);   /* "mp3", "opus", "ogg", "flac" */

/* Lossy encodes use this libsndfile SFC_SET_COMPRESSION_LEVEL (0 best … 1). */
#define MD_DELIVER_COMPRESSION_LEVEL 0.2

typedef struct
{
  MdCodec     codec;
  char       *path;           /* the encoded file */
  double      rate_hz;        /* of the encode */
  gboolean    resampled;
  MdLoudness  decoded;        /* measurement of the decode */
  MdOvers    *overs;          /* of the decode */
  /* The decode's peak: the higher of its BS.1770 true peak and the 8x
   * peak of the overs scan (the 4x meter can under-read by up to 0.7 dB). */
  double      peak_dbtp;
  gboolean    pass;           /* peak_dbtp within the target ceiling (so no overs) */
  double      gain_db;        /* <= 0: change that brings peak_dbtp under the ceiling */
} MdCodecResult;

void        md_codec_result_clear (MdCodecResult *result);

/* Encode FILENAME with CODEC into OUT_DIR (file "<stem>-<codec>.<ext>"),
 * decode and measure it against TARGET's ceiling. */
gboolean    md_codec_round_trip   (const char             *filename,
                                   MdCodec                 codec,
                                   const char             *out_dir,
                                   const MdDeliveryTarget *target,
                                   MdCodecResult          *result,
                                   GError                **error);

typedef struct
{
  MdCriterion criterion;
  gboolean    applies;        /* FALSE: the target has no such limit */
  double      measured;
  double      min;            /* -INFINITY when there is no lower limit */
  double      max;
  gboolean    pass;
  double      gain_db;        /* makes this criterion pass alone; 0 when it passes */
} MdCheck;

typedef struct
{
  gboolean pass;              /* every criterion and every codec passes */
  MdCheck  checks[MD_N_CRITERIA];
  /* The suggested gain change: the one closest to reaching the target
   * loudness that keeps true peak, max S and every decoded codec true peak
   * within their limits. When no gain can satisfy them all (gain_passes
   * FALSE) it is the change to the target loudness, and limit_db is the
   * peak reduction (limiting) still needed after it. */
  double   gain_db;
  gboolean gain_passes;
  double   limit_db;
} MdVerdict;

/* CODECS may be NULL when N_CODECS is 0. */
void        md_delivery_check     (const MdDeliveryTarget *target,
                                   const MdLoudness       *loudness,
                                   const MdCodecResult    *codecs,
                                   guint                   n_codecs,
                                   MdVerdict              *verdict);

G_END_DECLS
