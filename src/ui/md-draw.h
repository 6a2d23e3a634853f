/* md-draw.h: drawing geometry of the mixer widgets, without GTK — meter
 * scales, the fader taper in pixels, meter ballistics, EQ curves.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C (libm and the parameter table); unit-tested without a display
 * (tests/test-ui-draw.c).
 */
#pragma once

#include <stdbool.h>

#include "md-params.h"

/* Levels below this are drawn as silence. */
#define MD_DRAW_FLOOR_DB (-100.0)
/* Top of the meter scale. */
#define MD_DRAW_METER_TOP_DB 6.0

/* Linear amplitude to dB, MD_DRAW_FLOOR_DB for 0, negative or NaN. */
double md_draw_lin_to_db        (double lin);

/* IEC 60268-18 style meter deflection: 0 at or below -70 dB, 1 at
 * +6 dB, piecewise linear in between (more room near 0 dB). */
double md_draw_meter_deflection (double db);
/* Inverse of md_draw_meter_deflection for 0 < d < 1. */
double md_draw_meter_db         (double deflection);
/* Y of level DB on a meter of HEIGHT pixels whose top is y = 0. */
double md_draw_meter_y          (double db, double height);

/* Peak falloff: the shown level after DT_S seconds falls by at most
 * FALLOFF_DB_PER_S, and never below the new reading NEW_DB. */
double md_draw_meter_fall       (double shown_db, double new_db,
                                 double dt_s, double falloff_db_per_s);

/* Fader geometry. The track runs from y = TOP (maximum) to
 * y = TOP + LEN (minimum); the position follows the parameter table's
 * taper (md_param_to_norm). */
double md_draw_fader_y          (const MdParamInfo *info, double value,
                                 double top, double len);
double md_draw_fader_value      (const MdParamInfo *info, double y,
                                 double top, double len);
/* Value after dragging by DY pixels (down positive) from START on a track
 * of LEN pixels; FINE moves a tenth as far. */
double md_draw_fader_drag       (const MdParamInfo *info, double start,
                                 double dy, double len, bool fine);

/* Automation lanes. Time runs left to right: second START_S at x = 0,
 * PX_PER_S pixels a second; frames at RATE frames a second. */
double md_draw_lane_x           (double frame, double rate,
                                 double start_s, double px_per_s);
/* The frame at X (rounded, never before frame 0). */
double md_draw_lane_frame       (double x, double rate,
                                 double start_s, double px_per_s);
/* Values run through the parameter's taper (md_param_to_norm): the
 * maximum at y = TOP, the minimum at y = TOP + LEN; switches (bool, int,
 * enum) snap to their steps. */
double md_draw_lane_y           (const MdParamInfo *info, double value,
                                 double top, double len);
double md_draw_lane_value       (const MdParamInfo *info, double y,
                                 double top, double len);
/* The point nearest (X, Y) among N points at (PX[i], PY[i]) within
 * RADIUS pixels, or -1. */
int    md_draw_lane_hit         (const double *px, const double *py,
                                 unsigned n, double x, double y,
                                 double radius);
/* A tick spacing in seconds (1, 2, 5 times a power of ten) at least
 * MIN_PX pixels apart at PX_PER_S. */
double md_draw_lane_tick_s      (double px_per_s, double min_px);
/* Whether the lanes view shows a row: a lane with automation (points, or
 * a mode other than off) always, so nothing that plays is ever out of
 * sight; a default row (each strip's fader) or one the user added unless
 * the user hid it. */
bool   md_draw_lane_shown       (bool has_automation, bool is_default,
                                 bool added, bool hidden);
/* The Add Lane search: every word of QUERY (separated by spaces) occurs
 * in TITLE or in PATH, ignoring ASCII case. An empty query matches. */
bool   md_draw_lane_matches     (const char *title, const char *path,
                                 const char *query);
/* The end of the time scrollbar in seconds: the latest of the last point
 * (LAST_S, negative for none), the transport (CURSOR_S) and the visible
 * end (START_S + PAGE_S), plus half a page of room. */
double md_draw_lane_scroll_end  (double last_s, double cursor_s,
                                 double start_s, double page_s);

/* EQ curves: RBJ Audio EQ Cookbook biquads. */
typedef enum
{
  MD_DRAW_EQ_PEAK,
  MD_DRAW_EQ_LOW_SHELF,
  MD_DRAW_EQ_HIGH_SHELF
} MdDrawEqType;

typedef struct
{
  bool on;
  MdDrawEqType type;
  double freq_hz, gain_db, q;
} MdDrawEqBand;

/* Normalised coefficients (a0 = 1): B[3], A[3] with A[0] = 1. */
void   md_draw_eq_coeffs        (const MdDrawEqBand *band, double rate,
                                 double b[3], double a[3]);
/* Magnitude in dB of the biquad B/A at FREQ_HZ. */
double md_draw_biquad_db        (const double b[3], const double a[3],
                                 double freq_hz, double rate);
/* Sum of the bands that are on, in dB, at FREQ_HZ. */
double md_draw_eq_response_db   (const MdDrawEqBand *bands, unsigned n_bands,
                                 double freq_hz, double rate);
/* Log-frequency axis: 20 Hz at x = 0, 20 kHz at x = WIDTH. */
double md_draw_freq_x           (double freq_hz, double width);
double md_draw_x_freq           (double x, double width);

/* Loudness history: a strip chart of momentary and short-term loudness.
 * A ring buffer of CAPACITY readings filled on the UI's tick (main
 * thread); the newest reading is drawn at the right edge. */
typedef struct
{
  float *momentary_lufs;
  float *short_term_lufs;
  unsigned capacity;   /* readings kept */
  unsigned len;        /* readings held, <= capacity */
  unsigned head;       /* where the next reading goes */
} MdDrawHistory;

/* Allocate room for CAPACITY (>= 2) readings; false when out of memory. */
bool   md_draw_history_init     (MdDrawHistory *h, unsigned capacity);
void   md_draw_history_free     (MdDrawHistory *h);
/* Forget every reading (Reset). */
void   md_draw_history_clear    (MdDrawHistory *h);
/* Append a reading; the oldest is dropped when full. Non-finite values
 * (silence, no block yet) are kept as gaps. */
void   md_draw_history_push     (MdDrawHistory *h, double momentary_lufs,
                                 double short_term_lufs);
/* The reading AGE ticks old (0: newest); false when AGE >= len. */
bool   md_draw_history_get      (const MdDrawHistory *h, unsigned age,
                                 double *momentary_lufs,
                                 double *short_term_lufs);
/* X of the reading AGE ticks old on a chart WIDTH pixels wide that shows
 * CAPACITY readings: the newest at WIDTH, the oldest kept at 0. */
double md_draw_history_x        (unsigned age, unsigned capacity,
                                 double width);
/* Y of LUFS on a chart HEIGHT pixels high showing TOP_LUFS at y = 0 and
 * BOTTOM_LUFS at y = HEIGHT; clamped to the chart, NaN and -inf at the
 * bottom. */
double md_draw_loudness_y       (double lufs, double top_lufs,
                                 double bottom_lufs, double height);

/* Dynamics transfer curves (static, input dB to output dB).
 *
 * Compressor: the engine's own static curve (md_comp_static_gr_db in
 * engine/md-dyn.c: quadratic soft knee of width KNEE_DB centred on the
 * threshold, RATIO >= MD_COMP_RATIO_INF is infinity) plus MAKEUP_DB. */
double md_draw_comp_out_db      (double in_db, double threshold_db,
                                 double ratio, double knee_db,
                                 double makeup_db);
/* Gate: unity at and above the threshold, RANGE_DB (the table's positive
 * attenuation) below threshold - MD_GATE_HYSTERESIS_DB. Between the two
 * the gate keeps its state: OPEN gives the falling branch (still open),
 * !OPEN the rising branch (still closed). */
double md_draw_gate_out_db      (double in_db, double threshold_db,
                                 double range_db, bool open);

/* The master's 3-band Linkwitz-Riley crossover (engine/md-xover.h), as
 * analog magnitudes. LR4 is a squared Butterworth-2: with u = (f/fc)^4,
 * |LP4| = 1/(1+u), |HP4| = u/(1+u) (each -6.02 dB at fc). The bands are
 * low = AP(f2) LP4(f1), mid = HP4(f1) LP4(f2), high = HP4(f1) HP4(f2);
 * their amplitudes sum to exactly 1 (and the complex sum is an all-pass),
 * while their powers do not (-3.01 dB at a crossover). BAND is 0, 1, 2. */
double md_draw_lr4_band_lin     (unsigned band, double freq_hz,
                                 double f1_hz, double f2_hz);
double md_draw_lr4_band_db      (unsigned band, double freq_hz,
                                 double f1_hz, double f2_hz);

/* Transfer charts (gate and compressor pages): input dB across, output
 * dB up, MIN_DB (< 0) .. 0 dB on both axes. Position of DB along an axis
 * of LEN pixels from its 0 end (clamped; NaN at 0). */
double md_draw_transfer_pos     (double db, double min_db, double len);

/* Live operating points, derived from a meter frame (MdLiveMeters): the
 * strip's pre-fader meter reads the channel block's output, which ends
 * with the compressor, so the compressor's detector saw about
 *   in = out + GR - makeup
 * (exact for a steady signal; the frame holds maxima over the same
 * interval; the key high-pass is not accounted for). The point drawn is
 * (in, out), on the static curve with makeup when the signal is steady.
 *
 * Detector level of a frame's channels: with RMS false the larger peak
 * (linear) in dB, with RMS true the power mean of the RMS values in dB;
 * N_CH is 1 or 2. MD_DRAW_FLOOR_DB for silence. */
double md_draw_detector_db      (const float peak[2], const float rms[2],
                                 unsigned n_ch, bool rms_mode);
/* The compressor's input level from its output level OUT_DB, its gain
 * reduction GR_DB (>= 0) and the makeup it applies (0 when it is off). */
double md_draw_comp_in_db       (double out_db, double gr_db,
                                 double makeup_db);

/* Peak hold of a gain reduction reading (dB >= 0): a new maximum holds
 * for HOLD_S seconds, then the shown value falls by FALL_DB_PER_S (never
 * below the reading). */
typedef struct
{
  double value_db;
  double held_s;       /* when the value was last raised */
  double last_s;       /* time of the last update */
} MdDrawHold;

/* Start over at 0 dB. */
void   md_draw_hold_reset       (MdDrawHold *h);
/* Update with READING_DB at NOW_S (monotonic seconds); returns the held
 * value. */
double md_draw_hold_update      (MdDrawHold *h, double reading_db,
                                 double now_s, double hold_s,
                                 double fall_db_per_s);

/* Gain reduction bars: depth of GR_DB on a bar of LEN pixels showing
 * 0 .. MAX_DB (clamped, NaN 0). */
double md_draw_gr_len           (double gr_db, double max_db, double len);
/* The horizontal span [*X0, *X1] of multiband band BAND (0 low, 1 mid,
 * 2 high) on the log-frequency axis of WIDTH pixels (md_draw_freq_x)
 * with crossovers F1_HZ < F2_HZ. */
void   md_draw_mb_band_span     (unsigned band, double f1_hz, double f2_hz,
                                 double width, double *x0, double *x1);

/* A strip's meter as one picture (md-meter.c): the clip light on top, a
 * bar per channel (peak translucent, RMS solid, peak hold line, scale
 * ticks) and, beside them, the gain reduction column hanging from the
 * top. Everything is whole pixels: the widget redraws only when one of
 * these integers changes, and fills the rectangles into one cairo node
 * (one damage rectangle per meter; see HACKING, "The GTK front end"). */
#define MD_DRAW_METER_CLIP_H 6
#define MD_DRAW_METER_GAP 1
#define MD_DRAW_METER_GR_W 4
/* Full scale of the gain reduction column. */
#define MD_DRAW_METER_GR_DB 24.0

typedef enum
{
  MD_DRAW_METER_BG,
  MD_DRAW_METER_TICK,
  MD_DRAW_METER_HOLD,
  MD_DRAW_METER_CLIP_ON,
  MD_DRAW_METER_CLIP_OFF,
  MD_DRAW_METER_GREEN,         /* RMS: solid */
  MD_DRAW_METER_YELLOW,
  MD_DRAW_METER_RED,
  MD_DRAW_METER_GREEN_PEAK,    /* peak: the same, translucent */
  MD_DRAW_METER_YELLOW_PEAK,
  MD_DRAW_METER_RED_PEAK,
  MD_DRAW_METER_GR,
  MD_DRAW_METER_N_COLOURS
} MdDrawMeterColour;

typedef struct
{
  int x, y, w, h;
  MdDrawMeterColour colour;
} MdDrawRect;

/* What a meter shows, in pixels above the bottom of its bars. */
typedef struct
{
  unsigned n_channels;   /* 1 or 2 */
  bool has_gr;
  bool clipped;
  int bar_h;             /* height of the bars (the widget's, less the clip light) */
  int peak_px[2];
  int rms_px[2];
  int hold_px[2];
  int gr_px;             /* down from the top of the GR column */
} MdDrawMeterState;

/* Width of a meter with N_CHANNELS bars of BAR_W pixels and, with
 * HAS_GR, the GR column. */
int      md_draw_meter_width     (unsigned n_channels, int bar_w, bool has_gr);
/* Bar height in whole pixels for level DB on bars of BAR_H pixels. */
int      md_draw_meter_px        (double db, int bar_h);
/* GR column depth in whole pixels for GR_DB (0 .. MD_DRAW_METER_GR_DB). */
int      md_draw_meter_gr_px     (double gr_db, int bar_h);
/* True when S and T draw the same picture. */
bool     md_draw_meter_same      (const MdDrawMeterState *s,
                                  const MdDrawMeterState *t);
/* The rectangles of S on a meter WIDTH x HEIGHT pixels, painted in
 * order (later ones on top); at most MD_DRAW_METER_MAX_RECTS. Returns the
 * count. */
#define MD_DRAW_METER_MAX_RECTS 40
unsigned md_draw_meter_rects     (const MdDrawMeterState *s, int width,
                                  int height, MdDrawRect *out);
