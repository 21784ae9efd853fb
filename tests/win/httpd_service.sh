#!/bin/sh
# httpd.exe run as a Windows service under Wine, with mod_preflight.so:
# its start-up lines reach the event log the way httpd's own do.
#
# A service has no console: mpm_winnt (nt_eventlog.c) points the
# service's stderr at a pipe that a thread of httpd reads, line by line,
# into ReportEvent ("The Apache service named ... reported the following
# error: >>> LINE", event 3299).  Wine's advapi32 ReportEventW writes each
# string of an error event to its `eventlog` debug channel
# (dlls/advapi32/eventlog.c: ERR_(eventlog)("%s\n", debugstr_w(...))), so
# that channel, on the stderr of the prefix's services.exe (which the
# service inherits), is the event log this test reads.
#  1. installed (httpd.exe -k install), started (net start), on a free
#     port: it serves; a restart through the service manager
#     (httpd.exe -k restart -n NAME) makes a new child; nothing of
#     preflight reaches the event log or logs\error.log;
#  2. the port held through HTTP.sys (pf-http-hold.exe), warn: the whole
#     explanation reaches the event log, each line an event of httpd's
#     own form, naming HTTP.sys and the holder's PID;
#  3. PreflightOnConflict fail: the refusal reaches the event log too;
#  4. the service is removed (httpd.exe -k uninstall).
# The prefix is this test's own ($top_builddir/wineprefix-service): its
# services.exe must be started by this test, with the eventlog channel on
# and its stderr in a file.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
WINEPREFIX="$top_builddir/wineprefix-service"
export WINEPREFIX
. "$top_srcdir/tests/win/server_lib.sh"

# one test at a time in this prefix (it also registers HTTP.sys URLs)
pf_win_server_init httpd "$top_builddir/mod_apache/mod_preflight.so" \
    "$top_builddir/tests/win/pf-http-hold.exe"
svc=preflight-h19
pf_win_httpd_root "preflight-h19-svc-$$"
httpd() { "$WINE" "$root/bin/httpd.exe" "$@" 8>&- 9>&-; }
quiet() { WINEDEBUG=-all "$WINE" "$@" 8>&- 9>&-; }

# A service left by an interrupted run would start with the prefix.
httpd -k uninstall -n "$svc" >/dev/null 2>&1 || true
# Wine's services.exe waits ServicesPipeTimeout (read as a string) for a
# service to connect; Wine under load needs more than its 10 s
quiet reg add 'HKLM\System\CurrentControlSet\Control' /v ServicesPipeTimeout \
    /t REG_SZ /d 300000 /f >/dev/null 2>&1 || pf_fail "reg add ServicesPipeTimeout"
# the prefix down, so that the next process starts services.exe anew
pf_wineserver -w || true

# The first process of the prefix: the HTTP.sys holder, with the eventlog
# channel on; services.exe, and the service it starts, inherit both its
# WINEDEBUG and its stderr.
events="$PF_TMP/eventlog.txt"
held=$(pf_free_port 0.0.0.0)
pf_win_hold_err=$events
pf_win_hold_debug=-all,err+eventlog,warn+eventlog
pf_win_hold "$held" 1200

removed=""
remove_service() {
    [ -n "$removed" ] && return 0
    httpd -k stop -n "$svc" >/dev/null 2>&1
    httpd -k uninstall -n "$svc" >"$PF_TMP/uninstall.out" 2>&1
}
pf_on_exit remove_service

# the event log's strings since byte $1 of the channel's output
events_from() { tail -c +"$(($1 + 1))" "$events" | tr -d '\r'; }
mark() { wc -c <"$events" | tr -d ' '; }
# Waits until the service's process is gone.  Its command line
# (Z:\tmp\preflight-test.XXXXXX\apache\bin\httpd.exe -k runservice)
# names this test's own directory.  (Not `sc query` in a loop: a run
# that polled it saw Wine 8's wineserver crash once, cause unknown.)
tag=$(basename "$PF_TMP")
no_service() { ! pgrep -f "$tag.*runservice" >/dev/null 2>&1; }
wait_stopped() { pf_win_until "" no_service; }
# The services.exe that reads the eventlog channel must be the one this
# test started: a crashed wineserver would leave the rest to another.
check_wine() {
    if grep -aq 'wineserver crashed' "$events"; then
        cat "$events"
        pf_fail "Wine's wineserver crashed during $1 (a Wine failure, not preflight's)"
    fi
    kill -0 "$helper" 2>/dev/null || pf_fail "pf-http-hold.exe exited during $1"
}

# 1. a free port: install, start, serve, restart, stop
port=$(pf_free_port 127.0.0.1)
pf_win_httpd_conf "127.0.0.1:$port"
httpd -k install -n "$svc" -d "$winroot" >"$PF_TMP/install.out" 2>&1
tr -d '\r' <"$PF_TMP/install.out" >"$PF_TMP/install.txt"
pf_contains "$PF_TMP/install.txt" "The '$svc' service is successfully installed."
pf_not_contains "$PF_TMP/install.txt" "PF0"
# demand start: not with every start of the prefix
quiet reg add "HKLM\\System\\CurrentControlSet\\Services\\$svc" /v Start \
    /t REG_DWORD /d 3 /f >/dev/null 2>&1
pf_pass "httpd.exe -k install -n $svc (the configuration test says nothing of preflight)"

m0=$(mark)
rm -f "$root/logs/error.log"
quiet net start "$svc" >"$PF_TMP/start.out" 2>&1 \
    || { cat "$PF_TMP/start.out" "$events"; pf_fail "net start $svc failed"; }
pf_win_serves "$port" \
    || { cat "$root/logs/error.log"; pf_fail "the service does not serve on $port"; }
pf_win_until "" grep -q AH00354 "$root/logs/error.log"
pf_contains "$root/logs/error.log" "AH00354"
pf_pass "the service serves on 127.0.0.1:$port, its child started"

httpd -k restart -n "$svc" >"$PF_TMP/restart.out" 2>&1
two_children() { [ "$(grep -c AH00354 "$root/logs/error.log")" -ge 2 ]; }
pf_win_until "" two_children \
    || { tr -d '\r' <"$PF_TMP/restart.out"; cat "$root/logs/error.log"; \
         pf_fail "no new child after httpd -k restart -n $svc"; }
pf_win_serve_once "$port" || pf_fail "the service does not serve after the restart"
httpd -k stop -n "$svc" >"$PF_TMP/stop.out" 2>&1
wait_stopped || pf_fail "the service did not stop"
check_wine "the free-port phase"
events_from "$m0" >"$PF_TMP/free.txt"
pf_not_contains "$PF_TMP/free.txt" "PF0"
pf_not_contains "$root/logs/error.log" "PF0"
pf_not_contains "$root/logs/error.log" "[preflight:"
pf_pass "free port, restart, stop: nothing of preflight in the event log or error.log"

# 2. the port HTTP.sys holds, warn
# the event strings of a start of the service: $1 names the output
held_start() {
    pf_win_httpd_conf "$held" "$2"
    m=$(mark)
    quiet net start "$svc" >"$PF_TMP/$1.start" 2>&1
    wait_stopped || pf_fail "the service on a held port did not stop"
    check_wine "$1"
    # the reader thread's last events (the process is gone, its events
    # have been written)
    events_from "$m" >"$PF_TMP/$1.txt"
    echo "--- event log ($1):"
    grep -a 'eventlog' "$PF_TMP/$1.txt" | grep -av 'L""$'
}
# PATTERN reached the event log as the message of an event of httpd's
# own form (the two strings before it are httpd's frame)
in_event() {
    grep -a 'err:eventlog:' "$PF_TMP/$1.txt" | grep -av 'L""$' \
        | grep -a -B2 -- "$2" >"$PF_TMP/$1.ev" || return 1
    grep -aq 'L"The Apache service named"' "$PF_TMP/$1.ev" \
        && grep -aq 'reported the following error' "$PF_TMP/$1.ev"
}

held_start warn "PreflightOnConflict warn"
in_event warn 'L"PF00001: preflight: 0.0.0.0:'"$held"' (from ' \
    || pf_fail "the explanation's first line is not in the event log"
in_event warn "PF00001: .*HTTP\\.sys.* for PID $holder\\b" \
    || pf_fail "the event log does not name HTTP.sys and PID $holder"
pf_not_contains "$PF_TMP/warn.txt" "PF00002:"
# every line, the last one too, and a long one whole (httpd's reader
# cuts at 255 bytes and dies with the process: lines went missing, and
# the rest of a long one became an event of its own).  Wine shows at most
# about 300 characters of a string (then `"...`).
in_event warn 'L"PF00001: preflight:   fix [0-9]: keep HTTP.sys to 127.0.0.2, .*undo: netsh' \
    || pf_fail "a long line of the explanation is not whole in one event"
grep -a 'err:eventlog:' "$PF_TMP/warn.txt" | grep -av 'L""$' \
    | awk '/reported the following error/ { getline m;
              if (m !~ /ReportEventW L"(PF0|AH0|\(OS )/) { print m; bad = 1 } }
           END { exit bad }' \
    || pf_fail "an event holds a piece of a line (above)"
in_event warn 'L"PF00004: preflight remedy: ' \
    || pf_fail "the explanation's last line is not in the event log"
# httpd's own AH00072 follows when httpd's reader thread has read it
# before the process ended (mpm_winnt flushes the pipe only at
# libhttpd.dll's detach, after the thread is gone); preflight's lines are
# reported at once (pf_apache_self_win.c).  When there, it is after them.
first=$(pf_win_line "$PF_TMP/warn.txt" 'L"PF00001:')
bind=$(pf_win_line "$PF_TMP/warn.txt" 'AH00072')
if [ -n "$bind" ]; then
    [ "$first" -lt "$bind" ] || pf_fail "the explanation is after AH00072 in the event log"
fi
pf_pass "held, warn: the explanation (HTTP.sys, PID $holder) is in the event log as httpd's own events${bind:+, before AH00072}"

# 3. fail: the refusal reaches the event log
held_start fail "PreflightOnConflict fail"
in_event fail 'L"PF00001: preflight: 0.0.0.0:'"$held"' (from ' \
    || pf_fail "the explanation is not in the event log (fail)"
in_event fail "PF00002: preflight: not starting: 0.0.0.0:$held cannot be bound: .*HTTP\\.sys" \
    || pf_fail "the refusal is not in the event log"
pf_not_contains "$PF_TMP/fail.txt" "AH00072"
pf_pass "held, fail: the refusal (HTTP.sys) is in the event log, no AH00072"

# 4. removed
httpd -k uninstall -n "$svc" >"$PF_TMP/uninstall.out" 2>&1
removed=yes
tr -d '\r' <"$PF_TMP/uninstall.out" | grep -q "service has been removed successfully" \
    || { tr -d '\r' <"$PF_TMP/uninstall.out"; pf_fail "httpd -k uninstall -n $svc"; }
quiet sc query "$svc" 2>/dev/null | tr -d '\r' | grep -q 'STATE' \
    && pf_fail "the service is still there after uninstall"
pf_pass "the service is removed"
exit 0
