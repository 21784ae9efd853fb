#!/bin/sh
# A real Debian nginx, started by this test, holds a port: preflight names
# nginx and its master's PID; an nginx config that wants the same port is
# reported with its file and line.
. "$top_srcdir/tests/integration/lib.sh"

command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || pf_skip "nginx is not installed"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

port=$(pf_free_port)
pf_nginx_conf "$PF_TMP/nginx" "$port" "daemon on;" "user root;"

stop_nginx() {
    [ -s "$PF_TMP/nginx/nginx.pid" ] || return 0
    pid=$(cat "$PF_TMP/nginx/nginx.pid")
    kill -QUIT "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
}
pf_on_exit stop_nginx

"$NGINX" -p "$PF_TMP/nginx" -c "$PF_TMP/nginx/nginx.conf" -e "$PF_TMP/nginx/logs/error.log" \
    || pf_fail "nginx did not start"
pf_wait_listen "$port" || pf_fail "nginx does not listen on $port"
master=$(cat "$PF_TMP/nginx/nginx.pid")

"$PREFLIGHT" check "127.0.0.1:$port" --json >"$PF_TMP/out.json"
[ $? -eq 1 ] || { cat "$PF_TMP/out.json"; pf_fail "exit code is not 1"; }
pf_json "$PF_TMP/out.json" '[h["pid"] for f in j["targets"][0]["findings"] for h in f["holders"]]' >"$PF_TMP/pids"
pf_contains "$PF_TMP/pids" "$master"
pf_json "$PF_TMP/out.json" '[h["name"] for f in j["targets"][0]["findings"] for h in f["holders"]]' >"$PF_TMP/names"
pf_contains "$PF_TMP/names" "nginx"
pf_pass "nginx master $master named as the holder"

# the same port asked for by an nginx config: the finding points at the
# file and line of its listen directive
cat >"$PF_TMP/other.conf" <<CONF
events { }
http {
    server {
        listen 127.0.0.1:$port;
    }
}
CONF
"$PREFLIGHT" check --nginx "$PF_TMP/other.conf" --no-color >"$PF_TMP/out.txt"
[ $? -eq 1 ] || { cat "$PF_TMP/out.txt"; pf_fail "exit code is not 1 for the config"; }
pf_contains "$PF_TMP/out.txt" "$PF_TMP/other.conf:4"
pf_contains "$PF_TMP/out.txt" "nginx"
pf_pass "config target reported with file:line and its holder"
