#!/bin/sh
# Issue 17 point 4, the right words: a bare port held by a real Apache
# started with apache2ctl, or by a real nginx started by hand, is answered
# with the command that stops that server (its own configuration
# included), not "kill PID # started by hand", and with the Listen line
# of both servers.  The test then runs the advised command: it must stop
# the server.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/apache_lib.sh"

command -v apache2ctl >/dev/null 2>&1 || pf_skip "no apache2ctl"
[ "$(id -u)" = 0 ] || pf_skip "apache2ctl reads /etc/apache2/envvars as root"

# the advised command: the line after "stop NAME (PID N) the way it was
# started" in the text report
advice() {
    sed -n '/the way it was started/{n;p;q}' "$1" | sed 's/^ *//'
}

# --- Apache, started by apache2ctl with its own -f ------------------------
port=$(pf_free_port)
PF_APACHE_NO_MODULE=1 pf_apache_conf "Listen 127.0.0.1:$port"
apache2ctl -f "$PF_APACHE_CONF" -k start >"$PF_TMP/ctl.out" 2>&1 \
    || { cat "$PF_TMP/ctl.out"; pf_fail "apache2ctl -k start failed"; }
pf_apache_wait_started || pf_fail "httpd did not start"
pid=$(pf_apache_pid)
pf_wait_listen "$port" || pf_fail "apache2 does not listen on $port"
"$PREFLIGHT" check "$port" >"$PF_TMP/a.txt" 2>&1
pf_contains "$PF_TMP/a.txt" "PID $pid"
pf_not_contains "$PF_TMP/a.txt" "started by hand"
pf_not_contains "$PF_TMP/a.txt" "kill $pid"
cmd=$(advice "$PF_TMP/a.txt")
[ "$cmd" = "apache2ctl -f $PF_APACHE_CONF -k stop" ] \
    || { cat "$PF_TMP/a.txt"; pf_fail "advice is '$cmd'"; }
# a bare port: the line to write in either server's configuration
pf_contains "$PF_TMP/a.txt" "   # Apache"
pf_contains "$PF_TMP/a.txt" ";   # nginx"
sh -c "$cmd" >"$PF_TMP/stop.out" 2>&1 || { cat "$PF_TMP/stop.out"; pf_fail "'$cmd' failed"; }
pf_apache_wait_gone "$pid" || pf_fail "'$cmd' did not stop httpd $pid"
pf_pass "Apache by apache2ctl: '$cmd' advised, and it stops it"

# --- nginx by hand, with its own prefix and configuration ----------------
[ -x /usr/sbin/nginx ] || pf_skip "nginx is not installed"
port=$(pf_free_port)
pf_nginx_conf "$PF_TMP/nginx" "$port" "daemon on;" "user root;"
stop_nginx() {
    [ -s "$PF_TMP/nginx/nginx.pid" ] || return 0
    kill -QUIT "$(cat "$PF_TMP/nginx/nginx.pid")" 2>/dev/null
}
pf_on_exit stop_nginx
/usr/sbin/nginx -p "$PF_TMP/nginx" -c "$PF_TMP/nginx/nginx.conf" \
    -e "$PF_TMP/nginx/logs/error.log" || pf_fail "nginx did not start"
pf_wait_listen "$port" || pf_fail "nginx does not listen on $port"
master=$(cat "$PF_TMP/nginx/nginx.pid")
"$PREFLIGHT" check "127.0.0.1:$port" >"$PF_TMP/n.txt" 2>&1
pf_not_contains "$PF_TMP/n.txt" "kill $master"
cmd=$(advice "$PF_TMP/n.txt")
[ "$cmd" = "nginx -p $PF_TMP/nginx -c $PF_TMP/nginx/nginx.conf -e $PF_TMP/nginx/logs/error.log -s stop" ] \
    || { cat "$PF_TMP/n.txt"; pf_fail "advice is '$cmd'"; }
PATH="/usr/sbin:$PATH" sh -c "$cmd" >"$PF_TMP/stop.out" 2>&1 \
    || { cat "$PF_TMP/stop.out"; pf_fail "'$cmd' failed"; }
for _ in $(seq 1 100); do kill -0 "$master" 2>/dev/null || break; sleep 0.05; done
kill -0 "$master" 2>/dev/null && pf_fail "'$cmd' did not stop nginx $master"
pf_pass "nginx by hand: '$cmd' advised, and it stops it"
