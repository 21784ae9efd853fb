#!/bin/sh
# Under Wine, preflight.exe's own gathering code reads what a real Windows
# host printed: pf-netsh.exe stands in for the prefix's system32\netsh.exe
# (WINEDLLOVERRIDES=netsh.exe=n) and prints the Service Fabric node's
# `netsh http show servicestate view=requestq` of the case corpus
# (tests/cases/win-sf-httplistener-port80/, source cited there).  HTTP.sys
# holds port 19080 (pf-http-hold.exe registers http://+:19080/x/); only the
# capture says `HTTP://+:19080/` (FabricGateway.exe's URL), so a report
# naming it proves that the capture went through the pipe, the decoding
# and the parser of the real code (also in UTF-16LE).  Then the facts
# gathered that way, replayed with --facts, must give the live check's
# text.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
helper="$top_builddir/tests/win/pf-http-hold.exe"
netsh="$top_builddir/tests/win/pf-netsh.exe"
case_dir="$top_srcdir/tests/cases/win-sf-httplistener-port80"
port=19080
[ -x "$helper" ] || pf_fail "no $helper (make check builds it)"
[ -f "$netsh" ] || pf_fail "no $netsh (make check builds it)"
[ -f "$PREFLIGHT" ] || pf_fail "no $PREFLIGHT"
python3 - "$port" <<'PY' || pf_skip "port $port is in use here: the capture's URL needs it"
import socket, sys
s = socket.socket()
s.bind(("0.0.0.0", int(sys.argv[1])))
PY
pf_wine_init || pf_fail "could not create the Wine prefix"
pf_wine_httpsys_lock || pf_fail "no turn to use HTTP.sys in $WINEPREFIX"

# The stand-in replaces Wine's placeholder while this test runs.  Without
# the override Wine keeps loading its builtin netsh, so other tests in the
# prefix are not affected; the placeholder is put back at the end.
sys32="$WINEPREFIX/drive_c/windows/system32"
cp "$sys32/netsh.exe" "$PF_TMP/netsh-wine.exe" || pf_fail "no netsh.exe in $sys32"
restore_netsh() { cp "$PF_TMP/netsh-wine.exe" "$sys32/netsh.exe"; }
pf_on_exit restore_netsh
cp "$netsh" "$sys32/netsh.exe" || pf_fail "cannot install the stand-in netsh.exe"
PF_NETSH_CAPTURES="Z:$(cd "$case_dir" && pwd | tr / '\\')"
export PF_NETSH_CAPTURES
with_capture() {
    WINEDLLOVERRIDES="$WINEDLLOVERRIDES;netsh.exe=n" pf_wine_run "$@"
}

# the stand-in itself, through Wine's loader
with_capture netsh http show servicestate view=requestq >"$PF_TMP/netsh.out" 2>&1
pf_contains "$PF_TMP/netsh.out" "HTTP://+:19080/"
pf_pass "pf-netsh.exe stands in for netsh.exe with the override"

mkfifo "$PF_TMP/hold.in"
close_helper() { exec 3>&- 2>/dev/null || true; }
pf_on_exit close_helper
start_helper() {
    pf_wine_run "$helper" "$port" 120 <"$PF_TMP/hold.in" >"$PF_TMP/hold.out" 2>&1 &
    PF_HELPER_PID=$!
    pf_track "$PF_HELPER_PID"
    exec 3>"$PF_TMP/hold.in"
    for _ in $(seq 1 900); do
        grep -q ready "$PF_TMP/hold.out" 2>/dev/null && return 0
        kill -0 "$PF_HELPER_PID" 2>/dev/null || break
        sleep 0.1
    done
    exec 3>&-
    kill "$PF_HELPER_PID" 2>/dev/null
    wait "$PF_HELPER_PID" 2>/dev/null
    return 1
}
start_helper || start_helper || { cat "$PF_TMP/hold.out"; pf_fail "pf-http-hold did not start"; }
pf_wait_listen "$port" || pf_fail "nothing listens on $port after pf-http-hold said ready"
pf_pass "HTTP.sys holds port $port"

# without the capture: Wine's own netsh, which knows no `http`
rc=0
pf_wine_run "$PREFLIGHT" check "$port" --no-color >"$PF_TMP/wine.txt" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/wine.txt"; pf_fail "check exited $rc, not 1"; }
pf_not_contains "$PF_TMP/wine.txt" "HTTP://+:19080/"

# with it: the real gathering code reads the real capture
rc=0
with_capture "$PREFLIGHT" facts "$port" >"$PF_TMP/facts.json" 2>"$PF_TMP/facts.err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/facts.json" "$PF_TMP/facts.err"; pf_fail "facts exited $rc, not 1"; }
[ "$(pf_json "$PF_TMP/facts.json" 'j["targets"][0]["facts"]["httpsys"]["queues_known"]')" = yes ] \
    || { cat "$PF_TMP/facts.json"; pf_fail "netsh's answer was not read"; }
urls=$(pf_json "$PF_TMP/facts.json" '" ".join(u for q in j["targets"][0]["facts"]["httpsys"]["queues"] for u in q["urls"])')
[ "$urls" = "HTTP://+:19080/" ] || { cat "$PF_TMP/facts.json"; pf_fail "queue URLs '$urls', expected the capture's HTTP://+:19080/"; }
pf_pass "preflight.exe facts: the capture's queue on port $port (HTTP://+:19080/)"

rc=0
with_capture "$PREFLIGHT" check "$port" --no-color >"$PF_TMP/live.txt" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/live.txt"; pf_fail "check exited $rc, not 1"; }
grep -qiE "http\.sys" "$PF_TMP/live.txt" || { cat "$PF_TMP/live.txt"; pf_fail "the report does not name HTTP.sys"; }
pf_contains "$PF_TMP/live.txt" "HTTP://+:19080/"
pf_pass "preflight.exe check names the capture's URL"

# the same capture as UTF-16LE with a BOM (netsh under a Unicode console,
# or saved by PowerShell's '>'): the gathering code decodes it before the
# OEM code page, and finds the same queue
mkdir -p "$PF_TMP/utf16"
python3 - "$case_dir/servicestate.txt" "$PF_TMP/utf16/servicestate.txt" <<'PY'
import sys
text = open(sys.argv[1], "rb").read().decode("ascii")
open(sys.argv[2], "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
PY
rc=0
PF_NETSH_CAPTURES="Z:$(cd "$PF_TMP/utf16" && pwd | tr / '\\')" \
    with_capture "$PREFLIGHT" facts "$port" >"$PF_TMP/facts16.json" 2>"$PF_TMP/facts16.err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/facts16.json" "$PF_TMP/facts16.err"; pf_fail "facts (UTF-16 capture) exited $rc, not 1"; }
urls=$(pf_json "$PF_TMP/facts16.json" '" ".join(u for q in j["targets"][0]["facts"]["httpsys"]["queues"] for u in q["urls"])')
[ "$urls" = "HTTP://+:19080/" ] || { cat "$PF_TMP/facts16.json"; pf_fail "UTF-16 capture: queue URLs '$urls'"; }
pf_pass "the capture in UTF-16LE gives the same queue"

# what was gathered, replayed, says what the live check said
cp "$PF_TMP/facts.json" "$PF_TMP/gathered.json"
rc=0
(cd "$PF_TMP" && pf_wine_run "$PREFLIGHT" check --facts gathered.json --no-color) \
    >"$PF_TMP/replay.txt" 2>&1 || rc=$?
if grep -q "without json-c" "$PF_TMP/replay.txt"; then
    echo "SKIP: the replay: this preflight.exe was built without json-c"
    exit 0
fi
[ "$rc" -eq 1 ] || { cat "$PF_TMP/replay.txt"; pf_fail "check --facts exited $rc, not 1"; }
tr -d '\r' <"$PF_TMP/live.txt" >"$PF_TMP/live.lf"
tr -d '\r' <"$PF_TMP/replay.txt" >"$PF_TMP/replay.lf"
diff -u "$PF_TMP/live.lf" "$PF_TMP/replay.lf" || pf_fail "the replay differs from the live check"
pf_pass "check --facts of the gathered facts gives the live check's text"
exit 0
