#!/bin/sh
# preflight run in front of a real nginx (daemon off, as a launcher runs
# it): the configuration is taken from nginx's own -p/-c, a free port
# starts nginx and SIGTERM to the shim stops it with nginx's status; a held
# port gives the findings, then nginx's own error and its exit status.
. "$top_srcdir/tests/integration/lib.sh"

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || pf_skip "nginx is not installed"

port=$(pf_free_port)
pf_nginx_conf "$PF_TMP/nginx" "$port"
stop_nginx() {
    [ -s "$PF_TMP/nginx/nginx.pid" ] || return 0
    kill -QUIT "$(cat "$PF_TMP/nginx/nginx.pid")" 2>/dev/null
}
pf_on_exit stop_nginx

"$PREFLIGHT" run -- "$NGINX" -p "$PF_TMP/nginx" -c nginx.conf -e logs/error.log \
    -g 'daemon off;' >"$PF_TMP/out" 2>&1 &
shim=$!
pf_track "$shim"
pf_wait_listen "$port" || { cat "$PF_TMP/out"; pf_fail "nginx did not start on a free port"; }
pf_pass "free port: nginx started through preflight run"
# a signal before the master has set its handlers would just kill it
pf_wait_grandchild "$shim" || pf_fail "nginx started no worker"
kill -TERM "$shim"
wait "$shim"
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/out"; pf_fail "shim status $rc after SIGTERM, not nginx's 0"; }
ss -Hltn "sport = :$port" | grep -q . && pf_fail "nginx still listens after SIGTERM to the shim"
pf_pass "SIGTERM to the shim stopped nginx; its status 0 given back"

pf_hold_port 127.0.0.1 "$port"
"$PREFLIGHT" run -- "$NGINX" -p "$PF_TMP/nginx" -c nginx.conf -e logs/error.log \
    -g 'daemon off;' >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -ne 0 ] || { cat "$PF_TMP/out"; pf_fail "nginx on a held port gave 0"; }
pf_contains "$PF_TMP/out" "$PF_HOLDER_PID"
pf_contains "$PF_TMP/out" "pf-hold-port"
pf_contains "$PF_TMP/out" "$PF_TMP/nginx/nginx.conf"
grep -n "pf-hold-port" "$PF_TMP/out" | head -1 | cut -d: -f1 >"$PF_TMP/l1"
grep -n "Address already in use" "$PF_TMP/out" | head -1 | cut -d: -f1 >"$PF_TMP/l2"
[ -s "$PF_TMP/l2" ] || { cat "$PF_TMP/out"; pf_fail "nginx's own bind error is missing"; }
[ "$(cat "$PF_TMP/l1")" -lt "$(cat "$PF_TMP/l2")" ] || pf_fail "the findings do not come before nginx's error"
pf_pass "held port: holder PID $PF_HOLDER_PID named before nginx's own error; status $rc"
