/* md-lane-chooser.c: Add Lane — a searchable list of the automatable
 * parameters of the session's objects, in a popover.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is built from the parameter table each time the popover is
 * shown (strips and buses come and go): one row per automatable entry and
 * object, sends up to the bus count. Each row shows the lane's title and
 * its path; the search matches every word against either
 * (md_draw_lane_matches). What the chosen lane does is the lanes view's
 * business: the chooser only says which path was picked.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "md-draw.h"
#include "md-lane-chooser.h"
#include "md-ui-util.h"

struct _MdLaneChooser
{
  GtkPopover parent_instance;

  MdSession *session;
  GtkStringList *model;       /* automatable paths of the session's objects */
  GtkCustomFilter *filter;
  GHashTable *titles;         /* path -> row title */

  GtkEditable *search;
  GtkListView *list;
};

G_DEFINE_FINAL_TYPE (MdLaneChooser, md_lane_chooser, GTK_TYPE_POPOVER)

enum
{
  SIGNAL_LANE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
md_lane_chooser_format_title (MdSession *session, const MdParamAddr *a)
{
  g_autofree char *object = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (MD_IS_SESSION (session), NULL);
  g_return_val_if_fail (a != NULL && a->info != NULL, NULL);

  switch (a->info->scope)
    {
    case MD_SCOPE_MASTER:
      object = g_strdup (_("Master"));
      break;
    case MD_SCOPE_STRIP:
    case MD_SCOPE_BUS:
      {
        g_autofree char *name_path = g_strdup_printf ("/%s/%u/name", md_scope_name (a->info->scope), a->index);
        const char *name = md_session_get_string (session, name_path, NULL);
        if (name && name[0])
          object = g_strdup (name);
        else if (a->info->scope == MD_SCOPE_STRIP)
          /* TRANSLATORS: an unnamed strip, %u its number */
          object = g_strdup_printf (_("Strip %u"), a->index);
        else
          /* TRANSLATORS: an unnamed bus, %u its number */
          object = g_strdup_printf (_("Bus %u"), a->index);
      }
      break;
    case MD_SCOPE_DCA:
      object = g_strdup_printf (_("DCA %u"), a->index);
      break;
    case MD_SCOPE_MGRP:
      /* TRANSLATORS: mute group %u (automation lane titles) */
      object = g_strdup_printf (_("Mute group %u"), a->index);
      break;
    default:
      object = g_strdup_printf ("%s %u", md_scope_name (a->info->scope), a->index);
      break;
    }
  label = md_ui_lane_param_label (a->info);
  if (a->sub > 0)
    /* TRANSLATORS: automation lane title: object, parameter, sub index */
    return g_strdup_printf (_("%s · %s %u"), object, label, a->sub);
  /* TRANSLATORS: automation lane title: object, parameter */
  return g_strdup_printf (_("%s · %s"), object, label);
}

static void
model_fill (MdLaneChooser *self)
{
  static const MdScope scopes[] = { MD_SCOPE_STRIP, MD_SCOPE_BUS, MD_SCOPE_DCA, MD_SCOPE_MGRP, MD_SCOPE_MASTER };
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint n_buses = md_session_get_n_buses (self->session);

  g_hash_table_remove_all (self->titles);
  for (guint k = 0; k < G_N_ELEMENTS (scopes); k++)
    {
      guint n_obj = scopes[k] == MD_SCOPE_MASTER ? 1 : md_session_get_n_objects (self->session, scopes[k]);
      for (guint idx = 1; idx <= n_obj; idx++)
        for (size_t i = 0; i < md_params_count (); i++)
          {
            const MdParamInfo *info = md_params_get (i);
            guint n_sub;
            if (info->scope != scopes[k] || !info->automatable)
              continue;
            n_sub = info->n_sub;
            if (g_str_has_prefix (info->name, "send/"))
              n_sub = MIN (n_sub, n_buses);
            for (guint sub = info->n_sub ? 1 : 0; sub <= n_sub; sub++)
              {
                MdParamAddr a = { info, scopes[k] == MD_SCOPE_MASTER ? 0 : idx, sub, 0, false };
                char buf[128];
                if (md_param_format (&a, buf, sizeof buf) < 0)
                  continue;
                g_hash_table_insert (self->titles, g_strdup (buf),
                                     md_lane_chooser_format_title (self->session, &a));
                g_ptr_array_add (paths, g_strdup (buf));
              }
          }
    }
  g_ptr_array_add (paths, NULL);
  gtk_string_list_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                          (const char *const *) paths->pdata);
}

static gboolean
filter_func (gpointer item, gpointer data)
{
  MdLaneChooser *self = data;
  const char *path = gtk_string_object_get_string (item);

  return md_draw_lane_matches (g_hash_table_lookup (self->titles, path), path,
                               gtk_editable_get_text (self->search));
}

static void
search_changed_cb (GtkSearchEntry *entry, MdLaneChooser *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
show_cb (GtkPopover *popover, MdLaneChooser *self)
{
  if (self->session == NULL)
    return;
  model_fill (self);
  gtk_editable_set_text (self->search, "");
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

static void
activate_cb (GtkListView *list, guint position, MdLaneChooser *self)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_autoptr (GtkStringObject) item = g_list_model_get_item (model, position);
  g_autofree char *path = NULL;

  if (item == NULL)
    return;
  path = g_strdup (gtk_string_object_get_string (item));
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[SIGNAL_LANE_CHOSEN], 0, path);
}

static void
search_activate_cb (GtkSearchEntry *entry, MdLaneChooser *self)
{
  activate_cb (self->list, 0, self);
}

static void
item_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, MdLaneChooser *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *path = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (path), 1);
  gtk_widget_add_css_class (path, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), path);
  gtk_list_item_set_child (item, box);
}

static void
item_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, MdLaneChooser *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  const char *path = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)),
                       g_hash_table_lookup (self->titles, path));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)), path);
}

GtkWidget *
md_lane_chooser_new (MdSession *session)
{
  MdLaneChooser *self;

  g_return_val_if_fail (MD_IS_SESSION (session), NULL);

  self = g_object_new (MD_TYPE_LANE_CHOOSER, NULL);
  self->session = g_object_ref (session);
  return GTK_WIDGET (self);
}

static void
md_lane_chooser_dispose (GObject *object)
{
  MdLaneChooser *self = MD_LANE_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_LANE_CHOOSER);
  g_clear_object (&self->model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (md_lane_chooser_parent_class)->dispose (object);
}

static void
md_lane_chooser_class_init (MdLaneChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_lane_chooser_dispose;

  signals[SIGNAL_LANE_CHOSEN] =
    g_signal_new ("lane-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/mixdesk/Mixdesk/md-lane-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, MdLaneChooser, search);
  gtk_widget_class_bind_template_child (widget_class, MdLaneChooser, list);
  gtk_widget_class_bind_template_callback (widget_class, show_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, item_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, item_bind_cb);
}

static void
md_lane_chooser_init (MdLaneChooser *self)
{
  GtkFilterListModel *filtered;
  g_autoptr (GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->model = gtk_string_list_new (NULL);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->model)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  /* the view takes its own reference (set_model is transfer none) */
  selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
}
