#!/bin/sh
# test-manpage.sh: man/mixdesk.1 formats without groff/man warnings.  TAP output.
# Skipped when man-db is not installed (quickstart does not install it).
# SPDX-License-Identifier: GPL-3.0-or-later

srcdir=${MD_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
page="$srcdir/man/mixdesk.1"

if ! command -v man >/dev/null 2>&1; then
  echo "1..0 # SKIP man (man-db) is not installed"
  exit 0
fi

echo "1..1"
if warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) \
   && [ -z "$warnings" ]; then
  echo "ok 1 - man/mixdesk.1 formats without warnings"
else
  echo "not ok 1 - man/mixdesk.1 has warnings"
  printf '%s\n' "$warnings" | sed 's/^/#   /'
fi
