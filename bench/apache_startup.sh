#!/bin/sh
# Issue 8, item 2 for Apache: what mod_preflight adds to a healthy start.
# Times `apache2 -k start` on a free port (until it returns: it has
# loaded the modules, twice, and run the check by then) and its CPU time,
# in two configurations:
#   bare    the two modules a start needs: the worst case for any
#           module's share of a start;
#   debian  the modules Debian enables by default (/etc/apache2/
#           mods-enabled, when there): Apache as it is shipped.
# In each: without the module; with an empty module (bench/pf-empty-
# module.c: what loading any module costs, the floor); with mod_preflight
# loaded but `PreflightCheck off` (bare only); with mod_preflight, also
# as a ratio to the empty module (its own share).
# Target: ratio to the start without the module < 1.02.  The runs and
# the statistics are bench/start_runs.py's.  Then, as a number
# that does not depend on the load, the instructions of `apache2 -t`
# with and without the module (callgrind), when valgrind is there.
#   bench/apache_startup.sh BUILD_DIR
# Needs: apache2, apxs (apache2-dev) or cc and the httpd headers;
# root for User/Group (otherwise the current user).
# PF_BENCH_RUNS: runs per configuration (default 400); PF_BENCH_ADDRS:
# Listen addresses (default 1: 127.0.0.1, then .2, ... on one port).
set -eu

build=${1:?usage: apache_startup.sh BUILD_DIR}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/apache_common.sh"

# the empty module, built with the flags apxs gives
empty="$tmp/pf_empty.so"
${CC:-cc} -shared -fPIC -O2 -I"$(apxs -q INCLUDEDIR)" \
    $(pkg-config --cflags apr-1 2>/dev/null || echo "-I$(apxs -q APR_INCLUDEDIR)") \
    -o "$empty" "$here/pf-empty-module.c"

# with_conf NAME LINES [debian]: a configuration without mod_preflight,
# plus LINES ("\n" between them)
with_conf() {
    write_conf "$1" without ${3-}
    sed -i "0,/^Listen/s##$2\nListen#" "$tmp/$1/httpd.conf"
}
set -- "$tmp/bare:$tmp/bare"
write_conf bare without
with_conf bare_empty "LoadModule pf_empty_module $empty"
with_conf bare_off "LoadModule preflight_module $module\nPreflightCheck off"
with_conf bare_preflight "LoadModule preflight_module $module"
set -- "$@" "$tmp/bare:$tmp/bare_empty" "$tmp/bare:$tmp/bare_off" \
    "$tmp/bare:$tmp/bare_preflight" "$tmp/bare_empty:$tmp/bare_preflight"
if ls "$debian_mods"/*.load >/dev/null 2>&1; then
    write_conf debian without debian
    with_conf debian_empty "LoadModule pf_empty_module $empty" debian
    with_conf debian_preflight "LoadModule preflight_module $module" debian
    set -- "$@" "$tmp/debian:$tmp/debian" "$tmp/debian:$tmp/debian_empty" \
        "$tmp/debian:$tmp/debian_preflight" \
        "$tmp/debian_empty:$tmp/debian_preflight"
fi
# PF_BENCH_BEFORE=OTHER_BUILD_DIR: its module too, in the same rounds
if [ -n "${PF_BENCH_BEFORE:-}" ]; then
    with_conf bare_before "LoadModule preflight_module $PF_BENCH_BEFORE/mod_apache/mod_preflight.so"
    set -- "$@" "$tmp/bare:$tmp/bare_before" "$tmp/bare_empty:$tmp/bare_before"
    if ls "$debian_mods"/*.load >/dev/null 2>&1; then
        with_conf debian_before "LoadModule preflight_module $PF_BENCH_BEFORE/mod_apache/mod_preflight.so" debian
        set -- "$@" "$tmp/debian:$tmp/debian_before" \
            "$tmp/debian_empty:$tmp/debian_before"
    fi
fi
# stops the httpd of {d}: gone, or a zombie (its sockets are closed then,
# and PID 1 may take seconds to reap it on a machine whose PID 1 is not
# an init)
cat >"$tmp/stop.sh" <<'SH'
pid=$(cat "$2/httpd.pid" 2>/dev/null) || exit 0
"$1" -f "$2/httpd.conf" -k stop
while [ -e "/proc/$pid" ] \
      && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ]; do
    sleep 0.001
done
rm -f "$2/httpd.pid"
SH
echo "apache2 -k start (${PF_BENCH_ADDRS:-1} Listen address(es)):"
python3 "$here/start_runs.py" "${PF_BENCH_RUNS:-400}" \
    "$apache_bin -f {d}/httpd.conf -k start" "{d}/httpd.pid" \
    "sh $tmp/stop.sh $apache_bin {d}" "$@"
if grep -q "AH00072\|PF0000[12]:" "$tmp"/*/error.log 2>/dev/null; then
    echo "a start failed: the numbers are not valid"; exit 1
fi

command -v valgrind >/dev/null || exit 0
for v in bare bare_preflight; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$v" \
        "$apache_bin" -f "$tmp/$v/httpd.conf" -t 2>"$tmp/cg.$v.err" >/dev/null || true
    eval "ir_$v=\$(sed -n 's/.*Collected : //p' \"\$tmp/cg.\$v.err\")"
done
# shellcheck disable=SC2154
python3 -c 'import sys; a, b = int(sys.argv[1]), int(sys.argv[2]); print("instructions of apache2 -t (bare): without %d, with the module %d (ratio %.3f)" % (a, b, b / a))' "$ir_bare" "$ir_bare_preflight"
