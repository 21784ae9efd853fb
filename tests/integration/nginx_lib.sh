# Sourced by the nginx_*.sh tests after lib.sh: a real Debian nginx with
# ngx_preflight_module loaded, in its own prefix under $PF_TMP, with its
# own pid file.  Only the nginx masters started here are ever signalled.

NGX_BIN=${NGINX_BIN:-/usr/sbin/nginx}
NGX_SO="$top_builddir/mod_nginx/ngx_preflight_module.so"

[ -x "$NGX_BIN" ] || pf_skip "nginx is not installed"
[ -f "$NGX_SO" ] || pf_skip "ngx_preflight_module.so was not built"

NGX_MASTERS=""

# ngx_conf DIR 'MAIN DIRECTIVES' 'LISTEN LINES' [WORKERS]
ngx_conf() {
    mkdir -p "$1"
    cat >"$1/nginx.conf" <<CONF
load_module $NGX_SO;
daemon on;
user root;
pid $1/nginx.pid;
error_log $1/error.log info;
worker_processes ${4:-1};
$2
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $1/body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
    server {
        $3
    }
}
CONF
}

# ngx_run DIR [ARGS...]: runs nginx on DIR's config in the foreground part
# of its start (it daemonizes); stderr to DIR/stderr; sets NGX_RC and
# NGX_MS (milliseconds it took).
# NGX_WRAP: a command line to run nginx under (strace ...), or empty
NGX_WRAP=""
ngx_run() {
    _d=$1; shift
    _t0=$(date +%s%N)
    # shellcheck disable=SC2086
    $NGX_WRAP "$NGX_BIN" -p "$_d" -c "$_d/nginx.conf" -e "$_d/error.log" "$@" \
        >>"$_d/stderr" 2>&1
    NGX_RC=$?
    NGX_MS=$(( ($(date +%s%N) - _t0) / 1000000 ))
    if [ "$NGX_RC" -eq 0 ] && [ $# -eq 0 ]; then ngx_wait_pid "$_d"; fi
}

# ngx_wait_pid DIR: the daemon writes its pid file a little after the
# start returned; wait for it, track the master, and wait until it has
# started its workers: only then does it act on signals at once.
ngx_wait_pid() {
    for _ in $(seq 1 200); do
        if [ -s "$1/nginx.pid" ] && ngx_alive "$(cat "$1/nginx.pid")"; then
            _m=$(cat "$1/nginx.pid")
            ngx_track "$_m"
            ngx_wait_ready "$1" "$_m" && return 0
            break
        fi
        sleep 0.02
    done
    cat "$1/stderr" 2>/dev/null
    pf_fail "no running nginx master in $1/nginx.pid"
}

ngx_track() {
    case " $NGX_MASTERS " in *" $1 "*) ;; *) NGX_MASTERS="$NGX_MASTERS $1" ;; esac
}

# ngx_alive PID: running (a master that exited stays a zombie until PID 1,
# which is not ours, reaps it).
ngx_alive() {
    _s=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)
    [ -n "$_s" ] && [ "$_s" != Z ]
}

# ngx_wait_gone PID [TICKS]: waits up to TICKS x 50 ms (default 5 s) for
# a process to end.
ngx_wait_gone() {
    for _ in $(seq 1 "${2:-100}"); do ngx_alive "$1" || return 0; sleep 0.05; done
    return 1
}

# Stops the masters this test started (QUIT, then KILL after 5 s).  A
# signal that reaches a master before it blocks signals for its main loop
# is acted upon only at the next one: QUIT is repeated.
ngx_stop_all() {
    for _p in $NGX_MASTERS; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -QUIT "$_p" 2>/dev/null || true
            ngx_wait_gone "$_p" 10 && break
        done
        if ngx_alive "$_p"; then kill -9 "$_p" 2>/dev/null; fi
    done
    NGX_MASTERS=""
}
pf_on_exit ngx_stop_all

# ngx_wait_ready DIR PID: the master PID has started its workers.
ngx_wait_ready() {
    for _ in $(seq 1 200); do
        grep -qF "$2#$2: start worker process " "$1/error.log" 2>/dev/null && return 0
        sleep 0.02
    done
    return 1
}

# ngx_master DIR: the master pid from DIR's pid file.
ngx_master() { cat "$1/nginx.pid"; }

# ngx_log_count DIR TEXT: how many lines of DIR's error log have TEXT.
ngx_log_count() { { grep -F -- "$2" "$1/error.log" 2>/dev/null || true; } | wc -l; }

# ngx_reload DIR: SIGHUP to the master, wait until it has reconfigured.
ngx_reload() {
    _w=$(ngx_log_count "$1" "start worker process ")
    kill -HUP "$(ngx_master "$1")" || pf_fail "no nginx master to reload"
    for _ in $(seq 1 100); do
        [ "$(ngx_log_count "$1" "start worker process ")" -gt "$_w" ] && return 0
        sleep 0.05
    done
    pf_fail "nginx did not reload"
}

# ngx_no_alarm DIR WHAT: the module warned of nothing in DIR (stderr and
# log); notes at info level (nginx -t of the running server) are fine.
ngx_no_alarm() {
    for _f in "$1/stderr" "$1/error.log"; do
        [ -f "$_f" ] || continue
        if grep -Eq '\[(warn|error|crit|alert|emerg)\].*preflight:' "$_f"; then
            echo "--- $_f:"; cat "$_f"
            pf_fail "false alarm: $2"
        fi
    done
    pf_pass "no alarm: $2"
}
