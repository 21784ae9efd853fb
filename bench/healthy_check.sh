#!/bin/sh
# Issue 8, targets 2 and 4: what a healthy start costs.  `preflight check`
# of 10 free targets: wall and CPU time (hyperfine), instructions
# (callgrind: repeatable whatever else the machine does), peak RSS
# (/usr/bin/time -v).
#   bench/healthy_check.sh BUILD_DIR
# Needs: hyperfine, valgrind, time.
set -eu

build=${1:?usage: healthy_check.sh BUILD_DIR}
preflight="$build/cli-shim/preflight"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

targets=$(python3 - <<'PY'
import socket
socks, out = [], []
for i in range(10):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
    out.append("127.0.0.1:%d" % s.getsockname()[1])
print(" ".join(out))
PY
)
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

# shellcheck disable=SC2086
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$preflight" check $targets --quiet \
    2>"$tmp/cg.err" || true
echo "instructions: $(sed -n 's/.*Collected : //p' "$tmp/cg.err")"

# shellcheck disable=SC2086
/usr/bin/time -v "$preflight" check $targets --quiet 2>"$tmp/time.out" >/dev/null || true
echo "peak RSS: $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.out") KiB"
