/* md-ui.h: the entry point of the GTK front end.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "app/md-live.h"

G_BEGIN_DECLS

/* md_ui_run's answer when GTK cannot open a display: run headless. */
#define MD_UI_NO_DISPLAY (-1)

/* Run the console with its window until the user quits: md_live_new, the
 * window, --save on exit. Returns the exit status, or MD_UI_NO_DISPLAY
 * (nothing was started). OPTIONS' quit_cb/quit_data are replaced. */
int md_ui_run (const MdLiveOptions *options);

G_END_DECLS
