/* md-cmds-extra.h: `mixdesk analyze` and `mixdesk deliver`.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each takes the arguments after the subcommand name (ARGV[0] is the
 * subcommand) and returns the process exit status.
 */
#pragma once

#include <glib.h>

#include "media/md-analyze.h"

G_BEGIN_DECLS

/* mixdesk analyze FILE... [--json]: 0 all files measured, 2 usage or a file
 * could not be read (the others are still reported). */
int   md_analyze_cmd_main   (int          argc,
                             char       **argv);
/* mixdesk deliver FILE --target NAME [--codec C]... [-o DIR] [--json]:
 * 0 pass, 1 fail, 2 usage or I/O error. */
int   md_deliver_cmd_main   (int          argc,
                             char       **argv);

/* JSON output shared by both (md-analyze-cmd.c). Numbers use '.' whatever
 * the locale; non-finite numbers are written as null. */
void  md_json_append_string (GString     *json,
                             const char  *text);
void  md_json_append_number (GString     *json,
                             double       value,
                             int          decimals);
/* The analyze keys of one file as an object, indented by INDENT spaces. */
void  md_json_append_loudness (GString          *json,
                               const char       *file,
                               const MdLoudness *loudness,
                               guint             indent);

G_END_DECLS
