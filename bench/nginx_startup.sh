#!/bin/sh
# Issue 8, item 3 (nginx): what the module costs a healthy start.  Times
# the foreground part of "nginx" (config, init_conf, bind, daemonize) on a
# free port, with and without ngx_preflight_module, alternating the two
# so that a busy machine weighs on both alike; the nginx of each run is
# stopped (and its port seen free) before the next.
#   bench/nginx_startup.sh BUILD_DIR          target: ratio < 1.02
here=$(cd "$(dirname "$0")" && pwd)
. "$here/nginx_bench_lib.sh"

runs=${PF_BENCH_RUNS:-200}
trap 'bench_stop "$tmp/stock"; bench_stop "$tmp/module"; rm -rf "$tmp"' EXIT
bench_conf "$tmp/stock" "$(bench_free_port)" no ""
bench_conf "$tmp/module" "$(bench_free_port)" yes ""

start_once() {
    t0=$(date +%s%N)
    $(bench_cmd "$tmp/$1") 2>>"$tmp/$1/stderr" \
        || { cat "$tmp/$1/stderr"; echo "nginx ($1) did not start"; exit 1; }
    echo $(( $(date +%s%N) - t0 )) >>"$tmp/$1.ns"
    bench_stop "$tmp/$1"
}

i=0
while [ "$i" -lt "$runs" ]; do
    start_once stock
    start_once module
    i=$((i + 1))
done
python3 - "$tmp" <<'PY'
import sys, statistics
t = sys.argv[1]
def times(v):
    return [int(x) / 1e6 for x in open("%s/%s.ns" % (t, v))]
s, m = times("stock"), times("module")
print("healthy start (1 free port), %d runs each: median stock %.3f ms, with module %.3f ms,"
      " ratio %.3f (target < 1.02); mean %.3f vs %.3f ms"
      % (len(s), statistics.median(s), statistics.median(m),
         statistics.median(m) / statistics.median(s), statistics.mean(s), statistics.mean(m)))
PY
