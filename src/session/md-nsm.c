/* md-nsm.c: NSM client.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Protocol: new-session-manager docs/src/api/index.adoc (API 1.1.1).
 * Every message to the server is sent from the socket the announce went
 * out on (lo_send_from), as the API requires.
 */
#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <lo/lo.h>

#include "md-nsm.h"

struct _MdNsm
{
  GObject parent_instance;

  char *app_name;
  char *executable;
  MdNsmCallbacks callbacks;
  gpointer user_data;

  lo_server server;
  lo_address nsm;
  guint fd_watch;
  guint sigterm_watch;

  gboolean active;
  char *server_name;
  char *server_caps;
  char *path;
  char *client_id;
  char *display_name;
  int dirty;                  /* -1 not sent yet */
  gboolean gui_shown;
};

/* liblo's lo_arg union asks for 8-byte alignment that OSC data (4-byte
 * aligned) does not have: read through memcpy and a cast, not members. */
static const char *
arg_s (lo_arg *arg)
{
  return (const char *)arg;
}

static int32_t
arg_i (lo_arg *arg)
{
  int32_t v;

  memcpy (&v, arg, sizeof v);
  return v;
}

G_DEFINE_FINAL_TYPE (MdNsm, md_nsm, G_TYPE_OBJECT)
G_DEFINE_QUARK (md-nsm-error-quark, md_nsm_error)
G_DEFINE_QUARK (md-nsm-error-code-quark, md_nsm_error_code)

enum
{
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
send_to_server (MdNsm      *self,
                const char *path,
                lo_message  msg)
{
  if (self->nsm != NULL && self->server != NULL)
    lo_send_message_from (self->nsm, self->server, path, msg);
  lo_message_free (msg);
}

static void
reply_ok (MdNsm      *self,
          const char *to,
          const char *message)
{
  lo_message msg = lo_message_new ();

  lo_message_add_string (msg, to);
  lo_message_add_string (msg, message);
  send_to_server (self, "/reply", msg);
}

static void
reply_error (MdNsm      *self,
             const char *to,
             int         code,
             const char *message)
{
  lo_message msg = lo_message_new ();

  lo_message_add_string (msg, to);
  lo_message_add_int32 (msg, code);
  lo_message_add_string (msg, message);
  send_to_server (self, "/error", msg);
}

static void
send_gui_state (MdNsm *self)
{
  send_to_server (self, self->gui_shown ? "/nsm/client/gui_is_shown" : "/nsm/client/gui_is_hidden",
                  lo_message_new ());
}

static void
send_dirty (MdNsm *self)
{
  if (self->dirty >= 0)
    send_to_server (self, self->dirty ? "/nsm/client/is_dirty" : "/nsm/client/is_clean",
                    lo_message_new ());
}

static int
error_code (GError *error,
            int     fallback)
{
  if (error != NULL && error->domain == MD_NSM_ERROR_CODE_DOMAIN && error->code < 0)
    return error->code;
  return fallback;
}

/* Handlers (called from lo_server_recv_noblock in fd_cb) ------------------ */

static int
reply_handler (const char  *path,
               const char  *types,
               lo_arg     **argv,
               int          argc,
               lo_message   msg,
               void        *data)
{
  MdNsm *self = data;

  if (argc < 1 || types[0] != 's' || strcmp (arg_s (argv[0]), "/nsm/server/announce") != 0)
    return 0;
  if (argc >= 4 && strcmp (types, "ssss") == 0)
    {
      g_free (self->server_name);
      g_free (self->server_caps);
      self->server_name = g_strdup (arg_s (argv[2]));
      self->server_caps = g_strdup (arg_s (argv[3]));
    }
  g_debug ("NSM: announced to %s (%s)", self->server_name, argc >= 2 && types[1] == 's' ? arg_s (argv[1]) : "");
  if (!self->active)
    {
      self->active = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  /* :optional-gui: state right after the announce */
  send_gui_state (self);
  return 0;
}

static int
error_handler (const char  *path,
               const char  *types,
               lo_arg     **argv,
               int          argc,
               lo_message   msg,
               void        *data)
{
  if (argc >= 3 && strcmp (types, "sis") == 0 && strcmp (arg_s (argv[0]), "/nsm/server/announce") == 0)
    g_warning (_("The session manager refused mixdesk (%d): %s"), arg_i (argv[1]), arg_s (argv[2]));
  return 0;
}

static int
open_handler (const char  *path,
              const char  *types,
              lo_arg     **argv,
              int          argc,
              lo_message   msg,
              void        *data)
{
  MdNsm *self = data;
  g_autoptr(GError) error = NULL;

  if (self->callbacks.open != NULL &&
      !self->callbacks.open (self, arg_s (argv[0]), arg_s (argv[1]), arg_s (argv[2]), self->user_data, &error))
    {
      reply_error (self, "/nsm/client/open", error_code (error, MD_NSM_ERR_BAD_PROJECT),
                   error ? error->message : _("Cannot open the project"));
      return 0;
    }
  g_free (self->path);
  g_free (self->display_name);
  g_free (self->client_id);
  self->path = g_strdup (arg_s (argv[0]));
  self->display_name = g_strdup (arg_s (argv[1]));
  self->client_id = g_strdup (arg_s (argv[2]));
  reply_ok (self, "/nsm/client/open", _("Opened"));
  self->dirty = FALSE;
  send_dirty (self);
  return 0;
}

static int
save_handler (const char  *path,
              const char  *types,
              lo_arg     **argv,
              int          argc,
              lo_message   msg,
              void        *data)
{
  MdNsm *self = data;
  g_autoptr(GError) error = NULL;

  if (self->path == NULL)
    {
      reply_error (self, "/nsm/client/save", MD_NSM_ERR_NO_SESSION_OPEN, _("No project is open"));
      return 0;
    }
  if (self->callbacks.save != NULL && !self->callbacks.save (self, self->user_data, &error))
    {
      reply_error (self, "/nsm/client/save", error_code (error, MD_NSM_ERR_GENERAL),
                   error ? error->message : _("Cannot save"));
      return 0;
    }
  reply_ok (self, "/nsm/client/save", _("Saved"));
  self->dirty = FALSE;
  send_dirty (self);
  return 0;
}

static int
gui_handler (const char  *path,
             const char  *types,
             lo_arg     **argv,
             int          argc,
             lo_message   msg,
             void        *data)
{
  MdNsm *self = data;
  gboolean show = strcmp (path, "/nsm/client/show_optional_gui") == 0;

  if (show && self->callbacks.show_gui != NULL)
    self->callbacks.show_gui (self, self->user_data);
  else if (!show && self->callbacks.hide_gui != NULL)
    self->callbacks.hide_gui (self, self->user_data);
  /* the application confirms with md_nsm_set_gui_shown(); without a GUI
   * (headless) confirm the state right away */
  if (self->callbacks.show_gui == NULL && self->callbacks.hide_gui == NULL)
    md_nsm_set_gui_shown (self, show);
  return 0;
}

static int
loaded_handler (const char  *path,
                const char  *types,
                lo_arg     **argv,
                int          argc,
                lo_message   msg,
                void        *data)
{
  MdNsm *self = data;

  if (self->callbacks.session_loaded != NULL)
    self->callbacks.session_loaded (self, self->user_data);
  return 0;
}

static void
lo_error_cb (int         num,
             const char *msg,
             const char *where)
{
  g_warning ("NSM (liblo) error %d: %s%s%s", num, msg, where ? " at " : "", where ? where : "");
}

static gboolean
fd_cb (int          fd,
       GIOCondition condition,
       gpointer     data)
{
  MdNsm *self = data;

  while (self->server != NULL && lo_server_recv_noblock (self->server, 0) > 0)
    ;
  return G_SOURCE_CONTINUE;
}

static gboolean
sigterm_cb (gpointer data)
{
  MdNsm *self = data;

  if (self->callbacks.quit != NULL)
    self->callbacks.quit (self, self->user_data);
  else
    _exit (0);
  return G_SOURCE_CONTINUE;
}

/* API ------------------------------------------------------------------------ */

gboolean
md_nsm_announce (MdNsm       *self,
                 const char  *url,
                 GError     **error)
{
  lo_message msg;
  int proto;

  g_return_val_if_fail (MD_IS_NSM (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  if (url == NULL)
    url = g_getenv ("NSM_URL");
  if (url == NULL || url[0] == '\0')
    {
      g_set_error (error, MD_NSM_ERROR, MD_NSM_ERROR_NO_URL, _("NSM_URL is not set"));
      return FALSE;
    }
  if (!g_str_has_prefix (url, "osc."))
    {
      g_set_error (error, MD_NSM_ERROR, MD_NSM_ERROR_BAD_URL, _("NSM_URL “%s” is not an OSC URL"), url);
      return FALSE;
    }
  self->nsm = lo_address_new_from_url (url);
  proto = lo_url_get_protocol_id (url);
  if (self->nsm == NULL || proto < 0)
    {
      g_clear_pointer (&self->nsm, lo_address_free);
      g_set_error (error, MD_NSM_ERROR, MD_NSM_ERROR_BAD_URL, _("NSM_URL “%s” is not an OSC URL"), url);
      return FALSE;
    }
  self->server = lo_server_new_with_proto (NULL, proto, lo_error_cb);
  if (self->server == NULL)
    {
      g_clear_pointer (&self->nsm, lo_address_free);
      g_set_error (error, MD_NSM_ERROR, MD_NSM_ERROR_SOCKET, _("Cannot create the NSM socket"));
      return FALSE;
    }
  lo_server_add_method (self->server, "/reply", NULL, reply_handler, self);
  lo_server_add_method (self->server, "/error", NULL, error_handler, self);
  lo_server_add_method (self->server, "/nsm/client/open", "sss", open_handler, self);
  lo_server_add_method (self->server, "/nsm/client/save", "", save_handler, self);
  lo_server_add_method (self->server, "/nsm/client/show_optional_gui", "", gui_handler, self);
  lo_server_add_method (self->server, "/nsm/client/hide_optional_gui", "", gui_handler, self);
  lo_server_add_method (self->server, "/nsm/client/session_is_loaded", "", loaded_handler, self);
  self->fd_watch = g_unix_fd_add (lo_server_get_socket_fd (self->server), G_IO_IN, fd_cb, self);
  self->sigterm_watch = g_unix_signal_add (SIGTERM, sigterm_cb, self);

  msg = lo_message_new ();
  lo_message_add_string (msg, self->app_name);
  lo_message_add_string (msg, MD_NSM_CAPABILITIES);
  lo_message_add_string (msg, self->executable);
  lo_message_add_int32 (msg, MD_NSM_API_MAJOR);
  lo_message_add_int32 (msg, MD_NSM_API_MINOR);
  lo_message_add_int32 (msg, (int)getpid ());
  send_to_server (self, "/nsm/server/announce", msg);
  return TRUE;
}

gboolean
md_nsm_is_active (MdNsm *self)
{
  g_return_val_if_fail (MD_IS_NSM (self), FALSE);
  return self->active;
}

const char *
md_nsm_get_server_name (MdNsm *self)
{
  g_return_val_if_fail (MD_IS_NSM (self), NULL);
  return self->server_name;
}

const char *
md_nsm_get_server_capabilities (MdNsm *self)
{
  g_return_val_if_fail (MD_IS_NSM (self), NULL);
  return self->server_caps;
}

const char *
md_nsm_get_path (MdNsm *self)
{
  g_return_val_if_fail (MD_IS_NSM (self), NULL);
  return self->path;
}

const char *
md_nsm_get_client_id (MdNsm *self)
{
  g_return_val_if_fail (MD_IS_NSM (self), NULL);
  return self->client_id;
}

const char *
md_nsm_get_display_name (MdNsm *self)
{
  g_return_val_if_fail (MD_IS_NSM (self), NULL);
  return self->display_name;
}

void
md_nsm_set_dirty (MdNsm    *self,
                  gboolean  dirty)
{
  g_return_if_fail (MD_IS_NSM (self));
  if (self->dirty == !!dirty)
    return;
  self->dirty = !!dirty;
  if (self->active)
    send_dirty (self);
}

void
md_nsm_set_gui_shown (MdNsm    *self,
                      gboolean  shown)
{
  g_return_if_fail (MD_IS_NSM (self));
  if (self->gui_shown == !!shown)
    return;
  self->gui_shown = !!shown;
  if (self->active)
    send_gui_state (self);
}

char *
md_nsm_session_file (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return g_build_filename (path, "session.mixdesk", NULL);
}

static void
md_nsm_dispose (GObject *object)
{
  MdNsm *self = (MdNsm *)object;

  g_clear_handle_id (&self->fd_watch, g_source_remove);
  g_clear_handle_id (&self->sigterm_watch, g_source_remove);
  g_clear_pointer (&self->server, lo_server_free);
  g_clear_pointer (&self->nsm, lo_address_free);
  G_OBJECT_CLASS (md_nsm_parent_class)->dispose (object);
}

static void
md_nsm_finalize (GObject *object)
{
  MdNsm *self = (MdNsm *)object;

  g_free (self->app_name);
  g_free (self->executable);
  g_free (self->server_name);
  g_free (self->server_caps);
  g_free (self->path);
  g_free (self->client_id);
  g_free (self->display_name);
  G_OBJECT_CLASS (md_nsm_parent_class)->finalize (object);
}

static void
md_nsm_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  MdNsm *self = MD_NSM (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_nsm_class_init (MdNsmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_nsm_dispose;
  object_class->finalize = md_nsm_finalize;
  object_class->get_property = md_nsm_get_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_nsm_init (MdNsm *self)
{
  self->dirty = -1;
}

MdNsm *
md_nsm_new (const char           *app_name,
            const char           *executable,
            const MdNsmCallbacks *callbacks,
            gpointer              user_data)
{
  MdNsm *self;

  g_return_val_if_fail (app_name != NULL, NULL);

  self = g_object_new (MD_TYPE_NSM, NULL);
  self->app_name = g_strdup (app_name);
  self->executable = g_strdup (executable != NULL ? executable : app_name);
  if (callbacks != NULL)
    self->callbacks = *callbacks;
  self->user_data = user_data;
  return self;
}
