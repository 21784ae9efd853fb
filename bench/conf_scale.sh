#!/bin/sh
# Issue 22, target 1: reading a shared-hosting configuration.  Debian's
# layout (one file per vhost, each including a shared snippet; every
# 100th vhost with a port of its own) for Apache and nginx at 1,000,
# 10,000 and 50,000 vhosts (bench/gen_vhosts.py), then `preflight check
# --apache` against `apache2ctl -S` and `preflight check --nginx`
# against `nginx -T` on the same tree, side by side in shuffled rounds
# (side_by_side.py).  First checks that preflight reads every listen
# address of each tree.  Target: <= 0.3x the server's own reader, and
# linear in the number of vhosts.
#   bench/conf_scale.sh BUILD_DIR [SIZES]      (SIZES: "1000 10000 50000")
# PF_BENCH_RUNS rounds per size (default 10).  Needs apache2, nginx,
# python3.
set -eu

build=${1:?usage: conf_scale.sh BUILD_DIR [SIZES]}
build=$(cd "$build" && pwd)
sizes=${2:-1000 10000 50000}
runs=${PF_BENCH_RUNS:-10}
here=$(cd "$(dirname "$0")" && pwd)
preflight="$build/cli-shim/preflight"
tmp=$(mktemp -d /tmp/pf-conf-scale.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

for tool in apache2ctl nginx python3; do
    command -v "$tool" >/dev/null || { echo "conf_scale: needs $tool"; exit 1; }
done
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(apache2 -v | head -1); $(nginx -v 2>&1); $runs rounds per size"

# the listen addresses preflight reports, against what the generator wrote
count_targets() {
    "$preflight" check --json "$@" >"$tmp/out.json" || [ $? -eq 1 ]
    python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["targets"]))' "$tmp/out.json"
}

for n in $sizes; do
    t="$tmp/v$n"
    python3 "$here/gen_vhosts.py" "$t" "$n"
    own=$(( (n + 99) / 100 ))
    a=$(count_targets --apache "$t/apache2/apache2.conf" -d "$t/apache2")
    g=$(count_targets --nginx "$t/nginx/nginx.conf" -p "$t/nginx/")
    [ "$a" -eq $((own + 1)) ] || { echo "Apache, $n vhosts: preflight read $a listen addresses, expected $((own + 1))"; exit 1; }
    [ "$g" -eq $((2 * own + 2)) ] || { echo "nginx, $n vhosts: preflight read $g listen addresses, expected $((2 * own + 2))"; exit 1; }
    APACHE_CONFDIR="$t/apache2" apache2ctl -S >/dev/null 2>&1 || { echo "apache2ctl -S fails on the $n tree"; exit 1; }
    nginx -T -p "$t/nginx/" -c "$t/nginx/nginx.conf" >/dev/null 2>&1 || { echo "nginx -T fails on the $n tree"; exit 1; }
    echo
    echo "$n vhosts ($(find "$t/apache2" "$t/nginx" -type f | wc -l) files; Apache $a, nginx $g listen addresses):"
    APACHE_CONFDIR="$t/apache2" python3 "$here/side_by_side.py" "$runs" \
        "apache $n|apache2ctl -S|$preflight check --apache $t/apache2/apache2.conf -d $t/apache2" \
        "nginx $n|nginx -T -p $t/nginx/ -c $t/nginx/nginx.conf|$preflight check --nginx $t/nginx/nginx.conf -p $t/nginx/"
    rm -rf "$t"
done
