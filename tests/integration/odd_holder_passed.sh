#!/bin/sh
# The owner scan's first pass skips processes that cannot be the holder
# in the usual case: another user's (the socket's uid from sock_diag is
# not theirs) and, from 33 fds on, another network namespace's.  Neither
# is a proof: a socket passed by SCM_RIGHTS goes to any process, whatever
# its user and namespace.  Each case passes a listening socket from its
# creator (root, this namespace) to a receiver with 40 fds more, and the
# creator closes its copy: only the receiver holds it, and it must be
# named.
#   netns   the receiver moved to a network namespace of its own
#   uid     the receiver runs as user 65534 (dumpable: /proc shows it as
#           that user's, as a service started as its user is)
#   both    both at once
# The receiver runs in a cgroup of its own when there is cgroup v2 (the
# creator's cgroup is read first and whole when small: it would find the
# receiver there before any pruning).
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/odd_lib.sh"

pf_odd_need_netns
pf_odd_need_json
cgdir=""
for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
    if [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ] \
       && mkdir "$d/pf-test-passed-$$" 2>/dev/null
    then
        cgdir="$d/pf-test-passed-$$"
        break
    fi
done
rm_cgroup() {
    [ -n "$cgdir" ] || return 0
    # only this test's receivers are in it (also when a case failed and
    # left its receiver running: the cleanups run before PIDs are killed)
    [ -e "$cgdir/cgroup.kill" ] && echo 1 >"$cgdir/cgroup.kill" 2>/dev/null
    for p in $PF_PIDS; do kill "$p" 2>/dev/null || true; done
    for _ in $(seq 1 100); do
        [ -z "$(cat "$cgdir/cgroup.procs" 2>/dev/null)" ] && break
        sleep 0.1
    done
    rmdir "$cgdir" 2>/dev/null || echo "# could not remove $cgdir"
}
pf_on_exit rm_cgroup

# passed MODE: prints the receiver's PID once it alone holds the port
passed() {
    port=$(pf_free_port)
    python3 - "$1" "$port" "$cgdir" >"$PF_TMP/$1.out" 2>&1 <<'PY' &
import array, ctypes, os, socket, sys, time
mode, port, cg = sys.argv[1], int(sys.argv[2]), sys.argv[3]
libc = ctypes.CDLL(None, use_errno=True)
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
pid = os.fork()
if pid == 0:
    a.close()
    extra = [open(os.devnull) for _ in range(40)]
    if cg:
        with open(cg + "/cgroup.procs", "w") as f:
            f.write(str(os.getpid()))
    if mode in ("netns", "both") and libc.unshare(0x40000000) != 0:  # CLONE_NEWNET
        print("unshare failed", ctypes.get_errno(), flush=True)
        os._exit(1)
    if mode in ("uid", "both"):
        os.setgroups([])
        os.setresgid(65534, 65534, 65534)
        os.setresuid(65534, 65534, 65534)
        libc.prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE: /proc shows our uid
    fds = array.array("i")
    _, anc, _, _ = b.recvmsg(1, socket.CMSG_SPACE(fds.itemsize))
    fds.frombytes(anc[0][2][:fds.itemsize])
    b.send(b"k")
    time.sleep(60)
    os._exit(0)
b.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(8)
a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [s.fileno()]))])
a.recv(1)
s.close()
print("ready", pid, port, flush=True)
os.waitpid(pid, 0)
PY
    creator=$!
    pf_track "$creator"
    for _ in $(seq 1 100); do grep -q 'ready\|failed' "$PF_TMP/$1.out" && break; sleep 0.05; done
    # shellcheck disable=SC2046 # "ready PID PORT": two words
    set -- $(sed -n 's/^ready //p' "$PF_TMP/$1.out")
    receiver=${1:-}
    [ -n "$receiver" ] || { cat "$PF_TMP"/*.out; pf_fail "the receiver did not start"; }
    pf_track "$receiver"
    port=$2
}

for mode in netns uid both; do
    passed "$mode"
    case $mode in
        netns|both)
            [ "$(readlink "/proc/$receiver/ns/net")" != "$(readlink /proc/self/ns/net)" ] \
                || pf_fail "$mode: the receiver is still in this namespace" ;;
    esac
    case $mode in
        uid|both)
            [ "$(stat -c %u "/proc/$receiver/fd")" = 65534 ] \
                || pf_fail "$mode: /proc does not show the receiver as 65534's" ;;
    esac
    pf_odd_check "$PF_TMP/$mode.json" "127.0.0.1:$port"
    [ "$rc" -eq 1 ] || { cat "$PF_TMP/$mode.json"; pf_fail "$mode: exit $rc, expected 1 (in use)"; }
    pids=$(pf_odd_pids "$PF_TMP/$mode.json")
    case " $pids " in
        *" $receiver "*) ;;
        *) cat "$PF_TMP/$mode.json"; pf_fail "$mode: the receiver $receiver is not named (named: $pids)" ;;
    esac
    kill "$receiver" 2>/dev/null
    wait "$creator" 2>/dev/null
    pf_pass "$mode: a socket passed to a process of another user or network namespace is named there"
done
