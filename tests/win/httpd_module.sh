#!/bin/sh
# End to end under Wine, inside a real httpd.exe (Apache httpd 2.4 for
# Windows, cross-built by tools/build-httpd-mingw.sh; HTTPD_WIN names it):
# mod_preflight.so loaded by a XAMPP-like httpd.conf.
#  1. a free port: httpd.exe starts and serves, preflight says nothing, in
#     the parent or in mpm_winnt's child (which reads the configuration
#     again and takes the parent's listeners);
#  2. a graceful restart (the parent's ap<PID>_restart event, as
#     mpm_winnt's child and service use it): a new child, nothing said;
#     with LogLevel preflight:debug, the child's probe finds the port its
#     parent holds and the child says only that its parent binds;
#  3. the port held through the HTTP Server API (pf-http-hold.exe
#     registers http://+:PORT/x/): httpd.exe stops, and before AH00072 the
#     module says HTTP.sys holds the port and names the process that
#     registered the URL (its Windows PID);
#  4. the same, with PreflightOnConflict fail: httpd.exe stops before it
#     binds, the refusal (naming HTTP.sys) is preflight's last word and
#     only httpd's AH00014 follows; no AH00072.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
[ -n "${HTTPD_WIN:-}" ] && [ -f "$HTTPD_WIN/root/bin/httpd.exe" ] \
    || pf_skip "no httpd for Windows (configure --with-httpd-win=DIR)"
module="$top_builddir/mod_apache/mod_preflight.so"
hold="$top_builddir/tests/win/pf-http-hold.exe"
signal="$top_builddir/tests/win/pf-ap-signal.exe"
for f in "$module" "$hold" "$signal"; do
    [ -f "$f" ] || pf_fail "no $f (make check builds it)"
done
pf_wine_init || pf_fail "could not create the Wine prefix"
# both the server's listeners and the helper's use the prefix's network
pf_wine_httpsys_lock || pf_fail "no turn to use HTTP.sys in $WINEPREFIX"

# Wine under load is slow to start a process: generous waits (seconds)
wait_s=${PF_WIN_HTTPD_WAIT:-300}

root="$PF_TMP/apache"
mkdir -p "$root"
cp -R "$HTTPD_WIN/root/." "$root/"
cp "$module" "$root/modules/mod_preflight.so"
mkdir -p "$root/htdocs" "$root/logs"
echo "preflight-h19-$$" >"$root/htdocs/index.html"
# Wine's Z: drive is the Unix root
winroot="Z:$root"

# XAMPP's httpd.conf in small: SRVROOT, relative module and log paths,
# mpm_winnt's defaults; the LoadModule line the zip's README gives;
# $2: a directive of preflight's
write_conf() {
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

httpd_pid=""
stop_httpd() {
    [ -n "$httpd_pid" ] || return 0
    pid=$(tr -dc 0-9 <"$root/logs/httpd.pid" 2>/dev/null)
    [ -n "$pid" ] && pf_wine_run "$signal" "$pid" shutdown >/dev/null 2>&1
    for _ in $(seq 1 300); do
        kill -0 "$httpd_pid" 2>/dev/null || break
        sleep 0.1
    done
}
pf_on_exit stop_httpd

# the module is there: httpd.exe -M lists it
port=$(pf_free_port 127.0.0.1)
write_conf "127.0.0.1:$port"
pf_wine_run "$root/bin/httpd.exe" -d "$winroot" -M >"$PF_TMP/m.out" 2>&1 \
    || { cat "$PF_TMP/m.out"; pf_fail "httpd.exe -M failed"; }
pf_contains "$PF_TMP/m.out" "preflight_module (shared)"
pf_pass "httpd.exe loads mod_preflight.so"

# 1. a free port
pf_wine_run "$root/bin/httpd.exe" -d "$winroot" >"$PF_TMP/run.out" 2>&1 &
httpd_pid=$!
pf_track "$httpd_pid"
up=""
for _ in $(seq 1 "$wait_s"); do
    if curl -s -m 2 "http://127.0.0.1:$port/" 2>/dev/null | grep -q "preflight-h19-$$"; then
        up=yes; break
    fi
    kill -0 "$httpd_pid" 2>/dev/null || break
    sleep 1
done
[ -n "$up" ] || { cat "$PF_TMP/run.out" "$root/logs/error.log"; pf_fail "httpd.exe did not serve on $port"; }
pf_pass "httpd.exe serves on 127.0.0.1:$port"
# the child has started its workers: it read the configuration too
for _ in $(seq 1 "$wait_s"); do
    grep -q AH00354 "$root/logs/error.log" 2>/dev/null && break
    sleep 1
done
pf_contains "$root/logs/error.log" "AH00354"
pf_not_contains "$PF_TMP/run.out" "PF0"
pf_not_contains "$PF_TMP/run.out" "[preflight:"
pf_not_contains "$root/logs/error.log" "PF0"
pf_not_contains "$root/logs/error.log" "[preflight:"
pf_pass "a free port: preflight says nothing (parent and child)"

# 2. graceful restart
pid=$(tr -dc 0-9 <"$root/logs/httpd.pid")
[ -n "$pid" ] || pf_fail "no pid in logs/httpd.pid"
pf_wine_run "$signal" "$pid" restart || pf_fail "could not signal httpd (Windows pid $pid) to restart"
n=0
for _ in $(seq 1 "$wait_s"); do
    n=$(grep -c AH00354 "$root/logs/error.log")
    [ "$n" -ge 2 ] && break
    kill -0 "$httpd_pid" 2>/dev/null || break
    sleep 1
done
[ "$n" -ge 2 ] || { cat "$PF_TMP/run.out" "$root/logs/error.log"; pf_fail "no new child after the restart"; }
pf_contains "$root/logs/error.log" "AH00424"
curl -s -m 5 "http://127.0.0.1:$port/" | grep -q "preflight-h19-$$" \
    || pf_fail "httpd.exe does not serve after the restart"
pf_not_contains "$PF_TMP/run.out" "PF0"
pf_not_contains "$root/logs/error.log" "PF0"
pf_not_contains "$root/logs/error.log" "[preflight:"
pf_pass "graceful restart: a new child, preflight says nothing"
stop_httpd
kill -0 "$httpd_pid" 2>/dev/null && pf_fail "httpd.exe did not shut down"
httpd_pid=""

# 2b. mpm_winnt's child reads the configuration again before it takes the
# parent's sockets: its probe finds the port its parent holds (WSAEADDRINUSE,
# as on Windows: httpd sets SO_REUSEADDR only after bind, and the probe
# binds without it).  With LogLevel preflight:debug the child says why it
# stays quiet: its parent (AP_PARENT_PID) binds; nothing is explained.
write_conf "127.0.0.1:$port" "LogLevel preflight:debug"
rm -f "$root/logs/error.log" "$root/logs/httpd.pid"
pf_wine_run "$root/bin/httpd.exe" -d "$winroot" >"$PF_TMP/child.out" 2>&1 &
httpd_pid=$!
pf_track "$httpd_pid"
for _ in $(seq 1 "$wait_s"); do
    grep -q AH00354 "$root/logs/error.log" 2>/dev/null && break
    kill -0 "$httpd_pid" 2>/dev/null || break
    sleep 1
done
pf_contains "$root/logs/error.log" "AH00354"
parent=$(sed -n 's/.*\[pid \([0-9]*\):tid [0-9]*\] AH00418: Parent: Created child process.*/\1/p' \
         "$root/logs/error.log" | head -1)
[ -n "$parent" ] || { cat "$root/logs/error.log"; pf_fail "no AH00418 (the parent's pid)"; }
# the child's start-up lines go to the error log (its stderr); the
# parent's to the console
pf_contains "$root/logs/error.log" "PF00007: preflight: not checking: httpd (pid $parent) is running"
tr -d '\r' <"$PF_TMP/child.out" >"$PF_TMP/child.txt"
for f in "$PF_TMP/child.txt" "$root/logs/error.log"; do
    for m in PF00001 PF00002 PF00003 PF00004; do
        pf_not_contains "$f" "$m:"
    done
done
curl -s -m 5 "http://127.0.0.1:$port/" | grep -q "preflight-h19-$$" \
    || pf_fail "httpd.exe does not serve (preflight:debug)"
pf_pass "the child's probe finds its parent's port held and stays quiet (parent pid $parent)"
stop_httpd
kill -0 "$httpd_pid" 2>/dev/null && pf_fail "httpd.exe did not shut down"
httpd_pid=""

# 3. the port held through HTTP.sys
port=$(pf_free_port 0.0.0.0)
mkfifo "$PF_TMP/hold.in"
close_helper() { exec 3>&- 2>/dev/null || true; }
pf_on_exit close_helper
start_helper() {
    pf_wine_run "$hold" "$port" 600 <"$PF_TMP/hold.in" >"$PF_TMP/hold.out" 2>&1 &
    helper=$!
    pf_track "$helper"
    exec 3>"$PF_TMP/hold.in"
    for _ in $(seq 1 1800); do
        grep -q ready "$PF_TMP/hold.out" 2>/dev/null && return 0
        kill -0 "$helper" 2>/dev/null || break
        sleep 0.1
    done
    exec 3>&-
    kill "$helper" 2>/dev/null
    wait "$helper" 2>/dev/null
    return 1
}
start_helper || start_helper || { cat "$PF_TMP/hold.out"; pf_fail "pf-http-hold did not start"; }
pf_wait_listen "$port" || pf_fail "nothing listens on $port after pf-http-hold said ready"
holder=$(sed -n 's/^ready pid \([0-9]*\).*/\1/p' "$PF_TMP/hold.out" | tr -d '\r' | tail -1)
[ -n "$holder" ] || { cat "$PF_TMP/hold.out"; pf_fail "pf-http-hold gave no pid"; }
pf_pass "HTTP.sys holds port $port for pf-http-hold.exe (Windows pid $holder)"

# a start on the held port; its console (CRs gone) in $PF_TMP/$1.txt
held_start() {
    rm -f "$root/logs/error.log" "$root/logs/httpd.pid"
    rc=0
    if command -v timeout >/dev/null 2>&1; then
        timeout "$wait_s" "$WINE" "$root/bin/httpd.exe" -d "$winroot" \
            >"$PF_TMP/$1.out" 2>&1 8>&- 9>&- || rc=$?
    else
        pf_wine_run "$root/bin/httpd.exe" -d "$winroot" >"$PF_TMP/$1.out" 2>&1 || rc=$?
    fi
    tr -d '\r' <"$PF_TMP/$1.out" >"$PF_TMP/$1.txt"
    cat "$PF_TMP/$1.txt"
    [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] \
        || pf_fail "httpd.exe on a port HTTP.sys holds exited $rc"
}

write_conf "$port" "PreflightOnConflict warn"
held_start held
pf_contains "$PF_TMP/held.txt" "AH00072"
pf_not_contains "$PF_TMP/held.txt" "PF00002:"
grep -n . "$PF_TMP/held.txt" >"$PF_TMP/held.num"
first_pf=$(grep -m1 'PF0' "$PF_TMP/held.num" | cut -d: -f1)
sys=$(grep -m1 -i 'HTTP\.sys' "$PF_TMP/held.num" | cut -d: -f1)
who=$(grep -m1 "PID $holder\b" "$PF_TMP/held.num" | cut -d: -f1)
bind=$(grep -m1 'AH00072' "$PF_TMP/held.num" | cut -d: -f1)
[ -n "$first_pf" ] || pf_fail "preflight said nothing"
[ -n "$sys" ] || pf_fail "preflight did not name HTTP.sys"
[ -n "$who" ] || pf_fail "preflight did not name the process that registered the URL (PID $holder)"
[ "$sys" -lt "$bind" ] && [ "$who" -lt "$bind" ] \
    || pf_fail "preflight's explanation comes after AH00072"
pf_pass "held, warn: HTTP.sys and PID $holder named before httpd's own AH00072"

# 4. PreflightOnConflict fail: no bind at all, the refusal last
write_conf "$port" "PreflightOnConflict fail"
held_start fail
pf_contains "$PF_TMP/fail.txt" "PF00001: "
pf_contains "$PF_TMP/fail.txt" "PF00002: preflight: not starting: 0.0.0.0:$port cannot be bound"
pf_not_contains "$PF_TMP/fail.txt" "AH00072"
grep "PF00001:" "$PF_TMP/fail.txt" | grep -q "PID $holder\b" \
    || pf_fail "the explanation does not name PID $holder"
grep "PF00002:" "$PF_TMP/fail.txt" | grep -qi "HTTP\.sys" \
    || pf_fail "the refusal does not name HTTP.sys"
last=$(grep -v "AH00014" "$PF_TMP/fail.txt" | grep . | tail -1)
case "$last" in
    *"PF00002: preflight: not starting:"*) ;;
    *) pf_fail "the last words are not the refusal: $last" ;;
esac
pf_pass "held, fail: httpd.exe stops before binding, the refusal (HTTP.sys) last"
exit 0
