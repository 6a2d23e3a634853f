/* md-demo-gen.c: synthesises the demo stems used by `build-aux/quickstart demo`
 *
 * Copyright the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five stems of a short, deterministic piece in A minor (Am F C G, 120 BPM,
 * 10 bars, 20 s at 48 kHz by default), made from nothing but arithmetic:
 *
 *   kick.wav   mono    pitched-down sine with a short click
 *   bass.wav   mono    band-limited saw (wavetable), eighth notes on the roots
 *   hihat.wav  mono    high-passed noise from a fixed-seed generator
 *   pad.wav    stereo  detuned wavetable voices, different detune per side
 *   lead.wav   mono    sine with two harmonics and delayed vibrato
 *
 * Usage: md-demo-gen [--rate HZ] [--seconds S] [--quiet] OUTDIR
 *
 * The output is identical from run to run (no clock, no system random).
 * The stems are 24-bit WAV and licensed like the program that made them.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sndfile.h>

#define MD_DEMO_BPM 120.0
#define MD_DEMO_BEATS_PER_BAR 4
#define MD_DEMO_TABLE_SIZE 4096

#ifndef M_PI
# define M_PI 3.14159265358979323846
#endif

typedef struct
{
  double rate_hz;
  long n_frames;
  double beat_s;
} MdDemo;

typedef struct
{
  float *data;          /* interleaved */
  int n_channels;
  long n_frames;
} MdStem;

/* One cycle of a band-limited waveform, with a guard sample for interpolation. */
typedef struct
{
  float table[MD_DEMO_TABLE_SIZE + 1];
  int n_harmonics;
} MdWavetable;

/* ---------------------------------------------------------------------------
 * the score
 */

typedef struct
{
  double start_beat;
  double length_beats;
  int note;             /* MIDI note number */
} MdNote;

/* Chord per half bar: bars 1-8 are Am F C G twice, bar 9 is F then G,
 * bar 10 resolves to C. Voicings move by step (A3 C4 E4 -> A3 C4 F4 ...). */
static const int md_chords[20][3] = {
  { 57, 60, 64 }, { 57, 60, 64 },      /* Am */
  { 57, 60, 65 }, { 57, 60, 65 },      /* F  */
  { 55, 60, 64 }, { 55, 60, 64 },      /* C  */
  { 55, 59, 62 }, { 55, 59, 62 },      /* G  */
  { 57, 60, 64 }, { 57, 60, 64 },      /* Am */
  { 57, 60, 65 }, { 57, 60, 65 },      /* F  */
  { 55, 60, 64 }, { 55, 60, 64 },      /* C  */
  { 55, 59, 62 }, { 55, 59, 62 },      /* G  */
  { 57, 60, 65 }, { 55, 59, 62 },      /* F G */
  { 55, 60, 64 }, { 55, 60, 64 },      /* C  */
};

/* bass roots per half bar (A1 F1 C2 G1 ...) */
static const int md_roots[20] = {
  33, 33, 29, 29, 36, 36, 31, 31,
  33, 33, 29, 29, 36, 36, 31, 31,
  29, 31, 36, 36,
};

static const MdNote md_melody[] = {
  /* bar 1, Am */
  { 0.0, 1.5, 76 }, { 1.5, 0.5, 74 }, { 2.0, 1.0, 72 }, { 3.0, 1.0, 69 },
  /* bar 2, F */
  { 4.0, 1.0, 69 }, { 5.0, 1.0, 72 }, { 6.0, 1.5, 77 }, { 7.5, 0.5, 76 },
  /* bar 3, C */
  { 8.0, 1.5, 76 }, { 9.5, 0.5, 74 }, { 10.0, 1.0, 72 }, { 11.0, 1.0, 67 },
  /* bar 4, G */
  { 12.0, 2.0, 74 }, { 14.0, 1.0, 71 },
  /* bar 5, Am */
  { 16.0, 1.0, 76 }, { 17.0, 1.0, 81 }, { 18.0, 1.0, 79 }, { 19.0, 1.0, 76 },
  /* bar 6, F */
  { 20.0, 1.5, 77 }, { 21.5, 0.5, 76 }, { 22.0, 1.0, 72 }, { 23.0, 1.0, 69 },
  /* bar 7, C */
  { 24.0, 1.0, 67 }, { 25.0, 1.0, 72 }, { 26.0, 1.0, 76 }, { 27.0, 1.0, 79 },
  /* bar 8, G */
  { 28.0, 1.0, 77 }, { 29.0, 0.5, 76 }, { 29.5, 0.5, 74 }, { 30.0, 2.0, 71 },
  /* bar 9, F G */
  { 32.0, 1.0, 69 }, { 33.0, 1.0, 72 }, { 34.0, 1.0, 74 }, { 35.0, 1.0, 71 },
  /* bar 10, C */
  { 36.0, 3.0, 72 },
};

/* ---------------------------------------------------------------------------
 * helpers
 */

static double
md_note_hz (double note)
{
  return 440.0 * pow (2.0, (note - 69.0) / 12.0);
}

static long
md_beat_to_frame (const MdDemo *demo,
                  double        beat)
{
  return lround (beat * demo->beat_s * demo->rate_hz);
}

/* xorshift32: a fixed-seed noise source, identical on every machine */
static uint32_t
md_rand_next (uint32_t *state)
{
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

static double
md_rand_bipolar (uint32_t *state)
{
  return (double) md_rand_next (state) / 2147483648.0 - 1.0;
}

static void
md_wavetable_init (MdWavetable *wt,
                   int          n_harmonics,
                   double       rolloff)
{
  double peak = 0.0;

  wt->n_harmonics = n_harmonics;
  for (int i = 0; i <= MD_DEMO_TABLE_SIZE; i++)
    {
      double phase = 2.0 * M_PI * (double) i / MD_DEMO_TABLE_SIZE;
      double v = 0.0;

      for (int k = 1; k <= n_harmonics; k++)
        v += sin (k * phase) / pow (k, rolloff);
      wt->table[i] = (float) v;
      if (fabs (v) > peak)
        peak = fabs (v);
    }
  for (int i = 0; i <= MD_DEMO_TABLE_SIZE; i++)
    wt->table[i] = (float) (wt->table[i] / peak);
}

static double
md_wavetable_read (const MdWavetable *wt,
                   double             phase)   /* 0..1 */
{
  double pos = phase * MD_DEMO_TABLE_SIZE;
  long i = (long) pos;
  double frac = pos - (double) i;

  return wt->table[i] + frac * (wt->table[i + 1] - wt->table[i]);
}

/* attack/decay/sustain/release, times in seconds, t since note on */
static double
md_adsr (double t,
         double gate_s,
         double attack_s,
         double decay_s,
         double sustain,
         double release_s)
{
  double level;
  double t_on = t < gate_s ? t : gate_s;

  if (t_on < attack_s)
    level = t_on / attack_s;
  else
    level = sustain + (1.0 - sustain) * exp (-(t_on - attack_s) / decay_s);

  if (t > gate_s)
    {
      double r = (t - gate_s) / release_s;
      level *= r < 1.0 ? (1.0 - r) * (1.0 - r) : 0.0;
    }
  return level;
}

static int
md_stem_init (MdStem       *stem,
              const MdDemo *demo,
              int           n_channels)
{
  stem->n_channels = n_channels;
  stem->n_frames = demo->n_frames;
  stem->data = calloc ((size_t) demo->n_frames * (size_t) n_channels, sizeof (float));
  return stem->data != NULL ? 0 : -1;
}

static void
md_stem_add (MdStem *stem,
             long    frame,
             int     channel,
             double  value)
{
  if (frame >= 0 && frame < stem->n_frames)
    stem->data[frame * stem->n_channels + channel] += (float) value;
}

/* ---------------------------------------------------------------------------
 * instruments
 */

static void
md_render_kick (const MdDemo *demo,
                MdStem       *stem)
{
  uint32_t seed = 0x6b69636bu;   /* "kick" */
  long length = lround (0.45 * demo->rate_hz);
  double n_beats = demo->n_frames / (demo->beat_s * demo->rate_hz);

  for (int beat = 0; beat < (int) n_beats; beat++)
    {
      long start = md_beat_to_frame (demo, beat);
      double phase = 0.0;
      double click_lp = 0.0;
      double accent;

      /* four on the floor; the last bar only on its downbeat */
      if (beat >= 36 && beat != 36)
        continue;
      accent = beat % 4 == 0 ? 1.0 : 0.85;

      for (long i = 0; i < length; i++)
        {
          double t = i / demo->rate_hz;
          double freq = 48.0 + 110.0 * exp (-t / 0.035);
          double amp = (t < 0.002 ? t / 0.002 : 1.0) * exp (-t / 0.22);
          double click = 0.0;

          phase += freq / demo->rate_hz;
          phase -= floor (phase);
          if (t < 0.004)
            {
              click_lp += 0.35 * (md_rand_bipolar (&seed) - click_lp);
              click = click_lp * (1.0 - t / 0.004) * 0.5;
            }
          md_stem_add (stem, start + i, 0, accent * (amp * sin (2.0 * M_PI * phase) + click));
        }
    }
}

static void
md_render_bass (const MdDemo      *demo,
                const MdWavetable *saw,
                MdStem            *stem)
{
  double eighth_s = demo->beat_s / 2.0;
  double lp = 0.0;
  double lp2 = 0.0;
  /* per bar: root, root, octave on the "and" of 2 and 4 */
  static const int pattern[8] = { 0, 0, 0, 12, 0, 0, 0, 12 };

  for (int half_bar = 0; half_bar < 20; half_bar++)
    {
      int last = half_bar >= 18;
      int n_eighths = last ? 1 : 4;

      if (half_bar == 19)   /* the final root rings through the last bar */
        break;

      for (int e = 0; e < n_eighths; e++)
        {
          double beat = half_bar * 2.0 + e * 0.5;
          long start = md_beat_to_frame (demo, beat);
          double gate_s = last ? 2.5 * demo->beat_s : 0.8 * eighth_s;
          long length = lround ((gate_s + 0.06) * demo->rate_hz);
          int note = md_roots[half_bar] + pattern[(half_bar % 2) * 4 + e];
          double freq = md_note_hz (note);
          double phase = 0.0;

          for (long i = 0; i < length; i++)
            {
              double t = i / demo->rate_hz;
              double env = md_adsr (t, gate_s, 0.004, 0.12, 0.6, 0.05);

              phase += freq / demo->rate_hz;
              phase -= floor (phase);
              md_stem_add (stem, start + i, 0, env * md_wavetable_read (saw, phase));
            }
        }
    }

  /* two gentle one-pole low-passes (about 900 Hz) round the saw off */
  for (long i = 0; i < stem->n_frames; i++)
    {
      double a = 1.0 - exp (-2.0 * M_PI * 900.0 / demo->rate_hz);

      lp += a * (stem->data[i] - lp);
      lp2 += a * (lp - lp2);
      stem->data[i] = (float) lp2;
    }
}

static void
md_render_hihat (const MdDemo *demo,
                 MdStem       *stem)
{
  uint32_t seed = 0x68617421u;   /* "hat!" */
  double n_eighths = demo->n_frames / (demo->beat_s * demo->rate_hz / 2.0);

  for (int e = 0; e < (int) n_eighths && e < 72; e++)
    {
      int offbeat = e % 2 == 1;
      int open = e % 32 == 31;         /* open hat closing every second bar */
      double decay_s = open ? 0.22 : offbeat ? 0.045 : 0.02;
      double accent = offbeat ? 1.0 : 0.45;
      long start = md_beat_to_frame (demo, e * 0.5);
      long length = lround (decay_s * 6.0 * demo->rate_hz);
      double hp_x1 = 0.0, hp_y1 = 0.0, hp_y2 = 0.0, hp_x2 = 0.0;
      /* second-order high-pass at 7 kHz (RBJ cookbook, Q 0.7) */
      double w0 = 2.0 * M_PI * 7000.0 / demo->rate_hz;
      double alpha = sin (w0) / (2.0 * 0.7);
      double a0 = 1.0 + alpha;
      double b0 = (1.0 + cos (w0)) / 2.0 / a0;
      double b1 = -(1.0 + cos (w0)) / a0;
      double b2 = b0;
      double a1 = -2.0 * cos (w0) / a0;
      double a2 = (1.0 - alpha) / a0;

      for (long i = 0; i < length; i++)
        {
          double t = i / demo->rate_hz;
          double x = md_rand_bipolar (&seed);
          double y = b0 * x + b1 * hp_x1 + b2 * hp_x2 - a1 * hp_y1 - a2 * hp_y2;
          double env = (t < 0.001 ? t / 0.001 : 1.0) * exp (-t / decay_s);

          hp_x2 = hp_x1;
          hp_x1 = x;
          hp_y2 = hp_y1;
          hp_y1 = y;
          md_stem_add (stem, start + i, 0, accent * env * y);
        }
    }
}

static void
md_render_pad (const MdDemo      *demo,
               const MdWavetable *soft,
               MdStem            *stem)
{
  /* detune in cents per oscillator, left and right differ: that is the width */
  static const double detune_cents[2][2] = { { -7.0, 4.0 }, { -3.0, 8.0 } };
  double lp[2] = { 0.0, 0.0 };

  for (int half_bar = 0; half_bar < 20; half_bar++)
    {
      int last = half_bar >= 18;
      /* a chord lasts while the next half bar holds the same chord */
      if (half_bar > 0 && memcmp (md_chords[half_bar], md_chords[half_bar - 1],
                                  sizeof md_chords[0]) == 0)
        continue;

      int n_halves = 1;
      while (half_bar + n_halves < 20
             && memcmp (md_chords[half_bar], md_chords[half_bar + n_halves],
                        sizeof md_chords[0]) == 0)
        n_halves++;

      long start = md_beat_to_frame (demo, half_bar * 2.0);
      double gate_s = n_halves * 2.0 * demo->beat_s - (last ? 0.8 : 0.0);
      double release_s = last ? 0.75 : 0.45;
      long length = lround ((gate_s + release_s) * demo->rate_hz);

      for (int v = 0; v < 3; v++)
        for (int ch = 0; ch < 2; ch++)
          for (int o = 0; o < 2; o++)
            {
              double freq = md_note_hz (md_chords[half_bar][v] + detune_cents[ch][o] / 100.0);
              double phase = 0.1 * (v + 3 * ch + 7 * o);   /* fixed, distinct phases */

              phase -= floor (phase);
              for (long i = 0; i < length; i++)
                {
                  double t = i / demo->rate_hz;
                  double env = md_adsr (t, gate_s, 0.35, 1.0, 0.8, release_s);

                  phase += freq / demo->rate_hz;
                  phase -= floor (phase);
                  md_stem_add (stem, start + i, ch, env * md_wavetable_read (soft, phase));
                }
            }
    }

  for (long i = 0; i < stem->n_frames; i++)
    for (int ch = 0; ch < 2; ch++)
      {
        double a = 1.0 - exp (-2.0 * M_PI * 2500.0 / demo->rate_hz);
        float *x = &stem->data[i * 2 + ch];

        lp[ch] += a * (*x - lp[ch]);
        *x = (float) lp[ch];
      }
}

static void
md_render_lead (const MdDemo *demo,
                MdStem       *stem)
{
  for (size_t n = 0; n < sizeof md_melody / sizeof md_melody[0]; n++)
    {
      const MdNote *note = &md_melody[n];
      long start = md_beat_to_frame (demo, note->start_beat);
      double gate_s = note->length_beats * demo->beat_s * 0.92;
      double release_s = note->start_beat >= 36.0 ? 0.5 : 0.12;
      long length = lround ((gate_s + release_s) * demo->rate_hz);
      double freq = md_note_hz (note->note);
      double phase = 0.0;

      for (long i = 0; i < length; i++)
        {
          double t = i / demo->rate_hz;
          /* vibrato: 5.5 Hz, 15 cents, faded in after 0.25 s */
          double depth = t < 0.25 ? 0.0 : fmin (1.0, (t - 0.25) / 0.3) * 15.0;
          double f = freq * pow (2.0, depth * sin (2.0 * M_PI * 5.5 * t) / 1200.0);
          double env = md_adsr (t, gate_s, 0.012, 0.2, 0.7, release_s);
          double p;

          phase += f / demo->rate_hz;
          phase -= floor (phase);
          p = 2.0 * M_PI * phase;
          md_stem_add (stem, start + i, 0,
                       env * (sin (p) + 0.3 * sin (2.0 * p) + 0.12 * sin (3.0 * p)));
        }
    }
}

/* ---------------------------------------------------------------------------
 * output
 */

static void
md_stem_finish (MdStem *stem,
                double  rate_hz,
                double  peak_dbfs)
{
  size_t n = (size_t) stem->n_frames * (size_t) stem->n_channels;
  long fade = lround (0.05 * rate_hz);
  double peak = 0.0;
  double gain;

  /* a short fade at the very end so no stem stops on a click */
  for (long i = 0; i < fade && i < stem->n_frames; i++)
    for (int ch = 0; ch < stem->n_channels; ch++)
      stem->data[(stem->n_frames - 1 - i) * stem->n_channels + ch] *= (float) i / (float) fade;

  for (size_t i = 0; i < n; i++)
    if (fabs (stem->data[i]) > peak)
      peak = fabs (stem->data[i]);
  if (peak <= 0.0)
    return;
  gain = pow (10.0, peak_dbfs / 20.0) / peak;
  for (size_t i = 0; i < n; i++)
    stem->data[i] = (float) (stem->data[i] * gain);
}

static int
md_stem_write (const MdStem *stem,
               const char   *dir,
               const char   *name,
               int           rate_hz,
               int           quiet)
{
  SF_INFO info = { 0 };
  SNDFILE *sf;
  char *path;
  size_t path_len = strlen (dir) + strlen (name) + 2;
  sf_count_t written;

  path = malloc (path_len);
  if (path == NULL)
    return -1;
  snprintf (path, path_len, "%s/%s", dir, name);

  info.samplerate = rate_hz;
  info.channels = stem->n_channels;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
  sf = sf_open (path, SFM_WRITE, &info);
  if (sf == NULL)
    {
      fprintf (stderr, "md-demo-gen: cannot write %s: %s\n", path, sf_strerror (NULL));
      free (path);
      return -1;
    }
  sf_set_string (sf, SF_STR_TITLE, name);
  sf_set_string (sf, SF_STR_SOFTWARE, "mixdesk md-demo-gen " PACKAGE_VERSION);
  sf_set_string (sf, SF_STR_COPYRIGHT, "the mixdesk authors, GPL-3.0-or-later");
  written = sf_writef_float (sf, stem->data, stem->n_frames);
  if (written != stem->n_frames || sf_close (sf) != 0)
    {
      fprintf (stderr, "md-demo-gen: error writing %s\n", path);
      free (path);
      return -1;
    }
  if (!quiet)
    printf ("%s\n", path);
  free (path);
  return 0;
}

static void
md_usage (FILE *out)
{
  fprintf (out,
           "Usage: md-demo-gen [--rate HZ] [--seconds S] [--quiet] OUTDIR\n"
           "Writes kick.wav bass.wav hihat.wav pad.wav lead.wav (24-bit WAV) into OUTDIR.\n");
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = NULL;
  int rate_hz = 48000;
  double seconds = 20.0;
  int quiet = 0;
  int status = EXIT_FAILURE;
  MdDemo demo;
  MdWavetable *saw = NULL;
  MdWavetable *soft = NULL;
  MdStem kick = { 0 }, bass = { 0 }, hihat = { 0 }, pad = { 0 }, lead = { 0 };

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--rate") == 0 && i + 1 < argc)
        rate_hz = atoi (argv[++i]);
      else if (strcmp (argv[i], "--seconds") == 0 && i + 1 < argc)
        seconds = atof (argv[++i]);
      else if (strcmp (argv[i], "--quiet") == 0 || strcmp (argv[i], "-q") == 0)
        quiet = 1;
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          md_usage (stdout);
          return EXIT_SUCCESS;
        }
      else if (argv[i][0] != '-' && dir == NULL)
        dir = argv[i];
      else
        {
          md_usage (stderr);
          return EXIT_FAILURE;
        }
    }
  if (dir == NULL || rate_hz < 8000 || rate_hz > 384000 || !(seconds > 0.5 && seconds <= 600.0))
    {
      md_usage (stderr);
      return EXIT_FAILURE;
    }
  if (mkdir (dir, 0777) != 0 && errno != EEXIST)
    {
      fprintf (stderr, "md-demo-gen: cannot create %s: %s\n", dir, strerror (errno));
      return EXIT_FAILURE;
    }

  demo.rate_hz = rate_hz;
  demo.n_frames = lround (seconds * rate_hz);
  demo.beat_s = 60.0 / MD_DEMO_BPM;

  saw = malloc (sizeof *saw);
  soft = malloc (sizeof *soft);
  if (saw == NULL || soft == NULL)
    goto out;
  md_wavetable_init (saw, 40, 1.0);    /* saw: 1/k, up to 40 x 110 Hz */
  md_wavetable_init (soft, 16, 1.6);   /* pad: softer spectrum */

  if (md_stem_init (&kick, &demo, 1) != 0 || md_stem_init (&bass, &demo, 1) != 0
      || md_stem_init (&hihat, &demo, 1) != 0 || md_stem_init (&pad, &demo, 2) != 0
      || md_stem_init (&lead, &demo, 1) != 0)
    {
      fprintf (stderr, "md-demo-gen: out of memory\n");
      goto out;
    }

  md_render_kick (&demo, &kick);
  md_render_bass (&demo, saw, &bass);
  md_render_hihat (&demo, &hihat);
  md_render_pad (&demo, soft, &pad);
  md_render_lead (&demo, &lead);

  md_stem_finish (&kick, rate_hz, -3.0);
  md_stem_finish (&bass, rate_hz, -6.0);
  md_stem_finish (&hihat, rate_hz, -12.0);
  md_stem_finish (&pad, rate_hz, -10.0);
  md_stem_finish (&lead, rate_hz, -8.0);

  if (md_stem_write (&kick, dir, "kick.wav", rate_hz, quiet) != 0
      || md_stem_write (&bass, dir, "bass.wav", rate_hz, quiet) != 0
      || md_stem_write (&hihat, dir, "hihat.wav", rate_hz, quiet) != 0
      || md_stem_write (&pad, dir, "pad.wav", rate_hz, quiet) != 0
      || md_stem_write (&lead, dir, "lead.wav", rate_hz, quiet) != 0)
    goto out;

  status = EXIT_SUCCESS;

out:
  free (lead.data);
  free (pad.data);
  free (hihat.data);
  free (bass.data);
  free (kick.data);
  free (soft);
  free (saw);
  return status;
}
