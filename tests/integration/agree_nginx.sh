#!/bin/sh
# Agree with the server: every listen set of tests/agree/nginx.cases is run
# in a network namespace of its own, with its holder, through `preflight
# check --nginx` and through the real nginx; preflight's exit status must
# say what nginx did (0: it starts; 1: it does not).  Then nginx again
# with ngx_preflight_module loaded: it must log a conflict ([error]
# preflight:) exactly when nginx then fails to bind.
. "$top_srcdir/tests/integration/lib.sh"

NGX_BIN=${NGINX_BIN:-/usr/sbin/nginx}
[ -x "$NGX_BIN" ] || pf_skip "no nginx"
. "$top_srcdir/tests/integration/agree_lib.sh"
AGREE_STOP=QUIT
so="$top_builddir/mod_nginx/ngx_preflight_module.so"

stream_so=/usr/lib/nginx/modules/ngx_stream_module.so

# conf DIR LISTEN MAIN: nginx.conf with one server block per "--"; LISTEN
# "stream: ..." puts them in stream { } instead of http { }
conf() {
    _block=http; _listen=$2
    case $_listen in stream:*) _block=stream; _listen=${_listen#stream:} ;; esac
    {
        echo "$3"
        [ "$_block" = stream ] && echo "load_module $stream_so;"
        echo "user root;"
        echo "pid $1/nginx.pid;"
        echo "error_log $1/error.log;"
        echo "events { worker_connections 16; }"
        if [ "$_block" = http ]; then
            echo "http { access_log off;"
            for t in client_body proxy fastcgi uwsgi scgi; do
                echo "    ${t}_temp_path $1/$t;"
            done
        else
            echo "stream {"
        fi
        echo "    server {"
        [ "$_block" = stream ] && echo "        return x;"
        _next="    }\\n    server {"
        [ "$_block" = stream ] && _next="$_next return x;"
        printf '%b\n' "$_listen" | sed "s#\\\$D#$1#g; s#^--\$#$_next#"
        echo "    }"
        echo "}"
    } >"$1/nginx.conf"
}

ngx() {
    agree_run "$1" "$2" "$3" "--nginx=$1/nginx.conf" "$1/nginx.pid" \
        "$NGX_BIN" -p "$1" -c "$1/nginx.conf" -e "$1/error.log" \
        -g 'daemon off;'
}

while IFS='|' read -r name listen hold setup; do
    name=$(echo "$name" | tr -d ' ')
    case $name in ''|'#'*) continue ;; esac
    hold=$(echo "$hold" | sed 's/^ *//; s/ *$//')
    setup=$(echo "$setup" | sed 's/^ *//; s/ *$//')
    listen=$(echo "$listen" | sed 's/^ *//; s/ *$//')
    case $listen in
        stream:*) [ -f "$stream_so" ] \
            || { echo "# $name: no $stream_so (libnginx-mod-stream)"; continue; } ;;
    esac
    dir="$PF_TMP/$name"
    mkdir -p "$dir"
    conf "$dir" "$listen" ""
    rm -f "$dir/setup.sh"
    [ "$setup" = - ] || echo "$setup" | sed "s#\\\$D#$dir#g" >"$dir/setup.sh"
    ngx "$dir" "$hold" "$PREFLIGHT"
    agree_verdict "$name" nginx \
        || head -5 "$dir/server.out" | sed 's/^/    nginx: /'
    [ -f "$so" ] || continue
    find "$dir" -name '*.sock' -exec rm -f {} +
    conf "$dir" "$listen" "load_module $so;"
    rm -f "$dir/error.log"
    ngx "$dir" "$hold" -
    find "$dir" -name '*.sock' -exec rm -f {} +
    # refused at configuration time, before any module runs
    grep -q '\[emerg\] .*duplicate' "$dir/server.out" 2>/dev/null && continue
    said=no
    if cat "$dir/server.out" "$dir/error.log" 2>/dev/null \
        | grep -q '\[error\].*preflight: '; then
        said=yes
    fi
    agree_module_verdict "$name" "$said" \
        || cat "$dir/server.out" "$dir/error.log" 2>/dev/null | head -8 \
           | sed 's/^/    nginx: /'
done <"$top_srcdir/tests/agree/nginx.cases"

agree_finish nginx
