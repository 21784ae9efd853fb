#!/bin/sh
# End to end under Wine: WSAEACCES with nobody listening, and netsh (a
# stand-in that prints real captures, tests/unit/data/netsh/SOURCES-
# ranges.md) reporting the excluded ranges of cloud-barista/
# cb-coffeehouse#81 (Korean, cp949) and the dynamic port range of
# microsoft/WSL#40984 (starting at 1024).  preflight.exe must read both
# through its Windows code (pf_win_netsh.c), ask the real SCM whether
# WinNAT is installed (it is not, in Wine), and say: port inside a range
# the system took, move the dynamic range back, no WinNAT commands.  A
# port only in the administered range 50000-50059 '*' is no such cause.
#
# Wine binds in wineserver, so the test runs its own wineserver, in a
# network namespace of its own where unprivileged ports start at 60000
# and without CAP_NET_BIND_SERVICE: bind() of 13600 then fails with
# EACCES, which Wine turns into WSAEACCES, as an excluded range does.
# The prefix is a copy (hard links, registry files copied) of the build's.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
[ "$(id -u)" = 0 ] || pf_skip "needs root for a network namespace"
command -v setpriv >/dev/null 2>&1 || pf_skip "no setpriv"
unshare -n true 2>/dev/null || pf_skip "no network namespace (unshare -n)"
fake="$top_builddir/tests/win/pf-netsh.exe"
[ -f "$fake" ] || pf_fail "no $fake (make check builds it)"
[ -f "$PREFLIGHT" ] || pf_fail "no $PREFLIGHT"
pf_wine_init || pf_fail "could not create the Wine prefix"

prefix="$PF_TMP/prefix"
cp -al "$WINEPREFIX" "$prefix" || pf_skip "cannot copy the prefix"
# what Wine may rewrite in place is copied, not linked
rm -f "$prefix"/*.reg "$prefix"/.pf-*lock "$prefix"/drive_c/windows/*.ini
cp "$WINEPREFIX"/*.reg "$prefix/"
cp "$WINEPREFIX"/drive_c/windows/*.ini "$prefix/drive_c/windows/" 2>/dev/null
sys32="$prefix/drive_c/windows/system32"
rm -f "$sys32/netsh.exe"
cp "$fake" "$sys32/netsh.exe"
stop_server() { WINEPREFIX="$prefix" pf_wineserver -k >/dev/null 2>&1 || true; }
pf_on_exit stop_server

data="$top_srcdir/tests/unit/data/netsh"
mkdir "$PF_TMP/netsh"
cp "$data/excluded_ko_cp949.txt" "$PF_TMP/netsh/excludedportrange-ipv4.txt"
cp "$data/dynamicport_en_1024.txt" "$PF_TMP/netsh/dynamicport-ipv4.txt"

# check PORT OUT: preflight.exe check PORT --json in the namespace, with
# the copied prefix and the stand-in netsh
check() {
    env WINEPREFIX="$prefix" PF_NETSH_CAPTURES="$PF_TMP/netsh" \
        WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d;netsh.exe=n" \
        unshare -n sh -c '
        ip link set lo up 2>/dev/null
        sysctl -qw net.ipv4.ip_local_port_range="61000 65000" &&
        sysctl -qw net.ipv4.ip_unprivileged_port_start=60000 || exit 77
        exec setpriv --bounding-set -net_bind_service "$2" "$3" check "$1" \
            --json
    ' sh "$1" "$WINE" "$PREFLIGHT" >"$2" 2>"$2.err"
}

rc=0
check 13600 "$PF_TMP/13600.json" || rc=$?
[ "$rc" -eq 77 ] && pf_skip "cannot set the namespace's port sysctls"
[ "$rc" -eq 1 ] || { cat "$PF_TMP/13600.json" "$PF_TMP/13600.json.err"; pf_fail "check 13600 exited $rc, not 1"; }
j="$PF_TMP/13600.json"
[ "$(pf_json "$j" 'j["targets"][0]["error"]')" = WSAEACCES ] \
    || { cat "$j"; pf_fail "the bind did not fail with WSAEACCES"; }
pf_pass "bind of 13600 fails with WSAEACCES, nobody listens"
f='[f for f in j["targets"][0]["findings"] if f["cause"] == "excluded-range"][0]'
pf_json "$j" "$f[\"summary\"]" >"$PF_TMP/summary" || { cat "$j"; pf_fail "no excluded-range finding"; }
pf_contains "$PF_TMP/summary" "port 13600 is inside the excluded port range 13543-13642" \
    || { cat "$j"; pf_fail "the summary does not name the range 13543-13642"; }
[ "$(pf_json "$j" "$f[\"confidence\"]")" = sure ] || { cat "$j"; pf_fail "not sure"; }
pf_pass "summary: $(cat "$PF_TMP/summary")"
pf_json "$j" "\"\\n\".join(c for r in $f[\"remedies\"] for c in r[\"commands\"])" >"$PF_TMP/commands"
pf_json "$j" "\"\\n\".join($f[\"evidence\"])" >"$PF_TMP/evidence"
pf_contains "$PF_TMP/commands" "netsh int ipv4 set dynamic tcp start=49152 num=16384" \
    && pf_contains "$PF_TMP/commands" "netsh int ipv6 set dynamic tcp start=49152 num=16384" \
    || { cat "$j"; pf_fail "no dynamic-range fix"; }
pf_contains "$PF_TMP/evidence" "the TCP dynamic port range is 1024-15000" \
    || { cat "$j"; pf_fail "the dynamic range is not in the evidence"; }
pf_pass "the dynamic range 1024-15000 is named, with its fix"
pf_not_contains "$PF_TMP/commands" "winnat" || { cat "$j"; pf_fail "WinNAT commands without WinNAT"; }
pf_contains "$PF_TMP/evidence" "the WinNAT service is not installed" \
    || { cat "$j"; pf_fail "WinNAT's absence is not said"; }
pf_pass "no WinNAT commands: the SCM says WinNAT is not installed"

rc=0
check 50010 "$PF_TMP/50010.json" || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/50010.json" "$PF_TMP/50010.json.err"; pf_fail "check 50010 exited $rc, not 1"; }
causes=$(pf_json "$PF_TMP/50010.json" '" ".join(f["cause"] for f in j["targets"][0]["findings"])')
case " $causes " in
    *" excluded-range "*) cat "$PF_TMP/50010.json"; pf_fail "an administered range was called the cause" ;;
    *) pf_pass "50010, only in the administered range 50000-50059 *: not blamed ($causes)" ;;
esac
