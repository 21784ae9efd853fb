#!/bin/sh
# A port of the httpd is held by another process (the test's holder).
# At a start the explanation, naming the holder's pid and name, reaches
# the console before httpd's own "AH00072: make_sock: could not bind";
# at a graceful restart that adds such a Listen, it reaches the error log.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/apache_lib.sh"

port=$(pf_free_port)
pf_hold_port 127.0.0.1 "$port"
pf_apache_conf "Listen 127.0.0.1:$port"

pf_apache -k start
out="$PF_TMP/apache.out"
[ "$PF_RC" -ne 0 ] || { cat "$out"; pf_fail "httpd started on a held port"; }
pf_contains "$out" "PF00001: "
pf_contains "$out" "127.0.0.1:$port"
pf_contains "$out" "(from $PF_APACHE_CONF:"
pf_contains "$out" "AH00072"
pf_apache_before "$out" "PF00001: " "AH00072"
pf_contains "$out" "$PF_HOLDER_PID"
pf_contains "$out" "pf-hold-port"
pf_apache_before "$out" "pf-hold-port" "AH00072"
pf_not_contains "$out" "PF00002:"
pf_pass "start: the holder (pid $PF_HOLDER_PID, pf-hold-port) is named before AH00072"

# issue 17: PreflightRemedy suggest (the default) gives each fix once
pf_not_contains "$out" "Remedy plan"
for fix in "kill $PF_HOLDER_PID " "Listen 127.0.0.1:"; do
    n=$(grep -cF -- "$fix" "$out")
    [ "$n" -eq 1 ] || { cat "$out"; pf_fail "'$fix' is on $n lines, not 1"; }
done
pf_pass "start: each fix once"

# A running httpd on a free port; a graceful restart adds a Listen on the
# held port: the parent explains it in the error log, then gives up.
port2=$(pf_free_port)
pf_apache_conf "Listen 127.0.0.1:$port2"
pf_apache_start
pf_apache_wait_resumed 1 || pf_fail "httpd did not finish starting"
pid=$(pf_apache_pid)
pf_apache_no_conflict "$PF_APACHE_LOG" "start on a free port"
pf_apache_conf "Listen 127.0.0.1:$port2" "Listen 127.0.0.1:$port"
pf_apache -k graceful
pf_apache_no_conflict "$PF_TMP/apache.out" "-k graceful (signalling process)"
pf_apache_wait_gone "$pid" || pf_fail "httpd kept running without its port"
pf_contains "$PF_APACHE_LOG" "PF00001: "
pf_contains "$PF_APACHE_LOG" "pf-hold-port"
pf_contains "$PF_APACHE_LOG" "$PF_HOLDER_PID"
pf_apache_before "$PF_APACHE_LOG" "PF00001: " "AH00072"
if grep "PF00001: " "$PF_APACHE_LOG" | grep -q "127.0.0.1:$port2"; then
    cat "$PF_APACHE_LOG"; pf_fail "its own port $port2 reported on graceful"
fi
pf_pass "graceful: the new held port is explained in the error log, the own one is not"
