/* md-render.h: the offline render driver.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the engine over the file sources of a session block by block and
 * writes the stereo master. The output is as long as the longest source;
 * shorter sources are padded with silence.
 */
#pragma once

#include "session/md-session.h"
#include "md-writer.h"

G_BEGIN_DECLS

#define MD_RENDER_BLOCK_DEFAULT 1024u
#define MD_RENDER_BLOCK_MAX     (1u << 20)

/* Called about every 100 ms of output from the render loop. */
typedef void (*MdRenderProgress) (guint64  frames_done,
                                  guint64  frames_total,
                                  gpointer user_data);

typedef struct
{
  MdWriterFormat format;
  guint block;               /* frames per engine call, 0: MD_RENDER_BLOCK_DEFAULT */
  MdRenderProgress progress; /* may be NULL */
  gpointer user_data;
  MdDither dither;           /* integer formats: MD_DITHER_TPDF (0) by default */
} MdRenderOptions;

/* SESSION must not have an engine attached; it is attached to a new engine
 * for the render and detached again. */
gboolean md_render (MdSession              *session,
                    const char             *output,
                    const MdRenderOptions  *options,
                    GError                **error);

G_END_DECLS
