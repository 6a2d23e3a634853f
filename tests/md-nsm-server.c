/* md-nsm-server.c: a small NSM server for the tests.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <glib-unix.h>
#include <lo/lo.h>

#include "md-nsm-server.h"

struct _MdtNsmServer
{
  lo_server server;
  lo_address client;
  char *url;
  guint watch;
  MdtNsmState state;
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

static void
log_path (MdtNsmServer *self,
          const char   *path)
{
  g_ptr_array_add (self->state.log, g_strdup (path));
}

static int
announce_handler (const char  *path,
                  const char  *types,
                  lo_arg     **argv,
                  int          argc,
                  lo_message   msg,
                  void        *data)
{
  MdtNsmServer *self = data;
  MdtNsmState *st = &self->state;
  lo_address from = lo_message_get_source (msg);

  log_path (self, path);
  st->announces++;
  g_free (st->app_name);
  g_free (st->capabilities);
  g_free (st->executable);
  st->app_name = g_strdup (arg_s (argv[0]));
  st->capabilities = g_strdup (arg_s (argv[1]));
  st->executable = g_strdup (arg_s (argv[2]));
  st->api_major = arg_i (argv[3]);
  st->api_minor = arg_i (argv[4]);
  st->pid = arg_i (argv[5]);
  if (self->client != NULL)
    lo_address_free (self->client);
  {
    char *url = lo_address_get_url (from);

    self->client = lo_address_new_from_url (url);
    free (url);
  }
  if (st->api_major != 1)
    {
      lo_send_from (self->client, self->server, LO_TT_IMMEDIATE, "/error", "sis",
                    "/nsm/server/announce", -2, "Incompatible API version");
      return 0;
    }
  lo_send_from (self->client, self->server, LO_TT_IMMEDIATE, "/reply", "ssss",
                "/nsm/server/announce", "Howdy, what took you so long?", "mdt-nsm",
                ":server-control:optional-gui:");
  return 0;
}

static int
reply_handler (const char  *path,
               const char  *types,
               lo_arg     **argv,
               int          argc,
               lo_message   msg,
               void        *data)
{
  MdtNsmServer *self = data;
  MdtNsmState *st = &self->state;

  log_path (self, path);
  g_free (st->reply_to);
  g_free (st->reply_message);
  st->reply_to = g_strdup (arg_s (argv[0]));
  if (strcmp (path, "/reply") == 0 && strcmp (types, "ss") == 0)
    {
      st->error_code = 0;
      st->reply_message = g_strdup (arg_s (argv[1]));
    }
  else if (strcmp (path, "/error") == 0 && strcmp (types, "sis") == 0)
    {
      st->error_code = arg_i (argv[1]);
      st->reply_message = g_strdup (arg_s (argv[2]));
    }
  else
    {
      st->error_code = 1000;    /* not conformant */
      st->reply_message = g_strdup (types);
    }
  st->replies++;
  return 0;
}

static int
state_handler (const char  *path,
               const char  *types,
               lo_arg     **argv,
               int          argc,
               lo_message   msg,
               void        *data)
{
  MdtNsmServer *self = data;
  MdtNsmState *st = &self->state;

  log_path (self, path);
  if (strcmp (path, "/nsm/client/is_dirty") == 0)
    st->dirty = 1, st->dirty_messages++;
  else if (strcmp (path, "/nsm/client/is_clean") == 0)
    st->dirty = 0, st->dirty_messages++;
  else if (strcmp (path, "/nsm/client/gui_is_shown") == 0)
    st->gui_shown = 1;
  else if (strcmp (path, "/nsm/client/gui_is_hidden") == 0)
    st->gui_shown = 0;
  return 0;
}

static int
other_handler (const char  *path,
               const char  *types,
               lo_arg     **argv,
               int          argc,
               lo_message   msg,
               void        *data)
{
  log_path (data, path);
  return 0;
}

static gboolean
fd_cb (int          fd,
       GIOCondition condition,
       gpointer     data)
{
  MdtNsmServer *self = data;

  while (lo_server_recv_noblock (self->server, 0) > 0)
    ;
  return G_SOURCE_CONTINUE;
}

MdtNsmServer *
mdt_nsm_server_new (void)
{
  MdtNsmServer *self = g_new0 (MdtNsmServer, 1);

  self->server = lo_server_new_with_proto (NULL, LO_UDP, NULL);
  g_assert_nonnull (self->server);
  self->url = lo_server_get_url (self->server);
  self->state.dirty = -1;
  self->state.gui_shown = -1;
  self->state.log = g_ptr_array_new_with_free_func (g_free);
  lo_server_add_method (self->server, "/nsm/server/announce", "sssiii", announce_handler, self);
  lo_server_add_method (self->server, "/reply", NULL, reply_handler, self);
  lo_server_add_method (self->server, "/error", NULL, reply_handler, self);
  lo_server_add_method (self->server, "/nsm/client/is_dirty", "", state_handler, self);
  lo_server_add_method (self->server, "/nsm/client/is_clean", "", state_handler, self);
  lo_server_add_method (self->server, "/nsm/client/gui_is_shown", "", state_handler, self);
  lo_server_add_method (self->server, "/nsm/client/gui_is_hidden", "", state_handler, self);
  lo_server_add_method (self->server, NULL, NULL, other_handler, self);
  self->watch = g_unix_fd_add (lo_server_get_socket_fd (self->server), G_IO_IN, fd_cb, self);
  return self;
}

void
mdt_nsm_server_free (MdtNsmServer *self)
{
  g_source_remove (self->watch);
  if (self->client != NULL)
    lo_address_free (self->client);
  lo_server_free (self->server);
  free (self->url);
  g_free (self->state.app_name);
  g_free (self->state.capabilities);
  g_free (self->state.executable);
  g_free (self->state.reply_to);
  g_free (self->state.reply_message);
  g_ptr_array_unref (self->state.log);
  g_free (self);
}

const char *
mdt_nsm_server_get_url (MdtNsmServer *self)
{
  return self->url;
}

MdtNsmState *
mdt_nsm_server_get_state (MdtNsmServer *self)
{
  return &self->state;
}

void
mdt_nsm_server_open (MdtNsmServer *self,
                     const char   *path,
                     const char   *display_name,
                     const char   *client_id)
{
  g_assert_nonnull (self->client);
  lo_send_from (self->client, self->server, LO_TT_IMMEDIATE, "/nsm/client/open", "sss",
                path, display_name, client_id);
}

void
mdt_nsm_server_save (MdtNsmServer *self)
{
  g_assert_nonnull (self->client);
  lo_send_from (self->client, self->server, LO_TT_IMMEDIATE, "/nsm/client/save", "");
}

void
mdt_nsm_server_show_gui (MdtNsmServer *self,
                         gboolean      show)
{
  g_assert_nonnull (self->client);
  lo_send_from (self->client, self->server, LO_TT_IMMEDIATE,
                show ? "/nsm/client/show_optional_gui" : "/nsm/client/hide_optional_gui", "");
}

void
mdt_nsm_server_loaded (MdtNsmServer *self)
{
  g_assert_nonnull (self->client);
  lo_send_from (self->client, self->server, LO_TT_IMMEDIATE, "/nsm/client/session_is_loaded", "");
}

gboolean
mdt_nsm_server_wait (MdtNsmServer *self,
                     const int    *counter,
                     int           at_least,
                     guint         timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  while (*counter < at_least && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
  return *counter >= at_least;
}
