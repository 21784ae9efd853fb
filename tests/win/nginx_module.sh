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

[ -n "${WINE:-}" ] || pf_skip "no Wine"
[ -n "${NGINX_WIN:-}" ] && [ -f "$NGINX_WIN/nginx.exe" ] \
    || pf_skip "no nginx for Windows (NGINX_WIN=the directory of nginx.exe from tools/build-nginx-mingw.sh)"
hold="$top_builddir/tests/win/pf-http-hold.exe"
[ -f "$hold" ] || pf_fail "no $hold (make check builds it)"
pf_wine_init || pf_fail "could not create the Wine prefix"
pf_wine_httpsys_lock || pf_fail "no turn to use HTTP.sys in $WINEPREFIX"
wait_s=${PF_WIN_HTTPD_WAIT:-300}

root="$PF_TMP/nginx"
mkdir -p "$root/conf" "$root/logs" "$root/temp" "$root/html"
cp "$NGINX_WIN/nginx.exe" "$root/nginx.exe"
echo "preflight-h19-ngx-$$" >"$root/html/index.html"
winroot="Z:$root/"

# the layout of nginx's Windows zip: nginx.exe, conf\, logs\, temp\, html\
write_conf() {
    cat >"$root/conf/nginx.conf" <<EOF
worker_processes 1;
error_log logs/error.log warn;
pid logs/nginx.pid;
events { worker_connections 64; }
http {
    server {
        listen $1;
        root html;
    }
}
EOF
}

ngx_pid=""
stop_nginx() {
    [ -n "$ngx_pid" ] || return 0
    pf_wine_run "$root/nginx.exe" -p "$winroot" -s stop >/dev/null 2>&1
    for _ in $(seq 1 300); do
        kill -0 "$ngx_pid" 2>/dev/null || break
        sleep 0.1
    done
}
pf_on_exit stop_nginx

# 1. a free port
port=$(pf_free_port 127.0.0.1)
write_conf "127.0.0.1:$port"
pf_wine_run "$root/nginx.exe" -p "$winroot" >"$PF_TMP/run.out" 2>&1 &
ngx_pid=$!
pf_track "$ngx_pid"
up=""
for _ in $(seq 1 "$wait_s"); do
    if curl -s -m 2 "http://127.0.0.1:$port/" 2>/dev/null | grep -q "preflight-h19-ngx-$$"; then
        up=yes; break
    fi
    kill -0 "$ngx_pid" 2>/dev/null || break
    sleep 1
done
[ -n "$up" ] || { cat "$PF_TMP/run.out" "$root/logs/error.log"; pf_fail "nginx.exe did not serve on $port"; }
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
mkfifo "$PF_TMP/hold.in"
close_helper() { exec 3>&- 2>/dev/null || true; }
pf_on_exit close_helper
pf_wine_run "$hold" "$port" 600 <"$PF_TMP/hold.in" >"$PF_TMP/hold.out" 2>&1 &
helper=$!
pf_track "$helper"
exec 3>"$PF_TMP/hold.in"
for _ in $(seq 1 "$wait_s"); do
    grep -q ready "$PF_TMP/hold.out" 2>/dev/null && break
    kill -0 "$helper" 2>/dev/null || break
    sleep 1
done
holder=$(sed -n 's/^ready pid \([0-9]*\).*/\1/p' "$PF_TMP/hold.out" | tr -d '\r' | tail -1)
[ -n "$holder" ] || { cat "$PF_TMP/hold.out"; pf_fail "pf-http-hold did not start"; }
pf_wait_listen "$port" || pf_fail "nothing listens on $port after pf-http-hold said ready"
pf_pass "HTTP.sys holds port $port for pf-http-hold.exe (Windows pid $holder)"

write_conf "$port"
rm -f "$root/logs/error.log"
rc=0
if command -v timeout >/dev/null 2>&1; then
    timeout "$wait_s" "$WINE" "$root/nginx.exe" -p "$winroot" \
        >"$PF_TMP/held.out" 2>&1 8>&- 9>&- || rc=$?
else
    pf_wine_run "$root/nginx.exe" -p "$winroot" >"$PF_TMP/held.out" 2>&1 || rc=$?
fi
tr -d '\r' <"$PF_TMP/held.out" >"$PF_TMP/held.txt"
cat "$PF_TMP/held.txt"
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] \
    || pf_fail "nginx.exe on a port HTTP.sys holds exited $rc"
grep -n . "$PF_TMP/held.txt" >"$PF_TMP/held.num"
sys=$(grep -m1 'preflight: .*HTTP\.sys' "$PF_TMP/held.num" | cut -d: -f1)
who=$(grep -m1 "preflight: .*PID $holder\\b" "$PF_TMP/held.num" | cut -d: -f1)
bind=$(grep -m1 "bind() to 0.0.0.0:$port failed (10013" "$PF_TMP/held.num" | cut -d: -f1)
[ -n "$bind" ] || pf_fail "no bind error of nginx's own"
[ -n "$sys" ] || pf_fail "preflight did not name HTTP.sys"
[ -n "$who" ] || pf_fail "preflight did not name the process that registered the URL (PID $holder)"
[ "$sys" -lt "$bind" ] && [ "$who" -lt "$bind" ] \
    || pf_fail "preflight's explanation comes after nginx's bind error"
pf_contains "$root/logs/error.log" "preflight:   port $port is held by HTTP.sys"
pf_pass "held: HTTP.sys and PID $holder named before nginx's bind() error"
exit 0
