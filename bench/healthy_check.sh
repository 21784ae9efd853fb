#!/bin/sh
# Issue 8, targets 2 and 4, and issue 22, target 4: what a healthy start
# costs.  `preflight check`
# of 10 free targets: wall and CPU time (hyperfine, and /usr/bin/time -v),
# instructions (callgrind: repeatable whatever else the machine does),
# peak RSS (/usr/bin/time -v; target < 2 MiB).
#   bench/healthy_check.sh BUILD_DIR
# Needs: hyperfine, valgrind, /usr/bin/time (Debian "time"), python3.
set -eu

build=${1:?usage: healthy_check.sh BUILD_DIR}
build=$(cd "$build" && pwd)
preflight="$build/cli-shim/preflight"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in hyperfine valgrind /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "healthy_check: needs $tool"; exit 1; }
done

# 10 ports that were free a moment ago, below the ephemeral range: other
# programs' outgoing connections do not take them in the meantime
targets=$(python3 - <<'PY'
import random, socket
lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
out = []
while len(out) < 10:
    p = random.randrange(10000, max(lo, 10001))
    try:
        s = socket.socket(); s.bind(("127.0.0.1", p)); s.close()
    except OSError:
        continue
    if "127.0.0.1:%d" % p not in out:
        out.append("127.0.0.1:%d" % p)
print(" ".join(out))
PY
)
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r)"
# shellcheck disable=SC2086
"$preflight" check $targets --quiet || { echo "targets are not free"; exit 1; }

hyperfine -N --warmup 5 --runs "${PF_BENCH_RUNS:-200}" --export-json "$tmp/h.json" \
    "$preflight check $targets --quiet" >/dev/null
python3 - "$tmp/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("check of 10 free targets: median wall %.3f ms, mean user %.3f ms + system %.3f ms = CPU %.3f ms"
      % (r["median"] * 1e3, r["user"] * 1e3, r["system"] * 1e3, (r["user"] + r["system"]) * 1e3))
PY

# Issue 22, target 4: the CPU of a healthy check against /bin/true's (what
# starting any dynamically linked program costs), side by side in shuffled
# rounds (side_by_side.py: medians of the per-round ratios, 95% bootstrap
# intervals); PF_BENCH_BEFORE=/path/to/another/preflight adds an older
# build in the same rounds.  Target: <= 1.05x /bin/true in CPU.
# Two references in the same rounds (pf-min-check.c, built here): a
# minimal bind-test of the same targets (the floor under the check) and
# an empty C program (what any dynamically linked program costs).
first=${targets%% *}
minimal=""
if command -v cc >/dev/null \
   && cc -O2 -o "$tmp/pf-min-check" "$(dirname "$0")/pf-min-check.c"
then
    minimal="$tmp/pf-min-check"
fi
python3 "$(dirname "$0")/side_by_side.py" "${PF_BENCH_TRUE_RUNS:-500}" \
    "check of 10 free targets|/bin/true|$preflight check $targets --quiet" \
    "check of 1 free target|/bin/true|$preflight check $first --quiet" \
    ${minimal:+"minimal bind-test, 10 targets|/bin/true|$minimal $targets"} \
    ${minimal:+"minimal bind-test, 1 target|/bin/true|$minimal $first"} \
    ${minimal:+"an empty C program|/bin/true|$minimal"} \
    ${PF_BENCH_BEFORE:+"before: 10 targets|/bin/true|$PF_BENCH_BEFORE check $targets --quiet"} \
    ${PF_BENCH_BEFORE:+"before: 1 target|/bin/true|$PF_BENCH_BEFORE check $first --quiet"}

# shellcheck disable=SC2086
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$preflight" check $targets --quiet >/dev/null \
    2>"$tmp/cg.err" || true
echo "instructions: $(sed -n 's/.*Collected : //p' "$tmp/cg.err")"

# shellcheck disable=SC2086
/usr/bin/time -v "$preflight" check $targets --quiet 2>"$tmp/time.out" >/dev/null || true
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.out")
cpu=$(sed -n 's/.*User time (seconds): //p; s/.*System time (seconds): //p' "$tmp/time.out" \
    | awk '{s += $1} END {printf "%.0f", s * 1000}')
echo "one run (/usr/bin/time -v): CPU ${cpu} ms, peak RSS ${rss} KiB"
if [ "${rss:-99999}" -lt 2048 ]; then
    echo "peak RSS target (< 2048 KiB): met"
else
    echo "peak RSS target (< 2048 KiB): NOT met"
fi
