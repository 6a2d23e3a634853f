/* md-debug-geometry.c: a test hook — where named widgets are on screen.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "md-debug-geometry.h"   /* gtk.h: GDK_WINDOWING_X11 */

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

typedef struct
{
  char *name;
  gulong xid;
  int x, y, w, h;
  gboolean printed;
} Watch;

static void
watch_free (gpointer data)
{
  Watch *w = data;

  g_free (w->name);
  g_free (w);
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Watch *w = g_object_get_data (G_OBJECT (widget), "md-debug-geometry");
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0), p;
  double sx = 0, sy = 0;
  gulong xid = 0;
  int x, y, width, height;

  /* a tick callback runs while the widget is realized, mapped or not */
  if (w == NULL || native == NULL || !gtk_widget_get_mapped (widget)
      || !gtk_widget_compute_point (widget, GTK_WIDGET (native), &origin, &p))
    return G_SOURCE_CONTINUE;
  gtk_native_get_surface_transform (native, &sx, &sy);
#ifdef GDK_WINDOWING_X11
  {
    GdkSurface *surface = gtk_native_get_surface (native);
    if (surface && GDK_IS_X11_SURFACE (surface))
      xid = (gulong) gdk_x11_surface_get_xid (surface);
  }
#endif
  x = (int) lround (p.x + sx);
  y = (int) lround (p.y + sy);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (w->printed && xid == w->xid && x == w->x && y == w->y && width == w->w && height == w->h)
    return G_SOURCE_CONTINUE;
  w->printed = TRUE;
  w->xid = xid;
  w->x = x;
  w->y = y;
  w->w = width;
  w->h = height;
  fprintf (stderr, "md-geometry %s %lu %d %d %d %d\n", w->name, xid, x, y, width, height);
  fflush (stderr);
  return G_SOURCE_CONTINUE;
}

static void
unmap_cb (GtkWidget *widget, gpointer data)
{
  Watch *w = g_object_get_data (G_OBJECT (widget), "md-debug-geometry");

  if (w == NULL)
    return;
  w->printed = FALSE;
  fprintf (stderr, "md-geometry %s 0 0 0 0 0\n", w->name);
  fflush (stderr);
}

void
md_debug_geometry_watch (GtkWidget *widget, const char *name)
{
  static int enabled = -1;
  Watch *w;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (enabled < 0)
    enabled = g_getenv ("MD_UI_DEBUG_GEOMETRY") != NULL;
  if (!enabled)
    return;
  w = g_object_get_data (G_OBJECT (widget), "md-debug-geometry");
  if (w)
    {
      /* renamed: printed again on the next frame */
      g_free (w->name);
      w->name = g_strdup (name);
      w->printed = FALSE;
      return;
    }
  w = g_new0 (Watch, 1);
  w->name = g_strdup (name);
  g_object_set_data_full (G_OBJECT (widget), "md-debug-geometry", w, watch_free);
  gtk_widget_add_tick_callback (widget, tick_cb, NULL, NULL);
  g_signal_connect (widget, "unmap", G_CALLBACK (unmap_cb), NULL);
}
