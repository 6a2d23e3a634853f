/* md-undo.c: undo and redo.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session's signals carry only the new value, so MdUndo keeps a shadow
 * of the model (values of strips by engine strip id, which is stable while
 * a strip lives; buses, DCAs, mute groups, master and session by number)
 * and reads the old value from it. Structural changes are found by
 * comparing the strip ids in order and the number of buses with the
 * shadow; values the model changed without a signal (sends reset with a
 * removed bus) by comparing all values.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "md-undo.h"
#include "md-scenes.h"
#include "md-session-file-private.h"

#define UNDO_KEY "md-undo"

typedef struct
{
  char *name;
  char *source;
  char *colour;
  gboolean stereo;
  double values[MD_SP_COUNT];
} StripState;

typedef enum
{
  OP_PARAM,
  OP_STRING,
  OP_STRIP_ADD,
  OP_STRIP_REMOVE,
  OP_STRIP_MOVE,
  OP_BUSES,
  OP_STRIP_PROP,              /* colour or source of strip a: path "colour"/"source" */
  OP_CUSTOM                   /* another module's change (automation lanes) */
} OpKind;

typedef struct
{
  OpKind kind;
  char *path;                 /* PARAM, STRING: canonical address */
  double old_value, new_value;
  char *old_text, *new_text;
  guint a, b;                 /* ADD/REMOVE: a = position; MOVE: a -> b; BUSES: a -> b */
  StripState *strip;          /* ADD, REMOVE */
  MdUndoApplyFunc apply;      /* CUSTOM */
  gpointer data;
  GDestroyNotify destroy;
} Op;

typedef struct
{
  char *label;
  GPtrArray *ops;             /* Op*, in the order they happened */
  gint64 time_us;             /* last change, for coalescing */
  gboolean coalescable;       /* a single PARAM op outside a group */
} Step;

struct _MdUndo
{
  GObject parent_instance;

  MdSession *session;
  gulong handlers[4];
  GPtrArray *undo_stack;      /* Step*, oldest first */
  GPtrArray *redo_stack;      /* Step*, next redo last */
  guint limit;
  guint coalesce_ms;
  guint depth;
  Step *open;                 /* the group being recorded */
  gboolean applying;
  gboolean can_undo, can_redo;

  /* shadow */
  GHashTable *strips;         /* id + 1 -> StripState* */
  GArray *order;              /* ids in console order */
  guint n_buses;
  double bus[MD_MAX_BUSES][MD_BP_COUNT];
  char *bus_names[MD_MAX_BUSES];
  double dca[MD_MAX_DCAS][MD_DP_COUNT];
  double mgrp[MD_MAX_MGRPS][MD_GP_COUNT];
  double master[MD_MP_COUNT];
  double xsession[MD_XP_COUNT];
};

G_DEFINE_FINAL_TYPE (MdUndo, md_undo, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
strip_state_free (StripState *st)
{
  g_free (st->name);
  g_free (st->source);
  g_free (st->colour);
  g_free (st);
}

static StripState *
strip_state_copy (const StripState *st)
{
  StripState *copy = g_memdup2 (st, sizeof *st);

  copy->name = g_strdup (st->name);
  copy->source = g_strdup (st->source);
  copy->colour = g_strdup (st->colour);
  return copy;
}

static void
op_free (Op *op)
{
  g_free (op->path);
  g_free (op->old_text);
  g_free (op->new_text);
  g_clear_pointer (&op->strip, strip_state_free);
  if (op->destroy && op->data)
    op->destroy (op->data);
  g_free (op);
}

static Step *
step_new (const char *label)
{
  Step *step = g_new0 (Step, 1);

  step->label = g_strdup (label);
  step->ops = g_ptr_array_new_with_free_func ((GDestroyNotify)op_free);
  step->time_us = g_get_monotonic_time ();
  return step;
}

static void
step_free (Step *step)
{
  g_free (step->label);
  g_ptr_array_unref (step->ops);
  g_free (step);
}

/* Shadow ------------------------------------------------------------------ */

static double *
shadow_row (MdUndo  *self,
            MdScope  scope,
            guint    index,
            guint    id)
{
  StripState *st;

  switch (scope)
    {
    case MD_SCOPE_STRIP:
      st = g_hash_table_lookup (self->strips, GUINT_TO_POINTER (id + 1));
      return st != NULL ? st->values : NULL;
    case MD_SCOPE_BUS: return index >= 1 && index <= MD_MAX_BUSES ? self->bus[index - 1] : NULL;
    case MD_SCOPE_DCA: return index >= 1 && index <= MD_MAX_DCAS ? self->dca[index - 1] : NULL;
    case MD_SCOPE_MGRP: return index >= 1 && index <= MD_MAX_MGRPS ? self->mgrp[index - 1] : NULL;
    case MD_SCOPE_MASTER: return self->master;
    case MD_SCOPE_SESSION: return self->xsession;
    case MD_N_SCOPES:
    default: return NULL;
    }
}

/* Read every value of object INDEX of SCOPE into ROW; slots that do not
 * exist now (sends to missing buses, missing buses) read as the default. */
static void
read_row (MdSession *session,
          MdScope    scope,
          guint      index,
          double    *row)
{
  gboolean exists = index <= md_session_get_n_objects (session, scope) ||
                    scope == MD_SCOPE_MASTER || scope == MD_SCOPE_SESSION;

  for (guint slot = 0; slot < md_session_scope_n_slots (scope); slot++)
    {
      guint sub = 0;
      const MdParamInfo *info = md_session_slot_info (scope, slot, &sub);

      if (info == NULL)
        {
          row[slot] = 0.0;
          continue;
        }
      if (!exists || (info->n_sub && sub > md_session_get_n_sub (session, info)))
        row[slot] = info->def;
      else
        row[slot] = md_session_get_param (session, info, index, sub);
    }
}

static StripState *
capture_strip (MdSession *session,
               guint      strip)
{
  StripState *st = g_new0 (StripState, 1);
  g_autofree char *path = g_strdup_printf ("/strip/%u/name", strip);

  st->name = g_strdup (md_session_get_string (session, path, NULL));
  st->source = g_strdup (md_session_get_strip_source (session, strip));
  st->colour = g_strdup (md_session_get_strip_colour (session, strip));
  st->stereo = md_session_get_strip_stereo (session, strip);
  read_row (session, MD_SCOPE_STRIP, strip, st->values);
  return st;
}

static void
resync (MdUndo *self)
{
  MdSession *s = self->session;

  g_hash_table_remove_all (self->strips);
  g_array_set_size (self->order, 0);
  for (guint i = 1; i <= md_session_get_n_strips (s); i++)
    {
      guint id = md_session_get_strip_id (s, i);

      g_array_append_val (self->order, id);
      g_hash_table_insert (self->strips, GUINT_TO_POINTER (id + 1), capture_strip (s, i));
    }
  self->n_buses = md_session_get_n_buses (s);
  for (guint b = 0; b < MD_MAX_BUSES; b++)
    {
      g_autofree char *path = g_strdup_printf ("/bus/%u/name", b + 1);

      read_row (s, MD_SCOPE_BUS, b + 1, self->bus[b]);
      g_free (self->bus_names[b]);
      self->bus_names[b] = b < self->n_buses ? g_strdup (md_session_get_string (s, path, NULL)) : NULL;
    }
  for (guint d = 0; d < MD_MAX_DCAS; d++)
    read_row (s, MD_SCOPE_DCA, d + 1, self->dca[d]);
  for (guint g = 0; g < MD_MAX_MGRPS; g++)
    read_row (s, MD_SCOPE_MGRP, g + 1, self->mgrp[g]);
  read_row (s, MD_SCOPE_MASTER, 0, self->master);
  read_row (s, MD_SCOPE_SESSION, 0, self->xsession);
}

/* Recording ----------------------------------------------------------------- */

static void
notify_state (MdUndo *self)
{
  gboolean can_undo = self->undo_stack->len > 0;
  gboolean can_redo = self->redo_stack->len > 0;

  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

static void
push_step (MdUndo *self,
           Step   *step)
{
  g_ptr_array_add (self->undo_stack, step);
  while (self->undo_stack->len > self->limit)
    g_ptr_array_remove_index (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  notify_state (self);
}

/* Add OP to the open group, or as a step of its own. */
static void
record (MdUndo     *self,
        Op         *op,
        const char *label)
{
  Step *step;

  if (self->open != NULL)
    {
      g_ptr_array_add (self->open->ops, op);
      self->open->time_us = g_get_monotonic_time ();
      return;
    }
  step = step_new (label);
  g_ptr_array_add (step->ops, op);
  step->coalescable = op->kind == OP_PARAM;
  push_step (self, step);
}

static void
record_param (MdUndo     *self,
              const char *path,
              double      old_value,
              double      new_value)
{
  gint64 now = g_get_monotonic_time ();
  Op *op;

  /* a drag: the same parameter again, soon after */
  if (self->open == NULL && self->undo_stack->len > 0 && self->redo_stack->len == 0)
    {
      Step *last = g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1);
      Op *last_op = last->ops->len == 1 ? g_ptr_array_index (last->ops, 0) : NULL;

      if (last->coalescable && last_op != NULL && strcmp (last_op->path, path) == 0 &&
          now - last->time_us < (gint64)self->coalesce_ms * 1000)
        {
          last_op->new_value = new_value;
          last->time_us = now;
          return;
        }
    }
  op = g_new0 (Op, 1);
  op->kind = OP_PARAM;
  op->path = g_strdup (path);
  op->old_value = old_value;
  op->new_value = new_value;
  record (self, op, path);
}

static void
param_changed_cb (MdSession  *session,
                  const char *path,
                  double      value,
                  MdUndo     *self)
{
  MdParamAddr addr;
  double *row;
  guint id = 0;

  if (self->applying)
    return;
  if (md_param_parse (path, &addr) != MD_PARAM_OK || addr.info->slot == MD_NO_SLOT)
    return;
  if (addr.info->scope == MD_SCOPE_STRIP)
    id = md_session_get_strip_id (session, addr.index);
  row = shadow_row (self, addr.info->scope, addr.index, id);
  if (row == NULL)
    {
      resync (self);
      return;
    }
  if (row[addr.slot] != value)
    record_param (self, path, row[addr.slot], value);
  row[addr.slot] = value;
}

static char **
shadow_name (MdUndo     *self,
             const char *path)
{
  MdParamAddr addr;

  if (md_param_parse (path, &addr) != MD_PARAM_OK || addr.info->kind != MD_KIND_STRING)
    return NULL;
  if (addr.info->scope == MD_SCOPE_STRIP)
    {
      StripState *st = g_hash_table_lookup (self->strips,
                                            GUINT_TO_POINTER (md_session_get_strip_id (self->session, addr.index) + 1));
      return st != NULL ? &st->name : NULL;
    }
  if (addr.info->scope == MD_SCOPE_BUS && addr.index >= 1 && addr.index <= MD_MAX_BUSES)
    return &self->bus_names[addr.index - 1];
  return NULL;
}

static void
string_changed_cb (MdSession  *session,
                   const char *path,
                   const char *value,
                   MdUndo     *self)
{
  char **slot;
  Op *op;

  if (self->applying)
    return;
  slot = shadow_name (self, path);
  if (slot == NULL)
    {
      resync (self);
      return;
    }
  if (g_strcmp0 (*slot, value) == 0)
    return;
  op = g_new0 (Op, 1);
  op->kind = OP_STRING;
  op->path = g_strdup (path);
  op->old_text = g_strdup (*slot ? *slot : "");
  op->new_text = g_strdup (value ? value : "");
  g_free (*slot);
  *slot = g_strdup (value);
  record (self, op, path);
}

static void
strip_changed_cb (MdSession  *session,
                  guint       strip,
                  const char *property,
                  MdUndo     *self)
{
  StripState *st;
  char **slot;
  const char *now;
  Op *op;

  if (self->applying)
    return;
  st = g_hash_table_lookup (self->strips, GUINT_TO_POINTER (md_session_get_strip_id (session, strip) + 1));
  if (st == NULL)
    {
      resync (self);
      return;
    }
  if (strcmp (property, "colour") == 0)
    {
      slot = &st->colour;
      now = md_session_get_strip_colour (session, strip);
    }
  else if (strcmp (property, "source") == 0)
    {
      slot = &st->source;
      now = md_session_get_strip_source (session, strip);
    }
  else
    return;
  if (g_strcmp0 (*slot, now) == 0)
    return;
  op = g_new0 (Op, 1);
  op->kind = OP_STRIP_PROP;
  op->path = g_strdup (property);
  op->a = strip;
  op->old_text = g_strdup (*slot);
  op->new_text = g_strdup (now);
  g_free (*slot);
  *slot = g_strdup (now);
  record (self, op, strcmp (property, "colour") == 0 ? _("Strip colour") : _("Strip source"));
}

/* Values that changed without a signal, as PARAM and STRING ops. */
static void
diff_values (MdUndo    *self,
             GPtrArray *ops)
{
  MdSession *s = self->session;
  static const MdScope scopes[] = { MD_SCOPE_STRIP, MD_SCOPE_BUS, MD_SCOPE_DCA, MD_SCOPE_MGRP,
                                    MD_SCOPE_MASTER, MD_SCOPE_SESSION };
  double now[MD_SP_COUNT];

  for (guint k = 0; k < G_N_ELEMENTS (scopes); k++)
    {
      MdScope scope = scopes[k];
      guint n = scope == MD_SCOPE_STRIP ? md_session_get_n_strips (s)
              : scope == MD_SCOPE_BUS ? MAX (self->n_buses, md_session_get_n_buses (s))
              : md_session_get_n_objects (s, scope);

      for (guint i = 1; i <= n; i++)
        {
          guint index = scope == MD_SCOPE_MASTER || scope == MD_SCOPE_SESSION ? 0 : i;
          double *old = shadow_row (self, scope, index,
                                    scope == MD_SCOPE_STRIP ? md_session_get_strip_id (s, i) : 0);

          if (old == NULL)
            continue;       /* a new strip: the ADD op has it */
          read_row (s, scope, index, now);
          for (guint slot = 0; slot < md_session_scope_n_slots (scope); slot++)
            {
              guint sub = 0;
              const MdParamInfo *info = md_session_slot_info (scope, slot, &sub);
              MdParamAddr addr = { info, index, sub, slot, false };
              char path[256];
              Op *op;

              if (info == NULL || old[slot] == now[slot] ||
                  md_param_format (&addr, path, sizeof path) < 0)
                continue;
              op = g_new0 (Op, 1);
              op->kind = OP_PARAM;
              op->path = g_strdup (path);
              op->old_value = old[slot];
              op->new_value = now[slot];
              g_ptr_array_add (ops, op);
            }
        }
    }
  /* names of removed buses */
  for (guint b = md_session_get_n_buses (s); b < self->n_buses; b++)
    if (self->bus_names[b] != NULL && self->bus_names[b][0] != '\0')
      {
        Op *op = g_new0 (Op, 1);

        op->kind = OP_STRING;
        op->path = g_strdup_printf ("/bus/%u/name", b + 1);
        op->old_text = g_strdup (self->bus_names[b]);
        op->new_text = g_strdup ("");
        g_ptr_array_add (ops, op);
      }
}

static guint
find_id (GArray *ids,
         guint   id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, guint, i) == id)
      return i + 1;
  return 0;
}

static void
structure_changed_cb (MdSession *session,
                      MdUndo    *self)
{
  g_autoptr(GArray) now = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  Op *op = NULL;
  guint n_old = self->order->len, n_new;
  const char *label = NULL;

  if (self->applying)
    return;
  n_new = md_session_get_n_strips (session);
  now = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_new);
  for (guint i = 1; i <= n_new; i++)
    {
      guint id = md_session_get_strip_id (session, i);
      g_array_append_val (now, id);
    }

  op = g_new0 (Op, 1);
  if (md_session_get_n_buses (session) != self->n_buses && n_new == n_old)
    {
      op->kind = OP_BUSES;
      op->a = self->n_buses;
      op->b = md_session_get_n_buses (session);
      label = _("Number of buses");
    }
  else if (n_new == n_old + 1)
    {
      for (guint i = 0; i < n_new; i++)
        if (find_id (self->order, g_array_index (now, guint, i)) == 0)
          op->a = i + 1;
      op->kind = OP_STRIP_ADD;
      label = _("Add strip");
      if (op->a != 0)
        op->strip = capture_strip (session, op->a);
    }
  else if (n_new + 1 == n_old)
    {
      for (guint i = 0; i < n_old; i++)
        if (find_id (now, g_array_index (self->order, guint, i)) == 0)
          {
            op->a = i + 1;
            op->strip = strip_state_copy (g_hash_table_lookup (self->strips,
                                                               GUINT_TO_POINTER (g_array_index (self->order, guint, i) + 1)));
          }
      op->kind = OP_STRIP_REMOVE;
      label = _("Remove strip");
    }
  else if (n_new == n_old)
    {
      guint first = 0, last = 0;

      for (guint i = 0; i < n_new; i++)
        if (g_array_index (now, guint, i) != g_array_index (self->order, guint, i))
          {
            if (first == 0)
              first = i + 1;
            last = i + 1;
          }
      if (first == 0)
        {
          op_free (op);
          resync (self);
          return;         /* nothing we track changed */
        }
      op->kind = OP_STRIP_MOVE;
      label = _("Move strip");
      /* one strip moved from FIRST down to LAST, or from LAST up to FIRST */
      if (g_array_index (now, guint, last - 1) == g_array_index (self->order, guint, first - 1))
        {
          op->a = first;
          op->b = last;
        }
      else
        {
          op->a = last;
          op->b = first;
        }
    }
  if (label == NULL || (op->kind != OP_STRIP_MOVE && op->kind != OP_BUSES && op->a == 0) ||
      ((op->kind == OP_STRIP_ADD || op->kind == OP_STRIP_REMOVE) && op->strip == NULL))
    {
      /* more than one change at once: not something a command does */
      g_warning ("undo: unexpected change of the strip layout; history cleared");
      op_free (op);
      md_undo_clear (self);
      resync (self);
      return;
    }

  /* values reset without a signal go first: undo restores the structure,
   * then them */
  ops = g_ptr_array_new ();
  diff_values (self, ops);
  if (self->open == NULL)
    {
      Step *step = step_new (label);

      for (guint i = 0; i < ops->len; i++)
        g_ptr_array_add (step->ops, g_ptr_array_index (ops, i));
      g_ptr_array_add (step->ops, op);
      push_step (self, step);
    }
  else
    {
      for (guint i = 0; i < ops->len; i++)
        g_ptr_array_add (self->open->ops, g_ptr_array_index (ops, i));
      g_ptr_array_add (self->open->ops, op);
    }
  resync (self);
}

/* Replaying ---------------------------------------------------------------- */

static gboolean
restore_strip (MdSession         *s,
               const StripState  *st,
               guint              pos,
               GError           **error)
{
  guint n = md_session_add_strip (s, st->name, st->stereo, st->source, error);

  if (n == 0)
    return FALSE;
  if (st->colour != NULL && !md_session_set_strip_colour (s, n, st->colour, error))
    return FALSE;
  for (guint slot = 0; slot < MD_SP_COUNT; slot++)
    {
      guint sub = 0;
      const MdParamInfo *info = md_session_slot_info (MD_SCOPE_STRIP, slot, &sub);

      if (info == NULL || st->values[slot] == md_session_get_param (s, info, n, sub))
        continue;
      if (info->n_sub && sub > md_session_get_n_sub (s, info))
        continue;
      if (!md_session_set_param (s, info, n, sub, st->values[slot], FALSE, error))
        return FALSE;
    }
  return md_session_move_strip (s, n, pos, error);
}

static gboolean
apply_op (MdUndo    *self,
          Op        *op,
          gboolean   forward,
          GError   **error)
{
  MdSession *s = self->session;

  switch (op->kind)
    {
    case OP_PARAM:
      return md_session_set (s, op->path, forward ? op->new_value : op->old_value, FALSE, error);
    case OP_STRING:
      return md_session_set_string (s, op->path, forward ? op->new_text : op->old_text, error);
    case OP_STRIP_ADD:
      return forward ? restore_strip (s, op->strip, op->a, error)
                     : md_session_remove_strip (s, op->a, error);
    case OP_STRIP_REMOVE:
      return forward ? md_session_remove_strip (s, op->a, error)
                     : restore_strip (s, op->strip, op->a, error);
    case OP_STRIP_MOVE:
      return forward ? md_session_move_strip (s, op->a, op->b, error)
                     : md_session_move_strip (s, op->b, op->a, error);
    case OP_BUSES:
      return md_session_set_n_buses (s, forward ? op->b : op->a, error);
    case OP_CUSTOM:
      return op->apply (op->data, forward, error);
    case OP_STRIP_PROP:
      if (strcmp (op->path, "colour") == 0)
        return md_session_set_strip_colour (s, op->a, forward ? op->new_text : op->old_text, error);
      return md_session_set_strip_source (s, op->a, forward ? op->new_text : op->old_text, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
replay (MdUndo     *self,
        gboolean    forward,
        GError    **error)
{
  GPtrArray *from = forward ? self->redo_stack : self->undo_stack;
  GPtrArray *to = forward ? self->undo_stack : self->redo_stack;
  g_autoptr(GError) local_error = NULL;
  Step *step;
  gboolean ok = TRUE;

  /* a running scene fade or an open gesture ends here */
  md_session_scene_stop_fade (self->session);
  while (self->depth > 0)
    md_undo_end_group (self);
  if (from->len == 0)
    return TRUE;

  step = g_ptr_array_steal_index (from, from->len - 1);
  self->applying = TRUE;
  for (guint k = 0; k < step->ops->len && ok; k++)
    {
      guint i = forward ? k : step->ops->len - 1 - k;
      ok = apply_op (self, g_ptr_array_index (step->ops, i), forward, &local_error);
    }
  self->applying = FALSE;
  resync (self);
  if (!ok)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   forward ? _("Cannot redo “%s”: %s") : _("Cannot undo “%s”: %s"),
                   step->label, local_error->message);
      step_free (step);
      md_undo_clear (self);
      return FALSE;
    }
  step->coalescable = FALSE;
  g_ptr_array_add (to, step);
  notify_state (self);
  return TRUE;
}

gboolean
md_undo_undo (MdUndo  *self,
              GError **error)
{
  g_return_val_if_fail (MD_IS_UNDO (self), FALSE);
  return replay (self, FALSE, error);
}

gboolean
md_undo_redo (MdUndo  *self,
              GError **error)
{
  g_return_val_if_fail (MD_IS_UNDO (self), FALSE);
  return replay (self, TRUE, error);
}

void
md_undo_clear (MdUndo *self)
{
  g_return_if_fail (MD_IS_UNDO (self));
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  notify_state (self);
}

void
md_undo_begin_group (MdUndo     *self,
                     const char *label)
{
  g_return_if_fail (MD_IS_UNDO (self));
  if (self->depth++ == 0)
    self->open = step_new (label != NULL ? label : _("Changes"));
}

void
md_undo_end_group (MdUndo *self)
{
  Step *step;

  g_return_if_fail (MD_IS_UNDO (self));
  if (self->depth == 0)
    return;
  if (--self->depth > 0)
    return;
  step = g_steal_pointer (&self->open);
  if (step->ops->len == 0)
    step_free (step);
  else
    push_step (self, step);
}

/* Object ------------------------------------------------------------------- */

gboolean
md_undo_can_undo (MdUndo *self)
{
  g_return_val_if_fail (MD_IS_UNDO (self), FALSE);
  return self->undo_stack->len > 0;
}

gboolean
md_undo_can_redo (MdUndo *self)
{
  g_return_val_if_fail (MD_IS_UNDO (self), FALSE);
  return self->redo_stack->len > 0;
}

guint
md_undo_get_n_undo (MdUndo *self)
{
  g_return_val_if_fail (MD_IS_UNDO (self), 0);
  return self->undo_stack->len;
}

guint
md_undo_get_n_redo (MdUndo *self)
{
  g_return_val_if_fail (MD_IS_UNDO (self), 0);
  return self->redo_stack->len;
}

const char *
md_undo_get_undo_label (MdUndo *self)
{
  g_return_val_if_fail (MD_IS_UNDO (self), NULL);
  if (self->undo_stack->len == 0)
    return NULL;
  return ((Step *)g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1))->label;
}

const char *
md_undo_get_redo_label (MdUndo *self)
{
  g_return_val_if_fail (MD_IS_UNDO (self), NULL);
  if (self->redo_stack->len == 0)
    return NULL;
  return ((Step *)g_ptr_array_index (self->redo_stack, self->redo_stack->len - 1))->label;
}

void
md_undo_set_limit (MdUndo *self,
                   guint   max_steps)
{
  g_return_if_fail (MD_IS_UNDO (self));
  self->limit = MAX (max_steps, 1);
  while (self->undo_stack->len > self->limit)
    g_ptr_array_remove_index (self->undo_stack, 0);
  notify_state (self);
}

void
md_undo_set_coalesce_ms (MdUndo *self,
                         guint   window_ms)
{
  g_return_if_fail (MD_IS_UNDO (self));
  self->coalesce_ms = window_ms;
}

MdSession *
md_undo_get_session (MdUndo *self)
{
  g_return_val_if_fail (MD_IS_UNDO (self), NULL);
  return self->session;
}

MdUndo *
md_undo_get_for_session (MdSession *session)
{
  g_return_val_if_fail (MD_IS_SESSION (session), NULL);
  return g_object_get_data (G_OBJECT (session), UNDO_KEY);
}

void
md_undo_session_begin_group (MdSession  *session,
                             const char *label)
{
  MdUndo *undo = md_undo_get_for_session (session);

  if (undo != NULL)
    md_undo_begin_group (undo, label);
}

void
md_undo_session_end_group (MdSession *session)
{
  MdUndo *undo = md_undo_get_for_session (session);

  if (undo != NULL)
    md_undo_end_group (undo);
}

static void
md_undo_dispose (GObject *object)
{
  MdUndo *self = (MdUndo *)object;

  if (self->session != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->handlers); i++)
        g_clear_signal_handler (&self->handlers[i], self->session);
      if (md_undo_get_for_session (self->session) == self)
        g_object_set_data (G_OBJECT (self->session), UNDO_KEY, NULL);
      g_clear_object (&self->session);
    }
  G_OBJECT_CLASS (md_undo_parent_class)->dispose (object);
}

static void
md_undo_finalize (GObject *object)
{
  MdUndo *self = (MdUndo *)object;

  g_clear_pointer (&self->open, step_free);
  g_ptr_array_unref (self->undo_stack);
  g_ptr_array_unref (self->redo_stack);
  g_hash_table_unref (self->strips);
  g_array_unref (self->order);
  for (guint b = 0; b < MD_MAX_BUSES; b++)
    g_free (self->bus_names[b]);
  G_OBJECT_CLASS (md_undo_parent_class)->finalize (object);
}

static void
md_undo_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  MdUndo *self = MD_UNDO (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, md_undo_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, md_undo_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_undo_class_init (MdUndoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_undo_dispose;
  object_class->finalize = md_undo_finalize;
  object_class->get_property = md_undo_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_undo_init (MdUndo *self)
{
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify)step_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify)step_free);
  self->limit = MD_UNDO_DEFAULT_LIMIT;
  self->coalesce_ms = MD_UNDO_DEFAULT_COALESCE_MS;
  self->strips = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)strip_state_free);
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
}

MdUndo *
md_undo_new (MdSession *session)
{
  MdUndo *self;

  g_return_val_if_fail (MD_IS_SESSION (session), NULL);

  self = g_object_new (MD_TYPE_UNDO, NULL);
  self->session = g_object_ref (session);
  resync (self);
  self->handlers[0] = g_signal_connect (session, "param-changed", G_CALLBACK (param_changed_cb), self);
  self->handlers[1] = g_signal_connect (session, "string-changed", G_CALLBACK (string_changed_cb), self);
  self->handlers[2] = g_signal_connect (session, "structure-changed", G_CALLBACK (structure_changed_cb), self);
  self->handlers[3] = g_signal_connect (session, "strip-changed", G_CALLBACK (strip_changed_cb), self);
  g_object_set_data (G_OBJECT (session), UNDO_KEY, self);
  return self;
}

void
md_undo_session_record_custom (MdSession       *session,
                               const char      *label,
                               MdUndoApplyFunc  apply,
                               gpointer         data,
                               GDestroyNotify   destroy)
{
  MdUndo *self = md_undo_get_for_session (session);
  Op *op;

  if (self == NULL || self->applying)
    {
      if (destroy && data)
        destroy (data);
      return;
    }
  op = g_new0 (Op, 1);
  op->kind = OP_CUSTOM;
  op->apply = apply;
  op->data = data;
  op->destroy = destroy;
  record (self, op, label);
}
