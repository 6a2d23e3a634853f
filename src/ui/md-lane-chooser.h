/* md-lane-chooser.h: Add Lane — a searchable list of the automatable
 * parameters of the session's objects, in a popover.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "session/md-session.h"

G_BEGIN_DECLS

#define MD_TYPE_LANE_CHOOSER (md_lane_chooser_get_type ())
G_DECLARE_FINAL_TYPE (MdLaneChooser, md_lane_chooser, MD, LANE_CHOOSER, GtkPopover)

/* A popover for a GtkMenuButton. It lists, each time it is shown, every
 * automatable parameter of the strips, buses (sends up to the bus
 * count), DCAs, mute groups and the master of SESSION, filtered as the
 * search field is typed into (md_draw_lane_matches). A click on a row or
 * Enter in the search (the first row) closes it and emits
 * "lane-chosen" (const char *path). */
GtkWidget *md_lane_chooser_new          (MdSession         *session);

/* The title of the lane of A, as the lanes view and the chooser show
 * it: "Kick · Fader", "Bus 2 · EQ gain 3", "Master · Fader". */
char      *md_lane_chooser_format_title (MdSession         *session,
                                         const MdParamAddr *a);

G_END_DECLS
