#!/bin/sh
# XAMPP in a folder whose name is not ASCII, end to end under Wine: the
# shipped preflight_apache_start.bat, preflight.exe, XAMPP's real stock
# httpd.conf and extra/*.conf (tests/win/data/xampp, SOURCE.txt cites
# them) and a stand-in httpd.exe.
#   1. C:\...\José\xampp, ...\Сервер\xampp, ...\服务器\xampp: the stock
#      files with /xampp replaced by the install folder, as XAMPP's
#      installer rewrites them, written in UTF-8 as Apache reads them
#      (APR converts its paths from UTF-8 for CreateFileW); Listen 80 made
#      a port this test holds.  The launcher must name the held port from
#      the configuration, start httpd and say no warning; `check` given
#      the full path on its command line (wide argv) must print the path
#      intact.
#   2. The stock httpd.conf unchanged, ServerRoot "/xampp/apache" (no
#      drive: httpd takes it on the current drive), with XAMPP at the root
#      of a drive: read, not a configuration error.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
[ -n "${WINE:-}" ] || pf_skip "no Wine"
server="$top_builddir/tests/win/pf-fake-server.exe"
data="$top_srcdir/tests/win/data/xampp"
for f in "$server" "$PREFLIGHT"; do
    [ -f "$f" ] || pf_fail "no $f (make check builds it)"
done
pf_wine_init || pf_fail "could not create the Wine prefix"
# Wine turns its Unix arguments to UTF-16 in the Unix locale's charset
LC_ALL=C.UTF-8
export LC_ALL

# an XAMPP-shaped tree at $1: the bundle as README-windows.txt installs it
pf_xampp_tree() {
    mkdir -p "$1/apache/bin" "$1/apache/logs" "$1/preflight" "$1/htdocs"
    cp -R "$data/apache/conf" "$1/apache/"
    cp "$data/apache_start.bat" "$top_srcdir/dist/windows/preflight_apache_start.bat" "$1/"
    cp "$PREFLIGHT" "$1/preflight/preflight.exe"
    cp "$server" "$1/apache/bin/httpd.exe"
}

port=$(pf_free_port 0.0.0.0)
python3 - "$port" >"$PF_TMP/hold.out" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(); s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(1)
print("ready", flush=True); time.sleep(300)
PY
pf_track $!
for _ in $(seq 1 100); do grep -q ready "$PF_TMP/hold.out" && break; sleep 0.05; done
ssl=$(pf_free_port 0.0.0.0)

for name in José Сервер 服务器; do
    x="$PF_TMP/$name/xampp"
    pf_xampp_tree "$x"
    wx=$(printf 'Z:%s' "$x" | tr / '\\')
    ux="Z:$x"
    for f in "$x/apache/conf/httpd.conf" "$x/apache/conf/extra/"*.conf; do
        sed -i -e "s|\"/xampp|\"$ux|g" -e "s| /xampp| $ux|g" \
            -e "s|^Listen 80\$|Listen $port|" -e "s|^Listen 443\$|Listen $ssl|" "$f"
    done
    grep -q "^ServerRoot \"$ux/apache\"" "$x/apache/conf/httpd.conf" \
        || pf_fail "the test did not rewrite ServerRoot"

    rc=0
    PF_FAKE_SERVER_STATUS=0 pf_wine_run cmd /c "$wx\\preflight_apache_start.bat" \
        </dev/null >"$PF_TMP/bat.out" 2>&1 || rc=$?
    tr -d '\r' <"$PF_TMP/bat.out" >"$PF_TMP/out"
    pf_contains "$PF_TMP/out" "preflight: *:$port (from apache/conf/httpd.conf:58): cannot be bound, in use"
    pf_contains "$PF_TMP/out" "pf-fake-server: ran, exiting 0"
    pf_not_contains "$PF_TMP/out" "preflight: warning"
    pf_not_contains "$PF_TMP/out" "could not be started"
    [ "$rc" -eq 0 ] || { cat "$PF_TMP/out"; pf_fail "the launcher exited $rc"; }
    pf_pass "$name: preflight_apache_start.bat read the stock configuration, named the held port $port, started httpd"

    rc=0
    pf_wine_run "$x/preflight/preflight.exe" check --no-color \
        --apache "$wx\\apache\\conf\\httpd.conf" >"$PF_TMP/check.out" 2>&1 || rc=$?
    [ "$rc" -eq 1 ] || { cat "$PF_TMP/check.out"; pf_fail "check exited $rc, not 1 (held)"; }
    pf_contains "$PF_TMP/check.out" "(from $wx\\apache\\conf\\httpd.conf:58) in use"
    grep -F "*:$ssl (from " "$PF_TMP/check.out" | grep -qF "$name/xampp/apache/conf/extra/httpd-ssl.conf:36) free" \
        || { cat "$PF_TMP/check.out"; pf_fail "the included httpd-ssl.conf is not named intact"; }
    pf_pass "$name: check --apache with the path in argv, the path printed intact"
done

# 2. the stock files unchanged, XAMPP at the root of a drive of its own
drive=
for l in p q r s t u v w; do
    if [ ! -e "$WINEPREFIX/dosdevices/$l:" ]; then drive=$l; break; fi
done
[ -n "$drive" ] || pf_skip "no free drive letter in $WINEPREFIX"
mkdir -p "$PF_TMP/drive"
ln -s "$PF_TMP/drive" "$WINEPREFIX/dosdevices/$drive:"
undrive() { rm -f "$WINEPREFIX/dosdevices/$drive:"; }
pf_on_exit undrive
pf_xampp_tree "$PF_TMP/drive/xampp"
cmp "$PF_TMP/drive/xampp/apache/conf/httpd.conf" "$data/apache/conf/httpd.conf" \
    || pf_fail "not the stock httpd.conf"
D=$(printf '%s' "$drive" | tr a-z A-Z)
rc=0
PF_FAKE_SERVER_STATUS=0 pf_wine_run cmd /c "$D:\\xampp\\preflight_apache_start.bat" \
    </dev/null >"$PF_TMP/stock.out" 2>&1 || rc=$?
tr -d '\r' <"$PF_TMP/stock.out" >"$PF_TMP/out"
pf_contains "$PF_TMP/out" "pf-fake-server: ran, exiting 0"
pf_not_contains "$PF_TMP/out" "preflight: warning"
pf_not_contains "$PF_TMP/out" "ServerRoot"
[ "$rc" -eq 0 ] || { cat "$PF_TMP/out"; pf_fail "the launcher exited $rc"; }
rc=0
pf_wine_run cmd /c "cd /D $D:\\xampp && preflight\\preflight.exe check --no-color --apache apache\\conf\\httpd.conf" \
    </dev/null >"$PF_TMP/stock.check" 2>&1 || rc=$?
tr -d '\r' <"$PF_TMP/stock.check" >"$PF_TMP/out"
case $rc in 0|1) ;; *) cat "$PF_TMP/out"; pf_fail "check of the stock httpd.conf exited $rc" ;; esac
pf_contains "$PF_TMP/out" "*:80 (from apache\\conf\\httpd.conf:58)"
grep -F "*:443 (from " "$PF_TMP/out" | grep -qF "xampp/apache/conf/extra/httpd-ssl.conf:36)" \
    || { cat "$PF_TMP/out"; pf_fail "port 443 of extra/httpd-ssl.conf is not checked"; }
pf_pass "stock httpd.conf, ServerRoot \"/xampp/apache\" on drive $D:: read, ports 80 and 443 checked"
exit 0
