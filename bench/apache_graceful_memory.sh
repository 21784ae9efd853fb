#!/bin/sh
# Issue 8, item 4 for Apache: mod_preflight leaks nothing across
# restarts.  RSS of the httpd parent after a warm-up, and again after 100
# `apache2 -k graceful` (each waited for), with the module loaded; the
# same without it, for reference.
#   bench/apache_graceful_memory.sh BUILD_DIR [COUNT]
# Needs: apache2; root for User/Group (otherwise the current user).
set -eu

build=${1:?usage: apache_graceful_memory.sh BUILD_DIR [COUNT]}
count=${2:-100}
. "$(dirname "$0")/apache_common.sh"

rss() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# n-th "resuming normal operations" in LOG: a (re)start has finished
wait_resumed() {
    for _ in $(seq 1 200); do
        n=$(grep -c "resuming normal operations" "$1" 2>/dev/null || true)
        [ "${n:-0}" -ge "$2" ] && return 0
        sleep 0.02
    done
    echo "httpd did not finish restart $2"; exit 1
}

# measure NAME: prints RSS before and after COUNT graceful restarts
measure() {
    d="$tmp/$1"
    "$apache_bin" -f "$d/httpd.conf" -k start
    while [ ! -s "$d/httpd.pid" ]; do sleep 0.01; done
    pid=$(cat "$d/httpd.pid")
    started="$started $pid"
    done_n=1
    wait_resumed "$d/error.log" "$done_n"
    for _ in 1 2 3 4 5; do      # warm-up: pools and caches settle
        "$apache_bin" -f "$d/httpd.conf" -k graceful
        done_n=$((done_n + 1)); wait_resumed "$d/error.log" "$done_n"
    done
    before=$(rss "$pid")
    steps="$before"
    i=0
    while [ "$i" -lt "$count" ]; do
        "$apache_bin" -f "$d/httpd.conf" -k graceful
        done_n=$((done_n + 1)); wait_resumed "$d/error.log" "$done_n"
        i=$((i + 1))
        [ $((i % 25)) -eq 0 ] && steps="$steps $(rss "$pid")"
    done
    after=$(rss "$pid")
    echo "$1 module: parent RSS $before KiB before, $after KiB after $count graceful restarts (growth $((after - before)) KiB; every 25: $steps)"
    if grep -q "PF0000[12]:" "$d/error.log"; then
        echo "$1 module: FALSE ALARM in the error log"; exit 1
    fi
    "$apache_bin" -f "$d/httpd.conf" -k stop
    while bench_alive "$pid"; do sleep 0.01; done
}

write_conf with with
write_conf without without
measure with
measure without
