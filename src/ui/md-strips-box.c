/* md-strips-box.c: the row of strips in the mixer's horizontal scroller;
 * draws only the strips scrolled into view.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 puts every child of a scrolled box into the render node tree,
 * and its cairo renderer walks the whole tree on every frame (paths,
 * glyph runs, save/restore per node), clipped or not: with 64 strips and
 * 17 in view three quarters of that work drew nothing. This box snapshots
 * only the children that intersect its viewport and redraws itself when
 * the viewport's adjustments move (a scrolled child keeps its own render
 * node otherwise). Layout, mapping, focus and accessibility are GtkBox's.
 */
#include "config.h"

#include "md-strips-box.h"

/* drawn a little beyond the view: focus rings and shadows of a strip at the edge */
#define MARGIN 8.0

struct _MdStripsBox
{
  GtkBox parent_instance;

  GtkAdjustment *hadj;
  GtkAdjustment *vadj;
};

G_DEFINE_FINAL_TYPE (MdStripsBox, md_strips_box, GTK_TYPE_BOX)

GtkWidget *
md_strips_box_new (void)
{
  return g_object_new (MD_TYPE_STRIPS_BOX, NULL);
}

static void
adjustment_moved_cb (MdStripsBox *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
watch (MdStripsBox *self, GtkAdjustment **slot, GtkAdjustment *adj)
{
  if (*slot == adj)
    return;
  if (*slot)
    g_signal_handlers_disconnect_by_data (*slot, self);
  g_set_object (slot, adj);
  if (adj)
    {
      g_signal_connect_swapped (adj, "value-changed", G_CALLBACK (adjustment_moved_cb), self);
      g_signal_connect_swapped (adj, "changed", G_CALLBACK (adjustment_moved_cb), self);
    }
}

static void
md_strips_box_map (GtkWidget *widget)
{
  MdStripsBox *self = MD_STRIPS_BOX (widget);
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);

  GTK_WIDGET_CLASS (md_strips_box_parent_class)->map (widget);
  watch (self, &self->hadj, viewport ? gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (viewport)) : NULL);
  watch (self, &self->vadj, viewport ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport)) : NULL);
}

static void
md_strips_box_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  graphene_rect_t view;
  gboolean cull = viewport != NULL && gtk_widget_compute_bounds (viewport, widget, &view);

  if (cull)
    graphene_rect_inset (&view, -MARGIN, -MARGIN);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t b;

      if (cull && gtk_widget_compute_bounds (child, widget, &b) &&
          !graphene_rect_intersection (&b, &view, NULL))
        continue;
      gtk_widget_snapshot_child (widget, child, snapshot);
    }
}

static void
md_strips_box_dispose (GObject *object)
{
  MdStripsBox *self = MD_STRIPS_BOX (object);

  watch (self, &self->hadj, NULL);
  watch (self, &self->vadj, NULL);
  G_OBJECT_CLASS (md_strips_box_parent_class)->dispose (object);
}

static void
md_strips_box_class_init (MdStripsBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_strips_box_dispose;
  widget_class->map = md_strips_box_map;
  widget_class->snapshot = md_strips_box_snapshot;
}

static void
md_strips_box_init (MdStripsBox *self)
{
}
