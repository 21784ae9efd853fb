#!/bin/sh
# Issue 8, target 1: owner lookup for one port on a loaded host.
# Creates 2,000 processes holding 20,000 sockets (listening and connected,
# IPv4 and IPv6, on loopback), one of them listening on PORT, then times
# `preflight explain` against ss, lsof and fuser, checking first that all
# four name the same PID.  Target (issue 8): preflight takes at most half
# the time of `ss -ltnp 'sport = :PORT'`, and well under lsof.
#   bench/owner_lookup.sh BUILD_DIR [NPROC] [SOCKETS_PER_PROC]
# Needs: cc, hyperfine, lsof, psmisc (fuser), iproute2 (ss), python3, root
# (ss -p and fuser see every process only as root).
set -eu

build=${1:?usage: owner_lookup.sh BUILD_DIR [NPROC] [SOCKETS_PER_PROC]}
build=$(cd "$build" && pwd)
nproc=${2:-2000}
nsock=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
preflight="$build/cli-shim/preflight"
tmp=$(mktemp -d)
load=""

cleanup() {
    # only the load this script started, by its PID; its children die
    # with it (PR_SET_PDEATHSIG) and are also killed by it on SIGTERM
    if [ -n "$load" ]; then
        kill "$load" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$load" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$load" 2>/dev/null || true
        wait "$load" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for tool in cc hyperfine lsof fuser ss python3; do
    command -v "$tool" >/dev/null || { echo "owner_lookup: needs $tool"; exit 1; }
done
cc -O2 -o "$tmp/pf-bench-load" "$here/pf-bench-load.c"
# below the ephemeral range, so that none of the load's own sockets
# (bound to port 0) lands on it by chance
port=$(python3 - <<'PY'
import errno, random, socket
lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
def free(fam, addr, p):
    try:
        socket.socket(fam).bind((addr, p))
    except OSError as e:
        return e.errno != errno.EADDRINUSE    # no IPv6: fine too
    return True
for _ in range(200):
    p = random.randrange(10000, max(lo, 10001))
    if free(socket.AF_INET, "127.0.0.1", p) and free(socket.AF_INET6, "::1", p):
        print(p)
        break
PY
)
ulimit -n 65536 2>/dev/null || true

"$tmp/pf-bench-load" "$nproc" "$nsock" "$port" >"$tmp/load.out" &
load=$!
for _ in $(seq 1 1200); do grep -q 'ready\|failed' "$tmp/load.out" && break; sleep 0.1; done
set -- $(sed -n 's/^ready //p' "$tmp/load.out")
holder=${1:-}
made=${2:-0}
[ -n "$holder" ] || { echo "the load did not start"; cat "$tmp/load.out"; exit 1; }
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r)"
echo "load: $nproc processes, $made sockets made; host: $(ls /proc | grep -c '^[0-9]') processes, $(ss -Htan | wc -l) TCP sockets; holder pid $holder on port $port"

# every tool must name the same PID
"$preflight" explain "127.0.0.1:$port" --json >"$tmp/explain.json" || true
python3 - "$tmp/explain.json" "$holder" <<'PY' || { cat "$tmp/explain.json"; echo "preflight did not name $holder"; exit 1; }
import json, sys
j = json.load(open(sys.argv[1]))
pids = {h.get("pid") for t in j["targets"] for f in t.get("findings", []) for h in f.get("holders", [])}
sys.exit(0 if int(sys.argv[2]) in pids else 1)
PY
ss -Hltnp "sport = :$port" | grep -q "pid=$holder," || { echo "ss did not name $holder"; exit 1; }
lsof -nP -iTCP:"$port" -sTCP:LISTEN -t | grep -qx "$holder" || { echo "lsof did not name $holder"; exit 1; }
fuser "$port/tcp" 2>/dev/null | tr -s ' ' '\n' | grep -qx "$holder" || { echo "fuser did not name $holder"; exit 1; }
echo "all four name pid $holder"

# -i: preflight exits 1 when a port is held (that is the answer), and
# fuser exits 1 when it names nobody
hyperfine -N -i --warmup 3 --runs "${PF_BENCH_RUNS:-20}" --export-json "$tmp/h.json" \
    -n preflight "$preflight explain 127.0.0.1:$port --json" \
    -n ss "ss -Hltnp 'sport = :$port'" \
    -n lsof "lsof -nP -iTCP:$port -sTCP:LISTEN" \
    -n fuser "fuser $port/tcp" >"$tmp/hyperfine.out" 2>&1 \
    || { cat "$tmp/hyperfine.out"; exit 1; }
python3 - "$tmp/h.json" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
base = rs[0]["median"]
print("| command | median ms | user+sys ms | ratio to preflight |")
print("|---|---:|---:|---:|")
for r in rs:
    print("| %s | %.1f | %.1f | %.2f |" % (r["command"], r["median"] * 1e3,
          (r["user"] + r["system"]) * 1e3, r["median"] / base))
ss = [r for r in rs if r["command"] == "ss"][0]["median"]
print("owner lookup: preflight %.1f ms, ss %.1f ms: target (<= ss / 2) %s"
      % (base * 1e3, ss * 1e3, "met" if base <= ss / 2 else "NOT met"))
PY
