#!/bin/sh
# httpd -t never binds: with the module it warns about a held port
# (Syntax OK, exit 0), and says nothing about a free one.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/apache_lib.sh"

port=$(pf_free_port)
free=$(pf_free_port)
pf_hold_port 127.0.0.1 "$port"
out="$PF_TMP/apache.out"

pf_apache_conf "Listen 127.0.0.1:$port" "Listen 127.0.0.1:$free" "PreflightOnConflict fail"
pf_apache -t
[ "$PF_RC" -eq 0 ] || { cat "$out"; pf_fail "apache2 -t: exit $PF_RC"; }
pf_contains "$out" "Syntax OK"
pf_contains "$out" "PF00001: "
pf_contains "$out" "127.0.0.1:$port"
pf_contains "$out" "PF00008: "
pf_not_contains "$out" "PF00002:"
if grep "PF00001: " "$out" | grep -q "127.0.0.1:$free"; then
    cat "$out"; pf_fail "the free port $free was reported"
fi
pf_apache_before "$out" "PF00008: " "Syntax OK"
pf_pass "httpd -t warns about the held port only, and still says Syntax OK"

grep "PF00001: " "$out" | grep -q "pf-hold-port" \
    || { cat "$out"; pf_fail "httpd -t does not name the holder"; }
pf_pass "httpd -t names the holder"

kill "$PF_HOLDER_PID"
wait "$PF_HOLDER_PID" 2>/dev/null
pf_apache -t
[ "$PF_RC" -eq 0 ] || { cat "$out"; pf_fail "apache2 -t: exit $PF_RC"; }
pf_apache_no_conflict "$out" "httpd -t once the holder exited"
pf_not_contains "$out" "PF00008:"
pf_pass "httpd -t is silent once the port is free"
