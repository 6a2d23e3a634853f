/* md-stream.c: disk-streamed file sources.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "md-stream.h"

#include <glib/gi18n.h>
#include <sndfile.h>
#include <stdatomic.h>
#include <string.h>

#include "md-spsc.h"

#define CHUNK_FRAMES 1024u
#define RING_CHUNKS 128u          /* 2.7 s at 48 kHz */
#define MAX_FRAMES 16384u
#define MAX_STREAMS 256u

typedef struct
{
  guint64 pos;                    /* file frame of data[0] */
  guint32 gen;                    /* seek generation */
  guint32 n;                      /* frames in data */
  float data[2 * CHUNK_FRAMES];   /* interleaved */
} Chunk;

typedef struct
{
  /* fixed */
  char *path;
  guint first_channel;
  guint n_ch;
  guint64 length;                 /* frames */
  gboolean loop;
  gboolean follow;
  MdSpsc ring;
  Chunk *store;
  float *out[2];                  /* RT output buffers, MAX_FRAMES each */

  /* RT -> disk */
  atomic_uint seek_gen;
  atomic_uint_least64_t seek_pos;

  /* RT only */
  Chunk cur;                      /* chunk being read */
  guint32 cur_off;
  gboolean cur_valid;
  guint64 free_pos;               /* running position when not following */
  guint32 rt_gen;

  /* disk thread only */
  SNDFILE *sf;
  guint32 disk_gen;
  guint64 disk_pos;               /* next file frame to read */
  gboolean eof;

  /* shared */
  atomic_uint_least64_t underruns;
  atomic_bool ready;              /* data buffered at the wanted position */
} Stream;

typedef struct
{
  guint gen;
  guint n;
  Stream *s[MAX_STREAMS];
} Table;

struct _MdStreamSet
{
  double rate;
  _Atomic (Table *) table;
  atomic_uint rt_seen;            /* table gen the RT side uses */
  atomic_uint disk_seen;          /* table gen the disk thread uses */
  atomic_uint_least64_t rt_calls;
  atomic_bool stop;
  atomic_uint debug_delay_us;
  atomic_uint_least64_t underruns_gone;  /* underruns of removed streams */
  GThread *thread;
  guint next_gen;
};

/* ------------------------------------------------------------------ */
/* disk thread */

static void
disk_fill (MdStreamSet *set, Stream *s)
{
  guint32 want = atomic_load_explicit (&s->seek_gen, memory_order_acquire);
  guint delay = atomic_load_explicit (&set->debug_delay_us, memory_order_relaxed);

  if (want != s->disk_gen)
    {
      guint64 pos = atomic_load_explicit (&s->seek_pos, memory_order_relaxed);
      s->disk_gen = want;
      s->disk_pos = pos < s->length ? pos : s->length;
      s->eof = FALSE;
      if (sf_seek (s->sf, (sf_count_t) s->disk_pos, SEEK_SET) < 0)
        s->eof = TRUE;
    }
  while (!s->eof && md_spsc_space (&s->ring) > 0)
    {
      Chunk c;
      sf_count_t got;
      c.pos = s->disk_pos;
      c.gen = s->disk_gen;
      got = sf_readf_float (s->sf, c.data, CHUNK_FRAMES);
      if (got <= 0)
        {
          if (s->loop && s->length > 0)
            {
              s->disk_pos = 0;
              sf_seek (s->sf, 0, SEEK_SET);
              continue;
            }
          s->eof = TRUE;
          break;
        }
      if (s->n_ch == 1)
        for (sf_count_t i = 0; i < got; i++)
          c.data[i] = c.data[i];
      c.n = (guint32) got;
      s->disk_pos += (guint64) got;
      if (delay)
        g_usleep (delay);
      md_spsc_push (&s->ring, &c);
      /* a new seek while we fill: start over with it */
      if (atomic_load_explicit (&s->seek_gen, memory_order_acquire) != s->disk_gen)
        break;
    }
}

static gpointer
disk_thread (gpointer data)
{
  MdStreamSet *set = data;
  while (!atomic_load (&set->stop))
    {
      Table *t = atomic_load_explicit (&set->table, memory_order_acquire);
      if (t)
        {
          for (guint i = 0; i < t->n; i++)
            disk_fill (set, t->s[i]);
          atomic_store_explicit (&set->disk_seen, t->gen, memory_order_release);
        }
      g_usleep (2000);
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* RT */

/* Next chunk of the current generation, dropping stale ones. */
static gboolean
rt_next_chunk (Stream *s)
{
  for (guint k = 0; k < RING_CHUNKS; k++)
    {
      if (!md_spsc_pop (&s->ring, &s->cur))
        return FALSE;
      if (s->cur.gen == s->rt_gen)
        {
          s->cur_off = 0;
          s->cur_valid = TRUE;
          return TRUE;
        }
    }
  return FALSE;
}

static void
rt_request_seek (Stream *s, guint64 pos)
{
  atomic_store_explicit (&s->seek_pos, pos, memory_order_relaxed);
  s->rt_gen++;
  atomic_store_explicit (&s->seek_gen, s->rt_gen, memory_order_release);
  s->cur_valid = FALSE;
  atomic_store_explicit (&s->ready, false, memory_order_relaxed);
}

static void
rt_silence (Stream *s, guint32 n)
{
  for (guint c = 0; c < s->n_ch; c++)
    memset (s->out[c], 0, n * sizeof (float));
}

/* Produce N frames starting at file frame POS. */
static void
rt_read (Stream *s, guint64 pos, guint32 n)
{
  guint32 done = 0;

  if (s->cur_valid && s->cur_off >= s->cur.n)
    s->cur_valid = FALSE;
  if (!s->cur_valid && !rt_next_chunk (s))
    {
      /* nothing buffered: make sure the disk thread works on POS */
      if (atomic_load_explicit (&s->seek_gen, memory_order_relaxed) == s->rt_gen
          && atomic_load_explicit (&s->ready, memory_order_relaxed))
        atomic_fetch_add_explicit (&s->underruns, 1, memory_order_relaxed);
      rt_silence (s, n);
      return;
    }
  /* the buffered data must start at or before POS and reach it */
  if (s->cur.pos + s->cur_off > pos)
    {
      rt_request_seek (s, pos + n);
      rt_silence (s, n);
      return;
    }
  while (done < n)
    {
      guint64 at = pos + done;
      guint64 cur_at = s->cur.pos + s->cur_off;
      if (!s->cur_valid || s->cur_off >= s->cur.n)
        {
          if (!rt_next_chunk (s))
            {
              atomic_fetch_add_explicit (&s->underruns, 1, memory_order_relaxed);
              for (guint c = 0; c < s->n_ch; c++)
                memset (s->out[c] + done, 0, (n - done) * sizeof (float));
              s->cur_valid = FALSE;
              return;
            }
          continue;
        }
      if (cur_at < at)
        {
          /* skip ahead (after a seek the disk starts a little early) */
          guint64 skip = MIN (at - cur_at, (guint64) (s->cur.n - s->cur_off));
          s->cur_off += (guint32) skip;
          continue;
        }
      if (cur_at > at)
        {
          /* a gap (loop wrap or a locate): start over at the right place */
          rt_request_seek (s, pos + n);
          for (guint c = 0; c < s->n_ch; c++)
            memset (s->out[c] + done, 0, (n - done) * sizeof (float));
          return;
        }
      {
        guint32 k = MIN (n - done, s->cur.n - s->cur_off);
        const float *src = s->cur.data + (gsize) s->cur_off * s->n_ch;
        if (s->n_ch == 1)
          memcpy (s->out[0] + done, src, k * sizeof (float));
        else
          for (guint32 i = 0; i < k; i++)
            {
              s->out[0][done + i] = src[2 * i];
              s->out[1][done + i] = src[2 * i + 1];
            }
        s->cur_off += k;
        done += k;
      }
    }
  atomic_store_explicit (&s->ready, true, memory_order_relaxed);
}

void
md_stream_set_fill (gpointer data, const float **in, unsigned n_in, guint32 n,
                    gboolean rolling, guint64 frame)
{
  MdStreamSet *set = data;
  Table *t = atomic_load_explicit (&set->table, memory_order_acquire);

  atomic_fetch_add_explicit (&set->rt_calls, 1, memory_order_relaxed);
  if (t == NULL)
    return;
  if (n > MAX_FRAMES)
    n = MAX_FRAMES;
  for (guint i = 0; i < t->n; i++)
    {
      Stream *s = t->s[i];
      guint64 pos;
      gboolean play;

      if (s->follow)
        {
          pos = frame;
          play = rolling;
        }
      else
        {
          pos = s->free_pos;
          play = TRUE;
          s->free_pos += n;
        }
      if (s->loop && s->length > 0)
        pos %= s->length;

      if (!play)
        {
          /* stopped: keep the disk ready at the transport position */
          if (!s->cur_valid)
            rt_next_chunk (s);
          if (!s->cur_valid || s->cur.pos + s->cur_off != pos)
            {
              if (atomic_load_explicit (&s->seek_pos, memory_order_relaxed) != pos
                  || !s->cur_valid)
                {
                  if (!(s->cur_valid && s->cur.pos <= pos && pos < s->cur.pos + s->cur.n))
                    rt_request_seek (s, pos);
                }
            }
          else
            atomic_store_explicit (&s->ready, true, memory_order_relaxed);
          rt_silence (s, n);
        }
      else if (pos >= s->length)
        rt_silence (s, n);
      else if (s->loop && pos + n > s->length)
        {
          /* the wrap falls inside this block: two reads */
          guint32 first = (guint32) (s->length - pos);
          float *save[2] = { s->out[0], s->out[1] };
          rt_read (s, pos, first);
          s->out[0] += first;
          if (s->n_ch == 2)
            s->out[1] += first;
          rt_read (s, 0, n - first);
          s->out[0] = save[0];
          s->out[1] = save[1];
        }
      else
        {
          guint32 k = (guint32) MIN ((guint64) n, s->length - pos);
          rt_read (s, pos, k);
          if (k < n)
            for (guint c = 0; c < s->n_ch; c++)
              memset (s->out[c] + k, 0, (n - k) * sizeof (float));
        }

      for (guint c = 0; c < s->n_ch; c++)
        if (s->first_channel + c < n_in)
          in[s->first_channel + c] = s->out[c];
    }
  atomic_store_explicit (&set->rt_seen, t->gen, memory_order_release);
}

/* ------------------------------------------------------------------ */
/* main thread */

static void
stream_free (Stream *s)
{
  if (s == NULL)
    return;
  if (s->sf)
    sf_close (s->sf);
  g_free (s->store);
  g_free (s->out[0]);
  g_free (s->out[1]);
  g_free (s->path);
  g_free (s);
}

MdStreamSet *
md_stream_set_new (double rate)
{
  MdStreamSet *set = g_new0 (MdStreamSet, 1);
  Table *t = g_new0 (Table, 1);
  set->rate = rate;
  atomic_init (&set->table, t);
  atomic_init (&set->rt_seen, 0);
  atomic_init (&set->disk_seen, 0);
  atomic_init (&set->rt_calls, 0);
  atomic_init (&set->stop, false);
  atomic_init (&set->debug_delay_us, 0);
  atomic_init (&set->underruns_gone, 0);
  set->thread = g_thread_new ("mixdesk-disk", disk_thread, set);
  return set;
}

void
md_stream_set_free (MdStreamSet *set)
{
  Table *t;
  if (set == NULL)
    return;
  atomic_store (&set->stop, true);
  g_thread_join (set->thread);
  t = atomic_load (&set->table);
  for (guint i = 0; t && i < t->n; i++)
    stream_free (t->s[i]);
  g_free (t);
  g_free (set);
}

/* Swap in NEXT and wait until neither the RT nor the disk thread can
 * still be reading the old table; then free the old table and the
 * streams only it had. */
static void
swap_table (MdStreamSet *set, Table *next)
{
  Table *old;
  gint64 deadline;
  guint64 calls;
  gint64 quiet_since;

  next->gen = ++set->next_gen;
  old = atomic_exchange_explicit (&set->table, next, memory_order_acq_rel);
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  calls = atomic_load (&set->rt_calls);
  quiet_since = g_get_monotonic_time ();
  for (;;)
    {
      gboolean disk = atomic_load_explicit (&set->disk_seen, memory_order_acquire) >= next->gen;
      gboolean rt = atomic_load_explicit (&set->rt_seen, memory_order_acquire) >= next->gen;
      guint64 now_calls = atomic_load (&set->rt_calls);
      if (now_calls != calls)
        {
          calls = now_calls;
          quiet_since = g_get_monotonic_time ();
        }
      /* an RT side that never ran (the set is filled before JACK starts)
       * or has not run for 200 ms is not running at all */
      if (!rt && (calls == 0 || g_get_monotonic_time () - quiet_since > 200 * 1000))
        rt = TRUE;
      if ((disk && rt) || g_get_monotonic_time () > deadline)
        break;
      g_usleep (1000);
    }
  for (guint i = 0; i < old->n; i++)
    {
      gboolean kept = FALSE;
      for (guint k = 0; k < next->n; k++)
        kept |= next->s[k] == old->s[i];
      if (!kept)
        {
          atomic_fetch_add (&set->underruns_gone, atomic_load (&old->s[i]->underruns));
          stream_free (old->s[i]);
        }
    }
  g_free (old);
}

gboolean
md_stream_set_add (MdStreamSet *set, guint first, const char *path, gboolean loop,
                   gboolean follow, GError **error)
{
  SF_INFO info = { 0 };
  SNDFILE *sf = sf_open (path, SFM_READ, &info);
  Stream *s;
  Table *cur = atomic_load (&set->table), *next;

  if (sf == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("Cannot read “%s”: %s"), path,
                   sf_strerror (NULL));
      return FALSE;
    }
  if (info.channels < 1 || info.channels > 2)
    {
      sf_close (sf);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("“%s” has %d channels; a strip takes mono or stereo files."), path, info.channels);
      return FALSE;
    }
  if (info.samplerate != (int) set->rate)
    {
      sf_close (sf);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("“%s” is at %d Hz but JACK runs at %.0f Hz."), path, info.samplerate, set->rate);
      return FALSE;
    }
  if (cur->n >= MAX_STREAMS)
    {
      sf_close (sf);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("Too many file sources."));
      return FALSE;
    }
  s = g_new0 (Stream, 1);
  s->path = g_strdup (path);
  s->first_channel = first;
  s->n_ch = (guint) info.channels;
  s->length = (guint64) info.frames;
  s->loop = loop;
  s->follow = follow;
  s->sf = sf;
  s->store = g_new0 (Chunk, RING_CHUNKS);
  md_spsc_init (&s->ring, s->store, sizeof (Chunk), RING_CHUNKS);
  for (guint c = 0; c < s->n_ch; c++)
    s->out[c] = g_new0 (float, MAX_FRAMES);
  atomic_init (&s->seek_gen, 0);
  atomic_init (&s->seek_pos, 0);
  atomic_init (&s->underruns, 0);
  atomic_init (&s->ready, false);

  next = g_new0 (Table, 1);
  for (guint i = 0; i < cur->n; i++)
    if (cur->s[i]->first_channel != first)
      next->s[next->n++] = cur->s[i];
  next->s[next->n++] = s;
  swap_table (set, next);
  return TRUE;
}

void
md_stream_set_remove (MdStreamSet *set, guint first)
{
  Table *cur = atomic_load (&set->table), *next = g_new0 (Table, 1);
  for (guint i = 0; i < cur->n; i++)
    if (cur->s[i]->first_channel != first)
      next->s[next->n++] = cur->s[i];
  swap_table (set, next);
}

guint
md_stream_set_n_channels (MdStreamSet *set)
{
  Table *t = atomic_load (&set->table);
  guint n = 0;
  for (guint i = 0; i < t->n; i++)
    n = MAX (n, t->s[i]->first_channel + t->s[i]->n_ch);
  return n;
}

guint64
md_stream_set_underruns (MdStreamSet *set)
{
  Table *t = atomic_load (&set->table);
  guint64 n = atomic_load (&set->underruns_gone);
  for (guint i = 0; i < t->n; i++)
    n += atomic_load (&t->s[i]->underruns);
  return n;
}

gboolean
md_stream_set_wait_ready (MdStreamSet *set, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  for (;;)
    {
      Table *t = atomic_load (&set->table);
      gboolean all = TRUE;
      for (guint i = 0; i < t->n; i++)
        all &= atomic_load (&t->s[i]->ready) || md_spsc_count (&t->s[i]->ring) >= RING_CHUNKS / 2;
      if (all)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (2000);
    }
}

void
md_stream_set_debug_delay (MdStreamSet *set, guint delay_us)
{
  atomic_store (&set->debug_delay_us, delay_us);
}
