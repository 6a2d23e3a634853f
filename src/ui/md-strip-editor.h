/* md-strip-editor.h: the processing editor of a strip or bus — filters,
 * EQ with its curve, gate, compressor — in a popover. Its controls are
 * made from the parameter table.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "app/md-live.h"
#include "session/md-session.h"

G_BEGIN_DECLS

#define MD_TYPE_STRIP_EDITOR (md_strip_editor_get_type ())
G_DECLARE_FINAL_TYPE (MdStripEditor, md_strip_editor, MD, STRIP_EDITOR, GtkPopover)

GtkWidget *md_strip_editor_new            (MdSession     *session,
                                           MdScope        scope,
                                           guint          index);
void       md_strip_editor_set_index      (MdStripEditor *self,
                                           guint          index);
/* The model changed KEY ("eq/2/gain") of the shown strip. */
void       md_strip_editor_param_changed  (MdStripEditor *self,
                                           const char    *key,
                                           double         value);
/* The latest meter frame, from the window's meter tick (30 Hz at most):
 * the compressor's gain reduction for the compressor page's history
 * chart (strips and buses), the compressor's and gate's live operating
 * points (strips), the multiband's per-band and the limiter's gain
 * reduction (master). Drawn only while shown. */
void       md_strip_editor_update_meters  (MdStripEditor      *self,
                                           const MdLiveMeters *meters,
                                           gint64              now_us);

G_END_DECLS
