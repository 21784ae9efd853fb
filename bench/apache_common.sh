# Sourced by bench/apache_*.sh: minimal httpd.conf files for the real
# apache2 in a temporary directory, with or without mod_preflight, and a
# cleanup that stops the httpd they started (only those, by PidFile).
#   needs: build=BUILD_DIR set by the caller
apache_bin=${PF_APACHE_BIN:-/usr/sbin/apache2}
apache_modules=${PF_APACHE_MODULES:-/usr/lib/apache2/modules}
module="$build/mod_apache/mod_preflight.so"
[ -x "$apache_bin" ] || { echo "no $apache_bin"; exit 1; }
[ -f "$module" ] || { echo "no $module: build with apxs first"; exit 1; }

# running: neither gone nor a zombie (PID 1 may be slow to reap: a zombie
# has closed its sockets already)
bench_alive() {
    [ -e "/proc/$1" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]
}

tmp=$(mktemp -d)
started=""
bench_cleanup() {
    for f in "$tmp"/*/httpd.pid; do
        [ -s "$f" ] && started="$started $(cat "$f")"
    done
    for pid in $started; do
        kill -TERM "$pid" 2>/dev/null || continue
        for _ in $(seq 1 100); do bench_alive "$pid" || break; sleep 0.1; done
    done
    rm -rf "$tmp"
}
trap bench_cleanup EXIT
trap 'exit 1' INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The modules Debian enables by default (mods-enabled), preflight's own
# left out: a start as Apache is shipped, rather than the bare minimum.
debian_mods=${PF_APACHE_MODS_ENABLED:-/etc/apache2/mods-enabled}
debian_modules() {
    for f in "$debian_mods"/*.load "$debian_mods"/*.conf; do
        case $f in */preflight.*) continue ;; esac
        [ -f "$f" ] && echo "Include $f"
    done
}

# PF_BENCH_ADDRS: Listen addresses per configuration (default 1):
# 127.0.0.1, 127.0.0.2, ... on one port
bench_addrs=${PF_BENCH_ADDRS:-1}

# write_conf NAME with|without [debian]: $tmp/NAME/httpd.conf, with the
# two modules a start needs or, with "debian", Debian's default set
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
        if [ "${3-}" = debian ]; then
            debian_modules
        else
            echo "LoadModule mpm_event_module $apache_modules/mod_mpm_event.so"
            echo "LoadModule authz_core_module $apache_modules/mod_authz_core.so"
        fi
        [ "$2" = with ] && echo "LoadModule preflight_module $module"
        if [ "$(id -u)" = 0 ]; then echo "User nobody"; echo "Group nogroup"; fi
        _i=1
        while [ "$_i" -le "$bench_addrs" ]; do
            echo "Listen 127.0.$(((_i - 1) / 250)).$(((_i - 1) % 250 + 1)):$port"
            _i=$((_i + 1))
        done
    } >"$d/httpd.conf"
}
