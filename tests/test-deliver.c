/* test-deliver.c: delivery targets, verdicts, suggested gain, codec round trips.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sndfile.h>

#include "media/md-deliver.h"

#define RATE 48000
/* Suggested gains are checked to 0.1 dB. */
#define GAIN_TOL 0.1

static char *tmp_dir;

static double
db_to_lin (double db)
{
  return pow (10.0, db / 20.0);
}

/* A stereo file (both channels the same) from MONO. */
static char *
write_file (const char  *name,
            const float *mono,
            gsize        n,
            int          rate,
            int          subformat)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree float *inter = g_new (float, 2 * n);
  SF_INFO info = { 0 };
  SNDFILE *f;

  info.samplerate = rate;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | subformat;
  f = sf_open (path, SFM_WRITE, &info);
  g_assert_nonnull (f);
  for (gsize i = 0; i < n; i++)
    inter[2 * i] = inter[2 * i + 1] = mono[i];
  g_assert_cmpint (sf_writef_float (f, inter, (sf_count_t)n), ==, (sf_count_t)n);
  sf_close (f);
  return path;
}

/* SECONDS of 1 kHz at LEVEL_DBFS; with BURST, 10 ms in the middle at 0.99. */
static char *
write_tone (const char *name,
            double      level_dbfs,
            double      seconds,
            gboolean    burst)
{
  gsize n = (gsize)(seconds * RATE), mid = n / 2, len = RATE / 100;
  g_autofree float *x = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    {
      double amp = burst && i >= mid && i < mid + len ? 0.99 : db_to_lin (level_dbfs);

      x[i] = (float)(amp * sin (2.0 * G_PI * 1000.0 * i / RATE));
    }
  return write_file (name, x, n, RATE, SF_FORMAT_PCM_24);
}

/* Integrated loudness expected of write_tone(): a 1 kHz sine reads its
 * peak level +0.007 LU (K-weighting at 1 kHz, stereo), plus the power of
 * the burst averaged over the file. */
static double
expected_tone_lufs (double   level_dbfs,
                    double   seconds,
                    gboolean burst)
{
  double p = db_to_lin (level_dbfs) * db_to_lin (level_dbfs);
  double mean = burst ? ((seconds - 0.01) * p + 0.01 * 0.99 * 0.99) / seconds : p;

  return level_dbfs + 0.007 + 10.0 * log10 (mean / p);
}

static void
measure (const char *path,
         MdLoudness *l)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_analyze_file (path, MD_ANALYZE_LOUDNESS | MD_ANALYZE_MAX_MS, l, NULL, &error));
  g_assert_no_error (error);
}

static void
test_targets (void)
{
  const MdDeliveryTarget *t;
  guint n = 0;
  g_autofree char *names = md_delivery_target_names ();

  md_delivery_targets (&n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpstr (names, ==, "ebu-r128, ebu-r128-s1, atsc-a85, streaming, apple, aes-td1008");
  t = md_delivery_target_find ("ebu-r128");
  g_assert_cmpfloat (t->integrated_lufs, ==, -23.0);
  g_assert_cmpfloat (t->tolerance_lu, ==, 0.2);
  g_assert_cmpfloat (t->max_true_peak_dbtp, ==, -1.0);
  g_assert_true (isnan (t->max_short_term_lufs));
  t = md_delivery_target_find ("ebu-r128-s1");
  g_assert_cmpfloat (t->max_short_term_lufs, ==, -18.0);
  t = md_delivery_target_find ("atsc-a85");
  g_assert_cmpfloat (t->integrated_lufs, ==, -24.0);
  g_assert_cmpfloat (t->tolerance_lu, ==, 2.0);
  g_assert_cmpfloat (t->max_true_peak_dbtp, ==, -2.0);
  g_assert_cmpfloat (md_delivery_target_find ("streaming")->integrated_lufs, ==, -14.0);
  g_assert_cmpfloat (md_delivery_target_find ("apple")->integrated_lufs, ==, -16.0);
  g_assert_cmpfloat (md_delivery_target_find ("aes-td1008")->integrated_lufs, ==, -16.0);
  g_assert_null (md_delivery_target_find ("r128"));
}

static void
test_pass (void)
{
  g_autofree char *path = write_tone ("pass.wav", -23.0, 10.0, FALSE);
  MdLoudness l;
  MdVerdict v;

  measure (path, &l);
  md_delivery_check (md_delivery_target_find ("ebu-r128"), &l, NULL, 0, &v);
  g_assert_true (v.pass);
  g_assert_true (v.checks[MD_CRITERION_INTEGRATED].pass);
  g_assert_true (v.checks[MD_CRITERION_TRUE_PEAK].pass);
  g_assert_false (v.checks[MD_CRITERION_SHORT_TERM_MAX].applies);
  g_assert_cmpfloat (v.gain_db, ==, 0.0);
  g_remove (path);
}

static void
test_too_loud (void)
{
  g_autofree char *path = write_tone ("loud.wav", -13.0, 10.0, FALSE);
  MdLoudness l;
  MdVerdict v;

  measure (path, &l);
  md_delivery_check (md_delivery_target_find ("ebu-r128"), &l, NULL, 0, &v);
  g_test_message ("too loud: I %.3f, TP %.3f, suggested %+.3f dB", l.integrated_lufs,
                  l.true_peak_dbtp, v.gain_db);
  g_assert_false (v.pass);
  g_assert_false (v.checks[MD_CRITERION_INTEGRATED].pass);
  g_assert_true (v.checks[MD_CRITERION_TRUE_PEAK].pass);
  g_assert_cmpfloat_with_epsilon (v.checks[MD_CRITERION_INTEGRATED].gain_db,
                                  -23.0 - expected_tone_lufs (-13.0, 10.0, FALSE), GAIN_TOL);
  g_assert_true (v.gain_passes);
  g_assert_cmpfloat_with_epsilon (v.gain_db, -23.0 - expected_tone_lufs (-13.0, 10.0, FALSE), GAIN_TOL);
  g_remove (path);
}

static void
test_hot_true_peak (void)
{
  g_autofree char *path = write_tone ("hot.wav", -14.0, 10.0, TRUE);
  g_autofree char *path2 = write_tone ("hot-quiet.wav", -15.5, 10.0, TRUE);
  double expected = -1.0 - 20.0 * log10 (0.99);
  MdLoudness l;
  MdVerdict v;

  /* I on target, true peak -0.09 dBTP: only the true peak fails, and
   * -0.91 dB fixes it (I stays within ±1 LU). */
  measure (path, &l);
  md_delivery_check (md_delivery_target_find ("streaming"), &l, NULL, 0, &v);
  g_test_message ("hot: I %.3f, TP %.3f, suggested %+.3f dB", l.integrated_lufs,
                  l.true_peak_dbtp, v.gain_db);
  g_assert_false (v.pass);
  g_assert_true (v.checks[MD_CRITERION_INTEGRATED].pass);
  g_assert_false (v.checks[MD_CRITERION_TRUE_PEAK].pass);
  g_assert_cmpfloat_with_epsilon (v.checks[MD_CRITERION_TRUE_PEAK].gain_db, expected, GAIN_TOL);
  g_assert_true (v.gain_passes);
  g_assert_cmpfloat_with_epsilon (v.gain_db, expected, GAIN_TOL);

  /* I 1.5 LU low and the peak hot: no gain alone passes; the suggestion
   * goes to the target and asks for limiting of the rest. */
  measure (path2, &l);
  md_delivery_check (md_delivery_target_find ("streaming"), &l, NULL, 0, &v);
  g_test_message ("hot and quiet: I %.3f, TP %.3f, suggested %+.3f dB, limit %.3f dB",
                  l.integrated_lufs, l.true_peak_dbtp, v.gain_db, v.limit_db);
  g_assert_false (v.pass);
  g_assert_false (v.checks[MD_CRITERION_INTEGRATED].pass);
  g_assert_false (v.checks[MD_CRITERION_TRUE_PEAK].pass);
  g_assert_false (v.gain_passes);
  g_assert_cmpfloat_with_epsilon (v.gain_db, -14.0 - expected_tone_lufs (-15.5, 10.0, TRUE), GAIN_TOL);
  g_assert_cmpfloat_with_epsilon (v.limit_db, -14.0 - expected_tone_lufs (-15.5, 10.0, TRUE) - expected,
                                  GAIN_TOL);
  g_remove (path);
  g_remove (path2);
}

static void
test_short_form (void)
{
  /* 3 s at -15 dBFS then 27 s at -25: max S about -15 LUFS. */
  gsize n = 30 * RATE;
  g_autofree float *x = g_new (float, n);
  g_autofree char *path = NULL;
  MdLoudness l;
  MdVerdict v;

  for (gsize i = 0; i < n; i++)
    x[i] = (float)(db_to_lin (i < 3 * RATE ? -15.0 : -25.0) * sin (2.0 * G_PI * 1000.0 * i / RATE));
  path = write_file ("short.wav", x, n, RATE, SF_FORMAT_PCM_24);
  measure (path, &l);
  md_delivery_check (md_delivery_target_find ("ebu-r128-s1"), &l, NULL, 0, &v);
  g_test_message ("short form: I %.3f, max S %.3f, suggested %+.3f dB", l.integrated_lufs,
                  l.short_term_max_lufs, v.gain_db);
  g_assert_true (v.checks[MD_CRITERION_SHORT_TERM_MAX].applies);
  g_assert_false (v.checks[MD_CRITERION_SHORT_TERM_MAX].pass);
  g_assert_false (v.pass);
  g_assert_cmpfloat_with_epsilon (l.short_term_max_lufs, -15.0, 0.1);
  g_assert_cmpfloat_with_epsilon (v.checks[MD_CRITERION_SHORT_TERM_MAX].gain_db, -3.0, GAIN_TOL);
  /* The same file has no max-S criterion for plain R 128. */
  md_delivery_check (md_delivery_target_find ("ebu-r128"), &l, NULL, 0, &v);
  g_assert_false (v.checks[MD_CRITERION_SHORT_TERM_MAX].applies);
  g_remove (path);
}

/* Crushed noise: low-passed white noise driven about 12 dB into a hard
 * clip, then scaled to exactly -1.0 dBTP: hot material that lossy encoders
 * overshoot. */
static char *
write_crushed (const char *name,
               int         rate,
               double      seconds)
{
  gsize n = (gsize)(seconds * rate);
  g_autofree float *x = g_new (float, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1008);
  double lp = 0.0, ceiling = db_to_lin (-1.0);

  for (gsize i = 0; i < n; i++)
    {
      lp += 0.3 * (g_rand_double_range (rand, -1.0, 1.0) - lp);
      x[i] = (float)CLAMP (4.0 * 1.7 * lp, -ceiling, ceiling);
    }
  {
    const float *planes[1] = { x };
    MdLoudness l;
    double gain;

    g_assert_true (md_analyze_planes (planes, 1, n, rate, MD_ANALYZE_LOUDNESS, &l, NULL, NULL));
    gain = db_to_lin (-1.0 - l.true_peak_dbtp);
    for (gsize i = 0; i < n; i++)
      x[i] = (float)(x[i] * gain);
  }
  return write_file (name, x, n, rate, SF_FORMAT_FLOAT);
}

static void
test_round_trip (void)
{
  g_autofree char *tone = write_tone ("tone.wav", -3.0, 4.0, FALSE);
  g_autofree char *hot = write_crushed ("crushed.wav", RATE, 4.0);
  g_autofree char *hot44 = write_crushed ("crushed44.wav", 44100, 2.0);
  const MdDeliveryTarget *t = md_delivery_target_find ("streaming");
  g_autoptr(GError) error = NULL;
  MdCodecResult r = { 0 };
  MdLoudness l;
  MdVerdict v;

  /* FLAC (24-bit): the decode measures as the source. */
  measure (tone, &l);
  g_assert_true (md_codec_round_trip (tone, MD_CODEC_FLAC, tmp_dir, t, &r, &error));
  g_assert_no_error (error);
  g_test_message ("flac: source TP %.4f, decoded %.4f", l.true_peak_dbtp, r.decoded.true_peak_dbtp);
  g_assert_cmpfloat_with_epsilon (r.decoded.true_peak_dbtp, l.true_peak_dbtp, 0.01);
  g_assert_cmpfloat_with_epsilon (r.decoded.integrated_lufs, l.integrated_lufs, 0.01);
  g_assert_false (r.resampled);
  g_assert_true (g_str_has_suffix (r.path, "tone-flac.flac"));
  g_assert_true (r.pass);
  g_remove (r.path);
  md_codec_result_clear (&r);

  /* Hot material: MP3 and Opus decodes peak at least as high. */
  measure (hot, &l);
  for (MdCodec c = MD_CODEC_MP3; c <= MD_CODEC_VORBIS; c++)
    {
      g_assert_true (md_codec_round_trip (hot, c, tmp_dir, t, &r, &error));
      g_assert_no_error (error);
      g_test_message ("%s: source TP %.3f dBTP, decoded TP %.3f dBTP (8x %.3f), %" G_GUINT64_FORMAT
                      " on-sample, %" G_GUINT64_FORMAT " inter-sample overs",
                      md_codec_name (c), l.true_peak_dbtp, r.decoded.true_peak_dbtp,
                      r.overs->peak_8x_dbtp,
                      r.overs->n_on_sample, r.overs->n_inter_sample);
      g_assert_cmpfloat_with_epsilon (r.decoded.duration_s, 4.0, 0.01);
      if (c != MD_CODEC_VORBIS)
        {
          g_assert_cmpfloat (r.decoded.true_peak_dbtp, >=, l.true_peak_dbtp);
          g_assert_false (r.pass);
          g_assert_cmpfloat (r.gain_db, <, 0.0);
          g_assert_cmpfloat (r.peak_dbtp, >=, r.decoded.true_peak_dbtp);
          g_assert_cmpfloat_with_epsilon (r.gain_db, -1.0 - r.peak_dbtp, 1e-9);
        }
      /* Over times lie within the file, in order. */
      for (guint i = 0; i < r.overs->events->len; i++)
        {
          const MdOver *o = &g_array_index (r.overs->events, MdOver, i);

          g_assert_cmpfloat (o->time_s, >=, 0.0);
          g_assert_cmpfloat (o->time_s, <=, r.decoded.duration_s);
          g_assert_cmpfloat (o->value_dbfs, >, 0.0);
          if (i > 0)
            g_assert_cmpfloat (o->time_s, >=, g_array_index (r.overs->events, MdOver, i - 1).time_s);
        }
      if (c == MD_CODEC_MP3)
        {
          /* A codec failing fails the delivery, and its peak bounds the gain. */
          md_delivery_check (t, &l, &r, 1, &v);
          g_assert_false (v.pass);
          g_assert_cmpfloat (v.gain_db, <=, -1.0 - r.peak_dbtp + 1e-9);
        }
      g_remove (r.path);
      md_codec_result_clear (&r);
    }

  /* Opus needs 48 kHz: a 44.1 kHz source is resampled. */
  g_assert_true (md_codec_round_trip (hot44, MD_CODEC_OPUS, tmp_dir, t, &r, &error));
  g_assert_no_error (error);
  g_assert_true (r.resampled);
  g_assert_cmpfloat (r.rate_hz, ==, 48000.0);
  g_assert_cmpfloat (r.decoded.rate_hz, ==, 48000.0);
  g_assert_cmpfloat_with_epsilon (r.decoded.duration_s, 2.0, 0.01);
  g_remove (r.path);
  md_codec_result_clear (&r);

  g_remove (tone);
  g_remove (hot);
  g_remove (hot44);
}

/* ---- the commands, through $MD_MIXDESK (skipped until they are wired) ---- */

static int
run_mixdesk (char **out,
             char **err,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status;
  va_list ap;

  g_ptr_array_add (args, (char *)g_getenv ("MD_MIXDESK"));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **)args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  g_test_message ("exit %d, stderr: %s", WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1,
                  *err);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static gboolean
commands_available (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (g_getenv ("MD_MIXDESK") == NULL)
    {
      g_test_skip ("MD_MIXDESK not set");
      return FALSE;
    }
  if (run_mixdesk (&out, &err, "analyze", "--help", NULL) != 0)
    {
      g_test_skip ("mixdesk analyze is not wired into md-main.c yet");
      return FALSE;
    }
  return TRUE;
}

static void
test_cli (void)
{
  g_autofree char *pass = write_tone ("cli-pass.wav", -23.0, 4.0, FALSE);
  g_autofree char *loud = write_tone ("cli-loud.wav", -13.0, 4.0, FALSE);
  const char *keys[] = { "file", "integrated_lufs", "lra_lu", "true_peak_dbtp", "sample_peak_dbfs",
                         "momentary_max_lufs", "short_term_max_lufs", "correlation", "duration_s" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonNode *root;
  JsonObject *obj;
  JsonArray *arr;

  if (!commands_available ())
    return;

  /* analyze --json: one object with exactly the keys; an array for two. */
  g_assert_cmpint (run_mixdesk (&out, &err, "analyze", "--json", pass, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  obj = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (obj), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (obj, keys[i]));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "integrated_lufs"), -23.0, 0.1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_mixdesk (&out, &err, "analyze", "--json", pass, loud, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  arr = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (arr), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The text table: a header line and one line per file. */
  g_assert_cmpint (run_mixdesk (&out, &err, "analyze", pass, loud, NULL), ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_assert_nonnull (strstr (lines[1], "-23.0"));
    g_assert_true (g_str_has_suffix (lines[1], pass));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* deliver: 0 pass, 1 fail, 2 usage / unreadable, with one-line errors. */
  g_assert_cmpint (run_mixdesk (&out, &err, "deliver", pass, "--target", "ebu-r128", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_mixdesk (&out, &err, "deliver", loud, "--target", "ebu-r128", "--json",
                                "--codec", "flac", NULL), ==, 1);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (obj, "pass"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "suggested_gain_db"),
                                  -23.0 - expected_tone_lufs (-13.0, 4.0, FALSE), GAIN_TOL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "codecs")), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_mixdesk (&out, &err, "deliver", pass, "--target", "nope", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "nope"));
  g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_mixdesk (&out, &err, "deliver", "/nonexistent.wav", "--target", "apple", NULL),
                   ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_mixdesk (&out, &err, "analyze", "/nonexistent.wav", NULL), ==, 2);
  g_remove (pass);
  g_remove (loud);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("test-deliver-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  g_test_add_func ("/deliver/targets", test_targets);
  g_test_add_func ("/deliver/pass", test_pass);
  g_test_add_func ("/deliver/too-loud", test_too_loud);
  g_test_add_func ("/deliver/hot-true-peak", test_hot_true_peak);
  g_test_add_func ("/deliver/short-form", test_short_form);
  g_test_add_func ("/deliver/round-trip", test_round_trip);
  g_test_add_func ("/deliver/cli", test_cli);
  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
