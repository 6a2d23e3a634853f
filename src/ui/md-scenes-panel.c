/* md-scenes-panel.c: the Scenes popover of the mixer window.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view of the scenes of md-scenes.h: save, recall, rename (on Enter
 * and when the name field loses the focus), reorder, delete, fade time
 * and scope per scene (sections, and which strips and buses: all, or a
 * chosen set), and the recall-safes (sections everywhere, whole buses;
 * whole strips are in each strip's menu). The scenes model has no change
 * signal, so the list is built again when the panel is mapped and after
 * each change made here; a scene's open scope stays open.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "md-debug-geometry.h"
#include "md-scenes-panel.h"
#include "session/md-scenes.h"

struct _MdScenesPanel
{
  GtkBox parent_instance;

  MdSession *session;
  GHashTable *expanded;       /* names of scenes whose scope is open */

  GtkEntry *scene_entry;
  GtkWidget *save_button;
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

/* The test hook's name of a widget of scene row ROW (1-based) or, for
 * ROW 0, of the panel: "scene-2-recall", "scenes-safe-eq". */
static void
watch (GtkWidget *widget, guint row, const char *what)
{
  g_autofree char *name = row ? g_strdup_printf ("scene-%u-%s", row, what)
                              : g_strdup_printf ("scenes-%s", what);

  md_debug_geometry_watch (widget, name);
}

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
scene_rename (GtkEntry *entry, MdScenesPanel *self)
{
  g_autofree char *name = g_strdup (g_object_get_data (G_OBJECT (entry), "md-scene"));
  g_autofree char *new_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr (GError) error = NULL;
  g_autofree char *msg = NULL;

  if (name == NULL || self->session == NULL || g_strcmp0 (name, new_name) == 0)
    return;
  if (!md_session_scene_rename (self->session, name, new_name, &error))
    {
      notify (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (entry), name);
      return;
    }
  /* the row now stands for the new name (a focus-out may follow Enter) */
  g_object_set_data_full (G_OBJECT (entry), "md-scene", g_strdup (new_name), g_free);
  if (g_hash_table_remove (self->expanded, name))
    g_hash_table_add (self->expanded, g_strdup (new_name));
  /* TRANSLATORS: the first %s is the old scene name, the second the new one */
  msg = g_strdup_printf (_("Renamed scene “%s” to “%s”"), name, new_name);
  notify (self, msg);
  scenes_refresh_later (self);
}

static void
scene_rename_cb (GtkEntry *entry, MdScenesPanel *self)
{
  scene_rename (entry, self);
}

/* Leaving the name field commits it too, as Enter does. */
static void
scene_rename_leave_cb (GtkEventControllerFocus *focus, MdScenesPanel *self)
{
  scene_rename (GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus))), self);
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
scene_sections_box (guint active, const char *scene, guint row, GCallback cb, MdScenesPanel *self)
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
      {
        g_autofree char *what = g_strdup_printf (scene ? "section-%s" : "safe-%s",
                                                 md_scene_section_name (section));
        watch (check, row, what);
      }
      gtk_flow_box_append (GTK_FLOW_BOX (box), check);
    }
  return box;
}

/* Scope by strip and bus. The model's list is NULL for all of them; an
 * empty list is none. Numbers of strips that do not exist now are kept. */
static GArray *
scope_list_or_all (GArray *list, guint n)
{
  if (list != NULL)
    return g_array_ref (list);
  list = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  for (guint i = 1; i <= n; i++)
    g_array_append_val (list, i);
  return list;
}

static gint
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static gboolean
scope_has (GArray *list, guint number)
{
  if (list == NULL)
    return TRUE;
  for (guint i = 0; i < list->len; i++)
    if (g_array_index (list, guint, i) == number)
      return TRUE;
  return FALSE;
}

static void
scene_objects_toggled_cb (GtkCheckButton *check, MdScenesPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (check), "md-scene");
  gboolean bus = g_object_get_data (G_OBJECT (check), "md-bus") != NULL;
  guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "md-number"));
  gboolean active = gtk_check_button_get_active (check);
  guint n = bus ? md_session_get_n_buses (self->session) : md_session_get_n_strips (self->session);
  g_autoptr (GArray) strips = NULL;
  g_autoptr (GArray) buses = NULL;
  g_autoptr (GArray) list = NULL;
  g_autoptr (GError) error = NULL;
  static const guint none = 0;
  guint sections = 0;

  if (!md_session_scene_get_scope (self->session, name, &sections, &strips, &buses, &error))
    {
      notify (self, error->message);
      return;
    }
  if (number == 0)
    {
      /* "All": NULL, or every one that exists now (then untick some) */
      if (!active)
        list = scope_list_or_all (NULL, n);
    }
  else
    {
      list = scope_list_or_all (bus ? buses : strips, n);
      for (guint i = list->len; i > 0; i--)
        if (g_array_index (list, guint, i - 1) == number)
          g_array_remove_index (list, i - 1);
      if (active)
        g_array_append_val (list, number);
      g_array_sort (list, compare_uint);
    }
  if (bus)
    {
      g_clear_pointer (&buses, g_array_unref);
      buses = g_steal_pointer (&list);
    }
  else
    {
      g_clear_pointer (&strips, g_array_unref);
      strips = g_steal_pointer (&list);
    }
  if (!md_session_scene_set_scope (self->session, name, sections,
                                   strips ? (strips->len ? (const guint *) strips->data : &none) : NULL,
                                   strips ? strips->len : 0,
                                   buses ? (buses->len ? (const guint *) buses->data : &none) : NULL,
                                   buses ? buses->len : 0, &error))
    notify (self, error->message);
  scenes_refresh_later (self);
}

/* "all strips", "no strips", "strips 1, 3" */
static char *
scope_summary (GArray *list, gboolean bus)
{
  g_autoptr (GString) numbers = NULL;

  if (list == NULL)
    return g_strdup (bus ? _("all buses") : _("all strips"));
  if (list->len == 0)
    return g_strdup (bus ? _("no buses") : _("no strips"));
  numbers = g_string_new (NULL);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (numbers, i ? ", %u" : "%u", g_array_index (list, guint, i));
  /* TRANSLATORS: a scene's scope, %s is a list of numbers ("1, 3") */
  return g_strdup_printf (bus ? _("buses %s") : _("strips %s"), numbers->str);
}

static GtkWidget *
scope_check (MdScenesPanel *self, const char *scene, const char *label, const char *tooltip,
             gboolean bus, guint number, gboolean active)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  if (tooltip)
    gtk_widget_set_tooltip_text (check, tooltip);
  g_object_set_data_full (G_OBJECT (check), "md-scene", g_strdup (scene), g_free);
  g_object_set_data (G_OBJECT (check), "md-number", GUINT_TO_POINTER (number));
  if (bus)
    g_object_set_data (G_OBJECT (check), "md-bus", GINT_TO_POINTER (1));
  g_signal_connect (check, "toggled", G_CALLBACK (scene_objects_toggled_cb), self);
  return check;
}

static char *
object_label (MdScenesPanel *self, gboolean bus, guint number)
{
  g_autofree char *path = g_strdup_printf (bus ? "/bus/%u/name" : "/strip/%u/name", number);
  const char *name = md_session_get_string (self->session, path, NULL);

  if (name && name[0])
    return g_strdup_printf ("%u %s", number, name);
  return g_strdup_printf ("%u", number);
}

static void
scene_expanded_cb (GtkExpander *expander, GParamSpec *pspec, MdScenesPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (expander), "md-scene");

  if (self->expanded == NULL)
    return;
  if (gtk_expander_get_expanded (expander))
    g_hash_table_add (self->expanded, g_strdup (name));
  else
    g_hash_table_remove (self->expanded, name);
}

/* The strips and buses a scene recalls: "All" and one check per object. */
static GtkWidget *
scene_objects_expander (MdScenesPanel *self, const char *scene, guint row)
{
  g_autoptr (GArray) strips = NULL;
  g_autoptr (GArray) buses = NULL;
  g_autofree char *strips_text = NULL;
  g_autofree char *buses_text = NULL;
  g_autofree char *title = NULL;
  GtkWidget *expander, *box;

  md_session_scene_get_scope (self->session, scene, NULL, &strips, &buses, NULL);
  strips_text = scope_summary (strips, FALSE);
  buses_text = scope_summary (buses, TRUE);
  /* TRANSLATORS: a scene's scope by object: "Recalls all strips, buses 1, 2" */
  title = g_strdup_printf (_("Recalls %s, %s"), strips_text, buses_text);
  expander = gtk_expander_new (title);
  gtk_widget_set_tooltip_text (expander, _("Which strips and buses this scene recalls (by position, as on a desk)"));
  g_object_set_data_full (G_OBJECT (expander), "md-scene", g_strdup (scene), g_free);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), g_hash_table_contains (self->expanded, scene));
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (scene_expanded_cb), self);
  watch (expander, row, "scope");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  for (guint k = 0; k < 2; k++)
    {
      gboolean bus = k == 1;
      guint n = bus ? md_session_get_n_buses (self->session) : md_session_get_n_strips (self->session);
      GArray *list = bus ? buses : strips;
      GtkWidget *flow = gtk_flow_box_new ();
      GtkWidget *check;

      if (bus && n == 0)
        break;
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
      check = scope_check (self, scene, bus ? _("All buses") : _("All strips"),
                           bus ? _("Every bus, also ones added later")
                               : _("Every strip, also ones added later"),
                           bus, 0, list == NULL);
      watch (check, row, bus ? "buses-all" : "strips-all");
      gtk_flow_box_append (GTK_FLOW_BOX (flow), check);
      for (guint i = 1; i <= n; i++)
        {
          g_autofree char *label = object_label (self, bus, i);
          g_autofree char *what = g_strdup_printf (bus ? "bus-%u" : "strip-%u", i);
          check = scope_check (self, scene, label, NULL, bus, i, scope_has (list, i));
          watch (check, row, what);
          gtk_flow_box_append (GTK_FLOW_BOX (flow), check);
        }
      gtk_box_append (GTK_BOX (box), flow);
    }
  gtk_expander_set_child (GTK_EXPANDER (expander), box);
  return expander;
}

static void
bus_safe_toggled_cb (GtkCheckButton *check, MdScenesPanel *self)
{
  guint bus = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "md-number"));
  g_autoptr (GError) error = NULL;

  if (!md_session_scene_set_bus_safe (self->session, bus,
                                      gtk_check_button_get_active (check) ? MD_SCENE_ALL : 0, &error))
    notify (self, error->message);
}

/* Whole buses safe (a bus safe for some sections only, from a session
 * file, shows as inconsistent until it is ticked or unticked). */
static GtkWidget *
bus_safes_box (MdScenesPanel *self)
{
  guint n = md_session_get_n_buses (self->session);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label, *flow;

  if (n == 0)
    return box;
  label = gtk_label_new (_("Recall-safe buses"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
  for (guint b = 1; b <= n; b++)
    {
      g_autofree char *text = object_label (self, TRUE, b);
      GtkWidget *check = gtk_check_button_new_with_label (text);
      guint safe = md_session_scene_get_bus_safe (self->session, b);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), safe != 0);
      gtk_check_button_set_inconsistent (GTK_CHECK_BUTTON (check), safe != 0 && safe != MD_SCENE_ALL);
      gtk_widget_set_tooltip_text (check, _("A scene recall leaves this bus as it is"));
      g_object_set_data (G_OBJECT (check), "md-number", GUINT_TO_POINTER (b));
      g_signal_connect (check, "toggled", G_CALLBACK (bus_safe_toggled_cb), self);
      {
        g_autofree char *what = g_strdup_printf ("bus-safe-%u", b);
        watch (check, 0, what);
      }
      gtk_flow_box_append (GTK_FLOW_BOX (flow), check);
    }
  gtk_box_append (GTK_BOX (box), flow);
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
      GtkEventController *focus;
      guint sections = MD_SCENE_ALL;

      md_session_scene_get_scope (self->session, names[i], &sections, NULL, NULL, NULL);

      g_object_set_data_full (G_OBJECT (button), "md-scene", g_strdup (names[i]), g_free);
      /* TRANSLATORS: tooltip of a scene in the scenes list */
      gtk_widget_set_tooltip_text (button, _("Recall this scene"));
      g_signal_connect (button, "clicked", G_CALLBACK (scene_recall_cb), self);
      watch (button, i + 1, "recall");
      gtk_box_append (GTK_BOX (top), button);

      gtk_editable_set_text (GTK_EDITABLE (entry), names[i]);
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_widget_set_tooltip_text (entry, _("Scene name; Enter or leaving the field renames the scene"));
      g_object_set_data_full (G_OBJECT (entry), "md-scene", g_strdup (names[i]), g_free);
      g_signal_connect (entry, "activate", G_CALLBACK (scene_rename_cb), self);
      focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "leave", G_CALLBACK (scene_rename_leave_cb), self);
      gtk_widget_add_controller (entry, focus);
      watch (entry, i + 1, "name");
      gtk_box_append (GTK_BOX (top), entry);

      {
        /* TRANSLATORS: label of a scene's fade time (seconds) */
        GtkWidget *fade_label = gtk_label_new (_("Fade s"));
        gtk_widget_add_css_class (fade_label, "dim-label");
        gtk_box_append (GTK_BOX (top), fade_label);
      }
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                                 md_session_scene_get_fade (self->session, names[i]) / 1000.0);
      gtk_widget_set_tooltip_text (spin, _("Fade time of the recall in seconds"));
      g_object_set_data_full (G_OBJECT (spin), "md-scene", g_strdup (names[i]), g_free);
      g_signal_connect (spin, "value-changed", G_CALLBACK (scene_fade_cb), self);
      watch (spin, i + 1, "fade");
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
      {
        /* the scope's sections; without a caption they read like the
         * recall-safe sections below the list */
        GtkWidget *caption = gtk_label_new (_("Sections this scene recalls"));
        gtk_label_set_xalign (GTK_LABEL (caption), 0);
        gtk_widget_add_css_class (caption, "dim-label");
        gtk_box_append (GTK_BOX (row), caption);
      }
      gtk_box_append (GTK_BOX (row),
                      scene_sections_box (sections, names[i], i + 1,
                                          G_CALLBACK (scene_scope_toggled_cb), self));
      gtk_box_append (GTK_BOX (row), scene_objects_expander (self, names[i], i + 1));
      gtk_list_box_append (self->scenes_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->scenes_list), names[0] != NULL);
  gtk_widget_set_visible (self->no_scenes_label, names[0] == NULL);

  while ((child = gtk_widget_get_first_child (self->scenes_safe_box)))
    gtk_box_remove (GTK_BOX (self->scenes_safe_box), child);
  gtk_box_append (GTK_BOX (self->scenes_safe_box),
                  scene_sections_box (md_session_scene_get_safe (self->session), NULL, 0,
                                      G_CALLBACK (scene_safe_toggled_cb), self));
  gtk_box_append (GTK_BOX (self->scenes_safe_box), bus_safes_box (self));
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
  g_clear_pointer (&self->expanded, g_hash_table_unref);

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
  gtk_widget_class_bind_template_child (widget_class, MdScenesPanel, save_button);
  gtk_widget_class_bind_template_child (widget_class, MdScenesPanel, scenes_list);
  gtk_widget_class_bind_template_child (widget_class, MdScenesPanel, no_scenes_label);
  gtk_widget_class_bind_template_child (widget_class, MdScenesPanel, scenes_safe_box);
  gtk_widget_class_bind_template_callback (widget_class, scene_save_cb);
}

static void
md_scenes_panel_init (MdScenesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  watch (GTK_WIDGET (self->scene_entry), 0, "new-name");
  watch (self->save_button, 0, "save");
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
