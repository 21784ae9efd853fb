#!/bin/sh
# The SCM under Wine: a service already stopping.  A test service
# (pf-http-service.exe PORT tcp slow) holds PORT with its own socket and
# takes 6 s to stop, as WAS draining its pools does: STOP_PENDING with a
# rising checkpoint and a wait hint, the port still held.  Someone has
# just asked it to stop (`sc stop`); `preflight.exe fix PORT --apply
# --yes` then asks again, which the SCM refuses with
# ERROR_SERVICE_CANNOT_ACCEPT_CTRL (1061).  preflight must wait for the
# service to reach STOPPED, following its checkpoints, and succeed; the
# port comes free.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"

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

name="PfScmTest$$"
port=$(pf_free_port 0.0.0.0)
PREFLIGHT_STATE_DIR=$(w winepath -w "$PF_TMP/state" | tr -d '\r')
export PREFLIGHT_STATE_DIR
winexe=$(w winepath -w "$svc_exe" | tr -d '\r')
w sc create "$name" binPath= "$winexe $port tcp slow" start= demand \
    >"$PF_TMP/sc.out" 2>&1 || { cat "$PF_TMP/sc.out"; pf_fail "sc create $name"; }
remove_service() {
    w sc stop "$name" >/dev/null 2>&1
    sleep 7
    w sc delete "$name" >/dev/null 2>&1
    exec 4>&-
}
pf_on_exit remove_service

query() { w "$svc_exe" query "$name" | tr -d '\r'; }
wait_state() {
    for _ in $(seq 1 60); do
        [ "$(query)" = "$1" ] && return 0
        sleep 0.2
    done
    query
    return 1
}
listening() { ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; }

w sc start "$name" >/dev/null 2>&1
wait_state "state=running start=demand" || pf_fail "$name did not start"
pf_wait_listen "$port" || pf_fail "$name does not hold port $port"
pf_pass "test service $name holds port $port"

w sc stop "$name" >/dev/null 2>&1
[ "$(query)" = "state=pending start=demand" ] || pf_fail "$name is not stopping"
listening || pf_fail "$name let go of port $port at once"
rc=0
w "$PREFLIGHT" fix "$port" --apply --yes >"$PF_TMP/apply.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/apply.out"; pf_fail "fix --apply --yes exited $rc on a service already stopping"; }
pf_not_contains "$PF_TMP/apply.out" "1061"
pf_contains "$PF_TMP/apply.out" "done: sc stop $name"
[ "$(query)" = "state=stopped start=demand" ] || { cat "$PF_TMP/apply.out"; pf_fail "fix returned before $name stopped"; }
listening && pf_fail "port $port is still held after the fix"
pf_pass "a service already stopping (1061) was waited for: $name stopped, port $port free"
