# Sourced by the Apache integration tests (after lib.sh): a minimal
# httpd.conf for the real Debian apache2 under $PF_TMP, and starting and
# stopping that httpd, and only that one, by the pid in its PidFile.
PF_APACHE_BIN=${PF_APACHE_BIN:-/usr/sbin/apache2}
PF_APACHE_MODULES=${PF_APACHE_MODULES:-/usr/lib/apache2/modules}
PF_APACHE_SO="$top_builddir/mod_apache/mod_preflight.so"
PF_APACHE_DIR="$PF_TMP/apache"
PF_APACHE_CONF="$PF_APACHE_DIR/httpd.conf"
PF_APACHE_PIDFILE="$PF_APACHE_DIR/httpd.pid"
PF_APACHE_LOG="$PF_APACHE_DIR/error.log"
PF_APACHE_STARTED=""

[ -x "$PF_APACHE_BIN" ] || pf_skip "no $PF_APACHE_BIN"
[ -f "$PF_APACHE_MODULES/mod_mpm_event.so" ] || pf_skip "no mod_mpm_event.so"
[ -f "$PF_APACHE_SO" ] || pf_skip "mod_preflight.so was not built"
mkdir -p "$PF_APACHE_DIR/run" "$PF_APACHE_DIR/htdocs"

# pf_apache_conf [LINE...]: writes httpd.conf with the module loaded and
# the given lines (Listen, Preflight* ...) at the end.
pf_apache_conf() {
    {
        echo "ServerRoot $PF_APACHE_DIR"
        echo "ServerName localhost"
        echo "PidFile $PF_APACHE_PIDFILE"
        echo "ErrorLog $PF_APACHE_LOG"
        echo "DefaultRuntimeDir $PF_APACHE_DIR/run"
        echo "Mutex file:$PF_APACHE_DIR/run default"
        echo "DocumentRoot $PF_APACHE_DIR/htdocs"
        echo "LoadModule mpm_event_module $PF_APACHE_MODULES/mod_mpm_event.so"
        echo "LoadModule authz_core_module $PF_APACHE_MODULES/mod_authz_core.so"
        [ "${PF_APACHE_NO_MODULE:-}" ] \
            || echo "LoadModule preflight_module $PF_APACHE_SO"
        if [ "$(id -u)" = 0 ]; then
            echo "User nobody"
            echo "Group nogroup"
        fi
        for line in "$@"; do echo "$line"; done
    } >"$PF_APACHE_CONF"
}

# pf_apache ARG...: runs apache2 -f our conf ARG..., stderr and stdout to
# $PF_TMP/apache.out (appended to $PF_TMP/apache.all); sets PF_RC.
# PF_APACHE_WRAP: a command line to run httpd under (strace ...), or empty
PF_APACHE_WRAP=""
pf_apache() {
    # shellcheck disable=SC2086
    $PF_APACHE_WRAP "$PF_APACHE_BIN" -f "$PF_APACHE_CONF" "$@" >"$PF_TMP/apache.out" 2>&1
    PF_RC=$?
    cat "$PF_TMP/apache.out" >>"$PF_TMP/apache.all"
}

pf_apache_pid() {
    cat "$PF_APACHE_PIDFILE" 2>/dev/null
}

# Waits until the PidFile names a live process; registers it for the
# clean-up.
pf_apache_wait_started() {
    for _ in $(seq 1 100); do
        pid=$(pf_apache_pid)
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            case " $PF_APACHE_STARTED " in
                *" $pid "*) ;;
                *) PF_APACHE_STARTED="$PF_APACHE_STARTED $pid" ;;
            esac
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# pf_apache_start: -k start, and wait for the PidFile.
pf_apache_start() {
    pf_apache -k start
    [ "$PF_RC" -eq 0 ] || { cat "$PF_TMP/apache.out"; pf_fail "apache2 -k start: exit $PF_RC"; }
    pf_apache_wait_started || { cat "$PF_TMP/apache.out" "$PF_APACHE_LOG"; pf_fail "httpd did not start"; }
}

# Waits until pid $1 is gone, up to 10 s.
pf_apache_wait_gone() { pf_wait_gone "$1" 10; }

# Stops the httpd this test started (SIGTERM to its parent), and waits.
pf_apache_stop() {
    pid=$(pf_apache_pid)
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null
    pf_apache_wait_gone "$pid"
}

# n-th "resuming normal operations": a (re)start has finished.
pf_apache_wait_resumed() {
    for _ in $(seq 1 100); do
        n=$(grep -c "resuming normal operations" "$PF_APACHE_LOG" 2>/dev/null)
        [ "${n:-0}" -ge "$1" ] && return 0
        sleep 0.1
    done
    cat "$PF_APACHE_LOG"
    return 1
}

# On exit: stop every httpd parent this test started, then its children
# if the parent had to be killed.
pf_apache_cleanup() {
    for pid in $PF_APACHE_STARTED; do
        kill -0 "$pid" 2>/dev/null || continue
        kids=$(ps -o pid= --ppid "$pid" 2>/dev/null)
        kill -TERM "$pid" 2>/dev/null
        pf_apache_wait_gone "$pid" && continue
        # shellcheck disable=SC2086
        kill -9 "$pid" $kids 2>/dev/null
    done
}
pf_on_exit pf_apache_cleanup

# The lines of mod_preflight that report a conflict.
PF_APACHE_CONFLICT_TAGS='PF00001:\|PF00002:'

# pf_apache_no_conflict FILE WHAT: FILE has no conflict line.
pf_apache_no_conflict() {
    if grep -q "$PF_APACHE_CONFLICT_TAGS" "$1" 2>/dev/null; then
        echo "--- $1:"; cat "$1"
        pf_fail "false alarm: $2"
    fi
}

# pf_apache_before FILE FIRST SECOND: a line with FIRST comes before the
# first line with SECOND.
pf_apache_before() {
    a=$(grep -nF -- "$2" "$1" | head -1 | cut -d: -f1)
    b=$(grep -nF -- "$3" "$1" | head -1 | cut -d: -f1)
    [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] \
        || { echo "--- $1:"; cat "$1"; pf_fail "'$2' should come before '$3'"; }
}
