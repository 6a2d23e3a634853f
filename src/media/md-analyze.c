/* md-analyze.c: loudness, peak, correlation and overs analysis.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <ebur128.h>
#include <glib/gi18n.h>
#include <sndfile.h>

#include "md-analyze.h"

/* Overs scan: 8x polyphase windowed-sinc interpolator. The interval between
 * x[n] and x[n+1] is reconstructed at n + k/8, k = 1..7, from the 32 samples
 * x[n-15] .. x[n+16] (a Kaiser-windowed sinc, cut-off at Nyquist). */
#define OS_FACTOR   MD_OVERS_OVERSAMPLING
#define OS_TAPS     32
#define OS_HALF     (OS_TAPS / 2)
#define OS_BETA     5.65        /* Kaiser beta for ~60 dB side lobes */
#define READ_FRAMES 4096
/* Momentary (400 ms) and short-term (3 s) windows in 10 ms hops. */
#define M_HOPS      40
#define S_HOPS      300

typedef struct
{
  float history[2 * OS_TAPS];   /* each sample written twice: contiguous reads */
  guint pos;
} OsChannel;

struct _MdAnalyzer
{
  guint n_channels;
  double rate_hz;
  MdAnalyzeFlags flags;
  ebur128_state *state;

  gsize hop_frames;             /* 10 ms */
  gsize hop_fill;               /* frames fed since the last evaluation */
  guint64 n_hops;
  double hop_energy[S_HOPS];    /* ring of per-hop mean square (K-weighted) */
  guint ring_pos;
  GArray *lra_s;                /* S (LUFS) every 100 ms once 3 s are in, for LRA */
  float *scratch;               /* interleaved, READ_FRAMES frames */
  guint64 n_frames;
  guint64 max_frames;

  double m_current, s_current;
  double m_max, s_max;          /* whole run */
  double m_take, s_take;        /* since the last md_analyzer_take_max() */

  double sum_ll, sum_rr, sum_lr;

  float os_coef[OS_FACTOR - 1][OS_TAPS];
  OsChannel os[MD_ANALYZE_MAX_CHANNELS];
  guint64 os_next_interval;     /* index n of the next interval to check */
  double os_peak;
  MdOvers *overs;

  gboolean finished;
};

double
md_analyze_lin_to_db (double lin)
{
  return lin > 0.0 ? 20.0 * log10 (lin) : -INFINITY;
}

MdOvers *
md_overs_new (void)
{
  MdOvers *overs = g_new0 (MdOvers, 1);

  overs->events = g_array_new (FALSE, FALSE, sizeof (MdOver));
  return overs;
}

void
md_overs_free (MdOvers *overs)
{
  if (overs == NULL)
    return;
  g_array_unref (overs->events);
  g_free (overs);
}

/* Modified Bessel function of the first kind, order 0 (series). */
static double
bessel_i0 (double x)
{
  double sum = 1.0, term = 1.0;

  for (int k = 1; k < 50; k++)
    {
      term *= (x / (2.0 * k)) * (x / (2.0 * k));
      sum += term;
      if (term < 1e-12 * sum)
        break;
    }
  return sum;
}

static void
os_init (MdAnalyzer *a)
{
  for (guint k = 1; k < OS_FACTOR; k++)
    {
      double frac = (double)k / OS_FACTOR;
      double dc = 0.0;

      /* Tap i multiplies x[n - 15 + i]; its distance from n + frac is t. */
      for (guint i = 0; i < OS_TAPS; i++)
        {
          double t = frac - ((double)i - (OS_HALF - 1));
          double u = t / OS_HALF;
          double w = fabs (u) < 1.0 ? bessel_i0 (OS_BETA * sqrt (1.0 - u * u)) / bessel_i0 (OS_BETA) : 0.0;
          double s = t == 0.0 ? 1.0 : sin (G_PI * t) / (G_PI * t);

          a->os_coef[k - 1][i] = (float)(s * w);
          dc += s * w;
        }
      for (guint i = 0; i < OS_TAPS; i++)
        a->os_coef[k - 1][i] = (float)(a->os_coef[k - 1][i] / dc);
    }
}

static void
overs_record (MdAnalyzer *a,
              double      time_s,
              guint       channel,
              MdOverKind  kind,
              double      value)
{
  MdOver over = { time_s, channel, kind, md_analyze_lin_to_db (value) };

  if (kind == MD_OVER_ON_SAMPLE)
    {
      a->overs->n_on_sample++;
      a->overs->on_sample[channel]++;
    }
  else
    {
      a->overs->n_inter_sample++;
      a->overs->inter_sample[channel]++;
    }
  if (a->overs->events->len < MD_OVERS_LIST_MAX)
    g_array_append_val (a->overs->events, over);
}

/* Push one frame (SAMPLES, one value per channel) into the interpolators and
 * check the interval that has all its taps: n = (frames pushed) - 17. */
static void
os_push_frame (MdAnalyzer  *a,
               const float *samples)
{
  guint64 n = a->os_next_interval;   /* interval (x[n], x[n+1]) once x[n+16] is in */
  gboolean valid = a->os_next_interval >= OS_HALF;

  for (guint c = 0; c < a->n_channels; c++)
    {
      OsChannel *ch = &a->os[c];
      const float *x;
      float xn, xn1;
      double peak = 0.0;
      guint peak_k = 0;

      ch->history[ch->pos] = samples[c];
      ch->history[ch->pos + OS_TAPS] = samples[c];
      ch->pos = (ch->pos + 1) % OS_TAPS;
      if (!valid)
        continue;
      /* x[0] is the oldest of the 32 = x[n - 15]. */
      x = &ch->history[ch->pos];
      xn = x[OS_HALF - 1];
      xn1 = x[OS_HALF];
      if (fabsf (xn) > 1.0f)
        overs_record (a, (double)(n - OS_HALF) / a->rate_hz, c, MD_OVER_ON_SAMPLE, fabsf (xn));
      if (fabsf (xn) > a->os_peak)
        a->os_peak = fabsf (xn);
      for (guint k = 0; k < OS_FACTOR - 1; k++)
        {
          const float *h = a->os_coef[k];
          float y = 0.0f;

          for (guint i = 0; i < OS_TAPS; i++)
            y += h[i] * x[i];
          if (fabsf (y) > peak)
            {
              peak = fabsf (y);
              peak_k = k + 1;
            }
        }
      if (peak > a->os_peak)
        a->os_peak = peak;
      if (peak > 1.0 && fabsf (xn) <= 1.0f && fabsf (xn1) <= 1.0f)
        overs_record (a, ((double)(n - OS_HALF) + (double)peak_k / OS_FACTOR) / a->rate_hz,
                      c, MD_OVER_INTER_SAMPLE, peak);
    }
  a->os_next_interval++;
}

MdAnalyzer *
md_analyzer_new (guint            n_channels,
                 double           rate_hz,
                 MdAnalyzeFlags   flags,
                 GError         **error)
{
  g_autoptr(MdAnalyzer) a = NULL;

  if (n_channels < 1 || n_channels > MD_ANALYZE_MAX_CHANNELS)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("%u channels: analysis takes 1 to %d"), n_channels, MD_ANALYZE_MAX_CHANNELS);
      return NULL;
    }
  if (!(rate_hz >= MD_ANALYZE_MIN_RATE && rate_hz <= MD_ANALYZE_MAX_RATE)
      || rate_hz != floor (rate_hz))
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("sample rate %g Hz: analysis takes whole rates from %g to %g Hz"),
                   rate_hz, MD_ANALYZE_MIN_RATE, MD_ANALYZE_MAX_RATE);
      return NULL;
    }

  a = g_new0 (MdAnalyzer, 1);
  a->n_channels = n_channels;
  a->rate_hz = rate_hz;
  a->flags = flags;
  /* The frames libebur128 takes for a 10 ms window (rate * 10 / 1000). */
  a->hop_frames = (gsize)rate_hz * MD_ANALYZE_HOP_MS / 1000;
  a->max_frames = (guint64)(MD_ANALYZE_MAX_SECONDS * rate_hz);
  a->scratch = g_new (float, (gsize)READ_FRAMES * n_channels);
  a->m_current = a->s_current = -INFINITY;
  a->m_max = a->s_max = a->m_take = a->s_take = -INFINITY;

  if (flags & (MD_ANALYZE_LOUDNESS | MD_ANALYZE_MAX_MS))
    {
      int mode = EBUR128_MODE_I | EBUR128_MODE_S | EBUR128_MODE_TRUE_PEAK;

      a->state = ebur128_init (n_channels, (unsigned long)rate_hz, mode);
      if (a->state == NULL)
        {
          g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_ENGINE,
                       _("cannot create the loudness meter (out of memory)"));
          return NULL;
        }
      if (n_channels == 1)
        ebur128_set_channel (a->state, 0, EBUR128_DUAL_MONO);
      else if (n_channels == 7)
        ebur128_set_channel (a->state, 6, EBUR128_Mp180);   /* 6.1 back centre */
      else if (n_channels == 8)
        {
          /* 7.1 in WAVE order: backs at ±135° (weight 1.0), sides at ±110° (1.41). */
          ebur128_set_channel (a->state, 4, EBUR128_Mp135);
          ebur128_set_channel (a->state, 5, EBUR128_Mm135);
          ebur128_set_channel (a->state, 6, EBUR128_Mp110);
          ebur128_set_channel (a->state, 7, EBUR128_Mm110);
        }
    }
  a->lra_s = g_array_new (FALSE, FALSE, sizeof (double));
  if (flags & MD_ANALYZE_OVERS)
    {
      os_init (a);
      a->overs = md_overs_new ();
    }
  return g_steal_pointer (&a);
}

void
md_analyzer_free (MdAnalyzer *analyzer)
{
  if (analyzer == NULL)
    return;
  if (analyzer->state != NULL)
    ebur128_destroy (&analyzer->state);
  md_overs_free (analyzer->overs);
  g_array_unref (analyzer->lra_s);
  g_free (analyzer->scratch);
  g_free (analyzer);
}

static double
energy_to_lufs (double energy)
{
  return energy > 0.0 ? 10.0 * log10 (energy) - 0.691 : -INFINITY;
}

/* After each 10 ms hop: M and S for the maxima (MD_ANALYZE_MAX_MS); every
 * 100 ms, once a whole 3 s window is in, S for the loudness range (Tech 3342
 * asks for S at 10 Hz or more; libebur128's own LRA samples it once a second).
 *
 * libebur128 gives the K-weighted, channel-weighted energy of the last hop
 * (ebur128_loudness_window over 10 ms); M and S are the means of the last 40
 * and 300 hop energies, the same rectangular windows as
 * ebur128_loudness_momentary/_shortterm without summing 3 s of samples on
 * every hop. A partial hop (PARTIAL, at the end) asks libebur128 directly. */
static void
evaluate_hop (MdAnalyzer *a,
              gboolean    partial)
{
  double m = -INFINITY, s = -INFINITY;
  gboolean want_lra;

  /* Hops end at n_hops · 10 ms; S for LRA at 3.0 s, 3.1 s, … */
  a->n_hops++;
  a->hop_fill = 0;
  want_lra = !partial && (a->flags & MD_ANALYZE_LOUDNESS) && a->n_hops % 10 == 0
             && a->n_hops >= S_HOPS;
  if (partial)
    {
      if (ebur128_loudness_momentary (a->state, &m) != EBUR128_SUCCESS)
        m = -INFINITY;
      if (ebur128_loudness_shortterm (a->state, &s) != EBUR128_SUCCESS)
        s = -INFINITY;
    }
  else
    {
      double hop_lufs = -INFINITY, sum_m = 0.0, sum_s = 0.0;

      if (ebur128_loudness_window (a->state, MD_ANALYZE_HOP_MS, &hop_lufs) != EBUR128_SUCCESS)
        hop_lufs = -INFINITY;
      a->hop_energy[a->ring_pos] = isfinite (hop_lufs) ? pow (10.0, (hop_lufs + 0.691) / 10.0) : 0.0;
      a->ring_pos = (a->ring_pos + 1) % S_HOPS;
      for (guint i = 1; i <= S_HOPS; i++)
        {
          double e = a->hop_energy[(a->ring_pos + S_HOPS - i) % S_HOPS];

          sum_s += e;
          if (i == M_HOPS)
            sum_m = sum_s;
        }
      m = energy_to_lufs (sum_m / M_HOPS);
      s = energy_to_lufs (sum_s / S_HOPS);
    }
  if (want_lra)
    g_array_append_val (a->lra_s, s);
  if (!(a->flags & MD_ANALYZE_MAX_MS))
    return;
  a->m_current = m;
  a->s_current = s;
  a->m_max = MAX (a->m_max, m);
  a->s_max = MAX (a->s_max, s);
  a->m_take = MAX (a->m_take, m);
  a->s_take = MAX (a->s_take, s);
}

static gint
compare_double (gconstpointer pa,
                gconstpointer pb)
{
  double a = *(const double *)pa, b = *(const double *)pb;

  return a < b ? -1 : a > b ? 1 : 0;
}

/* EBU Tech 3342: gate S at -70 LUFS, then 20 LU below the power mean of
 * what is left; LRA = 95th - 10th percentile (nearest rank, as the
 * reference MATLAB code: round((n-1)·p/100 + 1), 1-based). */
static double
loudness_range (GArray *values)
{
  g_autoptr(GArray) gated = g_array_new (FALSE, FALSE, sizeof (double));
  double sum = 0.0, threshold;
  guint n_abs = 0, n;

  for (guint i = 0; i < values->len; i++)
    {
      double s = g_array_index (values, double, i);

      if (s >= -70.0)
        {
          sum += pow (10.0, (s + 0.691) / 10.0);
          n_abs++;
        }
    }
  if (n_abs == 0)
    return 0.0;
  threshold = -0.691 + 10.0 * log10 (sum / n_abs) - 20.0;
  for (guint i = 0; i < values->len; i++)
    {
      double s = g_array_index (values, double, i);

      if (s >= -70.0 && s >= threshold)
        g_array_append_val (gated, s);
    }
  n = gated->len;
  if (n == 0)
    return 0.0;
  g_array_sort (gated, compare_double);
  return g_array_index (gated, double, (guint)floor ((n - 1) * 0.95 + 0.5))
         - g_array_index (gated, double, (guint)floor ((n - 1) * 0.10 + 0.5));
}

static gboolean
feed_meter (MdAnalyzer  *a,
            const float *frames,
            gsize        n_frames,
            GError     **error)
{
  if (ebur128_add_frames_float (a->state, frames, n_frames) != EBUR128_SUCCESS)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_ENGINE,
                   _("the loudness meter failed (out of memory)"));
      return FALSE;
    }
  return TRUE;
}

/* The core: N_FRAMES interleaved frames. */
static gboolean
add_interleaved (MdAnalyzer  *a,
                 const float *frames,
                 gsize        n_frames,
                 GError     **error)
{
  guint n_ch = a->n_channels;

  if (n_frames > a->max_frames - a->n_frames)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("input longer than %g hours: refused"), MD_ANALYZE_MAX_SECONDS / 3600.0);
      return FALSE;
    }
  a->n_frames += n_frames;

  if (a->flags & MD_ANALYZE_LOUDNESS)
    {
      if (n_ch == 1)
        {
          for (gsize i = 0; i < n_frames; i++)
            a->sum_ll += (double)frames[i] * frames[i];
        }
      else
        {
          double ll = 0.0, rr = 0.0, lr = 0.0;

          for (gsize i = 0; i < n_frames; i++)
            {
              double l = frames[i * n_ch], r = frames[i * n_ch + 1];

              ll += l * l;
              rr += r * r;
              lr += l * r;
            }
          a->sum_ll += ll;
          a->sum_rr += rr;
          a->sum_lr += lr;
        }
    }

  if (a->overs != NULL)
    for (gsize i = 0; i < n_frames; i++)
      os_push_frame (a, frames + i * n_ch);

  if (a->state == NULL)
    return TRUE;

  /* Feed in 10 ms hops and read M and S after each. */
  while (n_frames > 0)
    {
      gsize todo = MIN (n_frames, a->hop_frames - a->hop_fill);

      if (!feed_meter (a, frames, todo, error))
        return FALSE;
      frames += todo * n_ch;
      n_frames -= todo;
      a->hop_fill += todo;
      if (a->hop_fill == a->hop_frames)
        evaluate_hop (a, FALSE);
    }
  return TRUE;
}

gboolean
md_analyzer_add (MdAnalyzer          *analyzer,
                 const float *const  *planes,
                 gsize                n_frames,
                 GError             **error)
{
  guint n_ch;

  g_return_val_if_fail (analyzer != NULL, FALSE);
  g_return_val_if_fail (!analyzer->finished, FALSE);

  n_ch = analyzer->n_channels;
  for (gsize done = 0; done < n_frames;)
    {
      gsize todo = MIN (n_frames - done, (gsize)READ_FRAMES);

      for (guint c = 0; c < n_ch; c++)
        {
          const float *src = planes[c] + done;

          for (gsize i = 0; i < todo; i++)
            analyzer->scratch[i * n_ch + c] = src[i];
        }
      if (!add_interleaved (analyzer, analyzer->scratch, todo, error))
        return FALSE;
      done += todo;
    }
  return TRUE;
}

void
md_analyzer_get_current (const MdAnalyzer *analyzer,
                         double           *momentary_lufs,
                         double           *short_term_lufs)
{
  g_return_if_fail (analyzer != NULL);
  if (momentary_lufs != NULL)
    *momentary_lufs = analyzer->m_current;
  if (short_term_lufs != NULL)
    *short_term_lufs = analyzer->s_current;
}

void
md_analyzer_take_max (MdAnalyzer *analyzer,
                      double     *momentary_max_lufs,
                      double     *short_term_max_lufs)
{
  g_return_if_fail (analyzer != NULL);
  if (momentary_max_lufs != NULL)
    *momentary_max_lufs = analyzer->m_take;
  if (short_term_max_lufs != NULL)
    *short_term_max_lufs = analyzer->s_take;
  analyzer->m_take = analyzer->s_take = -INFINITY;
}

static gint
compare_over_time (gconstpointer pa,
                   gconstpointer pb)
{
  const MdOver *a = pa, *b = pb;

  if (a->time_s != b->time_s)
    return a->time_s < b->time_s ? -1 : 1;
  return (gint)a->channel - (gint)b->channel;
}

gboolean
md_analyzer_finish (MdAnalyzer  *analyzer,
                    MdLoudness  *out,
                    MdOvers    **overs,
                    GError     **error)
{
  MdAnalyzer *a = analyzer;
  MdLoudness r;

  g_return_val_if_fail (a != NULL && out != NULL, FALSE);
  g_return_val_if_fail (!a->finished, FALSE);
  g_return_val_if_fail (overs == NULL || (a->flags & MD_ANALYZE_OVERS), FALSE);
  a->finished = TRUE;

  r.n_channels = a->n_channels;
  r.rate_hz = a->rate_hz;
  r.n_frames = a->n_frames;
  r.duration_s = a->n_frames / a->rate_hz;
  r.integrated_lufs = r.true_peak_dbtp = r.sample_peak_dbfs = -INFINITY;
  r.lra_lu = r.momentary_max_lufs = r.short_term_max_lufs = r.correlation = NAN;

  if (a->state != NULL)
    {
      double peak_tp = 0.0, peak_sp = 0.0;

      if ((a->flags & MD_ANALYZE_MAX_MS) && a->hop_fill > 0)
        evaluate_hop (a, TRUE);
      r.lra_lu = (a->flags & MD_ANALYZE_LOUDNESS) ? loudness_range (a->lra_s) : NAN;
      if (ebur128_loudness_global (a->state, &r.integrated_lufs) != EBUR128_SUCCESS)
        r.integrated_lufs = -INFINITY;
      for (guint c = 0; c < a->n_channels; c++)
        {
          double tp = 0.0, sp = 0.0;

          if (ebur128_true_peak (a->state, c, &tp) == EBUR128_SUCCESS)
            peak_tp = MAX (peak_tp, tp);
          if (ebur128_sample_peak (a->state, c, &sp) == EBUR128_SUCCESS)
            peak_sp = MAX (peak_sp, sp);
        }
      r.true_peak_dbtp = md_analyze_lin_to_db (peak_tp);
      r.sample_peak_dbfs = md_analyze_lin_to_db (peak_sp);
      if (a->flags & MD_ANALYZE_MAX_MS)
        {
          r.momentary_max_lufs = a->m_max;
          r.short_term_max_lufs = a->s_max;
        }
    }
  if (a->flags & MD_ANALYZE_LOUDNESS)
    {
      if (a->n_channels == 1)
        r.correlation = 1.0;
      else if (a->sum_ll > 0.0 && a->sum_rr > 0.0)
        r.correlation = CLAMP (a->sum_lr / sqrt (a->sum_ll * a->sum_rr), -1.0, 1.0);
      else
        r.correlation = 0.0;
    }
  if (a->overs != NULL)
    {
      float zeros[MD_ANALYZE_MAX_CHANNELS] = { 0 };

      /* Push the tail through the interpolator: the last interval checked
       * is (x[last], 0). */
      for (guint i = 0; i < OS_HALF; i++)
        os_push_frame (a, zeros);
      a->overs->peak_8x_dbtp = md_analyze_lin_to_db (a->os_peak);
      g_array_sort (a->overs->events, compare_over_time);
      if (overs != NULL)
        *overs = g_steal_pointer (&a->overs);
    }
  *out = r;
  return TRUE;
}

gboolean
md_analyze_planes (const float *const *planes,
                   guint               n_channels,
                   gsize               n_frames,
                   double              rate_hz,
                   MdAnalyzeFlags      flags,
                   MdLoudness         *out,
                   MdOvers           **overs,
                   GError            **error)
{
  g_autoptr(MdAnalyzer) a = md_analyzer_new (n_channels, rate_hz, flags, error);

  if (a == NULL)
    return FALSE;
  if (!md_analyzer_add (a, planes, n_frames, error))
    return FALSE;
  return md_analyzer_finish (a, out, overs, error);
}

gboolean
md_analyze_check_header (const char  *filename,
                         int          n_channels,
                         int          rate_hz,
                         gint64       n_frames,
                         GError     **error)
{
  if (n_channels < 1 || n_channels > MD_ANALYZE_MAX_CHANNELS)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("%s has %d channels: analysis takes 1 to %d"), filename, n_channels,
                   MD_ANALYZE_MAX_CHANNELS);
      return FALSE;
    }
  if (rate_hz < MD_ANALYZE_MIN_RATE || rate_hz > MD_ANALYZE_MAX_RATE)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("%s: sample rate %d Hz is outside %g to %g Hz"), filename, rate_hz,
                   MD_ANALYZE_MIN_RATE, MD_ANALYZE_MAX_RATE);
      return FALSE;
    }
  if ((double)n_frames > MD_ANALYZE_MAX_SECONDS * rate_hz)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_FORMAT,
                   _("%s: %lld frames is longer than %g hours: refused"),
                   filename, (long long)n_frames, MD_ANALYZE_MAX_SECONDS / 3600.0);
      return FALSE;
    }
  return TRUE;
}

gboolean
md_analyze_file (const char      *filename,
                 MdAnalyzeFlags   flags,
                 MdLoudness      *out,
                 MdOvers        **overs,
                 GError         **error)
{
  g_autoptr(MdAnalyzer) a = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree float *buf = NULL;
  SF_INFO info = { 0 };
  SNDFILE *file;
  gboolean ok = TRUE;

  g_return_val_if_fail (filename != NULL && out != NULL, FALSE);

  if (g_file_test (filename, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_OPEN,
                   _("Cannot read %s: it is a directory"), filename);
      return FALSE;
    }
  file = sf_open (filename, SFM_READ, &info);
  if (file == NULL)
    {
      g_set_error (error, MD_MEDIA_ERROR, MD_MEDIA_ERROR_OPEN, _("Cannot read %s: %s"), filename,
                   g_file_test (filename, G_FILE_TEST_EXISTS) ? sf_strerror (NULL)
                   : _("No such file or directory"));
      return FALSE;
    }
  if (!md_analyze_check_header (filename, info.channels, info.samplerate, info.frames, error))
    {
      sf_close (file);
      return FALSE;
    }

  a = md_analyzer_new ((guint)info.channels, info.samplerate, flags, error);
  if (a == NULL)
    {
      sf_close (file);
      return FALSE;
    }
  /* Channels are at most 8: READ_FRAMES * 8 cannot overflow. */
  buf = g_new (float, (gsize)READ_FRAMES * (gsize)info.channels);
  for (;;)
    {
      sf_count_t got = sf_readf_float (file, buf, READ_FRAMES);

      if (got < 0 || (got == 0 && sf_error (file) != SF_ERR_NO_ERROR))
        {
          g_set_error (&local, MD_MEDIA_ERROR, MD_MEDIA_ERROR_READ, _("read error: %s"),
                       sf_strerror (file));
          ok = FALSE;
          break;
        }
      if (got == 0)
        break;
      if (!add_interleaved (a, buf, (gsize)got, &local))
        {
          ok = FALSE;
          break;
        }
    }
  sf_close (file);
  if (!ok)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", filename);
      return FALSE;
    }
  return md_analyzer_finish (a, out, overs, error);
}
