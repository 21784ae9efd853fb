#!/bin/sh
# The shipped dist/windows/preflight_apache_start.bat in an XAMPP-shaped tree, under
# Wine (issue 18 point 3, issue 17 point 5): with an httpd.conf preflight
# cannot read, preflight says so in one line and Apache (a stand-in
# httpd.exe) starts; its exit status 255, which XAMPP's own launchers take
# as a normal end (apache\scripts\ctl.bat: "if errorlevel 255 goto
# finish"), is not reported as a failure and comes back unchanged.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
server="$top_builddir/tests/win/pf-fake-server.exe"
for f in "$server" "$PREFLIGHT"; do
    [ -f "$f" ] || pf_fail "no $f (make check builds it)"
done
pf_wine_init || pf_fail "could not create the Wine prefix"
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }

x="$PF_TMP/xampp"
mkdir -p "$x/preflight" "$x/apache/bin" "$x/apache/conf"
cp "$top_srcdir/dist/windows/preflight_apache_start.bat" "$x/"
cp "$PREFLIGHT" "$x/preflight/preflight.exe"
cp "$server" "$x/apache/bin/httpd.exe"
# hand-written: a section that is never closed, which httpd refuses too
printf 'ServerRoot "%s"\r\nListen 80\r\n<IfModule ssl_module>\r\nListen 443\r\n' \
    "$(winpath "$x/apache")" >"$x/apache/conf/httpd.conf"

for status in 255 0; do
    rc=0
    PF_FAKE_SERVER_STATUS=$status pf_wine_run cmd /c "$(winpath "$x/preflight_apache_start.bat")" \
        </dev/null >"$PF_TMP/out.$status" 2>&1 || rc=$?
    tr -d '\r' <"$PF_TMP/out.$status" >"$PF_TMP/out"
    pf_contains "$PF_TMP/out" "pf-fake-server: ran, exiting $status"
    pf_contains "$PF_TMP/out" "preflight: warning: "
    pf_contains "$PF_TMP/out" "httpd.conf"
    [ "$(grep -c '^preflight:' "$PF_TMP/out")" -eq 1 ] \
        || { cat "$PF_TMP/out"; pf_fail "more than one line from preflight"; }
    pf_not_contains "$PF_TMP/out" "could not be started"
    [ "$rc" -eq "$status" ] || { cat "$PF_TMP/out"; pf_fail "preflight_apache_start.bat exited $rc, not httpd's $status"; }
    pf_pass "preflight_apache_start.bat, an unreadable httpd.conf, httpd exits $status: started, no failure reported"
done
