#!/bin/sh
# preflight run gives back the command's exit status, says when the
# command cannot be started, and with --on-conflict fail does not start it
# at all when a port is held.
. "$top_srcdir/tests/integration/lib.sh"

port=$(pf_free_port)

"$PREFLIGHT" run "127.0.0.1:$port" -- sh -c 'exit 7' >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 7 ] || { cat "$PF_TMP/out"; pf_fail "exit status $rc, not the command's 7"; }
pf_pass "the command's exit status is passed through"

"$PREFLIGHT" run "127.0.0.1:$port" -- sh -c 'echo out; echo err >&2' >"$PF_TMP/o" 2>"$PF_TMP/e"
[ $? -eq 0 ] || pf_fail "a successful command did not give 0"
pf_contains "$PF_TMP/o" "out"
pf_contains "$PF_TMP/e" "err"
pf_pass "the command shares standard output and error"

"$PREFLIGHT" run "127.0.0.1:$port" -- "$PF_TMP/no-such-server" >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 127 ] || { cat "$PF_TMP/out"; pf_fail "exit status $rc for a missing command, not 127"; }
pf_contains "$PF_TMP/out" "cannot run $PF_TMP/no-such-server"
pf_pass "a command that cannot be started is named, status 127"

"$PREFLIGHT" run "127.0.0.1:$port" >"$PF_TMP/out" 2>&1
[ $? -eq 2 ] || pf_fail "run without a command is not a usage error"
"$PREFLIGHT" run --on-conflict sometimes -- true >"$PF_TMP/out" 2>&1
[ $? -eq 2 ] || pf_fail "a bad --on-conflict is not a usage error"
pf_contains "$PF_TMP/out" "warn, fail or fix"
pf_pass "usage errors give 2"

pf_hold_port 127.0.0.1 "$port"
"$PREFLIGHT" run --on-conflict fail "127.0.0.1:$port" -- touch "$PF_TMP/started" >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/out"; pf_fail "exit status $rc with a held port in fail mode, not 1"; }
[ ! -e "$PF_TMP/started" ] || pf_fail "the command ran although --on-conflict fail"
pf_contains "$PF_TMP/out" "$PF_HOLDER_PID"
# the host interface's lines, as the modules log them: every one tagged,
# the refusal last, in the modules' words
grep -v '^preflight: ' "$PF_TMP/out" | grep -q . && { cat "$PF_TMP/out"; pf_fail "a line without 'preflight: '"; }
tail -n 1 "$PF_TMP/out" | grep -q "^preflight: not starting: 127.0.0.1:$port cannot be bound: .*PID $PF_HOLDER_PID" \
    || { cat "$PF_TMP/out"; pf_fail "the last line is not the modules' refusal"; }
pf_pass "--on-conflict fail: findings naming PID $PF_HOLDER_PID, the refusal last, command not started"

"$PREFLIGHT" run "127.0.0.1:$port" -- sh -c 'touch "$0"; exit 3' "$PF_TMP/started" >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat "$PF_TMP/out"; pf_fail "warn mode did not give the command's status"; }
[ -e "$PF_TMP/started" ] || pf_fail "warn mode did not start the command"
pf_contains "$PF_TMP/out" "checking its ports again"
pf_pass "warn: findings, the command runs, an early failure is checked again"
