# Sourced by bench/apache_*.sh: a minimal httpd.conf for the real apache2
# in a temporary directory, with or without mod_preflight, and helpers to
# start and stop that httpd (only that one, by its PidFile).
#   needs: build=BUILD_DIR set by the caller
apache_bin=${PF_APACHE_BIN:-/usr/sbin/apache2}
apache_modules=${PF_APACHE_MODULES:-/usr/lib/apache2/modules}
module="$build/mod_apache/mod_preflight.so"
[ -x "$apache_bin" ] || { echo "no $apache_bin"; exit 1; }
[ -f "$module" ] || { echo "no $module: build with apxs first"; exit 1; }

tmp=$(mktemp -d)
started=""
bench_cleanup() {
    for f in "$tmp"/*/httpd.pid; do
        [ -s "$f" ] && started="$started $(cat "$f")"
    done
    for pid in $started; do
        kill -TERM "$pid" 2>/dev/null || continue
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$tmp"
}
trap bench_cleanup EXIT
trap 'exit 1' INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# write_conf NAME with|without: $tmp/NAME/httpd.conf
write_conf() {
    d="$tmp/$1"
    mkdir -p "$d/run" "$d/htdocs"
    {
        echo "ServerRoot $d"
        echo "ServerName localhost"
        echo "PidFile $d/httpd.pid"
        echo "ErrorLog $d/error.log"
        echo "DefaultRuntimeDir $d/run"
        echo "Mutex file:$d/run default"
        echo "DocumentRoot $d/htdocs"
        echo "LoadModule mpm_event_module $apache_modules/mod_mpm_event.so"
        echo "LoadModule authz_core_module $apache_modules/mod_authz_core.so"
        [ "$2" = with ] && echo "LoadModule preflight_module $module"
        if [ "$(id -u)" = 0 ]; then echo "User nobody"; echo "Group nogroup"; fi
        echo "Listen 127.0.0.1:$port"
    } >"$d/httpd.conf"
}

# The scripts hyperfine runs: start.sh (-k start, until the PidFile names
# the new parent), timed; stop.sh (-k stop, until the parent is gone),
# run before each start and not timed: httpd's stop takes ~2 s of
# waiting for its children, which would drown what is measured.
write_cycle() {
    cat >"$tmp/start.sh" <<'SH'
conf=$1; pidfile=$2; bin=$3
"$bin" -f "$conf" -k start || exit 1
# a busy wait: "sleep 0.001" forks a process per turn, and its ~1 ms
# steps would weigh more than what is measured
while [ ! -s "$pidfile" ]; do :; done
SH
    cat >"$tmp/stop.sh" <<'SH'
conf=$1; pidfile=$2; bin=$3
[ -s "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
"$bin" -f "$conf" -k stop
while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
rm -f "$pidfile"
SH
}
