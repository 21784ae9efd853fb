#!/bin/sh
# preflight run --on-conflict fix carries out what `fix --apply` would,
# with the same safety, then starts the command.  As in
# remedy_unit_sim.sh, the test's own holder sits in a cgroup named like a
# systemd service and a stand-in `systemctl` first in PATH proves it the
# unit's main process (`show`), and stops and starts only it
# (unit_sim_lib.sh).  Without --yes and without a terminal nothing is
# changed and
# the command starts anyway (fail open); with --yes the unit is stopped
# (journalled, so `undo` can start it again) and the command finds the
# port free.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/unit_sim_lib.sh"

[ "$(id -u)" -eq 0 ] || pf_skip "needs root (a cgroup for the holder)"
[ -d /run/systemd/system ] && pf_skip "systemd runs here: the stand-in systemctl would not be used"

unit="pf-run-fix-$$.service"
pf_unit_sim "$unit" || pf_skip "no writable cgroup hierarchy to name the holder's unit"
PREFLIGHT_STATE_DIR="$PF_TMP/state"
export PREFLIGHT_STATE_DIR
# the command: binds the port itself and says whether it could
cat >"$PF_TMP/server.py" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
    print("bound")
except OSError as e:
    print("not bound: %s" % e)
    sys.exit(9)
PY
run() {
    PATH="$PF_TMP/bin:$PATH" "$PREFLIGHT" run "127.0.0.1:$port" --no-color "$@" \
        -- python3 "$PF_TMP/server.py" "$port"
}

run --on-conflict fix </dev/null >"$PF_TMP/noyes.out" 2>"$PF_TMP/noyes.err"
rc=$?
[ "$rc" -eq 9 ] || { cat "$PF_TMP/noyes.out" "$PF_TMP/noyes.err"; pf_fail "without --yes: exit $rc, expected the command's 9"; }
pf_contains "$PF_TMP/noyes.err" "without --yes"
pf_contains "$PF_TMP/noyes.err" "starting python3 anyway"
grep -q '^stop' "$sim/calls" 2>/dev/null && pf_fail "without --yes, systemctl stop ran"
kill -0 "$(cat "$sim/pid")" 2>/dev/null || pf_fail "the holder was stopped without --yes"
pf_pass "--on-conflict fix without --yes and without a terminal: nothing changed, the command starts"

run --on-conflict fix --yes >"$PF_TMP/fix.out" 2>"$PF_TMP/fix.err"
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/fix.out" "$PF_TMP/fix.err"; pf_fail "--on-conflict fix --yes: exit $rc"; }
pf_contains "$PF_TMP/fix.err" "[can be applied] stop-unit"
pf_contains "$PF_TMP/fix.err" "done: systemctl stop $unit"
pf_contains "$PF_TMP/fix.out" "bound"
grep -q "state=done kind=unit op=stop subject=$unit before=active" "$PREFLIGHT_STATE_DIR/journal" \
    || { cat "$PREFLIGHT_STATE_DIR/journal"; pf_fail "the stop was not journalled"; }
pf_pass "--on-conflict fix --yes stopped $unit (journalled), then the command bound the port"

PATH="$PF_TMP/bin:$PATH" "$PREFLIGHT" undo --apply --yes >"$PF_TMP/undo.out" 2>&1
[ $? -eq 0 ] || { cat "$PF_TMP/undo.out"; pf_fail "undo --apply --yes: exit code"; }
pf_wait_listen "$port" || pf_fail "undo did not start $unit again"
pf_pass "undo starts $unit again"
