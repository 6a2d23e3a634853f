/* md-automation.c: automation lanes, modes and passes.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "md-automation.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "md-lanes.h"
#include "md-undo.h"

typedef struct
{
  MdScope scope;
  guint obj;                 /* strip engine id; bus/DCA/group number; 0 */
  const MdParamInfo *info;
  guint sub;
  guint slot;
  MdAutoMode mode;
  GArray *points;            /* MdAutoPoint, sorted by frame */

  /* the pass in progress */
  gboolean touched;          /* held by the UI or a surface */
  gboolean writing;
  gboolean latched;          /* keeps writing until stop (latch, switch in touch) */
  GArray *pass;              /* MdAutoPoint recorded in this pass */
  guint64 pass_start;
  double value;              /* the control's value, last seen */
  gboolean playing;          /* what the engine was last told */
} Lane;

struct _MdAutomation
{
  MdSession *session;        /* not owned: the automation lives with it */
  GPtrArray *lanes;          /* Lane* */
  gulong param_id;
  MdEngine *engine;
  gboolean rolling;
  guint64 frame;             /* transport at the last tick */
  gint64 tick_us;            /* wall clock of the last tick */
  double rate;
  double tolerance;
  double glide_ms;
  guint n_passes;
  gint64 (*now_us) (void);   /* wall clock (tests freeze it) */
};

G_DEFINE_QUARK (md-automation-error-quark, md_automation_error)

static const char *const mode_names[] = { "off", "play", "write", "touch", "latch", NULL };

const char *
md_auto_mode_name (MdAutoMode mode)
{
  return (guint) mode < G_N_ELEMENTS (mode_names) - 1 ? mode_names[mode] : "off";
}

gboolean
md_auto_mode_parse (const char *text, MdAutoMode *mode)
{
  char *end = NULL;
  long v;
  if (text == NULL)
    return FALSE;
  for (guint i = 0; mode_names[i]; i++)
    if (g_ascii_strcasecmp (text, mode_names[i]) == 0)
      return *mode = (MdAutoMode) i, TRUE;
  v = strtol (text, &end, 10);
  if (end != text && *end == '\0' && v >= 0 && v <= MD_AUTO_LATCH)
    return *mode = (MdAutoMode) v, TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* lanes and paths */

static void
lane_free (Lane *l)
{
  g_array_unref (l->points);
  g_array_unref (l->pass);
  g_free (l);
}

static gboolean
lane_discrete (const Lane *l)
{
  return l->info->kind != MD_KIND_FLOAT;
}

/* 1-based position of the lane's object now, 0 when it is gone */
static guint
lane_index (MdAutomation *self, const Lane *l)
{
  if (l->scope != MD_SCOPE_STRIP)
    return l->obj;
  for (guint i = 1; i <= md_session_get_n_strips (self->session); i++)
    if (md_session_get_strip_id (self->session, i) == l->obj)
      return i;
  return 0;
}

static char *
lane_path (MdAutomation *self, const Lane *l)
{
  MdParamAddr a = { l->info, lane_index (self, l), l->sub, l->slot, FALSE };
  char buf[160];
  if ((l->scope == MD_SCOPE_STRIP && a.index == 0) || md_param_format (&a, buf, sizeof buf) < 0)
    return NULL;
  return g_strdup (buf);
}

static Lane *
find_lane (MdAutomation *self, MdScope scope, guint obj, guint slot)
{
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *l = g_ptr_array_index (self->lanes, i);
      if (l->scope == scope && l->obj == obj && l->slot == slot)
        return l;
    }
  return NULL;
}

/* Resolve PATH to (scope, obj, slot). */
static gboolean
resolve (MdAutomation *self, const char *path, MdParamAddr *a, guint *obj, GError **error)
{
  if (md_param_parse (path, a) != MD_PARAM_OK || a->norm || a->info->slot == MD_NO_SLOT)
    {
      g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                   _("%s is not a parameter address"), path);
      return FALSE;
    }
  if (!a->info->automatable)
    {
      g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_NOT_AUTOMATABLE,
                   _("%s cannot be automated"), path);
      return FALSE;
    }
  if (a->index > md_session_get_n_objects (self->session, a->info->scope)
      || (md_scope_max_index (a->info->scope) > 0 && a->index == 0))
    {
      g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                   _("%s: there is no such %s"), path, md_scope_name (a->info->scope));
      return FALSE;
    }
  *obj = a->info->scope == MD_SCOPE_STRIP ? md_session_get_strip_id (self->session, a->index) : a->index;
  return TRUE;
}

static Lane *
lane_for_path (MdAutomation *self, const char *path, gboolean create, GError **error)
{
  MdParamAddr a;
  guint obj;
  Lane *l;

  if (!resolve (self, path, &a, &obj, error))
    return NULL;
  l = find_lane (self, a.info->scope, obj, a.slot);
  if (l == NULL && create)
    {
      l = g_new0 (Lane, 1);
      l->scope = a.info->scope;
      l->obj = obj;
      l->info = a.info;
      l->sub = a.sub;
      l->slot = a.slot;
      l->points = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
      l->pass = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
      l->value = md_session_get_param (self->session, a.info, a.index, a.sub);
      g_ptr_array_add (self->lanes, l);
    }
  if (l == NULL)
    g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_NO_LANE, _("%s has no automation lane"), path);
  return l;
}

static double
lane_value_at (const Lane *l, guint64 f)
{
  const MdAutoPoint *p = (const MdAutoPoint *) l->points->data;
  guint n = l->points->len, lo = 0, hi;
  if (n == 0)
    return l->value;
  if (f <= p[0].frame)
    return p[0].value;
  if (f >= p[n - 1].frame)
    return p[n - 1].value;
  hi = n - 1;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (p[mid].frame <= f)
        lo = mid;
      else
        hi = mid;
    }
  if (lane_discrete (l))
    return p[lo].value;
  return p[lo].value + (p[hi].value - p[lo].value) * (double) (f - p[lo].frame) / (double) (p[hi].frame - p[lo].frame);
}

/* ------------------------------------------------------------------ */
/* the engine */

static gboolean
lane_plays (const Lane *l)
{
  switch (l->mode)
    {
    case MD_AUTO_PLAY:
      return TRUE;
    case MD_AUTO_TOUCH:
    case MD_AUTO_LATCH:
      return !l->writing;
    case MD_AUTO_OFF:
    case MD_AUTO_WRITE:
    default:
      return FALSE;
    }
}

MdLaneSet *
md_automation_build_lanes (MdAutomation *self)
{
  guint n = 0;
  guint64 pts = 0;
  MdLaneSet *set;
  guint k = 0;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *l = g_ptr_array_index (self->lanes, i);
      if (l->mode != MD_AUTO_OFF && l->points->len > 0 && n < MD_MAX_LANES)
        {
          n++;
          pts += l->points->len;
        }
    }
  set = md_lane_set_new (n, pts);
  if (set == NULL)
    return NULL;
  for (guint i = 0; i < self->lanes->len && k < n; i++)
    {
      Lane *l = g_ptr_array_index (self->lanes, i);
      uint64_t *fr;
      float *va;
      if (l->mode == MD_AUTO_OFF || l->points->len == 0)
        continue;
      set->lanes[k].scope = (uint16_t) l->scope;
      set->lanes[k].slot = (uint16_t) l->slot;
      set->lanes[k].id = l->obj;
      set->lanes[k].discrete = lane_discrete (l);
      set->lanes[k].playing = lane_plays (l);
      l->playing = set->lanes[k].playing;
      md_lane_set_points (set, k, l->points->len, &fr, &va);
      for (guint p = 0; p < l->points->len; p++)
        {
          fr[p] = g_array_index (l->points, MdAutoPoint, p).frame;
          va[p] = (float) g_array_index (l->points, MdAutoPoint, p).value;
        }
      k++;
    }
  return set;
}

/* index of L in the engine's lane set (the order build_lanes uses) */
static int
engine_index (MdAutomation *self, const Lane *target)
{
  int k = 0;
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *l = g_ptr_array_index (self->lanes, i);
      if (l->mode == MD_AUTO_OFF || l->points->len == 0)
        continue;
      if (l == target)
        return k;
      k++;
    }
  return -1;
}

static void
push_lanes (MdAutomation *self)
{
  MdLaneSet *set;
  if (self->engine == NULL)
    return;
  set = md_automation_build_lanes (self);
  if (set && md_engine_set_lanes (self->engine, set) != MD_ENGINE_OK)
    {
      md_engine_collect (self->engine);
      if (md_engine_set_lanes (self->engine, set) != MD_ENGINE_OK)
        md_lane_set_free (set);
    }
}

static void
tell_engine_playing (MdAutomation *self, Lane *l, gboolean glide)
{
  int k;
  gboolean plays = lane_plays (l);
  if (self->engine == NULL || plays == l->playing)
    return;
  k = engine_index (self, l);
  l->playing = plays;
  if (k >= 0)
    md_engine_lane_play (self->engine, (unsigned) k, plays,
                         glide ? (guint32) (self->glide_ms * (self->rate > 0 ? self->rate : 48000) / 1000.0) : 0);
}

void
md_automation_attach_engine (MdAutomation *self, MdEngine *engine)
{
  self->engine = engine;
  push_lanes (self);
}

/* ------------------------------------------------------------------ */
/* passes */

static guint64
frame_now (MdAutomation *self)
{
  if (!self->rolling || self->rate <= 0)
    return self->frame;
  return self->frame + (guint64) ((self->now_us () - self->tick_us) * self->rate / 1e6);
}

static void
record (Lane *l, guint64 frame, double value)
{
  MdAutoPoint p = { frame, value };
  /* time only moves forward within a pass */
  if (l->pass->len > 0 && g_array_index (l->pass, MdAutoPoint, l->pass->len - 1).frame >= frame)
    {
      MdAutoPoint *last = &g_array_index (l->pass, MdAutoPoint, l->pass->len - 1);
      if (last->frame == frame)
        last->value = value;
      return;
    }
  if (l->pass->len < MD_AUTOMATION_MAX_POINTS)
    g_array_append_val (l->pass, p);
}

static void
start_writing (MdAutomation *self, Lane *l, gboolean latch)
{
  guint64 f = frame_now (self);
  if (!l->writing)
    {
      l->writing = TRUE;
      l->pass_start = f;
      g_array_set_size (l->pass, 0);
      /* from the current value: no jump */
      record (l, f, l->value);
      tell_engine_playing (self, l, FALSE);
    }
  l->latched |= latch;
}

/* Perpendicular distance in the normalised value domain, for thinning. */
static double
deviation (const MdParamInfo *info, const MdAutoPoint *a, const MdAutoPoint *b, const MdAutoPoint *p)
{
  double t = (double) (p->frame - a->frame) / (double) (b->frame - a->frame);
  double line = md_param_to_norm (info, a->value) + t * (md_param_to_norm (info, b->value) - md_param_to_norm (info, a->value));
  return fabs (md_param_to_norm (info, p->value) - line);
}

/* Keep the points a line through the kept neighbours cannot reproduce
 * within TOL (iterative Ramer-Douglas-Peucker). */
static GArray *
thin (const MdParamInfo *info, GArray *in, double tol, gboolean discrete)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
  const MdAutoPoint *p = (const MdAutoPoint *) in->data;
  guint n = in->len;
  gboolean *keep;
  GArray *stack;

  if (n <= 2 || discrete)
    {
      /* switches keep every change, and only changes */
      for (guint i = 0; i < n; i++)
        if (!discrete || i == 0 || i == n - 1 || p[i].value != p[i - 1].value)
          g_array_append_val (out, p[i]);
      return out;
    }
  keep = g_new0 (gboolean, n);
  keep[0] = keep[n - 1] = TRUE;
  stack = g_array_new (FALSE, FALSE, sizeof (guint));
  {
    guint seg[2] = { 0, n - 1 };
    g_array_append_vals (stack, seg, 2);
  }
  while (stack->len > 0)
    {
      guint hi = g_array_index (stack, guint, stack->len - 1);
      guint lo = g_array_index (stack, guint, stack->len - 2);
      guint worst = 0;
      double wd = 0;
      g_array_set_size (stack, stack->len - 2);
      for (guint i = lo + 1; i < hi; i++)
        {
          double d = deviation (info, &p[lo], &p[hi], &p[i]);
          if (d > wd)
            wd = d, worst = i;
        }
      if (wd > tol)
        {
          guint seg[4] = { lo, worst, worst, hi };
          keep[worst] = TRUE;
          g_array_append_vals (stack, seg, 4);
        }
    }
  for (guint i = 0; i < n; i++)
    if (keep[i])
      g_array_append_val (out, p[i]);
  g_free (keep);
  g_array_unref (stack);
  return out;
}

/* undo of lane edits: the lane's points before and after */
typedef struct
{
  MdAutomation *self;
  MdScope scope;
  guint obj, slot;
  GArray *before, *after;
} LaneEdit;

static void
lane_edit_free (gpointer data)
{
  LaneEdit *e = data;
  g_array_unref (e->before);
  g_array_unref (e->after);
  g_free (e);
}

static gboolean
lane_edit_apply (gpointer data, gboolean forward, GError **error)
{
  LaneEdit *e = data;
  Lane *l = find_lane (e->self, e->scope, e->obj, e->slot);
  GArray *pts = forward ? e->after : e->before;
  if (l == NULL)
    {
      g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_NO_LANE, _("the automation lane is gone"));
      return FALSE;
    }
  g_array_set_size (l->points, 0);
  g_array_append_vals (l->points, pts->data, pts->len);
  push_lanes (e->self);
  md_session_notify_content_changed (e->self->session, "automation");
  return TRUE;
}

static GArray *
points_copy (GArray *a)
{
  GArray *c = g_array_sized_new (FALSE, FALSE, sizeof (MdAutoPoint), a->len);
  g_array_append_vals (c, a->data, a->len);
  return c;
}

static void
record_lane_edit (MdAutomation *self, Lane *l, GArray *before, const char *label)
{
  LaneEdit *e = g_new0 (LaneEdit, 1);
  e->self = self;
  e->scope = l->scope;
  e->obj = l->obj;
  e->slot = l->slot;
  e->before = before;
  e->after = points_copy (l->points);
  md_undo_session_record_custom (self->session, label, lane_edit_apply, e, lane_edit_free);
  md_session_notify_content_changed (self->session, "automation");
}

/* Merge the pass [start, end] into the lane: the range is overwritten;
 * guard points keep the old curve outside it. */
static void
end_pass (MdAutomation *self, Lane *l, guint64 end, guint64 return_frames)
{
  g_autoptr (GArray) thinned = NULL;
  GArray *merged;
  guint64 start = l->pass_start;
  double before, after;

  if (!l->writing)
    return;
  record (l, end, l->value);
  l->writing = FALSE;
  l->latched = FALSE;
  if (l->pass->len == 0)
    return;
  before = lane_value_at (l, start > 0 ? start - 1 : 0);
  after = lane_value_at (l, end + return_frames + 1);
  thinned = thin (l->info, l->pass, self->tolerance, lane_discrete (l));
  merged = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
  for (guint i = 0; i < l->points->len; i++)
    {
      MdAutoPoint p = g_array_index (l->points, MdAutoPoint, i);
      if (p.frame < start)
        g_array_append_val (merged, p);
    }
  if (l->points->len > 0 && start > 0
      && (merged->len == 0 || g_array_index (merged, MdAutoPoint, merged->len - 1).frame < start - 1))
    {
      MdAutoPoint guard = { start - 1, before };
      g_array_append_val (merged, guard);
    }
  g_array_append_vals (merged, thinned->data, thinned->len);
  if (l->points->len > 0)
    {
      gboolean later = FALSE;
      for (guint i = 0; i < l->points->len; i++)
        later |= g_array_index (l->points, MdAutoPoint, i).frame > end + return_frames;
      if (later || return_frames > 0)
        {
          /* back to the existing curve (touch release glides) */
          MdAutoPoint guard = { end + (return_frames > 0 ? return_frames : 1), after };
          g_array_append_val (merged, guard);
        }
    }
  for (guint i = 0; i < l->points->len; i++)
    {
      MdAutoPoint p = g_array_index (l->points, MdAutoPoint, i);
      if (p.frame > end + (return_frames > 0 ? return_frames : 1))
        g_array_append_val (merged, p);
    }
  {
    GArray *old_points = l->points;
    l->points = merged;
    record_lane_edit (self, l, old_points, _("Automation pass"));
  }
  g_array_set_size (l->pass, 0);
  self->n_passes++;
}

/* end every pass (stop or locate); FRAME: where the transport was. The
 * passes that end together are one undo step. */
static void
end_all_passes (MdAutomation *self, guint64 frame, gboolean stopped)
{
  gboolean any = FALSE;
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *l = g_ptr_array_index (self->lanes, i);
      if (l->writing)
        {
          if (!any)
            md_undo_session_begin_group (self->session, _("Automation pass"));
          end_pass (self, l, frame, 0);
          any = TRUE;
        }
      if (stopped && l->mode == MD_AUTO_WRITE)
        {
          l->mode = MD_AUTO_TOUCH;   /* safety: Write turns to Touch on stop */
          md_session_notify_content_changed (self->session, "automation");
        }
    }
  if (any)
    md_undo_session_end_group (self->session);
  if (any || stopped)
    push_lanes (self);
}

void
md_automation_tick (MdAutomation *self, gboolean rolling, guint64 frame, double rate)
{
  gboolean was = self->rolling;
  guint64 expected = frame_now (self);

  self->rate = rate;
  if (was && !rolling)
    end_all_passes (self, self->frame, TRUE);
  else if (was && rolling && (frame + rate * 0.25 < expected || frame > expected + rate * 0.25))
    end_all_passes (self, self->frame, FALSE);   /* a locate while rolling: a new pass */
  self->rolling = rolling;
  self->frame = frame;
  self->tick_us = self->now_us ();
  if (!rolling)
    return;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *l = g_ptr_array_index (self->lanes, i);
      guint index;
      if (l->mode == MD_AUTO_WRITE && !l->writing)
        start_writing (self, l, TRUE);
      if (l->writing)
        record (l, frame, l->value);
      else if (lane_plays (l) && l->points->len > 0 && (index = lane_index (self, l)) > 0)
        {
          /* the model shows what the engine plays */
          double v = lane_value_at (l, frame);
          l->value = v;
          md_session_follow_param (self->session, l->info, index, l->sub, v);
        }
    }
}

static void
param_changed_cb (MdSession *session, const char *path, double value, MdAutomation *self)
{
  MdParamAddr a;
  guint obj;
  Lane *l;

  if (md_session_is_following (session))
    return;
  if (md_param_parse (path, &a) != MD_PARAM_OK || a.info->slot == MD_NO_SLOT)
    return;
  obj = a.info->scope == MD_SCOPE_STRIP ? md_session_get_strip_id (session, a.index) : a.index;
  l = find_lane (self, a.info->scope, obj, a.slot);
  if (l == NULL)
    return;
  l->value = value;
  if (!self->rolling)
    return;
  if (l->mode == MD_AUTO_LATCH && !l->writing)
    start_writing (self, l, TRUE);
  else if (l->mode == MD_AUTO_TOUCH && lane_discrete (l) && !l->writing)
    start_writing (self, l, TRUE);   /* a switch touched stays written until stop */
  if (l->writing)
    record (l, frame_now (self), value);
}

gboolean
md_automation_touch (MdAutomation *self, const char *path, gboolean touching, GError **error)
{
  Lane *l = lane_for_path (self, path, FALSE, error);
  if (l == NULL)
    return FALSE;
  l->touched = touching;
  if (!self->rolling)
    return TRUE;
  if (touching && (l->mode == MD_AUTO_TOUCH || l->mode == MD_AUTO_LATCH))
    start_writing (self, l, l->mode == MD_AUTO_LATCH || lane_discrete (l));
  else if (!touching && l->mode == MD_AUTO_TOUCH && l->writing && !l->latched)
    {
      /* release: stop writing, glide back to the existing curve */
      guint64 glide = (guint64) (self->glide_ms * self->rate / 1000.0);
      md_undo_session_begin_group (self->session, _("Automation pass"));
      end_pass (self, l, frame_now (self), glide);
      md_undo_session_end_group (self->session);
      push_lanes (self);
      tell_engine_playing (self, l, TRUE);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* modes, lists, editing */

gboolean
md_automation_set_mode (MdAutomation *self, const char *path, MdAutoMode mode, GError **error)
{
  Lane *l = lane_for_path (self, path, mode != MD_AUTO_OFF, error);
  if (l == NULL)
    return mode == MD_AUTO_OFF && error && *error && (*error)->code == MD_AUTOMATION_ERROR_NO_LANE
             ? (g_clear_error (error), TRUE) : FALSE;
  if (l->writing && mode != l->mode)
    end_pass (self, l, frame_now (self), 0);
  if (l->mode != mode)
    {
      l->mode = mode;
      md_session_notify_content_changed (self->session, "automation");
    }
  if (mode == MD_AUTO_WRITE && self->rolling)
    start_writing (self, l, TRUE);
  push_lanes (self);
  return TRUE;
}

gboolean
md_automation_copy (MdAutomation *dst, MdAutomation *src, GError **error)
{
  g_auto (GStrv) paths = NULL;

  g_return_val_if_fail (dst != NULL && src != NULL, FALSE);

  /* DST's lanes go blank (a pass in progress is dropped, not merged) */
  for (guint i = 0; i < dst->lanes->len; i++)
    {
      Lane *l = g_ptr_array_index (dst->lanes, i);
      g_array_set_size (l->points, 0);
      g_array_set_size (l->pass, 0);
      l->mode = MD_AUTO_OFF;
      l->writing = l->touched = l->latched = FALSE;
    }
  paths = md_automation_list (src);
  for (guint i = 0; paths[i]; i++)
    {
      Lane *from = lane_for_path (src, paths[i], FALSE, NULL);
      Lane *to = from ? lane_for_path (dst, paths[i], TRUE, error) : NULL;

      if (from == NULL)
        continue;
      if (to == NULL)
        {
          push_lanes (dst);
          return FALSE;
        }
      g_array_append_vals (to->points, from->points->data, from->points->len);
      to->mode = from->mode;
    }
  push_lanes (dst);
  md_session_notify_content_changed (dst->session, "automation");
  return TRUE;
}

MdAutoMode
md_automation_get_mode (MdAutomation *self, const char *path)
{
  Lane *l = lane_for_path (self, path, FALSE, NULL);
  return l ? l->mode : MD_AUTO_OFF;
}

GStrv
md_automation_list (MdAutomation *self)
{
  GPtrArray *a = g_ptr_array_new ();
  for (guint i = 0; i < self->lanes->len; i++)
    {
      char *p = lane_path (self, g_ptr_array_index (self->lanes, i));
      if (p)
        g_ptr_array_add (a, p);
    }
  g_ptr_array_add (a, NULL);
  return (GStrv) g_ptr_array_free (a, FALSE);
}

GArray *
md_automation_get_points (MdAutomation *self, const char *path)
{
  Lane *l = lane_for_path (self, path, FALSE, NULL);
  GArray *copy;
  if (l == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (MdAutoPoint), l->points->len);
  g_array_append_vals (copy, l->points->data, l->points->len);
  return copy;
}

static gint
cmp_point (gconstpointer a, gconstpointer b)
{
  const MdAutoPoint *x = a, *y = b;
  return x->frame < y->frame ? -1 : x->frame > y->frame;
}

gboolean
md_automation_set_points (MdAutomation *self, const char *path, const MdAutoPoint *pts, guint n,
                          GError **error)
{
  Lane *l = lane_for_path (self, path, TRUE, error);
  if (l == NULL)
    return FALSE;
  if (n > MD_AUTOMATION_MAX_POINTS)
    {
      g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                   _("%s: more than %u points"), path, MD_AUTOMATION_MAX_POINTS);
      return FALSE;
    }
  {
    GArray *before = points_copy (l->points);
    g_array_set_size (l->points, 0);
    for (guint i = 0; i < n; i++)
      {
        MdAutoPoint p = { pts[i].frame, md_param_clamp (l->info, pts[i].value) };
        g_array_append_val (l->points, p);
      }
    g_array_sort (l->points, cmp_point);
    /* one value per frame: the last wins */
    for (guint i = 1; i < l->points->len;)
      if (g_array_index (l->points, MdAutoPoint, i).frame == g_array_index (l->points, MdAutoPoint, i - 1).frame)
        g_array_remove_index (l->points, i - 1);
      else
        i++;
    record_lane_edit (self, l, before, _("Edit automation"));
  }
  push_lanes (self);
  return TRUE;
}

gboolean
md_automation_insert_point (MdAutomation *self, const char *path, guint64 frame, double value,
                            GError **error)
{
  Lane *l = lane_for_path (self, path, TRUE, error);
  g_autoptr (GArray) pts = NULL;
  MdAutoPoint p = { frame, value };
  if (l == NULL)
    return FALSE;
  pts = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
  for (guint i = 0; i < l->points->len; i++)
    if (g_array_index (l->points, MdAutoPoint, i).frame != frame)
      g_array_append_val (pts, g_array_index (l->points, MdAutoPoint, i));
  g_array_append_val (pts, p);
  return md_automation_set_points (self, path, (MdAutoPoint *) pts->data, pts->len, error);
}

gboolean
md_automation_clear_range (MdAutomation *self, const char *path, guint64 from, guint64 to, GError **error)
{
  Lane *l = lane_for_path (self, path, FALSE, error);
  g_autoptr (GArray) pts = NULL;
  if (l == NULL)
    return FALSE;
  pts = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
  for (guint i = 0; i < l->points->len; i++)
    {
      MdAutoPoint p = g_array_index (l->points, MdAutoPoint, i);
      if (p.frame < from || p.frame > to)
        g_array_append_val (pts, p);
    }
  return md_automation_set_points (self, path, (MdAutoPoint *) pts->data, pts->len, error);
}

gboolean
md_automation_scale_range (MdAutomation *self, const char *path, guint64 from, guint64 to,
                           double scale, double offset, GError **error)
{
  Lane *l = lane_for_path (self, path, FALSE, error);
  g_autoptr (GArray) pts = NULL;
  if (l == NULL)
    return FALSE;
  pts = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
  g_array_append_vals (pts, l->points->data, l->points->len);
  for (guint i = 0; i < pts->len; i++)
    {
      MdAutoPoint *p = &g_array_index (pts, MdAutoPoint, i);
      if (p->frame >= from && p->frame <= to)
        p->value = p->value * scale + offset;
    }
  return md_automation_set_points (self, path, (MdAutoPoint *) pts->data, pts->len, error);
}

gboolean
md_automation_copy_lane (MdAutomation *self, const char *from_path, const char *to_path, GError **error)
{
  Lane *src = lane_for_path (self, from_path, FALSE, error);
  MdParamAddr a;
  guint obj;
  if (src == NULL || !resolve (self, to_path, &a, &obj, error))
    return FALSE;
  if (a.info->kind != src->info->kind || g_strcmp0 (a.info->unit, src->info->unit) != 0)
    {
      g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                   _("%s and %s are different kinds of parameter"), from_path, to_path);
      return FALSE;
    }
  return md_automation_set_points (self, to_path, (MdAutoPoint *) src->points->data, src->points->len, error);
}

void
md_automation_set_clock (MdAutomation *self, gint64 (*now_us) (void))
{
  self->now_us = now_us ? now_us : g_get_monotonic_time;
}

void
md_automation_set_tolerance (MdAutomation *self, double tolerance)
{
  self->tolerance = tolerance > 0 ? tolerance : 0;
}

void
md_automation_set_glide_ms (MdAutomation *self, double glide_ms)
{
  self->glide_ms = glide_ms > 0 ? glide_ms : 0;
}

guint
md_automation_get_n_passes (MdAutomation *self)
{
  return self->n_passes;
}

/* ------------------------------------------------------------------ */
/* session file */

void
md_automation_write_json (MdAutomation *self, JsonBuilder *b, const char *member, MdScope scope,
                          guint index)
{
  gboolean any = FALSE;
  guint obj = scope == MD_SCOPE_STRIP ? md_session_get_strip_id (self->session, index) : index;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *l = g_ptr_array_index (self->lanes, i);
      char key[80];
      if (l->scope != scope || l->obj != obj || (l->mode == MD_AUTO_OFF && l->points->len == 0))
        continue;
      if (!any)
        {
          json_builder_set_member_name (b, member);
          json_builder_begin_object (b);
          any = TRUE;
        }
      md_param_key (l->info, l->sub, key, sizeof key);
      json_builder_set_member_name (b, key);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mode");
      json_builder_add_string_value (b, md_auto_mode_name (l->mode));
      json_builder_set_member_name (b, "points");
      json_builder_begin_array (b);
      for (guint p = 0; p < l->points->len; p++)
        {
          MdAutoPoint pt = g_array_index (l->points, MdAutoPoint, p);
          json_builder_begin_array (b);
          json_builder_add_int_value (b, (gint64) pt.frame);
          json_builder_add_double_value (b, pt.value);
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  if (any)
    json_builder_end_object (b);
}

gboolean
md_automation_read_json (MdAutomation *self, JsonNode *node, MdScope scope, guint index,
                         const char *where, GPtrArray *warnings, GError **error)
{
  JsonObject *o;
  g_autoptr (GList) members = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                   _("%s.automation: expected an object"), where);
      return FALSE;
    }
  o = json_node_get_object (node);
  members = json_object_get_members (o);
  for (GList *m = members; m; m = m->next)
    {
      const char *key = m->data;
      JsonNode *ln = json_object_get_member (o, key);
      g_autofree char *path = NULL;
      g_autoptr (GArray) pts = g_array_new (FALSE, FALSE, sizeof (MdAutoPoint));
      JsonObject *lo;
      JsonNode *pn, *mn;
      JsonArray *pa;
      MdAutoMode mode = MD_AUTO_OFF;
      g_autoptr (GError) err = NULL;

      path = md_scope_max_index (scope) > 0 ? g_strdup_printf ("/%s/%u/%s", md_scope_name (scope), index, key)
                                            : g_strdup_printf ("/%s/%s", md_scope_name (scope), key);
      if (!JSON_NODE_HOLDS_OBJECT (ln))
        {
          g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                       _("%s.automation.%s: expected an object"), where, key);
          return FALSE;
        }
      lo = json_node_get_object (ln);
      mn = json_object_get_member (lo, "mode");
      if (mn && (!JSON_NODE_HOLDS_VALUE (mn) || json_node_get_value_type (mn) != G_TYPE_STRING
                 || !md_auto_mode_parse (json_node_get_string (mn), &mode)))
        {
          g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                       _("%s.automation.%s.mode: expected off, play, write, touch or latch"), where, key);
          return FALSE;
        }
      pn = json_object_get_member (lo, "points");
      if (pn && !JSON_NODE_HOLDS_ARRAY (pn))
        {
          g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                       _("%s.automation.%s.points: expected an array"), where, key);
          return FALSE;
        }
      pa = pn ? json_node_get_array (pn) : NULL;
      if (pa && json_array_get_length (pa) > MD_AUTOMATION_MAX_POINTS)
        {
          g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                       _("%s.automation.%s.points: more than %u points"), where, key, MD_AUTOMATION_MAX_POINTS);
          return FALSE;
        }
      for (guint i = 0; pa && i < json_array_get_length (pa); i++)
        {
          JsonNode *e = json_array_get_element (pa, i);
          JsonArray *pair;
          JsonNode *fn, *vn;
          MdAutoPoint p;
          if (!JSON_NODE_HOLDS_ARRAY (e) || json_array_get_length (pair = json_node_get_array (e)) != 2
              || !JSON_NODE_HOLDS_VALUE (fn = json_array_get_element (pair, 0))
              || json_node_get_value_type (fn) != G_TYPE_INT64 || json_node_get_int (fn) < 0
              || !JSON_NODE_HOLDS_VALUE (vn = json_array_get_element (pair, 1))
              || (json_node_get_value_type (vn) != G_TYPE_DOUBLE && json_node_get_value_type (vn) != G_TYPE_INT64))
            {
              g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                           _("%s.automation.%s.points[%u]: expected [frame, value]"), where, key, i);
              return FALSE;
            }
          p.frame = (guint64) json_node_get_int (fn);
          p.value = json_node_get_double (vn);
          if (!isfinite (p.value))
            {
              g_set_error (error, MD_AUTOMATION_ERROR, MD_AUTOMATION_ERROR_INVALID,
                           _("%s.automation.%s.points[%u]: the value is not finite"), where, key, i);
              return FALSE;
            }
          g_array_append_val (pts, p);
        }
      if (!md_automation_set_points (self, path, (MdAutoPoint *) pts->data, pts->len, &err)
          || !md_automation_set_mode (self, path, mode, &err))
        {
          if (warnings)
            g_ptr_array_add (warnings, g_strdup_printf (_("%s.automation.%s: ignored (%s)"), where, key, err->message));
          continue;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */

static void
automation_free (gpointer data)
{
  MdAutomation *self = data;
  g_ptr_array_unref (self->lanes);
  g_free (self);
}

MdAutomation *
md_session_get_automation (MdSession *session)
{
  static GQuark q;
  MdAutomation *self;

  if (q == 0)
    q = g_quark_from_static_string ("md-automation");
  self = g_object_get_qdata (G_OBJECT (session), q);
  if (self)
    return self;
  self = g_new0 (MdAutomation, 1);
  self->session = session;
  self->lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) lane_free);
  self->tolerance = 0.002;
  self->glide_ms = MD_AUTOMATION_GLIDE_MS;
  self->rate = 48000;
  self->now_us = g_get_monotonic_time;
  /* the automation lives exactly as long as its session */
  g_object_set_qdata_full (G_OBJECT (session), q, self, automation_free);
  self->param_id = g_signal_connect (session, "param-changed", G_CALLBACK (param_changed_cb), self);
  return self;
}
