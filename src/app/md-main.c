/* md-main.c: main() and subcommand dispatch.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "md-app.h"

/* Options of the live mode (DESIGN §10), which comes with the JACK issue. */
static const char *const live_options[] = {
  "--headless", "--jack-server", "--jack-name", "--start-jack", "--osc-port",
  "--osc-bind", "--osc-allow", "--no-osc", "--strip", "--set", "--save", NULL
};

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
} commands[] = {
  { "render", md_render_cmd },
  { "osc-spec", md_osc_spec_cmd },
  { "bench", md_bench_cmd },
};

void
md_app_error (const char *subcommand,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (subcommand != NULL)
    g_printerr ("mixdesk %s: %s\n", subcommand, message);
  else
    g_printerr ("mixdesk: %s\n", message);
}

static void
print_help (void)
{
  g_print ("%s\n\n%s\n%s\n%s\n%s\n%s\n\n%s\n",
           _("Usage: mixdesk COMMAND [OPTION…]"),
           _("Commands:"),
           _("  render [SESSION] -o OUT   mix a session and/or sound files offline\n"
             "         [--strip FILE]… [--set PATH=VALUE]… [--save FILE]\n"
             "         [--block N] [--format wav|wav16|wav24|flac] [--quiet]"),
           _("  osc-spec                  print the address space as JSON"),
           _("  bench                     measure the engine's cost"),
           _("  --help, --version"),
           _("“mixdesk COMMAND --help” shows the options of a command. Live mode "
             "(mixdesk [SESSION], --headless) needs JACK and comes in a later version."));
}

static gboolean
is_live_option (const char *arg)
{
  for (guint i = 0; live_options[i] != NULL; i++)
    {
      gsize len = strlen (live_options[i]);

      if (strncmp (arg, live_options[i], len) == 0 && (arg[len] == '\0' || arg[len] == '='))
        return TRUE;
    }
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  const char *cmd;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("mixdesk");

  cmd = argc > 1 ? argv[1] : NULL;
  if (cmd != NULL && (strcmp (cmd, "--help") == 0 || strcmp (cmd, "-h") == 0 ||
                      strcmp (cmd, "help") == 0))
    {
      print_help ();
      return 0;
    }
  if (cmd != NULL && (strcmp (cmd, "--version") == 0 || strcmp (cmd, "-V") == 0))
    {
      g_print ("mixdesk %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (guint i = 0; cmd != NULL && i < G_N_ELEMENTS (commands); i++)
    if (strcmp (cmd, commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  if (cmd == NULL || is_live_option (cmd) ||
      (cmd[0] != '-' && (g_str_has_suffix (cmd, ".json") || g_file_test (cmd, G_FILE_TEST_EXISTS))))
    {
      md_app_error (NULL, _("live mode (JACK, GUI, --headless) is not available yet; "
                            "use “mixdesk render” (see “mixdesk --help”)"));
      return 2;
    }
  if (cmd[0] == '-')
    md_app_error (NULL, _("unknown option “%s” (see “mixdesk --help”)"), cmd);
  else
    md_app_error (NULL, _("unknown command “%s” (see “mixdesk --help”)"), cmd);
  return 2;
}
