#!/bin/sh
# test-ui.sh: the mixer window under Xvfb on a private jackd — it renders
# (screenshot checked for content), dragging a fader changes the model,
# Ctrl+S saves the session, a hostile file given to Open is refused and
# the session kept, a good one opened, Ctrl+Q quits and --save writes the
# result; saved and opened files are in the recent files, Ctrl+N empties
# the session; Ctrl+Q with unsaved changes asks (Cancel, Save and quit).
# TAP output; skips when Xvfb, xdotool, imagemagick or jackd are missing.
# SPDX-License-Identifier: GPL-3.0-or-later

builddir=${MD_TOP_BUILDDIR:-$(cd "$(dirname "$0")/.." && pwd)}
srcdir=${MD_TOP_SRCDIR:-$builddir}
mixdesk=${MD_MIXDESK:-$builddir/mixdesk}
gen="$builddir/data/demo/md-demo-gen"
logdir="$builddir/tests"
N=15

skip_all () { echo "1..0 # SKIP $*"; exit 0; }

if [ "${1:-}" != "--inner" ]; then
  for tool in xvfb-run xdotool import identify jackd jack_wait; do
    command -v "$tool" >/dev/null 2>&1 || skip_all "$tool is not installed"
  done
  [ -x "$mixdesk" ] || skip_all "$mixdesk is not built"
  [ -x "$gen" ] || skip_all "$gen is not built"
  exec xvfb-run -a -s '-screen 0 1600x900x24' sh "$0" --inner
fi

. "$srcdir/tests/ui-lib.sh"
md_ui_setup ui

# the schema, compiled for this run
if command -v glib-compile-schemas >/dev/null 2>&1; then
  mkdir -p "$tmp/schemas"
  cp "$srcdir/data/org.mixdesk.Mixdesk.gschema.xml" "$tmp/schemas/"
  glib-compile-schemas "$tmp/schemas" && export GSETTINGS_SCHEMA_DIR="$tmp/schemas"
fi

"$gen" --quiet --seconds 4 "$tmp/demo" || { echo "Bail out! md-demo-gen failed"; exit 1; }
# a session file to open and save to
"$mixdesk" --headless --no-osc --strip "$tmp/demo/kick.wav" --strip "$tmp/demo/bass.wav" \
  --quit-after 0.5 --save "$tmp/session.json" >"$tmp/headless.log" 2>&1 \
  && "$mixdesk" --headless --no-osc --strip "$tmp/demo/pad.wav" --strip "$tmp/demo/lead.wav" \
       --strip "$tmp/demo/hihat.wav" --set /strip/3/fader=-12 \
       --quit-after 0.5 --save "$tmp/other.json" >>"$tmp/headless.log" 2>&1 \
  || { echo "Bail out! headless mixdesk failed"; sed 's/^/# /' "$tmp/headless.log"; exit 1; }

# first strip's fader in a session file (json-glib pretty-prints one key a line)
strip1_fader () {
  awk '/"strips"/ { s = 1 } s && /"fader"/ { gsub(/[ ,]/, "", $0); sub(/.*:/, "", $0); print; exit }' "$1"
}

"$mixdesk" --no-osc --play --save "$tmp/out.json" "$tmp/session.json" >"$tmp/mixdesk.log" 2>&1 &
mix_pid=$!

# wait for the window
win=
i=0
while [ $i -lt 100 ]; do
  win=$(xdotool search --onlyvisible --name '^mixdesk' 2>/dev/null | head -n 1)
  [ -n "$win" ] && break
  kill -0 "$mix_pid" 2>/dev/null || break
  sleep 0.1
  i=$((i + 1))
done
# the first frames (shaders compile on a loaded machine): retry for 20 s,
# then let the meters run for a second
shot="$logdir/test-ui-screenshot.png"
colours=0
sd=0
i=0
while [ -n "$win" ] && [ $i -lt 20 ]; do
  sleep 1
  import -window root "$shot" 2>/dev/null
  colours=$(identify -format '%k' "$shot" 2>/dev/null || echo 0)
  [ "${colours:-0}" -gt 64 ] && break
  i=$((i + 1))
done
sleep 1
import -window root "$shot" 2>/dev/null
colours=$(identify -format '%k' "$shot" 2>/dev/null || echo 0)
sd=$(identify -format '%[fx:int(1000*standard_deviation)]' "$shot" 2>/dev/null || echo 0)
if [ -n "$win" ] && [ "${colours:-0}" -gt 64 ] && [ "${sd:-0}" -gt 50 ]; then
  echo "ok 2 - the window renders ($colours colours, sd $sd/1000; $shot)"
else
  echo "not ok 2 - the window renders (window '$win', $colours colours, sd $sd/1000; $shot)"
  sed 's/^/# /' "$tmp/mixdesk.log"
fi

# drag strip 1's fader down by 100 px: the strip's fader is at a fixed
# place in the window (strips are laid out left to right from the corner)
eval "$(xdotool getwindowgeometry --shell "$win" 2>/dev/null)"
fx=$(( ${X:-0} + 64 )); fy=$(( ${Y:-0} + 340 ))
xdotool mousemove $fx $fy mousedown 1
for dy in 10 30 50 70 90 100; do
  xdotool mousemove $fx $((fy + dy)); sleep 0.05
done
xdotool mouseup 1
sleep 0.3

before=$(strip1_fader "$tmp/session.json")
xdotool key --clearmodifiers ctrl+s
i=0
while [ $i -lt 50 ] && [ ! -f "$tmp/session.json.bak" ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
after=$(strip1_fader "$tmp/session.json")
if [ -n "$after" ] && awk "BEGIN { exit !($after < -1.0 && $after > -40.0) }"; then
  echo "ok 3 - dragging the fader changed the model: strip 1 fader $before -> $after dB"
else
  echo "not ok 3 - dragging the fader changed the model: strip 1 fader $before -> '$after' dB"
fi
if [ -f "$tmp/session.json.bak" ] && [ "$(strip1_fader "$tmp/session.json.bak")" = "$before" ] \
   && grep -q '"format" : "mixdesk-session"' "$tmp/session.json"; then
  echo "ok 4 - Ctrl+S saved the session (the previous file kept as .bak)"
else
  echo "not ok 4 - Ctrl+S saved the session"
fi

# a hostile session file through Open (Ctrl+O, type the path): an error,
# and the current session stays
awk 'BEGIN { printf "{\"format\":\"mixdesk-session\",\"version\":1,\"strips\":"; for (i = 0; i < 20000; i++) printf "["; }' >"$tmp/hostile.json"
xdotool key --clearmodifiers ctrl+o
sleep 1.5
xdotool type --delay 5 "$tmp/hostile.json"
sleep 0.3
xdotool key Return
i=0
while [ $i -lt 50 ] && ! grep -q 'Could not open' "$tmp/mixdesk.log"; do sleep 0.1; i=$((i + 1)); done
if grep -q 'Could not open.*hostile' "$tmp/mixdesk.log"; then
  echo "ok 5 - a hostile session file is refused with an error"
else
  echo "not ok 5 - a hostile session file is refused with an error"
fi
sleep 0.5
import -window root "$logdir/test-ui-hostile.png" 2>/dev/null
xdotool key Escape
sleep 0.5
rm -f "$tmp/session.json.bak"
xdotool key --clearmodifiers ctrl+s
i=0
while [ $i -lt 50 ] && [ ! -f "$tmp/session.json.bak" ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
kept=$(strip1_fader "$tmp/session.json")
n_names=$(grep -c '"name"' "$tmp/session.json")
if [ "$kept" = "$after" ] && grep -q '"name" : "bass"' "$tmp/session.json"; then
  echo "ok 6 - the current session is kept (strip 1 fader $kept dB, both strips)"
else
  echo "not ok 6 - the current session is kept (strip 1 fader '$kept', $n_names names)"
fi

# a good session through Open replaces the console's contents
xdotool key --clearmodifiers ctrl+o
sleep 1.5
xdotool type --delay 5 "$tmp/other.json"
sleep 0.3
xdotool key Return
i=0
while [ $i -lt 100 ] && [ -z "$(xdotool search --onlyvisible --name 'other\.json' 2>/dev/null)" ]; do
  sleep 0.1; i=$((i + 1))
done
if [ $i -lt 100 ]; then
  echo "ok 7 - Open loads a session (the title names it)"
else
  echo "not ok 7 - Open loads a session (the title names it)"
fi
sleep 0.5

xdotool key --clearmodifiers ctrl+q
i=0
while [ $i -lt 50 ] && kill -0 "$mix_pid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$mix_pid" 2>/dev/null; then
  echo "not ok 8 - Ctrl+Q quits"
  kill "$mix_pid"
  wait "$mix_pid"
  status=$?
else
  wait "$mix_pid"
  status=$?
  if [ $status -eq 0 ]; then
    echo "ok 8 - Ctrl+Q quits (exit status 0)"
  else
    echo "not ok 8 - Ctrl+Q quits (exit status $status)"
  fi
fi
mix_pid=

# the opened session, as the console had it on exit
names=$(grep -o '"name" : "[a-z]*"' "$tmp/out.json" 2>/dev/null | sed 's/.*: //' | tr -d '"' | tr '\n' ' ')
faders=$(awk '/"strips"/ { s = 1 } s && /"fader"/ { gsub(/[ ,]/, ""); sub(/.*:/, ""); printf "%s ", $0 }' "$tmp/out.json" 2>/dev/null)
if [ "$names" = "pad lead hihat " ] && [ "$faders" = "0.0 0.0 -12.0 " ]; then
  echo "ok 9 - --save wrote the opened session on exit ($names/ $faders)"
else
  echo "not ok 9 - --save wrote the opened session on exit (names '$names', faders '$faders')"
fi

if grep -vE 'Could not open|hostile' "$tmp/mixdesk.log" | grep -qE 'CRITICAL|WARNING|Gtk-|GLib-'; then
  echo "not ok 10 - no GLib/GTK warnings"
  grep -E 'CRITICAL|WARNING|Gtk-|GLib-' "$tmp/mixdesk.log" | head -n 20 | sed 's/^/# /'
else
  echo "ok 10 - no GLib/GTK warnings"
fi

# a recovery file newer than the session: the window offers it, Return
# (the default, Recover) loads it, the session's name stays
cp "$tmp/other.json" "$tmp/session.json.recovery"
touch -d '+2 seconds' "$tmp/session.json.recovery"
"$mixdesk" --no-osc --save "$tmp/out2.json" "$tmp/session.json" >"$tmp/mixdesk2.log" 2>&1 &
mix_pid=$!
i=0
while [ $i -lt 100 ] && [ -z "$(xdotool search --onlyvisible --name '^mixdesk' 2>/dev/null)" ]; do
  kill -0 "$mix_pid" 2>/dev/null || break
  sleep 0.1; i=$((i + 1))
done
sleep 2
xdotool key Return
sleep 1
# saving the recovered session makes its recovery file obsolete
xdotool key --clearmodifiers ctrl+s
i=0
while [ $i -lt 50 ] && [ -e "$tmp/session.json.recovery" ]; do sleep 0.1; i=$((i + 1)); done
if [ -e "$tmp/session.json.recovery" ]; then
  rec_kept=1
else
  rec_kept=0
fi
xdotool key --clearmodifiers ctrl+q
i=0
while [ $i -lt 50 ] && kill -0 "$mix_pid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$mix_pid" 2>/dev/null; then
  # a dialog left open (the unsaved-changes question): decline saving
  xdotool key Escape; sleep 0.2; xdotool key --clearmodifiers ctrl+q; sleep 1
  kill "$mix_pid" 2>/dev/null
fi
wait "$mix_pid" 2>/dev/null
mix_pid=
names=$(grep -o '"name" : "[a-z]*"' "$tmp/out2.json" 2>/dev/null | sed 's/.*: //' | tr -d '"' | tr '\n' ' ')
if [ "$names" = "pad lead hihat " ] && grep -q 'Recovered the session' "$tmp/mixdesk2.log"; then
  echo "ok 11 - the window offers the newer recovery file and Recover loads it ($names)"
else
  echo "not ok 11 - the window offers the newer recovery file and Recover loads it (names '$names')"
  sed 's/^/# /' "$tmp/mixdesk2.log"
fi

if [ "$rec_kept" = 0 ]; then
  echo "ok 12 - saving in the window removes the session's recovery file"
else
  echo "not ok 12 - saving in the window removes the session's recovery file"
  ls -la "$tmp" | sed 's/^/# /'
fi

# saved and opened sessions are recorded for Open Recent
recent="$XDG_DATA_HOME/recently-used.xbel"
if grep -q 'session\.json' "$recent" 2>/dev/null && grep -q 'other\.json' "$recent" 2>/dev/null; then
  echo "ok 13 - saved and opened sessions are in the recent files"
else
  echo "not ok 13 - saved and opened sessions are in the recent files ($recent)"
fi

# Ctrl+N on a session without changes: an empty session at once
rm -f "$tmp/session.json.recovery"
"$mixdesk" --no-osc --save "$tmp/out3.json" "$tmp/session.json" >"$tmp/mixdesk3.log" 2>&1 &
mix_pid=$!
i=0
while [ $i -lt 100 ] && [ -z "$(xdotool search --onlyvisible --name 'session\.json' 2>/dev/null)" ]; do
  kill -0 "$mix_pid" 2>/dev/null || break
  sleep 0.1; i=$((i + 1))
done
sleep 1
xdotool key --clearmodifiers ctrl+n
i=0
while [ $i -lt 50 ] && [ -z "$(xdotool search --onlyvisible --name 'new session' 2>/dev/null)" ]; do
  sleep 0.1; i=$((i + 1))
done
new_seen=$i
xdotool key --clearmodifiers ctrl+q
i=0
while [ $i -lt 50 ] && kill -0 "$mix_pid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$mix_pid" 2>/dev/null; then
  kill "$mix_pid" 2>/dev/null
fi
wait "$mix_pid" 2>/dev/null
mix_pid=
names=$(grep -o '"name" : "[a-z]*"' "$tmp/out3.json" 2>/dev/null | sed 's/.*: //' | tr -d '"' | tr '\n' ' ')
if [ "$new_seen" -lt 50 ] && [ -s "$tmp/out3.json" ] && [ -z "$names" ]; then
  echo "ok 14 - Ctrl+N starts an empty session (the title says so)"
else
  echo "not ok 14 - Ctrl+N starts an empty session (names '$names')"
  sed 's/^/# /' "$tmp/mixdesk3.log"
fi

# quitting with unsaved changes asks first: Ctrl+Shift+N adds a strip,
# Ctrl+Q shows the question (the program keeps running), Escape cancels
# it, Ctrl+Q and Return (Save, the default) save the session and quit
n_before=$(grep -c '"stereo"' "$tmp/session.json")
"$mixdesk" --no-osc "$tmp/session.json" >"$tmp/mixdesk4.log" 2>&1 &
mix_pid=$!
i=0
while [ $i -lt 100 ] && [ -z "$(xdotool search --onlyvisible --name 'session\.json' 2>/dev/null)" ]; do
  kill -0 "$mix_pid" 2>/dev/null || break
  sleep 0.1; i=$((i + 1))
done
sleep 1
xdotool key --clearmodifiers ctrl+shift+n
sleep 0.5
xdotool key --clearmodifiers ctrl+q
sleep 1.5
asked=no
kill -0 "$mix_pid" 2>/dev/null && asked=yes
xdotool key Escape
sleep 1
kept=no
kill -0 "$mix_pid" 2>/dev/null && kept=yes
xdotool key --clearmodifiers ctrl+q
sleep 1.5
xdotool key Return
i=0
while [ $i -lt 100 ] && kill -0 "$mix_pid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
quit=yes
if kill -0 "$mix_pid" 2>/dev/null; then
  quit=no
  kill "$mix_pid" 2>/dev/null
fi
wait "$mix_pid" 2>/dev/null
status=$?
mix_pid=
n_after=$(grep -c '"stereo"' "$tmp/session.json")
if [ $asked = yes ] && [ $kept = yes ] && [ $quit = yes ] && [ $status -eq 0 ] \
   && [ "$n_after" -eq $((n_before + 1)) ]; then
  echo "ok 15 - Ctrl+Q with unsaved changes asks; Cancel keeps the console, Save saves and quits ($n_before -> $n_after strips)"
else
  echo "not ok 15 - Ctrl+Q with unsaved changes asks; Cancel keeps the console, Save saves and quits (asked $asked, kept $kept, quit $quit, status $status, $n_before -> $n_after strips)"
  grep -v md-geometry "$tmp/mixdesk4.log" | sed 's/^/# /'
fi
