#!/bin/sh
# PreflightOnConflict fail: httpd refuses to start, before it tries to
# bind, and the refusal is preflight's last word (only httpd's
# "Configuration check failed" follows).  warn, the default, lets httpd
# go on to its own bind error.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/apache_lib.sh"

port=$(pf_free_port)
pf_hold_port 127.0.0.1 "$port"
out="$PF_TMP/apache.out"

pf_apache_conf "Listen 127.0.0.1:$port" "PreflightOnConflict fail"
pf_apache -k start
[ "$PF_RC" -ne 0 ] || { cat "$out"; pf_fail "httpd started on a held port"; }
pf_contains "$out" "PF00001: "
pf_contains "$out" "PF00002: preflight: not starting: 127.0.0.1:$port cannot be bound"
pf_not_contains "$out" "AH00072"
last=$(grep -v "AH00014" "$out" | grep . | tail -1)
case "$last" in
    *"PF00002: preflight: not starting:"*) ;;
    *) cat "$out"; pf_fail "the last words are not the refusal: $last" ;;
esac
grep "PF00002:" "$out" | grep -q "pf-hold-port\|$PF_HOLDER_PID" \
    || { cat "$out"; pf_fail "the refusal does not name the holder"; }
pf_pass "fail: refuses before binding, the refusal (naming the holder) last"

pf_apache_conf "Listen 127.0.0.1:$port" "PreflightOnConflict warn"
pf_apache -k start
[ "$PF_RC" -ne 0 ] || { cat "$out"; pf_fail "httpd started on a held port"; }
pf_contains "$out" "PF00001: "
pf_not_contains "$out" "PF00002:"
pf_contains "$out" "AH00072"
pf_pass "warn: explains, then httpd fails to bind as before"

pf_apache_conf "Listen 127.0.0.1:$port" "PreflightCheck Off" "PreflightOnConflict fail"
pf_apache -k start
pf_not_contains "$out" "PF0000"
pf_contains "$out" "AH00072"
pf_pass "PreflightCheck Off: silent"

pf_apache_conf "Listen 127.0.0.1:$port" "PreflightOnConflict maybe"
pf_apache -t
[ "$PF_RC" -ne 0 ] || { cat "$out"; pf_fail "a bad PreflightOnConflict was accepted"; }
pf_contains "$out" "PreflightOnConflict must be warn or fail"
pf_apache_conf "Listen 127.0.0.1:$port" "<VirtualHost 127.0.0.1:$port>" \
    "PreflightCheck Off" "</VirtualHost>"
pf_apache -t
[ "$PF_RC" -ne 0 ] || { cat "$out"; pf_fail "PreflightCheck in a VirtualHost was accepted"; }
pf_pass "directives: bad values and virtual hosts are refused"
