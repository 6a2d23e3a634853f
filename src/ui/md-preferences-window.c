/* md-preferences-window.c: the preferences, bound to GSettings.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "md-preferences-window.h"

struct _MdPreferencesWindow
{
  GtkWindow parent_instance;

  GSettings *settings;

  GtkEntry *jack_client_entry;
  GtkEntry *jack_server_entry;
  GtkSpinButton *osc_port_spin;
  GtkEntry *osc_bind_entry;
  GtkEntry *osc_allow_entry;
  GtkSpinButton *falloff_spin;
  GtkSpinButton *hold_spin;
  GtkComboBoxText *pan_law_combo;
  GtkSpinButton *autosave_spin;
};

G_DEFINE_FINAL_TYPE (MdPreferencesWindow, md_preferences_window, GTK_TYPE_WINDOW)

/* the allow-list is an array of strings; the entry shows them space-separated */
static void
show_allow (MdPreferencesWindow *self)
{
  g_auto (GStrv) nets = g_settings_get_strv (self->settings, "osc-allow");
  g_autofree char *text = g_strjoinv (" ", nets);

  gtk_editable_set_text (GTK_EDITABLE (self->osc_allow_entry), text);
}

static void
osc_allow_changed_cb (GtkEntry *entry, MdPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_auto (GStrv) parts = g_strsplit_set (text, " ,;", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) nets = NULL;

  for (guint i = 0; parts[i]; i++)
    if (parts[i][0])
      g_strv_builder_add (builder, parts[i]);
  nets = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "osc-allow", (const char *const *) nets);
}

static gboolean
md_preferences_window_close_request (GtkWindow *window)
{
  MdPreferencesWindow *self = MD_PREFERENCES_WINDOW (window);

  osc_allow_changed_cb (self->osc_allow_entry, self);
  return GTK_WINDOW_CLASS (md_preferences_window_parent_class)->close_request (window);
}

GtkWidget *
md_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  MdPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "jack-client-name", self->jack_client_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "jack-server-name", self->jack_server_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "osc-port", self->osc_port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "osc-bind", self->osc_bind_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "meter-falloff", self->falloff_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "meter-hold", self->hold_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "pan-law", self->pan_law_combo, "active-id", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave-interval", self->autosave_spin, "value", G_SETTINGS_BIND_DEFAULT);
  show_allow (self);
  return GTK_WIDGET (self);
}

static void
md_preferences_window_dispose (GObject *object)
{
  MdPreferencesWindow *self = MD_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (md_preferences_window_parent_class)->dispose (object);
}

static void
md_preferences_window_class_init (MdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = md_preferences_window_dispose;
  window_class->close_request = md_preferences_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/mixdesk/Mixdesk/md-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, jack_client_entry);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, jack_server_entry);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, osc_port_spin);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, osc_bind_entry);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, osc_allow_entry);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, falloff_spin);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, hold_spin);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, pan_law_combo);
  gtk_widget_class_bind_template_child (widget_class, MdPreferencesWindow, autosave_spin);
  gtk_widget_class_bind_template_callback (widget_class, osc_allow_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
md_preferences_window_init (MdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
