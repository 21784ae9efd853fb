#!/bin/sh
# The server modules under valgrind across restarts: the real nginx master
# and the real httpd parent, each with the preflight module loaded, run
# under memcheck through 5 reloads and one reload that adds a held port
# (the conflict and remedy-suggest paths), then stop.  The master's (the
# parent's) own log must show no memory errors and no definite leaks.
# Forked workers/children get their own logs (%p) and are not judged: they
# exit without freeing by design (nginx 1.22 workers show definite leaks
# from ngx_set_environment and the connection array, both nginx's own).
# The httpd parent showed no definite leaks of its own, so no baseline run
# without the module is needed: the assertions are absolute for both.
. "$top_srcdir/tests/integration/lib.sh"

command -v valgrind >/dev/null 2>&1 || pf_skip "valgrind is not installed"

NGX_SO="$top_builddir/mod_nginx/ngx_preflight_module.so"
APX_SO="$top_builddir/mod_apache/mod_preflight.so"
have_ngx=
have_apx=
[ -x "${NGINX_BIN:-/usr/sbin/nginx}" ] && [ -f "$NGX_SO" ] && have_ngx=1
[ -x "${PF_APACHE_BIN:-/usr/sbin/apache2}" ] && [ -f "$APX_SO" ] \
    && [ -f "${PF_APACHE_MODULES:-/usr/lib/apache2/modules}/mod_mpm_event.so" ] \
    && have_apx=1
[ -n "$have_ngx$have_apx" ] \
    || pf_skip "neither ngx_preflight_module.so nor mod_preflight.so was built (or no nginx/apache2)"

# Both helper libraries skip the whole script when their module is
# missing: source only the ones whose module is here.
[ -n "$have_ngx" ] && . "$top_srcdir/tests/integration/nginx_lib.sh"
[ -n "$have_apx" ] && . "$top_srcdir/tests/integration/apache_lib.sh"

VG_TIMEOUT=60   # seconds; a start or restart under memcheck is slow

# vg_run LOGNAME CMD...: CMD under memcheck in the background; sets VG_PID
# (valgrind's pid is the server's pid: the tool runs inside the process).
vg_run() {
    _log=$1; shift
    valgrind --leak-check=full --errors-for-leak-kinds=definite \
        --error-exitcode=99 --trace-children=no \
        --log-file="$PF_TMP/$_log.%p" "$@" >"$PF_TMP/$_log.out" 2>&1 &
    VG_PID=$!
    pf_track "$VG_PID"
}

# vg_wait_count FILE TEXT N: FILE has at least N lines with TEXT.
vg_wait_count() {
    for _ in $(seq 1 $((VG_TIMEOUT * 10))); do
        _n=$({ grep -F -- "$2" "$1" 2>/dev/null || true; } | wc -l)
        [ "$_n" -ge "$3" ] && return 0
        sleep 0.1
    done
    echo "--- $1:"; cat "$1" 2>/dev/null
    return 1
}

# vg_alive PID: running, not a zombie (our background child stays one
# until we wait for it, and kill -0 still succeeds on a zombie).
vg_alive() {
    _s=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)
    [ -n "$_s" ] && [ "$_s" != Z ]
}

# vg_wait_exit PID: waits (VG_TIMEOUT) for our background child to end;
# sets VG_RC to its exit status.
vg_wait_exit() {
    for _ in $(seq 1 $((VG_TIMEOUT * 10))); do
        vg_alive "$1" || break
        sleep 0.1
    done
    vg_alive "$1" && pf_fail "pid $1 did not exit under valgrind"
    wait "$1"
    VG_RC=$?
    # Reaped: its pid may be reused, so the clean-up must not signal it.
    PF_PIDS=$(echo " $PF_PIDS " | sed "s/ $1 / /")
    PF_APACHE_STARTED=$(echo " ${PF_APACHE_STARTED:-} " | sed "s/ $1 / /")
}

# vg_check WHAT LOG: the memcheck log of the measured process is clean.
vg_check() {
    [ -f "$2" ] || pf_fail "$1: no valgrind log $2"
    echo "--- $1 ($(basename "$2")), exit $VG_RC:"
    grep -E 'ERROR SUMMARY|LEAK SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable' "$2" \
        | sed 's/^==[0-9]*== */    /'
    [ "$VG_RC" -ne 99 ] || { cat "$2"; pf_fail "$1: valgrind reported errors (exit 99)"; }
    grep -q "ERROR SUMMARY: 0 errors" "$2" \
        || { cat "$2"; pf_fail "$1: memcheck errors"; }
    if grep -q "definitely lost:" "$2" \
        && ! grep -q "definitely lost: 0 bytes" "$2"; then
        cat "$2"; pf_fail "$1: definite leaks"
    fi
    pf_pass "$1: no memcheck errors, no definite leaks"
}

# ---- nginx: the master through 5 SIGHUPs, one held-port reload, QUIT ---
vg_nginx() {
    D="$PF_TMP/ngx"
    port=$(pf_free_port)
    ngx_conf "$D" "preflight_remedy suggest;" "listen 127.0.0.1:$port;"
    # The master stays in the foreground of valgrind (-g 'daemon off;'):
    # drop the helper's "daemon on;" to avoid a duplicate directive.
    sed -i '/^daemon on;$/d' "$D/nginx.conf"
    vg_run vg-nginx "$NGX_BIN" -p "$D" -c "$D/nginx.conf" -e "$D/error.log" \
        -g 'daemon off; master_process on;'
    m=$VG_PID
    vg_wait_count "$D/error.log" "$m#$m: start worker process " 1 \
        || { cat "$PF_TMP/vg-nginx.out"; pf_fail "nginx did not start under valgrind"; }
    pf_wait_listen "$port" || pf_fail "nginx does not listen on $port"
    w=1
    for i in 1 2 3 4 5; do
        kill -HUP "$m"
        w=$((w + 1))
        vg_wait_count "$D/error.log" "$m#$m: start worker process " "$w" \
            || pf_fail "nginx reload $i did not finish"
    done
    held=$(pf_free_port)
    pf_hold_port 127.0.0.1 "$held"
    ngx_conf "$D" "preflight_remedy suggest;" \
        "listen 127.0.0.1:$port; listen 127.0.0.1:$held;"
    sed -i '/^daemon on;$/d' "$D/nginx.conf"
    kill -HUP "$m"
    # nginx itself then fails to bind and keeps the running configuration.
    vg_wait_count "$D/error.log" "bind() to 127.0.0.1:$held failed" 1 \
        || pf_fail "nginx did not try the held port"
    pf_contains "$D/error.log" "$PF_HOLDER_PID"
    vg_alive "$m" || pf_fail "the nginx master died on the held-port reload"
    kill -QUIT "$m"
    vg_wait_exit "$m"
    vg_check "nginx master (5 reloads + held-port reload)" "$PF_TMP/vg-nginx.$m"
}

# ---- Apache: the parent (-D FOREGROUND) through 5 gracefuls, then stop;
# then a second parent whose graceful adds a held port (httpd cannot keep
# the old listeners then: it explains and exits). --------------------------
vg_apache_start() {
    vg_run "$1" "$PF_APACHE_BIN" -f "$PF_APACHE_CONF" -D FOREGROUND
    A=$VG_PID
    vg_wait_count "$PF_APACHE_LOG" "resuming normal operations" "$2" \
        || { cat "$PF_TMP/$1.out"; pf_fail "httpd did not start under valgrind"; }
    PF_APACHE_STARTED="$PF_APACHE_STARTED $A"
}

vg_apache() {
    port=$(pf_free_port)
    pf_apache_conf "PreflightRemedy suggest" "Listen 127.0.0.1:$port"
    vg_apache_start vg-apache 1
    pf_wait_listen "$port" || pf_fail "httpd does not listen on $port"
    n=1
    for i in 1 2 3 4 5; do
        pf_apache -k graceful
        [ "$PF_RC" -eq 0 ] || { cat "$PF_TMP/apache.out"; pf_fail "-k graceful $i"; }
        n=$((n + 1))
        vg_wait_count "$PF_APACHE_LOG" "resuming normal operations" "$n" \
            || pf_fail "httpd graceful $i did not finish"
    done
    pf_apache -k stop
    vg_wait_exit "$A"
    vg_check "httpd parent (5 gracefuls + stop)" "$PF_TMP/vg-apache.$A"

    held=$(pf_free_port)
    pf_hold_port 127.0.0.1 "$held"
    n=$(grep -c "resuming normal operations" "$PF_APACHE_LOG")
    pf_apache_conf "PreflightRemedy suggest" "Listen 127.0.0.1:$port"
    vg_apache_start vg-apache2 $((n + 1))
    pf_apache_conf "PreflightRemedy suggest" "Listen 127.0.0.1:$port" \
        "Listen 127.0.0.1:$held"
    pf_apache -k graceful
    vg_wait_exit "$A"
    pf_contains "$PF_APACHE_LOG" "PF00001: "
    pf_contains "$PF_APACHE_LOG" "$PF_HOLDER_PID"
    vg_check "httpd parent (graceful adding held port $held)" "$PF_TMP/vg-apache2.$A"
}

t0=$(date +%s)
if [ -n "$have_ngx" ]; then vg_nginx; else echo "nginx: skipped (no nginx or ngx_preflight_module.so not built)"; fi
if [ -n "$have_apx" ]; then vg_apache; else echo "Apache: skipped (no apache2 or mod_preflight.so not built)"; fi
echo "valgrind runs took $(( $(date +%s) - t0 )) s"
