# ui-lib.sh: the common start of the Xvfb UI tests (test-ui.sh,
# test-ui-lanes.sh, test-ui-editors.sh), sourced after they re-exec under
# xvfb-run.  md_ui_setup NAME makes $tmp, exports a private environment
# (XDG dirs, in-memory GSettings, no a11y bus, JACK server mdtestNAME$$),
# prints the TAP plan ($N), starts a private dummy jackd ($jackd_pid) and
# reports it as test point 1.  On exit it stops $dump_pid, $mix_pid and
# jackd by pid and removes $tmp.
# SPDX-License-Identifier: GPL-3.0-or-later

jackd_pid=
mix_pid=
dump_pid=

md_ui_cleanup () {
  [ -n "$dump_pid" ] && kill "$dump_pid" 2>/dev/null
  [ -n "$mix_pid" ] && kill "$mix_pid" 2>/dev/null
  if [ -n "$jackd_pid" ]; then
    kill "$jackd_pid" 2>/dev/null
    wait "$jackd_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}

md_ui_setup () {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/md-test-ui-$1.XXXXXX") || exit 1
  trap md_ui_cleanup EXIT
  trap 'exit 1' INT TERM

  export JACK_DEFAULT_SERVER="mdtest$1$$"
  export JACK_NO_START_SERVER=1
  export GTK_A11Y=none
  export XDG_CACHE_HOME="$tmp/cache"
  export XDG_CONFIG_HOME="$tmp/config"
  export XDG_DATA_HOME="$tmp/data"
  export GSETTINGS_BACKEND=memory
  export NO_AT_BRIDGE=1
  unset WAYLAND_DISPLAY

  echo "1..$N"

  jackd -n "$JACK_DEFAULT_SERVER" --no-realtime -d dummy -r 48000 -p 256 >"$tmp/jackd.log" 2>&1 &
  jackd_pid=$!
  if ! jack_wait -w -t 10 >/dev/null 2>&1; then
    echo "not ok 1 - private jackd started"
    sed 's/^/# /' "$tmp/jackd.log"
    exit 1
  fi
  echo "ok 1 - private jackd “$JACK_DEFAULT_SERVER” started"
}
