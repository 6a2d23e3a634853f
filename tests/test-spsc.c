/* test-spsc.c: the SPSC ring — whole records, drops counted, ordering
 * across two threads.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <pthread.h>
#include <stdint.h>

#include "md-spsc.h"

typedef struct
{
  uint64_t seq;
  uint64_t check;
  uint32_t payload[6];
} Rec;

static void
test_basic (void)
{
  Rec store[8];
  MdSpsc r;
  Rec in = { 0 }, out;

  g_assert_false (md_spsc_init (&r, store, sizeof (Rec), 6));   /* not a power of two */
  g_assert_true (md_spsc_init (&r, store, sizeof (Rec), 8));
  g_assert_false (md_spsc_pop (&r, &out));
  for (int i = 0; i < 8; i++)
    {
      in.seq = (uint64_t) i;
      g_assert_true (md_spsc_push (&r, &in));
    }
  g_assert_cmpuint (md_spsc_count (&r), ==, 8);
  g_assert_cmpuint (md_spsc_space (&r), ==, 0);
  in.seq = 99;
  g_assert_false (md_spsc_push (&r, &in));
  g_assert_false (md_spsc_push (&r, &in));
  g_assert_cmpuint (md_spsc_dropped (&r), ==, 2);
  for (int i = 0; i < 8; i++)
    {
      g_assert_true (md_spsc_pop (&r, &out));
      g_assert_cmpuint (out.seq, ==, (uint64_t) i);
    }
  g_assert_false (md_spsc_pop (&r, &out));
}

/* wrap-around of the 32-bit counters */
static void
test_wrap (void)
{
  Rec store[4];
  MdSpsc r;
  Rec in = { 0 }, out;
  g_assert_true (md_spsc_init (&r, store, sizeof (Rec), 4));
  atomic_store (&r.head, UINT32_MAX - 2);
  atomic_store (&r.tail, UINT32_MAX - 2);
  for (uint64_t i = 0; i < 100; i++)
    {
      in.seq = i;
      g_assert_true (md_spsc_push (&r, &in));
      g_assert_true (md_spsc_pop (&r, &out));
      g_assert_cmpuint (out.seq, ==, i);
    }
}

#define N_RECS 2000000u

static MdSpsc ring;
static Rec ring_store[256];

static void *
producer (void *arg)
{
  uint64_t seq = 0;
  (void) arg;
  while (seq < N_RECS)
    {
      Rec r;
      r.seq = seq;
      for (int k = 0; k < 6; k++)
        r.payload[k] = (uint32_t) (seq * 2654435761u + (uint64_t) k);
      r.check = seq ^ 0x5a5a5a5a5a5a5a5aull;
      if (md_spsc_push (&ring, &r))
        seq++;
    }
  return NULL;
}

/* Two threads: every record arrives once, in order, whole. */
static void
test_threads (void)
{
  pthread_t t;
  uint64_t expect = 0;
  g_assert_true (md_spsc_init (&ring, ring_store, sizeof (Rec), 256));
  g_assert_cmpint (pthread_create (&t, NULL, producer, NULL), ==, 0);
  while (expect < N_RECS)
    {
      Rec r;
      if (!md_spsc_pop (&ring, &r))
        continue;
      g_assert_cmpuint (r.seq, ==, expect);
      g_assert_cmpuint (r.check, ==, expect ^ 0x5a5a5a5a5a5a5a5aull);
      for (int k = 0; k < 6; k++)
        g_assert_cmpuint (r.payload[k], ==, (uint32_t) (expect * 2654435761u + (uint64_t) k));
      expect++;
    }
  pthread_join (t, NULL);
  g_assert_false (md_spsc_pop (&ring, &(Rec){ 0 }));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spsc/basic", test_basic);
  g_test_add_func ("/spsc/wrap", test_wrap);
  g_test_add_func ("/spsc/threads", test_threads);
  return g_test_run ();
}
