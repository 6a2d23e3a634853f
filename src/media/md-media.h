/* md-media.h: error domain shared by the media layer.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MD_MEDIA_ERROR (md_media_error_quark ())

typedef enum
{
  MD_MEDIA_ERROR_OPEN,       /* missing, unreadable or not a sound file */
  MD_MEDIA_ERROR_READ,
  MD_MEDIA_ERROR_WRITE,      /* cannot create or write the output */
  MD_MEDIA_ERROR_FORMAT,     /* unsupported format or channel count */
  MD_MEDIA_ERROR_RATE,       /* sample rates of the sources differ */
  MD_MEDIA_ERROR_SESSION,    /* the session cannot be rendered as it is */
  MD_MEDIA_ERROR_ENGINE      /* the engine could not be created */
} MdMediaError;

GQuark md_media_error_quark (void);

G_END_DECLS
