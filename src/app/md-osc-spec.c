/* md-osc-spec.c: `mixdesk osc-spec [--markdown]` — the address space from
 * the parameter table, as the OSC server describes it (/spec).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "md-app.h"
#include "osc/md-osc.h"

int
md_osc_spec_cmd (int    argc,
                 char **argv)
{
  gboolean markdown = FALSE;
  g_autofree char *text = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--markdown") == 0)
        markdown = TRUE;
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          g_print ("%s\n", _("Usage: mixdesk osc-spec [--markdown]\n"
                             "Print the OSC address space (every parameter with its type, unit, "
                             "range, default and whether it can be automated, the commands, the "
                             "feedback and the meter blob) as JSON, or as the Markdown reference."));
          return 0;
        }
      else
        {
          md_app_error ("osc-spec", _("unexpected argument “%s” (see “mixdesk osc-spec --help”)"), argv[i]);
          return 2;
        }
    }
  text = markdown ? md_osc_spec_markdown () : md_osc_spec_json ();
  g_print ("%s%s", text, g_str_has_suffix (text, "\n") ? "" : "\n");
  return 0;
}
