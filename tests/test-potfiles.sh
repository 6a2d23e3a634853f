#!/bin/sh
# test-potfiles.sh: every source file with translatable strings is listed in
# po/POTFILES.in, and every file listed there exists.  TAP output.
# SPDX-License-Identifier: GPL-3.0-or-later

srcdir=${MD_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || { echo "1..0 # SKIP no source tree"; exit 0; }

echo "1..2"

listed=$(sed -e 's/#.*//' -e 's/^\[[^]]*\][[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES.in | sort -u)

# files that call _(), N_(), C_() or NC_(), or .ui files with translatable text
used=$( { grep -rlE --include='*.c' '(^|[^A-Za-z0-9_])(N|C|NC)?_ ?\(' src 2>/dev/null
          grep -rl --include='*.ui' 'translatable="yes"' src 2>/dev/null; } | sort -u)

missing=$(for f in $used; do printf '%s\n' "$listed" | grep -qxF "$f" || echo "$f"; done)
if [ -z "$missing" ]; then
  echo "ok 1 - all files with translatable strings are in po/POTFILES.in"
else
  echo "not ok 1 - missing from po/POTFILES.in:"
  printf '%s\n' "$missing" | sed 's/^/#   /'
fi

absent=$(for f in $listed; do [ -f "$f" ] || echo "$f"; done)
if [ -z "$absent" ]; then
  echo "ok 2 - every file in po/POTFILES.in exists"
else
  echo "not ok 2 - listed in po/POTFILES.in but absent:"
  printf '%s\n' "$absent" | sed 's/^/#   /'
fi
