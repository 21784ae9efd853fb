#!/bin/sh
# Issue 8, item 2 (nginx): what the module costs a healthy start.  Times
# "nginx" on a free port until it returns (config, load_module,
# init_conf and the check, bind, daemonize) and its CPU time: stock, with
# the module loaded but "preflight off" (the cost of loading it), and
# with the module on; shuffled turns, per-round ratios with a 95%
# bootstrap interval (bench/start_runs.py); each nginx stopped (and its
# port seen free) before the next.
# Then, repeatable whatever else the machine does: instructions of
# "nginx -t" (config, load_module, init_conf: everything but bind and
# daemonize) under callgrind, for the same three.
#   bench/nginx_startup.sh BUILD_DIR          target: ratio < 1.02
# PF_BENCH_ADDRS: listen addresses (default 1: 127.0.0.1, then .2, ...
# on one port; issue 22: <= 1.02 at 100).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/nginx_bench_lib.sh"

trap 'for v in stock empty off module before; do bench_stop "$tmp/$v"; done; rm -rf "$tmp"' EXIT

empty=$(bench_empty_module)
port=$(bench_free_port)
bench_conf "$tmp/stock" "$port" no ""
bench_conf "$tmp/empty" "$port" "$empty" ""
bench_conf "$tmp/off" "$port" yes "preflight off;"
bench_conf "$tmp/module" "$port" yes ""

set -- "$tmp/stock:$tmp/stock" "$tmp/stock:$tmp/empty" "$tmp/stock:$tmp/off" \
    "$tmp/stock:$tmp/module" "$tmp/empty:$tmp/module"
# PF_BENCH_BEFORE=OTHER_BUILD_DIR: its module too, in the same rounds
if [ -n "${PF_BENCH_BEFORE:-}" ]; then
    bench_conf "$tmp/before" "$port" "$PF_BENCH_BEFORE/mod_nginx/ngx_preflight_module.so" ""
    set -- "$@" "$tmp/stock:$tmp/before" "$tmp/empty:$tmp/before"
fi
echo "nginx start (${PF_BENCH_ADDRS:-1} listen address(es), one free port):"
python3 "$here/start_runs.py" "${PF_BENCH_RUNS:-400}" \
    "$NGX_BIN -p {d} -c {d}/nginx.conf -e {d}/error.log" "{d}/nginx.pid" \
    "sh $tmp/stop.sh {d}" "$@"

command -v valgrind >/dev/null 2>&1 || { echo "no valgrind: instruction counts skipped"; exit 0; }
for v in stock empty off module; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/$v.cg" \
        $(bench_cmd "$tmp/$v") -q -t 2>"$tmp/$v.cgerr" || true
    eval "ir_$v=\$(sed -n 's/.*Collected : //p' "$tmp/$v.cgerr")"
done
python3 -c 'import sys; s, e, o, m = map(int, sys.argv[1:]); print("instructions of nginx -t: stock %d, empty module %d (%+d), module loaded but off %d (%+d, +%.1f%%), module on %d (check itself: %+d)" % (s, e, e - s, o, o - s, (o - s) * 100.0 / s, m, m - o))' \
    "$ir_stock" "$ir_empty" "$ir_off" "$ir_module"
