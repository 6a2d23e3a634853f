/* md-params.c: the parameter table and its helpers.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "md-params.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const panlaw_names[] = { "0", "-3", "-4.5", "-6", NULL };

#define F(scope, name, slot, nsub, label, unit, min, max, def, taper, autom, doc) \
  { scope, name, slot, nsub, label, unit, min, max, def, taper, MD_KIND_FLOAT, autom, NULL, doc }
#define B(scope, name, slot, nsub, label, def, autom, doc) \
  { scope, name, slot, nsub, label, "", 0, 1, def, MD_TAPER_LINEAR, MD_KIND_BOOL, autom, NULL, doc }
#define I(scope, name, slot, nsub, label, min, max, def, doc) \
  { scope, name, slot, nsub, label, "", min, max, def, MD_TAPER_LINEAR, MD_KIND_INT, false, NULL, doc }
#define S(scope, name, label, doc) \
  { scope, name, MD_NO_SLOT, 0, label, "", 0, 0, 0, MD_TAPER_LINEAR, MD_KIND_STRING, false, NULL, doc }

static const char *const slope_names[] = { "12", "24", NULL };
static const char *const solo_names[] = { "sip", "afl", "pfl", NULL };
/* the delivery targets of md-deliver (tests/test-loudness-live checks they match) */
static const char *const target_names[] = { "none", "ebu-r128", "ebu-r128-s1", "atsc-a85",
                                            "streaming", "apple", "aes-td1008", NULL };
static const char *const detect_names[] = { "peak", "rms", NULL };

#define E(scope, name, slot, label, unit, max, def, names, doc) \
  { scope, name, slot, 0, label, unit, 0, max, def, MD_TAPER_LINEAR, MD_KIND_ENUM, false, names, doc }

/* the channel processing block, for strips (filters, EQ, gate,
 * compressor) and buses (EQ, compressor) */
#define DSP_HPF(sc, b, def_hz) \
  B (sc, "hpf/on", b + MD_DSP_HPF_ON, 0, "High-pass on", 0, true, "Switch the high-pass filter in"), \
  F (sc, "hpf/freq", b + MD_DSP_HPF_FREQ, 0, "High-pass frequency", "Hz", 10, 2000, def_hz, MD_TAPER_LOG, true, \
     "Butterworth high-pass cutoff (-3 dB)"), \
  E (sc, "hpf/slope", b + MD_DSP_HPF_SLOPE, "High-pass slope", "dB/oct", 1, 0, slope_names, \
     "12 or 24 dB per octave")

#define DSP_FILTERS(sc, b) \
  DSP_HPF (sc, b, 80), \
  B (sc, "lpf/on", b + MD_DSP_LPF_ON, 0, "Low-pass on", 0, true, "Switch the low-pass filter in"), \
  F (sc, "lpf/freq", b + MD_DSP_LPF_FREQ, 0, "Low-pass frequency", "Hz", 200, 22000, 18000, MD_TAPER_LOG, true, \
     "Butterworth low-pass cutoff (-3 dB)"), \
  E (sc, "lpf/slope", b + MD_DSP_LPF_SLOPE, "Low-pass slope", "dB/oct", 1, 0, slope_names, \
     "12 or 24 dB per octave")

#define DSP_EQ(sc, b) \
  B (sc, "eq/on", b + MD_DSP_EQ_ON, 0, "EQ on", 0, true, "Switch the 4-band EQ in"), \
  B (sc, "eq/#/on", b + MD_DSP_EQ_BAND_ON, 4, "EQ band on", 1, true, "Switch band B in"), \
  F (sc, "eq/1/freq", b + MD_DSP_EQ_FREQ + 0, 0, "EQ 1 frequency", "Hz", 20, 20000, 100, MD_TAPER_LOG, true, \
     "Band 1 (low shelf, or peaking) frequency"), \
  F (sc, "eq/2/freq", b + MD_DSP_EQ_FREQ + 1, 0, "EQ 2 frequency", "Hz", 20, 20000, 400, MD_TAPER_LOG, true, \
     "Band 2 (peaking) frequency"), \
  F (sc, "eq/3/freq", b + MD_DSP_EQ_FREQ + 2, 0, "EQ 3 frequency", "Hz", 20, 20000, 2500, MD_TAPER_LOG, true, \
     "Band 3 (peaking) frequency"), \
  F (sc, "eq/4/freq", b + MD_DSP_EQ_FREQ + 3, 0, "EQ 4 frequency", "Hz", 20, 20000, 8000, MD_TAPER_LOG, true, \
     "Band 4 (high shelf, or peaking) frequency"), \
  F (sc, "eq/#/gain", b + MD_DSP_EQ_GAIN, 4, "EQ gain", "dB", -24, 24, 0, MD_TAPER_LINEAR, true, \
     "Gain of band B"), \
  F (sc, "eq/#/q", b + MD_DSP_EQ_Q, 4, "EQ Q", "", 0.1, 20, 0.707, MD_TAPER_LOG, true, \
     "Q of band B as in the RBJ Audio EQ Cookbook"), \
  B (sc, "eq/1/shelf", b + MD_DSP_EQ_1_SHELF, 0, "EQ 1 shelf", 1, false, "Band 1 is a low shelf (off: peaking)"), \
  B (sc, "eq/4/shelf", b + MD_DSP_EQ_4_SHELF, 0, "EQ 4 shelf", 1, false, "Band 4 is a high shelf (off: peaking)")

#define DSP_GATE(sc, b) \
  B (sc, "gate/on", b + MD_DSP_GATE_ON, 0, "Gate on", 0, true, "Switch the gate/expander in"), \
  F (sc, "gate/threshold", b + MD_DSP_GATE_THRESHOLD, 0, "Gate threshold", "dB", -90, 0, -50, MD_TAPER_LINEAR, true, \
     "Opens above this peak level; closes 3 dB below it (hysteresis)"), \
  F (sc, "gate/range", b + MD_DSP_GATE_RANGE, 0, "Gate range", "dB", 0, 90, 40, MD_TAPER_LINEAR, true, \
     "Attenuation while closed"), \
  F (sc, "gate/attack", b + MD_DSP_GATE_ATTACK, 0, "Gate attack", "ms", 0.05, 100, 0.5, MD_TAPER_LOG, true, \
     "Time to open fully"), \
  F (sc, "gate/hold", b + MD_DSP_GATE_HOLD, 0, "Gate hold", "ms", 0, 2000, 50, MD_TAPER_LINEAR, true, \
     "Time the gate stays open after the signal falls below the close threshold"), \
  F (sc, "gate/release", b + MD_DSP_GATE_RELEASE, 0, "Gate release", "ms", 5, 4000, 150, MD_TAPER_LOG, true, \
     "Time to close fully after the hold"), \
  B (sc, "gate/sc/on", b + MD_DSP_GATE_SC_ON, 0, "Gate key high-pass on", 0, false, \
     "High-pass the gate's detector (sidechain)"), \
  F (sc, "gate/sc/freq", b + MD_DSP_GATE_SC_FREQ, 0, "Gate key high-pass", "Hz", 20, 2000, 120, MD_TAPER_LOG, true, \
     "Sidechain high-pass frequency")

#define DSP_COMP(sc, b) \
  B (sc, "comp/on", b + MD_DSP_COMP_ON, 0, "Compressor on", 0, true, "Switch the compressor in"), \
  F (sc, "comp/threshold", b + MD_DSP_COMP_THRESHOLD, 0, "Compressor threshold", "dB", -60, 0, -18, MD_TAPER_LINEAR, true, \
     "Level above which the gain is reduced"), \
  F (sc, "comp/ratio", b + MD_DSP_COMP_RATIO, 0, "Compressor ratio", ":1", 1, 100, 3, MD_TAPER_LOG, true, \
     "Ratio; 100 means infinity (limiting)"), \
  F (sc, "comp/knee", b + MD_DSP_COMP_KNEE, 0, "Compressor knee", "dB", 0, 24, 6, MD_TAPER_LINEAR, true, \
     "Width of the soft knee (quadratic, Giannoulis/Massberg/Reiss)"), \
  F (sc, "comp/attack", b + MD_DSP_COMP_ATTACK, 0, "Compressor attack", "ms", 0.05, 300, 10, MD_TAPER_LOG, true, \
     "Attack time constant"), \
  F (sc, "comp/release", b + MD_DSP_COMP_RELEASE, 0, "Compressor release", "ms", 5, 5000, 150, MD_TAPER_LOG, true, \
     "Release time constant"), \
  F (sc, "comp/makeup", b + MD_DSP_COMP_MAKEUP, 0, "Makeup gain", "dB", -24, 24, 0, MD_TAPER_LINEAR, true, \
     "Gain after the compressor"), \
  B (sc, "comp/automakeup", b + MD_DSP_COMP_AUTOMAKEUP, 0, "Auto makeup", 0, false, \
     "Add the static gain reduction at 0 dBFS back as makeup"), \
  E (sc, "comp/detect", b + MD_DSP_COMP_DETECT, "Detector", "", 1, 0, detect_names, "peak or rms (10 ms)"), \
  B (sc, "comp/sc/on", b + MD_DSP_COMP_SC_ON, 0, "Compressor key high-pass on", 0, false, \
     "High-pass the compressor's detector (sidechain)"), \
  F (sc, "comp/sc/freq", b + MD_DSP_COMP_SC_FREQ, 0, "Compressor key high-pass", "Hz", 20, 2000, 80, MD_TAPER_LOG, true, \
     "Sidechain high-pass frequency")

static const MdParamInfo params[] = {
  /* session */
  { MD_SCOPE_SESSION, "panlaw", MD_XP_PANLAW, 0, "Pan law", "dB", 0, 3, MD_PANLAW_3DB,
    MD_TAPER_LINEAR, MD_KIND_ENUM, false, panlaw_names,
    "Centre attenuation of mono pans: 0, -3 (constant power, default), -4.5 or -6 dB" },
  { MD_SCOPE_SESSION, "solo", MD_XP_SOLO_MODE, 0, "Solo mode", "", 0, 2, MD_SOLO_SIP,
    MD_TAPER_LINEAR, MD_KIND_ENUM, false, solo_names,
    "sip: soloing cuts every other strip from the mix (solo in place); afl / pfl: the mix is "
    "untouched and soloed strips go to the monitor outputs after / before their fader" },
  B (MD_SCOPE_SESSION, "files/loop", MD_XP_FILES_LOOP, 0, "Loop file sources", 0, false,
     "Live mode: strips fed from sound files start over at the end"),
  B (MD_SCOPE_SESSION, "files/transport", MD_XP_FILES_FOLLOW, 0, "File sources follow transport", 1, false,
     "Live mode: file sources play at the JACK transport position (silent while stopped); "
     "off: they play from the start as soon as mixdesk runs"),

  /* strips */
  S (MD_SCOPE_STRIP, "name", "Name", "Strip name (also names its JACK ports)"),
  F (MD_SCOPE_STRIP, "trim", MD_SP_TRIM, 0, "Trim", "dB", -20, 20, 0, MD_TAPER_LINEAR, true,
     "Input gain before everything else"),
  B (MD_SCOPE_STRIP, "polarity", MD_SP_POLARITY, 0, "Polarity invert", 0, true,
     "Invert the polarity of the input"),
  F (MD_SCOPE_STRIP, "delay", MD_SP_DELAY, 0, "Delay", "ms", 0, 250, 0, MD_TAPER_LINEAR, false,
     "Alignment delay, rounded to whole samples"),
  F (MD_SCOPE_STRIP, "fader", MD_SP_FADER, 0, "Fader", "dB", MD_FADER_MIN_DB, MD_FADER_MAX_DB, 0,
     MD_TAPER_FADER, true, "Fader level; -90 dB is -inf (silence)"),
  B (MD_SCOPE_STRIP, "mute", MD_SP_MUTE, 0, "Mute", 0, true,
     "Mute the strip's outputs and sends"),
  B (MD_SCOPE_STRIP, "solo", MD_SP_SOLO, 0, "Solo", 0, true,
     "Solo in place: while any strip is soloed, unsoloed strips are cut from the mix"),
  F (MD_SCOPE_STRIP, "pan", MD_SP_PAN, 0, "Pan", "", -1, 1, 0, MD_TAPER_LINEAR, true,
     "Pan (mono strips, by the session's pan law) or balance (stereo strips), -1 left .. +1 right"),
  F (MD_SCOPE_STRIP, "width", MD_SP_WIDTH, 0, "Width", "", 0, 2, 1, MD_TAPER_LINEAR, true,
     "Stereo width of stereo strips: 0 mono, 1 unchanged, 2 double side signal"),
  I (MD_SCOPE_STRIP, "route", MD_SP_ROUTE, 0, "Route", 0, MD_MAX_BUSES, 0,
     "Main output: 0 the master, B group bus B"),
  F (MD_SCOPE_STRIP, "send/#/level", MD_SP_SEND_LEVEL, MD_MAX_BUSES, "Send level", "dB",
     MD_FADER_MIN_DB, MD_FADER_MAX_DB, MD_FADER_MIN_DB, MD_TAPER_FADER, true,
     "Level of the send to bus B; -90 dB is -inf"),
  B (MD_SCOPE_STRIP, "send/#/pre", MD_SP_SEND_PRE, MD_MAX_BUSES, "Send pre-fader", 0, false,
     "Tap the send before the fader (monitor mixes) instead of after it"),
  B (MD_SCOPE_STRIP, "send/#/on", MD_SP_SEND_ON, MD_MAX_BUSES, "Send on", 1, true,
     "Switch the send to bus B on or off"),
  B (MD_SCOPE_STRIP, "dca/#", MD_SP_DCA, MD_MAX_DCAS, "DCA member", 0, false,
     "The strip is controlled by DCA D"),
  B (MD_SCOPE_STRIP, "mgrp/#", MD_SP_MGRP, MD_MAX_MGRPS, "Mute group member", 0, false,
     "The strip is muted by mute group G"),
  B (MD_SCOPE_STRIP, "direct", MD_SP_DIRECT, 0, "Direct output", 0, false,
     "A JACK output of the strip's own signal, after fader and mute, before pan"),
  DSP_FILTERS (MD_SCOPE_STRIP, MD_SP_DSP),
  DSP_EQ (MD_SCOPE_STRIP, MD_SP_DSP),
  DSP_GATE (MD_SCOPE_STRIP, MD_SP_DSP),
  DSP_COMP (MD_SCOPE_STRIP, MD_SP_DSP),

  /* buses */
  S (MD_SCOPE_BUS, "name", "Name", "Bus name"),
  F (MD_SCOPE_BUS, "fader", MD_BP_FADER, 0, "Fader", "dB", MD_FADER_MIN_DB, MD_FADER_MAX_DB, 0,
     MD_TAPER_FADER, true, "Bus fader; -90 dB is -inf"),
  B (MD_SCOPE_BUS, "mute", MD_BP_MUTE, 0, "Mute", 0, true, "Mute the bus"),
  F (MD_SCOPE_BUS, "pan", MD_BP_PAN, 0, "Balance", "", -1, 1, 0, MD_TAPER_LINEAR, true,
     "Balance of the stereo bus"),
  B (MD_SCOPE_BUS, "master", MD_BP_MASTER, 0, "To master", 1, false,
     "The bus feeds the master (switch off for monitor mixes)"),
  DSP_EQ (MD_SCOPE_BUS, MD_BP_DSP),
  DSP_COMP (MD_SCOPE_BUS, MD_BP_DSP),

  /* DCAs */
  F (MD_SCOPE_DCA, "fader", MD_DP_FADER, 0, "DCA fader", "dB", MD_FADER_MIN_DB, MD_FADER_MAX_DB, 0,
     MD_TAPER_FADER, true, "Added to the fader of every member strip; -90 dB is -inf"),
  B (MD_SCOPE_DCA, "mute", MD_DP_MUTE, 0, "DCA mute", 0, true, "Mutes every member strip"),

  /* mute groups */
  B (MD_SCOPE_MGRP, "mute", MD_GP_MUTE, 0, "Mute group", 0, true, "Mutes every member strip"),

  /* master */
  F (MD_SCOPE_MASTER, "fader", MD_MP_FADER, 0, "Master fader", "dB", MD_FADER_MIN_DB, 0, 0,
     MD_TAPER_FADER, true, "Master level, trims down only; -90 dB is -inf"),
  B (MD_SCOPE_MASTER, "mute", MD_MP_MUTE, 0, "Master mute", 0, true, "Mute the master output"),
  E (MD_SCOPE_MASTER, "target", MD_MP_TARGET, "Delivery target", "", 6, 0, target_names,
     "Loudness target the meters judge live: none, ebu-r128, ebu-r128-s1, atsc-a85, streaming, "
     "apple, aes-td1008"),
  /* master chain: EQ -> multiband -> width -> true-peak limiter -> fader */
  DSP_HPF (MD_SCOPE_MASTER, MD_MP_DSP, 25),
  DSP_EQ (MD_SCOPE_MASTER, MD_MP_DSP),
  B (MD_SCOPE_MASTER, "mb/on", MD_MP_MB_ON, 0, "Multiband on", 0, true,
     "Switch the 3-band compressor in (Linkwitz-Riley crossovers, bands sum flat)"),
  F (MD_SCOPE_MASTER, "mb/xover/1", MD_MP_MB_XOVER + 0, 0, "Crossover low/mid", "Hz", 40, 1000, 200,
     MD_TAPER_LOG, true, "Between the low and mid bands"),
  F (MD_SCOPE_MASTER, "mb/xover/2", MD_MP_MB_XOVER + 1, 0, "Crossover mid/high", "Hz", 1000, 16000, 3000,
     MD_TAPER_LOG, true, "Between the mid and high bands"),
  F (MD_SCOPE_MASTER, "mb/#/threshold", MD_MP_MB_THRESHOLD, 3, "Band threshold", "dB", -60, 0, -12,
     MD_TAPER_LINEAR, true, "Threshold of band K (1 low, 2 mid, 3 high)"),
  F (MD_SCOPE_MASTER, "mb/#/ratio", MD_MP_MB_RATIO, 3, "Band ratio", ":1", 1, 20, 2, MD_TAPER_LOG, true,
     "Ratio of band K"),
  F (MD_SCOPE_MASTER, "mb/#/attack", MD_MP_MB_ATTACK, 3, "Band attack", "ms", 0.1, 200, 20, MD_TAPER_LOG,
     true, "Attack of band K"),
  F (MD_SCOPE_MASTER, "mb/#/release", MD_MP_MB_RELEASE, 3, "Band release", "ms", 10, 3000, 250,
     MD_TAPER_LOG, true, "Release of band K"),
  F (MD_SCOPE_MASTER, "mb/#/gain", MD_MP_MB_GAIN, 3, "Band gain", "dB", -12, 12, 0, MD_TAPER_LINEAR,
     true, "Makeup gain of band K"),
  B (MD_SCOPE_MASTER, "mb/#/solo", MD_MP_MB_SOLO, 3, "Band solo", 0, false, "Listen to band K alone"),
  B (MD_SCOPE_MASTER, "mb/#/bypass", MD_MP_MB_BYPASS, 3, "Band bypass", 0, true,
     "Band K passes uncompressed"),
  F (MD_SCOPE_MASTER, "width", MD_MP_WIDTH, 0, "Stereo width", "", 0, 2, 1, MD_TAPER_LINEAR, true,
     "M/S width of the master: 0 mono, 1 unchanged, 2 wide"),
  B (MD_SCOPE_MASTER, "mono", MD_MP_MONO, 0, "Mono check", 0, false, "Both outputs carry M = (L+R)/2"),
  B (MD_SCOPE_MASTER, "limiter/on", MD_MP_LIM_ON, 0, "Limiter on", 0, false,
     "True-peak limiter (8x oversampled detection, lookahead); its latency is reported to JACK"),
  F (MD_SCOPE_MASTER, "limiter/ceiling", MD_MP_LIM_CEILING, 0, "Limiter ceiling", "dBTP", -12, 0, -1,
     MD_TAPER_LINEAR, true, "No true peak of the output goes above it"),
  F (MD_SCOPE_MASTER, "limiter/release", MD_MP_LIM_RELEASE, 0, "Limiter release", "ms", 1, 1000, 50,
     MD_TAPER_LOG, true, "Release time"),
  F (MD_SCOPE_MASTER, "limiter/lookahead", MD_MP_LIM_LOOKAHEAD, 0, "Limiter lookahead", "ms", 1, 5, 1.5,
     MD_TAPER_LINEAR, false, "Lookahead, which is also the limiter's latency"),
};

static const char *const scope_names[MD_N_SCOPES] = {
  [MD_SCOPE_SESSION] = "session",
  [MD_SCOPE_STRIP] = "strip",
  [MD_SCOPE_BUS] = "bus",
  [MD_SCOPE_DCA] = "dca",
  [MD_SCOPE_MGRP] = "mgrp",
  [MD_SCOPE_MASTER] = "master",
};

static const unsigned scope_max[MD_N_SCOPES] = {
  [MD_SCOPE_SESSION] = 0,
  [MD_SCOPE_STRIP] = MD_MAX_STRIPS,
  [MD_SCOPE_BUS] = MD_MAX_BUSES,
  [MD_SCOPE_DCA] = MD_MAX_DCAS,
  [MD_SCOPE_MGRP] = MD_MAX_MGRPS,
  [MD_SCOPE_MASTER] = 0,
};

size_t
md_params_count (void)
{
  return sizeof params / sizeof params[0];
}

const MdParamInfo *
md_params_get (size_t i)
{
  return i < md_params_count () ? &params[i] : NULL;
}

const char *
md_scope_name (MdScope scope)
{
  return (unsigned) scope < MD_N_SCOPES ? scope_names[scope] : NULL;
}

unsigned
md_scope_max_index (MdScope scope)
{
  return (unsigned) scope < MD_N_SCOPES ? scope_max[scope] : 0;
}

const MdParamInfo *
md_params_find_slot (MdScope scope, unsigned slot)
{
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *p = &params[i];
      unsigned n = p->n_sub ? p->n_sub : 1;
      if (p->scope == scope && p->slot != MD_NO_SLOT && slot >= p->slot && slot < p->slot + n)
        return p;
    }
  return NULL;
}

const MdParamInfo *
md_params_find_name (MdScope scope, const char *name)
{
  for (size_t i = 0; i < md_params_count (); i++)
    if (params[i].scope == scope && strcmp (params[i].name, name) == 0)
      return &params[i];
  return NULL;
}

/* Parse a positive decimal index (no sign, no leading zeros beyond "0"
 * handling: "007" is accepted as 7). Returns 0 on error. */
static unsigned
parse_index (const char *s, size_t len)
{
  unsigned long v = 0;
  if (len == 0 || len > 6)
    return 0;
  for (size_t i = 0; i < len; i++)
    {
      if (!isdigit ((unsigned char) s[i]))
        return 0;
      v = v * 10 + (unsigned long) (s[i] - '0');
    }
  return (unsigned) v;
}

/* Match the tail of a path (after the scope and index) against a table
 * name with '#' wildcards. */
static MdParamStatus
match_name (const char *pattern, const char *tail, size_t tail_len, unsigned n_sub,
            unsigned *sub_out)
{
  const char *p = pattern;
  const char *t = tail;
  const char *t_end = tail + tail_len;
  unsigned sub = 0;

  while (*p && t < t_end)
    {
      if (*p == '#')
        {
          const char *seg = t;
          while (t < t_end && *t != '/')
            t++;
          sub = parse_index (seg, (size_t) (t - seg));
          if (sub == 0 || sub > n_sub)
            {
              /* the shape matched; only the number is wrong */
              p++;
              if (strlen (p) == (size_t) (t_end - t) && strncmp (p, t, (size_t) (t_end - t)) == 0)
                return MD_PARAM_BAD_INDEX;
              return MD_PARAM_UNKNOWN;
            }
          p++;
          continue;
        }
      if (*p != *t)
        return MD_PARAM_UNKNOWN;
      p++;
      t++;
    }
  if (*p || t != t_end)
    return MD_PARAM_UNKNOWN;
  *sub_out = sub;
  return MD_PARAM_OK;
}

MdParamStatus
md_param_parse (const char *path, MdParamAddr *out)
{
  const char *s = path;
  const char *seg;
  size_t len;
  MdScope scope = MD_N_SCOPES;
  unsigned index = 0;
  bool norm = false;
  MdParamStatus best = MD_PARAM_UNKNOWN;

  if (path == NULL || *s != '/')
    return MD_PARAM_UNKNOWN;
  s++;
  seg = s;
  while (*s && *s != '/')
    s++;
  len = (size_t) (s - seg);
  for (unsigned i = 0; i < MD_N_SCOPES; i++)
    if (strlen (scope_names[i]) == len && strncmp (scope_names[i], seg, len) == 0)
      scope = (MdScope) i;
  if (scope == MD_N_SCOPES || *s != '/')
    return MD_PARAM_UNKNOWN;
  s++;

  if (scope_max[scope] > 0)
    {
      seg = s;
      while (*s && *s != '/')
        s++;
      index = parse_index (seg, (size_t) (s - seg));
      if (*s != '/' || s == seg)
        return MD_PARAM_UNKNOWN;
      for (const char *d = seg; d < s; d++)
        if (!isdigit ((unsigned char) *d))
          return MD_PARAM_UNKNOWN;
      if (index == 0 || index > scope_max[scope])
        best = MD_PARAM_BAD_INDEX;
      s++;
    }

  len = strlen (s);
  if (len > 5 && strcmp (s + len - 5, "/norm") == 0)
    {
      /* "fader/norm" — but never let "/norm" eat a real name */
      norm = true;
      len -= 5;
    }

  for (int pass = 0; pass < 2; pass++)
    {
      size_t tail_len = pass == 0 ? len : strlen (s);
      bool is_norm = pass == 0 ? norm : false;
      if (pass == 1 && !norm)
        break;
      for (size_t i = 0; i < md_params_count (); i++)
        {
          const MdParamInfo *p = &params[i];
          unsigned sub = 0;
          MdParamStatus st;
          if (p->scope != scope)
            continue;
          st = match_name (p->name, s, tail_len, p->n_sub, &sub);
          if (st == MD_PARAM_BAD_INDEX)
            {
              best = MD_PARAM_BAD_INDEX;
              continue;
            }
          if (st != MD_PARAM_OK)
            continue;
          if (best == MD_PARAM_BAD_INDEX)
            return MD_PARAM_BAD_INDEX;
          if (is_norm && p->kind != MD_KIND_FLOAT)
            return MD_PARAM_NO_NORM;
          out->info = p;
          out->index = index;
          out->sub = sub;
          out->slot = p->slot == MD_NO_SLOT ? MD_NO_SLOT : p->slot + (sub ? sub - 1 : 0);
          out->norm = is_norm;
          return MD_PARAM_OK;
        }
    }
  return best;
}

int
md_param_key (const MdParamInfo *info, unsigned sub, char *buf, size_t size)
{
  size_t o = 0;
  for (const char *p = info->name; *p; p++)
    {
      if (*p == '#')
        {
          int n = snprintf (buf + o, o < size ? size - o : 0, "%u", sub);
          if (n < 0)
            return -1;
          o += (size_t) n;
        }
      else
        {
          if (o + 1 < size)
            buf[o] = *p;
          o++;
        }
    }
  if (o >= size)
    {
      if (size)
        buf[size - 1] = '\0';
      return -1;
    }
  buf[o] = '\0';
  return (int) o;
}

int
md_param_format (const MdParamAddr *addr, char *buf, size_t size)
{
  char key[64];
  int n;
  MdScope scope = addr->info->scope;

  if (md_param_key (addr->info, addr->sub, key, sizeof key) < 0)
    return -1;
  if (scope_max[scope] > 0)
    n = snprintf (buf, size, "/%s/%u/%s", scope_names[scope], addr->index, key);
  else
    n = snprintf (buf, size, "/%s/%s", scope_names[scope], key);
  if (n < 0 || (size_t) n >= size)
    return -1;
  return n;
}

double
md_param_clamp (const MdParamInfo *info, double v)
{
  if (info->kind == MD_KIND_STRING)
    return 0;
  if (isnan (v))
    return info->def;
  if (v < info->min)
    v = info->min;
  if (v > info->max)
    v = info->max;
  switch (info->kind)
    {
    case MD_KIND_BOOL:
      return v >= 0.5 ? 1.0 : 0.0;
    case MD_KIND_INT:
    case MD_KIND_ENUM:
      return floor (v + 0.5);
    case MD_KIND_FLOAT:
    case MD_KIND_STRING:
    default:
      return v;
    }
}

bool
md_param_in_range (const MdParamInfo *info, double v)
{
  return !isnan (v) && v >= info->min && v <= info->max;
}

/* Console fader law (the widely used piecewise-linear X32-style law):
 * norm 0..0.0625 -> -90..-60 dB, ..0.25 -> -30, ..0.5 -> -10, ..1 -> +10.
 * Rescaled when the maximum is not +10 dB (the master trims down only). */
static double
fader_db_from_norm (double n)
{
  if (n >= 0.5)
    return 40.0 * n - 30.0;
  if (n >= 0.25)
    return 80.0 * n - 50.0;
  if (n >= 0.0625)
    return 160.0 * n - 70.0;
  return 480.0 * n - 90.0;
}

static double
fader_norm_from_db (double db)
{
  if (db >= -10.0)
    return (db + 30.0) / 40.0;
  if (db >= -30.0)
    return (db + 50.0) / 80.0;
  if (db >= -60.0)
    return (db + 70.0) / 160.0;
  return (db + 90.0) / 480.0;
}

double
md_param_to_norm (const MdParamInfo *info, double v)
{
  double n;
  v = md_param_clamp (info, v);
  switch (info->taper)
    {
    case MD_TAPER_FADER:
      n = fader_norm_from_db (v) / fader_norm_from_db (info->max);
      break;
    case MD_TAPER_LOG:
      n = log (v / info->min) / log (info->max / info->min);
      break;
    case MD_TAPER_LINEAR:
    default:
      n = info->max > info->min ? (v - info->min) / (info->max - info->min) : 0.0;
      break;
    }
  return n < 0 ? 0 : n > 1 ? 1 : n;
}

double
md_param_from_norm (const MdParamInfo *info, double n)
{
  double v;
  if (isnan (n))
    return info->def;
  n = n < 0 ? 0 : n > 1 ? 1 : n;
  switch (info->taper)
    {
    case MD_TAPER_FADER:
      v = fader_db_from_norm (n * fader_norm_from_db (info->max));
      break;
    case MD_TAPER_LOG:
      v = info->min * exp (n * log (info->max / info->min));
      break;
    case MD_TAPER_LINEAR:
    default:
      v = info->min + n * (info->max - info->min);
      break;
    }
  return md_param_clamp (info, v);
}

MdParamStatus
md_param_parse_value (const MdParamInfo *info, const char *text, double *out)
{
  static const char *const yes[] = { "1", "on", "true", "yes", NULL };
  static const char *const no[] = { "0", "off", "false", "no", NULL };
  char *end = NULL;
  double v;

  if (text == NULL || info->kind == MD_KIND_STRING)
    return MD_PARAM_BAD_VALUE;
  while (isspace ((unsigned char) *text))
    text++;

  if (info->kind == MD_KIND_BOOL)
    {
      for (int i = 0; yes[i]; i++)
        if (strcasecmp (text, yes[i]) == 0)
          return *out = 1.0, MD_PARAM_OK;
      for (int i = 0; no[i]; i++)
        if (strcasecmp (text, no[i]) == 0)
          return *out = 0.0, MD_PARAM_OK;
      return MD_PARAM_BAD_VALUE;
    }
  if (info->kind == MD_KIND_ENUM && info->enum_names)
    {
      for (int i = 0; info->enum_names[i]; i++)
        if (strcasecmp (text, info->enum_names[i]) == 0)
          return *out = i, MD_PARAM_OK;
      return MD_PARAM_BAD_VALUE;
    }
  if (strcasecmp (text, "-inf") == 0 && info->kind == MD_KIND_FLOAT)
    return *out = info->min, MD_PARAM_OK;

  errno = 0;
  v = strtod (text, &end);
  if (end == text || errno == ERANGE || !isfinite (v))
    return MD_PARAM_BAD_VALUE;
  while (isspace ((unsigned char) *end))
    end++;
  if (*end != '\0')
    return MD_PARAM_BAD_VALUE;
  if (info->kind == MD_KIND_INT && v != floor (v))
    return MD_PARAM_BAD_VALUE;
  *out = v;
  return MD_PARAM_OK;
}

int
md_param_format_value (const MdParamInfo *info, double v, char *buf, size_t size)
{
  int n;
  switch (info->kind)
    {
    case MD_KIND_BOOL:
      n = snprintf (buf, size, "%s", v >= 0.5 ? "on" : "off");
      break;
    case MD_KIND_ENUM:
      if (info->enum_names && v >= 0 && v <= info->max)
        n = snprintf (buf, size, "%s", info->enum_names[(int) v]);
      else
        n = snprintf (buf, size, "%d", (int) v);
      break;
    case MD_KIND_INT:
      n = snprintf (buf, size, "%d", (int) v);
      break;
    case MD_KIND_FLOAT:
      if (info->taper == MD_TAPER_FADER && v <= MD_FADER_MIN_DB)
        n = snprintf (buf, size, "-inf");
      else
        n = snprintf (buf, size, "%.6g", v);
      break;
    case MD_KIND_STRING:
    default:
      n = snprintf (buf, size, "%s", "");
      break;
    }
  return n < 0 || (size_t) n >= size ? -1 : n;
}

double
md_db_to_gain (double db)
{
  return pow (10.0, db / 20.0);
}

double
md_gain_to_db (double gain)
{
  return gain > 0 ? 20.0 * log10 (gain) : -INFINITY;
}

double
md_fader_to_gain (double db)
{
  return db <= MD_FADER_MIN_DB ? 0.0 : pow (10.0, db / 20.0);
}

void
md_pan_gains (MdPanLaw law, double pan, double *gl, double *gr)
{
  double p = pan < -1 ? -1 : pan > 1 ? 1 : pan;
  double theta = (p + 1.0) * (M_PI / 4.0);
  double cl = cos (theta), cr = sin (theta);       /* -3 dB constant power */
  double ll = (1.0 - p) * 0.5, lr = (1.0 + p) * 0.5; /* -6 dB linear */


  /* exact end points: cos(pi/2) is not exactly 0 in floating point */
  if (p == 1.0)
    cl = 0.0;
  if (p == -1.0)
    cr = 0.0;
  switch (law)
    {
    case MD_PANLAW_0DB:
      *gl = p <= 0 ? 1.0 : 1.0 - p;
      *gr = p >= 0 ? 1.0 : 1.0 + p;
      break;
    case MD_PANLAW_4_5DB:
      /* the constant-power curve raised to the power that puts the centre
       * at exactly -4.5 dB (4.5 / 3.0103): between the -3 and -6 dB laws */
      *gl = pow (cl, 4.5 / (20.0 * log10 (M_SQRT2)));
      *gr = pow (cr, 4.5 / (20.0 * log10 (M_SQRT2)));
      break;
    case MD_PANLAW_6DB:
      *gl = ll;
      *gr = lr;
      break;
    case MD_PANLAW_3DB:
    default:
      *gl = cl;
      *gr = cr;
      break;
    }
}

void
md_balance_gains (double pan, double *gl, double *gr)
{
  double p = pan < -1 ? -1 : pan > 1 ? 1 : pan;
  *gl = p <= 0 ? 1.0 : 1.0 - p;
  *gr = p >= 0 ? 1.0 : 1.0 + p;
}
