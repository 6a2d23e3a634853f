/* md-session.h: the session model, the one authoritative console state.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. Every change is a command: the address is validated
 * against the parameter table and the current contents (strip, bus
 * numbers), the value is clamped against the table, stored, forwarded to
 * the attached engine, and announced with "param-changed" when it really
 * changed. Adding, removing or moving strips and changing the number of
 * buses emit "structure-changed"; a strip's colour or source
 * "strip-changed" (strip number, "colour" or "source"). What lives beside
 * the values — scenes, recall-safes, automation lanes — emits
 * "content-changed" ("scenes" or "automation") when it changes, so
 * whoever tracks unsaved changes (autosave, the window) sees it.
 */
#pragma once

#include <glib-object.h>

#include "md-engine.h"
#include "md-params.h"

G_BEGIN_DECLS

#define MD_SESSION_ERROR (md_session_error_quark ())

typedef enum
{
  MD_SESSION_ERROR_UNKNOWN_ADDRESS,  /* no such path in the table */
  MD_SESSION_ERROR_NO_SUCH_OBJECT,   /* index beyond the current contents */
  MD_SESSION_ERROR_OUT_OF_RANGE,     /* strict mode: value outside the range */
  MD_SESSION_ERROR_BAD_VALUE,        /* value text not understood / wrong kind */
  MD_SESSION_ERROR_FULL,             /* MD_MAX_STRIPS / MD_MAX_BUSES reached */
  MD_SESSION_ERROR_ENGINE,           /* the engine refused (memory, ring full) */
  MD_SESSION_ERROR_INVALID           /* anything else (bad argument) */
} MdSessionError;

#define MD_TYPE_SESSION (md_session_get_type ())
G_DECLARE_FINAL_TYPE (MdSession, md_session, MD, SESSION, GObject)

GQuark       md_session_error_quark     (void);

MdSession   *md_session_new             (void);

/* Structure. Strip numbers are 1-based positions. */
guint        md_session_get_n_strips    (MdSession   *self);
/* Append a strip. NAME may be NULL: the basename of a file SOURCE without
 * its extension, else "Strip N". SOURCE may be NULL (no source), a file
 * path or "jack:PORT". Returns the new strip number, 0 on error. */
guint        md_session_add_strip       (MdSession   *self,
                                         const char  *name,
                                         gboolean     stereo,
                                         const char  *source,
                                         GError     **error);
gboolean     md_session_remove_strip    (MdSession   *self,
                                         guint        strip,
                                         GError     **error);
/* Move strip FROM to position TO (both 1-based, current numbering). */
gboolean     md_session_move_strip      (MdSession   *self,
                                         guint        from,
                                         guint        to,
                                         GError     **error);
guint        md_session_get_n_buses     (MdSession   *self);
/* Sends to and routes into removed buses are reset to their defaults. */
gboolean     md_session_set_n_buses     (MdSession   *self,
                                         guint        n_buses,
                                         GError     **error);

/* Strip properties that are not parameters of the table. */
gboolean     md_session_get_strip_stereo (MdSession  *self,
                                          guint       strip);
const char  *md_session_get_strip_source (MdSession  *self,
                                          guint       strip);
gboolean     md_session_set_strip_source (MdSession  *self,
                                          guint       strip,
                                          const char *source,
                                          GError    **error);
const char  *md_session_get_strip_colour (MdSession  *self,
                                          guint       strip);
/* Emit "content-changed" with WHAT ("scenes", "automation"): for the
 * scenes and automation modules of the session. */
void         md_session_notify_content_changed (MdSession  *self,
                                                const char *what);
gboolean     md_session_set_strip_colour (MdSession  *self,
                                          guint       strip,
                                          const char *colour,
                                          GError    **error);
/* Engine strip id of strip N (stable while the strip lives). */
guint        md_session_get_strip_id    (MdSession   *self,
                                         guint        strip);

/* Values. PATH is an address of DESIGN §4, e.g. "/strip/2/fader" or
 * "/strip/2/fader/norm". Out-of-range values are clamped; with STRICT they
 * are refused with an error that states the range. */
gboolean     md_session_set             (MdSession   *self,
                                         const char  *path,
                                         double       value,
                                         gboolean     strict,
                                         GError     **error);
/* Parse "PATH=VALUE" as typed on the command line (--set), strict. */
gboolean     md_session_set_text        (MdSession   *self,
                                         const char  *assignment,
                                         GError     **error);
/* Set PATH from the text VALUE (numbers, -inf, on/off, enum names, names). */
gboolean     md_session_set_value_text  (MdSession   *self,
                                         const char  *path,
                                         const char  *value,
                                         gboolean     strict,
                                         GError     **error);
gboolean     md_session_get             (MdSession   *self,
                                         const char  *path,
                                         double      *value,
                                         GError     **error);
/* String parameters ("/strip/N/name", "/bus/N/name"). */
gboolean     md_session_set_string      (MdSession   *self,
                                         const char  *path,
                                         const char  *value,
                                         GError     **error);
const char  *md_session_get_string      (MdSession   *self,
                                         const char  *path,
                                         GError     **error);

/* Direct access by table entry, for the session file and views. INDEX is
 * the 1-based object number (0 for master/session), SUB the 1-based sub
 * index (0 when the family has none). */
gboolean     md_session_set_param       (MdSession         *self,
                                         const MdParamInfo *info,
                                         guint              index,
                                         guint              sub,
                                         double             value,
                                         gboolean           strict,
                                         GError           **error);
double       md_session_get_param       (MdSession         *self,
                                         const MdParamInfo *info,
                                         guint              index,
                                         guint              sub);
/* Store and announce a value the engine already has (automation
 * playback): like md_session_set_param, not strict, but nothing is sent
 * to the engine. Observers can tell with md_session_is_following. */
gboolean     md_session_follow_param    (MdSession         *self,
                                         const MdParamInfo *info,
                                         guint              index,
                                         guint              sub,
                                         double             value);
gboolean     md_session_is_following    (MdSession         *self);
/* How many sub indices of INFO exist now (sends: the number of buses). */
guint        md_session_get_n_sub       (MdSession         *self,
                                         const MdParamInfo *info);
/* How many objects of SCOPE exist now (1 for master and session). */
guint        md_session_get_n_objects   (MdSession         *self,
                                         MdScope            scope);

/* Engine. The session does not own the engine; detach before freeing it.
 * Attaching creates and presets every strip, commits the topology and
 * sends every bus, DCA, mute group, master and session value. */
gboolean     md_session_attach_engine   (MdSession   *self,
                                         MdEngine    *engine,
                                         GError     **error);
void         md_session_detach_engine   (MdSession   *self);
MdEngine    *md_session_get_engine      (MdSession   *self);
/* JACK connections kept with the session: our short port name ->
 * GPtrArray of foreign full port names. get returns the session's own
 * table (do not modify); set copies. */
GHashTable  *md_session_get_connections (MdSession   *self);
void         md_session_set_connections (MdSession   *self,
                                         GHashTable  *connections);

/* Fill TOPO from the current strips (input channels 2 id + c).
 * Returns the number of engine input channels. */
guint        md_session_build_topology  (MdSession   *self,
                                         MdTopology  *topo);

G_END_DECLS
