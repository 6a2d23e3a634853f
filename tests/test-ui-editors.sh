#!/bin/sh
# test-ui-editors.sh: the processing editors and the DCA panel under Xvfb
# on a private jackd, driven with xdotool — a click on strip 1's EQ
# thumbnail opens its editor, dragging an EQ band's handle changes the
# band's frequency and gain, the compressor page draws the live operating
# point, the master's editor shows the multiband's and
# the limiter's gain reduction, a drag on DCA 1's fader changes it, the
# strip editor's Output page routes strip 1 to a group bus, the loudness
# panel's menu sets the delivery target, the + menu connects the master
# to the playback ports, a click on a JACK strip's input chooses the
# ports that feed it. Values
# are read back through OSC (oscdump of a /subscribe lease).
# Widgets are found on screen through the MD_UI_DEBUG_GEOMETRY hook
# (src/ui/md-debug-geometry.h), not through fixed coordinates.
# TAP output; skips when Xvfb, xdotool, imagemagick, liblo-tools or jackd
# are missing.
# SPDX-License-Identifier: GPL-3.0-or-later

builddir=${MD_TOP_BUILDDIR:-$(cd "$(dirname "$0")/.." && pwd)}
srcdir=${MD_TOP_SRCDIR:-$builddir}
mixdesk=${MD_MIXDESK:-$builddir/mixdesk}
gen="$builddir/data/demo/md-demo-gen"
logdir="$builddir/tests"
N=13

skip_all () { echo "1..0 # SKIP $*"; exit 0; }

if [ "${1:-}" != "--inner" ]; then
  for tool in xvfb-run xdotool import convert jackd jack_wait jack_lsp oscsend oscdump; do
    command -v "$tool" >/dev/null 2>&1 || skip_all "$tool is not installed"
  done
  [ -x "$mixdesk" ] || skip_all "$mixdesk is not built"
  [ -x "$gen" ] || skip_all "$gen is not built"
  exec xvfb-run -a -s '-screen 0 1600x900x24' sh "$0" --inner
fi

export MD_UI_DEBUG_GEOMETRY=1

# OSC ports of this run (mixdesk's, and oscdump's for the feedback)
osc_port=$((20000 + $$ % 20000))
dump_port=$((osc_port + 1))

. "$srcdir/tests/ui-lib.sh"
md_ui_setup editors

"$gen" --quiet --seconds 60 "$tmp/demo" || { echo "Bail out! md-demo-gen failed"; exit 1; }
"$mixdesk" --headless --no-osc --buses 1 --strip "$tmp/demo/kick.wav" --strip "$tmp/demo/bass.wav" \
  --strip "$tmp/demo/pad.wav" --strip "$tmp/demo/lead.wav" --strip jack:talk \
  --set /strip/1/comp/on=1 --set /strip/1/comp/threshold=-30 --set /strip/1/gate/on=1 \
  --set /master/mb/on=1 --set /master/mb/1/threshold=-50 --set /master/mb/2/threshold=-50 \
  --set /master/mb/3/threshold=-50 --set /master/mb/1/ratio=10 --set /master/mb/2/ratio=10 \
  --set /master/mb/3/ratio=10 --set /master/limiter/on=1 --set /master/limiter/ceiling=-12 \
  --set /master/mb/1/gain=12 --set /master/mb/2/gain=12 --set /master/mb/3/gain=12 \
  --quit-after 0.5 --save "$tmp/session.json" >"$tmp/headless.log" 2>&1 \
  || { echo "Bail out! headless mixdesk failed"; sed 's/^/# /' "$tmp/headless.log"; exit 1; }

"$mixdesk" --osc-port "$osc_port" --play "$tmp/session.json" >"$tmp/mixdesk.log" 2>&1 &
mix_pid=$!

# drag from (X, Y) by (DX, DY) in steps
drag () {
  xdotool mousemove "$1" "$2" mousedown 1
  sleep 0.1
  for s in 1 2 3 4 5 6 7 8; do
    xdotool mousemove $(($1 + $3 * s / 8)) $(($2 + $4 * s / 8))
    sleep 0.05
  done
  sleep 0.1
  xdotool mouseup 1
}

if ! wait_for 300 has_geometry strip-1-edit; then
  echo "Bail out! no window (or no md-geometry lines)"
  sed 's/^/# /' "$tmp/mixdesk.log"
  exit 1
fi

oscdump -L "$dump_port" >"$tmp/osc.log" 2>&1 &
dump_pid=$!
sleep 0.3
oscsend localhost "$osc_port" /subscribe ii 60 "$dump_port"
if wait_for 100 osc_check /strip/1/eq/2/freq 'v > 0'; then
  echo "ok 2 - the window is up, OSC feedback subscribed (/strip/1/eq/2/freq $(osc_value /strip/1/eq/2/freq) Hz)"
else
  echo "not ok 2 - the window is up, OSC feedback subscribed"
  sed 's/^/# /' "$tmp/osc.log" | head -n 20
fi
freq0=$(osc_value /strip/1/eq/2/freq)

# Robustness on a loaded machine: every step waits for its condition
# (with a timeout) and the pointer actions are retried a few times
# (wait_for, open_by_click, settled, close_popover: tests/ui-lib.sh).

# mean of the screen's pixels in W x H at (X, Y) of NAME, channel CH
# (mean, mean.r, ...), in thousandths; 0 when NAME is not shown
mean_of () {
  geometry "$1" || { echo 0; return; }
  import -window root -crop "${4}x${5}+$((gx + $2))+$((gy + $3))" "$tmp/crop.png" 2>/dev/null
  convert "$tmp/crop.png" -format "%[fx:int(1000*$6)]" info: 2>/dev/null || echo 0
}

# strip 1's EQ thumbnail opens its editor (the curve gets mapped)
if open_by_click strip-1-edit strip-1-editor-curve; then
  echo "ok 3 - a click on the EQ thumbnail opens strip 1's editor"
else
  echo "not ok 3 - a click on the EQ thumbnail opens strip 1's editor"
fi

# drag band 2's handle (at its frequency on a 20 Hz - 20 kHz log axis,
# at its gain on a +-18 dB axis) right and up
for attempt in 1 2 3; do
  settled strip-1-editor-curve
  if geometry strip-1-editor-curve && [ -n "$freq0" ]; then
    f=$(osc_value /strip/1/eq/2/freq)
    g=$(osc_value /strip/1/eq/2/gain)
    hx=$(awk -v f="$f" -v w="$gw" -v x="$gx" 'BEGIN { printf "%d", x + w * log(f / 20) / log(1000) + 0.5 }')
    hy=$(awk -v g="${g:-0}" -v h="$gh" -v y="$gy" 'BEGIN { printf "%d", y + h / 2 - g / 18 * (h / 2 - 1) + 0.5 }')
    drag "$hx" "$hy" 60 -30
  fi
  wait_for 30 osc_check /strip/1/eq/2/freq "v > 1.3 * $freq0" \
    && wait_for 20 osc_check /strip/1/eq/2/gain 'v > 3' && break
done
if osc_check /strip/1/eq/2/freq "v > 1.3 * $freq0" && osc_check /strip/1/eq/2/gain 'v > 3'; then
  echo "ok 4 - dragging EQ band 2's handle changes it (/strip/1/eq/2: $freq0 -> $(osc_value /strip/1/eq/2/freq) Hz, $(osc_value /strip/1/eq/2/gain) dB)"
else
  echo "not ok 4 - dragging EQ band 2's handle changes it (freq $freq0 -> '$(osc_value /strip/1/eq/2/freq)', gain '$(osc_value /strip/1/eq/2/gain)')"
fi

# its compressor page draws the live operating point: a yellow dot
# (#ffd959) on the transfer curve; the kick decays to silence between
# hits (no dot then): look a few times
dot=0
if open_by_click strip-1-editor-page-comp/ strip-1-editor-comp-curve; then
  k=0
  while [ $k -lt 30 ] && [ "${dot:-0}" -lt 10 ]; do
    sleep 0.3
    geometry strip-1-editor-comp-curve
    import -window root -crop "${gw}x${gh}+${gx}+${gy}" "$tmp/comp.png" 2>/dev/null
    dot=$(convert "$tmp/comp.png" -fuzz 10% -fill black +opaque '#ffd959' -fill white -opaque '#ffd959' \
            -format '%[fx:int(w*h*mean)]' info: 2>/dev/null || echo 0)
    k=$((k + 1))
  done
  import -window root "$logdir/test-ui-editors-comp.png" 2>/dev/null
fi
if [ "${dot:-0}" -ge 10 ]; then
  echo "ok 5 - the compressor page draws the live operating point ($dot dot pixels)"
else
  echo "not ok 5 - the compressor page draws the live operating point ('$dot' dot pixels; $logdir/test-ui-editors-comp.png)"
fi
close_popover strip-1-editor-curve

# the master's editor: its multiband page shows a GR bar per band, its
# limiter page the limiter's GR (bars hang from the top, resp. grow from
# the left, over a background of 0.07 grey)
# (the sources are 60 s long: start them over for the readings)
oscsend localhost "$osc_port" /transport/locate i 0
mb_mean=0
if open_by_click master-edit master-editor-curve \
   && open_by_click master-editor-page-mb/ master-editor-mb-gr; then
  k=0
  while [ $k -lt 30 ] && [ "${mb_mean:-0}" -le 150 ]; do
    sleep 0.3
    geometry master-editor-mb-gr
    mb_mean=$(mean_of master-editor-mb-gr 0 0 "$gw" 4 mean)
    k=$((k + 1))
  done
  import -window root "$logdir/test-ui-editors-master.png" 2>/dev/null
fi
if [ "${mb_mean:-0}" -gt 150 ]; then
  echo "ok 6 - the master editor's multiband page draws the bands' gain reduction (top rows mean $mb_mean/1000)"
else
  echo "not ok 6 - the master editor's multiband page draws the bands' gain reduction (top rows mean '$mb_mean'/1000; $logdir/test-ui-editors-master.png)"
fi

# the limiter alone (the multiband out of the way): a red bar from the left
oscsend localhost "$osc_port" /master/mb/on i 0
oscsend localhost "$osc_port" /transport/locate i 0
lim_red=0
if open_by_click master-editor-page-limiter/ master-editor-limiter-gr; then
  k=0
  while [ $k -lt 30 ] && [ "${lim_red:-0}" -le 500 ]; do
    sleep 0.3
    geometry master-editor-limiter-gr
    lim_red=$(mean_of master-editor-limiter-gr 0 $((gh / 2)) $((gw / 8)) 2 mean.r)
    k=$((k + 1))
  done
  import -window root "$logdir/test-ui-editors-limiter.png" 2>/dev/null
fi
if [ "${lim_red:-0}" -gt 500 ]; then
  echo "ok 7 - the master editor's limiter page draws the limiter's gain reduction (red $lim_red/1000)"
else
  echo "not ok 7 - the master editor's limiter page draws the limiter's gain reduction (red '$lim_red'/1000; $logdir/test-ui-editors-limiter.png)"
fi
close_popover master-editor-curve

# DCA 1's fader: a drag down (relative, anywhere on the fader)
for attempt in 1 2 3; do
  if geometry dca-1-fader; then
    drag $((gx + gw / 2)) $((gy + gh / 3)) 0 80
  fi
  wait_for 30 osc_check /dca/1/fader 'v < -1' && break
done
if osc_check /dca/1/fader 'v < -1'; then
  echo "ok 8 - dragging DCA 1's fader changes /dca/1/fader (0 -> $(osc_value /dca/1/fader) dB)"
else
  echo "not ok 8 - dragging DCA 1's fader changes /dca/1/fader ('$(osc_value /dca/1/fader)')"
fi

# pick item ITEM (0 the first) of the open drop-down's list (the list has
# the focus, on the selected item; Home makes it absolute)
pick () {
  sleep 0.7
  xdotool key Home
  k=0
  while [ $k -lt "$1" ]; do xdotool key Down; k=$((k + 1)); done
  xdotool key Return
}

# strip 1's editor, Output page: the route menu to "Bus 1"
routed=no
if open_by_click strip-1-edit strip-1-editor-curve \
   && open_by_click strip-1-editor-page-route strip-1-editor-route; then
  for attempt in 1 2 3; do
    settled strip-1-editor-route
    click strip-1-editor-route
    pick 1
    wait_for 30 osc_check /strip/1/route 'v == 1' && { routed=yes; break; }
  done
fi
if [ $routed = yes ]; then
  echo "ok 9 - the editor's Output page routes strip 1 to bus 1 (/strip/1/route $(osc_value /strip/1/route))"
else
  echo "not ok 9 - the editor's Output page routes strip 1 to bus 1 (/strip/1/route '$(osc_value /strip/1/route)')"
fi
close_popover strip-1-editor-curve

# the loudness panel's delivery target menu: streaming (the 5th entry)
for attempt in 1 2 3; do
  click loudness-target
  pick 4
  wait_for 30 osc_check /master/target 'v == 4' && break
done
if osc_check /master/target 'v == 4'; then
  echo "ok 10 - the loudness panel's menu sets the delivery target (/master/target 4, streaming)"
else
  echo "not ok 10 - the loudness panel's menu sets the delivery target (/master/target '$(osc_value /master/target)')"
fi

# the + menu's "Outputs to JACK inputs": playback_1 and (Ctrl+click)
# playback_2, Connect the Master
# true when our port (short name OURS) is connected to the port FOREIGN
jack_connected () {
  jack_lsp -c 2>/dev/null | awk -v ours=":$1" -v foreign="$2" '
    /^[^ ]/ { port = $0; next }
    substr(port, length(port) - length(ours) + 1) == ours && $1 == foreign { ok = 1 }
    END { exit !ok }'
}
master_connected () {
  jack_connected master_L system:playback_1 && jack_connected master_R system:playback_2
}
for attempt in 1 2 3; do
  if open_by_click add-button add-master-dest && settled add-master-dest && geometry add-master-dest; then
    # two rows: the playback ports, in order
    xdotool mousemove $((gx + 20)) $((gy + gh / 4)) click 1
    sleep 0.3
    xdotool mousemove $((gx + 20)) $((gy + 3 * gh / 4)) keydown ctrl click 1 keyup ctrl
    sleep 0.3
    click add-connect-master
  fi
  wait_for 30 master_connected && break
  shown add-master-dest && close_popover add-master-dest
done
if master_connected; then
  echo "ok 11 - the + menu connects the master to the playback ports"
else
  echo "not ok 11 - the + menu connects the master to the playback ports"
  jack_lsp -c 2>/dev/null | sed 's/^/# /' | head -n 30
fi

# strip 5 (jack:talk, nothing connected): a click on its input under the
# name, system:capture_2 in the list, Connect
talk_connected () { jack_connected talk system:capture_2; }
for attempt in 1 2 3; do
  if open_by_click strip-5-input input-port-2 && settled input-port-2; then
    click input-port-2
    sleep 0.3
    click input-connect
  fi
  wait_for 30 talk_connected && break
  shown input-connect && xdotool key Escape
done
if talk_connected; then
  echo "ok 12 - a click on a JACK strip's input connects it to the chosen port"
else
  echo "not ok 12 - a click on a JACK strip's input connects it to the chosen port"
  jack_lsp -c 2>/dev/null | sed 's/^/# /' | head -n 30
fi

kill "$mix_pid" 2>/dev/null
wait "$mix_pid" 2>/dev/null
mix_pid=
if grep -qE 'CRITICAL|WARNING|Gtk-|GLib-' "$tmp/mixdesk.log"; then
  echo "not ok 13 - no GLib/GTK warnings"
  grep -E 'CRITICAL|WARNING|Gtk-|GLib-' "$tmp/mixdesk.log" | head -n 20 | sed 's/^/# /'
else
  echo "ok 13 - no GLib/GTK warnings"
fi
