/* md-strip-widget.h: one channel strip of the mixer window (a strip, a
 * bus or the master), a view of the session model.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "app/md-live.h"
#include "session/md-session.h"

G_BEGIN_DECLS

#define MD_TYPE_STRIP_WIDGET (md_strip_widget_get_type ())
G_DECLARE_FINAL_TYPE (MdStripWidget, md_strip_widget, MD, STRIP_WIDGET, GtkBox)

/* SCOPE: MD_SCOPE_STRIP, MD_SCOPE_BUS or MD_SCOPE_MASTER; INDEX 1-based
 * (0 for the master). */
GtkWidget *md_strip_widget_new            (MdSession           *session,
                                           MdScope              scope,
                                           guint                index);
MdScope    md_strip_widget_get_scope      (MdStripWidget       *self);
guint      md_strip_widget_get_index      (MdStripWidget       *self);
/* Show strip INDEX now (after a reorder or removal) and sync. */
void       md_strip_widget_set_index      (MdStripWidget       *self,
                                           guint                index);
/* Read every shown value from the model. */
void       md_strip_widget_sync           (MdStripWidget       *self);
/* The model changed KEY (the address below the strip: "fader", "eq/2/gain"). */
void       md_strip_widget_param_changed  (MdStripWidget       *self,
                                           const char          *key,
                                           double               value);
/* The model's "strip-changed" for this strip ("colour" or "source"). */
void       md_strip_widget_strip_changed  (MdStripWidget       *self,
                                           const char          *what);
/* The JACK ports connected to the strip's input ("system:capture_1"),
 * shown under the name when the strip has no file source; NULL: none. */
void       md_strip_widget_set_jack_input (MdStripWidget       *self,
                                           const char          *ports);
/* Narrow strips keep name, EQ switch, pan, fader, meter, mute and solo. */
void       md_strip_widget_set_narrow     (MdStripWidget       *self,
                                           gboolean             narrow);
void       md_strip_widget_string_changed (MdStripWidget       *self,
                                           const char          *key,
                                           const char          *value);
/* Show the latest meter frame. PRE: meter before the fader. */
void       md_strip_widget_update_meters  (MdStripWidget       *self,
                                           const MdLiveMeters  *meters,
                                           gboolean             pre,
                                           gint64               now_us);
/* The strip's level meter (for binding its ballistics to settings). */
GtkWidget *md_strip_widget_get_meter      (MdStripWidget       *self);

G_END_DECLS
