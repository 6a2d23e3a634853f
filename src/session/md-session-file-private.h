/* md-session-file-private.h: shared by the readers of the session file.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "md-params.h"

G_BEGIN_DECLS

/* Append a formatted warning to WARNINGS (may be NULL); after
 * MD_SESSION_FILE_MAX_WARNINGS, one note that more were left out. */
G_GNUC_PRINTF (2, 3)
void  md_session_file_warn  (GPtrArray  *warnings,
                             const char *format,
                             ...);

/* Engine slots of a scope and the table entry (and sub index) of one;
 * cached (md-scenes.c). */
guint               md_session_scope_n_slots (MdScope  scope);
const MdParamInfo  *md_session_slot_info     (MdScope  scope,
                                              guint    slot,
                                              guint   *sub);

G_END_DECLS
