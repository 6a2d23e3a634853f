/* md-scenes-panel.c: the Scenes popover of the mixer window.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view of the scenes of md-scenes.h: save, recall, rename, reorder,
 * delete, fade time and scope per scene, and the recall-safes. The
 * scenes model has no change signal, so the list is built again when the
 * panel is mapped and after each change made here.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "md-scenes-panel.h"
#include "session/md-scenes.h"

struct _MdScenesPanel
{
  GtkBox parent_instance;

  MdSession *session;

  GtkEntry *scene_entry;
  GtkListBox *scenes_list;
  GtkWidget *no_scenes_label;
  GtkWidget *scenes_safe_box;
};

G_DEFINE_FINAL_TYPE (MdScenesPanel, md_scenes_panel, GTK_TYPE_BOX)

enum
{
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
notify (MdScenesPanel *self, const char *message)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

static void
popdown (MdScenesPanel *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_POPOVER);

  if (popover)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
scene_recall_cb (GtkButton *button, MdScenesPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "md-scene");
  g_autoptr (GError) error = NULL;
  g_autofree char *msg = NULL;

  if (!md_session_scene_recall (self->session, name, &error))
    {
      notify (self, error->message);
      return;
    }
  /* TRANSLATORS: %s is a scene name */
  msg = g_strdup_printf (_("Recalled scene “%s”"), name);
  notify (self, msg);
  popdown (self);
}

/* The check buttons' labels; md_scene_section_name() gives the names the
 * session file and the CLI use, shown as the tooltip. */
static const struct
{
  MdSceneSections section;
  const char *label;
} scene_sections[] = {
  /* TRANSLATORS: scene sections (scope and recall safe check buttons) */
  { MD_SCENE_INPUT, N_("Input") },
  { MD_SCENE_EQ, N_("EQ") },
  { MD_SCENE_DYNAMICS, N_("Dynamics") },
  { MD_SCENE_FADER, N_("Fader") },
  { MD_SCENE_PAN, N_("Pan") },
  { MD_SCENE_SENDS, N_("Sends") },
  { MD_SCENE_ROUTING, N_("Routing") },
};

/* Refill the list after the model changed; never from inside a callback
 * of a row that is about to go away. */
static gboolean
scenes_refresh_idle (gpointer data)
{
  MdScenesPanel *self = data;

  md_scenes_panel_refresh (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
scenes_refresh_later (MdScenesPanel *self)
{
  g_idle_add (scenes_refresh_idle, g_object_ref (self));
}

static void
scene_rename_cb (GtkEntry *entry, MdScenesPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (entry), "md-scene");
  g_autofree char *new_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr (GError) error = NULL;
  g_autofree char *msg = NULL;

  if (g_strcmp0 (name, new_name) == 0)
    return;
  if (!md_session_scene_rename (self->session, name, new_name, &error))
    {
      notify (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (entry), name);
      return;
    }
  /* TRANSLATORS: the first %s is the old scene name, the second the new one */
  msg = g_strdup_printf (_("Renamed scene “%s” to “%s”"), name, new_name);
  notify (self, msg);
  scenes_refresh_later (self);
}

static void
scene_delete_cb (GtkButton *button, MdScenesPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "md-scene");
  g_autoptr (GError) error = NULL;
  g_autofree char *msg = NULL;

  if (!md_session_scene_delete (self->session, name, &error))
    {
      notify (self, error->message);
      return;
    }
  /* TRANSLATORS: %s is a scene name */
  msg = g_strdup_printf (_("Deleted scene “%s”"), name);
  notify (self, msg);
  scenes_refresh_later (self);
}

static void
scene_move (GtkButton *button, MdScenesPanel *self, int delta)
{
  const char *name = g_object_get_data (G_OBJECT (button), "md-scene");
  guint pos = md_session_scene_find (self->session, name);
  guint n = md_session_scene_get_n_scenes (self->session);
  g_autoptr (GError) error = NULL;

  if (pos == 0 || (delta < 0 && pos == 1) || (delta > 0 && pos == n))
    return;
  if (!md_session_scene_move (self->session, name, pos + delta, &error))
    {
      notify (self, error->message);
      return;
    }
  scenes_refresh_later (self);
}

static void
scene_up_cb (GtkButton *button, MdScenesPanel *self)
{
  scene_move (button, self, -1);
}

static void
scene_down_cb (GtkButton *button, MdScenesPanel *self)
{
  scene_move (button, self, 1);
}

static void
scene_fade_cb (GtkSpinButton *spin, MdScenesPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (spin), "md-scene");
  g_autoptr (GError) error = NULL;

  if (!md_session_scene_set_fade (self->session, name,
                                  gtk_spin_button_get_value (spin) * 1000.0, &error))
    notify (self, error->message);
}

static void
scene_scope_toggled_cb (GtkCheckButton *check, MdScenesPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (check), "md-scene");
  guint section = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "md-section"));
  g_autoptr (GArray) strips = NULL;
  g_autoptr (GArray) buses = NULL;
  g_autoptr (GError) error = NULL;
  guint sections = 0;

  if (!md_session_scene_get_scope (self->session, name, &sections, &strips, &buses, &error))
    {
      notify (self, error->message);
      return;
    }
  if (gtk_check_button_get_active (check))
    sections |= section;
  else
    sections &= ~section;
  if (!md_session_scene_set_scope (self->session, name, sections,
                                   strips ? (const guint *) strips->data : NULL,
                                   strips ? strips->len : 0,
                                   buses ? (const guint *) buses->data : NULL,
                                   buses ? buses->len : 0, &error))
    notify (self, error->message);
}

static void
scene_safe_toggled_cb (GtkCheckButton *check, MdScenesPanel *self)
{
  guint section = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "md-section"));
  guint safe = md_session_scene_get_safe (self->session);

  if (gtk_check_button_get_active (check))
    safe |= section;
  else
    safe &= ~section;
  md_session_scene_set_safe (self->session, safe);
}

static GtkWidget *
scene_icon_button (const char *icon, const char *tooltip, const char *name,
                   GCallback cb, MdScenesPanel *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data_full (G_OBJECT (button), "md-scene", g_strdup (name), g_free);
  g_signal_connect (button, "clicked", cb, self);
  return button;
}

static GtkWidget *
scene_sections_box (guint active, const char *scene, GCallback cb, MdScenesPanel *self)
{
  GtkWidget *box = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 4);
  for (guint i = 0; i < G_N_ELEMENTS (scene_sections); i++)
    {
      MdSceneSections section = scene_sections[i].section;
      GtkWidget *check = gtk_check_button_new_with_label (_(scene_sections[i].label));
      gtk_widget_set_tooltip_text (check, md_scene_section_name (section));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), (active & section) != 0);
      g_object_set_data (G_OBJECT (check), "md-section", GUINT_TO_POINTER (section));
      if (scene)
        g_object_set_data_full (G_OBJECT (check), "md-scene", g_strdup (scene), g_free);
      g_signal_connect (check, "toggled", cb, self);
      gtk_flow_box_append (GTK_FLOW_BOX (box), check);
    }
  return box;
}

void
md_scenes_panel_refresh (MdScenesPanel *self)
{
  g_auto (GStrv) names = NULL;
  GtkWidget *child;

  g_return_if_fail (MD_IS_SCENES_PANEL (self));
  if (self->session == NULL)
    return;
  names = md_session_scene_list (self->session);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->scenes_list))))
    gtk_list_box_remove (self->scenes_list, child);
  for (guint i = 0; names[i]; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Recall"));
      GtkWidget *entry = gtk_entry_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0.0, MD_SCENE_FADE_MAX_MS / 1000.0, 0.1);
      guint sections = MD_SCENE_ALL;

      md_session_scene_get_scope (self->session, names[i], &sections, NULL, NULL, NULL);

      g_object_set_data_full (G_OBJECT (button), "md-scene", g_strdup (names[i]), g_free);
      /* TRANSLATORS: tooltip of a scene in the scenes list */
      gtk_widget_set_tooltip_text (button, _("Recall this scene"));
      g_signal_connect (button, "clicked", G_CALLBACK (scene_recall_cb), self);
      gtk_box_append (GTK_BOX (top), button);

      gtk_editable_set_text (GTK_EDITABLE (entry), names[i]);
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_widget_set_tooltip_text (entry, _("Scene name; press Enter to rename"));
      g_object_set_data_full (G_OBJECT (entry), "md-scene", g_strdup (names[i]), g_free);
      g_signal_connect (entry, "activate", G_CALLBACK (scene_rename_cb), self);
      gtk_box_append (GTK_BOX (top), entry);

      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                                 md_session_scene_get_fade (self->session, names[i]) / 1000.0);
      gtk_widget_set_tooltip_text (spin, _("Fade time of the recall in seconds"));
      g_object_set_data_full (G_OBJECT (spin), "md-scene", g_strdup (names[i]), g_free);
      g_signal_connect (spin, "value-changed", G_CALLBACK (scene_fade_cb), self);
      gtk_box_append (GTK_BOX (top), spin);

      gtk_box_append (GTK_BOX (top),
                      scene_icon_button ("go-up-symbolic", _("Move up"), names[i],
                                         G_CALLBACK (scene_up_cb), self));
      gtk_box_append (GTK_BOX (top),
                      scene_icon_button ("go-down-symbolic", _("Move down"), names[i],
                                         G_CALLBACK (scene_down_cb), self));
      gtk_box_append (GTK_BOX (top),
                      scene_icon_button ("user-trash-symbolic", _("Delete scene"), names[i],
                                         G_CALLBACK (scene_delete_cb), self));
      gtk_box_append (GTK_BOX (row), top);
      gtk_box_append (GTK_BOX (row),
                      scene_sections_box (sections, names[i],
                                          G_CALLBACK (scene_scope_toggled_cb), self));
      gtk_list_box_append (self->scenes_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->scenes_list), names[0] != NULL);
  gtk_widget_set_visible (self->no_scenes_label, names[0] == NULL);

  while ((child = gtk_widget_get_first_child (self->scenes_safe_box)))
    gtk_box_remove (GTK_BOX (self->scenes_safe_box), child);
  gtk_box_append (GTK_BOX (self->scenes_safe_box),
                  scene_sections_box (md_session_scene_get_safe (self->session), NULL,
                                      G_CALLBACK (scene_safe_toggled_cb), self));
}

static void
scene_save_cb (GtkWidget *widget, MdScenesPanel *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->scene_entry))));
  g_autoptr (GError) error = NULL;
  g_autofree char *msg = NULL;

  if (name[0] == '\0')
    {
      g_free (name);
      /* TRANSLATORS: the default name of a new scene, %u its number */
      name = g_strdup_printf (_("Scene %u"), md_session_scene_get_n_scenes (self->session) + 1);
    }
  if (!md_session_scene_save (self->session, name, &error))
    {
      notify (self, error->message);
      return;
    }
  msg = g_strdup_printf (_("Saved scene “%s”"), name);
  notify (self, msg);
  gtk_editable_set_text (GTK_EDITABLE (self->scene_entry), "");
  md_scenes_panel_refresh (self);
}

static void
md_scenes_panel_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (md_scenes_panel_parent_class)->map (widget);
  md_scenes_panel_refresh (MD_SCENES_PANEL (widget));
}

GtkWidget *
md_scenes_panel_new (MdSession *session)
{
  MdScenesPanel *self = g_object_new (MD_TYPE_SCENES_PANEL, NULL);

  md_scenes_panel_set_session (self, session);
  return GTK_WIDGET (self);
}

void
md_scenes_panel_set_session (MdScenesPanel *self, MdSession *session)
{
  g_return_if_fail (MD_IS_SCENES_PANEL (self));
  g_return_if_fail (session == NULL || MD_IS_SESSION (session));

  if (g_set_object (&self->session, session) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    md_scenes_panel_refresh (self);
}

static void
md_scenes_panel_dispose (GObject *object)
{
  MdScenesPanel *self = MD_SCENES_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_SCENES_PANEL);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (md_scenes_panel_parent_class)->dispose (object);
}

static void
md_scenes_panel_class_init (MdScenesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_scenes_panel_dispose;
  widget_class->map = md_scenes_panel_map;

  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/mixdesk/Mixdesk/md-scenes-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MdScenesPanel, scene_entry);
  gtk_widget_class_bind_template_child (widget_class, MdScenesPanel, scenes_list);
  gtk_widget_class_bind_template_child (widget_class, MdScenesPanel, no_scenes_label);
  gtk_widget_class_bind_template_child (widget_class, MdScenesPanel, scenes_safe_box);
  gtk_widget_class_bind_template_callback (widget_class, scene_save_cb);
}

static void
md_scenes_panel_init (MdScenesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
