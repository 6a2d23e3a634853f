#!/bin/sh
# test-demo-gen.sh: data/demo/md-demo-gen writes its five stems, and the same
# bytes on every run.  TAP output.
# SPDX-License-Identifier: GPL-3.0-or-later

builddir=${MD_TOP_BUILDDIR:-$(cd "$(dirname "$0")/.." && pwd)}
gen="$builddir/data/demo/md-demo-gen"

if [ ! -x "$gen" ]; then
  echo "1..0 # SKIP $gen is not built"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/md-demo-gen.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "1..3"

if "$gen" --quiet --seconds 2 "$tmp/a" && "$gen" --quiet --seconds 2 "$tmp/b"; then
  echo "ok 1 - md-demo-gen runs"
else
  echo "not ok 1 - md-demo-gen failed"
fi

n_ok=0
for stem in kick bass hihat pad lead; do
  [ -s "$tmp/a/$stem.wav" ] && n_ok=$((n_ok + 1))
done
if [ "$n_ok" -eq 5 ]; then
  echo "ok 2 - five stems written"
else
  echo "not ok 2 - only $n_ok of 5 stems written"
fi

same=yes
for stem in kick bass hihat pad lead; do
  cmp -s "$tmp/a/$stem.wav" "$tmp/b/$stem.wav" || same=no
done
if [ "$same" = yes ]; then
  echo "ok 3 - output is deterministic"
else
  echo "not ok 3 - two runs gave different files"
fi
