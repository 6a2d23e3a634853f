/* md-meter.h: a level meter — peak and RMS bars, peak hold, clip light.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MD_TYPE_METER (md_meter_get_type ())
G_DECLARE_FINAL_TYPE (MdMeter, md_meter, MD, METER, GtkWidget)

GtkWidget *md_meter_new          (void);
void       md_meter_set_channels (MdMeter     *self,
                                  guint        n_channels);
/* Feed one meter frame (linear peak and RMS per channel) read at NOW_US
 * (monotonic). Redraws only when what is shown changes. */
void       md_meter_update       (MdMeter     *self,
                                  const float *peak,
                                  const float *rms,
                                  gint64       now_us);
/* Show the gain reduction column beside the bars (strips and buses). */
void       md_meter_set_show_gr  (MdMeter     *self,
                                  gboolean     show_gr);
/* Gain reduction to show, dB >= 0 (clamped to the column's 24 dB). */
void       md_meter_update_gr    (MdMeter     *self,
                                  double       gr_db);
/* Damage the window's whole height when it changes (the master meter: see
 * md-meter.c). */
void       md_meter_set_full_height_damage (MdMeter *self,
                                            gboolean full_height);
void       md_meter_reset_clip   (MdMeter     *self);
gboolean   md_meter_get_clipped  (MdMeter     *self);

G_END_DECLS
