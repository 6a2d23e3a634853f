/* md-deliver.c: delivery targets and codec round trips.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <samplerate.h>
#include <sndfile.h>

#include "md-deliver.h"

#define BLOCK_FRAMES 4096
/* Limits are compared at the 0.01 dB resolution of the reports: -0.9999
 * dBTP meets a -1.0 dBTP ceiling. */
#define COMPARE_DB 0.005

/* Tolerances: EBU R 128 / Tech 3343 give ±0.2 LU for normal (non-live)
 * production; ATSC A/85 is commonly applied with ±2 dB; the streaming and
 * music targets publish no tolerance, ±1 LU is used. */
static const MdDeliveryTarget targets[] = {
  { "ebu-r128",    N_("EBU R 128"),                  -23.0, 0.2, -1.0, NAN },
  { "ebu-r128-s1", N_("EBU R 128 s1 (short-form)"),  -23.0, 0.2, -1.0, -18.0 },
  { "atsc-a85",    N_("ATSC A/85"),                  -24.0, 2.0, -2.0, NAN },
  { "streaming",   N_("Streaming (-14 LUFS)"),       -14.0, 1.0, -1.0, NAN },
  { "apple",       N_("Apple Music (-16 LUFS)"),     -16.0, 1.0, -1.0, NAN },
  { "aes-td1008",  N_("AES TD1008 (music)"),         -16.0, 1.0, -1.0, NAN },
};

const MdDeliveryTarget *
md_delivery_targets (guint *n_targets)
{
  if (n_targets != NULL)
    *n_targets = G_N_ELEMENTS (targets);
  return targets;
}

const MdDeliveryTarget *
md_delivery_target_find (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (targets); i++)
    if (strcmp (targets[i].name, name) == 0)
      return &targets[i];
  return NULL;
}

char *
md_delivery_target_names (void)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", targets[i].name);
  return g_string_free (names, FALSE);
}

const char *
md_criterion_name (MdCriterion criterion)
{
  switch (criterion)
    {
    case MD_CRITERION_INTEGRATED:     return "integrated";
    case MD_CRITERION_TRUE_PEAK:      return "true_peak";
    case MD_CRITERION_SHORT_TERM_MAX: return "short_term_max";
    case MD_N_CRITERIA:
    default:                          return "?";
    }
}

static const struct
{
  const char *name;
  const char *ext;
  int format;
} codecs[MD_N_CODECS] = {
  [MD_CODEC_MP3]    = { "mp3",    "mp3",  SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III },
  [MD_CODEC_OPUS]   = { "opus",   "opus", SF_FORMAT_OGG | SF_FORMAT_OPUS },
  [MD_CODEC_VORBIS] = { "vorbis", "ogg",  SF_FORMAT_OGG | SF_FORMAT_VORBIS },
  [MD_CODEC_FLAC]   = { "flac",   "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24 },
};

gboolean
md_codec_from_string (const char *name,
                      MdCodec    *codec)
{
  for (guint i = 0; name != NULL && i < MD_N_CODECS; i++)
    if (strcmp (codecs[i].name, name) == 0)
      {
        *codec = (MdCodec)i;
        return TRUE;
      }
  return FALSE;
}

const char *
md_codec_name (MdCodec codec)
{
  g_return_val_if_fail (codec < MD_N_CODECS, "?");
  return codecs[codec].name;
}

const char *
md_codec_extension (MdCodec codec)
{
  g_return_val_if_fail (codec < MD_N_CODECS, "?");
  return codecs[codec].ext;
}

void
md_codec_result_clear (MdCodecResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->path, g_free);
  g_clear_pointer (&result->overs, md_overs_free);
}

/* ---- verdict --------------------------------------------------------- */

static void
set_check (MdCheck     *check,
           MdCriterion  criterion,
           gboolean     applies,
           double       measured,
           double       min,
           double       max)
{
  check->criterion = criterion;
  check->applies = applies;
  check->measured = measured;
  check->min = min;
  check->max = max;
  check->pass = !applies || (measured >= min - COMPARE_DB && measured <= max + COMPARE_DB);
  check->gain_db = 0.0;
}

void
md_delivery_check (const MdDeliveryTarget *target,
                   const MdLoudness       *loudness,
                   const MdCodecResult    *results,
                   guint                   n_codecs,
                   MdVerdict              *verdict)
{
  double integ = loudness->integrated_lufs;
  double lo, hi, want;
  MdCheck *ci = &verdict->checks[MD_CRITERION_INTEGRATED];
  MdCheck *ct = &verdict->checks[MD_CRITERION_TRUE_PEAK];
  MdCheck *cs = &verdict->checks[MD_CRITERION_SHORT_TERM_MAX];

  g_return_if_fail (target != NULL && loudness != NULL && verdict != NULL);

  memset (verdict, 0, sizeof *verdict);
  set_check (ci, MD_CRITERION_INTEGRATED, TRUE, integ,
             target->integrated_lufs - target->tolerance_lu,
             target->integrated_lufs + target->tolerance_lu);
  set_check (ct, MD_CRITERION_TRUE_PEAK, TRUE, loudness->true_peak_dbtp,
             -INFINITY, target->max_true_peak_dbtp);
  set_check (cs, MD_CRITERION_SHORT_TERM_MAX, !isnan (target->max_short_term_lufs),
             loudness->short_term_max_lufs, -INFINITY, target->max_short_term_lufs);
  if (cs->applies && isnan (cs->measured))
    cs->pass = FALSE;

  /* Per criterion: integrated to the target, peaks to their limit. */
  if (!ci->pass && isfinite (integ))
    ci->gain_db = target->integrated_lufs - integ;
  if (!ct->pass)
    ct->gain_db = ct->max - ct->measured;
  if (cs->applies && !cs->pass && isfinite (cs->measured))
    cs->gain_db = cs->max - cs->measured;

  verdict->pass = ci->pass && ct->pass && cs->pass;
  for (guint i = 0; i < n_codecs; i++)
    verdict->pass = verdict->pass && results[i].pass;

  if (!isfinite (integ))
    {
      /* Silence (or gated away): no gain makes it pass. */
      verdict->gain_passes = FALSE;
      return;
    }

  /* Gains that keep every criterion: [lo, hi]. */
  want = target->integrated_lufs - integ;
  lo = ci->min - integ;
  hi = ci->max - integ;
  if (isfinite (ct->measured))
    hi = MIN (hi, ct->max - ct->measured);
  if (cs->applies && isfinite (cs->measured))
    hi = MIN (hi, cs->max - cs->measured);
  for (guint i = 0; i < n_codecs; i++)
    if (isfinite (results[i].peak_dbtp))
      hi = MIN (hi, target->max_true_peak_dbtp - results[i].peak_dbtp);

  if (verdict->pass)
    {
      verdict->gain_db = 0.0;
      verdict->gain_passes = TRUE;
    }
  else if (lo <= hi)
    {
      verdict->gain_db = CLAMP (want, lo, hi);
      verdict->gain_passes = TRUE;
    }
  else
    {
      verdict->gain_db = want;
      verdict->gain_passes = FALSE;
      verdict->limit_db = want - hi;
    }
}

/* ---- codec round trip ------------------------------------------------- */

static double
codec_rate (MdCodec codec,
            int     rate_hz)
{
  switch (codec)
    {
    case MD_CODEC_OPUS:
      return 48000.0;
    case MD_CODEC_MP3:
      return rate_hz == 32000 || rate_hz == 44100 || rate_hz == 48000 ? rate_hz : 48000.0;
    case MD_CODEC_VORBIS:
    case MD_CODEC_FLAC:
    case MD_N_CODECS:
    default:
      return rate_hz;
    }
}

static gboolean
write_all (SNDFILE     *out,
           const float *frames,
           sf_count_t   n_frames,
           const char  *path,
           GError     **error)
{
  if (n_frames > 0 && sf_writef_float (out, frames, n_frames) != n_frames)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                   _("Cannot write %s: %s"), path, sf_strerror (out));
      return FALSE;
    }
  return TRUE;
}

/* Copy IN to OUT, resampling with SRC when it is not NULL. */
static gboolean
transcode (SNDFILE     *in,
           SNDFILE     *out,
           SRC_STATE   *src,
           double       ratio,
           int          n_channels,
           const char  *filename,
           const char  *path,
           GError     **error)
{
  g_autofree float *buf = g_new (float, (gsize)BLOCK_FRAMES * (gsize)n_channels);
  g_autofree float *res = NULL;
  gsize res_frames = 0;
  gboolean end = FALSE;

  if (src != NULL)
    {
      res_frames = (gsize)ceil (BLOCK_FRAMES * ratio) + 64;
      res = g_new (float, res_frames * (gsize)n_channels);
    }
  while (!end)
    {
      sf_count_t got = sf_readf_float (in, buf, BLOCK_FRAMES);
      SRC_DATA data = { 0 };

      if (got < 0 || (got == 0 && sf_error (in) != SF_ERR_NO_ERROR))
        {
          g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_READ,
                       _("Cannot read %s: %s"), filename, sf_strerror (in));
          return FALSE;
        }
      end = got < BLOCK_FRAMES;
      if (src == NULL)
        {
          if (!write_all (out, buf, got, path, error))
            return FALSE;
          continue;
        }
      data.data_in = buf;
      data.input_frames = (long)got;
      data.src_ratio = ratio;
      data.end_of_input = end;
      /* Drain: at the end, call until no output is produced. */
      for (;;)
        {
          int err;

          data.data_out = res;
          data.output_frames = (long)res_frames;
          err = src_process (src, &data);
          if (err != 0)
            {
              g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_ENGINE,
                           _("Cannot resample %s: %s"), filename, src_strerror (err));
              return FALSE;
            }
          if (!write_all (out, res, data.output_frames_gen, path, error))
            return FALSE;
          data.data_in += data.input_frames_used * n_channels;
          data.input_frames -= data.input_frames_used;
          if (data.input_frames == 0 && (!end || data.output_frames_gen == 0))
            break;
        }
    }
  return TRUE;
}

gboolean
md_codec_round_trip (const char             *filename,
                     MdCodec                 codec,
                     const char             *out_dir,
                     const MdDeliveryTarget *target,
                     MdCodecResult          *result,
                     GError                **error)
{
  g_autofree char *base = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  SF_INFO in_info = { 0 }, out_info = { 0 };
  SNDFILE *in = NULL, *out = NULL;
  SRC_STATE *src = NULL;
  double rate, level = MD_DELIVER_COMPRESSION_LEVEL;
  gboolean ok = FALSE, created = FALSE;
  char *dot;

  g_return_val_if_fail (filename != NULL && out_dir != NULL && result != NULL, FALSE);
  g_return_val_if_fail (codec < MD_N_CODECS && target != NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->codec = codec;

  base = g_path_get_basename (filename);
  dot = strrchr (base, '.');
  stem = dot != NULL && dot != base ? g_strndup (base, (gsize)(dot - base)) : g_strdup (base);
  name = g_strdup_printf ("%s-%s.%s", stem, codecs[codec].name, codecs[codec].ext);
  path = g_build_filename (out_dir, name, NULL);

  in = sf_open (filename, SFM_READ, &in_info);
  if (in == NULL)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_OPEN, _("Cannot read %s: %s"), filename,
                   g_file_test (filename, G_FILE_TEST_EXISTS) ? sf_strerror (NULL)
                   : _("No such file or directory"));
      return FALSE;
    }
  if (!md_analyze_check_header (filename, in_info.channels, in_info.samplerate,
                                in_info.frames, error))
    goto out;
  if (codec == MD_CODEC_MP3 && in_info.channels > 2)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("%s has %d channels: mp3 takes 1 or 2"), filename, in_info.channels);
      goto out;
    }
  {
    g_autofree char *cin = g_canonicalize_filename (filename, NULL);
    g_autofree char *cout = g_canonicalize_filename (path, NULL);

    if (strcmp (cin, cout) == 0)
      {
        g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE,
                     _("the %s encode would overwrite its source %s"), codecs[codec].name, filename);
        goto out;
      }
  }

  rate = codec_rate (codec, in_info.samplerate);
  out_info.samplerate = (int)rate;
  out_info.channels = in_info.channels;
  out_info.format = codecs[codec].format;
  if (!sf_format_check (&out_info))
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("libsndfile cannot write %s at %d Hz with %d channels"),
                   codecs[codec].name, out_info.samplerate, out_info.channels);
      goto out;
    }
  out = sf_open (path, SFM_WRITE, &out_info);
  if (out == NULL)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE, _("Cannot write %s: %s"),
                   path, sf_strerror (NULL));
      goto out;
    }
  created = TRUE;
  if (codec == MD_CODEC_FLAC)
    sf_command (out, SFC_SET_CLIPPING, NULL, SF_TRUE);
  else
    sf_command (out, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);

  if (rate != in_info.samplerate)
    {
      int err = 0;

      src = src_new (SRC_SINC_MEDIUM_QUALITY, in_info.channels, &err);
      if (src == NULL)
        {
          g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_ENGINE,
                       _("Cannot create the resampler: %s"), src_strerror (err));
          goto out;
        }
      result->resampled = TRUE;
    }
  if (!transcode (in, out, src, rate / in_info.samplerate, in_info.channels,
                  filename, path, error))
    goto out;
  if (sf_close (out) != 0)
    {
      out = NULL;
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_WRITE, _("Cannot write %s"), path);
      goto out;
    }
  out = NULL;

  result->path = g_strdup (path);
  result->rate_hz = rate;
  if (!md_analyze_file (path, MD_ANALYZE_ALL, &result->decoded, &result->overs, error))
    goto out;
  result->peak_dbtp = MAX (result->decoded.true_peak_dbtp, result->overs->peak_8x_dbtp);
  result->pass = result->peak_dbtp <= target->max_true_peak_dbtp + COMPARE_DB
                 && result->overs->n_on_sample == 0 && result->overs->n_inter_sample == 0;
  if (isfinite (result->peak_dbtp))
    result->gain_db = MIN (0.0, target->max_true_peak_dbtp - result->peak_dbtp);
  ok = TRUE;

out:
  if (src != NULL)
    src_delete (src);
  if (out != NULL)
    sf_close (out);
  sf_close (in);
  if (!ok)
    {
      if (created)
        g_remove (path);
      md_codec_result_clear (result);
    }
  return ok;
}
