#!/bin/sh
# Issue 9, nginx: the everyday cases where nginx's ports are busy or shared
# for good reasons must not raise an alarm.  Every config here runs with
# "preflight_on_conflict fail", so a false alarm would also stop nginx.
#   start + reload; binary upgrade (USR2, then QUIT of the old master);
#   one port on 127.0.0.1 and [::1]; a reuseport group with 2 workers;
#   wildcards of both families (in a network namespace); a port held in
#   another network namespace.  A real conflict is still reported.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/nginx_lib.sh"

FAIL="preflight_on_conflict fail;"

# --- start and reload ----------------------------------------------------
p=$(pf_free_port)
D="$PF_TMP/reload"
ngx_conf "$D" "$FAIL" "listen 127.0.0.1:$p;"
ngx_run "$D"
[ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx did not start"; }
ngx_reload "$D"
ngx_reload "$D"
ngx_no_alarm "$D" "start and two reloads"

# --- binary upgrade: the new master inherits the sockets -----------------
old=$(ngx_master "$D")
kill -USR2 "$old"
for _ in $(seq 1 100); do
    [ -s "$D/nginx.pid.oldbin" ] && [ -s "$D/nginx.pid" ] \
        && [ "$(ngx_master "$D")" != "$old" ] && break
    sleep 0.05
done
new=$(ngx_master "$D")
[ "$new" != "$old" ] || { cat "$D/error.log"; pf_fail "no new master after USR2"; }
ngx_track "$new"
ngx_wait_ready "$D" "$new" || { cat "$D/error.log"; pf_fail "the new master started no workers"; }
ngx_alive "$new" || { cat "$D/error.log"; pf_fail "the new master stopped"; }
kill -QUIT "$old"
ngx_wait_gone "$old" || pf_fail "the old master did not quit"
pf_wait_listen "$p" || pf_fail "nothing listens on $p after the upgrade"
ngx_reload "$D"
ngx_no_alarm "$D" "binary upgrade (USR2, QUIT old master, reload)"
ngx_stop_all

# --- one port, two families ----------------------------------------------
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' \
    2>/dev/null
then
    # free on both loopbacks at once (other tests hold many ports)
    p=$(python3 -c '
import socket
for _ in range(50):
    a = socket.socket(socket.AF_INET6); a.bind(("::1", 0)); port = a.getsockname()[1]
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass')
    [ -n "$p" ] || pf_fail "no port free on both 127.0.0.1 and ::1"
    D="$PF_TMP/families"
    ngx_conf "$D" "$FAIL" "listen 127.0.0.1:$p; listen [::1]:$p ipv6only=on;"
    ngx_run "$D"
    [ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx did not start on both families"; }
    ngx_reload "$D"
    ngx_no_alarm "$D" "127.0.0.1:$p and [::1]:$p"
    ngx_stop_all
else
    echo "# no IPv6 loopback: two-family case skipped"
fi

# --- a reuseport group ---------------------------------------------------
p=$(pf_free_port)
D="$PF_TMP/reuseport"
ngx_conf "$D" "$FAIL" "listen 127.0.0.1:$p reuseport;" 2
ngx_run "$D"
[ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx did not start with reuseport"; }
ngx_reload "$D"
ngx_no_alarm "$D" "listen $p reuseport, 2 workers, reload"
ngx_stop_all

# --- network namespaces (root and unshare needed) ------------------------
if unshare -n true 2>/dev/null; then
    # wildcards of both families, nginx alone in its own namespace
    D="$PF_TMP/wildcard"
    ngx_conf "$D" "$FAIL" "listen 0.0.0.0:8080; listen [::]:8080 ipv6only=on;"
    unshare -n sh -c 'ip link set lo up && exec "$0" -p "$1" -c "$1/nginx.conf" -e "$1/error.log"' \
        "$NGX_BIN" "$D" >>"$D/stderr" 2>&1
    ngx_wait_pid "$D"
    ngx_reload "$D"
    ngx_no_alarm "$D" "0.0.0.0:8080 and [::]:8080 ipv6only=on (own namespace)"
    ngx_stop_all

    # a port held in another namespace is not this one's business
    p=$(pf_free_port)
    unshare -n sh -c 'ip link set lo up && exec "$0" 127.0.0.1 "$1"' \
        "$top_builddir/tests/integration/pf-hold-port" "$p" >"$PF_TMP/ns-holder.out" 2>&1 &
    pf_track $!
    for _ in $(seq 1 100); do
        grep -q ready "$PF_TMP/ns-holder.out" 2>/dev/null && break
        sleep 0.05
    done
    grep -q ready "$PF_TMP/ns-holder.out" || pf_fail "the namespace holder did not start"
    D="$PF_TMP/netns"
    ngx_conf "$D" "$FAIL" "listen 127.0.0.1:$p;"
    ngx_run "$D"
    [ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx did not start"; }
    ngx_no_alarm "$D" "port $p held in another network namespace"
    ngx_stop_all
else
    echo "# unshare -n not permitted: namespace cases skipped"
fi

# --- a real conflict is still reported -----------------------------------
p=$(pf_free_port)
pf_hold_port 127.0.0.1 "$p"
D="$PF_TMP/conflict"
ngx_conf "$D" "$FAIL" "listen 127.0.0.1:$p;"
ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port"
pf_contains "$D/stderr" "preflight: not starting"
pf_contains "$D/stderr" "$PF_HOLDER_PID"
pf_pass "a real conflict is still reported"
