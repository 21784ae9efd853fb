#!/bin/sh
# Issue 8, item 4 (nginx): does the master grow over reloads?  Master RSS
# before and after N reloads (SIGHUP, each waited for), stock and with the
# module: the module's report is created and destroyed on every reload.
#   bench/nginx_reload_memory.sh BUILD_DIR [N]      (default N = 100)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/nginx_bench_lib.sh"

n=${2:-100}
trap 'bench_stop "$tmp/stock"; bench_stop "$tmp/module"; rm -rf "$tmp"' EXIT

rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status"; }
workers_started() { grep -c "start worker process " "$1/error.log" || true; }

measure() {
    d="$tmp/$1"
    bench_conf "$d" "$(bench_free_port)" "$2" ""
    $(bench_cmd "$d")
    master=$(bench_master "$d")
    sleep 0.2
    before=$(rss_kb "$master")
    marks=""
    i=0
    while [ "$i" -lt "$n" ]; do
        case $i in 10|25|50|75) marks="$marks $i:$(rss_kb "$master")" ;; esac
        w=$(workers_started "$d")
        kill -HUP "$master"
        for _ in $(seq 1 200); do
            [ "$(workers_started "$d")" -gt "$w" ] && break
            sleep 0.01
        done
        i=$((i + 1))
    done
    sleep 0.2
    after=$(rss_kb "$master")
    echo "$1: master RSS $before kB before, $after kB after $n reloads ($((after - before)) kB); after reloads (n:kB):$marks"
    bench_stop "$d"
}
measure stock no
measure module yes
