/* md-scenes-file.c: scenes and recall-safes in the session file.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "md-scenes-private.h"
#include "md-session-file.h"
#include "md-session-file-private.h"

/* Session file ------------------------------------------------------------ */

static void
add_sections (JsonBuilder *builder,
              guint        sections)
{
  json_builder_begin_array (builder);
  for (guint i = 0; md_scenes_section_names[i] != NULL; i++)
    if (sections & (1u << i))
      json_builder_add_string_value (builder, md_scenes_section_names[i]);
  json_builder_end_array (builder);
}

static void
add_list (JsonBuilder *builder,
          GArray      *list)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    json_builder_add_int_value (builder, g_array_index (list, guint, i));
  json_builder_end_array (builder);
}

/* Only values that differ from the table default are written. */
static void
add_row (JsonBuilder *builder,
         MdScope      scope,
         double      *row)
{
  SlotInfo *table = md_scenes_slot_table (scope);

  json_builder_begin_object (builder);
  for (guint slot = 0; slot < md_scenes_scope_slots[scope]; slot++)
    {
      SlotInfo *si = &table[slot];
      char key[128];

      if (si->info == NULL || si->section == 0 || row[slot] == si->info->def ||
          md_param_key (si->info, si->sub, key, sizeof key) < 0)
        continue;
      json_builder_set_member_name (builder, key);
      if (si->info->kind == MD_KIND_BOOL)
        json_builder_add_boolean_value (builder, row[slot] != 0.0);
      else if (si->info->kind == MD_KIND_FLOAT)
        json_builder_add_double_value (builder, row[slot]);
      else
        json_builder_add_int_value (builder, (gint64)row[slot]);
    }
  json_builder_end_object (builder);
}

static void
add_rows (JsonBuilder *builder,
          const char  *name,
          Scene       *scene,
          MdScope      scope)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 1; i <= md_scenes_n_objects (scene, scope); i++)
    add_row (builder, scope, md_scenes_row (scene, scope, i));
  json_builder_end_array (builder);
}

void
md_scenes_write_json (MdSession   *self,
                      JsonBuilder *builder)
{
  Scenes *sc;

  g_return_if_fail (MD_IS_SESSION (self));
  sc = md_scenes_get (self);

  json_builder_set_member_name (builder, "scenes");
  json_builder_begin_array (builder);
  for (guint n = 0; n < sc->scenes->len; n++)
    {
      Scene *scene = g_ptr_array_index (sc->scenes, n);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, scene->name);
      json_builder_set_member_name (builder, "sections");
      add_sections (builder, scene->sections);
      if (scene->strips != NULL)
        {
          json_builder_set_member_name (builder, "strips");
          add_list (builder, scene->strips);
        }
      if (scene->buses != NULL)
        {
          json_builder_set_member_name (builder, "buses");
          add_list (builder, scene->buses);
        }
      json_builder_set_member_name (builder, "fade_ms");
      json_builder_add_double_value (builder, scene->fade_ms);
      json_builder_set_member_name (builder, "values");
      json_builder_begin_object (builder);
      add_rows (builder, "strips", scene, MD_SCOPE_STRIP);
      add_rows (builder, "buses", scene, MD_SCOPE_BUS);
      add_rows (builder, "dcas", scene, MD_SCOPE_DCA);
      add_rows (builder, "mgrps", scene, MD_SCOPE_MGRP);
      json_builder_set_member_name (builder, "master");
      add_row (builder, MD_SCOPE_MASTER, scene->master);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* "recall_safe": {"sections": [...], "strips": {"3": [...]}, "buses": {...}} */
  json_builder_set_member_name (builder, "recall_safe");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sections");
  add_sections (builder, sc->safe);
  for (guint k = 0; k < 2; k++)
    {
      guint n = k == 0 ? md_session_get_n_strips (self) : md_session_get_n_buses (self);

      json_builder_set_member_name (builder, k == 0 ? "strips" : "buses");
      json_builder_begin_object (builder);
      for (guint i = 1; i <= n; i++)
        {
          guint mask = k == 0 ? md_session_scene_get_strip_safe (self, i) : sc->bus_safe[i - 1];
          char key[16];

          if (mask == 0)
            continue;
          g_snprintf (key, sizeof key, "%u", i);
          json_builder_set_member_name (builder, key);
          add_sections (builder, mask);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static gboolean
fail (GError     **error,
      const char  *where,
      const char  *expected)
{
  g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_FORMAT,
               _("%s: expected %s"), where, expected);
  return FALSE;
}

static gboolean
read_sections (JsonNode    *node,
               const char  *where,
               guint       *out,
               GPtrArray   *warnings,
               GError     **error)
{
  JsonArray *array;

  *out = 0;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, where, _("an array of section names"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > 64)
    return fail (error, where, _("at most 64 section names"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      guint k;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return fail (error, where, _("an array of section names"));
      if (strcmp (json_node_get_string (item), "all") == 0)
        {
          *out |= MD_SCENE_ALL;
          continue;
        }
      for (k = 0; md_scenes_section_names[k] != NULL; k++)
        if (strcmp (json_node_get_string (item), md_scenes_section_names[k]) == 0)
          break;
      if (md_scenes_section_names[k] == NULL)
        md_session_file_warn (warnings, _("%s[%u]: unknown section, ignored"), where, i);
      else
        *out |= 1u << k;
    }
  return TRUE;
}

static gboolean
read_list (JsonNode    *node,
           const char  *where,
           guint        limit,
           GArray     **out,
           GError     **error)
{
  JsonArray *array;
  g_autoptr(GArray) list = NULL;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > limit)
    return fail (error, where, _("an array of numbers"));
  array = json_node_get_array (node);
  list = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      gint64 v;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_INT64)
        return fail (error, where, _("an array of numbers"));
      v = json_node_get_int (item);
      if (v < 1 || v > limit)
        return fail (error, where, _("numbers in range"));
      g_array_append_val (list, (guint){ (guint)v });
    }
  *out = g_steal_pointer (&list);
  return TRUE;
}

static gboolean
read_row (JsonNode    *node,
          MdScope      scope,
          double      *row,
          const char  *where,
          GPtrArray   *warnings,
          GError     **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, where, _("an object"));
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &member))
    {
      SlotInfo *si = g_hash_table_lookup (md_scenes_key_table[scope], key);
      guint slot;
      double v;

      if (si == NULL || si->section == 0)
        {
          md_session_file_warn (warnings, _("%s.%s: unknown key, ignored"), where, key);
          continue;
        }
      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_BOOLEAN)
        v = json_node_get_boolean (member) ? 1.0 : 0.0;
      else if (JSON_NODE_HOLDS_VALUE (member) &&
               (json_node_get_value_type (member) == G_TYPE_INT64 ||
                json_node_get_value_type (member) == G_TYPE_DOUBLE))
        v = json_node_get_double (member);
      else
        {
          g_autofree char *place = g_strdup_printf ("%s.%s", where, key);
          return fail (error, place, _("a number"));
        }
      if (!isfinite (v))
        {
          g_autofree char *place = g_strdup_printf ("%s.%s", where, key);
          return fail (error, place, _("a finite number"));
        }
      slot = (guint)(si - md_scenes_slot_table (scope));
      row[slot] = md_param_clamp (si->info, v);
      if (row[slot] != v)
        md_session_file_warn (warnings, _("%s.%s: %g is out of range, set to %g"),
                              where, key, v, row[slot]);
    }
  return TRUE;
}

static gboolean
read_rows (JsonObject  *values,
           const char  *name,
           MdScope      scope,
           Scene       *scene,
           const char  *where,
           GPtrArray   *warnings,
           GError     **error)
{
  JsonNode *node = json_object_get_member (values, name);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *place = g_strdup_printf ("%s.%s", where, name);
      return fail (error, place, _("an array"));
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > md_scenes_n_objects (scene, scope))
    {
      g_autofree char *place = g_strdup_printf ("%s.%s", where, name);
      return fail (error, place, _("no more entries than the limit"));
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *place = g_strdup_printf ("%s.%s[%u]", where, name, i);

      if (!read_row (json_array_get_element (array, i), scope, md_scenes_row (scene, scope, i + 1),
                     place, warnings, error))
        return FALSE;
    }
  return TRUE;
}

static guint
array_len (JsonObject *object,
           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}

static gboolean
read_scene (Scenes      *sc,
            JsonNode    *node,
            const char  *where,
            GPtrArray   *warnings,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *place = NULL;
  JsonObject *object, *values = NULL;
  JsonNode *member;
  Scene *scene;
  const char *name;
  guint n_strips, n_buses;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, where, _("an object"));
  object = json_node_get_object (node);
  member = json_object_get_member (object, "name");
  place = g_strdup_printf ("%s.name", where);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    return fail (error, place, _("a string"));
  name = json_node_get_string (member);
  if (!md_scenes_check_name (name, &local_error))
    return fail (error, place, local_error->message);
  for (guint i = 0; i < sc->scenes->len; i++)
    if (strcmp (((Scene *)g_ptr_array_index (sc->scenes, i))->name, name) == 0)
      return fail (error, place, _("a name not used by an earlier scene"));

  member = json_object_get_member (object, "values");
  if (member != NULL)
    {
      g_free (place);
      place = g_strdup_printf ("%s.values", where);
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return fail (error, place, _("an object"));
      values = json_node_get_object (member);
    }
  n_strips = array_len (values, "strips");
  n_buses = array_len (values, "buses");
  if (n_strips > MD_MAX_STRIPS || n_buses > MD_MAX_BUSES)
    return fail (error, place, _("no more strips and buses than the limits"));

  scene = g_new0 (Scene, 1);
  scene->name = g_strdup (name);
  scene->sections = MD_SCENE_ALL;
  md_scenes_resize (scene, n_strips, n_buses);
  g_ptr_array_add (sc->scenes, scene);     /* freed with the session on failure */

  member = json_object_get_member (object, "sections");
  if (member != NULL)
    {
      g_free (place);
      place = g_strdup_printf ("%s.sections", where);
      if (!read_sections (member, place, &scene->sections, warnings, error))
        return FALSE;
    }
  g_free (place);
  place = g_strdup_printf ("%s.strips", where);
  if (!read_list (json_object_get_member (object, "strips"), place, MD_MAX_STRIPS, &scene->strips, error))
    return FALSE;
  g_free (place);
  place = g_strdup_printf ("%s.buses", where);
  if (!read_list (json_object_get_member (object, "buses"), place, MD_MAX_BUSES, &scene->buses, error))
    return FALSE;
  member = json_object_get_member (object, "fade_ms");
  if (member != NULL)
    {
      g_free (place);
      place = g_strdup_printf ("%s.fade_ms", where);
      if (!JSON_NODE_HOLDS_VALUE (member) ||
          (json_node_get_value_type (member) != G_TYPE_INT64 &&
           json_node_get_value_type (member) != G_TYPE_DOUBLE))
        return fail (error, place, _("a number"));
      scene->fade_ms = json_node_get_double (member);
      if (!(scene->fade_ms >= 0 && scene->fade_ms <= MD_SCENE_FADE_MAX_MS))
        {
          md_session_file_warn (warnings, _("%s: %g is out of range, set to %g"), place,
                                scene->fade_ms, CLAMP (scene->fade_ms, 0, MD_SCENE_FADE_MAX_MS));
          scene->fade_ms = isnan (scene->fade_ms) ? 0 : CLAMP (scene->fade_ms, 0, MD_SCENE_FADE_MAX_MS);
        }
    }
  if (values != NULL)
    {
      g_free (place);
      place = g_strdup_printf ("%s.values", where);
      if (!read_rows (values, "strips", MD_SCOPE_STRIP, scene, place, warnings, error) ||
          !read_rows (values, "buses", MD_SCOPE_BUS, scene, place, warnings, error) ||
          !read_rows (values, "dcas", MD_SCOPE_DCA, scene, place, warnings, error) ||
          !read_rows (values, "mgrps", MD_SCOPE_MGRP, scene, place, warnings, error))
        return FALSE;
      member = json_object_get_member (values, "master");
      if (member != NULL)
        {
          g_autofree char *mplace = g_strdup_printf ("%s.master", place);
          if (!read_row (member, MD_SCOPE_MASTER, scene->master, mplace, warnings, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_safes (MdSession   *self,
            Scenes      *sc,
            JsonNode    *node,
            GPtrArray   *warnings,
            GError     **error)
{
  JsonObject *object;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "recall_safe", _("an object"));
  object = json_node_get_object (node);
  member = json_object_get_member (object, "sections");
  if (member != NULL && !read_sections (member, "recall_safe.sections", &sc->safe, warnings, error))
    return FALSE;
  for (guint k = 0; k < 2; k++)
    {
      const char *name = k == 0 ? "strips" : "buses";
      guint n = k == 0 ? md_session_get_n_strips (self) : md_session_get_n_buses (self);
      g_autofree char *place = g_strdup_printf ("recall_safe.%s", name);
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      member = json_object_get_member (object, name);
      if (member == NULL)
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return fail (error, place, _("an object"));
      json_object_iter_init (&iter, json_node_get_object (member));
      while (json_object_iter_next (&iter, &key, &value))
        {
          g_autofree char *kplace = g_strdup_printf ("%s.%s", place, key);
          char *end = NULL;
          guint64 i = g_ascii_strtoull (key, &end, 10);
          guint mask;

          if (!g_ascii_isdigit (key[0]) || *end != '\0' || i < 1 || i > n)
            {
              g_autofree char *what = g_strdup_printf (_("a %s number from 1 to %u"),
                                                       k == 0 ? "strip" : "bus", n);
              return fail (error, kplace, what);
            }
          if (!read_sections (value, kplace, &mask, warnings, error))
            return FALSE;
          if (k == 0)
            md_session_scene_set_strip_safe (self, (guint)i, mask, NULL);
          else
            sc->bus_safe[i - 1] = mask;
        }
    }
  return TRUE;
}

gboolean
md_scenes_read_json (MdSession   *self,
                     JsonObject  *root,
                     GPtrArray   *warnings,
                     GError     **error)
{
  Scenes *sc;
  JsonNode *node;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  sc = md_scenes_get (self);

  node = json_object_get_member (root, "scenes");
  if (node != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (error, "scenes", _("an array"));
      array = json_node_get_array (node);
      if (json_array_get_length (array) > MD_SCENES_MAX)
        {
          g_set_error (error, MD_SESSION_FILE_ERROR, MD_SESSION_FILE_ERROR_LIMIT,
                       _("%s: %u entries, at most %u are allowed"), "scenes",
                       json_array_get_length (array), (guint)MD_SCENES_MAX);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *where = g_strdup_printf ("scenes[%u]", i);

          if (!read_scene (sc, json_array_get_element (array, i), where, warnings, error))
            return FALSE;
        }
    }
  node = json_object_get_member (root, "recall_safe");
  if (node != NULL && !read_safes (self, sc, node, warnings, error))
    return FALSE;
  return TRUE;
}

gboolean
md_scenes_copy (MdSession *dst, MdSession *src, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  Scenes *sc;

  g_return_val_if_fail (MD_IS_SESSION (dst), FALSE);
  g_return_val_if_fail (MD_IS_SESSION (src), FALSE);

  /* through the file's form: one reader for files and copies */
  json_builder_begin_object (builder);
  md_scenes_write_json (src, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  sc = md_scenes_get (dst);
  g_ptr_array_set_size (sc->scenes, 0);
  sc->safe = 0;
  g_hash_table_remove_all (sc->strip_safe);
  memset (sc->bus_safe, 0, sizeof sc->bus_safe);
  if (!md_scenes_read_json (dst, json_node_get_object (root), NULL, error))
    return FALSE;
  md_session_notify_content_changed (dst, "scenes");
  return TRUE;
}
