/* md-dca-panel.c: the DCA faders and mute groups of the mixer window.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view of /dca/D/fader, /dca/D/mute and /mgrp/G/mute: the widgets call
 * md_session_set() and show what the model announces (routed here by the
 * window); a value being shown is not sent back. Membership is set per
 * strip, in the strip's menu.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "md-dca-panel.h"
#include "md-debug-geometry.h"
#include "md-fader.h"

struct _MdDcaPanel
{
  GtkBox parent_instance;

  MdSession *session;
  gboolean syncing;
  MdFader *faders[MD_MAX_DCAS];
  GtkLabel *values[MD_MAX_DCAS];
  GtkToggleButton *dca_mutes[MD_MAX_DCAS];
  GtkToggleButton *mgrp_mutes[MD_MAX_MGRPS];

  GtkBox *dca_box;
  GtkBox *mgrp_box;
};

G_DEFINE_FINAL_TYPE (MdDcaPanel, md_dca_panel, GTK_TYPE_BOX)

static void
set (MdDcaPanel *self, const char *path, double value)
{
  g_autoptr (GError) error = NULL;

  if (self->syncing || self->session == NULL)
    return;
  if (!md_session_set (self->session, path, value, FALSE, &error))
    g_warning ("%s: %s", path, error->message);
}

static double
get (MdDcaPanel *self, const char *path)
{
  double v = 0;

  md_session_get (self->session, path, &v, NULL);
  return v;
}

static void
show_value (MdDcaPanel *self, guint d, double db)
{
  const MdParamInfo *info = md_params_find_name (MD_SCOPE_DCA, "fader");
  char buf[32];

  if (info && db <= info->min)
    g_snprintf (buf, sizeof buf, "−∞");
  else
    g_snprintf (buf, sizeof buf, "%+.1f", db);
  gtk_label_set_text (self->values[d], buf);
}

static void
fader_cb (MdFader *fader, GParamSpec *pspec, MdDcaPanel *self)
{
  guint d = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fader), "md-index"));
  g_autofree char *path = g_strdup_printf ("/dca/%u/fader", d + 1);
  double db = md_fader_get_value (fader);

  show_value (self, d, db);
  set (self, path, db);
}

static void
dca_mute_cb (GtkToggleButton *button, MdDcaPanel *self)
{
  guint d = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "md-index"));
  g_autofree char *path = g_strdup_printf ("/dca/%u/mute", d + 1);

  set (self, path, gtk_toggle_button_get_active (button) ? 1 : 0);
}

static void
mgrp_mute_cb (GtkToggleButton *button, MdDcaPanel *self)
{
  guint g = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "md-index"));
  g_autofree char *path = g_strdup_printf ("/mgrp/%u/mute", g + 1);

  set (self, path, gtk_toggle_button_get_active (button) ? 1 : 0);
}

void
md_dca_panel_sync (MdDcaPanel *self)
{
  g_return_if_fail (MD_IS_DCA_PANEL (self));

  self->syncing = TRUE;
  for (guint d = 0; d < MD_MAX_DCAS; d++)
    {
      g_autofree char *fader = g_strdup_printf ("/dca/%u/fader", d + 1);
      g_autofree char *mute = g_strdup_printf ("/dca/%u/mute", d + 1);

      if (!md_fader_get_grabbed (self->faders[d]))
        md_fader_set_value (self->faders[d], get (self, fader));
      show_value (self, d, md_fader_get_value (self->faders[d]));
      gtk_toggle_button_set_active (self->dca_mutes[d], get (self, mute) > 0.5);
    }
  for (guint g = 0; g < MD_MAX_MGRPS; g++)
    {
      g_autofree char *mute = g_strdup_printf ("/mgrp/%u/mute", g + 1);
      gtk_toggle_button_set_active (self->mgrp_mutes[g], get (self, mute) > 0.5);
    }
  self->syncing = FALSE;
}

void
md_dca_panel_param_changed (MdDcaPanel *self, const char *path, double value)
{
  unsigned idx = 0;
  int n = 0;

  g_return_if_fail (MD_IS_DCA_PANEL (self));

  self->syncing = TRUE;
  if (sscanf (path, "/dca/%u/%n", &idx, &n) == 1 && n > 0 && idx >= 1 && idx <= MD_MAX_DCAS)
    {
      if (g_str_equal (path + n, "fader"))
        {
          if (!md_fader_get_grabbed (self->faders[idx - 1]))
            md_fader_set_value (self->faders[idx - 1], value);
          show_value (self, idx - 1, value);
        }
      else if (g_str_equal (path + n, "mute"))
        gtk_toggle_button_set_active (self->dca_mutes[idx - 1], value > 0.5);
    }
  else if (sscanf (path, "/mgrp/%u/%n", &idx, &n) == 1 && n > 0 && idx >= 1 && idx <= MD_MAX_MGRPS &&
           g_str_equal (path + n, "mute"))
    gtk_toggle_button_set_active (self->mgrp_mutes[idx - 1], value > 0.5);
  self->syncing = FALSE;
}

GtkWidget *
md_dca_panel_new (MdSession *session)
{
  MdDcaPanel *self;

  g_return_val_if_fail (MD_IS_SESSION (session), NULL);

  self = g_object_new (MD_TYPE_DCA_PANEL, NULL);
  self->session = g_object_ref (session);
  md_dca_panel_sync (self);
  return GTK_WIDGET (self);
}

static void
md_dca_panel_dispose (GObject *object)
{
  MdDcaPanel *self = MD_DCA_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_DCA_PANEL);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (md_dca_panel_parent_class)->dispose (object);
}

static void
md_dca_panel_class_init (MdDcaPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_dca_panel_dispose;

  g_type_ensure (MD_TYPE_FADER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/mixdesk/Mixdesk/md-dca-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MdDcaPanel, dca_box);
  gtk_widget_class_bind_template_child (widget_class, MdDcaPanel, mgrp_box);
}

static void
md_dca_panel_init (MdDcaPanel *self)
{
  const MdParamInfo *info = md_params_find_name (MD_SCOPE_DCA, "fader");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->syncing = TRUE;
  for (guint d = 0; d < MD_MAX_DCAS; d++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      g_autofree char *name = g_strdup_printf (_("DCA %u"), d + 1);
      GtkWidget *label = gtk_label_new (name);
      GtkWidget *fader = md_fader_new ();
      GtkWidget *value = gtk_label_new ("");
      GtkWidget *mute = gtk_toggle_button_new_with_label (C_("mute, short", "M"));
      g_autofree char *tip = g_strdup_printf (_("Mute every member of DCA %u"), d + 1);

      gtk_widget_add_css_class (label, "strip-name");
      md_fader_set_param (MD_FADER (fader), info);
      gtk_widget_set_vexpand (fader, TRUE);
      gtk_widget_set_halign (fader, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (mute, "strip-toggle");
      gtk_widget_add_css_class (mute, "mute");
      gtk_widget_set_halign (mute, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (mute, tip);
      g_object_set_data (G_OBJECT (fader), "md-index", GUINT_TO_POINTER (d));
      {
        /* for tests/test-ui-editors.sh (MD_UI_DEBUG_GEOMETRY) */
        g_autofree char *geometry_name = g_strdup_printf ("dca-%u-fader", d + 1);
        md_debug_geometry_watch (fader, geometry_name);
      }
      g_object_set_data (G_OBJECT (mute), "md-index", GUINT_TO_POINTER (d));
      g_signal_connect (fader, "notify::value", G_CALLBACK (fader_cb), self);
      g_signal_connect (mute, "toggled", G_CALLBACK (dca_mute_cb), self);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), fader);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), mute);
      gtk_box_append (self->dca_box, box);
      self->faders[d] = MD_FADER (fader);
      self->values[d] = GTK_LABEL (value);
      self->dca_mutes[d] = GTK_TOGGLE_BUTTON (mute);
    }
  for (guint g = 0; g < MD_MAX_MGRPS; g++)
    {
      g_autofree char *num = g_strdup_printf ("%u", g + 1);
      GtkWidget *mute = gtk_toggle_button_new_with_label (num);
      g_autofree char *tip = g_strdup_printf (_("Mute group %u: mute its members"), g + 1);

      gtk_widget_add_css_class (mute, "strip-toggle");
      gtk_widget_add_css_class (mute, "mute");
      gtk_widget_set_tooltip_text (mute, tip);
      g_object_set_data (G_OBJECT (mute), "md-index", GUINT_TO_POINTER (g));
      g_signal_connect (mute, "toggled", G_CALLBACK (mgrp_mute_cb), self);
      gtk_box_append (self->mgrp_box, mute);
      self->mgrp_mutes[g] = GTK_TOGGLE_BUTTON (mute);
    }
  self->syncing = FALSE;
}
