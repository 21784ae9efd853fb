#!/bin/sh
# Issue 9, the Apache part of the false-alarm matrix.  A real httpd with
# the module, on ports it holds itself: start, graceful, restart, stop
# and start again, three times; httpd -t and -k start next to the
# running server; one port on two families (127.0.0.1:P and [::1]:P) and
# a wildcard "Listen P" (one dual-stack socket).  None reports a
# conflict.  A real conflict still is reported.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/apache_lib.sh"

port=$(pf_free_port)
any=$(pf_free_port ::)
listen="Listen 127.0.0.1:$port"
if ip -6 addr show dev lo 2>/dev/null | grep -q "inet6 ::1/"; then
    listen6="Listen [::1]:$port"
else
    listen6="# no IPv6 on lo"
fi
pf_apache_conf "$listen" "$listen6" "Listen $any" "LogLevel warn preflight:debug"
out="$PF_TMP/apache.out"
restarts=0

# pf_quiet WHAT: nothing in this step's output nor in the error log
pf_quiet() {
    pf_apache_no_conflict "$out" "$1"
    pf_apache_no_conflict "$PF_APACHE_LOG" "$1 (error log)"
}

for round in 1 2 3; do
    pf_apache_start
    restarts=$((restarts + 1))
    pf_apache_wait_resumed "$restarts" || pf_fail "round $round: no start"
    pf_contains "$out" "PF00009: preflight:"
    pf_quiet "round $round: start"
    pid=$(pf_apache_pid)

    pf_apache -t
    [ "$PF_RC" -eq 0 ] || { cat "$out"; pf_fail "round $round: -t exit $PF_RC"; }
    pf_quiet "round $round: httpd -t next to the running server"

    pf_apache -k start
    pf_contains "$out" "already running"
    pf_quiet "round $round: -k start next to the running server"

    for how in graceful restart; do
        pf_apache -k "$how"
        [ "$PF_RC" -eq 0 ] || { cat "$out"; pf_fail "round $round: -k $how: exit $PF_RC"; }
        restarts=$((restarts + 1))
        pf_apache_wait_resumed "$restarts" || pf_fail "round $round: -k $how did not finish"
        pf_quiet "round $round: -k $how"
        kill -0 "$pid" 2>/dev/null || pf_fail "round $round: httpd died on -k $how"
    done

    pf_apache -k stop
    pf_quiet "round $round: -k stop"
    pf_apache_wait_gone "$pid" || pf_fail "round $round: httpd did not stop"
done
n=$(grep -c "held by this httpd already" "$PF_APACHE_LOG")
[ "$n" -eq 6 ] || { cat "$PF_APACHE_LOG"; pf_fail "expected 6 checks at restarts, saw $n"; }
pf_pass "3 x (start, -t, -k start, graceful, restart, stop): no false alarm"

# and yet a port held by someone else is reported, in the same setting
other=$(pf_free_port)
pf_hold_port 127.0.0.1 "$other"
pf_apache_conf "$listen" "$listen6" "Listen $any" "Listen 127.0.0.1:$other"
pf_apache -k start
[ "$PF_RC" -ne 0 ] || { cat "$out"; pf_fail "httpd started on a held port"; }
pf_contains "$out" "PF00001: "
pf_contains "$out" "127.0.0.1:$other"
for p in "$port" "$any"; do
    if grep "PF00001: " "$out" | grep -q ":$p\b"; then
        cat "$out"; pf_fail "the free port $p was reported"
    fi
done
pf_pass "a real conflict is still reported, and only that one"
