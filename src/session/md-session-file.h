/* md-session-file.h: the session file (JSON, json-glib).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * {"format": "mixdesk-session", "version": 1,
 *  "session": {"panlaw": "-3dB"}, "master": {"fader": 0.0, ...},
 *  "buses": [{"name": "Reverb", "params": {"fader": -3.0, ...}}, ...],
 *  "dcas": [{"params": {...}}, ...], "mgrps": [{"params": {...}}, ...],
 *  "strips": [{"name": "Kick", "stereo": false, "source": "kick.wav",
 *              "colour": "#c03030", "params": {"fader": -6.0,
 *              "send/1/level": -12.0, ...}}, ...],
 *  "connections": {"Kick": ["system:capture_1"]},
 *  "scenes": [...], "recall_safe": {...}}          (md-scenes.h)
 *
 * Keys inside "params" are md_param_key() of the parameter table. Loading
 * builds a new MdSession and returns it only on success: a damaged or
 * hostile file never touches the session in use.
 */
#pragma once

#include "md-session.h"

G_BEGIN_DECLS

#define MD_SESSION_FILE_FORMAT  "mixdesk-session"
#define MD_SESSION_FILE_VERSION 1
#define MD_SESSION_FILE_MAX_SIZE (16 * 1024 * 1024)
#define MD_SESSION_FILE_MAX_DEPTH 32
#define MD_SESSION_FILE_MAX_WARNINGS 200

#define MD_SESSION_FILE_ERROR (md_session_file_error_quark ())

typedef enum
{
  MD_SESSION_FILE_ERROR_IO,        /* cannot read or write the file */
  MD_SESSION_FILE_ERROR_PARSE,     /* not JSON */
  MD_SESSION_FILE_ERROR_FORMAT,    /* not a mixdesk session, or a wrong type */
  MD_SESSION_FILE_ERROR_VERSION,   /* written by a newer mixdesk */
  MD_SESSION_FILE_ERROR_LIMIT      /* too large, too many strips, too deep */
} MdSessionFileError;

GQuark      md_session_file_error_quark (void);

/* Serialise SESSION. File sources below BASE_DIR (may be NULL) are written
 * relative to it. */
char       *md_session_to_data        (MdSession    *session,
                                       const char   *base_dir,
                                       gsize        *length);
/* Parse DATA into a new session. Relative sources are resolved against
 * BASE_DIR (may be NULL). Problems that do not prevent loading (unknown
 * keys, clamped values) are appended to WARNINGS (may be NULL) as
 * human-readable strings. */
MdSession  *md_session_new_from_data  (const char   *data,
                                       gsize         length,
                                       const char   *base_dir,
                                       GPtrArray    *warnings,
                                       GError      **error);

typedef enum
{
  MD_SESSION_SAVE_DEFAULT   = 0,
  MD_SESSION_SAVE_NO_BACKUP = 1 << 0   /* recovery files: no FILENAME.bak */
} MdSessionSaveFlags;

/* Atomic save: temporary file in the same directory, write, fsync, the
 * previous file linked to FILENAME.bak, rename, fsync of the directory.
 * On failure (full disk, permissions) the error names the file, the step
 * and the reason, and FILENAME is untouched. */
gboolean    md_session_save           (MdSession    *session,
                                       const char   *filename,
                                       GError      **error);
gboolean    md_session_save_full      (MdSession          *session,
                                       const char         *filename,
                                       MdSessionSaveFlags  flags,
                                       GError            **error);
/* The same atomic replacement for any data. */
gboolean    md_session_write_file     (const char   *filename,
                                       const char   *data,
                                       gsize         length,
                                       gboolean      keep_backup,
                                       GError      **error);
MdSession  *md_session_load           (const char   *filename,
                                       GPtrArray    *warnings,
                                       GError      **error);

G_END_DECLS
