#!/bin/sh
# test-ui-data.sh: the desktop integration files are valid — desktop file,
# AppStream metainfo, GSettings schema, icons, the GResource manifest.
# Each check skips when its validator is not installed. TAP output.
# SPDX-License-Identifier: GPL-3.0-or-later

srcdir=${MD_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
data="$srcdir/data"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/md-test-ui-data.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "1..5"

if command -v desktop-file-validate >/dev/null 2>&1; then
  if desktop-file-validate "$data/org.mixdesk.Mixdesk.desktop" >"$tmp/out" 2>&1 && [ ! -s "$tmp/out" ]; then
    echo "ok 1 - desktop-file-validate"
  else
    echo "not ok 1 - desktop-file-validate"
    sed 's/^/# /' "$tmp/out"
  fi
else
  echo "ok 1 # SKIP desktop-file-validate is not installed (desktop-file-utils)"
fi

if command -v appstreamcli >/dev/null 2>&1; then
  if appstreamcli validate --no-net --pedantic "$data/org.mixdesk.Mixdesk.metainfo.xml" >"$tmp/out" 2>&1; then
    echo "ok 2 - appstreamcli validate --no-net"
  else
    echo "not ok 2 - appstreamcli validate --no-net"
  fi
  sed 's/^/# /' "$tmp/out"
else
  echo "ok 2 # SKIP appstreamcli is not installed (appstream)"
fi

if command -v glib-compile-schemas >/dev/null 2>&1; then
  mkdir "$tmp/schemas"
  cp "$data/org.mixdesk.Mixdesk.gschema.xml" "$tmp/schemas/"
  if glib-compile-schemas --strict --dry-run "$tmp/schemas" >"$tmp/out" 2>&1; then
    echo "ok 3 - glib-compile-schemas --strict --dry-run"
  else
    echo "not ok 3 - glib-compile-schemas --strict --dry-run"
    sed 's/^/# /' "$tmp/out"
  fi
else
  echo "ok 3 # SKIP glib-compile-schemas is not installed"
fi

# icons: SVG documents of the right names (well-formed when xmllint is here)
ok=1
for icon in scalable/apps/org.mixdesk.Mixdesk.svg symbolic/apps/org.mixdesk.Mixdesk-symbolic.svg; do
  f="$data/icons/hicolor/$icon"
  grep -q '<svg' "$f" 2>/dev/null || ok=0
  if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$f" 2>/dev/null || ok=0
  fi
done
if [ $ok -eq 1 ]; then
  echo "ok 4 - scalable and symbolic icons"
else
  echo "not ok 4 - scalable and symbolic icons"
fi

# the GResource manifest names only files that exist
if command -v glib-compile-resources >/dev/null 2>&1; then
  if glib-compile-resources --sourcedir="$srcdir/src/ui" --sourcedir="$data" \
       --generate-dependencies "$srcdir/src/ui/mixdesk.gresource.xml" >"$tmp/deps" 2>"$tmp/out" \
     && [ -s "$tmp/deps" ]; then
    echo "ok 5 - GResource manifest ($(wc -l <"$tmp/deps") files)"
  else
    echo "not ok 5 - GResource manifest"
    sed 's/^/# /' "$tmp/out"
  fi
else
  echo "ok 5 # SKIP glib-compile-resources is not installed"
fi
