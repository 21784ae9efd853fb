#!/bin/sh
# End to end under Wine, inside a real httpd.exe (Apache httpd 2.4 for
# Windows, cross-built by tools/build-httpd-mingw.sh; HTTPD_WIN names it):
# mod_preflight.so loaded by a XAMPP-like httpd.conf.
#  1. a free port: httpd.exe starts and serves, preflight says nothing, in
#     the parent or in mpm_winnt's child (which reads the configuration
#     again and takes the parent's listeners);
#  2. a graceful restart (the parent's ap<PID>_restart event, as
#     mpm_winnt's child and service use it): a new child, nothing said;
#     with LogLevel preflight:debug, the child's probe finds the port its
#     parent holds and the child says only that its parent binds;
#  3. the port held through the HTTP Server API (pf-http-hold.exe
#     registers http://+:PORT/x/): httpd.exe stops, and before AH00072 the
#     module says HTTP.sys holds the port and names the process that
#     registered the URL (its Windows PID);
#  4. the same, with PreflightOnConflict fail: httpd.exe stops before it
#     binds, the refusal (naming HTTP.sys) is preflight's last word and
#     only httpd's AH00014 follows; no AH00072.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
. "$top_srcdir/tests/win/server_lib.sh"

signal="$top_builddir/tests/win/pf-ap-signal.exe"
pf_win_server_init httpd "$top_builddir/mod_apache/mod_preflight.so" \
    "$top_builddir/tests/win/pf-http-hold.exe" "$signal"
pf_win_httpd_root "preflight-h19-$$"

httpd_pid=""
stop_httpd() {
    [ -n "$httpd_pid" ] || return 0
    pid=$(tr -dc 0-9 <"$root/logs/httpd.pid" 2>/dev/null)
    [ -n "$pid" ] && pf_wine_run "$signal" "$pid" shutdown >/dev/null 2>&1
    pf_wait_gone "$httpd_pid" 30
}
pf_on_exit stop_httpd

# the module is there: httpd.exe -M lists it
port=$(pf_free_port 127.0.0.1)
pf_win_httpd_conf "127.0.0.1:$port"
pf_wine_run "$root/bin/httpd.exe" -d "$winroot" -M >"$PF_TMP/m.out" 2>&1 \
    || { cat "$PF_TMP/m.out"; pf_fail "httpd.exe -M failed"; }
pf_contains "$PF_TMP/m.out" "preflight_module (shared)"
pf_pass "httpd.exe loads mod_preflight.so"

# 1. a free port
pf_wine_run "$root/bin/httpd.exe" -d "$winroot" >"$PF_TMP/run.out" 2>&1 &
httpd_pid=$!
pf_track "$httpd_pid"
pf_win_serves "$port" "$httpd_pid" \
    || { cat "$PF_TMP/run.out" "$root/logs/error.log"; pf_fail "httpd.exe did not serve on $port"; }
pf_pass "httpd.exe serves on 127.0.0.1:$port"
# the child has started its workers: it read the configuration too
pf_win_until "" grep -q AH00354 "$root/logs/error.log"
pf_contains "$root/logs/error.log" "AH00354"
pf_not_contains "$PF_TMP/run.out" "PF0"
pf_not_contains "$PF_TMP/run.out" "[preflight:"
pf_not_contains "$root/logs/error.log" "PF0"
pf_not_contains "$root/logs/error.log" "[preflight:"
pf_pass "a free port: preflight says nothing (parent and child)"

# 2. graceful restart
pid=$(tr -dc 0-9 <"$root/logs/httpd.pid")
[ -n "$pid" ] || pf_fail "no pid in logs/httpd.pid"
pf_wine_run "$signal" "$pid" restart || pf_fail "could not signal httpd (Windows pid $pid) to restart"
two_children() { [ "$(grep -c AH00354 "$root/logs/error.log")" -ge 2 ]; }
pf_win_until "$httpd_pid" two_children \
    || { cat "$PF_TMP/run.out" "$root/logs/error.log"; pf_fail "no new child after the restart"; }
pf_contains "$root/logs/error.log" "AH00424"
pf_win_serve_once "$port" || pf_fail "httpd.exe does not serve after the restart"
pf_not_contains "$PF_TMP/run.out" "PF0"
pf_not_contains "$root/logs/error.log" "PF0"
pf_not_contains "$root/logs/error.log" "[preflight:"
pf_pass "graceful restart: a new child, preflight says nothing"
stop_httpd
kill -0 "$httpd_pid" 2>/dev/null && pf_fail "httpd.exe did not shut down"
httpd_pid=""

# 2b. mpm_winnt's child reads the configuration again before it takes the
# parent's sockets: its probe finds the port its parent holds (WSAEADDRINUSE,
# as on Windows: httpd sets SO_REUSEADDR only after bind, and the probe
# binds without it).  With LogLevel preflight:debug the child says why it
# stays quiet: its parent (AP_PARENT_PID) binds; nothing is explained.
pf_win_httpd_conf "127.0.0.1:$port" "LogLevel preflight:debug"
rm -f "$root/logs/error.log" "$root/logs/httpd.pid"
pf_wine_run "$root/bin/httpd.exe" -d "$winroot" >"$PF_TMP/child.out" 2>&1 &
httpd_pid=$!
pf_track "$httpd_pid"
pf_win_until "$httpd_pid" grep -q AH00354 "$root/logs/error.log"
pf_contains "$root/logs/error.log" "AH00354"
parent=$(sed -n 's/.*\[pid \([0-9]*\):tid [0-9]*\] AH00418: Parent: Created child process.*/\1/p' \
         "$root/logs/error.log" | head -1)
[ -n "$parent" ] || { cat "$root/logs/error.log"; pf_fail "no AH00418 (the parent's pid)"; }
# the child's start-up lines go to the error log (its stderr); the
# parent's to the console
pf_contains "$root/logs/error.log" "PF00007: preflight: not checking: httpd (pid $parent) is running"
tr -d '\r' <"$PF_TMP/child.out" >"$PF_TMP/child.txt"
for f in "$PF_TMP/child.txt" "$root/logs/error.log"; do
    for m in PF00001 PF00002 PF00003 PF00004; do
        pf_not_contains "$f" "$m:"
    done
done
pf_win_serve_once "$port" || pf_fail "httpd.exe does not serve (preflight:debug)"
pf_pass "the child's probe finds its parent's port held and stays quiet (parent pid $parent)"
stop_httpd
kill -0 "$httpd_pid" 2>/dev/null && pf_fail "httpd.exe did not shut down"
httpd_pid=""

# 3. the port held through HTTP.sys
port=$(pf_free_port 0.0.0.0)
pf_win_hold "$port" 600
pf_pass "HTTP.sys holds port $port for pf-http-hold.exe (Windows pid $holder)"

# a start on the held port; its console (CRs gone) in $PF_TMP/$1.txt
held_start() {
    rm -f "$root/logs/error.log" "$root/logs/httpd.pid"
    pf_win_held_start "$1" "$root/bin/httpd.exe" -d "$winroot"
}

pf_win_httpd_conf "$port" "PreflightOnConflict warn"
held_start held
pf_contains "$PF_TMP/held.txt" "AH00072"
pf_not_contains "$PF_TMP/held.txt" "PF00002:"
first_pf=$(pf_win_line "$PF_TMP/held.txt" 'PF0')
sys=$(pf_win_line "$PF_TMP/held.txt" -i 'HTTP\.sys')
who=$(pf_win_line "$PF_TMP/held.txt" "PID $holder\b")
bind=$(pf_win_line "$PF_TMP/held.txt" 'AH00072')
[ -n "$first_pf" ] || pf_fail "preflight said nothing"
[ -n "$sys" ] || pf_fail "preflight did not name HTTP.sys"
[ -n "$who" ] || pf_fail "preflight did not name the process that registered the URL (PID $holder)"
[ "$sys" -lt "$bind" ] && [ "$who" -lt "$bind" ] \
    || pf_fail "preflight's explanation comes after AH00072"
pf_pass "held, warn: HTTP.sys and PID $holder named before httpd's own AH00072"

# 4. PreflightOnConflict fail: no bind at all, the refusal last
pf_win_httpd_conf "$port" "PreflightOnConflict fail"
held_start fail
pf_contains "$PF_TMP/fail.txt" "PF00001: "
pf_contains "$PF_TMP/fail.txt" "PF00002: preflight: not starting: 0.0.0.0:$port cannot be bound"
pf_not_contains "$PF_TMP/fail.txt" "AH00072"
grep "PF00001:" "$PF_TMP/fail.txt" | grep -q "PID $holder\b" \
    || pf_fail "the explanation does not name PID $holder"
grep "PF00002:" "$PF_TMP/fail.txt" | grep -qi "HTTP\.sys" \
    || pf_fail "the refusal does not name HTTP.sys"
last=$(grep -v "AH00014" "$PF_TMP/fail.txt" | grep . | tail -1)
case "$last" in
    *"PF00002: preflight: not starting:"*) ;;
    *) pf_fail "the last words are not the refusal: $last" ;;
esac
pf_pass "held, fail: httpd.exe stops before binding, the refusal (HTTP.sys) last"
exit 0
