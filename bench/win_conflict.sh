#!/bin/sh
# Issue 18, point 6: how long a conflicting start takes to be explained on
# Windows, measured under Wine.  IIS's usual case: HTTP.sys (PID 4; here
# two pf-http-hold.exe) holds ports 80 and 443 of Apache, so preflight
# asks netsh for the request queues.  A cold netsh takes 1-3 s on a real
# Windows; Wine's answers at once, so a stand-in netsh.exe
# (tests/win/pf-netsh.c) sleeps PF_NETSH_MS (default 2000) in a copy of the
# build's Wine prefix.  Times `preflight check P1 P2` (PF_BENCH_RUNS runs,
# default 5) and counts the netsh runs; with BASE_BUILD_DIR (a mingw build
# of another commit) the same for its preflight.exe.
#   bench/win_conflict.sh BUILD_DIR [BASE_BUILD_DIR]
# Then the excluded-range case (WSAEACCES, nobody listening: four netsh
# queries), in a network namespace as tests/win/ranges_e2e.sh makes it.
# Target: one netsh time plus what the check costs without netsh (the
# runs of netsh, however many, overlap or are shared).
set -eu

build=${1:?usage: win_conflict.sh BUILD_DIR [BASE_BUILD_DIR]}
build=$(cd "$build" && pwd)
base=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
runs=${PF_BENCH_RUNS:-5}
PF_NETSH_MS=${PF_NETSH_MS:-2000}
export PF_NETSH_MS
[ -f "$build/cli-shim/preflight.exe" ] || { echo "win_conflict: $build is no mingw build (skipped)"; exit 77; }
top_builddir=$build
. "$here/../tests/win/wine-env.sh"
[ -n "${WINE:-}" ] || { echo "win_conflict: no Wine"; exit 77; }
pf_wine_init || { echo "win_conflict: no Wine prefix"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pf-bench-win.XXXXXX")
holders=""
cleanup() {
    for p in $holders; do kill "$p" 2>/dev/null || true; done
    # the copy's own wineserver (never the build prefix's)
    WINEPREFIX="$tmp/prefix" pf_wineserver -k 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# a prefix of our own: its netsh.exe is replaced
cp -a "$WINEPREFIX" "$tmp/prefix"
WINEPREFIX="$tmp/prefix"
export WINEPREFIX
x86_64-w64-mingw32-gcc -O2 -o "$tmp/netsh.exe" "$here/../tests/win/pf-netsh.c"
cp "$tmp/netsh.exe" "$WINEPREFIX/drive_c/windows/system32/netsh.exe"
# Wine prefers its builtin netsh to a file on disk unless told otherwise
WINEDLLOVERRIDES="$WINEDLLOVERRIDES;netsh.exe=n"
export WINEDLLOVERRIDES
PF_NETSH_LOG="Z:$(printf '%s' "$tmp/netsh.log" | tr / '\\')"
export PF_NETSH_LOG

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("0.0.0.0",0)); print(s.getsockname()[1])'
}
p1=$(free_port); p2=$(free_port)
fd=6
for p in $p1 $p2; do
    mkfifo "$tmp/in.$p"
    "$WINE" "$build/tests/win/pf-http-hold.exe" "$p" 600 <"$tmp/in.$p" >"$tmp/hold.$p" 2>&1 &
    holders="$holders $!"
    # held open until the bench ends: the holder stops at end of input
    eval "exec $fd>\"\$tmp/in.\$p\""
    fd=$((fd + 1))
    for _ in $(seq 1 300); do grep -q ready "$tmp/hold.$p" && break; sleep 0.1; done
    grep -q ready "$tmp/hold.$p" || { cat "$tmp/hold.$p"; echo "win_conflict: pf-http-hold did not start"; exit 1; }
done

# wall time of one `check` in ms, and the netsh runs it made
measure() {
    exe=$1
    : >"$tmp/netsh.log"
    t0=$(date +%s%N)
    "$WINE" "$exe" check --no-color "$p1" "$p2" >"$tmp/out" 2>&1 || true
    t1=$(date +%s%N)
    grep -q "HTTP.sys" "$tmp/out" || { cat "$tmp/out" >&2; echo "win_conflict: no conflict found" >&2; exit 1; }
    echo "$(( (t1 - t0) / 1000000 )) $(wc -l <"$tmp/netsh.log")"
}

report() {
    name=$1 exe=$2
    "$WINE" "$exe" --version >/dev/null 2>&1 || true    # warm Wine up
    all=""
    for _ in $(seq 1 "$runs"); do
        set -- $(measure "$exe")
        all="$all $1"
        n=$2
    done
    med=$(printf '%s\n' $all | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$name: median ${med} ms over $runs runs (all:$all ms), netsh runs per check: $n, netsh sleeps $PF_NETSH_MS ms"
}

echo "win_conflict: ports $p1 and $p2 held through HTTP.sys (Wine), $(wine --version 2>/dev/null || true)"
report "this build" "$build/cli-shim/preflight.exe"
if [ -n "$base" ]; then
    report "base build" "$(cd "$base" && pwd)/cli-shim/preflight.exe"
fi

# The excluded-range case: WSAEACCES with nobody listening, as
# tests/win/ranges_e2e.sh makes it: a wineserver of its own in a network
# namespace where unprivileged ports start at 60000, without
# CAP_NET_BIND_SERVICE.  preflight then asks netsh for the excluded and
# the dynamic ranges of both families.
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1 \
    || ! unshare -n true 2>/dev/null
then
    echo "excluded-range case skipped (needs root, setpriv, unshare -n)"
    exit 0
fi
p2="$tmp/prefix2"
cp -al "$build/wineprefix" "$p2"
rm -f "$p2"/*.reg "$p2"/.pf-*lock "$p2"/drive_c/windows/*.ini
cp "$build/wineprefix"/*.reg "$p2/"
cp "$build/wineprefix"/drive_c/windows/*.ini "$p2/drive_c/windows/" 2>/dev/null || true
rm -f "$p2/drive_c/windows/system32/netsh.exe"
cp "$tmp/netsh.exe" "$p2/drive_c/windows/system32/netsh.exe"
stop2() { WINEPREFIX="$p2" pf_wineserver -k 2>/dev/null || true; cleanup; }
trap stop2 EXIT

measure_denied() {
    exe=$1
    : >"$tmp/netsh.log"
    t0=$(date +%s%N)
    env WINEPREFIX="$p2" unshare -n sh -c '
        ip link set lo up 2>/dev/null
        sysctl -qw net.ipv4.ip_local_port_range="61000 65000" &&
        sysctl -qw net.ipv4.ip_unprivileged_port_start=60000 || exit 77
        exec setpriv --bounding-set -net_bind_service "$1" "$2" check --no-color 13600
    ' sh "$WINE" "$exe" >"$tmp/out" 2>&1 || true
    t1=$(date +%s%N)
    grep -q "WSAEACCES" "$tmp/out" || { cat "$tmp/out" >&2; echo "win_conflict: no WSAEACCES" >&2; exit 1; }
    echo "$(( (t1 - t0) / 1000000 )) $(wc -l <"$tmp/netsh.log")"
}

report_denied() {
    name=$1 exe=$2
    measure_denied "$exe" >/dev/null    # starts the namespace's wineserver
    all=""
    for _ in $(seq 1 "$runs"); do
        set -- $(measure_denied "$exe")
        all="$all $1"
        n=$2
    done
    med=$(printf '%s\n' $all | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$name, port 13600 denied (excluded-range case): median ${med} ms over $runs runs (all:$all ms), netsh runs per check: $n"
}

report_denied "this build" "$build/cli-shim/preflight.exe"
if [ -n "$base" ]; then
    report_denied "base build" "$(cd "$base" && pwd)/cli-shim/preflight.exe"
fi
