/* md-session-path.c: the address-based API of the session model
 * ("/strip/2/fader", "PATH=VALUE" as typed with --set, names).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "md-session-private.h"

static gboolean
resolve (const char   *path,
         MdParamAddr  *addr,
         GError      **error)
{
  MdParamStatus status;

  if (path == NULL)
    status = MD_PARAM_UNKNOWN;
  else
    status = md_param_parse (path, addr);
  switch (status)
    {
    case MD_PARAM_OK:
      return TRUE;
    case MD_PARAM_BAD_INDEX:
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT,
                   _("%s: index out of range"), path);
      return FALSE;
    case MD_PARAM_NO_NORM:
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_UNKNOWN_ADDRESS,
                   _("%s: /norm exists only for continuous parameters"), path);
      return FALSE;
    case MD_PARAM_UNKNOWN:
    case MD_PARAM_BAD_VALUE:
    default:
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_UNKNOWN_ADDRESS,
                   _("Unknown address “%s” (see “mixdesk osc-spec”)"), path ? path : "");
      return FALSE;
    }
}

static gboolean
set_addr (MdSession          *self,
          const MdParamAddr  *addr,
          const char         *path,
          double              value,
          gboolean            strict,
          GError            **error)
{
  if (addr->norm)
    {
      if (strict && !(value >= 0.0 && value <= 1.0))
        {
          g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_OUT_OF_RANGE,
                       _("%s: %g is out of range (0 to 1)"), path, value);
          return FALSE;
        }
      value = md_param_from_norm (addr->info, CLAMP (isnan (value) ? 0.0 : value, 0.0, 1.0));
    }
  return md_session_set_param (self, addr->info, addr->index, addr->sub, value, strict, error);
}

gboolean
md_session_set (MdSession   *self,
                const char  *path,
                double       value,
                gboolean     strict,
                GError     **error)
{
  MdParamAddr addr;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  if (!resolve (path, &addr, error))
    return FALSE;
  return set_addr (self, &addr, path, value, strict, error);
}

gboolean
md_session_get (MdSession   *self,
                const char  *path,
                double      *value,
                GError     **error)
{
  MdParamAddr addr;
  double v;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  if (!resolve (path, &addr, error))
    return FALSE;
  if (addr.info->kind == MD_KIND_STRING)
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE,
                   _("%s is text, not a number"), path);
      return FALSE;
    }
  if (!md_session_check_object (self, addr.info, addr.index, addr.sub, error))
    return FALSE;
  v = md_session_get_param (self, addr.info, addr.index, addr.sub);
  if (addr.norm)
    v = md_param_to_norm (addr.info, v);
  if (value != NULL)
    *value = v;
  return TRUE;
}

static char **
resolve_string (MdSession    *self,
                const char   *path,
                GError      **error)
{
  MdParamAddr addr;
  char **ptr;

  if (!resolve (path, &addr, error))
    return NULL;
  if (addr.info->kind != MD_KIND_STRING)
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE,
                   _("%s takes a number, not text"), path);
      return NULL;
    }
  if (!md_session_check_object (self, addr.info, addr.index, addr.sub, error))
    return NULL;
  ptr = md_session_name_slot (self, addr.info->scope, addr.index);
  if (ptr == NULL || strcmp (addr.info->name, "name") != 0)
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_UNKNOWN_ADDRESS,
                   _("%s is not supported yet"), path);
      return NULL;
    }
  return ptr;
}

gboolean
md_session_set_string (MdSession   *self,
                       const char  *path,
                       const char  *value,
                       GError     **error)
{
  char **ptr;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  if ((ptr = resolve_string (self, path, error)) == NULL)
    return FALSE;
  if (value == NULL || !g_utf8_validate (value, -1, NULL) || strlen (value) > 1024)
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE,
                   _("%s: a name must be valid UTF-8 of at most 1024 bytes"), path);
      return FALSE;
    }
  if (g_strcmp0 (*ptr, value) == 0)
    return TRUE;
  g_free (*ptr);
  *ptr = g_strdup (value);
  md_session_emit_string_changed (self, path, value);
  return TRUE;
}

const char *
md_session_get_string (MdSession   *self,
                       const char  *path,
                       GError     **error)
{
  char **ptr;

  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  if ((ptr = resolve_string (self, path, error)) == NULL)
    return NULL;
  return *ptr != NULL ? *ptr : "";
}

gboolean
md_session_set_value_text (MdSession   *self,
                           const char  *path,
                           const char  *text,
                           gboolean     strict,
                           GError     **error)
{
  MdParamAddr addr;
  double value;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  if (!resolve (path, &addr, error))
    return FALSE;
  if (addr.info->kind == MD_KIND_STRING)
    return md_session_set_string (self, path, text, error);

  if (addr.norm)
    {
      char *end = NULL;

      value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        {
          g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE,
                       _("%s: “%s” is not a number from 0 to 1"), path, text);
          return FALSE;
        }
    }
  else if (md_param_parse_value (addr.info, text, &value) != MD_PARAM_OK)
    {
      g_autofree char *range = md_session_describe_range (addr.info);

      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE,
                   _("%s: “%s” is not a valid value (%s)"), path, text, range);
      return FALSE;
    }
  return set_addr (self, &addr, path, value, strict, error);
}

gboolean
md_session_set_text (MdSession   *self,
                     const char  *assignment,
                     GError     **error)
{
  const char *eq;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  eq = assignment != NULL ? strchr (assignment, '=') : NULL;
  if (eq == NULL)
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_INVALID,
                   _("“%s” is not of the form PATH=VALUE"), assignment ? assignment : "");
      return FALSE;
    }
  path = g_strstrip (g_strndup (assignment, eq - assignment));
  text = g_strstrip (g_strdup (eq + 1));
  if (text[0] == '\0')
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE,
                   _("%s: missing value after “=”"), path);
      return FALSE;
    }
  return md_session_set_value_text (self, path, text, TRUE, error);
}
