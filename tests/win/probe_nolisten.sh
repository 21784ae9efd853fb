#!/bin/sh
# The Windows probe binds and never listens: listen() on a wildcard
# address is what raises Windows Defender Firewall's Security Alert for
# preflight.exe.  Wine's ws2_32 traces every listen() call on the winsock
# debug channel ("trace:winsock:listen socket 0x.., backlog N"), so the
# probe runs under WINEDEBUG=+winsock and the trace must show the bind()
# of each address and no listen().  A port held by another process must
# still be found at bind().
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
[ -n "${WINE:-}" ] || pf_skip "no Wine"
pf_wine_init || pf_fail "could not create the Wine prefix"

port=$(pf_free_port 0.0.0.0)
rc=0
WINEDEBUG=+winsock pf_wine_run "$PREFLIGHT" check --no-color "$port" \
    >"$PF_TMP/free.out" 2>"$PF_TMP/free.trace" || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/free.out"; pf_fail "check of a free port exited $rc"; }
pf_contains "$PF_TMP/free.out" ":$port free"
pf_contains "$PF_TMP/free.trace" "address 0.0.0.0, port $port }"
if grep -q 'trace:winsock:listen' "$PF_TMP/free.trace"; then
    grep 'trace:winsock:listen' "$PF_TMP/free.trace"
    pf_fail "the probe called listen()"
fi
pf_pass "free port $port: bound, never listened"

# a Linux process holds the port: the bind alone must find it
python3 - "$port" >"$PF_TMP/hold.out" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(); s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(1)
print("ready", flush=True); time.sleep(120)
PY
pf_track $!
for _ in $(seq 1 100); do grep -q ready "$PF_TMP/hold.out" && break; sleep 0.05; done
rc=0
WINEDEBUG=+winsock pf_wine_run "$PREFLIGHT" check --no-color "$port" \
    >"$PF_TMP/held.out" 2>"$PF_TMP/held.trace" || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/held.out"; pf_fail "check of a held port exited $rc, not 1"; }
if grep -q 'trace:winsock:listen' "$PF_TMP/held.trace"; then
    pf_fail "the probe called listen() on a held port"
fi
pf_pass "held port $port: found at bind(), never listened"
exit 0
