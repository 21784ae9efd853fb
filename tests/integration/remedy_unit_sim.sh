#!/bin/sh
# preflight fix --apply / undo --apply through the real command, on a
# machine without systemd: the test's own holder in a cgroup named like a
# systemd service, and a stand-in `systemctl` first in PATH that stops and
# starts that holder, and only it (unit_sim_lib.sh).  What this proves: the plan
# offers stop-unit, --apply without --yes and without a terminal is
# refused, --apply --yes runs `systemctl stop` (journalled, port free),
# `undo --apply` runs `systemctl start` (port held again, journal
# archived), a second undo has nothing to do, and without root nothing is
# run (exit 3).  The stand-in also answers `systemctl show` for the unit
# (its cgroup, the holder as its main process): the proof of possession
# preflight asks for before it plans a stop.  What it does not: sd-bus.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/unit_sim_lib.sh"

[ "$(id -u)" -eq 0 ] || pf_skip "needs root (a cgroup for the holder)"
[ -d /run/systemd/system ] && pf_skip "systemd runs here: remedy_linux.sh uses a real unit"

unit="pf-remedy-sim-$$.service"
pf_unit_sim "$unit" || pf_skip "no writable cgroup hierarchy to name the holder's unit"
PREFLIGHT_STATE_DIR="$PF_TMP/state"
export PREFLIGHT_STATE_DIR
journal="$PREFLIGHT_STATE_DIR/journal"
fix() { PATH="$PF_TMP/bin:$PATH" "$PREFLIGHT" "$@"; }

fix fix "127.0.0.1:$port" --no-color >"$PF_TMP/plan.txt" 2>&1
[ $? -eq 1 ] || { cat "$PF_TMP/plan.txt"; pf_fail "dry run: exit code"; }
pf_contains "$PF_TMP/plan.txt" "[can be applied] stop-unit for 127.0.0.1:$port"
pf_contains "$PF_TMP/plan.txt" "systemctl stop $unit"
grep -q "^show --property=Id,ControlGroup,MainPID,User -- $unit" "$sim/calls" \
    || { cat "$sim/calls"; pf_fail "systemd (the stand-in) was not asked whether the holder is $unit's"; }
pf_contains "$PF_TMP/plan.txt" "systemd: PID $(cat "$sim/pid") is the main process of $unit"
pf_pass "the plan offers to stop $unit, proven by systemctl show"

if command -v setpriv >/dev/null 2>&1; then
    PATH="$PF_TMP/bin:$PATH" setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$PREFLIGHT" fix "127.0.0.1:$port" --apply --yes --no-color \
        >"$PF_TMP/nobody.txt" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] || { cat "$PF_TMP/nobody.txt"; pf_fail "not root: exit $rc, expected 3"; }
    # a user cannot even see root's holder: nothing may run, exit 3
    pf_contains "$PF_TMP/nobody.txt" "as root"
    [ -e "$sim/calls" ] && grep -q '^stop' "$sim/calls" && pf_fail "not root, yet systemctl stop ran"
    pf_pass "without root: nothing run, exit 3"
fi

fix fix "127.0.0.1:$port" --apply --no-color </dev/null >"$PF_TMP/notty.txt" 2>&1
[ $? -eq 3 ] || { cat "$PF_TMP/notty.txt"; pf_fail "no --yes, no terminal: exit code"; }
pf_contains "$PF_TMP/notty.txt" "without --yes"
kill -0 "$(cat "$sim/pid")" 2>/dev/null || pf_fail "the holder was stopped without --yes"
[ -e "$journal" ] && pf_fail "a refused --apply wrote a journal"
pf_pass "--apply without --yes and without a terminal: refused, exit 3"

if command -v script >/dev/null 2>&1; then
    # on a terminal it asks; anything but y/yes changes nothing
    echo n | PATH="$PF_TMP/bin:$PATH" script -qec \
        "$PREFLIGHT fix 127.0.0.1:$port --apply --no-color" /dev/null \
        >"$PF_TMP/tty.txt" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] || { cat "$PF_TMP/tty.txt"; pf_fail "answered n: exit $rc, expected 3"; }
    pf_contains "$PF_TMP/tty.txt" "Apply the 1 step(s) marked 'can be applied'? [y/N]"
    pf_contains "$PF_TMP/tty.txt" "nothing was changed"
    kill -0 "$(cat "$sim/pid")" 2>/dev/null || pf_fail "the holder was stopped after 'n'"
    [ -e "$journal" ] && pf_fail "answering n wrote a journal"
    pf_pass "on a terminal --apply asks, and 'n' changes nothing"
fi

fix fix "127.0.0.1:$port" --apply --yes --no-color >"$PF_TMP/apply.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/apply.txt"; pf_fail "--apply --yes: exit $rc"; }
pf_contains "$PF_TMP/apply.txt" "done: systemctl stop $unit"
pf_contains "$PF_TMP/apply.txt" "127.0.0.1:$port: free"
grep -q "state=done kind=unit op=stop subject=$unit before=active" "$journal" \
    || { cat "$journal"; pf_fail "the journal does not record the stop"; }
pf_pass "--apply --yes stopped $unit (journalled), port free"

fix undo >"$PF_TMP/undo-plan.txt" 2>&1
[ $? -eq 0 ] || pf_fail "undo dry run: exit code"
pf_contains "$PF_TMP/undo-plan.txt" "systemctl start $unit"
grep -q '^start' "$sim/calls" && pf_fail "undo without --apply started the unit"
fix undo --apply --yes >"$PF_TMP/undo.txt" 2>&1
[ $? -eq 0 ] || { cat "$PF_TMP/undo.txt"; pf_fail "undo --apply: exit code"; }
pf_contains "$PF_TMP/undo.txt" "done: systemctl start $unit"
pf_wait_listen "$port" || pf_fail "port $port is not held again after undo"
[ -e "$journal" ] && pf_fail "the journal was not archived"
ls "$PREFLIGHT_STATE_DIR"/journal.*.undone >/dev/null 2>&1 || pf_fail "no archived journal"
pf_pass "undo --apply started $unit again, journal archived"

fix undo --apply >"$PF_TMP/undo2.txt" 2>&1
pf_contains "$PF_TMP/undo2.txt" "Nothing to undo"
pf_pass "a second undo has nothing to undo"
