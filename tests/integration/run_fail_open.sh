#!/bin/sh
# preflight run fails open (issue 17 point 5, issue 18 point 3): when it
# cannot read the configuration (an nginx content_by_lua_block whose Lua
# holds a "}", a missing -c file) or cannot tell which configuration the
# server reads, it prints one warning line and starts the server, and
# gives back the server's own exit status, 255 included.  Only
# --on-conflict fail keeps a server from starting, and only on a conflict.
. "$top_srcdir/tests/integration/lib.sh"

NGINX=$(command -v nginx || echo /usr/sbin/nginx)

port=$(pf_free_port)
mkdir -p "$PF_TMP/ngx/logs"
cat >"$PF_TMP/ngx/nginx.conf" <<CONF
pid $PF_TMP/ngx/nginx.pid;
error_log $PF_TMP/ngx/logs/error.log;
events { worker_connections 64; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$port;
        location / { content_by_lua_block { ngx.say("}") } }
    }
}
CONF

# the warning is exactly one line, and says what is started
one_warning() {
    n=$(grep -c '^preflight:' "$1")
    [ "$n" -eq 1 ] || { cat "$1"; pf_fail "$n lines from preflight, expected one warning"; }
    pf_contains "$1" "preflight: warning: "
    pf_contains "$1" "starting $2 without the check"
}

# a stand-in server: it records that it ran, and exits with $1
printf '#!/bin/sh\necho started >"%s/started"\nexit "$1"\n' "$PF_TMP" >"$PF_TMP/server"
chmod +x "$PF_TMP/server"

"$PREFLIGHT" run --nginx "$PF_TMP/ngx/nginx.conf" -- "$PF_TMP/server" 0 >"$PF_TMP/lua.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/lua.out"; pf_fail "lua block: exit $rc, not the server's 0"; }
[ -f "$PF_TMP/started" ] || pf_fail "lua block: the server was not started"
one_warning "$PF_TMP/lua.out" "$PF_TMP/server"
pf_contains "$PF_TMP/lua.out" "nginx.conf:8"
pf_pass "an nginx configuration preflight cannot read: one warning, the server starts"

rm -f "$PF_TMP/started"
"$PREFLIGHT" run --on-conflict fail --apache "$PF_TMP/missing.conf" -- "$PF_TMP/server" 255 \
    >"$PF_TMP/missing.out" 2>&1
rc=$?
[ "$rc" -eq 255 ] || { cat "$PF_TMP/missing.out"; pf_fail "missing file: exit $rc, not the server's 255"; }
[ -f "$PF_TMP/started" ] || pf_fail "missing file, --on-conflict fail: the server was not started"
one_warning "$PF_TMP/missing.out" "$PF_TMP/server"
pf_contains "$PF_TMP/missing.out" "missing.conf"
pf_pass "a missing configuration file, even with --on-conflict fail: the server starts, 255 comes back"

rm -f "$PF_TMP/started"
"$PREFLIGHT" run -- "$PF_TMP/server" 3 >"$PF_TMP/unknown.out" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat "$PF_TMP/unknown.out"; pf_fail "unknown server: exit $rc, not its 3"; }
[ -f "$PF_TMP/started" ] || pf_fail "a server whose configuration preflight cannot tell was not started"
one_warning "$PF_TMP/unknown.out" "$PF_TMP/server"
pf_pass "a server whose configuration preflight cannot tell: one warning, it starts"

[ -x "$NGINX" ] || pf_skip "nginx is not installed (the stand-in cases passed)"

# real nginx: preflight's one line, then nginx's own verdict and status
"$PREFLIGHT" run -- "$NGINX" -p "$PF_TMP/ngx" -c "$PF_TMP/ngx/nginx.conf" \
    -e "$PF_TMP/ngx/logs/error.log" -g 'daemon off;' >"$PF_TMP/ngx.out" 2>&1
rc=$?
one_warning "$PF_TMP/ngx.out" "$NGINX"
# this nginx has no Lua module: the error is nginx's own, after it started
grep -q 'content_by_lua_block' "$PF_TMP/ngx/logs/error.log" "$PF_TMP/ngx.out" \
    || { cat "$PF_TMP/ngx.out"; pf_fail "nginx did not run: no message of its own"; }
"$NGINX" -p "$PF_TMP/ngx" -c "$PF_TMP/ngx/nginx.conf" -e "$PF_TMP/ngx/logs/error.log" \
    -g 'daemon off;' >/dev/null 2>&1
nrc=$?
[ "$rc" -eq "$nrc" ] || pf_fail "run gave $rc, nginx alone gives $nrc"
pf_pass "real nginx with a Lua block: one warning, then nginx's own message and status ($rc)"

"$PREFLIGHT" run -- "$NGINX" -c "$PF_TMP/no-such-nginx.conf" -e "$PF_TMP/ngx/logs/error.log" \
    >"$PF_TMP/ngx-missing.out" 2>&1
rc=$?
one_warning "$PF_TMP/ngx-missing.out" "$NGINX"
grep -q 'no-such-nginx.conf' "$PF_TMP/ngx/logs/error.log" "$PF_TMP/ngx-missing.out" \
    && grep -qv '^preflight:' "$PF_TMP/ngx-missing.out" \
    || { cat "$PF_TMP/ngx-missing.out"; pf_fail "nginx did not run with a missing -c file"; }
[ "$rc" -eq 1 ] || { cat "$PF_TMP/ngx-missing.out"; pf_fail "missing -c: exit $rc, not nginx's 1"; }
pf_pass "real nginx with a missing -c file: one warning, then nginx's own error and status"
