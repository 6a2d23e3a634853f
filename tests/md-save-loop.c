/* md-save-loop.c: saves a session over and over, for the kill -9 test.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * md-save-loop FILE START: save k = START, START + 1, ... forever. Save k
 * has 1 + k % 64 strips, each with a 1 KB name, and the master fader at
 * -(k % 64) - 0.5 dB, so a reader can tell that a file is one whole save.
 * Prints "saved" to stdout after the first save.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session/md-session.h"
#include "session/md-session-file.h"

int
main (int   argc,
      char *argv[])
{
  guint64 k;

  if (argc != 3)
    {
      fprintf (stderr, "usage: md-save-loop FILE START\n");
      return 2;
    }
  k = g_ascii_strtoull (argv[2], NULL, 10);
  for (gboolean first = TRUE;; first = FALSE, k++)
    {
      g_autoptr(MdSession) s = md_session_new ();
      g_autoptr(GError) error = NULL;
      char name[1000];

      memset (name, 'a' + (int)(k % 26), sizeof name - 1);
      name[sizeof name - 1] = '\0';
      for (guint i = 0; i < 1 + k % 64; i++)
        md_session_add_strip (s, name, i % 2, NULL, NULL);
      md_session_set (s, "/master/fader", -(double)(k % 64) - 0.5, TRUE, NULL);
      if (!md_session_save (s, argv[1], &error))
        {
          fprintf (stderr, "md-save-loop: %s\n", error->message);
          return 1;
        }
      if (first)
        {
          printf ("saved\n");
          fflush (stdout);
        }
    }
  return 0;
}
