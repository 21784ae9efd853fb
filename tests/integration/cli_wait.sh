#!/bin/sh
# Issue 23: preflight wait and --wait, against real holders that leave
# (or not): the exit status a script relies on, and the line that says
# whom it waited for.
. "$top_srcdir/tests/integration/lib.sh"

HOLD="$top_builddir/tests/integration/pf-hold-port"

# hold_for PORT SECONDS: a holder (lib.sh's, ready when this returns)
# that leaves SECONDS after it is ready ("stay": not by itself); sets H
# and HP (the same process).  Counted from ready, not from launch: a start
# slowed by load or a sanitizer must not use up the holder's time before
# it holds anything.
hold_for() {
    pf_hold_port 127.0.0.1 "$1"
    H=$PF_HOLDER_PID
    HP=$H
    if [ "$2" != stay ]; then
        (sleep "$2"; kill "$H" 2>/dev/null) &
        pf_track $!
    fi
}

p=$(pf_free_port)

# --- a free port: at once, nothing to say --------------------------------
"$PREFLIGHT" wait "127.0.0.1:$p" >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/out"; pf_fail "wait on a free port: exit $rc"; }
[ ! -s "$PF_TMP/out" ] || { cat "$PF_TMP/out"; pf_fail "wait on a free port said something"; }
pf_pass "wait: a free port, exit 0 at once"

# --- a holder that leaves after 0.6 s --------------------------------------
hold_for "$p" 0.6
"$PREFLIGHT" wait --timeout 5 "127.0.0.1:$p" >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/out"; pf_fail "wait for a leaving holder: exit $rc"; }
pf_contains "$PF_TMP/out" "for 127.0.0.1:$p, held by PID $HP pf-hold-port, to be released"
grep -Eq '^waited [0-9]+\.[0-9] s for ' "$PF_TMP/out" || { cat "$PF_TMP/out"; pf_fail "no 'waited N.N s'"; }
wait "$H" 2>/dev/null
pf_pass "wait: a leaving holder, waited for and named"

# --- a holder that stays: exit 1 at the timeout, the usual explanation ----
hold_for "$p" stay
t0=$(date +%s%N)
"$PREFLIGHT" wait --timeout 0.5 "127.0.0.1:$p" >"$PF_TMP/out" 2>&1
rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$rc" -eq 1 ] || { cat "$PF_TMP/out"; pf_fail "wait on a held port: exit $rc, expected 1"; }
pf_contains "$PF_TMP/out" "it is still held"
pf_contains "$PF_TMP/out" "port $p is in use by pf-hold-port (PID $HP"
[ "$ms" -lt 5000 ] || pf_fail "wait --timeout 0.5 took $ms ms"
kill "$H" 2>/dev/null; wait "$H" 2>/dev/null
pf_pass "wait: a holder that stays, exit 1 with the explanation"

# --- check --wait ----------------------------------------------------------
hold_for "$p" 0.6
"$PREFLIGHT" check --no-color --wait 5 "127.0.0.1:$p" >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/out"; pf_fail "check --wait: exit $rc"; }
pf_contains "$PF_TMP/out" "preflight: waited "
pf_contains "$PF_TMP/out" "held by PID $HP pf-hold-port, to be released"
pf_not_contains "$PF_TMP/out" "is in use by"
wait "$H" 2>/dev/null
# without --wait the same holder is a conflict (the grace is what changed)
hold_for "$p" 0.6
"$PREFLIGHT" check --no-color "127.0.0.1:$p" >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/out"; pf_fail "check without --wait: exit $rc"; }
wait "$H" 2>/dev/null
pf_pass "check --wait: the grace, and what it waited for"

# --- run --wait: the command starts once the port is free ---------------
hold_for "$p" 0.6
"$PREFLIGHT" run --on-conflict fail --wait 5 "127.0.0.1:$p" -- sh -c 'echo started' \
    >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/out"; pf_fail "run --wait: exit $rc"; }
pf_contains "$PF_TMP/out" "started"
pf_contains "$PF_TMP/out" "held by PID $HP pf-hold-port, to be released"
wait "$H" 2>/dev/null
pf_pass "run --wait --on-conflict fail: started once the holder left"

# --- usage -----------------------------------------------------------------
"$PREFLIGHT" check --wait soon 80 >"$PF_TMP/out" 2>&1
[ $? -eq 2 ] || pf_fail "--wait soon: not a usage error"
pf_contains "$PF_TMP/out" "--wait takes seconds"
"$PREFLIGHT" wait >"$PF_TMP/out" 2>&1
[ $? -eq 2 ] || pf_fail "wait without a target: not a usage error"
pf_pass "usage errors"
