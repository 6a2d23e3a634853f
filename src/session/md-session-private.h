/* md-session-private.h: shared between the files of the session model.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "md-session.h"

G_BEGIN_DECLS

/* "-20 to 20 dB", "0 or 1 (off or on)", ... for error messages. */
char      *md_session_describe_range      (const MdParamInfo  *info);
/* Check INDEX and SUB of INFO against the current contents. */
gboolean   md_session_check_object        (MdSession          *self,
                                           const MdParamInfo  *info,
                                           guint               index,
                                           guint               sub,
                                           GError            **error);
/* Storage of the name of object INDEX of SCOPE (strips and buses), or NULL. */
char     **md_session_name_slot           (MdSession          *self,
                                           MdScope             scope,
                                           guint               index);
void       md_session_emit_string_changed (MdSession          *self,
                                           const char         *path,
                                           const char         *value);

G_END_DECLS
