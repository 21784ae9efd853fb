# Sourced by bench/nginx_*.sh: an nginx prefix of its own under a temp
# dir, with or without ngx_preflight_module.  Only the nginx masters
# started here (their pid files) are ever signalled.
#   needs: BUILD_DIR as $1 of the bench, $here (the bench dir), /usr/sbin/nginx,
#   hyperfine
set -eu

build=${1:?usage: $0 BUILD_DIR}
build=$(cd "$build" && pwd)
NGX_BIN=${NGINX_BIN:-/usr/sbin/nginx}
NGX_SO="$build/mod_nginx/ngx_preflight_module.so"
[ -f "$NGX_SO" ] || { echo "no $NGX_SO: build with the nginx module first"; exit 1; }
tmp=$(mktemp -d)

bench_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# PF_BENCH_ADDRS: listen addresses per configuration (default 1):
# 127.0.0.1, 127.0.0.2, ... on one port, each its own listen socket
# (the stop script waits for the port: all of them)
BENCH_ADDRS=${PF_BENCH_ADDRS:-1}
bench_listens() {
    _i=1
    while [ "$_i" -le "$BENCH_ADDRS" ]; do
        echo "        listen 127.0.$(((_i - 1) / 250)).$(((_i - 1) % 250 + 1)):$1;"
        _i=$((_i + 1))
    done
}

# bench_conf DIR PORT yes|no|MODULE_SO 'MAIN DIRECTIVES'
bench_conf() {
    mkdir -p "$1"
    {
        case $3 in
            yes) echo "load_module $NGX_SO;" ;;
            no) ;;
            *) echo "load_module $3;" ;;
        esac
        cat <<CONF
daemon on;
user root;
pid $1/nginx.pid;
error_log $1/error.log notice;
worker_processes 1;
$4
events { worker_connections $((BENCH_ADDRS + 64)); }
http {
    access_log off;
    client_body_temp_path $1/body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
    server {
$(bench_listens "$2")
    }
}
CONF
    } >"$1/nginx.conf"
}

# bench_empty_module: builds bench/pf-empty-nginx-module.c as nginx builds
# the dynamic modules of the tree the module was built in (its CFLAGS and
# include dirs); prints the .so's path
bench_empty_module() {
    _ngx="$build/mod_nginx/ngx-build"
    ${CC:-cc} -shared -fPIC $(sed -n 's/^CFLAGS =//p' "$_ngx/objs/Makefile") \
        -I"$_ngx/src/core" -I"$_ngx/src/event" -I"$_ngx/src/event/modules" \
        -I"$_ngx/src/os/unix" -I"$_ngx/objs" \
        -o "$tmp/ngx_pf_empty_module.so" "$here/pf-empty-nginx-module.c"
    echo "$tmp/ngx_pf_empty_module.so"
}

bench_cmd() { echo "$NGX_BIN -p $1 -c $1/nginx.conf -e $1/error.log"; }

# bench_master DIR: the master's pid; the daemon writes its pid file a
# little after the starting process has returned
bench_master() {
    for _ in $(seq 1 200); do
        if [ -s "$1/nginx.pid" ]; then
            _m=$(cat "$1/nginx.pid")
            # signals are acted upon at once only after this line
            grep -qF "$_m#$_m: start worker process " "$1/error.log" 2>/dev/null \
                && { echo "$_m"; return 0; }
        fi
        sleep 0.01
    done
    echo "no nginx.pid in $1" >&2
    return 1
}

# $tmp/stop.sh DIR (also a hyperfine --prepare): stops the nginx of DIR.
# Its pid file may lag behind the start that returned, and a master that
# exited stays a zombie until PID 1 reaps it: both are waited for.
cat >"$tmp/stop.sh" <<'STOP'
port=$(sed -n 's/.*listen 127.0.0.1:\([0-9]*\);.*/\1/p' "$1/nginx.conf")
listening() { ss -Hltn "sport = :$port" | grep -q .; }
alive() { s=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null); [ -n "$s" ] && [ "$s" != Z ]; }
i=0
while [ ! -s "$1/nginx.pid" ] && [ $i -lt 200 ]; do
    listening || exit 0
    sleep 0.01; i=$((i+1))
done
[ -s "$1/nginx.pid" ] || exit 0
p=$(cat "$1/nginx.pid")
# a signal that reaches a master before it blocks signals for its main
# loop is only acted upon at the next one: repeat it until it is gone
i=0
while { alive "$p" || listening; } && [ $i -lt 500 ]; do
    [ $((i % 10)) -eq 0 ] && kill -TERM "$p" 2>/dev/null
    sleep 0.01; i=$((i+1))
done
rm -f "$1/nginx.pid"
# the next start must find the port free, whoever held it last
python3 - "$port" <<'PY'
import socket, sys, time
for _ in range(500):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
        break
    except OSError:
        time.sleep(0.01)
    finally:
        s.close()
else:
    sys.exit("port %s still busy" % sys.argv[1])
PY
STOP

bench_stop() { sh "$tmp/stop.sh" "$1"; }

# hyperfine's median (ms) from an exported JSON
bench_median_ms() {
    python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1e3))' "$1"
}
