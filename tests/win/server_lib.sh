# A real web server under Wine, for the tests that run httpd.exe or
# nginx.exe with preflight inside (httpd_module.sh, httpd_service.sh,
# nginx_module.sh).  Sourced after tests/integration/lib.sh and
# tests/win/wine-env.sh; WINEPREFIX may be set before.
#
#   pf_win_server_init httpd|nginx FILE...
#       skips without Wine or without the server (HTTPD_WIN, the cache of
#       tools/build-httpd-mingw.sh; NGINX_WIN, tools/build-nginx-mingw.sh's
#       nginx.exe), fails without a FILE of this build, creates the
#       prefix, takes its HTTP.sys turn; sets wait_s
#   pf_win_httpd_root MARKER, pf_win_nginx_root MARKER
#       a server tree of the test's own in $root (Windows path $winroot),
#       its index page MARKER
#   pf_win_httpd_conf LISTEN [DIRECTIVE]
#       a XAMPP-like httpd.conf in $root, mod_preflight loaded
#   pf_win_nginx_conf LISTEN
#       the nginx.conf of nginx's Windows zip layout in $root
#   pf_win_until PID CMD...
#       CMD until it succeeds, every second, at most wait_s seconds, while
#       PID (empty: any) lives; its status
#   pf_win_serves PORT [PID]
#       pf_win_until PID: the server answers MARKER on 127.0.0.1:PORT
#   pf_win_hold PORT SECONDS
#       pf-http-hold.exe registers http://+:PORT/x/ through the HTTP
#       Server API until SECONDS pass or fd 3 (its stdin) closes; sets
#       helper (its Unix PID, tracked) and holder (its Windows PID).
#       pf_win_hold_err: a file for its stderr (default: with stdout in
#       $PF_TMP/hold.out); pf_win_hold_debug: its WINEDEBUG
#   pf_win_held_start NAME PROGRAM [ARG...]
#       PROGRAM under Wine on a held port: its console in $PF_TMP/NAME.out,
#       without CRs in $PF_TMP/NAME.txt (printed); fails unless it exited
#       with an error of its own
#   pf_win_line FILE [GREP-OPTION...] PATTERN
#       the number of FILE's first line that matches PATTERN (grep -a), or
#       nothing

pf_win_server_init() {
    [ -n "${WINE:-}" ] || pf_skip "no Wine"
    case "$1" in
        httpd)
            [ -n "${HTTPD_WIN:-}" ] && [ -f "$HTTPD_WIN/root/bin/httpd.exe" ] \
                || pf_skip "no httpd for Windows (configure --with-httpd-win=DIR)" ;;
        nginx)
            [ -n "${NGINX_WIN:-}" ] && [ -f "$NGINX_WIN/nginx.exe" ] \
                || pf_skip "no nginx for Windows (NGINX_WIN=the directory of nginx.exe from tools/build-nginx-mingw.sh)" ;;
    esac
    shift
    for f in "$@"; do
        [ -f "$f" ] || pf_fail "no $f (make check builds it)"
    done
    pf_wine_init || pf_fail "could not create the Wine prefix $WINEPREFIX"
    # the servers' listeners and the helper's share the prefix's network
    pf_wine_httpsys_lock || pf_fail "no turn to use HTTP.sys in $WINEPREFIX"
    # Wine under load is slow to start a process: generous waits (seconds)
    wait_s=${PF_WIN_HTTPD_WAIT:-300}
}

pf_win_httpd_root() {
    root="$PF_TMP/apache"
    mkdir -p "$root"
    cp -R "$HTTPD_WIN/root/." "$root/"
    cp "$top_builddir/mod_apache/mod_preflight.so" "$root/modules/mod_preflight.so"
    mkdir -p "$root/htdocs" "$root/logs"
    pf_win_marker=$1
    echo "$1" >"$root/htdocs/index.html"
    # Wine's Z: drive is the Unix root
    winroot="Z:$root"
}

pf_win_nginx_root() {
    root="$PF_TMP/nginx"
    mkdir -p "$root/conf" "$root/logs" "$root/temp" "$root/html"
    cp "$NGINX_WIN/nginx.exe" "$root/nginx.exe"
    pf_win_marker=$1
    echo "$1" >"$root/html/index.html"
    winroot="Z:$root/"
}

# XAMPP's httpd.conf in small: SRVROOT, relative module and log paths,
# mpm_winnt's defaults; the LoadModule line the zip's README gives
pf_win_httpd_conf() {
    cat >"$root/conf/httpd.conf" <<EOF
Define SRVROOT "$winroot"
ServerRoot "\${SRVROOT}"
Listen $1
LoadModule access_compat_module modules/mod_access_compat.so
LoadModule alias_module modules/mod_alias.so
LoadModule authn_core_module modules/mod_authn_core.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule authz_host_module modules/mod_authz_host.so
LoadModule dir_module modules/mod_dir.so
LoadModule log_config_module modules/mod_log_config.so
LoadModule mime_module modules/mod_mime.so
LoadModule preflight_module modules/mod_preflight.so
ServerName localhost
ServerAdmin postmaster@localhost
DocumentRoot "\${SRVROOT}/htdocs"
<Directory />
    AllowOverride none
    Require all denied
</Directory>
<Directory "\${SRVROOT}/htdocs">
    Options Indexes FollowSymLinks Includes ExecCGI
    AllowOverride All
    Require all granted
</Directory>
DirectoryIndex index.html
ErrorLog "logs/error.log"
LogLevel warn
LogFormat "%h %l %u %t \"%r\" %>s %b" common
CustomLog "logs/access.log" common
TypesConfig conf/mime.types
PidFile "logs/httpd.pid"
${2:-}
EOF
}

# the layout of nginx's Windows zip: nginx.exe, conf\, logs\, temp\, html\
pf_win_nginx_conf() {
    cat >"$root/conf/nginx.conf" <<EOF
worker_processes 1;
error_log logs/error.log warn;
pid logs/nginx.pid;
events { worker_connections 64; }
http {
    server {
        listen $1;
        root html;
    }
}
EOF
}

pf_win_until() {
    pf_win_until_pid=$1
    shift
    for _ in $(seq 1 "$wait_s"); do
        "$@" && return 0
        if [ -n "$pf_win_until_pid" ]; then
            kill -0 "$pf_win_until_pid" 2>/dev/null || return 1
        fi
        sleep 1
    done
    return 1
}

pf_win_serve_once() {
    curl -s -m 2 "http://127.0.0.1:$1/" 2>/dev/null | grep -q "$pf_win_marker"
}
pf_win_serves() { pf_win_until "${2:-}" pf_win_serve_once "$1"; }

pf_win_hold_close() { exec 3>&- 2>/dev/null || true; }

pf_win_hold_try() {
    if [ -n "${pf_win_hold_err:-}" ]; then
        WINEDEBUG=${pf_win_hold_debug:-$WINEDEBUG} "$WINE" \
            "$top_builddir/tests/win/pf-http-hold.exe" "$1" "$2" \
            <"$PF_TMP/hold.in" >"$PF_TMP/hold.out" 2>"$pf_win_hold_err" 8>&- 9>&- &
    else
        WINEDEBUG=${pf_win_hold_debug:-$WINEDEBUG} "$WINE" \
            "$top_builddir/tests/win/pf-http-hold.exe" "$1" "$2" \
            <"$PF_TMP/hold.in" >"$PF_TMP/hold.out" 2>&1 8>&- 9>&- &
    fi
    helper=$!
    pf_track "$helper"
    exec 3>"$PF_TMP/hold.in"
    if pf_win_until "$helper" grep -q ready "$PF_TMP/hold.out"; then
        return 0
    fi
    exec 3>&-
    kill "$helper" 2>/dev/null
    wait "$helper" 2>/dev/null
    return 1
}

pf_win_hold() {
    [ -p "$PF_TMP/hold.in" ] || mkfifo "$PF_TMP/hold.in"
    pf_on_exit pf_win_hold_close
    # Wine under load sometimes loses the helper's first start
    pf_win_hold_try "$1" "$2" || pf_win_hold_try "$1" "$2" \
        || { cat "$PF_TMP/hold.out" ${pf_win_hold_err:+"$pf_win_hold_err"}; \
             pf_fail "pf-http-hold did not start"; }
    holder=$(sed -n 's/^ready pid \([0-9]*\).*/\1/p' "$PF_TMP/hold.out" | tr -d '\r' | tail -1)
    [ -n "$holder" ] || { cat "$PF_TMP/hold.out"; pf_fail "pf-http-hold gave no pid"; }
    pf_wait_listen "$1" || pf_fail "nothing listens on $1 after pf-http-hold said ready"
}

pf_win_held_start() {
    pf_win_held=$1
    shift
    rc=0
    if command -v timeout >/dev/null 2>&1; then
        timeout "$wait_s" "$WINE" "$@" >"$PF_TMP/$pf_win_held.out" 2>&1 8>&- 9>&- || rc=$?
    else
        pf_wine_run "$@" >"$PF_TMP/$pf_win_held.out" 2>&1 || rc=$?
    fi
    tr -d '\r' <"$PF_TMP/$pf_win_held.out" >"$PF_TMP/$pf_win_held.txt"
    cat "$PF_TMP/$pf_win_held.txt"
    [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] \
        || pf_fail "$(basename "$1") on a port HTTP.sys holds exited $rc"
}

pf_win_line() {
    pf_win_line_file=$1
    shift
    grep -a -n -m1 "$@" "$pf_win_line_file" | cut -d: -f1
}
