#!/bin/sh
# Issue 8, target 1: owner lookup for one port on a loaded host.
# Creates about 2,000 processes and 20,000 sockets (listening and
# connected, IPv4 and IPv6, on loopback), one of them listening on PORT,
# then times `preflight explain` against ss, lsof and fuser, checking that
# all four name the same PID.
#   bench/owner_lookup.sh BUILD_DIR [NPROC] [SOCKETS_PER_PROC]
# Needs: hyperfine, lsof, psmisc (fuser), iproute2 (ss), root for fuser/ss -p.
set -eu

build=${1:?usage: owner_lookup.sh BUILD_DIR [NPROC] [SOCKETS_PER_PROC]}
nproc=${2:-2000}
nsock=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
preflight="$build/cli-shim/preflight"

cc -O2 -o "$tmp/pf-bench-load" "$here/pf-bench-load.c"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ulimit -n 65536 2>/dev/null || true

"$tmp/pf-bench-load" "$nproc" "$nsock" "$port" >"$tmp/load.out" &
load=$!
trap 'kill $load 2>/dev/null; wait $load 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 600); do grep -q ready "$tmp/load.out" && break; sleep 0.1; done
holder=$(sed -n 's/^ready //p' "$tmp/load.out")
[ -n "$holder" ] || { echo "load did not start"; exit 1; }
echo "host: $(nproc) cores, $(ls /proc | grep -c '^[0-9]') processes, $(ss -Htan | wc -l) TCP sockets; holder pid $holder on port $port"

# every tool must name the same PID
"$preflight" explain "127.0.0.1:$port" --json | grep -q "\"pid\":$holder" \
    || { echo "preflight did not name $holder"; exit 1; }
ss -Hltnp "sport = :$port" | grep -q "pid=$holder," || { echo "ss did not name $holder"; exit 1; }
lsof -nP -iTCP:"$port" -sTCP:LISTEN -t | grep -qx "$holder" || { echo "lsof did not name $holder"; exit 1; }
fuser "$port/tcp" 2>/dev/null | tr -s ' ' '\n' | grep -qx "$holder" || { echo "fuser did not name $holder"; exit 1; }
echo "all four name pid $holder"

hyperfine -N --warmup 3 --runs "${PF_BENCH_RUNS:-20}" --export-markdown "$tmp/table.md" \
    "$preflight explain 127.0.0.1:$port --json" \
    "ss -Hltnp 'sport = :$port'" \
    "lsof -nP -iTCP:$port -sTCP:LISTEN" \
    "fuser $port/tcp"
cat "$tmp/table.md"
