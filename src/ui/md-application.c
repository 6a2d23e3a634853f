/* md-application.c: the GtkApplication of mixdesk.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application owns the live console (MdLive) and the session actions.
 * Nothing here blocks the main loop on disk: a save serialises the model
 * in memory and writes it from a worker thread (temporary file, fsync,
 * rename, one ".bak" backup kept); opening reads and parses the file in a
 * worker and then replays it into the live session as commands. A file
 * that cannot be read or parsed changes nothing.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "md-application.h"
#include "session/md-automation.h"
#include "session/md-autosave.h"
#include "session/md-nsm.h"
#include "session/md-scenes.h"
#include "md-mixer-window.h"
#include "md-preferences-window.h"
#include "session/md-session-file.h"
#include "session/md-undo.h"

struct _MdApplication
{
  GtkApplication parent_instance;

  MdLiveOptions opt;
  char *jack_name;            /* from settings when not given */
  char *jack_server;
  MdLive *live;
  GSettings *settings;
  MdMixerWindow *window;
  char *file;                 /* the session file shown and saved to */
  guint n_saving;
  gboolean dirty;
  gboolean quit_after_save;   /* Save in the quit question: quit when it is written */
  guint autosave_id;
  gulong changed_ids[5];
  int exit_status;
  MdNsm *nsm;                 /* under a session manager (NSM_URL) */
  gboolean nsm_gui_shown;
  gboolean undo_bound;        /* app.undo/redo follow the session's MdUndo */
};

G_DEFINE_FINAL_TYPE (MdApplication, md_application, GTK_TYPE_APPLICATION)

MdApplication *
md_application_new (const MdLiveOptions *options)
{
  MdApplication *self = g_object_new (MD_TYPE_APPLICATION,
                                      "application-id", MD_APPLICATION_ID,
                                      "flags", G_APPLICATION_NON_UNIQUE,
                                      NULL);
  self->opt = *options;
  self->file = g_strdup (options->session_file);
  return self;
}

MdLive *
md_application_get_live (MdApplication *self)
{
  g_return_val_if_fail (MD_IS_APPLICATION (self), NULL);
  return self->live;
}

static void
notify (MdApplication *self, const char *message)
{
  if (self->window)
    md_mixer_window_notify (self->window, message);
}

/* Record FILE (an absolute path) in the recent files, for Open Recent. */
static void
add_recent (const char *file)
{
  g_autofree char *uri = g_filename_to_uri (file, NULL, NULL);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) "application/json",
    .app_name = (char *) MD_RECENT_APP_NAME,
    .app_exec = (char *) "mixdesk %f",
    .groups = NULL,
    .is_private = FALSE,
  };

  if (uri)
    gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/* The crash-recovery file follows the session's file (or "untitled")
 * after New, Open and Save As, so it is never offered for another file. */
static void
track_autosave (MdApplication *self)
{
  if (self->live && self->nsm == NULL)
    md_autosave_set_session (md_live_get_autosave (self->live), md_live_get_session (self->live), self->file);
}

static void
show_error (MdApplication *self, const char *primary, const char *secondary)
{
  GtkWidget *dialog;

  g_printerr ("mixdesk: %s: %s\n", primary, secondary);
  if (self->window == NULL)
    return;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self->window),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
quit_all (MdApplication *self)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))))
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (self));
}

/* md_live's quit request (SIGINT, SIGTERM, --quit-after) */
static void
live_quit_cb (gpointer data)
{
  quit_all (data);
}

/* ------------------------------------------------------------------ */
/* saving */

typedef struct
{
  char *file;
  char *data;
  gsize length;
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  g_free (job->file);
  g_free (job->data);
  g_free (job);
}

static void
save_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SaveJob *job = data;
  g_autofree char *backup = g_strconcat (job->file, ".bak", NULL);
  GError *error = NULL;

  if (g_file_test (job->file, G_FILE_TEST_IS_REGULAR))
    {
      g_unlink (backup);
      if (link (job->file, backup) != 0)
        g_debug ("no backup of %s", job->file);
    }
  if (!g_file_set_contents_full (job->file, job->data, job->length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  MdApplication *self = MD_APPLICATION (source);
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  self->n_saving--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *primary = g_strdup_printf (_("Could not save the session to “%s”"), job->file);
      self->quit_after_save = FALSE;
      show_error (self, primary, error->message);
      return;
    }
  {
    g_autofree char *base = g_filename_display_basename (job->file);
    g_autofree char *msg = g_strdup_printf (_("Saved %s"), base);
    notify (self, msg);
  }
  /* a real save of the session: its recovery file is obsolete */
  if (self->live && g_strcmp0 (job->file, self->file) == 0)
    {
      track_autosave (self);
      md_autosave_mark_saved (md_live_get_autosave (self->live));
    }
  add_recent (job->file);
  if (self->quit_after_save && self->n_saving == 0)
    quit_all (self);
}

static void
save_to (MdApplication *self, const char *file)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *dir = NULL;
  SaveJob *job;

  if (self->live == NULL)
    return;
  job = g_new0 (SaveJob, 1);
  job->file = g_canonicalize_filename (file, NULL);
  dir = g_path_get_dirname (job->file);
  /* in memory on the main thread; the session's JACK connections are kept
   * current by the live runtime */
  job->data = md_session_to_data (md_live_get_session (self->live), dir, &job->length);

  if (g_strcmp0 (self->file, job->file) != 0)
    {
      g_free (self->file);
      self->file = g_strdup (job->file);
      if (self->window)
        md_mixer_window_set_file (self->window, self->file);
      track_autosave (self);
    }
  self->dirty = FALSE;
  self->n_saving++;
  task = g_task_new (self, NULL, save_done_cb, NULL);
  g_task_set_task_data (task, job, save_job_free);
  g_task_run_in_thread (task, save_thread);
}

static void
save_as_response_cb (GtkNativeDialog *dialog, int response, MdApplication *self)
{
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file ? g_file_get_path (file) : NULL;
    }
  if (path)
    save_to (self, path);
  else
    self->quit_after_save = FALSE;   /* the quit question's Save was cancelled */
  g_object_unref (dialog);
}

static GtkFileFilter *
session_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("mixdesk sessions"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  return filter;
}

static void
save_as_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdApplication *self = data;
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Save Session As"), GTK_WINDOW (self->window),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), session_filter ());
  if (self->file)
    {
      g_autoptr (GFile) file = g_file_new_for_path (self->file);
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, NULL);
    }
  else
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("Untitled session.json"));
  g_signal_connect (dialog, "response", G_CALLBACK (save_as_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
save_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdApplication *self = data;

  if (self->file == NULL)
    save_as_activated (action, param, data);
  else
    save_to (self, self->file);
}

static gboolean
autosave_cb (gpointer data)
{
  MdApplication *self = data;

  if (self->dirty && self->file && self->n_saving == 0)
    save_to (self, self->file);
  return G_SOURCE_CONTINUE;
}

static void
autosave_changed_cb (GSettings *settings, const char *key, MdApplication *self)
{
  guint interval = g_settings_get_uint (settings, "autosave-interval");

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (interval > 0)
    self->autosave_id = g_timeout_add_seconds (interval, autosave_cb, self);
}

static void
session_changed_cb (MdApplication *self)
{
  /* automation playing a lane moves the controls: not an edit (playing
   * the show back must not make quitting ask) */
  if (self->live && md_session_is_following (md_live_get_session (self->live)))
    return;
  self->dirty = TRUE;
}

/* ------------------------------------------------------------------ */
/* opening */

static void
open_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const char *file = data;
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize length;
  GError *error = NULL;
  MdSession *session;

  if (g_stat (file, &st) == 0 && st.st_size > MD_SESSION_FILE_MAX_SIZE)
    {
      g_task_return_new_error (task, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT,
                               _("The file is larger than %u MiB."),
                               (unsigned) (MD_SESSION_FILE_MAX_SIZE / (1024 * 1024)));
      return;
    }
  if (!g_file_get_contents (file, &contents, &length, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  session = md_session_new_from_data (contents, length, dir, NULL, &error);
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

/* Replay SRC into the live session DST as commands. */
static gboolean
apply_session (MdSession *dst, MdSession *src, GError **error)
{
  guint n;

  while ((n = md_session_get_n_strips (dst)) > 0)
    if (!md_session_remove_strip (dst, n, error))
      return FALSE;
  if (!md_session_set_n_buses (dst, md_session_get_n_buses (src), error))
    return FALSE;
  for (guint i = 1; i <= md_session_get_n_strips (src); i++)
    {
      g_autofree char *path = g_strdup_printf ("/strip/%u/name", i);
      const char *colour = md_session_get_strip_colour (src, i);
      if (!md_session_add_strip (dst, md_session_get_string (src, path, NULL),
                                 md_session_get_strip_stereo (src, i),
                                 md_session_get_strip_source (src, i), error))
        return FALSE;
      if (colour)
        md_session_set_strip_colour (dst, i, colour, NULL);
    }
  for (guint b = 1; b <= md_session_get_n_buses (src); b++)
    {
      g_autofree char *path = g_strdup_printf ("/bus/%u/name", b);
      const char *name = md_session_get_string (src, path, NULL);
      if (name)
        md_session_set_string (dst, path, name, NULL);
    }
  for (size_t p = 0; p < md_params_count (); p++)
    {
      const MdParamInfo *info = md_params_get (p);
      gboolean indexed = info->scope != MD_SCOPE_MASTER && info->scope != MD_SCOPE_SESSION;
      guint n_obj = indexed ? md_session_get_n_objects (src, info->scope) : 0;

      if (info->kind == MD_KIND_STRING)
        continue;
      for (guint idx = indexed ? 1 : 0; idx <= n_obj; idx++)
        {
          guint n_sub = info->n_sub ? md_session_get_n_sub (src, info) : 0;
          for (guint sub = info->n_sub ? 1 : 0; sub <= n_sub; sub++)
            md_session_set_param (dst, info, idx, sub, md_session_get_param (src, info, idx, sub),
                                  FALSE, NULL);
        }
    }
  md_session_set_connections (dst, md_session_get_connections (src));
  /* scenes, recall-safes and automation lanes come along too (they
   * stayed behind before: Open showed the old session's scenes) */
  if (!md_scenes_copy (dst, src, error))
    return FALSE;
  return md_automation_copy (md_session_get_automation (dst), md_session_get_automation (src), error);
}

static void
open_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  MdApplication *self = MD_APPLICATION (source);
  const char *file = g_task_get_task_data (G_TASK (result));
  g_autoptr (MdSession) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_filename_display_basename (file);

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (loaded == NULL || self->live == NULL)
    {
      g_autofree char *primary = g_strdup_printf (_("Could not open “%s”"), base);
      show_error (self, primary, error ? error->message : _("The console is not running."));
      return;
    }
  if (!apply_session (md_live_get_session (self->live), loaded, &error))
    {
      g_autofree char *primary = g_strdup_printf (_("Could not load “%s” completely"), base);
      show_error (self, primary, error->message);
    }
  g_free (self->file);
  self->file = g_strdup (file);
  self->dirty = FALSE;
  if (self->window)
    md_mixer_window_set_file (self->window, self->file);
  track_autosave (self);
  {
    g_autofree char *msg = g_strdup_printf (_("Opened %s"), base);
    notify (self, msg);
  }
  add_recent (file);
}

static void
open_file (MdApplication *self, const char *path)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, open_done_cb, NULL);

  g_task_set_task_data (task, g_canonicalize_filename (path, NULL), g_free);
  g_task_run_in_thread (task, open_thread);
}

static void
open_response_cb (GtkNativeDialog *dialog, int response, MdApplication *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      if (path)
        open_file (self, path);
    }
  g_object_unref (dialog);
}

static void
open_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdApplication *self = data;
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Session"), GTK_WINDOW (self->window),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), session_filter ());
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdApplication *self = data;
  const char *path = g_variant_get_string (param, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
      g_autofree char *base = g_filename_display_basename (path);
      g_autofree char *primary = g_strdup_printf (_("Could not open “%s”"), base);
      if (uri)
        gtk_recent_manager_remove_item (gtk_recent_manager_get_default (), uri, NULL);
      show_error (self, primary, _("The file no longer exists."));
      return;
    }
  open_file (self, path);
}

/* ------------------------------------------------------------------ */
/* a new, empty session */

static void
new_session (MdApplication *self)
{
  g_autoptr (MdSession) empty = md_session_new ();
  g_autoptr (GError) error = NULL;

  if (self->live == NULL)
    return;
  if (self->settings)
    {
      g_autofree char *law = g_settings_get_string (self->settings, "pan-law");
      if (!md_session_set_value_text (empty, "/session/panlaw", law, FALSE, &error))
        g_debug ("pan-law setting: %s", error->message);
      g_clear_error (&error);
    }
  if (!apply_session (md_live_get_session (self->live), empty, &error))
    {
      show_error (self, _("Could not start a new session"), error->message);
      return;
    }
  g_clear_pointer (&self->file, g_free);
  self->dirty = FALSE;
  track_autosave (self);
  if (self->window)
    md_mixer_window_set_file (self->window, NULL);
  notify (self, _("New session"));
}

static void
new_response_cb (GtkDialog *dialog, int response, MdApplication *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    new_session (self);
}

static void
new_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdApplication *self = data;
  GtkWidget *dialog;

  if (!self->dirty || self->window == NULL)
    {
      new_session (self);
      return;
    }
  dialog = gtk_message_dialog_new (GTK_WINDOW (self->window),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", _("Discard the unsaved changes?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("A new session removes every strip and bus and resets "
                                              "all values. Changes since the last save are lost."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Discard Changes"), GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  {
    GtkWidget *discard = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    if (discard)
      gtk_widget_add_css_class (discard, "destructive-action");
  }
  g_signal_connect (dialog, "response", G_CALLBACK (new_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* other actions */

/* Quitting (Ctrl+Q, the menu, the window's close button) with unsaved
 * changes asks first: Save (Save As for an untitled session; the program
 * quits when the file is written), Quit Without Saving (the recovery file
 * goes too: the changes were given up), or Cancel. A save still being
 * written is waited for. SIGINT/SIGTERM and --quit-after do not ask. */
static void
quit_response_cb (GtkDialog *dialog, int response, MdApplication *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    {
      self->quit_after_save = TRUE;
      save_activated (NULL, NULL, self);
    }
  else if (response == GTK_RESPONSE_REJECT)
    {
      if (self->nsm == NULL)
        md_autosave_discard (self->file, NULL);
      quit_all (self);
    }
}

/* TRUE when the quit waits for an answer or a save; FALSE when it can
 * go on at once */
static gboolean
ask_before_quit (MdApplication *self)
{
  g_autofree char *base = NULL;
  GtkWidget *dialog, *discard;

  if (self->window == NULL || self->nsm != NULL || (!self->dirty && self->n_saving == 0))
    return FALSE;
  if (!self->dirty)
    {
      self->quit_after_save = TRUE;   /* quits when the save is written */
      return TRUE;
    }
  base = g_filename_display_basename (self->file ? self->file : _("Untitled"));
  dialog = gtk_message_dialog_new (GTK_WINDOW (self->window),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Save the changes to “%s” before quitting?"), base);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("Changes since the last save are lost if you quit without saving."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("Quit _Without Saving"), GTK_RESPONSE_REJECT);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), self->file ? _("_Save") : _("_Save As…"), GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  discard = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
  if (discard)
    gtk_widget_add_css_class (discard, "destructive-action");
  g_signal_connect (dialog, "response", G_CALLBACK (quit_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  if (!ask_before_quit (data))
    quit_all (data);
}

/* the window's close button: closes it (and so quits) unless asked */
static gboolean
close_request_cb (GtkWindow *window, MdApplication *self)
{
  return ask_before_quit (self);
}

static void
add_strip_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdApplication *self = data;
  g_autoptr (GError) error = NULL;

  if (self->live == NULL)
    return;
  if (md_session_add_strip (md_live_get_session (self->live), NULL, FALSE, NULL, &error) == 0)
    notify (self, error->message);
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdApplication *self = data;
  static const char *authors[] = { "The mixdesk authors", NULL };

  gtk_show_about_dialog (GTK_WINDOW (self->window),
                         "program-name", "mixdesk",
                         "logo-icon-name", MD_APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("A realtime mixing console for JACK"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "copyright", "© 2026 the mixdesk authors",
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdApplication *self = data;

  if (self->settings == NULL)
    {
      show_error (self, _("Preferences are not available"),
                  _("The GSettings schema org.mixdesk.Mixdesk is not installed."));
      return;
    }
  gtk_window_present (GTK_WINDOW (md_preferences_window_new (GTK_WINDOW (self->window), self->settings)));
}

static void
undo_redo (MdApplication *self, gboolean redo)
{
  MdUndo *undo = self->live ? md_undo_get_for_session (md_live_get_session (self->live)) : NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *msg = NULL;

  if (undo == NULL)
    return;
  label = g_strdup (redo ? md_undo_get_redo_label (undo) : md_undo_get_undo_label (undo));
  if (!(redo ? md_undo_redo (undo, &error) : md_undo_undo (undo, &error)))
    {
      if (error)
        notify (self, error->message);
      return;
    }
  if (label)
    {
      /* TRANSLATORS: status line after undo/redo, %s names the step */
      msg = g_strdup_printf (redo ? _("Redone: %s") : _("Undone: %s"), label);
      notify (self, msg);
    }
}

static void
undo_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  undo_redo (data, FALSE);
}

static void
redo_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  undo_redo (data, TRUE);
}

/* Enable app.undo/app.redo as the session's undo stack changes. */
static void
bind_undo (MdApplication *self)
{
  MdUndo *undo;

  if (self->undo_bound || self->live == NULL)
    return;
  undo = md_undo_get_for_session (md_live_get_session (self->live));
  if (undo == NULL)
    return;
  g_object_bind_property (undo, "can-undo", g_action_map_lookup_action (G_ACTION_MAP (self), "undo"),
                          "enabled", G_BINDING_SYNC_CREATE);
  g_object_bind_property (undo, "can-redo", g_action_map_lookup_action (G_ACTION_MAP (self), "redo"),
                          "enabled", G_BINDING_SYNC_CREATE);
  self->undo_bound = TRUE;
}

static void
shortcuts_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  MdApplication *self = data;

  if (self->window)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "win.show-help-overlay", NULL);
}

static const GActionEntry app_actions[] = {
  { "new", new_activated },
  { "open", open_activated },
  { "open-recent", open_recent_activated, "s" },
  { "save", save_activated },
  { "save-as", save_as_activated },
  { "add-strip", add_strip_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "shortcuts", shortcuts_activated },
  { "undo", undo_activated },
  { "redo", redo_activated },
  { "quit", quit_activated },
};

static const struct
{
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.new", { "<Control>n", NULL } },
  { "app.open", { "<Control>o", NULL } },
  { "app.save", { "<Control>s", NULL } },
  { "app.save-as", { "<Control><Shift>s", NULL } },
  { "app.add-strip", { "<Control><Shift>n", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.meter-pre", { "<Control>p", NULL } },
  { "win.show-lanes", { "<Control>l", NULL } },
  { "app.undo", { "<Control>z", NULL } },
  { "app.redo", { "<Control><Shift>z", "<Control>y", NULL } },
};

/* ------------------------------------------------------------------ */

static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source)
    schema = g_settings_schema_source_lookup (source, MD_APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s is not installed: defaults", MD_APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
md_application_startup (GApplication *app)
{
  MdApplication *self = MD_APPLICATION (app);
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (md_application_parent_class)->startup (app);

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  gtk_css_provider_load_from_resource (css, "/org/mixdesk/Mixdesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name (MD_APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);

  self->settings = lookup_settings ();
  if (self->settings)
    {
      /* preferences fill in what the command line left open */
      if (self->opt.jack_name == NULL)
        {
          self->jack_name = g_settings_get_string (self->settings, "jack-client-name");
          if (self->jack_name[0])
            self->opt.jack_name = self->jack_name;
        }
      if (self->opt.jack_server == NULL)
        {
          self->jack_server = g_settings_get_string (self->settings, "jack-server-name");
          if (self->jack_server[0])
            self->opt.jack_server = self->jack_server;
        }
      g_signal_connect (self->settings, "changed::autosave-interval", G_CALLBACK (autosave_changed_cb), self);
      autosave_changed_cb (self->settings, "autosave-interval", self);
    }
}

/* the session's signals, the window: after the console exists */
static void
watch_session (MdApplication *self)
{
  MdSession *session = md_live_get_session (self->live);
  g_autoptr (GError) error = NULL;

  if (self->opt.session_file == NULL && self->settings && self->nsm == NULL)
    {
      g_autofree char *law = g_settings_get_string (self->settings, "pan-law");
      if (!md_session_set_value_text (session, "/session/panlaw", law, FALSE, &error))
        g_debug ("pan-law setting: %s", error->message);
    }
  self->changed_ids[0] = g_signal_connect_swapped (session, "param-changed", G_CALLBACK (session_changed_cb), self);
  self->changed_ids[1] = g_signal_connect_swapped (session, "string-changed", G_CALLBACK (session_changed_cb), self);
  self->changed_ids[2] = g_signal_connect_swapped (session, "structure-changed", G_CALLBACK (session_changed_cb), self);
  /* colours and sources; scenes, safes and automation lanes */
  self->changed_ids[3] = g_signal_connect_swapped (session, "strip-changed", G_CALLBACK (session_changed_cb), self);
  self->changed_ids[4] = g_signal_connect_swapped (session, "content-changed", G_CALLBACK (session_changed_cb), self);
}

static void
unwatch_session (MdApplication *self)
{
  MdSession *session = md_live_get_session (self->live);
  for (guint i = 0; i < G_N_ELEMENTS (self->changed_ids); i++)
    g_clear_signal_handler (&self->changed_ids[i], session);
}

/* Recovery -------------------------------------------------------------- */

/* A recovery file newer than the session: ask whether to load it (into
 * the running console, keeping the session's file name and marking it
 * unsaved). Declining leaves both files as they are. */
static void
recovery_response_cb (GtkDialog *dialog, int response, MdApplication *self)
{
  const char *recovery = g_object_get_data (G_OBJECT (dialog), "recovery");
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autoptr (MdSession) loaded = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;

  if (response != GTK_RESPONSE_ACCEPT || self->live == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  dir = g_path_get_dirname (self->file ? self->file : recovery);
  if (g_file_get_contents (recovery, &contents, &length, &error))
    loaded = md_session_new_from_data (contents, length, dir, NULL, &error);
  if (loaded == NULL || !apply_session (md_live_get_session (self->live), loaded, &error))
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      show_error (self, _("Could not recover the session"), error->message);
      return;
    }
  g_print (_("Recovered the session from %s.\n"), recovery);
  gtk_window_destroy (GTK_WINDOW (dialog));
  self->dirty = TRUE;
  notify (self, _("Recovered: save to keep it"));
}

static void
offer_recovery (MdApplication *self)
{
  g_autofree char *recovery = md_autosave_find_recovery (self->opt.session_file);
  g_autofree char *base = NULL;
  GtkWidget *dialog;

  if (recovery == NULL || self->opt.recover || self->window == NULL)
    return;     /* --recover already loaded it */
  base = g_filename_display_basename (self->opt.session_file ? self->opt.session_file : _("Untitled"));
  dialog = gtk_message_dialog_new (GTK_WINDOW (self->window),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Recover unsaved changes to “%s”?"), base);
  if (self->opt.session_file != NULL)
    {
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                                _("mixdesk did not quit normally. The recovery file %s "
                                                  "is newer than the session. Recovering loads it "
                                                  "(save to keep it); otherwise both files stay as they are."),
                                                recovery);
      gtk_dialog_add_button (GTK_DIALOG (dialog), _("Open the _Saved Session"), GTK_RESPONSE_REJECT);
    }
  else
    {
      /* an untitled session has no saved file to fall back on */
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                                _("mixdesk did not quit normally while this session "
                                                  "was never saved. The recovery file %s holds it. "
                                                  "Recovering loads it (save to keep it); otherwise "
                                                  "the recovery file stays as it is and a new session "
                                                  "starts."),
                                                recovery);
      gtk_dialog_add_button (GTK_DIALOG (dialog), _("Start a _New Session"), GTK_RESPONSE_REJECT);
    }
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Recover"), GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_object_set_data_full (G_OBJECT (dialog), "recovery", g_steal_pointer (&recovery), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* NSM ------------------------------------------------------------------ */

/* under NSM closing the window hides it (the manager quits us) */
static gboolean
nsm_close_request_cb (GtkWindow *window, MdApplication *self)
{
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  self->nsm_gui_shown = FALSE;
  md_nsm_set_gui_shown (self->nsm, FALSE);
  return TRUE;
}

static void
nsm_make_window (MdApplication *self)
{
  if (self->window || self->live == NULL)
    return;
  self->window = md_mixer_window_new (GTK_APPLICATION (self), self->live, self->settings);
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  md_mixer_window_set_file (self->window, self->file);
  bind_undo (self);
  g_signal_connect (self->window, "close-request", G_CALLBACK (nsm_close_request_cb), self);
}

static void
nsm_dirty_cb (GObject *obj, GParamSpec *pspec, MdApplication *self)
{
  md_nsm_set_dirty (self->nsm, md_autosave_get_dirty (MD_AUTOSAVE (obj)));
}

static gboolean
nsm_open_cb (MdNsm *nsm, const char *path, const char *display_name, const char *client_id,
             gpointer data, GError **error)
{
  MdApplication *self = data;

  if (self->live)
    {
      /* :switch: — the next project replaces this one */
      if (self->window)
        gtk_window_destroy (GTK_WINDOW (self->window));
      unwatch_session (self);
      g_clear_pointer (&self->live, md_live_free);
    }
  self->opt.quit_cb = live_quit_cb;
  self->opt.quit_data = self;
  g_clear_pointer (&self->file, g_free);
  self->live = md_live_new_for_nsm (&self->opt, path, client_id, &self->file, error);
  if (self->live == NULL)
    return FALSE;
  watch_session (self);
  g_signal_connect (md_live_get_autosave (self->live), "notify::dirty", G_CALLBACK (nsm_dirty_cb), self);
  nsm_make_window (self);
  if (self->nsm_gui_shown)
    gtk_window_present (GTK_WINDOW (self->window));
  return TRUE;
}

static gboolean
nsm_save_cb (MdNsm *nsm, gpointer data, GError **error)
{
  MdApplication *self = data;
  if (self->live == NULL)
    {
      g_set_error (error, MD_NSM_ERROR_CODE_DOMAIN, MD_NSM_ERR_NO_SESSION_OPEN, _("no project is open"));
      return FALSE;
    }
  return md_live_save (self->live, self->file, error);
}

static void
nsm_show_cb (MdNsm *nsm, gpointer data)
{
  MdApplication *self = data;
  self->nsm_gui_shown = TRUE;
  nsm_make_window (self);
  if (self->window)
    gtk_window_present (GTK_WINDOW (self->window));
  md_nsm_set_gui_shown (self->nsm, TRUE);
}

static void
nsm_hide_cb (MdNsm *nsm, gpointer data)
{
  MdApplication *self = data;
  self->nsm_gui_shown = FALSE;
  if (self->window)
    gtk_widget_set_visible (GTK_WIDGET (self->window), FALSE);
  md_nsm_set_gui_shown (self->nsm, FALSE);
}

static void
nsm_quit_cb (MdNsm *nsm, gpointer data)
{
  quit_all (data);
}

/* Under NSM_URL: announce and wait for open; the window starts hidden.
 * Returns FALSE when no session manager answers (run as usual). */
static gboolean
start_under_nsm (MdApplication *self)
{
  static const MdNsmCallbacks cb = { nsm_open_cb, nsm_save_cb, nsm_show_cb, nsm_hide_cb, NULL, nsm_quit_cb };
  g_autoptr (GError) error = NULL;
  const char *disabled[] = { "new", "open", "open-recent", "save-as" };

  self->nsm = md_nsm_new ("mixdesk", g_get_prgname () ? g_get_prgname () : "mixdesk", &cb, self);
  if (!md_nsm_announce (self->nsm, NULL, &error))
    {
      g_printerr (_("mixdesk: NSM_URL is set but the session manager cannot be reached (%s): "
                    "running without it\n"), error->message);
      g_clear_object (&self->nsm);
      return FALSE;
    }
  /* NSM's menu rules: the manager decides where the session lives */
  for (guint i = 0; i < G_N_ELEMENTS (disabled); i++)
    {
      GAction *a = g_action_map_lookup_action (G_ACTION_MAP (self), disabled[i]);
      if (a)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (a), FALSE);
    }
  md_nsm_set_gui_shown (self->nsm, FALSE);
  g_application_hold (G_APPLICATION (self));
  return TRUE;
}

static void
md_application_activate (GApplication *app)
{
  MdApplication *self = MD_APPLICATION (app);
  g_autoptr (GError) error = NULL;

  if (self->window)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }
  if (self->nsm)
    return;
  if (self->live == NULL && g_getenv ("NSM_URL") && *g_getenv ("NSM_URL") && start_under_nsm (self))
    return;
  if (self->live == NULL)
    {
      self->opt.quit_cb = live_quit_cb;
      self->opt.quit_data = self;
      self->live = md_live_new (&self->opt, &error);
      if (self->live == NULL)
        {
          g_printerr ("mixdesk: %s\n", error->message);
          self->exit_status = 1;
          return;
        }
      watch_session (self);
    }
  self->window = md_mixer_window_new (GTK_APPLICATION (self), self->live, self->settings);
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  md_mixer_window_set_file (self->window, self->file);
  bind_undo (self);
  g_signal_connect (self->window, "close-request", G_CALLBACK (close_request_cb), self);
  gtk_window_present (GTK_WINDOW (self->window));
  offer_recovery (self);
  /* the window's recovery file is the one of the file it saves to */
  track_autosave (self);
}

static void
md_application_shutdown (GApplication *app)
{
  MdApplication *self = MD_APPLICATION (app);
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))))
    gtk_window_destroy (windows->data);
  g_clear_handle_id (&self->autosave_id, g_source_remove);

  G_APPLICATION_CLASS (md_application_parent_class)->shutdown (app);
}

int
md_application_finish (MdApplication *self, int status)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (MD_IS_APPLICATION (self), 1);

  if (self->exit_status)
    status = self->exit_status;
  while (self->n_saving > 0)
    g_main_context_iteration (NULL, TRUE);
  if (self->live == NULL)
    return status;
  if (self->opt.save_file)
    {
      if (!md_live_save (self->live, self->opt.save_file, &error))
        {
          g_printerr (_("mixdesk: cannot save the session to %s: %s\n"), self->opt.save_file, error->message);
          status = 1;
        }
      else
        g_print (_("Session saved to %s.\n"), self->opt.save_file);
    }
  unwatch_session (self);
  g_clear_pointer (&self->live, md_live_free);
  return status;
}

static void
md_application_finalize (GObject *object)
{
  MdApplication *self = MD_APPLICATION (object);

  g_clear_pointer (&self->live, md_live_free);
  g_clear_object (&self->nsm);
  g_clear_object (&self->settings);
  g_free (self->file);
  g_free (self->jack_name);
  g_free (self->jack_server);

  G_OBJECT_CLASS (md_application_parent_class)->finalize (object);
}

static void
md_application_class_init (MdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = md_application_finalize;
  app_class->startup = md_application_startup;
  app_class->activate = md_application_activate;
  app_class->shutdown = md_application_shutdown;
}

static void
md_application_init (MdApplication *self)
{
}
