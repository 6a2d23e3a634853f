/* md-loudness-graph.h: the loudness panel's history — momentary and
 * short-term loudness of the master over the last minutes, with the
 * delivery target's integrated loudness as a line.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Readings kept: 5 minutes at the loudness panel's 5 Hz. */
#define MD_LOUDNESS_GRAPH_SECONDS 300
#define MD_LOUDNESS_GRAPH_RATE_HZ 5

#define MD_TYPE_LOUDNESS_GRAPH (md_loudness_graph_get_type ())
G_DECLARE_FINAL_TYPE (MdLoudnessGraph, md_loudness_graph, MD, LOUDNESS_GRAPH, GtkDrawingArea)

GtkWidget *md_loudness_graph_new        (void);
/* Append one reading (main thread, on the UI's tick). */
void       md_loudness_graph_push       (MdLoudnessGraph *self,
                                         double           momentary_lufs,
                                         double           short_term_lufs);
/* The target's integrated loudness and tolerance (NAN: no target) and its
 * short-term limit (NAN: none). Redraws only on a change. */
void       md_loudness_graph_set_target (MdLoudnessGraph *self,
                                         double           integrated_lufs,
                                         double           tolerance_lu,
                                         double           max_short_term_lufs);
/* Forget the history (the panel's Reset). */
void       md_loudness_graph_clear      (MdLoudnessGraph *self);

G_END_DECLS
