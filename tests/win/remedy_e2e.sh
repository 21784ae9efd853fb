#!/bin/sh
# preflight fix / undo end to end under Wine, against the real service
# control manager and HTTP.sys.  A test service of our own
# (pf-http-service.exe, a real service main) registers http://+:PORT/x/
# with the HTTP Server API, as IIS or SSRS would, so HTTP.sys holds the
# port.  `preflight.exe fix PORT --apply --yes` must find the service by
# itself (under Wine through the system handle table: the socket is in
# Wine's http.sys host, the request queue in the service's process) and
# stop it; the port comes free; `preflight.exe undo --apply` starts it
# again.  Then the same with --remedy disable-service, whose undo also
# restores the start type; a second undo has nothing to do.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
. "$top_srcdir/tests/win/service_lib.sh"
pf_wine_httpsys_lock || pf_fail "no turn to use HTTP.sys in $WINEPREFIX"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
name="PfRemedyTest$$"
pf_win_service --http "$name"
wait_free() {
    for _ in $(seq 1 50); do listening || return 0; sleep 0.2; done
    return 1
}

# --- the dry run names the service, and changes nothing -------------------
rc=0
w "$PREFLIGHT" fix "$port" --json >"$PF_TMP/plan.json" 2>"$PF_TMP/plan.err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/plan.json" "$PF_TMP/plan.err"; pf_fail "fix (dry run) exited $rc, not 1"; }
named=$(pf_json "$PF_TMP/plan.json" \
    "any(s['subject']=='$name' and s['action']=='stop-service' for s in j['steps'])")
[ "$named" = True ] || { cat "$PF_TMP/plan.json"; w "$PREFLIGHT" explain "$port" -v; \
    pf_fail "the plan does not stop $name"; }
[ "$(query)" = "state=running start=demand" ] || pf_fail "the dry run changed $name"
pf_pass "fix $port (dry run) plans to stop $name, found through HTTP.sys"

# --- fix --apply --yes: stops it; undo --apply starts it again -------------
rc=0
w "$PREFLIGHT" fix "$port" --apply --yes >"$PF_TMP/apply.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/apply.out"; pf_fail "fix --apply --yes exited $rc"; }
pf_contains "$PF_TMP/apply.out" "done: sc stop $name"
pf_contains "$PF_TMP/apply.out" "start type kept"
wait_state "state=stopped start=demand" || pf_fail "$name is not stopped"
wait_free || pf_fail "port $port is still held after the fix"
pf_pass "preflight.exe fix $port --apply --yes stopped $name, port $port free"

rc=0
w "$PREFLIGHT" undo --apply --yes >"$PF_TMP/undo0.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/undo0.out"; pf_fail "undo --apply exited $rc"; }
wait_state "state=running start=demand" || pf_fail "$name was not started again"
pf_wait_listen "$port" || pf_fail "port $port is not held again after undo"
pf_pass "preflight.exe undo --apply started $name again"

# --- --remedy disable-service: the start type is changed and restored ------
rc=0
w "$PREFLIGHT" fix "$port" --remedy disable-service --apply --yes \
    >"$PF_TMP/apply.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/apply.out"; pf_fail "fix --remedy disable-service exited $rc"; }
pf_contains "$PF_TMP/apply.out" "done: sc stop $name"
pf_contains "$PF_TMP/apply.out" "done: sc config $name start= disabled"
wait_state "state=stopped start=disabled" || pf_fail "$name is not stopped and disabled"
wait_free || pf_fail "port $port is still held after the fix"
pf_pass "fix --remedy disable-service stopped $name, start type disabled, port $port free"

# --- undo: the start type back, the service running ----------------------
rc=0
w "$PREFLIGHT" undo >"$PF_TMP/undo-plan.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/undo-plan.out"; pf_fail "undo (dry run) exited $rc"; }
pf_contains "$PF_TMP/undo-plan.out" "sc config $name start= demand"
pf_contains "$PF_TMP/undo-plan.out" "start service $name"
[ "$(query)" = "state=stopped start=disabled" ] || pf_fail "undo without --apply changed $name"
pf_pass "undo without --apply shows what it would restore"

rc=0
w "$PREFLIGHT" undo --apply --yes >"$PF_TMP/undo.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/undo.out"; pf_fail "undo --apply exited $rc"; }
wait_state "state=running start=demand" || pf_fail "$name was not restored"
pf_wait_listen "$port" || pf_fail "port $port is not held again after undo"
pf_contains "$PF_TMP/undo.out" "journal was archived"
pf_pass "preflight.exe undo --apply restored the start type and started $name"

w "$PREFLIGHT" undo --apply >"$PF_TMP/undo2.out" 2>&1 || pf_fail "second undo failed"
pf_contains "$PF_TMP/undo2.out" "Nothing to undo"
pf_pass "a second undo has nothing to undo"
