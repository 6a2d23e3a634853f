/* md-app.h: subcommands of the mixdesk program.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each takes the arguments after the subcommand name (ARGV[0] is the
 * subcommand) and returns the process exit status.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int  md_render_cmd    (int    argc,
                       char **argv);
int  md_osc_spec_cmd  (int    argc,
                       char **argv);
int  md_bench_cmd     (int    argc,
                       char **argv);

/* Print "mixdesk: MESSAGE" (or "mixdesk SUBCOMMAND: MESSAGE") on stderr. */
void md_app_error     (const char *subcommand,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
