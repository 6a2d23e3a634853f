/* test-nsm.c: the NSM client against a protocol-conformant test server:
 * announce, open (create and load), save, dirty/clean, optional GUI,
 * switch, errors, quit on SIGTERM.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "md-nsm-server.h"
#include "md-wav-util.h"
#include "session/md-autosave.h"
#include "session/md-nsm.h"
#include "session/md-session-file.h"

/* A miniature application, wired the way mixdesk wires NSM. */
typedef struct
{
  MdNsm *nsm;
  MdSession *session;
  MdAutosave *autosave;
  char *file;
  char *jack_name;
  int opens, saves, loaded, quits;
  gboolean fail_save;
} App;

static void
dirty_cb (MdAutosave *autosave,
          GParamSpec *pspec,
          App        *app)
{
  md_nsm_set_dirty (app->nsm, md_autosave_get_dirty (autosave));
}

static gboolean
open_cb (MdNsm       *nsm,
         const char  *path,
         const char  *display_name,
         const char  *client_id,
         gpointer     user_data,
         GError     **error)
{
  App *app = user_data;
  g_autofree char *file = md_nsm_session_file (path);
  g_autoptr(MdSession) session = NULL;
  g_autoptr(GError) local_error = NULL;

  app->opens++;
  if (g_file_test (file, G_FILE_TEST_EXISTS))
    {
      session = md_session_load (file, NULL, &local_error);
      if (session == NULL)
        {
          g_set_error (error, MD_NSM_ERROR_CODE_DOMAIN, MD_NSM_ERR_BAD_PROJECT,
                       "%s", local_error->message);
          return FALSE;
        }
    }
  else
    {
      if (g_mkdir_with_parents (path, 0755) != 0)
        {
          g_set_error (error, MD_NSM_ERROR_CODE_DOMAIN, MD_NSM_ERR_CREATE_FAILED, "cannot create %s", path);
          return FALSE;
        }
      session = md_session_new ();
    }
  /* the previous project is closed only once the new one is there */
  g_clear_object (&app->autosave);
  g_clear_object (&app->session);
  app->session = g_steal_pointer (&session);
  g_free (app->file);
  app->file = g_steal_pointer (&file);
  g_free (app->jack_name);
  app->jack_name = g_strdup (client_id);
  app->autosave = md_autosave_new (app->session, app->file);
  md_autosave_set_interval_ms (app->autosave, 0);
  g_signal_connect (app->autosave, "notify::dirty", G_CALLBACK (dirty_cb), app);
  return TRUE;
}

static gboolean
save_cb (MdNsm     *nsm,
         gpointer   user_data,
         GError   **error)
{
  App *app = user_data;

  app->saves++;
  if (app->fail_save)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO, "disk on fire");
      return FALSE;
    }
  if (!md_session_save (app->session, app->file, error))
    return FALSE;
  md_autosave_mark_saved (app->autosave);
  return TRUE;
}

static void
show_cb (MdNsm    *nsm,
         gpointer  user_data)
{
  md_nsm_set_gui_shown (nsm, TRUE);
}

static void
hide_cb (MdNsm    *nsm,
         gpointer  user_data)
{
  md_nsm_set_gui_shown (nsm, FALSE);
}

static void
loaded_cb (MdNsm    *nsm,
           gpointer  user_data)
{
  ((App *)user_data)->loaded++;
}

static void
quit_cb (MdNsm    *nsm,
         gpointer  user_data)
{
  ((App *)user_data)->quits++;
}

static const MdNsmCallbacks callbacks = {
  open_cb, save_cb, show_cb, hide_cb, loaded_cb, quit_cb
};

static void
app_clear (App *app)
{
  g_clear_object (&app->nsm);
  g_clear_object (&app->autosave);
  g_clear_object (&app->session);
  g_clear_pointer (&app->file, g_free);
  g_clear_pointer (&app->jack_name, g_free);
}

static gboolean
wait_active (MdNsm *nsm)
{
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  while (!md_nsm_is_active (nsm) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
  return md_nsm_is_active (nsm);
}

static void
test_no_url (void)
{
  g_autoptr(MdNsm) nsm = md_nsm_new ("mixdesk", "mixdesk", NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_unsetenv ("NSM_URL");
  g_assert_false (md_nsm_announce (nsm, NULL, &error));
  g_assert_error (error, MD_NSM_ERROR, MD_NSM_ERROR_NO_URL);
  g_clear_error (&error);
  g_assert_false (md_nsm_is_active (nsm));
  {
    g_autoptr(MdNsm) other = md_nsm_new ("mixdesk", "mixdesk", NULL, NULL);
    g_assert_false (md_nsm_announce (other, "not a url", &error));
    g_assert_error (error, MD_NSM_ERROR, MD_NSM_ERROR_BAD_URL);
  }
}

static void
test_protocol (void)
{
  MdtNsmServer *server = mdt_nsm_server_new ();
  MdtNsmState *st = mdt_nsm_server_get_state (server);
  g_autofree char *dir = mdt_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "Song", "mixdesk.nABC", NULL);
  g_autofree char *project2 = g_build_filename (dir, "Other", "mixdesk.nABC", NULL);
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  App app = { 0 };

  /* announce through NSM_URL */
  g_setenv ("NSM_URL", mdt_nsm_server_get_url (server), TRUE);
  app.nsm = md_nsm_new ("mixdesk", "/usr/bin/mixdesk", &callbacks, &app);
  g_assert_true (md_nsm_announce (app.nsm, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mdt_nsm_server_wait (server, &st->announces, 1, 2000));
  g_assert_cmpstr (st->app_name, ==, "mixdesk");
  g_assert_cmpstr (st->capabilities, ==, ":switch:dirty:optional-gui:");
  g_assert_cmpstr (st->executable, ==, "/usr/bin/mixdesk");
  g_assert_cmpint (st->api_major, ==, 1);
  g_assert_cmpint (st->api_minor, ==, 1);
  g_assert_cmpint (st->pid, ==, getpid ());
  g_assert_true (wait_active (app.nsm));
  g_assert_cmpstr (md_nsm_get_server_name (app.nsm), ==, "mdt-nsm");
  g_assert_cmpstr (md_nsm_get_server_capabilities (app.nsm), ==, ":server-control:optional-gui:");
  /* :optional-gui: the state right after the announce; the GUI starts hidden */
  g_assert_true (mdt_nsm_server_wait (server, &st->gui_shown, 0, 2000));
  g_assert_cmpint (st->gui_shown, ==, 0);
  /* nothing opened yet: a save is refused */
  mdt_nsm_server_save (server);
  g_assert_true (mdt_nsm_server_wait (server, &st->replies, 1, 2000));
  g_assert_cmpstr (st->reply_to, ==, "/nsm/client/save");
  g_assert_cmpint (st->error_code, ==, MD_NSM_ERR_NO_SESSION_OPEN);

  /* open creates the project; the client id becomes the JACK name */
  mdt_nsm_server_open (server, project, "Song", "mixdesk.nABC");
  g_assert_true (mdt_nsm_server_wait (server, &st->replies, 2, 2000));
  g_assert_cmpstr (st->reply_to, ==, "/nsm/client/open");
  g_assert_cmpint (st->error_code, ==, 0);
  g_assert_cmpint (app.opens, ==, 1);
  g_assert_cmpstr (app.jack_name, ==, "mixdesk.nABC");
  g_assert_cmpstr (md_nsm_get_client_id (app.nsm), ==, "mixdesk.nABC");
  g_assert_cmpstr (md_nsm_get_path (app.nsm), ==, project);
  g_assert_cmpstr (md_nsm_get_display_name (app.nsm), ==, "Song");
  g_assert_true (g_file_test (project, G_FILE_TEST_IS_DIR));
  g_assert_true (mdt_nsm_server_wait (server, &st->dirty_messages, 1, 2000));
  g_assert_cmpint (st->dirty, ==, 0);
  mdt_nsm_server_loaded (server);

  /* a change: is_dirty; save: the file, a reply, is_clean */
  md_session_add_strip (app.session, "Kick", FALSE, NULL, NULL);
  g_assert_true (mdt_nsm_server_wait (server, &st->dirty_messages, 2, 2000));
  g_assert_cmpint (st->dirty, ==, 1);
  md_session_set (app.session, "/strip/1/fader", -5, TRUE, NULL);
  mdt_nsm_server_save (server);
  g_assert_true (mdt_nsm_server_wait (server, &st->replies, 3, 2000));
  g_assert_cmpstr (st->reply_to, ==, "/nsm/client/save");
  g_assert_cmpint (st->error_code, ==, 0);
  g_assert_true (mdt_nsm_server_wait (server, &st->dirty_messages, 3, 2000));
  g_assert_cmpint (st->dirty, ==, 0);
  g_assert_cmpint (app.loaded, ==, 1);
  file = md_nsm_session_file (project);
  {
    g_autoptr(MdSession) back = md_session_load (file, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (md_session_get_n_strips (back), ==, 1);
  }

  /* a failing save answers /error with a code and the reason */
  app.fail_save = TRUE;
  md_session_set (app.session, "/strip/1/fader", -6, TRUE, NULL);
  mdt_nsm_server_save (server);
  g_assert_true (mdt_nsm_server_wait (server, &st->replies, 4, 2000));
  g_assert_cmpint (st->error_code, ==, MD_NSM_ERR_GENERAL);
  g_assert_cmpstr (st->reply_message, ==, "disk on fire");
  app.fail_save = FALSE;

  /* optional GUI */
  mdt_nsm_server_show_gui (server, TRUE);
  g_assert_true (mdt_nsm_server_wait (server, &st->gui_shown, 1, 2000));
  mdt_nsm_server_show_gui (server, FALSE);
  {
    gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    while (st->gui_shown != 0 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpint (st->gui_shown, ==, 0);
  }

  /* :switch: open another project in the same process, then reopen the
   * first one: it loads what was saved */
  mdt_nsm_server_open (server, project2, "Other", "mixdesk.nABC");
  g_assert_true (mdt_nsm_server_wait (server, &st->replies, 5, 2000));
  g_assert_cmpint (st->error_code, ==, 0);
  g_assert_cmpuint (md_session_get_n_strips (app.session), ==, 0);
  mdt_nsm_server_open (server, project, "Song", "mixdesk.nABC");
  g_assert_true (mdt_nsm_server_wait (server, &st->replies, 6, 2000));
  g_assert_cmpint (st->error_code, ==, 0);
  g_assert_cmpuint (md_session_get_n_strips (app.session), ==, 1);

  /* a damaged project is refused with ERR_BAD_PROJECT; the open one stays */
  g_assert_true (g_file_set_contents (file, "{ damaged", -1, NULL));
  mdt_nsm_server_open (server, project, "Song", "mixdesk.nABC");
  g_assert_true (mdt_nsm_server_wait (server, &st->replies, 7, 2000));
  g_assert_cmpint (st->error_code, ==, MD_NSM_ERR_BAD_PROJECT);
  g_assert_nonnull (strstr (st->reply_message, "JSON"));
  g_assert_cmpuint (md_session_get_n_strips (app.session), ==, 1);

  /* every message of the client was a known one */
  for (guint i = 0; i < st->log->len; i++)
    {
      const char *path = g_ptr_array_index (st->log, i);
      static const char *const known[] = {
        "/nsm/server/announce", "/reply", "/error", "/nsm/client/is_dirty", "/nsm/client/is_clean",
        "/nsm/client/gui_is_shown", "/nsm/client/gui_is_hidden", NULL
      };
      if (!g_strv_contains (known, path))
        g_error ("unexpected message %s", path);
    }

  /* SIGTERM: quit at once (the application's quit callback) */
  g_assert_cmpint (raise (SIGTERM), ==, 0);
  {
    gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    while (app.quits == 0 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpint (app.quits, ==, 1);

  app_clear (&app);
  mdt_nsm_server_free (server);
  mdt_rmdir (dir);
}

/* A server that refuses the API: the client stays unmanaged. */
static void
test_not_active_without_reply (void)
{
  g_autoptr(MdNsm) nsm = md_nsm_new ("mixdesk", "mixdesk", NULL, NULL);
  g_autoptr(GError) error = NULL;

  /* nobody listens on port 9 (discard): no reply, never active */
  g_assert_true (md_nsm_announce (nsm, "osc.udp://127.0.0.1:9/", &error));
  g_assert_no_error (error);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_false (md_nsm_is_active (nsm));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nsm/no-url", test_no_url);
  g_test_add_func ("/nsm/protocol", test_protocol);
  g_test_add_func ("/nsm/no-reply", test_not_active_without_reply);
  return g_test_run ();
}
