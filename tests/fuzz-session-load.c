/* fuzz-session-load.c: libFuzzer target for the session loader.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built by `make fuzz` (clang -fsanitize=fuzzer,address,undefined), not by
 * `make check`. Run: tests/fuzz-session-load -max_total_time=300
 * tests/fuzz-corpus (the corpus directory is seeded by `make fuzz`).
 *
 * Property checked besides "no crash, no leak": a file that loads saves to
 * data that loads again to the same data.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session/md-session-file.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* plain malloc, so that ASan sees every GLib allocation */
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSession) session = NULL;

  session = md_session_new_from_data ((const char *)data, size, NULL, warnings, &error);
  if ((session == NULL) == (error == NULL))
    abort ();
  if (session != NULL)
    {
      g_autofree char *once = md_session_to_data (session, NULL, NULL);
      g_autoptr(MdSession) again = md_session_new_from_data (once, strlen (once), NULL, NULL, &error);
      g_autofree char *twice = NULL;

      if (again == NULL)
        abort ();
      twice = md_session_to_data (again, NULL, NULL);
      if (strcmp (once, twice) != 0)
        abort ();
    }
  return 0;
}
