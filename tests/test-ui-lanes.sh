#!/bin/sh
# test-ui-lanes.sh: the automation lanes view under Xvfb on a private
# jackd — Ctrl+L shows it, a click on strip 1's fader lane adds a point, a
# click-and-drag adds and moves another, a right click removes it, Ctrl+Z
# and Ctrl+Shift+Z undo and redo that, Shift+drag and Delete clear a range,
# the row's menu sets the lane's mode; Add Lane adds a lane for a
# parameter found by its name (the master fader) where a click adds a
# point, the row's remove button clears that automation and hides the row,
# and Ctrl+Z brings the points back; the toolbar's transport records an
# automation pass (Play, Stop, go to the start) into a lane in Write;
# Space starts and stops the transport and Home goes to the start;
# each step is checked in the session file saved with Ctrl+S.
# TAP output; skips when Xvfb, xdotool or jackd are missing.
# SPDX-License-Identifier: GPL-3.0-or-later

builddir=${MD_TOP_BUILDDIR:-$(cd "$(dirname "$0")/.." && pwd)}
srcdir=${MD_TOP_SRCDIR:-$builddir}
mixdesk=${MD_MIXDESK:-$builddir/mixdesk}
N=14

skip_all () { echo "1..0 # SKIP $*"; exit 0; }

if [ "${1:-}" != "--inner" ]; then
  for tool in xvfb-run xdotool jackd jack_wait; do
    command -v "$tool" >/dev/null 2>&1 || skip_all "$tool is not installed"
  done
  [ -x "$mixdesk" ] || skip_all "$mixdesk is not built"
  exec xvfb-run -a -s '-screen 0 1600x900x24' sh "$0" --inner
fi

export MD_UI_DEBUG_GEOMETRY=1

. "$srcdir/tests/ui-lib.sh"
md_ui_setup lanes

"$mixdesk" --headless --no-osc --strip jack:a --strip jack:b \
  --quit-after 0.5 --save "$tmp/session.json" >"$tmp/headless.log" 2>&1 \
  || { echo "Bail out! headless mixdesk failed"; sed 's/^/# /' "$tmp/headless.log"; exit 1; }

# The frames of the first lane's points in a saved session, one a line
# (json-glib pretty-prints one number a line; the points array closes at
# the indentation of its key); with a second argument, of the first lane
# after that key.
points () {
  awk -v key="${2:-}" '
       key != "" && !started { if (index($0, "\"" key "\"")) started = 1; next }
       /"points"/ { if (!done) { p = 1; ind = index($0, "\"") } next }
       p && /^ *\]/ && index($0, "]") == ind { p = 0; done = 1 }
       p && /^ *[0-9]+,$/ { gsub(/[ ,]/, ""); print }' "$1"
}

# Ctrl+S and wait for the new file (the old one is kept as .bak)
save () {
  rm -f "$tmp/session.json.bak"
  xdotool key --clearmodifiers ctrl+s
  i=0
  while [ $i -lt 50 ] && [ ! -f "$tmp/session.json.bak" ]; do sleep 0.1; i=$((i + 1)); done
  sleep 0.3
}

"$mixdesk" --no-osc "$tmp/session.json" >"$tmp/mixdesk.log" 2>&1 &
mix_pid=$!
win=
i=0
while [ $i -lt 100 ]; do
  win=$(xdotool search --onlyvisible --name '^mixdesk' 2>/dev/null | head -n 1)
  [ -n "$win" ] && break
  kill -0 "$mix_pid" 2>/dev/null || break
  sleep 0.1
  i=$((i + 1))
done
[ -n "$win" ] || { echo "Bail out! no window"; sed 's/^/# /' "$tmp/mixdesk.log"; exit 1; }
sleep 2
xdotool key --clearmodifiers ctrl+l
sleep 1

# The window is 1400 x 760 at the screen's corner; the lanes panel sits
# above the status bar: strip 1's fader lane from x = 249 (0 s, 40 px a
# second), y = 595 to 650, strip 2's below it (655 to 710), then the
# timeline's scrollbar.
eval "$(xdotool getwindowgeometry --shell "$win" 2>/dev/null)"
lx=$(( ${X:-0} + 249 )); ly=$(( ${Y:-0} + 622 ))

# a click at 5 s adds a point there
xdotool mousemove $((lx + 200)) $ly click 1
sleep 0.5
save
p=$(points "$tmp/session.json" | tr '\n' ' ')
if [ -n "$p" ] && [ $(points "$tmp/session.json" | wc -l) -eq 1 ] \
   && awk "BEGIN { exit !($p > 4.8 * 48000 && $p < 5.2 * 48000) }"; then
  echo "ok 2 - Ctrl+L shows the lanes; a click adds a point at 5 s (frame $p)"
else
  echo "not ok 2 - Ctrl+L shows the lanes; a click adds a point at 5 s (frames '$p')"
fi

# click and drag: a second point, moved with the pointer to 15 s
xdotool mousemove $((lx + 400)) $((ly - 10)) mousedown 1
sleep 0.2
xdotool mousemove $((lx + 500)) $((ly - 5))
sleep 0.2
xdotool mousemove $((lx + 600)) $ly
sleep 0.2
xdotool mouseup 1
sleep 0.5
save
set -- $(points "$tmp/session.json")
if [ $# -eq 2 ] && awk "BEGIN { exit !($2 > 14.8 * 48000 && $2 < 15.2 * 48000) }"; then
  echo "ok 3 - a click and drag adds a point and moves it to 15 s (frames $*)"
else
  echo "not ok 3 - a click and drag adds a point and moves it to 15 s (frames '$*')"
fi

# a right click on it removes it
xdotool mousemove $((lx + 600)) $ly click 3
sleep 0.5
save
n=$(points "$tmp/session.json" | wc -l)
if [ "$n" -eq 1 ]; then
  echo "ok 4 - a right click removes the point"
else
  echo "not ok 4 - a right click removes the point ($n points)"
fi

# undo brings it back, redo removes it again
xdotool key --clearmodifiers ctrl+z
sleep 0.5
save
n=$(points "$tmp/session.json" | wc -l)
if [ "$n" -eq 2 ]; then
  echo "ok 5 - Ctrl+Z undoes the removal"
else
  echo "not ok 5 - Ctrl+Z undoes the removal ($n points)"
fi
xdotool key --clearmodifiers ctrl+shift+z
sleep 0.5
save
n=$(points "$tmp/session.json" | wc -l)
if [ "$n" -eq 1 ]; then
  echo "ok 6 - Ctrl+Shift+Z redoes it"
else
  echo "not ok 6 - Ctrl+Shift+Z redoes it ($n points)"
fi

# Shift+drag from 3 s to 8 s selects a range; Delete clears it
xdotool mousemove $((lx + 120)) $ly keydown shift mousedown 1
sleep 0.2
xdotool mousemove $((lx + 250)) $ly
sleep 0.2
xdotool mousemove $((lx + 320)) $ly
sleep 0.2
xdotool mouseup 1 keyup shift
sleep 0.2
xdotool key Delete
sleep 0.5
save
n=$(points "$tmp/session.json" | wc -l)
if [ "$n" -eq 0 ]; then
  echo "ok 7 - Shift+drag and Delete clear a range"
else
  echo "not ok 7 - Shift+drag and Delete clear a range ($n points)"
fi

# the row's mode menu (in the row's header, left of the remove button): Play
xdotool mousemove $(( ${X:-0} + 165 )) $ly click 1
sleep 0.7
xdotool key Down Return
sleep 0.5
save
if grep -q '"mode" : "play"' "$tmp/session.json"; then
  echo "ok 8 - the row's menu sets the lane's mode (play)"
else
  echo "not ok 8 - the row's menu sets the lane's mode (play)"
fi

# Add Lane (right of the toolbar's title): the search finds the master
# fader, Return adds its lane as the last row (where strip 2's was: the
# panel grows upwards); a click at 5 s adds a point to it
xdotool mousemove $(( ${X:-0} + 1060 )) $(( ${Y:-0} + 552 )) click 1
sleep 1
xdotool type --delay 30 "master fader"
sleep 0.5
xdotool key Return
sleep 1
my=$(( ${Y:-0} + 682 ))
xdotool mousemove $((lx + 200)) $my click 1
sleep 0.5
save
p=$(points "$tmp/session.json" master_automation | tr '\n' ' ')
if [ -n "$p" ] && [ $(points "$tmp/session.json" master_automation | wc -l) -eq 1 ] \
   && awk "BEGIN { exit !($p > 4.8 * 48000 && $p < 5.2 * 48000) }"; then
  echo "ok 9 - Add Lane adds the master fader's lane; a click on it adds a point (frame $p)"
else
  echo "not ok 9 - Add Lane adds the master fader's lane; a click on it adds a point (frames '$p')"
  grep -n -A3 master_automation "$tmp/session.json" | sed 's/^/# /'
fi

# the row's remove button (right end of its header) clears the lane, one
# undo step: Ctrl+Z brings the point back
xdotool mousemove $(( ${X:-0} + 222 )) $my click 1
sleep 0.7
save
n1=$(points "$tmp/session.json" master_automation | wc -l)
xdotool key --clearmodifiers ctrl+z
sleep 0.7
save
n2=$(points "$tmp/session.json" master_automation | wc -l)
if [ "$n1" -eq 0 ] && [ "$n2" -eq 1 ]; then
  echo "ok 10 - removing a lane with a point clears it; Ctrl+Z brings the point back"
else
  echo "not ok 10 - removing a lane with a point clears it; Ctrl+Z brings the point back ($n1, then $n2 points)"
fi

# the transport (left of the toolbar's title): Play rolls a second, Stop;
# strip 2's lane to Write (its mode menu, Off -> Play -> Write), go to the
# start, Play 1.5 s, Stop: a pass from 0 is recorded and the lane turns
# to Touch (the rows are found through MD_UI_DEBUG_GEOMETRY)
lane_mode () {
  awk '/"name" : "b"/ { s = 1 } s && /"mode"/ { sub(/.*"mode" : "/, ""); sub(/".*/, ""); print; exit }' "$tmp/session.json"
}
pass=
if click lanes-play; then
  sleep 1
  click lanes-play
  sleep 0.5
  if click lane-mode-/strip/2/fader; then
    sleep 0.7
    xdotool key Down Down Return
    sleep 0.5
    click lanes-start
    sleep 0.5
    click lanes-play
    sleep 2
    click lanes-play
    sleep 0.7
    save
    set -- $(points "$tmp/session.json" b)
    first=${1:-}
    eval "last=\${$#}"
    mode=$(lane_mode)
    # the pass starts at 0 (go to the start) and spans some time: how
    # much depends on the dummy jackd keeping up on a loaded machine
    # (1.5 s of wall time gave 0.19 s of transport time under a TSan test)
    if [ $# -ge 2 ] && [ "$mode" = touch ] \
       && awk "BEGIN { exit !($first < 0.3 * 48000 && $last > $first + 2400) }"; then
      pass=ok
    fi
  fi
fi
if [ "$pass" = ok ]; then
  echo "ok 11 - the toolbar's Play, Stop and go-to-start record a pass into a lane in Write (frames $first to $last, now $mode)"
else
  echo "not ok 11 - the toolbar's Play, Stop and go-to-start record a pass into a lane in Write (frames '$*', mode '$(lane_mode)')"
fi

# Space starts and stops the transport, Home locates it to the start
# (state read with jack_showtime: one line per cycle, the last complete
# one counts: line-buffered, and a line the timeout cut off is skipped)
showtime_last () {
  timeout -k 1 0.5 stdbuf -oL jack_showtime 2>/dev/null \
    | grep -E '^frame = [0-9]+ .*state: [A-Za-z]+$' | tail -n 1
}
transport_state () { showtime_last | sed 's/.*state: //'; }
is_rolling () { [ "$(transport_state)" = Rolling ]; }
transport_frame () { showtime_last | awk '{ print $3 }'; }
keys=
if command -v jack_showtime >/dev/null 2>&1; then
  # the focus on the go-to-start button: Space there would click it (a
  # locate, no roll) and Home would do nothing, were they not the window's
  click lanes-start
  sleep 0.3
  xdotool key --clearmodifiers space
  wait_for 30 is_rolling && rolled=yes
  xdotool key --clearmodifiers space
  sleep 0.5
  stopped=$(transport_state)
  xdotool key --clearmodifiers Home
  sleep 0.5
  home=$(transport_frame)
  if [ "${rolled:-}" = yes ] && [ "$stopped" = Stopped ] && [ "$home" = 0 ]; then
    keys=ok
  fi
  if [ "$keys" = ok ]; then
    echo "ok 12 - Space starts and stops the JACK transport, Home goes to the start"
  else
    echo "not ok 12 - Space starts and stops the JACK transport, Home goes to the start (rolled '${rolled:-no}', then '$stopped', frame '$home')"
  fi
else
  echo "ok 12 # SKIP jack_showtime is not installed"
fi

xdotool key --clearmodifiers ctrl+q
i=0
while [ $i -lt 50 ] && kill -0 "$mix_pid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$mix_pid" 2>/dev/null; then
  echo "not ok 13 - Ctrl+Q quits"
  kill "$mix_pid"
  wait "$mix_pid"
else
  wait "$mix_pid"
  status=$?
  if [ $status -eq 0 ]; then
    echo "ok 13 - Ctrl+Q quits (exit status 0)"
  else
    echo "not ok 13 - Ctrl+Q quits (exit status $status)"
  fi
fi
mix_pid=

if grep -qE 'CRITICAL|WARNING|Gtk-|GLib-' "$tmp/mixdesk.log"; then
  echo "not ok 14 - no GLib/GTK warnings"
  grep -E 'CRITICAL|WARNING|Gtk-|GLib-' "$tmp/mixdesk.log" | head -n 20 | sed 's/^/# /'
else
  echo "ok 14 - no GLib/GTK warnings"
fi
