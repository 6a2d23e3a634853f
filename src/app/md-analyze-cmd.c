/* md-analyze-cmd.c: `mixdesk analyze`.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "md-app.h"
#include "md-cmds-extra.h"

#define CMD "analyze"

void
md_json_append_string (GString    *json,
                       const char *text)
{
  g_string_append_c (json, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c == '"' || c == '\\')
        g_string_append_printf (json, "\\%c", c);
      else if (c == '\n')
        g_string_append (json, "\\n");
      else if (c == '\t')
        g_string_append (json, "\\t");
      else if (c < 0x20)
        g_string_append_printf (json, "\\u%04x", c);
      else
        g_string_append_c (json, (char)c);
    }
  g_string_append_c (json, '"');
}

void
md_json_append_number (GString *json,
                       double   value,
                       int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  if (!isfinite (value))
    {
      g_string_append (json, "null");
      return;
    }
  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 9));
  /* No "-0.000". */
  if (fabs (value) < 0.5 * pow (10.0, -decimals))
    value = 0.0;
  g_string_append (json, g_ascii_formatd (buf, sizeof buf, format, value));
}

void
md_json_append_loudness (GString          *json,
                         const char       *file,
                         const MdLoudness *l,
                         guint             indent)
{
  g_autofree char *pad = g_strnfill (indent + 2, ' ');
  const struct { const char *key; double value; int decimals; } rows[] = {
    { "integrated_lufs",     l->integrated_lufs,     3 },
    { "lra_lu",              l->lra_lu,              3 },
    { "true_peak_dbtp",      l->true_peak_dbtp,      3 },
    { "sample_peak_dbfs",    l->sample_peak_dbfs,    3 },
    { "momentary_max_lufs",  l->momentary_max_lufs,  3 },
    { "short_term_max_lufs", l->short_term_max_lufs, 3 },
    { "correlation",         l->correlation,         4 },
    { "duration_s",          l->duration_s,          3 },
  };

  g_string_append (json, "{\n");
  g_string_append_printf (json, "%s\"file\": ", pad);
  md_json_append_string (json, file);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_string_append_printf (json, ",\n%s\"%s\": ", pad, rows[i].key);
      md_json_append_number (json, rows[i].value, rows[i].decimals);
    }
  g_string_append_printf (json, "\n%*s}", (int)indent, "");
}

static char *
format_level (double value,
              int    decimals)
{
  if (isnan (value))
    return g_strdup ("-");
  if (isinf (value))
    return g_strdup (value < 0 ? "-inf" : "inf");
  return g_strdup_printf ("%.*f", decimals, fabs (value) < 0.5 * pow (10.0, -decimals) ? 0.0 : value);
}

static void
print_row (const char       *file,
           const MdLoudness *l)
{
  g_autofree char *i = format_level (l->integrated_lufs, 1);
  g_autofree char *lra = format_level (l->lra_lu, 1);
  g_autofree char *tp = format_level (l->true_peak_dbtp, 1);
  g_autofree char *sp = format_level (l->sample_peak_dbfs, 1);
  g_autofree char *m = format_level (l->momentary_max_lufs, 1);
  g_autofree char *s = format_level (l->short_term_max_lufs, 1);
  g_autofree char *corr = g_strdup_printf ("%+.2f", fabs (l->correlation) < 0.005 ? 0.0 : l->correlation);

  printf ("%8s %7s %9s %9s %9s %9s %6s %9.3f  %s\n", i, lra, tp, sp, m, s, corr, l->duration_s, file);
}

int
md_analyze_cmd_main (int    argc,
                     char **argv)
{
  g_auto(GStrv) files = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON (one object, or an array for several files)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_files, n_ok = 0;
  int status = 0;

  context = g_option_context_new (_("— measure loudness (EBU R 128), true peak and correlation"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Integrated loudness and LRA per EBU R 128 / ITU-R BS.1770 (libebur128),\n"
      "true peak (4× oversampled), sample peak, maximum momentary and short-term\n"
      "loudness (evaluated every 10 ms), stereo correlation and duration."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      md_app_error (CMD, "%s", error->message);
      return 2;
    }
  n_files = files != NULL ? g_strv_length (files) : 0;
  if (n_files == 0)
    {
      md_app_error (CMD, _("no file given (usage: mixdesk analyze FILE... [--json])"));
      return 2;
    }

  if (!json)
    printf ("%8s %7s %9s %9s %9s %9s %6s %9s  %s\n",
            _("I LUFS"), _("LRA LU"), _("TP dBTP"), _("SP dBFS"), _("M max"), _("S max"),
            _("Corr"), _("Dur s"), _("File"));
  for (guint f = 0; f < n_files; f++)
    {
      MdLoudness l;

      g_clear_error (&error);
      if (!md_analyze_file (files[f], MD_ANALYZE_LOUDNESS | MD_ANALYZE_MAX_MS, &l, NULL, &error))
        {
          md_app_error (CMD, "%s", error->message);
          status = 2;
          continue;
        }
      if (!json)
        {
          print_row (files[f], &l);
          fflush (stdout);
          continue;
        }
      if (n_files > 1)
        g_string_append (out, n_ok == 0 ? "[\n  " : ",\n  ");
      md_json_append_loudness (out, files[f], &l, n_files > 1 ? 2 : 0);
      n_ok++;
    }
  if (json)
    {
      if (n_files > 1)
        g_string_append (out, n_ok == 0 ? "[]\n" : "\n]\n");
      else if (n_ok == 1)
        g_string_append_c (out, '\n');
      fputs (out->str, stdout);
    }
  return status;
}
