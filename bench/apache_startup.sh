#!/bin/sh
# Issue 8, item 2 for Apache: what mod_preflight adds to a healthy start.
# Times the start of the real apache2 (-k start until the PidFile names
# the parent, which has bound its port by then) on a free port, with and
# without the module loaded, alternating the two run by run so that a
# busy machine weighs on both alike; the httpd of each run is stopped
# (untimed: httpd needs ~2 s to stop) before the next.  Prints both
# medians and their ratio (target < 1.02).  Then, as a number that does
# not depend on the load, the instructions of `apache2 -t` (same module
# load and same check, in test_config) with and without the module
# (callgrind), when valgrind is there.
#   bench/apache_startup.sh BUILD_DIR
# Needs: apache2; root for User/Group (otherwise the current user).
# PF_BENCH_RUNS: runs per variant (default 200).
set -eu

build=${1:?usage: apache_startup.sh BUILD_DIR}
. "$(dirname "$0")/apache_common.sh"

write_conf with with
write_conf without without
write_cycle
runs=${PF_BENCH_RUNS:-200}

args() { echo "$tmp/$1/httpd.conf $tmp/$1/httpd.pid $apache_bin"; }
# both use one port: the other one's httpd is stopped too
start_once() {
    sh "$tmp/stop.sh" $(args without)
    sh "$tmp/stop.sh" $(args with)
    t0=$(date +%s%N)
    sh "$tmp/start.sh" $(args "$1") || { echo "apache2 ($1) did not start"; exit 1; }
    echo $(( $(date +%s%N) - t0 )) >>"$tmp/$1.ns"
}
i=0
while [ "$i" -lt "$runs" ]; do
    start_once without
    start_once with
    i=$((i + 1))
done
sh "$tmp/stop.sh" $(args with)
if grep -q "AH00072\|PF0000[12]:" "$tmp/with/error.log" "$tmp/without/error.log" 2>/dev/null; then
    echo "a start failed: the numbers are not valid"; exit 1
fi

python3 - "$tmp" <<'PY'
import statistics, sys
t = sys.argv[1]
def times(v):
    return [int(x) / 1e6 for x in open("%s/%s.ns" % (t, v))]
s, m = times("without"), times("with")
r = statistics.median(m) / statistics.median(s)
print("apache2 -k start, %d alternating runs each: median without %.2f ms, with module %.2f ms,"
      " ratio %.3f (target < 1.02): %s; min %.2f vs %.2f ms"
      % (len(s), statistics.median(s), statistics.median(m), r, "ok" if r < 1.02 else "OVER",
         min(s), min(m)))
PY

command -v valgrind >/dev/null || exit 0
for v in without with; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$v" \
        "$apache_bin" -f "$tmp/$v/httpd.conf" -t 2>"$tmp/cg.$v.err" >/dev/null || true
    eval "ir_$v=\$(sed -n 's/.*Collected : //p' \"\$tmp/cg.\$v.err\")"
done
# shellcheck disable=SC2154
python3 -c 'import sys; a, b = int(sys.argv[1]), int(sys.argv[2]); print("instructions of apache2 -t: without %d, with %d module (ratio %.3f)" % (a, b, b / a))' "$ir_without" "$ir_with"
