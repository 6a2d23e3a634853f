# ui-lib.sh: the common start of the Xvfb UI tests (test-ui.sh,
# test-ui-lanes.sh, test-ui-editors.sh), sourced after they re-exec under
# xvfb-run.  md_ui_setup NAME makes $tmp, exports a private environment
# (XDG dirs, in-memory GSettings, no a11y bus, JACK server mdtestNAME$$),
# prints the TAP plan ($N), starts a private dummy jackd ($jackd_pid) and
# reports it as test point 1.  On exit it stops $dump_pid, $mix_pid and
# jackd by pid and removes $tmp.  The helpers below it find widgets through
# the MD_UI_DEBUG_GEOMETRY lines in $tmp/mixdesk.log, click them, wait for
# conditions with timeouts and read OSC feedback from $tmp/osc.log.
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

# wait_for TENTHS COMMAND...: run COMMAND every 0.1 s until it succeeds,
# at most TENTHS times (gives up at once when mixdesk is gone)
wait_for () {
  n=$1; shift
  k=0
  while [ $k -lt "$n" ]; do
    "$@" && return 0
    kill -0 "$mix_pid" 2>/dev/null || return 1
    sleep 0.1
    k=$((k + 1))
  done
  return 1
}

# The latest "md-geometry NAME XID X Y W H" of NAME as screen coordinates:
# sets gx, gy (top left on the screen), gw, gh.
geometry () {
  line=$(grep "^md-geometry $1 " "$tmp/mixdesk.log" | tail -n 1)
  [ -n "$line" ] || return 1
  set -- $line
  xid=$3; gx=$4; gy=$5; gw=$6; gh=$7
  eval "$(xdotool getwindowgeometry --shell "$xid" 2>/dev/null)" || return 1
  gx=$((gx + X)); gy=$((gy + Y))
  [ "$gw" -gt 0 ] && [ "$gh" -gt 0 ]
}
has_geometry () { grep -q "^md-geometry $1 " "$tmp/mixdesk.log"; }
# true when NAME is mapped now (its latest line has a size)
shown () {
  grep "^md-geometry $1 " "$tmp/mixdesk.log" | tail -n 1 | grep -qv ' 0 0 0 0 0$'
}
# true when NAME was shown and is now unmapped (width 0)
unmapped () {
  grep "^md-geometry $1 " "$tmp/mixdesk.log" | tail -n 1 | grep -q ' 0 0 0 0 0$'
}

# click the middle of the widget NAME
click () {
  geometry "$1" || return 1
  xdotool mousemove $((gx + gw / 2)) $((gy + gh / 2)) click 1
}

# open: click the widget CLICK until the widget SHOWN is mapped
open_by_click () {
  for attempt in 1 2 3; do
    click "$1"
    wait_for 50 shown "$2" && return 0
  done
  return 1
}
# wait until NAME's place has not changed for half a second
settled () {
  last=
  k=0
  while [ $k -lt 50 ]; do
    cur=$(grep "^md-geometry $1 " "$tmp/mixdesk.log" | tail -n 1)
    [ -n "$cur" ] && [ "$cur" = "$last" ] && return 0
    last=$cur
    sleep 0.5
    k=$((k + 5))
  done
  return 1
}
# close the open popover (it would take the next click to close itself)
close_popover () {
  for attempt in 1 2 3; do
    xdotool key Escape
    wait_for 50 unmapped "$1" && return 0
  done
  return 1
}

# OSC feedback: the latest value oscdump printed for ADDRESS
osc_value () {
  grep " $1 [fi] " "$tmp/osc.log" | tail -n 1 | awk '{ print $NF }'
}
# true when the latest value of ADDRESS satisfies the awk condition on v
osc_check () {
  v=$(osc_value "$1")
  [ -n "$v" ] && awk -v v="$v" "BEGIN { exit !($2) }"
}
