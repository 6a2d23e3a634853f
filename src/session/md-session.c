/* md-session.c: the session model.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "md-session-private.h"

typedef struct
{
  char *name;
  char *source;
  char *colour;
  gboolean stereo;
  guint id;                       /* engine strip id */
  double values[MD_SP_COUNT];
} MdStrip;

struct _MdSession
{
  GObject parent_instance;

  GPtrArray *strips;              /* MdStrip*, in console order */
  guint n_buses;
  char *bus_names[MD_MAX_BUSES];
  double bus[MD_MAX_BUSES][MD_BP_COUNT];
  double dca[MD_MAX_DCAS][MD_DP_COUNT];
  double mgrp[MD_MAX_MGRPS][MD_GP_COUNT];
  double master[MD_MP_COUNT];
  double session[MD_XP_COUNT];
  gboolean id_used[MD_MAX_STRIPS];
  GHashTable *connections;        /* JACK: our port -> GPtrArray of foreign ports */
  gboolean following;             /* storing a value the engine already has */

  MdEngine *engine;               /* not owned */
};

G_DEFINE_FINAL_TYPE (MdSession, md_session, G_TYPE_OBJECT)

enum
{
  PARAM_CHANGED,
  STRING_CHANGED,
  STRUCTURE_CHANGED,
  STRIP_CHANGED,
  CONTENT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (md-session-error-quark, md_session_error)

static void
md_strip_free (MdStrip *strip)
{
  g_free (strip->name);
  g_free (strip->source);
  g_free (strip->colour);
  g_free (strip);
}

/* Slots of SCOPE to their table defaults. */
static void
fill_defaults (MdScope  scope,
               double  *values,
               guint    n_values)
{
  for (size_t i = 0; i < md_params_count (); i++)
    {
      const MdParamInfo *info = md_params_get (i);
      guint n = info->n_sub ? info->n_sub : 1;

      if (info->scope != scope || info->slot == MD_NO_SLOT)
        continue;
      for (guint s = 0; s < n && info->slot + s < n_values; s++)
        values[info->slot + s] = info->def;
    }
}

static void
md_session_finalize (GObject *object)
{
  MdSession *self = (MdSession *)object;

  g_clear_pointer (&self->strips, g_ptr_array_unref);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  for (guint b = 0; b < MD_MAX_BUSES; b++)
    g_clear_pointer (&self->bus_names[b], g_free);
  self->engine = NULL;

  G_OBJECT_CLASS (md_session_parent_class)->finalize (object);
}

static void
md_session_class_init (MdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_session_finalize;

  /* PATH is the canonical address, VALUE the stored (clamped) value. */
  signals[PARAM_CHANGED] =
    g_signal_new ("param-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_DOUBLE);
  signals[STRING_CHANGED] =
    g_signal_new ("string-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[STRUCTURE_CHANGED] =
    g_signal_new ("structure-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* STRIP (1-based) and the property that changed: "colour" or "source". */
  signals[STRIP_CHANGED] =
    g_signal_new ("strip-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /* scenes, safes or automation lanes changed: "scenes", "automation" */
  signals[CONTENT_CHANGED] =
    g_signal_new ("content-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
md_session_init (MdSession *self)
{
  self->strips = g_ptr_array_new_with_free_func ((GDestroyNotify)md_strip_free);
  for (guint b = 0; b < MD_MAX_BUSES; b++)
    fill_defaults (MD_SCOPE_BUS, self->bus[b], MD_BP_COUNT);
  for (guint d = 0; d < MD_MAX_DCAS; d++)
    fill_defaults (MD_SCOPE_DCA, self->dca[d], MD_DP_COUNT);
  for (guint g = 0; g < MD_MAX_MGRPS; g++)
    fill_defaults (MD_SCOPE_MGRP, self->mgrp[g], MD_GP_COUNT);
  fill_defaults (MD_SCOPE_MASTER, self->master, MD_MP_COUNT);
  fill_defaults (MD_SCOPE_SESSION, self->session, MD_XP_COUNT);
  self->connections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify)g_ptr_array_unref);
}

MdSession *
md_session_new (void)
{
  return g_object_new (MD_TYPE_SESSION, NULL);
}

static MdStrip *
get_strip (MdSession *self,
           guint      strip)
{
  if (strip < 1 || strip > self->strips->len)
    return NULL;
  return g_ptr_array_index (self->strips, strip - 1);
}

static gboolean
check_strip (MdSession  *self,
             guint       strip,
             GError    **error)
{
  if (get_strip (self, strip) != NULL)
    return TRUE;
  g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT,
               _("No strip %u: the session has %u strips"), strip, self->strips->len);
  return FALSE;
}

/* Engine ----------------------------------------------------------------- */

static gboolean
engine_status_ok (MdEngineStatus   status,
                  const char      *what,
                  GError         **error)
{
  if (status == MD_ENGINE_OK)
    return TRUE;
  g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_ENGINE,
               _("The engine refused %s (%s)"), what,
               status == MD_ENGINE_ENOMEM ? _("out of memory") :
               status == MD_ENGINE_EBUSY ? _("command queue full") : _("invalid request"));
  return FALSE;
}

static gboolean
engine_set (MdSession  *self,
            MdScope     scope,
            guint       id,
            guint       slot,
            double      value,
            GError    **error)
{
  MdEngineStatus status;

  if (self->engine == NULL || slot == MD_NO_SLOT)
    return TRUE;
  status = md_engine_set (self->engine, scope, id, slot, (float)value);
  if (status == MD_ENGINE_EBUSY)
    {
      /* Release what the RT thread handed back, then try once more. */
      md_engine_collect (self->engine);
      status = md_engine_set (self->engine, scope, id, slot, (float)value);
    }
  return engine_status_ok (status, _("a parameter change"), error);
}

guint
md_session_build_topology (MdSession  *self,
                           MdTopology *topo)
{
  guint ch = 0;

  /* input channels are stable per strip (2 id + c), so a reorder never
   * remaps a live input: the JACK ports are indexed the same way */
  g_return_val_if_fail (MD_IS_SESSION (self), 0);

  memset (topo, 0, sizeof *topo);
  topo->n_strips = self->strips->len;
  topo->n_buses = self->n_buses;
  for (guint i = 0; i < self->strips->len; i++)
    {
      MdStrip *strip = g_ptr_array_index (self->strips, i);

      topo->strips[i].id = strip->id;
      topo->strips[i].in_ch[0] = 2 * strip->id;
      topo->strips[i].in_ch[1] = strip->stereo ? 2 * strip->id + 1 : 2 * strip->id;
      ch = MAX (ch, 2 * strip->id + 2);
    }
  return ch;
}

static gboolean
engine_commit (MdSession  *self,
               GError    **error)
{
  g_autofree MdTopology *topo = NULL;
  MdEngineStatus status;

  if (self->engine == NULL)
    return TRUE;
  topo = g_new0 (MdTopology, 1);
  md_session_build_topology (self, topo);
  status = md_engine_commit (self->engine, topo);
  if (status == MD_ENGINE_EBUSY)
    {
      md_engine_collect (self->engine);
      status = md_engine_commit (self->engine, topo);
    }
  return engine_status_ok (status, _("the new strip layout"), error);
}

/* Preset every non-default value of a freshly created engine strip. */
static gboolean
engine_preset_strip (MdSession  *self,
                     MdStrip    *strip,
                     GError    **error)
{
  for (guint slot = 0; slot < MD_SP_COUNT; slot++)
    {
      const MdParamInfo *info = md_params_find_slot (MD_SCOPE_STRIP, slot);

      if (info == NULL || strip->values[slot] == info->def)
        continue;
      if (!engine_status_ok (md_engine_strip_preset (self->engine, strip->id, slot,
                                                     (float)strip->values[slot]),
                             _("a strip setting"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
engine_create_strip (MdSession  *self,
                     MdStrip    *strip,
                     GError    **error)
{
  if (self->engine == NULL)
    return TRUE;
  if (!engine_status_ok (md_engine_strip_create (self->engine, strip->id, strip->stereo),
                         _("a new strip"), error))
    return FALSE;
  return engine_preset_strip (self, strip, error);
}

static gboolean
send_object_values (MdSession  *self,
                    MdScope     scope,
                    guint       id,
                    double     *values,
                    guint       n_values,
                    GError    **error)
{
  for (guint slot = 0; slot < n_values; slot++)
    {
      const MdParamInfo *info = md_params_find_slot (scope, slot);

      /* The engine starts every object at the table default. */
      if (info == NULL || values[slot] == info->def)
        continue;
      if (!engine_set (self, scope, id, slot, values[slot], error))
        return FALSE;
    }
  return TRUE;
}

gboolean
md_session_attach_engine (MdSession  *self,
                          MdEngine   *engine,
                          GError    **error)
{
  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (engine != NULL, FALSE);
  g_return_val_if_fail (self->engine == NULL, FALSE);

  self->engine = engine;
  for (guint i = 0; i < self->strips->len; i++)
    if (!engine_create_strip (self, g_ptr_array_index (self->strips, i), error))
      goto fail;
  if (!engine_commit (self, error))
    goto fail;
  if (!send_object_values (self, MD_SCOPE_SESSION, 0, self->session, MD_XP_COUNT, error) ||
      !send_object_values (self, MD_SCOPE_MASTER, 0, self->master, MD_MP_COUNT, error))
    goto fail;
  for (guint b = 0; b < self->n_buses; b++)
    if (!send_object_values (self, MD_SCOPE_BUS, b + 1, self->bus[b], MD_BP_COUNT, error))
      goto fail;
  for (guint d = 0; d < MD_MAX_DCAS; d++)
    if (!send_object_values (self, MD_SCOPE_DCA, d + 1, self->dca[d], MD_DP_COUNT, error))
      goto fail;
  for (guint g = 0; g < MD_MAX_MGRPS; g++)
    if (!send_object_values (self, MD_SCOPE_MGRP, g + 1, self->mgrp[g], MD_GP_COUNT, error))
      goto fail;
  return TRUE;

fail:
  self->engine = NULL;
  return FALSE;
}

void
md_session_detach_engine (MdSession *self)
{
  g_return_if_fail (MD_IS_SESSION (self));
  self->engine = NULL;
}

MdEngine *
md_session_get_engine (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  return self->engine;
}

/* Structure -------------------------------------------------------------- */

guint
md_session_get_n_strips (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), 0);
  return self->strips->len;
}

/* Lowest id not used by a strip of the session and not in SKIP (ids the
 * engine still holds). Low ids keep the input channels (2 id + c) and so
 * the JACK and render channel arrays small. */
static gboolean
alloc_strip_id (MdSession      *self,
                const gboolean *skip,
                guint          *out)
{
  for (guint i = 0; i < MD_MAX_STRIPS; i++)
    {
      guint id = i;

      if (self->id_used[id] || skip[id])
        continue;
      *out = id;
      return TRUE;
    }
  return FALSE;
}

static char *
default_strip_name (const char *source,
                    guint       number)
{
  if (source != NULL && g_str_has_prefix (source, "jack:") && source[5] != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (source + 5, ":", 2);
      return g_strdup (parts[0]);
    }
  if (source != NULL && source[0] != '\0')
    {
      g_autofree char *base = g_path_get_basename (source);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      if (base[0] != '\0' && strcmp (base, G_DIR_SEPARATOR_S) != 0 && strcmp (base, ".") != 0)
        return g_steal_pointer (&base);
    }
  return g_strdup_printf (_("Strip %u"), number);
}

guint
md_session_add_strip (MdSession   *self,
                      const char  *name,
                      gboolean     stereo,
                      const char  *source,
                      GError     **error)
{
  g_autofree gboolean *skip = NULL;
  MdStrip *strip;
  guint id;

  g_return_val_if_fail (MD_IS_SESSION (self), 0);

  if (name != NULL && (!g_utf8_validate (name, -1, NULL) || strlen (name) > 1024))
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE,
                   _("A strip name must be valid UTF-8 of at most 1024 bytes"));
      return 0;
    }

  strip = g_new0 (MdStrip, 1);
  strip->stereo = !!stereo;
  strip->source = g_strdup (source);
  strip->name = (name != NULL && name[0] != '\0') ? g_strdup (name)
                : default_strip_name (source, self->strips->len + 1);
  fill_defaults (MD_SCOPE_STRIP, strip->values, MD_SP_COUNT);

  /* The engine keeps a removed strip's id until the RT thread has handed
   * back every plan that named it: an id it refuses is skipped. */
  skip = g_new0 (gboolean, MD_MAX_STRIPS);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (self->strips->len >= MD_MAX_STRIPS || !alloc_strip_id (self, skip, &id))
        {
          g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_FULL,
                       _("Cannot add a strip: the session has %u strips (the limit is %u)"),
                       self->strips->len, (guint)MD_MAX_STRIPS);
          md_strip_free (strip);
          return 0;
        }
      strip->id = id;
      if (self->engine == NULL)
        break;
      if (!md_engine_strip_id_free (self->engine, id)
          || md_engine_strip_create (self->engine, id, strip->stereo) == MD_ENGINE_EINVAL)
        {
          skip[id] = TRUE;
          md_engine_collect (self->engine);
          continue;
        }
      if (!engine_preset_strip (self, strip, &local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          md_strip_free (strip);
          return 0;
        }
      break;
    }

  g_ptr_array_add (self->strips, strip);
  if (!engine_commit (self, error))
    {
      g_ptr_array_remove_index (self->strips, self->strips->len - 1);
      return 0;
    }
  self->id_used[id] = TRUE;
  g_signal_emit (self, signals[STRUCTURE_CHANGED], 0);
  return self->strips->len;
}

gboolean
md_session_remove_strip (MdSession  *self,
                         guint       strip,
                         GError    **error)
{
  MdStrip *s;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  if (!check_strip (self, strip, error))
    return FALSE;

  s = g_ptr_array_steal_index (self->strips, strip - 1);
  if (!engine_commit (self, error))
    {
      g_ptr_array_insert (self->strips, strip - 1, s);
      return FALSE;
    }
  self->id_used[s->id] = FALSE;
  md_strip_free (s);
  g_signal_emit (self, signals[STRUCTURE_CHANGED], 0);
  return TRUE;
}

gboolean
md_session_move_strip (MdSession  *self,
                       guint       from,
                       guint       to,
                       GError    **error)
{
  MdStrip *s;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  if (!check_strip (self, from, error) || !check_strip (self, to, error))
    return FALSE;
  if (from == to)
    return TRUE;

  s = g_ptr_array_steal_index (self->strips, from - 1);
  g_ptr_array_insert (self->strips, to - 1, s);
  if (!engine_commit (self, error))
    {
      s = g_ptr_array_steal_index (self->strips, to - 1);
      g_ptr_array_insert (self->strips, from - 1, s);
      return FALSE;
    }
  g_signal_emit (self, signals[STRUCTURE_CHANGED], 0);
  return TRUE;
}

guint
md_session_get_n_buses (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), 0);
  return self->n_buses;
}

static gboolean
is_send_slot (guint slot)
{
  return slot >= MD_SP_SEND_LEVEL && slot < MD_SP_DCA;
}

/* Bus that SLOT of a strip refers to (1-based), 0 for none. */
static guint
send_bus_of_slot (guint slot)
{
  return is_send_slot (slot) ? (slot - MD_SP_SEND_LEVEL) % MD_MAX_BUSES + 1 : 0;
}

gboolean
md_session_set_n_buses (MdSession  *self,
                        guint       n_buses,
                        GError    **error)
{
  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);

  if (n_buses > MD_MAX_BUSES)
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_FULL,
                   _("Cannot have %u buses: the limit is %u"), n_buses, (guint)MD_MAX_BUSES);
      return FALSE;
    }
  if (n_buses == self->n_buses)
    return TRUE;

  if (n_buses < self->n_buses)
    {
      double defaults[MD_SP_COUNT];

      fill_defaults (MD_SCOPE_STRIP, defaults, MD_SP_COUNT);
      /* Sends to removed buses and routes into them go back to defaults. */
      for (guint i = 0; i < self->strips->len; i++)
        {
          MdStrip *strip = g_ptr_array_index (self->strips, i);

          for (guint slot = MD_SP_SEND_LEVEL; slot < MD_SP_DCA; slot++)
            if (send_bus_of_slot (slot) > n_buses && strip->values[slot] != defaults[slot])
              {
                strip->values[slot] = defaults[slot];
                if (!engine_set (self, MD_SCOPE_STRIP, strip->id, slot, defaults[slot], error))
                  return FALSE;
              }
          if (strip->values[MD_SP_ROUTE] > n_buses)
            {
              strip->values[MD_SP_ROUTE] = 0;
              if (!engine_set (self, MD_SCOPE_STRIP, strip->id, MD_SP_ROUTE, 0, error))
                return FALSE;
            }
        }
      for (guint b = n_buses; b < self->n_buses; b++)
        {
          fill_defaults (MD_SCOPE_BUS, self->bus[b], MD_BP_COUNT);
          g_clear_pointer (&self->bus_names[b], g_free);
        }
    }

  self->n_buses = n_buses;
  if (!engine_commit (self, error))
    return FALSE;
  /* New buses start at the defaults in the engine; nothing else to send. */
  g_signal_emit (self, signals[STRUCTURE_CHANGED], 0);
  return TRUE;
}

gboolean
md_session_get_strip_stereo (MdSession *self,
                             guint      strip)
{
  MdStrip *s;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  s = get_strip (self, strip);
  return s != NULL && s->stereo;
}

const char *
md_session_get_strip_source (MdSession *self,
                             guint      strip)
{
  MdStrip *s;

  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  s = get_strip (self, strip);
  return s != NULL ? s->source : NULL;
}

gboolean
md_session_set_strip_source (MdSession   *self,
                             guint        strip,
                             const char  *source,
                             GError     **error)
{
  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  if (!check_strip (self, strip, error))
    return FALSE;
  if (g_strcmp0 (get_strip (self, strip)->source, source) == 0)
    return TRUE;
  g_free (get_strip (self, strip)->source);
  get_strip (self, strip)->source = g_strdup (source);
  g_signal_emit (self, signals[STRIP_CHANGED], 0, strip, "source");
  return TRUE;
}

const char *
md_session_get_strip_colour (MdSession *self,
                             guint      strip)
{
  MdStrip *s;

  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  s = get_strip (self, strip);
  return s != NULL ? s->colour : NULL;
}

void
md_session_notify_content_changed (MdSession *self, const char *what)
{
  g_return_if_fail (MD_IS_SESSION (self));
  g_signal_emit (self, signals[CONTENT_CHANGED], 0, what);
}

gboolean
md_session_set_strip_colour (MdSession   *self,
                             guint        strip,
                             const char  *colour,
                             GError     **error)
{
  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  if (!check_strip (self, strip, error))
    return FALSE;
  if (g_strcmp0 (get_strip (self, strip)->colour, colour) == 0)
    return TRUE;
  g_free (get_strip (self, strip)->colour);
  get_strip (self, strip)->colour = g_strdup (colour);
  g_signal_emit (self, signals[STRIP_CHANGED], 0, strip, "colour");
  return TRUE;
}

guint
md_session_get_strip_id (MdSession *self,
                         guint      strip)
{
  MdStrip *s;

  g_return_val_if_fail (MD_IS_SESSION (self), G_MAXUINT);
  s = get_strip (self, strip);
  return s != NULL ? s->id : G_MAXUINT;
}

guint
md_session_get_n_objects (MdSession *self,
                          MdScope    scope)
{
  g_return_val_if_fail (MD_IS_SESSION (self), 0);
  switch (scope)
    {
    case MD_SCOPE_STRIP: return self->strips->len;
    case MD_SCOPE_BUS: return self->n_buses;
    case MD_SCOPE_DCA: return MD_MAX_DCAS;
    case MD_SCOPE_MGRP: return MD_MAX_MGRPS;
    case MD_SCOPE_MASTER:
    case MD_SCOPE_SESSION: return 1;
    case MD_N_SCOPES:
    default: return 0;
    }
}

guint
md_session_get_n_sub (MdSession         *self,
                      const MdParamInfo *info)
{
  g_return_val_if_fail (MD_IS_SESSION (self), 0);
  if (info->n_sub == 0)
    return 0;
  if (info->scope == MD_SCOPE_STRIP && is_send_slot (info->slot))
    return MIN (info->n_sub, self->n_buses);
  return info->n_sub;
}

/* Values ----------------------------------------------------------------- */

static double *
value_ptr (MdSession *self,
           MdScope    scope,
           guint      index,
           guint      slot)
{
  switch (scope)
    {
    case MD_SCOPE_STRIP:
      return (get_strip (self, index) && slot < MD_SP_COUNT) ? &get_strip (self, index)->values[slot] : NULL;
    case MD_SCOPE_BUS:
      return (index >= 1 && index <= self->n_buses && slot < MD_BP_COUNT) ? &self->bus[index - 1][slot] : NULL;
    case MD_SCOPE_DCA:
      return (index >= 1 && index <= MD_MAX_DCAS && slot < MD_DP_COUNT) ? &self->dca[index - 1][slot] : NULL;
    case MD_SCOPE_MGRP:
      return (index >= 1 && index <= MD_MAX_MGRPS && slot < MD_GP_COUNT) ? &self->mgrp[index - 1][slot] : NULL;
    case MD_SCOPE_MASTER:
      return slot < MD_MP_COUNT ? &self->master[slot] : NULL;
    case MD_SCOPE_SESSION:
      return slot < MD_XP_COUNT ? &self->session[slot] : NULL;
    case MD_N_SCOPES:
    default:
      return NULL;
    }
}

static char *
format_path (const MdParamInfo *info,
             guint              index,
             guint              sub)
{
  MdParamAddr addr = { info, index, sub, 0, false };
  char buf[256];

  addr.slot = info->slot == MD_NO_SLOT ? MD_NO_SLOT : info->slot + (sub ? sub - 1 : 0);
  if (md_param_format (&addr, buf, sizeof buf) < 0)
    return g_strdup ("?");
  return g_strdup (buf);
}

char *
md_session_describe_range (const MdParamInfo *info)
{
  if (info->kind == MD_KIND_BOOL)
    return g_strdup (_("0 or 1 (off or on)"));
  if (info->kind == MD_KIND_ENUM && info->enum_names != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", (char **)info->enum_names);
      return g_strdup_printf (_("%g to %g: %s"), info->min, info->max, names);
    }
  if (info->taper == MD_TAPER_FADER)
    return g_strdup_printf (_("-inf (%g) to %g %s"), info->min, info->max, info->unit);
  if (info->unit != NULL && info->unit[0] != '\0')
    return g_strdup_printf (_("%g to %g %s"), info->min, info->max, info->unit);
  return g_strdup_printf (_("%g to %g"), info->min, info->max);
}

/* Validate INDEX and SUB of INFO against the current contents. */
gboolean
md_session_check_object (MdSession          *self,
                         const MdParamInfo  *info,
                         guint               index,
                         guint               sub,
                         GError            **error)
{
  g_autofree char *path = format_path (info, index, sub);
  guint n = md_session_get_n_objects (self, info->scope);

  if ((info->scope == MD_SCOPE_MASTER || info->scope == MD_SCOPE_SESSION) ? index != 0
      : (index < 1 || index > n))
    {
      const char *what = md_scope_name (info->scope);

      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT,
                   _("%s: no %s %u, the session has %u"), path, what, index, n);
      return FALSE;
    }
  if (info->n_sub ? (sub < 1 || sub > md_session_get_n_sub (self, info)) : sub != 0)
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT,
                   _("%s: no bus %u, the session has %u"), path, sub, self->n_buses);
      return FALSE;
    }
  return TRUE;
}

gboolean
md_session_set_param (MdSession          *self,
                      const MdParamInfo  *info,
                      guint               index,
                      guint               sub,
                      double              value,
                      gboolean            strict,
                      GError            **error)
{
  g_autofree char *path = NULL;
  guint slot;
  double *store;
  double clamped;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (info->kind == MD_KIND_STRING || info->slot == MD_NO_SLOT)
    {
      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE,
                   _("%s takes text, not a number"), info->name);
      return FALSE;
    }
  if (!md_session_check_object (self, info, index, sub, error))
    return FALSE;

  path = format_path (info, index, sub);
  slot = info->slot + (sub ? sub - 1 : 0);

  /* -inf on a fader means "fully down". */
  if (info->taper == MD_TAPER_FADER && isinf (value) && value < 0)
    value = info->min;
  if (isnan (value) || isinf (value))
    {
      if (strict)
        {
          g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_BAD_VALUE,
                       _("%s: the value must be a finite number"), path);
          return FALSE;
        }
    }
  else if (strict && (!md_param_in_range (info, value) ||
                      (info->kind != MD_KIND_FLOAT && value != floor (value))))
    {
      g_autofree char *range = md_session_describe_range (info);

      g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_OUT_OF_RANGE,
                   _("%s: %g is out of range (%s)"), path, value, range);
      return FALSE;
    }
  clamped = md_param_clamp (info, value);

  /* A route must name a bus that exists (0 is the master). */
  if (info->scope == MD_SCOPE_STRIP && slot == MD_SP_ROUTE && clamped > self->n_buses)
    {
      if (strict)
        {
          g_set_error (error, MD_SESSION_ERROR, MD_SESSION_ERROR_NO_SUCH_OBJECT,
                       _("%s: no bus %g, the session has %u (0 routes to the master)"),
                       path, clamped, self->n_buses);
          return FALSE;
        }
      clamped = 0;
    }

  store = value_ptr (self, info->scope, index, slot);
  g_return_val_if_fail (store != NULL, FALSE);
  if (*store == clamped)
    return TRUE;

  if (!self->following &&
      !engine_set (self, info->scope,
                   info->scope == MD_SCOPE_STRIP ? get_strip (self, index)->id : index,
                   slot, clamped, error))
    return FALSE;
  *store = clamped;
  g_signal_emit (self, signals[PARAM_CHANGED], 0, path, clamped);
  return TRUE;
}

gboolean
md_session_follow_param (MdSession         *self,
                         const MdParamInfo *info,
                         guint              index,
                         guint              sub,
                         double             value)
{
  gboolean ok;

  g_return_val_if_fail (MD_IS_SESSION (self), FALSE);
  self->following = TRUE;
  ok = md_session_set_param (self, info, index, sub, value, FALSE, NULL);
  self->following = FALSE;
  return ok;
}

gboolean
md_session_is_following (MdSession *self)
{
  return self->following;
}

double
md_session_get_param (MdSession         *self,
                      const MdParamInfo *info,
                      guint              index,
                      guint              sub)
{
  double *store;

  g_return_val_if_fail (MD_IS_SESSION (self), NAN);
  if (info->slot == MD_NO_SLOT)
    return NAN;
  store = value_ptr (self, info->scope, index, info->slot + (sub ? sub - 1 : 0));
  return store != NULL ? *store : NAN;
}

char **
md_session_name_slot (MdSession *self,
                      MdScope    scope,
                      guint      index)
{
  if (scope == MD_SCOPE_STRIP && get_strip (self, index) != NULL)
    return &get_strip (self, index)->name;
  if (scope == MD_SCOPE_BUS && index >= 1 && index <= self->n_buses)
    return &self->bus_names[index - 1];
  return NULL;
}

void
md_session_emit_string_changed (MdSession  *self,
                                const char *path,
                                const char *value)
{
  g_signal_emit (self, signals[STRING_CHANGED], 0, path, value);
}

/* JACK connections ------------------------------------------------------- */

static GHashTable *
copy_connections (GHashTable *src)
{
  GHashTable *dst = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)g_ptr_array_unref);
  GHashTableIter it;
  gpointer key, val;

  if (src == NULL)
    return dst;
  g_hash_table_iter_init (&it, src);
  while (g_hash_table_iter_next (&it, &key, &val))
    {
      GPtrArray *from = val, *to = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < from->len; i++)
        g_ptr_array_add (to, g_strdup (g_ptr_array_index (from, i)));
      g_hash_table_insert (dst, g_strdup (key), to);
    }
  return dst;
}

GHashTable *
md_session_get_connections (MdSession *self)
{
  g_return_val_if_fail (MD_IS_SESSION (self), NULL);
  return self->connections;
}

void
md_session_set_connections (MdSession  *self,
                            GHashTable *connections)
{
  g_return_if_fail (MD_IS_SESSION (self));
  g_clear_pointer (&self->connections, g_hash_table_unref);
  self->connections = copy_connections (connections);
}
