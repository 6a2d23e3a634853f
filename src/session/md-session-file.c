/* md-session-file.c: the session file.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "md-automation.h"
#include "md-session-file.h"
#include "md-session-file-private.h"
#include "md-scenes.h"

#define MAX_DEPTH MD_SESSION_FILE_MAX_DEPTH

G_DEFINE_QUARK (md-session-file-error-quark, md_session_file_error)

/* Saving ----------------------------------------------------------------- */

static void
add_value (JsonBuilder       *builder,
           const MdParamInfo *info,
           double             value)
{
  switch (info->kind)
    {
    case MD_KIND_BOOL:
      json_builder_add_boolean_value (builder, value != 0.0);
      break;
    case MD_KIND_ENUM:
      if (info->enum_names != NULL && value >= 0 &&
          value < g_strv_length ((char **)info->enum_names))
        {
          json_builder_add_string_value (builder, info->enum_names[(guint)value]);
          break;
        }
      json_builder_add_int_value (builder, (gint64)value);
      break;
    case MD_KIND_INT:
      json_builder_add_int_value (builder, (gint64)value);
      break;
    case MD_KIND_FLOAT:
    case MD_KIND_STRING:
    default:
      json_builder_add_double_value (builder, value);
      break;
    }
}

static void
add_params (JsonBuilder *builder,
            MdSession   *session,
            MdScope      scope,
            guint        index)
{
  json_builder_begin_object (builder);
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);
      guint n_sub = md_session_get_n_sub (session, info);

      if (info->scope != scope || info->kind == MD_KIND_STRING || info->slot == MD_NO_SLOT)
        continue;
      for (guint sub = info->n_sub ? 1 : 0; sub <= n_sub; sub++)
        {
          char key[128];

          if (md_param_key (info, sub, key, sizeof key) < 0)
            continue;
          json_builder_set_member_name (builder, key);
          add_value (builder, info, md_session_get_param (session, info, index, sub));
        }
    }
  json_builder_end_object (builder);
}

static char *
source_for_file (const char *source,
                 const char *base_dir)
{
  g_autofree char *abs = NULL;
  g_autofree char *prefix = NULL;

  if (source == NULL || base_dir == NULL || g_str_has_prefix (source, "jack:"))
    return g_strdup (source);
  abs = g_canonicalize_filename (source, NULL);
  prefix = g_strconcat (base_dir, G_DIR_SEPARATOR_S, NULL);
  if (g_str_has_prefix (abs, prefix) && abs[strlen (prefix)] != '\0')
    return g_strdup (abs + strlen (prefix));
  return g_steal_pointer (&abs);
}

char *
md_session_to_data (MdSession  *session,
                    const char *base_dir,
                    gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *canon_dir = base_dir ? g_canonicalize_filename (base_dir, NULL) : NULL;

  g_return_val_if_fail (MD_IS_SESSION (session), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, MD_SESSION_FILE_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, MD_SESSION_FILE_VERSION);

  json_builder_set_member_name (builder, "session");
  add_params (builder, session, MD_SCOPE_SESSION, 0);
  json_builder_set_member_name (builder, "master");
  add_params (builder, session, MD_SCOPE_MASTER, 0);
  md_automation_write_json (md_session_get_automation (session), builder, "master_automation",
                            MD_SCOPE_MASTER, 0);

  json_builder_set_member_name (builder, "buses");
  json_builder_begin_array (builder);
  for (guint b = 1; b <= md_session_get_n_buses (session); b++)
    {
      g_autofree char *path = g_strdup_printf ("/bus/%u/name", b);
      const char *name = md_session_get_string (session, path, NULL);

      json_builder_begin_object (builder);
      if (name != NULL && name[0] != '\0')
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
        }
      json_builder_set_member_name (builder, "params");
      add_params (builder, session, MD_SCOPE_BUS, b);
      md_automation_write_json (md_session_get_automation (session), builder, "automation",
                                MD_SCOPE_BUS, b);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  for (int k = 0; k < 2; k++)
    {
      MdScope scope = k == 0 ? MD_SCOPE_DCA : MD_SCOPE_MGRP;

      json_builder_set_member_name (builder, k == 0 ? "dcas" : "mgrps");
      json_builder_begin_array (builder);
      for (guint i = 1; i <= md_session_get_n_objects (session, scope); i++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "params");
          add_params (builder, session, scope, i);
          md_automation_write_json (md_session_get_automation (session), builder, "automation",
                                    scope, i);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "strips");
  json_builder_begin_array (builder);
  for (guint s = 1; s <= md_session_get_n_strips (session); s++)
    {
      g_autofree char *path = g_strdup_printf ("/strip/%u/name", s);
      g_autofree char *source = source_for_file (md_session_get_strip_source (session, s), canon_dir);
      const char *colour = md_session_get_strip_colour (session, s);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, md_session_get_string (session, path, NULL));
      json_builder_set_member_name (builder, "stereo");
      json_builder_add_boolean_value (builder, md_session_get_strip_stereo (session, s));
      if (source != NULL)
        {
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, source);
        }
      if (colour != NULL)
        {
          json_builder_set_member_name (builder, "colour");
          json_builder_add_string_value (builder, colour);
        }
      json_builder_set_member_name (builder, "params");
      add_params (builder, session, MD_SCOPE_STRIP, s);
      md_automation_write_json (md_session_get_automation (session), builder, "automation",
                                MD_SCOPE_STRIP, s);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  {
    GHashTable *conns = md_session_get_connections (session);
    g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (conns), (GCompareFunc)g_strcmp0);

    json_builder_set_member_name (builder, "connections");
    json_builder_begin_object (builder);
    for (GList *l = keys; l != NULL; l = l->next)
      {
        GPtrArray *list = g_hash_table_lookup (conns, l->data);

        json_builder_set_member_name (builder, l->data);
        json_builder_begin_array (builder);
        for (guint i = 0; i < list->len; i++)
          json_builder_add_string_value (builder, g_ptr_array_index (list, i));
        json_builder_end_array (builder);
      }
    json_builder_end_object (builder);
  }
  md_scenes_write_json (session, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, length);
}

/* Write all of DATA to FD; FALSE with errno set on failure. */
static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, MIN (length, (gsize)(1 << 30)));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          errno = ENOSPC;
          return FALSE;
        }
      data += n;
      length -= (gsize)n;
    }
  return TRUE;
}

static gboolean
io_error (GError     **error,
          const char  *filename,
          const char  *what,
          int          saved_errno)
{
  g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO,
               _("Cannot save “%s”: %s: %s"), filename, what, g_strerror (saved_errno));
  return FALSE;
}

/* Temporary files of saves that were killed (".BASE.XXXXXX") and are
 * older than STALE_S: incomplete copies, never the only copy of anything.
 * Removed after a successful save. */
#define STALE_S (10 * 60)

static void
remove_stale_temporaries (const char *dir,
                          const char *base)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, prefix) || strlen (name) != strlen (prefix) + 6)
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && now_s - st.st_mtime > STALE_S)
        g_unlink (path);
    }
}

gboolean
md_session_write_file (const char   *filename,
                       const char   *data,
                       gsize         length,
                       gboolean      keep_backup,
                       GError      **error)
{
  g_autofree char *abs = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  int fd, dir_fd, saved;

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  abs = g_canonicalize_filename (filename, NULL);
  dir = g_path_get_dirname (abs);
  base = g_path_get_basename (abs);
  tmp = g_strdup_printf ("%s%s.%s.XXXXXX", dir, G_DIR_SEPARATOR_S, base);

  /* 1. a temporary file in the same directory (same file system) */
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    return io_error (error, abs, _("cannot create a temporary file"), errno);
  /* 2. all of the data, flushed to the disk */
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      return io_error (error, abs, _("cannot write"), saved);
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return io_error (error, abs, _("cannot write"), saved);
    }
  /* 3. the previous version as FILENAME.bak: a hard link, so there is no
   * moment in which FILENAME is missing */
  if (keep_backup && g_file_test (abs, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *backup = g_strconcat (abs, ".bak", NULL);

      g_unlink (backup);
      if (link (abs, backup) != 0)
        g_debug ("no backup of %s: %s", abs, g_strerror (errno));
    }
  /* 4. atomic replacement, 5. the directory entry made durable */
  if (g_rename (tmp, abs) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return io_error (error, abs, _("cannot replace the file"), saved);
    }
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    return io_error (error, abs, _("cannot open its folder to flush it"), errno);
  if (fsync (dir_fd) != 0 && errno != EINVAL && errno != ENOTSUP)
    {
      saved = errno;
      close (dir_fd);
      return io_error (error, abs, _("cannot flush its folder"), saved);
    }
  close (dir_fd);
  remove_stale_temporaries (dir, base);
  return TRUE;
}

gboolean
md_session_save_full (MdSession          *session,
                      const char         *filename,
                      MdSessionSaveFlags  flags,
                      GError            **error)
{
  g_autofree char *abs = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (MD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  abs = g_canonicalize_filename (filename, NULL);
  dir = g_path_get_dirname (abs);
  data = md_session_to_data (session, dir, &length);
  return md_session_write_file (abs, data, length,
                                !(flags & MD_SESSION_SAVE_NO_BACKUP), error);
}

gboolean
md_session_save (MdSession   *session,
                 const char  *filename,
                 GError     **error)
{
  return md_session_save_full (session, filename, MD_SESSION_SAVE_DEFAULT, error);
}

/* Loading ---------------------------------------------------------------- */

typedef struct
{
  MdSession *session;
  GPtrArray *warnings;
  const char *base_dir;
  GHashTable *keys[MD_N_SCOPES];   /* key -> ParamKey */
} Loader;

typedef struct
{
  const MdParamInfo *info;
  guint sub;
} ParamKey;

static void
loader_clear (Loader *loader)
{
  for (int s = 0; s < MD_N_SCOPES; s++)
    g_clear_pointer (&loader->keys[s], g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loader, loader_clear)

static void
loader_init (Loader *loader)
{
  for (int s = 0; s < MD_N_SCOPES; s++)
    loader->keys[s] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);

      if (info->kind == MD_KIND_STRING || info->slot == MD_NO_SLOT)
        continue;
      for (guint sub = info->n_sub ? 1 : 0; sub <= info->n_sub; sub++)
        {
          char key[128];
          ParamKey *pk;

          if (md_param_key (info, sub, key, sizeof key) < 0)
            continue;
          pk = g_new (ParamKey, 1);
          pk->info = info;
          pk->sub = sub;
          g_hash_table_replace (loader->keys[info->scope], g_strdup (key), pk);
        }
    }
}

void
md_session_file_warn (GPtrArray  *warnings,
                      const char *format,
                      ...)
{
  va_list args;

  if (warnings == NULL || warnings->len > MD_SESSION_FILE_MAX_WARNINGS)
    return;
  if (warnings->len == MD_SESSION_FILE_MAX_WARNINGS)
    {
      g_ptr_array_add (warnings, g_strdup (_("more warnings were left out")));
      return;
    }
  va_start (args, format);
  g_ptr_array_add (warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

#define warn(loader, ...) md_session_file_warn ((loader)->warnings, __VA_ARGS__)

static gboolean
type_error (GError     **error,
            const char  *where,
            const char  *expected)
{
  g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
               _("%s: expected %s"), where, expected);
  return FALSE;
}

static gboolean
read_number (JsonNode           *node,
             const MdParamInfo  *info,
             const char         *where,
             double             *out,
             GError            **error)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return type_error (error, where, _("a value"));
  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN && info->kind == MD_KIND_BOOL)
    *out = json_node_get_boolean (node) ? 1.0 : 0.0;
  else if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_STRING && info->kind == MD_KIND_ENUM && info->enum_names != NULL)
    {
      const char *text = json_node_get_string (node);
      guint i;

      for (i = 0; info->enum_names[i] != NULL; i++)
        if (g_ascii_strcasecmp (info->enum_names[i], text) == 0)
          break;
      if (info->enum_names[i] == NULL)
        {
          g_autofree char *names = g_strjoinv (", ", (char **)info->enum_names);
          g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                       _("%s: “%s” is not one of %s"), where, text, names);
          return FALSE;
        }
      *out = i;
    }
  else
    return type_error (error, where,
                       info->kind == MD_KIND_BOOL ? _("true or false") :
                       info->kind == MD_KIND_ENUM ? _("a name or a number") : _("a number"));
  if (!isfinite (*out))
    return type_error (error, where, _("a finite number"));
  return TRUE;
}

static gboolean
load_params (Loader      *loader,
             JsonNode    *node,
             MdScope      scope,
             guint        index,
             const char  *where,
             GError     **error)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return type_error (error, where, _("an object"));
  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &member))
    {
      g_autofree char *place = g_strdup_printf ("%s.%s", where, key);
      ParamKey *pk = g_hash_table_lookup (loader->keys[scope], key);
      g_autoptr(GError) local_error = NULL;
      double value = 0.0, stored;

      if (pk == NULL)
        {
          warn (loader, _("%s: unknown key, ignored"), place);
          continue;
        }
      if (!read_number (member, pk->info, place, &value, error))
        return FALSE;
      if (pk->info->n_sub != 0 && pk->sub > md_session_get_n_sub (loader->session, pk->info))
        {
          warn (loader, _("%s: refers to a bus that does not exist, ignored"), place);
          continue;
        }
      if (!md_session_set_param (loader->session, pk->info, index, pk->sub, value, FALSE, &local_error))
        {
          g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                       "%s: %s", place, local_error->message);
          return FALSE;
        }
      stored = md_session_get_param (loader->session, pk->info, index, pk->sub);
      if (stored != value)
        warn (loader, _("%s: %g is out of range, set to %g"), place, value, stored);
    }
  return TRUE;
}

static gboolean
get_member (JsonObject   *object,
            const char   *name,
            JsonNodeType  type,
            const char   *where,
            JsonNode    **out,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_TYPE (node) != type ||
      (type == JSON_NODE_VALUE && json_node_get_value_type (node) != G_TYPE_STRING &&
       json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    {
      g_autofree char *place = g_strdup_printf ("%s.%s", where, name);
      return type_error (error, place,
                         type == JSON_NODE_OBJECT ? _("an object") :
                         type == JSON_NODE_ARRAY ? _("an array") : _("a string or boolean"));
    }
  *out = node;
  return TRUE;
}

static gboolean
get_string (JsonObject   *object,
            const char   *name,
            const char   *where,
            const char  **out,
            GError      **error)
{
  JsonNode *node;

  if (!get_member (object, name, JSON_NODE_VALUE, where, &node, error))
    return FALSE;
  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *place = g_strdup_printf ("%s.%s", where, name);
      return type_error (error, place, _("a string"));
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static void
check_keys (Loader            *loader,
            JsonObject        *object,
            const char        *where,
            const char *const *known)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &member))
    if (!g_strv_contains (known, key))
      warn (loader, _("%s%s%s: unknown key, ignored"), where, where[0] ? "." : "", key);
}

static gboolean
load_array (Loader      *loader,
            JsonObject  *root,
            const char  *name,
            guint        limit,
            JsonArray  **out,
            GError     **error)
{
  JsonNode *node;

  if (!get_member (root, name, JSON_NODE_ARRAY, "", &node, error))
    return FALSE;
  *out = node != NULL ? json_node_get_array (node) : NULL;
  if (*out != NULL && json_array_get_length (*out) > limit)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT,
                   _("%s: %u entries, at most %u are allowed"), name,
                   json_array_get_length (*out), limit);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_objects (Loader      *loader,
              JsonArray   *array,
              const char  *name,
              MdScope      scope,
              GError     **error)
{
  static const char *const known[] = { "name", "params", "automation", NULL };

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s[%u]", name, i);
      g_autofree char *params_where = g_strdup_printf ("%s.params", where);
      JsonObject *object;
      JsonNode *params;
      const char *obj_name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return type_error (error, where, _("an object"));
      object = json_node_get_object (node);
      check_keys (loader, object, where, known);
      if (!get_string (object, "name", where, &obj_name, error) ||
          !get_member (object, "params", JSON_NODE_OBJECT, where, &params, error))
        return FALSE;
      if (obj_name != NULL && scope == MD_SCOPE_BUS)
        {
          g_autofree char *path = g_strdup_printf ("/bus/%u/name", i + 1);
          g_autoptr(GError) local_error = NULL;

          if (!md_session_set_string (loader->session, path, obj_name, &local_error))
            {
              g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                           "%s.name: %s", where, local_error->message);
              return FALSE;
            }
        }
      if (!load_params (loader, params, scope, i + 1, params_where, error) ||
          !md_automation_read_json (md_session_get_automation (loader->session),
                                    json_object_get_member (object, "automation"), scope, i + 1,
                                    where, loader->warnings, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_strips (Loader      *loader,
             JsonArray   *array,
             GError     **error)
{
  static const char *const known[] = { "name", "stereo", "source", "colour", "params",
                                       "automation", NULL };

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("strips[%u]", i);
      g_autofree char *params_where = g_strdup_printf ("%s.params", where);
      g_autofree char *source = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *object;
      JsonNode *params, *stereo_node;
      const char *name, *src, *colour;
      gboolean stereo = FALSE;
      guint n;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return type_error (error, where, _("an object"));
      object = json_node_get_object (node);
      check_keys (loader, object, where, known);
      if (!get_string (object, "name", where, &name, error) ||
          !get_string (object, "source", where, &src, error) ||
          !get_string (object, "colour", where, &colour, error) ||
          !get_member (object, "stereo", JSON_NODE_VALUE, where, &stereo_node, error) ||
          !get_member (object, "params", JSON_NODE_OBJECT, where, &params, error))
        return FALSE;
      if (stereo_node != NULL)
        {
          if (json_node_get_value_type (stereo_node) != G_TYPE_BOOLEAN)
            {
              g_autofree char *place = g_strdup_printf ("%s.stereo", where);
              return type_error (error, place, _("true or false"));
            }
          stereo = json_node_get_boolean (stereo_node);
        }
      if (src != NULL && !g_str_has_prefix (src, "jack:") && !g_path_is_absolute (src) &&
          loader->base_dir != NULL)
        source = g_canonicalize_filename (src, loader->base_dir);
      else
        source = g_strdup (src);

      n = md_session_add_strip (loader->session, name, stereo, source, &local_error);
      if (n == 0 ||
          (colour != NULL && !md_session_set_strip_colour (loader->session, n, colour, &local_error)))
        {
          g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                       "%s: %s", where, local_error->message);
          return FALSE;
        }
      if (!load_params (loader, params, MD_SCOPE_STRIP, n, params_where, error) ||
          !md_automation_read_json (md_session_get_automation (loader->session),
                                    json_object_get_member (object, "automation"), MD_SCOPE_STRIP,
                                    n, where, loader->warnings, error))
        return FALSE;
    }
  return TRUE;
}

/* A first pass over the text before the (recursive) parser sees it:
 * refuse deep nesting, a top level that is not an object or an array, and
 * anything after the end of the document (json-glib leaks the values it
 * parsed when a second top-level value follows). */
static gboolean
check_depth (const char  *data,
             gsize        length,
             GError     **error)
{
  int depth = 0;
  guint line = 1;
  gboolean in_string = FALSE, done = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        continue;
      if (done)
        {
          g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_PARSE,
                       _("not valid JSON: line %u: text after the end of the document"), line);
          return FALSE;
        }
      if (depth == 0 && c != '{' && c != '[')
        {
          g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                       _("not a mixdesk session (the top level is not an object)"));
          return FALSE;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            {
              g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT,
                           _("line %u: nested deeper than %d levels"), line, MAX_DEPTH);
              return FALSE;
            }
        }
      else if (c == '}' || c == ']')
        {
          if (--depth == 0)
            done = TRUE;
        }
    }
  return TRUE;
}

/* "connections": { "Kick": ["system:capture_1", ...], ... } */
static gboolean
load_connections (JsonObject  *root,
                  MdSession   *session,
                  GError     **error)
{
  g_autoptr(GHashTable) table = NULL;
  JsonNode *node = json_object_get_member (root, "connections");
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  guint total = 0;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                   _("connections: expected an object"));
      return FALSE;
    }
  object = json_node_get_object (node);
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (object, l->data);
      JsonArray *array;
      GPtrArray *list;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                       _("connections.%s: expected an array of port names"), (const char *)l->data);
          return FALSE;
        }
      array = json_node_get_array (member);
      total += json_array_get_length (array);
      if (total > 4 * MD_MAX_STRIPS * 16)
        {
          g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT,
                       _("connections: more than %d entries"), 4 * MD_MAX_STRIPS * 16);
          return FALSE;
        }
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (table, g_strdup (l->data), list);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING
              || strlen (json_node_get_string (item)) > 320)
            {
              g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                           _("connections.%s[%u]: expected a JACK port name"), (const char *)l->data, i);
              return FALSE;
            }
          g_ptr_array_add (list, g_strdup (json_node_get_string (item)));
        }
    }
  md_session_set_connections (session, table);
  return TRUE;
}

/* Older formats. Each step rewrites the document of version N into
 * version N + 1 in place; a file is migrated through every step up to
 * MD_SESSION_FILE_VERSION. Version 1 is the first: the table is empty.
 * To add version 2: bump MD_SESSION_FILE_VERSION, add
 * { 1, migrate_1_to_2 } and a test that loads a version 1 file. */
typedef gboolean (*MigrateFunc) (JsonObject *root, GPtrArray *warnings, GError **error);

static const struct
{
  gint64 from;
  MigrateFunc func;
} migrations[] = {
  { 0, NULL }       /* sentinel; version 1 is current */
};

static gboolean
migrate (JsonObject  *root,
         gint64       version,
         GPtrArray   *warnings,
         GError     **error)
{
  for (gint64 v = version; v < MD_SESSION_FILE_VERSION; v++)
    {
      MigrateFunc func = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
        if (migrations[i].from == v)
          func = migrations[i].func;
      if (func == NULL)
        {
          g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_VERSION,
                       _("format version %lld cannot be converted"), (long long) v);
          return FALSE;
        }
      if (!func (root, warnings, error))
        return FALSE;
      md_session_file_warn (warnings, _("converted from format version %lld to %lld"),
                            (long long) v, (long long) (v + 1));
    }
  return TRUE;
}

static MdSession *
new_from_data (const char  *data,
               gsize        length,
               const char  *base_dir,
               GPtrArray   *warnings,
               GError     **error)
{
  static const char *const known[] = { "format", "version", "session", "master", "buses",
                                       "dcas", "mgrps", "strips", "connections",
                                       "scenes", "recall_safe", "master_automation", NULL };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(MdSession) session = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(Loader) loader = { 0 };
  JsonNode *root_node, *node;
  JsonObject *root;
  JsonArray *buses, *dcas, *mgrps, *strips;
  const char *format;
  gint64 version;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > MD_SESSION_FILE_MAX_SIZE)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT,
                   _("larger than %d MiB"), MD_SESSION_FILE_MAX_SIZE >> 20);
      return NULL;
    }
  if (!check_depth (data, length, error))
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_PARSE,
                   _("not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_PARSE,
                   _("not valid JSON: the file is empty"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                   _("not a mixdesk session (the top level is not an object)"));
      return NULL;
    }
  root = json_node_get_object (root_node);
  node = json_object_get_member (root, "format");
  format = (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
            json_node_get_value_type (node) == G_TYPE_STRING) ? json_node_get_string (node) : NULL;
  if (g_strcmp0 (format, MD_SESSION_FILE_FORMAT) != 0)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                   _("not a mixdesk session (\"format\" is not \"%s\")"), MD_SESSION_FILE_FORMAT);
      return NULL;
    }
  node = json_object_get_member (root, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
                   _("version: expected an integer"));
      return NULL;
    }
  version = json_node_get_int (node);
  if (version < 1)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_VERSION,
                   _("format version %lld is not supported: the first "
                     "version is 1"), (long long) version);
      return NULL;
    }
  if (version > MD_SESSION_FILE_VERSION)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_VERSION,
                   _("format version %lld is not supported: this mixdesk reads "
                     "version %d (was the file written by a newer mixdesk?)"),
                   (long long) version, MD_SESSION_FILE_VERSION);
      return NULL;
    }

  if (!migrate (root, version, warnings, error))
    return NULL;

  session = md_session_new ();
  loader.session = session;
  loader.warnings = warnings;
  loader.base_dir = base_dir;
  loader_init (&loader);
  check_keys (&loader, root, "", known);

  if (!load_array (&loader, root, "buses", MD_MAX_BUSES, &buses, error) ||
      !load_array (&loader, root, "dcas", MD_MAX_DCAS, &dcas, error) ||
      !load_array (&loader, root, "mgrps", MD_MAX_MGRPS, &mgrps, error) ||
      !load_array (&loader, root, "strips", MD_MAX_STRIPS, &strips, error))
    return NULL;
  if (buses != NULL &&
      !md_session_set_n_buses (session, json_array_get_length (buses), error))
    return NULL;

  if (!get_member (root, "session", JSON_NODE_OBJECT, "", &node, error) ||
      !load_params (&loader, node, MD_SCOPE_SESSION, 0, "session", error) ||
      !get_member (root, "master", JSON_NODE_OBJECT, "", &node, error) ||
      !load_params (&loader, node, MD_SCOPE_MASTER, 0, "master", error) ||
      !md_automation_read_json (md_session_get_automation (session),
                                json_object_get_member (root, "master_automation"), MD_SCOPE_MASTER,
                                0, "master", warnings, error) ||
      !load_objects (&loader, buses, "buses", MD_SCOPE_BUS, error) ||
      !load_objects (&loader, dcas, "dcas", MD_SCOPE_DCA, error) ||
      !load_objects (&loader, mgrps, "mgrps", MD_SCOPE_MGRP, error) ||
      !load_strips (&loader, strips, error) ||
      !load_connections (root, session, error) ||
      !md_scenes_read_json (session, root, warnings, error))
    return NULL;

  return g_steal_pointer (&session);
}

/* Messages and warnings quote keys and values of the file: keep them
 * valid UTF-8 whatever the file holds. */
static void
make_valid (char **text)
{
  if (!g_utf8_validate (*text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (*text, -1);

      g_free (*text);
      *text = valid;
    }
}

MdSession *
md_session_new_from_data (const char  *data,
                          gsize        length,
                          const char  *base_dir,
                          GPtrArray   *warnings,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  guint n_warnings = warnings != NULL ? warnings->len : 0;
  MdSession *session = new_from_data (data, length, base_dir, warnings, &local_error);

  for (guint i = n_warnings; warnings != NULL && i < warnings->len; i++)
    make_valid ((char **)&g_ptr_array_index (warnings, i));
  if (session == NULL)
    {
      make_valid (&local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return session;
}

MdSession *
md_session_load (const char  *filename,
                 GPtrArray   *warnings,
                 GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *abs = NULL;
  g_autofree char *dir = NULL;
  MdSession *session;
  GStatBuf st;

  g_return_val_if_fail (filename != NULL, NULL);

  if (g_stat (filename, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO,
                   _("%s: %s"), filename, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO,
                   _("%s: not a regular file"), filename);
      return NULL;
    }
  if (st.st_size > MD_SESSION_FILE_MAX_SIZE)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT,
                   _("%s: larger than %d MiB"), filename, MD_SESSION_FILE_MAX_SIZE >> 20);
      return NULL;
    }
  mapped = g_mapped_file_new (filename, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_IO,
                   "%s", local_error->message);
      return NULL;
    }

  abs = g_canonicalize_filename (filename, NULL);
  dir = g_path_get_dirname (abs);
  session = md_session_new_from_data (g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped),
                                      dir, warnings, &local_error);
  if (session == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", filename, local_error->message);
      return NULL;
    }
  return session;
}
