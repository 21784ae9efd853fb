#!/bin/sh
# Holders that come and go while preflight looks: a listener whose
# processes (a parent and forked children sharing the socket, like a
# server's workers) exit at any moment, also halfway through the /proc
# scan.  preflight must never crash: exit 0 or 1 only, valid JSON.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/odd_lib.sh"

pf_odd_need_json
port=$(pf_free_port)

python3 - "$port" >"$PF_TMP/churn.out" 2>&1 <<'PY' &
import os, random, socket, sys, time
port = int(sys.argv[1])
print("ready", flush=True)
while True:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port)); s.listen(8)
    except OSError:
        s.close(); time.sleep(0.01); continue
    kids = []
    for _ in range(3):
        pid = os.fork()
        if pid == 0:
            time.sleep(random.uniform(0, 0.03))
            os._exit(0)
        kids.append(pid)
    time.sleep(random.uniform(0, 0.03))
    s.close()
    for k in kids:
        os.waitpid(k, 0)
    time.sleep(random.uniform(0, 0.01))
PY
churn=$!
pf_track "$churn"
for _ in $(seq 1 100); do grep -q ready "$PF_TMP/churn.out" && break; sleep 0.05; done

seen_free=0; seen_used=0
for i in $(seq 1 40); do
    case $((i % 4)) in
        0) target="127.0.0.1:$port" ;;
        1) target="$port" ;;
        2) target="127.0.0.1:$port"; PREFLIGHT_NO_NETLINK=1; export PREFLIGHT_NO_NETLINK ;;
        3) target="$port" ;;
    esac
    pf_odd_check "$PF_TMP/run.json" "$target"
    unset PREFLIGHT_NO_NETLINK
    case $rc in
        0) seen_free=$((seen_free + 1)) ;;
        1) seen_used=$((seen_used + 1)) ;;
        *) cat "$PF_TMP/run.json.err"; pf_fail "run $i ($target): exit $rc" ;;
    esac
    status=$(pf_odd_target "$PF_TMP/run.json" 't["status"]') \
        || { cat "$PF_TMP/run.json"; pf_fail "run $i: not valid JSON"; }
    case $status in
        free|in-use) ;;
        *) cat "$PF_TMP/run.json"; pf_fail "run $i: status $status" ;;
    esac
done
kill -0 "$churn" 2>/dev/null || { cat "$PF_TMP/churn.out"; pf_fail "the churning holder died"; }
echo "# $seen_used runs saw the port held, $seen_free saw it free"
pf_pass "40 checks against a churning holder: no crash, valid JSON"

# explain gathers everything there is: the same, with facts
for i in 1 2 3 4 5 6 7 8 9 10; do
    "$PREFLIGHT" explain "127.0.0.1:$port" >"$PF_TMP/explain.txt" 2>&1
    rc=$?
    [ "$rc" -le 1 ] || { cat "$PF_TMP/explain.txt"; pf_fail "explain run $i: exit $rc"; }
done
pf_pass "explain against a churning holder: no crash"
