/* md-spsc.h: lock-free single-producer/single-consumer ring of fixed-size
 * records (C11 atomics, acquire/release).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread pushes, one thread pops. Whole records only: a push either
 * writes the whole record or fails and counts a drop. Push and pop are
 * wait-free and RT-safe; init/clear are not thread-safe.
 */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct
{
  unsigned char *storage;      /* capacity * record_size bytes, owned by the caller */
  size_t record_size;
  uint32_t capacity;           /* power of two */
  uint32_t mask;
  _Alignas (64) atomic_uint_fast32_t head;   /* written by the producer */
  _Alignas (64) atomic_uint_fast32_t tail;   /* written by the consumer */
  _Alignas (64) atomic_uint_fast64_t dropped;
} MdSpsc;

/* CAPACITY must be a power of two; STORAGE holds capacity * record_size bytes. */
bool      md_spsc_init      (MdSpsc *ring, void *storage, size_t record_size, uint32_t capacity);
/* Producer only. Returns false (and counts a drop) when the ring is full. */
bool      md_spsc_push      (MdSpsc *ring, const void *record);
/* Consumer only. Returns false when empty. */
bool      md_spsc_pop       (MdSpsc *ring, void *record);
/* Either side: records waiting (a snapshot). */
uint32_t  md_spsc_count     (MdSpsc *ring);
uint32_t  md_spsc_space     (MdSpsc *ring);
uint64_t  md_spsc_dropped   (MdSpsc *ring);
