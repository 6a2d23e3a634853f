/* md-dca-panel.h: the DCA faders and mute groups of the mixer window.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "session/md-session.h"

G_BEGIN_DECLS

#define MD_TYPE_DCA_PANEL (md_dca_panel_get_type ())
G_DECLARE_FINAL_TYPE (MdDcaPanel, md_dca_panel, MD, DCA_PANEL, GtkBox)

GtkWidget *md_dca_panel_new           (MdSession  *session);
/* Show the model's values again (after a session load). */
void       md_dca_panel_sync          (MdDcaPanel *self);
/* The model changed PATH ("/dca/D/fader", "/dca/D/mute", "/mgrp/G/mute");
 * other paths are ignored. */
void       md_dca_panel_param_changed (MdDcaPanel *self,
                                       const char *path,
                                       double      value);

G_END_DECLS
