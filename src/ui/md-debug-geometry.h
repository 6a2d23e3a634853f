/* md-debug-geometry.h: a test hook — where named widgets are on screen.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With MD_UI_DEBUG_GEOMETRY set in the environment (tests/test-ui-editors.sh),
 * a watched widget prints, to stderr, whenever it is mapped and its place
 * changed:
 *
 *   md-geometry NAME XID X Y WIDTH HEIGHT
 *
 * X, Y relative to the X11 window XID that shows it (the toplevel, or a
 * popover's own window; 0 off X11), so `xdotool getwindowgeometry XID`
 * plus X, Y is a point on the screen. When it is unmapped (a popover
 * closed, a page switched away) it prints "md-geometry NAME 0 0 0 0 0". Without the variable it does
 * nothing (no tick callback, no cost).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Watch WIDGET under NAME; a second call renames it. */
void md_debug_geometry_watch (GtkWidget  *widget,
                              const char *name);

G_END_DECLS
