/* md-spsc.c: lock-free SPSC ring of whole records.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * head and tail count records forever (mod 2^32); the difference is the
 * fill level. The producer publishes a record with a release store of
 * head after copying it; the consumer acquires head before reading and
 * releases tail after copying out, so the producer never overwrites a slot
 * still being read.
 */
#include "md-spsc.h"

#include <string.h>

bool
md_spsc_init (MdSpsc *ring, void *storage, size_t record_size, uint32_t capacity)
{
  if (ring == NULL || storage == NULL || record_size == 0 || capacity < 2
      || (capacity & (capacity - 1)) != 0)
    return false;
  ring->storage = storage;
  ring->record_size = record_size;
  ring->capacity = capacity;
  ring->mask = capacity - 1;
  atomic_init (&ring->head, 0);
  atomic_init (&ring->tail, 0);
  atomic_init (&ring->dropped, 0);
  return true;
}

bool
md_spsc_push (MdSpsc *ring, const void *record)
{
  uint32_t head = (uint32_t) atomic_load_explicit (&ring->head, memory_order_relaxed);
  uint32_t tail = (uint32_t) atomic_load_explicit (&ring->tail, memory_order_acquire);

  if ((uint32_t) (head - tail) >= ring->capacity)
    {
      atomic_fetch_add_explicit (&ring->dropped, 1, memory_order_relaxed);
      return false;
    }
  memcpy (ring->storage + (size_t) (head & ring->mask) * ring->record_size, record,
          ring->record_size);
  atomic_store_explicit (&ring->head, (uint32_t) (head + 1), memory_order_release);
  return true;
}

bool
md_spsc_pop (MdSpsc *ring, void *record)
{
  uint32_t tail = (uint32_t) atomic_load_explicit (&ring->tail, memory_order_relaxed);
  uint32_t head = (uint32_t) atomic_load_explicit (&ring->head, memory_order_acquire);

  if (head == tail)
    return false;
  memcpy (record, ring->storage + (size_t) (tail & ring->mask) * ring->record_size,
          ring->record_size);
  atomic_store_explicit (&ring->tail, (uint32_t) (tail + 1), memory_order_release);
  return true;
}

uint32_t
md_spsc_count (MdSpsc *ring)
{
  uint32_t head = (uint32_t) atomic_load_explicit (&ring->head, memory_order_acquire);
  uint32_t tail = (uint32_t) atomic_load_explicit (&ring->tail, memory_order_acquire);
  return (uint32_t) (head - tail);
}

uint32_t
md_spsc_space (MdSpsc *ring)
{
  return ring->capacity - md_spsc_count (ring);
}

uint64_t
md_spsc_dropped (MdSpsc *ring)
{
  return (uint64_t) atomic_load_explicit (&ring->dropped, memory_order_relaxed);
}
