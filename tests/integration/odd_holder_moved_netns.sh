#!/bin/sh
# The owner scan first skips processes of other network namespaces than
# the one the sockets were found in (a container's processes hold their
# own namespace's sockets), and visits them only when a socket still has
# no holder.  A process that bound a port here and then moved into a
# namespace of its own still holds it: it must still be named.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/odd_lib.sh"

pf_odd_need_netns
pf_odd_need_json
port=$(pf_free_port)

python3 - "$port" >"$PF_TMP/holder.out" 2>&1 <<'PY' &
import ctypes, os, socket, sys, time
# fds enough that the scan asks for its namespace (it does from 33 on)
extra = [open(os.devnull) for _ in range(40)]
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
if ctypes.CDLL(None, use_errno=True).unshare(0x40000000) != 0:  # CLONE_NEWNET
    print("unshare failed", ctypes.get_errno(), flush=True)
    sys.exit(1)
print("ready", os.getpid(), flush=True)
time.sleep(60)
PY
holder=$!
pf_track "$holder"
for _ in $(seq 1 100); do grep -q 'ready\|failed' "$PF_TMP/holder.out" && break; sleep 0.05; done
grep -q "ready $holder" "$PF_TMP/holder.out" || { cat "$PF_TMP/holder.out"; pf_fail "the holder did not start"; }
[ "$(readlink /proc/$holder/ns/net)" != "$(readlink /proc/self/ns/net)" ] \
    || pf_fail "the holder is still in this namespace"

pf_odd_check "$PF_TMP/out.json" "127.0.0.1:$port"
[ "$rc" -eq 1 ] || { cat "$PF_TMP/out.json"; pf_fail "exit $rc, expected 1 (in use)"; }
pids=$(pf_json "$PF_TMP/out.json" '" ".join(str(h.get("pid")) for t in j["targets"] for f in t.get("findings", []) for h in f.get("holders", []))')
case " $pids " in
    *" $holder "*) ;;
    *) cat "$PF_TMP/out.json"; pf_fail "the holder $holder is not named (named: $pids)" ;;
esac
pf_pass "a holder that moved to another network namespace is still named"
