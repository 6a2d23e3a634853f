/* md-preferences-window.h: the preferences, bound to GSettings.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MD_TYPE_PREFERENCES_WINDOW (md_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (MdPreferencesWindow, md_preferences_window, MD, PREFERENCES_WINDOW, GtkWindow)

GtkWidget *md_preferences_window_new (GtkWindow *parent,
                                      GSettings *settings);

G_END_DECLS
