/* md-ui-util.h: text helpers of the window that need no display.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain GLib; unit-tested without a display (tests/test-ui-draw.c).
 */
#pragma once

#include <glib.h>

#include "md-params.h"

G_BEGIN_DECLS

/* The OSC URL a tablet should use for a server bound to BIND on PORT.
 * A wildcard bind ("0.0.0.0", "::", "" or NULL) is reachable on LAN_ADDRESS
 * when one is known; otherwise the bind address itself is given. IPv6
 * literals are bracketed. Sets *LOCAL_ONLY when only this machine can
 * reach the server (a loopback bind, or a wildcard bind and no LAN
 * address). */
char     *md_ui_osc_url          (const char *bind,
                                  guint       port,
                                  const char *lan_address,
                                  gboolean   *local_only);
/* The first IPv4 address of an interface that is up and not loopback,
 * NULL when there is none. Does not block (no name lookup). */
char     *md_ui_find_lan_address (void);

/* Parse a strip colour "#rgb" or "#rrggbb" (case-insensitive) into
 * 0..1 components. NULL, "" and anything else return FALSE. */
gboolean  md_ui_colour_parse     (const char *text,
                                  double     *red,
                                  double     *green,
                                  double     *blue);

/* Whether GL_RENDERER names a software rasteriser (Mesa's llvmpipe,
 * softpipe, swrast, lavapipe; WARP behind d3d12). NULL is not. */
gboolean  md_ui_gl_renderer_is_software (const char *gl_renderer);

/* The parameter part of an automation lane's title ("Strip · Fader"):
 * INFO's label without the object's own word the title starts with
 * anyway ("Master fader" -> "Fader", "DCA mute" -> "Mute"); a label that
 * is only that word ("Mute group") gives its last path segment,
 * capitalised ("Mute"). Newly allocated, untranslated like the table. */
char     *md_ui_lane_param_label (const MdParamInfo *info);

/* What the loudness panel says about the delivery target: none chosen,
 * still measuring (no integrated loudness yet: silence, or less than the
 * first gated block), pass or fail. */
typedef enum
{
  MD_UI_TARGET_NONE,
  MD_UI_TARGET_MEASURING,
  MD_UI_TARGET_PASS,
  MD_UI_TARGET_FAIL
} MdUiTargetState;

MdUiTargetState md_ui_target_state (gboolean has_target,
                                    double   integrated_lufs,
                                    gboolean pass);

G_END_DECLS
