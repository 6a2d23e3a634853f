/* md-autosave.c: periodic recovery files.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "md-autosave.h"
#include "md-session-file.h"

struct _MdAutosave
{
  GObject parent_instance;

  MdSession *session;
  gulong handlers[5];
  char *session_path;         /* absolute, or NULL */
  char *recovery_path;
  guint interval_ms;
  guint timer;
  gboolean dirty;             /* since the last real save */
  gboolean stale;             /* since the last recovery write */
};

G_DEFINE_FINAL_TYPE (MdAutosave, md_autosave, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
md_autosave_recovery_path (const char *session_path)
{
  g_autofree char *abs = NULL;

  if (session_path == NULL)
    return g_build_filename (g_get_user_cache_dir (), "mixdesk", "untitled" MD_AUTOSAVE_SUFFIX, NULL);
  abs = g_canonicalize_filename (session_path, NULL);
  return g_strconcat (abs, MD_AUTOSAVE_SUFFIX, NULL);
}

static gboolean
newer (const GStatBuf *a,
       const GStatBuf *b)
{
  if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
    return a->st_mtim.tv_sec > b->st_mtim.tv_sec;
  return a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

char *
md_autosave_find_recovery (const char *session_path)
{
  g_autofree char *recovery = md_autosave_recovery_path (session_path);
  GStatBuf rst, sst;

  if (g_stat (recovery, &rst) != 0 || !S_ISREG (rst.st_mode) || rst.st_size == 0)
    return NULL;
  if (session_path != NULL && g_stat (session_path, &sst) == 0 && !newer (&rst, &sst))
    return NULL;
  return g_steal_pointer (&recovery);
}

gboolean
md_autosave_discard (const char  *session_path,
                     GError     **error)
{
  g_autofree char *recovery = md_autosave_recovery_path (session_path);

  if (g_unlink (recovery) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot remove the recovery file “%s”: %s"), recovery, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
set_dirty (MdAutosave *self,
           gboolean    dirty)
{
  if (self->dirty == dirty)
    return;
  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
changed_cb (MdAutosave *self)
{
  /* automation playing a lane moves the controls: not an edit */
  if (self->session && md_session_is_following (self->session))
    return;
  self->stale = TRUE;
  set_dirty (self, TRUE);
}

gboolean
md_autosave_save_now (MdAutosave  *self,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (MD_IS_AUTOSAVE (self), FALSE);
  if (!self->stale || self->session == NULL)
    return TRUE;
  dir = g_path_get_dirname (self->recovery_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO,
                   _("Cannot create “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* relative sources as in the session file: the recovery file sits
   * beside it */
  data = md_session_to_data (self->session, self->session_path ? dir : NULL, &length);
  if (!md_session_write_file (self->recovery_path, data, length, FALSE, error))
    return FALSE;
  self->stale = FALSE;
  return TRUE;
}

static gboolean
timer_cb (gpointer data)
{
  MdAutosave *self = data;
  g_autoptr(GError) error = NULL;

  if (!md_autosave_save_now (self, &error))
    g_warning ("%s", error->message);
  return G_SOURCE_CONTINUE;
}

static void
restart_timer (MdAutosave *self)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->interval_ms > 0)
    self->timer = g_timeout_add (self->interval_ms, timer_cb, self);
}

static void
disconnect (MdAutosave *self)
{
  if (self->session == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->handlers); i++)
    g_clear_signal_handler (&self->handlers[i], self->session);
  g_clear_object (&self->session);
}

void
md_autosave_set_session (MdAutosave *self,
                         MdSession  *session,
                         const char *session_path)
{
  g_return_if_fail (MD_IS_AUTOSAVE (self));
  g_return_if_fail (session == NULL || MD_IS_SESSION (session));

  disconnect (self);
  g_clear_pointer (&self->session_path, g_free);
  g_clear_pointer (&self->recovery_path, g_free);
  if (session_path != NULL)
    self->session_path = g_canonicalize_filename (session_path, NULL);
  self->recovery_path = md_autosave_recovery_path (self->session_path);
  self->stale = FALSE;
  set_dirty (self, FALSE);
  if (session == NULL)
    return;
  self->session = g_object_ref (session);
  self->handlers[0] = g_signal_connect_swapped (session, "param-changed", G_CALLBACK (changed_cb), self);
  self->handlers[1] = g_signal_connect_swapped (session, "string-changed", G_CALLBACK (changed_cb), self);
  self->handlers[2] = g_signal_connect_swapped (session, "structure-changed", G_CALLBACK (changed_cb), self);
  self->handlers[3] = g_signal_connect_swapped (session, "strip-changed", G_CALLBACK (changed_cb), self);
  self->handlers[4] = g_signal_connect_swapped (session, "content-changed", G_CALLBACK (changed_cb), self);
}

void
md_autosave_set_interval_ms (MdAutosave *self,
                             guint       interval_ms)
{
  g_return_if_fail (MD_IS_AUTOSAVE (self));
  self->interval_ms = interval_ms;
  restart_timer (self);
}

guint
md_autosave_get_interval_ms (MdAutosave *self)
{
  g_return_val_if_fail (MD_IS_AUTOSAVE (self), 0);
  return self->interval_ms;
}

gboolean
md_autosave_get_dirty (MdAutosave *self)
{
  g_return_val_if_fail (MD_IS_AUTOSAVE (self), FALSE);
  return self->dirty;
}

void
md_autosave_mark_saved (MdAutosave *self)
{
  g_return_if_fail (MD_IS_AUTOSAVE (self));
  self->stale = FALSE;
  if (g_unlink (self->recovery_path) != 0 && errno != ENOENT)
    g_warning ("Cannot remove %s: %s", self->recovery_path, g_strerror (errno));
  set_dirty (self, FALSE);
}

const char *
md_autosave_get_recovery_path (MdAutosave *self)
{
  g_return_val_if_fail (MD_IS_AUTOSAVE (self), NULL);
  return self->recovery_path;
}

static void
md_autosave_dispose (GObject *object)
{
  MdAutosave *self = (MdAutosave *)object;

  g_clear_handle_id (&self->timer, g_source_remove);
  disconnect (self);
  G_OBJECT_CLASS (md_autosave_parent_class)->dispose (object);
}

static void
md_autosave_finalize (GObject *object)
{
  MdAutosave *self = (MdAutosave *)object;

  g_free (self->session_path);
  g_free (self->recovery_path);
  G_OBJECT_CLASS (md_autosave_parent_class)->finalize (object);
}

static void
md_autosave_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MdAutosave *self = MD_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_autosave_class_init (MdAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_autosave_dispose;
  object_class->finalize = md_autosave_finalize;
  object_class->get_property = md_autosave_get_property;

  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_autosave_init (MdAutosave *self)
{
  self->interval_ms = MD_AUTOSAVE_DEFAULT_INTERVAL_MS;
}

MdAutosave *
md_autosave_new (MdSession  *session,
                 const char *session_path)
{
  MdAutosave *self;

  g_return_val_if_fail (MD_IS_SESSION (session), NULL);
  self = g_object_new (MD_TYPE_AUTOSAVE, NULL);
  md_autosave_set_session (self, session, session_path);
  restart_timer (self);
  return self;
}
