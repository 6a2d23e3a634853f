/* md-lanes-view.h: the automation lanes — a timeline with the transport
 * position and one editable row per lane.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "app/md-live.h"

G_BEGIN_DECLS

#define MD_TYPE_LANES_VIEW (md_lanes_view_get_type ())
G_DECLARE_FINAL_TYPE (MdLanesView, md_lanes_view, MD, LANES_VIEW, GtkWidget)

/* LIVE must outlive the view. */
GtkWidget *md_lanes_view_new (MdLive *live);

G_END_DECLS
