/* md-nsm.h: Non/New Session Manager client (NSM API 1.1, liblo).
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only; the OSC socket is watched in the GLib main loop.
 *
 * When NSM_URL is set the application creates an MdNsm BEFORE it registers
 * a JACK client, and announces (capabilities ":switch:dirty:optional-gui:").
 * The server answers, then sends /nsm/client/open: the open callback
 * closes the current session, opens or creates the one under the given
 * path (md_nsm_session_file()), uses the client id as the JACK client name
 * and leaves JACK connections to the session manager; its result is
 * answered with /reply or /error. /nsm/client/save saves in place. With
 * :switch: open may come again for another project. SIGTERM calls the
 * quit callback (quit at once, no dialogs). The application reports
 * md_nsm_set_dirty() (e.g. from MdAutosave:dirty) and
 * md_nsm_set_gui_shown(); the GUI starts hidden under NSM.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MD_NSM_CAPABILITIES ":switch:dirty:optional-gui:"
#define MD_NSM_API_MAJOR 1
#define MD_NSM_API_MINOR 1

/* NSM error codes (API 1.1 "Error Code Definitions") */
typedef enum
{
  MD_NSM_ERR_GENERAL          = -1,
  MD_NSM_ERR_INCOMPATIBLE_API = -2,
  MD_NSM_ERR_BLACKLISTED      = -3,
  MD_NSM_ERR_LAUNCH_FAILED    = -4,
  MD_NSM_ERR_NO_SUCH_FILE     = -5,
  MD_NSM_ERR_NO_SESSION_OPEN  = -6,
  MD_NSM_ERR_UNSAVED_CHANGES  = -7,
  MD_NSM_ERR_NOT_NOW          = -8,
  MD_NSM_ERR_BAD_PROJECT      = -9,
  MD_NSM_ERR_CREATE_FAILED    = -10
} MdNsmErrorCode;

#define MD_NSM_ERROR (md_nsm_error_quark ())

typedef enum
{
  MD_NSM_ERROR_NO_URL,        /* NSM_URL is not set: run without NSM */
  MD_NSM_ERROR_BAD_URL,
  MD_NSM_ERROR_SOCKET,
  MD_NSM_ERROR_SERVER         /* the server refused the announce */
} MdNsmError;

#define MD_TYPE_NSM (md_nsm_get_type ())
G_DECLARE_FINAL_TYPE (MdNsm, md_nsm, MD, NSM, GObject)

/* Callbacks may be NULL. open and save return FALSE with ERROR to answer
 * /error; a code from MdNsmErrorCode may be put in error->code when the
 * domain is MD_NSM_ERROR_CODE_DOMAIN, else ERR_GENERAL (save) or
 * ERR_BAD_PROJECT (open) is sent. */
typedef struct
{
  gboolean (*open)           (MdNsm       *nsm,
                              const char  *path,
                              const char  *display_name,
                              const char  *client_id,
                              gpointer     user_data,
                              GError     **error);
  gboolean (*save)           (MdNsm       *nsm,
                              gpointer     user_data,
                              GError     **error);
  void     (*show_gui)       (MdNsm       *nsm,
                              gpointer     user_data);
  void     (*hide_gui)       (MdNsm       *nsm,
                              gpointer     user_data);
  void     (*session_loaded) (MdNsm       *nsm,
                              gpointer     user_data);
  void     (*quit)           (MdNsm       *nsm,
                              gpointer     user_data);
} MdNsmCallbacks;

/* An error domain whose codes are MdNsmErrorCode values. */
#define MD_NSM_ERROR_CODE_DOMAIN (md_nsm_error_code_quark ())

GQuark       md_nsm_error_quark        (void);
GQuark       md_nsm_error_code_quark   (void);

/* APP_NAME is the normal JACK client name ("mixdesk"), EXECUTABLE argv[0]. */
MdNsm       *md_nsm_new                (const char            *app_name,
                                        const char            *executable,
                                        const MdNsmCallbacks  *callbacks,
                                        gpointer               user_data);
/* Create the socket (same protocol as the URL), watch it and SIGTERM, and
 * send /nsm/server/announce. URL NULL means $NSM_URL; FALSE with
 * MD_NSM_ERROR_NO_URL when there is none. */
gboolean     md_nsm_announce           (MdNsm       *self,
                                        const char  *url,
                                        GError     **error);
/* The server accepted the announce (property "active"). */
gboolean     md_nsm_is_active          (MdNsm       *self);
const char  *md_nsm_get_server_name    (MdNsm       *self);
const char  *md_nsm_get_server_capabilities (MdNsm *self);
/* From the last successful open, else NULL. */
const char  *md_nsm_get_path           (MdNsm       *self);
const char  *md_nsm_get_client_id      (MdNsm       *self);
const char  *md_nsm_get_display_name   (MdNsm       *self);

void         md_nsm_set_dirty          (MdNsm       *self,
                                        gboolean     dirty);
void         md_nsm_set_gui_shown      (MdNsm       *self,
                                        gboolean     shown);
/* Our session file for an NSM project PATH: "PATH/session.mixdesk" (the
 * project is a directory; sources may be linked into it). */
char        *md_nsm_session_file       (const char  *path);

G_END_DECLS
