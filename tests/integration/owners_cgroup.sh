#!/bin/sh
# The owner scan reads first the processes of the cgroup that created
# the socket (sock_diag's cgroup id), stops at the first holder and names
# that holder's family.  The cgroup is a hint, never a proof: a socket
# passed to a process of another cgroup must still be named.  Cases, each
# with cgroups of this test's own (cgroup v2, root):
#   hint      the holder, alone in its cgroup, is the first process whose
#             fds the scan reads (strace), and is named
#   moved     the creator forks, its child moves to another cgroup and
#             the creator closes the socket: the child is named
#   passed    the socket goes by SCM_RIGHTS to a process in another
#             cgroup and the creator closes it: the receiver is named
#   family    a master and three workers forked after it bound: all four
#             named (the scan stopped at the master)
#   crowded   the creator's cgroup holds 80 other processes (more than
#             the 64 read whole): it is read with the uid pruning, and the
#             holder, which dropped root after binding, is skipped there
#             and must be found when the skipped are read
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/odd_lib.sh"

[ "$(id -u)" = 0 ] || pf_skip "needs root (cgroups of its own)"
pf_odd_need_json
cg=""
for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
    [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ] && { cg=$d; break; }
done
[ -n "$cg" ] || pf_skip "no cgroup v2 hierarchy"
a="$cg/pf-test-owners-$$-a"
b="$cg/pf-test-owners-$$-b"
mkdir "$a" "$b" 2>/dev/null || pf_skip "cannot create a cgroup in $cg"

stop_all() {
    for p in $PF_PIDS; do kill -9 "$p" 2>/dev/null || true; done
    for p in $PF_PIDS; do wait "$p" 2>/dev/null || true; done
    # whatever the cases forked is in these two cgroups, made by this test
    for d in "$a" "$b"; do
        [ -e "$d/cgroup.kill" ] && echo 1 >"$d/cgroup.kill" 2>/dev/null
    done
    # the processes are gone when their cgroup empties (cgroupfs files
    # have no size: read them)
    for _ in $(seq 1 100); do
        [ -z "$(cat "$a/cgroup.procs" "$b/cgroup.procs" 2>/dev/null)" ] && break
        sleep 0.1
    done
    rmdir "$a" "$b" 2>/dev/null || echo "# could not remove $a or $b"
}
pf_on_exit stop_all

# holder MODE PORT: starts the case's processes; prints "ready PIDS..."
# (the holders the check must name) in $PF_TMP/MODE.out
holder() {
    python3 - "$1" "$2" "$a" "$b" >"$PF_TMP/$1.out" 2>&1 <<'PY' &
import array, os, socket, sys, time
mode, port, cga, cgb = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

def move(cg):
    with open(cg + "/cgroup.procs", "w") as f:
        f.write(str(os.getpid()))

def listen():
    s = socket.socket()
    s.bind(("127.0.0.1", port))
    s.listen(8)
    return s

def child(body):
    pid = os.fork()
    if pid == 0:
        try:
            body()
        finally:
            os._exit(0)
    return pid

move(cga)
if mode in ("hint", "family"):
    s = listen()
    held = [os.getpid()]
    if mode == "family":
        held += [child(lambda: time.sleep(60)) for _ in range(3)]
elif mode == "moved":
    s = listen()
    r, w = os.pipe()
    def moved():
        move(cgb)
        os.write(w, b"x")
        time.sleep(60)
    held = [child(moved)]
    os.read(r, 1)
    s.close()
elif mode == "crowded":
    import ctypes
    libc = ctypes.CDLL(None)
    def sleeper():
        libc.prctl(1, 9, 0, 0, 0)   # PR_SET_PDEATHSIG SIGKILL: ends with us
        time.sleep(60)
    for _ in range(80):
        child(sleeper)
    s = listen()
    os.setgid(65534)
    os.setuid(65534)
    libc.prctl(4, 1, 0, 0, 0)       # PR_SET_DUMPABLE: /proc shows 65534's
    held = [os.getpid()]
elif mode == "passed":
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    def receiver():
        move(cgb)
        a.send(b"m")
        msg, anc, flags, addr = a.recvmsg(1, socket.CMSG_LEN(4))
        fds = array.array("i", anc[0][2][:4])
        a.send(b"k")
        time.sleep(60)
    held = [child(receiver)]
    b.recv(1)                   # the receiver is in the other cgroup
    s = listen()
    b.sendmsg([b"s"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                        array.array("i", [s.fileno()]))])
    b.recv(1)
    s.close()
print("ready", os.getpid(), " ".join(map(str, held)), flush=True)
time.sleep(60)
PY
    pf_track $!
    for _ in $(seq 1 100); do grep -q 'ready\|Error' "$PF_TMP/$1.out" && break; sleep 0.05; done
    grep -q ready "$PF_TMP/$1.out" || { cat "$PF_TMP/$1.out"; pf_fail "$1: the holders did not start"; }
    set -- $(sed -n 's/^ready //p' "$PF_TMP/$1.out")
    pf_track "$1"
    shift
    for p in "$@"; do pf_track "$p"; done
    held="$*"
}

# named MODE PORT: every pid of $held is among the holders named
named() {
    pf_odd_check "$PF_TMP/$1.json" "127.0.0.1:$2"
    [ "$rc" -eq 1 ] || { cat "$PF_TMP/$1.json"; pf_fail "$1: exit $rc, expected 1 (in use)"; }
    pids=" $(pf_odd_pids "$PF_TMP/$1.json") "
    for p in $held; do
        case $pids in
            *" $p "*) ;;
            *) cat "$PF_TMP/$1.json"; pf_fail "$1: holder $p is not named (named:$pids)" ;;
        esac
    done
}

port=$(pf_free_port)
holder hint "$port"
named hint "$port"
if command -v strace >/dev/null; then
    strace -f -qq -e trace=openat -o "$PF_TMP/hint.strace" "$PREFLIGHT" check "127.0.0.1:$port" >/dev/null 2>&1
    first=$(sed -n 's|.*openat([0-9]*, "\([0-9]*\)/fd".*|\1|p' "$PF_TMP/hint.strace" | head -1)
    [ "$first" = "$held" ] || pf_fail "hint: the first fd directory read is $first's, not the holder $held's (its cgroup's)"
    pf_pass "the holder is found in its creator's cgroup first"
else
    pf_pass "the holder in its creator's cgroup is named (strace missing: the order is not checked)"
fi

port=$(pf_free_port)
holder moved "$port"
named moved "$port"
pf_pass "a holder moved to another cgroup than the socket's creator is named"

port=$(pf_free_port)
holder passed "$port"
named passed "$port"
pf_pass "a socket passed by SCM_RIGHTS to another cgroup is named"

if [ -e "/proc/$$/task/$$/children" ]; then
    port=$(pf_free_port)
    holder family "$port"
    named family "$port"
    pf_pass "a master and its forked workers are all named"
else
    echo "# no /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN): workers are not looked for"
fi

port=$(pf_free_port)
holder crowded "$port"
[ "$(stat -c %u "/proc/$held/fd")" = 65534 ] || pf_fail "crowded: the holder's fds are not 65534's"
[ "$(wc -l <"$a/cgroup.procs")" -gt 64 ] || pf_fail "crowded: the cgroup is not crowded"
named crowded "$port"
pf_pass "a holder that dropped root in a crowded cgroup is named"
