/* md-strips-box.h: the row of strips in the mixer's horizontal scroller;
 * draws only the strips scrolled into view.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MD_TYPE_STRIPS_BOX (md_strips_box_get_type ())
G_DECLARE_FINAL_TYPE (MdStripsBox, md_strips_box, MD, STRIPS_BOX, GtkBox)

GtkWidget *md_strips_box_new (void);

G_END_DECLS
