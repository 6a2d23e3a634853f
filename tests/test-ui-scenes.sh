#!/bin/sh
# test-ui-scenes.sh: the Scenes panel under Xvfb on a private jackd,
# driven with xdotool — the panel saves a scene under a typed name; after
# a fader moves, the scene's Recall button brings it back; a rename
# (Enter in the scene's name field) is kept in the session file saved
# with Ctrl+S; a strip unticked in the scene's scope is not recalled; a
# bus ticked recall-safe is not recalled, and the session file keeps the
# safe; a scene saved in the panel is an unsaved change (Ctrl+Q asks, Save
# writes it); Open brings a file's scenes and safes into the console. Values are changed with oscsend and read back through OSC (an
# oscdump of a /subscribe lease). Widgets are found on screen through the
# MD_UI_DEBUG_GEOMETRY hook (src/ui/md-debug-geometry.h); every step waits
# for its condition with a timeout.
# TAP output; skips when Xvfb, xdotool, liblo-tools or jackd are missing.
# SPDX-License-Identifier: GPL-3.0-or-later

builddir=${MD_TOP_BUILDDIR:-$(cd "$(dirname "$0")/.." && pwd)}
srcdir=${MD_TOP_SRCDIR:-$builddir}
mixdesk=${MD_MIXDESK:-$builddir/mixdesk}
N=12

skip_all () { echo "1..0 # SKIP $*"; exit 0; }

if [ "${1:-}" != "--inner" ]; then
  for tool in xvfb-run xdotool jackd jack_wait oscsend oscdump; do
    command -v "$tool" >/dev/null 2>&1 || skip_all "$tool is not installed"
  done
  [ -x "$mixdesk" ] || skip_all "$mixdesk is not built"
  exec xvfb-run -a -s '-screen 0 1600x900x24' sh "$0" --inner
fi

export MD_UI_DEBUG_GEOMETRY=1

# OSC ports of this run (mixdesk's, and oscdump's for the feedback)
osc_port=$((20000 + ($$ * 7) % 20000))
dump_port=$((osc_port + 1))

. "$srcdir/tests/ui-lib.sh"
md_ui_setup scenes

# three strips and a bus, each fader at its own level (what the scene keeps)
"$mixdesk" --headless --no-osc --strip jack:a --strip jack:b --strip jack:c --buses 1 \
  --set /strip/1/fader=-3 --set /strip/2/fader=-4 --set /strip/3/fader=-6 --set /bus/1/fader=-5 \
  --quit-after 0.5 --save "$tmp/session.json" >"$tmp/headless.log" 2>&1 \
  || { echo "Bail out! headless mixdesk failed"; sed 's/^/# /' "$tmp/headless.log"; exit 1; }

"$mixdesk" --osc-port "$osc_port" "$tmp/session.json" >"$tmp/mixdesk.log" 2>&1 &
mix_pid=$!

if ! wait_for 300 has_geometry scenes-button; then
  echo "Bail out! no window (or no md-geometry lines)"
  sed 's/^/# /' "$tmp/mixdesk.log"
  exit 1
fi

oscdump -L "$dump_port" >"$tmp/osc.log" 2>&1 &
dump_pid=$!
sleep 0.3
oscsend localhost "$osc_port" /subscribe ii 60 "$dump_port"
if wait_for 100 osc_check /strip/1/fader 'v > -3.01 && v < -2.99'; then
  echo "ok 2 - the window is up, OSC feedback subscribed (/strip/1/fader $(osc_value /strip/1/fader) dB)"
else
  echo "not ok 2 - the window is up, OSC feedback subscribed ('$(osc_value /strip/1/fader)')"
  sed 's/^/# /' "$tmp/osc.log" | head -n 20
fi

# near VALUE (dB), as an osc_check condition
near () { echo "v > $1 - 0.01 && v < $1 + 0.01"; }

# set ADDRESS to VALUE through OSC and wait for the feedback
osc_set () {
  oscsend localhost "$osc_port" "$1" f "$2"
  wait_for 50 osc_check "$1" "$(near "$2")"
}

# open the Scenes popover (its new-name field shows)
open_scenes () {
  open_by_click scenes-button scenes-new-name && settled scenes-new-name
}

# open the panel, click scene 1's Recall, wait for strip 1 back at the
# scene's -3 dB (true when it came back)
recall_scene_1 () {
  open_scenes || return 1
  settled scene-1-recall
  click scene-1-recall
  wait_for 50 osc_check /strip/1/fader "$(near -3)"
}

# Ctrl+S and wait for the new file (the old one is kept as .bak)
save () {
  rm -f "$tmp/session.json.bak"
  xdotool key --clearmodifiers ctrl+s
  wait_for 100 test -f "$tmp/session.json.bak"
  sleep 0.3
}

# the scene names in the saved session file, one a line
scene_names () {
  awk '/"scenes"/ { s = 1 } s && /"name"/ { sub(/.*"name" : "/, ""); sub(/".*/, ""); print }
       s && /"recall_safe"/ { s = 0 }' "$tmp/session.json"
}

# 3: a scene saved from the panel under a typed name
saved=no
if open_scenes; then
  for attempt in 1 2 3; do
    click scenes-new-name
    sleep 0.3
    xdotool key --clearmodifiers ctrl+a
    xdotool type --delay 30 "Verse"
    sleep 0.3
    click scenes-save
    wait_for 50 shown scene-1-recall && { saved=yes; break; }
  done
fi
close_popover scenes-new-name
save
names=$(scene_names | tr '\n' ' ')
if [ $saved = yes ] && [ "$names" = "Verse " ]; then
  echo "ok 3 - the Scenes panel saves a scene under the typed name (a row shows; session file: $names)"
else
  echo "not ok 3 - the Scenes panel saves a scene under the typed name (row shown: $saved; session file: '$names')"
fi

# 4: move strip 1's fader, recall: back to -3 dB
osc_set /strip/1/fader -20
recalled=no
if osc_check /strip/1/fader "$(near -20)" && open_scenes; then
  for attempt in 1 2 3; do
    settled scene-1-recall
    click scene-1-recall
    wait_for 50 osc_check /strip/1/fader "$(near -3)" && { recalled=yes; break; }
    shown scene-1-recall || open_scenes
  done
fi
if [ $recalled = yes ]; then
  echo "ok 4 - after the fader moved (-20 dB), Recall brings the scene's value back (/strip/1/fader $(osc_value /strip/1/fader) dB)"
else
  echo "not ok 4 - after the fader moved (-20 dB), Recall brings the scene's value back (/strip/1/fader '$(osc_value /strip/1/fader)')"
fi
# Recall closes the popover
wait_for 50 unmapped scenes-new-name || close_popover scenes-new-name

# 5: rename in the scene's name field (Enter); Ctrl+S keeps it
if open_scenes; then
  settled scene-1-name
  click scene-1-name
  sleep 0.3
  xdotool key --clearmodifiers ctrl+a
  xdotool type --delay 30 "Chorus"
  xdotool key Return
  sleep 0.5
  close_popover scenes-new-name
fi
save
names=$(scene_names | tr '\n' ' ')
if [ "$names" = "Chorus " ]; then
  echo "ok 5 - a scene renamed in its name field is saved under the new name (scenes: $names)"
else
  echo "not ok 5 - a scene renamed in its name field is saved under the new name (scenes: '$names')"
fi

# 6: the scene's scope: strip 2 unticked (the scope expander's check), in
# the saved file as strips [1, 3]
scope_strips () {
  awk '/"scenes"/ { s = 1 } s && /"strips" : \[/ { p = 1; next } p && /\]/ { exit }
       p { gsub(/[ ,]/, ""); printf "%s ", $0 }' "$tmp/session.json"
}
scoped=no
if open_scenes && open_by_click scene-1-scope scene-1-strip-2; then
  settled scene-1-strip-2
  click scene-1-strip-2
  sleep 0.5
  close_popover scenes-new-name
  save
  [ "$(scope_strips)" = "1 3 " ] && scoped=yes
fi
if [ $scoped = yes ]; then
  echo "ok 6 - unticking strip 2 in the scene's scope leaves strips 1, 3 (session file)"
else
  echo "not ok 6 - unticking strip 2 in the scene's scope leaves strips 1, 3 (session file: '$(scope_strips)')"
  close_popover scenes-new-name
fi

# 7: a recall changes strip 1, not strip 2 (out of scope)
osc_set /strip/1/fader -20
osc_set /strip/2/fader -20
ok1=no
recall_scene_1 && ok1=yes
sleep 0.5
if [ $ok1 = yes ] && osc_check /strip/2/fader "$(near -20)"; then
  echo "ok 7 - a recall leaves the strip outside the scene's scope alone (strip 1 $(osc_value /strip/1/fader) dB, strip 2 $(osc_value /strip/2/fader) dB)"
else
  echo "not ok 7 - a recall leaves the strip outside the scene's scope alone (strip 1 '$(osc_value /strip/1/fader)', strip 2 '$(osc_value /strip/2/fader)')"
fi
wait_for 50 unmapped scenes-new-name || close_popover scenes-new-name

# 8: bus 1 ticked recall-safe: a recall leaves it alone
ok1=no
if open_scenes && wait_for 50 shown scenes-bus-safe-1; then
  settled scenes-bus-safe-1
  click scenes-bus-safe-1
  sleep 0.5
  close_popover scenes-new-name
fi
osc_set /strip/1/fader -20
osc_set /bus/1/fader -20
recall_scene_1 && ok1=yes
sleep 0.5
if [ $ok1 = yes ] && osc_check /bus/1/fader "$(near -20)"; then
  echo "ok 8 - a recall leaves a recall-safe bus alone (strip 1 $(osc_value /strip/1/fader) dB, bus 1 $(osc_value /bus/1/fader) dB)"
else
  echo "not ok 8 - a recall leaves a recall-safe bus alone (strip 1 '$(osc_value /strip/1/fader)', bus 1 '$(osc_value /bus/1/fader)')"
fi
wait_for 50 unmapped scenes-new-name || close_popover scenes-new-name

# the safe is in the session file: "recall_safe": {..., "buses": {"1": [...]}}
save
if awk '/"recall_safe"/ { r = 1 } r && /"buses"/ { b = 1 } b && /"1" : \[/ { found = 1 }
        END { exit !found }' "$tmp/session.json"; then
  echo "ok 9 - the recall-safe bus is saved in the session file"
else
  echo "not ok 9 - the recall-safe bus is saved in the session file"
  sed -n '/"recall_safe"/,$p' "$tmp/session.json" | head -n 20 | sed 's/^/# /'
fi

# 10: a new scene from the panel is an unsaved change: Ctrl+Q asks (the
# program keeps running), Return (Save) writes it and quits
asked=no
if open_scenes; then
  click scenes-new-name
  sleep 0.3
  xdotool key --clearmodifiers ctrl+a
  xdotool type --delay 30 "Outro"
  xdotool key Return
  wait_for 50 shown scene-2-recall
  close_popover scenes-new-name
fi
xdotool key --clearmodifiers ctrl+q
sleep 1.5
kill -0 "$mix_pid" 2>/dev/null && asked=yes
xdotool key Return
k=0
while [ $k -lt 100 ] && kill -0 "$mix_pid" 2>/dev/null; do sleep 0.1; k=$((k + 1)); done
if kill -0 "$mix_pid" 2>/dev/null; then
  kill "$mix_pid" 2>/dev/null
fi
wait "$mix_pid" 2>/dev/null
mix_pid=
names=$(scene_names | tr '\n' ' ')
if [ $asked = yes ] && [ "$names" = "Chorus Outro " ]; then
  echo "ok 10 - a scene saved in the panel is an unsaved change: Ctrl+Q asks, Save writes it (scenes: $names)"
else
  echo "not ok 10 - a scene saved in the panel is an unsaved change: Ctrl+Q asks, Save writes it (asked $asked; scenes: '$names')"
fi
mv "$tmp/mixdesk.log" "$tmp/mixdesk-1.log"

# 11: Open (Ctrl+O) of that file in a console with a scene of its own
# brings the file's scenes and the bus safe; --save writes the console
"$mixdesk" --headless --no-osc --strip jack:x --buses 1 --quit-after 0.5 \
  --save "$tmp/empty.json" >"$tmp/headless2.log" 2>&1
"$mixdesk" --no-osc --save "$tmp/out.json" "$tmp/empty.json" >"$tmp/mixdesk.log" 2>&1 &
mix_pid=$!
wait_for 300 has_geometry scenes-button
sleep 1
xdotool key --clearmodifiers ctrl+o
sleep 1.5
xdotool type --delay 5 "$tmp/session.json"
sleep 0.3
xdotool key Return
k=0
while [ $k -lt 100 ] && [ -z "$(xdotool search --onlyvisible --name 'session\.json' 2>/dev/null)" ]; do
  sleep 0.1; k=$((k + 1))
done
sleep 0.5
xdotool key --clearmodifiers ctrl+q
k=0
while [ $k -lt 100 ] && kill -0 "$mix_pid" 2>/dev/null; do sleep 0.1; k=$((k + 1)); done
if kill -0 "$mix_pid" 2>/dev/null; then
  xdotool key Escape
  kill "$mix_pid" 2>/dev/null
fi
wait "$mix_pid" 2>/dev/null
mix_pid=
opened=$(awk '/"scenes"/ { s = 1 } s && /"name"/ { sub(/.*"name" : "/, ""); sub(/".*/, ""); print }
              s && /"recall_safe"/ { s = 0 }' "$tmp/out.json" 2>/dev/null | tr '\n' ' ')
if [ "$opened" = "Chorus Outro " ] \
   && awk '/"recall_safe"/ { r = 1 } r && /"buses"/ { b = 1 } b && /"1" : \[/ { found = 1 }
           END { exit !found }' "$tmp/out.json"; then
  echo "ok 11 - Open brings the file's scenes and recall-safes into the console (scenes: $opened)"
else
  echo "not ok 11 - Open brings the file's scenes and recall-safes into the console (scenes: '$opened')"
fi

if cat "$tmp/mixdesk-1.log" "$tmp/mixdesk.log" | grep -qE 'CRITICAL|WARNING|Gtk-|GLib-'; then
  echo "not ok 12 - no GLib/GTK warnings"
  cat "$tmp/mixdesk-1.log" "$tmp/mixdesk.log" | grep -E 'CRITICAL|WARNING|Gtk-|GLib-' | head -n 20 | sed 's/^/# /'
else
  echo "ok 12 - no GLib/GTK warnings"
fi
