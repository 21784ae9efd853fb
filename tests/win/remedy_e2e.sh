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
pf_wine_httpsys_lock || pf_fail "no turn to use HTTP.sys in $WINEPREFIX"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
svc_exe="$top_builddir/tests/win/pf-http-service.exe"
for f in "$svc_exe" "$PREFLIGHT"; do
    [ -f "$f" ] || pf_fail "no $f (make check builds it)"
done
pf_wine_init || pf_fail "could not create the Wine prefix"

w() { timeout 120 "$WINE" "$@"; }
# services live as long as the wineserver: keep one Wine process running
mkfifo "$PF_TMP/keep.in"
"$WINE" cmd /c pause <"$PF_TMP/keep.in" >/dev/null 2>&1 &
pf_track $!
exec 4>"$PF_TMP/keep.in"

name="PfRemedyTest$$"
port=$(pf_free_port 0.0.0.0)
PREFLIGHT_STATE_DIR=$(w winepath -w "$PF_TMP/state" | tr -d '\r')
export PREFLIGHT_STATE_DIR
winexe=$(w winepath -w "$svc_exe" | tr -d '\r')

# the HTTP driver of a new prefix starts on demand; a service's
# HttpCreateHttpHandle fails (error 6) until it runs
w sc start http >/dev/null 2>&1 || true
w sc create "$name" binPath= "$winexe $port" start= demand >"$PF_TMP/sc.out" 2>&1 \
    || { cat "$PF_TMP/sc.out"; pf_fail "sc create $name"; }
remove_service() {
    w sc stop "$name" >/dev/null 2>&1
    w sc delete "$name" >/dev/null 2>&1
    exec 4>&-
}
pf_on_exit remove_service

query() { w "$svc_exe" query "$name" | tr -d '\r'; }
wait_state() {
    for _ in $(seq 1 50); do
        [ "$(query)" = "$1" ] && return 0
        sleep 0.2
    done
    query
    return 1
}
listening() { ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; }
wait_free() {
    for _ in $(seq 1 50); do listening || return 0; sleep 0.2; done
    return 1
}

w sc start "$name" >/dev/null 2>&1
wait_state "state=running start=demand" || pf_fail "$name did not start"
pf_wait_listen "$port" || pf_fail "$name does not hold port $port"
pf_pass "test service $name holds port $port"

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
