#!/bin/sh
# End to end under Wine: HTTP.sys holds a port (pf-http-hold.exe registers
# http://+:PORT/x/ as IIS would); `preflight.exe check PORT --json` must
# say the port cannot be bound and that HTTP.sys holds it (cause
# "httpsys", kernel-mode listener); once the helper exits, the same check
# says free and exits 0.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
helper="$top_builddir/tests/win/pf-http-hold.exe"
[ -x "$helper" ] || pf_fail "no $helper (make check builds it)"
[ -f "$PREFLIGHT" ] || pf_fail "no $PREFLIGHT"
pf_wine_init || pf_fail "could not create the Wine prefix"
pf_wine_httpsys_lock || pf_fail "no turn to use HTTP.sys in $WINEPREFIX"

port=$(pf_free_port 0.0.0.0)
mkfifo "$PF_TMP/hold.in"

close_helper() { exec 3>&- 2>/dev/null || true; }
pf_on_exit close_helper

# Starts the helper, holding the port until fd 3 closes; 0 when ready.
start_helper() {
    pf_wine_run "$helper" "$port" 120 <"$PF_TMP/hold.in" >"$PF_TMP/hold.out" 2>&1 &
    PF_HELPER_PID=$!
    pf_track "$PF_HELPER_PID"
    exec 3>"$PF_TMP/hold.in"
    # it retries for a while itself when Wine's services are still starting
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

# The very first HTTP Server API call in a new prefix can fail (1053)
start_helper || start_helper || { cat "$PF_TMP/hold.out"; pf_fail "pf-http-hold did not start"; }
# Wine's HTTP service opens the socket a moment after HttpAddUrl returns
pf_wait_listen "$port" || pf_fail "nothing listens on $port after pf-http-hold said ready"
pf_pass "HTTP.sys holds port $port"

rc=0
pf_wine_run "$PREFLIGHT" check "$port" --json >"$PF_TMP/held.json" 2>"$PF_TMP/held.err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/held.json" "$PF_TMP/held.err"; pf_fail "check of a held port exited $rc, not 1"; }
status=$(pf_json "$PF_TMP/held.json" 'j["targets"][0]["status"]')
case "$status" in
    in-use|denied) pf_pass "status $status" ;;
    *) cat "$PF_TMP/held.json"; pf_fail "status '$status', expected in-use or denied" ;;
esac
causes=$(pf_json "$PF_TMP/held.json" '" ".join(f["cause"] for t in j["targets"] for f in t["findings"])')
case " $causes " in
    *" httpsys "*) pf_pass "finding: HTTP.sys ($causes)" ;;
    *) cat "$PF_TMP/held.json"; pf_fail "no httpsys finding (causes: '$causes')" ;;
esac
pf_json "$PF_TMP/held.json" '[e for t in j["targets"] for f in t["findings"] for e in f["evidence"]]' \
    >"$PF_TMP/evidence.txt"
echo "evidence: $(cat "$PF_TMP/evidence.txt")"
# the program behind it, by its Windows PID: netsh on Windows, the system
# handle table under Wine (whose netsh has no http context)
holder=$(sed -n 's/^ready pid \([0-9]*\).*/\1/p' "$PF_TMP/hold.out" | tr -d '\r' | tail -1)
summary=$(pf_json "$PF_TMP/held.json" \
    '[f["summary"] for f in j["targets"][0]["findings"] if f["cause"] == "httpsys"][0]')
case "$summary" in
    *"for PID $holder"*) pf_pass "the finding names pf-http-hold.exe, PID $holder" ;;
    *) cat "$PF_TMP/held.json"; pf_fail "the finding does not name PID $holder: $summary" ;;
esac

# the text report names HTTP.sys too
rc=0
pf_wine_run "$PREFLIGHT" check "$port" --no-color >"$PF_TMP/held.txt" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/held.txt"; pf_fail "text check exited $rc"; }
grep -qiE 'http\.sys|httpsys' "$PF_TMP/held.txt" \
    || { cat "$PF_TMP/held.txt"; pf_fail "the text report does not name HTTP.sys"; }
pf_pass "text report names HTTP.sys"

# the helper exits: the port comes free
exec 3>&-
for _ in $(seq 1 100); do
    kill -0 "$PF_HELPER_PID" 2>/dev/null || break
    sleep 0.1
done
rc=1
for _ in 1 2 3 4 5 6 7 8 9 10; do
    rc=0
    pf_wine_run "$PREFLIGHT" check "$port" --json >"$PF_TMP/free.json" 2>&1 || rc=$?
    [ "$rc" -eq 0 ] && break
    sleep 0.5
done
[ "$rc" -eq 0 ] || { cat "$PF_TMP/free.json"; pf_fail "after the helper exited the check exited $rc"; }
status=$(pf_json "$PF_TMP/free.json" 'j["targets"][0]["status"]')
[ "$status" = free ] || pf_fail "status '$status' after the helper exited"
pf_pass "port $port free again"
exit 0
