#!/bin/sh
# preflight run in front of a real Debian apache2 in the foreground: the
# configuration comes from apache2's own -f, a free port starts it and
# SIGTERM to the shim stops it; a held port gives the findings, then
# Apache's own AH00072 and its exit status.
. "$top_srcdir/tests/integration/lib.sh"

APACHE=/usr/sbin/apache2
MODS=/usr/lib/apache2/modules
[ -x "$APACHE" ] && [ -e "$MODS/mod_mpm_event.so" ] || pf_skip "apache2 is not installed"

port=$(pf_free_port)
A="$PF_TMP/apache"
mkdir -p "$A/logs" "$A/run"
cat >"$A/httpd.conf" <<CONF
ServerRoot $A
ServerName localhost
LoadModule mpm_event_module $MODS/mod_mpm_event.so
LoadModule authz_core_module $MODS/mod_authz_core.so
User nobody
Group nogroup
PidFile $A/run/httpd.pid
DefaultRuntimeDir $A/run
Mutex file:$A/run
ErrorLog $A/logs/error.log
Listen 127.0.0.1:$port
CONF
stop_apache() {
    [ -s "$A/run/httpd.pid" ] || return 0
    kill -TERM "$(cat "$A/run/httpd.pid")" 2>/dev/null
    sleep 0.5
}
pf_on_exit stop_apache

"$PREFLIGHT" run -- "$APACHE" -f "$A/httpd.conf" -D FOREGROUND >"$PF_TMP/out" 2>&1 &
shim=$!
pf_track "$shim"
pf_wait_listen "$port" || { cat "$PF_TMP/out" "$A/logs/error.log"; pf_fail "apache2 did not start on a free port"; }
pf_pass "free port: apache2 started through preflight run"
# a signal before the master has set its handlers would just kill it
pf_wait_grandchild "$shim" || pf_fail "apache2 started no worker"
kill -TERM "$shim"
wait "$shim"
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/out"; pf_fail "shim status $rc after SIGTERM, not apache2's 0"; }
for _ in $(seq 1 50); do ss -Hltn "sport = :$port" | grep -q . || break; sleep 0.1; done
ss -Hltn "sport = :$port" | grep -q . && pf_fail "apache2 still listens after SIGTERM to the shim"
pf_pass "SIGTERM to the shim stopped apache2; its status 0 given back"

pf_hold_port 127.0.0.1 "$port"
"$PREFLIGHT" run -- "$APACHE" -f "$A/httpd.conf" -D FOREGROUND >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -ne 0 ] || { cat "$PF_TMP/out"; pf_fail "apache2 on a held port gave 0"; }
pf_contains "$PF_TMP/out" "$PF_HOLDER_PID"
pf_contains "$PF_TMP/out" "$A/httpd.conf:"
pf_contains "$PF_TMP/out" "AH00072"
l1=$(grep -n "$PF_HOLDER_PID" "$PF_TMP/out" | head -1 | cut -d: -f1)
l2=$(grep -n "AH00072" "$PF_TMP/out" | head -1 | cut -d: -f1)
[ "$l1" -lt "$l2" ] || pf_fail "the findings do not come before Apache's AH00072"
pf_pass "held port: holder PID $PF_HOLDER_PID named before AH00072; status $rc"
