#!/bin/sh
# Issue 22, target 2: who holds a port on a loaded host, in the worst
# cases, against `ss -Hltnp 'sport = :PORT'`, side by side in shuffled
# rounds (side_by_side.py), CPU and wall time.  The load (pf-bench-load.c)
# runs in a network namespace of its own, so that its ports touch nobody
# else's, and both tools run in that namespace too: every process of the
# load is one that could hold the socket.  Cases, 2,000 processes each:
#   worst        10 sockets each (20,000: 4 listening, 6 connected), the
#                holder last in PID order (a server started by hand)
#   few          1 socket each, the holder last
#   drops-uid    10 each, the holder last, and it changed its own uid
#                after binding (the socket is root's, the process not)
#   common       10 each, the holder in the middle, the other processes
#                another user's (as a host's other services are)
#   curve        the holder alone (no load), then 1, 5, 10, 25 sockets each
#                (2,000 to 50,000), holder last
# Cgroups (PF_BENCH_CGROUPS, default "apart together"; needs cgroup v2,
# else "none"): the holder runs in a cgroup of its own (a login session's
# scope), and the load either in another one ("apart": a host's services
# in their own cgroups, the realistic case) or in the holder's
# ("together": the socket's cgroup tells nothing, every process is in it).
# Both are made under unique names (pf-bench-*-PID) and removed at exit.
# Each case first checks that preflight and ss name the same PID, and
# also gives preflight's ratio to itself scanning with one thread
# (PREFLIGHT_SCAN_THREADS=1): what the threads buy on this machine now;
# PF_BENCH_BEFORE=/path/to/another/preflight adds it as a third reference
# (an older build: before and after in the same rounds).
# Target: preflight <= 0.25x ss in the worst cases, <= 0.1x in the common.
#   bench/owner_scale.sh BUILD_DIR [CASES]  (default: "worst few drops-uid
#   common curve")   PF_BENCH_RUNS rounds per case (default 10).
# Needs root, cc, ss, unshare, nsenter, python3.
set -eu

build=${1:?usage: owner_scale.sh BUILD_DIR [CASES]}
build=$(cd "$build" && pwd)
cases=${2:-worst few drops-uid common curve}
runs=${PF_BENCH_RUNS:-10}
here=$(cd "$(dirname "$0")" && pwd)
preflight="$build/cli-shim/preflight"
tmp=$(mktemp -d /tmp/pf-owner-scale.XXXXXX)
chmod 755 "$tmp"
load=""
port=18022
cgv2=""
cgdirs=""

stop_load() {
    # only the load this script started, by its PID; its children die
    # with it (PR_SET_PDEATHSIG)
    if [ -n "$load" ]; then
        kill "$load" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$load" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$load" 2>/dev/null || true
        wait "$load" 2>/dev/null || true
        load=""
    fi
}
rm_cgroups() {
    for d in $cgdirs; do
        # cgroupfs files have no size: read them
        for _ in $(seq 1 100); do [ -z "$(cat "$d/cgroup.procs")" ] && break; sleep 0.1; done
        rmdir "$d" 2>/dev/null || echo "owner_scale: could not remove $d"
    done
}
trap 'stop_load; rm_cgroups; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

[ "$(id -u)" = 0 ] || { echo "owner_scale: needs root"; exit 1; }
for tool in cc ss unshare nsenter python3; do
    command -v "$tool" >/dev/null || { echo "owner_scale: needs $tool"; exit 1; }
done
cc -O2 -o "$tmp/pf-bench-load" "$here/pf-bench-load.c"
ulimit -n 65536 2>/dev/null || true
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$runs rounds per case; host: $(ls /proc | grep -c '^[0-9]') processes"
for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
    [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ] && { cgv2=$d; break; }
done
cgmodes=${PF_BENCH_CGROUPS:-apart together}
if [ -n "$cgv2" ]; then
    mkdir "$cgv2/pf-bench-holder-$$" "$cgv2/pf-bench-load-$$"
    cgdirs="$cgv2/pf-bench-holder-$$ $cgv2/pf-bench-load-$$"
else
    echo "(no cgroup v2: the load runs where this script does)"
    cgmodes=none
fi

# set_cgroups MODE: where pf-bench-load puts the holder and the rest
set_cgroups() {
    case $1 in
        apart) PF_BENCH_HOLDER_CGROUP="$cgv2/pf-bench-holder-$$"
               PF_BENCH_LOAD_CGROUP="$cgv2/pf-bench-load-$$" ;;
        together) PF_BENCH_HOLDER_CGROUP="$cgv2/pf-bench-holder-$$"
                  PF_BENCH_LOAD_CGROUP="$cgv2/pf-bench-holder-$$" ;;
        *) PF_BENCH_HOLDER_CGROUP=""; PF_BENCH_LOAD_CGROUP="" ;;
    esac
    export PF_BENCH_HOLDER_CGROUP PF_BENCH_LOAD_CGROUP
}

# run_case NAME NPROC SOCKETS HOLDER USERS
run_case() {
    for _try in 1 2 3; do
        start_load "$@"
        # "last" must be last in PID order: after a wrap of the PID space
        # the last child forked may have a low PID; start again then
        [ "$4" != last ] || [ "$(pgrep -P "$load" | sort -n | tail -1)" = "$holder" ] && break
        echo "($1: holder $holder is not the highest PID after a PID wrap; again)"
        stop_load
    done
    measure_case "$@"
}

start_load() {
    : >"$tmp/load.out"
    unshare -n sh -c 'ip link set lo up && exec "$@"' sh \
        "$tmp/pf-bench-load" "$2" "$3" "$port" "$4" "$5" >"$tmp/load.out" &
    load=$!
    for _ in $(seq 1 1200); do grep -q 'ready\|failed' "$tmp/load.out" && break; sleep 0.1; done
    set -- "$@" $(sed -n 's/^ready //p' "$tmp/load.out")
    holder=${6:-}
    made=${7:-0}
    [ -n "$holder" ] || { echo "$1: the load did not start"; cat "$tmp/load.out"; exit 1; }
}

measure_case() {
    ns="nsenter --net=/proc/$load/ns/net"
    $ns "$preflight" explain "127.0.0.1:$port" --json >"$tmp/explain.json" || true
    python3 - "$tmp/explain.json" "$holder" <<'PY' || { cat "$tmp/explain.json"; echo "$1: preflight did not name $holder"; exit 1; }
import json, sys
j = json.load(open(sys.argv[1]))
pids = {h.get("pid") for t in j["targets"] for f in t.get("findings", []) for h in f.get("holders", [])}
sys.exit(0 if int(sys.argv[2]) in pids else 1)
PY
    $ns ss -Hltnp "sport = :$port" | grep -q "pid=$holder," || { echo "$1: ss did not name $holder"; exit 1; }
    echo
    echo "$1: $2 processes, $made sockets, holder $holder ($4, $5)"
    $ns python3 "$here/side_by_side.py" "$runs" \
        "$1|ss -Hltnp 'sport = :$port'|$preflight explain 127.0.0.1:$port --json" \
        "$1, one thread|env PREFLIGHT_SCAN_THREADS=1 $preflight explain 127.0.0.1:$port --json|$preflight explain 127.0.0.1:$port --json" \
        ${PF_BENCH_BEFORE:+"$1, before|$PF_BENCH_BEFORE explain 127.0.0.1:$port --json|$preflight explain 127.0.0.1:$port --json"}
    stop_load
}

for m in $cgmodes; do
set_cgroups "$m"
echo
echo "== load $m (holder's cgroup: ${PF_BENCH_HOLDER_CGROUP:-none}, load's: ${PF_BENCH_LOAD_CGROUP:-none})"
for c in $cases; do
    case $c in
        worst) run_case worst 2000 10 last root ;;
        few) run_case few 2000 1 last root ;;
        drops-uid) run_case drops-uid 2000 10 last holder-drops ;;
        common) run_case common 2000 10 middle load-nobody ;;
        curve)
            run_case curve-0 1 1 last root          # the holder alone
            for k in 1 5 10 25; do run_case "curve-$k" 2000 "$k" last root; done ;;
        *) echo "owner_scale: unknown case $c"; exit 1 ;;
    esac
done
done
