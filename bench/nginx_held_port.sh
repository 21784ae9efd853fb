#!/bin/sh
# Issue 8, item 2 (nginx): how long nginx takes to give up on a held port.
# Stock nginx retries bind() 5 times, 500 ms apart; with
# "preflight_on_conflict fail" the module explains and stops before bind().
#   bench/nginx_held_port.sh BUILD_DIR        target: >= 20x faster
here=$(cd "$(dirname "$0")" && pwd)
. "$here/nginx_bench_lib.sh"

port=$(bench_free_port)
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
print("ready", flush=True); time.sleep(3600)' "$port" >"$tmp/holder.out" &
holder=$!
trap 'kill $holder 2>/dev/null; bench_stop "$tmp/stock"; bench_stop "$tmp/fail"; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do grep -q ready "$tmp/holder.out" && break; sleep 0.05; done

bench_conf "$tmp/stock" "$port" no ""
bench_conf "$tmp/fail" "$port" yes "preflight_on_conflict fail;"

# a start that succeeded would leave an nginx behind: make sure it fails
if $(bench_cmd "$tmp/fail") 2>/dev/null; then echo "the port is not held"; exit 1; fi

hyperfine -N -i --runs "${PF_BENCH_STOCK_RUNS:-3}" --export-json "$tmp/stock.json" \
    "$(bench_cmd "$tmp/stock")" >/dev/null 2>&1
hyperfine -N -i --warmup 3 --runs "${PF_BENCH_RUNS:-50}" --export-json "$tmp/fail.json" \
    "$(bench_cmd "$tmp/fail")" >/dev/null 2>&1

stock=$(bench_median_ms "$tmp/stock.json")
fail=$(bench_median_ms "$tmp/fail.json")
python3 -c 'import sys; s, f = float(sys.argv[1]), float(sys.argv[2]); print("held port, time until nginx exits: stock %.1f ms, preflight fail mode %.2f ms: %.0fx faster (target >= 20x)" % (s, f, s / f))' "$stock" "$fail"
