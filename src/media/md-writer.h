/* md-writer.h: sound file output with libsndfile.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is written to a temporary file next to the target and renamed
 * over it only by md_writer_finish(): an error, or freeing an unfinished
 * writer, leaves no partial output behind.
 */
#pragma once

#include <glib.h>

#include "md-media.h"

G_BEGIN_DECLS

typedef enum
{
  MD_WRITER_WAV_FLOAT,       /* 32-bit float WAV, the default */
  MD_WRITER_WAV16,
  MD_WRITER_WAV24,
  MD_WRITER_FLAC             /* 24-bit FLAC */
} MdWriterFormat;



typedef struct _MdWriter MdWriter;

/* Word-length reduction for the integer formats (16- and 24-bit): TPDF
 * dither of +-1 LSB (the default), the same with first-order noise
 * shaping (the error fed back: noise moved up in frequency), or plain
 * rounding. The dither generator is seeded per file, so a render is
 * reproducible. */
typedef enum
{
  MD_DITHER_TPDF,
  MD_DITHER_SHAPED,
  MD_DITHER_NONE
} MdDither;

gboolean     md_dither_from_string    (const char     *text,
                                       MdDither       *dither);
void         md_writer_set_dither     (MdWriter       *writer,
                                       MdDither        dither);

/* "wav" / "float", "wav16", "wav24", "flac". */
gboolean     md_writer_format_from_string (const char     *name,
                                           MdWriterFormat *out);
const char  *md_writer_format_names       (void);

MdWriter    *md_writer_new          (const char      *filename,
                                     MdWriterFormat   format,
                                     double           sample_rate,
                                     guint            channels,
                                     GError         **error);
gboolean     md_writer_write        (MdWriter        *writer,
                                     const float *const *planes,
                                     gsize            n_frames,
                                     GError         **error);
/* Close, fsync and rename into place. */
gboolean     md_writer_finish       (MdWriter        *writer,
                                     GError         **error);
/* Removes the temporary file when the writer was not finished. */
void         md_writer_free         (MdWriter        *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdWriter, md_writer_free)

G_END_DECLS
