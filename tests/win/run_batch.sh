#!/bin/sh
# preflight.exe run from a cmd.exe batch file, under Wine, with the port
# held through the HTTP Server API: the findings name HTTP.sys, then the
# wrapped program runs and its exit status comes back through %ERRORLEVEL%;
# with --on-conflict fail the program does not run and ERRORLEVEL is 1.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
pf_wine_httpsys_lock || pf_fail "no turn to use HTTP.sys in $WINEPREFIX"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
helper="$top_builddir/tests/win/pf-http-hold.exe"
server="$top_builddir/tests/win/pf-fake-server.exe"
for f in "$helper" "$server" "$PREFLIGHT"; do
    [ -f "$f" ] || pf_fail "no $f (make check builds it)"
done
pf_wine_init || pf_fail "could not create the Wine prefix"

winpath() { printf 'Z:%s' "$1" | tr / '\\'; }

port=$(pf_free_port 0.0.0.0)
mkfifo "$PF_TMP/hold.in"
close_helper() { exec 3>&- 2>/dev/null || true; }
pf_on_exit close_helper
start_helper() {
    pf_wine_run "$helper" "$port" 120 <"$PF_TMP/hold.in" >"$PF_TMP/hold.out" 2>&1 &
    pf_track $!
    exec 3>"$PF_TMP/hold.in"
    for _ in $(seq 1 200); do
        grep -q ready "$PF_TMP/hold.out" 2>/dev/null && return 0
        sleep 0.1
    done
    exec 3>&-
    return 1
}
start_helper || start_helper || { cat "$PF_TMP/hold.out"; pf_fail "pf-http-hold did not start"; }
pf_wait_listen "$port" || pf_fail "HTTP.sys does not listen on $port"

# A launcher in the manner of apache_start.bat
printf '%s\r\n' \
    '@echo off' \
    "\"$(winpath "$PREFLIGHT")\" run --no-color %~1 $port -- \"$(winpath "$server")\" $port" \
    'echo launcher: errorlevel=%ERRORLEVEL%' \
    'exit /b %ERRORLEVEL%' >"$PF_TMP/start.bat"

rc=0
pf_wine_run cmd /c "$(winpath "$PF_TMP/start.bat")" >"$PF_TMP/warn.out" 2>&1 || rc=$?
grep -qiE 'http\.sys|httpsys' "$PF_TMP/warn.out" \
    || { cat "$PF_TMP/warn.out"; pf_fail "the findings do not name HTTP.sys"; }
pf_contains "$PF_TMP/warn.out" "pf-fake-server: could not bind"
pf_contains "$PF_TMP/warn.out" "launcher: errorlevel=5"
[ "$rc" -eq 5 ] || { cat "$PF_TMP/warn.out"; pf_fail "cmd /c exited $rc, not the program's 5"; }
pf_pass "batch launcher: HTTP.sys named, then the program's status 5 in ERRORLEVEL"

rc=0
pf_wine_run cmd /c "$(winpath "$PF_TMP/start.bat")" "--on-conflict fail" >"$PF_TMP/fail.out" 2>&1 || rc=$?
pf_not_contains "$PF_TMP/fail.out" "pf-fake-server:"
pf_contains "$PF_TMP/fail.out" "launcher: errorlevel=1"
[ "$rc" -eq 1 ] || { cat "$PF_TMP/fail.out"; pf_fail "cmd /c exited $rc in fail mode, not 1"; }
pf_pass "--on-conflict fail: the program was not started, ERRORLEVEL 1"
exit 0
