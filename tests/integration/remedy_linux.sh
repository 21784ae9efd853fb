#!/bin/sh
# preflight fix / undo on Linux, end to end.  A process of the test's own
# holds a port: the plan says how to free it, but --apply never kills a
# process (exit 3), nothing is journalled, and undo has nothing to undo.
# A corrupt journal is reported with its line and left as it is.  When
# systemd runs (not in CI containers), a unit the test itself creates is
# stopped by `fix --apply --yes` and started again by `undo --apply`.
. "$top_srcdir/tests/integration/lib.sh"

PREFLIGHT_STATE_DIR="$PF_TMP/state"
export PREFLIGHT_STATE_DIR
journal="$PREFLIGHT_STATE_DIR/journal"

port=$(pf_free_port)
pf_hold_port 127.0.0.1 "$port"

# --- the plan (dry run) ----------------------------------------------
"$PREFLIGHT" fix "127.0.0.1:$port" --no-color >"$PF_TMP/plan.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/plan.txt"; pf_fail "dry run: exit $rc, expected 1"; }
pf_contains "$PF_TMP/plan.txt" "Remedy plan:"
pf_contains "$PF_TMP/plan.txt" "[advice] stop-process for 127.0.0.1:$port"
pf_contains "$PF_TMP/plan.txt" "kill $PF_HOLDER_PID"
pf_contains "$PF_TMP/plan.txt" "never killed automatically"
[ -e "$journal" ] && pf_fail "a dry run wrote a journal"
pf_pass "dry run shows the plan, exit 1"

"$PREFLIGHT" fix "127.0.0.1:$port" --json >"$PF_TMP/plan.json"
[ $? -eq 1 ] || pf_fail "fix --json: exit code"
[ "$(pf_json "$PF_TMP/plan.json" 'j["command"]')" = fix ] || pf_fail "json: command"
[ "$(pf_json "$PF_TMP/plan.json" '[s["status"] for s in j["steps"] if s["remedy"]=="stop-process"][0]')" = advice ] \
    || { cat "$PF_TMP/plan.json"; pf_fail "json: stop-process is not advice"; }
pf_pass "fix --json: one object, the process step is advice"

# --- --apply never kills a process --------------------------------------
"$PREFLIGHT" fix "127.0.0.1:$port" --apply --yes --no-color \
    >"$PF_TMP/apply.txt" 2>&1 </dev/null
rc=$?
[ "$rc" -eq 3 ] || { cat "$PF_TMP/apply.txt"; pf_fail "--apply on a process: exit $rc, expected 3"; }
kill -0 "$PF_HOLDER_PID" 2>/dev/null || pf_fail "the holder was killed"
pf_contains "$PF_TMP/apply.txt" "a process is never killed automatically"
[ -e "$journal" ] && pf_fail "--apply with nothing applied wrote a journal"
pf_pass "--apply --yes leaves the process alone, exit 3"

# --- --remedy names what is offered -------------------------------------
"$PREFLIGHT" fix "127.0.0.1:$port" --remedy no-such-remedy \
    >"$PF_TMP/named.txt" 2>&1
[ $? -eq 2 ] || { cat "$PF_TMP/named.txt"; pf_fail "unknown --remedy: exit code"; }
pf_contains "$PF_TMP/named.txt" "stop-process@127.0.0.1:$port"
pf_pass "an unknown --remedy lists the offered ones, exit 2"

# --- undo -----------------------------------------------------------------
"$PREFLIGHT" undo --apply >"$PF_TMP/undo.txt" 2>&1
[ $? -eq 0 ] || { cat "$PF_TMP/undo.txt"; pf_fail "undo: exit code"; }
pf_contains "$PF_TMP/undo.txt" "Nothing to undo"
pf_pass "undo: nothing to undo"

mkdir -p -m 700 "$PREFLIGHT_STATE_DIR"   # only root may write it
printf 'preflight-journal 1\nstep seq=1 state=done kind=unit op=stop subject=%%zz\n' >"$journal"
cp "$journal" "$PF_TMP/journal.orig"
"$PREFLIGHT" undo --apply >"$PF_TMP/corrupt.txt" 2>&1
[ $? -eq 3 ] || { cat "$PF_TMP/corrupt.txt"; pf_fail "corrupt journal: exit code"; }
pf_contains "$PF_TMP/corrupt.txt" "$journal:2:"
pf_contains "$PF_TMP/corrupt.txt" "left as it is"
cmp -s "$journal" "$PF_TMP/journal.orig" || pf_fail "the corrupt journal was changed"
rm -f "$journal"
pf_pass "a corrupt journal: error with its line, file untouched"

kill "$PF_HOLDER_PID"
wait "$PF_HOLDER_PID" 2>/dev/null
"$PREFLIGHT" fix "127.0.0.1:$port" >"$PF_TMP/free.txt" 2>&1
[ $? -eq 0 ] || { cat "$PF_TMP/free.txt"; pf_fail "fix on a free port: exit code"; }
pf_contains "$PF_TMP/free.txt" "Nothing to fix"
pf_pass "nothing to fix once the port is free, exit 0"

# --- a systemd unit of the test's own (only where systemd runs) -------------
if [ ! -d /run/systemd/system ] || [ "$(id -u)" -ne 0 ]; then
    echo "# systemd part skipped: systemd is not running here, or not root"
    exit 0
fi
unit="pf-remedy-test-$$.service"
uport=$(pf_free_port)
cat >"/run/systemd/system/$unit" <<EOF
[Unit]
Description=preflight remedy test holder (removed by the test)
[Service]
ExecStart=$top_builddir/tests/integration/pf-hold-port 127.0.0.1 $uport
EOF
pf_unit_cleanup() {
    systemctl stop "$unit" 2>/dev/null
    rm -f "/run/systemd/system/$unit"
    systemctl daemon-reload
}
pf_on_exit pf_unit_cleanup
systemctl daemon-reload && systemctl start "$unit" || pf_fail "cannot start $unit"
pf_wait_listen "$uport" || pf_fail "$unit does not listen on $uport"

"$PREFLIGHT" fix "127.0.0.1:$uport" --remedy stop-unit --apply \
    >"$PF_TMP/unit-notty.txt" 2>&1 </dev/null
[ $? -eq 3 ] || pf_fail "--apply without --yes and no terminal: exit code"
pf_contains "$PF_TMP/unit-notty.txt" "without --yes"
systemctl is-active -q "$unit" || pf_fail "$unit was stopped without --yes"
pf_pass "no terminal, no --yes: refused"

"$PREFLIGHT" fix "127.0.0.1:$uport" --remedy stop-unit --apply --yes \
    >"$PF_TMP/unit.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/unit.txt"; pf_fail "stop-unit: exit $rc"; }
systemctl is-active -q "$unit" && pf_fail "$unit is still active"
pf_contains "$PF_TMP/unit.txt" "127.0.0.1:$uport: free"
pf_pass "fix --apply --yes stopped $unit and freed the port"

"$PREFLIGHT" undo --apply --yes >"$PF_TMP/unit-undo.txt" 2>&1
[ $? -eq 0 ] || { cat "$PF_TMP/unit-undo.txt"; pf_fail "undo --apply: exit code"; }
systemctl is-active -q "$unit" || pf_fail "$unit was not started again"
"$PREFLIGHT" undo >"$PF_TMP/unit-undo2.txt" 2>&1
pf_contains "$PF_TMP/unit-undo2.txt" "Nothing to undo"
pf_pass "undo --apply started $unit again; a second undo has nothing to do"
