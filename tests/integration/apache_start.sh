#!/bin/sh
# mod_preflight in a real httpd on a free port: it starts, and neither
# the start nor `-k graceful` nor `-k restart` (in the signalling process
# or in the restarted parent) reports a conflict.  LogLevel
# preflight:debug shows that the check did run (PF00009) or was skipped
# on purpose (PF00007).
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/apache_lib.sh"

# libsystemd is opened only when a port is taken: loading it (and the
# six libraries it needs) at every start was most of the module's cost
if ldd "$PF_APACHE_SO" 2>/dev/null | grep -q libsystemd; then
    pf_fail "mod_preflight.so links libsystemd at load time"
fi

port=$(pf_free_port)
pf_apache_conf "Listen 127.0.0.1:$port" "LogLevel warn preflight:debug"

pf_apache -t
[ "$PF_RC" -eq 0 ] || { cat "$PF_TMP/apache.out"; pf_fail "apache2 -t: exit $PF_RC"; }
pf_apache_no_conflict "$PF_TMP/apache.out" "httpd -t on a free port"
pf_pass "httpd -t with the module loaded: no warning on a free port"

# the starting process (not the daemon it forks) under strace, when there
if command -v strace >/dev/null 2>&1; then
    PF_APACHE_WRAP="strace -qq -e trace=openat,readlink -o $PF_TMP/start.strace"
fi
pf_apache_start
PF_APACHE_WRAP=""
pf_wait_listen "$port" || pf_fail "httpd does not listen on $port"
pf_apache_wait_resumed 1 || pf_fail "httpd did not finish starting"
pid=$(pf_apache_pid)
pf_apache_no_conflict "$PF_TMP/apache.out" "start on a free port (console)"
pf_apache_no_conflict "$PF_APACHE_LOG" "start on a free port (error log)"
pf_contains "$PF_TMP/apache.out" "PF00009: preflight: 1 listen address(es) checked (0 held"
pf_pass "starts on a free port, silently"

# a healthy start runs the probe only: the rest of the core
# (core/src/unix/pf_unix_lazy.h) is not even loaded
if grep -q preflight-core.so "/proc/$pid/maps"; then
    pf_fail "a start on a free port loaded preflight-core.so"
fi
pf_pass "a start on a free port does not load preflight-core.so"

# nor does it ask who this httpd is, or read the privileged-port sysctl:
# that waits for a port that failed (httpd itself reads the PidFile)
if [ -f "$PF_TMP/start.strace" ]; then
    grep -q '^openat(.*httpd.conf' "$PF_TMP/start.strace" \
        || { cat "$PF_TMP/start.strace"; pf_fail "strace did not see the start"; }
    for f in /proc/self/exe /proc/self/cmdline ip_unprivileged_port_start; do
        if grep -qF "$f" "$PF_TMP/start.strace"; then
            grep -F "$f" "$PF_TMP/start.strace"
            pf_fail "a start on a free port read $f"
        fi
    done
    pf_pass "a start on a free port reads no /proc file and no sysctl"
fi

pf_apache -k graceful
[ "$PF_RC" -eq 0 ] || { cat "$PF_TMP/apache.out"; pf_fail "-k graceful: exit $PF_RC"; }
pf_apache_wait_resumed 2 || pf_fail "no graceful restart"
pf_apache_no_conflict "$PF_TMP/apache.out" "-k graceful (signalling process)"
pf_apache_no_conflict "$PF_APACHE_LOG" "-k graceful (error log)"
pf_contains "$PF_TMP/apache.out" "PF00007: preflight: not checking: httpd (pid $pid)"
pf_contains "$PF_APACHE_LOG" "(1 held by this httpd already, configuration generation 2)"
[ "$(pf_apache_pid)" = "$pid" ] || pf_fail "the parent changed on graceful"
pf_pass "-k graceful: no false alarm"

pf_apache -k restart
[ "$PF_RC" -eq 0 ] || { cat "$PF_TMP/apache.out"; pf_fail "-k restart: exit $PF_RC"; }
pf_apache_wait_resumed 3 || pf_fail "no restart"
pf_apache_no_conflict "$PF_TMP/apache.out" "-k restart (signalling process)"
pf_apache_no_conflict "$PF_APACHE_LOG" "-k restart (error log)"
pf_contains "$PF_TMP/apache.out" "PF00007: preflight: not checking: httpd (pid $pid)"
pf_contains "$PF_APACHE_LOG" "(1 held by this httpd already, configuration generation 3)"
kill -0 "$pid" 2>/dev/null || pf_fail "httpd died on restart"
pf_wait_listen "$port" || pf_fail "httpd no longer listens on $port"
pf_pass "-k restart: no false alarm"

pf_apache -k stop
[ "$PF_RC" -eq 0 ] || { cat "$PF_TMP/apache.out"; pf_fail "-k stop: exit $PF_RC"; }
pf_apache_no_conflict "$PF_TMP/apache.out" "-k stop"
pf_apache_wait_gone "$pid" || pf_fail "httpd did not stop"
pf_pass "-k stop: no false alarm, stopped"
