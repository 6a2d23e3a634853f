/* md-params.h: the parameter table, single source of truth for every
 * controllable value (engine slots, session keys, OSC addresses, --set,
 * automation lanes, UI ranges, `mixdesk osc-spec`).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is plain C11, RT-safe unless said otherwise (no
 * allocation, no I/O); the table itself is constant data.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Structural limits. Indices in addresses are 1-based. */
#define MD_MAX_STRIPS 512
#define MD_MAX_BUSES  16
#define MD_MAX_DCAS   8
#define MD_MAX_MGRPS  8

/* Faders: at or below this level the gain is exactly zero (-inf dB). */
#define MD_FADER_MIN_DB (-90.0)
#define MD_FADER_MAX_DB (10.0)

typedef enum
{
  MD_SCOPE_SESSION,   /* /session/...            (no index) */
  MD_SCOPE_STRIP,     /* /strip/N/...            */
  MD_SCOPE_BUS,       /* /bus/N/...              */
  MD_SCOPE_DCA,       /* /dca/N/...              */
  MD_SCOPE_MGRP,      /* /mgrp/N/...  mute groups */
  MD_SCOPE_MASTER,    /* /master/...             (no index) */
  MD_N_SCOPES
} MdScope;

typedef enum
{
  MD_KIND_FLOAT,
  MD_KIND_BOOL,
  MD_KIND_INT,
  MD_KIND_ENUM,
  MD_KIND_STRING     /* names: kept by the session, no engine slot */
} MdKind;

typedef enum
{
  MD_TAPER_LINEAR,   /* norm = (v - min) / (max - min) */
  MD_TAPER_FADER,    /* console fader law, 0 = -inf, 0.75 = 0 dB */
  MD_TAPER_LOG       /* log-frequency: norm = log(v/min) / log(max/min) */
} MdTaper;

/* The channel processing block (filters, EQ, gate, compressor): one set of
 * offsets shared by strips (MD_SP_DSP + offset) and buses (MD_BP_DSP +
 * offset; buses use the EQ and the compressor). */
typedef enum
{
  MD_DSP_HPF_ON,
  MD_DSP_HPF_FREQ,
  MD_DSP_HPF_SLOPE,          /* 0: 12 dB/oct, 1: 24 dB/oct */
  MD_DSP_LPF_ON,
  MD_DSP_LPF_FREQ,
  MD_DSP_LPF_SLOPE,
  MD_DSP_EQ_ON,
  MD_DSP_EQ_BAND_ON,
  MD_DSP_EQ_FREQ = MD_DSP_EQ_BAND_ON + 4,
  MD_DSP_EQ_GAIN = MD_DSP_EQ_FREQ + 4,
  MD_DSP_EQ_Q = MD_DSP_EQ_GAIN + 4,
  MD_DSP_EQ_1_SHELF = MD_DSP_EQ_Q + 4,
  MD_DSP_EQ_4_SHELF,
  MD_DSP_GATE_ON,
  MD_DSP_GATE_THRESHOLD,
  MD_DSP_GATE_RANGE,
  MD_DSP_GATE_ATTACK,
  MD_DSP_GATE_HOLD,
  MD_DSP_GATE_RELEASE,
  MD_DSP_GATE_SC_ON,
  MD_DSP_GATE_SC_FREQ,
  MD_DSP_COMP_ON,
  MD_DSP_COMP_THRESHOLD,
  MD_DSP_COMP_RATIO,
  MD_DSP_COMP_KNEE,
  MD_DSP_COMP_ATTACK,
  MD_DSP_COMP_RELEASE,
  MD_DSP_COMP_MAKEUP,
  MD_DSP_COMP_AUTOMAKEUP,
  MD_DSP_COMP_DETECT,        /* 0: peak, 1: RMS */
  MD_DSP_COMP_SC_ON,
  MD_DSP_COMP_SC_FREQ,
  MD_DSP_COUNT
} MdDspSlot;

/* Engine slots, one enum per scope. A family with a sub index (send B,
 * DCA D, ...) occupies n consecutive slots. */
typedef enum
{
  MD_SP_TRIM,
  MD_SP_POLARITY,
  MD_SP_DELAY,
  MD_SP_FADER,
  MD_SP_MUTE,
  MD_SP_SOLO,
  MD_SP_PAN,
  MD_SP_WIDTH,
  MD_SP_ROUTE,
  MD_SP_SEND_LEVEL,
  MD_SP_SEND_PRE = MD_SP_SEND_LEVEL + MD_MAX_BUSES,
  MD_SP_SEND_ON = MD_SP_SEND_PRE + MD_MAX_BUSES,
  MD_SP_DCA = MD_SP_SEND_ON + MD_MAX_BUSES,
  MD_SP_MGRP = MD_SP_DCA + MD_MAX_DCAS,
  MD_SP_DIRECT = MD_SP_MGRP + MD_MAX_MGRPS,   /* direct output (post-fader) */
  MD_SP_DSP,
  MD_SP_COUNT = MD_SP_DSP + MD_DSP_COUNT
} MdStripSlot;

typedef enum
{
  MD_BP_FADER,
  MD_BP_MUTE,
  MD_BP_PAN,
  MD_BP_MASTER,      /* bus feeds the master */
  MD_BP_DSP,
  MD_BP_COUNT = MD_BP_DSP + MD_DSP_COUNT
} MdBusSlot;

typedef enum
{
  MD_DP_FADER,
  MD_DP_MUTE,
  MD_DP_COUNT
} MdDcaSlot;

typedef enum
{
  MD_GP_MUTE,
  MD_GP_COUNT
} MdMgrpSlot;

typedef enum
{
  MD_MP_FADER,
  MD_MP_MUTE,
  MD_MP_TARGET,      /* delivery target shown by the loudness meter (0: none) */
  MD_MP_MB_ON,       /* 3-band multiband compressor */
  MD_MP_MB_XOVER,    /* 2 crossover frequencies */
  MD_MP_MB_THRESHOLD = MD_MP_MB_XOVER + 2,
  MD_MP_MB_RATIO = MD_MP_MB_THRESHOLD + 3,
  MD_MP_MB_ATTACK = MD_MP_MB_RATIO + 3,
  MD_MP_MB_RELEASE = MD_MP_MB_ATTACK + 3,
  MD_MP_MB_GAIN = MD_MP_MB_RELEASE + 3,
  MD_MP_MB_SOLO = MD_MP_MB_GAIN + 3,
  MD_MP_MB_BYPASS = MD_MP_MB_SOLO + 3,
  MD_MP_WIDTH = MD_MP_MB_BYPASS + 3,
  MD_MP_MONO,
  MD_MP_LIM_ON,
  MD_MP_LIM_CEILING,
  MD_MP_LIM_RELEASE,
  MD_MP_LIM_LOOKAHEAD,
  MD_MP_DSP,         /* master EQ: high-pass + 4 bands (the channel block) */
  MD_MP_COUNT = MD_MP_DSP + MD_DSP_COUNT
} MdMasterSlot;

typedef enum
{
  MD_XP_PANLAW,      /* 0: 0 dB, 1: -3 dB, 2: -4.5 dB, 3: -6 dB */
  MD_XP_FILES_LOOP,  /* live file sources loop */
  MD_XP_FILES_FOLLOW,/* live file sources follow the JACK transport */
  MD_XP_SOLO_MODE,   /* 0: solo in place, 1: AFL, 2: PFL (to the monitor outputs) */
  MD_XP_COUNT
} MdSessionSlot;

typedef enum
{
  MD_SOLO_SIP,
  MD_SOLO_AFL,
  MD_SOLO_PFL
} MdSoloMode;

typedef enum
{
  MD_PANLAW_0DB,
  MD_PANLAW_3DB,
  MD_PANLAW_4_5DB,
  MD_PANLAW_6DB
} MdPanLaw;

#define MD_NO_SLOT 0xffffu

typedef struct
{
  MdScope scope;
  const char *name;          /* below the scope; '#' marks a sub index */
  unsigned slot;             /* engine slot of sub index 1 (MD_NO_SLOT for strings) */
  unsigned n_sub;            /* 0, or how many sub indices '#' takes (1..n_sub) */
  const char *label;
  const char *unit;          /* "dB", "Hz", "ms", "" */
  double min, max, def;
  MdTaper taper;
  MdKind kind;
  bool automatable;
  const char *const *enum_names;   /* NULL-terminated, MD_KIND_ENUM only */
  const char *doc;
} MdParamInfo;

typedef struct
{
  const MdParamInfo *info;
  unsigned index;            /* 1-based object number; 0 for master/session */
  unsigned sub;              /* 1-based sub index; 0 when the family has none */
  unsigned slot;             /* engine slot: info->slot + sub - 1 */
  bool norm;                 /* the path ended in "/norm" */
} MdParamAddr;

typedef enum
{
  MD_PARAM_OK = 0,
  MD_PARAM_UNKNOWN,          /* no such path */
  MD_PARAM_BAD_INDEX,        /* index or sub index outside the limits */
  MD_PARAM_BAD_VALUE,        /* value text not understood */
  MD_PARAM_NO_NORM           /* /norm on a non-float parameter */
} MdParamStatus;

size_t               md_params_count       (void);
const MdParamInfo   *md_params_get         (size_t i);
const MdParamInfo   *md_params_find_slot   (MdScope scope, unsigned slot);
const MdParamInfo   *md_params_find_name   (MdScope scope, const char *name);
const char          *md_scope_name         (MdScope scope);
/* Highest 1-based index of a scope (0 for master and session). */
unsigned             md_scope_max_index    (MdScope scope);

/* Parse "/strip/3/send/2/level" (or ".../norm"). Checks indices against
 * the MD_MAX_* limits only; the session checks them against its contents. */
MdParamStatus        md_param_parse        (const char *path, MdParamAddr *out);
/* Write the canonical path of ADDR (without /norm). Returns the length, or
 * -1 when it does not fit. */
int                  md_param_format       (const MdParamAddr *addr, char *buf, size_t size);
/* Key of a parameter inside its object ("send/2/level"). */
int                  md_param_key          (const MdParamInfo *info, unsigned sub, char *buf, size_t size);

/* Clamp to [min, max]; round ints, enums and bools; NaN becomes the default. */
double               md_param_clamp        (const MdParamInfo *info, double value);
bool                 md_param_in_range     (const MdParamInfo *info, double value);
double               md_param_to_norm      (const MdParamInfo *info, double value);
double               md_param_from_norm    (const MdParamInfo *info, double norm);
/* Parse a value as typed by a user: numbers, "-inf", on/off/true/false/yes/no,
 * enum names. Does not clamp. */
MdParamStatus        md_param_parse_value  (const MdParamInfo *info, const char *text, double *out);
int                  md_param_format_value (const MdParamInfo *info, double value, char *buf, size_t size);

/* Gain helpers (RT-safe). md_db_to_gain: 10^(dB/20). md_fader_to_gain: as
 * md_db_to_gain but 0 at or below MD_FADER_MIN_DB. */
double               md_db_to_gain         (double db);
double               md_gain_to_db         (double gain);
double               md_fader_to_gain      (double db);

/* Pan gains for a mono source, pan in [-1, 1]. */
void                 md_pan_gains          (MdPanLaw law, double pan, double *gain_l, double *gain_r);
/* Balance gains for a stereo source: unity at centre, the far side
 * attenuated linearly. */
void                 md_balance_gains      (double pan, double *gain_l, double *gain_r);
