/* md-autosave.h: periodic recovery files and finding them after a crash.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. An MdAutosave watches a session; when it has changed
 * since the last recovery write, every interval (30 s by default) it
 * writes the whole session atomically (md_session_write_file, no backup)
 * to the recovery file: "SESSION.recovery" beside the session file, or
 * "$XDG_CACHE_HOME/mixdesk/untitled.recovery" for a session without a
 * file. The real session file is never touched. After a real save call
 * md_autosave_mark_saved(): the recovery file is removed.
 *
 * At start-up the application asks md_autosave_find_recovery() for the
 * session it is about to open: a recovery file newer than the session
 * file means the last run ended without saving; the GUI offers it, the
 * headless mode reports it (and loads it with --recover).
 *
 * The "dirty" property (changed since the last real save) also drives the
 * NSM is_dirty/is_clean messages and the window title.
 */
#pragma once

#include <glib-object.h>

#include "md-session.h"

G_BEGIN_DECLS

#define MD_AUTOSAVE_DEFAULT_INTERVAL_MS 30000
#define MD_AUTOSAVE_SUFFIX ".recovery"

#define MD_TYPE_AUTOSAVE (md_autosave_get_type ())
G_DECLARE_FINAL_TYPE (MdAutosave, md_autosave, MD, AUTOSAVE, GObject)

/* SESSION_PATH may be NULL (untitled). The timer starts at once. */
MdAutosave  *md_autosave_new               (MdSession   *session,
                                            const char  *session_path);
/* After a load, "save as" or an NSM open: watch SESSION, saved as
 * SESSION_PATH (may be NULL); the state is clean. */
void         md_autosave_set_session       (MdAutosave  *self,
                                            MdSession   *session,
                                            const char  *session_path);
/* 0 stops the timer. */
void         md_autosave_set_interval_ms   (MdAutosave  *self,
                                            guint        interval_ms);
guint        md_autosave_get_interval_ms   (MdAutosave  *self);
/* Changed since the last real save (property "dirty"). */
gboolean     md_autosave_get_dirty         (MdAutosave  *self);
/* Call after a successful real save: clean, recovery file removed. */
void         md_autosave_mark_saved        (MdAutosave  *self);
/* Write the recovery file now if anything changed since the last one.
 * FALSE with ERROR when writing failed (the timer logs and retries). */
gboolean     md_autosave_save_now          (MdAutosave  *self,
                                            GError     **error);
const char  *md_autosave_get_recovery_path (MdAutosave  *self);

/* "PATH.recovery", or the untitled recovery file for NULL. */
char        *md_autosave_recovery_path     (const char  *session_path);
/* The recovery file of SESSION_PATH (may be NULL) when it exists and is
 * newer than the session file (or the session file is missing), else
 * NULL. */
char        *md_autosave_find_recovery     (const char  *session_path);
/* Remove the recovery file of SESSION_PATH; a missing one is fine. */
gboolean     md_autosave_discard           (const char  *session_path,
                                            GError     **error);

G_END_DECLS
