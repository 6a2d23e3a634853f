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
#include "md-cmds-extra.h"
#include "md-live.h"

/* Options of the live mode (DESIGN §10). */
static const char *const live_options[] = {
  "--headless", "--jack-server", "--jack-name", "--start-jack", "--osc-port",
  "--osc-bind", "--osc-allow", "--no-osc", "--strip", "--set", "--save", "--connect", "--buses",
  "--play", "--quit-after", "--verbose", "-v", "--osc-read-only", "--osc-tcp", "--recover", "--autosave", NULL
};

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
} commands[] = {
  { "render", md_render_cmd },
  { "osc-spec", md_osc_spec_cmd },
  { "bench", md_bench_cmd },
  { "analyze", md_analyze_cmd_main },
  { "deliver", md_deliver_cmd_main },
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
  g_print ("%s\n\n%s\n%s\n\n%s\n%s\n%s\n%s\n%s\n\n%s\n",
           _("Usage: mixdesk [--headless] [SESSION] [OPTION…]\n"
             "       mixdesk COMMAND [OPTION…]"),
           _("Live mode (the console on JACK; headless where there is no display):"),
           _("  [SESSION] [--strip SOURCE]… [--buses N] [--set PATH=VALUE]… [--save FILE]\n"
             "  [--jack-server NAME] [--jack-name NAME] [--start-jack] [--play]\n"
             "  [--connect OURPORT=CLIENT:PORT]… [--recover] [--autosave SECONDS]\n"
             "  [--osc-port PORT] [--osc-bind ADDR] [--osc-allow CIDR]… [--osc-read-only CIDR]…\n"
             "  [--osc-tcp] [--no-osc] [--quit-after SECONDS] [--verbose]\n"
             "  SOURCE is a sound file or jack:NAME[:stereo]"),
           _("Commands:"),
           _("  render [SESSION] -o OUT   mix a session and/or sound files offline\n"
             "         [--strip FILE]… [--buses N] [--set PATH=VALUE]… [--save FILE]\n"
             "         [--scene NAME] [--block N] [--format wav|wav16|wav24|flac]\n"
             "         [--dither tpdf|shaped|none] [--quiet]"),
           _("  osc-spec                  print the address space as JSON"),
           _("  analyze FILE… [--json]    loudness (EBU R128), LRA, true peak, peaks, correlation\n"
             "  deliver FILE --target NAME [--codec mp3|opus|vorbis|flac]… [-o DIR] [--json]\n"
             "                            check a master against a delivery target and codecs\n"
             "  bench [--quick]           measure the engine's cost"),
           _("  --help, --version"),
           _("“mixdesk COMMAND --help” shows the options of a command; "
             "“mixdesk --headless --help” those of live mode."));
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
      {
        /* "Usage: mixdesk render [OPTION…]" in the command's --help */
        g_autofree char *prg = g_strdup_printf ("mixdesk %s", commands[i].name);
        g_set_prgname (prg);
        return commands[i].run (argc - 1, argv + 1);
      }

  if (cmd == NULL || is_live_option (cmd) ||
      (cmd[0] != '-' && (g_str_has_suffix (cmd, ".json") || g_file_test (cmd, G_FILE_TEST_EXISTS))))
    return md_live_cmd (argc, argv);
  if (cmd[0] == '-')
    md_app_error (NULL, _("unknown option “%s” (see “mixdesk --help”)"), cmd);
  else
    md_app_error (NULL, _("unknown command “%s” (see “mixdesk --help”)"), cmd);
  return 2;
}
