#!/bin/sh
# Issue 22.3: 100 listen addresses.  At a first start the module's bind
# test keeps each socket as nginx's own listener (nginx skips an entry
# whose fd is set), so nothing is bound twice; a held address is still
# named, and the sockets kept before it are closed again; a reload and a
# binary upgrade (sockets inherited through NGINX) keep the sockets.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/nginx_lib.sh"

command -v ss >/dev/null 2>&1 || pf_skip "no ss"
N=100
port=$(pf_free_port)
listens=""
i=1
while [ $i -le $N ]; do
    listens="$listens listen 127.0.0.$i:$port;"
    i=$((i + 1))
done
# nginx wants a connection per listen socket
many_conf() {
    ngx_conf "$1" "$2" "$listens"
    sed -i "s/worker_connections 64;/worker_connections $((N + 64));/" "$1/nginx.conf"
}
# the local addresses listening on the port, one line each
listening() { ss -Hltn "sport = :$port" | awk '{print $4}' | sort; }
# the inodes of those sockets: the same sockets, or new ones
inodes() { ss -Hltne "sport = :$port" | sed -n 's/.*ino:\([0-9]*\).*/\1/p' | sort; }

# --- one address held by a foreign process, fail mode: named ------------
pf_hold_port 127.0.0.57 "$port"
D="$PF_TMP/held"
many_conf "$D" "preflight_on_conflict fail;"
ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started with 127.0.0.57:$port held"
pf_contains "$D/stderr" "127.0.0.57:$port"
pf_contains "$D/stderr" "$PF_HOLDER_PID"
[ "$(listening | wc -l)" -eq 1 ] \
    || { listening; pf_fail "sockets left listening after a refused start"; }
pf_pass "held: 127.0.0.57:$port and holder $PF_HOLDER_PID named, nothing else left bound"

# --- the same, warn mode: nginx binds the others itself ------------------
D="$PF_TMP/warn"
many_conf "$D" ""
ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started with 127.0.0.57:$port held"
pf_contains "$D/stderr" "$PF_HOLDER_PID"
pf_contains "$D/stderr" "bind() to 127.0.0.57:$port failed"
# a socket kept by the check and not closed would stop nginx's own bind
if grep "bind() to" "$D/stderr" | grep -v "127.0.0.57:$port" | grep -q .; then
    cat "$D/stderr"; pf_fail "nginx could not bind an address the check had kept"
fi
pf_pass "warn: only the held address fails nginx's own bind"
kill "$PF_HOLDER_PID"
for _ in $(seq 1 100); do [ "$(listening | wc -l)" -eq 0 ] && break; sleep 0.05; done

# --- all free: each address bound once, by nginx -------------------------
D="$PF_TMP/free"
many_conf "$D" ""
if command -v strace >/dev/null 2>&1; then
    NGX_WRAP="strace -qq -e trace=socket,bind -o $PF_TMP/start.strace"
fi
ngx_run "$D"
NGX_WRAP=""
[ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx did not start on $N free addresses"; }
ngx_no_alarm "$D" "$N free listen addresses"
[ "$(listening | wc -l)" -eq $N ] && [ "$(listening | uniq | wc -l)" -eq $N ] \
    || { listening; pf_fail "not $N listening sockets, one per address"; }
if [ -f "$PF_TMP/start.strace" ]; then
    s=$(grep -c '^socket(AF_INET, SOCK_STREAM' "$PF_TMP/start.strace")
    b=$(grep -c "^bind(.*htons($port)" "$PF_TMP/start.strace")
    [ "$s" -eq $N ] && [ "$b" -eq $N ] \
        || pf_fail "$s sockets and $b binds for $N listen addresses (want $N: the check's socket is nginx's)"
fi
pf_pass "free: $N sockets, each address bound once"

# --- reload and binary upgrade keep the sockets --------------------------
before=$(inodes)
ngx_reload "$D"
[ "$(inodes)" = "$before" ] || pf_fail "a reload changed the listening sockets"
ngx_no_alarm "$D" "reload with $N listen addresses"
old=$(ngx_master "$D")
kill -USR2 "$old"
new=""
for _ in $(seq 1 200); do
    if [ -s "$D/nginx.pid.oldbin" ] && [ -s "$D/nginx.pid" ] \
       && [ "$(ngx_master "$D")" != "$old" ]; then
        new=$(ngx_master "$D"); ngx_track "$new"
        ngx_wait_ready "$D" "$new" && break
    fi
    sleep 0.05
done
[ -n "$new" ] || { cat "$D/error.log"; pf_fail "no new master after USR2"; }
kill -QUIT "$old"
ngx_wait_gone "$old" || pf_fail "the old master did not exit"
[ "$(inodes)" = "$before" ] || pf_fail "the binary upgrade changed the listening sockets"
ngx_no_alarm "$D" "binary upgrade with $N listen addresses"
pf_pass "reload and binary upgrade: the same $N sockets"
