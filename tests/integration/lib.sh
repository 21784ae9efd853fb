# Sourced by every integration test.  Each test works in its own
# temporary directory, starts its own holders and servers, and stops them
# by PID on exit: it never touches a process it did not start.
set -u

PF_TMP=$(mktemp -d "${TMPDIR:-/tmp}/preflight-test.XXXXXX")
PF_PIDS=""
PF_CLEANUPS=""
: "${PREFLIGHT:?PREFLIGHT must name the preflight binary (make check sets it)}"
: "${top_builddir:?}"
: "${top_srcdir:?}"

pf_cleanup() {
    for c in $PF_CLEANUPS; do "$c" || true; done
    for p in $PF_PIDS; do kill "$p" 2>/dev/null || true; done
    for p in $PF_PIDS; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$p" 2>/dev/null || true
    done
    [ -n "${PF_KEEP:-}" ] || rm -rf "$PF_TMP"
}
trap pf_cleanup EXIT
trap 'exit 1' INT TERM

# Exit codes the automake harness understands.
pf_skip() { echo "SKIP: $*"; exit 77; }
pf_fail() { echo "FAIL: $*"; exit 1; }
pf_pass() { echo "ok - $*"; }

# Register a PID this test started, to be stopped on exit.
pf_track() { PF_PIDS="$PF_PIDS $1"; }
# Register a function to run on exit (before the PIDs are stopped).
pf_on_exit() { PF_CLEANUPS="$PF_CLEANUPS $1"; }

# Waits until PID (a process of the test's) is gone, up to SECONDS
# (default 10); 1 if it is not.
pf_wait_gone() {
    for _ in $(seq 1 $((${2:-10} * 10))); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

# A TCP port that is free on ADDRESS (default 127.0.0.1) right now.
pf_free_port() {
    python3 - "${1:-127.0.0.1}" <<'PY'
import socket, sys
addr = sys.argv[1]
fam = socket.AF_INET6 if ':' in addr else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
s.bind((addr, 0))
print(s.getsockname()[1])
PY
}

# Wait until something listens on PORT (tcp), up to ~10 s.
pf_wait_listen() {
    for _ in $(seq 1 100); do
        if ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; then return 0; fi
        sleep 0.1
    done
    return 1
}

# Start the test holder on ADDRESS PORT [v6only]; sets PF_HOLDER_PID.
pf_hold_port() {
    "$top_builddir/tests/integration/pf-hold-port" "$@" >"$PF_TMP/holder.out" 2>&1 &
    PF_HOLDER_PID=$!
    pf_track "$PF_HOLDER_PID"
    for _ in $(seq 1 100); do
        grep -q ready "$PF_TMP/holder.out" 2>/dev/null && return 0
        kill -0 "$PF_HOLDER_PID" 2>/dev/null || break
        sleep 0.05
    done
    cat "$PF_TMP/holder.out"
    pf_fail "the test holder did not start on $*"
}

# pf_contains FILE TEXT: the file has the text (fixed string).
pf_contains() {
    grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; pf_fail "expected '$2' in $1"; }
}
pf_not_contains() {
    if grep -qF -- "$2" "$1"; then echo "--- $1:"; cat "$1"; pf_fail "did not expect '$2' in $1"; fi
}

# pf_unit_cgroup NAME.service: a cgroup named like a systemd unit
# (NAME.slice/NAME.service under the first writable hierarchy), so that
# the facts name a holder placed in it as that unit; prints its path,
# or nothing when no hierarchy is writable.  The caller removes it.
pf_unit_cgroup() {
    _slice="${1%.service}.slice"
    for _root in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
        [ -w "$_root/cgroup.procs" ] || continue
        if mkdir "$_root/$_slice" 2>/dev/null; then
            if mkdir "$_root/$_slice/$1" 2>/dev/null; then
                echo "$_root/$_slice/$1"
                return 0
            fi
            rmdir "$_root/$_slice"
        fi
    done
}

# pf_cgroup_rel DIR: a cgroup directory as systemd and /proc/PID/cgroup
# name it, relative to its hierarchy ("/x.slice/x.service").
pf_cgroup_rel() {
    for _root in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
        case $1 in "$_root"/*) echo "${1#"$_root"}"; return 0 ;; esac
    done
    echo "$1"
}

# pf_json FILE EXPR: evaluates a Python expression over the JSON in FILE
# (bound to j) and prints the result.
pf_json() {
    python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# pf_wait_grandchild PID: waits (up to ~10 s) until a child of PID has a
# child of its own: a server's master started by a launcher PID has forked
# its workers, and so has installed its signal handlers.
pf_wait_grandchild() {
    for _ in $(seq 1 100); do
        for c in $(pgrep -P "$1" 2>/dev/null); do
            pgrep -P "$c" >/dev/null 2>&1 && return 0
        done
        sleep 0.1
    done
    return 1
}

# pf_nginx_conf DIR PORT [MAIN...]: a plain nginx.conf (no module) in DIR
# listening on 127.0.0.1:PORT, with its pid file, logs and temp paths in
# DIR; MAIN lines go into the main context.
pf_nginx_conf() {
    _dir=$1; _port=$2; shift 2
    mkdir -p "$_dir/logs"
    {
        for _line in "$@"; do echo "$_line"; done
        cat <<CONF
pid $_dir/nginx.pid;
error_log $_dir/logs/error.log;
worker_processes 1;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $_dir/body;
    proxy_temp_path $_dir/proxy;
    fastcgi_temp_path $_dir/fastcgi;
    uwsgi_temp_path $_dir/uwsgi;
    scgi_temp_path $_dir/scgi;
    server {
        listen 127.0.0.1:$_port;
    }
}
CONF
    } >"$_dir/nginx.conf"
}
