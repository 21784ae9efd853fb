#!/bin/sh
# preflight fix / undo end to end under Wine, against the real service
# control manager.  A test service of our own (pf-http-service.exe, a real
# service main) holds a port; the fix stops it and sets its start type to
# disabled, journalled; the port comes free; `preflight.exe undo --apply`
# restores the start type and starts it again; the port is held again; a
# second undo has nothing to do.
#
# What Wine cannot show: every listener in GetExtendedTcpTable is owned by
# PID 0, the HTTP.sys request queues are unreadable and
# EnumDependentServicesW is a stub, so no rule can name the service
# behind the port.  When the real `preflight.exe fix` offers no step for
# our service (Wine today), the apply half runs through pf-remedy-apply.exe,
# which gives the plan the facts Windows would (the service's PID from the
# SCM) and runs the same plan, safety checks, executor and journal; the
# undo half is always the real `preflight.exe undo`.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
pf_wine_httpsys_lock || pf_fail "no turn to use HTTP.sys in $WINEPREFIX"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
svc_exe="$top_builddir/tests/win/pf-http-service.exe"
apply_exe="$top_builddir/tests/win/pf-remedy-apply.exe"
for f in "$svc_exe" "$apply_exe" "$PREFLIGHT"; do
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

w sc create "$name" binPath= "$winexe $port tcp" start= demand >"$PF_TMP/sc.out" 2>&1 \
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

# --- fix: the real command when it can name the service ---------------------
rc=0
w "$PREFLIGHT" fix "$port" --json >"$PF_TMP/plan.json" 2>"$PF_TMP/plan.err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/plan.json" "$PF_TMP/plan.err"; pf_fail "fix (dry run) exited $rc, not 1"; }
named=$(pf_json "$PF_TMP/plan.json" \
    "any(s['subject']=='$name' and s['action']=='disable-service' for s in j['steps'])" 2>/dev/null)
if [ "$named" = True ]; then
    rc=0
    w "$PREFLIGHT" fix "$port" --remedy disable-service --apply --yes \
        >"$PF_TMP/apply.out" 2>&1 || rc=$?
    how="preflight.exe fix --apply --yes"
else
    echo "# Wine names no owner for port $port (PID 0): applying through pf-remedy-apply.exe"
    [ "$(query)" = "state=running start=demand" ] \
        || pf_fail "the dry run changed $name"
    rc=0
    w "$apply_exe" "$name" "$port" disable-service >"$PF_TMP/apply.out" 2>&1 || rc=$?
    how="the remedy core (pf-remedy-apply.exe)"
fi
[ "$rc" -eq 0 ] || { cat "$PF_TMP/apply.out"; pf_fail "$how exited $rc"; }
pf_contains "$PF_TMP/apply.out" "done: sc stop $name"
pf_contains "$PF_TMP/apply.out" "done: sc config $name start= disabled"
wait_state "state=stopped start=disabled" || pf_fail "$name is not stopped and disabled"
wait_free || pf_fail "port $port is still held after the fix"
pf_pass "$how stopped $name, start type disabled, port $port free"

# --- undo: always the real command -----------------------------------------
rc=0
w "$PREFLIGHT" undo >"$PF_TMP/undo-plan.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/undo-plan.out"; pf_fail "undo (dry run) exited $rc"; }
pf_contains "$PF_TMP/undo-plan.out" "sc config $name start= demand"
pf_contains "$PF_TMP/undo-plan.out" "start service $name"
[ "$(query)" = "state=stopped start=disabled" ] || pf_fail "undo without --apply changed $name"
pf_pass "undo without --apply shows what it would restore"

rc=0
w "$PREFLIGHT" undo --apply >"$PF_TMP/undo.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/undo.out"; pf_fail "undo --apply exited $rc"; }
wait_state "state=running start=demand" || pf_fail "$name was not restored"
pf_wait_listen "$port" || pf_fail "port $port is not held again after undo"
pf_contains "$PF_TMP/undo.out" "journal was archived"
pf_pass "preflight.exe undo --apply restored the start type and started $name"

w "$PREFLIGHT" undo --apply >"$PF_TMP/undo2.out" 2>&1 || pf_fail "second undo failed"
pf_contains "$PF_TMP/undo2.out" "Nothing to undo"
pf_pass "a second undo has nothing to undo"
