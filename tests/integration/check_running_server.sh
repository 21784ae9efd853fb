#!/bin/sh
# The CLI knows a running server from its configuration (issue 17 point
# 3): a real nginx and a real apache2, started here, hold their own ports;
# `check --nginx FILE` / `--apache FILE` find them through the pid file
# the configuration names and say "already running: this nginx, PID N"
# with exit 0.  Another server's configuration on the same port is still
# a conflict.  An Apache and an nginx configuration that ask for the same
# address name both lines and exit 1.  dist/shell/bootstrap-snippet.sh
# does not abort when rerun.
. "$top_srcdir/tests/integration/lib.sh"

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
APACHE=${PF_APACHE_BIN:-/usr/sbin/apache2}
MODS=${PF_APACHE_MODULES:-/usr/lib/apache2/modules}
[ -x "$NGINX" ] || pf_skip "nginx is not installed"

nport=$(pf_free_port)
pf_nginx_conf "$PF_TMP/nginx" "$nport" "worker_processes 2;"
sed -i '/^worker_processes 1;/d' "$PF_TMP/nginx/nginx.conf"
stop_nginx() {
    [ -s "$PF_TMP/nginx/nginx.pid" ] && kill -QUIT "$(cat "$PF_TMP/nginx/nginx.pid")" 2>/dev/null
    return 0
}
pf_on_exit stop_nginx
"$NGINX" -p "$PF_TMP/nginx" -c "$PF_TMP/nginx/nginx.conf" -e "$PF_TMP/nginx/logs/error.log" \
    || pf_fail "nginx did not start"
pf_wait_listen "$nport" || pf_fail "nginx does not listen on $nport"
npid=$(cat "$PF_TMP/nginx/nginx.pid")

"$PREFLIGHT" check --nginx "$PF_TMP/nginx/nginx.conf" >"$PF_TMP/ngx.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/ngx.txt"; pf_fail "check --nginx of a running nginx: exit $rc, expected 0"; }
pf_contains "$PF_TMP/ngx.txt" "already running: this nginx, PID $npid"
pf_not_contains "$PF_TMP/ngx.txt" "kill"
"$PREFLIGHT" check --json --nginx="$PF_TMP/nginx/nginx.conf" >"$PF_TMP/ngx.json"
[ "$(pf_json "$PF_TMP/ngx.json" '[f["cause"] for f in j["targets"][0]["findings"]]')" = "['same-server']" ] \
    || { cat "$PF_TMP/ngx.json"; pf_fail "the running nginx is not same-server"; }
pf_pass "check --nginx: the running nginx (PID $npid, from its pid file) is this nginx, exit 0"

# a second start through run: the cause (a warning, as the modules log
# it), nginx's own bind error, and the cause again after its failure
"$PREFLIGHT" run -- "$NGINX" -p "$PF_TMP/nginx" -c "$PF_TMP/nginx/nginx.conf" \
    -e "$PF_TMP/nginx/logs/error.log" -g 'daemon off;' >"$PF_TMP/run2.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/run2.out"; pf_fail "a second nginx through run: exit $rc, not nginx's 1"; }
same=$(grep -n "^preflight: *already running: this nginx, PID $npid\$" "$PF_TMP/run2.out" | cut -d: -f1)
[ "$(echo "$same" | grep -c .)" -eq 2 ] \
    || { cat "$PF_TMP/run2.out"; pf_fail "'already running: this nginx, PID $npid' not said before and after the start"; }
bind=$(grep -n "bind() to .* failed" "$PF_TMP/run2.out" | head -1 | cut -d: -f1)
[ -n "$bind" ] && [ "$(echo "$same" | head -1)" -lt "$bind" ] && [ "$(echo "$same" | tail -1)" -gt "$bind" ] \
    || { cat "$PF_TMP/run2.out"; pf_fail "'already running' does not come before nginx's bind error and after its failure"; }
pf_not_contains "$PF_TMP/run2.out" "every port is free now"
pf_not_contains "$PF_TMP/run2.out" "not starting"
pf_pass "run of a second nginx: 'already running' before the start and after its failure, nginx's status"

# the same port asked by a configuration of the other server: a conflict
printf 'ServerRoot %s\nPidFile %s/none.pid\nListen 127.0.0.1:%s\n' \
    "$PF_TMP" "$PF_TMP" "$nport" >"$PF_TMP/other-httpd.conf"
"$PREFLIGHT" check --apache "$PF_TMP/other-httpd.conf" >"$PF_TMP/other.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/other.txt"; pf_fail "Apache's config on nginx's port: exit $rc, expected 1"; }
pf_contains "$PF_TMP/other.txt" "PID $npid"
pf_not_contains "$PF_TMP/other.txt" "already running"
pf_pass "an Apache configuration on the running nginx's port: still a conflict"

# a rerun of the bootstrap snippet: the check passes, the start goes on
sed -e "s|/etc/nginx/nginx.conf|$PF_TMP/nginx/nginx.conf|" \
    -e 's|^systemctl start nginx$|echo bootstrap: started|' \
    "$top_srcdir/dist/shell/bootstrap-snippet.sh" >"$PF_TMP/bootstrap.sh"
grep -q 'echo bootstrap: started' "$PF_TMP/bootstrap.sh" || pf_fail "the snippet's start line changed"
mkdir -p "$PF_TMP/bin"
ln -s "$PREFLIGHT" "$PF_TMP/bin/preflight"
PATH="$PF_TMP/bin:$PATH" sh "$PF_TMP/bootstrap.sh" >"$PF_TMP/boot.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/boot.out"; pf_fail "bootstrap rerun: exit $rc"; }
pf_contains "$PF_TMP/boot.out" "bootstrap: started"
pf_pass "bootstrap-snippet.sh rerun with nginx running: not aborted"

# Apache: apache2 -k start on a configuration of the test's own
if [ -x "$APACHE" ] && [ -f "$MODS/mod_mpm_event.so" ]; then
    aport=$(pf_free_port)
    ad="$PF_TMP/apache"
    mkdir -p "$ad/run" "$ad/logs"
    {
        echo "ServerRoot $ad"
        echo "ServerName localhost"
        echo "PidFile run/httpd.pid"
        echo "DefaultRuntimeDir $ad"
        echo "ErrorLog $ad/logs/error.log"
        echo "Mutex file:$ad/run default"
        echo "LoadModule mpm_event_module $MODS/mod_mpm_event.so"
        echo "LoadModule authz_core_module $MODS/mod_authz_core.so"
        [ "$(id -u)" = 0 ] && { echo "User nobody"; echo "Group nogroup"; }
        echo "Listen 127.0.0.1:$aport"
    } >"$ad/httpd.conf"
    stop_apache() {
        [ -s "$ad/run/httpd.pid" ] && kill -TERM "$(cat "$ad/run/httpd.pid")" 2>/dev/null
        return 0
    }
    pf_on_exit stop_apache
    "$APACHE" -f "$ad/httpd.conf" -k start >"$PF_TMP/apache.out" 2>&1 \
        || { cat "$PF_TMP/apache.out"; pf_fail "apache2 -k start failed"; }
    pf_wait_listen "$aport" || pf_fail "apache2 does not listen on $aport"
    for _ in $(seq 1 50); do [ -s "$ad/run/httpd.pid" ] && break; sleep 0.1; done
    apid=$(cat "$ad/run/httpd.pid")
    "$PREFLIGHT" check --apache "$ad/httpd.conf" >"$PF_TMP/ap.txt" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || { cat "$PF_TMP/ap.txt"; pf_fail "check --apache of a running apache2: exit $rc, expected 0"; }
    pf_contains "$PF_TMP/ap.txt" "already running: this Apache, PID $apid"
    pf_pass "check --apache: the running apache2 (PID $apid, PidFile under DefaultRuntimeDir) is this Apache, exit 0"

    # both configurations at once: each server knows its own
    "$PREFLIGHT" check --apache "$ad/httpd.conf" --nginx "$PF_TMP/nginx/nginx.conf" >"$PF_TMP/both.txt" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || { cat "$PF_TMP/both.txt"; pf_fail "both running, both configs: exit $rc, expected 0"; }
    pf_contains "$PF_TMP/both.txt" "already running: this Apache, PID $apid"
    pf_contains "$PF_TMP/both.txt" "already running: this nginx, PID $npid"
    pf_pass "--apache and --nginx together: each running server is its own"
else
    pf_pass "(apache2 is not installed: the Apache case is not run)"
fi

# an Apache and an nginx configuration that ask for the same address
cport=$(pf_free_port)
printf 'ServerRoot %s\nPidFile %s/none.pid\n\nListen %s\n' "$PF_TMP" "$PF_TMP" "$cport" >"$PF_TMP/clash-httpd.conf"
pf_nginx_conf "$PF_TMP/clash-nginx" "$cport"
"$PREFLIGHT" check --apache "$PF_TMP/clash-httpd.conf" --nginx "$PF_TMP/clash-nginx/nginx.conf" \
    >"$PF_TMP/clash.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/clash.txt"; pf_fail "two configurations on one address: exit $rc, expected 1"; }
nline=$(grep -n "listen 127.0.0.1:$cport;" "$PF_TMP/clash-nginx/nginx.conf" | cut -d: -f1)
pf_contains "$PF_TMP/clash.txt" "Apache at $PF_TMP/clash-httpd.conf:4 and nginx at $PF_TMP/clash-nginx/nginx.conf:$nline both listen on port $cport: only one of them can start"
"$PREFLIGHT" check --json --apache "$PF_TMP/clash-httpd.conf" --nginx "$PF_TMP/clash-nginx/nginx.conf" >"$PF_TMP/clash.json"
[ "$(pf_json "$PF_TMP/clash.json" 'sorted(set(f["cause"] for t in j["targets"] for f in t["findings"]))')" = "['config-clash']" ] \
    || { cat "$PF_TMP/clash.json"; pf_fail "no config-clash finding in the JSON"; }
pf_pass "an Apache and an nginx configuration on one address: both lines named, exit 1"
