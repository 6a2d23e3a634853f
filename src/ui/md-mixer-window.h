/* md-mixer-window.h: the mixer window — strips, buses, master, status.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "app/md-live.h"

G_BEGIN_DECLS

#define MD_TYPE_MIXER_WINDOW (md_mixer_window_get_type ())
G_DECLARE_FINAL_TYPE (MdMixerWindow, md_mixer_window, MD, MIXER_WINDOW, GtkApplicationWindow)

/* LIVE must outlive the window. SETTINGS may be NULL (no schema
 * installed: defaults). */
MdMixerWindow *md_mixer_window_new      (GtkApplication *app,
                                         MdLive         *live,
                                         GSettings      *settings);
/* Show FILE (may be NULL) in the title. */
void           md_mixer_window_set_file (MdMixerWindow  *self,
                                         const char     *file);
/* A line in the status bar for a few seconds (saved, errors). */
void           md_mixer_window_notify   (MdMixerWindow  *self,
                                         const char     *message);

G_END_DECLS
