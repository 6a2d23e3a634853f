/* md-session-util.h: random sessions and comparisons for the session tests.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "session/md-session.h"

G_BEGIN_DECLS

/* A session with up to MAX_STRIPS strips (names with quotes, backslashes
 * and non-ASCII, sources below DIR, elsewhere and on JACK, colours), a
 * random number of buses with names, every parameter of every object set
 * to a random valid value, JACK connections, and with SCENES, up to three
 * scenes with random scopes, fades and recall-safes. */
MdSession *mdt_session_random      (GRand      *rand,
                                    const char *dir,
                                    guint       max_strips,
                                    gboolean    scenes);
/* Set every parameter to a random valid value. */
void       mdt_session_randomise   (MdSession  *s,
                                    GRand      *rand);
/* Same structure, names, sources, colours, every value bit for bit, same
 * connections and the same serialisation (scenes included). */
void       mdt_session_assert_same (MdSession  *a,
                                    MdSession  *b);

G_END_DECLS
