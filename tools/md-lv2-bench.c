/* md-lv2-bench.c: time one LV2 plugin the way a DAW runs it.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small lilv host for `make bench-peers` (issues 4 and 5). Unlike
 * lv2bench it feeds noise at a set level (default -18 dBFS RMS) rather than
 * silence, which would switch off the expensive parts of several plugins,
 * takes control values as --set SYMBOL=VALUE, sets FTZ/DAZ on the timing
 * thread, provides urid:map/unmap, options (block lengths, sample rate),
 * bufsz and log, and times run() per block after a warm-up (both budgets
 * in wall-clock seconds; a fresh instance per block size).
 *
 *   md-lv2-bench [--block N]... [--seconds S] [--warmup S] [--rate HZ]
 *                [--level DBFS] [--channels N] [--set SYM=VAL]... URI
 *   md-lv2-bench --ports URI
 *
 * Output, one line per block size (after a '#' header):
 *   block channels ns/frame ns/ch-sample p99/mean
 * Exit status: 0 measured, 2 usage, 3 plugin missing or cannot be
 * instantiated (with a "skip:" message on stderr).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define MD_HAVE_MXCSR 1
#endif

#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/log/log.h>
#include <lv2/options/options.h>
#include <lv2/parameters/parameters.h>
#include <lv2/urid/urid.h>

#define MAX_BLOCKS 8
#define MAX_SETS 128
#define ATOM_CAPACITY 65536u
#define NOISE_FRAMES 48000u

typedef enum { PORT_CONTROL, PORT_AUDIO, PORT_ATOM, PORT_CV, PORT_OTHER } PortKind;

typedef struct
{
  PortKind kind;
  int is_input;
  int is_sidechain;
  const char *symbol;
  float value;           /* control ports */
  float *buf;            /* audio/cv ports */
  void *atom;            /* atom ports */
} Port;

/* urid:map, a plain table: called only outside the timed region */
typedef struct
{
  char **uris;
  uint32_t n;
} UridTable;

static LV2_URID
urid_map_cb (LV2_URID_Map_Handle handle, const char *uri)
{
  UridTable *t = handle;

  for (uint32_t i = 0; i < t->n; i++)
    if (strcmp (t->uris[i], uri) == 0)
      return i + 1;
  t->uris = realloc (t->uris, (t->n + 1) * sizeof *t->uris);
  if (t->uris == NULL)
    abort ();
  t->uris[t->n] = strdup (uri);
  return ++t->n;
}

static const char *
urid_unmap_cb (LV2_URID_Unmap_Handle handle, LV2_URID urid)
{
  UridTable *t = handle;

  return urid >= 1 && urid <= t->n ? t->uris[urid - 1] : NULL;
}

static int
log_vprintf_cb (LV2_Log_Handle handle, LV2_URID type, const char *fmt, va_list ap)
{
  (void) handle; (void) type;
  fputs ("plugin: ", stderr);
  return vfprintf (stderr, fmt, ap);
}

static int
log_printf_cb (LV2_Log_Handle handle, LV2_URID type, const char *fmt, ...)
{
  va_list ap;
  int r;

  va_start (ap, fmt);
  r = log_vprintf_cb (handle, type, fmt, ap);
  va_end (ap);
  return r;
}

static double
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void
set_ftz_daz (void)
{
#ifdef MD_HAVE_MXCSR
  _mm_setcsr (_mm_getcsr () | 0x8040);   /* FTZ (bit 15) | DAZ (bit 6) */
#elif defined(__aarch64__)
  uint64_t fpcr;
  __asm__ volatile ("mrs %0, fpcr" : "=r" (fpcr));
  __asm__ volatile ("msr fpcr, %0" : : "r" (fpcr | (1u << 24)));
#endif
}

/* xorshift noise, uniform, scaled to RMS LEVEL_LIN */
static void
fill_noise (float *x, size_t n, float rms_lin, uint32_t seed)
{
  uint32_t s = seed ? seed : 1;
  float a = rms_lin * sqrtf (3.0f);

  for (size_t i = 0; i < n; i++)
    {
      s ^= s << 13; s ^= s >> 17; s ^= s << 5;
      x[i] = a * (2.0f * (float)(s / 4294967296.0) - 1.0f);
    }
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void
usage (FILE *f)
{
  fputs ("Usage: md-lv2-bench [--block N]... [--seconds S] [--warmup S] [--rate HZ]\n"
         "                    [--level DBFS] [--channels N] [--set SYMBOL=VALUE]... URI\n"
         "       md-lv2-bench --ports URI\n"
         "Times one LV2 plugin's run() on noise (default -18 dBFS RMS) with FTZ/DAZ set.\n"
         "Prints per block size: block channels ns/frame ns/ch-sample p99/mean.\n", f);
}

static void
reset_atom (void *atom, int is_input, LV2_URID seq_urid, LV2_URID chunk_urid)
{
  LV2_Atom_Sequence *seq = atom;

  if (is_input)
    {
      seq->atom.size = sizeof (LV2_Atom_Sequence_Body);
      seq->atom.type = seq_urid;
      seq->body.unit = 0;
      seq->body.pad = 0;
    }
  else
    {
      seq->atom.size = ATOM_CAPACITY - sizeof (LV2_Atom);
      seq->atom.type = chunk_urid;
    }
}

int
main (int argc, char **argv)
{
  unsigned blocks[MAX_BLOCKS];
  unsigned n_blocks = 0;
  const char *sets[MAX_SETS];
  unsigned n_sets = 0;
  double seconds = 3.0, warmup = 1.0, rate = 48000.0, level_db = -18.0;
  int channels_override = 0, list_ports = 0;
  const char *uri_str = NULL;
  int status = 0;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;

      if (strcmp (a, "--help") == 0 || strcmp (a, "-h") == 0)
        {
          usage (stdout);
          return 0;
        }
      else if (strcmp (a, "--ports") == 0)
        list_ports = 1;
      else if (v != NULL && strcmp (a, "--block") == 0 && n_blocks < MAX_BLOCKS)
        {
          blocks[n_blocks] = (unsigned) strtoul (v, NULL, 10);
          if (blocks[n_blocks] < 1 || blocks[n_blocks] > 8192)
            {
              fprintf (stderr, "md-lv2-bench: bad block size %s\n", v);
              return 2;
            }
          n_blocks++, i++;
        }
      else if (v != NULL && strcmp (a, "--seconds") == 0)
        seconds = atof (v), i++;
      else if (v != NULL && strcmp (a, "--warmup") == 0)
        warmup = atof (v), i++;
      else if (v != NULL && strcmp (a, "--rate") == 0)
        rate = atof (v), i++;
      else if (v != NULL && strcmp (a, "--level") == 0)
        level_db = atof (v), i++;
      else if (v != NULL && strcmp (a, "--channels") == 0)
        channels_override = atoi (v), i++;
      else if (v != NULL && strcmp (a, "--set") == 0 && n_sets < MAX_SETS)
        sets[n_sets++] = v, i++;
      else if (a[0] != '-' && uri_str == NULL)
        uri_str = a;
      else
        {
          usage (stderr);
          return 2;
        }
    }
  if (uri_str == NULL || !(seconds > 0) || !(rate > 0) || warmup < 0)
    {
      usage (stderr);
      return 2;
    }
  if (n_blocks == 0)
    {
      blocks[0] = 64, blocks[1] = 256;
      n_blocks = 2;
    }

  LilvWorld *world = lilv_world_new ();
  lilv_world_load_all (world);
  const LilvPlugins *plugins = lilv_world_get_all_plugins (world);
  LilvNode *uri = lilv_new_uri (world, uri_str);
  const LilvPlugin *plugin = lilv_plugins_get_by_uri (plugins, uri);

  if (plugin == NULL)
    {
      fprintf (stderr, "md-lv2-bench: skip: %s is not installed (see lv2ls)\n", uri_str);
      lilv_node_free (uri);
      lilv_world_free (world);
      return 3;
    }

  LilvNode *n_input = lilv_new_uri (world, LV2_CORE__InputPort);
  LilvNode *n_control = lilv_new_uri (world, LV2_CORE__ControlPort);
  LilvNode *n_audio = lilv_new_uri (world, LV2_CORE__AudioPort);
  LilvNode *n_cv = lilv_new_uri (world, LV2_CORE__CVPort);
  LilvNode *n_atom = lilv_new_uri (world, LV2_ATOM__AtomPort);
  LilvNode *n_sidechain = lilv_new_uri (world, LV2_CORE_PREFIX "isSideChain");
  LilvNode *n_optional = lilv_new_uri (world, LV2_CORE__connectionOptional);

  uint32_t n_ports = lilv_plugin_get_num_ports (plugin);
  Port *ports = calloc (n_ports, sizeof *ports);
  float *mins = calloc (n_ports, sizeof (float));
  float *maxs = calloc (n_ports, sizeof (float));
  float *defs = calloc (n_ports, sizeof (float));
  unsigned n_audio_in = 0, n_audio_out = 0, n_sc_in = 0;

  lilv_plugin_get_port_ranges_float (plugin, mins, maxs, defs);
  for (uint32_t p = 0; p < n_ports; p++)
    {
      const LilvPort *port = lilv_plugin_get_port_by_index (plugin, p);
      Port *q = &ports[p];

      q->symbol = lilv_node_as_string (lilv_port_get_symbol (plugin, port));
      q->is_input = lilv_port_is_a (plugin, port, n_input);
      q->is_sidechain = lilv_port_has_property (plugin, port, n_sidechain);
      if (lilv_port_is_a (plugin, port, n_control))
        {
          q->kind = PORT_CONTROL;
          q->value = isnan (defs[p]) ? (isnan (mins[p]) ? 0.0f : mins[p]) : defs[p];
        }
      else if (lilv_port_is_a (plugin, port, n_audio))
        {
          q->kind = PORT_AUDIO;
          if (q->is_input && !q->is_sidechain)
            n_audio_in++;
          else if (q->is_input)
            n_sc_in++;
          else
            n_audio_out++;
        }
      else if (lilv_port_is_a (plugin, port, n_cv))
        q->kind = PORT_CV;
      else if (lilv_port_is_a (plugin, port, n_atom))
        q->kind = PORT_ATOM;
      else
        q->kind = PORT_OTHER;
      if (list_ports)
        {
          static const char *kinds[] = { "control", "audio", "atom", "cv", "other" };
          printf ("%3u %-4s %-8s %-24s", p, q->is_input ? "in" : "out", kinds[q->kind], q->symbol);
          if (q->kind == PORT_CONTROL)
            printf (" default %g range %g..%g", defs[p], mins[p], maxs[p]);
          if (q->is_sidechain)
            printf (" (sidechain)");
          putchar ('\n');
        }
      if (q->kind == PORT_OTHER && !lilv_port_has_property (plugin, port, n_optional))
        {
          fprintf (stderr, "md-lv2-bench: skip: %s: port %s has a type this host does not know\n",
                   uri_str, q->symbol);
          status = 3;
        }
    }
  if (list_ports || status != 0)
    goto out;

  /* control values: defaults, then --set */
  for (unsigned s = 0; s < n_sets; s++)
    {
      const char *eq = strchr (sets[s], '=');
      char *end;
      uint32_t p;

      if (eq == NULL)
        {
          fprintf (stderr, "md-lv2-bench: --set %s: expected SYMBOL=VALUE\n", sets[s]);
          status = 2;
          goto out;
        }
      for (p = 0; p < n_ports; p++)
        if (ports[p].kind == PORT_CONTROL && ports[p].is_input
            && strlen (ports[p].symbol) == (size_t)(eq - sets[s])
            && strncmp (ports[p].symbol, sets[s], (size_t)(eq - sets[s])) == 0)
          break;
      if (p == n_ports)
        {
          fprintf (stderr, "md-lv2-bench: --set %s: %s has no control input of that symbol "
                   "(see --ports)\n", sets[s], uri_str);
          status = 2;
          goto out;
        }
      errno = 0;
      ports[p].value = strtof (eq + 1, &end);
      if (end == eq + 1 || *end != '\0' || errno != 0)
        {
          fprintf (stderr, "md-lv2-bench: --set %s: not a number\n", sets[s]);
          status = 2;
          goto out;
        }
      if ((!isnan (mins[p]) && ports[p].value < mins[p]) || (!isnan (maxs[p]) && ports[p].value > maxs[p]))
        fprintf (stderr, "md-lv2-bench: warning: %s=%g is outside %g..%g\n",
                 ports[p].symbol, ports[p].value, mins[p], maxs[p]);
    }

  unsigned channels = channels_override > 0 ? (unsigned) channels_override
                      : (n_audio_in > 0 ? n_audio_in : n_audio_out);
  if (channels == 0)
    channels = 1;

  UridTable urids = { NULL, 0 };
  LV2_URID_Map map = { &urids, urid_map_cb };
  LV2_URID_Unmap unmap = { &urids, urid_unmap_cb };
  LV2_Log_Log log = { NULL, log_printf_cb, log_vprintf_cb };
  LV2_URID u_int = urid_map_cb (&urids, LV2_ATOM__Int);
  LV2_URID u_float = urid_map_cb (&urids, LV2_ATOM__Float);
  LV2_URID u_seq = urid_map_cb (&urids, LV2_ATOM__Sequence);
  LV2_URID u_chunk = urid_map_cb (&urids, LV2_ATOM__Chunk);
  float rate_f = (float) rate;

  printf ("# %s  %u ch, noise %.1f dBFS RMS, %.1f s per block size after %.1f s warm-up, FTZ/DAZ on\n",
          uri_str, channels, level_db, seconds, warmup);
  printf ("# %6s %8s %12s %14s %9s\n", "block", "channels", "ns/frame", "ns/ch-sample", "p99/mean");

  set_ftz_daz ();
  for (unsigned b = 0; b < n_blocks && status == 0; b++)
    {
      int32_t block = (int32_t) blocks[b];
      int32_t seq_size = ATOM_CAPACITY;
      LV2_Options_Option options[] = {
        { LV2_OPTIONS_INSTANCE, 0, urid_map_cb (&urids, LV2_BUF_SIZE__minBlockLength),
          sizeof (int32_t), u_int, &block },
        { LV2_OPTIONS_INSTANCE, 0, urid_map_cb (&urids, LV2_BUF_SIZE__maxBlockLength),
          sizeof (int32_t), u_int, &block },
        { LV2_OPTIONS_INSTANCE, 0, urid_map_cb (&urids, LV2_BUF_SIZE_PREFIX "nominalBlockLength"),
          sizeof (int32_t), u_int, &block },
        { LV2_OPTIONS_INSTANCE, 0, urid_map_cb (&urids, LV2_BUF_SIZE__sequenceSize),
          sizeof (int32_t), u_int, &seq_size },
        { LV2_OPTIONS_INSTANCE, 0, urid_map_cb (&urids, LV2_PARAMETERS__sampleRate),
          sizeof (float), u_float, &rate_f },
        { LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL }
      };
      LV2_Feature f_map = { LV2_URID__map, &map };
      LV2_Feature f_unmap = { LV2_URID__unmap, &unmap };
      LV2_Feature f_log = { LV2_LOG__log, &log };
      LV2_Feature f_options = { LV2_OPTIONS__options, options };
      LV2_Feature f_bounded = { LV2_BUF_SIZE__boundedBlockLength, NULL };
      LV2_Feature f_fixed = { LV2_BUF_SIZE__fixedBlockLength, NULL };
      LV2_Feature f_pow2 = { LV2_BUF_SIZE__powerOf2BlockLength, NULL };
      LV2_Feature f_rt = { LV2_CORE__isLive, NULL };
      const LV2_Feature *features[] = {
        &f_map, &f_unmap, &f_log, &f_options, &f_bounded, &f_fixed, &f_pow2, &f_rt, NULL
      };
      LilvInstance *inst;
      float *noise, *sink;
      unsigned noise_pos = 0;
      size_t max_runs;
      double *times;
      double wall0;
      size_t n_times = 0;
      double sum = 0;

      if ((block & (block - 1)) != 0)
        features[6] = NULL;   /* not a power of two: do not claim it */

      /* say which required features we lack before lilv refuses */
      {
        LilvNodes *req = lilv_plugin_get_required_features (plugin);
        LILV_FOREACH (nodes, it, req)
          {
            const char *f = lilv_node_as_uri (lilv_nodes_get (req, it));
            int have = 0;
            for (unsigned k = 0; features[k] != NULL; k++)
              have |= strcmp (features[k]->URI, f) == 0;
            if (!have)
              {
                fprintf (stderr, "md-lv2-bench: skip: %s requires %s, which this host lacks\n",
                         uri_str, f);
                status = 3;
              }
          }
        lilv_nodes_free (req);
        if (status != 0)
          break;
      }

      inst = lilv_plugin_instantiate (plugin, rate, features);
      if (inst == NULL)
        {
          fprintf (stderr, "md-lv2-bench: skip: %s cannot be instantiated\n", uri_str);
          status = 3;
          break;
        }

      noise = malloc ((size_t) NOISE_FRAMES * (n_audio_in + n_sc_in + 1) * sizeof (float));
      sink = calloc (block, sizeof (float));
      for (uint32_t p = 0, k = 0; p < n_ports; p++)
        {
          Port *q = &ports[p];

          switch (q->kind)
            {
            case PORT_CONTROL:
              lilv_instance_connect_port (inst, p, &q->value);
              break;
            case PORT_AUDIO:
            case PORT_CV:
              q->buf = calloc (block, sizeof (float));
              if (q->kind == PORT_AUDIO && q->is_input)
                {
                  /* each input its own noise; a sidechain gets noise too,
                   * which only matters where the key is switched on */
                  fill_noise (noise + (size_t) k * NOISE_FRAMES, NOISE_FRAMES,
                              (float) pow (10.0, level_db / 20.0), 0x9e3779b9u * (k + 1));
                  k++;
                }
              lilv_instance_connect_port (inst, p, q->buf);
              break;
            case PORT_ATOM:
              q->atom = aligned_alloc (64, ATOM_CAPACITY);
              reset_atom (q->atom, q->is_input, u_seq, u_chunk);
              lilv_instance_connect_port (inst, p, q->atom);
              break;
            case PORT_OTHER:
              lilv_instance_connect_port (inst, p, NULL);
              break;
            }
        }

      lilv_instance_activate (inst);
      max_runs = 4096;
      times = malloc (max_runs * sizeof *times);

      /* wall-clock budgets: WARMUP seconds, then SECONDS timed */
      for (int timed = 0; timed < 2; timed++)
        {
          double budget = (timed ? seconds : warmup) * 1e9;

          wall0 = now_ns ();
          while (now_ns () - wall0 < budget)
            {
              double t0, dt;

              if (noise_pos + (unsigned) block > NOISE_FRAMES)
                noise_pos = 0;
              for (uint32_t p = 0, k = 0; p < n_ports; p++)
                {
                  Port *q = &ports[p];
                  if (q->kind == PORT_AUDIO && q->is_input)
                    memcpy (q->buf, noise + (size_t) k++ * NOISE_FRAMES + noise_pos,
                            block * sizeof (float));
                  else if (q->kind == PORT_ATOM)
                    reset_atom (q->atom, q->is_input, u_seq, u_chunk);
                }
              noise_pos += block;
              t0 = now_ns ();
              lilv_instance_run (inst, block);
              dt = now_ns () - t0;
              if (timed)
                {
                  if (n_times == max_runs)
                    {
                      max_runs *= 2;
                      times = realloc (times, max_runs * sizeof *times);
                      if (times == NULL)
                        abort ();
                    }
                  times[n_times++] = dt;
                  sum += dt;
                }
            }
        }

      /* keep the output observable so nothing is optimised into nothing */
      for (uint32_t p = 0; p < n_ports; p++)
        if (ports[p].kind == PORT_AUDIO && !ports[p].is_input)
          sink[0] += ports[p].buf[0];
      if (!isfinite (sink[0]))
        fprintf (stderr, "md-lv2-bench: warning: %s output is not finite\n", uri_str);

      qsort (times, n_times, sizeof *times, cmp_double);
      {
        double mean = sum / n_times;
        double p99 = times[(size_t)(n_times * 0.99)];
        double per_frame = mean / block;

        printf ("%8d %8u %12.2f %14.2f %9.2f\n", block, channels, per_frame,
                per_frame / channels, p99 / mean);
        fflush (stdout);
      }

      lilv_instance_deactivate (inst);
      lilv_instance_free (inst);
      for (uint32_t p = 0; p < n_ports; p++)
        {
          free (ports[p].buf);
          free (ports[p].atom);
          ports[p].buf = NULL;
          ports[p].atom = NULL;
        }
      free (times);
      free (sink);
      free (noise);
    }

  for (uint32_t i = 0; i < urids.n; i++)
    free (urids.uris[i]);
  free (urids.uris);

out:
  free (ports);
  free (mins);
  free (maxs);
  free (defs);
  lilv_node_free (n_input);
  lilv_node_free (n_control);
  lilv_node_free (n_audio);
  lilv_node_free (n_cv);
  lilv_node_free (n_atom);
  lilv_node_free (n_sidechain);
  lilv_node_free (n_optional);
  lilv_node_free (uri);
  lilv_world_free (world);
  return status;
}
