/* md-scenes-panel.h: the Scenes popover of the mixer window.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "session/md-session.h"

G_BEGIN_DECLS

#define MD_TYPE_SCENES_PANEL (md_scenes_panel_get_type ())
G_DECLARE_FINAL_TYPE (MdScenesPanel, md_scenes_panel, MD, SCENES_PANEL, GtkBox)

/* SESSION may be NULL (nothing shown). The panel shows the session's
 * scenes again each time it is mapped (the scenes model has no signal).
 * "message" (const char *) carries a line for the status bar: saved,
 * recalled, renamed, errors. */
GtkWidget *md_scenes_panel_new         (MdSession     *session);
void       md_scenes_panel_set_session (MdScenesPanel *self,
                                        MdSession     *session);
/* Show the model again. */
void       md_scenes_panel_refresh     (MdScenesPanel *self);

G_END_DECLS
