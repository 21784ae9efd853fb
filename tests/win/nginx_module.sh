#!/bin/sh
# End to end under Wine, inside a real nginx.exe (nginx for Windows,
# cross-built with ngx_preflight_module compiled in by
# tools/build-nginx-mingw.sh; NGINX_WIN names the directory of nginx.exe):
#  1. a free port: nginx.exe serves, preflight says nothing, in the master
#     or in the worker (a new process that reads the configuration again
#     and opens the sockets next to its master's);
#  2. the port held through the HTTP Server API (pf-http-hold.exe): nginx
#     stops, and before its own "bind() ... failed (10013: ...)" preflight
#     names HTTP.sys and the process that registered the URL.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
. "$top_srcdir/tests/win/server_lib.sh"

pf_win_server_init nginx "$top_builddir/tests/win/pf-http-hold.exe"
pf_win_nginx_root "preflight-h19-ngx-$$"

ngx_pid=""
stop_nginx() {
    [ -n "$ngx_pid" ] || return 0
    pf_wine_run "$root/nginx.exe" -p "$winroot" -s stop >/dev/null 2>&1
    pf_wait_gone "$ngx_pid" 30
}
pf_on_exit stop_nginx

# 1. a free port
port=$(pf_free_port 127.0.0.1)
pf_win_nginx_conf "127.0.0.1:$port"
pf_wine_run "$root/nginx.exe" -p "$winroot" >"$PF_TMP/run.out" 2>&1 &
ngx_pid=$!
pf_track "$ngx_pid"
pf_win_serves "$port" "$ngx_pid" \
    || { cat "$PF_TMP/run.out" "$root/logs/error.log"; pf_fail "nginx.exe did not serve on $port"; }
# a worker answered: it has read the configuration too
tr -d '\r' <"$PF_TMP/run.out" >"$PF_TMP/run.txt"
pf_not_contains "$PF_TMP/run.txt" "preflight"
pf_not_contains "$root/logs/error.log" "preflight"
pf_pass "nginx.exe serves on 127.0.0.1:$port, preflight says nothing (master and worker)"
stop_nginx
kill -0 "$ngx_pid" 2>/dev/null && pf_fail "nginx.exe did not stop (nginx -s stop)"
ngx_pid=""

# 2. the port held through HTTP.sys
port=$(pf_free_port 0.0.0.0)
pf_win_hold "$port" 600
pf_pass "HTTP.sys holds port $port for pf-http-hold.exe (Windows pid $holder)"

pf_win_nginx_conf "$port"
rm -f "$root/logs/error.log"
pf_win_held_start held "$root/nginx.exe" -p "$winroot"
sys=$(pf_win_line "$PF_TMP/held.txt" 'preflight: .*HTTP\.sys')
who=$(pf_win_line "$PF_TMP/held.txt" "preflight: .*PID $holder\\b")
bind=$(pf_win_line "$PF_TMP/held.txt" -F "bind() to 0.0.0.0:$port failed (10013")
[ -n "$bind" ] || pf_fail "no bind error of nginx's own"
[ -n "$sys" ] || pf_fail "preflight did not name HTTP.sys"
[ -n "$who" ] || pf_fail "preflight did not name the process that registered the URL (PID $holder)"
[ "$sys" -lt "$bind" ] && [ "$who" -lt "$bind" ] \
    || pf_fail "preflight's explanation comes after nginx's bind error"
pf_contains "$root/logs/error.log" "preflight:   port $port is held by HTTP.sys"
pf_pass "held: HTTP.sys and PID $holder named before nginx's bind() error"
exit 0
