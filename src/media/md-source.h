/* md-source.h: a sound file read with libsndfile, delivered as float planes.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread or a worker thread; never the RT thread.
 */
#pragma once

#include <glib.h>

#include "md-media.h"

G_BEGIN_DECLS

typedef struct _MdSource MdSource;

MdSource    *md_source_open         (const char    *filename,
                                     GError       **error);
void         md_source_free         (MdSource      *source);
const char  *md_source_get_filename (const MdSource *source);
guint        md_source_get_channels (const MdSource *source);
double       md_source_get_rate     (const MdSource *source);
/* Length in frames as the file header states it. */
guint64      md_source_get_frames   (const MdSource *source);
/* Read up to N_FRAMES frames into PLANES (one float array of N_FRAMES per
 * channel). Frames past the end of the file are zero. Returns the number of
 * frames that came from the file, or -1 on a read error. */
gssize       md_source_read         (MdSource      *source,
                                     float *const  *planes,
                                     gsize          n_frames,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSource, md_source_free)

G_END_DECLS
