/* md-automation.h: automation lanes, modes and passes (the model side).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. A lane belongs to one automatable parameter of one
 * object (a strip by its engine id, so it follows the strip when strips
 * move; a bus, DCA or mute group by number; the master). Points are
 * (frame, value) on the JACK transport timeline, in the parameter's
 * natural units; switches (bool/enum) are discrete.
 *
 * Modes (the semantics established DAWs use):
 *   off    the lane is ignored;
 *   play   the control follows the lane while rolling (user moves are
 *          overridden: the model snaps back to the lane);
 *   write  while rolling every value is recorded (overwriting the played
 *          range); on stop the lane switches to touch;
 *   touch  plays until the control is touched (UI grab, OSC .../touch 1);
 *          then records from the current value until release, when the
 *          lane glides back to the existing curve (glide time, default
 *          50 ms); a switch touched stays written until stop;
 *   latch  like touch, but any change while rolling starts writing, and
 *          the last value is written until stop.
 * A pass ends on stop or on a locate while rolling; its points are thinned
 * (a point that the line through its neighbours reproduces within the
 * tolerance goes) and merged into the lane, and the pass is one step for
 * undo. Recording happens here, sampled every tick (~33 ms) while a
 * control is written, never in the process callback.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "md-engine.h"
#include "md-session.h"

G_BEGIN_DECLS

#define MD_AUTOMATION_ERROR (md_automation_error_quark ())

typedef enum
{
  MD_AUTOMATION_ERROR_NOT_AUTOMATABLE,
  MD_AUTOMATION_ERROR_NO_LANE,
  MD_AUTOMATION_ERROR_INVALID
} MdAutomationError;

typedef enum
{
  MD_AUTO_OFF,
  MD_AUTO_PLAY,
  MD_AUTO_WRITE,
  MD_AUTO_TOUCH,
  MD_AUTO_LATCH
} MdAutoMode;

#define MD_AUTOMATION_MAX_POINTS 1000000u   /* per lane */
#define MD_AUTOMATION_GLIDE_MS 50.0

typedef struct
{
  guint64 frame;
  double value;
} MdAutoPoint;

typedef struct _MdAutomation MdAutomation;

GQuark         md_automation_error_quark  (void);

/* The automation of SESSION (created on first use, lives with it). */
MdAutomation  *md_session_get_automation  (MdSession     *session);

const char    *md_auto_mode_name          (MdAutoMode     mode);
gboolean       md_auto_mode_parse         (const char    *text,
                                           MdAutoMode    *mode);

/* PATH: an automatable address ("/strip/2/fader"). Setting a mode other
 * than off creates the lane. */
gboolean       md_automation_set_mode     (MdAutomation  *self,
                                           const char    *path,
                                           MdAutoMode     mode,
                                           GError       **error);
MdAutoMode     md_automation_get_mode     (MdAutomation  *self,
                                           const char    *path);
/* Touch (UI grab, OSC .../touch 1) and release. */
gboolean       md_automation_touch        (MdAutomation  *self,
                                           const char    *path,
                                           gboolean       touching,
                                           GError       **error);
/* Paths of every lane (NULL-terminated). */
GStrv          md_automation_list         (MdAutomation  *self);
/* Points of the lane of PATH (a copy; NULL when there is none). */
GArray        *md_automation_get_points   (MdAutomation  *self,
                                           const char    *path);

/* The transport, from the live tick (or a synthetic one in tests): ends
 * passes on stop and locate, samples written controls, keeps controls in
 * play mode on their lanes. RATE: frames per second. */
void           md_automation_tick         (MdAutomation  *self,
                                           gboolean       rolling,
                                           guint64        frame,
                                           double         rate);
/* The wall clock used to timestamp control changes between ticks
 * (default g_get_monotonic_time; tests freeze it). */
void           md_automation_set_clock    (MdAutomation  *self,
                                           gint64       (*now_us) (void));
/* Thinning tolerance in the parameter's normalised range (default 0.002). */
void           md_automation_set_tolerance (MdAutomation *self,
                                            double        tolerance);
void           md_automation_set_glide_ms (MdAutomation  *self,
                                           double         glide_ms);

/* Editing (each call is one step): insert or replace the point at FRAME,
 * delete points in [FROM, TO], scale and offset values in [FROM, TO]
 * (v' = v * scale + offset, clamped), copy a lane to another parameter of
 * the same kind. */
gboolean       md_automation_insert_point (MdAutomation  *self,
                                           const char    *path,
                                           guint64        frame,
                                           double         value,
                                           GError       **error);
gboolean       md_automation_clear_range  (MdAutomation  *self,
                                           const char    *path,
                                           guint64        from,
                                           guint64        to,
                                           GError       **error);
gboolean       md_automation_scale_range  (MdAutomation  *self,
                                           const char    *path,
                                           guint64        from,
                                           guint64        to,
                                           double         scale,
                                           double         offset,
                                           GError       **error);
gboolean       md_automation_copy_lane    (MdAutomation  *self,
                                           const char    *from_path,
                                           const char    *to_path,
                                           GError       **error);
/* Replace every point of a lane (for undo and tests). */
gboolean       md_automation_set_points   (MdAutomation  *self,
                                           const char    *path,
                                           const MdAutoPoint *points,
                                           guint          n_points,
                                           GError       **error);

/* Engine: send the lane set now and after every change (NULL: detach). */
void           md_automation_attach_engine (MdAutomation *self,
                                            MdEngine     *engine);
/* A lane set of every lane that plays, for the engine (offline render). */
struct MdLaneSet *md_automation_build_lanes (MdAutomation *self);

/* Number of passes (steps) recorded so far, for tests and status. */
guint          md_automation_get_n_passes (MdAutomation  *self);

/* Make DST's lanes (points and modes) those of SRC, by path: what a
 * session loaded elsewhere brings into a running one (the window's Open,
 * New, Recover). Not an undo step; emits "content-changed". */
gboolean       md_automation_copy         (MdAutomation  *dst,
                                           MdAutomation  *src,
                                           GError       **error);

/* Session file: member MEMBER ("automation" in a strip/bus/dca/mgrp
 * object, "master_automation" at the top level for the master), written
 * only when the object has lanes. */
void           md_automation_write_json   (MdAutomation  *self,
                                           JsonBuilder   *builder,
                                           const char    *member,
                                           MdScope        scope,
                                           guint          index);
gboolean       md_automation_read_json    (MdAutomation  *self,
                                           JsonNode      *node,
                                           MdScope        scope,
                                           guint          index,
                                           const char    *where,
                                           GPtrArray     *warnings,
                                           GError       **error);

G_END_DECLS
