/* md-fader.h: a console fader with a dB scale, using the parameter
 * table's taper.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drag anywhere on it (relative: the fader does not jump to the pointer),
 * Ctrl or Shift for fine adjustment, double-click for 0 dB, scroll wheel
 * and Up/Down/Page keys. "value" is in the parameter's unit (dB).
 */
#pragma once

#include <gtk/gtk.h>

#include "md-params.h"

G_BEGIN_DECLS

#define MD_TYPE_FADER (md_fader_get_type ())
G_DECLARE_FINAL_TYPE (MdFader, md_fader, MD, FADER, GtkWidget)

GtkWidget *md_fader_new       (void);
/* The table entry whose range and taper the fader uses (a fader entry:
 * strip, bus or master). */
void       md_fader_set_param (MdFader           *self,
                               const MdParamInfo *info);
double     md_fader_get_value (MdFader           *self);
/* Without the dB scale (narrow strips). */
void       md_fader_set_compact (MdFader         *self,
                                 gboolean         compact);
void       md_fader_set_value (MdFader           *self,
                               double             value);
/* TRUE while the user holds the fader (for automation touch). */
gboolean   md_fader_get_grabbed (MdFader         *self);

G_END_DECLS
