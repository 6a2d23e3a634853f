/* md-undo.h: undo and redo of every change of the session model.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. An MdUndo watches its session's signals, so every
 * command is recorded whoever sends it (UI, OSC, scene recall, automation
 * editing): parameter values, names, adding, removing and moving strips,
 * the number of buses (with the sends and routes it resets), strip colours
 * and sources. A step is:
 *
 *  - one change; or
 *  - consecutive changes of the same parameter less than the coalescing
 *    window apart (500 ms by default): a fader drag is one step; or
 *  - everything between md_undo_begin_group() and md_undo_end_group()
 *    (a touch gesture, a scene recall, an automation pass).
 *
 * Steps record addresses by position: they are replayed in stack order, so
 * positions always refer to the layout they were recorded in. A removed
 * strip is kept whole (name, source, stereo, colour, every value) and comes
 * back at its position. Not recorded: JACK connections (left to the
 * session manager or the patchbay) and automation lane edits (their own
 * module groups a pass with md_undo_session_begin_group()).
 *
 * A new change clears the redo steps. At most "limit" steps are kept
 * (default 200), the oldest go first.
 */
#pragma once

#include <glib-object.h>

#include "md-session.h"

G_BEGIN_DECLS

#define MD_UNDO_DEFAULT_LIMIT       200
#define MD_UNDO_DEFAULT_COALESCE_MS 500

#define MD_TYPE_UNDO (md_undo_get_type ())
G_DECLARE_FINAL_TYPE (MdUndo, md_undo, MD, UNDO, GObject)

/* Start recording SESSION (kept with a strong reference). One MdUndo per
 * session: it registers itself as the session's, for the _session_
 * helpers below. */
MdUndo      *md_undo_new              (MdSession   *session);
MdSession   *md_undo_get_session      (MdUndo      *self);
void         md_undo_set_limit        (MdUndo      *self,
                                       guint        max_steps);
void         md_undo_set_coalesce_ms  (MdUndo      *self,
                                       guint        window_ms);

/* Properties "can-undo" and "can-redo" (bool, notify) for GAction
 * "enabled" bindings. */
gboolean     md_undo_can_undo         (MdUndo      *self);
gboolean     md_undo_can_redo         (MdUndo      *self);
guint        md_undo_get_n_undo       (MdUndo      *self);
guint        md_undo_get_n_redo       (MdUndo      *self);
/* "Fader /strip/3/fader", "Recall scene “Verse”", ... or NULL. */
const char  *md_undo_get_undo_label   (MdUndo      *self);
const char  *md_undo_get_redo_label   (MdUndo      *self);

/* Revert or repeat one step. A step that cannot be applied (the engine
 * refused) sets ERROR; the history is then cleared, as it no longer
 * describes the model. */
gboolean     md_undo_undo             (MdUndo      *self,
                                       GError     **error);
gboolean     md_undo_redo             (MdUndo      *self,
                                       GError     **error);
void         md_undo_clear            (MdUndo      *self);

/* Groups nest; the outermost LABEL names the step. */
void         md_undo_begin_group      (MdUndo      *self,
                                       const char  *label);
void         md_undo_end_group        (MdUndo      *self);

/* The same for whoever holds only the session (no-ops without an
 * MdUndo). */
MdUndo      *md_undo_get_for_session     (MdSession  *session);
void         md_undo_session_begin_group (MdSession  *session,
                                          const char *label);
void         md_undo_session_end_group   (MdSession  *session);

/* A change the model's signals do not show (automation lanes): APPLY
 * (FORWARD: redo, else undo) is called with DATA; DESTROY frees DATA when
 * the step goes. Recorded into the open group, else as a step of its own;
 * a no-op (DATA destroyed) without an MdUndo or while undo replays. */
typedef gboolean (*MdUndoApplyFunc) (gpointer data, gboolean forward, GError **error);
void         md_undo_session_record_custom (MdSession       *session,
                                            const char      *label,
                                            MdUndoApplyFunc  apply,
                                            gpointer         data,
                                            GDestroyNotify   destroy);

G_END_DECLS
