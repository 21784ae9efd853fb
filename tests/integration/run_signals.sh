#!/bin/sh
# Signals sent to preflight run reach the command it started, and the
# command's own answer (its exit status) is what the launcher gets back.
. "$top_srcdir/tests/integration/lib.sh"

port=$(pf_free_port)
cat >"$PF_TMP/child.py" <<'PY'
import signal, sys, time, os
def on(sig, frame):
    open(sys.argv[1], "w").write(str(sig))
    sys.exit(40 + sig)
for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1):
    signal.signal(s, on)
open(sys.argv[1] + ".ready", "w").write(str(os.getpid()))
time.sleep(30)
sys.exit(0)
PY

for sig in TERM HUP USR1; do
    rm -f "$PF_TMP/got" "$PF_TMP/got.ready"
    "$PREFLIGHT" run "127.0.0.1:$port" -- python3 "$PF_TMP/child.py" "$PF_TMP/got" >"$PF_TMP/out" 2>&1 &
    shim=$!
    pf_track "$shim"
    for _ in $(seq 1 100); do [ -e "$PF_TMP/got.ready" ] && break; sleep 0.05; done
    [ -e "$PF_TMP/got.ready" ] || pf_fail "the command did not start"
    kill -"$sig" "$shim"
    wait "$shim"
    rc=$?
    num=$(python3 -c "import signal; print(int(signal.SIG$sig))")
    [ "$(cat "$PF_TMP/got" 2>/dev/null)" = "$num" ] || pf_fail "SIG$sig did not reach the command"
    [ "$rc" -eq $((40 + num)) ] || pf_fail "exit status $rc after SIG$sig, not the command's $((40 + num))"
    pf_pass "SIG$sig passed on, the command's status $rc given back"
done

"$PREFLIGHT" run "127.0.0.1:$port" -- sh -c 'kill -KILL $$' >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 137 ] || pf_fail "a command killed by SIGKILL gave $rc, not 137"
pf_pass "death by signal N gives 128+N"
