#!/bin/sh
# Issue 8, item 3 (nginx): what the module costs a healthy start.  Times
# the foreground part of "nginx" (config, init_conf, bind, daemonize) on a
# free port, with and without ngx_preflight_module, alternating the two
# so that a busy machine weighs on both alike; the nginx of each run is
# stopped (and its port seen free) before the next.
# Then, repeatable whatever else the machine does: instructions of
# "nginx -t" (config, load_module, init_conf: everything but bind and
# daemonize) under callgrind, stock, module with "preflight off" (the cost
# of loading it) and module on (the check itself).
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

command -v valgrind >/dev/null 2>&1 || { echo "no valgrind: instruction counts skipped"; exit 0; }
bench_conf "$tmp/off" "$(bench_free_port)" yes "preflight off;"
for v in stock off module; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/$v.cg" \
        $(bench_cmd "$tmp/$v") -q -t 2>"$tmp/$v.cgerr" || true
    eval "ir_$v=\$(sed -n 's/.*Collected : //p' "$tmp/$v.cgerr")"
done
python3 -c 'import sys; s, o, m = map(int, sys.argv[1:]); print("instructions of nginx -t: stock %d, module loaded but off %d (+%.1f%%), module on %d (check itself: %+d)" % (s, o, (o - s) * 100.0 / s, m, m - o))' \
    "$ir_stock" "$ir_off" "$ir_module"
