/* md-ui-util.c: text helpers of the window that need no display.
 *
 * Copyright 2026 the mixdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <math.h>
#include <string.h>
#include <sys/socket.h>

#include "md-ui-util.h"

static gboolean
is_wildcard (const char *bind)
{
  return bind == NULL || bind[0] == '\0' || strcmp (bind, "0.0.0.0") == 0 ||
         strcmp (bind, "::") == 0 || strcmp (bind, "[::]") == 0;
}

static gboolean
is_loopback (const char *addr)
{
  return g_str_has_prefix (addr, "127.") || strcmp (addr, "::1") == 0 ||
         g_ascii_strcasecmp (addr, "localhost") == 0;
}

char *
md_ui_osc_url (const char *bind,
               guint       port,
               const char *lan_address,
               gboolean   *local_only)
{
  const char *host;
  gboolean local;

  if (is_wildcard (bind))
    {
      if (lan_address != NULL && lan_address[0] != '\0')
        {
          host = lan_address;
          local = FALSE;
        }
      else
        {
          host = (bind != NULL && strchr (bind, ':') != NULL) ? "::1" : "127.0.0.1";
          local = TRUE;
        }
    }
  else
    {
      host = bind;
      local = is_loopback (bind);
    }
  if (local_only)
    *local_only = local;
  if (strchr (host, ':') != NULL && host[0] != '[')
    return g_strdup_printf ("osc.udp://[%s]:%u/", host, port);
  return g_strdup_printf ("osc.udp://%s:%u/", host, port);
}

char *
md_ui_find_lan_address (void)
{
  struct ifaddrs *list = NULL;
  char *found = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *i = list; i != NULL && found == NULL; i = i->ifa_next)
    {
      char buf[INET_ADDRSTRLEN];

      if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
        continue;
      if (!(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK))
        continue;
      if (inet_ntop (AF_INET, &((struct sockaddr_in *) i->ifa_addr)->sin_addr, buf, sizeof buf))
        found = g_strdup (buf);
    }
  freeifaddrs (list);
  return found;
}

static int
hex_digit (char c)
{
  return g_ascii_xdigit_value (c);
}

gboolean
md_ui_colour_parse (const char *text,
                    double     *red,
                    double     *green,
                    double     *blue)
{
  int v[6];
  gsize n;

  if (text == NULL || text[0] != '#')
    return FALSE;
  n = strlen (text + 1);
  if (n != 3 && n != 6)
    return FALSE;
  for (gsize k = 0; k < n; k++)
    if ((v[k] = hex_digit (text[1 + k])) < 0)
      return FALSE;
  if (n == 3)
    {
      *red = (v[0] * 17) / 255.0;
      *green = (v[1] * 17) / 255.0;
      *blue = (v[2] * 17) / 255.0;
    }
  else
    {
      *red = (v[0] * 16 + v[1]) / 255.0;
      *green = (v[2] * 16 + v[3]) / 255.0;
      *blue = (v[4] * 16 + v[5]) / 255.0;
    }
  return TRUE;
}

gboolean
md_ui_gl_renderer_is_software (const char *gl_renderer)
{
  static const char *const software[] = {
    "llvmpipe", "softpipe", "swrast", "software rasterizer", "lavapipe",
    "basic render driver",
  };
  g_autofree char *lower = NULL;

  if (gl_renderer == NULL)
    return FALSE;
  lower = g_ascii_strdown (gl_renderer, -1);
  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (lower, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

char *
md_ui_lane_param_label (const MdParamInfo *info)
{
  const char *word = NULL;
  const char *rest, *segment;
  char *text;
  size_t n;

  g_return_val_if_fail (info != NULL && info->label != NULL, NULL);

  switch (info->scope)
    {
    case MD_SCOPE_MASTER:
      word = "Master";
      break;
    case MD_SCOPE_DCA:
      word = "DCA";
      break;
    case MD_SCOPE_MGRP:
      word = "Mute group";
      break;
    default:
      break;
    }
  n = word ? strlen (word) : 0;
  if (word == NULL || g_ascii_strncasecmp (info->label, word, n) != 0
      || (info->label[n] != '\0' && info->label[n] != ' '))
    return g_strdup (info->label);
  rest = info->label + n;
  while (*rest == ' ')
    rest++;
  if (*rest == '\0')
    {
      segment = strrchr (info->name, '/');
      rest = segment ? segment + 1 : info->name;
    }
  text = g_strdup (rest);
  text[0] = g_ascii_toupper (text[0]);
  return text;
}

MdUiTargetState
md_ui_target_state (gboolean has_target, double integrated_lufs, gboolean pass)
{
  if (!has_target)
    return MD_UI_TARGET_NONE;
  if (!isfinite (integrated_lufs))
    return MD_UI_TARGET_MEASURING;
  return pass ? MD_UI_TARGET_PASS : MD_UI_TARGET_FAIL;
}
