#!/bin/sh
# Issue 16 in the servers' logs: a holder whose process name holds ESC, CR
# and ';' (an executable file so named) inside a cgroup named like a unit
# with ';' and ESC ("x.service;touch PWNED;<ESC>[31m.service").  Real
# nginx (with preflight_remedy suggest) and real Apache explain the held
# port in their logs with both names escaped (\x1b, \r), no raw control
# character, and no command that names the unit.
. "$top_srcdir/tests/integration/lib.sh"

[ "$(id -u)" -eq 0 ] || pf_skip "needs root (a cgroup for the holder)"

esc=$(printf '\033')
cr=$(printf '\r')
no_raw_controls() {
    if LC_ALL=C grep -q "[$esc$cr]" "$1"; then
        cat -v "$1"; pf_fail "a raw ESC or CR reached $1"
    fi
}

port=$(pf_free_port)
hname="h${esc}[2J;id${cr}"
cp "$top_builddir/tests/integration/pf-hold-port" "$PF_TMP/$hname"
unit="pf-hl$$.service;touch PWNED;${esc}[31m.service"
cg=$(pf_unit_cgroup "$unit")
rm_cg() {
    if [ -n "$cg" ]; then
        kill "$hpid" 2>/dev/null
        sleep 0.2
        rmdir "$cg" "$(dirname "$cg")" 2>/dev/null
    fi
    return 0
}
pf_on_exit rm_cg
"$PF_TMP/$hname" 127.0.0.1 "$port" >"$PF_TMP/holder.out" 2>&1 &
hpid=$!
pf_track "$hpid"
[ -n "$cg" ] && echo "$hpid" >"$cg/cgroup.procs"
pf_wait_listen "$port" || pf_fail "the holder does not listen on $port"

ran=0
# --- nginx --------------------------------------------------------------
if [ -x "${NGINX_BIN:-/usr/sbin/nginx}" ] && [ -f "$top_builddir/mod_nginx/ngx_preflight_module.so" ]; then
    . "$top_srcdir/tests/integration/nginx_lib.sh"
    D="$PF_TMP/nginx"
    ngx_conf "$D" "preflight_on_conflict fail; preflight_remedy suggest;" "listen 127.0.0.1:$port;"
    ngx_run "$D"
    [ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port"
    cat "$D/stderr" "$D/error.log" >"$PF_TMP/nginx.log" 2>/dev/null
    no_raw_controls "$PF_TMP/nginx.log"
    pf_contains "$PF_TMP/nginx.log" "PID $hpid "'h\x1b[2J;id\r'
    if [ -n "$cg" ]; then
        pf_contains "$PF_TMP/nginx.log" "pf-hl$$.service;touch PWNED;"'\x1b[31m.service'
        pf_not_contains "$PF_TMP/nginx.log" "systemctl"
    fi
    ngx_stop_all
    pf_pass "nginx's log: the holder's names escaped, no command names the unit"
    ran=1
fi

# --- Apache -------------------------------------------------------------
if [ -x "${PF_APACHE_BIN:-/usr/sbin/apache2}" ] && [ -f "$top_builddir/mod_apache/mod_preflight.so" ]; then
    . "$top_srcdir/tests/integration/apache_lib.sh"
    pf_apache_conf "Listen 127.0.0.1:$port"
    pf_apache -k start
    out="$PF_TMP/apache.out"
    [ "$PF_RC" -ne 0 ] || { cat "$out"; pf_fail "httpd started on a held port"; }
    cat "$out" "$PF_APACHE_LOG" >"$PF_TMP/apache.log" 2>/dev/null
    no_raw_controls "$PF_TMP/apache.log"
    # httpd escapes the backslash of preflight's escapes once more
    pf_contains "$PF_TMP/apache.log" 'h\\x1b[2J;id\\r'
    if [ -n "$cg" ]; then
        pf_contains "$PF_TMP/apache.log" "pf-hl$$.service;touch PWNED;"'\\x1b[31m.service'
        pf_not_contains "$PF_TMP/apache.log" "systemctl"
    fi
    pf_pass "Apache's console and log: the holder's names escaped"
    ran=1
fi
[ "$ran" -eq 1 ] || pf_skip "neither nginx with the module nor apache2 here"
