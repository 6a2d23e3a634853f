/* md-deliver-cmd.c: `mixdesk deliver`.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "md-app.h"
#include "md-cmds-extra.h"
#include "media/md-deliver.h"

#define CMD "deliver"
/* Overs listed with their times in the text report (JSON lists all kept). */
#define TEXT_OVERS_LISTED 10

static const char *
verdict_word (gboolean pass)
{
  return pass ? "PASS" : "FAIL";
}

static const char *
criterion_label (MdCriterion criterion)
{
  switch (criterion)
    {
    case MD_CRITERION_INTEGRATED:     return _("integrated");
    case MD_CRITERION_TRUE_PEAK:      return _("true peak");
    case MD_CRITERION_SHORT_TERM_MAX: return _("max short-term");
    case MD_N_CRITERIA:
    default:                          return "?";
    }
}

static const char *
criterion_unit (MdCriterion criterion)
{
  return criterion == MD_CRITERION_TRUE_PEAK ? "dBTP" : "LUFS";
}

static void
print_overs (const MdOvers *overs,
             const char    *indent)
{
  guint listed = MIN (overs->events->len, TEXT_OVERS_LISTED);

  /* %llu, not G_GUINT64_FORMAT: xgettext cannot expand GLib's macros. */
  printf (_("%sovers: %llu on-sample, %llu inter-sample\n"), indent,
          (unsigned long long)overs->n_on_sample, (unsigned long long)overs->n_inter_sample);
  for (guint i = 0; i < listed; i++)
    {
      const MdOver *o = &g_array_index (overs->events, MdOver, i);

      printf ("%s  %10.4f s  ch %u  %-12s %+6.2f dBFS\n", indent, o->time_s, o->channel + 1,
              o->kind == MD_OVER_ON_SAMPLE ? "on-sample" : "inter-sample", o->value_dbfs);
    }
  if (overs->n_on_sample + overs->n_inter_sample > listed)
    printf (_("%s  … %llu more\n"), indent,
            (unsigned long long)(overs->n_on_sample + overs->n_inter_sample - listed));
}

static void
print_text (const char             *file,
            const MdDeliveryTarget *target,
            const MdLoudness       *l,
            const MdOvers          *overs,
            const MdCodecResult    *results,
            guint                   n_results,
            const MdVerdict        *v,
            const char             *kept_dir)
{
  printf (_("%s: target %s (%s): %.1f LUFS ±%.1f LU, true peak ≤ %.1f dBTP"), file,
          target->name, _(target->title), target->integrated_lufs, target->tolerance_lu,
          target->max_true_peak_dbtp);
  if (!isnan (target->max_short_term_lufs))
    printf (_(", max short-term ≤ %.1f LUFS"), target->max_short_term_lufs);
  printf ("\n");
  for (guint c = 0; c < MD_N_CRITERIA; c++)
    {
      const MdCheck *k = &v->checks[c];
      g_autofree char *range = NULL;

      if (!k->applies)
        continue;
      range = isinf (k->min) ? g_strdup_printf ("<= %.1f", k->max)
                             : g_strdup_printf ("%.1f..%.1f", k->min, k->max);
      printf ("  %-15s %7.1f %-4s  %-13s %s", criterion_label (k->criterion), k->measured,
              criterion_unit (k->criterion), range, verdict_word (k->pass));
      if (!k->pass && k->gain_db != 0.0)
        printf (_("  gain %+.2f dB"), k->gain_db);
      printf ("\n");
    }
  printf (_("  LRA %.1f LU, sample peak %.1f dBFS, max momentary %.1f LUFS\n"),
          l->lra_lu, l->sample_peak_dbfs, l->momentary_max_lufs);
  print_overs (overs, "  ");
  for (guint i = 0; i < n_results; i++)
    {
      const MdCodecResult *r = &results[i];

      printf (_("  %s (%.0f Hz%s): decoded true peak %.1f dBTP (8x %.1f), sample peak %.1f dBFS, "
                "integrated %.1f LUFS  %s"),
              md_codec_name (r->codec), r->rate_hz, r->resampled ? _(", resampled") : "",
              r->decoded.true_peak_dbtp, r->overs->peak_8x_dbtp, r->decoded.sample_peak_dbfs,
              r->decoded.integrated_lufs, verdict_word (r->pass));
      if (!r->pass)
        printf (_("  gain %+.2f dB"), r->gain_db);
      printf ("\n");
      print_overs (r->overs, "    ");
    }
  if (v->pass)
    printf (_("result: PASS\n"));
  else if (v->gain_passes)
    printf (_("result: FAIL: apply %+.2f dB gain to pass\n"), v->gain_db);
  else if (isfinite (l->integrated_lufs))
    printf (_("result: FAIL: gain alone cannot pass: apply %+.2f dB gain and limit peaks by %.2f dB\n"),
            v->gain_db, v->limit_db);
  else
    printf (_("result: FAIL: no measurable loudness\n"));
  if (kept_dir != NULL && n_results > 0)
    printf (_("encoded files kept in %s\n"), kept_dir);
}

static void
json_overs (GString       *json,
            const MdOvers *overs,
            const char    *pad)
{
  g_string_append_printf (json, "%s\"on_sample_overs\": %" G_GUINT64_FORMAT ",\n", pad,
                          overs->n_on_sample);
  g_string_append_printf (json, "%s\"inter_sample_overs\": %" G_GUINT64_FORMAT ",\n", pad,
                          overs->n_inter_sample);
  g_string_append_printf (json, "%s\"overs\": [", pad);
  for (guint i = 0; i < overs->events->len; i++)
    {
      const MdOver *o = &g_array_index (overs->events, MdOver, i);

      g_string_append (json, i ? ",\n" : "\n");
      g_string_append_printf (json, "%s  { \"time_s\": ", pad);
      md_json_append_number (json, o->time_s, 6);
      g_string_append_printf (json, ", \"channel\": %u, \"kind\": \"%s\", \"value_dbfs\": ",
                              o->channel + 1,
                              o->kind == MD_OVER_ON_SAMPLE ? "on-sample" : "inter-sample");
      md_json_append_number (json, o->value_dbfs, 3);
      g_string_append (json, " }");
    }
  if (overs->events->len > 0)
    g_string_append_printf (json, "\n%s]", pad);
  else
    g_string_append_c (json, ']');
}

static void
print_json (const char             *file,
            const MdDeliveryTarget *target,
            const MdLoudness       *l,
            const MdOvers          *overs,
            const MdCodecResult    *results,
            guint                   n_results,
            const MdVerdict        *v,
            gboolean                kept)
{
  g_autoptr(GString) json = g_string_new ("{\n  \"file\": ");
  gboolean first = TRUE;

  md_json_append_string (json, file);
  g_string_append (json, ",\n  \"target\": ");
  md_json_append_string (json, target->name);
  g_string_append_printf (json, ",\n  \"pass\": %s,\n  \"analysis\": ", v->pass ? "true" : "false");
  md_json_append_loudness (json, file, l, 2);
  g_string_append (json, ",\n");
  json_overs (json, overs, "  ");
  g_string_append (json, ",\n  \"criteria\": [");
  for (guint c = 0; c < MD_N_CRITERIA; c++)
    {
      const MdCheck *k = &v->checks[c];

      if (!k->applies)
        continue;
      g_string_append_printf (json, "%s\n    { \"name\": \"%s\", \"measured\": ", first ? "" : ",",
                              md_criterion_name (k->criterion));
      first = FALSE;
      md_json_append_number (json, k->measured, 3);
      g_string_append (json, ", \"min\": ");
      md_json_append_number (json, k->min, 3);
      g_string_append (json, ", \"max\": ");
      md_json_append_number (json, k->max, 3);
      g_string_append_printf (json, ", \"pass\": %s, \"gain_db\": ", k->pass ? "true" : "false");
      md_json_append_number (json, k->gain_db, 3);
      g_string_append (json, " }");
    }
  g_string_append (json, "\n  ],\n  \"codecs\": [");
  for (guint i = 0; i < n_results; i++)
    {
      const MdCodecResult *r = &results[i];

      g_string_append_printf (json, "%s\n    {\n      \"codec\": \"%s\",\n      \"file\": ",
                              i ? "," : "", md_codec_name (r->codec));
      if (kept)
        md_json_append_string (json, r->path);
      else
        g_string_append (json, "null");
      g_string_append_printf (json, ",\n      \"rate_hz\": %.0f,\n      \"resampled\": %s,\n"
                              "      \"true_peak_dbtp\": ",
                              r->rate_hz, r->resampled ? "true" : "false");
      md_json_append_number (json, r->decoded.true_peak_dbtp, 3);
      g_string_append (json, ",\n      \"peak_8x_dbtp\": ");
      md_json_append_number (json, r->overs->peak_8x_dbtp, 3);
      g_string_append (json, ",\n      \"sample_peak_dbfs\": ");
      md_json_append_number (json, r->decoded.sample_peak_dbfs, 3);
      g_string_append (json, ",\n      \"integrated_lufs\": ");
      md_json_append_number (json, r->decoded.integrated_lufs, 3);
      g_string_append (json, ",\n");
      json_overs (json, r->overs, "      ");
      g_string_append_printf (json, ",\n      \"pass\": %s,\n      \"gain_db\": ",
                              r->pass ? "true" : "false");
      md_json_append_number (json, r->gain_db, 3);
      g_string_append (json, "\n    }");
    }
  g_string_append (json, n_results ? "\n  ],\n" : "],\n");
  g_string_append (json, "  \"suggested_gain_db\": ");
  md_json_append_number (json, v->gain_db, 3);
  g_string_append_printf (json, ",\n  \"gain_alone_passes\": %s,\n  \"limit_db\": ",
                          v->gain_passes ? "true" : "false");
  md_json_append_number (json, v->limit_db, 3);
  g_string_append (json, "\n}\n");
  fputs (json->str, stdout);
}

int
md_deliver_cmd_main (int    argc,
                     char **argv)
{
  g_auto(GStrv) files = NULL;
  g_auto(GStrv) codec_names = NULL;
  g_autofree char *target_name = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *tmp_dir = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING, &target_name,
      N_("Delivery target: ebu-r128, ebu-r128-s1, atsc-a85, streaming, apple, aes-td1008"),
      N_("NAME") },
    { "codec", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &codec_names,
      N_("Encode, decode and check with mp3, opus, vorbis or flac (repeatable)"), N_("CODEC") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
      N_("Keep the encoded files in DIR (default: a temporary directory, removed)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdOvers) overs = NULL;
  const MdDeliveryTarget *target;
  MdCodec chosen[MD_N_CODECS];
  MdCodecResult results[MD_N_CODECS];
  guint n_codecs = 0, n_results = 0;
  MdLoudness loudness;
  MdVerdict verdict;
  const char *dir;
  int status = 2;

  memset (results, 0, sizeof results);
  context = g_option_context_new (_("— check a file against a delivery target"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Measures FILE against the target's integrated loudness, true-peak ceiling\n"
      "and max short-term loudness, encodes it with each codec, decodes it and\n"
      "reports the decoded true peak and overs, and the gain change that passes.\n"
      "Exit status: 0 pass, 1 fail, 2 usage or I/O error."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      md_app_error (CMD, "%s", error->message);
      return 2;
    }
  if (files == NULL || files[0] == NULL)
    {
      md_app_error (CMD, _("no file given (usage: mixdesk deliver FILE --target NAME)"));
      return 2;
    }
  if (files[1] != NULL)
    {
      md_app_error (CMD, _("only one file can be checked at a time (got “%s” and “%s”)"),
                    files[0], files[1]);
      return 2;
    }
  if (target_name == NULL)
    {
      g_autofree char *names = md_delivery_target_names ();

      md_app_error (CMD, _("no target: give --target NAME (%s)"), names);
      return 2;
    }
  target = md_delivery_target_find (target_name);
  if (target == NULL)
    {
      g_autofree char *names = md_delivery_target_names ();

      md_app_error (CMD, _("--target %s: unknown target (known: %s)"), target_name, names);
      return 2;
    }
  for (guint i = 0; codec_names != NULL && codec_names[i] != NULL; i++)
    {
      MdCodec codec;
      gboolean seen = FALSE;

      if (!md_codec_from_string (codec_names[i], &codec))
        {
          md_app_error (CMD, _("--codec %s: unknown codec (known: mp3, opus, vorbis, flac)"),
                        codec_names[i]);
          return 2;
        }
      for (guint j = 0; j < n_codecs; j++)
        seen = seen || chosen[j] == codec;
      if (!seen)
        chosen[n_codecs++] = codec;
    }

  if (!md_analyze_file (files[0], MD_ANALYZE_ALL, &loudness, &overs, &error))
    {
      md_app_error (CMD, "%s", error->message);
      return 2;
    }

  if (n_codecs > 0)
    {
      if (out_dir != NULL)
        {
          if (g_mkdir_with_parents (out_dir, 0777) != 0)
            {
              int saved = errno;

              md_app_error (CMD, _("Cannot create %s: %s"), out_dir, g_strerror (saved));
              return 2;
            }
          dir = out_dir;
        }
      else
        {
          tmp_dir = g_dir_make_tmp ("mixdesk-deliver-XXXXXX", &error);
          if (tmp_dir == NULL)
            {
              md_app_error (CMD, "%s", error->message);
              return 2;
            }
          dir = tmp_dir;
        }
      for (guint i = 0; i < n_codecs; i++)
        {
          if (!md_codec_round_trip (files[0], chosen[i], dir, target, &results[n_results], &error))
            {
              md_app_error (CMD, "%s", error->message);
              goto out;
            }
          n_results++;
        }
    }

  md_delivery_check (target, &loudness, results, n_results, &verdict);
  if (json)
    print_json (files[0], target, &loudness, overs, results, n_results, &verdict, out_dir != NULL);
  else
    print_text (files[0], target, &loudness, overs, results, n_results, &verdict, out_dir);
  status = verdict.pass ? 0 : 1;

out:
  for (guint i = 0; i < n_results; i++)
    {
      if (tmp_dir != NULL && results[i].path != NULL)
        g_remove (results[i].path);
      md_codec_result_clear (&results[i]);
    }
  if (tmp_dir != NULL)
    g_rmdir (tmp_dir);
  return status;
}
