/* md-scenes.h: scenes, named snapshots of the console inside the session.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. A scene holds every recallable value of every strip,
 * bus, DCA, mute group and the master at the moment it was saved. What a
 * recall changes is narrowed three ways:
 *
 *  - the scene's scope: which sections (MdSceneSections) and which strips
 *    and buses (by number, all by default);
 *  - recall-safes kept by the session, not by a scene: sections safe
 *    everywhere, and sections safe per strip and per bus (a strip's safes
 *    follow the strip when it moves);
 *  - automation: a control whose lane is in write, touch or latch mode is
 *    never overwritten (md-automation.h); a guard function may protect
 *    more.
 *
 * Solo, mono check, band solo, the delivery target, names, sources and
 * session-wide settings (pan law) are never part
 * of a scene. Strips and buses are addressed by position, as on a desk:
 * scene strip 3 is recalled onto the strip that is number 3 now; values of
 * strips or buses that no longer exist are skipped.
 *
 * A scene may have a fade time: continuous parameters (dB, Hz, pan, ...)
 * then move from their current value to the scene's value in steps of
 * MD_SCENE_FADE_STEP_MS along their taper (faders along the fader law);
 * switches, enums and integers change at the end. A new recall or a change
 * of the strip layout stops a running fade where it is. A recall is one
 * undo step (md-undo.h).
 *
 * Scenes are saved in the session file as "scenes" (array) and
 * "recall_safe" (object); see doc/session-format.md.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "md-session.h"

G_BEGIN_DECLS

#define MD_SCENE_ERROR (md_scene_error_quark ())

typedef enum
{
  MD_SCENE_ERROR_NOT_FOUND,   /* no scene of that name or number */
  MD_SCENE_ERROR_EXISTS,      /* rename: the new name is taken */
  MD_SCENE_ERROR_INVALID,     /* empty or too long name, bad number */
  MD_SCENE_ERROR_FULL         /* MD_SCENES_MAX scenes */
} MdSceneError;

#define MD_SCENES_MAX           1000
#define MD_SCENE_NAME_MAX       256     /* bytes */
#define MD_SCENE_FADE_MAX_MS    60000.0
#define MD_SCENE_FADE_STEP_MS   33      /* ~30 Hz */

typedef enum
{
  MD_SCENE_INPUT    = 1 << 0,   /* trim, polarity, delay, high/low-pass */
  MD_SCENE_EQ       = 1 << 1,
  MD_SCENE_DYNAMICS = 1 << 2,   /* gate, compressor */
  MD_SCENE_FADER    = 1 << 3,   /* faders and mutes (also DCAs, mute groups, master) */
  MD_SCENE_PAN      = 1 << 4,   /* pan/balance, width */
  MD_SCENE_SENDS    = 1 << 5,   /* send level, pre, on */
  MD_SCENE_ROUTING  = 1 << 6,   /* route, bus to master, DCA and mute group membership */
  MD_SCENE_ALL      = (1 << 7) - 1
} MdSceneSections;

/* Return TRUE to keep the parameter as it is (e.g. automation in Write or
 * Touch). INDEX and SUB as in md_session_set_param(). */
typedef gboolean (*MdSceneGuardFunc) (MdSession         *session,
                                      const MdParamInfo *info,
                                      guint              index,
                                      guint              sub,
                                      gpointer           user_data);

GQuark       md_scene_error_quark            (void);

/* "input", "eq", "dynamics", "fader", "pan", "sends", "routing". */
const char  *md_scene_section_name           (MdSceneSections  section);
/* "eq,dynamics", "all", "none" or "" -> a mask. */
gboolean     md_scene_sections_parse         (const char      *text,
                                              guint           *sections,
                                              GError         **error);
/* The section a parameter belongs to, 0 for none (solo, session scope). */
guint        md_scene_section_of             (const MdParamInfo *info);

/* NAME_OR_INDEX: a scene name, or its 1-based number written in decimal
 * ("3"); a name that is a number is found by its number first. */

/* Store the console in scene NAME: replaces the values of an existing
 * scene (its scope and fade stay), else appends a new scene with all
 * sections, all strips and buses, no fade. */
gboolean     md_session_scene_save           (MdSession    *self,
                                              const char   *name,
                                              GError      **error);
/* Recall with the scene's fade time (returns at once; the fade runs in
 * the main loop). */
gboolean     md_session_scene_recall         (MdSession    *self,
                                              const char   *name_or_index,
                                              GError      **error);
/* Recall without a fade: every value is set before this returns (CLI
 * `mixdesk render SESSION --scene NAME`). */
gboolean     md_session_scene_recall_now     (MdSession    *self,
                                              const char   *name_or_index,
                                              GError      **error);
/* Names in order (NULL-terminated, never NULL). */
GStrv        md_session_scene_list           (MdSession    *self);
guint        md_session_scene_get_n_scenes   (MdSession    *self);
/* 1-based number of a scene, 0 when there is none. */
guint        md_session_scene_find           (MdSession    *self,
                                              const char   *name_or_index);
gboolean     md_session_scene_rename         (MdSession    *self,
                                              const char   *name_or_index,
                                              const char   *new_name,
                                              GError      **error);
gboolean     md_session_scene_delete         (MdSession    *self,
                                              const char   *name_or_index,
                                              GError      **error);
/* Move a scene to position TO (1-based). */
gboolean     md_session_scene_move           (MdSession    *self,
                                              const char   *name_or_index,
                                              guint         to,
                                              GError      **error);

/* Scope: SECTIONS (MdSceneSections), strips and buses by number; a NULL
 * array means all of them. */
gboolean     md_session_scene_set_scope      (MdSession    *self,
                                              const char   *name_or_index,
                                              guint         sections,
                                              const guint  *strips,
                                              guint         n_strips,
                                              const guint  *buses,
                                              guint         n_buses,
                                              GError      **error);
/* *STRIPS and *BUSES (may be NULL) receive new arrays of guint, or NULL
 * for all. */
gboolean     md_session_scene_get_scope      (MdSession    *self,
                                              const char   *name_or_index,
                                              guint        *sections,
                                              GArray      **strips,
                                              GArray      **buses,
                                              GError      **error);
gboolean     md_session_scene_set_fade       (MdSession    *self,
                                              const char   *name_or_index,
                                              double        fade_ms,
                                              GError      **error);
double       md_session_scene_get_fade       (MdSession    *self,
                                              const char   *name_or_index);
/* Whether a faded recall is running. */
gboolean     md_session_scene_is_fading      (MdSession    *self);
/* Stop a running fade where it is. */
void         md_session_scene_stop_fade      (MdSession    *self);

/* Recall-safes (MdSceneSections masks). Strip and bus by number. */
void         md_session_scene_set_safe       (MdSession    *self,
                                              guint         sections);
guint        md_session_scene_get_safe       (MdSession    *self);
gboolean     md_session_scene_set_strip_safe (MdSession    *self,
                                              guint         strip,
                                              guint         sections,
                                              GError      **error);
guint        md_session_scene_get_strip_safe (MdSession    *self,
                                              guint         strip);
gboolean     md_session_scene_set_bus_safe   (MdSession    *self,
                                              guint         bus,
                                              guint         sections,
                                              GError      **error);
guint        md_session_scene_get_bus_safe   (MdSession    *self,
                                              guint         bus);

void         md_session_scene_set_guard      (MdSession        *self,
                                              MdSceneGuardFunc  func,
                                              gpointer          user_data,
                                              GDestroyNotify    destroy);

/* Make DST's scenes and recall-safes those of SRC (whole strips' safes
 * by position): what a session loaded elsewhere brings into a running
 * one (the window's Open, New, Recover). Emits "content-changed". */
gboolean     md_scenes_copy                  (MdSession    *dst,
                                              MdSession    *src,
                                              GError      **error);

/* The session file (md-session-file.c). */
void         md_scenes_write_json            (MdSession    *self,
                                              JsonBuilder  *builder);
gboolean     md_scenes_read_json             (MdSession    *self,
                                              JsonObject   *root,
                                              GPtrArray    *warnings,
                                              GError      **error);

G_END_DECLS
