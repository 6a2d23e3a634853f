/* md-strip-editor-private.h: the processing editor's internals, shared
 * by md-strip-editor.c (controls, EQ handles) and md-strip-editor-charts.c
 * (charts and live readings).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "md-draw.h"
#include "md-strip-editor.h"

G_BEGIN_DECLS

#define CURVE_RATE 48000.0
#define CURVE_RANGE_DB 18.0
/* GR history: 4 s in slots of 1/30 s (the meter tick's rate at most) */
#define GR_SLOTS 120
#define GR_SLOT_US (G_USEC_PER_SEC / 30)
#define GR_CHART_MAX_DB 24.0
/* the master's GR bars: 0 .. GR_BAR_MAX_DB, peaks held GR_HOLD_S, then
 * falling GR_FALL_DB_PER_S */
#define GR_BAR_MAX_DB 12.0
#define GR_HOLD_S 1.5
#define GR_FALL_DB_PER_S 12.0
/* the readings' labels change at most this often */
#define READING_INTERVAL_US (G_USEC_PER_SEC / 5)
/* an EQ handle is grabbed within this many pixels */
#define HANDLE_RADIUS 10.0

struct _MdStripEditor
{
  GtkPopover parent_instance;

  MdSession *session;
  MdScope scope;
  guint index;
  gboolean syncing;
  GHashTable *rows;          /* key -> Row* (owned by the rows array) */
  GPtrArray *row_array;

  GtkLabel *title_label;
  GtkDrawingArea *curve;
  GtkStack *stack;
  GtkWidget *gate_curve;
  GtkWidget *comp_curve;
  GtkWidget *gr_chart;
  GtkWidget *xover_view;
  GtkStackSwitcher *switcher;
  /* compressor GR history: one slot per GR_SLOT_US, newest at gr_head */
  float gr_hist[GR_SLOTS];
  guint gr_head;
  gint64 gr_slot_us;
  /* an EQ band handle being dragged (-1: none) */
  int drag_band;
  double drag_x, drag_y;
  /* live operating points of a strip's compressor and gate (input and
   * output dB on the transfer charts; NAN: none), derived from the meter
   * frame (md_draw_comp_in_db) */
  double comp_in_db, comp_out_db;
  double gate_in_db, gate_out_db;
  GtkLabel *comp_reading, *gate_reading;
  gint64 reading_us;
  /* the master's gain reduction: multiband bands and limiter */
  GtkWidget *mb_gr_view, *lim_gr_view;
  GtkLabel *lim_reading;
  double mb_gr_db[3], lim_gr_db;
  MdDrawHold mb_hold[3], lim_hold;
};

/* The shown strip's value of KEY ("comp/ratio"), FALLBACK without such a row. */
double     md_strip_editor_param          (MdStripEditor *self,
                                           const char    *key,
                                           double         fallback);
/* Draw functions of the editor's GtkDrawingAreas (DATA is the editor). */
void       md_strip_editor_curve_draw     (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                                           gpointer data);
void       md_strip_editor_transfer_draw  (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                                           gpointer data);
void       md_strip_editor_gr_chart_draw  (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                                           gpointer data);
void       md_strip_editor_xover_draw     (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                                           gpointer data);
void       md_strip_editor_mb_gr_draw     (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                                           gpointer data);
void       md_strip_editor_lim_gr_draw    (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                                           gpointer data);
/* A transfer chart (gate or compressor page). */
GtkWidget *md_strip_editor_transfer_new   (MdStripEditor *self,
                                           const char    *tooltip);

G_END_DECLS
