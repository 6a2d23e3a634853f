/* md-scenes-private.h: shared by md-scenes.c and md-scenes-file.c.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "md-scenes.h"

G_BEGIN_DECLS

/* A slot of a scope: its table entry, sub index and scene section. */
typedef struct
{
  const MdParamInfo *info;
  guint sub;
  guint section;
} SlotInfo;

typedef struct
{
  char *name;
  guint sections;
  GArray *strips;             /* guint, 1-based; NULL: all */
  GArray *buses;
  double fade_ms;
  guint n_strips, n_buses;
  double *strip_values;       /* n_strips * MD_SP_COUNT */
  double *bus_values;         /* n_buses * MD_BP_COUNT */
  double dca[MD_MAX_DCAS][MD_DP_COUNT];
  double mgrp[MD_MAX_MGRPS][MD_GP_COUNT];
  double master[MD_MP_COUNT];
} Scene;

typedef struct
{
  const MdParamInfo *info;
  guint index, sub;
  double from_norm, to_norm;
  double to;
} FadeOp;

typedef struct
{
  MdSession *session;         /* not owned: we are its data */
  GPtrArray *scenes;          /* Scene* */
  guint safe;                 /* sections safe everywhere */
  GHashTable *strip_safe;     /* strip id + 1 -> mask */
  guint bus_safe[MD_MAX_BUSES];
  MdSceneGuardFunc guard;
  gpointer guard_data;
  GDestroyNotify guard_destroy;
  gulong structure_id;

  /* a running fade */
  guint fade_source;
  gint64 fade_start_us;
  double fade_ms;
  GArray *fade_ops;           /* FadeOp: continuous, interpolated */
  GArray *end_ops;            /* FadeOp: discrete, set at the end */
} Scenes;

extern const guint md_scenes_scope_slots[MD_N_SCOPES];
extern GHashTable *md_scenes_key_table[MD_N_SCOPES];     /* key -> SlotInfo* */
extern const char *const md_scenes_section_names[];       /* by bit, NULL-terminated */

SlotInfo   *md_scenes_slot_table  (MdScope     scope);
/* The scenes of SELF, created on first use (the tables too). */
Scenes     *md_scenes_get         (MdSession  *self);
/* Values of object INDEX of SCOPE in SCENE (INDEX 0 for the master). */
double     *md_scenes_row         (Scene      *scene,
                                   MdScope     scope,
                                   guint       index);
guint       md_scenes_n_objects   (Scene      *scene,
                                   MdScope     scope);
/* N_STRIPS and N_BUSES rows, every value at the table default. */
void        md_scenes_resize      (Scene      *scene,
                                   guint       n_strips,
                                   guint       n_buses);
gboolean    md_scenes_check_name  (const char  *name,
                                   GError     **error);

G_END_DECLS
