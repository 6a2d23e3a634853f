/* md-application.h: the GtkApplication of mixdesk.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "app/md-live.h"

G_BEGIN_DECLS

#define MD_APPLICATION_ID "org.mixdesk.Mixdesk"
/* The application name under which opened and saved sessions are
 * recorded in the recent files (the window's Open Recent lists these). */
#define MD_RECENT_APP_NAME "mixdesk"
#define MD_RECENT_MAX 10

#define MD_TYPE_APPLICATION (md_application_get_type ())
G_DECLARE_FINAL_TYPE (MdApplication, md_application, MD, APPLICATION, GtkApplication)

/* OPTIONS are copied (the strings they point to must outlive the
 * application). The console starts on activation. */
MdApplication *md_application_new    (const MdLiveOptions *options);
/* After g_application_run returned STATUS: wait for saves in flight,
 * write --save, stop the console. Returns the exit status. */
int            md_application_finish (MdApplication       *self,
                                      int                  status);
/* The running console (NULL before activation or when it failed). */
MdLive        *md_application_get_live (MdApplication     *self);

G_END_DECLS
