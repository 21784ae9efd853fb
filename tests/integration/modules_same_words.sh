#!/bin/sh
# Issue 20: Apache and nginx say the same thing about the same facts.  One
# port held by one process; real httpd (PreflightOnConflict fail) and real
# nginx (preflight_on_conflict fail) each refuse to start, and their
# preflight lines are the same once each server's own frame is taken off:
# nginx's "DATE [level] PID#TID: ", httpd's "PF000nn: " tag, the file:line
# of the listen (each its own configuration) and the fix written in the
# server's own directive ("Listen" against "listen").  Before the host
# interface only Apache named the holder in its refusal, and nginx sniffed
# for a prefix.
. "$top_srcdir/tests/integration/lib.sh"

[ -x "${NGINX_BIN:-/usr/sbin/nginx}" ] && [ -f "$top_builddir/mod_nginx/ngx_preflight_module.so" ] \
    || pf_skip "no nginx with the module"
[ -x "${PF_APACHE_BIN:-/usr/sbin/apache2}" ] && [ -f "$top_builddir/mod_apache/mod_preflight.so" ] \
    || pf_skip "no apache2 with the module"
. "$top_srcdir/tests/integration/nginx_lib.sh"
. "$top_srcdir/tests/integration/apache_lib.sh"

port=$(pf_free_port)
pf_hold_port 127.0.0.1 "$port"

# words SERVER-OUTPUT > LINES: preflight's lines, each server's frame off
words() {
    grep 'preflight: ' "$1" | sed -e 's/^.*preflight: /preflight: /' \
        -e 's/ (from [^)]*)//' \
        | grep -v -e '^preflight: *[Ll]isten ' -e 'use port [0-9]* instead'
}

D="$PF_TMP/nginx"
ngx_conf "$D" "preflight_on_conflict fail; preflight_remedy none;" "listen 127.0.0.1:$port;"
ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port"
words "$D/stderr" >"$PF_TMP/nginx.words"

pf_apache_conf "Listen 127.0.0.1:$port" "PreflightOnConflict fail" "PreflightRemedy none"
pf_apache -k start
[ "$PF_RC" -ne 0 ] || { cat "$PF_TMP/apache.out"; pf_fail "httpd started on a held port"; }
words "$PF_TMP/apache.out" >"$PF_TMP/apache.words"

pf_contains "$PF_TMP/nginx.words" "preflight: not starting: 127.0.0.1:$port cannot be bound: port $port is in use by pf-hold-port (PID $PF_HOLDER_PID"
[ "$(grep -c . "$PF_TMP/nginx.words")" -ge 3 ] || { cat "$PF_TMP/nginx.words"; pf_fail "too few lines to compare"; }
if ! diff -u "$PF_TMP/apache.words" "$PF_TMP/nginx.words"; then
    pf_fail "Apache and nginx say different things about one held port (- Apache, + nginx)"
fi
pf_pass "Apache and nginx: the same $(grep -c . "$PF_TMP/nginx.words") lines about one held port, the refusal naming its holder"
