/* test-cli.c: the mixdesk command line, run as a program ($MD_MIXDESK).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every error path must exit non-zero with one clear line on stderr and
 * leave no output file behind.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "md-params.h"
#include "md-wav-util.h"

typedef struct
{
  char *dir;
  char *a;                   /* 48 kHz mono, 0.2 s */
  char *b;                   /* 48 kHz stereo, 0.3 s */
  char *c44;                 /* 44.1 kHz mono */
  char *out;
} Fixture;

typedef struct
{
  int status;                /* exit status, -1 when killed */
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
mixdesk (void)
{
  return g_getenv ("MD_MIXDESK");
}

/* Run mixdesk with the NULL-terminated arguments. */
static void
run (Run *r, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status;
  va_list args;

  g_ptr_array_add (argv, (char *)mixdesk ());
  va_start (args, r);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  g_test_message ("exit %d, stderr: %s", r->status, r->err);
}

/* Failed: non-zero exit (not a crash), one line on stderr containing
 * every NEEDLE, nothing on stdout. */
static void
assert_failed (Run *r, ...)
{
  const char *needle;
  va_list args;
  char *nl;

  g_assert_cmpint (r->status, >, 0);
  g_assert_cmpstr (r->out, ==, "");
  nl = strchr (r->err, '\n');
  g_assert_nonnull (nl);
  g_assert_cmpstr (nl + 1, ==, "");
  g_assert_true (g_str_has_prefix (r->err, "mixdesk"));
  va_start (args, r);
  while ((needle = va_arg (args, const char *)) != NULL)
    if (strstr (r->err, needle) == NULL)
      g_error ("“%s” does not mention “%s”", r->err, needle);
  va_end (args);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  double freq[2] = { 1000, 500 }, amp[2] = { 0.5, 0.25 };

  f->dir = mdt_tmpdir ();
  f->a = g_build_filename (f->dir, "a.wav", NULL);
  f->b = g_build_filename (f->dir, "b.wav", NULL);
  f->c44 = g_build_filename (f->dir, "c44.wav", NULL);
  f->out = g_build_filename (f->dir, "out.wav", NULL);
  mdt_write_signal (f->a, 48000, 1, 9600, freq, amp, 0);
  mdt_write_signal (f->b, 48000, 2, 14400, freq, amp, 0);
  mdt_write_signal (f->c44, 44100, 1, 4410, freq, amp, 0);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  mdt_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->a);
  g_free (f->b);
  g_free (f->c44);
  g_free (f->out);
}

static gboolean
have_mixdesk (void)
{
  if (mixdesk () != NULL && g_file_test (mixdesk (), G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;
  g_test_skip ("MD_MIXDESK is not set to the mixdesk program");
  return FALSE;
}

static void
assert_only_inputs (Fixture *f, const char *extra)
{
  g_autofree char *listing = mdt_list_dir (f->dir);
  g_autofree char *expected = g_strconcat ("a.wav,b.wav,c44.wav", extra, NULL);

  g_assert_cmpstr (listing, ==, expected);
}

static void
test_help_version (Fixture *f, gconstpointer data)
{
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  g_auto(Run) r3 = { 0 };

  if (!have_mixdesk ())
    return;
  run (&r1, "--version", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_true (g_str_has_prefix (r1.out, "mixdesk " PACKAGE_VERSION));
  run (&r2, "--help", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_nonnull (strstr (r2.out, "render"));
  run (&r3, "render", "--help", NULL);
  g_assert_cmpint (r3.status, ==, 0);
  g_assert_nonnull (strstr (r3.out, "--strip"));
}

static void
test_render_ok (Fixture *f, gconstpointer data)
{
  g_autofree char *session = g_build_filename (f->dir, "s.mixdesk", NULL);
  g_autofree char *out2 = g_build_filename (f->dir, "out2.wav", NULL);
  g_autofree float *x = NULL;
  g_autofree float *y = NULL;
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  gsize n1, n2;
  guint ch;

  if (!have_mixdesk ())
    return;
  run (&r1, "render", "--strip", f->a, "--strip", f->b, "--set", "/strip/2/pan=-0.5",
       "--set", "/strip/1/fader=-6", "--set", "/strip/1/mute=off", "--save", session,
       "-o", f->out, "--block", "17", "--quiet", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_cmpstr (r1.err, ==, "");
  x = mdt_read_file (f->out, NULL, &ch, &n1, NULL);
  g_assert_cmpuint (ch, ==, 2);
  g_assert_cmpuint (n1, ==, 14400);   /* the longest source */

  /* The saved session renders the same mix (sources relative to it). */
  run (&r2, "render", session, "-o", out2, "--format", "wav", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_nonnull (strstr (r2.err, "2"));
  y = mdt_read_file (out2, NULL, NULL, &n2, NULL);
  g_assert_cmpuint (n2, ==, n1);
  g_assert_cmpmem (x, n1 * 2 * sizeof (float), y, n2 * 2 * sizeof (float));
  assert_only_inputs (f, ",out.wav,out2.wav,s.mixdesk");
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.wav", NULL);
  g_autofree char *bad_out = g_build_filename (f->dir, "no-such-dir", "out.wav", NULL);
  g_autofree char *bad_session = g_build_filename (f->dir, "bad.mixdesk", NULL);

  if (!have_mixdesk ())
    return;

  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", missing, "-o", f->out, NULL);
    assert_failed (&r, "missing.wav", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, "--strip", f->c44, "-o", f->out, NULL);
    assert_failed (&r, "a.wav", "48000", "c44.wav", "44100", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, "--set", "/strip/1/volume=3", "-o", f->out, NULL);
    assert_failed (&r, "/strip/1/volume", "nknown address", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, "--set", "/strip/2/fader=0", "-o", f->out, NULL);
    assert_failed (&r, "/strip/2/fader", "no strip 2", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, "--set", "/strip/1/trim=30", "-o", f->out, NULL);
    assert_failed (&r, "/strip/1/trim", "-20 to 20 dB", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, "--set", "/strip/1/pan", "-o", f->out, NULL);
    assert_failed (&r, "PATH=VALUE", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, "-o", bad_out, NULL);
    assert_failed (&r, "no-such-dir", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, "-o", f->dir, NULL);
    assert_failed (&r, "directory", NULL);
  }
  for (guint i = 0; i < 4; i++)
    {
      static const char *const blocks[] = { "0", "abc", "-5", "99999999999" };
      g_auto(Run) r = { 0 };

      run (&r, "render", "--strip", f->a, "--block", blocks[i], "-o", f->out, NULL);
      assert_failed (&r, "--block", NULL);
    }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, "--format", "mp3", "-o", f->out, NULL);
    assert_failed (&r, "--format", "mp3", "flac", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, NULL);
    assert_failed (&r, "-o", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "render", "--strip", f->a, "--bogus", "-o", f->out, NULL);
    assert_failed (&r, "--bogus", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    g_assert_true (g_file_set_contents (bad_session, "{\"format\":\"mixdesk-session\",\"version\":9}", -1, NULL));
    run (&r, "render", bad_session, "-o", f->out, NULL);
    assert_failed (&r, "bad.mixdesk", "version", NULL);
    g_unlink (bad_session);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "frobnicate", NULL);
    assert_failed (&r, "frobnicate", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "--headless", "--jack-server", "mixdesk-cli-test-no-such-server", NULL);
    assert_failed (&r, "No JACK server is running", "--start-jack", NULL);
  }
  {
    g_auto(Run) r = { 0 };
    run (&r, "osc-spec", "extra", NULL);
    assert_failed (&r, "extra", NULL);
  }
  /* No output, no temporary file was left anywhere. */
  assert_only_inputs (f, "");
}

/* A failed render leaves an existing output untouched. */
static void
test_existing_output_kept (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  g_auto(Run) r = { 0 };

  if (!have_mixdesk ())
    return;
  g_assert_true (g_file_set_contents (f->out, "previous", -1, NULL));
  run (&r, "render", "--strip", f->a, "--strip", f->c44, "-o", f->out, NULL);
  assert_failed (&r, "c44.wav", NULL);
  g_assert_true (g_file_get_contents (f->out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "previous");
  assert_only_inputs (f, ",out.wav");
}

static void
test_osc_spec (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) r = { 0 };
  JsonObject *root;
  JsonArray *params;
  gboolean found_fader = FALSE, found_send = FALSE;

  if (!have_mixdesk ())
    return;
  run (&r, "osc-spec", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  params = json_object_get_array_member (root, "params");
  g_assert_cmpuint (json_array_get_length (params), ==, md_params_count ());
  for (guint i = 0; i < json_array_get_length (params); i++)
    {
      JsonObject *p = json_array_get_object_element (params, i);
      const char *address = json_object_get_string_member (p, "address");

      g_assert_true (json_object_has_member (p, "type"));
      g_assert_true (json_object_has_member (p, "automatable"));
      if (g_strcmp0 (address, "/strip/N/fader") == 0)
        {
          found_fader = TRUE;
          g_assert_cmpstr (json_object_get_string_member (p, "unit"), ==, "dB");
          g_assert_cmpfloat (json_object_get_double_member (p, "min"), ==, MD_FADER_MIN_DB);
          g_assert_cmpfloat (json_object_get_double_member (p, "max"), ==, MD_FADER_MAX_DB);
          g_assert_true (json_object_get_boolean_member (p, "automatable"));
        }
      if (g_strcmp0 (address, "/strip/N/send/B/level") == 0)
        found_send = TRUE;
    }
  g_assert_true (found_fader);
  g_assert_true (found_send);
}

/* The Targets block of `bench` names the point of the full-strip table
 * with the worst p99/mean, and that is the table's largest p99/mean, at a
 * point that timed at least 1000 blocks (so its p99 is not its maximum);
 * the next line gives the machine's own p99/mean at that block length. */
static void
assert_worst_p99 (const char *out)
{
  const char *label = "worst block, p99 / mean (full-strip table)";
  const char *table = strstr (out, "\nFull strip:");
  const char *line;
  guint row_strips[6], row_block[6], n_strips, block, n_blocks;
  double row_p99[6], worst, max_p99 = 0;
  gboolean named = FALSE;
  long preempted;

  /* the title, the header, then 6 rows: strips, block, ns, strips/core,
   * load %, p99 */
  g_assert_nonnull (table);
  line = strchr (strchr (table + 1, '\n') + 1, '\n') + 1;
  for (guint i = 0; i < 6; i++, line = strchr (line, '\n') + 1)
    {
      double ns, per_core, load;

      g_assert_cmpint (sscanf (line, "%u %u %lf %lf %lf%% %lf", &row_strips[i], &row_block[i], &ns,
                               &per_core, &load, &row_p99[i]), ==, 6);
      max_p99 = MAX (max_p99, row_p99[i]);
    }

  line = strstr (out, label);
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line + strlen (label), "%lf", &worst), ==, 1);
  line = strchr (line, '\n') + 1;
  g_assert_cmpint (sscanf (line, " at %u strips, %u frames (p99 of %u blocks; "
                           "preempted %ld times while timed)", &n_strips, &block, &n_blocks,
                           &preempted), ==, 4);
  g_assert_cmpuint (n_blocks, >=, 1000);
  g_assert_cmpint (preempted, >=, 0);
  g_assert_cmpfloat (worst, ==, max_p99);
  /* then the machine's own p99/mean at that block length: a ratio of a
   * percentile to a mean of positive times, at least ~1 */
  line = strchr (line, '\n') + 1;
  {
    const char *alone = "this machine alone, same block length";
    double machine;

    g_assert_nonnull (strstr (line, alone));
    g_assert_true (strstr (line, alone) < strchr (line, '\n'));
    g_assert_cmpint (sscanf (strstr (line, alone) + strlen (alone), "%lf", &machine), ==, 1);
    g_assert_cmpfloat (machine, >=, 0.9);
    g_assert_cmpfloat (machine, <, 100.0);
  }
  /* the named point is a row of the table, with that p99/mean */
  for (guint i = 0; i < 6; i++)
    if (row_strips[i] == n_strips && row_block[i] == block && row_p99[i] == worst)
      named = TRUE;
  g_assert_true (named);
}

static void
test_bench (Fixture *f, gconstpointer data)
{
  g_auto(Run) r = { 0 };

  if (!have_mixdesk ())
    return;
  run (&r, "bench", "--quick", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* 6 rows: 8/64/256 strips at 64 and 256 frames. */
  g_assert_nonnull (strstr (r.out, "\n     256      256 "));
  g_assert_nonnull (strstr (r.out, "\n       8       64 "));
  assert_worst_p99 (r.out);
}

/* bench --one with out-of-range sizes: usage error (2), no allocation of
 * a huge engine, no crash */
static void
test_bench_one_bad (Fixture *f, gconstpointer data)
{
  const char *bad[][4] = {
    { "99999999", "64", "2", NULL }, { "4", "100000", "2", NULL },
    { "0", "64", "2", NULL }, { "4", "64", "0", NULL }, { "4", "64", "2", "bogus" },
  };

  if (!have_mixdesk ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Run) r = { 0 };

      run (&r, "bench", "--one", bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, "--one STRIPS BLOCK"));
    }
}

/* bench --one names the vector path; MIXDESK_NO_AVX512 keeps the filters
 * on the AVX2 kernel: the path says so and the output and meters are the
 * same bits. Where the CPU has AVX-512F and the build dispatches, the
 * path without it names the 16-wide filters. */
static void
test_bench_vector_path (Fixture *f, gconstpointer data)
{
  g_auto(Run) wide = { 0 };
  g_auto(Run) narrow = { 0 };
  const char *hw, *hn;

  if (!have_mixdesk ())
    return;
  run (&wide, "bench", "--one", "16", "17", "64", "full", NULL);
  g_setenv ("MIXDESK_NO_AVX512", "1", TRUE);
  run (&narrow, "bench", "--one", "16", "17", "64", "full", NULL);
  g_unsetenv ("MIXDESK_NO_AVX512");
  g_assert_cmpint (wide.status, ==, 0);
  g_assert_cmpint (narrow.status, ==, 0);
  g_assert_true (g_str_has_prefix (wide.out, "vector path: "));
  g_assert_true (g_str_has_prefix (narrow.out, "vector path: "));
  g_assert_null (strstr (narrow.out, "AVX-512F"));
  hw = strstr (wide.out, "output hash ");
  hn = strstr (narrow.out, "output hash ");
  g_assert_nonnull (hw);
  g_assert_nonnull (hn);
  g_assert_cmpstr (hw, ==, hn);
#if defined(__x86_64__)
  if (g_str_has_prefix (wide.out, "vector path: AVX2") && __builtin_cpu_supports ("avx512f"))
    g_assert_nonnull (strstr (wide.out, "AVX-512F"));
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli/help-version", test_help_version);
  ADD ("/cli/render-ok", test_render_ok);
  ADD ("/cli/errors", test_errors);
  ADD ("/cli/bench-vector-path", test_bench_vector_path);
  ADD ("/cli/existing-output-kept", test_existing_output_kept);
  ADD ("/cli/osc-spec", test_osc_spec);
  ADD ("/cli/bench", test_bench);
  ADD ("/cli/bench-one-bad", test_bench_one_bad);
  return g_test_run ();
}
