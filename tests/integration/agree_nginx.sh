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
[ "$(id -u)" = 0 ] || pf_skip "needs root for network namespaces"
unshare -n true 2>/dev/null || pf_skip "cannot create a network namespace here"

cases="$top_srcdir/tests/agree/nginx.cases"
holder="$top_builddir/tests/integration/pf-hold-port"
so="$top_builddir/mod_nginx/ngx_preflight_module.so"

# inner.sh DIR HOLDER HOLDER_BIN PREFLIGHT|- NGINX: in the namespace,
# prints "EXIT STARTED" (EXIT "-" when preflight was not run)
cat >"$PF_TMP/inner.sh" <<'INNER'
dir=$1; holder_spec=$2; holder_bin=$3; preflight=$4; nginx=$5
ip link set lo up
hp=
if [ "$holder_spec" != "-" ]; then
    $holder_bin $holder_spec >"$dir/holder.out" 2>&1 &
    hp=$!
    for _ in $(seq 1 100); do
        grep -q ready "$dir/holder.out" 2>/dev/null && break
        sleep 0.02
    done
fi
[ -f "$dir/setup.sh" ] && sh "$dir/setup.sh"
pf=-
if [ "$preflight" != - ]; then
    "$preflight" check --no-color --nginx "$dir/nginx.conf" >"$dir/preflight.out" 2>&1
    pf=$?
fi
rm -f "$dir/nginx.pid"
"$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' \
    >"$dir/nginx.out" 2>&1 &
ng=$!
started=no
for _ in $(seq 1 200); do
    kill -0 "$ng" 2>/dev/null || break
    if [ -s "$dir/nginx.pid" ]; then started=yes; break; fi
    sleep 0.05
done
kill -QUIT "$ng" 2>/dev/null
wait "$ng" 2>/dev/null
[ -n "$hp" ] && { kill -0 "$hp" 2>/dev/null || echo "holder $hp gone: $(cat "$dir/holder.out")" >&2; kill "$hp"; wait "$hp" 2>/dev/null; }
echo "$pf $started"
INNER

# conf DIR LISTEN MAIN: nginx.conf with one server block per "--"
conf() {
    {
        echo "$3"
        echo "user root;"
        echo "pid $1/nginx.pid;"
        echo "error_log $1/error.log;"
        echo "events { worker_connections 16; }"
        echo "http { access_log off;"
        for t in client_body proxy fastcgi uwsgi scgi; do
            echo "    ${t}_temp_path $1/$t;"
        done
        echo "    server {"
        printf '%b\n' "$2" | sed "s#\\\$D#$1#g; s#^--\$#    }\\n    server {#"
        echo "    }"
        echo "}"
    } >"$1/nginx.conf"
}

agree=0; total=0; bad=""; modules=0
while IFS='|' read -r name listen hold setup; do
    name=$(echo "$name" | tr -d ' ')
    case $name in ''|'#'*) continue ;; esac
    hold=$(echo "$hold" | sed 's/^ *//; s/ *$//')
    setup=$(echo "$setup" | sed 's/^ *//; s/ *$//')
    listen=$(echo "$listen" | sed 's/^ *//; s/ *$//')
    dir="$PF_TMP/$name"
    mkdir -p "$dir"
    conf "$dir" "$listen" ""
    rm -f "$dir/setup.sh"
    [ "$setup" = - ] || echo "$setup" | sed "s#\\\$D#$dir#g" >"$dir/setup.sh"
    set -- $(unshare -n sh "$PF_TMP/inner.sh" "$dir" "$hold" "$holder" \
        "$PREFLIGHT" "$NGX_BIN")
    pf=$1; started=$2
    total=$((total + 1))
    if { [ "$pf" = 0 ] && [ "$started" = yes ]; } \
        || { [ "$pf" = 1 ] && [ "$started" = no ]; }; then
        agree=$((agree + 1))
        echo "ok - $name: preflight exit $pf, nginx started: $started"
    else
        bad="$bad $name"
        echo "not ok - $name: preflight exit $pf, nginx started: $started"
        sed 's/^/    preflight: /' "$dir/preflight.out"
        head -5 "$dir/nginx.out" | sed 's/^/    nginx: /'
    fi
    [ -f "$so" ] || continue
    find "$dir" -name '*.sock' -exec rm -f {} +
    conf "$dir" "$listen" "load_module $so;"
    rm -f "$dir/error.log"
    set -- $(unshare -n sh "$PF_TMP/inner.sh" "$dir" "$hold" "$holder" - \
        "$NGX_BIN")
    said=no
    if cat "$dir/nginx.out" "$dir/error.log" 2>/dev/null \
        | grep -q '\[error\].*preflight: '; then
        said=yes
    fi
    modules=$((modules + 1))
    if { [ "$2" = yes ] && [ "$said" = no ]; } \
        || { [ "$2" = no ] && [ "$said" = yes ]; }; then
        echo "ok - $name with the module: conflict logged: $said, started: $2"
    else
        bad="$bad $name(module)"
        echo "not ok - $name with the module: conflict logged: $said, started: $2"
        cat "$dir/nginx.out" "$dir/error.log" 2>/dev/null | head -8 \
            | sed 's/^/    nginx: /'
    fi
    find "$dir" -name '*.sock' -exec rm -f {} +
done <"$cases"

echo "# ngx_preflight_module agreed with nginx on the sets it was loaded for: $modules"
echo "# agreement with nginx: $agree of $total listen sets"
[ "$total" -gt 0 ] || pf_fail "no case was read from $cases"
[ -z "$bad" ] || pf_fail "preflight disagrees with nginx on:$bad"
pf_pass "preflight agrees with nginx on all $total listen sets"
